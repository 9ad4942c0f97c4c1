/* test_elder.c — elderly-first entry (issue 15) through the real screens, in
 * large-text mode: Chinese opens on the handwriting pad (the real Zinnia
 * engine, strokes from tests/ime/hand-strokes.txt) with 撤销, 重写 and 拼音
 * one tap away; candidates prefer GB 2312 and keep rare characters behind
 * 生僻字; a pension enrolment entered by hand (no ID card: 没带身份证，手动填写),
 * counting what the person does (taps, key taps, typed characters, strokes,
 * drags to bring things into view); while a keyboard is open the field's
 * label, value and help stay above it; 完成 closes the keyboard and goes to
 * the next field; 下一步 shows one error at a time, beside its field, and
 * none for fields she has not reached. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "fixtures.h"
#include "flow.h"
#include "ui/core/session.h"
#include "store/store.h"
#include "core/utf8.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/widgets/widget_list.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static void each_target(void *ud, const char *id, const SDL_Rect *r)
{
    struct hit {
        const char *id;
        SDL_Rect r;
        int found;
    } *h = ud;
    if (!strcmp(id, h->id)) {
        h->r = *r;
        h->found = 1;
    }
}

/* Enters Chinese text on the focused keyboard by pinyin: one syllable per
 * character, the character picked among the candidates (turning pages). */
static int pinyin(flow *f, const char *text, const char *syllables)
{
    const char *p = text, *q = syllables;
    if (flow_to_pinyin(f)) /* large text opens on handwriting */
        return -1;
    while (*p) {
        int len = (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 1;
        char ch[8], syl[16];
        memcpy(ch, p, (size_t)len);
        ch[len] = 0;
        p += len;
        while (*q == ' ')
            q++;
        size_t sl = strcspn(q, " ");
        if (!sl || sl >= sizeof syl)
            return -1;
        memcpy(syl, q, sl);
        syl[sl] = 0;
        q += sl;
        if (flow_keys(f, syl))
            return -1;
        kb *k = ui_form_kb(flow_top(f));
        int idx = -1;
        for (int i = 0; k && i < kb_cand_count(k); i++)
            if (!strcmp(kb_cand(k, i), ch)) {
                idx = i;
                break;
            }
        if (idx < 0) {
            printf("  '%s' is not among the candidates of %s\n", ch, syl);
            return -1;
        }
        char id[32];
        snprintf(id, sizeof id, "kb.c.%d", idx);
        if (flow_cand_tap(f, id))
            return -1;
    }
    return 0;
}

/* The rectangle of target id at the last frame; -1 if it is not drawn. */
static int target_rect(flow *f, const char *id, SDL_Rect *out)
{
    struct hit {
        const char *id;
        SDL_Rect r;
        int found;
    } h = {id, {0, 0, 0, 0}, 0};
    ui_app_render(f->u.app, 0);
    ui_app_each_target(f->u.app, each_target, &h);
    *out = h.r;
    return h.found ? 0 : -1;
}

/* 1 if field key's label, value box and help are on screen above the open
 * keyboard: its box inside the body's view (which ends at the keyboard),
 * ink (the label) between the view's top and the box, ink (the help) under it. */
static int question_in_view(flow *f, const char *key)
{
    char id[64];
    SDL_Rect v, box;
    snprintf(id, sizeof id, "f.%s", key);
    if (ui_form_view(flow_top(f), &v) || target_rect(f, id, &box)) {
        printf("  %s: no view or no box\n", key);
        return 0;
    }
    int line = ui_app_theme(f->u.app)->px_label; /* about a line of text */
    if (box.y - line < v.y || box.y + box.h + line / 2 > v.y + v.h) {
        printf("  %s: box %d..%d, view %d..%d\n", key, box.y, box.y + box.h, v.y, v.y + v.h);
        return 0;
    }
    double label = uitest_ink(&f->u, box.x, box.y - line, box.w, line);
    double help = uitest_ink(&f->u, box.x, box.y + box.h + 2, box.w, v.y + v.h - box.y - box.h - 2);
    if (label < 0.01 || help < 0.005) {
        printf("  %s: label ink %.3f, help ink %.3f\n", key, label, help);
        return 0;
    }
    return 1;
}

/* Error red in a band of the screen. */
static int red(flow *f, int y0, int y1)
{
    const ui_theme *t = ui_app_theme(f->u.app);
    int w, h;
    plat_display_size(f->u.disp, &w, &h);
    return y1 > y0 ? uitest_count_color(&f->u, 0, y0, w, y1 - y0, t->danger) : 0;
}

static int open_manual(flow *f, int elderly)
{
    if (elderly && flow_run(f, "elderly on\n"))
        return -1;
    if (flow_run(f, "tap @tile.pension\nexpect-screen menu\n") || flow_tap(f, "menu.list.0") ||
        flow_run(f, "expect-target @card.manual\n") || flow_manual(f))
        return -1;
    return flow_run(f, "expect-target @f.name\n");
}

/* The keyboard keeps the question in view; 完成 goes on to the next field. */
static void question_stays(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "inview.db", 1) == 0);
    f.tap_keys = 1;
    REQUIRE(open_manual(&f, elderly) == 0);
    OK(flow_tap(&f, "f.name"));
    REQUIRE(ui_form_kb(flow_top(&f)) != NULL);
    CHECK_EQ_INT(kb_get_kind(ui_form_kb(flow_top(&f))), elderly ? KB_HAND : KB_PINYIN);
    CHECK(question_in_view(&f, "name"));
    OK(flow_to_pinyin(&f));
    CHECK(question_in_view(&f, "name"));
    /* 完成 stands where 上一步 was while the keyboard is open */
    int x, y;
    CHECK(ui_app_find_target(f.u.app, "form.prev", &x, &y) != 0);
    CHECK(ui_app_find_target(f.u.app, "form.done", &x, &y) == 0);
    OK(flow_keys(&f, "wa"));
    CHECK(question_in_view(&f, "name"));
    OK(flow_tap(&f, "kb.k.bs"));
    OK(flow_tap(&f, "kb.k.bs"));
    OK(pinyin(&f, "王秀英", "wang xiu ying"));
    CHECK_EQ_STR(kb_text(ui_form_kb(flow_top(&f))), "王秀英");
    CHECK(question_in_view(&f, "name"));
    /* 完成: the name is kept and the ID number gets its pad */
    OK(flow_tap(&f, "form.done"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "王秀英");
    REQUIRE(ui_form_kb(flow_top(&f)) != NULL);
    CHECK_EQ_INT(kb_get_kind(ui_form_kb(flow_top(&f))), KB_IDCARD);
    CHECK(question_in_view(&f, "idno"));
    OK(flow_keys(&f, "4205061952"));
    CHECK(question_in_view(&f, "idno"));
    OK(flow_keys(&f, "03140027"));
    CHECK(question_in_view(&f, "idno"));
    /* the next field is computed (性别): 完成 closes the keyboard */
    OK(flow_tap(&f, "form.done"));
    CHECK(ui_form_kb(flow_top(&f)) == NULL);
    CHECK_EQ_STR(form_inst_get(inst(&f), "idno"), "420506195203140027");
    CHECK_EQ_STR(form_inst_get(inst(&f), "sex"), "2");
    CHECK(ui_app_find_target(f.u.app, "form.prev", &x, &y) == 0);
    CHECK(ui_app_find_target(f.u.app, "form.done", &x, &y) != 0);
    flow_close(&f);
}

/* A tap in the gap between two keys types the nearer one. */
static void test_gap_tap(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "gap.db", 1) == 0);
    REQUIRE(open_manual(&f, 1) == 0);
    OK(flow_tap(&f, "f.idno"));
    SDL_Rect k1, k2, k4;
    REQUIRE(target_rect(&f, "kb.k.1", &k1) == 0 && target_rect(&f, "kb.k.2", &k2) == 0 &&
            target_rect(&f, "kb.k.4", &k4) == 0);
    REQUIRE(k2.x > k1.x + k1.w + 2 && k4.y > k1.y + k1.h + 2); /* there are gaps */
    char line[160];
    /* just right of 1, in the gap: 1; just left of 2: 2; under 1, above 4: 1 */
    snprintf(line, sizeof line, "tap %d %d\ntap %d %d\ntap %d %d\n", k1.x + k1.w + 1,
             k1.y + k1.h / 2, k2.x - 1, k2.y + k2.h / 2, k1.x + k1.w / 2, k1.y + k1.h + 1);
    OK(flow_run(&f, line));
    CHECK_EQ_STR(kb_text(ui_form_kb(flow_top(&f))), "121");
    CHECK_EQ_STR(form_inst_get(inst(&f), "idno"), "121");
    flow_close(&f);
}

/* A name field ranks surnames and given-name characters first
 * (assets/text/name-chars.txt); an address keeps the engine's order. */
static void test_name_ranking(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "rank.db", 1) == 0);
    f.tap_keys = 1;
    REQUIRE(open_manual(&f, 1) == 0);
    OK(flow_tap(&f, "f.name"));
    OK(flow_to_pinyin(&f));
    OK(flow_keys(&f, "wang"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_cand_count(k) > 2);
    CHECK_EQ_STR(kb_cand(k, 0), "王"); /* the engine puts 网 first */
    OK(flow_tap(&f, "kb.c.0"));
    OK(flow_keys(&f, "xiu"));
    CHECK_EQ_STR(kb_cand(ui_form_kb(flow_top(&f)), 0), "秀");
    OK(flow_tap(&f, "kb.c.0"));
    OK(flow_keys(&f, "ying"));
    CHECK_EQ_STR(kb_cand(ui_form_kb(flow_top(&f)), 0), "英");
    OK(flow_tap(&f, "kb.c.0"));
    CHECK_EQ_STR(kb_text(ui_form_kb(flow_top(&f))), "王秀英");
    /* the same letters on an address: the engine's order */
    OK(flow_tap(&f, "form.done"));
    OK(flow_tap(&f, "form.done"));
    OK(flow_choose(&f, "hukou_type", "agri"));
    form_inst_set(inst(&f), "idno", "420506195203140027", NULL, 0);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.hukou_address"));
    OK(flow_to_pinyin(&f));
    OK(flow_keys(&f, "wang"));
    k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_cand_count(k) > 2);
    CHECK(strcmp(kb_cand(k, 0), "王") != 0);
    flow_close(&f);
}

/* A name field ranks a phrase of name characters (a given name, or a
 * surname and a given name) before the engine's other phrases and before
 * single characters: j-i-a-n-g-u-o tapped on 姓名 offers 建国 first (the
 * engine's first is 见过), 李建国 goes in with two taps (李建, 国), li offers
 * the surname 李 first (the engine's first is 里), xiuying the names
 * lexicon's 秀英 (the engine has 修应 only); a household member's name the
 * same (建国, 桂英); an address keeps the engine's order (见过 建国 坚果;
 * 修应, no 秀英). */
static void test_name_words(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "words.db", 1) == 0);
    f.tap_keys = 1;
    REQUIRE(open_manual(&f, 0) == 0);
    OK(flow_tap(&f, "f.name"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_get_kind(k) == KB_PINYIN);
    OK(flow_keys(&f, "jianguo"));
    REQUIRE(kb_cand_count(k) > 3);
    printf("  name, jianguo: %s %s %s %s\n", kb_cand(k, 0), kb_cand(k, 1), kb_cand(k, 2),
           kb_cand(k, 3));
    CHECK_EQ_STR(kb_cand(k, 0), "建国");
    CHECK_EQ_STR(kb_cand(k, 1), "建"); /* then the given-name character */
    OK(flow_tap(&f, "kb.c.0"));
    CHECK_EQ_STR(kb_text(k), "建国");
    OK(flow_tap(&f, "kb.k.clear"));
    /* the surname alone, and a whole name in two taps */
    OK(flow_keys(&f, "li"));
    CHECK_EQ_STR(kb_cand(k, 0), "李");
    OK(flow_tap(&f, "kb.k.clear"));
    OK(flow_keys(&f, "lijianguo"));
    CHECK_EQ_STR(kb_cand(k, 0), "李建");
    OK(flow_tap(&f, "kb.c.0"));
    CHECK_EQ_STR(kb_cand(k, 0), "国");
    OK(flow_tap(&f, "kb.c.0"));
    CHECK_EQ_STR(kb_text(k), "李建国");
    /* a given name the engine's dictionary lacks (it offers 修应): the
     * names lexicon's 秀英, first */
    OK(flow_tap(&f, "kb.k.clear"));
    OK(flow_keys(&f, "xiuying"));
    CHECK_EQ_STR(kb_cand(k, 0), "秀英");
    OK(flow_tap(&f, "kb.c.0"));
    CHECK_EQ_STR(kb_text(k), "秀英");
    /* 淑芬 (fen alone offered 分 first: 芬 was no name character) */
    OK(flow_tap(&f, "kb.k.clear"));
    OK(flow_keys(&f, "fen"));
    CHECK_EQ_STR(kb_cand(k, 0), "芬");
    OK(flow_tap(&f, "kb.k.clear"));
    OK(flow_keys(&f, "shufen"));
    CHECK_EQ_STR(kb_cand(k, 0), "淑芬");
    /* the same letters on an address: the engine's order */
    OK(flow_tap(&f, "form.done"));
    OK(flow_tap(&f, "form.done"));
    OK(flow_choose(&f, "hukou_type", "agri"));
    form_inst_set(inst(&f), "name", "李建国", NULL, 0);
    form_inst_set(inst(&f), "idno", "420506195203140027", NULL, 0);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.hukou_address"));
    OK(flow_keys(&f, "jianguo"));
    k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_cand_count(k) > 3);
    CHECK_EQ_STR(kb_cand(k, 0), "见过");
    CHECK_EQ_STR(kb_cand(k, 1), "建国");
    CHECK_EQ_STR(kb_cand(k, 2), "坚果");
    CHECK_EQ_STR(kb_cand(k, 3), "见");
    OK(flow_tap(&f, "kb.k.clear"));
    OK(flow_keys(&f, "xiuying"));
    CHECK_EQ_STR(kb_cand(k, 0), "修应");
    for (int i = 0; i < kb_cand_count(k); i++)
        CHECK(strcmp(kb_cand(k, i), "秀英") != 0);
    flow_close(&f);

    /* a household member's name (医保参保's family members) */
    REQUIRE(flow_open(&f, 1080, 1920, "words-member.db", 1) == 0);
    f.tap_keys = 1;
    OK(flow_tap(&f, "tile.medical"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    REQUIRE(ui_form_is(flow_top(&f)));
    static const char *const kv[] = {"head_name", "王芳", "head_idno", "110105198501010071",
                                     "phone", "13812345678", "hukou_address", "东风村三组"};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        REQUIRE(form_inst_set(inst(&f), kv[i], kv[i + 1], NULL, 0) == FORM_OK);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f));
    REQUIRE(!strcmp(flow_top_name(&f), "form_member"));
    OK(flow_tap(&f, "f.m_name"));
    k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_get_kind(k) == KB_PINYIN);
    OK(flow_keys(&f, "jianguo"));
    CHECK_EQ_STR(kb_cand(k, 0), "建国");
    OK(flow_tap(&f, "kb.k.clear"));
    OK(flow_keys(&f, "guiying"));
    CHECK_EQ_STR(kb_cand(k, 0), "桂英");
    flow_close(&f);
}

static void test_question_stays(void) { question_stays(0); }
static void test_question_stays_elderly(void) { question_stays(1); }

/* 下一步 on an empty page shows one error, beside its field; the others wait
 * until she gets there. A wrong answer she typed shows when she leaves it. */
static void one_error(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "oneerr.db", 1) == 0);
    f.tap_keys = 1;
    REQUIRE(open_manual(&f, elderly) == 0);
    SDL_Rect v, box;
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    CHECK_EQ_INT(red(&f, v.y, v.y + v.h), 0);
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 0);
    /* the engine found every missing answer ... */
    REQUIRE(form_inst_error(inst(&f), "name") != NULL);
    REQUIRE(form_inst_error(inst(&f), "idno") != NULL);
    REQUIRE(form_inst_error(inst(&f), "hukou_type") != NULL);
    /* ... the page shows the first, beside 姓名, and it is what 读给我听 reads */
    CHECK_EQ_STR(ui_form_message(flow_top(&f)), form_inst_error(inst(&f), "name"));
    REQUIRE(target_rect(&f, "f.name", &box) == 0);
    CHECK(red(&f, box.y - 2 * ui_app_theme(f.u.app)->px_label, box.y + box.h + 4) > 200);
    /* no red at the top of the page, none under the name's help */
    CHECK_EQ_INT(red(&f, v.y, box.y - 2 * ui_app_theme(f.u.app)->px_label - 4), 0);
    REQUIRE(target_rect(&f, "f.idno", &box) == 0);
    CHECK_EQ_INT(red(&f, box.y - ui_app_theme(f.u.app)->px_label * 2, v.y + v.h), 0);
    /* the name given, 下一步 shows the next one, at 公民身份号码 */
    OK(flow_tap(&f, "f.name"));
    OK(pinyin(&f, "王秀英", "wang xiu ying"));
    CHECK(ui_form_message(flow_top(&f)) == NULL); /* fixed: its message went */
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_STR(ui_form_message(flow_top(&f)), form_inst_error(inst(&f), "idno"));
    REQUIRE(target_rect(&f, "f.idno", &box) == 0);
    CHECK(box.y >= v.y && box.y + box.h <= v.y + v.h);
    CHECK(red(&f, box.y - 2 * ui_app_theme(f.u.app)->px_label, box.y + box.h + 4) > 200);
    CHECK_EQ_INT(red(&f, box.y + box.h + 6, v.y + v.h), 0);
    /* a wrong check digit shows as soon as she leaves the field */
    OK(flow_tap(&f, "f.idno"));
    OK(flow_keys(&f, "110105197005100015")); /* the check character is 4 */
    OK(flow_tap(&f, "form.done"));
    REQUIRE(form_inst_error(inst(&f), "idno") != NULL);
    REQUIRE(target_rect(&f, "f.idno", &box) == 0);
    CHECK(red(&f, box.y - 2 * ui_app_theme(f.u.app)->px_label, box.y + box.h + 4) > 200);
    flow_close(&f);
}

static void test_one_error(void) { one_error(0); }
static void test_one_error_elderly(void) { one_error(1); }

static const char *option_value(flow *f, const char *key, const char *label)
{
    const form_field *fl = form_def_field(form_inst_def(inst(f)), key);
    for (size_t i = 0; fl && i < form_field_option_count(fl); i++)
        if (!strcmp(form_field_option_label(fl, i), label))
            return form_field_option_value(fl, i);
    return "";
}

/* 民族 (56) opens on a screen of its own with letter keys; 户籍性质 (3)
 * stays on the page; a drag anywhere on the page scrolls the page. */
static void long_list(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "longlist.db", 1) == 0);
    REQUIRE(open_manual(&f, elderly) == 0);
    /* 民族 in view: its box, not its rows */
    const char *const eth[] = {"f.ethnicity.pick", "f.ethnicity.opt.0"};
    CHECK_EQ_INT(flow_show(&f, eth, 2), 0);
    SDL_Rect on_page; /* its rows on the page (a target once they show) */
    CHECK(ui_form_rect(flow_top(&f), "hukou_type", &on_page) == 0);
    /* a drag over the short list (in the middle of the page) moves the page */
    SDL_Rect v, list0, list1;
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    OK(flow_tap(&f, "f.hukou_type.opt.0")); /* in view now */
    REQUIRE(ui_form_rect(flow_top(&f), "hukou_type", &list0) == 0);
    int cy = list0.y + list0.h / 2;
    if (cy > v.y + v.h - 100)
        cy = v.y + v.h - 100;
    char line[128];
    snprintf(line, sizeof line, "drag %d %d %d %d 300\n", list0.x + list0.w / 2, cy,
             list0.x + list0.w / 2, cy + 300);
    OK(flow_run(&f, line));
    REQUIRE(ui_form_rect(flow_top(&f), "hukou_type", &list1) == 0);
    CHECK(list1.y > list0.y + 200); /* the page came down with the finger */
    CHECK_EQ_STR(form_inst_get(inst(&f), "hukou_type"), option_value(&f, "hukou_type", "农业户口"));
    /* 民族: its box opens the list screen, 汉族 (the default) chosen at the top */
    CHECK_EQ_STR(form_inst_get(inst(&f), "ethnicity"), option_value(&f, "ethnicity", "汉族"));
    OK(flow_tap(&f, "f.ethnicity.pick"));
    CHECK_EQ_STR(flow_top_name(&f), "form_pick");
    flow_shot(&f, elderly ? "pick-1080x1920-elderly" : "pick-1080x1920");
    /* T jumps to 塔吉克族, 塔塔尔族, 土家族, 土族 (by initial, the form's order within) */
    SDL_Rect patch = {1080 - 40, 4, 24, 24}; /* the band stays: the list alone is drawn */
    OK(uitest_partial(&f.u, "pick", "tap @pick.letter.T", &patch));
    ui_list *l = *(ui_list **)flow_top(&f)->priv;
    int row = -1;
    for (int i = 0; i < ui_list_count(l); i++)
        if (!strcmp(ui_list_text(l, i), "土家族"))
            row = i;
    REQUIRE(row >= 0);
    char id[32];
    snprintf(id, sizeof id, "pick.list.%d", row);
    SDL_Rect r;
    REQUIRE(target_rect(&f, id, &r) == 0);
    CHECK(r.y > 0 && r.y + r.h < 1920);
    int scrolls = f.scrolls;
    OK(flow_pick_row(&f, "土家族"));
    CHECK_EQ_INT(f.scrolls, scrolls); /* no drag needed after the jump */
    CHECK(ui_form_is(flow_top(&f)));
    CHECK_EQ_STR(form_inst_get(inst(&f), "ethnicity"), option_value(&f, "ethnicity", "土家族"));
    /* autosaved at once: the draft in the store has it */
    store_draft d;
    REQUIRE(store_draft_load(f.st, ui_form_uuid(flow_top(&f)), &d) == STORE_OK);
    char want[32];
    snprintf(want, sizeof want, "\"ethnicity\":\"%s\"", option_value(&f, "ethnicity", "土家族"));
    CHECK(d.answers && strstr(d.answers, want) != NULL);
    store_draft_clear(&d);
    /* 返回 leaves it as it was */
    OK(flow_tap(&f, "f.ethnicity.pick"));
    OK(flow_run(&f, "tap @pick.back\n"));
    CHECK(ui_form_is(flow_top(&f)));
    CHECK_EQ_STR(form_inst_get(inst(&f), "ethnicity"), option_value(&f, "ethnicity", "土家族"));
    flow_close(&f);
}

static void test_long_list(void) { long_list(0); }
static void test_long_list_elderly(void) { long_list(1); }


/* ---- handwriting first (large text) ---- */

static int g_strokes; /* strokes drawn on the pad, for the counts */
static int g_lift_partial; /* each finger's lift drawn as uitest_partial checks it */
static const SDL_Rect PATCH = {1080 - 40, 4, 24, 24}; /* the band: no keystroke draws there */

/* Draws strokes from..to-1 of c with a finger on the pad, in a square in its
 * middle: down, a move to each point of the stroke (every frame is drawn: few
 * points keep the test quick), up (with g_lift_partial: the candidates it
 * brings draw the pad, the candidate bar and the field alone). */
static int hand_write(flow *f, const flow_hand_char *c, int from, int to)
{
    SDL_Rect cv;
    if (target_rect(f, "kb.canvas", &cv))
        return -1;
    for (int st = from; st < to && st < c->nstrokes; st++) {
        char script[2048], up[64];
        flow_hand_stroke(c, st, &cv, script, sizeof script, up, sizeof up);
        if (!g_lift_partial) {
            size_t n = strlen(script);
            snprintf(script + n, sizeof script - n, "%s\n", up);
        }
        if (flow_run(f, script) || (g_lift_partial && uitest_partial(&f->u, "a stroke", up, &PATCH)))
            return -1;
        g_strokes++;
    }
    return 0;
}

/* Writes ch with all its strokes and taps it among the candidates; it must
 * be among the first three. */
static int hand_enter(flow *f, const char *ch)
{
    flow_hand_char c;
    if (flow_hand_load(ch, &c) || hand_write(f, &c, 0, c.nstrokes))
        return -1;
    kb *k = ui_form_kb(flow_top(f));
    for (int i = 0; k && i < 3 && i < kb_cand_count(k); i++)
        if (!strcmp(kb_cand(k, i), ch)) {
            char id[32], line[40];
            snprintf(id, sizeof id, "kb.c.%d", i);
            snprintf(line, sizeof line, "tap @%s", id);
            return g_lift_partial ? uitest_partial(&f->u, "a candidate", line, &PATCH)
                                  : flow_tap(f, id);
        }
    printf("  %s is not among the first three candidates\n", ch);
    return -1;
}

/* The smallest width and height of the keyboard's targets (keys, candidates,
 * page keys, the pad) at the last frame. */
typedef struct {
    int minw, minh, n;
} kb_sizes;

static void each_kb_target(void *ud, const char *id, const SDL_Rect *r)
{
    kb_sizes *z = ud;
    if (strncmp(id, "kb.", 3) != 0)
        return;
    z->minw = z->n && z->minw < r->w ? z->minw : r->w;
    z->minh = z->n && z->minh < r->h ? z->minh : r->h;
    z->n++;
}

static kb_sizes kb_target_sizes(flow *f)
{
    kb_sizes z = {0, 0, 0};
    ui_app_render(f->u.app, 0);
    ui_app_each_target(f->u.app, each_kb_target, &z);
    return z;
}

/* A name written by hand in large text: the pad opens first, the whole
 * keyboard's width; 撤销 takes back the last stroke; 拼音 is one tap away
 * and 改用手写 comes back; every key and candidate is at least 15 mm. The
 * finger's lift, 撤销, 退格 on strokes, 重写 and the third character chosen
 * (the first two bring and take the name's error line) draw the pad, the
 * candidates and the field alone (uitest_partial). */
static void test_hand_name(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "hand.db", 1) == 0);
    REQUIRE(open_manual(&f, 1) == 0);
    OK(flow_tap(&f, "f.name"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k != NULL);
    CHECK_EQ_INT(kb_get_kind(k), KB_HAND);
    CHECK(question_in_view(&f, "name"));
    const ui_theme *t = ui_app_theme(f.u.app);
    int mm15 = ui_theme_mm(t, 15.0);
    SDL_Rect cv, mode, clear;
    REQUIRE(target_rect(&f, "kb.canvas", &cv) == 0 && target_rect(&f, "kb.k.mode", &mode) == 0 &&
            target_rect(&f, "kb.k.clear", &clear) == 0);
    CHECK_EQ_INT(cv.x, mode.x); /* the keyboard's whole width */
    CHECK_EQ_INT(cv.x + cv.w, clear.x + clear.w);
    CHECK(cv.h >= 4 * mm15);
    printf("  handwriting pad %d x %d px (%.0f x %.0f mm)\n", cv.w, cv.h, cv.w * 25.4 / t->dpi,
           cv.h * 25.4 / t->dpi);
    /* 王 by its four strokes */
    flow_hand_char wang, da, zhong;
    REQUIRE(flow_hand_load("王", &wang) == 0 && flow_hand_load("大", &da) == 0 && flow_hand_load("中", &zhong) == 0);
    g_lift_partial = 1;
    OK(hand_write(&f, &wang, 0, 4));
    CHECK_EQ_INT(kb_stroke_count(k), 4);
    kb_sizes z = kb_target_sizes(&f);
    printf("  pad with candidates: smallest key or candidate %d x %d px (15 mm = %d px)\n", z.minw,
           z.minh, mm15);
    CHECK(z.n > 10 && z.minw >= mm15 && z.minh >= mm15);
    OK(flow_tap(&f, "kb.c.0")); /* one character: the name's error line comes, the page moves */
    CHECK_EQ_STR(kb_text(k), "王");
    CHECK_EQ_INT(kb_stroke_count(k), 0);
    /* 大: two strokes, a wrong one, 撤销 takes it back */
    OK(hand_write(&f, &da, 0, 2));
    char before[KB_CAND_BYTES];
    snprintf(before, sizeof before, "%s", kb_cand(k, 0) ? kb_cand(k, 0) : "");
    OK(hand_write(&f, &zhong, 3, 4));
    CHECK_EQ_INT(kb_stroke_count(k), 3);
    OK(uitest_partial(&f.u, "撤销", "tap @kb.k.undo", &PATCH));
    CHECK_EQ_INT(kb_stroke_count(k), 2);
    CHECK_EQ_STR(kb_cand(k, 0) ? kb_cand(k, 0) : "", before); /* as before the wrong stroke */
    OK(hand_write(&f, &da, 2, 3));
    int r = -1;
    for (int i = 0; i < kb_cand_count(k) && r < 0; i++)
        if (!strcmp(kb_cand(k, i), "大"))
            r = i;
    CHECK(r >= 0 && r < 3);
    char id[32];
    snprintf(id, sizeof id, "kb.c.%d", r);
    OK(flow_tap(&f, id)); /* two characters: the error line goes, the page moves */
    /* 退格 on strokes wipes them, the text stays; 重写 wipes every stroke */
    OK(hand_write(&f, &zhong, 0, 2));
    OK(uitest_partial(&f.u, "退格", "tap @kb.k.bs", &PATCH));
    CHECK_EQ_INT(kb_stroke_count(k), 0);
    CHECK_EQ_STR(kb_text(k), "王大");
    OK(hand_write(&f, &zhong, 0, 2));
    OK(uitest_partial(&f.u, "重写", "tap @kb.k.rewrite", &PATCH));
    CHECK_EQ_INT(kb_stroke_count(k), 0);
    CHECK_EQ_INT(kb_cand_count(k), 0);
    OK(hand_enter(&f, "中")); /* a third character: the field and the keyboard alone */
    g_lift_partial = 0;
    CHECK_EQ_STR(kb_text(k), "王大中");
    CHECK(question_in_view(&f, "name"));
    /* 拼音, one tap away, keeps the text; its keys are 15 mm or more */
    OK(flow_tap(&f, "kb.k.mode"));
    CHECK_EQ_INT(kb_get_kind(k), KB_PINYIN);
    CHECK_EQ_STR(kb_text(k), "王大中");
    SDL_Rect q;
    REQUIRE(target_rect(&f, "kb.k.q", &q) == 0);
    z = kb_target_sizes(&f);
    printf("  large-text pinyin: letter keys %d x %d px (%.1f x %.1f mm), smallest key %d x %d px\n",
           q.w, q.h, q.w * 25.4 / t->dpi, q.h * 25.4 / t->dpi, z.minw, z.minh);
    CHECK(z.n > 30 && z.minw >= mm15 && z.minh >= mm15);
    CHECK(question_in_view(&f, "name"));
    OK(flow_tap(&f, "kb.k.mode")); /* 改用手写 */
    CHECK_EQ_INT(kb_get_kind(k), KB_HAND);
    OK(flow_tap(&f, "form.done"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "王大中");
    flow_close(&f);
}

/* GB 2312 level of a character by the C library's iconv: 1, 2 or 0 outside. */
/* The pad gets shorter under ink (the name typed on a physical keyboard
 * grows to two lines and the keyboard's room shrinks): the ink stays on the
 * pad, clamped inside it as it was taken, and 重写 takes all of it away in a
 * partial frame (a stroke near the pad's foot had been drawn below the pad,
 * between the keys of the row under it, and stayed there after 重写). */
static void test_hand_pad_shrinks(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "hand-shrinks.db", 1) == 0);
    REQUIRE(open_manual(&f, 1) == 0);
    OK(flow_tap(&f, "f.name"));
    REQUIRE(kb_get_kind(ui_form_kb(flow_top(&f))) == KB_HAND);
    SDL_Rect cv, cv2;
    REQUIRE(target_rect(&f, "kb.canvas", &cv) == 0);
    /* a stroke along the pad's foot, from side to side */
    int y = cv.y + cv.h - 6;
    uitest_send(f.u.app, PLAT_EV_DOWN, cv.x + 10, y);
    for (int k = 1; k <= 8; k++)
        uitest_send(f.u.app, PLAT_EV_MOVE, cv.x + 10 + (cv.w - 20) * k / 8, y);
    uitest_send(f.u.app, PLAT_EV_UP, cv.x + cv.w - 10, y);
    ui_app_tick(f.u.app);
    ui_app_render(f.u.app, 0);
    REQUIRE(kb_stroke_count(ui_form_kb(flow_top(&f))) == 1);
    OK(flow_run(&f, "text 99999999999999999999\n"));
    REQUIRE(target_rect(&f, "kb.canvas", &cv2) == 0);
    printf("  the pad %d px high at %d, then %d px at %d\n", cv.h, cv.y, cv2.h, cv2.y);
    REQUIRE(cv2.h < cv.h - 12); /* the dot's place is under the pad now */
    CHECK_EQ_INT(kb_stroke_count(ui_form_kb(flow_top(&f))), 1);
    /* 重写 takes the ink away in a partial frame equal to a full one */
    size_t n = (size_t)1080 * 1920 * 4;
    uint8_t *with = malloc(n), *without = malloc(n);
    REQUIRE(with && without);
    ui_app_render(f.u.app, 1);
    CHECK_EQ_INT(plat_display_read_rgba(f.u.disp, with), 0);
    CHECK_EQ_INT(uitest_partial(&f.u, "重写 after the pad shrank", "tap @kb.k.rewrite", &PATCH), 0);
    CHECK_EQ_INT(kb_stroke_count(ui_form_kb(flow_top(&f))), 0);
    CHECK_EQ_INT(plat_display_read_rgba(f.u.disp, without), 0);
    /* what the ink was: on the pad (the ink's half width over its edge at
     * most), nothing beside it or under it (above it 重写 brings the bar's
     * hint back) */
    int ink = 0, off = 0, half = 8;
    for (int py = 0; py < 1920; py++)
        for (int px = 0; px < 1080; px++) {
            size_t i = ((size_t)py * 1080 + (size_t)px) * 4;
            if (!memcmp(with + i, without + i, 4))
                continue;
            ink++;
            if (py >= cv2.y + cv2.h + half ||
                (py >= cv2.y && (px < cv2.x - half || px >= cv2.x + cv2.w + half)))
                off++;
        }
    printf("  重写 changed %d pixels, %d of them beside or under the pad\n", ink, off);
    CHECK(ink > 0);
    CHECK_EQ_INT(off, 0);
    free(with);
    free(without);
    flow_close(&f);
}

static int gb_level(iconv_t cd, const char *ch)
{
    char in[8], out[8];
    snprintf(in, sizeof in, "%s", ch);
    char *ip = in, *op = out;
    size_t il = strlen(in), ol = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || op - out != 2)
        return 0;
    unsigned char hi = (unsigned char)out[0];
    return hi >= 0xB0 && hi <= 0xD7 ? 1 : hi >= 0xD8 && hi <= 0xF7 ? 2 : 0;
}

/* The candidates on the keyboard's page now, in order. */
static int page_cands(flow *f, int *idx, int max)
{
    int n = 0, x, y;
    kb *k = ui_form_kb(flow_top(f));
    ui_app_render(f->u.app, 0);
    for (int i = 0; k && i < kb_cand_count(k) && n < max; i++) {
        char id[32];
        snprintf(id, sizeof id, "kb.c.%d", i);
        if (ui_app_find_target(f->u.app, id, &x, &y) == 0)
            idx[n++] = i;
    }
    return n;
}

/* Turns the common pages of the candidates for letters: every one is in GB
 * 2312, phrases, then level 1, then level 2; rare is on none of them. Then
 * 生僻字 shows the rest, rare among them. Returns the common count or -1. */
static int common_then_rare(flow *f, iconv_t cd, const char *letters, const char *rare)
{
    if (flow_keys(f, letters))
        return -1;
    kb *k = ui_form_kb(flow_top(f));
    int common = 0, last = 0, x, y, ok = 1;
    for (int page = 0; page < 40; page++) {
        int idx[64], n = page_cands(f, idx, 64);
        for (int j = 0; j < n; j++) {
            const char *c = kb_cand(k, idx[j]);
            common++;
            int single = utf8_count(c) == 1, lv = single ? gb_level(cd, c) : 1;
            if (!strcmp(c, rare) || (single && lv == 0)) {
                printf("  %s: %s on a common page\n", letters, c);
                ok = 0;
            }
            if (single && lv < last) {
                printf("  %s: level-%d %s after level %d\n", letters, lv, c, last);
                ok = 0;
            }
            if (single)
                last = lv;
        }
        if (ui_app_find_target(f->u.app, "kb.next", &x, &y) != 0)
            break;
        if (flow_tap(f, "kb.next"))
            return -1;
    }
    if (!ok || flow_tap(f, "kb.k.rare"))
        return -1;
    for (int page = 0; page < 40; page++) {
        int idx[64], n = page_cands(f, idx, 64);
        for (int j = 0; j < n; j++)
            if (!strcmp(kb_cand(k, idx[j]), rare))
                return common;
        if (ui_app_find_target(f->u.app, "kb.next", &x, &y) != 0 || flow_tap(f, "kb.next"))
            break;
    }
    printf("  %s: %s not behind 生僻字\n", letters, rare);
    return -1;
}

/* Candidates prefer GB 2312 (level 1, then level 2) and keep rare and
 * traditional characters (邨) behind 生僻字, on an address; a name keeps its
 * surnames first and reaches a rare name character (堃) through 生僻字. */
static void test_gb2312_ranking(void)
{
    iconv_t cd = iconv_open("GB2312", "UTF-8");
    REQUIRE(cd != (iconv_t)-1);
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "gbrank.db", 1) == 0);
    f.tap_keys = 1;
    REQUIRE(open_manual(&f, 1) == 0);
    OK(flow_tap(&f, "f.name"));
    OK(flow_to_pinyin(&f));
    int n = common_then_rare(&f, cd, "kun", "堃");
    printf("  name, kun: %d common candidates, then 堃 behind 生僻字\n", n);
    CHECK(n > 0);
    kb *k = ui_form_kb(flow_top(&f));
    int idx[64], shown = page_cands(&f, idx, 64), at = -1;
    for (int j = 0; j < shown; j++)
        if (!strcmp(kb_cand(k, idx[j]), "堃"))
            at = idx[j];
    REQUIRE(at >= 0);
    char id[32];
    snprintf(id, sizeof id, "kb.c.%d", at);
    OK(flow_tap(&f, id));
    CHECK_EQ_STR(kb_text(k), "堃");
    /* the surname still first on a name field */
    OK(flow_tap(&f, "kb.k.clear"));
    OK(flow_keys(&f, "wang"));
    CHECK_EQ_STR(kb_cand(k, 0), "王");
    OK(flow_tap(&f, "kb.k.clear"));
    /* an address: 邨 behind 生僻字 */
    OK(flow_tap(&f, "form.done"));
    OK(flow_tap(&f, "form.done"));
    OK(flow_choose(&f, "hukou_type", "agri"));
    form_inst_set(inst(&f), "name", "王秀英", NULL, 0);
    form_inst_set(inst(&f), "idno", "420506195203140027", NULL, 0);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.hukou_address"));
    OK(flow_to_pinyin(&f));
    n = common_then_rare(&f, cd, "cun", "邨");
    printf("  address, cun: %d common candidates, then 邨 behind 生僻字\n", n);
    CHECK(n > 0);
    iconv_close(cd);
    flow_close(&f);
}

/* Reference images: the pad with candidates and the 生僻字 page (large text
 * and normal), the pinyin keyboard in large text. */
static void test_hand_refs(void)
{
    for (int el = 0; el <= 1; el++) {
        flow f;
        REQUIRE(flow_open(&f, 1080, 1920, "handref.db", 1) == 0);
        f.tap_keys = 1;
        REQUIRE(open_manual(&f, el) == 0);
        OK(flow_tap(&f, "f.name"));
        if (!el)
            OK(flow_tap(&f, "kb.k.mode")); /* normal text opens on pinyin */
        REQUIRE(kb_get_kind(ui_form_kb(flow_top(&f))) == KB_HAND);
        flow_hand_char wang;
        REQUIRE(flow_hand_load("王", &wang) == 0);
        OK(hand_write(&f, &wang, 0, 4));
        flow_shot(&f, el ? "kb-hand-1080x1920-elderly" : "kb-hand-1080x1920");
        OK(flow_tap(&f, "kb.k.mode"));
        OK(flow_keys(&f, "kun"));
        if (el)
            flow_shot(&f, "kb-pinyin-1080x1920-elderly");
        OK(flow_tap(&f, "kb.k.rare"));
        flow_shot(&f, el ? "kb-rare-1080x1920-elderly" : "kb-rare-1080x1920");
        flow_close(&f);
    }
}

/* The pension enrolment entered by hand (no ID card) in large-text mode:
 * the name written on the pad the keyboard opens on (王大中: characters of
 * the stroke fixtures), the address by pinyin one tap away (拼音). Prints
 * taps (every tap, keys and candidates included), typed characters, strokes
 * and drags to bring something into view. */
static void test_manual_count(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "manual.db", 1) == 0);
    f.tap_keys = 1;
    OK(flow_tap(&f, "home.elderly"));
    CHECK_EQ_INT(ui_app_elderly(f.u.app), 1);
    OK(flow_tap(&f, "tile.pension"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "expect-target @card.manual\n"));
    OK(flow_manual(&f));
    int before_keys = f.taps;
    g_strokes = 0;
    OK(flow_tap(&f, "f.name"));
    OK(hand_enter(&f, "王"));
    OK(hand_enter(&f, "大"));
    OK(hand_enter(&f, "中"));
    OK(flow_tap(&f, "f.idno"));
    OK(flow_keys(&f, "420506195203140027"));
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "王大中");
    OK(flow_tap(&f, "f.hukou_address"));
    OK(pinyin(&f, "青山村三组", "qing shan cun san zu"));
    OK(flow_tap(&f, "f.phone"));
    OK(flow_keys(&f, "13812345678"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "hukou_address"), "青山村三组");
    OK(flow_choose(&f, "tier", "50000"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    OK(flow_submit(&f));
    printf("  pension enrolment by hand (no ID card), large text, the name written (王大中, %d "
           "strokes): %d taps in all (%d after 手动填写), %d typed characters, 2 signature "
           "strokes, %d drags to bring something into view\n",
           g_strokes, f.taps, f.taps - before_keys, 3 + 18 + 5 + 11, f.scrolls);
    CHECK_EQ_INT(g_strokes, 4 + 3 + 4);
    flow_close(&f);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_question_stays);
    RUN(test_question_stays_elderly);
    RUN(test_one_error);
    RUN(test_gap_tap);
    RUN(test_name_ranking);
    RUN(test_name_words);
    RUN(test_one_error_elderly);
    RUN(test_long_list);
    RUN(test_long_list_elderly);
    RUN(test_hand_name);
    RUN(test_hand_pad_shrinks);
    RUN(test_gb2312_ranking);
    RUN(test_hand_refs);
    RUN(test_manual_count);
    return check_summary();
}
