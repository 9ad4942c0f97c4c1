/* test_purge.c — gone means gone (issue 16, store.h "Personal data"). A
 * villager's made-up name, ID number, phone and bank card go through the
 * program's start-up wiring (boot: store, log file, upload engine) into
 * autosaved drafts, a discarded draft and a confirmed filing; the engine
 * uploads it to county-sim over TLS; the process is SIGKILLed right after the
 * acknowledgement purge. The payload is gone then; the answers stay only in
 * the receipt, kept for a correction (补正) while the filing is not final.
 * The county finishes it; the program starts again and its status loop
 * learns so, and is SIGKILLed at once: none of the canaries may be left in
 * cunzhan.db, its -wal and -shm, anything else in the data folder, or the
 * log.
 *
 * The same scan first finds the canaries while the filing is pending (so the
 * scan can fail). Then drafts older than ui.draft_keep_days are gone from the
 * disk once the program has started, and a recent one stays. */
#define _GNU_SOURCE /* memmem, nftw */
#include <ftw.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "boot/boot.h"
#include "check.h"
#include "core/log.h"
#include "fixtures.h"
#include "plat_paths.h"
#include "simproc.h"

#define UUID_FILED "5a1e0c3b-7d2f-4e8a-9b61-0c2d3e4f5a01"
#define UUID_DISCARDED "5a1e0c3b-7d2f-4e8a-9b61-0c2d3e4f5a02"
#define UUID_OLD "5a1e0c3b-7d2f-4e8a-9b61-0c2d3e4f5a03"
#define UUID_RECENT "5a1e0c3b-7d2f-4e8a-9b61-0c2d3e4f5a04"

/* Made up: no such person, phone line or account. */
static const char *NAME = "柏舟漪";
static char idno[19];
static const char *PHONE = "13977012345";
static const char *CARD = "6222600170008881234";
static const char *NAME2 = "霍青禾"; /* the discarded draft's villager */
static const char *NAME3 = "岑远黛"; /* the expired draft's villager */

static char data[600];
static simproc *sim;
static char token[256];

/* ---- scanning the data folder ------------------------------------------ */

static const char *const *scan_for;
static int scan_hits, scan_files;
static char scan_report[2048];

static int scan_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type != FTW_F || sb->st_size == 0)
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *buf = malloc((size_t)sb->st_size);
    size_t n = buf ? fread(buf, 1, (size_t)sb->st_size, f) : 0;
    fclose(f);
    scan_files++;
    for (int i = 0; scan_for[i]; i++) {
        if (n && memmem(buf, n, scan_for[i], strlen(scan_for[i]))) {
            scan_hits++;
            size_t len = strlen(scan_report);
            snprintf(scan_report + len, sizeof scan_report - len, "    canary %d in %s\n", i,
                     path + strlen(data));
        }
    }
    free(buf);
    return 0;
}

/* How many (file, canary) pairs hold a canary; every file under the data
 * folder is read whole, whatever its name. */
static int scan(const char *const *canaries)
{
    scan_for = canaries;
    scan_hits = scan_files = 0;
    scan_report[0] = '\0';
    nftw(data, scan_file, 16, FTW_PHYS);
    return scan_hits;
}

/* ---- the kiosk process ------------------------------------------------- */

static core_config *kiosk_config(void)
{
    core_config *cfg = core_config_new();
    char err[512];
    if (!cfg || core_config_set(cfg, "platform.url", simproc_url(sim), err, sizeof err) ||
        core_config_set(cfg, "platform.ca_file", simproc_ca(sim), err, sizeof err) ||
        core_config_set(cfg, "sync.interval_s", "1", err, sizeof err) ||
        core_config_set(cfg, "log.level", "debug", err, sizeof err)) /* every line scanned */
        return NULL;
    return cfg;
}

static void answers(char *buf, size_t n, const char *name, int page)
{
    snprintf(buf, n,
             "{\"name\":\"%s\",\"id_number\":\"%s\",\"phone\":\"%s\",\"bank_account\":\"%s\","
             "\"page\":%d}",
             name, idno, PHONE, CARD, page);
}

/* Phase 1: what the form screens write — 16 autosaves, a second draft the
 * villager abandons (discarded), the confirm — then killed before any
 * upload (no device token yet). */
static void child_fill(void)
{
    core_config *cfg = kiosk_config();
    boot_ctx b;
    char err[512], a[1024];
    if (!cfg || boot_open(&b, cfg, 0, err, sizeof err) != 0 || !b.store)
        _exit(3);
    for (int p = 0; p < 16; p++) {
        answers(a, sizeof a, NAME, p);
        if (store_draft_save(b.store, UUID_FILED, "pension_enrol", 1, p, a, NULL) != STORE_OK)
            _exit(4);
    }
    for (int p = 0; p < 4; p++) {
        answers(a, sizeof a, NAME2, p);
        if (store_draft_save(b.store, UUID_DISCARDED, "pension_enrol", 1, p, a, NULL) !=
            STORE_OK)
            _exit(4);
    }
    if (store_draft_delete(b.store, UUID_DISCARDED) != STORE_OK)
        _exit(5);
    answers(a, sizeof a, NAME, 16);
    if (store_filing_confirm(b.store, UUID_FILED, "城乡居民基本养老保险参保登记", a, idno) !=
        STORE_OK)
        _exit(6);
    raise(SIGKILL);
}

/* Phase 2: the kiosk starts again, gets its device token, the engine
 * uploads; the moment the outbox is empty (the acknowledgement purge has
 * returned) the process is killed. */
static void child_upload(void)
{
    core_config *cfg = kiosk_config();
    boot_ctx b;
    char err[512];
    if (!cfg || boot_open(&b, cfg, 0, err, sizeof err) != 0 || !b.store || !b.sync)
        _exit(3);
    if (boot_save_token(&b, token, err, sizeof err) != 0)
        _exit(4);
    double end = fx_now_s() + 60;
    int pending = 1;
    while (fx_now_s() < end) {
        if (store_outbox_count(b.store, &pending) == STORE_OK && pending == 0)
            raise(SIGKILL);
        fx_sleep_ms(1);
    }
    _exit(7);
}

/* Phase 3: the kiosk starts again; its status loop asks for the filing's
 * status and stores "done" (purging the kept answers); at that moment the
 * process is killed. */
static void child_final(void)
{
    core_config *cfg = kiosk_config();
    boot_ctx b;
    char err[512];
    if (!cfg || boot_open(&b, cfg, 0, err, sizeof err) != 0 || !b.store || !b.sync)
        _exit(3);
    double end = fx_now_s() + 60;
    while (fx_now_s() < end) {
        int64_t next = 0;
        if (store_receipt_poll_next(b.store, &next) == STORE_ERR_NOTFOUND) /* all final */
            raise(SIGKILL);
        fx_sleep_ms(1);
    }
    _exit(7);
}

static int run_child(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        fn();
        _exit(9);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    if (WIFSIGNALED(status))
        return WTERMSIG(status) == SIGKILL ? 0 : -2;
    printf("  child exited with %d\n", WEXITSTATUS(status));
    return -3;
}

static void test_canaries_gone_after_kill(void)
{
    const char *canaries[] = {NAME, idno, PHONE, CARD, NAME2, NULL};

    CHECK_EQ_INT(run_child(child_fill), 0);
    /* pending: the filing's payload is on the disk (the scan finds what it seeks) */
    int before = scan(canaries);
    printf("  before the upload: %d canary hits in %d files\n", before, scan_files);
    CHECK(before >= 4);
    /* the discarded draft was wiped at once, even before the kill */
    const char *discarded[] = {NAME2, NULL};
    CHECK_EQ_INT(scan(discarded), 0);
    if (scan_hits)
        printf("%s", scan_report);

    CHECK_EQ_INT(run_child(child_upload), 0);
    long count = -1, distinct = -1;
    CHECK_EQ_INT(simproc_count(sim, &count, &distinct), 0);
    CHECK_EQ_INT(count, 1); /* the county holds it: it may be purged here */
    /* the payload went; the answers are kept in the receipt alone, for a correction */
    char path[700];
    snprintf(path, sizeof path, "%s/cunzhan.db", data);
    {
        sqlite3 *db = NULL;
        sqlite3_stmt *q = NULL;
        int kept = -1;
        if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
            sqlite3_prepare_v2(db, "SELECT count(*) FROM receipts WHERE answers IS NOT NULL", -1,
                               &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            kept = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
        CHECK_EQ_INT(kept, 1);
        /* ten minutes on (the status loop's next round is due) */
        CHECK_EQ_INT(sqlite3_exec(db, "UPDATE receipts SET next_poll_ms = 0", NULL, NULL, NULL),
                     SQLITE_OK);
        sqlite3_close(db);
    }
    /* the county accepts and finishes it; the kiosk learns it by its status loop */
    char *reply = NULL;
    REQUIRE(simproc_http(sim, "GET", "/admin/filings", NULL, NULL, &reply) == 200);
    const char *rn = reply ? strstr(reply, "\"receipt_no\":\"") : NULL;
    char no[40] = "";
    if (rn)
        snprintf(no, sizeof no, "%.*s", (int)strcspn(rn + 14, "\""), rn + 14);
    free(reply);
    REQUIRE(no[0] != '\0');
    char adm[128];
    snprintf(adm, sizeof adm, "/admin/filings/%s/accept", no);
    CHECK_EQ_INT(simproc_http(sim, "POST", adm, NULL, NULL, NULL), 200);
    snprintf(adm, sizeof adm, "/admin/filings/%s/finish", no);
    CHECK_EQ_INT(simproc_http(sim, "POST", adm, NULL, NULL, NULL), 200);
    CHECK_EQ_INT(run_child(child_final), 0);
    int after = scan(canaries);
    printf("  after the purge and SIGKILL: %d canary hits in %d files\n", after, scan_files);
    CHECK_EQ_INT(after, 0);
    if (after)
        printf("%s", scan_report);
    /* what was scanned is the real thing: the database, its log */
    struct stat sb;
    snprintf(path, sizeof path, "%s/cunzhan.db", data);
    CHECK(stat(path, &sb) == 0 && sb.st_size > 0);
    snprintf(path, sizeof path, "%s/logs/cunzhan.log", data);
    CHECK(stat(path, &sb) == 0 && sb.st_size > 0);
    CHECK(scan_files >= 3);
    /* the start logs the SQLite it runs on (store.h: one writer, the WAL-reset bug) */
    char want[64];
    snprintf(want, sizeof want, "SQLite %s", sqlite3_libversion());
    const char *ver[] = {want, NULL};
    CHECK(scan(ver) > 0);
    /* the receipt stays */
    store *st = NULL;
    snprintf(path, sizeof path, "%s/cunzhan.db", data);
    REQUIRE(store_open(path, &st) == STORE_OK);
    int pending = -1;
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 0);
    store_close(st);
}

static int64_t days_ago_8(void *ud)
{
    (void)ud;
    return ((int64_t)time(NULL) - 8 * 86400) * 1000;
}

static void test_old_draft_gone_after_start(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s/cunzhan.db", data);
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char a[1024];
    store_set_clock(st, days_ago_8, NULL); /* last changed 8 days ago */
    for (int p = 0; p < 3; p++) {
        answers(a, sizeof a, NAME3, p);
        REQUIRE(store_draft_save(st, UUID_OLD, "pension_enrol", 1, p, a, NULL) == STORE_OK);
    }
    store_set_clock(st, NULL, NULL); /* yesterday's is kept */
    REQUIRE(store_draft_save(st, UUID_RECENT, "dibao", 1, 0, "{\"x\":1}", NULL) == STORE_OK);
    store_close(st);
    const char *old[] = {NAME3, NULL};
    CHECK(scan(old) > 0); /* there before the start */

    core_config *cfg = kiosk_config();
    REQUIRE(cfg != NULL);
    char err[512];
    REQUIRE(core_config_set(cfg, "sync.enabled", "0", err, sizeof err) == 0);
    REQUIRE(core_config_set(cfg, "ui.draft_keep_days", "7", err, sizeof err) == 0);
    /* bounds: a keep time of 0 days or beyond a year is refused */
    CHECK(core_config_set(cfg, "ui.draft_keep_days", "0", err, sizeof err) != 0);
    CHECK(core_config_set(cfg, "ui.draft_keep_days", "366", err, sizeof err) != 0);
    boot_ctx b;
    CHECK_EQ_INT(boot_open(&b, cfg, 0, err, sizeof err), 0);
    REQUIRE(b.store != NULL);
    store_draft d;
    CHECK_EQ_INT(store_draft_load(b.store, UUID_OLD, &d), STORE_ERR_NOTFOUND);
    REQUIRE(store_draft_load(b.store, UUID_RECENT, &d) == STORE_OK);
    store_draft_clear(&d);
    /* gone from the disk while the program runs, not only from the table */
    CHECK_EQ_INT(scan(old), 0);
    if (scan_hits)
        printf("%s", scan_report);
    boot_close(&b);
    core_config_free(cfg);
}

/* Lines of the data folder's log that hold needle. */
static int log_lines_with(const char *needle)
{
    char path[700];
    snprintf(path, sizeof path, "%s/logs/cunzhan.log", data);
    size_t n = 0;
    char *text = fx_slurp(path, &n);
    int lines = 0;
    for (char *p = text; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
        lines++;
    free(text);
    return lines;
}

/* The configuration's log.level, read at start-up, keeps lines below it
 * out of the log: "warn" drops the start's info line, the default keeps it;
 * a level of another name is refused as a file line is. */
static void test_log_level_from_config(void)
{
    const char *conf = "sync.enabled = 0\nlog.level = warn\n";
    core_config *cfg = core_config_new();
    REQUIRE(cfg != NULL);
    char err[512];
    REQUIRE(core_config_load_string(cfg, conf, "cunzhan.conf", err, sizeof err) == 0);
    CHECK(core_config_load_string(cfg, "log.level = verbose\n", "cunzhan.conf", err, sizeof err) != 0);
    CHECK(strstr(err, "cunzhan.conf:1") != NULL);
    int before = log_lines_with("cunzhan starting");
    boot_ctx b;
    CHECK_EQ_INT(boot_open(&b, cfg, 0, err, sizeof err), 0);
    core_log(CORE_LOG_INFO, "test", "an info line at warn");
    core_log(CORE_LOG_WARN, "test", "a warn line at warn");
    boot_close(&b);
    CHECK_EQ_INT(log_lines_with("cunzhan starting"), before);
    CHECK_EQ_INT(log_lines_with("an info line at warn"), 0);
    REQUIRE(core_config_set(cfg, "log.level", "info", err, sizeof err) == 0);
    CHECK_EQ_INT(boot_open(&b, cfg, 0, err, sizeof err), 0);
    boot_close(&b);
    CHECK_EQ_INT(log_lines_with("cunzhan starting"), before + 1);
    core_config_free(cfg);
}

static void setup(void)
{
    snprintf(data, sizeof data, "%s/data", check_tmpdir(NULL));
    REQUIRE(fx_remove_tree(data) == 0);
    plat_paths_set(check_asset(""), data, NULL);
    fx_id_number("430521", 1951, 777, idno);
    const char *simdir = fx_fresh_dir("sim");
    REQUIRE(simdir != NULL);
    sim = simproc_start(simdir, 1, NULL);
    REQUIRE(sim != NULL);
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
}

int main(void)
{
    setup();
    if (!sim)
        return check_summary();
    RUN(test_canaries_gone_after_kill);
    RUN(test_old_draft_gone_after_start);
    RUN(test_log_level_from_config);
    simproc_stop(sim);
    return check_summary();
}
