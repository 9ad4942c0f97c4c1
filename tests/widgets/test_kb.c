/* test_kb.c — the numeric, money, ID-number and letters-and-digits pads by taps on their keys. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ui/screens/gallery/demo_gallery.h"
#include "ui/core/script.h"
#include "uitest.h"

static kb *open_kb(uitest_app *u, const char *page)
{
    char err[256], s[64];
    snprintf(s, sizeof s, "demo %s\n", page);
    if (uitest_open(u, 1080, 1920) != 0 || ui_script_run(u->app, s, "s", NULL, err, sizeof err))
        return NULL;
    return ui_demo_kb(ui_app_top(u->app));
}

/* Taps the keys named in keys (one character each; '<' backspace, '!' clear). */
static void type(uitest_app *u, const char *keys)
{
    for (const char *p = keys; *p; p++) {
        char s[64], err[256];
        const char *name = *p == '<' ? "bs" : *p == '!' ? "clear" : *p == '.' ? "dot" : NULL;
        char one[2] = {*p == 'X' ? 'x' : *p, 0};
        snprintf(s, sizeof s, "tap @kb.k.%s\n", name ? name : one);
        if (ui_script_run(u->app, s, "s", NULL, err, sizeof err) != 0) {
            printf("  %s\n", err);
            CHECK(0);
        }
    }
}

static void test_digits(void)
{
    uitest_app u;
    kb *k = open_kb(&u, "kb-digits");
    REQUIRE(k != NULL);
    type(&u, "13812345678");
    CHECK_EQ_STR(kb_text(k), "13812345678");
    type(&u, "9"); /* 11 digits is the most */
    CHECK_EQ_STR(kb_text(k), "13812345678");
    type(&u, "<<");
    CHECK_EQ_STR(kb_text(k), "138123456");
    type(&u, "!");
    CHECK_EQ_STR(kb_text(k), "");
    type(&u, "<"); /* backspace on nothing is harmless */
    CHECK_EQ_STR(kb_text(k), "");
    uitest_close(&u);
}

static void test_money(void)
{
    uitest_app u;
    kb *k = open_kb(&u, "kb-money");
    REQUIRE(k != NULL);
    type(&u, "0");
    type(&u, "0"); /* no leading zeros */
    CHECK_EQ_STR(kb_text(k), "0");
    type(&u, "5");
    CHECK_EQ_STR(kb_text(k), "5");
    type(&u, "00.");
    type(&u, "."); /* one decimal point */
    type(&u, "509"); /* two decimals (fen) at most */
    CHECK_EQ_STR(kb_text(k), "500.50");
    type(&u, "!.");
    CHECK_EQ_STR(kb_text(k), "0."); /* a leading point gets its zero */
    type(&u, "<<");
    CHECK_EQ_STR(kb_text(k), "");
    uitest_close(&u);
}

static void test_idcard(void)
{
    uitest_app u;
    kb *k = open_kb(&u, "kb-id");
    REQUIRE(k != NULL);
    type(&u, "X"); /* X is only ever the 18th character */
    CHECK_EQ_STR(kb_text(k), "");
    type(&u, "11010519491231002");
    type(&u, "X");
    CHECK_EQ_STR(kb_text(k), "11010519491231002X");
    type(&u, "1"); /* 18 at most */
    CHECK_EQ_STR(kb_text(k), "11010519491231002X");
    type(&u, "<");
    type(&u, "5");
    CHECK_EQ_STR(kb_text(k), "110105194912310025");
    uitest_close(&u);
}

/* Receipt and certificate numbers: digits, A-Z and '-', letters upper-case. */
static void test_alnum(void)
{
    uitest_app u;
    kb *k = open_kb(&u, "kb-alnum");
    REQUIRE(k != NULL);
    char err[256] = "";
    for (const char *p = "CZ2026-17X"; *p; p++) {
        char s[32];
        snprintf(s, sizeof s, "tap @kb.k.%c\n", *p);
        if (ui_script_run(u.app, s, "s", NULL, err, sizeof err) != 0) {
            printf("  %s\n", err);
            CHECK(0);
        }
    }
    CHECK_EQ_STR(kb_text(k), "CZ2026-17X");
    /* a physical keyboard or scanner: lower case is raised, the rest dropped */
    REQUIRE(ui_script_run(u.app, "text ab!c 9\n", "s", NULL, err, sizeof err) == 0);
    CHECK_EQ_STR(kb_text(k), "CZ2026-17XABC9");
    type(&u, "<<");
    CHECK_EQ_STR(kb_text(k), "CZ2026-17XAB");
    for (int i = 0; i < 40; i++)
        type(&u, "7"); /* 40 characters at most */
    CHECK_EQ_INT((int)strlen(kb_text(k)), 40);
    type(&u, "!");
    CHECK_EQ_STR(kb_text(k), "");
    /* every key is there and big enough for a finger */
    for (const char *p = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"; *p; p++) {
        char s[32];
        snprintf(s, sizeof s, "expect-target @kb.k.%c\n", *p);
        CHECK(ui_script_run(u.app, s, "s", NULL, err, sizeof err) == 0);
    }
    uitest_close(&u);
}

static void test_api(void)
{
    kb *k = kb_new("t", KB_MONEY);
    REQUIRE(k != NULL);
    kb_set_text(k, "\xff\xfe"); /* not UTF-8: refused */
    CHECK_EQ_STR(kb_text(k), "");
    kb_set_text(k, "12.5");
    CHECK_EQ_STR(kb_text(k), "12.5");
    CHECK_EQ_INT(kb_take_changed(k), 1);
    CHECK_EQ_INT(kb_take_changed(k), 0);
    kb_set_kind(k, KB_PINYIN);
    CHECK_EQ_INT(kb_get_kind(k), KB_PINYIN);
    CHECK_EQ_STR(kb_text(k), "12.5");
    kb_clear(k);
    CHECK_EQ_STR(kb_text(k), "");
    CHECK_EQ_STR(kb_composing(k), "");
    CHECK_EQ_INT(kb_cand_count(k), 0);
    CHECK(kb_cand(k, 0) == NULL);
    kb_free(k);
}

int main(void)
{
    RUN(test_digits);
    RUN(test_money);
    RUN(test_idcard);
    RUN(test_alnum);
    RUN(test_api);
    return check_summary();
}
