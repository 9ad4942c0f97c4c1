/* test_client.c — the libcurl client against county-sim over real TLS on
 * loopback: registration, submit (first, repeat, conflict), status queries,
 * form catalogue, agents; and how failures are classified: wrong CA (TLS
 * verification stays on), timeouts, dropped connections, 5xx, 429 with
 * Retry-After, 401. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sync/client.h"
#include "simproc.h"
#include "core/utf8.h"
#include "core/uuid.h"

static simproc *sim;
static const char *KEY = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

static proto_client *client(const char *ca, const char *token, long total_ms)
{
    proto_client_opts o = {simproc_url(sim), ca, token, 5000, total_ms, NULL, 0, 0};
    return proto_client_new(&o);
}

static proto_client *registered_t(long total_ms)
{
    proto_client *c = client(simproc_ca(sim), NULL, total_ms);
    char dev[37];
    core_uuid_v4(dev); /* a new device each time: registering again revokes the old token */
    proto_device d = {dev, "青山村便民服务站", "360722101201", "123456"};
    proto_registration reg;
    proto_result res;
    if (!c || proto_client_register(c, &d, &reg, &res) != PROTO_RES_OK) {
        proto_client_free(c);
        return NULL;
    }
    proto_client_set_token(c, reg.token);
    return c;
}

static proto_client *registered(void) { return registered_t(5000); }

static void test_register(void)
{
    proto_client *c = client(simproc_ca(sim), NULL, 5000);
    REQUIRE(c != NULL);
    proto_device d = {"8d1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f", "青山村便民服务站", "360722101201", "000000"};
    proto_registration reg;
    proto_result res;
    CHECK_EQ_INT(proto_client_register(c, &d, &reg, &res), PROTO_RES_FINAL);
    CHECK_EQ_INT(res.http_status, 403);
    CHECK_EQ_STR(res.code, "forbidden");
    d.registration_code = "123456";
    CHECK_EQ_INT(proto_client_register(c, &d, &reg, &res), PROTO_RES_OK);
    CHECK(strlen(reg.token) >= 32);
    d.area_code = "x";
    CHECK_EQ_INT(proto_client_register(c, &d, &reg, &res), PROTO_RES_LOCAL);
    proto_client_free(c);
}

static void test_submit_and_query(void)
{
    proto_client *c = registered();
    REQUIRE(c != NULL);
    proto_filing f = {"9e1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f", "dibao", 1, KEY, "A0012", 1700000000000LL,
                      "{\"name\":\"张三\"}", NULL, 0, NULL};
    proto_receipt r1, r2;
    proto_result res;
    REQUIRE(proto_client_submit(c, &f, &r1, &res) == PROTO_RES_OK);
    CHECK_EQ_INT(res.http_status, 201);
    CHECK_EQ_INT(proto_client_submit(c, &f, &r2, &res), PROTO_RES_OK);
    CHECK_EQ_INT(res.http_status, 200);
    CHECK_EQ_STR(r1.receipt_no, r2.receipt_no);
    proto_filing g = f;
    g.payload = "{\"name\":\"李四\"}";
    CHECK_EQ_INT(proto_client_submit(c, &g, &r2, &res), PROTO_RES_FINAL);
    CHECK_EQ_INT(res.http_status, 409);
    CHECK_EQ_STR(res.code, "conflict");

    proto_status s;
    REQUIRE(proto_client_status(c, r1.receipt_no, &s, &res) == PROTO_RES_OK);
    CHECK_EQ_STR(s.filing_id, f.filing_id);
    CHECK_EQ_INT(s.status, PROTO_ST_SUBMITTED);
    char body[200];
    snprintf(body, sizeof body, "{\"receipt_no\":\"%s\",\"status\":\"done\"}", r1.receipt_no);
    CHECK_EQ_INT(simproc_http(sim, "POST", "/admin/status", body, NULL, NULL), 200);
    proto_status *list = NULL;
    size_t n = 0;
    REQUIRE(proto_client_status_by_villager(c, KEY, &list, &n, &res) == PROTO_RES_OK);
    CHECK_EQ_INT(n, 1);
    if (n)
        CHECK_EQ_INT(list[0].status, PROTO_ST_DONE);
    free(list);
    CHECK_EQ_INT(proto_client_status(c, "CZ99999999", &s, &res), PROTO_RES_FINAL);
    CHECK_EQ_INT(res.http_status, 404);
    CHECK_EQ_INT(proto_client_status(c, "../admin", &s, &res), PROTO_RES_LOCAL);
    CHECK_EQ_INT(proto_client_connections(c), 1); /* one TLS connection for all of it */
    proto_client_free(c);
}

static void test_forms_and_agents(void)
{
    proto_client *c = registered();
    REQUIRE(c != NULL);
    proto_form_info *forms = NULL;
    size_t n = 0;
    proto_result res;
    REQUIRE(proto_client_forms(c, &forms, &n, &res) == PROTO_RES_OK);
    CHECK(n >= 5);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found += !strcmp(forms[i].id, "dibao");
    CHECK_EQ_INT(found, 1);
    free(forms);
    CHECK_EQ_INT(simproc_http(sim, "POST", "/admin/agents",
                              "{\"agents\":[{\"id\":\"A0012\",\"name\":\"李桂兰\",\"active\":true,"
                              "\"pin\":{\"alg\":\"argon2id\",\"salt\":\"c2FsdHNhbHRzYWx0c2FsdA==\","
                              "\"opslimit\":3,\"memlimit\":67108864,\"hash\":\"aGFzaA==\"}}]}",
                              NULL, NULL), 200);
    proto_agent *ag = NULL;
    REQUIRE(proto_client_agents(c, &ag, &n, &res) == PROTO_RES_OK);
    CHECK_EQ_INT(n, 1);
    if (n)
        CHECK_EQ_STR(ag[0].id, "A0012");
    free(ag);
    proto_client_free(c);
}

static void test_failures_are_classified(void)
{
    proto_client *c = registered();
    REQUIRE(c != NULL);
    proto_form_info *forms = NULL;
    size_t n = 0;
    proto_result res;

    REQUIRE(simproc_faults(sim, "{\"error_rate\":1}") == 0);
    CHECK_EQ_INT(proto_client_forms(c, &forms, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_INT(res.http_status, 503);
    CHECK_EQ_STR(res.code, "unavailable");

    REQUIRE(simproc_faults(sim, "{\"error_rate\":0,\"drop_rate\":1}") == 0);
    CHECK_EQ_INT(proto_client_forms(c, &forms, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_INT(res.transport, 1);
    CHECK_EQ_INT(res.http_status, 0);

    REQUIRE(simproc_faults(sim, "{\"drop_rate\":0,\"rate429\":1,\"retry_after_s\":9}") == 0);
    CHECK_EQ_INT(proto_client_forms(c, &forms, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_INT(res.http_status, 429);
    CHECK_EQ_INT(res.retry_after_s, 9);

    REQUIRE(simproc_faults(sim, "{\"rate429\":0,\"delay_ms\":800}") == 0);
    proto_client *fast = client(simproc_ca(sim), NULL, 300);
    CHECK_EQ_INT(proto_client_forms(fast, &forms, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_STR(res.code, "timeout");
    proto_client_free(fast);

    REQUIRE(simproc_faults(sim, "{\"delay_ms\":0}") == 0);
    fast = registered_t(300);
    REQUIRE(fast != NULL);
    REQUIRE(simproc_faults(sim, "{\"slow_ms\":100}") == 0);
    CHECK_EQ_INT(proto_client_forms(fast, &forms, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_STR(res.code, "timeout"); /* a trickled reply hits the total timeout */
    proto_client_free(fast);
    REQUIRE(simproc_faults(sim, "{\"slow_ms\":0}") == 0);

    proto_client *anon = client(simproc_ca(sim), "not-a-token", 5000);
    CHECK_EQ_INT(proto_client_forms(anon, &forms, &n, &res), PROTO_RES_AUTH);
    CHECK_EQ_INT(res.http_status, 401);
    proto_client_free(anon);

    CHECK_EQ_INT(proto_client_forms(c, &forms, &n, &res), PROTO_RES_OK); /* back to normal */
    free(forms);
    proto_client_free(c);
}

/* A county's refusal in Chinese, near the 512 bytes PROTOCOL.md allows: the
 * result keeps the method, path and status, then the county's words whole. */
static void test_chinese_reason_whole(void)
{
    proto_client *c = registered();
    REQUIRE(c != NULL);
    char zh[513] = "", faults[700];
    while (strlen(zh) + strlen("材料不全，缺少户口簿首页复印件；") < sizeof zh)
        strcat(zh, "材料不全，缺少户口簿首页复印件；");
    snprintf(faults, sizeof faults, "{\"refuse_next\":400,\"refuse_message\":\"%s\"}", zh);
    REQUIRE(simproc_faults(sim, faults) == 0);
    proto_filing f = {"5a1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f", "dibao", 1, KEY, NULL, 1700000000000LL,
                      "{\"name\":\"张三\"}", NULL, 0, NULL};
    proto_receipt r;
    proto_result res;
    CHECK_EQ_INT(proto_client_submit(c, &f, &r, &res), PROTO_RES_FINAL);
    CHECK_EQ_INT(res.http_status, 400);
    printf("  the county's %zu bytes of reason kept in %zu bytes\n", strlen(zh), strlen(res.message));
    CHECK(utf8_valid(res.message));
    CHECK(strncmp(res.message, "POST /api/v1/filings: HTTP 400 ", 31) == 0);
    CHECK(strcmp(res.message + 31, zh) == 0);
    REQUIRE(simproc_faults(sim, "{\"refuse_message\":\"\"}") == 0);
    proto_client_free(c);
}

static void test_tls_is_verified(void)
{
    /* another self-signed certificate as the CA: the simulator's is refused */
    const char *dir = check_tmpdir("other-ca");
    char cmd[2048], ca[1100];
    snprintf(cmd, sizeof cmd, "sh %s/sim/gen-cert.sh %s", getenv("CZ_TESTS_DIR"), dir);
    REQUIRE(system(cmd) == 0);
    snprintf(ca, sizeof ca, "%s/sim-cert.pem", dir);
    /* generous time for the handshake, which is slow on a loaded machine under
     * emulation: the answer must be the refused certificate, not a timeout */
    proto_client_opts o = {simproc_url(sim), ca, NULL, 15000, 30000, NULL, 0, 0};
    proto_client *c = proto_client_new(&o);
    proto_form_info *forms = NULL;
    size_t n = 0;
    proto_result res;
    CHECK_EQ_INT(proto_client_forms(c, &forms, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_STR(res.code, "tls_verify");
    CHECK_EQ_INT(res.http_status, 0);
    proto_client_free(c);
    /* no CA file: the system store does not know the simulator either */
    o.ca_file = NULL;
    c = proto_client_new(&o);
    CHECK_EQ_INT(proto_client_forms(c, &forms, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_STR(res.code, "tls_verify");
    proto_client_free(c);
}

static void test_nothing_listening(void)
{
    proto_client_opts o = {"https://127.0.0.1:1", simproc_ca(sim), NULL, 500, 1000, NULL, 0, 0};
    proto_client *c = proto_client_new(&o);
    proto_form_info *forms = NULL;
    size_t n = 0;
    proto_result res;
    CHECK_EQ_INT(proto_client_forms(c, &forms, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_STR(res.code, "connect");
    CHECK_EQ_INT(res.transport, 1);
    proto_client_free(c);
}

int main(void)
{
    char forms[1100];
    snprintf(forms, sizeof forms, "%s", check_asset("forms"));
    const char *args[] = {"--forms", forms, NULL};
    sim = simproc_start(check_tmpdir("sim"), 1, args);
    if (!sim) {
        printf("cannot start county-sim\n");
        return 1;
    }
    RUN(test_register);
    RUN(test_submit_and_query);
    RUN(test_forms_and_agents);
    RUN(test_failures_are_classified);
    RUN(test_chinese_reason_whole);
    RUN(test_tls_is_verified);
    RUN(test_nothing_listening);
    simproc_stop(sim);
    return check_summary();
}
