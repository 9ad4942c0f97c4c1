/* validate.h — checks for the answers villagers type: 公民身份号码, mobile
 * numbers, dates, money, bank and social-security card numbers, disability
 * certificate numbers, Chinese personal names, integers.
 *
 * Every check returns VALID_OK (0) or a positive valid_code; valid_strerror()
 * gives a short Chinese message that tells the villager how to fix it. The
 * checks are pure: no I/O, no clock (callers pass "today"), no allocation.
 * Inputs must be exactly the text to check (no surrounding spaces); strings
 * written to caller buffers are always NUL-terminated.
 */
#ifndef CZ_FORM_VALIDATE_H
#define CZ_FORM_VALIDATE_H

#include <stddef.h>

typedef enum {
    VALID_OK = 0,
    VALID_EEMPTY,          /* nothing entered */
    VALID_EUTF8,           /* not valid UTF-8 */
    VALID_ETOOSHORT,       /* fewer characters than allowed */
    VALID_ETOOLONG,        /* more characters than allowed */
    VALID_ECHARS,          /* characters not allowed here */
    VALID_EID_LEN,         /* ID number: not 18 characters */
    VALID_EID_CHARS,       /* ID number: not 17 digits + digit/X */
    VALID_EID_AREA,        /* ID number: no such province */
    VALID_EID_BIRTH,       /* ID number: birth date not a real date */
    VALID_EID_FUTURE,      /* ID number: birth date after today */
    VALID_EID_CHECK,       /* ID number: check character wrong */
    VALID_EMOBILE_CHARS,   /* mobile: not all digits */
    VALID_EMOBILE_LEN,     /* mobile: not 11 digits */
    VALID_EMOBILE_PREFIX,  /* mobile: does not start 13..19 */
    VALID_EDATE_FORMAT,    /* date: not YYYY-MM-DD */
    VALID_EDATE_REAL,      /* date: no such day */
    VALID_EDATE_EARLY,     /* date: before the allowed range */
    VALID_EDATE_LATE,      /* date: after the allowed range */
    VALID_EMONEY_FORMAT,   /* money: not a number like 12.50 */
    VALID_EMONEY_NEG,      /* money: negative */
    VALID_EMONEY_DECIMALS, /* money: more than 2 decimals */
    VALID_EMONEY_LOW,      /* money: below the minimum */
    VALID_EMONEY_HIGH,     /* money: above the maximum */
    VALID_EINT_FORMAT,     /* integer: not a whole number */
    VALID_EINT_LOW,        /* integer: below the minimum */
    VALID_EINT_HIGH,       /* integer: above the maximum */
    VALID_ECARD_CHARS,     /* bank card: not all digits */
    VALID_ECARD_LEN,       /* bank card: not 16..19 digits */
    VALID_ECARD_LUHN,      /* bank card: Luhn check fails */
    VALID_ESSCARD,         /* social-security card: wrong form */
    VALID_EDISAB_LEN,      /* disability certificate: not 20 characters */
    VALID_EDISAB_CATEGORY, /* disability certificate: category digit not 1..7 */
    VALID_EDISAB_GRADE,    /* disability certificate: grade digit not 1..4 */
    VALID_EDISAB_MISMATCH, /* disability certificate: not the applicant's ID number */
    VALID_ENAME_CHARS,     /* name: a character that is not a Han character or · */
    VALID_ENAME_DOT,       /* name: · at the start, the end, or doubled */
    VALID_ENAME_LEN,       /* name: too short or too long */
    VALID_ECODE_COUNT      /* number of codes; not an error */
} valid_code;

/* Short Chinese message for a code (static storage; never NULL). */
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
