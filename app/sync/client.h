/* client.h — the kiosk's HTTPS client for the county platform (protocol v1,
 * PROTOCOL.md) over libcurl.
 *
 * One client keeps one libcurl handle, so consecutive calls reuse the TLS
 * connection. A client is used by one thread at a time. HTTPS only: a base
 * URL that is not https:// is refused by proto_client_new() and libcurl is
 * allowed no other protocol (county-sim's --plain mode is for its own tests;
 * the kiosk cannot reach it). TLS peer and host verification are always on;
 * ca_file (a PEM bundle) replaces the system CA store when given; pin, when
 * given, also requires one of the listed public keys (a mismatch is a
 * "tls_pin" failure: retried, the filing stays queued). A transfer slower
 * than low_speed_bps for low_speed_s is abandoned ("stalled", retried). The bearer token is kept in memory only and never logged;
 * logs name the path and the outcome.
 *
 * Every call fills a proto_result saying what happened and returns its kind:
 *   PROTO_RES_OK      the platform answered 2xx and the reply parsed
 *   PROTO_RES_RETRY   try again later (5xx, 408, 429, timeout, connection
 *                     lost, unparsable 2xx) — res.retry_after_s may be set
 *   PROTO_RES_FINAL   the platform refused (4xx); retrying will not help
 *   PROTO_RES_AUTH    401: the device must be registered again
 *   PROTO_RES_LOCAL   a local problem (bad argument, out of memory)
 *
 * Ownership: proto_client_new() copies the options; free with
 * proto_client_free(). Lists returned are malloc'd arrays freed with free().
 */
#ifndef CZ_SYNC_CLIENT_H
#define CZ_SYNC_CLIENT_H

#include <stddef.h>

#include "core/config.h"
#include "sync/proto.h"

typedef struct proto_client proto_client;

typedef struct {
    const char *base_url;   /* "https://platform.example:8443" (no trailing /api/v1) */
    const char *ca_file;    /* PEM file of trusted CAs; NULL: the system store */
    const char *token;      /* bearer token; NULL before registration */
    long connect_timeout_ms; /* 0: 5000 */
    long total_timeout_ms;   /* 0: 20000; whole request including the body */
    const char *pin;         /* "sha256//...;sha256//..." (CURLOPT_PINNEDPUBLICKEY); NULL: none */
    long low_speed_bps;      /* 0: 16; abandon below this many bytes a second ... */
    long low_speed_s;        /* 0: 30; ... for this many seconds */
} proto_client_opts;

typedef enum {
    PROTO_RES_OK = 0,
    PROTO_RES_RETRY = 1,
    PROTO_RES_FINAL = 2,
    PROTO_RES_AUTH = 3,
    PROTO_RES_LOCAL = 4,
} proto_res_kind;

typedef struct {
    proto_res_kind kind;
    long http_status;     /* 0 if no HTTP reply */
    long retry_after_s;   /* from Retry-After, else 0 */
    int transport;        /* 1 if no reply at all (connect/timeout/drop/TLS) */
    char code[64];        /* error code from the platform or a local one ("timeout", "connect", ...) */
    char message[640];    /* for logs and the technician (the county's message, at most 512 bytes, whole); no personal data */
} proto_result;

/* NULL if the base URL is not https://, out of memory or libcurl cannot start. */
proto_client *proto_client_new(const proto_client_opts *o);
/* 1 if url is an https:// address the client accepts. */
int proto_client_url_ok(const char *url);
/* Fills *o from the configuration (platform.url, platform.ca_file,
 * platform.pin, sync.timeout_s, sync.low_speed_bps, sync.low_speed_s); the
 * strings stay the configuration's. No token. */
void proto_client_opts_from_config(const core_config *cfg, proto_client_opts *o);
void proto_client_free(proto_client *c);
/* Replaces the token (after registration). NULL clears it. 0 or -1 (no memory). */
int proto_client_set_token(proto_client *c, const char *token);

int proto_client_register(proto_client *c, const proto_device *d, proto_registration *out,
                          proto_result *res);
/* Submits a filing; *out gets the receipt (for a first or repeated submit). */
int proto_client_submit(proto_client *c, const proto_filing *f, proto_receipt *out,
                        proto_result *res);
/* Submits a filing's request body exactly as given (frozen at confirm): the
 * Idempotency-Key is filing_id, and the receipt must name it. */
int proto_client_submit_body(proto_client *c, const char *filing_id, const char *body,
                             proto_receipt *out, proto_result *res);
int proto_client_status(proto_client *c, const char *receipt_no, proto_status *out,
                        proto_result *res);
/* The statuses of many receipts in one request (POST receipts/status, at
 * most PROTO_STATUS_BATCH_MAX): *items lists those the platform knows. */
int proto_client_status_batch(proto_client *c, const char *const *receipt_nos, size_t n_nos,
                              proto_status **items, size_t *n, proto_result *res);
int proto_client_status_by_villager(proto_client *c, const char *villager_key,
                                    proto_status **items, size_t *n, proto_result *res);
int proto_client_forms(proto_client *c, proto_form_info **items, size_t *n, proto_result *res);
int proto_client_agents(proto_client *c, proto_agent **items, size_t *n, proto_result *res);
/* The agents reply as received (checked with proto_parse_agents first), for a
 * cache that keeps the platform's own format: *body is malloc'd and
 * NUL-terminated, the caller frees it. */
int proto_client_agents_raw(proto_client *c, char **body, size_t *len, proto_result *res);

/* Catalogue updates (PROTOCOL.md): the signed manifest when the platform
 * has a version above since that a loader of level reads can read (*body
 * malloc'd, NUL-terminated; NULL on 304: nothing newer), and one file of
 * version by name (its bytes, unchecked: the caller checks them against the
 * manifest). */
int proto_client_catalogue(proto_client *c, int since, int reads, char **body, size_t *len,
                           proto_result *res);
int proto_client_catalogue_file(proto_client *c, const char *name, int version, char **data,
                                size_t *len, proto_result *res);

/* Attachments (PROTOCOL.md): how much of sha256 the platform holds (a 404
 * is not an error: *out then says 0 received), and one piece of a's bytes
 * (at most PROTO_ATT_PIECE_MAX, starting at byte first); *out gets the
 * platform's state after it. */
int proto_client_attachment_status(proto_client *c, const char *sha256,
                                   proto_attachment_state *out, proto_result *res);
int proto_client_attachment_put(proto_client *c, const proto_attachment *a,
                                const unsigned char *piece, int64_t first, size_t len,
                                proto_attachment_state *out, proto_result *res);

/* New connections (TCP + TLS handshakes) opened so far: with reuse, about one. */
long proto_client_connections(const proto_client *c);

/* Short name of a result kind ("ok", "retry", ...). */
const char *proto_res_name(proto_res_kind k);

#endif
