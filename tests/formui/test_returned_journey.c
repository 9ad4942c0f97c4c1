/* test_returned_journey.c — a returned filing comes back to the station
 * (issue 13 item 3), through the real screens, the real store, the real
 * upload engine with the platform clock (virtual: `wait` moves it, no
 * sleeps of minutes) and county-sim over TLS. A signed-in agent files an
 * elderly allowance for a villager by taps; the engine uploads it and its
 * status loop asks for its status, while the receipt screen stays open.
 * The county returns it with a note by the technicians' command
 * (`county-sim admin return`). Ten minutes later the loop's next round
 * picks it up: the open receipt screen shows 已退回 (reference image); the
 * agent, signed in again, sees
 * "1 件被退回，需要补正" on the home screen (reference images, normal and
 * large text); a tap opens the list of returned filings with the county's
 * note (reference images too). 补正 (item 4): a tap on it opens the
 * correction, prefilled with the old answers, the county's note over the
 * page (reference images); the agent changes the bank card number, the
 * villager signs again, the review marks the changed answer (reference
 * images); confirmed, uploaded with "supersedes": county-sim links the two
 * and the old filing is superseded (seen with `county-sim admin`), and so is
 * the kiosk's receipt. The villager's own query (by ID number, no network
 * needed) shows the county's note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "flow.h"
#include "plat_clock.h"
#include "simproc.h"
#include "ui/screens/form/form_screen.h"
#include "ui/core/session.h"
#include "ui/kb/ime/kb_ime.h"
#include "sync/sync.h"
#include "sync/sync_store.h"
#include "ui/screens/query/query_screen.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const char *IDNO = "110105194003150022";
static const char *NOTE = "银行卡号与户名不符，请核对后重新提交";

static flow f;
static simproc *sim;
static char token[256];
static sync_outbox ob;
static sync_engine *eng; /* the program's engine (services.h), its passes run here */

static int64_t platform_ms(void *ud)
{
    (void)ud;
    return plat_clock_wall() * 1000;
}

static int sign_consent(void)
{
    int x, y;
    if (ui_app_find_target(f.u.app, "consent.pad", &x, &y) != 0)
        return -1;
    char s[256];
    snprintf(s, sizeof s, "drag %d %d %d %d 200\ndrag %d %d %d %d 200\n", x - 200, y, x + 150,
             y - 40, x - 100, y + 60, x + 220, y + 50);
    return flow_run(&f, s);
}

/* The agent files 高龄津贴 for the villager, from the home tile to the receipt. */
static int file_elderly(char uuid[37])
{
    if (flow_run(&f, "tap @tile.elderly\n") || flow_manual(&f) || !ui_form_is(flow_top(&f)) ||
        flow_hanzi(&f, "name", "李秀英", "li xiu ying") || flow_type(&f, "idno", IDNO) ||
        flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu") ||
        flow_tap(&f, "form.next") || flow_type(&f, "phone", "13812345678") ||
        flow_tap(&f, "form.next") || flow_type(&f, "bank_account", "6222020200112233446") ||
        flow_hanzi(&f, "bank_name", "信用社", "xin yong she") || flow_tap(&f, "form.next") ||
        flow_agree(&f, "pledge") || flow_sign(&f, "signature") || flow_tap(&f, "form.next") ||
        !form_inst_at_review(ui_form_inst(flow_form(&f))))
        return -1;
    snprintf(uuid, 37, "%s", ui_form_uuid(flow_form(&f)));
    if (flow_tap(&f, "form.next") || flow_tap(&f, "form.dlg.ok") ||
        strcmp(flow_top_name(&f), "agent_consent") || sign_consent() ||
        flow_run(&f, "tap @consent.ok\n") || strcmp(flow_top_name(&f), "receipt"))
        return -1;
    return 0; /* the receipt screen stays open */
}

/* The upload engine as the program makes it (boot.c), on the platform
 * clock, handed to the screens; not started: the test runs its passes. */
static int engine_open(void)
{
    if (sync_store_outbox_open(f.st, f.db, &ob) != STORE_OK)
        return -1;
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.outbox = ob;
    o.clock = platform_ms;
    if (sync_new(&o, &eng) != SYNC_OK)
        return -1;
    f.sv.sync = eng;
    ui_app_set_services(f.u.app, &f.sv);
    return 0;
}

/* One pass (uploads, then the status loop's round when due); the counts so far. */
static sync_status engine_pass(void)
{
    sync_status st;
    sync_run_once(eng);
    sync_status_get(eng, &st);
    return st;
}

static void receipt_no_of(const char *uuid, char *no, size_t n)
{
    store_receipt *r = NULL;
    size_t k = 0;
    char key[STORE_KEY_LEN + 1];
    no[0] = '\0';
    if (store_villager_key(f.st, IDNO, key) != STORE_OK ||
        store_receipt_list_by_villager(f.st, key, &r, &k) != STORE_OK)
        return;
    for (size_t i = 0; i < k; i++)
        if (!strcmp(r[i].filing_uuid, uuid))
            snprintf(no, n, "%s", r[i].receipt_no);
    store_receipt_list_free(r, k);
}

static void test_returned_comes_back(void)
{
    REQUIRE(flow_open(&f, 1080, 1920, "returned.db", 1) == 0);
    static const char *const sim_args[] = {"--receipt-day", "20261122", NULL};
    sim = simproc_start(fx_fresh_dir("rsim"), 1, sim_args); /* receipt numbers as on every run */
    REQUIRE(sim != NULL);
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    REQUIRE(engine_open() == 0);
    ui_app_set_resume(f.u.app, ui_form_open_draft, NULL); /* as boot.c */

    /* the agent files for the villager; the upload and a first status round */
    ui_app_agent_sign_in(f.u.app, "A0012", "李桂兰");
    char uuid[37];
    REQUIRE(file_elderly(uuid) == 0);
    sync_status st = engine_pass();
    CHECK_EQ_INT(st.uploaded, 1);
    CHECK_EQ_INT(st.polls, 1);
    char no[40];
    receipt_no_of(uuid, no, sizeof no);
    REQUIRE(no[0] != '\0');
    OK(flow_run(&f, "wait 1100\nexpect-screen receipt\n")); /* it shows the number */

    /* the county returns it with a note, by the technicians' command */
    char args[512], out[4096];
    snprintf(args, sizeof args, "return %s '%s'", no, NOTE);
    CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
    CHECK(strstr(out, "returned") != NULL);

    /* five minutes on, the loop does not ask yet; ten minutes on, it does
     * (the agent touches the receipt's title band now and then: it stays open) */
    for (int i = 0; i < 4; i++)
        OK(flow_run(&f, "wait 75000\ntap 540 60\n"));
    st = engine_pass();
    CHECK_EQ_INT(st.polls, 1);
    for (int i = 0; i < 4; i++)
        OK(flow_run(&f, "wait 75000\ntap 540 60\n"));
    st = engine_pass();
    CHECK_EQ_INT(st.polls, 2);
    CHECK_EQ_INT(st.status_changes, 1);
    /* the open receipt screen shows the county's new status */
    OK(flow_run(&f, "wait 1100\nexpect-screen receipt\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/returned-receipt.png"), 0);
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    store_receipt r;
    REQUIRE(store_receipt_get(f.st, no, &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_RETURNED);
    CHECK_EQ_STR(r.note ? r.note : "", NOTE);
    store_receipt_clear(&r);

    /* the agent signs in again: the home screen says so, large text too */
    OK(flow_run(&f, "expect-screen home\n"));
    int x, y;
    CHECK(ui_app_find_target(f.u.app, "home.agent.returned", &x, &y) != 0); /* no agent: none */
    OK(flow_run(&f, "tap 540 400\n")); /* someone at the kiosk (on the greeting) */
    ui_app_agent_sign_in(f.u.app, "A0012", "李桂兰");
    OK(flow_run(&f, "wait 10\nexpect-target @home.agent.returned\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/returned-home.png"), 0);
    uitest_check_targets(&f.u);
    OK(flow_run(&f, "elderly on\nexpect-target @home.agent.returned\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/returned-home-large.png"), 0);
    uitest_check_targets(&f.u);
    OK(flow_run(&f, "elderly off\n"));

    /* a tap opens the list of returned filings, with the county's note */
    OK(flow_run(&f, "tap @home.agent.returned\nexpect-screen agent_returned\n"
                    "expect-target @agent.list.0\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/returned-list.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/returned-list-large.png"), 0);
    OK(flow_run(&f, "elderly off\n"));

    /* 补正: the correction opens prefilled, the county's note over the page */
    OK(flow_run(&f, "tap @agent.list.0\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    char nuuid[37];
    snprintf(nuuid, sizeof nuuid, "%s", ui_form_uuid(flow_top(&f)));
    CHECK(strcmp(nuuid, uuid) != 0);
    form_inst *in = ui_form_inst(flow_top(&f));
    CHECK_EQ_STR(form_inst_get(in, "idno") ? form_inst_get(in, "idno") : "", IDNO);
    CHECK_EQ_STR(form_inst_get(in, "bank_account") ? form_inst_get(in, "bank_account") : "",
                 "6222020200112233446");
    CHECK(form_inst_get(in, "signature") == NULL); /* signed again */
    store_draft d;
    memset(&d, 0, sizeof d);
    REQUIRE(store_draft_load(f.st, nuuid, &d) == STORE_OK);
    CHECK_EQ_STR(d.supersedes, uuid);
    CHECK_EQ_STR(d.agent_id ? d.agent_id : "", "A0012");
    store_draft_clear(&d);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-form.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-form-large.png"), 0);
    OK(flow_run(&f, "elderly off\n"));
    /* the agent changes the bank card number; the villager signs again */
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "bank_account", "6222020200112233453"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_sign(&f, "signature"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(&f))));
    /* the review, scrolled to the bank card: the changed answer is marked */
    OK(flow_run(&f, "drag 540 1550 540 800 400\nwait 1500\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-review.png"), 0);
    OK(flow_run(&f, "elderly on\ndrag 540 1550 540 800 400\nwait 1500\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-review-large.png"), 0);
    OK(flow_run(&f, "elderly off\n"));
    /* confirm: consent, signature, receipt; the upload names what it supersedes */
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "agent_consent");
    OK(sign_consent());
    OK(flow_run(&f, "tap @consent.ok\nexpect-screen receipt\n"));
    store_filing nf;
    memset(&nf, 0, sizeof nf);
    REQUIRE(store_filing_get(f.st, nuuid, &nf) == STORE_OK);
    CHECK(nf.body && strstr(nf.body, "\"supersedes\"") && strstr(nf.body, uuid));
    store_filing_clear(&nf);
    st = engine_pass();
    CHECK_EQ_INT(st.uploaded, 2);
    char nno[40];
    receipt_no_of(nuuid, nno, sizeof nno);
    REQUIRE(nno[0] != '\0');
    REQUIRE(store_receipt_get(f.st, no, &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_SUPERSEDED); /* the kiosk's old receipt too */
    store_receipt_clear(&r);
    char *ans = NULL, *nt = NULL;
    CHECK_EQ_INT(store_receipt_reopen(f.st, uuid, &ans, &nt), STORE_ERR_NOTFOUND); /* purged */
    free(ans);
    free(nt);
    /* the county links the two: the technicians' command shows it */
    snprintf(args, sizeof args, "show %s", nno);
    CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
    CHECK(strstr(out, "corrects:") && strstr(out, uuid));
    snprintf(args, sizeof args, "show %s", no);
    CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
    CHECK(strstr(out, "superseded") && strstr(out, nno));
    CHECK_EQ_INT(simproc_cli(sim, "list", out, sizeof out), 0);
    CHECK(strstr(out, "superseded") && strstr(out, "replaced by") && strstr(out, "corrects"));
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    int x2, y2;
    CHECK(ui_app_find_target(f.u.app, "home.agent.returned", &x2, &y2) != 0); /* none left */

    /* the villager's own query, by ID number: the county's note, offline too */
    OK(flow_run(&f, "tap @tile.query\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_choose(&f, "method", "by_id"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "idno", IDNO));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_STR(flow_top_name(&f), "query_result");
    const char *rows = ui_query_result_rows(flow_top(&f));
    CHECK(strstr(rows, "已补正") != NULL); /* the returned one, corrected */
    CHECK(strstr(rows, NOTE) != NULL);
    CHECK(strstr(rows, nno) != NULL);
    OK(flow_run(&f, "tap @ferr.home\n"));

    f.sv.sync = NULL;
    ui_app_set_services(f.u.app, &f.sv);
    sync_free(eng);
    sync_store_outbox_close(&ob);
    simproc_stop(sim);
    flow_close(&f);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_returned_comes_back);
    kb_ime_uninstall();
    return check_summary();
}
