/* scanout.c — the panel in memory ("mem:WxH", the emulator's stand-in for the
 * kiosk's dumb buffer) and the choice of implementation (plat_scanout.h). */
#include "scanout_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A dumb buffer's rows are padded; drivers commonly align them to 64 bytes. */
#define MEM_PITCH_ALIGN 64
#define MEM_MAX_SIDE 8192

static int mem_flush(plat_scanout *s, const plat_scanout_rect *r, int n, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    for (int i = 0; i < n; i++)
        if (r[i].x < 0 || r[i].y < 0 || r[i].w < 0 || r[i].h < 0 || r[i].x + r[i].w > s->buf.w ||
            r[i].y + r[i].h > s->buf.h) {
            snprintf(err, errlen, "rectangle %d,%d %dx%d outside the %dx%d panel", r[i].x, r[i].y,
                     r[i].w, r[i].h, s->buf.w, s->buf.h);
            return -1;
        }
    return 0; /* nothing to tell: the memory is the panel */
}

static void mem_close(plat_scanout *s)
{
    munmap(s->buf.pixels, (size_t)s->buf.pitch * (size_t)s->buf.h);
}

static plat_scanout *mem_open(const char *size, char *err, size_t errlen)
{
    int w = 0, h = 0;
    char tail = 0;
    if (sscanf(size, "%dx%d%c", &w, &h, &tail) != 2 || w < 16 || h < 16 || w > MEM_MAX_SIDE ||
        h > MEM_MAX_SIDE) {
        snprintf(err, errlen, "panel size '%s' is not WxH (16..%d)", size, MEM_MAX_SIDE);
        return NULL;
    }
    plat_scanout *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int pitch = (w * 4 + MEM_PITCH_ALIGN - 1) / MEM_PITCH_ALIGN * MEM_PITCH_ALIGN;
    /* a mapping of its own, as a dumb buffer's mmap is: zero-filled, page-aligned */
    void *px = mmap(NULL, (size_t)pitch * (size_t)h, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (px == MAP_FAILED) {
        snprintf(err, errlen, "cannot map a %dx%d panel", w, h);
        free(s);
        return NULL;
    }
    s->buf = (plat_scanout_buf){px, w, h, pitch};
    s->flush = mem_flush;
    s->close = mem_close;
    return s;
}

plat_scanout *plat_scanout_open(const char *spec, char *err, size_t errlen)
{
    if (!spec)
        spec = "";
    if (!strncmp(spec, "mem:", 4))
        return mem_open(spec + 4, err, errlen);
    if (!strcmp(spec, "kms")) {
#ifdef CZ_PLATFORM_KIOSK
        return kms_scanout_open(err, errlen);
#else
        snprintf(err, errlen, "the KMS output is the kiosk build's; the emulator has mem:WxH");
        return NULL;
#endif
    }
    snprintf(err, errlen, "unknown scanout '%s' (kms or mem:WxH)", spec);
    return NULL;
}

void plat_scanout_close(plat_scanout *s)
{
    if (!s)
        return;
    s->close(s);
    free(s);
}

const plat_scanout_buf *plat_scanout_buffer(const plat_scanout *s) { return &s->buf; }

int plat_scanout_flush(plat_scanout *s, const plat_scanout_rect *r, int n, char *err,
                       size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    return s->flush(s, r, n, err, errlen);
}
