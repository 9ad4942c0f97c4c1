/* text.c — glyph cache over SDL_ttf, with a fallback font and CJK line breaking;
 * the font files read through a few kept blocks (font_rw). */
#include "ui/core/text.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/utf8.h"
#include "core/words.h"

#define MISSING_DY (-32768) /* glyph.dy of a character no font has */

/* One FreeType face per font file, switched between sizes with
 * TTF_SetFontSize: a face per size would parse the CFF font again for every
 * size and cost megabytes each. Our own glyph cache makes switching cheap. */
typedef struct {
    TTF_Font *font;
    int px;        /* size the face is set to now */
} face_slot;

typedef struct {
    uint32_t key;       /* cp | weight << 21 | 1 << 30; 0 = empty slot */
    int px;
    uint8_t *cov;       /* w x h coverage (alpha) of the glyph; NULL for blank glyphs (spaces) */
    uint32_t *run;      /* the covered pixels as runs, row by row (after cov, in its block):
                         * row y's are run[row[y]] .. run[row[y+1]] - 1, each column | len << 16 */
    uint32_t *row;      /* h + 1 offsets into run */
    short w, h, adv, dy;
    short top, bot;     /* the covered rows [top, bot) */
} glyph;

/* What a colour puts on the canvas for each coverage value k of a glyph's
 * pixel: its alpha A[k] and colour P[k] as SDL's blitters compute them (see
 * blend_span). Built once per colour and kept for the last few colours. */
typedef struct {
    Uint32 rgba;        /* the colour; 0 with used 0 = empty slot */
    int used;
    int modulated;      /* 1: SDL would colour/alpha-modulate (any colour but opaque white) */
    Uint32 solid;       /* what full coverage writes when it hides the pixel (a[255] == 255) */
    uint8_t a[256], r[256], g[256], b[256];
    /* what partial coverage k made of the pixel over[i] (once a glyph's
     * pixel showed it: a plain background): over_px[i][k], known when
     * over_gen[i][k] == gen[i] */
    Uint32 over[2];
    uint16_t gen[2];
    int misses, last;
    Uint32 over_px[2][256];
    uint16_t over_gen[2][256];
} tint;

#define TINTS 8
#define LINE_SKIPS 256

struct text_ctx {
    SDL_Renderer *ren;
    SDL_Surface *canvas; /* what ren draws into: glyphs are blended straight into it */
    char fb_path[1024], fbb_path[1024]; /* the fallback font and its bold, if any */
    int fb_index, fb_tried, fbb_tried;
    face_slot face[4];  /* regular, bold, fallback, bold fallback */
    glyph *tab;
    size_t cap, used;
    size_t cov_bytes;   /* coverage held by tab (bounded by TEXT_CACHE_BYTES) */
    int line_skip[LINE_SKIPS]; /* text_line_height of each size, 0 = not known yet */
    tint tints[TINTS];
    int tint_next;
    tiles_grid *tiles;       /* while set, each glyph folds its hash into the cells (text_set_tiles) */
    int rec_only;       /* and is not blended */
    SDL_Rect cover;     /* text_set_cover's (w 0: none) */
    int missing;        /* characters in missing_cp */
    uint32_t missing_cp[TEXT_MISSING_KEEP]; /* drawn since the reset with no font's glyph */
    const words_set *words; /* not broken inside (text_set_words; borrowed), or NULL */
    int word_max;           /* the longest of them kept whole now (layout), characters */
};

enum { F_REGULAR = 0, F_BOLD = 1, F_FALLBACK = 2, F_FALLBACK_BOLD = 3 };

static const char ELLIPSIS[] = "…";

static void set_err(char *err, size_t n, const char *a, const char *b)
{
    if (err && n)
        snprintf(err, n, "%s: %s", a, b);
}

/* A font file read through a few blocks kept in memory. FreeType reads a
 * few places of the file for each glyph it makes, most of them the same
 * for every glyph (the CFF's indexes, its subroutines); through stdio each
 * was a seek and a read (about ten system calls a glyph). Here a read is a
 * copy from a kept block, and a block not kept is one pread. Large reads
 * (a table harfbuzz copies whole) go straight to the file. */
#define FRW_BLOCK 8192
#define FRW_BLOCKS 32 /* 256 KiB a font */

typedef struct {
    int fd;
    Sint64 size, pos;
    unsigned tick;
    Sint64 off[FRW_BLOCKS]; /* each block's offset in the file; -1: empty */
    int len[FRW_BLOCKS];
    unsigned used[FRW_BLOCKS];
    unsigned char data[FRW_BLOCKS][FRW_BLOCK];
} font_rw;

static font_rw *frw_of(SDL_RWops *rw) { return rw->hidden.unknown.data1; }

static Sint64 frw_size(SDL_RWops *rw) { return frw_of(rw)->size; }

static Sint64 frw_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    font_rw *f = frw_of(rw);
    Sint64 base = whence == RW_SEEK_SET ? 0 : whence == RW_SEEK_CUR ? f->pos : f->size;
    if (offset < -base || base + offset > f->size)
        return SDL_SetError("font: seek outside the file");
    f->pos = base + offset;
    return f->pos;
}

/* The kept block holding the file's byte at pos (read when not kept); NULL
 * on a read error. *start gets its offset. */
static const unsigned char *frw_block(font_rw *f, Sint64 pos, Sint64 *start, int *len)
{
    Sint64 at = pos - pos % FRW_BLOCK;
    int slot = 0;
    for (int i = 0; i < FRW_BLOCKS; i++) {
        if (f->off[i] == at) {
            f->used[i] = ++f->tick;
            *start = at;
            *len = f->len[i];
            return f->data[i];
        }
        if (f->used[i] < f->used[slot])
            slot = i; /* the least lately used */
    }
    ssize_t n;
    do
        n = pread(f->fd, f->data[slot], FRW_BLOCK, (off_t)at);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        f->off[slot] = -1;
        f->used[slot] = 0;
        return NULL;
    }
    f->off[slot] = at;
    f->len[slot] = (int)n;
    f->used[slot] = ++f->tick;
    *start = at;
    *len = (int)n;
    return f->data[slot];
}

static size_t frw_read(SDL_RWops *rw, void *ptr, size_t size, size_t maxnum)
{
    font_rw *f = frw_of(rw);
    if (!size || !maxnum || f->pos >= f->size)
        return 0;
    size_t want = maxnum > (size_t)(f->size - f->pos) / size ? (size_t)(f->size - f->pos) / size
                                                               : maxnum;
    size_t left = want * size, got = 0;
    unsigned char *out = ptr;
    if (left >= 4 * FRW_BLOCK) { /* a whole table: not through the blocks */
        while (got < left) {
            ssize_t n = pread(f->fd, out + got, left - got, (off_t)(f->pos + (Sint64)got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += (size_t)n;
        }
    } else {
        while (got < left) {
            Sint64 start;
            int len;
            const unsigned char *b = frw_block(f, f->pos + (Sint64)got, &start, &len);
            Sint64 in = f->pos + (Sint64)got - start;
            if (!b || in >= len)
                break;
            size_t k = (size_t)(len - in) < left - got ? (size_t)(len - in) : left - got;
            memcpy(out + got, b + in, k);
            got += k;
        }
    }
    if (got < left)
        SDL_SetError("font: read failed");
    f->pos += (Sint64)got;
    return got / size;
}

static size_t frw_write(SDL_RWops *rw, const void *ptr, size_t size, size_t num)
{
    (void)rw, (void)ptr, (void)size, (void)num;
    SDL_SetError("font: read only");
    return 0;
}

static int frw_close(SDL_RWops *rw)
{
    font_rw *f = frw_of(rw);
    if (f) {
        close(f->fd);
        free(f);
    }
    SDL_FreeRW(rw);
    return 0;
}

/* The font file at path as an SDL_RWops read through kept blocks (closed,
 * with the file, by the font that takes it); NULL when it cannot be opened. */
static SDL_RWops *frw_open(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    font_rw *f = fstat(fd, &st) == 0 && st.st_size > 0 ? malloc(sizeof *f) : NULL;
    SDL_RWops *rw = f ? SDL_AllocRW() : NULL;
    if (!rw) {
        free(f);
        close(fd);
        return NULL;
    }
    f->fd = fd;
    f->size = (Sint64)st.st_size;
    f->pos = 0;
    f->tick = 0;
    for (int i = 0; i < FRW_BLOCKS; i++) {
        f->off[i] = -1;
        f->len[i] = 0;
        f->used[i] = 0;
    }
    rw->size = frw_size;
    rw->seek = frw_seek;
    rw->read = frw_read;
    rw->write = frw_write;
    rw->close = frw_close;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->hidden.unknown.data1 = f;
    return rw;
}

/* Opens the font file at path (face index) at px into slot, read through
 * kept blocks (frw_open); by SDL's own file reading when that cannot be set
 * up or the font is refused through it (SDL_ttf's error is then the one of
 * its own reading). The slot's font, NULL on failure (TTF_GetError says why). */
static TTF_Font *open_face(face_slot *slot, const char *path, int px, long index)
{
    slot->px = px;
    SDL_RWops *rw = frw_open(path);
    slot->font = rw ? TTF_OpenFontIndexRW(rw, 1, px, index) : NULL;
    if (!slot->font)
        slot->font = TTF_OpenFontIndex(path, px, index);
    return slot->font;
}

static void close_face(face_slot *slot)
{
    if (slot->font)
        TTF_CloseFont(slot->font);
    memset(slot, 0, sizeof *slot);
}

text_ctx *text_new(SDL_Renderer *ren, SDL_Surface *canvas, const char *fonts_dir,
                   const char *fallback, int fallback_index, char *err, size_t errlen)
{
    if (!canvas || canvas->format->format != SDL_PIXELFORMAT_ARGB8888) {
        set_err(err, errlen, "text", "the canvas must be an ARGB8888 surface");
        return NULL;
    }
    if (!TTF_WasInit() && TTF_Init() != 0) {
        set_err(err, errlen, "cannot start SDL_ttf", TTF_GetError());
        return NULL;
    }
    text_ctx *t = calloc(1, sizeof *t);
    if (!t) {
        set_err(err, errlen, "text", "out of memory");
        return NULL;
    }
    t->ren = ren;
    t->canvas = canvas;
    if (fallback) {
        snprintf(t->fb_path, sizeof t->fb_path, "%s", fallback);
        /* rare characters in bold text (names on keys and candidates) come
         * from the fallback's bold when it has one beside it (Noto Sans CJK:
         * NotoSansCJK-Bold.ttc), so they are as heavy as the rest */
        const char *reg = strstr(fallback, "-Regular.");
        if (reg && (size_t)(reg - fallback) < sizeof t->fbb_path - 16)
            snprintf(t->fbb_path, sizeof t->fbb_path, "%.*s-Bold.%s", (int)(reg - fallback),
                     fallback, reg + strlen("-Regular."));
    }
    t->fb_index = fallback_index;
    t->cap = 1024;
    t->tab = calloc(t->cap, sizeof *t->tab);
    if (!t->tab) {
        set_err(err, errlen, "text", "out of memory");
        text_free(t);
        return NULL;
    }
    static const char *names[2] = {"cunzhan-sc-regular.otf", "cunzhan-sc-bold.otf"};
    for (int i = 0; i < 2; i++) {
        char path[1100];
        if (fonts_dir)
            snprintf(path, sizeof path, "%s/%s", fonts_dir, names[i]);
        else /* no font of our own: the system's CJK font for both weights */
            snprintf(path, sizeof path, "%s", fallback ? fallback : "(no font)");
        if (!(fonts_dir || fallback) ||
            !open_face(&t->face[i], path, 32, fonts_dir ? 0 : fallback_index)) {
            set_err(err, errlen, path, TTF_GetError());
            text_free(t);
            return NULL;
        }
    }
    return t;
}

/* Forgets every glyph (they are made again as they are drawn). */
static void flush_glyphs(text_ctx *t)
{
    for (size_t i = 0; i < t->cap && t->tab; i++)
        free(t->tab[i].cov);
    if (t->tab)
        memset(t->tab, 0, t->cap * sizeof *t->tab);
    t->used = 0;
    t->cov_bytes = 0;
}

void text_free(text_ctx *t)
{
    if (!t)
        return;
    flush_glyphs(t);
    free(t->tab);
    for (int i = 0; i < 4; i++)
        close_face(&t->face[i]);
    free(t);
}

/* The face in slot i set to px; NULL if that font is not available. */
static TTF_Font *sized(text_ctx *t, int i, int px)
{
    if (i >= F_FALLBACK && !t->face[i].font) {
        int *tried = i == F_FALLBACK ? &t->fb_tried : &t->fbb_tried;
        const char *path = i == F_FALLBACK ? t->fb_path : t->fbb_path;
        if (*tried || !path[0])
            return NULL;
        *tried = 1;
        return open_face(&t->face[i], path, px, t->fb_index);
    }
    if (t->face[i].px != px) {
        TTF_SetFontSize(t->face[i].font, px);
        t->face[i].px = px;
    }
    return t->face[i].font;
}

static size_t hash(uint32_t key, int px, size_t cap)
{
    uint64_t h = ((uint64_t)key * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)px * 0xC2B2AE3D27D4EB4Full);
    return (size_t)(h >> 17) & (cap - 1);
}

static int grow(text_ctx *t)
{
    size_t ncap = t->cap * 2;
    glyph *n = calloc(ncap, sizeof *n);
    if (!n)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->tab[i].key)
            continue;
        size_t j = hash(t->tab[i].key, t->tab[i].px, ncap);
        while (n[j].key)
            j = (j + 1) & (ncap - 1);
        n[j] = t->tab[i];
    }
    free(t->tab);
    t->tab = n;
    t->cap = ncap;
    return 0;
}

static int is_blank(uint32_t cp) { return cp == ' ' || cp == 0x3000 || cp == '\t'; }

/* A run of covered pixels: its first column, its length, and whether every
 * pixel of it has full coverage. */
#define RUN_FULL 0x80000000u
#define RUN(col, len, full) ((uint32_t)(col) | (uint32_t)(len) << 16 | ((full) ? RUN_FULL : 0))

/* The runs of row c (w bytes) into out (NULL: only counted); returns their count.
 * A run is a stretch of pixels all of full coverage, or all of partial. */
static uint32_t runs_of(const uint8_t *c, int w, uint32_t *out)
{
    uint32_t n = 0;
    int x = 0;
    while (x < w) {
        if (!c[x]) {
            x++;
            continue;
        }
        int full = c[x] == 255, e = x + 1;
        while (e < w && c[e] && (c[e] == 255) == full && e - x < 0x7fff)
            e++;
        if (out)
            out[n] = RUN(x, e - x, full);
        n++;
        x = e;
    }
    return n;
}

/* The alpha channel of an ARGB8888 surface as w x h bytes in g->cov, and its
 * covered pixels as runs (g->run, g->row) and rows (g->top, g->bot): blending
 * skips what a glyph does not cover (most of SDL_ttf's box around it) and
 * writes runs of full coverage without the blend's arithmetic. Returns the
 * bytes kept, 0 when out of memory. */
static size_t coverage_of(glyph *g, const SDL_Surface *s)
{
    size_t px = (size_t)s->w * (size_t)s->h;
    uint8_t *tmp = malloc(px + 1);
    if (!tmp)
        return 0;
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < s->w; x++)
            tmp[(size_t)y * (size_t)s->w + (size_t)x] = (uint8_t)(row[x] >> 24);
    }
    size_t nruns = 0;
    for (int y = 0; y < s->h; y++)
        nruns += runs_of(tmp + (size_t)y * (size_t)s->w, s->w, NULL);
    size_t head = (px + 3) & ~(size_t)3;
    size_t bytes = head + ((size_t)s->h + 1) * sizeof(uint32_t) + nruns * sizeof(uint32_t);
    uint8_t *c = realloc(tmp, bytes);
    if (!c) {
        free(tmp);
        return 0;
    }
    uint32_t *rows = (uint32_t *)(void *)(c + head), *run = rows + s->h + 1;
    uint32_t k = 0;
    int top = s->h, bot = 0;
    for (int y = 0; y < s->h; y++) {
        rows[y] = k;
        uint32_t m = runs_of(c + (size_t)y * (size_t)s->w, s->w, run + k);
        if (m) {
            if (top > y)
                top = y;
            bot = y + 1;
        }
        k += m;
    }
    rows[s->h] = k;
    g->cov = c;
    g->row = rows;
    g->run = run;
    g->top = (short)(top < bot ? top : 0);
    g->bot = (short)bot;
    return bytes;
}

/* Finds or renders the glyph for cp; NULL only when out of memory. */
static const glyph *get_glyph(text_ctx *t, uint32_t cp, int px, text_weight w)
{
    if (cp == 0xA0) /* a no-break space (a number's groups) looks as a space */
        cp = ' ';
    uint32_t key = (cp & 0x1fffff) | ((uint32_t)w << 21) | (1u << 30);
    size_t i = hash(key, px, t->cap);
    while (t->tab[i].key) {
        if (t->tab[i].key == key && t->tab[i].px == px)
            return &t->tab[i];
        i = (i + 1) & (t->cap - 1);
    }
    if ((t->used + 1) * 10 > t->cap * 7) {
        if (t->cap >= TEXT_CACHE_GLYPHS * 2) /* the bound: start again */
            flush_glyphs(t);
        else if (grow(t) != 0)
            return NULL;
        return get_glyph(t, cp, px, w);
    }
    glyph g = {.key = key, .px = px};
    TTF_Font *f = sized(t, w == TEXT_BOLD ? F_BOLD : F_REGULAR, px);
    int ascent = TTF_FontAscent(f), height = TTF_FontHeight(f);
    int minx, maxx, miny, maxy, adv;
    int missing = 0;
    if (!TTF_GlyphIsProvided32(f, cp)) {
        TTF_Font *fb = w == TEXT_BOLD ? sized(t, F_FALLBACK_BOLD, px) : NULL;
        if (!fb || !TTF_GlyphIsProvided32(fb, cp))
            fb = sized(t, F_FALLBACK, px);
        if (fb && TTF_GlyphIsProvided32(fb, cp)) {
            f = fb;
        } else {
            missing = 1;
        }
    }
    SDL_Surface *surf = NULL;
    if (missing) {
        /* An empty box the width of a Han character: visibly wrong, never silent. */
        g.adv = (short)px;
        surf = SDL_CreateRGBSurfaceWithFormat(0, px, height, 32, SDL_PIXELFORMAT_ARGB8888);
        if (surf) {
            SDL_FillRect(surf, NULL, 0);
            Uint32 c = SDL_MapRGBA(surf->format, 255, 255, 255, 255);
            int y0 = ascent - px * 8 / 10, y1 = ascent, x0 = px / 10, x1 = px - px / 10;
            SDL_Rect r[4] = {{x0, y0, x1 - x0, 2}, {x0, y1 - 2, x1 - x0, 2}, {x0, y0, 2, y1 - y0},
                             {x1 - 2, y0, 2, y1 - y0}};
            SDL_FillRects(surf, r, 4, c);
        }
    } else {
        TTF_GlyphMetrics32(f, cp, &minx, &maxx, &miny, &maxy, &adv);
        g.adv = (short)adv;
        if (!is_blank(cp)) {
            SDL_Color white = {255, 255, 255, 255};
            surf = TTF_RenderGlyph32_Blended(f, cp, white);
            g.dy = (short)(ascent - TTF_FontAscent(f));
        }
    }
    if (surf) {
        if (surf->format->format == SDL_PIXELFORMAT_ARGB8888) {
            size_t bytes = coverage_of(&g, surf);
            if (bytes && t->cov_bytes && t->cov_bytes + bytes > TEXT_CACHE_BYTES) {
                /* the bound: start again */
                free(g.cov);
                SDL_FreeSurface(surf);
                flush_glyphs(t);
                return get_glyph(t, cp, px, w);
            }
            if (bytes) {
                g.w = (short)surf->w;
                g.h = (short)surf->h;
                t->cov_bytes += bytes;
            }
        }
        SDL_FreeSurface(surf);
    }
    g.key = key;
    t->tab[i] = g;
    t->used++;
    if (missing)
        t->tab[i].dy = MISSING_DY; /* marks "no font had it" */
    return &t->tab[i];
}

int text_primary_has_glyph(text_ctx *t, unsigned int cp)
{
    return TTF_GlyphIsProvided32(t->face[F_REGULAR].font, cp) != 0;
}

int text_missing_count(const text_ctx *t) { return t->missing; }
unsigned int text_missing_char(const text_ctx *t, int i)
{
    return i >= 0 && i < t->missing ? t->missing_cp[i] : 0;
}
void text_reset_missing(text_ctx *t) { t->missing = 0; }
int text_line_height(text_ctx *t, int px)
{
    /* asked for many sizes a frame: setting the face's size each time would
     * cost more than all the rest of the text */
    if (px > 0 && px < LINE_SKIPS) {
        if (!t->line_skip[px])
            t->line_skip[px] = TTF_FontLineSkip(sized(t, F_REGULAR, px));
        return t->line_skip[px];
    }
    return TTF_FontLineSkip(sized(t, F_REGULAR, px));
}

static int glyph_adv(text_ctx *t, uint32_t cp, int px, text_weight w)
{
    const glyph *g = get_glyph(t, cp, px, w);
    return g ? g->adv : px;
}

int text_width(text_ctx *t, const char *s, int px, text_weight w)
{
    int width = 0;
    uint32_t cp;
    while ((cp = utf8_next(&s)) && cp != '\n')
        width += glyph_adv(t, cp, px, w);
    return width;
}

int text_ink_rows(text_ctx *t, const char *s, int px, text_weight w, int *top, int *bottom)
{
    int lo = 0, hi = 0, any = 0;
    uint32_t cp;
    while ((cp = utf8_next(&s)) && cp != '\n') {
        const glyph *g = get_glyph(t, cp, px, w);
        if (!g || !g->cov || g->bot <= g->top)
            continue; /* blank, or no pixels to place */
        int dy = g->dy == MISSING_DY ? 0 : g->dy;
        if (!any || dy + g->top < lo)
            lo = dy + g->top;
        if (!any || dy + g->bot > hi)
            hi = dy + g->bot;
        any = 1;
    }
    if (!any)
        return -1;
    *top = lo;
    *bottom = hi;
    return 0;
}

/* The clip a partial redraw (or a widget) set, or the whole plane. */
static SDL_Rect clip_now(text_ctx *t)
{
    SDL_Rect c = {-(1 << 28), -(1 << 28), 1 << 29, 1 << 29};
    if (SDL_RenderIsClipEnabled(t->ren))
        SDL_RenderGetClipRect(t->ren, &c);
    return c;
}

/* The tint of colour c: what each coverage value puts on the canvas, the
 * same as SDL's software renderer blending a white glyph texture modulated
 * by c (SDL_SetTextureColorMod/AlphaMod), so the pixels do not change with
 * who blends them. */
static tint *tint_of(text_ctx *t, SDL_Color c)
{
    Uint32 rgba = (Uint32)c.r << 24 | (Uint32)c.g << 16 | (Uint32)c.b << 8 | c.a;
    for (int i = 0; i < TINTS; i++)
        if (t->tints[i].used && t->tints[i].rgba == rgba)
            return &t->tints[i];
    tint *n = &t->tints[t->tint_next];
    t->tint_next = (t->tint_next + 1) % TINTS;
    memset(n, 0, sizeof *n);
    n->gen[0] = n->gen[1] = 1;
    n->rgba = rgba;
    n->used = 1;
    n->modulated = c.r != 255 || c.g != 255 || c.b != 255 || c.a != 255;
    for (unsigned k = 0; k < 256; k++) {
        /* SDL's modulating blitter: the colour times the texture's white,
         * alpha times coverage, then the colour premultiplied by alpha */
        unsigned a = c.a != 255 ? k * c.a / 255 : k;
        unsigned r = c.r, g = c.g, b = c.b;
        if (a < 255) {
            r = r * a / 255;
            g = g * a / 255;
            b = b * a / 255;
        }
        n->a[k] = (uint8_t)a;
        n->r[k] = (uint8_t)r;
        n->g[k] = (uint8_t)g;
        n->b[k] = (uint8_t)b;
    }
    n->solid = (Uint32)n->a[255] << 24 | (Uint32)n->r[255] << 16 | (Uint32)n->g[255] << 8 |
               n->b[255];
    return n;
}

/* What coverage k of colour tn makes of pixel d, as SDL blends it: a
 * modulated colour with its exact arithmetic (out = P + (255 - A) * d / 255
 * per channel, alpha A + (255 - A) * d / 255, which leaves d where A is 0);
 * opaque white the way SDL's per-pixel-alpha blitter does it for an
 * unmodulated texture, for coverage 1..254 (each channel (255 k >> 8) +
 * (d (255 - k) >> 8)). */
static inline Uint32 blend_px(const tint *tn, unsigned k, Uint32 d)
{
    if (tn->modulated) {
        unsigned a = tn->a[k], inv = 255 - a;
        unsigned da = d >> 24, dr = (d >> 16) & 0xff, dg = (d >> 8) & 0xff, db = d & 0xff;
        da = a + inv * da / 255;
        dr = tn->r[k] + inv * dr / 255;
        dg = tn->g[k] + inv * dg / 255;
        db = tn->b[k] + inv * db / 255;
        return (Uint32)da << 24 | (Uint32)dr << 16 | (Uint32)dg << 8 | (Uint32)db;
    }
    unsigned s = 255 * k >> 8, inv = 255 - k;
    unsigned da = s + ((d >> 24) * inv >> 8), dr = s + (((d >> 16) & 0xff) * inv >> 8);
    unsigned dg = s + (((d >> 8) & 0xff) * inv >> 8), db = s + ((d & 0xff) * inv >> 8);
    return (Uint32)da << 24 | (Uint32)dr << 16 | (Uint32)dg << 8 | (Uint32)db;
}

/* Remembers pixel d as one the colour's partial coverage falls on (in the
 * slot used less lately), forgetting what the slot knew; returns the slot. */
static int over_new(tint *tn, Uint32 d)
{
    int m = !tn->last;
    tn->over[m] = d;
    if (++tn->gen[m] == 0) { /* the stamps wrapped: none of them holds */
        memset(tn->over_gen[m], 0, sizeof tn->over_gen[m]);
        tn->gen[m] = 1;
    }
    tn->misses = 0;
    tn->last = m;
    return m;
}

/* Partial coverage k over pixel d where neither slot's pixel was known for
 * k: blended, and remembered as blend_glyph's loop did it whole (see there). */
static Uint32 blend_miss(tint *tn, unsigned k, Uint32 d)
{
    int m = d == tn->over[0] ? 0 : d == tn->over[1] ? 1 : -1;
    Uint32 o = blend_px(tn, k, d);
    if (m < 0 && ++tn->misses > 16)
        m = over_new(tn, d);
    if (m >= 0) {
        tn->over_px[m][k] = o;
        tn->over_gen[m][k] = tn->gen[m];
    }
    return o;
}

/* Blends glyph g at (x, y) into the canvas inside clip, as SDL would (see
 * blend_px). Only the glyph's runs are visited: what it does not cover is
 * left as it is, a run of full coverage in an opaque colour is the colour
 * stored, and partial coverage over a pixel the colour's last glyphs fell
 * on (the background) is what it made of it then. The slots are read into
 * locals (the canvas's stores could alias them) and read again after a
 * miss, which may change them; a glyph whole across the clip (the usual
 * case) needs no run cut to it. */
static void blend_glyph(text_ctx *t, const glyph *g, int x, int y, const SDL_Rect *clip,
                        tint *tn)
{
    int x0 = x > clip->x ? x : clip->x, y0 = y + g->top > clip->y ? y + g->top : clip->y;
    int x1 = x + g->w < clip->x + clip->w ? x + g->w : clip->x + clip->w;
    int y1 = y + g->bot < clip->y + clip->h ? y + g->bot : clip->y + clip->h;
    if (x0 >= x1 || y0 >= y1)
        return;
    SDL_Surface *cv = t->canvas;
    /* full coverage hides the pixel when the colour is opaque: its colour
     * alone (the background's weight is 0) */
    const int solid_ok = tn->a[255] == 255;
    const Uint32 solid = tn->modulated ? tn->solid : 0xFFFFFFFFu;
    const int whole = x0 == x && x1 == x + g->w;
    Uint32 o0 = tn->over[0], o1 = tn->over[1];
    uint16_t g0 = tn->gen[0], g1 = tn->gen[1];
    int last = tn->last;
    for (int yy = y0; yy < y1; yy++) {
        int gy = yy - y;
        const uint8_t *src = g->cov + (size_t)gy * (size_t)g->w;
        Uint32 *line = (Uint32 *)((Uint8 *)cv->pixels + (size_t)yy * (size_t)cv->pitch) + x;
        const uint32_t r1 = g->row[gy + 1];
        for (uint32_t r = g->row[gy]; r < r1; r++) {
            uint32_t v = g->run[r];
            int i = (int)(v & 0xffff), e = i + (int)(v >> 16 & 0x7fff);
            if (!whole) {
                if (x + i < x0)
                    i = x0 - x;
                if (x + e > x1)
                    e = x1 - x;
                if (i >= e)
                    continue;
            }
            const uint8_t *sp = src + i;
            Uint32 *dst = line + i;
            const int n = e - i;
            if ((v & RUN_FULL) && solid_ok) {
                for (int j = 0; j < n; j++)
                    dst[j] = solid;
                continue;
            }
            for (int j = 0; j < n; j++) {
                unsigned k = sp[j];
                Uint32 d = dst[j];
                if (d == o0) {
                    if (tn->over_gen[0][k] == g0) {
                        dst[j] = tn->over_px[0][k];
                        last = 0;
                        continue;
                    }
                } else if (d == o1 && tn->over_gen[1][k] == g1) {
                    dst[j] = tn->over_px[1][k];
                    last = 1;
                    continue;
                }
                tn->last = last;
                dst[j] = blend_miss(tn, k, d);
                last = tn->last;
                o0 = tn->over[0];
                o1 = tn->over[1];
                g0 = tn->gen[0];
                g1 = tn->gen[1];
            }
        }
    }
    tn->last = last;
}

/* Remembers a character no font had (each once, the first TEXT_MISSING_KEEP). */
static void note_missing(text_ctx *t, uint32_t cp)
{
    for (int i = 0; i < t->missing; i++)
        if (t->missing_cp[i] == cp)
            return;
    if (t->missing < TEXT_MISSING_KEEP)
        t->missing_cp[t->missing++] = cp;
}

/* 1 when what shows of the box [x0, x1) x [y0, y1) through clip lies in k. */
static int covered(const SDL_Rect *k, int x0, int y0, int x1, int y1, const SDL_Rect *clip)
{
    x0 = x0 > clip->x ? x0 : clip->x;
    y0 = y0 > clip->y ? y0 : clip->y;
    x1 = x1 < clip->x + clip->w ? x1 : clip->x + clip->w;
    y1 = y1 < clip->y + clip->h ? y1 : clip->y + clip->h;
    return x0 >= k->x && y0 >= k->y && x1 <= k->x + k->w && y1 <= k->y + k->h;
}

/* Draws bytes [s, end) as one line at x,y; returns the width. Glyphs outside
 * the clip are only measured. */
static int draw_span(text_ctx *t, const char *s, const char *end, int x, int y,
                     const text_style *st)
{
    int pen = x;
    SDL_Rect clip = clip_now(t);
    SDL_Rect canvas = {0, 0, t->canvas->w, t->canvas->h};
    if (!SDL_IntersectRect(&clip, &canvas, &clip))
        clip = (SDL_Rect){0, 0, 0, 0};
    int cx1 = clip.x + clip.w, cy1 = clip.y + clip.h;
    tint *tn = NULL;
    while (s < end) {
        uint32_t cp = utf8_next(&s);
        if (!cp)
            break;
        if (cp == '\n')
            continue;
        const glyph *g = get_glyph(t, cp, st->px, st->weight);
        if (!g)
            continue;
        int dy = g->dy;
        if (dy == MISSING_DY) {
            note_missing(t, cp);
            dy = 0; /* the box starts at the line's top */
        }
        if (g->cov && pen < cx1 && pen + g->w > clip.x && y + dy < cy1 && y + dy + g->h > clip.y) {
            if (t->tiles) {
                /* the glyph's pixels: its character, size, weight, colour and place */
                SDL_Rect gb = {pen, y + dy + g->top, g->w, g->bot - g->top};
                uint64_t op = tiles_mix(tiles_mix(0x474c59ull, cp | (uint64_t)st->weight << 32),
                                        (uint64_t)(uint32_t)st->px << 32 | tiles_color_bits(st->color));
                tiles_fold(t->tiles, tiles_mix(op, (uint64_t)(uint32_t)pen << 32 | (uint32_t)(y + dy)),
                           &gb, &clip);
                if (t->rec_only) {
                    pen += g->adv;
                    continue;
                }
            }
            if (t->cover.w > 0 && covered(&t->cover, pen, y + dy + g->top, pen + g->w,
                                          y + dy + g->bot, &clip)) {
                pen += g->adv; /* hidden by what is drawn over it next */
                continue;
            }
            if (!tn) {
                /* what the renderer queued goes first: the glyph lies over it */
                SDL_RenderFlush(t->ren);
                tn = tint_of(t, st->color);
            }
            blend_glyph(t, g, pen, y + dy, &clip, tn);
        }
        pen += g->adv;
    }
    return pen - x;
}

void text_set_tiles(text_ctx *t, tiles_grid *tl, int record_only)
{
    t->tiles = tl;
    t->rec_only = tl && record_only;
}

void text_set_cover(text_ctx *t, const SDL_Rect *r)
{
    t->cover = r && r->w > 0 && r->h > 0 ? *r : (SDL_Rect){0, 0, 0, 0};
}

int text_draw(text_ctx *t, const char *s, int x, int y, const text_style *st)
{
    const char *end = strchr(s, '\n');
    return draw_span(t, s, end ? end : s + strlen(s), x, y, st);
}

/* ---- line breaking ---- */

/* A no-break space joins a number's groups (valid_idno_group): one word,
 * moved to the next line whole, broken after a group only where it is
 * longer than a line (as after a '-' or '/'). */
#define NBSP 0xA0

static int is_word_char(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           c == '-' || c == '_' || c == '@' || c == '/' || c == '+' || c == '#' || c == '.' ||
           c == ':' || c == '\'' || c == NBSP;
}

/* 1 if what follows a break at p, up to the paragraph's end, is one Han
 * character alone (with any closing punctuation it carries): an orphan, which
 * Chinese typesetting keeps off a line of its own. */
static int orphan_at(const char *p)
{
    if (!words_is_han(utf8_next(&p)))
        return 0;
    uint32_t c;
    while ((c = utf8_next(&p)) && c != '\n')
        if (!words_no_line_start(c))
            return 0;
    return 1;
}

/* 1 if the part of a word from p up to and including its next '-', '/' or
 * no-break space (or the word's end) fits in width: breaking before it then
 * costs no cut. */
static int segment_fits(text_ctx *t, const char *p, int width, const text_style *st)
{
    int w = 0;
    uint32_t c;
    while ((c = utf8_next(&p)) && is_word_char(c)) {
        w += glyph_adv(t, c, st->px, st->weight);
        if (w > width)
            return 0;
        if (c == '-' || c == '/' || c == NBSP)
            break;
    }
    return 1;
}

/* 1 if the rest of the paragraph from p (leading spaces skipped) fits in
 * width: one line holds it. */
static int rest_fits(text_ctx *t, const char *p, int width, const text_style *st)
{
    while (*p == ' ')
        p++;
    int w = 0;
    uint32_t c;
    while ((c = utf8_next(&p)) && c != '\n') {
        w += glyph_adv(t, c, st->px, st->weight);
        if (w > width)
            return 0;
    }
    return 1;
}

typedef struct {
    const char *start, *end;
    int width;
} line_span;

void text_set_words(text_ctx *t, const words_set *w) { t->words = w; }

#define LINE_BREAKS 128 /* the allowed breaks of a line kept for choosing (the last ones) */

#define QUOTE_KEEP 6 /* a quotation or an aside this short (characters) is kept on one line */

/* The marks that enclose what is kept whole: a quotation (“确认提交”), an
 * aside in brackets (（含丧葬补助金）, （新办/换领）) and a title (《…》). */
static const uint32_t ENCLOSE[][2] = {{0x201C, 0x201D}, {0xFF08, 0xFF09}, {0x300A, 0x300B}};
#define N_ENCLOSE (sizeof ENCLOSE / sizeof ENCLOSE[0])

/* The pair c opens (or, with close, closes), -1 for none. */
static int enclose_pair(uint32_t c, int close)
{
    for (size_t i = 0; i < N_ENCLOSE; i++)
        if (ENCLOSE[i][close ? 1 : 0] == c)
            return (int)i;
    return -1;
}

/* 1 if p lies inside a quotation, an aside in brackets or a title of at most
 * QUOTE_KEEP characters (“确认提交”: the name of a button the text tells the
 * reader to tap; 注销登记（含丧葬补助金）: a title's aside goes to the next line
 * whole); s is where the text begins. */
static int in_short_quote(const char *s, const char *p)
{
    const char *b = p;
    int n = 0, pair = -1;
    while (b > s && n <= QUOTE_KEEP && pair < 0) {
        do
            b--;
        while (b > s && ((unsigned char)*b & 0xC0) == 0x80);
        const char *r = b;
        uint32_t c = utf8_next(&r);
        if (enclose_pair(c, 1) >= 0 || c == '\n') /* a close or a new paragraph: not inside one */
            return 0;
        pair = enclose_pair(c, 0);
        n++;
    }
    if (pair < 0)
        return 0;
    for (const char *f = p; n <= QUOTE_KEEP + 1; n++) {
        uint32_t c = utf8_next(&f);
        if (!c || c == '\n' || enclose_pair(c, 0) >= 0)
            return 0;
        if (c == ENCLOSE[pair][1])
            return 1;
        if (enclose_pair(c, 1) >= 0)
            return 0;
    }
    return 0;
}

/* With a word list (text_set_words): of the line's allowed breaks brk (their
 * widths brk_w, the last one the line's last allowed break), the last that no
 * listed word spans, that parts nothing kept together (words_keep_together:
 * a number from its unit, a clause's first character from its clause), that
 * is not inside a short quotation or aside and that leaves no orphan, among those
 * that keep more than half the line's width. 1 and *at,
 * *w_at set to it; 0 when there is no list or no such break (the breaks
 * between characters serve as ever). */
static int word_break(const text_ctx *t, const char *s, const char *line_start,
                      const char *const *brk, const int *brk_w, int nbrk, const char **at,
                      int *w_at)
{
    if (!t->words || !nbrk)
        return 0;
    int full = brk_w[nbrk - 1];
    for (int i = nbrk - 1; i >= 0 && brk[i] > line_start && 2 * brk_w[i] > full; i--)
        if (!words_across_max(t->words, s, brk[i], t->word_max) &&
            !words_keep_together(s, brk[i]) &&
            !in_short_quote(s, brk[i]) && !orphan_at(brk[i])) {
            *at = brk[i];
            *w_at = brk_w[i];
            return 1;
        }
    return 0;
}

/* A line broken after a separating " · " (a row's "回执号 … · 2026-…")
 * does not end with its dot: the dot and the spaces around it go (the
 * next line starts after them, as after any break at a space). */
static void drop_separator(text_ctx *t, const char *line_start, line_span *l,
                           const text_style *st)
{
    const char *e = l->end;
    while (e > line_start && e[-1] == ' ')
        e--;
    size_t dot = e - line_start >= 3 && !memcmp(e - 3, "\xE3\x83\xBB", 3) ? 3
                 : e - line_start >= 2 && !memcmp(e - 2, "\xC2\xB7", 2) ? 2
                                                                          : 0;
    if (!dot || e - dot <= line_start || e[-(ptrdiff_t)dot - 1] != ' ')
        return;
    e -= dot;
    while (e > line_start && e[-1] == ' ')
        e--;
    if (e == line_start)
        return;
    int cut = 0;
    for (const char *c = e; c < l->end;)
        cut += glyph_adv(t, utf8_next(&c), st->px, st->weight);
    l->end = e;
    l->width = l->width > cut ? l->width - cut : 0;
}

/* Splits s into lines no wider than width; calls emit for each. Returns the count. */
static int layout_lines(text_ctx *t, const char *s, int width, const text_style *st,
                        void (*emit)(void *ud, const line_span *l), void *ud)
{
    int lines = 0;
    const char *p = s;
    while (*p) {
        const char *line_start = p;
        const char *last_break = NULL; /* byte position where a break may go */
        int w_at_break = 0;
        const char *prev_break = NULL; /* the allowed break before it */
        int w_at_prev = 0;
        const char *hyphen = NULL; /* just after a '-' or '/' inside a word */
        int w_at_hyphen = 0;
        const char *pause = NULL; /* the last allowed break after a clause's end */
        int w_at_pause = 0;
        uint32_t last_ns = 0; /* the last character that is not a space */
        int spaced = 0;       /* a space came after last_ns */
        int w = 0;
        const char *q = p;
        uint32_t prev = 0;
        int forced = 0;
        const char *brk[LINE_BREAKS]; /* the line's allowed breaks so far, and their widths */
        int brk_w[LINE_BREAKS], nbrk = 0;
        while (*q) {
            const char *cp_start = q;
            uint32_t c = utf8_next(&q);
            if (c == '\n') {
                forced = 1;
                last_break = cp_start;
                w_at_break = w;
                q = cp_start;
                break;
            }
            /* Is a break allowed before c? */
            if (cp_start > line_start) {
                int allowed;
                if (c == ' ' || prev == ' ')
                    allowed = 1;
                else if (is_word_char(c) && is_word_char(prev))
                    allowed = 0;
                else
                    allowed = !words_no_line_start(c) && !words_no_line_end(prev);
                if (!allowed && (prev == '-' || prev == '/' || prev == NBSP) && is_word_char(c)) {
                    hyphen = cp_start;
                    w_at_hyphen = w;
                }
                if (allowed && c != ' ' &&
                    (words_is_pause(last_ns) || (spaced && (last_ns == 0xB7 || last_ns == 0x30FB)))) {
                    pause = cp_start; /* after ，or 。, or a separating " · " */
                    w_at_pause = w;
                }
                if (allowed) {
                    prev_break = last_break;
                    w_at_prev = w_at_break;
                    last_break = cp_start;
                    w_at_break = w;
                    if (t->words) {
                        if (nbrk == LINE_BREAKS) { /* a very long line: the oldest go */
                            memmove(brk, brk + 1, (LINE_BREAKS - 1) * sizeof *brk);
                            memmove(brk_w, brk_w + 1, (LINE_BREAKS - 1) * sizeof *brk_w);
                            nbrk--;
                        }
                        brk[nbrk] = cp_start;
                        brk_w[nbrk++] = w;
                    }
                }
            }
            int a = glyph_adv(t, c, st->px, st->weight);
            if (w + a > width && cp_start > line_start) {
                if (!last_break || last_break == line_start) {
                    if (hyphen && segment_fits(t, hyphen, width, st)) {
                        /* a word longer than the line (a receipt number, a
                         * path, a grouped number) breaks after its last '-',
                         * '/' or no-break space that fits, when what follows
                         * up to the next one fits a line */
                        last_break = hyphen;
                        w_at_break = w_at_hyphen;
                    } else {
                        last_break = cp_start; /* no allowed break: cut here */
                        w_at_break = w;
                    }
                } else if (pause && pause > line_start && 3 * w_at_pause >= width &&
                           rest_fits(t, pause, width, st)) {
                    /* the paragraph's last clause (or its part after a
                     * separating " · ") fits the next line whole: the line
                     * ends at the clause's end, with as many lines, if it
                     * keeps a third of the width */
                    last_break = pause;
                    w_at_break = w_at_pause;
                } else if (word_break(t, s, line_start, brk, brk_w, nbrk, &last_break,
                                      &w_at_break)) {
                    /* the last break no listed word spans (nor leaves an
                     * orphan), while the line keeps more than half */
                } else if (prev_break && prev_break > line_start && 2 * w_at_prev > w_at_break &&
                           orphan_at(last_break)) {
                    /* one character would stand alone on the next line: it
                     * takes the one before it along, if this line keeps
                     * more than half its width */
                    last_break = prev_break;
                    w_at_break = w_at_prev;
                }
                q = last_break;
                break;
            }
            w += a;
            prev = c;
            if (c != ' ') {
                last_ns = c;
                spaced = 0;
            } else {
                spaced = 1;
            }
        }
        line_span l;
        l.start = line_start;
        if (*q && (q == last_break || forced)) {
            l.end = q;
            l.width = w_at_break;
        } else {
            l.end = q;
            l.width = w;
        }
        const char *next = l.end;
        if (*q && !forced)
            drop_separator(t, line_start, &l, st);
        /* trailing spaces do not count */
        emit(ud, &l);
        lines++;
        p = next;
        if (*p == '\n')
            p++;
        while (*p == ' ')
            p++;
        if (st->max_lines && lines >= st->max_lines)
            break;
    }
    return lines;
}

static void emit_none(void *ud, const line_span *l)
{
    (void)ud;
    (void)l;
}

/* The lines s takes at width, counted up to limit + 1. */
static int count_lines(text_ctx *t, const char *s, int width, const text_style *st, int limit)
{
    text_style c = *st;
    c.max_lines = limit + 1;
    return layout_lines(t, s, width, &c, emit_none, NULL);
}

#define LAYOUT_KEEP 32 /* lines of a limited text kept from its first pass */

typedef struct {
    line_span l[LAYOUT_KEEP];
    int n;
} kept_lines;

static void emit_keep(void *ud, const line_span *l)
{
    kept_lines *k = ud;
    if (k->n < LAYOUT_KEEP)
        k->l[k->n] = *l;
    k->n++;
}

/* layout_lines, but where the text has a limit of lines (max_lines) that
 * keeping words whole would overrun, the words give way, the longest first:
 * 城乡居民养老保险注销 / 登记（含丧葬补助金） whole (注销 and 登记 kept,
 * the compound 注销登记 not), not 城乡居民养老保险 / 注销登记（含丧葬… cut;
 * then, if that still overruns, every word. A limited text that fits is laid
 * out once: its lines are kept from the pass that counts them. */
static int layout(text_ctx *t, const char *s, int width, const text_style *st,
                  void (*emit)(void *ud, const line_span *l), void *ud)
{
    const words_set *w = t->words;
    t->word_max = WORDS_MAX_CHARS;
    if (!st->max_lines || !w)
        return layout_lines(t, s, width, st, emit, ud);
    kept_lines k;
    k.n = 0;
    text_style c = *st;
    c.max_lines = st->max_lines + 1;
    int n = layout_lines(t, s, width, &c, emit_keep, &k);
    if (n <= st->max_lines && n <= LAYOUT_KEEP) {
        for (int i = 0; i < n; i++)
            emit(ud, &k.l[i]);
        return n;
    }
    if (n > st->max_lines) {
        t->word_max = WORDS_MAX_CHARS - 1;
        if (count_lines(t, s, width, st, st->max_lines) > st->max_lines) {
            t->words = NULL;
            if (count_lines(t, s, width, st, st->max_lines) > st->max_lines) {
                t->words = w; /* cut either way: the words kept */
                t->word_max = WORDS_MAX_CHARS;
            }
        }
    }
    n = layout_lines(t, s, width, st, emit, ud);
    t->words = w;
    t->word_max = WORDS_MAX_CHARS;
    return n;
}

typedef struct {
    text_ctx *t;
    const SDL_Rect *box;
    const text_style *st;
    int y, lh, n, total_lines;
    const char *text_end;
    int clip_y0, clip_y1, height; /* the clip's rows; one line's height */
} draw_state;

static int line_step(text_ctx *t, const text_style *st)
{
    int gap = st->line_gap_pct ? st->line_gap_pct : 30;
    return st->px + st->px * gap / 100 + (text_line_height(t, st->px) - st->px) / 2;
}

static void emit_draw(void *ud, const line_span *l)
{
    draw_state *d = ud;
    d->n++;
    if (d->y >= d->clip_y1 || d->y + d->height <= d->clip_y0) { /* nothing of it shows */
        d->y += d->lh;
        return;
    }
    int x = d->box->x;
    const char *end = l->end;
    int width = l->width;
    int truncated = d->st->max_lines && d->n == d->st->max_lines && *l->end;
    if (truncated) {
        /* shorten until "…" fits */
        int ell = text_width(d->t, "…", d->st->px, d->st->weight);
        const char *p = l->start;
        int w = 0;
        const char *cut = p;
        while (p < l->end) {
            uint32_t c = utf8_next(&p);
            int a = glyph_adv(d->t, c, d->st->px, d->st->weight);
            if (w + a + ell > d->box->w)
                break;
            w += a;
            cut = p;
        }
        end = cut;
        width = w + ell;
    }
    if (d->st->align == TEXT_CENTER)
        x += (d->box->w - width) / 2;
    else if (d->st->align == TEXT_RIGHT)
        x += d->box->w - width;
    int wdrawn = draw_span(d->t, l->start, end, x, d->y, d->st);
    if (truncated)
        draw_span(d->t, ELLIPSIS, ELLIPSIS + sizeof ELLIPSIS - 1, x + wdrawn, d->y, d->st);
    d->y += d->lh;
}

int text_draw_box(text_ctx *t, const char *s, const SDL_Rect *box, const text_style *st)
{
    /* Never draw a line that does not fit the box's height: end with … instead. */
    text_style fit = *st;
    int step = line_step(t, st), lh = text_line_height(t, st->px);
    if (box->h > 0) {
        int room = box->h >= lh ? 1 + (box->h - lh) / step : 1;
        if (!fit.max_lines || fit.max_lines > room)
            fit.max_lines = room;
    }
    st = &fit;
    SDL_Rect clip = clip_now(t);
    /* a glyph may reach a little past its line (descenders, the fallback's
     * offset): half the size more on either side */
    int slack = st->px / 2;
    draw_state d = {t,    box,  st, box->y, step, 0, 0, NULL, clip.y - slack,
                    clip.y + clip.h + slack, lh};
    int n = layout(t, s, box->w, st, emit_draw, &d);
    return n ? (n - 1) * d.lh + text_line_height(t, st->px) : 0;
}

static void emit_count(void *ud, const line_span *l)
{
    (void)l;
    (*(int *)ud)++;
}

int text_line_step(text_ctx *t, const text_style *st) { return line_step(t, st); }

int text_measure_box(text_ctx *t, const char *s, int width, const text_style *st, int *lines)
{
    int n = 0;
    layout(t, s, width, st, emit_count, &n);
    if (lines)
        *lines = n;
    return n ? (n - 1) * line_step(t, st) + text_line_height(t, st->px) : 0;
}

int text_fit_px(text_ctx *t, const char *s, int w, int px, int min_px, text_weight wt)
{
    while (px > min_px && text_width(t, s, px, wt) > w)
        px -= px > 40 ? 4 : 2;
    return px < min_px ? min_px : px;
}

typedef struct {
    const char *base;
    size_t *starts;
    int max, n;
} starts_state;

static void emit_start(void *ud, const line_span *l)
{
    starts_state *ss = ud;
    if (ss->n < ss->max)
        ss->starts[ss->n] = (size_t)(l->start - ss->base);
    ss->n++;
}

int text_line_starts(text_ctx *t, const char *s, int width, const text_style *st, size_t *starts,
                     int max)
{
    starts_state ss = {s, starts, max, 0};
    layout(t, s, width, st, emit_start, &ss);
    return ss.n;
}
