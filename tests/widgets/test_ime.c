/* test_ime.c — typing a name on the gallery's keyboards with the real
 * engines (app/ime through app/ui/kb_ime): taps on letter keys and on the
 * candidates (`tap @id`), whole phrases, one character at a time, rare name
 * characters on later candidate pages, the middle dot, backspace; reference
 * images of the keyboard with candidates. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ui/screens/gallery/demo_gallery.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/core/script.h"
#include "uitest.h"
#include "ui/core/session.h"

static void letters(uitest_app *u, const char *s)
{
    for (; *s; s++) {
        char line[32];
        snprintf(line, sizeof line, "tap @kb.k.%c\n", *s);
        CHECK_EQ_INT(uitest_run(u, line), 0);
    }
}

/* Taps the candidate `want`, turning candidate pages as a person would.
 * Returns the page it was found on (0 = first) or -1. */
static int pick(uitest_app *u, kb *k, const char *want)
{
    int idx = -1;
    for (int i = 0; i < kb_cand_count(k); i++)
        if (!strcmp(kb_cand(k, i), want)) {
            idx = i;
            break;
        }
    if (idx < 0) {
        printf("  '%s' is not among %d candidates\n", want, kb_cand_count(k));
        return -1;
    }
    char id[64], line[80];
    snprintf(id, sizeof id, "kb.c.%d", idx);
    for (int page = 0; page < 40; page++) {
        int x, y;
        ui_app_render(u->app, 1);
        if (ui_app_find_target(u->app, id, &x, &y) == 0) {
            snprintf(line, sizeof line, "tap @%s\n", id);
            return uitest_run(u, line) == 0 ? page : -1;
        }
        if (uitest_run(u, "tap @kb.next\n") != 0)
            return -1;
    }
    return -1;
}

static kb *open_pinyin(uitest_app *u)
{
    if (uitest_open(u, 1080, 1920) != 0)
        return NULL;
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("  %s\n", err);
        return NULL;
    }
    if (uitest_run(u, "demo kb-pinyin\n"))
        return NULL;
    return ui_demo_kb(ui_app_top(u->app));
}

static void close_pinyin(uitest_app *u)
{
    uitest_close(u);
    kb_ime_uninstall();
}

static void test_name_by_characters(void)
{
    uitest_app u;
    kb *k = open_pinyin(&u);
    REQUIRE(k != NULL);
    letters(&u, "zhang");
    CHECK_EQ_STR(kb_composing(k), "zhang");
    CHECK(kb_cand_count(k) > 5);
    CHECK_EQ_INT(pick(&u, k, "张"), 0);
    CHECK_EQ_STR(kb_text(k), "张");
    CHECK_EQ_STR(kb_composing(k), "");
    letters(&u, "wei");
    CHECK(pick(&u, k, "伟") >= 0);
    CHECK_EQ_STR(kb_text(k), "张伟");
    close_pinyin(&u);
}

static void test_phrase_and_partial(void)
{
    uitest_app u;
    kb *k = open_pinyin(&u);
    REQUIRE(k != NULL);
    letters(&u, "lisi");
    CHECK(pick(&u, k, "李四") >= 0);
    CHECK_EQ_STR(kb_text(k), "李四");
    REQUIRE(uitest_run(&u, "tap @kb.k.clear\n") == 0);
    CHECK_EQ_STR(kb_text(k), "");
    /* one syllable at a time out of a longer spelling */
    letters(&u, "wangfang");
    CHECK(pick(&u, k, "王") >= 0);
    CHECK_EQ_STR(kb_text(k), "");
    CHECK_EQ_STR(kb_composing(k), "王fang");
    CHECK(pick(&u, k, "芳") >= 0);
    CHECK_EQ_STR(kb_text(k), "王芳");
    /* backspace: a letter, then the text */
    letters(&u, "li");
    REQUIRE(uitest_run(&u, "tap @kb.k.bs\n") == 0);
    CHECK_EQ_STR(kb_composing(k), "l");
    REQUIRE(uitest_run(&u, "tap @kb.k.bs\ntap @kb.k.bs\n") == 0);
    CHECK_EQ_STR(kb_composing(k), "");
    CHECK_EQ_STR(kb_text(k), "王");
    close_pinyin(&u);
}

/* Taps on keyboard k2 (not on screen: its ids go straight to it). */
static void keys2(uitest_app *u, kb *k2, const char *s)
{
    for (; *s; s++) {
        char id[32];
        snprintf(id, sizeof id, "kb2.k.%c", *s);
        CHECK_EQ_INT(kb_activate(k2, u->app, id), 1);
    }
}

static int cand_index(const kb *k, const char *want)
{
    for (int i = 0; i < kb_cand_count(k); i++)
        if (!strcmp(kb_cand(k, i), want))
            return i;
    return -1;
}

/* Two keyboards composing by turns (a form's question closed with letters
 * waiting, another's typed in): each keeps its own composition in the one
 * pinyin engine, put aside and taken up again, its candidates the same; one
 * freed leaves the other's alone. */
static void test_two_keyboards(void)
{
    uitest_app u;
    kb *k = open_pinyin(&u);
    REQUIRE(k != NULL);
    kb *k2 = kb_new("kb2", KB_PINYIN);
    REQUIRE(k2 != NULL);
    letters(&u, "zhangsan");
    CHECK(pick(&u, k, "张") >= 0);
    CHECK_EQ_STR(kb_composing(k), "张san");
    keys2(&u, k2, "qing");
    CHECK_EQ_STR(kb_composing(k2), "qing");
    CHECK(cand_index(k2, "青") >= 0);
    /* back to the first: its letters and candidates, the choice its own */
    CHECK_EQ_STR(kb_composing(k), "张san");
    CHECK(pick(&u, k, "三") >= 0);
    CHECK_EQ_STR(kb_text(k), "张三");
    char id[32];
    snprintf(id, sizeof id, "kb2.c.%d", cand_index(k2, "青"));
    CHECK_EQ_INT(kb_activate(k2, u.app, id), 1);
    CHECK_EQ_STR(kb_text(k2), "青");
    /* a backspace taken up again; then the other freed mid-composition */
    letters(&u, "lis");
    keys2(&u, k2, "wang");
    REQUIRE(uitest_run(&u, "tap @kb.k.bs\n") == 0);
    CHECK_EQ_STR(kb_composing(k), "li");
    keys2(&u, k2, "g");
    kb_free(k2);
    CHECK(pick(&u, k, "李") >= 0);
    CHECK_EQ_STR(kb_text(k), "张三李");
    close_pinyin(&u);
}

static void test_rare_and_dot(void)
{
    uitest_app u;
    kb *k = open_pinyin(&u);
    REQUIRE(k != NULL);
    /* 䶮 (yan) is a rare character: it comes after the common ones */
    letters(&u, "liuyan");
    CHECK(pick(&u, k, "刘") >= 0);
    /* the 生僻字 key jumps to the first page of rare characters */
    REQUIRE(uitest_run(&u, "tap @kb.k.rare\n") == 0);
    int page = pick(&u, k, "䶮");
    CHECK(page >= 0);
    printf("  䶮 found %d pages after the rare jump\n", page);
    CHECK_EQ_STR(kb_text(k), "刘䶮");
    text_reset_missing(ui_app_text(u.app));
    ui_app_render(u.app, 1);
    CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
    REQUIRE(uitest_run(&u, "tap @kb.k.clear\n") == 0);
    /* a minority name with the middle dot */
    letters(&u, "ayi");
    CHECK(pick(&u, k, "阿") >= 0);
    CHECK(pick(&u, k, "依") >= 0);
    REQUIRE(uitest_run(&u, "tap @kb.k.mid\n") == 0);
    letters(&u, "maimaiti");
    CHECK(pick(&u, k, "买") >= 0);
    CHECK(pick(&u, k, "买") >= 0);
    CHECK(pick(&u, k, "提") >= 0);
    CHECK_EQ_STR(kb_text(k), "阿依·买买提");
    /* the dot while letters wait puts the best candidates in first */
    REQUIRE(uitest_run(&u, "tap @kb.k.clear\n") == 0);
    letters(&u, "ayi");
    REQUIRE(uitest_run(&u, "tap @kb.k.mid\n") == 0);
    CHECK_EQ_STR(kb_composing(k), "");
    CHECK(strlen(kb_text(k)) > strlen("·"));
    CHECK(strstr(kb_text(k), "·") != NULL);
    close_pinyin(&u);
}

static void test_candidate_pages(void)
{
    uitest_app u;
    kb *k = open_pinyin(&u);
    REQUIRE(k != NULL);
    letters(&u, "shi");
    CHECK(kb_cand_count(k) > 30);
    int x, y, x0, y0;
    REQUIRE(ui_app_find_target(u.app, "kb.c.0", &x0, &y0) == 0);
    CHECK(ui_app_find_target(u.app, "kb.prev", &x, &y) != 0); /* first page: no way back */
    /* 更多 turns the page, 上页 comes back */
    REQUIRE(uitest_run(&u, "tap @kb.next\n") == 0);
    CHECK(ui_app_find_target(u.app, "kb.c.0", &x, &y) != 0);
    REQUIRE(uitest_run(&u, "tap @kb.prev\n") == 0);
    CHECK_EQ_INT(ui_app_find_target(u.app, "kb.c.0", &x, &y), 0);
    /* a swipe to the left on the candidates does the same, to the right back */
    char drag[96];
    snprintf(drag, sizeof drag, "drag %d %d %d %d 200\n", x0 + 400, y0, x0, y0);
    REQUIRE(uitest_run(&u, drag) == 0);
    CHECK(ui_app_find_target(u.app, "kb.c.0", &x, &y) != 0);
    CHECK_EQ_STR(kb_text(k), ""); /* a swipe chooses nothing */
    snprintf(drag, sizeof drag, "drag %d %d %d %d 200\n", x0, y0, x0 + 400, y0);
    REQUIRE(uitest_run(&u, drag) == 0);
    CHECK_EQ_INT(ui_app_find_target(u.app, "kb.c.0", &x, &y), 0);
    close_pinyin(&u);
}

static void test_refs(void)
{
    for (int el = 0; el <= 1; el++) {
        uitest_app u;
        kb *k = open_pinyin(&u);
        REQUIRE(k != NULL);
        ui_app_set_elderly(u.app, el);
        letters(&u, "zhang");
        CHECK(pick(&u, k, "张") == 0);
        letters(&u, "xiaohong");
        text_reset_missing(ui_app_text(u.app));
        CHECK_EQ_INT(uitest_compare(&u, el ? "widgets/ref/kb-pinyin-cands-1080x1920-elderly.png"
                                           : "widgets/ref/kb-pinyin-cands-1080x1920.png"), 0);
        CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
        uitest_check_targets(&u);
        close_pinyin(&u);
    }
}

/* ---- handwriting ---- */

typedef struct {
    SDL_Rect r;
    int found;
} canvas_find;

static void find_canvas(void *ud, const char *id, const SDL_Rect *r)
{
    canvas_find *c = ud;
    if (!strcmp(id, "kb.canvas")) {
        c->r = *r;
        c->found = 1;
    }
}

/* Draws strokes given in 0..100 units of a square in the canvas's middle,
 * each as finger down, moves every few units, finger up. */
static void write_strokes(uitest_app *u, const int (*pts)[2], const int *lens, int nstrokes)
{
    canvas_find c = {{0, 0, 0, 0}, 0};
    ui_app_render(u->app, 1);
    ui_app_each_target(u->app, find_canvas, &c);
    REQUIRE(c.found);
    int side = (c.r.w < c.r.h ? c.r.w : c.r.h) * 8 / 10;
    int ox = c.r.x + (c.r.w - side) / 2, oy = c.r.y + (c.r.h - side) / 2;
    int k = 0;
    for (int s = 0; s < nstrokes; s++) {
        for (int i = 0; i < lens[s] - 1; i++, k++) {
            int x0 = pts[k][0], y0 = pts[k][1], x1 = pts[k + 1][0], y1 = pts[k + 1][1];
            for (int step = 0; step <= 8; step++) {
                char line[64];
                int x = ox + (x0 + (x1 - x0) * step / 8) * side / 100;
                int y = oy + (y0 + (y1 - y0) * step / 8) * side / 100;
                snprintf(line, sizeof line, "%s %d %d\nwait 10\n",
                         i == 0 && step == 0 ? "down" : "move", x, y);
                CHECK_EQ_INT(uitest_run(u, line), 0);
            }
        }
        int x = ox + pts[k][0] * side / 100, y = oy + pts[k][1] * side / 100;
        char line[64];
        snprintf(line, sizeof line, "up %d %d\n", x, y);
        CHECK_EQ_INT(uitest_run(u, line), 0);
        k++;
    }
}

/* 王: 横 横 竖 横 */
static const int WANG[][2] = {{20, 15}, {80, 15}, {25, 50}, {75, 50}, {50, 15}, {50, 88},
                              {12, 88}, {88, 88}};
static const int WANG_LEN[] = {2, 2, 2, 2};
/* 丁: 横, 竖钩 */
static const int DING[][2] = {{10, 15}, {90, 15}, {52, 15}, {52, 90}, {40, 80}};
static const int DING_LEN[] = {2, 3};

static int rank_of(const kb *k, const char *want)
{
    for (int i = 0; i < kb_cand_count(k); i++)
        if (!strcmp(kb_cand(k, i), want))
            return i;
    return -1;
}

static void test_name_by_handwriting(void)
{
    uitest_app u;
    kb *k = open_pinyin(&u);
    REQUIRE(k != NULL);
    REQUIRE(uitest_run(&u, "tap @kb.k.mode\n") == 0);
    CHECK_EQ_INT(kb_get_kind(k), KB_HAND);
    write_strokes(&u, WANG, WANG_LEN, 4);
    CHECK_EQ_INT(kb_stroke_count(k), 4);
    int r = rank_of(k, "王");
    printf("  王 ranks %d of %d candidates\n", r + 1, kb_cand_count(k));
    CHECK(r >= 0 && r < 3);
    CHECK(pick(&u, k, "王") >= 0);
    CHECK_EQ_STR(kb_text(k), "王");
    CHECK_EQ_INT(kb_stroke_count(k), 0); /* the canvas is clean for the next one */
    /* a wrong stroke is wiped with 重写 */
    write_strokes(&u, WANG, WANG_LEN, 1);
    CHECK_EQ_INT(kb_stroke_count(k), 1);
    REQUIRE(uitest_run(&u, "tap @kb.k.rewrite\n") == 0);
    CHECK_EQ_INT(kb_stroke_count(k), 0);
    CHECK_EQ_INT(kb_cand_count(k), 0);
    write_strokes(&u, DING, DING_LEN, 2);
    r = rank_of(k, "丁");
    printf("  丁 ranks %d of %d candidates\n", r + 1, kb_cand_count(k));
    CHECK(r >= 0 && r < 3);
    CHECK(pick(&u, k, "丁") >= 0);
    CHECK_EQ_STR(kb_text(k), "王丁");
    /* back to pinyin keeps the text */
    REQUIRE(uitest_run(&u, "tap @kb.k.mode\n") == 0);
    CHECK_EQ_INT(kb_get_kind(k), KB_PINYIN);
    CHECK_EQ_STR(kb_text(k), "王丁");
    close_pinyin(&u);
}

static void test_hand_refs(void)
{
    for (int el = 0; el <= 1; el++) {
        uitest_app u;
        kb *k = open_pinyin(&u);
        REQUIRE(k != NULL);
        ui_app_set_elderly(u.app, el);
        REQUIRE(uitest_run(&u, "tap @kb.k.mode\n") == 0);
        write_strokes(&u, WANG, WANG_LEN, 4);
        text_reset_missing(ui_app_text(u.app));
        CHECK_EQ_INT(uitest_compare(&u, el ? "widgets/ref/kb-hand-ink-1080x1920-elderly.png"
                                           : "widgets/ref/kb-hand-ink-1080x1920.png"), 0);
        CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
        uitest_check_targets(&u);
        close_pinyin(&u);
    }
}

int main(void)
{
    RUN(test_name_by_characters);
    RUN(test_phrase_and_partial);
    RUN(test_two_keyboards);
    RUN(test_rare_and_dot);
    RUN(test_candidate_pages);
    RUN(test_refs);
    RUN(test_name_by_handwriting);
    RUN(test_hand_refs);
    return check_summary();
}
