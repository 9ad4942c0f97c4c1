/* store_int.h — what the store's source files share: the handle, cached
 * statements, error mapping and transaction helpers. Not for other modules. */
#ifndef CZ_STORE_INT_H
#define CZ_STORE_INT_H

#include <pthread.h>
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
    SQ_OUTBOX_COUNT,
    SQ__COUNT
};

#define STORE_SALT_LEN 32

struct store {
    sqlite3 *db;
    pthread_mutex_t mu;  /* recursive: every public function holds it (store.h, Threads) */
    int mu_init;
    int lock_fd;         /* <path>.writer, flock'ed while open: the one-writer guard */
    char path[1024];
    int64_t draft_keep_ms; /* store_draft_expire(); 0: drafts never expire */
    store_clock_fn clock;
    void *clock_ud;
    store_body_fn body_fn;
    void *body_ud;
    sqlite3_stmt *stmts[SQ__COUNT];
    unsigned char salt[STORE_SALT_LEN];
    int schema_version;
    /* store_outbox_count's last answer, and the handle's change count when it
     * was read: while no row has changed since (this handle is the one
     * writer), the answer stands without a read of the file */
    int outbox_known, outbox_n, outbox_held;
    sqlite3_int64 outbox_changes;
    char errmsg[256];
};

/* Reads the current row of s into elem (a record the caller zeroed): STORE_OK
 * or STORE_ERR_NOMEM. On failure elem may hold part of the row; the runner below
 * that called it clears it with the matching st_clear_fn. */
typedef int (*st_row_fn)(sqlite3_stmt *s, void *elem);
/* Frees what an element owns and zeroes it. */
typedef void (*st_clear_fn)(void *elem);

/* Maps a SQLite result to a STORE_ code, remembering SQLite's message on failure. */
int st_err(store *st, int sqlite_rc);
/* Take and release the handle's lock (recursive). */
void st_lock(store *st);
void st_unlock(store *st);
/* The whole body of a public function that runs its _locked twin under the
 * handle's lock: STORE_ERR_INVALID without a handle, else the twin's result. */
#define ST_LOCKED(st, call)                                                                        \
    do {                                                                                           \
        if (!(st))                                                                                 \
            return STORE_ERR_INVALID;                                                              \
        st_lock(st);                                                                               \
        int st_rc_ = (call);                                                                       \
        st_unlock(st);                                                                             \
        return st_rc_;                                                                             \
    } while (0)
/* TRUNCATE checkpoint after personal data was deleted (see store.h). */
int st_wipe_wal(store *st);
/* Maps a SQLite result code alone. */
int st_map(int sqlite_rc);
/* The cached statement id, reset and with bindings cleared; NULL with *rc set on failure. */
sqlite3_stmt *st_stmt(store *st, int id, int *rc);
/* Prepares an uncached statement; NULL with *rc set on failure. */
sqlite3_stmt *st_prepare(store *st, const char *sql, int *rc);
/* st_stmt and st_prepare with key bound to ?1 as text (not copied: key must
 * stay valid while the statement runs). */
sqlite3_stmt *st_stmt_key(store *st, int id, const char *key, int *rc);
sqlite3_stmt *st_prepare_key(store *st, const char *sql, const char *key, int *rc);
/* Steps s once for a single row and reads it with from_row into out (zeroed
 * by the caller): STORE_OK, STORE_ERR_NOTFOUND when there is no row, or the
 * error. On failure out is cleared with clear (may be NULL). The caller
 * resets or finalizes s. */
int st_row(store *st, sqlite3_stmt *s, st_row_fn from_row, st_clear_fn clear, void *out);
/* st_row on sql prepared here with key bound to ?1 (none when key is NULL);
 * the statement is finalized. */
int st_sql_row(store *st, const char *sql, const char *key, st_row_fn from_row,
               st_clear_fn clear, void *out);
/* Steps a statement that returns no rows and resets it: STORE_OK, the error,
 * or STORE_ERR_NOTFOUND when must_change is set and no row changed. */
int st_run(store *st, sqlite3_stmt *s, int must_change);
/* Runs SQL without results. */
int st_exec(store *st, const char *sql);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback is a no-op outside a transaction). */
int st_begin(store *st);
int st_commit(store *st);
void st_rollback(store *st);
/* Ends the transaction: COMMIT when rc is STORE_OK (returning the commit's
 * result), else ROLLBACK and rc. */
int st_end(store *st, int rc);
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
/* Steps prepared statement s to its end (or max rows; 0 = all), filling a new
 * array of zeroed elements of `size` bytes with from_row; finalizes s. On
 * failure the elements filled so far are cleared with clear (may be NULL) and
 * freed, and *items stays NULL. The array is the caller's, freed with
 * st_list_free(). */
int st_collect(store *st, sqlite3_stmt *s, size_t size, size_t max, st_row_fn from_row,
               st_clear_fn clear, void **items, size_t *n);
/* Clears the n elements of a list (clear may be NULL) and frees it; NULL is fine. */
void st_list_free(void *items, size_t n, size_t size, st_clear_fn clear);
/* filing.c: 1 if the uuid is already a filing (pending or receipted), 0 if
 * not, or a STORE_ error (<0). */
int st_filed(store *st, const char *id);
/* images.c: after draft uuid with answers (may be NULL) was deleted and
 * committed, deletes the images it named and its consent image, each unless
 * something else names it (store_images_release); a failure is logged. */
void st_draft_images_release(store *st, const char *uuid, const char *answers);

#define ST_APPLICATION_ID 0x435a5354 /* "CZST" */

#endif
