/* test_kiosk_watchdog.c — the kiosk's watchdog driver on a stand-in device
 * file (never the board's real /dev/watchdog): kicks are writes without 'V',
 * closing writes the magic 'V', a missing device is reported. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "plat_watchdog.h"

static void test_kick_and_magic_close(void)
{
    char path[1024], err[256] = "";
    snprintf(path, sizeof path, "%s/watchdog", check_tmpdir("wd"));
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    REQUIRE(fd >= 0);
    close(fd);
    plat_watchdog *w = plat_watchdog_open(path, 30, err, sizeof err);
    REQUIRE(w != NULL);
    CHECK_EQ_INT(plat_watchdog_timeout(w), 0); /* a plain file has no timer to ask */
    for (int i = 0; i < 3; i++)
        CHECK_EQ_INT(plat_watchdog_kick(w), 0);
    plat_watchdog_close(w);
    char got[64] = "";
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL);
    size_t n = fread(got, 1, sizeof got - 1, f);
    fclose(f);
    got[n] = '\0';
    CHECK_EQ_INT(n, 4);                          /* one byte a kick, three kicks */
    CHECK_EQ_INT(got[n - 1], 'V');               /* magic close last */
    CHECK(memchr(got, 'V', n - 1) == NULL);      /* and never in a kick */
    plat_watchdog_close(NULL);
}

static void test_missing_device(void)
{
    char err[256] = "";
    CHECK(plat_watchdog_open("/nonexistent/watchdog", 30, err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent/watchdog") != NULL);
}

int main(void)
{
    RUN(test_kick_and_magic_close);
    RUN(test_missing_device);
    return check_summary();
}
