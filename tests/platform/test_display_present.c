/* test_display_present.c — showing only the changed rectangles of the canvas
 * leaves the window exactly as showing the whole canvas would, at every
 * rotation and at window sizes that scale the canvas up and down.
 *
 * A real window of SDL's offscreen video driver (it has a window surface,
 * like X11 and the framebuffer console) is drawn on through the display's
 * software renderer; after each partial present the window's pixels are kept,
 * the whole canvas is presented, and the two must be identical.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plat_display.h"

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

static void one(int rotation, int percent)
{
    enum { W = 120, H = 200 };
    plat_display_opts o = {W, H, 0, rotation, percent, "present test"};
    char err[256];
    plat_display *d = plat_display_open(&o, err, sizeof err);
    if (!d) {
        printf("  display: %s\n", err);
        CHECK(d != NULL);
        return;
    }
    SDL_Window *win = the_window();
    SDL_Surface *ws = win ? SDL_GetWindowSurface(win) : NULL;
    REQUIRE(ws != NULL);
    SDL_Renderer *ren = plat_display_renderer(d);
    /* a frame with detail everywhere: stripes of every colour */
    for (int y = 0; y < H; y += 4)
        fill(ren, 0, y, W, 4, (Uint8)(y * 5), (Uint8)(255 - y), (Uint8)(y * 13), 255);
    plat_display_present(d);
    size_t bytes = (size_t)ws->pitch * (size_t)ws->h;
    uint8_t *kept = malloc(bytes);
    REQUIRE(kept != NULL);
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
        ws = SDL_GetWindowSurface(win);
        memcpy(kept, ws->pixels, bytes);
        plat_display_present(d);
        ws = SDL_GetWindowSurface(win);
        if (memcmp(kept, ws->pixels, bytes)) {
            printf("  rotation %d, window %d %%: step %d differs from a full present\n", rotation,
                   percent, step);
            CHECK(0);
            break;
        }
    }
    if (rotation == 0 && percent == 100) { /* one to one: the window is the canvas */
        static uint8_t px[W * H * 4];
        CHECK_EQ_INT(plat_display_read_rgba(d, px), 0);
        ws = SDL_GetWindowSurface(win);
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
    plat_display_close(d);
}

static void test_every_rotation_and_scale(void)
{
    static const int rot[] = {0, 90, 180, 270}, pct[] = {100, 50, 137};
    for (size_t r = 0; r < 4; r++)
        for (size_t p = 0; p < 3; p++)
            one(rot[r], pct[p]);
}

int main(void)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        printf("video: %s\n", SDL_GetError());
        return 1;
    }
    RUN(test_every_rotation_and_scale);
    SDL_Quit();
    return check_summary();
}
