/* test_display_present.c — showing only the changed rectangles of the canvas
 * leaves the window exactly as showing the whole canvas would, at every
 * rotation and at window sizes that scale the canvas up and down.
 *
 * A real window of SDL's offscreen video driver (it has a window surface,
 * like X11 and the framebuffer console) is drawn on through the display's
 * software renderer; after each partial present the window's pixels are kept,
 * the whole canvas is presented, and the two must be identical. The same
 * holds for the kiosk's panel without a window (a scanout, plat_scanout.h),
 * through its in-memory stand-in laid out as a KMS dumb buffer: there the
 * panel is also checked to show the canvas the right way round.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plat_display.h"
#include "plat_scanout.h"

static SDL_Window *the_window(void)
{
    /* the display's only window: the first one SDL made */
    for (Uint32 id = 1; id < 16; id++) {
        SDL_Window *w = SDL_GetWindowFromID(id);
        if (w)
            return w;
    }
    return NULL;
}

static void fill(SDL_Renderer *ren, int x, int y, int w, int h, Uint8 r, Uint8 g, Uint8 b, Uint8 a)
{
    SDL_SetRenderDrawBlendMode(ren, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(ren, r, g, b, a);
    SDL_Rect rc = {x, y, w, h};
    SDL_RenderFillRect(ren, &rc);
}

enum { W = 120, H = 200 };

/* What the output shows now: the window's surface, or the panel as RGBA. */
static size_t output_bytes(plat_display *d, SDL_Window *win)
{
    int pw, ph;
    if (plat_display_panel_size(d, &pw, &ph) == 0)
        return (size_t)pw * (size_t)ph * 4;
    SDL_Surface *ws = SDL_GetWindowSurface(win);
    return (size_t)ws->pitch * (size_t)ws->h;
}

static void output_copy(plat_display *d, SDL_Window *win, uint8_t *out)
{
    if (plat_display_read_panel(d, out) == 0)
        return;
    SDL_Surface *ws = SDL_GetWindowSurface(win);
    memcpy(out, ws->pixels, (size_t)ws->pitch * (size_t)ws->h);
}

/* The panel pixel at (u, v) shows the canvas pixel the rotation puts there:
 * a canvas corner marked red lands in the panel corner it should. */
static void check_panel_corner(plat_display *d, int rotation)
{
    int pw = 0, ph = 0;
    REQUIRE(plat_display_panel_size(d, &pw, &ph) == 0);
    uint8_t *px = malloc((size_t)pw * (size_t)ph * 4);
    REQUIRE(px != NULL);
    SDL_Renderer *ren = plat_display_renderer(d);
    fill(ren, 0, 0, W, H, 0, 0, 0, 255);
    fill(ren, 0, 0, 24, 24, 255, 0, 0, 255); /* the canvas's top-left corner */
    plat_display_present(d);
    REQUIRE(plat_display_read_panel(d, px) == 0);
    /* the canvas fills the panel's middle, keeping its shape (letterbox) */
    int turned = rotation == 90 || rotation == 270, cw = turned ? H : W, ch = turned ? W : H;
    double sc = (double)pw / cw < (double)ph / ch ? (double)pw / cw : (double)ph / ch;
    int rw = (int)(cw * sc), rh = (int)(ch * sc), ox = (pw - rw) / 2, oy = (ph - rh) / 2;
    /* turned clockwise by 90: the canvas's top-left shows at the picture's top-right */
    int u = rotation == 90 || rotation == 180 ? ox + rw - 2 : ox + 1;
    int v = rotation == 180 || rotation == 270 ? oy + rh - 2 : oy + 1;
    const uint8_t *c = px + ((size_t)v * (size_t)pw + (size_t)u) * 4;
    if (c[0] != 255 || c[1] != 0) {
        printf("  panel rotation %d: corner (%d,%d) shows %d,%d,%d, not red\n", rotation, u, v,
               c[0], c[1], c[2]);
        CHECK(0);
    }
    free(px);
}

static void one(int rotation, int percent, const char *scanout)
{
    plat_display_opts o = {.width = W, .height = H, .rotation = rotation,
                           .window_percent = percent, .title = "present test",
                           .scanout = scanout};
    char err[256];
    plat_display *d = plat_display_open(&o, err, sizeof err);
    if (!d) {
        printf("  display: %s\n", err);
        CHECK(d != NULL);
        return;
    }
    SDL_Window *win = scanout ? NULL : the_window();
    REQUIRE(scanout || (win && SDL_GetWindowSurface(win)));
    SDL_Renderer *ren = plat_display_renderer(d);
    if (scanout)
        check_panel_corner(d, rotation);
    /* a frame with detail everywhere: stripes of every colour */
    for (int y = 0; y < H; y += 4)
        fill(ren, 0, y, W, 4, (Uint8)(y * 5), (Uint8)(255 - y), (Uint8)(y * 13), 255);
    plat_display_present(d);
    size_t bytes = output_bytes(d, win);
    uint8_t *kept = malloc(bytes), *now = malloc(bytes);
    REQUIRE(kept != NULL && now != NULL);
    unsigned seed = (unsigned)(rotation * 1000 + percent);
    for (int step = 0; step < 40; step++) {
        SDL_Rect rs[3];
        int n = 1 + step % 3;
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            int x = (int)(seed >> 8) % W, y = (int)(seed >> 16) % H;
            int w = 1 + (int)(seed >> 4) % (W - x), h = 1 + (int)(seed >> 12) % (H - y);
            rs[i] = (SDL_Rect){x, y, w, h};
            fill(ren, x, y, w, h, (Uint8)seed, (Uint8)(seed >> 8), (Uint8)(seed >> 16),
                 step % 2 ? 255 : 128);
        }
        plat_display_present_rects(d, rs, n);
        output_copy(d, win, kept);
        plat_display_present(d);
        output_copy(d, win, now);
        if (memcmp(kept, now, bytes)) {
            printf("  rotation %d, %s %d %%: step %d differs from a full present\n", rotation,
                   scanout ? scanout : "window", percent, step);
            CHECK(0);
            break;
        }
    }
    if (!scanout && rotation == 0 && percent == 100) { /* one to one: the window is the canvas */
        static uint8_t px[W * H * 4];
        CHECK_EQ_INT(plat_display_read_rgba(d, px), 0);
        SDL_Surface *ws = SDL_GetWindowSurface(win);
        int bad = 0;
        for (int y = 0; y < H && !bad; y++)
            for (int x = 0; x < W && !bad; x++) {
                Uint32 p = ((Uint32 *)((Uint8 *)ws->pixels + y * ws->pitch))[x];
                Uint8 r, g, b;
                SDL_GetRGB(p, ws->format, &r, &g, &b);
                const uint8_t *c = px + (y * W + x) * 4;
                bad = r != c[0] || g != c[1] || b != c[2];
            }
        CHECK(!bad);
    }
    free(kept);
    free(now);
    plat_display_close(d);
}

static void test_every_rotation_and_scale(void)
{
    static const int rot[] = {0, 90, 180, 270}, pct[] = {100, 50, 137};
    for (size_t r = 0; r < 4; r++)
        for (size_t p = 0; p < 3; p++)
            one(rot[r], pct[p], NULL);
}

/* The panel at its own size (the canvas turned onto it fits exactly), and
 * panels that scale it up, down and letterbox it. */
static void test_scanout_every_rotation(void)
{
    static const int rot[] = {0, 90, 180, 270};
    for (size_t r = 0; r < 4; r++) {
        int turned = rot[r] == 90 || rot[r] == 270;
        char exact[32];
        snprintf(exact, sizeof exact, "mem:%dx%d", turned ? H : W, turned ? W : H);
        one(rot[r], 0, exact);
        one(rot[r], 0, "mem:333x257");
        one(rot[r], 0, "mem:64x48");
    }
}

/* The canvas pixel that output pixel (ux, uy) of an ow x oh output rectangle
 * shows: nearest pixel, pixel centres doubled. This is the general copy's
 * mapping (display.c, source_of) written out again; every panel, turned at
 * one to one (display.c's fast path) or scaled, must show exactly this. */
static void mapped(int rot, long w, long h, long ow, long oh, long ux, long uy, int *cx, int *cy)
{
    long fu = 2 * ux + 1, fv = 2 * uy + 1, x, y;
    switch (rot) {
    case 90: x = fv * w / (2 * oh); y = h - 1 - fu * h / (2 * ow); break;
    case 180: x = w - 1 - fu * w / (2 * ow); y = h - 1 - fv * h / (2 * oh); break;
    case 270: x = w - 1 - fv * w / (2 * oh); y = fu * h / (2 * ow); break;
    default: x = fu * w / (2 * ow); y = fv * h / (2 * oh); break;
    }
    *cx = x < 0 ? 0 : x >= w ? (int)w - 1 : (int)x;
    *cy = y < 0 ? 0 : y >= h ? (int)h - 1 : (int)y;
}

/* Every canvas pixel different: its own index in the low 16 bits (green and
 * blue), the step that last wrote it in red. A panel pixel taken from one row
 * or column off, or not copied at all, shows a different colour. */
static void stamp(SDL_Surface *c, const SDL_Rect *r, int step)
{
    for (int y = r->y; y < r->y + r->h; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)c->pixels + (size_t)y * (size_t)c->pitch);
        for (int x = r->x; x < r->x + r->w; x++)
            row[x] = 0xFF000000u | (Uint32)(step & 0xFF) << 16 | (Uint32)((y * c->w + x) & 0xFFFF);
    }
}

/* The panel (read as RGBA) against the canvas through map (a canvas pixel's
 * index for each panel pixel, -1 in the black margins). */
static int panel_matches(plat_display *d, const int *map, uint8_t *px, int pw, int ph,
                         const char *what)
{
    if (plat_display_read_panel(d, px) != 0)
        return 0;
    const Uint32 *canvas = plat_display_canvas(d)->pixels;
    for (int v = 0; v < ph; v++)
        for (int u = 0; u < pw; u++) {
            size_t i = (size_t)v * (size_t)pw + (size_t)u;
            Uint32 want = map[i] >= 0 ? canvas[map[i]] : 0;
            const uint8_t *p = px + i * 4;
            Uint32 got = (Uint32)p[0] << 16 | (Uint32)p[1] << 8 | p[2];
            if (got != (want & 0xFFFFFFu)) {
                printf("  %s: panel (%d,%d) shows %06x, not %06x\n", what, u, v, (unsigned)got,
                       (unsigned)(want & 0xFFFFFFu));
                return 0;
            }
        }
    return 1;
}

/* A canvas of w x h on panel spec at rotation: a full frame, then `steps`
 * presents of one to three random rectangles (1 pixel up to the whole canvas;
 * big: every other step one of most of the canvas at a few pixels from its
 * corner, which a turned copy streams), the whole panel compared with the
 * mapping after each. */
static void mapped_panel_of(int w, int h, int rotation, const char *spec, int steps, int big)
{
    plat_display_opts o = {.width = w, .height = h, .rotation = rotation, .scanout = spec};
    char err[256], what[96];
    plat_display *d = plat_display_open(&o, err, sizeof err);
    if (!d) {
        printf("  display: %s\n", err);
        CHECK(d != NULL);
        return;
    }
    int pw = 0, ph = 0;
    plat_display_panel_size(d, &pw, &ph);
    int turned = rotation == 90 || rotation == 270, cw = turned ? h : w, ch = turned ? w : h;
    double sc = (double)pw / cw < (double)ph / ch ? (double)pw / cw : (double)ph / ch;
    int rw = (int)(cw * sc), rh = (int)(ch * sc), ox = (pw - rw) / 2, oy = (ph - rh) / 2;
    int *map = malloc((size_t)pw * (size_t)ph * sizeof *map);
    uint8_t *px = malloc((size_t)pw * (size_t)ph * 4);
    REQUIRE(map != NULL && px != NULL);
    SDL_Surface *c = plat_display_canvas(d);
    int cp = c->pitch / 4;
    for (int v = 0; v < ph; v++)
        for (int u = 0; u < pw; u++) {
            int cx = -1, cy = 0;
            if (u >= ox && u < ox + rw && v >= oy && v < oy + rh)
                mapped(rotation, w, h, rw, rh, u - ox, v - oy, &cx, &cy);
            map[(size_t)v * (size_t)pw + (size_t)u] = cx < 0 ? -1 : cy * cp + cx;
        }
    SDL_Rect all = {0, 0, w, h};
    stamp(c, &all, 0);
    plat_display_present(d);
    snprintf(what, sizeof what, "%dx%d at %d on %s, full frame", w, h, rotation, spec);
    CHECK(panel_matches(d, map, px, pw, ph, what));
    unsigned seed = (unsigned)(w * 31 + rotation + pw);
    for (int step = 1; step <= steps; step++) {
        SDL_Rect rs[3];
        int n = 1 + step % 3;
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            int x = (int)(seed >> 8) % w, y = (int)(seed >> 16) % h;
            seed = seed * 1103515245u + 12345u;
            /* small ones (below a 4 x 4 block) as often as large ones */
            int rw_ = 1 + (int)(seed >> 8) % (step % 2 ? 5 : w - x);
            int rh_ = 1 + (int)(seed >> 16) % (step % 2 ? 5 : h - y);
            rs[i] = (SDL_Rect){x, y, rw_ < w - x ? rw_ : w - x, rh_ < h - y ? rh_ : h - y};
            if (big && step % 2 == 0 && i == 0) { /* output columns cut at every offset */
                int bx = 1 + (int)(seed >> 8) % 7, by = 1 + (int)(seed >> 12) % 7;
                rs[i] = (SDL_Rect){bx, by, w - bx - (int)(seed >> 16) % 5, h - by - (int)(seed >> 20) % 5};
            }
            stamp(c, &rs[i], step);
        }
        plat_display_present_rects(d, rs, n);
        snprintf(what, sizeof what, "%dx%d at %d on %s, step %d", w, h, rotation, spec, step);
        if (!panel_matches(d, map, px, pw, ph, what)) {
            CHECK(0);
            break;
        }
    }
    free(map);
    free(px);
    plat_display_close(d);
}

static void mapped_panel(int w, int h, int rotation, const char *spec, int steps)
{
    mapped_panel_of(w, h, rotation, spec, steps, 0);
}

/* At one to one (the panel's mode is the canvas, turned or not: the copy's
 * fast paths, rows copied as they are or turned in 4 x 4 blocks and tiles)
 * every panel pixel is the one the
 * general mapping gives: odd sizes (blocks and tiles cut at every edge), a
 * panel one to one but letterboxed (the picture at an odd offset), scaled
 * panels (the general path, same mapping), and the kiosk's own size. */
static void test_scanout_one_to_one(void)
{
    static const int rot[] = {0, 90, 180, 270};
    enum { CW = 141, CH = 237 };
    for (size_t r = 0; r < 4; r++) {
        int turned = rot[r] == 90 || rot[r] == 270, pw = turned ? CH : CW, ph = turned ? CW : CH;
        char spec[32];
        snprintf(spec, sizeof spec, "mem:%dx%d", pw, ph);
        mapped_panel(CW, CH, rot[r], spec, 40);
        snprintf(spec, sizeof spec, "mem:%dx%d", pw + 3, ph + 5);
        mapped_panel(CW, CH, rot[r], spec, 20);
        mapped_panel(CW, CH, rot[r], "mem:200x150", 10);
    }
    /* the kiosk's portrait canvas on its landscape panel: a full frame, and
     * rectangles of most of it (streamed) at every offset, both turns */
    mapped_panel_of(1080, 1920, 90, "mem:1920x1080", 8, 1);
    mapped_panel_of(1080, 1920, 270, "mem:1920x1080", 8, 1);
    /* and on a portrait panel, not turned */
    mapped_panel(1080, 1920, 0, "mem:1080x1920", 0);
}

/* Panels that cannot be had say why; nothing opens. */
static void test_scanout_refused(void)
{
    static const char *bad[] = {"mem:", "mem:0x0", "mem:12x", "mem:100x100x", "mem:99999x10",
                                "mem:-5x20", "fb", ""};
    char err[256];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        plat_scanout *s = plat_scanout_open(bad[i], err, sizeof err);
        CHECK(s == NULL);
        CHECK(err[0] != '\0');
        plat_scanout_close(s);
    }
#ifndef CZ_PLATFORM_KIOSK
    CHECK(plat_scanout_open("kms", err, sizeof err) == NULL); /* the kiosk build's */
    CHECK(strstr(err, "kiosk") != NULL);
#endif
    plat_display_opts o = {.width = W, .height = H, .scanout = "mem:nope"};
    CHECK(plat_display_open(&o, err, sizeof err) == NULL);
    CHECK(strstr(err, "mem:nope") != NULL);
    /* a rectangle off the panel is refused, not written past the buffer */
    plat_scanout *s = plat_scanout_open("mem:40x30", err, sizeof err);
    REQUIRE(s != NULL);
    const plat_scanout_buf *b = plat_scanout_buffer(s);
    CHECK(b->w == 40 && b->h == 30 && b->pitch >= 160 && b->pitch % 64 == 0);
    plat_scanout_rect off = {30, 20, 20, 20};
    CHECK(plat_scanout_flush(s, &off, 1, err, sizeof err) == -1);
    CHECK(strstr(err, "outside") != NULL);
    plat_scanout_rect in = {0, 0, 40, 30};
    CHECK(plat_scanout_flush(s, &in, 1, err, sizeof err) == 0);
    plat_scanout_close(s);
}

int main(void)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        printf("video: %s\n", SDL_GetError());
        return 1;
    }
    RUN(test_every_rotation_and_scale);
    RUN(test_scanout_every_rotation);
    RUN(test_scanout_one_to_one);
    RUN(test_scanout_refused);
    SDL_Quit();
    return check_summary();
}
