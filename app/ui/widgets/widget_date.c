/* widget_date.c — year/month/day wheels within a range, real days only. */
#include "ui/widgets/widget_date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strings.h"
#include "ui/widgets/widget.h"

/* The year wheel's long step: a child's birth forty years back is four taps
 * of it and a few of ▲, not forty of ▲. */
enum { TEN = 10 };

struct ui_datepick {
    char id[40];
    ui_date min, max, v;
    SDL_Rect col[3];   /* value area of each wheel, at the last draw */
    SDL_Rect wheel[3]; /* each wheel with its buttons and their shadows, then */
    SDL_Rect head;     /* the whole date above the wheels, then */
    SDL_Rect area;     /* all it drew then, the buttons' shadows included */
    int row_h;
    int tens;          /* the range spans ten years or more: the year wheel jumps ten too */
    int open;          /* no date taken yet: the head says so (ui_datepick_set_open) */
    int drag_wheel;    /* -1 when no finger is on a wheel */
    int drag_y, drag_steps;
};

int ui_date_days_in_month(int y, int m)
{
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return DAYS[m - 1];
}

int ui_date_valid(ui_date v)
{
    return v.y >= 1 && v.y <= 9999 && v.d >= 1 && v.d <= ui_date_days_in_month(v.y, v.m);
}

int ui_date_cmp(ui_date a, ui_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    return a.d < b.d ? -1 : a.d > b.d;
}

static ui_date clamp(const ui_datepick *p, ui_date v)
{
    int dim = ui_date_days_in_month(v.y, v.m);
    if (v.d > dim)
        v.d = dim;
    if (v.d < 1)
        v.d = 1;
    if (ui_date_cmp(v, p->min) < 0)
        v = p->min;
    if (ui_date_cmp(v, p->max) > 0)
        v = p->max;
    return v;
}

ui_datepick *ui_datepick_new(const char *id, ui_date min, ui_date max, ui_date start)
{
    if (!ui_date_valid(min) || !ui_date_valid(max) || ui_date_cmp(min, max) > 0)
        return NULL;
    ui_datepick *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    snprintf(p->id, sizeof p->id, "%s", id);
    p->min = min;
    p->max = max;
    p->drag_wheel = -1;
    p->tens = max.y - min.y >= TEN;
    if (start.m < 1 || start.m > 12)
        start = min;
    p->v = clamp(p, start);
    return p;
}

void ui_datepick_free(ui_datepick *p)
{
    if (p)
        memset(p, 0, sizeof *p);
    free(p);
}

ui_date ui_datepick_value(const ui_datepick *p) { return p->v; }

/* The value one step away on a wheel, or 0 if there is none in range. */
static int neighbour(const ui_datepick *p, int wheel, int delta, ui_date *out)
{
    ui_date c = p->v, lo, hi;
    if (wheel == 0) {
        c.y += delta;
        lo = (ui_date){c.y, 1, 1};
        hi = (ui_date){c.y, 12, 31};
    } else if (wheel == 1) {
        c.m += delta;
        if (c.m < 1 || c.m > 12)
            return 0;
        lo = (ui_date){c.y, c.m, 1};
        hi = (ui_date){c.y, c.m, ui_date_days_in_month(c.y, c.m)};
    } else {
        c.d += delta;
        if (c.d < 1 || c.d > ui_date_days_in_month(c.y, c.m))
            return 0;
        lo = hi = c;
    }
    /* the whole year/month/day must not lie outside [min, max] */
    if (c.y < 1 || c.y > 9999 || ui_date_cmp(hi, p->min) < 0 || ui_date_cmp(lo, p->max) > 0)
        return 0;
    *out = clamp(p, c);
    return 1;
}

int ui_datepick_step(ui_datepick *p, int wheel, int delta)
{
    ui_date n;
    if (wheel < 0 || wheel > 2 || !neighbour(p, wheel, delta, &n))
        return 0;
    int changed = ui_date_cmp(n, p->v) != 0;
    p->v = n;
    return changed;
}

int ui_datepick_height(ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int row = t->target;
    return text_line_height(ui_app_text(a), t->px_title) + t->unit + row * 5 + t->unit;
}

static const char *WHEEL[3] = {"y", "m", "d"};

static void fmt(int wheel, ui_date v, char *buf, size_t n)
{
    static const char *KEYS[3] = {"date.wheel.y", "date.wheel.m", "date.wheel.d"};
    snprintf(buf, n, core_str(KEYS[wheel]), wheel == 0 ? v.y : wheel == 1 ? v.m : v.d);
}

/* The size of a wheel's value (bold, fitted to the wheel's width) and of
 * its neighbours above and below, in a wheel cw wide with rows row high. */
static int value_px(ui_app *a, const char *s, int cw, int row)
{
    const ui_theme *t = ui_app_theme(a);
    int vmax = t->px_title < row * 7 / 10 ? t->px_title : row * 7 / 10;
    return text_fit_px(ui_app_text(a), s, cw - t->unit, vmax, vmax * 2 / 3, TEXT_BOLD);
}

static int near_px(const ui_theme *t, int row)
{
    return t->px_body < row * 6 / 10 ? t->px_body : row * 6 / 10;
}

void ui_datepick_draw(ui_datepick *p, ui_app *a, const SDL_Rect *r)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    /* the whole date, as it will be filed; none taken yet: 还没有选日期, grey */
    char full[64];
    if (p->open)
        snprintf(full, sizeof full, "%s", core_str("date.open"));
    else
        snprintf(full, sizeof full, core_str("date.format"), p->v.y, p->v.m, p->v.d);
    text_style sf = {t->px_title, TEXT_BOLD, p->open ? t->ink_soft : t->primary, TEXT_CENTER, 0, 1};
    SDL_Rect fb = {r->x, r->y, r->w, 0};
    text_draw_box(tx, full, &fb, &sf);
    int y0 = r->y + text_line_height(tx, t->px_title) + t->unit;
    int row = t->target, gap = t->unit;
    /* a short area (landscape) gets shorter rows, never below 15 mm */
    if (r->h > 0 && y0 + row * 5 > r->y + r->h) {
        row = (r->y + r->h - y0) / 5;
        if (row < ui_theme_mm(t, 15.0))
            row = ui_theme_mm(t, 15.0);
    }
    p->row_h = row;
    /* year wheel wider than month and day */
    int cw[3] = {(r->w - 2 * gap) * 4 / 10, (r->w - 2 * gap) * 3 / 10, 0};
    cw[2] = r->w - 2 * gap - cw[0] - cw[1];
    int x = r->x, m = t->unit; /* the buttons' shadow, as a press marks it (ui_button_mark) */
    for (int w = 0; w < 3; w++) {
        char id_up[64], id_dn[64], buf[32];
        snprintf(id_up, sizeof id_up, "%s.%s.up", p->id, WHEEL[w]);
        snprintf(id_dn, sizeof id_dn, "%s.%s.down", p->id, WHEEL[w]);
        ui_date prev, next;
        int has_prev = neighbour(p, w, -1, &prev), has_next = neighbour(p, w, +1, &next);
        SDL_Rect up = {x, y0, cw[w], row}, dn = {x, y0 + row * 4, cw[w], row};
        if (w == 0 && p->tens) { /* ▲ beside ▲10年, ▼ beside ▼10年 */
            SDL_Rect up10 = up, dn10 = dn;
            up.w = dn.w = (cw[w] - gap) * 2 / 5; /* the words the wider */
            up10.x = dn10.x = x + up.w + gap;
            up10.w = dn10.w = cw[w] - up.w - gap;
            char id_far[72];
            ui_date far;
            snprintf(id_far, sizeof id_far, "%s10", id_up); /* <id>.y.up10 */
            if (neighbour(p, 0, -TEN, &far))
                ui_button(a, &up10, id_far, core_str("date.up10"), UI_BTN_SECONDARY);
            else
                ui_button_disabled(a, &up10, core_str("date.up10"));
            snprintf(id_far, sizeof id_far, "%s10", id_dn);
            if (neighbour(p, 0, +TEN, &far))
                ui_button(a, &dn10, id_far, core_str("date.down10"), UI_BTN_SECONDARY);
            else
                ui_button_disabled(a, &dn10, core_str("date.down10"));
        }
        if (has_prev)
            ui_button(a, &up, id_up, "▲", UI_BTN_SECONDARY);
        else
            ui_button_disabled(a, &up, "▲");
        if (has_next)
            ui_button(a, &dn, id_dn, "▼", UI_BTN_SECONDARY);
        else
            ui_button_disabled(a, &dn, "▼");
        /* the wheel: neighbours faded above and below the chosen value */
        SDL_Rect wheel = {x, y0 + row, cw[w], row * 3};
        p->col[w] = wheel;
        draw_round_box(d, &wheel, t->radius, t->surface, t->elderly ? t->ink : t->line, 2);
        SDL_Rect mid = {x, y0 + row * 2, cw[w], row};
        draw_round_box(d, &mid, t->radius, t->surface, t->primary, t->elderly ? 6 : 4);
        fmt(w, p->v, buf, sizeof buf);
        int px = value_px(a, buf, cw[w], row);
        text_style sv = {px, TEXT_BOLD, t->ink, TEXT_CENTER, 0, 1};
        SDL_Rect vb = {x, mid.y + (row - text_line_height(tx, px)) / 2, cw[w], 0};
        text_draw_box(tx, buf, &vb, &sv);
        text_style sn = {near_px(t, row), TEXT_REGULAR, t->ink_soft, TEXT_CENTER, 0, 1};
        if (has_prev) {
            SDL_Rect pr = {x, y0 + row, cw[w], row};
            fmt(w, prev, buf, sizeof buf);
            SDL_Rect pb = {x, pr.y + (row - text_line_height(tx, sn.px)) / 2, cw[w], 0};
            text_draw_box(tx, buf, &pb, &sn);
            ui_app_target_flat(a, &pr, id_up); /* a press draws nothing around it */
        }
        if (has_next) {
            SDL_Rect nr = {x, y0 + row * 3, cw[w], row};
            fmt(w, next, buf, sizeof buf);
            SDL_Rect nb = {x, nr.y + (row - text_line_height(tx, sn.px)) / 2, cw[w], 0};
            text_draw_box(tx, buf, &nb, &sn);
            ui_app_target_flat(a, &nr, id_dn);
        }
        p->wheel[w] = (SDL_Rect){x - m, y0 - m, cw[w] + 2 * m, row * 5 + 2 * m};
        x += cw[w] + gap;
    }
    p->area = (SDL_Rect){r->x - m, r->y - m, r->w + 2 * m, y0 + row * 5 - r->y + 2 * m};
    p->head = (SDL_Rect){p->area.x, p->area.y, p->area.w, y0 - m - p->area.y};
}

SDL_Rect ui_datepick_area(const ui_datepick *p) { return p->area; }

void ui_datepick_set_open(ui_datepick *p, int open) { p->open = open != 0; }

/* What a wheel shows: its value and the neighbours above and below, "" where
 * there is none (its button greyed); the year wheel's ten-year steps, "" where
 * greyed or not shown. Two looks alike draw alike. */
typedef struct {
    char s[5][32];
} look;

static void wheel_look(const ui_datepick *p, int wheel, look *out)
{
    ui_date n;
    memset(out, 0, sizeof *out); /* compared whole */
    fmt(wheel, p->v, out->s[0], sizeof out->s[0]);
    for (int k = 1; k <= 2; k++)
        if (neighbour(p, wheel, k == 1 ? -1 : +1, &n))
            fmt(wheel, n, out->s[k], sizeof out->s[k]);
    for (int k = 3; k <= 4 && wheel == 0 && p->tens; k++)
        if (neighbour(p, wheel, k == 3 ? -TEN : +TEN, &n))
            fmt(wheel, n, out->s[k], sizeof out->s[k]);
}

/* The picker before a step (what its wheels show), to mark what the step changed. */
typedef struct {
    ui_date v;
    look w[3];
} before;

static void take_before(const ui_datepick *p, before *b)
{
    b->v = p->v;
    for (int w = 0; w < 3; w++)
        wheel_look(p, w, &b->w[w]);
}

/* Wheel w's look went from was to now: when its buttons stay as they were
 * (none greyed or brought back, the ten-year steps included), the words
 * alone changed: the three rows
 * between the buttons, from the top of the upper neighbour's line to the
 * bottom of the lower one's, as wide as the widest of the six words (before
 * and after, each centred as ui_datepick_draw puts it) and a margin of
 * theme.unit either side; else the whole wheel, its buttons and their
 * shadows. The wheel's frames and buttons, drawn as before, are left. */
static void mark_wheel(const ui_datepick *p, ui_app *a, int w, const look *was, const look *now)
{
    const SDL_Rect *c = &p->col[w];
    int greyed = 0;
    for (int k = 1; k < 5; k++)
        greyed |= (was->s[k][0] != 0) != (now->s[k][0] != 0);
    if (greyed || c->w <= 0 || c->h <= 0 || p->row_h <= 0) {
        ui_app_invalidate_rect(a, &p->wheel[w]);
        return;
    }
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int wmax = 0;
    for (int k = 0; k < 2; k++) {
        const look *l = k ? now : was;
        for (int j = 0; j < 3; j++) {
            if (!l->s[j][0])
                continue;
            int tw = j == 0 ? text_width(tx, l->s[0], value_px(a, l->s[0], c->w, p->row_h),
                                         TEXT_BOLD)
                            : text_width(tx, l->s[j], near_px(t, p->row_h), TEXT_REGULAR);
            wmax = tw > wmax ? tw : wmax;
        }
    }
    int pad = (p->row_h - text_line_height(tx, near_px(t, p->row_h))) / 2 - 2;
    pad = pad > 0 ? pad : 0;
    SDL_Rect words = {c->x + (c->w - wmax) / 2 - t->unit, c->y + pad, wmax + 2 * t->unit,
                      c->h - 2 * pad}, in;
    if (SDL_IntersectRect(&words, c, &in))
        ui_app_invalidate_rect(a, &in);
}

/* The date above the wheels went from was to p->v: its words, centred, the
 * wider of the two, a margin of theme.unit either side. When both are as
 * wide (the same place for every glyph), only the characters between the
 * parts they share at either end (a day's step: its digits alone). */
static void mark_head(const ui_datepick *p, ui_app *a, ui_date was)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    char full[2][64];
    int tw[2];
    for (int k = 0; k < 2; k++) {
        ui_date v = k ? p->v : was;
        snprintf(full[k], sizeof full[k], core_str("date.format"), v.y, v.m, v.d);
        tw[k] = text_width(tx, full[k], t->px_title, TEXT_BOLD);
    }
    int wmax = tw[0] > tw[1] ? tw[0] : tw[1], x = p->head.x + (p->head.w - wmax) / 2, w = wmax;
    size_t n0 = strlen(full[0]), n1 = strlen(full[1]);
    if (tw[0] == tw[1] && n0 == n1) {
        size_t i = 0, j = n0; /* the shared head [0, i) and tail [j, n) */
        while (i < n0 && full[0][i] == full[1][i])
            i++;
        while (j > i && full[0][j - 1] == full[1][j - 1])
            j--;
        while (i > 0 && (full[0][i] & 0xC0) == 0x80) /* whole characters */
            i--;
        while (j < n0 && (full[0][j] & 0xC0) == 0x80)
            j++;
        char part[64];
        snprintf(part, sizeof part, "%.*s", (int)i, full[0]);
        int pre = text_width(tx, part, t->px_title, TEXT_BOLD);
        int post = text_width(tx, full[0] + j, t->px_title, TEXT_BOLD);
        x += pre;
        w -= pre + post;
    }
    SDL_Rect words = {x - t->unit, p->head.y, w + 2 * t->unit, p->head.h}, in;
    if (SDL_IntersectRect(&words, &p->head, &in))
        ui_app_invalidate_rect(a, &in);
}

/* A step marks what it changed: the date above the wheels when the value
 * changed (mark_head), and each wheel whose value, neighbours or greyed
 * buttons did (mark_wheel: a month's step moves the day too when the month
 * is shorter, and the range's ends can grey another wheel's button). */
static void mark(const ui_datepick *p, ui_app *a, const before *b)
{
    if (p->area.w <= 0 || p->area.h <= 0) {
        ui_app_invalidate(a); /* not drawn yet: nothing says where it is */
        return;
    }
    if (ui_date_cmp(b->v, p->v) != 0)
        mark_head(p, a, b->v);
    for (int w = 0; w < 3; w++) {
        look now;
        wheel_look(p, w, &now);
        if (memcmp(&now, &b->w[w], sizeof now) != 0)
            mark_wheel(p, a, w, &b->w[w], &now);
    }
}

int ui_datepick_activate(ui_datepick *p, ui_app *a, const char *id)
{
    size_t n = strlen(p->id);
    if (strncmp(id, p->id, n) != 0 || id[n] != '.')
        return 0;
    const char *rest = id + n + 1;
    for (int w = 0; w < 3; w++) {
        char up[8], dn[8];
        snprintf(up, sizeof up, "%s.up", WHEEL[w]);
        snprintf(dn, sizeof dn, "%s.down", WHEEL[w]);
        int far = w == 0 && p->tens && (!strcmp(rest, "y.up10") || !strcmp(rest, "y.down10"));
        if (far || !strcmp(rest, up) || !strcmp(rest, dn)) {
            /* a tap that ended a drag of the wheel has already stepped it */
            if (p->drag_steps == 0) {
                before b;
                take_before(p, &b);
                ui_datepick_step(p, w, (rest[2] == 'u' ? -1 : +1) * (far ? TEN : 1));
                mark(p, a, &b);
            }
            p->drag_steps = 0;
            return 1;
        }
    }
    return 0;
}

int ui_datepick_event(ui_datepick *p, ui_app *a, const plat_event *ev)
{
    if (ev->type == PLAT_EV_DOWN) {
        p->drag_wheel = -1;
        p->drag_steps = 0;
        for (int w = 0; w < 3; w++) {
            const SDL_Rect *c = &p->col[w];
            if (ev->x >= c->x && ev->x < c->x + c->w && ev->y >= c->y && ev->y < c->y + c->h) {
                p->drag_wheel = w;
                p->drag_y = ev->y;
                return 1;
            }
        }
        return 0;
    }
    if (p->drag_wheel < 0 || p->row_h <= 0)
        return 0;
    if (ev->type == PLAT_EV_MOVE || ev->type == PLAT_EV_UP) {
        /* dragging up brings later values into the middle, like a wheel */
        int steps = (p->drag_y - ev->y) / (p->row_h * 2 / 3);
        before b;
        take_before(p, &b);
        while (p->drag_steps < steps && ui_datepick_step(p, p->drag_wheel, +1))
            p->drag_steps++;
        while (p->drag_steps > steps && ui_datepick_step(p, p->drag_wheel, -1))
            p->drag_steps--;
        if (steps != p->drag_steps) /* at an end of the range: the finger's place is the new start */
            p->drag_y = ev->y + p->drag_steps * (p->row_h * 2 / 3);
        mark(p, a, &b);
        if (ev->type == PLAT_EV_UP)
            p->drag_wheel = -1;
        return 1;
    }
    return 0;
}
