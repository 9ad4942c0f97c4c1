/* audit.c — the append-only audit log (who did what to which object, when).
 * The schema's triggers refuse UPDATE and DELETE on the table. */
#include "store/store_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const ACTOR_NAMES[] = {"system", "villager", "agent", "admin", "sync"};

const char *store_actor_name(store_actor a)
{
    if ((int)a < 0 || (int)a >= (int)(sizeof ACTOR_NAMES / sizeof *ACTOR_NAMES))
        return NULL;
    return ACTOR_NAMES[a];
}

int st_audit(store *st, store_actor actor, const char *actor_id, const char *action,
             const char *object_id, const char *detail)
{
    int rc = STORE_OK;
    sqlite3_stmt *s = st_stmt(st, SQ_AUDIT_INSERT, &rc);
    if (!s)
        return rc;
    sqlite3_bind_int64(s, 1, st_now(st));
    sqlite3_bind_int(s, 2, (int)actor);
    st_bind_text(s, 3, actor_id);
    st_bind_text(s, 4, action);
    st_bind_text(s, 5, object_id);
    st_bind_text(s, 6, detail);
    return st_run(st, s, 0);
}

static int store_audit_add_locked(store *st, store_actor actor, const char *actor_id,
                                  const char *action, const char *object_id, const char *detail)
{
    if (!st || !action || !*action || !store_actor_name(actor))
        return STORE_ERR_INVALID;
    return st_audit(st, actor, actor_id, action, object_id, detail);
}

int store_audit_add(store *st, store_actor actor, const char *actor_id, const char *action,
                    const char *object_id, const char *detail)
{
    ST_LOCKED(st, store_audit_add_locked(st, actor, actor_id, action, object_id, detail));
}

static void audit_clear(void *row)
{
    store_audit_row *a = row;
    free(a->actor_id);
    free(a->action);
    free(a->object_id);
    free(a->detail);
    memset(a, 0, sizeof *a);
}

static int audit_row(sqlite3_stmt *s, void *row)
{
    store_audit_row *a = row;
    int oom = 0;
    a->id = sqlite3_column_int64(s, 0);
    a->time_ms = sqlite3_column_int64(s, 1);
    a->actor = (store_actor)sqlite3_column_int(s, 2);
    a->actor_id = st_col_dup(s, 3, &oom);
    a->action = st_col_dup(s, 4, &oom);
    a->object_id = st_col_dup(s, 5, &oom);
    a->detail = st_col_dup(s, 6, &oom);
    return oom ? STORE_ERR_NOMEM : STORE_OK;
}

static int store_audit_list_locked(store *st, int64_t before_id, size_t max, store_audit_row **rows,
                                   size_t *n)
{
    if (!st || !rows || !n)
        return STORE_ERR_INVALID;
    *rows = NULL;
    *n = 0;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare(st,
                                 "SELECT id, time_ms, actor_kind, actor_id, action, object_id,"
                                 " detail FROM audit WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
                                 &rc);
    if (!s)
        return rc;
    sqlite3_bind_int64(s, 1, before_id > 0 ? before_id : INT64_MAX);
    sqlite3_bind_int64(s, 2, max > (size_t)INT32_MAX ? INT32_MAX : (sqlite3_int64)max);
    return st_collect(st, s, sizeof(store_audit_row), 0, audit_row, audit_clear, (void **)rows, n);
}

int store_audit_list(store *st, int64_t before_id, size_t max, store_audit_row **rows, size_t *n)
{
    ST_LOCKED(st, store_audit_list_locked(st, before_id, max, rows, n));
}

void store_audit_list_free(store_audit_row *rows, size_t n)
{
    st_list_free(rows, n, sizeof *rows, audit_clear);
}
