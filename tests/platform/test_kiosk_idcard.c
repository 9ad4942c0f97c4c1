/* test_kiosk_idcard.c — the kiosk's SAM ID-card reader driver against a
 * pseudo-terminal whose other end plays the reader: good reads, cards put
 * down late, and damaged answers (checksum, short, wrong length, silence). */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/idcard_sam.h"
#include "plat_idcard.h"
#include "core/strings.h"
#include "core/utf8.h"

/* ---- the card's text block ---- */

static void put_field(uint8_t *blk, int off, int len, const char *utf8)
{
    for (int i = 0; i < len; i += 2) {
        blk[off + i] = 0x20;
        blk[off + i + 1] = 0;
    }
    const char *p = utf8;
    uint32_t c;
    int i = 0;
    while ((c = utf8_next(&p)) && i < len) {
        blk[off + i] = (uint8_t)(c & 0xFF);
        blk[off + i + 1] = (uint8_t)(c >> 8);
        i += 2;
    }
}

static void make_text(uint8_t *blk)
{
    memset(blk, 0, SAM_TEXT_LEN);
    put_field(blk, 0, 30, "覃玉兰");
    put_field(blk, 30, 2, "2");
    put_field(blk, 32, 4, "15");
    put_field(blk, 36, 16, "19610205");
    put_field(blk, 52, 70, "湖北省恩施土家族苗族自治州恩施市白杨坪镇龙潭村二组");
    put_field(blk, 122, 36, "42280119610205004X");
    put_field(blk, 158, 30, "恩施市公安局");
    put_field(blk, 188, 16, "20180822");
    put_field(blk, 204, 16, "20380822");
    put_field(blk, 220, 36, "");
}

/* ---- the reader's side of the line ---- */

enum { SC_GOOD, SC_LATE_CARD, SC_NO_CARD, SC_NOISE, SC_BAD_SUM, SC_SHORT, SC_HUGE_LEN,
       SC_TEXT_LEN, SC_SILENT, SC_SELECT_FAIL, SC_SAM_FAULT, SC_BAD_TEXT, SC_SPLIT };

typedef struct {
    int fd, scenario;
    int finds, selects, reads, bad_host_frames;
} reader;

static int read_n(int fd, uint8_t *b, size_t n, int timeout_ms)
{
    size_t got = 0;
    while (got < n) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, timeout_ms) <= 0)
            return -1;
        ssize_t k = read(fd, b + got, n - got);
        if (k <= 0)
            return -1;
        got += (size_t)k;
    }
    return 0;
}

static void send_answer(reader *r, uint8_t sw3, const uint8_t *data, size_t n)
{
    uint8_t f[1400];
    size_t len = 3 + n + 1, k = 0;
    static const uint8_t pre[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
    if (r->scenario == SC_NOISE) {
        static const uint8_t junk[] = {0x00, 0xAA, 0xAA, 0x96, 0x55, 0xAA};
        memcpy(f, junk, sizeof junk);
        k = sizeof junk;
    }
    memcpy(f + k, pre, 5);
    k += 5;
    size_t start = k;
    f[k++] = (uint8_t)(len >> 8);
    f[k++] = (uint8_t)len;
    f[k++] = 0;
    f[k++] = 0;
    f[k++] = sw3;
    if (n)
        memcpy(f + k, data, n); /* data may be NULL for an empty answer */
    k += n;
    uint8_t sum = 0;
    for (size_t i = start; i < k; i++)
        sum ^= f[i];
    f[k++] = sum;
    int is_read = n > 100;
    if (is_read && r->scenario == SC_BAD_SUM)
        f[k - 1] ^= 0x5A;
    if (is_read && r->scenario == SC_SHORT)
        k -= 300; /* the line drops in the middle of the answer */
    if (is_read && r->scenario == SC_HUGE_LEN) {
        f[start] = 0x7F; /* a length no reader sends */
        f[start + 1] = 0xFF;
    }
    if (r->scenario == SC_SPLIT && is_read) {
        /* slow line: the answer comes in small pieces */
        for (size_t i = 0; i < k; i += 97) {
            size_t m = k - i < 97 ? k - i : 97;
            if (write(r->fd, f + i, m) != (ssize_t)m)
                return;
            usleep(2000);
        }
        return;
    }
    if (write(r->fd, f, k) != (ssize_t)k)
        return;
}

static void *reader_main(void *arg)
{
    reader *r = arg;
    for (;;) {
        uint8_t h[10];
        if (read_n(r->fd, h, 10, 5000) != 0)
            return NULL; /* the driver closed the line */
        static const uint8_t pre[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
        if (memcmp(h, pre, 5) || h[5] != 0 || h[6] != 3 || (h[5] ^ h[6] ^ h[7] ^ h[8] ^ h[9])) {
            r->bad_host_frames++;
            continue;
        }
        uint8_t cmd = h[7], para = h[8];
        if (r->scenario == SC_SILENT)
            continue;
        if (cmd == 0x20 && para == 0x01) {
            r->finds++;
            int card = r->scenario != SC_NO_CARD && (r->scenario != SC_LATE_CARD || r->finds > 3);
            if (r->scenario == SC_SAM_FAULT)
                send_answer(r, 0x60, NULL, 0);
            else
                send_answer(r, card ? 0x9F : 0x80, (const uint8_t[]){0, 0, 0, 0}, 4);
        } else if (cmd == 0x20 && para == 0x02) {
            r->selects++;
            send_answer(r, r->scenario == SC_SELECT_FAIL ? 0x81 : 0x90,
                        (const uint8_t[]){0, 0, 0, 0, 0, 0, 0, 0}, 8);
        } else if (cmd == 0x30 && para == 0x01) {
            r->reads++;
            uint8_t d[4 + SAM_TEXT_LEN + SAM_PHOTO_LEN];
            d[0] = 0x01;
            d[1] = r->scenario == SC_TEXT_LEN ? 0x02 : 0x00;
            d[2] = 0x04;
            d[3] = 0x00;
            make_text(d + 4);
            if (r->scenario == SC_BAD_TEXT)
                put_field(d + 4, 30, 2, "5");
            for (int i = 0; i < SAM_PHOTO_LEN; i++)
                d[4 + SAM_TEXT_LEN + i] = (uint8_t)(i * 7);
            send_answer(r, 0x90, d, sizeof d);
        } else {
            send_answer(r, 0x21, NULL, 0);
        }
    }
}

typedef struct {
    reader rd;
    pthread_t th;
    plat_idcard *card;
} rig;

static int rig_start(rig *g, int scenario)
{
    memset(g, 0, sizeof *g);
    int m, s;
    char name[256], err[256];
    if (openpty(&m, &s, name, NULL, NULL) != 0)
        return -1;
    g->card = plat_idcard_open(name, 115200, err, sizeof err);
    close(s);
    if (!g->card) {
        close(m);
        return -1;
    }
    g->rd.fd = m;
    g->rd.scenario = scenario;
    return pthread_create(&g->th, NULL, reader_main, &g->rd);
}

static void rig_stop(rig *g)
{
    plat_idcard_close(g->card);
    pthread_join(g->th, NULL);
    close(g->rd.fd);
}

/* Reads with the given scenario; returns the driver's code. */
static int read_with(int scenario, int timeout_ms, plat_idcard_info *info, reader *seen)
{
    rig g;
    if (rig_start(&g, scenario) != 0)
        return -100;
    int rc = plat_idcard_read(g.card, info, timeout_ms);
    rig_stop(&g);
    if (seen)
        *seen = g.rd;
    return rc;
}

static void test_good_read(void)
{
    plat_idcard_info i;
    reader seen;
    CHECK_EQ_INT(read_with(SC_GOOD, 3000, &i, &seen), PLAT_IDCARD_OK);
    CHECK_EQ_STR(i.name, "覃玉兰");
    CHECK_EQ_STR(i.sex, "女");
    CHECK_EQ_STR(i.ethnicity, "土家");
    CHECK_EQ_STR(i.birth, "19610205");
    CHECK_EQ_STR(i.address, "湖北省恩施土家族苗族自治州恩施市白杨坪镇龙潭村二组");
    CHECK_EQ_STR(i.id_number, "42280119610205004X");
    CHECK_EQ_STR(i.authority, "恩施市公安局");
    CHECK_EQ_STR(i.valid_from, "20180822");
    CHECK_EQ_STR(i.valid_to, "20380822");
    REQUIRE(i.photo != NULL);
    CHECK_EQ_INT(i.photo_len, SAM_PHOTO_LEN);
    CHECK_EQ_INT(i.photo[100], (uint8_t)700);
    CHECK_EQ_INT(seen.finds, 1);
    CHECK_EQ_INT(seen.selects, 1);
    CHECK_EQ_INT(seen.reads, 1);
    CHECK_EQ_INT(seen.bad_host_frames, 0);
    plat_idcard_clear(&i);
    CHECK(i.photo == NULL);
    CHECK_EQ_STR(i.name, "");
}

static void test_card_put_down_late(void)
{
    plat_idcard_info i;
    reader seen;
    CHECK_EQ_INT(read_with(SC_LATE_CARD, 5000, &i, &seen), PLAT_IDCARD_OK);
    CHECK_EQ_INT(seen.finds, 4);
    CHECK_EQ_STR(i.id_number, "42280119610205004X");
    plat_idcard_clear(&i);
}

static void test_no_card(void)
{
    plat_idcard_info i;
    reader seen;
    CHECK_EQ_INT(read_with(SC_NO_CARD, 700, &i, &seen), PLAT_IDCARD_ERR_NO_CARD);
    CHECK(seen.finds >= 2);
    CHECK_EQ_INT(seen.reads, 0);
    CHECK_EQ_STR(i.name, "");
}

static void test_noise_before_answers(void)
{
    plat_idcard_info i;
    CHECK_EQ_INT(read_with(SC_NOISE, 3000, &i, NULL), PLAT_IDCARD_OK);
    CHECK_EQ_STR(i.name, "覃玉兰");
    plat_idcard_clear(&i);
}

static void test_slow_line(void)
{
    plat_idcard_info i;
    CHECK_EQ_INT(read_with(SC_SPLIT, 3000, &i, NULL), PLAT_IDCARD_OK);
    CHECK_EQ_STR(i.valid_to, "20380822");
    plat_idcard_clear(&i);
}

static void test_damaged_answers(void)
{
    plat_idcard_info i;
    CHECK_EQ_INT(read_with(SC_BAD_SUM, 3000, &i, NULL), PLAT_IDCARD_ERR_BAD_FRAME);
    CHECK_EQ_STR(i.name, "");
    CHECK(i.photo == NULL);
    CHECK_EQ_INT(read_with(SC_SHORT, 3000, &i, NULL), PLAT_IDCARD_ERR_BAD_FRAME);
    CHECK_EQ_INT(read_with(SC_HUGE_LEN, 3000, &i, NULL), PLAT_IDCARD_ERR_BAD_FRAME);
    CHECK_EQ_INT(read_with(SC_TEXT_LEN, 3000, &i, NULL), PLAT_IDCARD_ERR_BAD_FRAME);
    CHECK_EQ_INT(read_with(SC_BAD_TEXT, 3000, &i, NULL), PLAT_IDCARD_ERR_BAD_DATA);
    CHECK_EQ_STR(i.name, "");
}

static void test_reader_errors(void)
{
    plat_idcard_info i;
    reader seen;
    CHECK_EQ_INT(read_with(SC_SILENT, 3000, &i, &seen), PLAT_IDCARD_ERR_TIMEOUT);
    CHECK_EQ_INT(read_with(SC_SELECT_FAIL, 3000, &i, &seen), PLAT_IDCARD_ERR_READ_FAIL);
    CHECK_EQ_INT(seen.reads, 0);
    CHECK_EQ_INT(read_with(SC_SAM_FAULT, 3000, &i, NULL), PLAT_IDCARD_ERR_READER_FAULT);
}

static void test_reader_unplugged(void)
{
    char err[256] = "";
    CHECK(plat_idcard_open("/nonexistent/ttyUSB9", 115200, err, sizeof err) == NULL);
    CHECK(strstr(err, "ttyUSB9") != NULL);
    /* The reader goes away while we talk to it: the line hangs up. */
    int m, s;
    char name[256];
    REQUIRE(openpty(&m, &s, name, NULL, NULL) == 0);
    plat_idcard *c = plat_idcard_open(name, 115200, err, sizeof err);
    close(s);
    REQUIRE(c != NULL);
    close(m);
    plat_idcard_info i;
    int rc = plat_idcard_read(c, &i, 1000);
    CHECK(rc == PLAT_IDCARD_ERR_NO_DEVICE || rc == PLAT_IDCARD_ERR_IO);
    plat_idcard_close(c);
    /* An unsupported baud rate is refused. */
    REQUIRE(openpty(&m, &s, name, NULL, NULL) == 0);
    CHECK(plat_idcard_open(name, 12345, err, sizeof err) == NULL);
    close(s);
    close(m);
}

static void test_text_block(void)
{
    uint8_t b[SAM_TEXT_LEN];
    plat_idcard_info i;
    make_text(b);
    CHECK_EQ_INT(sam_parse_text(b, &i), PLAT_IDCARD_OK);
    CHECK_EQ_STR(i.ethnicity, "土家");
    put_field(b, 204, 16, "长期");
    put_field(b, 30, 2, "1");
    put_field(b, 32, 4, "01");
    CHECK_EQ_INT(sam_parse_text(b, &i), PLAT_IDCARD_OK);
    CHECK_EQ_STR(i.valid_to, "长期");
    CHECK_EQ_STR(i.sex, "男");
    CHECK_EQ_STR(i.ethnicity, "汉");
    CHECK_EQ_STR(sam_ethnicity_name(56), "基诺");
    CHECK_EQ_STR(sam_ethnicity_name(98), "外国血统中国籍人士");
    CHECK(sam_ethnicity_name(0) == NULL);
    CHECK(sam_ethnicity_name(57) == NULL);

    static const struct { int off, len; const char *val; } BAD[] = {
        {30, 2, "3"},                        /* no such sex code */
        {32, 4, "57"},                       /* no such ethnicity */
        {32, 4, "x1"},
        {36, 16, "19610230"},                /* 30 February */
        {36, 16, "1961025"},                 /* seven digits */
        {122, 36, "42280119610205004"},      /* 17 characters */
        {122, 36, "4228011961020500A4"},     /* a letter inside */
        {122, 36, "42280119610205004x"},     /* lower-case x */
        {0, 30, ""},                         /* no name */
        {52, 70, ""},                        /* no address */
        {204, 16, "永久"},
        {188, 16, "2018-8-2"},
    };
    for (size_t k = 0; k < sizeof BAD / sizeof BAD[0]; k++) {
        make_text(b);
        put_field(b, BAD[k].off, BAD[k].len, BAD[k].val);
        CHECK_EQ_INT(sam_parse_text(b, &i), PLAT_IDCARD_ERR_BAD_DATA);
        CHECK_EQ_STR(i.name, "");
    }
    make_text(b);
    b[2] = 0x00; /* a lone surrogate in the name */
    b[3] = 0xD8;
    CHECK_EQ_INT(sam_parse_text(b, &i), PLAT_IDCARD_ERR_BAD_DATA);
    make_text(b);
    b[2] = 0x07; /* a control character */
    b[3] = 0x00;
    CHECK_EQ_INT(sam_parse_text(b, &i), PLAT_IDCARD_ERR_BAD_DATA);
}

static void test_messages(void)
{
    for (int c = PLAT_IDCARD_OK; c >= PLAT_IDCARD_ERR_NOMEM; c--) {
        const char *m = plat_idcard_strerror(c);
        CHECK(m && *m && utf8_valid(m));
    }
    /* what a villager reads comes from the assets */
    char err[256];
    REQUIRE(core_strings_load(check_asset("text/zh-CN.txt"), err, sizeof err) == 0);
    CHECK(strstr(core_str(plat_idcard_error_key(PLAT_IDCARD_ERR_NO_CARD)), "身份证") != NULL);
    core_strings_free();
}

int main(void)
{
    RUN(test_text_block);
    RUN(test_good_read);
    RUN(test_card_put_down_late);
    RUN(test_no_card);
    RUN(test_noise_before_answers);
    RUN(test_slow_line);
    RUN(test_damaged_answers);
    RUN(test_reader_errors);
    RUN(test_reader_unplugged);
    RUN(test_messages);
    return check_summary();
}
