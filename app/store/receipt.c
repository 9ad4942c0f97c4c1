/* receipt.c — receipts kept after the platform acknowledged a filing, looked
 * up by receipt number (QR code on the slip) or by villager key (ID number). */
#include "store/store_int.h"
#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECEIPT_COLS                                                                               \
    "receipt_no, filing_uuid, seq, form_id, item_title, villager_key, filed_ms, receipt_ms,"      \
    " status, status_ms, note, next_poll_ms"

static const char *const STATUS_NAMES[] = {"submitted", "accepted", "returned", "done",
                                           "superseded"};

const char *store_status_name(store_status s)
{
    if ((int)s < 0 || (int)s >= (int)(sizeof STATUS_NAMES / sizeof *STATUS_NAMES))
        return NULL;
    return STATUS_NAMES[s];
}

static int receipt_from_row(sqlite3_stmt *s, void *row)
{
    store_receipt *r = row;
    int oom = 0;
    r->receipt_no = st_col_dup(s, 0, &oom);
    st_col_copy(s, 1, r->filing_uuid, sizeof r->filing_uuid);
    r->seq = sqlite3_column_int64(s, 2);
    r->form_id = st_col_dup(s, 3, &oom);
    r->item_title = st_col_dup(s, 4, &oom);
    st_col_copy(s, 5, r->villager_key, sizeof r->villager_key);
    r->filed_ms = sqlite3_column_int64(s, 6);
    r->receipt_ms = sqlite3_column_int64(s, 7);
    r->status = (store_status)sqlite3_column_int(s, 8);
    r->status_ms = sqlite3_column_int64(s, 9);
    r->note = st_col_dup(s, 10, &oom);
    r->next_poll_ms = sqlite3_column_int64(s, 11);
    return oom ? STORE_ERR_NOMEM : STORE_OK;
}

void store_receipt_clear(store_receipt *r)
{
    if (!r)
        return;
    free(r->receipt_no);
    free(r->form_id);
    free(r->item_title);
    free(r->note);
    memset(r, 0, sizeof *r);
}

static void receipt_clear(void *r) { store_receipt_clear(r); }

void store_receipt_list_free(store_receipt *items, size_t n)
{
    st_list_free(items, n, sizeof *items, receipt_clear);
}

static int store_receipt_get_locked(store *st, const char *receipt_no, store_receipt *out)
{
    if (!st || !receipt_no || !out)
        return STORE_ERR_INVALID;
    memset(out, 0, sizeof *out);
    return st_sql_row(st, "SELECT " RECEIPT_COLS " FROM receipts WHERE receipt_no = ?1",
                      receipt_no, receipt_from_row, receipt_clear, out);
}

int store_receipt_get(store *st, const char *receipt_no, store_receipt *out)
{
    ST_LOCKED(st, store_receipt_get_locked(st, receipt_no, out));
}

static int store_receipt_get_by_seq_locked(store *st, int64_t seq, store_receipt *out)
{
    if (!st || seq < 1 || !out)
        return STORE_ERR_INVALID;
    memset(out, 0, sizeof *out);
    char key[24]; /* the INTEGER column's affinity turns the text back into a number */
    snprintf(key, sizeof key, "%lld", (long long)seq);
    return st_sql_row(st, "SELECT " RECEIPT_COLS " FROM receipts WHERE seq = ?1", key,
                      receipt_from_row, receipt_clear, out);
}

int store_receipt_get_by_seq(store *st, int64_t seq, store_receipt *out)
{
    ST_LOCKED(st, store_receipt_get_by_seq_locked(st, seq, out));
}

static int store_receipt_get_by_uuid_locked(store *st, const char *filing_uuid,
                                            store_receipt *out)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !out || !st_uuid_norm(filing_uuid, id))
        return STORE_ERR_INVALID;
    memset(out, 0, sizeof *out);
    return st_sql_row(st, "SELECT " RECEIPT_COLS " FROM receipts WHERE filing_uuid = ?1", id,
                      receipt_from_row, receipt_clear, out);
}

int store_receipt_get_by_uuid(store *st, const char *filing_uuid, store_receipt *out)
{
    ST_LOCKED(st, store_receipt_get_by_uuid_locked(st, filing_uuid, out));
}

static int store_receipt_list_by_villager_locked(store *st, const char *villager_key,
                                                 store_receipt **items, size_t *n)
{
    if (!st || !villager_key || !items || !n)
        return STORE_ERR_INVALID;
    *items = NULL;
    *n = 0;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st,
                                     "SELECT " RECEIPT_COLS " FROM receipts WHERE villager_key = ?1"
                                     " ORDER BY filed_ms DESC, seq DESC",
                                     villager_key, &rc);
    if (!s)
        return rc;
    return st_collect(st, s, sizeof(store_receipt), 0, receipt_from_row, receipt_clear,
                      (void **)items, n);
}

int store_receipt_list_by_villager(store *st, const char *villager_key, store_receipt **items,
                                   size_t *n)
{
    ST_LOCKED(st, store_receipt_list_by_villager_locked(st, villager_key, items, n));
}

/* Inside a transaction: sets status and note of one receipt when either
 * changed (a receipt a correction superseded here stays so: the platform
 * may not know yet), with an
 * audit row; a final status purges the kept answers (*purged = 1).
 * *changed = 1 when something changed. STORE_ERR_NOTFOUND if none. */
static int set_status_tx(store *st, const char *receipt_no, store_status status,
                         int64_t status_ms, const char *note, int *changed, int *purged)
{
    if (note && !*note)
        note = NULL;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st,
                                     "UPDATE receipts SET status = ?2, status_ms = ?3, note = ?4,"
                                     " answers = CASE WHEN ?2 >= 3 THEN NULL ELSE answers END"
                                     " WHERE receipt_no = ?1 AND (status != ?2 OR note IS NOT ?4)"
                                     " AND NOT (status = 4 AND ?2 != 4)"
                                     " RETURNING filing_uuid",
                                     receipt_no, &rc);
    char uuid[STORE_UUID_LEN + 1] = "";
    int hit = 0;
    if (s) {
        sqlite3_bind_int(s, 2, (int)status);
        sqlite3_bind_int64(s, 3, status_ms);
        st_bind_text(s, 4, note);
        int r = sqlite3_step(s);
        if (r == SQLITE_ROW) {
            hit = 1;
            st_col_copy(s, 0, uuid, sizeof uuid);
            r = sqlite3_step(s);
        }
        if (r != SQLITE_DONE)
            rc = st_err(st, r);
        sqlite3_finalize(s);
    }
    if (rc == STORE_OK && !hit) {
        store_receipt r;
        memset(&r, 0, sizeof r);
        rc = st_sql_row(st, "SELECT " RECEIPT_COLS " FROM receipts WHERE receipt_no = ?1",
                        receipt_no, receipt_from_row, receipt_clear, &r);
        store_receipt_clear(&r);
        return rc; /* STORE_OK: nothing to change */
    }
    if (rc == STORE_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "status=%s%s", store_status_name(status),
                 note ? " note" : "");
        rc = st_audit(st, STORE_ACTOR_SYNC, NULL, "receipt.status", uuid, detail);
    }
    if (rc == STORE_OK) {
        *changed = 1;
        if (status >= STORE_STATUS_DONE)
            *purged = 1;
    }
    return rc;
}

static int store_receipt_set_status_locked(store *st, const char *receipt_no, store_status status,
                                           int64_t status_ms, const char *note)
{
    if (!st || !receipt_no || !store_status_name(status))
        return STORE_ERR_INVALID;
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    int changed = 0, purged = 0;
    rc = set_status_tx(st, receipt_no, status, status_ms, note, &changed, &purged);
    rc = st_end(st, rc);
    if (rc == STORE_OK && purged)
        st_wipe_wal(st); /* the answers' old copies leave the WAL too */
    return rc;
}

int store_receipt_set_status(store *st, const char *receipt_no, store_status status,
                             int64_t status_ms, const char *note)
{
    ST_LOCKED(st, store_receipt_set_status_locked(st, receipt_no, status, status_ms, note));
}

static int store_receipt_poll_due_locked(store *st, int64_t now_ms, size_t max,
                                         store_receipt **items, size_t *n)
{
    if (!st || !items || !n)
        return STORE_ERR_INVALID;
    *items = NULL;
    *n = 0;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare(st,
                                 "SELECT " RECEIPT_COLS " FROM receipts WHERE status < 3"
                                 " AND next_poll_ms <= ?1 ORDER BY next_poll_ms, seq",
                                 &rc);
    if (!s)
        return rc;
    sqlite3_bind_int64(s, 1, now_ms);
    return st_collect(st, s, sizeof(store_receipt), max, receipt_from_row, receipt_clear,
                      (void **)items, n);
}

int store_receipt_poll_due(store *st, int64_t now_ms, size_t max, store_receipt **items,
                           size_t *n)
{
    ST_LOCKED(st, store_receipt_poll_due_locked(st, now_ms, max, items, n));
}

static int int64_from_row(sqlite3_stmt *s, void *out)
{
    if (sqlite3_column_type(s, 0) == SQLITE_NULL)
        return STORE_ERR_NOTFOUND;
    *(int64_t *)out = sqlite3_column_int64(s, 0);
    return STORE_OK;
}

static int store_receipt_poll_next_locked(store *st, int64_t *next_ms)
{
    if (!st || !next_ms)
        return STORE_ERR_INVALID;
    *next_ms = 0;
    return st_sql_row(st, "SELECT min(next_poll_ms) FROM receipts WHERE status < 3", NULL,
                      int64_from_row, NULL, next_ms);
}

int store_receipt_poll_next(store *st, int64_t *next_ms)
{
    ST_LOCKED(st, store_receipt_poll_next_locked(st, next_ms));
}

static int store_receipt_poll_save_locked(store *st, const store_poll_result *r, size_t n,
                                          int *changed)
{
    if (changed)
        *changed = 0;
    if (!st || (n && !r))
        return STORE_ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        if (!r[i].receipt_no || (r[i].known && !store_status_name(r[i].status)))
            return STORE_ERR_INVALID;
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    int nchanged = 0, purged = 0;
    sqlite3_stmt *s = st_prepare(st, "UPDATE receipts SET next_poll_ms = ?2 WHERE receipt_no = ?1",
                                 &rc);
    for (size_t i = 0; s && rc == STORE_OK && i < n; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, r[i].receipt_no, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, r[i].next_poll_ms);
        rc = st_run(st, s, 0);
        if (rc == STORE_OK && r[i].known) {
            int c = 0;
            rc = set_status_tx(st, r[i].receipt_no, r[i].status, r[i].status_ms, r[i].note, &c,
                               &purged);
            if (rc == STORE_ERR_NOTFOUND)
                rc = STORE_OK; /* not this store's: skipped */
            nchanged += c;
        }
    }
    if (s)
        sqlite3_finalize(s);
    rc = st_end(st, rc);
    if (rc == STORE_OK && purged)
        st_wipe_wal(st);
    if (rc == STORE_OK && changed)
        *changed = nchanged;
    return rc;
}

int store_receipt_poll_save(store *st, const store_poll_result *r, size_t n, int *changed)
{
    ST_LOCKED(st, store_receipt_poll_save_locked(st, r, n, changed));
}

typedef struct {
    char *answers, *note;
} reopen_row;

static int reopen_from_row(sqlite3_stmt *s, void *out)
{
    reopen_row *r = out;
    int oom = 0;
    r->answers = st_col_dup(s, 0, &oom);
    r->note = st_col_dup(s, 1, &oom);
    return oom ? STORE_ERR_NOMEM : STORE_OK;
}

static void reopen_clear(void *p)
{
    reopen_row *r = p;
    if (r->answers)
        sodium_memzero(r->answers, strlen(r->answers));
    free(r->answers);
    free(r->note);
    memset(r, 0, sizeof *r);
}

static int store_receipt_reopen_locked(store *st, const char *filing_uuid, char **answers,
                                       char **note)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !st_uuid_norm(filing_uuid, id) || !answers || !note)
        return STORE_ERR_INVALID;
    *answers = *note = NULL;
    reopen_row r = {NULL, NULL};
    int rc = st_sql_row(st, "SELECT answers, note FROM receipts WHERE filing_uuid = ?1"
                            " AND status = 2 AND answers IS NOT NULL",
                        id, reopen_from_row, reopen_clear, &r);
    if (rc == STORE_OK) {
        *answers = r.answers;
        *note = r.note;
    }
    return rc;
}

int store_receipt_reopen(store *st, const char *filing_uuid, char **answers, char **note)
{
    ST_LOCKED(st, store_receipt_reopen_locked(st, filing_uuid, answers, note));
}
