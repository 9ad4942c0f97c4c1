/* bundle.c — writing and reading the sneakernet bundle file (BUNDLE.md):
 * a clear 256-byte header, length-prefixed secretstream records (one filing
 * each, with its frozen request body and the images that body names, then a
 * trailer), and an Ed25519ph signature over all of it. */
#include "bundle/bundle.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/uuid.h"

static const char MAGIC[8] = {'C', 'Z', 'B', 'U', 'N', 'D', 'L', 'E'};
#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define SEALED_LEN (crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES)
#define SIG_LEN crypto_sign_BYTES

/* Header offsets. */
enum {
    H_MAGIC = 0, H_VERSION = 8, H_HLEN = 10, H_COUNT = 12, H_CREATED = 16, H_DEVICE = 24,
    H_SIGNER = 88, H_RECIPIENT = 120, H_SEALED = 152, H_SSHDR = 232, H_END = 256,
};
_Static_assert(H_SEALED + SEALED_LEN == H_SSHDR, "sealed key size");
_Static_assert(H_SSHDR + crypto_secretstream_xchacha20poly1305_HEADERBYTES == H_END, "header");
_Static_assert(H_END == BUNDLE_HEADER_LEN, "header length");

const char *bundle_strerror(int code)
{
    switch (code) {
    case BUNDLE_OK: return "ok";
    case BUNDLE_ERR_IO: return "cannot read or write the file";
    case BUNDLE_ERR_FORMAT: return "not a bundle, or its structure is damaged";
    case BUNDLE_ERR_VERSION: return "bundle format newer than this program";
    case BUNDLE_ERR_TRUNCATED: return "bundle is truncated";
    case BUNDLE_ERR_DEVICE: return "the signing device is not registered";
    case BUNDLE_ERR_SIGNATURE: return "signature check failed: the bundle was altered";
    case BUNDLE_ERR_SIGNER: return "signed by a key other than the device's registered key";
    case BUNDLE_ERR_ATTACHMENT: return "an image a filing names is missing or altered";
    case BUNDLE_ERR_RECIPIENT: return "bundle is encrypted for another county key";
    case BUNDLE_ERR_DECRYPT: return "decryption failed: content altered";
    case BUNDLE_ERR_KEY: return "key file missing, malformed or unsafe";
    case BUNDLE_ERR_EMPTY: return "no waiting filings to export";
    case BUNDLE_ERR_STORE: return "the offline store failed";
    case BUNDLE_ERR_NOMEM: return "out of memory";
    case BUNDLE_ERR_INVALID: return "bad argument";
    default: return "unknown error";
    }
}

const char *bundle_error_key(int code)
{
    switch (code) {
    case BUNDLE_OK: return "err.bundle.ok";
    case BUNDLE_ERR_IO: return "err.bundle.io";
    case BUNDLE_ERR_FORMAT: return "err.bundle.format";
    case BUNDLE_ERR_VERSION: return "err.bundle.version";
    case BUNDLE_ERR_TRUNCATED: return "err.bundle.truncated";
    case BUNDLE_ERR_DEVICE: return "err.bundle.device";
    case BUNDLE_ERR_SIGNATURE: return "err.bundle.signature";
    case BUNDLE_ERR_SIGNER: return "err.bundle.signer";
    case BUNDLE_ERR_ATTACHMENT: return "err.bundle.attachment";
    case BUNDLE_ERR_RECIPIENT: return "err.bundle.recipient";
    case BUNDLE_ERR_DECRYPT: return "err.bundle.decrypt";
    case BUNDLE_ERR_KEY: return "err.bundle.key";
    case BUNDLE_ERR_EMPTY: return "err.bundle.empty";
    case BUNDLE_ERR_STORE: return "err.bundle.store";
    case BUNDLE_ERR_NOMEM: return "err.bundle.nomem";
    case BUNDLE_ERR_INVALID: return "err.bundle.invalid";
    default: return "err.bundle.unknown";
    }
}

static void put_u16(uint8_t *p, unsigned v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void put_i64(uint8_t *p, int64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)((uint64_t)v >> (8 * i));
}
static unsigned get_u16(const uint8_t *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static int64_t get_i64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return (int64_t)v;
}

static int device_id_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > BUNDLE_DEVICE_ID_MAX)
        return 0;
    for (const char *p = s; *p; p++)
        if (*p <= ' ' || *p > '~')
            return 0;
    return 1;
}

/* ---- images ------------------------------------------------------------ */

/* The type an image's first bytes say it is, or NULL. */
static const char *image_type(const unsigned char *d, size_t n)
{
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return "image/jpeg";
    return NULL;
}

static void sha256_hex(const unsigned char *d, size_t n, char out[65])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, d, n);
    bundle_hex_encode(h, sizeof h, out);
}

/* One attachment a request body names (PROTOCOL.md "attachments"); 0 if
 * any of its fields is missing or malformed. */
static int att_fields(const cJSON *a, const char **name, const char **sha, const char **type,
                      size_t *size)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(a, "name");
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(a, "sha256");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(a, "type");
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(a, "size");
    if (!cJSON_IsString(n) || !cJSON_IsString(h) || !cJSON_IsString(t) || !cJSON_IsNumber(z) ||
        strlen(n->valuestring) >= sizeof(((bundle_file *)0)->name) ||
        strlen(h->valuestring) != 64 || z->valuedouble < 1 || z->valuedouble > BUNDLE_MAX_RECORD)
        return 0;
    *name = n->valuestring;
    *sha = h->valuestring;
    *type = t->valuestring;
    *size = (size_t)z->valuedouble;
    return 1;
}

/* ---- export ------------------------------------------------------------ */

/* Adds "files" to record o: every image the frozen body names, read with
 * the caller's reader, as base64 with its sha256, type and size. */
static int add_files(cJSON *o, const store_filing *f, const bundle_export_opts *opt, char *err,
                     size_t errlen)
{
    cJSON *body = cJSON_Parse(f->body);
    const cJSON *atts = cJSON_GetObjectItemCaseSensitive(body, "attachments"), *a;
    int rc = BUNDLE_OK;
    if (!cJSON_IsArray(atts) || cJSON_GetArraySize(atts) == 0) {
        cJSON_Delete(body);
        return BUNDLE_OK;
    }
    cJSON *files = cJSON_AddArrayToObject(o, "files");
    if (!files)
        rc = BUNDLE_ERR_NOMEM;
    cJSON_ArrayForEach(a, atts)
    {
        if (rc != BUNDLE_OK)
            break;
        const char *name, *sha, *type;
        size_t size;
        unsigned char *data = NULL;
        size_t len = 0;
        if (!att_fields(a, &name, &sha, &type, &size)) {
            snprintf(err, errlen, "filing %s: its body names an attachment badly", f->uuid);
            rc = BUNDLE_ERR_ATTACHMENT;
            break;
        }
        if (!opt->attachment || opt->attachment(opt->attachment_ud, name, sha, &data, &len) != 0 ||
            len != size) {
            snprintf(err, errlen, "filing %s: image %.12s... is missing or changed on this kiosk",
                     f->uuid, sha);
            if (data)
                sodium_memzero(data, len);
            free(data);
            rc = BUNDLE_ERR_ATTACHMENT;
            break;
        }
        size_t blen = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = malloc(blen);
        cJSON *fo = b64 ? cJSON_CreateObject() : NULL;
        if (fo) {
            sodium_bin2base64(b64, blen, data, len, sodium_base64_VARIANT_ORIGINAL);
            cJSON_AddItemToArray(files, fo);
        }
        if (!fo || !cJSON_AddStringToObject(fo, "name", name) ||
            !cJSON_AddStringToObject(fo, "sha256", sha) ||
            !cJSON_AddStringToObject(fo, "type", type) ||
            !cJSON_AddNumberToObject(fo, "size", (double)len) ||
            !cJSON_AddStringToObject(fo, "data", b64))
            rc = BUNDLE_ERR_NOMEM;
        sodium_memzero(data, len);
        free(data);
        if (b64)
            sodium_memzero(b64, blen);
        free(b64);
    }
    cJSON_Delete(body);
    return rc;
}

/* One filing as the JSON text of its record (BUNDLE.md) into *out; a
 * BUNDLE_ code (err says which filing). */
static int filing_json(const store_filing *f, const bundle_export_opts *opt, char **out,
                       char *err, size_t errlen)
{
    *out = NULL;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return BUNDLE_ERR_NOMEM;
    int ok = cJSON_AddStringToObject(o, "filing_id", f->uuid) &&
             cJSON_AddStringToObject(o, "form_id", f->form_id ? f->form_id : "") &&
             cJSON_AddNumberToObject(o, "form_version", f->form_version) &&
             cJSON_AddStringToObject(o, "item_title", f->item_title ? f->item_title : "") &&
             cJSON_AddStringToObject(o, "villager_key", f->villager_key) &&
             (f->agent_id ? cJSON_AddStringToObject(o, "agent_id", f->agent_id) != NULL
                          : cJSON_AddNullToObject(o, "agent_id") != NULL) &&
             cJSON_AddNumberToObject(o, "filed_at_ms", (double)f->created_ms) &&
             cJSON_AddStringToObject(o, "payload", f->payload ? f->payload : "{}") &&
             (!f->body || cJSON_AddStringToObject(o, "body", f->body));
    int rc = ok ? BUNDLE_OK : BUNDLE_ERR_NOMEM;
    if (rc == BUNDLE_OK && f->body)
        rc = add_files(o, f, opt, err, errlen);
    if (rc == BUNDLE_OK && !(*out = cJSON_PrintUnformatted(o)))
        rc = BUNDLE_ERR_NOMEM;
    cJSON_Delete(o);
    return rc;
}

typedef struct {
    FILE *f;
    crypto_sign_state sig;
    crypto_secretstream_xchacha20poly1305_state ss;
    const uint8_t *hdr;
    int ioerr;
} writer;

static void w_bytes(writer *w, const void *p, size_t n)
{
    if (w->ioerr || fwrite(p, 1, n, w->f) != n)
        w->ioerr = 1;
    crypto_sign_update(&w->sig, p, n);
}

static int w_record(writer *w, const char *text, unsigned char tag)
{
    size_t len = strlen(text);
    if (len + SS_ABYTES > BUNDLE_MAX_RECORD)
        return BUNDLE_ERR_INVALID;
    uint8_t *ct = malloc(len + SS_ABYTES);
    if (!ct)
        return BUNDLE_ERR_NOMEM;
    unsigned long long clen;
    crypto_secretstream_xchacha20poly1305_push(&w->ss, ct, &clen, (const uint8_t *)text, len,
                                               w->hdr, BUNDLE_HEADER_LEN, tag);
    uint8_t lb[4];
    put_u32(lb, (uint32_t)clen);
    w_bytes(w, lb, 4);
    w_bytes(w, ct, (size_t)clen);
    free(ct);
    return BUNDLE_OK;
}

static void bundle_name(const bundle_export_opts *o, int serial, char *out, size_t n)
{
    char dev[BUNDLE_DEVICE_ID_MAX + 1];
    size_t j = 0;
    for (const char *p = o->device_id; *p && j < sizeof dev - 1; p++)
        dev[j++] = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '-') ? *p : '_';
    dev[j] = '\0';
    time_t t = (time_t)(o->now_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y%m%d-%H%M%S", &tm);
    if (serial)
        snprintf(out, n, "cunzhan-%s-%sZ-%d%s", dev, when, serial, BUNDLE_SUFFIX);
    else
        snprintf(out, n, "cunzhan-%s-%sZ%s", dev, when, BUNDLE_SUFFIX);
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems (vfat) refuse it */
        close(fd);
    }
}

int bundle_export(store *st, const bundle_export_opts *o, char *path, size_t pathlen, int *count,
                  char *err, size_t errlen)
{
    if (count)
        *count = 0;
    if (path && pathlen)
        path[0] = '\0';
    if (!st || !o || !o->dir || !o->county_pk || !o->key || !device_id_ok(o->device_id)) {
        snprintf(err, errlen, "missing folder, key or device id");
        return BUNDLE_ERR_INVALID;
    }
    if (sodium_init() < 0)
        return BUNDLE_ERR_NOMEM;
    store_filing *items = NULL;
    size_t n = 0;
    int src = store_outbox_list(st, NULL, &items, &n);
    if (src != STORE_OK) {
        snprintf(err, errlen, "outbox: %s", store_strerror(src));
        return BUNDLE_ERR_STORE;
    }
    size_t kept = 0; /* a held filing stays out: the county refused it, or its body changed */
    for (size_t i = 0; i < n; i++) {
        if (items[i].held_reason)
            store_filing_clear(&items[i]);
        else
            items[kept++] = items[i];
    }
    n = kept;
    if (n == 0) {
        free(items); /* its held entries cleared above */
        snprintf(err, errlen, "no pending filings");
        return BUNDLE_ERR_EMPTY;
    }
    if (n > BUNDLE_MAX_COUNT) {
        store_filing_list_free(items, n);
        snprintf(err, errlen, "%zu filings: more than a bundle holds", n);
        return BUNDLE_ERR_INVALID;
    }

    char name[160], final[PATH_MAX - 8], tmp[PATH_MAX];
    int rc = BUNDLE_OK;
    for (int serial = 0;; serial++) {
        bundle_name(o, serial, name, sizeof name);
        if (snprintf(final, sizeof final, "%s/%s", o->dir, name) >= (int)sizeof final) {
            snprintf(err, errlen, "%s: path too long", o->dir);
            store_filing_list_free(items, n);
            return BUNDLE_ERR_INVALID;
        }
        if (access(final, F_OK) != 0 || serial == 99)
            break;
    }
    snprintf(tmp, sizeof tmp, "%s.part", final);

    uint8_t hdr[BUNDLE_HEADER_LEN];
    memset(hdr, 0, sizeof hdr);
    memcpy(hdr + H_MAGIC, MAGIC, sizeof MAGIC);
    put_u16(hdr + H_VERSION, BUNDLE_VERSION);
    put_u16(hdr + H_HLEN, BUNDLE_HEADER_LEN);
    put_u32(hdr + H_COUNT, (uint32_t)n);
    put_i64(hdr + H_CREATED, o->now_ms);
    memcpy(hdr + H_DEVICE, o->device_id, strlen(o->device_id));
    memcpy(hdr + H_SIGNER, o->key->pk, BUNDLE_PK_LEN);
    memcpy(hdr + H_RECIPIENT, o->county_pk, BUNDLE_PK_LEN);
    uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    crypto_secretstream_xchacha20poly1305_keygen(key);
    writer w;
    memset(&w, 0, sizeof w);
    w.hdr = hdr;
    if (crypto_box_seal(hdr + H_SEALED, key, sizeof key, o->county_pk) != 0) {
        sodium_memzero(key, sizeof key);
        store_filing_list_free(items, n);
        snprintf(err, errlen, "the county public key is not usable");
        return BUNDLE_ERR_KEY;
    }
    crypto_secretstream_xchacha20poly1305_init_push(&w.ss, hdr + H_SSHDR, key);
    sodium_memzero(key, sizeof key);

    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    w.f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!w.f) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        store_filing_list_free(items, n);
        return BUNDLE_ERR_IO;
    }
    crypto_sign_init(&w.sig);
    w_bytes(&w, hdr, sizeof hdr);
    for (size_t i = 0; i < n && rc == BUNDLE_OK; i++) {
        char *js = NULL;
        rc = filing_json(&items[i], o, &js, err, errlen);
        if (rc != BUNDLE_OK)
            break;
        rc = w_record(&w, js, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        sodium_memzero(js, strlen(js));
        free(js);
        if (rc == BUNDLE_ERR_INVALID)
            snprintf(err, errlen, "filing %s: too large for a bundle record", items[i].uuid);
    }
    if (rc == BUNDLE_OK) {
        char trailer[64];
        snprintf(trailer, sizeof trailer, "{\"count\":%zu}", n);
        rc = w_record(&w, trailer, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    }
    uint8_t sig[SIG_LEN];
    if (rc == BUNDLE_OK) {
        crypto_sign_final_create(&w.sig, sig, NULL, o->key->sk);
        if (!w.ioerr && fwrite(sig, 1, sizeof sig, w.f) != sizeof sig)
            w.ioerr = 1;
    }
    if (fflush(w.f) != 0 || fsync(fileno(w.f)) != 0)
        w.ioerr = 1;
    if (fclose(w.f) != 0)
        w.ioerr = 1;
    sodium_memzero(&w.ss, sizeof w.ss);
    if (rc == BUNDLE_OK && w.ioerr) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno ? errno : EIO));
        rc = BUNDLE_ERR_IO;
    }
    if (rc == BUNDLE_OK && rename(tmp, final) != 0) {
        snprintf(err, errlen, "%s: %s", final, strerror(errno));
        rc = BUNDLE_ERR_IO;
    }
    if (rc != BUNDLE_OK) {
        unlink(tmp);
        store_filing_list_free(items, n);
        return rc;
    }
    sync_dir(o->dir);
    store_filing_list_free(items, n);

    char detail[64];
    snprintf(detail, sizeof detail, "count=%zu", n);
    src = store_audit_add(st, STORE_ACTOR_ADMIN, o->actor_id, "bundle.export", name, detail);
    if (src != STORE_OK) {
        unlink(final);
        sync_dir(o->dir);
        snprintf(err, errlen, "audit log: %s", store_strerror(src));
        return BUNDLE_ERR_STORE;
    }
    core_log(CORE_LOG_INFO, "bundle", "exported %zu waiting filings to %s", n, name);
    if (path)
        snprintf(path, pathlen, "%s", final);
    if (count)
        *count = (int)n;
    return BUNDLE_OK;
}

/* ---- import ------------------------------------------------------------ */

static int read_header(FILE *f, uint8_t hdr[BUNDLE_HEADER_LEN], bundle_info *info, char *err,
                       size_t errlen)
{
    size_t got = fread(hdr, 1, BUNDLE_HEADER_LEN, f);
    if (got >= sizeof MAGIC && memcmp(hdr, MAGIC, sizeof MAGIC) != 0) {
        snprintf(err, errlen, "not a cunzhan bundle (wrong magic)");
        return BUNDLE_ERR_FORMAT;
    }
    if (got < BUNDLE_HEADER_LEN) {
        snprintf(err, errlen, "file ends inside the header (%zu of %d bytes)", got,
                 BUNDLE_HEADER_LEN);
        return got < sizeof MAGIC ? BUNDLE_ERR_FORMAT : BUNDLE_ERR_TRUNCATED;
    }
    memset(info, 0, sizeof *info);
    info->version = (int)get_u16(hdr + H_VERSION);
    if (info->version < 1 || info->version > BUNDLE_VERSION) {
        snprintf(err, errlen, "bundle format version %d; this program reads 1 to %d",
                 info->version, BUNDLE_VERSION);
        return info->version > BUNDLE_VERSION ? BUNDLE_ERR_VERSION : BUNDLE_ERR_FORMAT;
    }
    if (get_u16(hdr + H_HLEN) != BUNDLE_HEADER_LEN) {
        snprintf(err, errlen, "header length %u, expected %d", get_u16(hdr + H_HLEN),
                 BUNDLE_HEADER_LEN);
        return BUNDLE_ERR_FORMAT;
    }
    info->count = get_u32(hdr + H_COUNT);
    info->created_ms = get_i64(hdr + H_CREATED);
    memcpy(info->device_id, hdr + H_DEVICE, BUNDLE_DEVICE_ID_MAX);
    info->device_id[BUNDLE_DEVICE_ID_MAX] = '\0';
    size_t dl = strlen(info->device_id);
    for (size_t i = dl; i < BUNDLE_DEVICE_ID_MAX; i++)
        if (hdr[H_DEVICE + i]) {
            snprintf(err, errlen, "device id field is not NUL-padded");
            return BUNDLE_ERR_FORMAT;
        }
    if (!device_id_ok(info->device_id)) {
        snprintf(err, errlen, "device id is empty or not printable ASCII");
        return BUNDLE_ERR_FORMAT;
    }
    if (info->count == 0 || info->count > BUNDLE_MAX_COUNT) {
        snprintf(err, errlen, "filing count %u outside 1..%u", info->count, BUNDLE_MAX_COUNT);
        return BUNDLE_ERR_FORMAT;
    }
    memcpy(info->signer_pk, hdr + H_SIGNER, BUNDLE_PK_LEN);
    memcpy(info->recipient_pk, hdr + H_RECIPIENT, BUNDLE_PK_LEN);
    return BUNDLE_OK;
}

/* Opens a bundle and reads its header into hdr and info (*rc: the outcome).
 * The file stays open for the caller to close; NULL if it could not be opened. */
static FILE *open_bundle(const char *path, uint8_t hdr[BUNDLE_HEADER_LEN], bundle_info *info,
                         int *rc, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        *rc = BUNDLE_ERR_IO;
        return NULL;
    }
    *rc = read_header(f, hdr, info, err, errlen);
    return f;
}

void bundle_filings_free(bundle_filing *items, size_t n)
{
    if (!items)
        return;
    for (size_t i = 0; i < n; i++) {
        free(items[i].form_id);
        free(items[i].item_title);
        free(items[i].agent_id);
        if (items[i].payload) {
            sodium_memzero(items[i].payload, strlen(items[i].payload));
            free(items[i].payload);
        }
        if (items[i].body) {
            sodium_memzero(items[i].body, strlen(items[i].body));
            free(items[i].body);
        }
        for (size_t k = 0; k < items[i].n_files; k++) {
            if (items[i].files[k].data)
                sodium_memzero(items[i].files[k].data, items[i].files[k].size);
            free(items[i].files[k].data);
        }
        free(items[i].files);
    }
    sodium_memzero(items, n * sizeof *items);
    free(items);
}

static int lower_hex64(const char *s)
{
    if (!s || strlen(s) != STORE_KEY_LEN)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

static char *dup_str(const cJSON *o, const char *name, size_t max, int nullable, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (nullable && (!v || cJSON_IsNull(v)))
        return NULL;
    if (!cJSON_IsString(v) || strlen(v->valuestring) > max) {
        *bad = 1;
        return NULL;
    }
    char *s = strdup(v->valuestring);
    if (!s)
        *bad = 2;
    return s;
}

/* The images of one filing record ("files") into f, each checked against
 * the attachments its request body names: every one carried, with bytes
 * that hash to its sha256, of its size and type. A malformed entry is
 * BUNDLE_ERR_FORMAT (*field says which), a missing or altered image
 * BUNDLE_ERR_ATTACHMENT (err names the filing and the hash). */
static int parse_files(const cJSON *o, const cJSON *body, bundle_filing *f, const char **field,
                       char *err, size_t errlen)
{
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(o, "files"), *e;
    const cJSON *atts = body ? cJSON_GetObjectItemCaseSensitive(body, "attachments") : NULL;
    int nf = files ? cJSON_GetArraySize(files) : 0;
    *field = "files";
    if ((files && !cJSON_IsArray(files)) || (atts && !cJSON_IsArray(atts)) || nf > 64)
        return BUNDLE_ERR_FORMAT;
    if (nf > 0 && !(f->files = calloc((size_t)nf, sizeof *f->files)))
        return BUNDLE_ERR_NOMEM;
    cJSON_ArrayForEach(e, files)
    {
        bundle_file *bf = &f->files[f->n_files];
        const char *name, *sha, *type;
        size_t size, len = 0;
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "data");
        if (!att_fields(e, &name, &sha, &type, &size) || !cJSON_IsString(d))
            return BUNDLE_ERR_FORMAT;
        snprintf(bf->name, sizeof bf->name, "%s", name);
        snprintf(bf->sha256, sizeof bf->sha256, "%s", sha);
        snprintf(bf->type, sizeof bf->type, "%s", type);
        size_t dl = strlen(d->valuestring);
        if (!(bf->data = malloc(dl / 4 * 3 + 3)))
            return BUNDLE_ERR_NOMEM;
        f->n_files++;
        char hex[65] = "";
        if (sodium_base642bin(bf->data, dl / 4 * 3 + 3, d->valuestring, dl, NULL, &len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) == 0)
            sha256_hex(bf->data, len, hex);
        bf->size = len;
        const char *is = image_type(bf->data, len);
        if (strcmp(hex, sha) || len != size || !is || strcmp(is, type)) {
            snprintf(err, errlen, "filing %s: image %.12s... does not match its sha256, size or"
                     " type (altered)", f->filing_id, sha);
            return BUNDLE_ERR_ATTACHMENT;
        }
    }
    const cJSON *a;
    cJSON_ArrayForEach(a, atts) /* every image the body names is here */
    {
        const char *name, *sha, *type;
        size_t size, k = 0;
        if (!att_fields(a, &name, &sha, &type, &size)) {
            *field = "body";
            return BUNDLE_ERR_FORMAT;
        }
        while (k < f->n_files && strcmp(f->files[k].sha256, sha))
            k++;
        if (k == f->n_files || f->files[k].size != size || strcmp(f->files[k].type, type)) {
            snprintf(err, errlen, "filing %s: image %.12s... it names is missing from the bundle",
                     f->filing_id, sha);
            return BUNDLE_ERR_ATTACHMENT;
        }
    }
    if ((size_t)(atts ? cJSON_GetArraySize(atts) : 0) < f->n_files)
        return BUNDLE_ERR_FORMAT; /* an image no attachment names */
    return BUNDLE_OK;
}

/* Fills f from one record's JSON; error names the field, never its value. */
static int parse_filing(const char *text, size_t len, bundle_filing *f, char *err, size_t errlen)
{
    cJSON *o = cJSON_ParseWithLength(text, len);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        snprintf(err, errlen, "a filing record is not a JSON object");
        return BUNDLE_ERR_FORMAT;
    }
    int bad = 0;
    const char *field = "";
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "filing_id");
    if (!cJSON_IsString(id) || !core_uuid_valid(id->valuestring)) {
        bad = 1, field = "filing_id";
    } else {
        snprintf(f->filing_id, sizeof f->filing_id, "%s", id->valuestring);
    }
    const cJSON *vk = cJSON_GetObjectItemCaseSensitive(o, "villager_key");
    if (!bad && (!cJSON_IsString(vk) || !lower_hex64(vk->valuestring)))
        bad = 1, field = "villager_key";
    else if (!bad)
        memcpy(f->villager_key, vk->valuestring, STORE_KEY_LEN + 1);
    const cJSON *fv = cJSON_GetObjectItemCaseSensitive(o, "form_version");
    if (!bad && (!cJSON_IsNumber(fv) || fv->valuedouble < 1 || fv->valuedouble > 1e6 ||
                 fv->valuedouble != (double)(int)fv->valuedouble))
        bad = 1, field = "form_version";
    else if (!bad)
        f->form_version = (int)fv->valuedouble;
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "filed_at_ms");
    if (!bad && (!cJSON_IsNumber(at) || at->valuedouble < 0 || at->valuedouble > 9e15))
        bad = 1, field = "filed_at_ms";
    else if (!bad)
        f->filed_at_ms = (int64_t)at->valuedouble;
    if (!bad && !(f->form_id = dup_str(o, "form_id", 64, 0, &bad)))
        field = "form_id";
    if (!bad && f->form_id && !*f->form_id)
        bad = 1, field = "form_id";
    if (!bad && !(f->item_title = dup_str(o, "item_title", 512, 0, &bad)))
        field = "item_title";
    if (!bad) {
        f->agent_id = dup_str(o, "agent_id", 64, 1, &bad);
        if (bad)
            field = "agent_id";
    }
    if (!bad && !(f->payload = dup_str(o, "payload", BUNDLE_MAX_RECORD, 0, &bad)))
        field = "payload";
    if (!bad) {
        cJSON *p = cJSON_Parse(f->payload);
        if (!cJSON_IsObject(p))
            bad = 1, field = "payload";
        cJSON_Delete(p);
    }
    if (!bad) {
        f->body = dup_str(o, "body", BUNDLE_MAX_RECORD, 1, &bad);
        if (bad)
            field = "body";
    }
    cJSON *body = NULL;
    if (!bad && f->body) { /* the request body of this very filing */
        body = cJSON_Parse(f->body);
        const cJSON *bid = cJSON_GetObjectItemCaseSensitive(body, "filing_id");
        if (!cJSON_IsObject(body) || !cJSON_IsString(bid) ||
            strcmp(bid->valuestring, f->filing_id))
            bad = 1, field = "body";
    }
    int rc = BUNDLE_OK;
    if (!bad)
        rc = parse_files(o, body, f, &field, err, errlen);
    cJSON_Delete(body);
    cJSON_Delete(o);
    if (bad == 2 || rc == BUNDLE_ERR_NOMEM)
        return BUNDLE_ERR_NOMEM;
    if (bad || rc == BUNDLE_ERR_FORMAT) {
        snprintf(err, errlen, "a filing record has a missing or invalid '%s'", field);
        return BUNDLE_ERR_FORMAT;
    }
    return rc;
}

/* Pass 1: walks the records without decrypting and checks the signature. */
static int verify_pass(FILE *f, long size, const uint8_t *hdr, const bundle_info *info,
                       const uint8_t pk[BUNDLE_PK_LEN], char *err, size_t errlen)
{
    if (size < (long)(BUNDLE_HEADER_LEN + SIG_LEN + 4)) {
        snprintf(err, errlen, "file ends after the header (%ld bytes)", size);
        return BUNDLE_ERR_TRUNCATED;
    }
    long end = size - SIG_LEN, pos = BUNDLE_HEADER_LEN;
    crypto_sign_state st;
    crypto_sign_init(&st);
    crypto_sign_update(&st, hdr, BUNDLE_HEADER_LEN);
    uint8_t *buf = malloc(BUNDLE_MAX_RECORD);
    if (!buf)
        return BUNDLE_ERR_NOMEM;
    uint32_t records = 0;
    int rc = BUNDLE_OK;
    while (rc == BUNDLE_OK && pos < end) {
        uint8_t lb[4];
        if (pos + 4 > end || fread(lb, 1, 4, f) != 4) {
            snprintf(err, errlen, "file ends inside record %u", records + 1);
            rc = BUNDLE_ERR_TRUNCATED;
            break;
        }
        uint32_t len = get_u32(lb);
        if (len <= SS_ABYTES || len > BUNDLE_MAX_RECORD) {
            snprintf(err, errlen, "record %u has an impossible length %u", records + 1, len);
            rc = BUNDLE_ERR_FORMAT;
            break;
        }
        if (pos + 4 + (long)len > end) {
            snprintf(err, errlen, "file ends inside record %u", records + 1);
            rc = BUNDLE_ERR_TRUNCATED;
            break;
        }
        if (fread(buf, 1, len, f) != len) {
            snprintf(err, errlen, "read error in record %u", records + 1);
            rc = BUNDLE_ERR_IO;
            break;
        }
        crypto_sign_update(&st, lb, 4);
        crypto_sign_update(&st, buf, len);
        pos += 4 + (long)len;
        records++;
    }
    free(buf);
    if (rc == BUNDLE_OK && records != info->count + 1) {
        snprintf(err, errlen, "%u records for %u filings and a trailer", records, info->count);
        rc = records < info->count + 1 ? BUNDLE_ERR_TRUNCATED : BUNDLE_ERR_FORMAT;
    }
    uint8_t sig[SIG_LEN];
    if (rc == BUNDLE_OK && fread(sig, 1, SIG_LEN, f) != SIG_LEN) {
        snprintf(err, errlen, "file ends inside the signature");
        rc = BUNDLE_ERR_TRUNCATED;
    }
    if (rc == BUNDLE_OK && crypto_sign_final_verify(&st, sig, pk) != 0) {
        snprintf(err, errlen, "signature of device %s does not verify: the file was altered",
                 info->device_id);
        rc = BUNDLE_ERR_SIGNATURE;
    }
    return rc;
}

/* Pass 2: decrypts every record and parses the filings. */
static int decrypt_pass(FILE *f, const uint8_t *hdr, const bundle_info *info,
                        const bundle_box_key *county, bundle_filing *items, char *err,
                        size_t errlen)
{
    uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    if (crypto_box_seal_open(key, hdr + H_SEALED, SEALED_LEN, county->pk, county->sk) != 0) {
        snprintf(err, errlen, "cannot open the sealed stream key with this county key");
        return BUNDLE_ERR_RECIPIENT;
    }
    crypto_secretstream_xchacha20poly1305_state ss;
    int ok = crypto_secretstream_xchacha20poly1305_init_pull(&ss, hdr + H_SSHDR, key) == 0;
    sodium_memzero(key, sizeof key);
    if (!ok) {
        snprintf(err, errlen, "stream header is invalid");
        return BUNDLE_ERR_DECRYPT;
    }
    uint8_t *ct = malloc(BUNDLE_MAX_RECORD), *pt = malloc(BUNDLE_MAX_RECORD + 1);
    if (!ct || !pt) {
        free(ct);
        free(pt);
        return BUNDLE_ERR_NOMEM;
    }
    int rc = BUNDLE_OK;
    fseek(f, BUNDLE_HEADER_LEN, SEEK_SET);
    for (uint32_t r = 0; r <= info->count && rc == BUNDLE_OK; r++) {
        uint8_t lb[4];
        uint32_t len = 0;
        if (fread(lb, 1, 4, f) != 4 || (len = get_u32(lb)) > BUNDLE_MAX_RECORD ||
            fread(ct, 1, len, f) != len) {
            snprintf(err, errlen, "read error in record %u", r + 1);
            rc = BUNDLE_ERR_IO; /* the file changed between the passes */
            break;
        }
        unsigned long long plen;
        unsigned char tag;
        if (crypto_secretstream_xchacha20poly1305_pull(&ss, pt, &plen, &tag, ct, len, hdr,
                                                       BUNDLE_HEADER_LEN) != 0) {
            snprintf(err, errlen, "record %u does not decrypt", r + 1);
            rc = BUNDLE_ERR_DECRYPT;
            break;
        }
        int last = r == info->count;
        if (tag != (last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                         : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)) {
            snprintf(err, errlen, "record %u has the wrong stream tag", r + 1);
            rc = BUNDLE_ERR_FORMAT;
            break;
        }
        pt[plen] = '\0';
        if (last) {
            char want[64];
            snprintf(want, sizeof want, "{\"count\":%u}", info->count);
            if (strcmp((char *)pt, want) != 0) {
                snprintf(err, errlen, "trailer does not match the header's count");
                rc = BUNDLE_ERR_FORMAT;
            }
            break;
        }
        rc = parse_filing((char *)pt, (size_t)plen, &items[r], err, errlen);
        for (uint32_t k = 0; rc == BUNDLE_OK && k < r; k++)
            if (strcmp(items[k].filing_id, items[r].filing_id) == 0) {
                snprintf(err, errlen, "filing %s appears twice", items[r].filing_id);
                rc = BUNDLE_ERR_FORMAT;
            }
        sodium_memzero(pt, (size_t)plen);
    }
    sodium_memzero(&ss, sizeof ss);
    free(ct);
    free(pt);
    return rc;
}

int bundle_read(const char *path, const bundle_box_key *county, bundle_trust_fn trust, void *ud,
                bundle_info *info, bundle_filing **items, size_t *n, char *err, size_t errlen)
{
    if (!path || !county || !trust || !info || !items || !n)
        return BUNDLE_ERR_INVALID;
    *items = NULL;
    *n = 0;
    if (sodium_init() < 0)
        return BUNDLE_ERR_NOMEM;
    uint8_t hdr[BUNDLE_HEADER_LEN];
    int rc;
    FILE *f = open_bundle(path, hdr, info, &rc, err, errlen);
    if (!f)
        return rc;
    long size = -1;
    if (rc == BUNDLE_OK) {
        if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
            fseek(f, BUNDLE_HEADER_LEN, SEEK_SET) != 0) {
            snprintf(err, errlen, "%s: cannot seek", path);
            rc = BUNDLE_ERR_IO;
        }
    }
    if (rc == BUNDLE_OK && sodium_memcmp(info->recipient_pk, county->pk, BUNDLE_PK_LEN) != 0) {
        char want[2 * BUNDLE_PK_LEN + 1], got[2 * BUNDLE_PK_LEN + 1];
        bundle_hex_encode(county->pk, BUNDLE_PK_LEN, want);
        bundle_hex_encode(info->recipient_pk, BUNDLE_PK_LEN, got);
        snprintf(err, errlen, "encrypted for county key %.16s…, not this county's %.16s…", got,
                 want);
        rc = BUNDLE_ERR_RECIPIENT;
    }
    uint8_t pk[BUNDLE_PK_LEN];
    if (rc == BUNDLE_OK && trust(ud, info->device_id, pk) != 0) {
        snprintf(err, errlen, "device %s has no registered signing key", info->device_id);
        rc = BUNDLE_ERR_DEVICE;
    }
    if (rc == BUNDLE_OK && sodium_memcmp(pk, info->signer_pk, BUNDLE_PK_LEN) != 0) {
        snprintf(err, errlen, "device %s: signed by a key other than its registered one",
                 info->device_id);
        rc = BUNDLE_ERR_SIGNER;
    }
    if (rc == BUNDLE_OK)
        rc = verify_pass(f, size, hdr, info, pk, err, errlen);
    bundle_filing *arr = NULL;
    if (rc == BUNDLE_OK) {
        arr = calloc(info->count, sizeof *arr);
        rc = arr ? decrypt_pass(f, hdr, info, county, arr, err, errlen) : BUNDLE_ERR_NOMEM;
    }
    fclose(f);
    if (rc != BUNDLE_OK) {
        bundle_filings_free(arr, arr ? info->count : 0);
        return rc;
    }
    *items = arr;
    *n = info->count;
    return BUNDLE_OK;
}
