/* pngio.c — PNG files through libpng's simplified API. */
#include "core/pngio.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int core_png_write(const char *path, const uint8_t *rgba, int w, int h, char *err, size_t errlen)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)w;
    img.height = (png_uint_32)h;
    img.format = PNG_FORMAT_RGBA;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (!png_image_write_to_file(&img, tmp, 0, rgba, w * 4, NULL)) {
        snprintf(err, errlen, "%s: %s", path, img.message);
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: cannot rename temporary file", path);
        unlink(tmp);
        return -1;
    }
    return 0;
}
