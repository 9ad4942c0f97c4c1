/* client.c — protocol calls over one reused libcurl easy handle. */
#include "sync/client.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/grow.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/utf8.h"

struct proto_client {
    CURL *curl;
    char *base_url;
    char *ca_file;
    char *pin;
    char *token;
    long connect_ms, total_ms;
    long low_bps, low_s;
    /* the reply being received */
    char *body;
    size_t len, cap;
    int too_big;
    long retry_after_s;
    long connects; /* new connections opened so far */
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

int proto_client_url_ok(const char *url)
{
    return url && strncmp(url, "https://", 8) == 0 && url[8] && url[8] != '/';
}

void proto_client_opts_from_config(const core_config *cfg, proto_client_opts *o)
{
    memset(o, 0, sizeof *o);
    const char *ca = core_config_get(cfg, "platform.ca_file");
    const char *pin = core_config_get(cfg, "platform.pin");
    o->base_url = core_config_get(cfg, "platform.url");
    o->ca_file = ca && *ca ? ca : NULL;
    o->pin = pin && *pin ? pin : NULL;
    o->total_timeout_ms = core_config_get_int(cfg, "sync.timeout_s", 20) * 1000;
    o->low_speed_bps = core_config_get_int(cfg, "sync.low_speed_bps", 16);
    o->low_speed_s = core_config_get_int(cfg, "sync.low_speed_s", 30);
}

proto_client *proto_client_new(const proto_client_opts *o)
{
    if (!o || !proto_client_url_ok(o->base_url))
        return NULL;
    pthread_once(&curl_once, curl_init_once);
    proto_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->curl = curl_easy_init();
    c->base_url = strdup(o->base_url);
    c->ca_file = dup_or_null(o->ca_file);
    c->pin = dup_or_null(o->pin);
    c->token = dup_or_null(o->token);
    c->connect_ms = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 5000;
    c->total_ms = o->total_timeout_ms > 0 ? o->total_timeout_ms : 20000;
    c->low_bps = o->low_speed_bps > 0 ? o->low_speed_bps : 16;
    c->low_s = o->low_speed_s > 0 ? o->low_speed_s : 30;
    if (!c->curl || !c->base_url || (o->ca_file && !c->ca_file) || (o->pin && !c->pin) ||
        (o->token && !c->token)) {
        proto_client_free(c);
        return NULL;
    }
    size_t n = strlen(c->base_url);
    while (n > 0 && c->base_url[n - 1] == '/')
        c->base_url[--n] = '\0';
    return c;
}

void proto_client_free(proto_client *c)
{
    if (!c)
        return;
    if (c->curl)
        curl_easy_cleanup(c->curl);
    free(c->base_url);
    free(c->ca_file);
    free(c->pin);
    core_secret_free(c->token);
    free(c->body);
    free(c);
}

int proto_client_set_token(proto_client *c, const char *token)
{
    return core_secret_set(&c->token, token);
}

long proto_client_connections(const proto_client *c) { return c->connects; }

const char *proto_res_name(proto_res_kind k)
{
    switch (k) {
    case PROTO_RES_OK: return "ok";
    case PROTO_RES_RETRY: return "retry";
    case PROTO_RES_FINAL: return "final";
    case PROTO_RES_AUTH: return "auth";
    case PROTO_RES_LOCAL: return "local";
    }
    return "?";
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    proto_client *c = ud;
    size_t n = size * nmemb;
    if (c->len + n > PROTO_MAX_REPLY) {
        c->too_big = 1;
        return 0; /* aborts the transfer */
    }
    if (core_grow(&c->body, &c->cap, c->len + n + 1, 1, 4096))
        return 0;
    memcpy(c->body + c->len, ptr, n);
    c->len += n;
    c->body[c->len] = '\0';
    return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    proto_client *c = ud;
    size_t n = size * nmemb;
    static const char name[] = "retry-after:";
    if (n >= sizeof name - 1 && strncasecmp(ptr, name, sizeof name - 1) == 0) {
        long v = strtol(ptr + sizeof name - 1, NULL, 10);
        c->retry_after_s = v > 0 && v < 86400 ? v : 0;
    }
    return n;
}

static void res_set(proto_result *res, proto_res_kind kind, const char *code, const char *fmt, ...)
{
    res->kind = kind;
    snprintf(res->code, sizeof res->code, "%s", code);
    /* a county's message may be Chinese: cut, if at all, between characters */
    char full[PROTO_TEXT_MAX + 512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(full, sizeof full, fmt, ap);
    va_end(ap);
    utf8_copy(res->message, sizeof res->message, full);
}

/* Performs one request. On a 2xx returns 0 with c->body/c->len holding the
 * reply; otherwise fills res and returns its kind. */
typedef struct {
    const void *data;     /* the request body; NULL: none (GET) */
    size_t len;
    const char *type;     /* its Content-Type */
    const char *header;   /* one more header line, or NULL */
    long total_ms;        /* 0: the client's total timeout */
} req_body;

static int request_ex(proto_client *c, const char *method, const char *path, const req_body *rb,
                      const char *idem_key, proto_result *res);

static int request(proto_client *c, const char *method, const char *path, const char *body,
                   const char *idem_key, proto_result *res)
{
    req_body rb = {body, body ? strlen(body) : 0, "application/json", NULL, 0};
    return request_ex(c, method, path, &rb, idem_key, res);
}

static int request_ex(proto_client *c, const char *method, const char *path, const req_body *rb,
                      const char *idem_key, proto_result *res)
{
    const void *body = rb->data;
    memset(res, 0, sizeof *res);
    c->len = 0;
    c->too_big = 0;
    c->retry_after_s = 0;
    if (c->body)
        c->body[0] = '\0';

    char url[1024];
    if ((size_t)snprintf(url, sizeof url, "%s%s", c->base_url, path) >= sizeof url) {
        res_set(res, PROTO_RES_LOCAL, "local", "url too long");
        return res->kind;
    }
    struct curl_slist *h = NULL, *t;
    char line[PROTO_TOKEN_MAX + 64];
    int ok = 1;
#define ADD_HDR(s) do { t = curl_slist_append(h, (s)); if (t) h = t; else ok = 0; } while (0)
    ADD_HDR("Accept: application/json");
    ADD_HDR("Expect:"); /* no 100-continue round trip */
    char ctype[80];
    if (body) {
        snprintf(ctype, sizeof ctype, "Content-Type: %s", rb->type);
        ADD_HDR(ctype);
    }
    if (rb->header)
        ADD_HDR(rb->header);
    if (c->token) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
        ADD_HDR(line);
        memset(line, 0, sizeof line);
    }
    if (idem_key) {
        snprintf(line, sizeof line, "Idempotency-Key: %s", idem_key);
        ADD_HDR(line);
    }
#undef ADD_HDR
    if (!ok) {
        curl_slist_free_all(h);
        res_set(res, PROTO_RES_LOCAL, "nomem", "out of memory");
        return res->kind;
    }

    CURL *e = c->curl;
    curl_easy_reset(e); /* keeps the connection cache, TLS session and DNS cache */
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)rb->len);
    } else {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, c);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->connect_ms);
    long total_ms = rb->total_ms > 0 ? rb->total_ms : c->total_ms;
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, c->low_bps);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, c->low_s);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    /* verification stays on; only the trust anchors are configurable */
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (c->ca_file)
        curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file);
    if (c->pin)
        curl_easy_setopt(e, CURLOPT_PINNEDPUBLICKEY, c->pin);

    CURLcode cc = curl_easy_perform(e);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    memset(line, 0, sizeof line);

    long status = 0, nc = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    if (curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &nc) == CURLE_OK)
        c->connects += nc;
    res->http_status = status;
    res->retry_after_s = c->retry_after_s;
    /* a timeout well before the total limit, once connected, is the
     * low-speed limit: the link stalled */
    curl_off_t total_us = 0, conn_us = 0;
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total_us);
    curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &conn_us);
    int stalled = conn_us > 0 && total_us / 1000 < (curl_off_t)total_ms - 250;
    if (cc != CURLE_OK) {
        if (c->too_big) {
            res_set(res, PROTO_RES_RETRY, "too_large", "reply over %u bytes", PROTO_MAX_REPLY);
        } else if (cc == CURLE_OPERATION_TIMEDOUT && stalled) {
            res_set(res, PROTO_RES_RETRY, "stalled", "%s %s: under %ld bytes/s for %ld s, abandoned",
                    method, path, c->low_bps, c->low_s);
        } else if (cc == CURLE_OPERATION_TIMEDOUT) {
            res_set(res, PROTO_RES_RETRY, "timeout", "%s %s: timed out", method, path);
        } else if (cc == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
            /* the platform's key is not one of platform.pin: keep the filing,
             * retry slowly, and say so for the technician */
            res_set(res, PROTO_RES_RETRY, "tls_pin",
                    "%s %s: the platform's public key matches no platform.pin", method, path);
        } else if (cc == CURLE_PEER_FAILED_VERIFICATION || cc == CURLE_SSL_CACERT_BADFILE) {
            /* a wrong certificate will not fix itself, but the uploader must
             * keep the filing: retry slowly, and say so for the technician */
            res_set(res, PROTO_RES_RETRY, "tls_verify", "%s %s: %s", method, path,
                    curl_easy_strerror(cc));
        } else if (cc == CURLE_OUT_OF_MEMORY) {
            res_set(res, PROTO_RES_LOCAL, "nomem", "out of memory");
            return res->kind;
        } else {
            res_set(res, PROTO_RES_RETRY, "connect", "%s %s: %s", method, path,
                    curl_easy_strerror(cc));
        }
        res->transport = 1;
        return res->kind;
    }
    proto_class cl = proto_classify(status);
    if (cl == PROTO_CLASS_OK)
        return 0;
    char code[64], msg[PROTO_TEXT_MAX + 1];
    if (proto_parse_error(c->body, c->len, code, sizeof code, msg, sizeof msg) != PROTO_OK) {
        snprintf(code, sizeof code, "http_%ld", status);
        snprintf(msg, sizeof msg, "HTTP %ld without an error body", status);
    }
    /* two refusals that the next attempt mends: the platform lacks an
     * attachment the filing names (the kiosk uploads it again first), or a
     * piece did not start where the platform's copy ends (the kiosk asks
     * again how much it holds) */
    if (cl == PROTO_CLASS_FINAL && (!strcmp(code, "attachments_missing") || !strcmp(code, "bad_range")))
        cl = PROTO_CLASS_RETRY;
    res_set(res,
            cl == PROTO_CLASS_AUTH    ? PROTO_RES_AUTH
            : cl == PROTO_CLASS_RETRY ? PROTO_RES_RETRY
                                      : PROTO_RES_FINAL,
            code, "%s %s: HTTP %ld %s", method, path, status, msg);
    return res->kind;
}

/* A 2xx whose body does not parse: the platform may have done the work, the
 * reply got mangled (a proxy, truncation) — retrying is safe and right. */
static int bad_reply(proto_result *res, const char *path, const char *err)
{
    res_set(res, PROTO_RES_RETRY, "bad_reply", "%s: %s", path, err);
    return res->kind;
}

int proto_client_register(proto_client *c, const proto_device *d, proto_registration *out,
                          proto_result *res)
{
    char err[128];
    char *body = proto_build_register(d, err, sizeof err);
    if (!body) {
        memset(res, 0, sizeof *res);
        res_set(res, PROTO_RES_LOCAL, "invalid", "%s", err);
        return res->kind;
    }
    int k = request(c, "POST", PROTO_API_PREFIX "devices/register", body, NULL, res);
    free(body);
    if (k)
        return k;
    if (proto_parse_registration(c->body, c->len, out, err, sizeof err))
        return bad_reply(res, "register", err);
    core_log(CORE_LOG_INFO, "sync", "device registered");
    return PROTO_RES_OK;
}

int proto_client_submit_body(proto_client *c, const char *filing_id, const char *body,
                             proto_receipt *out, proto_result *res)
{
    char err[128];
    if (!proto_uuid_ok(filing_id) || !body || !*body) {
        memset(res, 0, sizeof *res);
        res_set(res, PROTO_RES_LOCAL, "invalid", "filing id or body missing");
        return res->kind;
    }
    int k = request(c, "POST", PROTO_API_PREFIX "filings", body, filing_id, res);
    if (k)
        return k;
    if (proto_parse_receipt(c->body, c->len, out, err, sizeof err))
        return bad_reply(res, "filings", err);
    if (strcmp(out->filing_id, filing_id) != 0)
        return bad_reply(res, "filings", "receipt for another filing");
    return PROTO_RES_OK;
}

int proto_client_submit(proto_client *c, const proto_filing *f, proto_receipt *out,
                        proto_result *res)
{
    char err[128];
    char *body = proto_build_filing(f, err, sizeof err);
    if (!body) {
        memset(res, 0, sizeof *res);
        res_set(res, PROTO_RES_LOCAL, "invalid", "%s", err);
        return res->kind;
    }
    int k = proto_client_submit_body(c, f->filing_id, body, out, res);
    memset(body, 0, strlen(body));
    free(body);
    return k;
}

/* Path segment check: only characters that need no escaping. */
static int segment_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 128)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

static int bad_arg(proto_result *res, const char *what)
{
    memset(res, 0, sizeof *res);
    res_set(res, PROTO_RES_LOCAL, "invalid", "%s", what);
    return res->kind;
}

int proto_client_status(proto_client *c, const char *receipt_no, proto_status *out,
                        proto_result *res)
{
    if (!proto_receipt_ok(receipt_no))
        return bad_arg(res, "receipt number malformed");
    char path[128], err[128];
    snprintf(path, sizeof path, PROTO_API_PREFIX "receipts/%s", receipt_no);
    int k = request(c, "GET", path, NULL, NULL, res);
    if (k)
        return k;
    if (proto_parse_status(c->body, c->len, out, err, sizeof err))
        return bad_reply(res, "receipts", err);
    return PROTO_RES_OK;
}

int proto_client_status_by_villager(proto_client *c, const char *villager_key,
                                    proto_status **items, size_t *n, proto_result *res)
{
    *items = NULL;
    *n = 0;
    if (!proto_key_ok(villager_key))
        return bad_arg(res, "villager key malformed");
    char path[160], err[128];
    snprintf(path, sizeof path, PROTO_API_PREFIX "villagers/%s/filings", villager_key);
    int k = request(c, "GET", path, NULL, NULL, res);
    if (k)
        return k;
    if (proto_parse_status_list(c->body, c->len, items, n, err, sizeof err))
        return bad_reply(res, "villagers", err);
    return PROTO_RES_OK;
}

int proto_client_status_batch(proto_client *c, const char *const *receipt_nos, size_t n_nos,
                              proto_status **items, size_t *n, proto_result *res)
{
    *items = NULL;
    *n = 0;
    char err[128];
    char *body = proto_build_status_batch(receipt_nos, n_nos, err, sizeof err);
    if (!body)
        return bad_arg(res, err);
    int k = request(c, "POST", PROTO_API_PREFIX "receipts/status", body, NULL, res);
    free(body);
    if (k)
        return k;
    if (proto_parse_status_list(c->body, c->len, items, n, err, sizeof err))
        return bad_reply(res, "receipts/status", err);
    return PROTO_RES_OK;
}

int proto_client_forms(proto_client *c, proto_form_info **items, size_t *n, proto_result *res)
{
    char err[128];
    *items = NULL;
    *n = 0;
    int k = request(c, "GET", PROTO_API_PREFIX "forms", NULL, NULL, res);
    if (k)
        return k;
    if (proto_parse_forms(c->body, c->len, items, n, err, sizeof err))
        return bad_reply(res, "forms", err);
    return PROTO_RES_OK;
}

/* A malloc'd, NUL-terminated copy of the last reply body. */
static int copy_body(const proto_client *c, char **out, size_t *len, proto_result *res)
{
    *out = malloc(c->len + 1);
    if (!*out)
        return bad_arg(res, "out of memory");
    memcpy(*out, c->body, c->len);
    (*out)[c->len] = '\0';
    if (len)
        *len = c->len;
    return PROTO_RES_OK;
}

int proto_client_agents(proto_client *c, proto_agent **items, size_t *n, proto_result *res)
{
    char err[128];
    *items = NULL;
    *n = 0;
    int k = request(c, "GET", PROTO_API_PREFIX "agents", NULL, NULL, res);
    if (k)
        return k;
    if (proto_parse_agents(c->body, c->len, items, n, err, sizeof err))
        return bad_reply(res, "agents", err);
    return PROTO_RES_OK;
}

int proto_client_agents_raw(proto_client *c, char **body, size_t *len, proto_result *res)
{
    *body = NULL;
    *len = 0;
    proto_agent *items = NULL;
    size_t n = 0;
    int k = proto_client_agents(c, &items, &n, res); /* checks the reply */
    if (k)
        return k;
    free(items); /* a plain array */
    return copy_body(c, body, len, res);
}

int proto_client_attachment_status(proto_client *c, const char *sha256,
                                   proto_attachment_state *out, proto_result *res)
{
    memset(out, 0, sizeof *out);
    if (!proto_key_ok(sha256))
        return bad_arg(res, "attachment sha256 malformed");
    char path[160], err[128];
    snprintf(path, sizeof path, PROTO_API_PREFIX "attachments/%s", sha256);
    int k = request(c, "GET", path, NULL, NULL, res);
    if (k == PROTO_RES_FINAL && res->http_status == 404) {
        snprintf(out->sha256, sizeof out->sha256, "%s", sha256);
        memset(res, 0, sizeof *res);
        res->http_status = 404;
        return PROTO_RES_OK; /* nothing held yet */
    }
    if (k)
        return k;
    if (proto_parse_attachment_state(c->body, c->len, out, err, sizeof err))
        return bad_reply(res, "attachments", err);
    if (strcmp(out->sha256, sha256))
        return bad_reply(res, "attachments", "state of another attachment");
    return PROTO_RES_OK;
}

int proto_client_attachment_put(proto_client *c, const proto_attachment *a,
                                const unsigned char *piece, int64_t first, size_t len,
                                proto_attachment_state *out, proto_result *res)
{
    memset(out, 0, sizeof *out);
    if (!a || !proto_attachment_ok(a) || !piece || len == 0 || len > PROTO_ATT_PIECE_MAX ||
        first < 0 || first + (int64_t)len > a->size)
        return bad_arg(res, "attachment piece out of range");
    char path[160], range[96], err[128];
    snprintf(path, sizeof path, PROTO_API_PREFIX "attachments/%s", a->sha256);
    snprintf(range, sizeof range, "Content-Range: bytes %lld-%lld/%lld", (long long)first,
             (long long)(first + (int64_t)len - 1), (long long)a->size);
    /* a piece may take longer than a JSON call: allow 4 KB/s on top (the
     * low-speed limit still abandons a stalled link) */
    req_body rb = {piece, len, a->type, range, c->total_ms + (long)(len / 4)};
    int k = request_ex(c, "PUT", path, &rb, NULL, res);
    if (k)
        return k;
    if (proto_parse_attachment_state(c->body, c->len, out, err, sizeof err))
        return bad_reply(res, "attachments", err);
    if (strcmp(out->sha256, a->sha256) || out->size != a->size)
        return bad_reply(res, "attachments", "state of another attachment");
    return PROTO_RES_OK;
}

int proto_client_catalogue(proto_client *c, int since, int reads, char **body, size_t *len,
                           proto_result *res)
{
    *body = NULL;
    *len = 0;
    char path[96];
    snprintf(path, sizeof path, PROTO_API_PREFIX "catalogue?since=%d&reads=%d", since < 0 ? 0 : since,
             reads < 1 ? 1 : reads);
    int k = request(c, "GET", path, NULL, NULL, res);
    if (k == PROTO_RES_FINAL && res->http_status == 304) {
        memset(res, 0, sizeof *res);
        res->http_status = 304;
        return PROTO_RES_OK; /* nothing newer: *body stays NULL */
    }
    if (k)
        return k;
    return copy_body(c, body, len, res);
}

/* A catalogue file name: one or two segments of [A-Za-z0-9._-], none
 * starting with a dot. */
static int cat_name_ok(const char *name)
{
    char seg[129];
    const char *slash = name ? strchr(name, '/') : NULL;
    if (!name || strlen(name) > 128)
        return 0;
    if (!slash)
        return segment_ok(name) && name[0] != '.';
    if (strchr(slash + 1, '/') || (size_t)(slash - name) >= sizeof seg)
        return 0;
    memcpy(seg, name, (size_t)(slash - name));
    seg[slash - name] = '\0';
    return segment_ok(seg) && seg[0] != '.' && segment_ok(slash + 1) && slash[1] != '.';
}

int proto_client_catalogue_file(proto_client *c, const char *name, int version, char **data,
                                size_t *len, proto_result *res)
{
    *data = NULL;
    *len = 0;
    if (!cat_name_ok(name))
        return bad_arg(res, "catalogue file name malformed");
    char path[220];
    snprintf(path, sizeof path, PROTO_API_PREFIX "catalogue/files/%s?version=%d", name,
             version < 1 ? 1 : version);
    int k = request(c, "GET", path, NULL, NULL, res);
    if (k)
        return k;
    return copy_body(c, data, len, res);
}
