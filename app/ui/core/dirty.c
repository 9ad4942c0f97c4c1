/* dirty.c — invalidated areas: clip, join, and give up on most of the screen. */
#include "ui/core/dirty.h"

static long area_of(const SDL_Rect *r) { return (long)r->w * r->h; }

static SDL_Rect joined(const SDL_Rect *a, const SDL_Rect *b)
{
    SDL_Rect u;
    SDL_UnionRect(a, b, &u);
    return u;
}

/* Overlapping or sharing an edge. */
static int touching(const SDL_Rect *a, const SDL_Rect *b)
{
    return a->x <= b->x + b->w && b->x <= a->x + a->w && a->y <= b->y + b->h &&
           b->y <= a->y + a->h;
}

void dirty_init(dirty_set *d, int w, int h)
{
    d->n = 0;
    d->full = 0;
    d->w = w;
    d->h = h;
}

void dirty_all(dirty_set *d)
{
    d->full = 1;
    d->n = 0;
}

int dirty_any(const dirty_set *d) { return d->full || d->n > 0; }

void dirty_clear(dirty_set *d)
{
    d->full = 0;
    d->n = 0;
}

void dirty_add(dirty_set *d, const SDL_Rect *r)
{
    if (d->full || !r)
        return;
    SDL_Rect screen = {0, 0, d->w, d->h}, c;
    if (!SDL_IntersectRect(r, &screen, &c))
        return;
    /* join with whatever it touches while joining is cheaper; a join may make
     * the box touch others, so go round again */
    for (int i = 0; i < d->n;) {
        if (touching(&d->r[i], &c)) {
            SDL_Rect u = joined(&d->r[i], &c);
            if (area_of(&u) <= area_of(&d->r[i]) + area_of(&c)) {
                c = u;
                d->r[i] = d->r[--d->n];
                i = 0;
                continue;
            }
        }
        i++;
    }
    if (d->n == DIRTY_MAX) {
        dirty_all(d);
        return;
    }
    d->r[d->n++] = c;
    long sum = 0;
    for (int i = 0; i < d->n; i++)
        sum += area_of(&d->r[i]);
    if (sum * 4 > (long)d->w * d->h * 3) /* most of the screen: one full pass */
        dirty_all(d);
}
