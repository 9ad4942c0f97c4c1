/* test_wide.c — typing on a screen wider than tall (1920x1080, and a
 * 1280x800 tablet), in normal and large text: the keyboard in a column
 * beside the page, the person sees what she types.
 *
 * Through the real screens, on every keyboard a form opens: 低保's 姓名
 * (pinyin with its candidates, handwriting), 公民身份号码 (the ID pad) and
 * 联系电话 (the number pad); 医保参保's member screen (添加家庭成员): its
 * 公民身份号码 and 姓名; 办件查询 by ID number: 公民身份号码 and 登记号, and
 * by receipt number (letters and digits); the technician's PIN and the
 * proxy agent's sign-in, their pad beside the field on these screens; the
 * technician's menu, its buttons clear of each other and of 退出; his
 * settings' editor with the address keyboard, pinyin and the area code's
 * pad (the list dragged to its row in large text); on
 * the 1280x800 tablet, 低保's 户籍地址 with house numbers (数字).
 * On the tablet the letters-and-digits keys (a receipt number) go under
 * the page instead, in three rows of thirteen: beside it their ten columns
 * left the box four characters a line; under it the box is the screen's
 * width and holds a receipt number on one line. Pinyin goes under the page
 * there too in normal text, folded to its bar and three rows of letters:
 * beside it the box held three characters a line.
 * Each time:
 *   - the focused box lies wholly inside the page's view, its label's line
 *     above it in the view too, and does not overlap the keyboard;
 *   - no text is cut across at the view's lower edge (what would show in
 *     part there is left out whole);
 *   - beside a pad (digits, ID number) the page keeps half of the screen;
 *   - every key, candidate and page key lies in the keyboard's area, off
 *     the view, on the canvas, at least 15 mm each way;
 *   - after letters, the candidate bar is on screen (its first candidate);
 *   - a keystroke draws only what it changes (uitest_partial: a patch in
 *     the header's corner survives, the canvas equals a full frame);
 * and reference images of the states. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "check.h"
#include "flow.h"
#include "ui/screens/tech/tech.h"
#include "ui/screens/tech/tech_link.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/kb/kb.h"
#include "ui/screens/form/form_body.h"

#define OK(x) CHECK_EQ_INT((x), 0)

typedef struct {
    int w, h, elderly;
    const char *what; /* for failure lines */
} wide_case;

static int inside(const SDL_Rect *in, const SDL_Rect *out)
{
    return in->x >= out->x && in->y >= out->y && in->x + in->w <= out->x + out->w &&
           in->y + in->h <= out->y + out->h;
}

static int overlap(const SDL_Rect *a, const SDL_Rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

typedef struct {
    SDL_Rect kb, view, canvas;
    int least_w, least_h, cand_w, keys, bad;
    const char *where;
} keys_seen;

/* Every target of the keyboard ("kb.…" but its pad's canvas): in the
 * keyboard's area, off the view, on the canvas, 15 mm each way (pinyin's
 * keys under the page: 18 mm wide, 13 mm high, its candidates 15 mm wide). */
static void key_seen(void *ud, const char *id, const SDL_Rect *r)
{
    keys_seen *s = ud;
    if (strncmp(id, "kb.", 3) != 0 || !strcmp(id, "kb.canvas"))
        return;
    s->keys++;
    int ok = inside(r, &s->kb) && !overlap(r, &s->view) && inside(r, &s->canvas) &&
             r->w >= (strncmp(id, "kb.c.", 5) ? s->least_w : s->cand_w) && r->h >= s->least_h;
    if (!ok) {
        s->bad++;
        printf("    %s: key %s at %d,%d %dx%d (keyboard %d,%d %dx%d, view %d,%d %dx%d, least "
               "%dx%d)\n",
               s->where, id, r->x, r->y, r->w, r->h, s->kb.x, s->kb.y, s->kb.w, s->kb.h,
               s->view.x, s->view.y, s->view.w, s->view.h, s->least_w, s->least_h);
    }
}

/* What typing in field key needs, all in view at once (bar: candidates
 * are being offered). */
static void check_typing(flow *f, const wide_case *c, const char *key, int bar, const char *step)
{
    ui_app *a = f->u.app;
    const ui_theme *t = ui_app_theme(a);
    ui_app_render(a, 1);
    char id[64], where[160];
    snprintf(id, sizeof id, "f.%s", key);
    snprintf(where, sizeof where, "%s, %s", c->what, step);
    SDL_Rect v, box, kr, c0;
    SDL_Rect canvas = {0, 0, c->w, c->h};
    OK(ui_form_view(flow_top(f), &v));
    REQUIRE(uitest_target_rect(a, id, &box) == 0);
    REQUIRE(uitest_target_rect(a, "fb.block", &kr) == 0);
    /* the label above the box, or in a column left of it (pinyin under the
     * page on the tablet in large text: the box starts right of the page's
     * column), its ink there */
    int cx, cw;
    form_body_column(a, v.x + 2 * t->unit, v.w - 4 * t->unit, &cx, &cw);
    int beside = box.x > cx + t->unit;
    SDL_Rect labelled = {box.x, box.y - t->px_label, box.w, box.h + t->px_label};
    if (beside) {
        labelled = (SDL_Rect){cx, box.y, box.x + box.w - cx, box.h};
        if (!uitest_count_color(&f->u, cx, box.y, box.x - cx, box.h, t->ink)) {
            printf("    %s: no label left of the box at %d,%d\n", where, box.x, box.y);
            CHECK(0);
        }
    }
    if (!inside(&labelled, &v) || overlap(&box, &kr) || !inside(&kr, &canvas)) {
        printf("    %s: box %d,%d %dx%d, view %d,%d %dx%d, keyboard %d,%d %dx%d\n", where, box.x,
               box.y, box.w, box.h, v.x, v.y, v.w, v.h, kr.x, kr.y, kr.w, kr.h);
        CHECK(0);
    }
    /* a pad's four columns leave the page half of the screen: on the
     * tablet an ID number's groups are not cut five digits a line */
    kb *k = ui_form_kb(flow_top(f));
    kb_kind kind = k ? kb_get_kind(k) : KB_PINYIN;
    if ((kind == KB_DIGITS || kind == KB_MONEY || kind == KB_IDCARD) && v.w * 2 < c->w) {
        printf("    %s: the page %d wide beside a pad, on a canvas %d wide\n", where, v.w, c->w);
        CHECK(0);
    }
    /* pinyin under the page (kb_set_below: the keyboard the screen's width) */
    int under = kind == KB_PINYIN && kr.w == c->w;
    int lw = ui_theme_mm(t, under ? 18.0 : 15.0), lh = ui_theme_mm(t, under ? 13.0 : 15.0);
    /* no text cut across at the view's lower edge (the keys' or the
     * footer's): no ink, help, error or note colour in its last two rows
     * across the column, inside a box's sides (large text draws them in ink) */
    static const char *const INKS[4] = {"ink", "ink_soft", "danger", "ok"};
    const SDL_Color inks[4] = {t->ink, t->ink_soft, t->danger, t->ok};
    for (int i = 0; i < 4; i++) {
        int n = uitest_count_color(&f->u, box.x + t->unit, v.y + v.h - 2, box.w - 2 * t->unit, 2,
                                   inks[i]);
        if (n) {
            printf("    %s: %d pixels of %s on the view's lower edge (y %d)\n", where, n, INKS[i],
                   v.y + v.h);
            CHECK(0);
        }
    }
    keys_seen s = {kr, v, canvas, lw, lh, ui_theme_mm(t, 15.0), 0, 0, where};
    ui_app_each_target(a, key_seen, &s);
    CHECK(s.keys >= 6);
    CHECK_EQ_INT(s.bad, 0);
    if (bar) {
        CHECK(uitest_target_rect(a, "kb.c.0", &c0) == 0);
        CHECK(inside(&c0, &kr) && inside(&c0, &canvas));
    }
}

/* A keystroke (a tap on key id) draws only what it changes. */
static void keystroke(flow *f, const wide_case *c, const char *key)
{
    SDL_Rect patch = {c->w - 40, 4, 24, 24}; /* the header's corner */
    char line[64];
    snprintf(line, sizeof line, "tap @kb.k.%s", key);
    OK(uitest_partial(&f->u, c->what, line, &patch));
}

static void shot(flow *f, const wide_case *c, const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "formui/ref/wide-%s-%dx%d%s.png", name, c->w, c->h,
             c->elderly ? "-elderly" : "");
    CHECK_EQ_INT(uitest_compare(&f->u, path), 0);
}

/* The case's screen, its text size, a fresh store (db): 0, or -1 (nothing open). */
static int open_case(flow *f, const wide_case *c, const char *db)
{
    if (flow_open(f, c->w, c->h, db, 1) != 0)
        return -1;
    if (c->elderly)
        OK(flow_run(f, "elderly on\n"));
    return 0;
}

/* 低保 on the case's screen, typed (没带身份证): its first page. */
static int open_dibao(flow *f, const wide_case *c, const char *db)
{
    if (open_case(f, c, db) != 0)
        return -1;
    OK(flow_tap(f, "tile.dibao"));
    OK(flow_manual(f));
    return 0;
}

/* 低保's first page: 姓名 by pinyin and handwriting, the ID pad, the number pad. */
static void form_page(const wide_case *c)
{
    flow f;
    REQUIRE(open_dibao(&f, c, "wide.db") == 0);
    OK(flow_tap(&f, "f.name"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k != NULL);
    if (kb_get_kind(k) == KB_PINYIN) /* large text opens on handwriting already */
        OK(flow_tap(&f, "kb.k.mode"));
    CHECK_EQ_INT(kb_get_kind(ui_form_kb(flow_top(&f))), KB_HAND);
    check_typing(&f, c, "name", 0, "handwriting");
    shot(&f, c, "hand");
    OK(flow_to_pinyin(&f));
    check_typing(&f, c, "name", 0, "pinyin");
    OK(flow_keys(&f, "zha"));
    keystroke(&f, c, "n");
    keystroke(&f, c, "g");
    check_typing(&f, c, "name", 1, "pinyin with candidates");
    shot(&f, c, "pinyin");
    OK(flow_type(&f, "idno", "11010519"));
    keystroke(&f, c, "8");
    check_typing(&f, c, "idno", 0, "ID pad");
    shot(&f, c, "idno");
    /* the whole number: its three groups on the box's one line (the pad
     * narrower where large text needs the room), the box as high as it was */
    SDL_Rect part, whole;
    REQUIRE(uitest_target_rect(f.u.app, "f.idno", &part) == 0);
    OK(flow_keys(&f, "7005100014"));
    ui_app_render(f.u.app, 1);
    REQUIRE(uitest_target_rect(f.u.app, "f.idno", &whole) == 0);
    if (whole.h != part.h)
        printf("    %s: the ID number's box %d high, %d with nine digits\n", c->what, whole.h,
               part.h);
    CHECK_EQ_INT(whole.h, part.h);
    check_typing(&f, c, "idno", 0, "ID pad, the whole number");
    OK(flow_type(&f, "phone", "138"));
    keystroke(&f, c, "1");
    check_typing(&f, c, "phone", 0, "number pad");
    flow_close(&f);
}

/* The item's first entry from its home tile (tile), by hand, the answers
 * kv (key, value, ..., NULL) set on it. */
static void open_first(flow *f, const char *tile, const char *const *kv)
{
    OK(flow_tap(f, tile));
    OK(flow_tap(f, "menu.list.0"));
    OK(flow_manual(f));
    REQUIRE(ui_form_is(flow_top(f)));
    form_inst *in = ui_form_inst(flow_form(f));
    char err[256];
    for (size_t i = 0; kv[i]; i += 2)
        OK(form_inst_set(in, kv[i], kv[i + 1], err, sizeof err));
}

/* 医保参保's member screen: 公民身份号码, then 姓名 after letters. */
static void member_page(const wide_case *c)
{
    flow f;
    REQUIRE(open_case(&f, c, "wide-member.db") == 0);
    static const char *const kv[] = {"head_name", "王芳", "head_idno", "110105198501010071",
                                     "phone", "13812345678", "hukou_address", "东风村三组", NULL};
    open_first(&f, "tile.medical", kv);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f)); /* the member's card page: typed */
    REQUIRE(!strcmp(flow_top_name(&f), "form_member"));
    OK(flow_type(&f, "m_idno", "1101"));
    check_typing(&f, c, "m_idno", 0, "member's ID pad");
    OK(flow_tap(&f, "f.m_name"));
    OK(flow_to_pinyin(&f));
    OK(flow_keys(&f, "wang"));
    check_typing(&f, c, "m_name", 1, "member's name");
    shot(&f, c, "member");
    flow_close(&f);
}

/* 1 if target id (what: its name for failure lines) shows whole in the
 * view of the form on top, rendered now: *view and *r then say where. */
static int target_in_view(flow *f, const wide_case *c, const char *id, const char *what,
                          SDL_Rect *view, SDL_Rect *r)
{
    ui_app_render(f->u.app, 1);
    if (ui_form_view(flow_top(f), view) != 0 || uitest_target_rect(f->u.app, id, r) != 0 ||
        !inside(r, view)) {
        CHECK(!"a target whole in the view");
        printf("    %s: %s not whole in the view\n", c->what, what);
        return 0;
    }
    return 1;
}

/* 低保's household without her (her husband listed alone), 下一步: the
 * view shows the words (要包括张秀英本人) and, under them, the button that
 * puts them right (添加张秀英本人), whole, at once: on the tablet in large
 * text the group is taller than the view, and the words stood under its
 * label at the top while the button lay below the view's foot. The button
 * opens her member screen on her first question without an answer. */
static void household_words(const wide_case *c)
{
    flow f;
    REQUIRE(open_dibao(&f, c, "wide-household.db") == 0);
    REQUIRE(ui_form_is(flow_top(&f)));
    form_inst *in = ui_form_inst(flow_form(&f));
    char err[256];
    static const char *const kv[] = {"name", "张秀英", "idno", "420506195203140027", "phone",
                                     "13812345678", "hukou_address", "青山村三组18号", NULL};
    for (size_t i = 0; kv[i]; i += 2)
        OK(form_inst_set(in, kv[i], kv[i + 1], err, sizeof err));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_page(in) == 1);
    static const char *const his[] = {"m_name", "李建国", "m_idno", "420506194809170031",
                                      "m_relation", "spouse", "m_health", "healthy", "m_income",
                                      "300", "m_deposit", "0", NULL};
    REQUIRE(form_inst_member_add(in, "members", err, sizeof err) == 0);
    for (size_t i = 0; his[i]; i += 2)
        OK(form_inst_member_set(in, "members", 0, his[i], his[i + 1], err, sizeof err));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(in), 1);
    CHECK(form_inst_error(in, "members") != NULL);
    ui_app *a = f.u.app;
    SDL_Rect v, self, income;
    if (target_in_view(&f, c, "f.members.self", "添加张秀英本人", &v, &self))
        /* the words in red between the view's top and the button */
        CHECK(self.y > v.y &&
              uitest_count_color(&f.u, v.x, v.y, v.w, self.y - v.y, ui_app_theme(a)->danger) > 0);
    shot(&f, c, "household-words");
    /* 添加张秀英本人: her member screen opens on her first question without
     * an answer (每月收入; her name, number, 本人 and 健康 are there) */
    OK(flow_tap(&f, "f.members.self"));
    OK(flow_run(&f, "expect-screen form_member\n"));
    if (target_in_view(&f, c, "f.m_income", "每月收入", &v, &income))
        CHECK(income.y < v.y + v.h / 2); /* at the view's top, not its foot */
    flow_close(&f);
}

/* 办件查询 by ID number: 公民身份号码 and 登记号; by receipt number. */
static void query_page(const wide_case *c)
{
    flow f;
    REQUIRE(open_case(&f, c, "wide-query.db") == 0);
    OK(flow_tap(&f, "tile.query"));
    OK(flow_tap(&f, "f.method.opt.1"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "idno", "110105"));
    check_typing(&f, c, "idno", 0, "query's ID pad");
    OK(flow_tap(&f, "f.id_reg_no"));
    OK(flow_keys(&f, "12"));
    check_typing(&f, c, "id_reg_no", 0, "query's registration number");
    shot(&f, c, "query");
    /* by receipt number: the letters-and-digits keys */
    OK(flow_tap(&f, "form.done"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_choose(&f, "method", "by_receipt"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.receipt_no"));
    OK(flow_run(&f, "tap @kb.k.C\ntap @kb.k.Z\n"));
    keystroke(&f, c, "7");
    check_typing(&f, c, "receipt_no", 0, "query's receipt number");
    shot(&f, c, "receipt");
    /* the rest of a receipt number (the county's: CZ, the day, seven
     * digits), typed on the keys */
    OK(flow_run(&f, "tap @kb.k.2\ntap @kb.k.0\ntap @kb.k.2\ntap @kb.k.6\ntap @kb.k.1\n"
                    "tap @kb.k.2\ntap @kb.k.0\ntap @kb.k.5\ntap @kb.k.0\ntap @kb.k.0\n"
                    "tap @kb.k.0\ntap @kb.k.1\ntap @kb.k.2\ntap @kb.k.3\n"));
    CHECK_EQ_STR(kb_text(ui_form_kb(flow_top(&f))), "CZ720261205000123");
    check_typing(&f, c, "receipt_no", 0, "query's receipt number typed whole");
    if (c->w == 1280) {
        /* the tablet: the keys under the page, the box the page's column
         * (half the screen at least), the number whole on one line (beside
         * ten keys the box showed four characters a line) */
        const ui_theme *t = ui_app_theme(f.u.app);
        SDL_Rect v, box, kr;
        OK(ui_form_view(flow_top(&f), &v));
        REQUIRE(uitest_target_rect(f.u.app, "f.receipt_no", &box) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "fb.block", &kr) == 0);
        if (kr.y < v.y + v.h || kr.w != c->w || box.w * 2 < c->w || box.h != t->target) {
            printf("    %s: keys %d,%d %dx%d, view %d,%d %dx%d, box %dx%d\n", c->what, kr.x, kr.y,
                   kr.w, kr.h, v.x, v.y, v.w, v.h, box.w, box.h);
            CHECK(!"the receipt number's keys under the page, its box one line across it");
        }
    }
    flow_close(&f);
}

/* 1 when every pixel between the focused box's bottom (and half a unit)
 * and the keyboard's top, across the box, is the page's background: what
 * follows the box (its help) is not shown in part, cut at the keys. */
static int under_box_blank(flow *f, const char *id)
{
    ui_app *a = f->u.app;
    const ui_theme *t = ui_app_theme(a);
    SDL_Rect box, kr;
    ui_app_render(a, 0);
    if (uitest_target_rect(a, id, &box) || uitest_target_rect(a, "fb.block", &kr))
        return 0;
    int y0 = box.y + box.h + t->unit / 2 + 1, h = kr.y - y0;
    if (h <= 0)
        return 1;
    int n = uitest_count_color(&f->u, box.x, y0, box.w, h, t->bg);
    if (n != box.w * h)
        printf("    under %s: %d of %d pixels in %d,%d %dx%d are not the background\n", id,
               box.w * h - n, box.w * h, box.x, y0, box.w, h);
    return n == box.w * h;
}

/* The tablet's receipt number with an error over its box (开始查询 with two
 * letters, the box tapped again): the keys stay under the page where they
 * were, as the error comes and as it goes with the sixth character (the
 * column beside the page did not fit the error and took the keys: they
 * moved under her finger); the view shows the error and the box whole,
 * and the label too: the error stands on the label's line (the label was
 * left out of the view, the error over the box on a line of its own), and
 * the box stays where it is when the error goes (it moved up a line). */
static void receipt_error(const wide_case *c)
{
    flow f;
    REQUIRE(open_case(&f, c, "wide-receipt-error.db") == 0);
    OK(flow_tap(&f, "tile.query"));
    OK(flow_choose(&f, "method", "by_receipt"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.receipt_no"));
    SDL_Rect k0, k1, k2, v, box;
    REQUIRE(uitest_target_rect(f.u.app, "fb.block", &k0) == 0);
    OK(flow_run(&f, "tap @kb.k.A\ntap @kb.k.B\ntap @form.next\n"));
    REQUIRE(form_inst_error(ui_form_inst(flow_form(&f)), "receipt_no") != NULL);
    OK(flow_tap(&f, "f.receipt_no"));
    REQUIRE(uitest_target_rect(f.u.app, "fb.block", &k1) == 0);
    OK(ui_form_view(flow_top(&f), &v));
    REQUIRE(uitest_target_rect(f.u.app, "f.receipt_no", &box) == 0);
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect said = {box.x, box.y - t->px_body, box.w, box.h + t->px_body}; /* the error's line */
    CHECK(said.y >= v.y && said.y + said.h <= v.y + v.h);
    /* over the box, a label's line high: the label's ink and the error's red */
    int lh = t->px_label + t->unit / 2, top = box.y - lh > v.y ? box.y - lh : v.y;
    int ink = uitest_count_color(&f.u, box.x, top, box.w, box.y - top, t->ink);
    int red = uitest_count_color(&f.u, box.x, top, box.w, box.y - top, t->danger);
    if (!ink || !red)
        printf("    %s: over the box %d pixels of the label's ink, %d of the error's red\n",
               c->what, ink, red);
    CHECK(ink > 0 && red > 0);
    if (c->elderly) { /* the help under the box has no room: left out whole */
        CHECK(under_box_blank(&f, "f.receipt_no"));
        shot(&f, c, "receipt-error");
    }
    OK(flow_run(&f, "tap @kb.k.C\ntap @kb.k.D\ntap @kb.k.E\ntap @kb.k.F\n"));
    CHECK(form_inst_error(ui_form_inst(flow_form(&f)), "receipt_no") == NULL);
    REQUIRE(uitest_target_rect(f.u.app, "fb.block", &k2) == 0);
    SDL_Rect box2;
    REQUIRE(uitest_target_rect(f.u.app, "f.receipt_no", &box2) == 0);
    if (box2.y != box.y)
        printf("    %s: the box at y %d with the error, %d after it\n", c->what, box.y, box2.y);
    CHECK(box2.y == box.y);
    if (memcmp(&k0, &k1, sizeof k0) || memcmp(&k0, &k2, sizeof k0)) {
        printf("    %s: keys at %d,%d %dx%d, with the error %d,%d %dx%d, after it %d,%d %dx%d\n",
               c->what, k0.x, k0.y, k0.w, k0.h, k1.x, k1.y, k1.w, k1.h, k2.x, k2.y, k2.w, k2.h);
        CHECK(!"the keys stay where they are");
    }
    CHECK(k0.y >= v.y + v.h && k0.w == c->w); /* under the page */
    flow_close(&f);
}

/* The tablet in large text, 低保's name left empty and 下一步, the name
 * tapped and pinyin chosen: its keys under the page, the label in a column
 * left of the box, and the error (请填写姓名) under the label in that
 * column, whole in the view (there was no room for it over the box: it
 * was left out). Her name takes the error away; the box stays on its
 * line (the view's top half a unit over it gives way to the error's foot:
 * the box moves that little at most), only wider, the error's width given
 * back to it. A wrong name she comes back to: its error in the column,
 * under the label where both fit (姓名字数不对，请照证件填写, a line in a
 * column half the page wide), alone where they do not (姓名只能填汉字…,
 * two lines), nothing cut at the view's foot. */
static void beside_whole(flow *f, const char *name, int label)
{
    char err[256];
    form_inst *in = ui_form_inst(flow_form(f));
    CHECK_EQ_INT(form_inst_set(in, "name", name, err, sizeof err), FORM_ERR_INVALID);
    OK(flow_tap(f, "form.done"));
    OK(flow_tap(f, "f.name"));
    if (kb_get_kind(ui_form_kb(flow_top(f))) != KB_PINYIN)
        OK(flow_run(f, "tap @kb.k.mode\n"));
    ui_app_render(f->u.app, 1);
    const ui_theme *t = ui_app_theme(f->u.app);
    SDL_Rect v, box;
    OK(ui_form_view(flow_top(f), &v));
    REQUIRE(uitest_target_rect(f->u.app, "f.name", &box) == 0);
    int col = box.x - v.x;
    int ink = uitest_count_color(&f->u, v.x, v.y, col, v.h, t->ink);
    int red = uitest_count_color(&f->u, v.x, v.y, col, v.h, t->danger);
    int cut = uitest_count_color(&f->u, v.x, v.y + v.h - 2, v.w, 2, t->danger) +
              uitest_count_color(&f->u, v.x, v.y + v.h - 2, v.w, 2, t->ink) +
              uitest_count_color(&f->u, v.x, v.y + v.h - 2, v.w, 2, t->ink_soft);
    /* every line of the error: its red from its first line's ink to its last's */
    int cx, cw, lines = 0, top = -1, foot = -1;
    form_body_column(f->u.app, v.x + 2 * t->unit, v.w - 4 * t->unit, &cx, &cw);
    text_style st = {t->px_body, TEXT_BOLD, t->danger, TEXT_LEFT, 0, 0};
    text_measure_box(ui_app_text(f->u.app), form_inst_error(in, "name"), box.x - t->unit - cx, &st,
                     &lines);
    for (int y = v.y; y < v.y + v.h; y++)
        if (uitest_count_color(&f->u, v.x, y, col, 1, t->danger)) {
            top = top < 0 ? y : top;
            foot = y;
        }
    int whole = foot - top >= (lines - 1) * text_line_step(ui_app_text(f->u.app), &st);
    if ((ink > 0) != label || !red || cut || !whole || box.y + box.h > v.y + v.h)
        printf("    %s beside the box: %d pixels of the label's ink, %d of the error's red "
               "(rows %d-%d, %d lines), %d of ink at the view's foot, the box's foot %d, the "
               "view's %d\n",
               name, ink, red, top, foot, lines, cut, box.y + box.h, v.y + v.h);
    CHECK((ink > 0) == label && red > 0 && whole && cut == 0 && box.y + box.h <= v.y + v.h);
}

/* 低保 opened in large text on a w x h screen, past the card page (没带身份证). */
static int open_dibao_large(flow *f, int w, int h, const char *db)
{
    if (flow_open(f, w, h, db, 1))
        return -1;
    return flow_run(f, "elderly on\n") || flow_tap(f, "tile.dibao") || flow_manual(f) ? -1 : 0;
}

static void test_error_beside(void)
{
    flow f;
    REQUIRE(open_dibao_large(&f, 1280, 800, "wide-error-beside.db") == 0);
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_error(ui_form_inst(flow_form(&f)), "name") != NULL);
    OK(flow_tap(&f, "f.name"));
    OK(flow_run(&f, "tap @kb.k.mode\n"));
    SDL_Rect v, box, key, box2;
    REQUIRE(uitest_target_rect(f.u.app, "kb.k.a", &key) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "f.name", &box) == 0);
    OK(ui_form_view(flow_top(&f), &v));
    const ui_theme *t = ui_app_theme(f.u.app);
    CHECK(key.y >= v.y + v.h);
    int col = box.x - v.x; /* the label's column, and the margin */
    CHECK(col > 2 * t->unit);
    int ink = uitest_count_color(&f.u, v.x, v.y, col, v.h, t->ink);
    int red = uitest_count_color(&f.u, v.x, v.y, col, v.h, t->danger);
    int cut = uitest_count_color(&f.u, v.x, v.y + v.h - 2, col, 2, t->danger);
    if (!ink || !red || cut)
        printf("    beside the box: %d pixels of the label's ink, %d of the error's red, %d red at "
               "the view's foot\n",
               ink, red, cut);
    CHECK(ink > 0 && red > 0 && cut == 0);
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    const char *e = form_inst_error(ui_form_inst(flow_form(&f)), "name");
    if (e)
        printf("    after 张三: %s\n", e);
    CHECK(e == NULL);
    REQUIRE(uitest_target_rect(f.u.app, "f.name", &box2) == 0);
    int moved = abs(box2.y - box.y) > t->unit / 2 || box2.h != box.h;
    if (moved)
        printf("    the box at %d,%d %dx%d with the error, %d,%d %dx%d after it\n", box.x, box.y,
               box.w, box.h, box2.x, box2.y, box2.w, box2.h);
    CHECK(!moved);
    beside_whole(&f, "张", 1);
    beside_whole(&f, "张A", 0);
    flow_close(&f);
}

/* Handwriting beside the page on the tablet in large text (its keys right
 * of the pad, the candidates in one row over both): a written 王 brings four
 * candidates a page, not three (the cells were as wide as a key is high,
 * the page keys as wide as the keys beside the pad). Each candidate and page
 * key at least 15 mm each way, in the keyboard's area; 王 among them,
 * tapped, goes into the name. */
static void test_hand_candidates(void)
{
    static const wide_case c = {1280, 800, 1, "1280x800 large text, handwriting"};
    flow f;
    REQUIRE(open_dibao_large(&f, c.w, c.h, "wide-hand.db") == 0);
    OK(flow_tap(&f, "f.name"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k != NULL && kb_get_kind(k) == KB_HAND);
    flow_hand_char wang;
    REQUIRE(flow_hand_load("王", &wang) == 0);
    REQUIRE(flow_hand_write(&f, &wang) == 0);
    REQUIRE(kb_cand_count(k) >= 4);
    check_typing(&f, &c, "name", 1, "handwriting's candidates");
    SDL_Rect r;
    for (int i = 0; i < 4; i++) {
        char id[32];
        snprintf(id, sizeof id, "kb.c.%d", i);
        if (uitest_target_rect(f.u.app, id, &r) != 0) {
            printf("    %s: candidate %d not shown\n", c.what, i);
            CHECK(!"four candidates a page");
        }
    }
    CHECK(uitest_target_rect(f.u.app, "kb.next", &r) == 0); /* 更多 */
    int at = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(kb_cand(k, i), "王"))
            at = i;
    REQUIRE(at >= 0);
    char id[32];
    snprintf(id, sizeof id, "kb.c.%d", at);
    OK(flow_tap(&f, id));
    CHECK_EQ_STR(kb_text(k), "王");
    flow_close(&f);
}

/* The square pad beside the page in landscape, large text: 在这里写字 goes
 * across its top, and the grid's upright line starts under the words (it
 * ran through them). */
static void test_hand_words_clear(void)
{
    flow f;
    REQUIRE(open_dibao_large(&f, 1920, 1080, "wide-hand-words.db") == 0);
    OK(flow_tap(&f, "f.name"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k != NULL && kb_get_kind(k) == KB_HAND);
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect cv, words;
    REQUIRE(uitest_target_rect(f.u.app, "kb.canvas", &cv) == 0);
    SDL_Rect top = {cv.x + 8, cv.y + 8, cv.w - 16, cv.h / 2 - 16};
    REQUIRE(uitest_color_box(&f.u, &top, t->ink_soft, &words) > 0);
    int cx = cv.x + cv.w / 2, fw, fh, run = 0, longest = 0;
    CHECK(words.x < cx && words.x + words.w > cx); /* across the top */
    const uint8_t *px = uitest_frame(&f.u, &fw, &fh);
    REQUIRE(px != NULL);
    for (int y = words.y; y < words.y + words.h; y++) { /* the grid's grey, a line of it */
        const uint8_t *p = px + ((size_t)y * fw + cx) * 4;
        run = abs(p[0] - 150) < 8 && abs(p[1] - 150) < 8 && abs(p[2] - 150) < 8 ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    CHECK(longest < words.h / 3);
    flow_close(&f);
}

/* Letters typed on the open pinyin keyboard, then the candidate want tapped. */
static int pinyin_pick(flow *f, const char *letters, const char *want)
{
    if (flow_keys(f, letters))
        return -1;
    kb *k = ui_form_kb(flow_top(f));
    for (int i = 0; k && i < kb_cand_count(k); i++)
        if (!strcmp(kb_cand(k, i), want)) {
            char id[32];
            snprintf(id, sizeof id, "kb.c.%d", i);
            return flow_cand_tap(f, id);
        }
    printf("    no candidate %s for %s\n", want, letters);
    return -1;
}

/* 低保's 户籍地址 with house numbers, 青山村3组12号, on the 1280x800 tablet.
 * The pinyin keyboard has four rows there and no digit row (folded beside
 * the page in large text; under it in normal text): 数字 (in the bar while
 * nothing is being composed) puts the digits in the letters' rows, 拼音
 * there brings the letters back. The keys in the keyboard, 15 mm each way
 * (under the page 18 mm wide, 13 mm high), in either set; the digits'
 * keystrokes and the switch drawn partially; the answer holds the digits. */
static void address_digits(const wide_case *c)
{
    flow f;
    REQUIRE(open_dibao(&f, c, "wide-address.db") == 0);
    OK(flow_hanzi(&f, "hukou_address", "青山村", "qing shan cun"));
    check_typing(&f, c, "hukou_address", 0, "address, letters");
    SDL_Rect r;
    CHECK(uitest_target_rect(f.u.app, "kb.k.3", &r) != 0); /* no digits among the letters */
    keystroke(&f, c, "num");
    check_typing(&f, c, "hukou_address", 0, "address, digits");
    CHECK(uitest_target_rect(f.u.app, "kb.k.q", &r) != 0); /* the digits in the letters' place */
    /* the address reaches its shortest length: its message goes, the page
     * is drawn again whole */
    OK(flow_tap(&f, "kb.k.3"));
    keystroke(&f, c, "num");
    OK(pinyin_pick(&f, "zu", "组"));
    OK(flow_tap(&f, "kb.k.num"));
    keystroke(&f, c, "1");
    keystroke(&f, c, "2");
    check_typing(&f, c, "hukou_address", 0, "address, digits typed");
    shot(&f, c, "address-digits");
    OK(flow_tap(&f, "kb.k.num"));
    OK(pinyin_pick(&f, "hao", "号"));
    CHECK_EQ_STR(kb_text(ui_form_kb(flow_top(&f))), "青山村3组12号");
    OK(flow_tap(&f, "f.name")); /* leaves the box: the answer is kept */
    const char *got = form_inst_get(ui_form_inst(flow_form(&f)), "hukou_address");
    CHECK_EQ_STR(got ? got : "", "青山村3组12号");
    flow_close(&f);
}

/* 临时救助's 发生了什么 (a multiline answer) on the 1280x800 tablet in normal
 * text: pinyin under the page. The letters being composed follow the text
 * on its last line, as in a one-line box: the box keeps its height, and the
 * question's label stays in view above it (the letters took a line of their
 * own, the box grew and the label left the view). Where the last line has
 * no room for them, they take a line of their own and the box grows: the
 * page scrolls so that the whole box stays above the keys (it did not, and
 * the letters were under them); the candidate chosen, the box is one line
 * again, its help under it left out whole (not cut across at the keys).
 * 改用手写 puts the pad beside the page, 拼音 the keys under it again, the
 * box in view each time (the page kept the scroll of the other arrangement,
 * the box under the keys). Each keystroke draws only what it changes, or
 * the page where the box grew. */
static void test_multiline_under(void)
{
    static const wide_case c = {1280, 800, 0, "1280x800, a multiline answer"};
    flow f;
    REQUIRE(flow_open(&f, c.w, c.h, "wide-multiline.db", 1) == 0);
    static const char *const kv[] = {"name", "王秀兰", "idno", "110105197005100014",
                                     "hukou_address", "青山村四组", "phone", "13600000000", NULL};
    open_first(&f, "tile.relief", kv);
    form_inst *in = ui_form_inst(flow_form(&f));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_page(in) == 1);
    OK(flow_choose(&f, "kind", "fire"));
    OK(flow_tap(&f, "f.what_happened"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_get_kind(k) == KB_PINYIN);
    const ui_theme *t = ui_app_theme(f.u.app);
    int label_h = text_line_height(ui_app_text(f.u.app), t->px_label);
    SDL_Rect v, box, kr;
    check_typing(&f, &c, "what_happened", 0, "empty");
    REQUIRE(uitest_target_rect(f.u.app, "fb.block", &kr) == 0);
    CHECK(kr.w == c.w); /* under the page */
    CHECK(under_box_blank(&f, "f.what_happened"));
    REQUIRE(uitest_target_rect(f.u.app, "f.what_happened", &box) == 0);
    int one = box.h; /* the box's height with nothing composed */
    OK(flow_keys(&f, "fan"));
    keystroke(&f, &c, "g");
    CHECK_EQ_STR(kb_composing(k), "fang");
    OK(ui_form_view(flow_top(&f), &v));
    REQUIRE(uitest_target_rect(f.u.app, "f.what_happened", &box) == 0);
    printf("  %s: composing, the box %d px high, in a view %d px high\n", c.what, box.h, v.h);
    /* the letters on the text's line: the box as high, the label above it */
    CHECK_EQ_INT(box.h, one);
    CHECK(inside(&box, &v) && box.y + box.h <= kr.y && box.y - v.y >= label_h);
    CHECK(uitest_target_rect(f.u.app, "kb.c.0", &kr) == 0 && !overlap(&kr, &box));
    shot(&f, &c, "multiline-composing");
    for (int i = 0; i < 4; i++) /* the letters taken back */
        OK(flow_tap(&f, "kb.k.bs"));
    REQUIRE(!*kb_composing(k) && !*kb_text(k));
    /* a line of text nearly full (a character more would wrap): the letters
     * on a line of their own under it, the box grown, whole above the keys */
    int n = 0;
    for (; n < 60; n++) {
        OK(flow_run(&f, "text 火\n"));
        REQUIRE(uitest_target_rect(f.u.app, "f.what_happened", &box) == 0);
        if (box.h > one)
            break;
    }
    REQUIRE(n < 60);
    OK(flow_tap(&f, "kb.k.bs"));
    REQUIRE(uitest_target_rect(f.u.app, "f.what_happened", &box) == 0);
    CHECK_EQ_INT(box.h, one);
    OK(flow_keys(&f, "fan"));
    keystroke(&f, &c, "g");
    OK(ui_form_view(flow_top(&f), &v));
    REQUIRE(uitest_target_rect(f.u.app, "f.what_happened", &box) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "fb.block", &kr) == 0);
    printf("  %s: a line full, composing, the box %d px high\n", c.what, box.h);
    CHECK(box.h >= one + text_line_height(ui_app_text(f.u.app), t->px_title));
    CHECK(inside(&box, &v) && box.y + box.h <= kr.y);
    CHECK(uitest_target_rect(f.u.app, "kb.c.0", &kr) == 0 && !overlap(&kr, &box));
    shot(&f, &c, "multiline-composing-full");
    for (int i = 0; i < 4; i++) /* the letters taken back */
        OK(flow_tap(&f, "kb.k.bs"));
    OK(flow_tap(&f, "kb.k.clear"));
    REQUIRE(!*kb_text(k));
    OK(flow_keys(&f, "fang"));
    OK(pinyin_pick(&f, "", "房"));
    CHECK_EQ_STR(kb_text(k), "房");
    check_typing(&f, &c, "what_happened", 0, "a character chosen");
    CHECK(under_box_blank(&f, "f.what_happened"));
    for (int i = 0; i < 2; i++) { /* 改用手写, then 拼音 */
        OK(flow_tap(&f, "kb.k.mode"));
        CHECK_EQ_INT(kb_get_kind(k), i ? KB_PINYIN : KB_HAND);
        OK(ui_form_view(flow_top(&f), &v));
        REQUIRE(uitest_target_rect(f.u.app, "f.what_happened", &box) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "fb.block", &kr) == 0);
        CHECK(inside(&box, &v) && !overlap(&box, &kr));
        CHECK(i ? kr.w == c.w : kr.w < c.w); /* under the page, beside it */
    }
    CHECK(under_box_blank(&f, "f.what_happened"));
    shot(&f, &c, "multiline-back");
    flow_close(&f);
}

typedef struct {
    SDL_Rect column, canvas;
    int least, keys, bad;
    const char *where;
    int least_h; /* 0: least (pinyin's keys under the field: 13 mm) */
} pad_seen;

/* Every key (and candidate) of the technician's keyboards or the agent's
 * pad: on the canvas, 15 mm each way (pinyin's keys under the field 13 mm
 * high), off the field's column. */
static void pad_key_seen(void *ud, const char *id, const SDL_Rect *r)
{
    pad_seen *s = ud;
    if (strncmp(id, "tech.pad.", 9) != 0 && strncmp(id, "agent.kb.k.", 11) != 0)
        return;
    s->keys++;
    if (!inside(r, &s->canvas) || overlap(r, &s->column) || r->w < s->least ||
        r->h < (s->least_h ? s->least_h : s->least)) {
        s->bad++;
        printf("    %s: key %s at %d,%d %dx%d (column %d,%d %dx%d)\n", s->where, id, r->x, r->y,
               r->w, r->h, s->column.x, s->column.y, s->column.w, s->column.h);
    }
}

/* The technician's menu: each page's button on the canvas, below the title
 * bar, above 退出维护模式, clear of the others, 15 mm each way. */
typedef struct {
    SDL_Rect seen[16]; /* the buttons met so far */
    int n, bad;
    SDL_Rect canvas;
    int least;
    const char *where;
    SDL_Rect bar, exit; /* 返回 (in the title bar), 退出维护模式 */
} menu_seen;

static void menu_button_seen(void *ud, const char *id, const SDL_Rect *r)
{
    menu_seen *s = ud;
    if (strncmp(id, "tech.m.", 7) != 0 || s->n == 16)
        return;
    int bad = !inside(r, &s->canvas) || r->y < s->bar.y + s->bar.h || overlap(r, &s->exit) ||
              r->w < s->least || r->h < s->least;
    for (int i = 0; i < s->n; i++)
        bad |= overlap(r, &s->seen[i]);
    if (bad) {
        s->bad++;
        printf("    %s: menu button %s at %d,%d %dx%d (退出 at y %d)\n", s->where, id, r->x, r->y,
               r->w, r->h, s->exit.y);
    }
    s->seen[s->n++] = *r;
}

/* The technician's PIN (维护人员登录, reached by the corner gesture), typed
 * whole on its pad: the field and its button (from under the title bar down
 * to the button) clear of the keys, the keys on the canvas, 15 mm each way;
 * then the menu (menu_button_seen) and two settings' editors: the keys
 * (and candidates) clear of the field's column (under the title bar, as
 * wide as 保存), 保存 on the canvas. */
static void tech_pin(const wide_case *c)
{
    flow f;
    REQUIRE(flow_open(&f, c->w, c->h, "wide-tech.db", 1) == 0);
    char hash[AUTH_HASH_MAX], err[256];
    REQUIRE(auth_pin_hash("482915", hash) == AUTH_OK);
    REQUIRE(core_config_set(f.u.cfg, "tech.pin_hash", hash, err, sizeof err) == 0);
    char data[1024], conf[1100];
    snprintf(data, sizeof data, "%s", check_tmpdir("wide-tech"));
    snprintf(conf, sizeof conf, "%s/settings.conf", data);
    static tech_link link_;
    tech_link_init(&link_, f.u.cfg, ui_app_services(f.u.app), conf, data, f.db, "0.1.0-test");
    ui_tech_install(f.u.app, &link_.services);
    char gesture[256];
    snprintf(gesture, sizeof gesture,
             "%sdown 30 30\nwait 2100\nup 30 30\nwait 300\ndown %d 30\nwait 2100\nup %d 30\n"
             "expect-screen tech.pin\n",
             c->elderly ? "elderly on\n" : "", c->w - 30, c->w - 30);
    OK(flow_run(&f, gesture));
    OK(flow_run(&f, "tap @tech.pad.k.4\ntap @tech.pad.k.8\ntext 291\n"));
    SDL_Rect patch = {c->w - 40, c->h - 40, 24, 24};
    OK(uitest_partial(&f.u, c->what, "tap @tech.pad.k.5", &patch));
    ui_app *a = f.u.app;
    ui_app_render(a, 1);
    SDL_Rect back, ok;
    REQUIRE(uitest_target_rect(a, "tech.back", &back) == 0);
    REQUIRE(uitest_target_rect(a, "tech.pin.ok", &ok) == 0);
    int top = back.y + back.h;
    pad_seen s = {{ok.x, top, ok.w, ok.y + ok.h - top}, {0, 0, c->w, c->h},
                  ui_theme_mm(ui_app_theme(a), 15.0), 0, 0, c->what, 0};
    ui_app_each_target(a, pad_key_seen, &s);
    CHECK_EQ_INT(s.keys, 12);
    CHECK_EQ_INT(s.bad, 0);
    CHECK(inside(&ok, &s.canvas));
    shot(&f, c, "tech-pin");
    /* in: 设置, two editors: the platform's address (letters, digits and
     * signs), the station's name (pinyin, letters typed) */
    OK(flow_run(&f, "tap @tech.pin.ok\nsettle\nexpect-screen tech.menu\n"));
    menu_seen ms = {.canvas = {0, 0, c->w, c->h}, .least = s.least, .where = c->what};
    REQUIRE(uitest_target_rect(a, "tech.back", &ms.bar) == 0);
    REQUIRE(uitest_target_rect(a, "tech.exit", &ms.exit) == 0);
    CHECK(inside(&ms.exit, &ms.canvas));
    ui_app_each_target(a, menu_button_seen, &ms);
    CHECK_EQ_INT(ms.n, 9);
    CHECK_EQ_INT(ms.bad, 0);
    shot(&f, c, "tech-menu");
    OK(flow_run(&f, "tap @tech.m.settings\nexpect-screen tech.settings\n"));
    static const struct {
        const char *row, *typed, *name;
    } EDITS[] = {{"0", "tap @tech.pad.k.s", "tech-url"},
                 {"2", "text cun", "tech-name"},
                 {"3", "tap @tech.pad.k.7", "tech-area"}}; /* the area code's pad */
    for (size_t i = 0; i < sizeof EDITS / sizeof EDITS[0]; i++) {
        char line[128];
        if (!strcmp(EDITS[i].row, "3")) {
            /* the list dragged a quarter of the screen up and come to rest
             * (the area code's row lies under the screen's edge in large text) */
            snprintf(line, sizeof line, "drag %d %d %d %d 800\nwait 1500\n", c->w / 2, c->h / 2,
                     c->w / 2, c->h / 4);
            OK(flow_run(&f, line));
        }
        snprintf(line, sizeof line, "tap @tech.rows.%s\nexpect-screen tech.edit\n%s\n", EDITS[i].row,
                 EDITS[i].typed);
        OK(flow_run(&f, line));
        ui_app_render(a, 1);
        REQUIRE(uitest_target_rect(a, "tech.back", &back) == 0);
        REQUIRE(uitest_target_rect(a, "tech.edit.ok", &ok) == 0);
        top = back.y + back.h;
        /* on the tablet the address and the name go under the field (保存
         * right of it; in large text the label left of it), the field and
         * 保存 the column */
        int under = c->h < 1000 && i < 2;
        printf("  %s, %s: 保存 at %d,%d %dx%d\n", c->what, EDITS[i].name, ok.x, ok.y, ok.w, ok.h);
        CHECK((ok.y + ok.h < c->h / 2) == under);
        pad_seen e = {{0, top, ok.x + ok.w, c->h - top}, {0, 0, c->w, c->h}, s.least, 0, 0,
                      c->what, 0};
        if (under) {
            e.column.h = ok.y + ok.h - top;
            e.least_h = ui_theme_mm(ui_app_theme(a), 13.0);
        }
        ui_app_each_target(a, pad_key_seen, &e);
        CHECK(e.keys >= 12);
        CHECK_EQ_INT(e.bad, 0);
        CHECK(inside(&ok, &e.canvas));
        if (EDITS[i].name)
            shot(&f, c, EDITS[i].name);
        OK(flow_run(&f, "tap @tech.back\nexpect-screen tech.settings\n"));
    }
    /* a phrase's pinyin longer than the station name's box, key by key:
     * the box shows the letters' end, nothing is drawn past it (each
     * keystroke's partial frame equals a full one) */
    OK(flow_run(&f, "tap @tech.rows.2\nexpect-screen tech.edit\ntap @tech.pad.k.clear\n"));
    for (const char *p = "pingwenhuipuzaicun"; *p; p++) {
        char line[32];
        snprintf(line, sizeof line, "tap @tech.pad.k.%c", *p);
        OK(uitest_partial(&f.u, c->what, line, &patch));
    }
    OK(flow_run(&f, "tap @tech.back\nexpect-screen tech.settings\n"));
    flow_close(&f);
}

/* The right edge of the pad's keys (agent.kb.*) furthest right. */
static void pad_right(void *ud, const char *id, const SDL_Rect *r)
{
    int *right = ud;
    if (!strncmp(id, "agent.kb.", 9) && r->x + r->w > *right)
        *right = r->x + r->w;
}

/* The proxy agent's sign-in: the number typed on the pad; its box and the
 * button (下一步) on the canvas, clear of the keys; the pad and the button
 * within the page's right margin, in line with 返回 above them (the pad's
 * last column ran to the screen's edge). */
static void agent_signin(const wide_case *c)
{
    flow f;
    REQUIRE(open_case(&f, c, "wide-agent.db") == 0);
    OK(flow_tap(&f, "tile.agent"));
    OK(flow_run(&f, "expect-screen agent_signin\ntap @agent.f.number\ntap @agent.kb.k.1\n"));
    SDL_Rect patch = {c->w - 40, c->h - 40, 24, 24};
    OK(uitest_partial(&f.u, c->what, "tap @agent.kb.k.2", &patch));
    ui_app *a = f.u.app;
    ui_app_render(a, 1);
    SDL_Rect box, go;
    REQUIRE(uitest_target_rect(a, "agent.f.number", &box) == 0);
    REQUIRE(uitest_target_rect(a, "agent.go", &go) == 0);
    pad_seen s = {box, {0, 0, c->w, c->h}, ui_theme_mm(ui_app_theme(a), 15.0), 0, 0, c->what, 0};
    ui_app_each_target(a, pad_key_seen, &s);
    s.column = go;
    ui_app_each_target(a, pad_key_seen, &s);
    CHECK_EQ_INT(s.keys, 24);
    CHECK_EQ_INT(s.bad, 0);
    CHECK(inside(&box, &s.canvas) && inside(&go, &s.canvas));
    SDL_Rect back;
    REQUIRE(uitest_target_rect(a, "agent.back", &back) == 0);
    int right = 0;
    ui_app_each_target(a, pad_right, &right);
    int edge = back.x + back.w, unit = ui_app_theme(a)->unit; /* keys keep a gap of their own */
    if (right > edge || right <= edge - unit)
        printf("  %s: the pad ends at x %d, 返回 at %d\n", c->what, right, edge);
    CHECK(right <= edge && right > edge - unit);
    CHECK_EQ_INT(go.x + go.w, back.x + back.w);
    shot(&f, c, "agent");
    flow_close(&f);
}

/* What the address in the box is made of, a piece at a time: its
 * character and Latin letters and digits, whose widths give the line its
 * last few pixels. */
static const char *const PIECES[] = {"村", "i", "l", "m", "w", "1", "-", "j"};
#define NPIECES (sizeof PIECES / sizeof PIECES[0])

/* The width of the last line of s wrapped at tw in bold px (*lines: how
 * many), as the typing box wraps it. */
static int last_line(text_ctx *tx, const char *s, int tw, int px, int *lines)
{
    text_style st = {px, TEXT_BOLD, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    size_t starts[8];
    *lines = text_line_starts(tx, s, tw, &st, starts, 8);
    return *lines > 0 && *lines <= 8 ? text_width(tx, s + starts[*lines - 1], px, TEXT_BOLD) : -1;
}

/* Up to `more` pieces appended to out (len bytes) that leave two lines, the
 * last one's width in (lo, hi]: 0, or -1 where none do. */
static int fill_tail(text_ctx *tx, int px, int tw, int lo, int hi, char *out, size_t len,
                     int more)
{
    for (size_t i = 0; i < NPIECES; i++) {
        snprintf(out + len, 16, "%s", PIECES[i]);
        int lines, w = last_line(tx, out, tw, px, &lines);
        if (lines == 2 && w > lo && w <= hi)
            return 0;
        if (more > 1 && lines == 2 && w <= lo &&
            fill_tail(tx, px, tw, lo, hi, out, len + strlen(PIECES[i]), more - 1) == 0)
            return 0;
    }
    out[len] = '\0';
    return -1;
}

/* A text (out, cap bytes) that the typing box (its inside tw wide, bold
 * px) wraps in two lines, the second lo to hi wide: characters while far
 * from that, then up to five pieces that land there (widths measured, not
 * added: kerning). 0, or -1. */
static int fill_second_line(text_ctx *tx, int px, int tw, int lo, int hi, char *out, size_t cap)
{
    size_t len = 0;
    int lines = 1, widest = text_width(tx, PIECES[0], px, TEXT_BOLD);
    out[0] = '\0';
    while (len + 5 * 16 < cap &&
           (lines < 2 || last_line(tx, out, tw, px, &lines) + 4 * widest <= lo)) {
        len += (size_t)snprintf(out + len, 16, "%s", PIECES[0]);
        last_line(tx, out, tw, px, &lines);
    }
    return fill_tail(tx, px, tw, lo, hi, out, len, 5);
}

/* A wrapped answer box at 1280x800 in large text: a keystroke after which
 * a line fills the box's width puts the caret past the text's width; the
 * keystroke's frame equals a full one (the caret's last column was left out
 * of what a keystroke draws, in 办件查询's receipt number beside its keys,
 * after "RBL-O"; those keys are under the page on the tablet now, and no
 * receipt number fills that box, the screen's width, twice). Here 低保's
 * 户籍地址 beside the handwriting keys: its text set to one the box wraps in
 * two lines, the second 59 px (a character) short of the box's inside, to
 * within 2 px; then 村 typed, as a physical keyboard types it. The caret (6
 * px, 4 from the text) then passes what the inside less half its pad (17 px
 * on the tablet) holds, where keystrokes drew before the fix. */
static void test_caret_at_edge(void)
{
    static const wide_case c = {1280, 800, 1, "1280x800 large text, caret at the edge"};
    flow f;
    REQUIRE(open_dibao_large(&f, c.w, c.h, "wide-caret.db") == 0);
    OK(flow_tap(&f, "f.hukou_address"));
    const ui_theme *t = ui_app_theme(f.u.app);
    text_ctx *tx = ui_app_text(f.u.app);
    SDL_Rect box;
    REQUIRE(uitest_target_rect(f.u.app, "f.hukou_address", &box) == 0);
    int tw = box.w - 2 * t->unit; /* the box's inside, as focused_box wraps it */
    int last = text_width(tx, "村", t->px_title, TEXT_BOLD);
    char text[512];
    REQUIRE(fill_second_line(tx, t->px_title, tw, tw - 2 - last, tw - last, text, sizeof text) ==
            0);
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k != NULL);
    /* the answer and the box's text both, a character longer: a backspace
     * then scrolls the page to the box's two lines as typing does, and the
     * keystroke after it changes the box alone, which it draws alone */
    char err[256], longer[520];
    snprintf(longer, sizeof longer, "%s村", text);
    OK(form_inst_set(ui_form_inst(flow_form(&f)), "hukou_address", longer, err, sizeof err));
    kb_set_text(k, longer);
    ui_app_render(f.u.app, 1);
    OK(flow_run(&f, "key backspace\n"));
    CHECK_EQ_STR(kb_text(k), text);
    size_t bytes = (size_t)c.w * (size_t)c.h * 4;
    uint8_t *part = malloc(bytes), *full = malloc(bytes);
    REQUIRE(part && full);
    OK(flow_run(&f, "text 村\n"));
    strcat(text, "村");
    int lines, w = last_line(tx, text, tw, t->px_title, &lines);
    CHECK_EQ_INT(lines, 2);
    CHECK(w > tw - 2 && w <= tw);
    CHECK_EQ_INT(plat_display_read_rgba(f.u.disp, part), 0);
    ui_app_render(f.u.app, 1);
    CHECK_EQ_INT(plat_display_read_rgba(f.u.disp, full), 0);
    CHECK(!memcmp(part, full, bytes)); /* the keystroke's frame equals a full one */
    free(part);
    free(full);
    CHECK_EQ_STR(kb_text(k), text);
    flow_close(&f);
}

static const wide_case CASES[] = {
    {1920, 1080, 0, "1920x1080"},
    {1920, 1080, 1, "1920x1080 large text"},
    {1280, 800, 0, "1280x800"},
    {1280, 800, 1, "1280x800 large text"},
};

static void test_form_page(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
        form_page(&CASES[i]);
}

static void test_member_page(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
        member_page(&CASES[i]);
}

static void test_household_words(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
        household_words(&CASES[i]);
}

static void test_query_page(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
        query_page(&CASES[i]);
}

static void test_address_digits(void)
{
    for (size_t i = 2; i < sizeof CASES / sizeof CASES[0]; i++) /* the 1280x800 tablet */
        address_digits(&CASES[i]);
}

static void test_receipt_error(void)
{
    for (size_t i = 2; i < sizeof CASES / sizeof CASES[0]; i++) /* the 1280x800 tablet */
        receipt_error(&CASES[i]);
}

static void test_tech_pin(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
        tech_pin(&CASES[i]);
}

static void test_agent_signin(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
        agent_signin(&CASES[i]);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_form_page);
    RUN(test_member_page);
    RUN(test_household_words);
    RUN(test_query_page);
    RUN(test_receipt_error);
    RUN(test_error_beside);
    RUN(test_hand_candidates);
    RUN(test_hand_words_clear);
    RUN(test_address_digits);
    RUN(test_multiline_under);
    RUN(test_tech_pin);
    RUN(test_agent_signin);
    RUN(test_caret_at_edge);
    return check_summary();
}
