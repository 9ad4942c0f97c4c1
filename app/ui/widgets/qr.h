/* qr.h — QR codes on screen and on slip previews, made with libqrencode. */
#ifndef CZ_UI_QR_H
#define CZ_UI_QR_H

#include <SDL.h>

#include "ui/core/draw.h"

/* Draws the QR code of text (UTF-8, error level M) centred in a square of side
 * `size` at x,y, with a white quiet zone of 4 modules. Returns the module count
 * per side, or -1 if the text cannot be encoded. */
int ui_qr_draw(draw_ctx *d, const char *text, int x, int y, int size);
/* The module count per side of text's code (as ui_qr_draw makes it), or -1. */
int ui_qr_modules(const char *text);

#endif
