/* test_gallery.c — every page of the widget gallery at 1080x1920, normal and
 * elderly mode: matches its reference image, draws every character, every
 * string exists, every touch target is at least 15 mm and inside the canvas,
 * elderly mode makes targets and text larger; a toast coming and going
 * draws its own box alone; and the time to render each page (ms per frame,
 * printed). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "fixtures.h"
#include "plat_display.h"
#include "ui/screens/gallery/demo_gallery.h"
#include "ui/core/script.h"
#include "core/strings.h"
#include "uitest.h"
#include "ui/core/session.h"

typedef struct {
    int n;
    long area;
} tsum;

static void sum_target(void *ud, const char *id, const SDL_Rect *r)
{
    tsum *s = ud;
    if (strstr(id, "scrim"))
        return;
    s->n++;
    s->area += (long)r->w * r->h;
}

/* Scripts that put each page in a state worth seeing. */
static const char *prep(const char *page)
{
    if (!strcmp(page, "buttons"))
        return "tap @demo.toast\n";
    if (!strcmp(page, "list"))
        return "tap @demo.list.1\n";
    if (!strcmp(page, "multi"))
        return "tap @demo.list.2\n";
    if (!strcmp(page, "date"))
        return "tap @demo.date.m.down\ntap @demo.date.d.down\n";
    if (!strcmp(page, "kb-digits"))
        return "tap @kb.k.1\ntap @kb.k.3\ntap @kb.k.8\n";
    if (!strcmp(page, "kb-money"))
        return "tap @kb.k.2\ntap @kb.k.0\ntap @kb.k.0\ntap @kb.k.dot\ntap @kb.k.5\n";
    if (!strcmp(page, "kb-id"))
        return "tap @kb.k.4\ntap @kb.k.2\ntap @kb.k.0\n";
    if (!strcmp(page, "kb-alnum"))
        return "tap @kb.k.C\ntap @kb.k.Z\ntap @kb.k.2\ntap @kb.k.-\n";
    return "";
}

static void test_pages(void)
{
    for (int el = 0; el <= 1; el++) {
        uitest_app u;
        REQUIRE(uitest_open(&u, 1080, 1920) == 0);
        ui_app_set_elderly(u.app, el);
        for (int i = 0; ui_demo_page_at(i); i++) {
            const char *page = ui_demo_page_at(i);
            char script[512], err[512] = "", ref[128];
            snprintf(script, sizeof script, "demo %s\n%s", page, prep(page));
            text_reset_missing(ui_app_text(u.app));
            if (ui_script_run(u.app, script, page, NULL, err, sizeof err) != 0) {
                printf("  %s\n", err);
                CHECK(0);
                continue;
            }
            snprintf(ref, sizeof ref, "widgets/ref/%s-1080x1920%s.png", page, el ? "-elderly" : "");
            CHECK_EQ_INT(uitest_compare(&u, ref), 0);
            CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
            CHECK_EQ_INT(core_strings_missing(), 0);
            uitest_check_targets(&u);
            ui_app_go_home(u.app);
        }
        uitest_close(&u);
    }
}

/* Some pages on the landscape panel too (1920x1080). */
static void test_landscape(void)
{
    static const char *PAGES[] = {"list", "date", "dialog", "kb-id", "kb-pinyin", "kb-hand"};
    uitest_app u;
    REQUIRE(uitest_open(&u, 1920, 1080) == 0);
    for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++) {
        char script[256], err[256] = "", ref[128];
        snprintf(script, sizeof script, "demo %s\n%s", PAGES[i], prep(PAGES[i]));
        text_reset_missing(ui_app_text(u.app));
        REQUIRE(ui_script_run(u.app, script, PAGES[i], NULL, err, sizeof err) == 0);
        snprintf(ref, sizeof ref, "widgets/ref/%s-1920x1080.png", PAGES[i]);
        CHECK_EQ_INT(uitest_compare(&u, ref), 0);
        CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
        uitest_check_targets(&u);
        ui_app_go_home(u.app);
    }
    uitest_close(&u);
}

/* Elderly mode: the same page has fewer or equal, larger targets and larger text. */
static void test_elderly_larger(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    char err[256];
    tsum s[2];
    int body[2];
    for (int el = 0; el <= 1; el++) {
        ui_app_set_elderly(u.app, el);
        REQUIRE(ui_script_run(u.app, "demo kb-digits\n", "s", NULL, err, sizeof err) == 0);
        memset(&s[el], 0, sizeof s[el]);
        ui_app_render(u.app, 1);
        ui_app_each_target(u.app, sum_target, &s[el]);
        body[el] = ui_app_theme(u.app)->px_body;
        ui_app_go_home(u.app);
    }
    CHECK(s[1].n == s[0].n);
    CHECK(s[1].area > s[0].area);
    CHECK(body[1] > body[0]);
    uitest_close(&u);
}

/* ms per frame of each page (software renderer, glyph cache warm): printed,
 * not judged (speed belongs to benchmarks). */
static void test_frame_times(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    for (int el = 0; el <= 1; el++) {
        ui_app_set_elderly(u.app, el);
        for (int i = 0; ui_demo_page_at(i); i++) {
            char script[256], err[256];
            snprintf(script, sizeof script, "demo %s\n%s", ui_demo_page_at(i),
                     prep(ui_demo_page_at(i)));
            REQUIRE(ui_script_run(u.app, script, "s", NULL, err, sizeof err) == 0);
            ui_app_render(u.app, 1);
            int frames = 40;
            double t0 = fx_now_s();
            for (int f = 0; f < frames; f++)
                ui_app_render(u.app, 1);
            double per = (fx_now_s() - t0) * 1e3 / frames;
            printf("  frame %-10s %-8s %6.2f ms\n", ui_demo_page_at(i), el ? "elderly" : "normal",
                   per);
            /* what was timed is a real frame: the header band carries its title */
            CHECK(uitest_ink(&u, 0, 0, 1080, 120) > 0.02);
            ui_app_go_home(u.app);
        }
    }
    uitest_close(&u);
}

/* The colour at x,y of the canvas as drawn now. */
static unsigned pixel(uitest_app *u, int x, int y)
{
    static uint8_t px[1080 * 1920 * 4];
    ui_app_render(u->app, 1);
    if (plat_display_read_rgba(u->disp, px) != 0)
        return 0;
    const uint8_t *p = px + ((size_t)y * 1080 + (size_t)x) * 4;
    return (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
}

/* A finger on a button, a tile, a list row or a key draws it pressed; lifting
 * it draws it as before. */
static void test_pressed_state(void)
{
    static const struct { const char *page, *id; } T[] = {
        {"buttons", "demo.next"}, {"buttons", "demo.tile1"}, {"list", "demo.list.0"},
        {"kb-digits", "kb.k.5"},  {"kb-digits", "kb.k.clear"}};
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        char s[128], err[256];
        snprintf(s, sizeof s, "demo %s\n", T[i].page);
        REQUIRE(ui_script_run(u.app, s, "s", NULL, err, sizeof err) == 0);
        int x, y;
        REQUIRE(ui_app_find_target(u.app, T[i].id, &x, &y) == 0);
        x -= 30; /* beside the label's middle, on the fill */
        unsigned up = pixel(&u, x, y);
        snprintf(s, sizeof s, "down @%s\n", T[i].id);
        REQUIRE(ui_script_run(u.app, s, "s", NULL, err, sizeof err) == 0);
        unsigned down = pixel(&u, x, y);
        /* slide off and lift: a drag, not a tap, so nothing is activated */
        REQUIRE(ui_script_run(u.app, "move 5 5\nup 5 5\n", "s", NULL, err, sizeof err) == 0);
        unsigned after = pixel(&u, x, y);
        if (up == down)
            printf("  %s: pressed looks the same (%06x)\n", T[i].id, up);
        CHECK(up != down);
        CHECK_EQ_INT(after, up);
        ui_app_go_home(u.app);
    }
    uitest_close(&u);
}

/* A toast shown, shown again while it shows, and gone when its time is up:
 * each draws the toast's box alone (a patch in the page's corner survives)
 * and the frame equals a full one, in normal and large text. */
static void test_toast_partial(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    SDL_Rect patch = {4, 1920 - 28, 24, 24};
    for (int el = 0; el <= 1; el++) {
        const char *what = el ? "toast, large text" : "toast";
        ui_app_set_elderly(u.app, el);
        REQUIRE(uitest_run(&u, "demo buttons\n") == 0);
        ui_app_render(u.app, 1);
        CHECK_EQ_INT(uitest_partial(&u, what, "tap @demo.toast", &patch), 0);
        CHECK(uitest_ink(&u, 200, 1920 - 400, 680, 300) > 0.05); /* it shows */
        CHECK_EQ_INT(uitest_partial(&u, what, "wait 1000", &patch), 0);
        CHECK_EQ_INT(uitest_partial(&u, what, "tap @demo.toast", &patch), 0);
        CHECK_EQ_INT(uitest_partial(&u, what, "wait 3100", &patch), 0);
        ui_app_go_home(u.app);
    }
    uitest_close(&u);
}

static void test_script_errors(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    char err[256] = "";
    CHECK_EQ_INT(ui_script_run(u.app, "demo nosuch\n", "s", NULL, err, sizeof err), -1);
    /* the message names the pages there are */
    CHECK_EQ_STR(err, "s:1: unknown demo page 'nosuch' (pages: buttons list multi date dialog "
                      "kb-digits kb-money kb-id kb-pinyin kb-hand kb-alnum)");
    CHECK_EQ_INT(ui_script_run(u.app, "demo\n", "s", NULL, err, sizeof err), -1);
    CHECK(!strncmp(err, "s:1: unknown demo page '' (pages: buttons ", 42));
    CHECK(ui_demo_new(NULL) == NULL);
    /* back leaves the gallery */
    CHECK_EQ_INT(ui_script_run(u.app, "demo list\nexpect-screen demo\ntap @demo.back\n"
                               "expect-screen home\n", "s", NULL, err, sizeof err), 0);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_pages);
    RUN(test_landscape);
    RUN(test_elderly_larger);
    RUN(test_script_errors);
    RUN(test_pressed_state);
    RUN(test_toast_partial);
    RUN(test_frame_times);
    return check_summary();
}
