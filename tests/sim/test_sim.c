/* test_sim.c — county-sim on its own, over real TLS on loopback: many
 * concurrent retries of one filing make one record and one receipt; the
 * fault switches do what they say; the API and admin endpoints answer as
 * PROTOCOL.md says. */
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "simproc.h"

static simproc *sim;
static char token[200];

static const char *KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

static char *filing_body(const char *uuid, const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"filing_id\":\"%s\",\"form_id\":\"dibao\",\"form_version\":1,\"villager_key\":\"%s\","
             "\"agent_id\":null,\"filed_at_ms\":1700000000000,\"payload\":{\"name\":\"%s\"}}",
             uuid, KEY, name);
    return buf;
}

/* POST a filing with its Idempotency-Key; returns status, receipt in out. */
static long submit(const char *uuid, const char *body, char *receipt, size_t cap)
{
    CURL *c = curl_easy_init();
    char url[256], auth[300], idem[80];
    snprintf(url, sizeof url, "%s/api/v1/filings", simproc_url(sim));
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    snprintf(idem, sizeof idem, "Idempotency-Key: %s", uuid);
    struct curl_slist *h = curl_slist_append(NULL, auth);
    h = curl_slist_append(h, idem);
    h = curl_slist_append(h, "Content-Type: application/json");
    FILE *mem;
    char *reply = NULL;
    size_t rlen = 0;
    mem = open_memstream(&reply, &rlen);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_CAINFO, simproc_ca(sim));
    curl_easy_setopt(c, CURLOPT_WRITEDATA, mem);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    fclose(mem);
    if (receipt) {
        receipt[0] = '\0';
        cJSON *o = cJSON_Parse(reply ? reply : "");
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "receipt_no");
        if (cJSON_IsString(r))
            snprintf(receipt, cap, "%s", r->valuestring);
        cJSON_Delete(o);
    }
    free(reply);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

static long count(void)
{
    long n, d;
    return simproc_count(sim, &n, &d) ? -1 : n;
}

#define RACERS 40
static pthread_barrier_t barrier;
static struct {
    long status;
    char receipt[64];
} racer[RACERS];
static const char *race_uuid = "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f";
static char race_body[1024];

static void *race(void *arg)
{
    long i = (long)(intptr_t)arg;
    pthread_barrier_wait(&barrier);
    racer[i].status = submit(race_uuid, race_body, racer[i].receipt, sizeof racer[i].receipt);
    return NULL;
}

static void test_concurrent_retries_make_one_record(void)
{
    long before = count();
    snprintf(race_body, sizeof race_body, "%s", filing_body(race_uuid, "张三"));
    pthread_barrier_init(&barrier, NULL, RACERS);
    pthread_t th[RACERS];
    for (long i = 0; i < RACERS; i++)
        pthread_create(&th[i], NULL, race, (void *)(intptr_t)i);
    for (int i = 0; i < RACERS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);
    int created = 0, replayed = 0;
    for (int i = 0; i < RACERS; i++) {
        created += racer[i].status == 201;
        replayed += racer[i].status == 200;
        CHECK(racer[i].receipt[0] != '\0');
        CHECK_EQ_STR(racer[i].receipt, racer[0].receipt);
    }
    CHECK_EQ_INT(created, 1);
    CHECK_EQ_INT(replayed, RACERS - 1);
    CHECK_EQ_INT(count(), before + 1);
    long n, d;
    CHECK(simproc_count(sim, &n, &d) == 0 && n == d);
}

static void test_same_id_other_content_conflicts(void)
{
    const char *u = "11111111-2222-4333-8444-555555555555";
    char r1[64], r2[64];
    CHECK_EQ_INT(submit(u, filing_body(u, "李四"), r1, sizeof r1), 201);
    long before = count();
    CHECK_EQ_INT(submit(u, filing_body(u, "王五"), r2, sizeof r2), 409);
    CHECK_EQ_INT(count(), before);
    /* whitespace does not make it different content */
    char spaced[1200];
    snprintf(spaced, sizeof spaced, "  %s\n", filing_body(u, "李四"));
    CHECK_EQ_INT(submit(u, spaced, r2, sizeof r2), 200);
    CHECK_EQ_STR(r1, r2);
}

static void test_bad_requests(void)
{
    const char *u = "21111111-2222-4333-8444-555555555555";
    char r[64];
    long before = count();
    CHECK_EQ_INT(submit(u, "{\"filing_id\":", r, sizeof r), 400);            /* truncated */
    CHECK_EQ_INT(submit(u, "<html>oops</html>", r, sizeof r), 400);          /* not JSON */
    CHECK_EQ_INT(submit("31111111-2222-4333-8444-555555555555", filing_body(u, "甲"), r, sizeof r),
                 400); /* header and body disagree */
    char *b = strdup(filing_body(u, "甲"));
    char *k = strstr(b, "0123456789abcdef");
    k[0] = 'Z'; /* villager key not hex */
    CHECK_EQ_INT(submit(u, b, r, sizeof r), 400);
    free(b);
    CHECK_EQ_INT(count(), before);
    char *reply = NULL;
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms", NULL, "wrong-token", &reply), 401);
    CHECK(reply && strstr(reply, "\"unauthorized\""));
    free(reply);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/nothing", NULL, token, NULL), 404);
    CHECK_EQ_INT(simproc_http(sim, "POST", "/api/v1/devices/register",
                              "{\"device_id\":\"c1b0e8a2-1111-4222-8333-444455556666\","
                              "\"station_name\":\"村\",\"area_code\":\"360722\","
                              "\"registration_code\":\"999999\"}", NULL, NULL), 403);
}

static void test_status_queries(void)
{
    const char *u = "41111111-2222-4333-8444-555555555555";
    char r[64], path[256], *reply = NULL;
    CHECK_EQ_INT(submit(u, filing_body(u, "赵六"), r, sizeof r), 201);
    snprintf(path, sizeof path, "/api/v1/receipts/%s", r);
    CHECK_EQ_INT(simproc_http(sim, "GET", path, NULL, token, &reply), 200);
    CHECK(reply && strstr(reply, "\"submitted\"") && strstr(reply, u));
    free(reply);
    char body[256];
    snprintf(body, sizeof body, "{\"receipt_no\":\"%s\",\"status\":\"returned\",\"note\":\"缺少户口本\"}", r);
    CHECK_EQ_INT(simproc_http(sim, "POST", "/admin/status", body, NULL, NULL), 200);
    CHECK_EQ_INT(simproc_http(sim, "POST", "/admin/status", "{\"receipt_no\":\"X\",\"status\":\"bogus\"}", NULL, NULL), 400);
    snprintf(path, sizeof path, "/api/v1/villagers/%s/filings", KEY);
    CHECK_EQ_INT(simproc_http(sim, "GET", path, NULL, token, &reply), 200);
    cJSON *o = cJSON_Parse(reply ? reply : "");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "filings");
    CHECK(cJSON_GetArraySize(arr) >= 3);
    const cJSON *first = cJSON_GetArrayItem(arr, 0); /* newest first */
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(first, "receipt_no")), r);
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(first, "status")), "returned");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(first, "note")), "缺少户口本");
    cJSON_Delete(o);
    free(reply);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/receipts/CZ000", NULL, token, NULL), 404);
}

static void test_faults(void)
{
    char r[64], *reply = NULL;
    CHECK_EQ_INT(simproc_faults(sim, "{\"error_rate\":1}"), 0);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms", NULL, token, &reply), 503);
    CHECK(reply && strstr(reply, "\"error\""));
    free(reply);
    CHECK_EQ_INT(simproc_faults(sim, "{\"error_rate\":0,\"drop_rate\":1}"), 0);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms", NULL, token, NULL), 0);
    CHECK_EQ_INT(simproc_faults(sim, "{\"drop_rate\":0,\"rate429\":1,\"retry_after_s\":7}"), 0);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms", NULL, token, NULL), 429);
    CHECK_EQ_INT(simproc_faults(sim, "{\"rate429\":0,\"accept_fail_rate\":1}"), 0);
    const char *u = "51111111-2222-4333-8444-555555555555";
    long before = count();
    long st = submit(u, filing_body(u, "钱七"), r, sizeof r);
    CHECK(st == 500 || st == 0);
    CHECK_EQ_INT(count(), before + 1); /* committed although the kiosk got no receipt */
    CHECK_EQ_INT(submit(u, filing_body(u, "钱七"), r, sizeof r), 200); /* a replay is not failed */
    CHECK(r[0] != '\0');
    CHECK_EQ_INT(simproc_faults(sim, "{\"accept_fail_rate\":0,\"delay_ms\":300}"), 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms", NULL, token, NULL), 200);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 300);
    CHECK_EQ_INT(simproc_faults(sim, "{\"delay_ms\":0,\"slow_ms\":5}"), 0);
    long slow_before = simproc_stat(sim, "slow");
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms", NULL, token, &reply), 200);
    CHECK(reply && strstr(reply, "\"forms\""));
    free(reply);
    CHECK_EQ_INT(simproc_stat(sim, "slow"), slow_before + 1);
    /* bad fault settings are refused and change nothing */
    CHECK_EQ_INT(simproc_http(sim, "POST", "/admin/faults", "{\"error_rate\":2}", NULL, &reply), 400);
    free(reply);
    CHECK_EQ_INT(simproc_http(sim, "POST", "/admin/faults", "not json", NULL, NULL), 400);
    CHECK_EQ_INT(simproc_faults(sim, "{\"slow_ms\":0}"), 0);
    CHECK(simproc_stat(sim, "drops") >= 1);
    CHECK(simproc_stat(sim, "errors") >= 1);
    CHECK(simproc_stat(sim, "rate_limited") >= 1);
    CHECK(simproc_stat(sim, "accept_fails") >= 1);
}

static void test_forms_and_agents(void)
{
    char *reply = NULL;
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms", NULL, token, &reply), 200);
    CHECK(reply && strstr(reply, "\"dibao\""));
    free(reply);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms/dibao", NULL, token, &reply), 200);
    CHECK(reply && strstr(reply, "最低生活保障申请"));
    free(reply);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms/none", NULL, token, NULL), 404);
    CHECK_EQ_INT(simproc_http(sim, "POST", "/admin/agents",
                              "{\"agents\":[{\"id\":\"A0012\",\"name\":\"李桂兰\",\"active\":true,"
                              "\"pin\":{\"alg\":\"argon2id\",\"salt\":\"c2FsdHNhbHRzYWx0c2FsdA==\","
                              "\"opslimit\":3,\"memlimit\":67108864,\"hash\":\"aGFzaA==\"}}]}",
                              NULL, NULL), 200);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/agents", NULL, token, &reply), 200);
    CHECK(reply && strstr(reply, "\"A0012\"") && strstr(reply, "argon2id"));
    free(reply);
}

static void test_plain_mode(void)
{
    simproc *p = simproc_start(check_tmpdir("plain"), 0, NULL);
    REQUIRE(p != NULL);
    CHECK(strncmp(simproc_url(p), "http://127.0.0.1:", 17) == 0);
    CHECK_EQ_INT(simproc_http(p, "GET", "/admin/faults", NULL, NULL, NULL), 200);
    simproc_stop(p);
}

int main(void)
{
    char forms[1100];
    snprintf(forms, sizeof forms, "%s", check_asset("forms"));
    const char *args[] = {"--forms", forms, NULL};
    sim = simproc_start(check_tmpdir("tls"), 1, args);
    if (!sim) {
        printf("cannot start county-sim\n");
        return 1;
    }
    if (simproc_register(sim, token, sizeof token)) {
        printf("cannot register with county-sim\n");
        simproc_stop(sim);
        return 1;
    }
    RUN(test_concurrent_retries_make_one_record);
    RUN(test_same_id_other_content_conflicts);
    RUN(test_bad_requests);
    RUN(test_status_queries);
    RUN(test_faults);
    RUN(test_forms_and_agents);
    RUN(test_plain_mode);
    simproc_stop(sim);
    return check_summary();
}
