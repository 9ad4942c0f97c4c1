/* bench_status.c — the cost of the status loop (issue 13): N open filings
 * (default 500) of mixed ages — a quarter filed within the last day, a
 * quarter 1 to 7 days ago, half older — uploaded to county-sim (child, TLS
 * on loopback), then one simulated day of the upload engine on a virtual
 * clock, a pass every simulated minute (as a kiosk whose engine wakes at
 * each due date). Prints the status requests per hour (mean and the busiest
 * hour) against the goal and what asking each filing alone would cost; the kiosk's CPU time
 * per status request (store read, TLS request, store write) and per pass
 * that asks nothing.
 *   bench_status [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/uuid.h"
#include "fixtures.h"
#include "simproc.h"
#include "store/store.h"
#include "sync/sync.h"
#include "sync/sync_store.h"

#define MIN 60000LL
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
#define GOAL_REQ_PER_HOUR 60.0 /* 500 open filings: one request a minute at most */
#define GOAL_CPU_MS 25.0       /* kiosk CPU per status request (x86; an ARM board ~5x) */

static int64_t vclock = 1795311000000LL;
static int64_t vclock_fn(void *ud)
{
    (void)ud;
    return vclock;
}

static void quiet_sink(core_log_level l, const char *m, const char *line, void *ud)
{
    (void)l;
    (void)m;
    (void)line;
    (void)ud;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 500;
    if (n < 4)
        n = 4;
    core_log_set_sink(quiet_sink, NULL);
    simproc *sim = simproc_start(fx_fresh_dir("bench-status-sim"), 1, NULL);
    char token[256];
    if (!sim || simproc_register(sim, token, sizeof token)) {
        printf("cannot start county-sim\n");
        return 1;
    }
    const char *path = fx_fresh_db("bench-status");
    store *st = NULL;
    if (store_open(path, &st) != STORE_OK) {
        printf("cannot open the store\n");
        return 1;
    }
    store_set_clock(st, vclock_fn, NULL);
    /* filings of mixed ages: confirmed at their own (virtual) times */
    const int64_t now0 = vclock;
    for (int i = 0; i < n; i++) {
        int64_t age = i < n / 4       ? (int64_t)(i % 24) * HOUR
                      : i < n / 2     ? DAY + (int64_t)(i % 6) * DAY
                                      : 8 * DAY + (int64_t)(i % 60) * DAY;
        vclock = now0 - age;
        char uuid[37], id[19], payload[160];
        fx_id_number("360722", 1930, 5000 + (unsigned)i, id);
        core_uuid_v4(uuid);
        snprintf(payload, sizeof payload, "{\"n\":%d,\"id_number\":\"%s\"}", i, id);
        if (store_draft_save(st, uuid, "dibao", 1, 0, "{}", NULL) != STORE_OK ||
            store_filing_confirm(st, uuid, "最低生活保障申请", payload, id) != STORE_OK) {
            printf("cannot make filings\n");
            return 1;
        }
    }
    vclock = now0;
    sync_outbox ob;
    sync_store_outbox_open(st, path, &ob);
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.outbox = ob;
    o.clock = vclock_fn;
    sync_engine *s = NULL;
    if (sync_new(&o, &s) != SYNC_OK) {
        printf("engine did not start\n");
        return 1;
    }
    int up = sync_run_once(s); /* the upload, then a first round about every filing */
    sync_status s0;
    sync_status_get(s, &s0);

    /* one simulated day, a pass a minute */
    long per_hour[24] = {0};
    long b_prev = simproc_stat(sim, "status_batches"), b_first = b_prev;
    double cpu_req = 0, cpu_idle = 0;
    long idle_passes = 0;
    for (int m = 1; m <= 24 * 60; m++) {
        vclock = now0 + m * MIN;
        double c0 = cpu_ms();
        sync_run_once(s);
        double c = cpu_ms() - c0;
        long b = simproc_stat(sim, "status_batches");
        if (b > b_prev) {
            per_hour[(m - 1) / 60] += b - b_prev;
            cpu_req += c;
        } else {
            cpu_idle += c;
            idle_passes++;
        }
        b_prev = b;
    }
    long total = b_prev - b_first, peak = 0;
    for (int h = 0; h < 24; h++)
        if (per_hour[h] > peak)
            peak = per_hour[h];
    sync_status s1;
    sync_status_get(s, &s1);
    double mean = total / 24.0;
    printf("  status loop, %d open filings (1/4 < 1 day, 1/4 1-7 days, 1/2 older), one day:\n", n);
    printf("    uploaded %d, first round %lld request(s)\n", up, (long long)s0.polls);
    printf("    requests per hour:         %7.1f mean, %ld busiest hour  (goal <= %.0f)  %s\n",
           mean, peak, GOAL_REQ_PER_HOUR, peak <= GOAL_REQ_PER_HOUR ? "ok" : "OVER");
    printf("    requests in the day:       %7ld  (asking each filing alone: %ld)\n", total,
           (long)(n / 4) * 6 * 24 + (long)(n / 4) * 24 + (long)(n - n / 2));
    printf("    kiosk CPU per request:     %7.2f ms  (goal <= %.0f)  %s\n",
           total ? cpu_req / total : 0.0, GOAL_CPU_MS,
           total && cpu_req / total <= GOAL_CPU_MS ? "ok" : "OVER");
    printf("    kiosk CPU per idle pass:   %7.3f ms  (%ld passes that asked nothing)\n",
           idle_passes ? cpu_idle / idle_passes : 0.0, idle_passes);
    sync_free(s);
    sync_store_outbox_close(&ob);
    store_close(st);
    simproc_stop(sim);
    return 0;
}
