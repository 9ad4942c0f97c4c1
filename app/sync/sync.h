/* sync.h — the upload engine: drains the outbox of confirmed filings to the
 * county platform on its own thread, so the UI never waits on the network.
 *
 * Order: filings go up in outbox order, and a villager's later filing never
 * overtakes an earlier one — the outbox offers only the oldest pending filing
 * of each villager (sync_outbox.due), and when that one fails the villager's
 * later filings wait for it.
 *
 * Retries: a retryable failure (PROTOCOL.md: 5xx, 408, 429, timeouts,
 * connection errors, mangled replies) is recorded on the filing with its next
 * attempt time: exponential backoff with full jitter, random(0, min(cap,
 * base·2^attempts)), never earlier than a Retry-After. After a connection-level
 * failure the whole engine pauses the same way (the platform is unreachable
 * for every filing). A final refusal (any other 4xx: 400, 403, 404, 409,
 * 413, ...) or a body the kiosk cannot send holds the filing (outbox.hold,
 * with the platform's code and message as the reason): never retried on its
 * own, listed for a technician (who resubmits or discards it), and the
 * villager's later filings go on. A 401 stops uploading until
 * sync_set_token() (the device must be registered again).
 *
 * Integrity: a filing whose request body was frozen at confirm (item.body,
 * store.h) is sent as exactly those bytes, after checking them against
 * item.body_sha256; a mismatch (the body changed on disk) holds the filing
 * (outbox.hold, with the reason): it is never sent nor retried, and the
 * villager's later filings go on. A filing without a frozen body (confirmed by
 * firmware before bodies were frozen) gets its body built at send.
 *
 * Attachments: before a frozen body is sent, every attachment it names
 * (PROTOCOL.md, "Attachments": the signature and consent images) is
 * uploaded: the engine asks the platform how much of it is held and sends
 * the rest in pieces of at most 256 KiB (sync_opts.piece_bytes), so a
 * dropped link resumes where the platform's copy ends instead of starting
 * over, and an attachment the platform already holds is not sent again. A
 * failed piece counts as a failed attempt of the filing (same backoff). The
 * bytes come from outbox.attachment, checked against the sha256 the body
 * names; an attachment neither on the kiosk nor on the platform, or changed
 * on the kiosk, holds the filing (outbox.hold) like a changed body.
 *
 * Acknowledgement: when the platform returns a receipt the engine calls
 * outbox.ack, which keeps the receipt number and purges the filing's personal
 * data. Submission is idempotent on the filing uuid, so a filing whose receipt
 * got lost (timeout, drop, crash before ack) is simply sent again.
 *
 * Status loop: the engine also asks the platform for the status of this
 * station's filings that are not final yet (outbox.poll_due: receipts
 * submitted, accepted or returned whose next poll time has come), many in
 * one request (POST receipts/status, at most status_batch receipt numbers)
 * and at most status_requests requests a round, rounds at least
 * status_gap_ms apart; it stores each status and the county's note
 * (outbox.poll_save) with the next time to ask, which grows with the
 * filing's age: every 10 minutes in its first day, hourly in its first week,
 * daily after that (sync_poll_interval_ms); done and superseded filings are
 * never asked again. A failed request (5xx, 429, timeout, no connection)
 * changes no receipt: the loop backs off (exponential with full jitter,
 * 30 s to 1 h) and asks for the same receipts again. The next poll time is a
 * due date like a retry's: the engine sleeps until the earliest of them, it
 * never wakes to look. Polling runs when nothing is waiting to upload now.
 * Catalogue: when sync_opts.cat is set the engine also keeps the county's
 * catalogue of service items current (catalog.h): at start and every few
 * hours, as a due time in its sleep like a retry (with nothing due it
 * sleeps), and only while the outbox has nothing to send now.
 *
 * Status: sync_status_get() is cheap and thread-safe, for the on-screen badge
 * (pending count, online/offline, last error). on_status, if set, is called on
 * the engine thread after each change; it must not block (post an event).
 *
 * Ownership: sync_new() copies the options (strings too; the outbox ud stays
 * the caller's, and must outlive the engine); sync_free() stops the thread and
 * frees. All outbox callbacks are called from one thread at a time (the engine
 * thread once started).
 */
#ifndef CZ_SYNC_SYNC_H
#define CZ_SYNC_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "sync/catalog.h"
#include "sync/client.h"

/* One pending filing as the engine sees it. Strings belong to the outbox. */
typedef struct {
    char uuid[PROTO_UUID_LEN + 1];
    char villager_key[PROTO_KEY_LEN + 1];
    const char *form_id;
    int form_version;
    const char *agent_id;     /* NULL if none */
    int64_t filed_at_ms;
    const char *payload;      /* JSON object text */
    int attempts;             /* failed attempts so far */
    const char *body;         /* the request body frozen at confirm; NULL: build it */
    const char *body_sha256;  /* its sha256 as stored, lowercase hex (with body) */
} sync_item;

/* A receipt whose status the platform is asked for. */
typedef struct {
    char receipt_no[PROTO_RECEIPT_MAX + 1];
    int64_t filed_ms; /* its age decides how often it is asked for */
    int status;       /* proto_status_code, as stored */
} sync_poll_item;

/* What the platform said of one receipt, and when to ask again. */
typedef struct {
    const char *receipt_no;
    int known;        /* 0: not in the reply (only next_poll_ms applies) */
    int status;       /* proto_status_code */
    int64_t status_ms;
    const char *note; /* "" if none */
    int64_t next_poll_ms;
} sync_poll_result;

/* The outbox, as the engine needs it (the store adapter is sync_store.h).
 * Every function returns 0 on success, anything else on failure. */
typedef struct {
    void *ud;
    /* Up to max filings due at now_ms, in upload order, at most one per
     * villager (the oldest pending one, and only when it is due). now_ms is
     * the engine's wall clock, the one fail() gets next_attempt_ms on.
     * *items is allocated by the outbox and handed back to free_items. */
    int (*due)(void *ud, int64_t now_ms, size_t max, sync_item **items, size_t *n);
    void (*free_items)(void *ud, sync_item *items, size_t n);
    /* Records a failed attempt that will be retried: error text (no personal
     * data); next_attempt_ms is when to retry. */
    int (*fail)(void *ud, const char *uuid, const char *error, int64_t next_attempt_ms);
    /* The platform acknowledged: keep the receipt, purge the payload. Must be
     * harmless to repeat with the same receipt. */
    int (*ack)(void *ud, const char *uuid, const char *receipt_no, int status, int64_t receipt_ms);
    /* Number of pending filings. */
    int (*count)(void *ud, int *pending);
    /* Optional (NULL: never fetched): replaces the cache of proxy agents with
     * the platform's GET agents reply (body as received, already checked). */
    int (*agents)(void *ud, const char *body, size_t len);
    /* Holds a filing for a technician (refused for good, or its frozen body
     * changed on disk): never offered again until a technician resubmits
     * it; reason in English, no personal data. */
    int (*hold)(void *ud, const char *uuid, const char *reason);
    /* Optional (NULL: attachments are not uploaded): the bytes of the file
     * an attachment names (name as the payload has it) in *data (malloc'd,
     * the engine frees it), after checking they still hash to sha256.
     * Returns 0, SYNC_ATT_MISSING (no such file), SYNC_ATT_CHANGED (the
     * bytes no longer match), anything else on other failures. */
    int (*attachment)(void *ud, const char *name, const char *sha256, unsigned char **data,
                      size_t *len);
    /* Optional (NULL: statuses are not polled): the status loop. poll_due:
     * up to max receipts whose next poll time is <= now_ms (engine clock),
     * soonest first; *items malloc'd, the engine frees it with free().
     * poll_next: the earliest next poll time in *next_ms; returns 1 when no
     * receipt is left to ask about. poll_save: one reply, in one go;
     * *changed gets how many statuses or notes changed. */
    int (*poll_due)(void *ud, int64_t now_ms, size_t max, sync_poll_item **items, size_t *n);
    int (*poll_next)(void *ud, int64_t *next_ms);
    int (*poll_save)(void *ud, const sync_poll_result *r, size_t n, int *changed);
} sync_outbox;

enum { SYNC_ATT_MISSING = 1, SYNC_ATT_CHANGED = 2 };

typedef enum { SYNC_NET_UNKNOWN = 0, SYNC_NET_OFFLINE = 1, SYNC_NET_ONLINE = 2 } sync_net;

typedef struct {
    int pending;            /* filings not yet acknowledged (-1 if unknown) */
    sync_net net;           /* did the last attempt reach the platform? */
    int needs_register;     /* 1 after a 401 until a new token is set */
    int held;               /* filings refused with a final error or held (body
                             * changed on disk) in this run */
    int64_t uploaded;       /* acknowledged in this run */
    int64_t retries;        /* failed attempts in this run */
    int64_t connections;    /* connections opened in this run (reuse keeps it low) */
    int64_t last_success_ms;
    int64_t next_try_ms;    /* when the engine will try again (0: now / idle) */
    int64_t paused_until_ms; /* the engine-wide pause after a failed connection or a
                              * 429 ends then (0, or past: none): no filing goes before */
    int64_t agents_ms;      /* when the agents cache was last refreshed (0: not in this run) */
    int64_t att_bytes;      /* attachment bytes sent in this run (pieces the platform took) */
    int64_t att_uploaded;   /* attachments completed by this engine in this run */
    int64_t polls;          /* status requests made in this run */
    int64_t status_changes; /* statuses or notes that changed in this run */
    char last_error[160];   /* "" after a success; no personal data */
    char last_code[64];     /* the protocol's code of that failure ("connect",
                             * "tls_verify", "timeout", an HTTP error's code),
                             * "held" when it held a filing (nothing to retry);
                             * "" after a success or for a fault of the kiosk's own */
    int cat_version;        /* catalogue version this engine published in this run (0: none) */
    int64_t cat_checked_ms; /* when the platform's catalogue was last asked for (0: not yet) */
    char cat_error[256];    /* why the last catalogue update was refused or failed ("" if not;
                             * "" too when the platform publishes none: nothing was refused) */
    int cat_code;           /* the last check's SYNC_CAT_ code (catalog.h; 0 before any) */
    int64_t cat_answered;   /* the last sync_check_catalogue() request a finished check answered */
    int64_t nudge_answered; /* the last sync_nudge() request the engine looked again for */
} sync_status;

typedef struct {
    proto_client_opts client;
    sync_outbox outbox;
    size_t batch;        /* filings fetched per due() call; 0: 32 */
    long base_delay_ms;  /* 0: 1000 */
    long max_delay_ms;   /* 0: 300000 */
    long poll_ms;        /* idle re-check of the outbox; 0: 30000 */
    long agents_ms;      /* how often to refresh the agents cache; 0: 3600000 */
    size_t piece_bytes;  /* attachment piece size; 0 (or over 256 KiB): 256 KiB */
    size_t status_batch; /* receipts per status request; 0 (or over 100): 100 */
    int status_requests; /* status requests per round at most; 0: 10 */
    long status_gap_ms;  /* least time between two status rounds; 0: 60000 */
    /* The engine's wall clock in Unix ms (retry, pause and poll times are on
     * it); NULL: CLOCK_REALTIME. Waits last the difference in real time. */
    int64_t (*clock)(void *ud);
    void *clock_ud;
    void (*on_status)(const sync_status *st, void *ud);
    void *status_ud;
    /* Catalogue updates (catalog.h): asked for at start and every cat_ms
     * (0: 4 h; after a failure again in min(cat_ms, 5 min); when the
     * platform publishes none, again in cat_ms) while a token
     * is set; cat.root NULL: off. on_catalogue (engine thread, must not
     * block) is told each version published. */
    sync_cat_opts cat;
    long cat_ms;
    void (*on_catalogue)(int version, void *ud);
} sync_opts;

typedef struct sync_engine sync_engine;

enum {
    SYNC_OK = 0,
    SYNC_ERR_NOMEM = -1,
    SYNC_ERR_INVALID = -2, /* bad options (platform address) */
    SYNC_ERR_THREAD = -3,  /* the engine's thread could not start */
    SYNC_ERR_OUTBOX = -4,  /* the outbox could not be read */
};
/* What happened, in English, for logs; static storage. */
const char *sync_strerror(int code);

int sync_new(const sync_opts *o, sync_engine **out);
/* Stops the thread if running, then frees. NULL is fine. */
void sync_free(sync_engine *s);
/* Starts the engine thread. */
int sync_start(sync_engine *s);
/* Asks the thread to finish the request in flight and stop; waits for it. */
void sync_stop(sync_engine *s);
/* Wakes the engine now (a filing was just confirmed, the network came back):
 * also clears the engine-wide pause, not the per-filing retry times. */
void sync_kick(sync_engine *s);
/* Wakes the engine to look at its due times again (retries, pause, status
 * polls, catalogue) on its clock, which moved without it knowing: a clock
 * that moves only when told (sync_opts.clock on a virtual clock, a script's
 * `wait`). Unlike sync_kick, the engine-wide pause and the retry times stay.
 * Returns the request's number (> 0): the engine has looked (and sent or
 * asked what was due) once sync_status.nudge_answered reaches it; 0 when
 * the engine's thread is not running. */
int64_t sync_nudge(sync_engine *s);
/* Asks for the platform's catalogue now (a technician's request), not at its
 * next due time: the engine wakes, sends what is due, then checks. Returns
 * the request's number (> 0): the check has answered it once
 * sync_status.cat_answered reaches it, its result in cat_code, cat_version
 * and cat_error (or, when the platform refused the token before the check
 * could be made, cat_code SYNC_CAT_ERR_NET with needs_register set). 0 if
 * this engine takes no catalogue updates (no root); -1 if it cannot ask the
 * platform (no token, or the device needs registering). */
int64_t sync_check_catalogue(sync_engine *s);
/* Replaces the bearer token (after re-registration) and wakes the engine. */
int sync_set_token(sync_engine *s, const char *token);
void sync_status_get(sync_engine *s, sync_status *out);

/* One pass on the calling thread (for tools and tests; not while started):
 * uploads every filing due now until none is left or the platform is
 * unreachable. Returns the number acknowledged, or a negative SYNC_ code. */
int sync_run_once(sync_engine *s);

/* How long the status loop waits before asking again about a filing that
 * is age_ms old: 10 minutes in its first day, an hour in its first week, a
 * day after that. */
int64_t sync_poll_interval_ms(int64_t age_ms);

/* The backoff delay for a filing that has failed `attempts` times (>= 1):
 * random in [0, min(cap, base·2^(attempts-1))]. r is a uniform 64-bit random. */
long sync_backoff_ms(long base_ms, long cap_ms, int attempts, uint64_t r);

#endif
