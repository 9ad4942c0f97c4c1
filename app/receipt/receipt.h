/* receipt.h — the slip a villager takes home (回执): what was filed, when, the
 * receipt number, and a QR code a phone scans to check progress.
 *
 * A receipt carries no personal data (no name, ID number or phone): it stays
 * valid after the kiosk purges the filing's details. It always carries the
 * station's registration number (登记号, made at confirm) with its QR code,
 * and once the county platform acknowledged the filing its receipt number
 * (回执号) with a second QR code.
 *
 * ESC/POS output targets the 58 mm and 80 mm thermal printers of village
 * kiosks: text in GB 18030 (Chinese mode, FS &), the QR code as the printer's
 * own QR command (GS ( k), a partial cut at the end. The slip's own words
 * (title, labels, the closing lines) are receipt.slip.* of the string table
 * (core/strings.h), which must be loaded first.
 *
 * Ownership: receipt_escpos() returns a malloc'd buffer the caller frees.
 */
#ifndef CZ_RECEIPT_H
#define CZ_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#define RECEIPT_NUMBER_MAX 40
#define RECEIPT_REG_MAX 16

typedef struct {
    char number[RECEIPT_NUMBER_MAX + 1]; /* platform receipt number; "" while not yet uploaded */
    char reg_no[RECEIPT_REG_MAX + 1]; /* the station registration number (receipt_reg_make) */
    char title[160];     /* service item, e.g. 城乡居民基本养老保险参保登记 */
    char station[160];   /* station name */
    char who[64];        /* whose filing, masked (王*英: utf8_mask_name); "" when not known */
    char agent[96];      /* proxy agent: name and number (李桂兰（A0012）), "" when the villager filed alone */
    int64_t time;        /* filing time, seconds since the epoch */
    char status[40];     /* status text, e.g. 已受理 / 待上传 */
    char qr[300];        /* the platform number's QR payload (receipt_qr_payload); "" before */
    char fixes[RECEIPT_NUMBER_MAX + 1]; /* a correction (补正): the receipt number of the
                                         * filing it replaces; "" otherwise */
} receipt_info;

typedef enum {
    RECEIPT_OK = 0,
    RECEIPT_ERR_ARG = -1,      /* a field is missing, too long or not UTF-8 */
    RECEIPT_ERR_ENCODING = -2, /* text cannot be encoded for the printer */
    RECEIPT_ERR_NOMEM = -3,
} receipt_err;

/* What happened, in English, for logs; static storage. */
const char *receipt_strerror(int code);

/* 1 if s is a well-formed receipt number: 6..40 of [A-Z0-9-]. */
int receipt_number_valid(const char *s);

/* The QR payload for a receipt number: "<query_url>?r=<number>" when a query
 * URL is configured (a phone opens the county's status page), otherwise
 * "CZRCPT:<number>". The kiosk's own scanner accepts both (receipt_qr_parse). */
int receipt_qr_payload(const char *query_url, const char *number, char *out, size_t n);
/* The key of the words under a receipt number's QR code (slip: the printed
 * slip's): a phone opens an https:// payload (用手机扫一扫); a CZRCPT: one is
 * for the kiosk's 办件查询 alone, and the words say so. */
const char *receipt_scan_key(const char *payload, int slip);
/* Reads a receipt number back from a scanned payload. RECEIPT_OK or RECEIPT_ERR_ARG. */
int receipt_qr_parse(const char *payload, char *number, size_t n);

/* The station registration number (登记号) of the filing with outbox sequence
 * number seq (>= 1): made for people to read out and type on the numeric pad —
 * digits only, the sequence zero-padded to 7 digits, then one check digit
 * (Damm's: every single wrong digit and every swap of two neighbours is
 * caught). Its QR code holds exactly these digits, so a scanner
 * types them as they are. RECEIPT_OK or RECEIPT_ERR_ARG (seq out of range,
 * buffer too small). */
int receipt_reg_make(int64_t seq, char *out, size_t n);
/* The sequence number back from a typed or scanned registration number
 * (spaces ignored). RECEIPT_OK, or RECEIPT_ERR_ARG when it is not 8..16 digits
 * or its check digit is wrong. */
int receipt_reg_parse(const char *s, int64_t *seq);

/* ESC/POS bytes for the slip on paper of paper_mm (58 or 80). */
int receipt_escpos(const receipt_info *r, int paper_mm, uint8_t **out, size_t *len);

/* Reading ESC/POS back (the emulator's slip preview, and tests): the stream
 * is walked and each printed element handed to `fn`. Only the commands this
 * module writes are understood; anything else is an error naming the offset. */
typedef enum { RECEIPT_EL_TEXT, RECEIPT_EL_QR, RECEIPT_EL_FEED, RECEIPT_EL_CUT } receipt_el_kind;

typedef struct {
    receipt_el_kind kind;
    const char *text;  /* TEXT: one line, UTF-8 (no newline); QR: the payload */
    int bold, big, align; /* align 0 left, 1 centre, 2 right; big = double size */
    int lines;         /* FEED: line count; QR: dots per module (0: not given) */
} receipt_el;

int receipt_escpos_decode(const uint8_t *b, size_t len,
                          void (*fn)(void *ud, const receipt_el *el), void *ud, char *err,
                          size_t errlen);

/* Local time of the receipt as "2026-11-22 09:30" (the kiosk's timezone). */
void receipt_time_text(int64_t t, char *out, size_t n);

#endif
