/* qr.c — QR modules drawn as rectangles (crisp at any scale, no texture). */
#include "ui/widgets/qr.h"

#include <qrencode.h>
#include <string.h>

int ui_qr_draw(draw_ctx *d, const char *text, int x, int y, int size)
{
    if (!text || !*text)
        return -1;
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return -1;
    int n = q->width, quiet = 4, total = n + 2 * quiet;
    int m = size / total; /* whole pixels per module: no blurred edges */
    if (m < 1)
        m = 1;
    int side = m * total, ox = x + (size - side) / 2, oy = y + (size - side) / 2;
    SDL_Color white = {255, 255, 255, 255}, black = {0, 0, 0, 255};
    SDL_Rect bg = {ox, oy, side, side};
    draw_rect(d, &bg, white);
    for (int r = 0; r < n; r++) {
        int c = 0;
        while (c < n) {
            if (!(q->data[r * n + c] & 1)) {
                c++;
                continue;
            }
            int run = c;
            while (run < n && (q->data[r * n + run] & 1))
                run++;
            SDL_Rect px = {ox + (quiet + c) * m, oy + (quiet + r) * m, (run - c) * m, m};
            draw_rect(d, &px, black);
            c = run;
        }
    }
    QRcode_free(q);
    return n;
}

int ui_qr_modules(const char *text)
{
    if (!text || !*text)
        return -1;
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return -1;
    int n = q->width;
    QRcode_free(q);
    return n;
}
