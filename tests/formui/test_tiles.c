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
 * parameters (the shapes' colour, say: stale pixels). So must the quit
 * dialog's opening, a layer over the page (ui_app_layer): the page under it
 * drawn again only where it changed (the 退出 button let go), the shade and
 * the card over all of it. Home to a menu changes
 * nine cells in ten and is drawn whole, as the card page at 1920x1080 (both
 * still compared).
 *
 * Each drawing call's hash (test_each_call): a screen of one call (a clear,
 * a fill, a rounded rectangle, its corners, a box, a frame, a shadow, a
 * circle, a line, text, a picture) is drawn in full, then one
 * thing the call draws with is changed alone (its place or size by a few
 * pixels within the same cells, a colour, an alpha, a radius, a border's
 * width, a shadow's spread, a line's blend mode, a character, a font size or
 * weight, the clip it is drawn in) and the screen marked whole: the tile path
 * must draw some cells and not all (ui_app_drawn_px), and the canvas must
 * equal a full frame, which differs from the first. With that thing left out
 * of the call's hash the tile path sees no change: nothing is drawn and the
 * canvas is stale. A change of nothing draws nothing.
 *
 * Another screen on top (pushed or popped since the last frame) is drawn
 * whole at once, without recording it first: two screens that differ in one
 * small box, the second pushed over the first, draw all their pixels in one
 * pass of the draw (none of them recorded: ui_app_registers); the same
 * change within the screen (no push) goes on drawing the box's cells alone,
 * and so does a new root set under the screen on top (ui_app_set_root).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "plat_clock.h"
#include "ui/core/draw.h"
#include "ui/core/session.h"
#include "ui/core/text.h"

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
    "*tap form.quit",      /* the quit dialog: a layer over the page, drawn alone */
    "tap form.dlg.cancel", /* closed */
    "*tap form.quit",
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
    CHECK_EQ_INT(less, 4);
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

/* A screen of a few boxes; its tone colours one small box. Its draws are
 * counted, and those that registered no targets (a record without pixels,
 * or a pass of a partial frame before its last). */
typedef struct {
    int tone;
} boxes;

static int g_draws, g_unregistered;

static void boxes_draw(ui_screen *s, ui_app *a)
{
    const boxes *b = s->priv;
    draw_ctx *d = ui_app_draw(a);
    g_draws++;
    if (!ui_app_registers(a))
        g_unregistered++;
    draw_clear(d, (SDL_Color){240, 240, 236, 255});
    for (int i = 0; i < 6; i++) {
        SDL_Rect r = {40 + i * 160, 100 + i * 250, 300, 200};
        draw_rect(d, &r, (SDL_Color){(Uint8)(40 * i), 90, 160, 255});
    }
    SDL_Rect small = {500, 900, 50, 40};
    draw_rect(d, &small, b->tone ? (SDL_Color){200, 30, 30, 255} : (SDL_Color){30, 160, 60, 255});
    SDL_Rect t = {0, 0, 200, 100};
    ui_app_target(a, &t, "boxes.corner");
}

static void boxes_destroy(ui_screen *s) { ui_screen_free(s); }

static const ui_screen_ops boxes_ops = {.name = "boxes", .draw = boxes_draw,
                                        .destroy = boxes_destroy};

static ui_screen *boxes_new(int tone)
{
    ui_screen *s = ui_screen_new(&boxes_ops, sizeof(boxes));
    if (s)
        ((boxes *)s->priv)->tone = tone;
    return s;
}

/* Renders the app's change as the loop does: the pixels it drew, into
 * draws and unregistered the screen's draws it took; then the canvas
 * against the screen drawn in full. */
static long frame(uitest_app *u, uint8_t *part, uint8_t *ref, size_t n, const char *what,
                  int *draws, int *unregistered)
{
    g_draws = g_unregistered = 0;
    ui_app_render(u->app, 0);
    long drawn = ui_app_drawn_px(u->app);
    *draws = g_draws;
    *unregistered = g_unregistered;
    OK(plat_display_read_rgba(u->disp, part));
    ui_app_render(u->app, 1);
    OK(plat_display_read_rgba(u->disp, ref));
    if (memcmp(part, ref, n)) {
        printf("  %s: differs from a full frame\n", what);
        CHECK(0);
    }
    printf("  %s: drew %ld pixels, %d draws, %d without targets\n", what, drawn, *draws,
           *unregistered);
    return drawn;
}

static void test_push_whole(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    const long all = 1080L * 1920;
    size_t n = (size_t)all * 4;
    uint8_t *part = malloc(n), *ref = malloc(n);
    REQUIRE(part && ref);
    ui_app *a = u.app;
    ui_screen *first = boxes_new(0), *second = boxes_new(1);
    REQUIRE(first && second);
    int draws, unreg;
    ui_app_push(a, first);
    ui_app_render(a, 0);
    ui_app_render(a, 1); /* a full frame: every cell's hash known */
    /* pushed: differs from the screen below in one box, drawn whole, once */
    ui_app_push(a, second);
    CHECK(frame(&u, part, ref, n, "pushed", &draws, &unreg) == all);
    CHECK_EQ_INT(draws, 1);
    CHECK_EQ_INT(unreg, 0);
    int x, y;
    CHECK(ui_app_find_target(a, "boxes.corner", &x, &y) == 0);
    /* the same box changed within the screen: recorded, its cells alone drawn */
    ((boxes *)second->priv)->tone = 0;
    ui_app_invalidate(a);
    long within = frame(&u, part, ref, n, "changed within", &draws, &unreg);
    CHECK(within > 0 && within * 20 < all);
    CHECK_EQ_INT(draws, 2);
    CHECK_EQ_INT(unreg, 1);
    ((boxes *)second->priv)->tone = 1;
    ui_app_invalidate(a);
    CHECK(frame(&u, part, ref, n, "changed back", &draws, &unreg) == within);
    /* popped: drawn whole, once */
    ui_app_pop(a);
    CHECK(frame(&u, part, ref, n, "popped", &draws, &unreg) == all);
    CHECK_EQ_INT(draws, 1);
    CHECK_EQ_INT(unreg, 0);
    /* nothing pushed since: a whole-screen change records again (no cell
     * changed: one pass under an empty clip registers the targets) */
    ui_app_invalidate(a);
    CHECK(frame(&u, part, ref, n, "the same again", &draws, &unreg) == 0);
    CHECK_EQ_INT(draws, 2);
    CHECK(ui_app_find_target(a, "boxes.corner", &x, &y) == 0);
    /* another root under it (home replaced): the top is the same, recorded */
    ui_app_set_root(a, boxes_new(1));
    CHECK(frame(&u, part, ref, n, "a root under it", &draws, &unreg) == 0);
    CHECK_EQ_INT(draws, 2);
    /* popped to that root: drawn whole */
    ui_app_pop(a);
    CHECK(frame(&u, part, ref, n, "popped to the root", &draws, &unreg) == all);
    CHECK_EQ_INT(draws, 1);
    /* a root set alone on the stack: another screen, drawn whole */
    ui_app_set_root(a, boxes_new(0));
    CHECK(frame(&u, part, ref, n, "a root alone", &draws, &unreg) == all);
    CHECK_EQ_INT(draws, 1);
    free(part);
    free(ref);
    uitest_close(&u);
}

static void test_portrait(void) { sized(1080, 1920); }
static void test_landscape(void) { sized(1920, 1080); }

/* ---- each drawing call's hash ---- */

typedef enum { P_CLEAR, P_RECT, P_ROUND, P_CORNERS, P_BOX, P_FRAME, P_SHADOW, P_CIRCLE, P_LINE,
               P_TEXT, P_RGB } probe_kind;

/* One drawing call and all it draws with. */
typedef struct {
    probe_kind kind;
    SDL_Rect r;    /* the shape; a line from (x, y) to (x + w, y + h); a circle's centre and
                      radius (w); text's or a picture's place (x, y) */
    int rad, thick, spread, blend; /* a line's blend mode: the renderer's draw mode */
    SDL_Color c, c2; /* the colour; a box's or frame's border */
    SDL_Rect clip;   /* w 0: none */
    const char *text;
    int px;
    text_weight weight;
    int pic; /* a picture's pixels: a seed */
} probe;

enum { PROBE_W = 256, PROBE_H = 256, PIC = 24 };
static const SDL_Color INK = {40, 90, 160, 255}, INK2 = {200, 60, 30, 255};

static void probe_draw(ui_screen *s, ui_app *a)
{
    const probe *p = s->priv;
    draw_ctx *d = ui_app_draw(a);
    draw_clip saved;
    int clipped = p->clip.w > 0;
    if (clipped)
        draw_clip_push(d, &p->clip, &saved);
    const SDL_Rect *r = &p->r;
    static uint8_t rgb[PIC * PIC * 3];
    switch (p->kind) {
    case P_CLEAR:
        draw_clear(d, p->c);
        break;
    case P_RECT:
        draw_rect(d, r, p->c);
        break;
    case P_ROUND:
        draw_round_rect(d, r, p->rad, p->c);
        break;
    case P_CORNERS:
        draw_round_corners(d, r, p->rad, p->c);
        break;
    case P_BOX:
        draw_round_box(d, r, p->rad, p->c, p->c2, p->thick);
        break;
    case P_FRAME:
        draw_rect(d, r, INK); /* an inside for the frame (its fill's inner corners show) */
        draw_round_frame(d, r, p->rad, p->c, p->c2, p->thick);
        break;
    case P_SHADOW:
        draw_shadow(d, r, p->rad, p->spread);
        break;
    case P_CIRCLE:
        draw_circle(d, r->x, r->y, r->w, p->c);
        break;
    case P_LINE: {
        SDL_Renderer *ren = ui_app_renderer(a);
        SDL_BlendMode was;
        SDL_GetRenderDrawBlendMode(ren, &was);
        SDL_SetRenderDrawBlendMode(ren, (SDL_BlendMode)p->blend);
        draw_line(d, r->x, r->y, r->x + r->w, r->y + r->h, p->thick, p->c);
        SDL_SetRenderDrawBlendMode(ren, was);
        break;
    }
    case P_TEXT: {
        text_style st = {.px = p->px, .weight = p->weight, .color = p->c};
        text_draw(ui_app_text(a), p->text, r->x, r->y, &st);
        break;
    }
    case P_RGB:
        for (int i = 0; i < PIC * PIC; i++) {
            uint32_t v = (uint32_t)(i * 2654435761u) ^ (uint32_t)p->pic * 40503u;
            rgb[i * 3] = (uint8_t)v;
            rgb[i * 3 + 1] = (uint8_t)(v >> 8);
            rgb[i * 3 + 2] = (uint8_t)(v >> 16);
        }
        draw_rgb(d, &(SDL_Rect){r->x, r->y, PIC * 2, PIC * 2}, rgb, PIC, PIC);
        break;
    }
    if (clipped)
        draw_clip_pop(d, &saved);
}

static const ui_screen_ops probe_ops = {"probe", probe_draw, NULL, NULL, NULL, ui_screen_free};

/* A call's first state, by kind: every shape within the same few cells. */
static probe probe_of(probe_kind k)
{
    probe p = {.kind = k, .r = {70, 70, 80, 50}, .rad = 10, .thick = 3, .spread = 9,
               .blend = SDL_BLENDMODE_BLEND, .c = INK, .c2 = INK2, .text = "村",
               .px = 28, .weight = TEXT_REGULAR, .pic = 1};
    if (k == P_CLEAR)
        p.clip = (SDL_Rect){70, 70, 80, 50};
    if (k == P_CIRCLE)
        p.r = (SDL_Rect){110, 100, 20, 0};
    if (k == P_LINE) {
        p.r = (SDL_Rect){72, 75, 60, 30};
        p.thick = 5;
        p.c.a = 160;
    }
    if (k == P_TEXT)
        p.r = (SDL_Rect){70, 74, 0, 0};
    return p;
}

typedef struct {
    const char *what;
    probe_kind kind;
    void (*change)(probe *p);
} probe_case;

static void ch_color(probe *p) { p->c.g += 60; }
static void ch_alpha(probe *p) { p->c.a = p->c.a == 255 ? 128 : 255; }
static void ch_color2(probe *p) { p->c2.b += 90; }
static void ch_x(probe *p) { p->r.x += 3; }
static void ch_y(probe *p) { p->r.y += 3; }
static void ch_w(probe *p) { p->r.w += 3; }
static void ch_h(probe *p) { p->r.h += 3; }
static void ch_rad(probe *p) { p->rad += 4; }
static void ch_thick(probe *p) { p->thick += 2; }
static void ch_spread(probe *p) { p->spread += 6; }
static void ch_blend(probe *p) { p->blend = SDL_BLENDMODE_NONE; }
/* one character at the same place: only the character (the size, the
 * weight) differs, not the pen's place nor the line's top */
static void ch_text(probe *p) { p->text = "站"; }
static void ch_px(probe *p) { p->px += 2; }
static void ch_weight(probe *p) { p->weight = TEXT_BOLD; }
/* a clip that cuts the shape (the text) a few pixels inside its cells */
static void ch_clip(probe *p) { p->clip = (SDL_Rect){66, 66, p->kind == P_TEXT ? 20 : 80, 60}; }
static void ch_clip_y(probe *p) { p->clip = (SDL_Rect){66, 66, 80, 20}; }
static void ch_pic(probe *p) { p->pic++; }
static void ch_none(probe *p) { (void)p; }

static const probe_case CASES[] = {
    {"nothing", P_RECT, ch_none},
    {"clear: colour", P_CLEAR, ch_color},
    {"clear: clip", P_CLEAR, ch_clip},
    {"rect: colour", P_RECT, ch_color},
    {"rect: alpha", P_RECT, ch_alpha},
    {"rect: x", P_RECT, ch_x},
    {"rect: y", P_RECT, ch_y},
    {"rect: w", P_RECT, ch_w},
    {"rect: h", P_RECT, ch_h},
    {"rect: clip", P_RECT, ch_clip},
    {"round rect: colour", P_ROUND, ch_color},
    {"round rect: alpha", P_ROUND, ch_alpha},
    {"round rect: x", P_ROUND, ch_x},
    {"round rect: h", P_ROUND, ch_h},
    {"round rect: radius", P_ROUND, ch_rad},
    {"corners: colour", P_CORNERS, ch_color},
    {"corners: alpha", P_CORNERS, ch_alpha},
    {"corners: w", P_CORNERS, ch_w},
    {"corners: radius", P_CORNERS, ch_rad},
    {"box: fill", P_BOX, ch_color},
    {"box: border", P_BOX, ch_color2},
    {"box: border's width", P_BOX, ch_thick},
    {"box: radius", P_BOX, ch_rad},
    {"box: y", P_BOX, ch_y},
    {"frame: fill", P_FRAME, ch_color},
    {"frame: border", P_FRAME, ch_color2},
    {"frame: border's width", P_FRAME, ch_thick},
    {"frame: radius", P_FRAME, ch_rad},
    {"shadow: spread", P_SHADOW, ch_spread},
    {"shadow: radius", P_SHADOW, ch_rad},
    {"shadow: w", P_SHADOW, ch_w},
    {"shadow: h", P_SHADOW, ch_h},
    {"circle: colour", P_CIRCLE, ch_color},
    {"circle: alpha", P_CIRCLE, ch_alpha},
    {"circle: centre", P_CIRCLE, ch_x},
    {"circle: radius", P_CIRCLE, ch_w},
    {"line: colour", P_LINE, ch_color},
    {"line: alpha", P_LINE, ch_alpha},
    {"line: place", P_LINE, ch_y},
    {"line: end", P_LINE, ch_w},
    {"line: width", P_LINE, ch_thick},
    {"line: blend mode", P_LINE, ch_blend},
    {"text: a character", P_TEXT, ch_text},
    {"text: font size", P_TEXT, ch_px},
    {"text: weight", P_TEXT, ch_weight},
    {"text: colour", P_TEXT, ch_color},
    {"text: alpha", P_TEXT, ch_alpha},
    {"text: x", P_TEXT, ch_x},
    {"text: y", P_TEXT, ch_y},
    {"text: clip", P_TEXT, ch_clip},
    {"text: clip's height", P_TEXT, ch_clip_y},
    {"picture: its pixels", P_RGB, ch_pic},
};

static void test_each_call(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, PROBE_W, PROBE_H) == 0);
    ui_app *a = u.app;
    ui_screen *s = ui_screen_new(&probe_ops, sizeof(probe));
    REQUIRE(s != NULL);
    ui_app_push(a, s);
    probe *p = s->priv;
    size_t n = (size_t)PROBE_W * PROBE_H * 4;
    uint8_t *first = malloc(n), *part = malloc(n), *full = malloc(n);
    REQUIRE(first && part && full);
    int stale = 0;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const probe_case *c = &CASES[i];
        *p = probe_of(c->kind);
        ui_app_render(a, 1); /* the call as it was, drawn in full and hashed */
        OK(plat_display_read_rgba(u.disp, first));
        c->change(p);
        ui_app_invalidate(a); /* a whole-screen change: through the tile record */
        ui_app_render(a, 0);
        long drawn = ui_app_drawn_px(a);
        OK(plat_display_read_rgba(u.disp, part));
        ui_app_render(a, 1);
        OK(plat_display_read_rgba(u.disp, full));
        int same = !memcmp(part, full, n), moved = memcmp(first, full, n) != 0;
        if (c->change == ch_none) {
            printf("  %s changed: drew %ld pixels\n", c->what, drawn);
            CHECK_EQ_INT(drawn, 0);
            CHECK(same && !moved);
            continue;
        }
        printf("  %s changed: drew %ld of %d pixels%s\n", c->what, drawn, PROBE_W * PROBE_H,
               same ? "" : ", the canvas stale");
        CHECK(moved); /* the change shows */
        CHECK(drawn > 0 && drawn < (long)PROBE_W * PROBE_H); /* some cells, through the record */
        CHECK(same);
        stale += !same;
    }
    printf("  %d of %zu changes left the canvas stale\n", stale, sizeof CASES / sizeof CASES[0]);
    free(first);
    free(part);
    free(full);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_each_call);
    RUN(test_portrait);
    RUN(test_landscape);
    RUN(test_push_whole);
    return check_summary();
}
