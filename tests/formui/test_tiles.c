/* test_tiles.c — a whole-screen change draws only the cells it changes
 * (tiles.h) and never leaves a stale pixel.
 *
 * The real screens are walked through the real app, each step a whole-screen
 * change as the loop draws it (a finger down drawn partially, then up): home
 * to a menu, its card page, a form's first page, 下一步 twice and 上一步,
 * a choice made and made again (the same boxes in other colours), large
 * text on and off, the quit dialog opened and closed, back to home,
 * 办件查询 and back, at 1080x1920 and at 1920x1080.
 *
 * First walk: after every step the canvas must equal, pixel for pixel, the
 * screen drawn in full from scratch (ui_app_render(app, 1)), whose pixels
 * are kept (as a hash) per step. Second walk, a fresh app: the same steps with
 * no full frame drawn between them (so the cells' hashes are those the tile
 * frames left, as on the kiosk), the canvas compared with the first walk's
 * after every step.
 *
 * A form page's 下一步 and 上一步 must draw less than the whole frame
 * (ui_app_drawn_px): with every whole-screen change drawn in full the test
 * fails, and so it does when a drawing call's hash misses one of its
 * parameters (the shapes' colour, say: stale pixels). Home to a menu changes
 * nine cells in ten and is drawn whole, as the card page at 1920x1080 (both
 * still compared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "plat_clock.h"
#include "ui/core/session.h"

#define OK(x) CHECK_EQ_INT((x), 0)
#define STEPS 24

/* The walk: a line each, a whole-screen change; '*' first: it must draw
 * less than the whole frame. "answers" fills the form's first page as a
 * person would have (the next step shows them). */
static const char *const WALK[] = {
    "tap tile.medical",    /* home -> the menu (nine cells in ten change: drawn whole) */
    "tap menu.list.1",     /* its second item's card page */
    "tap card.manual",     /* the form's first page */
    "answers",
    "*tap form.next",      /* 下一步 */
    "tap form.next",       /* and again */
    "*tap form.prev",      /* 上一步 */
    "tap f.remote_type.opt.1", /* another choice: the same boxes, other colours */
    "tap f.remote_type.opt.0",
    "elderly on",
    "elderly off",
    "tap form.quit",       /* the quit dialog */
    "tap form.dlg.cancel", /* closed */
    "tap form.quit",
    "tap form.dlg.ok",     /* the form left */
    "tap menu.back",       /* home */
    "tap tile.query",      /* 办件查询 */
    "key escape",
    NULL,
};

typedef struct {
    uint64_t full[STEPS]; /* each step's full frame, hashed (the first walk) */
    uint8_t *part, *ref;
    int w, h;
} rig;

static uint64_t hash_px(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* A finger down and up on target id, each frame drawn as the loop draws it. */
static int tap(ui_app *a, const char *id)
{
    int x, y;
    if (ui_app_find_target(a, id, &x, &y) != 0) {
        printf("  no target %s on %s\n", id, ui_app_top(a)->ops->name);
        return -1;
    }
    uitest_send(a, PLAT_EV_DOWN, x, y);
    ui_app_render(a, 0);
    uitest_send(a, PLAT_EV_UP, x, y);
    ui_app_tick(a);
    ui_app_render(a, 0);
    return 0;
}

static int step(flow *f, const char *line)
{
    ui_app *a = f->u.app;
    int x, y;
    if (!strncmp(line, "tap ", 4) && ui_app_find_target(a, line + 4, &x, &y) != 0) {
        /* not in view (a later page of home's tiles): as a finger brings it */
        int rc = flow_tap(f, line + 4);
        ui_app_tick(a);
        ui_app_render(a, 0);
        return rc;
    }
    if (!strncmp(line, "tap ", 4))
        return tap(a, line + 4);
    if (!strncmp(line, "elderly ", 8)) {
        ui_app_set_elderly(a, !strcmp(line + 8, "on"));
        ui_app_tick(a);
        ui_app_render(a, 0);
        return 0;
    }
    if (!strcmp(line, "key escape")) {
        plat_event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = PLAT_EV_KEY;
        ev.key = PLAT_KEY_ESCAPE;
        ev.time_ms = plat_clock_mono_ms();
        ui_app_handle(a, &ev);
        ui_app_tick(a);
        ui_app_render(a, 0);
        return 0;
    }
    if (!strcmp(line, "answers")) {
        static const char *const kv[] = {"name", "张三", "idno", "110105197005100014", "phone",
                                         "13812345678", "insured_place", "本县", "dest_province",
                                         "11", "dest_city", "北京", "remote_type", "long_stay"};
        ui_screen *fs = flow_form(f);
        char err[256];
        if (!fs)
            return -1;
        for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
            if (form_inst_set(ui_form_inst(fs), kv[i], kv[i + 1], err, sizeof err) != FORM_OK) {
                printf("  %s: %s\n", kv[i], err);
                return -1;
            }
        ui_app_invalidate(a); /* as a person's answers show: the page drawn again */
        ui_app_render(a, 0);
        return 0;
    }
    printf("  unknown step %s\n", line);
    return -1;
}

/* Walks WALK on a fresh app; first (the first walk) compares each step with
 * a full frame and keeps it, else compares with the first walk's. */
static void walk(rig *g, int first)
{
    flow f;
    if (flow_open(&f, g->w, g->h, "tiles.db", 1) != 0) {
        CHECK(0);
        return;
    }
    ui_app *a = f.u.app;
    size_t n = (size_t)g->w * (size_t)g->h * 4;
    ui_app_render(a, 1);
    int less = 0;
    for (int i = 0; WALK[i] && i < STEPS; i++) {
        const char *line = WALK[i][0] == '*' ? WALK[i] + 1 : WALK[i];
        if (step(&f, line) != 0) {
            printf("  %dx%d %s walk: %s failed\n", g->w, g->h, first ? "first" : "second", line);
            CHECK(0);
            break;
        }
        ui_app_render(a, 0);
        long drawn = ui_app_drawn_px(a);
        OK(plat_display_read_rgba(f.u.disp, g->part));
        if (first) {
            ui_app_render(a, 1);
            OK(plat_display_read_rgba(f.u.disp, g->ref));
            g->full[i] = hash_px(g->ref, n);
            if (memcmp(g->part, g->ref, n)) {
                size_t p = 0;
                while (p < n && g->part[p] == g->ref[p])
                    p++;
                printf("  %dx%d after %s (%s): differs from a full frame first at %zu,%zu\n",
                       g->w, g->h, line, ui_app_top(a)->ops->name, p / 4 % (size_t)g->w,
                       p / 4 / (size_t)g->w);
                CHECK(0);
            }
        } else if (hash_px(g->part, n) != g->full[i]) {
            printf("  %dx%d after %s (%s), no full frame between the steps: differs from the "
                   "first walk\n",
                   g->w, g->h, line, ui_app_top(a)->ops->name);
            CHECK(0);
        }
        if (WALK[i][0] == '*') {
            printf("  %dx%d %s: drew %ld of %d pixels\n", g->w, g->h, line, drawn, g->w * g->h);
            if (drawn < (long)g->w * g->h)
                less++;
            else
                printf("  %dx%d %s drew the whole frame\n", g->w, g->h, line);
        }
    }
    CHECK_EQ_INT(less, 2);
    flow_close(&f);
}

static void sized(int w, int h)
{
    rig g;
    memset(&g, 0, sizeof g);
    g.w = w;
    g.h = h;
    g.part = malloc((size_t)w * (size_t)h * 4);
    g.ref = malloc((size_t)w * (size_t)h * 4);
    CHECK(g.part && g.ref);
    if (g.part && g.ref) {
        walk(&g, 1);
        walk(&g, 0);
    }
    free(g.part);
    free(g.ref);
}

static void test_portrait(void) { sized(1080, 1920); }
static void test_landscape(void) { sized(1920, 1080); }

int main(void)
{
    RUN(test_portrait);
    RUN(test_landscape);
    return check_summary();
}
