/* test_held_speech.c — 读给我听 reads, with a question whose keyboard was
 * closed on pinyin letters or handwriting not chosen yet, the words shown
 * under its box (“zhang”还没选成字，点上面的框接着选; 写的字还没选，点上面
 * 的框接着选), through the real screens (老年人优待证), the real pinyin
 * engine, the real handwriting recogniser and the real speech engine (what
 * the page's voice button hands it, heard.h). They were shown and not read:
 * a villager who listens rather than reads heard nothing of letters
 * waiting. Read in the question's place: after its label, before its help.
 * Chosen, they are no longer read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "flow.h"
#include "heard.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/kb/kb.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

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

/* a, then b, then c (c "": none) read in that order. */
static int in_order(const char *said, const char *a, const char *b, const char *c)
{
    const char *pa = strstr(said, a), *pb = pa ? strstr(pa, b) : NULL,
               *pc = pb && *c ? strstr(pb, c) : pb;
    if (!pa || !pb || !pc) {
        printf("  not read in order: %s / %s / %s\n  read: %s\n", a, b, c, said);
        return 0;
    }
    return 1;
}

static void test_letters(void)
{
    flow f;
    char words[256];
    REQUIRE(flow_open(&f, 1080, 1920, "held-speech.db", 1) == 0);
    flow_open_certs(&f, 0);
    const form_field *name = form_def_field(form_inst_def(inst(&f)), "name");
    REQUIRE(name != NULL);
    OK(flow_tap(&f, "f.name"));
    OK(tap_letters(&f, "zhang"));
    /* 填下一项: on to 公民身份号码, the letters kept with 姓名 */
    OK(flow_tap(&f, "form.done"));
    REQUIRE(ui_form_kb(flow_top(&f)) != NULL);
    snprintf(words, sizeof words, core_str("form.held_letters"), "zhang");
    const char *said = heard_tap(&f, "form.voice");
    CHECK(in_order(said, form_field_label(name), words, form_field_help(name)));
    /* 收起键盘, and read again */
    OK(flow_tap(&f, "form.done"));
    said = heard_tap(&f, "form.voice");
    CHECK(in_order(said, form_field_label(name), words, form_field_help(name)));
    /* chosen: no longer waiting, no longer read */
    OK(flow_tap(&f, "f.name"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k != NULL && kb_cand_count(k) > 0);
    OK(flow_cand_tap(&f, "kb.c.0"));
    OK(flow_tap(&f, "form.done"));
    said = heard_tap(&f, "form.voice");
    CHECK(*said && strstr(said, "还没选成字") == NULL);
    flow_close(&f);
}

static void test_strokes(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "held-speech-hand.db", 1) == 0);
    flow_open_certs(&f, 1);
    flow_hand_char wang;
    REQUIRE(flow_hand_load("王", &wang) == 0);
    OK(flow_tap(&f, "f.name"));
    REQUIRE(ui_form_kb(flow_top(&f)) && kb_get_kind(ui_form_kb(flow_top(&f))) == KB_HAND);
    OK(flow_hand_write(&f, &wang));
    OK(flow_tap(&f, "form.done"));
    const form_field *name = form_def_field(form_inst_def(inst(&f)), "name");
    const char *said = heard_tap(&f, "form.voice");
    CHECK(in_order(said, form_field_label(name), core_str("form.held_strokes"),
                   form_field_help(name)));
    flow_close(&f);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    heard_on();
    RUN(test_letters);
    RUN(test_strokes);
    heard_free();
    kb_ime_uninstall();
    return check_summary();
}
