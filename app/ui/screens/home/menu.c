/* menu.c — home tiles to service items, and the menu screen (see menu.h):
 * its question, with 读给我听 beside it (the question, then each item's
 * name and what it is for), and the items as rows. */
#include "ui/screens/home/menu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/form/form_screen.h"
#include "core/strings.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"
#include "ui/core/services.h"

typedef struct {
    ui_list *list; /* first, for ui_list_screen_event/tick */
    const form_tile *tile;
    const form_catalog *cat; /* the items' titles and descriptions, for the voice */
} menu;

static void menu_draw(ui_screen *s, ui_app *a)
{
    menu *m = s->priv;
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, w = t->w - 2 * pad, vb = ui_voicebtn_size(a);
    int band = ui_title_band(a, "menu.back", core_str("common.back"), form_tile_label(m->tile));
    int y = band + pad;
    /* the question, 读给我听 at its right, both in a row as high as the
     * taller; on a wide screen 读给我听 at the band's right end where it fits
     * there, the question's row then as high as its words (the rows below
     * have the height: two of four items were out of view) */
    int in_band = t->w > t->h && vb + t->unit <= band &&
                  text_width(tx, form_tile_label(m->tile), t->px_title, TEXT_BOLD) <=
                      ui_title_band_room(a, core_str("common.back")) - vb - t->unit * 2;
    text_style qs = {t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    int qw = in_band ? w : w - vb - pad, qh = text_measure_box(tx, core_str("menu.title"), qw, &qs, NULL);
    int rh = in_band || qh > vb ? qh : vb;
    SDL_Rect lb = {pad, y + (rh - qh) / 2, qw, 0};
    ui_label(a, &lb, core_str("menu.title"), t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT);
    SDL_Rect vr = in_band ? (SDL_Rect){t->w - t->unit - vb, (band - vb) / 2, vb, vb}
                          : (SDL_Rect){pad + w - vb, y + (rh - vb) / 2, vb, vb};
    if (in_band) { /* a white edge round it: lit, it is filled with the band's blue */
        SDL_Rect edge = {vr.x - 4, vr.y - 4, vr.w + 8, vr.h + 8};
        draw_round_rect(ui_app_draw(a), &edge, t->radius + 4, t->surface);
    }
    ui_voicebtn(a, &vr, "menu.voice");
    y += rh + (in_band ? pad / 2 : pad);
    SDL_Rect lr = {pad, y, w, t->h - y - pad};
    /* a wide screen: the items in two columns (one under another, two of
     * four were out of view in landscape with large text) */
    ui_list_set_columns(m->list, t->w > t->h ? 2 : 1);
    ui_list_draw(m->list, a, &lr);
}

/* What 读给我听 reads: the question, then each item's name and what it is for. */
static void menu_speech(const menu *m, char *out, size_t n)
{
    out[0] = '\0';
    size_t len = ui_voice_sentence(out, n, 0, core_str("menu.title"));
    for (size_t i = 0; i < form_tile_item_count(m->tile); i++) {
        const form_def *d = m->cat ? form_catalog_find(m->cat, form_tile_item(m->tile, i)) : NULL;
        if (!d)
            continue;
        len = ui_voice_sentence(out, n, len, form_def_title(d));
        len = ui_voice_sentence(out, n, len, form_def_description(d));
    }
}

static uint64_t menu_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    return ui_tick_min(ui_list_screen_tick(s, a, now), ui_voicebtn_tick(a, now));
}

static void menu_activate(ui_screen *s, ui_app *a, const char *id)
{
    menu *m = s->priv;
    if (!strcmp(id, "menu.voice")) { /* a second tap stops it; the button marks itself */
        char say[2048];
        menu_speech(m, say, sizeof say);
        int code;
        ui_voicebtn_activate(a, "menu.voice", id, say, &code);
        return;
    }
    if (ui_list_activate(m->list, a, id)) {
        int row = ui_list_take_tapped(m->list);
        if (row >= 0 && (size_t)row < form_tile_item_count(m->tile)) {
            ui_screen *f = ui_form_new(a, form_tile_item(m->tile, (size_t)row));
            if (f)
                ui_app_push(a, f);
        }
        return;
    }
    if (!strcmp(id, "menu.back"))
        ui_app_pop(a);
}

static void menu_destroy(ui_screen *s)
{
    menu *m = s->priv;
    ui_list_free(m->list);
    ui_screen_free(s);
}

static const ui_screen_ops MENU_OPS = {"menu", menu_draw, menu_activate, ui_list_screen_event,
                                       menu_tick, menu_destroy};

/* The menu screen of a tile: its items as rows (the catalogue loader made
 * sure every one is loaded). */
static ui_screen *menu_new(ui_app *a, const form_tile *tile)
{
    const form_catalog *cat = ui_app_services(a)->forms;
    ui_screen *s = ui_screen_new(&MENU_OPS, sizeof(menu));
    menu *m = s ? s->priv : NULL;
    if (!m || !(m->list = ui_list_new("menu.list", UI_LIST_PLAIN))) {
        ui_screen_free(s);
        return NULL;
    }
    m->tile = tile;
    m->cat = cat;
    for (size_t i = 0; i < form_tile_item_count(tile); i++) {
        const form_def *d = cat ? form_catalog_find(cat, form_tile_item(tile, i)) : NULL;
        ui_list_add(m->list, d ? form_def_title(d) : form_tile_item(tile, i),
                    d ? form_def_description(d) : "");
    }
    return s;
}

int ui_menu_open_tile(ui_app *a, const form_tile *tile)
{
    if (!tile || form_tile_item_count(tile) == 0)
        return -1;
    ui_screen *s;
    if (form_tile_item_count(tile) > 1)
        s = menu_new(a, tile);
    else if (!(s = ui_form_new(a, form_tile_item(tile, 0))))
        s = ui_form_error_new(form_tile_label(tile), core_str("menu.none"));
    if (!s)
        return -1;
    ui_app_push(a, s);
    return 0;
}
