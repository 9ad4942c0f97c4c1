/* plat_display.h — the screen.
 *
 * The application draws with an SDL_Renderer onto a logical canvas of the
 * kiosk's resolution (e.g. 1080x1920); the platform shows that canvas on the
 * real output (a scaled desktop window in the emulator, a rotated KMS/DRM
 * panel on the kiosk — through SDL's kmsdrm driver, or a dumb buffer written
 * directly when opts.scanout is set — nothing at all when headless). Only
 * the rectangles the application says changed are copied to the output. Drawing with SDL is the
 * honest choice for rendering; everything else about hardware stays here.
 *
 * Ownership: plat_display_open() returns a display freed by plat_display_close().
 * The renderer belongs to the display.
 */
#ifndef CZ_PLAT_DISPLAY_H
#define CZ_PLAT_DISPLAY_H

#include <SDL.h>
#include <stddef.h>
#include <stdint.h>

typedef struct plat_display plat_display;

typedef struct {
    int width, height;   /* logical canvas, e.g. 1080x1920 */
    int headless;        /* 1: no window (offscreen/dummy video driver) */
    int rotation;        /* 0, 90, 180, 270: how the canvas is turned onto the panel */
    int window_percent;  /* emulator window size as % of the canvas; 0 = fit the desktop */
    const char *title;   /* window title (emulator) */
    const char *scanout; /* NULL: a window (or nothing when headless); else no window and
                          * the canvas shown on this plat_scanout.h panel ("kms" on the
                          * kiosk without a GPU driver, "mem:WxH" its stand-in) */
} plat_display_opts;

plat_display *plat_display_open(const plat_display_opts *o, char *err, size_t errlen);
void plat_display_close(plat_display *d);

/* The renderer the application draws with; its target is the logical canvas. */
SDL_Renderer *plat_display_renderer(plat_display *d);
/* The canvas itself: the ARGB8888 surface the renderer draws into, for
 * drawing that writes its pixels directly (text, ui/core/text.h). */
SDL_Surface *plat_display_canvas(plat_display *d);
void plat_display_size(const plat_display *d, int *w, int *h);
/* Shows the canvas on the output (a no-op for the output when headless). */
void plat_display_present(plat_display *d);
/* Shows only these canvas rectangles (the rest of the output keeps what it
 * showed); rects NULL = the whole canvas. */
void plat_display_present_rects(plat_display *d, const SDL_Rect *rects, int n);
/* Copies the canvas as RGBA8888 (w*h*4 bytes, row-major, top row first). 0 or -1. */
int plat_display_read_rgba(plat_display *d, uint8_t *out);
/* The panel of a scanout display: its size (0, or -1 when the display has
 * no scanout) and its pixels as RGBA8888 (w*h*4 bytes, top row first). */
int plat_display_panel_size(const plat_display *d, int *w, int *h);
int plat_display_read_panel(plat_display *d, uint8_t *out);
/* Maps output (window/panel) coordinates to canvas coordinates. */
void plat_display_map_point(const plat_display *d, int ox, int oy, int *cx, int *cy);
/* Maps normalised touch coordinates (0..1 of the panel) to canvas coordinates. */
void plat_display_map_touch(const plat_display *d, float nx, float ny, int *cx, int *cy);

#endif
