/* watchdog.c — emulator watchdog: there is no hardware to reboot; the
 * handle only answers, so the kiosk's code paths run the same. */
#include "plat_watchdog.h"

#include <stdio.h>
#include <stdlib.h>

struct plat_watchdog {
    int timeout;
};

plat_watchdog *plat_watchdog_open(const char *device, int timeout_s, char *err, size_t errlen)
{
    (void)device;
    plat_watchdog *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->timeout = timeout_s > 0 ? timeout_s : 60;
    return w;
}

int plat_watchdog_kick(plat_watchdog *w)
{
    (void)w;
    return 0;
}

int plat_watchdog_timeout(const plat_watchdog *w) { return w->timeout; }

void plat_watchdog_close(plat_watchdog *w) { free(w); }
