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
 * large text), and home's 读给我听 reads that line (the real speech
 * engine) where it read the greeting; a tap opens the list of returned filings with the county's
 * note (reference images too). 补正 (item 4): a tap on it opens the
 * correction, prefilled with the old answers, the county's note over the
 * page (reference images); the agent changes the bank card number and
 * leaves: a second tap on the returned filing resumes that same correction
 * with the changed number, and so does one after an idle timeout, signed in
 * again (one correction draft, never two). The villager signs again, the
 * review marks the changed answer (reference images); confirmed and waiting
 * to upload, the returned filing is no longer counted on the home screen,
 * its row in 我的办件 says it is corrected and a tap on it starts nothing
 * (reference images); uploaded with "supersedes": county-sim links the two
 * and the old filing is superseded (seen with `county-sim admin`), and so is
 * the kiosk's receipt. The villager's own query (by ID number, no network
 * needed) shows the county's note.
 *
 * The villager's own 补正 (test_villager_fixes): she files a pension
 * enrolment herself with her ID card; the county returns it; the status
 * loop picks the note up. Someone else typing her ID number alone (or with a
 * registration number not hers) gets no 去补正 and none of her answers. She
 * reads her card at 办件查询: the note and 去补正 (reference images); the
 * correction opens prefilled with the note (reference images); she walks
 * away, the form times out, the draft is kept for her only, and her next
 * card query resumes that same draft. She changes her phone number, signs
 * again, the review marks it (reference image), confirms; the upload names
 * what it supersedes, county-sim links the two, and once the county accepts
 * the new one her query shows it 已受理 with no 去补正 left. Her ID number
 * typed with her receipt's registration number reopens it too. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "core/strings.h"
#include "core/uuid.h"
#include "form/form_inst.h"
#include "flow.h"
#include "heard.h"
#include "plat_audio.h"
#include "plat_clock.h"
#include "plat_paths.h"
#include "receipt/receipt.h"
#include "simproc.h"
#include "ui/screens/form/form_screen.h"
#include "ui/core/session.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/widgets/voicebtn.h"
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

static void receipt_no_for(const char *idno, const char *uuid, char *no, size_t n);

/* How many drafts correct returned filing old (there is to be one at most). */
static int corrections_of(const char *old)
{
    store_draft *d = NULL;
    size_t n = 0;
    int k = 0;
    if (store_draft_list(f.st, &d, &n) != STORE_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        k += !strcmp(d[i].supersedes, old);
    store_draft_list_free(d, n);
    return k;
}

static int has_target(const char *id);

/* Changes the store's tables from a connection of the test's own. */
static int drafts_table(const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(f.db, &db);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            printf("  %s: %s\n", sql, sqlite3_errmsg(db));
    }
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* The row of the agent's list that shows receipt number no, or -1. */
static int row_of(const char *no)
{
    store_agent_filing *it = NULL;
    size_t n = 0;
    int row = -1;
    if (store_agent_filings(f.st, "A0012", 200, &it, &n) != STORE_OK)
        return -1;
    for (size_t i = 0; i < n && row < 0; i++)
        if (!strcmp(it[i].receipt_no, no)) {
            CHECK(it[i].corrected);
            row = (int)i;
        }
    free(it);
    return row;
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
    receipt_no_for(IDNO, uuid, no, n);
}

static void receipt_no_for(const char *idno, const char *uuid, char *no, size_t n)
{
    store_receipt *r = NULL;
    size_t k = 0;
    char key[STORE_KEY_LEN + 1];
    no[0] = '\0';
    if (store_villager_key(f.st, idno, key) != STORE_OK ||
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
    /* the open receipt screen shows the county's new status: its card alone
     * draws (a patch on 办完了，回首页 survives) */
    SDL_Rect home;
    REQUIRE(uitest_target_rect(f.u.app, "receipt.home", &home) == 0);
    OK(uitest_partial(&f.u, "receipt", "wait 1100", &home));
    OK(flow_run(&f, "expect-screen receipt\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/returned-receipt.png"), 0);
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n")); /* 办完了，退出代办 */
    CHECK(ui_app_agent_id(f.u.app) == NULL);
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
    /* a press on a tile, taken back, and the minute draw only themselves (a
     * patch on the line survives: the count read on the full frame is kept),
     * and leave the frame as a full one draws it */
    SDL_Rect band, tile;
    REQUIRE(uitest_target_rect(f.u.app, "home.agent.returned", &band) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "tile.dibao", &tile) == 0);
    char press[96];
    snprintf(press, sizeof press, "down %d %d", tile.x + tile.w / 2, tile.y + tile.h / 2);
    OK(uitest_partial(&f.u, "home, returned line", press, &band));
    OK(uitest_partial(&f.u, "home, returned line", "move 540 400", &band));
    OK(uitest_partial(&f.u, "home, returned line", "up 540 400", &band));
    OK(uitest_partial(&f.u, "home, returned line", "wait 61000", &band));
    OK(flow_run(&f, "expect-screen home\nexpect-target @home.agent.returned\n"));
    /* 读给我听 reads that line where the greeting was (the real engine) */
    heard_on();
    char line[256], want[320];
    snprintf(line, sizeof line, core_str("home.agent.returned"), 1);
    snprintf(want, sizeof want, "%s，%s。", line, core_str("home.agent.returned.go"));
    const char *said = heard_tap(&f, "home.voice");
    CHECK(!strncmp(said, want, strlen(want)));
    CHECK(strstr(said, core_str("home.welcome")) == NULL);
    ui_voice_set_engine(NULL); /* the rest as before: large-text pages read nothing aloud */
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

    /* the store cannot tell whether a correction exists (its drafts table
     * gone from under it): the list says so and opens nothing */
    OK(drafts_table("ALTER TABLE drafts RENAME TO drafts_away"));
    OK(flow_run(&f, "tap @agent.list.0\nexpect-screen agent_returned\n"));
    CHECK(ui_app_find_target(f.u.app, "agent.list.0", &x, &y) == 0); /* the list stays */
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/returned-list-store-error.png"), 0);
    OK(flow_run(&f, "tap @agent.said.ok\n"));
    OK(drafts_table("ALTER TABLE drafts_away RENAME TO drafts"));
    CHECK_EQ_INT(corrections_of(uuid), 0);

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
    /* the agent changes the bank card number and leaves (the draft kept): the same returned filing tapped again resumes
     * that correction with the changed number, no second one */
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "bank_account", "6222020200112233453"));
    OK(flow_tap(&f, "form.quit"));
    /* the dialog says where the correction comes back from (not the item's tile) */
    heard_on();
    said = heard_tap(&f, "form.voice.dlg");
    if (!strstr(said, "被退回的办件"))
        printf("  quit dialog heard: %s\n", said);
    CHECK(strstr(said, "被退回的办件") != NULL);
    ui_voice_set_engine(NULL);
    OK(flow_tap(&f, "form.dlg.ok"));
    /* in 我的办件 its draft is the correction's (补正草稿), not one more draft */
    store_agent_filing *afs = NULL;
    size_t naf = 0;
    int fix_drafts = 0, drafts = 0;
    REQUIRE(store_agent_filings(f.st, "A0012", 200, &afs, &naf) == STORE_OK);
    for (size_t i = 0; i < naf; i++)
        if (afs[i].kind == STORE_AF_DRAFT) {
            drafts++;
            fix_drafts += !strcmp(afs[i].uuid, nuuid) && afs[i].correction;
        }
    free(afs);
    CHECK_EQ_INT(fix_drafts, 1);
    CHECK_EQ_INT(drafts, 1);
    OK(flow_run(&f, "expect-screen agent_returned\ntap @agent.list.0\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    CHECK_EQ_STR(ui_form_uuid(flow_top(&f)), nuuid);
    in = ui_form_inst(flow_top(&f));
    CHECK_EQ_STR(form_inst_get(in, "bank_account") ? form_inst_get(in, "bank_account") : "",
                 "6222020200112233453");
    CHECK_EQ_INT(corrections_of(uuid), 1);
    /* …and after an idle timeout, signed in again, from the home line */
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\nwait 600000\nexpect-screen home\n"));
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    OK(flow_run(&f, "tap 540 400\n"));
    ui_app_agent_sign_in(f.u.app, "A0012", "李桂兰");
    OK(flow_run(&f, "wait 10\ntap @home.agent.returned\nexpect-screen agent_returned\n"
                    "tap @agent.list.0\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    CHECK_EQ_STR(ui_form_uuid(flow_top(&f)), nuuid);
    in = ui_form_inst(flow_top(&f));
    CHECK_EQ_STR(form_inst_get(in, "bank_account") ? form_inst_get(in, "bank_account") : "",
                 "6222020200112233453");
    CHECK_EQ_INT(corrections_of(uuid), 1);
    /* on the page where it was left; past 补充材料 (高龄津贴 has no photo
     * field: its correction has the step, nothing taken here), the villager
     * signs again */
    CHECK_EQ_INT((int)form_inst_page(in), 2);
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT((int)form_inst_page(in), 3);
    CHECK(has_target("f.materials.photo"));
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
    /* confirmed, not uploaded yet: the agent's home line is gone, the
     * returned filing says it is corrected, a tap on it starts nothing */
    /* 接着为下一位村民代办: home, the agent still signed in, text back to
     * its usual size */
    OK(flow_run(&f, "elderly on\nexpect-target @receipt.next\n"));
    uitest_check_targets(&f.u);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-receipt-large.png"), 0);
    OK(flow_run(&f, "tap @receipt.next\nexpect-screen home\n"));
    CHECK(ui_app_agent_id(f.u.app) && !strcmp(ui_app_agent_id(f.u.app), "A0012"));
    CHECK(!ui_app_elderly(f.u.app));
    OK(flow_run(&f, "expect-target @home.agent.filings\n"));
    CHECK(!has_target("home.agent.returned"));
    OK(flow_run(&f, "tap @home.agent.filings\nexpect-screen agent_filings\n"));
    int row = row_of(no);
    REQUIRE(row >= 0);
    char rid[32];
    snprintf(rid, sizeof rid, "agent.list.%d", row);
    OK(flow_tap(&f, rid));
    CHECK_EQ_STR(flow_top_name(&f), "agent_filings");
    CHECK_EQ_INT(corrections_of(uuid), 0); /* no draft: the confirmed one only */
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-sent-list.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-sent-list-large.png"), 0);
    OK(flow_run(&f, "tap @agent.said.ok\nelderly off\ntap @agent.filings.home\nexpect-screen home\n"));
    OK(flow_run(&f, "tap @home.agent.signout\n"));
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
    OK(flow_run(&f, "expect-screen home\n"));

    /* a query by the ID number alone: the statuses, not the county's note
     * (about her and her papers: by her card or with her receipt's number) */
    OK(flow_run(&f, "tap @tile.query\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_choose(&f, "method", "by_id"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "idno", IDNO));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_STR(flow_top_name(&f), "query_result");
    const char *rows = ui_query_result_rows(flow_top(&f));
    CHECK(strstr(rows, "已补正") != NULL); /* the returned one, corrected */
    CHECK(strstr(rows, NOTE) == NULL);
    /* put right: no note left to go and see */
    CHECK(strstr(rows, "刷身份证") == NULL);
    CHECK(strstr(rows, nno) != NULL);
    OK(flow_run(&f, "tap @ferr.home\n"));

    f.sv.sync = NULL;
    ui_app_set_services(f.u.app, &f.sv);
    sync_free(eng);
    sync_store_outbox_close(&ob);
    simproc_stop(sim);
    flow_close(&f);
}

/* ---- the villager's own 补正 ---- */

static const char *VIDNO = "420506195203140027"; /* the first sample card's (张秀英) */
static const char *VNOTE = "联系电话打不通，请留一个能接通的号码";
/* a note longer than the correction's band shows (three lines) */
static const char *LONG_NOTE = "经核查：一、银行卡号与户名不符，请核对本人名下的社保卡金融账户后重新填写；"
                               "二、户籍地址与公安户籍系统不一致，请按户口本填写；三、联系电话打不通，"
                               "请留一个能接通的号码；四、如由家属代办，需另附委托书。";

static int page_is(size_t want)
{
    form_inst *in = ui_form_inst(flow_form(&f));
    if (in && (form_inst_at_review(in) || form_inst_page(in) == want))
        return 0;
    const char *m = ui_form_message(flow_form(&f));
    printf("  not on page %zu: %s\n", want, m ? m : "(no message)");
    return -1;
}

static int next_to(size_t want) { return flow_tap(&f, "form.next") || page_is(want); }

/* 城乡居民基本养老保险参保登记 by the villager alone: her ID card read on the
 * card page (the emulator's reader), the rest by taps, to the review. */
static int villager_files(char uuid[37])
{
    if (flow_run(&f, "tap @tile.pension\n") || strcmp(flow_top_name(&f), "menu") ||
        flow_tap(&f, "menu.list.0") || !ui_form_is(flow_top(&f)) ||
        flow_run(&f, "expect-target @card.manual\ntap @card.sim\nexpect-target @form.next\n") ||
        flow_choose(&f, "hukou_type", "agri") || next_to(1) ||
        flow_choose(&f, "same_address", "yes") || flow_type(&f, "phone", "13812345678") ||
        next_to(2) || flow_choose(&f, "tier", "50000") || next_to(3) ||
        flow_type(&f, "sscard_no", "123456789") || next_to(4) || flow_agree(&f, "pledge") ||
        flow_sign(&f, "signature") || next_to(5) ||
        !form_inst_at_review(ui_form_inst(flow_form(&f))))
        return -1;
    snprintf(uuid, 37, "%s", ui_form_uuid(flow_form(&f)));
    if (flow_tap(&f, "form.next") || flow_tap(&f, "form.dlg.ok") ||
        strcmp(flow_top_name(&f), "receipt"))
        return -1;
    return 0;
}

static int has_target(const char *id)
{
    int x, y;
    ui_app_render(f.u.app, 1);
    return ui_app_find_target(f.u.app, id, &x, &y) == 0;
}

/* A draft of 参保登记 with her ID number, left unfinished on page 1 (as a
 * timeout keeps it); its uuid in uuid. */
static int left_draft(char uuid[37])
{
    const form_def *d = form_catalog_find(f.cat, "pension_enrol");
    valid_date today = {2026, 11, 20};
    form_inst *in = d ? form_inst_new(d, today) : NULL;
    char err[128];
    if (!in || form_inst_set(in, "idno", VIDNO, err, sizeof err) != FORM_OK ||
        form_inst_set(in, "name", "张秀英", err, sizeof err) != FORM_OK ||
        core_uuid_v4(uuid) != 0) {
        form_inst_free(in);
        return -1;
    }
    char *blob = form_inst_save(in);
    int rc = blob ? store_draft_save(f.st, uuid, "pension_enrol", form_def_version(d), 1, blob,
                                     NULL)
                  : -1;
    free(blob);
    form_inst_free(in);
    return rc == STORE_OK ? 0 : -1;
}

/* 办件查询 by a typed ID number, with a registration number or none. */
static int query_typed(const char *idno, const char *reg)
{
    if (flow_run(&f, "tap @tile.query\n") || !ui_form_is(flow_top(&f)) ||
        flow_choose(&f, "method", "by_id") || flow_tap(&f, "form.next") ||
        flow_type(&f, "idno", idno) || (reg && flow_type(&f, "id_reg_no", reg)) ||
        flow_tap(&f, "form.next"))
        return -1;
    return strcmp(flow_top_name(&f), "query_result") ? -1 : 0;
}

/* 办件查询 by her ID card (刷身份证查询, the first sample card). */
static int query_card(void)
{
    if (flow_run(&f, "tap @tile.query\n") || !ui_form_is(flow_top(&f)) ||
        flow_tap(&f, "form.next") || flow_run(&f, "expect-target @card.sim\nidcard 1\n"))
        return -1;
    return strcmp(flow_top_name(&f), "query_result") ? -1 : 0;
}

/* What the result screen shows of her answers: none of them, ever. */
static void shows_no_answers(void)
{
    const char *rows = ui_query_result_rows(flow_top(&f));
    const char *note = ui_query_result_note(flow_top(&f));
    static const char *const answers[] = {"13812345678", "123456789", "张秀英", "青山村"};
    for (size_t i = 0; i < sizeof answers / sizeof *answers; i++) {
        CHECK(strstr(rows, answers[i]) == NULL);
        CHECK(strstr(note, answers[i]) == NULL);
    }
}

/* The bytes of photo name in the data folder (malloc'd), checked against
 * its name (the sha256 of its bytes); NULL if it is not there or differs. */
static unsigned char *materials_photo(const char *name, size_t *len)
{
    char path[1300];
    snprintf(path, sizeof path, "%s/photos/%s", plat_paths_data(), name);
    unsigned char *b = fx_slurp(path, len);
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65];
    if (b) {
        crypto_hash_sha256(h, b, *len);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    }
    if (b && strncmp(name + 6, hex, 64)) {
        free(b);
        b = NULL;
    }
    return b;
}

/* 1 if the review of the form on top lists label with answer display. */
static int review_says(const char *label, const char *display)
{
    form_review_item *items = NULL;
    size_t n = 0;
    int found = 0;
    if (form_inst_review(ui_form_inst(flow_form(&f)), &items, &n) != FORM_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(items[i].label, label)) {
            found = !strcmp(items[i].display, display);
            if (!found)
                printf("  review: %s: %s\n", items[i].label, items[i].display);
        }
    form_review_free(items, n);
    return found;
}

static void test_villager_fixes(void)
{
    char err[128];
    REQUIRE(flow_open(&f, 1080, 1920, "vfix.db", 1) == 0);
    flow_reader(&f, check_idcards());
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "1", err, sizeof err);
    static const char *const sim_args[] = {"--receipt-day", "20261122", NULL};
    sim = simproc_start(fx_fresh_dir("vsim"), 1, sim_args);
    REQUIRE(sim != NULL);
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    REQUIRE(engine_open() == 0);
    ui_app_set_resume(f.u.app, ui_form_open_draft, NULL); /* as boot.c */

    /* she files alone; the upload and a first status round */
    char uuid[37];
    REQUIRE(villager_files(uuid) == 0);
    sync_status st = engine_pass();
    CHECK_EQ_INT(st.uploaded, 1);
    char no[40];
    receipt_no_for(VIDNO, uuid, no, sizeof no);
    REQUIRE(no[0] != '\0');
    store_receipt r;
    memset(&r, 0, sizeof r);
    REQUIRE(store_receipt_get(f.st, no, &r) == STORE_OK);
    char reg[RECEIPT_REG_MAX + 1], badreg[RECEIPT_REG_MAX + 1];
    REQUIRE(receipt_reg_make(r.seq, reg, sizeof reg) == RECEIPT_OK);
    REQUIRE(receipt_reg_make(r.seq + 7, badreg, sizeof badreg) == RECEIPT_OK);
    store_receipt_clear(&r);
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));

    /* before the county returns it: her ID number with her filing's number
     * says it needs no correction (it said the number matched nothing of
     * hers, her filing listed under it) */
    OK(query_typed(VIDNO, reg));
    CHECK(!has_target("query.fix"));
    CHECK_EQ_STR(ui_query_result_note(flow_top(&f)), core_str("query.fix_not_needed"));
    OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));

    /* the county returns it; ten minutes on the status loop picks it up */
    char args[512], out[4096];
    snprintf(args, sizeof args, "return %s '%s'", no, VNOTE);
    CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
    OK(flow_run(&f, "wait 300000\nwait 300000\nwait 1000\n"));
    st = engine_pass();
    CHECK_EQ_INT(st.status_changes, 1);

    /* someone else with her ID number alone: statuses, no 去补正, none of her
     * answers, not the county's note */
    OK(query_typed(VIDNO, NULL));
    CHECK(!has_target("query.fix"));
    shows_no_answers();
    CHECK(strstr(ui_query_result_rows(flow_top(&f)), VNOTE) == NULL);
    CHECK(strstr(ui_query_result_rows(flow_top(&f)), "已退回") != NULL);
    OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));
    /* …or with a registration number that is not that filing's */
    OK(query_typed(VIDNO, badreg));
    CHECK(!has_target("query.fix"));
    CHECK(strstr(ui_query_result_note(flow_top(&f)), "登记号") != NULL);
    shows_no_answers();
    OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));

    /* a draft of the same item she once left unfinished (another day's) */
    char left[37];
    REQUIRE(left_draft(left) == 0);

    /* she reads her card: the county's note and 去补正 */
    OK(query_card());
    REQUIRE(has_target("query.fix"));
    shows_no_answers();
    CHECK(strstr(ui_query_result_rows(flow_top(&f)), VNOTE) != NULL);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/villager-fix-query.png"), 0);
    uitest_check_targets(&f.u);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/villager-fix-query-large.png"), 0);
    uitest_check_targets(&f.u);
    OK(flow_run(&f, "elderly off\n"));

    /* 去补正: her correction, prefilled, the note over the page, hers alone */
    OK(flow_run(&f, "tap @query.fix\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    char nuuid[37];
    snprintf(nuuid, sizeof nuuid, "%s", ui_form_uuid(flow_top(&f)));
    CHECK(strcmp(nuuid, uuid) != 0);
    form_inst *in = ui_form_inst(flow_top(&f));
    CHECK_EQ_STR(form_inst_get(in, "idno") ? form_inst_get(in, "idno") : "", VIDNO);
    CHECK(form_inst_get(in, "signature") == NULL); /* she signs again */
    store_draft d;
    memset(&d, 0, sizeof d);
    REQUIRE(store_draft_load(f.st, nuuid, &d) == STORE_OK);
    CHECK_EQ_STR(d.supersedes, uuid);
    CHECK(d.agent_id == NULL);
    store_draft_clear(&d);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/villager-correction.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/villager-correction-large.png"), 0);
    OK(flow_run(&f, "elderly off\n"));

    /* she walks away: the form times out, the draft is kept for her only */
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\nwait 600000\nexpect-screen home\n"));
    memset(&d, 0, sizeof d);
    REQUIRE(store_draft_load(f.st, nuuid, &d) == STORE_OK);
    store_draft_clear(&d);
    OK(query_typed(VIDNO, NULL)); /* not to someone with her ID number alone */
    CHECK(!has_target("query.fix"));
    OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));
    /* her card again: the same draft, with the note */
    OK(query_card());
    REQUIRE(has_target("query.fix"));
    OK(flow_run(&f, "tap @query.fix\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    CHECK_EQ_STR(ui_form_uuid(flow_top(&f)), nuuid);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/villager-correction.png"), 0);

    /* she changes her phone number, signs again; the review marks it. Her
     * draft left unfinished is not offered in the correction: taking it
     * would file a second enrolment and leave this one returned */
    OK(next_to(1));
    CHECK(!has_target("form.dlg.ok"));
    CHECK_EQ_STR(ui_form_uuid(flow_top(&f)), nuuid);
    OK(flow_type(&f, "phone", "13912345678"));
    OK(next_to(2));
    OK(next_to(3));
    /* 补充材料 (参保登记 has no photo field of its own): the county's note
     * over the page, the camera field for what it asks for (reference
     * images); she photographs the document (the emulator's camera) */
    OK(next_to(4));
    REQUIRE(has_target("f.materials.photo"));
    CHECK(form_inst_get(ui_form_inst(flow_form(&f)), FORM_MATERIALS_KEY) == NULL);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-materials.png"), 0);
    uitest_check_targets(&f.u);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-materials-large.png"), 0);
    uitest_check_targets(&f.u);
    OK(flow_run(&f, "elderly off\n"));
    f.sv.camera_source = check_asset("camera");
    ui_app_set_services(f.u.app, &f.sv);
    OK(flow_run(&f, "tap @f.materials.photo\nwait 200\nexpect-target @cam.shoot\n"));
    CHECK_EQ_STR(flow_top_name(&f), "form_camera");
    /* the camera page says what to lay under it (reference image) */
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-materials-camera.png"), 0);
    OK(flow_run(&f, "tap @cam.shoot\nexpect-target @cam.use\ntap @cam.use\nsettle 10000\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    const char *mat = form_inst_get(ui_form_inst(flow_form(&f)), FORM_MATERIALS_KEY);
    char photo[80] = "";
    snprintf(photo, sizeof photo, "%s", mat ? mat : "");
    REQUIRE(form_photo_name_ok(photo));
    CHECK(has_target("f.materials.photo.del.0")); /* 删除 as any photo field's */
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-materials-photo.png"), 0);
    size_t plen = 0;
    unsigned char *pbytes = materials_photo(photo, &plen);
    REQUIRE(pbytes != NULL);
    OK(next_to(5));
    OK(flow_sign(&f, "signature"));
    OK(next_to(6));
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(&f))));
    /* the review lists the materials */
    CHECK(review_says(core_str("form.materials.label"), "已拍1张照片"));
    /* scrolled to the phone number: the changed answer is marked */
    OK(flow_run(&f, "drag 540 1550 540 800 400\nwait 1500\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/villager-correction-review.png"), 0);
    /* at the list's end, the materials' row before the pledge and the
     * signature, as the step came (reference image) */
    for (int i = 0; i < 3; i++)
        OK(flow_run(&f, "drag 540 1500 540 700 48\nwait 1500\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-materials-review.png"), 0);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    REQUIRE(strcmp(flow_top_name(&f), "receipt") == 0);
    store_filing nf;
    memset(&nf, 0, sizeof nf);
    REQUIRE(store_filing_get(f.st, nuuid, &nf) == STORE_OK);
    CHECK_EQ_STR(nf.supersedes, uuid);
    CHECK(nf.body && strstr(nf.body, "\"supersedes\"") && strstr(nf.body, uuid));
    store_filing_clear(&nf);
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    /* waiting to upload: her query says so, no second 去补正 */
    OK(query_card());
    CHECK(!has_target("query.fix"));
    OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));

    /* uploaded: county-sim links the two, the old one superseded */
    st = engine_pass();
    CHECK_EQ_INT(st.uploaded, 2);
    char nno[40];
    receipt_no_for(VIDNO, nuuid, nno, sizeof nno);
    REQUIRE(nno[0] != '\0');
    snprintf(args, sizeof args, "show %s", nno);
    CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
    CHECK(strstr(out, "corrects:") && strstr(out, uuid));
    CHECK(strstr(out, "13912345678") != NULL); /* the changed answer reached the county */
    /* and the photo of the materials, named in the payload, its very bytes held */
    CHECK(strstr(out, "\"materials\"") && strstr(out, photo));
    CHECK(strstr(out, photo + 6) != NULL); /* attached: its sha256 */
    {
        char url[160], *reply = NULL;
        size_t len = 0;
        snprintf(url, sizeof url, "/admin/attachments/%.64s", photo + 6);
        CHECK_EQ_INT(simproc_http_bytes(sim, url, &reply, &len), 200);
        CHECK(reply && len == plen && !memcmp(reply, pbytes, len));
        free(reply);
    }
    free(pbytes);
    snprintf(args, sizeof args, "show %s", no);
    CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
    CHECK(strstr(out, "superseded") && strstr(out, nno));

    /* the county accepts it; the status loop brings 已受理 to her query */
    snprintf(args, sizeof args, "accept %s", nno);
    CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
    OK(flow_run(&f, "wait 300000\nwait 300000\nwait 1000\n"));
    st = engine_pass();
    REQUIRE(store_receipt_get(f.st, nno, &r) == STORE_OK);
    CHECK_EQ_INT(r.status, STORE_STATUS_ACCEPTED);
    store_receipt_clear(&r);
    OK(query_card());
    CHECK(!has_target("query.fix"));
    const char *rows = ui_query_result_rows(flow_top(&f));
    CHECK(strstr(rows, nno) && strstr(rows, "已受理"));
    CHECK(strstr(rows, "已补正") != NULL);
    /* by her own card, the county's old complaint is not beside 已补正 (it
     * read as still open, or as the reason the new one counts) */
    CHECK(strstr(rows, VNOTE) == NULL);
    OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));

    f.sv.sync = NULL;
    ui_app_set_services(f.u.app, &f.sv);
    sync_free(eng);
    sync_store_outbox_close(&ob);
    simproc_stop(sim);
    flow_close(&f);
}

/* The store's clock as flow.c sets it, and ten days on. */
static int64_t flow_day(void *ud)
{
    (void)ud;
    return 1795311000LL * 1000;
}

static int64_t ten_days_on(void *ud)
{
    return flow_day(ud) + 10LL * 24 * 3600 * 1000;
}

/* Her ID number typed with her receipt's registration number reopens it too. */
static void test_villager_fixes_by_reg(void)
{
    REQUIRE(flow_open(&f, 1080, 1920, "vreg.db", 1) == 0);
    flow_reader(&f, check_idcards());
    static const char *const sim_args[] = {"--receipt-day", "20261122", NULL};
    sim = simproc_start(fx_fresh_dir("vrsim"), 1, sim_args);
    REQUIRE(sim != NULL);
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    REQUIRE(engine_open() == 0);
    ui_app_set_resume(f.u.app, ui_form_open_draft, NULL);
    char uuid[37], no[40], args[512], out[4096];
    REQUIRE(villager_files(uuid) == 0);
    sync_status st = engine_pass();
    CHECK_EQ_INT(st.uploaded, 1);
    receipt_no_for(VIDNO, uuid, no, sizeof no);
    REQUIRE(no[0] != '\0');
    store_receipt r;
    memset(&r, 0, sizeof r);
    REQUIRE(store_receipt_get(f.st, no, &r) == STORE_OK);
    char reg[RECEIPT_REG_MAX + 1];
    REQUIRE(receipt_reg_make(r.seq, reg, sizeof reg) == RECEIPT_OK);
    store_receipt_clear(&r);
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    snprintf(args, sizeof args, "return %s '%s'", no, LONG_NOTE);
    CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
    OK(flow_run(&f, "wait 300000\nwait 300000\nwait 1000\n"));
    st = engine_pass();
    CHECK_EQ_INT(st.status_changes, 1);
    /* a registration number of another villager's filing with her ID number: nothing */
    OK(query_typed("110105194003150022", reg));
    CHECK(!has_target("query.fix"));
    OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));
    OK(query_typed(VIDNO, reg));
    REQUIRE(has_target("query.fix"));
    OK(flow_run(&f, "tap @query.fix\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    form_inst *in = ui_form_inst(flow_top(&f));
    CHECK_EQ_STR(form_inst_get(in, "phone") ? form_inst_get(in, "phone") : "", "13812345678");
    store_draft d;
    memset(&d, 0, sizeof d);
    REQUIRE(store_draft_load(f.st, ui_form_uuid(flow_top(&f)), &d) == STORE_OK);
    CHECK_EQ_STR(d.supersedes, uuid);
    store_draft_clear(&d);
    /* the note is longer than the band's three lines: the band says so, a
     * tap on it shows the whole note, and both 读给我听 read it whole */
    REQUIRE(has_target("form.note"));
    heard_on();
    const char *said = heard_tap(&f, "form.voice");
    if (!strstr(said, "需另附委托书"))
        printf("  heard: %s\n", said);
    CHECK(strstr(said, "需另附委托书") != NULL);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-long-note.png"), 0);
    OK(flow_run(&f, "tap @form.note\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "需另附委托书") != NULL);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-long-note-whole.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-long-note-whole-large.png"), 0);
    OK(flow_run(&f, "elderly off\ntap @form.dlg.ok\n"));
    CHECK(!has_target("form.dlg.ok"));
    REQUIRE(ui_form_is(flow_top(&f)));
    /* she photographs a page on 补充材料 and leaves; her correction's draft
     * kept past its time is deleted by the expiry, its photo with it (and
     * her next 去补正 starts the correction afresh) */
    char cuuid[37];
    snprintf(cuuid, sizeof cuuid, "%s", ui_form_uuid(flow_top(&f)));
    for (int i = 0; i < 6 && form_inst_page(ui_form_inst(flow_form(&f))) < 4; i++)
        OK(flow_tap(&f, "form.next"));
    REQUIRE(has_target("f.materials.photo"));
    f.sv.camera_source = check_asset("camera");
    ui_app_set_services(f.u.app, &f.sv);
    OK(flow_run(&f, "tap @f.materials.photo\nwait 200\ntap @cam.shoot\n"
                    "expect-target @cam.use\ntap @cam.use\nsettle 10000\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    const char *mat = form_inst_get(ui_form_inst(flow_form(&f)), FORM_MATERIALS_KEY);
    char photo[80], ppath[1300];
    snprintf(photo, sizeof photo, "%s", mat ? mat : "");
    REQUIRE(form_photo_name_ok(photo));
    snprintf(ppath, sizeof ppath, "%s/photos/%s", plat_paths_data(), photo);
    CHECK(access(ppath, F_OK) == 0);
    OK(flow_tap(&f, "form.quit"));
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK(!ui_form_is(flow_top(&f)) || strcmp(ui_form_uuid(flow_top(&f)), cuuid));
    store_draft kept;
    memset(&kept, 0, sizeof kept);
    REQUIRE(store_draft_load(f.st, cuuid, &kept) == STORE_OK);
    CHECK(kept.answers && strstr(kept.answers, photo));
    store_draft_clear(&kept);
    store_set_clock(f.st, ten_days_on, NULL);
    store_set_draft_keep(f.st, 7LL * 24 * 3600 * 1000);
    int gone = 0;
    CHECK_EQ_INT(store_draft_expire(f.st, &gone), STORE_OK);
    CHECK_EQ_INT(gone, 1);
    store_set_draft_keep(f.st, 0);
    store_set_clock(f.st, flow_day, NULL);
    CHECK(access(ppath, F_OK) != 0);
    CHECK_EQ_INT(corrections_of(uuid), 0);
    f.sv.sync = NULL;
    ui_app_set_services(f.u.app, &f.sv);
    sync_free(eng);
    sync_store_outbox_close(&ob);
    simproc_stop(sim);
    flow_close(&f);

    /* the same kiosk's store on a tablet and a landscape screen, offline, in
     * both text sizes: her card shows the returned filing and 去补正 on the
     * left, above the buttons, her filings' rows on the right (above each
     * other the rows had no height left in large text) */
    static const struct {
        int w, h;
    } WIDE[] = {{1280, 800}, {1920, 1080}};
    for (size_t k = 0; k < sizeof WIDE / sizeof WIDE[0]; k++)
        for (int big = 0; big < 2; big++) {
            REQUIRE(flow_open(&f, WIDE[k].w, WIDE[k].h, "vreg.db", 0) == 0);
            flow_reader(&f, check_idcards());
            ui_app_set_elderly(f.u.app, big);
            while (flow_run(&f, "expect-target @tile.query\n") &&
                   !flow_run(&f, "expect-target @home.page.next\n"))
                OK(flow_run(&f, "tap @home.page.next\n")); /* the tile's page */
            OK(query_card());
            SDL_Rect fix, voice, home;
            REQUIRE(uitest_target_rect(f.u.app, "query.fix", &fix) == 0);
            REQUIRE(uitest_target_rect(f.u.app, "ferr.voice", &voice) == 0);
            REQUIRE(uitest_target_rect(f.u.app, "ferr.home", &home) == 0);
            int half = ui_app_theme(f.u.app)->w / 2;
            if (fix.y + fix.h > voice.y || fix.x + fix.w > half)
                printf("  %dx%d%s: 去补正 at %d,%d %dx%d, 读给我听 at y %d\n", WIDE[k].w, WIDE[k].h,
                       big ? " large" : "", fix.x, fix.y, fix.w, fix.h, voice.y);
            CHECK(fix.y + fix.h <= voice.y && fix.y + fix.h <= home.y); /* above the buttons */
            CHECK(fix.x + fix.w <= half); /* the rows have the right half */
            CHECK(strstr(ui_query_result_rows(flow_top(&f)), "已退回") != NULL);
            if (WIDE[k].w == 1280) {
                char ref[96];
                snprintf(ref, sizeof ref, "formui/ref/villager-fix-query-1280x800%s.png",
                         big ? "-large" : "");
                CHECK_EQ_INT(uitest_compare(&f.u, ref), 0);
            }
            uitest_check_targets(&f.u);
            if (WIDE[k].w == 1280 && big) {
                /* 去补正 on the tablet in large text: the county's note one
                 * line over the page, a tap on it the whole note; the page
                 * keeps room (its three lines left a quarter of the height) */
                ui_app_set_resume(f.u.app, ui_form_open_draft, NULL); /* as boot.c */
                OK(flow_run(&f, "tap @query.fix\n"));
                if (!ui_form_is(flow_top(&f)))
                    printf("  去补正 opened %s\n", flow_top_name(&f));
                REQUIRE(ui_form_is(flow_top(&f)));
                SDL_Rect v;
                REQUIRE(ui_form_view(flow_form(&f), &v) == 0);
                printf("  1280x800 large, a correction: the page's view %d px of %d\n", v.h,
                       ui_app_theme(f.u.app)->h);
                CHECK(v.h * 100 >= ui_app_theme(f.u.app)->h * 37); /* 32 % before */
                CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-1280x800-large.png"), 0);
                OK(flow_run(&f, "tap @form.note\nexpect-target @form.dlg.ok\n"));
                /* the whole note fits, 知道了 on screen (it ran past the edge) */
                SDL_Rect okr;
                REQUIRE(uitest_target_rect(f.u.app, "form.dlg.ok", &okr) == 0);
                CHECK(okr.y >= 0 && okr.y + okr.h <= ui_app_theme(f.u.app)->h);
                CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/correction-note-1280x800-large.png"),
                             0);
                OK(flow_run(&f, "tap @form.dlg.ok\n"));
                CHECK(flow_run(&f, "expect-target @form.dlg.ok\n") != 0);
            }
            if ((WIDE[k].w == 1280) == big) {
                /* 补充材料 on the tablet and the landscape screen, in both
                 * text sizes (reference images) */
                if (!ui_form_is(flow_top(&f))) {
                    ui_app_set_resume(f.u.app, ui_form_open_draft, NULL);
                    OK(flow_run(&f, "tap @query.fix\n"));
                    REQUIRE(ui_form_is(flow_top(&f)));
                }
                for (int i = 0; i < 6 && form_inst_page(ui_form_inst(flow_form(&f))) < 4; i++)
                    OK(flow_tap(&f, "form.next"));
                REQUIRE(has_target("f.materials.photo"));
                for (int pass = 0; pass < 2; pass++) {
                    int large = ui_app_elderly(f.u.app);
                    char ref[96];
                    snprintf(ref, sizeof ref, "formui/ref/correction-materials-%dx%d%s.png",
                             WIDE[k].w, WIDE[k].h, large ? "-large" : "");
                    OK(flow_run(&f, "wait 100\n"));
                    CHECK_EQ_INT(uitest_compare(&f.u, ref), 0);
                    uitest_check_targets(&f.u); /* the note's band 15 mm too */
                    OK(flow_run(&f, large ? "elderly off\n" : "elderly on\n"));
                }
            }
            flow_close(&f);
        }
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_returned_comes_back);
    RUN(test_villager_fixes);
    RUN(test_villager_fixes_by_reg);
    heard_free();
    plat_audio_close();
    kb_ime_uninstall();
    return check_summary();
}
