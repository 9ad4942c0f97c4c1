/* test_form_load.c — loading definitions: every kind of malformed definition
 * is rejected with a message naming the file, the field and the problem; the
 * other forms still load; county settings override parameters all or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "form/form.h"
#include "form/form_inst.h"
#include "form/validate.h"
#include "testdata.h"

static char json[16384];

/* A small form; each part can be replaced. */
static const char *make(const char *params, const char *fields, const char *pages,
                        const char *rules)
{
    snprintf(json, sizeof json,
             "{\"id\":\"t\",\"version\":1,\"title\":\"测试\",\"description\":\"测试表单\","
             "\"icon\":\"x\"%s%s,\"fields\":%s,\"pages\":%s%s%s}",
             params ? ",\"params\":" : "", params ? params : "",
             fields ? fields
                    : "[{\"key\":\"name\",\"type\":\"name\",\"label\":\"姓名\"},"
                      "{\"key\":\"idno\",\"type\":\"idno\",\"label\":\"身份证号\"},"
                      "{\"key\":\"age\",\"type\":\"integer\",\"label\":\"年龄\","
                      "\"compute\":{\"from\":\"idno\",\"what\":\"age\"}}]",
             pages ? pages : "[{\"title\":\"一\",\"fields\":[\"name\",\"idno\",\"age\"]}]",
             rules ? ",\"rules\":" : "", rules ? rules : "");
    return json;
}

/* Loads text; expects rejection with a message containing every needle. */
static int rejects(const char *text, const char *n1, const char *n2, const char *n3)
{
    form_catalog *cat = form_catalog_new();
    char err[512] = "";
    int rc = form_catalog_load_string(cat, text, "bad.json", err, sizeof err);
    int ok = rc == -1 && form_catalog_count(cat) == 0 && form_catalog_problem_count(cat) == 1 &&
             strstr(err, "bad.json") && (!n1 || strstr(err, n1)) && (!n2 || strstr(err, n2)) &&
             (!n3 || strstr(err, n3)) && !strcmp(err, form_catalog_problem(cat, 0));
    if (!ok)
        printf("  message was: %s (rc %d)\n", err, rc);
    form_catalog_free(cat);
    return ok;
}

static int loads(const char *text)
{
    form_catalog *cat = form_catalog_new();
    char err[512] = "";
    int rc = form_catalog_load_string(cat, text, "good.json", err, sizeof err);
    if (rc)
        printf("  unexpected: %s\n", err);
    form_catalog_free(cat);
    return rc == 0;
}

#define F_NAME "{\"key\":\"name\",\"type\":\"name\",\"label\":\"姓名\"}"
#define F_ID "{\"key\":\"idno\",\"type\":\"idno\",\"label\":\"身份证号\"}"
#define F_CH "{\"key\":\"ch\",\"type\":\"choice\",\"label\":\"选\",\"options\":[\"甲\",\"乙\"]}"
#define P_ALL(keys) "[{\"title\":\"一\",\"fields\":[" keys "]}]"

static void test_base_form_loads(void)
{
    CHECK(loads(make(NULL, NULL, NULL, NULL)));
    CHECK(loads(make("{\"n\":{\"type\":\"integer\",\"label\":\"数\",\"default\":3}}", NULL, NULL,
                     "[{\"id\":\"r\",\"require\":{\"field\":\"age\",\"min\":{\"param\":\"n\"}},"
                     "\"message\":\"至少{n}岁\"}]")));
}

static void test_bad_json(void)
{
    CHECK(rejects("{\"id\": \"t\", ", "not valid JSON", "line 1", NULL));
    CHECK(rejects("{\"id\":\"t\",\n\"version\":1,\n\"title\": x}", "not valid JSON", "line 3",
                  NULL));
    CHECK(rejects("[1,2,3]", "JSON object", NULL, NULL));
    CHECK(rejects("", "not valid JSON", NULL, NULL));
    CHECK(rejects("{} trailing", "not valid JSON", NULL, NULL));
}

static void test_bad_header(void)
{
    CHECK(rejects("{\"version\":1}", "'id' is missing", NULL, NULL));
    CHECK(rejects("{\"id\":\"Bad-Id\",\"version\":1}", "Bad-Id", "lowercase", NULL));
    CHECK(rejects("{\"id\":\"t\",\"version\":0}", "version", NULL, NULL));
    CHECK(rejects("{\"id\":\"t\",\"version\":1.5}", "version", NULL, NULL));
    CHECK(rejects("{\"id\":\"t\",\"version\":\"1\"}", "version", NULL, NULL));
    CHECK(rejects("{\"id\":\"t\",\"version\":1,\"titel\":\"x\"}", "unknown attribute 'titel'",
                  NULL, NULL));
    { /* an attribute named in Chinese, long: the message cut between characters */
        char text[1200] = "{\"id\":\"t\",\"version\":1,\"";
        for (int i = 0; i < 40; i++)
            strcat(text, "标题名称");
        strcat(text, "\":\"x\"}");
        form_catalog *cat = form_catalog_new();
        char err[200] = "";
        CHECK_EQ_INT(form_catalog_load_string(cat, text, "bad.json", err, sizeof err), -1);
        CHECK(utf8_valid(err));
        CHECK(strstr(err, "unknown attribute '标题名称") != NULL);
        CHECK(utf8_valid(form_catalog_problem(cat, 0)));
        form_catalog_free(cat);
    }
    CHECK(rejects("{\"id\":\"t\",\"version\":1,\"title\":\"\",\"description\":\"d\",\"icon\":\"i\"}",
                  "'title' is empty", NULL, NULL));
    CHECK(rejects("{\"id\":\"t\",\"version\":1,\"title\":\"x\",\"description\":\"d\",\"icon\":\"i\","
                  "\"fields\":[],\"pages\":[]}", "'fields'", NULL, NULL));
    CHECK(rejects(make(NULL, "[" F_NAME "]", "[]", NULL), "'pages'", NULL, NULL));
}

static void test_bad_fields(void)
{
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"choise\",\"label\":\"选\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "unknown type 'choise'", NULL));
    CHECK(rejects(make(NULL, "[" F_NAME "," F_NAME "]", P_ALL("\"name\""), NULL),
                  "field 'name'", "duplicate key", NULL));
    CHECK(rejects(make(NULL, "[{\"type\":\"name\",\"label\":\"姓名\"}]", P_ALL("\"x\""), NULL),
                  "'key'", NULL, NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"Name\",\"type\":\"name\",\"label\":\"姓名\"}]",
                       P_ALL("\"Name\""), NULL), "'key'", NULL, NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"text\"}]", P_ALL("\"x\""), NULL),
                  "field 'x'", "'label' is missing", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\",\"lable\":1}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "unknown attribute 'lable'", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\",\"required\":1}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "'required'", "true or false"));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"choice\",\"label\":\"选\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "options", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"choice\",\"label\":\"选\","
                             "\"options\":[\"甲\",\"甲\"]}]", P_ALL("\"x\""), NULL),
                  "field 'x'", "duplicate option value", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"multi\",\"label\":\"选\","
                             "\"options\":[\"甲,乙\"]}]", P_ALL("\"x\""), NULL),
                  "field 'x'", "comma", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"choice\",\"label\":\"选\","
                             "\"options\":[{\"value\":\"1\"}]}]", P_ALL("\"x\""), NULL),
                  "field 'x'", "value and label", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"choice\",\"label\":\"选\","
                             "\"options\":[\"甲\"],\"default\":\"丙\"}]", P_ALL("\"x\""), NULL),
                  "field 'x'", "default '丙'", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"choice\",\"label\":\"选\","
                             "\"options_param\":\"nope\"}]", P_ALL("\"x\""), NULL),
                  "field 'x'", "unknown parameter 'nope'", NULL));
    CHECK(rejects(make("{\"n\":{\"type\":\"integer\",\"label\":\"n\",\"default\":1}}",
                       "[{\"key\":\"x\",\"type\":\"choice\",\"label\":\"选\","
                       "\"options_param\":\"n\"}]", P_ALL("\"x\""), NULL),
                  "field 'x'", "not an options list", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"pledge\",\"label\":\"承诺\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "pledge needs", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"card\",\"label\":\"卡\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "'card'", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"card\",\"card\":\"visa\",\"label\":\"卡\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "'card'", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\",\"charset\":\"emoji\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "unknown charset", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"name\",\"label\":\"x\",\"charset\":\"any\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "'charset' does not apply", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"integer\",\"label\":\"x\",\"min\":5,\"max\":1}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "min is above max", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\",\"min_len\":5,"
                             "\"max_len\":1}]", P_ALL("\"x\""), NULL), "field 'x'", "min_len", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"integer\",\"label\":\"x\",\"min\":\"5\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "'min'", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"integer\",\"label\":\"x\",\"default\":\"五\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "default", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"date\",\"label\":\"x\",\"date_min\":\"yesterday\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "date_min", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"date\",\"label\":\"x\",\"default\":\"2026-02-30\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "default", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"text\",\"label\":\"\xC3\x28\"}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "UTF-8", NULL));
}

static void test_bad_visibility(void)
{
    CHECK(rejects(make(NULL, "[" F_NAME ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"field\":\"ghost\",\"set\":true}}]",
                       P_ALL("\"name\",\"x\""), NULL),
                  "field 'x'", "missing field 'ghost'", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"field\":\"name\",\"set\":true}}," F_NAME "]",
                       P_ALL("\"name\",\"x\""), NULL),
                  "field 'x'", "must come earlier", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"field\":\"x\",\"set\":true}}]",
                       P_ALL("\"x\""), NULL), "field 'x'", "earlier", NULL));
    CHECK(rejects(make(NULL, "[" F_CH ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"field\":\"ch\",\"equals\":\"丙\"}}]",
                       P_ALL("\"ch\",\"x\""), NULL), "field 'x'", "'丙' is not an option", NULL));
    CHECK(rejects(make(NULL, "[" F_CH ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"field\":\"ch\"}}]",
                       P_ALL("\"ch\",\"x\""), NULL), "field 'x'", "exactly one of", NULL));
    CHECK(rejects(make(NULL, "[" F_CH ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"field\":\"ch\",\"equals\":\"甲\",\"set\":true}}]",
                       P_ALL("\"ch\",\"x\""), NULL), "field 'x'", "exactly one of", NULL));
    CHECK(rejects(make(NULL, "[" F_CH ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"field\":\"ch\",\"min\":1}}]",
                       P_ALL("\"ch\",\"x\""), NULL), "field 'x'", "integer or money", NULL));
    CHECK(rejects(make(NULL, "[" F_CH ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"any\":[]}}]",
                       P_ALL("\"ch\",\"x\""), NULL), "field 'x'", "'any'", NULL));
    CHECK(rejects(make(NULL, "[" F_CH ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":\"ch\"}]",
                       P_ALL("\"ch\",\"x\""), NULL), "field 'x'", "condition must be an object",
                  NULL));
    /* nested conditions load */
    CHECK(loads(make(NULL, "[" F_CH "," F_NAME ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                           "\"visible_if\":{\"any\":[{\"field\":\"ch\",\"in\":[\"甲\"]},"
                           "{\"not\":{\"field\":\"name\",\"set\":true}}]}}]",
                     P_ALL("\"ch\",\"name\",\"x\""), NULL)));
}

#define GROUP(extra) "{\"key\":\"g\",\"type\":\"group\",\"label\":\"成员\"" extra ",\"fields\":[" \
    "{\"key\":\"m_name\",\"type\":\"name\",\"label\":\"姓名\"}," \
    "{\"key\":\"m_inc\",\"type\":\"money\",\"label\":\"收入\"}]}"

static void test_bad_groups(void)
{
    CHECK(loads(make(NULL, "[" GROUP("") "]", P_ALL("\"g\""), NULL)));
    CHECK(rejects(make(NULL, "[" GROUP(",\"min_count\":3,\"max_count\":2") "]", P_ALL("\"g\""),
                       NULL), "field 'g'", "min_count", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"g\",\"type\":\"group\",\"label\":\"成员\",\"fields\":[]}]",
                       P_ALL("\"g\""), NULL), "field 'g'", "non-empty 'fields'", NULL));
    CHECK(rejects(make(NULL, "[{\"key\":\"g\",\"type\":\"group\",\"label\":\"成员\",\"fields\":["
                             "{\"key\":\"h\",\"type\":\"group\",\"label\":\"子\",\"fields\":["
                             F_NAME "]}]}]", P_ALL("\"g\""), NULL),
                  "field 'h'", "nested", NULL));
    CHECK(rejects(make(NULL, "[" GROUP("") "," F_NAME ",{\"key\":\"m_name\",\"type\":\"text\","
                             "\"label\":\"x\"}]", P_ALL("\"g\",\"name\",\"m_name\""), NULL),
                  "field 'm_name'", "duplicate key", NULL));
    CHECK(rejects(make(NULL, "[" GROUP("") "]", P_ALL("\"g\",\"m_name\""), NULL),
                  "field 'm_name'", "sub-field", NULL));
    /* a top-level field cannot look inside a member without sum/avg */
    CHECK(rejects(make(NULL, "[" GROUP("") ",{\"key\":\"x\",\"type\":\"text\",\"label\":\"x\","
                             "\"visible_if\":{\"field\":\"m_name\",\"set\":true}}]",
                       P_ALL("\"g\",\"x\""), NULL), "field 'x'", "own group", NULL));
    CHECK(rejects(make(NULL, "[" GROUP("") "]", P_ALL("\"g\""),
                       "[{\"id\":\"r\",\"require\":{\"sum\":\"m_name\",\"max\":5},\"message\":\"x\"}]"),
                  "rule 'r'", "integer or money", NULL));
    CHECK(loads(make(NULL, "[" GROUP("") "]", P_ALL("\"g\""),
                     "[{\"id\":\"r\",\"require\":{\"avg\":\"m_inc\",\"max\":5},\"message\":\"x\"}]")));
}

static void test_bad_pages(void)
{
    CHECK(rejects(make(NULL, "[" F_NAME "," F_ID "]", P_ALL("\"name\""), NULL),
                  "field 'idno'", "not on any page", NULL));
    CHECK(rejects(make(NULL, "[" F_NAME "]", P_ALL("\"name\",\"ghost\""), NULL),
                  "field 'ghost'", "missing field", NULL));
    CHECK(rejects(make(NULL, "[" F_NAME "]",
                       "[{\"title\":\"一\",\"fields\":[\"name\"]},{\"title\":\"二\",\"fields\":[\"name\"]}]",
                       NULL), "field 'name'", "pages 1 and 2", NULL));
    CHECK(rejects(make(NULL, "[" F_NAME "]", "[{\"title\":\"一\",\"fields\":[]}]", NULL),
                  "page 1", NULL, NULL));
    CHECK(rejects(make(NULL, "[" F_NAME "]", "[{\"fields\":[\"name\"]}]", NULL), "'title'", NULL,
                  NULL));
}

static void test_bad_compute(void)
{
    CHECK(rejects(make(NULL, "[" F_NAME ",{\"key\":\"a\",\"type\":\"integer\",\"label\":\"年龄\","
                             "\"compute\":{\"from\":\"name\",\"what\":\"age\"}}]",
                       P_ALL("\"name\",\"a\""), NULL), "field 'a'", "idno", NULL));
    CHECK(rejects(make(NULL, "[" F_ID ",{\"key\":\"a\",\"type\":\"integer\",\"label\":\"年龄\","
                             "\"compute\":{\"from\":\"idno\",\"what\":\"zodiac\"}}]",
                       P_ALL("\"idno\",\"a\""), NULL), "field 'a'", "unknown compute 'zodiac'", NULL));
    CHECK(rejects(make(NULL, "[" F_ID ",{\"key\":\"a\",\"type\":\"text\",\"label\":\"年龄\","
                             "\"compute\":{\"from\":\"idno\",\"what\":\"age\"}}]",
                       P_ALL("\"idno\",\"a\""), NULL), "field 'a'", "type integer", NULL));
    CHECK(rejects(make(NULL, "[" F_ID ",{\"key\":\"a\",\"type\":\"integer\",\"label\":\"年龄\","
                             "\"compute\":{\"from\":\"ghost\",\"what\":\"age\"}}]",
                       P_ALL("\"idno\",\"a\""), NULL), "field 'a'", "missing field 'ghost'", NULL));
}

/* Lengths the screens cannot take, and comparisons of two fields. */
static void test_bad_lengths_and_comparisons(void)
{
    CHECK(rejects(make(NULL, "[{\"key\":\"t\",\"type\":\"text\",\"label\":\"说明\","
                             "\"max_len\":2001}]", "[{\"title\":\"一\",\"fields\":[\"t\"]}]", NULL),
                  "field 't'", "max_len 2001 is above 2000 characters", NULL));
    CHECK(rejects(make("{\"n\":{\"type\":\"integer\",\"label\":\"长度\",\"default\":50}}",
                       "[{\"key\":\"t\",\"type\":\"text\",\"label\":\"说明\","
                       "\"max_len\":{\"param\":\"n\"}}]", "[{\"title\":\"一\",\"fields\":[\"t\"]}]", NULL),
                  "field 't'", "max_len parameter 'n' needs a max of at most 2000", NULL));
    CHECK(loads(make(NULL, "[{\"key\":\"t\",\"type\":\"text\",\"label\":\"说明\","
                           "\"multiline\":true,\"max_len\":2000}]",
                     "[{\"title\":\"一\",\"fields\":[\"t\"]}]", NULL)));
    static const char *DATES = "[{\"key\":\"a\",\"type\":\"date\",\"label\":\"甲\"},"
                               "{\"key\":\"b\",\"type\":\"date\",\"label\":\"乙\"},"
                               "{\"key\":\"n\",\"type\":\"integer\",\"label\":\"丙\"}]";
    static const char *PAGE = "[{\"title\":\"一\",\"fields\":[\"a\",\"b\",\"n\"]}]";
    CHECK(loads(make(NULL, DATES, PAGE, "[{\"id\":\"r\",\"require\":{\"field\":\"b\","
                                        "\"not_before\":\"a\"},\"message\":\"乙不能早于甲\"}]")));
    CHECK(rejects(make(NULL, DATES, PAGE, "[{\"id\":\"r\",\"require\":{\"field\":\"b\","
                                          "\"not_before\":\"n\"},\"message\":\"不行\"}]"),
                  "rule 'r'", "'b' and 'n' must both be dates, integers or money", NULL));
    CHECK(rejects(make(NULL, DATES, PAGE, "[{\"id\":\"r\",\"require\":{\"field\":\"b\","
                                          "\"not_after\":\"ghost\"},\"message\":\"不行\"}]"),
                  "rule 'r'", "missing field 'ghost'", NULL));
    CHECK(rejects(make(NULL, DATES, PAGE, "[{\"id\":\"r\",\"require\":{\"field\":\"b\","
                                          "\"not_after\":\"a\",\"set\":true},\"message\":\"不行\"}]"),
                  "rule 'r'", "needs exactly one of", NULL));
}

static void test_bad_rules(void)
{
    CHECK(rejects(make(NULL, NULL, NULL, "[{\"id\":\"r\",\"require\":{\"field\":\"ghost\","
                                         "\"set\":true},\"message\":\"不行\"}]"),
                  "rule 'r'", "missing field 'ghost'", NULL));
    CHECK(rejects(make(NULL, NULL, NULL, "[{\"id\":\"r\",\"message\":\"不行\"}]"),
                  "rule 'r'", "'require' is missing", NULL));
    CHECK(rejects(make(NULL, NULL, NULL, "[{\"id\":\"r\",\"require\":{\"field\":\"age\",\"min\":1}}]"),
                  "rule 'r'", "'message' is missing", NULL));
    CHECK(rejects(make(NULL, NULL, NULL, "[{\"id\":\"r\",\"require\":{\"field\":\"age\",\"min\":1},"
                                         "\"message\":\"至少{nope}岁\"}]"),
                  "rule 'r'", "unknown parameter {nope}", NULL));
    CHECK(rejects(make(NULL, NULL, NULL, "[{\"id\":\"r\",\"require\":{\"field\":\"age\",\"min\":"
                                         "{\"param\":\"nope\"}},\"message\":\"x\"}]"),
                  "rule 'r'", "unknown parameter 'nope'", NULL));
    CHECK(rejects(make(NULL, NULL, NULL, "[{\"id\":\"r\",\"require\":{\"field\":\"name\",\"min\":1},"
                                         "\"message\":\"x\"}]"),
                  "rule 'r'", "integer or money", NULL));
    CHECK(rejects(make(NULL, NULL, NULL, "[{\"id\":\"r\",\"require\":{\"field\":\"age\",\"min\":1},"
                                         "\"message\":\"x\"},{\"id\":\"r\",\"require\":{\"field\":"
                                         "\"age\",\"min\":1},\"message\":\"x\"}]"),
                  "rule 'r'", "duplicate rule id", NULL));
    CHECK(rejects(make(NULL, NULL, NULL, "[{\"id\":\"r\",\"require\":{\"field\":\"age\",\"min\":1},"
                                         "\"message\":\"x\",\"severity\":1}]"),
                  "rule 'r'", "unknown attribute 'severity'", NULL));
    CHECK(rejects(make(NULL, NULL, NULL, "{\"id\":\"r\"}"), "'rules' must be a list", NULL, NULL));
}

static void test_bad_params(void)
{
    CHECK(rejects(make("{\"n\":{\"type\":\"integer\",\"label\":\"n\"}}", NULL, NULL, NULL),
                  "parameter 'n' has no default", NULL, NULL));
    CHECK(rejects(make("{\"n\":{\"type\":\"float\",\"label\":\"n\",\"default\":1}}", NULL, NULL,
                       NULL), "unknown type 'float'", NULL, NULL));
    CHECK(rejects(make("{\"n\":{\"type\":\"integer\",\"label\":\"n\",\"default\":200,\"max\":100}}",
                       NULL, NULL, NULL), "parameter 'n'", "outside", NULL));
    CHECK(rejects(make("{\"n\":{\"type\":\"options\",\"label\":\"n\",\"default\":[]}}", NULL, NULL,
                       NULL), "non-empty list", NULL, NULL));
    CHECK(rejects(make("{\"n\":{\"type\":\"text\",\"label\":\"n\",\"default\":\"a\",\"min\":1}}",
                       NULL, NULL, NULL), "min/max only apply", NULL, NULL));
}

static const char *tmpfile_write(const char *dir, const char *name, const char *text)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
    return path;
}

static void test_dir_keeps_good_forms(void)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s", check_tmpdir("forms-dir"));
    tmpfile_write(dir, "a_good.json", make(NULL, NULL, NULL, NULL));
    tmpfile_write(dir, "b_broken.json", "{\"id\": ");
    char other[16384];
    snprintf(other, sizeof other, "%s", make(NULL, NULL, NULL, NULL));
    char *p = strstr(other, "\"id\":\"t\"");
    REQUIRE(p != NULL);
    memcpy(p, "\"id\":\"u\"", 8);
    tmpfile_write(dir, "c_good.json", other);
    tmpfile_write(dir, "d_dup.json", make(NULL, NULL, NULL, NULL)); /* id "t" again */
    tmpfile_write(dir, "notes.txt", "not a form");
    tmpfile_write(dir, FORM_HOME_FILE, "{\"version\": 1, \"tiles\": [{\"id\": \"a\", "
                  "\"label\": \"甲\", \"glyph\": \"甲\", \"colour\": \"red\", "
                  "\"items\": [\"t\", \"u\"]}]}");
    form_catalog *cat = form_catalog_new();
    CHECK_EQ_INT(form_catalog_load_dir(cat, dir), 2); /* the catalogue is not a form */
    CHECK_EQ_STR(form_catalog_home_error(cat), "");
    CHECK_EQ_INT(form_catalog_count(cat), 2);
    CHECK(form_catalog_find(cat, "t") && form_catalog_find(cat, "u"));
    CHECK_EQ_INT(form_catalog_problem_count(cat), 2);
    CHECK(strstr(form_catalog_problem(cat, 0), "b_broken.json") != NULL);
    CHECK(strstr(form_catalog_problem(cat, 1), "d_dup.json") != NULL);
    CHECK(strstr(form_catalog_problem(cat, 1), "already loaded") != NULL);
    CHECK(form_catalog_problem(cat, 2) == NULL);
    form_catalog_free(cat);
    cat = form_catalog_new();
    CHECK_EQ_INT(form_catalog_load_dir(cat, "/nonexistent-cz-forms"), -1);
    CHECK_EQ_INT(form_catalog_problem_count(cat), 1);
    char err[256];
    CHECK_EQ_INT(form_catalog_load_file(cat, "/nonexistent-cz-forms/x.json", err, sizeof err), -1);
    CHECK(strstr(err, "cannot open") != NULL);
    form_catalog_free(cat);
}

static void test_accessors(void)
{
    form_catalog *cat = form_catalog_new();
    char err[256];
    REQUIRE(form_catalog_load_string(
                cat,
                make("{\"tiers\":{\"type\":\"options\",\"label\":\"档次\",\"default\":"
                     "[{\"value\":\"20000\",\"label\":\"200元\"},{\"value\":\"30000\",\"label\":\"300元\"}]},"
                     "\"cap\":{\"type\":\"money\",\"label\":\"上限\",\"default\":500000,\"min\":0}}",
                     "[" F_NAME ",{\"key\":\"tier\",\"type\":\"choice\",\"label\":\"档次\","
                     "\"options_param\":\"tiers\",\"help\":\"选一个\"},"
                     "{\"key\":\"amt\",\"type\":\"money\",\"label\":\"金额\",\"max\":{\"param\":\"cap\"},"
                     "\"unit\":\"元\"}]",
                     "[{\"title\":\"一\",\"fields\":[\"name\"]},{\"title\":\"二\",\"fields\":[\"tier\",\"amt\"]}]",
                     NULL),
                "acc.json", err, sizeof err) == 0);
    const form_def *d = form_catalog_find(cat, "t");
    REQUIRE(d != NULL);
    CHECK_EQ_STR(form_def_title(d), "测试");
    CHECK_EQ_INT(form_def_version(d), 1);
    CHECK_EQ_INT(form_def_page_count(d), 2);
    CHECK_EQ_STR(form_def_page_title(d, 1), "二");
    CHECK_EQ_INT(form_def_page_field_count(d, 1), 2);
    const form_field *tier = form_def_page_field(d, 1, 0);
    REQUIRE(tier != NULL);
    CHECK_EQ_STR(form_field_key(tier), "tier");
    CHECK_EQ_INT(form_field_type(tier), FORM_T_CHOICE);
    CHECK_EQ_STR(form_field_help(tier), "选一个");
    CHECK_EQ_INT(form_field_page(tier), 1);
    CHECK_EQ_INT(form_field_option_count(tier), 2);
    CHECK_EQ_STR(form_field_option_label(tier, 1), "300元");
    CHECK_EQ_INT(form_field_keyboard(tier), FORM_KB_NONE);
    CHECK_EQ_INT(form_field_keyboard(form_def_field(d, "name")), FORM_KB_HANZI);
    form_limits lim;
    form_field_limits(form_def_field(d, "amt"), &lim);
    CHECK(lim.has_max);
    CHECK_EQ_INT(lim.max, 500000);
    CHECK_EQ_INT(form_field_option_count(tier), 2); /* the "tiers" parameter's default */

    /* county settings override, all or nothing */
    const char *good = "{\"county\":\"青山县\",\"forms\":{\"t\":{\"cap\":100000,"
                       "\"tiers\":[{\"value\":\"50000\",\"label\":\"500元\"}]}}}";
    CHECK_EQ_INT(form_catalog_settings_string(cat, good, "county.json", err, sizeof err), 0);
    CHECK_EQ_STR(form_catalog_county(cat), "青山县");
    CHECK_EQ_INT(form_field_option_count(tier), 1);
    CHECK_EQ_STR(form_field_option_value(tier, 0), "50000");
    form_field_limits(form_def_field(d, "amt"), &lim);
    CHECK_EQ_INT(lim.max, 100000);
    struct {
        const char *json, *needle;
    } bad[] = {
        {"{\"forms\":{\"t\":{\"cap\":-5}}}", "outside"},
        {"{\"forms\":{\"t\":{\"cap\":\"100\"}}}", "whole number"},
        {"{\"forms\":{\"t\":{\"capp\":1}}}", "no parameter 'capp'"},
        {"{\"forms\":{\"nope\":{\"cap\":1}}}", "no form 'nope'"},
        {"{\"forms\":{\"t\":{\"tiers\":[]}}}", "non-empty"},
        {"{\"forms\":{\"t\":{\"cap\":7}},\"extra\":1}", "unknown attribute 'extra'"},
        {"{\"forms\":{\"t\":{\"cap\":7,\"tiers\":3}}}", "tiers"},
        {"not json", "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        CHECK_EQ_INT(form_catalog_settings_string(cat, bad[i].json, "county.json", err, sizeof err),
                     -1);
        if (!strstr(err, bad[i].needle) || !strstr(err, "county.json"))
            printf("  settings message was: %s\n", err);
        CHECK(strstr(err, bad[i].needle) != NULL && strstr(err, "county.json") != NULL);
        /* nothing changed, not even the valid part */
        form_field_limits(form_def_field(d, "amt"), &lim);
        CHECK_EQ_INT(lim.max, 100000);
        CHECK_EQ_INT(form_field_option_count(tier), 1);
    }
    form_catalog_free(cat);
}

/* The home tiles (catalogue.json): what loads, and every refusal names the
 * file, the tile and what is wrong, leaving no tiles. */
static const char *home_try(const char *catalogue)
{
    static char err[512];
    char dir[512];
    snprintf(dir, sizeof dir, "%s", check_tmpdir("home-dir"));
    tmpfile_write(dir, "t.json", make(NULL, NULL, NULL, NULL));
    char other[16384];
    snprintf(other, sizeof other, "%s", make(NULL, NULL, NULL, NULL));
    char *p = strstr(other, "\"id\":\"t\"");
    if (p)
        memcpy(p, "\"id\":\"u\"", 8);
    tmpfile_write(dir, "u.json", other);
    if (catalogue)
        tmpfile_write(dir, FORM_HOME_FILE, catalogue);
    else
        remove(tmpfile_write(dir, FORM_HOME_FILE, ""));
    form_catalog *cat = form_catalog_new();
    form_catalog_load_dir(cat, dir);
    snprintf(err, sizeof err, "%s", form_catalog_home_error(cat));
    if (*err) {
        CHECK_EQ_INT((int)form_catalog_tile_count(cat), 0);
        CHECK(strstr(form_catalog_problem(cat, form_catalog_problem_count(cat) - 1), err) != NULL);
    }
    form_catalog_free(cat);
    return err;
}

#define TILE(id, rest) "{\"id\": \"" id "\", \"label\": \"养老保险\", \"glyph\": \"养\", " rest "}"
#define CAT(tiles) "{\"version\": 3, \"tiles\": [" tiles "]}"

static void test_home_catalogue(void)
{
    /* a good one: order, menus, colours by name and hex, optional subtitle */
    char dir[512];
    home_try(CAT(TILE("one", "\"colour\": \"teal\", \"subtitle\": \"参保登记\", "
                              "\"items\": [\"u\", \"t\"]") ","
                 TILE("two", "\"colour\": \"#1a2B3c\", \"items\": [\"t\"]")));
    snprintf(dir, sizeof dir, "%s", check_tmpdir("home-dir"));
    form_catalog *cat = form_catalog_new();
    form_catalog_load_dir(cat, dir);
    CHECK_EQ_STR(form_catalog_home_error(cat), "");
    REQUIRE(form_catalog_tile_count(cat) == 2);
    const form_tile *t0 = form_catalog_tile_at(cat, 0), *t1 = form_catalog_tile_at(cat, 1);
    CHECK_EQ_STR(form_tile_id(t0), "one");
    CHECK_EQ_STR(form_tile_label(t0), "养老保险");
    CHECK_EQ_STR(form_tile_subtitle(t0), "参保登记");
    CHECK_EQ_STR(form_tile_glyph(t0), "养");
    CHECK_EQ_STR(form_tile_colour(t0), "teal");
    CHECK_EQ_INT((int)form_tile_item_count(t0), 2);
    CHECK_EQ_STR(form_tile_item(t0, 0), "u");
    CHECK_EQ_STR(form_tile_item(t0, 1), "t");
    CHECK(form_tile_item(t0, 2) == NULL);
    CHECK_EQ_STR(form_tile_subtitle(t1), "");
    CHECK(form_catalog_tile_find(cat, "two") == t1);
    CHECK(form_catalog_tile_find(cat, "three") == NULL);
    form_catalog_free(cat);

    static const struct {
        const char *json, *want;
    } bad[] = {
        {NULL, "catalogue.json: cannot open"},
        {"{\"version\": 1, \"tiles\": [", "catalogue.json: not valid JSON"},
        {"[]", "catalogue.json: the catalogue must be a JSON object"},
        {"{\"tiles\": []}", "catalogue.json: 'version' must be a whole number >= 1"},
        {"{\"version\": 1, \"tiles\": []}", "catalogue.json: 'tiles' must be a list of 1 to"},
        {"{\"version\": 1, \"tilez\": []}", "catalogue.json: unknown attribute 'tilez'"},
        {CAT(TILE("a", "\"colour\": \"red\", \"items\": [\"t\", \"u\"]") ","
             TILE("a", "\"colour\": \"red\", \"items\": [\"t\"]")),
         "catalogue.json: tile 'a': a tile with this id comes earlier (#1)"},
        {CAT(TILE("a", "\"colour\": \"pink\", \"items\": [\"t\", \"u\"]")),
         "catalogue.json: tile 'a': colour 'pink' is not a theme colour"},
        {CAT(TILE("a", "\"colour\": \"#12345\", \"items\": [\"t\", \"u\"]")),
         "catalogue.json: tile 'a': colour '#12345' is not a theme colour"},
        {CAT(TILE("a", "\"colour\": \"#12345G\", \"items\": [\"t\", \"u\"]")),
         "catalogue.json: tile 'a': colour '#12345G'"},
        {CAT(TILE("a", "\"colour\": \"red\", \"items\": [\"t\", \"u\", \"nope\"]")),
         "catalogue.json: tile 'a': item 'nope' is not a loaded form"},
        {CAT(TILE("a", "\"colour\": \"red\", \"items\": [\"t\", \"u\", \"t\"]")),
         "catalogue.json: tile 'a': item 't' is listed twice"},
        {CAT(TILE("a", "\"colour\": \"red\", \"items\": [\"t\"]")),
         "catalogue.json: form 'u' is loaded but on no tile"},
        {CAT(TILE("a", "\"colour\": \"red\", \"items\": []")),
         "catalogue.json: tile 'a': 'items' must be a list of 1 to 100 form ids"},
        {CAT(TILE("Bad", "\"colour\": \"red\", \"items\": [\"t\", \"u\"]")),
         "catalogue.json: tile '#1': id 'Bad' must be lowercase"},
        {CAT(TILE("agent", "\"colour\": \"red\", \"items\": [\"t\", \"u\"]")),
         "catalogue.json: tile '#1': id 'agent' is reserved"},
        {CAT(TILE("a", "\"colour\": \"red\", \"items\": [\"t\", \"u\"], \"icon\": \"x\"")),
         "catalogue.json: tile '#1': unknown attribute 'icon'"},
        {CAT("{\"id\": \"a\", \"glyph\": \"养\", \"colour\": \"red\", \"items\": [\"t\", \"u\"]}"),
         "catalogue.json: tile 'a': 'label' is missing"},
        {CAT("{\"id\": \"a\", \"label\": \"养老\", \"glyph\": \"养老\", \"colour\": \"red\", "
             "\"items\": [\"t\", \"u\"]}"),
         "catalogue.json: tile 'a': 'glyph' is longer than 1 characters"},
        {CAT("{\"id\": \"a\", \"label\": \"养老保险养老保险养\", \"glyph\": \"养\", \"colour\": \"red\", "
             "\"items\": [\"t\", \"u\"]}"),
         "catalogue.json: tile 'a': 'label' is longer than 8 characters"},
        {CAT("{\"id\": \"a\", \"label\": 5, \"glyph\": \"养\", \"colour\": \"red\", "
             "\"items\": [\"t\", \"u\"]}"),
         "catalogue.json: tile 'a': 'label' must be a UTF-8 string"},
        {CAT("7"), "catalogue.json: tile '#1': a tile must be an object"},
        {CAT(TILE("a", "\"colour\": \"red\", \"subtitle\": \"{min_age}岁以上\", "
                  "\"items\": [\"t\", \"u\"]")),
         "catalogue.json: tile 'a': 'subtitle' names '{min_age}', a parameter of none of its items"},
        {CAT(TILE("a", "\"colour\": \"red\", \"subtitle\": \"{min_age岁以上\", "
                  "\"items\": [\"t\", \"u\"]")),
         "catalogue.json: tile 'a': 'subtitle' has an open or empty '{'"},
        {CAT(TILE("a", "\"colour\": \"red\", \"subtitle\": \"{}岁\", \"items\": [\"t\", \"u\"]")),
         "catalogue.json: tile 'a': 'subtitle' has an open or empty '{'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *err = home_try(bad[i].json);
        if (strncmp(err, bad[i].want, strlen(bad[i].want)) && !strstr(err, bad[i].want)) {
            printf("  catalogue %zu: got '%s', want '%s'\n", i, err, bad[i].want);
            CHECK(0);
        }
    }
}

/* "kind": "lookup" marks an item that asks rather than files. */
static void test_kind(void)
{
    form_catalog *cat = form_catalog_new();
    char err[512];
    char text[16384];
    snprintf(text, sizeof text, "%s", make(NULL, NULL, NULL, NULL));
    CHECK_EQ_INT(form_catalog_load_string(cat, text, "t.json", err, sizeof err), 0);
    CHECK_EQ_INT(form_def_is_lookup(form_catalog_find(cat, "t")), 0);
    char *p = strstr(text, "\"id\":\"t\"");
    REQUIRE(p != NULL);
    memcpy(p, "\"id\":\"u\"", 8);
    char with[16500];
    snprintf(with, sizeof with, "{\"kind\": \"lookup\", %s", text + 1);
    CHECK_EQ_INT(form_catalog_load_string(cat, with, "u.json", err, sizeof err), 0);
    CHECK_EQ_INT(form_def_is_lookup(form_catalog_find(cat, "u")), 1);
    snprintf(with, sizeof with, "{\"kind\": \"query\", %s", text + 1);
    CHECK_EQ_INT(form_catalog_load_string(cat, with, "v.json", err, sizeof err), -1);
    CHECK_EQ_STR(err, "v.json: 'kind' must be \"filing\" or \"lookup\"");
    form_catalog_free(cat);
}

static void test_shipped_forms_load(void)
{
    form_catalog *cat = form_catalog_new();
    int n = form_catalog_load_dir(cat, check_asset("forms"));
    for (size_t i = 0; i < form_catalog_problem_count(cat); i++)
        printf("  problem: %s\n", form_catalog_problem(cat, i));
    CHECK_EQ_INT(n, 18);
    CHECK_EQ_INT(form_catalog_problem_count(cat), 0);
    CHECK_EQ_STR(form_catalog_home_error(cat), "");
    const char *ids[] = {"pension_enrol", "pension_cert", "medical_enrol", "medical_remote",
                         "dibao", "elderly_allowance", "disability_subsidy", "progress_query",
                         "pension_benefit", "pension_cancel", "temp_relief", "tekun",
                         "disability_cert", "employment", "elderly_card", "family_planning",
                         "medical_change", "housing"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        CHECK(form_catalog_find(cat, ids[i]) != NULL);
    CHECK_EQ_INT(form_def_is_lookup(form_catalog_find(cat, "progress_query")), 1);
    CHECK_EQ_INT(form_def_is_lookup(form_catalog_find(cat, "dibao")), 0);
    /* The documented example settings apply cleanly. */
    char err[512] = "";
    CHECK_EQ_INT(form_catalog_load_settings(cat, check_asset("forms/settings/county.example.json"),
                                            err, sizeof err), 0);
    if (err[0])
        printf("  %s\n", err);
    form_catalog_free(cat);
}

/* The small form with an "idcard" map added. */
static const char *with_card(const char *map)
{
    make(NULL, NULL, NULL, NULL);
    size_t n = strlen(json);
    snprintf(json + n - 1, sizeof json - n + 1, ",\"idcard\":%s}", map);
    return json;
}

static void test_idcard_map(void)
{
    CHECK(loads(with_card("{\"name\":\"name\",\"id_number\":\"idno\"}")));
    form_catalog *cat = form_catalog_new();
    char err[512] = "";
    REQUIRE(form_catalog_load_string(cat, with_card("{\"id_number\":\"idno\"}"), "c.json", err,
                                     sizeof err) == 0);
    CHECK_EQ_INT(form_def_has_card(form_catalog_at(cat, 0)), 1);
    form_catalog_free(cat);
    CHECK(rejects(with_card("[]"), "'idcard'", "object", NULL));
    CHECK(rejects(with_card("{\"nam\":\"name\",\"id_number\":\"idno\"}"), "'idcard'",
                  "unknown card field 'nam'", NULL));
    CHECK(rejects(with_card("{\"name\":\"nope\",\"id_number\":\"idno\"}"), "'idcard'",
                  "'nope'", "not a top-level field"));
    CHECK(rejects(with_card("{\"name\":1,\"id_number\":\"idno\"}"), "'idcard'", "'name'",
                  "must name a field"));
    CHECK(rejects(with_card("{\"name\":\"idno\",\"id_number\":\"idno\"}"), "'idcard'",
                  "cannot fill field 'idno'", NULL));
    CHECK(rejects(with_card("{\"birth\":\"age\",\"id_number\":\"idno\"}"), "'idcard'",
                  "'age'", NULL));
    CHECK(rejects(with_card("{\"name\":\"name\"}"), "'idcard'", "must map 'id_number'", NULL));
    CHECK(rejects(with_card("{\"name\":\"name\",\"address\":\"name\",\"id_number\":\"idno\"}"),
                  "'idcard'", "cannot fill", NULL));
}

/* A group whose members are people with cards: its own "idcard" map names
 * its sub-fields (m_sex worked out from m_idno must agree with the card). */
#define MEMBERS(map)                                                                          \
    "[" F_NAME "," F_ID ",{\"key\":\"g\",\"type\":\"group\",\"label\":\"成员\"" map            \
    ",\"fields\":[{\"key\":\"m_name\",\"type\":\"name\",\"label\":\"姓名\"},"                \
    "{\"key\":\"m_idno\",\"type\":\"idno\",\"label\":\"身份证号\"},"                          \
    "{\"key\":\"m_sex\",\"type\":\"choice\",\"label\":\"性别\",\"compute\":{\"from\":"      \
    "\"m_idno\",\"what\":\"sex\"},\"options\":[{\"value\":\"1\",\"label\":\"男\"},"          \
    "{\"value\":\"2\",\"label\":\"女\"}]},"                                                  \
    "{\"key\":\"m_inc\",\"type\":\"money\",\"label\":\"收入\"}]}]"
#define MEMBERS_PAGE P_ALL("\"name\",\"idno\",\"g\"")

/* A form whose top-level ID field carries attr (JSON members) is refused,
 * the words naming what and why. */
/* A new catalogue (*cat, the caller frees it) holding the form of fields
 * on one page with name, idno and g; an instance of it on 2026-12-01, or
 * NULL when it does not load. */
static form_inst *people_form(form_catalog **cat, const char *fields)
{
    char err[512] = "";
    *cat = form_catalog_new();
    if (!*cat || form_catalog_load_string(*cat, make(NULL, fields, MEMBERS_PAGE, NULL), "p.json",
                                          err, sizeof err) != 0)
        return NULL;
    valid_date today = {2026, 12, 1};
    return form_inst_new(form_catalog_at(*cat, 0), today);
}

/* Two people: her husband's ID number and hers. */
static const char *const HIS = "420506194809170031", *const HERS = "420506195203140027";

static int refused_on_id(const char *attr, const char *what, const char *why)
{
    char fields[512];
    snprintf(fields, sizeof fields,
             "[" F_NAME ",{\"key\":\"idno\",\"type\":\"idno\",\"label\":\"号\",%s}]", attr);
    return rejects(make(NULL, fields, P_ALL("\"name\",\"idno\""), NULL), what, why, NULL);
}
#define GOOD_MAP ",\"idcard\":{\"name\":\"m_name\",\"id_number\":\"m_idno\",\"sex\":\"m_sex\"}"

static void test_member_card_map(void)
{
    CHECK(loads(make(NULL, MEMBERS(""), MEMBERS_PAGE, NULL)));
    CHECK(rejects(make(NULL, MEMBERS(",\"idcard\":{\"name\":\"name\",\"id_number\":\"m_idno\"}"),
                       MEMBERS_PAGE, NULL),
                  "'idcard'", "'name'", "not a field of this group"));
    CHECK(rejects(make(NULL, MEMBERS(",\"idcard\":{\"name\":\"m_name\"}"), MEMBERS_PAGE, NULL),
                  "'idcard'", "must map 'id_number'", NULL));
    CHECK(rejects(make(NULL, MEMBERS(",\"idcard\":{\"id_number\":\"m_idno\",\"name\":\"m_inc\"}"),
                       MEMBERS_PAGE, NULL),
                  "'idcard'", "cannot fill field 'm_inc'", NULL));
    CHECK(rejects(make(NULL, MEMBERS(",\"idcard\":\"m_idno\""), MEMBERS_PAGE, NULL), "'idcard'",
                  "object", NULL));
    /* on a field that is not a group */
    CHECK(refused_on_id("\"idcard\":{\"id_number\":\"idno\"}", "'idcard'", "does not apply"));

    form_catalog *cat = form_catalog_new();
    char err[512] = "";
    REQUIRE(form_catalog_load_string(cat, make(NULL, MEMBERS(GOOD_MAP), MEMBERS_PAGE, NULL), "m.json",
                                     err, sizeof err) == 0);
    const form_def *d = form_catalog_at(cat, 0);
    const form_field *g = form_def_field(d, "g");
    CHECK_EQ_INT(form_def_has_card(d), 0); /* the form's own people: none */
    CHECK_EQ_STR(form_field_key(form_field_card_field(g, FORM_CARD_ID_NUMBER)), "m_idno");
    CHECK_EQ_STR(form_field_key(form_field_card_field(g, FORM_CARD_NAME)), "m_name");
    CHECK(form_field_card_field(g, FORM_CARD_ADDRESS) == NULL);
    CHECK(form_field_card_field(form_def_field(d, "name"), FORM_CARD_ID_NUMBER) == NULL);
    valid_date today = {2026, 12, 1};
    form_inst *in = form_inst_new(d, today);
    REQUIRE(in != NULL);
    REQUIRE(form_inst_member_add(in, "g", err, sizeof err) == 0);
    form_card c = {{NULL}};
    c.v[FORM_CARD_NAME] = "李建国";
    c.v[FORM_CARD_ID_NUMBER] = "420506194809170031";
    c.v[FORM_CARD_SEX] = "男";
    CHECK_EQ_INT(form_inst_member_fill_card(in, "g", 1, &c), FORM_ERR_NOTFOUND); /* no member 2 */
    CHECK_EQ_INT(form_inst_member_fill_card(in, "nope", 0, &c), FORM_ERR_NOTFOUND);
    CHECK_EQ_INT(form_inst_fill_card(in, &c), FORM_ERR_NOTFOUND); /* the form maps none */
    /* the sex printed disagrees with the ID number's: nothing filled */
    c.v[FORM_CARD_SEX] = "女";
    CHECK_EQ_INT(form_inst_member_fill_card(in, "g", 0, &c), FORM_ERR_INVALID);
    CHECK(form_inst_member_get(in, "g", 0, "m_name") == NULL);
    CHECK(form_inst_member_get(in, "g", 0, "m_idno") == NULL);
    /* a name the name check refuses: nothing filled either */
    c.v[FORM_CARD_SEX] = "男";
    c.v[FORM_CARD_NAME] = "李建国123";
    CHECK_EQ_INT(form_inst_member_fill_card(in, "g", 0, &c), FORM_ERR_INVALID);
    CHECK(form_inst_member_get(in, "g", 0, "m_name") == NULL);
    CHECK(form_inst_member_get(in, "g", 0, "m_idno") == NULL);
    /* no ID number: nothing */
    c.v[FORM_CARD_NAME] = "李建国";
    c.v[FORM_CARD_ID_NUMBER] = "";
    CHECK_EQ_INT(form_inst_member_fill_card(in, "g", 0, &c), FORM_ERR_INVALID);
    c.v[FORM_CARD_ID_NUMBER] = "420506194809170031";
    CHECK_EQ_INT(form_inst_member_fill_card(in, "g", 0, &c), FORM_OK);
    CHECK_EQ_STR(form_inst_member_get(in, "g", 0, "m_name"), "李建国");
    CHECK_EQ_STR(form_inst_member_get(in, "g", 0, "m_idno"), "420506194809170031");
    CHECK_EQ_STR(form_inst_member_get(in, "g", 0, "m_sex"), "1");
    CHECK(form_inst_get(in, "name") == NULL && form_inst_get(in, "idno") == NULL);
    CHECK_EQ_INT(form_inst_from_card(in, "name"), 0);
    /* marked as read from the card (m_sex through m_idno, its source) until typed over */
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 0, "m_name"), 1);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 0, "m_idno"), 1);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 0, "m_sex"), 1);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 0, "m_inc"), 0);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 1, "m_name"), 0);
    REQUIRE(form_inst_member_set(in, "g", 0, "m_name", "李建军", err, sizeof err) == FORM_OK);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 0, "m_name"), 0);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 0, "m_idno"), 1);
    /* a second member, not read: nothing marked */
    REQUIRE(form_inst_member_add(in, "g", err, sizeof err) == 1);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 1, "m_idno"), 0);
    /* the draft keeps the marks (after a power cut too), the answers' alone */
    char *blob = form_inst_save(in);
    REQUIRE(blob != NULL);
    CHECK(strstr(blob, "\"from_card\":[\"g[0].m_idno\"]") != NULL);
    form_inst *back = NULL;
    REQUIRE(form_inst_restore(d, blob, today, &back, err, sizeof err) == FORM_OK);
    CHECK_EQ_INT(form_inst_member_from_card(back, "g", 0, "m_idno"), 1);
    CHECK_EQ_INT(form_inst_member_from_card(back, "g", 0, "m_sex"), 1);
    CHECK_EQ_INT(form_inst_member_from_card(back, "g", 0, "m_name"), 0);
    CHECK_EQ_INT(form_inst_member_from_card(back, "g", 1, "m_idno"), 0);
    form_inst_free(back);
    free(blob);
    /* marks that name no answer, or nothing, are left out; the draft stands */
    const char *odd[] = {
        "[1,\"g[0].m_idno\",\"g[1].m_idno\",\"g[7].m_idno\",\"g[0].nope\",\"g[0].m_sex\","
        "\"g\",\"name\",\"nope\",\"g[0]m_idno\",\"g[0].m_idno.x\",\"g[-1].m_idno\",\"\"]",
        "\"name\"", "{}", "null"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        char b[1024];
        snprintf(b, sizeof b,
                 "{\"format\":1,\"form\":\"t\",\"version\":1,\"page\":0,\"review\":false,"
                 "\"confirmed\":false,\"answers\":{\"g\":[{\"m_idno\":\"%s\"},{}]},"
                 "\"from_card\":%s}",
                 "420506194809170031", odd[i]);
        back = NULL;
        CHECK_EQ_INT(form_inst_restore(d, b, today, &back, err, sizeof err), FORM_OK);
        if (!back)
            continue;
        CHECK_EQ_STR(form_inst_member_get(back, "g", 0, "m_idno"), "420506194809170031");
        CHECK_EQ_INT(form_inst_member_from_card(back, "g", 0, "m_idno"), i == 0);
        CHECK_EQ_INT(form_inst_member_from_card(back, "g", 1, "m_idno"), 0);
        CHECK_EQ_INT(form_inst_from_card(back, "name"), 0);
        form_inst_free(back);
    }
    form_inst_free(in);
    form_catalog_free(cat);
}

/* A group of people whose ID numbers (attrs: more on m_idno) are checked
 * against each other and the form's own "idno". */
#define PEOPLE(attrs)                                                                          \
    "[" F_NAME "," F_ID ",{\"key\":\"g\",\"type\":\"group\",\"label\":\"成员\","              \
    "\"item_label\":\"家人\",\"required\":false,\"min_count\":0,"                              \
    "\"idcard\":{\"name\":\"m_name\",\"id_number\":\"m_idno\"},\"fields\":["                    \
    "{\"key\":\"m_name\",\"type\":\"name\",\"label\":\"姓名\",\"required\":false},"           \
    "{\"key\":\"m_idno\",\"type\":\"idno\",\"label\":\"身份证号\"" attrs "}]}]"

/* A person is listed once: a member's ID number another member has, or
 * the one its "other_than" names, is refused on both members until one is
 * put right or removed; a card of such a person fills nothing
 * (FORM_ERR_SAME); a draft brings the refusal back. The loader refuses
 * "other_than" anywhere but on a group's ID number naming the form's own. */
static void test_same_person(void)
{
    CHECK(rejects(make(NULL, PEOPLE(",\"other_than\":\"nope\""), MEMBERS_PAGE, NULL),
                  "'other_than'", "missing field 'nope'", NULL));
    CHECK(rejects(make(NULL, PEOPLE(",\"other_than\":\"name\""), MEMBERS_PAGE, NULL),
                  "'other_than'", "top-level idno", NULL));
    CHECK(rejects(make(NULL, PEOPLE(",\"other_than\":\"m_idno\""), MEMBERS_PAGE, NULL),
                  "'other_than'", "top-level idno", NULL));
    CHECK(refused_on_id("\"other_than\":\"idno\"", "'other_than'", "group's ID number only"));
    CHECK(rejects(make(NULL, "[" F_NAME "," F_ID ",{\"key\":\"g\",\"type\":\"group\",\"label\":"
                             "\"成员\",\"fields\":[{\"key\":\"m_name\",\"type\":\"name\",\"label\":"
                             "\"姓名\",\"other_than\":\"idno\"}]}]",
                       MEMBERS_PAGE, NULL),
                  "'other_than'", "does not apply to a name field", NULL));

    form_catalog *cat;
    char err[512] = "";
    form_inst *in = people_form(&cat, PEOPLE(",\"other_than\":\"idno\""));
    REQUIRE(in != NULL);
    const form_def *d = form_catalog_at(cat, 0);
    valid_date today = {2026, 12, 1};
    const char *his = HIS, *hers = HERS;
    char same1[256], same_head[256];
    snprintf(same1, sizeof same1, core_str("form.msg.same_member"), "家人", 1);
    snprintf(same_head, sizeof same_head, core_str("form.msg.same_as"), "身份证号");
    REQUIRE(form_inst_member_add(in, "g", err, sizeof err) == 0);
    REQUIRE(form_inst_member_add(in, "g", err, sizeof err) == 1);
    CHECK_EQ_INT(form_inst_member_set(in, "g", 0, "m_idno", his, err, sizeof err), FORM_OK);
    /* typed twice (a lowercase x would be the same number: normalised first) */
    CHECK_EQ_INT(form_inst_member_set(in, "g", 1, "m_idno", his, err, sizeof err),
                 FORM_ERR_INVALID);
    CHECK_EQ_STR(err, same1);
    CHECK_EQ_STR(form_inst_member_error(in, "g", 1, "m_idno"), same1);
    CHECK(form_inst_member_error(in, "g", 0, "m_idno") != NULL); /* both, until one goes */
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_ERR_INCOMPLETE);
    /* a draft brings it back */
    char *blob = form_inst_save(in);
    REQUIRE(blob != NULL);
    form_inst *back = NULL;
    REQUIRE(form_inst_restore(d, blob, today, &back, err, sizeof err) == FORM_OK);
    CHECK_EQ_STR(form_inst_member_error(back, "g", 1, "m_idno"), same1);
    form_inst_free(back);
    free(blob);
    /* put right: both stand */
    CHECK_EQ_INT(form_inst_member_set(in, "g", 1, "m_idno", hers, err, sizeof err), FORM_OK);
    CHECK(form_inst_member_error(in, "g", 0, "m_idno") == NULL);
    CHECK(form_inst_member_error(in, "g", 1, "m_idno") == NULL);
    /* twice again, then the first removed: the other stands alone */
    CHECK_EQ_INT(form_inst_member_set(in, "g", 1, "m_idno", his, err, sizeof err),
                 FORM_ERR_INVALID);
    CHECK_EQ_INT(form_inst_member_remove(in, "g", 0), FORM_OK);
    CHECK(form_inst_member_error(in, "g", 0, "m_idno") == NULL);
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_ERR_INCOMPLETE); /* name, idno */
    /* the form's own person as a member: refused, and when her number changes, rechecked */
    CHECK_EQ_INT(form_inst_set(in, "idno", his, err, sizeof err), FORM_OK);
    CHECK_EQ_STR(form_inst_member_error(in, "g", 0, "m_idno"), same_head);
    CHECK(form_inst_error(in, "idno") == NULL); /* the refusal is the member's */
    CHECK_EQ_INT(form_inst_set(in, "idno", hers, err, sizeof err), FORM_OK);
    CHECK(form_inst_member_error(in, "g", 0, "m_idno") == NULL);
    /* cards: hers (the form's person) and his (member 1) fill nothing on a new member */
    REQUIRE(form_inst_member_add(in, "g", err, sizeof err) == 1);
    form_card c = {{NULL}};
    c.v[FORM_CARD_NAME] = "张秀英";
    c.v[FORM_CARD_ID_NUMBER] = hers;
    CHECK_EQ_INT(form_inst_member_fill_card(in, "g", 1, &c), FORM_ERR_SAME);
    c.v[FORM_CARD_NAME] = "李建国";
    c.v[FORM_CARD_ID_NUMBER] = his;
    CHECK_EQ_INT(form_inst_member_fill_card(in, "g", 1, &c), FORM_ERR_SAME);
    CHECK(form_inst_member_get(in, "g", 1, "m_name") == NULL);
    CHECK(form_inst_member_get(in, "g", 1, "m_idno") == NULL);
    /* the card already read refills its own member (read again on his page) */
    CHECK_EQ_INT(form_inst_member_fill_card(in, "g", 0, &c), FORM_OK);
    CHECK_EQ_STR(form_inst_member_get(in, "g", 0, "m_name"), "李建国");
    form_inst_free(in);
    form_catalog_free(cat);
}

/* The household of the form's own person (gattrs: more on the group; subs:
 * its sub-fields after m_name). */
#define HOUSE(gattrs, subs)                                                                    \
    "[" F_NAME "," F_ID ",{\"key\":\"g\",\"type\":\"group\",\"label\":\"家人们\"" gattrs     \
    ",\"fields\":[{\"key\":\"m_name\",\"type\":\"name\",\"label\":\"姓名\"," \
    "\"required\":false}" subs "]}]"
#define M_IDNO ",{\"key\":\"m_idno\",\"type\":\"idno\",\"label\":\"身份证号\"}"

/* "includes": the group is the household of the form's own person, who
 * must be one of its members (by ID number, judged once hers is valid):
 * its page is held back with words naming her (or not, her name unknown)
 * until a member has her number. The loader refuses it off a group, naming
 * a field that is missing, not an ID number or a member's, and on a group
 * without one ID field or with two. */
static void test_household_self(void)
{
    CHECK(loads(make(NULL, HOUSE(",\"includes\":\"idno\"", M_IDNO), MEMBERS_PAGE, NULL)));
    CHECK(rejects(make(NULL, HOUSE(",\"includes\":\"nope\"", M_IDNO), MEMBERS_PAGE, NULL),
                  "'includes'", "missing field 'nope'", NULL));
    CHECK(rejects(make(NULL, HOUSE(",\"includes\":\"name\"", M_IDNO), MEMBERS_PAGE, NULL),
                  "'includes'", "top-level idno", NULL));
    CHECK(rejects(make(NULL, HOUSE(",\"includes\":\"m_idno\"", M_IDNO), MEMBERS_PAGE, NULL),
                  "'includes'", "top-level idno", NULL));
    CHECK(rejects(make(NULL, HOUSE(",\"includes\":\"idno\"", ""), MEMBERS_PAGE, NULL),
                  "'includes'", "an idno field", NULL));
    CHECK(rejects(make(NULL,
                       HOUSE(",\"includes\":\"idno\"",
                             M_IDNO ",{\"key\":\"m_id2\",\"type\":\"idno\",\"label\":\"号\"}"),
                       MEMBERS_PAGE, NULL),
                  "'includes'", "not two", NULL));
    CHECK(refused_on_id("\"includes\":\"idno\"", "'includes'", "does not apply to a idno field"));

    form_catalog *cat;
    char err[512] = "";
    form_inst *in = people_form(&cat, HOUSE(",\"includes\":\"idno\"", M_IDNO));
    REQUIRE(in != NULL);
    valid_date today = {2026, 12, 1};
    const char *his = HIS, *hers = HERS;
    REQUIRE(form_inst_member_add(in, "g", err, sizeof err) == 0);
    CHECK_EQ_INT(form_inst_member_set(in, "g", 0, "m_idno", his, err, sizeof err), FORM_OK);
    /* her number not given yet: nobody to look for (her own error is hers) */
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK(form_inst_error(in, "g") == NULL);
    CHECK_EQ_INT(form_inst_set(in, "idno", hers, err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_set(in, "name", "张秀英", err, sizeof err), FORM_OK); /* no map: unnamed */
    char want[256];
    snprintf(want, sizeof want, core_str("form.msg.group_self_anon"), "家人们");
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(form_inst_error(in, "g"), want);
    CHECK_EQ_STR(err, want);
    /* the words go as soon as a member is her: his number put right to hers
     * (she had typed hers for him), or hers changed to his */
    CHECK_EQ_INT(form_inst_member_set(in, "g", 0, "m_idno", hers, err, sizeof err), FORM_OK);
    CHECK(form_inst_error(in, "g") == NULL);
    CHECK_EQ_INT(form_inst_member_set(in, "g", 0, "m_idno", his, err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(form_inst_error(in, "g"), want);
    CHECK_EQ_INT(form_inst_set(in, "idno", his, err, sizeof err), FORM_OK);
    CHECK(form_inst_error(in, "g") == NULL);
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_OK);
    form_inst_free(in);
    form_catalog_free(cat);
    /* with a card map naming her name field: her name in the words */
    cat = form_catalog_new();
    char doc[8192];
    const char *map = ",\"idcard\":{\"name\":\"name\",\"id_number\":\"idno\"}";
    snprintf(doc, sizeof doc - strlen(map), "%s",
             make(NULL,
                  HOUSE(",\"includes\":\"idno\",\"idcard\":{\"name\":\"m_name\",\"id_number\":"
                        "\"m_idno\"}",
                        M_IDNO),
                  MEMBERS_PAGE, NULL));
    char *at = strstr(doc, ",\"fields\":[{\"key\":\"name\"");
    REQUIRE(at != NULL);
    memmove(at + strlen(map), at, strlen(at) + 1);
    memcpy(at, map, strlen(map));
    REQUIRE(form_catalog_load_string(cat, doc, "h.json", err, sizeof err) == 0);
    in = form_inst_new(form_catalog_at(cat, 0), today);
    REQUIRE(in != NULL);
    form_card c = {{NULL}};
    c.v[FORM_CARD_NAME] = "张秀英";
    c.v[FORM_CARD_ID_NUMBER] = hers;
    CHECK_EQ_INT(form_inst_fill_card(in, &c), FORM_OK);
    REQUIRE(form_inst_member_add(in, "g", err, sizeof err) == 0);
    CHECK_EQ_INT(form_inst_member_set(in, "g", 0, "m_idno", his, err, sizeof err), FORM_OK);
    snprintf(want, sizeof want, core_str("form.msg.group_self"), "家人们", "张秀英");
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_ERR_INCOMPLETE);
    CHECK_EQ_STR(form_inst_error(in, "g"), want);
    char name[64];
    CHECK_EQ_INT(form_inst_member_self_missing(in, "g", name, sizeof name), 1);
    CHECK_EQ_STR(name, "张秀英");
    CHECK_EQ_INT(form_inst_member_self_missing(in, "nope", name, sizeof name), 0);
    /* she is added in one step: her name and number, marked as her card's */
    CHECK_EQ_INT(form_inst_member_add_self(in, "g", err, sizeof err), 1);
    CHECK_EQ_STR(form_inst_member_get(in, "g", 1, "m_name"), "张秀英");
    CHECK_EQ_STR(form_inst_member_get(in, "g", 1, "m_idno"), hers);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 1, "m_name"), 1);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 1, "m_idno"), 1);
    CHECK_EQ_INT(form_inst_member_self_missing(in, "g", name, sizeof name), 0);
    CHECK_EQ_INT(form_inst_member_add_self(in, "g", err, sizeof err), FORM_ERR_STATE); /* twice */
    CHECK_EQ_INT(form_inst_member_count(in, "g"), 2);
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_OK);
    CHECK(form_inst_error(in, "g") == NULL);
    /* typed by hand instead: the same, unmarked */
    CHECK_EQ_INT(form_inst_member_remove(in, "g", 1), FORM_OK);
    CHECK_EQ_INT(form_inst_set(in, "name", "张秀英", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_member_add_self(in, "g", err, sizeof err), 1);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 1, "m_name"), 0);
    CHECK_EQ_INT(form_inst_member_from_card(in, "g", 1, "m_idno"), 1);
    form_inst_free(in);
    form_catalog_free(cat);
}

#define M_REL                                                                                  \
    ",{\"key\":\"m_rel\",\"type\":\"choice\",\"label\":\"关系\",\"required\":false,"           \
    "\"options\":[{\"value\":\"self\",\"label\":\"本人\"},{\"value\":\"spouse\","              \
    "\"label\":\"配偶\"}]}"

/* "self_is": the answer that says a member is the form's own person (与申请
 * 人关系: 本人) must agree with the ID numbers: 本人 for someone else is
 * refused, and another answer for her; her number changing checks it
 * again; 添加本人 chooses it. The loader refuses it without "includes", of
 * another shape, on a field not the group's, not a choice, or an answer
 * not among its options. */
static void test_self_answer(void)
{
    struct {
        const char *attr, *want;
    } bad[] = {
        {",\"self_is\":{\"m_rel\":\"self\"}", "needs 'includes'"},
        {",\"includes\":\"idno\",\"self_is\":\"m_rel\"", "must be one sub-field"},
        {",\"includes\":\"idno\",\"self_is\":{\"m_rel\":\"self\",\"m_name\":\"x\"}",
         "must be one sub-field"},
        {",\"includes\":\"idno\",\"self_is\":{\"name\":\"self\"}", "not a field of this group"},
        {",\"includes\":\"idno\",\"self_is\":{\"m_name\":\"self\"}", "not a choice"},
        {",\"includes\":\"idno\",\"self_is\":{\"m_rel\":\"me\"}", "not an option"},
    };
    char fields[4096];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(fields, sizeof fields, "[" F_NAME "," F_ID ",{\"key\":\"g\",\"type\":\"group\","
                                        "\"label\":\"家人们\"%s,\"fields\":[{\"key\":\"m_name\","
                                        "\"type\":\"name\",\"label\":\"姓名\"}" M_IDNO M_REL "]}]",
                 bad[i].attr);
        CHECK(rejects(make(NULL, fields, MEMBERS_PAGE, NULL), "'self_is'", bad[i].want, NULL));
    }
    snprintf(fields, sizeof fields, "%s", HOUSE(",\"includes\":\"idno\",\"self_is\":{\"m_rel\":"
                                                "\"self\"}", M_IDNO M_REL));
    form_catalog *cat;
    char err[512] = "";
    form_inst *in = people_form(&cat, fields);
    REQUIRE(in != NULL);
    const char *his = HIS, *hers = HERS;
    char not_self[256], is_self[256];
    snprintf(not_self, sizeof not_self, core_str("form.msg.not_self_anon"), "关系");
    snprintf(is_self, sizeof is_self, core_str("form.msg.is_self_anon"), "本人");
    CHECK_EQ_INT(form_inst_set(in, "idno", hers, err, sizeof err), FORM_OK);
    /* 添加本人: her number, and 本人 chosen */
    CHECK_EQ_INT(form_inst_member_add_self(in, "g", err, sizeof err), 0);
    CHECK_EQ_STR(form_inst_member_get(in, "g", 0, "m_rel"), "self");
    CHECK(form_inst_member_error(in, "g", 0, "m_rel") == NULL);
    /* another answer for her */
    CHECK_EQ_INT(form_inst_member_set(in, "g", 0, "m_rel", "spouse", err, sizeof err),
                 FORM_ERR_INVALID);
    CHECK_EQ_STR(err, is_self);
    /* 本人 for him */
    REQUIRE(form_inst_member_add(in, "g", err, sizeof err) == 1);
    CHECK_EQ_INT(form_inst_member_set(in, "g", 1, "m_rel", "self", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_member_set(in, "g", 1, "m_idno", his, err, sizeof err), FORM_OK);
    CHECK_EQ_STR(form_inst_member_error(in, "g", 1, "m_rel"), not_self);
    /* her number becomes his (typed wrong on the first page): both turn */
    CHECK_EQ_INT(form_inst_set(in, "idno", his, err, sizeof err), FORM_OK);
    CHECK(form_inst_member_error(in, "g", 0, "m_rel") == NULL); /* 配偶 for a non-self: fine */
    CHECK(form_inst_member_error(in, "g", 1, "m_rel") == NULL);
    CHECK_EQ_INT(form_inst_set(in, "idno", hers, err, sizeof err), FORM_OK);
    CHECK_EQ_STR(form_inst_member_error(in, "g", 0, "m_rel"), is_self);
    CHECK_EQ_STR(form_inst_member_error(in, "g", 1, "m_rel"), not_self);
    /* put right */
    CHECK_EQ_INT(form_inst_member_set(in, "g", 0, "m_rel", "self", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_member_set(in, "g", 1, "m_rel", "spouse", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_check_page(in, 0, err, sizeof err), FORM_ERR_INCOMPLETE); /* names */
    CHECK(form_inst_member_error(in, "g", 0, "m_rel") == NULL &&
          form_inst_member_error(in, "g", 1, "m_rel") == NULL);
    form_inst_free(in);
    form_catalog_free(cat);
}

/* Levels of the language (SCHEMA.md): a definition needs 2 with any of
 * other_than, includes or self_is, else 1 (3 with same_as: test_same_as); a
 * catalogue its definitions' highest (1 with none); the shipped one needs 4
 * (a count's where: test_count_where) and this loader reads it. */
static int level_of(const char *fields, int *cat_level)
{
    form_catalog *cat;
    form_inst *in = people_form(&cat, fields);
    int level = in ? form_def_level(form_catalog_at(cat, 0)) : -1;
    *cat_level = cat ? form_catalog_level(cat) : -1;
    form_inst_free(in);
    form_catalog_free(cat);
    return level;
}

static void test_levels(void)
{
    int whole = 0;
    CHECK_EQ_INT(level_of(MEMBERS(""), &whole), 1);
    CHECK_EQ_INT(whole, 1);
    CHECK_EQ_INT(level_of(PEOPLE(",\"other_than\":\"idno\""), &whole), 2);
    CHECK_EQ_INT(whole, 2);
    CHECK_EQ_INT(level_of(HOUSE(",\"includes\":\"idno\"", M_IDNO), &whole), 2);
    CHECK_EQ_INT(level_of(HOUSE(",\"includes\":\"idno\",\"self_is\":{\"m_rel\":\"self\"}",
                                M_IDNO M_REL), &whole), 2);
    form_catalog *none = form_catalog_new();
    REQUIRE(none != NULL);
    CHECK_EQ_INT(form_catalog_level(none), 1);
    form_catalog_free(none);
    char err[512];
    form_catalog *shipped = form_catalog_open(check_asset("forms"), NULL, 1, NULL, err, sizeof err);
    REQUIRE(shipped != NULL);
    CHECK_EQ_INT(form_catalog_level(shipped), 7);
    CHECK_EQ_INT(form_def_level(form_catalog_find(shipped, "pension_cert")), 6); /* agent */
    CHECK_EQ_INT(form_def_level(form_catalog_find(shipped, "housing")), 5); /* this_year */
    CHECK(form_catalog_level(shipped) <= FORM_LEVEL);
    CHECK_EQ_INT(form_def_level(form_catalog_find(shipped, "dibao")), 2); /* includes */
    CHECK_EQ_INT(form_def_level(form_catalog_find(shipped, "medical_enrol")), 7); /* household_fee */
    CHECK_EQ_INT(form_def_level(form_catalog_find(shipped, "pension_cancel")), 3); /* same_as */
    CHECK_EQ_INT(form_def_level(form_catalog_find(shipped, "family_planning")), 4); /* where */
    CHECK_EQ_INT(form_def_level(form_catalog_find(shipped, "elderly_allowance")), 1);
    form_catalog_free(shipped);
}

/* "same_as" (level 3): two top-level fields of one type with the same
 * answer, as stored (an ID number's x is X). 配偶's number that is hers is
 * refused with the rule's words; another person's goes on. The loader
 * refuses it between two types, with the field itself, beside another test,
 * and in a group; a definition using it, in a rule or in visible_if, needs 3. */
#define SPOUSE_FIELDS                                                                          \
    "[" F_ID ",{\"key\":\"sp\",\"type\":\"idno\",\"label\":\"配偶身份证号\"},"              \
    "{\"key\":\"sn\",\"type\":\"name\",\"label\":\"配偶姓名\",\"required\":false}]"
#define SPOUSE_PAGE P_ALL("\"idno\",\"sp\",\"sn\"")
#define NOT_SAME(cmp)                                                                          \
    "[{\"id\":\"r\",\"require\":{\"not\":{\"field\":\"sp\"," cmp "}},"                      \
    "\"message\":\"配偶的身份号码和您本人的一样\"}]"

static void test_same_as(void)
{
    char err[512] = "";
    form_catalog *cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(cat, make(NULL, SPOUSE_FIELDS, SPOUSE_PAGE,
                                               NOT_SAME("\"same_as\":\"idno\"")),
                                     "s.json", err, sizeof err) == 0);
    CHECK_EQ_INT(form_def_level(form_catalog_at(cat, 0)), 3);
    CHECK_EQ_INT(form_catalog_level(cat), 3);
    valid_date today = {2026, 12, 1};
    form_inst *in = form_inst_new(form_catalog_at(cat, 0), today);
    REQUIRE(in != NULL);
    CHECK_EQ_INT(form_inst_set(in, "idno", "42280119610205004x", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_set(in, "sp", "42280119610205004X", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "配偶的身份号码和您本人的一样");
    CHECK_EQ_INT(form_inst_set(in, "sp", HIS, err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_OK);
    form_inst_free(in);
    form_catalog_free(cat);
    /* a visible_if with it needs 3 too */
    CHECK(loads(make(NULL,
                     "[" F_ID ",{\"key\":\"sp\",\"type\":\"idno\",\"label\":\"配偶身份证号\"},"
                     "{\"key\":\"why\",\"type\":\"text\",\"label\":\"说明\",\"visible_if\":"
                     "{\"field\":\"sp\",\"same_as\":\"idno\"}}]",
                     P_ALL("\"idno\",\"sp\",\"why\""), NULL)));
    cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(
                cat,
                make(NULL,
                     "[" F_ID ",{\"key\":\"sp\",\"type\":\"idno\",\"label\":\"配偶身份证号\"},"
                     "{\"key\":\"why\",\"type\":\"text\",\"label\":\"说明\",\"visible_if\":"
                     "{\"field\":\"sp\",\"same_as\":\"idno\"}}]",
                     P_ALL("\"idno\",\"sp\",\"why\""), NULL),
                "v.json", err, sizeof err) == 0);
    CHECK_EQ_INT(form_def_level(form_catalog_at(cat, 0)), 3);
    form_catalog_free(cat);
    /* what the loader refuses */
    CHECK(rejects(make(NULL, SPOUSE_FIELDS, SPOUSE_PAGE, NOT_SAME("\"same_as\":\"sn\"")), "rule 'r'",
                  "same_as compares two idno, name, mobile, text or card fields of one type", NULL));
    CHECK(rejects(make(NULL, SPOUSE_FIELDS, SPOUSE_PAGE, NOT_SAME("\"same_as\":\"sp\"")), "rule 'r'",
                  "same_as compares 'sp' with another field", NULL));
    CHECK(rejects(make(NULL, SPOUSE_FIELDS, SPOUSE_PAGE,
                       NOT_SAME("\"same_as\":\"idno\",\"set\":true")),
                  "rule 'r'", "needs exactly one of", NULL));
    CHECK(rejects(make(NULL, SPOUSE_FIELDS, SPOUSE_PAGE, NOT_SAME("\"same_as\":\"ghost\"")),
                  "rule 'r'", "missing field 'ghost'", NULL));
    CHECK(rejects(make(NULL, SPOUSE_FIELDS, SPOUSE_PAGE, NOT_SAME("\"same_as\":7")), "rule 'r'",
                  "'same_as' must be a field key", NULL));
    CHECK(rejects(make(NULL, MEMBERS(""), MEMBERS_PAGE,
                       "[{\"id\":\"r\",\"require\":{\"sum\":\"m_inc\",\"same_as\":\"idno\"},"
                       "\"message\":\"x\"}]"),
                  "rule 'r'", "same_as compares a field, not sum/avg/count", NULL));
}

/* A count's "where" (level 4): the members for whom a condition on the
 * group's own fields holds. Two children of whom one is a girl are not two
 * girls; both are. A definition using it, in a rule or in visible_if, needs
 * 4. The loader refuses it beside a field, when it is no condition, when it
 * tests a field outside the group or a sum, and a missing field. */
#define KIDS_FIELDS(more)                                                                      \
    "[" F_ID ",{\"key\":\"kids\",\"type\":\"group\",\"label\":\"子女\",\"item_label\":\"子女\"," \
    "\"fields\":[{\"key\":\"k_sex\",\"type\":\"choice\",\"label\":\"性别\",\"options\":["       \
    "{\"value\":\"1\",\"label\":\"男\"},{\"value\":\"2\",\"label\":\"女\"}]},"                  \
    "{\"key\":\"k_n\",\"type\":\"integer\",\"label\":\"数\",\"required\":false}]}" more "]"
#define KIDS_RULE(cond) "[{\"id\":\"r\",\"require\":" cond ",\"message\":\"要两个女孩\"}]"
#define GIRLS "{\"field\":\"k_sex\",\"equals\":\"2\"}"

static void test_count_where(void)
{
    char err[512] = "";
    form_catalog *cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(
                cat,
                make(NULL, KIDS_FIELDS(""), P_ALL("\"idno\",\"kids\""),
                     KIDS_RULE("{\"count\":\"kids\",\"where\":" GIRLS ",\"min\":2}")),
                "w.json", err, sizeof err) == 0);
    CHECK_EQ_INT(form_def_level(form_catalog_at(cat, 0)), 4);
    CHECK_EQ_INT(form_catalog_level(cat), 4);
    valid_date today = {2026, 12, 1};
    form_inst *in = form_inst_new(form_catalog_at(cat, 0), today);
    REQUIRE(in != NULL);
    CHECK_EQ_INT(form_inst_set(in, "idno", HIS, err, sizeof err), FORM_OK);
    for (int m = 0; m < 2; m++) {
        CHECK_EQ_INT(form_inst_member_add(in, "kids", err, sizeof err), m);
        CHECK_EQ_INT(form_inst_member_set(in, "kids", m, "k_sex", m ? "2" : "1", err, sizeof err),
                     FORM_OK);
    }
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_ERR_INELIGIBLE);
    CHECK_EQ_STR(err, "要两个女孩");
    CHECK_EQ_INT(form_inst_member_set(in, "kids", 0, "k_sex", "2", err, sizeof err), FORM_OK);
    CHECK_EQ_INT(form_inst_next(in, err, sizeof err), FORM_OK);
    form_inst_free(in);
    form_catalog_free(cat);
    /* combined, and in a visible_if: 4 as well */
    CHECK(loads(make(NULL, KIDS_FIELDS(""), P_ALL("\"idno\",\"kids\""),
                     KIDS_RULE("{\"count\":\"kids\",\"where\":{\"all\":[" GIRLS ",{\"field\":"
                               "\"k_n\",\"min\":1}]},\"max\":2}"))));
    const char *vis = make(NULL,
                           KIDS_FIELDS(",{\"key\":\"why\",\"type\":\"text\",\"label\":\"说明\","
                                       "\"visible_if\":{\"count\":\"kids\",\"where\":" GIRLS
                                       ",\"min\":1}}"),
                           P_ALL("\"idno\",\"kids\",\"why\""), NULL);
    cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(cat, vis, "v.json", err, sizeof err) == 0);
    CHECK_EQ_INT(form_def_level(form_catalog_at(cat, 0)), 4);
    form_catalog_free(cat);
    /* what the loader refuses */
    CHECK(rejects(make(NULL, KIDS_FIELDS(""), P_ALL("\"idno\",\"kids\""),
                       KIDS_RULE("{\"field\":\"idno\",\"where\":" GIRLS ",\"set\":true}")),
                  "rule 'r'", "'where' goes with 'count'", NULL));
    CHECK(rejects(make(NULL, KIDS_FIELDS(""), P_ALL("\"idno\",\"kids\""),
                       KIDS_RULE("{\"count\":\"kids\",\"where\":\"k_sex\",\"min\":1}")),
                  "rule 'r'", "'where' must be a condition", NULL));
    CHECK(rejects(make(NULL, KIDS_FIELDS(""), P_ALL("\"idno\",\"kids\""),
                       KIDS_RULE("{\"count\":\"kids\",\"where\":{\"field\":\"idno\",\"set\":true},"
                                 "\"min\":1}")),
                  "rule 'r'", "tests the group's own fields", NULL));
    CHECK(rejects(make(NULL, KIDS_FIELDS(""), P_ALL("\"idno\",\"kids\""),
                       KIDS_RULE("{\"count\":\"kids\",\"where\":{\"sum\":\"k_n\",\"min\":1},"
                                 "\"min\":1}")),
                  "rule 'r'", NULL, NULL));
    CHECK(rejects(make(NULL, KIDS_FIELDS(""), P_ALL("\"idno\",\"kids\""),
                       KIDS_RULE("{\"count\":\"kids\",\"where\":{\"field\":\"ghost\",\"set\":true},"
                                 "\"min\":1}")),
                  "rule 'r'", "missing field 'ghost'", NULL));
}

/* {param} in a form's description and in a help (level 4): the
 * parameter's value as the county set it (money in yuan), again after
 * county settings change it; an unknown parameter or an unclosed brace is
 * refused, naming where. */
#define FEE_PARAMS                                                                             \
    "{\"age0\":{\"type\":\"integer\",\"label\":\"起始年龄\",\"default\":60,\"min\":1,"        \
    "\"max\":120},\"fee\":{\"type\":\"money\",\"label\":\"缴费\",\"default\":40000,"          \
    "\"min\":0,\"max\":1000000}}"
#define FEE_FIELDS(help)                                                                       \
    "[" F_ID ",{\"key\":\"n\",\"type\":\"integer\",\"label\":\"人数\",\"help\":\"" help "\"}]"

static char with_desc[16384];

/* make()'s form with its description replaced by desc. */
static const char *described(const char *text, const char *desc)
{
    const char *at = strstr(text, "\"description\":\"测试表单\"");
    if (!at)
        return text;
    snprintf(with_desc, sizeof with_desc, "%.*s\"description\":\"%s\"%s", (int)(at - text), text,
             desc, at + strlen("\"description\":\"测试表单\""));
    return with_desc;
}

#define YEAR_FIELDS(bounds)                                                                    \
    "[" F_ID ",{\"key\":\"y\",\"type\":\"integer\",\"label\":\"建房年份\",\"unit\":\"年\"" bounds "}]"

/* "this_year" (level 5): an integer's bound is the year of the form's day. */
static void test_this_year(void)
{
    char err[512] = "";
    form_catalog *cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(cat,
                                     make(NULL, YEAR_FIELDS(",\"min\":1900,\"max\":\"this_year\""),
                                          P_ALL("\"idno\",\"y\""), NULL),
                                     "y.json", err, sizeof err) == 0);
    const form_def *d = form_catalog_at(cat, 0);
    CHECK_EQ_INT(form_def_level(d), 5);
    CHECK_EQ_INT(form_catalog_level(cat), 5);
    CHECK(FORM_LEVEL >= 5);
    static const valid_date DAYS[] = {{2026, 12, 1}, {2031, 1, 1}};
    for (size_t i = 0; i < 2; i++) {
        form_inst *in = form_inst_new(d, DAYS[i]);
        REQUIRE(in != NULL);
        char year[16], next[16];
        snprintf(year, sizeof year, "%d", DAYS[i].year);
        snprintf(next, sizeof next, "%d", DAYS[i].year + 1);
        CHECK_EQ_INT(form_inst_set(in, "y", year, err, sizeof err), FORM_OK);
        CHECK_EQ_INT(form_inst_set(in, "y", "1900", err, sizeof err), FORM_OK);
        CHECK(form_inst_set(in, "y", next, err, sizeof err) != FORM_OK);
        CHECK(strstr(err, year) != NULL); /* 建房年份不能大于2026年 */
        CHECK(form_inst_set(in, "y", "1899", err, sizeof err) != FORM_OK);
        form_inst_free(in);
    }
    form_catalog_free(cat);
    /* as the lower bound too (a year not yet past) */
    cat = form_catalog_new();
    REQUIRE(form_catalog_load_string(cat, make(NULL, YEAR_FIELDS(",\"min\":\"this_year\""),
                                               P_ALL("\"idno\",\"y\""), NULL),
                                     "z.json", err, sizeof err) == 0);
    form_inst *in = form_inst_new(form_catalog_at(cat, 0), (valid_date){2026, 12, 1});
    CHECK_EQ_INT(form_inst_set(in, "y", "2030", err, sizeof err), FORM_OK);
    CHECK(form_inst_set(in, "y", "2025", err, sizeof err) != FORM_OK);
    form_inst_free(in);
    form_catalog_free(cat);
    /* refused: another word, on money, on a photo count, in a rule */
    CHECK(rejects(make(NULL, YEAR_FIELDS(",\"max\":\"next_year\""), P_ALL("\"idno\",\"y\""),
                       NULL),
                  "'max'", "this_year", NULL));
    CHECK(rejects(make(NULL,
                       "[" F_ID ",{\"key\":\"m\",\"type\":\"money\",\"label\":\"钱\","
                       "\"max\":\"this_year\"}]",
                       P_ALL("\"idno\",\"m\""), NULL),
                  "'max'", "integer fields", NULL));
    CHECK(rejects(make(NULL, YEAR_FIELDS(""), P_ALL("\"idno\",\"y\""),
                       "[{\"id\":\"r\",\"message\":\"不对\",\"require\":{\"field\":\"y\",\"max\":\"this_year\"}}]"),
                  "'max'", NULL, NULL));
}

#define AGENT_FIELD(type, compute)                                                              \
    "[" F_ID ",{\"key\":\"ag\",\"type\":\"" type "\",\"label\":\"代办员编号\","                  \
    "\"compute\":" compute "}]"

/* The computed "agent" (level 6): the number of the agent signed in, from
 * no field; it follows form_inst_set_agent and is never typed. */
static void test_compute_agent(void)
{
    char err[512] = "";
    form_catalog *cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(cat,
                                     make(NULL, AGENT_FIELD("text", "{\"what\":\"agent\"}"),
                                          P_ALL("\"idno\",\"ag\""), NULL),
                                     "a.json", err, sizeof err) == 0);
    const form_def *d = form_catalog_at(cat, 0);
    CHECK_EQ_INT(form_def_level(d), 6);
    CHECK_EQ_INT(form_field_compute(form_def_field(d, "ag")), FORM_COMPUTE_AGENT);
    form_inst *in = form_inst_new(d, (valid_date){2026, 12, 1});
    REQUIRE(in != NULL);
    CHECK(form_inst_get(in, "ag") == NULL);
    CHECK(form_inst_set(in, "ag", "A0012", err, sizeof err) != FORM_OK); /* never typed */
    form_inst_set_agent(in, "A0012");
    CHECK_EQ_STR(form_inst_get(in, "ag") ? form_inst_get(in, "ag") : "", "A0012");
    CHECK(!form_inst_from_card(in, "ag"));
    char *blob = form_inst_save(in);
    CHECK(blob && strstr(blob, "A0012") == NULL); /* not saved: who is signed in is the screen's */
    form_inst *back = NULL;
    CHECK_EQ_INT(form_inst_restore(d, blob, (valid_date){2026, 12, 1}, &back, err, sizeof err),
                 FORM_OK);
    CHECK(back && form_inst_get(back, "ag") == NULL);
    form_inst_set_agent(back, "B0007");
    CHECK_EQ_STR(back && form_inst_get(back, "ag") ? form_inst_get(back, "ag") : "", "B0007");
    form_inst_set_agent(back, NULL); /* signed out: gone */
    CHECK(back && form_inst_get(back, "ag") == NULL);
    form_inst_free(back);
    free(blob);
    form_inst_free(in);
    form_catalog_free(cat);
    /* refused: with a 'from', on another type, in a group */
    CHECK(rejects(make(NULL, AGENT_FIELD("text", "{\"from\":\"idno\",\"what\":\"agent\"}"),
                       P_ALL("\"idno\",\"ag\""), NULL),
                  "'agent'", "no 'from'", NULL));
    CHECK(rejects(make(NULL, AGENT_FIELD("integer", "{\"what\":\"agent\"}"),
                       P_ALL("\"idno\",\"ag\""), NULL),
                  "'agent'", "top-level text", NULL));
    CHECK(rejects(make(NULL,
                       "[" F_ID ",{\"key\":\"g\",\"type\":\"group\",\"label\":\"人\","
                       "\"item_label\":\"人\",\"fields\":[{\"key\":\"ag\",\"type\":\"text\","
                       "\"label\":\"号\",\"compute\":{\"what\":\"agent\"}}]}]",
                       P_ALL("\"idno\",\"g\""), NULL),
                  "'agent'", "top-level text", NULL));
}

static void test_text_params(void)
{
    char err[512] = "";
    form_catalog *cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(
                cat,
                described(make(FEE_PARAMS, FEE_FIELDS("每人每年{fee}元"), P_ALL("\"idno\",\"n\""),
                               NULL),
                          "年满{age0}周岁的人"),
                "p.json", err, sizeof err) == 0);
    const form_def *d = form_catalog_at(cat, 0);
    CHECK_EQ_STR(form_def_description(d), "年满60周岁的人");
    CHECK_EQ_STR(form_field_help(form_def_field(d, "n")), "每人每年400元");
    CHECK_EQ_INT(form_def_level(d), 4);
    CHECK_EQ_INT(form_catalog_settings_string(
                     cat, "{\"forms\":{\"t\":{\"age0\":65,\"fee\":38050}}}", "county.json", err,
                     sizeof err),
                 0);
    CHECK_EQ_STR(form_def_description(d), "年满65周岁的人");
    CHECK_EQ_STR(form_field_help(form_def_field(d, "n")), "每人每年380.50元");
    form_catalog_free(cat);
    /* none: the texts as written, level 1 */
    cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(cat, make(FEE_PARAMS, FEE_FIELDS("写人数"),
                                               P_ALL("\"idno\",\"n\""), NULL),
                                     "q.json", err, sizeof err) == 0);
    CHECK_EQ_STR(form_def_description(form_catalog_at(cat, 0)), "测试表单");
    CHECK_EQ_STR(form_field_help(form_def_field(form_catalog_at(cat, 0), "n")), "写人数");
    CHECK_EQ_INT(form_def_level(form_catalog_at(cat, 0)), 1);
    form_catalog_free(cat);
    CHECK(rejects(make(FEE_PARAMS, FEE_FIELDS("每人{ghost}元"), P_ALL("\"idno\",\"n\""), NULL),
                  "'n'", "help refers to unknown parameter {ghost}", NULL));
    CHECK(rejects(described(make(FEE_PARAMS, FEE_FIELDS("写人数"), P_ALL("\"idno\",\"n\""), NULL),
                            "年满{age0周岁"),
                  "description has an unclosed or empty {placeholder}", NULL, NULL));
    CHECK(rejects(described(make(NULL, FEE_FIELDS("写人数"), P_ALL("\"idno\",\"n\""), NULL),
                            "年满{}周岁"),
                  "description has an unclosed or empty {placeholder}", NULL, NULL));
}

/* ---- a household's contribution ("household_fee", level 7) ---- */

#define HF_PARAMS                                                                               \
    "{\"fee\":{\"type\":\"money\",\"label\":\"标准\",\"default\":40000,\"min\":0},"               \
    "\"age0\":{\"type\":\"integer\",\"label\":\"年龄\",\"default\":60}}"
#define HF_CATS "[{\"value\":\"gen\",\"label\":\"普通居民\"},{\"value\":\"db\",\"label\":\"低保对象\"}," \
                "{\"value\":\"tk\",\"label\":\"特困人员\"}]"
/* head's category, the members with theirs, and the field that adds up (attr) */
#define HF_FIELDS(attr)                                                                         \
    "[{\"key\":\"head\",\"type\":\"choice\",\"label\":\"户主类别\",\"options\":" HF_CATS "},"     \
    "{\"key\":\"members\",\"type\":\"group\",\"label\":\"家人\",\"required\":false,\"fields\":["  \
    "{\"key\":\"m_name\",\"type\":\"name\",\"label\":\"姓名\"},"                                   \
    "{\"key\":\"m_cat\",\"type\":\"choice\",\"label\":\"类别\",\"options\":" HF_CATS "}]},"        \
    "{\"key\":\"year\",\"type\":\"choice\",\"label\":\"年度\",\"options\":[\"2027\"]" attr "}]"
#define HF_PAGES_NOHEAD "[{\"title\":\"一\",\"fields\":[\"members\"]},{\"title\":\"二\",\"fields\":[\"year\"]}]"
#define HF_PAGES "[{\"title\":\"一\",\"fields\":[\"head\",\"members\"]},{\"title\":\"二\",\"fields\":[\"year\"]}]"
#define HF_OK "\"group\":\"members\",\"head\":\"head\",\"by\":\"m_cat\",\"pays\":[\"gen\"],\"each\":\"fee\""

/* Refused with the field ('year') and the needles named. */
#define HF_REJECTS(attr, n1, n2)                                                                \
    rejects(make(HF_PARAMS, HF_FIELDS(",\"household_fee\":" attr), HF_PAGES, NULL), "'year'", n1, n2)

/* What a malformed "household_fee" is refused for, naming the field. */
static void test_household_fee_refused(void)
{
    CHECK(HF_REJECTS("[\"members\"]", "must be an object", NULL));
    CHECK(HF_REJECTS("{" HF_OK ",\"per\":\"year\"}", "unknown attribute 'per'", NULL));
    CHECK(HF_REJECTS("{\"head\":\"head\",\"by\":\"m_cat\",\"pays\":[\"gen\"],\"each\":\"fee\"}",
                     "needs \"group\"", NULL));
    CHECK(HF_REJECTS("{\"group\":\"memberz\",\"by\":\"m_cat\",\"pays\":[\"gen\"],\"each\":\"fee\"}",
                     "'memberz' is not a group", NULL));
    CHECK(HF_REJECTS("{\"group\":\"head\",\"by\":\"m_cat\",\"pays\":[\"gen\"],\"each\":\"fee\"}",
                     "'head' is not a group", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"head\",\"pays\":[\"gen\"],\"each\":\"fee\"}",
                     "'head' is not a field of group 'members'", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"m_name\",\"pays\":[\"gen\"],\"each\":\"fee\"}",
                     "'m_name' must be a choice", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"head\":\"m_cat\",\"by\":\"m_cat\",\"pays\":[\"gen\"],"
                     "\"each\":\"fee\"}",
                     "'head' 'm_cat' must be a top-level choice", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"head\":7,\"by\":\"m_cat\",\"pays\":[\"gen\"],"
                     "\"each\":\"fee\"}",
                     "'head' must name a field", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[\"gen\"],\"each\":\"age0\"}",
                     "'age0' is not a money parameter", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[\"gen\"],\"each\":\"fees\"}",
                     "'fees' is not a money parameter", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[],\"each\":\"fee\"}",
                     "'pays' must be a non-empty list", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":\"gen\",\"each\":\"fee\"}",
                     "'pays' must be a non-empty list", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[\"gen\",1],\"each\":\"fee\"}",
                     "'pays' must be a list of option values", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[\"general\"],\"each\":\"fee\"}",
                     "'general' in 'pays' is not an option of 'm_cat'", NULL));
    CHECK(HF_REJECTS("{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[\"gen\",\"gen\"],"
                     "\"each\":\"fee\"}",
                     "'gen' is twice in 'pays'", NULL));
    /* the head's options must have what pays too */
    CHECK(rejects(make(HF_PARAMS,
                       "[{\"key\":\"head\",\"type\":\"choice\",\"label\":\"户主类别\",\"options\":[\"甲\"]},"
                       "{\"key\":\"members\",\"type\":\"group\",\"label\":\"家人\",\"fields\":["
                       "{\"key\":\"m_cat\",\"type\":\"choice\",\"label\":\"类别\",\"options\":" HF_CATS
                       "}]},{\"key\":\"year\",\"type\":\"choice\",\"label\":\"年度\",\"options\":[\"2027\"],"
                       "\"household_fee\":{" HF_OK "}}]",
                       HF_PAGES, NULL),
                  "'gen' in 'pays' is not an option of 'head'", NULL, NULL));
    /* the persons counted are asked before (or on) its page */
    CHECK(rejects(make(HF_PARAMS, HF_FIELDS(",\"household_fee\":{" HF_OK "}"),
                       "[{\"title\":\"一\",\"fields\":[\"head\",\"year\"]},"
                       "{\"title\":\"二\",\"fields\":[\"members\"]}]",
                       NULL),
                  "'year'", "asked on a later page", NULL));
    /* not on a member's field, nor on the group */
    CHECK(rejects(make(HF_PARAMS,
                       "[{\"key\":\"members\",\"type\":\"group\",\"label\":\"家人\",\"fields\":["
                       "{\"key\":\"m_cat\",\"type\":\"choice\",\"label\":\"类别\",\"options\":" HF_CATS
                       ",\"household_fee\":{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[\"gen\"],"
                       "\"each\":\"fee\"}}]}]",
                       P_ALL("\"members\""), NULL),
                  "'m_cat'", "top-level field that is not a group", NULL));
    CHECK(rejects(make(HF_PARAMS,
                       "[{\"key\":\"members\",\"type\":\"group\",\"label\":\"家人\","
                       "\"household_fee\":{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[\"gen\"],"
                       "\"each\":\"fee\"},\"fields\":["
                       "{\"key\":\"m_cat\",\"type\":\"choice\",\"label\":\"类别\",\"options\":" HF_CATS
                       "}]}]",
                       P_ALL("\"members\""), NULL),
                  "'members'", "top-level field that is not a group", NULL));
    /* a fee no county setting keeps at 0 or more */
    CHECK(rejects(make("{\"fee\":{\"type\":\"money\",\"label\":\"标准\",\"default\":40000}}",
                       HF_FIELDS(",\"household_fee\":{" HF_OK "}"), HF_PAGES, NULL),
                  "'year'", "'each' 'fee' needs a 'min' of 0 or more", NULL));
    CHECK(rejects(make("{\"fee\":{\"type\":\"money\",\"label\":\"标准\",\"default\":40000,"
                       "\"min\":-100}}",
                       HF_FIELDS(",\"household_fee\":{" HF_OK "}"), HF_PAGES, NULL),
                  "'year'", "needs a 'min' of 0 or more", NULL));
    /* a head beside a household that includes her already: counted twice */
    CHECK(rejects(make(HF_PARAMS,
                       "[{\"key\":\"idno\",\"type\":\"idno\",\"label\":\"身份号码\"},"
                       "{\"key\":\"head\",\"type\":\"choice\",\"label\":\"户主类别\",\"options\":" HF_CATS "},"
                       "{\"key\":\"members\",\"type\":\"group\",\"label\":\"家人\",\"includes\":\"idno\","
                       "\"fields\":[{\"key\":\"m_idno\",\"type\":\"idno\",\"label\":\"身份号码\"},"
                       "{\"key\":\"m_cat\",\"type\":\"choice\",\"label\":\"类别\",\"options\":" HF_CATS "}]},"
                       "{\"key\":\"year\",\"type\":\"choice\",\"label\":\"年度\",\"options\":[\"2027\"],"
                       "\"household_fee\":{" HF_OK "}}]",
                       "[{\"title\":\"一\",\"fields\":[\"idno\",\"head\",\"members\"]},"
                       "{\"title\":\"二\",\"fields\":[\"year\"]}]",
                       NULL),
                  "'year'", "counts her twice", NULL));
    /* a category from a county's list: its values cannot be checked */
    CHECK(rejects(make("{\"fee\":{\"type\":\"money\",\"label\":\"标准\",\"default\":40000},"
                       "\"cats\":{\"type\":\"options\",\"label\":\"类别\",\"default\":" HF_CATS "}}",
                       "[{\"key\":\"members\",\"type\":\"group\",\"label\":\"家人\",\"fields\":["
                       "{\"key\":\"m_cat\",\"type\":\"choice\",\"label\":\"类别\",\"options_param\":\"cats\"}]},"
                       "{\"key\":\"year\",\"type\":\"choice\",\"label\":\"年度\",\"options\":[\"2027\"],"
                       "\"household_fee\":{\"group\":\"members\",\"by\":\"m_cat\",\"pays\":[\"gen\"],"
                       "\"each\":\"fee\"}}]",
                       HF_PAGES_NOHEAD, NULL),
                  "'m_cat' must be a choice with its own 'options'", NULL, NULL));
}

/* A well-formed one: level 7; the sentence from the answers (the head and
 * each member, a hidden group counts nobody), the county's amount, the
 * review's row after the field; never in the payload. */
static void test_household_fee(void)
{
    char err[512] = "", line[1024];
    form_catalog *cat = form_catalog_new();
    REQUIRE(cat != NULL);
    REQUIRE(form_catalog_load_string(cat,
                                     make(HF_PARAMS, HF_FIELDS(",\"household_fee\":{" HF_OK "}"),
                                          HF_PAGES, NULL),
                                     "f.json", err, sizeof err) == 0);
    const form_def *d = form_catalog_at(cat, 0);
    CHECK_EQ_INT(form_def_level(d), 7);
    CHECK_EQ_INT(form_catalog_level(cat), 7);
    CHECK(FORM_LEVEL >= 7);
    form_inst *in = form_inst_new(d, (valid_date){2026, 12, 1});
    REQUIRE(in != NULL);
    CHECK_EQ_INT((int)form_inst_fee(in, "year", line, sizeof line), 0); /* nobody counted yet */
    CHECK_EQ_STR(line, "");
    CHECK_EQ_INT((int)form_inst_fee(in, "head", line, sizeof line), 0); /* no such attribute */
    CHECK_EQ_INT((int)form_inst_fee(in, "nokey", line, sizeof line), 0);
    REQUIRE(form_inst_set(in, "head", "gen", err, sizeof err) == FORM_OK);
    form_inst_fee(in, "year", line, sizeof line);
    CHECK_EQ_STR(line, "全家共1人参保，每人每年400元，一共要交400元。");
    static const char *const cats[] = {"gen", "tk", "db", "tk", NULL};
    for (int i = 0; cats[i]; i++) {
        REQUIRE(form_inst_member_add(in, "members", err, sizeof err) == i);
        REQUIRE(form_inst_member_set(in, "members", i, "m_cat", cats[i], err, sizeof err) == FORM_OK);
    }
    REQUIRE(form_inst_member_add(in, "members", err, sizeof err) == 4); /* no category yet */
    form_inst_fee(in, "year", line, sizeof line);
    CHECK_EQ_STR(line, "全家共5人参保，其中2人每人每年400元，共800元；另外3人是特困人员、低保对象，"
                       "有政府资助，交多少以缴费通知为准。");
    REQUIRE(form_inst_set(in, "head", "db", err, sizeof err) == FORM_OK);
    REQUIRE(form_inst_member_remove(in, "members", 0) == FORM_OK);
    REQUIRE(form_inst_member_remove(in, "members", 3) == FORM_OK);
    form_inst_fee(in, "year", line, sizeof line);
    CHECK_EQ_STR(line, "全家共4人参保，是低保对象、特困人员，有政府资助，交多少以缴费通知为准。");
    /* the county's amount */
    REQUIRE(form_inst_member_set(in, "members", 1, "m_cat", "gen", err, sizeof err) == FORM_OK);
    CHECK_EQ_INT(form_catalog_settings_string(cat, "{\"forms\":{\"t\":{\"fee\":38050}}}", "c.json",
                                              err, sizeof err),
                 0);
    form_inst_fee(in, "year", line, sizeof line);
    CHECK_EQ_STR(line, "全家共4人参保，其中1人每人每年380.50元，共380.50元；另外3人是低保对象、"
                       "特困人员，有政府资助，交多少以缴费通知为准。");
    /* review: the row after 年度; the payload has no figure */
    REQUIRE(form_inst_set(in, "year", "2027", err, sizeof err) == FORM_OK);
    form_review_item *items;
    size_t n;
    REQUIRE(form_inst_review(in, &items, &n) == FORM_OK);
    REQUIRE(n >= 2);
    CHECK_EQ_STR(items[n - 2].label, "年度");
    CHECK_EQ_STR(items[n - 1].label, core_str("form.fee.label"));
    CHECK_EQ_STR(items[n - 1].display, line);
    CHECK_EQ_INT((int)items[n - 1].page, 1);
    form_review_free(items, n);
    for (int i = 0; i < 3; i++)
        REQUIRE(form_inst_member_set(in, "members", i, "m_name", "张三", err, sizeof err) == FORM_OK);
    REQUIRE(form_inst_goto_review(in, err, sizeof err) == FORM_OK);
    REQUIRE(form_inst_confirm(in, err, sizeof err) == FORM_OK);
    char *payload = form_inst_payload(in, err, sizeof err);
    REQUIRE(payload != NULL);
    CHECK(strstr(payload, "参保") == NULL && strstr(payload, "household") == NULL &&
          strstr(payload, "38050") == NULL);
    free(payload);
    form_inst_free(in);
    form_catalog_free(cat);
}

int main(void)
{
    td_strings();
    RUN(test_base_form_loads);
    RUN(test_bad_json);
    RUN(test_bad_header);
    RUN(test_bad_fields);
    RUN(test_bad_visibility);
    RUN(test_bad_groups);
    RUN(test_bad_pages);
    RUN(test_bad_compute);
    RUN(test_bad_rules);
    RUN(test_bad_lengths_and_comparisons);
    RUN(test_bad_params);
    RUN(test_dir_keeps_good_forms);
    RUN(test_home_catalogue);
    RUN(test_kind);
    RUN(test_accessors);
    RUN(test_idcard_map);
    RUN(test_member_card_map);
    RUN(test_same_person);
    RUN(test_household_self);
    RUN(test_self_answer);
    RUN(test_levels);
    RUN(test_same_as);
    RUN(test_count_where);
    RUN(test_text_params);
    RUN(test_this_year);
    RUN(test_compute_agent);
    RUN(test_household_fee_refused);
    RUN(test_household_fee);
    RUN(test_shipped_forms_load);
    return check_summary();
}
