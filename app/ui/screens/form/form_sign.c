/* form_sign.c — signature strokes, their PNG and SHA-256 (see form_sign.h). */
#include "ui/screens/form/form_sign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/pngio.h"

#define SIG_MAX_POINTS 4096
#define SIG_MAX_STROKES 64
#define SIG_SCALE 4095

struct form_sig {
    int16_t x[SIG_MAX_POINTS], y[SIG_MAX_POINTS];
    int npts;
    int ends[SIG_MAX_STROKES]; /* stroke i ends before ends[i] */
    int nstrokes;
    int down;
};

form_sig *form_sig_new(void) { return calloc(1, sizeof(form_sig)); }

void form_sig_free(form_sig *s)
{
    if (!s)
        return;
    memset(s, 0, sizeof *s);
    free(s);
}

void form_sig_clear(form_sig *s) { memset(s, 0, sizeof *s); }
int form_sig_stroke_count(const form_sig *s) { return s->nstrokes; }
int form_sig_point_count(const form_sig *s) { return s->npts; }

static void add(form_sig *s, int x, int y, int w, int h)
{
    if (s->npts >= SIG_MAX_POINTS || w <= 0 || h <= 0)
        return;
    x = x < 0 ? 0 : x >= w ? w - 1 : x;
    y = y < 0 ? 0 : y >= h ? h - 1 : y;
    s->x[s->npts] = (int16_t)((long)x * SIG_SCALE / (w > 1 ? w - 1 : 1));
    s->y[s->npts] = (int16_t)((long)y * SIG_SCALE / (h > 1 ? h - 1 : 1));
    s->npts++;
}

void form_sig_down(form_sig *s, int x, int y, int w, int h)
{
    if (s->nstrokes >= SIG_MAX_STROKES)
        return;
    s->down = 1;
    add(s, x, y, w, h);
}

void form_sig_move(form_sig *s, int x, int y, int w, int h)
{
    if (s->down)
        add(s, x, y, w, h);
}

void form_sig_up(form_sig *s)
{
    if (!s->down)
        return;
    s->down = 0;
    int start = s->nstrokes ? s->ends[s->nstrokes - 1] : 0;
    if (s->npts > start)
        s->ends[s->nstrokes++] = s->npts;
}

/* Calls seg for each line segment (a lone point is a segment to itself). */
static void each_segment(const form_sig *s, int w, int h, void (*seg)(void *ud, int, int, int, int),
                         void *ud)
{
    int start = 0;
    int nst = s->nstrokes + (s->down ? 1 : 0);
    for (int k = 0; k < nst; k++) {
        int end = k < s->nstrokes ? s->ends[k] : s->npts;
        for (int i = start; i < end; i++) {
            int j = i + 1 < end ? i + 1 : i;
            seg(ud, s->x[i] * (w - 1) / SIG_SCALE, s->y[i] * (h - 1) / SIG_SCALE,
                s->x[j] * (w - 1) / SIG_SCALE, s->y[j] * (h - 1) / SIG_SCALE);
        }
        start = end;
    }
}

typedef struct {
    draw_ctx *d;
    int ox, oy, thick;
    SDL_Color c;
} screen_ud;

static void screen_seg(void *ud, int x0, int y0, int x1, int y1)
{
    screen_ud *u = ud;
    draw_line(u->d, u->ox + x0, u->oy + y0, u->ox + x1, u->oy + y1, u->thick, u->c);
}

void form_sig_draw(const form_sig *s, draw_ctx *d, const SDL_Rect *r, int thick, SDL_Color c)
{
    screen_ud u = {d, r->x, r->y, thick, c};
    each_segment(s, r->w, r->h, screen_seg, &u);
}

typedef struct {
    uint8_t *px;
    int w, h, rad;
} image_ud;

static void dot(image_ud *u, int cx, int cy)
{
    for (int y = cy - u->rad; y <= cy + u->rad; y++)
        for (int x = cx - u->rad; x <= cx + u->rad; x++) {
            if (x < 0 || y < 0 || x >= u->w || y >= u->h)
                continue;
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > u->rad * u->rad)
                continue;
            uint8_t *p = u->px + ((size_t)y * (size_t)u->w + (size_t)x) * 4;
            p[0] = p[1] = p[2] = 0;
        }
}

static void image_seg(void *ud, int x0, int y0, int x1, int y1)
{
    image_ud *u = ud;
    int dx = abs(x1 - x0), dy = abs(y1 - y0), n = dx > dy ? dx : dy;
    for (int i = 0; i <= n; i++)
        dot(u, x0 + (n ? (x1 - x0) * i / n : 0), y0 + (n ? (y1 - y0) * i / n : 0));
}

uint8_t *form_sig_render(const form_sig *s, int w, int h)
{
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    if (!px)
        return NULL;
    memset(px, 255, (size_t)w * (size_t)h * 4);
    image_ud u = {px, w, h, w / 160 > 1 ? w / 160 : 1};
    each_segment(s, w, h, image_seg, &u);
    return px;
}

int form_sig_save(const form_sig *s, const char *dir, char *name, size_t n, char *err,
                  size_t errlen)
{
    enum { W = 480, H = 180 };
    name[0] = '\0';
    if (!s->npts) {
        snprintf(err, errlen, "no strokes");
        return -1;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create the signature folder: %s", strerror(errno));
        return -1;
    }
    uint8_t *px = form_sig_render(s, W, H);
    if (!px) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    uint8_t sum[32];
    form_sha256(px, (size_t)W * H * 4, sum);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sum[i]);
    snprintf(name, n, "sig-%s.png", hex);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int rc = core_png_write(path, px, W, H, err, errlen);
    free(px);
    if (rc != 0)
        name[0] = '\0';
    return rc;
}

/* ---- SHA-256 ---- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

void form_sha256(const uint8_t *data, size_t len, uint8_t out[32])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t i = 0;
    for (; i + 64 <= len; i += 64)
        block(h, data + i);
    uint8_t tail[128];
    size_t r = len - i;
    memcpy(tail, data + i, r);
    tail[r] = 0x80;
    size_t tl = r + 1 + 8 <= 64 ? 64 : 128;
    memset(tail + r + 1, 0, tl - r - 1);
    uint64_t bits = (uint64_t)len * 8;
    for (int b = 0; b < 8; b++)
        tail[tl - 1 - b] = (uint8_t)(bits >> (8 * b));
    block(h, tail);
    if (tl == 128)
        block(h, tail + 64);
    for (int b = 0; b < 8; b++) {
        out[4 * b] = (uint8_t)(h[b] >> 24);
        out[4 * b + 1] = (uint8_t)(h[b] >> 16);
        out[4 * b + 2] = (uint8_t)(h[b] >> 8);
        out[4 * b + 3] = (uint8_t)h[b];
    }
}
