/* test_sim_attach.c — county-sim's attachments and back office, over real
 * TLS on loopback: pieces of at most 256 KiB resume where the held copy
 * ends, resending is harmless, the hash and the image are checked when the
 * last byte arrives, wrong types, sizes and ranges are refused with a clear
 * error, and a filing naming an attachment not held is refused; the back
 * office accepts, returns with a note and finishes filings (the kiosk's
 * status query sees it), through its endpoints and through `county-sim
 * admin`, the technicians' command. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sodium.h>

#include "check.h"
#include "fixtures.h"
#include "launch.h"
#include "simproc.h"

static simproc *sim;
static char token[200];

static const char *KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* A PNG-shaped file of n bytes (n >= 57): signature, IHDR, one IDAT of
 * pseudo-random bytes from seed, IEND. */
static unsigned char *png_of(size_t n, unsigned seed)
{
    static const unsigned char head[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a,
                                         0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                         0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0, 0, 0, 0, 0};
    static const unsigned char tail[] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
    unsigned char *d = malloc(n);
    memcpy(d, head, sizeof head);
    size_t idat = n - sizeof head - sizeof tail - 12;
    unsigned char *p = d + sizeof head;
    p[0] = (unsigned char)(idat >> 24);
    p[1] = (unsigned char)(idat >> 16);
    p[2] = (unsigned char)(idat >> 8);
    p[3] = (unsigned char)idat;
    memcpy(p + 4, "IDAT", 4);
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < idat + 4; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[8 + i] = (unsigned char)x;
    }
    memcpy(d + n - sizeof tail, tail, sizeof tail);
    return d;
}

static void sha_hex(const void *d, size_t n, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, d, n);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* PUT one piece [first, first+n) of a file of total bytes under sha. */
static long put(const char *sha, const char *type, const unsigned char *d, size_t first, size_t n,
                size_t total, char **reply)
{
    char path[160], range[96];
    snprintf(path, sizeof path, "/api/v1/attachments/%s", sha);
    snprintf(range, sizeof range, "bytes %zu-%zu/%zu", first, first + n - 1, total);
    return simproc_put(sim, path, type, range, d + first, n, token, reply);
}

static double num(const char *json, const char *name)
{
    cJSON *o = json ? cJSON_Parse(json) : NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
    cJSON_Delete(o);
    return d;
}

/* The error code of an error reply ("" if none). */
static const char *code_of(const char *json)
{
    static char code[64];
    code[0] = '\0';
    cJSON *o = json ? cJSON_Parse(json) : NULL;
    const char *c = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "error"), "code"));
    const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "error"), "message"));
    if (c && m && *m) /* a clear error: a code and a message */
        snprintf(code, sizeof code, "%s", c);
    cJSON_Delete(o);
    return code;
}

static long state(const char *sha, char **reply)
{
    char path[160];
    snprintf(path, sizeof path, "/api/v1/attachments/%s", sha);
    return simproc_http(sim, "GET", path, NULL, token, reply);
}

static void test_pieces_resume_and_repeat(void)
{
    enum { N = 600000, P = 256 << 10 };
    unsigned char *d = png_of(N, 1);
    char sha[65], *r = NULL;
    sha_hex(d, N, sha);
    CHECK_EQ_INT(state(sha, &r), 404); /* nothing yet */
    free(r);
    long bytes0 = simproc_stat(sim, "att_bytes");
    /* first piece, then the link "drops": the platform tells what it holds */
    CHECK_EQ_INT(put(sha, "image/png", d, 0, P, N, &r), 200);
    CHECK_EQ_INT((long)num(r, "received"), P);
    free(r);
    CHECK_EQ_INT(state(sha, &r), 200);
    CHECK_EQ_INT((long)num(r, "received"), P);
    CHECK(r && strstr(r, "\"complete\":false"));
    free(r);
    /* a piece that leaves a gap is refused, and says how much is held */
    CHECK_EQ_INT(put(sha, "image/png", d, P + 10, 100, N, &r), 416);
    CHECK_EQ_STR(code_of(r), "bad_range");
    CHECK_EQ_INT((long)num(r, "received"), P);
    free(r);
    /* the first piece again (its reply was lost): nothing changes */
    CHECK_EQ_INT(put(sha, "image/png", d, 0, P, N, &r), 200);
    CHECK_EQ_INT((long)num(r, "received"), P);
    free(r);
    /* an overlapping piece: the overlap is skipped */
    CHECK_EQ_INT(put(sha, "image/png", d, P - 1000, P, N, &r), 200);
    CHECK_EQ_INT((long)num(r, "received"), 2 * P - 1000);
    free(r);
    CHECK_EQ_INT(put(sha, "image/png", d, 2 * P - 1000, N - (2 * P - 1000), N, &r), 200);
    CHECK(r && strstr(r, "\"complete\":true"));
    free(r);
    /* every byte was stored once */
    CHECK_EQ_INT(simproc_stat(sim, "att_bytes") - bytes0, N);
    /* the whole file again: harmless */
    CHECK_EQ_INT(put(sha, "image/png", d, 0, P, N, &r), 200);
    CHECK(r && strstr(r, "\"complete\":true"));
    free(r);
    CHECK_EQ_INT(simproc_stat(sim, "att_bytes") - bytes0, N);
    /* the bytes kept are the bytes sent */
    char path[160];
    snprintf(path, sizeof path, "/admin/attachments/%s", sha);
    CHECK_EQ_INT(simproc_http(sim, "GET", path, NULL, NULL, &r), 200);
    char back[65];
    sha_hex(r, N, back);
    CHECK_EQ_STR(back, sha);
    free(r);
    free(d);
}

static void test_refusals(void)
{
    unsigned char *d = png_of(5000, 2);
    char sha[65], *r = NULL;
    sha_hex(d, 5000, sha);
    long refused0 = simproc_stat(sim, "att_refused");
    /* not an image type */
    CHECK_EQ_INT(put(sha, "text/plain", d, 0, 5000, 5000, &r), 415);
    CHECK_EQ_STR(code_of(r), "unsupported_type");
    free(r);
    /* declared a JPEG, the bytes are a PNG */
    CHECK_EQ_INT(put(sha, "image/jpeg", d, 0, 5000, 5000, &r), 415);
    CHECK_EQ_STR(code_of(r), "wrong_type");
    free(r);
    /* over the size limit of PNGs (1 MiB) */
    CHECK_EQ_INT(put(sha, "image/png", d, 0, 5000, (1u << 20) + 1, &r), 413);
    CHECK_EQ_STR(code_of(r), "too_large");
    free(r);
    /* a piece over 256 KiB */
    unsigned char *big = png_of((256 << 10) + 100, 3);
    char bsha[65];
    sha_hex(big, (256 << 10) + 100, bsha);
    CHECK_EQ_INT(put(bsha, "image/png", big, 0, (256 << 10) + 100, (256 << 10) + 100, &r), 413);
    CHECK_EQ_STR(code_of(r), "too_large");
    free(r);
    free(big);
    /* no or a malformed Content-Range, a range that is not the body's length */
    char path[160];
    snprintf(path, sizeof path, "/api/v1/attachments/%s", sha);
    CHECK_EQ_INT(simproc_put(sim, path, "image/png", NULL, d, 5000, token, &r), 400);
    CHECK_EQ_STR(code_of(r), "bad_request");
    free(r);
    CHECK_EQ_INT(simproc_put(sim, path, "image/png", "bytes 0-10/5", d, 11, token, NULL), 400);
    CHECK_EQ_INT(simproc_put(sim, path, "image/png", "bytes 0-99/5000", d, 50, token, NULL), 400);
    /* a path that is not a sha256 */
    CHECK_EQ_INT(simproc_put(sim, "/api/v1/attachments/ABC", "image/png", "bytes 0-4999/5000", d,
                             5000, token, NULL), 400);
    /* bytes that do not hash to the path's sha256: refused and forgotten */
    char other[65];
    memcpy(other, sha, 65);
    other[0] = other[0] == '0' ? '1' : '0';
    CHECK_EQ_INT(put(other, "image/png", d, 0, 5000, 5000, &r), 422);
    CHECK_EQ_STR(code_of(r), "hash_mismatch");
    free(r);
    CHECK_EQ_INT(state(other, NULL), 404);
    /* a PNG signature without the rest of a PNG */
    memcpy(d + 4990, "XXXXXXXXXX", 10);
    sha_hex(d, 5000, sha);
    CHECK_EQ_INT(put(sha, "image/png", d, 0, 5000, 5000, &r), 422);
    CHECK_EQ_STR(code_of(r), "bad_image");
    free(r);
    CHECK_EQ_INT(state(sha, NULL), 404);
    /* without a token */
    CHECK_EQ_INT(simproc_put(sim, path, "image/png", "bytes 0-4999/5000", d, 5000, NULL, NULL), 401);
    CHECK(simproc_stat(sim, "att_refused") - refused0 >= 10);
    /* a JPEG is taken */
    unsigned char jpg[3000];
    for (size_t i = 0; i < sizeof jpg; i++)
        jpg[i] = (unsigned char)(i * 7);
    jpg[0] = 0xff, jpg[1] = 0xd8, jpg[2] = 0xff, jpg[sizeof jpg - 2] = 0xff, jpg[sizeof jpg - 1] = 0xd9;
    CHECK_EQ_INT(simproc_upload(sim, token, "image/jpeg", jpg, sizeof jpg, 1000, sha), 200);
    CHECK_EQ_INT(state(sha, &r), 200);
    CHECK(r && strstr(r, "\"complete\":true") && strstr(r, "image/jpeg"));
    free(r);
    free(d);
}

static char *filing_with(const char *uuid, const char *sha, long size)
{
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"filing_id\":\"%s\",\"form_id\":\"dibao\",\"form_version\":1,\"villager_key\":\"%s\","
             "\"agent_id\":null,\"filed_at_ms\":1700000000000,\"payload\":{\"signature\":\"sig-1.png\"},"
             "\"attachments\":[{\"name\":\"sig-1.png\",\"sha256\":\"%s\",\"type\":\"image/png\","
             "\"size\":%ld}]}",
             uuid, KEY, sha, size);
    return buf;
}

static void test_filing_needs_its_attachments(void)
{
    const char *u = "51111111-2222-4333-8444-555555555555";
    unsigned char *d = png_of(40000, 4);
    char sha[65], *r = NULL;
    sha_hex(d, 40000, sha);
    long n0, dd;
    REQUIRE(simproc_count(sim, &n0, &dd) == 0);
    /* nothing uploaded: refused, nothing recorded */
    CHECK_EQ_INT(simproc_submit(sim, token, u, filing_with(u, sha, 40000)), 422);
    /* half uploaded: still refused */
    CHECK_EQ_INT(put(sha, "image/png", d, 0, 20000, 40000, NULL), 200);
    char path[160];
    CHECK_EQ_INT(simproc_http(sim, "POST", "/api/v1/filings", filing_with(u, sha, 40000), token, &r), 400);
    free(r); /* (no Idempotency-Key: a bad request, whatever the attachments) */
    CHECK_EQ_INT(simproc_submit(sim, token, u, filing_with(u, sha, 40000)), 422);
    long n1;
    REQUIRE(simproc_count(sim, &n1, &dd) == 0);
    CHECK_EQ_INT(n1, n0);
    /* a malformed attachment list is a bad request */
    char *bad = strdup(filing_with(u, sha, 40000));
    char *t = strstr(bad, "image/png");
    memcpy(t, "image/gif", 9);
    CHECK_EQ_INT(simproc_submit(sim, token, u, bad), 400);
    free(bad);
    /* complete: accepted, linked */
    CHECK_EQ_INT(put(sha, "image/png", d, 20000, 20000, 40000, NULL), 200);
    CHECK_EQ_INT(simproc_submit(sim, token, u, filing_with(u, sha, 40000)), 201);
    CHECK_EQ_INT(simproc_submit(sim, token, u, filing_with(u, sha, 40000)), 200);
    /* the size it names must be the size held */
    const char *u2 = "61111111-2222-4333-8444-555555555555";
    CHECK_EQ_INT(simproc_submit(sim, token, u2, filing_with(u2, sha, 39999)), 422);
    CHECK(simproc_stat(sim, "att_missing") >= 3);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/admin/attachments", NULL, NULL, &r), 200);
    cJSON *o = cJSON_Parse(r ? r : "");
    int found = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(o, "attachments"))
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(a, "sha256")), sha)) {
            found = 1;
            CHECK_EQ_INT((long)cJSON_GetNumberValue(cJSON_GetObjectItem(a, "refs")), 1);
            CHECK(cJSON_IsTrue(cJSON_GetObjectItem(a, "complete")));
        }
    CHECK(found);
    cJSON_Delete(o);
    free(r);
    (void)path;
    free(d);
}

/* The receipt number of the newest filing with filing id uuid ("" if none). */
static void receipt_of(const char *uuid, char *out, size_t n)
{
    char *r = NULL;
    out[0] = '\0';
    simproc_http(sim, "GET", "/admin/filings", NULL, NULL, &r);
    cJSON *o = cJSON_Parse(r ? r : "");
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(o, "filings"))
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(f, "filing_id")), uuid))
            snprintf(out, n, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(f, "receipt_no")));
    cJSON_Delete(o);
    free(r);
}

static long post(const char *no, const char *verb, const char *body, char **reply)
{
    char path[160];
    snprintf(path, sizeof path, "/admin/filings/%s/%s", no, verb);
    return simproc_http(sim, "POST", path, body, NULL, reply);
}

/* The status and note the kiosk's status query sees. */
static void kiosk_sees(const char *no, const char *status, const char *note)
{
    char path[160], *r = NULL;
    snprintf(path, sizeof path, "/api/v1/receipts/%s", no);
    CHECK_EQ_INT(simproc_http(sim, "GET", path, NULL, token, &r), 200);
    cJSON *o = cJSON_Parse(r ? r : "");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "status")), status);
    const char *n = cJSON_GetStringValue(cJSON_GetObjectItem(o, "note"));
    CHECK_EQ_STR(n ? n : "", note);
    cJSON_Delete(o);
    free(r);
}

static void test_back_office(void)
{
    const char *u = "71111111-2222-4333-8444-555555555555";
    char body[512], no[40], *r = NULL;
    snprintf(body, sizeof body,
             "{\"filing_id\":\"%s\",\"form_id\":\"dibao\",\"form_version\":1,\"villager_key\":\"%s\","
             "\"agent_id\":null,\"filed_at_ms\":1700000000000,\"payload\":{\"name\":\"钱七\"}}",
             u, KEY);
    CHECK_EQ_INT(simproc_submit(sim, token, u, body), 201);
    receipt_of(u, no, sizeof no);
    REQUIRE(no[0]);
    /* what cannot be done is refused, clearly, and changes nothing */
    CHECK_EQ_INT(post(no, "finish", NULL, &r), 409);
    CHECK_EQ_STR(code_of(r), "conflict");
    free(r);
    CHECK_EQ_INT(post(no, "return", "{}", &r), 400); /* a return needs a note */
    CHECK_EQ_STR(code_of(r), "bad_request");
    free(r);
    CHECK_EQ_INT(post(no, "return", "{\"note\":5}", NULL), 400);
    CHECK_EQ_INT(post(no, "approve", NULL, NULL), 404);
    CHECK_EQ_INT(post("CZ00000000000", "accept", NULL, NULL), 404);
    kiosk_sees(no, "submitted", "");
    /* accept, return with a note, and the kiosk sees each */
    CHECK_EQ_INT(post(no, "accept", NULL, &r), 200);
    CHECK(r && strstr(r, "\"accepted\""));
    free(r);
    kiosk_sees(no, "accepted", "");
    CHECK_EQ_INT(post(no, "accept", NULL, NULL), 409);
    CHECK_EQ_INT(post(no, "return", "{\"note\":\"请补充户口本首页照片\"}", NULL), 200);
    kiosk_sees(no, "returned", "请补充户口本首页照片");
    CHECK_EQ_INT(post(no, "finish", NULL, NULL), 409); /* a returned filing is not finished */
    /* the detail shows the payload and the note */
    char path[160];
    snprintf(path, sizeof path, "/admin/filings/%s", no);
    CHECK_EQ_INT(simproc_http(sim, "GET", path, NULL, NULL, &r), 200);
    CHECK(r && strstr(r, "钱七") && strstr(r, "请补充户口本首页照片") && strstr(r, "\"attachments\":[]"));
    free(r);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/admin/filings/CZ00000000000", NULL, NULL, NULL), 404);
    /* another: accepted, then finished */
    const char *u2 = "81111111-2222-4333-8444-555555555555";
    char no2[40];
    snprintf(body, sizeof body,
             "{\"filing_id\":\"%s\",\"form_id\":\"gaoling\",\"form_version\":1,\"villager_key\":\"%s\","
             "\"agent_id\":null,\"filed_at_ms\":1700000000000,\"payload\":{\"name\":\"孙八\"}}",
             u2, KEY);
    CHECK_EQ_INT(simproc_submit(sim, token, u2, body), 201);
    receipt_of(u2, no2, sizeof no2);
    CHECK_EQ_INT(post(no2, "accept", NULL, NULL), 200);
    CHECK_EQ_INT(post(no2, "finish", "{\"note\":\"已发放\"}", NULL), 200);
    kiosk_sees(no2, "done", "已发放");
    CHECK_EQ_INT(post(no2, "return", "{\"note\":\"x\"}", NULL), 409);
}

/* Runs `county-sim admin --url .. --ca .. <args>`; exit code, stdout+stderr in out. */
static int cli(const char *args, char *out, size_t n)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s'%s' admin --url %s --ca '%s' %s 2>&1", CZ_LAUNCH_SH, CZ_SIM_EXE,
             simproc_url(sim), simproc_ca(sim), args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t len = fread(out, 1, n - 1, p);
    out[len] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_admin_command(void)
{
    const char *u = "91111111-2222-4333-8444-555555555555";
    unsigned char *d = png_of(3000, 9);
    char sha[65], no[40], out[8192], args[1600];
    CHECK_EQ_INT(simproc_upload(sim, token, "image/png", d, 3000, 1024, sha), 200);
    CHECK_EQ_INT(simproc_submit(sim, token, u, filing_with(u, sha, 3000)), 201);
    receipt_of(u, no, sizeof no);
    /* list shows it, with its attachment */
    CHECK_EQ_INT(cli("list", out, sizeof out), 0);
    CHECK(strstr(out, no) && strstr(out, "submitted"));
    /* accept, return with a Chinese note, look at it */
    snprintf(args, sizeof args, "accept %s", no);
    CHECK_EQ_INT(cli(args, out, sizeof out), 0);
    CHECK(strstr(out, "accepted"));
    snprintf(args, sizeof args, "return %s '签名不清楚，请重新签名'", no);
    CHECK_EQ_INT(cli(args, out, sizeof out), 0);
    kiosk_sees(no, "returned", "签名不清楚，请重新签名");
    snprintf(args, sizeof args, "show %s", no);
    CHECK_EQ_INT(cli(args, out, sizeof out), 0);
    CHECK(strstr(out, "returned") && strstr(out, "签名不清楚") && strstr(out, sha) &&
          strstr(out, "sig-1.png"));
    /* refusals say why and exit 1; misuse exits 2 */
    snprintf(args, sizeof args, "finish %s", no);
    CHECK_EQ_INT(cli(args, out, sizeof out), 1);
    CHECK(strstr(out, "conflict") && strstr(out, "cannot finish a filing that is returned"));
    CHECK_EQ_INT(cli("accept CZ00000000000", out, sizeof out), 1);
    CHECK(strstr(out, "not_found"));
    CHECK_EQ_INT(cli("return", out, sizeof out), 2);
    CHECK_EQ_INT(cli("frobnicate", out, sizeof out), 2);
    /* the attachment list, and the image itself */
    CHECK_EQ_INT(cli("attachments", out, sizeof out), 0);
    CHECK(strstr(out, sha) && strstr(out, "complete"));
    char file[1200];
    snprintf(file, sizeof file, "%s/got.png", check_tmpdir(NULL));
    snprintf(args, sizeof args, "get %s '%s'", sha, file);
    CHECK_EQ_INT(cli(args, out, sizeof out), 0);
    size_t len = 0;
    char *back = fx_slurp(file, &len);
    REQUIRE(back != NULL);
    CHECK_EQ_INT((long)len, 3000);
    CHECK(memcmp(back, d, 3000) == 0);
    free(back);
    free(d);
    /* the help */
    CHECK_EQ_INT(cli("help", out, sizeof out), 0);
    CHECK(strstr(out, "return RECEIPT NOTE"));
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    sim = simproc_start(check_tmpdir("tls"), 1, NULL);
    if (!sim) {
        printf("cannot start county-sim\n");
        return 1;
    }
    if (simproc_register(sim, token, sizeof token)) {
        printf("cannot register with county-sim\n");
        simproc_stop(sim);
        return 1;
    }
    RUN(test_pieces_resume_and_repeat);
    RUN(test_refusals);
    RUN(test_filing_needs_its_attachments);
    RUN(test_back_office);
    RUN(test_admin_command);
    simproc_stop(sim);
    return check_summary();
}
