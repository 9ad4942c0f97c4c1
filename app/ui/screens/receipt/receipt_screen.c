/* receipt_screen.c — after a filing is confirmed: what was filed, the receipt
 * number (or the local number while waiting to upload), a large QR code to
 * scan, and buttons to print the slip and go home. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/core/app.h"
#include "ui/widgets/qr.h"
#include "receipt/receipt.h"
#include "core/strings.h"

typedef struct {
    receipt_info info;
    ui_receipt_print_fn print;
    void *ud;
    int print_state; /* 0 not yet, 1 printed, -1 failed */
} rscreen;

static text_style st(int px, text_weight w, SDL_Color c, text_align a)
{
    text_style s = {px, w, c, a, 0, 0};
    return s;
}

/* "label  value" rows; returns the height used. With dry set, only measures. */
static int row(ui_app *a, int x, int y, int w, const char *label, const char *value, int strong,
               int dry)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    char lab[64], widest[64]; /* the values line up after the longest label, 回执号 */
    snprintf(widest, sizeof widest, core_str("receipt.row"), core_str("receipt.number"));
    int lw = text_width(tx, widest, t->px_body, TEXT_REGULAR);
    snprintf(lab, sizeof lab, core_str("receipt.row"), label);
    text_style sl = st(t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_LEFT);
    text_style sv = st(strong ? t->px_label : t->px_body, strong ? TEXT_BOLD : TEXT_REGULAR, t->ink,
                       TEXT_LEFT);
    SDL_Rect vb = {x + lw, y - (strong ? (t->px_label - t->px_body) / 2 : 0), w - lw, 0};
    int h;
    if (dry) {
        h = text_measure_box(tx, value, vb.w, &sv, NULL);
    } else {
        text_draw(tx, lab, x, y, &sl);
        h = text_draw_box(tx, value, &vb, &sv);
    }
    int lh = text_line_height(tx, t->px_body);
    return (h > lh ? h : lh) + t->unit / 2;
}

static void button(ui_app *a, const SDL_Rect *r, const char *id, const char *label, int primary)
{
    const ui_theme *t = ui_app_theme(a);
    int pr = ui_app_pressed(a, id);
    SDL_Color fill = primary ? (pr ? t->ink : t->primary) : (pr ? t->line : t->surface);
    draw_round_box(ui_app_draw(a), r, t->radius, fill, primary ? fill : t->primary, 3);
    text_style s = st(t->px_label, TEXT_BOLD, primary ? t->primary_ink : t->primary, TEXT_CENTER);
    s.max_lines = 1;
    SDL_Rect tb = {r->x, r->y + (r->h - text_line_height(ui_app_text(a), t->px_label)) / 2, r->w, 0};
    text_draw_box(ui_app_text(a), label, &tb, &s);
    ui_app_target(a, r, id);
}

static void rs_draw(ui_screen *s, ui_app *a)
{
    rscreen *r = s->priv;
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, uploaded = r->info.number[0] != '\0';

    /* title with a big tick */
    int disc = t->px_huge + t->unit;
    int y = pad * 2;
    SDL_Color tone = uploaded ? t->ok : t->warn;
    draw_circle(d, pad + disc / 2, y + disc / 2, disc / 2, tone);
    draw_line(d, pad + disc * 27 / 100, y + disc * 52 / 100, pad + disc * 43 / 100,
              y + disc * 68 / 100, disc / 10, t->surface);
    draw_line(d, pad + disc * 43 / 100, y + disc * 68 / 100, pad + disc * 74 / 100,
              y + disc * 34 / 100, disc / 10, t->surface);
    text_style sh = st(t->px_title, TEXT_BOLD, tone, TEXT_LEFT);
    SDL_Rect hb = {pad * 2 + disc, y + (disc - text_line_height(tx, t->px_title)) / 2,
                   t->w - pad * 3 - disc, disc * 2};
    text_draw_box(tx, core_str(uploaded ? "receipt.ok_title" : "receipt.saved_title"), &hb, &sh);
    y += disc + pad;

    /* the facts, on a card */
    int qr_side = t->portrait ? t->w * 55 / 100 : t->h * 45 / 100;
    int card_w = t->portrait ? t->w - 2 * pad : t->w - 3 * pad - qr_side - pad * 2;
    int cx = pad + pad, cw = card_w - 2 * pad;
    char when[32];
    receipt_time_text(r->info.time, when, sizeof when);
    char local[16];
    snprintf(local, sizeof local, "%.8s", r->info.local_id);
    SDL_Rect card = {pad, y, card_w, 0};
    for (int pass = 0; pass < 2; pass++) { /* measure, then draw */
        int dry = pass == 0, ry = y + pad;
        if (!dry)
            draw_round_box(d, &card, t->radius, t->surface, t->line, 2);
        ry += row(a, cx, ry, cw, core_str("receipt.item"), r->info.title, 0, dry);
        ry += row(a, cx, ry, cw, core_str(uploaded ? "receipt.number" : "receipt.local"),
                  uploaded ? r->info.number : local, 1, dry);
        ry += row(a, cx, ry, cw, core_str("receipt.time"), when, 0, dry);
        if (r->info.status[0])
            ry += row(a, cx, ry, cw, core_str("receipt.status"), r->info.status, 0, dry);
        if (r->info.agent[0])
            ry += row(a, cx, ry, cw, core_str("receipt.agent"), r->info.agent, 0, dry);
        card.h = ry - y + pad / 2;
    }
    y = card.y + card.h + pad;

    /* QR code with its caption */
    if (r->info.qr[0]) {
        int qx = t->portrait ? (t->w - qr_side) / 2 : t->w - pad * 2 - qr_side;
        int qy = t->portrait ? y : card.y;
        ui_qr_draw(d, r->info.qr, qx, qy, qr_side);
        text_style sc = st(t->px_body, TEXT_REGULAR, t->ink, TEXT_CENTER);
        SDL_Rect cb = {qx - pad * 2, qy + qr_side + t->unit, qr_side + pad * 4, 0};
        int chh = text_draw_box(tx, core_str("receipt.scan"), &cb, &sc);
        if (t->portrait)
            y = qy + qr_side + t->unit + chh + pad;
    }

    /* print state and buttons at the bottom */
    int bh = t->target;
    int by = t->h - pad - bh;
    if (r->print_state) {
        text_style sp = st(t->px_body, TEXT_BOLD, r->print_state > 0 ? t->ok : t->danger, TEXT_CENTER);
        SDL_Rect pb = {pad, by - pad - text_line_height(tx, t->px_body), t->w - 2 * pad, 0};
        text_draw_box(tx, core_str(r->print_state > 0 ? "receipt.printed" : "receipt.print_failed"),
                      &pb, &sp);
    }
    int bw = (t->w - pad * 3) / 2;
    SDL_Rect bp = {pad, by, bw, bh}, bhm = {pad * 2 + bw, by, bw, bh};
    if (r->print)
        button(a, &bp, "receipt.print", core_str("receipt.print"), 0);
    else
        bhm = (SDL_Rect){pad, by, t->w - 2 * pad, bh};
    button(a, &bhm, "receipt.home", core_str("receipt.done"), 1);
}

static void rs_activate(ui_screen *s, ui_app *a, const char *id)
{
    rscreen *r = s->priv;
    if (!strcmp(id, "receipt.home")) {
        ui_app_go_home(a);
    } else if (!strcmp(id, "receipt.print") && r->print) {
        char err[256];
        r->print_state = r->print(r->ud, &r->info, err, sizeof err) == 0 ? 1 : -1;
        ui_app_invalidate(a);
    }
}

static void rs_destroy(ui_screen *s)
{
    rscreen *r = s->priv;
    memset(r, 0, sizeof *r);
    ui_screen_free(s);
}

static const ui_screen_ops RS_OPS = {"receipt", rs_draw, rs_activate, NULL, NULL, rs_destroy};

ui_screen *ui_receipt_new(const receipt_info *info, ui_receipt_print_fn print, void *ud)
{
    ui_screen *s = ui_screen_new(&RS_OPS, sizeof(rscreen));
    if (!s)
        return NULL;
    rscreen *r = s->priv;
    r->info = *info;
    r->print = print;
    r->ud = ud;
    return s;
}
