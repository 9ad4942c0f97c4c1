/* test_store.c — the store on real SQLite files: open settings, drafts,
 * confirm, upload order, ack + purge, receipts, audit log, villager keys. */
#include "common.h"

#include <sys/stat.h>

#define U1 "6f1c2a3b-0d4e-4f50-8a61-7b8c9d0e1f21"
#define U2 "6f1c2a3b-0d4e-4f50-8a61-7b8c9d0e1f22"
#define U3 "6f1c2a3b-0d4e-4f50-8a61-7b8c9d0e1f23"
#define U4 "6f1c2a3b-0d4e-4f50-8a61-7b8c9d0e1f24"

static store *open_fresh(const char *name, const char **path_out)
{
    const char *path = fx_fresh_db(name);
    store *st = NULL;
    int rc = store_open(path, &st);
    CHECK_EQ_INT(rc, STORE_OK);
    if (st)
        store_set_clock(st, test_clock, NULL);
    if (path_out)
        *path_out = path;
    return st;
}

static void test_open_settings(void)
{
    const char *path;
    store *st = open_fresh("settings", &path);
    REQUIRE(st);
    CHECK_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    CHECK_EQ_INT(store_check(st, 1), STORE_OK);
    /* What the file itself says, seen from another connection. */
    sqlite3 *db = NULL;
    REQUIRE(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    CHECK_EQ_STR((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(db);
    CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_EQ_INT(raw_int(path, "PRAGMA application_id"), 0x435a5354);
    CHECK_EQ_INT(raw_int(path, "SELECT length(value) FROM meta WHERE key='villager_salt'"), 32);
    store_close(st);
    /* Reopening keeps the version and the salt. */
    char key1[STORE_KEY_LEN + 1], key2[STORE_KEY_LEN + 1], id[19];
    fx_id_number("110101", 1940, 7, id);
    REQUIRE(store_open(path, &st) == STORE_OK);
    CHECK_EQ_INT(store_villager_key(st, id, key1), STORE_OK);
    store_close(st);
    REQUIRE(store_open(path, &st) == STORE_OK);
    CHECK_EQ_INT(store_villager_key(st, id, key2), STORE_OK);
    CHECK_EQ_STR(key1, key2);
    store_close(st);
    store_close(NULL);
}

static void test_errors_have_text(void)
{
    for (int c = STORE_ERR_INTERNAL; c <= STORE_OK; c++) {
        CHECK(store_strerror(c) && store_strerror(c)[0]);
        CHECK(strncmp(store_error_key(c), "err.store.", 10) == 0);
        for (int d = STORE_ERR_INTERNAL; d < c; d++) {
            CHECK(strcmp(store_error_key(c), store_error_key(d)) != 0);
            CHECK(strcmp(store_strerror(c), store_strerror(d)) != 0);
        }
    }
    CHECK(strcmp(store_error_key(STORE_ERR_FULL), store_error_key(STORE_ERR_CORRUPT)) != 0);
    CHECK_EQ_STR(store_error_key(-999), "err.store.unknown");
    store *st = NULL;
    CHECK_EQ_INT(store_open(NULL, &st), STORE_ERR_INVALID);
    CHECK(st == NULL);
    CHECK_EQ_INT(store_open("", &st), STORE_ERR_INVALID);
}

static void test_villager_key(void)
{
    store *a = open_fresh("key-a", NULL), *b = open_fresh("key-b", NULL);
    REQUIRE(a && b);
    char k1[STORE_KEY_LEN + 1], k2[STORE_KEY_LEN + 1], k3[STORE_KEY_LEN + 1];
    CHECK_EQ_INT(store_villager_key(a, "11010119800101001x", k1), STORE_OK);
    CHECK_EQ_INT(store_villager_key(a, "110101 19800101 001X", k2), STORE_OK);
    CHECK_EQ_STR(k1, k2);
    CHECK_EQ_INT((int)strlen(k1), STORE_KEY_LEN);
    CHECK(strstr(k1, "110101") == NULL);
    /* Another kiosk's salt gives another key for the same person. */
    CHECK_EQ_INT(store_villager_key(b, "11010119800101001X", k3), STORE_OK);
    CHECK(strcmp(k1, k3) != 0);
    CHECK_EQ_INT(store_villager_key(a, "110101198001010012", k3), STORE_OK);
    CHECK(strcmp(k1, k3) != 0);
    /* Malformed numbers. */
    CHECK_EQ_INT(store_villager_key(a, "", k3), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_villager_key(a, "11010119800101001", k3), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_villager_key(a, "1101011980010100123", k3), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_villager_key(a, "1101011980010X0012", k3), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_villager_key(a, "11010119800101001Y", k3), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_villager_key(a, "１１０１０１19800101001X", k3), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_villager_key(a, NULL, k3), STORE_ERR_INVALID);
    store_close(a);
    store_close(b);
}

static void test_drafts(void)
{
    const char *path;
    store *st = open_fresh("drafts", &path);
    REQUIRE(st);
    CHECK_EQ_INT(store_draft_save(st, U1, "pension_enrol", 3, 0, "{\"a\":1}", NULL), STORE_OK);
    test_now_ms += 1000;
    CHECK_EQ_INT(store_draft_save(st, U2, "elderly_allowance", 1, 0, "{}", "agent-07"), STORE_OK);
    test_now_ms += 1000;
    /* Uppercase uuid is the same draft. */
    const char *answers = "{\"姓名\":\"阿依古丽·买买提\",\"page\":2}";
    CHECK_EQ_INT(store_draft_save(st, "6F1C2A3B-0D4E-4F50-8A61-7B8C9D0E1F21", "pension_enrol", 3,
                                  2, answers, NULL),
                 STORE_OK);
    store_draft d;
    REQUIRE(store_draft_load(st, U1, &d) == STORE_OK);
    CHECK_EQ_STR(d.uuid, U1);
    CHECK_EQ_STR(d.form_id, "pension_enrol");
    CHECK_EQ_INT(d.form_version, 3);
    CHECK_EQ_INT(d.page, 2);
    CHECK_EQ_STR(d.answers, answers);
    CHECK(d.agent_id == NULL);
    CHECK_EQ_INT(d.created_ms, 1700000000000LL);
    CHECK_EQ_INT(d.updated_ms, test_now_ms);
    store_draft_clear(&d);
    /* Same uuid, other form: refused, draft unchanged. */
    CHECK_EQ_INT(store_draft_save(st, U1, "medical_enrol", 1, 5, "{}", NULL), STORE_ERR_CONFLICT);
    /* Bad arguments. */
    CHECK_EQ_INT(store_draft_save(st, "nope", "f", 1, 0, "{}", NULL), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_draft_save(st, U3, "", 1, 0, "{}", NULL), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_draft_save(st, U3, "f", 1, -1, "{}", NULL), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_draft_save(st, U3, "f", 1, 0, NULL, NULL), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_draft_load(st, U3, &d), STORE_ERR_NOTFOUND);

    store_draft *list = NULL;
    size_t n = 0;
    REQUIRE(store_draft_list(st, &list, &n) == STORE_OK);
    REQUIRE(n == 2);
    CHECK_EQ_STR(list[0].uuid, U1); /* most recently updated first */
    CHECK_EQ_INT(list[0].page, 2);
    CHECK(list[0].answers == NULL);
    CHECK_EQ_STR(list[1].uuid, U2);
    CHECK_EQ_STR(list[1].agent_id, "agent-07");
    store_draft_list_free(list, n);
    store_close(st);

    /* Resume at the same page after the process ends (a power cut for the app). */
    REQUIRE(store_open(path, &st) == STORE_OK);
    REQUIRE(store_draft_load(st, U1, &d) == STORE_OK);
    CHECK_EQ_INT(d.page, 2);
    CHECK_EQ_STR(d.answers, answers);
    store_draft_clear(&d);
    CHECK_EQ_INT(store_draft_delete(st, U2), STORE_OK);
    CHECK_EQ_INT(store_draft_delete(st, U2), STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_draft_load(st, U2, &d), STORE_ERR_NOTFOUND);

    /* Purge abandoned drafts. */
    store_set_clock(st, test_clock, NULL);
    int purged = -1;
    CHECK_EQ_INT(store_draft_purge(st, 1700000000000LL, &purged), STORE_OK);
    CHECK_EQ_INT(purged, 0);
    CHECK_EQ_INT(store_draft_purge(st, test_now_ms + 1, &purged), STORE_OK);
    CHECK_EQ_INT(purged, 1);
    REQUIRE(store_draft_list(st, &list, &n) == STORE_OK);
    CHECK_EQ_INT(n, 0);
    store_draft_list_free(list, n);
    store_close(st);
}

static void test_confirm(void)
{
    const char *path;
    store *st = open_fresh("confirm", &path);
    REQUIRE(st);
    char id[19];
    fx_id_number("110101", 1940, 1, id);
    CHECK_EQ_INT(store_draft_save(st, U1, "pension_enrol", 3, 4, "{\"x\":1}", "agent-07"),
                 STORE_OK);
    CHECK_EQ_INT(store_filing_confirm(st, U3, "养老保险参保登记", "{}", id), STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_filing_confirm(st, U1, "养老保险参保登记", "{}", "123"), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_filing_confirm(st, U1, NULL, "{}", id), STORE_ERR_INVALID);
    test_now_ms += 500;
    CHECK_EQ_INT(store_filing_confirm(st, U1, "养老保险参保登记", "{\"payload\":1}", id), STORE_OK);
    /* The draft is gone, the filing is pending. */
    store_draft d;
    CHECK_EQ_INT(store_draft_load(st, U1, &d), STORE_ERR_NOTFOUND);
    store_filing f;
    REQUIRE(store_filing_get(st, U1, &f) == STORE_OK);
    CHECK_EQ_STR(f.uuid, U1);
    CHECK_EQ_STR(f.form_id, "pension_enrol");
    CHECK_EQ_INT(f.form_version, 3);
    CHECK_EQ_STR(f.item_title, "养老保险参保登记");
    CHECK_EQ_STR(f.payload, "{\"payload\":1}");
    CHECK_EQ_STR(f.agent_id, "agent-07");
    CHECK_EQ_INT(f.created_ms, test_now_ms);
    CHECK_EQ_INT(f.attempts, 0);
    CHECK(f.last_error == NULL);
    char key[STORE_KEY_LEN + 1];
    store_villager_key(st, id, key);
    CHECK_EQ_STR(f.villager_key, key);
    store_filing_clear(&f);
    /* A second tap: harmless, reported, nothing duplicated. */
    CHECK_EQ_INT(store_filing_confirm(st, U1, "养老保险参保登记", "{\"payload\":2}", id),
                 STORE_ERR_ALREADY);
    /* A late autosave for the same uuid does not resurrect the draft. */
    CHECK_EQ_INT(store_draft_save(st, U1, "pension_enrol", 3, 5, "{}", NULL), STORE_ERR_ALREADY);
    CHECK_EQ_INT(store_draft_load(st, U1, &d), STORE_ERR_NOTFOUND);
    int n = -1;
    CHECK_EQ_INT(store_outbox_count(st, &n), STORE_OK);
    CHECK_EQ_INT(n, 1);
    /* The ID number is not in the file in clear. */
    store_close(st);
    CHECK(!fx_file_contains(path, id));
    char side[1100];
    snprintf(side, sizeof side, "%s-wal", path);
    CHECK(!fx_file_contains(side, id));
}

/* Autosaves write the WAL again from its start after every checkpoint (one
 * each 64 pages): the file stays small however often a draft is saved, and
 * every answer is still there after closing and opening again. */
static void test_autosaves_reuse_wal(void)
{
    const char *path;
    store *st = open_fresh("walreuse", &path);
    REQUIRE(st);
    char side[1100], answers[64];
    snprintf(side, sizeof side, "%s-wal", path);
    for (int i = 0; i < 400; i++) {
        snprintf(answers, sizeof answers, "{\"day\":%d}", i);
        CHECK_EQ_INT(store_draft_save(st, U1, "medical_remote", 1, 2, answers, NULL), STORE_OK);
    }
    struct stat sb;
    REQUIRE(stat(side, &sb) == 0);
    CHECK(sb.st_size < 100 * (4096 + 24) + 32); /* 400 autosaves would be 1.6 MB */
    store_close(st);
    REQUIRE(store_open(path, &st) == STORE_OK);
    store_draft d;
    REQUIRE(store_draft_load(st, U1, &d) == STORE_OK);
    CHECK_EQ_STR(d.answers, "{\"day\":399}");
    store_draft_clear(&d);
    store_close(st);
}

/* Makes and confirms a draft for the villager with serial `who`. */
static void file_one(store *st, const char *uuid, unsigned who, const char *payload)
{
    char id[19];
    fx_id_number("110101", 1940, who, id);
    CHECK_EQ_INT(store_draft_save(st, uuid, "medical_enrol", 1, 0, "{}", NULL), STORE_OK);
    test_now_ms += 10;
    CHECK_EQ_INT(store_filing_confirm(st, uuid, "医保参保缴费", payload, id), STORE_OK);
}

/* Drafts expire by age (ui.draft_keep_days): store_draft_expire() at start
 * and daily, and every confirm expires the others' old drafts. */
static void test_draft_expiry(void)
{
    const char *path;
    store *st = open_fresh("expiry", &path);
    REQUIRE(st);
    const int64_t day = 24 * 3600 * 1000LL;
    CHECK_EQ_INT(store_draft_save(st, U1, "dibao", 1, 0, "{\"old\":1}", NULL), STORE_OK);
    test_now_ms += 3 * day;
    CHECK_EQ_INT(store_draft_save(st, U2, "dibao", 1, 0, "{\"mid\":1}", NULL), STORE_OK);
    test_now_ms += 4 * day + 1; /* U1 last changed 7 days + 1 ms ago, U2 4 days ago */
    int n = -1;
    CHECK_EQ_INT(store_draft_expire(st, &n), STORE_OK); /* no keep time set: keeps all */
    CHECK_EQ_INT(n, 0);
    store_set_draft_keep(st, 7 * day);
    CHECK_EQ_INT(store_draft_save(st, U3, "dibao", 1, 0, "{\"new\":1}", NULL), STORE_OK);
    char id[19];
    fx_id_number("110101", 1940, 2, id);
    CHECK_EQ_INT(store_filing_confirm(st, U3, "最低生活保障申请", "{}", id), STORE_OK);
    store_draft d;
    CHECK_EQ_INT(store_draft_load(st, U1, &d), STORE_ERR_NOTFOUND); /* expired at confirm */
    REQUIRE(store_draft_load(st, U2, &d) == STORE_OK);
    store_draft_clear(&d);
    test_now_ms += 3 * day + 1;
    CHECK_EQ_INT(store_draft_expire(st, &n), STORE_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(store_draft_load(st, U2, &d), STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM audit WHERE action = 'draft.purge'"), 2);
    store_close(st);
}

static void test_upload_order(void)
{
    store *st = open_fresh("order", NULL);
    REQUIRE(st);
    file_one(st, U1, 1, "{}"); /* villager 1 */
    file_one(st, U2, 2, "{}"); /* villager 2 */
    file_one(st, U3, 1, "{}"); /* villager 1 again */
    file_one(st, U4, 3, "{}"); /* villager 3 */
    store_filing *l = NULL;
    size_t n = 0;
    REQUIRE(store_outbox_list(st, NULL, &l, &n) == STORE_OK);
    REQUIRE(n == 4);
    CHECK_EQ_STR(l[0].uuid, U1);
    CHECK_EQ_STR(l[1].uuid, U2);
    CHECK_EQ_STR(l[2].uuid, U3);
    CHECK_EQ_STR(l[3].uuid, U4);
    CHECK(l[0].seq < l[1].seq && l[1].seq < l[2].seq && l[2].seq < l[3].seq);
    char k1[STORE_KEY_LEN + 1];
    snprintf(k1, sizeof k1, "%s", l[0].villager_key);
    store_filing_list_free(l, n);
    REQUIRE(store_outbox_list(st, k1, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 2);
    store_filing_list_free(l, n);

    /* Due: U3 waits behind U1 of the same villager. */
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    REQUIRE(n == 3);
    CHECK_EQ_STR(l[0].uuid, U1);
    CHECK_EQ_STR(l[1].uuid, U2);
    CHECK_EQ_STR(l[2].uuid, U4);
    store_filing_list_free(l, n);
    REQUIRE(store_outbox_due(st, test_now_ms, 1, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 1);
    store_filing_list_free(l, n);

    /* U1 fails: back off 60 s. U3 still waits (order per villager is kept). */
    CHECK_EQ_INT(store_filing_fail(st, U1, "HTTP 503", test_now_ms + 60000), STORE_OK);
    CHECK_EQ_INT(store_filing_fail(st, U1, "timeout", test_now_ms + 60000), STORE_OK);
    CHECK_EQ_INT(store_filing_fail(st, "6f1c2a3b-0d4e-4f50-8a61-000000000000", "x", 0),
                 STORE_ERR_NOTFOUND);
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    REQUIRE(n == 2);
    CHECK_EQ_STR(l[0].uuid, U2);
    CHECK_EQ_STR(l[1].uuid, U4);
    store_filing_list_free(l, n);
    store_filing f;
    REQUIRE(store_filing_get(st, U1, &f) == STORE_OK);
    CHECK_EQ_INT(f.attempts, 2);
    CHECK_EQ_STR(f.last_error, "timeout");
    CHECK_EQ_INT(f.next_attempt_ms, test_now_ms + 60000);
    store_filing_clear(&f);
    /* due on the caller's clock (the engine's), not the store's: the store's
     * clock still says test_now_ms, the engine's has moved on */
    REQUIRE(store_outbox_due(st, test_now_ms + 60000, 10, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 3);
    store_filing_list_free(l, n);
    /* a technician's 立即上传: U1 due at once, its attempts and error kept */
    int waited = -1;
    CHECK_EQ_INT(store_outbox_due_now(st, &waited), STORE_OK);
    CHECK_EQ_INT(waited, 1);
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 3);
    store_filing_list_free(l, n);
    REQUIRE(store_filing_get(st, U1, &f) == STORE_OK);
    CHECK_EQ_INT(f.attempts, 2);
    CHECK_EQ_STR(f.last_error, "timeout");
    CHECK_EQ_INT(f.next_attempt_ms, 0);
    store_filing_clear(&f);
    CHECK_EQ_INT(store_outbox_due_now(st, &waited), STORE_OK);
    CHECK_EQ_INT(waited, 0);
    CHECK_EQ_INT(store_outbox_due_now(NULL, &waited), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_filing_fail(st, U1, "timeout", test_now_ms + 60000), STORE_OK);
    test_now_ms += 60000;
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 3);
    store_filing_list_free(l, n);
    /* Once U1 is acknowledged, U3 becomes due. */
    CHECK_EQ_INT(store_filing_ack(st, U1, "R-001", STORE_STATUS_SUBMITTED, test_now_ms), STORE_OK);
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    REQUIRE(n == 3);
    CHECK_EQ_STR(l[0].uuid, U2);
    CHECK_EQ_STR(l[1].uuid, U3);
    CHECK_EQ_STR(l[2].uuid, U4);
    store_filing_list_free(l, n);
    store_close(st);
}

static void test_ack_purges(void)
{
    const char *path;
    store *st = open_fresh("ack", &path);
    REQUIRE(st);
    const char *secret = "PERSONAL-DATA-MARKER-张三丰-13800138000";
    char payload[256];
    snprintf(payload, sizeof payload, "{\"name\":\"%s\"}", secret);
    char id[19];
    fx_id_number("110101", 1940, 42, id);
    CHECK_EQ_INT(store_draft_save(st, U1, "dibao", 2, 3, payload, NULL), STORE_OK);
    test_now_ms += 100;
    CHECK_EQ_INT(store_filing_confirm(st, U1, "最低生活保障申请", payload, id), STORE_OK);
    file_one(st, U2, 43, "{}");
    CHECK_EQ_INT(store_filing_ack(st, U1, "", STORE_STATUS_SUBMITTED, 1), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_filing_ack(st, U1, "R1", (store_status)9, 1), STORE_ERR_INVALID);
    int64_t receipt_time = 1700000123000LL;
    CHECK_EQ_INT(store_filing_ack(st, U1, "XZ2024-000123", STORE_STATUS_SUBMITTED, receipt_time),
                 STORE_OK);
    /* Repeated ack: harmless and reported; other receipt no.: conflict. */
    CHECK_EQ_INT(store_filing_ack(st, U1, "XZ2024-000123", STORE_STATUS_SUBMITTED, receipt_time),
                 STORE_ERR_ALREADY);
    CHECK_EQ_INT(store_filing_ack(st, U1, "XZ2024-999999", STORE_STATUS_SUBMITTED, receipt_time),
                 STORE_ERR_CONFLICT);
    /* Stale ack for an unknown filing. */
    CHECK_EQ_INT(store_filing_ack(st, U3, "XZ2024-000124", STORE_STATUS_SUBMITTED, receipt_time),
                 STORE_ERR_NOTFOUND);
    /* Same receipt number for another filing: refused, that filing stays pending. */
    CHECK_EQ_INT(store_filing_ack(st, U2, "XZ2024-000123", STORE_STATUS_SUBMITTED, receipt_time),
                 STORE_ERR_CONFLICT);
    store_filing f;
    CHECK_EQ_INT(store_filing_get(st, U2, &f), STORE_OK);
    store_filing_clear(&f);
    CHECK_EQ_INT(store_filing_get(st, U1, &f), STORE_ERR_NOTFOUND);
    int n = -1;
    CHECK_EQ_INT(store_outbox_count(st, &n), STORE_OK);
    CHECK_EQ_INT(n, 1);

    store_receipt r;
    REQUIRE(store_receipt_get(st, "XZ2024-000123", &r) == STORE_OK);
    CHECK_EQ_STR(r.filing_uuid, U1);
    CHECK_EQ_STR(r.form_id, "dibao");
    CHECK_EQ_STR(r.item_title, "最低生活保障申请");
    CHECK_EQ_INT(r.status, STORE_STATUS_SUBMITTED);
    CHECK_EQ_INT(r.receipt_ms, receipt_time);
    CHECK(r.seq > 0);
    char key[STORE_KEY_LEN + 1];
    store_villager_key(st, id, key);
    CHECK_EQ_STR(r.villager_key, key);
    store_receipt_clear(&r);
    CHECK_EQ_INT(store_receipt_get(st, "nope", &r), STORE_ERR_NOTFOUND);

    /* The payload is gone; the answers stay with the receipt for a possible
     * correction (补正) until the filing is final, then they go too. */
    CHECK_EQ_INT(store_checkpoint(st), STORE_OK);
    store_receipt kept;
    REQUIRE(store_receipt_get(st, "XZ2024-000123", &kept) == STORE_OK);
    store_receipt_clear(&kept);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM receipts WHERE answers IS NOT NULL"), 1);
    CHECK_EQ_INT(store_receipt_set_status(st, "XZ2024-000123", STORE_STATUS_DONE, 2, NULL),
                 STORE_OK);
    /* Personal data gone from the file once the WAL is checkpointed. */
    CHECK_EQ_INT(store_checkpoint(st), STORE_OK);
    CHECK(!fx_file_contains(path, secret));
    char side[1100];
    snprintf(side, sizeof side, "%s-wal", path);
    CHECK(!fx_file_contains(side, secret));
    store_close(st);
    CHECK(!fx_file_contains(path, secret));
}

/* A body builder standing in for the upload side's (the store does not know
 * the protocol): its text names what the store handed it. */
static int builds;
static char *test_body(const store_envelope *e, void *ud)
{
    builds++;
    if (ud) /* "cannot be expressed" */
        return NULL;
    char *b = malloc(512);
    if (b)
        snprintf(b, 512, "{\"id\":\"%s\",\"form\":\"%s\",\"v\":%d,\"t\":%lld,\"p\":%s}", e->uuid,
                 e->form_id, e->form_version, (long long)e->created_ms, e->payload);
    return b;
}

/* The request body is frozen at confirm with its sha256; a held filing is
 * never due and does not block its villager's later filings. */
static void test_frozen_body_and_hold(void)
{
    store *st = open_fresh("frozen", NULL);
    REQUIRE(st);
    file_one(st, U1, 1, "{\"a\":1}"); /* no builder: nothing frozen */
    store_set_body_fn(st, test_body, NULL);
    builds = 0;
    file_one(st, U2, 1, "{\"a\":2}");
    file_one(st, U3, 1, "{\"a\":3}");
    CHECK_EQ_INT(builds, 2);
    store_filing f;
    REQUIRE(store_filing_get(st, U1, &f) == STORE_OK);
    CHECK(f.body == NULL && f.body_sha256[0] == '\0' && f.held_reason == NULL);
    store_filing_clear(&f);
    REQUIRE(store_filing_get(st, U2, &f) == STORE_OK);
    char want[512];
    snprintf(want, sizeof want, "{\"id\":\"%s\",\"form\":\"medical_enrol\",\"v\":1,\"t\":%lld,\"p\":{\"a\":2}}",
             U2, (long long)f.created_ms);
    CHECK_EQ_STR(f.body, want);
    CHECK_EQ_INT((int)strlen(f.body_sha256), 64);
    CHECK_EQ_INT((int)strspn(f.body_sha256, "0123456789abcdef"), 64); /* checked by the uploader (sync_e2e) */
    store_filing_clear(&f);
    /* a builder that fails: confirm refused, the draft stays */
    store_set_body_fn(st, test_body, (void *)1);
    char id[19];
    fx_id_number("110101", 1940, 9, id);
    CHECK_EQ_INT(store_draft_save(st, U4, "medical_enrol", 1, 0, "{}", NULL), STORE_OK);
    CHECK_EQ_INT(store_filing_confirm(st, U4, "t", "{}", id), STORE_ERR_INVALID);
    store_draft d;
    CHECK_EQ_INT(store_draft_load(st, U4, &d), STORE_OK);
    store_draft_clear(&d);
    CHECK_EQ_INT(store_filing_get(st, U4, &f), STORE_ERR_NOTFOUND);
    store_set_body_fn(st, NULL, NULL);

    /* holding U1: U2 (same villager) becomes due; U1 never again */
    store_filing *l = NULL;
    size_t n = 0;
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK(n == 1 && !strcmp(l[0].uuid, U1));
    store_filing_list_free(l, n);
    CHECK_EQ_INT(store_filing_hold(st, U1, "integrity: test"), STORE_OK);
    CHECK_EQ_INT(store_filing_hold(st, "0a1b2c3d-4e5f-4a6b-8c7d-0000000000ee", "x"), STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_filing_hold(st, U1, ""), STORE_ERR_INVALID);
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK(n == 1 && !strcmp(l[0].uuid, U2));
    store_filing_list_free(l, n);
    REQUIRE(store_filing_get(st, U1, &f) == STORE_OK);
    CHECK_EQ_STR(f.held_reason, "integrity: test");
    store_filing_clear(&f);
    int pending = 0;
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 3); /* held is still waiting, for a technician */
    store_audit_row *rows = NULL;
    REQUIRE(store_audit_list(st, 0, 1, &rows, &n) == STORE_OK);
    CHECK(n == 1 && !strcmp(rows[0].action, "filing.hold") && !strcmp(rows[0].object_id, U1));
    store_audit_list_free(rows, n);

    /* a technician's answer: only a held filing may be resubmitted or discarded */
    CHECK_EQ_INT(store_filing_resubmit(st, U2, "tech"), STORE_ERR_CONFLICT);
    CHECK_EQ_INT(store_filing_discard(st, U2, "tech"), STORE_ERR_CONFLICT);
    CHECK_EQ_INT(store_filing_discard(st, "0a1b2c3d-4e5f-4a6b-8c7d-0000000000ee", "tech"),
                 STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_filing_resubmit(st, U1, NULL), STORE_ERR_INVALID);
    /* resubmitted: due again at once, ahead of U2 (its villager's order) */
    CHECK_EQ_INT(store_filing_resubmit(st, U1, "tech"), STORE_OK);
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK(n == 1 && !strcmp(l[0].uuid, U1) && !l[0].held_reason && !l[0].last_error);
    store_filing_list_free(l, n);
    REQUIRE(store_audit_list(st, 0, 1, &rows, &n) == STORE_OK);
    CHECK(n == 1 && !strcmp(rows[0].action, "filing.resubmit") && !strcmp(rows[0].object_id, U1) &&
          rows[0].actor == STORE_ACTOR_ADMIN && !strcmp(rows[0].actor_id, "tech") &&
          !strcmp(rows[0].detail, "integrity: test"));
    store_audit_list_free(rows, n);
    /* held again, then discarded: gone, with its audit row; U2 goes on */
    CHECK_EQ_INT(store_filing_hold(st, U1, "conflict: HTTP 409"), STORE_OK);
    CHECK_EQ_INT(store_filing_discard(st, U1, "tech"), STORE_OK);
    CHECK_EQ_INT(store_filing_get(st, U1, &f), STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_filing_discard(st, U1, "tech"), STORE_ERR_NOTFOUND);
    REQUIRE(store_audit_list(st, 0, 1, &rows, &n) == STORE_OK);
    CHECK(n == 1 && !strcmp(rows[0].action, "filing.discard") && !strcmp(rows[0].object_id, U1) &&
          !strcmp(rows[0].detail, "conflict: HTTP 409"));
    store_audit_list_free(rows, n);
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 2);
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK(n == 1 && !strcmp(l[0].uuid, U2));
    store_filing_list_free(l, n);
    store_close(st);
}

/* The pending count, answered from memory while the handle has changed no
 * row, against a count read from the file by a connection of its own after
 * every kind of change: confirm, a refused confirm (rolled back), a failed
 * attempt, hold, resubmit, discard, ack, drafts. */
static sqlite3 *oracle_db;

static int file_count(void)
{
    sqlite3_stmt *q = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(oracle_db, "SELECT count(*) FROM outbox", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n;
}

static int counted(store *st)
{
    int n = -1;
    CHECK_EQ_INT(store_outbox_count(st, &n), STORE_OK);
    int again = -1; /* asked twice: the remembered answer too */
    CHECK_EQ_INT(store_outbox_count(st, &again), STORE_OK);
    CHECK_EQ_INT(again, n);
    CHECK_EQ_INT(n, file_count());
    return n;
}

static void test_outbox_count_follows_changes(void)
{
    const char *path;
    store *st = open_fresh("count", &path);
    REQUIRE(st);
    REQUIRE(sqlite3_open_v2(path, &oracle_db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_busy_timeout(oracle_db, 2000);
    CHECK_EQ_INT(counted(st), 0);
    file_one(st, U1, 1, "{\"a\":1}");
    CHECK_EQ_INT(counted(st), 1);
    file_one(st, U2, 2, "{\"a\":2}");
    CHECK_EQ_INT(counted(st), 2);
    /* a confirm refused by its body builder: its transaction rolled back */
    store_set_body_fn(st, test_body, (void *)1);
    char id[19];
    fx_id_number("110101", 1940, 11, id);
    CHECK_EQ_INT(store_draft_save(st, U3, "medical_enrol", 1, 0, "{}", NULL), STORE_OK);
    CHECK_EQ_INT(counted(st), 2); /* a draft is not pending */
    CHECK_EQ_INT(store_filing_confirm(st, U3, "t", "{}", id), STORE_ERR_INVALID);
    CHECK_EQ_INT(counted(st), 2);
    store_set_body_fn(st, NULL, NULL);
    CHECK_EQ_INT(store_filing_confirm(st, U3, "t", "{}", id), STORE_OK);
    CHECK_EQ_INT(counted(st), 3);
    CHECK_EQ_INT(store_filing_fail(st, U1, "timeout", test_now_ms + 1000), STORE_OK);
    CHECK_EQ_INT(counted(st), 3);
    CHECK_EQ_INT(store_filing_hold(st, U1, "integrity: test"), STORE_OK);
    CHECK_EQ_INT(counted(st), 3);
    CHECK_EQ_INT(store_filing_resubmit(st, U1, "tech"), STORE_OK);
    CHECK_EQ_INT(store_filing_hold(st, U1, "conflict: HTTP 409"), STORE_OK);
    CHECK_EQ_INT(store_filing_discard(st, U1, "tech"), STORE_OK);
    CHECK_EQ_INT(counted(st), 2);
    CHECK_EQ_INT(store_filing_ack(st, U2, "XZ2024-000777", STORE_STATUS_SUBMITTED, 1700000123000LL),
                 STORE_OK);
    CHECK_EQ_INT(counted(st), 1);
    /* refused acks change nothing */
    CHECK_EQ_INT(store_filing_ack(st, U3, "XZ2024-000777", STORE_STATUS_SUBMITTED, 1700000123000LL),
                 STORE_ERR_CONFLICT);
    CHECK_EQ_INT(counted(st), 1);
    CHECK_EQ_INT(store_filing_ack(st, U3, "XZ2024-000778", STORE_STATUS_SUBMITTED, 1700000124000LL),
                 STORE_OK);
    CHECK_EQ_INT(counted(st), 0);
    store_close(st);
    /* opened again: the count read from the file */
    REQUIRE(store_open(path, &st) == STORE_OK);
    file_one(st, U4, 4, "{}");
    CHECK_EQ_INT(counted(st), 1);
    store_close(st);
    sqlite3_close(oracle_db);
    oracle_db = NULL;
}

/* A refusal older firmware recorded as "final: ..." (30 days away, holding
 * back the villager's later filings) is held at the next open. */
static void test_old_refusal_held_at_open(void)
{
    const char *path;
    store *st = open_fresh("oldfinal", &path);
    REQUIRE(st);
    file_one(st, U1, 7, "{}");
    file_one(st, U2, 7, "{}");
    CHECK_EQ_INT(store_filing_fail(st, U1, "final: conflict: HTTP 409", test_now_ms + 30LL * 86400000),
                 STORE_OK);
    store_filing *l = NULL;
    size_t n = 0;
    REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 0); /* stuck, as the old firmware left it */
    store_filing_list_free(l, n);
    store_close(st);
    for (int round = 0; round < 2; round++) { /* the second open changes nothing */
        REQUIRE(store_open(path, &st) == STORE_OK);
        store_set_clock(st, test_clock, NULL);
        store_filing f;
        REQUIRE(store_filing_get(st, U1, &f) == STORE_OK);
        CHECK_EQ_STR(f.held_reason, "conflict: HTTP 409");
        store_filing_clear(&f);
        REQUIRE(store_outbox_due(st, test_now_ms, 10, &l, &n) == STORE_OK);
        CHECK(n == 1 && !strcmp(l[0].uuid, U2));
        store_filing_list_free(l, n);
        store_audit_row *rows = NULL;
        int holds = 0;
        REQUIRE(store_audit_list(st, 0, 50, &rows, &n) == STORE_OK);
        for (size_t i = 0; i < n; i++)
            holds += !strcmp(rows[i].action, "filing.hold") && !strcmp(rows[i].object_id, U1);
        store_audit_list_free(rows, n);
        CHECK_EQ_INT(holds, 1);
        store_close(st);
    }
}

static void test_receipts_by_villager(void)
{
    store *st = open_fresh("receipts", NULL);
    REQUIRE(st);
    file_one(st, U1, 5, "{}");
    file_one(st, U2, 6, "{}");
    file_one(st, U3, 5, "{}");
    CHECK_EQ_INT(store_filing_ack(st, U1, "R-1", STORE_STATUS_SUBMITTED, 1), STORE_OK);
    CHECK_EQ_INT(store_filing_ack(st, U2, "R-2", STORE_STATUS_ACCEPTED, 2), STORE_OK);
    CHECK_EQ_INT(store_filing_ack(st, U3, "R-3", STORE_STATUS_SUBMITTED, 3), STORE_OK);
    char id[19], key[STORE_KEY_LEN + 1];
    fx_id_number("110101", 1940, 5, id);
    REQUIRE(store_villager_key(st, id, key) == STORE_OK);
    store_receipt *l = NULL;
    size_t n = 0;
    REQUIRE(store_receipt_list_by_villager(st, key, &l, &n) == STORE_OK);
    REQUIRE(n == 2);
    CHECK_EQ_STR(l[0].receipt_no, "R-3"); /* newest first */
    CHECK_EQ_STR(l[1].receipt_no, "R-1");
    store_receipt_list_free(l, n);
    fx_id_number("110101", 1940, 99, id);
    REQUIRE(store_villager_key(st, id, key) == STORE_OK);
    REQUIRE(store_receipt_list_by_villager(st, key, &l, &n) == STORE_OK);
    CHECK_EQ_INT(n, 0);
    store_receipt_list_free(l, n);

    CHECK_EQ_INT(store_receipt_set_status(st, "R-1", STORE_STATUS_RETURNED, 500, "缺户口本首页"),
                 STORE_OK);
    store_receipt r;
    REQUIRE(store_receipt_get(st, "R-1", &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_RETURNED);
    CHECK_EQ_STR(r.note ? r.note : "", "缺户口本首页");
    store_receipt_clear(&r);
    CHECK_EQ_INT(store_receipt_set_status(st, "R-1", STORE_STATUS_DONE, 900, NULL), STORE_OK);
    CHECK_EQ_INT(store_receipt_set_status(st, "R-404", STORE_STATUS_DONE, 900, NULL),
                 STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_receipt_set_status(st, "R-1", (store_status)-1, 900, NULL), STORE_ERR_INVALID);
    REQUIRE(store_receipt_get(st, "R-1", &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_DONE);
    CHECK_EQ_INT(r.status_ms, 900);
    CHECK(r.note == NULL);
    store_receipt_clear(&r);

    CHECK_EQ_STR(store_status_name(STORE_STATUS_RETURNED), "returned");
    CHECK_EQ_STR(store_status_name(STORE_STATUS_SUPERSEDED), "superseded");
    CHECK(store_status_name((store_status)5) == NULL);

    /* the status loop: are not final and due at once (new
     * receipts), R-1 is done and never asked about again */
    store_receipt *due = NULL;
    size_t nd = 0;
    REQUIRE(store_receipt_poll_due(st, 0, 0, &due, &nd) == STORE_OK);
    CHECK_EQ_INT(nd, 2);
    CHECK_EQ_STR(nd ? due[0].receipt_no : "", "R-2");
    store_receipt_list_free(due, nd);
    int64_t next = -1;
    CHECK_EQ_INT(store_receipt_poll_next(st, &next), STORE_OK);
    CHECK_EQ_INT(next, 0);
    int changed = -1;
    store_poll_result pr[4] = {
        {"R-3", 1, STORE_STATUS_RETURNED, 1000, "请补充收入证明", 5000},
        {"R-2", 1, STORE_STATUS_ACCEPTED, 2, NULL, 6000}, /* no change */
        {"R-404", 1, STORE_STATUS_DONE, 1000, NULL, 5000}, /* not this store's: skipped */
        {"R-1", 0, STORE_STATUS_SUBMITTED, 0, NULL, 7000}, /* unknown: only the poll time */
    };
    CHECK_EQ_INT(store_receipt_poll_save(st, pr, 4, &changed), STORE_OK);
    CHECK_EQ_INT(changed, 1);
    CHECK_EQ_INT(store_receipt_poll_save(st, pr, 1, &changed), STORE_OK);
    CHECK_EQ_INT(changed, 0); /* the same answer again changes nothing */
    REQUIRE(store_receipt_get(st, "R-3", &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_RETURNED);
    CHECK_EQ_INT(r.next_poll_ms, 5000);
    CHECK_EQ_STR(r.note ? r.note : "", "请补充收入证明");
    store_receipt_clear(&r);
    REQUIRE(store_receipt_get(st, "R-1", &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_DONE); /* "known = 0" left the status alone */
    store_receipt_clear(&r);
    REQUIRE(store_receipt_poll_due(st, 4999, 0, &due, &nd) == STORE_OK);
    CHECK_EQ_INT(nd, 0);
    store_receipt_list_free(due, nd);
    CHECK_EQ_INT(store_receipt_poll_next(st, &next), STORE_OK);
    CHECK_EQ_INT(next, 5000);
    store_poll_result fin = {"R-3", 1, STORE_STATUS_DONE, 2000, NULL, 9000};
    CHECK_EQ_INT(store_receipt_poll_save(st, &fin, 1, &changed), STORE_OK);
    CHECK_EQ_INT(store_receipt_poll_next(st, &next), STORE_OK);
    CHECK_EQ_INT(next, 6000); /* */
    fin.receipt_no = "R-2";
    CHECK_EQ_INT(store_receipt_poll_save(st, &fin, 1, &changed), STORE_OK);
    CHECK_EQ_INT(store_receipt_poll_next(st, &next), STORE_ERR_NOTFOUND); /* all final */
    store_close(st);
}

/* 补正: a returned filing keeps its answers until a correction of the same
 * villager is acknowledged; then it is superseded and the answers are gone.
 * A correction for another villager, or of a filing not returned, is refused
 * at confirm and its draft stays. */
static void test_correction(void)
{
    store *st = open_fresh("correction", NULL);
    REQUIRE(st);
    CHECK_EQ_INT(store_draft_save(st, U1, "medical_enrol", 1, 2, "{\"answers\":{\"a\":\"1\"}}",
                                  NULL),
                 STORE_OK);
    char id[19], other[19];
    fx_id_number("110101", 1940, 7, id);
    fx_id_number("110101", 1940, 8, other);
    CHECK_EQ_INT(store_filing_confirm(st, U1, "医保参保缴费", "{}", id), STORE_OK);
    CHECK_EQ_INT(store_filing_ack(st, U1, "R-1", STORE_STATUS_SUBMITTED, 1), STORE_OK);
    char *ans = NULL, *note = NULL;
    CHECK_EQ_INT(store_receipt_reopen(st, U1, &ans, &note), STORE_ERR_NOTFOUND); /* not returned */
    /* a correction of a filing not returned: refused */
    CHECK_EQ_INT(store_draft_save(st, U2, "medical_enrol", 1, 0, "{}", NULL), STORE_OK);
    CHECK_EQ_INT(store_draft_set_supersedes(st, U2, U1), STORE_OK);
    CHECK_EQ_INT(store_filing_confirm(st, U2, "医保参保缴费", "{}", id), STORE_ERR_CONFLICT);
    CHECK_EQ_INT(store_receipt_set_status(st, "R-1", STORE_STATUS_RETURNED, 2, "缺材料"), STORE_OK);
    CHECK_EQ_INT(store_receipt_reopen(st, U1, &ans, &note), STORE_OK);
    CHECK(ans && strstr(ans, "\"a\":\"1\""));
    CHECK_EQ_STR(note ? note : "", "缺材料");
    free(ans);
    free(note);
    /* another villager's correction: refused, the draft stays */
    CHECK_EQ_INT(store_filing_confirm(st, U2, "医保参保缴费", "{}", other), STORE_ERR_CONFLICT);
    store_draft d;
    memset(&d, 0, sizeof d);
    CHECK_EQ_INT(store_draft_load(st, U2, &d), STORE_OK);
    CHECK_EQ_STR(d.supersedes, U1);
    store_draft_clear(&d);
    /* the same villager's: confirmed, and at its ack the old one is superseded */
    CHECK_EQ_INT(store_filing_confirm(st, U2, "医保参保缴费", "{}", id), STORE_OK);
    CHECK_EQ_INT(store_filing_ack(st, U2, "R-2", STORE_STATUS_SUBMITTED, 3), STORE_OK);
    store_receipt r;
    REQUIRE(store_receipt_get(st, "R-1", &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_SUPERSEDED);
    store_receipt_clear(&r);
    CHECK_EQ_INT(store_receipt_reopen(st, U1, &ans, &note), STORE_ERR_NOTFOUND);
    store_close(st);
}

/* An image file in the data folder of the store at db (signatures/ or
 * photos/ by its name): written when make, else 1 if it is there. */
static int image(const char *db, const char *name, int make)
{
    char dir[1100], path[1400];
    snprintf(dir, sizeof dir, "%s", db);
    *strrchr(dir, '/') = '\0';
    const char *sub = !strncmp(name, "sig-", 4) ? "signatures" : "photos";
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    if (make) {
        mkdir(path, 0700);
        snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
        return fx_write(path, "img", 3);
    }
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* A deleted draft takes the images its answers name off the disk at once
 * (a photo field's answer lists several), each unless another draft or a
 * pending filing names it; an image nothing names yet (being saved) and one
 * already gone are no concern of it. The same when drafts expire and when a
 * confirm leaves out an answer naming one. */
static void test_draft_images(void)
{
    const char *path;
    store *st = open_fresh("images", &path);
    REQUIRE(st);
    char sig[80], ph[3][80], fresh[80], gone[80];
    snprintf(sig, sizeof sig, "sig-%064d.png", 1);
    for (int i = 0; i < 3; i++)
        snprintf(ph[i], sizeof ph[i], "photo-%064d.jpg", 2 + i);
    snprintf(fresh, sizeof fresh, "sig-%064d.png", 7);
    snprintf(gone, sizeof gone, "photo-%064d.jpg", 8);
    const char *all[] = {sig, ph[0], ph[1], ph[2], fresh};
    for (int i = 0; i < 5; i++)
        REQUIRE(image(path, all[i], 1) == 0);
    char a1[600], a2[300];
    snprintf(a1, sizeof a1,
             "{\"answers\":{\"signature\":\"%s\",\"p\":\"%s,%s,%s\",\"x\":\"../../x.png\"}}",
             sig, ph[0], ph[1], gone);
    snprintf(a2, sizeof a2, "{\"answers\":{\"p\":\"%s\"}}", ph[1]);
    CHECK_EQ_INT(store_draft_save(st, U1, "dibao", 1, 4, a1, NULL), STORE_OK);
    CHECK_EQ_INT(store_draft_save(st, U2, "dibao", 1, 4, a2, NULL), STORE_OK);
    char names[8][STORE_IMAGE_NAME_MAX];
    CHECK_EQ_INT(store_images_named(a1, names, 8), 4);
    CHECK_EQ_INT(store_draft_delete(st, U1), STORE_OK);
    CHECK(!image(path, sig, 0));
    CHECK(!image(path, ph[0], 0));
    CHECK(image(path, ph[1], 0)); /* U2 names it */
    CHECK(image(path, ph[2], 0) && image(path, fresh, 0)); /* named by nothing deleted */
    /* released again: already gone, no fault */
    int n = -1;
    CHECK_EQ_INT(store_images_release(st, NULL, a1, &n), STORE_OK);
    CHECK_EQ_INT(n, 0);
    /* U2 expires: its photo goes */
    test_now_ms += 10 * 1000;
    CHECK_EQ_INT(store_draft_purge(st, test_now_ms, &n), STORE_OK);
    CHECK_EQ_INT(n, 1);
    CHECK(!image(path, ph[1], 0));
    /* a confirm: what the payload names stays, what only the answers named goes */
    char a3[400], pay[300], id[19];
    snprintf(a3, sizeof a3, "{\"answers\":{\"s\":\"%s\",\"p\":\"%s\"}}", fresh, ph[2]);
    snprintf(pay, sizeof pay, "{\"answers\":{\"s\":\"%s\"}}", fresh);
    fx_id_number("110101", 1940, 3, id);
    CHECK_EQ_INT(store_draft_save(st, U3, "dibao", 1, 4, a3, NULL), STORE_OK);
    CHECK_EQ_INT(store_filing_confirm(st, U3, "低保", pay, id), STORE_OK);
    CHECK(image(path, fresh, 0));
    CHECK(!image(path, ph[2], 0));
    /* answers that are not JSON (cut short): the names in them still go;
     * a name inside a longer word, or cut, is no name */
    char m[3][80], bad[700];
    for (int i = 0; i < 3; i++) {
        snprintf(m[i], sizeof m[i], "sig-%064d.png", 20 + i);
        REQUIRE(image(path, m[i], 1) == 0);
    }
    snprintf(bad, sizeof bad, "{\"answers\":{\"s\":\"%s\",\"t\":\"x%s\",\"u\":\"%.40s",
             m[0], m[1], m[2]);
    CHECK_EQ_INT(store_images_named(bad, names, 8), 1);
    CHECK_EQ_STR(names[0], m[0]);
    CHECK_EQ_INT(store_images_release(st, NULL, bad, &n), STORE_OK);
    CHECK_EQ_INT(n, 1);
    CHECK(!image(path, m[0], 0));
    CHECK(image(path, m[1], 0) && image(path, m[2], 0));
    store_close(st);
}

static void test_audit(void)
{
    const char *path;
    store *st = open_fresh("audit", &path);
    REQUIRE(st);
    file_one(st, U1, 8, "{}");
    CHECK_EQ_INT(store_filing_ack(st, U1, "R-8", STORE_STATUS_SUBMITTED, 1), STORE_OK);
    for (int i = 0; i < 30; i++)
        CHECK_EQ_INT(store_audit_add(st, STORE_ACTOR_ADMIN, "tech-1", "settings.view", NULL, NULL),
                     STORE_OK);
    CHECK_EQ_INT(store_audit_add(st, STORE_ACTOR_ADMIN, NULL, "", NULL, NULL), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_audit_add(st, (store_actor)17, NULL, "x", NULL, NULL), STORE_ERR_INVALID);
    store_audit_row *rows = NULL;
    size_t n = 0;
    REQUIRE(store_audit_list(st, 0, 10, &rows, &n) == STORE_OK);
    REQUIRE(n == 10);
    CHECK_EQ_STR(rows[0].action, "settings.view");
    CHECK_EQ_INT(rows[0].actor, STORE_ACTOR_ADMIN);
    CHECK_EQ_STR(rows[0].actor_id, "tech-1");
    CHECK(rows[0].id > rows[9].id);
    int64_t last = rows[9].id;
    store_audit_list_free(rows, n);
    /* Page through the rest: 32 rows in all. */
    size_t total = 10;
    while (1) {
        REQUIRE(store_audit_list(st, last, 10, &rows, &n) == STORE_OK);
        if (n == 0) {
            store_audit_list_free(rows, n);
            break;
        }
        total += n;
        last = rows[n - 1].id;
        if (n < 10) {
            CHECK_EQ_STR(rows[n - 1].action, "filing.confirm");
            CHECK_EQ_INT(rows[n - 1].actor, STORE_ACTOR_VILLAGER);
            CHECK_EQ_STR(rows[n - 1].object_id, U1);
            CHECK_EQ_STR(rows[n - 2].action, "filing.ack");
            CHECK_EQ_INT(rows[n - 2].actor, STORE_ACTOR_SYNC);
        }
        store_audit_list_free(rows, n);
    }
    CHECK_EQ_INT(total, 32);
    CHECK_EQ_STR(store_actor_name(STORE_ACTOR_AGENT), "agent");
    store_close(st);
    /* Append-only, even for someone with the file. */
    CHECK(raw_exec(path, "UPDATE audit SET action='x'") != SQLITE_OK);
    CHECK(raw_exec(path, "DELETE FROM audit") != SQLITE_OK);
    CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM audit"), 32);
}

int main(void)
{
    RUN(test_open_settings);
    RUN(test_errors_have_text);
    RUN(test_villager_key);
    RUN(test_drafts);
    RUN(test_autosaves_reuse_wal);
    RUN(test_confirm);
    RUN(test_draft_expiry);
    RUN(test_upload_order);
    RUN(test_ack_purges);
    RUN(test_frozen_body_and_hold);
    RUN(test_outbox_count_follows_changes);
    RUN(test_old_refusal_held_at_open);
    RUN(test_receipts_by_villager);
    RUN(test_correction);
    RUN(test_draft_images);
    RUN(test_audit);
    return check_summary();
}
