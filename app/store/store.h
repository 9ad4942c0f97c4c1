/* store.h — the kiosk's offline store: drafts, the outbox of confirmed filings,
 * receipts, the audit log and the proxy agents' cache with their lockout
 * state, kept in one SQLite database file per kiosk.
 *
 * A filing must survive anything: a power cut mid-save, a full disk, a corrupt
 * file. Nothing lost, nothing duplicated. How:
 *   - WAL journal with synchronous=FULL: every commit is fsync'ed to the WAL
 *     before the call returns, so a call that returned STORE_OK survives a
 *     power cut (NORMAL would keep the file consistent but could lose the last
 *     commits, and a confirmed filing is exactly the thing we must not lose).
 *   - Every change is one transaction (BEGIN IMMEDIATE): a draft moves to the
 *     outbox, a filing moves to the receipts, all or nothing.
 *   - A checkpoint runs every 64 WAL pages (wal_autocheckpoint; SQLite's own
 *     is 1000), and the WAL is then written again from its start, over
 *     blocks the file already has: an autosave's fsync then allocates
 *     nothing and commits no new file size, a fraction of the CPU of one
 *     that grows the file (tests/bench/bench_present's date step). What a
 *     commit guarantees is the same; the checkpoint is SQLite's own, as safe
 *     against a power cut as any commit.
 *   - A full disk (STORE_ERR_FULL) or an I/O error rolls the change back; what
 *     was stored before stays intact and readable. A file that is not a
 *     database or fails its check gives STORE_ERR_CORRUPT and is never touched,
 *     repaired or replaced by this module: the UI shows an error screen, a
 *     technician decides.
 *   - secure_delete=ON: deleted personal data (old draft answers, the payload
 *     of an acknowledged filing) is overwritten with zeros, not left in free
 *     pages. The WAL still holds old page images (one per autosave) until a
 *     checkpoint, so every function that deletes personal data — draft
 *     delete, purge and expiry, the acknowledgement — ends with a TRUNCATE
 *     checkpoint: when it returns, no copy is left in cunzhan.db-wal (-shm
 *     holds only page numbers). If the checkpoint cannot finish (a reader
 *     holds an old snapshot) the function still returns STORE_OK: the data
 *     is deleted, and the next checkpoint completes the wipe; store_open()
 *     checkpoints too, for a power cut between a purge and its checkpoint.
 *
 * Schema: versioned by PRAGMA user_version and migrated at open, each step in
 * its own transaction (a failed step leaves the file at the previous version).
 * A file written by newer firmware is refused (STORE_ERR_TOONEW), not downgraded.
 * Filings that older firmware marked refused for good (last error "final: ...",
 * retried after 30 days) are held at open, with an audit row each.
 *
 * One writer: a database file has exactly one open handle, and every write
 * and every checkpoint goes through it. The UI thread and the upload
 * engine's thread share that handle; each public function takes the handle's
 * (recursive) lock for its whole duration, so one transaction never
 * interleaves with another thread's. Why not a handle per thread: SQLite
 * 3.7.0 through 3.51.2 (Debian 12 ships 3.40.1; fixed in 3.51.3 and the
 * 3.44.6 / 3.50.7 backports) has the "WAL-reset bug" — two connections
 * writing or checkpointing one WAL database at the same moment can corrupt it
 * or lose commits. With one connection that race cannot happen. A second
 * store_open() on the same file, from this process or another, is refused
 * with STORE_ERR_WRITER: the handle holds an exclusive flock on
 * "<path>.writer" (an empty file beside the database) while it is open.
 * Why a lock rather than a writer thread with a queue: tests/bench/bench_store
 * measures both with the upload engine acknowledging and checkpointing
 * beside the autosaves, and the autosave p99 was no better with the queue
 * (the fsyncs dominate either way; figures in the bench's header), while the
 * lock keeps every call synchronous and every error where it happened.
 * Other programs (a technician's sqlite3 shell, tests) may read the file
 * through their own read-only connections; WAL lets them.
 *
 * Times are Unix milliseconds (UTC) from the store's clock: CLOCK_REALTIME by
 * default, or the function given to store_set_clock() (the app passes the
 * platform clock, tests a fixed one).
 *
 * Villager key: a salted hash (libsodium generichash, 32-byte key) of the
 * villager's ID number, as 64 hex characters. The salt is random, made at the
 * file's creation and kept in it; the ID number itself is never stored. It
 * keeps the number from being read off the file, but with the salt an
 * attacker holding the file can still try all plausible ID numbers.
 *
 * Personal data: draft answers and filing payloads are personal data. They are
 * never logged; store functions log only uuids, form ids, counts and codes.
 * A confirmed filing's answers (the draft's last autosave) stay with it, and
 * with its receipt after the acknowledgement, only so that a filing the
 * county returns can be corrected (补正, store_receipt_reopen); they are
 * purged when the filing reaches a final status (done, or superseded by its
 * correction). The payload and frozen body go at the acknowledgement.
 *
 * Ownership: store_open() returns a handle the caller closes with
 * store_close(). Structs filled by load/get functions own their strings; free
 * them with the matching *_clear(). Lists are arrays the store allocates and
 * the caller frees with the matching *_list_free(). Strings passed in are
 * copied; the caller keeps them.
 */
#ifndef CZ_STORE_H
#define CZ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"

/* Result codes: STORE_OK, or a negative STORE_ERR_*. store_strerror() says
 * what happened in English (logs), store_error_key() names what a villager
 * reads. */
enum {
    STORE_OK = 0,
    STORE_ERR_NOTFOUND = -1,  /* no such draft / filing / receipt */
    STORE_ERR_ALREADY = -2,   /* already done (second confirm or ack): harmless, nothing changed */
    STORE_ERR_CONFLICT = -3,  /* contradicts what is stored (same receipt no. for another filing) */
    STORE_ERR_INVALID = -4,   /* bad argument (NULL, malformed uuid or ID number, ...) */
    STORE_ERR_CORRUPT = -5,   /* not a database, or it fails its integrity check */
    STORE_ERR_FULL = -6,      /* disk full: the change was not made, older data is intact */
    STORE_ERR_BUSY = -7,      /* another handle held the lock longer than the busy timeout */
    STORE_ERR_IO = -8,        /* read/write error from the storage */
    STORE_ERR_NOMEM = -9,
    STORE_ERR_READONLY = -10, /* file or file system is read-only */
    STORE_ERR_CANTOPEN = -11, /* cannot open or create the file (missing folder, permissions) */
    STORE_ERR_TOONEW = -12,   /* written by newer firmware (schema version above ours) */
    STORE_ERR_MIGRATE = -13,  /* a schema migration failed; the file stays at its old version */
    STORE_ERR_INTERNAL = -14, /* a bug: unexpected SQLite result */
    STORE_ERR_WRITER = -15,   /* another handle (here or in another process) writes this file */
};

#define STORE_SCHEMA_VERSION 6
#define STORE_UUID_LEN 36
#define STORE_KEY_LEN 64 /* villager key: hex characters, without the NUL */

typedef struct store store;

/* Returns Unix milliseconds. */
typedef int64_t (*store_clock_fn)(void *ud);

/* ---- opening ---------------------------------------------------------- */

/* Opens (creating if missing) the database at path, migrates it to
 * STORE_SCHEMA_VERSION and runs a quick integrity check. On success *out is a
 * new handle; on failure *out is NULL and the code says why (STORE_ERR_CORRUPT,
 * STORE_ERR_FULL, STORE_ERR_TOONEW, ...); the file is left as it was. */
int store_open(const char *path, store **out);
/* Closes the handle (NULL is fine). Committed data is already durable. */
void store_close(store *st);
/* Replaces the clock (NULL restores CLOCK_REALTIME). */
void store_set_clock(store *st, store_clock_fn fn, void *ud);
/* The schema version of the open file (STORE_SCHEMA_VERSION after open):
 * the technician's info page shows it; the migration tests check it. */
int store_schema_version(store *st);
/* Integrity check: full=0 runs quick_check, full=1 integrity_check.
 * STORE_OK or STORE_ERR_CORRUPT (or an I/O code). */
int store_check(store *st, int full);
/* Moves WAL content into the database file and truncates the WAL, so purged
 * personal data no longer lingers in old WAL frames. The store does it itself
 * after every deletion of personal data; the app also calls it at shutdown. */
int store_checkpoint(store *st);

/* ---- errors ------------------------------------------------------------ */

/* What happened, in English, for logs and technicians; static storage. */
const char *store_strerror(int code);
/* The key of the text a villager reads for the code ("err.store.full", ...)
 * in assets/text/zh-CN.txt; static storage. */
const char *store_error_key(int code);

/* ---- drafts ------------------------------------------------------------ */

typedef struct {
    char uuid[STORE_UUID_LEN + 1];
    char *form_id;
    int form_version;
    int page;          /* page index to resume at */
    char *answers;     /* opaque JSON text from the form engine; NULL in lists */
    char *agent_id;    /* NULL when the villager fills it alone */
    int64_t created_ms;
    int64_t updated_ms;
    char supersedes[STORE_UUID_LEN + 1]; /* a correction (补正): the returned filing, else "" */
} store_draft;

/* Creates or updates a draft, atomically (one statement, one commit). Called on
 * every answer. A new uuid creates the draft; a known uuid updates page,
 * answers, form_version and agent_id. STORE_ERR_CONFLICT if the uuid belongs to a
 * draft of another form; STORE_ERR_ALREADY if that uuid was already confirmed
 * (nothing is saved: the filing stays in the outbox or receipts). */
int store_draft_save(store *st, const char *uuid, const char *form_id, int form_version, int page,
                     const char *answers, const char *agent_id);
/* Loads one draft with its answers. STORE_ERR_NOTFOUND if there is none. */
int store_draft_load(store *st, const char *uuid, store_draft *out);
/* Frees the strings of a draft filled by store_draft_load() (and zeroes it). */
void store_draft_clear(store_draft *d);
/* All drafts, most recently updated first, without answers. */
int store_draft_list(store *st, store_draft **items, size_t *n);
void store_draft_list_free(store_draft *items, size_t n);
/* Corrections (补正). A filing the county returned keeps its answers (the
 * draft's autosave blob, personal data) from confirm until it reaches a final
 * status (done, superseded), when they are purged; nothing else reads them.
 * The returned filing's kept answers and the county's note (either may be
 * NULL), for prefilling its correction: STORE_ERR_NOTFOUND unless filing_uuid
 * is a receipt with status returned whose answers are kept. The strings are
 * the caller's (free; wipe the answers). Who may see them is the caller's
 * check (its agent, or the villager identified). */
int store_receipt_reopen(store *st, const char *filing_uuid, char **answers, char **note);
/* Marks draft uuid as the correction of the returned filing supersedes: at
 * confirm the store checks that filing is still returned, of the same
 * villager and not already corrected by a filing waiting to upload
 * (STORE_ERR_CONFLICT otherwise: the draft stays), the request
 * body names it ("supersedes"), and at the acknowledgement the old receipt
 * becomes superseded (final, answers purged) in the same transaction.
 * STORE_ERR_NOTFOUND if no such draft. */
int store_draft_set_supersedes(store *st, const char *uuid, const char *supersedes);
/* The wrong answers given to a draft's owner check (before a draft begun
 * by typing the ID number comes back, the last four digits of its phone
 * number are asked): kept with the draft, so that neither the check's screen
 * opened again nor a restart gives more tries; gone with the draft. The
 * caller treats a count at its limit as a lock (the draft kept, offered to
 * the villager's card alone); autosaves leave the count as it is.
 * change: STORE_WRONG_READ reads, STORE_WRONG_ADD counts one more,
 * STORE_WRONG_CLEAR sets none (the right digits given); *n gets the count
 * after it. STORE_ERR_NOTFOUND if no such draft. */
enum { STORE_WRONG_READ = 0, STORE_WRONG_ADD = 1, STORE_WRONG_CLEAR = -1 };
int store_draft_wrong_digits(store *st, const char *uuid, int change, int *n);
/* Where the correction of returned filing old_uuid stands, so that tapping
 * it again resumes instead of starting a second one. */
typedef enum {
    STORE_FIX_NONE = 0,  /* none started: a new correction may start */
    STORE_FIX_DRAFT = 1, /* a draft corrects it (draft_uuid: the most recently saved) */
    STORE_FIX_SENT = 2,  /* a correction was confirmed: waiting to upload, held for a
                          * technician, or acknowledged (the old filing superseded) */
} store_fix_state;
/* *state for old_uuid, and draft_uuid (STORE_UUID_LEN + 1 bytes; "" unless
 * STORE_FIX_DRAFT). Who may resume the draft is the caller's check, as for
 * store_receipt_reopen. */
int store_correction_state(store *st, const char *old_uuid, store_fix_state *state,
                           char *draft_uuid);
/* Deletes a draft (the villager cancelled), then checkpoints (TRUNCATE), and
 * deletes the images it named (images, below). STORE_ERR_NOTFOUND if none. */
int store_draft_delete(store *st, const char *uuid);
/* Deletes drafts not updated since before_ms (abandoned personal data), then
 * checkpoints (TRUNCATE) if any was deleted, and deletes the images they
 * named (images, below). n_deleted may be NULL. */
int store_draft_purge(store *st, int64_t before_ms, int *n_deleted);
/* How long a draft is kept after its last change (ui.draft_keep_days);
 * 0 (the default) keeps drafts until they are confirmed or deleted. */
void store_set_draft_keep(store *st, int64_t keep_ms);
/* Purges the drafts older than the keep time (store_draft_purge with now -
 * keep). The app calls it at start and daily (the upload engine's thread);
 * store_filing_confirm() calls it after every confirm. No-op when the keep
 * time is 0. */
int store_draft_expire(store *st, int *n_deleted);

/* ---- outbox ------------------------------------------------------------ */

typedef struct {
    int64_t seq;       /* upload order: strictly increasing, never reused */
    char uuid[STORE_UUID_LEN + 1]; /* the idempotency key sent to the platform */
    char *form_id;
    int form_version;
    char *item_title;
    char *payload;     /* JSON for the platform (personal data) */
    char villager_key[STORE_KEY_LEN + 1];
    char *agent_id;    /* NULL if none */
    int64_t created_ms;
    int attempts;      /* failed upload attempts so far */
    char *last_error;  /* NULL if none */
    int64_t next_attempt_ms; /* not before this time (0: at once) */
    char *body;        /* the request body frozen at confirm (personal data); NULL for a
                        * filing confirmed before bodies were frozen, or without a builder */
    char body_sha256[65]; /* its sha256, lowercase hex ("" with no body) */
    char *held_reason; /* NULL, or why the filing is held for a technician */
    char supersedes[STORE_UUID_LEN + 1]; /* a correction (补正): the returned filing, else "" */
} store_filing;

/* Freezing the request body (issue 16). At confirm the store asks the body
 * builder for the exact bytes the uploader will send and keeps them with
 * their sha256 in the same transaction; the uploader sends those bytes only
 * (a firmware update that builds bodies differently cannot turn a committed
 * filing into a conflict) after checking the hash (a body changed on disk is
 * held, never sent). The builder is the upload side's (the store does not know
 * the protocol): it returns a malloc'd NUL-terminated body, or NULL if the
 * filing cannot be expressed (confirm then fails with STORE_ERR_INVALID and
 * the draft stays). Without a builder, bodies are not frozen. */
typedef struct {
    const char *uuid;
    const char *form_id;
    int form_version;
    const char *villager_key;
    const char *agent_id; /* NULL if none */
    int64_t created_ms;
    const char *payload;
    const char *supersedes; /* a correction: the returned filing's uuid; NULL if none */
} store_envelope;
typedef char *(*store_body_fn)(const store_envelope *e, void *ud);
void store_set_body_fn(store *st, store_body_fn fn, void *ud);

/* Moves draft draft_uuid into the outbox as a filing with the same uuid, in one
 * transaction: the draft is deleted, the filing added with the next sequence
 * number and an audit row; then the images the draft's answers named that the
 * payload does not (an answer the form left out) are deleted (images, below). id_number is the villager's 公民身份号码 (18
 * characters; only its salted hash is stored). STORE_ERR_NOTFOUND if there is no
 * such draft; STORE_ERR_ALREADY if the uuid is already a filing (a second tap
 * after a power cut): nothing changes, the first filing stands. */
int store_filing_confirm(store *st, const char *draft_uuid, const char *item_title,
                         const char *payload, const char *id_number);
/* One pending filing. STORE_ERR_NOTFOUND if not pending. */
int store_filing_get(store *st, const char *uuid, store_filing *out);
void store_filing_clear(store_filing *f);
/* Pending filings in upload order (oldest first); villager_key NULL for all,
 * else only that villager's. */
int store_outbox_list(store *st, const char *villager_key, store_filing **items, size_t *n);
/* Filings to send at now_ms, in upload order, at most max: not held, due
 * (next_attempt_ms <= now_ms) and the oldest pending filing of their villager
 * — a filing is never offered while an earlier, not held one of the same
 * villager is pending (a held filing does not block the villager's later ones).
 * now_ms is the caller's clock, the one it gave store_filing_fail() its
 * next_attempt_ms in (the upload engine's wall clock), not the store's clock:
 * the store's clock stamps records and may be pinned or virtual (tests, the
 * emulator's script mode), and a retry time set on one clock and compared on
 * another would never come due, or come due at once. */
int store_outbox_due(store *st, int64_t now_ms, size_t max, store_filing **items, size_t *n);
void store_filing_list_free(store_filing *items, size_t n);
/* Number of pending filings. Read again only when a row has changed through
 * this handle since the last answer (it is the one writer): asked every
 * minute on the home screen, an unchanged store costs no read. */
int store_outbox_count(store *st, int *n);
/* The same count, and in *held (may be NULL) how many of them are held for a
 * technician (they will not upload by themselves): cached alike. */
int store_outbox_counts(store *st, int *n, int *held);
/* Records a failed upload attempt: attempts+1, the error text (no personal
 * data) and the earliest time of the next attempt, on the clock the caller
 * passes store_outbox_due(). STORE_ERR_NOTFOUND if not pending. */
int store_filing_fail(store *st, const char *uuid, const char *error, int64_t next_attempt_ms);
/* A technician's 立即上传: every pending filing that is not held is due at
 * once (its wait after a failed attempt dropped; attempts and last error
 * kept). *n (may be NULL): how many were waiting. */
int store_outbox_due_now(store *st, int *n);
/* Holds a pending filing for a technician: never offered for upload again;
 * reason (English, no personal data) is kept and shown on the technician's
 * upload-queue page; an audit row "filing.hold". STORE_ERR_NOTFOUND if not
 * pending. */
int store_filing_hold(store *st, const char *uuid, const char *reason);
/* A technician's answer to a held filing (the technician screens' held
 * filing page), each one transaction with its audit row (actor ADMIN,
 * actor_id, the filing's uuid, the held reason as detail):
 *   resubmit  back into the upload queue after the cause was fixed (e.g. the
 *             device registered again): hold and last error cleared, due at
 *             once ("filing.resubmit"). A filing held because its frozen body
 *             no longer matches its sha256 is held again at its next send.
 *   discard   deleted with its payload and frozen body, the WAL checkpointed
 *             like an acknowledgement ("filing.discard"); the signature images
 *             are the caller's (sync_store_discard).
 * STORE_ERR_NOTFOUND if no such pending filing, STORE_ERR_CONFLICT if it is
 * pending but not held (a filing on its way is never discarded). */
int store_filing_resubmit(store *st, const char *uuid, const char *actor_id);
int store_filing_discard(store *st, const char *uuid, const char *actor_id);

/* ---- images ------------------------------------------------------------ */

/* The image files the kiosk keeps in its data folder (the database file's
 * folder) for drafts and filings, named in answers and payloads by
 * "sig-<64 hex>.png" (a signature: <data>/signatures/), "consent/<uuid>.png"
 * (an agent's consent: <data>/consent/) and "photo-<64 hex>.jpg" (a photo of
 * a document: <data>/photos/). Personal data: an image goes as soon as
 * nothing names it any more. The store deletes, with a draft (deleted,
 * purged, expired or confirmed), the images its answers named and its
 * consent, each unless another draft or a pending filing still names it:
 * never an image only being saved (the screens save an image before their
 * draft names it). The upload side deletes a filing's images after its
 * acknowledgement, and sweeps at start what a power cut left
 * (sync_store.h). */
#define STORE_IMAGE_NAME_MAX 160 /* bytes with the NUL */
/* 1 if name is exactly one of the three forms above: nothing else is ever
 * read or deleted, whatever an answer or a payload says. */
int store_image_name_ok(const char *name);
/* The path of image name (checked) under data folder dir, into path (n bytes). */
void store_image_path(const char *dir, const char *name, char *path, size_t n);
/* The image names text names, each once, at most max of them into out;
 * returns how many. text: JSON (a draft's answers, a payload; a string
 * value may list several, comma-separated, as a photo field's answer does),
 * or one answer's value. */
int store_images_named(const char *text, char (*out)[STORE_IMAGE_NAME_MAX], int max);
/* Whether an image is still needed: 1 in *in_use if a draft's answers or a
 * pending filing's payload contains name. */
int store_image_in_use(store *st, const char *name, int *in_use);
/* Deletes from data folder dir (NULL: st's) the images text names (as
 * store_images_named reads it) that no draft and no pending filing of st
 * names (st NULL: none does). An image already gone is no fault; one whose
 * use cannot be told is kept. *removed (may be NULL): how many went. A
 * STORE_ code: the first failure, the others still tried. */
int store_images_release(store *st, const char *dir, const char *text, int *removed);

/* ---- receipts ---------------------------------------------------------- */

typedef enum {
    STORE_STATUS_SUBMITTED = 0, /* 已提交 */
    STORE_STATUS_ACCEPTED = 1,  /* 已受理 */
    STORE_STATUS_RETURNED = 2,  /* 已退回 (to be corrected) */
    STORE_STATUS_DONE = 3,      /* 已办结 */
    STORE_STATUS_SUPERSEDED = 4, /* 已补正: a correction replaced it */
} store_status;

/* "submitted", "accepted", "returned", "done", "superseded" (NULL for other
 * values). Done and superseded are final: the status loop stops asking. */
const char *store_status_name(store_status s);

typedef struct {
    char *receipt_no;
    char filing_uuid[STORE_UUID_LEN + 1];
    int64_t seq;       /* the filing's outbox sequence number */
    char *form_id;
    char *item_title;
    char villager_key[STORE_KEY_LEN + 1];
    int64_t filed_ms;  /* when the villager confirmed */
    int64_t receipt_ms; /* the platform's time for the receipt */
    store_status status;
    int64_t status_ms; /* when the status was last set */
    char *note;        /* the county's note (why it was returned), NULL if none */
    int64_t next_poll_ms; /* when the status loop asks the platform next (0: at once) */
} store_receipt;

/* The platform acknowledged filing uuid: in one transaction stores the receipt
 * and deletes the pending filing with its payload (personal data), so only the
 * receipt remains. Harmless to repeat: STORE_ERR_ALREADY if that filing already
 * has this receipt; STORE_ERR_NOTFOUND for an unknown uuid (a stale ack);
 * STORE_ERR_CONFLICT if it already has another receipt number or the receipt
 * number belongs to another filing — nothing changes in those cases. On
 * STORE_OK the WAL is checkpointed (TRUNCATE), so the payload is gone from
 * the disk when the call returns. */
int store_filing_ack(store *st, const char *uuid, const char *receipt_no, store_status status,
                     int64_t receipt_ms);
/* Looks a receipt up by its number. STORE_ERR_NOTFOUND if none. */
int store_receipt_get(store *st, const char *receipt_no, store_receipt *out);
void store_receipt_clear(store_receipt *r);
/* Looks a receipt up by its filing's outbox sequence number (the station
 * registration number, receipt_reg_make, is made from it). STORE_ERR_NOTFOUND
 * if that filing has no receipt (yet). */
int store_receipt_get_by_seq(store *st, int64_t seq, store_receipt *out);
/* The receipt of the filing with that uuid (a correction's receipt names
 * the one it replaces). STORE_ERR_NOTFOUND if none. */
int store_receipt_get_by_uuid(store *st, const char *filing_uuid, store_receipt *out);
/* A villager's receipts, newest first. */
int store_receipt_list_by_villager(store *st, const char *villager_key, store_receipt **items,
                                   size_t *n);
void store_receipt_list_free(store_receipt *items, size_t n);
/* Updates the status and the county's note (NULL or "": none) from a later
 * status query, with an audit row "receipt.status" when either changed (the
 * note itself is not in the row). A final status (done, superseded) purges
 * the answers kept for a correction. STORE_ERR_NOTFOUND if none. */
int store_receipt_set_status(store *st, const char *receipt_no, store_status status,
                             int64_t status_ms, const char *note);

/* The status loop (the upload engine asks the platform for the status of
 * this station's filings that are not final, sync.h). Times are on the
 * engine's clock, like store_outbox_due(). A new receipt is due at once. */
/* Receipts not final (submitted, accepted, returned) whose next_poll_ms is
 * <= now_ms, soonest first, at most max (0: all). */
int store_receipt_poll_due(store *st, int64_t now_ms, size_t max, store_receipt **items,
                           size_t *n);
/* The earliest next_poll_ms of the receipts not final in *next_ms;
 * STORE_ERR_NOTFOUND when every receipt is final (nothing to ask). */
int store_receipt_poll_next(store *st, int64_t *next_ms);
/* What one status request said about one receipt. */
typedef struct {
    const char *receipt_no;
    int known;           /* 0: the platform did not list it (only next_poll_ms changes) */
    store_status status;
    int64_t status_ms;
    const char *note;    /* NULL or "": none */
    int64_t next_poll_ms; /* when to ask again */
} store_poll_result;
/* Saves a whole status reply in one transaction: each receipt's next poll
 * time, and its status and note as store_receipt_set_status() does (audit
 * rows, answers purged at a final status). Receipts this store does not hold
 * are skipped. *changed (may be NULL) gets how many statuses or notes
 * changed. */
int store_receipt_poll_save(store *st, const store_poll_result *r, size_t n, int *changed);
/* The villager key of an ID number (18 characters, digits and a final X/x;
 * spaces ignored) with this file's salt. STORE_ERR_INVALID for anything else. */
int store_villager_key(store *st, const char *id_number, char out[STORE_KEY_LEN + 1]);

/* ---- audit log --------------------------------------------------------- */

typedef enum {
    STORE_ACTOR_SYSTEM = 0,
    STORE_ACTOR_VILLAGER = 1,
    STORE_ACTOR_AGENT = 2, /* 帮办代办员 */
    STORE_ACTOR_ADMIN = 3, /* station staff / technician */
    STORE_ACTOR_SYNC = 4,  /* the upload engine */
} store_actor;

const char *store_actor_name(store_actor a);

typedef struct {
    int64_t id;        /* increasing */
    int64_t time_ms;
    store_actor actor;
    char *actor_id;    /* NULL if none */
    char *action;      /* e.g. "filing.confirm" */
    char *object_id;   /* e.g. a filing uuid; NULL if none */
    char *detail;      /* NULL if none */
} store_audit_row;

/* Appends a row. Rows can never be changed or deleted (the database refuses).
 * detail must not hold personal data. The store itself appends rows for
 * confirm ("filing.confirm"), ack ("filing.ack"), draft delete/purge and
 * receipt status changes, inside the same transaction. */
int store_audit_add(store *st, store_actor actor, const char *actor_id, const char *action,
                    const char *object_id, const char *detail);
/* Newest first, at most max rows with id < before_id (0: from the newest). */
int store_audit_list(store *st, int64_t before_id, size_t max, store_audit_row **rows, size_t *n);
void store_audit_list_free(store_audit_row *rows, size_t n);

/* ---- proxy agents (帮办代办员) ----------------------------------------- */

/* The agents allowed to file at this station, cached from the county platform
 * (GET /api/v1/agents, app/sync/PROTOCOL.md) so an agent can sign in offline,
 * and each agent's lockout state (auth.h). The lockout is kept apart from the
 * cache: replacing the cache never resets it, nor does a reboot. An agent's
 * name is shown on screen but never logged; the store logs ids and counts. */

#define STORE_AGENT_ID_MAX 32    /* ASCII letters, digits, '-' and '_' */
#define STORE_AGENT_NAME_MAX 96  /* bytes of UTF-8, without the NUL */

typedef struct {
    char id[STORE_AGENT_ID_MAX + 1];
    char name[STORE_AGENT_NAME_MAX + 1];
    char pin_hash[AUTH_HASH_MAX]; /* Argon2id string, as auth_pin_verify() takes it */
    int active;                   /* 0: listed by the platform but may not sign in */
    int64_t updated_ms;           /* the platform's updated_at_ms for this cache */
} store_agent;

/* Replaces the whole cache with items (n may be 0: no agents), in one
 * transaction with an audit row ("agents.replace", counts only). STORE_ERR_INVALID
 * if any item is malformed (id, name, hash not "$argon2id$...") or an id
 * repeats; nothing changes then. */
int store_agents_replace(store *st, const store_agent *items, size_t n, int64_t updated_ms);
/* Parses a platform reply to GET /api/v1/agents (the JSON body, len bytes,
 * not necessarily NUL-terminated) and replaces the cache with it. Each
 * agent's "pin" parameters become an Argon2id string. A malformed reply (not
 * JSON, a missing or mistyped member, an unknown algorithm, a salt or hash of
 * the wrong size, absurd cost parameters, a repeated id) gives STORE_ERR_INVALID
 * with the reason in err (English, no personal data) and leaves the cache as
 * it was. On success *n_out (may be NULL) gets the number of agents. */
int store_agents_replace_reply(store *st, const char *body, size_t len, size_t *n_out, char *err,
                               size_t errlen);
/* Looks up the agent an agent number names: the id itself, or — because
 * agents type their number on a digit pad — the digits of an id that starts
 * with letters ("0012" finds "A0012"). STORE_ERR_NOTFOUND if none; STORE_ERR_CONFLICT
 * if the digits fit more than one id. Inactive agents are found too (the
 * caller refuses them). */
int store_agent_find(store *st, const char *number, store_agent *out);
/* The ids digits (a number typed on the digit pad) fits when it fits more
 * than one (store_agent_find's STORE_ERR_CONFLICT: "0012" for "A0012" and
 * "B0012"), in order, into ids (up to max); *n gets how many fit (it may
 * pass max). Only ids: the sign-in offers them to choose from. */
int store_agent_ids_for(store *st, const char *digits, char (*ids)[STORE_AGENT_ID_MAX + 1],
                        int max, int *n);
/* Number of cached agents, and of active ones (either pointer may be NULL). */
int store_agent_count(store *st, int *n_all, int *n_active);
/* The persisted lockout state of an agent id (zeroed if it never failed). */
int store_agent_lock_get(store *st, const char *agent_id, auth_lock *out);
/* Saves it (a cleared lock deletes the row). */
int store_agent_lock_set(store *st, const char *agent_id, const auth_lock *l);

/* One entry of an agent's list of filings, whatever stage it is at. */
typedef enum {
    STORE_AF_DRAFT = 0,   /* being filled: can be resumed */
    STORE_AF_PENDING = 1, /* confirmed, waiting to upload */
    STORE_AF_RECEIPT = 2, /* uploaded: the platform's receipt and status */
} store_af_kind;

typedef struct {
    store_af_kind kind;
    char uuid[STORE_UUID_LEN + 1]; /* draft or filing uuid */
    char form_id[65];
    char item_title[129];        /* "" for drafts (the form catalogue has it) */
    char receipt_no[33];         /* receipts only, else "" */
    store_status status;         /* receipts only */
    int attempts;                /* pending only: failed upload attempts */
    int held;                    /* pending only: held for a technician (refused for good, or
                                  * its frozen body broken): it will not upload by itself */
    int page;                    /* drafts only: where to resume */
    int64_t time_ms;             /* draft: last saved; pending: confirmed; receipt: status time */
    int64_t filed_ms;            /* when confirmed (0 for drafts) */
    char note[513];              /* receipts only: the county's note, else "" */
    int corrected;               /* returned receipts: a correction of it waits to upload
                                  * (or is held): it needs nothing more */
    int correction;              /* drafts and pending: it corrects a returned filing (补正) */
} store_agent_filing;

/* How many of the agent's filings the county returned for correction
 * (receipts with status returned) and no confirmed correction waits to
 * upload for, in *n. */
int store_agent_returned(store *st, const char *agent_id, int *n);

/* The agent's drafts, pending filings and receipts: drafts first (most
 * recently saved first), then pending (newest first, as the others), then
 * receipts (newest filed first). Returned receipts with status "returned"
 * need the agent's attention. At most max entries (0: no limit). The array
 * is freed with free(). */
int store_agent_filings(store *st, const char *agent_id, size_t max, store_agent_filing **items,
                        size_t *n);
/* The kept answers of f, one of agent_id's filings from store_agent_filings
 * (the form's autosave blob: personal data), so that the agent's list can
 * say whose each is: a draft's, a pending filing's, a returned or open
 * receipt's until it reaches a final status. STORE_ERR_NOTFOUND when none are
 * kept (purged, or confirmed before answers were kept) or f is not the
 * agent's. *answers is the caller's: wipe it and free(). */
int store_agent_filing_answers(store *st, const char *agent_id, const store_agent_filing *f,
                               char **answers);

#endif
