/* test_form_items.c — the eight shipped service items: each is filled with
 * valid data through the instance API to completion (review, confirm,
 * payload), and each eligibility rule and key check refuses what it should. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "form/form.h"
#include "form/form_inst.h"
#include "testdata.h"

static const valid_date today = {2026, 11, 22};
static form_catalog *cat;
static char err[512];
static char id30[19], id15[19], id85[19], id70[19], id40f[19], idkid[19], bank[20];

static void setup(void)
{
    cat = form_catalog_new();
    form_catalog_load_dir(cat, check_asset("forms"));
    td_idno(id30, "420502", "19960704", "031");  /* male, 30 */
    td_idno(id15, "420502", "20110101", "042");  /* female, 15 */
    td_idno(id85, "420502", "19410315", "051");  /* male, 85 */
    td_idno(id70, "420502", "19560101", "062");  /* female, 70 */
    td_idno(id40f, "420502", "19860909", "022"); /* female, 40 */
    td_idno(idkid, "420502", "20180601", "017"); /* male, 8 */
    td_card(bank, "622848", 19);
}

static form_inst *start(const char *id)
{
    const form_def *d = form_catalog_find(cat, id);
    if (!d) {
        printf("  form %s not loaded\n", id);
        return NULL;
    }
    return form_inst_new(d, today);
}

/* Sets and reports failures with the field name. */
static int set(form_inst *in, const char *key, const char *v)
{
    int rc = form_inst_set(in, key, v, err, sizeof err);
    if (rc)
        printf("  set %s: %s (%d)\n", key, err, rc);
    return rc;
}

static int mset(form_inst *in, const char *g, int i, const char *key, const char *v)
{
    int rc = form_inst_member_set(in, g, i, key, v, err, sizeof err);
    if (rc)
        printf("  set %s[%d].%s: %s (%d)\n", g, i, key, err, rc);
    return rc;
}

static int next(form_inst *in)
{
    int rc = form_inst_next(in, err, sizeof err);
    if (rc)
        printf("  next on page %zu: %s (%d)\n", form_inst_page(in), err, rc);
    return rc;
}

/* Review, confirm, payload; returns the parsed payload's answers (caller
 * frees the root through *root). */
static cJSON *finish(form_inst *in, cJSON **root, size_t min_items)
{
    *root = NULL;
    if (!form_inst_at_review(in)) {
        printf("  not at review (page %zu)\n", form_inst_page(in));
        return NULL;
    }
    form_review_item *items;
    size_t n;
    if (form_inst_review(in, &items, &n) != FORM_OK)
        return NULL;
    int ok = n >= min_items;
    for (size_t i = 0; i < n; i++)
        ok &= items[i].label[0] && form_inst_page_visible(in, items[i].page) &&
              (items[i].display[0] || !form_field_required(items[i].field)); /* optional, left */
    form_review_free(items, n);
    if (!ok) {
        printf("  review has %zu items (want >= %zu) or an empty one\n", n, min_items);
        return NULL;
    }
    if (form_inst_confirm(in, err, sizeof err) != FORM_OK) {
        printf("  confirm: %s\n", err);
        return NULL;
    }
    char *p = form_inst_payload(in, err, sizeof err);
    if (!p)
        return NULL;
    *root = cJSON_Parse(p);
    free(p);
    const cJSON *f = cJSON_GetObjectItem(*root, "form");
    if (!cJSON_IsString(f) || strcmp(f->valuestring, form_def_id(form_inst_def(in))))
        return NULL;
    return cJSON_GetObjectItem(*root, "answers");
}

static const char *sget(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static long long nget(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : -999;
}

/* ---- 1 pension enrolment ---- */

static form_inst *pension_enrol_p0(const char *id)
{
    form_inst *in = start("pension_enrol");
    if (!in)
        return NULL;
    set(in, "name", "张建国");
    set(in, "idno", id);
    set(in, "hukou_type", "agri");
    return in;
}

static void test_pension_enrol_complete(void)
{
    form_inst *in = pension_enrol_p0(id30);
    REQUIRE(in != NULL);
    CHECK_EQ_STR(form_inst_get(in, "ethnicity"), "01"); /* default 汉族 */
    CHECK_EQ_INT(set(in, "ethnicity", "04"), 0);         /* 藏族 */
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(set(in, "hukou_address", "湖北省宜昌市某某县青山村三组"), 0);
    CHECK(!form_inst_visible(in, "residence_address"));
    CHECK_EQ_INT(set(in, "same_address", "no"), 0);
    CHECK(form_inst_visible(in, "residence_address"));
    CHECK_EQ_INT(set(in, "residence_address", "湖北省宜昌市某某县城关镇幸福路8号"), 0);
    CHECK_EQ_INT(set(in, "phone", "13972012345"), 0);
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(set(in, "tier", "50000"), 0);
    CHECK_EQ_INT(set(in, "insured_status", "dibao"), 0);
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(set(in, "account_type", "bank"), 0);
    CHECK_EQ_INT(set(in, "bank_account", bank), 0);
    CHECK_EQ_INT(set(in, "bank_name", "农村信用社"), 0);
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(set(in, "pledge", "yes"), 0);
    CHECK_EQ_INT(set(in, "signature", "sig-0a1b2c.png"), 0);
    CHECK_EQ_INT(next(in), 0);
    cJSON *root;
    cJSON *a = finish(in, &root, 18);
    REQUIRE(a != NULL);
    CHECK_EQ_STR(sget(a, "idno"), id30);
    CHECK_EQ_STR(sget(a, "sex"), "1");
    CHECK_EQ_STR(sget(a, "birth_date"), "1996-07-04");
    CHECK_EQ_INT(nget(a, "age"), 30);
    CHECK_EQ_STR(sget(a, "ethnicity"), "04");
    CHECK_EQ_STR(sget(a, "tier"), "50000");
    CHECK_EQ_STR(sget(a, "bank_account"), bank);
    CHECK(cJSON_GetObjectItem(a, "sscard_no") == NULL);
    cJSON_Delete(root);
    form_inst_free(in);
}

static void test_pension_enrol_refusals(void)
{
    const form_def *d = form_catalog_find(cat, "pension_enrol");
    REQUIRE(d != NULL);
    /* 56 ethnic groups, tiers 200..5000 yuan */
    CHECK_EQ_INT(form_field_option_count(form_def_field(d, "ethnicity")), 56);
    CHECK_EQ_STR(form_field_option_find(form_def_field(d, "ethnicity"), "56"), "基诺族");
    const form_field *tier = form_def_field(d, "tier");
    CHECK_EQ_STR(form_field_option_value(tier, 0), "20000");
    CHECK_EQ_STR(form_field_option_value(tier, form_field_option_count(tier) - 1), "500000");
    /* underage: refused as soon as page 1 is left */
    form_inst *in = pension_enrol_p0(id15);
    REQUIRE(in != NULL);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "年满16周岁才能参加城乡居民养老保险，到了年龄再来办理");
    form_inst_free(in);
    /* bad ID number */
    in = pension_enrol_p0("420502199607040310");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK(strstr(err, "身份证号码") != NULL);
    form_inst_free(in);
    /* student, and already in the employee scheme */
    in = pension_enrol_p0(id30);
    next(in);
    set(in, "hukou_address", "湖北省宜昌市某某县青山村三组");
    set(in, "phone", "13972012345");
    next(in);
    set(in, "tier", "20000");
    set(in, "is_student", "yes");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK(strstr(err, "在校学生") != NULL);
    set(in, "is_student", "no");
    set(in, "in_employee_scheme", "yes");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK(strstr(err, "职工养老保险") != NULL);
    set(in, "in_employee_scheme", "no");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_OK);
    /* social-security card is the default account */
    CHECK(form_inst_visible(in, "sscard_no") && !form_inst_visible(in, "bank_account"));
    CHECK_EQ_INT(form_inst_set(in, "sscard_no", "a1234567", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "sscard_no", "a12345678", err, sizeof err), FORM_OK);
    CHECK_EQ_STR(form_inst_get(in, "sscard_no"), "A12345678");
    /* a tier not offered */
    CHECK_EQ_INT(form_inst_set(in, "tier", "25000", err, sizeof err), FORM_ERR_INVALID);
    form_inst_free(in);
}

/* ---- 2 pension certification ---- */

static void test_pension_cert(void)
{
    form_inst *in = start("pension_cert");
    REQUIRE(in != NULL);
    set(in, "name", "王桂英");
    set(in, "idno", id70);
    set(in, "phone", "13800138000");
    CHECK_EQ_INT(next(in), 0);
    set(in, "current_address", "青山村五组12号");
    CHECK_EQ_INT(set(in, "method", "agent_visit"), 0);
    /* the agent's number is not typed: it is the agent signed in, and
     * without one 上门认证 is refused on the page it is chosen on (anyone
     * typed a number and ticked the agent's pledge) */
    CHECK(form_inst_get(in, "agent_id") == NULL);
    CHECK(form_inst_set(in, "agent_id", "A0012", err, sizeof err) != FORM_OK);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK(strstr(err, "上门认证要由帮办代办员登录") != NULL);
    CHECK_EQ_STR(form_inst_rule_field(in) ? form_inst_rule_field(in) : "", "agent_id");
    form_inst_set_agent(in, "A0012");
    CHECK_EQ_STR(form_inst_get(in, "agent_id"), "A0012");
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(form_inst_page(in), 2); /* the agent page shows */
    CHECK_EQ_STR(form_inst_get(in, "visit_date"), "2026-11-22");
    CHECK_EQ_INT(form_inst_set(in, "visit_date", "2026-10-01", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_set(in, "visit_date", "2026-11-23", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(set(in, "visit_date", "2026-11-20"), 0);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_INT(set(in, "agent_pledge", "yes"), 0);
    CHECK_EQ_INT(next(in), 0);
    set(in, "pledge", "yes");
    set(in, "signature", "sig-77.png");
    CHECK_EQ_INT(next(in), 0);
    cJSON *root;
    cJSON *a = finish(in, &root, 11);
    REQUIRE(a != NULL);
    CHECK_EQ_STR(sget(a, "method"), "agent_visit");
    CHECK_EQ_STR(sget(a, "agent_id"), "A0012");
    CHECK_EQ_INT(nget(a, "age"), 70);
    cJSON_Delete(root);
    form_inst_free(in);
    /* self-certification skips the agent page; a 30-year-old is refused */
    in = start("pension_cert");
    set(in, "name", "王桂英");
    set(in, "idno", id70);
    set(in, "phone", "13800138000");
    next(in);
    set(in, "current_address", "青山村五组12号");
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(form_inst_page(in), 3);
    int step, total;
    form_inst_progress(in, &step, &total);
    CHECK_EQ_INT(step, 3);
    CHECK_EQ_INT(total, 3);
    form_inst_free(in);
    in = start("pension_cert");
    set(in, "name", "张建国");
    set(in, "idno", id30);
    set(in, "phone", "13800138000");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK(strstr(err, "60周岁") != NULL);
    form_inst_free(in);
}

/* ---- 3 medical insurance for a household ---- */

static void test_medical_enrol(void)
{
    form_inst *in = start("medical_enrol");
    REQUIRE(in != NULL);
    set(in, "head_name", "李德明");
    set(in, "head_idno", id30);
    CHECK_EQ_STR(form_inst_get(in, "head_sex"), "1");
    CHECK_EQ_INT(next(in), 0);
    set(in, "phone", "15012345678");
    set(in, "hukou_address", "青山村二组3号");
    CHECK_EQ_INT(next(in), 0);
    /* members: spouse and child; members are optional */
    int s = form_inst_member_add(in, "members", err, sizeof err);
    int c = form_inst_member_add(in, "members", err, sizeof err);
    CHECK_EQ_INT(s, 0);
    CHECK_EQ_INT(c, 1);
    mset(in, "members", s, "m_name", "周丽");
    mset(in, "members", s, "m_idno", id40f);
    mset(in, "members", s, "m_relation", "spouse");
    mset(in, "members", c, "m_name", "李小宝");
    mset(in, "members", c, "m_idno", idkid);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "家庭成员2：请在“与户主关系”下面选一项");
    mset(in, "members", c, "m_relation", "grandchild"); /* a grandchild in the household */
    mset(in, "members", c, "m_category", "student");
    CHECK_EQ_STR(form_inst_member_get(in, "members", c, "m_sex"), "1");
    CHECK_EQ_STR(form_inst_member_get(in, "members", s, "m_sex"), "2");
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(set(in, "year", "2027"), 0);
    CHECK_EQ_INT(next(in), 0);
    set(in, "pledge", "yes");
    set(in, "signature", "sig-9.png");
    CHECK_EQ_INT(next(in), 0);
    cJSON *root;
    cJSON *a = finish(in, &root, 8 + 2 * 6);
    REQUIRE(a != NULL);
    cJSON *m = cJSON_GetObjectItem(a, "members");
    CHECK_EQ_INT(cJSON_GetArraySize(m), 2);
    CHECK_EQ_STR(sget(cJSON_GetArrayItem(m, 1), "m_relation"), "grandchild");
    CHECK_EQ_INT(nget(cJSON_GetArrayItem(m, 1), "m_age"), 8);
    CHECK_EQ_STR(sget(a, "year"), "2027");
    cJSON_Delete(root);
    form_inst_free(in);
    /* a child cannot be the head */
    in = start("medical_enrol");
    set(in, "head_name", "李小宝");
    set(in, "head_idno", idkid);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK(strstr(err, "户主须年满16周岁") != NULL);
    form_inst_free(in);
}

/* ---- 4 registration for treatment elsewhere ---- */

static void test_medical_remote(void)
{
    form_inst *in = start("medical_remote");
    REQUIRE(in != NULL);
    set(in, "name", "赵四");
    set(in, "idno", id40f);
    set(in, "phone", "18612345678");
    set(in, "insured_place", "某某县");
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(form_inst_set(in, "dest_province", "99", err, sizeof err), FORM_ERR_INVALID);
    set(in, "dest_province", "44");
    set(in, "dest_city", "广州市");
    set(in, "remote_type", "referral");
    CHECK(form_inst_visible(in, "hospital"));
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "请填写转往医院");
    set(in, "hospital", "中山大学附属第一医院");
    CHECK_EQ_INT(next(in), 0);
    CHECK(form_inst_visible(in, "end_date"));
    CHECK_EQ_INT(form_inst_set(in, "start_date", "2028-01-01", err, sizeof err), FORM_ERR_INVALID);
    /* an end before the start is refused, with what to do */
    set(in, "start_date", "2027-02-01");
    set(in, "end_date", "2027-01-15");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "预计结束日期不能早于开始日期，请重新选");
    set(in, "start_date", "2026-12-01");
    set(in, "end_date", "2027-03-01");
    CHECK_EQ_INT(next(in), 0);
    CHECK(form_inst_visible(in, "proof_photo")); /* a referral photographs its 转诊单 */
    CHECK_EQ_INT(next(in), 0);                   /* optional: a kiosk may have no camera */
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK(strstr(err, "承诺") != NULL);
    CHECK_EQ_INT(form_inst_set(in, "pledge", "no", err, sizeof err), FORM_ERR_INVALID);
    set(in, "pledge", "yes");
    set(in, "signature", "sig-1.png");
    CHECK_EQ_INT(next(in), 0);
    cJSON *root;
    cJSON *a = finish(in, &root, 12);
    REQUIRE(a != NULL);
    CHECK_EQ_STR(sget(a, "remote_type"), "referral");
    CHECK_EQ_STR(sget(a, "dest_province"), "44");
    CHECK_EQ_STR(sget(a, "start_date"), "2026-12-01");
    cJSON_Delete(root);
    form_inst_free(in);
    /* long-term stay: no hospital, no end date */
    in = start("medical_remote");
    set(in, "remote_type", "long_stay");
    CHECK(!form_inst_visible(in, "hospital") && !form_inst_visible(in, "end_date"));
    form_inst_free(in);
}

/* ---- 5 minimum living allowance ---- */

static form_inst *dibao_to_members(void)
{
    form_inst *in = start("dibao");
    if (!in)
        return NULL;
    set(in, "name", "孙秀兰");
    set(in, "idno", id70);
    set(in, "phone", "13512345678");
    set(in, "hukou_address", "青山村一组");
    next(in);
    int a = form_inst_member_add(in, "members", err, sizeof err);
    mset(in, "members", a, "m_name", "孙秀兰");
    mset(in, "members", a, "m_idno", id70);
    mset(in, "members", a, "m_relation", "self");
    mset(in, "members", a, "m_deposit", "2000");
    int b = form_inst_member_add(in, "members", err, sizeof err);
    mset(in, "members", b, "m_name", "周小军");
    mset(in, "members", b, "m_idno", idkid);
    mset(in, "members", b, "m_relation", "other");
    mset(in, "members", b, "m_health", "disabled");
    mset(in, "members", b, "m_deposit", "0");
    return in;
}

static void test_dibao(void)
{
    form_inst *in = dibao_to_members();
    REQUIRE(in != NULL);
    /* incomes not yet given */
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "家庭成员1：请填写每月收入");
    /* 1000 + 300 = 1300 for 2 people = 650 a head, above 600 */
    mset(in, "members", 0, "m_income", "1000");
    mset(in, "members", 1, "m_income", "300");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "家庭月人均收入高于本地低保标准（每人每月600元），暂不符合低保条件，"
                      "可咨询村干部其他救助");
    mset(in, "members", 0, "m_income", "800.50");
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_STR(form_inst_get(in, "house_count"), "1");
    CHECK_EQ_INT(form_inst_set(in, "house_count", "-1", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "全家住房数量不能小于0处，请修改");
    /* the wrong answer is kept and blocks the page until corrected */
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    set(in, "house_count", "2");
    CHECK_EQ_INT(form_inst_set(in, "reason", "因病", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "申请理由至少要填5个字，请填写完整");
    set(in, "reason", "本人年老多病，孙子残疾，\n家中无劳动力。");
    CHECK_EQ_INT(next(in), 0);
    char bad[20];
    snprintf(bad, sizeof bad, "%s", bank);
    bad[3] = bad[3] == '9' ? '0' : (char)(bad[3] + 1);
    CHECK_EQ_INT(form_inst_set(in, "bank_account", bad, err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "银行卡号有一位不对，请照卡面再核对一遍");
    set(in, "bank_account", bank);
    set(in, "bank_name", "邮政储蓄银行");
    CHECK_EQ_INT(next(in), 0);
    /* the materials page: photo file names, checked */
    const char *p1 = "photo-00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff.jpg";
    const char *p2 = "photo-ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100.jpg";
    char two[200], five[400];
    snprintf(two, sizeof two, "%s,%s", p1, p2);
    snprintf(five, sizeof five, "%s,%s,%s,%s,%s", p1, p2, p1, p2, p1);
    CHECK_EQ_INT(form_inst_set(in, "hukou_photo", "sig-5.png", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "照片没有保存好，请重新拍");
    snprintf(five, sizeof five, "%s,%s", p1, p1); /* the same photo twice */
    CHECK_EQ_INT(form_inst_set(in, "hukou_photo", five, err, sizeof err), FORM_ERR_INVALID);
    char six[600] = "";
    for (int i = 0; i < 5; i++) /* five distinct names: over the field's max of 4 */
        snprintf(six + strlen(six), sizeof six - strlen(six), "%sphoto-%064d.jpg", i ? "," : "", i);
    CHECK_EQ_INT(form_inst_set(in, "hukou_photo", six, err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "户口簿最多拍4张，请删掉一些");
    set(in, "hukou_photo", two);
    CHECK_EQ_INT(next(in), 0); /* proof_photo is optional */
    set(in, "pledge", "yes");
    set(in, "signature", "sig-5.png");
    CHECK_EQ_INT(next(in), 0);
    char shown[64];
    form_inst_display(in, "hukou_photo", shown, sizeof shown); /* never the file names */
    CHECK_EQ_STR(shown, "已拍2张照片");
    cJSON *root;
    cJSON *a = finish(in, &root, 5 + 2 * 7 + 3 + 2 + 2 + 1);
    REQUIRE(a != NULL);
    cJSON *ph = cJSON_GetObjectItem(a, "hukou_photo"); /* a list, as multi */
    CHECK(cJSON_IsArray(ph) && cJSON_GetArraySize(ph) == 2);
    CHECK_EQ_STR(cJSON_GetArrayItem(ph, 1)->valuestring, p2);
    cJSON *m = cJSON_GetObjectItem(a, "members");
    CHECK_EQ_INT(nget(cJSON_GetArrayItem(m, 0), "m_income"), 80050);
    CHECK_EQ_INT(nget(cJSON_GetArrayItem(m, 0), "m_deposit"), 200000);
    CHECK_EQ_INT(nget(a, "house_count"), 2);
    CHECK_EQ_STR(sget(a, "reason"), "本人年老多病，孙子残疾，\n家中无劳动力。");
    cJSON_Delete(root);
    form_inst_free(in);
    /* at least one member */
    in = start("dibao");
    set(in, "name", "孙秀兰");
    set(in, "idno", id70);
    set(in, "phone", "13512345678");
    set(in, "hukou_address", "青山村一组");
    next(in);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "请至少添加1个家庭成员");
    form_inst_free(in);
}

/* ---- 6 elderly allowance ---- */

static form_inst *elderly(const char *id)
{
    form_inst *in = start("elderly_allowance");
    if (!in)
        return NULL;
    set(in, "name", "钱老汉");
    set(in, "idno", id);
    set(in, "hukou_address", "青山村四组");
    return in;
}

static void test_elderly_allowance(void)
{
    form_inst *in = elderly(id85);
    REQUIRE(in != NULL);
    CHECK_EQ_INT(next(in), 0);
    set(in, "phone", "13600000000");
    CHECK(!form_inst_visible(in, "contact_phone"));
    set(in, "contact_name", "钱小花");
    CHECK(form_inst_visible(in, "contact_phone"));
    CHECK_EQ_INT(next(in), 0); /* the contact phone is optional */
    set(in, "bank_account", bank);
    set(in, "bank_name", "农商银行");
    CHECK_EQ_INT(next(in), 0);
    set(in, "pledge", "yes");
    set(in, "signature", "sig-85.png");
    CHECK_EQ_INT(next(in), 0);
    cJSON *root;
    cJSON *a = finish(in, &root, 11);
    REQUIRE(a != NULL);
    CHECK_EQ_INT(nget(a, "age"), 85);
    CHECK_EQ_STR(sget(a, "contact_name"), "钱小花");
    cJSON_Delete(root);
    form_inst_free(in);
    /* 70 is below the default 80 */
    in = elderly(id70);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "年满80周岁的老人才能申请高龄津贴，到了年龄再来办理");
    form_inst_free(in);
}

/* The shipped catalogue as a county that pays 高龄津贴 from 90 sets it;
 * NULL if the settings are refused. */
static form_catalog *county_at_90(void)
{
    form_catalog *c = form_catalog_new();
    form_catalog_load_dir(c, check_asset("forms"));
    if (form_catalog_settings_string(c, "{\"forms\":{\"elderly_allowance\":{\"min_age\":90}}}",
                                     "county.json", err, sizeof err) != 0) {
        form_catalog_free(c);
        return NULL;
    }
    return c;
}

/* 钱老汉, 85, asks 高龄津贴 on d (a county's that pays from 90): refused
 * at page 1, the message naming 90. */
static void refused_at_90(const form_def *d)
{
    form_inst *in = form_inst_new(d, today);
    REQUIRE(in != NULL);
    set(in, "name", "钱老汉");
    set(in, "idno", id85);
    set(in, "hukou_address", "青山村四组");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "年满90周岁的老人才能申请高龄津贴，到了年龄再来办理");
    form_inst_free(in);
}

static void test_elderly_allowance_county_threshold(void)
{
    /* A county that pays from 90: the 85-year-old is now refused, with 90 in the message. */
    form_catalog *c2 = county_at_90();
    REQUIRE(c2 != NULL);
    refused_at_90(form_catalog_find(c2, "elderly_allowance"));
    /* out of the parameter's range: refused, threshold unchanged */
    CHECK_EQ_INT(form_catalog_settings_string(c2, "{\"forms\":{\"elderly_allowance\":{\"min_age\":30}}}",
                                              "county.json", err, sizeof err), -1);
    refused_at_90(form_catalog_find(c2, "elderly_allowance"));
    form_catalog_free(c2);
}

/* ---- a correction's materials step (补充材料) ---- */

/* The page of def's signature field (its last page when it has none). */
static size_t signature_page(const form_def *def)
{
    size_t p = form_def_page_count(def);
    for (size_t i = 0; i < form_def_field_count(def); i++)
        if (form_field_type(form_def_field_at(def, i)) == FORM_T_SIGNATURE)
            p = form_field_page(form_def_field_at(def, i));
    return p;
}

/* Every filed item with no photo field has a correction with the step before
 * its signature page; an item with a photo field (and a lookup) is its own
 * correction's definition, unchanged. */
static void test_correction_materials_step(void)
{
    int with = 0, without = 0;
    for (size_t i = 0; i < form_catalog_count(cat); i++) {
        const form_def *d = form_catalog_at(cat, i);
        const form_def *c = form_def_correction(d);
        int photos = 0;
        for (size_t k = 0; k < form_def_field_count(d); k++)
            photos += form_field_type(form_def_field_at(d, k)) == FORM_T_PHOTO;
        CHECK(form_def_plain(d) == d);
        CHECK(form_def_field(d, FORM_MATERIALS_KEY) == NULL);
        if (photos || form_def_is_lookup(d)) {
            CHECK(c == d);
            without++;
            continue;
        }
        with++;
        REQUIRE(c != NULL && c != d);
        CHECK_EQ_STR(form_def_id(c), form_def_id(d));
        CHECK_EQ_INT(form_def_version(c), form_def_version(d));
        CHECK(form_def_plain(c) == d && form_def_correction(c) == c);
        CHECK_EQ_INT((int)form_def_page_count(c), (int)form_def_page_count(d) + 1);
        CHECK_EQ_INT((int)form_def_field_count(c), (int)form_def_field_count(d) + 1);
        const form_field *m = form_def_field(c, FORM_MATERIALS_KEY);
        REQUIRE(m != NULL);
        CHECK_EQ_INT(form_field_type(m), FORM_T_PHOTO);
        CHECK(!form_field_required(m));
        int pmin, pmax;
        form_field_photo_count(m, &pmin, &pmax);
        CHECK_EQ_INT(pmin, 1);
        CHECK_EQ_INT(pmax, FORM_PHOTO_MAX);
        CHECK_EQ_STR(form_field_label(m), "县里要求补交的材料");
        CHECK(form_field_hint(m)[0] != '\0');
        size_t sp = signature_page(d);
        CHECK_EQ_INT((int)form_field_page(m), (int)sp);
        CHECK_EQ_STR(form_def_page_title(c, sp), "补充材料");
        CHECK_EQ_INT((int)form_def_page_field_count(c, sp), 1);
        if (sp < form_def_page_count(d)) /* the signature page follows it */
            CHECK_EQ_STR(form_def_page_title(c, sp + 1), form_def_page_title(d, sp));
    }
    CHECK_EQ_INT(with, 9);
    CHECK_EQ_INT(without, 9); /* 8 with photo fields, 办件进度查询 */
}

/* A correction of 高龄津贴 filed with a photo of the materials: the payload
 * names it among the answers (attachments are found there), and the review
 * lists it; without one the answer is left out. Its blob does not restore on
 * the item's own definition: a correction's draft is kept on its own. */
static void test_correction_materials_payload(void)
{
    const form_def *c = form_def_correction(form_catalog_find(cat, "elderly_allowance"));
    REQUIRE(c != NULL);
    static const char *photo =
        "photo-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.jpg";
    for (int with = 0; with < 2; with++) {
        form_inst *in = form_inst_new(c, today);
        REQUIRE(in != NULL);
        set(in, "name", "钱老汉");
        set(in, "idno", id85);
        set(in, "hukou_address", "青山村四组");
        CHECK_EQ_INT(next(in), 0);
        set(in, "phone", "13600000000");
        CHECK_EQ_INT(next(in), 0);
        set(in, "bank_account", bank);
        set(in, "bank_name", "农商银行");
        CHECK_EQ_INT(next(in), 0);
        CHECK_EQ_INT((int)form_inst_page(in), 3); /* 补充材料 */
        if (with)
            CHECK_EQ_INT(set(in, FORM_MATERIALS_KEY, photo), 0);
        CHECK_EQ_INT(next(in), 0); /* optional */
        set(in, "pledge", "yes");
        set(in, "signature", "sig-85.png");
        CHECK_EQ_INT(next(in), 0);
        cJSON *root;
        cJSON *a = finish(in, &root, 10);
        REQUIRE(a != NULL);
        const cJSON *m = cJSON_GetObjectItem(a, FORM_MATERIALS_KEY);
        if (with) {
            CHECK(cJSON_IsArray(m) && cJSON_GetArraySize(m) == 1 &&
                  !strcmp(cJSON_GetArrayItem(m, 0)->valuestring, photo));
        } else {
            CHECK(m == NULL);
        }
        cJSON_Delete(root);
        char buf[64];
        form_inst_display(in, FORM_MATERIALS_KEY, buf, sizeof buf);
        CHECK_EQ_STR(buf, with ? "已拍1张照片" : "");
        char *blob = form_inst_save(in);
        REQUIRE(blob != NULL);
        form_inst *back = NULL;
        CHECK_EQ_INT(form_inst_restore(c, blob, today, &back, err, sizeof err), FORM_OK);
        form_inst_free(back);
        back = NULL;
        if (with)
            CHECK(form_inst_restore(form_def_plain(c), blob, today, &back, err, sizeof err) !=
                  FORM_OK);
        form_inst_free(back);
        free(blob);
        form_inst_free(in);
    }
}

/* The county's settings reach a correction's definition too. */
static void test_correction_materials_settings(void)
{
    form_catalog *c2 = county_at_90();
    REQUIRE(c2 != NULL);
    refused_at_90(form_def_correction(form_catalog_find(c2, "elderly_allowance")));
    form_catalog_free(c2);
}

/* ---- 7 disability subsidies ---- */

static form_inst *disability(const char *cert_suffix, const char *types)
{
    form_inst *in = start("disability_subsidy");
    if (!in)
        return NULL;
    set(in, "name", "吴大力");
    set(in, "idno", id30);
    set(in, "phone", "13712345678");
    set(in, "hukou_address", "青山村六组");
    next(in);
    char cert[32];
    snprintf(cert, sizeof cert, "%s%s", id30, cert_suffix);
    set(in, "cert_no", cert);
    next(in);
    set(in, "subsidy_types", types);
    return in;
}

static void test_disability_subsidy(void)
{
    form_inst *in = disability("41", "care,living");
    REQUIRE(in != NULL);
    CHECK_EQ_STR(form_inst_get(in, "category"), "4");
    char buf[64];
    form_inst_display(in, "category", buf, sizeof buf);
    CHECK_EQ_STR(buf, "肢体残疾");
    form_inst_display(in, "grade", buf, sizeof buf);
    CHECK_EQ_STR(buf, "一级");
    CHECK(form_inst_visible(in, "is_dibao"));
    set(in, "is_dibao", "yes");
    CHECK_EQ_INT(next(in), 0);
    set(in, "bank_account", bank);
    set(in, "bank_name", "农村信用社");
    CHECK_EQ_INT(next(in), 0);
    CHECK_EQ_INT(next(in), 0); /* the materials page: photos optional */
    set(in, "pledge", "yes");
    set(in, "signature", "sig-d.png");
    CHECK_EQ_INT(next(in), 0);
    cJSON *root;
    cJSON *a = finish(in, &root, 13);
    REQUIRE(a != NULL);
    cJSON *t = cJSON_GetObjectItem(a, "subsidy_types");
    CHECK(cJSON_IsArray(t) && cJSON_GetArraySize(t) == 2);
    CHECK_EQ_STR(sget(a, "is_dibao"), "yes");
    cJSON_Delete(root);
    form_inst_free(in);
}

static void test_disability_subsidy_payload(void)
{
    form_inst *in = disability("41", "care");
    REQUIRE(in != NULL);
    CHECK(!form_inst_visible(in, "is_dibao"));
    CHECK_EQ_INT(next(in), 0);
    set(in, "bank_account", bank);
    set(in, "bank_name", "农村信用社");
    next(in);
    next(in); /* the materials page */
    set(in, "pledge", "yes");
    set(in, "signature", "sig-d.png");
    CHECK_EQ_INT(next(in), 0);
    cJSON *root;
    cJSON *a = finish(in, &root, 12);
    REQUIRE(a != NULL);
    char cert[32];
    snprintf(cert, sizeof cert, "%s41", id30);
    CHECK_EQ_STR(sget(a, "cert_no"), cert);
    CHECK_EQ_STR(sget(a, "category"), "4");
    CHECK_EQ_STR(sget(a, "grade"), "1");
    cJSON *t = cJSON_GetObjectItem(a, "subsidy_types");
    CHECK(cJSON_IsArray(t) && cJSON_GetArraySize(t) == 1);
    CHECK_EQ_STR(cJSON_GetArrayItem(t, 0)->valuestring, "care");
    cJSON_Delete(root);
    form_inst_free(in);
}

static void test_disability_subsidy_refusals(void)
{
    /* grade 3 cannot get the care subsidy */
    form_inst *in = disability("23", "care");
    REQUIRE(in != NULL);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK(strstr(err, "一级、二级") != NULL);
    /* the words stand under 残疾等级 or at the top: they name where to untick */
    CHECK(strstr(err, "请在“申请哪项补贴”里取消这一项") != NULL);
    form_inst_free(in);
    /* living subsidy needs a dibao household */
    in = disability("12", "living");
    set(in, "is_dibao", "no");
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK(strstr(err, "低保家庭") != NULL);
    /* under 是不是低保家庭: "这一项" is the subsidy above, named */
    CHECK(strstr(err, "请在“申请哪项补贴”里取消这一项") != NULL);
    form_inst_free(in);
    /* someone else's certificate */
    in = start("disability_subsidy");
    set(in, "name", "吴大力");
    set(in, "idno", id30);
    set(in, "phone", "13712345678");
    set(in, "hukou_address", "青山村六组");
    next(in);
    char cert[32];
    snprintf(cert, sizeof cert, "%s41", id40f);
    CHECK_EQ_INT(form_inst_set(in, "cert_no", cert, err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "残疾人证号前18位应与申请人身份证号相同，请核对");
    CHECK(form_inst_get(in, "category") == NULL);
    snprintf(cert, sizeof cert, "%s81", id30);
    CHECK_EQ_INT(form_inst_set(in, "cert_no", cert, err, sizeof err), FORM_ERR_INVALID);
    snprintf(cert, sizeof cert, "%s45", id30);
    CHECK_EQ_INT(form_inst_set(in, "cert_no", cert, err, sizeof err), FORM_ERR_INVALID);
    /* choosing nothing */
    snprintf(cert, sizeof cert, "%s41", id30);
    set(in, "cert_no", cert);
    next(in);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(err, "请在“申请哪项补贴”下面选一项");
    form_inst_free(in);
}

/* ---- 8 progress query ---- */

static void test_progress_query(void)
{
    form_inst *in = start("progress_query");
    REQUIRE(in != NULL);
    /* 刷身份证查询 first: no field to type (the screen opens the card page) */
    CHECK_EQ_STR(form_inst_get(in, "method"), "by_card");
    CHECK(!form_inst_visible(in, "idno") && !form_inst_visible(in, "reg_no"));
    set(in, "method", "by_id");
    CHECK_EQ_INT(next(in), 0);
    CHECK(form_inst_visible(in, "idno") && !form_inst_visible(in, "receipt_no"));
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INCOMPLETE);
    set(in, "idno", id30);
    CHECK_EQ_INT(next(in), 0);
    cJSON *root;
    cJSON *a = finish(in, &root, 2);
    REQUIRE(a != NULL);
    CHECK_EQ_STR(sget(a, "idno"), id30);
    CHECK(cJSON_GetObjectItem(a, "receipt_no") == NULL);
    cJSON_Delete(root);
    form_inst_free(in);
    in = start("progress_query");
    set(in, "method", "by_receipt");
    next(in);
    CHECK_EQ_INT(form_inst_set(in, "receipt_no", "R-1", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_STR(err, "回执号或登记号至少要填6位，请填写完整"); /* a code: places, not 个字 */
    CHECK_EQ_INT(form_inst_set(in, "receipt_no", "R 1/2", err, sizeof err), FORM_ERR_INVALID);
    CHECK_EQ_INT(set(in, "receipt_no", "420500-20261122-000123"), 0);
    CHECK_EQ_INT(next(in), 0);
    a = finish(in, &root, 2);
    REQUIRE(a != NULL);
    CHECK_EQ_STR(sget(a, "receipt_no"), "420500-20261122-000123");
    cJSON_Delete(root);
    form_inst_free(in);
}

/* form_saved_name on blobs that are not a saved form: nothing, never a crash. */
static void test_saved_name_malformed(void)
{
    const form_def *d = form_catalog_find(cat, "pension_enrol");
    REQUIRE(d != NULL);
    static const char *const BAD[] = {
        "", "{", "null", "[]", "{\"form\":\"pension_enrol\"}",
        "{\"form\":\"pension_enrol\",\"answers\":[\"王秀英\"]}",
        "{\"form\":\"pension_enrol\",\"answers\":{\"name\":7}}",
        "{\"form\":\"pension_enrol\",\"answers\":{\"name\":\"\"}}",
        "{\"form\":7,\"answers\":{\"name\":\"王秀英\"}}",
        "{\"answers\":{\"name\":\"王秀英\"}}",
        "{\"form\":\"dibao\",\"answers\":{\"name\":\"王秀英\"}}",
    };
    char who[32] = "x";
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        snprintf(who, sizeof who, "x");
        CHECK_EQ_INT(form_saved_name(d, BAD[i], who, sizeof who), -1);
        CHECK_EQ_STR(who, "");
    }
    CHECK_EQ_INT(form_saved_name(d, NULL, who, sizeof who), -1);
    CHECK_EQ_INT(form_saved_name(NULL, "{}", who, sizeof who), -1);
    CHECK_EQ_INT(form_saved_name(d, "{}", NULL, 0), -1);
    CHECK_EQ_INT(form_saved_name(d, "{\"form\":\"pension_enrol\",\"answers\":{\"name\":\"王秀英\"}}",
                                 who, sizeof who), 0);
    CHECK_EQ_STR(who, "王秀英");
}

/* Every shipped form: autosave after each answer and restore gives the same blob. */
static void test_every_form_restores(void)
{
    for (size_t i = 0; i < form_catalog_count(cat); i++) {
        const form_def *d = form_catalog_at(cat, i);
        form_inst *in = form_inst_new(d, today);
        form_inst_set(in, "idno", id30, err, sizeof err);
        form_inst_set(in, "name", "测试", err, sizeof err);
        char *blob = form_inst_save(in);
        form_inst *r = NULL;
        CHECK_EQ_INT(form_inst_restore(d, blob, today, &r, err, sizeof err), FORM_OK);
        char *blob2 = r ? form_inst_save(r) : NULL;
        CHECK(blob2 && !strcmp(blob, blob2));
        /* whose it is: the name where the form's ID card map puts it (none
         * on a form without one); another form's blob names nobody */
        char who[64];
        const form_field *nf = form_def_card_field(d, FORM_CARD_NAME);
        if (nf) {
            form_inst_set(in, form_field_key(nf), "欧阳明月", err, sizeof err);
            char *named = form_inst_save(in);
            CHECK_EQ_INT(form_saved_name(d, named, who, sizeof who), 0);
            CHECK_EQ_STR(who, "欧阳明月");
            CHECK_EQ_INT(form_saved_name(d, named, who, 7), 0); /* cut between characters */
            CHECK_EQ_STR(who, "欧阳");
            for (size_t k = 0; k < form_catalog_count(cat); k++)
                if (k != i)
                    CHECK_EQ_INT(form_saved_name(form_catalog_at(cat, k), named, who, sizeof who),
                                 -1);
            free(named);
        } else {
            CHECK_EQ_INT(form_saved_name(d, blob, who, sizeof who), -1);
            CHECK_EQ_STR(who, "");
        }
        /* and a blob of this form is refused by every other form */
        for (size_t k = 0; k < form_catalog_count(cat); k++) {
            if (k == i)
                continue;
            form_inst *x = NULL;
            CHECK_EQ_INT(form_inst_restore(form_catalog_at(cat, k), blob, today, &x, err,
                                           sizeof err), FORM_ERR_MISMATCH);
        }
        free(blob);
        free(blob2);
        form_inst_free(r);
        form_inst_free(in);
    }
}

int main(void)
{
    td_strings();
    setup();
    RUN(test_pension_enrol_complete);
    RUN(test_pension_enrol_refusals);
    RUN(test_pension_cert);
    RUN(test_medical_enrol);
    RUN(test_medical_remote);
    RUN(test_dibao);
    RUN(test_elderly_allowance);
    RUN(test_elderly_allowance_county_threshold);
    RUN(test_correction_materials_step);
    RUN(test_correction_materials_payload);
    RUN(test_correction_materials_settings);
    RUN(test_disability_subsidy);
    RUN(test_disability_subsidy_payload);
    RUN(test_disability_subsidy_refusals);
    RUN(test_progress_query);
    RUN(test_every_form_restores);
    RUN(test_saved_name_malformed);
    form_catalog_free(cat);
    return check_summary();
}
