/* test_bundle.c — the sneakernet bundle on real store files and real
 * libsodium: keys, export → import round trip, filings stay pending, the
 * audit row, and refusal of tampered, truncated, wrongly signed, wrongly
 * addressed and malformed bundles with the right error. */
#include <dirent.h>
#include <sodium.h>
#include <sys/stat.h>

#include "bundle/bundle.h"
#include "fixture.h"

static const char *DEV = "6f1c2a3b-0d4e-4f50-8a61-7b8c9d0e1f21";

typedef struct {
    const char *device_id;
    uint8_t pk[BUNDLE_PK_LEN];
} trust_one;

static int trust(void *ud, const char *device_id, uint8_t pk[BUNDLE_PK_LEN])
{
    trust_one *t = ud;
    if (strcmp(device_id, t->device_id) != 0)
        return -1;
    memcpy(pk, t->pk, BUNDLE_PK_LEN);
    return 0;
}

static bundle_sign_key devkey;
static bundle_box_key county;
static trust_one registered;

static void setup_keys(void)
{
    char err[256];
    const char *dir = check_tmpdir("keys");
    char path[1024];
    snprintf(path, sizeof path, "%s/bundle-sign.key", dir);
    unlink(path);
    REQUIRE(bundle_device_key(dir, &devkey, err, sizeof err) == BUNDLE_OK);
    REQUIRE(bundle_county_keygen(&county) == BUNDLE_OK);
    registered.device_id = DEV;
    memcpy(registered.pk, devkey.pk, BUNDLE_PK_LEN);
}

static void test_keys(void)
{
    char err[256], path[1024], pub[1024];
    const char *dir = check_tmpdir("keys2");
    snprintf(path, sizeof path, "%s/bundle-sign.key", dir);
    snprintf(pub, sizeof pub, "%s/bundle-sign.pub", dir);
    unlink(path);
    bundle_sign_key a, b;
    CHECK_EQ_INT(bundle_device_key(dir, &a, err, sizeof err), BUNDLE_OK);
    struct stat sb;
    REQUIRE(stat(path, &sb) == 0);
    CHECK_EQ_INT(sb.st_mode & 0777, 0600);
    /* second use loads the same key; the .pub file holds its public half */
    CHECK_EQ_INT(bundle_device_key(dir, &b, err, sizeof err), BUNDLE_OK);
    CHECK(memcmp(a.pk, b.pk, sizeof a.pk) == 0 && memcmp(a.sk, b.sk, sizeof a.sk) == 0);
    uint8_t p[BUNDLE_PK_LEN];
    CHECK_EQ_INT(bundle_key_read_hex(pub, p, sizeof p, err, sizeof err), BUNDLE_OK);
    CHECK(memcmp(p, a.pk, sizeof p) == 0);
    /* a key readable by others is refused */
    chmod(path, 0644);
    CHECK_EQ_INT(bundle_device_key(dir, &b, err, sizeof err), BUNDLE_ERR_KEY);
    CHECK(strstr(err, "0600") != NULL);
    chmod(path, 0600);
    /* malformed key files */
    const char *bad[] = {"", "zz", "00", "0123456789abcdef\n",
                         "0000000000000000000000000000000000000000000000000000000000000000"
                         "0000000000000000000000000000000000000000000000000000000000000000 x\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK_EQ_INT(fx_write(path, (const uint8_t *)bad[i], strlen(bad[i])), 0);
        chmod(path, 0600);
        CHECK_EQ_INT(bundle_device_key(dir, &b, err, sizeof err), BUNDLE_ERR_KEY);
    }
    /* a secret whose public half does not match its seed */
    uint8_t sk[64];
    memcpy(sk, a.sk, 64);
    sk[40] ^= 1;
    CHECK_EQ_INT(bundle_key_write_hex(path, sk, 64, 1, err, sizeof err), BUNDLE_OK);
    CHECK_EQ_INT(bundle_device_key(dir, &b, err, sizeof err), BUNDLE_ERR_KEY);
    /* hex */
    uint8_t k[2];
    CHECK_EQ_INT(bundle_hex_decode(" 0aFf\n", k, 2), 0);
    CHECK(k[0] == 0x0a && k[1] == 0xff);
    CHECK_EQ_INT(bundle_hex_decode("0aF", k, 2), -1);
    CHECK_EQ_INT(bundle_hex_decode("0aFf00", k, 2), -1);
    CHECK_EQ_INT(bundle_hex_decode("0g00", k, 2), -1);
    bundle_key_wipe(&a, sizeof a);
    bundle_key_wipe(&b, sizeof b);
}

static bundle_export_opts opts(const char *dir)
{
    bundle_export_opts o = {dir, DEV, county.pk, &devkey, "tech", 1795311000000LL, NULL, NULL};
    return o;
}

/* Exports n fresh filings; returns the store (caller closes). */
/* Removes the bundles an earlier run left in dir: the clock is fixed, so
 * their names come again, and a folder full of them takes the last serial
 * (…-99) for every export. */
static void clear_bundles(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    char p[1400];
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l > 4 && !strcmp(de->d_name + l - 4, ".czb")) {
            snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
            unlink(p);
        }
    }
    closedir(d);
}

static store *export_n(const char *name, int n, char uuids[][37], char *path, size_t plen)
{
    char db[1024], err[256];
    store *st = fx_store(name, db);
    if (!st || fx_filings(st, n, 100, uuids) != 0)
        return st;
    clear_bundles(check_tmpdir(name));
    bundle_export_opts o = opts(check_tmpdir(name));
    int count = -1;
    int rc = bundle_export(st, &o, path, plen, &count, err, sizeof err);
    CHECK_EQ_INT(rc, BUNDLE_OK);
    CHECK_EQ_INT(count, n);
    return st;
}

static void test_round_trip(void)
{
    char uuids[25][37], path[1024], err[256];
    store *st = export_n("rt", 25, uuids, path, sizeof path);
    REQUIRE(st != NULL);
    CHECK(strstr(path, ".czb") != NULL);
    char part[1100];
    snprintf(part, sizeof part, "%s.part", path);
    CHECK(access(part, F_OK) != 0);
    /* the filings stay pending: only the platform's ack removes them */
    int pending = -1;
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 25);
    /* audit row: who, what, which file, how many */
    store_audit_row *rows;
    size_t nrows;
    REQUIRE(store_audit_list(st, 0, 1, &rows, &nrows) == STORE_OK && nrows == 1);
    CHECK_EQ_STR(rows[0].action, "bundle.export");
    CHECK_EQ_INT(rows[0].actor, STORE_ACTOR_ADMIN);
    CHECK_EQ_STR(rows[0].actor_id, "tech");
    CHECK_EQ_STR(rows[0].detail, "count=25");
    CHECK(rows[0].object_id && strstr(path, rows[0].object_id) != NULL);
    store_audit_list_free(rows, nrows);

    /* no personal data readable in the file */
    size_t len;
    uint8_t *raw = fx_slurp(path, &len);
    REQUIRE(raw != NULL);
    CHECK(!fx_contains(raw, len, "测试"));
    CHECK(!fx_contains(raw, len, "13800000"));
    CHECK(!fx_contains(raw, len, uuids[0]));
    CHECK(fx_contains(raw, len, DEV)); /* the header is in the clear */
    free(raw);

    bundle_info info;
    bundle_filing *items;
    size_t n;
    int rc = bundle_read(path, &county, trust, &registered, &info, &items, &n, err, sizeof err);
    CHECK_EQ_INT(rc, BUNDLE_OK);
    REQUIRE(rc == BUNDLE_OK);
    CHECK_EQ_INT(info.count, 25);
    CHECK_EQ_STR(info.device_id, DEV);
    CHECK_EQ_INT(n, 25);
    CHECK_EQ_INT(info.created_ms, 1795311000000LL);
    store_filing *fl;
    size_t fn;
    REQUIRE(store_outbox_list(st, NULL, &fl, &fn) == STORE_OK && fn == 25);
    for (size_t i = 0; i < n; i++) { /* same filings, same (upload) order, same content */
        CHECK_EQ_STR(items[i].filing_id, fl[i].uuid);
        CHECK_EQ_STR(items[i].form_id, fl[i].form_id);
        CHECK_EQ_INT(items[i].form_version, fl[i].form_version);
        CHECK_EQ_STR(items[i].item_title, fl[i].item_title);
        CHECK_EQ_STR(items[i].villager_key, fl[i].villager_key);
        CHECK_EQ_STR(items[i].payload, fl[i].payload);
        CHECK_EQ_INT(items[i].filed_at_ms, fl[i].created_ms);
        if (fl[i].agent_id)
            CHECK_EQ_STR(items[i].agent_id, fl[i].agent_id);
        else
            CHECK(items[i].agent_id == NULL);
    }
    store_filing_list_free(fl, fn);
    bundle_filings_free(items, n);

    /* a second export the same second gets its own file name */
    char path2[1024];
    bundle_export_opts o = opts(check_tmpdir("rt"));
    int count;
    CHECK_EQ_INT(bundle_export(st, &o, path2, sizeof path2, &count, err, sizeof err), BUNDLE_OK);
    CHECK(strcmp(path, path2) != 0);

    /* filings held for a technician stay out: the county refused them for
     * good, or their stored body changed (it took them all) */
    REQUIRE(store_filing_hold(st, uuids[0], "conflict: HTTP 409") == STORE_OK);
    REQUIRE(store_filing_hold(st, uuids[7], "integrity: body changed") == STORE_OK);
    char path3[1024];
    CHECK_EQ_INT(bundle_export(st, &o, path3, sizeof path3, &count, err, sizeof err), BUNDLE_OK);
    CHECK_EQ_INT(count, 23);
    rc = bundle_read(path3, &county, trust, &registered, &info, &items, &n, err, sizeof err);
    REQUIRE(rc == BUNDLE_OK);
    CHECK_EQ_INT(n, 23);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(items[i].filing_id, uuids[0]) && strcmp(items[i].filing_id, uuids[7]));
    bundle_filings_free(items, n);
    store_close(st);

    /* nothing but held ones: nothing to export, no file */
    char db[1024], uh[1][37];
    st = fx_store("held-only", db);
    REQUIRE(st != NULL && fx_filings(st, 1, 3, uh) == 0);
    REQUIRE(store_filing_hold(st, uh[0], "bad_request: HTTP 400") == STORE_OK);
    o = opts(check_tmpdir("held-only"));
    CHECK_EQ_INT(bundle_export(st, &o, path3, sizeof path3, &count, err, sizeof err),
                 BUNDLE_ERR_EMPTY);
    CHECK_EQ_STR(path3, "");
    store_close(st);
}

static void test_export_errors(void)
{
    char db[1024], err[256], path[1024];
    store *st = fx_store("empty", db);
    REQUIRE(st != NULL);
    bundle_export_opts o = opts(check_tmpdir("empty"));
    int count = -1;
    CHECK_EQ_INT(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err), BUNDLE_ERR_EMPTY);
    CHECK_EQ_INT(count, 0);
    CHECK_EQ_STR(path, "");
    /* a drive that is not there */
    REQUIRE(fx_filings(st, 2, 7, NULL) == 0);
    o.dir = "/nonexistent-usb-drive/folder";
    CHECK_EQ_INT(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err), BUNDLE_ERR_IO);
    CHECK(strstr(err, "nonexistent") != NULL);
    /* no audit row for a failed export */
    store_audit_row *rows;
    size_t nrows;
    REQUIRE(store_audit_list(st, 0, 1, &rows, &nrows) == STORE_OK && nrows == 1);
    CHECK(strcmp(rows[0].action, "bundle.export") != 0);
    store_audit_list_free(rows, nrows);
    o = opts(check_tmpdir("empty"));
    o.device_id = "";
    CHECK_EQ_INT(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err), BUNDLE_ERR_INVALID);
    store_close(st);
    for (int c = BUNDLE_OK; c >= BUNDLE_ERR_SIGNER; c--) /* every code has both texts */
        CHECK(strcmp(bundle_strerror(c), "unknown error") != 0 && strlen(bundle_error_key(c)) > 0);
}

static int read_rc(const char *path, const bundle_box_key *c, trust_one *t, char *err, size_t n)
{
    bundle_info info;
    bundle_filing *items = (bundle_filing *)1;
    size_t cnt = 99;
    int rc = bundle_read(path, c, trust, t, &info, &items, &cnt, err, n);
    if (rc != BUNDLE_OK) {
        CHECK(items == NULL);
        CHECK_EQ_INT(cnt, 0);
    } else {
        bundle_filings_free(items, cnt);
    }
    return rc;
}

static void test_refusals(void)
{
    char uuids[6][37], path[1024], err[256], bad[1100];
    store *st = export_n("refuse", 6, uuids, path, sizeof path);
    REQUIRE(st != NULL);
    store_close(st);
    size_t len;
    uint8_t *raw = fx_slurp(path, &len);
    REQUIRE(raw != NULL);
    snprintf(bad, sizeof bad, "%s/bad.czb", check_tmpdir("refuse"));
    CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_OK);

    /* tampered: any single flipped bit after the magic is refused */
    size_t spots[] = {12, 30, 100, 130, 160, 240, 256, 262, 400, len / 2, len - 70, len - 1};
    for (size_t i = 0; i < sizeof spots / sizeof *spots; i++) {
        uint8_t *c = malloc(len);
        memcpy(c, raw, len);
        c[spots[i]] ^= 0x04;
        fx_write(bad, c, len);
        free(c);
        int rc = read_rc(bad, &county, &registered, err, sizeof err);
        if (rc == BUNDLE_OK)
            printf("  tampered byte %zu accepted\n", spots[i]);
        CHECK(rc != BUNDLE_OK);
    }
    /* a flipped ciphertext byte: the signature catches it */
    {
        uint8_t *c = malloc(len);
        memcpy(c, raw, len);
        c[len / 2] ^= 0x80;
        fx_write(bad, c, len);
        free(c);
        CHECK_EQ_INT(read_rc(bad, &county, &registered, err, sizeof err), BUNDLE_ERR_SIGNATURE);
        CHECK(strstr(err, "altered") != NULL);
    }
    /* truncated anywhere */
    size_t cuts[] = {10, 100, 255, 256, 259, 300, len / 2, len - 65, len - 64, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        fx_write(bad, raw, cuts[i]);
        int rc = read_rc(bad, &county, &registered, err, sizeof err);
        if (rc != BUNDLE_ERR_TRUNCATED)
            printf("  cut at %zu: %s (%s)\n", cuts[i], bundle_strerror(rc), err);
        CHECK_EQ_INT(rc, BUNDLE_ERR_TRUNCATED);
    }
    fx_write(bad, raw, 0);
    CHECK_EQ_INT(read_rc(bad, &county, &registered, err, sizeof err), BUNDLE_ERR_FORMAT);
    /* not a bundle */
    fx_write(bad, (const uint8_t *)"PK\x03\x04 this is a zip file, not a bundle", 38);
    CHECK_EQ_INT(read_rc(bad, &county, &registered, err, sizeof err), BUNDLE_ERR_FORMAT);
    CHECK(strstr(err, "magic") != NULL);
    /* newer format */
    {
        uint8_t *c = malloc(len);
        memcpy(c, raw, len);
        c[8] = BUNDLE_VERSION + 1;
        fx_write(bad, c, len);
        free(c);
        CHECK_EQ_INT(read_rc(bad, &county, &registered, err, sizeof err), BUNDLE_ERR_VERSION);
    }
    /* wrong recipient: another county's key */
    bundle_box_key other;
    REQUIRE(bundle_county_keygen(&other) == BUNDLE_OK);
    CHECK_EQ_INT(read_rc(path, &other, &registered, err, sizeof err), BUNDLE_ERR_RECIPIENT);
    CHECK(strstr(err, "county key") != NULL);
    /* recipient field rewritten to this county: the signature no longer holds */
    {
        uint8_t *c = malloc(len);
        memcpy(c, raw, len);
        memcpy(c + 120, other.pk, 32);
        fx_write(bad, c, len);
        free(c);
        CHECK_EQ_INT(read_rc(bad, &other, &registered, err, sizeof err), BUNDLE_ERR_SIGNATURE);
    }
    /* unknown device */
    trust_one nobody = {"00000000-0000-4000-8000-000000000000", {0}};
    CHECK_EQ_INT(read_rc(path, &county, &nobody, err, sizeof err), BUNDLE_ERR_DEVICE);
    CHECK(strstr(err, DEV) != NULL);
    free(raw);

    /* signed by another key than the registered one (same device id) */
    bundle_sign_key rogue;
    crypto_sign_keypair(rogue.pk, rogue.sk);
    char db[1024];
    st = fx_store("rogue", db);
    REQUIRE(st && fx_filings(st, 2, 900, NULL) == 0);
    bundle_export_opts o = opts(check_tmpdir("rogue"));
    o.key = &rogue;
    char rpath[1024];
    int count;
    REQUIRE(bundle_export(st, &o, rpath, sizeof rpath, &count, err, sizeof err) == BUNDLE_OK);
    CHECK_EQ_INT(read_rc(rpath, &county, &registered, err, sizeof err), BUNDLE_ERR_SIGNER);
    CHECK(strstr(err, "registered") != NULL);
    /* ... and with the registered public key written into the header */
    raw = fx_slurp(rpath, &len);
    REQUIRE(raw != NULL);
    memcpy(raw + 88, devkey.pk, 32);
    fx_write(bad, raw, len);
    CHECK_EQ_INT(read_rc(bad, &county, &registered, err, sizeof err), BUNDLE_ERR_SIGNATURE);
    free(raw);
    store_close(st);
}

/* ---- malformed contents, validly encrypted and signed ------------------- */

/* Writes a bundle whose records are the given texts (the last one tagged
 * final unless final_tag is 0), with header count `count`. */
static void craft(const char *path, uint32_t count, const char **recs, int nrec, int final_tag)
{
    fx_craft(path, BUNDLE_VERSION, DEV, &devkey, county.pk, count, recs, nrec, final_tag);
}

#define GOOD_REC(id) \
    "{\"filing_id\":\"" id "\",\"form_id\":\"dibao\",\"form_version\":2,\"item_title\":\"低保\"," \
    "\"villager_key\":\"" \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\"agent_id\":null," \
    "\"filed_at_ms\":1700000000000,\"payload\":\"{\\\"a\\\":1}\"}"
#define U1 "11111111-2222-4333-8444-555555555555"
#define U2 "11111111-2222-4333-8444-666666666666"

static void test_malformed_contents(void)
{
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/craft.czb", check_tmpdir("craft"));
    /* the crafted writer itself makes readable bundles */
    const char *ok[] = {GOOD_REC(U1), GOOD_REC(U2), "{\"count\":2}"};
    craft(path, 2, ok, 3, 1);
    CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_OK);

    struct {
        const char *rec;
        const char *field;
    } bad[] = {
        {"not json", "JSON"},
        {"[1,2]", "JSON"},
        {"{}", "filing_id"},
        {"{\"filing_id\":\"nope\"}", "filing_id"},
        {"{\"filing_id\":\"" U1 "\",\"villager_key\":\"ABC\"}", "villager_key"},
        {"{\"filing_id\":\"" U1 "\",\"villager_key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
         "\"form_version\":0}", "form_version"},
        {"{\"filing_id\":\"" U1 "\",\"villager_key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
         "\"form_version\":1.5}", "form_version"},
        {"{\"filing_id\":\"" U1 "\",\"villager_key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
         "\"form_version\":1,\"filed_at_ms\":\"x\"}", "filed_at_ms"},
        {"{\"filing_id\":\"" U1 "\",\"villager_key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
         "\"form_version\":1,\"filed_at_ms\":1,\"form_id\":\"\"}", "form_id"},
        {"{\"filing_id\":\"" U1 "\",\"villager_key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
         "\"form_version\":1,\"filed_at_ms\":1,\"form_id\":\"x\",\"item_title\":\"t\",\"agent_id\":5}",
         "agent_id"},
        {"{\"filing_id\":\"" U1 "\",\"villager_key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
         "\"form_version\":1,\"filed_at_ms\":1,\"form_id\":\"x\",\"item_title\":\"t\",\"payload\":\"[1]\"}",
         "payload"},
        {"{\"filing_id\":\"" U1 "\",\"villager_key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
         "\"form_version\":1,\"filed_at_ms\":1,\"form_id\":\"x\",\"item_title\":\"t\"}", "payload"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *recs[] = {bad[i].rec, "{\"count\":1}"};
        craft(path, 1, recs, 2, 1);
        CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_ERR_FORMAT);
        if (!strstr(err, bad[i].field))
            printf("  case %zu: '%s' lacks '%s'\n", i, err, bad[i].field);
        CHECK(strstr(err, bad[i].field) != NULL);
        CHECK(strstr(err, "测试") == NULL);
    }
    /* the same filing twice */
    const char *dup[] = {GOOD_REC(U1), GOOD_REC(U1), "{\"count\":2}"};
    craft(path, 2, dup, 3, 1);
    CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_ERR_FORMAT);
    CHECK(strstr(err, "twice") != NULL);
    /* trailer count disagrees; no final tag; final tag too early */
    const char *tr[] = {GOOD_REC(U1), "{\"count\":7}"};
    craft(path, 1, tr, 2, 1);
    CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_ERR_FORMAT);
    craft(path, 1, ok + 1, 2, 0);
    CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_ERR_FORMAT);
    CHECK(strstr(err, "tag") != NULL);
    const char *early[] = {GOOD_REC(U1)};
    craft(path, 0, early, 1, 1);
    CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_ERR_FORMAT);
    /* more records than the header says */
    craft(path, 1, ok, 3, 1);
    CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_ERR_FORMAT);
    /* validly signed but the ciphertext altered before signing: decryption fails */
    craft(path, 2, ok, 3, 1);
    size_t len;
    uint8_t *raw = fx_slurp(path, &len);
    REQUIRE(raw != NULL);
    raw[256 + 4 + 10] ^= 1;
    crypto_sign_state sg;
    crypto_sign_init(&sg);
    crypto_sign_update(&sg, raw, len - 64);
    crypto_sign_final_create(&sg, raw + len - 64, NULL, devkey.sk);
    fx_write(path, raw, len);
    free(raw);
    CHECK_EQ_INT(read_rc(path, &county, &registered, err, sizeof err), BUNDLE_ERR_DECRYPT);
}

/* ---- images carried with their filings (format 2) ---------------------- */

/* A tiny PNG (the signature and structure a PNG starts with), base64 and sha256. */
static const unsigned char PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                    'I',  'H', 'D', 'R', 0,    0,    0,    1,    0, 0, 0, 1,
                                    8,    6,   0,   0,   0,    1,    2,    3,    4, 0, 0, 0,
                                    0,    'I', 'E', 'N', 'D',  0xae, 0x42, 0x60, 0x82};

static void b64(const unsigned char *d, size_t n, char *out, size_t cap)
{
    sodium_bin2base64(out, cap, d, n, sodium_base64_VARIANT_ORIGINAL);
}

static void hex_sha(const unsigned char *d, size_t n, char out[65])
{
    uint8_t h[32];
    crypto_hash_sha256(h, d, n);
    bundle_hex_encode(h, 32, out);
}

static int read_one(const char *rec, bundle_filing **items, size_t *n, char *err, size_t errlen)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/img.czb", check_tmpdir("img"));
    const char *recs[] = {rec, "{\"count\":1}"};
    craft(path, 1, recs, 2, 1);
    bundle_info info;
    return bundle_read(path, &county, trust, &registered, &info, items, n, err, errlen);
}

static void test_images(void)
{
    char sha[65], other[65], data[256], alt[256], err[512];
    hex_sha(PNG, sizeof PNG, sha);
    b64(PNG, sizeof PNG, data, sizeof data);
    unsigned char changed[sizeof PNG];
    memcpy(changed, PNG, sizeof PNG);
    changed[30] ^= 0x40; /* one pixel byte: still a PNG, other bytes */
    b64(changed, sizeof changed, alt, sizeof alt);
    hex_sha(changed, sizeof changed, other);

    /* carried and verified: the image comes out with its filing */
    char *rec = fx_image_record(U1, sha, sizeof PNG, data);
    bundle_filing *items = NULL;
    size_t n = 0;
    CHECK_EQ_INT(read_one(rec, &items, &n, err, sizeof err), BUNDLE_OK);
    if (n == 1) {
        CHECK(items[0].body && strstr(items[0].body, sha));
        CHECK_EQ_INT((int)items[0].n_files, 1);
        CHECK_EQ_STR(items[0].files[0].sha256, sha);
        CHECK_EQ_STR(items[0].files[0].type, "image/png");
        CHECK(items[0].files[0].size == sizeof PNG &&
              !memcmp(items[0].files[0].data, PNG, sizeof PNG));
    }
    bundle_filings_free(items, n);
    free(rec);

    struct {
        const char *what;
        char *rec;
        int want;
        const char *says;
    } bad[] = {
        {"missing", fx_image_record(U1, sha, sizeof PNG, ""), BUNDLE_ERR_ATTACHMENT, "missing"},
        {"altered bytes", fx_image_record(U1, sha, sizeof PNG, alt), BUNDLE_ERR_ATTACHMENT,
         "altered"},
        {"another image", fx_image_record(U1, other, sizeof PNG, data), BUNDLE_ERR_ATTACHMENT,
         "altered"},
        {"short", fx_image_record(U1, sha, sizeof PNG + 1, data), BUNDLE_ERR_ATTACHMENT,
         "altered"},
        {"not base64", fx_image_record(U1, sha, sizeof PNG, "!!!!"), BUNDLE_ERR_ATTACHMENT,
         "altered"},
        {"body of another filing", fx_image_record(U2, sha, sizeof PNG, data), BUNDLE_OK, ""},
    };
    /* the last one: a record whose body names another filing id */
    free(bad[5].rec);
    char *r5 = fx_image_record(U1, sha, sizeof PNG, data);
    char *at = strstr(r5, "\\\"filing_id\\\":\\\"" U1);
    if (at)
        memcpy(at + 16, U2, 36);
    bad[5].rec = r5;
    bad[5].want = BUNDLE_ERR_FORMAT;
    bad[5].says = "body";
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        REQUIRE(bad[i].rec != NULL);
        items = NULL;
        n = 0;
        err[0] = '\0';
        int rc = read_one(bad[i].rec, &items, &n, err, sizeof err);
        if (rc != bad[i].want || !strstr(err, bad[i].says))
            printf("  %s: %d '%s'\n", bad[i].what, rc, err);
        CHECK_EQ_INT(rc, bad[i].want);
        CHECK(strstr(err, bad[i].says) != NULL);
        CHECK(items == NULL && n == 0); /* nothing is handed over */
        free(bad[i].rec);
    }
    /* an image that no attachment of the body names */
    char *extra = fx_image_record(U1, sha, sizeof PNG, data);
    char *files = strstr(extra, ",\"files\":[");
    REQUIRE(files != NULL);
    char *twice = malloc(strlen(extra) * 2);
    size_t head = (size_t)(strchr(files, '{') - extra);
    const char *one = strchr(files, '{');
    size_t olen = (size_t)(strchr(one, '}') - one) + 1;
    snprintf(twice, strlen(extra) * 2, "%.*s%.*s,%s", (int)head, extra, (int)olen, one, one);
    CHECK_EQ_INT(read_one(twice, &items, &n, err, sizeof err), BUNDLE_ERR_FORMAT);
    CHECK(strstr(err, "files") != NULL);
    free(twice);
    free(extra);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    RUN(setup_keys);
    RUN(test_keys);
    RUN(test_round_trip);
    RUN(test_export_errors);
    RUN(test_refusals);
    RUN(test_malformed_contents);
    RUN(test_images);
    return check_summary();
}
