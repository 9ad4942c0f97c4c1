/* simproc.h — runs county-sim as a child process for tests and benchmarks:
 * makes a self-signed certificate, starts the simulator on a free loopback
 * port (it picks the port and prints it), talks to its admin endpoints and
 * stops it. Test helper: prints nothing, returns NULL/-1 on failure.
 *
 * Ownership: simproc_start() returns a handle; simproc_stop() stops the child
 * and frees it. Replies from simproc_admin() are malloc'd; free() them.
 */
#ifndef CZ_TESTS_SIMPROC_H
#define CZ_TESTS_SIMPROC_H

#include <stddef.h>

typedef struct simproc simproc;

/* dir: a scratch folder (certificate, database). tls: 1 for HTTPS with a new
 * self-signed certificate, 0 for --plain. args: extra county-sim arguments,
 * NULL-terminated (may be NULL). */
simproc *simproc_start(const char *dir, int tls, const char *const *args);
void simproc_stop(simproc *p);
/* "https://127.0.0.1:PORT" */
const char *simproc_url(const simproc *p);
/* The certificate to trust (the CA file for libcurl), or NULL for plain HTTP. */
const char *simproc_ca(const simproc *p);
/* The simulator's database file. */
const char *simproc_db(const simproc *p);
/* One request to the simulator (admin or API, no faults on /admin). Returns
 * the HTTP status (0 if no reply); *reply (if not NULL) gets the body. */
long simproc_http(const simproc *p, const char *method, const char *path, const char *body,
                  const char *token, char **reply);
/* GET path (admin, no token): the reply's bytes in *reply (malloc'd), their
 * number in *len; the HTTP status. */
long simproc_http_bytes(const simproc *p, const char *path, char **reply, size_t *len);
/* PUT path with a binary body: Content-Type type, Content-Range range (the
 * header's value, NULL: none) and the token; the HTTP status (0: no reply). */
long simproc_put(const simproc *p, const char *path, const char *type, const char *range,
                 const void *data, size_t len, const char *token, char **reply);
/* PUTs a whole attachment in pieces of piece bytes (the sha256 of data
 * computed here, hex into sha[65]); the status of the last piece. */
long simproc_upload(const simproc *p, const char *token, const char *type, const void *data,
                    size_t len, size_t piece, char sha[65]);
/* POST /api/v1/filings with the Idempotency-Key of uuid; the HTTP status. */
long simproc_submit(const simproc *p, const char *token, const char *uuid, const char *body);
/* POST /admin/faults with a JSON object; 0 on success. */
int simproc_faults(const simproc *p, const char *json);
/* Filings the simulator holds: total rows and distinct filing ids; -1 on error. */
int simproc_count(const simproc *p, long *count, long *distinct);
/* One number from GET /admin/stats ("drops", "errors", ...); -1 on error. */
long simproc_stat(const simproc *p, const char *name);
/* Runs the technicians' command `county-sim admin <args>` against this
 * simulator (args as a shell would split them: quote a note); its stdout and
 * stderr in out[n]; the exit code (-1 if it did not run). */
int simproc_cli(const simproc *p, const char *args, char *out, size_t n);
/* Registers a device (random uuid) and copies the token to tok[cap]; 0 on success. */
int simproc_register(const simproc *p, char *tok, size_t cap);

#endif
