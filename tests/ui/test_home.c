/* test_home.c — the home screen at every supported size and in elderly mode:
 * matches its reference image, draws every character, every string exists,
 * targets are large enough, and scripted taps work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui/core/script.h"
#include "core/strings.h"
#include "uitest.h"
#include "ui/core/session.h"

static const struct {
    int w, h, elderly;
    const char *ref;
} SIZES[] = {
    {1080, 1920, 0, "ui/ref/home-1080x1920.png"},
    {1920, 1080, 0, "ui/ref/home-1920x1080.png"},
    {1280, 800, 0, "ui/ref/home-1280x800.png"},
    {1080, 1920, 1, "ui/ref/home-1080x1920-elderly.png"},
};

static void check_targets(void *ud, const char *id, const SDL_Rect *r)
{
    const ui_theme *t = ud;
    int min = ui_theme_mm(t, 15.0);
    if (r->w < min || r->h < min) {
        printf("  target %s is %dx%d, smaller than 15 mm (%d px)\n", id, r->w, r->h, min);
        CHECK(0);
    }
    /* inside the canvas: nothing cut off */
    CHECK(r->x >= 0 && r->y >= 0 && r->x + r->w <= t->w && r->y + r->h <= t->h);
}

static void test_home_sizes(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
        uitest_app u;
        REQUIRE(uitest_open(&u, SIZES[i].w, SIZES[i].h) == 0);
        ui_app_set_elderly(u.app, SIZES[i].elderly);
        text_reset_missing(ui_app_text(u.app));
        CHECK_EQ_INT(uitest_compare(&u, SIZES[i].ref), 0);
        CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
        CHECK_EQ_INT(core_strings_missing(), 0);
        /* every tile, the agent entry and the elderly switch are on screen and big enough */
        const char *ids[] = {"tile.pension", "tile.medical", "tile.dibao", "tile.elderly",
                             "tile.disability", "tile.query", "tile.agent", "home.elderly"};
        for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
            int x, y;
            CHECK_EQ_INT(ui_app_find_target(u.app, ids[k], &x, &y), 0);
        }
        ui_app_each_target(u.app, check_targets, (void *)ui_app_theme(u.app));
        /* the header band carries text (station name), not just colour */
        CHECK(uitest_ink(&u, 20, 20, SIZES[i].w / 2, 80) > 0.02);
        uitest_close(&u);
    }
}

static void test_home_script(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    char err[512] = "";
    CHECK_EQ_INT(ui_script_run(u.app, "expect-screen home\ntap @home.elderly\n", "s", NULL, err,
                               sizeof err), 0);
    CHECK_EQ_INT(ui_app_elderly(u.app), 1);
    CHECK_EQ_INT(ui_script_run(u.app, "tap @home.elderly\npending 3\nwait 61000\n", "s", NULL,
                               err, sizeof err), 0);
    CHECK_EQ_INT(ui_app_elderly(u.app), 0);
    CHECK_EQ_INT(ui_app_pending(u.app), 3);
    /* a drag that starts on a tile and leaves it is not a tap */
    int x, y;
    REQUIRE(ui_app_find_target(u.app, "home.elderly", &x, &y) == 0);
    char drag[128];
    snprintf(drag, sizeof drag, "drag %d %d %d %d 200\n", x, y, x - 300, y + 400);
    CHECK_EQ_INT(ui_script_run(u.app, drag, "s", NULL, err, sizeof err), 0);
    CHECK_EQ_INT(ui_app_elderly(u.app), 0);
    /* malformed scripts name the line and the problem */
    static const struct { const char *text, *want; } bad[] = {
        {"tap 10\n", "s:1: expected 'X Y' or '@id', got '10'"},
        {"\nfly away\n", "s:2: unknown command 'fly'"},
        {"tap @no.such\n", "s:1: no target 'no.such' on screen"},
        {"wait -5\n", "s:1: expected 'wait MS'"},
        {"key hyper\n", "s:1: unknown key 'hyper'"},
        {"expect-screen form\n", "s:1: expected screen 'form', found 'home'"},
        {"drag 1 2 3\n", "s:1: expected 'drag X0 Y0 X1 Y1 [MS]'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK_EQ_INT(ui_script_run(u.app, bad[i].text, "s", NULL, err, sizeof err), -1);
        CHECK_EQ_STR(err, bad[i].want);
    }
    uitest_close(&u);
}

/* A screen that records the keys it is given and uses all but Escape. */
static int keys_seen[8];
static int key_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    (void)s;
    (void)a;
    if (ev->type != PLAT_EV_KEY)
        return 0;
    if (ev->key < 8)
        keys_seen[ev->key]++;
    return ev->key != PLAT_KEY_ESCAPE;
}
static void key_draw(ui_screen *s, ui_app *a) { (void)s; (void)a; }
static void key_destroy(ui_screen *s) { free(s); }
static const ui_screen_ops KEY_OPS = {"keys", key_draw, NULL, key_event, NULL, key_destroy};

static void test_keys_reach_screen(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    ui_screen *k = calloc(1, sizeof *k);
    k->ops = &KEY_OPS;
    ui_app_push(u.app, k);
    char err[256];
    CHECK_EQ_INT(ui_script_run(u.app, "key enter\nkey backspace\nexpect-screen keys\nkey escape\n"
                               "expect-screen home\n", "s", NULL, err, sizeof err), 0);
    CHECK_EQ_INT(keys_seen[PLAT_KEY_ENTER], 1);
    CHECK_EQ_INT(keys_seen[PLAT_KEY_BACKSPACE], 1);
    CHECK_EQ_INT(keys_seen[PLAT_KEY_ESCAPE], 1);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_keys_reach_screen);
    RUN(test_home_sizes);
    RUN(test_home_script);
    return check_summary();
}
