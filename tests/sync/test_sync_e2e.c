/* test_sync_e2e.c — the upload engine end to end: the real store (SQLite
 * file) as outbox, the engine on its own thread, county-sim as a child
 * process over TLS on loopback injecting faults. At the end the simulator
 * holds every filing exactly once, in each villager's order, the store has
 * none pending and keeps the platform's receipt numbers. */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "simproc.h"
#include "store/store.h"
#include "sync/catalog.h"
#include "sync/sync.h"
#include "sync/sync_store.h"
#include "core/config.h"
#include "core/utf8.h"
#include "core/uuid.h"

/* Confirms n filings for `villagers` villagers round-robin into the store;
 * uuids[i] gets the i-th filing's uuid (upload order). 0 on success. */
static int make_filings(store *st, int n, int villagers, char (*uuids)[37])
{
    for (int i = 0; i < n; i++) {
        char id[19], payload[256];
        fx_id_number("360722", 1930, 1000 + (unsigned)(i % villagers), id);
        if (core_uuid_v4(uuids[i]))
            return -1;
        snprintf(payload, sizeof payload,
                 "{\"name\":\"测试%d\",\"id_number\":\"%s\",\"phone\":\"13800138000\",\"n\":%d}",
                 i % villagers, id, i);
        if (store_draft_save(st, uuids[i], "dibao", 1, 0, "{}", NULL) != STORE_OK ||
            store_filing_confirm(st, uuids[i], "最低生活保障申请", payload, id) != STORE_OK)
            return -1;
    }
    return 0;
}

static simproc *sim;
static char token[200];

static sync_engine *engine_new(sync_outbox *ob, long base_ms, long cap_ms, long total_timeout_ms)
{
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.client.connect_timeout_ms = 1000;
    o.client.total_timeout_ms = total_timeout_ms;
    o.outbox = *ob;
    o.batch = 16;
    o.base_delay_ms = base_ms;
    o.max_delay_ms = cap_ms;
    o.poll_ms = 200;
    sync_engine *s = NULL;
    return sync_new(&o, &s) == SYNC_OK ? s : NULL;
}

/* One upload pass over the store's outbox (st, its file path): the filings
 * acknowledged, or -1 when the engine did not start; *stt its status after. */
static int one_pass(store *st, const char *path, sync_status *stt)
{
    sync_outbox ob;
    if (sync_store_outbox_open(st, path, &ob) != STORE_OK)
        return -1;
    sync_engine *s = engine_new(&ob, 10, 100, 3000);
    if (!s) {
        sync_store_outbox_close(&ob);
        return -1;
    }
    int acked = sync_run_once(s);
    sync_status_get(s, stt);
    sync_free(s);
    sync_store_outbox_close(&ob);
    return acked;
}

static int pending(store *st)
{
    int n = -1;
    store_outbox_count(st, &n);
    return n;
}

/* Waits until the store has at most `want` pending filings, up to ms. */
static int wait_pending(store *st, int want, long ms)
{
    for (long t = 0; t < ms; t += 20) {
        int n = pending(st);
        if (n >= 0 && n <= want)
            return 1;
        fx_sleep_ms(20);
    }
    return 0;
}

/* Every uuid is in the simulator once, with the receipt the store kept, and
 * each villager's filings arrived in upload order. */
static void check_platform_holds(store *st, char (*uuids)[37], int n)
{
    char *reply = NULL;
    REQUIRE(simproc_http(sim, "GET", "/admin/filings", NULL, NULL, &reply) == 200);
    cJSON *o = cJSON_Parse(reply);
    free(reply);
    const cJSON *arr = cJSON_GetObjectItem(o, "filings");
    int found = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        double seq = 0;
        const char *receipt = NULL, *vkey = NULL;
        const cJSON *f;
        cJSON_ArrayForEach(f, arr)
        {
            if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(f, "filing_id")), uuids[i])) {
                seen++;
                seq = cJSON_GetNumberValue(cJSON_GetObjectItem(f, "seq"));
                receipt = cJSON_GetStringValue(cJSON_GetObjectItem(f, "receipt_no"));
                vkey = cJSON_GetStringValue(cJSON_GetObjectItem(f, "villager_key"));
            }
        }
        if (seen != 1) {
            CHECK_EQ_INT(seen, 1);
            continue;
        }
        found++;
        store_receipt r;
        if (store_receipt_get(st, receipt, &r) == STORE_OK) {
            CHECK_EQ_STR(r.filing_uuid, uuids[i]);
            store_receipt_clear(&r);
        } else {
            CHECK(!"store has no receipt for an uploaded filing");
        }
        /* order: no earlier filing of the same villager arrived later */
        for (int j = 0; j < i; j++) {
            cJSON_ArrayForEach(f, arr)
            {
                if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(f, "filing_id")), uuids[j]) &&
                    !strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(f, "villager_key")), vkey))
                    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(f, "seq")) < seq);
            }
        }
    }
    CHECK_EQ_INT(found, n);
    cJSON_Delete(o);
}

static void test_drain_under_faults(void)
{
    enum { N = 240, VILLAGERS = 30 };
    static char uuids[N][37];
    const char *path = fx_fresh_db("faults");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    REQUIRE(make_filings(st, N, VILLAGERS, uuids) == 0);
    long before, d;
    REQUIRE(simproc_count(sim, &before, &d) == 0);
    REQUIRE(simproc_faults(sim, "{\"error_rate\":0.12,\"drop_rate\":0.08,\"accept_fail_rate\":0.15,"
                                "\"rate429\":0.03,\"retry_after_s\":0}") == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    sync_engine *s = engine_new(&ob, 10, 150, 3000);
    REQUIRE(s != NULL);
    REQUIRE(sync_start(s) == SYNC_OK);
    /* halfway, make the platform slow and trickle replies for a while */
    CHECK(wait_pending(st, N / 2, 60000));
    simproc_faults(sim, "{\"delay_ms\":20,\"slow_ms\":2}");
    fx_sleep_ms(1500);
    simproc_faults(sim, "{\"delay_ms\":0,\"slow_ms\":0}");
    int drained = wait_pending(st, 0, 90000);
    sync_status stt;
    sync_stop(s); /* the last pass finishes its counts: the store may be ahead of the status */
    sync_status_get(s, &stt);
    sync_free(s);
    sync_store_outbox_close(&ob);
    simproc_faults(sim, "{\"error_rate\":0,\"drop_rate\":0,\"accept_fail_rate\":0,\"rate429\":0}");
    CHECK(drained);
    CHECK_EQ_INT(stt.uploaded, N);
    CHECK_EQ_INT(stt.pending, 0);
    CHECK(stt.retries > 0);
    CHECK_EQ_INT(stt.held, 0);
    long after;
    REQUIRE(simproc_count(sim, &after, &d) == 0);
    CHECK_EQ_INT(after - before, N);
    CHECK_EQ_INT(after, d);
    check_platform_holds(st, uuids, N);
    /* faults really happened, on both sides of the commit */
    CHECK(simproc_stat(sim, "drops") > 0);
    CHECK(simproc_stat(sim, "errors") > 0);
    CHECK(simproc_stat(sim, "accept_fails") > 0);
    CHECK(simproc_stat(sim, "replayed") > 0); /* receipts recovered after accept-then-fail */
    /* the payload (personal data) is gone, the receipts stay */
    store_filing f;
    CHECK_EQ_INT(store_filing_get(st, uuids[0], &f), STORE_ERR_NOTFOUND);
    store_close(st);
}

/* A final refusal holds the filing; the same villager's later one goes on. */
static void test_final_error_held_villager_goes_on(void)
{
    const char *path = fx_fresh_db("final");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char uuids[4][37];
    REQUIRE(make_filings(st, 4, 2, uuids) == 0); /* villagers A, B, A, B */
    /* the platform already holds A's first filing id with other content */
    char vkey[65], body[512], id[19];
    fx_id_number("360722", 1930, 1000, id);
    REQUIRE(store_villager_key(st, id, vkey) == STORE_OK);
    snprintf(body, sizeof body,
             "{\"filing_id\":\"%s\",\"form_id\":\"dibao\",\"form_version\":1,\"villager_key\":\"%s\","
             "\"agent_id\":null,\"filed_at_ms\":1,\"payload\":{\"other\":1}}", uuids[0], vkey);
    REQUIRE(simproc_submit(sim, token, uuids[0], body) == 201);

    sync_status stt;
    CHECK_EQ_INT(one_pass(st, path, &stt), 3); /* B's two filings, and A's second */
    CHECK_EQ_INT(stt.held, 1);  /* A's first: 409, held */
    CHECK_EQ_INT(stt.pending, 1); /* A's first waits for a technician, alone */
    store_filing f;
    REQUIRE(store_filing_get(st, uuids[0], &f) == STORE_OK);
    CHECK(f.held_reason && strstr(f.held_reason, "conflict") && strstr(f.held_reason, "409"));
    store_filing_clear(&f);
    CHECK_EQ_INT(store_filing_get(st, uuids[2], &f), STORE_ERR_NOTFOUND); /* acknowledged */
    /* held means not retried: another pass sends nothing */
    long requests = simproc_stat(sim, "requests");
    CHECK_EQ_INT(one_pass(st, path, &stt), 0);
    /* only the status loop's request about the new receipts */
    CHECK_EQ_INT(simproc_stat(sim, "requests"), requests + stt.polls);
    store_close(st);
}

/* The county refuses a filing for good with a long reason in Chinese (near
 * the 512 bytes PROTOCOL.md allows): the filing is held with the code, the
 * request and the reason whole (the technician's page shows it). */
static void test_chinese_reason_held_whole(void)
{
    const char *path = fx_fresh_db("zh_reason");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char uuids[1][37];
    REQUIRE(make_filings(st, 1, 1, uuids) == 0);
    char zh[513] = "", faults[700];
    while (strlen(zh) + strlen("申请人户籍不在本村，请到户籍所在地办理；") < sizeof zh)
        strcat(zh, "申请人户籍不在本村，请到户籍所在地办理；");
    snprintf(faults, sizeof faults, "{\"refuse_next\":400,\"refuse_message\":\"%s\"}", zh);
    REQUIRE(simproc_faults(sim, faults) == 0);
    sync_status stt;
    CHECK_EQ_INT(one_pass(st, path, &stt), 0);
    REQUIRE(simproc_faults(sim, "{\"refuse_message\":\"\"}") == 0);
    CHECK_EQ_INT(stt.held, 1);
    store_filing f;
    REQUIRE(store_filing_get(st, uuids[0], &f) == STORE_OK);
    CHECK(f.held_reason != NULL);
    if (f.held_reason) {
        printf("  held, the reason in %zu bytes\n", strlen(f.held_reason));
        CHECK(utf8_valid(f.held_reason));
        CHECK(strncmp(f.held_reason, "bad_request: ", 13) == 0);
        const char *m = strstr(f.held_reason, "HTTP 400 ");
        CHECK(m != NULL && strcmp(m + 9, zh) == 0);
    }
    store_filing_clear(&f);
    store_close(st);
}

static void test_revoked_token_stops_until_new_token(void)
{
    const char *dev = "{\"device_id\":\"c1b0e8a2-1111-4222-8333-444455556666\",\"station_name\":\"青山村\","
                      "\"area_code\":\"360722\",\"registration_code\":\"123456\"}";
    char *reply = NULL;
    REQUIRE(simproc_http(sim, "POST", "/api/v1/devices/register", dev, NULL, &reply) == 201);
    cJSON *o = cJSON_Parse(reply);
    free(reply);
    char old_token[200];
    snprintf(old_token, sizeof old_token, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(o, "token")));
    cJSON_Delete(o);

    const char *path = fx_fresh_db("token");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char uuids[6][37];
    REQUIRE(make_filings(st, 6, 3, uuids) == 0);
    /* re-registering the device replaces its token: the old one is revoked */
    REQUIRE(simproc_http(sim, "POST", "/api/v1/devices/register", dev, NULL, &reply) == 201);
    o = cJSON_Parse(reply);
    free(reply);
    char new_token[200];
    snprintf(new_token, sizeof new_token, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(o, "token")));
    cJSON_Delete(o);

    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    sync_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.client.base_url = simproc_url(sim);
    opts.client.ca_file = simproc_ca(sim);
    opts.client.token = old_token;
    opts.outbox = ob;
    opts.base_delay_ms = 10;
    opts.poll_ms = 100;
    sync_engine *s = NULL;
    REQUIRE(sync_new(&opts, &s) == SYNC_OK);
    REQUIRE(sync_start(s) == SYNC_OK);
    sync_status stt;
    for (int i = 0; i < 1200; i++) { /* a minute at most: TLS on a loaded machine */
        sync_status_get(s, &stt);
        if (stt.needs_register)
            break;
        fx_sleep_ms(50);
    }
    CHECK_EQ_INT(stt.needs_register, 1);
    CHECK_EQ_INT(pending(st), 6);
    store_filing f;
    REQUIRE(store_filing_get(st, uuids[0], &f) == STORE_OK);
    CHECK_EQ_INT(f.attempts, 0); /* a revoked token is not the filing's fault */
    store_filing_clear(&f);
    REQUIRE(sync_set_token(s, new_token) == SYNC_OK);
    CHECK(wait_pending(st, 0, 60000));
    sync_status_get(s, &stt);
    CHECK_EQ_INT(stt.needs_register, 0);
    CHECK_EQ_INT(stt.net, SYNC_NET_ONLINE);
    sync_free(s);
    sync_store_outbox_close(&ob);
    store_close(st);
}

static void test_offline_then_back(void)
{
    const char *path = fx_fresh_db("offline");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char uuids[5][37];
    REQUIRE(make_filings(st, 5, 5, uuids) == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    /* every connection dropped: the platform is unreachable */
    REQUIRE(simproc_faults(sim, "{\"drop_rate\":1}") == 0);
    sync_engine *s = engine_new(&ob, 20, 200, 2000);
    REQUIRE(s != NULL);
    REQUIRE(sync_start(s) == SYNC_OK);
    sync_status stt;
    for (int i = 0; i < 1200; i++) { /* a minute at most, as above */
        sync_status_get(s, &stt);
        if (stt.net == SYNC_NET_OFFLINE && stt.retries >= 3)
            break;
        fx_sleep_ms(50);
    }
    CHECK_EQ_INT(stt.net, SYNC_NET_OFFLINE);
    CHECK_EQ_INT(stt.pending, 5);
    CHECK(stt.last_error[0] != '\0');
    CHECK(stt.retries >= 3);
    REQUIRE(simproc_faults(sim, "{\"drop_rate\":0}") == 0);
    sync_kick(s);
    CHECK(wait_pending(st, 0, 60000));
    sync_status_get(s, &stt);
    CHECK_EQ_INT(stt.net, SYNC_NET_ONLINE);
    CHECK_EQ_STR(stt.last_error, "");
    sync_free(s);
    sync_store_outbox_close(&ob);
    store_close(st);
}

/* "sha256//<base64>" of county-sim's public key (openssl does the DER and
 * the digest), into out[cap]; 0 on success. */
static int sim_pin(char *out, size_t cap)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd,
             "openssl x509 -in '%s' -pubkey -noout | openssl pkey -pubin -outform der | "
             "openssl dgst -sha256 -binary | openssl base64 -A",
             simproc_ca(sim));
    FILE *f = popen(cmd, "r");
    if (!f)
        return -1;
    char b64[64] = "";
    int ok = fgets(b64, sizeof b64, f) != NULL;
    ok &= pclose(f) == 0;
    b64[strcspn(b64, "\r\n")] = '\0';
    if (!ok || strlen(b64) != 44)
        return -1;
    return snprintf(out, cap, "sha256//%s", b64) >= (int)cap ? -1 : 0;
}

/* An engine set up the way the kiosk does it: from its configuration
 * (boot.c's proto_client_opts_from_config), with `lines` on top. */
static sync_engine *engine_from_config(sync_outbox *ob, const char *lines, int *rc)
{
    core_config *cfg = core_config_new();
    char text[2048], err[300];
    snprintf(text, sizeof text, "platform.url = %s\nplatform.ca_file = %s\n%s", simproc_url(sim),
             simproc_ca(sim), lines);
    if (!cfg || core_config_load_string(cfg, text, "test.conf", err, sizeof err)) {
        printf("config refused: %s\n", err);
        core_config_free(cfg);
        *rc = -100;
        return NULL;
    }
    sync_opts o;
    memset(&o, 0, sizeof o);
    proto_client_opts_from_config(cfg, &o.client);
    o.client.token = token;
    o.client.connect_timeout_ms = 1000;
    o.outbox = *ob;
    o.base_delay_ms = 10;
    o.max_delay_ms = 50;
    o.poll_ms = 200;
    sync_engine *s = NULL;
    *rc = sync_new(&o, &s); /* copies what it keeps */
    core_config_free(cfg);
    return s;
}

/* HTTPS only: an http:// platform is refused by the configuration, by the
 * engine and by the client, and nothing leaves the outbox. */
static void test_http_refused(void)
{
    char err[300];
    core_config *cfg = core_config_new();
    REQUIRE(cfg != NULL);
    CHECK_EQ_INT(core_config_load_string(cfg, "platform.url = http://127.0.0.1:8443\n", "kiosk.conf",
                                         err, sizeof err), -1);
    CHECK(strstr(err, "kiosk.conf:1: platform.url:") && strstr(err, "https://"));
    core_config_free(cfg);

    const char *path = fx_fresh_db("http");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char uuids[1][37];
    REQUIRE(make_filings(st, 1, 1, uuids) == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    /* county-sim's plain mode, reached only by its own --plain switch */
    simproc *plain = simproc_start(check_tmpdir("plain"), 0, NULL);
    REQUIRE(plain != NULL);
    CHECK(strncmp(simproc_url(plain), "http://", 7) == 0);
    long before = simproc_stat(plain, "requests");
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(plain);
    o.client.token = token;
    o.outbox = ob;
    sync_engine *s = NULL;
    CHECK_EQ_INT(sync_new(&o, &s), SYNC_ERR_INVALID);
    CHECK(s == NULL);
    CHECK(strstr(sync_strerror(SYNC_ERR_INVALID), "https://") != NULL);
    proto_client_opts co = {simproc_url(plain), NULL, token, 1000, 2000, NULL, 0, 0};
    CHECK(proto_client_new(&co) == NULL);
    co.base_url = "HTTP://127.0.0.1:8443";
    CHECK(proto_client_new(&co) == NULL);
    CHECK_EQ_INT(simproc_stat(plain, "requests"), before);
    simproc_stop(plain);
    sync_store_outbox_close(&ob);
    CHECK_EQ_INT(pending(st), 1);
    store_close(st);
}

/* Pinning: county-sim's own key (with a backup pin) uploads; wrong pins fail
 * with a clear error and the filing stays queued, nothing reaches the platform. */
static void test_public_key_pin(void)
{
    char pin[80], lines[400];
    REQUIRE(sim_pin(pin, sizeof pin) == 0);
    const char *other = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const char *other2 = "sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    const char *path = fx_fresh_db("pin");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char uuids[1][37];
    REQUIRE(make_filings(st, 1, 1, uuids) == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    long before, d;
    REQUIRE(simproc_count(sim, &before, &d) == 0);

    int rc = 0;
    snprintf(lines, sizeof lines, "platform.pin = %s;%s\n", other, other2);
    sync_engine *s = engine_from_config(&ob, lines, &rc);
    REQUIRE(s != NULL);
    CHECK_EQ_INT(sync_run_once(s), 0);
    sync_status stt;
    sync_status_get(s, &stt);
    sync_free(s);
    CHECK(strstr(stt.last_error, "tls_pin") && strstr(stt.last_error, "platform.pin"));
    CHECK_EQ_INT(stt.pending, 1);
    CHECK_EQ_INT(stt.held, 0);
    store_filing f;
    REQUIRE(store_filing_get(st, uuids[0], &f) == STORE_OK); /* still queued, payload kept */
    CHECK(f.last_error && strstr(f.last_error, "tls_pin") && strncmp(f.last_error, "final", 5));
    store_filing_clear(&f);
    long mid;
    REQUIRE(simproc_count(sim, &mid, &d) == 0);
    CHECK_EQ_INT(mid, before);

    fx_sleep_ms(120); /* past the backoff */
    snprintf(lines, sizeof lines, "platform.pin = %s;%s\n", other, pin); /* the backup matches */
    s = engine_from_config(&ob, lines, &rc);
    REQUIRE(s != NULL);
    CHECK_EQ_INT(sync_run_once(s), 1);
    sync_free(s);
    sync_store_outbox_close(&ob);
    CHECK_EQ_INT(pending(st), 0);
    check_platform_holds(st, uuids, 1);
    store_close(st);
}

/* A stalled link (county-sim trickles its reply far below the low-speed
 * limit) is abandoned within sync.low_speed_s (plus libcurl's 5 s averaging
 * window), long before the total timeout; the filing is retried later and arrives exactly once. */
static void test_stalled_link_abandoned(void)
{
    const char *path = fx_fresh_db("stall");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    char uuids[1][37];
    REQUIRE(make_filings(st, 1, 1, uuids) == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    long before, d;
    REQUIRE(simproc_count(sim, &before, &d) == 0);
    int rc = 0;
    sync_engine *s = engine_from_config(
        &ob, "sync.timeout_s = 120\nsync.low_speed_bps = 64\nsync.low_speed_s = 2\n", &rc);
    REQUIRE(s != NULL);
    REQUIRE(simproc_faults(sim, "{\"slow_ms\":1500}") == 0); /* ~10 bytes/s */
    double t0 = fx_now_s();
    CHECK_EQ_INT(sync_run_once(s), 0);
    double took = fx_now_s() - t0;
    REQUIRE(simproc_faults(sim, "{\"slow_ms\":0}") == 0);
    sync_status stt;
    sync_status_get(s, &stt);
    printf("stalled reply abandoned after %.2f s (low_speed_s = 2, timeout 120 s)\n", took);
    /* libcurl averages the speed over its last 5 s, so the request's own bytes
     * count for a few seconds before the low-speed clock can run out */
    CHECK(took >= 1.5 && took < 2 + 5 + 3);
    CHECK(strstr(stt.last_error, "stalled") != NULL);
    CHECK_EQ_INT(stt.pending, 1);
    /* retried later: exactly one record on the platform (the first attempt's
     * commit is replayed, not duplicated) */
    fx_sleep_ms(120);
    CHECK_EQ_INT(sync_run_once(s), 1);
    sync_free(s);
    sync_store_outbox_close(&ob);
    CHECK_EQ_INT(pending(st), 0);
    long after;
    REQUIRE(simproc_count(sim, &after, &d) == 0);
    CHECK_EQ_INT(after - before, 1);
    check_platform_holds(st, uuids, 1);
    store_close(st);
}

/* Sets a filing's frozen body and hash directly in the SQLite file, as
 * something outside the kiosk program would; the number of rows changed. */
static int raw_set_body(const char *path, const char *uuid, const char *body, const char *sha)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_busy_timeout(db, 5000) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "UPDATE outbox SET body = ?2, body_sha256 = ?3 WHERE uuid = ?1", -1, &s,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, body, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, sha, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_DONE)
            n = sqlite3_changes(db);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

static void sha256_hex(const char *text, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* 1 if the simulator holds a filing with this id. */
static int platform_has(const char *uuid)
{
    char *reply = NULL;
    if (simproc_http(sim, "GET", "/admin/filings", NULL, NULL, &reply) != 200)
        return -1;
    int has = reply && strstr(reply, uuid) != NULL;
    free(reply);
    return has;
}

/* ID digits changed on disk inside a pending filing's frozen body: the
 * uploader checks the hash first, sends nothing for it, holds it with the
 * reason, and the villager's next filing goes through. */
static void test_altered_body_held(void)
{
    const char *path = fx_fresh_db("integrity");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    store_set_body_fn(st, sync_store_body, NULL); /* as boot.c does for the kiosk's store */
    char uuids[2][37];
    REQUIRE(make_filings(st, 2, 1, uuids) == 0); /* one villager, two filings */
    store_filing f;
    REQUIRE(store_filing_get(st, uuids[0], &f) == STORE_OK);
    REQUIRE(f.body != NULL);
    char id[19], forged[19];
    fx_id_number("360722", 1930, 1000, id);
    REQUIRE(strstr(f.body, id) != NULL);
    snprintf(forged, sizeof forged, "%s", id);
    memcpy(forged + 14, forged[14] == '9' ? "1" : "9", 1); /* one digit of the serial */
    char *p = strstr(f.body, id);
    memcpy(p, forged, 18);
    CHECK_EQ_INT(raw_set_body(path, uuids[0], f.body, f.body_sha256), 1); /* old hash kept */
    store_filing_clear(&f);

    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    sync_engine *s = engine_new(&ob, 10, 100, 3000);
    REQUIRE(s != NULL);
    long req0 = simproc_stat(sim, "requests");
    CHECK_EQ_INT(sync_run_once(s), 1); /* the next filing */
    CHECK_EQ_INT(sync_run_once(s), 0); /* the held one is never offered again */
    sync_status stt;
    sync_status_get(s, &stt);
    sync_free(s);
    sync_store_outbox_close(&ob);
    CHECK_EQ_INT(simproc_stat(sim, "requests") - req0 - stt.polls, 1); /* and status requests */
    CHECK_EQ_INT(stt.held, 1);
    CHECK_EQ_INT(stt.pending, 1);
    CHECK_EQ_INT(platform_has(uuids[0]), 0);
    CHECK_EQ_INT(platform_has(uuids[1]), 1);
    REQUIRE(store_filing_get(st, uuids[0], &f) == STORE_OK);
    CHECK(f.held_reason && strstr(f.held_reason, "sha256"));
    CHECK_EQ_INT(f.attempts, 0);
    store_filing_clear(&f);
    CHECK_EQ_INT(store_filing_get(st, uuids[1], &f), STORE_ERR_NOTFOUND); /* acknowledged */
    store_close(st);
}

/* A body frozen by older firmware (other field order) is sent byte for byte:
 * the platform recognises the retry, where a rebuilt body would be a 409. */
static void test_old_body_sent_verbatim(void)
{
    const char *path = fx_fresh_db("verbatim");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    store_set_body_fn(st, sync_store_body, NULL);
    char uuids[1][37];
    REQUIRE(make_filings(st, 1, 1, uuids) == 0);
    store_filing f;
    REQUIRE(store_filing_get(st, uuids[0], &f) == STORE_OK);
    char old[1024], sha[65];
    snprintf(old, sizeof old,
             "{\"payload\":%s,\"filed_at_ms\":%lld,\"agent_id\":null,\"villager_key\":\"%s\","
             "\"form_version\":%d,\"form_id\":\"%s\",\"filing_id\":\"%s\"}",
             f.payload, (long long)f.created_ms, f.villager_key, f.form_version, f.form_id, f.uuid);
    sha256_hex(old, sha);
    /* the older firmware's first attempt reached the platform; its receipt was lost */
    REQUIRE(simproc_submit(sim, token, uuids[0], old) == 201);
    CHECK_EQ_INT(raw_set_body(path, uuids[0], old, sha), 1);
    /* what this firmware would build now conflicts with it */
    CHECK_EQ_INT(simproc_submit(sim, token, uuids[0], f.body), 409);
    store_filing_clear(&f);
    long conflicts = simproc_stat(sim, "conflicts"), replayed = simproc_stat(sim, "replayed");

    sync_status stt;
    CHECK_EQ_INT(one_pass(st, path, &stt), 1);
    CHECK_EQ_INT(stt.held, 0);
    CHECK_EQ_INT(simproc_stat(sim, "conflicts"), conflicts);
    CHECK_EQ_INT(simproc_stat(sim, "replayed"), replayed + 1);
    check_platform_holds(st, uuids, 1);
    store_close(st);
}

static void test_backoff(void)
{
    /* full jitter: within [0, min(cap, base*2^(n-1))], and it does spread */
    CHECK_EQ_INT(sync_backoff_ms(1000, 300000, 1, 1000), 1000);
    CHECK_EQ_INT(sync_backoff_ms(1000, 300000, 1, 1001), 0);
    CHECK_EQ_INT(sync_backoff_ms(1000, 300000, 3, 4000), 4000);
    CHECK_EQ_INT(sync_backoff_ms(1000, 300000, 60, UINT64_MAX - 1) <= 300000, 1);
    CHECK_EQ_INT(sync_backoff_ms(1000, 300000, 60, 300000), 300000);
    CHECK_EQ_INT(sync_backoff_ms(1000, 5000, 1000000, 5000), 5000);
    long lo = 1 << 30, hi = 0;
    for (uint64_t r = 0; r < 1000; r++) {
        long d = sync_backoff_ms(100, 10000, 4, r * 7919);
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    CHECK(lo < 50 && hi > 750 && hi <= 800);
}

/* Idle costs nothing: with nothing to send and nothing waiting for a retry
 * the engine does not look at the outbox again (its poll would be every
 * 200 ms here) until a confirm kicks it; then it uploads at once, and sleeps
 * again. */
static sync_outbox g_idle_real;
static int g_idle_due_calls;

static int counting_due(void *ud, int64_t now_ms, size_t max, sync_item **items, size_t *n)
{
    __atomic_add_fetch(&g_idle_due_calls, 1, __ATOMIC_SEQ_CST);
    return g_idle_real.due(ud, now_ms, max, items, n);
}

static int idle_calls(void) { return __atomic_load_n(&g_idle_due_calls, __ATOMIC_SEQ_CST); }

/* The count once the engine's pass has ended: unchanged over half a second
 * (over two polls' worth, so an engine that kept polling never settles), at
 * most 20 s, however slowly a loaded machine runs its thread; -1 if never. */
static int idle_settled(void)
{
    int c = idle_calls();
    for (double t = fx_now_s(); fx_now_s() - t < 20;) {
        fx_sleep_ms(500);
        int n = idle_calls();
        if (n == c && n > 0)
            return c;
        c = n;
    }
    return -1;
}

static void test_idle_sleeps_until_kicked(void)
{
    const char *path = fx_fresh_db("idle");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    g_idle_real = ob;
    ob.due = counting_due;
    sync_engine *s = engine_new(&ob, 10, 150, 3000);
    REQUIRE(s != NULL);
    REQUIRE(sync_start(s) == SYNC_OK);
    int c0 = idle_settled(); /* the first pass, which finds nothing */
    CHECK(c0 >= 1);
    fx_sleep_ms(1500); /* seven polls' worth */
    CHECK_EQ_INT(idle_calls(), c0);
    char uuids[1][37];
    REQUIRE(make_filings(st, 1, 1, uuids) == 0);
    sync_kick(s); /* what the form screen's confirm does */
    /* the kick alone wakes it (nothing else would: no retry, no round, no
     * catalogue), within a bound that one upload over TLS keeps under qemu
     * and the sanitizers on a loaded machine */
    CHECK(wait_pending(st, 0, 20000));
    int c1 = idle_settled(); /* the pass that sent it ends */
    CHECK(c1 > c0);
    fx_sleep_ms(1000);
    CHECK_EQ_INT(idle_calls(), c1);
    sync_free(s);
    sync_store_outbox_close(&g_idle_real);
    store_close(st);
}

/* Options for an engine on county-sim over ob, with these timeouts (ms),
 * looking every 200 ms; the rest 0 (the engine's defaults). */
static sync_opts sim_opts(const sync_outbox *ob, long connect_ms, long total_ms)
{
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.connect_timeout_ms = connect_ms;
    o.client.total_timeout_ms = total_ms;
    o.outbox = *ob;
    o.poll_ms = 200;
    return o;
}

/* An engine of o with the county's token, started while county-sim waits
 * 600 ms before each reply; NULL if it cannot start. */
static sync_engine *start_slow(const sync_opts *o)
{
    sync_engine *s = NULL;
    if (simproc_faults(sim, "{\"delay_ms\":600}") != 0 || sync_new(o, &s) != SYNC_OK)
        return NULL;
    if (sync_set_token(s, token) != 0 || sync_start(s) != SYNC_OK) {
        sync_free(s);
        return NULL;
    }
    return s;
}

/* Waits (real time, up to a minute) until the engine has answered catalogue
 * request ticket; its status after. */
static sync_status wait_answered(sync_engine *s, int64_t ticket)
{
    sync_status stt;
    double end = fx_now_s() + 60;
    do {
        fx_sleep_ms(10);
        sync_status_get(s, &stt);
    } while (stt.cat_answered < ticket && fx_now_s() < end);
    return stt;
}

/* A technician's catalogue check (sync_check_catalogue): 0 from an engine
 * that takes no catalogue updates, -1 from one without a token; otherwise
 * numbered requests, each answered by a check that began after it (here
 * county-sim serves no catalogue: each answer is its refusal), or, when the
 * platform refused the token first, by that. */
static void test_catalogue_check_asked(void)
{
    const char *path = fx_fresh_db("catcheck");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    sync_engine *s = engine_new(&ob, 10, 100, 3000);
    REQUIRE(s != NULL);
    CHECK_EQ_INT(sync_check_catalogue(s), 0); /* no catalogue root */
    sync_free(s);

    char root[700];
    snprintf(root, sizeof root, "%s/catalogue", fx_fresh_dir("catcheck-root"));
    sync_opts o = sim_opts(&ob, 1000, 3000);
    o.cat.root = root;
    o.cat_ms = 3600 * 1000; /* only at the start and when asked */
    REQUIRE(sync_new(&o, &s) == SYNC_OK);
    CHECK_EQ_INT(sync_check_catalogue(s), -1); /* no token: it cannot ask */
    REQUIRE(sync_set_token(s, token) == 0);
    REQUIRE(sync_start(s) == SYNC_OK);
    int64_t first = sync_check_catalogue(s);
    CHECK(first > 0);
    sync_status stt = wait_answered(s, first);
    CHECK(stt.cat_answered >= first);
    CHECK_EQ_INT(stt.cat_code, SYNC_CAT_ERR_NONE); /* its 404: it publishes no catalogue */
    CHECK_EQ_STR(stt.cat_error, ""); /* nothing was refused */
    int64_t checked = stt.cat_checked_ms;
    /* two asks at once: one check may answer both; the last is answered */
    int64_t a = sync_check_catalogue(s), b = sync_check_catalogue(s);
    CHECK(a > first && b == a + 1);
    stt = wait_answered(s, b);
    CHECK_EQ_INT(stt.cat_answered, b);
    CHECK(stt.cat_checked_ms >= checked);
    /* the platform refuses the token on an upload before the check: the ask
     * is answered so (no check can be made until the device registers) */
    char uuids[1][37];
    REQUIRE(make_filings(st, 1, 1, uuids) == 0);
    /* the token just given counts. A new token wakes the engine, which may
     * meet the refusal before the ask is made (-1: it cannot ask while it
     * needs registering); a token given again counts again */
    int64_t c = -1;
    for (int tries = 0; tries < 5 && c < 0; tries++) {
        REQUIRE(sync_set_token(s, "not-the-county-token") == 0);
        c = sync_check_catalogue(s);
    }
    CHECK(c > b);
    stt = wait_answered(s, c);
    CHECK_EQ_INT(stt.cat_answered, c);
    CHECK(stt.needs_register);
    CHECK_EQ_INT(stt.cat_code, SYNC_CAT_ERR_NET);
    CHECK_EQ_INT(sync_check_catalogue(s), -1); /* now it cannot ask */
    sync_free(s);
    sync_store_outbox_close(&ob);
    store_close(st);
}

/* Catalogue checks slower than their interval (county-sim waits 600 ms
 * before each reply, the interval is 300 ms) go on, an interval after each
 * one ends. The engine used to count the interval from a check's start: the
 * next due time was then past when the check ended, its wake does not look
 * at a past time, and an engine with nothing to send slept until something
 * else woke it (here nothing: one check, then none). */
static void test_catalogue_slow_checks_go_on(void)
{
    const char *path = fx_fresh_db("catslow");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    char root[700];
    snprintf(root, sizeof root, "%s/catalogue", fx_fresh_dir("catslow-root"));
    sync_opts o = sim_opts(&ob, 3000, 10000);
    o.cat.root = root;
    o.cat_ms = 300;
    sync_engine *s = start_slow(&o);
    REQUIRE(s != NULL);
    /* distinct checks seen over 30 s at most, four ending it (each about a
     * second here, longer under qemu, the sanitizers or a loaded machine) */
    int checks = 0;
    int64_t last = 0;
    for (double end = fx_now_s() + 30; fx_now_s() < end && checks < 4; fx_sleep_ms(20)) {
        sync_status stt;
        sync_status_get(s, &stt);
        if (stt.cat_checked_ms != last) {
            last = stt.cat_checked_ms;
            checks++;
            CHECK_EQ_INT(stt.cat_code, SYNC_CAT_ERR_NONE); /* its 404: no catalogue served */
        }
    }
    printf("  %d catalogue checks, each slower than the interval\n", checks);
    CHECK(checks >= 3);
    sync_free(s);
    REQUIRE(simproc_faults(sim, "{\"delay_ms\":0}") == 0);
    sync_store_outbox_close(&ob);
    store_close(st);
}

/* The store's clock two hours behind the engine's: every receipt it keeps
 * is due for its status at once. */
static int64_t two_hours_ago(void *ud)
{
    (void)ud;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - 2 * 3600 * 1000;
}

/* Status rounds longer than the least gap between them (county-sim waits
 * 600 ms before each reply, the gap is 50 ms; one receipt a round, five
 * due) go on: the next round is due when the last one ends. The engine used
 * to skip a due time already past, and one with nothing to send then slept
 * until something else woke it (here nothing: one round, then none). */
static void test_status_rounds_slower_than_gap(void)
{
    const char *path = fx_fresh_db("statusslow");
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    store_set_clock(st, two_hours_ago, NULL);
    char uuids[5][37];
    REQUIRE(make_filings(st, 5, 5, uuids) == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, path, &ob) == STORE_OK);
    sync_opts o = sim_opts(&ob, 3000, 10000);
    o.status_gap_ms = 50;
    o.status_batch = 1;
    o.status_requests = 1;
    sync_engine *s = start_slow(&o);
    REQUIRE(s != NULL);
    CHECK(wait_pending(st, 0, 60000)); /* uploaded: their receipts are kept */
    long b0 = simproc_stat(sim, "status_batches");
    double end = fx_now_s() + 8;
    while (fx_now_s() < end && simproc_stat(sim, "status_batches") - b0 < 3)
        fx_sleep_ms(50);
    long rounds = simproc_stat(sim, "status_batches") - b0;
    printf("  %ld status rounds after the upload, each slower than the gap\n", rounds);
    CHECK(rounds >= 3);
    sync_free(s);
    REQUIRE(simproc_faults(sim, "{\"delay_ms\":0}") == 0);
    sync_store_outbox_close(&ob);
    store_close(st);
}

int main(void)
{
    sim = simproc_start(check_tmpdir("sim"), 1, NULL);
    if (!sim || simproc_register(sim, token, sizeof token)) {
        printf("cannot start or register with county-sim\n");
        simproc_stop(sim);
        return 1;
    }
    RUN(test_drain_under_faults);
    RUN(test_backoff);
    RUN(test_final_error_held_villager_goes_on);
    RUN(test_chinese_reason_held_whole);
    RUN(test_revoked_token_stops_until_new_token);
    RUN(test_offline_then_back);
    RUN(test_http_refused);
    RUN(test_public_key_pin);
    RUN(test_stalled_link_abandoned);
    RUN(test_altered_body_held);
    RUN(test_old_body_sent_verbatim);
    RUN(test_idle_sleeps_until_kicked);
    RUN(test_catalogue_check_asked);
    RUN(test_catalogue_slow_checks_go_on);
    RUN(test_status_rounds_slower_than_gap);
    simproc_stop(sim);
    return check_summary();
}
