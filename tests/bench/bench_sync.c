/* bench_sync.c — how fast the upload engine drains the outbox to the county
 * platform: county-sim as a child over TLS on loopback (one reused
 * connection), N filings (default 10000) from N/10 villagers.
 *   bench_sync [N]
 * Prints filings per second for two outboxes: the real store (a SQLite file
 * with synchronous=FULL, so every acknowledgement is an fsync) and an
 * in-memory outbox (the network + simulator ceiling). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "fixtures.h"
#include "simproc.h"
#include "store/store.h"
#include "sync/sync.h"
#include "sync/sync_store.h"
#include "core/uuid.h"

static const char *PAYLOAD_FMT =
    "{\"name\":\"张桂英\",\"id_number\":\"%s\",\"phone\":\"13800138000\",\"address\":"
    "\"江西省某县某镇青山村3组12号\",\"household\":[{\"name\":\"李明\",\"relation\":\"子\","
    "\"income_fen\":120000}],\"reason\":\"年老体弱，无固定收入\",\"bank\":\"6217000000000000000\"}";

/* ---- in-memory outbox: one filing per villager in flight, in order ---- */
typedef struct {
    int n, villagers, next; /* next: first unacknowledged index */
    char (*uuid)[37];
    char (*key)[65];
    char *payload;
    unsigned char *done;
} mem_outbox;

static int mem_due(void *ud, int64_t now_ms, size_t max, sync_item **items, size_t *n)
{
    (void)now_ms;
    mem_outbox *m = ud;
    sync_item *it = calloc(max, sizeof *it);
    size_t k = 0;
    if (!it)
        return -1;
    while (m->next < m->n && m->done[m->next])
        m->next++;
    /* filings are round-robin over villagers: the next `villagers` pending
     * ones are each the oldest of their villager */
    for (int i = m->next; i < m->n && k < max && i < m->next + m->villagers; i++) {
        if (m->done[i])
            continue;
        memcpy(it[k].uuid, m->uuid[i], 37);
        memcpy(it[k].villager_key, m->key[i % m->villagers], 65);
        it[k].form_id = "dibao";
        it[k].form_version = 1;
        it[k].filed_at_ms = 1700000000000LL + i;
        it[k].payload = m->payload;
        k++;
    }
    *items = it;
    *n = k;
    return 0;
}

static void mem_free(void *ud, sync_item *items, size_t n) { free(items); }
static int mem_fail(void *ud, const char *uuid, const char *e, int64_t next) { return 0; }
static int mem_hold(void *ud, const char *uuid, const char *reason) { return 0; }
static int mem_ack(void *ud, const char *uuid, const char *receipt, int status, int64_t ms)
{
    mem_outbox *m = ud;
    for (int i = m->next; i < m->n; i++)
        if (!m->done[i] && !strcmp(m->uuid[i], uuid)) {
            m->done[i] = 1;
            return 0;
        }
    return -1;
}
static int mem_count(void *ud, int *pending)
{
    mem_outbox *m = ud;
    int c = 0;
    for (int i = m->next; i < m->n; i++)
        c += !m->done[i];
    *pending = c;
    return 0;
}

static double drain(simproc *sim, const char *token, sync_outbox ob, int *acked, long *conns)
{
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.outbox = ob;
    o.batch = 64;
    sync_engine *s = NULL;
    if (sync_new(&o, &s) != SYNC_OK)
        return -1;
    double t0 = fx_now_s();
    *acked = sync_run_once(s);
    double t = fx_now_s() - t0;
    sync_status stt;
    sync_status_get(s, &stt);
    *conns = (long)stt.connections;
    sync_free(s);
    return t;
}

static void quiet_sink(core_log_level l, const char *m, const char *line, void *ud) {}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    if (n < 10)
        n = 10;
    int villagers = n / 10;
    core_log_set_sink(quiet_sink, NULL);
    char dir[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cz-bench-sync-%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    char cmd[300];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    if (system(cmd))
        return 1;
    simproc *sim = simproc_start(dir, 1, NULL);
    char token[200];
    if (!sim || simproc_register(sim, token, sizeof token)) {
        fprintf(stderr, "bench_sync: cannot start county-sim\n");
        simproc_stop(sim);
        return 1;
    }
    printf("bench_sync: %d filings, %d villagers, county-sim over TLS on loopback\n", n, villagers);

    /* 1. the real store */
    char path[300];
    snprintf(path, sizeof path, "%s/outbox.db", dir);
    store *st = NULL;
    if (store_open(path, &st) != STORE_OK)
        return 1;
    store_set_body_fn(st, sync_store_body, NULL); /* as the kiosk: bodies frozen at confirm */
    double t0 = fx_now_s();
    for (int i = 0; i < n; i++) {
        char uuid[37], id[19], payload[1024];
        fx_id_number("360722", 1930, 5000 + (unsigned)(i % villagers), id);
        core_uuid_v4(uuid);
        snprintf(payload, sizeof payload, PAYLOAD_FMT, id);
        if (store_draft_save(st, uuid, "dibao", 1, 0, "{}", NULL) != STORE_OK ||
            store_filing_confirm(st, uuid, "最低生活保障申请", payload, id) != STORE_OK) {
            fprintf(stderr, "bench_sync: store refused filing %d\n", i);
            return 1;
        }
    }
    double t_fill = fx_now_s() - t0;
    printf("  queue %d filings in the store:      %7.2f s (%6.0f /s, draft save + confirm)\n", n,
           t_fill, n / t_fill);
    sync_outbox ob;
    if (sync_store_outbox_open(st, path, &ob) != STORE_OK)
        return 1;
    int acked = 0;
    long conns = 0;
    double t = drain(sim, token, ob, &acked, &conns);
    sync_store_outbox_close(&ob);
    int left = -1;
    store_outbox_count(st, &left);
    store_close(st);
    printf("  drain, real store outbox:           %7.2f s  %7.0f filings/s  (%d acknowledged, %d left, %ld connection(s))\n",
           t, acked / t, acked, left, conns);

    /* 2. in-memory outbox */
    mem_outbox m = {n, villagers, 0, calloc((size_t)n, 37), calloc((size_t)villagers, 65), NULL,
                    calloc((size_t)n, 1)};
    char id[19], payload[1024];
    fx_id_number("360722", 1930, 7000, id);
    snprintf(payload, sizeof payload, PAYLOAD_FMT, id);
    m.payload = payload;
    for (int i = 0; i < n; i++)
        core_uuid_v4(m.uuid[i]);
    for (int v = 0; v < villagers; v++)
        for (int k = 0; k < 64; k++)
            m.key[v][k] = "0123456789abcdef"[(v * 31 + k * 7 + (v >> (k % 16))) % 16];
    sync_outbox mo = {&m, mem_due, mem_free, mem_fail, mem_ack, mem_count, NULL, mem_hold, NULL, NULL, NULL, NULL};
    t = drain(sim, token, mo, &acked, &conns);
    printf("  drain, in-memory outbox:            %7.2f s  %7.0f filings/s  (%d acknowledged, %ld connection(s))\n", t,
           acked / t, acked, conns);
    long count, distinct;
    simproc_count(sim, &count, &distinct);
    printf("  county-sim holds %ld filings (%ld distinct)\n", count, distinct);
    free(m.uuid);
    free(m.key);
    free(m.done);
    simproc_stop(sim);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd))
        return 1;
    return 0;
}
