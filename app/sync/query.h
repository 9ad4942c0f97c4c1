/* query.h — the online half of the progress query (办件进度查询): asks
 * the county platform for the current status of one receipt
 * (GET receipts/{no}) or of a villager's filings (GET villagers/{key}/filings)
 * on a small worker thread, so the result screen stays responsive.
 *
 * The result screen (ui/screens/query/form_query.c) shows the store's receipts at once and
 * starts a query. The worker makes its own proto_client (a client belongs to
 * one thread), does one GET with a short total timeout (default 5 s), calls
 * the wake function (the program passes one that wakes the UI loop,
 * plat_input_wake) and ends. The UI thread polls sync_query_done() in the
 * screen's tick, reads the answer and updates the store itself: the worker
 * never touches the store, whose handle is the UI thread's.
 *
 * The device token is a secret: kept in memory, wiped when freed, never logged.
 *
 * Ownership: sync_query_cfg_new() copies its strings; free it with
 * sync_query_cfg_free() (the program's, e.g. boot.c). sync_query_start() copies
 * what it needs, so the cfg may change or go while a query runs; the query is
 * freed with sync_query_free(), which never waits: a worker still running
 * finishes on its own and frees what is left.
 */
#ifndef CZ_SYNC_QUERY_H
#define CZ_SYNC_QUERY_H

#include <stddef.h>

#include "sync/client.h"

typedef struct sync_query_cfg sync_query_cfg;
typedef struct sync_query sync_query;

/* The client options of every query (copied): base_url ("" or NULL: no
 * platform), ca_file and pin (NULL or "": none), token (NULL or "" before
 * registration), total_timeout_ms for the whole request (<= 0: 5000), the
 * low-speed limit; connect_timeout_ms is min(3000, total). NULL if out of
 * memory. */
sync_query_cfg *sync_query_cfg_new(const proto_client_opts *o);
void sync_query_cfg_free(sync_query_cfg *c);
/* Replaces the token (after registration); NULL clears it. 0 or -1. */
int sync_query_cfg_set_token(sync_query_cfg *c, const char *token);
/* Called on the worker thread when an answer (or failure) is ready. */
void sync_query_cfg_set_wake(sync_query_cfg *c, void (*wake)(void *ud), void *ud);
/* 1 when a query can be made: a platform URL and a device token. */
int sync_query_cfg_ready(const sync_query_cfg *c);

/* Starts a query for receipt_no (8..32 of [A-Z0-9-]) or, when receipt_no is
 * NULL, for villager_key (64 hex). NULL when the cfg is not ready, an argument
 * is malformed or the thread could not start (the caller keeps the local
 * answer). */
sync_query *sync_query_start(const sync_query_cfg *c, const char *receipt_no,
                                 const char *villager_key);
/* 1 once the worker has finished (the answer can be read). */
int sync_query_done(sync_query *q);
/* After sync_query_done(): the result kind; *items (owned by q, valid until
 * sync_query_free) and *n get the statuses (one for a receipt query); res (may
 * be NULL) the details. Before that: PROTO_RES_RETRY with nothing. */
proto_res_kind sync_query_result(sync_query *q, const proto_status **items, size_t *n,
                                proto_result *res);
/* NULL is fine. Does not wait for the worker. */
void sync_query_free(sync_query *q);

#endif
