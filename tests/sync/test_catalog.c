/* test_catalog.c — the signed catalogue manifest (sync/catalog.h): a good
 * one reads whole (a published catalogue it describes is in use while its
 * files match, sync_cat_current); malformed replies and manifests, missing
 * or wrong signatures, bad file entries and a level of the form language
 * that is not a whole number 1..1000 are each refused with their own code. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fixtures.h"
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

/* Writes n bytes of c to dir/name; its sha256 (hex) into sha. */
static void put_file(const char *dir, const char *name, char c, size_t n, char sha[65])
{
    char path[600], *d = malloc(n);
    REQUIRE(d != NULL);
    memset(d, c, n);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    REQUIRE(fx_write(path, d, n) == 0);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)d, n);
    sodium_bin2hex(sha, 65, h, sizeof h);
    free(d);
}

/* The version the published catalogue under root says is in use (0 with
 * the code in *rc when refused). */
static int in_use(const char *root, int *rc)
{
    char dir[700], err[256] = "";
    int v = -1;
    *rc = sync_cat_current(root, pk, &v, dir, sizeof dir, NULL, err, sizeof err);
    if (*rc != SYNC_CAT_OK)
        printf("  not in use: %s\n", err);
    return v;
}

static void test_good(void)
{
    /* a good manifest parses */
    const char *man = "{\"version\":7,\"created_ms\":1700000000000,\"files\":["
                      "{\"name\":\"dibao.json\",\"size\":120,\"sha256\":\"" SHA "\"},"
                      "{\"name\":\"settings/county.json\",\"size\":9,\"sha256\":\"" SHA "\"}]}";
    char *r = reply_for(man, sk), err[256] = "";
    sync_cat_manifest *m = NULL;
    CHECK_EQ_INT(sync_cat_manifest_parse(r, strlen(r), pk, &m, err, sizeof err), SYNC_CAT_OK);
    REQUIRE(m != NULL);
    sync_cat_manifest_free(m);
    free(r);
    /* one that says the level of the form language it needs (whether this
     * kiosk reads it is the update's question, not the manifest's) */
    r = reply_for("{\"version\":8,\"needs\":5,\"files\":[{\"name\":\"dibao.json\",\"size\":120,"
                  "\"sha256\":\"" SHA "\"}]}", sk);
    CHECK_EQ_INT(sync_cat_manifest_parse(r, strlen(r), pk, &m, err, sizeof err), SYNC_CAT_OK);
    sync_cat_manifest_free(m);
    free(r);

    /* and what it says is what the kiosk goes by: a published version 7 of
     * these two files is in use while each file has its size and sha256 */
    const char *root = fx_fresh_dir("catalogue");
    REQUIRE(root != NULL);
    char dir[600], sub[700], sha1[65], sha2[65];
    snprintf(dir, sizeof dir, "%s/7", root);
    snprintf(sub, sizeof sub, "%s/settings", dir);
    REQUIRE(mkdir(dir, 0700) == 0 && mkdir(sub, 0700) == 0);
    put_file(dir, "dibao.json", 'a', 120, sha1);
    put_file(dir, "settings/county.json", 'b', 9, sha2);
    char text[1024];
    snprintf(text, sizeof text,
             "{\"version\":7,\"created_ms\":1700000000000,\"files\":["
             "{\"name\":\"dibao.json\",\"size\":120,\"sha256\":\"%s\"},"
             "{\"name\":\"settings/county.json\",\"size\":9,\"sha256\":\"%s\"}]}",
             sha1, sha2);
    unsigned char s[crypto_sign_BYTES];
    crypto_sign_detached(s, NULL, (const unsigned char *)text, strlen(text), sk);
    char sig[2 * crypto_sign_BYTES + 2], path[700];
    sodium_bin2hex(sig, sizeof sig, s, sizeof s);
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    REQUIRE(fx_write(path, text, strlen(text)) == 0);
    snprintf(path, sizeof path, "%s/MANIFEST.sig", dir);
    REQUIRE(fx_write(path, sig, strlen(sig)) == 0);
    snprintf(path, sizeof path, "%s/current", root);
    REQUIRE(fx_write(path, "7\n", 2) == 0);
    int rc;
    CHECK_EQ_INT(in_use(root, &rc), 7);
    /* the second file's size, then its bytes, no longer what it says */
    char sha[65];
    put_file(dir, "settings/county.json", 'b', 10, sha);
    CHECK_EQ_INT(in_use(root, &rc), 0);
    CHECK_EQ_INT(rc, SYNC_CAT_ERR_HASH);
    put_file(dir, "settings/county.json", 'c', 9, sha);
    CHECK_EQ_INT(in_use(root, &rc), 0);
    CHECK_EQ_INT(rc, SYNC_CAT_ERR_HASH);
    put_file(dir, "settings/county.json", 'b', 9, sha);
    CHECK_EQ_INT(in_use(root, &rc), 7);
    /* a version folder whose manifest says another version */
    snprintf(path, sizeof path, "%s/current", root);
    REQUIRE(fx_write(path, "8\n", 2) == 0);
    snprintf(sub, sizeof sub, "%s/8", root);
    REQUIRE(rename(dir, sub) == 0);
    CHECK_EQ_INT(in_use(root, &rc), 0);
    CHECK_EQ_INT(rc, SYNC_CAT_ERR_MALFORMED);
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
        /* the level of the form language it needs: a whole number 1..1000 */
        "{\"version\":3,\"needs\":0,\"files\":[{\"name\":\"a.json\",\"size\":1,\"sha256\":\"" SHA "\"}]}",
        "{\"version\":3,\"needs\":-2,\"files\":[{\"name\":\"a.json\",\"size\":1,\"sha256\":\"" SHA "\"}]}",
        "{\"version\":3,\"needs\":1.5,\"files\":[{\"name\":\"a.json\",\"size\":1,\"sha256\":\"" SHA "\"}]}",
        "{\"version\":3,\"needs\":\"2\",\"files\":[{\"name\":\"a.json\",\"size\":1,\"sha256\":\"" SHA "\"}]}",
        "{\"version\":3,\"needs\":1001,\"files\":[{\"name\":\"a.json\",\"size\":1,\"sha256\":\"" SHA "\"}]}",
        "{\"version\":3,\"needs\":null,\"files\":[{\"name\":\"a.json\",\"size\":1,\"sha256\":\"" SHA "\"}]}",
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
