/* test_gb.c — the GB 2312 table (assets/ime/gb2312.txt, made from Python's
 * gb2312 codec) agrees with the C library's iconv GB2312 converter on every
 * Han character of U+4E00..U+9FFF, and a malformed table is refused with the
 * line named. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/utf8.h"
#include "fixtures.h"
#include "ime/gb2312.h"

/* The level iconv gives cp: 1 (rows 0xB0-0xD7), 2 (0xD8-0xF7), 0 outside. */
static int iconv_level(iconv_t cd, uint32_t cp)
{
    char in[8], out[8];
    int n = utf8_encode(cp, in);
    char *ip = in, *op = out;
    size_t il = (size_t)n, ol = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || op - out != 2)
        return 0;
    unsigned char hi = (unsigned char)out[0];
    return hi >= 0xB0 && hi <= 0xD7 ? 1 : hi >= 0xD8 && hi <= 0xF7 ? 2 : 0;
}

static void test_agrees_with_iconv(void)
{
    ime_gb *g = NULL;
    char err[256];
    REQUIRE(ime_gb_load(&g, check_asset(IME_GB_FILE), err, sizeof err) == IME_GB_OK);
    iconv_t cd = iconv_open("GB2312", "UTF-8");
    REQUIRE(cd != (iconv_t)-1);
    int n[3] = {0, 0, 0}, differ = 0;
    for (uint32_t cp = 0x4E00; cp <= 0x9FFF; cp++) {
        int want = iconv_level(cd, cp), got = ime_gb_level(g, cp);
        if (want != got && differ++ < 5)
            printf("  U+%04X: table %d, iconv %d\n", (unsigned)cp, got, want);
        n[got >= 0 && got <= 2 ? got : 0]++;
    }
    iconv_close(cd);
    CHECK_EQ_INT(differ, 0);
    CHECK_EQ_INT(n[1], 3755);
    CHECK_EQ_INT(n[2], 3008);
    /* the rare and traditional characters, and rare name characters */
    const char *outside = "錒吋邨組堃祎赟䶮";
    for (const char *p = outside; *p;)
        CHECK_EQ_INT(ime_gb_level(g, utf8_next(&p)), 0);
    CHECK_EQ_INT(ime_gb_level(g, 0x738B), 1); /* 王 */
    CHECK_EQ_INT(ime_gb_level(g, 0x742A), 2); /* 琪 */
    CHECK_EQ_INT(ime_gb_level(g, 'a'), -1);
    CHECK_EQ_INT(ime_gb_level(g, 0x00B7), -1); /* · */
    ime_gb_free(g);
}

static void test_malformed(void)
{
    static const struct {
        const char *text, *why;
    } BAD[] = {
        {"1\t王\n", ":1: a level is missing"},
        {"1\t王\n2\t王\n", ":2: character listed twice"},
        {"# c\n3\t王\n", ":2: expected"},
        {"1\t王a\n2\t琪\n", ":1: not a Han character"},
        {"1\t王\n1\t网\n2\t琪\n", ":2: level given twice"},
    };
    const char *dir = fx_fresh_dir("gb");
    REQUIRE(dir != NULL);
    char path[1024], err[512];
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        snprintf(path, sizeof path, "%s/bad.txt", dir);
        FILE *f = fopen(path, "w");
        REQUIRE(f != NULL);
        fputs(BAD[i].text, f);
        fclose(f);
        ime_gb *g = (ime_gb *)1;
        CHECK_EQ_INT(ime_gb_load(&g, path, err, sizeof err), IME_GB_ERR_FORMAT);
        CHECK(g == NULL);
        if (!strstr(err, BAD[i].why))
            printf("  %s: got \"%s\"\n", BAD[i].why, err);
        CHECK(strstr(err, BAD[i].why) != NULL);
    }
    ime_gb *g = NULL;
    snprintf(path, sizeof path, "%s/no-such-table.txt", dir);
    CHECK_EQ_INT(ime_gb_load(&g, path, err, sizeof err), IME_GB_ERR_FILE);
    CHECK(g == NULL && strstr(err, "no-such-table.txt") != NULL);
}

int main(void)
{
    RUN(test_agrees_with_iconv);
    RUN(test_malformed);
    return check_summary();
}
