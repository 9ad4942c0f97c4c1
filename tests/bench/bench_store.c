/* bench_store.c — how fast the offline store is on a real file, with the
 * durability settings the kiosk uses (WAL, synchronous=FULL: one fsync per
 * commit). Prints median / p99 / max per operation:
 *   autosave   store_draft_save() of a ~2 KB answers blob (called on every answer)
 *   confirm    store_filing_confirm() (draft -> outbox, audit row)
 *   due        store_outbox_due(8) with a few hundred filings pending
 *   ack+purge  store_filing_ack() (receipt stored, payload deleted, audit row)
 * The database goes to $CZ_TMP (tests/bench/run.sh sets it) or /tmp. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "fixtures.h"
#include "store/store.h"

#define N_SAVES 2000
#define N_FILINGS 500

static double now_us(void) { return fx_now_s() * 1e6; }

static void report(const char *what, double *t, int n)
{
    fx_sort_doubles(t, (size_t)n);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += t[i];
    printf("%-10s n=%-5d median %7.0f us   p99 %7.0f us   max %7.0f us   mean %7.0f us\n", what,
           n, t[n / 2], t[(n * 99) / 100], t[n - 1], sum / n);
}

/* A realistic answers blob of about 2 KB: the fields of a pension enrolment. */
static void make_answers(char *buf, size_t n, int page)
{
    int len = snprintf(buf, n,
                       "{\"姓名\":\"阿依古丽·买买提\",\"公民身份号码\":\"320102195001010012\","
                       "\"性别\":\"女\",\"民族\":\"维吾尔族\",\"出生日期\":\"1950-01-01\","
                       "\"户籍性质\":\"农业\",\"户籍地址\":\"某省某县某镇某村三组12号\","
                       "\"居住地址\":\"某省某县某镇某村三组12号\",\"联系电话\":\"13800138000\","
                       "\"参保身份\":\"普通\",\"缴费档次\":50000,\"开户行\":\"农村商业银行\","
                       "\"银行账号\":\"6217000000000000000\",\"page\":%d,\"notes\":\"",
                       page);
    while ((size_t)len < n - 3 && len < 2040) {
        int k = snprintf(buf + len, n - (size_t)len, "备注%d;", len % 97);
        if (k <= 0)
            break;
        len += k;
    }
    snprintf(buf + len, n - (size_t)len, "\"}");
}

int main(void)
{
    core_log_set_level(CORE_LOG_WARN);
    const char *dir = getenv("CZ_TMP");
    char path[1024];
    snprintf(path, sizeof path, "%s/bench_store.db", dir && *dir ? dir : "/tmp");
    fx_db_remove(path);

    double t0 = now_us();
    store *st = NULL;
    int rc = store_open(path, &st);
    double t_open = now_us() - t0;
    if (rc != STORE_OK) {
        fprintf(stderr, "bench_store: open %s: %s\n", path, store_error_key(rc));
        return 1;
    }
    static double t[N_SAVES];
    static char answers[2300];
    make_answers(answers, sizeof answers, 0);
    printf("store benchmark: %s (answers blob %zu bytes, WAL, synchronous=FULL)\n", path,
           strlen(answers));
    printf("open (create + migrate) %.0f us\n", t_open);

    /* Autosave: 2,000 saves spread over drafts of 20 pages each. */
    char uuid[40];
    for (int i = 0; i < N_SAVES; i++) {
        snprintf(uuid, sizeof uuid, "aaaaaaaa-0000-4000-8000-%012d", i / 20);
        make_answers(answers, sizeof answers, i % 20);
        double a = now_us();
        rc = store_draft_save(st, uuid, "pension_enrol", 1, i % 20, answers, NULL);
        t[i] = now_us() - a;
        if (rc != STORE_OK) {
            fprintf(stderr, "bench_store: save: %s\n", store_error_key(rc));
            return 1;
        }
    }
    report("autosave", t, N_SAVES);

    /* Confirm: 500 drafts into the outbox (80 villagers). */
    char id[19];
    for (int i = 0; i < N_FILINGS; i++) {
        snprintf(uuid, sizeof uuid, "bbbbbbbb-0000-4000-8000-%012d", i);
        store_draft_save(st, uuid, "pension_enrol", 1, 9, answers, NULL);
        fx_id_number("320102", 1940, (unsigned)(i % 80), id);
        double a = now_us();
        rc = store_filing_confirm(st, uuid, "城乡居民基本养老保险参保登记", answers, id);
        t[i] = now_us() - a;
        if (rc != STORE_OK) {
            fprintf(stderr, "bench_store: confirm: %s\n", store_error_key(rc));
            return 1;
        }
    }
    report("confirm", t, N_FILINGS);

    /* Due list and ack + purge, as the sync engine drains the outbox. */
    int nd = 0, na = 0;
    static double tack[N_FILINGS];
    while (na < N_FILINGS) {
        store_filing *due = NULL;
        size_t n = 0;
        double a = now_us();
        rc = store_outbox_due(st, 8, &due, &n);
        if (nd < N_SAVES)
            t[nd++] = now_us() - a;
        if (rc != STORE_OK || n == 0) {
            fprintf(stderr, "bench_store: due: %s\n", store_error_key(rc));
            return 1;
        }
        for (size_t i = 0; i < n; i++) {
            char receipt[64];
            snprintf(receipt, sizeof receipt, "XZ2025-%06d", na);
            a = now_us();
            rc = store_filing_ack(st, due[i].uuid, receipt, STORE_STATUS_SUBMITTED, 1);
            tack[na++] = now_us() - a;
            if (rc != STORE_OK) {
                fprintf(stderr, "bench_store: ack: %s\n", store_error_key(rc));
                return 1;
            }
        }
        store_filing_list_free(due, n);
    }
    report("due(8)", t, nd);
    report("ack+purge", tack, na);

    double a = now_us();
    rc = store_checkpoint(st);
    printf("checkpoint (truncate) %.0f us\n", now_us() - a);
    store_close(st);
    return rc == STORE_OK ? 0 : 1;
}
