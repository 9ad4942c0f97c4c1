/* menu.h — from a home tile to its service items: the tiles and their items
 * are data (the catalogue's tiles, form.h and assets/forms/SCHEMA.md); a tile
 * with one item opens its form directly, a tile with several opens the menu
 * screen of large rows (养老保险: 参保登记 / 资格认证 / ...).
 *
 * Targets of the menu screen: "menu.back", "menu.list.<i>".
 *
 * Ownership: screens returned belong to the app once pushed; the tile
 * belongs to the catalogue (services.forms), which outlives the screens.
 */
#ifndef CZ_UI_MENU_H
#define CZ_UI_MENU_H

#include "ui/core/app.h"
#include "form/form.h"

/* What tapping a home tile does: pushes the menu, the only form, or an error
 * screen when none of the tile's items can open. 0, or -1 for no tile or no
 * memory. */
int ui_menu_open_tile(ui_app *a, const form_tile *tile);

#endif
