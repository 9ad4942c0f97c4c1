/* test_agent_store.c — the proxy agents' part of the store on real SQLite
 * files: the cache replaced from a platform-style reply whose PIN parameters
 * were made by libsodium's crypto_pwhash (as the platform does) and then
 * verified by auth_pin_verify; every kind of malformed reply refused with the
 * cache untouched; look-up by agent number; lockout state surviving a reopen;
 * the agent on receipts and an agent's list of filings at every stage. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agentdata.h"
#include "auth/auth.h"
#include "check.h"
#include "core/utf8.h"
#include "fixtures.h"
#include "store/store.h"

static int64_t now_ms = 1795311000000LL;
static int64_t clock_fn(void *ud)
{
    (void)ud;
    return now_ms;
}

static store *open_fresh(const char *name, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "%s", fx_fresh_db(name));
    store *st = NULL;
    if (store_open(path, &st) != STORE_OK)
        return NULL;
    store_set_clock(st, clock_fn, NULL);
    return st;
}

static void test_reply_replaces_cache(void)
{
    char path[1024], err[256];
    store *st = open_fresh("reply", path, sizeof path);
    REQUIRE(st != NULL);
    CHECK(store_schema_version(st) >= 3); /* the agents tables came with version 3 */
    char *body = agentdata_reply(AGENTDATA_DEFAULT);
    REQUIRE(body != NULL);
    size_t n = 0;
    CHECK_EQ_INT(store_agents_replace_reply(st, body, strlen(body), &n, err, sizeof err), STORE_OK);
    CHECK_EQ_STR(err, "");
    CHECK_EQ_INT(n, 3);
    int all = -1, active = -1;
    CHECK_EQ_INT(store_agent_count(st, &all, &active), STORE_OK);
    CHECK_EQ_INT(all, 3);
    CHECK_EQ_INT(active, 2);
    store_agent a;
    CHECK_EQ_INT(store_agent_find(st, "A0012", &a), STORE_OK);
    CHECK_EQ_STR(a.name, "李桂兰");
    CHECK_EQ_INT(a.active, 1);
    CHECK_EQ_INT(a.updated_ms, AGENTDATA_UPDATED_MS);
    /* the platform's parameters became a string libsodium verifies */
    CHECK(strncmp(a.pin_hash, "$argon2id$v=19$m=8192,t=2,p=1$", 30) == 0);
    CHECK_EQ_INT(auth_pin_verify(a.pin_hash, AGENTDATA_PIN_A0012), AUTH_OK);
    CHECK_EQ_INT(auth_pin_verify(a.pin_hash, "111112"), AUTH_ERR_WRONG);
    CHECK_EQ_INT(store_agent_find(st, "A0031", &a), STORE_OK);
    CHECK_EQ_INT(a.active, 0);
    CHECK_EQ_INT(auth_pin_verify(a.pin_hash, AGENTDATA_PIN_A0031), AUTH_OK);
    /* a later reply drops agents it no longer lists */
    free(body);
    body = agentdata_reply(AGENTDATA_ONLY_FIRST);
    CHECK_EQ_INT(store_agents_replace_reply(st, body, strlen(body), &n, err, sizeof err), STORE_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(store_agent_find(st, "A0027", &a), STORE_ERR_NOTFOUND);
    CHECK_EQ_INT(store_agent_find(st, "A0012", &a), STORE_OK);
    free(body);
    /* an empty list is a valid reply: no agents at this station */
    const char *none = "{\"agents\": [], \"updated_at_ms\": 1795311000000}";
    CHECK_EQ_INT(store_agents_replace_reply(st, none, strlen(none), &n, err, sizeof err), STORE_OK);
    CHECK_EQ_INT(store_agent_count(st, &all, &active), STORE_OK);
    CHECK_EQ_INT(all, 0);
    /* each replacement is audited, with counts only */
    store_audit_row *rows = NULL;
    size_t nr = 0;
    REQUIRE(store_audit_list(st, 0, 10, &rows, &nr) == STORE_OK);
    int seen = 0;
    for (size_t i = 0; i < nr; i++)
        if (!strcmp(rows[i].action, "agents.replace")) {
            seen++;
            CHECK(rows[i].detail && !strstr(rows[i].detail, "李"));
        }
    CHECK_EQ_INT(seen, 3);
    store_audit_list_free(rows, nr);
    store_close(st);
}

/* A well-formed agent object with one member replaced by `member`. */
static const char *GOOD_PIN = "{\"alg\":\"argon2id\",\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\","
                              "\"opslimit\":2,\"memlimit\":8388608,"
                              "\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}";

static void test_malformed_replies(void)
{
    char path[1024], err[256];
    store *st = open_fresh("malformed", path, sizeof path);
    REQUIRE(st != NULL);
    char *body = agentdata_reply(AGENTDATA_DEFAULT);
    REQUIRE(store_agents_replace_reply(st, body, strlen(body), NULL, err, sizeof err) == STORE_OK);
    free(body);
    char agent_ok[512];
    snprintf(agent_ok, sizeof agent_ok, "{\"id\":\"B7\",\"name\":\"王五\",\"active\":true,\"pin\":%s}",
             GOOD_PIN);
    static const struct {
        const char *agent; /* NULL: use `whole` as the whole reply */
        const char *whole;
        const char *want;  /* a piece of the error message */
    } BAD[] = {
        {NULL, "", "not JSON"},
        {NULL, "{\"agents\": [", "not JSON"},
        {NULL, "<html>502 Bad Gateway</html>", "not JSON"},
        {NULL, "[]", "not a JSON object"},
        {NULL, "{\"updated_at_ms\": 1}", "no \"agents\" array"},
        {NULL, "{\"agents\": {}, \"updated_at_ms\": 1}", "no \"agents\" array"},
        {NULL, "{\"agents\": []}", "updated_at_ms"},
        {NULL, "{\"agents\": [], \"updated_at_ms\": -5}", "updated_at_ms"},
        {NULL, "{\"agents\": [], \"updated_at_ms\": \"1\"}", "updated_at_ms"},
        {"42", NULL, "agents[1] is not an object"},
        {"{\"name\":\"王五\",\"active\":true,\"pin\":%s}", NULL, "agents[1].id"},
        {"{\"id\":\"B 7\",\"name\":\"王五\",\"active\":true,\"pin\":%s}", NULL, "agents[1].id"},
        {"{\"id\":\"B7'; DROP TABLE agents;--\",\"name\":\"王五\",\"active\":true,\"pin\":%s}", NULL,
         "agents[1].id"},
        {"{\"id\":\"B12345678901234567890123456789012\",\"name\":\"王五\",\"active\":true,\"pin\":%s}",
         NULL, "agents[1].id"},
        {"{\"id\":\"B7\",\"name\":\"\",\"active\":true,\"pin\":%s}", NULL, "agents[1].name"},
        {"{\"id\":\"B7\",\"name\":\"\\u0001\",\"active\":true,\"pin\":%s}", NULL, "agents[1].name"},
        {"{\"id\":\"B7\",\"name\":\"王五\",\"active\":1,\"pin\":%s}", NULL, "agents[1].active"},
        {"{\"id\":\"B7\",\"name\":\"王五\",\"active\":true}", NULL, "agents[1].pin"},
        {"{\"id\":\"B7\",\"name\":\"王五\",\"active\":true,\"pin\":\"$argon2id$\"}", NULL,
         "agents[1].pin"},
        {"{\"id\":\"B7\",\"name\":\"王五\",\"active\":false,\"pin\":%s}", NULL, "repeats"},
    };
    static const struct {
        const char *pin, *want;
    } BADPIN[] = {
        {"{\"alg\":\"bcrypt\",\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\",\"opslimit\":2,"
         "\"memlimit\":8388608,\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "alg"},
        {"{\"alg\":\"argon2id\",\"salt\":\"AAECAwQFBgcICQoLDA0O\",\"opslimit\":2,"
         "\"memlimit\":8388608,\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "salt"},
        {"{\"alg\":\"argon2id\",\"salt\":\"not base64!!\",\"opslimit\":2,"
         "\"memlimit\":8388608,\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "salt"},
        {"{\"alg\":\"argon2id\",\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\",\"opslimit\":2,"
         "\"memlimit\":8388608,\"hash\":\"AAECAwQ=\"}",
         "hash"},
        {"{\"alg\":\"argon2id\",\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\",\"opslimit\":0,"
         "\"memlimit\":8388608,\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "opslimit"},
        {"{\"alg\":\"argon2id\",\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\",\"opslimit\":2.5,"
         "\"memlimit\":8388608,\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "opslimit"},
        {"{\"alg\":\"argon2id\",\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\",\"opslimit\":2,"
         "\"memlimit\":8388609,\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "memlimit"},
        {"{\"alg\":\"argon2id\",\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\",\"opslimit\":2,"
         "\"memlimit\":68719476736,\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "memlimit"},
        {"{\"alg\":\"argon2id\",\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\",\"opslimit\":2,"
         "\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "memlimit"},
        {"{\"alg\":\"argon2id\",\"salt\":16,\"opslimit\":2,"
         "\"memlimit\":8388608,\"hash\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
         "salt"},
    };
    size_t nb = sizeof BAD / sizeof BAD[0], np = sizeof BADPIN / sizeof BADPIN[0];
    for (size_t i = 0; i < nb + np; i++) {
        char agent[1024], whole[2048];
        const char *want;
        if (i < nb && !BAD[i].agent) {
            snprintf(whole, sizeof whole, "%s", BAD[i].whole);
            want = BAD[i].want;
        } else {
            if (i < nb)
                snprintf(agent, sizeof agent, BAD[i].agent, GOOD_PIN);
            else
                snprintf(agent, sizeof agent,
                         "{\"id\":\"B7\",\"name\":\"王五\",\"active\":true,\"pin\":%s}",
                         BADPIN[i - nb].pin);
            want = i < nb ? BAD[i].want : BADPIN[i - nb].want;
            snprintf(whole, sizeof whole, "{\"agents\":[%s,%s],\"updated_at_ms\":1}", agent_ok,
                     agent);
        }
        err[0] = '\0';
        size_t n = 99;
        int rc = store_agents_replace_reply(st, whole, strlen(whole), &n, err, sizeof err);
        if (rc != STORE_ERR_INVALID || !strstr(err, want)) {
            printf("  case %zu: rc %d, err '%s', wanted '%s'\n", i, rc, err, want);
            CHECK(0);
        }
        CHECK_EQ_INT(n, 0);
        /* the cache is as it was: three agents, the new one not added */
        int all = 0;
        store_agent a;
        CHECK_EQ_INT(store_agent_count(st, &all, NULL), STORE_OK);
        CHECK_EQ_INT(all, 3);
        CHECK_EQ_INT(store_agent_find(st, "B7", &a), STORE_ERR_NOTFOUND);
        CHECK_EQ_INT(store_agent_find(st, "A0012", &a), STORE_OK);
    }
    /* the length is honoured: a valid reply cut short is refused */
    body = agentdata_reply(AGENTDATA_ONLY_FIRST);
    CHECK_EQ_INT(store_agents_replace_reply(st, body, strlen(body) - 2, NULL, err, sizeof err),
                 STORE_ERR_INVALID);
    free(body);
    /* the direct API refuses bad items too */
    store_agent bad = {.id = "C1", .name = "赵六", .pin_hash = "plain-123456", .active = 1};
    CHECK_EQ_INT(store_agents_replace(st, &bad, 1, 1), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_agents_replace_reply(NULL, "{}", 2, NULL, err, sizeof err), STORE_ERR_INVALID);
    store_close(st);
}

static void test_find_by_number(void)
{
    char path[1024];
    store *st = open_fresh("find", path, sizeof path);
    REQUIRE(st != NULL);
    char hash[AUTH_HASH_MAX];
    REQUIRE(auth_pin_hash("139246", hash) == AUTH_OK);
    store_agent items[4] = {
        {.id = "A0012", .name = "李桂兰", .active = 1},
        {.id = "A0031", .name = "张建国", .active = 1},
        {.id = "B0031", .name = "刘芳", .active = 1},
        {.id = "77", .name = "陈明", .active = 1},
    };
    for (int i = 0; i < 4; i++)
        snprintf(items[i].pin_hash, sizeof items[i].pin_hash, "%s", hash);
    REQUIRE(store_agents_replace(st, items, 4, 5) == STORE_OK);
    store_agent a;
    CHECK_EQ_INT(store_agent_find(st, "A0012", &a), STORE_OK);
    CHECK_EQ_STR(a.id, "A0012");
    CHECK_EQ_INT(store_agent_find(st, "0012", &a), STORE_OK); /* typed on the digit pad */
    CHECK_EQ_STR(a.id, "A0012");
    CHECK_EQ_INT(store_agent_find(st, "12", &a), STORE_ERR_NOTFOUND); /* digits must match in full */
    CHECK_EQ_INT(store_agent_find(st, "0031", &a), STORE_ERR_CONFLICT); /* A0031 or B0031 */
    char ids[2][STORE_AGENT_ID_MAX + 1];
    int nid = -1;
    CHECK_EQ_INT(store_agent_ids_for(st, "0031", ids, 2, &nid), STORE_OK); /* to choose from */
    CHECK_EQ_INT(nid, 2);
    CHECK_EQ_STR(ids[0], "A0031");
    CHECK_EQ_STR(ids[1], "B0031");
    CHECK_EQ_INT(store_agent_ids_for(st, "0031", ids, 1, &nid), STORE_OK); /* more than room */
    CHECK_EQ_INT(nid, 2);
    CHECK_EQ_INT(store_agent_ids_for(st, "0012", NULL, 0, &nid), STORE_OK);
    CHECK_EQ_INT(nid, 1);
    CHECK_EQ_INT(store_agent_ids_for(st, "A0031", ids, 2, &nid), STORE_OK); /* not digits */
    CHECK_EQ_INT(nid, 0);
    CHECK_EQ_INT(store_agent_ids_for(st, "0031' OR '1'='1", ids, 2, &nid), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_agent_ids_for(st, "0031", ids, -1, &nid), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_agent_ids_for(NULL, "0031", ids, 2, &nid), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_agent_find(st, "77", &a), STORE_OK);
    CHECK_EQ_STR(a.name, "陈明");
    CHECK_EQ_INT(store_agent_find(st, "", &a), STORE_ERR_INVALID);
    CHECK_EQ_INT(store_agent_find(st, "A0012' OR '1'='1", &a), STORE_ERR_INVALID);
    /* a repeated id in the direct API is refused */
    items[1] = items[0];
    CHECK_EQ_INT(store_agents_replace(st, items, 2, 6), STORE_ERR_INVALID);
    store_close(st);
}

static void test_lock_survives_reopen(void)
{
    char path[1024];
    store *st = open_fresh("lock", path, sizeof path);
    REQUIRE(st != NULL);
    auth_lock l;
    CHECK_EQ_INT(store_agent_lock_get(st, "A0012", &l), STORE_OK);
    CHECK_EQ_INT(l.failures, 0);
    CHECK_EQ_INT(l.locked_until, 0);
    l.failures = 4;
    l.locked_until = 1795311060;
    CHECK_EQ_INT(store_agent_lock_set(st, "A0012", &l), STORE_OK);
    /* replacing the cache does not reset it */
    char *body = agentdata_reply(AGENTDATA_DEFAULT);
    char err[128];
    CHECK_EQ_INT(store_agents_replace_reply(st, body, strlen(body), NULL, err, sizeof err), STORE_OK);
    free(body);
    store_close(st);
    st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK); /* a reboot */
    memset(&l, 0, sizeof l);
    CHECK_EQ_INT(store_agent_lock_get(st, "A0012", &l), STORE_OK);
    CHECK_EQ_INT(l.failures, 4);
    CHECK_EQ_INT(l.locked_until, 1795311060);
    CHECK_EQ_INT(store_agent_lock_get(st, "A0027", &l), STORE_OK);
    CHECK_EQ_INT(l.failures, 0);
    auth_lock clear = {0, 0};
    CHECK_EQ_INT(store_agent_lock_set(st, "A0012", &clear), STORE_OK);
    CHECK_EQ_INT(store_agent_lock_get(st, "A0012", &l), STORE_OK);
    CHECK_EQ_INT(l.failures, 0);
    CHECK_EQ_INT(store_agent_lock_set(st, "bad id", &clear), STORE_ERR_INVALID);
    store_close(st);
}

static void test_agent_filings(void)
{
    char path[1024];
    store *st = open_fresh("filings", path, sizeof path);
    REQUIRE(st != NULL);
    REQUIRE(agentdata_filings(st, "A0012") == 0);
    store_agent_filing *f = NULL;
    size_t n = 0;
    REQUIRE(store_agent_filings(st, "A0012", 0, &f, &n) == STORE_OK);
    /* 2 drafts (newest first), 1 pending, 3 receipts (newest filed first) */
    CHECK_EQ_INT(n, 6);
    if (n == 6) {
        CHECK_EQ_INT(f[0].kind, STORE_AF_DRAFT);
        CHECK_EQ_STR(f[0].form_id, "dibao");
        CHECK_EQ_INT(f[0].page, 2);
        CHECK_EQ_INT(f[1].kind, STORE_AF_DRAFT);
        CHECK_EQ_STR(f[1].form_id, "pension_enrol");
        CHECK(f[0].time_ms > f[1].time_ms);
        CHECK_EQ_INT(f[2].kind, STORE_AF_PENDING);
        CHECK_EQ_STR(f[2].item_title, "高龄津贴申请");
        CHECK_EQ_INT(f[2].attempts, 1);
        CHECK_EQ_INT(f[2].held, 0);
        CHECK_EQ_INT(f[3].kind, STORE_AF_RECEIPT);
        CHECK_EQ_STR(f[3].receipt_no, "CZ202611220003");
        CHECK_EQ_INT(f[3].status, STORE_STATUS_RETURNED);
        CHECK_EQ_INT(f[4].kind, STORE_AF_RECEIPT);
        CHECK_EQ_STR(f[4].receipt_no, "CZ202611220002");
        CHECK_EQ_INT(f[4].status, STORE_STATUS_ACCEPTED);
        CHECK_EQ_INT(f[5].status, STORE_STATUS_SUBMITTED);
        CHECK(f[3].filed_ms > f[4].filed_ms && f[4].filed_ms > f[5].filed_ms);
    }
    /* whose each is: the kept answers of a draft, a pending filing and a
     * receipt not yet final; none of another agent's (and no such call) */
    if (n == 6) {
        static const char *const WHO[6] = {NULL, "刘洋", "欧阳明月", "赵德明", "张三", "王秀英"};
        for (int i = 0; i < 6; i++) {
            char *ans = NULL;
            CHECK_EQ_INT(store_agent_filing_answers(st, "A0012", &f[i], &ans), STORE_OK);
            CHECK(ans != NULL && (WHO[i] ? strstr(ans, WHO[i]) != NULL
                                         : strstr(ans, "\"answers\":{}") != NULL));
            free(ans);
            ans = NULL;
            CHECK_EQ_INT(store_agent_filing_answers(st, "A0027", &f[i], &ans), STORE_ERR_NOTFOUND);
            CHECK(ans == NULL);
        }
        char *ans = NULL;
        CHECK_EQ_INT(store_agent_filing_answers(st, "bad id", &f[0], &ans), STORE_ERR_INVALID);
        store_agent_filing bad = f[0];
        snprintf(bad.uuid, sizeof bad.uuid, "not-a-uuid");
        CHECK_EQ_INT(store_agent_filing_answers(st, "A0012", &bad, &ans), STORE_ERR_INVALID);
        bad = f[0];
        bad.kind = (store_af_kind)7;
        CHECK_EQ_INT(store_agent_filing_answers(st, "A0012", &bad, &ans), STORE_ERR_INVALID);
        /* a receipt by its filing's uuid (a correction's receipt names it) */
        store_receipt rr;
        memset(&rr, 0, sizeof rr);
        REQUIRE(store_receipt_get_by_uuid(st, f[3].uuid, &rr) == STORE_OK);
        CHECK_EQ_STR(rr.receipt_no ? rr.receipt_no : "", "CZ202611220003");
        store_receipt_clear(&rr);
        CHECK_EQ_INT(store_receipt_get_by_uuid(st, f[0].uuid, &rr), STORE_ERR_NOTFOUND); /* a draft */
        CHECK_EQ_INT(store_receipt_get_by_uuid(st, "nope", &rr), STORE_ERR_INVALID);
        CHECK_EQ_INT(store_receipt_get_by_uuid(st, f[3].uuid, NULL), STORE_ERR_INVALID);
        /* a final status purges them: the row then names nobody */
        REQUIRE(store_receipt_set_status(st, "CZ202611220002", STORE_STATUS_DONE, 0, NULL) ==
                STORE_OK);
        CHECK_EQ_INT(store_agent_filing_answers(st, "A0012", &f[4], &ans), STORE_ERR_NOTFOUND);
        CHECK(ans == NULL);
    }
    /* held for a technician: the pending row says so (it will not go by itself) */
    {
        char held_uuid[37];
        snprintf(held_uuid, sizeof held_uuid, "%s", n == 6 ? f[2].uuid : "");
        free(f);
        int total = -1, nheld = -1;
        REQUIRE(store_outbox_counts(st, &total, &nheld) == STORE_OK);
        CHECK(total == 1 && nheld == 0);
        REQUIRE(store_filing_hold(st, held_uuid, "conflict: HTTP 409") == STORE_OK);
        REQUIRE(store_outbox_counts(st, &total, &nheld) == STORE_OK); /* not the cached answer */
        CHECK(total == 1 && nheld == 1);
        CHECK_EQ_INT(store_outbox_counts(NULL, &total, &nheld), STORE_ERR_INVALID);
        REQUIRE(store_agent_filings(st, "A0012", 0, &f, &n) == STORE_OK);
        CHECK(n == 6 && f[2].kind == STORE_AF_PENDING && f[2].held == 1);
        CHECK(n == 6 && f[0].held == 0 && f[3].held == 0);
    }
    free(f);
    /* another agent's and villagers' own filings are not listed */
    REQUIRE(store_agent_filings(st, "A0027", 0, &f, &n) == STORE_OK);
    CHECK_EQ_INT(n, 1);
    free(f);
    REQUIRE(store_agent_filings(st, "A0012", 4, &f, &n) == STORE_OK);
    CHECK_EQ_INT(n, 4);
    free(f);
    CHECK_EQ_INT(store_agent_filings(st, "", 0, &f, &n), STORE_ERR_INVALID);
    /* an item the county titled at length (a year in digits in it): the
     * list's title cut between characters */
    static const char *const title = "2026年度城乡居民最低生活保障与特困人员救助供养及临时救助和残疾人两项补贴"
                                     "一件事联办申请表";
    char idn[19];
    fx_id_number("360722", 1950, 77, idn);
    REQUIRE(store_draft_save(st, "7d1c2a4e-8b7d-4e21-9a3c-5d2e1f0b7c77", "dibao", 1, 3,
                             "{\"answers\":{}}", "A0099") == STORE_OK);
    REQUIRE(store_filing_confirm(st, "7d1c2a4e-8b7d-4e21-9a3c-5d2e1f0b7c77", title, "{\"payload\":{}}",
                                 idn) == STORE_OK);
    REQUIRE(store_agent_filings(st, "A0099", 0, &f, &n) == STORE_OK);
    CHECK_EQ_INT(n, 1);
    if (n == 1) {
        CHECK(utf8_valid(f[0].item_title));
        CHECK(strlen(f[0].item_title) > sizeof f[0].item_title - 4);
        CHECK(strncmp(f[0].item_title, title, strlen(f[0].item_title)) == 0);
    }
    free(f);
    store_close(st);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    RUN(test_reply_replaces_cache);
    RUN(test_malformed_replies);
    RUN(test_find_by_number);
    RUN(test_lock_survives_reopen);
    RUN(test_agent_filings);
    return check_summary();
}
