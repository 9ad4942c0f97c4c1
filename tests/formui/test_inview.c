/* test_inview.c — a question the form screen brings into view shows whole,
 * between the steps above the page and the foot bar below it, in portrait
 * (1080x1920), on the tablet (1280x800) and on the wide screen
 * (1920x1080), in normal and large text.
 *
 * 城乡居民基本养老保险参保登记 from its tile, the ID card read on the card
 * page, walked by taps:
 *
 * - 收起键盘 (完成 with no typed question after it): the question just typed,
 *   its label and its box, stays whole in view, the next question coming in
 *   under it. The page was scrolled to the next question alone; on the wide
 *   screen the keyboard's column had made the page narrower (its questions
 *   taller), and the one just typed went under the steps, or half under.
 * - 下一步 refused: the question it points at shows whole (a list taller
 *   than the view with its error: its label's top at the view's top, the
 *   error and the rows from the first under it, as far as the view goes;
 *   the label had been left out, the error at the top naming a question
 *   out of sight).
 * - an answer that brings a question (现在住在户籍地址吗 → 否 brings 现住址):
 *   that question whole.
 * - her ID card read (养老保险, 低保): the first question it left unanswered
 *   (户籍性质, 联系电话) whole; the page had stayed at 姓名. The view's top
 *   between two questions: the page's end had pulled it back through one
 *   (出生日期's value at the top, its label out of sight above it).
 * - the last page (承诺和签名) as it opens, by 下一步 and again after
 *   上一步 and 下一步: 我已阅读并同意 whole in the view; in large text on the
 *   tablet and the wide screen it lay partly under the foot bar; and its
 *   承诺 label whole: in large text on the wide screen the question was 4 px
 *   taller than the view by its label's line, blank over the letters, and
 *   the label was left out.
 *
 * - where the page put itself (the card read, a refused 下一步, 收起键盘,
 *   every page refused by 下一步), no list's row cut by the foot bar: the
 *   view stopped for the last row to show whole, or the rows from the cut
 *   one on not drawn (户籍性质's third row had stood half under the bar in
 *   large text on the tablet and the wide screen).
 *
 * The rectangles come from the screen's last frame: the view, a question's
 * rectangle (label to the foot of its box, list or button; ui_form_question)
 * and the touch targets, which are what of them shows in the view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/widgets/widget.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const struct {
    int w, h, elderly;
} SIZES[] = {{1080, 1920, 0}, {1080, 1920, 1}, {1280, 800, 0},
             {1280, 800, 1},  {1920, 1080, 0}, {1920, 1080, 1}};

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static int inside(const SDL_Rect *r, const SDL_Rect *v)
{
    return r->y >= v->y && r->y + r->h <= v->y + v->h;
}

/* Question key whole in the page's view at the last frame (the form's, or
 * a household member's on top of it); its box's target (a typed question)
 * the whole box, at the question's foot. */
static int question_whole(flow *f, const char *when, const char *key)
{
    SDL_Rect v, q;
    ui_app_render(f->u.app, 0);
    if (ui_form_view(flow_top(f), &v) || ui_form_question(flow_top(f), key, &q)) {
        printf("  %s: %s: no view or not shown\n", when, key);
        return 0;
    }
    if (!inside(&q, &v)) {
        printf("  %s: %s at y %d..%d, the view %d..%d\n", when, key, q.y, q.y + q.h, v.y,
               v.y + v.h);
        return 0;
    }
    const form_field *fl = form_def_field(form_inst_def(inst(f)), key);
    if (!fl)
        return 1; /* a member's: the view shows it */
    form_keyboard kk = form_field_keyboard(fl);
    if (kk == FORM_KB_NONE || kk == FORM_KB_DATE || form_field_compute(fl) != FORM_COMPUTE_NONE)
        return 1; /* not typed: no box of its own */
    char id[64];
    SDL_Rect box;
    snprintf(id, sizeof id, "f.%s", key);
    if (uitest_target_rect(f->u.app, id, &box) || box.y + box.h != q.y + q.h || box.y < q.y ||
        !inside(&box, &v)) {
        printf("  %s: %s's box not whole at the question's foot (%d..%d, question %d..%d)\n", when,
               key, box.y, box.y + box.h, q.y, q.y + q.h);
        return 0;
    }
    return 1;
}

/* Question key whole; taller than the view, from its label at the view's
 * top (a list's rows on under it), or its label left out whole with what it
 * asks whole under the view's top. A list that 下一步 points at (pointed),
 * taller than the view with its error: its label's top at the view's top
 * (its letters whole under it; the blank over them may be above it), the
 * error and the rows under it (the label had been
 * left out for a row more: 请在“户籍性质”下面选一项 at the view's top with
 * no 户籍性质 over the rows to say what they answer). */
static int label_whole(flow *f, const char *when, const char *key);

static int question_shown(flow *f, const char *when, const char *key, int pointed)
{
    SDL_Rect v, q, rows;
    ui_app_render(f->u.app, 0);
    if (ui_form_view(flow_top(f), &v) || ui_form_question(flow_top(f), key, &q))
        return question_whole(f, when, key);
    if (q.h <= v.h)
        return question_whole(f, when, key);
    form_type ty = form_field_type(form_def_field(form_inst_def(inst(f)), key));
    if (pointed && (ty == FORM_T_CHOICE || ty == FORM_T_MULTI) &&
        ui_form_rect(flow_form(f), key, &rows) == 0) {
        if (q.y < v.y + v.h / 4 && rows.y < v.y + v.h && label_whole(f, when, key))
            return 1;
        printf("  %s: %s (%d tall) at y %d..%d, its rows from %d, in the view %d..%d: its "
               "label not at the view's top over its error and rows\n",
               when, key, q.h, q.y, q.y + q.h, rows.y, v.y, v.y + v.h);
        return 0;
    }
    /* taller than the view: from its label at the view's top, or its label
     * left out and what it asks (and its error) whole */
    if ((q.y >= v.y && q.y < v.y + v.h / 4) || (q.y < v.y && q.y + q.h <= v.y + v.h))
        return 1;
    printf("  %s: %s (%d tall) at y %d..%d in the view %d..%d\n", when, key, q.h, q.y,
           q.y + q.h, v.y, v.y + v.h);
    return 0;
    return question_whole(f, when, key);
}

/* No question of the page on screen cut across by the view's top: each
 * lies under it or wholly above it (its label to the foot of its box). */
static int top_between(flow *f, const char *when)
{
    SDL_Rect v, q;
    ui_app_render(f->u.app, 0);
    const form_def *def = form_inst_def(inst(f));
    size_t page = form_inst_page(inst(f));
    if (ui_form_view(flow_top(f), &v))
        return 0;
    for (size_t i = 0; i < form_def_page_field_count(def, page); i++) {
        const char *key = form_field_key(form_def_page_field(def, page, i));
        if (ui_form_question(flow_top(f), key, &q) == 0 && q.y < v.y && q.y + q.h > v.y) {
            printf("  %s: %s at y %d..%d cut by the view's top %d\n", when, key, q.y, q.y + q.h,
                   v.y);
            return 0;
        }
    }
    return 1;
}

typedef struct {
    char pre[64];
    int foot, cut; /* the lowest foot of a row's target; a row reaching the view's foot */
    int bottom;
} rows_ud;

static void rows_cb(void *ud, const char *id, const SDL_Rect *r)
{
    rows_ud *u = ud;
    if (strncmp(id, u->pre, strlen(u->pre)))
        return;
    if (r->y + r->h >= u->bottom)
        u->cut = 1;
    if (r->y + r->h > u->foot)
        u->foot = r->y + r->h;
}

/* No row of list key cut by the view's foot (the foot bar over its lower
 * part): each row's target whole in the view, and under the last row
 * whose target shows nothing of the list drawn down to the view's foot (a
 * sliver less than half of which shows has no target). */
static int list_rows_whole(flow *f, const char *when, const char *key)
{
    SDL_Rect v, l;
    if (ui_form_view(flow_top(f), &v))
        return 0;
    if (ui_form_rect(flow_top(f), key, &l) || l.y >= v.y + v.h || l.y + l.h <= v.y + v.h)
        return 1; /* not shown as rows, or not reaching the view's foot */
    rows_ud u = {"", 0, 0, v.y + v.h};
    snprintf(u.pre, sizeof u.pre, "f.%s.opt.", key);
    ui_app_each_target(f->u.app, rows_cb, &u);
    if (u.foot <= 0)
        return 1; /* no row whole: the list as it is */
    int from = u.foot + 2, h = v.y + v.h - from - 1;
    if (u.cut || (h > 0 && uitest_ink(&f->u, l.x + 4, from, l.w - 8, h) > 0)) {
        printf("  %s: a row of %s cut by the view's foot %d (rows' targets to %d)\n", when, key,
               v.y + v.h, u.foot);
        return 0;
    }
    return 1;
}

/* The same for every list of the form's page. */
static int rows_whole(flow *f, const char *when)
{
    ui_app_render(f->u.app, 0);
    const form_def *def = form_inst_def(inst(f));
    size_t page = form_inst_page(inst(f));
    for (size_t i = 0; i < form_def_page_field_count(def, page); i++) {
        const form_field *fl = form_def_page_field(def, page, i);
        if ((form_field_type(fl) == FORM_T_CHOICE || form_field_type(fl) == FORM_T_MULTI) &&
            !list_rows_whole(f, when, form_field_key(fl)))
            return 0;
    }
    return 1;
}

/* 我已阅读并同意 whole in the view: its target its whole height. */
static int agree_whole(flow *f, const char *when)
{
    SDL_Rect v, r;
    ui_app_render(f->u.app, 0);
    int ah = ui_button_height(f->u.app) * 5 / 4; /* the button's height (form_body_draw.c) */
    if (ui_form_view(flow_form(f), &v) || uitest_target_rect(f->u.app, "f.pledge.agree", &r)) {
        printf("  %s: 我已阅读并同意 not on the screen\n", when);
        return 0;
    }
    if (r.h != ah || !inside(&r, &v)) {
        printf("  %s: 我已阅读并同意 shows %d of its %d pixels (y %d..%d, the view %d..%d)\n",
               when, r.h, ah, r.y, r.y + r.h, v.y, v.y + v.h);
        return 0;
    }
    return 1;
}

/* Question key's label whole in the view: its letters (the label's ink,
 * between the view's top and the box under it) clear of the view's top
 * edge and as tall as a label's letters are. */
static int label_whole(flow *f, const char *when, const char *key)
{
    SDL_Rect v, q, box, ink;
    ui_app_render(f->u.app, 0);
    if (ui_form_view(flow_form(f), &v) || ui_form_question(flow_form(f), key, &q) ||
        ui_form_rect(flow_form(f), key, &box)) {
        printf("  %s: %s not on the screen\n", when, key);
        return 0;
    }
    const ui_theme *t = ui_app_theme(f->u.app);
    int y0 = q.y > v.y + 2 ? q.y : v.y + 2; /* under the rule at the view's top */
    SDL_Rect lab = {q.x, y0, q.w / 2, box.y - y0};
    if (lab.h <= 0 || uitest_color_box(&f->u, &lab, t->ink, &ink) <= 0 || ink.y <= y0 ||
        ink.h < t->px_label / 2) {
        printf("  %s: %s's label not whole (label from y %d, the view from %d, its box at %d, "
               "letters %d..%d)\n",
               when, key, q.y, v.y, box.y, ink.y, ink.y + ink.h);
        return 0;
    }
    return 1;
}

/* The frame compared with its reference image (formui/ref/NAME-WxH[-elderly].png). */
static void shot(flow *f, const char *name, int w, int h, int elderly)
{
    char rel[160];
    snprintf(rel, sizeof rel, "formui/ref/%s-%dx%d%s.png", name, w, h, elderly ? "-elderly" : "");
    CHECK_EQ_INT(uitest_compare(&f->u, rel), 0);
}

static int open_pension(flow *f, int w, int h, int elderly)
{
    if (flow_open(f, w, h, "inview.db", 1) != 0)
        return -1;
    flow_reader(f, check_idcards());
    if ((elderly && flow_run(f, "elderly on\n")) || flow_tap(f, "tile.pension") ||
        flow_tap(f, "menu.list.0") || flow_run(f, "idcard 1\nexpect-target @form.next\n")) {
        flow_close(f);
        return -1;
    }
    return 0;
}

/* 收起键盘 on the question key just typed (nothing typed after it on the
 * page asks for the keyboard): the question stays whole. */
static void close_typed(flow *f, const char *when, const char *key)
{
    char w2[128];
    REQUIRE(ui_form_kb(flow_top(f)) != NULL);
    OK(flow_tap(f, "form.done"));
    CHECK(ui_form_kb(flow_top(f)) == NULL);
    snprintf(w2, sizeof w2, "%s, 收起键盘 after %s", when, key);
    CHECK(question_whole(f, w2, key));
}

static void set(flow *f, const char *key, const char *v)
{
    char err[256];
    if (form_inst_set(inst(f), key, v, err, sizeof err) != FORM_OK)
        printf("  %s: %s\n", key, err);
}

static void walk(int w, int h, int elderly)
{
    flow f;
    char when[64], w2[128];
    snprintf(when, sizeof when, "%dx%d%s", w, h, elderly ? " large text" : "");
    REQUIRE(open_pension(&f, w, h, elderly) == 0);
    /* the card read: what it left to answer in view */
    snprintf(w2, sizeof w2, "%s, the card read", when);
    CHECK(question_shown(&f, w2, "hukou_type", 0));
    CHECK(top_between(&f, w2));
    CHECK(rows_whole(&f, w2));
    /* 身份信息: 公民身份号码 typed over, 性别 to 年龄 worked out of it, then 民族 */
    OK(flow_type(&f, "idno", "420506195203140027"));
    close_typed(&f, when, "idno");
    OK(flow_tap(&f, "form.next")); /* 户籍性质 unanswered */
    CHECK_EQ_INT(form_inst_page(inst(&f)), 0);
    snprintf(w2, sizeof w2, "%s, 下一步 refused", when);
    CHECK(question_shown(&f, w2, "hukou_type", 1));
    CHECK(top_between(&f, w2));
    CHECK(rows_whole(&f, w2));
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    /* 住址和电话: 户籍地址 typed, then 现在住在户籍地址吗 (a list) */
    OK(flow_hanzi(&f, "hukou_address", "青山村三组", "qing shan cun san zu"));
    close_typed(&f, when, "hukou_address");
    if (w == 1920 && !elderly)
        shot(&f, "inview-closed", w, h, elderly);
    OK(flow_choose(&f, "same_address", "no"));
    snprintf(w2, sizeof w2, "%s, 否 brought it", when);
    CHECK(question_whole(&f, w2, "residence_address"));
    OK(flow_tap(&f, "form.next")); /* 现住址 and 联系电话 unanswered */
    snprintf(w2, sizeof w2, "%s, 下一步 refused", when);
    CHECK(question_whole(&f, w2, "residence_address"));
    OK(flow_hanzi(&f, "residence_address", "东风村三组", "dong feng cun san zu"));
    OK(flow_type(&f, "phone", "13812345678"));
    close_typed(&f, when, "phone");
    OK(flow_tap(&f, "form.next"));
    if (form_inst_page(inst(&f)) != 2)
        printf("  %s: %s\n", when, ui_form_message(flow_top(&f)) ? ui_form_message(flow_top(&f)) : "-");
    CHECK_EQ_INT(form_inst_page(inst(&f)), 2);
    set(&f, "is_student", "no");
    set(&f, "in_employee_scheme", "no");
    set(&f, "insured_status", "normal");
    OK(flow_tap(&f, "form.next")); /* 缴费档次 unanswered */
    snprintf(w2, sizeof w2, "%s, 下一步 refused", when);
    CHECK(question_shown(&f, w2, "tier", 1));
    CHECK(rows_whole(&f, w2));
    OK(flow_choose(&f, "tier", form_field_option_value(
                                   form_def_field(form_inst_def(inst(&f)), "tier"), 0)));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 3);
    OK(flow_choose(&f, "account_type", "sscard"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 4);
    /* 承诺和签名 as it opens */
    snprintf(w2, sizeof w2, "%s, the page opened", when);
    CHECK(agree_whole(&f, w2));
    CHECK(label_whole(&f, w2, "pledge"));
    if (elderly && w > h)
        shot(&f, "inview-pledge", w, h, elderly);
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 4);
    snprintf(w2, sizeof w2, "%s, back by 上一步 and 下一步", when);
    CHECK(agree_whole(&f, w2));
    CHECK(label_whole(&f, w2, "pledge"));
    flow_close(&f);
}

static void test_inview(void)
{
    for (size_t k = 0; k < sizeof SIZES / sizeof SIZES[0]; k++)
        walk(SIZES[k].w, SIZES[k].h, SIZES[k].elderly);
}

/* 低保 from its tile, her ID card read: 姓名, 公民身份号码 and 户籍地址
 * filled, 联系电话 the one question left, whole in view (the page had
 * stayed at its top, 联系电话 under the foot bar in large text, where only
 * 下一步 led to it); the questions above it are there to scroll back to.
 * The same for a household member's card: 与申请人关系 (his name and
 * number filled), whole or from its label at the view's top. */
static void card_fill(int w, int h, int elderly)
{
    flow f;
    char when[96];
    snprintf(when, sizeof when, "%dx%d%s, the card read", w, h, elderly ? " large text" : "");
    REQUIRE(flow_open(&f, w, h, "inview-card.db", 1) == 0);
    flow_reader(&f, check_idcards());
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_run(&f, "idcard 1\nexpect-target @form.next\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "张秀英");
    CHECK(form_inst_get(inst(&f), "phone") == NULL);
    CHECK(question_whole(&f, when, "phone"));
    if (w > h && elderly)
        shot(&f, "inview-card", w, h, elderly);
    const char *name = "f.name";
    CHECK_EQ_INT(flow_show(&f, &name, 1), 0); /* back up to her name by a drag */
    /* her husband's card on a new member's card page: 与申请人关系 in view */
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_run(&f, "expect-screen form_member\nidcard 2\nexpect-target @member.done\n"));
    snprintf(when, sizeof when, "%dx%d%s, a member's card read", w, h, elderly ? " large text" : "");
    CHECK(question_shown(&f, when, "m_relation", 0));
    flow_close(&f);
}

static void test_card_fill(void)
{
    for (size_t k = 0; k < sizeof SIZES / sizeof SIZES[0]; k++)
        card_fill(SIZES[k].w, SIZES[k].h, SIZES[k].elderly);
}

/* A county's item whose first page asks, after what the card fills, four
 * questions that may stay empty and then the phone, which may not. */
static const char OPTIONAL_FIRST[] =
    "{\"id\": \"optfirst\", \"version\": 1, \"title\": \"选填在前\","
    " \"description\": \"选填的问题在前\", \"icon\": \"dibao\","
    " \"idcard\": {\"name\": \"name\", \"id_number\": \"idno\"}, \"fields\": ["
    " {\"key\": \"name\", \"type\": \"name\", \"label\": \"姓名\"},"
    " {\"key\": \"idno\", \"type\": \"idno\", \"label\": \"公民身份号码\"},"
    " {\"key\": \"o1\", \"type\": \"integer\", \"label\": \"第一个数（可以不填）\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"o2\", \"type\": \"integer\", \"label\": \"第二个数（可以不填）\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"o3\", \"type\": \"integer\", \"label\": \"第三个数（可以不填）\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"o4\", \"type\": \"integer\", \"label\": \"第四个数（可以不填）\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"phone\", \"type\": \"mobile\", \"label\": \"联系电话\"}],"
    " \"pages\": [{\"title\": \"申请人\","
    "  \"fields\": [\"name\", \"idno\", \"o1\", \"o2\", \"o3\", \"o4\", \"phone\"]}]}";

/* After the card read, the question 下一步 would ask for (联系电话) is
 * brought into view, not the first of those that may stay empty. */
static void optional_first(int w, int h, int elderly)
{
    flow f;
    char when[96], err[256];
    snprintf(when, sizeof when, "%dx%d%s, optional questions first", w, h,
             elderly ? " large text" : "");
    REQUIRE(flow_open(&f, w, h, "inview-optfirst.db", 1) == 0);
    flow_reader(&f, check_idcards());
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    REQUIRE(form_catalog_load_string(f.cat, OPTIONAL_FIRST, "optfirst.json", err, sizeof err) ==
            0);
    ui_screen *s = ui_form_new(f.u.app, "optfirst");
    REQUIRE(s != NULL);
    ui_app_push(f.u.app, s);
    ui_app_render(f.u.app, 1);
    OK(flow_run(&f, "idcard 1\nexpect-target @form.next\n"));
    CHECK(question_whole(&f, when, "phone"));
    flow_close(&f);
}

static void test_required_first(void)
{
    for (size_t k = 0; k < sizeof SIZES / sizeof SIZES[0]; k++)
        optional_first(SIZES[k].w, SIZES[k].h, SIZES[k].elderly);
}

/* Every page of every item but the last, as it opens (上一步 from the page
 * after it) and as 下一步 refuses it (nothing answered): its first question
 * whole where it fits the view (else from its label at the view's top), and
 * the question 下一步 points at. */
static void every_page(int w, int h, int elderly)
{
    flow f;
    char when[160];
    REQUIRE(flow_open(&f, w, h, "inview-all.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    for (size_t k = 0; k < form_catalog_count(f.cat); k++) {
        const form_def *def = form_catalog_at(f.cat, k);
        ui_app_go_home(f.u.app);
        ui_screen *s = ui_form_new(f.u.app, form_def_id(def));
        if (!s)
            continue;
        ui_app_push(f.u.app, s);
        ui_app_render(f.u.app, 1);
        OK(flow_manual(&f));
        if (!ui_form_is(flow_top(&f)))
            continue;
        for (size_t p = 1; p < form_def_page_count(def); p++) {
            form_inst *in = inst(&f);
            if (form_inst_goto(in, p) != 0)
                continue;
            if (flow_tap(&f, "form.prev"))
                break;
            size_t at = form_inst_page(in);
            snprintf(when, sizeof when, "%dx%d%s %s page %zu opened", w, h,
                     elderly ? " large text" : "", form_def_id(def), at);
            for (size_t i = 0; i < form_def_page_field_count(def, at); i++) {
                const char *key = form_field_key(form_def_page_field(def, at, i));
                if (form_inst_visible(in, key)) {
                    CHECK(question_shown(&f, when, key, 0));
                    break;
                }
            CHECK(rows_whole(&f, when));
            }
            if (flow_tap(&f, "form.next"))
                break;
            if (form_inst_page(in) != at)
                continue;
            snprintf(when, sizeof when, "%dx%d%s %s page %zu refused", w, h,
                     elderly ? " large text" : "", form_def_id(def), at);
            for (size_t i = 0; i < form_def_page_field_count(def, at); i++) {
                const char *key = form_field_key(form_def_page_field(def, at, i));
                if (form_inst_visible(in, key) && form_inst_error(in, key)) {
                    CHECK(question_shown(&f, when, key, 1));
                    break;
                }
            CHECK(rows_whole(&f, when));
            }
        }
    }
    flow_close(&f);
}

static void test_every_page(void)
{
    for (size_t k = 0; k < sizeof SIZES / sizeof SIZES[0]; k++)
        every_page(SIZES[k].w, SIZES[k].h, SIZES[k].elderly);
}

/* A family member of 低保 on the tablet, her name and number given, 填好了
 * with 与申请人关系 unanswered: its label at the view's top, its error and
 * the rows the view holds whole under it (four of five; in large text two). */
static void member_list(int elderly)
{
    flow f;
    char err[256], id[64];
    REQUIRE(flow_open(&f, 1280, 800, "inview-member.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    const char *page[] = {"name", "张三", "idno", "110105197005100014", "phone", "13812345678",
                          "hukou_address", "东风村三组", NULL};
    for (const char **k = page; *k; k += 2)
        CHECK_EQ_INT(form_inst_set(inst(&f), k[0], k[1], err, sizeof err), FORM_OK);
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_page(inst(&f)) == 1);
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f));
    CHECK_EQ_INT(form_inst_member_set(inst(&f), "members", 0, "m_name", "李四", err, sizeof err),
                 FORM_OK);
    CHECK_EQ_INT(form_inst_member_set(inst(&f), "members", 0, "m_idno", "110105197005100014",
                                      err, sizeof err),
                 FORM_OK);
    OK(flow_tap(&f, "member.done"));
    REQUIRE(!ui_form_is(flow_top(&f))); /* refused: still on her screen */
    ui_app_render(f.u.app, 0);
    SDL_Rect first, r;
    REQUIRE(uitest_target_rect(f.u.app, "f.m_relation.opt.0", &first) == 0);
    int whole = 0;
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "f.m_relation.opt.%d", i);
        if (uitest_target_rect(f.u.app, id, &r) == 0 && r.h == first.h)
            whole++;
    }
    SDL_Rect v, q;
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    REQUIRE(ui_form_question(flow_top(&f), "m_relation", &q) == 0);
    /* its label first: at the view's top, or under it by what lay cut over
     * the bar, the view stopped short for its last row to show whole */
    int first_at_top = q.y >= v.y && q.y < v.y + first.h;
    if (whole < (elderly ? 2 : 4) || !first_at_top)
        printf("  1280x800%s, 填好了 refused: %d rows of 与申请人关系 whole, its label at %d, "
               "the view's top %d\n",
               elderly ? " large text" : "", whole, q.y, v.y);
    CHECK(whole >= (elderly ? 2 : 4));
    CHECK(first_at_top);
    CHECK(list_rows_whole(&f, "1280x800, 填好了 refused", "m_relation"));
    flow_close(&f);
}

static void test_member_list(void)
{
    member_list(0);
    member_list(1);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_inview);
    RUN(test_card_fill);
    RUN(test_required_first);
    RUN(test_every_page);
    RUN(test_member_list);
    kb_ime_uninstall();
    return check_summary();
}
