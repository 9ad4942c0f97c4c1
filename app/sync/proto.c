/* proto.c — building protocol requests and checking replies with cJSON. */
#include "sync/proto.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

static const char *status_names[] = {"submitted", "accepted", "returned", "done", "superseded"};

int proto_status_parse(const char *name)
{
    for (int i = 0; name && i < 5; i++)
        if (!strcmp(name, status_names[i]))
            return i;
    return -1;
}

proto_class proto_classify(long http_status)
{
    if (http_status >= 200 && http_status < 300)
        return PROTO_CLASS_OK;
    if (http_status == 401)
        return PROTO_CLASS_AUTH;
    if (http_status >= 500 || http_status == 408 || http_status == 429)
        return PROTO_CLASS_RETRY;
    return PROTO_CLASS_FINAL;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int proto_uuid_ok(const char *s)
{
    if (!s || strlen(s) != PROTO_UUID_LEN)
        return 0;
    for (int i = 0; i < PROTO_UUID_LEN; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return 0;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return 0;
        }
    }
    return 1;
}

int proto_key_ok(const char *s)
{
    if (!s || strlen(s) != PROTO_KEY_LEN)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

int proto_receipt_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 8 || n > PROTO_RECEIPT_MAX)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return 0;
    return 1;
}

static int digits_ok(const char *s, size_t lo, size_t hi)
{
    size_t n = s ? strlen(s) : 0;
    if (n < lo || n > hi)
        return 0;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

static int hex64_ok(const char *s) { return proto_key_ok(s); }

const char *proto_attachment_type(const unsigned char *d, size_t len)
{
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    if (len >= 8 && !memcmp(d, png, 8))
        return "image/png";
    if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
        return "image/jpeg";
    return NULL;
}

int64_t proto_attachment_limit(const char *type)
{
    if (type && !strcmp(type, "image/png"))
        return PROTO_ATT_PNG_MAX;
    if (type && !strcmp(type, "image/jpeg"))
        return PROTO_ATT_JPEG_MAX;
    return 0;
}

int proto_attachment_ok(const proto_attachment *a)
{
    size_t nl = strnlen(a->name, sizeof a->name);
    return nl > 0 && nl < sizeof a->name && utf8_valid(a->name) && hex64_ok(a->sha256) &&
           a->size > 0 && a->size <= proto_attachment_limit(a->type);
}

/* ---- requests --------------------------------------------------------- */

static char *print_free(cJSON *o, char *err, size_t errlen)
{
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!s)
        set_err(err, errlen, "out of memory");
    return s;
}

char *proto_build_register(const proto_device *d, char *err, size_t errlen)
{
    if (!d || !proto_uuid_ok(d->device_id)) {
        set_err(err, errlen, "device_id must be a uuid");
        return NULL;
    }
    size_t chars = d->station_name && utf8_valid(d->station_name) ? utf8_count(d->station_name) : 0;
    if (chars < 1 || chars > 64) {
        set_err(err, errlen, "station_name must be 1..64 characters of UTF-8");
        return NULL;
    }
    if (!digits_ok(d->area_code, 6, 12)) {
        set_err(err, errlen, "area_code must be 6..12 digits");
        return NULL;
    }
    if (!d->registration_code || !*d->registration_code || strlen(d->registration_code) > 64) {
        set_err(err, errlen, "registration_code missing or too long");
        return NULL;
    }
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, "device_id", d->device_id) ||
        !cJSON_AddStringToObject(o, "station_name", d->station_name) ||
        !cJSON_AddStringToObject(o, "area_code", d->area_code) ||
        !cJSON_AddStringToObject(o, "registration_code", d->registration_code)) {
        cJSON_Delete(o);
        set_err(err, errlen, "out of memory");
        return NULL;
    }
    return print_free(o, err, errlen);
}

char *proto_build_filing(const proto_filing *f, char *err, size_t errlen)
{
    if (!f || !proto_uuid_ok(f->filing_id)) {
        set_err(err, errlen, "filing_id must be a uuid");
        return NULL;
    }
    if (!f->form_id || !*f->form_id || strlen(f->form_id) > PROTO_ID_MAX || f->form_version < 1) {
        set_err(err, errlen, "form_id/form_version invalid");
        return NULL;
    }
    if (!proto_key_ok(f->villager_key)) {
        set_err(err, errlen, "villager_key must be 64 lowercase hex characters");
        return NULL;
    }
    if (f->agent_id && (!*f->agent_id || strlen(f->agent_id) > PROTO_ID_MAX)) {
        set_err(err, errlen, "agent_id invalid");
        return NULL;
    }
    if (f->supersedes && !proto_uuid_ok(f->supersedes)) {
        set_err(err, errlen, "supersedes must be a uuid");
        return NULL;
    }
    cJSON *payload = f->payload ? cJSON_Parse(f->payload) : NULL;
    if (!cJSON_IsObject(payload)) {
        cJSON_Delete(payload);
        set_err(err, errlen, "payload is not a JSON object");
        return NULL;
    }
    cJSON *o = cJSON_CreateObject();
    int ok = o && cJSON_AddStringToObject(o, "filing_id", f->filing_id) &&
             cJSON_AddStringToObject(o, "form_id", f->form_id) &&
             cJSON_AddNumberToObject(o, "form_version", f->form_version) &&
             cJSON_AddStringToObject(o, "villager_key", f->villager_key) &&
             (f->agent_id ? cJSON_AddStringToObject(o, "agent_id", f->agent_id) != NULL
                          : cJSON_AddNullToObject(o, "agent_id") != NULL) &&
             cJSON_AddNumberToObject(o, "filed_at_ms", (double)f->filed_at_ms);
    if (!ok) {
        cJSON_Delete(payload);
        cJSON_Delete(o);
        set_err(err, errlen, "out of memory");
        return NULL;
    }
    cJSON_AddItemToObject(o, "payload", payload);
    if (f->supersedes && !cJSON_AddStringToObject(o, "supersedes", f->supersedes)) {
        cJSON_Delete(o);
        set_err(err, errlen, "out of memory");
        return NULL;
    }
    if (f->n_attachments) {
        cJSON *arr = f->n_attachments <= PROTO_ATT_MAX && f->attachments
                         ? cJSON_AddArrayToObject(o, "attachments")
                         : NULL;
        for (size_t i = 0; arr && i < f->n_attachments; i++) {
            const proto_attachment *a = &f->attachments[i];
            cJSON *e = proto_attachment_ok(a) ? cJSON_CreateObject() : NULL;
            if (!e || !cJSON_AddStringToObject(e, "name", a->name) ||
                !cJSON_AddStringToObject(e, "sha256", a->sha256) ||
                !cJSON_AddStringToObject(e, "type", a->type) ||
                !cJSON_AddNumberToObject(e, "size", (double)a->size) ||
                !cJSON_AddItemToArray(arr, e)) {
                cJSON_Delete(e);
                arr = NULL;
            }
        }
        if (!arr) {
            cJSON_Delete(o);
            set_err(err, errlen, "attachments invalid (name, sha256, type, size within limits; at most %d)",
                    PROTO_ATT_MAX);
            return NULL;
        }
    }
    return print_free(o, err, errlen);
}

char *proto_build_status_batch(const char *const *receipt_nos, size_t n, char *err, size_t errlen)
{
    if (!receipt_nos || n < 1 || n > PROTO_STATUS_BATCH_MAX) {
        set_err(err, errlen, "1..%d receipt numbers", PROTO_STATUS_BATCH_MAX);
        return NULL;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = o ? cJSON_AddArrayToObject(o, "receipt_nos") : NULL;
    for (size_t i = 0; arr && i < n; i++) {
        if (!proto_receipt_ok(receipt_nos[i])) {
            cJSON_Delete(o);
            set_err(err, errlen, "receipt number malformed");
            return NULL;
        }
        cJSON *e = cJSON_CreateString(receipt_nos[i]);
        if (!e || !cJSON_AddItemToArray(arr, e)) {
            cJSON_Delete(e);
            arr = NULL;
        }
    }
    if (!arr) {
        cJSON_Delete(o);
        set_err(err, errlen, "out of memory");
        return NULL;
    }
    return print_free(o, err, errlen);
}

/* ---- replies ---------------------------------------------------------- */

static cJSON *parse_object(const char *body, size_t len, char *err, size_t errlen)
{
    if (!body || len == 0) {
        set_err(err, errlen, "empty reply");
        return NULL;
    }
    if (len > PROTO_MAX_REPLY) {
        set_err(err, errlen, "reply too large (%zu bytes)", len);
        return NULL;
    }
    cJSON *o = cJSON_ParseWithLength(body, len);
    if (!o) {
        set_err(err, errlen, "reply is not JSON%s", body[0] == '<' ? " (an HTML page?)" : "");
        return NULL;
    }
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        set_err(err, errlen, "reply is not a JSON object");
        return NULL;
    }
    return o;
}

/* Copies string field `name` into out[cap]; fails if missing, not a string,
 * invalid UTF-8 or too long. optional: a missing/null field gives "". */
static int get_str(const cJSON *o, const char *name, char *out, size_t cap, int optional,
                   char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (optional && (!v || cJSON_IsNull(v))) {
        out[0] = '\0';
        return 0;
    }
    if (!cJSON_IsString(v) || !v->valuestring) {
        set_err(err, errlen, "field \"%s\" missing or not a string", name);
        return -1;
    }
    if (strlen(v->valuestring) >= cap || !utf8_valid(v->valuestring)) {
        set_err(err, errlen, "field \"%s\" too long or not UTF-8", name);
        return -1;
    }
    memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
    return 0;
}

/* Integer field within [lo, hi] (JSON numbers are doubles: must be whole). */
static int get_int(const cJSON *o, const char *name, int64_t lo, int64_t hi, int64_t *out,
                   char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(v)) {
        set_err(err, errlen, "field \"%s\" missing or not a number", name);
        return -1;
    }
    double d = v->valuedouble;
    if (!isfinite(d) || d != floor(d) || d < (double)lo || d > (double)hi) {
        set_err(err, errlen, "field \"%s\" out of range", name);
        return -1;
    }
    *out = (int64_t)d;
    return 0;
}

#define MAX_MS 4102444800000LL /* 2100-01-01 */

static int get_status(const cJSON *o, int *out, char *err, size_t errlen)
{
    char s[16];
    if (get_str(o, "status", s, sizeof s, 0, err, errlen))
        return -1;
    *out = proto_status_parse(s);
    if (*out < 0) {
        set_err(err, errlen, "field \"status\" has an unknown value");
        return -1;
    }
    return 0;
}

int proto_parse_registration(const char *body, size_t len, proto_registration *out, char *err,
                             size_t errlen)
{
    cJSON *o = parse_object(body, len, err, errlen);
    if (!o)
        return PROTO_ERR_REPLY;
    memset(out, 0, sizeof *out);
    int rc = get_str(o, "device_id", out->device_id, sizeof out->device_id, 0, err, errlen) ||
             get_str(o, "token", out->token, sizeof out->token, 0, err, errlen) ||
             get_int(o, "issued_at_ms", 0, MAX_MS, &out->issued_at_ms, err, errlen);
    if (!rc && strlen(out->token) < 32) {
        set_err(err, errlen, "field \"token\" too short");
        rc = -1;
    }
    cJSON_Delete(o);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc ? PROTO_ERR_REPLY : PROTO_OK;
}

int proto_parse_receipt(const char *body, size_t len, proto_receipt *out, char *err, size_t errlen)
{
    cJSON *o = parse_object(body, len, err, errlen);
    if (!o)
        return PROTO_ERR_REPLY;
    memset(out, 0, sizeof *out);
    int rc = get_str(o, "filing_id", out->filing_id, sizeof out->filing_id, 0, err, errlen) ||
             get_str(o, "receipt_no", out->receipt_no, sizeof out->receipt_no, 0, err, errlen) ||
             get_int(o, "received_at_ms", 0, MAX_MS, &out->received_at_ms, err, errlen) ||
             get_status(o, &out->status, err, errlen);
    if (!rc && !proto_uuid_ok(out->filing_id)) {
        set_err(err, errlen, "field \"filing_id\" is not a uuid");
        rc = -1;
    }
    if (!rc && !proto_receipt_ok(out->receipt_no)) {
        set_err(err, errlen, "field \"receipt_no\" malformed");
        rc = -1;
    }
    cJSON_Delete(o);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc ? PROTO_ERR_REPLY : PROTO_OK;
}

static int status_from(const cJSON *o, proto_status *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!cJSON_IsObject(o)) {
        set_err(err, errlen, "status entry is not an object");
        return -1;
    }
    int rc = get_str(o, "receipt_no", out->receipt_no, sizeof out->receipt_no, 0, err, errlen) ||
             get_str(o, "filing_id", out->filing_id, sizeof out->filing_id, 0, err, errlen) ||
             get_str(o, "form_id", out->form_id, sizeof out->form_id, 0, err, errlen) ||
             get_status(o, &out->status, err, errlen) ||
             get_int(o, "status_at_ms", 0, MAX_MS, &out->status_at_ms, err, errlen) ||
             get_str(o, "note", out->note, sizeof out->note, 1, err, errlen);
    if (!rc && (!proto_receipt_ok(out->receipt_no) || !proto_uuid_ok(out->filing_id))) {
        set_err(err, errlen, "receipt_no or filing_id malformed");
        rc = -1;
    }
    return rc;
}

int proto_parse_status(const char *body, size_t len, proto_status *out, char *err, size_t errlen)
{
    cJSON *o = parse_object(body, len, err, errlen);
    if (!o)
        return PROTO_ERR_REPLY;
    int rc = status_from(o, out, err, errlen);
    cJSON_Delete(o);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc ? PROTO_ERR_REPLY : PROTO_OK;
}

/* Parses {"<name>": [ ... ]} calling fn on each element into a new array. */
typedef int (*elem_fn)(const cJSON *e, void *dst, char *err, size_t errlen);

static int parse_list(const char *body, size_t len, const char *name, size_t elem_size,
                      size_t max, elem_fn fn, void **items, size_t *n, char *err, size_t errlen)
{
    *items = NULL;
    *n = 0;
    cJSON *o = parse_object(body, len, err, errlen);
    if (!o)
        return PROTO_ERR_REPLY;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsArray(arr)) {
        set_err(err, errlen, "field \"%s\" missing or not an array", name);
        cJSON_Delete(o);
        return PROTO_ERR_REPLY;
    }
    size_t count = (size_t)cJSON_GetArraySize(arr);
    if (count > max) {
        set_err(err, errlen, "field \"%s\" has too many entries (%zu)", name, count);
        cJSON_Delete(o);
        return PROTO_ERR_REPLY;
    }
    char *buf = calloc(count ? count : 1, elem_size);
    if (!buf) {
        cJSON_Delete(o);
        set_err(err, errlen, "out of memory");
        return PROTO_ERR_NOMEM;
    }
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        if (fn(e, buf + i * elem_size, err, errlen)) {
            free(buf);
            cJSON_Delete(o);
            return PROTO_ERR_REPLY;
        }
        i++;
    }
    cJSON_Delete(o);
    *items = buf;
    *n = count;
    return PROTO_OK;
}

static int status_elem(const cJSON *e, void *dst, char *err, size_t errlen)
{
    return status_from(e, dst, err, errlen);
}

int proto_parse_status_list(const char *body, size_t len, proto_status **items, size_t *n, char *err,
                            size_t errlen)
{
    return parse_list(body, len, "filings", sizeof(proto_status), 1000, status_elem,
                      (void **)items, n, err, errlen);
}

static int form_elem(const cJSON *e, void *dst, char *err, size_t errlen)
{
    proto_form_info *f = dst;
    int64_t v = 0;
    if (!cJSON_IsObject(e)) {
        set_err(err, errlen, "form entry is not an object");
        return -1;
    }
    if (get_str(e, "id", f->id, sizeof f->id, 0, err, errlen) || !f->id[0] ||
        get_int(e, "version", 1, 1000000, &v, err, errlen) ||
        get_str(e, "title", f->title, sizeof f->title, 1, err, errlen) ||
        get_int(e, "size", 0, PROTO_MAX_REPLY, &f->size, err, errlen)) {
        if (!f->id[0])
            set_err(err, errlen, "form entry without id");
        return -1;
    }
    f->version = (int)v;
    return 0;
}

int proto_parse_forms(const char *body, size_t len, proto_form_info **items, size_t *n, char *err,
                      size_t errlen)
{
    return parse_list(body, len, "forms", sizeof(proto_form_info), 1000, form_elem,
                      (void **)items, n, err, errlen);
}

static int agent_elem(const cJSON *e, void *dst, char *err, size_t errlen)
{
    proto_agent *a = dst;
    int64_t v;
    if (!cJSON_IsObject(e)) {
        set_err(err, errlen, "agent entry is not an object");
        return -1;
    }
    if (get_str(e, "id", a->id, sizeof a->id, 0, err, errlen) ||
        get_str(e, "name", a->name, sizeof a->name, 0, err, errlen))
        return -1;
    const cJSON *act = cJSON_GetObjectItemCaseSensitive(e, "active");
    if (!cJSON_IsBool(act)) {
        set_err(err, errlen, "field \"active\" missing or not a boolean");
        return -1;
    }
    a->active = cJSON_IsTrue(act);
    const cJSON *pin = cJSON_GetObjectItemCaseSensitive(e, "pin");
    if (!cJSON_IsObject(pin)) {
        set_err(err, errlen, "field \"pin\" missing or not an object");
        return -1;
    }
    if (get_str(pin, "alg", a->alg, sizeof a->alg, 0, err, errlen) ||
        get_str(pin, "salt", a->salt_b64, sizeof a->salt_b64, 0, err, errlen) ||
        get_str(pin, "hash", a->hash_b64, sizeof a->hash_b64, 0, err, errlen))
        return -1;
    if (get_int(pin, "opslimit", 1, 1000, &v, err, errlen))
        return -1;
    a->opslimit = (uint64_t)v;
    if (get_int(pin, "memlimit", 8192, 1LL << 32, &v, err, errlen))
        return -1;
    a->memlimit = (uint64_t)v;
    if (strcmp(a->alg, "argon2id")) {
        set_err(err, errlen, "field \"pin.alg\" is not argon2id");
        return -1;
    }
    return 0;
}

int proto_parse_agents(const char *body, size_t len, proto_agent **items, size_t *n, char *err,
                       size_t errlen)
{
    return parse_list(body, len, "agents", sizeof(proto_agent), 10000, agent_elem,
                      (void **)items, n, err, errlen);
}

int proto_parse_error(const char *body, size_t len, char *code, size_t codelen, char *message,
                      size_t msglen)
{
    if (codelen)
        code[0] = '\0';
    if (msglen)
        message[0] = '\0';
    cJSON *o = parse_object(body, len, NULL, 0);
    if (!o)
        return PROTO_ERR_REPLY;
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
    char c[64], m[PROTO_TEXT_MAX + 1];
    int rc = !cJSON_IsObject(e) || get_str(e, "code", c, sizeof c, 0, NULL, 0) ||
             get_str(e, "message", m, sizeof m, 1, NULL, 0);
    cJSON_Delete(o);
    if (rc)
        return PROTO_ERR_REPLY;
    snprintf(code, codelen, "%s", c);
    snprintf(message, msglen, "%s", m);
    return PROTO_OK;
}

int proto_parse_attachment_state(const char *body, size_t len, proto_attachment_state *out,
                                 char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    cJSON *o = parse_object(body, len, err, errlen);
    if (!o)
        return PROTO_ERR_REPLY;
    int64_t size = 0, recv = 0;
    const cJSON *done = cJSON_GetObjectItemCaseSensitive(o, "complete");
    int rc = get_str(o, "sha256", out->sha256, sizeof out->sha256, 0, err, errlen) ||
             get_str(o, "type", out->type, sizeof out->type, 0, err, errlen) ||
             get_int(o, "size", 1, PROTO_ATT_JPEG_MAX, &size, err, errlen) ||
             get_int(o, "received", 0, size, &recv, err, errlen);
    if (!rc && (!hex64_ok(out->sha256) || !cJSON_IsBool(done))) {
        set_err(err, errlen, "field \"sha256\" or \"complete\" invalid");
        rc = -1;
    }
    if (!rc) {
        out->size = size;
        out->received = recv;
        out->complete = cJSON_IsTrue(done) && recv == size;
    }
    cJSON_Delete(o);
    return rc ? PROTO_ERR_REPLY : PROTO_OK;
}

static int attachment_elem(const cJSON *e, void *item, char *err, size_t errlen)
{
    proto_attachment *a = item;
    int64_t size = 0;
    if (!cJSON_IsObject(e)) {
        set_err(err, errlen, "attachment is not an object");
        return -1;
    }
    if (get_str(e, "name", a->name, sizeof a->name, 0, err, errlen) ||
        get_str(e, "sha256", a->sha256, sizeof a->sha256, 0, err, errlen) ||
        get_str(e, "type", a->type, sizeof a->type, 0, err, errlen) ||
        get_int(e, "size", 1, PROTO_ATT_JPEG_MAX, &size, err, errlen))
        return -1;
    a->size = size;
    if (!proto_attachment_ok(a)) {
        set_err(err, errlen, "attachment fields out of range");
        return -1;
    }
    return 0;
}

int proto_parse_filing_attachments(const char *body, size_t len, proto_attachment **items,
                                   size_t *n, char *err, size_t errlen)
{
    *items = NULL;
    *n = 0;
    cJSON *o = parse_object(body, len, err, errlen);
    if (!o)
        return PROTO_ERR_REPLY;
    int none = !cJSON_GetObjectItemCaseSensitive(o, "attachments");
    cJSON_Delete(o);
    if (none)
        return PROTO_OK;
    return parse_list(body, len, "attachments", sizeof(proto_attachment), PROTO_ATT_MAX,
                      attachment_elem, (void **)items, n, err, errlen);
}
