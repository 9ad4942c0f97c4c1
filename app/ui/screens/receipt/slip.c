/* slip.c — ESC/POS → PNG, using the receipt decoder and the kiosk's text renderer. */
#include "ui/screens/receipt/slip.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/core/draw.h"
#include "core/pngio.h"
#include "ui/widgets/qr.h"
#include "receipt/receipt.h"
#include "ui/core/text.h"
#include "core/utf8.h"

#define MAX_ELS 256

typedef struct {
    receipt_el el[MAX_ELS];
    char *texts[MAX_ELS];
    int n, overflow;
} el_list;

static void keep(void *ud, const receipt_el *el)
{
    el_list *l = ud;
    if (l->n == MAX_ELS) {
        l->overflow = 1;
        return;
    }
    l->el[l->n] = *el;
    l->texts[l->n] = el->text ? strdup(el->text) : NULL;
    l->el[l->n].text = l->texts[l->n];
    l->n++;
}

enum { DOT_LINE = 34, DOT_FONT = 24 };

/* A QR code's side on the slip: its modules at the printer's dots per
 * module, with the quiet zone ui_qr_draw leaves (4 modules each side); two
 * thirds of the paper where the module size is not given. */
static int qr_side(const receipt_el *e, int width)
{
    int n = e->lines > 0 ? ui_qr_modules(e->text) : -1;
    int side = n > 0 ? (n + 8) * e->lines : width * 2 / 3;
    return side < width ? side : width;
}

static int el_height(const receipt_el *e, int width)
{
    switch (e->kind) {
    case RECEIPT_EL_TEXT: return e->big ? DOT_LINE * 2 : DOT_LINE;
    case RECEIPT_EL_FEED: return e->lines * DOT_LINE;
    case RECEIPT_EL_QR: return qr_side(e, width); /* width = dots */
    case RECEIPT_EL_CUT: return 16;
    }
    return 0;
}

/* Thermal printers draw every character in a fixed cell: 12 dots for ASCII,
 * 24 for the rest (Chinese mode) (twice that in double size). Drawing the same way
 * shows exactly where the printer's lines end. */
static void draw_cells(text_ctx *tx, const receipt_el *e, int x0, int width, int y)
{
    int scale = e->big ? 2 : 1, px = DOT_FONT * scale;
    text_style st = {px, e->bold ? TEXT_BOLD : TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    int total = 0;
    for (const char *p = e->text; *p;) {
        uint32_t cp = utf8_next(&p);
        total += (cp < 0x80 ? 12 : 24) * scale;
    }
    int x = x0 + (e->align == 1 ? (width - total) / 2 : e->align == 2 ? width - total : 0);
    for (const char *p = e->text; *p;) {
        const char *start = p;
        uint32_t cp = utf8_next(&p);
        int cell = (cp < 0x80 ? 12 : 24) * scale;
        char one[8];
        size_t n = (size_t)(p - start);
        memcpy(one, start, n);
        one[n] = '\0';
        int gw = text_width(tx, one, px, st.weight);
        text_draw(tx, one, x + (cell - gw) / 2, y, &st);
        x += cell;
    }
}

int ui_slip_png(const uint8_t *escpos, size_t len, int paper_mm, const char *fonts_dir,
                const char *path, char *err, size_t errlen)
{
    int dots = paper_mm == 80 ? 576 : 384, margin = 16, width = dots + 2 * margin;
    el_list *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = receipt_escpos_decode(escpos, len, keep, l, err, errlen);
    SDL_Surface *surf = NULL;
    SDL_Renderer *ren = NULL;
    text_ctx *tx = NULL;
    draw_ctx *dr = NULL;
    if (rc == 0 && l->overflow) {
        snprintf(err, errlen, "slip longer than %d elements", MAX_ELS);
        rc = -1;
    }
    if (rc == 0) {
        int h = margin * 2;
        for (int i = 0; i < l->n; i++)
            h += el_height(&l->el[i], dots);
        surf = SDL_CreateRGBSurfaceWithFormat(0, width, h, 32, SDL_PIXELFORMAT_ARGB8888);
        ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
        tx = ren ? text_new(ren, surf, fonts_dir, NULL, 0, err, errlen) : NULL;
        dr = ren ? draw_new(ren, surf) : NULL;
        if (!tx || !dr) {
            if (!*err)
                snprintf(err, errlen, "cannot create the slip canvas");
            rc = -1;
        }
    }
    if (rc == 0) {
        draw_clear(dr, (SDL_Color){255, 255, 255, 255});
        int y = margin;
        for (int i = 0; i < l->n; i++) {
            const receipt_el *e = &l->el[i];
            int eh = el_height(e, dots);
            if (e->kind == RECEIPT_EL_TEXT) {
                draw_cells(tx, e, margin, dots, y + (eh - DOT_FONT * (e->big ? 2 : 1)) / 3);
            } else if (e->kind == RECEIPT_EL_QR) {
                int size = qr_side(e, dots);
                ui_qr_draw(dr, e->text, margin + (dots - size) / 2, y, size);
            } else if (e->kind == RECEIPT_EL_CUT) {
                for (int x = 0; x < width; x += 12)
                    draw_rect(dr, &(SDL_Rect){x, y + 6, 6, 2}, (SDL_Color){120, 120, 120, 255});
            }
            y += eh;
        }
        SDL_RenderFlush(ren);
        uint8_t *px = malloc((size_t)width * (size_t)surf->h * 4);
        if (!px || SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ABGR8888, px, width * 4) != 0) {
            snprintf(err, errlen, "cannot read the slip canvas");
            rc = -1;
        } else {
            rc = core_png_write(path, px, width, surf->h, err, errlen);
        }
        free(px);
    }
    text_free(tx);
    draw_free(dr);
    if (ren)
        SDL_DestroyRenderer(ren);
    if (surf)
        SDL_FreeSurface(surf);
    for (int i = 0; i < l->n; i++)
        free(l->texts[i]);
    free(l);
    return rc == 0 ? 0 : -1;
}
