/* test_measure.c — the form body's measure (every field's place and the
 * content's height) is kept between partial frames and used again only while
 * nothing it reads has changed (form_body_draw.c): it is never stale.
 *
 * On 最低生活保障申请's first page with the pinyin keyboard open on 户籍地址
 * (the page scrolled under it), each input of the measure is changed in turn
 * the way a writer behind the screen's back would change it (the answers in
 * the form instance, the keyboard's text and letters, the interface words,
 * and on the next page a group's members),
 * and all of the screen but its top rows is marked: the frame the loop then
 * draws is partial (a sentinel pixel in those rows stays) and uses the kept
 * measure unless its key saw the change; the same screen drawn in full, which
 * measures afresh, must equal it pixel for pixel. Every change moves what the
 * body shows (a taller or shorter field above the keyboard's question, so the
 * page scrolls elsewhere), so an input left out of the key fails here.
 *
 * The other inputs (the theme and large text, the width, the message, the
 * focus and the keyboard opening or closing) change only with a frame that
 * draws the whole screen, and a whole frame measures afresh; the journeys and
 * formui_redraw cover them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "flow.h"
#include "plat_display.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/kb/kb.h"

#define OK(x) CHECK_EQ_INT((x), 0)

typedef struct {
    flow f;
    int w, h;
    uint8_t *part, *full;
    int steps, partial, mismatches;
} rig;

static form_inst *inst(rig *g) { return ui_form_inst(flow_form(&g->f)); }

static void read_canvas(rig *g, uint8_t *out)
{
    CHECK_EQ_INT(plat_display_read_rgba(g->f.u.disp, out), 0);
}

/* Marks the body from the top of its view down (the view and the keyboard
 * under it, three quarters of the screen: the most a partial frame draws),
 * draws it as the loop would (a partial frame: the measure kept unless its
 * key saw the change), then the full frame (measured afresh); they must be
 * equal, and the sentinel pixel above the marked area shows the first was
 * partial. */
static void compare(rig *g, const char *what)
{
    ui_app *a = g->f.u.app;
    SDL_Rect view;
    REQUIRE(ui_form_view(flow_top(&g->f), &view) == 0);
    SDL_Rect below = {0, view.y, g->w, g->h * 3 / 4};
    size_t si = (3 * (size_t)g->w + 3) * 4; /* the sentinel at (3, 3), in the header */
    uitest_sentinel(a, &(SDL_Rect){3, 3, 1, 1});
    ui_app_invalidate_rect(a, &below);
    ui_app_render(a, 0);
    read_canvas(g, g->part);
    int kept = g->part[si] == 255 && g->part[si + 1] == 0 && g->part[si + 2] == 255;
    ui_app_render(a, 1);
    read_canvas(g, g->full);
    if (kept) { /* the sentinel is not part of the screen */
        g->partial++;
        memcpy(g->part + si, g->full + si, 4);
    } else {
        printf("  after %s the frame was not partial\n", what);
    }
    g->steps++;
    size_t n = (size_t)g->w * (size_t)g->h * 4;
    if (memcmp(g->part, g->full, n)) {
        int y0 = g->h, y1 = -1;
        for (size_t p = 0; p < n / 4; p++)
            if (memcmp(g->part + p * 4, g->full + p * 4, 4)) {
                int y = (int)(p / (size_t)g->w);
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
        printf("  after %s the partial frame differs in rows %d..%d\n", what, y0, y1);
        g->mismatches++;
    }
}

static void set(rig *g, const char *key, const char *v)
{
    char err[256];
    form_inst_set(inst(g), key, v, err, sizeof err); /* a wrong answer is kept, with its error */
}

/* The strings file with one word replaced, written to the test's folder. */
static int words_with(const char *key, const char *text, char *path, size_t n)
{
    FILE *in = fopen(check_asset("text/zh-CN.txt"), "r");
    snprintf(path, n, "%s/words.txt", check_tmpdir(NULL));
    FILE *out = fopen(path, "w");
    if (!in || !out) {
        if (in)
            fclose(in);
        if (out)
            fclose(out);
        return -1;
    }
    char line[4096];
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, in)) {
        if (!strncmp(line, key, kl) && (line[kl] == ' ' || line[kl] == '='))
            fprintf(out, "%s = %s\n", key, text);
        else
            fputs(line, out);
    }
    fclose(in);
    return fclose(out) == 0 ? 0 : -1;
}

static void test_measure_kept(void)
{
    rig g = {.w = 1080, .h = 1920};
    REQUIRE(flow_open(&g.f, g.w, g.h, "measure.db", 1) == 0);
    g.part = malloc((size_t)g.w * g.h * 4);
    g.full = malloc((size_t)g.w * g.h * 4);
    REQUIRE(g.part && g.full);
    OK(flow_run(&g.f, "tap @tile.dibao\n"));
    OK(flow_manual(&g.f));
    REQUIRE(ui_form_is(flow_top(&g.f)));
    OK(flow_tap(&g.f, "f.hukou_address"));
    kb *k = ui_form_kb(flow_top(&g.f));
    REQUIRE(k != NULL);
    ui_app *a = g.f.u.app;
    ui_app_render(a, 1);
    compare(&g, "nothing");

    /* answers: a wrong one shows its error under the question, a right one not */
    set(&g, "phone", "123");
    compare(&g, "a wrong phone number (its error shown)");
    /* still wrong, with the same error, but long: its box wraps (the answer alone changed) */
    set(&g, "phone", "1234567890123456789012345678901234567890123456789012345678901234567890");
    CHECK(form_inst_error(inst(&g), "phone") != NULL);
    compare(&g, "a long wrong phone number");
    set(&g, "phone", "13812345678");
    compare(&g, "the phone number put right");
    /* a long answer wraps in its box */
    set(&g, "name", "欧阳张三李四王五赵六孙七周八吴九郑十欧阳张三李四王五赵六孙七周八吴九郑十");
    compare(&g, "a long name");
    set(&g, "name", "张三");
    compare(&g, "a short name");
    /* a computed answer: the age from the ID number */
    set(&g, "idno", "110105197005100014");
    compare(&g, "an ID number (the age computed)");

    /* the keyboard's text and its letters being composed (the focused box) */
    kb_set_text(k, "东风村三组东风村三组东风村三组东风村三组东风村三组东风村三组东风村三组"
                   "东风村三组东风村三组东风村三组");
    compare(&g, "a long text in the keyboard");
    kb_set_text(k, "东风村");
    compare(&g, "a short text in the keyboard");
    /* (each key marks the keyboard's bar: drawn first, as the loop would) */
    for (const char *p = "dongfengcunsanzudongfengcunsanzu"; *p; p++) {
        char id[16];
        snprintf(id, sizeof id, "kb.k.%c", *p);
        kb_activate(k, a, id);
    }
    ui_app_render(a, 0);
    compare(&g, "letters being composed");
    for (int i = 0; i < 32; i++)
        kb_activate(k, a, "kb.k.bs");
    ui_app_render(a, 0);
    compare(&g, "the letters taken back");

    /* the interface words the layout measures: a longer tag on the age */
    char path[1024], err[256];
    OK(words_with("form.computed_tag",
                  "（自动填写，不用填）（自动填写，不用填）（自动填写，不用填）（自动填写，不用填）",
                  path, sizeof path));
    OK(core_strings_load(path, err, sizeof err));
    compare(&g, "longer words");
    OK(core_strings_load(check_asset("text/zh-CN.txt"), err, sizeof err));
    compare(&g, "the words back");

    /* a group's members (家庭成员 on the next page): added and named behind
     * the screen's back, each a card on the page */
    OK(flow_type(&g.f, "hukou_address", ""));
    set(&g, "hukou_address", "东风村三组");
    OK(flow_tap(&g.f, "form.next"));
    REQUIRE(form_inst_page(inst(&g)) == 1);
    ui_app_render(a, 1);
    for (int m = 0; m < 3; m++) {
        char e[256];
        CHECK(form_inst_member_add(inst(&g), "members", e, sizeof e) >= 0);
        compare(&g, "a member added");
    }
    form_inst_member_set(inst(&g), "members", 0, "m_name", "欧阳张三", err, sizeof err);
    compare(&g, "a member named");
    for (int m = 2; m >= 0; m--) {
        form_inst_member_remove(inst(&g), "members", m);
        compare(&g, "a member removed");
    }

    CHECK_EQ_INT(g.mismatches, 0);
    CHECK_EQ_INT(g.partial, g.steps); /* every frame compared was partial */
    printf("  %d steps, %d partial, %d mismatches\n", g.steps, g.partial, g.mismatches);
    free(g.part);
    free(g.full);
    flow_close(&g.f);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_measure_kept);
    kb_ime_uninstall();
    return check_summary();
}
