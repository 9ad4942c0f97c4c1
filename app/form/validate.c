/* validate.c — the answer checks of validate.h. */
#include "form/validate.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

/* Key of the villager's text (assets/text) and English meaning of each failure. */
static const struct {
    const char *key, *text;
} codes[1 - VALID_ERR_LAST] = {
    [-VALID_ERR_EMPTY] = {"err.valid.empty", "nothing entered"},
    [-VALID_ERR_UTF8] = {"err.valid.utf8", "not valid UTF-8"},
    [-VALID_ERR_TOOSHORT] = {"err.valid.tooshort", "fewer characters than allowed"},
    [-VALID_ERR_TOOLONG] = {"err.valid.toolong", "more characters than allowed"},
    [-VALID_ERR_CHARS] = {"err.valid.chars", "characters not allowed here"},
    [-VALID_ERR_ID_LEN] = {"err.valid.id_len", "ID number: not 18 characters"},
    [-VALID_ERR_ID_CHARS] = {"err.valid.id_chars", "ID number: not 17 digits + digit/X"},
    [-VALID_ERR_ID_AREA] = {"err.valid.id_area", "ID number: no such province"},
    [-VALID_ERR_ID_BIRTH] = {"err.valid.id_birth", "ID number: birth date not a real date"},
    [-VALID_ERR_ID_FUTURE] = {"err.valid.id_future", "ID number: birth date after today"},
    [-VALID_ERR_ID_CHECK] = {"err.valid.id_check", "ID number: check character wrong"},
    [-VALID_ERR_MOBILE_CHARS] = {"err.valid.mobile_chars", "mobile: not all digits"},
    [-VALID_ERR_MOBILE_LEN] = {"err.valid.mobile_len", "mobile: not 11 digits"},
    [-VALID_ERR_MOBILE_PREFIX] = {"err.valid.mobile_prefix", "mobile: does not start 13..19"},
    [-VALID_ERR_DATE_FORMAT] = {"err.valid.date_format", "date: not YYYY-MM-DD"},
    [-VALID_ERR_DATE_REAL] = {"err.valid.date_real", "date: no such day"},
    [-VALID_ERR_DATE_EARLY] = {"err.valid.date_early", "date: before the allowed range"},
    [-VALID_ERR_DATE_LATE] = {"err.valid.date_late", "date: after the allowed range"},
    [-VALID_ERR_MONEY_FORMAT] = {"err.valid.money_format", "money: not a number like 12.50"},
    [-VALID_ERR_MONEY_NEG] = {"err.valid.money_neg", "money: negative"},
    [-VALID_ERR_MONEY_DECIMALS] = {"err.valid.money_decimals", "money: more than 2 decimals"},
    [-VALID_ERR_MONEY_LOW] = {"err.valid.money_low", "money: below the minimum"},
    [-VALID_ERR_MONEY_HIGH] = {"err.valid.money_high", "money: above the maximum"},
    [-VALID_ERR_INT_FORMAT] = {"err.valid.int_format", "integer: not a whole number"},
    [-VALID_ERR_INT_LOW] = {"err.valid.int_low", "integer: below the minimum"},
    [-VALID_ERR_INT_HIGH] = {"err.valid.int_high", "integer: above the maximum"},
    [-VALID_ERR_CARD_CHARS] = {"err.valid.card_chars", "bank card: not all digits"},
    [-VALID_ERR_CARD_LEN] = {"err.valid.card_len", "bank card: not 16..19 digits"},
    [-VALID_ERR_CARD_LUHN] = {"err.valid.card_luhn", "bank card: Luhn check fails"},
    [-VALID_ERR_SSCARD] = {"err.valid.sscard", "social-security card: wrong form"},
    [-VALID_ERR_DISAB_LEN] = {"err.valid.disab_len", "disability certificate: not 20 characters"},
    [-VALID_ERR_DISAB_CATEGORY] = {"err.valid.disab_category",
                                   "disability certificate: category digit not 1..7"},
    [-VALID_ERR_DISAB_GRADE] = {"err.valid.disab_grade",
                                "disability certificate: grade digit not 1..4"},
    [-VALID_ERR_DISAB_MISMATCH] = {"err.valid.disab_mismatch",
                                   "disability certificate: not the applicant's ID number"},
    [-VALID_ERR_NAME_CHARS] = {"err.valid.name_chars",
                               "name: a character that is not a Han character or a middle dot"},
    [-VALID_ERR_NAME_DOT] = {"err.valid.name_dot",
                             "name: a middle dot at the start, the end, or doubled"},
    [-VALID_ERR_NAME_LEN] = {"err.valid.name_len", "name: too short or too long"},
    [-VALID_ERR_ID_SAME] = {"err.valid.id_same",
                            "ID number: a person already in the form (listed twice)"},
};

const char *valid_strerror(int code)
{
    if (code == VALID_OK)
        return "ok";
    if (code < VALID_ERR_LAST || code > 0)
        return "unknown validation error";
    return codes[-code].text;
}

const char *valid_error_key(int code)
{
    if (code < VALID_ERR_LAST || code >= 0)
        return "err.valid.unknown";
    return codes[-code].key;
}

/* ---- dates ---- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

int valid_date_real(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

int valid_date_cmp(valid_date a, valid_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

int valid_age_at(valid_date birth, valid_date at)
{
    if (valid_date_cmp(at, birth) < 0)
        return -1;
    int age = at.year - birth.year;
    if (at.month < birth.month || (at.month == birth.month && at.day < birth.day))
        age--;
    return age;
}

static int digits_at(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

int valid_date_parse(const char *s, valid_date *out)
{
    if (!s || !*s)
        return VALID_ERR_EMPTY;
    valid_date d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits_at(s, 4, &d.year) ||
        !digits_at(s + 5, 2, &d.month) || !digits_at(s + 8, 2, &d.day))
        return VALID_ERR_DATE_FORMAT;
    if (!valid_date_real(d.year, d.month, d.day))
        return VALID_ERR_DATE_REAL;
    if (out)
        *out = d;
    return VALID_OK;
}

int valid_date_range(const char *s, const valid_date *min, const valid_date *max, valid_date *out)
{
    valid_date d;
    int rc = valid_date_parse(s, &d);
    if (rc)
        return rc;
    if (min && valid_date_cmp(d, *min) < 0)
        return VALID_ERR_DATE_EARLY;
    if (max && valid_date_cmp(d, *max) > 0)
        return VALID_ERR_DATE_LATE;
    if (out)
        *out = d;
    return VALID_OK;
}

void valid_date_format(valid_date d, char *out, size_t n)
{
    snprintf(out, n, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* ---- 公民身份号码 ---- */

int valid_province_code(int code)
{
    static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35,
                                    36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
                                    61, 62, 63, 64, 65, 71, 81, 82, 83};
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (provinces[i] == code)
            return 1;
    return 0;
}

char valid_idno_check_char(const char *first17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * w[i];
    return map[sum % 11];
}

/* s with a no-break space (U+00A0: the groups stay on one line where the
 * line holds them) before each character index in at (ascending, 0 ends;
 * every: one each that many characters after the last) into out; s as it
 * is (cut at a whole character) where it has any character but a digit or
 * one of also (not a number: nothing to group). */
static char *group_at(const char *s, const char *also, const int *at, int every, char *out,
                      size_t n)
{
    if (!n)
        return out;
    s = s ? s : "";
    for (const char *p = s; *p; p++)
        if ((*p < '0' || *p > '9') && !strchr(also, *p)) {
            utf8_copy(out, n, s);
            return out;
        }
    size_t o = 0;
    int next = at[0] ? at[0] : every;
    for (size_t i = 0, k = 0; s[i]; i++) {
        int sep = i > 0 && (int)i == next;
        if (o + (sep ? 2 : 0) + 1 >= n) /* what fits whole, and the NUL */
            break;
        if (sep) {
            out[o++] = '\xC2';
            out[o++] = '\xA0';
            next = at[k] && at[k + 1] ? at[++k] : next + every;
        }
        out[o++] = s[i];
    }
    out[o] = '\0';
    return out;
}

char *valid_idno_group(const char *s, char *out, size_t n)
{
    static const int AT[] = {6, 14, 0};
    return group_at(s, "Xx", AT, 1000, out, n);
}

char *valid_cert_group(const char *s, char *out, size_t n)
{
    static const int AT[] = {6, 14, 18, 0};
    return group_at(s, "Xx", AT, 1000, out, n);
}

char *valid_card_group(const char *s, char *out, size_t n)
{
    static const int AT[] = {0};
    return group_at(s, "", AT, 4, out, n);
}

char *valid_mobile_group(const char *s, char *out, size_t n)
{
    static const int AT[] = {3, 7, 0};
    return group_at(s, "", AT, 1000, out, n);
}

int valid_idno(const char *s, valid_date today, valid_idinfo *out)
{
    if (!s || !*s)
        return VALID_ERR_EMPTY;
    size_t len = strlen(s);
    if (len != 18)
        return VALID_ERR_ID_LEN;
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return VALID_ERR_ID_CHARS;
    char last = s[17] == 'x' ? 'X' : s[17];
    if (!(last == 'X' || (last >= '0' && last <= '9')))
        return VALID_ERR_ID_CHARS;
    int prov = 0;
    digits_at(s, 2, &prov);
    if (!valid_province_code(prov))
        return VALID_ERR_ID_AREA;
    valid_date b = {0, 0, 0};
    digits_at(s + 6, 4, &b.year);
    digits_at(s + 10, 2, &b.month);
    digits_at(s + 12, 2, &b.day);
    if (b.year < 1800 || !valid_date_real(b.year, b.month, b.day))
        return VALID_ERR_ID_BIRTH;
    if (valid_date_cmp(b, today) > 0)
        return VALID_ERR_ID_FUTURE;
    if (valid_idno_check_char(s) != last)
        return VALID_ERR_ID_CHECK;
    if (out) {
        memcpy(out->normalized, s, 17);
        out->normalized[17] = last;
        out->normalized[18] = '\0';
        memcpy(out->area, s, 6);
        out->area[6] = '\0';
        out->birth = b;
        out->sex = ((s[16] - '0') % 2) ? 1 : 2;
    }
    return VALID_OK;
}

/* ---- mobile ---- */

/* s is min..max digits and nothing else: VALID_OK, or `chars` (something
 * else than a digit) or `len` (too few or too many). */
static int digit_string(const char *s, size_t min, size_t max, int chars, int len)
{
    if (!s || !*s)
        return VALID_ERR_EMPTY;
    size_t n = strspn(s, "0123456789");
    if (s[n])
        return chars;
    return n < min || n > max ? len : VALID_OK;
}

int valid_mobile(const char *s)
{
    int rc = digit_string(s, 11, 11, VALID_ERR_MOBILE_CHARS, VALID_ERR_MOBILE_LEN);
    if (rc)
        return rc;
    if (s[0] != '1' || s[1] < '3')
        return VALID_ERR_MOBILE_PREFIX;
    return VALID_OK;
}

/* ---- money and integers ---- */

#define MONEY_MAX_YUAN_DIGITS 13

/* v within min..max: VALID_OK and *out = v (out may be NULL); else low or high. */
static int in_bounds(long long v, long long min, long long max, int low, int high,
                     long long *out)
{
    if (v < min)
        return low;
    if (v > max)
        return high;
    if (out)
        *out = v;
    return VALID_OK;
}

int valid_money_parse(const char *s, long long min_fen, long long max_fen, long long *fen)
{
    if (!s || !*s)
        return VALID_ERR_EMPTY;
    const char *p = s;
    if (*p == '-')
        return (p[1] >= '0' && p[1] <= '9') || p[1] == '.' ? VALID_ERR_MONEY_NEG
                                                            : VALID_ERR_MONEY_FORMAT;
    long long yuan = 0;
    int nd = 0;
    while (*p >= '0' && *p <= '9') {
        if (++nd > MONEY_MAX_YUAN_DIGITS)
            return VALID_ERR_MONEY_HIGH;
        yuan = yuan * 10 + (*p++ - '0');
    }
    if (nd == 0)
        return VALID_ERR_MONEY_FORMAT;
    long long cents = 0;
    if (*p == '.') {
        p++;
        int fd = 0;
        while (*p >= '0' && *p <= '9') {
            if (++fd > 2)
                return VALID_ERR_MONEY_DECIMALS;
            cents = cents * 10 + (*p++ - '0');
        }
        if (fd == 0)
            return VALID_ERR_MONEY_FORMAT;
        if (fd == 1)
            cents *= 10;
    }
    if (*p)
        return VALID_ERR_MONEY_FORMAT;
    return in_bounds(yuan * 100 + cents, min_fen, max_fen, VALID_ERR_MONEY_LOW,
                     VALID_ERR_MONEY_HIGH, fen);
}

void valid_money_format(long long fen, char *out, size_t n)
{
    const char *sign = fen < 0 ? "-" : "";
    unsigned long long a = fen < 0 ? (unsigned long long)(-(fen + 1)) + 1 : (unsigned long long)fen;
    snprintf(out, n, "%s%llu.%02llu", sign, a / 100, a % 100);
}

int valid_int_parse(const char *s, long long min, long long max, long long *out)
{
    if (!s || !*s)
        return VALID_ERR_EMPTY;
    const char *p = s;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    long long v = 0;
    int nd = 0;
    while (*p >= '0' && *p <= '9') {
        if (++nd > 15)
            return neg ? VALID_ERR_INT_LOW : VALID_ERR_INT_HIGH;
        v = v * 10 + (*p++ - '0');
    }
    if (nd == 0 || *p)
        return VALID_ERR_INT_FORMAT;
    return in_bounds(neg ? -v : v, min, max, VALID_ERR_INT_LOW, VALID_ERR_INT_HIGH, out);
}

/* ---- cards ---- */

int valid_luhn(const char *digits)
{
    size_t n = strlen(digits);
    if (n == 0)
        return 0;
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        char c = digits[n - 1 - i];
        if (c < '0' || c > '9')
            return 0;
        int d = c - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

int valid_bankcard(const char *s)
{
    int rc = digit_string(s, 16, 19, VALID_ERR_CARD_CHARS, VALID_ERR_CARD_LEN);
    if (rc)
        return rc;
    if (!valid_luhn(s))
        return VALID_ERR_CARD_LUHN;
    return VALID_OK;
}

int valid_sscard(const char *s)
{
    if (!s || !*s)
        return VALID_ERR_EMPTY;
    size_t n = strlen(s);
    int all_digits = 1;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            continue;
        if (*p >= 'A' && *p <= 'Z') {
            all_digits = 0;
            continue;
        }
        return VALID_ERR_SSCARD;
    }
    if (n == 9)
        return VALID_OK;
    if (all_digits && n >= 16 && n <= 19)
        return valid_luhn(s) ? VALID_OK : VALID_ERR_SSCARD;
    return VALID_ERR_SSCARD;
}

int valid_disability_cert(const char *s, valid_date today, const char *applicant_idno,
                          int *category, int *grade)
{
    if (!s || !*s)
        return VALID_ERR_EMPTY;
    if (strlen(s) != 20)
        return VALID_ERR_DISAB_LEN;
    char id[19];
    memcpy(id, s, 18);
    id[18] = '\0';
    int rc = valid_idno(id, today, NULL);
    if (rc)
        return rc;
    if (s[18] < '1' || s[18] > '7')
        return VALID_ERR_DISAB_CATEGORY;
    if (s[19] < '1' || s[19] > '4')
        return VALID_ERR_DISAB_GRADE;
    if (applicant_idno) {
        if (strlen(applicant_idno) != 18 || memcmp(id, applicant_idno, 17) != 0)
            return VALID_ERR_DISAB_MISMATCH;
        char a = applicant_idno[17] == 'x' ? 'X' : applicant_idno[17];
        char b = id[17] == 'x' ? 'X' : id[17];
        if (a != b)
            return VALID_ERR_DISAB_MISMATCH;
    }
    if (category)
        *category = s[18] - '0';
    if (grade)
        *grade = s[19] - '0';
    return VALID_OK;
}

/* ---- names ---- */

int valid_is_han(unsigned long cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* URO */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Ext A */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
           (cp >= 0x20000 && cp <= 0x2A6DF) || /* Ext B */
           (cp >= 0x2A700 && cp <= 0x2EE5F) || /* Ext C, D, E, F, I */
           (cp >= 0x2F800 && cp <= 0x2FA1F) || /* compatibility supplement */
           (cp >= 0x30000 && cp <= 0x323AF) || /* Ext G, H */
           cp == 0x3007;                       /* 〇 */
}

#define MIDDLE_DOT 0x00B7

int valid_name(const char *s, int min_chars, int max_chars)
{
    if (!s || !*s)
        return VALID_ERR_EMPTY;
    if (!utf8_valid(s))
        return VALID_ERR_UTF8;
    int n = 0, prev_dot = 0, dot_err = 0;
    const char *p = s;
    uint32_t cp;
    while ((cp = utf8_next(&p)) != 0) {
        if (cp == MIDDLE_DOT) {
            if (n == 0 || prev_dot)
                dot_err = 1;
            prev_dot = 1;
        } else if (valid_is_han(cp)) {
            prev_dot = 0;
        } else {
            return VALID_ERR_NAME_CHARS;
        }
        n++;
    }
    if (dot_err || prev_dot)
        return VALID_ERR_NAME_DOT;
    if (n < min_chars || n > max_chars)
        return VALID_ERR_NAME_LEN;
    return VALID_OK;
}

int valid_name_normalize(const char *s, char *out, size_t n)
{
    if (!s || !out || n == 0 || !utf8_valid(s))
        return -1;
    size_t used = 0;
    const char *p = s;
    uint32_t cp;
    while ((cp = utf8_next(&p)) != 0) {
        if (cp == 0x2022 || cp == 0x30FB || cp == 0xFF65 || cp == 0x2027 || cp == 0xFF0E ||
            cp == '.' || cp == 0x2219 || cp == 0x22C5)
            cp = MIDDLE_DOT;
        char buf[4];
        int k = utf8_encode(cp, buf);
        if (used + (size_t)k + 1 > n)
            return -1;
        memcpy(out + used, buf, (size_t)k);
        used += (size_t)k;
    }
    out[used] = '\0';
    return 0;
}
