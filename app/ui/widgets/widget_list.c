/* widget_list.c — scrolling list with drag, inertia and choice marks. */
#include "ui/widgets/widget_list.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "plat_clock.h"
#include "ui/widgets/widget.h"

#define DRAG_SLOP_PX 40      /* same as the app's tap slop: a drag is never also a tap */
#define GLIDE_TAU_MS 325.0   /* velocity falls to 1/e in this time */
#define GLIDE_MIN_V 0.02     /* px/ms: below this the glide stops */
#define FLING_MIN_V 0.10     /* px/ms: slower releases do not glide */
#define FRAME_MS 16

typedef struct {
    char *text, *sub;
    int chosen;
    int h; /* height at the last draw: its line's, gap below included */
    int own; /* its own height in that line (its text's, the gap not) */
    int th, th_w, th_style; /* its text's height as drawn, at that width and style (ui_list_draw) */
} row;

struct ui_list {
    char id[40];
    ui_list_mode mode;
    row *rows;
    int n;
    size_t cap;
    SDL_Rect area;       /* where it was last drawn */
    int content_h;       /* all rows, at the last draw */
    int tail;            /* of it, the gap under the last line: blank, needing no room */
    double pos;          /* scroll offset, px */
    double vel;          /* px/ms, positive scrolls towards the end */
    int gliding;
    uint64_t glide_t;    /* time of the last glide step */
    int down, dragged, swallow;
    int down_y, last_y;
    double down_pos;
    uint64_t last_t;
    int tapped;
    int top_row; /* row to scroll to the top at the next draw, or -1 */
    int mkey[5];  /* what the rows' heights were measured for (measure); mkey[0] -1: not yet */
    int bkey[6];  /* the area and sizes `bar` was decided for; bkey[0] -1: not yet */
    int bar;      /* the rows scroll: the scroll bar's room is kept at their right */
    int cols;     /* rows side by side (ui_list_set_columns), >= 1 */
};

ui_list *ui_list_new(const char *id, ui_list_mode mode)
{
    ui_list *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    snprintf(l->id, sizeof l->id, "%s", id);
    l->mode = mode;
    l->tapped = -1;
    l->top_row = -1;
    l->mkey[0] = -1;
    l->bkey[0] = -1;
    l->cols = 1;
    return l;
}

static void wipe(char *s)
{
    if (s)
        memset(s, 0, strlen(s));
    free(s);
}

void ui_list_clear(ui_list *l)
{
    for (int i = 0; i < l->n; i++) {
        wipe(l->rows[i].text);
        wipe(l->rows[i].sub);
    }
    l->n = 0;
    l->mkey[0] = -1;
    l->bkey[0] = -1;
    l->pos = l->vel = 0;
    l->gliding = 0;
    l->tapped = -1;
}

void ui_list_free(ui_list *l)
{
    if (!l)
        return;
    ui_list_clear(l);
    free(l->rows);
    free(l);
}

int ui_list_add(ui_list *l, const char *text, const char *sub)
{
    if (core_grow(&l->rows, &l->cap, (size_t)l->n + 1, sizeof *l->rows, 16))
        return -1;
    row *r = &l->rows[l->n];
    memset(r, 0, sizeof *r);
    r->text = strdup(text ? text : "");
    r->sub = sub ? strdup(sub) : NULL;
    if (!r->text || (sub && !r->sub)) {
        free(r->text);
        free(r->sub);
        return -1;
    }
    l->mkey[0] = -1; /* the rows' heights are measured again */
    l->bkey[0] = -1;
    return l->n++;
}

int ui_list_count(const ui_list *l) { return l->n; }
const char *ui_list_text(const ui_list *l, int i) { return i >= 0 && i < l->n ? l->rows[i].text : NULL; }
const char *ui_list_sub(const ui_list *l, int i) { return i >= 0 && i < l->n ? l->rows[i].sub : NULL; }
int ui_list_chosen(const ui_list *l, int i) { return i >= 0 && i < l->n && l->rows[i].chosen; }
int ui_list_scroll(const ui_list *l) { return (int)lround(l->pos); }

int ui_list_scroll_max(const ui_list *l)
{
    int m = l->content_h - l->tail - l->area.h;
    return m > 0 ? m : 0;
}

void ui_list_set_chosen(ui_list *l, int i, int on)
{
    if (i < 0 || i >= l->n)
        return;
    if (l->mode == UI_LIST_SINGLE && on)
        for (int k = 0; k < l->n; k++)
            l->rows[k].chosen = 0;
    l->rows[i].chosen = on ? 1 : 0;
}

int ui_list_choice(const ui_list *l)
{
    for (int i = 0; i < l->n; i++)
        if (l->rows[i].chosen)
            return i;
    return -1;
}

int ui_list_take_tapped(ui_list *l)
{
    int t = l->tapped;
    l->tapped = -1;
    return t;
}

static void clamp(ui_list *l)
{
    double max = ui_list_scroll_max(l);
    if (l->pos > max)
        l->pos = max;
    if (l->pos < 0)
        l->pos = 0;
}

void ui_list_top_row(ui_list *l, int i) { l->top_row = i; }

void ui_list_halt(ui_list *l)
{
    if (l) {
        l->gliding = 0;
        l->vel = 0;
    }
}

void ui_list_set_columns(ui_list *l, int cols)
{
    cols = cols < 1 ? 1 : cols > 4 ? 4 : cols;
    if (cols == l->cols)
        return;
    l->cols = cols;
    l->mkey[0] = -1; /* measured again, at the columns' width */
    l->bkey[0] = -1;
}

/* Where row i's line starts below the first line's top: the lines above it,
 * each counted once (every row of a line holds the line's height). */
static int row_y(const ui_list *l, int i)
{
    int y = 0;
    for (int k = 0; k + l->cols <= i && k < l->n; k += l->cols)
        y += l->rows[k].h;
    return y;
}

void ui_list_show_row(ui_list *l, int i)
{
    if (i < 0 || i >= l->n)
        return;
    int y = row_y(l, i);
    if (y < l->pos)
        l->pos = y;
    else if (y + l->rows[i].h > l->pos + l->area.h)
        l->pos = y + l->rows[i].h - l->area.h;
    clamp(l);
}

/* A row's text wrapped at w: a final line break (a multiline answer on the
 * review page) opens a line of its own, shown empty, that the layout does
 * not count. */
static int text_h(text_ctx *tx, const char *s, int w, const text_style *st)
{
    size_t n = strlen(s);
    return text_measure_box(tx, s, w, st, NULL) +
           (n && s[n - 1] == '\n' ? text_line_step(tx, st) : 0);
}

/* A column's width in w, the gap between columns a unit. */
static int col_w(const ui_list *l, const ui_theme *t, int w)
{
    return (w - (l->cols - 1) * t->unit) / l->cols;
}

/* Lays rows out for the current theme and width: measured again only when
 * the rows, the width or the theme's sizes changed since the last time. */
static void measure(ui_list *l, ui_app *a, int w)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int key[5] = {w, t->px_label, t->px_body, t->unit, t->target};
    if (!memcmp(key, l->mkey, sizeof key))
        return;
    memcpy(l->mkey, key, sizeof key);
    int pad = t->unit, mark = l->mode == UI_LIST_PLAIN ? 0 : t->px_label + t->unit * 2;
    int tw = col_w(l, t, w) - 2 * pad - mark - t->unit;
    /* in the weight a row is drawn in: a row that can be chosen goes bold
     * when it is, and keeps its height; a plain list's rows (review) are
     * never chosen (measured bold, 银行卡号 took two lines' height for one) */
    text_weight wt = l->mode == UI_LIST_PLAIN && !t->elderly ? TEXT_REGULAR : TEXT_BOLD;
    text_style s = {t->px_label, wt, t->ink, TEXT_LEFT, 0, 0};
    text_style ss = {t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_LEFT, 0, 0};
    l->content_h = 0;
    for (int i = 0; i < l->n; i++) {
        int h = text_h(tx, l->rows[i].text, tw, &s) + 2 * pad;
        if (l->rows[i].sub)
            h += text_measure_box(tx, l->rows[i].sub, tw, &ss, NULL);
        if (h < t->target + t->unit / 2)
            h = t->target + t->unit / 2;
        l->rows[i].own = h;
        l->rows[i].h = h + t->unit / 2; /* gap below */
    }
    l->tail = l->n ? t->unit / 2 : 0;
    /* a line as high as its tallest row, each of its rows holding it */
    for (int i = 0; i < l->n; i += l->cols) {
        int lh = 0;
        for (int k = i; k < i + l->cols && k < l->n; k++)
            lh = l->rows[k].h > lh ? l->rows[k].h : lh;
        for (int k = i; k < i + l->cols && k < l->n; k++)
            l->rows[k].h = lh;
        l->content_h += lh;
    }
}

static void draw_mark(ui_app *a, ui_list_mode mode, int chosen, int cx, int cy, int size)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    SDL_Color c = chosen ? t->primary : (t->elderly ? t->ink : t->ink_soft);
    int th = t->elderly ? 5 : 4;
    if (mode == UI_LIST_SINGLE) {
        draw_circle(d, cx, cy, size / 2, c);
        draw_circle(d, cx, cy, size / 2 - th, t->surface);
        if (chosen)
            draw_circle(d, cx, cy, size / 4, c);
    } else {
        SDL_Rect b = {cx - size / 2, cy - size / 2, size, size};
        if (chosen) {
            draw_round_rect(d, &b, size / 6, c);
            draw_line(d, cx - size * 28 / 100, cy, cx - size * 6 / 100, cy + size * 22 / 100,
                      size / 8, t->surface);
            draw_line(d, cx - size * 6 / 100, cy + size * 22 / 100, cx + size * 30 / 100,
                      cy - size * 22 / 100, size / 8, t->surface);
        } else {
            draw_round_box(d, &b, size / 6, t->surface, c, th);
        }
    }
}

void ui_list_draw(ui_list *l, ui_app *a, const SDL_Rect *r)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    l->area = *r;
    /* the rows take the whole width, unless they scroll: then the scroll
     * bar's room at their right is kept (a form's choices ended 12 px short
     * of the text boxes above and below them) */
    int bkey[6] = {r->w, r->h, t->px_label, t->px_body, t->unit, t->target};
    if (memcmp(bkey, l->bkey, sizeof bkey)) {
        measure(l, a, r->w);
        l->bar = l->content_h - l->tail > r->h;
        memcpy(l->bkey, bkey, sizeof bkey);
    }
    int lw = l->bar ? r->w - t->unit : r->w; /* the lines' width */
    measure(l, a, lw);
    int rw = col_w(l, t, lw);
    if (l->top_row >= 0 && l->top_row < l->n) {
        l->pos = row_y(l, l->top_row);
        l->vel = 0;
        l->gliding = 0;
    }
    l->top_row = -1;
    clamp(l);
    draw_clip saved;
    draw_clip_push(d, r, &saved);
    int pad = t->unit, mark = l->mode == UI_LIST_PLAIN ? 0 : t->px_label + t->unit * 2;
    int y = r->y - (int)lround(l->pos);
    for (int i = 0; i < l->n; i++) {
        int rh = l->rows[i].h - t->unit / 2, col = i % l->cols;
        /* the next row goes beside this one, or under its line when last */
        int step = col == l->cols - 1 || i == l->n - 1 ? l->rows[i].h : 0;
        if (y + rh <= r->y || y >= r->y + r->h) {
            y += step;
            continue;
        }
        char id[64];
        snprintf(id, sizeof id, "%s.%d", l->id, i);
        int pr = ui_app_pressed(a, id) && !l->swallow;
        int on = l->rows[i].chosen;
        SDL_Rect box = {r->x + col * (rw + t->unit), y, rw, rh};
        SDL_Color border = on ? t->primary : (t->elderly ? t->ink : t->line);
        draw_round_box(d, &box, t->radius, pr ? t->line : t->surface, border, on ? 6 : 2);
        /* in a line taller than itself (side by side), its text and mark
         * where its own box would put them: its top beside its neighbour's */
        int oh = l->rows[i].own < rh ? l->rows[i].own : rh;
        if (mark)
            draw_mark(a, l->mode, on, box.x + pad + mark / 2 - t->unit / 2, y + oh / 2,
                      t->px_label);
        text_style s = {t->px_label, on ? TEXT_BOLD : TEXT_REGULAR, on ? t->primary : t->ink,
                        TEXT_LEFT, 0, 0}; /* options are never cut: rows grow */
        if (t->elderly)
            s.weight = TEXT_BOLD;
        text_style ss = {t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_LEFT, 0, 0};
        int tw = rw - 2 * pad - mark - t->unit;
        /* the text's height in the style it is drawn in, measured once for it */
        int style = ((ss.px * 1024) + s.px) * 2 + (int)s.weight;
        if (l->rows[i].th_w != tw || l->rows[i].th_style != style) {
            int th = text_h(tx, l->rows[i].text, tw, &s);
            if (l->rows[i].sub)
                th += text_measure_box(tx, l->rows[i].sub, tw, &ss, NULL);
            l->rows[i].th = th;
            l->rows[i].th_w = tw;
            l->rows[i].th_style = style;
        }
        int th = l->rows[i].th;
        SDL_Rect tb = {box.x + pad + mark, y + (oh - th) / 2, tw, 0};
        tb.y += text_draw_box(tx, l->rows[i].text, &tb, &s);
        if (l->rows[i].sub)
            text_draw_box(tx, l->rows[i].sub, &tb, &ss);
        /* the visible part is the target; slivers at the edges are not (a
         * list on a page that scrolls: the page's clip of targets cuts it
         * again to the page's view, ui_app_clip_targets) */
        SDL_Rect vis;
        if (SDL_IntersectRect(&box, r, &vis) && vis.h * 2 >= rh)
            ui_app_target(a, &vis, id);
        y += step;
    }
    draw_clip_pop(d, &saved);
    int max = ui_list_scroll_max(l);
    if (max > 0) {
        /* scroll bar: where the view is within the whole list */
        int bw = t->unit / 3 > 4 ? t->unit / 3 : 4;
        int bh = r->h * r->h / l->content_h;
        if (bh < t->unit * 2)
            bh = t->unit * 2;
        SDL_Rect track = {r->x + r->w - bw, r->y, bw, r->h};
        draw_round_rect(d, &track, bw / 2, t->elderly ? (SDL_Color){200, 200, 200, 255}
                                                   : (SDL_Color){0, 0, 0, 30});
        SDL_Rect thumb = {track.x, r->y + (int)((r->h - bh) * l->pos / max), bw, bh};
        draw_round_rect(d, &thumb, bw / 2, t->elderly ? t->ink : t->ink_soft);
    }
}

/* A scroll moves the rows alone: the list's own area (its rows, drawn
 * clipped to it, and the scroll bar inside its right edge) is marked, the
 * rest of the screen stays. */
static void mark(const ui_list *l, ui_app *a)
{
    if (l->area.w > 0 && l->area.h > 0)
        ui_app_invalidate_rect(a, &l->area);
    else
        ui_app_invalidate(a); /* not drawn yet: nothing says where it is */
}

static uint64_t ev_time(const plat_event *ev)
{
    return ev->time_ms ? ev->time_ms : plat_clock_mono_ms();
}

static int inside(const SDL_Rect *r, int x, int y)
{
    return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

int ui_list_event(ui_list *l, ui_app *a, const plat_event *ev)
{
    if (!l)
        return 0;
    uint64_t now = ev_time(ev);
    switch (ev->type) {
    case PLAT_EV_DOWN:
        if (!inside(&l->area, ev->x, ev->y))
            return 0;
        l->swallow = l->gliding; /* a touch that stops a glide chooses nothing */
        l->gliding = 0;
        l->vel = 0;
        l->down = 1;
        l->dragged = 0;
        l->down_y = l->last_y = ev->y;
        l->down_pos = l->pos;
        l->last_t = now;
        return 1;
    case PLAT_EV_MOVE: {
        if (!l->down)
            return 0;
        int dy = ev->y - l->down_y;
        if (!l->dragged && abs(dy) <= DRAG_SLOP_PX)
            return 1;
        l->dragged = 1;
        if (now > l->last_t) {
            double inst = (double)(l->last_y - ev->y) / (double)(now - l->last_t);
            l->vel = l->vel * 0.2 + inst * 0.8;
            l->last_t = now;
        }
        l->last_y = ev->y;
        l->pos = l->down_pos - dy;
        clamp(l);
        mark(l, a);
        return 1;
    }
    case PLAT_EV_UP:
        if (!l->down)
            return 0;
        l->down = 0;
        if (l->dragged && now - l->last_t < 100 && fabs(l->vel) >= FLING_MIN_V) {
            l->gliding = 1;
            l->glide_t = now;
            ui_app_wake_at(a, now + FRAME_MS);
        } else {
            l->vel = 0;
        }
        mark(l, a); /* a tap's choice is marked where it is taken (ui_list_activate) */
        return 1;
    default:
        return 0;
    }
}

uint64_t ui_list_tick(ui_list *l, ui_app *a, uint64_t now_ms)
{
    if (!l || !l->gliding)
        return 0;
    if (now_ms > l->glide_t) {
        double dt = (double)(now_ms - l->glide_t);
        double k = exp(-dt / GLIDE_TAU_MS);
        l->pos += l->vel * GLIDE_TAU_MS * (1.0 - k);
        l->vel *= k;
        l->glide_t = now_ms;
        double before = l->pos;
        clamp(l);
        if (before != l->pos || fabs(l->vel) < GLIDE_MIN_V) {
            l->gliding = 0; /* reached an end, or slow enough to stop */
            l->vel = 0;
        }
        mark(l, a);
    }
    return l->gliding ? now_ms + FRAME_MS : 0;
}

/* A row's tap: whole marks the screen, else the list's area alone. */
static int activate(ui_list *l, ui_app *a, const char *id, int whole)
{
    size_t n = strlen(l->id);
    if (strncmp(id, l->id, n) != 0 || id[n] != '.')
        return 0;
    char *end;
    long i = strtol(id + n + 1, &end, 10);
    if (*end || i < 0 || i >= l->n)
        return 0;
    if (l->swallow) {
        l->swallow = 0;
        return 1;
    }
    if (l->mode == UI_LIST_MULTI)
        l->rows[i].chosen = !l->rows[i].chosen;
    else if (l->mode == UI_LIST_SINGLE)
        ui_list_set_chosen(l, (int)i, 1);
    l->tapped = (int)i;
    if (whole)
        ui_app_invalidate(a);
    else
        mark(l, a); /* the rows' looks change within the list's area alone */
    return 1;
}

int ui_list_activate(ui_list *l, ui_app *a, const char *id) { return activate(l, a, id, 1); }
int ui_list_activate_own(ui_list *l, ui_app *a, const char *id) { return activate(l, a, id, 0); }

int ui_list_screen_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    return ui_list_event(*(ui_list **)s->priv, a, ev);
}

uint64_t ui_list_screen_tick(ui_screen *s, ui_app *a, uint64_t now_ms)
{
    return ui_list_tick(*(ui_list **)s->priv, a, now_ms);
}
