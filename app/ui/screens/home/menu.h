/* menu.h — from a home tile to its service items: the one table that maps
 * tiles to form ids, and the menu screen of large rows for tiles with
 * several items (养老保险: 参保登记 / 资格认证; 医疗保险: 参保缴费 / 异地就医备案).
 * A tile with one item opens its form directly.
 *
 * Targets of the menu screen: "menu.back", "menu.list.<i>".
 *
 * Ownership: screens returned belong to the app once pushed.
 */
#ifndef CZ_UI_MENU_H
#define CZ_UI_MENU_H

#include <stddef.h>

#include "ui/core/app.h"

#define UI_MENU_MAX_ITEMS 4

/* The form ids of a tile in menu order (count returned; 0 for an unknown
 * tile). Ids not in the catalogue are still listed here. */
size_t ui_menu_tile_forms(const char *tile_id, const char *ids[UI_MENU_MAX_ITEMS]);

/* The menu screen of a tile (its loaded items as rows). */
ui_screen *ui_menu_new(ui_app *a, const char *tile_id);
/* What tapping a home tile does: pushes the menu, the only form, or an error
 * screen when none of the tile's items is loaded. 0, or -1 for a tile
 * without items (such as the agent bar) or no memory. */
int ui_menu_open_tile(ui_app *a, const char *tile_id);

#endif
