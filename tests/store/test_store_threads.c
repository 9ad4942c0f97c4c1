/* test_store_threads.c — one writer (store.h). The UI thread and the sync
 * thread share the one handle on the file: the UI autosaves and confirms
 * while the sync engine lists due filings and acknowledges them (each ack
 * checkpoints). Every call must succeed, and at the end every filing is a
 * receipt, exactly once. A second handle for writing — in this process or
 * another — is refused with STORE_ERR_WRITER and changes nothing. */
#include <pthread.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "core/log.h"

#define N_FILINGS 150
#define SAVES_PER_FILING 4

static const char *db_path;
static store *shared; /* the one handle both threads use */

typedef struct {
    int errors;
    int last_error;
    int done;
} result;

static void note(result *r, int rc)
{
    if (rc != STORE_OK) {
        r->errors++;
        r->last_error = rc;
    }
}

static void *ui_thread(void *arg)
{
    result *res = arg;
    store *st = shared;
    char uuid[40], id[19], answers[600];
    for (int i = 0; i < N_FILINGS; i++) {
        snprintf(uuid, sizeof uuid, "11111111-2222-4333-8444-%012d", i);
        for (int p = 0; p < SAVES_PER_FILING; p++) {
            snprintf(answers, sizeof answers, "{\"i\":%d,\"p\":%d}", i, p);
            note(res, store_draft_save(st, uuid, "disability_subsidy", 1, p, answers, "agent-2"));
        }
        fx_id_number("110101", 1940, (unsigned)(i % 7), id);
        note(res, store_filing_confirm(st, uuid, "残疾人两项补贴", "{\"ok\":1}", id));
    }
    return NULL;
}

static void *sync_thread(void *arg)
{
    result *res = arg;
    store *st = shared;
    int acked = 0, idle = 0;
    while (acked < N_FILINGS && idle < 100000) {
        store_filing *due = NULL;
        size_t n = 0;
        int rc = store_outbox_due(st, (int64_t)time(NULL) * 1000, 8, &due, &n);
        note(res, rc);
        for (size_t i = 0; i < n; i++) {
            char receipt[64];
            snprintf(receipt, sizeof receipt, "R-%s", due[i].uuid);
            rc = store_filing_ack(st, due[i].uuid, receipt, STORE_STATUS_SUBMITTED, 1);
            note(res, rc);
            if (rc == STORE_OK)
                acked++;
        }
        store_filing_list_free(due, n);
        if (n == 0) {
            idle++;
            usleep(100);
        }
    }
    res->done = acked;
    return NULL;
}

static void test_one_handle_two_threads(void)
{
    db_path = fx_fresh_db("threads");
    REQUIRE(store_open(db_path, &shared) == STORE_OK);
    result ui = {0}, sync = {0};
    pthread_t a, b;
    REQUIRE(pthread_create(&a, NULL, ui_thread, &ui) == 0);
    REQUIRE(pthread_create(&b, NULL, sync_thread, &sync) == 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    store_close(shared);
    shared = NULL;
    if (ui.errors || sync.errors)
        printf("  ui errors %d (%s), sync errors %d (%s)\n", ui.errors,
               store_error_key(ui.last_error), sync.errors, store_error_key(sync.last_error));
    CHECK_EQ_INT(ui.errors, 0);
    CHECK_EQ_INT(sync.errors, 0);
    CHECK_EQ_INT(sync.done, N_FILINGS);
    CHECK_EQ_INT(raw_int(db_path, "SELECT count(*) FROM receipts"), N_FILINGS);
    CHECK_EQ_INT(raw_int(db_path, "SELECT count(DISTINCT filing_uuid) FROM receipts"), N_FILINGS);
    CHECK_EQ_INT(raw_int(db_path, "SELECT count(*) FROM outbox"), 0);
    CHECK_EQ_INT(raw_int(db_path, "SELECT count(*) FROM drafts"), 0);
    /* Upload order per villager: receipts of one villager follow their seq. */
    CHECK_EQ_INT(raw_int(db_path, "SELECT count(*) FROM receipts a JOIN receipts b"
                                  " ON a.villager_key = b.villager_key AND a.seq < b.seq"
                                  " AND a.rowid > b.rowid"),
                 0);
    CHECK_EQ_INT(raw_int(db_path, "SELECT count(*) FROM audit"), 2 * N_FILINGS);
}

static void test_second_writer_refused(void)
{
    const char *path = fx_fresh_db("writer");
    store *st = NULL, *second = (store *)1;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char uuid[] = "11111111-2222-4333-8444-000000000001";
    REQUIRE(store_draft_save(st, uuid, "dibao", 1, 0, "{\"a\":1}", NULL) == STORE_OK);
    /* the same process, e.g. a thread that would open its own handle */
    CHECK_EQ_INT(store_open(path, &second), STORE_ERR_WRITER);
    CHECK(second == NULL);
    CHECK(strcmp(store_strerror(STORE_ERR_WRITER), "unknown store error") != 0);
    /* another process (a second kiosk program started by hand) */
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        store *c = NULL;
        int rc = store_open(path, &c);
        _exit(rc == STORE_ERR_WRITER ? 0 : 10 + (rc < 0 ? -rc : rc));
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* the refused opens changed nothing; the first handle still writes */
    CHECK_EQ_INT(store_draft_save(st, uuid, "dibao", 1, 1, "{\"a\":2}", NULL), STORE_OK);
    store_close(st);
    /* closed: the next handle may write again */
    REQUIRE(store_open(path, &second) == STORE_OK);
    store_draft d;
    REQUIRE(store_draft_load(second, uuid, &d) == STORE_OK);
    CHECK_EQ_INT(d.page, 1);
    store_draft_clear(&d);
    store_close(second);
}

int main(void)
{
    core_log_set_level(CORE_LOG_WARN);
    RUN(test_one_handle_two_threads);
    RUN(test_second_writer_refused);
    return check_summary();
}
