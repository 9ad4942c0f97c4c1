/* form_sign.c — signature strokes and their PNG, named by libsodium's SHA-256
 * of the pixels (see form_sign.h). */
#include "ui/screens/form/form_sign.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/pngio.h"
#include "ui/widgets/widget_ink.h"

#define SIG_MAX_POINTS 4096
#define SIG_MAX_STROKES 64
#define SIG_SCALE 4095

struct form_sig {
    int16_t x[SIG_MAX_POINTS], y[SIG_MAX_POINTS];
    int npts;
    int ends[SIG_MAX_STROKES]; /* stroke i ends before ends[i] */
    int nstrokes;
    int down;
    int away; /* the finger left the pad while down: a stroke starts again where it comes back */
    int lx, ly; /* the finger's last point, in pad pixels (inside or not) */
    int pw, ph; /* the pad's size at the last stroke: the image keeps its shape */
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
int form_sig_point_count(const form_sig *s) { return s->npts; }

int form_sig_signed(const form_sig *s)
{
    int n = s->nstrokes ? s->ends[s->nstrokes - 1] : 0;
    if (n <= 0)
        return 0;
    int x0 = s->x[0], x1 = x0, y0 = s->y[0], y1 = y0;
    for (int i = 1; i < n; i++) {
        x0 = s->x[i] < x0 ? s->x[i] : x0;
        x1 = s->x[i] > x1 ? s->x[i] : x1;
        y0 = s->y[i] < y0 ? s->y[i] : y0;
        y1 = s->y[i] > y1 ? s->y[i] : y1;
    }
    return ui_ink_is_signature(x1 - x0 + 1, y1 - y0 + 1, SIG_SCALE + 1, SIG_SCALE + 1);
}

static void add(form_sig *s, int x, int y, int w, int h)
{
    if (s->npts >= SIG_MAX_POINTS || w <= 0 || h <= 0)
        return;
    s->x[s->npts] = (int16_t)((long)x * SIG_SCALE / (w > 1 ? w - 1 : 1));
    s->y[s->npts] = (int16_t)((long)y * SIG_SCALE / (h > 1 ? h - 1 : 1));
    s->npts++;
}

void form_sig_down(form_sig *s, int x, int y, int w, int h)
{
    if (s->nstrokes >= SIG_MAX_STROKES || x < 0 || y < 0 || x >= w || y >= h)
        return;
    s->away = 0;
    s->down = 1;
    s->lx = x;
    s->ly = y;
    s->pw = w;
    s->ph = h;
    add(s, x, y, w, h);
}

static int inside(int x, int y, int w, int h) { return x >= 0 && y >= 0 && x < w && y < h; }

/* Where the line from (ix, iy), inside the pad, to (ox, oy), outside it,
 * crosses its edge: the last point of it inside (halving the line). */
static void edge_point(int ix, int iy, int ox, int oy, int w, int h, int *ex, int *ey)
{
    double lo = 0, hi = 1;
    for (int k = 0; k < 16; k++) {
        double t = (lo + hi) / 2;
        int x = ix + (int)((ox - ix) * t), y = iy + (int)((oy - iy) * t);
        if (inside(x, y, w, h))
            lo = t;
        else
            hi = t;
    }
    *ex = ix + (int)((ox - ix) * lo);
    *ey = iy + (int)((oy - iy) * lo);
}

void form_sig_move(form_sig *s, int x, int y, int w, int h)
{
    int in = inside(x, y, w, h), ex, ey;
    if (s->down && in) {
        add(s, x, y, w, h);
    } else if (s->down) { /* past the pad's edge: the stroke ends on the edge
                            * (points past it were pressed flat along it) */
        edge_point(s->lx, s->ly, x, y, w, h, &ex, &ey);
        add(s, ex, ey, w, h);
        form_sig_up(s);
        s->away = 1;
    } else if (s->away && in && s->nstrokes < SIG_MAX_STROKES) {
        /* back in: a new stroke from the edge where it came in */
        edge_point(x, y, s->lx, s->ly, w, h, &ex, &ey);
        s->away = 0;
        s->down = 1;
        add(s, ex, ey, w, h);
        add(s, x, y, w, h);
    }
    s->lx = x;
    s->ly = y;
}

void form_sig_up(form_sig *s)
{
    s->away = 0;
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
    /* 480 wide, as tall as the pad's shape makes it (a long pad on the
     * tablet in large text was squeezed into 480x180: an X half as wide) */
    enum { W = 480, H_MIN = 60, H_MAX = 240 };
    int H = s->pw > 0 && s->ph > 0 ? (int)((long)W * s->ph / s->pw) : 180;
    H = H < H_MIN ? H_MIN : H > H_MAX ? H_MAX : H;
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
    uint8_t sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(sum, px, (size_t)W * H * 4);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
    snprintf(name, n, "sig-%s.png", hex);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int rc = core_png_write(path, px, W, H, err, errlen);
    free(px);
    if (rc != 0)
        name[0] = '\0';
    return rc;
}
