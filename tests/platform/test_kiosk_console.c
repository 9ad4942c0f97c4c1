/* test_kiosk_console.c — the kiosk's console lock refuses what is not a
 * virtual terminal (a pseudo-terminal, a plain file, a missing device) with a
 * reason naming it, and leaves it as it was. The lock itself needs a real VT,
 * which only the board has. */
#define _XOPEN_SOURCE 600
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"
#include "plat_console.h"

static void test_pty_refused(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(m >= 0);
    REQUIRE(grantpt(m) == 0 && unlockpt(m) == 0);
    const char *name = ptsname(m);
    REQUIRE(name != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s", name);
    struct termios before, after;
    memset(&before, 0, sizeof before);
    memset(&after, 0, sizeof after);
    int s = open(path, O_RDWR | O_NOCTTY);
    REQUIRE(s >= 0);
    REQUIRE(tcgetattr(s, &before) == 0);
    char err[256] = "";
    CHECK(plat_console_lock(path, err, sizeof err) == NULL);
    CHECK(strstr(err, "not a virtual terminal") != NULL);
    CHECK(strstr(err, path) != NULL);
    REQUIRE(tcgetattr(s, &after) == 0);
    CHECK(before.c_iflag == after.c_iflag && before.c_oflag == after.c_oflag);
    CHECK(before.c_cflag == after.c_cflag && before.c_lflag == after.c_lflag);
    CHECK(memcmp(before.c_cc, after.c_cc, sizeof before.c_cc) == 0);
    close(s);
    close(m);
}

static void test_file_and_missing(void)
{
    char path[1024], err[256] = "";
    snprintf(path, sizeof path, "%s/not-a-tty", check_tmpdir("console"));
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    fclose(f);
    CHECK(plat_console_lock(path, err, sizeof err) == NULL);
    CHECK(strstr(err, "not a virtual terminal") != NULL);
    snprintf(path, sizeof path, "%s/missing/tty9", check_tmpdir("console"));
    err[0] = '\0';
    CHECK(plat_console_lock(path, err, sizeof err) == NULL);
    CHECK(strstr(err, path) != NULL);
    plat_console_unlock(NULL);
}

int main(void)
{
    RUN(test_pty_refused);
    RUN(test_file_and_missing);
    return check_summary();
}
