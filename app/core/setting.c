/* setting.c — checks of a setting a person gives (setting.h). */
#include "core/setting.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 if der (n bytes) is one DER SEQUENCE of exactly n bytes whose first
 * element is a SEQUENCE too: the outline of an X.509 certificate (its
 * signed part first). */
static int der_certificate(const unsigned char *der, size_t n)
{
    if (n < 4 || der[0] != 0x30)
        return 0;
    size_t len = der[1], hdr = 2;
    if (len & 0x80) {
        size_t k = len & 0x7f;
        if (k < 1 || k > 4 || n < 2 + k)
            return 0;
        len = 0;
        for (size_t i = 0; i < k; i++)
            len = len << 8 | der[2 + i];
        hdr = 2 + k;
    }
    return hdr + len == n && n > hdr && der[hdr] == 0x30;
}

int core_setting_blank(const char *v)
{
    for (const char *p = v ? v : ""; *p;) {
        if (*p == ' ')
            p++;
        else if (!strncmp(p, "\xe3\x80\x80", 3)) /* U+3000, the full-width space */
            p += 3;
        else
            return 0;
    }
    return 1;
}

int core_setting_certificate(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    enum { B64_MAX = 64 * 1024 };
    char line[256], *b64 = malloc(B64_MAX);
    size_t n = 0;
    int in = 0, found = 0, over = 0;
    long read = 0;
    while (b64 && !found && read < (1L << 20) && fgets(line, sizeof line, f)) {
        read += (long)strlen(line);
        if (!strncmp(line, "-----BEGIN CERTIFICATE-----", 27)) {
            in = 1;
            n = 0;
            over = 0;
        } else if (in && !strncmp(line, "-----END CERTIFICATE-----", 25)) {
            /* the lines between, base64 of a DER certificate (a marker
             * around anything else was taken) */
            unsigned char *der = over ? NULL : malloc(n);
            size_t dn = 0;
            found = der && sodium_base642bin(der, n, b64, n, " \t\r\n", &dn, NULL,
                                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
                    der_certificate(der, dn);
            free(der);
            in = 0;
        } else if (in) {
            size_t l = strlen(line);
            if (n + l > B64_MAX)
                over = 1;
            else
                memcpy(b64 + n, line, l), n += l;
        }
    }
    int bad = ferror(f) || !b64;
    free(b64);
    fclose(f);
    return bad ? -1 : found;
}

/* 1 if v is 64 hex digits (a 32-byte key). */
static int hex_key(const char *v)
{
    size_t n = strlen(v);
    for (size_t i = 0; i < n; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f') ||
              (v[i] >= 'A' && v[i] <= 'F')))
            return 0;
    return n == 64;
}

int core_setting_check(const char *key, const char *value, char *why, size_t whylen)
{
    const char *v = value ? value : "";
    const char *bad = NULL;
    char buf[600];
    if (!strcmp(key, "platform.ca_file") && v[0]) {
        int rc = core_setting_certificate(v);
        if (rc != 1) { /* a file the program cannot read, or no certificate in it */
            snprintf(buf, sizeof buf, "%s: %s", v,
                     rc < 0 ? strerror(errno) : "no PEM certificate in it");
            bad = buf;
        }
    } else if (!strcmp(key, "station.name") && core_setting_blank(v)) {
        bad = "the station name is empty"; /* over every screen and on every slip */
    } else if (!strcmp(key, "bundle.county_pk") && v[0] && !hex_key(v)) {
        bad = "not 64 hex digits (the county's X25519 public key)";
    }
    if (!bad)
        return 0;
    if (why && whylen)
        snprintf(why, whylen, "%s: %s", key, bad);
    return -1;
}

int core_setting_copy_ca(const char *from, const char *data_dir, char *out, size_t n)
{
    char tmp[4200], abs_dir[PATH_MAX];
    const char *dir = data_dir && *data_dir ? data_dir : ".";
    /* the path saved names the folder wherever the kiosk starts from: a
     * relative --data (cunzhan-admin run in its parent) saved a path that
     * read another folder from the service's own working directory */
    if (dir[0] != '/' && realpath(dir, abs_dir))
        dir = abs_dir;
    int w = snprintf(out, n, "%s/%s", dir, CORE_SETTING_CA_NAME);
    if (w < 0 || (size_t)w >= n || snprintf(tmp, sizeof tmp, "%s.tmp", out) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    FILE *in = fopen(from, "rb");
    if (!in)
        return -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        int e = errno;
        fclose(in);
        errno = e;
        return -1;
    }
    char buf[4096];
    size_t got, total = 0;
    int ok = 1, e = 0;
    while (ok && (got = fread(buf, 1, sizeof buf, in)) > 0) {
        ok = write(fd, buf, got) == (ssize_t)got;
        total += got;
        if (total > (1u << 20)) { /* a certificate bundle, not a disk image */
            ok = 0;
            e = EFBIG;
        }
    }
    ok &= !ferror(in);
    fclose(in);
    struct stat st;
    /* the service reads it, not root; where it cannot be given the copy
     * stands all the same, root's, and the caller says which chown to run
     * (it had said only "not copied") */
    if (ok && geteuid() == 0 && stat(dir, &st) == 0 && st.st_uid != 0 &&
        fchown(fd, st.st_uid, st.st_gid) != 0)
        errno = 0;
    ok &= fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, out) != 0) {
        e = e ? e : errno ? errno : EIO;
        unlink(tmp);
        errno = e;
        return -1;
    }
    return 0;
}
