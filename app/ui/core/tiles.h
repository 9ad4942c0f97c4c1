/* tiles.h — which parts of a whole-screen frame really change (tile damage,
 * what Chromium calls raster invalidation and Flutter partial repaint).
 *
 * The canvas is cut into square cells. While a frame is recorded, every
 * drawing call that writes pixels (draw.h's shapes, text.h's glyphs) folds a
 * 64-bit hash of all that decides its pixels (what it is, each parameter, its
 * colour, the clip in force within the cell) into each cell its clipped box
 * touches, in drawing order: a cell's hash then stands for its pixels. The
 * grid keeps two hashes a cell: what is on the canvas now (set by the frames
 * that drew it) and what the frame being recorded would put there. A
 * whole-screen change within a screen (a page turned, a dialog) records the
 * screen without writing a pixel, and draws and shows only the cells whose
 * hashes differ; another screen (pushed or popped: most cells change) is
 * drawn whole at once, hashed as drawn. A layer over the whole frame (a
 * dialog: every cell changes) is recorded apart from the frame under it, so
 * that the canvas, which still holds that frame, is drawn again only where
 * the frame under changed, and the layer over it all. What cannot be hashed
 * cheaply (a camera picture) folds a value never folded before, so its
 * cells are always drawn again.
 *
 * A cell's canvas hash is "unknown" (a value never recorded) until a frame
 * that hashed what it drew there sets it; anything that writes the canvas
 * without hashing (a partial frame of marked areas, a test's patch, the
 * technician's colour bars) makes its cells unknown (tiles_forget).
 *
 * Ownership: tiles_new() returns a grid freed by tiles_free(); it borrows
 * nothing.
 */
#ifndef CZ_UI_TILES_H
#define CZ_UI_TILES_H

#include <SDL.h>
#include <stdint.h>

typedef struct tiles_grid tiles_grid;

#define TILES_CELL 32 /* a cell's side in pixels (a power of two) */

/* A grid for a canvas of w x h; NULL when out of memory. Every cell unknown. */
tiles_grid *tiles_new(int w, int h);
void tiles_free(tiles_grid *t);
/* 1 when t is a grid for a canvas of w x h. */
int tiles_fits(const tiles_grid *t, int w, int h);

/* Starts recording a frame: every cell's recorded hash starts afresh. */
void tiles_record_begin(tiles_grid *t);
/* The same for the cells of r alone (a cell-aligned area about to be drawn
 * again: what it draws there is folded from the start). */
void tiles_record_area(tiles_grid *t, const SDL_Rect *r);
/* Folds op (a hash of a drawing call: tiles_mix) into each cell that box,
 * inside clip, touches; the part of the clip within the cell goes in too. */
void tiles_fold(tiles_grid *t, uint64_t op, const SDL_Rect *box, const SDL_Rect *clip);
/* A value never returned before: what a call whose pixels cannot be hashed
 * folds, so that its cells never match anything. */
uint64_t tiles_unique(tiles_grid *t);

/* The recorded frame against the canvas: the cells whose hashes differ, as at
 * most max cell-aligned rectangles on the canvas (rows' runs, equal runs of
 * rows joined, then the closest joined until max remain) into out. Returns
 * their count (0: nothing changed), or -1 when the whole frame is better
 * drawn (most cells changed, or too scattered). */
int tiles_changed(tiles_grid *t, SDL_Rect *out, int max);

/* While recording: what is folded from here on is a layer over the whole
 * frame (a dialog's shade and its card), and the cells' hashes so far are
 * kept apart as the frame under it. A second call in the same frame keeps
 * none (the layer under would hold a layer too). */
void tiles_layer(tiles_grid *t);
/* tiles_changed for the frame under the layer: the cells whose hashes under
 * it differ from the canvas's (which still shows the frame before, without
 * the layer). -1 as tiles_changed, and when the frame recorded not exactly
 * one layer. */
int tiles_changed_under(tiles_grid *t, SDL_Rect *out, int max);
/* The canvas now holds what was recorded in r (NULL: everywhere). */
void tiles_keep(tiles_grid *t, const SDL_Rect *r);
/* The canvas under r (NULL: all of it) was written without hashing: its
 * cells become unknown. */
void tiles_forget(tiles_grid *t, const SDL_Rect *r);

/* One more value into a hash (a drawing call's parameters, one at a time). */
static inline uint64_t tiles_mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0xff51afd7ed558ccdull;
    return h ^ (h >> 29);
}

/* A rectangle as one value for tiles_mix. */
static inline uint64_t tiles_rect_bits(const SDL_Rect *r)
{
    return (uint64_t)(uint16_t)r->x | (uint64_t)(uint16_t)r->y << 16 |
           (uint64_t)(uint16_t)r->w << 32 | (uint64_t)(uint16_t)r->h << 48;
}

/* A colour as one value for tiles_mix. */
static inline uint64_t tiles_color_bits(SDL_Color c)
{
    return (uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a;
}

#endif
