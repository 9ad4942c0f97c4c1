/* agent_band.c — the title band of the proxy-agent screens. */
#include "ui/screens/agent/agent_int.h"

#include "ui/widgets/widget.h"

int agent_draw_band(ui_app *a, const char *title, const char *sub, const char *btn_id,
                    const char *label)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    int h = pad * 2 + text_line_height(tx, t->px_title);
    if (sub)
        h += t->unit / 2 + text_line_height(tx, t->px_body);
    SDL_Rect band = {0, 0, t->w, h};
    draw_rect(ui_app_draw(a), &band, t->primary);
    int tw = t->w - 2 * pad; /* the title's width: left of the button */
    if (btn_id) {
        SDL_Rect b = {t->w - pad - t->w / 4, 0, t->w / 4, 0};
        int bh = ui_button_height(a);
        b.h = bh < h - t->unit ? bh : h - t->unit;
        if (b.h < t->target)
            b.h = t->target;
        b.y = (h - b.h) / 2;
        ui_button(a, &b, btn_id, label, UI_BTN_SECONDARY);
        tw = b.x - 2 * pad;
    }
    text_style st = {text_fit_px(tx, title, tw, t->px_title, t->px_label, TEXT_BOLD), TEXT_BOLD,
                     t->primary_ink, TEXT_LEFT, 0, 1};
    SDL_Rect tb = {pad, pad, tw, 0};
    text_draw_box(tx, title, &tb, &st);
    if (sub) {
        text_style ss = {t->px_body, TEXT_REGULAR, t->primary_ink, TEXT_LEFT, 0, 1};
        SDL_Rect sb = {pad, pad + text_line_height(tx, t->px_title) + t->unit / 2, tw, 0};
        text_draw_box(tx, sub, &sb, &ss);
    }
    return h;
}
