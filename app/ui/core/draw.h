/* draw.h — shapes the screens are made of: anti-aliased rounded rectangles,
 * outlines, shadows and simple icons, drawn into the canvas of the display.
 *
 * The shapes are blended straight into the canvas (ARGB8888) with the
 * arithmetic of SDL's software renderer: the pixels are those SDL made when
 * they were drawn through it, without its per-call costs. A rounded corner
 * is blended from a coverage mask kept per radius (one byte a pixel): at most
 * DRAW_CORNER_MASKS radii and DRAW_CORNER_BYTES bytes; past either they are
 * dropped and made again as drawn. A shadow's straight part is blended from
 * its layers composed per row (a table of 512 bytes per row kind, the last
 * 32 kept). Only shapes are cached, never colours on the canvas. A picture
 * (draw_rgb) is scaled whole once a frame and kept while the frame is drawn;
 * its room is freed when no picture was drawn for DRAW_SCALED_AGE frames.
 *
 * Ownership: draw_new() returns a context freed by draw_free(); the renderer
 * and the canvas it draws into must outlive it.
 */
#ifndef CZ_UI_DRAW_H
#define CZ_UI_DRAW_H

#include <SDL.h>
#include <stdint.h>

#include "ui/core/tiles.h"

typedef struct draw_ctx draw_ctx;

#define DRAW_CORNER_MASKS 64           /* radii whose corner masks are kept */
#define DRAW_CORNER_BYTES (1u << 20) /* bytes of corner masks kept */
#define DRAW_SCALED 4                 /* pictures scaled in one frame kept (draw_rgb) */
#define DRAW_SCALED_AGE 4             /* frames a picture's room outlives its use */

/* canvas is the ARGB8888 surface ren (a software renderer) draws into; NULL
 * when it is not one, or out of memory. */
draw_ctx *draw_new(SDL_Renderer *ren, SDL_Surface *canvas);
void draw_free(draw_ctx *d);
/* A new frame begins: pictures may have changed since the last (draw_rgb). */
void draw_frame_begin(draw_ctx *d);

/* Tile damage (tiles.h): while t is set, every call below that writes pixels
 * folds a hash of all that decides them into the cells of t it touches;
 * record_only 1: and writes none (a frame recorded to find what changed).
 * NULL stops it. t is borrowed. */
void draw_set_tiles(draw_ctx *d, tiles_grid *t, int record_only);

/* What a layer drawn later in the frame hides under opaque pixels (a
 * dialog's card), while what lies under it draws: a call whose pixels,
 * through the clip, would all fall in r writes none, and a fill writes
 * none in r; hashes are folded as ever (draw_set_tiles). Once the layer is
 * drawn the canvas holds the pixels it would have without. NULL: none. */
void draw_set_cover(draw_ctx *d, const SDL_Rect *r);

/* Fills what the clip lets through (the whole canvas, or a partial redraw's area). */
void draw_clear(draw_ctx *d, SDL_Color c);
/* Narrows drawing to r inside whatever clip is set already (a partial redraw
 * sets one; widgets must not widen it, or they would paint twice over what was
 * not cleared). Returns 0 when nothing of r can show. draw_clip_pop() puts the
 * previous clip back (after either result). */
typedef struct {
    SDL_Rect r;
    int on;
} draw_clip;
int draw_clip_push(draw_ctx *d, const SDL_Rect *r, draw_clip *saved);
void draw_clip_pop(draw_ctx *d, const draw_clip *saved);
/* 0 when nothing of r can show through the clip set now (a partial redraw's
 * area, or a widget's clip): callers skip drawing it. The shapes below skip
 * themselves alike; a widget made of many calls tests its whole box first. */
int draw_visible(draw_ctx *d, const SDL_Rect *r);
/* 1 when all of r shows through the clip set now (none, or one holding r):
 * what a screen draws there is then all on the canvas. */
int draw_covers(draw_ctx *d, const SDL_Rect *r);
void draw_rect(draw_ctx *d, const SDL_Rect *r, SDL_Color c);
/* The colour `over` makes when blended onto opaque `under`: what
 * draw_rect(over) leaves on a canvas filled with `under`, alpha included,
 * worked out by SDL's own software blender on a pixel of the canvas's format;
 * draw_clear() with it gives the same pixels as the blend without blending
 * each one. The last answer is kept. */
SDL_Color draw_blend_color(draw_ctx *d, SDL_Color under, SDL_Color over);
/* Filled rectangle with anti-aliased corners of radius rad. */
void draw_round_rect(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c);
/* Only the four anti-aliased corners draw_round_rect would draw: for a shape
 * whose inside something opaque covers next (draw_round_box over the same r
 * and radius paints over everything else draw_round_rect would have). */
void draw_round_corners(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c);
/* Rounded rectangle filled with `fill` and a border `thick` pixels wide inside r. */
void draw_round_box(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color fill, SDL_Color border,
                    int thick);
/* draw_round_box's pixels for a box whose inside already holds `fill` (the
 * frame's clear left it there, nothing drawn over it yet): the border and the
 * inner corners drawn, the inside not written again. */
void draw_round_frame(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color fill, SDL_Color border,
                      int thick);
/* Soft shadow below a rounded rectangle. */
void draw_shadow(draw_ctx *d, const SDL_Rect *r, int rad, int spread);
/* Filled anti-aliased circle. */
void draw_circle(draw_ctx *d, int cx, int cy, int radius, SDL_Color c);
/* A thick line (for ticks, arrows, icons). */
void draw_line(draw_ctx *d, int x0, int y0, int x1, int y1, int thick, SDL_Color c);
/* An RGB888 picture of w x h pixels (rows top first, no padding) scaled into
 * dst (camera preview, photo thumbnails), bilinear. Each pixel is the one a
 * whole frame has, however the clip cuts dst. rgb must not change within a
 * frame (draw_frame_begin). */
void draw_rgb(draw_ctx *d, const SDL_Rect *dst, const uint8_t *rgb, int w, int h);

#endif
