/* query_screen.h — the progress query's result screen (form_query.c), as
 * tests see it: its online state, note line and rows (the three functions
 * are for tests). The screen itself is opened by the form screens
 * (form_screen.h) for the lookup item.
 */
#ifndef CZ_UI_QUERY_SCREEN_H
#define CZ_UI_QUERY_SCREEN_H

#include "ui/core/app.h"

/* The progress-query result screen's online state. */
typedef enum {
    UI_QUERY_LOCAL = 0,   /* no platform configured: the store's answer only */
    UI_QUERY_PENDING = 1, /* asking the platform (正在查询…) */
    UI_QUERY_ONLINE = 2,  /* the platform answered; statuses shown are its own */
    UI_QUERY_OFFLINE = 3, /* no answer or an error: the store's answer, with 网络不通 */
} ui_query_state;

/* ---- Test hooks (no product caller, on purpose) ---- */
/* The query journeys (formui_query_online, the receipt and returned
 * journeys) reached the page through the real screens and read here, in
 * words, what the page shows only as pixels; no screen reads another's rows.
 * The state of a query_result screen, -1 for any other screen. */
int ui_query_result_state(const ui_screen *s);
/* The line under the title (the online query's state or "none found"); "" if none. */
const char *ui_query_result_note(const ui_screen *s);
/* The rows shown as text, one "title · receipt no. · status · time" a line;
 * "" for any other screen. */
const char *ui_query_result_rows(const ui_screen *s);

#endif
