/* test_receipt.c — QR payloads and the ESC/POS slip, read back by the decoder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "core/words.h"
#include "receipt/receipt.h"

typedef struct {
    char text[8192];
    char qr[512];
    int cuts, qrs, bold_lines, big_lines;
    int max_cols;
    int module; /* the last QR code's dots per module */
} slip;

static int cols(const char *s)
{
    int c = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80)
            c++;
        else if ((*p & 0xc0) != 0x80)
            c += 2;
    }
    return c;
}

static void collect(void *ud, const receipt_el *el)
{
    slip *s = ud;
    if (el->kind == RECEIPT_EL_TEXT) {
        strncat(s->text, el->text, sizeof s->text - strlen(s->text) - 2);
        strcat(s->text, "\n");
        int c = cols(el->text) * (el->big ? 2 : 1);
        if (c > s->max_cols)
            s->max_cols = c;
        s->bold_lines += el->bold;
        s->big_lines += el->big;
    } else if (el->kind == RECEIPT_EL_QR) {
        snprintf(s->qr, sizeof s->qr, "%s", el->text);
        s->module = el->lines;
        s->qrs++;
    } else if (el->kind == RECEIPT_EL_CUT) {
        s->cuts++;
    }
}

static receipt_info sample(void)
{
    receipt_info r;
    memset(&r, 0, sizeof r);
    snprintf(r.number, sizeof r.number, "420500-20261122-000123");
    snprintf(r.title, sizeof r.title, "城乡居民基本医疗保险参保登记及缴费（含全体家庭成员）");
    snprintf(r.station, sizeof r.station, "青山村便民服务站");
    snprintf(r.status, sizeof r.status, "已受理");
    snprintf(r.agent, sizeof r.agent, "A0012");
    snprintf(r.who, sizeof r.who, "王*英");
    receipt_reg_make(123, r.reg_no, sizeof r.reg_no);
    r.time = 1795311000;
    receipt_qr_payload("https://zwfw.example.cn/cx", r.number, r.qr, sizeof r.qr);
    return r;
}

static void test_qr_payload(void)
{
    char out[300], num[64];
    CHECK_EQ_INT(receipt_qr_payload("https://zwfw.example.cn/cx", "R-ABC123", out, sizeof out), 0);
    CHECK_EQ_STR(out, "https://zwfw.example.cn/cx?r=R-ABC123");
    CHECK_EQ_INT(receipt_qr_parse(out, num, sizeof num), 0);
    CHECK_EQ_STR(num, "R-ABC123");
    CHECK_EQ_INT(receipt_qr_payload(NULL, "R-ABC123", out, sizeof out), 0);
    CHECK_EQ_STR(out, "CZRCPT:R-ABC123");
    CHECK_EQ_INT(receipt_qr_parse(out, num, sizeof num), 0);
    CHECK_EQ_STR(num, "R-ABC123");
    CHECK_EQ_INT(receipt_qr_parse("https://x.cn/a?x=1&r=ABCDEF9&y=2", num, sizeof num), 0);
    CHECK_EQ_STR(num, "ABCDEF9");
    /* malformed */
    CHECK_EQ_INT(receipt_qr_payload("http://insecure", "R-ABC123", out, sizeof out), RECEIPT_ERR_ARG);
    CHECK_EQ_INT(receipt_qr_payload("https://a b", "R-ABC123", out, sizeof out), RECEIPT_ERR_ARG);
    CHECK_EQ_INT(receipt_qr_payload(NULL, "abc", out, sizeof out), RECEIPT_ERR_ARG);
    CHECK_EQ_INT(receipt_qr_payload(NULL, "R-ABC123", out, 8), RECEIPT_ERR_ARG);
    const char *bad[] = {"", "CZRCPT:", "CZRCPT:short", "CZRCPT:lower-case1", "https://x.cn/",
                         "https://x.cn/?r=", "ftp://x?r=ABCDEF9", "CZRCPT:ABC DEF9",
                         "CZRCPT:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(receipt_qr_parse(bad[i], num, sizeof num), RECEIPT_ERR_ARG);
    CHECK_EQ_INT(receipt_qr_parse(NULL, num, sizeof num), RECEIPT_ERR_ARG);
}

/* The registration number: digits, a check digit that catches every single
 * wrong digit and every swap of two neighbours, and back to the sequence. */
static void test_reg_number(void)
{
    char reg[RECEIPT_REG_MAX + 1];
    int64_t seq = 0;
    CHECK_EQ_INT(receipt_reg_make(123, reg, sizeof reg), 0);
    CHECK_EQ_STR(reg, "00001234");
    CHECK_EQ_INT(receipt_reg_parse(reg, &seq), 0);
    CHECK(seq == 123);
    CHECK_EQ_INT(receipt_reg_parse("0000 1234", &seq), 0); /* read out in groups */
    CHECK_EQ_INT(receipt_reg_make(12345678, reg, sizeof reg), 0);
    CHECK_EQ_INT((int)strlen(reg), 9);
    CHECK_EQ_INT(receipt_reg_parse(reg, &seq), 0);
    CHECK(seq == 12345678);
    for (int64_t n = 1; n < 3000; n += 7) {
        REQUIRE(receipt_reg_make(n, reg, sizeof reg) == RECEIPT_OK);
        size_t len = strlen(reg);
        for (size_t i = 0; i < len; i++) {
            char typo[RECEIPT_REG_MAX + 1];
            for (char d = '0'; d <= '9'; d++) { /* every single wrong digit */
                if (d == reg[i])
                    continue;
                snprintf(typo, sizeof typo, "%s", reg);
                typo[i] = d;
                CHECK_EQ_INT(receipt_reg_parse(typo, &seq), RECEIPT_ERR_ARG);
            }
            if (i + 1 < len && reg[i] != reg[i + 1]) { /* neighbours swapped */
                snprintf(typo, sizeof typo, "%s", reg);
                typo[i] = reg[i + 1];
                typo[i + 1] = reg[i];
                CHECK_EQ_INT(receipt_reg_parse(typo, &seq), RECEIPT_ERR_ARG);
            }
        }
    }
    CHECK_EQ_INT(receipt_reg_make(0, reg, sizeof reg), RECEIPT_ERR_ARG);
    CHECK_EQ_INT(receipt_reg_make(5, reg, 8), RECEIPT_ERR_ARG); /* 8 digits need 9 bytes */
    const char *bad[] = {"", "1236", "0000123", "00001234X", "CZ2026112200001", "-0001236",
                         "00000000000000000", "00000000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(receipt_reg_parse(bad[i], &seq), RECEIPT_ERR_ARG);
    CHECK_EQ_INT(receipt_reg_parse(NULL, &seq), RECEIPT_ERR_ARG);
}

/* r printed on 58 mm paper and read back into s: 0, or -1. */
static int slip_of(const receipt_info *r, slip *s)
{
    uint8_t *b;
    size_t len;
    char err[256];
    memset(s, 0, sizeof *s);
    if (receipt_escpos(r, 58, &b, &len) != RECEIPT_OK)
        return -1;
    int rc = receipt_escpos_decode(b, len, collect, s, err, sizeof err);
    free(b);
    return rc == 0 ? 0 : -1;
}

/* The slip's text without its line breaks and spaces: what was wrapped, whole. */
static void unwrapped(const char *text, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = text; *p && k + 1 < n; p++)
        if (*p != '\n' && *p != ' ')
            out[k++] = *p;
    out[k] = '\0';
}

static void test_escpos_roundtrip(void)
{
    static const int papers[2] = {58, 80};
    for (int k = 0; k < 2; k++) {
        receipt_info r = sample();
        uint8_t *b;
        size_t len;
        REQUIRE(receipt_escpos(&r, papers[k], &b, &len) == RECEIPT_OK);
        CHECK(len > 100);
        CHECK(b[0] == 0x1b && b[1] == '@');
        CHECK(b[len - 4] == 0x1d && b[len - 3] == 'V'); /* ends with a cut */
        slip s;
        memset(&s, 0, sizeof s);
        char err[256] = "";
        CHECK_EQ_INT(receipt_escpos_decode(b, len, collect, &s, err, sizeof err), 0);
        CHECK(strstr(s.text, "办件回执") != NULL);
        CHECK(strstr(s.text, "回执号：420500-20261122-000123") != NULL);
        CHECK(strstr(s.text, "代办员：A0012") != NULL);
        CHECK(strstr(s.text, "申请人：王*英") != NULL); /* whose, masked */
        CHECK(strstr(s.text, "青山村便民服务站") != NULL);
        CHECK(strstr(s.text, "登记号：00001234") != NULL);
        CHECK_EQ_STR(s.qr, r.qr); /* the county's QR comes last */
        CHECK_EQ_INT(s.qrs, 2);
        CHECK_EQ_INT(s.cuts, 1);
        CHECK(s.big_lines >= 1 && s.bold_lines >= 2);
        /* no line wider than the paper: 32 columns on 58 mm, 48 on 80 mm */
        CHECK(s.max_cols <= (papers[k] == 58 ? 32 : 48));
        /* the long title wraps but every character survives */
        char joined[8192];
        unwrapped(s.text, joined, sizeof joined);
        CHECK(strstr(joined, "城乡居民基本医疗保险参保登记及缴费（含全体家庭成员）") != NULL);
        free(b);
    }
}

/* A correction's slip names the receipt of the filing it replaces; a
 * number that is no receipt number is refused, nothing printed. */
static void test_escpos_correction(void)
{
    receipt_info r = sample();
    snprintf(r.fixes, sizeof r.fixes, "CZ202611220000001");
    slip s;
    REQUIRE(slip_of(&r, &s) == 0);
    char joined[8192];
    unwrapped(s.text, joined, sizeof joined);
    CHECK(strstr(joined, "补正的原件回执号：CZ202611220000001") != NULL);
    uint8_t *b;
    size_t len;
    static const char *const BAD[] = {"cz1", "CZ 2026", "原回执"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        snprintf(r.fixes, sizeof r.fixes, "%s", BAD[i]);
        b = (uint8_t *)1;
        CHECK_EQ_INT(receipt_escpos(&r, 58, &b, &len), RECEIPT_ERR_ARG);
        CHECK(b == NULL);
    }
}

static void test_escpos_pending(void)
{
    receipt_info r = sample();
    r.number[0] = '\0';
    snprintf(r.status, sizeof r.status, "待上传");
    r.qr[0] = '\0';
    slip s;
    REQUIRE(slip_of(&r, &s) == 0);
    CHECK(strstr(s.text, "登记号：00001234") != NULL);
    CHECK(strstr(s.text, "回执号") == NULL);
    CHECK_EQ_INT(s.qrs, 1);
    CHECK_EQ_STR(s.qr, "00001234"); /* the registration number's QR: its digits */
    CHECK(strstr(s.text, "补正") == NULL); /* not a correction */
    r.who[0] = '\0'; /* nobody named (a form without a name): no such line */
    REQUIRE(slip_of(&r, &s) == 0);
    CHECK(strstr(s.text, "申请人") == NULL);
    r = sample();
    r.number[0] = '\0';
    snprintf(r.status, sizeof r.status, "待上传");
    r.qr[0] = '\0';
    REQUIRE(slip_of(&r, &s) == 0);
    /* its caption, wider than 58 mm, breaks after its ：with the rest whole
     * (not 登记号二维码：在村站“办件查 / 询”扫码) */
    if (!strstr(s.text, "登记号二维码：\n在村站“办件查询”扫码\n"))
        printf("  slip:\n%s", s.text);
    CHECK(strstr(s.text, "登记号二维码：\n在村站“办件查询”扫码\n") != NULL);
    /* a blank line after it: read with the code over it, not the next line */
    CHECK(strstr(s.text, "扫码\n\n请妥善保管本回执") != NULL);
    CHECK_EQ_INT(s.module, 6); /* 58 mm paper: 6 dots a module, read back for the preview */
}

/* The slip's lines broken at what places: how many joins of two lines cut
 * a word of the kiosk's list or part a number from its unit, and how many
 * lines start with closing punctuation. */
static void slip_joins(const char *text, const words_set *w, int *cut, int *bad_start)
{
    *cut = *bad_start = 0;
    const char *line = text;
    while (*line) {
        const char *nl = strchr(line, '\n');
        if (!nl)
            break;
        const char *next = nl + 1;
        while (*next == ' ')
            next++;
        const char *q = next;
        if (*next && *next != '\n' && words_no_line_start(utf8_next(&q)))
            (*bad_start)++;
        /* the last characters of this line and the first of the next, joined */
        char join[64];
        size_t a = (size_t)(nl - line) < 12 ? (size_t)(nl - line) : 12;
        const char *from = nl - a;
        while (from > line && ((unsigned char)*from & 0xC0) == 0x80)
            from++; /* start on a character */
        a = (size_t)(nl - from);
        size_t b = strcspn(next, "\n");
        b = b < 12 ? b : 12;
        while (b > 0 && ((unsigned char)next[b] & 0xC0) == 0x80)
            b--; /* end on a character */
        if (a + b < sizeof join && *next != '\n') {
            memcpy(join, from, a);
            memcpy(join + a, next, b);
            join[a + b] = '\0';
            *cut += words_across(w, join, join + a);
        }
        /* a number parted from its unit (80 / 周岁) counts as a cut word;
         * asked where a line goes on indented (the item's title wrapped):
         * elsewhere a number may end a line of its own (登记号：00001234) */
        if (next > nl + 1 && *next && *next != '\n' && nl > line) {
            char two[16];
            const char *lc = nl - 1;
            while (lc > line && ((unsigned char)*lc & 0xC0) == 0x80)
                lc--;
            const char *nc = next;
            utf8_next(&nc);
            size_t la = (size_t)(nl - lc), lb = (size_t)(nc - next);
            if (la + lb < sizeof two) {
                memcpy(two, lc, la);
                memcpy(two + la, next, lb);
                two[la + lb] = '\0';
                *cut += words_keep_together(two, two + la);
            }
        }
        line = nl + 1;
    }
}

/* On paper, as on the screens, a line ends where no word of the kiosk's list
 * is cut (参保 / 登记, not 参保登 / 记), no number is parted from its unit
 * (年满 / 80周岁, not 年满80 / 周岁) and no closing punctuation starts the
 * next; without the list the same slip cuts a word. */
static void test_escpos_words(void)
{
    char err[256];
    words_set *w = NULL;
    REQUIRE(words_load(check_asset("text/words.txt"), &w, err, sizeof err) == 0);
    static const int papers[2] = {58, 80};
    int cut_without = 0;
    for (int with = 1; with >= 0; with--) {
        if (with)
            REQUIRE(words_kiosk_load(check_asset("text/words.txt"), err, sizeof err) == 0);
        for (int k = 0; k < 4; k++) {
            receipt_info r = sample();
            /* the second title's 58 mm line would end 年满80周 without the
             * list, 年满80 / 周岁 with the list alone */
            snprintf(r.title, sizeof r.title, "%s",
                     k < 2 ? "城乡居民基本医疗保险参保登记及缴费，含全体家庭成员"
                           : "高龄老人津贴申请（年满80周岁以上）");
            uint8_t *b;
            size_t len;
            int paper = papers[k % 2];
            REQUIRE(receipt_escpos(&r, paper, &b, &len) == RECEIPT_OK);
            slip s;
            memset(&s, 0, sizeof s);
            CHECK_EQ_INT(receipt_escpos_decode(b, len, collect, &s, err, sizeof err), 0);
            CHECK(s.max_cols <= (paper == 58 ? 32 : 48));
            int cut, bad_start;
            slip_joins(s.text, w, &cut, &bad_start);
            if (with && (cut || bad_start))
                printf("  %d mm: %d word(s) cut, %d line(s) starting with closing punctuation:\n%s\n",
                       paper, cut, bad_start, s.text);
            if (with) {
                CHECK_EQ_INT(cut, 0);
                CHECK_EQ_INT(bad_start, 0);
            } else {
                cut_without += cut;
            }
            free(b);
        }
        if (with)
            words_kiosk_free();
    }
    CHECK(words_kiosk() == NULL); /* each load matched by one free */
    CHECK(cut_without > 0);       /* the list is what keeps them whole */
    words_free(w);
}

static void test_escpos_rejects(void)
{
    uint8_t *b;
    size_t len;
    receipt_info r = sample();
    CHECK_EQ_INT(receipt_escpos(&r, 76, &b, &len), RECEIPT_ERR_ARG);
    r = sample();
    r.title[0] = '\0';
    CHECK_EQ_INT(receipt_escpos(&r, 58, &b, &len), RECEIPT_ERR_ARG);
    r = sample();
    strcpy(r.title, "\xff\xfe");
    CHECK_EQ_INT(receipt_escpos(&r, 58, &b, &len), RECEIPT_ERR_ARG);
    r = sample();
    strcpy(r.number, "bad number");
    CHECK_EQ_INT(receipt_escpos(&r, 58, &b, &len), RECEIPT_ERR_ARG);
    r = sample();
    strcpy(r.who, "\xe7\x8e"); /* half a character */
    CHECK_EQ_INT(receipt_escpos(&r, 58, &b, &len), RECEIPT_ERR_ARG);
    r = sample();
    r.reg_no[0] = '\0'; /* no registration number */
    CHECK_EQ_INT(receipt_escpos(&r, 58, &b, &len), RECEIPT_ERR_ARG);
    r = sample();
    r.reg_no[7] = r.reg_no[7] == '9' ? '0' : (char)(r.reg_no[7] + 1); /* a wrong check digit */
    CHECK_EQ_INT(receipt_escpos(&r, 58, &b, &len), RECEIPT_ERR_ARG);
    CHECK(receipt_strerror(RECEIPT_ERR_ENCODING) != NULL);
}

static void test_decode_malformed(void)
{
    char err[256];
    slip s;
    static const struct { const char *b; size_t n; } bad[] = {
        {"\x1b", 1},                       /* truncated ESC */
        {"\x1b\x7f", 2},                   /* unknown ESC */
        {"\x1d(k\xff\x00\x31\x50", 8},     /* QR length past the end */
        {"\x1d(x\x01\x00", 5},             /* unknown GS ( */
        {"\x07", 1},                       /* stray control byte */
        {"\x81\n", 2},                     /* half a GB 18030 character */
        {"\x1dV", 2},                      /* truncated cut */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&s, 0, sizeof s);
        err[0] = '\0';
        CHECK(receipt_escpos_decode((const uint8_t *)bad[i].b, bad[i].n, collect, &s, err,
                                    sizeof err) != 0);
        CHECK(err[0] != '\0');
    }
}

int main(void)
{
    setenv("TZ", "CST-8", 1);
    char err[256]; /* the slip's words come from the assets */
    if (core_strings_load(check_asset("text/zh-CN.txt"), err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    RUN(test_qr_payload);
    RUN(test_reg_number);
    RUN(test_escpos_roundtrip);
    RUN(test_escpos_pending);
    RUN(test_escpos_correction);
    RUN(test_escpos_words);
    RUN(test_escpos_rejects);
    RUN(test_decode_malformed);
    CHECK_EQ_INT(core_strings_missing(), 0);
    core_strings_free();
    return check_summary();
}
