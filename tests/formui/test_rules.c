/* test_rules.c — what the form screens refuse and what they survive: an
 * underage pension applicant and a bad ID check digit refused with the
 * message on screen; resume after a "power cut" (the app freed mid-form, a new
 * one on the same data folder); 重新开始; the inactivity timeout keeping or
 * discarding the draft; tap-to-edit from review; a confirm without a store
 * keeping the answers. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/core/session.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static int open_pension(flow *f)
{
    if (flow_run(f, "tap @tile.pension\nexpect-screen menu\n") || flow_tap(f, "menu.list.0") ||
        flow_manual(f))
        return -1;
    return ui_form_is(flow_top(f)) ? 0 : -1;
}

static void test_underage(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "underage.db", 1) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_hanzi(&f, "name", "张小", "zhang xiao"));
    OK(flow_type(&f, "idno", "110105201501010025"));
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 0);
    const char *m = ui_form_message(flow_top(&f));
    REQUIRE(m != NULL);
    CHECK(strstr(m, "年满16周岁") != NULL);
    /* the message is drawn in red at the top of the page */
    SDL_Rect v;
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    CHECK(uitest_ink(&f.u, v.x + 20, v.y + 10, v.w - 40, 60) > 0.01);
    flow_close(&f);
}

/* A rule about a question far down the page: its words under that
 * question, in view with the options to change (at the top they were out of
 * sight of them); gone with the change. */
static void test_rule_beside(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "beside.db", 1) == 0);
    OK(flow_run(&f, "tap @home.page.next\ntap @tile.certs\nexpect-screen menu\n"));
    OK(flow_tap(&f, "menu.list.1"));
    OK(flow_manual(&f));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_hanzi(&f, "name", "张秀英", "zhang xiu ying"));
    OK(flow_type(&f, "idno", "420506195203140027"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(flow_choose(&f, "residence", "none"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 0);
    CHECK_EQ_STR(form_inst_rule_field(inst(&f)) ? form_inst_rule_field(inst(&f)) : "",
                 "residence");
    const char *m = ui_form_message(flow_top(&f));
    CHECK(m && strstr(m, "居住证") != NULL);
    SDL_Rect v, opt;
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "f.residence.opt.1", &opt) == 0);
    CHECK(opt.y >= v.y && opt.y + opt.h <= v.y + v.h); /* the option to take, in view */
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/rule-beside.png"), 0);
    /* a keystroke in another question takes the words away: drawn whole, not
     * the typed box alone (the words stayed on screen, the monkey found) */
    OK(flow_run(&f, "tap @f.hukou_address\n"));
    REQUIRE(ui_form_message(flow_top(&f)) != NULL);
    SDL_Rect none = {0, 0, 0, 0};
    OK(uitest_partial(&f.u, "rule words, a keystroke elsewhere", "text 四", &none));
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    OK(flow_run(&f, "tap @form.done\n"));
    OK(flow_choose(&f, "residence", "permit"));
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    flow_close(&f);
}

static void test_bad_check_digit(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "checkdigit.db", 1) == 0);
    f.tap_keys = 1;
    REQUIRE(open_pension(&f) == 0);
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_type(&f, "idno", "110105197005100015")); /* the check character is 4 */
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 0);
    const char *e = form_inst_error(inst(&f), "idno");
    REQUIRE(e != NULL);
    CHECK(ui_form_message(flow_top(&f)) != NULL);
    CHECK(form_inst_get(inst(&f), "age") == NULL); /* nothing derived from a wrong number */
    /* fixed with backspace and the right digit, it goes on */
    OK(flow_tap(&f, "f.idno"));
    OK(flow_keys(&f, "4")); /* 18 characters already: refused */
    OK(flow_run(&f, "tap @kb.k.bs\n"));
    OK(flow_keys(&f, "4"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "idno"), "110105197005100014");
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    flow_close(&f);
}

/* 下一步 with a question left empty under the view (低保 after a card read,
 * the page scrolled back up to her name, 联系电话 under 年龄) brings it whole into view, and the view's top falls
 * between two questions: none of a label, a value or a line of help is cut
 * there. Scrolled only just far enough, the top ran through 公民身份号码's
 * label on the kiosk in large text and through 年龄's value on the tablet. */
static void error_below(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "error-below.db", 1) == 0);
    flow_reader(&f, check_idcards());
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_run(&f, "idcard 1\nexpect-target @form.next\n")); /* 联系电话 in view */
    const char *name = "f.name"; /* she goes back up to her name, 联系电话 under the view */
    CHECK_EQ_INT(flow_show(&f, &name, 1), 0);
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 0);
    REQUIRE(form_inst_error(inst(&f), "phone") != NULL);
    ui_app_render(f.u.app, 1);
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect v, box;
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "f.phone", &box) == 0);
    CHECK(box.y >= v.y && box.y + box.h <= v.y + v.h);
    /* under the rule where the view cuts the page, a unit of background
     * across the column (from the screen's margin to the box's right) */
    double ink = uitest_ink(&f.u, v.x + 1, v.y + 3, box.x + box.w - v.x - 1, t->unit);
    if (ink > 0)
        printf("  %dx%d%s: %.2f %% ink at the view's top\n", w, h, elderly ? " large text" : "",
               ink * 100);
    CHECK(ink == 0.0);
    flow_close(&f);
}

static void test_error_below(void)
{
    for (int el = 0; el < 2; el++) {
        error_below(1080, 1920, el);
        error_below(1280, 800, el);
    }
}

/* 填下一项 on 低保's first page: from 公民身份号码 it goes on to 联系电话's
 * keys, past 年龄 (worked out from the number, it asks nothing; the
 * keyboard closed there). A phone number too short: 填下一项 keeps the keys
 * on it and says its error over the box (it closed them, and the next key
 * went nowhere); put right, the error goes, and 填下一项 goes on. On the
 * last question typed, 收起键盘 with a wrong answer closes the keys and
 * keeps the question in view with its error. */
static void test_done_moves_on(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "done.db", 1) == 0);
    f.tap_keys = 1;
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    OK(flow_tap(&f, "f.idno"));
    OK(flow_keys(&f, "110105197005100014"));
    OK(flow_tap(&f, "form.done"));
    REQUIRE(ui_form_kb(flow_top(&f)) != NULL);
    OK(flow_keys(&f, "138"));
    CHECK(form_inst_get(inst(&f), "age") != NULL);
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone"), "138");
    OK(flow_tap(&f, "form.done"));
    REQUIRE(ui_form_kb(flow_top(&f)) != NULL); /* still on 联系电话 */
    REQUIRE(form_inst_error(inst(&f), "phone") != NULL);
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect v, box;
    ui_app_render(f.u.app, 1);
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "f.phone", &box) == 0);
    CHECK(box.y >= v.y && box.y + box.h <= v.y + v.h);
    CHECK_EQ_STR(ui_form_message(flow_top(&f)), form_inst_error(inst(&f), "phone"));
    int over = box.y - t->px_label * 3 > v.y ? box.y - t->px_label * 3 : v.y;
    CHECK(uitest_count_color(&f.u, box.x, over, box.w, box.y - over, t->danger) > 50);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/done-wrong-stays.png"), 0);
    OK(flow_keys(&f, "12345678")); /* the keys still type into it */
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone"), "13812345678");
    ui_app_render(f.u.app, 1);
    REQUIRE(uitest_target_rect(f.u.app, "f.phone", &box) == 0);
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    over = box.y - t->px_label * 3 > v.y ? box.y - t->px_label * 3 : v.y;
    CHECK_EQ_INT(uitest_count_color(&f.u, box.x, over, box.w, box.y - over, t->danger), 0);
    /* put right, 填下一项 goes on (户籍地址 is typed: its keys) */
    OK(flow_tap(&f, "form.done"));
    CHECK(form_inst_error(inst(&f), "phone") == NULL);
    REQUIRE(ui_form_kb(flow_top(&f)) != NULL);
    /* 户籍地址, the page's last question typed: too short, 收起键盘 closes
     * the keys and the question stays in view with its error */
    OK(flow_hanzi(&f, "hukou_address", "东风", "dong feng"));
    OK(flow_tap(&f, "form.done"));
    CHECK(ui_form_kb(flow_top(&f)) == NULL);
    REQUIRE(form_inst_error(inst(&f), "hukou_address") != NULL);
    ui_app_render(f.u.app, 1);
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "f.hukou_address", &box) == 0);
    if (!(box.y - t->px_label * 2 >= v.y && box.y + box.h <= v.y + v.h))
        printf("  户籍地址's box at y %d..%d, the view %d..%d\n", box.y, box.y + box.h, v.y,
               v.y + v.h);
    CHECK(box.y - t->px_label * 2 >= v.y && box.y + box.h <= v.y + v.h);
    flow_close(&f);
}

static void fill_two_pages(flow *f)
{
    OK(flow_hanzi(f, "name", "张三", "zhang san"));
    OK(flow_type(f, "idno", "110105197005100014"));
    OK(flow_choose(f, "hukou_type", "agri"));
    OK(flow_tap(f, "form.next"));
    OK(flow_type(f, "phone", "13812345678"));
}

/* 1 if a dialog (继续上次填写 …) is on the screen as drawn now. */
static int dialog_shows(flow *f)
{
    int x, y;
    ui_app_render(f->u.app, 1);
    return ui_app_find_target(f->u.app, "form.dlg.ok", &x, &y) == 0;
}

static void test_power_cut_resume(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "powercut.db", 1) == 0);
    REQUIRE(open_pension(&f) == 0);
    fill_two_pages(&f);
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    /* typing is saved within a second of the key (form_screen.c); the
     * close stands for the power going after that (test_autosave kills a
     * process for the second before it) */
    OK(flow_run(&f, "wait 1000\n"));
    flow_close(&f); /* the power goes: nothing else is saved */

    REQUIRE(flow_open(&f, 1080, 1920, "powercut.db", 0) == 0);
    CHECK_EQ_INT(flow_drafts(&f), 1);
    REQUIRE(open_pension(&f) == 0);
    /* nothing is offered before the person says who they are */
    CHECK(!dialog_shows(&f));
    OK(flow_type(&f, "idno", "110105197005100014"));
    /* typed, not read from a card: the last four digits of her phone first */
    OK(flow_run(&f, "expect-target @form.dlg.ok\ntap @form.dlg.ok\nexpect-screen form_owner\n"
                    "text 5678\ntap @owner.go\nexpect-screen form\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1); /* the draft just begun gave way to the kept one */
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "张三");
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone"), "13812345678");
    CHECK_EQ_STR(ui_form_uuid(flow_form(&f)), uuid);
    /* the phone shows on the page */
    OK(flow_run(&f, "expect-target @f.phone\n"));
    flow_close(&f);

    /* the agents' list reopens a draft directly, without the question */
    REQUIRE(flow_open(&f, 1080, 1920, "powercut.db", 0) == 0);
    ui_form_open_draft(NULL, f.u.app, uuid, "pension_enrol");
    REQUIRE(ui_form_is(flow_top(&f)));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone"), "13812345678");
    OK(flow_run(&f, "expect-target @f.phone\n"));
    ui_form_open_draft(NULL, f.u.app, "00000000-0000-4000-8000-000000000000", "pension_enrol");
    CHECK(flow_top(&f) == flow_form(&f)); /* an unknown draft opens nothing */
    flow_close(&f);

    /* 重新开始 drops the old draft, once the four digits are given (the
     * number was typed: anyone who knows it could have) */
    REQUIRE(flow_open(&f, 1080, 1920, "powercut.db", 0) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_type(&f, "idno", "110105197005100014"));
    OK(flow_run(&f, "tap @form.dlg.cancel\nexpect-screen form_owner\n"
                    "text 5678\ntap @owner.go\nexpect-screen form\n"));
    store_draft d;
    memset(&d, 0, sizeof d);
    CHECK_EQ_INT(store_draft_load(f.st, uuid, &d), STORE_ERR_NOTFOUND);
    store_draft_clear(&d);
    CHECK_EQ_INT(form_inst_page(inst(&f)), 0);
    CHECK(form_inst_get(inst(&f), "name") == NULL);
    CHECK(strcmp(ui_form_uuid(flow_form(&f)), uuid) != 0);
    flow_close(&f);
}

static void timeout_case(int keep)
{
    flow f;
    char err[128];
    REQUIRE(flow_open(&f, 1080, 1920, keep ? "keep.db" : "drop.db", 1) == 0);
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", keep ? "1" : "0", err, sizeof err);
    REQUIRE(open_pension(&f) == 0);
    fill_two_pages(&f);
    CHECK_EQ_INT(flow_drafts(&f), 1);
    OK(flow_run(&f, "wait 600000\nwait 600000\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), keep ? 1 : 0);
    CHECK(flow_form(&f) == NULL); /* the form and its keyboard are gone */
    /* the signature folder holds nothing of a discarded draft either */
    flow_close(&f);
}

static void test_timeout_keeps_draft(void) { timeout_case(1); }

/* Drafts kept at the timeout, but this one gave no ID number: nothing could
 * bring it back (不填了吗？ says as much), and it goes rather than age. */
static void test_timeout_drops_nameless(void)
{
    flow f;
    char err[128];
    REQUIRE(flow_open(&f, 1080, 1920, "nameless.db", 1) == 0);
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "1", err, sizeof err);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_run(&f, "wait 1500\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1); /* autosaved as she typed */
    OK(flow_run(&f, "wait 600000\nwait 600000\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 0);
    flow_close(&f);
}
static void test_timeout_discards_draft(void) { timeout_case(0); }

static void test_review_edit_and_no_store(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "review.db", 1) == 0);
    OK(flow_tap(&f, "tile.elderly"));
    OK(flow_manual(&f));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_hanzi(&f, "name", "李秀英", "li xiu ying"));
    OK(flow_type(&f, "idno", "110105194003150022"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "bank_account", "6222020200112233446"));
    OK(flow_hanzi(&f, "bank_name", "信用社", "xin yong she"));
    OK(flow_tap(&f, "form.next"));
    /* 下一步 with the pledge not agreed: the words name the button as it reads */
    OK(flow_sign(&f, "signature"));
    OK(flow_tap(&f, "form.next"));
    const char *m = ui_form_message(flow_top(&f));
    char agree[96];
    snprintf(agree, sizeof agree, "“%s”", core_str("form.agree"));
    if (!m || !strstr(m, agree))
        printf("  pledge not agreed: %s\n", m ? m : "(no message)");
    CHECK(m && strstr(m, agree) != NULL);
    OK(flow_agree(&f, "pledge"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    /* find the phone's review row and edit it */
    form_review_item *items;
    size_t n;
    REQUIRE(form_inst_review(inst(&f), &items, &n) == FORM_OK);
    int row = -1;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(form_field_key(items[i].field), "phone"))
            row = (int)i;
    form_review_free(items, n);
    REQUIRE(row >= 0);
    char id[32];
    snprintf(id, sizeof id, "form.review.%d", row);
    OK(flow_tap(&f, id));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    OK(flow_type(&f, "phone", "13987654321"));
    OK(flow_tap(&f, "form.next")); /* 改好了，回去核对 */
    REQUIRE(form_inst_at_review(inst(&f)));
    /* the store is gone: an error screen, the answers stay */
    store *st = f.sv.store;
    f.sv.store = NULL;
    f.sv.store_error = store_error_key(STORE_ERR_FULL);
    ui_app_set_services(f.u.app, &f.sv);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "form_error");
    /* what went wrong, with 读给我听 beside 回到填写页面; in large text too */
    OK(flow_run(&f, "expect-target @ferr.voice\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/error-1080x1920.png"), 0);
    ui_app_set_elderly(f.u.app, 1);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/error-1080x1920-elderly.png"), 0);
    ui_app_set_elderly(f.u.app, 0);
    OK(flow_run(&f, "tap @ferr.back\nexpect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone"), "13987654321");
    /* back again: confirming now works */
    f.sv.store = st;
    f.sv.store_error = NULL;
    ui_app_set_services(f.u.app, &f.sv);
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    REQUIRE(store_filing_get(f.st, uuid, &fl) == STORE_OK);
    CHECK(strstr(fl.payload, "13987654321") != NULL);
    CHECK(strstr(fl.payload, "13812345678") == NULL);
    store_filing_clear(&fl);
    CHECK_EQ_INT(ui_app_pending(f.u.app), 1);
    flow_close(&f);
}

/* A signed-in proxy agent is recorded on the draft and the filing. */
static void test_agent_recorded(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "agent.db", 1) == 0);
    ui_app_agent_sign_in(f.u.app, "A0012", "代办员");
    OK(flow_tap(&f, "tile.query")); /* a query leaves no draft, agent or not */
    OK(flow_run(&f, "tap @form.quit\n"));
    REQUIRE(open_pension(&f) == 0);
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    store_draft d;
    memset(&d, 0, sizeof d);
    REQUIRE(store_draft_load(f.st, ui_form_uuid(flow_form(&f)), &d) == STORE_OK);
    CHECK(d.agent_id && !strcmp(d.agent_id, "A0012"));
    store_draft_clear(&d);
    CHECK_EQ_INT(flow_drafts(&f), 1);
    flow_close(&f);
}

/* A kept draft after the inactivity timeout belongs to its villager: the
 * next person (a stranger, typing their own ID number) is never offered it
 * and sees nothing of it; the owner gets it back by reading her ID card. The
 * 还在吗? prompt hides the form behind it. */
static void test_stranger_after_timeout(void)
{
    flow f;
    char err[128];
    REQUIRE(flow_open(&f, 1080, 1920, "stranger.db", 1) == 0);
    flow_reader(&f, check_idcards());
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "1", err, sizeof err);
    /* the owner, in large text: her card read, her phone typed, then she walks away */
    OK(flow_run(&f, "tap @home.elderly\ntap @tile.pension\nexpect-screen menu\n"));
    CHECK_EQ_INT(ui_app_elderly(f.u.app), 1);
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "tap @card.sim\nexpect-target @form.next\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "idno"), "420506195203140027");
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "phone", "13812345678"));
    char owner[64];
    snprintf(owner, sizeof owner, "%s", ui_form_uuid(flow_form(&f)));
    /* the prompt: the form is not drawn behind it (her page had ink in the
     * middle of the screen; the prompt's page is blank around its card) */
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\n"));
    ui_app_render(f.u.app, 1);
    CHECK(uitest_ink(&f.u, 0, 150, 1080, 250) < 0.001); /* above the prompt's card: it says
                                                        * how her answers come back, taller */
    OK(flow_run(&f, "wait 600000\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    CHECK_EQ_INT(ui_app_elderly(f.u.app), 0); /* large text ended with her session */

    /* a stranger: the same item, his own ID number typed — no question, nothing of hers */
    OK(open_pension(&f));
    CHECK(!dialog_shows(&f));
    CHECK(form_inst_get(inst(&f), "name") == NULL);
    CHECK(form_inst_get(inst(&f), "idno") == NULL);
    OK(flow_type(&f, "idno", "110105197005100014"));
    CHECK(!dialog_shows(&f));
    CHECK(form_inst_get(inst(&f), "phone") == NULL);
    CHECK(strcmp(ui_form_uuid(flow_form(&f)), owner) != 0);
    OK(flow_run(&f, "wait 600000\nwait 600000\nexpect-screen home\n"));

    /* the owner again: her card read brings the question, and her answers back */
    OK(flow_run(&f, "tap @tile.pension\nexpect-screen menu\n"));
    OK(flow_tap(&f, "menu.list.0"));
    CHECK(!dialog_shows(&f));
    OK(flow_run(&f, "idcard 1\n")); /* her card again (the first sample) */
    REQUIRE(dialog_shows(&f));
    OK(flow_run(&f, "tap @form.dlg.ok\n"));
    CHECK_EQ_STR(ui_form_uuid(flow_form(&f)), owner);
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone"), "13812345678");
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    flow_close(&f);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_underage);
    RUN(test_bad_check_digit);
    RUN(test_rule_beside);
    RUN(test_error_below);
    RUN(test_done_moves_on);
    RUN(test_power_cut_resume);
    RUN(test_timeout_keeps_draft);
    RUN(test_timeout_drops_nameless);
    RUN(test_timeout_discards_draft);
    RUN(test_stranger_after_timeout);
    RUN(test_review_edit_and_no_store);
    RUN(test_agent_recorded);
    kb_ime_uninstall();
    return check_summary();
}
