/* clock.c — CLOCK_MONOTONIC and wall time, with a virtual mode for scripted runs. */
#include "plat_clock.h"

#include <stdatomic.h>
#include <time.h>

static atomic_int g_virtual;
static _Atomic uint64_t g_virtual_ms;
static _Atomic int64_t g_pinned_wall = -1;
static _Atomic uint64_t g_pinned_at_ms;

static uint64_t real_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t plat_clock_mono_ms(void) { return g_virtual ? g_virtual_ms : real_mono_ms(); }

void plat_clock_set_virtual(int on)
{
    if (on && !g_virtual)
        g_virtual_ms = real_mono_ms();
    g_virtual = on;
}

void plat_clock_advance(uint64_t ms) { g_virtual_ms += ms; }

void plat_clock_pin_wall(int64_t epoch)
{
    g_pinned_at_ms = plat_clock_mono_ms();
    g_pinned_wall = epoch;
}

int plat_clock_wall_pinned(void) { return g_pinned_wall >= 0; }

int64_t plat_clock_wall_ms(void)
{
    int64_t pinned = g_pinned_wall;
    if (pinned >= 0)
        return pinned * 1000 + (int64_t)(plat_clock_mono_ms() - g_pinned_at_ms);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t plat_clock_wall(void)
{
    int64_t ms = plat_clock_wall_ms();
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); /* rounded down */
}

void plat_clock_local(int *year, int *month, int *day, int *hour, int *minute, int *weekday)
{
    time_t t = (time_t)plat_clock_wall();
    struct tm tm;
    localtime_r(&t, &tm);
    if (year) *year = tm.tm_year + 1900;
    if (month) *month = tm.tm_mon + 1;
    if (day) *day = tm.tm_mday;
    if (hour) *hour = tm.tm_hour;
    if (minute) *minute = tm.tm_min;
    if (weekday) *weekday = tm.tm_wday;
}
