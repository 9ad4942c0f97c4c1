/* bundle.h — sneakernet: the kiosk's waiting filings carried to the county
 * office on a USB drive when a village has had no network for weeks.
 *
 * Export (kiosk): every pending filing of the store's outbox goes into ONE
 * file, encrypted to the county's X25519 public key (a random stream key
 * sealed with crypto_box_seal, the filings in an XChaCha20-Poly1305
 * secretstream) and signed with the device's Ed25519 key (Ed25519ph over the
 * whole file). Exported filings stay pending: only the platform's
 * acknowledgement (normal upload) removes them from the outbox, and the
 * platform counts a filing once whichever way it arrives first, because the
 * filing uuid is the idempotency key on both paths. The format is BUNDLE.md.
 *
 * Import (county office): checks the recipient, the signer against the key
 * the county registered for that device, the signature, then decrypts. All
 * or nothing: a bundle either yields every filing or an error and none.
 *
 * Keys: the device's signing key is created on first use in the data folder
 * (bundle-sign.key, mode 0600; its public half also in bundle-sign.pub, which
 * is what the county registers). Keys travel as lowercase hex text.
 *
 * Errors are BUNDLE_ERR_* codes with bundle_strerror() (English, for logs and
 * the import tool) and bundle_error_key() (the key of the screen's text in
 * assets/text/zh-CN.txt); functions that can say more fill a caller's err
 * buffer. Nothing is printed
 * and nothing personal is logged (counts, uuids and file names only).
 *
 * Ownership: bundle_read() returns an array freed (and wiped) with
 * bundle_filings_free(). Keys are plain structs the caller keeps; wipe them
 * with bundle_key_wipe().
 */
#ifndef CZ_BUNDLE_H
#define CZ_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define BUNDLE_VERSION 2           /* writes 2; reads 1 and 2 */
#define BUNDLE_HEADER_LEN 256
#define BUNDLE_PK_LEN 32          /* Ed25519 and X25519 public keys */
#define BUNDLE_SIGN_SK_LEN 64     /* Ed25519 secret key (seed + public key) */
#define BUNDLE_BOX_SK_LEN 32      /* X25519 secret key */
#define BUNDLE_DEVICE_ID_MAX 64
#define BUNDLE_MAX_RECORD (16u << 20) /* one filing's record with its images, encrypted */
#define BUNDLE_MAX_COUNT 100000u
#define BUNDLE_SUFFIX ".czb"

enum {
    BUNDLE_OK = 0,
    BUNDLE_ERR_IO = -1,        /* cannot read/write the file or folder */
    BUNDLE_ERR_FORMAT = -2,    /* not a bundle, or its structure is damaged */
    BUNDLE_ERR_VERSION = -3,   /* a newer bundle format */
    BUNDLE_ERR_TRUNCATED = -4, /* the file ends early (copy interrupted, drive pulled) */
    BUNDLE_ERR_DEVICE = -5,    /* the signing device is not registered here */
    BUNDLE_ERR_SIGNATURE = -6, /* signature wrong: altered, or signed by another key */
    BUNDLE_ERR_RECIPIENT = -7, /* encrypted for another county key */
    BUNDLE_ERR_DECRYPT = -8,   /* decryption failed (altered content) */
    BUNDLE_ERR_KEY = -9,       /* a key file is missing, malformed or unsafe */
    BUNDLE_ERR_EMPTY = -10,    /* nothing to export */
    BUNDLE_ERR_STORE = -11,    /* the store failed (see err) */
    BUNDLE_ERR_NOMEM = -12,
    BUNDLE_ERR_INVALID = -13,
    BUNDLE_ERR_SIGNER = -14,   /* signed by a key other than the device's registered one */
    BUNDLE_ERR_ATTACHMENT = -15, /* an image a filing names is missing or altered (on the
                                  * kiosk at export, in the bundle at import) */
};

/* What happened, in English, for logs and the import tool; static storage. */
const char *bundle_strerror(int code);
/* The key of the technician's text for a code ("err.bundle.io": what went
 * wrong and what to do), in assets/text/zh-CN.txt; static storage. */
const char *bundle_error_key(int code);

/* ---- keys -------------------------------------------------------------- */

typedef struct {
    uint8_t pk[BUNDLE_PK_LEN];
    uint8_t sk[BUNDLE_SIGN_SK_LEN];
} bundle_sign_key;

typedef struct {
    uint8_t pk[BUNDLE_PK_LEN];
    uint8_t sk[BUNDLE_BOX_SK_LEN];
} bundle_box_key;

/* Loads dir/bundle-sign.key, creating it (and bundle-sign.pub) if missing.
 * A key file that is malformed, or readable by others, is BUNDLE_ERR_KEY. */
int bundle_device_key(const char *dir, bundle_sign_key *out, char *err, size_t errlen);
/* Writes/reads a key as hex text (a file holding just the hex and a newline).
 * Secret files are created 0600. */
int bundle_key_write_hex(const char *path, const uint8_t *key, size_t len, int secret, char *err,
                         size_t errlen);
int bundle_key_read_hex(const char *path, uint8_t *key, size_t len, char *err, size_t errlen);
/* hex (2*len characters, surrounding blanks allowed) into key. 0 or -1. */
int bundle_hex_decode(const char *hex, uint8_t *key, size_t len);
/* key into out (2*len+1 bytes). */
void bundle_hex_encode(const uint8_t *key, size_t len, char *out);
void bundle_key_wipe(void *key, size_t len);

/* ---- export (kiosk) ---------------------------------------------------- */

/* The bytes of an image a filing's frozen request body names (the
 * "attachments" of PROTOCOL.md): the contract of sync_outbox.attachment —
 * 0 and *data malloc'd (the caller frees it) after checking the bytes still
 * hash to sha256, nonzero when the file is missing or changed. */
typedef int (*bundle_attachment_fn)(void *ud, const char *name, const char *sha256,
                                    unsigned char **data, size_t *len);

typedef struct {
    const char *dir;              /* the USB drive's folder */
    const char *device_id;        /* platform.device_id (1..64 ASCII) */
    const uint8_t *county_pk;     /* BUNDLE_PK_LEN */
    const bundle_sign_key *key;   /* the device's */
    const char *actor_id;         /* who exported, for the audit log (NULL: none) */
    int64_t now_ms;
    bundle_attachment_fn attachment; /* reads the images filings name; NULL: a filing
                                      * that names one cannot be exported */
    void *attachment_ud;
} bundle_export_opts;

/* Writes every pending filing of st that is not held for a technician (the
 * county refused it for good, or its stored body changed: store_filing_hold)
 * into dir/cunzhan-<device>-<YYYYmmdd-HHMMSS>.czb
 * (temp file, fsync, rename), then adds the audit row "bundle.export" (object:
 * the file name, detail: "count=N"). The outbox is not changed. path gets the
 * written file (may be NULL), *count the filings in it. BUNDLE_ERR_EMPTY when
 * nothing but held filings is pending (no file written). If the audit row cannot be written
 * the file is removed and the export fails. Each filing carries the request
 * body frozen at confirm and every image that body names (read with
 * o->attachment, with its sha256); an image missing or changed on the kiosk
 * is BUNDLE_ERR_ATTACHMENT, err naming the filing's uuid: no file is
 * written and nothing changes (the upload holds that filing for a
 * technician, who resubmits or discards it; then the export goes through). */
int bundle_export(store *st, const bundle_export_opts *o, char *path, size_t pathlen, int *count,
                  char *err, size_t errlen);

/* ---- import (county office) -------------------------------------------- */

/* Not used by the kiosk: the county's import tool (tests/sim/county_import.c)
 * and the tests read bundles with these. */

/* An image carried with its filing (format 2), verified by bundle_read: its
 * bytes hash to sha256, have that size and start as the type says. */
typedef struct {
    char name[160];      /* as the filing's payload names it ("sig-<hex>.png", …) */
    char sha256[65];     /* lowercase hex */
    char type[16];       /* "image/png" or "image/jpeg" */
    unsigned char *data; /* personal data: wiped by bundle_filings_free */
    size_t size;
} bundle_file;

typedef struct {
    char filing_id[STORE_UUID_LEN + 1]; /* idempotency key */
    char *form_id;
    int form_version;
    char *item_title;                   /* may be "" */
    char villager_key[STORE_KEY_LEN + 1];
    char *agent_id;                     /* NULL if none */
    int64_t filed_at_ms;
    char *payload;                      /* JSON object text (personal data) */
    char *body;        /* format 2: the request body the kiosk froze at confirm (personal
                        * data; what the import records, so a later upload is the same
                        * content), NULL if the kiosk froze none */
    bundle_file *files; /* format 2: every image the body's "attachments" names */
    size_t n_files;
} bundle_filing;

typedef struct {
    int version;
    int64_t created_ms;
    char device_id[BUNDLE_DEVICE_ID_MAX + 1];
    uint32_t count;
    uint8_t signer_pk[BUNDLE_PK_LEN];
    uint8_t recipient_pk[BUNDLE_PK_LEN];
} bundle_info;

/* The Ed25519 public key the county registered for device_id: 0 and pk
 * filled, or -1 if the device is unknown. */
typedef int (*bundle_trust_fn)(void *ud, const char *device_id, uint8_t pk[BUNDLE_PK_LEN]);

void bundle_filings_free(bundle_filing *items, size_t n);

/* ---- The county's side (no kiosk caller, on purpose) ---- */
/* county-import (tests/sim) reads bundles into county-sim with these, and the
 * bundle and technician tests read what an export wrote as the county does.
 * Kept beside the writer so the format has one definition; a kiosk never
 * holds the county's secret key, so it has nothing to call them for. */
/* A new county key pair (the county keeps sk offline; kiosks get pk). */
int bundle_county_keygen(bundle_box_key *out);
/* Verifies and decrypts path with the county's key pair. On BUNDLE_OK *items
 * holds info->count filings in export order; on any error nothing. A filing
 * whose body names an image the bundle does not carry, or carries with
 * other bytes than its sha256 (or size, or type), is BUNDLE_ERR_ATTACHMENT
 * (err names the filing and the image's hash, never personal data). */
int bundle_read(const char *path, const bundle_box_key *county, bundle_trust_fn trust, void *ud,
                bundle_info *info, bundle_filing **items, size_t *n, char *err, size_t errlen);

#endif
