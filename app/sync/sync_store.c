/* sync_store.c — sync_outbox over store.h. */
#include "sync/sync_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

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

/* Daily draft expiry, on the engine thread (boot expires them at start). */
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

char *sync_store_body(const store_envelope *e, void *ud)
{
    (void)ud;
    proto_filing f = {e->uuid,     e->form_id,    e->form_version, e->villager_key,
                      e->agent_id, e->created_ms, e->payload};
    char err[128];
    char *body = proto_build_filing(&f, err, sizeof err);
    if (!body)
        core_log(CORE_LOG_ERROR, "sync", "filing %s: no request body: %s", e->uuid, err);
    return body;
}

/* 1 if name is exactly "sig-<64 hex>.png" (a signature image of the form
 * screens) or "consent/<uuid>.png" (an agent's consent): nothing else is ever
 * deleted, whatever a payload says. */
static int image_name_ok(const char *name)
{
    const char *hex = NULL;
    size_t want = 0;
    if (!strncmp(name, "sig-", 4)) {
        hex = name + 4;
        want = 64;
    } else if (!strncmp(name, "consent/", 8)) {
        hex = name + 8;
        want = 36;
    } else {
        return 0;
    }
    for (size_t i = 0; i < want; i++)
        if (!hex[i] || !strchr("0123456789abcdef-", hex[i]))
            return 0;
    return !strcmp(hex + want, ".png");
}

/* Signature and consent images named in a payload: answers whose value is a
 * signature image, and proxy.signature.file. */
static void collect_images(const cJSON *node, char (*out)[160], int *n, int max)
{
    if (!node || *n >= max)
        return;
    if (cJSON_IsString(node) && image_name_ok(node->valuestring)) {
        snprintf(out[(*n)++], 160, "%s", node->valuestring);
        return;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, node) collect_images(c, out, n, max);
}

/* After the platform holds the filing (or a technician discarded it), the
 * kiosk keeps at most the receipt: the payload is purged by the store, the
 * signature images here; dir is the data folder. */
static void purge_images(const char *dir, const char *payload)
{
    cJSON *p = payload ? cJSON_Parse(payload) : NULL;
    char names[16][160];
    int n = 0;
    collect_images(p, names, &n, 16);
    cJSON_Delete(p);
    for (int i = 0; i < n; i++) {
        char path[4096]; /* dir (< 1024) + "/signatures/" + a checked name (< 160) */
        snprintf(path, sizeof path, "%s/%s%s", dir,
                 strncmp(names[i], "sig-", 4) ? "" : "signatures/", names[i]);
        if (remove(path) == 0)
            core_log(CORE_LOG_DEBUG, "sync", "signature image of a filing that left the outbox removed");
    }
}

static int ob_ack(void *ud, const char *uuid, const char *receipt_no, int status,
                  int64_t receipt_ms)
{
    store_filing f;
    memset(&f, 0, sizeof f);
    int have = store_filing_get(ST(ud), uuid, &f) == STORE_OK;
    int rc = store_filing_ack(ST(ud), uuid, receipt_no, (store_status)status, receipt_ms);
    if (rc == STORE_OK && have)
        purge_images(((adapter *)ud)->dir, f.payload);
    if (have)
        store_filing_clear(&f);
    /* a repeated ack with the same receipt, or a stale one, changes nothing */
    return rc == STORE_OK || rc == STORE_ERR_ALREADY || rc == STORE_ERR_NOTFOUND ? 0 : rc;
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
        purge_images(dir, f.payload);
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
    ad->st = st;
    store_set_body_fn(st, sync_store_body, NULL);
    data_dir(path, ad->dir, sizeof ad->dir);
    ob->ud = ad;
    ob->due = ob_due;
    ob->free_items = ob_free_items;
    ob->fail = ob_fail;
    ob->hold = ob_hold;
    ob->ack = ob_ack;
    ob->count = ob_count;
    ob->agents = ob_agents;
    return STORE_OK;
}

void sync_store_outbox_close(sync_outbox *ob)
{
    if (ob && ob->ud)
        free(ob->ud); /* the store handle stays its owner's */
    if (ob)
        memset(ob, 0, sizeof *ob);
}
