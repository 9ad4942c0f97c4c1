/* pngio.h — writing and reading RGBA images as PNG (screenshots, receipt slips,
 * reference images in tests). Pixels are RGBA8888, row-major, top row first. */
#ifndef CZ_CORE_PNGIO_H
#define CZ_CORE_PNGIO_H

#include <stddef.h>
#include <stdint.h>

/* Writes w*h RGBA pixels to path (atomically: temp file + rename). 0 or -1 with err. */
int core_png_write(const char *path, const uint8_t *rgba, int w, int h, char *err, size_t errlen);
/* Reads a PNG into a new RGBA buffer the caller frees with free(). 0 or -1 with
 * err. For tests (reference screenshots). */
int core_png_read(const char *path, uint8_t **rgba, int *w, int *h, char *err, size_t errlen);

#endif
