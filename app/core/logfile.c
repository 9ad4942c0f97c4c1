/* logfile.c — file + memory ring log sink with one-step rotation. */
#include "core/logfile.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *g_file;
static char g_path[1024];
static size_t g_max, g_size;
static int g_echo;
static char *g_ring[CORE_LOGFILE_RING];
static int g_head, g_count;

static void rotate_locked(void)
{
    char old[1100];
    fclose(g_file);
    snprintf(old, sizeof old, "%s.1", g_path);
    rename(g_path, old);
    g_file = fopen(g_path, "a");
    g_size = 0;
}

static void sink(core_log_level level, const char *module, const char *line, void *ud)
{
    (void)ud;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char buf[1200];
    int n = snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ %s %s: %s",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, core_log_level_name(level), module, line);
    if (n < 0)
        return;
    /* called with the core log lock held: no core_log() from here */
    pthread_mutex_lock(&g_lock);
    if (g_file) {
        if (g_max && g_size + (size_t)n + 1 > g_max)
            rotate_locked();
        if (g_file && fprintf(g_file, "%s\n", buf) > 0) {
            fflush(g_file);
            g_size += (size_t)n + 1;
        }
    }
    char *copy = strdup(buf);
    if (copy) {
        int slot = (g_head + g_count) % CORE_LOGFILE_RING;
        if (g_count == CORE_LOGFILE_RING) {
            free(g_ring[g_head]);
            slot = g_head;
            g_head = (g_head + 1) % CORE_LOGFILE_RING;
        } else {
            g_count++;
        }
        g_ring[slot] = copy;
    }
    pthread_mutex_unlock(&g_lock);
    if (g_echo)
        fprintf(stderr, "%s\n", buf);
}

int core_logfile_open(const char *dir, size_t max_bytes, int echo_stderr, char *err,
                      size_t errlen)
{
    pthread_mutex_lock(&g_lock);
    if (g_file)
        fclose(g_file);
    snprintf(g_path, sizeof g_path, "%s/cunzhan.log", dir);
    g_file = fopen(g_path, "a");
    int e = errno;
    if (g_file) {
        fseek(g_file, 0, SEEK_END);
        long pos = ftell(g_file);
        g_size = pos > 0 ? (size_t)pos : 0;
    }
    g_max = max_bytes;
    g_echo = echo_stderr;
    pthread_mutex_unlock(&g_lock);
    if (!g_file) {
        snprintf(err, errlen, "%s: %s", g_path, strerror(e));
        return -1;
    }
    core_log_set_sink(sink, NULL);
    return 0;
}

void core_logfile_close(void)
{
    core_log_set_sink(NULL, NULL);
    pthread_mutex_lock(&g_lock);
    if (g_file)
        fclose(g_file);
    g_file = NULL;
    for (int i = 0; i < g_count; i++) {
        free(g_ring[(g_head + i) % CORE_LOGFILE_RING]);
        g_ring[(g_head + i) % CORE_LOGFILE_RING] = NULL;
    }
    g_head = g_count = 0;
    pthread_mutex_unlock(&g_lock);
}

void core_logfile_each(void (*fn)(void *ud, const char *line), void *ud)
{
    pthread_mutex_lock(&g_lock);
    for (int i = 0; i < g_count; i++)
        fn(ud, g_ring[(g_head + i) % CORE_LOGFILE_RING]);
    pthread_mutex_unlock(&g_lock);
}


/* The last bytes of f (at most CORE_LOGFILE_TAIL_BYTES), starting at a
 * whole line, into *out (malloc'd, NUL-terminated); closes f. 0, or -1 (no
 * file). A cut inside a line drops that line's end: the byte before the cut
 * is read too, so a line that begins right at the cut is kept. */
static int tail_bytes(FILE *f, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!f)
        return -1;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || sb.st_size < 0) {
        fclose(f);
        return -1;
    }
    size_t size = (size_t)sb.st_size, from = 0;
    if (size > CORE_LOGFILE_TAIL_BYTES)
        from = size - CORE_LOGFILE_TAIL_BYTES - 1; /* the byte before the cut */
    char *buf = malloc(size - from + 1);
    size_t got = 0;
    if (buf && fseek(f, (long)from, SEEK_SET) == 0)
        got = fread(buf, 1, size - from, f);
    fclose(f);
    if (!buf)
        return -1;
    buf[got] = '\0';
    size_t skip = 0;
    if (from > 0) { /* the line the cut falls in (or the newline before it) goes */
        char *nl = memchr(buf, '\n', got);
        skip = nl ? (size_t)(nl - buf) + 1 : got;
    }
    memmove(buf, buf + skip, got - skip + 1);
    *out = buf;
    *len = got - skip;
    return 0;
}

/* The lines of text that are shown: not empty, the last one counted
 * whether or not its newline is written yet. */
static int count_lines(const char *text, size_t len)
{
    int total = 0;
    for (size_t i = 0; i < len; i++)
        total += text[i] != '\n' && (i + 1 == len || text[i + 1] == '\n');
    return total;
}

/* The lines of text (cut in place), the last max of them to fn; empty
 * lines are neither counted nor shown. */
static int tail_lines(char *text, size_t len, int max, void (*fn)(void *ud, const char *line),
                      void *ud)
{
    int total = count_lines(text, len);
    int skip = total > max ? total - max : 0, n = 0;
    char *p = text, *end = text + len;
    for (int k = 0; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl)
            *nl = '\0';
        if (*p && k++ >= skip) {
            fn(ud, p);
            n++;
        }
        p = nl ? nl + 1 : end;
    }
    return n;
}

int core_logfile_tail(int max_lines, void (*fn)(void *ud, const char *line), void *ud)
{
    char old[sizeof g_path + 2];
    /* both files opened under the lock rotation takes: the pair is one
     * moment's, never the file just read again as .1 (read after unlocking) */
    pthread_mutex_lock(&g_lock);
    int open = g_file != NULL;
    FILE *fnow = NULL, *fold = NULL;
    if (open && max_lines > 0) {
        snprintf(old, sizeof old, "%s.1", g_path);
        fnow = fopen(g_path, "rb");
        fold = fopen(old, "rb");
    }
    pthread_mutex_unlock(&g_lock);
    if (!open || max_lines <= 0)
        return open ? 0 : -1;
    char *now = NULL, *before = NULL;
    size_t nlen = 0, blen = 0;
    tail_bytes(fnow, &now, &nlen);
    int in_now = count_lines(now, nlen), n = 0;
    if (in_now < max_lines) { /* the rest from the rotated file */
        if (tail_bytes(fold, &before, &blen) == 0)
            n += tail_lines(before, blen, max_lines - in_now, fn, ud);
    } else if (fold) {
        fclose(fold);
    }
    if (now)
        n += tail_lines(now, nlen, max_lines - n, fn, ud);
    free(before);
    free(now);
    return n;
}
