/* idcard.c — kiosk ID-card reader: a SAM-protocol reader on a serial line.
 *
 * One read: find card (20 01), select card (20 02), read text and photo
 * (30 01). "No card" answers are retried until the caller's timeout. */
#include "plat_idcard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cz_text_build.h"
#include "kiosk/idcard_sam.h"
#include "kiosk/serial.h"

/* Biggest answer we accept: text + photo + fingerprints (30 10) and headers. */
#define SAM_MAX_LEN 2400
/* How long a reader may take to answer one command. */
#define SAM_ANSWER_MS 1500
/* Pause between two "is there a card" questions. */
#define SAM_POLL_MS 150

struct plat_idcard {
    int fd;
    uint8_t buf[SAM_MAX_LEN]; /* the last answer's data (wiped after a read) */
};

/* The names of the codes on the card come from assets/text/zh-CN.txt
 * (build.idcard.*), built in as cz_text_build.h. */
const char *sam_ethnicity_name(int code)
{
    if (code < 1 || code > 99)
        return NULL;
    char key[32];
    snprintf(key, sizeof key, "idcard.ethnicity.%02d", code);
    return cz_text_build(key);
}

static const char *sex_name(const char *code)
{
    if (strlen(code) != 1 || code[0] < '0' || code[0] > '9')
        return NULL;
    char key[16];
    snprintf(key, sizeof key, "idcard.sex.%c", code[0]);
    return cz_text_build(key);
}

/* UCS-2LE field of n bytes -> UTF-8 without the trailing padding.
 * -1 on a surrogate, a control character or an overflow of out. */
static int ucs2_field(const uint8_t *p, size_t n, char *out, size_t cap)
{
    size_t end = n / 2, o = 0;
    while (end > 0) {
        unsigned c = p[2 * (end - 1)] | (unsigned)p[2 * (end - 1) + 1] << 8;
        if (c != 0x20 && c != 0 && c != 0x3000)
            break;
        end--;
    }
    for (size_t i = 0; i < end; i++) {
        unsigned c = p[2 * i] | (unsigned)p[2 * i + 1] << 8;
        if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF))
            return -1;
        if (c < 0x80) {
            if (o + 1 >= cap)
                return -1;
            out[o++] = (char)c;
        } else if (c < 0x800) {
            if (o + 2 >= cap)
                return -1;
            out[o++] = (char)(0xC0 | c >> 6);
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            if (o + 3 >= cap)
                return -1;
            out[o++] = (char)(0xE0 | c >> 12);
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = '\0';
    return 0;
}

static int all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int valid_date(const char *s)
{
    if (!all_digits(s, 8))
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[4] - '0') * 10 + (s[5] - '0');
    int d = (s[6] - '0') * 10 + (s[7] - '0');
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1850 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

int sam_parse_text(const uint8_t *t, plat_idcard_info *info)
{
    char sex[8], eth[8], id[40];
    memset(info, 0, sizeof *info);
    int bad = ucs2_field(t + 0, 30, info->name, sizeof info->name) ||
              ucs2_field(t + 30, 2, sex, sizeof sex) ||
              ucs2_field(t + 32, 4, eth, sizeof eth) ||
              ucs2_field(t + 36, 16, info->birth, sizeof info->birth) ||
              ucs2_field(t + 52, 70, info->address, sizeof info->address) ||
              ucs2_field(t + 122, 36, id, sizeof id) ||
              ucs2_field(t + 158, 30, info->authority, sizeof info->authority) ||
              ucs2_field(t + 188, 16, info->valid_from, sizeof info->valid_from) ||
              ucs2_field(t + 204, 16, info->valid_to, sizeof info->valid_to);
    const char *sexname = sex_name(sex);
    const char *ethname = all_digits(eth, 2) ? sam_ethnicity_name(atoi(eth)) : NULL;
    int id_ok = strlen(id) == 18 && ((id[17] >= '0' && id[17] <= '9') || id[17] == 'X');
    for (int i = 0; id_ok && i < 17; i++)
        id_ok = id[i] >= '0' && id[i] <= '9';
    if (bad || !sexname || !ethname || !id_ok || !info->name[0] || !info->address[0] ||
        !valid_date(info->birth) || !valid_date(info->valid_from) ||
        (strcmp(info->valid_to, CZ_TEXT_IDCARD_VALID_LONG) && !valid_date(info->valid_to))) {
        memset(info, 0, sizeof *info);
        return PLAT_IDCARD_ERR_BAD_DATA;
    }
    snprintf(info->sex, sizeof info->sex, "%s", sexname);
    snprintf(info->ethnicity, sizeof info->ethnicity, "%s", ethname);
    memcpy(info->id_number, id, 19);
    return PLAT_IDCARD_OK;
}

plat_idcard *plat_idcard_open(const char *device, int baud, char *err, size_t errlen)
{
    if (!device || !*device)
        device = "/dev/ttyUSB0";
    plat_idcard *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    r->fd = kiosk_serial_open(device, baud > 0 ? baud : 115200);
    if (r->fd < 0) {
        snprintf(err, errlen, "%s: %s", device, strerror(errno));
        free(r);
        return NULL;
    }
    return r;
}

int plat_idcard_simulated(void) { return 0; }

void plat_idcard_close(plat_idcard *r)
{
    if (!r)
        return;
    close(r->fd);
    memset(r->buf, 0, sizeof r->buf);
    free(r);
}

static int io_code(void)
{
    return (errno == ENODEV || errno == ENXIO || errno == EIO || errno == EPIPE ||
            errno == EBADF) ? PLAT_IDCARD_ERR_NO_DEVICE : PLAT_IDCARD_ERR_IO;
}

static int sam_send(plat_idcard *r, uint8_t cmd, uint8_t para)
{
    uint8_t f[10] = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, cmd, para, 0};
    f[9] = (uint8_t)(f[5] ^ f[6] ^ f[7] ^ f[8]);
    if (kiosk_write_all(r->fd, f, sizeof f, kiosk_now_ms() + SAM_ANSWER_MS) != 0)
        return errno == ETIMEDOUT ? PLAT_IDCARD_ERR_TIMEOUT : io_code();
    return PLAT_IDCARD_OK;
}

/* Reads one answer: *sw3 the status, data[0..*n) the data. Bytes before the
 * preamble are skipped (line noise, the tail of an older answer). */
static int sam_recv(plat_idcard *r, uint8_t *sw3, uint8_t *data, size_t cap, size_t *n,
                    uint64_t deadline)
{
    static const uint8_t pre[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
    uint8_t win[5] = {0}, b;
    size_t seen = 0;
    int got;
    for (;;) {
        got = kiosk_read_byte(r->fd, &b, deadline);
        if (got <= 0)
            return got == 0 ? (seen ? PLAT_IDCARD_ERR_BAD_FRAME : PLAT_IDCARD_ERR_TIMEOUT)
                            : io_code();
        memmove(win, win + 1, 4);
        win[4] = b;
        seen++;
        if (seen >= 5 && !memcmp(win, pre, 5))
            break;
        if (seen > SAM_MAX_LEN * 2)
            return PLAT_IDCARD_ERR_BAD_FRAME;
    }
    uint8_t hdr[2];
    for (int i = 0; i < 2; i++) {
        got = kiosk_read_byte(r->fd, &hdr[i], deadline);
        if (got <= 0)
            return got == 0 ? PLAT_IDCARD_ERR_BAD_FRAME : io_code();
    }
    size_t len = (size_t)hdr[0] << 8 | hdr[1];
    if (len < 4 || len > SAM_MAX_LEN || len - 4 > cap)
        return PLAT_IDCARD_ERR_BAD_FRAME;
    uint8_t body[SAM_MAX_LEN];
    uint8_t sum = hdr[0] ^ hdr[1];
    for (size_t i = 0; i < len; i++) {
        got = kiosk_read_byte(r->fd, &body[i], deadline);
        if (got <= 0)
            return got == 0 ? PLAT_IDCARD_ERR_BAD_FRAME : io_code();
        sum ^= body[i];
    }
    if (sum != 0) /* the XOR of everything including the checksum byte */
        return PLAT_IDCARD_ERR_BAD_FRAME;
    *sw3 = body[2];
    *n = len - 4;
    memcpy(data, body + 3, *n);
    return PLAT_IDCARD_OK;
}

static int status_code(uint8_t sw3)
{
    switch (sw3) {
    case SAM_OK:
    case SAM_FOUND: return PLAT_IDCARD_OK;
    case SAM_NO_CARD: return PLAT_IDCARD_ERR_NO_CARD;
    case SAM_SELECT_FAIL:
    case SAM_READ_FAIL:
    case 0x31: case 0x32: case 0x33: case 0x40: case 0x91:
        return PLAT_IDCARD_ERR_READ_FAIL;
    default: return PLAT_IDCARD_ERR_READER_FAULT;
    }
}

/* Sends a command and waits for its answer; PLAT_IDCARD_OK means status 90/9F. */
static int sam_command(plat_idcard *r, uint8_t cmd, uint8_t para, uint8_t *data, size_t cap,
                       size_t *n)
{
    int rc = sam_send(r, cmd, para);
    if (rc != PLAT_IDCARD_OK)
        return rc;
    uint8_t sw3 = 0;
    rc = sam_recv(r, &sw3, data, cap, n, kiosk_now_ms() + SAM_ANSWER_MS);
    return rc != PLAT_IDCARD_OK ? rc : status_code(sw3);
}

int plat_idcard_read(plat_idcard *r, plat_idcard_info *out, int timeout_ms)
{
    memset(out, 0, sizeof *out);
    uint64_t deadline = kiosk_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
    uint8_t *data = r->buf;
    size_t n = 0;
    int rc;
    kiosk_drain(r->fd);
    for (;;) {
        rc = sam_command(r, 0x20, 0x01, data, SAM_MAX_LEN, &n);
        if (rc != PLAT_IDCARD_ERR_NO_CARD)
            break;
        uint64_t now = kiosk_now_ms();
        if (now + SAM_POLL_MS >= deadline)
            return PLAT_IDCARD_ERR_NO_CARD;
        usleep(SAM_POLL_MS * 1000);
    }
    if (rc == PLAT_IDCARD_OK)
        rc = sam_command(r, 0x20, 0x02, data, SAM_MAX_LEN, &n);
    if (rc == PLAT_IDCARD_ERR_NO_CARD) /* the card was taken away between the two */
        rc = PLAT_IDCARD_ERR_READ_FAIL;
    if (rc == PLAT_IDCARD_OK)
        rc = sam_command(r, 0x30, 0x01, data, SAM_MAX_LEN, &n);
    if (rc == PLAT_IDCARD_ERR_NO_CARD)
        rc = PLAT_IDCARD_ERR_READ_FAIL;
    if (rc != PLAT_IDCARD_OK)
        return rc;
    if (n < 4)
        return PLAT_IDCARD_ERR_BAD_FRAME;
    size_t tlen = (size_t)data[0] << 8 | data[1], plen = (size_t)data[2] << 8 | data[3];
    if (tlen != SAM_TEXT_LEN || 4 + tlen + plen > n)
        return PLAT_IDCARD_ERR_BAD_FRAME;
    rc = sam_parse_text(data + 4, out);
    if (rc == PLAT_IDCARD_OK && plen > 0) {
        out->photo = malloc(plen);
        if (!out->photo) {
            plat_idcard_clear(out);
            rc = PLAT_IDCARD_ERR_NOMEM;
        } else {
            memcpy(out->photo, data + 4 + tlen, plen);
            out->photo_len = plen;
        }
    }
    memset(data, 0, n);
    return rc;
}
