/* plat_printer.h — the receipt printer (ESC/POS thermal printer).
 *
 * The printer takes bytes someone else composed (app/receipt). Kiosk: a
 * device file (/dev/usb/lp0, or a serial port such as /dev/ttyS1 at a baud
 * rate) from printer.device; status by DLE EOT where the printer answers.
 * Emulator: the bytes are appended to a file in the data folder.
 *
 * Ownership: plat_printer_open() returns a printer freed by plat_printer_close().
 */
#ifndef CZ_PLAT_PRINTER_H
#define CZ_PLAT_PRINTER_H

#include <stddef.h>

typedef struct plat_printer plat_printer;

enum {
    PLAT_PRINTER_OK = 0,
    PLAT_PRINTER_ERR_NO_DEVICE = -1,  /* not connected / no such device */
    PLAT_PRINTER_ERR_NO_PAPER = -2,   /* paper roll is empty */
    PLAT_PRINTER_ERR_COVER_OPEN = -3,
    PLAT_PRINTER_ERR_OFFLINE = -4,    /* off line for another reason (error, feeding) */
    PLAT_PRINTER_ERR_TIMEOUT = -5,    /* did not take the bytes in time */
    PLAT_PRINTER_ERR_IO = -6,
    PLAT_PRINTER_ERR_NO_STATUS = -7,  /* status only: the printer does not answer status queries */
    PLAT_PRINTER_ERR_NOMEM = -8,
};

/* Opens `device` (kiosk: the device file; emulator: the output file, NULL =
 * printer-out.bin in the data folder); baud is used when the device is a
 * serial port (0 = 9600). On failure returns NULL and, if code is not NULL,
 * a PLAT_PRINTER_* code. */
plat_printer *plat_printer_open(const char *device, int baud, int *code);
void plat_printer_close(plat_printer *p);

/* Sends len bytes, waiting up to timeout_ms for the printer to take them. */
int plat_printer_write(plat_printer *p, const void *bytes, size_t len, int timeout_ms);

/* Asks the printer how it is: PLAT_PRINTER_OK, or PLAT_PRINTER_ERR_NO_PAPER,
 * _COVER_OPEN, _OFFLINE, _NO_DEVICE or _NO_STATUS (it did not answer within
 * timeout_ms; up to three queries are made, each waiting up to timeout_ms).
 * *paper_low (may be NULL) is set to 1 when the roll is nearly used up. */
int plat_printer_status(plat_printer *p, int *paper_low, int timeout_ms);

/* What went wrong, in English, for logs; static storage, never NULL. (The
 * receipt screen tells a villager only that printing failed.) */
const char *plat_printer_strerror(int code);

#endif
