/* test_message.c — the red message of a form page (form_body_set_message)
 * while a field is typed in: it shows under the field's box, and the box,
 * what is typed in it and the message stay in view above the keyboard, in
 * normal and large text; with the keyboard closed it is at the top of the
 * page, scrolled into view.
 *
 * Through the real screens, with a disk that fills (diskfull.h) so that the
 * draft's save fails and the page says so (form.save_failed):
 *   - 低保's 联系电话 typed on the number pad, the save a second later
 *     fails: the words under the box; a key more keeps them there and
 *     draws its field alone (the words already shown); a tap on
 *     户籍地址 (its keyboard pinyin, or handwriting in large text, the tallest)
 *     takes them under that box; 完成 closes the keyboard and they are at
 *     the top of the page, in view; room again, the next save takes them away;
 *   - 医保参保's member screen (添加家庭成员): 公民身份号码 typed, a tap on 姓名
 *     saves and fails: the words under 姓名's box, its keyboard open.
 * And the refusal of a date not taken (临时救助's 什么时候发生的), which says
 * how to take it, at 1080x1920 and on the 1280x800 tablet in large text.
 * Each frame that shows or takes the words away leaves the canvas as a full
 * frame draws it (uitest_partial); reference images of each state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "diskfull.h"
#include "fixtures.h"
#include "flow.h"
#include "store/store.h"
#include "ui/kb/ime/kb_ime.h"
#include "plat_display.h"
#include "ui/kb/kb.h"

#define OK(x) CHECK_EQ_INT((x), 0)
#define DB "message.db"

/* The form screen's words for a save refused by a full disk. */
static const char *said_full(void)
{
    static char want[512];
    snprintf(want, sizeof want, core_str("form.save_failed"),
             core_str(store_error_key(STORE_ERR_FULL)));
    return want;
}

/* Where the message's box is: its red border is the one run of rows, x..x+w
 * wide, mostly red (the theme's danger) within y0..y1 of the canvas drawn
 * in full. *top is its upper border's first row, *bottom its lower border's
 * last row (-1 when missing); *ink the red pixels between them (its words).
 * *above: red pixels of the columns above y0 in the view from vy. */
typedef struct {
    int top, bottom, ink, above;
} msg_rows;

static int is_red(const uint8_t *p, SDL_Color c)
{
    return abs(p[0] - c.r) <= 24 && abs(p[1] - c.g) <= 24 && abs(p[2] - c.b) <= 24;
}

static msg_rows find_msg(flow *f, int x, int w, int vy, int y0, int y1)
{
    msg_rows r = {-1, -1, 0, 0};
    int cw, ch;
    const uint8_t *px = uitest_frame(&f->u, &cw, &ch);
    if (!px)
        return r;
    SDL_Color red = ui_app_theme(f->u.app)->danger;
    int state = 0; /* 0 before the box, 1 in its upper border, 2 inside, 3 its lower border */
    for (int y = vy; y < y1 && y < ch; y++) {
        int n = 0;
        for (int i = x; i < x + w && i < cw; i++)
            n += is_red(px + ((size_t)y * (size_t)cw + (size_t)i) * 4, red);
        if (y < y0) {
            r.above += n;
            continue;
        }
        int wide = n >= w * 3 / 4;
        if (state == 0 && wide) {
            r.top = y;
            state = 1;
        } else if (state == 1 && !wide) {
            state = 2;
        }
        if (state == 2 && wide) {
            state = 3;
        } else if (state == 2) {
            r.ink += n;
        }
        if (state == 3 && wide)
            r.bottom = y;
        else if (state == 3)
            break;
    }
    return r;
}

/* 1 if field key has the open keyboard, its box lies inside the body's view
 * (which ends at the keyboard) with ink in it when typed is set, and the
 * message's box is right under it, whole inside the view, with its words,
 * and nothing red above the field's box; a line says what is wrong
 * otherwise. */
static int said_under(flow *f, const char *key, int typed)
{
    char id[64];
    SDL_Rect v, box;
    snprintf(id, sizeof id, "f.%s", key);
    ui_app_render(f->u.app, 0);
    if (!ui_form_kb(flow_top(f)) || ui_form_view(flow_top(f), &v) ||
        uitest_target_rect(f->u.app, id, &box)) {
        printf("  %s: no keyboard, view or box\n", key);
        return 0;
    }
    if (box.y < v.y || box.y + box.h > v.y + v.h) {
        printf("  %s: box %d..%d, view %d..%d\n", key, box.y, box.y + box.h, v.y, v.y + v.h);
        return 0;
    }
    const ui_theme *t = ui_app_theme(f->u.app);
    double ink = uitest_ink(&f->u, box.x + t->unit, box.y + 8, box.w / 2, box.h - 16);
    if (typed && ink < 0.01) {
        printf("  %s: nothing typed shows in its box (ink %.3f)\n", key, ink);
        return 0;
    }
    msg_rows m = find_msg(f, box.x, box.w, v.y, box.y + box.h, v.y + v.h);
    if (m.above > 0 || m.top < 0 || m.top > box.y + box.h + t->unit || m.bottom < 0 ||
        m.ink < t->px_body * 4) {
        printf("  %s: box ends at %d, view at %d; message rows %d..%d, its red %d, red above %d\n",
               key, box.y + box.h, v.y + v.h, m.top, m.bottom, m.ink, m.above);
        return 0;
    }
    return 1;
}

/* 1 if no keyboard is open and the message's box, with its words, is whole
 * in the upper half of the body's view. */
static int said_at_top(flow *f)
{
    SDL_Rect v;
    ui_app_render(f->u.app, 0);
    if (ui_form_kb(flow_top(f)) || ui_form_view(flow_top(f), &v)) {
        printf("  a keyboard is open, or no view\n");
        return 0;
    }
    const ui_theme *t = ui_app_theme(f->u.app);
    int pad = t->unit * 2;
    msg_rows m = find_msg(f, v.x + pad, v.w - 2 * pad, v.y, v.y, v.y + v.h / 2);
    if (m.top < 0 || m.bottom < 0 || m.ink < t->px_body * 4) {
        printf("  message rows %d..%d in the view's upper half (%d..%d), its red %d\n", m.top,
               m.bottom, v.y, v.y + v.h / 2, m.ink);
        return 0;
    }
    return 1;
}

static const char *ref(char *out, size_t n, const char *name, int elderly)
{
    snprintf(out, n, "formui/ref/%s-1080x1920%s.png", name, elderly ? "-elderly" : "");
    return out;
}

/* 低保's first page, 联系电话 typed (the number pad), the disk full. */
static void form_typing(int elderly)
{
    diskfull_install();
    flow f;
    char path[256];
    REQUIRE(flow_open(&f, 1080, 1920, DB, 1) == 0);
    f.tap_keys = 1;
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "phone", "138"));
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    diskfull_set(1);
    /* the save a second after the keys fails: the words come */
    OK(flow_run(&f, "wait 1000\n"));
    CHECK(diskfull_refusals() > 0);
    const char *m = ui_form_message(flow_top(&f));
    CHECK_EQ_STR(m ? m : "(none)", said_full());
    CHECK(said_under(&f, "phone", 1));
    CHECK_EQ_INT(uitest_compare(&f.u, ref(path, sizeof path, "message-typing", elderly)), 0);
    OK(flow_keys(&f, "0")); /* tries again, fails again: the words stay where they are */
    CHECK(said_under(&f, "phone", 1));
    /* and a key more, the words already shown, draws its field alone: a
     * patch on the title survives (the whole screen was drawn for each key) */
    int refused = diskfull_refusals();
    SDL_Rect title = {240, 40, 300, 60};
    CHECK_EQ_INT(uitest_partial(&f.u, "message-typing", "text 5", &title), 0);
    CHECK(diskfull_refusals() > refused);
    m = ui_form_message(flow_top(&f));
    CHECK_EQ_STR(m ? m : "(none)", said_full());
    CHECK(said_under(&f, "phone", 1));
    /* the next field: the words follow the keyboard (its tallest in large text) */
    OK(flow_tap(&f, "f.hukou_address"));
    m = ui_form_message(flow_top(&f));
    CHECK_EQ_STR(m ? m : "(none)", said_full());
    CHECK(said_under(&f, "hukou_address", 0));
    CHECK_EQ_INT(uitest_compare(&f.u, ref(path, sizeof path, "message-typing-next", elderly)), 0);
    /* 完成: the keyboard closes, the words are at the top of the page */
    OK(flow_tap(&f, "form.done"));
    CHECK(said_at_top(&f));
    CHECK_EQ_INT(uitest_compare(&f.u, ref(path, sizeof path, "message-done", elderly)), 0);
    /* room again: the next save takes the words away */
    diskfull_set(0);
    OK(flow_tap(&f, "f.phone"));
    OK(flow_keys(&f, "1"));
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    SDL_Rect v, box;
    OK(ui_form_view(flow_top(&f), &v));
    OK(uitest_target_rect(f.u.app, "f.phone", &box));
    msg_rows gone = find_msg(&f, box.x, box.w, v.y, v.y, v.y + v.h);
    CHECK(gone.top < 0 && gone.ink == 0); /* no message box left anywhere in the view */
    flow_close(&f);
    diskfull_remove();
}

static void test_form_typing(void) { form_typing(0); }
static void test_form_typing_large(void) { form_typing(1); }

/* A fresh kiosk in portrait (large text when elderly), the form of tile's
 * menu row opened by typing (没带身份证), the answers kv (key, value pairs)
 * set; its answers, or NULL (f closed) when it did not open. */
static form_inst *open_form(flow *f, int elderly, const char *tile, const char *row,
                            const char *const *kv, size_t n)
{
    char line[64], err[256];
    if (flow_open(f, 1080, 1920, DB, 1) != 0)
        return NULL;
    snprintf(line, sizeof line, "%s\n", elderly ? "elderly on" : "elderly off");
    if (flow_run(f, line) || flow_tap(f, tile) || flow_tap(f, row) || flow_manual(f) ||
        !ui_form_is(flow_top(f))) {
        flow_close(f);
        return NULL;
    }
    form_inst *in = ui_form_inst(flow_form(f));
    for (size_t i = 0; i + 1 < n; i += 2)
        if (form_inst_set(in, kv[i], kv[i + 1], err, sizeof err) != FORM_OK) {
            printf("  %s = %s: %s\n", kv[i], kv[i + 1], err);
            flow_close(f);
            return NULL;
        }
    return in;
}

/* 医保参保's member screen: 公民身份号码 typed, the disk full, a tap on
 * 姓名 saves the typing and fails. */
static void member_typing(int elderly)
{
    diskfull_install();
    flow f;
    char path[256];
    static const char *const kv[] = {"head_name", "王芳", "head_idno", "110105198501010071",
                                     "phone", "13812345678", "hukou_address", "东风村三组"};
    REQUIRE(open_form(&f, elderly, "tile.medical", "menu.list.0", kv, sizeof kv / sizeof kv[0]) !=
            NULL);
    f.tap_keys = 1;
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f)); /* the member's card page: typed */
    REQUIRE(!strcmp(flow_top_name(&f), "form_member"));
    OK(flow_type(&f, "m_idno", "1101"));
    diskfull_set(1);
    OK(flow_tap(&f, "f.m_name"));
    CHECK(diskfull_refusals() > 0);
    const char *m = ui_form_message(flow_top(&f));
    CHECK_EQ_STR(m ? m : "(none)", said_full());
    CHECK(said_under(&f, "m_name", 0));
    CHECK_EQ_INT(uitest_compare(&f.u, ref(path, sizeof path, "message-member", elderly)), 0);
    diskfull_set(0); /* room again: the next key saves, the words go */
    OK(flow_tap(&f, "f.m_idno"));
    OK(flow_keys(&f, "0"));
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    flow_close(&f);
    diskfull_remove();
}

static void test_member_typing(void) { member_typing(0); }
static void test_member_typing_large(void) { member_typing(1); }

/* 临时救助's 什么时候发生的: its wheels show a day before one is taken, so
 * 下一步 without taking it says how (再点“就选这一天”, the button under the
 * wheels), in red under the question's label at the page's top; the button tapped (dragged up to, on the
 * tablet in large text, where the wheels fill the view), the date is the
 * answer and 下一步 goes on to the next question left empty. */
static void date_not_taken(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, DB, 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.relief"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_hanzi(&f, "name", "王秀兰", "wang xiu lan"));
    OK(flow_type(&f, "idno", "110105197005100014"));
    OK(flow_hanzi(&f, "hukou_address", "青山村四组", "qing shan cun si zu"));
    OK(flow_type(&f, "phone", "13600000000"));
    OK(flow_tap(&f, "form.next"));
    form_inst *in = ui_form_inst(flow_form(&f));
    REQUIRE(in && form_inst_page(in) == 1);
    OK(flow_choose(&f, "kind", "fire"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT((int)form_inst_page(in), 1);
    char want[256];
    snprintf(want, sizeof want, "请选好什么时候发生的，再点下面的“%s”", core_str("form.date_use"));
    const char *m = ui_form_message(flow_top(&f));
    CHECK_EQ_STR(m ? m : "", want);
    /* in red under the question's label, in the view's upper half */
    SDL_Rect v;
    ui_app_render(f.u.app, 1);
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    const ui_theme *t = ui_app_theme(f.u.app);
    int red = uitest_count_color(&f.u, v.x, v.y, v.w, v.h / 2, t->danger);
    if (red < t->px_body * 4)
        printf("  %dx%d: %d red pixels in the view's upper half\n", w, h, red);
    CHECK(red >= t->px_body * 4);
    CHECK(form_inst_get(in, "event_date") == NULL);
    OK(flow_tap(&f, "f.event_date.use"));
    CHECK(form_inst_get(in, "event_date") != NULL);
    OK(flow_tap(&f, "form.next"));
    m = ui_form_message(flow_top(&f));
    CHECK_EQ_STR(m ? m : "", "请填写发生了什么");
    flow_close(&f);
}

/* A step of the date wheels answers the date: 就选这一天 stays where it was
 * (now 已选好这一天) and the question under it does not move up (the button
 * went and 性别 slid under the finger that reached for it; found by a QA
 * walk). */
static void test_date_step_keeps(void)
{
    flow f;
    static const char *const kv[] = {"name", "王秀兰", "idno", "110105197005100014",
                                     "hukou_address", "青山村四组", "phone", "13600000000",
                                     "kind", "fire"};
    REQUIRE(open_form(&f, 0, "tile.relief", "menu.list.0", kv, sizeof kv / sizeof kv[0]) != NULL);
    OK(flow_tap(&f, "form.next"));
    form_inst *in = ui_form_inst(flow_form(&f));
    REQUIRE(in && form_inst_page(in) == 1);
    OK(flow_show(&f, (const char *const[]){"f.event_date.use"}, 1) < 0 ? -1 : 0);
    SDL_Rect use0, use1, next0, next1;
    ui_app_render(f.u.app, 1);
    REQUIRE(uitest_target_rect(f.u.app, "f.event_date.use", &use0) == 0);
    REQUIRE(ui_form_question(flow_top(&f), "what_happened", &next0) == 0);
    CHECK(form_inst_get(in, "event_date") == NULL);
    OK(flow_run(&f, "tap @f.event_date.date.d.up\n"));
    CHECK(form_inst_get(in, "event_date") != NULL); /* the step answers it */
    ui_app_render(f.u.app, 1);
    CHECK(uitest_target_rect(f.u.app, "f.event_date.use", &use1) == 0);
    CHECK(ui_form_question(flow_top(&f), "what_happened", &next1) == 0);
    CHECK_EQ_INT(use1.y, use0.y);
    CHECK_EQ_INT(next1.y, next0.y);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/date-step-keeps.png"), 0);
    OK(flow_tap(&f, "f.event_date.use")); /* harmless: the day shown, taken again */
    CHECK(form_inst_get(in, "event_date") != NULL);
    flow_close(&f);
}

/* A choice that brings a question (老年优待证's 外地户籍，有本地居住证 brings
 * 居住证号码): the page shows it where it came under the foot bar (it was
 * added out of sight; found by a QA walk). Large text, where it does. */
static void test_choice_brings(void)
{
    flow f;
    static const char *const kv[] = {"name", "王秀兰", "idno", "110105194503100021",
                                     "hukou_address", "湖北省宜昌市夷陵区青山村四组"};
    REQUIRE(open_form(&f, 1, "tile.certs", "menu.list.1", kv, sizeof kv / sizeof kv[0]) != NULL);
    OK(flow_tap(&f, "f.residence.opt.1"));
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "residence"), "permit");
    ui_app_render(f.u.app, 1);
    SDL_Rect v = {0, 0, 0, 0}, box = {0, 0, 0, 0};
    CHECK(ui_form_view(flow_form(&f), &v) == 0);
    CHECK(uitest_target_rect(f.u.app, "f.permit_no", &box) == 0);
    if (!(box.h > 0 && box.y >= v.y && box.y + box.h <= v.y + v.h))
        printf("  居住证号码's box at y %d..%d, the view %d..%d\n", box.y, box.y + box.h, v.y,
               v.y + v.h);
    CHECK(box.h > 0 && box.y >= v.y && box.y + box.h <= v.y + v.h);
    flow_close(&f);
}

static void test_date_not_taken(void) { date_not_taken(1080, 1920, 0); }
static void test_date_not_taken_tablet_large(void) { date_not_taken(1280, 800, 1); }

/* 下一步 points at an empty 联系电话 (请填写): once she types its first
 * digit that error is put right, and the page does not scold the number
 * being typed (应为11位 at each digit, gone at the eleventh); the new
 * error shows as any field's does, once she leaves the field. */
static void test_pointed_then_typed(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, DB, 1) == 0);
    f.tap_keys = 1;
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    form_inst *in = ui_form_inst(flow_form(&f));
    char err[256];
    OK(form_inst_set(in, "name", "王芳", err, sizeof err));
    OK(form_inst_set(in, "idno", "110105198501010071", err, sizeof err));
    OK(form_inst_set(in, "hukou_address", "东风村三组", err, sizeof err));
    OK(flow_tap(&f, "form.next"));
    const char *m = ui_form_message(flow_top(&f));
    CHECK(m && strstr(m, "请填写") != NULL);
    OK(flow_type(&f, "phone", "138"));
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    SDL_Rect v, box;
    ui_app_render(f.u.app, 0);
    OK(ui_form_view(flow_top(&f), &v));
    OK(uitest_target_rect(f.u.app, "f.phone", &box));
    msg_rows typing = find_msg(&f, box.x, box.w, v.y, v.y, v.y + v.h);
    CHECK(typing.top < 0 && typing.ink == 0); /* no red anywhere in the view */
    const ui_theme *t = ui_app_theme(f.u.app);
    CHECK_EQ_INT(uitest_count_color(&f.u, box.x, box.y, box.w, t->unit / 2, t->danger), 0);
    /* she leaves it at three digits: it is marked wrong as any field left so */
    OK(flow_tap(&f, "f.hukou_address"));
    ui_app_render(f.u.app, 0);
    OK(uitest_target_rect(f.u.app, "f.phone", &box));
    CHECK(uitest_count_color(&f.u, box.x, box.y, box.w, t->unit / 2, t->danger) > 0);
    CHECK(form_inst_error(in, "phone") != NULL);
    /* and 下一步 points at it again */
    OK(flow_tap(&f, "form.next"));
    m = ui_form_message(flow_top(&f));
    CHECK(m && strstr(m, "11") != NULL);
    flow_close(&f);
}

/* Typing with the keyboard open, the choices under the question typed
 * show as far as whole rows fit in the view left (a question's label showed
 * over a blank, its options left out whole, and looked as if they were
 * gone); where no row fits, the question is left out whole. 临时救助's
 * member: the ID number over 与申请人关系 (five rows), in both sizes. */
static void choices_typing(int elderly)
{
    flow f;
    static const char *const kv[] = {"name", "王秀兰", "idno", "110105197005100014",
                                     "hukou_address", "青山村四组", "phone", "13600000000",
                                     "kind", "fire", "event_date", "2026-11-20",
                                     "what_happened", "房子着火"};
    REQUIRE(open_form(&f, elderly, "tile.relief", "menu.list.0", kv, sizeof kv / sizeof kv[0]) != NULL);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f));
    REQUIRE(!strcmp(flow_top_name(&f), "form_member"));
    OK(flow_type(&f, "m_idno", "1101"));
    ui_app_render(f.u.app, 1);
    SDL_Rect v = {0, 0, 0, 0};
    CHECK(ui_form_view(flow_top(&f), &v) == 0);
    CHECK(ui_form_kb(flow_top(&f)) != NULL); /* the keyboard is open */
    int rows = 0;
    char id[64];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "f.m_relation.opt.%d", i);
        SDL_Rect r;
        if (uitest_target_rect(f.u.app, id, &r) == 0) {
            rows++;
            CHECK(r.y >= v.y && r.y + r.h <= v.y + v.h); /* whole */
        }
    }
    printf("  %s: %d rows of 与申请人关系 under the ID number typed\n", elderly ? "large" : "normal",
           rows);
    CHECK(rows >= (elderly ? 1 : 3));
    char rel[128];
    snprintf(rel, sizeof rel, "formui/ref/choices-typing%s.png", elderly ? "-large" : "");
    CHECK_EQ_INT(uitest_compare(&f.u, rel), 0);
    flow_close(&f);
}

static void test_choices_typing(void) { choices_typing(0); }
static void test_choices_typing_large(void) { choices_typing(1); }

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_form_typing);
    RUN(test_form_typing_large);
    RUN(test_member_typing);
    RUN(test_member_typing_large);
    RUN(test_choices_typing);
    RUN(test_choices_typing_large);
    RUN(test_date_not_taken);
    RUN(test_date_step_keeps);
    RUN(test_choice_brings);
    RUN(test_date_not_taken_tablet_large);
    RUN(test_pointed_then_typed);
    return check_summary();
}
