/* agent_band.c — the title band of the proxy-agent screens. */
#include "ui/screens/agent/agent_int.h"

int agent_draw_band(ui_app *a, const char *title, const char *sub)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    int h = pad * 2 + text_line_height(tx, t->px_title);
    if (sub)
        h += t->unit / 2 + text_line_height(tx, t->px_body);
    SDL_Rect band = {0, 0, t->w, h};
    draw_rect(ui_app_draw(a), &band, t->primary);
    text_style st = {text_fit_px(tx, title, t->w - 2 * pad, t->px_title, t->px_label, TEXT_BOLD),
                     TEXT_BOLD, t->primary_ink, TEXT_LEFT, 0, 1};
    SDL_Rect tb = {pad, pad, t->w - 2 * pad, 0};
    text_draw_box(tx, title, &tb, &st);
    if (sub) {
        text_style ss = {t->px_body, TEXT_REGULAR, t->primary_ink, TEXT_LEFT, 0, 1};
        SDL_Rect sb = {pad, pad + text_line_height(tx, t->px_title) + t->unit / 2, t->w - 2 * pad, 0};
        text_draw_box(tx, sub, &sb, &ss);
    }
    return h;
}
