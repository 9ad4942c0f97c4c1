/* catalog.c — signed catalogue updates: manifest, staging, checks, publishing. */
#include "sync/catalog.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"

#define MANIFEST_FILE "MANIFEST"
#define SIG_FILE "MANIFEST.sig"
#define MANIFEST_MAX (64u << 10)

typedef struct {
    char name[SYNC_CAT_NAME_MAX + 1];
    int64_t size;
    char sha256[65];
} cat_file;

struct sync_cat_manifest {
    int version;
    int needs; /* the level of the form language it needs (1 when not said) */
    cat_file *files;
    size_t n;
    char *text; /* the signed bytes */
    size_t text_len;
    char sig[2 * crypto_sign_BYTES + 1];
};

const char *sync_cat_strerror(int code)
{
    switch (code) {
    case SYNC_CAT_OK: return "ok";
    case SYNC_CAT_UNCHANGED: return "unchanged";
    case SYNC_CAT_ERR_NOMEM: return "out of memory";
    case SYNC_CAT_ERR_MALFORMED: return "malformed catalogue manifest";
    case SYNC_CAT_ERR_SIGNATURE: return "catalogue signature missing or not the county's";
    case SYNC_CAT_ERR_OLDER: return "catalogue version not newer than the one in use";
    case SYNC_CAT_ERR_HASH: return "catalogue file does not match its size or sha256";
    case SYNC_CAT_ERR_NET: return "catalogue download failed";
    case SYNC_CAT_ERR_IO: return "catalogue could not be written or read in the data folder";
    case SYNC_CAT_ERR_REFUSED: return "catalogue refused by the form loader";
    case SYNC_CAT_ERR_NONE: return "no published catalogue";
    case SYNC_CAT_ERR_LEVEL: return "catalogue needs a newer firmware";
    }
    return "unknown catalogue error";
}

static int fail(int code, char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return code;
}

int sync_cat_key_parse(const char *hex, unsigned char pk[SYNC_CAT_PK_LEN])
{
    size_t bin = 0;
    if (!hex || strlen(hex) != 2 * SYNC_CAT_PK_LEN ||
        sodium_hex2bin(pk, SYNC_CAT_PK_LEN, hex, strlen(hex), NULL, &bin, NULL) != 0 ||
        bin != SYNC_CAT_PK_LEN)
        return -1;
    return 0;
}

/* A name in the catalogue folder: "<seg>.json" or "settings/<seg>.json",
 * seg of [a-z0-9_.-] not starting with a dot. */
static int name_ok(const char *name)
{
    size_t len = strlen(name);
    if (len < 6 || len > SYNC_CAT_NAME_MAX || strcmp(name + len - 5, ".json"))
        return 0;
    const char *seg = name;
    if (!strncmp(name, "settings/", 9))
        seg = name + 9;
    if (seg[0] == '.' || !strcmp(seg, ".json"))
        return 0;
    for (const char *p = seg; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
              *p == '.'))
            return 0;
    return 1;
}

static int hex64_ok(const char *s)
{
    if (!s || strlen(s) != 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

void sync_cat_manifest_free(sync_cat_manifest *m)
{
    if (!m)
        return;
    free(m->files);
    free(m->text);
    free(m);
}

/* Reads the manifest text (already verified) into m. */
static int read_manifest(sync_cat_manifest *m, char *err, size_t errlen)
{
    cJSON *o = cJSON_ParseWithLength(m->text, m->text_len);
    if (!o || !cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "manifest: not a JSON object");
    }
    int rc = SYNC_CAT_OK;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "version");
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(o, "files");
    int nf = cJSON_IsArray(files) ? cJSON_GetArraySize(files) : -1;
    if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 2000000000.0 ||
        v->valuedouble != (double)(int)v->valuedouble) {
        rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "manifest: field 'version': not a whole number 1..2000000000");
        goto out;
    }
    if (nf < 1 || nf > SYNC_CAT_MAX_FILES) {
        rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "manifest: field 'files': not a list of 1..%d files",
                  SYNC_CAT_MAX_FILES);
        goto out;
    }
    const cJSON *needs = cJSON_GetObjectItemCaseSensitive(o, "needs");
    if (needs && (!cJSON_IsNumber(needs) || needs->valuedouble < 1 || needs->valuedouble > 1000 ||
                  needs->valuedouble != (double)(int)needs->valuedouble)) {
        rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "manifest: field 'needs': not a whole number 1..1000");
        goto out;
    }
    m->needs = needs ? needs->valueint : 1;
    m->version = v->valueint;
    m->files = calloc((size_t)nf, sizeof *m->files);
    if (!m->files) {
        rc = fail(SYNC_CAT_ERR_NOMEM, err, errlen, "out of memory");
        goto out;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, files) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
        const cJSON *size = cJSON_GetObjectItemCaseSensitive(f, "size");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(f, "sha256");
        size_t i = m->n;
        if (!cJSON_IsString(name) || !name_ok(name->valuestring)) {
            rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "manifest: file %zu: field 'name': not a catalogue file name", i);
            goto out;
        }
        if (!cJSON_IsNumber(size) || size->valuedouble < 1 || size->valuedouble > SYNC_CAT_FILE_MAX ||
            size->valuedouble != (double)(int64_t)size->valuedouble) {
            rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "manifest: file '%s': field 'size': not 1..%u bytes",
                      name->valuestring, SYNC_CAT_FILE_MAX);
            goto out;
        }
        if (!cJSON_IsString(sha) || !hex64_ok(sha->valuestring)) {
            rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "manifest: file '%s': field 'sha256': not 64 lowercase hex",
                      name->valuestring);
            goto out;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(m->files[j].name, name->valuestring)) {
                rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "manifest: file '%s' listed twice",
                          name->valuestring);
                goto out;
            }
        snprintf(m->files[i].name, sizeof m->files[i].name, "%s", name->valuestring);
        m->files[i].size = (int64_t)size->valuedouble;
        memcpy(m->files[i].sha256, sha->valuestring, 65);
        m->n++;
    }
out:
    cJSON_Delete(o);
    return rc;
}

/* Verifies sig_hex over text with pk, then reads it. Takes text. */
static int manifest_from(char *text, size_t len, const char *sig_hex,
                         const unsigned char pk[SYNC_CAT_PK_LEN], sync_cat_manifest **out,
                         char *err, size_t errlen)
{
    *out = NULL;
    unsigned char sig[crypto_sign_BYTES];
    size_t bin = 0;
    if (!sig_hex || strlen(sig_hex) != 2 * crypto_sign_BYTES ||
        sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &bin, NULL) != 0 ||
        bin != sizeof sig) {
        free(text);
        return fail(SYNC_CAT_ERR_SIGNATURE, err, errlen, "manifest: no signature (128 hex characters)");
    }
    if (crypto_sign_verify_detached(sig, (const unsigned char *)text, len, pk) != 0) {
        free(text);
        return fail(SYNC_CAT_ERR_SIGNATURE, err, errlen, "manifest: the signature is not the county key's");
    }
    sync_cat_manifest *m = calloc(1, sizeof *m);
    if (!m) {
        free(text);
        return fail(SYNC_CAT_ERR_NOMEM, err, errlen, "out of memory");
    }
    m->text = text;
    m->text_len = len;
    snprintf(m->sig, sizeof m->sig, "%s", sig_hex);
    int rc = read_manifest(m, err, errlen);
    if (rc) {
        sync_cat_manifest_free(m);
        return rc;
    }
    *out = m;
    return SYNC_CAT_OK;
}

int sync_cat_manifest_parse(const char *reply, size_t len, const unsigned char pk[SYNC_CAT_PK_LEN],
                            sync_cat_manifest **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!reply || len == 0 || len > MANIFEST_MAX * 2)
        return fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "catalogue reply: empty or over %u bytes",
                    MANIFEST_MAX * 2);
    cJSON *o = cJSON_ParseWithLength(reply, len);
    if (!o || !cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "catalogue reply: not a JSON object");
    }
    const cJSON *man = cJSON_GetObjectItemCaseSensitive(o, "manifest");
    const cJSON *sig = cJSON_GetObjectItemCaseSensitive(o, "signature");
    int rc;
    if (!cJSON_IsString(man) || !*man->valuestring || strlen(man->valuestring) > MANIFEST_MAX) {
        rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "catalogue reply: field 'manifest': not a text of 1..%u bytes",
                  MANIFEST_MAX);
    } else if (!cJSON_IsString(sig)) {
        rc = fail(SYNC_CAT_ERR_SIGNATURE, err, errlen, "catalogue reply: unsigned (no field 'signature')");
    } else {
        char *text = strdup(man->valuestring);
        rc = text ? manifest_from(text, strlen(text), sig->valuestring, pk, out, err, errlen)
                  : fail(SYNC_CAT_ERR_NOMEM, err, errlen, "out of memory");
    }
    cJSON_Delete(o);
    return rc;
}

/* ---- files ---- */

static int join(char *out, size_t n, const char *a, const char *b)
{
    return snprintf(out, n, "%s/%s", a, b) < (int)n ? 0 : -1;
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Writes data to path (created or replaced in place; the folder is not yet
 * published) and fsyncs it. */
static int write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    int rc = fsync(fd);
    return close(fd) == 0 && rc == 0 ? 0 : -1;
}

/* The whole file (at most max bytes) into *data (malloc'd, NUL-terminated). */
static int read_file(const char *path, size_t max, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int bad = !buf || ferror(f) || n > max;
    fclose(f);
    if (bad) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

static void sha_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* 1 if the file at path has size bytes hashing to sha. */
static int file_matches(const char *path, int64_t size, const char *sha)
{
    char *data;
    size_t len;
    if (read_file(path, SYNC_CAT_FILE_MAX, &data, &len) != 0)
        return 0;
    char h[65];
    sha_hex(data, len, h);
    free(data);
    return (int64_t)len == size && !strcmp(h, sha);
}

/* Removes a folder of the catalogue (files and one level of sub-folders). */
static int remove_tree(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return errno == ENOENT ? 0 : -1;
    struct dirent *e;
    char path[PATH_MAX];
    int rc = 0;
    while ((e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (join(path, sizeof path, dir, e->d_name) != 0) {
            rc = -1;
            continue;
        }
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            rc |= remove_tree(path);
        else if (unlink(path) != 0)
            rc = -1;
    }
    closedir(dp);
    return rmdir(dir) == 0 ? rc : -1;
}

/* The version `current` names, 0 if none (or unreadable). */
static int current_version(const char *root, int64_t *mtime_ms)
{
    char path[PATH_MAX], buf[32];
    if (join(path, sizeof path, root, "current") != 0)
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int v = 0;
    if (fgets(buf, sizeof buf, f)) {
        char *end;
        long n = strtol(buf, &end, 10);
        if (end != buf && (*end == '\n' || !*end) && n > 0 && n <= 2000000000L)
            v = (int)n;
    }
    struct stat sb;
    if (mtime_ms && fstat(fileno(f), &sb) == 0)
        *mtime_ms = (int64_t)sb.st_mtime * 1000;
    fclose(f);
    return v;
}

/* Writes `current` = version: current.tmp, fsync, rename, fsync root. */
static int set_current(const char *root, int version)
{
    char path[PATH_MAX], tmp[PATH_MAX], line[32];
    if (join(path, sizeof path, root, "current") != 0 ||
        join(tmp, sizeof tmp, root, "current.tmp") != 0)
        return -1;
    int n = snprintf(line, sizeof line, "%d\n", version);
    if (write_file(tmp, line, (size_t)n) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return fsync_path(root);
}

/* Reads and verifies the manifest of a published folder. */
static int load_published(const char *dir, const unsigned char pk[SYNC_CAT_PK_LEN],
                          sync_cat_manifest **out, char *err, size_t errlen)
{
    char path[PATH_MAX], *text, *sig;
    size_t len, slen;
    *out = NULL;
    if (join(path, sizeof path, dir, MANIFEST_FILE) != 0 ||
        read_file(path, MANIFEST_MAX, &text, &len) != 0)
        return fail(SYNC_CAT_ERR_IO, err, errlen, "%s: cannot read the manifest", dir);
    if (join(path, sizeof path, dir, SIG_FILE) != 0 || read_file(path, 256, &sig, &slen) != 0) {
        free(text);
        return fail(SYNC_CAT_ERR_SIGNATURE, err, errlen, "%s: no signature", dir);
    }
    sig[strcspn(sig, "\r\n")] = '\0';
    int rc = manifest_from(text, len, sig, pk, out, err, errlen);
    free(sig);
    return rc;
}

/* Every file of m in dir, by size and sha256. */
static int check_files(const char *dir, const sync_cat_manifest *m, char *err, size_t errlen)
{
    char path[PATH_MAX];
    for (size_t i = 0; i < m->n; i++)
        if (join(path, sizeof path, dir, m->files[i].name) != 0 ||
            !file_matches(path, m->files[i].size, m->files[i].sha256))
            return fail(SYNC_CAT_ERR_HASH, err, errlen, "%s: file '%s' does not match the manifest",
                        dir, m->files[i].name);
    return SYNC_CAT_OK;
}

int sync_cat_current(const char *root, const unsigned char pk[SYNC_CAT_PK_LEN], int *version,
                     char *dir, size_t dirlen, int64_t *published_ms, char *err, size_t errlen)
{
    int64_t ms = 0;
    int v = current_version(root, &ms);
    *version = 0;
    if (!v)
        return fail(SYNC_CAT_ERR_NONE, err, errlen, "no published catalogue");
    char name[16];
    snprintf(name, sizeof name, "%d", v);
    if (join(dir, dirlen, root, name) != 0)
        return fail(SYNC_CAT_ERR_IO, err, errlen, "catalogue path too long");
    sync_cat_manifest *m;
    int rc = load_published(dir, pk, &m, err, errlen);
    if (rc == SYNC_CAT_OK && m->version != v)
        rc = fail(SYNC_CAT_ERR_MALFORMED, err, errlen, "%s: its manifest says version %d", dir,
                  m->version);
    if (rc == SYNC_CAT_OK)
        rc = check_files(dir, m, err, errlen);
    sync_cat_manifest_free(m);
    if (rc == SYNC_CAT_OK) {
        *version = v;
        if (published_ms)
            *published_ms = ms;
    }
    return rc;
}

/* Puts file f of the new manifest into staging: copied from a folder that
 * already has the same bytes, else downloaded; checked either way. */
static int stage_file(proto_client *c, int version, const cat_file *f, const char *staging,
                      const char *have1, const char *have2, proto_result *res, char *err,
                      size_t errlen)
{
    char path[PATH_MAX], to[PATH_MAX];
    if (join(to, sizeof to, staging, f->name) != 0)
        return fail(SYNC_CAT_ERR_IO, err, errlen, "catalogue path too long");
    const char *have[2] = {have1, have2};
    char *data = NULL;
    size_t len = 0;
    for (int i = 0; i < 2 && !data; i++)
        if (have[i] && join(path, sizeof path, have[i], f->name) == 0 &&
            file_matches(path, f->size, f->sha256) &&
            read_file(path, SYNC_CAT_FILE_MAX, &data, &len) != 0)
            data = NULL;
    if (!data) {
        proto_result r;
        int k = proto_client_catalogue_file(c, f->name, version, &data, &len, &r);
        if (res)
            *res = r;
        if (k != PROTO_RES_OK)
            return fail(SYNC_CAT_ERR_NET, err, errlen, "file '%s': %s", f->name, r.message);
    }
    char h[65];
    sha_hex(data, len, h);
    int rc = SYNC_CAT_OK;
    if ((int64_t)len != f->size || strcmp(h, f->sha256))
        rc = fail(SYNC_CAT_ERR_HASH, err, errlen, "file '%s': %zu bytes, sha256 %.12s…, the manifest says %lld, %.12s…",
                  f->name, len, h, (long long)f->size, f->sha256);
    else if (write_file(to, data, len) != 0)
        rc = fail(SYNC_CAT_ERR_IO, err, errlen, "%s: %s", to, strerror(errno));
    free(data);
    return rc;
}

int sync_cat_update(proto_client *c, const sync_cat_opts *o, int *version, proto_result *res,
                    char *err, size_t errlen)
{
    if (version)
        *version = 0;
    if (res)
        memset(res, 0, sizeof *res);
    if (mkdir(o->root, 0755) != 0 && errno != EEXIST)
        return fail(SYNC_CAT_ERR_IO, err, errlen, "%s: %s", o->root, strerror(errno));
    int cur = current_version(o->root, NULL);
    char *body = NULL;
    size_t len = 0;
    proto_result r;
    int reads = o->reads > 0 ? o->reads : 1;
    int k = proto_client_catalogue(c, cur, reads, &body, &len, &r);
    if (res)
        *res = r;
    if (k == PROTO_RES_FINAL && r.http_status == 404) /* a county that publishes none */
        return fail(SYNC_CAT_ERR_NONE, err, errlen, "manifest: %s", r.message);
    if (k != PROTO_RES_OK)
        return fail(SYNC_CAT_ERR_NET, err, errlen, "manifest: %s", r.message);
    if (!body)
        return SYNC_CAT_UNCHANGED;
    sync_cat_manifest *m;
    int rc = sync_cat_manifest_parse(body, len, o->pk, &m, err, errlen);
    free(body);
    if (rc)
        return rc;
    if (m->version <= cur) {
        rc = fail(SYNC_CAT_ERR_OLDER, err, errlen, "manifest: version %d, the kiosk has %d",
                  m->version, cur);
        sync_cat_manifest_free(m);
        return rc;
    }
    if (m->needs > reads) { /* nothing downloaded: the loader could not read it */
        rc = fail(SYNC_CAT_ERR_LEVEL, err, errlen,
                  "manifest: version %d needs form language level %d, this kiosk reads level %d",
                  m->version, m->needs, reads);
        sync_cat_manifest_free(m);
        return rc;
    }
    char staging[PATH_MAX], curdir[PATH_MAX], path[PATH_MAX], name[16];
    snprintf(name, sizeof name, "%d", cur);
    if (join(staging, sizeof staging, o->root, "staging") != 0 ||
        join(curdir, sizeof curdir, o->root, name) != 0) {
        sync_cat_manifest_free(m);
        return fail(SYNC_CAT_ERR_IO, err, errlen, "catalogue path too long");
    }
    /* a staging folder left by a failed or killed attempt is never trusted */
    if (remove_tree(staging) != 0 || mkdir(staging, 0755) != 0) {
        sync_cat_manifest_free(m);
        return fail(SYNC_CAT_ERR_IO, err, errlen, "%s: %s", staging, strerror(errno));
    }
    for (size_t i = 0; i < m->n && rc == SYNC_CAT_OK; i++) {
        if (!strncmp(m->files[i].name, "settings/", 9) && join(path, sizeof path, staging, "settings") == 0 &&
            mkdir(path, 0755) != 0 && errno != EEXIST)
            rc = fail(SYNC_CAT_ERR_IO, err, errlen, "%s: %s", path, strerror(errno));
        if (rc == SYNC_CAT_OK)
            rc = stage_file(c, m->version, &m->files[i], staging, cur ? curdir : NULL, o->builtin,
                            res, err, errlen);
    }
    if (rc == SYNC_CAT_OK) {
        char sig[2 * crypto_sign_BYTES + 2];
        snprintf(sig, sizeof sig, "%s\n", m->sig);
        if (join(path, sizeof path, staging, MANIFEST_FILE) != 0 ||
            write_file(path, m->text, m->text_len) != 0 ||
            join(path, sizeof path, staging, SIG_FILE) != 0 ||
            write_file(path, sig, strlen(sig)) != 0 ||
            (join(path, sizeof path, staging, "settings") == 0 && access(path, F_OK) == 0 &&
             fsync_path(path) != 0) ||
            fsync_path(staging) != 0)
            rc = fail(SYNC_CAT_ERR_IO, err, errlen, "%s: %s", staging, strerror(errno));
    }
    if (rc == SYNC_CAT_OK && o->validate) {
        char why[400];
        why[0] = '\0';
        if (o->validate(o->ud, staging, why, sizeof why) != 0)
            rc = fail(SYNC_CAT_ERR_REFUSED, err, errlen, "version %d: %s", m->version, why);
    }
    char dest[PATH_MAX];
    snprintf(name, sizeof name, "%d", m->version);
    if (rc == SYNC_CAT_OK && join(dest, sizeof dest, o->root, name) != 0)
        rc = fail(SYNC_CAT_ERR_IO, err, errlen, "catalogue path too long");
    if (rc == SYNC_CAT_OK) {
        /* a folder of this version that `current` never named (an attempt
         * killed between rename and pointer) is replaced */
        if (remove_tree(dest) != 0 || rename(staging, dest) != 0 || fsync_path(o->root) != 0 ||
            set_current(o->root, m->version) != 0)
            rc = fail(SYNC_CAT_ERR_IO, err, errlen, "%s: %s", dest, strerror(errno));
    }
    if (rc != SYNC_CAT_OK)
        remove_tree(staging); /* the catalogue in use stays */
    else if (version)
        *version = m->version;
    sync_cat_manifest_free(m);
    return rc;
}

static int cmp_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

size_t sync_cat_older(const char *root, int *versions, size_t max)
{
    int cur = current_version(root, NULL);
    DIR *dp = opendir(root);
    size_t n = 0;
    if (!dp)
        return 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL && n < max) {
        char *end;
        long v = strtol(e->d_name, &end, 10);
        if (end != e->d_name && !*end && v > 0 && v < cur)
            versions[n++] = (int)v;
    }
    closedir(dp);
    qsort(versions, n, sizeof *versions, cmp_desc);
    return n;
}

int sync_cat_prune(const char *root, int (*keep)(void *ud, const char *dir), void *ud)
{
    int versions[256];
    size_t n = sync_cat_older(root, versions, 256);
    char dir[PATH_MAX], name[16];
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%d", versions[i]);
        if (join(dir, sizeof dir, root, name) != 0 || (keep && keep(ud, dir)))
            continue;
        if (remove_tree(dir) != 0)
            rc = -1;
        else
            core_log(CORE_LOG_INFO, "sync", "catalogue version %d removed (no draft needs it)",
                     versions[i]);
    }
    return rc;
}
