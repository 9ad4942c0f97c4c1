/* plat_idcard.h — the resident-ID-card reader (第二代居民身份证阅读器).
 *
 * The person lays the card on the reader; plat_idcard_read() waits for it and
 * returns what is printed on the card, in UTF-8, so a form can be filled
 * without typing. Kiosk: a reader speaking the SAM serial protocol on a serial
 * device (idcard.device). Emulator: fictional sample cards from a file.
 *
 * Personal data: a card holds a name, an ID number and an address. Callers
 * must not log any field; wipe the struct (plat_idcard_clear) when done.
 *
 * Ownership: plat_idcard_open() returns a reader freed by plat_idcard_close().
 * A plat_idcard_info is the caller's; its photo (if any) is freed by
 * plat_idcard_clear().
 */
#ifndef CZ_PLAT_IDCARD_H
#define CZ_PLAT_IDCARD_H

#include <stddef.h>
#include <stdint.h>

typedef struct plat_idcard plat_idcard;

typedef struct {
    char name[96];        /* 姓名, up to 15 characters */
    char sex[8];          /* "男", "女", "未知" or "未说明" */
    char ethnicity[32];   /* 民族 as printed on the card, e.g. "汉", "蒙古" */
    char birth[9];        /* YYYYMMDD */
    char address[224];    /* 住址, up to 35 characters */
    char id_number[19];   /* 18 characters, last may be 'X' */
    char authority[96];   /* 签发机关 */
    char valid_from[9];   /* YYYYMMDD */
    char valid_to[16];    /* YYYYMMDD, or "长期" */
    uint8_t *photo;       /* the card's compressed photo (WLT, 1024 bytes) or NULL */
    size_t photo_len;
} plat_idcard_info;

enum {
    PLAT_IDCARD_OK = 0,
    PLAT_IDCARD_ERR_NO_CARD = -1,      /* no card on the reader before the timeout */
    PLAT_IDCARD_ERR_READ_FAIL = -2,    /* a card is there but unreadable (moved, not an ID card) */
    PLAT_IDCARD_ERR_NO_DEVICE = -3,    /* the reader is not connected */
    PLAT_IDCARD_ERR_TIMEOUT = -4,      /* the reader did not answer */
    PLAT_IDCARD_ERR_BAD_FRAME = -5,    /* the reader's answer was damaged (checksum, length) */
    PLAT_IDCARD_ERR_BAD_DATA = -6,     /* the card's text block made no sense */
    PLAT_IDCARD_ERR_READER_FAULT = -7, /* the reader reported an internal error (SAM module) */
    PLAT_IDCARD_ERR_IO = -8,           /* the serial line failed */
    PLAT_IDCARD_ERR_NOMEM = -9,
};

/* Opens the reader on `device` (kiosk: a serial device such as /dev/ttyUSB0,
 * at `baud` bits/s, 0 = 115200; emulator: a sample-card file, NULL = the
 * assets' sample file, and "FILE#N" pins card N, 1-based). NULL on failure
 * with a reason in err. */
plat_idcard *plat_idcard_open(const char *device, int baud, char *err, size_t errlen);
void plat_idcard_close(plat_idcard *r);

/* Waits up to timeout_ms for a card and reads it. PLAT_IDCARD_OK fills out
 * (clear it with plat_idcard_clear); any other code leaves out empty. */
int plat_idcard_read(plat_idcard *r, plat_idcard_info *out, int timeout_ms);

/* 1 when cards are played, not laid on a reader (the emulator's sample
 * cards): the UI then reads only when the person taps its 模拟刷证 control
 * instead of polling the reader. 0 on the kiosk. */
int plat_idcard_simulated(void);

/* Frees the photo and zeroes every field. */
void plat_idcard_clear(plat_idcard_info *info);

/* What went wrong, in English, for logs; static storage, never NULL. */
const char *plat_idcard_strerror(int code);
/* The key of the text a villager reads for a code ("err.plat_idcard.no_card"),
 * in assets/text/zh-CN.txt: saying what to do. Static storage, never NULL. */
const char *plat_idcard_error_key(int code);

#endif
