/* draw.c — rounded shapes blended straight into the canvas.
 *
 * Every pixel is the one SDL's software renderer made when these shapes were
 * drawn through it (fills by SDL_RenderFillRect, corners as cached quarter-disc
 * textures copied and flipped by SDL_RenderCopyEx): the same coverage, the
 * same order of operations and the same integer arithmetic, written here
 * without SDL's per-call costs (a flipped copy allocated a temporary surface
 * per corner per draw) and without its non-temporal stores. tests/ui's
 * draw_exact compares both on random shapes, clips and backgrounds.
 *
 * Arithmetic copied (SDL 2.26 on x86):
 *   clear         the colour's pixel stored everywhere (SDL_RenderClear);
 *   opaque fill   the colour's pixel stored;
 *   blended fill  SDL_BlendFillRect: channel = (255 - a) * dst / 255 + c * a / 255,
 *                 alpha = (255 - a) * dst / 255 + a;
 *   corner        the per-pixel-alpha blitter (MMX): with k the texel's alpha,
 *                 nothing for 0, the texel for 255, else
 *                 channel = (c * k >> 8) + (dst * (255 - k) >> 8),
 *                 alpha = (255 * k >> 8) + (dst * (255 - k) >> 8).
 */
#include "ui/core/draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A blended fill's runs of equal pixels a cache line at a time (same16),
 * and its other pixels blended four at a time (blend4): SSE2 on x86-64,
 * NEON on AArch64, plain C (one at a time) elsewhere. */
#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON) && defined(__aarch64__)
#include <arm_neon.h>
#endif

typedef struct {
    int rad;
    uint8_t *cov; /* rad x rad, 0..16 (of 4x4 samples) inside the disc centred at (rad, rad) */
    uint16_t *edge; /* each row's first covered column and first of the columns all 16 to its end */
} mask;

/* A shadow row's layers composed: what they make of each channel value. */
typedef struct {
    int spread;
    uint64_t layers; /* which of the shadow's layers cover the row */
    int used;
    uint8_t c[256], a[256];
} shade;

#define SHADES 32

/* A picture scaled to a destination's size in one frame (draw_rgb): the
 * picture's pixels are the caller's and may change between frames, so a slot
 * holds only in the frame that made it; its room is kept for the next. */
typedef struct {
    const uint8_t *rgb; /* the picture (NULL: the slot holds none) */
    int w, h;
    SDL_Surface *pic; /* ARGB8888, the destination's size; NULL: no room */
    unsigned frame;
} scaled;

struct draw_ctx {
    SDL_Renderer *ren;
    SDL_Surface *canvas;
    mask masks[DRAW_CORNER_MASKS];
    int nmasks;
    size_t mask_bytes;
    shade shades[SHADES];
    int shade_next;
    Uint32 blend_key[2]; /* draw_blend_color's last question (under, over) */
    SDL_Color blend_val; /* and its answer */
    int blend_have;
    tiles_grid *tiles; /* while set, each call folds its hash into the cells (draw_set_tiles) */
    int rec_only; /* and writes no pixel */
    SDL_Rect cover; /* draw_set_cover's (w 0: none) */
    scaled scaled[DRAW_SCALED]; /* pictures scaled (draw_rgb) */
    unsigned frame; /* draw_frame_begin's count */
};

/* What each call folds into the cells it touches first (tiles.h). */
enum { OP_CLEAR = 1, OP_COPY, OP_RECT, OP_ROUND, OP_CORNERS, OP_BOX, OP_FRAME, OP_SHADOW,
       OP_CIRCLE, OP_LINE, OP_RGB };

draw_ctx *draw_new(SDL_Renderer *ren, SDL_Surface *canvas)
{
    if (!ren || !canvas || canvas->format->format != SDL_PIXELFORMAT_ARGB8888)
        return NULL;
    draw_ctx *d = calloc(1, sizeof *d);
    if (d) {
        d->ren = ren;
        d->canvas = canvas;
    }
    return d;
}

static void masks_drop(draw_ctx *d)
{
    for (int i = 0; i < d->nmasks; i++)
        free(d->masks[i].cov);
    d->nmasks = 0;
    d->mask_bytes = 0;
}

void draw_free(draw_ctx *d)
{
    if (!d)
        return;
    masks_drop(d);
    for (int i = 0; i < DRAW_SCALED; i++)
        SDL_FreeSurface(d->scaled[i].pic);
    free(d);
}

void draw_frame_begin(draw_ctx *d)
{
    d->frame++;
    for (int i = 0; i < DRAW_SCALED; i++) {
        scaled *c = &d->scaled[i];
        if (c->pic && d->frame - c->frame > DRAW_SCALED_AGE) {
            SDL_FreeSurface(c->pic);
            c->pic = NULL;
            c->rgb = NULL;
        }
    }
}

static Uint32 rgba_of(SDL_Color c)
{
    return (Uint32)c.r << 24 | (Uint32)c.g << 16 | (Uint32)c.b << 8 | c.a;
}

/* The quarter disc of radius rad, its centre at the bottom-right corner. */
static const mask *mask_of(draw_ctx *d, int rad)
{
    for (int i = 0; i < d->nmasks; i++)
        if (d->masks[i].rad == rad)
            return &d->masks[i];
    size_t n = (size_t)rad * (size_t)rad, half = (n + 1) / 2;
    n = half * 2 + (size_t)rad * 2 * sizeof(uint16_t); /* the coverage, then the edges */
    if (n > DRAW_CORNER_BYTES)
        return NULL;
    if (d->nmasks == DRAW_CORNER_MASKS || d->mask_bytes + n > DRAW_CORNER_BYTES)
        masks_drop(d);
    uint8_t *cov = malloc(n);
    if (!cov)
        return NULL;
    uint16_t *edge = (uint16_t *)(void *)(cov + half * 2);
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
            cov[(size_t)y * (size_t)rad + (size_t)x] = (uint8_t)in;
        }
        const uint8_t *row = cov + (size_t)y * (size_t)rad;
        int z = 0, f = rad;
        while (z < rad && !row[z])
            z++;
        while (f > z && row[f - 1] == 16)
            f--;
        edge[2 * y] = (uint16_t)z;
        edge[2 * y + 1] = (uint16_t)f;
    }
    mask *m = &d->masks[d->nmasks];
    m->rad = rad;
    m->cov = cov;
    m->edge = edge;
    d->nmasks++;
    d->mask_bytes += n;
    return m;
}

/* The renderer's clip on the canvas, empty (w 0) when nothing can be drawn;
 * what SDL queued stays queued. */
static SDL_Rect clip_of(draw_ctx *d)
{
    SDL_Rect all = {0, 0, d->canvas->w, d->canvas->h}, c;
    if (!SDL_RenderIsClipEnabled(d->ren))
        return all;
    SDL_RenderGetClipRect(d->ren, &c);
    if (!SDL_IntersectRect(&c, &all, &c))
        c = (SDL_Rect){0, 0, 0, 0};
    return c;
}

/* Where drawing may land now: the clip (clip_of). What SDL queued is drawn
 * first: these pixels go over it. */
static SDL_Rect area_now(draw_ctx *d)
{
    SDL_RenderFlush(d->ren);
    return clip_of(d);
}

/* Folds a call's hash op over box into the cells (d->tiles set); 1 when the
 * call is to write no pixel. */
static int hashed(draw_ctx *d, uint64_t op, const SDL_Rect *box)
{
    SDL_Rect clip = clip_of(d);
    tiles_fold(d->tiles, op, box, &clip);
    return d->rec_only;
}

/* 1 when the call of hash op over box is recorded and draws nothing. */
#define RECORDED(d, op, box) ((d)->tiles && hashed((d), (op), (box)))

void draw_set_cover(draw_ctx *d, const SDL_Rect *r)
{
    d->cover = r && r->w > 0 && r->h > 0 ? *r : (SDL_Rect){0, 0, 0, 0};
}

/* 1 when what shows of box through the clip lies all under the cover: a
 * call there writes no pixel (its hash is folded all the same). */
static int covered(draw_ctx *d, const SDL_Rect *box)
{
    if (d->cover.w <= 0)
        return 0;
    SDL_Rect clip = clip_of(d), b;
    if (!SDL_IntersectRect(box, &clip, &b))
        return 1;
    const SDL_Rect *k = &d->cover;
    return b.x >= k->x && b.y >= k->y && b.x + b.w <= k->x + k->w && b.y + b.h <= k->y + k->h;
}

/* The clip without the cover, as at most four rectangles into out (the clip
 * alone when no cover meets it); their count. */
static int uncovered(const draw_ctx *d, const SDL_Rect *clip, SDL_Rect out[4])
{
    SDL_Rect k;
    if (d->cover.w <= 0 || !SDL_IntersectRect(&d->cover, clip, &k)) {
        out[0] = *clip;
        return 1;
    }
    int n = 0, x1 = clip->x + clip->w, y1 = clip->y + clip->h, kx1 = k.x + k.w, ky1 = k.y + k.h;
    if (k.y > clip->y) /* above, below, then left and right of it */
        out[n++] = (SDL_Rect){clip->x, clip->y, clip->w, k.y - clip->y};
    if (ky1 < y1)
        out[n++] = (SDL_Rect){clip->x, ky1, clip->w, y1 - ky1};
    if (k.x > clip->x)
        out[n++] = (SDL_Rect){clip->x, k.y, k.x - clip->x, k.h};
    if (kx1 < x1)
        out[n++] = (SDL_Rect){kx1, k.y, x1 - kx1, k.h};
    return n;
}

static uint64_t op_shape(int op, const SDL_Rect *r, int rad, SDL_Color c)
{
    return tiles_mix(tiles_mix(tiles_mix((uint64_t)op, tiles_rect_bits(r)), (uint64_t)(uint32_t)rad),
                     tiles_color_bits(c));
}

void draw_set_tiles(draw_ctx *d, tiles_grid *t, int record_only)
{
    d->tiles = t;
    d->rec_only = t && record_only;
}

static Uint32 *row_at(draw_ctx *d, int x, int y)
{
    return (Uint32 *)((Uint8 *)d->canvas->pixels + (size_t)y * (size_t)d->canvas->pitch) + x;
}

/* A rectangle as SDL_RenderFillRect takes it: at least one pixel each way. */
static SDL_Rect fill_shape(const SDL_Rect *r)
{
    SDL_Rect f = *r;
    if (f.w < 1)
        f.w = 1;
    if (f.h < 1)
        f.h = 1;
    return f;
}

/* r (as SDL fills it) inside clip; 0 when nothing is left. */
static int clipped(const SDL_Rect *r, const SDL_Rect *clip, SDL_Rect *out)
{
    SDL_Rect f = fill_shape(r);
    return clip->w > 0 && clip->h > 0 && SDL_IntersectRect(&f, clip, out);
}

static void fill_px(draw_ctx *d, const SDL_Rect *r, Uint32 px, const SDL_Rect *clip)
{
    SDL_Rect b;
    if (!clipped(r, clip, &b))
        return;
    /* the first row pixel by pixel, the others copied from it (fast at any
     * optimisation level; the bounds in locals: stores could alias b) */
    const int w = b.w, y1 = b.y + b.h;
    Uint32 *first = row_at(d, b.x, b.y);
    for (int i = 0; i < w; i++)
        first[i] = px;
    for (int y = b.y + 1; y < y1; y++)
        memcpy(row_at(d, b.x, y), first, (size_t)w * 4);
}

/* A blended fill, as SDL blends: each channel inv * channel / 255 plus the
 * colour's, premultiplied (add). */
static inline Uint32 blend1(Uint32 v, unsigned inv, Uint32 add)
{
    unsigned da = inv * (v >> 24) / 255 + (add >> 24);
    unsigned dr = inv * ((v >> 16) & 0xff) / 255 + ((add >> 16) & 0xff);
    unsigned dg = inv * ((v >> 8) & 0xff) / 255 + ((add >> 8) & 0xff);
    unsigned db = inv * (v & 0xff) / 255 + (add & 0xff);
    return (Uint32)da << 24 | (Uint32)dr << 16 | (Uint32)dg << 8 | (Uint32)db;
}

/* Vectors of four pixels: blend4 blends p[0..3] as blend1 does (the
 * division exact for products up to 255 * 255) with the constants of
 * blend_of; same16 says whether p[0..15] (a cache line) all equal l,
 * store16 stores o over them. */
#if defined(__SSE2__)
#define BLEND4 1
typedef __m128i px4;
typedef struct {
    __m128i inv, add; /* add: b g r a as 16-bit lanes, low first */
} blend_k;
static inline px4 splat4(Uint32 v) { return _mm_set1_epi32((int)v); }
static inline blend_k blend_of(unsigned inv, Uint32 add)
{
    return (blend_k){_mm_set1_epi16((short)inv),
                     _mm_unpacklo_epi8(_mm_set1_epi32((int)add), _mm_setzero_si128())};
}
static inline void blend4(Uint32 *p, const blend_k *k)
{
    const __m128i z = _mm_setzero_si128(), m = _mm_set1_epi16((short)0x8081);
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i lo = _mm_mullo_epi16(_mm_unpacklo_epi8(v, z), k->inv);
    __m128i hi = _mm_mullo_epi16(_mm_unpackhi_epi8(v, z), k->inv);
    lo = _mm_add_epi16(_mm_srli_epi16(_mm_mulhi_epu16(lo, m), 7), k->add); /* x / 255 */
    hi = _mm_add_epi16(_mm_srli_epi16(_mm_mulhi_epu16(hi, m), 7), k->add);
    _mm_storeu_si128((__m128i *)p, _mm_packus_epi16(lo, hi));
}
static inline int same16(const Uint32 *p, px4 l)
{
    __m128i a = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)p), l);
    __m128i b = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(p + 4)), l);
    __m128i c = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(p + 8)), l);
    __m128i e = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(p + 12)), l);
    return _mm_movemask_epi8(_mm_and_si128(_mm_and_si128(a, b), _mm_and_si128(c, e))) == 0xFFFF;
}
static inline void store16(Uint32 *p, px4 o)
{
    for (int k = 0; k < 16; k += 4)
        _mm_storeu_si128((__m128i *)(p + k), o);
}
#elif defined(__ARM_NEON) && defined(__aarch64__)
#define BLEND4 1
typedef uint32x4_t px4;
typedef struct {
    uint8x8_t inv;
    uint8x16_t add;
} blend_k;
static inline px4 splat4(Uint32 v) { return vdupq_n_u32(v); }
static inline blend_k blend_of(unsigned inv, Uint32 add)
{
    return (blend_k){vdup_n_u8((uint8_t)inv), vreinterpretq_u8_u32(vdupq_n_u32(add))};
}
static inline void blend4(Uint32 *p, const blend_k *k)
{
    uint8x16_t b = vreinterpretq_u8_u32(vld1q_u32(p));
    uint16x8_t lo = vmull_u8(vget_low_u8(b), k->inv), hi = vmull_u8(vget_high_u8(b), k->inv);
    const uint16x8_t one = vdupq_n_u16(1);
    /* x / 255 = (x + (x >> 8) + 1) >> 8 */
    uint8x8_t qlo = vshrn_n_u16(vaddq_u16(vaddq_u16(lo, vshrq_n_u16(lo, 8)), one), 8);
    uint8x8_t qhi = vshrn_n_u16(vaddq_u16(vaddq_u16(hi, vshrq_n_u16(hi, 8)), one), 8);
    vst1q_u32(p, vreinterpretq_u32_u8(vaddq_u8(vcombine_u8(qlo, qhi), k->add)));
}
static inline int same16(const Uint32 *p, px4 l)
{
    uint32x4_t e = vandq_u32(vandq_u32(vceqq_u32(vld1q_u32(p), l), vceqq_u32(vld1q_u32(p + 4), l)),
                             vandq_u32(vceqq_u32(vld1q_u32(p + 8), l), vceqq_u32(vld1q_u32(p + 12), l)));
    return vminvq_u32(e) == 0xFFFFFFFFu;
}
static inline void store16(Uint32 *p, px4 o)
{
    for (int k = 0; k < 16; k += 4)
        vst1q_u32(p + k, o);
}
#else
#define BLEND4 0
#endif

static void fill_blend(draw_ctx *d, const SDL_Rect *r, SDL_Color c, const SDL_Rect *clip)
{
    SDL_Rect b;
    if (!clipped(r, clip, &b))
        return;
    unsigned a = c.a, inv = 255 - a;
    Uint32 add = (Uint32)a << 24 | (Uint32)(c.r * a / 255) << 16 | (Uint32)(c.g * a / 255) << 8 |
                 (Uint32)(c.b * a / 255);
    const int w = b.w, y1 = b.y + b.h;
    /* A run of equal pixels (a plain background; a dialog's shade over the
     * whole screen is mostly such runs) is blended once: a cache line of
     * its pixels is compared at a time and its blend stored over it; the
     * lines between runs are blended four pixels at a time. (Testing each
     * four pixels for the run cost more than it spared: the branch missed
     * wherever text broke the runs.) */
    Uint32 last = ~*row_at(d, b.x, b.y), out = 0;
#if BLEND4
    const blend_k k = blend_of(inv, add);
    px4 l = splat4(last), o = splat4(out);
#endif
    for (int y = b.y; y < y1; y++) {
        Uint32 *p = row_at(d, b.x, y);
        int i = 0;
#if BLEND4
        for (; i + 16 <= w; i += 16) {
            if (same16(p + i, l)) {
                store16(p + i, o);
                continue;
            }
            last = p[i + 15]; /* the run that may start here: its last pixel */
            for (int q = 0; q < 16; q += 4)
                blend4(p + i + q, &k);
            out = p[i + 15];
            l = splat4(last);
            o = splat4(out);
        }
        if (i + 4 <= w) {
            last = p[(w & ~3) - 1];
            for (; i + 4 <= w; i += 4)
                blend4(p + i, &k);
            out = p[i - 1];
        }
#endif
        for (; i < w; i++) {
            Uint32 v = p[i];
            if (v != last) {
                last = v;
                out = blend1(v, inv, add);
            }
            p[i] = out;
        }
#if BLEND4
        l = splat4(last);
        o = splat4(out);
#endif
    }
}

/* A fill in colour c as SDL draws it: stored when opaque, else blended. */
static void fill(draw_ctx *d, const SDL_Rect *r, SDL_Color c, const SDL_Rect *clip)
{
    SDL_Rect part[4];
    int n = uncovered(d, clip, part);
    for (int i = 0; i < n; i++) {
        if (c.a == 255)
            fill_px(d, r, 0xFF000000u | (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b, &part[i]);
        else
            fill_blend(d, r, c, &part[i]);
    }
}

/* The four anti-aliased corners of r (rad x rad each) in colour c. Each
 * row of a corner is its mask's empty columns (left as they are), its
 * partial ones and its full ones (the colour stored when it is opaque). */
static void corners(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c, const SDL_Rect *clip)
{
    const mask *mk = mask_of(d, rad);
    if (!mk)
        return;
    const uint8_t *m = mk->cov;
    /* what each coverage (0..16) puts: the texel's alpha k, c * k >> 8, 255 - k */
    unsigned ka[17], kr[17], kg[17], kb[17], kk[17];
    for (unsigned in = 0; in <= 16; in++) {
        unsigned k = (in * 255 / 16) * c.a / 255;
        ka[in] = 255 * k >> 8;
        kr[in] = c.r * k >> 8;
        kg[in] = c.g * k >> 8;
        kb[in] = c.b * k >> 8;
        kk[in] = k;
    }
    Uint32 solid = 0xFF000000u | (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
    /* a partial pixel's blend over the last pixel value met (a corner lies
     * over one colour, the background or a box's border): each coverage's
     * result made once for it, a bit each in memo_ok */
    Uint32 memo_v = 0, memo[17];
    unsigned memo_ok = 0;
    for (int q = 0; q < 4; q++) {
        int flip_x = q & 1, flip_y = q >> 1;
        SDL_Rect cr = {flip_x ? r->x + r->w - rad : r->x, flip_y ? r->y + r->h - rad : r->y, rad, rad};
        SDL_Rect b;
        if (!SDL_IntersectRect(&cr, clip, &b))
            continue;
        const int w = b.w, y1 = b.y + b.h, mx0 = b.x - cr.x, cy = cr.y;
        for (int y = b.y; y < y1; y++) {
            int my = y - cy;
            if (flip_y)
                my = rad - 1 - my;
            const uint8_t *mrow = m + (size_t)my * (size_t)rad;
            Uint32 *p = row_at(d, b.x, y);
            /* the mask's columns [z, f) partial, [f, rad) full, as the
             * row's pixels [i0, i1) and [j0, j1) */
            const int z = mk->edge[2 * my], f = mk->edge[2 * my + 1];
            int i0 = flip_x ? rad - f - mx0 : z - mx0, i1 = flip_x ? rad - z - mx0 : f - mx0;
            int j0 = flip_x ? -mx0 : f - mx0, j1 = flip_x ? rad - f - mx0 : rad - mx0;
            i0 = i0 < 0 ? 0 : i0;
            j0 = j0 < 0 ? 0 : j0;
            i1 = i1 > w ? w : i1;
            j1 = j1 > w ? w : j1;
            if (kk[16] == 255) {
                for (int i = j0; i < j1; i++)
                    p[i] = solid;
                j1 = j0; /* done */
            } else if (!kk[16]) {
                j1 = j0; /* leaves them */
            }
            if (j0 < j1) {
                /* full columns of a colour not opaque: one blend, of each
                 * run of equal pixels (a plain background) once */
                unsigned inv = 255 - kk[16];
                Uint32 last = ~p[j0], out = 0;
                for (int i = j0; i < j1; i++) {
                    Uint32 v = p[i];
                    if (v != last) {
                        last = v;
                        out = (Uint32)(ka[16] + ((v >> 24) * inv >> 8)) << 24 |
                              (Uint32)(kr[16] + (((v >> 16) & 0xff) * inv >> 8)) << 16 |
                              (Uint32)(kg[16] + (((v >> 8) & 0xff) * inv >> 8)) << 8 |
                              (Uint32)(kb[16] + ((v & 0xff) * inv >> 8));
                    }
                    p[i] = out;
                }
            }
            /* the partial columns */
            for (int i = i0; i < i1; i++) {
                int mx = mx0 + i;
                unsigned in = mrow[flip_x ? rad - 1 - mx : mx];
                unsigned k = kk[in];
                if (!k)
                    continue;
                if (k == 255) {
                    p[i] = solid;
                    continue;
                }
                Uint32 v = p[i];
                if (v != memo_v) {
                    memo_v = v;
                    memo_ok = 0;
                }
                if (!(memo_ok >> in & 1u)) {
                    unsigned inv = 255 - k;
                    unsigned da = ka[in] + ((v >> 24) * inv >> 8);
                    unsigned dr = kr[in] + (((v >> 16) & 0xff) * inv >> 8);
                    unsigned dg = kg[in] + (((v >> 8) & 0xff) * inv >> 8);
                    unsigned db = kb[in] + ((v & 0xff) * inv >> 8);
                    memo[in] = (Uint32)da << 24 | (Uint32)dr << 16 | (Uint32)dg << 8 | (Uint32)db;
                    memo_ok |= 1u << in;
                }
                p[i] = memo[in];
            }
        }
    }
}

void draw_clear(draw_ctx *d, SDL_Color c)
{
    /* SDL_RenderClear's pixels, stored as the fills store them: SDL's
     * streaming stores bypass the cache, and the frame drawn next over the
     * cleared canvas then reads and writes it from memory (on the menu the
     * clear and the fills after it took 4 to 5 times as long).
     * A clear ignores the clip: inside one, it is a fill of the clip. */
    SDL_Rect all = {0, 0, d->canvas->w, d->canvas->h};
    if (RECORDED(d, tiles_mix(OP_CLEAR, tiles_color_bits(c)), &all))
        return;
    SDL_Rect clip = area_now(d), part[4];
    int n = clip.w > 0 ? uncovered(d, &clip, part) : 0;
    for (int i = 0; i < n; i++)
        fill_px(d, &part[i], (Uint32)c.a << 24 | (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b,
                &part[i]);
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
    SDL_Rect f = fill_shape(r);
    if (RECORDED(d, op_shape(OP_RECT, r, 0, c), &f) || covered(d, &f))
        return;
    SDL_Rect clip = area_now(d);
    fill(d, r, c, &clip);
}

/* The shape round_rect draws for r and rad: the radius as it fits, and r
 * without the odd row or column a pill would have. */
static SDL_Rect rr_shape(const SDL_Rect *r, int *rad)
{
    if (*rad * 2 > r->w)
        *rad = r->w / 2;
    if (*rad * 2 > r->h)
        *rad = r->h / 2;
    SDL_Rect even = *r;
    if (*rad > 0) {
        /* A pill of odd size would get a 1-pixel straight seam sticking out of
         * its anti-aliased ends; drop that pixel row/column instead. */
        if (even.h - 2 * *rad == 1)
            even.h--;
        if (even.w - 2 * *rad == 1)
            even.w--;
    }
    return even;
}

/* round_rect inside clip (on the canvas), r already found visible. */
static void rr_draw(draw_ctx *d, const SDL_Rect *r0, int rad, SDL_Color c, int corners_only,
                    const SDL_Rect *clip)
{
    SDL_Rect e = rr_shape(r0, &rad);
    if (rad <= 0) {
        if (!corners_only)
            fill(d, r0, c, clip);
        return;
    }
    const SDL_Rect *r = &e;
    SDL_Rect mid[3] = {{r->x + rad, r->y, r->w - 2 * rad, r->h},
                       {r->x, r->y + rad, rad, r->h - 2 * rad},
                       {r->x + r->w - rad, r->y + rad, rad, r->h - 2 * rad}};
    for (int i = 0; i < 3 && !corners_only; i++) /* zero-sized rects would still paint a row */
        if (mid[i].w > 0 && mid[i].h > 0)
            fill(d, &mid[i], c, clip);
    corners(d, r, rad, c, clip);
}

static void round_rect(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c, int corners_only)
{
    if (!draw_visible(d, r))
        return;
    SDL_Rect clip = area_now(d);
    if (clip.w > 0)
        rr_draw(d, r, rad, c, corners_only, &clip);
}

void draw_round_rect(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c)
{
    SDL_Rect f = fill_shape(r);
    if (!draw_visible(d, r) || RECORDED(d, op_shape(OP_ROUND, r, rad, c), &f) || covered(d, &f))
        return;
    round_rect(d, r, rad, c, 0);
}

void draw_round_corners(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color c)
{
    SDL_Rect f = fill_shape(r);
    if (!draw_visible(d, r) || RECORDED(d, op_shape(OP_CORNERS, r, rad, c), &f) ||
        covered(d, &f))
        return;
    round_rect(d, r, rad, c, 1);
}

/* A round box drawn as its ring (inside_too 0: the inside left as it is, the
 * inner shape's corners alone), when both colours are opaque and the border
 * is thinner than the radius; 0 when it is not such a box. */
static int round_ring(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color fill_c, SDL_Color border,
                      int thick, int inside_too)
{
    if (!(fill_c.a == 255 && border.a == 255 && thick > 0 && rad > thick && r->w - 2 * rad >= 2 &&
          r->h - 2 * rad >= 2))
        return 0;
    /* The same pixels as the outer shape filled and the inner one over it,
     * without filling the inside twice: the outer corners, the ring's four
     * straight strips, then the inner shape (its corners fall inside the
     * outer ones, its straight parts meet the strips). */
    SDL_Rect clip = area_now(d);
    if (clip.w <= 0)
        return 1;
    corners(d, r, rad, border, &clip);
    SDL_Rect strips[4] = {{r->x + rad, r->y, r->w - 2 * rad, thick},
                          {r->x + rad, r->y + r->h - thick, r->w - 2 * rad, thick},
                          {r->x, r->y + rad, thick, r->h - 2 * rad},
                          {r->x + r->w - thick, r->y + rad, thick, r->h - 2 * rad}};
    for (int i = 0; i < 4; i++)
        fill(d, &strips[i], border, &clip);
    SDL_Rect in = {r->x + thick, r->y + thick, r->w - 2 * thick, r->h - 2 * thick};
    round_rect(d, &in, rad - thick, fill_c, !inside_too);
    return 1;
}

static void round_box(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color fill_c,
                      SDL_Color border, int thick)
{
    if (round_ring(d, r, rad, fill_c, border, thick, 1))
        return;
    SDL_Rect in = {r->x + thick, r->y + thick, r->w - 2 * thick, r->h - 2 * thick};
    round_rect(d, r, rad, border, 0);
    if (in.w > 0 && in.h > 0)
        round_rect(d, &in, rad > thick ? rad - thick : 0, fill_c, 0);
}

/* A box's or frame's hash: its shape, both colours and the border's width. */
static uint64_t op_box(int op, const SDL_Rect *r, int rad, SDL_Color fill_c, SDL_Color border,
                       int thick)
{
    return tiles_mix(tiles_mix(op_shape(op, r, rad, fill_c), tiles_color_bits(border)),
                     (uint64_t)(uint32_t)thick);
}

void draw_round_box(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color fill_c, SDL_Color border,
                    int thick)
{
    SDL_Rect f = fill_shape(r);
    if (!draw_visible(d, r) || RECORDED(d, op_box(OP_BOX, r, rad, fill_c, border, thick), &f) ||
        covered(d, &f))
        return;
    round_box(d, r, rad, fill_c, border, thick);
}

void draw_round_frame(draw_ctx *d, const SDL_Rect *r, int rad, SDL_Color fill_c, SDL_Color border,
                      int thick)
{
    SDL_Rect f = fill_shape(r);
    if (!draw_visible(d, r) || RECORDED(d, op_box(OP_FRAME, r, rad, fill_c, border, thick), &f) ||
        covered(d, &f))
        return;
    if (!round_ring(d, r, rad, fill_c, border, thick, 0))
        round_box(d, r, rad, fill_c, border, thick); /* another shape: drawn whole */
}

/* The shadow's layers composed for the rows that layers (a bit each, in
 * drawing order) cover: each layer is a black fill of its alpha. */
static const shade *shade_of(draw_ctx *d, int spread, uint64_t layers, const Uint8 *alpha, int n)
{
    for (int i = 0; i < SHADES; i++)
        if (d->shades[i].used && d->shades[i].spread == spread && d->shades[i].layers == layers)
            return &d->shades[i];
    shade *s = &d->shades[d->shade_next];
    d->shade_next = (d->shade_next + 1) % SHADES;
    s->used = 1;
    s->spread = spread;
    s->layers = layers;
    for (unsigned v = 0; v < 256; v++) {
        unsigned c = v, a = v;
        for (int j = 0; j < n; j++) {
            if (!(layers >> j & 1))
                continue;
            unsigned inv = 255u - alpha[j];
            c = inv * c / 255;
            a = inv * a / 255 + alpha[j];
        }
        s->c[v] = (uint8_t)c;
        s->a[v] = (uint8_t)a;
    }
    return s;
}

enum { MAX_LAYERS = 64 };

void draw_shadow(draw_ctx *d, const SDL_Rect *r, int rad, int spread)
{
    /* Only the band below the card shows (the card covers the rest), so clip
     * the layers to it: full-size translucent layers cost a lot of blending. */
    SDL_Rect band = {r->x - spread, r->y + r->h - rad, r->w + 2 * spread, rad + spread + 1};
    if (!draw_visible(d, &band))
        return;
    if (RECORDED(d, tiles_mix(op_shape(OP_SHADOW, r, rad, (SDL_Color){0, 0, 0, 0}),
                              (uint64_t)(uint32_t)spread),
                 &band) ||
        covered(d, &band))
        return;
    draw_clip saved;
    if (!draw_clip_push(d, &band, &saved)) {
        draw_clip_pop(d, &saved);
        return;
    }
    /* The layers, largest and lightest first, each a rounded rectangle. */
    SDL_Rect s[MAX_LAYERS], e[MAX_LAYERS];
    int srad[MAX_LAYERS], erad[MAX_LAYERS], n = 0, simple = 1;
    Uint8 alpha[MAX_LAYERS];
    for (int i = spread; i > 0 && simple; i -= 3) {
        if (n == MAX_LAYERS) {
            simple = 0;
            break;
        }
        s[n] = (SDL_Rect){r->x - i / 3, r->y + i / 2, r->w + 2 * (i / 3), r->h};
        srad[n] = rad + i / 3;
        alpha[n] = (Uint8)(10 + (spread - i) * 14 / (spread ? spread : 1));
        erad[n] = srad[n];
        e[n] = rr_shape(&s[n], &erad[n]);
        if (erad[n] <= 0 || !draw_visible(d, &s[n]))
            simple = 0; /* drawn layer by layer below */
        n++;
    }
    /* Columns where every layer is its straight middle: there a pixel's
     * layers depend on its row only, and the row's composed layers give
     * each channel in one look-up. Left and right of them, layer by layer. */
    int xm0 = -(1 << 30), xm1 = 1 << 30;
    for (int j = 0; j < n && simple; j++) {
        if (e[j].x + erad[j] > xm0)
            xm0 = e[j].x + erad[j];
        if (e[j].x + e[j].w - erad[j] < xm1)
            xm1 = e[j].x + e[j].w - erad[j];
    }
    SDL_Rect clip = area_now(d);
    if (!n || clip.w <= 0) { /* no layers (spread under 1), or nothing shows */
        draw_clip_pop(d, &saved);
        return;
    }
    if (!simple || xm1 <= xm0) {
        for (int i = spread; i > 0; i -= 3) {
            SDL_Rect l = {r->x - i / 3, r->y + i / 2, r->w + 2 * (i / 3), r->h};
            SDL_Color c = {0, 0, 0, (Uint8)(10 + (spread - i) * 14 / (spread ? spread : 1))};
            round_rect(d, &l, rad + i / 3, c, 0);
        }
        draw_clip_pop(d, &saved);
        return;
    }
    SDL_Rect side[2] = {{clip.x, clip.y, xm0 - clip.x, clip.h},
                        {xm1, clip.y, clip.x + clip.w - xm1, clip.h}};
    for (int k = 0; k < 2; k++) {
        SDL_Rect sc;
        if (side[k].w <= 0 || !SDL_IntersectRect(&side[k], &clip, &sc))
            continue;
        for (int j = 0; j < n; j++)
            rr_draw(d, &s[j], srad[j], (SDL_Color){0, 0, 0, alpha[j]}, 0, &sc);
    }
    SDL_Rect mid = {xm0, clip.y, xm1 - xm0, clip.h}, mc;
    if (SDL_IntersectRect(&mid, &clip, &mc)) {
        const int w = mc.w, y1 = mc.y + mc.h;
        for (int y = mc.y; y < y1; y++) {
            uint64_t layers = 0;
            for (int j = 0; j < n; j++)
                if (y >= e[j].y && y < e[j].y + e[j].h)
                    layers |= (uint64_t)1 << j;
            if (!layers)
                continue;
            const shade *sh = shade_of(d, spread, layers, alpha, n);
            Uint32 *p = row_at(d, mc.x, y);
            for (int i = 0; i < w; i++) {
                Uint32 v = p[i];
                p[i] = (Uint32)sh->a[v >> 24] << 24 | (Uint32)sh->c[(v >> 16) & 0xff] << 16 |
                       (Uint32)sh->c[(v >> 8) & 0xff] << 8 | sh->c[v & 0xff];
            }
        }
    }
    draw_clip_pop(d, &saved);
}

static void circle(draw_ctx *d, int cx, int cy, int radius, SDL_Color c)
{
    SDL_Rect r = {cx - radius, cy - radius, radius * 2, radius * 2};
    round_rect(d, &r, radius, c, 0);
}

void draw_circle(draw_ctx *d, int cx, int cy, int radius, SDL_Color c)
{
    SDL_Rect r = {cx - radius, cy - radius, radius * 2, radius * 2}, f = fill_shape(&r);
    if (!draw_visible(d, &r) || RECORDED(d, op_shape(OP_CIRCLE, &r, radius, c), &f) ||
        covered(d, &f))
        return;
    circle(d, cx, cy, radius, c);
}

void draw_line(draw_ctx *d, int x0, int y0, int x1, int y1, int thick, SDL_Color c)
{
    SDL_Rect box = {(x0 < x1 ? x0 : x1) - thick, (y0 < y1 ? y0 : y1) - thick,
                    abs(x1 - x0) + 2 * thick + 1, abs(y1 - y0) + 2 * thick + 1};
    if (!draw_visible(d, &box))
        return;
    if (d->tiles) {
        /* SDL blends the line's quad in the renderer's draw blend mode */
        SDL_BlendMode bm = SDL_BLENDMODE_NONE;
        SDL_GetRenderDrawBlendMode(d->ren, &bm);
        SDL_Rect ends = {x0, y0, x1 - x0, y1 - y0};
        uint64_t op = op_shape(OP_LINE, &ends, thick, c);
        if (hashed(d, tiles_mix(op, (uint64_t)bm), &box))
            return;
    }
    double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
    if (len < 1) {
        circle(d, x0, y0, thick / 2, c);
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
    circle(d, x0, y0, thick / 2, c);
    circle(d, x1, y1, thick / 2, c);
}

/* The picture as ARGB8888 (a new surface), or NULL. */
static SDL_Surface *argb_of(const uint8_t *rgb, int w, int h)
{
    SDL_Surface *src = SDL_CreateRGBSurfaceWithFormatFrom((void *)rgb, w, h, 24, w * 3,
                                                          SDL_PIXELFORMAT_RGB24);
    SDL_Surface *argb = src ? SDL_ConvertSurfaceFormat(src, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    SDL_FreeSurface(src);
    return argb;
}

/* The picture scaled to dst's size for this frame, from a slot (made when
 * none holds it: a whole picture scaled once); NULL when out of memory. */
static SDL_Surface *scaled_of(draw_ctx *d, const uint8_t *rgb, int w, int h, int dw, int dh)
{
    scaled *s = NULL, *old = &d->scaled[0];
    for (int i = 0; i < DRAW_SCALED; i++) {
        scaled *c = &d->scaled[i];
        if (c->pic && c->rgb == rgb && c->w == w && c->h == h && c->pic->w == dw &&
            c->pic->h == dh && c->frame == d->frame)
            return c->pic;
        if (!s && c->pic && c->pic->w == dw && c->pic->h == dh && c->frame != d->frame)
            s = c; /* room of the right size, not used in this frame */
        if (c->frame < old->frame || !c->pic)
            old = c;
    }
    if (!s) {
        s = old;
        SDL_FreeSurface(s->pic);
        s->pic = SDL_CreateRGBSurfaceWithFormat(0, dw, dh, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!s->pic)
            return NULL;
    }
    s->rgb = NULL;
    SDL_Surface *argb = argb_of(rgb, w, h);
    int rc = argb ? SDL_SoftStretchLinear(argb, NULL, s->pic, NULL) : -1;
    SDL_FreeSurface(argb);
    if (rc != 0)
        return NULL;
    s->rgb = rgb;
    s->w = w;
    s->h = h;
    s->frame = d->frame;
    return s->pic;
}

void draw_rgb(draw_ctx *d, const SDL_Rect *dst, const uint8_t *rgb, int w, int h)
{
    if (!rgb || w <= 0 || h <= 0 || dst->w <= 0 || dst->h <= 0)
        return;
    /* a picture: too many pixels to hash, so its cells never match */
    if (d->tiles && hashed(d, tiles_unique(d->tiles), dst))
        return;
    SDL_Rect clip = area_now(d), r;
    if (!SDL_IntersectRect(dst, &clip, &r))
        return;
    /* Scaled whole: straight into the canvas when the clip lets all of it
     * through (a preview frame), else into a slot whose part the clip lets
     * through is copied. So a pass that draws part of dst (a partial frame,
     * a changed cell) writes the very pixels a whole frame does (SDL's
     * scaled copy worked from the clipped part, whose pixels differed from
     * the whole's by a few steps). */
    if (SDL_RectEquals(&r, dst)) {
        SDL_Surface *argb = argb_of(rgb, w, h);
        if (argb)
            SDL_SoftStretchLinear(argb, NULL, d->canvas, &r);
        SDL_FreeSurface(argb);
        return;
    }
    SDL_Surface *pic = scaled_of(d, rgb, w, h, dst->w, dst->h);
    if (!pic)
        return;
    for (int y = r.y; y < r.y + r.h; y++) {
        const Uint32 *in = (const Uint32 *)((const Uint8 *)pic->pixels +
                                            (size_t)(y - dst->y) * (size_t)pic->pitch) +
                           (r.x - dst->x);
        memcpy(row_at(d, r.x, y), in, sizeof *in * (size_t)r.w);
    }
}
