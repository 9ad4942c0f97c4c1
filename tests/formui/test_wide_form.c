/* test_wide_form.c — the form's pages without a keyboard on the wide screens
 * (1920x1080, 1280x800), normal and large text.
 *
 * The page's column: a text box, a list row or a review row across the
 * whole width of a 1920-pixel screen is hard to read along and to aim at.
 * Every field, row and review row is at most 32 characters of body text
 * wide (a line read in one sweep), at least 20 (nothing cramped), and the
 * column stands in the middle of the screen.
 *
 * The frame: the header, the steps and the footer left about 340 pixels of
 * a 1280x800 screen's height to the page in large text (under two review
 * rows). The page now has at least half the screen's height (the review
 * list two fifths, under its hint), with the header's and the footer's
 * buttons still finger-sized (15 mm, 18 mm in large text), on the screen
 * and apart.
 *
 * A list row cut by the page's view (under the footer, or scrolled under
 * the steps): its target is what shows of it, none when less than half
 * shows, and a tap on its target chooses it. Its target was the whole row,
 * as far as off the canvas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const int SIZES[][2] = {{1920, 1080}, {1280, 800}};

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static void shot(flow *f, const char *name, int w, int h, int elderly)
{
    char rel[160];
    snprintf(rel, sizeof rel, "formui/ref/%s-%dx%d%s.png", name, w, h, elderly ? "-elderly" : "");
    CHECK_EQ_INT(uitest_compare(&f->u, rel), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f->u.app)), 0);
}

static void set(flow *f, const char *key, const char *v)
{
    char err[256];
    if (form_inst_set(inst(f), key, v, err, sizeof err) != FORM_OK)
        printf("  %s: %s\n", key, err);
}

/* ---- the column ---- */

typedef struct {
    const ui_theme *t;
    const char *when;
    SDL_Rect view; /* the page's view: fields scrolled out of it are not counted */
    int n, left, right; /* the page's targets, the leftmost left and rightmost right */
} column_ud;

/* The page's own targets: fields, their rows and buttons, review rows. */
static int page_target(const char *id)
{
    return (!strncmp(id, "f.", 2) || !strncmp(id, "form.review.", 12)) &&
           !strstr(id, ".date."); /* a date's wheels stand side by side */
}

static void column_cb(void *ud, const char *id, const SDL_Rect *r)
{
    column_ud *u = ud;
    if (!page_target(id) || !SDL_HasIntersection(r, &u->view))
        return;
    int most = 32 * u->t->px_body, least = 20 * u->t->px_body;
    if (r->w > most) {
        printf("  %s: %s is %d pixels wide, more than 32 characters (%d)\n", u->when, id, r->w,
               most);
        CHECK(0);
    }
    /* a row's or a field's whole width (not a button in a row of two) */
    if (!strstr(id, ".edit.") && !strstr(id, ".del.") && !strstr(id, ".resign") && r->w < least) {
        printf("  %s: %s is %d pixels wide, less than 20 characters (%d)\n", u->when, id, r->w,
               least);
        CHECK(0);
    }
    if (!u->n || r->x < u->left)
        u->left = r->x;
    if (!u->n || r->x + r->w > u->right)
        u->right = r->x + r->w;
    u->n++;
}

static void check_column(flow *f, const char *when)
{
    const ui_theme *t = ui_app_theme(f->u.app);
    ui_app_render(f->u.app, 1);
    SDL_Rect v = {0, 0, t->w, t->h}; /* review: its list keeps its rows inside */
    ui_form_view(flow_top(f), &v);
    column_ud u = {t, when, v, 0, 0, 0};
    ui_app_each_target(f->u.app, column_cb, &u);
    if (u.n < 1)
        printf("  %s: none of the page's targets in its view\n", when);
    CHECK(u.n >= 1);
    int lm = u.left, rm = t->w - u.right;
    if (abs(lm - rm) > 2 * t->unit) {
        printf("  %s: the page's column is not in the middle (%d left of it, %d right)\n", when,
               lm, rm);
        CHECK(0);
    }
}

/* ---- the frame ---- */

/* The header's and the footer's buttons: finger-sized (15 mm, 18 mm in
 * large text), on the screen with a margin, apart; the page's room (the
 * body's view) at least half the screen's height, at review the list's (from
 * its first row to the footer, under the steps and the hint) two fifths. */
static void check_frame(flow *f, const char *when)
{
    const ui_theme *t = ui_app_theme(f->u.app);
    ui_app_render(f->u.app, 1);
    int min = ui_theme_mm(t, t->elderly ? 18.0 : 15.0);
    const char *ids[] = {"form.quit", "form.voice", ui_form_kb(flow_top(f)) ? "form.done" : "form.prev",
                         "form.next"};
    SDL_Rect r[4];
    for (int i = 0; i < 4; i++) {
        REQUIRE(uitest_target_rect(f->u.app, ids[i], &r[i]) == 0);
        if (r[i].w < min || r[i].h < min) {
            printf("  %s: %s is %dx%d, less than %d pixels\n", when, ids[i], r[i].w, r[i].h, min);
            CHECK(0);
        }
        int m = t->unit / 2;
        if (r[i].x < m || r[i].y < m || r[i].x + r[i].w > t->w - m || r[i].y + r[i].h > t->h - m) {
            printf("  %s: %s (%d,%d %dx%d) without its margin\n", when, ids[i], r[i].x, r[i].y,
                   r[i].w, r[i].h);
            CHECK(0);
        }
        for (int k = 0; k < i; k++)
            if (SDL_HasIntersection(&r[i], &r[k])) {
                printf("  %s: %s lies over %s\n", when, ids[i], ids[k]);
                CHECK(0);
            }
    }
    int room;
    SDL_Rect v;
    if (ui_form_view(flow_top(f), &v) == 0) {
        room = v.h;
    } else { /* review: from its list's first row to the footer's top */
        SDL_Rect row;
        REQUIRE(uitest_target_rect(f->u.app, "form.review.0", &row) == 0);
        room = r[1].y - t->unit - row.y;
    }
    int review = ui_form_view(flow_top(f), &v) != 0;
    SDL_Rect key, box;
    if (!review && ui_form_kb(flow_top(f)) && uitest_target_rect(f->u.app, "kb.k.a", &key) == 0 &&
        key.y >= v.y + v.h) {
        /* the keys under the page (pinyin on a tablet): the focused
         * question's box whole in the page's room above them */
        REQUIRE(uitest_target_rect(f->u.app, "f.name", &box) == 0);
        if (box.y < v.y || box.y + box.h > v.y + v.h) {
            printf("  %s: the box (%d..%d) not whole in the page (%d..%d) over the keys\n", when,
                   box.y, box.y + box.h, v.y, v.y + v.h);
            CHECK(0);
        }
        return;
    }
    if (review ? room * 5 < t->h * 2 : room * 2 < t->h) {
        printf("  %s: the page has %d pixels of the screen's %d\n", when, room, t->h);
        CHECK(0);
    }
}

/* ---- pages ---- */

static int open_pension(flow *f)
{
    if (flow_run(f, "tap @tile.pension\nexpect-screen menu\n") || flow_tap(f, "menu.list.0"))
        return -1;
    /* the page's top, dragged back to (the card read brought what it left to answer) */
    return flow_run(f, "idcard 1\nexpect-target @form.next\n") || flow_page_top(f);
}

static void pages(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "wide-form.db", 1) == 0);
    flow_reader(&f, check_idcards());
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    REQUIRE(open_pension(&f) == 0);
    char when[96];
    snprintf(when, sizeof when, "%dx%d%s page 1", w, h, elderly ? " large text" : "");
    check_column(&f, when);
    check_frame(&f, when);
    shot(&f, "wide-form-page", w, h, elderly);
    /* the keyboard beside the page (or under it, pinyin on the tablet in
     * normal text, the card's note on the label's line): the frame as slim */
    OK(flow_tap(&f, "f.name"));
    REQUIRE(ui_form_kb(flow_top(&f)) != NULL);
    if (w == 1280 && !elderly) {
        /* the tablet: the card's note on the label's line leaves room for
         * pinyin under the page, the name's box the screen's width less the
         * margins (beside the keys, a sixth of it) */
        SDL_Rect key, box, v;
        REQUIRE(uitest_target_rect(f.u.app, "kb.k.a", &key) == 0 &&
                uitest_target_rect(f.u.app, "f.name", &box) == 0 &&
                ui_form_view(flow_top(&f), &v) == 0);
        CHECK(key.y >= v.y + v.h);
        CHECK(box.w * 3 >= w * 2);
    }
    snprintf(when, sizeof when, "%dx%d%s typing", w, h, elderly ? " large text" : "");
    check_frame(&f, when);
    shot(&f, "wide-form-typing", w, h, elderly);
    OK(flow_tap(&f, "form.done"));
    /* review, the rest answered */
    const char *kv[] = {"hukou_type", "agri", "same_address", "yes", "phone", "13812345678",
                        "is_student", "no", "in_employee_scheme", "no", "insured_status", "normal",
                        "tier", "50000", "account_type", "sscard", "sscard_no", "123456789",
                        "pledge", "yes", "signature", "sig-test.png", NULL};
    for (const char **p = kv; *p; p += 2)
        set(&f, p[0], p[1]);
    while (!form_inst_at_review(inst(&f)))
        REQUIRE(flow_tap(&f, "form.next") == 0 && !ui_form_message(flow_top(&f)));
    snprintf(when, sizeof when, "%dx%d%s review", w, h, elderly ? " large text" : "");
    check_column(&f, when);
    check_frame(&f, when);
    { /* one answer under another, in reading order (two columns side by
       * side had a member's answers zigzag across them, beside others') */
        SDL_Rect r0, r1;
        REQUIRE(uitest_target_rect(f.u.app, "form.review.0", &r0) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "form.review.1", &r1) == 0);
        CHECK(r0.x == r1.x && r0.y + r0.h <= r1.y);
    }
    shot(&f, "wide-form-review", w, h, elderly);
    if (w == 1920 && elderly) { /* one column that scrolls: flung, then 确认提交 */
        const ui_theme *t = ui_app_theme(f.u.app);
        char fling[160];
        snprintf(fling, sizeof fling, "drag %d %d %d %d 60\n", w / 2, t->h * 3 / 4, w / 2,
                 t->h / 3);
        OK(flow_run(&f, fling));
        OK(flow_tap(&f, "form.next"));
        OK(flow_run(&f, "expect-target @form.dlg.ok\n"));
        /* nothing moves under the dialog: the frame stays as it opened */
        int fw, fh;
        const uint8_t *px = uitest_frame(&f.u, &fw, &fh);
        size_t n = (size_t)fw * (size_t)fh * 4;
        uint8_t *opened = px ? malloc(n) : NULL;
        if (opened) {
            memcpy(opened, px, n);
            OK(flow_run(&f, "wait 400\n"));
            px = uitest_frame(&f.u, &fw, &fh);
            CHECK(px && memcmp(px, opened, n) == 0);
            free(opened);
        } else {
            CHECK(!"the canvas could not be read");
        }
        OK(flow_tap(&f, "form.dlg.cancel"));
    }
    flow_close(&f);
}

static void test_pages(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++)
        for (int el = 0; el < 2; el++)
            pages(SIZES[i][0], SIZES[i][1], el);
}

/* 低保's member page: its 与申请人关系 and 健康状况 lists. */
static void member(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "wide-member.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    set(&f, "name", "张三");
    set(&f, "idno", "110105197005100014");
    set(&f, "phone", "13812345678");
    set(&f, "hukou_address", "东风村三组");
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f)); /* the member's card page: typed */
    OK(flow_run(&f, "expect-screen form_member\n"));
    char when[96];
    snprintf(when, sizeof when, "%dx%d%s member", w, h, elderly ? " large text" : "");
    check_column(&f, when);
    /* its frame: 返回 and 完成 finger-sized and on the screen */
    const ui_theme *t = ui_app_theme(f.u.app);
    int min = ui_theme_mm(t, elderly ? 18.0 : 15.0);
    SDL_Rect back, done, v;
    REQUIRE(uitest_target_rect(f.u.app, "member.back", &back) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "member.done", &done) == 0);
    CHECK(back.h >= min && done.h >= min && back.y >= t->unit / 2 &&
          done.y + done.h <= t->h - t->unit / 2);
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    if (v.h * 10 < t->h * 6)
        printf("  %s: the member's fields have %d pixels of %d\n", when, v.h, t->h);
    CHECK(v.h * 10 >= t->h * 6);
    shot(&f, "wide-form-member", w, h, elderly);
    flow_close(&f);
}

static void test_member(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++)
        for (int el = 0; el < 2; el++)
            member(SIZES[i][0], SIZES[i][1], el);
}

/* ---- a list row half under the footer ---- */

typedef struct {
    const char *prefix;
    SDL_Rect view;
    int outside;
} rows_ud;

static void rows_cb(void *ud, const char *id, const SDL_Rect *r)
{
    rows_ud *u = ud;
    if (strncmp(id, u->prefix, strlen(u->prefix)))
        return;
    SDL_Rect in;
    if (!SDL_IntersectRect(r, &u->view, &in) || in.h != r->h || in.w != r->w) {
        printf("  %s (%d,%d %dx%d) reaches out of the page's view (%d..%d)\n", id, r->x, r->y,
               r->w, r->h, u->view.y, u->view.y + u->view.h);
        u->outside++;
    }
}

/* 参保情况's 参保身份 (six rows on the page), the page dragged up a third or
 * two thirds of a row at a time: while the finger is down, every row's target inside the
 * page's view, the row the footer's edge cuts with a target only while at
 * least half of it shows; the finger lifted, the page goes on until that
 * row shows whole, and a tap on it chooses it. A tap on the footer's edge
 * never does. */
static void half_row(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "wide-rows.db", 1) == 0);
    flow_reader(&f, check_idcards());
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    REQUIRE(open_pension(&f) == 0);
    set(&f, "hukou_type", "agri");
    OK(flow_tap(&f, "form.next"));
    set(&f, "same_address", "yes");
    set(&f, "phone", "13812345678");
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_page(inst(&f)) == 2);
    const ui_theme *t = ui_app_theme(f.u.app);
    char when[96];
    snprintf(when, sizeof when, "%dx%d%s", w, h, elderly ? " large text" : "");
    const form_field *fl = form_def_field(form_inst_def(inst(&f)), "insured_status");
    REQUIRE(fl != NULL);
    int n = (int)form_field_option_count(fl), more = 0, less = 0, outside = 0;
    for (int step = 0; step < 60 && (!more || !less); step++) {
        SDL_Rect v, L;
        ui_app_render(f.u.app, 1);
        REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
        REQUIRE(ui_form_rect(flow_top(&f), "insured_status", &L) == 0);
        int pitch = L.h / n, rh = pitch - t->unit / 2, bottom = v.y + v.h;
        /* the finger down, the page moved up a third of a row, or two */
        char line[128];
        int x = t->w / 2, y0 = v.y + v.h * 3 / 4, dy = pitch * (1 + step % 2) / 3;
        snprintf(line, sizeof line, "down %d %d\nmove %d %d\n", x, y0, x, y0 - dy);
        OK(flow_run(&f, line));
        ui_app_render(f.u.app, 1);
        REQUIRE(ui_form_rect(flow_top(&f), "insured_status", &L) == 0);
        rows_ud u = {"f.insured_status.opt.", v, 0};
        ui_app_each_target(f.u.app, rows_cb, &u);
        outside += u.outside;
        int cut_row = -1, cut_more = 0;
        for (int i = 0; i < n; i++) {
            int top = L.y + i * pitch;
            if (!(top < bottom && top + rh > bottom))
                continue;
            char id[64];
            SDL_Rect r;
            snprintf(id, sizeof id, "f.insured_status.opt.%d", i);
            int has = uitest_target_rect(f.u.app, id, &r) == 0, shown = bottom - top;
            if (shown * 2 < rh && has) {
                printf("  %s: row %d, %d of %d pixels showing, has a target\n", when, i, shown,
                       rh);
                CHECK(0);
            }
            if (shown * 2 >= rh)
                CHECK(has);
            cut_row = i;
            cut_more = shown * 2 >= rh;
        }
        /* lifted: the page goes on until the row shows whole */
        snprintf(line, sizeof line, "up %d %d\nwait 600\n", x, y0 - dy);
        OK(flow_run(&f, line));
        if (cut_row < 0)
            continue;
        char id[64];
        SDL_Rect r;
        snprintf(id, sizeof id, "f.insured_status.opt.%d", cut_row);
        ui_app_render(f.u.app, 1);
        CHECK(uitest_target_rect(f.u.app, id, &r) == 0 && r.h == rh && r.y + r.h < bottom);
        if (!cut_more) {
            less++;
            /* a tap on the footer's edge */
            char before[64];
            const char *was = form_inst_get(inst(&f), "insured_status");
            snprintf(before, sizeof before, "%s", was ? was : "");
            snprintf(line, sizeof line, "tap %d %d\n", L.x + L.w / 2, bottom + 2);
            OK(flow_run(&f, line));
            was = form_inst_get(inst(&f), "insured_status");
            CHECK_EQ_STR(was ? was : "", before);
            CHECK_EQ_INT((int)form_inst_page(inst(&f)), 2);
        } else if (!more) {
            more++;
            snprintf(line, sizeof line, "tap @%s\n", id);
            OK(flow_run(&f, line));
            const char *got = form_inst_get(inst(&f), "insured_status");
            if (!got || strcmp(got, form_field_option_value(fl, (size_t)cut_row)))
                printf("  %s: a tap on row %d's target chose %s\n", when, cut_row,
                       got ? got : "nothing");
            CHECK(got && !strcmp(got, form_field_option_value(fl, (size_t)cut_row)));
        }
    }
    CHECK(more && less);
    CHECK_EQ_INT(outside, 0);
    flow_close(&f);
}

static void test_half_row(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++)
        for (int el = 0; el < 2; el++)
            half_row(SIZES[i][0], SIZES[i][1], el);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_pages);
    RUN(test_member);
    RUN(test_half_row);
    kb_ime_uninstall();
    return check_summary();
}
