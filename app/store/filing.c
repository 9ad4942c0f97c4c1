/* filing.c — the outbox: confirming a draft into a filing, the upload queue,
 * failed attempts, and the acknowledgement that turns a filing into a receipt. */
#include "store/store_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define TAG "store"

#define FILING_COLS                                                                                \
    "seq, uuid, form_id, form_version, item_title, payload, villager_key, agent_id, created_ms,"   \
    " attempts, last_error, next_attempt_ms, body, body_sha256, held_reason, supersedes"

int st_filed(store *st, const char *id)
{
    int rc = STORE_OK;
    sqlite3_stmt *s = st_stmt_key(st, SQ_DRAFT_FILED, id, &rc);
    if (!s)
        return rc;
    int r = sqlite3_step(s);
    long long cnt = (r == SQLITE_ROW) ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (r != SQLITE_ROW)
        return st_err(st, r);
    return cnt ? 1 : 0;
}

/* sha256 of text as 64 lowercase hex characters. */
static void sha256_hex(const char *text, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* Inside confirm's transaction: the exact request body and its hash. */
static int freeze_body(store *st, const store_envelope *e)
{
    char *body = st->body_fn(e, st->body_ud);
    if (!body) {
        snprintf(st->errmsg, sizeof st->errmsg, "the filing's request body could not be built");
        return STORE_ERR_INVALID;
    }
    char hex[65];
    sha256_hex(body, hex);
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare(st, "UPDATE outbox SET body = ?2, body_sha256 = ?3 WHERE uuid = ?1",
                                 &rc);
    if (s) {
        sqlite3_bind_text(s, 1, e->uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, body, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, hex, -1, SQLITE_STATIC);
        int r = sqlite3_step(s);
        if (r != SQLITE_DONE)
            rc = st_err(st, r);
        sqlite3_finalize(s);
    }
    sodium_memzero(body, strlen(body));
    free(body);
    return rc;
}

static int text_from_row(sqlite3_stmt *s, void *out)
{
    st_col_copy(s, 0, out, STORE_KEY_LEN + 1);
    return STORE_OK;
}

/* Inside confirm's transaction: a correction (filing id) must supersede a
 * returned filing of the same villager that no other pending filing corrects. */
static int correction_ok(store *st, const char *old_uuid, const char *key, const char *id)
{
    char theirs[STORE_KEY_LEN + 1] = "";
    int rc = st_sql_row(st, "SELECT villager_key FROM receipts WHERE filing_uuid = ?1"
                            " AND status = 2", old_uuid, text_from_row, NULL, theirs);
    if (rc == STORE_OK && strcmp(theirs, key))
        rc = STORE_ERR_CONFLICT;
    if (rc == STORE_ERR_NOTFOUND)
        rc = STORE_ERR_CONFLICT;
    if (rc != STORE_OK) {
        snprintf(st->errmsg, sizeof st->errmsg,
                 "a correction must replace a returned filing of the same villager");
        return rc;
    }
    /* one correction per returned filing: a second one (the villager's
     * after the agent's, or a second draft) waits for nothing and is refused */
    char other[STORE_KEY_LEN + 1] = "";
    sqlite3_stmt *s = st_prepare_key(st, "SELECT uuid FROM outbox WHERE supersedes = ?1"
                                         " AND uuid <> ?2 LIMIT 1", old_uuid, &rc);
    if (!s)
        return rc;
    sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
    rc = st_row(st, s, text_from_row, NULL, other);
    sqlite3_finalize(s);
    if (rc == STORE_ERR_NOTFOUND)
        return STORE_OK;
    if (rc == STORE_OK) {
        rc = STORE_ERR_CONFLICT;
        snprintf(st->errmsg, sizeof st->errmsg, "that returned filing has a correction already");
    }
    return rc;
}

static int store_filing_confirm_locked(store *st, const char *draft_uuid, const char *item_title,
                                       const char *payload, const char *id_number)
{
    char id[STORE_UUID_LEN + 1], key[STORE_KEY_LEN + 1];
    if (!st || !st_uuid_norm(draft_uuid, id) || !item_title || !payload)
        return STORE_ERR_INVALID;
    int rc = store_villager_key(st, id_number, key);
    if (rc != STORE_OK)
        return rc;
    rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    int filed = st_filed(st, id);
    if (filed != 0) {
        st_rollback(st);
        if (filed == 1)
            core_log(CORE_LOG_INFO, TAG, "confirm %s: already a filing", id);
        return filed == 1 ? STORE_ERR_ALREADY : filed;
    }
    sqlite3_stmt *s = st_stmt_key(st, SQ_OUTBOX_INSERT, id, &rc);
    long long seq = 0;
    char form_id[128] = "", agent[128] = "", sup[STORE_UUID_LEN + 1] = "";
    int has_agent = 0, form_version = 0;
    int64_t now = st_now(st);
    if (s) {
        st_bind_text(s, 2, item_title);
        st_bind_text(s, 3, payload);
        sqlite3_bind_text(s, 4, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 5, now);
        int r = sqlite3_step(s);
        if (r == SQLITE_ROW) {
            seq = sqlite3_column_int64(s, 0);
            st_col_copy(s, 1, form_id, sizeof form_id);
            has_agent = sqlite3_column_type(s, 2) != SQLITE_NULL;
            st_col_copy(s, 2, agent, sizeof agent);
            form_version = sqlite3_column_int(s, 3);
            st_col_copy(s, 4, sup, sizeof sup);
            r = sqlite3_step(s);
            if (r != SQLITE_DONE)
                rc = st_err(st, r);
        } else {
            rc = (r == SQLITE_DONE) ? STORE_ERR_NOTFOUND : st_err(st, r);
        }
        sqlite3_reset(s);
    }
    if (rc == STORE_OK && sup[0])
        rc = correction_ok(st, sup, key, id);
    if (rc == STORE_OK && st->body_fn) {
        store_envelope e = {id, form_id, form_version, key, has_agent ? agent : NULL, now, payload,
                            sup[0] ? sup : NULL};
        rc = freeze_body(st, &e);
    }
    if (rc == STORE_OK && (s = st_stmt_key(st, SQ_DRAFT_DELETE, id, &rc)))
        rc = st_run(st, s, 0);
    if (rc == STORE_OK) {
        char detail[192];
        snprintf(detail, sizeof detail, "form=%s seq=%lld", form_id, seq);
        rc = st_audit(st, has_agent ? STORE_ACTOR_AGENT : STORE_ACTOR_VILLAGER,
                      has_agent ? agent : NULL, "filing.confirm", id, detail);
    }
    rc = st_end(st, rc);
    if (rc == STORE_OK)
        core_log(CORE_LOG_INFO, TAG, "filing %s confirmed (form %s, seq %lld)", id, form_id, seq);
    return rc;
}

int store_filing_confirm(store *st, const char *draft_uuid, const char *item_title,
                         const char *payload, const char *id_number)
{
    if (!st)
        return STORE_ERR_INVALID;
    st_lock(st);
    store_draft d; /* what its answers name and the payload left out goes */
    memset(&d, 0, sizeof d);
    int loaded = store_draft_load(st, draft_uuid, &d) == STORE_OK;
    int rc = store_filing_confirm_locked(st, draft_uuid, item_title, payload, id_number);
    if (rc == STORE_OK && loaded)
        st_draft_images_release(st, d.uuid, d.answers);
    if (d.answers)
        memset(d.answers, 0, strlen(d.answers));
    store_draft_clear(&d);
    if (rc == STORE_OK)
        store_draft_expire(st, NULL); /* other people's abandoned drafts */
    st_unlock(st);
    return rc;
}

static int filing_from_row(sqlite3_stmt *s, void *row)
{
    store_filing *f = row;
    int oom = 0;
    f->seq = sqlite3_column_int64(s, 0);
    st_col_copy(s, 1, f->uuid, sizeof f->uuid);
    f->form_id = st_col_dup(s, 2, &oom);
    f->form_version = sqlite3_column_int(s, 3);
    f->item_title = st_col_dup(s, 4, &oom);
    f->payload = st_col_dup(s, 5, &oom);
    st_col_copy(s, 6, f->villager_key, sizeof f->villager_key);
    f->agent_id = st_col_dup(s, 7, &oom);
    f->created_ms = sqlite3_column_int64(s, 8);
    f->attempts = sqlite3_column_int(s, 9);
    f->last_error = st_col_dup(s, 10, &oom);
    f->next_attempt_ms = sqlite3_column_int64(s, 11);
    f->body = st_col_dup(s, 12, &oom);
    st_col_copy(s, 13, f->body_sha256, sizeof f->body_sha256);
    f->held_reason = st_col_dup(s, 14, &oom);
    st_col_copy(s, 15, f->supersedes, sizeof f->supersedes);
    return oom ? STORE_ERR_NOMEM : STORE_OK;
}

void store_filing_clear(store_filing *f)
{
    if (!f)
        return;
    free(f->form_id);
    free(f->item_title);
    free(f->payload);
    free(f->agent_id);
    free(f->last_error);
    if (f->body)
        sodium_memzero(f->body, strlen(f->body));
    free(f->body);
    free(f->held_reason);
    memset(f, 0, sizeof *f);
}

static void filing_clear(void *f) { store_filing_clear(f); }

void store_filing_list_free(store_filing *items, size_t n)
{
    st_list_free(items, n, sizeof *items, filing_clear);
}

static int store_filing_get_locked(store *st, const char *uuid, store_filing *out)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !out || !st_uuid_norm(uuid, id))
        return STORE_ERR_INVALID;
    memset(out, 0, sizeof *out);
    return st_sql_row(st, "SELECT " FILING_COLS " FROM outbox WHERE uuid = ?1", id,
                      filing_from_row, filing_clear, out);
}

int store_filing_get(store *st, const char *uuid, store_filing *out)
{
    ST_LOCKED(st, store_filing_get_locked(st, uuid, out));
}

/* Runs a prepared query of FILING_COLS rows into a new list; finalizes s. */
static int filing_list(store *st, sqlite3_stmt *s, store_filing **items, size_t *n)
{
    return st_collect(st, s, sizeof(store_filing), 0, filing_from_row, filing_clear,
                      (void **)items, n);
}

static int store_outbox_list_locked(store *st, const char *villager_key, store_filing **items, size_t *n)
{
    if (!st || !items || !n)
        return STORE_ERR_INVALID;
    *items = NULL;
    *n = 0;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare(st,
                                 villager_key ? "SELECT " FILING_COLS " FROM outbox"
                                                " WHERE villager_key = ?1 ORDER BY seq"
                                              : "SELECT " FILING_COLS " FROM outbox ORDER BY seq",
                                 &rc);
    if (!s)
        return rc;
    if (villager_key)
        sqlite3_bind_text(s, 1, villager_key, -1, SQLITE_STATIC);
    return filing_list(st, s, items, n);
}

int store_outbox_list(store *st, const char *villager_key, store_filing **items, size_t *n)
{
    ST_LOCKED(st, store_outbox_list_locked(st, villager_key, items, n));
}

static int store_outbox_due_locked(store *st, int64_t now_ms, size_t max, store_filing **items,
                                   size_t *n)
{
    if (!st || !items || !n)
        return STORE_ERR_INVALID;
    *items = NULL;
    *n = 0;
    if (max == 0)
        return STORE_OK;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare(st,
                                 "SELECT " FILING_COLS " FROM outbox o"
                                 " WHERE o.held_reason IS NULL AND o.next_attempt_ms <= ?1"
                                 " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE"
                                 " p.villager_key = o.villager_key AND p.seq < o.seq"
                                 " AND p.held_reason IS NULL) ORDER BY o.seq LIMIT ?2",
                                 &rc);
    if (!s)
        return rc;
    sqlite3_bind_int64(s, 1, now_ms);
    sqlite3_bind_int64(s, 2, max > (size_t)INT32_MAX ? INT32_MAX : (sqlite3_int64)max);
    return filing_list(st, s, items, n);
}

int store_outbox_due(store *st, int64_t now_ms, size_t max, store_filing **items, size_t *n)
{
    ST_LOCKED(st, store_outbox_due_locked(st, now_ms, max, items, n));
}

static int store_outbox_counts_locked(store *st, int *n, int *held)
{
    if (!st || !n)
        return STORE_ERR_INVALID;
    /* Asked at every minute on the home screen, and after every pass of the
     * upload engine: a count the handle has seen no change since is
     * answered again without a read (no file lock, no page touched). Only
     * outside a transaction: one open may yet roll back what it changed. */
    int idle = sqlite3_get_autocommit(st->db);
    sqlite3_int64 changes = sqlite3_total_changes64(st->db);
    if (idle && st->outbox_known && changes == st->outbox_changes) {
        *n = st->outbox_n;
        if (held)
            *held = st->outbox_held;
        return STORE_OK;
    }
    int rc = STORE_OK, h = 0;
    sqlite3_stmt *s = st_stmt(st, SQ_OUTBOX_COUNT, &rc);
    if (!s)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        *n = sqlite3_column_int(s, 0);
        h = sqlite3_column_int(s, 1);
    } else {
        rc = st_err(st, r);
    }
    sqlite3_reset(s); /* ends the read: a cached statement must not hold it */
    if (held)
        *held = h;
    st->outbox_known = rc == STORE_OK && idle;
    st->outbox_n = *n;
    st->outbox_held = h;
    st->outbox_changes = changes;
    return rc;
}

int store_outbox_count(store *st, int *n)
{
    ST_LOCKED(st, store_outbox_counts_locked(st, n, NULL));
}

int store_outbox_counts(store *st, int *n, int *held)
{
    ST_LOCKED(st, store_outbox_counts_locked(st, n, held));
}

static int store_filing_fail_locked(store *st, const char *uuid, const char *error, int64_t next_attempt_ms)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !st_uuid_norm(uuid, id))
        return STORE_ERR_INVALID;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st,
                                     "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,"
                                     " next_attempt_ms = ?3 WHERE uuid = ?1",
                                     id, &rc);
    if (!s)
        return rc;
    st_bind_text(s, 2, error);
    sqlite3_bind_int64(s, 3, next_attempt_ms);
    rc = st_run(st, s, 1);
    sqlite3_finalize(s);
    return rc;
}

int store_filing_fail(store *st, const char *uuid, const char *error, int64_t next_attempt_ms)
{
    ST_LOCKED(st, store_filing_fail_locked(st, uuid, error, next_attempt_ms));
}

static int store_outbox_due_now_locked(store *st, int *n)
{
    if (!st)
        return STORE_ERR_INVALID;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare(st,
                                 "UPDATE outbox SET next_attempt_ms = 0"
                                 " WHERE held_reason IS NULL AND next_attempt_ms > 0",
                                 &rc);
    if (!s)
        return rc;
    int r = sqlite3_step(s);
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return st_err(st, r);
    if (n)
        *n = sqlite3_changes(st->db);
    return STORE_OK;
}

int store_outbox_due_now(store *st, int *n)
{
    ST_LOCKED(st, store_outbox_due_now_locked(st, n));
}

static int store_filing_hold_locked(store *st, const char *uuid, const char *reason)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !st_uuid_norm(uuid, id) || !reason || !*reason)
        return STORE_ERR_INVALID;
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *s = st_prepare(st, "UPDATE outbox SET held_reason = ?2 WHERE uuid = ?1", &rc);
    if (s) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        st_bind_text(s, 2, reason);
        int r = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r != SQLITE_DONE)
            rc = st_err(st, r);
        else if (sqlite3_changes(st->db) == 0)
            rc = STORE_ERR_NOTFOUND;
    }
    if (rc == STORE_OK)
        rc = st_audit(st, STORE_ACTOR_SYNC, NULL, "filing.hold", id, reason);
    rc = st_end(st, rc);
    if (rc == STORE_OK)
        core_log(CORE_LOG_WARN, TAG, "filing %s held for a technician: %s", id, reason);
    return rc;
}

int store_filing_hold(store *st, const char *uuid, const char *reason)
{
    ST_LOCKED(st, store_filing_hold_locked(st, uuid, reason));
}

/* The held reason of pending filing id into out (n bytes): STORE_OK,
 * STORE_ERR_NOTFOUND if not pending, STORE_ERR_CONFLICT if pending but not held. */
static int held_reason(store *st, const char *id, char *out, size_t n)
{
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st, "SELECT held_reason FROM outbox WHERE uuid = ?1", id, &rc);
    if (!s)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        if (sqlite3_column_type(s, 0) == SQLITE_NULL)
            rc = STORE_ERR_CONFLICT;
        else
            st_col_copy(s, 0, out, n);
    } else {
        rc = r == SQLITE_DONE ? STORE_ERR_NOTFOUND : st_err(st, r);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Resubmit or discard a held filing in one transaction with its audit row. */
static int held_change(store *st, const char *uuid, const char *actor_id, int discard)
{
    char id[STORE_UUID_LEN + 1], why[256];
    if (!st_uuid_norm(uuid, id) || !actor_id || !*actor_id)
        return STORE_ERR_INVALID;
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    rc = held_reason(st, id, why, sizeof why);
    sqlite3_stmt *s = NULL;
    if (rc == STORE_OK)
        s = st_prepare_key(st,
                           discard ? "DELETE FROM outbox WHERE uuid = ?1"
                                   : "UPDATE outbox SET held_reason = NULL, last_error = NULL,"
                                     " next_attempt_ms = 0 WHERE uuid = ?1",
                           id, &rc);
    if (s) {
        rc = st_run(st, s, 1);
        sqlite3_finalize(s);
    }
    if (rc == STORE_OK)
        rc = st_audit(st, STORE_ACTOR_ADMIN, actor_id, discard ? "filing.discard" : "filing.resubmit",
                      id, why);
    rc = st_end(st, rc);
    if (rc == STORE_OK)
        core_log(CORE_LOG_INFO, TAG, "held filing %s %s by a technician", id,
                 discard ? "discarded" : "resubmitted");
    return rc;
}

int store_filing_resubmit(store *st, const char *uuid, const char *actor_id)
{
    ST_LOCKED(st, held_change(st, uuid, actor_id, 0));
}

int store_filing_discard(store *st, const char *uuid, const char *actor_id)
{
    if (!st)
        return STORE_ERR_INVALID;
    st_lock(st);
    int rc = held_change(st, uuid, actor_id, 1);
    if (rc == STORE_OK)
        st_wipe_wal(st); /* the payload's and body's old copies leave the WAL too */
    st_unlock(st);
    return rc;
}

/* Looks up a one-text-column statement; 1 and out filled if a row, 0 if none, <0 error. */
static int lookup_text(store *st, int sq, const char *arg, char *out, size_t n)
{
    int rc = STORE_OK;
    sqlite3_stmt *s = st_stmt_key(st, sq, arg, &rc);
    if (!s)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        st_col_copy(s, 0, out, n);
    sqlite3_reset(s);
    if (r == SQLITE_ROW)
        return 1;
    return r == SQLITE_DONE ? 0 : st_err(st, r);
}

/* Inside the ack's transaction: if the new receipt of id supersedes a
 * filing, that receipt becomes superseded, its answers purged. */
static int supersede(store *st, const char *id)
{
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st,
                                     "UPDATE receipts SET status = 4, status_ms = ?2, answers = NULL"
                                     " WHERE filing_uuid = (SELECT supersedes FROM receipts"
                                     " WHERE filing_uuid = ?1) RETURNING filing_uuid",
                                     id, &rc);
    if (!s)
        return rc;
    sqlite3_bind_int64(s, 2, st_now(st));
    char old[STORE_UUID_LEN + 1] = "";
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        st_col_copy(s, 0, old, sizeof old);
        r = sqlite3_step(s);
    }
    if (r != SQLITE_DONE)
        rc = st_err(st, r);
    sqlite3_finalize(s);
    if (rc == STORE_OK && old[0]) {
        char detail[64];
        snprintf(detail, sizeof detail, "by=%.36s", id);
        rc = st_audit(st, STORE_ACTOR_SYNC, NULL, "receipt.superseded", old, detail);
    }
    return rc;
}

/* Inside the transaction: why this ack cannot be applied, or STORE_OK. */
static int ack_precheck(store *st, const char *id, const char *receipt_no)
{
    char have[256];
    int found = lookup_text(st, SQ_ACK_EXISTING, id, have, sizeof have);
    if (found < 0)
        return found;
    if (found)
        return strcmp(have, receipt_no) == 0 ? STORE_ERR_ALREADY : STORE_ERR_CONFLICT;
    found = lookup_text(st, SQ_ACK_RECEIPT_OWNER, receipt_no, have, sizeof have);
    if (found < 0)
        return found;
    return found ? STORE_ERR_CONFLICT : STORE_OK;
}

static int store_filing_ack_locked(store *st, const char *uuid, const char *receipt_no, store_status status,
                                   int64_t receipt_ms)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !st_uuid_norm(uuid, id) || !receipt_no || !*receipt_no || strlen(receipt_no) > 200 ||
        !store_status_name(status))
        return STORE_ERR_INVALID;
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    rc = ack_precheck(st, id, receipt_no);
    sqlite3_stmt *s;
    if (rc == STORE_OK && (s = st_stmt_key(st, SQ_ACK_INSERT, id, &rc))) {
        st_bind_text(s, 2, receipt_no);
        sqlite3_bind_int64(s, 3, receipt_ms);
        sqlite3_bind_int(s, 4, (int)status);
        sqlite3_bind_int64(s, 5, st_now(st));
        rc = st_run(st, s, 1);
    }
    if (rc == STORE_OK && (s = st_stmt_key(st, SQ_OUTBOX_DELETE, id, &rc)))
        rc = st_run(st, s, 0);
    if (rc == STORE_OK) /* a correction: the filing it replaces is final now */
        rc = supersede(st, id);
    if (rc == STORE_OK) {
        char detail[256];
        snprintf(detail, sizeof detail, "receipt=%s status=%s", receipt_no,
                 store_status_name(status));
        rc = st_audit(st, STORE_ACTOR_SYNC, NULL, "filing.ack", id, detail);
    }
    if (rc != STORE_OK) {
        st_rollback(st);
        if (rc == STORE_ERR_ALREADY || rc == STORE_ERR_NOTFOUND || rc == STORE_ERR_CONFLICT)
            core_log(CORE_LOG_WARN, TAG, "ack %s ignored: %s", id, store_strerror(rc));
        return rc;
    }
    rc = st_commit(st);
    if (rc == STORE_OK)
        core_log(CORE_LOG_INFO, TAG, "filing %s acknowledged, payload purged", id);
    return rc;
}

int store_filing_ack(store *st, const char *uuid, const char *receipt_no, store_status status,
                     int64_t receipt_ms)
{
    if (!st)
        return STORE_ERR_INVALID;
    st_lock(st);
    int rc = store_filing_ack_locked(st, uuid, receipt_no, status, receipt_ms);
    if (rc == STORE_OK)
        st_wipe_wal(st); /* the payload's old copies leave the WAL too */
    st_unlock(st);
    return rc;
}
