/* sync_store.c — sync_outbox over store.h. */
#include "sync/sync_store.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "core/log.h"
#include "store/store.h"

typedef struct {
    store_filing *rows; /* kept alive while the engine holds the items */
    size_t n;
} batch;

/* The adapter's state: the shared store handle (the one writer), the data
 * folder (the database's folder), which holds the filings' signature images,
 * and when the drafts last expired. */
typedef struct {
    store *st;
    char dir[1024];
    int64_t expired_ms; /* monotonic clock; 0: not yet in this run */
} adapter;

#define DAY_MS (24 * 3600 * 1000LL)

#define ST(ud) (((adapter *)(ud))->st)

static int sweep_folders(adapter *ad, int64_t min_age_s, int *removed);

/* Daily draft expiry, on the engine thread (boot expires them at start; the
 * store deletes the images the expired drafts named), then the images no
 * draft or filing names any more that are at least a day old: what a screen
 * saved and no draft came to name (the program stopped in between). A day,
 * so an image the UI thread is saving right now, not yet named by its
 * draft, is never taken. */
static void expire_daily(adapter *ad)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    if (ad->expired_ms && now - ad->expired_ms < DAY_MS)
        return;
    ad->expired_ms = now;
    int n = 0;
    int rc = store_draft_expire(ad->st, &n);
    if (rc != STORE_OK)
        core_log(CORE_LOG_WARN, "sync", "daily draft expiry: %s", store_strerror(rc));
    else if (n)
        core_log(CORE_LOG_INFO, "sync", "%d expired draft(s) purged", n);
    int gone = 0;
    rc = sweep_folders(ad, DAY_MS / 1000, &gone);
    if (rc != STORE_OK)
        core_log(CORE_LOG_WARN, "sync", "daily image sweep: %s", store_strerror(rc));
    else if (gone)
        core_log(CORE_LOG_INFO, "sync", "%d image(s) no draft or filing names removed", gone);
}

static int ob_due(void *ud, int64_t now_ms, size_t max, sync_item **items, size_t *n)
{
    expire_daily(ud);
    store_filing *rows = NULL;
    size_t count = 0;
    *items = NULL;
    *n = 0;
    int rc = store_outbox_due(ST(ud), now_ms, max, &rows, &count);
    if (rc != STORE_OK)
        return rc;
    /* one allocation: the batch header, then the items */
    char *mem = calloc(1, sizeof(batch) + (count ? count : 1) * sizeof(sync_item));
    if (!mem) {
        store_filing_list_free(rows, count);
        return STORE_ERR_NOMEM;
    }
    batch *b = (batch *)mem;
    b->rows = rows;
    b->n = count;
    sync_item *it = (sync_item *)(mem + sizeof(batch));
    for (size_t i = 0; i < count; i++) {
        memcpy(it[i].uuid, rows[i].uuid, sizeof it[i].uuid);
        memcpy(it[i].villager_key, rows[i].villager_key, sizeof it[i].villager_key);
        it[i].form_id = rows[i].form_id;
        it[i].form_version = rows[i].form_version;
        it[i].agent_id = rows[i].agent_id;
        it[i].filed_at_ms = rows[i].created_ms;
        it[i].payload = rows[i].payload;
        it[i].attempts = rows[i].attempts;
        it[i].body = rows[i].body;
        it[i].body_sha256 = rows[i].body ? rows[i].body_sha256 : NULL;
    }
    *items = it;
    *n = count;
    return 0;
}

static void ob_free_items(void *ud, sync_item *items, size_t n)
{
    (void)ud;
    (void)n;
    if (!items)
        return;
    batch *b = (batch *)((char *)items - sizeof(batch));
    store_filing_list_free(b->rows, b->n);
    free(b);
}

static int ob_fail(void *ud, const char *uuid, const char *error, int64_t next_ms)
{
    return store_filing_fail(ST(ud), uuid, error ? error : "", next_ms);
}

static int ob_hold(void *ud, const char *uuid, const char *reason)
{
    return store_filing_hold(ST(ud), uuid, reason);
}

#define MAX_IMAGES PROTO_ATT_MAX

/* Reads a whole image file (at most the largest size the platform takes). */
static unsigned char *read_image(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    int bad = 0;
    for (;;) {
        if (n + 65536 > cap) {
            if (cap >= PROTO_ATT_JPEG_MAX + 65536) {
                bad = 1; /* over every limit: not an image we sent */
                break;
            }
            unsigned char *b = realloc(buf, cap ? cap * 2 : 65536);
            if (!b) {
                bad = 1;
                break;
            }
            buf = b;
            cap = cap ? cap * 2 : 65536;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    bad |= ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static void sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

char *sync_store_body(const store_envelope *e, void *ud)
{
    const char *dir = ud;
    proto_filing f = {e->uuid,     e->form_id,    e->form_version, e->villager_key,
                      e->agent_id, e->created_ms, e->payload,      NULL, 0, e->supersedes};
    char err[160] = "";
    /* the images the payload names travel as attachments, named by hash */
    char names[MAX_IMAGES][STORE_IMAGE_NAME_MAX];
    int n = store_images_named(e->payload, names, MAX_IMAGES);
    proto_attachment atts[MAX_IMAGES];
    memset(atts, 0, sizeof atts);
    for (int i = 0; i < n && !err[0]; i++) {
        char path[4096];
        size_t len = 0;
        unsigned char *data = NULL;
        if (dir) {
            store_image_path(dir, names[i], path, sizeof path);
            data = read_image(path, &len);
        }
        const char *type = data ? proto_attachment_type(data, len) : NULL;
        if (!type) {
            snprintf(err, sizeof err, "attachment %.80s %s", names[i],
                     !dir ? "named, no data folder" : data ? "is not a PNG or JPEG" : "cannot be read");
        } else {
            snprintf(atts[i].name, sizeof atts[i].name, "%.150s", names[i]);
            snprintf(atts[i].type, sizeof atts[i].type, "%s", type);
            sha256_hex(data, len, atts[i].sha256);
            atts[i].size = (int64_t)len;
        }
        if (data)
            sodium_memzero(data, len);
        free(data);
    }
    char *body = NULL;
    if (!err[0]) {
        f.attachments = atts;
        f.n_attachments = (size_t)n;
        body = proto_build_filing(&f, err, sizeof err);
    }
    if (!body)
        core_log(CORE_LOG_ERROR, "sync", "filing %s: no request body: %s", e->uuid, err);
    return body;
}

/* After the platform holds the filing (or a technician discarded it), the
 * kiosk keeps at most the receipt: the payload is purged by the store, the
 * images it named here, each once nothing else names it; dir is the data
 * folder. */
static void purge_images(store *st, const char *dir, const char *payload)
{
    int n = 0;
    int rc = store_images_release(st, dir, payload, &n);
    if (rc != STORE_OK)
        core_log(CORE_LOG_WARN, "sync", "images of a filing that left the outbox: %s",
                 store_strerror(rc));
    else if (n)
        core_log(CORE_LOG_DEBUG, "sync", "%d image(s) of a filing that left the outbox removed", n);
}

static int ob_ack(void *ud, const char *uuid, const char *receipt_no, int status,
                  int64_t receipt_ms)
{
    store_filing f;
    memset(&f, 0, sizeof f);
    int have = store_filing_get(ST(ud), uuid, &f) == STORE_OK;
    int rc = store_filing_ack(ST(ud), uuid, receipt_no, (store_status)status, receipt_ms);
    if (rc == STORE_OK && have)
        purge_images(ST(ud), ((adapter *)ud)->dir, f.payload);
    if (have)
        store_filing_clear(&f);
    /* a repeated ack with the same receipt, or a stale one, changes nothing */
    return rc == STORE_OK || rc == STORE_ERR_ALREADY || rc == STORE_ERR_NOTFOUND ? 0 : rc;
}

static int ob_attachment(void *ud, const char *name, const char *sha256, unsigned char **data,
                         size_t *len)
{
    adapter *ad = ud;
    *data = NULL;
    *len = 0;
    if (!store_image_name_ok(name))
        return SYNC_ATT_MISSING; /* never read anything else, whatever a body says */
    char path[4096], hex[65];
    store_image_path(ad->dir, name, path, sizeof path);
    unsigned char *buf = read_image(path, len);
    if (!buf)
        return SYNC_ATT_MISSING;
    sha256_hex(buf, *len, hex);
    if (strcmp(hex, sha256)) {
        sodium_memzero(buf, *len);
        free(buf);
        *len = 0;
        return SYNC_ATT_CHANGED;
    }
    *data = buf;
    return 0;
}

/* Removes the images in one folder of the data folder that nothing names
 * (and that were last written at least min_age_s ago, when not 0). */
static int sweep_folder(adapter *ad, const char *sub, const char *prefix, int64_t min_age_s,
                        int *removed)
{
    time_t now = time(NULL);
    char dir[1200];
    snprintf(dir, sizeof dir, "%s/%s", ad->dir, sub);
    DIR *d = opendir(dir);
    if (!d)
        return 0; /* no such folder: nothing to sweep */
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char name[200];
        if (strlen(e->d_name) > 150)
            continue;
        snprintf(name, sizeof name, "%.16s%.150s", prefix, e->d_name);
        /* an image half written when the power went (core_png_write's
         * temporary file) is named by nothing: it goes too */
        size_t nl = strlen(name);
        int partial = nl > 4 && !strcmp(name + nl - 4, ".tmp");
        if (partial)
            name[nl - 4] = '\0';
        if (!store_image_name_ok(name))
            continue; /* only the images the kiosk writes, nothing else */
        int in_use = 0;
        int r = partial ? STORE_OK : store_image_in_use(ad->st, name, &in_use);
        if (r != STORE_OK) {
            rc = r;
            break;
        }
        char path[4096];
        store_image_path(ad->dir, name, path, sizeof path - 4);
        if (partial)
            strcat(path, ".tmp");
        struct stat sb;
        if (!in_use && min_age_s > 0 &&
            (stat(path, &sb) != 0 || (int64_t)(now - sb.st_mtime) < min_age_s))
            continue; /* too fresh to be sure */
        if (!in_use && remove(path) == 0)
            (*removed)++;
    }
    closedir(d);
    return rc;
}

static int sweep_folders(adapter *ad, int64_t min_age_s, int *removed)
{
    int rc = sweep_folder(ad, "signatures", "", min_age_s, removed);
    if (rc == STORE_OK)
        rc = sweep_folder(ad, "consent", "consent/", min_age_s, removed);
    if (rc == STORE_OK)
        rc = sweep_folder(ad, "photos", "", min_age_s, removed);
    return rc;
}

int sync_store_sweep_images(const sync_outbox *ob, int *removed)
{
    int n = 0;
    adapter *ad = ob ? ob->ud : NULL;
    if (!ad)
        return STORE_ERR_INVALID;
    int rc = sweep_folders(ad, 0, &n);
    if (n)
        core_log(CORE_LOG_INFO, "sync", "%d image(s) no draft or filing names removed", n);
    if (removed)
        *removed = n;
    return rc;
}

static int ob_count(void *ud, int *pending) { return store_outbox_count(ST(ud), pending); }

static int ob_agents(void *ud, const char *body, size_t len)
{
    char err[256];
    size_t n = 0;
    int rc = store_agents_replace_reply(ST(ud), body, len, &n, err, sizeof err);
    if (rc != STORE_OK)
        core_log(CORE_LOG_WARN, "sync", "agents reply refused by the store: %s", err);
    return rc;
}

/* The data folder: the database file's folder. */
/* The status loop: receipts not final, due to be asked about. */
static int ob_poll_due(void *ud, int64_t now_ms, size_t max, sync_poll_item **items, size_t *n)
{
    store_receipt *r = NULL;
    size_t k = 0;
    *items = NULL;
    *n = 0;
    int rc = store_receipt_poll_due(ST(ud), now_ms, max, &r, &k);
    if (rc != STORE_OK)
        return rc;
    sync_poll_item *out = k ? calloc(k, sizeof *out) : NULL;
    if (k && !out) {
        store_receipt_list_free(r, k);
        return STORE_ERR_NOMEM;
    }
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (!proto_receipt_ok(r[i].receipt_no)) {
            /* not a number the platform could be asked about: not again for a year */
            store_poll_result later = {r[i].receipt_no, 0, r[i].status, 0, NULL,
                                       now_ms + 366LL * 86400000};
            store_receipt_poll_save(ST(ud), &later, 1, NULL);
            continue;
        }
        snprintf(out[m].receipt_no, sizeof out[m].receipt_no, "%s", r[i].receipt_no);
        out[m].filed_ms = r[i].filed_ms;
        out[m].status = (int)r[i].status;
        m++;
    }
    store_receipt_list_free(r, k);
    *items = out;
    *n = m;
    return STORE_OK;
}

static int ob_poll_next(void *ud, int64_t *next_ms)
{
    int rc = store_receipt_poll_next(ST(ud), next_ms);
    return rc == STORE_ERR_NOTFOUND ? 1 : rc;
}

static int ob_poll_save(void *ud, const sync_poll_result *r, size_t n, int *changed)
{
    store_poll_result *p = n ? calloc(n, sizeof *p) : NULL;
    if (n && !p)
        return STORE_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        p[i].receipt_no = r[i].receipt_no;
        p[i].known = r[i].known && r[i].status >= 0 && r[i].status <= STORE_STATUS_SUPERSEDED;
        p[i].status = (store_status)r[i].status;
        p[i].status_ms = r[i].status_ms;
        p[i].note = r[i].note;
        p[i].next_poll_ms = r[i].next_poll_ms;
    }
    int rc = store_receipt_poll_save(ST(ud), p, n, changed);
    free(p);
    return rc;
}

static void data_dir(const char *db_path, char *out, size_t n)
{
    snprintf(out, n, "%s", db_path);
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(out, n, ".");
}

int sync_store_discard(store *st, const char *db_path, const char *uuid, const char *actor_id)
{
    if (!st || !db_path)
        return STORE_ERR_INVALID;
    store_filing f;
    memset(&f, 0, sizeof f);
    int rc = store_filing_get(st, uuid, &f);
    if (rc == STORE_OK)
        rc = store_filing_discard(st, uuid, actor_id);
    if (rc == STORE_OK) {
        char dir[1024];
        data_dir(db_path, dir, sizeof dir);
        purge_images(st, dir, f.payload);
    }
    store_filing_clear(&f);
    return rc;
}

int sync_store_outbox_open(store *st, const char *path, sync_outbox *ob)
{
    memset(ob, 0, sizeof *ob);
    if (!st || !path)
        return STORE_ERR_INVALID;
    adapter *ad = calloc(1, sizeof *ad);
    if (!ad)
        return STORE_ERR_NOMEM;
    ad->st = st; /* its body builder is the caller's to set (boot.c): the adapter may go first */
    data_dir(path, ad->dir, sizeof ad->dir);
    ob->ud = ad;
    ob->due = ob_due;
    ob->free_items = ob_free_items;
    ob->fail = ob_fail;
    ob->hold = ob_hold;
    ob->ack = ob_ack;
    ob->count = ob_count;
    ob->agents = ob_agents;
    ob->attachment = ob_attachment;
    ob->poll_due = ob_poll_due;
    ob->poll_next = ob_poll_next;
    ob->poll_save = ob_poll_save;
    return STORE_OK;
}

void sync_store_outbox_close(sync_outbox *ob)
{
    if (ob && ob->ud)
        free(ob->ud); /* the store handle stays its owner's */
    if (ob)
        memset(ob, 0, sizeof *ob);
}
