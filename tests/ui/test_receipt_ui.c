/* test_receipt_ui.c — the receipt screen (uploaded and waiting) and the printed
 * slip's picture, against reference images; printing through the callback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui/core/script.h"
#include "ui/screens/receipt/slip.h"
#include "core/strings.h"
#include "uitest.h"
#include "ui/core/session.h"
#include "ui/screens/receipt/receipt_screen.h"

static receipt_info sample(int uploaded)
{
    receipt_info r;
    memset(&r, 0, sizeof r);
    if (uploaded)
        snprintf(r.number, sizeof r.number, "420500-20261122-000123");
    receipt_reg_make(123, r.reg_no, sizeof r.reg_no);
    snprintf(r.title, sizeof r.title, "城乡居民基本养老保险参保登记");
    snprintf(r.station, sizeof r.station, "青山村便民服务站");
    snprintf(r.status, sizeof r.status, "%s", uploaded ? "已受理" : "待上传");
    r.time = 1795311000;
    if (uploaded)
        receipt_qr_payload("https://zwfw.example.cn/cx", r.number, r.qr, sizeof r.qr);
    return r;
}

static int prints;
static int fake_printer_fails;

/* Stands in for the printer driver: encodes the slip for real and keeps the bytes. */
static int print_slip(void *ud, const receipt_info *r, char *err, size_t n)
{
    uint8_t **keep = ud, *b;
    size_t len;
    if (fake_printer_fails) {
        snprintf(err, n, "no paper");
        return -1;
    }
    if (receipt_escpos(r, 58, &b, &len) != RECEIPT_OK)
        return -1;
    free(*keep);
    *keep = b;
    prints++;
    return 0;
}

static void test_receipt_screens(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    uint8_t *bytes = NULL;
    receipt_info r = sample(1);
    ui_app_push(u.app, ui_receipt_new(&r, print_slip, &bytes));
    text_reset_missing(ui_app_text(u.app));
    CHECK_EQ_INT(uitest_compare(&u, "ui/ref/receipt-uploaded.png"), 0);
    char err[256];
    CHECK_EQ_INT(ui_script_run(u.app, "expect-screen receipt\ntap @receipt.print\n", "s", NULL,
                               err, sizeof err), 0);
    CHECK_EQ_INT(prints, 1);
    CHECK(bytes != NULL);
    CHECK_EQ_INT(uitest_compare(&u, "ui/ref/receipt-printed.png"), 0);
    CHECK_EQ_INT(ui_script_run(u.app, "tap @receipt.home\nexpect-screen home\n", "s", NULL, err,
                               sizeof err), 0);
    /* waiting to upload: local number, no QR, and a failed print says so */
    r = sample(0);
    fake_printer_fails = 1;
    ui_app_push(u.app, ui_receipt_new(&r, print_slip, &bytes));
    CHECK_EQ_INT(ui_script_run(u.app, "tap @receipt.print\n", "s", NULL, err, sizeof err), 0);
    CHECK_EQ_INT(uitest_compare(&u, "ui/ref/receipt-pending-printfail.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
    fake_printer_fails = 0;

    /* the slip picture from the bytes the printer got */
    char path[512];
    snprintf(path, sizeof path, "%s/slip.png", check_tmpdir(NULL));
    char fonts[512];
    snprintf(fonts, sizeof fonts, "%s", check_asset("fonts"));
    REQUIRE(bytes != NULL);
    uint8_t *b2;
    size_t len2;
    receipt_info r1 = sample(1);
    REQUIRE(receipt_escpos(&r1, 58, &b2, &len2) == RECEIPT_OK);
    CHECK_EQ_INT(ui_slip_png(b2, len2, 58, fonts, path, err, sizeof err), 0);
    uint8_t *px;
    int w, h;
    CHECK_EQ_INT(uitest_png_read(path, &px, &w, &h, err, sizeof err), 0);
    CHECK_EQ_INT(w, 384 + 32); /* 48 mm of dots plus a margin */
    CHECK(h > 600);
    free(px);
    /* malformed bytes are refused with the offset */
    CHECK_EQ_INT(ui_slip_png((const uint8_t *)"\x1b\x7f", 2, 58, fonts, path, err, sizeof err), -1);
    CHECK(strstr(err, "byte 0") != NULL);
    free(b2);
    free(bytes);
    uitest_close(&u);
}

/* Large-text mode: both numbers and both QR codes still fit, nothing cut. */
static void test_receipt_elderly(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    ui_app_set_elderly(u.app, 1);
    uint8_t *bytes = NULL;
    text_reset_missing(ui_app_text(u.app));
    receipt_info r = sample(1);
    ui_app_push(u.app, ui_receipt_new(&r, print_slip, &bytes));
    CHECK_EQ_INT(uitest_compare(&u, "ui/ref/receipt-uploaded-elderly.png"), 0);
    uitest_check_targets(&u);
    ui_app_pop(u.app);
    r = sample(0);
    ui_app_push(u.app, ui_receipt_new(&r, print_slip, &bytes));
    CHECK_EQ_INT(uitest_compare(&u, "ui/ref/receipt-pending-elderly.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
    free(bytes);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_receipt_screens);
    RUN(test_receipt_elderly);
    return check_summary();
}
