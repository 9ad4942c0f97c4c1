/* test_emu_devices.c — the emulator's ID-card reader (sample cards), printer
 * (bytes to a file) and watchdog; and the sample cards themselves: fictional
 * people whose ID numbers carry valid GB 11643 check digits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "plat_idcard.h"
#include "plat_printer.h"
#include "plat_watchdog.h"

static void test_sample_cards(void)
{
    char err[256] = "";
    const char *file = check_idcards();
    plat_idcard *r = plat_idcard_open(file, 0, err, sizeof err);
    REQUIRE(r != NULL);
    plat_idcard_info i;
    int cards = 0;
    for (int k = 0; k < 7; k++) {
        int rc = plat_idcard_read(r, &i, 100);
        if (k == 5) {
            CHECK_EQ_INT(rc, PLAT_IDCARD_ERR_READ_FAIL); /* the file's sixth block */
            CHECK_EQ_STR(i.name, "");
            continue;
        }
        REQUIRE(rc == PLAT_IDCARD_OK);
        cards++;
        CHECK_EQ_INT(strlen(i.id_number), 18);
        CHECK_EQ_INT(i.id_number[17], fx_id_check_char(i.id_number));
        CHECK(strncmp(i.id_number + 6, i.birth, 8) == 0);
        /* 17th digit odd for men, even for women */
        CHECK_EQ_STR(i.sex, (i.id_number[16] - '0') % 2 ? "男" : "女");
        CHECK(i.name[0] && i.address[0] && i.authority[0] && i.ethnicity[0]);
        CHECK(strlen(i.valid_from) == 8);
        CHECK(strlen(i.valid_to) == 8 || !strcmp(i.valid_to, "长期"));
        if (k == 6) /* an adult's card past its validity: the form says so */
            CHECK_EQ_STR(i.valid_to, "20251010");
        plat_idcard_clear(&i);
    }
    CHECK_EQ_INT(cards, 6);
    /* Round robin: the eighth read is the first card again. */
    CHECK_EQ_INT(plat_idcard_read(r, &i, 100), PLAT_IDCARD_OK);
    CHECK_EQ_STR(i.name, "张秀英");
    plat_idcard_close(r);

    char pinned[1100];
    snprintf(pinned, sizeof pinned, "%s#3", file);
    r = plat_idcard_open(pinned, 0, err, sizeof err);
    REQUIRE(r != NULL);
    for (int k = 0; k < 2; k++) {
        CHECK_EQ_INT(plat_idcard_read(r, &i, 100), PLAT_IDCARD_OK);
        CHECK_EQ_STR(i.name, "覃玉兰");
        CHECK_EQ_STR(i.ethnicity, "土家");
        CHECK_EQ_STR(i.id_number, "42280119610205004X");
    }
    plat_idcard_close(r);
    snprintf(pinned, sizeof pinned, "%s#9", file);
    CHECK(plat_idcard_open(pinned, 0, err, sizeof err) == NULL);
    snprintf(pinned, sizeof pinned, "%s#0", file);
    CHECK(plat_idcard_open(pinned, 0, err, sizeof err) == NULL);
}

static int open_text(const char *text, char *err, size_t errlen)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/cards.txt", check_tmpdir("emu"));
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    fclose(f);
    plat_idcard *r = plat_idcard_open(path, 0, err, errlen);
    int ok = r != NULL;
    plat_idcard_close(r);
    return ok;
}

static void test_malformed_sample_files(void)
{
    char err[256] = "";
    CHECK_EQ_INT(open_text("name = 无卡\n", err, sizeof err), 0);
    CHECK(strstr(err, ":1:") != NULL);
    CHECK_EQ_INT(open_text("[card]\nname = 甲\nfavourite = 1\n", err, sizeof err), 0);
    CHECK(strstr(err, ":3:") != NULL);
    CHECK_EQ_INT(open_text("[card]\nresult = exploded\n", err, sizeof err), 0);
    CHECK_EQ_INT(open_text("[card]\nbirth = 195203140\n", err, sizeof err), 0);
    CHECK_EQ_INT(open_text("[card]\nname\n", err, sizeof err), 0);
    CHECK_EQ_INT(open_text("# empty\n", err, sizeof err), 1);
    CHECK(plat_idcard_open("/nonexistent/cards.txt", 0, err, sizeof err) == NULL);
    unsetenv("CZ_IDCARD_SAMPLES");
    CHECK(plat_idcard_open(NULL, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "--idcard") != NULL);
}

static void test_printer_file(void)
{
    char path[1024], sp[1100];
    snprintf(path, sizeof path, "%s/printer.bin", check_tmpdir("emu-printer"));
    remove(path);
    snprintf(sp, sizeof sp, "%s.status", path);
    remove(sp);
    int code = -1;
    plat_printer *p = plat_printer_open(path, 0, &code);
    REQUIRE(p != NULL);
    CHECK_EQ_INT(code, PLAT_PRINTER_OK);
    CHECK_EQ_INT(plat_printer_write(p, "\x1b@abc", 5, 100), PLAT_PRINTER_OK);
    CHECK_EQ_INT(plat_printer_write(p, "\x1dV\x42\x00", 4, 100), PLAT_PRINTER_OK);
    int low = -1;
    CHECK_EQ_INT(plat_printer_status(p, &low, 100), PLAT_PRINTER_OK);
    CHECK_EQ_INT(low, 0);
    FILE *f = fopen(sp, "w");
    REQUIRE(f != NULL);
    fputs("no_paper\n", f);
    fclose(f);
    CHECK_EQ_INT(plat_printer_status(p, NULL, 100), PLAT_PRINTER_ERR_NO_PAPER);
    CHECK_EQ_INT(plat_printer_write(p, "x", 1, 100), PLAT_PRINTER_ERR_NO_PAPER);
    plat_printer_close(p);
    uint8_t got[32];
    f = fopen(path, "rb");
    REQUIRE(f != NULL);
    size_t n = fread(got, 1, sizeof got, f);
    fclose(f);
    CHECK_EQ_INT(n, 9);
    CHECK(memcmp(got, "\x1b@abc\x1dV\x42\x00", 9) == 0);
    CHECK(plat_printer_open("/nonexistent/dir/printer.bin", 0, &code) == NULL);
    CHECK_EQ_INT(code, PLAT_PRINTER_ERR_NO_DEVICE);
}

static void test_watchdog(void)
{
    char err[128];
    plat_watchdog *w = plat_watchdog_open(NULL, 45, err, sizeof err);
    REQUIRE(w != NULL);
    CHECK_EQ_INT(plat_watchdog_timeout(w), 45);
    CHECK_EQ_INT(plat_watchdog_kick(w), 0);
    plat_watchdog_close(w);
}

int main(void)
{
    RUN(test_sample_cards);
    RUN(test_malformed_sample_files);
    RUN(test_printer_file);
    RUN(test_watchdog);
    return check_summary();
}
