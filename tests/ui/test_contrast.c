/* test_contrast.c — text contrast on every reference image (tests/<suite>/ref/
 * *.png), from the rendered pixels: at least 7:1 in large-text (elderly)
 * images and 4.5:1 in the others (WCAG 2.2 1.4.6 and 1.4.3; the MIIT 适老化
 * rules ask at least 4.5:1).
 *
 * Text is found by the palette's text colours (theme.c: ink, ink_soft,
 * primary, primary_ink, ok, warn, danger, accent and the tiles' colours; not
 * the grey of disabled buttons, which WCAG exempts) in thin strokes: in each 32 x 32 cell of an image, a text
 * colour with enough pixels that never fills a whole 9 x 9 square (glyph
 * strokes are thinner; a filled square is a button or a bar, not text) is
 * text on the cell's commonest other colour, its background. A failure names
 * the image (the screen), the cell (where the element is) and the two
 * colours.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "uitest.h"

#define CELL 32
#define SOLID 9

static const unsigned TEXT_COLOURS[] = {
    /* standard */
    0x1B2430, 0x4A5565, 0x0B5CAD, 0xFFFFFF, 0xC8102E, 0x1E7B34, 0xB35900, 0xA65300, 0xB00020,
    0x0B7A75, 0x6A3FA0, 0x2E7D32, 0x8A5A00, 0x37474F,
    /* high contrast (large text) */
    0x000000, 0x1A1A1A, 0x003A80, 0x9E0000, 0x0A5A1E, 0x7A3C00, 0x00504C, 0x4A1F80, 0x5C3B00};

/* What text is drawn on: the page, cards and keys (light), and filled
 * buttons, bars and tiles (dark, with white text only). Colours that are not
 * the palette's (under a dialog's scrim, shadows) are not read. */
static const unsigned LIGHT_FILLS[] = {0xEEF3F8, 0xFFFFFF, 0xE1E1E1};
static const unsigned DARK_FILLS[] = {0x0B5CAD, 0x1E7B34, 0xB00020, 0xC8102E, 0xB35900, 0x0B7A75,
                                      0x6A3FA0, 0x2E7D32, 0x8A5A00, 0x37474F, 0x1B2430, 0x003A80,
                                      0x0A5A1E, 0x9E0000, 0x7A3C00, 0x00504C, 0x4A1F80, 0x5C3B00,
                                      0x000000, 0xB35900, 0xA65300};

static int in(const unsigned *set, size_t n, unsigned c)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

/* A pair the drawing code uses for text: dark text on a light fill, white
 * text on a dark one. */
static int text_pair(unsigned fg, unsigned bg)
{
    if (in(LIGHT_FILLS, sizeof LIGHT_FILLS / sizeof *LIGHT_FILLS, bg))
        return fg != 0xFFFFFF && !in(LIGHT_FILLS, sizeof LIGHT_FILLS / sizeof *LIGHT_FILLS, fg);
    if (in(DARK_FILLS, sizeof DARK_FILLS / sizeof *DARK_FILLS, bg))
        return fg == 0xFFFFFF;
    return 0;
}

static double lin(double c)
{
    c /= 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lum(unsigned rgb)
{
    return 0.2126 * lin((rgb >> 16) & 255) + 0.7152 * lin((rgb >> 8) & 255) + 0.0722 * lin(rgb & 255);
}

static double ratio(unsigned a, unsigned b)
{
    double la = lum(a), lb = lum(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static unsigned px(const uint8_t *img, int w, int x, int y)
{
    const uint8_t *p = img + ((size_t)y * (size_t)w + (size_t)x) * 4;
    return (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
}

static int is_text_colour(unsigned c)
{
    for (size_t i = 0; i < sizeof TEXT_COLOURS / sizeof *TEXT_COLOURS; i++)
        if (TEXT_COLOURS[i] == c)
            return 1;
    return 0;
}

/* 1 if the SOLID x SOLID square at (x, y) is all colour c. */
static int solid(const uint8_t *img, int w, int h, int x, int y, unsigned c)
{
    if (x + SOLID > w || y + SOLID > h)
        return 0;
    for (int j = y; j < y + SOLID; j++)
        for (int i = x; i < x + SOLID; i++)
            if (px(img, w, i, j) != c)
                return 0;
    return 1;
}

typedef struct {
    unsigned c;
    int n;
} count;

static int failures;

/* Checks one image; prints each failing element (one per colour pair). */
static void check_image(const char *path, const char *name, double need)
{
    uint8_t *img = NULL;
    int w, h;
    char err[256];
    if (uitest_png_read(path, &img, &w, &h, err, sizeof err) != 0) {
        printf("  %s: %s\n", name, err);
        failures++;
        return;
    }
    unsigned seen_fg[32], seen_bg[32];
    int nseen = 0;
    for (int cy = 0; cy + CELL <= h; cy += CELL)
        for (int cx = 0; cx + CELL <= w; cx += CELL) {
            count hist[64];
            int nh = 0;
            for (int y = cy; y < cy + CELL; y++)
                for (int x = cx; x < cx + CELL; x++) {
                    unsigned c = px(img, w, x, y);
                    int k = 0;
                    while (k < nh && hist[k].c != c)
                        k++;
                    if (k == nh && nh < 64)
                        hist[nh++] = (count){c, 0};
                    if (k < nh)
                        hist[k].n++;
                }
            for (int k = 0; k < nh; k++) {
                unsigned fg = hist[k].c;
                if (!is_text_colour(fg) || hist[k].n < 12)
                    continue;
                /* the background: the commonest other colour of the cell */
                int best = -1;
                for (int j = 0; j < nh; j++)
                    if (j != k && (best < 0 || hist[j].n > hist[best].n))
                        best = j;
                if (best < 0 || hist[best].n < CELL * CELL / 4)
                    continue;
                unsigned bg = hist[best].c;
                if (!text_pair(fg, bg))
                    continue;
                double r = ratio(fg, bg);
                if (r >= need)
                    continue;
                int filled = 0; /* a fill, not a stroke */
                for (int y = cy - SOLID + 1; y < cy + CELL && !filled; y++)
                    for (int x = cx - SOLID + 1; x < cx + CELL && !filled; x++)
                        if (x >= 0 && y >= 0 && solid(img, w, h, x, y, fg))
                            filled = 1;
                if (filled)
                    continue;
                int dup = 0;
                for (int s = 0; s < nseen; s++)
                    dup |= seen_fg[s] == fg && seen_bg[s] == bg;
                if (dup)
                    continue;
                if (nseen < 32) {
                    seen_fg[nseen] = fg;
                    seen_bg[nseen] = bg;
                    nseen++;
                }
                printf("  %s: text #%06X on #%06X at (%d,%d)-(%d,%d): %.2f:1 < %.1f:1\n", name, fg, bg,
                       cx, cy, cx + CELL, cy + CELL, r, need);
                failures++;
            }
        }
    free(img);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* 1 if the file name, split at '-' and '.', has the word w: a large-text
 * image is named "...-elderly.png" or "...-large-...", while an item's id may
 * hold the word in another (first-elderly_card.png: 老年人优待证, normal text). */
static int has_word(const char *name, const char *w)
{
    size_t m = strlen(w);
    for (const char *p = name; (p = strstr(p, w)) != NULL; p += m)
        if ((p == name || p[-1] == '-' || p[-1] == '.') && (p[m] == '-' || p[m] == '.'))
            return 1;
    return 0;
}

static void test_every_reference(void)
{
    char tests_dir[4096];
    snprintf(tests_dir, sizeof tests_dir, "%s", check_testfile(""));
    DIR *top = opendir(tests_dir);
    REQUIRE(top != NULL);
    int images = 0;
    struct dirent *suite;
    while ((suite = readdir(top))) {
        if (suite->d_name[0] == '.')
            continue;
        char refdir[4600];
        snprintf(refdir, sizeof refdir, "%s/%s/ref", tests_dir, suite->d_name);
        DIR *d = opendir(refdir);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!ends_with(e->d_name, ".png"))
                continue;
            char path[5200], name[600];
            snprintf(path, sizeof path, "%s/%s", refdir, e->d_name);
            snprintf(name, sizeof name, "%s/ref/%s", suite->d_name, e->d_name);
            int large = has_word(e->d_name, "elderly") || has_word(e->d_name, "large");
            check_image(path, name, large ? 7.0 : 4.5);
            images++;
        }
        closedir(d);
    }
    closedir(top);
    printf("  %d reference images checked\n", images);
    CHECK(images > 50);
    CHECK_EQ_INT(failures, 0);
}

/* The check itself: a known pair fails, a good one passes. */
static void test_ratio(void)
{
    CHECK(fabs(ratio(0x000000, 0xFFFFFF) - 21.0) < 0.01);
    CHECK(ratio(0x767676, 0xFFFFFF) > 4.5 && ratio(0x777777, 0xFFFFFF) < 4.5);
}

int main(void)
{
    RUN(test_ratio);
    RUN(test_every_reference);
    return check_summary();
}
