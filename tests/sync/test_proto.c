/* test_proto.c — protocol builders and reply parsers, including malformed
 * replies: truncated JSON, wrong types, huge values, missing fields, HTML
 * error pages, oversized bodies. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sync/proto.h"

static const char *KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
static const char *UUID = "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f";
static const char *HTML = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

static void test_classify(void)
{
    CHECK_EQ_INT(proto_classify(200), PROTO_CLASS_OK);
    CHECK_EQ_INT(proto_classify(201), PROTO_CLASS_OK);
    CHECK_EQ_INT(proto_classify(500), PROTO_CLASS_RETRY);
    CHECK_EQ_INT(proto_classify(503), PROTO_CLASS_RETRY);
    CHECK_EQ_INT(proto_classify(408), PROTO_CLASS_RETRY);
    CHECK_EQ_INT(proto_classify(429), PROTO_CLASS_RETRY);
    CHECK_EQ_INT(proto_classify(400), PROTO_CLASS_FINAL);
    CHECK_EQ_INT(proto_classify(404), PROTO_CLASS_FINAL);
    CHECK_EQ_INT(proto_classify(409), PROTO_CLASS_FINAL);
    CHECK_EQ_INT(proto_classify(401), PROTO_CLASS_AUTH);
    CHECK_EQ_INT(proto_classify(302), PROTO_CLASS_FINAL);
}

static void test_build_filing(void)
{
    char err[128];
    proto_filing f = {UUID, "dibao", 2, KEY, NULL, 1700000000123LL, "{ \"name\" : \"张三\" }", NULL, 0, NULL};
    char *a = proto_build_filing(&f, err, sizeof err);
    char *b = proto_build_filing(&f, err, sizeof err);
    REQUIRE(a && b);
    CHECK_EQ_STR(a, b); /* deterministic: a retry is the same content */
    cJSON *o = cJSON_Parse(a);
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "filing_id")), UUID);
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "agent_id")));
    CHECK_EQ_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(o, "filed_at_ms")), 1700000000123LL);
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "payload"), "name")), "张三");
    cJSON_Delete(o);
    free(a);
    free(b);

    proto_filing bad = f;
    bad.payload = "[1,2]";
    CHECK(proto_build_filing(&bad, err, sizeof err) == NULL);
    bad.payload = "{\"a\":";
    CHECK(proto_build_filing(&bad, err, sizeof err) == NULL);
    bad = f;
    bad.villager_key = "ABC";
    CHECK(proto_build_filing(&bad, err, sizeof err) == NULL);
    bad = f;
    bad.filing_id = "not-a-uuid";
    CHECK(proto_build_filing(&bad, err, sizeof err) == NULL);
    bad = f;
    bad.form_version = 0;
    CHECK(proto_build_filing(&bad, err, sizeof err) == NULL);
    CHECK(strlen(err) > 0);
}

static void test_attachments(void)
{
    char err[128];
    proto_attachment a[2];
    memset(a, 0, sizeof a);
    snprintf(a[0].name, sizeof a[0].name, "sig-00.png");
    snprintf(a[0].sha256, sizeof a[0].sha256, "%s", KEY);
    snprintf(a[0].type, sizeof a[0].type, "image/png");
    a[0].size = 1234;
    a[1] = a[0];
    snprintf(a[1].name, sizeof a[1].name, "consent/x.png");
    a[1].sha256[0] = 'f';
    proto_filing f = {UUID, "dibao", 2, KEY, NULL, 1, "{\"signature\":\"sig-00.png\"}", a, 2, NULL};
    char *body = proto_build_filing(&f, err, sizeof err);
    REQUIRE(body != NULL);
    proto_attachment *got = NULL;
    size_t n = 0;
    CHECK_EQ_INT(proto_parse_filing_attachments(body, strlen(body), &got, &n, err, sizeof err), PROTO_OK);
    CHECK_EQ_INT((long)n, 2);
    if (n == 2) {
        CHECK_EQ_STR(got[1].name, "consent/x.png");
        CHECK_EQ_STR(got[0].sha256, KEY);
        CHECK_EQ_INT((long)got[0].size, 1234);
    }
    free(got);
    free(body);
    /* a body without attachments has none; the field is absent */
    f.n_attachments = 0;
    body = proto_build_filing(&f, err, sizeof err);
    CHECK(body && !strstr(body, "attachments"));
    CHECK_EQ_INT(proto_parse_filing_attachments(body, strlen(body), &got, &n, err, sizeof err), PROTO_OK);
    CHECK_EQ_INT((long)n, 0);
    free(got);
    free(body);
    /* what the platform would refuse is not built */
    f.n_attachments = 1;
    a[0].size = (2 << 20); /* over the PNG limit */
    CHECK(proto_build_filing(&f, err, sizeof err) == NULL);
    a[0].size = 10;
    snprintf(a[0].type, sizeof a[0].type, "image/gif");
    CHECK(proto_build_filing(&f, err, sizeof err) == NULL);
    snprintf(a[0].type, sizeof a[0].type, "image/png");
    a[0].sha256[3] = 'X';
    CHECK(proto_build_filing(&f, err, sizeof err) == NULL);
    /* types from the bytes */
    const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0};
    const unsigned char jpg[] = {0xff, 0xd8, 0xff, 0xe0};
    CHECK_EQ_STR(proto_attachment_type(png, sizeof png), "image/png");
    CHECK_EQ_STR(proto_attachment_type(jpg, sizeof jpg), "image/jpeg");
    CHECK(proto_attachment_type((const unsigned char *)"GIF89a", 6) == NULL);
    CHECK(proto_attachment_type(png, 4) == NULL);
    /* the platform's state of an attachment */
    proto_attachment_state stt;
    char reply[300];
    snprintf(reply, sizeof reply,
             "{\"sha256\":\"%s\",\"type\":\"image/png\",\"size\":100,\"received\":40,\"complete\":false}", KEY);
    CHECK_EQ_INT(proto_parse_attachment_state(reply, strlen(reply), &stt, err, sizeof err), PROTO_OK);
    CHECK_EQ_INT((long)stt.received, 40);
    CHECK_EQ_INT(stt.complete, 0);
    snprintf(reply, sizeof reply,
             "{\"sha256\":\"%s\",\"type\":\"image/png\",\"size\":100,\"received\":140,\"complete\":true}", KEY);
    CHECK_EQ_INT(proto_parse_attachment_state(reply, strlen(reply), &stt, err, sizeof err), PROTO_ERR_REPLY);
    CHECK_EQ_INT(proto_parse_attachment_state("<html>", 6, &stt, err, sizeof err), PROTO_ERR_REPLY);
}

static void test_build_register(void)
{
    char err[128];
    proto_device d = {UUID, "青山村便民服务站", "360722101201", "483920"};
    char *s = proto_build_register(&d, err, sizeof err);
    REQUIRE(s != NULL);
    CHECK(strstr(s, "青山村便民服务站") != NULL);
    free(s);
    proto_device bad = d;
    bad.area_code = "36a722";
    CHECK(proto_build_register(&bad, err, sizeof err) == NULL);
    bad = d;
    bad.station_name = "";
    CHECK(proto_build_register(&bad, err, sizeof err) == NULL);
    bad = d;
    bad.station_name = "\xff\xfe";
    CHECK(proto_build_register(&bad, err, sizeof err) == NULL);
    bad = d;
    bad.registration_code = NULL;
    CHECK(proto_build_register(&bad, err, sizeof err) == NULL);
}

static int parse_receipt(const char *s)
{
    proto_receipt r;
    char err[128] = "";
    int rc = proto_parse_receipt(s, s ? strlen(s) : 0, &r, err, sizeof err);
    if (rc)
        CHECK(err[0] != '\0'); /* every refusal says why */
    return rc;
}

static void test_parse_receipt(void)
{
    const char *good = "{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\","
                       "\"receipt_no\":\"CZ202411220000017\",\"received_at_ms\":1700000000000,"
                       "\"status\":\"submitted\",\"extra\":[1,2,3]}";
    proto_receipt r;
    char err[128];
    REQUIRE(proto_parse_receipt(good, strlen(good), &r, err, sizeof err) == PROTO_OK);
    CHECK_EQ_STR(r.receipt_no, "CZ202411220000017");
    CHECK_EQ_STR(r.filing_id, UUID);
    CHECK_EQ_INT(r.received_at_ms, 1700000000000LL);
    CHECK_EQ_INT(r.status, PROTO_ST_SUBMITTED);

    /* truncated at every length */
    size_t n = strlen(good);
    int refused = 0;
    for (size_t i = 0; i < n; i++)
        refused += proto_parse_receipt(good, i, &r, err, sizeof err) == PROTO_ERR_REPLY;
    CHECK_EQ_INT(refused, (long long)n);

    CHECK(parse_receipt(NULL));
    CHECK(parse_receipt(""));
    CHECK(parse_receipt(HTML));
    CHECK(parse_receipt("null"));
    CHECK(parse_receipt("[]"));
    CHECK(parse_receipt("\"text\""));
    CHECK(parse_receipt("{}"));
    /* wrong types */
    CHECK(parse_receipt("{\"filing_id\":5,\"receipt_no\":\"CZ202411220000017\",\"received_at_ms\":1,\"status\":\"submitted\"}"));
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":17,\"received_at_ms\":1,\"status\":\"submitted\"}"));
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"CZ202411220000017\",\"received_at_ms\":\"1\",\"status\":\"submitted\"}"));
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"CZ202411220000017\",\"received_at_ms\":1,\"status\":true}"));
    /* missing field */
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"CZ202411220000017\",\"status\":\"submitted\"}"));
    /* huge and fractional values */
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"CZ202411220000017\",\"received_at_ms\":1e300,\"status\":\"submitted\"}"));
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"CZ202411220000017\",\"received_at_ms\":-5,\"status\":\"submitted\"}"));
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"CZ202411220000017\",\"received_at_ms\":1.5,\"status\":\"submitted\"}"));
    /* bad values */
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"cz 17\",\"received_at_ms\":1,\"status\":\"submitted\"}"));
    CHECK(parse_receipt("{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"CZ202411220000017\",\"received_at_ms\":1,\"status\":\"lost\"}"));
    /* a huge string field */
    size_t big = 100000;
    char *s = malloc(big + 200);
    int len = snprintf(s, 200, "{\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"receipt_no\":\"");
    memset(s + len, 'A', big);
    strcpy(s + len + big, "\",\"received_at_ms\":1,\"status\":\"submitted\"}");
    CHECK(parse_receipt(s));
    free(s);
    /* a body over the reply limit is refused before parsing */
    CHECK(proto_parse_receipt(good, (size_t)PROTO_MAX_REPLY + 1, &r, err, sizeof err) == PROTO_ERR_REPLY);
}

static void test_parse_registration(void)
{
    proto_registration r;
    char err[128];
    const char *good = "{\"device_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\",\"token\":"
                       "\"ee295e0b7bbbd0e8de1d4ffeab4926da5bcd156a94afb833079dcdc76b6ffb32\","
                       "\"issued_at_ms\":1700000000000}";
    REQUIRE(proto_parse_registration(good, strlen(good), &r, err, sizeof err) == PROTO_OK);
    CHECK_EQ_INT(strlen(r.token), 64);
    const char *bad[] = {
        "{\"device_id\":\"x\",\"token\":\"short\",\"issued_at_ms\":1}",
        "{\"device_id\":\"x\",\"issued_at_ms\":1}",
        "{\"device_id\":\"x\",\"token\":null,\"issued_at_ms\":1}",
        "{\"device_id\":\"x\",\"token\":\"ee295e0b7bbbd0e8de1d4ffeab4926da5bcd156a\",\"issued_at_ms\":[]}",
        "{\"device_id\":\"x\",\"token\":\"ee295e0b7bbbd0e8de1d4ffeab4926da5bcd156a",
        HTML,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(proto_parse_registration(bad[i], strlen(bad[i]), &r, err, sizeof err) == PROTO_ERR_REPLY);
        CHECK_EQ_STR(r.token, ""); /* no half-filled output */
    }
}

static void test_parse_status(void)
{
    proto_status s;
    char err[128];
    const char *good = "{\"receipt_no\":\"CZ202411220000017\",\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\","
                       "\"form_id\":\"dibao\",\"status\":\"returned\",\"status_at_ms\":1700000000000,\"note\":\"缺少户口本\"}";
    REQUIRE(proto_parse_status(good, strlen(good), &s, err, sizeof err) == PROTO_OK);
    CHECK_EQ_INT(s.status, PROTO_ST_RETURNED);
    CHECK_EQ_STR(s.note, "缺少户口本");
    const char *no_note = "{\"receipt_no\":\"CZ202411220000017\",\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\","
                          "\"form_id\":\"dibao\",\"status\":\"done\",\"status_at_ms\":1}";
    REQUIRE(proto_parse_status(no_note, strlen(no_note), &s, err, sizeof err) == PROTO_OK);
    CHECK_EQ_STR(s.note, "");
    const char *bad_note = "{\"receipt_no\":\"CZ202411220000017\",\"filing_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f\","
                           "\"form_id\":\"dibao\",\"status\":\"done\",\"status_at_ms\":1,\"note\":7}";
    CHECK(proto_parse_status(bad_note, strlen(bad_note), &s, err, sizeof err) == PROTO_ERR_REPLY);

    proto_status *items = NULL;
    size_t n = 99;
    char list[2048];
    snprintf(list, sizeof list, "{\"filings\":[%s,%s]}", good, no_note);
    REQUIRE(proto_parse_status_list(list, strlen(list), &items, &n, err, sizeof err) == PROTO_OK);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(items[1].status, PROTO_ST_DONE);
    free(items);
    const char *empty = "{\"filings\":[]}";
    REQUIRE(proto_parse_status_list(empty, strlen(empty), &items, &n, err, sizeof err) == PROTO_OK);
    CHECK_EQ_INT(n, 0);
    free(items);
    const char *bad[] = {"{\"filings\":{}}", "{\"filings\":[1]}", "{\"filing\":[]}",
                         "{\"filings\":[{\"receipt_no\":\"CZ202411220000017\"}]}", HTML, "{\"filings\":["};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(proto_parse_status_list(bad[i], strlen(bad[i]), &items, &n, err, sizeof err) == PROTO_ERR_REPLY);
        CHECK(items == NULL && n == 0);
    }
}

static void test_parse_forms_and_agents(void)
{
    char err[128];
    proto_form_info *forms = NULL;
    size_t n = 0;
    const char *f = "{\"forms\":[{\"id\":\"dibao\",\"version\":3,\"title\":\"最低生活保障申请\",\"size\":123}]}";
    REQUIRE(proto_parse_forms(f, strlen(f), &forms, &n, err, sizeof err) == PROTO_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(forms[0].version, 3);
    free(forms);
    const char *bad_forms[] = {"{\"forms\":[{\"id\":\"\",\"version\":1,\"size\":1}]}",
                               "{\"forms\":[{\"id\":\"a\",\"version\":0,\"size\":1}]}",
                               "{\"forms\":[{\"id\":\"a\",\"version\":1e12,\"size\":1}]}",
                               "{\"forms\":[{\"id\":\"a\",\"version\":1}]}"};
    for (size_t i = 0; i < 4; i++)
        CHECK(proto_parse_forms(bad_forms[i], strlen(bad_forms[i]), &forms, &n, err, sizeof err) == PROTO_ERR_REPLY);

    proto_agent *ag = NULL;
    const char *a = "{\"agents\":[{\"id\":\"A0012\",\"name\":\"李桂兰\",\"active\":true,\"pin\":{\"alg\":\"argon2id\","
                    "\"salt\":\"c2FsdA==\",\"opslimit\":3,\"memlimit\":67108864,\"hash\":\"aGFzaA==\"}}],\"updated_at_ms\":1}";
    REQUIRE(proto_parse_agents(a, strlen(a), &ag, &n, err, sizeof err) == PROTO_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(ag[0].name, "李桂兰");
    CHECK_EQ_INT(ag[0].active, 1);
    CHECK_EQ_INT((long long)ag[0].memlimit, 67108864);
    free(ag);
    const char *bad_agents[] = {
        "{\"agents\":[{\"id\":\"A1\",\"name\":\"x\",\"active\":1,\"pin\":{}}]}",
        "{\"agents\":[{\"id\":\"A1\",\"name\":\"x\",\"active\":true}]}",
        "{\"agents\":[{\"id\":\"A1\",\"name\":\"x\",\"active\":true,\"pin\":{\"alg\":\"md5\",\"salt\":\"s\",\"opslimit\":3,\"memlimit\":67108864,\"hash\":\"h\"}}]}",
        "{\"agents\":[{\"id\":\"A1\",\"name\":\"x\",\"active\":true,\"pin\":{\"alg\":\"argon2id\",\"salt\":\"s\",\"opslimit\":1e30,\"memlimit\":67108864,\"hash\":\"h\"}}]}",
    };
    for (size_t i = 0; i < 4; i++)
        CHECK(proto_parse_agents(bad_agents[i], strlen(bad_agents[i]), &ag, &n, err, sizeof err) == PROTO_ERR_REPLY);
}

static void test_parse_error(void)
{
    char code[32], msg[128];
    const char *e = "{\"error\":{\"code\":\"conflict\",\"message\":\"同一办件编号已提交过不同内容\"}}";
    CHECK(proto_parse_error(e, strlen(e), code, sizeof code, msg, sizeof msg) == PROTO_OK);
    CHECK_EQ_STR(code, "conflict");
    CHECK(proto_parse_error(HTML, strlen(HTML), code, sizeof code, msg, sizeof msg) == PROTO_ERR_REPLY);
    CHECK_EQ_STR(code, "");
    const char *bad[] = {"{\"error\":\"boom\"}", "{\"error\":{\"message\":\"x\"}}", "{\"error\":{\"code\":3}}", "{\"err"};
    for (size_t i = 0; i < 4; i++)
        CHECK(proto_parse_error(bad[i], strlen(bad[i]), code, sizeof code, msg, sizeof msg) == PROTO_ERR_REPLY);
    /* a long message is cut to the buffer, not overflowed */
    const char *longmsg = "{\"error\":{\"code\":\"internal\",\"message\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}";
    char small[8];
    CHECK(proto_parse_error(longmsg, strlen(longmsg), code, sizeof code, small, sizeof small) == PROTO_OK);
    CHECK_EQ_INT(strlen(small), 7);
}

static void test_validators(void)
{
    CHECK(proto_uuid_ok(UUID));
    CHECK(!proto_uuid_ok("6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5"));
    CHECK(!proto_uuid_ok("6f1c2a4e+8d3b-4c5a-9e7f-0a1b2c3d4e5f"));
    CHECK(proto_key_ok(KEY));
    CHECK(!proto_key_ok("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"));
    CHECK(proto_receipt_ok("CZ202411220000017"));
    CHECK(!proto_receipt_ok("CZ1"));
    CHECK(!proto_receipt_ok("CZ20241122/000017"));
}

int main(void)
{
    RUN(test_classify);
    RUN(test_build_filing);
    RUN(test_build_register);
    RUN(test_parse_receipt);
    RUN(test_parse_registration);
    RUN(test_parse_status);
    RUN(test_parse_forms_and_agents);
    RUN(test_parse_error);
    RUN(test_attachments);
    RUN(test_validators);
    return check_summary();
}
