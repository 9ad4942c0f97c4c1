/* draft.c — drafts: the answers of a form being filled, saved on every answer. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define TAG "store"

static int store_draft_save_locked(store *st, const char *uuid, const char *form_id,
                                   int form_version, int page, const char *answers,
                                   const char *agent_id)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !st_uuid_norm(uuid, id) || !form_id || !*form_id || !answers || page < 0)
        return STORE_ERR_INVALID;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_stmt_key(st, SQ_DRAFT_SAVE, id, &rc);
    if (!s)
        return rc;
    st_bind_text(s, 2, form_id);
    sqlite3_bind_int(s, 3, form_version);
    sqlite3_bind_int(s, 4, page);
    st_bind_text(s, 5, answers);
    st_bind_text(s, 6, agent_id);
    sqlite3_bind_int64(s, 7, st_now(st));
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r != SQLITE_DONE)
        return st_err(st, r);
    if (sqlite3_changes(st->db) == 1)
        return STORE_OK;
    /* Nothing written: the uuid is already a filing, or a draft of another form. */
    int filed = st_filed(st, id);
    if (filed < 0)
        return filed;
    return filed ? STORE_ERR_ALREADY : STORE_ERR_CONFLICT;
}

int store_draft_save(store *st, const char *uuid, const char *form_id, int form_version, int page,
                     const char *answers, const char *agent_id)
{
    ST_LOCKED(st, store_draft_save_locked(st, uuid, form_id, form_version, page, answers, agent_id));
}

/* Fills d from a row of (uuid, form_id, form_version, page, answers, agent_id,
 * created_ms, updated_ms); answers may be absent (NULL column). */
static int draft_from_row(sqlite3_stmt *s, void *row)
{
    store_draft *d = row;
    int oom = 0;
    st_col_copy(s, 0, d->uuid, sizeof d->uuid);
    d->form_id = st_col_dup(s, 1, &oom);
    d->form_version = sqlite3_column_int(s, 2);
    d->page = sqlite3_column_int(s, 3);
    d->answers = st_col_dup(s, 4, &oom);
    d->agent_id = st_col_dup(s, 5, &oom);
    d->created_ms = sqlite3_column_int64(s, 6);
    d->updated_ms = sqlite3_column_int64(s, 7);
    st_col_copy(s, 8, d->supersedes, sizeof d->supersedes);
    return oom ? STORE_ERR_NOMEM : STORE_OK;
}

void store_draft_clear(store_draft *d)
{
    if (!d)
        return;
    free(d->form_id);
    free(d->answers);
    free(d->agent_id);
    memset(d, 0, sizeof *d);
}

static void draft_clear(void *d) { store_draft_clear(d); }

static void wipe_one(void *v)
{
    store_draft *d = v;
    if (d->answers)
        memset(d->answers, 0, strlen(d->answers));
    store_draft_clear(d);
}

static int store_draft_load_locked(store *st, const char *uuid, store_draft *out)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !out || !st_uuid_norm(uuid, id))
        return STORE_ERR_INVALID;
    memset(out, 0, sizeof *out);
    int rc = STORE_OK;
    sqlite3_stmt *s = st_stmt_key(st, SQ_DRAFT_LOAD, id, &rc);
    if (!s)
        return rc;
    rc = st_row(st, s, draft_from_row, draft_clear, out);
    sqlite3_reset(s);
    return rc;
}

int store_draft_load(store *st, const char *uuid, store_draft *out)
{
    ST_LOCKED(st, store_draft_load_locked(st, uuid, out));
}

static int store_draft_list_locked(store *st, store_draft **items, size_t *n)
{
    if (!st || !items || !n)
        return STORE_ERR_INVALID;
    *items = NULL;
    *n = 0;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare(st,
                                 "SELECT uuid, form_id, form_version, page, NULL, agent_id,"
                                 " created_ms, updated_ms, supersedes FROM drafts"
                                 " ORDER BY updated_ms DESC, uuid",
                                 &rc);
    if (!s)
        return rc;
    return st_collect(st, s, sizeof(store_draft), 0, draft_from_row, draft_clear, (void **)items,
                      n);
}

int store_draft_list(store *st, store_draft **items, size_t *n)
{
    ST_LOCKED(st, store_draft_list_locked(st, items, n));
}

void store_draft_list_free(store_draft *items, size_t n)
{
    st_list_free(items, n, sizeof *items, draft_clear);
}

static int store_draft_delete_locked(store *st, const char *uuid)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !st_uuid_norm(uuid, id))
        return STORE_ERR_INVALID;
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *s = st_stmt_key(st, SQ_DRAFT_DELETE, id, &rc);
    if (s)
        rc = st_run(st, s, 1);
    if (rc == STORE_OK)
        rc = st_audit(st, STORE_ACTOR_SYSTEM, NULL, "draft.delete", id, NULL);
    if (rc != STORE_OK) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st);
}

int store_draft_delete(store *st, const char *uuid)
{
    if (!st)
        return STORE_ERR_INVALID;
    st_lock(st);
    store_draft d; /* its answers name the images that go with it */
    memset(&d, 0, sizeof d);
    /* a draft that cannot be read (memory, a damaged row) still goes: only
     * its images then wait for the sweep */
    int lrc = store_draft_load_locked(st, uuid, &d);
    int rc = lrc == STORE_ERR_NOTFOUND ? lrc : store_draft_delete_locked(st, uuid);
    if (rc == STORE_OK) {
        st_wipe_wal(st); /* the answers' old copies leave the WAL too */
        if (lrc == STORE_OK)
            st_draft_images_release(st, d.uuid, d.answers);
    }
    wipe_one(&d);
    st_unlock(st);
    return rc;
}

static int store_draft_purge_locked(store *st, int64_t before_ms, int *n_deleted)
{
    if (!st)
        return STORE_ERR_INVALID;
    if (n_deleted)
        *n_deleted = 0;
    /* the drafts that go, with their answers: the images they name go too */
    int rc = STORE_OK;
    store_draft *gone = NULL;
    size_t ngone = 0;
    sqlite3_stmt *s = st_prepare(st,
                                 "SELECT uuid, form_id, form_version, page, answers, agent_id,"
                                 " created_ms, updated_ms, supersedes FROM drafts"
                                 " WHERE updated_ms < ?1",
                                 &rc);
    if (!s)
        return rc;
    sqlite3_bind_int64(s, 1, before_ms);
    rc = st_collect(st, s, sizeof(store_draft), 0, draft_from_row, wipe_one, (void **)&gone,
                    &ngone);
    if (rc == STORE_OK)
        rc = st_begin(st);
    if (rc != STORE_OK) {
        st_list_free(gone, ngone, sizeof *gone, wipe_one);
        return rc;
    }
    s = st_prepare(st, "DELETE FROM drafts WHERE updated_ms < ?1", &rc);
    int changed = 0;
    if (s) {
        sqlite3_bind_int64(s, 1, before_ms);
        int r = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r != SQLITE_DONE)
            rc = st_err(st, r);
        else
            changed = sqlite3_changes(st->db);
    }
    if (rc == STORE_OK && changed) {
        char detail[32];
        snprintf(detail, sizeof detail, "count=%d", changed);
        rc = st_audit(st, STORE_ACTOR_SYSTEM, NULL, "draft.purge", NULL, detail);
    }
    rc = st_end(st, rc);
    if (rc == STORE_OK) {
        if (n_deleted)
            *n_deleted = changed;
        if (changed)
            core_log(CORE_LOG_INFO, TAG, "purged %d abandoned drafts", changed);
        /* (the list was read under the same lock: the drafts deleted) */
        for (size_t i = 0; i < ngone; i++)
            st_draft_images_release(st, gone[i].uuid, gone[i].answers);
    }
    st_list_free(gone, ngone, sizeof *gone, wipe_one);
    return rc;
}

int store_draft_purge(store *st, int64_t before_ms, int *n_deleted)
{
    if (!st)
        return STORE_ERR_INVALID;
    int n = 0;
    st_lock(st);
    int rc = store_draft_purge_locked(st, before_ms, &n);
    if (rc == STORE_OK && n > 0)
        st_wipe_wal(st);
    st_unlock(st);
    if (n_deleted)
        *n_deleted = n;
    return rc;
}

int store_draft_expire(store *st, int *n_deleted)
{
    if (n_deleted)
        *n_deleted = 0;
    if (!st)
        return STORE_ERR_INVALID;
    st_lock(st);
    int rc = STORE_OK;
    if (st->draft_keep_ms > 0)
        rc = store_draft_purge(st, st_now(st) - st->draft_keep_ms, n_deleted);
    st_unlock(st);
    return rc;
}

static int store_draft_set_supersedes_locked(store *st, const char *uuid, const char *supersedes)
{
    char id[STORE_UUID_LEN + 1], old[STORE_UUID_LEN + 1];
    if (!st || !st_uuid_norm(uuid, id) || !st_uuid_norm(supersedes, old))
        return STORE_ERR_INVALID;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st, "UPDATE drafts SET supersedes = ?2 WHERE uuid = ?1", id,
                                     &rc);
    if (!s)
        return rc;
    sqlite3_bind_text(s, 2, old, -1, SQLITE_STATIC);
    rc = st_run(st, s, 1);
    sqlite3_finalize(s);
    return rc;
}

int store_draft_set_supersedes(store *st, const char *uuid, const char *supersedes)
{
    ST_LOCKED(st, store_draft_set_supersedes_locked(st, uuid, supersedes));
}

static int int_from_row(sqlite3_stmt *s, void *out)
{
    *(int *)out = sqlite3_column_int(s, 0);
    return STORE_OK;
}

static int store_draft_wrong_digits_locked(store *st, const char *uuid, int change, int *n)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !n || !st_uuid_norm(uuid, id) ||
        (change != STORE_WRONG_READ && change != STORE_WRONG_ADD && change != STORE_WRONG_CLEAR))
        return STORE_ERR_INVALID;
    int rc = STORE_OK;
    if (change != STORE_WRONG_READ) {
        sqlite3_stmt *s = st_prepare_key(
            st,
            change == STORE_WRONG_ADD
                ? "UPDATE drafts SET wrong_digits = wrong_digits + 1 WHERE uuid = ?1"
                : "UPDATE drafts SET wrong_digits = 0 WHERE uuid = ?1",
            id, &rc);
        if (!s)
            return rc;
        rc = st_run(st, s, 1);
        sqlite3_finalize(s);
        if (rc != STORE_OK)
            return rc;
    }
    return st_sql_row(st, "SELECT wrong_digits FROM drafts WHERE uuid = ?1", id, int_from_row,
                      NULL, n);
}

int store_draft_wrong_digits(store *st, const char *uuid, int change, int *n)
{
    ST_LOCKED(st, store_draft_wrong_digits_locked(st, uuid, change, n));
}

static int uuid_from_row(sqlite3_stmt *s, void *out)
{
    st_col_copy(s, 0, out, STORE_UUID_LEN + 1);
    return STORE_OK;
}

static int store_correction_state_locked(store *st, const char *old_uuid, store_fix_state *state,
                                         char *draft_uuid)
{
    char old[STORE_UUID_LEN + 1], got[STORE_UUID_LEN + 1] = "";
    if (!st || !state || !draft_uuid || !st_uuid_norm(old_uuid, old))
        return STORE_ERR_INVALID;
    *state = STORE_FIX_NONE;
    draft_uuid[0] = '\0';
    /* confirmed: in the outbox (waiting or held), or a receipt names it */
    int rc = st_sql_row(st,
                        "SELECT uuid FROM outbox WHERE supersedes = ?1 UNION ALL"
                        " SELECT filing_uuid FROM receipts WHERE supersedes = ?1 LIMIT 1",
                        old, uuid_from_row, NULL, got);
    if (rc == STORE_OK) {
        *state = STORE_FIX_SENT;
        return STORE_OK;
    }
    if (rc != STORE_ERR_NOTFOUND)
        return rc;
    rc = st_sql_row(st, "SELECT uuid FROM drafts WHERE supersedes = ?1"
                        " ORDER BY updated_ms DESC LIMIT 1", old, uuid_from_row, NULL, got);
    if (rc == STORE_ERR_NOTFOUND)
        return STORE_OK;
    if (rc == STORE_OK) {
        *state = STORE_FIX_DRAFT;
        memcpy(draft_uuid, got, sizeof got);
    }
    return rc;
}

int store_correction_state(store *st, const char *old_uuid, store_fix_state *state,
                           char *draft_uuid)
{
    ST_LOCKED(st, store_correction_state_locked(st, old_uuid, state, draft_uuid));
}
