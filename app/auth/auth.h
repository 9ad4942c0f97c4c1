/* auth.h — PINs of proxy agents (帮办代办员) and technicians, and lockout.
 *
 * A PIN is 6 digits and never stored in clear: it is kept as a libsodium
 * Argon2id string ("$argon2id$v=19$m=…,t=…,p=1$salt$hash": salted and slow).
 * The county platform issues agents' hashes; the kiosk caches them so an agent
 * can sign in offline, and verifies with auth_pin_verify().
 *
 * Lockout: after AUTH_FREE_TRIES wrong PINs in a row, each further try must
 * wait, the delay doubling from 30 s up to 1 hour. The state is a small struct
 * the caller persists (the store keeps one per agent) so a reboot does not
 * reset it. A right PIN clears it.
 *
 * All functions are thread-safe; none prints.
 */
#ifndef CZ_AUTH_H
#define CZ_AUTH_H

#include <stddef.h>
#include <stdint.h>

#define AUTH_PIN_LEN 6
#define AUTH_HASH_MAX 128   /* buffer size for a hash string */
#define AUTH_FREE_TRIES 3
#define AUTH_DELAY_FIRST_S 30
#define AUTH_DELAY_MAX_S 3600

typedef enum {
    AUTH_OK = 0,
    AUTH_ERR_WRONG = -1,    /* wrong PIN */
    AUTH_ERR_LOCKED = -2,   /* must wait before trying again */
    AUTH_ERR_FORMAT = -3,   /* PIN is not 6 digits, or too simple to allow */
    AUTH_ERR_HASH = -4,     /* stored hash is malformed */
    AUTH_ERR_CRYPTO = -5,   /* libsodium failed (out of memory) */
} auth_err;

/* What happened, in English, for logs; static storage. */
const char *auth_strerror(int code);
/* The key of the text the person at the kiosk reads ("err.auth.wrong", ...) in
 * assets/text/zh-CN.txt; static storage. */
const char *auth_error_key(int code);

/* 0 if pin is 6 digits and not trivially guessable (all one digit, a run such as
 * 123456 or 654321); AUTH_ERR_FORMAT otherwise. Only new PINs are checked for
 * simplicity; verification accepts any 6 digits. */
int auth_pin_check_new(const char *pin);

/* Hashes a new PIN into out (AUTH_HASH_MAX bytes): the technician PIN set
 * with cunzhan-admin (app/admin); agents' hashes come from the county platform. */
int auth_pin_hash(const char *pin, char out[AUTH_HASH_MAX]);
/* AUTH_OK, AUTH_ERR_WRONG, AUTH_ERR_FORMAT (not 6 digits) or AUTH_ERR_HASH. */
int auth_pin_verify(const char *hash, const char *pin);

/* The technician PIN's hash lives in a file of its own in the data folder,
 * <data>/tech-pin (AUTH_TECH_PIN_FILE), mode 0600, one line — not in the
 * conffile, which is read-only on the kiosk and readable by others.
 * auth_pin_file_save() checks that hash looks like an Argon2id string and
 * writes it atomically (temp, fsync, rename); 0, or -1 with errno set
 * (EINVAL for a bad hash). auth_pin_file_load() reads it into out
 * (AUTH_HASH_MAX bytes); 0, or -1 if there is none (ENOENT) or it cannot be
 * read. */
#define AUTH_TECH_PIN_FILE "tech-pin"
int auth_pin_file_save(const char *path, const char *hash);
int auth_pin_file_load(const char *path, char out[AUTH_HASH_MAX]);

typedef struct {
    int failures;         /* wrong PINs in a row */
    int64_t locked_until; /* wall-clock seconds; 0 = not locked */
} auth_lock;

/* AUTH_OK if a try is allowed at `now`; else AUTH_ERR_LOCKED and *wait_s set. */
int auth_lock_check(const auth_lock *l, int64_t now, int *wait_s);
/* Verifies pin against hash under the lockout: updates *l and returns AUTH_OK,
 * AUTH_ERR_WRONG, AUTH_ERR_LOCKED (with *wait_s), AUTH_ERR_FORMAT or AUTH_ERR_HASH. */
int auth_try(auth_lock *l, const char *hash, const char *pin, int64_t now, int *wait_s);

#endif
