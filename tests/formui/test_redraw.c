/* test_redraw.c — partial redraw never shows stale pixels.
 *
 * On the real screens (home in normal and large text, a menu, the pension
 * enrolment's pages with the keyboard open, the review page, the confirm
 * dialog, the receipt), every touch target is pressed, dragged off and let go
 * the way a finger does it, and the loop draws only what it marked. After each
 * step the canvas must equal, pixel for pixel, the same screen drawn in full
 * from scratch.
 *
 * The clock's minute on the home screen is checked the same way, and so is
 * typing: keys tapped for real on the digits pad and the pinyin keyboard
 * (a keystroke marks the field, the key and the candidates alone), a
 * physical keyboard's or a scanner's text and backspace (the same), and the
 * confirm dialog drawn over the screen (a layer: the screen under it drawn
 * again where it changed).
 *
 * The other screens are driven by a list (SCENES): 办件查询 (the ways, its card
 * page, the registration number typed on the pad, the result), a form's card
 * page with 模拟刷证 and its quit dialog opened and closed, the idle prompt
 * counting down, the proxy agent's sign-in, home and list of filings, the
 * technician's PIN, menu and every page of it (a setting edited), and the
 * widget gallery (list, date, dialog, the pinyin keyboard and handwriting).
 * Each is reached through the real screens, a few of its targets are pressed,
 * then its changes (taps, typing, a dialog, the clock's minute) are made one
 * script line at a time, each line drawn as the loop draws it, and the canvas
 * compared with a full frame after every line.
 *
 * That the redraw really was partial is checked with a sentinel: a pixel
 * painted straight onto the canvas, outside the pressed target, survives a
 * partial frame and is gone after a full one.
 *
 * Keystrokes (the lines marked ! in SCENES: keys tapped, text typed and a
 * backspace on the technician's PIN and a setting's editor, the agent's
 * sign-in with a refused number's message going, the gallery's pinyin page
 * with its 生僻字, · and 清空 keys, a household member's ID number and name on
 * the group-member screen, and 换行 in a multiline answer) and a finger
 * drawing on (the gallery's handwriting canvas: its moves, the finger's lift
 * and the pad's keys; the signature pad: its moves) must draw no whole frame
 * at all: a magenta patch in the top band survives every frame of each
 * (uitest_partial), and the canvas equals a full frame.
 *
 * So must a choice in a list that changes the list alone (a form page's
 * question, a group member's, the technician's screen size), a patch on
 * another question surviving; a choice that shows or hides questions, takes
 * a message away or opens a dialog draws the whole screen (a sentinel in
 * the top band is gone), and the canvas equals a full frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agentdata.h"
#include "auth/auth.h"
#include "check.h"
#include "core/strings.h"
#include "flow.h"
#include "plat_clock.h"
#include "ui/core/text.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/screens/tech/tech.h"
#include "ui/screens/tech/tech_link.h"

#define OK(x) CHECK_EQ_INT((x), 0)

typedef struct {
    flow *f;
    int w, h;
    uint8_t *part, *full;
    int steps, partial, mismatches;
    int typed; /* keystrokes checked to be partial (uitest_partial) */
    const char *scene;
} rig;

static void read_canvas(rig *g, uint8_t *out) { CHECK_EQ_INT(plat_display_read_rgba(g->f->u.disp, out), 0); }

/* A pixel of the canvas outside r (and away from the edges), for the sentinel. */
static void sentinel_spot(const rig *g, const SDL_Rect *r, int *x, int *y)
{
    *x = 3;
    *y = 3;
    if (r->x <= 3 && r->y <= 3) {
        *x = g->w - 4;
        *y = g->h - 4;
    }
}

/* After the step: the partial frame (without the sentinel) equals the full one. */
static void compare(rig *g, const char *what, const char *id, const SDL_Rect *tr, int sx, int sy)
{
    ui_app *a = g->f->u.app;
    ui_app_render(a, 0); /* only what the step marked */
    read_canvas(g, g->part);
    size_t si = ((size_t)sy * (size_t)g->w + (size_t)sx) * 4;
    int kept = g->part[si] == 255 && g->part[si + 1] == 0 && g->part[si + 2] == 255;
    ui_app_render(a, 1); /* everything, from scratch */
    read_canvas(g, g->full);
    if (kept) { /* the sentinel is not part of the screen */
        g->partial++;
        memcpy(g->part + si, g->full + si, 4);
    }
    g->steps++;
    size_t n = (size_t)g->w * (size_t)g->h * 4;
    if (memcmp(g->part, g->full, n)) {
        size_t i = 0;
        while (i < n && g->part[i] == g->full[i])
            i++;
        int x0 = g->w, y0 = g->h, x1 = -1, y1 = -1;
        for (size_t p = i / 4; p < n / 4; p++)
            if (memcmp(g->part + p * 4, g->full + p * 4, 4)) {
                int x = (int)(p % (size_t)g->w), y = (int)(p / (size_t)g->w);
                x0 = x < x0 ? x : x0;
                y0 = y < y0 ? y : y0;
                x1 = x > x1 ? x : x1;
                y1 = y > y1 ? y : y1;
            }
        printf("  %s: after %s on %s (target %d,%d %dx%d) the partial frame differs in "
               "%d,%d..%d,%d\n",
               g->scene, what, id, tr->x, tr->y, tr->w, tr->h, x0, y0, x1, y1);
        g->mismatches++;
    }
}

static void paint_sentinel(rig *g, int x, int y)
{
    SDL_Rect px = {x, y, 1, 1};
    uitest_sentinel(g->f->u.app, &px);
}

/* Every target of the screen showing now: press, drag off, let go. */
static void press_all(rig *g, const char *scene)
{
    ui_app *a = g->f->u.app;
    g->scene = scene;
    ui_app_render(a, 1);
    flow_targets ts;
    flow_targets_of(a, &ts);
    CHECK(ts.n > 0);
    int partial0 = g->partial;
    const char *top = flow_top_name(g->f);
    for (int i = 0; i < ts.n; i++) {
        const SDL_Rect *r = &ts.t[i].r;
        int cx = r->x + r->w / 2, cy = r->y + r->h / 2, sx, sy;
        sentinel_spot(g, r, &sx, &sy);
        paint_sentinel(g, sx, sy);
        uitest_send(a, PLAT_EV_DOWN, cx, cy);
        compare(g, "finger down", ts.t[i].id, r, sx, sy);
        /* a drag far enough to stop being a tap, within the screen */
        int dx = cx + 120 < g->w ? 120 : -120;
        paint_sentinel(g, sx, sy);
        uitest_send(a, PLAT_EV_MOVE, cx + dx, cy);
        compare(g, "drag off", ts.t[i].id, r, sx, sy);
        paint_sentinel(g, sx, sy);
        uitest_send(a, PLAT_EV_UP, cx + dx, cy);
        compare(g, "finger up", ts.t[i].id, r, sx, sy);
        if (strcmp(flow_top_name(g->f), top)) { /* a drag that scrolled into a tap elsewhere */
            printf("  %s: left the screen after %s\n", scene, ts.t[i].id);
            break;
        }
    }
    printf("  %s: %d targets, %d of %d steps partial so far\n", scene, ts.n, g->partial, g->steps);
    CHECK(g->partial > partial0); /* presses on this screen were drawn partially */
}

/* The last step taps for real: the next screen is drawn partially after its
 * own first full frame, and a finger-down/up pair on a target is compared. */
static void tap_compare(rig *g, const char *id)
{
    ui_app *a = g->f->u.app;
    flow_targets ts;
    ui_app_render(a, 1);
    flow_targets_of(a, &ts);
    for (int i = 0; i < ts.n; i++)
        if (!strcmp(ts.t[i].id, id)) {
            const SDL_Rect *r = &ts.t[i].r;
            int sx, sy;
            sentinel_spot(g, r, &sx, &sy);
            paint_sentinel(g, sx, sy);
            uitest_send(a, PLAT_EV_DOWN, r->x + r->w / 2, r->y + r->h / 2);
            compare(g, "finger down", id, r, sx, sy);
            paint_sentinel(g, sx, sy);
            uitest_send(a, PLAT_EV_UP, r->x + r->w / 2, r->y + r->h / 2);
            compare(g, "tap", id, r, sx, sy);
            return;
        }
}

/* Keys tapped for real, one after another: after each finger down and up the
 * partial frame equals the full one. */
static void type_compare(rig *g, const char *scene, const char *const *keys)
{
    g->scene = scene;
    int partial0 = g->partial;
    for (; *keys; keys++)
        tap_compare(g, *keys);
    CHECK(g->partial > partial0);
}

/* The minute changes on the home screen: the clock's band alone is drawn. */
static void minute_passes(rig *g)
{
    ui_app *a = g->f->u.app;
    ui_app_render(a, 1);
    SDL_Rect none = {0, 0, 0, 0};
    int sx = g->w / 2, sy = g->h / 2; /* the middle of the tiles: far from the clock */
    paint_sentinel(g, sx, sy);
    int before = g->partial;
    for (int i = 0; i < 61 * 20; i++) { /* a minute and a second, as the loop would tick */
        plat_clock_advance(50);
        ui_app_tick(a);
    }
    compare(g, "a minute", "the clock", &none, sx, sy);
    CHECK_EQ_INT(g->partial, before + 1);
}

static void lines_compare(rig *g, const char *scene, const char *script);

/* The review page's list flung upwards: the finger's moves, its release and
 * the glide's frames after it draw the list alone. */
static void review_fling(rig *g)
{
    SDL_Rect r;
    OK(uitest_target_rect(g->f->u.app, "form.review.1", &r));
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    char fling[256];
    snprintf(fling, sizeof fling,
             "!down %d %d\n!wait 16\n!move %d %d\n!wait 16\n!move %d %d\n!up %d %d\n!wait 400\n", x,
             y, x, y - 80, x, y - 180, x, y - 180);
    lines_compare(g, "the review flung", fling);
    SDL_Rect after; /* it moved: the row went up, or out of sight */
    CHECK(uitest_target_rect(g->f->u.app, "form.review.1", &after) != 0 || after.y < r.y - 180);
}

static void run_scenes(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, elderly ? "redraw-large.db" : "redraw.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    rig g = {.f = &f, .w = 1080, .h = 1920};
    g.part = malloc((size_t)g.w * g.h * 4);
    g.full = malloc((size_t)g.w * g.h * 4);
    REQUIRE(g.part && g.full);

    press_all(&g, elderly ? "home (large text)" : "home");
    minute_passes(&g);
    tap_compare(&g, "tile.pension");
    CHECK_EQ_STR(flow_top_name(&f), "menu");
    press_all(&g, "menu");
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_tap(&f, "f.name"));
    static const char *const pinyin[] = {"kb.k.z", "kb.k.h", "kb.k.a", "kb.k.n", "kb.k.g",
                                         "kb.c.0", "kb.k.s", "kb.k.bs", "kb.k.s", "kb.k.a",
                                         "kb.k.n", "kb.next", "kb.prev", "kb.c.0", NULL};
    type_compare(&g, "typing a name in pinyin", pinyin);
    /* a physical keyboard's letters and backspace, drawn as it marks them
     * (large text has the handwriting pad open: letters do nothing there) */
    lines_compare(&g, "typing a name on a physical keyboard",
                  elderly ? "text li\nkey backspace\n"
                          : "text li\ntext si\nkey backspace\ntap @kb.c.0\nkey backspace\n");
    OK(flow_type(&f, "name", "")); /* as before: the name by the pinyin engine */
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_tap(&f, "f.idno"));
    static const char *const digits[] = {"kb.k.1", "kb.k.1", "kb.k.0", "kb.k.bs", "kb.k.0",
                                         "kb.k.1", "kb.k.0", "kb.k.5", "kb.k.1", "kb.k.9",
                                         "kb.k.7", "kb.k.0", "kb.k.0", "kb.k.5", "kb.k.1",
                                         "kb.k.0", "kb.k.0", "kb.k.0", "kb.k.1", "kb.k.4", NULL};
    type_compare(&g, "typing an ID number", digits); /* its last digit makes it whole */
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "idno"), "110105197005100014");
    press_all(&g, "form page 1, keyboard open");
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(flow_choose(&f, "same_address", "yes"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_tap(&f, "form.next"));
    press_all(&g, "form page 3, a long choice list");
    OK(flow_choose(&f, "tier", "50000"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "sscard_no", "123456789"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    /* a third stroke: the finger down and up change the page (no keyboard,
     * the answer), the moves between draw the pad alone */
    SDL_Rect sp;
    OK(ui_form_rect(flow_top(&f), "signature", &sp));
    char stroke[256];
    snprintf(stroke, sizeof stroke, "down %d %d\n!move %d %d\n!move %d %d\n!move %d %d\nup %d %d\n",
             sp.x + sp.w / 4, sp.y + sp.h / 4, sp.x + sp.w / 3, sp.y + sp.h / 2, sp.x + sp.w / 2,
             sp.y + sp.h / 3, sp.x + sp.w - 2, sp.y + sp.h - 2, sp.x + sp.w - 2, sp.y + sp.h - 2);
    lines_compare(&g, "signing", stroke);
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(&f))));
    press_all(&g, "review");
    review_fling(&g);
    tap_compare(&g, "form.next");
    press_all(&g, "confirm dialog");
    tap_compare(&g, "form.dlg.ok");
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    press_all(&g, "receipt");
    CHECK_EQ_INT(g.mismatches, 0);
    printf("  %s: %d steps, %d partial, %d mismatches\n", elderly ? "large text" : "normal",
           g.steps, g.partial, g.mismatches);
    free(g.part);
    free(g.full);
    flow_close(&f);
}

/* ---- the other screens, driven by a list ---- */

/* Where a keystroke's line puts its magenta patch (uitest_partial):
 * the top band's right corner, where no keystroke of these screens draws. */
static void patch_at(const rig *g, SDL_Rect *p) { *p = (SDL_Rect){g->w - 40, 4, 24, 24}; }

/* Runs script one line at a time, each drawn as the loop draws it (only what
 * it marked: the script renders partially after every event); after each
 * line the canvas must equal a full frame from scratch. A line that starts
 * with ! is a keystroke (a key tapped, text typed): it must draw no whole
 * frame either (uitest_partial). */
static void lines_compare_at(rig *g, const char *scene, const char *script, const SDL_Rect *at);

static void lines_compare(rig *g, const char *scene, const char *script)
{
    lines_compare_at(g, scene, script, NULL);
}

/* The same, with the patch of the ! lines at (NULL: the top band, patch_at). */
static void lines_compare_at(rig *g, const char *scene, const char *script, const SDL_Rect *at)
{
    g->scene = scene;
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", script);
    SDL_Rect none = {0, 0, 0, 0};
    ui_app_render(g->f->u.app, 1);
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char one[256];
        int typed = line[0] == '!';
        snprintf(one, sizeof one, "%s\n", line + typed);
        int sx = 3, sy = g->h - 4; /* a corner no step below draws on */
        if (typed) { /* drawn and compared there, ending with a full frame */
            SDL_Rect p;
            if (at)
                p = *at;
            else
                patch_at(g, &p);
            g->steps++;
            g->typed++;
            if (uitest_partial(&g->f->u, scene, line + 1, &p) == 0)
                g->partial++;
            else
                g->mismatches++;
            continue;
        }
        paint_sentinel(g, sx, sy);
        if (flow_run(g->f, one) != 0) {
            g->mismatches++; /* the journey itself went wrong */
            return;
        }
        compare(g, line, scene, &none, sx, sy); /* ends with a full frame */
    }
}

/* Presses (down, drag off, up) at most max of the screen's targets, spread
 * over the list; the canvas after the three partial frames must equal a full
 * one (a stale pixel of the first two stays unless the last draws it). */
static void press_some(rig *g, const char *scene, int max)
{
    ui_app *a = g->f->u.app;
    g->scene = scene;
    ui_app_render(a, 1);
    flow_targets ts;
    flow_targets_of(a, &ts);
    CHECK(ts.n > 0);
    int stride = ts.n > max ? (ts.n + max - 1) / max : 1;
    for (int i = 0; i < ts.n; i += stride) {
        const SDL_Rect *r = &ts.t[i].r;
        int cx = r->x + r->w / 2, cy = r->y + r->h / 2, sx, sy;
        int dx = cx + 120 < g->w ? 120 : -120;
        sentinel_spot(g, r, &sx, &sy);
        paint_sentinel(g, sx, sy);
        uitest_send(a, PLAT_EV_DOWN, cx, cy);
        ui_app_render(a, 0);
        uitest_send(a, PLAT_EV_MOVE, cx + dx, cy);
        ui_app_render(a, 0);
        uitest_send(a, PLAT_EV_UP, cx + dx, cy);
        compare(g, "finger down, drag off, up", ts.t[i].id, r, sx, sy);
    }
    if (getenv("CZ_REDRAW_TARGETS"))
        for (int i = 0; i < ts.n; i++)
            printf("    %s target %s\n", scene, ts.t[i].id);
}

/* A screen reached through the real screens (reach, run as a person would),
 * some of its targets pressed, then changes made one line at a time. */
typedef struct {
    const char *name, *reach, *changes;
} scene;

#define PIN "482915"
#define GESTURE "down 30 30\nwait 2100\nup 30 30\nwait 300\ndown 1050 30\nwait 2100\nup 1050 30\n"

static const scene SCENES[] = {
    /* 办件查询: the ways, the card page, the registration pad, the result */
    {"query: the ways", "tap @tile.query\nexpect-screen form\n",
     "wait 60000\ntap @form.voice\n"},
    {"query: card page", "tap @form.next\nexpect-target @card.manual\n",
     "wait 1000\ntap @form.quit\nexpect-target @form.next\n"},
    {"query: registration number", "tap @f.method.opt.2\ntap @form.next\ntap @f.reg_no\n",
     "tap @kb.k.0\ntap @kb.k.0\ntap @kb.k.0\ntap @kb.k.0\ntap @kb.k.0\ntap @kb.k.0\n"
     "tap @kb.k.1\ntap @kb.k.3\nkey backspace\ntext 3\n"},
    {"query: result", "tap @form.next\nexpect-screen query_result\n",
     "tap @query.reprint\nwait 60000\n"},
    /* the card page of a form, 模拟刷证 and the form's quit dialog */
    {"card page", "tap @ferr.home\nexpect-screen home\ntap @tile.pension\ntap @menu.list.0\n"
                  "expect-target @card.manual\n",
     "tap @card.sim\nwait 500\ntap @form.quit\ntap @form.dlg.cancel\ntap @form.next\n"},
    /* the idle prompt counting down over a form, and staying */
    {"idle prompt", "wait 90000\nexpect-screen idle\n",
     "wait 1000\nwait 1000\n!tap @idle.voice\nwait 1000\ntap @idle.ok\n"},
    /* proxy agents: sign-in on the digit pad, home as an agent, the list */
    {"agent sign-in", "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\ntap @menu.back\n"
                      "expect-screen home\ntap @tile.agent\nexpect-screen agent_signin\n",
     /* a number no agent has, its PIN (the button turns on), refused: the
      * message shows; a key takes it away (the fields to the pad), the
      * right number, typed on the pad and a physical keyboard */
     "tap @agent.f.number\n!tap @agent.kb.k.9\ntap @agent.go\n!tap @agent.kb.k.1\n!text 11111\n"
     "tap @agent.go\nexpect-screen agent_signin\n!key backspace\n!tap @agent.kb.k.0\n!text 012\n"
     "tap @agent.go\n!text 24681\n!tap @agent.kb.k.3\ntap @agent.go\n"
     "expect-screen home\n"},
    {"agent home", NULL, "wait 60000\n"},
    {"agent filings", "tap @home.agent.filings\n", NULL},
    /* technician mode: the PIN, the menu and its pages, a setting's editor */
    {"tech PIN", "tap @agent.filings.home\nexpect-screen home\ntap @home.agent.signout\n" GESTURE "expect-screen tech.pin\n",
     /* the OK button turns on with the sixth digit and off with a backspace */
     "!tap @tech.pad.k.4\n!tap @tech.pad.k.8\n!tap @tech.pad.k.bs\n!text 8\n!text 291\n"
     "!tap @tech.pad.k.5\n!key backspace\n"},
    {"tech menu", "tap @tech.pad.k.clear\ntap @tech.pad.k.4\ntap @tech.pad.k.8\ntap @tech.pad.k.2\n"
                  "tap @tech.pad.k.9\ntap @tech.pad.k.1\ntap @tech.pad.k.5\ntap @tech.pin.ok\n",
     "expect-screen tech.menu\nwait 60000\n"},
    {"tech info", "tap @tech.m.info\nexpect-screen tech.info\n", "wait 60000\ntap @tech.back\n"},
    {"tech queue", "tap @tech.m.queue\nexpect-screen tech.queue\n", "tap @tech.back\n"},
    {"tech logs", "tap @tech.m.logs\nexpect-screen tech.logs\n", "tap @tech.back\n"},
    {"tech audit", "tap @tech.m.audit\nexpect-screen tech.audit\n", "tap @tech.back\n"},
    {"tech settings", "tap @tech.m.settings\nexpect-screen tech.settings\n",
     /* the address keyboard's 大写/小写 redraws the keyboard alone, as 清空 */
     "tap @tech.rows.0\nexpect-screen tech.edit\n!tap @tech.pad.k.shift\n!tap @tech.pad.k.shift\n"
     "tap @tech.back\nexpect-screen tech.settings\n"
     "tap @tech.rows.7\nexpect-screen tech.edit\n!tap @tech.pad.k.clear\n!tap @tech.pad.k.1\n"
     "!tap @tech.pad.k.5\n!text 0\ntap @tech.edit.ok\ntap @tech.back\n"
     /* a choice of the screen's size redraws the list alone */
     "tap @tech.rows.4\nexpect-screen tech.edit\n!tap @tech.choice.1\n!tap @tech.choice.0\n"
     "tap @tech.back\nexpect-screen tech.settings\ntap @tech.back\n"},
    {"tech register", "tap @tech.m.register\nexpect-screen tech.register\n", "tap @tech.back\n"},
    {"tech self-test", "tap @tech.m.selftest\nexpect-screen tech.selftest\n", "tap @tech.back\n"},
    {"tech export", "tap @tech.m.export\nexpect-screen tech.export\n",
     "tap @tech.back\ntap @tech.exit\nexpect-screen home\n"},
    /* the widget gallery (the emulator's demo pages) */
    {"gallery buttons", "demo buttons\n", "wait 60000\n"},
    {"gallery list", "demo list\n", "tap @demo.list.2\ntap @demo.list.0\n"},
    {"gallery date", "demo date\n",
     "tap @demo.date.y.up\ntap @demo.date.d.down\ntap @demo.date.y.up10\ntap @demo.date.y.down10\n"},
    {"gallery dialog", "demo dialog\n", "tap @demo.submit\ntap @demo.dlg.cancel\n"},
    /* keys and candidates; then 生僻字, ·, 清空 draw the keyboard and the
     * field alone; 改用手写 changes the keyboard's height: the page */
    {"gallery pinyin", "demo kb-pinyin\n",
     "!tap @kb.k.n\n!tap @kb.k.i\n!tap @kb.c.0\n!text ni\n!key backspace\n!tap @kb.c.0\n"
     "!text yan\n!tap @kb.k.rare\n!tap @kb.k.mid\n!tap @kb.k.clear\ntap @kb.k.mode\n"},
    /* a stroke drawn on draws the canvas alone; the finger's lift brings
     * candidates, a choice, 撤销, 退格 (strokes, then the text), ·, 重写 and
     * 清空 the pad, the candidates (the keyboard) and the field alone */
    {"gallery handwriting", "demo kb-hand\n",
     "drag 300 1500 600 1600 200\n!down 320 1450\n!move 420 1500\n!move 520 1480\n"
     "!move 640 1620\n!up 640 1620\n!tap @kb.c.0\n!down 320 1450\n!move 520 1480\n"
     "!up 520 1480\n!down 600 1450\n!move 600 1650\n!up 600 1650\n!tap @kb.k.undo\n"
     "!tap @kb.k.bs\n!tap @kb.k.bs\n!tap @kb.k.mid\n!down 320 1450\n!move 520 1480\n"
     "!up 520 1480\n!tap @kb.k.rewrite\n!tap @kb.k.clear\ntap @kb.k.mode\n"},
};

/* Lets the technician's work on its thread end (the page shows tech.busy or
 * tech.pin.busy meanwhile); each look is a frame drawn as marked. */
static void settle(flow *f) { CHECK_EQ_INT(flow_run(f, "settle\n"), 0); }

static void into_view(rig *g, const char *id);

/* The group-member screen (医保参保's 家庭成员): a member's ID number typed
 * on the pad and a physical keyboard, and (normal text: pinyin) a name;
 * each keystroke draws the field, the key and the candidates alone. */
static void member_typing(rig *g, int elderly)
{
    flow *f = g->f;
    char err[256];
    ui_app_go_home(f->u.app);
    OK(flow_tap(f, "tile.medical"));
    OK(flow_tap(f, "menu.list.0"));
    OK(flow_manual(f));
    REQUIRE(ui_form_is(flow_top(f)));
    form_inst *in = ui_form_inst(flow_form(f));
    static const char *const kv[] = {"head_name", "王芳", "head_idno", "110105198501010071",
                                     "phone", "13812345678", "hukou_address", "东风村三组"};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        OK(form_inst_set(in, kv[i], kv[i + 1], err, sizeof err));
    OK(flow_tap(f, "form.next"));
    OK(flow_tap(f, "form.next"));
    OK(flow_tap(f, "f.members.add"));
    OK(flow_manual(f)); /* the member's card page: typed */
    REQUIRE(!strcmp(flow_top_name(f), "form_member"));
    /* the first digit brings the field's error line (应为18位: the page
     * moves), a single character of a name its own: whole frames */
    lines_compare(g, "group member",
                  "tap @f.m_idno\ntap @kb.k.1\n!tap @kb.k.1\n!tap @kb.k.0\n!text 105\n"
                  "!key backspace\n!tap @kb.k.5\n");
    if (!elderly) /* large text: the name is written by hand */
        into_view(g, "f.m_name"); /* above the number, out of view */
    if (!elderly)
        lines_compare(g, "group member",
                      "tap @f.m_name\n!tap @kb.k.z\n!tap @kb.k.h\n!text ang\ntap @kb.c.0\n"
                      "!tap @kb.k.s\n!tap @kb.k.a\n!key backspace\n");
    CHECK_EQ_STR(form_inst_member_get(in, "members", 0, "m_idno"), "110105");
}

/* Wheel w ("y", "m", "d") of the start date's picker, its buttons included,
 * within the canvas: from its ▼ button (the wheel's last row; its ▲ may be
 * greyed, no target) up four rows. */
static SDL_Rect start_wheel(rig *g, const char *w)
{
    char id[64];
    snprintf(id, sizeof id, "f.start_date.date.%s.down", w);
    SDL_Rect dn = {0, 0, 0, 0}, box, canvas = {0, 0, g->w, g->h};
    OK(uitest_target_rect(g->f->u.app, id, &dn));
    SDL_Rect whole = {dn.x, dn.y - dn.h * 4, dn.w, dn.h * 5};
    if (!SDL_IntersectRect(&whole, &canvas, &box))
        box = (SDL_Rect){0, 0, 1, 1};
    return box;
}

/* 异地就医备案's start date (医保's second form, its third page): each
 * step of a wheel, tapped or dragged, draws what it changed alone: the
 * wheel it turned (a patch on another wheel survives) and the date above,
 * other wheels when they change with it (the day pulled in from 31 to 30
 * by a month's step, the range's end greying buttons after a year's), the
 * date's words as wide as the wider of the two; the date ends as it was. */
static void date_wheel(rig *g)
{
    flow *f = g->f;
    char err[256];
    ui_app_go_home(f->u.app);
    OK(flow_tap(f, "tile.medical"));
    OK(flow_tap(f, "menu.list.1"));
    OK(flow_manual(f));
    REQUIRE(ui_form_is(flow_top(f)));
    form_inst *in = ui_form_inst(flow_form(f));
    static const char *const kv[] = {"name", "张三", "idno", "110105197005100014", "phone",
                                     "13812345678", "insured_place", "本县", "dest_province",
                                     "11", "dest_city", "北京", "remote_type", "long_stay"};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        OK(form_inst_set(in, kv[i], kv[i + 1], err, sizeof err));
    OK(flow_tap(f, "form.next"));
    OK(flow_tap(f, "form.next"));
    char was[16];
    snprintf(was, sizeof was, "%s", form_inst_get(in, "start_date"));
    CHECK_EQ_STR(was, "2026-11-22"); /* today: the range is 2026-10-23 .. 2027-11-22 */
    lines_compare(g, "a date wheel",
                  "!tap @f.start_date.date.d.up\n!tap @f.start_date.date.d.down\n"
                  "!tap @f.start_date.date.m.down\n!tap @f.start_date.date.m.up\n"
                  "!tap @f.start_date.date.y.down\n!tap @f.start_date.date.y.up\n");
    CHECK_EQ_STR(form_inst_get(in, "start_date"), was);
    /* a day's step leaves the month and the year, a month's the day and the year */
    SDL_Rect yw = start_wheel(g, "y"), mw = start_wheel(g, "m"), dw = start_wheel(g, "d");
    lines_compare_at(g, "a day's step, the month kept", "!tap @f.start_date.date.d.up\n", &mw);
    lines_compare_at(g, "a day's step, the year kept", "!tap @f.start_date.date.d.down\n", &yw);
    lines_compare_at(g, "a month's step, the day kept", "!tap @f.start_date.date.m.down\n", &dw);
    lines_compare_at(g, "a month's step, the year kept", "!tap @f.start_date.date.m.up\n", &yw);
    CHECK_EQ_STR(form_inst_get(in, "start_date"), was);
    SDL_Rect r; /* the day wheel's next day, dragged up into the middle and back */
    OK(uitest_target_rect(f->u.app, "f.start_date.date.d.down", &r));
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    char drag[256];
    snprintf(drag, sizeof drag, "!down %d %d\n!move %d %d\n", x, y - r.h, x, y - r.h * 2);
    lines_compare_at(g, "a date wheel dragged", drag, &mw);
    CHECK(strcmp(form_inst_get(in, "start_date"), was) != 0); /* a day later */
    snprintf(drag, sizeof drag, "!move %d %d\n!up %d %d\n", x, y - r.h, x, y - r.h);
    lines_compare_at(g, "a date wheel dragged back", drag, &yw);
    CHECK_EQ_STR(form_inst_get(in, "start_date"), was);
    /* 31 December: a month up pulls the day in to 30 November (both wheels
     * turn), a month down gives the 30th its 31st again below it */
    OK(flow_tap(f, "f.start_date.date.m.down"));
    for (int i = 0; i < 9; i++)
        OK(flow_tap(f, "f.start_date.date.d.down"));
    CHECK_EQ_STR(form_inst_get(in, "start_date"), "2026-12-31");
    lines_compare_at(g, "a month's step that pulls the day in", "!tap @f.start_date.date.m.up\n",
                     &yw);
    CHECK_EQ_STR(form_inst_get(in, "start_date"), "2026-11-30");
    lines_compare_at(g, "a month's step to a longer month", "!tap @f.start_date.date.m.down\n",
                     &yw);
    CHECK_EQ_STR(form_inst_get(in, "start_date"), "2026-12-30");
    for (int i = 0; i < 8; i++)
        OK(flow_tap(f, "f.start_date.date.d.up"));
    OK(flow_tap(f, "f.start_date.date.m.up"));
    CHECK_EQ_STR(form_inst_get(in, "start_date"), was);
    /* the date above the wheels narrower (10日 to 9日), then wider again */
    for (int i = 0; i < 12; i++)
        OK(flow_tap(f, "f.start_date.date.d.up"));
    lines_compare_at(g, "a day's step to a shorter date", "!tap @f.start_date.date.d.up\n", &mw);
    CHECK_EQ_STR(form_inst_get(in, "start_date"), "2026-11-09");
    lines_compare_at(g, "a day's step to a longer date", "!tap @f.start_date.date.d.down\n", &yw);
    for (int i = 0; i < 12; i++)
        OK(flow_tap(f, "f.start_date.date.d.down"));
    CHECK_EQ_STR(form_inst_get(in, "start_date"), was);
    /* what a day's step leaves as it was is not drawn again: the day
     * wheel's other button, and the year and month of the date above the
     * wheels (the same width: only the day's digits move) */
    SDL_Rect dn = {0, 0, 0, 0}, up = {0, 0, 0, 0}, pick = {0, 0, 0, 0};
    OK(uitest_target_rect(f->u.app, "f.start_date.date.d.down", &dn)); /* the ▼ button first */
    OK(uitest_target_rect(f->u.app, "f.start_date.date.d.up", &up));
    SDL_Rect below = {dn.x + dn.w / 4, dn.y + dn.h / 2, dn.w / 2, dn.h / 4};
    SDL_Rect above = {up.x + up.w / 4, up.y + up.h / 4, up.w / 2, up.h / 4};
    lines_compare_at(g, "a day's step, its other button kept", "!tap @f.start_date.date.d.up\n",
                     &below);
    lines_compare_at(g, "a day's step, its other button kept", "!tap @f.start_date.date.d.down\n",
                     &above);
    OK(ui_form_rect(flow_top(f), "start_date", &pick));
    const ui_theme *t = ui_app_theme(f->u.app);
    text_ctx *tx = ui_app_text(f->u.app);
    char full[64], year[32];
    snprintf(full, sizeof full, core_str("date.format"), 2026, 11, 22);
    snprintf(year, sizeof year, core_str("date.wheel.y"), 2026);
    int tw = text_width(tx, full, t->px_title, TEXT_BOLD);
    int yearw = text_width(tx, year, t->px_title, TEXT_BOLD);
    SDL_Rect head = {pick.x + (pick.w - tw) / 2 + 2, pick.y + t->px_title / 4, yearw - 4,
                     t->px_title / 3};
    CHECK(yearw > 8 && head.x > pick.x);
    lines_compare_at(g, "a day's step, the year above kept", "!tap @f.start_date.date.d.up\n",
                     &head);
    lines_compare_at(g, "a day's step, the year above kept", "!tap @f.start_date.date.d.down\n",
                     &head);
    CHECK_EQ_STR(form_inst_get(in, "start_date"), was);
}

/* Runs line (a tap that must draw the whole screen) with a sentinel in the
 * top band, which only a whole frame draws: the sentinel must be gone and
 * the canvas equal a full frame. */
static void whole_compare(rig *g, const char *what, const char *line)
{
    g->scene = what;
    ui_app_render(g->f->u.app, 1);
    int was = g->partial, sx = 3, sy = 3;
    paint_sentinel(g, sx, sy);
    char one[256];
    snprintf(one, sizeof one, "%s\n", line);
    if (flow_run(g->f, one) != 0) {
        g->mismatches++;
        return;
    }
    SDL_Rect none = {0, 0, 0, 0};
    compare(g, line, what, &none, sx, sy);
    if (g->partial != was) { /* the sentinel survived */
        printf("  %s: %s drew no whole frame\n", what, line);
        g->mismatches++;
    }
}

/* A row's rectangle (target id) on the canvas, as a patch for uitest_partial. */
static SDL_Rect row_patch(rig *g, const char *id)
{
    SDL_Rect r = {0, 0, 1, 1};
    OK(uitest_target_rect(g->f->u.app, id, &r));
    return (SDL_Rect){r.x + r.w / 4, r.y + r.h / 4, r.w / 2, r.h / 2};
}

/* Opens the first form item of tile by hand and answers its first page
 * (kv: key, value pairs), then goes on to its second page. */
static form_inst *second_page(flow *f, const char *tile, const char *const *kv, size_t n)
{
    char err[256];
    ui_app_go_home(f->u.app);
    OK(flow_tap(f, tile));
    if (!strcmp(flow_top_name(f), "menu")) /* an item of its own opens at once */
        OK(flow_tap(f, "menu.list.0"));
    OK(flow_manual(f));
    if (!ui_form_is(flow_top(f)))
        return NULL;
    form_inst *in = ui_form_inst(flow_form(f));
    for (size_t i = 0; i + 1 < n; i += 2)
        OK(form_inst_set(in, kv[i], kv[i + 1], err, sizeof err));
    OK(flow_tap(f, "form.next"));
    OK(flow_again(f)); /* the same person's item filed before in this store */
    CHECK_EQ_INT((int)form_inst_page(in), 1);
    return in;
}

/* Drags the form page (each drag drawn as marked and compared) until the
 * whole of target id lies inside the page's view; the finger at the view's
 * middle, or (edge) in its left margin, beside a date's wheels. */
static void into_view_at(rig *g, const char *id, int edge)
{
    for (int tries = 0; tries < 16; tries++) {
        ui_app_render(g->f->u.app, 0);
        SDL_Rect r, v;
        OK(ui_form_view(flow_top(g->f), &v));
        /* a target is what shows of it in the view (none while less than
         * half shows): one on the view's edge is taken as cut by it, one not
         * found lies below (or, once the page's end is passed, above) */
        int found = uitest_target_rect(g->f->u.app, id, &r) == 0;
        if (found && r.y > v.y && r.y + r.h < v.y + v.h)
            return;
        int up = found ? r.y + r.h >= v.y + v.h : tries < 6, y = v.y + v.h / 2;
        int x = edge ? v.x + ui_app_theme(g->f->u.app)->unit : v.x + v.w / 2;
        char line[128];
        snprintf(line, sizeof line, "drag %d %d %d %d 300\n", x, y, x, y + (up ? -1 : 1) * v.h / 4);
        lines_compare(g, "a page dragged", line);
    }
    CHECK(!"target in view");
}

static void into_view(rig *g, const char *id) { into_view_at(g, id, 0); }

/* A form of two dates whose answers show or hide more than their wheels:
 * 到哪天 has no answer at first (a hint and 用这个日期 under its wheels),
 * and the second page asks its question only while 到哪天 is not before
 * 从哪天 (the form's steps count that page then). */
static const char DATES_FORM[] =
    "{\"id\": \"redraw_dates\", \"version\": 1, \"title\": \"日期\","
    " \"description\": \"两个日期\", \"icon\": \"medical_remote\", \"fields\": ["
    " {\"key\": \"since\", \"type\": \"date\", \"label\": \"从哪天\","
    "  \"date_min\": \"today-30\", \"date_max\": \"today+60\", \"default\": \"today\"},"
    " {\"key\": \"until\", \"type\": \"date\", \"label\": \"到哪天\", \"required\": false,"
    "  \"date_min\": \"today-30\", \"date_max\": \"today+60\"},"
    " {\"key\": \"note\", \"type\": \"text\", \"label\": \"说明\", \"required\": false,"
    "  \"visible_if\": {\"field\": \"until\", \"not_before\": \"since\"}}],"
    " \"pages\": [{\"title\": \"日期\", \"fields\": [\"since\", \"until\"]},"
    " {\"title\": \"说明\", \"fields\": [\"note\"]}]}";

/* A date's step draws its wheels alone only while nothing else on the page
 * or in the form's steps changes with it (the page's signature besides that
 * date, fb_page_sig_but): the first answer of a date without one (its hint
 * and button go), and an answer that shows or hides the next page's
 * question (the steps change) draw the whole screen; other steps, before
 * and after those, draw what they marked alone. */
static void date_whole(rig *g)
{
    flow *f = g->f;
    char err[256];
    ui_app_go_home(f->u.app);
    if (!form_catalog_find(f->cat, "redraw_dates"))
        OK(form_catalog_load_string(f->cat, DATES_FORM, "redraw_dates.json", err, sizeof err));
    ui_screen *s = ui_form_new(f->u.app, "redraw_dates");
    REQUIRE(s != NULL);
    ui_app_push(f->u.app, s);
    form_inst *in = ui_form_inst(s);
    int step, total, total0;
    form_inst_progress(in, &step, &total0);
    CHECK(form_inst_get(in, "until") == NULL);
    into_view_at(g, "f.until.date.d.down", 1);
    whole_compare(g, "a date's first answer", "tap @f.until.date.d.up");
    CHECK_EQ_STR(form_inst_get(in, "until"), "2026-11-21");
    lines_compare(g, "a date's step", "!tap @f.until.date.d.up\n!tap @f.until.date.d.down\n");
    CHECK_EQ_STR(form_inst_get(in, "until"), "2026-11-21");
    whole_compare(g, "a date that shows the next page's question", "tap @f.until.date.d.down");
    CHECK(form_inst_visible(in, "note"));
    form_inst_progress(in, &step, &total);
    CHECK_EQ_INT(total, total0 + 1);
    lines_compare(g, "a date's step", "!tap @f.until.date.d.down\n");
    CHECK_EQ_STR(form_inst_get(in, "until"), "2026-11-23");
    into_view_at(g, "f.since.date.d.up", 1);
    lines_compare(g, "a date's step", "!tap @f.since.date.d.down\n");
    CHECK(form_inst_visible(in, "note"));
    whole_compare(g, "a date that hides the next page's question", "tap @f.since.date.d.down");
    CHECK(!form_inst_visible(in, "note"));
    form_inst_progress(in, &step, &total);
    CHECK_EQ_INT(total, total0);
}

/* A choice in a list on a form page: one that changes the list alone (the
 * old and the new row) draws the list alone, a patch on another question
 * survives (the first choice of a question, another row, the same row
 * again, a choice while a message shows beside another question); one that
 * shows or hides questions, or takes the message away (the error 下一步
 * pointed at, fixed), draws the whole screen. 就业失业登记's 就业情况 (文化程度;
 * 现在的情况: 失业 asks why and when, the others for the employer) and
 * 城乡居民养老保险参保登记's 现在住在户籍地址吗 (否 asks for the address) and
 * 参保情况 (refused for its 缴费档次). */
static void list_choice(rig *g)
{
    static const char *const emp[] = {"name", "张三", "idno", "110105197005100014",
                                      "hukou_address", "青山村四组", "phone", "13812345678"};
    form_inst *in = second_page(g->f, "tile.employment", emp, sizeof emp / sizeof emp[0]);
    REQUIRE(in != NULL);
    whole_compare(g, "a refused page", "tap @form.next");
    CHECK(form_inst_error(in, "education") != NULL);
    CHECK(ui_form_message(flow_top(g->f)) != NULL);
    whole_compare(g, "a choice that fixes the error shown", "tap @f.education.opt.1");
    CHECK(form_inst_error(in, "education") == NULL);
    CHECK(ui_form_message(flow_top(g->f)) == NULL);
    CHECK(form_inst_get(in, "status") == NULL);
    into_view(g, "f.status.opt.2");
    SDL_Rect edu = row_patch(g, "f.education.opt.3");
    lines_compare_at(g, "a first choice", "!tap @f.status.opt.1\n", &edu);
    lines_compare_at(g, "another choice", "!tap @f.status.opt.2\n", &edu);
    CHECK_EQ_STR(form_inst_get(in, "status"), "flexible");
    SDL_Rect st = row_patch(g, "f.status.opt.0");
    lines_compare_at(g, "another choice", "!tap @f.education.opt.4\n", &st);
    lines_compare_at(g, "the same choice again", "!tap @f.education.opt.4\n", &st);
    CHECK_EQ_STR(form_inst_get(in, "education"), "bachelor");
    whole_compare(g, "a choice that shows questions", "tap @f.status.opt.0");
    CHECK(form_inst_visible(in, "leave_reason") && !form_inst_visible(in, "employer"));
    /* the page went on to show the questions it brought: back up to it */
    SDL_Rect st1;
    for (int k = 0; k < 4 && uitest_target_rect(g->f->u.app, "f.status.opt.1", &st1) != 0; k++) {
        SDL_Rect v;
        OK(ui_form_view(flow_top(g->f), &v));
        char line[128];
        snprintf(line, sizeof line, "drag %d %d %d %d 300\n", v.x + v.w / 2, v.y + v.h / 4,
                 v.x + v.w / 2, v.y + v.h * 3 / 4);
        lines_compare(g, "a page dragged", line);
    }
    into_view(g, "f.status.opt.1");
    whole_compare(g, "a choice that hides questions", "tap @f.status.opt.1");
    CHECK(!form_inst_visible(in, "leave_reason") && form_inst_visible(in, "employer"));

    static const char *const pen[] = {"name", "张三", "idno", "110105197005100014",
                                      "hukou_type", "agri"};
    in = second_page(g->f, "tile.pension", pen, sizeof pen / sizeof pen[0]);
    REQUIRE(in != NULL);
    whole_compare(g, "a choice that shows a question", "tap @f.same_address.opt.1");
    CHECK(form_inst_visible(in, "residence_address"));
    whole_compare(g, "a choice that hides a question", "tap @f.same_address.opt.0");
    CHECK(!form_inst_visible(in, "residence_address"));
    char err[256];
    OK(form_inst_set(in, "hukou_address", "青山村四组", err, sizeof err));
    OK(form_inst_set(in, "phone", "13812345678", err, sizeof err));
    OK(flow_tap(g->f, "form.next"));
    whole_compare(g, "a refused page", "tap @form.next"); /* no 缴费档次 */
    CHECK_EQ_INT((int)form_inst_page(in), 2);
    CHECK(ui_form_message(flow_top(g->f)) != NULL);
    /* the refusal scrolled the page to 缴费档次: back to its top, where the
     * rows tapped show (a row out of the view has no target) */
    OK(flow_run(g->f, "drag 540 500 540 1500 300\nwait 600\ndrag 540 500 540 1500 300\n"
                      "wait 600\n"));
    SDL_Rect other = row_patch(g, "f.in_employee_scheme.opt.1");
    lines_compare_at(g, "a choice beside a message", "!tap @f.is_student.opt.0\n", &other);
    lines_compare_at(g, "a choice beside a message", "!tap @f.is_student.opt.1\n", &other);
    other = row_patch(g, "f.is_student.opt.0");
    lines_compare_at(g, "a choice beside a message", "!tap @f.in_employee_scheme.opt.0\n",
                     &other);
    CHECK_EQ_STR(form_inst_get(in, "in_employee_scheme"), "yes");
    CHECK(ui_form_message(flow_top(g->f)) != NULL);
}

/* A patch inside the page's view, above the list of field key (or under
 * it when the list starts at the view's top), clear of the margin a
 * pressed row marks around itself. */
static SDL_Rect beside_list(rig *g, const char *key)
{
    SDL_Rect v = {0, 0, 0, 0}, r = {0, 0, 0, 0};
    OK(ui_form_view(flow_top(g->f), &v));
    OK(ui_form_rect(flow_top(g->f), key, &r));
    int m = ui_app_theme(g->f->u.app)->unit * 2;
    int y = r.y - v.y > m + 60 ? r.y - m - 40 : r.y + r.h + m;
    CHECK(y >= v.y && y + 40 <= v.y + v.h);
    return (SDL_Rect){v.x + v.w / 2, y, 40, 40};
}

/* 医保参保: the first change after the head's ID number was answered (as
 * the card reader does) is a choice of 参保类别, and a draft of hers waits
 * (member_typing's): the dialog that offers it draws the whole screen, and
 * 重新开始 (the four digits asked first) each line as a whole frame. Then
 * 家庭成员, a member's 与户主关系 and 参保类别 on the group-member screen:
 * each choice draws its list alone. */
static void member_choice(rig *g)
{
    static const char *const kv[] = {"head_name", "王芳", "head_idno", "110105198501010071",
                                     "phone", "13812345678", "hukou_address", "东风村三组"};
    flow *f = g->f;
    char err[256];
    ui_app_go_home(f->u.app);
    OK(flow_tap(f, "tile.medical"));
    OK(flow_tap(f, "menu.list.0"));
    OK(flow_manual(f));
    REQUIRE(ui_form_is(flow_top(f)));
    form_inst *in = ui_form_inst(flow_form(f));
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        OK(form_inst_set(in, kv[i], kv[i + 1], err, sizeof err));
    into_view(g, "f.head_category.opt.5");
    whole_compare(g, "a choice that opens a dialog", "tap @f.head_category.opt.1");
    int x, y;
    REQUIRE(ui_app_find_target(f->u.app, "form.dlg.cancel", &x, &y) == 0);
    /* 重新开始 after a typed number: the four digits first, then the form anew */
    lines_compare(g, "the dialog closed",
                  "tap @form.dlg.cancel\nexpect-screen form_owner\ntext 5678\ntap @owner.go\n"
                  "expect-screen form\n");
    OK(flow_tap(f, "form.next"));
    OK(flow_tap(f, "form.next"));
    OK(flow_tap(g->f, "f.members.add"));
    OK(flow_manual(g->f)); /* the member's card page: typed */
    REQUIRE(!strcmp(flow_top_name(g->f), "form_member"));
    into_view(g, "f.m_relation.opt.3");
    SDL_Rect p = beside_list(g, "m_relation");
    lines_compare_at(g, "a member's first choice", "!tap @f.m_relation.opt.1\n", &p);
    lines_compare_at(g, "a member's other choice", "!tap @f.m_relation.opt.0\n", &p);
    CHECK_EQ_STR(form_inst_member_get(in, "members", 0, "m_relation"), "spouse");
    into_view(g, "f.m_category.opt.5");
    p = beside_list(g, "m_category");
    lines_compare_at(g, "a member's other choice", "!tap @f.m_category.opt.2\n", &p);
    CHECK_EQ_STR(form_inst_member_get(in, "members", 0, "m_category"), "dibao");
}

/* 临时救助's 发生了什么, a multiline answer of more lines than its box
 * shows (the box at its tallest): each 换行 draws the box and the keyboard
 * alone (pinyin in normal text, the handwriting pad in large text). */
static void newline_typing(rig *g)
{
    flow *f = g->f;
    char err[256];
    ui_app_go_home(f->u.app);
    OK(flow_tap(f, "tile.relief"));
    OK(flow_tap(f, "menu.list.0"));
    OK(flow_manual(f));
    REQUIRE(ui_form_is(flow_top(f)));
    form_inst *in = ui_form_inst(flow_form(f));
    static const char *const kv[] = {"name", "王秀兰", "idno", "110105197005100014",
                                     "hukou_address", "青山村四组", "phone", "13600000000",
                                     "kind", "fire", "what_happened",
                                     "房子着火了\n东西烧了\n人没事\n想申请救助\n谢谢"};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        OK(form_inst_set(in, kv[i], kv[i + 1], err, sizeof err));
    OK(flow_tap(f, "form.next"));
    OK(flow_tap(f, "f.what_happened"));
    lines_compare(g, "a line break", "!tap @kb.k.nl\n!tap @kb.k.nl\n");
    CHECK_EQ_STR(form_inst_get(in, "what_happened"),
                 "房子着火了\n东西烧了\n人没事\n想申请救助\n谢谢\n\n");
}

static int64_t pinned_ms(void *ud)
{
    (void)ud;
    return plat_clock_wall() * 1000;
}

static void run_more(int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, elderly ? "redraw-more-large.db" : "redraw-more.db", 1) ==
            0);
    flow_reader(&f, check_idcards()); /* the emulator's reader */
    /* a filing the query finds, agents and their filings, a technician PIN */
    const char *u = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    REQUIRE(store_draft_save(f.st, u, "pension_enrol", 1, 0, "{}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(f.st, u, "城乡居民基本养老保险参保登记", "{}",
                                 "110105197005100014") == STORE_OK);
    REQUIRE(store_filing_ack(f.st, u, "CZ202611220000001", STORE_STATUS_ACCEPTED, 0) == STORE_OK);
    char *body = agentdata_reply(AGENTDATA_DEFAULT), err[256];
    REQUIRE(body && store_agents_replace_reply(f.st, body, strlen(body), NULL, err, sizeof err) ==
                        STORE_OK);
    free(body);
    REQUIRE(agentdata_filings(f.st, "A0012") == 0);
    store_set_clock(f.st, pinned_ms, NULL); /* the app's virtual clock, as boot.c */
    char hash[AUTH_HASH_MAX];
    REQUIRE(auth_pin_hash(PIN, hash) == AUTH_OK);
    REQUIRE(core_config_set(f.u.cfg, "tech.pin_hash", hash, err, sizeof err) == 0);
    char data[1024], conf[1100];
    snprintf(data, sizeof data, "%s", check_tmpdir(elderly ? "data-large" : "data-normal"));
    snprintf(conf, sizeof conf, "%s/settings.conf", data);
    unlink(conf);
    static tech_link link_;
    tech_link_init(&link_, f.u.cfg, ui_app_services(f.u.app), conf, data, f.db, "0.1.0-test");
    ui_tech_install(f.u.app, &link_.services);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));

    rig g = {.f = &f, .w = 1080, .h = 1920};
    g.part = malloc((size_t)g.w * g.h * 4);
    g.full = malloc((size_t)g.w * g.h * 4);
    REQUIRE(g.part && g.full);
    for (size_t i = 0; i < sizeof SCENES / sizeof SCENES[0]; i++) {
        const scene *sc = &SCENES[i];
        /* a tile on a later page of home (large text): 下一页 first, as a person does */
        char tile[64];
        int x, y;
        if (sc->reach && sscanf(sc->reach, "tap @%63[a-z_.]", tile) == 1 && !strncmp(tile, "tile.", 5))
            for (int p = 0; p < 8 && (ui_app_render(f.u.app, 0),
                                      ui_app_find_target(f.u.app, tile, &x, &y) != 0); p++)
                lines_compare(&g, sc->name, "tap @home.page.next\n");
        if (sc->reach)
            lines_compare(&g, sc->name, sc->reach);
        settle(&f); /* the technician's PIN check and jobs run on a thread */
        press_some(&g, sc->name, 3);
        if (sc->changes)
            lines_compare(&g, sc->name, sc->changes);
        if (g.mismatches) {
            printf("  %s: stopped after %s\n", elderly ? "large text" : "normal", sc->name);
            break;
        }
    }
    if (!g.mismatches)
        member_typing(&g, elderly);
    if (!g.mismatches)
        date_whole(&g);
    if (!g.mismatches)
        date_wheel(&g);
    if (!g.mismatches)
        newline_typing(&g);
    if (!g.mismatches)
        list_choice(&g);
    if (!g.mismatches)
        member_choice(&g);
    CHECK_EQ_INT(g.mismatches, 0);
    printf("  more screens, %s: %d steps, %d partial (%d of them keystrokes that must be), %d mismatches\n",
           elderly ? "large text" : "normal", g.steps, g.partial, g.typed, g.mismatches);
    free(g.part);
    free(g.full);
    flow_close(&f);
}

static void test_normal(void) { run_scenes(0); }
static void test_large_text(void) { run_scenes(1); }
static void test_more_normal(void) { run_more(0); }
static void test_more_large_text(void) { run_more(1); }

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_normal);
    RUN(test_large_text);
    RUN(test_more_normal);
    RUN(test_more_large_text);
    kb_ime_uninstall();
    return check_summary();
}
