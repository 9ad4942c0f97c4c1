/* overrides.c — the data folder's settings file (overrides.h). */
#include "core/overrides.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int core_overrides_path(const char *data_dir, char *out, size_t n)
{
    int w = snprintf(out, n, "%s/%s", data_dir && *data_dir ? data_dir : ".", CORE_OVERRIDES_NAME);
    return w > 0 && (size_t)w < n ? 0 : -1;
}

int core_overrides_load(core_config *cfg, const char *path, int *unknown,
                        core_config_fault *first_unknown, char *err, size_t errlen)
{
    if (unknown)
        *unknown = 0;
    if (first_unknown)
        memset(first_unknown, 0, sizeof *first_unknown);
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return 0;
    return core_config_load_file_skip_unknown(cfg, path, unknown, first_unknown, err, errlen);
}

/* The whole file at path (NUL bytes and all) into *out, *len; -1 with errno
 * (EFBIG: more than core_config_load_file reads). */
static int read_all(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap + 1);
    int e = buf ? 0 : ENOMEM;
    while (!e) {
        n += fread(buf + n, 1, cap - n, f);
        if (n > CORE_CONFIG_MAX_BYTES) {
            e = EFBIG;
            break;
        }
        if (n < cap) {
            e = ferror(f) ? EIO : 0;
            break;
        }
        char *g = realloc(buf, cap * 2 + 1);
        if (!g) {
            e = ENOMEM;
            break;
        }
        buf = g;
        cap *= 2;
    }
    fclose(f);
    if (e) {
        free(buf);
        errno = e;
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

/* Whether text[0..len) loads whole, by the rules of core_config_load_file
 * (no NUL byte, not too big, every line). */
static int loads_whole(const char *text, size_t len)
{
    if (strlen(text) != len || len > CORE_CONFIG_MAX_BYTES)
        return 0;
    core_config *probe = core_config_new();
    int ok = probe && core_config_load_string(probe, text, "settings", NULL, 0) == 0;
    core_config_free(probe);
    return ok;
}

/* The lines of text[0..len) that load on their own into cfg (NULL: a probe),
 * appended to keep (NULL: not kept, else a buffer of len + 2 bytes); the
 * number left out. Each line is read where it stands in the file: a
 * byte-order mark is allowed on line 1 only, as the whole-file load does. */
static int good_lines(core_config *cfg, const char *text, size_t len, char *keep)
{
    core_config *probe = cfg ? NULL : core_config_new();
    core_config *into = cfg ? cfg : probe;
    int left_out = 0;
    size_t k = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t l = nl ? (size_t)(nl - (text + at)) : len - at;
        /* after line 1: a line break first, so the line is line 2 */
        size_t pre = at > 0 ? 1 : 0;
        char *line = malloc(pre + l + 1);
        if (line) {
            line[0] = '\n';
            memcpy(line + pre, text + at, l);
            line[pre + l] = '\0';
        }
        if (line && strlen(line + pre) == l && into &&
            core_config_load_string(into, line, "settings", NULL, 0) == 0) {
            if (keep) {
                memcpy(keep + k, line + pre, l);
                k += l;
                keep[k++] = '\n';
            }
        } else {
            left_out++;
        }
        free(line);
        at += l + 1;
    }
    if (keep)
        keep[k] = '\0';
    core_config_free(probe);
    return left_out;
}

int core_overrides_salvage(core_config *cfg, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    if (read_all(path, &text, &len) != 0)
        return errno == ENOENT ? 0 : -1;
    int n = good_lines(cfg, text, len, NULL);
    free(text);
    return n;
}

/* Writes len bytes to path (temp, fsync, rename), mode 0600. */
static int write_bytes(const char *path, const char *bytes, size_t len, char *err, size_t errlen)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        snprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        return -1;
    }
    int ok = write(fd, bytes, len) == (ssize_t)len && fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* The whole file at path renamed to aside (no need to read it, nor room on
 * the disk): the kiosk runs on the conffile. */
static int move_aside(const char *path, const char *aside, int *moved, char *err, size_t errlen)
{
    if (rename(path, aside) != 0) {
        snprintf(err, errlen, "%s: cannot move aside: %s", path, strerror(errno));
        return -1;
    }
    if (moved)
        *moved = 1;
    return 0;
}

int core_overrides_drop_bad(const char *path, const char *aside, int *dropped, int *moved,
                            char *err, size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    if (dropped)
        *dropped = 0;
    if (moved)
        *moved = 0;
    if (!aside) {
        snprintf(err, errlen, "%s: no name to keep it under", path);
        return -1;
    }
    if (read_all(path, &text, &len) != 0) /* unreadable, or too big */
        return errno == ENOENT ? 0 : move_aside(path, aside, moved, err, errlen);
    char *keep = malloc(len + 2);
    int n = keep ? good_lines(NULL, text, len, keep) : -1;
    int rc = 0;
    if (n < 0) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    } else if (loads_whole(text, len)) {
        rc = 0; /* nothing to drop */
    } else if (n == 0 || !loads_whole(keep, strlen(keep))) {
        rc = move_aside(path, aside, moved, err, errlen); /* no lines to tell apart */
    } else {
        rc = write_bytes(aside, text, len, err, errlen);
        if (rc == 0)
            rc = write_bytes(path, keep, strlen(keep), err, errlen);
        if (rc == 0 && dropped)
            *dropped = n;
        if (rc != 0) /* a full disk: the file as it was goes aside all the same */
            rc = move_aside(path, aside, moved, err, errlen);
    }
    free(keep);
    free(text);
    return rc;
}

/* Whether line (a "key = value" line) sets key. */
static int line_sets(const char *line, const char *key)
{
    while (*line == ' ' || *line == '\t')
        line++;
    if (!strncmp(line, "\xef\xbb\xbf", 3)) /* a byte-order mark, where two files were joined */
        line += 3;
    while (*line == ' ' || *line == '\t')
        line++;
    size_t k = strlen(key);
    if (strncmp(line, key, k) != 0)
        return 0;
    line += k;
    while (*line == ' ' || *line == '\t')
        line++;
    return *line == '=';
}

/* The file's text with the lines of keys[0..n) replaced (or appended) by
 * those keys = values; malloc'd or NULL. */
static char *with_keys(const char *path, const char *const *keys, const char *const *values,
                       size_t n, char *err, size_t errlen)
{
    size_t cap = 4096, len = 0;
    char *out = malloc(cap), line[1024];
    if (!out) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f && errno != ENOENT) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        free(out);
        return NULL;
    }
    if (!f) {
        len = (size_t)snprintf(out, cap, "# settings changed on this kiosk (override %s)\n",
                               "the conffile");
    }
    while (f && fgets(line, sizeof line, f)) {
        int replaced = 0;
        for (size_t i = 0; i < n; i++)
            replaced |= line_sets(line, keys[i]);
        if (replaced)
            continue;
        size_t l = strlen(line);
        int nl = l && line[l - 1] == '\n' ? 0 : 1;
        if (len + l + 2 > cap) {
            char *g = realloc(out, cap = (cap + l) * 2);
            if (!g) {
                free(out);
                fclose(f);
                snprintf(err, errlen, "out of memory");
                return NULL;
            }
            out = g;
        }
        memcpy(out + len, line, l);
        len += l;
        if (nl)
            out[len++] = '\n';
        out[len] = '\0';
    }
    if (f)
        fclose(f);
    for (size_t i = 0; i < n; i++) {
        size_t add = strlen(keys[i]) + strlen(values[i]) + 8;
        if (len + add > cap) {
            char *g = realloc(out, cap = len + add);
            if (!g) {
                free(out);
                snprintf(err, errlen, "out of memory");
                return NULL;
            }
            out = g;
        }
        len += (size_t)snprintf(out + len, cap - len, "%s = %s\n", keys[i], values[i]);
    }
    return out;
}

static int write_atomic(const char *path, const char *text, char *err, size_t errlen)
{
    return write_bytes(path, text, strlen(text), err, errlen);
}

int core_overrides_set(core_config *cfg, const char *path, const char *key, const char *value,
                       char *err, size_t errlen)
{
    return core_overrides_set_many(cfg, path, &key, &value, 1, err, errlen);
}

int core_overrides_set_many(core_config *cfg, const char *path, const char *const *keys,
                            const char *const *values, size_t n, char *err, size_t errlen)
{
    char **old = calloc(n ? n : 1, sizeof *old);
    if (!old) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t set = 0; /* keys[0..set) hold their new values in cfg */
    int rc = 0;
    for (; set < n && rc == 0; set++) {
        const char *cur = core_config_get(cfg, keys[set]);
        if (strpbrk(values[set], "\r\n")) {
            snprintf(err, errlen, "%s: value has a line break", keys[set]);
            rc = -1;
        } else if (!cur) {
            snprintf(err, errlen, "unknown setting '%s'", keys[set]);
            rc = -1;
        } else if (!(old[set] = strdup(cur))) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else if (core_config_set(cfg, keys[set], values[set], err, errlen) != 0) {
            rc = -1;
        }
        if (rc != 0)
            break;
    }
    char *text = rc == 0 ? with_keys(path, keys, values, n, err, errlen) : NULL;
    /* the file as a whole must still load (a line someone broke by hand); a
     * line of a newer firmware's setting stays, as at start-up */
    core_config *check = text ? core_config_new() : NULL;
    rc = text && check ? core_config_load_string_skip_unknown(check, text, path, NULL, NULL, err,
                                                              errlen)
                       : -1;
    if (rc == 0 && strlen(text) > CORE_CONFIG_MAX_BYTES) {
        snprintf(err, errlen, "%s: file would be larger than 1 MiB", path);
        rc = -1;
    }
    if (rc == 0)
        rc = write_atomic(path, text, err, errlen); /* all the keys, or none */
    core_config_free(check);
    free(text);
    for (size_t i = 0; i < n; i++) {
        if (rc != 0 && old[i] && i < set)
            core_config_set(cfg, keys[i], old[i], NULL, 0); /* memory and file stay alike */
        free(old[i]);
    }
    free(old);
    return rc;
}
