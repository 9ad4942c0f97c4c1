/* test_shots.c — reference images of the form screens at 1080x1920: a page
 * of each field type (entry fields with computed values, the ID pad, choice
 * lists, dates, multiple choice, a member group, the pledge and a signature),
 * the review page and the menu; some again in elderly mode. Pages are reached
 * by taps; earlier pages are filled through the form engine to keep it fast. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"
#include "core/strings.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static void set(flow *f, const char *key, const char *v)
{
    char err[256];
    if (form_inst_set(inst(f), key, v, err, sizeof err) != FORM_OK)
        printf("  %s: %s\n", key, err);
}

/* Opens the form of a tile (menu row, or -1) and moves to page `page` with
 * pages before it answered from kv (key, value pairs). */
static int goto_page(flow *f, const char *tile, int row, const char **kv, size_t page)
{
    char s[64];
    snprintf(s, sizeof s, "tap @%s\n", tile);
    if (flow_run(f, s))
        return -1;
    if (row >= 0) {
        snprintf(s, sizeof s, "menu.list.%d", row);
        if (flow_tap(f, s))
            return -1;
    }
    if (flow_manual(f))
        return -1;
    for (; kv && kv[0]; kv += 2)
        set(f, kv[0], kv[1]);
    while (form_inst_page(inst(f)) < page)
        if (flow_tap(f, "form.next") || ui_form_message(flow_top(f)))
            return -1;
    return 0;
}

static const char *PENSION[] = {"name", "张三", "idno", "110105197005100014", "hukou_type", "agri",
                                "hukou_address", "东风村三组", "phone", "13812345678",
                                "tier", "50000", "sscard_no", "123456789", NULL};

static void identity_page(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "shots.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    REQUIRE(goto_page(&f, "tile.pension", 0, PENSION, 1) == 0);
    OK(flow_tap(&f, "form.prev")); /* page 1 again, drawn from the answers */
    flow_shot(&f, elderly ? "identity-1080x1920-elderly" : "identity-1080x1920");
    OK(flow_tap(&f, "f.idno")); /* the ID pad */
    flow_shot(&f, elderly ? "idpad-1080x1920-elderly" : "idpad-1080x1920");
    flow_close(&f);
}

static void test_identity(void) { identity_page(0); }
static void test_identity_elderly(void) { identity_page(1); }

static void test_menu(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "shots.db", 1) == 0);
    OK(flow_run(&f, "tap @tile.medical\nexpect-screen menu\n"));
    flow_shot(&f, "menu-1080x1920");
    OK(flow_run(&f, "elderly on\n"));
    flow_shot(&f, "menu-1080x1920-elderly");
    flow_close(&f);
}

static void test_dates(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "shots.db", 1) == 0);
    const char *kv[] = {"name", "张三", "idno", "110105197005100014", "phone", "13812345678",
                        "insured_place", "本县", "dest_province", "44", "dest_city", "广州",
                        "remote_type", "temporary", NULL};
    REQUIRE(goto_page(&f, "tile.medical", 1, kv, 2) == 0);
    flow_shot(&f, "dates-1080x1920");
    flow_close(&f);
}

static void test_multi(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "shots.db", 1) == 0);
    const char *kv[] = {"name", "张三", "idno", "410102198008080051", "phone", "13812345678",
                        "hukou_address", "东风村三组", "cert_no", "41010219800808005141", NULL};
    REQUIRE(goto_page(&f, "tile.disability", -1, kv, 2) == 0);
    OK(flow_choose(&f, "subsidy_types", "living")); /* shows the 低保 question */
    flow_shot(&f, "multi-1080x1920");
    flow_close(&f);
}

/* 残疾人证's category and grade before its number: made from the
 * 残疾人证号 (填好残疾人证号后自动生成), not from the ID number above. */
static void test_cert_wait(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "shots.db", 1) == 0);
    const char *kv[] = {"name", "张三", "idno", "410102198008080051", "phone", "13812345678",
                        "hukou_address", "东风村三组", NULL};
    REQUIRE(goto_page(&f, "tile.disability", -1, kv, 1) == 0);
    flow_shot(&f, "cert-wait-1080x1920");
    flow_close(&f);
}

static void test_group(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "shots.db", 1) == 0);
    const char *kv[] = {"head_name", "王芳", "head_idno", "110105198501010071", "phone",
                        "13812345678", "hukou_address", "东风村三组", NULL};
    REQUIRE(goto_page(&f, "tile.medical", 0, kv, 2) == 0);
    char err[128];
    REQUIRE(form_inst_member_add(inst(&f), "members", err, sizeof err) == 0);
    form_inst_member_set(inst(&f), "members", 0, "m_name", "张三", err, sizeof err);
    form_inst_member_set(inst(&f), "members", 0, "m_idno", "110105197005100014", err, sizeof err);
    form_inst_member_set(inst(&f), "members", 0, "m_relation", "spouse", err, sizeof err);
    REQUIRE(form_inst_member_add(inst(&f), "members", err, sizeof err) == 1); /* left empty */
    OK(flow_tap(&f, "form.next")); /* refused: the second member is not filled */
    flow_shot(&f, "group-1080x1920");
    OK(flow_tap(&f, "f.members.edit.1"));
    CHECK_EQ_STR(flow_top_name(&f), "form_member");
    OK(flow_tap(&f, "member.done"));
    flow_shot(&f, "member-1080x1920");
    flow_close(&f);
}

static void sign_and_review(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "shots.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    REQUIRE(goto_page(&f, "tile.pension", 0, PENSION, 4) == 0);
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    flow_shot(&f, elderly ? "sign-1080x1920-elderly" : "sign-1080x1920");
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    flow_shot(&f, elderly ? "review-1080x1920-elderly" : "review-1080x1920");
    OK(flow_tap(&f, "form.next"));
    flow_shot(&f, elderly ? "confirm-1080x1920-elderly" : "confirm-1080x1920");
    flow_close(&f);
}

static void test_sign_review(void) { sign_and_review(0); }
static void test_sign_review_elderly(void) { sign_and_review(1); }

/* 办件查询: the four ways to look a filing up, the card page of 刷身份证查询, the registration number on the
 * numeric pad, and a result found by that number with 再打印一张回执. */
static void query_pages(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "shots-query.db", 1) == 0);
    flow_reader(&f, check_idcards()); /* the emulator's reader */
    const char *u = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    REQUIRE(store_draft_save(f.st, u, "pension_enrol", 1, 0, "{}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(f.st, u, "城乡居民基本养老保险参保登记", "{}",
                                 "110105197005100014") == STORE_OK);
    REQUIRE(store_filing_ack(f.st, u, "CZ202611220000001", STORE_STATUS_ACCEPTED, 0) == STORE_OK);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.query")); /* on a later page in large text */
    REQUIRE(ui_form_is(flow_top(&f)));
    flow_shot(&f, elderly ? "query-method-1080x1920-elderly" : "query-method-1080x1920");
    /* 刷身份证查询 (the first way) opens the card page; 返回 goes back to the ways */
    OK(flow_run(&f, "tap @form.next\nexpect-target @card.manual\n"));
    flow_shot(&f, elderly ? "query-card-1080x1920-elderly" : "query-card-1080x1920");
    OK(flow_run(&f, "tap @form.quit\nexpect-target @form.next\n"));
    CHECK_EQ_INT((int)form_inst_page(ui_form_inst(flow_form(&f))), 0);
    OK(flow_choose(&f, "method", "by_reg"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "reg_no", "00000013"));
    flow_shot(&f, elderly ? "query-regpad-1080x1920-elderly" : "query-regpad-1080x1920");
    OK(flow_tap(&f, "form.next"));
    OK(flow_run(&f, "expect-screen query_result\ntap @query.reprint\n"));
    CHECK_EQ_INT(f.prints, 1);
    flow_shot(&f, elderly ? "query-result-1080x1920-elderly" : "query-result-1080x1920");
    flow_close(&f);
}

static void test_query_pages(void) { query_pages(0); }
static void test_query_pages_elderly(void) { query_pages(1); }

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_menu);
    RUN(test_identity);
    RUN(test_identity_elderly);
    RUN(test_dates);
    RUN(test_multi);
    RUN(test_cert_wait);
    RUN(test_group);
    RUN(test_sign_review);
    RUN(test_sign_review_elderly);
    RUN(test_query_pages);
    RUN(test_query_pages_elderly);
    kb_ime_uninstall();
    return check_summary();
}
