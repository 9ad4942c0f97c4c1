/* display.c — the logical canvas as an SDL target texture, shown on a window
 * (emulator), a full-screen KMS/DRM output (kiosk), or nowhere (headless). */
#include "plat_display.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct plat_display {
    SDL_Window *win;       /* NULL when headless */
    SDL_Renderer *ren;
    SDL_Texture *canvas;   /* window mode: the canvas as a target texture */
    SDL_Surface *surface;  /* headless: the canvas itself */
    int w, h;        /* canvas */
    int rotation;
    int headless;
};

static void set_err(char *err, size_t n, const char *what)
{
    if (err && n)
        snprintf(err, n, "%s: %s", what, SDL_GetError());
}

plat_display *plat_display_open(const plat_display_opts *o, char *err, size_t errlen)
{
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    /* The window surface must not be emulated with an OpenGL renderer: that
     * loads a GL driver (tens of megabytes) for nothing. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    plat_display *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->w = o->width;
    d->h = o->height;
    d->rotation = o->rotation;
    d->headless = o->headless;
    if (o->headless) {
        /* No window at all: a software renderer drawing straight into a surface.
         * Events still work (SDL's event queue needs no video driver). */
        if (!SDL_WasInit(SDL_INIT_EVENTS) && SDL_InitSubSystem(SDL_INIT_EVENTS) != 0) {
            set_err(err, errlen, "cannot start events");
            free(d);
            return NULL;
        }
        d->surface = SDL_CreateRGBSurfaceWithFormat(0, d->w, d->h, 32, SDL_PIXELFORMAT_ARGB8888);
        d->ren = d->surface ? SDL_CreateSoftwareRenderer(d->surface) : NULL;
        if (!d->ren) {
            set_err(err, errlen, "cannot create software renderer");
            plat_display_close(d);
            return NULL;
        }
        SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
        return d;
    }
    if (!SDL_WasInit(SDL_INIT_VIDEO) && SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        set_err(err, errlen, "cannot start video");
        free(d);
        return NULL;
    }
    int ow = d->w, oh = d->h;
    if (d->rotation == 90 || d->rotation == 270) {
        ow = d->h;
        oh = d->w;
    }
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->window_percent > 0) {
        ow = ow * o->window_percent / 100;
        oh = oh * o->window_percent / 100;
        flags |= SDL_WINDOW_RESIZABLE;
    } else if (o->window_percent == 0) {
        SDL_Rect usable;
        if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && (ow > usable.w || oh > usable.h - 40)) {
            double sx = (double)usable.w / ow, sy = (double)(usable.h - 40) / oh;
            double s = sx < sy ? sx : sy;
            ow = (int)(ow * s);
            oh = (int)(oh * s);
        }
        flags |= SDL_WINDOW_RESIZABLE;
    } else {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP; /* kiosk: window_percent < 0 */
    }
    d->win = SDL_CreateWindow(o->title ? o->title : "cunzhan", SDL_WINDOWPOS_CENTERED,
                              SDL_WINDOWPOS_CENTERED, ow, oh, flags);
    if (!d->win) {
        set_err(err, errlen, "cannot open window");
        plat_display_close(d);
        return NULL;
    }
    /* The software renderer: predictable on every board, and what headless tests use. */
    d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
    if (!d->ren)
        d->ren = SDL_CreateRenderer(d->win, -1, 0);
    if (!d->ren) {
        set_err(err, errlen, "cannot create renderer");
        plat_display_close(d);
        return NULL;
    }
    d->canvas = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, d->w,
                                  d->h);
    if (!d->canvas) {
        set_err(err, errlen, "cannot create canvas");
        plat_display_close(d);
        return NULL;
    }
    SDL_SetRenderTarget(d->ren, d->canvas);
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
    return d;
}

void plat_display_close(plat_display *d)
{
    if (!d)
        return;
    if (d->canvas)
        SDL_DestroyTexture(d->canvas);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    if (d->win)
        SDL_DestroyWindow(d->win);
    if (d->surface)
        SDL_FreeSurface(d->surface);
    free(d);
}

SDL_Renderer *plat_display_renderer(plat_display *d) { return d->ren; }

void plat_display_size(const plat_display *d, int *w, int *h)
{
    *w = d->w;
    *h = d->h;
}

/* Rectangle the canvas occupies in the output, keeping its aspect ratio. */
static void output_rect(const plat_display *d, SDL_Rect *r, int *ow_out, int *oh_out)
{
    int ow, oh;
    SDL_GetRendererOutputSize(d->ren, &ow, &oh);
    int cw = d->w, ch = d->h;
    if (d->rotation == 90 || d->rotation == 270) {
        cw = d->h;
        ch = d->w;
    }
    double s = (double)ow / cw < (double)oh / ch ? (double)ow / cw : (double)oh / ch;
    int rw = (int)(cw * s), rh = (int)(ch * s);
    r->x = (ow - rw) / 2;
    r->y = (oh - rh) / 2;
    r->w = rw;
    r->h = rh;
    if (ow_out)
        *ow_out = ow;
    if (oh_out)
        *oh_out = oh;
}

void plat_display_present(plat_display *d)
{
    if (d->headless)
        return; /* nothing to show; the canvas keeps the frame for screenshots */
    SDL_SetRenderTarget(d->ren, NULL);
    SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
    SDL_RenderClear(d->ren);
    SDL_Rect r;
    output_rect(d, &r, NULL, NULL);
    if (d->rotation == 90 || d->rotation == 270) {
        /* RenderCopyEx rotates about the centre of dst, given in unrotated size. */
        SDL_Rect dst = {r.x + (r.w - r.h) / 2, r.y + (r.h - r.w) / 2, r.h, r.w};
        SDL_RenderCopyEx(d->ren, d->canvas, NULL, &dst, d->rotation, NULL, SDL_FLIP_NONE);
    } else {
        SDL_RenderCopyEx(d->ren, d->canvas, NULL, &r, d->rotation, NULL, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(d->ren);
    SDL_SetRenderTarget(d->ren, d->canvas);
}

int plat_display_read_rgba(plat_display *d, uint8_t *out)
{
    if (d->canvas)
        SDL_SetRenderTarget(d->ren, d->canvas);
    return SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_ABGR8888, out, d->w * 4) == 0 ? 0
                                                                                          : -1;
}

void plat_display_map_point(const plat_display *d, int ox, int oy, int *cx, int *cy)
{
    if (!d->win) { /* headless: output and canvas are the same */
        *cx = ox;
        *cy = oy;
        return;
    }
    SDL_Rect r;
    int ow, oh, ww, wh;
    output_rect(d, &r, &ow, &oh);
    /* Window coordinates may be in points while the output is in pixels (HiDPI). */
    SDL_GetWindowSize(d->win, &ww, &wh);
    double px = ww ? (double)ox * ow / ww : ox, py = wh ? (double)oy * oh / wh : oy;
    double u = r.w ? (px - r.x) / r.w : 0, v = r.h ? (py - r.y) / r.h : 0; /* 0..1 in the rect */
    double x, y;
    switch (d->rotation) {
    case 90: x = v; y = 1 - u; break;
    case 180: x = 1 - u; y = 1 - v; break;
    case 270: x = 1 - v; y = u; break;
    default: x = u; y = v; break;
    }
    *cx = (int)(x * d->w);
    *cy = (int)(y * d->h);
}

void plat_display_map_touch(const plat_display *d, float nx, float ny, int *cx, int *cy)
{
    double x, y;
    switch (d->rotation) {
    case 90: x = ny; y = 1 - nx; break;
    case 180: x = 1 - nx; y = 1 - ny; break;
    case 270: x = 1 - ny; y = nx; break;
    default: x = nx; y = ny; break;
    }
    *cx = (int)(x * d->w);
    *cy = (int)(y * d->h);
}
