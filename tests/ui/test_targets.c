/* test_targets.c — the targets' clip (ui_app_clip_targets): a part of the
 * screen that scrolls under others registers what shows of its targets.
 *
 * A test screen sets a clip (a view from y 400 to 1200 of a 1080x1920
 * canvas) and registers targets across its edges: each becomes what shows
 * of it inside the clip; none when nothing shows or less than half of its
 * height does, unless what shows is at least half the clip's height (a
 * target taller than the view); the clip cleared, targets are whole again,
 * and a clip left set by one frame is gone at the next. A tap at a cut
 * target's centre reaches it, and a script's tap on its id too; one on the
 * hidden part of a cut target reaches nothing.
 *
 * A screen that stops its draw under a band it drew first
 * (ui_app_keep_targets, as home does at the clock's minute): a partial frame
 * inside the band keeps every target of the frame before, in place, and the
 * draw goes no further; one reaching under the band, a whole frame, or two
 * areas of which one lies under it, draw on and register afresh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui/core/draw.h"
#include "uitest.h"

static const SDL_Rect VIEW = {0, 400, 1080, 800};

typedef struct {
    char tapped[64];
    int leave_clip; /* the draw leaves the clip set at its end */
} clip_state;

static clip_state state;

static void clip_draw(ui_screen *s, ui_app *a)
{
    (void)s;
    ui_app_target(a, &(SDL_Rect){0, 1300, 200, 200}, "before"); /* no clip yet */
    ui_app_clip_targets(a, &VIEW);
    ui_app_target(a, &(SDL_Rect){0, 500, 200, 200}, "whole");
    ui_app_target(a, &(SDL_Rect){-50, 600, 200, 200}, "left");      /* cut across */
    ui_app_target(a, &(SDL_Rect){300, 1100, 200, 200}, "half");     /* 100 of 200 */
    ui_app_target(a, &(SDL_Rect){300, 1102, 200, 200}, "sliver");   /* 98 of 200 */
    ui_app_target(a, &(SDL_Rect){600, 300, 200, 200}, "top");       /* 100 of 200 */
    ui_app_target(a, &(SDL_Rect){600, 298, 200, 200}, "top.sliver"); /* 98 */
    ui_app_target(a, &(SDL_Rect){600, 1200, 200, 200}, "under");    /* none shows */
    ui_app_target(a, &(SDL_Rect){900, 0, 100, 1920}, "tall");       /* all the view */
    ui_app_target(a, &(SDL_Rect){800, 800, 50, 1000}, "tall.half"); /* 400 of 1000 */
    ui_app_target(a, &(SDL_Rect){700, 802, 50, 1000}, "tall.less"); /* 398 of 1000 */
    if (!state.leave_clip) {
        ui_app_clip_targets(a, NULL);
        ui_app_target(a, &(SDL_Rect){0, 1500, 200, 200}, "after");
    }
}

static void clip_activate(ui_screen *s, ui_app *a, const char *id)
{
    (void)s;
    (void)a;
    snprintf(state.tapped, sizeof state.tapped, "%s", id);
}

static void clip_destroy(ui_screen *s) { free(s); }

static const ui_screen_ops CLIP_OPS = {"clip", clip_draw, clip_activate, NULL, NULL, clip_destroy};

/* The target id as registered: 0 and its rectangle, or -1 when none. */
static int rect_of(uitest_app *u, const char *id, SDL_Rect *r)
{
    return uitest_target_rect(u->app, id, r);
}

static void expect(uitest_app *u, const char *id, SDL_Rect want)
{
    SDL_Rect r;
    if (rect_of(u, id, &r) != 0) {
        printf("  %s: no target, want (%d,%d %dx%d)\n", id, want.x, want.y, want.w, want.h);
        CHECK(0);
    } else if (!SDL_RectEquals(&r, &want)) {
        printf("  %s: (%d,%d %dx%d), want (%d,%d %dx%d)\n", id, r.x, r.y, r.w, r.h, want.x,
               want.y, want.w, want.h);
        CHECK(0);
    }
}

static void expect_none(uitest_app *u, const char *id)
{
    SDL_Rect r;
    if (rect_of(u, id, &r) == 0) {
        printf("  %s: a target (%d,%d %dx%d), want none\n", id, r.x, r.y, r.w, r.h);
        CHECK(0);
    }
}

static void tap_at(uitest_app *u, int x, int y)
{
    state.tapped[0] = '\0';
    uitest_send(u->app, PLAT_EV_DOWN, x, y);
    ui_app_render(u->app, 0);
    uitest_send(u->app, PLAT_EV_UP, x, y);
}

/* Opens a 1080x1920 app with the test screen ops on top, drawn once: 0. */
static int open_with(uitest_app *u, const ui_screen_ops *ops)
{
    memset(&state, 0, sizeof state);
    if (uitest_open(u, 1080, 1920) != 0)
        return -1;
    ui_screen *s = ui_screen_new(ops, 0);
    if (!s) {
        uitest_close(u);
        return -1;
    }
    ui_app_push(u->app, s);
    ui_app_render(u->app, 1);
    return 0;
}

static void test_clip(void)
{
    uitest_app u;
    REQUIRE(open_with(&u, &CLIP_OPS) == 0);
    expect(&u, "before", (SDL_Rect){0, 1300, 200, 200});
    expect(&u, "whole", (SDL_Rect){0, 500, 200, 200});
    expect(&u, "left", (SDL_Rect){0, 600, 150, 200});
    expect(&u, "half", (SDL_Rect){300, 1100, 200, 100});
    expect_none(&u, "sliver");
    expect(&u, "top", (SDL_Rect){600, 400, 200, 100});
    expect_none(&u, "top.sliver");
    expect_none(&u, "under");
    expect(&u, "tall", (SDL_Rect){900, 400, 100, 800});
    expect(&u, "tall.half", (SDL_Rect){800, 800, 50, 400});
    expect_none(&u, "tall.less");
    expect(&u, "after", (SDL_Rect){0, 1500, 200, 200});
    /* a finger on what shows of a cut target, and on its hidden part */
    tap_at(&u, 400, 1150);
    CHECK_EQ_STR(state.tapped, "half");
    tap_at(&u, 400, 1250);
    CHECK_EQ_STR(state.tapped, "");
    /* a script's tap by id finds the cut target's middle */
    state.tapped[0] = '\0';
    CHECK_EQ_INT(uitest_run(&u, "tap @top\n"), 0);
    CHECK_EQ_STR(state.tapped, "top");
    /* a clip left set by a frame is gone at the next: "before" whole */
    state.leave_clip = 1;
    for (int force = 0; force < 2; force++) { /* a whole-screen change, a forced frame */
        ui_app_invalidate(u.app);
        ui_app_render(u.app, force);
        expect(&u, "before", (SDL_Rect){0, 1300, 200, 200});
        expect(&u, "half", (SDL_Rect){300, 1100, 200, 100});
        expect_none(&u, "after");
    }
    /* and at the next pass of a partial frame (a press marks its box) */
    SDL_Rect marked = {0, 1300, 200, 200};
    ui_app_invalidate_rect(u.app, &marked);
    ui_app_render(u.app, 0);
    expect(&u, "before", (SDL_Rect){0, 1300, 200, 200});
    uitest_close(&u);
}

/* ---- a draw that stops under its band (ui_app_keep_targets) ---- */

static const SDL_Rect BAND = {0, 0, 1080, 200};

typedef struct {
    int below;   /* draws that went on under the band */
    int kept;    /* draws that stopped there */
    int shift;   /* moves the targets under the band (a change of layout) */
} band_state;

static band_state bs;

static void band_draw(ui_screen *s, ui_app *a)
{
    (void)s;
    draw_ctx *d = ui_app_draw(a);
    draw_rect(d, &BAND, (SDL_Color){20, 60, 140, 255});
    ui_app_target(a, &(SDL_Rect){900, 40, 160, 120}, "band.switch");
    SDL_Rect below = {0, BAND.h, 1080, 1920 - BAND.h};
    if (!draw_visible(d, &below) && ui_app_keep_targets(a)) {
        bs.kept++;
        return;
    }
    bs.below++;
    for (int i = 0; i < 6; i++) {
        char id[24];
        snprintf(id, sizeof id, "tile.%d", i);
        SDL_Rect r = {40 + (i % 2) * 520, 300 + bs.shift + (i / 2) * 400, 480, 360};
        draw_rect(d, &r, (SDL_Color){240, 240, 240, 255});
        ui_app_target(a, &r, id);
    }
}

static const ui_screen_ops BAND_OPS = {"band", band_draw, clip_activate, NULL, NULL, clip_destroy};

static void expect_tiles(uitest_app *u, int shift)
{
    expect(u, "band.switch", (SDL_Rect){900, 40, 160, 120});
    for (int i = 0; i < 6; i++) {
        char id[24];
        snprintf(id, sizeof id, "tile.%d", i);
        expect(u, id, (SDL_Rect){40 + (i % 2) * 520, 300 + shift + (i / 2) * 400, 480, 360});
    }
}

static void test_keep_targets(void)
{
    uitest_app u;
    memset(&bs, 0, sizeof bs);
    REQUIRE(open_with(&u, &BAND_OPS) == 0);
    CHECK(bs.below == 1 && bs.kept == 0);
    expect_tiles(&u, 0);
    /* a clock's change inside the band: the draw stops, every target stays */
    SDL_Rect clock = {40, 120, 400, 50};
    for (int k = 0; k < 3; k++) {
        ui_app_invalidate_rect(u.app, &clock);
        ui_app_render(u.app, 0);
    }
    CHECK_EQ_INT(bs.below, 1);
    CHECK_EQ_INT(bs.kept, 3);
    expect_tiles(&u, 0);
    /* a finger on a kept target reaches it, a script's tap by id too */
    tap_at(&u, 300, 500);
    CHECK_EQ_STR(state.tapped, "tile.0");
    state.tapped[0] = '\0';
    CHECK_EQ_INT(uitest_run(&u, "tap @tile.5\n"), 0);
    CHECK_EQ_STR(state.tapped, "tile.5");
    /* a change reaching under the band draws on: the targets afresh */
    int was = bs.below;
    bs.shift = 20;
    SDL_Rect across = {40, 150, 400, 200};
    ui_app_invalidate_rect(u.app, &across);
    ui_app_render(u.app, 0);
    CHECK(bs.below > was);
    expect_tiles(&u, 20);
    /* two areas, the clock's and one under the band: drawn on */
    was = bs.below;
    SDL_Rect tile = {40, 1100, 480, 360};
    for (int k = 0; k < 2; k++) { /* in either order: the last pass is either one */
        bs.shift += 20;
        ui_app_invalidate_rect(u.app, k ? &clock : &tile);
        ui_app_invalidate_rect(u.app, k ? &tile : &clock);
        ui_app_render(u.app, 0);
        expect_tiles(&u, bs.shift);
    }
    CHECK(bs.below > was);
    /* a whole frame never stops under the band */
    was = bs.below;
    ui_app_invalidate(u.app);
    ui_app_render(u.app, 0);
    ui_app_render(u.app, 1);
    CHECK(bs.below >= was + 2);
    expect_tiles(&u, 60);
    /* and the clock again: the targets as the last frame left them */
    int kept = bs.kept;
    ui_app_invalidate_rect(u.app, &clock);
    ui_app_render(u.app, 0);
    CHECK_EQ_INT(bs.kept, kept + 1);
    expect_tiles(&u, 60);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_clip);
    RUN(test_keep_targets);
    return check_summary();
}
