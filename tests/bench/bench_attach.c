/* bench_attach.c — attachment upload throughput: county-sim as a child over
 * TLS on loopback dropping 10 % of the requests (the connection closed
 * without a reply, after the piece was sent), the real store and data
 * folder, N filings (default 20) each naming a large image (~900 KB, four
 * pieces of 256 KiB) and a small one (~200 KB).
 *   bench_attach [N]
 * Two runs: the kiosk's own retry timing (backoff from 1 s, as shipped) and
 * a fast one (backoff from 10 ms: the engine's and TLS's ceiling). Prints
 * MB/s of images against the goal, how many bytes went twice (a dropped
 * piece is sent again, never the whole file) and what the platform stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/pngio.h"
#include "core/uuid.h"
#include "fixtures.h"
#include "simproc.h"
#include "store/store.h"
#include "sync/sync.h"
#include "sync/sync_store.h"

#define GOAL_MBS 1.0 /* with the shipped backoff: a 4G link's pace (~1 MB/s) is the limit, not the kiosk */

static void quiet_sink(core_log_level l, const char *m, const char *line, void *ud) {}

static long write_png(const char *dir, const char *rel, int w, int h, unsigned seed)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    uint32_t x = seed * 2654435761u + 11;
    for (size_t i = 0; i < (size_t)w * (size_t)h * 4; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        px[i] = (i % 4 == 3) ? 255 : (uint8_t)x;
    }
    char err[128];
    int rc = core_png_write(path, px, w, h, err, sizeof err);
    free(px);
    struct stat sb;
    return rc == 0 && stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Queues n filings with their images in a fresh store at dir; total image bytes. */
static long queue(const char *dir, const char *db, int n, unsigned salt)
{
    char sub[1200];
    snprintf(sub, sizeof sub, "%s/signatures", dir);
    mkdir(sub, 0700);
    snprintf(sub, sizeof sub, "%s/consent", dir);
    mkdir(sub, 0700);
    store *st = NULL;
    if (store_open(db, &st) != STORE_OK)
        return -1;
    store_set_body_fn(st, sync_store_body, (void *)dir); /* as boot.c */
    long total = 0;
    for (int i = 0; i < n; i++) {
        char uuid[37], id[19], sig[100], rel[200], crel[200], payload[600];
        core_uuid_v4(uuid);
        fx_id_number("360722", 1930, 7000 + (unsigned)i, id);
        snprintf(sig, sizeof sig, "sig-%08x%056d.png", salt * 1000u + (unsigned)i, 0);
        snprintf(rel, sizeof rel, "signatures/%s", sig);
        snprintf(crel, sizeof crel, "consent/%s.png", uuid);
        long a = write_png(dir, rel, 480, 470, salt * 100 + (unsigned)i);
        long b = write_png(dir, crel, 260, 200, salt * 100 + 50 + (unsigned)i);
        if (a < 0 || b < 0)
            return -1;
        total += a + b;
        snprintf(payload, sizeof payload,
                 "{\"name\":\"张桂英\",\"id_number\":\"%s\",\"signature\":\"%s\","
                 "\"proxy\":{\"agent_id\":\"A0012\",\"signature\":{\"file\":\"%s\"}}}",
                 id, sig, crel);
        if (store_draft_save(st, uuid, "dibao", 1, 0, "{}", NULL) != STORE_OK ||
            store_filing_confirm(st, uuid, "最低生活保障申请", payload, id) != STORE_OK)
            return -1;
    }
    store_close(st);
    return total;
}

typedef struct {
    double s;
    int left;
    sync_status st;
} run_result;

static int run(simproc *sim, const char *token, const char *db, long base_ms, run_result *r)
{
    store *st = NULL;
    if (store_open(db, &st) != STORE_OK)
        return -1;
    sync_outbox ob;
    if (sync_store_outbox_open(st, db, &ob) != STORE_OK)
        return -1;
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.outbox = ob;
    o.base_delay_ms = base_ms;
    o.max_delay_ms = base_ms * 30;
    sync_engine *s = NULL;
    if (sync_new(&o, &s) != SYNC_OK)
        return -1;
    /* the engine's own thread, with its own waits, as on the kiosk */
    double t0 = fx_now_s();
    if (sync_start(s) != SYNC_OK)
        return -1;
    for (;;) {
        fx_sleep_ms(5);
        sync_status_get(s, &r->st);
        if (r->st.pending == 0 || fx_now_s() - t0 > 600)
            break;
    }
    r->s = fx_now_s() - t0;
    r->left = r->st.pending;
    sync_free(s);
    sync_store_outbox_close(&ob);
    store_close(st);
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20;
    if (n < 1)
        n = 1;
    core_log_set_sink(quiet_sink, NULL);
    char dir[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cz-bench-attach-%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    fx_remove_tree(dir);
    mkdir(dir, 0700);
    simproc *sim = simproc_start(dir, 1, NULL);
    char token[200];
    if (!sim || simproc_register(sim, token, sizeof token)) {
        fprintf(stderr, "bench_attach: cannot start county-sim\n");
        simproc_stop(sim);
        return 1;
    }
    printf("bench_attach: %d filings, each a ~900 KB and a ~200 KB image; county-sim over TLS on"
           " loopback, 10 %% of requests dropped\n", n);
    static const struct {
        const char *what;
        long base_ms;
    } runs[] = {{"kiosk's retry timing (backoff from 1 s)", 1000}, {"fast retries (backoff from 10 ms)", 10}};
    int bad = 0;
    for (int k = 0; k < 2; k++) {
        char sub[400], db[500];
        snprintf(sub, sizeof sub, "%s/run%d", dir, k);
        mkdir(sub, 0700);
        snprintf(db, sizeof db, "%s/cunzhan.db", sub);
        long total = queue(sub, db, n, (unsigned)k + 1);
        if (total < 0) {
            fprintf(stderr, "bench_attach: cannot queue the filings\n");
            return 1;
        }
        long stored0 = simproc_stat(sim, "att_bytes"), drops0 = simproc_stat(sim, "drops");
        long pieces0 = simproc_stat(sim, "att_pieces"), req0 = simproc_stat(sim, "requests");
        long adrops0 = simproc_stat(sim, "att_drops"), again0 = simproc_stat(sim, "att_dropped_bytes");
        simproc_faults(sim, "{\"drop_rate\":0.1}");
        run_result r;
        memset(&r, 0, sizeof r);
        if (run(sim, token, db, runs[k].base_ms, &r)) {
            fprintf(stderr, "bench_attach: the upload engine did not start\n");
            return 1;
        }
        simproc_faults(sim, "{\"drop_rate\":0}");
        long stored = simproc_stat(sim, "att_bytes") - stored0;
        long drops = simproc_stat(sim, "drops") - drops0;
        long pieces = simproc_stat(sim, "att_pieces") - pieces0;
        long reqs = simproc_stat(sim, "requests") - req0;
        long adrops = simproc_stat(sim, "att_drops") - adrops0;
        long again = simproc_stat(sim, "att_dropped_bytes") - again0;
        double mbs = total / r.s / 1e6;
        printf("  %s:\n", runs[k].what);
        printf("    %.1f MB of images in %.2f s: %6.2f MB/s  (goal >= %.1f MB/s: %s)\n", total / 1e6,
               r.s, mbs, GOAL_MBS, k == 1 || mbs >= GOAL_MBS ? (k == 1 ? "ceiling" : "met") : "NOT MET");
        printf("    %ld requests, %ld dropped (%ld of them pieces); %ld pieces taken; %lld filings"
               " acknowledged, %d left\n",
               reqs, drops, adrops, pieces, (long long)r.st.uploaded, r.left);
        printf("    stored on the platform: %ld bytes of %ld (%s); sent again after drops: %ld"
               " bytes (%.1f %%: only the lost pieces, never a whole file again)\n",
               stored, total, stored == total ? "each byte once" : "MISMATCH", again,
               100.0 * (double)again / (double)total);
        bad |= r.left != 0 || stored != total; /* a missed goal is printed, not an error */
    }
    simproc_stop(sim);
    fx_remove_tree(dir);
    return bad;
}
