/* test_validate.c — the answer checks of validate.h, case by case. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "testdata.h"
#include "form/validate.h"

static const valid_date today = {2026, 11, 22};

static void test_idno_standard_examples(void)
{
    /* The examples printed in GB 11643-1999 itself. */
    valid_idinfo info;
    CHECK_EQ_INT(valid_idno("11010519491231002X", today, &info), VALID_OK);
    CHECK_EQ_STR(info.normalized, "11010519491231002X");
    CHECK_EQ_STR(info.area, "110105");
    CHECK_EQ_INT(info.birth.year, 1949);
    CHECK_EQ_INT(info.birth.month, 12);
    CHECK_EQ_INT(info.birth.day, 31);
    CHECK_EQ_INT(info.sex, 2);
    CHECK_EQ_INT(valid_idno("440524188001010014", today, &info), VALID_OK);
    CHECK_EQ_INT(info.sex, 1);
    CHECK_EQ_INT(info.birth.year, 1880);
    /* lowercase x accepted and normalised */
    CHECK_EQ_INT(valid_idno("11010519491231002x", today, &info), VALID_OK);
    CHECK_EQ_STR(info.normalized, "11010519491231002X");
    CHECK_EQ_INT(valid_idno_check_char("11010519491231002"), 'X');
    CHECK_EQ_INT(valid_idno_check_char("44052418800101001"), '4');
}

static void test_idno_every_check_value(void)
{
    /* Vary the sequence so that every check character 0..9, X occurs; each
     * number passes, and every other check character fails with EID_CHECK. */
    int seen[11] = {0};
    for (int s = 0; s < 200; s++) {
        char seq[12], id[19];
        snprintf(seq, sizeof seq, "%03d", s);
        td_idno(id, "420502", "19650315", seq);
        int k = id[17] == 'X' ? 10 : id[17] - '0';
        seen[k] = 1;
        valid_idinfo info;
        CHECK_EQ_INT(valid_idno(id, today, &info), VALID_OK);
        CHECK_EQ_INT(info.sex, s % 2 ? 1 : 2);
        const char *alts = "0123456789X";
        for (const char *a = alts; *a; a++) {
            if (*a == id[17])
                continue;
            id[17] = *a;
            CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_ERR_ID_CHECK);
            td_idno(id, "420502", "19650315", seq);
        }
    }
    for (int k = 0; k < 11; k++)
        CHECK(seen[k]);
}

static void test_idno_single_digit_errors_caught(void)
{
    /* MOD 11-2 catches every single-digit substitution in the first 17. */
    char id[19];
    td_idno(id, "510104", "19880229", "123");
    CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_OK);
    int caught = 0, tried = 0;
    for (int pos = 14; pos < 17; pos++)
        for (char c = '0'; c <= '9'; c++) {
            char t[19];
            memcpy(t, id, 19);
            if (t[pos] == c)
                continue;
            t[pos] = c;
            tried++;
            caught += valid_idno(t, today, NULL) == VALID_ERR_ID_CHECK;
        }
    CHECK_EQ_INT(caught, tried);
}

static void test_idno_malformed(void)
{
    char id[19];
    CHECK_EQ_INT(valid_idno("", today, NULL), VALID_ERR_EMPTY);
    CHECK_EQ_INT(valid_idno(NULL, today, NULL), VALID_ERR_EMPTY);
    CHECK_EQ_INT(valid_idno("11010519491231002", today, NULL), VALID_ERR_ID_LEN);
    CHECK_EQ_INT(valid_idno("11010519491231002X1", today, NULL), VALID_ERR_ID_LEN);
    CHECK_EQ_INT(valid_idno("110105194912310", today, NULL), VALID_ERR_ID_LEN); /* old 15-digit */
    CHECK_EQ_INT(valid_idno("1101051949123100 X", today, NULL), VALID_ERR_ID_CHARS);
    CHECK_EQ_INT(valid_idno("11010519491231002Y", today, NULL), VALID_ERR_ID_CHARS);
    CHECK_EQ_INT(valid_idno("X10105194912310021", today, NULL), VALID_ERR_ID_CHARS);
    CHECK_EQ_INT(valid_idno("１１0105194912310021", today, NULL), VALID_ERR_ID_LEN); /* full-width */
    /* province codes: 00, 10, 99, 90 do not exist */
    const char *bad_areas[] = {"000000", "100101", "990101", "900101", "200101", "720101"};
    for (size_t i = 0; i < sizeof bad_areas / sizeof *bad_areas; i++) {
        td_idno(id, bad_areas[i], "19700101", "011");
        CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_ERR_ID_AREA);
    }
    const char *good_areas[] = {"110101", "650102", "540102", "460105", "710000", "810000",
                                "820000", "830000"};
    for (size_t i = 0; i < sizeof good_areas / sizeof *good_areas; i++) {
        td_idno(id, good_areas[i], "19700101", "011");
        CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_OK);
    }
    /* birth dates that do not exist */
    const char *bad_births[] = {"19700230", "19000229", "19701301", "19700001", "19700100",
                                "19700431", "17991231"};
    for (size_t i = 0; i < sizeof bad_births / sizeof *bad_births; i++) {
        td_idno(id, "420502", bad_births[i], "011");
        CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_ERR_ID_BIRTH);
    }
    td_idno(id, "420502", "20000229", "011"); /* 2000 is a leap year */
    CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_OK);
    /* born today is fine, tomorrow is not */
    td_idno(id, "420502", "20261122", "011");
    CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_OK);
    td_idno(id, "420502", "20261123", "011");
    CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_ERR_ID_FUTURE);
    td_idno(id, "420502", "20270101", "011");
    CHECK_EQ_INT(valid_idno(id, today, NULL), VALID_ERR_ID_FUTURE);
}

static void test_age(void)
{
    valid_date b = {1946, 11, 22};
    CHECK_EQ_INT(valid_age_at(b, today), 80);
    b.day = 23;
    CHECK_EQ_INT(valid_age_at(b, today), 79);
    valid_date leap = {2008, 2, 29};
    CHECK_EQ_INT(valid_age_at(leap, (valid_date){2026, 2, 28}), 17);
    CHECK_EQ_INT(valid_age_at(leap, (valid_date){2026, 3, 1}), 18);
    CHECK_EQ_INT(valid_age_at(leap, (valid_date){2028, 2, 29}), 20);
    CHECK_EQ_INT(valid_age_at(today, today), 0);
    CHECK_EQ_INT(valid_age_at((valid_date){2027, 1, 1}, today), -1);
}

static void test_mobile(void)
{
    const char *good[] = {"13800138000", "19912345678", "14700000000", "15000000000",
                          "16612345678", "17012345678", "18612345678"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        CHECK_EQ_INT(valid_mobile(good[i]), VALID_OK);
    CHECK_EQ_INT(valid_mobile(""), VALID_ERR_EMPTY);
    CHECK_EQ_INT(valid_mobile("1380013800"), VALID_ERR_MOBILE_LEN);
    CHECK_EQ_INT(valid_mobile("138001380001"), VALID_ERR_MOBILE_LEN);
    CHECK_EQ_INT(valid_mobile("12800138000"), VALID_ERR_MOBILE_PREFIX);
    CHECK_EQ_INT(valid_mobile("10800138000"), VALID_ERR_MOBILE_PREFIX);
    CHECK_EQ_INT(valid_mobile("23800138000"), VALID_ERR_MOBILE_PREFIX);
    CHECK_EQ_INT(valid_mobile("138-0013-8000"), VALID_ERR_MOBILE_CHARS);
    CHECK_EQ_INT(valid_mobile("+8613800138000"), VALID_ERR_MOBILE_CHARS);
    CHECK_EQ_INT(valid_mobile("1380013800a"), VALID_ERR_MOBILE_CHARS);
}

static void test_dates(void)
{
    valid_date d;
    CHECK_EQ_INT(valid_date_parse("2024-02-29", &d), VALID_OK);
    CHECK_EQ_INT(d.year * 10000 + d.month * 100 + d.day, 20240229);
    CHECK_EQ_INT(valid_date_parse("2023-02-29", &d), VALID_ERR_DATE_REAL);
    CHECK_EQ_INT(valid_date_parse("2100-02-29", &d), VALID_ERR_DATE_REAL);
    CHECK_EQ_INT(valid_date_parse("2000-02-29", &d), VALID_OK);
    CHECK_EQ_INT(valid_date_parse("2024-04-31", &d), VALID_ERR_DATE_REAL);
    CHECK_EQ_INT(valid_date_parse("2024-13-01", &d), VALID_ERR_DATE_REAL);
    CHECK_EQ_INT(valid_date_parse("2024-00-10", &d), VALID_ERR_DATE_REAL);
    CHECK_EQ_INT(valid_date_parse("0000-01-01", &d), VALID_ERR_DATE_REAL);
    const char *malformed[] = {"2024-2-29", "2024/02/29", "20240229", "2024-02-29T00:00",
                               " 2024-02-29", "2024-02-2a", "二〇二四-02-29", "-024-02-29"};
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++)
        CHECK_EQ_INT(valid_date_parse(malformed[i], &d), VALID_ERR_DATE_FORMAT);
    CHECK_EQ_INT(valid_date_parse("", &d), VALID_ERR_EMPTY);
    valid_date lo = {2026, 1, 1}, hi = {2026, 12, 31};
    CHECK_EQ_INT(valid_date_range("2026-01-01", &lo, &hi, &d), VALID_OK);
    CHECK_EQ_INT(valid_date_range("2026-12-31", &lo, &hi, &d), VALID_OK);
    CHECK_EQ_INT(valid_date_range("2025-12-31", &lo, &hi, &d), VALID_ERR_DATE_EARLY);
    CHECK_EQ_INT(valid_date_range("2027-01-01", &lo, &hi, &d), VALID_ERR_DATE_LATE);
    CHECK_EQ_INT(valid_date_range("1900-01-01", NULL, &hi, &d), VALID_OK);
    char buf[11];
    valid_date_format((valid_date){987, 3, 4}, buf, sizeof buf);
    CHECK_EQ_STR(buf, "0987-03-04");
    CHECK(valid_date_cmp(lo, hi) < 0 && valid_date_cmp(hi, lo) > 0 && valid_date_cmp(lo, lo) == 0);
}

static void test_money(void)
{
    long long f = -1;
    CHECK_EQ_INT(valid_money_parse("12.50", 0, 100000, &f), VALID_OK);
    CHECK_EQ_INT(f, 1250);
    CHECK_EQ_INT(valid_money_parse("12.5", 0, 100000, &f), VALID_OK);
    CHECK_EQ_INT(f, 1250);
    CHECK_EQ_INT(valid_money_parse("12", 0, 100000, &f), VALID_OK);
    CHECK_EQ_INT(f, 1200);
    CHECK_EQ_INT(valid_money_parse("0.05", 0, 100000, &f), VALID_OK);
    CHECK_EQ_INT(f, 5);
    CHECK_EQ_INT(valid_money_parse("0", 0, 100000, &f), VALID_OK);
    CHECK_EQ_INT(f, 0);
    CHECK_EQ_INT(valid_money_parse("007.10", 0, 100000, &f), VALID_OK);
    CHECK_EQ_INT(f, 710);
    CHECK_EQ_INT(valid_money_parse("9999999999999.99", 0, 999999999999999LL, &f), VALID_OK);
    CHECK_EQ_INT(f, 999999999999999LL);
    CHECK_EQ_INT(valid_money_parse("-1", 0, 100000, &f), VALID_ERR_MONEY_NEG);
    CHECK_EQ_INT(valid_money_parse("-0.5", 0, 100000, &f), VALID_ERR_MONEY_NEG);
    CHECK_EQ_INT(valid_money_parse("1.234", 0, 100000, &f), VALID_ERR_MONEY_DECIMALS);
    CHECK_EQ_INT(valid_money_parse("1000.01", 0, 100000, &f), VALID_ERR_MONEY_HIGH);
    CHECK_EQ_INT(valid_money_parse("1000.00", 0, 100000, &f), VALID_OK);
    CHECK_EQ_INT(valid_money_parse("0.99", 100, 100000, &f), VALID_ERR_MONEY_LOW);
    CHECK_EQ_INT(valid_money_parse("99999999999999", 0, 999999999999999LL, &f), VALID_ERR_MONEY_HIGH);
    const char *malformed[] = {"12.", ".5", "1,000", "12元", "+5", "1e3", "12.5.0", " 12", "１２",
                               "-", "abc", "12 .50"};
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++)
        CHECK_EQ_INT(valid_money_parse(malformed[i], 0, 100000, &f), VALID_ERR_MONEY_FORMAT);
    CHECK_EQ_INT(valid_money_parse("", 0, 100000, &f), VALID_ERR_EMPTY);
    char buf[32];
    valid_money_format(1250, buf, sizeof buf);
    CHECK_EQ_STR(buf, "12.50");
    valid_money_format(5, buf, sizeof buf);
    CHECK_EQ_STR(buf, "0.05");
    valid_money_format(0, buf, sizeof buf);
    CHECK_EQ_STR(buf, "0.00");
}

static void test_integers(void)
{
    long long v;
    CHECK_EQ_INT(valid_int_parse("42", 0, 100, &v), VALID_OK);
    CHECK_EQ_INT(v, 42);
    CHECK_EQ_INT(valid_int_parse("-3", -5, 5, &v), VALID_OK);
    CHECK_EQ_INT(v, -3);
    CHECK_EQ_INT(valid_int_parse("101", 0, 100, &v), VALID_ERR_INT_HIGH);
    CHECK_EQ_INT(valid_int_parse("-1", 0, 100, &v), VALID_ERR_INT_LOW);
    CHECK_EQ_INT(valid_int_parse("1.5", 0, 100, &v), VALID_ERR_INT_FORMAT);
    CHECK_EQ_INT(valid_int_parse("1a", 0, 100, &v), VALID_ERR_INT_FORMAT);
    CHECK_EQ_INT(valid_int_parse("-", 0, 100, &v), VALID_ERR_INT_FORMAT);
    CHECK_EQ_INT(valid_int_parse("+1", 0, 100, &v), VALID_ERR_INT_FORMAT);
    CHECK_EQ_INT(valid_int_parse("", 0, 100, &v), VALID_ERR_EMPTY);
    CHECK_EQ_INT(valid_int_parse("9999999999999999999999", 0, 100, &v), VALID_ERR_INT_HIGH);
}

static void test_bank_cards(void)
{
    char card[20];
    for (int len = 16; len <= 19; len++) {
        td_card(card, "622848", len);
        CHECK_EQ_INT(valid_bankcard(card), VALID_OK);
        CHECK(valid_luhn(card));
        /* every single-digit change is caught by Luhn */
        for (int pos = 0; pos < len; pos++) {
            char t[20];
            memcpy(t, card, sizeof t);
            t[pos] = t[pos] == '9' ? '0' : (char)(t[pos] + 1);
            CHECK_EQ_INT(valid_bankcard(t), VALID_ERR_CARD_LUHN);
        }
    }
    CHECK_EQ_INT(valid_bankcard("4111111111111111"), VALID_OK); /* well-known test number */
    td_card(card, "6228", 15);
    CHECK_EQ_INT(valid_bankcard(card), VALID_ERR_CARD_LEN);
    CHECK_EQ_INT(valid_bankcard("41111111111111111111"), VALID_ERR_CARD_LEN);
    CHECK_EQ_INT(valid_bankcard("4111 1111 1111 1111"), VALID_ERR_CARD_CHARS);
    CHECK_EQ_INT(valid_bankcard("411111111111111a"), VALID_ERR_CARD_CHARS);
    CHECK_EQ_INT(valid_bankcard(""), VALID_ERR_EMPTY);
    CHECK(!valid_luhn(""));
}

static void test_sscard(void)
{
    char card[20];
    CHECK_EQ_INT(valid_sscard("A12345678"), VALID_OK);
    CHECK_EQ_INT(valid_sscard("123456789"), VALID_OK);
    CHECK_EQ_INT(valid_sscard("AB1234567"), VALID_OK);
    td_card(card, "621700", 19);
    CHECK_EQ_INT(valid_sscard(card), VALID_OK);
    card[5] = card[5] == '9' ? '0' : (char)(card[5] + 1);
    CHECK_EQ_INT(valid_sscard(card), VALID_ERR_SSCARD);
    CHECK_EQ_INT(valid_sscard("a12345678"), VALID_ERR_SSCARD);
    CHECK_EQ_INT(valid_sscard("A1234567"), VALID_ERR_SSCARD);
    CHECK_EQ_INT(valid_sscard("A123456789"), VALID_ERR_SSCARD);
    CHECK_EQ_INT(valid_sscard("A1234-678"), VALID_ERR_SSCARD);
    CHECK_EQ_INT(valid_sscard("A12345678901234567"), VALID_ERR_SSCARD);
    CHECK_EQ_INT(valid_sscard(""), VALID_ERR_EMPTY);
}

static void test_disability_cert(void)
{
    char id[19], cert[48];
    td_idno(id, "420502", "19700101", "013");
    int cat = 0, grade = 0;
    for (int c = 1; c <= 7; c++)
        for (int g = 1; g <= 4; g++) {
            snprintf(cert, sizeof cert, "%s%d%d", id, c, g);
            CHECK_EQ_INT(valid_disability_cert(cert, today, id, &cat, &grade), VALID_OK);
            CHECK_EQ_INT(cat, c);
            CHECK_EQ_INT(grade, g);
        }
    snprintf(cert, sizeof cert, "%s%d%d", id, 0, 1);
    CHECK_EQ_INT(valid_disability_cert(cert, today, NULL, NULL, NULL), VALID_ERR_DISAB_CATEGORY);
    snprintf(cert, sizeof cert, "%s%d%d", id, 8, 1);
    CHECK_EQ_INT(valid_disability_cert(cert, today, NULL, NULL, NULL), VALID_ERR_DISAB_CATEGORY);
    snprintf(cert, sizeof cert, "%s%d%d", id, 1, 0);
    CHECK_EQ_INT(valid_disability_cert(cert, today, NULL, NULL, NULL), VALID_ERR_DISAB_GRADE);
    snprintf(cert, sizeof cert, "%s%d%d", id, 1, 5);
    CHECK_EQ_INT(valid_disability_cert(cert, today, NULL, NULL, NULL), VALID_ERR_DISAB_GRADE);
    snprintf(cert, sizeof cert, "%s1", id);
    CHECK_EQ_INT(valid_disability_cert(cert, today, NULL, NULL, NULL), VALID_ERR_DISAB_LEN);
    snprintf(cert, sizeof cert, "%s123", id);
    CHECK_EQ_INT(valid_disability_cert(cert, today, NULL, NULL, NULL), VALID_ERR_DISAB_LEN);
    /* embedded ID number is checked too */
    char bad[19];
    td_idno_badcheck(bad, "420502", "19700101", "013");
    snprintf(cert, sizeof cert, "%s42", bad);
    CHECK_EQ_INT(valid_disability_cert(cert, today, NULL, NULL, NULL), VALID_ERR_ID_CHECK);
    /* another person's certificate */
    char other[19];
    td_idno(other, "420502", "19700101", "015");
    snprintf(cert, sizeof cert, "%s42", other);
    CHECK_EQ_INT(valid_disability_cert(cert, today, NULL, NULL, NULL), VALID_OK);
    CHECK_EQ_INT(valid_disability_cert(cert, today, id, NULL, NULL), VALID_ERR_DISAB_MISMATCH);
    /* x and X compare equal */
    CHECK_EQ_INT(valid_disability_cert("11010519491231002x42", today, "11010519491231002X",
                                       NULL, NULL), VALID_OK);
    CHECK_EQ_INT(valid_disability_cert("11010519491231002X42", today, "11010519491231002x",
                                       NULL, NULL), VALID_OK);
}

static void test_names(void)
{
    CHECK_EQ_INT(valid_name("王小明", 2, 30), VALID_OK);
    CHECK_EQ_INT(valid_name("买买提·艾力", 2, 30), VALID_OK);
    CHECK_EQ_INT(valid_name("阿依古丽·买买提·吐尔逊", 2, 30), VALID_OK);
    CHECK_EQ_INT(valid_name("李〇", 2, 30), VALID_OK);
    CHECK_EQ_INT(valid_name("王䶮", 2, 30), VALID_OK);        /* Ext A U+4DAE */
    CHECK_EQ_INT(valid_name("王\xF0\xA0\x80\x80", 2, 30), VALID_OK); /* Ext B U+20000 */
    CHECK_EQ_INT(valid_name("王\xF0\xAA\x9C\x80", 2, 30), VALID_OK); /* Ext C U+2A700 */
    CHECK_EQ_INT(valid_name("王\xF0\xAB\x9D\x80", 2, 30), VALID_OK); /* Ext D U+2B740 */
    CHECK_EQ_INT(valid_name("王\xF0\xAB\xA0\xA0", 2, 30), VALID_OK); /* Ext E U+2B820 */
    CHECK_EQ_INT(valid_name("王\xF0\xAC\xBA\xB0", 2, 30), VALID_OK); /* Ext F U+2CEB0 */
    CHECK_EQ_INT(valid_name("王\xF0\xB0\x80\x80", 2, 30), VALID_OK); /* Ext G U+30000 */
    CHECK_EQ_INT(valid_name("王\xEF\xA4\x80", 2, 30), VALID_OK);     /* compat U+F900 */
    CHECK_EQ_INT(valid_name("", 2, 30), VALID_ERR_EMPTY);
    CHECK_EQ_INT(valid_name("王", 2, 30), VALID_ERR_NAME_LEN);
    CHECK_EQ_INT(valid_name("王", 1, 30), VALID_OK);
    CHECK_EQ_INT(valid_name("王小明王小明", 2, 5), VALID_ERR_NAME_LEN);
    CHECK_EQ_INT(valid_name("Wang Ming", 2, 30), VALID_ERR_NAME_CHARS);
    CHECK_EQ_INT(valid_name("王 明", 2, 30), VALID_ERR_NAME_CHARS);
    CHECK_EQ_INT(valid_name("王明1", 2, 30), VALID_ERR_NAME_CHARS);
    CHECK_EQ_INT(valid_name("王明。", 2, 30), VALID_ERR_NAME_CHARS);
    CHECK_EQ_INT(valid_name("ワン", 2, 30), VALID_ERR_NAME_CHARS);
    CHECK_EQ_INT(valid_name("·买买提", 2, 30), VALID_ERR_NAME_DOT);
    CHECK_EQ_INT(valid_name("买买提·", 2, 30), VALID_ERR_NAME_DOT);
    CHECK_EQ_INT(valid_name("买买提··艾力", 2, 30), VALID_ERR_NAME_DOT);
    CHECK_EQ_INT(valid_name("王\xC3\x28", 2, 30), VALID_ERR_UTF8);
    CHECK_EQ_INT(valid_name("王\xED\xA0\x80", 2, 30), VALID_ERR_UTF8); /* surrogate */
    char out[64];
    CHECK_EQ_INT(valid_name_normalize("买买提•艾力", out, sizeof out), 0);
    CHECK_EQ_STR(out, "买买提·艾力");
    CHECK_EQ_INT(valid_name_normalize("买买提・艾力.阿不都", out, sizeof out), 0);
    CHECK_EQ_STR(out, "买买提·艾力·阿不都");
    CHECK_EQ_INT(valid_name_normalize("买买提•艾力", out, 8), -1);
    CHECK_EQ_INT(valid_name_normalize("\xC3\x28", out, sizeof out), -1);
    CHECK(valid_is_han(0x4E00) && valid_is_han(0x9FFF) && valid_is_han(0x3400) &&
          valid_is_han(0x31350) && !valid_is_han(0x3000) && !valid_is_han(0xB7) &&
          !valid_is_han('A') && !valid_is_han(0x2A6E0));
}

/* Numbers grouped for reading: no-break spaces between the groups, as far
 * as a number being typed goes; a card number with letters as it is; a
 * buffer too small cut at a whole character, never past its end. */
static void test_groups(void)
{
    char out[64];
    CHECK_EQ_STR(valid_idno_group("420506195203140027", out, sizeof out),
                 "420506\u00a019520314\u00a00027");
    CHECK_EQ_STR(valid_idno_group("4205061", out, sizeof out), "420506\u00a01");
    CHECK_EQ_STR(valid_idno_group("420506", out, sizeof out), "420506");
    CHECK_EQ_STR(valid_card_group("6222020200112233453", out, sizeof out),
                 "6222\u00a00202\u00a00011\u00a02233\u00a0453");
    CHECK_EQ_STR(valid_card_group("62220", out, sizeof out), "6222\u00a00");
    CHECK_EQ_STR(valid_card_group("6222", out, sizeof out), "6222");
    CHECK_EQ_STR(valid_card_group("A12345678", out, sizeof out), "A12345678"); /* the card's own */
    CHECK_EQ_STR(valid_card_group("6222 0202", out, sizeof out), "6222 0202");
    CHECK_EQ_STR(valid_mobile_group("13800138000", out, sizeof out), "138\u00a00013\u00a08000");
    CHECK_EQ_STR(valid_mobile_group("1380", out, sizeof out), "138\u00a00");
    CHECK_EQ_STR(valid_mobile_group("", out, sizeof out), "");
    CHECK_EQ_STR(valid_cert_group("42050619520314002712", out, sizeof out),
                 "420506\u00a019520314\u00a00027\u00a012");
    CHECK_EQ_STR(valid_cert_group("4205061952031400X1", out, sizeof out),
                 "420506\u00a019520314\u00a000X1");
    CHECK_EQ_STR(valid_cert_group("420506195203140027", out, sizeof out),
                 "420506\u00a019520314\u00a00027");
    CHECK_EQ_STR(valid_cert_group("残疾人证", out, sizeof out), "残疾人证");
    CHECK_EQ_STR(valid_mobile_group(NULL, out, sizeof out), "");
    CHECK_EQ_STR(valid_card_group(NULL, out, sizeof out), "");
    CHECK_EQ_STR(valid_idno_group("42050619520314002x", out, sizeof out),
                 "420506\u00a019520314\u00a0002x");
    /* not a number: as it is, a character never split */
    CHECK_EQ_STR(valid_idno_group("张三四五六七八", out, sizeof out), "张三四五六七八");
    CHECK_EQ_STR(valid_mobile_group("138-0013", out, sizeof out), "138-0013");
    char four[5];
    CHECK_EQ_STR(valid_mobile_group("张三", four, sizeof four), "张");
    /* small buffers: whole characters only, the NUL inside */
    char small[6];
    memset(small, 'z', sizeof small);
    CHECK_EQ_STR(valid_mobile_group("13800138000", small, sizeof small), "138");
    CHECK_EQ_STR(valid_idno_group("420506195203140027", small, sizeof small), "42050");
    char one[1] = {'z'};
    valid_card_group("6222", one, sizeof one);
    CHECK_EQ_INT(one[0], '\0');
    valid_idno_group("4205", one, 0); /* nothing written */
    CHECK_EQ_INT(one[0], '\0');
}

static void test_messages(void)
{
    for (int c = VALID_ERR_LAST; c < 0; c++) {
        const char *e = valid_strerror(c);
        CHECK(e && strlen(e) > 6);
        for (const char *p = e; *p; p++) /* English, for logs */
            CHECK((unsigned char)*p < 0x80);
        const char *m = core_str(valid_error_key(c));
        CHECK(m && strlen(m) > 6);
        /* Chinese: the first byte is a lead byte of a multi-byte character */
        CHECK((unsigned char)m[0] >= 0xE0);
    }
    CHECK_EQ_STR(core_str(valid_error_key(VALID_ERR_ID_CHECK)),
                 "身份证号码最后一位校验不对，请再核对一遍");
    CHECK(valid_strerror(5) != NULL && valid_strerror(-9999) != NULL);
    CHECK_EQ_STR(valid_error_key(-9999), "err.valid.unknown");
    CHECK_EQ_INT(core_strings_missing(), 0);
}

int main(void)
{
    td_strings();
    RUN(test_idno_standard_examples);
    RUN(test_idno_every_check_value);
    RUN(test_idno_single_digit_errors_caught);
    RUN(test_idno_malformed);
    RUN(test_age);
    RUN(test_mobile);
    RUN(test_dates);
    RUN(test_money);
    RUN(test_integers);
    RUN(test_bank_cards);
    RUN(test_sscard);
    RUN(test_disability_cert);
    RUN(test_names);
    RUN(test_groups);
    RUN(test_messages);
    return check_summary();
}
