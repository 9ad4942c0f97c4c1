/* watchdog.c — kiosk hardware watchdog through the Linux watchdog device. */
#include "plat_watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/watchdog.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct plat_watchdog {
    int fd;
    int timeout;
};

plat_watchdog *plat_watchdog_open(const char *device, int timeout_s, char *err, size_t errlen)
{
    if (!device || !*device)
        device = "/dev/watchdog";
    plat_watchdog *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* Opening starts the timer: from here on the board reboots unless kicked. */
    w->fd = open(device, O_WRONLY | O_CLOEXEC);
    if (w->fd < 0) {
        snprintf(err, errlen, "%s: %s", device, strerror(errno));
        free(w);
        return NULL;
    }
    int t = timeout_s;
    if (t > 0 && ioctl(w->fd, WDIOC_SETTIMEOUT, &t) == 0)
        w->timeout = t; /* the driver may round it */
    t = 0;
    if (ioctl(w->fd, WDIOC_GETTIMEOUT, &t) == 0 && t > 0)
        w->timeout = t;
    return w;
}

int plat_watchdog_kick(plat_watchdog *w)
{
    /* Any write is a keep-alive on every driver; it must not contain 'V'. */
    for (;;) {
        ssize_t k = write(w->fd, ".", 1);
        if (k == 1)
            return 0;
        if (k < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

int plat_watchdog_timeout(const plat_watchdog *w) { return w->timeout; }

void plat_watchdog_close(plat_watchdog *w)
{
    if (!w)
        return;
    /* Magic close: the driver stops the timer instead of rebooting. */
    while (write(w->fd, "V", 1) < 0 && errno == EINTR) {
    }
    close(w->fd);
    free(w);
}
