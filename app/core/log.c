/* log.c — formats log lines and hands them to the installed sink. */
#include "core/log.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static core_log_sink g_sink;
static void *g_sink_ud;
static core_log_level g_min = CORE_LOG_INFO;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

const char *const core_log_level_names[] = {"debug", "info", "warn", "error", NULL};

const char *core_log_level_name(core_log_level level)
{
    return level >= CORE_LOG_DEBUG && level <= CORE_LOG_ERROR ? core_log_level_names[level] : "?";
}

int core_log_level_parse(const char *name, core_log_level *out)
{
    for (int l = CORE_LOG_DEBUG; l <= CORE_LOG_ERROR; l++)
        if (name && !strcmp(name, core_log_level_name((core_log_level)l))) {
            *out = (core_log_level)l;
            return 0;
        }
    return -1;
}

void core_log_set_sink(core_log_sink sink, void *ud)
{
    pthread_mutex_lock(&g_lock);
    g_sink = sink;
    g_sink_ud = ud;
    pthread_mutex_unlock(&g_lock);
}

void core_log_set_level(core_log_level min) { g_min = min; }

void core_log_v(core_log_level level, const char *module, const char *fmt, va_list ap)
{
    if (level < g_min)
        return;
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    pthread_mutex_lock(&g_lock);
    if (g_sink) {
        g_sink(level, module ? module : "-", line, g_sink_ud);
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        struct tm tm;
        gmtime_r(&ts.tv_sec, &tm);
        fprintf(stderr, "%04d-%02d-%02dT%02d:%02d:%02dZ %s %s: %s\n", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                core_log_level_name(level), module ? module : "-", line);
    }
    pthread_mutex_unlock(&g_lock);
}

void core_log(core_log_level level, const char *module, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core_log_v(level, module, fmt, ap);
    va_end(ap);
}
