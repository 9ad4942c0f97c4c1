/* menu.c — home tiles to service items, and the menu screen (see menu.h). */
#include "ui/screens/home/menu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/form/form_screen.h"
#include "core/strings.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"
#include "ui/core/services.h"

static const struct {
    const char *tile;
    const char *forms[UI_MENU_MAX_ITEMS];
} TILE_FORMS[] = {
    {"tile.pension", {"pension_enrol", "pension_cert"}},
    {"tile.medical", {"medical_enrol", "medical_remote"}},
    {"tile.dibao", {"dibao"}},
    {"tile.elderly", {"elderly_allowance"}},
    {"tile.disability", {"disability_subsidy"}},
    {"tile.query", {"progress_query"}},
};

size_t ui_menu_tile_forms(const char *tile_id, const char *ids[UI_MENU_MAX_ITEMS])
{
    for (size_t i = 0; tile_id && i < sizeof TILE_FORMS / sizeof TILE_FORMS[0]; i++) {
        if (strcmp(TILE_FORMS[i].tile, tile_id))
            continue;
        size_t n = 0;
        while (n < UI_MENU_MAX_ITEMS && TILE_FORMS[i].forms[n]) {
            ids[n] = TILE_FORMS[i].forms[n];
            n++;
        }
        return n;
    }
    return 0;
}

typedef struct {
    ui_list *list; /* first, for ui_list_screen_event/tick */
    char tile[32];
    const char *ids[UI_MENU_MAX_ITEMS]; /* loaded forms only */
    size_t n;
} menu;

static void menu_draw(ui_screen *s, ui_app *a)
{
    menu *m = s->priv;
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, w = t->w - 2 * pad;
    int y = ui_title_band(a, "menu.back", core_str("common.back"), core_str(m->tile)) + pad;
    SDL_Rect lb = {pad, y, w, 0};
    y += ui_label(a, &lb, core_str("menu.title"), t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT) + pad;
    SDL_Rect lr = {pad, y, w, t->h - y - pad};
    ui_list_draw(m->list, a, &lr);
}

static void menu_activate(ui_screen *s, ui_app *a, const char *id)
{
    menu *m = s->priv;
    if (ui_list_activate(m->list, a, id)) {
        int row = ui_list_take_tapped(m->list);
        if (row >= 0 && (size_t)row < m->n)
            ui_app_push(a, ui_form_new(a, m->ids[row]));
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
                                       ui_list_screen_tick, menu_destroy};

ui_screen *ui_menu_new(ui_app *a, const char *tile_id)
{
    const form_catalog *cat = ui_app_services(a)->forms;
    const char *ids[UI_MENU_MAX_ITEMS];
    size_t n = ui_menu_tile_forms(tile_id, ids);
    ui_screen *s = ui_screen_new(&MENU_OPS, sizeof(menu));
    menu *m = s ? s->priv : NULL;
    if (!m || !(m->list = ui_list_new("menu.list", UI_LIST_PLAIN))) {
        ui_screen_free(s);
        return NULL;
    }
    snprintf(m->tile, sizeof m->tile, "%s", tile_id);
    for (size_t i = 0; i < n; i++) {
        const form_def *d = cat ? form_catalog_find(cat, ids[i]) : NULL;
        if (!d)
            continue;
        m->ids[m->n++] = ids[i];
        ui_list_add(m->list, form_def_title(d), form_def_description(d));
    }
    return s;
}

int ui_menu_open_tile(ui_app *a, const char *tile_id)
{
    const form_catalog *cat = ui_app_services(a)->forms;
    const char *ids[UI_MENU_MAX_ITEMS], *found = NULL;
    size_t n = ui_menu_tile_forms(tile_id, ids), loaded = 0;
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (cat && form_catalog_find(cat, ids[i])) {
            loaded++;
            found = ids[i];
        }
    ui_screen *s;
    if (loaded == 0)
        s = ui_form_error_new(core_str(tile_id), core_str("menu.none"));
    else if (loaded == 1)
        s = ui_form_new(a, found);
    else
        s = ui_menu_new(a, tile_id);
    if (!s)
        return -1;
    ui_app_push(a, s);
    return 0;
}
