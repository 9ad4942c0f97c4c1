/* simproc.c — county-sim as a child process (see simproc.h). */
#include "simproc.h"
#include "launch.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <sodium.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixtures.h"

extern char **environ;

struct simproc {
    pid_t pid;
    char url[64];
    char ca[1024];
    char key[1024];
    char db[1024];
    int tls;
};

static int run_gen_cert(const char *dir)
{
    char *argv[] = {(char *)"sh", (char *)CZ_SIM_DIR "/gen-cert.sh", (char *)dir, NULL};
    pid_t pid;
    if (posix_spawnp(&pid, "sh", NULL, NULL, argv, environ))
        return -1;
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

simproc *simproc_start(const char *dir, int tls, const char *const *args)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    simproc *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->tls = tls;
    snprintf(p->db, sizeof p->db, "%s/sim.db", dir);
    fx_db_remove(p->db);
    if (tls) {
        snprintf(p->ca, sizeof p->ca, "%s/sim-cert.pem", dir);
        snprintf(p->key, sizeof p->key, "%s/sim-key.pem", dir);
        if (run_gen_cert(dir)) {
            free(p);
            return NULL;
        }
    }
    static const char *const launch[] = {CZ_LAUNCH_ARGV NULL};
    const char *argv[72];
    int n = 0;
    for (int i = 0; launch[i]; i++)
        argv[n++] = launch[i];
    argv[n++] = CZ_SIM_EXE;
    argv[n++] = "--port";
    argv[n++] = "0";
    argv[n++] = "--db";
    argv[n++] = p->db;
    if (tls) {
        argv[n++] = "--cert";
        argv[n++] = p->ca;
        argv[n++] = "--key";
        argv[n++] = p->key;
    } else {
        argv[n++] = "--plain";
    }
    for (int i = 0; args && args[i] && n < 70; i++)
        argv[n++] = args[i];
    argv[n] = NULL;

    int fds[2];
    if (pipe(fds)) {
        free(p);
        return NULL;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    int rc = posix_spawn(&p->pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc) {
        close(fds[0]);
        free(p);
        return NULL;
    }
    /* wait for "county-sim listening on URL" */
    char line[256];
    size_t len = 0;
    int ok = 0;
    while (len < sizeof line - 1) {
        struct pollfd pf = {fds[0], POLLIN, 0};
        if (poll(&pf, 1, 15000) <= 0)
            break;
        ssize_t r = read(fds[0], line + len, 1);
        if (r <= 0)
            break;
        if (line[len] == '\n') {
            ok = 1;
            break;
        }
        len++;
    }
    line[len] = '\0';
    close(fds[0]);
    const char *u = strstr(line, "listening on ");
    if (!ok || !u) {
        simproc_stop(p);
        return NULL;
    }
    snprintf(p->url, sizeof p->url, "%s", u + 13);
    return p;
}

void simproc_stop(simproc *p)
{
    if (!p)
        return;
    if (p->pid > 0) {
        kill(p->pid, SIGTERM);
        int st;
        for (int i = 0; i < 100; i++) { /* 5 s, then SIGKILL */
            if (waitpid(p->pid, &st, WNOHANG) == p->pid) {
                p->pid = 0;
                break;
            }
            fx_sleep_ms(50);
        }
        if (p->pid > 0) {
            kill(p->pid, SIGKILL);
            waitpid(p->pid, &st, 0);
        }
    }
    free(p);
}

const char *simproc_url(const simproc *p) { return p->url; }
const char *simproc_ca(const simproc *p) { return p->tls ? p->ca : NULL; }
const char *simproc_db(const simproc *p) { return p->db; }

typedef struct {
    char *buf;
    size_t len;
} sbuf;

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
    sbuf *b = ud;
    size_t n = size * nmemb;
    char *nb = realloc(b->buf, b->len + n + 1);
    if (!nb)
        return 0;
    memcpy(nb + b->len, ptr, n);
    b->buf = nb;
    b->len += n;
    nb[b->len] = '\0';
    return n;
}

static long http_req(const simproc *p, const char *method, const char *path, const char *body,
                     const char *token, const char *idem, char **reply);
static long http_raw(const simproc *p, const char *method, const char *path, const char *type,
                     const char *extra, const void *body, size_t len, const char *token,
                     char **reply, size_t *reply_len);

long simproc_http_bytes(const simproc *p, const char *path, char **reply, size_t *len)
{
    return http_raw(p, "GET", path, "application/json", NULL, NULL, 0, NULL, reply, len);
}

long simproc_put(const simproc *p, const char *path, const char *type, const char *range,
                 const void *data, size_t len, const char *token, char **reply)
{
    char hdr[160];
    if (range)
        snprintf(hdr, sizeof hdr, "Content-Range: %s", range);
    return http_raw(p, "PUT", path, type, range ? hdr : NULL, data, len, token, reply, NULL);
}

long simproc_upload(const simproc *p, const char *token, const char *type, const void *data,
                    size_t len, size_t piece, char sha[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(sha, 65, h, sizeof h);
    char path[160], range[96];
    snprintf(path, sizeof path, "/api/v1/attachments/%s", sha);
    long st = 0;
    for (size_t off = 0; off < len; off += piece) {
        size_t n = len - off < piece ? len - off : piece;
        snprintf(range, sizeof range, "bytes %zu-%zu/%zu", off, off + n - 1, len);
        st = simproc_put(p, path, type, range, (const unsigned char *)data + off, n, token, NULL);
        if (st != 200)
            break;
    }
    return st;
}

long simproc_http(const simproc *p, const char *method, const char *path, const char *body,
                  const char *token, char **reply)
{
    return http_req(p, method, path, body, token, NULL, reply);
}

long simproc_submit(const simproc *p, const char *token, const char *uuid, const char *body)
{
    return http_req(p, "POST", "/api/v1/filings", body, token, uuid, NULL);
}

static long http_req(const simproc *p, const char *method, const char *path, const char *body,
                     const char *token, const char *idem, char **reply)
{
    char hdr[256];
    if (idem)
        snprintf(hdr, sizeof hdr, "Idempotency-Key: %s", idem);
    return http_raw(p, method, path, "application/json", idem ? hdr : NULL, body,
                    body ? strlen(body) : 0, token, reply, NULL);
}

static long http_raw(const simproc *p, const char *method, const char *path, const char *type,
                     const char *extra, const void *body, size_t len, const char *token,
                     char **reply, size_t *reply_len)
{
    CURL *c = curl_easy_init();
    if (!c)
        return 0;
    char url[512], auth[256];
    snprintf(url, sizeof url, "%s%s", p->url, path);
    sbuf b = {NULL, 0};
    char ctype[96];
    snprintf(ctype, sizeof ctype, "Content-Type: %s", type);
    struct curl_slist *h = curl_slist_append(NULL, ctype);
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, auth);
    }
    if (extra)
        h = curl_slist_append(h, extra);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (p->tls)
        curl_easy_setopt(c, CURLOPT_CAINFO, p->ca);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (reply_len)
        *reply_len = b.len;
    if (reply)
        *reply = b.buf;
    else
        free(b.buf);
    return status;
}

int simproc_faults(const simproc *p, const char *json)
{
    return simproc_http(p, "POST", "/admin/faults", json, NULL, NULL) == 200 ? 0 : -1;
}

static double json_num(const char *text, const char *name)
{
    cJSON *o = text ? cJSON_Parse(text) : NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
    cJSON_Delete(o);
    return d;
}

int simproc_count(const simproc *p, long *count, long *distinct)
{
    char *r = NULL;
    long st = simproc_http(p, "GET", "/admin/filings/count", NULL, NULL, &r);
    *count = st == 200 ? (long)json_num(r, "count") : -1;
    *distinct = st == 200 ? (long)json_num(r, "distinct") : -1;
    free(r);
    return st == 200 ? 0 : -1;
}

long simproc_stat(const simproc *p, const char *name)
{
    char *r = NULL;
    long st = simproc_http(p, "GET", "/admin/stats", NULL, NULL, &r);
    long v = st == 200 ? (long)json_num(r, name) : -1;
    free(r);
    return v;
}

int simproc_register(const simproc *p, char *tok, size_t cap)
{
    unsigned char raw[16];
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(raw, 1, sizeof raw, f) != sizeof raw) {
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    raw[6] = (raw[6] & 0x0f) | 0x40;
    raw[8] = (raw[8] & 0x3f) | 0x80;
    char body[256];
    snprintf(body, sizeof body,
             "{\"device_id\":\"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\","
             "\"station_name\":\"测试村便民服务站\",\"area_code\":\"360722101201\","
             "\"registration_code\":\"123456\"}",
             raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7], raw[8], raw[9], raw[10],
             raw[11], raw[12], raw[13], raw[14], raw[15]);
    char *r = NULL;
    long st = simproc_http(p, "POST", "/api/v1/devices/register", body, NULL, &r);
    cJSON *o = r ? cJSON_Parse(r) : NULL;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "token");
    int ok = st == 201 && cJSON_IsString(t) && strlen(t->valuestring) < cap;
    if (ok)
        snprintf(tok, cap, "%s", t->valuestring);
    cJSON_Delete(o);
    free(r);
    return ok ? 0 : -1;
}

int simproc_cli(const simproc *p, const char *args, char *out, size_t n)
{
    char cmd[3072];
    snprintf(cmd, sizeof cmd, "%s'%s' admin --url %s %s%s%s %s 2>&1", CZ_LAUNCH_SH, CZ_SIM_EXE,
             p->url, p->tls ? "--ca '" : "", p->tls ? p->ca : "", p->tls ? "'" : "", args);
    FILE *f = popen(cmd, "r");
    if (!f)
        return -1;
    size_t len = fread(out, 1, n ? n - 1 : 0, f);
    if (n)
        out[len] = '\0';
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
