/* check.h — the project's tiny test harness.
 *
 *   CHECK(cond)                  records a failure and goes on
 *   CHECK_EQ_INT(a, b)           integers
 *   CHECK_EQ_STR(a, b)           strings (NULL-safe)
 *   REQUIRE(cond)                records a failure and returns from the test function
 *   RUN(test_fn)                 runs one `static void test_fn(void)`
 *   return check_summary();      at the end of main(): prints "N passed, N failed"
 */
#ifndef CZ_TESTS_CHECK_H
#define CZ_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

void check_fail(const char *file, int line, const char *what);
void check_fail_int(const char *file, int line, const char *expr, long long a, long long b);
void check_fail_str(const char *file, int line, const char *expr, const char *a, const char *b);
void check_begin(const char *name);
void check_end(void);
int check_summary(void);
/* A scratch folder for this test process (created, under $CZ_TMP or /tmp);
 * the returned path is static storage. `sub` may be NULL. */
const char *check_tmpdir(const char *sub);
/* $CZ_ASSETS joined with rel, or the source assets folder. Static storage. */
const char *check_asset(const char *rel);
/* The emulator's sample ID cards (check_asset's idcard/cards.txt), in
 * static storage of its own: kept while check_asset is called again. */
const char *check_idcards(void);
/* $CZ_TESTS_DIR joined with rel. Static storage. */
const char *check_testfile(const char *rel);
extern int check_current_failed;

#define CHECK(c) do { if (!(c)) check_fail(__FILE__, __LINE__, #c); } while (0)
#define REQUIRE(c) do { if (!(c)) { check_fail(__FILE__, __LINE__, #c); return; } } while (0)
#define CHECK_EQ_INT(a, b) do { long long _a = (long long)(a), _b = (long long)(b); \
    if (_a != _b) check_fail_int(__FILE__, __LINE__, #a " == " #b, _a, _b); } while (0)
#define CHECK_EQ_STR(a, b) do { const char *_a = (a), *_b = (b); \
    if (!_a || !_b || strcmp(_a, _b)) check_fail_str(__FILE__, __LINE__, #a " == " #b, _a, _b); } while (0)
#define RUN(fn) do { check_begin(#fn); fn(); check_end(); } while (0)

#endif
