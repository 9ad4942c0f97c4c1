/* test_emu_start.c — cunzhan-emu as a technician starts it.
 *
 * Where no window can be shown (no X or Wayland display, or SDL's offscreen
 * driver) it prints one line saying to use --headless or a display and exits
 * 2, instead of running unseen; with --headless the same start-up draws its
 * first screen.
 *
 * On its defaults (no --idcard, no $CZ_IDCARD_SAMPLES) its card reader plays
 * the assets' fictional cards: 模拟刷证 on the pension enrolment's card page
 * fills the form, which opens on 姓名 (it said 读卡器没有连接 and stayed on
 * the card page). --idcard naming a missing file still has no reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "check.h"
#include "fixtures.h"
#include "launch.h"

static char errp[1100], shot[1100];

/* Runs the emulator under env (a prefix of VAR=value words for env -u/-i) with
 * args; returns its exit code, stderr in errp. */
static int emu(const char *env, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "env %s %s'%s' --data '%s' --config /dev/null %s 2>'%s' >/dev/null",
             env, CZ_LAUNCH_SH, CZ_EMU_EXE, check_tmpdir("data"), args, errp);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* One line on stderr naming --headless. */
static void check_hint(void)
{
    char *t = fx_slurp(errp, NULL);
    REQUIRE(t != NULL);
    CHECK(strstr(t, "--headless") != NULL);
    CHECK(strstr(t, "no display") != NULL);
    CHECK(strchr(t, '\n') == t + strlen(t) - 1); /* exactly one line */
    free(t);
}

static void test_no_display(void)
{
    CHECK_EQ_INT(emu("-u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER", ""), 2);
    check_hint();
    /* a display set but SDL told to draw nowhere (as the tests' environment) */
    CHECK_EQ_INT(emu("DISPLAY=:0 SDL_VIDEODRIVER=offscreen", ""), 2);
    check_hint();
}

static void test_headless(void)
{
    char args[1200];
    snprintf(args, sizeof args, "--shot '%s'", shot);
    CHECK_EQ_INT(emu("-u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER", args), 0);
    size_t n = 0;
    void *png = fx_slurp(shot, &n);
    CHECK(png && n > 1000);
    free(png);
}

/* The pension enrolment's card page, 模拟刷证, and the form it opens on
 * (expect-target: the script fails where the page stays); run with the
 * environment's sample cards unset. */
static int swipe(const char *args)
{
    char script[1100], all[3000];
    snprintf(script, sizeof script, "%s/swipe.txt", check_tmpdir(NULL));
    FILE *f = fopen(script, "w");
    if (!f)
        return -1;
    fputs("tap @tile.pension\n"
          "expect-screen menu\n"
          "tap @menu.list.0\n"
          "tap @card.sim\n"
          "wait 300\n"
          "expect-target @form.next\n",
          f);
    fclose(f);
    snprintf(all, sizeof all, "--headless --assets '%s' --clock 2026-12-05T09:30 --script '%s' %s",
             CZ_ASSETS_DIR, script, args);
    return emu("-u CZ_IDCARD_SAMPLES SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy", all);
}

static void test_sample_cards(void)
{
    CHECK_EQ_INT(swipe(""), 0);
    char args[1200];
    snprintf(args, sizeof args, "--idcard '%s/none.txt'", check_tmpdir(NULL));
    CHECK(swipe(args) != 0); /* no reader: the card page stays */
    char *t = fx_slurp(errp, NULL);
    CHECK(t && strstr(t, "form.next") != NULL); /* the script says what it missed */
    free(t);
}

int main(void)
{
    snprintf(errp, sizeof errp, "%s/stderr", check_tmpdir(NULL));
    snprintf(shot, sizeof shot, "%s/home.png", check_tmpdir(NULL));
    RUN(test_no_display);
    RUN(test_headless);
    RUN(test_sample_cards);
    return check_summary();
}
