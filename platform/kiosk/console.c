/* console.c — kiosk console lock (plat_console.h): keyboard off (K_OFF) and
 * graphics mode (KD_GRAPHICS) on the program's own virtual terminal. Both are
 * allowed to the terminal's owner without privileges; VT switching by keys is
 * done by the kernel's keymap, which K_OFF bypasses. */
#include "plat_console.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct plat_console {
    int fd;
    int kb_mode;   /* KDGKBMODE at lock */
    int disp_mode; /* KDGETMODE at lock */
};

plat_console *plat_console_lock(const char *path, char *err, size_t errlen)
{
    if (!path || !*path)
        path = "/dev/tty";
    int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    int kb = 0, disp = 0;
    if (ioctl(fd, KDGKBMODE, &kb) != 0 || ioctl(fd, KDGETMODE, &disp) != 0) {
        snprintf(err, errlen, "%s is not a virtual terminal (%s)", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (ioctl(fd, KDSKBMODE, K_OFF) != 0) {
        snprintf(err, errlen, "%s: keyboard mode: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (ioctl(fd, KDSETMODE, KD_GRAPHICS) != 0) {
        snprintf(err, errlen, "%s: graphics mode: %s", path, strerror(errno));
        ioctl(fd, KDSKBMODE, kb);
        close(fd);
        return NULL;
    }
    plat_console *c = malloc(sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        ioctl(fd, KDSETMODE, disp);
        ioctl(fd, KDSKBMODE, kb);
        close(fd);
        return NULL;
    }
    c->fd = fd;
    c->kb_mode = kb;
    c->disp_mode = disp;
    return c;
}

void plat_console_unlock(plat_console *c)
{
    if (!c)
        return;
    ioctl(c->fd, KDSETMODE, c->disp_mode);
    ioctl(c->fd, KDSKBMODE, c->kb_mode);
    close(c->fd);
    free(c);
}
