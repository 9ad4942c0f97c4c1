/* dirty.h — the parts of the screen that changed since the last frame
 * (invalidated areas, as LVGL calls them).
 *
 * Whatever changes marks the rectangle it touches (a pressed button its own
 * box, the clock its digits); the app then redraws and presents only those.
 * Rectangles are clipped to the screen; two that touch or overlap are joined
 * when the joined box is smaller than the two apart (one pass is cheaper than
 * two), and the whole frame is redrawn when the marks cover most of it or
 * there are more than DIRTY_MAX of them.
 *
 * A dirty_set is a plain value embedded in its owner; it owns nothing.
 */
#ifndef CZ_UI_DIRTY_H
#define CZ_UI_DIRTY_H

#include <SDL.h>

#define DIRTY_MAX 16

typedef struct {
    SDL_Rect r[DIRTY_MAX];
    int n;
    int full; /* the whole screen */
    int w, h; /* the screen */
} dirty_set;

/* An empty set for a screen of w x h. */
void dirty_init(dirty_set *d, int w, int h);
/* Marks the whole screen. */
void dirty_all(dirty_set *d);
/* Marks r (clipped to the screen; empty rects are ignored). */
void dirty_add(dirty_set *d, const SDL_Rect *r);
/* 1 when anything is marked. */
int dirty_any(const dirty_set *d);
/* Forgets every mark (after a frame). */
void dirty_clear(dirty_set *d);

#endif
