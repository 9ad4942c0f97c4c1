/* printer.c — kiosk receipt printer: an ESC/POS printer behind a device file
 * (/dev/usb/lp0) or a serial port. Status by the kernel's line-printer status
 * (usblp) and by ESC/POS real-time status queries (DLE EOT n). */
#include "plat_printer.h"

#include <errno.h>
#include <linux/lp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kiosk/serial.h"

struct plat_printer {
    int fd;
};

static int errno_code(int e)
{
    switch (e) {
    case ENOENT: case ENODEV: case ENXIO: case EPIPE: case EBADF: return PLAT_PRINTER_ERR_NO_DEVICE;
    case ENOSPC: return PLAT_PRINTER_ERR_NO_PAPER; /* usblp: out of paper */
    case EIO: return PLAT_PRINTER_ERR_OFFLINE;     /* usblp: printer error/off line */
    case ETIMEDOUT: return PLAT_PRINTER_ERR_TIMEOUT;
    case ENOMEM: return PLAT_PRINTER_ERR_NOMEM;
    default: return PLAT_PRINTER_ERR_IO;
    }
}

plat_printer *plat_printer_open(const char *device, int baud, int *code)
{
    if (!device || !*device)
        device = "/dev/usb/lp0";
    plat_printer *p = calloc(1, sizeof *p);
    if (!p) {
        if (code)
            *code = PLAT_PRINTER_ERR_NOMEM;
        return NULL;
    }
    p->fd = kiosk_serial_open(device, baud > 0 ? baud : 9600);
    if (p->fd < 0) {
        if (code)
            *code = errno_code(errno);
        free(p);
        return NULL;
    }
    if (code)
        *code = PLAT_PRINTER_OK;
    return p;
}

void plat_printer_close(plat_printer *p)
{
    if (!p)
        return;
    close(p->fd);
    free(p);
}

int plat_printer_write(plat_printer *p, const void *bytes, size_t len, int timeout_ms)
{
    if (kiosk_write_all(p->fd, bytes, len, kiosk_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0)) != 0)
        return errno_code(errno);
    return PLAT_PRINTER_OK;
}

/* DLE EOT n: one status byte back, whose fixed bits are 0xx1xx10. -1 no answer. */
static int query(plat_printer *p, uint8_t n, int timeout_ms)
{
    uint64_t deadline = kiosk_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
    uint8_t q[3] = {0x10, 0x04, n}, b;
    if (kiosk_write_all(p->fd, q, sizeof q, deadline) != 0)
        return -2;
    for (;;) {
        int r = kiosk_read_byte(p->fd, &b, deadline);
        if (r < 0)
            return -2;
        if (r == 0)
            return -1;
        if ((b & 0x93) == 0x12)
            return b;
        /* anything else is not an answer to us (an ASB or line noise): skip */
    }
}

int plat_printer_status(plat_printer *p, int *paper_low, int timeout_ms)
{
    if (paper_low)
        *paper_low = 0;
    /* usblp: the 1284 status lines, when the printer drives them. */
    int lp = 0, have_lp = ioctl(p->fd, LPGETSTATUS, &lp) == 0;
    if (have_lp && (lp & LP_POUTPA))
        return PLAT_PRINTER_ERR_NO_PAPER;
    if (have_lp && (!(lp & LP_PSELECD) || !(lp & LP_PERRORP)))
        return PLAT_PRINTER_ERR_OFFLINE;

    kiosk_drain(p->fd);
    int st = query(p, 1, timeout_ms);
    if (st == -2)
        return errno_code(errno);
    if (st < 0)
        return have_lp ? PLAT_PRINTER_OK : PLAT_PRINTER_ERR_NO_STATUS;
    int paper = query(p, 4, timeout_ms);
    if (paper >= 0 && paper_low)
        *paper_low = (paper & 0x0C) != 0;
    if (paper >= 0 && (paper & 0x60))
        return PLAT_PRINTER_ERR_NO_PAPER;
    if (!(st & 0x08))
        return PLAT_PRINTER_OK;
    int cause = query(p, 2, timeout_ms);
    if (cause >= 0 && (cause & 0x20))
        return PLAT_PRINTER_ERR_NO_PAPER;
    if (cause >= 0 && (cause & 0x04))
        return PLAT_PRINTER_ERR_COVER_OPEN;
    return PLAT_PRINTER_ERR_OFFLINE;
}
