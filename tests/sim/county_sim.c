/* county_sim.c — county-sim, a stand-in for the county government-service
 * platform (protocol v1, app/sync/PROTOCOL.md) for tests, benchmarks and
 * technicians running the emulator. Listens on 127.0.0.1 only, HTTPS with a
 * given certificate (or plain HTTP with --plain), keeps what it receives in
 * its own SQLite file, and injects faults on request: random 5xx, a fixed
 * delay, dropped connections, slow (trickled) replies, 429,
 * "accept-then-fail" (commit the filing, then answer 500 or drop) and a final
 * refusal of the next filing (refuse_next: 400, 403, 404, 409 or 413; its
 * message refuse_message, up to 512 bytes, as a county writes it: Chinese).
 *
 * Concurrency: libmicrohttpd runs a thread per connection; every database
 * change is made under one mutex in one transaction, so concurrent retries of
 * one filing create exactly one record and all get the same receipt number.
 *
 * Attachments (PROTOCOL.md): content-addressed by sha256, uploaded in pieces
 * of at most 256 KiB with Content-Range, resumable (GET tells how much is
 * held), type-checked (PNG or JPEG by signature and structure), size-limited
 * and hash-verified when the last byte arrives. A filing that names an
 * attachment not completely held is refused (422 attachments_missing).
 *
 * The signed catalogue (--catalogue DIR --catalogue-key FILE): a manifest of
 * DIR's .json files and those of DIR/settings (name, size, sha256) with a version
 * and the level of the form language it needs, signed with the county's
 * Ed25519 key (`county-sim keygen FILE` makes one), and each file by name.
 * Versions published later stand beside it; a kiosk is served the newest it
 * says it reads. Catalogue faults for the kiosk's tests (bad signature,
 * unsigned, malformed, older version, a file not matching its hash, the
 * connection dropped in the middle of a file, levels ignored).
 *
 * Admin endpoints (loopback clients only, never subject to faults):
 *   GET/POST /admin/faults   read / change fault settings (JSON, partial updates)
 *   GET  /admin/filings/count {"count": N}
 *   GET  /admin/filings       {"filings": [{filing_id, receipt_no, villager_key, form_id, device_id,
 *                              status, attachments}]}
 *   GET  /admin/filings/<receipt_no>          one filing with its payload, note and attachments
 *   POST /admin/filings/<receipt_no>/accept   the back office: submitted -> accepted
 *   POST /admin/filings/<receipt_no>/return   {"note": ".."}: submitted|accepted -> returned
 *   POST /admin/filings/<receipt_no>/finish   accepted -> done ({"note"} optional)
 *   GET  /admin/attachments   {"attachments": [{sha256, type, size, received, complete, refs}]}
 *   GET  /admin/attachments/<sha256>          the bytes of a complete attachment
 *   GET  /admin/stats         requests served and faults injected
 *   POST /admin/status        {"receipt_no":..,"status":..,"note":..} (any status, for tests)
 *   POST /admin/agents        {"agents":[ agent objects as in GET /api/v1/agents ]}
 *   GET/POST /admin/catalogue {"dir": "..", "version": N, "needs": L} publishes DIR as version N
 *                             needing level L of the form language (1 if not said), beside
 *                             the versions before: a kiosk gets the newest it reads;
 *                             {"fault": ".."} sets a catalogue fault ("" none); GET tells both
 * A filing that names "supersedes" (a correction, 补正) must name a returned
 * filing of the same villager; the old one then becomes "superseded" (final)
 * with superseded_by, in the same transaction. POST /api/v1/receipts/status
 * answers for many receipts of the asking device at once (the status loop).
 * `county-sim admin ...` (sim_cli.c) is the technicians' command for them.
 */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "sim_cli.h"

#define MAX_BODY (1u << 20)
#define PIECE_MAX (256u << 10)  /* bytes per attachment piece */
#define PNG_MAX (1u << 20)      /* size limits of attachments */
#define JPEG_MAX (2u << 20)
#define ATT_PER_FILING 16

typedef struct {
    double error_rate;       /* random 503 */
    double drop_rate;        /* close without a reply */
    double rate429;          /* 429 with Retry-After */
    double accept_fail_rate; /* filings: commit, then 500 or drop */
    long delay_ms;           /* before every reply */
    long slow_ms;            /* pause between 16-byte pieces of a reply */
    long retry_after_s;      /* Retry-After value sent with 429 */
    long refuse_next;        /* 0, or the final status the next filing submitted gets (once) */
    char refuse_message[513]; /* its message ("": the sim's own) */
} faults;

typedef struct {
    long requests, drops, errors, r429, accept_fails, slow, created, replayed, conflicts, refused;
    long att_pieces, att_bytes, att_completed, att_refused, att_missing, att_drops, att_dropped_bytes;
    long status_batches; /* POST receipts/status answered */
} stats;

typedef struct {
    char id[65];
    int version;
    char *title;
    char *text;
    size_t size;
} form_def;

typedef struct {
    char name[100];
    char *data;
    size_t len;
    char sha[65];
} cat_file;

/* One published catalogue version: its files, and the level of the form
 * language it needs (PROTOCOL.md, "Catalogue updates"). */
typedef struct {
    int version, needs;
    cat_file *files;
    size_t n;
} cat_pub;
#define CAT_PUBS_MAX 16

static struct {
    sqlite3 *db;
    pthread_mutex_t db_mu;
    pthread_mutex_t mu; /* faults, stats, rng */
    faults f;
    stats s;
    uint64_t rng;
    const char *reg_code;
    form_def *forms;
    size_t n_forms;
    char receipt_day[9]; /* --receipt-day YYYYMMDD: fixed date part of receipt numbers */
    /* the signed catalogue (PROTOCOL.md, "Catalogue updates"), under mu */
    unsigned char cat_sk[crypto_sign_SECRETKEYBYTES];
    int cat_keyed;
    cat_pub cat_pubs[CAT_PUBS_MAX]; /* by version, oldest first */
    size_t cat_npubs;
    char cat_fault[24]; /* "", bad_signature, unsigned, malformed, older, bad_hash, drop_mid,
                         * none (404: as a county that publishes none), ignore_reads (the
                         * newest whatever the kiosk reads, as a county that does not know
                         * levels) */
    long cat_manifests, cat_unchanged, cat_file_gets;
} g = {.db_mu = PTHREAD_MUTEX_INITIALIZER, .mu = PTHREAD_MUTEX_INITIALIZER};

static volatile sig_atomic_t g_quit;
static void on_signal(int sig) { (void)sig; g_quit = 1; }

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

static double rnd(void) /* uniform [0,1), under g.mu */
{
    uint64_t z = (g.rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* ---- database ----------------------------------------------------------- */

static const char *schema =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS devices(device_id TEXT PRIMARY KEY, station_name TEXT NOT NULL,"
    " area_code TEXT NOT NULL, token TEXT UNIQUE NOT NULL, created_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS filings(id INTEGER PRIMARY KEY, filing_id TEXT UNIQUE NOT NULL,"
    " receipt_no TEXT UNIQUE NOT NULL, device_id TEXT NOT NULL, form_id TEXT NOT NULL,"
    " form_version INTEGER NOT NULL, villager_key TEXT NOT NULL, agent_id TEXT, body TEXT NOT NULL,"
    " received_ms INTEGER NOT NULL, status TEXT NOT NULL, status_ms INTEGER NOT NULL, note TEXT,"
    " supersedes TEXT, superseded_by TEXT);"
    "CREATE INDEX IF NOT EXISTS filings_villager ON filings(villager_key, id);"
    "CREATE TABLE IF NOT EXISTS agents(id TEXT PRIMARY KEY, json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS attachments(sha256 TEXT PRIMARY KEY, type TEXT NOT NULL,"
    " size INTEGER NOT NULL, received INTEGER NOT NULL, data BLOB NOT NULL,"
    " complete INTEGER NOT NULL DEFAULT 0, device_id TEXT NOT NULL, created_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS filing_attachments(filing_id TEXT NOT NULL, sha256 TEXT NOT NULL,"
    " name TEXT NOT NULL, PRIMARY KEY(filing_id, sha256));";

/* A database made by an older county-sim gains the correction columns. */
static int add_columns(void)
{
    static const char *const cols[] = {"supersedes", "superseded_by"};
    for (int i = 0; i < 2; i++) {
        char sql[160];
        sqlite3_stmt *st = NULL;
        snprintf(sql, sizeof sql, "SELECT 1 FROM pragma_table_info('filings') WHERE name='%s'",
                 cols[i]);
        if (sqlite3_prepare_v2(g.db, sql, -1, &st, NULL) != SQLITE_OK)
            return -1;
        int have = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
        snprintf(sql, sizeof sql, "ALTER TABLE filings ADD COLUMN %s TEXT", cols[i]);
        if (!have && sqlite3_exec(g.db, sql, NULL, NULL, NULL) != SQLITE_OK)
            return -1;
    }
    return 0;
}

/* ---- replies -------------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, pos;
    long slow_ms;
} slow_body;

static ssize_t slow_read(void *cls, uint64_t pos, char *out, size_t max)
{
    slow_body *b = cls;
    (void)pos;
    if (b->pos >= b->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    sleep_ms(b->slow_ms);
    size_t n = b->len - b->pos;
    if (n > 16)
        n = 16;
    if (n > max)
        n = max;
    memcpy(out, b->buf + b->pos, n);
    b->pos += n;
    return (ssize_t)n;
}

static void slow_free(void *cls)
{
    slow_body *b = cls;
    free(b->buf);
    free(b);
}

/* Sends text (taken: freed here) with status; slow applies the trickle fault. */
static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, char *text, int slow,
                                 const char *retry_after)
{
    struct MHD_Response *r = NULL;
    size_t len = text ? strlen(text) : 0;
    long slow_ms = 0;
    if (slow) {
        pthread_mutex_lock(&g.mu);
        slow_ms = g.f.slow_ms;
        if (slow_ms > 0)
            g.s.slow++;
        pthread_mutex_unlock(&g.mu);
    }
    if (slow_ms > 0) {
        slow_body *b = calloc(1, sizeof *b);
        if (b) {
            b->buf = text;
            b->len = len;
            b->slow_ms = slow_ms;
            r = MHD_create_response_from_callback(len, 16, slow_read, b, slow_free);
            if (!r)
                slow_free(b);
        } else {
            free(text);
        }
    } else {
        r = MHD_create_response_from_buffer(len, text ? text : (char *)"",
                                            text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    }
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json");
    if (retry_after)
        MHD_add_response_header(r, "Retry-After", retry_after);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, cJSON *o, int slow)
{
    char *t = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!t)
        return MHD_NO;
    return send_text(c, status, t, slow, NULL);
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *code,
                                  const char *msg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", msg);
    return send_json(c, status, o, 0);
}

/* ---- validation ------------------------------------------------------------ */

static int is_uuid(const char *s)
{
    if (!s || strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        char ch = s[i];
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? ch != '-' : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')))
            return 0;
    }
    return 1;
}

static int is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static const char *str_field(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int int_field(const cJSON *o, const char *name, double lo, double hi, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi)
        return -1;
    *out = (int64_t)v->valuedouble;
    return 0;
}

static int64_t type_limit(const char *type)
{
    if (type && !strcmp(type, "image/png"))
        return PNG_MAX;
    if (type && !strcmp(type, "image/jpeg"))
        return JPEG_MAX;
    return 0;
}

/* A filing's "attachments": absent, or an array of at most 16 objects with
 * name, sha256, type and size within the limits, no hash twice. */
static int attachment_list_ok(const cJSON *arr)
{
    if (!arr)
        return 1;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > ATT_PER_FILING)
        return 0;
    const cJSON *a, *b;
    cJSON_ArrayForEach(a, arr)
    {
        const char *name = str_field(a, "name"), *sha = str_field(a, "sha256");
        const char *type = str_field(a, "type");
        int64_t size = 0;
        if (!name || !*name || strlen(name) >= 160 || !is_hex64(sha) || !type_limit(type) ||
            int_field(a, "size", 1, (double)type_limit(type), &size))
            return 0;
        for (b = arr->child; b != a; b = b->next)
            if (!strcmp(str_field(b, "sha256"), sha))
                return 0;
    }
    return 1;
}

/* ---- handlers ------------------------------------------------------------- */

static const char *device_of(struct MHD_Connection *c, char *dev, size_t cap)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h || strncmp(h, "Bearer ", 7))
        return NULL;
    const char *tok = h + 7;
    const char *found = NULL;
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g.db, "SELECT device_id FROM devices WHERE token=?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, tok, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(dev, cap, "%s", (const char *)sqlite3_column_text(st, 0));
            found = dev;
        }
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    return found;
}

static enum MHD_Result h_register(struct MHD_Connection *c, const char *body, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(body, len);
    const char *dev = str_field(o, "device_id"), *name = str_field(o, "station_name"),
               *area = str_field(o, "area_code"), *code = str_field(o, "registration_code");
    size_t alen = area ? strlen(area) : 0;
    int ok = is_uuid(dev) && name && *name && strlen(name) <= 64 * 4 && alen >= 6 && alen <= 12 &&
             strspn(area, "0123456789") == alen && code;
    if (!ok) {
        cJSON_Delete(o);
        return send_error(c, 400, "bad_request", "device_id, station_name, area_code, registration_code required");
    }
    if (strcmp(code, g.reg_code)) {
        cJSON_Delete(o);
        return send_error(c, 403, "forbidden", "registration code not valid");
    }
    unsigned char raw[32];
    char tok[65];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
        cJSON_Delete(o);
        return send_error(c, 500, "internal", "no randomness");
    }
    for (int i = 0; i < 32; i++)
        snprintf(tok + 2 * i, 3, "%02x", raw[i]);
    int64_t t = now_ms();
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(g.db,
                                "INSERT OR REPLACE INTO devices(device_id,station_name,area_code,token,created_ms)"
                                " VALUES(?,?,?,?,?)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, dev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, area, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, tok, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, t);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "device_id", dev);
    cJSON_AddStringToObject(r, "token", tok);
    cJSON_AddNumberToObject(r, "issued_at_ms", (double)t);
    cJSON_Delete(o);
    if (rc != SQLITE_DONE) {
        cJSON_Delete(r);
        return send_error(c, 500, "internal", "database");
    }
    return send_json(c, 201, r, 1);
}

static cJSON *receipt_json(sqlite3_stmt *st, int full)
{
    /* columns: filing_id, receipt_no, received_ms, status, status_ms, form_id, note */
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "filing_id", (const char *)sqlite3_column_text(st, 0));
    cJSON_AddStringToObject(r, "receipt_no", (const char *)sqlite3_column_text(st, 1));
    if (!full)
        cJSON_AddNumberToObject(r, "received_at_ms", (double)sqlite3_column_int64(st, 2));
    cJSON_AddStringToObject(r, "status", (const char *)sqlite3_column_text(st, 3));
    if (full) {
        cJSON_AddNumberToObject(r, "status_at_ms", (double)sqlite3_column_int64(st, 4));
        cJSON_AddStringToObject(r, "form_id", (const char *)sqlite3_column_text(st, 5));
        if (sqlite3_column_type(st, 6) != SQLITE_NULL)
            cJSON_AddStringToObject(r, "note", (const char *)sqlite3_column_text(st, 6));
    }
    return r;
}

#define RECEIPT_COLS "filing_id, receipt_no, received_ms, status, status_ms, form_id, note"

/* Looks filing_id up or inserts it, all under db_mu in one transaction.
 * Returns 201 (created), 200 (same body again), 409, 500; *out the receipt. */
/* 1 if every attachment the filing names is completely held with the size
 * and type it says (under db_mu); otherwise 0 and the first missing hash. */
static int attachments_held(const cJSON *o, char missing[65])
{
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(o, "attachments"))
    {
        const char *sha = str_field(a, "sha256"), *type = str_field(a, "type");
        int64_t size = 0;
        int_field(a, "size", 1, JPEG_MAX, &size);
        sqlite3_stmt *st = NULL;
        int held = 0;
        if (sqlite3_prepare_v2(g.db, "SELECT 1 FROM attachments WHERE sha256=? AND complete=1"
                               " AND size=? AND type=?", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 2, size);
            sqlite3_bind_text(st, 3, type, -1, SQLITE_TRANSIENT);
            held = sqlite3_step(st) == SQLITE_ROW;
        }
        sqlite3_finalize(st);
        if (!held) {
            snprintf(missing, 65, "%s", sha);
            return 0;
        }
    }
    return 1;
}

/* Links a new filing to the attachments it names (under db_mu, in its transaction). */
static int link_attachments(const char *fid, const cJSON *o)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(o, "attachments"))
    {
        sqlite3_stmt *st = NULL;
        int ok = sqlite3_prepare_v2(g.db, "INSERT OR IGNORE INTO filing_attachments(filing_id,"
                                    "sha256,name) VALUES(?,?,?)", -1, &st, NULL) == SQLITE_OK;
        if (ok) {
            sqlite3_bind_text(st, 1, fid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, str_field(a, "sha256"), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, str_field(a, "name"), -1, SQLITE_TRANSIENT);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
        if (!ok)
            return -1;
    }
    return 0;
}

static int insert_or_get(const char *dev, const cJSON *o, const char *norm, cJSON **out,
                         char missing[65])
{
    const char *fid = str_field(o, "filing_id");
    int status = 500;
    sqlite3_stmt *st = NULL;
    *out = NULL;
    pthread_mutex_lock(&g.db_mu);
    if (sqlite3_exec(g.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_prepare_v2(g.db, "SELECT " RECEIPT_COLS ", body FROM filings WHERE filing_id=?", -1,
                           &st, NULL) != SQLITE_OK)
        goto rollback;
    sqlite3_bind_text(st, 1, fid, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (!strcmp((const char *)sqlite3_column_text(st, 7), norm)) {
            *out = receipt_json(st, 0);
            status = 200;
        } else {
            status = 409;
        }
        sqlite3_finalize(st);
        st = NULL;
        sqlite3_exec(g.db, "COMMIT", NULL, NULL, NULL);
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE)
        goto rollback;
    if (!attachments_held(o, missing)) {
        status = 422; /* accepted only with every attachment present */
        goto rollback;
    }
    const char *sup = str_field(o, "supersedes");
    if (sup) { /* a correction: only of a returned filing of the same villager */
        if (sqlite3_prepare_v2(g.db, "SELECT 1 FROM filings WHERE filing_id=? AND villager_key=?"
                               " AND status='returned'", -1, &st, NULL) != SQLITE_OK)
            goto rollback;
        sqlite3_bind_text(st, 1, sup, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, str_field(o, "villager_key"), -1, SQLITE_TRANSIENT);
        int found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
        st = NULL;
        if (!found) {
            status = 409;
            snprintf(missing, 65, "supersedes");
            goto rollback;
        }
    }
    int64_t next = 1, t = now_ms();
    if (sqlite3_prepare_v2(g.db, "SELECT COALESCE(MAX(id),0)+1 FROM filings", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        goto rollback;
    next = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    time_t secs = (time_t)(t / 1000);
    struct tm tmv;
    gmtime_r(&secs, &tmv);
    char receipt[40];
    snprintf(receipt, sizeof receipt, "CZ%04d%02d%02d%07lld", tmv.tm_year + 1900, tmv.tm_mon + 1,
             tmv.tm_mday, (long long)(next % 10000000));
    if (g.receipt_day[0]) /* the same numbers on every run (reference images) */
        snprintf(receipt, sizeof receipt, "CZ%s%07lld", g.receipt_day,
                 (long long)(next % 10000000));
    if (sqlite3_prepare_v2(g.db,
                           "INSERT INTO filings(id,filing_id,receipt_no,device_id,form_id,form_version,"
                           "villager_key,agent_id,body,received_ms,status,status_ms,supersedes)"
                           " VALUES(?,?,?,?,?,?,?,?,?,?,'submitted',?,?)", -1, &st, NULL) != SQLITE_OK)
        goto rollback;
    int64_t ver = 0;
    int_field(o, "form_version", 1, 1e6, &ver);
    const char *agent = str_field(o, "agent_id");
    sqlite3_bind_int64(st, 1, next);
    sqlite3_bind_text(st, 2, fid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, receipt, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, dev, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, str_field(o, "form_id"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, ver);
    sqlite3_bind_text(st, 7, str_field(o, "villager_key"), -1, SQLITE_TRANSIENT);
    if (agent)
        sqlite3_bind_text(st, 8, agent, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, norm, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 10, t);
    sqlite3_bind_int64(st, 11, t);
    if (sup)
        sqlite3_bind_text(st, 12, sup, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto rollback;
    sqlite3_finalize(st);
    st = NULL;
    if (sup) { /* the returned filing is replaced: final */
        if (sqlite3_prepare_v2(g.db, "UPDATE filings SET status='superseded', superseded_by=?,"
                               " status_ms=? WHERE filing_id=?", -1, &st, NULL) != SQLITE_OK)
            goto rollback;
        sqlite3_bind_text(st, 1, receipt, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, t);
        sqlite3_bind_text(st, 3, sup, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto rollback;
        sqlite3_finalize(st);
        st = NULL;
    }
    if (link_attachments(fid, o) != 0)
        goto rollback;
    if (sqlite3_exec(g.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        goto rollback;
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "filing_id", fid);
    cJSON_AddStringToObject(r, "receipt_no", receipt);
    cJSON_AddNumberToObject(r, "received_at_ms", (double)t);
    cJSON_AddStringToObject(r, "status", "submitted");
    *out = r;
    status = 201;
    goto out;
rollback:
    sqlite3_finalize(st);
    sqlite3_exec(g.db, "ROLLBACK", NULL, NULL, NULL);
out:
    pthread_mutex_unlock(&g.db_mu);
    return status;
}

/* The error code PROTOCOL.md gives a final status; NULL if refuse_next may not use it. */
static const char *final_code(long status)
{
    switch (status) {
    case 400: return "bad_request";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 409: return "conflict";
    case 413: return "too_large";
    }
    return NULL;
}

static enum MHD_Result h_submit(struct MHD_Connection *c, const char *dev, const char *body,
                                size_t len)
{
    cJSON *o = cJSON_ParseWithLength(body, len);
    const char *fid = str_field(o, "filing_id");
    const char *idem = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
    int64_t v;
    const cJSON *agent = cJSON_GetObjectItemCaseSensitive(o, "agent_id");
    const char *form = str_field(o, "form_id");
    int ok = cJSON_IsObject(o) && is_uuid(fid) && idem && !strcmp(idem, fid) && form && *form &&
             strlen(form) <= 64 && int_field(o, "form_version", 1, 1e6, &v) == 0 &&
             is_hex64(str_field(o, "villager_key")) &&
             int_field(o, "filed_at_ms", 0, 4102444800000.0, &v) == 0 &&
             (!agent || cJSON_IsNull(agent) || (cJSON_IsString(agent) && strlen(agent->valuestring) <= 64)) &&
             cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "payload")) &&
             attachment_list_ok(cJSON_GetObjectItemCaseSensitive(o, "attachments")) &&
             (!cJSON_GetObjectItemCaseSensitive(o, "supersedes") ||
              is_uuid(str_field(o, "supersedes")));
    if (!ok) {
        cJSON_Delete(o);
        return send_error(c, 400, "bad_request", "filing fields missing or invalid (or Idempotency-Key differs)");
    }
    pthread_mutex_lock(&g.mu); /* the refuse_next fault: this filing, once */
    long refuse = g.f.refuse_next;
    char refuse_msg[sizeof g.f.refuse_message];
    snprintf(refuse_msg, sizeof refuse_msg, "%s",
             g.f.refuse_message[0] ? g.f.refuse_message : "injected: refused for good");
    g.f.refuse_next = 0;
    g.s.refused += refuse != 0;
    pthread_mutex_unlock(&g.mu);
    if (refuse) {
        cJSON_Delete(o);
        return send_error(c, (unsigned)refuse, final_code(refuse), refuse_msg);
    }
    char *norm = cJSON_PrintUnformatted(o);
    cJSON *r = NULL;
    char missing[65] = "";
    int status = norm ? insert_or_get(dev, o, norm, &r, missing) : 500;
    free(norm);
    cJSON_Delete(o);
    pthread_mutex_lock(&g.mu);
    if (status == 201)
        g.s.created++;
    else if (status == 200)
        g.s.replayed++;
    else if (status == 409)
        g.s.conflicts++;
    else if (status == 422)
        g.s.att_missing++;
    int fail = status == 201 && rnd() < g.f.accept_fail_rate;
    int drop = fail && rnd() < 0.5;
    if (fail)
        g.s.accept_fails++;
    pthread_mutex_unlock(&g.mu);
    if (status == 409 && !strcmp(missing, "supersedes"))
        return send_error(c, 409, "conflict",
                          "supersedes: not a returned filing of this villager");
    if (status == 409)
        return send_error(c, 409, "conflict", "filing id already used with different content");
    if (status == 422) {
        char msg[160];
        snprintf(msg, sizeof msg, "attachment %s is not (completely) uploaded: upload it first",
                 missing);
        return send_error(c, 422, "attachments_missing", msg);
    }
    if (status == 500 || !r) {
        cJSON_Delete(r);
        return send_error(c, 500, "internal", "database");
    }
    if (fail) { /* committed, but the kiosk never learns the receipt */
        cJSON_Delete(r);
        return drop ? MHD_NO : send_error(c, 500, "internal", "injected: accept-then-fail");
    }
    return send_json(c, (unsigned)status, r, 1);
}

/* ---- attachments ------------------------------------------------------------ */

static cJSON *att_state(const char *sha, const char *type, int64_t size, int64_t received,
                        int complete)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "sha256", sha);
    cJSON_AddStringToObject(r, "type", type);
    cJSON_AddNumberToObject(r, "size", (double)size);
    cJSON_AddNumberToObject(r, "received", (double)received);
    cJSON_AddBoolToObject(r, "complete", complete);
    return r;
}

static const char *BAD_PATH = "attachment path must be /api/v1/attachments/<sha256, 64 lowercase hex>";

static enum MHD_Result h_att_get(struct MHD_Connection *c, const char *sha)
{
    if (!is_hex64(sha))
        return send_error(c, 400, "bad_request", BAD_PATH);
    cJSON *r = NULL;
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g.db, "SELECT type, size, received, complete FROM attachments"
                           " WHERE sha256=?", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            r = att_state(sha, (const char *)sqlite3_column_text(st, 0),
                          sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                          sqlite3_column_int(st, 3));
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    if (!r)
        return send_error(c, 404, "not_found", "nothing of this attachment received yet");
    return send_json(c, 200, r, 1);
}

/* "bytes <first>-<last>/<total>" with 0 <= first <= last < total. */
static int parse_range(const char *h, int64_t *first, int64_t *last, int64_t *total)
{
    if (!h || strncmp(h, "bytes ", 6))
        return -1;
    const char *p = h + 6;
    char *end;
    long long v[3];
    for (int i = 0; i < 3; i++) {
        if (*p < '0' || *p > '9')
            return -1;
        errno = 0;
        v[i] = strtoll(p, &end, 10);
        if (errno || *end != (i == 0 ? '-' : i == 1 ? '/' : '\0'))
            return -1;
        p = end + (i < 2);
    }
    if (v[0] > v[1] || v[1] >= v[2])
        return -1;
    *first = v[0];
    *last = v[1];
    *total = v[2];
    return 0;
}

static int magic_ok(const char *type, const unsigned char *d, size_t n)
{
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    if (!strcmp(type, "image/png"))
        return n >= 8 && !memcmp(d, png, 8);
    return n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff;
}

/* The whole file: a PNG has its IHDR chunk first and IEND last; a JPEG
 * starts with SOI and ends with EOI. */
static int image_well_formed(const char *type, const unsigned char *d, size_t n)
{
    if (!magic_ok(type, d, n))
        return 0;
    if (!strcmp(type, "image/png"))
        return n >= 8 + 25 + 12 && !memcmp(d + 12, "IHDR", 4) && !memcmp(d + n - 8, "IEND", 4);
    return n >= 4 && d[n - 2] == 0xff && d[n - 1] == 0xd9;
}

static enum MHD_Result att_refuse(struct MHD_Connection *c, unsigned status, const char *code,
                                  const char *msg, int64_t received)
{
    pthread_mutex_lock(&g.mu);
    g.s.att_refused++;
    pthread_mutex_unlock(&g.mu);
    if (received < 0)
        return send_error(c, status, code, msg);
    cJSON *o = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", msg);
    cJSON_AddNumberToObject(o, "received", (double)received);
    return send_json(c, status, o, 0);
}

/* PUT /api/v1/attachments/<sha256>: one piece, appended where the held copy
 * ends (a piece overlapping it is fine: the overlap is skipped). */
static enum MHD_Result h_att_put(struct MHD_Connection *c, const char *dev, const char *sha,
                                 const char *body, size_t len)
{
    const unsigned char *piece = (const unsigned char *)body;
    if (!is_hex64(sha))
        return att_refuse(c, 400, "bad_request", BAD_PATH, -1);
    char type[32] = "";
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (ct)
        snprintf(type, sizeof type, "%.*s", (int)strcspn(ct, "; "), ct);
    int64_t limit = type_limit(type);
    if (!limit)
        return att_refuse(c, 415, "unsupported_type",
                          "Content-Type must be image/png (signatures) or image/jpeg (photos)", -1);
    int64_t first, last, total;
    if (parse_range(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Range"), &first, &last,
                    &total))
        return att_refuse(c, 400, "bad_request",
                          "Content-Range: bytes <first>-<last>/<total> required", -1);
    char msg[200];
    if (len > PIECE_MAX) {
        snprintf(msg, sizeof msg, "a piece is at most %u bytes", PIECE_MAX);
        return att_refuse(c, 413, "too_large", msg, -1);
    }
    if ((int64_t)len != last - first + 1)
        return att_refuse(c, 400, "bad_request", "Content-Range does not match the body's length", -1);
    if (total > limit) {
        snprintf(msg, sizeof msg, "%s attachments are at most %lld bytes", type, (long long)limit);
        return att_refuse(c, 413, "too_large", msg, -1);
    }
    if (first == 0 && !magic_ok(type, piece, len)) {
        snprintf(msg, sizeof msg, "the bytes are not a %s (wrong signature)", type);
        return att_refuse(c, 415, "wrong_type", msg, -1);
    }
    unsigned status = 500;
    const char *code = "internal";
    int64_t received = -1, held_before = 0;
    int complete = 0;
    unsigned char *data = NULL;
    sqlite3_stmt *st = NULL;
    snprintf(msg, sizeof msg, "database");
    pthread_mutex_lock(&g.db_mu);
    if (sqlite3_exec(g.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_prepare_v2(g.db, "SELECT type, size, received, complete, data FROM attachments"
                           " WHERE sha256=?", -1, &st, NULL) != SQLITE_OK)
        goto rollback;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int64_t have = 0;
    if (rc == SQLITE_ROW) {
        if (strcmp((const char *)sqlite3_column_text(st, 0), type) || sqlite3_column_int64(st, 1) != total) {
            status = 409;
            code = "conflict";
            snprintf(msg, sizeof msg, "this attachment was started with another type or size");
            goto rollback;
        }
        have = sqlite3_column_int64(st, 2);
        complete = sqlite3_column_int(st, 3);
        if (complete) { /* the whole file again: nothing to do */
            received = held_before = have;
            status = 200;
            goto commit;
        }
        if (first > have) {
            status = 416;
            code = "bad_range";
            received = have;
            snprintf(msg, sizeof msg, "piece starts at %lld, the platform holds %lld bytes",
                     (long long)first, (long long)have);
            goto rollback;
        }
        data = malloc((size_t)(last + 1 > have ? last + 1 : have));
        if (!data)
            goto rollback;
        memcpy(data, sqlite3_column_blob(st, 4), (size_t)have);
    } else if (rc == SQLITE_DONE) {
        if (first > 0) {
            status = 416;
            code = "bad_range";
            received = 0;
            snprintf(msg, sizeof msg, "piece starts at %lld, the platform holds nothing yet",
                     (long long)first);
            goto rollback;
        }
        data = malloc((size_t)len);
        if (!data)
            goto rollback;
    } else {
        goto rollback;
    }
    sqlite3_finalize(st);
    st = NULL;
    held_before = have;
    if (last + 1 > have) {
        memcpy(data + have, piece + (have - first), (size_t)(last + 1 - have));
        have = last + 1;
    }
    if (have == total) {
        unsigned char h[crypto_hash_sha256_BYTES];
        char hex[65];
        crypto_hash_sha256(h, data, (size_t)total);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        int hash_ok = !strcmp(hex, sha), shape_ok = image_well_formed(type, data, (size_t)total);
        if (!hash_ok || !shape_ok) {
            /* the received copy is worthless: forget it, the kiosk starts again */
            status = 422;
            code = hash_ok ? "bad_image" : "hash_mismatch";
            if (hash_ok)
                snprintf(msg, sizeof msg, "not a well-formed %s (%s); discarded", type,
                         strcmp(type, "image/png") ? "SOI first, EOI last" : "IHDR first, IEND last");
            else
                snprintf(msg, sizeof msg, "the bytes hash to %.16s…, not to the path's sha256; discarded",
                         hex);
            if (sqlite3_prepare_v2(g.db, "DELETE FROM attachments WHERE sha256=?", -1, &st, NULL) ==
                SQLITE_OK) {
                sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
                sqlite3_step(st);
            }
            sqlite3_finalize(st);
            st = NULL;
            sqlite3_exec(g.db, "COMMIT", NULL, NULL, NULL);
            goto out;
        }
        complete = 1;
    }
    if (sqlite3_prepare_v2(g.db, "INSERT INTO attachments(sha256,type,size,received,data,complete,"
                           "device_id,created_ms) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"
                           " ON CONFLICT(sha256) DO UPDATE SET received=?4, data=?5, complete=?6",
                           -1, &st, NULL) != SQLITE_OK)
        goto rollback;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, total);
    sqlite3_bind_int64(st, 4, have);
    sqlite3_bind_blob(st, 5, data, (int)have, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, complete);
    sqlite3_bind_text(st, 7, dev, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, now_ms());
    if (sqlite3_step(st) != SQLITE_DONE)
        goto rollback;
    received = have;
    status = 200;
commit:
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_exec(g.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        status = 500;
        goto rollback;
    }
    goto out;
rollback:
    sqlite3_finalize(st);
    sqlite3_exec(g.db, "ROLLBACK", NULL, NULL, NULL);
out:
    pthread_mutex_unlock(&g.db_mu);
    free(data);
    if (status != 200)
        return att_refuse(c, status, code, msg, status == 416 ? received : -1);
    pthread_mutex_lock(&g.mu);
    g.s.att_pieces++;
    g.s.att_bytes += received > held_before ? (long)(received - held_before) : 0;
    g.s.att_completed += complete && received > held_before && received == total;
    int fail = rnd() < g.f.accept_fail_rate;
    int drop = fail && rnd() < 0.5;
    g.s.accept_fails += fail;
    pthread_mutex_unlock(&g.mu);
    if (fail) /* kept, but the kiosk never hears so */
        return drop ? MHD_NO : send_error(c, 500, "internal", "injected: accept-then-fail");
    return send_json(c, 200, att_state(sha, type, total, received, complete), 1);
}

static enum MHD_Result h_receipt(struct MHD_Connection *c, const char *no)
{
    cJSON *r = NULL;
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g.db, "SELECT " RECEIPT_COLS " FROM filings WHERE receipt_no=?", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, no, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            r = receipt_json(st, 1);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    if (!r)
        return send_error(c, 404, "not_found", "no such receipt");
    return send_json(c, 200, r, 1);
}

static enum MHD_Result h_villager(struct MHD_Connection *c, const char *key)
{
    if (!is_hex64(key))
        return send_error(c, 400, "bad_request", "villager key must be 64 hex characters");
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "filings");
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g.db, "SELECT " RECEIPT_COLS " FROM filings WHERE villager_key=?"
                           " ORDER BY id DESC LIMIT 100", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW)
            cJSON_AddItemToArray(arr, receipt_json(st, 1));
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    return send_json(c, 200, o, 1);
}

/* POST receipts/status {"receipt_nos": [...]}: the statuses of this
 * device's filings among them (others and unknown numbers are left out). */
static enum MHD_Result h_status_batch(struct MHD_Connection *c, const char *dev, const char *body,
                                      size_t len)
{
    cJSON *o = cJSON_ParseWithLength(body, len);
    const cJSON *nos = cJSON_GetObjectItemCaseSensitive(o, "receipt_nos");
    int n = cJSON_GetArraySize(nos), ok = cJSON_IsArray(nos) && n >= 1 && n <= 100;
    const cJSON *e;
    cJSON_ArrayForEach(e, nos)
        ok = ok && cJSON_IsString(e) && strlen(e->valuestring) <= 32;
    if (!ok) {
        cJSON_Delete(o);
        return send_error(c, 400, "bad_request", "receipt_nos: 1..100 receipt numbers");
    }
    cJSON *r = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(r, "filings");
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g.db, "SELECT " RECEIPT_COLS " FROM filings WHERE receipt_no=?"
                           " AND device_id=?", -1, &st, NULL) == SQLITE_OK)
        cJSON_ArrayForEach(e, nos)
        {
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, e->valuestring, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, dev, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW)
                cJSON_AddItemToArray(arr, receipt_json(st, 1));
        }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    cJSON_Delete(o);
    pthread_mutex_lock(&g.mu);
    g.s.status_batches++;
    pthread_mutex_unlock(&g.mu);
    return send_json(c, 200, r, 1);
}

static enum MHD_Result h_forms(struct MHD_Connection *c, const char *id)
{
    if (!id) {
        cJSON *o = cJSON_CreateObject();
        cJSON *arr = cJSON_AddArrayToObject(o, "forms");
        for (size_t i = 0; i < g.n_forms; i++) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "id", g.forms[i].id);
            cJSON_AddNumberToObject(f, "version", g.forms[i].version);
            cJSON_AddStringToObject(f, "title", g.forms[i].title);
            cJSON_AddNumberToObject(f, "size", (double)g.forms[i].size);
            cJSON_AddItemToArray(arr, f);
        }
        return send_json(c, 200, o, 1);
    }
    for (size_t i = 0; i < g.n_forms; i++)
        if (!strcmp(g.forms[i].id, id)) {
            char *t = strdup(g.forms[i].text);
            return t ? send_text(c, 200, t, 1, NULL) : MHD_NO;
        }
    return send_error(c, 404, "not_found", "no such form");
}

static enum MHD_Result h_agents(struct MHD_Connection *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "agents");
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g.db, "SELECT json FROM agents ORDER BY id", -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            cJSON *a = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
            if (a)
                cJSON_AddItemToArray(arr, a);
        }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    cJSON_AddNumberToObject(o, "updated_at_ms", (double)now_ms());
    return send_json(c, 200, o, 1);
}

/* ---- the signed catalogue ------------------------------------------------- */

static char *read_file(const char *path, size_t *len);

static void cat_pub_free(cat_pub *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->files[i].data);
    free(p->files);
    memset(p, 0, sizeof *p);
}

static void cat_clear(void)
{
    for (size_t i = 0; i < g.cat_npubs; i++)
        cat_pub_free(&g.cat_pubs[i]);
    g.cat_npubs = 0;
}

static int cat_add(cat_pub *p, const char *dir, const char *prefix, const char *name)
{
    char path[4096];
    size_t pl = strlen(prefix), nl = strlen(name);
    if (pl + nl >= sizeof p->files->name ||
        snprintf(path, sizeof path, "%s/%s%s", dir, prefix, name) >= (int)sizeof path)
        return -1; /* a name the manifest could not carry whole */
    size_t len = 0;
    char *data = read_file(path, &len);
    cat_file *nf = data ? realloc(p->files, (p->n + 1) * sizeof *nf) : NULL;
    if (!nf) {
        free(data);
        return -1;
    }
    p->files = nf;
    cat_file *f = &p->files[p->n++];
    memcpy(f->name, prefix, pl);
    memcpy(f->name + pl, name, nl + 1);
    f->data = data;
    f->len = len;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)data, len);
    sodium_bin2hex(f->sha, sizeof f->sha, h, sizeof h);
    return 0;
}

static int cat_scan(cat_pub *p, const char *dir, const char *prefix)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, prefix);
    DIR *d = opendir(path);
    if (!d)
        return prefix[0] ? 0 : -1; /* no settings/ folder is fine */
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) && !rc) {
        size_t nl = strlen(e->d_name);
        if (e->d_name[0] == '.' || nl < 6 || strcmp(e->d_name + nl - 5, ".json"))
            continue;
        rc = cat_add(p, dir, prefix, e->d_name);
    }
    closedir(d);
    return rc;
}

static int cat_cmp(const void *a, const void *b)
{
    return strcmp(((const cat_file *)a)->name, ((const cat_file *)b)->name);
}

/* Publishes dir as version, needing level needs (under mu): beside the
 * versions published before; one of the same version is replaced, and the
 * oldest goes when CAT_PUBS_MAX are kept. */
static int cat_load(const char *dir, int version, int needs)
{
    cat_pub p = {.version = version, .needs = needs};
    if (cat_scan(&p, dir, "") || cat_scan(&p, dir, "settings/") || !p.n) {
        cat_pub_free(&p);
        return -1;
    }
    qsort(p.files, p.n, sizeof *p.files, cat_cmp);
    size_t at = 0;
    while (at < g.cat_npubs && g.cat_pubs[at].version < version)
        at++;
    if (at < g.cat_npubs && g.cat_pubs[at].version == version) {
        cat_pub_free(&g.cat_pubs[at]);
        g.cat_pubs[at] = p;
        return 0;
    }
    if (g.cat_npubs == CAT_PUBS_MAX) {
        if (at == 0) { /* older than every one kept */
            cat_pub_free(&p);
            return -1;
        }
        cat_pub_free(&g.cat_pubs[0]);
        memmove(g.cat_pubs, g.cat_pubs + 1, --g.cat_npubs * sizeof *g.cat_pubs);
        at--;
    }
    memmove(g.cat_pubs + at + 1, g.cat_pubs + at, (g.cat_npubs - at) * sizeof *g.cat_pubs);
    g.cat_pubs[at] = p;
    g.cat_npubs++;
    return 0;
}

/* The newest publication a loader of level reads can read (any level < 1:
 * the newest of all); NULL if none (under mu). */
static const cat_pub *cat_readable(long reads)
{
    for (size_t i = g.cat_npubs; i-- > 0;)
        if (reads < 1 || g.cat_pubs[i].needs <= reads)
            return &g.cat_pubs[i];
    return NULL;
}

/* The manifest text of p as version v (malformed: signed, but not a manifest). */
static char *cat_manifest_text(const cat_pub *p, int v, int malformed)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "version", v);
    cJSON_AddNumberToObject(o, "needs", p->needs);
    cJSON_AddNumberToObject(o, "created_ms", (double)now_ms());
    if (malformed) {
        cJSON_AddStringToObject(o, "files", "dibao.json");
    } else {
        cJSON *arr = cJSON_AddArrayToObject(o, "files");
        for (size_t i = 0; i < p->n; i++) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "name", p->files[i].name);
            cJSON_AddNumberToObject(f, "size", (double)p->files[i].len);
            cJSON_AddStringToObject(f, "sha256", p->files[i].sha);
            cJSON_AddItemToArray(arr, f);
        }
    }
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return t;
}

static enum MHD_Result h_catalogue(struct MHD_Connection *c)
{
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
    long since = q ? strtol(q, NULL, 10) : 0;
    /* a kiosk that does not say which level it reads reads level 1 */
    q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "reads");
    long reads = q ? strtol(q, NULL, 10) : 1;
    pthread_mutex_lock(&g.mu);
    if (!g.cat_keyed || !g.cat_npubs || !strcmp(g.cat_fault, "none")) {
        pthread_mutex_unlock(&g.mu);
        return send_error(c, 404, "not_found", "no catalogue served here");
    }
    char fault[24];
    snprintf(fault, sizeof fault, "%s", g.cat_fault);
    int older = !strcmp(fault, "older");
    /* none it can read: nothing newer for this kiosk */
    const cat_pub *p = cat_readable(strcmp(fault, "ignore_reads") ? (reads < 1 ? 1 : reads) : 0);
    if (!p || (since >= p->version && !older)) {
        g.cat_unchanged++;
        pthread_mutex_unlock(&g.mu);
        struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (!r)
            return MHD_NO;
        enum MHD_Result ret = MHD_queue_response(c, 304, r);
        MHD_destroy_response(r);
        return ret;
    }
    g.cat_manifests++;
    /* "older": a correctly signed manifest of a version the kiosk has already */
    int v = older ? (since > 0 ? (int)since : 1) : p->version;
    char *text = cat_manifest_text(p, v, !strcmp(fault, "malformed"));
    unsigned char sig[crypto_sign_BYTES];
    char hex[2 * crypto_sign_BYTES + 1];
    if (text)
        crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), g.cat_sk);
    pthread_mutex_unlock(&g.mu);
    if (!text)
        return MHD_NO;
    if (!strcmp(fault, "bad_signature"))
        sig[7] ^= 0x20;
    sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "manifest", text);
    if (strcmp(fault, "unsigned"))
        cJSON_AddStringToObject(o, "signature", hex);
    free(text);
    return send_json(c, 200, o, 1);
}

typedef struct {
    char *buf;
    size_t len, cut;
} cut_body;

/* Serves the first half of a file, then breaks the connection. */
static ssize_t cut_read(void *cls, uint64_t pos, char *out, size_t max)
{
    cut_body *b = cls;
    if (pos >= b->cut)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t n = b->cut - (size_t)pos < max ? b->cut - (size_t)pos : max;
    memcpy(out, b->buf + pos, n);
    return (ssize_t)n;
}

static void cut_free(void *cls)
{
    cut_body *b = cls;
    free(b->buf);
    free(b);
}

static enum MHD_Result h_catalogue_file(struct MHD_Connection *c, const char *name)
{
    /* a file of the version asked for; without one, of the newest */
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "version");
    long version = q ? strtol(q, NULL, 10) : 0;
    pthread_mutex_lock(&g.mu);
    const cat_pub *p = g.cat_npubs && !q ? &g.cat_pubs[g.cat_npubs - 1] : NULL;
    for (size_t i = 0; i < g.cat_npubs && !p; i++)
        if (g.cat_pubs[i].version == version)
            p = &g.cat_pubs[i];
    char *data = NULL;
    size_t len = 0;
    for (size_t i = 0; p && i < p->n && !data; i++)
        if (!strcmp(p->files[i].name, name)) {
            len = p->files[i].len;
            data = malloc(len + 1);
            if (data)
                memcpy(data, p->files[i].data, len + 1);
        }
    char fault[24];
    snprintf(fault, sizeof fault, "%s", g.cat_fault);
    g.cat_file_gets++;
    pthread_mutex_unlock(&g.mu);
    if (!data)
        return send_error(c, 404, "not_found", "no such catalogue file");
    if (!strcmp(fault, "bad_hash") && len)
        data[len / 2] = data[len / 2] == ' ' ? '\t' : ' '; /* the bytes differ from the manifest's */
    struct MHD_Response *r;
    if (!strcmp(fault, "drop_mid")) {
        cut_body *b = calloc(1, sizeof *b);
        if (!b) {
            free(data);
            return MHD_NO;
        }
        b->buf = data;
        b->len = len;
        b->cut = len / 2;
        r = MHD_create_response_from_callback(len, 1024, cut_read, b, cut_free);
        if (!r) {
            cut_free(b);
            return MHD_NO;
        }
    } else {
        r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
        if (!r) {
            free(data);
            return MHD_NO;
        }
    }
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

static int cat_fault_ok(const char *f)
{
    static const char *const ok[] = {"", "bad_signature", "unsigned", "malformed", "older",
                                     "bad_hash", "drop_mid", "none", "ignore_reads"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcmp(f, ok[i]))
            return 1;
    return 0;
}

static enum MHD_Result h_admin_catalogue(struct MHD_Connection *c, int post, const char *body,
                                         size_t len)
{
    if (post) {
        cJSON *o = cJSON_ParseWithLength(body, len);
        const char *dir = str_field(o, "dir"), *fault = str_field(o, "fault");
        int64_t v = 0, needs = 1;
        const cJSON *jv = cJSON_GetObjectItemCaseSensitive(o, "version");
        const cJSON *jn = cJSON_GetObjectItemCaseSensitive(o, "needs");
        int bad = !cJSON_IsObject(o) || (fault && !cat_fault_ok(fault)) ||
                  (dir && int_field(o, "version", 1, 2e9, &v) != 0) || (!dir && (jv || jn)) ||
                  (jn && int_field(o, "needs", 1, 1000, &needs) != 0);
        pthread_mutex_lock(&g.mu);
        if (!bad && dir)
            bad = cat_load(dir, (int)v, (int)needs);
        if (!bad && fault)
            snprintf(g.cat_fault, sizeof g.cat_fault, "%s", fault);
        pthread_mutex_unlock(&g.mu);
        cJSON_Delete(o);
        if (bad)
            return send_error(c, 400, "bad_request",
                              "{\"dir\": a readable folder, \"version\": 1..2e9, \"needs\": 1..1000 (1 if not said)} and/or {\"fault\": a catalogue fault}");
    }
    cJSON *o = cJSON_CreateObject();
    pthread_mutex_lock(&g.mu);
    const cat_pub *newest = g.cat_npubs ? &g.cat_pubs[g.cat_npubs - 1] : NULL;
    cJSON_AddNumberToObject(o, "version", newest ? newest->version : 0);
    cJSON_AddNumberToObject(o, "needs", newest ? newest->needs : 0);
    cJSON_AddNumberToObject(o, "files", newest ? (double)newest->n : 0);
    cJSON *pubs = cJSON_AddArrayToObject(o, "published");
    for (size_t i = 0; i < g.cat_npubs; i++) {
        cJSON *one = cJSON_CreateObject();
        cJSON_AddNumberToObject(one, "version", g.cat_pubs[i].version);
        cJSON_AddNumberToObject(one, "needs", g.cat_pubs[i].needs);
        cJSON_AddNumberToObject(one, "files", (double)g.cat_pubs[i].n);
        cJSON_AddItemToArray(pubs, one);
    }
    cJSON_AddStringToObject(o, "fault", g.cat_fault);
    cJSON_AddNumberToObject(o, "manifests", (double)g.cat_manifests);
    cJSON_AddNumberToObject(o, "unchanged", (double)g.cat_unchanged);
    cJSON_AddNumberToObject(o, "file_gets", (double)g.cat_file_gets);
    pthread_mutex_unlock(&g.mu);
    return send_json(c, 200, o, 0);
}

/* `county-sim keygen FILE`: the county's Ed25519 catalogue key, the secret
 * half as hex in FILE (0600), the public half in FILE.pub and on stdout. */
static int keygen_main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: county-sim keygen FILE\n");
        return 2;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char skhex[2 * sizeof sk + 1], pkhex[2 * sizeof pk + 1], pub[4096];
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(skhex, sizeof skhex, sk, sizeof sk);
    sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
    sodium_memzero(sk, sizeof sk);
    snprintf(pub, sizeof pub, "%s.pub", argv[1]);
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int ok = f && fprintf(f, "%s\n", skhex) > 0;
    ok &= f && fclose(f) == 0;
    sodium_memzero(skhex, sizeof skhex);
    FILE *p = ok ? fopen(pub, "w") : NULL;
    ok = p && fprintf(p, "%s\n", pkhex) > 0;
    ok &= p && fclose(p) == 0;
    if (!ok) {
        fprintf(stderr, "county-sim: cannot write %s or %s\n", argv[1], pub);
        return 1;
    }
    printf("%s\n", pkhex);
    return 0;
}

static int cat_key_load(const char *path)
{
    size_t len = 0, bin = 0;
    char *hex = read_file(path, &len);
    if (!hex)
        return -1;
    hex[strcspn(hex, "\r\n")] = '\0';
    int rc = sodium_hex2bin(g.cat_sk, sizeof g.cat_sk, hex, strlen(hex), NULL, &bin, NULL) == 0 &&
                     bin == sizeof g.cat_sk
                 ? 0
                 : -1;
    sodium_memzero(hex, len);
    free(hex);
    g.cat_keyed = rc == 0;
    return rc;
}

/* ---- admin ---------------------------------------------------------------- */

static cJSON *faults_json(void)
{
    cJSON *o = cJSON_CreateObject();
    pthread_mutex_lock(&g.mu);
    cJSON_AddNumberToObject(o, "error_rate", g.f.error_rate);
    cJSON_AddNumberToObject(o, "drop_rate", g.f.drop_rate);
    cJSON_AddNumberToObject(o, "rate429", g.f.rate429);
    cJSON_AddNumberToObject(o, "accept_fail_rate", g.f.accept_fail_rate);
    cJSON_AddNumberToObject(o, "delay_ms", (double)g.f.delay_ms);
    cJSON_AddNumberToObject(o, "slow_ms", (double)g.f.slow_ms);
    cJSON_AddNumberToObject(o, "retry_after_s", (double)g.f.retry_after_s);
    cJSON_AddNumberToObject(o, "refuse_next", (double)g.f.refuse_next);
    cJSON_AddStringToObject(o, "refuse_message", g.f.refuse_message);
    pthread_mutex_unlock(&g.mu);
    return o;
}

static int set_rate(const cJSON *o, const char *name, double *dst)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1))
        return -1;
    *dst = v->valuedouble;
    return 0;
}

static int set_ms(const cJSON *o, const char *name, long *dst)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 600000))
        return -1;
    *dst = (long)v->valuedouble;
    return 0;
}

static int set_refusal(const cJSON *o, long *dst)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "refuse_next");
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v) || (v->valuedouble != 0 && !final_code((long)v->valuedouble)))
        return -1;
    *dst = (long)v->valuedouble;
    return 0;
}

static int set_text(const cJSON *o, const char *name, char *dst, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!v)
        return 0;
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= cap)
        return -1;
    snprintf(dst, cap, "%s", v->valuestring);
    return 0;
}

static int faults_apply(const cJSON *o, faults *f)
{
    if (!cJSON_IsObject(o))
        return -1;
    return set_rate(o, "error_rate", &f->error_rate) | set_rate(o, "drop_rate", &f->drop_rate) |
           set_rate(o, "rate429", &f->rate429) |
           set_rate(o, "accept_fail_rate", &f->accept_fail_rate) |
           set_ms(o, "delay_ms", &f->delay_ms) | set_ms(o, "slow_ms", &f->slow_ms) |
           set_ms(o, "retry_after_s", &f->retry_after_s) | set_refusal(o, &f->refuse_next) |
           set_text(o, "refuse_message", f->refuse_message, sizeof f->refuse_message);
}

static long count_sql(const char *sql)
{
    long n = -1;
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g.db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    return n;
}

/* ---- the back office --------------------------------------------------------- */

/* One filing as the back office sees it: the receipt, the body (payload),
 * the note and the attachments. NULL if there is no such receipt. */
static cJSON *filing_detail(const char *no)
{
    cJSON *r = NULL;
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g.db, "SELECT " RECEIPT_COLS ", body, device_id, agent_id, supersedes,"
                           " superseded_by FROM filings WHERE receipt_no=?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, no, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            r = receipt_json(st, 1);
            cJSON_AddNumberToObject(r, "received_at_ms", (double)sqlite3_column_int64(st, 2));
            cJSON_AddStringToObject(r, "device_id", (const char *)sqlite3_column_text(st, 8));
            if (sqlite3_column_type(st, 9) != SQLITE_NULL)
                cJSON_AddStringToObject(r, "agent_id", (const char *)sqlite3_column_text(st, 9));
            if (sqlite3_column_type(st, 10) != SQLITE_NULL)
                cJSON_AddStringToObject(r, "supersedes", (const char *)sqlite3_column_text(st, 10));
            if (sqlite3_column_type(st, 11) != SQLITE_NULL)
                cJSON_AddStringToObject(r, "superseded_by",
                                        (const char *)sqlite3_column_text(st, 11));
            cJSON *b = cJSON_Parse((const char *)sqlite3_column_text(st, 7));
            cJSON *pl = b ? cJSON_DetachItemFromObjectCaseSensitive(b, "payload") : NULL;
            if (pl)
                cJSON_AddItemToObject(r, "payload", pl);
            cJSON_Delete(b);
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    if (r && sqlite3_prepare_v2(g.db, "SELECT f.name, a.sha256, a.type, a.size, a.complete"
                                " FROM filing_attachments f JOIN attachments a USING (sha256)"
                                " WHERE f.filing_id=? ORDER BY f.name", -1, &st, NULL) == SQLITE_OK) {
        cJSON *arr = cJSON_AddArrayToObject(r, "attachments");
        sqlite3_bind_text(st, 1, cJSON_GetStringValue(cJSON_GetObjectItem(r, "filing_id")), -1,
                          SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW) {
            cJSON *a = cJSON_CreateObject();
            cJSON_AddStringToObject(a, "name", (const char *)sqlite3_column_text(st, 0));
            cJSON_AddStringToObject(a, "sha256", (const char *)sqlite3_column_text(st, 1));
            cJSON_AddStringToObject(a, "type", (const char *)sqlite3_column_text(st, 2));
            cJSON_AddNumberToObject(a, "size", (double)sqlite3_column_int64(st, 3));
            cJSON_AddBoolToObject(a, "complete", sqlite3_column_int(st, 4));
            cJSON_AddItemToArray(arr, a);
        }
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    return r;
}

/* GET <no>, POST <no>/accept | <no>/return {"note"} | <no>/finish {"note"?}:
 * the county's decisions, with the transitions a real back office allows. */
static enum MHD_Result h_backoffice(struct MHD_Connection *c, int post, const char *rest,
                                    const char *body, size_t len)
{
    char no[40];
    size_t nl = strcspn(rest, "/");
    const char *verb = rest[nl] == '/' ? rest + nl + 1 : NULL;
    if (nl == 0 || nl >= sizeof no)
        return send_error(c, 404, "not_found", "no such receipt");
    memcpy(no, rest, nl);
    no[nl] = '\0';
    if (!verb && !post) {
        cJSON *r = filing_detail(no);
        return r ? send_json(c, 200, r, 0) : send_error(c, 404, "not_found", "no such receipt");
    }
    static const struct {
        const char *verb, *to, *from[2];
        int note; /* 1 required, 0 optional */
    } moves[] = {
        {"accept", "accepted", {"submitted", NULL}, 0},
        {"return", "returned", {"submitted", "accepted"}, 1},
        {"finish", "done", {"accepted", NULL}, 0},
    };
    int m = -1;
    for (int i = 0; verb && post && i < 3; i++)
        if (!strcmp(verb, moves[i].verb))
            m = i;
    if (m < 0)
        return send_error(c, 404, "not_found", "POST /admin/filings/<receipt_no>/accept|return|finish");
    cJSON *o = len ? cJSON_ParseWithLength(body, len) : NULL;
    const cJSON *nv = cJSON_GetObjectItemCaseSensitive(o, "note");
    char note[600] = "";
    int bad = (len && !cJSON_IsObject(o)) || (nv && !cJSON_IsString(nv) && !cJSON_IsNull(nv)) ||
              (cJSON_IsString(nv) && strlen(nv->valuestring) > 512);
    if (!bad && cJSON_IsString(nv))
        snprintf(note, sizeof note, "%s", nv->valuestring);
    cJSON_Delete(o);
    if (bad)
        return send_error(c, 400, "bad_request", "body: {\"note\": \"<at most 512 bytes>\"}");
    if (moves[m].note && !note[0])
        return send_error(c, 400, "bad_request", "returning a filing needs a note saying what to correct");
    char msg[160] = "";
    unsigned status = 500;
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_exec(g.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(g.db, "SELECT status FROM filings WHERE receipt_no=?", -1, &st, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_text(st, 1, no, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_ROW) {
            status = 404;
        } else {
            const char *cur = (const char *)sqlite3_column_text(st, 0);
            int ok = (moves[m].from[0] && !strcmp(cur, moves[m].from[0])) ||
                     (moves[m].from[1] && !strcmp(cur, moves[m].from[1]));
            if (!ok) {
                status = 409;
                snprintf(msg, sizeof msg, "cannot %s a filing that is %s", moves[m].verb, cur);
            }
        }
        sqlite3_finalize(st);
        st = NULL;
        if (status == 500 &&
            sqlite3_prepare_v2(g.db, "UPDATE filings SET status=?, note=?, status_ms=?"
                               " WHERE receipt_no=?", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, moves[m].to, -1, SQLITE_STATIC);
            if (note[0])
                sqlite3_bind_text(st, 2, note, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, now_ms());
            sqlite3_bind_text(st, 4, no, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_DONE)
                status = 200;
        }
        sqlite3_finalize(st);
        sqlite3_exec(g.db, status == 200 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    }
    pthread_mutex_unlock(&g.db_mu);
    if (status == 404)
        return send_error(c, 404, "not_found", "no such receipt");
    if (status == 409)
        return send_error(c, 409, "conflict", msg);
    if (status != 200)
        return send_error(c, 500, "internal", "database");
    cJSON *r = filing_detail(no);
    return r ? send_json(c, 200, r, 0) : send_error(c, 500, "internal", "database");
}

/* GET /admin/attachments (the list, with how many filings name each) or
 * /admin/attachments/<sha256> (the bytes, once complete). */
static enum MHD_Result h_admin_attachments(struct MHD_Connection *c, const char *sha)
{
    pthread_mutex_lock(&g.db_mu);
    sqlite3_stmt *st = NULL;
    if (sha) {
        struct MHD_Response *resp = NULL;
        char type[32] = "";
        if (sqlite3_prepare_v2(g.db, "SELECT data, type FROM attachments WHERE sha256=? AND complete=1",
                               -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) {
                int n = sqlite3_column_bytes(st, 0);
                snprintf(type, sizeof type, "%s", (const char *)sqlite3_column_text(st, 1));
                void *copy = malloc(n ? (size_t)n : 1);
                if (copy) {
                    memcpy(copy, sqlite3_column_blob(st, 0), (size_t)n);
                    resp = MHD_create_response_from_buffer((size_t)n, copy, MHD_RESPMEM_MUST_FREE);
                    if (!resp)
                        free(copy);
                }
            }
        }
        sqlite3_finalize(st);
        pthread_mutex_unlock(&g.db_mu);
        if (!resp)
            return send_error(c, 404, "not_found", "no complete attachment with that sha256");
        MHD_add_response_header(resp, "Content-Type", type);
        enum MHD_Result ret = MHD_queue_response(c, 200, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "attachments");
    if (sqlite3_prepare_v2(g.db, "SELECT sha256, type, size, received, complete,"
                           " (SELECT count(*) FROM filing_attachments f WHERE f.sha256 = a.sha256)"
                           " FROM attachments a ORDER BY created_ms, sha256", -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            cJSON *a = att_state((const char *)sqlite3_column_text(st, 0),
                                 (const char *)sqlite3_column_text(st, 1),
                                 sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                                 sqlite3_column_int(st, 4));
            cJSON_AddNumberToObject(a, "refs", (double)sqlite3_column_int64(st, 5));
            cJSON_AddItemToArray(arr, a);
        }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g.db_mu);
    return send_json(c, 200, o, 0);
}

static enum MHD_Result h_admin(struct MHD_Connection *c, const char *method, const char *url,
                               const char *body, size_t len)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr_in *sa = ci ? (const struct sockaddr_in *)ci->client_addr : NULL;
    if (!sa || sa->sin_family != AF_INET || (ntohl(sa->sin_addr.s_addr) >> 24) != 127)
        return send_error(c, 403, "forbidden", "admin is for loopback clients only");
    int post = !strcmp(method, "POST");
    if (!strcmp(url, "/admin/faults")) {
        if (post) {
            cJSON *o = cJSON_ParseWithLength(body, len);
            pthread_mutex_lock(&g.mu);
            faults f = g.f;
            int bad = faults_apply(o, &f);
            if (!bad)
                g.f = f;
            pthread_mutex_unlock(&g.mu);
            cJSON_Delete(o);
            if (bad)
                return send_error(c, 400, "bad_request",
                                  "rates are 0..1, times 0..600000, refuse_next 0 or a final status, "
                                  "refuse_message a string of at most 512 bytes");
        }
        return send_json(c, 200, faults_json(), 0);
    }
    if (!strcmp(url, "/admin/catalogue"))
        return h_admin_catalogue(c, post, body, len);
    if (!strcmp(url, "/admin/filings/count")) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "count", (double)count_sql("SELECT COUNT(*) FROM filings"));
        cJSON_AddNumberToObject(o, "distinct",
                                (double)count_sql("SELECT COUNT(DISTINCT filing_id) FROM filings"));
        return send_json(c, 200, o, 0);
    }
    if (!strcmp(url, "/admin/filings")) {
        cJSON *o = cJSON_CreateObject();
        cJSON *arr = cJSON_AddArrayToObject(o, "filings");
        pthread_mutex_lock(&g.db_mu);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(g.db, "SELECT filing_id, receipt_no, villager_key, form_id, device_id,"
                               " id, status, (SELECT count(*) FROM filing_attachments a"
                               " WHERE a.filing_id = filings.filing_id), note, received_ms,"
                               " supersedes, superseded_by FROM filings ORDER BY id", -1, &st,
                               NULL) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW) {
                cJSON *f = cJSON_CreateObject();
                cJSON_AddStringToObject(f, "filing_id", (const char *)sqlite3_column_text(st, 0));
                cJSON_AddStringToObject(f, "receipt_no", (const char *)sqlite3_column_text(st, 1));
                cJSON_AddStringToObject(f, "villager_key", (const char *)sqlite3_column_text(st, 2));
                cJSON_AddStringToObject(f, "form_id", (const char *)sqlite3_column_text(st, 3));
                cJSON_AddStringToObject(f, "device_id", (const char *)sqlite3_column_text(st, 4));
                cJSON_AddNumberToObject(f, "seq", (double)sqlite3_column_int64(st, 5));
                cJSON_AddStringToObject(f, "status", (const char *)sqlite3_column_text(st, 6));
                cJSON_AddNumberToObject(f, "attachments", (double)sqlite3_column_int64(st, 7));
                if (sqlite3_column_type(st, 8) != SQLITE_NULL)
                    cJSON_AddStringToObject(f, "note", (const char *)sqlite3_column_text(st, 8));
                cJSON_AddNumberToObject(f, "received_at_ms", (double)sqlite3_column_int64(st, 9));
                if (sqlite3_column_type(st, 10) != SQLITE_NULL)
                    cJSON_AddStringToObject(f, "supersedes", (const char *)sqlite3_column_text(st, 10));
                if (sqlite3_column_type(st, 11) != SQLITE_NULL)
                    cJSON_AddStringToObject(f, "superseded_by",
                                            (const char *)sqlite3_column_text(st, 11));
                cJSON_AddItemToArray(arr, f);
            }
        sqlite3_finalize(st);
        pthread_mutex_unlock(&g.db_mu);
        return send_json(c, 200, o, 0);
    }
    if (!strcmp(url, "/admin/stats")) {
        cJSON *o = cJSON_CreateObject();
        pthread_mutex_lock(&g.mu);
        stats s = g.s;
        pthread_mutex_unlock(&g.mu);
        cJSON_AddNumberToObject(o, "requests", (double)s.requests);
        cJSON_AddNumberToObject(o, "drops", (double)s.drops);
        cJSON_AddNumberToObject(o, "errors", (double)s.errors);
        cJSON_AddNumberToObject(o, "rate_limited", (double)s.r429);
        cJSON_AddNumberToObject(o, "accept_fails", (double)s.accept_fails);
        cJSON_AddNumberToObject(o, "slow", (double)s.slow);
        cJSON_AddNumberToObject(o, "created", (double)s.created);
        cJSON_AddNumberToObject(o, "replayed", (double)s.replayed);
        cJSON_AddNumberToObject(o, "conflicts", (double)s.conflicts);
        cJSON_AddNumberToObject(o, "refused", (double)s.refused);
        cJSON_AddNumberToObject(o, "att_pieces", (double)s.att_pieces);
        cJSON_AddNumberToObject(o, "att_bytes", (double)s.att_bytes);
        cJSON_AddNumberToObject(o, "att_completed", (double)s.att_completed);
        cJSON_AddNumberToObject(o, "att_refused", (double)s.att_refused);
        cJSON_AddNumberToObject(o, "att_missing", (double)s.att_missing);
        cJSON_AddNumberToObject(o, "att_drops", (double)s.att_drops);
        cJSON_AddNumberToObject(o, "att_dropped_bytes", (double)s.att_dropped_bytes);
        cJSON_AddNumberToObject(o, "status_batches", (double)s.status_batches);
        return send_json(c, 200, o, 0);
    }
    if (post && !strcmp(url, "/admin/status")) {
        cJSON *o = cJSON_ParseWithLength(body, len);
        const char *no = str_field(o, "receipt_no"), *stn = str_field(o, "status"),
                   *note = str_field(o, "note");
        int valid = no && stn && (!strcmp(stn, "submitted") || !strcmp(stn, "accepted") ||
                                  !strcmp(stn, "returned") || !strcmp(stn, "done"));
        int changed = 0;
        if (valid) {
            pthread_mutex_lock(&g.db_mu);
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v2(g.db, "UPDATE filings SET status=?, note=?, status_ms=?"
                                   " WHERE receipt_no=?", -1, &st, NULL) == SQLITE_OK) {
                sqlite3_bind_text(st, 1, stn, -1, SQLITE_TRANSIENT);
                if (note)
                    sqlite3_bind_text(st, 2, note, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(st, 3, now_ms());
                sqlite3_bind_text(st, 4, no, -1, SQLITE_TRANSIENT);
                if (sqlite3_step(st) == SQLITE_DONE)
                    changed = sqlite3_changes(g.db);
            }
            sqlite3_finalize(st);
            pthread_mutex_unlock(&g.db_mu);
        }
        cJSON_Delete(o);
        if (!valid)
            return send_error(c, 400, "bad_request", "receipt_no and a known status required");
        if (!changed)
            return send_error(c, 404, "not_found", "no such receipt");
        return send_text(c, 200, strdup("{}"), 0, NULL);
    }
    if (!strncmp(url, "/admin/filings/", 15))
        return h_backoffice(c, post, url + 15, body, len);
    if (!strcmp(url, "/admin/attachments") || !strncmp(url, "/admin/attachments/", 19))
        return h_admin_attachments(c, url[18] == '/' ? url + 19 : NULL);
    if (post && !strcmp(url, "/admin/agents")) {
        cJSON *o = cJSON_ParseWithLength(body, len);
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "agents"), *a;
        int bad = !cJSON_IsArray(arr), n = 0;
        pthread_mutex_lock(&g.db_mu);
        cJSON_ArrayForEach(a, arr)
        {
            const char *id = str_field(a, "id");
            char *txt = id ? cJSON_PrintUnformatted(a) : NULL;
            sqlite3_stmt *st = NULL;
            if (txt && sqlite3_prepare_v2(g.db, "INSERT OR REPLACE INTO agents(id,json) VALUES(?,?)",
                                          -1, &st, NULL) == SQLITE_OK) {
                sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 2, txt, -1, SQLITE_TRANSIENT);
                n += sqlite3_step(st) == SQLITE_DONE;
            } else {
                bad = 1;
            }
            sqlite3_finalize(st);
            free(txt);
        }
        pthread_mutex_unlock(&g.db_mu);
        cJSON_Delete(o);
        if (bad)
            return send_error(c, 400, "bad_request", "{\"agents\":[{\"id\":..}, ...]} expected");
        cJSON *r = cJSON_CreateObject();
        cJSON_AddNumberToObject(r, "stored", n);
        return send_json(c, 200, r, 0);
    }
    return send_error(c, 404, "not_found", "no such admin endpoint");
}

/* ---- dispatch ------------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len;
    int too_big;
} req_ctx;

static enum MHD_Result route(struct MHD_Connection *c, const char *url, const char *method,
                             const char *body, size_t len)
{
    if (!strncmp(url, "/admin/", 7))
        return h_admin(c, method, url, body, len);
    if (strncmp(url, "/api/v1/", 8))
        return send_error(c, 404, "not_found", "unknown path");

    /* faults, for the platform API only */
    pthread_mutex_lock(&g.mu);
    g.s.requests++;
    faults f = g.f;
    int drop = rnd() < f.drop_rate;
    int r429 = !drop && rnd() < f.rate429;
    int err = !drop && !r429 && rnd() < f.error_rate;
    g.s.drops += drop;
    if (drop && !strcmp(method, "PUT")) { /* a piece lost on the way: sent, not kept */
        g.s.att_drops++;
        g.s.att_dropped_bytes += (long)len;
    }
    g.s.r429 += r429;
    g.s.errors += err;
    pthread_mutex_unlock(&g.mu);
    sleep_ms(f.delay_ms);
    if (drop)
        return MHD_NO;
    if (r429) {
        char ra[24];
        snprintf(ra, sizeof ra, "%ld", f.retry_after_s);
        char *t = strdup("{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many requests\"}}");
        return t ? send_text(c, 429, t, 0, ra) : MHD_NO;
    }
    if (err)
        return send_error(c, 503, "unavailable", "injected: platform busy");

    const char *p = url + 8;
    int get = !strcmp(method, "GET"), post = !strcmp(method, "POST");
    if (post && !strcmp(p, "devices/register"))
        return h_register(c, body, len);
    char dev[80];
    if (!device_of(c, dev, sizeof dev))
        return send_error(c, 401, "unauthorized", "device token missing or not valid");
    if (post && !strcmp(p, "filings"))
        return h_submit(c, dev, body, len);
    if (!strncmp(p, "attachments/", 12) && !strchr(p + 12, '/')) {
        if (get)
            return h_att_get(c, p + 12);
        if (!strcmp(method, "PUT"))
            return h_att_put(c, dev, p + 12, body, len);
    }
    if (post && !strcmp(p, "receipts/status"))
        return h_status_batch(c, dev, body, len);
    if (get && !strncmp(p, "receipts/", 9) && !strchr(p + 9, '/'))
        return h_receipt(c, p + 9);
    if (get && !strncmp(p, "villagers/", 10)) {
        char key[80];
        const char *slash = strchr(p + 10, '/');
        size_t kl = slash ? (size_t)(slash - (p + 10)) : 0;
        if (slash && kl < sizeof key && !strcmp(slash, "/filings")) {
            memcpy(key, p + 10, kl);
            key[kl] = '\0';
            return h_villager(c, key);
        }
    }
    if (get && !strcmp(p, "forms"))
        return h_forms(c, NULL);
    if (get && !strncmp(p, "forms/", 6) && !strchr(p + 6, '/'))
        return h_forms(c, p + 6);
    if (get && !strcmp(p, "agents"))
        return h_agents(c);
    if (get && !strcmp(p, "catalogue"))
        return h_catalogue(c);
    if (get && !strncmp(p, "catalogue/files/", 16))
        return h_catalogue_file(c, p + 16);
    return send_error(c, 404, "not_found", "unknown path or method");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
    (void)cls;
    (void)version;
    req_ctx *ctx = *req_cls;
    if (!ctx) {
        ctx = calloc(1, sizeof *ctx);
        if (!ctx)
            return MHD_NO;
        *req_cls = ctx;
        return MHD_YES;
    }
    if (*upload_size) {
        if (ctx->len + *upload_size > MAX_BODY) {
            ctx->too_big = 1;
        } else {
            char *b = realloc(ctx->buf, ctx->len + *upload_size + 1);
            if (!b)
                return MHD_NO;
            memcpy(b + ctx->len, upload, *upload_size);
            ctx->buf = b;
            ctx->len += *upload_size;
            b[ctx->len] = '\0';
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (ctx->too_big)
        return send_error(c, 413, "too_large", "request body over 1 MiB");
    return route(c, url, method, ctx->buf ? ctx->buf : "", ctx->len);
}

static void on_done(void *cls, struct MHD_Connection *c, void **req_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    req_ctx *ctx = *req_cls;
    if (ctx) {
        free(ctx->buf);
        free(ctx);
        *req_cls = NULL;
    }
}

/* ---- start-up ------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t r = fread(buf + n, 1, 4096, f);
        n += r;
        if (r < 4096)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static int load_forms(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t nl = strlen(e->d_name);
        if (nl < 6 || strcmp(e->d_name + nl - 5, ".json"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = 0;
        char *text = read_file(path, &len);
        cJSON *o = text ? cJSON_Parse(text) : NULL;
        const char *id = str_field(o, "id");
        int64_t ver = 0;
        if (id && strlen(id) < 65 && int_field(o, "version", 1, 1e6, &ver) == 0) {
            form_def *fd = realloc(g.forms, (g.n_forms + 1) * sizeof *fd);
            if (fd) {
                g.forms = fd;
                form_def *f = &g.forms[g.n_forms++];
                snprintf(f->id, sizeof f->id, "%s", id);
                f->version = (int)ver;
                const char *title = str_field(o, "title");
                f->title = strdup(title ? title : "");
                f->text = text;
                f->size = len;
                text = NULL;
            }
        }
        cJSON_Delete(o);
        free(text);
    }
    closedir(d);
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out,
            "county-sim — county-platform simulator (protocol v1) for tests and the emulator\n"
            "usage: county-sim [options]\n"
            "       county-sim admin <command> ...   the back office by hand (county-sim admin help)\n"
            "  --port N              port on 127.0.0.1 (default 8443; 0 picks a free one)\n"
            "  --db FILE             SQLite file for devices, filings, agents (default county-sim.db)\n"
            "  --cert PEM --key PEM  TLS certificate and key (tests/sim/gen-cert.sh makes a pair)\n"
            "  --plain               plain HTTP instead of TLS (debugging only)\n"
            "  --reg-code CODE       registration code devices must present (default 123456)\n"
            "  --forms DIR           serve the *.json form definitions in DIR\n"
            "  --receipt-day YYYYMMDD  date part of receipt numbers (default: today, UTC)\n"
            "  --catalogue DIR       serve DIR (its .json files, and settings/) as the signed catalogue\n"
            "  --catalogue-key FILE  the county's Ed25519 key (hex) that signs it\n"
            "  --catalogue-version N its version (default 1)\n"
            "  --catalogue-needs L   the level of the form language it needs (default 1)\n"
            "  --catalogue-fault F   bad_signature|unsigned|malformed|older|bad_hash|drop_mid|none|ignore_reads\n"
            "       county-sim keygen FILE          a catalogue key: FILE (secret), FILE.pub\n"
            "  --error-rate F        share of API requests answered 503 (0..1)\n"
            "  --drop-rate F         share of API requests whose connection is closed without reply\n"
            "  --rate429 F           share of API requests answered 429 (Retry-After: --retry-after)\n"
            "  --retry-after S       seconds in Retry-After (default 1)\n"
            "  --accept-fail-rate F  share of new filings committed, then answered 500 or dropped\n"
            "  --delay-ms N          wait before every API reply\n"
            "  --slow-ms N           trickle replies: pause N ms before each 16-byte piece\n"
            "  --seed N              seed of the fault dice (default: random)\n"
            "  (at run time only: refuse_next 400|403|404|409|413 refuses the next filing once)\n"
            "  --help                this text\n"
            "Prints \"county-sim listening on <url>\" when ready; SIGINT/SIGTERM stop it.\n"
            "Faults change at run time: curl -k -X POST <url>/admin/faults -d '{\"error_rate\":0.2}'\n");
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "admin"))
        return sim_cli_main(argc - 1, argv + 1);
    if (sodium_init() < 0) {
        fprintf(stderr, "county-sim: libsodium did not start\n");
        return 1;
    }
    if (argc > 1 && !strcmp(argv[1], "keygen"))
        return keygen_main(argc - 1, argv + 1);
    const char *cat_dir = NULL, *cat_key = NULL;
    long cat_version = 1, cat_needs = 1;
    long port = 8443;
    const char *db = "county-sim.db", *cert = NULL, *key = NULL, *forms = NULL;
    int plain = 0;
    g.reg_code = "123456";
    g.f.retry_after_s = 1;
    if (getrandom(&g.rng, sizeof g.rng, 0) != (ssize_t)sizeof g.rng)
        g.rng = (uint64_t)now_ms();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--plain")) {
            plain = 1;
            takes = 0;
        } else if (!v) {
            fprintf(stderr, "county-sim: %s needs a value (see --help)\n", a);
            return 2;
        } else if (!strcmp(a, "--port")) {
            port = strtol(v, NULL, 10);
        } else if (!strcmp(a, "--db")) {
            db = v;
        } else if (!strcmp(a, "--cert")) {
            cert = v;
        } else if (!strcmp(a, "--key")) {
            key = v;
        } else if (!strcmp(a, "--reg-code")) {
            g.reg_code = v;
        } else if (!strcmp(a, "--receipt-day")) {
            if (strlen(v) != 8 || strspn(v, "0123456789") != 8) {
                fprintf(stderr, "county-sim: --receipt-day needs YYYYMMDD\n");
                return 2;
            }
            snprintf(g.receipt_day, sizeof g.receipt_day, "%s", v);
        } else if (!strcmp(a, "--forms")) {
            forms = v;
        } else if (!strcmp(a, "--catalogue")) {
            cat_dir = v;
        } else if (!strcmp(a, "--catalogue-key")) {
            cat_key = v;
        } else if (!strcmp(a, "--catalogue-version")) {
            cat_version = strtol(v, NULL, 10);
        } else if (!strcmp(a, "--catalogue-needs")) {
            cat_needs = strtol(v, NULL, 10);
        } else if (!strcmp(a, "--catalogue-fault")) {
            if (!cat_fault_ok(v)) {
                fprintf(stderr, "county-sim: unknown catalogue fault %s (see --help)\n", v);
                return 2;
            }
            snprintf(g.cat_fault, sizeof g.cat_fault, "%s", v);
        } else if (!strcmp(a, "--seed")) {
            g.rng = strtoull(v, NULL, 10);
        } else {
            cJSON *o = cJSON_CreateObject();
            char name[64];
            snprintf(name, sizeof name, "%s", a + (strncmp(a, "--", 2) ? 0 : 2));
            for (char *p = name; *p; p++)
                if (*p == '-')
                    *p = '_';
            if (!strcmp(name, "rate429") || !strcmp(name, "error_rate") ||
                !strcmp(name, "drop_rate") || !strcmp(name, "accept_fail_rate") ||
                !strcmp(name, "delay_ms") || !strcmp(name, "slow_ms") ||
                !strcmp(name, "retry_after"))
                cJSON_AddNumberToObject(o, strcmp(name, "retry_after") ? name : "retry_after_s",
                                        strtod(v, NULL));
            int bad = cJSON_GetArraySize(o) != 1 || faults_apply(o, &g.f);
            cJSON_Delete(o);
            if (bad) {
                fprintf(stderr, "county-sim: unknown option or bad value: %s %s (see --help)\n", a, v);
                return 2;
            }
        }
        i += takes;
    }
    if (port < 0 || port > 65535 || (!plain && (!cert || !key))) {
        fprintf(stderr, "county-sim: need --cert and --key (or --plain), and a port 0..65535\n");
        return 2;
    }
    if (sqlite3_open(db, &g.db) != SQLITE_OK ||
        sqlite3_exec(g.db, schema, NULL, NULL, NULL) != SQLITE_OK ||
        add_columns() != 0) {
        fprintf(stderr, "county-sim: cannot open database %s: %s\n", db, sqlite3_errmsg(g.db));
        return 1;
    }
    sqlite3_busy_timeout(g.db, 5000);
    if (forms && load_forms(forms)) {
        fprintf(stderr, "county-sim: cannot read form folder %s\n", forms);
        return 1;
    }
    if ((cat_dir || cat_key) &&
        (!cat_dir || !cat_key || cat_version < 1 || cat_version > 2000000000L || cat_needs < 1 ||
         cat_needs > 1000 || cat_key_load(cat_key) || cat_load(cat_dir, (int)cat_version, (int)cat_needs))) {
        fprintf(stderr, "county-sim: --catalogue DIR and --catalogue-key FILE go together (a readable folder, a key from county-sim keygen, a version >= 1, a level 1..1000)\n");
        return 1;
    }
    char *cert_pem = NULL, *key_pem = NULL;
    if (!plain) {
        cert_pem = read_file(cert, NULL);
        key_pem = read_file(key, NULL);
        if (!cert_pem || !key_pem) {
            fprintf(stderr, "county-sim: cannot read %s or %s\n", cert, key);
            return 1;
        }
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            fprintf(stderr, "county-sim: this libmicrohttpd has no TLS; use --plain\n");
            return 1;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_ERROR_LOG | (plain ? 0 : MHD_USE_TLS);
    struct MHD_Daemon *d;
    if (plain)
        d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &addr,
                             MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                             MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 512u,
                             MHD_OPTION_END);
    else
        d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &addr,
                             MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                             MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 512u,
                             MHD_OPTION_HTTPS_MEM_CERT, cert_pem, MHD_OPTION_HTTPS_MEM_KEY, key_pem,
                             MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "county-sim: cannot listen on 127.0.0.1:%ld\n", port);
        return 1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("county-sim listening on %s://127.0.0.1:%u\n", plain ? "http" : "https",
           di ? (unsigned)di->port : (unsigned)port);
    fflush(stdout);
    while (!g_quit)
        sleep_ms(50);
    MHD_stop_daemon(d);
    sqlite3_close(g.db);
    for (size_t i = 0; i < g.n_forms; i++) {
        free(g.forms[i].title);
        free(g.forms[i].text);
    }
    free(g.forms);
    cat_clear();
    sodium_memzero(g.cat_sk, sizeof g.cat_sk);
    free(cert_pem);
    free(key_pem);
    return 0;
}
