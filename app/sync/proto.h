/* proto.h — the county-platform protocol, version 1 (see PROTOCOL.md): the
 * request bodies the kiosk sends and the replies it parses. No I/O here; the
 * libcurl transport is client.h, the upload engine sync.h.
 *
 * Parsers take the raw reply body (not necessarily NUL-terminated, maybe
 * truncated, maybe an HTML error page from a proxy) and either fill the
 * output completely or return PROTO_ERR_REPLY with a message in err (never
 * containing personal data: field names only, not values).
 *
 * Ownership: builders return a malloc'd NUL-terminated string the caller
 * frees with free(). Single results are filled into caller structs with fixed
 * buffers. Lists are malloc'd arrays the caller frees with free() (their
 * elements own nothing).
 */
#ifndef CZ_SYNC_PROTO_H
#define CZ_SYNC_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define PROTO_API_PREFIX "/api/v1/"
#define PROTO_MAX_REPLY (4u << 20)    /* replies larger than this are refused */
#define PROTO_UUID_LEN 36
#define PROTO_KEY_LEN 64              /* villager key, hex */
#define PROTO_ID_MAX 64               /* device, form, agent ids */
#define PROTO_RECEIPT_MAX 32
#define PROTO_TOKEN_MAX 128
#define PROTO_TEXT_MAX 512            /* messages, notes, titles, names */

enum {
    PROTO_OK = 0,
    PROTO_ERR_REPLY = -1,   /* reply is not what the protocol says (truncated, wrong type,
                               missing field, too big) */
    PROTO_ERR_INVALID = -2, /* bad argument to a builder */
    PROTO_ERR_NOMEM = -3,
};

/* Filing status on the platform; same order as the store's. */
typedef enum {
    PROTO_ST_SUBMITTED = 0,
    PROTO_ST_ACCEPTED = 1,
    PROTO_ST_RETURNED = 2,
    PROTO_ST_DONE = 3,
    PROTO_ST_SUPERSEDED = 4, /* a correction (补正) replaced it */
} proto_status_code;

/* "submitted" ... ; -1 for an unknown name. */
int proto_status_parse(const char *name);

/* How the kiosk must treat an HTTP status (PROTOCOL.md, "Errors"). */
typedef enum {
    PROTO_CLASS_OK = 0,    /* 2xx */
    PROTO_CLASS_RETRY = 1, /* 5xx, 408, 429 (and transport failures) */
    PROTO_CLASS_FINAL = 2, /* other 4xx, and anything unexpected (1xx, 3xx) */
    PROTO_CLASS_AUTH = 3,  /* 401: the device token no longer works */
} proto_class;
proto_class proto_classify(long http_status);

/* ---- requests --------------------------------------------------------- */

typedef struct {
    const char *device_id;         /* uuid */
    const char *station_name;      /* 1..64 characters, UTF-8 */
    const char *area_code;         /* 6..12 digits */
    const char *registration_code; /* issued by the county */
} proto_device;

char *proto_build_register(const proto_device *d, char *err, size_t errlen);

/* An attachment a filing names (PROTOCOL.md, "Attachments"): the file's
 * sha256, type and size, and name, the string the payload uses for it
 * ("sig-<hex>.png", "consent/<uuid>.png"). */
#define PROTO_ATT_NAME_MAX 160
#define PROTO_ATT_MAX 16              /* attachments per filing */
#define PROTO_ATT_PIECE_MAX (256u << 10) /* bytes per upload piece */
#define PROTO_ATT_PNG_MAX (1u << 20)  /* size limits the platform enforces */
#define PROTO_ATT_JPEG_MAX (2u << 20)
typedef struct {
    char name[PROTO_ATT_NAME_MAX];
    char sha256[65];                  /* 64 lowercase hex */
    char type[16];                    /* "image/png" | "image/jpeg" */
    int64_t size;                     /* bytes */
} proto_attachment;

/* The MIME type of an image from its first bytes ("image/png",
 * "image/jpeg"), or NULL for anything else. */
const char *proto_attachment_type(const unsigned char *data, size_t len);
/* The size limit of a type (0 for a type the platform refuses). */
int64_t proto_attachment_limit(const char *type);

typedef struct {
    const char *filing_id;    /* uuid, also the idempotency key */
    const char *form_id;
    int form_version;
    const char *villager_key; /* 64 hex */
    const char *agent_id;     /* NULL if none */
    int64_t filed_at_ms;
    const char *payload;      /* JSON object text (personal data) */
    const proto_attachment *attachments; /* uploaded before the filing; may be NULL */
    size_t n_attachments;     /* 0: the body has no "attachments" field */
    const char *supersedes;   /* a correction (补正): the returned filing's uuid; NULL if none */
} proto_filing;

/* The body of POST /api/v1/filings. Deterministic: the same filing always
 * gives the same bytes, so a retry is recognised as the same content. */
char *proto_build_filing(const proto_filing *f, char *err, size_t errlen);

/* The body of POST /api/v1/receipts/status: {"receipt_nos": [...]}, 1 to
 * PROTO_STATUS_BATCH_MAX well-formed receipt numbers. */
#define PROTO_STATUS_BATCH_MAX 100
char *proto_build_status_batch(const char *const *receipt_nos, size_t n, char *err, size_t errlen);

/* ---- replies ---------------------------------------------------------- */

typedef struct {
    char device_id[PROTO_ID_MAX + 1];
    char token[PROTO_TOKEN_MAX + 1];
    int64_t issued_at_ms;
} proto_registration;

typedef struct {
    char filing_id[PROTO_UUID_LEN + 1];
    char receipt_no[PROTO_RECEIPT_MAX + 1];
    int64_t received_at_ms;
    int status; /* proto_status_code */
} proto_receipt;

typedef struct {
    char receipt_no[PROTO_RECEIPT_MAX + 1];
    char filing_id[PROTO_UUID_LEN + 1];
    char form_id[PROTO_ID_MAX + 1];
    int status;
    int64_t status_at_ms;
    char note[PROTO_TEXT_MAX + 1]; /* "" if none */
} proto_status;

typedef struct {
    char id[PROTO_ID_MAX + 1];
    int version;
    char title[PROTO_TEXT_MAX + 1];
    int64_t size;
} proto_form_info;

typedef struct {
    char id[PROTO_ID_MAX + 1];
    char name[PROTO_TEXT_MAX + 1];
    int active;
    char alg[16];       /* "argon2id" */
    char salt_b64[64];
    char hash_b64[128];
    uint64_t opslimit;
    uint64_t memlimit;
} proto_agent;

/* How much of an attachment the platform holds (GET or PUT attachments). */
typedef struct {
    char sha256[65];
    char type[16];
    int64_t size;     /* the whole file */
    int64_t received; /* bytes held, from the start */
    int complete;     /* 1: all received and the hash verified */
} proto_attachment_state;

int proto_parse_attachment_state(const char *body, size_t len, proto_attachment_state *out,
                                 char *err, size_t errlen);
/* The "attachments" of a filing's request body (as proto_build_filing made
 * it; none is fine): *items is a malloc'd array the caller frees. */
int proto_parse_filing_attachments(const char *body, size_t len, proto_attachment **items,
                                   size_t *n, char *err, size_t errlen);

int proto_parse_registration(const char *body, size_t len, proto_registration *out, char *err,
                             size_t errlen);
int proto_parse_receipt(const char *body, size_t len, proto_receipt *out, char *err, size_t errlen);
int proto_parse_status(const char *body, size_t len, proto_status *out, char *err, size_t errlen);
int proto_parse_status_list(const char *body, size_t len, proto_status **items, size_t *n, char *err,
                            size_t errlen);
int proto_parse_forms(const char *body, size_t len, proto_form_info **items, size_t *n, char *err,
                      size_t errlen);
int proto_parse_agents(const char *body, size_t len, proto_agent **items, size_t *n, char *err,
                       size_t errlen);
/* {"error":{"code":..,"message":..}}. PROTO_ERR_REPLY if the body is not that
 * (an HTML page, say); code/message are then "". */
int proto_parse_error(const char *body, size_t len, char *code, size_t codelen, char *message,
                      size_t msglen);

/* Checks used by parsers and by county-sim alike. */
int proto_uuid_ok(const char *s);
int proto_key_ok(const char *s);     /* 64 lowercase hex */
int proto_receipt_ok(const char *s); /* 8..32 of [A-Z0-9-] */
int proto_attachment_ok(const proto_attachment *a); /* name, sha256, type, size within limits */

#endif
