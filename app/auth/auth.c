/* auth.c — Argon2id PIN hashes through libsodium, and the lockout schedule. */
#include "auth/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Cheap ARM boards have 1-2 GB: 32 MiB and 3 passes take ~0.2-0.5 s there. */
#define AUTH_OPSLIMIT 3
#define AUTH_MEMLIMIT (32u * 1024 * 1024)

const char *auth_strerror(int code)
{
    switch (code) {
    case AUTH_OK: return "ok";
    case AUTH_ERR_WRONG: return "wrong PIN";
    case AUTH_ERR_LOCKED: return "locked after repeated wrong PINs";
    case AUTH_ERR_FORMAT: return "PIN must be 6 digits and not trivial";
    case AUTH_ERR_HASH: return "stored PIN hash is malformed";
    case AUTH_ERR_CRYPTO: return "cryptography library failed";
    }
    return "unknown auth error";
}

const char *auth_error_key(int code)
{
    switch (code) {
    case AUTH_OK: return "err.auth.ok";
    case AUTH_ERR_WRONG: return "err.auth.wrong";
    case AUTH_ERR_LOCKED: return "err.auth.locked";
    case AUTH_ERR_FORMAT: return "err.auth.format";
    case AUTH_ERR_HASH: return "err.auth.hash";
    case AUTH_ERR_CRYPTO: return "err.auth.crypto";
    }
    return "err.auth.unknown";
}

static int six_digits(const char *pin)
{
    if (!pin || strlen(pin) != AUTH_PIN_LEN)
        return 0;
    for (int i = 0; i < AUTH_PIN_LEN; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return 0;
    return 1;
}

int auth_pin_check_new(const char *pin)
{
    if (!six_digits(pin))
        return AUTH_ERR_FORMAT;
    int same = 1, up = 1, down = 1;
    for (int i = 1; i < AUTH_PIN_LEN; i++) {
        same &= pin[i] == pin[0];
        up &= pin[i] == pin[i - 1] + 1;
        down &= pin[i] == pin[i - 1] - 1;
    }
    return (same || up || down) ? AUTH_ERR_FORMAT : AUTH_OK;
}

static int init(void) { return sodium_init() < 0 ? AUTH_ERR_CRYPTO : AUTH_OK; }

int auth_pin_hash(const char *pin, char out[AUTH_HASH_MAX])
{
    if (auth_pin_check_new(pin) != AUTH_OK)
        return AUTH_ERR_FORMAT;
    if (init() != AUTH_OK)
        return AUTH_ERR_CRYPTO;
    char tmp[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(tmp, pin, strlen(pin), AUTH_OPSLIMIT, AUTH_MEMLIMIT) != 0)
        return AUTH_ERR_CRYPTO;
    if (strlen(tmp) >= AUTH_HASH_MAX)
        return AUTH_ERR_CRYPTO;
    strcpy(out, tmp);
    return AUTH_OK;
}

int auth_pin_verify(const char *hash, const char *pin)
{
    if (!six_digits(pin))
        return AUTH_ERR_FORMAT;
    if (!hash || strncmp(hash, "$argon2id$", 10) != 0 || strlen(hash) >= crypto_pwhash_STRBYTES)
        return AUTH_ERR_HASH;
    if (init() != AUTH_OK)
        return AUTH_ERR_CRYPTO;
    char tmp[crypto_pwhash_STRBYTES];
    memset(tmp, 0, sizeof tmp);
    strcpy(tmp, hash);
    /* Refuse absurd cost parameters before libsodium tries to allocate them. */
    unsigned long m = 0, t = 0;
    const char *pm = strstr(tmp, "$m="), *pt = strstr(tmp, ",t=");
    if (!pm || !pt)
        return AUTH_ERR_HASH;
    m = strtoul(pm + 3, NULL, 10);
    t = strtoul(pt + 3, NULL, 10);
    if (m < 8 || m > 256u * 1024 || t < 1 || t > 16) /* m in KiB: at most 256 MiB */
        return AUTH_ERR_HASH;
    int rc = crypto_pwhash_str_verify(tmp, pin, strlen(pin));
    if (rc == 0)
        return AUTH_OK;
    /* libsodium returns -1 both for a wrong PIN and a malformed string; tell
     * them apart by whether the string parses as an Argon2id hash at all. */
    return crypto_pwhash_str_needs_rehash(tmp, AUTH_OPSLIMIT, AUTH_MEMLIMIT) == -1 ? AUTH_ERR_HASH
                                                                                  : AUTH_ERR_WRONG;
}

static int delay_for(int failures)
{
    if (failures < AUTH_FREE_TRIES)
        return 0;
    int steps = failures - AUTH_FREE_TRIES;
    long d = AUTH_DELAY_FIRST_S;
    while (steps-- > 0 && d < AUTH_DELAY_MAX_S)
        d *= 2;
    return d > AUTH_DELAY_MAX_S ? AUTH_DELAY_MAX_S : (int)d;
}

int auth_lock_check(const auth_lock *l, int64_t now, int *wait_s)
{
    if (l->locked_until > now) {
        if (wait_s)
            *wait_s = (int)(l->locked_until - now);
        return AUTH_ERR_LOCKED;
    }
    if (wait_s)
        *wait_s = 0;
    return AUTH_OK;
}

int auth_try(auth_lock *l, const char *hash, const char *pin, int64_t now, int *wait_s)
{
    int rc = auth_lock_check(l, now, wait_s);
    if (rc != AUTH_OK)
        return rc;
    rc = auth_pin_verify(hash, pin);
    if (rc == AUTH_OK) {
        l->failures = 0;
        l->locked_until = 0;
    } else if (rc == AUTH_ERR_WRONG || rc == AUTH_ERR_FORMAT) {
        l->failures++;
        int d = delay_for(l->failures);
        l->locked_until = d ? now + d : 0;
        if (wait_s)
            *wait_s = d;
    }
    return rc;
}

int auth_pin_file_save(const char *path, const char *hash)
{
    if (!hash || strncmp(hash, "$argon2id$", 10) != 0 || strlen(hash) >= AUTH_HASH_MAX ||
        strpbrk(hash, "\r\n")) {
        errno = EINVAL;
        return -1;
    }
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return -1;
    size_t len = strlen(hash);
    int ok = write(fd, hash, len) == (ssize_t)len && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
    int e = errno;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, path) != 0) {
        e = ok ? errno : e;
        unlink(tmp);
        errno = e;
        return -1;
    }
    return 0;
}

int auth_pin_file_load(const char *path, char out[AUTH_HASH_MAX])
{
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fgets(out, AUTH_HASH_MAX, f) != NULL;
    fclose(f);
    if (!ok) {
        errno = EINVAL;
        return -1;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return out[0] ? 0 : (errno = EINVAL, -1);
}
