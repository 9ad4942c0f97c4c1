/* demo_gallery.h — the widget gallery: one screen per page showing the
 * widgets and keyboards as a form screen would use them. Reached from scripts
 * (`demo PAGE`) and tests; reference screenshots of every page are kept in
 * tests/widgets/ref/. Pages:
 *   buttons    stepper, wrapped label, button kinds, tiles, toast, voice button
 *   list       single-choice list with a "next" button
 *   multi      multiple-choice list long enough to scroll
 *   date       date picker (1900-01-01 .. today)
 *   dialog     a modal confirmation dialog
 *   kb-digits  phone number field and numeric pad
 *   kb-money   money field and pad with decimal point
 *   kb-id      ID-number field and pad with X
 *   kb-pinyin  name field and pinyin keyboard
 *   kb-hand    name field and handwriting pad
 *
 * Ownership: the screen belongs to the app once pushed.
 */
#ifndef CZ_UI_DEMO_GALLERY_H
#define CZ_UI_DEMO_GALLERY_H

#include "ui/core/app.h"
#include "ui/kb/kb.h"
#include "ui/widgets/widget_date.h"
#include "ui/widgets/widget_list.h"

/* NULL for an unknown page (or out of memory). */
ui_screen *ui_demo_new(const char *page);
/* Page names, NULL past the end (the script's demo command names them when
 * asked for one that is not there). */
const char *ui_demo_page_at(int i);

/* ---- Test hooks (no product caller, on purpose) ---- */
/* The gallery's pieces on page s (NULL when the page has none): widgets_list
 * its rows, scroll and choice; widgets_date the wheels' value; widgets_kb,
 * widgets_ime and widgets_idle the keyboard's state. The gallery is where the
 * widget tests drive each widget through real taps; what a widget holds
 * (a date, a choice, a layout) shows on the page only as pixels. */
ui_list *ui_demo_list(ui_screen *s);
ui_datepick *ui_demo_datepick(ui_screen *s);
kb *ui_demo_kb(ui_screen *s);
/* widgets_list: how many times the dialog was answered OK / "next" tapped. */
int ui_demo_confirmed(ui_screen *s);

#endif
