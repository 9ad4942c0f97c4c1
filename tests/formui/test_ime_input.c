/* test_ime_input.c — three things a person typing an answer could lose or
 * wait for, through the real screens (临时救助's 发生了什么, multiline), the
 * real pinyin engine and the real store:
 *
 *   letters: the pinyin engine holds 32 letters waiting to be chosen
 *   (IME_PINYIN_MAX_LETTERS; libgooglepinyin itself is given 13 at a time).
 *   A 33rd letter, tapped or typed on a physical keyboard, is refused and the
 *   candidate bar says to choose first (reference images, normal and large
 *   text); the letters waiting are the 32 typed, each choice takes its
 *   letters, and after the last one the sentence is in the answer whole; the
 *   message is gone once a choice is made.
 *
 *   line break: a 换行 typed last is in the answer and in the draft the
 *   store holds (a power cut: the draft resumed has it, and the keyboard's
 *   caret waits on the new line); typing goes on after it; the review page
 *   shows the empty last line (reference image). 换行 in an empty box types
 *   nothing (the store would keep nothing of it).
 *
 *   physical keyboard and scanner: text events (letters into the pinyin
 *   field, digits into the phone field, a backspace key) draw a partial frame
 *   (a sentinel pixel outside the field and the keyboard stays) equal, pixel
 *   for pixel, to the screen drawn in full. Whole characters a desktop's
 *   input method typed (the emulator's keyboard, a script's text 张三) go
 *   into a pinyin or handwriting field as a chosen candidate would, after
 *   the letters being composed; a number pad takes none.
 *
 *   the candidate bar and the field: a letter draws again only what it
 *   changed of the bar (the 更多 key that stays as it was is not drawn) and
 *   of a one-line field (what follows the text kept, not the box's far
 *   end), the frame equal, pixel for pixel, to the screen drawn in full.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "flow.h"
#include "plat_display.h"
#include "ui/core/text.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/kb/kb.h"

#define OK(x) CHECK_EQ_INT((x), 0)
/* 我家发生了火灾房子烧了: 32 letters, whole syllables (a typed-text event
 * holds 31 bytes: two) */
static const char *const LETTERS32[] = {"wojiafashenglehuo", "zaifangzishaole"};

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static void set(flow *f, const char *key, const char *v)
{
    char err[256];
    if (form_inst_set(inst(f), key, v, err, sizeof err) != FORM_OK)
        printf("  %s: %s\n", key, err);
}

static const char *answer(flow *f)
{
    const char *v = form_inst_get(inst(f), "what_happened");
    return v ? v : "";
}

static int next_page(flow *f, size_t want)
{
    if (flow_tap(f, "form.next"))
        return -1;
    if (form_inst_page(inst(f)) != want && !form_inst_at_review(inst(f))) {
        const char *m = ui_form_message(flow_top(f));
        printf("  still on page %zu: %s\n", form_inst_page(inst(f)), m ? m : "");
        return -1;
    }
    return 0;
}

/* 临时救助 from its tile, who she is set, page 2 with its kind. */
static void open_relief(flow *f, int elderly)
{
    if (elderly)
        REQUIRE(flow_run(f, "elderly on\n") == 0);
    OK(flow_tap(f, "tile.relief"));
    OK(flow_tap(f, "menu.list.0"));
    OK(flow_manual(f));
    REQUIRE(ui_form_is(flow_top(f)));
    set(f, "name", "王秀兰");
    set(f, "idno", "110105197005100014");
    set(f, "hukou_address", "青山村四组");
    set(f, "phone", "13600000000");
    OK(next_page(f, 1));
    OK(flow_choose(f, "kind", "fire"));
}

/* ---- letters past the engine's limit ---- */

static void letters(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, elderly ? "letters-large.db" : "letters.db", 1) == 0);
    open_relief(&f, elderly);
    OK(flow_tap(&f, "f.what_happened"));
    OK(flow_to_pinyin(&f)); /* large text opens on the pad */
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_get_kind(k) == KB_PINYIN);
    /* 32 letters from a physical keyboard, then the 33rd tapped on the keys
     * and three more typed: each refused */
    OK(flow_keys(&f, LETTERS32[0]));
    OK(flow_keys(&f, LETTERS32[1]));
    char comp[KB_COMP_BYTES];
    snprintf(comp, sizeof comp, "%s", kb_composing(k));
    OK(flow_tap(&f, "kb.k.d"));
    OK(flow_keys(&f, "ong"));
    CHECK_EQ_STR(kb_composing(k), comp); /* nothing taken that a choice would drop */
    /* the bar says so, over the candidates (looked at: normal and large text) */
    CHECK_EQ_INT(uitest_compare(&f.u, elderly ? "formui/ref/ime-letters-full-1080x1920-elderly.png"
                                              : "formui/ref/ime-letters-full-1080x1920.png"),
                 0);
    /* each choice takes its letters; the sentence goes in whole */
    OK(flow_sentence(&f, "", "我家发生了火灾房子烧了"));
    CHECK_EQ_STR(answer(&f), "我家发生了火灾房子烧了");
    /* the refused letters typed again now go in, and the message is gone */
    OK(flow_sentence(&f, "dongxiquanmeile", "东西全没了"));
    CHECK_EQ_STR(answer(&f), "我家发生了火灾房子烧了东西全没了");
    flow_close(&f);
}

static void test_letters(void) { letters(0); }
static void test_letters_large(void) { letters(1); }

/* ---- a letter that spells nothing ---- */

/* Red pixels (the theme's danger) between the field and the keys: where the
 * letters and the candidate bar are. */
static int bar_red(flow *f)
{
    ui_app_render(f->u.app, 0);
    SDL_Rect fld, key;
    if (uitest_target_rect(f->u.app, "f.what_happened", &fld) ||
        uitest_target_rect(f->u.app, "kb.k.1", &key) || key.y <= fld.y + fld.h)
        return -1;
    int w, h;
    plat_display_size(f->u.disp, &w, &h);
    return uitest_count_color(&f->u, 0, fld.y + fld.h, w, key.y - fld.y - fld.h,
                              ui_app_theme(f->u.app)->danger);
}

/* How wide the red between the field and the keys spreads (the bar's
 * message, centred on one line), or -1. */
static int bar_red_width(flow *f)
{
    ui_app_render(f->u.app, 0);
    SDL_Rect fld, key;
    if (uitest_target_rect(f->u.app, "f.what_happened", &fld) ||
        uitest_target_rect(f->u.app, "kb.k.1", &key) || key.y <= fld.y + fld.h)
        return -1;
    int w, h;
    plat_display_size(f->u.disp, &w, &h);
    SDL_Rect bar = {0, fld.y + fld.h, w, key.y - fld.y - fld.h}, red;
    return uitest_color_box(&f->u, &bar, ui_app_theme(f->u.app)->danger, &red) > 0 ? red.w : -1;
}

/* The width the bar's message (text key, the letter in it) takes, drawn as
 * the bar draws it. */
static int message_width(flow *f, const char *key, const char *letter)
{
    char msg[160];
    snprintf(msg, sizeof msg, core_str(key), letter);
    return text_width(ui_app_text(f->u.app), msg, ui_app_theme(f->u.app)->px_body, TEXT_BOLD);
}

static void unspelt(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, elderly ? "unspelt-large.db" : "unspelt.db", 1) == 0);
    open_relief(&f, elderly);
    OK(flow_tap(&f, "f.what_happened"));
    OK(flow_to_pinyin(&f)); /* large text opens on the pad */
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_get_kind(k) == KB_PINYIN);
    CHECK_EQ_INT(bar_red(&f), 0);
    /* a lone i spells nothing: refused, and the bar says so in words of
     * its own (“i”拼不出字: no letters wait to add it to; looked at: normal
     * and large text) */
    OK(flow_tap(&f, "kb.k.i"));
    CHECK_EQ_STR(kb_composing(k), "");
    CHECK(bar_red(&f) > 0);
    int red_w = bar_red_width(&f), alone_w = message_width(&f, "kb.letter_unspelt_alone", "i");
    printf("  the bar's red %d px wide, “i”拼不出字 %d px, the words after letters %d px\n", red_w,
           alone_w, message_width(&f, "kb.letter_unspelt", "i"));
    /* the ink is a little narrower than the advance (the quotes' bearings) */
    CHECK(red_w >= alone_w * 3 / 4 && red_w <= alone_w);
    CHECK_EQ_INT(uitest_compare(&f.u, elderly ? "formui/ref/ime-unspelt-alone-1080x1920-elderly.png"
                                              : "formui/ref/ime-unspelt-alone-1080x1920.png"),
                 0);
    /* shi, then i: refused, shi and its candidates stay, the bar names it
     * over them (looked at: normal and large text) */
    OK(flow_tap(&f, "kb.k.s"));
    CHECK_EQ_INT(bar_red(&f), 0); /* gone at the next key */
    OK(flow_tap(&f, "kb.k.h"));
    OK(flow_tap(&f, "kb.k.i"));
    int n = kb_cand_count(k);
    CHECK(n > 0);
    /* the refusal marks the bar alone (the key its press): the band over
     * the page's title is not drawn again */
    SDL_Rect title = {0, 0, 40, 40};
    CHECK_EQ_INT(uitest_partial(&f.u, "a refused letter", "tap @kb.k.i", &title), 0);
    CHECK_EQ_STR(kb_composing(k), "shi");
    CHECK_EQ_INT(kb_cand_count(k), n);
    CHECK(bar_red(&f) > 0);
    CHECK_EQ_INT(uitest_compare(&f.u, elderly ? "formui/ref/ime-unspelt-1080x1920-elderly.png"
                                              : "formui/ref/ime-unspelt-1080x1920.png"),
                 0);
    /* typed on a physical keyboard alike: the i refused, the letters after
     * it taken, the message gone with the next one */
    OK(flow_run(&f, "text ijian\n"));
    CHECK_EQ_STR(kb_composing(k), "shi'jian");
    CHECK_EQ_INT(bar_red(&f), 0);
    OK(flow_sentence(&f, "", "时间"));
    CHECK_EQ_STR(answer(&f), "时间");
    flow_close(&f);
}

static void test_unspelt(void) { unspelt(0); }
static void test_unspelt_large(void) { unspelt(1); }

/* ---- a line break typed last ---- */

static void test_newline_last(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "newline.db", 1) == 0);
    open_relief(&f, 0);
    OK(flow_tap(&f, "f.what_happened"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k);
    OK(flow_tap(&f, "kb.k.nl")); /* an empty box: nothing to break */
    CHECK_EQ_STR(kb_text(k), "");
    CHECK_EQ_STR(answer(&f), "");
    OK(flow_sentence(&f, "huozai", "火灾"));
    OK(flow_tap(&f, "kb.k.nl"));
    CHECK_EQ_STR(kb_text(k), "火灾\n");
    CHECK_EQ_STR(answer(&f), "火灾\n"); /* before: 火灾, the line break dropped */
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_run(&f, "wait 1000\n")); /* typing is saved within a second (form_screen.c) */
    flow_close(&f); /* the power goes */

    REQUIRE(flow_open(&f, 1080, 1920, "newline.db", 0) == 0);
    ui_form_open_draft(NULL, f.u.app, uuid, "temp_relief");
    REQUIRE(ui_form_is(flow_top(&f)));
    CHECK_EQ_STR(answer(&f), "火灾\n"); /* the draft held it */
    OK(flow_tap(&f, "f.what_happened"));
    k = ui_form_kb(flow_top(&f));
    REQUIRE(k);
    CHECK_EQ_STR(kb_text(k), "火灾\n");
    OK(flow_sentence(&f, "fangzi", "房子"));
    OK(flow_tap(&f, "kb.k.nl"));
    CHECK_EQ_STR(answer(&f), "火灾\n房子\n");
    OK(flow_tap(&f, "form.done"));
    /* to the review page: the answer's last line shows, empty */
    char err[256];
    set(&f, "event_date", "2026-10-20");
    set(&f, "medical_cost", "0");
    OK(next_page(&f, 2));
    REQUIRE(form_inst_member_add(inst(&f), "members", err, sizeof err) == FORM_OK);
    OK(form_inst_member_set(inst(&f), "members", 0, "m_name", "王秀兰", err, sizeof err));
    OK(form_inst_member_set(inst(&f), "members", 0, "m_idno", "110105197005100014", err,
                            sizeof err));
    OK(form_inst_member_set(inst(&f), "members", 0, "m_relation", "self", err, sizeof err));
    OK(next_page(&f, 3));
    set(&f, "bank_account", "6222020200112233446");
    set(&f, "bank_name", "农村信用社");
    OK(next_page(&f, 4)); /* 票据和证明: photos may wait */
    OK(next_page(&f, 5));
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    OK(next_page(&f, 6));
    REQUIRE(form_inst_at_review(inst(&f)));
    CHECK_EQ_STR(answer(&f), "火灾\n房子\n");
    OK(flow_run(&f, "drag 540 1500 540 1100\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/ime-newline-review-1080x1920.png"), 0);
    flow_close(&f);
}

/* ---- a physical keyboard and a scanner: partial frames ---- */

/* Sends each event after a full frame with a sentinel pixel in the title
 * band: 0 if the sentinel stays (a partial frame) and that frame is, pixel
 * for pixel, the screen drawn in full. */
static int typed_partial(flow *f, const char *what, const plat_event *evs, int n)
{
    ui_app *a = f->u.app;
    int w, h;
    plat_display_size(f->u.disp, &w, &h);
    size_t bytes = (size_t)w * (size_t)h * 4, si = ((size_t)40 * (size_t)w + (size_t)(w - 40)) * 4;
    uint8_t *part = malloc(bytes), *full = malloc(bytes);
    int rc = part && full ? 0 : -1;
    for (int i = 0; i < n && rc == 0; i++) {
        ui_app_render(a, 1);
        uitest_sentinel(a, &(SDL_Rect){w - 40, 40, 1, 1});
        ui_app_handle(a, &evs[i]);
        ui_app_render(a, 0);
        plat_display_read_rgba(f->u.disp, part);
        int kept = part[si] == 255 && part[si + 1] == 0 && part[si + 2] == 255;
        ui_app_render(a, 1);
        plat_display_read_rgba(f->u.disp, full);
        memcpy(part + si, full + si, 4);
        if (!kept || memcmp(part, full, bytes)) {
            printf("  %s, event %d: %s\n", what, i,
                   kept ? "the partial frame differs from the full one" : "a whole frame");
            rc = -1;
        }
    }
    free(part);
    free(full);
    return rc;
}

static plat_event text_ev(const char *s)
{
    plat_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = PLAT_EV_TEXT;
    snprintf(ev.text, sizeof ev.text, "%s", s);
    return ev;
}

static void test_physical_keys(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "physical.db", 1) == 0);
    open_relief(&f, 0);
    OK(flow_tap(&f, "f.what_happened"));
    OK(flow_sentence(&f, "huozai", "火灾"));
    /* the first letter opens the composition's line under the text: the
     * box grows, the page is drawn again (as for a tapped key); then
     * letters (the candidates change), a backspace key, more letters */
    OK(flow_keys(&f, "f"));
    plat_event bs;
    memset(&bs, 0, sizeof bs);
    bs.type = PLAT_EV_KEY;
    bs.key = PLAT_KEY_BACKSPACE;
    plat_event evs[] = {text_ev("ang"), text_ev("z"), text_ev("i"), bs, text_ev("i"),
                        text_ev("shaole")};
    OK(typed_partial(&f, "pinyin", evs, (int)(sizeof evs / sizeof evs[0])));
    OK(flow_sentence(&f, "", "房子烧了"));
    CHECK_EQ_STR(answer(&f), "火灾房子烧了");
    plat_event bs2[] = {bs};
    OK(typed_partial(&f, "backspace in the text", bs2, 1));
    CHECK_EQ_STR(answer(&f), "火灾房子烧");
    /* a finger between two keys (h and j) types the nearer one: the
     * letter shows in the box as a tapped key's does (after an s: the box
     * has its composition line already) */
    OK(flow_keys(&f, "s"));
    SDL_Rect kh, kj;
    OK(uitest_target_rect(f.u.app, "kb.k.h", &kh));
    OK(uitest_target_rect(f.u.app, "kb.k.j", &kj));
    int gx = kh.x + kh.w + (kj.x - kh.x - kh.w) / 2 - 1, gy = kh.y + kh.h / 2;
    plat_event gap[] = {{.type = PLAT_EV_DOWN, .x = gx, .y = gy},
                        {.type = PLAT_EV_UP, .x = gx, .y = gy}};
    OK(typed_partial(&f, "a tap between keys", gap, 2));
    CHECK_EQ_STR(kb_composing(ui_form_kb(flow_top(&f))), "sh");
    OK(flow_tap(&f, "kb.k.bs"));
    OK(flow_tap(&f, "kb.k.bs"));
    /* a keyboard's digits into the phone number on page 1 (a scanner types
     * the same events) */
    OK(flow_tap(&f, "form.done"));
    OK(flow_tap(&f, "form.prev"));
    set(&f, "phone", "");
    OK(flow_tap(&f, "f.phone"));
    OK(flow_keys(&f, "136")); /* the number's error shows: the page is drawn again */
    plat_event digits[] = {text_ev("0000"), bs, text_ev("0")};
    OK(typed_partial(&f, "digits", digits, (int)(sizeof digits / sizeof digits[0])));
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone"), "1360000");
    flow_close(&f);
}

/* ---- characters a desktop's input method made ---- */

/* The emulator's keyboard with its own input method (or a script's text
 * 张三) types whole characters: a Chinese keyboard takes them as a chosen
 * candidate would (letters being composed go in first, as their best
 * candidates), a character's frame equal to a full one; a number pad takes none;
 * the handwriting pad of large text takes them too. */
static void desktop_ime(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, elderly ? "desktop-large.db" : "desktop.db", 1) == 0);
    open_relief(&f, elderly);
    OK(flow_tap(&f, "f.what_happened"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k != NULL);
    CHECK_EQ_INT(kb_get_kind(k), elderly ? KB_HAND : KB_PINYIN);
    OK(flow_run(&f, "text 房\n")); /* the box's first words: the page is drawn again */
    CHECK_EQ_STR(answer(&f), "房");
    plat_event han[] = {text_ev("子")};
    OK(typed_partial(&f, "characters typed", han, 1));
    CHECK_EQ_STR(answer(&f), "房子");
    if (!elderly) { /* letters waiting, then a character: the letters' best candidate first */
        OK(flow_keys(&f, "shao"));
        CHECK(kb_composing(k)[0] != '\0');
        OK(flow_run(&f, "text 了\n")); /* the letters' line goes: the page is drawn again */
        CHECK_EQ_STR(kb_composing(k), "");
        const char *v = answer(&f);
        size_t n = strlen(v);
        CHECK(utf8_count(v) >= 4 && !strncmp(v, "房子", strlen("房子")) && n >= 3 &&
              !strcmp(v + n - 3, "了"));
        if (utf8_count(v) < 4)
            printf("  answer '%s'\n", v);
    }
    /* the number pad of 联系电话 has no key for them */
    OK(flow_tap(&f, "form.done"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "f.phone"));
    OK(flow_run(&f, "text 一三八\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone"), "13600000000");
    flow_close(&f);
}

static void test_desktop_ime(void) { desktop_ime(0); }
static void test_desktop_ime_large(void) { desktop_ime(1); }

/* ---- the candidate bar: what a letter changes of it ---- */

static void test_bar_changes(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "bar.db", 1) == 0);
    open_relief(&f, 0);
    OK(flow_tap(&f, "f.what_happened"));
    /* a, then aa: the page key 更多 comes (the bar drawn whole) */
    OK(flow_tap(&f, "kb.k.a"));
    OK(flow_tap(&f, "kb.k.a"));
    /* each further a changes the candidates and the letters; 更多 stays as
     * it was: a patch on it survives, the frame equals a full one */
    for (int i = 0; i < 4; i++) {
        SDL_Rect next;
        REQUIRE(uitest_target_rect(f.u.app, "kb.next", &next) == 0);
        CHECK_EQ_INT(uitest_partial(&f.u, "a letter, 更多 kept", "tap @kb.k.a", &next), 0);
        CHECK_EQ_INT(uitest_target_rect(f.u.app, "kb.next", &next), 0);
    }
    /* backspaces alike, back to where 更多 goes (the bar drawn whole) */
    for (int i = 0; i < 5; i++) {
        SDL_Rect title = {0, 0, 40, 40};
        CHECK_EQ_INT(uitest_partial(&f.u, "a backspace", "tap @kb.k.bs", &title), 0);
    }
    CHECK_EQ_STR(kb_composing(ui_form_kb(flow_top(&f))), "a");
    flow_close(&f);
}

/* 低保's 姓名, one line: the letters composed follow the text; the box's
 * far end, where neither reaches, is not drawn again (normal and large
 * text, where the letters show in the field alone). */
static void field_changes(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, elderly ? "field-large.db" : "field.db", 1) == 0);
    if (elderly)
        REQUIRE(flow_run(&f, "elderly on\n") == 0);
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    OK(flow_tap(&f, "f.name"));
    OK(flow_to_pinyin(&f)); /* large text opens on the pad */
    OK(flow_sentence(&f, "wang", "王"));
    OK(flow_tap(&f, "kb.k.x"));
    const char *keys[] = {"kb.k.i", "kb.k.u", "kb.k.bs", "kb.k.u", "kb.k.l"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        SDL_Rect box;
        REQUIRE(uitest_target_rect(f.u.app, "f.name", &box) == 0);
        SDL_Rect far = {box.x + box.w - 60, box.y + box.h / 2 - 8, 16, 16};
        char line[64];
        snprintf(line, sizeof line, "tap @%s", keys[i]);
        CHECK_EQ_INT(uitest_partial(&f.u, "a letter in a one-line field", line, &far), 0);
    }
    CHECK_EQ_STR(kb_composing(ui_form_kb(flow_top(&f))), "xiu'l");
    /* a letter more, or one less, keeps those before it: the first letter
     * composed (after 王 and the gap) is not drawn again */
    const ui_theme *t = ui_app_theme(f.u.app);
    const char *more[] = {"kb.k.a", "kb.k.n", "kb.k.bs"};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        SDL_Rect box;
        REQUIRE(uitest_target_rect(f.u.app, "f.name", &box) == 0);
        int lx = box.x + t->unit + text_width(ui_app_text(f.u.app), "王", t->px_title, TEXT_BOLD) +
                 t->unit / 3;
        SDL_Rect first = {lx + 2, box.y + box.h / 2 - 8, 10, 16};
        char line[64];
        snprintf(line, sizeof line, "tap @%s", more[i]);
        CHECK_EQ_INT(uitest_partial(&f.u, "the letters kept before a change", line, &first), 0);
    }
    CHECK_EQ_STR(kb_composing(ui_form_kb(flow_top(&f))), "xiu'la");
    flow_close(&f);
}

/* Every target's id and rectangle, one a line, into out. */
typedef struct {
    char *out;
    size_t n, len;
} target_list;

static void add_target_line(void *ud, const char *id, const SDL_Rect *r)
{
    target_list *l = ud;
    int w = snprintf(l->out + l->len, l->n - l->len, "%s %d,%d %dx%d\n", id, r->x, r->y, r->w, r->h);
    if (w > 0 && (size_t)w < l->n - l->len)
        l->len += (size_t)w;
}

static void targets_of(ui_app *a, char *out, size_t n)
{
    target_list l = {out, n, 0};
    out[0] = '\0';
    ui_app_each_target(a, add_target_line, &l);
}

/* A key's press draws the key alone (one pass, off the fields), its
 * release the key, the bar and the field (three): after each frame the
 * targets (the fields', the keys') are those a full frame registers. */
static void test_key_targets(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "targets.db", 1) == 0);
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    OK(flow_tap(&f, "f.name"));
    OK(flow_to_pinyin(&f));
    OK(flow_tap(&f, "kb.k.x"));
    ui_app *a = f.u.app;
    static char part[16384], full[16384];
    SDL_Rect k;
    REQUIRE(uitest_target_rect(a, "kb.k.i", &k) == 0);
    ui_app_render(a, 1);
    for (int up = 0; up <= 1; up++) {
        uitest_send(a, up ? PLAT_EV_UP : PLAT_EV_DOWN, k.x + k.w / 2, k.y + k.h / 2);
        ui_app_render(a, 0);
        targets_of(a, part, sizeof part);
        ui_app_render(a, 1);
        targets_of(a, full, sizeof full);
        CHECK(strstr(part, "f.name ") != NULL);
        CHECK(strstr(part, "kb.k.q ") != NULL);
        CHECK_EQ_STR(part, full);
    }
    CHECK_EQ_STR(kb_composing(ui_form_kb(flow_top(&f))), "xi");
    flow_close(&f);
}

static void test_field_changes(void) { field_changes(0); }
static void test_field_changes_large(void) { field_changes(1); }

/* On a screen wider than tall the keyboard is a column beside the page.
 * 手写 puts its keys beside a square pad, a narrower column than 拼音's rows
 * of keys, so the page beside it is wider: a switch draws the whole screen,
 * and the frame equals the screen drawn in full; under 手写 the name's box is
 * wider, the pad square, its keys right of it and within its height, each
 * at least 15 mm (18 in large text) each way. On the 1280x800 tablet,
 * where 拼音's column would leave the page less than a third of the
 * screen, 拼音 goes under the page instead (kb_set_below; in large text
 * with the label beside the box): its keys under the name's box, at least
 * 18 mm wide and 13 mm high, within the screen, and the box wider by half
 * at least than beside 手写 (beside 拼音 it was less than half as wide as
 * there; in large text 216 pixels against 508).
 * Normal and large text, 1920x1080 and 1280x800. */
static void mode_beside(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, elderly ? "beside-large.db" : "beside.db", 1) == 0);
    if (elderly)
        REQUIRE(flow_run(&f, "elderly on\n") == 0);
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    OK(flow_tap(&f, "f.name"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k != NULL);
    kb_kind first = kb_get_kind(k);
    char what[96];
    snprintf(what, sizeof what, "%dx%d%s: 拼音/手写 beside the page", w, h,
             elderly ? " large text" : "");
    SDL_Rect none = {0, 0, 0, 0}; /* the whole screen may change: compared whole */
    int box[2] = {0, 0};          /* the name box's width under 拼音, 手写 */
    for (int i = 0; i < 3; i++) {
        SDL_Rect r, pad, mode;
        REQUIRE(uitest_target_rect(f.u.app, "f.name", &r) == 0);
        int hand = kb_get_kind(ui_form_kb(flow_top(&f))) == KB_HAND;
        box[hand] = r.w;
        if (hand) {
            REQUIRE(uitest_target_rect(f.u.app, "kb.canvas", &pad) == 0);
            REQUIRE(uitest_target_rect(f.u.app, "kb.k.mode", &mode) == 0);
            CHECK_EQ_INT(pad.w, pad.h);
            CHECK(mode.x > pad.x + pad.w);
            CHECK(mode.y >= pad.y && mode.y + mode.h <= pad.y + pad.h);
            CHECK(pad.x > r.x + r.w);
            /* the keys at least 15 mm (18 in large text) each way */
            static const char *KEYS[6] = {"mode", "mid", "undo", "rewrite", "bs", "clear"};
            const ui_theme *t = ui_app_theme(f.u.app);
            int least = ui_theme_mm(t, elderly ? 18.0 : 15.0);
            for (int j = 0; j < 6; j++) {
                char id[32];
                SDL_Rect kr;
                snprintf(id, sizeof id, "kb.k.%s", KEYS[j]);
                REQUIRE(uitest_target_rect(f.u.app, id, &kr) == 0);
                if (kr.w < least || kr.h < least)
                    printf("  %s: %s is %dx%d, under %d px\n", what, id, kr.w, kr.h, least);
                CHECK(kr.w >= least && kr.h >= least);
                CHECK(kr.x + kr.w <= w);
            }
        }
        int under = h < 1000;
        if (!hand && under) { /* every letter key under the box, 18 mm by 13 at least */
            const ui_theme *t = ui_app_theme(f.u.app);
            int lw = ui_theme_mm(t, 18.0), lh = ui_theme_mm(t, 13.0);
            for (const char *c = "qwertyuiopasdfghjklzxcvbnm"; *c; c++) {
                char id[16];
                SDL_Rect kr;
                snprintf(id, sizeof id, "kb.k.%c", *c);
                REQUIRE(uitest_target_rect(f.u.app, id, &kr) == 0);
                CHECK(kr.y >= r.y + r.h);
                CHECK(kr.w >= lw && kr.h >= lh);
                CHECK(kr.x >= 0 && kr.x + kr.w <= w && kr.y + kr.h <= h);
            }
        }
        if (i < 2)
            CHECK_EQ_INT(uitest_partial(&f.u, what, "tap @kb.k.mode", &none), 0);
    }
    CHECK_EQ_INT(kb_get_kind(ui_form_kb(flow_top(&f))), first);
    printf("  %s: the name's box %d px wide under 拼音, %d under 手写\n", what, box[0], box[1]);
    if (h < 1000)
        CHECK(2 * box[0] >= 3 * box[1]);
    else
        CHECK(box[1] > box[0]);
    flow_close(&f);
}

static void test_mode_beside(void)
{
    mode_beside(1920, 1080, 0);
    mode_beside(1920, 1080, 1);
    mode_beside(1280, 800, 0);
    mode_beside(1280, 800, 1);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_letters);
    RUN(test_letters_large);
    RUN(test_unspelt);
    RUN(test_unspelt_large);
    RUN(test_newline_last);
    RUN(test_physical_keys);
    RUN(test_desktop_ime);
    RUN(test_desktop_ime_large);
    RUN(test_bar_changes);
    RUN(test_field_changes);
    RUN(test_field_changes_large);
    RUN(test_key_targets);
    RUN(test_mode_beside);
    kb_ime_uninstall();
    return check_summary();
}
