/* printer_info.c — the part of plat_printer.h that every printer driver
 * shares (the kiosk's ESC/POS printer, the emulator's file): the English
 * text of a code, for logs. */
#include "plat_printer.h"

const char *plat_printer_strerror(int code)
{
    switch (code) {
    case PLAT_PRINTER_OK: return "ok";
    case PLAT_PRINTER_ERR_NO_DEVICE: return "printer not connected";
    case PLAT_PRINTER_ERR_NO_PAPER: return "printer is out of paper";
    case PLAT_PRINTER_ERR_COVER_OPEN: return "printer cover is open";
    case PLAT_PRINTER_ERR_OFFLINE: return "printer is off line";
    case PLAT_PRINTER_ERR_TIMEOUT: return "printer did not take the data in time";
    case PLAT_PRINTER_ERR_IO: return "printer write failed";
    case PLAT_PRINTER_ERR_NO_STATUS: return "printer does not answer status queries";
    case PLAT_PRINTER_ERR_NOMEM: return "out of memory";
    default: return "unknown printer error";
    }
}
