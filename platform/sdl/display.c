/* display.c — the logical canvas is a surface the software renderer draws
 * into; it is shown on a window (emulator), a full-screen KMS/DRM output
 * (kiosk), or nowhere (headless).
 *
 * Showing it copies only the changed rectangles: straight into the window's
 * own surface (scaled and turned by hand, nearest pixel) and updating those
 * rectangles of the window; where the video driver gives no window surface
 * (KMS/DRM without a software framebuffer), the rectangles are uploaded into a
 * streaming texture that the driver's renderer shows. With a scanout
 * (plat_scanout.h) there is no window: the rectangles are copied into the
 * panel's buffer the same way and the panel is told which ones changed. */
#include "plat_display.h"
#include "plat_scanout.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The turned copy's 4 x 4 blocks (turn4x4): SSE2 on x86-64, NEON on
 * AArch64 (both always there; the tests run on each, AArch64 under qemu),
 * plain C elsewhere (armhf has no NEON by default; its tests run that).
 *
 * On x86-64 a large turned copy stores into the output with streaming
 * stores, which skip the cache: the output is written and never read back
 * by the CPU (a dumb buffer is commonly mapped write-combining, where every
 * store behaves so). In cached memory (the panel in memory, a window's
 * surface) an ordinary store first reads the line it writes and keeps it;
 * across a whole frame, turned, that thrashes the cache: measured here, a
 * turned 1920x1080 frame 0.97 -> 0.44 ms. Smaller copies (a press, a
 * keystroke) find their lines in the cache and gain nothing (up to 1920x540
 * within a tenth either way), and copies not turned lose (rows of a
 * 300x400 rectangle 11 -> 46 us): those store as usual. Streaming stores
 * want 16-byte aligned addresses. */
#if defined(__SSE2__)
#include <emmintrin.h>
#define STREAM_STORES 1
#elif defined(__ARM_NEON) && defined(__aarch64__)
#include <arm_neon.h>
#endif
#ifndef STREAM_STORES
#define STREAM_STORES 0
#endif

struct plat_display {
    SDL_Window *win;       /* NULL when headless */
    SDL_Renderer *ren;     /* the software renderer drawing into surface */
    SDL_Surface *surface;  /* the canvas, over ... */
    void *pixels;          /* ... its pixels: a mapping of their own (canvas_map) */
    size_t pixels_len;
    SDL_Renderer *wren;    /* no window surface: the driver's renderer ... */
    SDL_Texture *tex;      /* ... and the canvas uploaded into it */
    plat_scanout *scan;    /* a panel shown from memory, instead of a window */
    SDL_Surface *panel;    /* its buffer, as a surface */
    size_t *map;           /* copy_rect's look-up table (map_cap entries) */
    int map_cap;
    int w, h;        /* canvas */
    int rotation;
    int headless;
};

static void set_err(char *err, size_t n, const char *what)
{
    if (err && n)
        snprintf(err, n, "%s: %s", what, SDL_GetError());
}

/* The canvas's pixels get a mapping of their own, on 2 MiB boundaries and
 * advised for transparent huge pages (where the kernel has them; elsewhere
 * the advice is refused and ordinary pages serve). A 1080x1920 canvas is
 * then four 2 MiB pages and its last few rows on small ones, instead of
 * 2025 small pages. What that buys, measured:
 * on a virtual machine that rebuilds a sleeping process's page tables when
 * it wakes, each wake-up costs by the number of small pages mapped, and the
 * idle emulator's minute (one wake, the clock drawn) went from 1.95 to
 * 1.38 ms of CPU. Drawing and showing a frame cost the same either way. */
#define CANVAS_ALIGN ((size_t)2 << 20)

static void *canvas_map(size_t bytes, size_t *len)
{
    size_t want = (bytes + CANVAS_ALIGN - 1) / CANVAS_ALIGN * CANVAS_ALIGN;
    uint8_t *m = mmap(NULL, want + CANVAS_ALIGN, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    size_t head = (CANVAS_ALIGN - (uintptr_t)m % CANVAS_ALIGN) % CANVAS_ALIGN;
    if (head)
        munmap(m, head);
    munmap(m + head + want, CANVAS_ALIGN - head);
#ifdef MADV_HUGEPAGE
    madvise(m + head, want, MADV_HUGEPAGE); /* advice: refused is fine */
#endif
    *len = want;
    return m + head;
}

/* The canvas and the software renderer that draws into it. Copying it out is
 * a copy, not a blend: a pixel the screens left translucent must not mix with
 * what the output showed before (that would differ from a full present). */
static int canvas_new(plat_display *d)
{
    size_t pitch = (size_t)d->w * 4;
    d->pixels = canvas_map(pitch * (size_t)d->h, &d->pixels_len);
    if (!d->pixels) {
        SDL_SetError("cannot map a %dx%d canvas", d->w, d->h);
        return -1;
    }
    d->surface = SDL_CreateRGBSurfaceWithFormatFrom(d->pixels, d->w, d->h, 32, (int)pitch,
                                                    SDL_PIXELFORMAT_ARGB8888);
    if (!d->surface)
        return -1;
    SDL_SetSurfaceBlendMode(d->surface, SDL_BLENDMODE_NONE);
    d->ren = SDL_CreateSoftwareRenderer(d->surface);
    if (!d->ren)
        return -1;
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
    return 0;
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
    if (o->headless || o->scanout) {
        /* No window at all: a software renderer drawing straight into a surface.
         * Events still work (SDL's event queue needs no video driver); with a
         * scanout the video driver is started too, for its input (evdev touch
         * under kmsdrm), but it opens no window. */
        if (o->scanout && !SDL_WasInit(SDL_INIT_VIDEO) &&
            SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
            set_err(err, errlen, "cannot start input");
            free(d);
            return NULL;
        }
        if (!SDL_WasInit(SDL_INIT_EVENTS) && SDL_InitSubSystem(SDL_INIT_EVENTS) != 0) {
            set_err(err, errlen, "cannot start events");
            free(d);
            return NULL;
        }
        if (o->scanout) {
            char why[256];
            d->scan = plat_scanout_open(o->scanout, why, sizeof why);
            const plat_scanout_buf *b = d->scan ? plat_scanout_buffer(d->scan) : NULL;
            d->panel = b ? SDL_CreateRGBSurfaceWithFormatFrom(b->pixels, b->w, b->h, 32, b->pitch,
                                                              SDL_PIXELFORMAT_RGB888)
                         : NULL;
            if (!d->panel) {
                snprintf(err, errlen, "cannot show the canvas on %s: %s", o->scanout,
                         d->scan ? SDL_GetError() : why);
                plat_display_close(d);
                return NULL;
            }
            d->headless = 0;
        }
        if (canvas_new(d) != 0) {
            set_err(err, errlen, "cannot create software renderer");
            plat_display_close(d);
            return NULL;
        }
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
    if (canvas_new(d) != 0) {
        set_err(err, errlen, "cannot create canvas");
        plat_display_close(d);
        return NULL;
    }
    SDL_Surface *ws = SDL_GetWindowSurface(d->win);
    if (!ws || ws->format->BytesPerPixel != 4) {
        d->wren = SDL_CreateRenderer(d->win, -1, 0);
        d->tex = d->wren ? SDL_CreateTexture(d->wren, SDL_PIXELFORMAT_ARGB8888,
                                             SDL_TEXTUREACCESS_STREAMING, d->w, d->h)
                         : NULL;
        if (!d->tex) {
            set_err(err, errlen, "cannot show the canvas");
            plat_display_close(d);
            return NULL;
        }
    }
    return d;
}

void plat_display_close(plat_display *d)
{
    if (!d)
        return;
    if (d->panel)
        SDL_FreeSurface(d->panel);
    plat_scanout_close(d->scan);
    free(d->map);
    if (d->tex)
        SDL_DestroyTexture(d->tex);
    if (d->wren)
        SDL_DestroyRenderer(d->wren);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    if (d->win)
        SDL_DestroyWindow(d->win);
    if (d->surface)
        SDL_FreeSurface(d->surface);
    if (d->pixels)
        munmap(d->pixels, d->pixels_len);
    free(d);
}

SDL_Renderer *plat_display_renderer(plat_display *d) { return d->ren; }
SDL_Surface *plat_display_canvas(plat_display *d) { return d->surface; }

void plat_display_size(const plat_display *d, int *w, int *h)
{
    *w = d->w;
    *h = d->h;
}

/* Rectangle the canvas occupies in the output, keeping its aspect ratio. */
static void output_rect(const plat_display *d, SDL_Rect *r, int *ow_out, int *oh_out)
{
    int ow = 0, oh = 0;
    if (d->panel) {
        ow = d->panel->w;
        oh = d->panel->h;
    } else if (d->wren) {
        SDL_GetRendererOutputSize(d->wren, &ow, &oh);
    } else {
        SDL_Surface *ws = SDL_GetWindowSurface(d->win);
        if (ws) {
            ow = ws->w;
            oh = ws->h;
        }
    }
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

/* The canvas pixel shown at output pixel (ux, uy) of the output rect o
 * (nearest pixel; the same answer whichever rectangle asks). */
static inline void source_of(const plat_display *d, const SDL_Rect *o, int ux, int uy, int *cx,
                             int *cy)
{
    long W = d->w, H = d->h;
    long fu = 2L * ux + 1, fv = 2L * uy + 1; /* pixel centres, doubled */
    long x, y;
    switch (d->rotation) {
    case 90: x = fv * W / (2L * o->h); y = H - 1 - fu * H / (2L * o->w); break;
    case 180: x = W - 1 - fu * W / (2L * o->w); y = H - 1 - fv * H / (2L * o->h); break;
    case 270: x = W - 1 - fv * W / (2L * o->h); y = fu * H / (2L * o->w); break;
    default: x = fu * W / (2L * o->w); y = fv * H / (2L * o->h); break;
    }
    *cx = x < 0 ? 0 : x >= W ? (int)W - 1 : (int)x;
    *cy = y < 0 ? 0 : y >= H ? (int)H - 1 : (int)y;
}

/* The part of o that shows canvas rect r (a pixel more on each side for rounding). */
static int output_of(const plat_display *d, const SDL_Rect *o, const SDL_Rect *r, SDL_Rect *out)
{
    double x0 = (double)r->x / d->w, x1 = (double)(r->x + r->w) / d->w;
    double y0 = (double)r->y / d->h, y1 = (double)(r->y + r->h) / d->h;
    double u0, u1, v0, v1;
    switch (d->rotation) {
    case 90: u0 = 1 - y1; u1 = 1 - y0; v0 = x0; v1 = x1; break;
    case 180: u0 = 1 - x1; u1 = 1 - x0; v0 = 1 - y1; v1 = 1 - y0; break;
    case 270: u0 = y0; u1 = y1; v0 = 1 - x1; v1 = 1 - x0; break;
    default: u0 = x0; u1 = x1; v0 = y0; v1 = y1; break;
    }
    SDL_Rect m = {o->x + (int)(u0 * o->w) - 1, o->y + (int)(v0 * o->h) - 1, 0, 0};
    m.w = o->x + (int)(u1 * o->w) + 2 - m.x;
    m.h = o->y + (int)(v1 * o->h) + 2 - m.y;
    return SDL_IntersectRect(&m, o, out);
}

/* Room for n entries in the copy's look-up table. */
static int map_reserve(plat_display *d, int n)
{
    if (n <= d->map_cap)
        return 0;
    size_t *m = realloc(d->map, (size_t)n * sizeof *m);
    if (!m)
        return -1;
    d->map = m;
    d->map_cap = n;
    return 0;
}

/* A turned copy at one to one: pixel (i, j) of the output rectangle shows
 * canvas pixel s[i * du + j * dv] (du, dv: one output pixel right and down,
 * in canvas pixels). Turned by 90 or 270, an output row walks down a canvas
 * column; the copy goes in 4 x 4 blocks turned in registers (four canvas
 * rows of four pixels read, four output rows of four written), in tiles of
 * TURN_TILE x TURN_TILE output pixels, tile after tile down a strip of
 * output columns, which is along the same canvas rows. A tile touches
 * TURN_TILE canvas rows and TURN_TILE output rows, each a page or two apart:
 * few enough pages for the TLB and few enough lines for the cache, where
 * tiles across the whole width touch every page of the canvas (measured
 * here: 64 x 64 down the strip about 1.3 ms a frame under load, 16 x 8
 * across the width about 2.1). */
enum { TURN_TILE = 64 };

#if defined(__SSE2__)
/* The four output rows of a 4 x 4 block: o[k] = s[0 * sp + k], s[1 * sp + k], ... */
static inline void turn4x4_rows(const Uint32 *s, ptrdiff_t sp, __m128i o[4])
{
    __m128i a = _mm_loadu_si128((const __m128i *)s);
    __m128i b = _mm_loadu_si128((const __m128i *)(s + sp));
    __m128i c = _mm_loadu_si128((const __m128i *)(s + 2 * sp));
    __m128i e = _mm_loadu_si128((const __m128i *)(s + 3 * sp));
    __m128i ab0 = _mm_unpacklo_epi32(a, b), ab1 = _mm_unpackhi_epi32(a, b); /* a0 b0 a1 b1 ... */
    __m128i ce0 = _mm_unpacklo_epi32(c, e), ce1 = _mm_unpackhi_epi32(c, e);
    o[0] = _mm_unpacklo_epi64(ab0, ce0);
    o[1] = _mm_unpackhi_epi64(ab0, ce0);
    o[2] = _mm_unpacklo_epi64(ab1, ce1);
    o[3] = _mm_unpackhi_epi64(ab1, ce1);
}
#endif

/* d[k * dp + c] = s[c * sp + k] for c, k in 0..3. */
static inline void turn4x4(const Uint32 *s, ptrdiff_t sp, Uint32 *d, ptrdiff_t dp)
{
#if defined(__SSE2__)
    __m128i o[4];
    turn4x4_rows(s, sp, o);
    for (int k = 0; k < 4; k++)
        _mm_storeu_si128((__m128i *)(d + k * dp), o[k]);
#elif defined(__ARM_NEON) && defined(__aarch64__)
    uint32x4x2_t ab = vtrnq_u32(vld1q_u32(s), vld1q_u32(s + sp)); /* a0 b0 a2 b2 | a1 b1 a3 b3 */
    uint32x4x2_t ce = vtrnq_u32(vld1q_u32(s + 2 * sp), vld1q_u32(s + 3 * sp));
    vst1q_u32(d, vcombine_u32(vget_low_u32(ab.val[0]), vget_low_u32(ce.val[0])));
    vst1q_u32(d + dp, vcombine_u32(vget_low_u32(ab.val[1]), vget_low_u32(ce.val[1])));
    vst1q_u32(d + 2 * dp, vcombine_u32(vget_high_u32(ab.val[0]), vget_high_u32(ce.val[0])));
    vst1q_u32(d + 3 * dp, vcombine_u32(vget_high_u32(ab.val[1]), vget_high_u32(ce.val[1])));
#else
    const Uint32 *s1 = s + sp, *s2 = s + 2 * sp, *s3 = s + 3 * sp;
    Uint32 a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
    Uint32 b0 = s1[0], b1 = s1[1], b2 = s1[2], b3 = s1[3];
    Uint32 c0 = s2[0], c1 = s2[1], c2 = s2[2], c3 = s2[3];
    Uint32 e0 = s3[0], e1 = s3[1], e2 = s3[2], e3 = s3[3];
    Uint32 *d1 = d + dp, *d2 = d + 2 * dp, *d3 = d + 3 * dp;
    d[0] = a0, d[1] = b0, d[2] = c0, d[3] = e0;
    d1[0] = a1, d1[1] = b1, d1[2] = c1, d1[3] = e1;
    d2[0] = a2, d2[1] = b2, d2[2] = c2, d2[3] = e2;
    d3[0] = a3, d3[1] = b3, d3[2] = c3, d3[3] = e3;
#endif
}

#if STREAM_STORES
/* turn4x4 with streaming stores: d and dp * 4 multiples of 16 bytes. */
static inline void turn4x4_stream(const Uint32 *s, ptrdiff_t sp, Uint32 *d, ptrdiff_t dp)
{
    __m128i o[4];
    turn4x4_rows(s, sp, o);
    for (int k = 0; k < 4; k++)
        _mm_stream_si128((__m128i *)(d + k * dp), o[k]);
}

/* Pixels before d's next 16-byte boundary (0..3; d 4-byte aligned), capped at n. */
static int to_aligned(const void *d, int n)
{
    int k = (int)((16 - ((uintptr_t)d & 15)) & 15) / 4;
    return k < n ? k : n;
}

/* Turned copies of at least this many pixels stream (a large part of a frame). */
enum { STREAM_MIN_PX = 512 * 1024 };
#endif

/* d[i] = s[-i] for i in 0..n-1: a canvas row shown upside down (180). */
static void reverse_row(const Uint32 *s, Uint32 *d, int n)
{
    int i = 0;
#if defined(__SSE2__)
    for (; i + 4 <= n; i += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s - i - 3));
        _mm_storeu_si128((__m128i *)(d + i), _mm_shuffle_epi32(v, _MM_SHUFFLE(0, 1, 2, 3)));
    }
#elif defined(__ARM_NEON) && defined(__aarch64__)
    for (; i + 4 <= n; i += 4) {
        uint32x4_t v = vrev64q_u32(vld1q_u32(s - i - 3)); /* a1 a0 a3 a2 */
        vst1q_u32(d + i, vcombine_u32(vget_high_u32(v), vget_low_u32(v)));
    }
#endif
    for (; i < n; i++)
        d[i] = s[-i];
}

/* The copy at one to one, turned by 90 or 270 (turned) or 180: w x h
 * output pixels from d on (rows dp pixels apart), s the canvas pixel of the
 * first. */
static void copy_one_to_one(int turned, const Uint32 *s, ptrdiff_t du, ptrdiff_t dv, Uint32 *d,
                            ptrdiff_t dp, int w, int h)
{
    if (!turned) { /* 180: an output row is a canvas row backwards (du -1) */
        for (int j = 0; j < h; j++)
            reverse_row(s + j * dv, d + j * dp, w);
        return;
    }
    /* the 4 x 4 blocks cover columns a0..bw and rows 0..bh: a0 puts them
     * on 16-byte boundaries for streaming stores, where the rows allow */
    int a0 = 0, stream = 0;
#if STREAM_STORES
    if ((long)w * h >= STREAM_MIN_PX && ((uintptr_t)d & 3) == 0 && (dp * 4) % 16 == 0) {
        a0 = to_aligned(d, w);
        stream = 1;
    }
#endif
    int bw = a0 + ((w - a0) & ~3), bh = h & ~3;
    /* 90: output rows j..j+3 are canvas pixels left to right; 270: right to
     * left, read forwards and written rows upwards */
    const ptrdiff_t step = dv > 0 ? dp : -dp, back = dv > 0 ? 0 : 3;
    for (int i0 = a0; i0 < bw; i0 += TURN_TILE) {
        int i1 = i0 + TURN_TILE < bw ? i0 + TURN_TILE : bw;
        for (int j0 = 0; j0 < bh; j0 += TURN_TILE) {
            int j1 = j0 + TURN_TILE < bh ? j0 + TURN_TILE : bh;
            for (int j = j0; j < j1; j += 4)
                for (int i = i0; i < i1; i += 4) {
                    const Uint32 *from = s + i * du + j * dv - back;
                    Uint32 *to = d + (j + back) * dp + i;
#if STREAM_STORES
                    if (stream) {
                        turn4x4_stream(from, du, to, step);
                        continue;
                    }
#endif
                    turn4x4(from, du, to, step);
                }
        }
    }
    (void)stream;
    /* what is left of 4 x 4: the columns before a0 and after bw (each a
     * canvas row, read along it), then the rows under bh */
    for (int j = 0; j < bh; j++) {
        Uint32 *row = d + j * dp;
        const Uint32 *col = s + j * dv;
        for (int i = 0; i < a0; i++)
            row[i] = col[i * du];
        for (int i = bw; i < w; i++)
            row[i] = col[i * du];
    }
    for (int i = 0; i < w; i++) /* down a canvas column's few pixels at a time */
        for (int j = bh; j < h; j++)
            d[j * dp + i] = s[j * dv + i * du];
}

/* Copies what canvas rect r shows into the window surface; *out is the
 * window's rectangle that changed. */
static int copy_rect(plat_display *d, SDL_Surface *ws, const SDL_Rect *o, const SDL_Rect *r,
                     SDL_Rect *out)
{
    if (!output_of(d, o, r, out))
        return 0;
    const SDL_PixelFormat *f = ws->format;
    /* ARGB8888 and XRGB8888 share the canvas's layout; anything else is mapped */
    int same = f->Rmask == 0x00FF0000u && f->Gmask == 0x0000FF00u && f->Bmask == 0x000000FFu &&
               f->BytesPerPixel == 4;
    if (d->rotation == 0 && o->w == d->w && o->h == d->h) { /* one to one */
        SDL_Rect src = {out->x - o->x, out->y - o->y, out->w, out->h}, dst = *out;
        if (!same) { /* SDL maps each pixel */
            SDL_BlitSurface(d->surface, &src, ws, &dst);
            return 1;
        }
        /* the same layout: the rows copied as they are (SDL's blit from
         * ARGB8888 to the panel's XRGB8888 unpacked and packed every pixel,
         * about three times as long as the copy) */
        const Uint8 *s = (const Uint8 *)d->surface->pixels + (size_t)src.y * (size_t)d->surface->pitch +
                         (size_t)src.x * 4;
        Uint8 *t = (Uint8 *)ws->pixels + (size_t)dst.y * (size_t)ws->pitch + (size_t)dst.x * 4;
        for (int j = 0; j < src.h; j++)
            memcpy(t + (size_t)j * (size_t)ws->pitch, s + (size_t)j * (size_t)d->surface->pitch,
                   (size_t)src.w * 4);
        return 1;
    }
    const Uint32 *src = d->surface->pixels;
    size_t sp = (size_t)d->surface->pitch / 4;
    int turned = d->rotation == 90 || d->rotation == 270;
    if (same && d->rotation != 0 && o->w == (turned ? d->h : d->w) &&
        o->h == (turned ? d->w : d->h) && ws->pitch % 4 == 0) {
        /* one to one (the panel's mode is the turned canvas): no look-up */
        int cx, cy;
        source_of(d, o, out->x - o->x, out->y - o->y, &cx, &cy);
        ptrdiff_t row = (ptrdiff_t)sp;
        ptrdiff_t du = d->rotation == 90 ? -row : d->rotation == 270 ? row : -1;
        ptrdiff_t dv = d->rotation == 90 ? 1 : d->rotation == 270 ? -1 : -row;
        Uint8 *first = (Uint8 *)ws->pixels + (size_t)out->y * (size_t)ws->pitch + (size_t)out->x * 4;
        copy_one_to_one(turned, src + (size_t)cy * sp + (size_t)cx, du, dv, (Uint32 *)first,
                        ws->pitch / 4, out->w, out->h);
        return 1;
    }
    /* Turning and scaling by nearest pixel split into a part that depends on
     * the output column and one on the output row (source_of): the canvas
     * pixel of output (x, y) is src[rowpart[y] + colpart[x]], two table
     * look-ups instead of two divisions a pixel. */
    if (map_reserve(d, out->w + out->h) != 0)
        return 0;
    size_t *colpart = d->map, *rowpart = d->map + out->w;
    for (int i = 0; i < out->w; i++) {
        int cx, cy;
        source_of(d, o, out->x + i - o->x, out->y - o->y, &cx, &cy);
        colpart[i] = turned ? (size_t)cy * sp : (size_t)cx;
    }
    for (int j = 0; j < out->h; j++) {
        int cx, cy;
        source_of(d, o, out->x - o->x, out->y + j - o->y, &cx, &cy);
        rowpart[j] = turned ? (size_t)cx : (size_t)cy * sp;
    }
    /* Turned, an output row walks down a canvas column: a cache line per
     * pixel. In bands of BAND output columns the rows below read on from
     * where the last ones stopped, BAND lines at a time, and the copy costs
     * a few times less than row by row over the whole width. */
    enum { BAND = 64 };
    int band = turned ? BAND : out->w;
    for (int i0 = 0; i0 < out->w; i0 += band) {
        int i1 = i0 + band < out->w ? i0 + band : out->w;
        for (int j = 0; j < out->h; j++) {
            Uint32 *row =
                (Uint32 *)((Uint8 *)ws->pixels + (size_t)(out->y + j) * (size_t)ws->pitch) + out->x;
            const Uint32 *base = src + rowpart[j];
            if (same) {
                for (int i = i0; i < i1; i++)
                    row[i] = base[colpart[i]];
            } else {
                for (int i = i0; i < i1; i++) {
                    Uint32 p = base[colpart[i]];
                    row[i] = SDL_MapRGB(f, (Uint8)(p >> 16), (Uint8)(p >> 8), (Uint8)p);
                }
            }
        }
    }
    return 1;
}

void plat_display_present_rects(plat_display *d, const SDL_Rect *rects, int n)
{
    if (d->headless)
        return; /* nothing to show; the canvas keeps the frame for screenshots */
    SDL_Rect all = {0, 0, d->w, d->h};
    int full = rects == NULL;
    if (full) {
        rects = &all;
        n = 1;
    }
    if (d->wren) { /* upload the rectangles, let the driver's renderer show the frame */
        for (int i = 0; i < n; i++) {
            const Uint8 *px = (const Uint8 *)d->surface->pixels +
                              (size_t)rects[i].y * (size_t)d->surface->pitch + (size_t)rects[i].x * 4;
            SDL_UpdateTexture(d->tex, &rects[i], px, d->surface->pitch);
        }
        SDL_SetRenderDrawColor(d->wren, 0, 0, 0, 255);
        SDL_RenderClear(d->wren);
        SDL_Rect r;
        output_rect(d, &r, NULL, NULL);
        if (d->rotation == 90 || d->rotation == 270) {
            /* RenderCopyEx rotates about the centre of dst, given in unrotated size. */
            SDL_Rect dst = {r.x + (r.w - r.h) / 2, r.y + (r.h - r.w) / 2, r.h, r.w};
            SDL_RenderCopyEx(d->wren, d->tex, NULL, &dst, d->rotation, NULL, SDL_FLIP_NONE);
        } else {
            SDL_RenderCopyEx(d->wren, d->tex, NULL, &r, d->rotation, NULL, SDL_FLIP_NONE);
        }
        SDL_RenderPresent(d->wren);
        return;
    }
    SDL_Surface *ws = d->panel ? d->panel : SDL_GetWindowSurface(d->win);
    if (!ws)
        return;
    SDL_Rect o;
    output_rect(d, &o, NULL, NULL);
    if (o.w <= 0 || o.h <= 0)
        return;
    if (SDL_MUSTLOCK(ws) && SDL_LockSurface(ws) != 0)
        return;
    if (full && !d->panel) {
        SDL_FillRect(ws, NULL, SDL_MapRGB(ws->format, 0, 0, 0)); /* the letterbox */
    } else if (full) {
        /* a panel shows its buffer as it is written: black only the margins,
         * never the whole panel under the frame (that would flash) */
        Uint32 black = SDL_MapRGB(ws->format, 0, 0, 0);
        SDL_Rect bars[4] = {{0, 0, ws->w, o.y},
                            {0, o.y + o.h, ws->w, ws->h - o.y - o.h},
                            {0, o.y, o.x, o.h},
                            {o.x + o.w, o.y, ws->w - o.x - o.w, o.h}};
        for (int i = 0; i < 4; i++)
            if (bars[i].w > 0 && bars[i].h > 0)
                SDL_FillRect(ws, &bars[i], black);
    }
    /* every rectangle is copied; more than fit here update the whole window */
    SDL_Rect outs[32], spare;
    int m = 0;
    for (int i = 0; i < n; i++)
        m += copy_rect(d, ws, &o, &rects[i], m < 32 ? &outs[m] : &spare);
#if STREAM_STORES
    _mm_sfence(); /* the streamed pixels are in memory before anyone is told */
#endif
    if (SDL_MUSTLOCK(ws))
        SDL_UnlockSurface(ws);
    if (d->scan) {
        plat_scanout_rect sr[32];
        for (int i = 0; i < m && i < 32; i++)
            sr[i] = (plat_scanout_rect){outs[i].x, outs[i].y, outs[i].w, outs[i].h};
        char why[160];
        /* a refusal leaves the pixels in the buffer; the next full frame shows them */
        plat_scanout_flush(d->scan, sr, full || m > 32 ? 0 : m, why, sizeof why);
        return;
    }
    if (full || m > 32)
        SDL_UpdateWindowSurface(d->win);
    else if (m > 0)
        SDL_UpdateWindowSurfaceRects(d->win, outs, m);
}

void plat_display_present(plat_display *d) { plat_display_present_rects(d, NULL, 0); }

int plat_display_read_rgba(plat_display *d, uint8_t *out)
{
    return SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_ABGR8888, out, d->w * 4) == 0 ? 0
                                                                                          : -1;
}

int plat_display_panel_size(const plat_display *d, int *w, int *h)
{
    if (!d->panel)
        return -1;
    *w = d->panel->w;
    *h = d->panel->h;
    return 0;
}

int plat_display_read_panel(plat_display *d, uint8_t *out)
{
    if (!d->panel)
        return -1;
    return SDL_ConvertPixels(d->panel->w, d->panel->h, d->panel->format->format,
                             d->panel->pixels, d->panel->pitch, SDL_PIXELFORMAT_ABGR8888, out,
                             d->panel->w * 4) == 0
               ? 0
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
