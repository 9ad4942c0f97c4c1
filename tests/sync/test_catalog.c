/* test_catalog.c — the signed catalogue manifest (sync/catalog.h): a good
 * one reads whole; malformed replies and manifests, missing or wrong
 * signatures, and bad file entries are each refused with their own code. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sync/catalog.h"

static unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
static unsigned char other_pk[crypto_sign_PUBLICKEYBYTES], other_sk[crypto_sign_SECRETKEYBYTES];

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The reply for manifest text, signed with key (NULL: no signature field). */
static char *reply_for(const char *manifest, const unsigned char *key)
{
    size_t n = strlen(manifest);
    char *esc = malloc(2 * n + 1), *o = esc;
    for (const char *p = manifest; *p; p++) {
        if (*p == '"' || *p == '\\')
            *o++ = '\\';
        *o++ = *p;
    }
    *o = '\0';
    char sig[2 * crypto_sign_BYTES + 1] = "";
    if (key) {
        unsigned char s[crypto_sign_BYTES];
        crypto_sign_detached(s, NULL, (const unsigned char *)manifest, n, key);
        sodium_bin2hex(sig, sizeof sig, s, sizeof s);
    }
    char *r = malloc(strlen(esc) + 300);
    if (key)
        sprintf(r, "{\"manifest\":\"%s\",\"signature\":\"%s\"}", esc, sig);
    else
        sprintf(r, "{\"manifest\":\"%s\"}", esc);
    free(esc);
    return r;
}

static int parse(const char *reply, char *err, size_t n)
{
    sync_cat_manifest *m = NULL;
    int rc = sync_cat_manifest_parse(reply, strlen(reply), pk, &m, err, n);
    CHECK((rc == SYNC_CAT_OK) == (m != NULL));
    sync_cat_manifest_free(m);
    return rc;
}

/* A manifest of one file entry (the JSON of it) at version 3, signed. */
static int parse_entry(const char *entry)
{
    char man[1024], err[256];
    snprintf(man, sizeof man, "{\"version\":3,\"files\":[%s]}", entry);
    char *r = reply_for(man, sk);
    int rc = parse(r, err, sizeof err);
    if (rc == SYNC_CAT_OK)
        printf("  accepted: %s\n", entry);
    free(r);
    return rc;
}

static void test_good(void)
{
    const char *man = "{\"version\":7,\"created_ms\":1700000000000,\"files\":["
                      "{\"name\":\"dibao.json\",\"size\":120,\"sha256\":\"" SHA "\"},"
                      "{\"name\":\"settings/county.json\",\"size\":9,\"sha256\":\"" SHA "\"}]}";
    char *r = reply_for(man, sk), err[256] = "";
    sync_cat_manifest *m = NULL;
    CHECK_EQ_INT(sync_cat_manifest_parse(r, strlen(r), pk, &m, err, sizeof err), SYNC_CAT_OK);
    REQUIRE(m != NULL);
    CHECK_EQ_INT(sync_cat_manifest_version(m), 7);
    CHECK_EQ_INT((int)sync_cat_manifest_count(m), 2);
    int64_t size = 0;
    const char *sha = NULL;
    CHECK_EQ_STR(sync_cat_manifest_file(m, 1, &size, &sha), "settings/county.json");
    CHECK_EQ_INT((int)size, 9);
    CHECK_EQ_STR(sha, SHA);
    CHECK(sync_cat_manifest_file(m, 2, NULL, NULL) == NULL);
    sync_cat_manifest_free(m);
    free(r);
}

static void test_signatures(void)
{
    const char *man = "{\"version\":2,\"files\":[{\"name\":\"a.json\",\"size\":1,\"sha256\":\"" SHA "\"}]}";
    char err[256];
    char *r = reply_for(man, NULL); /* unsigned */
    CHECK_EQ_INT(parse(r, err, sizeof err), SYNC_CAT_ERR_SIGNATURE);
    free(r);
    r = reply_for(man, other_sk); /* another key's */
    CHECK_EQ_INT(parse(r, err, sizeof err), SYNC_CAT_ERR_SIGNATURE);
    free(r);
    /* signed, then one byte of the manifest changed (version 2 -> 9) */
    r = reply_for(man, sk);
    char *v = strstr(r, "\\\"version\\\":2");
    REQUIRE(v != NULL);
    v[strlen("\\\"version\\\":")] = '9';
    CHECK_EQ_INT(parse(r, err, sizeof err), SYNC_CAT_ERR_SIGNATURE);
    free(r);
    /* a signature that is not 128 hex characters */
    CHECK_EQ_INT(parse("{\"manifest\":\"{}\",\"signature\":\"abcd\"}", err, sizeof err),
                 SYNC_CAT_ERR_SIGNATURE);
    CHECK_EQ_INT(parse("{\"manifest\":\"{}\",\"signature\":7}", err, sizeof err),
                 SYNC_CAT_ERR_SIGNATURE);
}

static void test_malformed_reply(void)
{
    char err[256];
    static const char *bad[] = {
        "",                                  /* empty */
        "<html>proxy error</html>",          /* not JSON */
        "[1,2]",                             /* not an object */
        "{\"signature\":\"00\"}",            /* no manifest */
        "{\"manifest\":{\"version\":1}}",    /* manifest not a string */
        "{\"manifest\":\"\"}",               /* empty manifest */
        "{\"manifest\":\"{\\\"version\\\":1", /* truncated */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = parse(bad[i], err, sizeof err);
        if (rc != SYNC_CAT_ERR_MALFORMED)
            printf("  reply %zu: %d (%s)\n", i, rc, err);
        CHECK_EQ_INT(rc, SYNC_CAT_ERR_MALFORMED);
    }
    /* signed correctly, but not a manifest */
    static const char *man[] = {
        "not json",
        "[]",
        "{\"files\":[]}",                                      /* no version */
        "{\"version\":0,\"files\":[]}",                        /* version 0 */
        "{\"version\":-3,\"files\":[]}",
        "{\"version\":2.5,\"files\":[]}",
        "{\"version\":\"4\",\"files\":[]}",
        "{\"version\":3000000000,\"files\":[]}",
        "{\"version\":3}",                                     /* no files */
        "{\"version\":3,\"files\":[]}",                        /* no file */
        "{\"version\":3,\"files\":\"dibao.json\"}",
        "{\"version\":3,\"files\":[\"dibao.json\"]}",
    };
    for (size_t i = 0; i < sizeof man / sizeof man[0]; i++) {
        char *r = reply_for(man[i], sk);
        int rc = parse(r, err, sizeof err);
        if (rc != SYNC_CAT_ERR_MALFORMED)
            printf("  manifest %zu: %d (%s)\n", i, rc, err);
        CHECK_EQ_INT(rc, SYNC_CAT_ERR_MALFORMED);
        free(r);
    }
    /* too many files */
    size_t cap = 200 * (SYNC_CAT_MAX_FILES + 2);
    char *big = malloc(cap);
    size_t o = (size_t)snprintf(big, cap, "{\"version\":3,\"files\":[");
    for (int i = 0; i <= SYNC_CAT_MAX_FILES; i++)
        o += (size_t)snprintf(big + o, cap - o, "%s{\"name\":\"f%d.json\",\"size\":1,\"sha256\":\"" SHA "\"}",
                              i ? "," : "", i);
    snprintf(big + o, cap - o, "]}");
    char *r = reply_for(big, sk);
    CHECK_EQ_INT(parse(r, err, sizeof err), SYNC_CAT_ERR_MALFORMED);
    free(r);
    free(big);
}

static void test_bad_entries(void)
{
    static const char *bad[] = {
        "{\"size\":1,\"sha256\":\"" SHA "\"}",                                  /* no name */
        "{\"name\":\"../x.json\",\"size\":1,\"sha256\":\"" SHA "\"}",          /* climbs out */
        "{\"name\":\"settings/../../x.json\",\"size\":1,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"/etc/x.json\",\"size\":1,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"a/b.json\",\"size\":1,\"sha256\":\"" SHA "\"}",           /* not settings/ */
        "{\"name\":\"settings/a/b.json\",\"size\":1,\"sha256\":\"" SHA "\"}",
        "{\"name\":\".hidden.json\",\"size\":1,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"dibao.txt\",\"size\":1,\"sha256\":\"" SHA "\"}",          /* not .json */
        "{\"name\":\".json\",\"size\":1,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"Dibao.json\",\"size\":1,\"sha256\":\"" SHA "\"}",         /* upper case */
        "{\"name\":\"MANIFEST\",\"size\":1,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"a b.json\",\"size\":1,\"sha256\":\"" SHA "\"}",
        "{\"name\":7,\"size\":1,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"a.json\",\"sha256\":\"" SHA "\"}",                        /* no size */
        "{\"name\":\"a.json\",\"size\":0,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"a.json\",\"size\":-1,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"a.json\",\"size\":1.5,\"sha256\":\"" SHA "\"}",
        "{\"name\":\"a.json\",\"size\":1048577,\"sha256\":\"" SHA "\"}",       /* over 1 MiB */
        "{\"name\":\"a.json\",\"size\":\"1\",\"sha256\":\"" SHA "\"}",
        "{\"name\":\"a.json\",\"size\":1}",                                    /* no sha256 */
        "{\"name\":\"a.json\",\"size\":1,\"sha256\":\"0123\"}",
        "{\"name\":\"a.json\",\"size\":1,\"sha256\":\"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef\"}",
        "{\"name\":\"a.json\",\"size\":1,\"sha256\":\"g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}",
        /* listed twice */
        "{\"name\":\"a.json\",\"size\":1,\"sha256\":\"" SHA "\"},{\"name\":\"a.json\",\"size\":2,\"sha256\":\"" SHA "\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = parse_entry(bad[i]);
        if (rc != SYNC_CAT_ERR_MALFORMED)
            printf("  entry %zu: %d\n", i, rc);
        CHECK_EQ_INT(rc, SYNC_CAT_ERR_MALFORMED);
    }
    CHECK_EQ_INT(parse_entry("{\"name\":\"a-b_c.2.json\",\"size\":1048576,\"sha256\":\"" SHA "\"}"),
                 SYNC_CAT_OK);
}

static void test_key(void)
{
    unsigned char k[SYNC_CAT_PK_LEN];
    char hex[2 * SYNC_CAT_PK_LEN + 1];
    sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
    CHECK_EQ_INT(sync_cat_key_parse(hex, k), 0);
    CHECK(memcmp(k, pk, sizeof k) == 0);
    CHECK_EQ_INT(sync_cat_key_parse("", k), -1);
    CHECK_EQ_INT(sync_cat_key_parse(NULL, k), -1);
    hex[5] = 'z';
    CHECK_EQ_INT(sync_cat_key_parse(hex, k), -1);
    hex[63] = '\0';
    CHECK_EQ_INT(sync_cat_key_parse(hex, k), -1);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    crypto_sign_keypair(pk, sk);
    crypto_sign_keypair(other_pk, other_sk);
    RUN(test_good);
    RUN(test_signatures);
    RUN(test_malformed_reply);
    RUN(test_bad_entries);
    RUN(test_key);
    return check_summary();
}
