/* test_store_faults.c — the store when things go wrong: a full disk (a VFS
 * that passes everything to the real unix VFS but refuses to grow files past
 * a byte budget, as a full eMMC does), corrupt files, foreign and newer
 * databases, a missing folder, and migrating a file made by schema version 1. */
#include <errno.h>
#include <sys/stat.h>

#include "common.h"

/* ---- a VFS with a disk quota --------------------------------------------- */

typedef struct {
    sqlite3_file base;
    sqlite3_file *real;
} quota_file;

static sqlite3_vfs *real_vfs;
static long long quota_left = -1; /* bytes files may still grow by; -1: no limit */
static int quota_refusals;

static int q_close(sqlite3_file *f)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xClose(q->real);
}

static int q_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xRead(q->real, buf, n, off);
}

static int q_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    quota_file *q = (quota_file *)f;
    if (quota_left >= 0) {
        sqlite3_int64 size = 0;
        int rc = q->real->pMethods->xFileSize(q->real, &size);
        if (rc != SQLITE_OK)
            return rc;
        sqlite3_int64 grow = off + n - size;
        if (grow > 0) {
            if (grow > quota_left) {
                quota_refusals++;
                return SQLITE_FULL; /* what the unix VFS returns for ENOSPC */
            }
            quota_left -= grow;
        }
    }
    return q->real->pMethods->xWrite(q->real, buf, n, off);
}

static int q_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xTruncate(q->real, size);
}

static int q_sync(sqlite3_file *f, int flags)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xSync(q->real, flags);
}

static int q_size(sqlite3_file *f, sqlite3_int64 *size)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xFileSize(q->real, size);
}

static int q_lock(sqlite3_file *f, int l)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xLock(q->real, l);
}

static int q_unlock(sqlite3_file *f, int l)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xUnlock(q->real, l);
}

static int q_check(sqlite3_file *f, int *out)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xCheckReservedLock(q->real, out);
}

static int q_fcntl(sqlite3_file *f, int op, void *arg)
{
    quota_file *q = (quota_file *)f;
    /* Chunked growth would bypass the byte accounting above. */
    if (op == SQLITE_FCNTL_CHUNK_SIZE || op == SQLITE_FCNTL_SIZE_HINT)
        return SQLITE_OK;
    return q->real->pMethods->xFileControl(q->real, op, arg);
}

static int q_sector(sqlite3_file *f)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xSectorSize(q->real);
}

static int q_devchar(sqlite3_file *f)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xDeviceCharacteristics(q->real);
}

static int q_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **p)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xShmMap(q->real, pg, sz, ext, p);
}

static int q_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xShmLock(q->real, off, n, flags);
}

static void q_shm_barrier(sqlite3_file *f)
{
    quota_file *q = (quota_file *)f;
    q->real->pMethods->xShmBarrier(q->real);
}

static int q_shm_unmap(sqlite3_file *f, int del)
{
    quota_file *q = (quota_file *)f;
    return q->real->pMethods->xShmUnmap(q->real, del);
}

static const sqlite3_io_methods quota_io = {
    2, q_close, q_read, q_write, q_truncate, q_sync, q_size, q_lock, q_unlock, q_check,
    q_fcntl, q_sector, q_devchar, q_shm_map, q_shm_lock, q_shm_barrier, q_shm_unmap,
    NULL, NULL,
};

static int q_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    (void)vfs;
    quota_file *q = (quota_file *)f;
    q->real = (sqlite3_file *)(q + 1);
    int rc = real_vfs->xOpen(real_vfs, name, q->real, flags, out);
    q->base.pMethods = q->real->pMethods ? &quota_io : NULL;
    return rc;
}

static int q_delete(sqlite3_vfs *v, const char *n, int s) { return real_vfs->xDelete(real_vfs, n, s); }
static int q_access(sqlite3_vfs *v, const char *n, int fl, int *o)
{
    return real_vfs->xAccess(real_vfs, n, fl, o);
}
static int q_full(sqlite3_vfs *v, const char *n, int sz, char *o)
{
    return real_vfs->xFullPathname(real_vfs, n, sz, o);
}
static int q_rand(sqlite3_vfs *v, int n, char *o) { return real_vfs->xRandomness(real_vfs, n, o); }
static int q_sleep(sqlite3_vfs *v, int us) { return real_vfs->xSleep(real_vfs, us); }
static int q_time(sqlite3_vfs *v, double *t) { return real_vfs->xCurrentTime(real_vfs, t); }
static int q_lasterr(sqlite3_vfs *v, int n, char *o) { return real_vfs->xGetLastError(real_vfs, n, o); }
static int q_time64(sqlite3_vfs *v, sqlite3_int64 *t)
{
    return real_vfs->xCurrentTimeInt64(real_vfs, t);
}

static sqlite3_vfs quota_vfs;

/* Makes the quota VFS the default, so store_open() uses it. */
static void quota_install(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    quota_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(quota_file) + real_vfs->szOsFile,
        .mxPathname = real_vfs->mxPathname,
        .zName = "cz-quota",
        .xOpen = q_open,
        .xDelete = q_delete,
        .xAccess = q_access,
        .xFullPathname = q_full,
        .xRandomness = q_rand,
        .xSleep = q_sleep,
        .xCurrentTime = q_time,
        .xGetLastError = q_lasterr,
        .xCurrentTimeInt64 = q_time64,
    };
    sqlite3_vfs_register(&quota_vfs, 1);
}

static void quota_remove(void)
{
    sqlite3_vfs_unregister(&quota_vfs);
    sqlite3_vfs_register(real_vfs, 1);
    quota_left = -1;
}

/* ---- tests -------------------------------------------------------------- */

static const char *uuid_n(unsigned n)
{
    static char buf[40];
    snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012u", n);
    return buf;
}

static void test_disk_full(void)
{
    const char *path = fx_fresh_db("full");
    quota_install();
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char id[19];
    fx_id_number("110101", 1940, 3, id);
    /* Before the disk fills: a filing and a draft. */
    CHECK_EQ_INT(store_draft_save(st, uuid_n(1), "dibao", 1, 0, "{\"a\":1}", NULL), STORE_OK);
    CHECK_EQ_INT(store_filing_confirm(st, uuid_n(1), "最低生活保障申请", "{\"p\":1}", id), STORE_OK);
    CHECK_EQ_INT(store_draft_save(st, uuid_n(2), "dibao", 1, 4, "{\"keep\":true}", NULL), STORE_OK);

    /* The disk is full: the next growth of any file fails. Fill with big drafts. */
    quota_left = 0;
    char *big = malloc(64 * 1024);
    REQUIRE(big);
    memset(big, 'x', 64 * 1024 - 1);
    big[64 * 1024 - 1] = '\0';
    int rc = STORE_OK, tries = 0;
    for (unsigned i = 100; rc == STORE_OK && tries < 200; i++, tries++)
        rc = store_draft_save(st, uuid_n(i), "dibao", 1, 0, big, NULL);
    CHECK_EQ_INT(rc, STORE_ERR_FULL);
    CHECK(quota_refusals > 0);
    CHECK(strcmp(store_error_key(rc), "err.store.full") == 0);
    /* Confirming on a full disk fails as a whole: the draft stays a draft. */
    CHECK_EQ_INT(store_filing_confirm(st, uuid_n(2), "最低生活保障申请", big, id), STORE_ERR_FULL);
    store_draft d;
    REQUIRE(store_draft_load(st, uuid_n(2), &d) == STORE_OK);
    CHECK_EQ_INT(d.page, 4);
    CHECK_EQ_STR(d.answers, "{\"keep\":true}");
    store_draft_clear(&d);
    int n = -1;
    CHECK_EQ_INT(store_outbox_count(st, &n), STORE_OK);
    CHECK_EQ_INT(n, 1);
    store_close(st);

    /* Still full: the file opens and everything stored before is readable. */
    REQUIRE(store_open(path, &st) == STORE_OK);
    CHECK_EQ_INT(store_check(st, 1), STORE_OK);
    store_filing f;
    REQUIRE(store_filing_get(st, uuid_n(1), &f) == STORE_OK);
    CHECK_EQ_STR(f.payload, "{\"p\":1}");
    store_filing_clear(&f);
    REQUIRE(store_draft_load(st, uuid_n(2), &d) == STORE_OK);
    CHECK_EQ_INT(d.page, 4);
    store_draft_clear(&d);

    /* Space again (the technician cleaned up): work goes on. */
    quota_left = -1;
    CHECK_EQ_INT(store_filing_confirm(st, uuid_n(2), "最低生活保障申请", "{\"p\":2}", id), STORE_OK);
    CHECK_EQ_INT(store_outbox_count(st, &n), STORE_OK);
    CHECK_EQ_INT(n, 2);
    store_close(st);
    free(big);
    quota_remove();
}

static void test_disk_full_at_ack(void)
{
    const char *path = fx_fresh_db("full-ack");
    quota_install();
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char id[19];
    fx_id_number("110101", 1940, 4, id);
    /* Make the WAL big, then checkpoint so it is reused, then fill the disk
     * exactly: a big receipt number must grow the WAL. */
    CHECK_EQ_INT(store_draft_save(st, uuid_n(1), "dibao", 1, 0, "{}", NULL), STORE_OK);
    CHECK_EQ_INT(store_filing_confirm(st, uuid_n(1), "最低生活保障申请", "{\"p\":1}", id), STORE_OK);
    CHECK_EQ_INT(store_checkpoint(st), STORE_OK);
    quota_left = 0;
    char receipt[201];
    memset(receipt, 'R', 200);
    receipt[200] = '\0';
    int rc = store_filing_ack(st, uuid_n(1), receipt, STORE_STATUS_SUBMITTED, 1);
    CHECK_EQ_INT(rc, STORE_ERR_FULL);
    /* Not acknowledged: still pending with its payload, no receipt. */
    store_filing f;
    REQUIRE(store_filing_get(st, uuid_n(1), &f) == STORE_OK);
    CHECK_EQ_STR(f.payload, "{\"p\":1}");
    store_filing_clear(&f);
    store_receipt r;
    CHECK_EQ_INT(store_receipt_get(st, receipt, &r), STORE_ERR_NOTFOUND);
    quota_left = -1;
    CHECK_EQ_INT(store_filing_ack(st, uuid_n(1), receipt, STORE_STATUS_SUBMITTED, 1), STORE_OK);
    store_close(st);
    quota_remove();
}

/* Opens path expecting `want`, and checks the file's bytes did not change. */
static void expect_open_fails(const char *path, int want)
{
    size_t n0 = 0, n1 = 0;
    char *before = fx_slurp(path, &n0);
    store *st = (store *)1;
    CHECK_EQ_INT(store_open(path, &st), want);
    CHECK(st == NULL);
    char *after = fx_slurp(path, &n1);
    CHECK(before && after && n0 == n1 && memcmp(before, after, n0) == 0);
    free(before);
    free(after);
}

static void test_garbage_file(void)
{
    const char *path = fx_fresh_db("garbage");
    char junk[8192];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i * 7 + 3);
    fx_write(path, junk, sizeof junk);
    expect_open_fails(path, STORE_ERR_CORRUPT);
    const char *text = "这不是数据库 / not a database\n";
    fx_write(path, text, strlen(text));
    expect_open_fails(path, STORE_ERR_CORRUPT);
    /* A real SQLite header followed by rubbish. */
    memcpy(junk, "SQLite format 3", 16);
    fx_write(path, junk, sizeof junk);
    expect_open_fails(path, STORE_ERR_CORRUPT);
}

/* Makes a closed database with some data; returns its path (static). */
static const char *make_filled(const char *name)
{
    const char *path = fx_fresh_db(name);
    store *st = NULL;
    if (store_open(path, &st) != STORE_OK)
        return path;
    char id[19], answers[3000];
    memset(answers, 'a', sizeof answers - 1);
    answers[sizeof answers - 1] = '\0';
    for (unsigned i = 1; i <= 40; i++) {
        fx_id_number("110101", 1940, i, id);
        store_draft_save(st, uuid_n(i), "pension_enrol", 1, 1, answers, NULL);
        if (i % 2)
            store_filing_confirm(st, uuid_n(i), "养老保险参保登记", answers, id);
    }
    store_close(st); /* the last close checkpoints and removes the WAL */
    return path;
}

static void test_corrupt_pages(void)
{
    const char *path = make_filled("smashed");
    size_t n = 0;
    char *data = fx_slurp(path, &n);
    REQUIRE(data && n > 4096 * 8);
    /* Page size from the header; smash every page but the first. */
    size_t page = ((unsigned char)data[16] << 8) | (unsigned char)data[17];
    REQUIRE(page >= 512);
    for (size_t i = page; i < n; i++)
        data[i] = (char)(0xA5 ^ (i * 13));
    fx_write(path, data, n);
    expect_open_fails(path, STORE_ERR_CORRUPT);

    /* Only one table page damaged in its middle: the check finds it. */
    path = make_filled("one-page");
    free(data);
    data = fx_slurp(path, &n);
    REQUIRE(data);
    size_t pages = n / page;
    size_t victim = pages / 2;
    memset(data + victim * page + 8, 0xFF, 64);
    fx_write(path, data, n);
    expect_open_fails(path, STORE_ERR_CORRUPT);

    /* A file cut short (a copy interrupted). */
    path = make_filled("truncated");
    free(data);
    data = fx_slurp(path, &n);
    REQUIRE(data);
    fx_write(path, data, (n / page / 2) * page);
    expect_open_fails(path, STORE_ERR_CORRUPT);
    free(data);
}

static void test_foreign_and_newer(void)
{
    const char *path = fx_fresh_db("foreign");
    CHECK_EQ_INT(raw_exec(path, "CREATE TABLE contacts(name TEXT)"), SQLITE_OK);
    expect_open_fails(path, STORE_ERR_CORRUPT);
    path = fx_fresh_db("other-app");
    CHECK_EQ_INT(raw_exec(path, "PRAGMA application_id=42; PRAGMA user_version=1"), SQLITE_OK);
    expect_open_fails(path, STORE_ERR_CORRUPT);

    path = fx_fresh_db("newer");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    store_close(st);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", STORE_SCHEMA_VERSION + 1);
    CHECK_EQ_INT(raw_exec(path, sql), SQLITE_OK);
    expect_open_fails(path, STORE_ERR_TOONEW);
    CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION + 1);

    char missing[1100];
    snprintf(missing, sizeof missing, "%s/no-such-folder/kiosk.db", check_tmpdir("store"));
    CHECK_EQ_INT(store_open(missing, &st), STORE_ERR_CANTOPEN);
    CHECK(st == NULL);
}

/* Creates a schema-1 database from the fixture (plus extra SQL). */
static const char *make_v1(const char *name, const char *extra)
{
    const char *path = fx_fresh_db(name);
    size_t n = 0;
    char *sql = fx_slurp(check_testfile("store/schema_v1.sql"), &n);
    CHECK(sql != NULL);
    if (sql) {
        CHECK_EQ_INT(raw_exec(path, sql), SQLITE_OK);
        free(sql);
    }
    if (extra)
        CHECK_EQ_INT(raw_exec(path, extra), SQLITE_OK);
    return path;
}

static void test_migrate_from_v1(void)
{
    const char *path = make_v1("v1", NULL);
    CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), 1);
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    CHECK_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    CHECK_EQ_INT(store_check(st, 1), STORE_OK);
    store_set_clock(st, test_clock, NULL);
    /* The draft resumes where it was. */
    store_draft d;
    REQUIRE(store_draft_load(st, "0a1b2c3d-4e5f-4a6b-8c7d-000000000001", &d) == STORE_OK);
    CHECK_EQ_INT(d.page, 3);
    CHECK_EQ_STR(d.answers, "{\"bank\":\"农商银行\"}");
    CHECK_EQ_STR(d.agent_id, "agent-3");
    store_draft_clear(&d);
    /* Pending filings keep order and attempts, gain back-off fields. */
    store_filing *l = NULL;
    size_t n = 0;
    REQUIRE(store_outbox_list(st, NULL, &l, &n) == STORE_OK);
    REQUIRE(n == 2);
    CHECK_EQ_INT(l[0].seq, 7);
    CHECK_EQ_INT(l[0].attempts, 4);
    CHECK_EQ_INT(l[0].next_attempt_ms, 0);
    CHECK(l[0].last_error == NULL);
    CHECK_EQ_INT(l[1].seq, 9);
    store_filing_list_free(l, n);
    /* Same villager: only the older one is due. */
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(n ? l[0].seq : 0, 7);
    store_filing_list_free(l, n);
    /* The old receipt's text status became the enum. */
    store_receipt r;
    REQUIRE(store_receipt_get(st, "XZ2023-0005", &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_ACCEPTED);
    CHECK_EQ_INT(r.status_ms, 1680000500000LL);
    CHECK_EQ_STR(r.item_title, "最低生活保障申请");
    store_receipt_clear(&r);
    /* Audit rows: actor split into kind + id, ids kept, new rows after them. */
    store_audit_row *rows = NULL;
    REQUIRE(store_audit_list(st, 0, 10, &rows, &n) == STORE_OK);
    REQUIRE(n == 3);
    CHECK_EQ_INT(rows[0].id, 3);
    CHECK_EQ_INT(rows[0].actor, STORE_ACTOR_AGENT);
    CHECK_EQ_STR(rows[0].actor_id, "agent-3");
    CHECK_EQ_INT(rows[1].actor, STORE_ACTOR_SYNC);
    CHECK(rows[1].actor_id == NULL);
    CHECK_EQ_INT(rows[2].actor, STORE_ACTOR_VILLAGER);
    store_audit_list_free(rows, n);
    /* A new filing gets a sequence after the old ones. */
    char id[19];
    fx_id_number("110101", 1940, 11, id);
    CHECK_EQ_INT(store_filing_confirm(st, "0a1b2c3d-4e5f-4a6b-8c7d-000000000001", "高龄津贴申请",
                                      "{}", id),
                 STORE_OK);
    store_filing f;
    REQUIRE(store_filing_get(st, "0a1b2c3d-4e5f-4a6b-8c7d-000000000001", &f) == STORE_OK);
    CHECK_EQ_INT(f.seq, 10);
    store_filing_clear(&f);
    REQUIRE(store_audit_list(st, 0, 1, &rows, &n) == STORE_OK);
    CHECK_EQ_INT(n ? rows[0].id : 0, 4);
    store_audit_list_free(rows, n);
    store_close(st);
    CHECK(raw_exec(path, "DELETE FROM audit") != SQLITE_OK);
}

/* Version 3 to 4: pending filings gain the frozen-body and held columns
 * empty (the uploader builds their bodies), stay due and in order. */
static void test_migrate_from_v3(void)
{
    const char *path = fx_fresh_db("v3");
    size_t len = 0;
    char *sql = fx_slurp(check_testfile("store/schema_v3.sql"), &len);
    REQUIRE(sql != NULL);
    CHECK_EQ_INT(raw_exec(path, sql), SQLITE_OK);
    free(sql);
    CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), 3);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM pragma_table_info('outbox') WHERE name='body'"), 0);
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    CHECK_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    CHECK_EQ_INT(store_check(st, 1), STORE_OK);
    store_filing f;
    REQUIRE(store_filing_get(st, "d49d20ae-a6e8-48d8-8252-6ee8cd8277e1", &f) == STORE_OK);
    CHECK(f.body == NULL && f.body_sha256[0] == '\0' && f.held_reason == NULL);
    CHECK(f.payload && strstr(f.payload, "\"n\":0"));
    CHECK_EQ_INT(f.seq, 1);
    store_filing_clear(&f);
    store_filing *l = NULL;
    size_t n = 0;
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 1);
    store_filing_list_free(l, n);
    store_close(st);
    CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    /* the new columns refuse a hash without a body or of the wrong length */
    CHECK(raw_exec(path, "UPDATE outbox SET body_sha256 = 'abc'") != SQLITE_OK);
    CHECK(raw_exec(path, "UPDATE outbox SET body = NULL, body_sha256 ="
                         " '0000000000000000000000000000000000000000000000000000000000000000'") != SQLITE_OK);
}

/* Version 4 to 5: receipts are rebuilt with the county's note, the next
 * poll time (at once: the status loop asks about every open filing once)
 * and a status 4 (superseded); the returned receipt stays returned, the
 * finished one is never polled; the pending filing is untouched. */
static void test_migrate_from_v4(void)
{
    const char *path = fx_fresh_db("v4");
    size_t len = 0;
    char *sql = fx_slurp(check_testfile("store/schema_v4.sql"), &len);
    REQUIRE(sql != NULL);
    CHECK_EQ_INT(raw_exec(path, sql), SQLITE_OK);
    free(sql);
    CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), 4);
    CHECK(raw_exec(path, "UPDATE receipts SET status = 4") != SQLITE_OK); /* v4's CHECK */
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    CHECK_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    CHECK_EQ_INT(store_check(st, 1), STORE_OK);
    store_receipt r;
    REQUIRE(store_receipt_get(st, "CZ202611220000007", &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_RETURNED);
    CHECK(r.note == NULL);
    CHECK_EQ_INT(r.next_poll_ms, 0);
    CHECK_EQ_INT(r.seq, 0);
    store_receipt_clear(&r);
    store_receipt *due = NULL;
    size_t n = 0;
    REQUIRE(store_receipt_poll_due(st, test_now_ms, 0, &due, &n) == STORE_OK);
    CHECK_EQ_INT(n, 1); /* the done one is final */
    CHECK_EQ_STR(n ? due[0].receipt_no : "", "CZ202611220000007");
    store_receipt_list_free(due, n);
    int returned = -1;
    CHECK_EQ_INT(store_agent_returned(st, "A0012", &returned), STORE_OK);
    CHECK_EQ_INT(returned, 1);
    store_filing f;
    REQUIRE(store_filing_get(st, "d49d20ae-a6e8-48d8-8252-6ee8cd8277e1", &f) == STORE_OK);
    CHECK(f.payload && strstr(f.payload, "\"n\":0"));
    store_filing_clear(&f);
    CHECK_EQ_INT(store_receipt_set_status(st, "CZ202611220000007", STORE_STATUS_SUPERSEDED, 1,
                                          NULL),
                 STORE_OK);
    store_close(st);
    CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name IN"
                               " ('receipts_villager','receipts_agent','receipts_poll')"), 3);
}

/* Version 5 to 6: the drafts' count of wrong digits (the owner check), 0
 * for a draft kept from before; counted, read and cleared after. The v5
 * file is a v6 one with that column taken out again (the two differ in it
 * alone). */
static void test_migrate_from_v5(void)
{
    const char *path = fx_fresh_db("v5");
    static const char *U = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    REQUIRE(store_draft_save(st, U, "dibao", 1, 0, "{\"phone\":\"13812345678\"}", NULL) ==
            STORE_OK);
    store_close(st);
    CHECK_EQ_INT(raw_exec(path, "ALTER TABLE drafts DROP COLUMN wrong_digits;"
                                " PRAGMA user_version = 5"),
                 SQLITE_OK);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM pragma_table_info('drafts')"
                               " WHERE name='wrong_digits'"),
                 0);
    REQUIRE(store_open(path, &st) == STORE_OK);
    CHECK_EQ_INT(store_schema_version(st), 6);
    CHECK_EQ_INT(store_check(st, 1), STORE_OK);
    int n = -1;
    CHECK_EQ_INT(store_draft_wrong_digits(st, U, STORE_WRONG_READ, &n), STORE_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(store_draft_wrong_digits(st, U, STORE_WRONG_ADD, &n), STORE_OK);
    CHECK_EQ_INT(store_draft_wrong_digits(st, U, STORE_WRONG_ADD, &n), STORE_OK);
    CHECK_EQ_INT(n, 2);
    /* an autosave of the draft keeps its count */
    REQUIRE(store_draft_save(st, U, "dibao", 1, 1, "{\"phone\":\"13812345678\"}", NULL) ==
            STORE_OK);
    store_close(st);
    REQUIRE(store_open(path, &st) == STORE_OK); /* a restart gives no more tries */
    CHECK_EQ_INT(store_draft_wrong_digits(st, U, STORE_WRONG_READ, &n), STORE_OK);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(store_draft_wrong_digits(st, U, STORE_WRONG_CLEAR, &n), STORE_OK);
    CHECK_EQ_INT(n, 0);
    /* refused: no such draft, a bad uuid, a change that is none of the three */
    CHECK_EQ_INT(store_draft_wrong_digits(st, "0f8fad5b-d9cb-469f-a165-70867728950e",
                                          STORE_WRONG_ADD, &n),
                 STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_draft_wrong_digits(st, "0f8fad5b-d9cb-469f-a165-70867728950e",
                                          STORE_WRONG_READ, &n),
                 STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_draft_wrong_digits(st, "x", STORE_WRONG_READ, &n), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_draft_wrong_digits(st, U, 2, &n), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_draft_wrong_digits(st, U, STORE_WRONG_READ, NULL), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_draft_wrong_digits(NULL, U, STORE_WRONG_READ, &n), STORE_ERR_INVALID);
    /* gone with the draft */
    REQUIRE(store_draft_delete(st, U) == STORE_OK);
    CHECK_EQ_INT(store_draft_wrong_digits(st, U, STORE_WRONG_READ, &n), STORE_ERR_NOTFOUND);
    store_close(st);
}

static void test_migrate_failure_keeps_v1(void)
{
    /* A receipt with a status version 2 cannot map: the migration must fail
     * as a whole and leave the file exactly at version 1. */
    const char *path =
        make_v1("v1-bad", "INSERT INTO receipts VALUES ('R-X', '0a1b2c3d-4e5f-4a6b-8c7d-0000000000ff',"
                          " 'dibao', 't', 'k', 1, 2, 'lost-in-post')");
    store *st = NULL;
    CHECK_EQ_INT(store_open(path, &st), STORE_ERR_MIGRATE);
    CHECK(st == NULL);
    CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), 1);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM receipts WHERE typeof(status)='text'"), 2);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM pragma_table_info('outbox')"
                               " WHERE name='next_attempt_ms'"),
                 0);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM outbox"), 2);
    /* After fixing the row by hand, the migration goes through. */
    CHECK_EQ_INT(raw_exec(path, "UPDATE receipts SET status='submitted' WHERE receipt_no='R-X'"),
                 SQLITE_OK);
    REQUIRE(store_open(path, &st) == STORE_OK);
    store_receipt r;
    CHECK_EQ_INT(store_receipt_get(st, "R-X", &r), STORE_OK);
    store_receipt_clear(&r);
    store_close(st);
}

int main(void)
{
    RUN(test_disk_full);
    RUN(test_disk_full_at_ack);
    RUN(test_garbage_file);
    RUN(test_corrupt_pages);
    RUN(test_foreign_and_newer);
    RUN(test_migrate_from_v1);
    RUN(test_migrate_failure_keeps_v1);
    RUN(test_migrate_from_v3);
    RUN(test_migrate_from_v4);
    RUN(test_migrate_from_v5);
    return check_summary();
}
