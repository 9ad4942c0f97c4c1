/* test_hand.c — handwriting with the real Zinnia engine and Tegaki model, fed
 * with stroke fixtures written by hand (tests/ime/hand-strokes.txt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ime/hand.h"

#define MAX_FIX 32
#define MAX_STROKES 16
#define MAX_PTS 32

typedef struct {
    char ch[8];
    int rank; /* must be within the top `rank` candidates */
    int nstrokes;
    int npts[MAX_STROKES];
    int x[MAX_STROKES][MAX_PTS], y[MAX_STROKES][MAX_PTS];
} fixture;

static fixture g_fix[MAX_FIX];
static int g_nfix;
static ime_hand *g_h;

/* Reads the fixture file; returns the number of fixtures or -1. */
static int load_fixtures(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[1024];
    fixture *cur = NULL;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#')
            continue;
        if (line[0] == '\0') {
            cur = NULL;
            continue;
        }
        char *tab = strchr(line, '\t');
        if (!cur && tab) {
            if (g_nfix == MAX_FIX)
                break;
            cur = &g_fix[g_nfix++];
            memset(cur, 0, sizeof *cur);
            *tab = '\0';
            size_t n = strlen(line) < sizeof cur->ch - 1 ? strlen(line) : sizeof cur->ch - 1;
            memcpy(cur->ch, line, n);
            cur->ch[n] = '\0';
            cur->rank = atoi(tab + 1);
            continue;
        }
        if (!cur || cur->nstrokes == MAX_STROKES) {
            fclose(f);
            return -1;
        }
        int s = cur->nstrokes++;
        char *p = line;
        int x, y, used;
        while (cur->npts[s] < MAX_PTS && sscanf(p, "%d,%d%n", &x, &y, &used) == 2) {
            cur->x[s][cur->npts[s]] = x;
            cur->y[s][cur->npts[s]] = y;
            cur->npts[s]++;
            p += used;
        }
    }
    fclose(f);
    return g_nfix;
}

/* Draws fixture fx on a w x h canvas (scaled from 1000 x 1000). */
static void draw(const fixture *fx, int w, int h)
{
    ime_hand_clear(g_h);
    for (int s = 0; s < fx->nstrokes; s++) {
        for (int i = 0; i < fx->npts[s]; i++)
            CHECK_EQ_INT(ime_hand_add_point(g_h, s, fx->x[s][i] * w / 1000, fx->y[s][i] * h / 1000),
                         IME_HAND_OK);
        CHECK_EQ_INT(ime_hand_end_stroke(g_h), IME_HAND_OK);
    }
    /* every stroke ended: the next is fx->nstrokes, not the last one again */
    CHECK_EQ_INT(ime_hand_add_point(g_h, fx->nstrokes - 1, 0, 0), IME_HAND_ERR_STROKE);
}

static int rank_of(const char *ch)
{
    for (int i = 0; ime_hand_candidate(g_h, i); i++)
        if (!strcmp(ime_hand_candidate(g_h, i), ch))
            return i + 1;
    return 0;
}

static void test_open(void)
{
    const char *m = ime_hand_default_model();
    REQUIRE(m != NULL);
    char err[256];
    int rc = ime_hand_new(&g_h, NULL, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "new: %s (%s)\n", ime_hand_strerror(rc), err);
    CHECK_EQ_INT(rc, IME_HAND_OK);
    REQUIRE(g_h != NULL);
    REQUIRE(load_fixtures(check_testfile("ime/hand-strokes.txt")) >= 10);
}

static void test_fixtures(void)
{
    /* the same strokes on three canvas sizes: a phone-sized box, the kiosk's
     * portrait box, a non-square one and a small one */
    static const int sizes[][2] = {{1000, 1000}, {600, 600}, {720, 560}, {500, 500}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        CHECK_EQ_INT(ime_hand_set_canvas(g_h, sizes[k][0], sizes[k][1]), IME_HAND_OK);
        for (int i = 0; i < g_nfix; i++) {
            const fixture *fx = &g_fix[i];
            draw(fx, sizes[k][0], sizes[k][1]);
            int n = ime_hand_recognise(g_h, 10);
            CHECK(n > 0);
            int r = rank_of(fx->ch);
            fprintf(stderr, "  %dx%d %s: rank %d (top: %s %s %s)\n", sizes[k][0], sizes[k][1],
                    fx->ch, r, n > 0 ? ime_hand_candidate(g_h, 0) : "-",
                    n > 1 ? ime_hand_candidate(g_h, 1) : "-",
                    n > 2 ? ime_hand_candidate(g_h, 2) : "-");
            CHECK(r >= 1 && r <= fx->rank);
            /* the ranking is stable: the same strokes again, the same list */
            char first[10][8];
            for (int j = 0; j < n; j++)
                snprintf(first[j], sizeof first[j], "%s", ime_hand_candidate(g_h, j));
            CHECK_EQ_INT(ime_hand_recognise(g_h, 10), n);
            for (int j = 0; j < n; j++)
                CHECK_EQ_STR(ime_hand_candidate(g_h, j), first[j]);
            CHECK(ime_hand_candidate(g_h, n) == NULL);
        }
    }
    CHECK_EQ_INT(ime_hand_set_canvas(g_h, 1000, 1000), IME_HAND_OK);
}

static void test_stroke_by_stroke(void)
{
    /* 三 written stroke by stroke, recognised after each: 三 after the third
     * (its first stroke alone is short: the engine may read it as 丶) */
    const fixture *san = NULL;
    for (int i = 0; i < g_nfix; i++)
        if (!strcmp(g_fix[i].ch, "三"))
            san = &g_fix[i];
    REQUIRE(san != NULL);
    ime_hand_clear(g_h);
    static const char *want[] = {NULL, NULL, "三"};
    for (int s = 0; s < 3; s++) {
        for (int i = 0; i < san->npts[s]; i++)
            CHECK_EQ_INT(ime_hand_add_point(g_h, s, san->x[s][i], san->y[s][i]), IME_HAND_OK);
        CHECK_EQ_INT(ime_hand_end_stroke(g_h), IME_HAND_OK);
        CHECK(ime_hand_recognise(g_h, 5) > 0);
        if (want[s])
            CHECK_EQ_STR(ime_hand_candidate(g_h, 0), want[s]);
    }
    /* the stroke being drawn counts too (before finger up) */
    ime_hand_clear(g_h);
    CHECK_EQ_INT(ime_hand_add_point(g_h, 0, 150, 500), IME_HAND_OK);
    CHECK_EQ_INT(ime_hand_add_point(g_h, 0, 850, 500), IME_HAND_OK);
    CHECK(ime_hand_recognise(g_h, 3) > 0);
    CHECK_EQ_INT(rank_of("一"), 1);
    ime_hand_clear(g_h);
    CHECK(ime_hand_candidate(g_h, 0) == NULL);
}

static void test_misuse(void)
{
    ime_hand_clear(g_h);
    CHECK_EQ_INT(ime_hand_recognise(g_h, 5), IME_HAND_ERR_EMPTY);
    CHECK_EQ_INT(ime_hand_end_stroke(g_h), IME_HAND_ERR_EMPTY);
    /* a point for a stroke that is not the one being drawn */
    CHECK_EQ_INT(ime_hand_add_point(g_h, 1, 10, 10), IME_HAND_ERR_STROKE);
    CHECK_EQ_INT(ime_hand_add_point(g_h, -1, 10, 10), IME_HAND_ERR_STROKE);
    CHECK_EQ_INT(ime_hand_add_point(g_h, 0, 10, 10), IME_HAND_OK);
    CHECK_EQ_INT(ime_hand_end_stroke(g_h), IME_HAND_OK);
    CHECK_EQ_INT(ime_hand_add_point(g_h, 0, 20, 20), IME_HAND_ERR_STROKE);
    CHECK_EQ_INT(ime_hand_add_point(g_h, 2, 20, 20), IME_HAND_ERR_STROKE); /* one stroke ended */
    /* bad sizes and counts */
    CHECK_EQ_INT(ime_hand_recognise(g_h, 0), IME_HAND_ERR_ARG);
    CHECK_EQ_INT(ime_hand_set_canvas(g_h, 0, 100), IME_HAND_ERR_ARG);
    CHECK_EQ_INT(ime_hand_set_canvas(g_h, 100, 20000), IME_HAND_ERR_ARG);
    CHECK_EQ_INT(ime_hand_set_canvas(g_h, -5, -5), IME_HAND_ERR_ARG);
    CHECK_EQ_INT(ime_hand_add_point(NULL, 0, 1, 1), IME_HAND_ERR_ARG);
    CHECK_EQ_INT(ime_hand_recognise(NULL, 3), IME_HAND_ERR_ARG);
    /* points off the canvas are moved to its edge: a finger slipping off
     * the bottom still writes 十's vertical */
    CHECK_EQ_INT(ime_hand_set_canvas(g_h, 1000, 1000), IME_HAND_OK);
    CHECK_EQ_INT(ime_hand_add_point(g_h, 1, 500, 500), IME_HAND_ERR_STROKE); /* no stroke left */
    int pts[][2] = {{150, 450}, {500, 450}, {850, 450}};
    for (int i = 0; i < 3; i++)
        CHECK_EQ_INT(ime_hand_add_point(g_h, 0, pts[i][0], pts[i][1]), IME_HAND_OK);
    ime_hand_end_stroke(g_h);
    ime_hand_add_point(g_h, 1, 500, 150);
    ime_hand_add_point(g_h, 1, 500, 700);
    ime_hand_add_point(g_h, 1, 500, 5000);
    ime_hand_end_stroke(g_h);
    CHECK(ime_hand_recognise(g_h, 5) > 0);
    CHECK(rank_of("十") >= 1 && rank_of("十") <= 2);
    /* too many strokes */
    ime_hand_clear(g_h);
    int rc = 0;
    for (int s = 0; s <= IME_HAND_MAX_STROKES && rc == 0; s++) {
        rc = ime_hand_add_point(g_h, s, 10 + s, 10);
        if (rc == 0)
            rc = ime_hand_end_stroke(g_h);
    }
    CHECK_EQ_INT(rc, IME_HAND_ERR_LONG);
    /* the refused stroke is not half counted: the next is still number MAX */
    CHECK_EQ_INT(ime_hand_add_point(g_h, IME_HAND_MAX_STROKES, 1, 1), IME_HAND_ERR_LONG);
    CHECK_EQ_INT(ime_hand_add_point(g_h, IME_HAND_MAX_STROKES - 1, 1, 1), IME_HAND_ERR_STROKE);
    /* too many points; repeated points are not counted */
    ime_hand_clear(g_h);
    for (int i = 0; i < 3 * IME_HAND_MAX_POINTS; i++)
        CHECK_EQ_INT(ime_hand_add_point(g_h, 0, 500, 500), IME_HAND_OK);
    rc = 0;
    for (int i = 0; i <= IME_HAND_MAX_POINTS && rc == 0; i++)
        rc = ime_hand_add_point(g_h, 0, i % 1000, i / 1000);
    CHECK_EQ_INT(rc, IME_HAND_ERR_LONG);
    CHECK_EQ_INT(ime_hand_end_stroke(g_h), IME_HAND_OK);
    CHECK(ime_hand_recognise(g_h, 3) >= 0);
    ime_hand_clear(g_h);
}

static void test_bad_models(void)
{
    ime_hand *h = NULL;
    char err[256];
    CHECK_EQ_INT(ime_hand_new(&h, "/nonexistent/model", err, sizeof err), IME_HAND_ERR_MODEL);
    CHECK(strstr(err, "/nonexistent/model") != NULL);
    CHECK(h == NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/garbage.model", check_tmpdir("hand"));
    FILE *f = fopen(path, "wb");
    REQUIRE(f != NULL);
    for (int i = 0; i < 4096; i++)
        fputc((i * 7919) & 0xff, f);
    fclose(f);
    CHECK_EQ_INT(ime_hand_new(&h, path, err, sizeof err), IME_HAND_ERR_MODEL);
    CHECK(h == NULL);
    CHECK_EQ_INT(ime_hand_new(&h, check_tmpdir("hand"), err, sizeof err), IME_HAND_ERR_MODEL);
    CHECK(h == NULL);
    setenv(IME_HAND_MODEL_ENV, "/elsewhere/model", 1);
    CHECK_EQ_STR(ime_hand_default_model(), "/elsewhere/model");
    unsetenv(IME_HAND_MODEL_ENV);
    CHECK_EQ_INT(ime_hand_new(NULL, NULL, NULL, 0), IME_HAND_ERR_ARG);
    CHECK(strcmp(ime_hand_strerror(IME_HAND_ERR_STROKE), ime_hand_strerror(99)) != 0);
    ime_hand_free(NULL);
}

int main(void)
{
    RUN(test_open);
    if (g_h) {
        RUN(test_fixtures);
        RUN(test_stroke_by_stroke);
        RUN(test_misuse);
        }
    RUN(test_bad_models);
    ime_hand_free(g_h);
    return check_summary();
}
