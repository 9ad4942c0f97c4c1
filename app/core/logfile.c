/* logfile.c — file + memory ring log sink with one-step rotation. */
#include "core/logfile.h"

#include <errno.h>
#include <pthread.h>
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

