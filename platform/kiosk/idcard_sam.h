/* idcard_sam.h — the SAM protocol of second-generation ID-card readers,
 * internal to the kiosk's plat_idcard driver (exposed for tests).
 *
 * Frames, both ways: AA AA AA 96 69, length (2 bytes, big-endian, counting
 * what follows it), then host->reader: command, parameter, data; reader->host:
 * SW1 SW2 SW3 (SW3 is the status), data; then an XOR checksum of every byte
 * from the length on. Card text is 256 bytes of UCS-2LE fields, space padded.
 */
#ifndef CZ_KIOSK_IDCARD_SAM_H
#define CZ_KIOSK_IDCARD_SAM_H

#include <stddef.h>
#include <stdint.h>

#include "plat_idcard.h"

#define SAM_TEXT_LEN 256
#define SAM_PHOTO_LEN 1024

/* Status bytes (SW3) a reader answers with. */
enum {
    SAM_OK = 0x90, SAM_FOUND = 0x9F, SAM_NO_CARD = 0x80, SAM_SELECT_FAIL = 0x81,
    SAM_READ_FAIL = 0x41, SAM_BAD_SUM = 0x10, SAM_BAD_LEN = 0x11, SAM_BAD_CMD = 0x21,
};

/* Decodes the 256-byte text block into info (photo untouched).
 * PLAT_IDCARD_OK or PLAT_IDCARD_ERR_BAD_DATA (info then zeroed). */
int sam_parse_text(const uint8_t *text, plat_idcard_info *info);
/* The Chinese name of a GB 3304 ethnicity code (1 -> "汉", from the assets'
 * build.idcard.ethnicity.01); NULL if unknown. */
const char *sam_ethnicity_name(int code);

#endif
