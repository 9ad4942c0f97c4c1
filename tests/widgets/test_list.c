/* test_list.c — the scrolling list: drag scrolls, a fling glides on with the
 * virtual clock (and only with it), slows to a stop, never passes the ends,
 * is repeatable; a slow release does not glide; a touch stops a glide without
 * choosing; taps choose rows (single and multiple); the tick asks for frames
 * only while gliding. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ui/screens/gallery/demo_gallery.h"
#include "plat_clock.h"
#include "ui/core/script.h"
#include "uitest.h"
#include "ui/core/session.h"

/* 1 while the list glides: its tick, at the time now, asks for the next
 * frame (a still list asks for none, so the loop sleeps). Called when the
 * loop has just ticked or nothing has moved since, it moves nothing. */
static int gliding(ui_list *l, uitest_app *u)
{
    return ui_list_tick(l, u->app, plat_clock_mono_ms()) != 0;
}

static ui_list *open_list(uitest_app *u, const char *page)
{
    char err[256], s[64];
    snprintf(s, sizeof s, "demo %s\n", page);
    if (uitest_open(u, 1080, 1920) != 0 || ui_script_run(u->app, s, "s", NULL, err, sizeof err))
        return NULL;
    return ui_demo_list(ui_app_top(u->app));
}

/* A fling of dist px over ms; returns the scroll where the glide stopped. */
static int fling(int dist, int ms, int *at_release, int *steps)
{
    uitest_app u;
    ui_list *l = open_list(&u, "multi");
    if (!l)
        return -1;
    char s[128];
    snprintf(s, sizeof s, "drag 540 1500 540 %d %d\n", 1500 - dist, ms);
    uitest_run(&u, s);
    *at_release = ui_list_scroll(l);
    *steps = 0;
    while (gliding(l, &u) && *steps < 1000) {
        uitest_run(&u, "wait 16\n");
        (*steps)++;
    }
    int end = ui_list_scroll(l);
    CHECK(end >= 0 && end <= ui_list_scroll_max(l));
    uitest_close(&u);
    return end;
}

static void test_inertia(void)
{
    uitest_app u;
    ui_list *l = open_list(&u, "multi");
    REQUIRE(l != NULL);
    int max = ui_list_scroll_max(l);
    printf("  list scrolls %d px\n", max);
    REQUIRE(max > 300);
    CHECK_EQ_INT(ui_list_scroll(l), 0);
    CHECK_EQ_INT(gliding(l, &u), 0);
    /* 120 px in 120 ms: about 1 px/ms when the finger lets go */
    REQUIRE(uitest_run(&u, "drag 540 1500 540 1380 120\n") == 0);
    int rel = ui_list_scroll(l);
    CHECK(rel >= 70 && rel <= 130);
    CHECK_EQ_INT(gliding(l, &u), 1);
    /* while gliding the loop wakes for the next frame */
    CHECK(ui_app_next_wake(u.app) <= plat_clock_mono_ms() + 16);
    /* without time passing nothing moves, however often the app ticks */
    for (int i = 0; i < 5; i++)
        ui_app_tick(u.app);
    CHECK_EQ_INT(ui_list_scroll(l), rel);
    REQUIRE(uitest_run(&u, "wait 100\n") == 0);
    int p1 = ui_list_scroll(l);
    CHECK(p1 > rel);
    REQUIRE(uitest_run(&u, "wait 100\n") == 0);
    int p2 = ui_list_scroll(l);
    CHECK(p2 > p1);
    CHECK(p2 - p1 < p1 - rel); /* slowing down */
    REQUIRE(uitest_run(&u, "wait 3000\n") == 0);
    CHECK_EQ_INT(gliding(l, &u), 0);
    int end = ui_list_scroll(l);
    CHECK(end > p2 && end <= max);
    printf("  released at %d, glided to %d (100 ms: %d, 200 ms: %d)\n", rel, end, p1, p2);
    /* still: no frames asked for; the loop sleeps until input or the
     * inactivity countdown */
    CHECK_EQ_INT(ui_list_tick(l, u.app, plat_clock_mono_ms()), 0);
    CHECK_EQ_INT(ui_app_next_wake(u.app),
                 ui_app_last_input(u.app) +
                     (uint64_t)core_config_get_int(u.cfg, "ui.idle_timeout_s", 0) * 1000);
    /* a hard fling upwards stops at the top, not past it */
    REQUIRE(uitest_run(&u, "drag 540 700 540 1500 100\nwait 5000\n") == 0);
    CHECK_EQ_INT(ui_list_scroll(l), 0);
    CHECK_EQ_INT(gliding(l, &u), 0);
    uitest_close(&u);
}

static void test_repeatable_and_faster_further(void)
{
    int r1, r2, r3, s1, s2, s3;
    int e1 = fling(120, 120, &r1, &s1);
    int e2 = fling(120, 120, &r2, &s2);
    CHECK(e1 > 0);
    CHECK_EQ_INT(e1, e2);
    CHECK_EQ_INT(s1, s2);
    int e3 = fling(120, 240, &r3, &s3); /* same distance, half the speed */
    CHECK(e3 - r3 < e1 - r1);
    printf("  fling 1 px/ms glides %d px in %d frames; 0.5 px/ms glides %d px\n", e1 - r1, s1,
           e3 - r3);
}

static void test_slow_release_and_stop(void)
{
    uitest_app u;
    ui_list *l = open_list(&u, "multi");
    REQUIRE(l != NULL);
    /* drag, hold still, let go: no glide */
    REQUIRE(uitest_run(&u, "down 540 1500\nmove 540 1450\nmove 540 1400\nmove 540 1350\nwait 300\n"
                    "up 540 1350\n") == 0);
    CHECK_EQ_INT(gliding(l, &u), 0);
    int held = ui_list_scroll(l);
    CHECK(held >= 140 && held <= 160);
    REQUIRE(uitest_run(&u, "wait 1000\n") == 0);
    CHECK_EQ_INT(ui_list_scroll(l), held);
    /* a touch during a glide stops it and chooses nothing */
    REQUIRE(uitest_run(&u, "drag 540 1500 540 1400 60\nwait 48\n") == 0);
    CHECK_EQ_INT(gliding(l, &u), 1);
    int chosen_before = 0;
    for (int i = 0; i < ui_list_count(l); i++)
        chosen_before += ui_list_chosen(l, i);
    REQUIRE(uitest_run(&u, "tap 540 1000\n") == 0);
    CHECK_EQ_INT(gliding(l, &u), 0);
    int stopped = ui_list_scroll(l);
    int chosen_after = 0;
    for (int i = 0; i < ui_list_count(l); i++)
        chosen_after += ui_list_chosen(l, i);
    CHECK_EQ_INT(chosen_after, chosen_before);
    REQUIRE(uitest_run(&u, "wait 500\n") == 0);
    CHECK_EQ_INT(ui_list_scroll(l), stopped);
    /* the next tap chooses */
    REQUIRE(uitest_run(&u, "tap 540 1000\n") == 0);
    int chosen_now = 0;
    for (int i = 0; i < ui_list_count(l); i++)
        chosen_now += ui_list_chosen(l, i);
    CHECK(chosen_now != chosen_after);
    uitest_close(&u);
}

static void test_choice(void)
{
    uitest_app u;
    ui_list *l = open_list(&u, "multi");
    REQUIRE(l != NULL);
    CHECK_EQ_INT(ui_list_chosen(l, 0), 1); /* the gallery pre-ticks the ID card */
    REQUIRE(uitest_run(&u, "tap @demo.list.1\ntap @demo.list.2\ntap @demo.list.0\n") == 0);
    CHECK_EQ_INT(ui_list_chosen(l, 0), 0);
    CHECK_EQ_INT(ui_list_chosen(l, 1), 1);
    CHECK_EQ_INT(ui_list_chosen(l, 2), 1);
    /* the last rows are reachable by scrolling */
    CHECK(uitest_run(&u, "expect-target @demo.list.15\n") != 0);
    REQUIRE(uitest_run(&u, "drag 540 1500 540 500 400\nwait 3000\ntap @demo.list.15\n") == 0);
    CHECK_EQ_INT(ui_list_chosen(l, 15), 1);
    uitest_close(&u);

    l = open_list(&u, "list");
    REQUIRE(l != NULL);
    CHECK_EQ_INT(ui_list_choice(l), -1);
    /* "next" is disabled until a choice is made */
    CHECK(uitest_run(&u, "expect-target @demo.next\n") != 0);
    REQUIRE(uitest_run(&u, "tap @demo.list.3\n") == 0);
    CHECK_EQ_INT(ui_list_choice(l), 3);
    REQUIRE(uitest_run(&u, "tap @demo.list.1\n") == 0);
    CHECK_EQ_INT(ui_list_choice(l), 1);
    CHECK_EQ_INT(ui_list_chosen(l, 3), 0);
    REQUIRE(uitest_run(&u, "tap @demo.next\n") == 0);
    CHECK_EQ_INT(ui_demo_confirmed(ui_app_top(u.app)), 1);
    CHECK_EQ_INT(ui_list_take_tapped(l), 1);
    CHECK_EQ_INT(ui_list_take_tapped(l), -1);
    uitest_close(&u);

    /* the API on its own */
    ui_list *m = ui_list_new("x", UI_LIST_SINGLE);
    REQUIRE(m != NULL);
    for (int i = 0; i < 100; i++)
        CHECK_EQ_INT(ui_list_add(m, "行", NULL), i);
    CHECK_EQ_INT(ui_list_count(m), 100);
    ui_list_set_chosen(m, 5, 1);
    ui_list_set_chosen(m, 7, 1);
    CHECK_EQ_INT(ui_list_choice(m), 7);
    ui_list_set_chosen(m, 500, 1); /* out of range: ignored */
    CHECK(ui_list_text(m, 100) == NULL);
    ui_list_clear(m);
    CHECK_EQ_INT(ui_list_count(m), 0);
    ui_list_free(m);
}

int main(void)
{
    RUN(test_inertia);
    RUN(test_repeatable_and_faster_further);
    RUN(test_slow_release_and_stop);
    RUN(test_choice);
    return check_summary();
}
