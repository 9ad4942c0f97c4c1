/* widget_ink.c — finger strokes on a rectangle (widget_ink.h). */
#include "ui/widgets/widget_ink.h"

#include <stdlib.h>
#include <string.h>

static int inside(const SDL_Rect *r, int x, int y)
{
    return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

/* x, y (relative to r) clamped inside it. */
static SDL_Point clamped(const SDL_Rect *r, int x, int y)
{
    x = x < 0 ? 0 : x >= r->w ? r->w - 1 : x;
    y = y < 0 ? 0 : y >= r->h ? r->h - 1 : y;
    return (SDL_Point){x, y};
}

SDL_Point ui_ink_at(const ui_ink *k, int i, const SDL_Rect *r)
{
    SDL_Point p = clamped(r, k->pts[i].x, k->pts[i].y);
    return (SDL_Point){r->x + p.x, r->y + p.y};
}

static void add_point(ui_ink *k, const SDL_Rect *r, int x, int y)
{
    if (k->npts >= k->max_pts)
        return;
    /* keep the ink on the rectangle */
    SDL_Point q = clamped(r, x - r->x, y - r->y);
    x = q.x;
    y = q.y;
    if (k->min_step && k->npts > (k->nstrokes ? k->ends[k->nstrokes - 1] : 0)) {
        const SDL_Point *p = &k->pts[k->npts - 1];
        if (abs(p->x - x) + abs(p->y - y) < k->min_step)
            return;
    }
    k->pts[k->npts++] = (SDL_Point){x, y};
}

int ui_ink_event(ui_ink *k, const SDL_Rect *r, const plat_event *ev)
{
    switch (ev->type) {
    case PLAT_EV_DOWN:
        if (!inside(r, ev->x, ev->y) || k->nstrokes >= k->max_strokes)
            return UI_INK_UNUSED;
        k->inking = 1;
        add_point(k, r, ev->x, ev->y);
        return UI_INK_DRAWN;
    case PLAT_EV_MOVE:
        if (!k->inking)
            return UI_INK_UNUSED;
        add_point(k, r, ev->x, ev->y);
        return UI_INK_DRAWN;
    case PLAT_EV_UP: {
        if (!k->inking)
            return UI_INK_UNUSED;
        add_point(k, r, ev->x, ev->y);
        k->inking = 0;
        int start = k->nstrokes ? k->ends[k->nstrokes - 1] : 0;
        if (k->npts > start)
            k->ends[k->nstrokes++] = k->npts;
        return UI_INK_ENDED;
    }
    default:
        return UI_INK_UNUSED;
    }
}

int ui_ink_is_signature(int bw, int bh, int w, int h)
{
    return w > 0 && h > 0 && bw * 4 >= w && bh * 8 >= h;
}

int ui_ink_signs(const ui_ink *k, int w, int h)
{
    int n = k->nstrokes ? k->ends[k->nstrokes - 1] : 0;
    if (n <= 0)
        return 0;
    int x0 = k->pts[0].x, x1 = x0, y0 = k->pts[0].y, y1 = y0;
    for (int i = 1; i < n; i++) {
        const SDL_Point *p = &k->pts[i];
        x0 = p->x < x0 ? p->x : x0;
        x1 = p->x > x1 ? p->x : x1;
        y0 = p->y < y0 ? p->y : y0;
        y1 = p->y > y1 ? p->y : y1;
    }
    return ui_ink_is_signature(x1 - x0 + 1, y1 - y0 + 1, w, h);
}

void ui_ink_clear(ui_ink *k)
{
    memset(k->pts, 0, (size_t)k->max_pts * sizeof *k->pts);
    k->npts = k->nstrokes = 0;
    k->inking = 0;
}

void ui_ink_undo(ui_ink *k)
{
    if (k->inking || k->nstrokes == 0)
        return;
    int from = k->nstrokes > 1 ? k->ends[k->nstrokes - 2] : 0;
    memset(k->pts + from, 0, (size_t)(k->npts - from) * sizeof *k->pts);
    k->npts = from;
    k->nstrokes--;
}
