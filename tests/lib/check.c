/* check.c — counts and reports test results. */
#include "check.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int n_pass, n_fail;
static const char *cur = "?";
int check_current_failed;

void check_begin(const char *name)
{
    cur = name;
    check_current_failed = 0;
}

void check_end(void)
{
    if (check_current_failed) {
        n_fail++;
        printf("FAIL %s\n", cur);
    } else {
        n_pass++;
        printf("ok   %s\n", cur);
    }
    fflush(stdout);
}

void check_fail(const char *file, int line, const char *what)
{
    check_current_failed = 1;
    printf("  %s:%d: %s: check failed: %s\n", file, line, cur, what);
}

void check_fail_int(const char *file, int line, const char *expr, long long a, long long b)
{
    check_current_failed = 1;
    printf("  %s:%d: %s: %s: %lld != %lld\n", file, line, cur, expr, a, b);
}

void check_fail_str(const char *file, int line, const char *expr, const char *a, const char *b)
{
    check_current_failed = 1;
    printf("  %s:%d: %s: %s: \"%s\" != \"%s\"\n", file, line, cur, expr, a ? a : "(null)",
           b ? b : "(null)");
}

int check_summary(void)
{
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}

static void mkdirs(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    mkdir(buf, 0755);
}

const char *check_tmpdir(const char *sub)
{
    static char buf[PATH_MAX];
    const char *base = getenv("CZ_TMP");
    char def[64];
    if (!base) {
        snprintf(def, sizeof def, "/tmp/cz-test-%d", (int)getpid());
        base = def;
    }
    snprintf(buf, sizeof buf, "%s%s%s", base, sub ? "/" : "", sub ? sub : "");
    mkdirs(buf);
    return buf;
}

const char *check_asset(const char *rel)
{
    static char buf[PATH_MAX];
    const char *base = getenv("CZ_ASSETS");
    snprintf(buf, sizeof buf, "%s/%s", base ? base : "assets", rel);
    return buf;
}

const char *check_idcards(void)
{
    static char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", check_asset("idcard/cards.txt"));
    return buf;
}

const char *check_testfile(const char *rel)
{
    static char buf[PATH_MAX];
    const char *base = getenv("CZ_TESTS_DIR");
    snprintf(buf, sizeof buf, "%s/%s", base ? base : "tests", rel);
    return buf;
}
