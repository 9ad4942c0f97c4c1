/* idcard_info.c — the parts of plat_idcard.h that every reader driver
 * shares (the kiosk's serial reader, the emulator's sample cards): wiping a
 * card's data, the English text of a code and the key of what a villager
 * reads for it. */
#include "plat_idcard.h"

#include <stdlib.h>
#include <string.h>

void plat_idcard_clear(plat_idcard_info *info)
{
    if (!info)
        return;
    if (info->photo) {
        memset(info->photo, 0, info->photo_len); /* personal data: wipe before freeing */
        free(info->photo);
    }
    memset(info, 0, sizeof *info);
}

const char *plat_idcard_strerror(int code)
{
    switch (code) {
    case PLAT_IDCARD_OK: return "ok";
    case PLAT_IDCARD_ERR_NO_CARD: return "no card on the reader";
    case PLAT_IDCARD_ERR_READ_FAIL: return "card could not be read";
    case PLAT_IDCARD_ERR_NO_DEVICE: return "card reader not connected";
    case PLAT_IDCARD_ERR_TIMEOUT: return "card reader did not answer";
    case PLAT_IDCARD_ERR_BAD_FRAME: return "damaged answer from the card reader";
    case PLAT_IDCARD_ERR_BAD_DATA: return "card data makes no sense";
    case PLAT_IDCARD_ERR_READER_FAULT: return "card reader reported an internal fault";
    case PLAT_IDCARD_ERR_IO: return "serial line to the card reader failed";
    case PLAT_IDCARD_ERR_NOMEM: return "out of memory";
    default: return "unknown card reader error";
    }
}

const char *plat_idcard_error_key(int code)
{
    switch (code) {
    case PLAT_IDCARD_OK: return "err.plat_idcard.ok";
    case PLAT_IDCARD_ERR_NO_CARD: return "err.plat_idcard.no_card";
    case PLAT_IDCARD_ERR_READ_FAIL: return "err.plat_idcard.read_fail";
    case PLAT_IDCARD_ERR_NO_DEVICE: return "err.plat_idcard.no_device";
    case PLAT_IDCARD_ERR_TIMEOUT: return "err.plat_idcard.timeout";
    case PLAT_IDCARD_ERR_BAD_FRAME: return "err.plat_idcard.bad_frame";
    case PLAT_IDCARD_ERR_BAD_DATA: return "err.plat_idcard.bad_data";
    case PLAT_IDCARD_ERR_READER_FAULT: return "err.plat_idcard.reader_fault";
    case PLAT_IDCARD_ERR_IO: return "err.plat_idcard.io";
    case PLAT_IDCARD_ERR_NOMEM: return "err.plat_idcard.nomem";
    default: return "err.plat_idcard.unknown";
    }
}
