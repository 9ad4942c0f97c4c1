/* query_online.h — the online half of the progress query (办件进度查询): asks
 * the county platform for the current status of one receipt
 * (GET receipts/{no}) or of a villager's filings (GET villagers/{key}/filings)
 * on a small worker thread, so the result screen stays responsive.
 *
 * The result screen (form_query.c) shows the store's receipts at once and
 * starts a query. The worker makes its own proto_client (a client belongs to
 * one thread), does one GET with a short total timeout (default 5 s), calls
 * the wake function (the program passes one that wakes the UI loop,
 * plat_input_wake) and ends. The UI thread polls ui_online_done() in the
 * screen's tick, reads the answer and updates the store itself: the worker
 * never touches the store, whose handle is the UI thread's.
 *
 * The device token is a secret: kept in memory, wiped when freed, never logged.
 *
 * Ownership: ui_online_cfg_new() copies its strings; free it with
 * ui_online_cfg_free() (the program's, e.g. boot.c). ui_online_start() copies
 * what it needs, so the cfg may change or go while a query runs; the query is
 * freed with ui_online_free(), which never waits: a worker still running
 * finishes on its own and frees what is left.
 */
#ifndef CZ_UI_QUERY_ONLINE_H
#define CZ_UI_QUERY_ONLINE_H

#include <stddef.h>

#include "app.h"
#include "client.h"

typedef struct ui_online_cfg ui_online_cfg;
typedef struct ui_online_query ui_online_query;

/* base_url as in proto_client_opts ("" or NULL: no platform); ca_file NULL or
 * "" for the system store; token NULL or "" before registration; timeout_ms
 * for the whole request (<= 0: 5000). NULL if out of memory. */
ui_online_cfg *ui_online_cfg_new(const char *base_url, const char *ca_file, const char *token,
                                 long timeout_ms);
void ui_online_cfg_free(ui_online_cfg *c);
/* Replaces the token (after registration); NULL clears it. 0 or -1. */
int ui_online_cfg_set_token(ui_online_cfg *c, const char *token);
/* Called on the worker thread when an answer (or failure) is ready. */
void ui_online_cfg_set_wake(ui_online_cfg *c, void (*wake)(void *ud), void *ud);
/* 1 when a query can be made: a platform URL and a device token. */
int ui_online_cfg_ready(const ui_online_cfg *c);

/* Starts a query for receipt_no (8..32 of [A-Z0-9-]) or, when receipt_no is
 * NULL, for villager_key (64 hex). NULL when the cfg is not ready, an argument
 * is malformed or the thread could not start (the caller keeps the local
 * answer). */
ui_online_query *ui_online_start(const ui_online_cfg *c, const char *receipt_no,
                                 const char *villager_key);
/* 1 once the worker has finished (the answer can be read). */
int ui_online_done(ui_online_query *q);
/* After ui_online_done(): the result kind; *items (owned by q, valid until
 * ui_online_free) and *n get the statuses (one for a receipt query); res (may
 * be NULL) the details. Before that: PROTO_RES_RETRY with nothing. */
proto_res_kind ui_online_result(ui_online_query *q, const proto_status **items, size_t *n,
                                proto_result *res);
/* NULL is fine. Does not wait for the worker. */
void ui_online_free(ui_online_query *q);

/* The progress-query result screen's online state, for tests and scripts. */
typedef enum {
    UI_QUERY_LOCAL = 0,   /* no platform configured: the store's answer only */
    UI_QUERY_PENDING = 1, /* asking the platform (正在查询…) */
    UI_QUERY_ONLINE = 2,  /* the platform answered; statuses shown are its own */
    UI_QUERY_OFFLINE = 3, /* no answer or an error: the store's answer, with 网络不通 */
} ui_query_state;
/* The state of a query_result screen (from ui_query_result_new); -1 for any
 * other screen. */
int ui_query_result_state(const ui_screen *s);
/* The line under the title (status of the online query or "none found"); ""
 * if none. */
const char *ui_query_result_note(const ui_screen *s);
/* The rows shown, as text: one "title · receipt no. · status · time" a line;
 * "" for any other screen. */
const char *ui_query_result_rows(const ui_screen *s);

#endif
