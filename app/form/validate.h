/* validate.h — checks for the answers villagers type: 公民身份号码, mobile
 * numbers, dates, money, bank and social-security card numbers, disability
 * certificate numbers, Chinese personal names, integers.
 *
 * Every check returns VALID_OK (0) or a negative valid_code (VALID_ERR_*);
 * valid_strerror() says what it means in English for logs, valid_error_key()
 * names the text in assets/text/zh-CN.txt that tells the villager how to fix
 * it. The checks are pure: no I/O, no clock (callers pass "today"), no
 * allocation.
 * Inputs must be exactly the text to check (no surrounding spaces); strings
 * written to caller buffers are always NUL-terminated.
 */
#ifndef CZ_FORM_VALIDATE_H
#define CZ_FORM_VALIDATE_H

#include <stddef.h>

typedef enum {
    VALID_OK = 0,
    VALID_ERR_EMPTY = -1,           /* nothing entered */
    VALID_ERR_UTF8 = -2,            /* not valid UTF-8 */
    VALID_ERR_TOOSHORT = -3,        /* fewer characters than allowed */
    VALID_ERR_TOOLONG = -4,         /* more characters than allowed */
    VALID_ERR_CHARS = -5,           /* characters not allowed here */
    VALID_ERR_ID_LEN = -6,          /* ID number: not 18 characters */
    VALID_ERR_ID_CHARS = -7,        /* ID number: not 17 digits + digit/X */
    VALID_ERR_ID_AREA = -8,         /* ID number: no such province */
    VALID_ERR_ID_BIRTH = -9,        /* ID number: birth date not a real date */
    VALID_ERR_ID_FUTURE = -10,      /* ID number: birth date after today */
    VALID_ERR_ID_CHECK = -11,       /* ID number: check character wrong */
    VALID_ERR_MOBILE_CHARS = -12,   /* mobile: not all digits */
    VALID_ERR_MOBILE_LEN = -13,     /* mobile: not 11 digits */
    VALID_ERR_MOBILE_PREFIX = -14,  /* mobile: does not start 13..19 */
    VALID_ERR_DATE_FORMAT = -15,    /* date: not YYYY-MM-DD */
    VALID_ERR_DATE_REAL = -16,      /* date: no such day */
    VALID_ERR_DATE_EARLY = -17,     /* date: before the allowed range */
    VALID_ERR_DATE_LATE = -18,      /* date: after the allowed range */
    VALID_ERR_MONEY_FORMAT = -19,   /* money: not a number like 12.50 */
    VALID_ERR_MONEY_NEG = -20,      /* money: negative */
    VALID_ERR_MONEY_DECIMALS = -21, /* money: more than 2 decimals */
    VALID_ERR_MONEY_LOW = -22,      /* money: below the minimum */
    VALID_ERR_MONEY_HIGH = -23,     /* money: above the maximum */
    VALID_ERR_INT_FORMAT = -24,     /* integer: not a whole number */
    VALID_ERR_INT_LOW = -25,        /* integer: below the minimum */
    VALID_ERR_INT_HIGH = -26,       /* integer: above the maximum */
    VALID_ERR_CARD_CHARS = -27,     /* bank card: not all digits */
    VALID_ERR_CARD_LEN = -28,       /* bank card: not 16..19 digits */
    VALID_ERR_CARD_LUHN = -29,      /* bank card: Luhn check fails */
    VALID_ERR_SSCARD = -30,         /* social-security card: wrong form */
    VALID_ERR_DISAB_LEN = -31,      /* disability certificate: not 20 characters */
    VALID_ERR_DISAB_CATEGORY = -32, /* disability certificate: category digit not 1..7 */
    VALID_ERR_DISAB_GRADE = -33,    /* disability certificate: grade digit not 1..4 */
    VALID_ERR_DISAB_MISMATCH = -34, /* disability certificate: not the applicant's ID number */
    VALID_ERR_NAME_CHARS = -35,     /* name: a character that is not a Han character or · */
    VALID_ERR_NAME_DOT = -36,       /* name: · at the start, the end, or doubled */
    VALID_ERR_NAME_LEN = -37,       /* name: too short or too long */
    VALID_ERR_ID_SAME = -38,        /* ID number: a person already in the form (a household
                                       member listed twice, the head as a member) */
} valid_code;

/* The lowest code: every failure is in VALID_ERR_LAST..-1 (for tests). */
#define VALID_ERR_LAST VALID_ERR_ID_SAME

/* The key in assets/text of what the villager reads for a failure: a short
 * Chinese sentence saying how to fix it, without printf conversions
 * ("err.valid.id_check"); "err.valid.unknown" for VALID_OK and unknown
 * codes. Static storage, never NULL. */
const char *valid_error_key(int code);
/* What a code means in English (static storage; never NULL): the log line of
 * a page held back by a failed check (form_check.c, at level debug). */
const char *valid_strerror(int code);

/* A calendar date. */
typedef struct {
    int year, month, day;
} valid_date;

/* 1 if y-m-d is a real Gregorian calendar date (years 1..9999). */
int valid_date_real(int year, int month, int day);
/* <0, 0, >0 like strcmp. */
int valid_date_cmp(valid_date a, valid_date b);
/* Whole years from birth to `at` (周岁). Someone born on 29 February reaches
 * the next age on 1 March in common years. -1 if `at` is before birth. */
int valid_age_at(valid_date birth, valid_date at);
/* Parses ISO 8601 "YYYY-MM-DD" (exactly that form) into *out. */
int valid_date_parse(const char *s, valid_date *out);
/* Parses and checks min <= date <= max; a NULL bound is open. */
int valid_date_range(const char *s, const valid_date *min, const valid_date *max, valid_date *out);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void valid_date_format(valid_date d, char *out, size_t n);

/* What a valid ID number says. */
typedef struct {
    char normalized[19]; /* the 18 characters, check character upper-cased */
    char area[7];        /* 6-digit administrative area code */
    valid_date birth;
    int sex;             /* 1 male (odd sequence), 2 female (even) */
} valid_idinfo;

/* GB 11643-1999 公民身份号码: 18 characters, a real province code, a real
 * birth date not after `today` and not before 1800, the ISO 7064 MOD 11-2
 * check character (a lowercase x is accepted). `out` may be NULL. */
int valid_idno(const char *s, valid_date today, valid_idinfo *out);
/* The check character ('0'..'9' or 'X') for the first 17 digits of s. */
char valid_idno_check_char(const char *first17);
/* An ID number as shown for reading, grouped 6-8-4 (area, birth date,
 * sequence and check: "420506 19520314 0027"); a shorter one (being typed)
 * groups as far as it goes. The groups are parted by no-break spaces
 * (U+00A0, UTF-8 C2 A0), which the screens' text keeps on one line where
 * it fits. Anything but digits (and X) is not a number: as it is, cut at a
 * whole character where out is short. Stored and sent ungrouped. Returns
 * out (n 0: nothing written). */
char *valid_idno_group(const char *s, char *out, size_t n);
/* A bank or social security card's number as shown for reading: its
 * digits in fours ("6228 4804 0256 4890 018", as the card prints them); a
 * number with a letter (a social security card's own nine characters) as
 * it is. A shorter one (being typed) groups as far as it goes. As
 * valid_idno_group otherwise. */
char *valid_card_group(const char *s, char *out, size_t n);
/* A mobile number as shown for reading, 3-4-4 ("138 0013 8000"), as far as
 * it goes. As valid_idno_group otherwise. */
char *valid_mobile_group(const char *s, char *out, size_t n);
/* A 残疾人证号 (an ID number, then the category and grade digits) as shown
 * for reading: the ID number's 6-8-4, then the two ("420506 19520314 0027
 * 12"). As valid_idno_group otherwise. */
char *valid_cert_group(const char *s, char *out, size_t n);
/* 1 if the two-digit province code (e.g. 11 Beijing, 65 Xinjiang) exists. */
int valid_province_code(int code);

/* Mainland mobile number: 11 digits, "1" then 3..9. */
int valid_mobile(const char *s);

/* Money in yuan as typed ("12.50", "12.5", "12", "0.05") to fen. No sign,
 * no thousands separators, at most 2 decimals, min_fen <= value <= max_fen. */
int valid_money_parse(const char *s, long long min_fen, long long max_fen, long long *fen);
/* "12.50" for 1250 (no unit). */
void valid_money_format(long long fen, char *out, size_t n);

/* A whole number (optional leading '-', at most 15 digits) with min <= v <= max. */
int valid_int_parse(const char *s, long long min, long long max, long long *out);

/* Bank card number: 16..19 digits passing the Luhn check. */
int valid_bankcard(const char *s);
/* 1 if the digit string passes the Luhn (mod 10) check. */
int valid_luhn(const char *digits);
/* Social-security card number: either the 9-character card number printed on
 * the card (digits and upper-case letters A..Z) or the 16..19-digit financial
 * account of a second/third-generation card (Luhn-checked). Lower-case letters
 * are refused: callers upper-case first. */
int valid_sscard(const char *s);

/* Disability certificate number (残疾人证号, 20 characters): the holder's
 * 18-character ID number, the category digit 1..7 (视力 听力 言语 肢体 智力 精神
 * 多重) and the grade digit 1..4 (一级..四级). When applicant_idno is not NULL
 * the embedded ID number must be the same person's (x and X compare equal).
 * category/grade may be NULL. */
int valid_disability_cert(const char *s, valid_date today, const char *applicant_idno,
                          int *category, int *grade);

/* Chinese personal name: Han characters (URO, compatibility ideographs,
 * extensions A..I, and 〇) and the middle dot U+00B7 of minority names
 * (never first, last or doubled); between min_chars and max_chars characters.
 * Use valid_name_normalize() first to turn look-alike dots into U+00B7. */
int valid_name(const char *s, int min_chars, int max_chars);
/* Rewrites look-alike dots (• U+2022, ・ U+30FB, ･ U+FF65, ‧ U+2027, ． U+FF0E, . )
 * into U+00B7, in out (n bytes). 0, or -1 if out is too small or s not UTF-8. */
int valid_name_normalize(const char *s, char *out, size_t n);
/* 1 if cp is a Han ideograph (the ranges valid_name accepts, without the dot). */
int valid_is_han(unsigned long cp);

#endif
