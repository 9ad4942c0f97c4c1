/* widget.c — buttons, tiles, labels, the stepper, dialogs and toasts. */
#include "ui/widgets/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plat_clock.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "ui/widgets/voicebtn.h"

static text_style wstyle(int px, text_weight w, SDL_Color c, text_align al)
{
    text_style s = {px, w, c, al, 0, 0};
    return s;
}

uint64_t ui_tick_min(uint64_t a, uint64_t b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return a < b ? a : b;
}

int ui_button_height(ui_app *a) { return ui_app_theme(a)->target; }

/* 1 when something of r, grown by margin on every side (a shadow), can show
 * through the clip: a partial redraw draws only the widgets it touches. */
static int shows(ui_app *a, const SDL_Rect *r, int margin)
{
    SDL_Rect g = {r->x - margin, r->y - margin, r->w + 2 * margin, r->h + 2 * margin};
    return draw_visible(ui_app_draw(a), &g);
}

/* What a key's label is centred by, its ink's rows: the same for every
 * key of a kind, so that their letters stand on one line (q's tail and d's
 * stem both inside the key, not each letter centred alone): digits by a
 * digit's, other Latin letters and marks by the tallest and the lowest
 * reaching ones', anything else (退格, a Han candidate) by its own. */
static const char *key_ink_ref(const char *label)
{
    int digits = 1, ascii = 1;
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
        digits &= (*p >= '0' && *p <= '9') || *p == 'X' || *p == ' ';
        ascii &= *p < 0x80;
    }
    return !*label ? label : digits ? "0" : ascii ? "bdfghjklpqy" : label;
}

/* The label centred in r at px, shrunk to fit one line; wrap: a label that
 * would shrink below three quarters of px goes on two lines at px where r
 * is tall enough (not a key's). */
static void centred_label(ui_app *a, const SDL_Rect *r, const char *label, int px, SDL_Color c,
                          int wrap)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    if (px > r->h * 2 / 3)
        px = r->h * 2 / 3; /* low keys (landscape) keep the label inside */
    int fit = text_fit_px(tx, label, r->w - t->unit, px, px < t->px_small ? px : t->px_small,
                          TEXT_BOLD);
    text_style s = wstyle(fit, TEXT_BOLD, c, TEXT_CENTER);
    s.max_lines = 1;
    if (wrap && fit * 4 < px * 3 && text_line_height(tx, px) * 2 + t->unit <= r->h) {
        /* a button tall enough for two lines: the label at its size on two,
         * not shrunk onto one (维护模式's grid in large text, landscape) */
        s = wstyle(px, TEXT_BOLD, c, TEXT_CENTER);
        s.max_lines = 2;
        int h = text_measure_box(tx, label, r->w - t->unit, &s, NULL);
        if (h <= r->h - t->unit) {
            SDL_Rect tb2 = {r->x + t->unit / 2, r->y + (r->h - h) / 2, r->w - t->unit, 0};
            text_draw_box(tx, label, &tb2, &s);
            return;
        }
        s = wstyle(fit, TEXT_BOLD, c, TEXT_CENTER);
        s.max_lines = 1;
    }
    SDL_Rect tb = {r->x, r->y + (r->h - text_line_height(tx, fit)) / 2, r->w, 0};
    int top, bot;
    if (!wrap && text_ink_rows(tx, key_ink_ref(label), fit, TEXT_BOLD, &top, &bot) == 0)
        tb.y = r->y + (r->h - (bot - top)) / 2 - top; /* a key: its ink in the middle */
    text_draw_box(tx, label, &tb, &s);
}

void ui_button(ui_app *a, const SDL_Rect *r, const char *id, const char *label, ui_btn_kind kind)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    /* a key casts no shadow, pressed or not: its press redraws it alone */
    void (*target)(ui_app *, const SDL_Rect *, const char *) =
        kind == UI_BTN_KEY ? ui_app_target_flat : ui_app_target;
    if (!shows(a, r, t->unit)) {
        target(a, r, id);
        return;
    }
    int pr = ui_app_pressed(a, id);
    SDL_Color fill, border, ink;
    switch (kind) {
    case UI_BTN_PRIMARY:
    case UI_BTN_DANGER:
    case UI_BTN_OK: {
        SDL_Color base = kind == UI_BTN_PRIMARY ? t->primary : kind == UI_BTN_OK ? t->ok : t->danger;
        fill = pr ? t->ink : base;
        border = fill;
        ink = t->primary_ink;
        break;
    }
    case UI_BTN_KEY:
        fill = pr ? t->primary : t->surface;
        border = t->elderly ? t->ink : t->line;
        ink = pr ? t->primary_ink : t->ink;
        break;
    default:
        fill = pr ? t->primary : t->surface;
        border = t->primary;
        ink = pr ? t->primary_ink : t->primary;
        break;
    }
    SDL_Rect b = *r;
    if (!pr && kind != UI_BTN_KEY)
        draw_shadow(d, &b, t->radius, t->unit / 4);
    int rad = b.h / 2 < t->radius ? b.h / 2 : t->radius;
    draw_round_box(d, &b, rad, fill, border, t->elderly ? 4 : 3);
    centred_label(a, &b, label, kind == UI_BTN_KEY ? t->px_title : t->px_label, ink,
                  kind != UI_BTN_KEY);
    target(a, r, id);
}

void ui_button_disabled(ui_app *a, const SDL_Rect *r, const char *label)
{
    const ui_theme *t = ui_app_theme(a);
    if (!shows(a, r, 0))
        return;
    int rad = r->h / 2 < t->radius ? r->h / 2 : t->radius;
    /* grey in both palettes: the elderly palette's lines are black */
    SDL_Color grey = t->elderly ? (SDL_Color){120, 120, 120, 255} : (SDL_Color){170, 180, 192, 255};
    SDL_Color fill = t->elderly ? (SDL_Color){225, 225, 225, 255} : t->bg;
    draw_round_box(ui_app_draw(a), r, rad, fill, grey, 2);
    centred_label(a, r, label, t->px_label, grey, 1);
}

void ui_button_mark(ui_app *a, const SDL_Rect *r)
{
    int m = ui_app_theme(a)->unit; /* the shadow, as a press marks it (app.h) */
    SDL_Rect g = {r->x - m, r->y - m, r->w + 2 * m, r->h + 2 * m};
    ui_app_invalidate_rect(a, &g);
}

/* The band's back button's width for its label. */
static int back_width(ui_app *a, const char *back_label)
{
    const ui_theme *t = ui_app_theme(a);
    int bw = text_width(ui_app_text(a), back_label, t->px_label, TEXT_BOLD) + t->unit * 3;
    return bw < t->target * 3 / 2 ? t->target * 3 / 2 : bw;
}

int ui_title_band_room(ui_app *a, const char *back_label)
{
    const ui_theme *t = ui_app_theme(a);
    return t->w - back_width(a, back_label) - t->unit * 6; /* the margins and the gap: 3 pads */
}

int ui_title_band(ui_app *a, const char *back_id, const char *back_label, const char *title)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, hh = t->target + t->unit * 2;
    SDL_Rect band = {0, 0, t->w, hh};
    draw_rect(ui_app_draw(a), &band, t->primary);
    int bw = back_width(a, back_label);
    SDL_Rect back = {t->unit, t->unit, bw, t->target};
    ui_button(a, &back, back_id, back_label, UI_BTN_SECONDARY);
    text_style st = {t->px_title, TEXT_BOLD, t->primary_ink, TEXT_LEFT, 0, 1};
    SDL_Rect tb = {back.x + bw + pad, (hh - text_line_height(tx, t->px_title)) / 2,
                   ui_title_band_room(a, back_label), 0};
    text_draw_box(tx, title, &tb, &st);
    return hh;
}

SDL_Rect ui_card_place(ui_app *a, const SDL_Rect *r, int pressed)
{
    const ui_theme *t = ui_app_theme(a);
    SDL_Rect card = *r;
    if (pressed) {
        card.x += t->unit / 4;
        card.y += t->unit / 4;
    } else {
        draw_shadow(ui_app_draw(a), &card, t->radius, t->unit / 2);
    }
    return card;
}

void ui_tile(ui_app *a, const SDL_Rect *r, const char *id, const char *glyph, const char *title,
             const char *sub, SDL_Color accent)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pr = ui_app_pressed(a, id);
    if (!shows(a, r, t->unit)) {
        SDL_Rect card = *r;
        if (pr) { /* as ui_card_place moves it */
            card.x += t->unit / 4;
            card.y += t->unit / 4;
        }
        ui_app_target(a, &card, id);
        return;
    }
    SDL_Rect card = ui_card_place(a, r, pr);
    draw_round_box(d, &card, t->radius, pr ? accent : t->surface, t->elderly ? t->ink : accent,
                   t->elderly ? 3 : 0);
    int pad = t->unit * 3 / 2, disc = t->px_label * 17 / 10;
    int cx = card.x + pad + disc / 2, cy = card.y + pad + disc / 2;
    draw_circle(d, cx, cy, disc / 2, pr ? t->surface : accent);
    text_style sg = wstyle(disc * 55 / 100, TEXT_BOLD, pr ? accent : t->surface, TEXT_LEFT);
    int gw = text_width(tx, glyph, sg.px, TEXT_BOLD);
    text_draw(tx, glyph, cx - gw / 2, cy - text_line_height(tx, sg.px) / 2, &sg);
    int lx = card.x + pad + disc + t->unit;
    text_style sl = wstyle(t->px_label, TEXT_BOLD, pr ? t->surface : t->ink, TEXT_LEFT);
    sl.max_lines = 2;
    SDL_Rect lb = {lx, cy - text_line_height(tx, t->px_label) / 2, card.x + card.w - pad - lx, 0};
    text_draw_box(tx, title, &lb, &sl);
    if (sub && *sub) {
        int ly = card.y + pad + disc + t->unit / 2;
        text_style ss = wstyle(t->px_body, TEXT_REGULAR, pr ? t->surface : t->ink_soft, TEXT_LEFT);
        SDL_Rect sb = {card.x + pad, ly, card.w - 2 * pad, card.y + card.h - ly - pad / 2};
        if (sb.h >= text_line_height(tx, ss.px))
            text_draw_box(tx, sub, &sb, &ss);
    }
    ui_app_target(a, &card, id);
}

int ui_label(ui_app *a, const SDL_Rect *box, const char *text, int px, text_weight w,
             SDL_Color color, text_align align)
{
    text_style s = wstyle(px, w, color, align);
    return text_draw_box(ui_app_text(a), text, box, &s);
}

int ui_stepper(ui_app *a, int x, int y, int w, int step, int total, const char *title)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    if (total < 1)
        total = 1;
    if (step < 1)
        step = 1;
    int done = step > total; /* past the last: every step filled (the form's review) */
    if (done)
        step = total + 1;
    char line[96];
    snprintf(line, sizeof line, core_str(done ? "stepper.done" : "stepper.format"),
             done ? total : step, total);
    text_style sn = wstyle(t->px_label, TEXT_BOLD, t->primary, TEXT_LEFT);
    int nw = text_draw(tx, line, x, y, &sn);
    int lh = text_line_height(tx, t->px_label);
    if (title && *title) {
        text_style stt = wstyle(t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT);
        stt.max_lines = 1;
        SDL_Rect tb = {x + nw + t->unit * 2, y, w - nw - t->unit * 2, 0};
        if (tb.w > t->px_label * 2)
            text_draw_box(tx, title, &tb, &stt);
    }
    /* one segment per step: done and current filled, the rest outlined */
    int by = y + lh + t->unit / 2, bh = t->unit * (t->elderly ? 3 : 2) / 2;
    int gap = t->unit / 3, sw = (w - gap * (total - 1)) / total;
    for (int i = 0; i < total; i++) {
        SDL_Rect seg = {x + i * (sw + gap), by, sw, bh};
        if (i < step)
            draw_round_rect(d, &seg, bh / 2, i == step - 1 ? t->accent : t->primary);
        else
            draw_round_box(d, &seg, bh / 2, t->surface, t->elderly ? t->ink : t->line, 2);
    }
    return lh + t->unit / 2 + bh;
}

void ui_icon_check(ui_app *a, int cx, int cy, int size, SDL_Color c, SDL_Color bg, int on)
{
    draw_ctx *d = ui_app_draw(a);
    const ui_theme *t = ui_app_theme(a);
    SDL_Rect b = {cx - size / 2, cy - size / 2, size, size};
    if (!on) {
        draw_round_box(d, &b, size / 6, bg, c, t->elderly ? 5 : 4);
        return;
    }
    draw_round_rect(d, &b, size / 6, c);
    draw_line(d, cx - size * 28 / 100, cy, cx - size * 6 / 100, cy + size * 22 / 100, size / 8, bg);
    draw_line(d, cx - size * 6 / 100, cy + size * 22 / 100, cx + size * 30 / 100, cy - size * 22 / 100,
              size / 8, bg);
}

void ui_icon_speaker(ui_app *a, const SDL_Rect *r, SDL_Color c)
{
    draw_ctx *d = ui_app_draw(a);
    int s = (r->w < r->h ? r->w : r->h) * 6 / 10;
    int x = r->x + (r->w - s) / 2, y = r->y + (r->h - s) / 2;
    int th = s / 12 > 2 ? s / 12 : 2;
    SDL_Rect body = {x, y + s * 35 / 100, s * 22 / 100, s * 30 / 100};
    draw_rect(d, &body, c);
    /* the cone: lines fanning out from the body to a tall edge */
    for (int i = 0; i <= s * 30 / 100; i += th / 2 + 1) {
        int y0 = y + s * 35 / 100 + i;
        int y1 = y + s * 12 / 100 + i * 76 / 30;
        draw_line(d, x + s * 20 / 100, y0, x + s * 48 / 100, y1, th, c);
    }
    draw_line(d, x + s * 48 / 100, y + s * 12 / 100, x + s * 48 / 100, y + s * 88 / 100, th, c);
    /* two sound waves */
    for (int k = 0; k < 2; k++) {
        int wx = x + s * (62 + k * 18) / 100, h2 = s * (18 + k * 14) / 100;
        int my = y + s / 2;
        draw_line(d, wx, my - h2, wx + s * 8 / 100, my, th, c);
        draw_line(d, wx + s * 8 / 100, my, wx, my + h2, th, c);
    }
}

int ui_field_height(ui_app *a, int with_error)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int h = text_line_height(tx, t->px_label) + t->unit / 2 + t->target;
    if (with_error)
        h += t->unit / 2 + text_line_height(tx, t->px_body);
    return h;
}

#define FIELD_FOCUS_BORDER 6 /* a focused field's border, pixels */

SDL_Rect ui_field_typing_rect(ui_app *a, int x, int y, int w)
{
    const ui_theme *t = ui_app_theme(a);
    int by = y + text_line_height(ui_app_text(a), t->px_label) + t->unit / 2;
    return (SDL_Rect){x + FIELD_FOCUS_BORDER, by + FIELD_FOCUS_BORDER, w - 2 * FIELD_FOCUS_BORDER,
                      t->target - 2 * FIELD_FOCUS_BORDER};
}

int ui_field(ui_app *a, int x, int y, int w, const char *id, const char *label, const char *value,
             const char *composing, int focused, const char *error)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int y0 = y;
    int fh = ui_field_height(a, error && *error);
    text_style se = wstyle(t->px_body, TEXT_BOLD, t->danger, TEXT_LEFT);
    se.max_lines = 3; /* the words whole on more lines where one is not enough (a
                       * narrow column beside a keyboard) */
    if (error && *error)
        fh += text_measure_box(tx, error, w, &se, NULL) - text_line_height(tx, t->px_body);
    SDL_Rect whole = {x, y, w, fh};
    if (!shows(a, &whole, t->unit)) {
        SDL_Rect box = {x, y + text_line_height(tx, t->px_label) + t->unit / 2, w, t->target};
        if (id)
            ui_app_target(a, &box, id);
        return fh;
    }
    text_style sl = wstyle(t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT);
    sl.max_lines = 1;
    SDL_Rect lb = {x, y, w, 0};
    text_draw_box(tx, label ? label : "", &lb, &sl);
    y += text_line_height(tx, t->px_label) + t->unit / 2;
    SDL_Rect box = {x, y, w, t->target};
    SDL_Color border = error && *error ? t->danger : focused ? t->primary : (t->elderly ? t->ink : t->line);
    draw_round_box(d, &box, t->radius, t->surface, border, focused ? FIELD_FOCUS_BORDER : 3);
    int px = t->px_title, pad = t->unit;
    int ty = y + (t->target - text_line_height(tx, px)) / 2;
    text_style sv = wstyle(px, TEXT_BOLD, t->ink, TEXT_LEFT);
    /* long values show their end, where typing happens; the room left is
     * for the letters being composed and the caret, not a whole character.
     * Letters longer than the box (pinyin of a whole phrase in a narrow
     * field) show their end too, the value then not at all: nothing is
     * drawn past the box */
    const char *v = value ? value : "";
    int caret_w = t->elderly ? 6 : 4;
    int room = w - 2 * pad - (focused ? 4 + caret_w : 0);
    if (composing && *composing) {
        while (*composing && text_width(tx, composing, px, TEXT_REGULAR) + t->unit / 3 > room) {
            const char *p = composing;
            utf8_next(&p);
            composing = p;
        }
        room -= text_width(tx, composing, px, TEXT_REGULAR) + t->unit / 3;
    }
    while (*v && text_width(tx, v, px, TEXT_BOLD) > room) {
        const char *p = v;
        utf8_next(&p);
        v = p;
    }
    int vx = x + pad + text_draw(tx, v, x + pad, ty, &sv);
    if (composing && *composing) {
        text_style sc = wstyle(px, TEXT_REGULAR, t->primary, TEXT_LEFT);
        int cw = text_draw(tx, composing, vx + t->unit / 3, ty, &sc);
        SDL_Rect ul = {vx + t->unit / 3, ty + text_line_height(tx, px) - 4, cw, 3};
        draw_rect(d, &ul, t->primary);
        vx += cw + t->unit / 3;
    }
    if (focused) {
        SDL_Rect caret = {vx + 4, y + t->unit, caret_w, t->target - 2 * t->unit};
        draw_rect(d, &caret, t->primary);
    }
    if (id)
        ui_app_target(a, &box, id);
    y += t->target;
    if (error && *error) {
        y += t->unit / 2;
        SDL_Rect eb = {x, y, w, 0};
        y += text_draw_box(tx, error, &eb, &se);
    }
    return y - y0;
}

/* ---- dialog ---- */

struct ui_dialog {
    char id[40];
    char title[128], body[512], ok[64], cancel[64];
    int open;
    int cancel_first;      /* ui_dialog_suggest_cancel */
    int painted;           /* shaded this frame (ui_dialog_over_blank): not again */
    SDL_Rect body_box;     /* where the body was last drawn (w 0: not yet) */
};

ui_dialog *ui_dialog_new(const char *id)
{
    ui_dialog *d = calloc(1, sizeof *d);
    if (d)
        snprintf(d->id, sizeof d->id, "%s", id);
    return d;
}

void ui_dialog_free(ui_dialog *d)
{
    if (d)
        memset(d, 0, sizeof *d);
    free(d);
}

void ui_dialog_open(ui_dialog *d, const char *title, const char *body, const char *ok,
                    const char *cancel)
{
    /* cut between characters where a text is longer than its room (a
     * county's long item title in a row's title) */
    utf8_copy(d->title, sizeof d->title, title ? title : "");
    utf8_copy(d->body, sizeof d->body, body ? body : "");
    utf8_copy(d->ok, sizeof d->ok, ok ? ok : core_str("common.ok"));
    utf8_copy(d->cancel, sizeof d->cancel, cancel ? cancel : "");
    d->open = 1;
    d->cancel_first = 0;
}

void ui_dialog_suggest_cancel(ui_dialog *d) { d->cancel_first = 1; }

void ui_dialog_close(ui_dialog *d) { d->open = 0; }

int ui_dialog_is_open(const ui_dialog *d) { return d->open; }

const char *ui_dialog_title(const ui_dialog *d) { return d->open ? d->title : ""; }

static text_style body_style(const ui_theme *t)
{
    return wstyle(t->px_label, TEXT_REGULAR, t->ink, TEXT_CENTER);
}

void ui_dialog_set_body(ui_dialog *d, ui_app *a, const char *body)
{
    if (!body)
        body = "";
    if (!strcmp(d->body, body))
        return;
    snprintf(d->body, sizeof d->body, "%s", body);
    text_style sb = body_style(ui_app_theme(a));
    SDL_Rect b = d->body_box;
    if (d->open && b.w > 0 && b.h > 0 && *body &&
        text_measure_box(ui_app_text(a), body, b.w, &sb, NULL) == b.h)
        ui_app_invalidate_rect(a, &b); /* the card and everything else stay */
    else
        ui_app_invalidate(a);
}

static SDL_Color shade(const ui_theme *t) { return (SDL_Color){0, 0, 0, t->elderly ? 190 : 140}; }

void ui_dialog_over_blank(ui_dialog *dl, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    if (!dl->open) {
        draw_clear(d, t->bg);
        return;
    }
    draw_clear(d, draw_blend_color(d, t->bg, shade(t)));
    dl->painted = 1;
}

/* The shade over all of the screen that the card does not cover whole: the
 * four sides around it and its corners' squares (its rounded corners blend
 * over the shade). The same pixels as the shade over everything with the
 * card drawn over it (the card is opaque but for its corners), a third
 * fewer blended in portrait. */
static void shade_around(draw_ctx *d, const ui_theme *t, const SDL_Rect *card, int rad)
{
    int x1 = card->x + card->w, y1 = card->y + card->h, r = rad;
    if (r > card->w / 2)
        r = card->w / 2;
    if (r > card->h / 2)
        r = card->h / 2;
    if (r < 0)
        r = 0;
    const SDL_Rect parts[8] = {
        {0, 0, t->w, card->y},                /* above */
        {0, y1, t->w, t->h - y1},             /* below */
        {0, card->y, card->x, card->h},       /* left */
        {x1, card->y, t->w - x1, card->h},    /* right */
        {card->x, card->y, r, r},             /* the corners */
        {x1 - r, card->y, r, r},
        {card->x, y1 - r, r, r},
        {x1 - r, y1 - r, r, r},
    };
    for (int i = 0; i < 8; i++)
        if (parts[i].w > 0 && parts[i].h > 0)
            draw_rect(d, &parts[i], shade(t));
}

void ui_dialog_draw(ui_dialog *dl, ui_app *a)
{
    if (!dl->open)
        return;
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    SDL_Rect all = {0, 0, t->w, t->h};
    int pad = t->unit * 2, cw = t->w - 2 * pad;
    if (cw > t->h * 9 / 10)
        cw = t->h * 9 / 10; /* landscape: not wider than the screen is tall */
    text_style sh = wstyle(t->px_title, TEXT_BOLD, t->ink, TEXT_CENTER);
    text_style sb = body_style(t);
    int btn = t->target + t->unit;
    int nbtn = dl->cancel[0] ? 2 : 1;
    int inner, th, bh, ch, beside = 0;
    for (int pass = 0;; pass++) {
        inner = cw - 2 * pad;
        th = text_measure_box(tx, dl->title, inner, &sh, NULL);
        bh = dl->body[0] ? text_measure_box(tx, dl->body, inner, &sb, NULL) : 0;
        int rows = beside ? 1 : nbtn;
        ch = pad + th + (bh ? pad + bh : 0) + pad * 3 / 2 + rows * btn + (rows - 1) * pad + pad;
        if (ch <= t->h - 2 * pad)
            break;
        if (pass >= 2) { /* still taller: the message smaller, down to the small
                          * size (the county's whole note on the tablet in
                          * large text ran past the bottom edge, 知道了 with it) */
            if (sb.px <= t->px_small)
                break;
            sb.px = sb.px - 2 > t->px_small ? sb.px - 2 : t->px_small;
            continue;
        }
        /* taller than the screen leaves room for (a long message in large
         * text on the tablet ran from its top edge to its bottom): wider,
         * then the two buttons side by side */
        int most = t->w - 2 * (pad + ui_voicebtn_size(a) + t->unit); /* 读给我听 at the foot's left end */
        if (most > t->h * 3 / 2)
            most = t->h * 3 / 2;
        if (pass == 0 && cw < most)
            cw = most;
        else if (nbtn == 2)
            beside = 1;
    }
    SDL_Rect card = {(t->w - cw) / 2, (t->h - ch) / 2, cw, ch};
    if (!dl->painted) { /* over the screen as it drew itself: a layer */
        /* the card is opaque but for its rounded corners: inside them it
         * hides all of the screen */
        int rad = t->radius > 0 ? t->radius : 0;
        SDL_Rect hid = {card.x + rad, card.y + rad, card.w - 2 * rad, card.h - 2 * rad};
        int opaque = t->surface.a == 255 && (t->elderly ? t->ink : t->surface).a == 255;
        ui_app_layer(a, opaque && hid.w > 0 && hid.h > 0 ? &hid : NULL);
        shade_around(d, t, &card, t->radius);
    }
    dl->painted = 0;
    char sid[64];
    snprintf(sid, sizeof sid, "%s.scrim", dl->id);
    ui_app_target(a, &all, sid);
    draw_round_box(d, &card, t->radius, t->surface, t->elderly ? t->ink : t->surface, 4);
    int y = card.y + pad;
    SDL_Rect tb = {card.x + pad, y, inner, 0};
    y += text_draw_box(tx, dl->title, &tb, &sh);
    dl->body_box = (SDL_Rect){0, 0, 0, 0};
    if (bh) {
        y += pad;
        SDL_Rect bb = {card.x + pad, y, inner, 0};
        dl->body_box = (SDL_Rect){bb.x, bb.y, inner, bh};
        y += text_draw_box(tx, dl->body, &bb, &sb);
    }
    y += pad * 3 / 2;
    char id[64];
    int bw = beside ? (inner - pad) / 2 : inner;
    /* the first button on top (on the left side by side), the second after it */
    SDL_Rect first = {card.x + pad, y, bw, btn};
    SDL_Rect second = beside ? (SDL_Rect){card.x + pad + bw + pad, y, bw, btn}
                             : (SDL_Rect){card.x + pad, y + btn + pad, inner, btn};
    int swap = nbtn == 2 && dl->cancel_first;
    snprintf(id, sizeof id, "%s.ok", dl->id);
    ui_button(a, swap ? &second : &first, id, dl->ok, swap ? UI_BTN_SECONDARY : UI_BTN_PRIMARY);
    if (nbtn == 2) {
        snprintf(id, sizeof id, "%s.cancel", dl->id);
        ui_button(a, swap ? &first : &second, id, dl->cancel,
                  swap ? UI_BTN_PRIMARY : UI_BTN_SECONDARY);
    }
}

int ui_dialog_activate(ui_dialog *d, ui_app *a, const char *id, int *result)
{
    size_t n = strlen(d->id);
    *result = UI_DIALOG_NONE;
    if (!d->open || strncmp(id, d->id, n) != 0 || id[n] != '.')
        return 0;
    if (!strcmp(id + n + 1, "ok"))
        *result = UI_DIALOG_OK;
    else if (!strcmp(id + n + 1, "cancel"))
        *result = UI_DIALOG_CANCEL;
    if (*result)
        ui_dialog_close(d);
    ui_app_invalidate(a);
    return 1;
}

/* ---- toast ---- */

struct ui_toast {
    char text[256];
    uint64_t until;
};

ui_toast *ui_toast_new(void) { return calloc(1, sizeof(ui_toast)); }

void ui_toast_free(ui_toast *t)
{
    if (t)
        memset(t, 0, sizeof *t);
    free(t);
}

/* Where the toast's card goes for its text; *s gets its text's style. */
static SDL_Rect toast_box(const ui_toast *t, ui_app *a, text_style *s)
{
    const ui_theme *th = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = th->unit * 3 / 2, maxw = th->w - th->unit * 6;
    *s = wstyle(th->px_label, TEXT_BOLD, th->primary_ink, TEXT_CENTER);
    int tw = text_width(tx, t->text, s->px, TEXT_BOLD);
    int w = (tw < maxw - 2 * pad ? tw : maxw - 2 * pad) + 2 * pad;
    int h = text_measure_box(tx, t->text, w - 2 * pad, s, NULL) + 2 * pad;
    return (SDL_Rect){(th->w - w) / 2, th->h - h - th->unit * 10, w, h};
}

/* The toast came or went: its card and the shadow under it (what lies
 * below is drawn again from the screen's state). */
static void toast_mark(const ui_toast *t, ui_app *a)
{
    text_style s;
    SDL_Rect r = toast_box(t, a, &s);
    int m = ui_app_theme(a)->unit; /* the shadow's spread, unit / 2, and more */
    SDL_Rect g = {r.x - m, r.y - m, r.w + 2 * m, r.h + 2 * m};
    ui_app_invalidate_rect(a, &g);
}

void ui_toast_show(ui_toast *t, ui_app *a, const char *text, uint64_t duration_ms)
{
    if (t->until)
        toast_mark(t, a); /* the one showing goes */
    snprintf(t->text, sizeof t->text, "%s", text);
    uint64_t now = plat_clock_mono_ms();
    t->until = now + (duration_ms ? duration_ms : 3000);
    ui_app_wake_at(a, t->until);
    toast_mark(t, a);
}

uint64_t ui_toast_tick(ui_toast *t, ui_app *a, uint64_t now_ms)
{
    if (!t->until)
        return 0;
    if (now_ms >= t->until) {
        t->until = 0;
        toast_mark(t, a);
        return 0;
    }
    return t->until;
}

void ui_toast_draw(ui_toast *t, ui_app *a)
{
    if (!t->until)
        return;
    const ui_theme *th = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = th->unit * 3 / 2;
    text_style s;
    SDL_Rect r = toast_box(t, a, &s);
    draw_shadow(ui_app_draw(a), &r, th->radius, th->unit / 2);
    draw_round_rect(ui_app_draw(a), &r, th->radius, (SDL_Color){20, 28, 38, 235});
    SDL_Rect tb = {r.x + pad, r.y + pad, r.w - 2 * pad, 0};
    text_draw_box(tx, t->text, &tb, &s);
}
