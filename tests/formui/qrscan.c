/* qrscan.c — see qrscan.h. */
#include "qrscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "uitest.h"

int qrscan_png(const char *path, char out[QRSCAN_MAX][QRSCAN_LEN])
{
    uint8_t *rgba;
    int w, h;
    char err[256];
    if (uitest_png_read(path, &rgba, &w, &h, err, sizeof err) != 0) {
        printf("  %s: %s\n", path, err);
        return -1;
    }
    unsigned char *gray = malloc((size_t)w * (size_t)h);
    if (!gray) {
        free(rgba);
        return -1;
    }
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        const uint8_t *p = rgba + i * 4;
        gray[i] = (unsigned char)((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000);
    }
    free(rgba);
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)w, (unsigned)h);
    zbar_image_set_data(img, gray, (unsigned long)w * (unsigned long)h, zbar_image_free_data);
    int n = 0;
    if (zbar_scan_image(sc, img) > 0)
        for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s && n < QRSCAN_MAX;
             s = zbar_symbol_next(s))
            snprintf(out[n++], QRSCAN_LEN, "%s", zbar_symbol_get_data(s));
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(sc);
    return n;
}

int qrscan_has(char out[QRSCAN_MAX][QRSCAN_LEN], int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(out[i], s))
            return 1;
    return 0;
}
