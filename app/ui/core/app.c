/* app.c — the screen stack (app.h): making the app (full or bare), screens
 * pushed and popped, touch targets and tap detection, timers, the event loop
 * and screenshots. The session's state beside it is session.c; the struct both
 * share is app_int.h. */
#include "ui/core/app_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "plat_clock.h"
#include "plat_paths.h"
#include "core/pngio.h"
#include "core/strings.h"
#include "core/utf8.h"

#define TAP_SLOP_PX 40 /* a finger may wander this far and still tap */

static const char *fallback_fonts[][2] = {
    {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "2"},
    {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "0"},
};

static void find_fallback(const char **fb, int *fbi)
{
    *fb = NULL;
    *fbi = 0;
    for (size_t i = 0; i < sizeof fallback_fonts / sizeof fallback_fonts[0]; i++) {
        FILE *f = fopen(fallback_fonts[i][0], "rb");
        if (f) {
            fclose(f);
            *fb = fallback_fonts[i][0];
            *fbi = atoi(fallback_fonts[i][1]);
            return;
        }
    }
}

static ui_app *app_alloc(plat_display *d, core_config *cfg, const ui_app_screens *screens)
{
    ui_app *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->disp = d;
    if (screens)
        a->screens = *screens;
    a->ren = plat_display_renderer(d);
    a->cfg = cfg;
    a->draw = draw_new(a->ren, plat_display_canvas(d));
    if (!a->draw) {
        free(a);
        return NULL;
    }
    a->elderly = (int)core_config_get_int(cfg, "ui.elderly_default", 0);
    a->pending = -1; /* not pinned: ask the sync engine / store */
    int w, h;
    plat_display_size(d, &w, &h);
    ui_theme_compute(&a->theme, w, h, a->elderly);
    dirty_init(&a->area, w, h);
    a->dirty = 1;
    a->last_input = plat_clock_mono_ms();
    return a;
}

/* The words text is not broken inside (assets/text/words.txt). Without
 * them text still shows whole, a line breaking between any two characters:
 * a warning, not a failure. */
static void load_words(ui_app *a)
{
    char path[1024], err[512];
    plat_paths_join(path, sizeof path, plat_paths_assets(), "text/words.txt");
    a->words_held = words_kiosk_load(path, err, sizeof err) == 0;
    if (!a->words_held)
        core_log(CORE_LOG_WARN, "ui", "no word list, lines may break inside words: %s", err);
    text_set_words(a->text, words_kiosk());
}

ui_app *ui_app_new(plat_display *d, core_config *cfg, const ui_app_screens *screens, char *err,
                   size_t errlen)
{
    char path[1024];
    plat_paths_join(path, sizeof path, plat_paths_assets(), "text/zh-CN.txt");
    if (core_strings_load(path, err, errlen) != 0)
        return NULL;
    const char *fb;
    int fbi;
    find_fallback(&fb, &fbi);
    if (!fb)
        core_log(CORE_LOG_WARN, "ui", "no full CJK font found; rare characters will show as boxes");
    ui_app *a = app_alloc(d, cfg, screens);
    if (!a) {
        snprintf(err, errlen, "out of memory");
        core_strings_free();
        return NULL;
    }
    plat_paths_join(path, sizeof path, plat_paths_assets(), "fonts");
    a->text = text_new(a->ren, plat_display_canvas(a->disp), path, fb, fbi, err, errlen);
    if (!a->text) {
        ui_app_free(a);
        return NULL;
    }
    a->caps = UI_APP_HAS_TEXT | UI_APP_HAS_STRINGS;
    load_words(a);
    if (a->screens.home)
        ui_app_push(a, a->screens.home());
    return a;
}

ui_app *ui_app_new_bare(plat_display *d, core_config *cfg, const ui_app_screens *screens)
{
    char path[1024], err[256];
    int strings = 0;
    plat_paths_join(path, sizeof path, plat_paths_assets(), "text/zh-CN.txt");
    strings = core_strings_load(path, err, sizeof err) == 0;
    ui_app *a = app_alloc(d, cfg, screens);
    if (!a) {
        core_strings_free();
        return NULL;
    }
    const char *fb;
    int fbi;
    find_fallback(&fb, &fbi);
    plat_paths_join(path, sizeof path, plat_paths_assets(), "fonts");
    a->text = text_new(a->ren, plat_display_canvas(a->disp), path, fb, fbi, err, sizeof err);
    if (!a->text && fb)
        a->text = text_new(a->ren, plat_display_canvas(a->disp), NULL, fb, fbi, err, sizeof err);
    a->caps = (a->text ? UI_APP_HAS_TEXT : 0) | (strings ? UI_APP_HAS_STRINGS : 0);
    if (a->text)
        load_words(a);
    core_log(CORE_LOG_WARN, "ui", "bare start: text %s, interface words %s",
             a->text ? (fb ? "from a font" : "own fonts") : "none", strings ? "loaded" : "missing");
    return a;
}

int ui_app_caps(const ui_app *a) { return a->caps; }

void ui_app_set_root(ui_app *a, ui_screen *s)
{
    if (!s)
        return;
    if (a->depth == 0) {
        ui_app_push(a, s);
        return;
    }
    if (a->stack[0]->ops->destroy)
        a->stack[0]->ops->destroy(a->stack[0]);
    a->stack[0] = s;
    if (a->depth == 1)
        a->stack_gen++; /* another screen on top */
    a->next_tick = 1;
    a->dirty = 1;
}

void ui_app_free(ui_app *a)
{
    if (!a)
        return;
    while (a->depth > 0) {
        ui_screen *s = a->stack[--a->depth];
        if (s && s->ops->destroy)
            s->ops->destroy(s);
    }
    text_free(a->text);
    if (a->words_held)
        words_kiosk_free();
    draw_free(a->draw);
    tiles_free(a->tiles);
    core_strings_free();
    free(a);
}

SDL_Renderer *ui_app_renderer(ui_app *a) { return a->ren; }
text_ctx *ui_app_text(ui_app *a) { return a->text; }
draw_ctx *ui_app_draw(ui_app *a) { return a->draw; }
const ui_theme *ui_app_theme(const ui_app *a) { return &a->theme; }
core_config *ui_app_config(ui_app *a) { return a->cfg; }
void ui_app_invalidate(ui_app *a) { a->dirty = 1; }

void ui_app_invalidate_rect(ui_app *a, const SDL_Rect *r)
{
    if (!a->dirty)
        dirty_add(&a->area, r);
}

/* Marks the boxes of target id with the shadow a raised button casts around
 * them; 0 when no target has that id. */
static int mark_found(ui_app *a, const char *id)
{
    int found = 0;
    for (int i = 0; i < a->ntargets; i++)
        if (!strcmp(a->targets[i].id, id)) {
            const SDL_Rect *t = &a->targets[i].r;
            int m = a->targets[i].flat ? 0 : a->theme.unit;
            SDL_Rect r = {t->x - m, t->y - m, t->w + 2 * m, t->h + 2 * m};
            ui_app_invalidate_rect(a, &r);
            found = 1;
        }
    return found;
}

/* A target's pressed look changed: its boxes need drawing again (the whole
 * screen if the target is not on it any more). */
static void mark_target(ui_app *a, const char *id)
{
    if (!mark_found(a, id))
        a->dirty = 1;
}

void ui_app_invalidate_target(ui_app *a, const char *id) { (void)mark_found(a, id); }

ui_screen *ui_app_top(ui_app *a) { return a->depth ? a->stack[a->depth - 1] : NULL; }

ui_screen *ui_app_below(ui_app *a, const ui_screen *s)
{
    for (int i = a->depth - 1; i > 0; i--)
        if (a->stack[i] == s)
            return a->stack[i - 1];
    return NULL;
}

void ui_app_wake_at(ui_app *a, uint64_t ms)
{
    if (!a->next_tick || ms < a->next_tick)
        a->next_tick = ms ? ms : 1;
}

void ui_app_set_hidden_entry(ui_app *a, ui_hidden_fn fn, void *ud)
{
    a->hidden = fn;
    a->hidden_ud = ud;
}

ui_screen *ui_screen_new(const ui_screen_ops *ops, size_t priv_size)
{
    /* one block: the screen, then its state at the next suitably aligned offset */
    size_t align = _Alignof(max_align_t);
    size_t off = (sizeof(ui_screen) + align - 1) / align * align;
    ui_screen *s = calloc(1, off + priv_size);
    if (s) {
        s->ops = ops;
        s->priv = (char *)s + off;
    }
    return s;
}

void ui_screen_free(ui_screen *s) { free(s); }

void ui_app_push(ui_app *a, ui_screen *s)
{
    if (!s)
        return;
    if (a->depth == UI_APP_MAX_SCREENS) {
        if (s->ops->destroy)
            s->ops->destroy(s);
        return;
    }
    a->stack[a->depth++] = s;
    a->stack_gen++;
    a->pressed[0] = '\0';
    a->next_tick = 1; /* let the new screen schedule itself */
    a->dirty = 1;
}

void ui_app_pop(ui_app *a)
{
    if (a->depth <= 1)
        return; /* home stays */
    ui_screen *s = a->stack[--a->depth];
    if (s->ops->destroy)
        s->ops->destroy(s);
    a->stack_gen++;
    a->pressed[0] = '\0';
    a->next_tick = 1;
    a->dirty = 1;
}

void ui_app_go_home(ui_app *a)
{
    while (a->depth > 1)
        ui_app_pop(a);
}

void ui_app_clip_targets(ui_app *a, const SDL_Rect *view)
{
    a->clipping = view != NULL;
    if (view)
        a->target_clip = *view;
}

/* What of target r shows inside the targets' clip (into out): 0 when nothing
 * does, or less than half of its height while that is also less than half
 * the clip's (a sliver at the view's edge; a target taller than the view
 * keeps what fills most of it). */
static int clip_target(const ui_app *a, const SDL_Rect *r, SDL_Rect *out)
{
    if (!a->clipping) {
        *out = *r;
        return 1;
    }
    if (!SDL_IntersectRect(r, &a->target_clip, out))
        return 0;
    return out->h * 2 >= r->h || out->h * 2 >= a->target_clip.h;
}

/* Adds a target (none when the list is full), cut to the targets' clip.
 * Every pass of a partial frame adds each of the screen's targets again (a
 * keystroke's frames, four passes, some 230 of them), so the id is copied,
 * not printed. */
static void add_target(ui_app *a, const SDL_Rect *r, const char *id, int flat)
{
    SDL_Rect in;
    if (a->ntargets == UI_APP_MAX_TARGETS || a->passes_left || a->recording ||
        !clip_target(a, r, &in))
        return;
    app_target *t = &a->targets[a->ntargets++];
    t->r = in;
    t->flat = flat;
    utf8_copy(t->id, sizeof t->id, id);
}

int ui_app_registers(const ui_app *a) { return !a->passes_left && !a->recording; }

int ui_app_keep_targets(ui_app *a)
{
    if (!a->keep_ok || a->recording || a->layer_pass || a->covering)
        return 0;
    if (!a->passes_left)
        a->ntargets = a->kept_targets; /* the last pass: the last frame's stand */
    return 1;
}

void ui_app_target(ui_app *a, const SDL_Rect *r, const char *id) { add_target(a, r, id, 0); }

void ui_app_target_flat(ui_app *a, const SDL_Rect *r, const char *id) { add_target(a, r, id, 1); }

int ui_app_pressed(const ui_app *a, const char *id)
{
    return a->pressed[0] && strcmp(a->pressed, id) == 0;
}

int ui_app_find_target(const ui_app *a, const char *id, int *x, int *y)
{
    for (int i = a->ntargets - 1; i >= 0; i--)
        if (strcmp(a->targets[i].id, id) == 0) {
            *x = a->targets[i].r.x + a->targets[i].r.w / 2;
            *y = a->targets[i].r.y + a->targets[i].r.h / 2;
            return 0;
        }
    return -1;
}

void ui_app_each_target(const ui_app *a, void (*fn)(void *ud, const char *id, const SDL_Rect *r),
                        void *ud)
{
    for (int i = 0; i < a->ntargets; i++)
        fn(ud, a->targets[i].id, &a->targets[i].r);
}

static const app_target *hit(const ui_app *a, int x, int y)
{
    /* Later targets are drawn on top (dialogs), so search from the end. */
    for (int i = a->ntargets - 1; i >= 0; i--) {
        const SDL_Rect *r = &a->targets[i].r;
        if (x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h)
            return &a->targets[i];
    }
    return NULL;
}

/* Hashes what the drawing layer draws into t (NULL: stops); record_only:
 * and draws nothing. */
static void hash_into(ui_app *a, tiles_grid *t, int record_only)
{
    draw_set_tiles(a->draw, t, record_only);
    if (a->text)
        text_set_tiles(a->text, t, record_only);
}

/* The grid for the canvas as it is now (made again when its size changed:
 * then all of it unknown); NULL when out of memory. */
static tiles_grid *grid(ui_app *a)
{
    int w, h;
    plat_display_size(a->disp, &w, &h);
    if (!tiles_fits(a->tiles, w, h)) {
        tiles_free(a->tiles);
        a->tiles = tiles_new(w, h);
        a->tiles_blank = 1;
    }
    return a->tiles;
}

/* What the screen's draw may leave undrawn, r (NULL: all drawn). */
static void set_cover(ui_app *a, const SDL_Rect *r)
{
    draw_set_cover(a->draw, r);
    if (a->text)
        text_set_cover(a->text, r);
}

/* A frame's draws of the screen begin: under the cover of the layer the last
 * frame drew over the same screen when use is set (covering), and with this
 * frame's layer not seen yet. */
static void cover_begin(ui_app *a, int use)
{
    a->covering = use && a->cover.w > 0 && a->cover_gen == a->stack_gen;
    a->cover_bad = 0;
    a->frame_layered = 0;
    a->frame_cover = (SDL_Rect){0, 0, 0, 0};
}

/* They ended: the next frame's cover is what this one's layer declared.
 * 1 when they are to be drawn again without cover (a pass drew under it
 * and its layer did not cover it all: a dialog closed, or its card shrank,
 * since the last frame). */
static int cover_end(ui_app *a)
{
    int bad = a->covering && a->cover_bad;
    a->covering = 0;
    a->cover = a->frame_layered ? a->frame_cover : (SDL_Rect){0, 0, 0, 0};
    a->cover_gen = a->stack_gen;
    return bad;
}

/* One draw of the screen begins and ends (a pass). */
static void pass_begin(ui_app *a)
{
    a->layer_seen = 0;
    set_cover(a, a->covering ? &a->cover : NULL);
}

static void pass_end(ui_app *a)
{
    if (a->covering && !a->layer_seen)
        a->cover_bad = 1;
    set_cover(a, NULL);
}

/* The whole screen drawn from scratch and shown, its cells hashed as drawn. */
static void full_frame(ui_app *a, ui_screen *s)
{
    tiles_grid *t = grid(a);
    cover_begin(a, 1);
    for (;;) {
        a->ntargets = 0;
        a->clipping = 0;
        if (t) {
            tiles_record_begin(t);
            hash_into(a, t, 0);
        }
        pass_begin(a);
        draw_clear(a->draw, a->theme.bg);
        if (s && s->ops->draw)
            s->ops->draw(s, a);
        pass_end(a);
        if (t)
            hash_into(a, NULL, 0);
        if (!cover_end(a))
            break;
        cover_begin(a, 0); /* its layer no longer covers what was left: all again */
    }
    if (t) {
        tiles_keep(t, NULL);
        a->tiles_blank = 0;
    }
    plat_display_present(a->disp);
    a->drawn_px = (long)a->area.w * a->area.h;
}

static const SDL_Rect NOWHERE = {-2, -2, 1, 1}; /* a clip that shows nothing */

/* One pass of the screen's draw for each of the n areas r, under its clip:
 * each pass registers the targets again, and the last one's stay (the
 * others' are dropped: ui_app_registers). t set: each area's cells hashed
 * afresh as drawn. */
static void passes(ui_app *a, ui_screen *s, const SDL_Rect *r, int n, tiles_grid *t)
{
    a->kept_targets = a->ntargets;
    for (int i = 0; i < n; i++) {
        SDL_RenderSetClipRect(a->ren, &r[i]);
        a->passes_left = n - 1 - i;
        a->ntargets = 0;
        a->clipping = 0;
        if (t)
            tiles_record_area(t, &r[i]);
        pass_begin(a);
        draw_clear(a->draw, a->theme.bg);
        if (s && s->ops->draw)
            s->ops->draw(s, a);
        pass_end(a);
    }
    SDL_RenderSetClipRect(a->ren, NULL);
    a->passes_left = 0;
}

/* passes under the cover of the last frame's layer (cover_begin), drawn
 * again without it when that layer no longer covers it. */
static void covered_passes(ui_app *a, ui_screen *s, const SDL_Rect *r, int n, tiles_grid *t)
{
    cover_begin(a, 1);
    passes(a, s, r, n, t);
    if (cover_end(a)) {
        cover_begin(a, 0);
        passes(a, s, r, n, t);
        cover_end(a);
    }
}

enum { LAYER_UNDER = 1, LAYER_OVER = 2 };

void ui_app_layer(ui_app *a, const SDL_Rect *cover)
{
    const SDL_Rect *k = &a->cover;
    if (a->covering && !a->layer_seen &&
        (!cover || k->x < cover->x || k->y < cover->y || k->x + k->w > cover->x + cover->w ||
         k->y + k->h > cover->y + cover->h))
        a->cover_bad = 1; /* what the screen left undrawn, this layer leaves showing */
    if (!a->frame_layered) {
        a->frame_layered = 1;
        a->frame_cover = cover ? *cover : (SDL_Rect){0, 0, 0, 0};
    }
    set_cover(a, NULL); /* the layer itself draws everything */
    a->layer_seen = 1;
    if (a->recording && a->tiles)
        tiles_layer(a->tiles);
    if (a->layer_pass == LAYER_UNDER) /* what lies under it only: the layer nowhere */
        SDL_RenderSetClipRect(a->ren, &NOWHERE);
    else if (a->layer_pass == LAYER_OVER) /* the layer alone, over all of the screen */
        SDL_RenderSetClipRect(a->ren, NULL);
}

/* A frame that opens a layer over the whole screen (a dialog), on a canvas
 * that holds the frame before: the frame under the layer drawn again in the
 * n areas r where it changed (its draw cut off where the layer begins), then
 * the layer over the whole screen (the draw shows nothing until the layer
 * begins), and shown whole. The canvas then holds what the record hashed.
 * 0 when done; -1 when the screen opened no layer in the pass over the
 * whole screen (then nothing was drawn over the areas: the whole frame is
 * to be drawn). */
static int layer_frame(ui_app *a, ui_screen *s, tiles_grid *t, const SDL_Rect *r, int n)
{
    a->layer_pass = LAYER_UNDER;
    if (n > 0)
        covered_passes(a, s, r, n, NULL);
    a->layer_pass = LAYER_OVER;
    a->layer_seen = 0;
    a->passes_left = 0;
    a->ntargets = 0;
    a->clipping = 0;
    SDL_RenderSetClipRect(a->ren, &NOWHERE);
    draw_clear(a->draw, a->theme.bg);
    if (s && s->ops->draw)
        s->ops->draw(s, a);
    SDL_RenderSetClipRect(a->ren, NULL);
    a->layer_pass = 0;
    if (!a->layer_seen)
        return -1;
    tiles_keep(t, NULL);
    a->drawn_px = 0;
    for (int i = 0; i < n; i++)
        a->drawn_px += (long)r[i].w * r[i].h;
    plat_display_present(a->disp);
    return 0;
}

/* A whole-screen change drawn where it changes the canvas: the screen's draw
 * recorded without pixels (tiles.h), its cells compared with the canvas's,
 * and only the changed ones drawn (a pass each of few cell-aligned areas,
 * hashed as drawn) and shown. 0 when done; -1 when most of it changed and
 * the whole frame is to be drawn instead. */
static int tile_frame(ui_app *a, ui_screen *s, tiles_grid *t)
{
    tiles_record_begin(t);
    hash_into(a, t, 1);
    a->recording = 1;
    a->clipping = 0;
    cover_begin(a, 0); /* and this frame's layer's cover learnt, for the passes */
    pass_begin(a);
    draw_clear(a->draw, a->theme.bg);
    if (s && s->ops->draw)
        s->ops->draw(s, a);
    pass_end(a);
    cover_end(a);
    a->recording = 0;
    hash_into(a, NULL, 0);
    SDL_Rect r[DIRTY_MAX];
    int n = tiles_changed(t, r, DIRTY_MAX);
    if (n < 0) { /* a layer opened over all of it: what changed under it, if little */
        n = tiles_changed_under(t, r, DIRTY_MAX);
        return n < 0 ? -1 : layer_frame(a, s, t, r, n);
    }
    a->drawn_px = 0;
    if (n == 0) { /* nothing changed: one pass under an empty clip registers the targets */
        passes(a, s, &NOWHERE, 1, NULL);
        return 0;
    }
    hash_into(a, t, 0);
    covered_passes(a, s, r, n, t);
    hash_into(a, NULL, 0);
    for (int i = 0; i < n; i++) {
        tiles_keep(t, &r[i]);
        a->drawn_px += (long)r[i].w * r[i].h;
    }
    plat_display_present_rects(a->disp, r, n);
    return 0;
}

void ui_app_render(ui_app *a, int force)
{
    if (!a->dirty && !force && !dirty_any(&a->area))
        return;
    ui_screen *s = ui_app_top(a);
    draw_frame_begin(a->draw);
    if (a->dirty || force || a->area.full) {
        /* a whole-screen change on a canvas whose cells are known: only
         * what changes. A forced frame is drawn from scratch, and so is
         * another screen (pushed, popped or set since the last frame): it
         * changes most cells (nine in ten from home to a menu, seven in ten
         * when a form's member screen opens), and its record would cost
         * more than the cells it spares */
        tiles_grid *t = force ? NULL : grid(a);
        if (!t || a->tiles_blank || a->stack_gen != a->drawn_gen || tile_frame(a, s, t) != 0)
            full_frame(a, s);
    } else {
        /* Only the marked areas: the screen draws as always, the clip keeps
         * everything else as it is; their cells are not hashed (unknown). */
        /* one area (the clock's minute): a draw may stop once it has drawn
         * what shows through it, the targets kept (ui_app_keep_targets);
         * of several, the last pass's targets must be those of the whole */
        a->keep_ok = a->area.n == 1;
        covered_passes(a, s, a->area.r, a->area.n, NULL);
        a->keep_ok = 0;
        a->drawn_px = 0;
        for (int i = 0; i < a->area.n; i++) {
            tiles_forget(a->tiles, &a->area.r[i]);
            a->drawn_px += (long)a->area.r[i].w * a->area.r[i].h;
        }
        plat_display_present_rects(a->disp, a->area.r, a->area.n);
    }
    a->dirty = 0;
    a->drawn_gen = a->stack_gen;
    dirty_clear(&a->area);
}

void ui_app_forget(ui_app *a, const SDL_Rect *r)
{
    if (a->tiles) {
        tiles_forget(a->tiles, r);
        a->tiles_blank |= !r; /* no cell known: no record to compare */
    }
}

long ui_app_drawn_px(const ui_app *a) { return a->drawn_px; }

void ui_app_handle(ui_app *a, const plat_event *ev)
{
    ui_screen *s = ui_app_top(a);
    if (ev->type >= PLAT_EV_DOWN && ev->type <= PLAT_EV_TEXT)
        a->last_input = plat_clock_mono_ms();
    if (a->hidden && a->depth == 1 && ev->type >= PLAT_EV_DOWN && ev->type <= PLAT_EV_UP) {
        int g = tech_gesture_feed(&a->gesture, ev, a->theme.w, a->theme.h);
        if (g != TECH_GESTURE_NONE) { /* a corner hold is not a tap */
            if (a->pressed[0])
                mark_target(a, a->pressed);
            a->pressed[0] = '\0';
            a->down = 0;
            if (g == TECH_GESTURE_DONE)
                ui_app_push(a, a->hidden(a->hidden_ud, a));
            return;
        }
    }
    switch (ev->type) {
    case PLAT_EV_QUIT:
        a->quit = 1;
        return;
    case PLAT_EV_EXPOSE:
        /* the output lost what it showed: all of it drawn and shown again,
         * not only what changed on the canvas */
        ui_app_forget(a, NULL);
        a->dirty = 1;
        return;
    case PLAT_EV_WAKE:
        /* another thread has news (the engine's state, a catalogue, the
         * network, the watchdog's kick): the screen's tick looks at once and
         * marks only what changed (home: the header's badge, the upload
         * count; a page whose job ended: itself); nothing changed, nothing
         * is drawn */
        a->next_tick = 1;
        return;
    case PLAT_EV_DOWN: {
        if (a->dirty)
            ui_app_render(a, 0); /* targets must match what is on screen */
        const app_target *t = hit(a, ev->x, ev->y);
        a->down = 1;
        a->down_x = ev->x;
        a->down_y = ev->y;
        snprintf(a->pressed, sizeof a->pressed, "%s", t ? t->id : "");
        if (t)
            mark_target(a, t->id);
        break;
    }
    case PLAT_EV_MOVE:
        if (a->pressed[0] && (abs(ev->x - a->down_x) > TAP_SLOP_PX ||
                              abs(ev->y - a->down_y) > TAP_SLOP_PX)) {
            mark_target(a, a->pressed);
            a->pressed[0] = '\0'; /* became a drag */
        }
        break;
    case PLAT_EV_UP: {
        a->down = 0;
        if (a->pressed[0]) {
            char id[64];
            snprintf(id, sizeof id, "%s", a->pressed);
            a->pressed[0] = '\0';
            mark_target(a, id);
            const app_target *t = hit(a, ev->x, ev->y);
            if (t && strcmp(t->id, id) == 0 && s && s->ops->activate) {
                if (s->ops->event)
                    s->ops->event(s, a, ev);
                s->ops->activate(s, a, id);
                return;
            }
        }
        break;
    }
    case PLAT_EV_KEY:
        /* Every key goes to the screen first; an Escape it does not use goes back. */
        if (s && s->ops->event && s->ops->event(s, a, ev))
            return;
        if (ev->key == PLAT_KEY_ESCAPE)
            ui_app_pop(a);
        return;
    default:
        break;
    }
    if (s && s->ops->event)
        s->ops->event(s, a, ev);
}

void ui_app_tick(ui_app *a)
{
    uint64_t now = plat_clock_mono_ms();
    ui_session_net_look(a, now);
    uint64_t due = ui_session_idle_due(a);
    if (due && now >= due && a->screens.idle) {
        ui_screen *idle = a->screens.idle();
        if (idle)
            a->idle_ops = idle->ops; /* the session is not open while it shows */
        ui_app_push(a, idle);
    }
    if (a->next_tick && now >= a->next_tick) {
        ui_screen *s = ui_app_top(a);
        a->next_tick = 0;
        uint64_t next = (s && s->ops->tick) ? s->ops->tick(s, a, now) : 0;
        if (next)
            ui_app_wake_at(a, next);
    }
}

uint64_t ui_app_next_wake(const ui_app *a)
{
    uint64_t wake = a->next_tick, due = ui_session_idle_due(a), net = ui_session_net_due(a);
    if (due && (!wake || due < wake))
        wake = due;
    if (net && (!wake || net < wake))
        wake = net;
    return wake;
}

int ui_app_run(ui_app *a)
{
    while (!a->quit) {
        ui_app_tick(a);
        ui_app_render(a, 0);
        int timeout = -1;
        uint64_t wake = ui_app_next_wake(a);
        if (wake) {
            uint64_t now = plat_clock_mono_ms();
            timeout = wake > now ? (int)(wake - now) : 0;
        }
        plat_event ev;
        if (plat_input_wait(a->disp, &ev, timeout))
            ui_app_handle(a, &ev);
    }
    return 0;
}

int ui_app_panel_shot(ui_app *a, const char *path, char *err, size_t errlen)
{
    int w, h;
    if (plat_display_panel_size(a->disp, &w, &h) != 0) {
        snprintf(err, errlen, "no panel: screen.output is not kms or mem:WxH");
        return -1;
    }
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    if (!px) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = plat_display_read_panel(a->disp, px);
    if (rc != 0)
        snprintf(err, errlen, "cannot read the panel: %s", SDL_GetError());
    else
        rc = core_png_write(path, px, w, h, err, errlen);
    free(px);
    return rc;
}

int ui_app_screenshot(ui_app *a, const char *path, char *err, size_t errlen)
{
    ui_app_render(a, 1);
    int w, h;
    plat_display_size(a->disp, &w, &h);
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    if (!px) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = plat_display_read_rgba(a->disp, px);
    if (rc != 0)
        snprintf(err, errlen, "cannot read the canvas: %s", SDL_GetError());
    else
        rc = core_png_write(path, px, w, h, err, errlen);
    free(px);
    return rc;
}
