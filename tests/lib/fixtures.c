/* fixtures.c — see fixtures.h. */
#include "fixtures.h"

#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

char fx_id_check_char(const char *id17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (id17[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

void fx_id_number(const char *area, int first_year, unsigned serial, char out[19])
{
    snprintf(out, 19, "%s%04u%02u%02u%03u", area, (unsigned)first_year + serial % 60,
             1 + serial % 12, 1 + serial % 28, serial % 1000);
    out[17] = fx_id_check_char(out);
    out[18] = '\0';
}

void fx_db_remove(const char *path)
{
    char side[PATH_MAX + 8];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

const char *fx_fresh_db(const char *name)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.db", check_tmpdir("store"), name);
    fx_db_remove(path);
    return path;
}

int fx_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    int rc = 0;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return -1;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[PATH_MAX];
            if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= (int)sizeof sub ||
                fx_remove_tree(sub) != 0)
                rc = -1;
        }
        closedir(d);
    }
    return remove(path) == 0 ? rc : -1;
}

const char *fx_fresh_dir(const char *sub)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", check_tmpdir(sub));
    if (fx_remove_tree(path) != 0 || mkdir(path, 0700) != 0)
        return NULL;
    return path;
}

long long fx_proc_number(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    long long v = -1;
    char line[256];
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, n) && line[n] == ':' && sscanf(line + n + 1, "%lld", &v) == 1)
            break;
    if (f)
        fclose(f);
    return v;
}

double fx_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void fx_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

void *fx_slurp(const char *path, size_t *len)
{
    if (len)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        n = ftell(f);
    char *buf = NULL;
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL &&
        fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

int fx_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, n, f) == n;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

int fx_contains(const void *hay, size_t n, const char *needle)
{
    const char *h = hay;
    size_t k = strlen(needle);
    for (size_t i = 0; k && i + k <= n; i++)
        if (memcmp(h + i, needle, k) == 0)
            return 1;
    return 0;
}

int fx_file_contains(const char *path, const char *needle)
{
    size_t n = 0;
    char *buf = fx_slurp(path, &n);
    int found = buf && fx_contains(buf, n, needle);
    free(buf);
    return found;
}

void fx_uuids_add(fx_uuids *s, const char *u)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v)
            abort();
    }
    snprintf(s->v[s->n++], sizeof *s->v, "%s", u);
}

static int cmp_uuid(const void *a, const void *b) { return strcmp(a, b); }

void fx_uuids_sort(fx_uuids *s)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_uuid);
}

int fx_uuids_has(const fx_uuids *s, const char *u)
{
    return s->n && bsearch(u, s->v, s->n, sizeof *s->v, cmp_uuid) != NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void fx_sort_doubles(double *v, size_t n) { qsort(v, n, sizeof *v, cmp_double); }

void fx_conversions(const char *text, char *out, size_t n)
{
    out[0] = '\0';
    for (const char *p = strchr(text, '%'); p; p = strchr(p, '%')) {
        if (p[1] == '%') {
            p += 2;
            continue;
        }
        size_t len = 1 + strspn(p + 1, "-+ #0123456789.*hlLqjzt");
        if (p[len])
            len++; /* the conversion letter */
        snprintf(out + strlen(out), n - strlen(out), "%.*s|", (int)len, p);
        p += len;
    }
}
