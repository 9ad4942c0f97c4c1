/* query_online.c — one status query to the county platform on a worker thread. */
#include "sync/query.h"

#include <pthread.h>
#include <stdio.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/secret.h"

struct sync_query_cfg {
    char *url;
    char *ca;
    char *pin;
    char *token;
    long timeout_ms, low_bps, low_s;
    void (*wake)(void *ud);
    void *wake_ud;
};

struct sync_query {
    pthread_mutex_t mu;
    int refs; /* the caller's and the worker's */
    atomic_int done;
    sync_query_cfg cfg; /* a copy: the caller's may change or go while the worker runs */
    char receipt_no[PROTO_RECEIPT_MAX + 1]; /* "" for a villager query */
    char key[65];
    proto_res_kind kind;
    proto_result res;
    proto_status *items;
    size_t n;
};

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

/* Frees the strings of c (the token wiped) and forgets them. */
static void cfg_clear(sync_query_cfg *c)
{
    free(c->url);
    free(c->ca);
    free(c->pin);
    core_secret_free(c->token);
    c->url = c->ca = c->pin = c->token = NULL;
}

/* Copies the strings of o ("" counts as none) and its timeouts (total <= 0:
 * 5000) into c. 0, or -1 when out of memory (then c holds no strings). */
static int cfg_fill(sync_query_cfg *c, const proto_client_opts *o)
{
    c->url = dup_or_null(o->base_url);
    c->ca = dup_or_null(o->ca_file);
    c->pin = dup_or_null(o->pin);
    c->token = dup_or_null(o->token);
    c->timeout_ms = o->total_timeout_ms > 0 ? o->total_timeout_ms : 5000;
    c->low_bps = o->low_speed_bps;
    c->low_s = o->low_speed_s;
    if ((o->base_url && *o->base_url && !c->url) || (o->ca_file && *o->ca_file && !c->ca) ||
        (o->pin && *o->pin && !c->pin) || (o->token && *o->token && !c->token)) {
        cfg_clear(c);
        return -1;
    }
    return 0;
}

/* The client options of c (borrowing its strings). */
static proto_client_opts cfg_opts(const sync_query_cfg *c)
{
    proto_client_opts o;
    memset(&o, 0, sizeof o);
    o.base_url = c->url;
    o.ca_file = c->ca;
    o.token = c->token;
    o.pin = c->pin;
    o.connect_timeout_ms = c->timeout_ms < 3000 ? c->timeout_ms : 3000;
    o.total_timeout_ms = c->timeout_ms;
    o.low_speed_bps = c->low_bps;
    o.low_speed_s = c->low_s;
    return o;
}

sync_query_cfg *sync_query_cfg_new(const proto_client_opts *o)
{
    sync_query_cfg *c = calloc(1, sizeof *c);
    if (c && cfg_fill(c, o) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

void sync_query_cfg_free(sync_query_cfg *c)
{
    if (!c)
        return;
    cfg_clear(c);
    free(c);
}

int sync_query_cfg_set_token(sync_query_cfg *c, const char *token)
{
    return core_secret_set(&c->token, token && *token ? token : NULL);
}

void sync_query_cfg_set_wake(sync_query_cfg *c, void (*wake)(void *ud), void *ud)
{
    c->wake = wake;
    c->wake_ud = ud;
}

int sync_query_cfg_ready(const sync_query_cfg *c)
{
    return c && c->url && c->token;
}

static void release(sync_query *q)
{
    pthread_mutex_lock(&q->mu);
    int left = --q->refs;
    pthread_mutex_unlock(&q->mu);
    if (left)
        return;
    pthread_mutex_destroy(&q->mu);
    cfg_clear(&q->cfg);
    free(q->items);
    sodium_memzero(q->key, sizeof q->key);
    free(q);
}

static void *worker(void *arg)
{
    sync_query *q = arg;
    proto_client_opts o = cfg_opts(&q->cfg);
    proto_client *c = proto_client_new(&o);
    core_secret_free(q->cfg.token); /* the client keeps its own copy */
    q->cfg.token = NULL;
    if (!c) {
        q->kind = PROTO_RES_LOCAL;
        q->res.kind = PROTO_RES_LOCAL;
        snprintf(q->res.code, sizeof q->res.code, "nomem");
    } else if (q->receipt_no[0]) {
        q->items = calloc(1, sizeof *q->items);
        if (!q->items) {
            q->kind = q->res.kind = PROTO_RES_LOCAL;
        } else {
            q->kind = proto_client_status(c, q->receipt_no, q->items, &q->res);
            q->n = q->kind == PROTO_RES_OK ? 1 : 0;
        }
    } else {
        q->kind = proto_client_status_by_villager(c, q->key, &q->items, &q->n, &q->res);
        if (q->kind != PROTO_RES_OK) {
            free(q->items);
            q->items = NULL;
            q->n = 0;
        }
    }
    proto_client_free(c);
    core_log(q->kind == PROTO_RES_OK ? CORE_LOG_INFO : CORE_LOG_WARN, "query",
             "online status query (%s): %s http %ld %s", q->receipt_no[0] ? "receipt" : "villager",
             proto_res_name(q->kind), q->res.http_status, q->res.code); /* no number, no key */
    atomic_store(&q->done, 1);
    if (q->cfg.wake)
        q->cfg.wake(q->cfg.wake_ud);
    release(q);
    return NULL;
}

sync_query *sync_query_start(const sync_query_cfg *c, const char *receipt_no,
                                 const char *villager_key)
{
    if (!sync_query_cfg_ready(c))
        return NULL;
    if (receipt_no ? !proto_receipt_ok(receipt_no) : !villager_key || !proto_key_ok(villager_key))
        return NULL;
    sync_query *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    proto_client_opts o = cfg_opts(c);
    int copied = cfg_fill(&q->cfg, &o) == 0;
    q->cfg.wake = c->wake;
    q->cfg.wake_ud = c->wake_ud;
    if (receipt_no)
        snprintf(q->receipt_no, sizeof q->receipt_no, "%s", receipt_no);
    else
        snprintf(q->key, sizeof q->key, "%s", villager_key);
    atomic_init(&q->done, 0);
    q->kind = PROTO_RES_RETRY;
    q->refs = 2;
    if (pthread_mutex_init(&q->mu, NULL) != 0) {
        cfg_clear(&q->cfg);
        free(q);
        return NULL;
    }
    pthread_attr_t at;
    pthread_t th;
    int ok = copied && pthread_attr_init(&at) == 0;
    if (ok) {
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        ok = pthread_create(&th, &at, worker, q) == 0;
        pthread_attr_destroy(&at);
    }
    if (!ok) {
        core_log(CORE_LOG_ERROR, "query", "online status query did not start");
        q->refs = 1;
        release(q);
        return NULL;
    }
    return q;
}

int sync_query_done(sync_query *q)
{
    return q && atomic_load(&q->done);
}

proto_res_kind sync_query_result(sync_query *q, const proto_status **items, size_t *n,
                                proto_result *res)
{
    *items = NULL;
    *n = 0;
    if (!sync_query_done(q)) {
        if (res)
            memset(res, 0, sizeof *res), res->kind = PROTO_RES_RETRY;
        return PROTO_RES_RETRY;
    }
    *items = q->items;
    *n = q->n;
    if (res)
        *res = q->res;
    return q->kind;
}

void sync_query_free(sync_query *q)
{
    if (q)
        release(q);
}
