/* keys.c — the device's Ed25519 signing key (made on first use, kept in the
 * data folder), county X25519 key pairs, and keys as hex text files. */
#include "bundle/bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"

#define SIGN_KEY_FILE "bundle-sign.key"
#define SIGN_PUB_FILE "bundle-sign.pub"

void bundle_key_wipe(void *key, size_t len) { sodium_memzero(key, len); }

void bundle_hex_encode(const uint8_t *key, size_t len, char *out)
{
    static const char HEX[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = HEX[key[i] >> 4];
        out[2 * i + 1] = HEX[key[i] & 15];
    }
    out[2 * len] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int bundle_hex_decode(const char *hex, uint8_t *key, size_t len)
{
    if (!hex || !key)
        return -1;
    while (*hex == ' ' || *hex == '\t' || *hex == '\n' || *hex == '\r')
        hex++;
    for (size_t i = 0; i < len; i++) {
        int hi = hexval(hex[2 * i]), lo = hi < 0 ? -1 : hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        key[i] = (uint8_t)(hi << 4 | lo);
    }
    for (const char *p = hex + 2 * len; *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return -1;
    return 0;
}

int bundle_key_write_hex(const char *path, const uint8_t *key, size_t len, int secret, char *err,
                         size_t errlen)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        snprintf(err, errlen, "%s: path too long", path);
        return BUNDLE_ERR_INVALID;
    }
    char *hex = malloc(2 * len + 2);
    if (!hex)
        return BUNDLE_ERR_NOMEM;
    bundle_hex_encode(key, len, hex);
    strcat(hex, "\n");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, secret ? 0600 : 0644);
    int ok = fd >= 0;
    if (ok) {
        size_t n = strlen(hex);
        ok = write(fd, hex, n) == (ssize_t)n && fsync(fd) == 0;
        ok &= close(fd) == 0;
    }
    sodium_memzero(hex, 2 * len + 2);
    free(hex);
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return BUNDLE_ERR_IO;
    }
    return BUNDLE_OK;
}

int bundle_key_read_hex(const char *path, uint8_t *key, size_t len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? BUNDLE_ERR_KEY : BUNDLE_ERR_IO;
    }
    char buf[300];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    int rc = n < sizeof buf - 1 && strlen(buf) == n && bundle_hex_decode(buf, key, len) == 0;
    sodium_memzero(buf, sizeof buf);
    if (!rc) {
        snprintf(err, errlen, "%s: not a key of %zu bytes in hex", path, len);
        return BUNDLE_ERR_KEY;
    }
    return BUNDLE_OK;
}

int bundle_county_keygen(bundle_box_key *out)
{
    if (!out || sodium_init() < 0)
        return BUNDLE_ERR_INVALID;
    return crypto_box_keypair(out->pk, out->sk) == 0 ? BUNDLE_OK : BUNDLE_ERR_NOMEM;
}

int bundle_device_key(const char *dir, bundle_sign_key *out, char *err, size_t errlen)
{
    if (!dir || !*dir || !out)
        return BUNDLE_ERR_INVALID;
    if (sodium_init() < 0)
        return BUNDLE_ERR_NOMEM;
    char path[PATH_MAX], pub[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, SIGN_KEY_FILE) >= (int)sizeof path ||
        snprintf(pub, sizeof pub, "%s/%s", dir, SIGN_PUB_FILE) >= (int)sizeof pub) {
        snprintf(err, errlen, "%s: path too long", dir);
        return BUNDLE_ERR_INVALID;
    }
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (sb.st_mode & 077) {
            snprintf(err, errlen, "%s: readable by others (mode %o); expected 0600", path,
                     (unsigned)(sb.st_mode & 0777));
            return BUNDLE_ERR_KEY;
        }
        int rc = bundle_key_read_hex(path, out->sk, sizeof out->sk, err, errlen);
        if (rc != BUNDLE_OK)
            return rc;
        uint8_t derived[BUNDLE_PK_LEN];
        crypto_sign_ed25519_sk_to_pk(derived, out->sk);
        uint8_t seed[crypto_sign_SEEDBYTES], pk2[BUNDLE_PK_LEN], sk2[BUNDLE_SIGN_SK_LEN];
        crypto_sign_ed25519_sk_to_seed(seed, out->sk);
        crypto_sign_seed_keypair(pk2, sk2, seed);
        int same = sodium_memcmp(pk2, derived, sizeof pk2) == 0;
        sodium_memzero(seed, sizeof seed);
        sodium_memzero(sk2, sizeof sk2);
        if (!same) {
            bundle_key_wipe(out, sizeof *out);
            snprintf(err, errlen, "%s: the key's two halves do not match", path);
            return BUNDLE_ERR_KEY;
        }
        memcpy(out->pk, derived, sizeof out->pk);
        return BUNDLE_OK;
    } else if (errno != ENOENT) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return BUNDLE_ERR_IO;
    }
    crypto_sign_keypair(out->pk, out->sk);
    int rc = bundle_key_write_hex(path, out->sk, sizeof out->sk, 1, err, errlen);
    if (rc == BUNDLE_OK)
        rc = bundle_key_write_hex(pub, out->pk, sizeof out->pk, 0, err, errlen);
    if (rc != BUNDLE_OK) {
        bundle_key_wipe(out, sizeof *out);
        return rc;
    }
    char hex[2 * BUNDLE_PK_LEN + 1];
    bundle_hex_encode(out->pk, BUNDLE_PK_LEN, hex);
    core_log(CORE_LOG_INFO, "bundle", "created the device signing key (public %.16s…)", hex);
    return BUNDLE_OK;
}
