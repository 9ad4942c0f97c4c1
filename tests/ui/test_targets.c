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
 * hidden part of a cut target reaches nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
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

static void test_clip(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    memset(&state, 0, sizeof state);
    ui_screen *s = ui_screen_new(&CLIP_OPS, 0);
    REQUIRE(s != NULL);
    ui_app_push(u.app, s);
    ui_app_render(u.app, 1);
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

int main(void)
{
    RUN(test_clip);
    return check_summary();
}
