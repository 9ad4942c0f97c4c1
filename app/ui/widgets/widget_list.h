/* widget_list.h — a scrolling list of large rows: plain (tap a row), single
 * choice (round marks, one chosen) or multiple choice (square ticks).
 *
 * A finger drag scrolls it; when the finger lets go while moving, the list
 * glides on and slows down (inertia). The glide advances with the monotonic
 * clock (plat_clock_mono_ms) in the screen's tick, so it is deterministic
 * under the virtual clock of scripts, and it asks for ticks only while it
 * moves (ui_list_tick returns 0 when still). A touch during a glide stops it
 * and does not choose a row.
 *
 * Rows are touch targets "<id>.<index>", at least the theme's target height,
 * with text wrapped onto as many lines as it needs (never cut). Embedding: ui_list_draw from the screen's
 * draw, ui_list_event for raw events, ui_list_activate for taps (1 = the
 * list's), ui_list_tick from the screen's tick.
 *
 * Ownership: ui_list_new() returns a list freed by ui_list_free(); row texts
 * are copied.
 */
#ifndef CZ_UI_WIDGET_LIST_H
#define CZ_UI_WIDGET_LIST_H

#include <stdint.h>

#include "ui/core/app.h"

typedef struct ui_list ui_list;
typedef enum { UI_LIST_PLAIN = 0, UI_LIST_SINGLE = 1, UI_LIST_MULTI = 2 } ui_list_mode;

ui_list *ui_list_new(const char *id, ui_list_mode mode);
void ui_list_free(ui_list *l);
/* Appends a row (sub may be NULL: a second, smaller line). Returns its index or -1. */
int ui_list_add(ui_list *l, const char *text, const char *sub);
void ui_list_clear(ui_list *l);
int ui_list_count(const ui_list *l);
const char *ui_list_text(const ui_list *l, int i);
/* The row's second line; NULL when it has none (or i is out of range). */
const char *ui_list_sub(const ui_list *l, int i);

/* Choice state. Single mode: choosing a row unchooses the others. */
int ui_list_chosen(const ui_list *l, int i);
void ui_list_set_chosen(ui_list *l, int i, int on);
/* Single mode: the chosen row or -1. */
int ui_list_choice(const ui_list *l);
/* The row last tapped (any mode) or -1; reading it clears it. */
int ui_list_take_tapped(ui_list *l);

void ui_list_draw(ui_list *l, ui_app *a, const SDL_Rect *r);
/* Events and ticks for the list; l may be NULL (then they do nothing, 0).
 * A drag or a glide marks the list's area alone (ui_app_invalidate_rect);
 * a row's tap (ui_list_activate) the whole screen, which may change with it. */
int ui_list_event(ui_list *l, ui_app *a, const plat_event *ev);
int ui_list_activate(ui_list *l, ui_app *a, const char *id);
/* The same tap, marking the list's own area alone (the rows' looks change
 * there): for a screen that marks itself whatever else changes with the
 * choice (the whole screen when a choice shows or hides a field). A swallowed
 * tap (one that stopped a glide) marks nothing. */
int ui_list_activate_own(ui_list *l, ui_app *a, const char *id);
uint64_t ui_list_tick(ui_list *l, ui_app *a, uint64_t now_ms);

/* A screen whose private state (s->priv) begins with the ui_list * it
 * scrolls can use these as its event and tick ops: they hand raw events and
 * ticks to that list (nothing while it is NULL). */
int ui_list_screen_event(ui_screen *s, ui_app *a, const plat_event *ev);
uint64_t ui_list_screen_tick(ui_screen *s, ui_app *a, uint64_t now_ms);

/* Rows side by side in cols columns (1, the default, to 4), filled left
 * to right, each line of them as high as its tallest row: a wide screen's
 * menu, whose rows one under another left two of four out of view. */
void ui_list_set_columns(ui_list *l, int cols);

/* Stops a glide where it is (a dialog opened over the list: nothing moves
 * under it). */
void ui_list_halt(ui_list *l);

/* The largest scroll position in pixels from the top. */
int ui_list_scroll_max(const ui_list *l);
/* Scrolls so row i is visible. */
void ui_list_show_row(ui_list *l, int i);
/* Scrolls row i to the top (as far as the list scrolls) at the next draw,
 * when the rows are measured (so before the first draw too). */
void ui_list_top_row(ui_list *l, int i);

/* ---- Test hooks (no product caller, on purpose) ---- */
/* A list's place, which the page shows only as pixels moving; a screen
 * draws the list, it does not steer by its scroll. (Whether it glides is
 * ui_list_tick's answer.) */
/* widgets_list: the scroll position in pixels from the top (drag, fling, bounds). */
int ui_list_scroll(const ui_list *l);

#endif
