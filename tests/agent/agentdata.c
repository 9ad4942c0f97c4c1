/* agentdata.c — see agentdata.h. */
#include "agentdata.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

#define OPS 2
#define MEM (8u * 1024 * 1024)

/* One agent object as the platform writes it. */
static int agent_json(char *out, size_t cap, const char *id, const char *name, int active,
                      const char *pin, unsigned char salt_byte)
{
    unsigned char salt[crypto_pwhash_SALTBYTES], hash[32];
    memset(salt, salt_byte, sizeof salt);
    salt[0] = (unsigned char)(salt_byte + 1);
    if (crypto_pwhash(hash, sizeof hash, pin, strlen(pin), salt, OPS, MEM,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return -1;
    char s64[64], h64[64];
    sodium_bin2base64(s64, sizeof s64, salt, sizeof salt, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(h64, sizeof h64, hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
    int n = snprintf(out, cap,
                     "{\"id\": \"%s\", \"name\": \"%s\", \"active\": %s,\n"
                     "  \"pin\": {\"alg\": \"argon2id\", \"salt\": \"%s\", \"opslimit\": %d,"
                     " \"memlimit\": %u, \"hash\": \"%s\"}}",
                     id, name, active ? "true" : "false", s64, OPS, MEM, h64);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

char *agentdata_reply(int which)
{
    if (sodium_init() < 0)
        return NULL;
    char a[4][512];
    if (agent_json(a[0], sizeof a[0], "A0012", "李桂兰", 1, AGENTDATA_PIN_A0012, 7) ||
        agent_json(a[1], sizeof a[1], "A0027", "王秀英", 1, AGENTDATA_PIN_A0027, 9) ||
        agent_json(a[2], sizeof a[2], "A0031", "张建国", 0, AGENTDATA_PIN_A0031, 11) ||
        (which == AGENTDATA_TWINS &&
         agent_json(a[3], sizeof a[3], "B0012", "赵文", 1, AGENTDATA_PIN_B0012, 13)))
        return NULL;
    size_t cap = 4096;
    char *body = malloc(cap);
    if (!body)
        return NULL;
    if (which == AGENTDATA_TWINS)
        snprintf(body, cap, "{\"agents\": [%s,\n %s,\n %s,\n %s],\n \"updated_at_ms\": %lld}",
                 a[0], a[1], a[2], a[3], (long long)AGENTDATA_UPDATED_MS);
    else if (which == AGENTDATA_ONLY_FIRST)
        snprintf(body, cap, "{\"agents\": [%s], \"updated_at_ms\": %lld}", a[0],
                 (long long)AGENTDATA_UPDATED_MS + 1);
    else
        snprintf(body, cap, "{\"agents\": [%s,\n %s,\n %s],\n \"updated_at_ms\": %lld}", a[0],
                 a[1], a[2], (long long)AGENTDATA_UPDATED_MS);
    return body;
}

static int64_t data_now = 1795300000000LL;
static int64_t data_clock(void *ud)
{
    (void)ud;
    return data_now;
}

static void step(void) { data_now += 60000; }

static void uuid_of(unsigned n, char out[37])
{
    snprintf(out, 37, "00000000-0000-4000-8000-%012u", n);
}

/* A draft confirmed into the outbox; with a receipt number, acknowledged too. */
/* An autosave blob of form naming the applicant who (the field the ID card's
 * name fills: head_name on 医保, name elsewhere). */
static const char *blob_of(const char *form, const char *who)
{
    static char b[256];
    snprintf(b, sizeof b, "{\"form\":\"%s\",\"answers\":{\"%s\":\"%s\"}}", form,
             strcmp(form, "medical_enrol") ? "name" : "head_name", who);
    return b;
}

static int file_one(store *st, unsigned n, const char *form, const char *title, const char *agent,
                    const char *receipt_no, store_status status, const char *who)
{
    char u[37], idn[19];
    uuid_of(n, u);
    fx_id_number("360722", 1930, n, idn);
    step();
    if (store_draft_save(st, u, form, 1, 3, blob_of(form, who), agent) != STORE_OK)
        return -1;
    step();
    if (store_filing_confirm(st, u, title, "{\"payload\":{}}", idn) != STORE_OK)
        return -1;
    if (!receipt_no)
        return 0;
    step();
    return store_filing_ack(st, u, receipt_no, status, data_now) == STORE_OK ? 0 : -1;
}

int agentdata_filings(store *st, const char *agent)
{
    store_set_clock(st, data_clock, NULL);
    char u[37];
    int rc = 0;
    rc |= file_one(st, 1, "pension_enrol", "城乡居民基本养老保险参保登记", agent, "CZ202611220001",
                   STORE_STATUS_SUBMITTED, "王秀英");
    rc |= file_one(st, 2, "medical_enrol", "城乡居民基本医疗保险参保登记及缴费", agent,
                   "CZ202611220002", STORE_STATUS_ACCEPTED, "张三");
    rc |= file_one(st, 3, "disability_subsidy", "残疾人两项补贴", agent,
                   "CZ202611220003", STORE_STATUS_SUBMITTED, "赵德明");
    step();
    rc |= store_receipt_set_status(st, "CZ202611220003", STORE_STATUS_RETURNED, data_now, NULL);
    rc |= file_one(st, 4, "pension_enrol", "城乡居民基本养老保险参保登记", NULL, "CZ202611220004",
                   STORE_STATUS_DONE, "孙丽");
    rc |= file_one(st, 5, "elderly_allowance", "高龄津贴申请", agent, NULL, 0, "欧阳明月");
    uuid_of(5, u);
    step();
    rc |= store_filing_fail(st, u, "network down", data_now + 60000);
    step();
    uuid_of(6, u);
    rc |= store_draft_save(st, u, "pension_enrol", 1, 1, blob_of("pension_enrol", "刘洋"), agent);
    step();
    uuid_of(7, u);
    rc |= store_draft_save(st, u, "dibao", 1, 2, "{\"form\":\"dibao\",\"answers\":{}}", agent);
    step();
    uuid_of(8, u);
    rc |= store_draft_save(st, u, "dibao", 1, 0, "{\"answers\":{}}", "A0027");
    step();
    uuid_of(9, u);
    rc |= store_draft_save(st, u, "dibao", 1, 0, "{\"answers\":{}}", NULL);
    return rc ? -1 : 0;
}
