/* test_receipt_journey.c — receipts that find their filing, through the real
 * screens with the real store, the real upload engine and county-sim over
 * TLS: a pension enrolment started with an ID card read (the emulator's
 * reader), filled by taps, signed and confirmed; the receipt
 * shows the station registration number and a QR code that a real decoder
 * (zbar) reads back as that number, on the screen and on the printed slip;
 * the upload is acknowledged while the receipt is still open and the
 * county's number and QR code join it; then 办件查询 finds the filing by the
 * registration number typed on the numeric pad, by the county's number typed
 * on the letter keys, by scanning either QR code (the scanner types the
 * payload key by key), by ID number and by reading her ID card (刷身份证查询,
 * the emulator's reader), each time with the county's status;
 * a past receipt is printed again from the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/strings.h"
#include "fixtures.h"
#include "journey.h"
#include "receipt/receipt.h"
#include "sync/query.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/core/session.h"
#include "ui/screens/query/query_screen.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const char *IDNO = "420506195203140027"; /* the first sample card's */

/* 城乡居民基本养老保险参保登记 from the home tile to the review page: the ID
 * card read on the card page (the emulator's reader, its first sample card)
 * fills who the person is, the rest by taps. */
static int fill_pension(flow *f)
{
    if (flow_run(f, "tap @tile.pension\n") || strcmp(flow_top_name(f), "menu") ||
        flow_tap(f, "menu.list.0") || !ui_form_is(flow_top(f)) ||
        flow_run(f, "expect-target @card.manual\ntap @card.sim\nexpect-target @form.next\n"))
        return -1;
    const char *id = form_inst_get(ui_form_inst(flow_form(f)), "idno");
    if (!id || strcmp(id, IDNO)) {
        printf("  the card filled idno '%s'\n", id ? id : "");
        return -1;
    }
    if (flow_choose(f, "hukou_type", "agri") || journey_next(f, 1) ||
        flow_choose(f, "same_address", "yes") || flow_type(f, "phone", "13812345678") ||
        journey_next(f, 2) || flow_choose(f, "tier", "50000") || journey_next(f, 3) ||
        flow_type(f, "sscard_no", "123456789") || journey_next(f, 4) || flow_agree(f, "pledge") ||
        flow_sign(f, "signature") || journey_next(f, 5))
        return -1;
    return form_inst_at_review(ui_form_inst(flow_form(f))) ? 0 : -1;
}

static int open_flow(flow *f, const char *db)
{
    if (flow_open(f, 1080, 1920, db, 1))
        return -1;
    flow_reader(f, check_idcards());
    return 0;
}

/* url: the county's public progress page (receipt.query_url), or NULL. */
static void journey(const char *db, const char *url)
{
    simproc *sim = simproc_start(fx_fresh_dir("rsim"), 1, NULL);
    REQUIRE(sim != NULL);
    char token[256];
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    proto_client_opts qo = {simproc_url(sim), simproc_ca(sim), token, 0, 5000, NULL, 0, 0};
    sync_query_cfg *cfg = sync_query_cfg_new(&qo);
    REQUIRE(cfg != NULL);

    flow f;
    REQUIRE(open_flow(&f, db) == 0);
    char err[256];
    if (url) /* the county's page: a phone opens the receipt's QR code */
        REQUIRE(core_config_set(f.u.cfg, "receipt.query_url", url, err, sizeof err) == 0);
    f.sv.platform = cfg;
    ui_app_set_services(f.u.app, &f.sv);
    REQUIRE(fill_pension(&f) == 0);
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    REQUIRE(strcmp(flow_top_name(&f), "receipt") == 0);

    /* the registration number: the filing's place in the outbox, with its check digit */
    char reg[RECEIPT_REG_MAX + 1];
    REQUIRE(journey_reg_no(&f, uuid, reg, sizeof reg, NULL) == 0);
    CHECK_EQ_INT((int)strlen(reg), 8);

    /* the screen's QR code, read by a real decoder, is that number */
    char qr[QRSCAN_MAX][QRSCAN_LEN];
    int n = journey_scan_screen(&f, "receipt-pending.png", qr);
    CHECK_EQ_INT(n, 1);
    CHECK(qrscan_has(qr, n, reg));
    /* and so is the printed slip's, with the number in its text; the line
     * saying it printed has its room kept: it draws alone (a patch on the
     * title survives) */
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect title = {0, 0, t->w, t->unit * 2};
    OK(uitest_partial(&f.u, "receipt", "tap @receipt.print", &title));
    CHECK_EQ_INT(f.prints, 1);
    n = journey_scan_slip(&f, "slip-pending.png", qr);
    CHECK_EQ_INT(n, 1);
    CHECK(qrscan_has(qr, n, reg));

    /* uploaded while the receipt is open: the county's number and QR code appear */
    REQUIRE(journey_upload(&f, sim, token) == 0);
    char key[STORE_KEY_LEN + 1];
    REQUIRE(store_villager_key(f.st, IDNO, key) == STORE_OK);
    store_receipt *rs;
    size_t nr;
    REQUIRE(store_receipt_list_by_villager(f.st, key, &rs, &nr) == STORE_OK);
    REQUIRE(nr == 1);
    char no[64], payload[320];
    snprintf(no, sizeof no, "%s", rs[0].receipt_no);
    store_receipt_list_free(rs, nr);
    REQUIRE(receipt_qr_payload(url, no, payload, sizeof payload) == RECEIPT_OK);
    CHECK(url ? !strncmp(payload, url, strlen(url)) : !strncmp(payload, "CZRCPT:", 7));
    OK(flow_run(&f, "wait 1000\nexpect-screen receipt\n"));
    n = journey_scan_screen(&f, "receipt-uploaded.png", qr);
    CHECK_EQ_INT(n, 2);
    CHECK(qrscan_has(qr, n, reg));
    CHECK(qrscan_has(qr, n, payload));
    OK(uitest_partial(&f.u, "receipt", "tap @receipt.print", &title));
    CHECK_EQ_INT(f.prints, 2);
    n = journey_scan_slip(&f, "slip-uploaded.png", qr);
    CHECK_EQ_INT(n, 2);
    CHECK(qrscan_has(qr, n, reg));
    CHECK(qrscan_has(qr, n, payload));
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));

    /* the county accepts it; 办件查询 finds it every way, with that status */
    OK(journey_admin_status(sim, no, "accepted"));
    struct {
        const char *method, *field, *typed;
        int pad, scanner;
    } ways[] = {
        {"by_reg", "reg_no", reg, 1, 0},              /* typed on the numeric pad */
        {"by_receipt", "receipt_no", no, 0, 0},       /* the county's number, typed */
        {"by_receipt", "receipt_no", payload, 0, 1},  /* the county's QR, scanned */
        {"by_receipt", "receipt_no", reg, 0, 1},      /* the registration QR, scanned */
        {"by_id", "idno", IDNO, 0, 0},                /* the ID number */
        {"by_card", NULL, "idcard 1\n", 0, 0},        /* her ID card read (刷身份证查询) */
    };
    for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++) {
        if (journey_query(&f, ways[i].method, ways[i].field, ways[i].typed, ways[i].pad,
                  ways[i].scanner)) {
            printf("  query %zu (%s) did not reach its result\n", i, ways[i].method);
            CHECK(0);
            OK(flow_run(&f, "key escape\n"));
            ui_app_go_home(f.u.app);
            continue;
        }
        const char *rows = ui_query_result_rows(flow_top(&f));
        if (!strstr(rows, no) || !strstr(rows, reg) || !strstr(rows, "已受理"))
            printf("  query %zu (%s): rows '%s'\n", i, ways[i].method, rows);
        CHECK(strstr(rows, no) != NULL);
        CHECK(strstr(rows, reg) != NULL);
        CHECK(strstr(rows, "已受理") != NULL);
        CHECK(strstr(rows, "城乡居民基本养老保险参保登记") != NULL);
        CHECK_EQ_INT(ui_query_result_state(flow_top(&f)), UI_QUERY_ONLINE);
        if (i == 0) { /* a past receipt printed again, with both codes and the new status */
            OK(flow_run(&f, "shot query-by-reg.png\ntap @query.reprint\n"));
            CHECK_EQ_INT(f.prints, 3);
            n = journey_scan_slip(&f, "slip-reprint.png", qr);
            CHECK_EQ_INT(n, 2);
            CHECK(qrscan_has(qr, n, reg));
            CHECK(qrscan_has(qr, n, payload));
        }
        OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));
    }

    /* somebody else's card finds nothing of hers */
    OK(journey_query(&f, "by_card", NULL, "idcard 2\n", 0, 0));
    CHECK_EQ_STR(ui_query_result_rows(flow_top(&f)), "");
    /* no number she typed: the words do not ask her to check one */
    CHECK(strstr(ui_query_result_note(flow_top(&f)), core_str("query.none_card")) != NULL);
    OK(flow_run(&f, "shot query-none-card.png\ntap @ferr.back\nexpect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "method"), "by_card");
    /* 没带身份证 on the query's card page goes on to typing the number */
    OK(flow_run(&f, "tap @form.next\ntap @card.manual\nexpect-target @f.idno\n"));
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "method"), "by_id");
    ui_app_go_home(f.u.app);

    /* a registration number with one digit wrong is refused at the field */
    char typo[RECEIPT_REG_MAX + 1];
    snprintf(typo, sizeof typo, "%s", reg);
    typo[3] = typo[3] == '9' ? '0' : (char)(typo[3] + 1);
    OK(flow_run(&f, "tap @tile.query\n"));
    OK(flow_choose(&f, "method", "by_reg"));
    OK(journey_next(&f, 1));
    OK(flow_type(&f, "reg_no", typo));
    OK(flow_tap(&f, "form.next"));
    CHECK(ui_form_is(flow_top(&f)));
    const char *m = ui_form_message(flow_top(&f));
    CHECK(m && strstr(m, "登记号不对") != NULL);
    ui_app_go_home(f.u.app);

    flow_close(&f);
    sync_query_cfg_free(cfg);
    simproc_stop(sim);
}

static void test_journey(void) { journey("journey.db", NULL); }
/* The county publishes a progress page: the receipt's and the slip's QR
 * codes open it on a phone, and the kiosk's scanner still reads them. */
static void test_journey_query_url(void)
{
    journey("journey-url.db", "https://zwfw.example.gov.cn/cx");
}

/* Waiting to upload, in large-text mode: the receipt's code reads as its
 * registration number, 办完了，回首页 ends large text for the next person, and
 * 办件查询 by that number finds the pending filing and prints it again (and
 * again: the line saying so drawn without a whole frame). */
static void test_pending_query(void)
{
    flow f;
    REQUIRE(open_flow(&f, "pending.db") == 0);
    OK(flow_run(&f, "elderly on\n")); /* large text: the codes still read */
    REQUIRE(fill_pension(&f) == 0);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    REQUIRE(strcmp(flow_top_name(&f), "receipt") == 0);
    char qr[QRSCAN_MAX][QRSCAN_LEN];
    int n = journey_scan_screen(&f, "receipt-pending2.png", qr);
    REQUIRE(n == 1);
    char reg[QRSCAN_LEN];
    snprintf(reg, sizeof reg, "%s", qr[0]);
    OK(flow_run(&f, "tap @receipt.home\n"));
    CHECK(!ui_app_elderly(f.u.app)); /* large text ends with the session */
    OK(journey_query(&f, "by_reg", "reg_no", reg, 1, 0));
    const char *rows = ui_query_result_rows(flow_top(&f));
    CHECK(strstr(rows, reg) != NULL);
    CHECK(strstr(rows, "待上传") != NULL);
    CHECK_EQ_INT(ui_query_result_state(flow_top(&f)), UI_QUERY_LOCAL);
    OK(flow_run(&f, "tap @query.reprint\n"));
    CHECK_EQ_INT(f.prints, 1);
    n = journey_scan_slip(&f, "slip-pending2.png", qr);
    CHECK_EQ_INT(n, 1);
    CHECK(qrscan_has(qr, n, reg));
    /* printed again: the line saying so is there, it alone changes (a patch
     * on the row above it survives) */
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect row;
    REQUIRE(uitest_target_rect(f.u.app, "query.list.0", &row) == 0);
    row.y += row.h / 2;
    row.h = t->unit;
    OK(uitest_partial(&f.u, "query result", "tap @query.reprint", &row));
    CHECK_EQ_INT(f.prints, 2);
    flow_close(&f);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_pending_query);
    RUN(test_journey);
    RUN(test_journey_query_url);
    kb_ime_uninstall();
    return check_summary();
}
