/* test_panel_journey.c — the kiosk's drawing path without a GPU driver
 * (screen.output = kms: the canvas copied into a scanned-out dumb buffer,
 * only the changed rectangles) shows exactly what the screens drew.
 *
 * The emulator runs the same path on a panel in memory laid out as a dumb
 * buffer (screen.output = mem:WxH). A villager's steps through the real
 * screens — home, the pension menu, the ID-card page, the form, its errors,
 * large text — are presented frame by frame, partially; at the end the panel
 * is saved (--panel-shot). The same steps are run again and the canvas is
 * saved drawn from scratch. Every panel pixel must be the canvas pixel the
 * rotation puts there: a rectangle presented stale, missed or misplaced fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "check.h"
#include "uitest.h"
#include "fixtures.h"
#include "launch.h"

/* The network and the upload engine held still: both runs must draw the same. */
static const char STEPS[] = "net down\n"
                            "tap @tile.pension\n"
                            "expect-screen menu\n"
                            "tap @menu.list.0\n"
                            "wait 300\n"
                            "tap @card.manual\n"
                            "expect-target @f.name\n"
                            "tap @f.name\n"
                            "wait 300\n"
                            "tap @form.next\n"
                            "wait 300\n"
                            "elderly on\n"
                            "wait 300\n";

/* Runs the emulator on a fresh data folder with the script; 0 on success. */
static int emu(const char *tag, const char *script_text, const char *args)
{
    char dir[1100], script[1200], data[1200], cmd[6000];
    snprintf(dir, sizeof dir, "%s/%s", check_tmpdir("panel"), tag);
    snprintf(script, sizeof script, "%s.txt", dir);
    snprintf(data, sizeof data, "%s-data", dir);
    if (fx_write(script, script_text, strlen(script_text)) != 0)
        return -1;
    snprintf(cmd, sizeof cmd,
             "env SDL_VIDEODRIVER=offscreen %s'%s' --assets '%s' --data '%s' --config /dev/null "
             "--clock 2026-11-22T09:30 --set sync.enabled=0 --script '%s' --out '%s' %s",
             CZ_LAUNCH_SH, CZ_EMU_EXE, check_asset(""), data, script, check_tmpdir("panel"), args);
    int st = system(cmd);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The steps shown on a pw x ph panel turned by rotation; the panel must be
 * the canvas turned (the panel's size is the canvas's, turned: one to one). */
static void one(int rotation, int pw, int ph)
{
    char args[1500], tag[64], panel[1200], canvas[1200], shot_steps[sizeof STEPS + 80];
    snprintf(tag, sizeof tag, "panel-%d", rotation);
    snprintf(panel, sizeof panel, "%s/%s.png", check_tmpdir("panel"), tag);
    snprintf(args, sizeof args,
             "--set screen.output=mem:%dx%d --set screen.rotation=%d --panel-shot '%s'", pw, ph,
             rotation, panel);
    REQUIRE(emu(tag, STEPS, args) == 0);
    snprintf(tag, sizeof tag, "canvas-%d", rotation);
    snprintf(shot_steps, sizeof shot_steps, "%sshot %s.png\n", STEPS, tag);
    snprintf(canvas, sizeof canvas, "%s/%s.png", check_tmpdir("panel"), tag);
    REQUIRE(emu(tag, shot_steps, "") == 0);

    uint8_t *p = NULL, *c = NULL;
    int w1, h1, w2, h2;
    char err[256];
    REQUIRE(uitest_png_read(panel, &p, &w1, &h1, err, sizeof err) == 0);
    REQUIRE(uitest_png_read(canvas, &c, &w2, &h2, err, sizeof err) == 0);
    CHECK(w1 == pw && h1 == ph);
    int turned = rotation == 90 || rotation == 270;
    REQUIRE(w2 == (turned ? ph : pw) && h2 == (turned ? pw : ph));
    long bad = 0, first_u = -1, first_v = -1;
    for (int v = 0; v < ph; v++)
        for (int u = 0; u < pw; u++) {
            int x, y;
            switch (rotation) { /* the canvas pixel shown at panel (u, v) */
            case 90: x = v; y = h2 - 1 - u; break;
            case 180: x = w2 - 1 - u; y = h2 - 1 - v; break;
            case 270: x = w2 - 1 - v; y = u; break;
            default: x = u; y = v; break;
            }
            const uint8_t *a = p + ((size_t)v * (size_t)pw + (size_t)u) * 4;
            const uint8_t *b = c + ((size_t)y * (size_t)w2 + (size_t)x) * 4;
            if (a[0] != b[0] || a[1] != b[1] || a[2] != b[2]) {
                if (!bad++) {
                    first_u = u;
                    first_v = v;
                }
            }
        }
    if (bad)
        printf("  rotation %d: %ld panel pixels differ from the canvas, first at (%ld,%ld)\n",
               rotation, bad, first_u, first_v);
    CHECK(bad == 0);
    /* and it is a real frame: a form page has ink, not a blank panel */
    long ink = 0;
    for (size_t i = 0; i < (size_t)pw * (size_t)ph; i++)
        ink += p[i * 4] < 128;
    CHECK(ink > (long)pw * ph / 100);
    free(p);
    free(c);
}

static void test_portrait_canvas_on_landscape_panel(void) { one(90, 1920, 1080); }
static void test_upside_down(void) { one(180, 1080, 1920); }
static void test_straight(void) { one(0, 1080, 1920); }

int main(void)
{
    RUN(test_portrait_canvas_on_landscape_panel);
    RUN(test_upside_down);
    RUN(test_straight);
    return check_summary();
}
