/* widget_ink.h — strokes drawn with a finger on a rectangle: the keyboard's
 * handwriting canvas and the consent signature pad. Points are kept relative
 * to the rectangle and clamped inside it; a stroke begins when a finger goes
 * down inside the rectangle and ends when it lifts. Drawing the strokes is
 * the screen's (each pad draws them its own way).
 *
 * Use: the screen's struct holds the ui_ink and its two arrays, and sets
 * pts, ends, max_pts, max_strokes (and min_step) once; its event op hands
 * finger events to ui_ink_event with the rectangle the pad was last drawn in.
 *
 * Ownership: the caller owns the ui_ink and the arrays it points to; nothing
 * is allocated.
 */
#ifndef CZ_UI_WIDGET_INK_H
#define CZ_UI_WIDGET_INK_H

#include <SDL.h>

#include "plat_input.h"

typedef struct {
    SDL_Point *pts;      /* max_pts points, relative to the rectangle */
    int *ends;           /* stroke s ends before pts[ends[s]]; max_strokes of them */
    int max_pts, max_strokes;
    int min_step;        /* a point nearer than this (|dx| + |dy|) to the one before it
                          * in its stroke is dropped; 0 keeps every point */
    int npts, nstrokes;
    int inking;          /* a finger is drawing a stroke (points after the last end) */
} ui_ink;

enum { UI_INK_UNUSED = 0, UI_INK_DRAWN = 1, UI_INK_ENDED = 2 };

/* A finger event for the ink drawn in r: UI_INK_UNUSED when it is not the
 * ink's (a finger down outside r, or when max_strokes strokes are drawn; a
 * move or lift with no stroke begun; other events), UI_INK_DRAWN when it
 * began or continued a stroke, UI_INK_ENDED when the finger lifted. */
int ui_ink_event(ui_ink *k, const SDL_Rect *r, const plat_event *ev);
/* Point i as drawn in r (the rectangle the pad is drawn in now): on the
 * canvas, clamped inside r as the points were when taken. r may be smaller
 * than when they were (the page's layout moved): the ink then stays on the
 * pad, never over what lies beside it. */
SDL_Point ui_ink_at(const ui_ink *k, int i, const SDL_Rect *r);
/* Whether ink whose points span bw x bh of a pad of w x h (in one unit) can
 * be a signature: at least a quarter of the pad's width and an eighth of its
 * height. A dot, a short tick or a swipe up or down meant to move the page
 * cannot; the pad keeps that ink and asks for her name. */
int ui_ink_is_signature(int bw, int bh, int w, int h);
/* The same for k's finished strokes, drawn in a pad of w x h pixels. */
int ui_ink_signs(const ui_ink *k, int w, int h);
/* Forgets every stroke; the points are wiped. */
void ui_ink_clear(ui_ink *k);
/* Forgets the last finished stroke (nothing while a finger is drawing, or
 * with none); its points are wiped. */
void ui_ink_undo(ui_ink *k);

#endif
