/* halt.c — the start-up failure page (halt.h), with its 读给我听. */
#include "ui/screens/home/halt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cz_text_build.h" /* build.halt.*: the words do not depend on the assets folder */
#include "ui/widgets/voicebtn.h"

typedef struct {
    char line[768];
} halt;

/* A pause sign: a calm disc with two bars, readable without any words.
 * It ends above max_bottom (smaller and higher when the words below need
 * the room). Returns the y just below the disc. */
static int draw_pause_sign(draw_ctx *d, const ui_theme *t, int max_bottom)
{
    int side = t->w < t->h ? t->w : t->h;
    int r = side * (t->portrait ? 18 : 14) / 100;
    int cx = t->w / 2, cy = t->portrait ? t->h * 26 / 100 : t->h * 28 / 100;
    if (max_bottom > 0 && cy + r > max_bottom) { /* scaled towards the top, at least a third */
        int bottom = max_bottom > (cy + r) / 3 ? max_bottom : (cy + r) / 3;
        r = r * bottom / (cy + r + 1);
        cy = bottom - r;
    }
    draw_circle(d, cx, cy, r, t->primary);
    SDL_Rect b1 = {cx - r * 38 / 100, cy - r * 45 / 100, r * 26 / 100, r * 90 / 100};
    SDL_Rect b2 = {cx + r * 12 / 100, b1.y, b1.w, b1.h};
    draw_round_rect(d, &b1, b1.w / 4, t->surface);
    draw_round_rect(d, &b2, b2.w / 4, t->surface);
    return cy + r;
}

static void halt_draw(ui_screen *s, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    if (!tx) { /* no font at all: the sign alone */
        draw_pause_sign(ui_app_draw(a), t, 0);
        return;
    }
    const halt *h = s->priv;
    draw_ctx *d = ui_app_draw(a);
    int pad = t->unit * 3;

    /* the technician line at the bottom, on a quiet band */
    text_style sl = {t->px_small, TEXT_REGULAR, t->ink_soft, TEXT_LEFT, 0, 4};
    int lh = text_line_height(tx, t->px_small);
    int bh = lh * 4 + pad;
    SDL_Rect band = {0, t->h - bh - pad, t->w, bh + pad};

    /* the words and 读给我听 under the sign, above the band */
    text_style st = {t->px_huge > t->px_title ? t->px_huge : t->px_title, TEXT_BOLD, t->ink,
                     TEXT_CENTER, 0, 3};
    text_style ss = {t->px_label, TEXT_REGULAR, t->ink_soft, TEXT_CENTER, 0, 2};
    int tw = t->w - 2 * pad, vb = ui_voicebtn_size(a);
    int words = text_measure_box(tx, CZ_TEXT_HALT_TITLE, tw, &st, NULL) + pad +
                text_measure_box(tx, CZ_TEXT_HALT_SUB, tw, &ss, NULL) + pad + vb;
    int y = draw_pause_sign(d, t, band.y - pad - words - pad * 2) + pad * 2;
    SDL_Rect tb = {pad, y, tw, 0};
    y += text_draw_box(tx, CZ_TEXT_HALT_TITLE, &tb, &st) + pad;
    SDL_Rect sb = {pad, y, tw, 0};
    y += text_draw_box(tx, CZ_TEXT_HALT_SUB, &sb, &ss) + pad;
    SDL_Rect vr = {(t->w - vb) / 2, y, vb, vb};
    ui_voicebtn(a, &vr, "halt.voice");

    char line[900];
    snprintf(line, sizeof line, "%s  %s", CZ_TEXT_HALT_TECH, h->line);
    draw_rect(d, &band, t->surface);
    SDL_Rect rule = {0, band.y, t->w, 2};
    draw_rect(d, &rule, t->line);
    SDL_Rect lb = {pad, band.y + pad / 2, t->w - 2 * pad, bh};
    text_draw_box(tx, line, &lb, &sl);
}

/* 读给我听 reads the page's words out (a speaker that fails is logged once
 * by ui_voice_speak and the page stays as it is); the corners lead to
 * technician mode. */
static void halt_activate(ui_screen *s, ui_app *a, const char *id)
{
    (void)s;
    int code;
    ui_voicebtn_activate(a, "halt.voice", id, CZ_TEXT_HALT_SAY, &code);
}

static uint64_t halt_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    (void)s;
    return ui_voicebtn_tick(a, now); /* the button lit while it speaks */
}

static const ui_screen_ops HALT_OPS = {"halt", halt_draw, halt_activate, NULL, halt_tick,
                                       ui_screen_free};

ui_screen *ui_halt_new(const char *tech_line)
{
    ui_screen *s = ui_screen_new(&HALT_OPS, sizeof(halt));
    if (!s)
        return NULL;
    halt *h = s->priv;
    snprintf(h->line, sizeof h->line, "%s", tech_line ? tech_line : "");
    return s;
}
