/* test_sync_kill.c — kill -9 the kiosk at random moments during save and
 * upload, hundreds of times, and check that every filing reaches the county
 * platform exactly once.
 *
 * county-sim runs once, over TLS on loopback, with faults switched on (a
 * delay before every reply, some accept-then-fail, 503s and dropped
 * connections), so kills land while requests are in flight, between the
 * platform's commit and the kiosk's ack, and between the kiosk's commit and
 * its report. Each iteration forks a child that plays the kiosk on the real
 * store file: it confirms a few new filings for a handful of villagers
 * (store_draft_save + store_filing_confirm), reporting each uuid to the
 * parent through a pipe only after store_filing_confirm returned, and runs
 * the upload engine (sync_run_once) against the simulator, writing a marker
 * before and after each pass. The parent SIGKILLs it after 0-30 ms and checks
 * that the store still opens, passes its quick check and holds every
 * reported filing (pending or receipted).
 *
 * After the loop the faults go off and the parent drains the outbox. Then:
 *   - the store passes the full integrity check and has none pending;
 *   - every reported filing is in the simulator exactly once (total ==
 *     distinct), with the receipt number the store kept for it;
 *   - nothing else is there: the simulator and the store's receipts hold the
 *     same filings; the only unreported ones are those committed by a child
 *     that died before it could report (counted after each kill: at most one);
 *   - each villager's filings reached the platform in their outbox order.
 * The same comparison is run on doctored inputs (a lost filing, a duplicate)
 * to show that it does catch them. */
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "killspan.h"
#include "core/log.h"
#include "simproc.h"
#include "store/store.h"
#include "sync/sync.h"
#include "sync/sync_store.h"
#include "core/uuid.h"

#define MAX_ITER 300
#define MIN_ITER 100
/* Natively all MAX_ITER kills take about 11 s. Where they cannot fit in
 * DEADLINE_S (ASan, ARM under qemu) MIN_ITER or more are enough, unless the
 * work checked below has not happened yet: then up to GIVE_UP_S. */
#define DEADLINE_S 20.0
#define GIVE_UP_S 120.0
#define VILLAGERS 6
#define CONFIRMS_PER_LIFE 3

static simproc *sim;
static char token[200];

static sync_engine *engine_new(sync_outbox *ob)
{
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.client.connect_timeout_ms = 1000;
    o.client.total_timeout_ms = 3000;
    o.outbox = *ob;
    o.batch = 8;
    o.base_delay_ms = 5;
    o.max_delay_ms = 60;
    o.poll_ms = 100;
    sync_engine *s = NULL;
    return sync_new(&o, &s) == SYNC_OK ? s : NULL;
}

/* ---- the child: a kiosk that files and uploads until it is killed ------ */

typedef struct {
    char kind; /* O set up, C confirmed, P pass begins, D pass done, E error */
    char uuid[STORE_UUID_LEN + 1];
    int code;
} report;

static void send_report(int fd, char kind, const char *uuid, int code)
{
    report r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    snprintf(r.uuid, sizeof r.uuid, "%s", uuid ? uuid : "");
    r.code = code;
    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(5);
}

/* only_open: report 'O' once the store and engine are up, then exit (the
 * start-up timing below). */
static void child_run(const char *path, int fd, unsigned seed, int only_open)
{
    srand(seed);
    store *st = NULL;
    int rc = store_open(path, &st);
    if (rc != STORE_OK) {
        send_report(fd, 'E', NULL, rc);
        _exit(3);
    }
    sync_outbox ob;
    rc = sync_store_outbox_open(st, path, &ob);
    if (rc != STORE_OK) {
        send_report(fd, 'E', NULL, rc);
        _exit(3);
    }
    sync_engine *s = engine_new(&ob);
    if (!s) {
        send_report(fd, 'E', NULL, SYNC_ERR_NOMEM);
        _exit(3);
    }
    send_report(fd, 'O', NULL, 0);
    if (only_open)
        _exit(0);
    int confirmed = 0;
    for (;;) {
        if (confirmed < CONFIRMS_PER_LIFE) {
            char uuid[STORE_UUID_LEN + 1], id[19], payload[256];
            int v = rand() % VILLAGERS;
            fx_id_number("360722", 1930, 2000 + (unsigned)v, id);
            if (core_uuid_v4(uuid)) {
                send_report(fd, 'E', NULL, STORE_ERR_INTERNAL);
                _exit(3);
            }
            snprintf(payload, sizeof payload,
                     "{\"name\":\"测试%d\",\"id_number\":\"%s\",\"phone\":\"13800138000\","
                     "\"filing\":\"%s\"}", v, id, uuid);
            rc = store_draft_save(st, uuid, "dibao", 1, 0, "{}", NULL);
            if (rc == STORE_OK)
                rc = store_filing_confirm(st, uuid, "最低生活保障申请", payload, id);
            if (rc != STORE_OK) {
                send_report(fd, 'E', uuid, rc);
                _exit(4);
            }
            send_report(fd, 'C', uuid, 0); /* only now: it returned STORE_OK */
            confirmed++;
        }
        send_report(fd, 'P', NULL, 0);
        rc = sync_run_once(s);
        if (rc < 0) {
            send_report(fd, 'E', NULL, rc);
            _exit(4);
        }
        send_report(fd, 'D', NULL, rc);
        if (confirmed >= CONFIRMS_PER_LIFE)
            fx_sleep_ms(2); /* nothing new to file: keep the pipe from filling */
    }
}

/* For killspan_start_us: a child that sets up and reports 'O'. */
static void start_child(int fd, void *path) { child_run(path, fd, 1, 1); }

/* ---- the comparison ----------------------------------------------------- */

static const char *jstr(const cJSON *o, const char *name)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, name));
    return s ? s : "";
}

/* Problems found comparing what the children reported (sorted), the
 * simulator's filings (the "filings" array of GET /admin/filings) and the
 * store's receipts; 0 if all is well. max_unreported: how many filings may be
 * on the platform without a report (one per kill at most). */
static int compare(const fx_uuids *reported, const cJSON *sim_arr, store *st,
                   char keys[VILLAGERS][STORE_KEY_LEN + 1], long max_unreported, int verbose)
{
    int problems = 0;
#define PROBLEM(...)                     \
    do {                                 \
        if (verbose && problems < 10) {  \
            printf("  " __VA_ARGS__);    \
            printf("\n");                \
        }                                \
        problems++;                      \
    } while (0)
    fx_uuids on_sim = {0};
    const cJSON *f;
    cJSON_ArrayForEach(f, sim_arr) fx_uuids_add(&on_sim, jstr(f, "filing_id"));
    fx_uuids_sort(&on_sim);
    /* exactly once */
    for (size_t i = 1; i < on_sim.n; i++)
        if (!strcmp(on_sim.v[i], on_sim.v[i - 1]))
            PROBLEM("filing %s is on the platform more than once", on_sim.v[i]);
    /* none lost */
    for (size_t i = 0; i < reported->n; i++)
        if (!fx_uuids_has(&on_sim, reported->v[i]))
            PROBLEM("filing %s was confirmed but never reached the platform", reported->v[i]);
    /* each platform filing is a receipt in the store, under the same number,
     * for one of our villagers; unreported ones are few */
    long unreported = 0;
    cJSON_ArrayForEach(f, sim_arr)
    {
        const char *id = jstr(f, "filing_id");
        if (!fx_uuids_has(reported, id))
            unreported++;
        int ours = 0;
        for (int v = 0; v < VILLAGERS; v++)
            ours |= !strcmp(keys[v], jstr(f, "villager_key"));
        if (!ours)
            PROBLEM("filing %s on the platform is for an unknown villager", id);
        store_receipt r;
        if (store_receipt_get(st, jstr(f, "receipt_no"), &r) == STORE_OK) {
            if (strcmp(r.filing_uuid, id))
                PROBLEM("receipt %s belongs to %s in the store, %s on the platform",
                        jstr(f, "receipt_no"), r.filing_uuid, id);
            store_receipt_clear(&r);
        } else {
            PROBLEM("the store has no receipt %s (filing %s)", jstr(f, "receipt_no"), id);
        }
    }
    if (unreported > max_unreported)
        PROBLEM("%ld filings on the platform were never reported (%ld expected)", unreported,
                max_unreported);
    /* the store's receipts are exactly the platform's filings, and each
     * villager's arrived in outbox order */
    size_t n_receipts = 0;
    for (int v = 0; v < VILLAGERS; v++) {
        store_receipt *items = NULL;
        size_t n = 0;
        if (store_receipt_list_by_villager(st, keys[v], &items, &n) != STORE_OK) {
            PROBLEM("cannot list receipts");
            continue;
        }
        n_receipts += n;
        /* items are newest first: walk them oldest first */
        double last_sim_seq = -1;
        int64_t last_seq = -1;
        for (size_t k = n; k-- > 0;) {
            if (!fx_uuids_has(&on_sim, items[k].filing_uuid))
                PROBLEM("the store has a receipt for %s, the platform has no such filing",
                        items[k].filing_uuid);
            if (items[k].seq <= last_seq)
                PROBLEM("receipts are not listed in filing order");
            last_seq = items[k].seq;
            cJSON_ArrayForEach(f, sim_arr)
            {
                if (strcmp(jstr(f, "filing_id"), items[k].filing_uuid))
                    continue;
                double q = cJSON_GetNumberValue(cJSON_GetObjectItem(f, "seq"));
                if (q <= last_sim_seq)
                    PROBLEM("filing %s overtook an earlier one of its villager",
                            items[k].filing_uuid);
                last_sim_seq = q;
                break;
            }
        }
        store_receipt_list_free(items, n);
    }
    if (n_receipts != on_sim.n)
        PROBLEM("the store has %zu receipts, the platform %zu filings", n_receipts, on_sim.n);
#undef PROBLEM
    free(on_sim.v);
    return problems;
}

/* Filings the store holds: pending plus receipted; -1 on error. */
static long store_filings_held(store *st, char keys[VILLAGERS][STORE_KEY_LEN + 1])
{
    int pending = -1;
    if (store_outbox_count(st, &pending) != STORE_OK)
        return -1;
    long held = pending;
    for (int v = 0; v < VILLAGERS; v++) {
        store_receipt *items = NULL;
        size_t n = 0;
        if (store_receipt_list_by_villager(st, keys[v], &items, &n) != STORE_OK)
            return -1;
        held += (long)n;
        store_receipt_list_free(items, n);
    }
    return held;
}

/* ---- the test ----------------------------------------------------------- */

static int drain(const char *path, store *st, double limit_s)
{
    sync_outbox ob;
    if (sync_store_outbox_open(st, path, &ob) != STORE_OK)
        return -1;
    sync_engine *s = engine_new(&ob);
    int n = -1;
    double t0 = fx_now_s();
    while (s && fx_now_s() - t0 < limit_s) {
        if (sync_run_once(s) < 0)
            break;
        if (store_outbox_count(st, &n) != STORE_OK || n == 0)
            break;
        fx_sleep_ms(20); /* retry times of the filings that failed */
    }
    sync_free(s);
    sync_store_outbox_close(&ob);
    return n;
}

static void test_kill_during_save_and_upload(void)
{
    const char *path = fx_fresh_db("kill");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char keys[VILLAGERS][STORE_KEY_LEN + 1];
    for (int v = 0; v < VILLAGERS; v++) {
        char id[19];
        fx_id_number("360722", 1930, 2000 + (unsigned)v, id);
        REQUIRE(store_villager_key(st, id, keys[v]) == STORE_OK);
    }
    store_close(st);
    st = NULL;

    REQUIRE(simproc_faults(sim, "{\"delay_ms\":4,\"accept_fail_rate\":0.15,\"error_rate\":0.05,"
                                "\"drop_rate\":0.03}") == 0);
    killspan span;
    killspan_init(&span, killspan_start_us(start_child, (void *)path, sizeof(report), 'O'));
    fx_uuids reported = {0};
    long adopted = 0; /* committed by a child that died before reporting */
    long kills = 0, in_pass = 0, in_save = 0, before_work = 0, passes_done = 0, errors = 0;
    double t0 = fx_now_s();
    srand(20240611);
    int iter;
    for (iter = 0;; iter++) {
        /* enough kills; on a slow machine (emulation) go on, up to three
         * times as many, until one landed after the platform committed a
         * filing whose reply it then lost */
        double el = fx_now_s() - t0;
        int enough = iter >= MAX_ITER || (iter >= MIN_ITER && el > DEADLINE_S);
        if (enough && (iter >= 3 * MAX_ITER || el > GIVE_UP_S ||
                       simproc_stat(sim, "replayed") > 0))
            break;
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        unsigned seed = (unsigned)rand();
        long delay_us = killspan_delay_us(&span);
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child_run(path, fds[1], seed, 0);
            _exit(6);
        }
        close(fds[1]);
        struct timespec d = {delay_us / 1000000, (delay_us % 1000000) * 1000L};
        nanosleep(&d, NULL);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        kills++;
        char last = 0;
        int life_done = 0; /* this child finished an upload pass before it died */
        report r;
        while (read(fds[0], &r, sizeof r) == (ssize_t)sizeof r) {
            if (r.kind == 'C')
                fx_uuids_add(&reported, r.uuid);
            else if (r.kind == 'D')
                passes_done++, life_done = 1;
            else if (r.kind == 'O')
                continue; /* set up: still "before any work" */
            else if (r.kind == 'E') {
                printf("  child error %d (%s)\n", r.code, store_error_key(r.code));
                errors++;
            }
            last = r.kind;
        }
        close(fds[0]);
        /* wanted: kills after a pass got through, where a filing the platform
         * committed may lose its reply (a replay on the next life). Under
         * emulation a pass can take longer than the first span: widen it. */
        killspan_note(&span, life_done);
        if (last == 'P')
            in_pass++; /* died inside sync_run_once */
        else if (last == 0)
            before_work++; /* while opening, or inside its first save */
        else
            in_save++; /* inside a save, or between steps */
        /* after every kill the store opens and is sound, and holds every
         * reported filing (pending or receipted) plus at most the one the
         * child committed but died before reporting */
        REQUIRE(store_open(path, &st) == STORE_OK);
        CHECK_EQ_INT(store_check(st, 0), STORE_OK);
        long held = store_filings_held(st, keys);
        long extra = held - (long)reported.n - adopted;
        CHECK(held >= 0 && extra >= 0 && extra <= 1);
        adopted += extra > 0 ? extra : 0;
        store_close(st);
        st = NULL;
        if (check_current_failed)
            break;
    }
    double loop_s = fx_now_s() - t0;
    fx_uuids_sort(&reported);
    long replayed = simproc_stat(sim, "replayed");
    long accept_fails = simproc_stat(sim, "accept_fails");
    REQUIRE(simproc_faults(sim, "{\"delay_ms\":0,\"accept_fail_rate\":0,\"error_rate\":0,"
                                "\"drop_rate\":0}") == 0);

    REQUIRE(store_open(path, &st) == STORE_OK);
    int pending_before = -1;
    store_outbox_count(st, &pending_before);
    double t1 = fx_now_s();
    int left = drain(path, st, 30.0);
    double drain_s = fx_now_s() - t1;
    CHECK_EQ_INT(left, 0);
    CHECK_EQ_INT(store_check(st, 1), STORE_OK);
    int n = -1;
    CHECK_EQ_INT(store_outbox_count(st, &n), STORE_OK);
    CHECK_EQ_INT(n, 0);

    long total = -1, distinct = -1;
    REQUIRE(simproc_count(sim, &total, &distinct) == 0);
    CHECK_EQ_INT(total, distinct);
    CHECK(total >= (long)reported.n);
    CHECK_EQ_INT(total - (long)reported.n, adopted);
    char *reply = NULL;
    REQUIRE(simproc_http(sim, "GET", "/admin/filings", NULL, NULL, &reply) == 200);
    cJSON *o = cJSON_Parse(reply);
    free(reply);
    cJSON *arr = cJSON_GetObjectItem(o, "filings");
    REQUIRE(cJSON_IsArray(arr));
    CHECK_EQ_INT(compare(&reported, arr, st, keys, adopted, 1), 0);

    /* The comparison does catch a lost filing and a duplicate. */
    if (reported.n > 0) {
        fx_uuids lost = {0};
        for (size_t i = 0; i < reported.n; i++)
            fx_uuids_add(&lost, reported.v[i]);
        char ghost[STORE_UUID_LEN + 1];
        REQUIRE(core_uuid_v4(ghost) == 0);
        fx_uuids_add(&lost, ghost); /* confirmed, never uploaded */
        fx_uuids_sort(&lost);
        CHECK(compare(&lost, arr, st, keys, adopted, 0) > 0);
        free(lost.v);
        cJSON_AddItemToArray(arr, cJSON_Duplicate(cJSON_GetArrayItem(arr, 0), 1));
        CHECK(compare(&reported, arr, st, keys, adopted, 0) > 0);
    }
    cJSON_Delete(o);

    printf("  %d kills in %.1f s: %ld inside an upload pass, %ld in or after a save, %ld before"
           " any work; %ld passes completed; kill delays up to %.0f ms\n",
           iter, loop_s, in_pass, in_save, before_work, passes_done, span.span_us / 1000.0);
    printf("  %zu filings reported, %ld committed but unreported; %d pending after the loop,"
           " drained in %.1f s; platform: %ld filings, %ld distinct, %ld accept-fails, %ld"
           " replayed\n",
           reported.n, total - (long)reported.n, pending_before, drain_s, total, distinct,
           accept_fails, replayed);
    CHECK_EQ_INT(errors, 0);
    CHECK(iter >= MIN_ITER);
    CHECK(reported.n > 0);
    CHECK(in_pass > 0);
    CHECK(replayed > 0); /* some filings were committed upstream, then sent again */
    store_close(st);
    free(reported.v);
}

int main(void)
{
    core_log_set_level(CORE_LOG_WARN);
    sim = simproc_start(check_tmpdir("sim"), 1, NULL);
    if (!sim || simproc_register(sim, token, sizeof token)) {
        printf("cannot start or register with county-sim\n");
        simproc_stop(sim);
        return 1;
    }
    RUN(test_kill_during_save_and_upload);
    simproc_stop(sim);
    return check_summary();
}
