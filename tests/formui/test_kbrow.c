/* test_kbrow.c — the keyboard closed by a tap on a list's row, not by
 * 收起键盘: in portrait (1080x1920), on the tablet (1280x800) and on the
 * wide screen (1920x1080), in normal and large text.
 *
 * 城乡居民基本养老保险参保登记 from its tile, the ID card read on the card
 * page, 身份信息 answered, on 住址和电话: 联系电话 typed (too short), then a
 * row of 现在住在户籍地址吗 above it tapped (是, as it was; 否, which brings
 * 居住地址 between them); and 户籍地址 typed on, then a row of the list
 * under it. Each time:
 *
 * - what she typed stays: in the answers, in the draft saved, in its box;
 * - the row's choice is taken and the keyboard is closed;
 * - the list she touched shows whole (label and rows) in the view: the page
 *   kept its scroll while laid out anew without the keys and with the steps
 *   back over it, and the list went half under the steps, its label out of
 *   sight (on the wide screen, where the keys stood beside the page, the
 *   page's column widened under her finger as well);
 * - the question typed shows whole with its error under the list, where
 *   the two fit in the view together (as 收起键盘 keeps it); where they do
 *   not (the tablet in large text), its box whole in the view or wholly
 *   out of it, and its label not cut by the foot bar (the label and error
 *   had shown over a box half under the foot bar): out of view with its
 *   box, or whole over it, the box just under the bar;
 * - with the question typed out of view, the list whole from a place where
 *   the view's top cuts no question (户籍地址's box had stood half under
 *   the steps on the tablet, the least move from where the rows had been);
 * - the row she took shows whole, and 居住地址, which 否 brings, its label
 *   and its box whole in view (it had stayed under the foot bar, the list
 *   kept whole over it), the list giving way where the two do not fit.
 *
 * The rectangles come from the screen's last frame: the view, a question's
 * rectangle (label to the foot of its box or list; ui_form_question) and
 * the touch targets, which are what of them shows in the view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const struct {
    int w, h, elderly;
} SIZES[] = {{1080, 1920, 0}, {1080, 1920, 1}, {1280, 800, 0},
             {1280, 800, 1},  {1920, 1080, 0}, {1920, 1080, 1}};

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

/* Answer key of the draft the store holds for the form on screen, into
 * out ("-" when there is no draft). */
static void draft_answer(flow *f, const char *key, char *out, size_t n)
{
    flow_draft_answer(f->st, ui_form_uuid(flow_form(f)), key, out, n);
}

static int inside(const SDL_Rect *r, const SDL_Rect *v)
{
    return r->y >= v->y && r->y + r->h <= v->y + v->h;
}

/* On 住址和电话 with the ID card's answers, the rest of 身份信息 given. */
static int open_page2(flow *f, int w, int h, int elderly)
{
    if (flow_open(f, w, h, "kbrow.db", 1) != 0)
        return -1;
    flow_reader(f, check_idcards());
    if ((elderly && flow_run(f, "elderly on\n")) || flow_tap(f, "tile.pension") ||
        flow_tap(f, "menu.list.0") || flow_run(f, "idcard 1\nexpect-target @form.next\n") ||
        flow_choose(f, "hukou_type", "agri") || flow_tap(f, "form.next") ||
        form_inst_page(inst(f)) != 1) {
        flow_close(f);
        return -1;
    }
    return 0;
}

/* With the keyboard open on question typed (its text now `want`), the row
 * opt of 现在住在户籍地址吗 dragged into view and tapped: the checks above. */
static void tap_row(flow *f, const char *when, const char *typed, const char *want, int opt)
{
    char id[64], saved[256];
    snprintf(id, sizeof id, "f.same_address.opt.%d", opt);
    REQUIRE(ui_form_kb(flow_top(f)) != NULL);
    const char *ids[1] = {id};
    REQUIRE(flow_show(f, ids, 1) == 0);
    SDL_Rect r0, r1, v, lq, tq;
    ui_app_render(f->u.app, 0);
    REQUIRE(uitest_target_rect(f->u.app, id, &r0) == 0);
    OK(flow_tap(f, id));
    ui_app_render(f->u.app, 0);
    /* nothing she did is lost */
    CHECK(ui_form_kb(flow_top(f)) == NULL);
    CHECK_EQ_STR(form_inst_get(inst(f), "same_address"), opt ? "no" : "yes");
    CHECK_EQ_STR(form_inst_get(inst(f), typed), want);
    draft_answer(f, typed, saved, sizeof saved);
    CHECK_EQ_STR(saved, want);
    draft_answer(f, "same_address", saved, sizeof saved);
    CHECK_EQ_STR(saved, opt ? "no" : "yes");
    /* the row she took whole, clear of the view's edges */
    REQUIRE(ui_form_view(flow_form(f), &v) == 0);
    REQUIRE(ui_form_question(flow_form(f), "same_address", &lq) == 0);
    CHECK(uitest_target_rect(f->u.app, id, &r1) == 0 && r1.h >= r0.h);
    if (r1.y <= v.y || r1.y + r1.h >= v.y + v.h)
        printf("  %s: the row taken at y %d..%d, the view %d..%d\n", when, r1.y, r1.y + r1.h,
               v.y, v.y + v.h);
    CHECK(r1.y > v.y && r1.y + r1.h < v.y + v.h);
    /* 否 brings 居住地址: its label and its box whole in view */
    SDL_Rect nq, nb;
    int brought = opt == 1 && ui_form_question(flow_form(f), "residence_address", &nq) == 0;
    if (brought) {
        int ok = uitest_target_rect(f->u.app, "f.residence_address", &nb) == 0 &&
                 nb.h == ui_app_theme(f->u.app)->target && inside(&nq, &v);
        if (!ok)
            printf("  %s: 居住地址 at y %d..%d, the view %d..%d\n", when, nq.y, nq.y + nq.h, v.y,
                   v.y + v.h);
        CHECK(ok);
    }
    /* the list she touched whole, where it fits with what 否 brought */
    int both = brought ? (nq.y + nq.h > lq.y + lq.h ? nq.y + nq.h : lq.y + lq.h) -
                             (nq.y < lq.y ? nq.y : lq.y)
                       : lq.h;
    if (both <= v.h && !inside(&lq, &v))
        printf("  %s: the list at y %d..%d, the view %d..%d\n", when, lq.y, lq.y + lq.h, v.y,
               v.y + v.h);
    CHECK(both > v.h || inside(&lq, &v));
    /* the question typed whole under it, with its box, where both fit */
    REQUIRE(ui_form_question(flow_form(f), typed, &tq) == 0);
    int top = lq.y < tq.y ? lq.y : tq.y, foot = lq.y + lq.h > tq.y + tq.h ? lq.y + lq.h
                                                                          : tq.y + tq.h;
    if (!brought && foot - top <= v.h && !inside(&tq, &v))
        printf("  %s: %s at y %d..%d, the view %d..%d (with the list it fits)\n", when, typed,
               tq.y, tq.y + tq.h, v.y, v.y + v.h);
    CHECK(brought || foot - top > v.h || inside(&tq, &v));
    /* its box whole in view or wholly out of it, never cut by the foot bar
     * or the steps; a label not cut either */
    SDL_Rect tb = {0, 0, 0, 0};
    char tid[64];
    snprintf(tid, sizeof tid, "f.%s", typed);
    int box_in = uitest_target_rect(f->u.app, tid, &tb) == 0;
    int box_ok = !box_in || (tb.y + tb.h == tq.y + tq.h && tb.y > v.y && tb.y + tb.h < v.y + v.h);
    /* over a box out of view, its label and error whole above the foot bar
     * (they say what waits under it: nothing of them in the view's last
     * rows), or out with it */
    int foot_ink = tq.y < v.y + v.h && tq.y + tq.h > v.y + v.h &&
                   uitest_ink(&f->u, tq.x, v.y + v.h - 4, tq.w, 4) > 0;
    int label_cut = (foot_ink && !box_in) || (tq.y < v.y && tq.y + tq.h > v.y && !box_in);
    if (!box_ok || label_cut)
        printf("  %s: %s at y %d..%d, its box %s%d..%d, the view %d..%d\n", when, typed, tq.y,
               tq.y + tq.h, box_in ? "" : "(none) ", tb.y, tb.y + tb.h, v.y, v.y + v.h);
    CHECK(box_ok && !label_cut);
    /* the question typed out of view, nothing else but the list to show:
     * no question cut by the view's top (户籍地址's box half under the
     * steps on the tablet, the list brought whole by the least move from
     * where its rows had been, where a place between questions shows it);
     * where the question typed shows whole with the list, or 否 brings
     * 居住地址, there is no such place on every screen */
    const form_def *def = form_inst_def(inst(f));
    size_t page = form_inst_page(inst(f));
    for (size_t i = 0; !brought && !(box_in && inside(&tq, &v)) &&
                       i < form_def_page_field_count(def, page);
         i++) {
        const char *key = form_field_key(form_def_page_field(def, page, i));
        SDL_Rect q;
        if (ui_form_question(flow_form(f), key, &q) == 0 && q.y < v.y && q.y + q.h > v.y) {
            printf("  %s: %s at y %d..%d cut by the view's top %d\n", when, key, q.y,
                   q.y + q.h, v.y);
            CHECK(0);
        }
    }
}

static void phone_then_row(int w, int h, int elderly, int opt)
{
    flow f;
    char when[96];
    snprintf(when, sizeof when, "%dx%d%s, 联系电话 then %s", w, h, elderly ? " large text" : "",
             opt ? "否" : "是");
    REQUIRE(open_page2(&f, w, h, elderly) == 0);
    OK(flow_type(&f, "phone", "138123"));
    tap_row(&f, when, "phone", "138123", opt);
    CHECK(form_inst_error(inst(&f), "phone") != NULL); /* checked: too short */
    if (w == 1280 && !elderly && !opt) {
        char rel[96];
        snprintf(rel, sizeof rel, "formui/ref/kbrow-%dx%d%s.png", w, h, elderly ? "-elderly" : "");
        CHECK_EQ_INT(uitest_compare(&f.u, rel), 0);
    }
    flow_close(&f);
}

/* 户籍地址 typed on (the card's address and 二号), a row of the list under it. */
static void address_then_row(int w, int h, int elderly)
{
    flow f;
    char when[96], want[256];
    snprintf(when, sizeof when, "%dx%d%s, 户籍地址 then 否", w, h, elderly ? " large text" : "");
    REQUIRE(open_page2(&f, w, h, elderly) == 0);
    snprintf(want, sizeof want, "%s二号", form_inst_get(inst(&f), "hukou_address"));
    OK(flow_tap(&f, "f.hukou_address"));
    OK(flow_run(&f, "text 二号\n"));
    tap_row(&f, when, "hukou_address", want, 1);
    flow_close(&f);
}

static void test_row_closes_keyboard(void)
{
    for (size_t k = 0; k < sizeof SIZES / sizeof SIZES[0]; k++) {
        phone_then_row(SIZES[k].w, SIZES[k].h, SIZES[k].elderly, 0);
        phone_then_row(SIZES[k].w, SIZES[k].h, SIZES[k].elderly, 1);
        address_then_row(SIZES[k].w, SIZES[k].h, SIZES[k].elderly);
    }
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_row_closes_keyboard);
    kb_ime_uninstall();
    return check_summary();
}
