/* tiles.c — the cell grid of tile damage (tiles.h): hashes folded per cell,
 * compared, and the changed cells turned into few rectangles. */
#include "ui/core/tiles.h"

#include <stdlib.h>
#include <string.h>

#define SHIFT 5 /* log2(TILES_CELL) */
#define SEED 0x6a09e667f3bcc909ull    /* a recorded cell before anything is folded */
#define UNKNOWN 0x0ull                /* a canvas cell no frame hashed */
#define RUNS_MAX 96                   /* rectangles gathered before joining the closest */
#define PASS_PX 16384 /* a pass's own cost (the screen's draw run again), in pixels drawn */

_Static_assert(1 << SHIFT == TILES_CELL, "TILES_CELL is 1 << SHIFT");

struct tiles_grid {
    int w, h, cols, rows;
    uint64_t *canvas; /* what is on the canvas, per cell */
    uint64_t *rec;    /* what the frame recorded, per cell */
    uint64_t *under;  /* rec as it was when a layer began (tiles_layer) */
    int layers;       /* layers begun in the frame being recorded */
    uint64_t serial;  /* tiles_unique's last */
};

tiles_grid *tiles_new(int w, int h)
{
    if (w <= 0 || h <= 0)
        return NULL;
    tiles_grid *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->w = w;
    t->h = h;
    t->cols = (w + TILES_CELL - 1) >> SHIFT;
    t->rows = (h + TILES_CELL - 1) >> SHIFT;
    size_t n = (size_t)t->cols * (size_t)t->rows;
    t->canvas = calloc(n, sizeof *t->canvas); /* UNKNOWN */
    t->rec = calloc(n, sizeof *t->rec);
    t->under = calloc(n, sizeof *t->under);
    if (!t->canvas || !t->rec || !t->under) {
        tiles_free(t);
        return NULL;
    }
    return t;
}

void tiles_free(tiles_grid *t)
{
    if (!t)
        return;
    free(t->canvas);
    free(t->rec);
    free(t->under);
    free(t);
}

int tiles_fits(const tiles_grid *t, int w, int h) { return t && t->w == w && t->h == h; }

/* The cells r touches, [c0, c1) x [r0, r1); 0 when none. */
static int cells_of(const tiles_grid *t, const SDL_Rect *r, int *c0, int *c1, int *r0, int *r1)
{
    int x0 = r->x < 0 ? 0 : r->x, y0 = r->y < 0 ? 0 : r->y;
    int x1 = r->x + r->w > t->w ? t->w : r->x + r->w;
    int y1 = r->y + r->h > t->h ? t->h : r->y + r->h;
    if (x0 >= x1 || y0 >= y1)
        return 0;
    *c0 = x0 >> SHIFT;
    *c1 = ((x1 - 1) >> SHIFT) + 1;
    *r0 = y0 >> SHIFT;
    *r1 = ((y1 - 1) >> SHIFT) + 1;
    return 1;
}

static void set_cells(tiles_grid *t, uint64_t *grid, const SDL_Rect *r, uint64_t v)
{
    size_t n = (size_t)t->cols * (size_t)t->rows;
    if (!r) {
        for (size_t i = 0; i < n; i++)
            grid[i] = v;
        return;
    }
    int c0, c1, r0, r1;
    if (!cells_of(t, r, &c0, &c1, &r0, &r1))
        return;
    for (int y = r0; y < r1; y++)
        for (int x = c0; x < c1; x++)
            grid[(size_t)y * (size_t)t->cols + (size_t)x] = v;
}

void tiles_record_begin(tiles_grid *t)
{
    set_cells(t, t->rec, NULL, SEED);
    t->layers = 0;
}

void tiles_layer(tiles_grid *t)
{
    if (t->layers++ == 0)
        memcpy(t->under, t->rec, (size_t)t->cols * (size_t)t->rows * sizeof *t->rec);
}

void tiles_record_area(tiles_grid *t, const SDL_Rect *r) { set_cells(t, t->rec, r, SEED); }

void tiles_forget(tiles_grid *t, const SDL_Rect *r)
{
    if (t)
        set_cells(t, t->canvas, r, UNKNOWN);
}

void tiles_keep(tiles_grid *t, const SDL_Rect *r)
{
    if (!r) {
        memcpy(t->canvas, t->rec, (size_t)t->cols * (size_t)t->rows * sizeof *t->rec);
        return;
    }
    int c0, c1, r0, r1;
    if (!cells_of(t, r, &c0, &c1, &r0, &r1))
        return;
    for (int y = r0; y < r1; y++) {
        size_t i = (size_t)y * (size_t)t->cols + (size_t)c0;
        memcpy(t->canvas + i, t->rec + i, (size_t)(c1 - c0) * sizeof *t->rec);
    }
}

uint64_t tiles_unique(tiles_grid *t) { return tiles_mix(0x510e527fade682d1ull, ++t->serial); }

void tiles_fold(tiles_grid *t, uint64_t op, const SDL_Rect *box, const SDL_Rect *clip)
{
    SDL_Rect b;
    if (!SDL_IntersectRect(box, clip, &b))
        return;
    int c0, c1, r0, r1;
    if (!cells_of(t, &b, &c0, &c1, &r0, &r1))
        return;
    const int cx0 = clip->x, cy0 = clip->y, cx1 = clip->x + clip->w, cy1 = clip->y + clip->h;
    for (int y = r0; y < r1; y++) {
        int ty0 = y << SHIFT, ty1 = ty0 + TILES_CELL > t->h ? t->h : ty0 + TILES_CELL;
        uint64_t *row = t->rec + (size_t)y * (size_t)t->cols;
        int rows_in = cy0 <= ty0 && cy1 >= ty1;
        for (int x = c0; x < c1; x++) {
            int tx0 = x << SHIFT, tx1 = tx0 + TILES_CELL > t->w ? t->w : tx0 + TILES_CELL;
            uint64_t v = op;
            if (!(rows_in && cx0 <= tx0 && cx1 >= tx1)) {
                /* the clip cuts the cell: what of the cell it lets through */
                int ix0 = cx0 > tx0 ? cx0 : tx0, iy0 = cy0 > ty0 ? cy0 : ty0;
                int ix1 = cx1 < tx1 ? cx1 : tx1, iy1 = cy1 < ty1 ? cy1 : ty1;
                v = tiles_mix(v, (uint64_t)(ix0 - tx0) | (uint64_t)(iy0 - ty0) << 16 |
                                     (uint64_t)(ix1 - tx0) << 32 | (uint64_t)(iy1 - ty0) << 48);
            }
            row[x] = (row[x] ^ v) * 0x9E3779B97F4A7C15ull + 0x632be59bd9b4e019ull;
        }
    }
}

/* A rectangle of cells [x0, x1) x [y0, y1). */
typedef struct {
    int x0, x1, y0, y1;
} box;

static long cells_in(const box *b) { return (long)(b->x1 - b->x0) * (b->y1 - b->y0); }

static box box_union(const box *a, const box *b)
{
    box u = {a->x0 < b->x0 ? a->x0 : b->x0, a->x1 > b->x1 ? a->x1 : b->x1,
             a->y0 < b->y0 ? a->y0 : b->y0, a->y1 > b->y1 ? a->y1 : b->y1};
    return u;
}

/* Joins the two boxes whose union adds the fewest cells; returns what it added. */
static long join_closest(box *bx, int *n)
{
    long best = -1;
    int bi = 0, bj = 1;
    for (int i = 0; i < *n; i++)
        for (int j = i + 1; j < *n; j++) {
            box u = box_union(&bx[i], &bx[j]);
            long waste = cells_in(&u) - cells_in(&bx[i]) - cells_in(&bx[j]);
            if (best < 0 || waste < best) {
                best = waste;
                bi = i;
                bj = j;
            }
        }
    bx[bi] = box_union(&bx[bi], &bx[bj]);
    bx[bj] = bx[--*n];
    return best;
}

/* The cells of recorded (t->rec or t->under) that differ from the canvas's,
 * as tiles_changed says. */
static int changed_of(tiles_grid *t, const uint64_t *recorded, SDL_Rect *out, int max)
{
    box bx[RUNS_MAX];
    int n = 0;
    long changed = 0, all = (long)t->cols * t->rows;
    for (int y = 0; y < t->rows; y++) {
        const uint64_t *rec = recorded + (size_t)y * (size_t)t->cols;
        const uint64_t *cv = t->canvas + (size_t)y * (size_t)t->cols;
        for (int x = 0; x < t->cols;) {
            if (rec[x] == cv[x] && cv[x] != UNKNOWN) {
                x++;
                continue;
            }
            int e = x + 1;
            while (e < t->cols && (rec[e] != cv[e] || cv[e] == UNKNOWN))
                e++;
            changed += e - x;
            /* the same run in the row above: one box grows down */
            int k = 0;
            while (k < n && !(bx[k].y1 == y && bx[k].x0 == x && bx[k].x1 == e))
                k++;
            if (k < n) {
                bx[k].y1 = y + 1;
            } else {
                if (n == RUNS_MAX)
                    return -1; /* too scattered: the whole frame */
                bx[n++] = (box){x, e, y, y + 1};
            }
            x = e;
        }
    }
    if (changed * 4 > all * 3)
        return -1;
    if (!n)
        return 0;
    /* fewer passes: the closest boxes joined while there are too many, or
     * while a join draws fewer pixels more than a pass costs */
    long cell_px = (long)TILES_CELL * TILES_CELL;
    while (n > 1) {
        box keep[RUNS_MAX];
        int kn = n;
        memcpy(keep, bx, (size_t)n * sizeof *bx);
        long waste = join_closest(bx, &n);
        if (kn > max || waste * cell_px <= PASS_PX)
            continue;
        memcpy(bx, keep, (size_t)kn * sizeof *bx); /* not worth a pass less: undo */
        n = kn;
        break;
    }
    long drawn = 0;
    for (int i = 0; i < n; i++)
        drawn += cells_in(&bx[i]);
    if (drawn * 4 > all * 3)
        return -1;
    for (int i = 0; i < n; i++) {
        int x0 = bx[i].x0 << SHIFT, y0 = bx[i].y0 << SHIFT;
        int x1 = bx[i].x1 << SHIFT, y1 = bx[i].y1 << SHIFT;
        out[i] = (SDL_Rect){x0, y0, (x1 > t->w ? t->w : x1) - x0, (y1 > t->h ? t->h : y1) - y0};
    }
    return n;
}

int tiles_changed(tiles_grid *t, SDL_Rect *out, int max) { return changed_of(t, t->rec, out, max); }

int tiles_changed_under(tiles_grid *t, SDL_Rect *out, int max)
{
    return t->layers == 1 ? changed_of(t, t->under, out, max) : -1;
}
