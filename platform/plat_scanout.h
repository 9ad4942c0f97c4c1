/* plat_scanout.h — a panel shown straight from a buffer in memory: the
 * kiosk's display without a GPU driver.
 *
 * A scanout is one linear XRGB8888 buffer the size of the panel's mode. The
 * display (plat_display.h, opts.scanout) copies the canvas's changed
 * rectangles into it — turned and scaled for the panel — and then tells the
 * panel which rectangles changed. No OpenGL, no second full-frame copy: the
 * CPU writes only the pixels that changed.
 *
 * Where it comes from is the spec given to plat_scanout_open():
 *   "kms"      the kiosk: a KMS/DRM dumb buffer on the first connected
 *              output of /dev/dri/card0 (CZ_DRM_DEVICE names another), set
 *              on the output's preferred mode; flushing tells the driver
 *              the changed rectangles (DIRTYFB) for panels that need it.
 *              Only in the kiosk build.
 *   "mem:WxH"  a panel of W x H pixels in memory, laid out as a dumb buffer
 *              (rows padded to 64 bytes): the emulator's stand-in, so the
 *              kiosk's drawing path runs and is measured on any machine.
 *
 * Ownership: plat_scanout_open() returns a scanout freed by
 * plat_scanout_close(), which gives the output back as it found it. The
 * buffer belongs to the scanout. Not thread-safe; prints nothing.
 */
#ifndef CZ_PLAT_SCANOUT_H
#define CZ_PLAT_SCANOUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct plat_scanout plat_scanout;

typedef struct {
    uint8_t *pixels; /* XRGB8888, row-major, top row first */
    int w, h;        /* the panel's mode */
    int pitch;       /* bytes per row */
} plat_scanout_buf;

typedef struct {
    int x, y, w, h;
} plat_scanout_rect;

/* NULL on failure, with why in err (English, for the log and the panel's
 * failure text). */
plat_scanout *plat_scanout_open(const char *spec, char *err, size_t errlen);
void plat_scanout_close(plat_scanout *s);

const plat_scanout_buf *plat_scanout_buffer(const plat_scanout *s);

/* The rectangles of the buffer that changed (n 0: the whole buffer).
 * 0, or -1 when the output refused them (err says why). */
int plat_scanout_flush(plat_scanout *s, const plat_scanout_rect *r, int n, char *err,
                       size_t errlen);

#endif
