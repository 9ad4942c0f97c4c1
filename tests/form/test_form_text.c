/* test_form_text.c — every text the form engine can show a villager is in
 * assets/text/zh-CN.txt with the printf conversions its code passes
 * arguments for (form_text.h, validate.h's keys, and the form screens'
 * texts with conversions), so that a bad edit of the asset fails here and
 * not on a villager's screen. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "core/strings.h"
#include "form/form_text.h"
#include "form/validate.h"
#include "testdata.h"

/* The key exists (core_str() found it) and its text has exactly the
 * conversions conv ("%s%d": fx_conversions() without its separators). */
static int key_ok(const char *key, const char *conv)
{
    int before = core_strings_missing();
    const char *text = core_str(key);
    if (core_strings_missing() != before) {
        printf("  %s: not in assets/text/zh-CN.txt\n", key);
        return 0;
    }
    char list[64], got[64];
    fx_conversions(text, list, sizeof list);
    size_t o = 0;
    for (const char *p = list; *p && o + 1 < sizeof got; p++)
        if (*p != '|')
            got[o++] = *p;
    got[o] = '\0';
    if (strcmp(got, conv)) {
        printf("  %s = %s: conversions \"%s\", the code passes \"%s\"\n", key, text, got, conv);
        return 0;
    }
    return 1;
}

static void test_engine_texts(void)
{
    int ok = 1;
    for (int i = 0; i < FORM_TEXT_COUNT; i++) {
        REQUIRE(form_texts[i].key != NULL && form_texts[i].conv != NULL);
        if (!key_ok(form_texts[i].key, form_texts[i].conv))
            ok = 0;
    }
    REQUIRE(ok); /* formatting a text with the wrong conversions could crash */
    char buf[256];
    form_text_put(buf, sizeof buf, FORM_TEXT_TOO_SHORT, "申请理由", 5);
    CHECK_EQ_STR(buf, "申请理由至少要填5个字，请填写完整");
}

static void test_valid_texts(void)
{
    for (int c = VALID_ERR_LAST; c < 0; c++)
        CHECK(key_ok(valid_error_key(c), ""));
    CHECK(key_ok(valid_error_key(VALID_OK), ""));
}

/* The form screens (app/ui/screens/form) format these with arguments. */
static void test_screen_texts(void)
{
    static const char *const keys[][2] = {
        {"form.member_title", "%s%d"}, {"form.member_add", "%s"},
        {"form.save_failed", "%s"},    {"form.err_body", "%s"},
        {"form.unit_tag", "%s"},     {"form.review_row", "%s%s"},
        {"form.summary_sep", ""},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        CHECK(key_ok(keys[i][0], keys[i][1]));
}

/* The keyboard (app/ui/kb) formats these with arguments. */
static void test_keyboard_texts(void)
{
    static const char *const keys[][2] = {
        {"kb.full", "%d"},
        {"kb.letter_unspelt", "%s"},
        {"kb.letter_unspelt_alone", "%s"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        CHECK(key_ok(keys[i][0], keys[i][1]));
}

int main(void)
{
    td_strings();
    RUN(test_engine_texts);
    RUN(test_valid_texts);
    RUN(test_screen_texts);
    RUN(test_keyboard_texts);
    return check_summary();
}
