/* store.c — opening the kiosk database, error codes, shared helpers.
 *
 * Power-loss settings (see also store.h):
 *   journal_mode=WAL   readers never block the writer; a commit appends to the
 *                      WAL, the database file changes only at checkpoints.
 *   synchronous=FULL   the WAL is fsync'ed at every commit, so a commit that
 *                      returned is on the medium. NORMAL would sync only at
 *                      checkpoints: still consistent after a power cut, but
 *                      the last confirmed filings could vanish (the power-cut
 *                      test in tests/store/test_store_crash.c fails with
 *                      NORMAL). We pay one fsync per commit (measured by
 *                      tests/bench/bench_store).
 *   secure_delete=ON   deleted personal data is zeroed, not left in free pages.
 *   busy_timeout=5000  a reader outside the store (a tool, a test's raw
 *                      connection) may hold a lock for a moment.
 *   foreign_keys=ON    kept on for every connection (migrations switch it off
 *                      around table rebuilds, as SQLite documents).
 * Write transactions use BEGIN IMMEDIATE so that a reader beside the handle
 * never deadlocks it upgrading a read lock to a write lock.
 *
 * One writer (store.h): one handle per file, guarded by an flock on
 * "<path>.writer"; a recursive mutex around every public function lets the UI
 * and upload threads share that handle.
 */
#include "store/store_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/grow.h"
#include "core/utf8.h"
#include "core/log.h"

#define TAG "store"

static const char *const SQL[SQ__COUNT] = {
    [SQ_DRAFT_SAVE] =
        "INSERT INTO drafts(uuid, form_id, form_version, page, answers, agent_id, created_ms,"
        " updated_ms) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7"
        " WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE uuid = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM receipts WHERE filing_uuid = ?1)"
        " ON CONFLICT(uuid) DO UPDATE SET form_version = excluded.form_version,"
        " page = excluded.page, answers = excluded.answers, agent_id = excluded.agent_id,"
        " updated_ms = excluded.updated_ms WHERE drafts.form_id = excluded.form_id",
    [SQ_DRAFT_FILED] = "SELECT (SELECT count(*) FROM outbox WHERE uuid = ?1)"
                       " + (SELECT count(*) FROM receipts WHERE filing_uuid = ?1)",
    [SQ_DRAFT_LOAD] = "SELECT uuid, form_id, form_version, page, answers, agent_id, created_ms,"
                      " updated_ms, supersedes FROM drafts WHERE uuid = ?1",
    [SQ_OUTBOX_INSERT] =
        "INSERT INTO outbox(uuid, form_id, form_version, item_title, payload, villager_key,"
        " agent_id, created_ms, answers, supersedes) SELECT uuid, form_id, form_version, ?2, ?3,"
        " ?4, agent_id, ?5, answers, supersedes"
        " FROM drafts WHERE uuid = ?1 RETURNING seq, form_id, agent_id, form_version, supersedes",
    [SQ_DRAFT_DELETE] = "DELETE FROM drafts WHERE uuid = ?1",
    [SQ_AUDIT_INSERT] = "INSERT INTO audit(time_ms, actor_kind, actor_id, action, object_id,"
                        " detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SQ_ACK_EXISTING] = "SELECT receipt_no FROM receipts WHERE filing_uuid = ?1",
    [SQ_ACK_RECEIPT_OWNER] = "SELECT filing_uuid FROM receipts WHERE receipt_no = ?1",
    [SQ_ACK_INSERT] =
        "INSERT INTO receipts(receipt_no, filing_uuid, seq, form_id, item_title, villager_key,"
        " filed_ms, receipt_ms, status, status_ms, agent_id, answers, supersedes) SELECT ?2, uuid,"
        " seq, form_id, item_title, villager_key, created_ms, ?3, ?4, ?5, agent_id, answers,"
        " supersedes FROM outbox WHERE uuid = ?1",
    [SQ_OUTBOX_DELETE] = "DELETE FROM outbox WHERE uuid = ?1",
    /* the home screen asks at every minute and after every send */
    [SQ_OUTBOX_COUNT] = "SELECT count(*), count(held_reason) FROM outbox",
};

/* ---- errors ------------------------------------------------------------ */

int st_map(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return STORE_OK;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return STORE_ERR_CORRUPT;
    case SQLITE_FULL: return STORE_ERR_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return STORE_ERR_BUSY;
    case SQLITE_IOERR: return (rc == SQLITE_IOERR_NOMEM) ? STORE_ERR_NOMEM : STORE_ERR_IO;
    case SQLITE_NOMEM: return STORE_ERR_NOMEM;
    case SQLITE_READONLY: return STORE_ERR_READONLY;
    case SQLITE_CANTOPEN: return STORE_ERR_CANTOPEN;
    case SQLITE_CONSTRAINT: return STORE_ERR_CONFLICT;
    default: return STORE_ERR_INTERNAL;
    }
}

int st_err(store *st, int rc)
{
    int code = st_map(rc);
    if (code != STORE_OK && st && st->db)
        snprintf(st->errmsg, sizeof st->errmsg, "%s (sqlite %d)", sqlite3_errmsg(st->db), rc);
    return code;
}

const char *store_strerror(int code)
{
    switch (code) {
    case STORE_OK: return "ok";
    case STORE_ERR_NOTFOUND: return "no such record";
    case STORE_ERR_ALREADY: return "already done; nothing changed";
    case STORE_ERR_CONFLICT: return "conflicts with what is stored";
    case STORE_ERR_INVALID: return "invalid argument";
    case STORE_ERR_CORRUPT: return "database file is corrupt";
    case STORE_ERR_FULL: return "disk full; the change was not made";
    case STORE_ERR_BUSY: return "database busy (lock held too long)";
    case STORE_ERR_IO: return "storage read/write error";
    case STORE_ERR_NOMEM: return "out of memory";
    case STORE_ERR_READONLY: return "database or file system is read-only";
    case STORE_ERR_CANTOPEN: return "cannot open or create the database file";
    case STORE_ERR_TOONEW: return "database written by newer firmware";
    case STORE_ERR_MIGRATE: return "schema migration failed; file left at its old version";
    case STORE_ERR_INTERNAL: return "internal error (unexpected SQLite result)";
    case STORE_ERR_WRITER: return "another handle already writes this database (one writer only)";
    default: return "unknown store error";
    }
}

const char *store_error_key(int code)
{
    switch (code) {
    case STORE_OK: return "err.store.ok";
    case STORE_ERR_NOTFOUND: return "err.store.notfound";
    case STORE_ERR_ALREADY: return "err.store.already";
    case STORE_ERR_CONFLICT: return "err.store.conflict";
    case STORE_ERR_INVALID: return "err.store.invalid";
    case STORE_ERR_CORRUPT: return "err.store.corrupt";
    case STORE_ERR_FULL: return "err.store.full";
    case STORE_ERR_BUSY: return "err.store.busy";
    case STORE_ERR_IO: return "err.store.io";
    case STORE_ERR_NOMEM: return "err.store.nomem";
    case STORE_ERR_READONLY: return "err.store.readonly";
    case STORE_ERR_CANTOPEN: return "err.store.cantopen";
    case STORE_ERR_TOONEW: return "err.store.toonew";
    case STORE_ERR_MIGRATE: return "err.store.migrate";
    case STORE_ERR_INTERNAL: return "err.store.internal";
    case STORE_ERR_WRITER: return "err.store.writer";
    default: return "err.store.unknown";
    }
}

/* ---- helpers ----------------------------------------------------------- */

void st_lock(store *st) { pthread_mutex_lock(&st->mu); }

void st_unlock(store *st) { pthread_mutex_unlock(&st->mu); }

int st_wipe_wal(store *st)
{
    int log = 0, done = 0;
    int r = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    if (r != SQLITE_OK) {
        /* the deletion itself is committed; the next checkpoint finishes it */
        core_log(CORE_LOG_WARN, TAG, "checkpoint after a purge did not finish: %s",
                 sqlite3_errmsg(st->db));
        return st_err(st, r);
    }
    return STORE_OK;
}

sqlite3_stmt *st_stmt(store *st, int id, int *rc)
{
    sqlite3_stmt *s = st->stmts[id];
    if (!s) {
        int r = sqlite3_prepare_v3(st->db, SQL[id], -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
        if (r != SQLITE_OK) {
            *rc = st_err(st, r);
            return NULL;
        }
        st->stmts[id] = s;
    } else {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
    return s;
}

sqlite3_stmt *st_prepare(store *st, const char *sql, int *rc)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r != SQLITE_OK) {
        *rc = st_err(st, r);
        return NULL;
    }
    return s;
}

int st_exec(store *st, const char *sql)
{
    return st_err(st, sqlite3_exec(st->db, sql, NULL, NULL, NULL));
}

int st_begin(store *st) { return st_exec(st, "BEGIN IMMEDIATE"); }

int st_commit(store *st)
{
    int rc = st_exec(st, "COMMIT");
    if (rc != STORE_OK)
        st_rollback(st);
    return rc;
}

void st_rollback(store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int st_end(store *st, int rc)
{
    if (rc != STORE_OK) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st);
}

static int64_t clock_realtime_ms(void *ud)
{
    (void)ud;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t st_now(store *st) { return st->clock(st->clock_ud); }

char *st_col_dup(sqlite3_stmt *s, int col, int *oom)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    if (!t)
        return NULL;
    size_t n = (size_t)sqlite3_column_bytes(s, col);
    char *p = malloc(n + 1);
    if (!p) {
        *oom = 1;
        return NULL;
    }
    memcpy(p, t, n);
    p[n] = '\0';
    return p;
}

void st_col_copy(sqlite3_stmt *s, int col, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    utf8_copy(out, n, t ? (const char *)t : ""); /* a title may be longer: cut between characters */
}

int st_bind_text(sqlite3_stmt *s, int idx, const char *text)
{
    if (!text)
        return sqlite3_bind_null(s, idx);
    return sqlite3_bind_text(s, idx, text, -1, SQLITE_STATIC);
}

int st_uuid_norm(const char *in, char out[STORE_UUID_LEN + 1])
{
    if (!in || strlen(in) != STORE_UUID_LEN)
        return 0;
    for (int i = 0; i < STORE_UUID_LEN; i++) {
        unsigned char c = (unsigned char)in[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return 0;
        } else if (!isxdigit(c)) {
            return 0;
        }
        out[i] = (char)tolower(c);
    }
    out[STORE_UUID_LEN] = '\0';
    return 1;
}

sqlite3_stmt *st_stmt_key(store *st, int id, const char *key, int *rc)
{
    sqlite3_stmt *s = st_stmt(st, id, rc);
    if (s)
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    return s;
}

sqlite3_stmt *st_prepare_key(store *st, const char *sql, const char *key, int *rc)
{
    sqlite3_stmt *s = st_prepare(st, sql, rc);
    if (s)
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    return s;
}

int st_row(store *st, sqlite3_stmt *s, st_row_fn from_row, st_clear_fn clear, void *out)
{
    int r = sqlite3_step(s);
    if (r == SQLITE_DONE)
        return STORE_ERR_NOTFOUND;
    if (r != SQLITE_ROW)
        return st_err(st, r);
    int rc = from_row(s, out);
    if (rc != STORE_OK && clear)
        clear(out);
    return rc;
}

int st_sql_row(store *st, const char *sql, const char *key, st_row_fn from_row,
               st_clear_fn clear, void *out)
{
    int rc = STORE_OK;
    sqlite3_stmt *s = key ? st_prepare_key(st, sql, key, &rc) : st_prepare(st, sql, &rc);
    if (!s)
        return rc;
    rc = st_row(st, s, from_row, clear, out);
    sqlite3_finalize(s);
    return rc;
}

int st_run(store *st, sqlite3_stmt *s, int must_change)
{
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r != SQLITE_DONE)
        return st_err(st, r);
    return must_change && sqlite3_changes(st->db) == 0 ? STORE_ERR_NOTFOUND : STORE_OK;
}

int st_collect(store *st, sqlite3_stmt *s, size_t size, size_t max, st_row_fn from_row,
               st_clear_fn clear, void **items, size_t *n)
{
    char *arr = NULL;
    size_t cap = 0, cnt = 0;
    int rc = STORE_OK, r = SQLITE_DONE;
    while (rc == STORE_OK && (!max || cnt < max) && (r = sqlite3_step(s)) == SQLITE_ROW) {
        if (core_grow(&arr, &cap, cnt + 1, size, 16)) {
            rc = STORE_ERR_NOMEM;
            break;
        }
        memset(arr + cnt * size, 0, size);
        rc = from_row(s, arr + cnt++ * size); /* counted even if it failed: cleared below */
    }
    if (rc == STORE_OK && r != SQLITE_DONE && r != SQLITE_ROW)
        rc = st_err(st, r);
    sqlite3_finalize(s);
    if (rc != STORE_OK) {
        st_list_free(arr, cnt, size, clear);
        return rc;
    }
    *items = arr;
    *n = cnt;
    return STORE_OK;
}

void st_list_free(void *items, size_t n, size_t size, st_clear_fn clear)
{
    for (size_t i = 0; items && clear && i < n; i++)
        clear((char *)items + i * size);
    free(items);
}

/* ---- opening ----------------------------------------------------------- */

typedef struct {
    char *out;
    size_t n;
} text_out;

static int text_from_row(sqlite3_stmt *s, void *t)
{
    text_out *o = t;
    st_col_copy(s, 0, o->out, o->n);
    return STORE_OK;
}

/* The text of the first row of a pragma; "" when it returns none. */
static int pragma_text(store *st, const char *sql, char *out, size_t n)
{
    int rc = st_sql_row(st, sql, NULL, text_from_row, NULL, &(text_out){out, n});
    if (rc != STORE_ERR_NOTFOUND)
        return rc;
    if (n)
        out[0] = '\0';
    return STORE_OK;
}

static int store_check_locked(store *st, int full)
{
    if (!st)
        return STORE_ERR_INVALID;
    char res[256];
    int rc = pragma_text(st, full ? "PRAGMA integrity_check(1)" : "PRAGMA quick_check(1)", res,
                         sizeof res);
    if (rc != STORE_OK)
        return rc;
    if (strcmp(res, "ok") != 0) {
        snprintf(st->errmsg, sizeof st->errmsg, "integrity check: %.200s", res);
        for (char *c = st->errmsg; *c; c++)
            if (*c == '\n')
                *c = ' ';
        return STORE_ERR_CORRUPT;
    }
    return STORE_OK;
}

int store_check(store *st, int full)
{
    ST_LOCKED(st, store_check_locked(st, full));
}

static int load_salt(store *st)
{
    unsigned char fresh[STORE_SALT_LEN];
    randombytes_buf(fresh, sizeof fresh);
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *s = st_prepare(st, "INSERT OR IGNORE INTO meta(key, value) VALUES"
                                     " ('villager_salt', ?1)", &rc);
    if (!s) {
        st_rollback(st);
        return rc;
    }
    sqlite3_bind_blob(s, 1, fresh, sizeof fresh, SQLITE_STATIC);
    int r = sqlite3_step(s);
    sqlite3_finalize(s);
    if (r != SQLITE_DONE) {
        rc = st_err(st, r);
        st_rollback(st);
        return rc;
    }
    rc = st_commit(st);
    if (rc != STORE_OK)
        return rc;
    s = st_prepare(st, "SELECT value FROM meta WHERE key = 'villager_salt'", &rc);
    if (!s)
        return rc;
    r = sqlite3_step(s);
    if (r == SQLITE_ROW && sqlite3_column_bytes(s, 0) == STORE_SALT_LEN) {
        memcpy(st->salt, sqlite3_column_blob(s, 0), STORE_SALT_LEN);
        rc = STORE_OK;
    } else {
        rc = (r == SQLITE_ROW || r == SQLITE_DONE) ? STORE_ERR_CORRUPT : st_err(st, r);
    }
    sqlite3_finalize(s);
    sodium_memzero(fresh, sizeof fresh);
    return rc;
}

static int configure(store *st)
{
    char mode[32];
    int rc = pragma_text(st, "PRAGMA journal_mode=WAL", mode, sizeof mode);
    if (rc != STORE_OK)
        return rc;
    if (strcmp(mode, "wal") != 0)
        core_log(CORE_LOG_WARN, TAG, "journal mode is %s, not wal", mode);
    /* a checkpoint every 64 WAL pages, not SQLite's 1000: after one the WAL
     * is written again from its start (store.h) */
    rc = st_exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                     " PRAGMA secure_delete=ON; PRAGMA journal_size_limit=4194304;"
                     " PRAGMA wal_autocheckpoint=64");
    return rc;
}

static int init_lock(store *st)
{
    pthread_mutexattr_t a;
    if (pthread_mutexattr_init(&a) != 0)
        return STORE_ERR_NOMEM;
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    int r = pthread_mutex_init(&st->mu, &a);
    pthread_mutexattr_destroy(&a);
    if (r != 0)
        return STORE_ERR_NOMEM;
    st->mu_init = 1;
    return STORE_OK;
}

/* The one-writer guard: an exclusive flock on "<path>.writer". flock belongs
 * to the open file description, so a second open in this process conflicts
 * as surely as one in another process, and the kernel drops it when the
 * process dies (SIGKILL, power cut). A separate file, not the database: our
 * own descriptor on the database would break SQLite's POSIX locks when
 * closed. */
static int take_writer(store *st)
{
    char lp[1100];
    snprintf(lp, sizeof lp, "%s.writer", st->path);
    int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(st->errmsg, sizeof st->errmsg, "writer lock: %s", strerror(errno));
        return errno == EROFS || errno == EACCES ? STORE_ERR_READONLY : STORE_ERR_CANTOPEN;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        snprintf(st->errmsg, sizeof st->errmsg, "writer lock: %s", strerror(e));
        return e == EWOULDBLOCK ? STORE_ERR_WRITER : STORE_ERR_IO;
    }
    st->lock_fd = fd;
    return STORE_OK;
}

/* Firmware before the held state recorded a final refusal as a failure
 * "final: <reason>" retried after 30 days, which held back the villager's
 * later filings. Such filings are held now, with that reason and an audit row
 * each (idempotent: nothing matches once done). */
static int hold_old_refusals(store *st)
{
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *s = st_prepare(st,
                                 "INSERT INTO audit(time_ms, actor_kind, actor_id, action, object_id,"
                                 " detail) SELECT ?1, ?2, NULL, 'filing.hold', uuid,"
                                 " substr(last_error, 8) FROM outbox"
                                 " WHERE held_reason IS NULL AND last_error LIKE 'final: %'"
                                 " ORDER BY seq",
                                 &rc);
    if (s) {
        sqlite3_bind_int64(s, 1, st_now(st));
        sqlite3_bind_int(s, 2, (int)STORE_ACTOR_SYSTEM);
        rc = st_run(st, s, 0);
        sqlite3_finalize(s);
    }
    if (rc == STORE_OK)
        rc = st_exec(st, "UPDATE outbox SET held_reason = substr(last_error, 8)"
                         " WHERE held_reason IS NULL AND last_error LIKE 'final: %'");
    int n = rc == STORE_OK ? sqlite3_changes(st->db) : 0;
    rc = st_end(st, rc);
    if (rc == STORE_OK && n > 0)
        core_log(CORE_LOG_WARN, TAG, "%d filing(s) refused by the platform under older firmware now held", n);
    return rc;
}

int store_open(const char *path, store **out)
{
    if (!out)
        return STORE_ERR_INVALID;
    *out = NULL;
    if (!path || !*path)
        return STORE_ERR_INVALID;
    if (sodium_init() < 0)
        return STORE_ERR_INTERNAL;
    store *st = calloc(1, sizeof *st);
    if (!st)
        return STORE_ERR_NOMEM;
    st->clock = clock_realtime_ms;
    st->lock_fd = -1;
    int rc = init_lock(st);
    if (rc == STORE_OK && snprintf(st->path, sizeof st->path, "%s", path) >= (int)sizeof st->path)
        rc = STORE_ERR_INVALID;
    if (rc == STORE_OK)
        rc = take_writer(st);
    if (rc != STORE_OK) {
        if (rc == STORE_ERR_WRITER)
            core_log(CORE_LOG_ERROR, TAG, "open refused: %s", store_strerror(rc));
        store_close(st);
        return rc;
    }
    core_log(CORE_LOG_INFO, TAG, "SQLite %s (one writer: this handle)", sqlite3_libversion());
    int r = sqlite3_open_v2(path, &st->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            NULL);
    rc = st_err(st, r);
    if (rc == STORE_OK) {
        sqlite3_extended_result_codes(st->db, 1);
        sqlite3_busy_timeout(st->db, 5000);
        /* Read-only checks first: a file that is not ours is left untouched. */
        rc = store_check(st, 0);
    }
    if (rc == STORE_OK)
        rc = st_schema_identify(st);
    if (rc == STORE_OK)
        rc = configure(st);
    if (rc == STORE_OK)
        rc = st_schema_migrate(st);
    if (rc == STORE_OK)
        rc = hold_old_refusals(st);
    if (rc == STORE_OK)
        rc = load_salt(st);
    if (rc == STORE_OK)
        st_wipe_wal(st); /* a power cut between a purge and its checkpoint: finish it now */
    if (rc != STORE_OK) {
        core_log(CORE_LOG_ERROR, TAG, "open failed: %s: %s", store_strerror(rc), st->errmsg);
        store_close(st);
        return rc;
    }
    *out = st;
    return STORE_OK;
}

void store_close(store *st)
{
    if (!st)
        return;
    for (int i = 0; i < SQ__COUNT; i++)
        sqlite3_finalize(st->stmts[i]);
    if (st->db)
        sqlite3_close_v2(st->db);
    if (st->lock_fd >= 0)
        close(st->lock_fd); /* releases the writer lock */
    if (st->mu_init)
        pthread_mutex_destroy(&st->mu);
    sodium_memzero(st->salt, sizeof st->salt);
    free(st);
}

void store_set_clock(store *st, store_clock_fn fn, void *ud)
{
    if (!st)
        return;
    st_lock(st);
    st->clock = fn ? fn : clock_realtime_ms;
    st->clock_ud = fn ? ud : NULL;
    st_unlock(st);
}

void store_set_body_fn(store *st, store_body_fn fn, void *ud)
{
    if (!st)
        return;
    st_lock(st); /* another thread may be confirming with the handle */
    st->body_fn = fn;
    st->body_ud = fn ? ud : NULL;
    st_unlock(st);
}

int store_schema_version(store *st) { return st ? st->schema_version : 0; }

static int store_checkpoint_locked(store *st)
{
    if (!st)
        return STORE_ERR_INVALID;
    int r = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    return st_err(st, r);
}

void store_set_draft_keep(store *st, int64_t keep_ms)
{
    if (!st)
        return;
    st_lock(st);
    st->draft_keep_ms = keep_ms > 0 ? keep_ms : 0;
    st_unlock(st);
}

int store_checkpoint(store *st)
{
    ST_LOCKED(st, store_checkpoint_locked(st));
}

/* ---- villager key ------------------------------------------------------ */

static int store_villager_key_locked(store *st, const char *id_number, char out[STORE_KEY_LEN + 1])
{
    if (!st || !id_number || !out)
        return STORE_ERR_INVALID;
    char norm[19];
    size_t n = 0;
    for (const char *p = id_number; *p; p++) {
        if (*p == ' ')
            continue;
        if (n == 18)
            return STORE_ERR_INVALID;
        char c = *p;
        if (n == 17 && (c == 'x' || c == 'X'))
            c = 'X';
        else if (c < '0' || c > '9')
            return STORE_ERR_INVALID;
        norm[n++] = c;
    }
    if (n != 18)
        return STORE_ERR_INVALID;
    unsigned char h[STORE_KEY_LEN / 2];
    crypto_generichash(h, sizeof h, (const unsigned char *)norm, n, st->salt, sizeof st->salt);
    sodium_bin2hex(out, STORE_KEY_LEN + 1, h, sizeof h);
    sodium_memzero(norm, sizeof norm);
    return STORE_OK;
}

int store_villager_key(store *st, const char *id_number, char out[STORE_KEY_LEN + 1])
{
    ST_LOCKED(st, store_villager_key_locked(st, id_number, out));
}
