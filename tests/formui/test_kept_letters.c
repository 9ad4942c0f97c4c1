/* test_kept_letters.c — pinyin letters and handwriting she has not chosen
 * yet stay with their question when the keyboard closes, through the real
 * screens (老年人优待证), the real pinyin engine and the real handwriting
 * recogniser:
 *
 *   every way the keyboard closes: 收起键盘, 填下一项, a row of another
 *   question's list, a tap on another question; under the box the words
 *   say the letters wait (“zhang”还没选成字…) and nothing of them is in the
 *   answer (no Latin letters in a name); she taps the box again and the
 *   keyboard is as she left it: the letters, the same candidates, the screen
 *   the same pixel for pixel; a candidate chosen then fills the answer.
 *
 *   two questions each with letters waiting (姓名 and 户籍地址 share the one
 *   pinyin engine): each gets its own back, with its own candidates, and a
 *   choice made half-way (张, then "san" waiting) comes back half-way.
 *
 *   a page turned drops them (they are no answer): back on the page the box
 *   is as answered, nothing under it, the keyboard new. 下一步 refused keeps
 *   them (she stays on the page).
 *
 *   handwriting in large text: the strokes and their candidates come back.
 *
 *   the closed question with its words, normal and large text, portrait,
 *   1280x800 and 1920x1080 (reference images, looked at).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/kb/kb.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static void set(flow *f, const char *key, const char *v)
{
    char err[256];
    if (form_inst_set(inst(f), key, v, err, sizeof err) != FORM_OK)
        printf("  %s: %s\n", key, err);
}

static const char *answer(flow *f, const char *key)
{
    const char *v = form_inst_get(inst(f), key);
    return v ? v : "";
}

static kb *keys(flow *f) { return ui_form_kb(flow_top(f)); }

static int next_page(flow *f, size_t want)
{
    if (flow_tap(f, "form.next"))
        return -1;
    if (form_inst_page(inst(f)) != want) {
        const char *m = ui_form_message(flow_top(f));
        printf("  still on page %zu: %s\n", form_inst_page(inst(f)), m ? m : "");
        return -1;
    }
    return 0;
}

/* On to page 3: 紧急联系人姓名 (收起键盘 there: a list follows it), the
 * list 紧急联系人是您的, 紧急联系人电话. */
static void to_contact(flow *f)
{
    set(f, "name", "王秀兰");
    set(f, "idno", "110105195003100011");
    set(f, "hukou_address", "青山村四组");
    set(f, "residence", "local");
    REQUIRE(next_page(f, 1) == 0);
    set(f, "current_address", "青山村四组");
    set(f, "phone", "13600000000");
    REQUIRE(next_page(f, 2) == 0);
}

/* Taps letters on the pinyin keys, one key each. */
static int tap_letters(flow *f, const char *s)
{
    for (; *s; s++) {
        char id[16];
        snprintf(id, sizeof id, "kb.k.%c", *s);
        if (flow_tap(f, id))
            return -1;
    }
    return 0;
}

/* What the keyboard holds that she sees: its kind, the letters being
 * composed, the strokes, the candidates. */
typedef struct {
    kb_kind kind;
    char comp[KB_COMP_BYTES];
    int strokes, n;
    char c[12][KB_CAND_BYTES];
} held;

static void take(kb *k, held *h)
{
    memset(h, 0, sizeof *h);
    REQUIRE(k != NULL);
    h->kind = kb_get_kind(k);
    snprintf(h->comp, sizeof h->comp, "%s", kb_composing(k));
    h->strokes = kb_stroke_count(k);
    h->n = kb_cand_count(k);
    for (int i = 0; i < h->n && i < 12; i++)
        snprintf(h->c[i], sizeof h->c[i], "%s", kb_cand(k, i));
}

/* 1 if k holds what h took (a line for each difference). */
static int same(const char *what, kb *k, const held *h)
{
    if (!k) {
        printf("  %s: no keyboard\n", what);
        return 0;
    }
    held now;
    take(k, &now);
    int ok = now.kind == h->kind && !strcmp(now.comp, h->comp) && now.strokes == h->strokes &&
             now.n == h->n;
    if (!ok)
        printf("  %s: kind %d letters \"%s\" strokes %d candidates %d, was %d \"%s\" %d %d\n",
               what, now.kind, now.comp, now.strokes, now.n, h->kind, h->comp, h->strokes, h->n);
    for (int i = 0; ok && i < h->n && i < 12; i++)
        if (strcmp(now.c[i], h->c[i])) {
            printf("  %s: candidate %d is %s, was %s\n", what, i, now.c[i], h->c[i]);
            ok = 0;
        }
    return ok;
}

/* Taps the candidate want (turning candidate pages as needed). */
static int choose(flow *f, const char *want)
{
    kb *k = keys(f);
    for (int i = 0; k && i < kb_cand_count(k); i++)
        if (!strcmp(kb_cand(k, i), want)) {
            char id[32];
            snprintf(id, sizeof id, "kb.c.%d", i);
            return flow_cand_tap(f, id);
        }
    printf("  no candidate %s\n", want);
    return -1;
}

/* Pixels of the keyboard's colour in question key on screen: the words under
 * a closed box saying letters wait (the rest of a closed question has none).
 * A question not wholly in view (another's keyboard open) is brought there
 * first, the page dragged to its top as a finger would (the questions
 * looked at are the first of their page). */
static int note_px(flow *f, const char *key)
{
    SDL_Rect q, v;
    ui_app_render(f->u.app, 0);
    if (ui_form_question(flow_top(f), key, &q) || ui_form_view(flow_top(f), &v))
        return -1;
    if ((q.y < v.y || q.y + q.h > v.y + v.h) &&
        (flow_page_top(f) || ui_form_question(flow_top(f), key, &q)))
        return -1;
    if (q.y < v.y || q.y + q.h > v.y + v.h) {
        printf("  %s is not in view\n", key);
        return -1;
    }
    return uitest_count_color(&f->u, q.x, q.y, q.w, q.h, ui_app_theme(f->u.app)->primary);
}

/* The whole frame now, to compare with another (a copy the caller frees). */
static uint8_t *frame(flow *f, int *w, int *h)
{
    const uint8_t *px = uitest_frame(&f->u, w, h);
    uint8_t *copy = px ? malloc((size_t)*w * (size_t)*h * 4) : NULL;
    if (copy)
        memcpy(copy, px, (size_t)*w * (size_t)*h * 4);
    return copy;
}

/* How many pixels differ between frame a and the screen now (-1: no frame). */
static int differs(flow *f, const uint8_t *a)
{
    int w, h, n = 0;
    const uint8_t *b = uitest_frame(&f->u, &w, &h);
    for (size_t i = 0; a && b && i < (size_t)w * (size_t)h * 4; i += 4)
        n += memcmp(a + i, b + i, 4) != 0;
    return a && b ? n : -1;
}

enum { BY_DONE, BY_ROW, BY_OTHER };
static const char *const BY[] = {"收起键盘", "a row of the list", "another question"};

/* Closes the keyboard of 紧急联系人姓名 the way by says. */
static void close_by(flow *f, int by)
{
    if (by == BY_DONE)
        OK(flow_tap(f, "form.done"));
    else if (by == BY_ROW)
        OK(flow_tap(f, "f.contact_relation.opt.1"));
    else
        OK(flow_tap(f, "f.contact_phone"));
    kb *k = keys(f);
    CHECK(by == BY_OTHER ? k && kb_get_kind(k) == KB_DIGITS : k == NULL);
}

/* ---- every way of closing, pinyin ---- */

static void test_close_paths(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "close-paths.db", 1) == 0);
    flow_open_certs(&f, 0);
    to_contact(&f);
    static const char *const LETTERS[] = {"zhang", "san", "feng"};
    static const char *const CHOSEN[] = {"张", "三", "丰"};
    char want[64] = "";
    for (int by = BY_DONE; by <= BY_OTHER; by++) {
        printf("  closed by %s\n", BY[by]);
        OK(flow_tap(&f, "f.contact_name"));
        OK(tap_letters(&f, LETTERS[by]));
        held h;
        take(keys(&f), &h);
        CHECK_EQ_STR(h.comp, LETTERS[by]);
        CHECK(h.n > 0);
        int w, hh;
        uint8_t *typing = frame(&f, &w, &hh);
        close_by(&f, by);
        /* nothing of the letters in the answer; said under the box */
        CHECK_EQ_STR(answer(&f, "contact_name"), want);
        CHECK(note_px(&f, "contact_name") > 200);
        OK(flow_tap(&f, "f.contact_name"));
        CHECK(same(BY[by], keys(&f), &h));
        /* the screen as she left it (the list's row she tapped aside) */
        if (by != BY_ROW)
            CHECK_EQ_INT(differs(&f, typing), 0);
        free(typing);
        OK(choose(&f, CHOSEN[by]));
        strcat(want, CHOSEN[by]);
        CHECK_EQ_STR(answer(&f, "contact_name"), want);
        CHECK_EQ_STR(kb_composing(keys(&f)), "");
        /* chosen: nothing waits, and nothing is said under the box */
        close_by(&f, BY_DONE);
        CHECK_EQ_INT(note_px(&f, "contact_name"), 0);
    }
    CHECK_EQ_STR(answer(&f, "contact_name"), "张三丰");
    flow_close(&f);
}

/* ---- two questions with letters waiting; a choice made half-way ---- */

static void test_two_questions(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "two-questions.db", 1) == 0);
    flow_open_certs(&f, 0);
    OK(flow_tap(&f, "f.name"));
    OK(tap_letters(&f, "zhang"));
    held name, addr;
    take(keys(&f), &name);
    /* 填下一项: on to 公民身份号码, the letters kept with 姓名 */
    OK(flow_tap(&f, "form.done"));
    REQUIRE(keys(&f) && kb_get_kind(keys(&f)) == KB_IDCARD);
    CHECK_EQ_STR(answer(&f, "name"), "");
    CHECK(note_px(&f, "name") > 200);
    /* letters on another Chinese question: the engine's composition is its */
    OK(flow_tap(&f, "f.hukou_address"));
    OK(tap_letters(&f, "qingshan"));
    take(keys(&f), &addr);
    CHECK_EQ_STR(addr.comp, "qing'shan");
    OK(flow_tap(&f, "f.name"));
    CHECK(same("姓名 after 户籍地址", keys(&f), &name));
    OK(flow_tap(&f, "f.hukou_address"));
    CHECK(same("户籍地址 after 姓名", keys(&f), &addr));
    OK(choose(&f, "青山"));
    CHECK_EQ_STR(answer(&f, "hukou_address"), "青山");
    OK(flow_tap(&f, "f.name"));
    CHECK(same("姓名 again", keys(&f), &name));
    OK(choose(&f, "张"));
    CHECK_EQ_STR(answer(&f, "name"), "张");
    /* half-way: 张 chosen of "zhangsan" (the answer has it only once the
     * composition ends), "san" waiting; a row of 户籍情况 closes it */
    OK(flow_tap(&f, "kb.k.clear"));
    OK(tap_letters(&f, "zhangsan"));
    OK(choose(&f, "张"));
    take(keys(&f), &name);
    CHECK_EQ_STR(name.comp, "张san");
    OK(flow_tap(&f, "f.residence.opt.0"));
    CHECK(keys(&f) == NULL);
    CHECK_EQ_STR(answer(&f, "residence"), "local");
    CHECK(note_px(&f, "name") > 200);
    OK(flow_tap(&f, "f.name"));
    CHECK(same("姓名 half-way", keys(&f), &name));
    OK(choose(&f, "三"));
    CHECK_EQ_STR(answer(&f, "name"), "张三");
    flow_close(&f);
}

/* ---- a page turned drops them; 下一步 refused keeps them ---- */

static void test_page_turn(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "page-turn.db", 1) == 0);
    flow_open_certs(&f, 0);
    set(&f, "name", "王秀兰");
    set(&f, "hukou_address", "青山村四组");
    set(&f, "residence", "local");
    OK(flow_tap(&f, "f.name"));
    OK(tap_letters(&f, "li"));
    held h;
    take(keys(&f), &h);
    /* no ID number yet: 下一步 is refused, she stays, the letters with her */
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT((int)form_inst_page(inst(&f)), 0);
    CHECK_EQ_STR(answer(&f, "name"), "王秀兰");
    CHECK(note_px(&f, "name") > 200);
    OK(flow_tap(&f, "f.name"));
    CHECK(same("下一步 refused", keys(&f), &h));
    /* the page turned: gone with it */
    set(&f, "idno", "110105195003100011");
    OK(next_page(&f, 1));
    OK(flow_tap(&f, "form.prev"));
    REQUIRE(form_inst_page(inst(&f)) == 0);
    CHECK_EQ_INT(note_px(&f, "name"), 0);
    OK(flow_tap(&f, "f.name"));
    REQUIRE(keys(&f) != NULL);
    CHECK_EQ_STR(kb_composing(keys(&f)), "");
    CHECK_EQ_INT(kb_cand_count(keys(&f)), 0);
    CHECK_EQ_STR(kb_text(keys(&f)), "王秀兰");
    CHECK_EQ_STR(answer(&f, "name"), "王秀兰");
    flow_close(&f);
}

/* ---- handwriting, large text ---- */

static void test_handwriting(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "handwriting.db", 1) == 0);
    flow_open_certs(&f, 1);
    to_contact(&f);
    flow_hand_char wang;
    REQUIRE(flow_hand_load("王", &wang) == 0);
    OK(flow_tap(&f, "f.contact_name"));
    REQUIRE(keys(&f) && kb_get_kind(keys(&f)) == KB_HAND);
    OK(flow_hand_write(&f, &wang));
    held h;
    take(keys(&f), &h);
    CHECK_EQ_INT(h.strokes, wang.nstrokes);
    CHECK(h.n > 0);
    for (int by = BY_DONE; by <= BY_OTHER; by++) {
        printf("  closed by %s\n", BY[by]);
        int w, hh;
        uint8_t *writing = frame(&f, &w, &hh);
        close_by(&f, by);
        if (by == BY_DONE)
            CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/kept-handwriting-1080x1920-elderly.png"), 0);
        CHECK_EQ_STR(answer(&f, "contact_name"), "");
        CHECK(note_px(&f, "contact_name") > 200);
        OK(flow_tap(&f, "f.contact_name"));
        CHECK(same(BY[by], keys(&f), &h));
        if (by != BY_ROW)
            CHECK_EQ_INT(differs(&f, writing), 0);
        free(writing);
    }
    OK(choose(&f, "王"));
    CHECK_EQ_STR(answer(&f, "contact_name"), "王");
    CHECK_EQ_INT(kb_stroke_count(keys(&f)), 0);
    flow_close(&f);
}

/* ---- the words under the box, each screen and text size ---- */

static void shots(int w, int h, int elderly)
{
    flow f;
    char db[64], ref[128];
    snprintf(db, sizeof db, "shots-%dx%d-%d.db", w, h, elderly);
    REQUIRE(flow_open(&f, w, h, db, 1) == 0);
    flow_open_certs(&f, elderly);
    to_contact(&f);
    OK(flow_tap(&f, "f.contact_name"));
    OK(flow_to_pinyin(&f));
    OK(tap_letters(&f, "zhang"));
    held k;
    take(keys(&f), &k);
    OK(flow_tap(&f, "form.done"));
    REQUIRE(keys(&f) == NULL);
    snprintf(ref, sizeof ref, "formui/ref/kept-letters-%dx%d%s.png", w, h,
             elderly ? "-elderly" : "");
    CHECK_EQ_INT(uitest_compare(&f.u, ref), 0);
    CHECK(note_px(&f, "contact_name") > 200);
    OK(flow_tap(&f, "f.contact_name"));
    CHECK(same(ref, keys(&f), &k));
    flow_close(&f);
}

static void test_shots(void)
{
    static const int SIZES[][2] = {{1080, 1920}, {1280, 800}, {1920, 1080}};
    for (int i = 0; i < 3; i++)
        for (int elderly = 0; elderly < 2; elderly++)
            shots(SIZES[i][0], SIZES[i][1], elderly);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_close_paths);
    RUN(test_two_questions);
    RUN(test_page_turn);
    RUN(test_handwriting);
    RUN(test_shots);
    kb_ime_uninstall();
    return check_summary();
}
