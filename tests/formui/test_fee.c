/* test_fee.c — 医保参保登记's 缴费年度 page and review say what the whole
 * household pays ("household_fee", SCHEMA.md), counted from the answers
 * given on the real screens: the head's category and each member's, again
 * after a member's category changes or a member is removed, with the
 * county's amount when its settings change it; in what the page's 读给我听
 * reads, in the review list, and in the reference images of both pages
 * (portrait, large text, tablet, landscape). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "flow.h"
#include "heard.h"
#include "ui/core/text.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/widgets/voicebtn.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

/* A member typed in (没带身份证) on the member screen, back on the list. */
static int add_member(flow *f, const char *name, const char *py, const char *idno,
                      const char *relation, const char *category)
{
    return flow_tap(f, "f.members.add") || flow_manual(f) || flow_hanzi(f, "m_name", name, py) ||
           flow_type(f, "m_idno", idno) || flow_choose(f, "m_relation", relation) ||
           flow_choose(f, "m_category", category) || flow_tap(f, "member.done") ||
           strcmp(flow_top_name(f), "form") != 0;
}

/* Member idx's category changed on its member screen (修改). */
static int change_member(flow *f, int idx, const char *category)
{
    char id[64];
    snprintf(id, sizeof id, "f.members.edit.%d", idx);
    return flow_tap(f, id) || flow_choose(f, "m_category", category) ||
           flow_tap(f, "member.done") || strcmp(flow_top_name(f), "form") != 0;
}

static int next(flow *f, size_t want_page)
{
    if (flow_tap(f, "form.next"))
        return -1;
    if (form_inst_page(inst(f)) != want_page) {
        const char *m = ui_form_message(flow_top(f));
        printf("  still on page %zu: %s\n", form_inst_page(inst(f)), m ? m : "(no message)");
        return -1;
    }
    return 0;
}

/* From home to the 家庭成员 page: 王芳 as head, her category chosen. */
static int to_members(flow *f, const char *head_category)
{
    if (flow_tap(f, "tile.medical") || strcmp(flow_top_name(f), "menu") ||
        flow_tap(f, "menu.list.0") || flow_manual(f) ||
        flow_hanzi(f, "head_name", "王芳", "wang fang") ||
        flow_type(f, "head_idno", "110105198501010071") ||
        flow_choose(f, "head_category", head_category) || next(f, 1) ||
        flow_type(f, "phone", "13812345678") ||
        flow_hanzi(f, "hukou_address", "东风村三组", "dong feng cun san zu") || next(f, 2))
        return -1;
    return 0;
}

/* The household of four: 王芳 and her husband 普通居民, her son a 学生, her
 * mother on 低保. */
static int four(flow *f)
{
    return add_member(f, "张三", "zhang san", "110105198812120032", "spouse", "general") ||
           add_member(f, "张小明", "zhang xiao ming", "110105201503070013", "child", "student") ||
           add_member(f, "李兰", "li lan", "420506195001010021", "parent", "dibao");
}

/* What the 缴费年度 page's 读给我听 reads holds want (the line the page shows). */
static void page_says(flow *f, const char *want)
{
    const char *said = heard_tap(f, "form.voice");
    if (!strstr(said, want))
        printf("  want '%s'\n  heard '%s'\n", want, said);
    CHECK(strstr(said, want) != NULL);
}

/* The review list has the row "全家要交：<want>", right after 缴费年度's. */
static void review_says(flow *f, const char *want)
{
    char row[1024];
    snprintf(row, sizeof row, core_str("form.review_row"), core_str("form.fee.label"), want);
    int found = -1;
    const char *r;
    for (int i = 0; (r = ui_form_review_row(flow_top(f), i)); i++)
        if (!strcmp(r, row))
            found = i;
    if (found < 0)
        printf("  review lacks '%s'\n", row);
    REQUIRE(found > 0);
    CHECK(!strncmp(ui_form_review_row(flow_top(f), found - 1), "缴费年度", strlen("缴费年度")));
}

#define MIXED "全家共4人参保，其中3人每人每年400元，共1200元；另外1人是低保对象，有政府资助，交多少以缴费通知为准。"

/* Four persons of three categories: the figure on the 缴费年度 page and at
 * review; her mother's category changed to 特困人员, then her husband
 * removed, then her own category 重度残疾人: the page follows each. */
static void test_household_figure(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "fee.db", 1) == 0);
    REQUIRE(to_members(&f, "general") == 0);
    REQUIRE(four(&f) == 0);
    CHECK_EQ_INT(form_inst_member_count(inst(&f), "members"), 3);
    OK(next(&f, 3));
    page_says(&f, MIXED);
    OK(flow_choose(&f, "year", "2027"));
    /* review: the same line after 缴费年度 */
    OK(next(&f, 4));
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    review_says(&f, MIXED);
    /* back to the members: her mother is 特困 */
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "form.prev"));
    REQUIRE(form_inst_page(inst(&f)) == 2);
    OK(change_member(&f, 2, "tekun"));
    OK(next(&f, 3));
    page_says(&f, "全家共4人参保，其中3人每人每年400元，共1200元；另外1人是特困人员，有政府资助");
    /* her husband removed */
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "f.members.del.0"));
    OK(flow_tap(&f, "fb.dlg.ok"));
    CHECK_EQ_INT(form_inst_member_count(inst(&f), "members"), 2);
    OK(next(&f, 3));
    page_says(&f, "全家共3人参保，其中2人每人每年400元，共800元；另外1人是特困人员");
    /* she herself 重度残疾人: her category named first */
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "form.prev"));
    REQUIRE(form_inst_page(inst(&f)) == 0);
    OK(flow_choose(&f, "head_category", "disabled"));
    OK(next(&f, 1));
    OK(next(&f, 2));
    OK(next(&f, 3));
    page_says(&f, "全家共3人参保，其中1人每人每年400元，共400元；另外2人是重度残疾人、特困人员，"
                  "有政府资助，交多少以缴费通知为准。");
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* The county's amount (its settings): 每人每年380元, all four paying it;
 * and a household with nobody paying it says so, without an amount. */
static void test_county_fee(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "fee-county.db", 1) == 0);
    char err[256];
    CHECK_EQ_INT(form_catalog_settings_string(f.cat, "{\"forms\":{\"medical_enrol\":{\"fee\":38000}}}",
                                              "county.json", err, sizeof err),
                 0);
    REQUIRE(to_members(&f, "general") == 0);
    REQUIRE(add_member(&f, "张三", "zhang san", "110105198812120032", "spouse", "general") == 0);
    REQUIRE(add_member(&f, "张小明", "zhang xiao ming", "110105201503070013", "child",
                       "student") == 0);
    OK(next(&f, 3));
    page_says(&f, "全家共3人参保，每人每年380元，一共要交1140元。");
    /* nobody pays the amount: both 低保 */
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "f.members.del.1"));
    OK(flow_tap(&f, "fb.dlg.ok"));
    OK(change_member(&f, 0, "dibao"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_choose(&f, "head_category", "dibao"));
    OK(next(&f, 1));
    OK(next(&f, 2));
    OK(next(&f, 3));
    page_says(&f, "全家共2人参保，是低保对象，有政府资助，交多少以缴费通知为准。");
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* The 缴费年度 page and review of the household of four, large text, on a
 * tablet and on a landscape screen: the line whole in each. */
static void test_shots(void)
{
    static const struct {
        int w, h, elderly;
        const char *name;
    } S[] = {{1080, 1920, 0, "1080x1920"},
             {1080, 1920, 1, "1080x1920-elderly"},
             {1280, 800, 0, "1280x800"},
             {1920, 1080, 0, "1920x1080"}};
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
        flow f;
        REQUIRE(flow_open(&f, S[i].w, S[i].h, "fee-shots.db", 1) == 0);
        if (S[i].elderly)
            OK(flow_run(&f, "elderly on\n"));
        REQUIRE(to_members(&f, "general") == 0);
        REQUIRE(four(&f) == 0);
        OK(next(&f, 3));
        OK(flow_choose(&f, "year", "2027"));
        OK(flow_page_top(&f));
        char name[96];
        snprintf(name, sizeof name, "fee-year-%s", S[i].name);
        flow_shot(&f, name);
        OK(next(&f, 4));
        OK(flow_agree(&f, "pledge"));
        OK(flow_sign(&f, "signature"));
        OK(flow_tap(&f, "form.next"));
        REQUIRE(form_inst_at_review(inst(&f)));
        review_says(&f, MIXED);
        /* the review list brought to its last rows: the line in view */
        snprintf(name, sizeof name, "drag %d %d %d %d 300\nwait 800\n", S[i].w / 2,
                 S[i].h * 3 / 4, S[i].w / 2, S[i].h / 5);
        for (int k = 0; k < 4; k++)
            OK(flow_run(&f, name));
        snprintf(name, sizeof name, "fee-review-%s", S[i].name);
        flow_shot(&f, name);
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
    RUN(test_household_figure);
    RUN(test_county_fee);
    RUN(test_shots);
    heard_free();
    return check_summary();
}
