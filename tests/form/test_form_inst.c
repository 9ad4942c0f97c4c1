/* test_form_inst.c — one form being filled: answers, normalisation, errors,
 * visibility, computed values, groups, navigation, review, confirm, autosave
 * and restore, payload. Uses a purpose-built definition. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "form/form.h"
#include "form/form_inst.h"
#include "testdata.h"

static const valid_date today = {2026, 11, 22};

static const char *DEF =
    "{\"id\":\"demo\",\"version\":3,\"title\":\"演示\",\"description\":\"演示表单\",\"icon\":\"d\","
    "\"params\":{\"min_age\":{\"type\":\"integer\",\"label\":\"年龄\",\"default\":18},"
    "            \"std\":{\"type\":\"money\",\"label\":\"标准\",\"default\":60000}},"
    "\"fields\":["
    " {\"key\":\"name\",\"type\":\"name\",\"label\":\"姓名\"},"
    " {\"key\":\"idno\",\"type\":\"idno\",\"label\":\"身份证号\"},"
    " {\"key\":\"age\",\"type\":\"integer\",\"label\":\"年龄\",\"unit\":\"岁\",\"compute\":{\"from\":\"idno\",\"what\":\"age\"}},"
    " {\"key\":\"sex\",\"type\":\"choice\",\"label\":\"性别\",\"compute\":{\"from\":\"idno\",\"what\":\"sex\"}},"
    " {\"key\":\"birth\",\"type\":\"date\",\"label\":\"出生日期\",\"compute\":{\"from\":\"idno\",\"what\":\"birth_date\"}},"
    " {\"key\":\"phone\",\"type\":\"mobile\",\"label\":\"手机\",\"required\":false},"
    " {\"key\":\"has_job\",\"type\":\"choice\",\"label\":\"有工作吗\",\"options\":[{\"value\":\"yes\",\"label\":\"有\"},{\"value\":\"no\",\"label\":\"没有\"}],\"default\":\"no\"},"
    " {\"key\":\"employer\",\"type\":\"text\",\"label\":\"单位\",\"visible_if\":{\"field\":\"has_job\",\"equals\":\"yes\"}},"
    " {\"key\":\"salary\",\"type\":\"money\",\"label\":\"工资\",\"max\":1000000,\"visible_if\":{\"field\":\"has_job\",\"equals\":\"yes\"}},"
    " {\"key\":\"hobbies\",\"type\":\"multi\",\"label\":\"爱好\",\"required\":false,\"max\":2,\"options\":[{\"value\":\"a\",\"label\":\"唱歌\"},{\"value\":\"b\",\"label\":\"下棋\"},{\"value\":\"c\",\"label\":\"种花\"}]},"
    " {\"key\":\"start\",\"type\":\"date\",\"label\":\"开始日期\",\"date_min\":\"today-30\",\"date_max\":\"today+10\",\"default\":\"today\"},"
    " {\"key\":\"members\",\"type\":\"group\",\"label\":\"家庭成员\",\"item_label\":\"成员\",\"min_count\":1,\"max_count\":3,\"fields\":["
    "   {\"key\":\"m_name\",\"type\":\"name\",\"label\":\"姓名\"},"
    "   {\"key\":\"m_idno\",\"type\":\"idno\",\"label\":\"身份证号\"},"
    "   {\"key\":\"m_age\",\"type\":\"integer\",\"label\":\"年龄\",\"compute\":{\"from\":\"m_idno\",\"what\":\"age\"}},"
    "   {\"key\":\"m_student\",\"type\":\"choice\",\"label\":\"在读\",\"options\":[\"是\",\"否\"],\"default\":\"否\"},"
    "   {\"key\":\"m_school\",\"type\":\"text\",\"label\":\"学校\",\"visible_if\":{\"field\":\"m_student\",\"equals\":\"是\"}},"
    "   {\"key\":\"m_income\",\"type\":\"money\",\"label\":\"月收入\"}]},"
    " {\"key\":\"card\",\"type\":\"card\",\"card\":\"bank\",\"label\":\"银行卡号\"},"
    " {\"key\":\"pledge\",\"type\":\"pledge\",\"label\":\"承诺\",\"text\":\"我保证属实\"},"
    " {\"key\":\"sig\",\"type\":\"signature\",\"label\":\"签名\"}],"
    "\"pages\":["
    " {\"title\":\"本人\",\"fields\":[\"name\",\"idno\",\"age\",\"sex\",\"birth\",\"phone\"]},"
    " {\"title\":\"工作\",\"fields\":[\"has_job\",\"hobbies\",\"start\"]},"
    " {\"title\":\"单位\",\"fields\":[\"employer\",\"salary\"]},"
    " {\"title\":\"成员\",\"fields\":[\"members\"]},"
    " {\"title\":\"确认\",\"fields\":[\"card\",\"pledge\",\"sig\"]}],"
    "\"rules\":["
    " {\"id\":\"adult\",\"require\":{\"field\":\"age\",\"min\":{\"param\":\"min_age\"}},\"message\":\"年满{min_age}周岁才能办理\"},"
    " {\"id\":\"poor\",\"require\":{\"avg\":\"m_income\",\"max\":{\"param\":\"std\"}},\"message\":\"人均收入超过{std}元\"}]}";

static form_catalog *cat;
static const form_def *def;
static char id_adult[19], id_child[19], id_member[19], card[20];

static void setup(void)
{
    cat = form_catalog_new();
    char err[512];
    if (form_catalog_load_string(cat, DEF, "demo.json", err, sizeof err))
        printf("  %s\n", err);
    def = form_catalog_find(cat, "demo");
    td_idno(id_adult, "420502", "19800512", "013"); /* male, 46 */
    td_idno(id_child, "420502", "20100101", "024"); /* female, 16 */
    td_idno(id_member, "420502", "19820101", "026");
    td_card(card, "622848", 19);
}

/* Fills everything valid; returns the instance on the review step. */
static form_inst *filled(void)
{
    form_inst *in = form_inst_new(def, today);
    char err[256];
    form_inst_set(in, "name", "张三", err, sizeof err);
    form_inst_set(in, "idno", id_adult, err, sizeof err);
    form_inst_next(in, err, sizeof err);
    form_inst_next(in, err, sizeof err);
    int m = form_inst_member_add(in, "members", err, sizeof err);
    form_inst_member_set(in, "members", m, "m_name", "李四", err, sizeof err);
    form_inst_member_set(in, "members", m, "m_idno", id_member, err, sizeof err);
    form_inst_member_set(in, "members", m, "m_income", "300", err, sizeof err);
    form_inst_next(in, err, sizeof err);
    form_inst_set(in, "card", card, err, sizeof err);
    form_inst_set(in, "pledge", "yes", err, sizeof err);
    form_inst_set(in, "sig", "sig-3f2a.png", err, sizeof err);
    form_inst_next(in, err, sizeof err);
    return in;
}

static void test_defaults_and_set(void)
{
    REQUIRE(def != NULL);
    form_inst *in = form_inst_new(def, today);
    REQUIRE(in != NULL);
    char err[256];
    CHECK_EQ_STR(form_inst_get(in, "has_job"), "no");
    CHECK_EQ_STR(form_inst_get(in, "start"), "2026-11-22");
    CHECK(form_inst_get(in, "name") == NULL);
    CHECK_EQ_INT(form_inst_set(in, "name", "  买买提•艾力 ", err, sizeof err), FORM_OK);
    CHECK_EQ_STR(form_inst_get(in, "name"), "买买提·艾力");
    CHECK(form_inst_error(in, "name") == NULL);
    /* a wrong answer is kept, with its error */
    CHECK_EQ_INT(form_inst_set(in, "phone", "1380013800", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "手机号码应为11位数字，请核对位数");
    CHECK_EQ_STR(form_inst_get(in, "phone"), "1380013800");
    CHECK_EQ_STR(form_inst_error(in, "phone"), err);
    CHECK_EQ_INT(form_inst_set(in, "phone", "138 0013 8000", err, sizeof err), FORM_OK);
    CHECK_EQ_STR(form_inst_get(in, "phone"), "13800138000");
    CHECK(form_inst_error(in, "phone") == NULL);
    /* clearing */
    CHECK_EQ_INT(form_inst_set(in, "phone", "", err, sizeof err), FORM_OK);
    CHECK(form_inst_get(in, "phone") == NULL);
    CHECK_EQ_INT(form_inst_set(in, "phone", NULL, err, sizeof err), FORM_OK);
    /* lowercase x and full-width digits normalised */
    char lower[19];
    td_idno(lower, "11010519491231", "", "002");
    snprintf(lower, sizeof lower, "11010519491231002x");
    CHECK_EQ_INT(form_inst_set(in, "idno", lower, err, sizeof err), FORM_OK);
    CHECK_EQ_STR(form_inst_get(in, "idno"), "11010519491231002X");
    CHECK_EQ_INT(form_inst_set(in, "salary", "１２.５", err, sizeof err), FORM_OK);
    CHECK_EQ_STR(form_inst_get(in, "salary"), "12.5");
    CHECK_EQ_INT(form_inst_set(in, "salary", "20000.01", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "工资不能超过10000元，请核对");
    CHECK_EQ_INT(form_inst_set(in, "start", "2026-10-22", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "开始日期不能早于2026年10月23日，请重新选择");
    CHECK_EQ_INT(form_inst_set(in, "start", "2026-12-03", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "start", "2026-12-02", err, sizeof err), FORM_OK);
    valid_date lo, hi;
    int hlo, hhi;
    CHECK_EQ_INT(form_inst_date_range(in, "start", &lo, &hlo, &hi, &hhi), FORM_OK);
    CHECK(hlo && hhi && lo.month == 10 && lo.day == 23 && hi.month == 12 && hi.day == 2);
    CHECK_EQ_INT(form_inst_set(in, "has_job", "maybe", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "请从列表中选择有工作吗");
    CHECK_EQ_INT(form_inst_set(in, "hobbies", "a,c", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_set(in, "hobbies", "a,b,c", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "hobbies", "a,a", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "hobbies", "a,,b", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "hobbies", "z", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "pledge", "maybe", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "pledge", "no", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "需要同意以上承诺才能继续办理");
    CHECK_EQ_INT(form_inst_set(in, "sig", "../etc/passwd", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "name", "王\xC3\x28", err, sizeof err), FORM_ERR_INVALID);
    /* not settable */
    CHECK_EQ_INT(form_inst_set(in, "age", "30", err, sizeof err), FORM_ERR_READONLY);
    CHECK_EQ_INT(form_inst_set(in, "members", "x", err, sizeof err), FORM_ERR_READONLY);
    CHECK_EQ_INT(form_inst_set(in, "ghost", "x", err, sizeof err), FORM_ERR_NOTFOUND);
    CHECK_EQ_INT(form_inst_set(in, "m_name", "王五", err, sizeof err), FORM_ERR_NOTFOUND);
    form_inst_free(in);
}

static void test_computed_follow_source(void)
{
    form_inst *in = form_inst_new(def, today);
    char err[256], buf[64];
    CHECK(form_inst_get(in, "age") == NULL);
    form_inst_set(in, "idno", id_adult, err, sizeof err);
    CHECK_EQ_STR(form_inst_get(in, "age"), "46");
    CHECK_EQ_STR(form_inst_get(in, "sex"), "1");
    CHECK_EQ_STR(form_inst_get(in, "birth"), "1980-05-12");
    form_inst_display(in, "sex", buf, sizeof buf);
    CHECK_EQ_STR(buf, "男");
    form_inst_display(in, "birth", buf, sizeof buf);
    CHECK_EQ_STR(buf, "1980年5月12日");
    form_inst_display(in, "age", buf, sizeof buf);
    CHECK_EQ_STR(buf, "46 岁");
    /* a wrong ID number clears what was derived */
    char bad[19];
    td_idno_badcheck(bad, "420502", "19800512", "013");
    CHECK_EQ_INT(form_inst_set(in, "idno", bad, err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "身份证号码最后一位校验不对，请再核对一遍");
    CHECK(form_inst_get(in, "age") == NULL && form_inst_get(in, "sex") == NULL);
    form_inst_set(in, "idno", id_child, err, sizeof err);
    CHECK_EQ_STR(form_inst_get(in, "sex"), "2");
    CHECK_EQ_STR(form_inst_get(in, "age"), "16");
    /* the draft resumed the day before the birthday, then on the birthday */
    char *blob = form_inst_save(in);
    REQUIRE(blob);
    const valid_date days[2] = {{2027, 12, 31}, {2028, 1, 1}};
    const char *ages[2] = {"17", "18"};
    for (int i = 0; i < 2; i++) {
        form_inst *r = NULL;
        CHECK_EQ_INT(form_inst_restore(def, blob, days[i], &r, err, sizeof err), FORM_OK);
        CHECK(r && form_inst_get(r, "age") && !strcmp(form_inst_get(r, "age"), ages[i]));
        form_inst_free(r);
    }
    free(blob);
    form_inst_free(in);
}

static void test_visibility_and_skipping(void)
{
    form_inst *in = form_inst_new(def, today);
    char err[256];
    CHECK(!form_inst_visible(in, "employer"));
    CHECK(!form_inst_page_visible(in, 2));
    int step, total;
    form_inst_progress(in, &step, &total);
    CHECK_EQ_INT(step, 1);
    CHECK_EQ_INT(total, 4);
    form_inst_set(in, "has_job", "yes", err, sizeof err);
    CHECK(form_inst_visible(in, "employer"));
    CHECK(form_inst_page_visible(in, 2));
    form_inst_progress(in, &step, &total);
    CHECK_EQ_INT(total, 5);
    /* the hidden answer stays but is ignored */
    form_inst_set(in, "employer", "砖厂", err, sizeof err);
    form_inst_set(in, "has_job", "no", err, sizeof err);
    CHECK(!form_inst_visible(in, "employer"));
    CHECK_EQ_STR(form_inst_get(in, "employer"), "砖厂");
    /* page 0 → 1 → (2 hidden) → 3 */
    form_inst_set(in, "name", "张三", err, sizeof err);
    form_inst_set(in, "idno", id_adult, err, sizeof err);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_page(in), 1);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_page(in), 3);
    form_inst_progress(in, &step, &total);
    CHECK_EQ_INT(step, 3);
    CHECK_EQ_INT(total, 4);
    CHECK_EQ_INT(form_inst_back(in), FORM_OK);
    CHECK_EQ_INT(form_inst_page(in), 1);
    CHECK_EQ_INT(form_inst_back(in), FORM_OK);
    CHECK_EQ_INT(form_inst_page(in), 0);
    CHECK_EQ_INT(form_inst_back(in), FORM_ERR_STATE);
    CHECK_EQ_INT(form_inst_goto(in, 2), FORM_ERR_NOTFOUND);
    CHECK_EQ_INT(form_inst_goto(in, 99), FORM_ERR_NOTFOUND);
    form_inst_free(in);
}

static void test_next_refuses_incomplete(void)
{
    form_inst *in = form_inst_new(def, today);
    char err[256];
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "请填写姓名");
    CHECK_EQ_STR(form_inst_error(in, "name"), "请填写姓名");
    CHECK_EQ_STR(form_inst_error(in, "idno"), "请填写身份证号");
    CHECK(form_inst_error(in, "phone") == NULL); /* optional */
    CHECK(form_inst_error(in, "age") == NULL);   /* computed */
    CHECK_EQ_INT(form_inst_page(in), 0);
    form_inst_set(in, "name", "张三", err, sizeof err);
    CHECK(form_inst_error(in, "name") == NULL);
    form_inst_set(in, "idno", "123", err, sizeof err);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "身份证号码应为18位，请核对位数");
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_ERR_INCOMPLETE);
    /* eligibility is judged as soon as the age is known: on leaving page 0 */
    form_inst_set(in, "idno", id_child, err, sizeof err);
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "年满18周岁才能办理");
    CHECK_EQ_INT(form_inst_page(in), 0);
    form_inst_set(in, "idno", id_adult, err, sizeof err);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_OK);
    form_inst_free(in);
}

static void test_groups(void)
{
    form_inst *in = form_inst_new(def, today);
    char err[256], buf[64];
    CHECK_EQ_INT(form_inst_member_count(in, "members"), 0);
    CHECK_EQ_INT(form_inst_member_count(in, "name"), FORM_ERR_NOTFOUND);
    REQUIRE(form_inst_goto(in, 3) == FORM_OK);
    CHECK_EQ_INT(form_inst_check_page(in, 3, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "请至少添加1个成员");
    CHECK_EQ_STR(form_inst_error(in, "members"), "请至少添加1个成员");
    CHECK_EQ_INT(form_inst_member_add(in, "members", err, sizeof err), 0);
    CHECK(form_inst_error(in, "members") == NULL);
    CHECK_EQ_INT(form_inst_member_add(in, "members", err, sizeof err), 1);
    CHECK_EQ_INT(form_inst_member_add(in, "members", err, sizeof err), 2);
    CHECK_EQ_INT(form_inst_member_add(in, "members", err, sizeof err), FORM_ERR_FULL);
    CHECK_EQ_STR(err, "成员最多只能添加3个");
    CHECK_EQ_STR(form_inst_member_get(in, "members", 1, "m_student"), "否");
    CHECK(!form_inst_member_visible(in, "members", 1, "m_school"));
    form_inst_member_set(in, "members", 1, "m_student", "是", err, sizeof err);
    CHECK(form_inst_member_visible(in, "members", 1, "m_school"));
    CHECK(!form_inst_member_visible(in, "members", 0, "m_school"));
    CHECK_EQ_INT(form_inst_member_set(in, "members", 0, "m_name", "李四", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_member_set(in, "members", 0, "m_idno", id_member, err, sizeof err),
                 FORM_OK);
    CHECK_EQ_STR(form_inst_member_get(in, "members", 0, "m_age"), "44");
    CHECK_EQ_INT(form_inst_member_set(in, "members", 0, "m_income", "1.234", err, sizeof err),
                 FORM_ERR_INVALID);
    CHECK_EQ_STR(form_inst_member_error(in, "members", 0, "m_income"), err);
    form_inst_member_display(in, "members", 0, "m_name", buf, sizeof buf);
    CHECK_EQ_STR(buf, "李四");
    CHECK_EQ_INT(form_inst_member_set(in, "members", 5, "m_name", "王五", err, sizeof err),
                 FORM_ERR_NOTFOUND);
    CHECK_EQ_INT(form_inst_member_set(in, "members", 0, "name", "王五", err, sizeof err),
                 FORM_ERR_NOTFOUND);
    CHECK_EQ_INT(form_inst_member_set(in, "members", 0, "m_age", "3", err, sizeof err),
                 FORM_ERR_READONLY);
    /* page check names the member */
    CHECK_EQ_INT(form_inst_check_page(in, 3, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "成员1：金额最多填到分（小数点后两位），请修改");
    CHECK_EQ_STR(form_inst_member_error(in, "members", 1, "m_name"), "请填写姓名");
    CHECK_EQ_STR(form_inst_member_error(in, "members", 1, "m_school"), "请填写学校");
    CHECK(form_inst_member_error(in, "members", 0, "m_school") == NULL);
    /* removing moves later members up */
    form_inst_member_set(in, "members", 2, "m_name", "王五", err, sizeof err);
    CHECK_EQ_INT(form_inst_member_remove(in, "members", 1), FORM_OK);
    CHECK_EQ_INT(form_inst_member_count(in, "members"), 2);
    CHECK_EQ_STR(form_inst_member_get(in, "members", 1, "m_name"), "王五");
    CHECK_EQ_INT(form_inst_member_remove(in, "members", 2), FORM_ERR_NOTFOUND);
    form_inst_free(in);
}

static void test_aggregate_rule(void)
{
    form_inst *in = form_inst_new(def, today);
    char err[256];
    form_inst_set(in, "name", "张三", err, sizeof err);
    form_inst_set(in, "idno", id_adult, err, sizeof err);
    form_inst_next(in, err, sizeof err);
    form_inst_next(in, err, sizeof err);
    REQUIRE(form_inst_page(in) == 3);
    int a = form_inst_member_add(in, "members", err, sizeof err);
    int b = form_inst_member_add(in, "members", err, sizeof err);
    form_inst_member_set(in, "members", a, "m_name", "李四", err, sizeof err);
    form_inst_member_set(in, "members", a, "m_idno", id_member, err, sizeof err);
    form_inst_member_set(in, "members", b, "m_name", "王五", err, sizeof err);
    form_inst_member_set(in, "members", b, "m_idno", id_child, err, sizeof err);
    /* 700 + 500.02 = 1200.02 over 2 people: above 600 by one fen */
    form_inst_member_set(in, "members", a, "m_income", "700", err, sizeof err);
    form_inst_member_set(in, "members", b, "m_income", "500.02", err, sizeof err);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "人均收入超过600元");
    form_inst_member_set(in, "members", b, "m_income", "500", err, sizeof err);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_page(in), 4);
    form_inst_free(in);
}

static void test_review_confirm_payload(void)
{
    form_inst *in = filled();
    char err[256];
    REQUIRE(form_inst_at_review(in));
    int step, total;
    form_inst_progress(in, &step, &total);
    CHECK_EQ_INT(step, total);
    form_review_item *items;
    size_t n;
    REQUIRE(form_inst_review(in, &items, &n) == FORM_OK);
    /* name idno age sex birth phone | has_job hobbies start | member: name idno age
     * student income | card pledge sig; the optional phone and hobbies left
     * unanswered are shown so, with an empty display */
    CHECK_EQ_INT(n, 6 + 3 + 5 + 3);
    CHECK_EQ_STR(items[0].label, "姓名");
    CHECK_EQ_STR(items[0].display, "张三");
    CHECK_EQ_INT(items[0].page, 0);
    CHECK_EQ_INT(items[0].member, -1);
    CHECK_EQ_STR(items[5].label, "手机");
    CHECK_EQ_STR(items[5].display, "");
    CHECK_EQ_STR(items[6].display, "没有");
    CHECK_EQ_STR(items[7].label, "爱好");
    CHECK_EQ_STR(items[7].display, "");
    CHECK_EQ_STR(items[8].display, "2026年11月22日");
    CHECK_EQ_STR(items[9].label, "成员1 · 姓名");
    CHECK_EQ_INT(items[9].member, 0);
    CHECK_EQ_INT(items[9].page, 3);
    CHECK_EQ_STR(items[13].display, "300 元"); /* whole yuan without .00 */
    CHECK_EQ_STR(items[15].display, "已同意");
    CHECK_EQ_STR(items[16].display, "已签名");
    form_review_free(items, n);
    /* payload only after confirm */
    CHECK(form_inst_payload(in, err, sizeof err) == NULL);
    /* editing from review, then back to review */
    CHECK_EQ_INT(form_inst_goto(in, 0), FORM_OK);
    CHECK(!form_inst_at_review(in));
    CHECK_EQ_INT(form_inst_confirm(in, err, sizeof err), FORM_ERR_STATE);
    form_inst_set(in, "phone", "13912345678", err, sizeof err);
    CHECK_EQ_INT(form_inst_goto_review(in, err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_confirm(in, err, sizeof err), FORM_OK);
    CHECK(form_inst_confirmed(in));
    CHECK_EQ_INT(form_inst_set(in, "phone", "13912345679", err, sizeof err), FORM_ERR_STATE);
    CHECK_EQ_INT(form_inst_member_add(in, "members", err, sizeof err), FORM_ERR_STATE);
    CHECK_EQ_INT(form_inst_back(in), FORM_ERR_STATE);
    CHECK_EQ_INT(form_inst_confirm(in, err, sizeof err), FORM_ERR_STATE);
    char *p = form_inst_payload(in, err, sizeof err);
    REQUIRE(p != NULL);
    cJSON *j = cJSON_Parse(p);
    REQUIRE(j != NULL);
    CHECK_EQ_STR(cJSON_GetObjectItem(j, "form")->valuestring, "demo");
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "version")->valueint, 3);
    cJSON *a = cJSON_GetObjectItem(j, "answers");
    CHECK_EQ_STR(cJSON_GetObjectItem(a, "idno")->valuestring, id_adult);
    CHECK_EQ_INT(cJSON_GetObjectItem(a, "age")->valueint, 46); /* computed, typed */
    CHECK_EQ_STR(cJSON_GetObjectItem(a, "birth")->valuestring, "1980-05-12");
    CHECK_EQ_STR(cJSON_GetObjectItem(a, "phone")->valuestring, "13912345678");
    CHECK(cJSON_GetObjectItem(a, "employer") == NULL); /* hidden */
    cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(a, "members"), 0);
    CHECK_EQ_INT(cJSON_GetObjectItem(m, "m_income")->valueint, 30000); /* fen */
    CHECK_EQ_INT(cJSON_GetObjectItem(m, "m_age")->valueint, 44);
    CHECK(cJSON_GetObjectItem(m, "m_school") == NULL);
    cJSON_Delete(j);
    free(p);
    form_inst_free(in);
}

static void test_goto_review_finds_first_gap(void)
{
    form_inst *in = form_inst_new(def, today);
    char err[256];
    form_inst_set(in, "name", "张三", err, sizeof err);
    form_inst_set(in, "idno", id_adult, err, sizeof err);
    CHECK_EQ_INT(form_inst_goto_review(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_INT(form_inst_page(in), 3);
    CHECK_EQ_STR(err, "请至少添加1个成员");
    form_inst_free(in);
}

static void test_save_restore_exact(void)
{
    form_inst *in = filled();
    char err[256];
    form_inst_goto(in, 1);
    form_inst_set(in, "hobbies", "c,a", err, sizeof err);
    form_inst_set(in, "phone", "1380013800", err, sizeof err); /* wrong, kept */
    form_inst_set(in, "has_job", "yes", err, sizeof err);
    form_inst_set(in, "employer", "砖厂", err, sizeof err);
    form_inst_set(in, "start", "", err, sizeof err); /* cleared default stays cleared */
    char *blob = form_inst_save(in);
    REQUIRE(blob != NULL);
    form_inst *r = NULL;
    CHECK_EQ_INT(form_inst_restore(def, blob, today, &r, err, sizeof err), FORM_OK);
    REQUIRE(r != NULL);
    CHECK_EQ_INT(form_inst_page(r), 1);
    CHECK(!form_inst_at_review(r));
    const char *keys[] = {"name", "idno", "age", "sex", "phone", "has_job", "employer",
                          "hobbies", "start", "card", "pledge", "sig"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *a = form_inst_get(in, keys[i]), *b = form_inst_get(r, keys[i]);
        CHECK((a == NULL) == (b == NULL));
        if (a && b)
            CHECK_EQ_STR(b, a);
        const char *ea = form_inst_error(in, keys[i]), *eb = form_inst_error(r, keys[i]);
        CHECK((ea == NULL) == (eb == NULL));
    }
    CHECK(form_inst_get(r, "start") == NULL);
    CHECK_EQ_STR(form_inst_error(r, "phone"), "手机号码应为11位数字，请核对位数");
    CHECK_EQ_INT(form_inst_member_count(r, "members"), 1);
    CHECK_EQ_STR(form_inst_member_get(r, "members", 0, "m_income"), "300");
    CHECK_EQ_STR(form_inst_member_get(r, "members", 0, "m_age"), "44");
    char *blob2 = form_inst_save(r);
    CHECK_EQ_STR(blob2, blob);
    free(blob2);
    form_inst_free(r);
    free(blob);
    /* a confirmed instance restores confirmed */
    form_inst_free(in);
    in = filled();
    form_inst_confirm(in, err, sizeof err);
    blob = form_inst_save(in);
    CHECK_EQ_INT(form_inst_restore(def, blob, today, &r, err, sizeof err), FORM_OK);
    CHECK(r && form_inst_confirmed(r) && form_inst_at_review(r));
    char *p1 = form_inst_payload(in, err, sizeof err), *p2 = r ? form_inst_payload(r, err, sizeof err) : NULL;
    CHECK(p1 && p2 && !strcmp(p1, p2));
    free(p1);
    free(p2);
    /* the blob names its form and version (the store's drafts resume by them) */
    CHECK(strstr(blob, "\"form\":\"demo\"") != NULL);
    CHECK(strstr(blob, "\"version\":3") != NULL);
    free(blob);
    form_inst_free(r);
    form_inst_free(in);
}

static void test_restore_rejects(void)
{
    char err[256];
    form_inst *r = (form_inst *)1;
    struct {
        const char *blob;
        int code;
        const char *needle;
    } cases[] = {
        {"not json", FORM_ERR_MALFORMED, "JSON object"},
        {"[]", FORM_ERR_MALFORMED, "JSON object"},
        {"{\"format\":1,\"form\":\"other\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{}}", FORM_ERR_MISMATCH, "'other'"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":2,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{}}", FORM_ERR_MISMATCH, "version 2"},
        {"{\"format\":2,\"form\":\"demo\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{}}", FORM_ERR_MALFORMED, "lacks"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":9,\"review\":false,"
         "\"confirmed\":false,\"answers\":{}}", FORM_ERR_MALFORMED, "page"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{\"ghost\":\"x\"}}", FORM_ERR_MALFORMED, "'ghost'"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{\"name\":5}}", FORM_ERR_MALFORMED, "'name'"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{\"age\":\"5\"}}", FORM_ERR_MALFORMED, "computed"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{\"members\":{}}}", FORM_ERR_MALFORMED, "'members'"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{\"members\":[{},{},{},{}]}}", FORM_ERR_MALFORMED, "at most"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":false,\"answers\":{\"members\":[{\"name\":\"x\"}]}}", FORM_ERR_MALFORMED, "no field"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":0,\"review\":false,"
         "\"confirmed\":true,\"answers\":{}}", FORM_ERR_MALFORMED, "confirmed"},
        {"{\"format\":1,\"form\":\"demo\",\"version\":3,\"page\":0.5,\"review\":false,"
         "\"confirmed\":false,\"answers\":{}}", FORM_ERR_MALFORMED, "page"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        err[0] = '\0';
        r = (form_inst *)1;
        CHECK_EQ_INT(form_inst_restore(def, cases[i].blob, today, &r, err, sizeof err),
                     cases[i].code);
        CHECK(r == NULL);
        if (!strstr(err, cases[i].needle))
            printf("  case %zu: %s\n", i, err);
        CHECK(strstr(err, cases[i].needle) != NULL);
    }
    CHECK_EQ_INT(form_inst_restore(def, NULL, today, &r, err, sizeof err), FORM_ERR_MALFORMED);
    CHECK(strcmp(form_strerror(FORM_ERR_MISMATCH), form_strerror(FORM_ERR_MALFORMED)) != 0);
}

int main(void)
{
    td_strings();
    setup();
    RUN(test_defaults_and_set);
    RUN(test_computed_follow_source);
    RUN(test_visibility_and_skipping);
    RUN(test_next_refuses_incomplete);
    RUN(test_groups);
    RUN(test_aggregate_rule);
    RUN(test_review_confirm_payload);
    RUN(test_goto_review_finds_first_gap);
    RUN(test_save_restore_exact);
    RUN(test_restore_rejects);
    form_catalog_free(cat);
    return check_summary();
}
