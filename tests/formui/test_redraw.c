/* test_redraw.c — partial redraw never shows stale pixels.
 *
 * On the real screens (home in normal and large text, a menu, the pension
 * enrolment's pages with the keyboard open, the review page, the confirm
 * dialog, the receipt), every touch target is pressed, dragged off and let go
 * the way a finger does it, and the loop draws only what it marked. After each
 * step the canvas must equal, pixel for pixel, the same screen drawn in full
 * from scratch.
 *
 * The clock's minute on the home screen is checked the same way, and so is
 * typing: keys tapped for real on the digits pad and the pinyin keyboard
 * (a keystroke marks the field, the key and the candidates alone), and the
 * confirm dialog drawn over the screen it keeps as its backdrop.
 *
 * That the redraw really was partial is checked with a sentinel: a pixel
 * painted straight onto the canvas, outside the pressed target, survives a
 * partial frame and is gone after a full one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "plat_clock.h"
#include "ui/kb/ime/kb_ime.h"

#define OK(x) CHECK_EQ_INT((x), 0)
#define MAX_TARGETS 48

typedef struct {
    char id[64];
    SDL_Rect r;
} target;

typedef struct {
    target t[MAX_TARGETS];
    int n;
} targets;

static void collect(void *ud, const char *id, const SDL_Rect *r)
{
    targets *ts = ud;
    if (ts->n < MAX_TARGETS) {
        snprintf(ts->t[ts->n].id, sizeof ts->t[ts->n].id, "%s", id);
        ts->t[ts->n].r = *r;
        ts->n++;
    }
}

typedef struct {
    flow *f;
    int w, h;
    uint8_t *part, *full;
    int steps, partial, mismatches;
    const char *scene;
} rig;

static void read_canvas(rig *g, uint8_t *out) { CHECK_EQ_INT(plat_display_read_rgba(g->f->u.disp, out), 0); }

/* A pixel of the canvas outside r (and away from the edges), for the sentinel. */
static void sentinel_spot(const rig *g, const SDL_Rect *r, int *x, int *y)
{
    *x = 3;
    *y = 3;
    if (r->x <= 3 && r->y <= 3) {
        *x = g->w - 4;
        *y = g->h - 4;
    }
}

/* After the step: the partial frame (without the sentinel) equals the full one. */
static void compare(rig *g, const char *what, const char *id, const SDL_Rect *tr, int sx, int sy)
{
    ui_app *a = g->f->u.app;
    ui_app_render(a, 0); /* only what the step marked */
    read_canvas(g, g->part);
    size_t si = ((size_t)sy * (size_t)g->w + (size_t)sx) * 4;
    int kept = g->part[si] == 255 && g->part[si + 1] == 0 && g->part[si + 2] == 255;
    ui_app_render(a, 1); /* everything, from scratch */
    read_canvas(g, g->full);
    if (kept) { /* the sentinel is not part of the screen */
        g->partial++;
        memcpy(g->part + si, g->full + si, 4);
    }
    g->steps++;
    size_t n = (size_t)g->w * (size_t)g->h * 4;
    if (memcmp(g->part, g->full, n)) {
        size_t i = 0;
        while (i < n && g->part[i] == g->full[i])
            i++;
        int x0 = g->w, y0 = g->h, x1 = -1, y1 = -1;
        for (size_t p = i / 4; p < n / 4; p++)
            if (memcmp(g->part + p * 4, g->full + p * 4, 4)) {
                int x = (int)(p % (size_t)g->w), y = (int)(p / (size_t)g->w);
                x0 = x < x0 ? x : x0;
                y0 = y < y0 ? y : y0;
                x1 = x > x1 ? x : x1;
                y1 = y > y1 ? y : y1;
            }
        printf("  %s: after %s on %s (target %d,%d %dx%d) the partial frame differs in "
               "%d,%d..%d,%d\n",
               g->scene, what, id, tr->x, tr->y, tr->w, tr->h, x0, y0, x1, y1);
        g->mismatches++;
    }
}

static void paint_sentinel(rig *g, int x, int y)
{
    SDL_Renderer *ren = ui_app_renderer(g->f->u.app);
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(ren, 255, 0, 255, 255);
    SDL_RenderDrawPoint(ren, x, y);
}

/* Every target of the screen showing now: press, drag off, let go. */
static void press_all(rig *g, const char *scene)
{
    ui_app *a = g->f->u.app;
    g->scene = scene;
    ui_app_render(a, 1);
    targets ts = {0};
    ui_app_each_target(a, collect, &ts);
    CHECK(ts.n > 0);
    int partial0 = g->partial;
    const char *top = flow_top_name(g->f);
    for (int i = 0; i < ts.n; i++) {
        const SDL_Rect *r = &ts.t[i].r;
        int cx = r->x + r->w / 2, cy = r->y + r->h / 2, sx, sy;
        sentinel_spot(g, r, &sx, &sy);
        paint_sentinel(g, sx, sy);
        uitest_send(a, PLAT_EV_DOWN, cx, cy);
        compare(g, "finger down", ts.t[i].id, r, sx, sy);
        /* a drag far enough to stop being a tap, within the screen */
        int dx = cx + 120 < g->w ? 120 : -120;
        paint_sentinel(g, sx, sy);
        uitest_send(a, PLAT_EV_MOVE, cx + dx, cy);
        compare(g, "drag off", ts.t[i].id, r, sx, sy);
        paint_sentinel(g, sx, sy);
        uitest_send(a, PLAT_EV_UP, cx + dx, cy);
        compare(g, "finger up", ts.t[i].id, r, sx, sy);
        if (strcmp(flow_top_name(g->f), top)) { /* a drag that scrolled into a tap elsewhere */
            printf("  %s: left the screen after %s\n", scene, ts.t[i].id);
            break;
        }
    }
    printf("  %s: %d targets, %d of %d steps partial so far\n", scene, ts.n, g->partial, g->steps);
    CHECK(g->partial > partial0); /* presses on this screen were drawn partially */
}

/* The last step taps for real: the next screen is drawn partially after its
 * own first full frame, and a finger-down/up pair on a target is compared. */
static void tap_compare(rig *g, const char *id)
{
    ui_app *a = g->f->u.app;
    targets ts = {0};
    ui_app_render(a, 1);
    ui_app_each_target(a, collect, &ts);
    for (int i = 0; i < ts.n; i++)
        if (!strcmp(ts.t[i].id, id)) {
            const SDL_Rect *r = &ts.t[i].r;
            int sx, sy;
            sentinel_spot(g, r, &sx, &sy);
            paint_sentinel(g, sx, sy);
            uitest_send(a, PLAT_EV_DOWN, r->x + r->w / 2, r->y + r->h / 2);
            compare(g, "finger down", id, r, sx, sy);
            paint_sentinel(g, sx, sy);
            uitest_send(a, PLAT_EV_UP, r->x + r->w / 2, r->y + r->h / 2);
            compare(g, "tap", id, r, sx, sy);
            return;
        }
}

/* Keys tapped for real, one after another: after each finger down and up the
 * partial frame equals the full one. */
static void type_compare(rig *g, const char *scene, const char *const *keys)
{
    g->scene = scene;
    int partial0 = g->partial;
    for (; *keys; keys++)
        tap_compare(g, *keys);
    CHECK(g->partial > partial0);
}

/* The minute changes on the home screen: the clock's band alone is drawn. */
static void minute_passes(rig *g)
{
    ui_app *a = g->f->u.app;
    ui_app_render(a, 1);
    SDL_Rect none = {0, 0, 0, 0};
    int sx = g->w / 2, sy = g->h / 2; /* the middle of the tiles: far from the clock */
    paint_sentinel(g, sx, sy);
    int before = g->partial;
    for (int i = 0; i < 61 * 20; i++) { /* a minute and a second, as the loop would tick */
        plat_clock_advance(50);
        ui_app_tick(a);
    }
    compare(g, "a minute", "the clock", &none, sx, sy);
    CHECK_EQ_INT(g->partial, before + 1);
}

static void run_scenes(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, elderly ? "redraw-large.db" : "redraw.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    rig g = {.f = &f, .w = 1080, .h = 1920};
    g.part = malloc((size_t)g.w * g.h * 4);
    g.full = malloc((size_t)g.w * g.h * 4);
    REQUIRE(g.part && g.full);

    press_all(&g, elderly ? "home (large text)" : "home");
    minute_passes(&g);
    tap_compare(&g, "tile.pension");
    CHECK_EQ_STR(flow_top_name(&f), "menu");
    press_all(&g, "menu");
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_tap(&f, "f.name"));
    static const char *const pinyin[] = {"kb.k.z", "kb.k.h", "kb.k.a", "kb.k.n", "kb.k.g",
                                         "kb.c.0", "kb.k.s", "kb.k.bs", "kb.k.s", "kb.k.a",
                                         "kb.k.n", "kb.next", "kb.prev", "kb.c.0", NULL};
    type_compare(&g, "typing a name in pinyin", pinyin);
    OK(flow_type(&f, "name", "")); /* as before: the name by the pinyin engine */
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_tap(&f, "f.idno"));
    static const char *const digits[] = {"kb.k.1", "kb.k.1", "kb.k.0", "kb.k.bs", "kb.k.0",
                                         "kb.k.1", "kb.k.0", "kb.k.5", "kb.k.1", "kb.k.9",
                                         "kb.k.7", "kb.k.0", "kb.k.0", "kb.k.5", "kb.k.1",
                                         "kb.k.0", "kb.k.0", "kb.k.0", "kb.k.1", "kb.k.4", NULL};
    type_compare(&g, "typing an ID number", digits); /* its last digit makes it whole */
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "idno"), "110105197005100014");
    press_all(&g, "form page 1, keyboard open");
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(flow_choose(&f, "same_address", "yes"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_tap(&f, "form.next"));
    press_all(&g, "form page 3, a long choice list");
    OK(flow_choose(&f, "tier", "50000"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "sscard_no", "123456789"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(&f))));
    press_all(&g, "review");
    tap_compare(&g, "form.next");
    press_all(&g, "confirm dialog");
    tap_compare(&g, "form.dlg.ok");
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    press_all(&g, "receipt");
    CHECK_EQ_INT(g.mismatches, 0);
    printf("  %s: %d steps, %d partial, %d mismatches\n", elderly ? "large text" : "normal",
           g.steps, g.partial, g.mismatches);
    free(g.part);
    free(g.full);
    flow_close(&f);
}

static void test_normal(void) { run_scenes(0); }
static void test_large_text(void) { run_scenes(1); }

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_normal);
    RUN(test_large_text);
    kb_ime_uninstall();
    return check_summary();
}
