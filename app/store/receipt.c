/* receipt.c — receipts kept after the platform acknowledged a filing, looked
 * up by receipt number (QR code on the slip) or by villager key (ID number). */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECEIPT_COLS                                                                               \
    "receipt_no, filing_uuid, seq, form_id, item_title, villager_key, filed_ms, receipt_ms,"      \
    " status, status_ms"

static const char *const STATUS_NAMES[] = {"submitted", "accepted", "returned", "done"};

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
    return oom ? STORE_ERR_NOMEM : STORE_OK;
}

void store_receipt_clear(store_receipt *r)
{
    if (!r)
        return;
    free(r->receipt_no);
    free(r->form_id);
    free(r->item_title);
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

static int store_receipt_set_status_locked(store *st, const char *receipt_no, store_status status,
                                           int64_t status_ms)
{
    if (!st || !receipt_no || !store_status_name(status))
        return STORE_ERR_INVALID;
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *s = st_prepare_key(st,
                                     "UPDATE receipts SET status = ?2, status_ms = ?3"
                                     " WHERE receipt_no = ?1 RETURNING filing_uuid",
                                     receipt_no, &rc);
    char uuid[STORE_UUID_LEN + 1] = "";
    if (s) {
        sqlite3_bind_int(s, 2, (int)status);
        sqlite3_bind_int64(s, 3, status_ms);
        int r = sqlite3_step(s);
        if (r == SQLITE_ROW) {
            st_col_copy(s, 0, uuid, sizeof uuid);
            r = sqlite3_step(s);
        } else if (r == SQLITE_DONE) {
            rc = STORE_ERR_NOTFOUND;
        }
        if (rc == STORE_OK && r != SQLITE_DONE)
            rc = st_err(st, r);
        sqlite3_finalize(s);
    }
    if (rc == STORE_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "status=%s", store_status_name(status));
        rc = st_audit(st, STORE_ACTOR_SYNC, NULL, "receipt.status", uuid, detail);
    }
    if (rc != STORE_OK) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st);
}

int store_receipt_set_status(store *st, const char *receipt_no, store_status status,
                             int64_t status_ms)
{
    ST_LOCKED(st, store_receipt_set_status_locked(st, receipt_no, status, status_ms));
}
