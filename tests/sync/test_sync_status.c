/* test_sync_status.c — the status loop (issue 13 item 3) end to end: the
 * real store (SQLite file), the upload engine with a virtual clock (no
 * sleeps of minutes), county-sim over TLS. Filings are uploaded, then the
 * engine asks for their statuses in batches (one request for up to 100),
 * as often as their age says; the back office returns one with a note and
 * accepts another; 5xx and timeouts change nothing on the kiosk and the same
 * filings are asked for again after the backoff; nothing is lost or asked
 * about twice in a round. Last, the engine thread sleeps until the next
 * status round is due instead of waking to look. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/uuid.h"
#include "fixtures.h"
#include "simproc.h"
#include "store/store.h"
#include "sync/sync.h"
#include "sync/sync_store.h"

#define MIN 60000LL
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static simproc *sim;
static char token[200];
static int64_t vclock = 1795311000000LL; /* 2026-11-22 09:30 CST, moved by the test */

static int64_t vclock_fn(void *ud)
{
    (void)ud;
    return vclock;
}

static int make_filings(store *st, int n, char (*uuids)[37])
{
    for (int i = 0; i < n; i++) {
        char id[19], payload[256];
        fx_id_number("360722", 1930, 2000 + (unsigned)i, id);
        if (core_uuid_v4(uuids[i]))
            return -1;
        snprintf(payload, sizeof payload, "{\"name\":\"测试%d\",\"id_number\":\"%s\",\"n\":%d}", i,
                 id, i);
        if (store_draft_save(st, uuids[i], "dibao", 1, 0, "{}", NULL) != STORE_OK ||
            store_filing_confirm(st, uuids[i], "最低生活保障申请", payload, id) != STORE_OK)
            return -1;
    }
    return 0;
}

static sync_engine *engine_new(sync_outbox *ob, int64_t (*clock)(void *), long timeout_ms)
{
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.client.connect_timeout_ms = 1000;
    o.client.total_timeout_ms = timeout_ms;
    o.outbox = *ob;
    o.batch = 64;
    o.base_delay_ms = 10;
    o.max_delay_ms = 100;
    o.poll_ms = 200;
    o.clock = clock;
    sync_engine *s = NULL;
    return sync_new(&o, &s) == SYNC_OK ? s : NULL;
}

static long batches(void) { return simproc_stat(sim, "status_batches"); }

/* Receipts whose next poll time has come (at the virtual now). */
static size_t due_now(store *st)
{
    store_receipt *r = NULL;
    size_t n = 0;
    if (store_receipt_poll_due(st, vclock, 0, &r, &n) != STORE_OK)
        return (size_t)-1;
    store_receipt_list_free(r, n);
    return n;
}

static void receipt_of(store *st, const char *uuid, char *no, size_t cap)
{
    store_receipt *r = NULL;
    size_t n = 0;
    no[0] = '\0';
    store_receipt_poll_due(st, INT64_MAX, 0, &r, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(r[i].filing_uuid, uuid))
            snprintf(no, cap, "%s", r[i].receipt_no);
    store_receipt_list_free(r, n);
}

static long admin(const char *no, const char *verb, const char *body)
{
    char path[160];
    snprintf(path, sizeof path, "/admin/filings/%s/%s", no, verb);
    return simproc_http(sim, "POST", path, body, NULL, NULL);
}

static void test_status_loop(void)
{
    enum { N = 250 };
    static char uuids[N][37];
    const char *path = fx_fresh_db("status");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    store_set_clock(st, vclock_fn, NULL); /* filing times on the same clock */
    REQUIRE(make_filings(st, N, uuids) == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    sync_engine *s = engine_new(&ob, vclock_fn, 3000);
    REQUIRE(s != NULL);

    /* the upload, then the first status round: every new receipt, 100 a request */
    long b0 = batches();
    CHECK_EQ_INT(sync_run_once(s), N);
    sync_status stt;
    sync_status_get(s, &stt);
    CHECK_EQ_INT(stt.polls, 3);
    CHECK_EQ_INT(batches() - b0, 3);
    CHECK_EQ_INT(stt.status_changes, 0);
    CHECK_EQ_INT(due_now(st), 0);
    int64_t next = 0;
    CHECK_EQ_INT(store_receipt_poll_next(st, &next), STORE_OK);
    CHECK_EQ_INT(next, vclock + 10 * MIN); /* a new filing: every 10 minutes */

    /* the back office returns one with a note and accepts another */
    char r0[40], r1[40];
    receipt_of(st, uuids[0], r0, sizeof r0);
    receipt_of(st, uuids[1], r1, sizeof r1);
    REQUIRE(r0[0] && r1[0]);
    CHECK_EQ_INT(admin(r0, "return", "{\"note\":\"请补充户口本首页\"}"), 200);
    CHECK_EQ_INT(admin(r1, "accept", NULL), 200);

    /* not due yet: nothing asked */
    vclock += 5 * MIN;
    b0 = batches();
    CHECK_EQ_INT(sync_run_once(s), 0);
    CHECK_EQ_INT(batches() - b0, 0);

    /* due: three requests, both changes stored with the note */
    vclock += 5 * MIN;
    CHECK_EQ_INT(sync_run_once(s), 0);
    CHECK_EQ_INT(batches() - b0, 3);
    sync_status_get(s, &stt);
    CHECK_EQ_INT(stt.status_changes, 2);
    store_receipt r;
    REQUIRE(store_receipt_get(st, r0, &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_RETURNED);
    CHECK_EQ_STR(r.note ? r.note : "", "请补充户口本首页");
    store_receipt_clear(&r);
    REQUIRE(store_receipt_get(st, r1, &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_ACCEPTED);
    store_receipt_clear(&r);

    /* 5xx: the request fails, nothing changes, the filings stay due; a
     * second run inside the backoff does not ask again at once */
    CHECK_EQ_INT(admin(r1, "finish", "{\"note\":\"已发放\"}"), 200);
    REQUIRE(simproc_faults(sim, "{\"error_rate\":1.0}") == 0);
    vclock += 10 * MIN;
    b0 = simproc_stat(sim, "errors");
    CHECK_EQ_INT(sync_run_once(s), 0);
    CHECK_EQ_INT(simproc_stat(sim, "errors") - b0, 1); /* one request, then the backoff */
    CHECK_EQ_INT(due_now(st), N);                        /* nothing lost */
    sync_status_get(s, &stt);
    CHECK_EQ_INT(stt.status_changes, 2);
    /* the platform's trouble goes on: timeouts (replies slower than the limit) */
    REQUIRE(simproc_faults(sim, "{\"error_rate\":0,\"delay_ms\":4000}") == 0);
    vclock += HOUR + MIN; /* past any backoff (at most an hour) */
    long t0 = simproc_stat(sim, "requests");
    long late = batches();
    CHECK_EQ_INT(sync_run_once(s), 0);
    CHECK_EQ_INT(simproc_stat(sim, "requests") - t0, 1);
    CHECK_EQ_INT(due_now(st), N);
    REQUIRE(simproc_faults(sim, "{\"delay_ms\":0}") == 0);
    /* the platform still answers the request the engine gave up on, after its
     * delay, to a closed socket: wait for that batch to be counted, or on a
     * loaded machine it lands among the three below */
    for (double t = fx_now_s(); batches() == late && fx_now_s() - t < 30;)
        fx_sleep_ms(50);
    CHECK_EQ_INT(batches() - late, 1);

    /* back: the same filings are asked for, the finish arrives once */
    vclock += HOUR + MIN;
    b0 = batches();
    CHECK_EQ_INT(sync_run_once(s), 0);
    CHECK_EQ_INT(batches() - b0, 3);
    CHECK_EQ_INT(due_now(st), 0);
    sync_status_get(s, &stt);
    CHECK_EQ_INT(stt.status_changes, 3);
    REQUIRE(store_receipt_get(st, r1, &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_DONE); /* final: never asked again */
    CHECK_EQ_STR(r.note ? r.note : "", "已发放");
    store_receipt_clear(&r);

    /* older filings are asked about less often: past a day, hourly */
    vclock += 2 * DAY;
    CHECK_EQ_INT(sync_run_once(s), 0);
    CHECK_EQ_INT(store_receipt_poll_next(st, &next), STORE_OK);
    CHECK_EQ_INT(next, vclock + HOUR);
    REQUIRE(store_receipt_get(st, r0, &r) == STORE_OK);
    CHECK_EQ_INT(r.next_poll_ms, vclock + HOUR);
    store_receipt_clear(&r);
    /* and past a week, daily */
    vclock += 8 * DAY;
    CHECK_EQ_INT(sync_run_once(s), 0);
    CHECK_EQ_INT(store_receipt_poll_next(st, &next), STORE_OK);
    CHECK_EQ_INT(next, vclock + DAY);
    CHECK_EQ_INT(sync_poll_interval_ms(0), 10 * MIN);
    CHECK_EQ_INT(sync_poll_interval_ms(3 * DAY), HOUR);
    CHECK_EQ_INT(sync_poll_interval_ms(30 * DAY), DAY);

    /* no filing lost or twice on the platform, every receipt kept */
    long count = 0, distinct = 0;
    REQUIRE(simproc_count(sim, &count, &distinct) == 0);
    CHECK_EQ_INT(count, N);
    CHECK_EQ_INT(distinct, N);
    sync_free(s);

    /* the engine thread sleeps until the next status round is due: the
     * store's open filings are next due in 30 minutes (virtual clock; the
     * agents' list is next due in an hour), so with nothing to upload its
     * next wake is that due date, not the 200 ms poll */
    vclock = next - 30 * MIN;
    s = engine_new(&ob, vclock_fn, 3000);
    REQUIRE(s != NULL);
    REQUIRE(sync_start(s) == SYNC_OK);
    int asleep = 0;
    for (int i = 0; i < 6000 && !asleep; i++) { /* up to a minute on a loaded machine */
        fx_sleep_ms(10);
        sync_status_get(s, &stt);
        asleep = stt.pending == 0 && stt.next_try_ms == next;
    }
    CHECK(asleep);
    long req = simproc_stat(sim, "requests");
    fx_sleep_ms(600); /* three idle polls' worth: no request, no wake */
    CHECK_EQ_INT(simproc_stat(sim, "requests"), req);
    sync_free(s);
    sync_store_outbox_close(&ob);
    store_close(st);
}

int main(void)
{
    sim = simproc_start(fx_fresh_dir("sim-status"), 1, NULL);
    if (!sim || simproc_register(sim, token, sizeof token)) {
        printf("cannot start or register with county-sim\n");
        simproc_stop(sim);
        return 1;
    }
    RUN(test_status_loop);
    simproc_stop(sim);
    return check_summary();
}
