/* draw.c — rounded shapes from cached anti-aliased quarter-circle textures,
 * one per radius and colour: a texture drawn with a colour modulation goes
 * through SDL's slowest blitter (a multiply per channel per pixel), one in its
 * own colour through the plain alpha blend. */
#include "ui/core/draw.h"

#include <math.h>
#include <stdlib.h>

#define MAX_CORNERS 96

typedef struct {
    int rad;
    Uint32 rgba;      /* its colour */
    SDL_Texture *tex; /* (rad x rad) quarter disc in that colour, centre at bottom-right */
} corner;

struct draw_ctx {
    SDL_Renderer *ren;
    corner corners[MAX_CORNERS];
    int ncorners;
    Uint32 blend_key[2]; /* draw_blend_color's last question (under, over) */
    SDL_Color blend_val; /* and its answer */
    int blend_have;
};

draw_ctx *draw_new(SDL_Renderer *ren)
{
    draw_ctx *d = calloc(1, sizeof *d);
    if (d)
        d->ren = ren;
    return d;
}

void draw_free(draw_ctx *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->ncorners; i++)
        SDL_DestroyTexture(d->corners[i].tex);
    free(d);
}

static Uint32 rgba_of(SDL_Color c)
{
    return (Uint32)c.r << 24 | (Uint32)c.g << 16 | (Uint32)c.b << 8 | c.a;
}

static SDL_Texture *corner_tex(draw_ctx *d, int rad, SDL_Color c)
{
    Uint32 rgba = rgba_of(c);
    for (int i = 0; i < d->ncorners; i++)
        if (d->corners[i].rad == rad && d->corners[i].rgba == rgba)
            return d->corners[i].tex;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, rad, rad, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return NULL;
    Uint32 *px = s->pixels;
    for (int y = 0; y < rad; y++) {
        for (int x = 0; x < rad; x++) {
            /* coverage of pixel (x,y) by the disc centred at (rad, rad), 4x4 supersampled */
            int in = 0;
            for (int sy = 0; sy < 4; sy++)
                for (int sx = 0; sx < 4; sx++) {
                    double fx = x + (sx + 0.5) / 4 - rad, fy = y + (sy + 0.5) / 4 - rad;
                    if (fx * fx + fy * fy <= (double)rad * rad)
                        in++;
                }
            Uint32 a = (Uint32)(in * 255 / 16) * c.a / 255;
            px[y * (s->pitch / 4) + x] = (a << 24) | (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
        }
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(d->ren, s);
    SDL_FreeSurface(s);
    if (!t)
        return NULL;
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    if (d->ncorners == MAX_CORNERS) {
        SDL_DestroyTexture(d->corners[0].tex);
        for (int i = 1; i < MAX_CORNERS; i++)
            d->corners[i - 1] = d->corners[i];
        d->ncorners--;
    }
    d->corners[d->ncorners].rad = rad;
    d->corners[d->ncorners].rgba = rgba;
    d->corners[d->ncorners].tex = t;
    d->ncorners++;
    return t;
}

static void set_color(draw_ctx *d, SDL_Color c)
{
    SDL_SetRenderDrawBlendMode(d->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(d->ren, c.r, c.g, c.b, c.a);
}

void draw_clear(draw_ctx *d, SDL_Color c)
{
    if (!SDL_RenderIsClipEnabled(d->ren)) {
        SDL_SetRenderDrawColor(d->ren, c.r, c.g, c.b, c.a);
        SDL_RenderClear(d->ren);
        return;
    }
    /* SDL_RenderClear ignores the clip: fill it instead, replacing what is there */
    SDL_Rect r;
    SDL_RenderGetClipRect(d->ren, &r);
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(d->ren, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(d->ren, &r);
}

int draw_clip_push(draw_ctx *d, const SDL_Rect *r, draw_clip *saved)
{
    saved->on = SDL_RenderIsClipEnabled(d->ren);
    SDL_RenderGetClipRect(d->ren, &saved->r);
    SDL_Rect c = *r;
    int shows = !saved->on || SDL_IntersectRect(r, &saved->r, &c);
    if (!shows)
        c = (SDL_Rect){-2, -2, 1, 1}; /* a clip off the canvas */
    SDL_RenderSetClipRect(d->ren, &c);
    return shows;
}

void draw_clip_pop(draw_ctx *d, const draw_clip *saved)
{
    SDL_RenderSetClipRect(d->ren, saved->on ? &saved->r : NULL);
}

int draw_visible(draw_ctx *d, const SDL_Rect *r)
{
    if (!SDL_RenderIsClipEnabled(d->ren))
        return 1;
    SDL_Rect c;
    SDL_RenderGetClipRect(d->ren, &c);
    return r->x < c.x + c.w && c.x < r->x + r->w && r->y < c.y + c.h && c.y < r->y + r->h;
}

SDL_Color draw_blend_color(draw_ctx *d, SDL_Color under, SDL_Color over)
{
    under.a = 255;
    if (over.a == 255)
        return over;
    Uint32 ku = rgba_of(under), ko = rgba_of(over);
    if (d->blend_have && d->blend_key[0] == ku && d->blend_key[1] == ko)
        return d->blend_val;
    /* one pixel of the canvas's format through a software renderer of its own */
    SDL_Color out = under;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 1, 1, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    if (r) {
        SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(r, under.r, under.g, under.b, 255);
        SDL_RenderClear(r);
        SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(r, over.r, over.g, over.b, over.a);
        SDL_Rect px = {0, 0, 1, 1};
        SDL_RenderFillRect(r, &px);
        SDL_RenderFlush(r);
        Uint32 v = *(const Uint32 *)s->pixels;
        out = (SDL_Color){(Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, (Uint8)(v >> 24)};
        d->blend_key[0] = ku;
        d->blend_key[1] = ko;
        d->blend_val = out;
        d->blend_have = 1;
    }
    if (r)
        SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    return out;
}

int draw_covers(draw_ctx *d, const SDL_Rect *r)
{
    if (!SDL_RenderIsClipEnabled(d->ren))
        return 1;
    SDL_Rect c;
    SDL_RenderGetClipRect(d->ren, &c);
    return r->x >= c.x && r->y >= c.y && r->x + r->w <= c.x + c.w && r->y + r->h <= c.y + c.h;
}

void draw_rect(draw_ctx *d, const SDL_Rect *r, SDL_Color c)
{
    if (!draw_visible(d, r))
        return;
    set_color(d, c);
    SDL_RenderFillRect(d->ren, r);
}

static void round_rect(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c, int corners_only);

void draw_round_rect(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c)
{
    round_rect(d, r, rad, c, 0);
}

void draw_round_corners(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c)
{
    round_rect(d, r, rad, c, 1);
}

static void round_rect(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c, int corners_only)
{
    if (!draw_visible(d, r))
        return;
    if (rad * 2 > r->w)
        rad = r->w / 2;
    if (rad * 2 > r->h)
        rad = r->h / 2;
    if (rad <= 0) {
        if (!corners_only)
            draw_rect(d, r, c);
        return;
    }
    /* A pill of odd size would get a 1-pixel straight seam sticking out of its
     * anti-aliased ends; drop that pixel row/column instead. */
    SDL_Rect even = *r;
    if (even.h - 2 * rad == 1)
        even.h--;
    if (even.w - 2 * rad == 1)
        even.w--;
    r = &even;
    set_color(d, c);
    SDL_Rect mid[3] = {{r->x + rad, r->y, r->w - 2 * rad, r->h},
                       {r->x, r->y + rad, rad, r->h - 2 * rad},
                       {r->x + r->w - rad, r->y + rad, rad, r->h - 2 * rad}};
    for (int i = 0; i < 3 && !corners_only; i++) /* zero-sized rects would still paint a row */
        if (mid[i].w > 0 && mid[i].h > 0)
            SDL_RenderFillRect(d->ren, &mid[i]);
    SDL_Texture *t = corner_tex(d, rad, c);
    if (!t)
        return;
    SDL_Rect tl = {r->x, r->y, rad, rad}, tr = {r->x + r->w - rad, r->y, rad, rad},
             bl = {r->x, r->y + r->h - rad, rad, rad},
             br = {r->x + r->w - rad, r->y + r->h - rad, rad, rad};
    SDL_RenderCopyEx(d->ren, t, NULL, &tl, 0, NULL, SDL_FLIP_NONE);
    SDL_RenderCopyEx(d->ren, t, NULL, &tr, 0, NULL, SDL_FLIP_HORIZONTAL);
    SDL_RenderCopyEx(d->ren, t, NULL, &bl, 0, NULL, SDL_FLIP_VERTICAL);
    SDL_RenderCopyEx(d->ren, t, NULL, &br, 0, NULL,
                     (SDL_RendererFlip)(SDL_FLIP_HORIZONTAL | SDL_FLIP_VERTICAL));
}

void draw_round_box(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color fill, SDL_Color border,
                    int thick)
{
    if (!draw_visible(d, r))
        return;
    SDL_Rect in = {r->x + thick, r->y + thick, r->w - 2 * thick, r->h - 2 * thick};
    if (fill.a == 255 && border.a == 255 && thick > 0 && rad > thick && r->w - 2 * rad >= 2 &&
        r->h - 2 * rad >= 2) {
        /* The same pixels as the outer shape filled and the inner one over
         * it, without filling the inside twice: the outer corners, the ring's
         * four straight strips, then the inner shape (its corners fall inside
         * the outer ones, its straight parts meet the strips). */
        SDL_Texture *t = corner_tex(d, rad, border);
        if (t) {
            SDL_Rect tl = {r->x, r->y, rad, rad}, tr = {r->x + r->w - rad, r->y, rad, rad},
                     bl = {r->x, r->y + r->h - rad, rad, rad},
                     br = {r->x + r->w - rad, r->y + r->h - rad, rad, rad};
            SDL_RenderCopyEx(d->ren, t, NULL, &tl, 0, NULL, SDL_FLIP_NONE);
            SDL_RenderCopyEx(d->ren, t, NULL, &tr, 0, NULL, SDL_FLIP_HORIZONTAL);
            SDL_RenderCopyEx(d->ren, t, NULL, &bl, 0, NULL, SDL_FLIP_VERTICAL);
            SDL_RenderCopyEx(d->ren, t, NULL, &br, 0, NULL,
                             (SDL_RendererFlip)(SDL_FLIP_HORIZONTAL | SDL_FLIP_VERTICAL));
            set_color(d, border);
            SDL_Rect strips[4] = {{r->x + rad, r->y, r->w - 2 * rad, thick},
                                  {r->x + rad, r->y + r->h - thick, r->w - 2 * rad, thick},
                                  {r->x, r->y + rad, thick, r->h - 2 * rad},
                                  {r->x + r->w - thick, r->y + rad, thick, r->h - 2 * rad}};
            SDL_RenderFillRects(d->ren, strips, 4);
            draw_round_rect(d, &in, rad - thick, fill);
            return;
        }
    }
    draw_round_rect(d, r, rad, border);
    if (in.w > 0 && in.h > 0)
        draw_round_rect(d, &in, rad > thick ? rad - thick : 0, fill);
}

void draw_shadow(draw_ctx *d, const SDL_Rect *r, int rad, int spread)
{
    /* Only the band below the card shows (the card covers the rest), so clip
     * the layers to it: full-size translucent layers cost a lot of blending. */
    SDL_Rect band = {r->x - spread, r->y + r->h - rad, r->w + 2 * spread, rad + spread + 1};
    if (!draw_visible(d, &band))
        return;
    draw_clip saved;
    if (!draw_clip_push(d, &band, &saved)) {
        draw_clip_pop(d, &saved);
        return;
    }
    for (int i = spread; i > 0; i -= 3) {
        SDL_Rect s = {r->x - i / 3, r->y + i / 2, r->w + 2 * (i / 3), r->h};
        SDL_Color c = {0, 0, 0, (Uint8)(10 + (spread - i) * 14 / (spread ? spread : 1))};
        draw_round_rect(d, &s, rad + i / 3, c);
    }
    draw_clip_pop(d, &saved);
}

void draw_circle(draw_ctx *d, int cx, int cy, int radius, SDL_Color c)
{
    SDL_Rect r = {cx - radius, cy - radius, radius * 2, radius * 2};
    draw_round_rect(d, &r, radius, c);
}

void draw_line(draw_ctx *d, int x0, int y0, int x1, int y1, int thick, SDL_Color c)
{
    SDL_Rect box = {(x0 < x1 ? x0 : x1) - thick, (y0 < y1 ? y0 : y1) - thick,
                    abs(x1 - x0) + 2 * thick + 1, abs(y1 - y0) + 2 * thick + 1};
    if (!draw_visible(d, &box))
        return;
    double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
    if (len < 1) {
        draw_circle(d, x0, y0, thick / 2, c);
        return;
    }
    double nx = -dy / len * thick / 2, ny = dx / len * thick / 2;
    SDL_Vertex v[4];
    SDL_FPoint p[4] = {{(float)(x0 + nx), (float)(y0 + ny)}, {(float)(x1 + nx), (float)(y1 + ny)},
                       {(float)(x1 - nx), (float)(y1 - ny)}, {(float)(x0 - nx), (float)(y0 - ny)}};
    for (int i = 0; i < 4; i++) {
        v[i].position = p[i];
        v[i].color = c;
        v[i].tex_coord.x = v[i].tex_coord.y = 0;
    }
    int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_RenderGeometry(d->ren, NULL, v, 4, idx, 6);
    draw_circle(d, x0, y0, thick / 2, c);
    draw_circle(d, x1, y1, thick / 2, c);
}

void draw_rgb(draw_ctx *d, const SDL_Rect *dst, const uint8_t *rgb, int w, int h)
{
    if (!rgb || w <= 0 || h <= 0)
        return;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom((void *)rgb, w, h, 24, w * 3,
                                                        SDL_PIXELFORMAT_RGB24);
    if (!s)
        return;
    SDL_Texture *t = SDL_CreateTextureFromSurface(d->ren, s);
    SDL_FreeSurface(s);
    if (!t)
        return;
    SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
    SDL_RenderCopy(d->ren, t, NULL, dst);
    SDL_DestroyTexture(t);
}
