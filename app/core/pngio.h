/* pngio.h — writing RGBA images as PNG (screenshots, receipt slips; tests read
 * them back with uitest_png_read). Pixels are RGBA8888, row-major, top row first. */
#ifndef CZ_CORE_PNGIO_H
#define CZ_CORE_PNGIO_H

#include <stddef.h>
#include <stdint.h>

/* Writes w*h RGBA pixels to path (atomically: temp file + rename). 0 or -1 with err. */
int core_png_write(const char *path, const uint8_t *rgba, int w, int h, char *err, size_t errlen);

#endif
