/* testdata.h — what the form tests share: the words of assets/text loaded
 * as the program loads them, and valid and invalid test data built
 * independently of the validators under test (the tests' own MOD 11-2,
 * fx_id_check_char in tests/lib/fixtures.h, and Luhn implementations). */
#ifndef CZ_TESTS_FORM_TESTDATA_H
#define CZ_TESTS_FORM_TESTDATA_H

/* Loads assets/text/zh-CN.txt (the form engine's messages and labels come
 * from it); a failure is a test failure. Call first in main(). */
void td_strings(void);
/* 18-character ID number: area (6 digits), birth "YYYYMMDD", sequence (3 digits) + check. */
void td_idno(char out[19], const char *area, const char *birth, const char *seq);
/* Same with a wrong check character. */
void td_idno_badcheck(char out[19], const char *area, const char *birth, const char *seq);
/* A Luhn-valid card number of len digits starting with prefix. */
void td_card(char *out, const char *prefix, int len);

#endif
