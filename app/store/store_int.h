/* store_int.h — what the store's source files share: the handle, cached
 * statements, error mapping and transaction helpers. Not for other modules. */
#ifndef CZ_STORE_INT_H
#define CZ_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* Cached statements (prepared once per handle, on first use). */
enum {
    SQ_DRAFT_SAVE,
    SQ_DRAFT_FILED,
    SQ_DRAFT_LOAD,
    SQ_OUTBOX_INSERT,
    SQ_DRAFT_DELETE,
    SQ_AUDIT_INSERT,
    SQ_ACK_EXISTING,
    SQ_ACK_RECEIPT_OWNER,
    SQ_ACK_INSERT,
    SQ_OUTBOX_DELETE,
    SQ__COUNT
};

#define STORE_SALT_LEN 32

struct store {
    sqlite3 *db;
    store_clock_fn clock;
    void *clock_ud;
    store_body_fn body_fn;
    void *body_ud;
    sqlite3_stmt *stmts[SQ__COUNT];
    unsigned char salt[STORE_SALT_LEN];
    int schema_version;
    char errmsg[256];
};

/* Maps a SQLite result to a STORE_ code, remembering SQLite's message on failure. */
int st_err(store *st, int sqlite_rc);
/* Maps a SQLite result code alone. */
int st_map(int sqlite_rc);
/* The cached statement id, reset and with bindings cleared; NULL with *rc set on failure. */
sqlite3_stmt *st_stmt(store *st, int id, int *rc);
/* Prepares an uncached statement; NULL with *rc set on failure. */
sqlite3_stmt *st_prepare(store *st, const char *sql, int *rc);
/* Runs SQL without results. */
int st_exec(store *st, const char *sql);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback is a no-op outside a transaction). */
int st_begin(store *st);
int st_commit(store *st);
void st_rollback(store *st);
int64_t st_now(store *st);
/* Copy of a text column, or NULL for SQL NULL. *oom set to 1 if allocation failed. */
char *st_col_dup(sqlite3_stmt *s, int col, int *oom);
/* Copies a text column into a fixed buffer (truncating). */
void st_col_copy(sqlite3_stmt *s, int col, char *out, size_t n);
/* Binds text, or NULL for a NULL pointer. */
int st_bind_text(sqlite3_stmt *s, int idx, const char *text);
/* 1 for a well-formed uuid; writes the lowercase form to out. */
int st_uuid_norm(const char *in, char out[STORE_UUID_LEN + 1]);
/* Appends an audit row inside the caller's transaction. */
int st_audit(store *st, store_actor actor, const char *actor_id, const char *action,
             const char *object_id, const char *detail);

/* schema.c: refuses files that are not ours or too new (reads only; sets
 * st->schema_version), then brings the file to STORE_SCHEMA_VERSION. */
int st_schema_identify(store *st);
int st_schema_migrate(store *st);
/* Grows a list array; 0 or STORE_ERR_NOMEM. */
int st_grow(void **items, size_t *cap, size_t n, size_t size);
/* Steps prepared statement s to its end (or max rows; 0 = all), filling a new
 * array of elements of `size` bytes with from_row; finalizes s. On failure
 * the elements filled so far are cleared with clear (may be NULL) and freed,
 * and *items stays NULL. */
int st_collect(store *st, sqlite3_stmt *s, size_t size, size_t max,
               int (*from_row)(sqlite3_stmt *s, void *elem), void (*clear)(void *elem),
               void **items, size_t *n);

#define ST_APPLICATION_ID 0x435a5354 /* "CZST" */

#endif
