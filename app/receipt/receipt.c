/* receipt.c — QR payloads and ESC/POS encoding of receipts. */
#include "receipt/receipt.h"

#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "core/words.h"

const char *receipt_strerror(int code)
{
    switch (code) {
    case RECEIPT_OK: return "ok";
    case RECEIPT_ERR_ARG: return "receipt field missing, too long or not UTF-8";
    case RECEIPT_ERR_ENCODING: return "text cannot be encoded in GB 18030";
    case RECEIPT_ERR_NOMEM: return "out of memory";
    }
    return "unknown receipt error";
}

int receipt_number_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 6 || n > RECEIPT_NUMBER_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return 1;
}

int receipt_qr_payload(const char *query_url, const char *number, char *out, size_t n)
{
    if (!receipt_number_valid(number))
        return RECEIPT_ERR_ARG;
    int k;
    if (query_url && *query_url) {
        if (strncmp(query_url, "https://", 8) != 0 || strpbrk(query_url, " ?#\"<>"))
            return RECEIPT_ERR_ARG;
        k = snprintf(out, n, "%s?r=%s", query_url, number);
    } else {
        k = snprintf(out, n, "CZRCPT:%s", number);
    }
    return (k < 0 || (size_t)k >= n) ? RECEIPT_ERR_ARG : RECEIPT_OK;
}

const char *receipt_scan_key(const char *payload, int slip)
{
    int phone = payload && !strncmp(payload, "https://", 8);
    return slip ? (phone ? "receipt.slip.scan" : "receipt.slip.scan_here")
                : (phone ? "receipt.scan" : "receipt.scan_here");
}

int receipt_qr_parse(const char *payload, char *number, size_t n)
{
    if (!payload)
        return RECEIPT_ERR_ARG;
    const char *num = NULL;
    if (strncmp(payload, "CZRCPT:", 7) == 0) {
        num = payload + 7;
    } else if (strncmp(payload, "https://", 8) == 0) {
        const char *q = strstr(payload, "?r=");
        if (!q)
            q = strstr(payload, "&r=");
        if (q)
            num = q + 3;
    }
    if (!num)
        return RECEIPT_ERR_ARG;
    size_t len = strcspn(num, "&#");
    if (len >= n || len > RECEIPT_NUMBER_MAX)
        return RECEIPT_ERR_ARG;
    char tmp[RECEIPT_NUMBER_MAX + 1];
    memcpy(tmp, num, len);
    tmp[len] = '\0';
    if (!receipt_number_valid(tmp))
        return RECEIPT_ERR_ARG;
    memcpy(number, tmp, len + 1);
    return RECEIPT_OK;
}

/* The Damm check over n digits: the check digit to append (0 when the
 * digits already end with a right one). Its table is a quasigroup with no
 * weak pairs, so every single wrong digit and every swap of two neighbours
 * changes the result. */
static int damm(const char *d, size_t n)
{
    static const unsigned char T[10][10] = {
        {0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
        {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
        {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
        {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
        {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c = T[c][d[i] - '0'];
    return c;
}

int receipt_reg_make(int64_t seq, char *out, size_t n)
{
    char d[RECEIPT_REG_MAX + 1];
    if (!out || seq < 1 || seq > 999999999999999LL)
        return RECEIPT_ERR_ARG;
    int len = snprintf(d, sizeof d, "%07lld", (long long)seq);
    if (len < 0 || (size_t)len + 1 >= sizeof d || (size_t)len + 2 > n)
        return RECEIPT_ERR_ARG;
    d[len] = (char)('0' + damm(d, (size_t)len));
    d[len + 1] = '\0';
    memcpy(out, d, (size_t)len + 2);
    return RECEIPT_OK;
}

int receipt_reg_parse(const char *s, int64_t *seq)
{
    char d[RECEIPT_REG_MAX + 1];
    size_t n = 0;
    if (!s || !seq)
        return RECEIPT_ERR_ARG;
    for (; *s; s++) {
        if (*s == ' ')
            continue;
        if (*s < '0' || *s > '9' || n == RECEIPT_REG_MAX)
            return RECEIPT_ERR_ARG;
        d[n++] = *s;
    }
    if (n < 8 || damm(d, n) != 0)
        return RECEIPT_ERR_ARG;
    long long v = 0;
    for (size_t i = 0; i + 1 < n; i++)
        v = v * 10 + (d[i] - '0');
    if (v < 1)
        return RECEIPT_ERR_ARG;
    *seq = v;
    return RECEIPT_OK;
}

void receipt_time_text(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    snprintf(out, n, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
}

/* ---- a growing byte buffer ---- */

typedef struct {
    uint8_t *b;
    size_t len, cap;
    int err;
} buf;

static void put(buf *o, const void *p, size_t n)
{
    if (o->err)
        return;
    if (core_grow(&o->b, &o->cap, o->len + n, 1, 1024)) {
        o->err = RECEIPT_ERR_NOMEM;
        return;
    }
    memcpy(o->b + o->len, p, n);
    o->len += n;
}

static void put_bytes(buf *o, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        uint8_t c = (uint8_t)va_arg(ap, int);
        put(o, &c, 1);
    }
    va_end(ap);
}

/* Appends UTF-8 text converted to GB 18030. */
static void put_text(buf *o, iconv_t cd, const char *s)
{
    if (o->err)
        return;
    size_t inl = strlen(s);
    char *in = (char *)s;
    while (inl > 0) {
        char tmp[256];
        char *op = tmp;
        size_t ol = sizeof tmp;
        size_t rc = iconv(cd, &in, &inl, &op, &ol);
        put(o, tmp, sizeof tmp - ol);
        if (rc == (size_t)-1 && errno != E2BIG) {
            o->err = RECEIPT_ERR_ENCODING;
            return;
        }
    }
}

/* Columns on the printer: in Chinese mode every GB 18030 double-byte character
 * (Han, full-width punctuation, curly quotes) takes 2 columns, ASCII 1. */
static int cols_of(uint32_t cp) { return cp < 0x80 ? 1 : 2; }

static int ascii_word(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           c == '-' || c == '.' || c == '/' || c == ':' || c == '_';
}

#define SLIP_BREAKS 64 /* the allowed breaks of a line kept for choosing */

/* Columns of s from p to its end (leading spaces skipped), counted up to
 * limit + 1. */
static int rest_cols(const char *p, int limit)
{
    while (*p == ' ')
        p++;
    int w = 0;
    uint32_t c;
    while (w <= limit && (c = utf8_next(&p)))
        w += cols_of(c);
    return w;
}

/* Appends s wrapped at `cols` columns; continuation lines indented by
 * `indent` columns. A line ends, as on the screens (core/words.h), after a
 * clause's ，or ： where the text's last clause then fits the next line whole
 * and the line keeps a third (登记号二维码：/ 在村站“办件查询”扫码); else
 * where the Chinese rules allow (no closing punctuation starting a line, no
 * opening one ending it, a number or Latin word whole) and no word of the
 * kiosk's list is cut nor a number parted from its unit (words_keep_together),
 * if that keeps more than half the line; else where the rules
 * allow; else where the columns run out. */
static void put_wrapped(buf *o, iconv_t cd, const char *s, int cols, int indent)
{
    const words_set *ws = words_kiosk();
    const char *p = s, *line = s;
    const char *brk[SLIP_BREAKS];
    int brk_w[SLIP_BREAKS], nbrk = 0;
    int w = 0;
    uint32_t prev = 0;
    const char *pause = NULL; /* the line's last allowed break after a clause's end */
    int pause_w = 0;
    while (*p) {
        const char *before = p;
        uint32_t cp = utf8_next(&p);
        int cw = cols_of(cp);
        if (before > line && !(ascii_word(prev) && ascii_word(cp)) &&
            !words_no_line_start(cp) && !words_no_line_end(prev) && nbrk < SLIP_BREAKS) {
            brk[nbrk] = before;
            brk_w[nbrk++] = w;
            if (words_is_pause(prev)) {
                pause = before;
                pause_w = w;
            }
        }
        if (w + cw > cols && before > line) {
            const char *at = before; /* no allowed break: cut where the columns end */
            int half = (w - indent) / 2, by_rules = -1, by_words = -1;
            if (pause && 3 * (pause_w - indent) >= cols - indent &&
                rest_cols(pause, cols - indent) <= cols - indent)
                nbrk = 0; /* the last clause whole on the next line */
            else
                pause = NULL;
            for (int i = nbrk - 1; i >= 0 && brk_w[i] - indent > half; i--) {
                if (by_rules < 0)
                    by_rules = i;
                if (!words_across(ws, s, brk[i]) && !words_keep_together(s, brk[i])) {
                    by_words = i;
                    break;
                }
            }
            if (pause)
                at = pause;
            else if (by_words >= 0 || by_rules >= 0)
                at = brk[by_words >= 0 ? by_words : by_rules];
            char seg[512];
            size_t n = (size_t)(at - line);
            if (n >= sizeof seg)
                n = sizeof seg - 1;
            memcpy(seg, line, n);
            seg[n] = '\0';
            put_text(o, cd, seg);
            put_bytes(o, 1, '\n');
            for (int i = 0; i < indent; i++)
                put_bytes(o, 1, ' ');
            /* the next line starts at the break: what came after it again */
            line = at;
            w = indent;
            nbrk = 0;
            prev = 0;
            pause = NULL;
            p = at;
            continue;
        }
        w += cw;
        prev = cp;
    }
    put_text(o, cd, line);
    put_bytes(o, 1, '\n');
}

/* Columns of a format's label: what comes before its first conversion. */
static int label_cols(const char *fmt)
{
    const char *p = fmt;
    int w = 0;
    while (*p && *p != '%')
        w += cols_of(utf8_next(&p));
    return w;
}

/* A "label：value" line from the slip's words (key holds a format taking one
 * string), wrapped so that continuation lines stand under the value. */
static void put_field(buf *o, iconv_t cd, const char *key, const char *value, int cols)
{
    const char *fmt = core_str(key);
    char line[512];
    snprintf(line, sizeof line, fmt, value);
    int indent = label_cols(fmt);
    put_wrapped(o, cd, line, cols, indent < cols / 2 ? indent : 0);
}

static int field_ok(const char *s, size_t max)
{
    return s && strlen(s) < max && utf8_valid(s);
}

/* A QR code (the printer's own, GS ( k) centred, with its caption under it
 * and a blank line after. */
static void put_qr(buf *o, iconv_t cd, const char *payload, const char *caption_key, int paper_mm,
                   int cols)
{
    size_t n = strlen(payload) + 3;
    put_bytes(o, 3, 0x1b, 'a', 1);
    put_bytes(o, 9, 0x1d, '(', 'k', 4, 0, 49, 65, 50, 0);                  /* model 2 */
    put_bytes(o, 8, 0x1d, '(', 'k', 3, 0, 49, 67, paper_mm == 58 ? 6 : 8); /* module size */
    put_bytes(o, 8, 0x1d, '(', 'k', 3, 0, 49, 69, 49);                     /* error level M */
    put_bytes(o, 8, 0x1d, '(', 'k', (int)(n & 0xff), (int)(n >> 8), 49, 80, 48);
    put(o, payload, strlen(payload));                                      /* store data */
    put_bytes(o, 8, 0x1d, '(', 'k', 3, 0, 49, 81, 48); /* print: the next line starts under it */
    put_wrapped(o, cd, core_str(caption_key), cols, 0);
    put_bytes(o, 1, '\n'); /* a blank line: the caption is read with the code over it,
                           * not the one under it */
    put_bytes(o, 3, 0x1b, 'a', 0);
}

int receipt_escpos(const receipt_info *r, int paper_mm, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!r || (paper_mm != 58 && paper_mm != 80) || !field_ok(r->title, sizeof r->title) ||
        !*r->title || !field_ok(r->station, sizeof r->station) ||
        !field_ok(r->status, sizeof r->status) || !field_ok(r->agent, sizeof r->agent) ||
        !field_ok(r->who, sizeof r->who) ||
        !field_ok(r->qr, sizeof r->qr) || (r->number[0] && !receipt_number_valid(r->number)) ||
        (r->fixes[0] && !receipt_number_valid(r->fixes)) ||
        receipt_reg_parse(r->reg_no, &(int64_t){0}) != RECEIPT_OK)
        return RECEIPT_ERR_ARG;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1)
        return RECEIPT_ERR_ENCODING;
    int cols = paper_mm == 58 ? 32 : 48;
    buf o = {0};
    put_bytes(&o, 2, 0x1b, '@');          /* initialise */
    put_bytes(&o, 2, 0x1c, '&');          /* Chinese character mode */
    put_bytes(&o, 3, 0x1b, 'a', 1);       /* centre */
    put_bytes(&o, 3, 0x1d, '!', 0x11);    /* double width and height */
    put_bytes(&o, 3, 0x1b, 'E', 1);       /* bold */
    put_text(&o, cd, core_str("receipt.slip.title"));
    put_bytes(&o, 1, '\n');
    put_bytes(&o, 3, 0x1d, '!', 0x00);
    put_bytes(&o, 3, 0x1b, 'E', 0);
    if (r->station[0])
        put_wrapped(&o, cd, r->station, cols, 0);
    put_bytes(&o, 3, 0x1b, 'a', 0);       /* left */
    char rule[64];
    memset(rule, '-', (size_t)cols);
    rule[cols] = '\0';
    put_text(&o, cd, rule);
    put_bytes(&o, 1, '\n');
    char when[64];
    put_field(&o, cd, "receipt.slip.item", r->title, cols);
    if (r->who[0])
        put_field(&o, cd, "receipt.slip.who", r->who, cols);
    put_bytes(&o, 3, 0x1b, 'E', 1);
    put_field(&o, cd, "receipt.slip.local", r->reg_no, cols);
    if (r->number[0])
        put_field(&o, cd, "receipt.slip.number", r->number, cols);
    put_bytes(&o, 3, 0x1b, 'E', 0);
    receipt_time_text(r->time, when, sizeof when);
    put_field(&o, cd, "receipt.slip.time", when, cols);
    if (r->status[0])
        put_field(&o, cd, "receipt.slip.status", r->status, cols);
    if (r->agent[0])
        put_field(&o, cd, "receipt.slip.agent", r->agent, cols);
    if (r->fixes[0])
        put_field(&o, cd, "receipt.slip.fixes", r->fixes, cols);
    put_text(&o, cd, rule);
    put_bytes(&o, 1, '\n');
    put_qr(&o, cd, r->reg_no, "receipt.slip.scan_local", paper_mm, cols);
    if (r->qr[0])
        put_qr(&o, cd, r->qr, receipt_scan_key(r->qr, 1), paper_mm, cols);
    put_wrapped(&o, cd, core_str("receipt.slip.keep"), cols, 0);
    put_bytes(&o, 3, 0x1b, 'd', 4);       /* feed 4 lines */
    put_bytes(&o, 4, 0x1d, 'V', 66, 0);   /* partial cut */
    iconv_close(cd);
    if (o.err) {
        free(o.b);
        return o.err;
    }
    *out = o.b;
    *len = o.len;
    return RECEIPT_OK;
}

/* ---- decoding ---- */

typedef struct {
    void (*fn)(void *ud, const receipt_el *el);
    void *ud;
    iconv_t cd;
    char line[1024]; /* GB 18030 bytes of the current line */
    size_t n;
    int bold, big, align;
    int module; /* the QR code's dots per module (GS ( k 67), 0 before one */
} dec;

static int flush_line(dec *d)
{
    char utf[4096];
    char *in = d->line, *op = utf;
    size_t inl = d->n, ol = sizeof utf - 1;
    iconv(d->cd, NULL, NULL, NULL, NULL);
    if (iconv(d->cd, &in, &inl, &op, &ol) == (size_t)-1)
        return -1;
    *op = '\0';
    receipt_el el = {RECEIPT_EL_TEXT, utf, d->bold, d->big, d->align, 0};
    d->fn(d->ud, &el);
    d->n = 0;
    return 0;
}

int receipt_escpos_decode(const uint8_t *b, size_t len,
                          void (*fn)(void *ud, const receipt_el *el), void *ud, char *err,
                          size_t errlen)
{
    dec d;
    memset(&d, 0, sizeof d);
    d.fn = fn;
    d.ud = ud;
    d.cd = iconv_open("UTF-8", "GB18030");
    if (d.cd == (iconv_t)-1) {
        snprintf(err, errlen, "no GB 18030 converter");
        return RECEIPT_ERR_ENCODING;
    }
    char qr[4096];
    size_t i = 0;
    int rc = RECEIPT_OK;
#define NEED(k) do { if (i + (k) > len) { snprintf(err, errlen, "truncated command at byte %zu", i); rc = RECEIPT_ERR_ARG; goto out; } } while (0)
    while (i < len) {
        uint8_t c = b[i];
        if (c == '\n') {
            if (flush_line(&d) != 0) {
                snprintf(err, errlen, "text before byte %zu is not GB 18030", i);
                rc = RECEIPT_ERR_ENCODING;
                goto out;
            }
            i++;
        } else if (c == 0x1b) {
            NEED(2);
            uint8_t k = b[i + 1];
            if (k == '@') {
                d.bold = d.big = d.align = 0;
                i += 2;
            } else if (k == 'a' || k == 'E' || k == 'd') {
                NEED(3);
                if (k == 'a')
                    d.align = b[i + 2] % 3;
                else if (k == 'E')
                    d.bold = b[i + 2] & 1;
                else {
                    receipt_el el = {RECEIPT_EL_FEED, NULL, 0, 0, 0, b[i + 2]};
                    fn(ud, &el);
                }
                i += 3;
            } else {
                snprintf(err, errlen, "unknown ESC command 0x%02x at byte %zu", k, i);
                rc = RECEIPT_ERR_ARG;
                goto out;
            }
        } else if (c == 0x1c) {
            NEED(2);
            if (b[i + 1] != '&' && b[i + 1] != '.') {
                snprintf(err, errlen, "unknown FS command at byte %zu", i);
                rc = RECEIPT_ERR_ARG;
                goto out;
            }
            i += 2;
        } else if (c == 0x1d) {
            NEED(2);
            uint8_t k = b[i + 1];
            if (k == '!') {
                NEED(3);
                d.big = b[i + 2] != 0;
                i += 3;
            } else if (k == 'V') {
                NEED(3);
                i += (b[i + 2] == 65 || b[i + 2] == 66) ? 4 : 3;
                if (i > len) {
                    snprintf(err, errlen, "truncated cut command");
                    rc = RECEIPT_ERR_ARG;
                    goto out;
                }
                receipt_el el = {RECEIPT_EL_CUT, NULL, 0, 0, 0, 0};
                fn(ud, &el);
            } else if (k == '(') {
                NEED(5);
                if (b[i + 2] != 'k') {
                    snprintf(err, errlen, "unknown GS ( command at byte %zu", i);
                    rc = RECEIPT_ERR_ARG;
                    goto out;
                }
                size_t n = (size_t)b[i + 3] | ((size_t)b[i + 4] << 8);
                NEED(5 + n);
                if (n < 3 || b[i + 5] != 49) {
                    snprintf(err, errlen, "malformed QR command at byte %zu", i);
                    rc = RECEIPT_ERR_ARG;
                    goto out;
                }
                uint8_t fnc = b[i + 6];
                if (fnc == 80) { /* store data */
                    size_t dl = n - 3;
                    if (dl >= sizeof qr) {
                        snprintf(err, errlen, "QR data too long at byte %zu", i);
                        rc = RECEIPT_ERR_ARG;
                        goto out;
                    }
                    memcpy(qr, b + i + 8, dl);
                    qr[dl] = '\0';
                } else if (fnc == 67) { /* module size */
                    d.module = b[i + 7];
                } else if (fnc == 81) { /* print */
                    receipt_el el = {RECEIPT_EL_QR, qr, 0, 0, d.align, d.module};
                    fn(ud, &el);
                }
                i += 5 + n;
            } else {
                snprintf(err, errlen, "unknown GS command 0x%02x at byte %zu", k, i);
                rc = RECEIPT_ERR_ARG;
                goto out;
            }
        } else if (c < 0x20 && c != '\t') {
            snprintf(err, errlen, "unexpected control byte 0x%02x at byte %zu", c, i);
            rc = RECEIPT_ERR_ARG;
            goto out;
        } else {
            if (d.n >= sizeof d.line) {
                snprintf(err, errlen, "line longer than %zu bytes at byte %zu", sizeof d.line, i);
                rc = RECEIPT_ERR_ARG;
                goto out;
            }
            d.line[d.n++] = (char)c;
            i++;
        }
    }
    if (d.n && flush_line(&d) != 0) {
        snprintf(err, errlen, "trailing text is not GB 18030");
        rc = RECEIPT_ERR_ENCODING;
    }
#undef NEED
out:
    iconv_close(d.cd);
    return rc;
}
