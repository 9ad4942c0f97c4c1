/* sync.c — the upload engine thread: outbox → platform → ack, with backoff. */
#include "sync/sync.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <sodium.h>

#include "core/log.h"
#include "core/secret.h"
#include "core/utf8.h"

struct sync_engine {
    sync_opts o;
    char *base_url, *ca_file, *pin, *token;
    proto_client *client; /* used by the engine thread only */

    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int inited, started, stop, kicked, nudged;
    int64_t nudge_asked;      /* sync_nudge() requests so far */
    char *new_token;          /* set by sync_set_token, picked up by the thread */
    sync_status st;           /* under mu */

    /* engine thread only */
    uint64_t rng;
    int transport_fails;      /* consecutive connection-level failures */
    int64_t pause_until_ms;   /* engine-wide pause */
    int64_t retry_at[64];     /* retry times this engine set and has not seen pass */
    int n_retry;
    int64_t next_agents_ms;   /* when to refresh the agents cache next (0: at once) */
    int poll_fails;           /* consecutive failed status requests */
    int64_t poll_pause_ms;    /* no status request before this (backoff) */
    int64_t poll_round_ms;    /* when the last status round started (0: none yet) */
    int64_t next_cat_ms;      /* when to ask for the catalogue next (0: at once) */
    int64_t cat_asked;        /* the last sync_check_catalogue() request's number */
    char *cat_root, *cat_builtin;
    int has_token;            /* a token was given (options or sync_set_token) */
    sync_status told;         /* what on_status was last given */
    int told_once;
};

const char *sync_strerror(int code)
{
    switch (code) {
    case SYNC_OK: return "ok";
    case SYNC_ERR_NOMEM: return "out of memory";
    case SYNC_ERR_INVALID: return "invalid upload settings (the platform address must be https://)";
    case SYNC_ERR_THREAD: return "upload thread could not start";
    case SYNC_ERR_OUTBOX: return "outbox could not be read";
    }
    return "unknown upload error";
}

/* src into dst of cap bytes (at least 4); when too long, cut between
 * characters (a county's words may be Chinese) and ended by "…". */
static void cut_text(char *dst, size_t cap, const char *src)
{
    if (strlen(src) < cap) {
        memcpy(dst, src, strlen(src) + 1);
        return;
    }
    utf8_copy(dst, cap - 3, src);
    strcat(dst, "…");
}

static int64_t real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The engine's wall clock (sync_opts.clock). */
static int64_t clock_ms(const sync_engine *s)
{
    return s->o.clock ? s->o.clock(s->o.clock_ud) : real_ms();
}

static uint64_t rng_next(uint64_t *x) /* splitmix64 */
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

long sync_backoff_ms(long base_ms, long cap_ms, int attempts, uint64_t r)
{
    if (base_ms < 1)
        base_ms = 1;
    if (cap_ms < base_ms)
        cap_ms = base_ms;
    long ceil_ms = base_ms;
    for (int i = 1; i < attempts && ceil_ms < cap_ms; i++)
        ceil_ms = ceil_ms > cap_ms / 2 ? cap_ms : ceil_ms * 2;
    if (ceil_ms > cap_ms)
        ceil_ms = cap_ms;
    return (long)(r % ((uint64_t)ceil_ms + 1));
}

static char *dup_opt(const char *s, int *fail)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *fail = 1;
    return d;
}

int sync_new(const sync_opts *o, sync_engine **out)
{
    *out = NULL;
    if (!o || !o->client.base_url || !o->outbox.due || !o->outbox.free_items || !o->outbox.fail ||
        !o->outbox.hold ||
        !o->outbox.ack || !o->outbox.count || !proto_client_url_ok(o->client.base_url))
        return SYNC_ERR_INVALID;
    sync_engine *s = calloc(1, sizeof *s);
    if (!s)
        return SYNC_ERR_NOMEM;
    s->o = *o;
    int fail = 0;
    s->base_url = dup_opt(o->client.base_url, &fail);
    s->ca_file = dup_opt(o->client.ca_file, &fail);
    s->pin = dup_opt(o->client.pin, &fail);
    s->token = dup_opt(o->client.token, &fail);
    s->o.client.base_url = s->base_url;
    s->o.client.ca_file = s->ca_file;
    s->o.client.pin = s->pin;
    s->o.client.token = s->token;
    if (!s->o.batch)
        s->o.batch = 32;
    if (s->o.base_delay_ms <= 0)
        s->o.base_delay_ms = 1000;
    if (s->o.max_delay_ms <= 0)
        s->o.max_delay_ms = 300000;
    if (s->o.poll_ms <= 0)
        s->o.poll_ms = 30000;
    if (s->o.agents_ms <= 0)
        s->o.agents_ms = 3600000;
    if (!s->o.piece_bytes || s->o.piece_bytes > PROTO_ATT_PIECE_MAX)
        s->o.piece_bytes = PROTO_ATT_PIECE_MAX;
    if (!s->o.status_batch || s->o.status_batch > PROTO_STATUS_BATCH_MAX)
        s->o.status_batch = PROTO_STATUS_BATCH_MAX;
    if (s->o.status_requests <= 0)
        s->o.status_requests = 10;
    if (s->o.status_gap_ms <= 0)
        s->o.status_gap_ms = 60000;
    if (s->o.cat_ms <= 0)
        s->o.cat_ms = 4L * 3600 * 1000;
    s->cat_root = dup_opt(o->cat.root, &fail);
    s->cat_builtin = dup_opt(o->cat.builtin, &fail);
    s->o.cat.root = s->cat_root;
    s->o.cat.builtin = s->cat_builtin;
    s->has_token = o->client.token && *o->client.token;
    s->client = fail ? NULL : proto_client_new(&s->o.client);
    if (!s->client) {
        sync_free(s);
        return SYNC_ERR_NOMEM;
    }
    if (getrandom(&s->rng, sizeof s->rng, 0) != (ssize_t)sizeof s->rng)
        s->rng = (uint64_t)real_ms() ^ (uint64_t)(uintptr_t)s;
    pthread_mutex_init(&s->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cv, &ca);
    pthread_condattr_destroy(&ca);
    s->inited = 1;
    s->st.pending = -1;
    *out = s;
    return SYNC_OK;
}

void sync_free(sync_engine *s)
{
    if (!s)
        return;
    sync_stop(s);
    proto_client_free(s->client);
    if (s->inited) {
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->cv);
    }
    free(s->base_url);
    free(s->ca_file);
    free(s->pin);
    free(s->cat_root);
    free(s->cat_builtin);
    core_secret_free(s->token);
    core_secret_free(s->new_token);
    free(s);
}

/* Tells on_status when the state changed (the UI redraws on it; an idle pass
 * that changed nothing must not wake it). The next try time alone is no change. */
static void publish(sync_engine *s)
{
    sync_status copy;
    pthread_mutex_lock(&s->mu);
    s->st.connections = proto_client_connections(s->client);
    copy = s->st;
    pthread_mutex_unlock(&s->mu);
    sync_status a = copy, b = s->told;
    a.next_try_ms = b.next_try_ms = 0;
    if (s->told_once && !memcmp(&a, &b, sizeof a))
        return;
    s->told = copy;
    s->told_once = 1;
    if (s->o.on_status)
        s->o.on_status(&copy, s->o.status_ud);
}

static void refresh_pending(sync_engine *s)
{
    int n = -1;
    if (s->o.outbox.count(s->o.outbox.ud, &n))
        n = -1;
    pthread_mutex_lock(&s->mu);
    s->st.pending = n;
    pthread_mutex_unlock(&s->mu);
}

static void set_error(sync_engine *s, sync_net net, const char *msg)
{
    pthread_mutex_lock(&s->mu);
    s->st.net = net;
    utf8_copy(s->st.last_error, sizeof s->st.last_error, msg);
    s->st.last_code[0] = '\0';
    pthread_mutex_unlock(&s->mu);
}

static void take_new_token(sync_engine *s)
{
    char *t = NULL;
    pthread_mutex_lock(&s->mu);
    t = s->new_token;
    s->new_token = NULL;
    pthread_mutex_unlock(&s->mu);
    if (t) {
        if (proto_client_set_token(s->client, t) == 0) {
            pthread_mutex_lock(&s->mu);
            s->st.needs_register = 0;
            s->has_token = 1;
            s->next_agents_ms = 0; /* a newly registered device fetches its agents at once */
            s->next_cat_ms = 0;    /* and asks for the catalogue */
            pthread_mutex_unlock(&s->mu);
        }
        core_secret_free(t);
    }
}

enum { PASS_IDLE = 0, PASS_PROGRESS = 1, PASS_BLOCKED = 2 };

/* 1 if body hashes to sha_hex (64 lowercase hex). */
static int body_intact(const char *body, const char *sha_hex)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(h, (const unsigned char *)body, strlen(body));
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return sha_hex && strlen(sha_hex) == 64 && sodium_memcmp(hex, sha_hex, 64) == 0;
}

/* Remembers a filing's retry time so the engine wakes for it (the earliest
 * 64 when more are waiting; the poll interval covers the rest). */
static void note_retry(sync_engine *s, int64_t at, int64_t now)
{
    int k = 0, n = (int)(sizeof s->retry_at / sizeof s->retry_at[0]);
    for (int i = 0; i < s->n_retry; i++)
        if (s->retry_at[i] > now)
            s->retry_at[k++] = s->retry_at[i];
    s->n_retry = k;
    if (k < n) {
        s->retry_at[s->n_retry++] = at;
        return;
    }
    int latest = 0;
    for (int i = 1; i < k; i++)
        if (s->retry_at[i] > s->retry_at[latest])
            latest = i;
    if (at < s->retry_at[latest])
        s->retry_at[latest] = at;
}

/* The earliest remembered retry time after now (0: none); *passed is 1 if
 * one came due since the last look (those are forgotten now). */
static int64_t next_retry(sync_engine *s, int64_t now, int *passed)
{
    int k = 0;
    int64_t first = 0;
    *passed = 0;
    for (int i = 0; i < s->n_retry; i++) {
        if (s->retry_at[i] <= now) {
            *passed = 1;
            continue;
        }
        if (!first || s->retry_at[i] < first)
            first = s->retry_at[i];
        s->retry_at[k++] = s->retry_at[i];
    }
    s->n_retry = k;
    return first;
}

/* Holds a filing for a technician (outbox.hold) with why (English, no
 * personal data). 1 if the hold was recorded; 0 if not: the filing would be
 * offered again at once, so the caller stops the pass. */
static int hold_item(sync_engine *s, const char *uuid, const char *why, sync_net net)
{
    core_log(CORE_LOG_WARN, "sync", "filing %s held: %s", uuid, why);
    int kept = s->o.outbox.hold(s->o.outbox.ud, uuid, why) == 0;
    pthread_mutex_lock(&s->mu);
    s->st.held += kept;
    if (net != SYNC_NET_UNKNOWN)
        s->st.net = net;
    utf8_copy(s->st.last_error, sizeof s->st.last_error,
              kept ? why : "outbox: a held filing could not be recorded");
    snprintf(s->st.last_code, sizeof s->st.last_code, "%s", kept ? "held" : "");
    pthread_mutex_unlock(&s->mu);
    if (!kept)
        core_log(CORE_LOG_ERROR, "sync", "filing %s: hold not recorded", uuid);
    return kept;
}

enum { ATT_OK = 0, ATT_FAIL = 1, ATT_HOLD = 2, ATT_STOP = 3 };

static int stopping(sync_engine *s)
{
    pthread_mutex_lock(&s->mu);
    int stop = s->stop;
    pthread_mutex_unlock(&s->mu);
    return stop;
}

/* Uploads one attachment from where the platform's copy ends. */
static int send_attachment(sync_engine *s, const proto_attachment *a, int *k, proto_result *res,
                           char *why, size_t whylen)
{
    proto_attachment_state st;
    *k = proto_client_attachment_status(s->client, a->sha256, &st, res);
    if (*k)
        return ATT_FAIL;
    if (st.complete)
        return ATT_OK; /* held already (a retry, or the same image in another filing) */
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = s->o.outbox.attachment(s->o.outbox.ud, a->name, a->sha256, &data, &len);
    if (rc == 0 && (int64_t)len != a->size) {
        free(data);
        data = NULL;
        rc = SYNC_ATT_CHANGED;
    }
    if (rc == SYNC_ATT_MISSING || rc == SYNC_ATT_CHANGED) {
        snprintf(why, whylen, "integrity: attachment %.80s is %s on the kiosk and not held by the platform",
                 a->name, rc == SYNC_ATT_MISSING ? "missing" : "changed");
        return ATT_HOLD;
    }
    if (rc) {
        memset(res, 0, sizeof *res);
        res->kind = PROTO_RES_RETRY;
        snprintf(res->code, sizeof res->code, "local_io");
        snprintf(res->message, sizeof res->message, "attachment %.80s could not be read", a->name);
        *k = res->kind;
        return ATT_FAIL;
    }
    int64_t off = st.received;
    int result = ATT_OK;
    while (off < a->size) {
        if (stopping(s)) {
            result = ATT_STOP;
            break;
        }
        size_t n = (size_t)(a->size - off) < s->o.piece_bytes ? (size_t)(a->size - off)
                                                               : s->o.piece_bytes;
        *k = proto_client_attachment_put(s->client, a, data + off, off, n, &st, res);
        if (*k) {
            result = ATT_FAIL;
            break;
        }
        pthread_mutex_lock(&s->mu);
        s->st.att_bytes += (int64_t)n;
        pthread_mutex_unlock(&s->mu);
        if (st.complete)
            break;
        if (st.received <= off) { /* the platform took nothing: ask again next time */
            memset(res, 0, sizeof *res);
            res->kind = PROTO_RES_RETRY;
            snprintf(res->code, sizeof res->code, "no_progress");
            snprintf(res->message, sizeof res->message, "attachment piece at %lld not taken",
                     (long long)off);
            *k = res->kind;
            result = ATT_FAIL;
            break;
        }
        off = st.received;
    }
    if (result == ATT_OK && !st.complete) {
        memset(res, 0, sizeof *res);
        res->kind = PROTO_RES_RETRY;
        snprintf(res->code, sizeof res->code, "incomplete");
        snprintf(res->message, sizeof res->message, "attachment sent, the platform has not completed it");
        *k = res->kind;
        result = ATT_FAIL;
    }
    if (result == ATT_OK) {
        pthread_mutex_lock(&s->mu);
        s->st.att_uploaded++;
        pthread_mutex_unlock(&s->mu);
    }
    if (data)
        sodium_memzero(data, len); /* a villager's signature */
    free(data);
    return result;
}

/* Uploads every attachment a frozen body names, before the filing. */
static int send_attachments(sync_engine *s, const sync_item *it, int *k, proto_result *res,
                            char *why, size_t whylen)
{
    if (!s->o.outbox.attachment)
        return ATT_OK;
    proto_attachment *atts = NULL;
    size_t n = 0;
    char err[128];
    if (proto_parse_filing_attachments(it->body, strlen(it->body), &atts, &n, err, sizeof err)) {
        snprintf(why, whylen, "integrity: the frozen body's attachments do not parse: %s", err);
        return ATT_HOLD;
    }
    int r = ATT_OK;
    for (size_t i = 0; i < n && r == ATT_OK; i++)
        r = send_attachment(s, &atts[i], k, res, why, whylen);
    free(atts);
    return r;
}

/* Uploads one batch of due filings. */
static int pass(sync_engine *s, int *acked)
{
    take_new_token(s);
    pthread_mutex_lock(&s->mu);
    int blocked = s->st.needs_register;
    pthread_mutex_unlock(&s->mu);
    if (blocked)
        return PASS_BLOCKED;

    sync_item *items = NULL;
    size_t n = 0;
    if (s->o.outbox.due(s->o.outbox.ud, clock_ms(s), s->o.batch, &items, &n)) {
        set_error(s, SYNC_NET_UNKNOWN, "outbox: cannot read pending filings");
        core_log(CORE_LOG_ERROR, "sync", "outbox due() failed");
        return PASS_BLOCKED;
    }
    if (n == 0) {
        s->o.outbox.free_items(s->o.outbox.ud, items, 0);
        return PASS_IDLE;
    }
    int result = PASS_PROGRESS;
    for (size_t i = 0; i < n; i++) {
        const sync_item *it = &items[i];
        if (stopping(s))
            break;
        /* defensive: never let a villager's later filing overtake one that
         * failed in this batch (the outbox should not offer both anyway) */
        int skip = 0;
        for (size_t j = 0; j < i && !skip; j++)
            skip = !strcmp(items[j].villager_key, it->villager_key);
        if (skip)
            continue;

        proto_receipt rc;
        proto_result res;
        int k;
        if (it->body && !body_intact(it->body, it->body_sha256)) {
            /* changed on disk since confirm: never send it, keep it for a technician */
            const char *why = "integrity: the frozen request body no longer matches its sha256";
            if (!hold_item(s, it->uuid, why, SYNC_NET_UNKNOWN)) {
                result = PASS_BLOCKED; /* stop this pass, try later */
                break;
            }
            continue;
        }
        char why[200];
        int att = it->body ? send_attachments(s, it, &k, &res, why, sizeof why) : ATT_OK;
        if (att == ATT_STOP)
            break;
        if (att == ATT_HOLD) {
            if (!hold_item(s, it->uuid, why, SYNC_NET_UNKNOWN)) {
                result = PASS_BLOCKED;
                break;
            }
            continue;
        }
        if (att == ATT_FAIL) {
            /* handled below like a failed submit */
        } else if (it->body) {
            k = proto_client_submit_body(s->client, it->uuid, it->body, &rc, &res);
        } else {
            proto_filing f = {it->uuid,     it->form_id,     it->form_version, it->villager_key,
                              it->agent_id, it->filed_at_ms, it->payload,  NULL, 0, NULL};
            k = proto_client_submit(s->client, &f, &rc, &res);
        }
        int64_t now = clock_ms(s);
        if (k == PROTO_RES_OK) {
            s->transport_fails = 0;
            if (s->o.outbox.ack(s->o.outbox.ud, it->uuid, rc.receipt_no, rc.status,
                                rc.received_at_ms)) {
                /* the platform has it; the next attempt gets the same receipt */
                core_log(CORE_LOG_ERROR, "sync", "filing %s: ack not stored", it->uuid);
                set_error(s, SYNC_NET_ONLINE, "outbox: receipt not saved");
                result = PASS_BLOCKED;
                break;
            }
            if (acked)
                (*acked)++;
            pthread_mutex_lock(&s->mu);
            s->st.net = SYNC_NET_ONLINE;
            s->st.uploaded++;
            s->st.last_success_ms = now;
            s->st.last_error[0] = '\0';
            s->st.last_code[0] = '\0';
            pthread_mutex_unlock(&s->mu);
            continue;
        }
        if (k == PROTO_RES_AUTH) {
            core_log(CORE_LOG_WARN, "sync", "platform refused the device token: re-register");
            pthread_mutex_lock(&s->mu);
            s->st.needs_register = 1;
            s->st.net = SYNC_NET_ONLINE;
            utf8_copy(s->st.last_error, sizeof s->st.last_error, res.message);
            snprintf(s->st.last_code, sizeof s->st.last_code, "%s", res.code);
            pthread_mutex_unlock(&s->mu);
            result = PASS_BLOCKED;
            break;
        }
        char msg[720], full[sizeof res.code + sizeof res.message + 2];
        snprintf(full, sizeof full, "%s: %s", res.code, res.message);
        cut_text(msg, sizeof msg, full);
        if (k == PROTO_RES_FINAL || (k == PROTO_RES_LOCAL && strcmp(res.code, "nomem"))) {
            /* refused for good (4xx), or a body this kiosk cannot send: held
             * for a technician, never retried on its own, and the villager's
             * later filings go on */
            if (!hold_item(s, it->uuid, msg, k == PROTO_RES_FINAL ? SYNC_NET_ONLINE : SYNC_NET_UNKNOWN)) {
                result = PASS_BLOCKED;
                break;
            }
            continue;
        }
        /* retryable */
        long delay = sync_backoff_ms(s->o.base_delay_ms, s->o.max_delay_ms, it->attempts + 1,
                                     rng_next(&s->rng));
        if (res.retry_after_s * 1000 > delay)
            delay = res.retry_after_s * 1000;
        int64_t next = now + delay;
        if (s->o.outbox.fail(s->o.outbox.ud, it->uuid, msg, next))
            core_log(CORE_LOG_ERROR, "sync", "filing %s: failure not recorded", it->uuid);
        note_retry(s, next, now);
        core_log(CORE_LOG_INFO, "sync", "filing %s: retry in %ld ms (%s)", it->uuid, delay,
                 res.code);
        pthread_mutex_lock(&s->mu);
        s->st.retries++;
        s->st.net = res.transport ? SYNC_NET_OFFLINE : SYNC_NET_ONLINE;
        utf8_copy(s->st.last_error, sizeof s->st.last_error, msg);
        snprintf(s->st.last_code, sizeof s->st.last_code, "%s", res.code);
        pthread_mutex_unlock(&s->mu);
        if (res.transport || res.http_status == 429) {
            /* the platform is unreachable or wants us to slow down: everyone waits */
            if (res.transport)
                s->transport_fails++;
            long pause = sync_backoff_ms(s->o.base_delay_ms, s->o.max_delay_ms,
                                         s->transport_fails ? s->transport_fails : 1,
                                         rng_next(&s->rng));
            if (res.retry_after_s * 1000 > pause)
                pause = res.retry_after_s * 1000;
            s->pause_until_ms = now + pause;
            pthread_mutex_lock(&s->mu);
            s->st.paused_until_ms = s->pause_until_ms;
            pthread_mutex_unlock(&s->mu);
            result = PASS_BLOCKED;
            break;
        }
    }
    s->o.outbox.free_items(s->o.outbox.ud, items, n);
    return result;
}

static void maybe_poll(sync_engine *s);

int sync_run_once(sync_engine *s)
{
    int acked = 0;
    int r;
    for (;;) {
        r = pass(s, &acked);
        if (r != PASS_PROGRESS)
            break;
    }
    if (r == PASS_IDLE)
        maybe_poll(s); /* the status round, when one is due */
    refresh_pending(s);
    publish(s);
    return acked;
}

/* Sleeps (mu held) until wake_ms on the engine's clock, a kick, a nudge or
 * the stop; first answers the nudges the round just ended looked for. */
static void wait_until(sync_engine *s, int64_t wake_ms, int64_t looked)
{
    if (looked > s->st.nudge_answered)
        s->st.nudge_answered = looked;
    if (wake_ms == INT64_MAX) { /* until kicked, nudged or stopped */
        while (!s->stop && !s->kicked && !s->nudged)
            pthread_cond_wait(&s->cv, &s->mu);
        return;
    }
    /* wake_ms is wall-clock; wait on the monotonic clock for the difference */
    int64_t d = wake_ms - clock_ms(s);
    if (d <= 0)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += d / 1000;
    ts.tv_nsec += (d % 1000) * 1000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    while (!s->stop && !s->kicked && !s->nudged)
        if (pthread_cond_timedwait(&s->cv, &s->mu, &ts) == ETIMEDOUT)
            break;
}

/* Refreshes the agents cache when it is due (and a token is set). */
static void maybe_refresh_agents(sync_engine *s)
{
    if (!s->o.outbox.agents)
        return;
    int64_t now = clock_ms(s);
    pthread_mutex_lock(&s->mu);
    int due = s->has_token && now >= s->next_agents_ms && !s->st.needs_register;
    pthread_mutex_unlock(&s->mu);
    if (!due)
        return;
    char *body = NULL;
    size_t len = 0;
    proto_result res;
    int k = proto_client_agents_raw(s->client, &body, &len, &res);
    int ok = k == PROTO_RES_OK && s->o.outbox.agents(s->o.outbox.ud, body, len) == 0;
    free(body);
    pthread_mutex_lock(&s->mu);
    /* on failure try again in five minutes, not at every pass */
    s->next_agents_ms = now + (ok ? s->o.agents_ms : 300000);
    if (ok)
        s->st.agents_ms = now;
    pthread_mutex_unlock(&s->mu);
    if (ok)
        core_log(CORE_LOG_INFO, "sync", "agents cache refreshed");
    else
        core_log(CORE_LOG_WARN, "sync", "agents refresh failed: %s", proto_res_name(res.kind));
}

int64_t sync_poll_interval_ms(int64_t age_ms)
{
    const int64_t min = 60000, hour = 60 * min, day = 24 * hour;
    if (age_ms < day)
        return 10 * min;
    if (age_ms < 7 * day)
        return hour;
    return day;
}

/* One status request for up to status_batch due receipts. 1 if another
 * request may follow (a full batch went well), 0 if the round is over. */
static int poll_batch(sync_engine *s, int64_t now)
{
    sync_poll_item *items = NULL;
    size_t n = 0;
    if (s->o.outbox.poll_due(s->o.outbox.ud, now, s->o.status_batch, &items, &n)) {
        core_log(CORE_LOG_ERROR, "sync", "status loop: receipts could not be read");
        s->poll_pause_ms = now + 60000;
        return 0;
    }
    if (n == 0) {
        free(items);
        return 0;
    }
    const char **nos = malloc(n * sizeof *nos);
    sync_poll_result *out = calloc(n, sizeof *out);
    if (!nos || !out) {
        free(nos);
        free(out);
        free(items);
        s->poll_pause_ms = now + 60000;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        nos[i] = items[i].receipt_no;
    proto_status *st = NULL;
    size_t nst = 0;
    proto_result res;
    int k = proto_client_status_batch(s->client, nos, n, &st, &nst, &res);
    pthread_mutex_lock(&s->mu);
    s->st.polls++;
    pthread_mutex_unlock(&s->mu);
    int more = 0;
    if (k == PROTO_RES_OK) {
        s->poll_fails = 0;
        s->transport_fails = 0;
        for (size_t i = 0; i < n; i++) {
            sync_poll_result *r = &out[i];
            r->receipt_no = items[i].receipt_no;
            int status = items[i].status;
            for (size_t j = 0; j < nst; j++)
                if (!strcmp(st[j].receipt_no, r->receipt_no)) {
                    r->known = 1;
                    r->status = status = st[j].status;
                    r->status_ms = st[j].status_at_ms;
                    r->note = st[j].note;
                    break;
                }
            /* a receipt the platform does not list is asked about daily */
            r->next_poll_ms = now + (r->known ? sync_poll_interval_ms(now - items[i].filed_ms)
                                              : sync_poll_interval_ms(INT64_MAX / 2));
        }
        int changed = 0;
        if (s->o.outbox.poll_save(s->o.outbox.ud, out, n, &changed)) {
            core_log(CORE_LOG_ERROR, "sync", "status loop: statuses not saved");
            s->poll_pause_ms = now + 60000;
        } else {
            more = n == s->o.status_batch;
            pthread_mutex_lock(&s->mu);
            s->st.status_changes += changed;
            s->st.net = SYNC_NET_ONLINE;
            pthread_mutex_unlock(&s->mu);
            if (changed)
                core_log(CORE_LOG_INFO, "sync", "status loop: %d of %zu filings changed", changed, n);
        }
    } else if (k == PROTO_RES_AUTH) {
        core_log(CORE_LOG_WARN, "sync", "platform refused the device token: re-register");
        pthread_mutex_lock(&s->mu);
        s->st.needs_register = 1;
        s->st.net = SYNC_NET_ONLINE;
        utf8_copy(s->st.last_error, sizeof s->st.last_error, res.message);
        snprintf(s->st.last_code, sizeof s->st.last_code, "%s", res.code);
        pthread_mutex_unlock(&s->mu);
    } else if (k == PROTO_RES_RETRY) {
        /* nothing saved: the same receipts are asked for after the backoff */
        s->poll_fails++;
        long d = sync_backoff_ms(30000, 3600000, s->poll_fails, rng_next(&s->rng));
        if (res.retry_after_s * 1000 > d)
            d = res.retry_after_s * 1000;
        s->poll_pause_ms = now + d;
        if (res.transport)
            set_error(s, SYNC_NET_OFFLINE, "status: platform unreachable");
        core_log(CORE_LOG_INFO, "sync", "status loop: %s, next try in %ld ms", res.code, d);
    } else {
        /* refused (a platform without the batch endpoint, a bad number): an hour */
        s->poll_pause_ms = now + 3600000;
        core_log(CORE_LOG_WARN, "sync", "status loop refused: %s (%ld)", res.code,
                 res.http_status);
    }
    free(st);
    free(out);
    free(nos);
    free(items);
    return more;
}

/* A status round when one is due: at most status_requests requests. */
static void maybe_poll(sync_engine *s)
{
    if (!s->o.outbox.poll_due || !s->o.outbox.poll_save)
        return;
    int64_t now = clock_ms(s);
    pthread_mutex_lock(&s->mu);
    int ok = s->has_token && !s->st.needs_register && now >= s->poll_pause_ms &&
             (!s->poll_round_ms || now >= s->poll_round_ms + s->o.status_gap_ms);
    pthread_mutex_unlock(&s->mu);
    if (!ok)
        return;
    s->poll_round_ms = now;
    for (int i = 0; i < s->o.status_requests && !stopping(s); i++)
        if (!poll_batch(s, now))
            break;
    publish(s);
}

/* When the next status round is due (0: no receipt to ask about). */
static int64_t poll_wake(sync_engine *s)
{
    if (!s->o.outbox.poll_due || !s->o.outbox.poll_save || !s->o.outbox.poll_next)
        return 0;
    pthread_mutex_lock(&s->mu);
    int off = !s->has_token || s->st.needs_register;
    pthread_mutex_unlock(&s->mu);
    if (off)
        return 0;
    int64_t next = 0;
    if (s->o.outbox.poll_next(s->o.outbox.ud, &next))
        return 0;
    if (next < s->poll_pause_ms)
        next = s->poll_pause_ms;
    if (s->poll_round_ms && next < s->poll_round_ms + s->o.status_gap_ms)
        next = s->poll_round_ms + s->o.status_gap_ms;
    return next;
}

/* 1 if a catalogue update is due now: its time came, or a technician asked. */
static int cat_due(sync_engine *s, int64_t now)
{
    return s->o.cat.root && s->has_token && !s->st.needs_register &&
           (now >= s->next_cat_ms || s->cat_asked > s->st.cat_answered);
}

/* Asks the platform for a newer catalogue when it is due (catalog.h). */
static void maybe_update_catalogue(sync_engine *s)
{
    int64_t now = clock_ms(s);
    pthread_mutex_lock(&s->mu);
    int due = cat_due(s, now);
    int64_t answers = s->cat_asked; /* every request made before the check begins */
    if (!due && s->o.cat.root && answers > s->st.cat_answered) {
        /* asked, but the platform refused the token meanwhile (an upload's
         * 401): no check can be made until the device registers again, and
         * that is the answer */
        s->st.cat_answered = answers;
        s->st.cat_code = SYNC_CAT_ERR_NET;
    }
    pthread_mutex_unlock(&s->mu);
    if (!due)
        return;
    char err[300];
    int version = 0;
    proto_result res;
    err[0] = '\0';
    int rc = sync_cat_update(s->client, &s->o.cat, &version, &res, err, sizeof err);
    /* a county that publishes no catalogue is no failure: asked again at
     * the usual interval, and nothing was refused */
    int fine = rc == SYNC_CAT_OK || rc == SYNC_CAT_UNCHANGED || rc == SYNC_CAT_ERR_NONE;
    /* a failure may pass in minutes; a catalogue for a newer firmware does
     * not, and is asked for again at the usual interval too */
    long again = fine || rc == SYNC_CAT_ERR_LEVEL || s->o.cat_ms < 300000 ? s->o.cat_ms : 300000;
    pthread_mutex_lock(&s->mu);
    /* the interval counts from the check's end: one slower than the
     * interval (a slow link, a large catalogue validated) would otherwise
     * leave the next due time in the past, where the loop's wake does not
     * look, and the next check would wait for some other wake */
    s->next_cat_ms = clock_ms(s) + again;
    s->st.cat_checked_ms = now;
    s->st.cat_answered = answers;
    s->st.cat_code = rc;
    if (rc == SYNC_CAT_OK)
        s->st.cat_version = version;
    if (fine) {
        s->st.cat_error[0] = '\0';
    } else { /* the reason whole, then as much of the detail as fits, cut between characters */
        char full[sizeof err + 80];
        snprintf(full, sizeof full, "%s: %s", sync_cat_strerror(rc), err);
        cut_text(s->st.cat_error, sizeof s->st.cat_error, full);
    }
    if (rc == SYNC_CAT_ERR_NET && res.kind == PROTO_RES_AUTH)
        s->st.needs_register = 1;
    pthread_mutex_unlock(&s->mu);
    if (rc == SYNC_CAT_OK) {
        core_log(CORE_LOG_INFO, "sync", "catalogue version %d published", version);
        if (s->o.on_catalogue)
            s->o.on_catalogue(version, s->o.status_ud);
    } else if (rc == SYNC_CAT_ERR_NONE) {
        core_log(CORE_LOG_INFO, "sync", "the platform publishes no catalogue; the one in use stays");
    } else if (rc != SYNC_CAT_UNCHANGED) {
        /* refused or failed: the catalogue in use stays */
        core_log(CORE_LOG_WARN, "sync", "catalogue update refused, the one in use stays: %s: %s",
                 sync_cat_strerror(rc), err);
    }
}

static void *engine_main(void *arg)
{
    sync_engine *s = arg;
    core_log(CORE_LOG_INFO, "sync", "upload engine started");
    refresh_pending(s);
    publish(s);
    for (;;) {
        pthread_mutex_lock(&s->mu);
        if (s->stop) {
            pthread_mutex_unlock(&s->mu);
            break;
        }
        if (s->kicked) {
            s->kicked = 0;
            s->pause_until_ms = 0;
            s->st.paused_until_ms = 0;
        }
        s->nudged = 0; /* this round looks at the due times again */
        int64_t looked = s->nudge_asked;
        int64_t now = clock_ms(s);
        if (s->pause_until_ms > now) {
            s->st.next_try_ms = s->pause_until_ms;
            wait_until(s, s->pause_until_ms, looked);
            pthread_mutex_unlock(&s->mu);
            continue;
        }
        s->st.next_try_ms = 0;
        pthread_mutex_unlock(&s->mu);

        int r = pass(s, NULL);
        refresh_pending(s);
        publish(s);
        if (r == PASS_PROGRESS)
            continue;
        if (r == PASS_IDLE) {
            maybe_refresh_agents(s); /* only when the outbox has nothing to send */
            maybe_poll(s);
            maybe_update_catalogue(s);
            publish(s);
        } else if (r == PASS_BLOCKED) {
            /* the platform unreachable or refusing: a technician who asked
             * for the catalogue gets that check's own answer, not a wait */
            pthread_mutex_lock(&s->mu);
            int asked = s->cat_asked > s->st.cat_answered;
            pthread_mutex_unlock(&s->mu);
            if (asked) {
                maybe_update_catalogue(s);
                publish(s);
            }
        }
        int64_t poll_at = poll_wake(s);

        pthread_mutex_lock(&s->mu);
        now = clock_ms(s);
        int64_t wake = now + s->o.poll_ms;
        if (r == PASS_BLOCKED && s->pause_until_ms > now && s->pause_until_ms < wake)
            wake = s->pause_until_ms;
        int passed = 0;
        int64_t retry = next_retry(s, now, &passed);
        if (passed)
            wake = now; /* a retry came due while the pass ran: look again at once */
        else if (retry && retry < wake)
            wake = retry; /* every filing's retry time, not only the earliest one set */
        if (r == PASS_IDLE && !passed && !retry && s->st.pending == 0) {
            /* nothing to send and nothing waiting for a retry: sleep until a
             * confirm (or a new token) kicks the engine, or the agents' list
             * is due; no wake-up without work */
            wake = INT64_MAX;
            if (s->o.outbox.agents && s->has_token && !s->st.needs_register &&
                s->next_agents_ms > now)
                wake = s->next_agents_ms;
        }
        if (poll_at > now && poll_at < wake)
            wake = poll_at; /* a status round's due date, like a retry's */
        else if (poll_at && poll_at <= now && r == PASS_IDLE)
            wake = now; /* a round longer than the gap between rounds: the next is due */
        /* the catalogue's due time, like a retry's */
        if (s->o.cat.root && s->has_token && !s->st.needs_register && s->next_cat_ms > now &&
            s->next_cat_ms < wake)
            wake = s->next_cat_ms;
        s->st.next_try_ms = wake;
        wait_until(s, wake, looked);
        pthread_mutex_unlock(&s->mu);
    }
    core_log(CORE_LOG_INFO, "sync", "upload engine stopped");
    return NULL;
}

int sync_start(sync_engine *s)
{
    pthread_mutex_lock(&s->mu);
    if (s->started) {
        pthread_mutex_unlock(&s->mu);
        return SYNC_OK;
    }
    s->stop = 0;
    int rc = pthread_create(&s->thread, NULL, engine_main, s);
    s->started = rc == 0;
    pthread_mutex_unlock(&s->mu);
    return rc ? SYNC_ERR_THREAD : SYNC_OK;
}

void sync_stop(sync_engine *s)
{
    if (!s || !s->inited)
        return;
    pthread_mutex_lock(&s->mu);
    int started = s->started;
    s->stop = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (started)
        pthread_join(s->thread, NULL);
    pthread_mutex_lock(&s->mu);
    s->started = 0;
    pthread_mutex_unlock(&s->mu);
}

int64_t sync_check_catalogue(sync_engine *s)
{
    if (!s->o.cat.root)
        return 0;
    pthread_mutex_lock(&s->mu);
    int64_t n = -1; /* a token just given counts: the engine takes it before it checks */
    if ((s->has_token && !s->st.needs_register) || s->new_token) {
        n = ++s->cat_asked;
        s->kicked = 1;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    return n;
}

int64_t sync_nudge(sync_engine *s)
{
    pthread_mutex_lock(&s->mu);
    int64_t n = 0;
    if (s->started && !s->stop) {
        n = ++s->nudge_asked;
        s->nudged = 1;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    return n;
}

void sync_kick(sync_engine *s)
{
    pthread_mutex_lock(&s->mu);
    s->kicked = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

int sync_set_token(sync_engine *s, const char *token)
{
    char *t = token ? strdup(token) : NULL;
    if (!t)
        return token ? SYNC_ERR_NOMEM : SYNC_ERR_INVALID;
    pthread_mutex_lock(&s->mu);
    core_secret_free(s->new_token);
    s->new_token = t;
    s->kicked = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return SYNC_OK;
}

void sync_status_get(sync_engine *s, sync_status *out)
{
    pthread_mutex_lock(&s->mu);
    *out = s->st;
    pthread_mutex_unlock(&s->mu);
}
