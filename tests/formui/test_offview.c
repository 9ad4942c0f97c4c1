/* test_offview.c — the targets of a form page's fields scrolled partly or
 * wholly out of the page's view (under the footer, above the steps).
 *
 * A page scrolls between the header and steps above it and the footer
 * below; what lies outside its view is covered. A field's target (a text
 * box, a date's wheel buttons and rows, its 用这个日期 button, a list's row)
 * is what shows of it in the view, and one less than half of which shows
 * has none: so a script's tap on an id, a finger and the audit of targets
 * find only what is seen, and the middle of a target is never under the
 * footer or the steps. Every such target but a list's row kept its whole
 * rectangle, as far as off the canvas.
 *
 * A long test page (number boxes, two dates, a list) at 1080x1920 and
 * 1280x800, normal and large text, dragged through in steps of 29 pixels:
 * first each target's whole rectangle is learnt where it shows whole, then
 * on the way back each target must be exactly what shows of it, none while
 * less than half shows; a tap on a cut box, date button, 用这个日期 and row
 * (half under the footer or above the steps) reaches that field; the drags
 * made with the finger kept down, as the page is while she drags. Lifted,
 * the page moves on until no box, row or button is cut by the footer (a
 * finger aimed at the middle of one pressed the footer's button instead):
 * a box or 用这个日期 cut there when the finger lifts shows whole, and the
 * tap lands on it; at rest after each drag, down the page and back up,
 * none is cut there. In every
 * frame scrolled from the top, a rule of the theme's line colour runs
 * across the view's top, where it cuts the page (as the footer's line does
 * at its bottom); at the page's top there is none.
 *
 * 重写 under a signed pad (城乡居民基本养老保险参保登记, six layouts): a
 * drag that leaves it cut by the footer goes on, as the finger lifts, until
 * it shows whole or not at all; a tap on it clears the pad.
 *
 * With the argument "quick" (a cross build under an emulated CPU, where the
 * four take minutes) 1080x1920 in normal text and 1280x800 in large text
 * only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/widgets/widget.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const int SIZES[][2] = {{1080, 1920}, {1280, 800}};
enum { STEP = 29 }; /* pixels a drag moves the page: off any field's size */

static const char LONG_FORM[] =
    "{\"id\": \"offview\", \"version\": 1, \"title\": \"长页\","
    " \"description\": \"一页很多问题\", \"icon\": \"medical_remote\", \"fields\": ["
    " {\"key\": \"n1\", \"type\": \"integer\", \"label\": \"第一个数\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"n2\", \"type\": \"integer\", \"label\": \"第二个数\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"n3\", \"type\": \"integer\", \"label\": \"第三个数\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"when1\", \"type\": \"date\", \"label\": \"从哪天\", \"required\": false,"
    "  \"date_min\": \"today-30\", \"date_max\": \"today+60\"},"
    " {\"key\": \"n4\", \"type\": \"integer\", \"label\": \"第四个数\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"kind\", \"type\": \"choice\", \"label\": \"哪一种\", \"required\": false,"
    "  \"options\": [{\"value\": \"a\", \"label\": \"第一种\"}, {\"value\": \"b\", \"label\": \"第二种\"},"
    "  {\"value\": \"c\", \"label\": \"第三种\"}]},"
    " {\"key\": \"n5\", \"type\": \"integer\", \"label\": \"第五个数\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"when2\", \"type\": \"date\", \"label\": \"到哪天\", \"required\": false,"
    "  \"date_min\": \"today-30\", \"date_max\": \"today+60\", \"default\": \"today\"},"
    " {\"key\": \"n6\", \"type\": \"integer\", \"label\": \"第六个数\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"n7\", \"type\": \"integer\", \"label\": \"第七个数\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999},"
    " {\"key\": \"n8\", \"type\": \"integer\", \"label\": \"第八个数\", \"required\": false,"
    "  \"min\": 0, \"max\": 9999}],"
    " \"pages\": [{\"title\": \"很多问题\","
    "  \"fields\": [\"n1\", \"n2\", \"n3\", \"when1\", \"n4\", \"kind\", \"n5\", \"when2\", \"n6\", \"n7\", \"n8\"]}]}";

/* ---- what the page shows ---- */

/* The kinds of target a page's field registers. */
enum { K_BOX, K_DATE, K_USE, K_ROW, K_N };
static const char *const KIND[K_N] = {"a number box", "a date's button or row", "用这个日期",
                                      "a list's row"};

static int kind_of(const char *id)
{
    if (strstr(id, ".date."))
        return K_DATE;
    if (strstr(id, ".use"))
        return K_USE;
    if (strstr(id, ".opt."))
        return K_ROW;
    return K_BOX;
}

/* The page's own targets: its fields'. */
static int field_target(const char *id) { return !strncmp(id, "f.", 2); }

/* A target's whole rectangle, its y from the anchor (the first date's
 * wheels, laid out wherever they are scrolled). */
typedef struct {
    char id[64];
    SDL_Rect r;
} whole_t;

typedef struct {
    whole_t w[128];
    int n;
} wholes;

typedef struct {
    SDL_Rect r[128];
    char id[128][64];
    int n;
} seen_t;

static void seen_cb(void *ud, const char *id, const SDL_Rect *r)
{
    seen_t *s = ud;
    if (!field_target(id) || s->n == 128)
        return;
    s->r[s->n] = *r;
    snprintf(s->id[s->n], sizeof s->id[0], "%s", id);
    s->n++;
}

typedef struct {
    flow f;
    const char *when;
    wholes known;
    int outside;             /* targets reaching out of the view */
    int kept[2][K_N];        /* [bottom][kind]: cut, at least half shows, target what shows */
    int dropped[2][K_N];     /* less than half shows, no target */
    int top_anchor;          /* the anchor's y at the page's top; -1 until seen */
    int ruled, bare;         /* frames scrolled with the rule at the view's top, at the top without */
    int held, fx, fy;        /* the finger down (drag), where it is */
} rig;

/* The test form afresh, at its page's top; 0 or -1. */
static void lift(rig *g);

static int open_form(rig *g)
{
    lift(g);
    ui_app_go_home(g->f.u.app);
    ui_screen *s = ui_form_new(g->f.u.app, "offview");
    if (!s)
        return -1;
    ui_app_push(g->f.u.app, s);
    ui_app_render(g->f.u.app, 1);
    g->top_anchor = -1; /* the next look is at the page's top */
    return 0;
}

/* What the frame shows now (a whole frame drawn): the view, the anchor's y,
 * the fields' targets; each checked to lie inside the view. */
static void look(rig *g, SDL_Rect *v, int *anchor, seen_t *s)
{
    *v = (SDL_Rect){0, 0, 0, 0};
    *anchor = 0;
    s->n = 0;
    ui_app_render(g->f.u.app, 1);
    REQUIRE(ui_form_view(flow_top(&g->f), v) == 0);
    SDL_Rect pad;
    REQUIRE(ui_form_rect(flow_top(&g->f), "when1", &pad) == 0);
    *anchor = pad.y;
    /* scrolled, the view's first two rows are a rule of the theme's line
     * colour across it, as the footer's line below it: what a box cut there
     * goes under; at the page's top they are the page's margin */
    if (g->top_anchor < 0)
        g->top_anchor = pad.y;
    int on = uitest_count_color_shown(&g->f.u, v->x, v->y, v->w, 2, ui_app_theme(g->f.u.app)->line);
    if (pad.y < g->top_anchor) {
        g->ruled += on == v->w * 2;
        if (on != v->w * 2)
            printf("  %s: scrolled %d px, %d of the %d pixels of the view's top rows are the rule\n",
                   g->when, g->top_anchor - pad.y, on, v->w * 2);
        CHECK_EQ_INT(on, v->w * 2);
    } else {
        g->bare++;
        CHECK(on < v->w);
    }
    s->n = 0;
    ui_app_each_target(g->f.u.app, seen_cb, s);
    for (int i = 0; i < s->n; i++) {
        SDL_Rect in;
        if (!SDL_IntersectRect(&s->r[i], v, &in) || !SDL_RectEquals(&in, &s->r[i])) {
            if (g->outside++ < 6)
                printf("  %s: %s (%d,%d %dx%d) reaches out of the page's view (y %d..%d)\n",
                       g->when, s->id[i], s->r[i].x, s->r[i].y, s->r[i].w, s->r[i].h, v->y,
                       v->y + v->h);
        }
    }
}

/* Drags the page by dy (up: shows what is below) at the view's left edge,
 * beside the fields (a date's wheel turns under a finger), the finger kept
 * down (one touch from the first drag to lift(): what is cut by the view's
 * edges while she drags; lifted, the page moves on until nothing to tap is
 * cut by its foot). 0 when the page moved. */
static int drag(rig *g, int dy)
{
    SDL_Rect v, a0, a1;
    if (ui_form_view(flow_top(&g->f), &v) || ui_form_rect(flow_top(&g->f), "when1", &a0))
        return -1;
    char line[128];
    if (!g->held) {
        g->fx = v.x + ui_app_theme(g->f.u.app)->unit;
        g->fy = v.y + v.h / 2;
        snprintf(line, sizeof line, "down %d %d\n", g->fx, g->fy);
        if (flow_run(&g->f, line))
            return -1;
        g->held = 1;
    }
    g->fy -= dy;
    snprintf(line, sizeof line, "move %d %d\n", g->fx, g->fy);
    if (flow_run(&g->f, line))
        return -1;
    if (ui_form_rect(flow_top(&g->f), "when1", &a1))
        return -1;
    return a1.y != a0.y ? 0 : -1;
}

/* The finger lifted (after drag). */
static void lift(rig *g)
{
    if (!g->held)
        return;
    char line[128];
    snprintf(line, sizeof line, "up %d %d\n", g->fx, g->fy);
    OK(flow_run(&g->f, line));
    g->held = 0;
}

/* A drag by dy, lifted. 0 when the page moved. */
static int swipe(rig *g, int dy)
{
    int rc = drag(g, dy);
    lift(g);
    return rc;
}

static const whole_t *known_at(const rig *g, const char *id, const SDL_Rect *r, int anchor)
{
    for (int i = 0; i < g->known.n; i++) {
        const whole_t *w = &g->known.w[i];
        SDL_Rect at = {w->r.x, w->r.y + anchor, w->r.w, w->r.h}, in;
        if (!strcmp(w->id, id) && SDL_IntersectRect(r, &at, &in) && SDL_RectEquals(&in, r))
            return w;
    }
    return NULL;
}

/* Down the page: each target seen whole (clear of the view's edges) is
 * learnt, its y from the anchor. */
static void learn(rig *g)
{
    g->known.n = 0;
    for (int step = 0; step < 400; step++) {
        SDL_Rect v;
        int anchor;
        seen_t s;
        look(g, &v, &anchor, &s);
        for (int i = 0; i < s.n; i++) {
            const SDL_Rect *r = &s.r[i];
            if (r->y <= v.y || r->y + r->h >= v.y + v.h || known_at(g, s.id[i], r, anchor) ||
                g->known.n == 128)
                continue;
            whole_t *w = &g->known.w[g->known.n++];
            snprintf(w->id, sizeof w->id, "%s", s.id[i]);
            w->r = (SDL_Rect){r->x, r->y - anchor, r->w, r->h};
        }
        if (drag(g, STEP) != 0)
            return; /* the page's end */
    }
    CHECK(!"the page's end");
}

/* The frame's targets against the whole rectangles learnt: each is exactly
 * what shows of one of them, and each that shows at least half has one
 * (what shows), the others none. */
static void check_frame(rig *g)
{
    SDL_Rect v;
    int anchor;
    seen_t s;
    look(g, &v, &anchor, &s);
    for (int i = 0; i < s.n; i++)
        if (!known_at(g, s.id[i], &s.r[i], anchor)) {
            printf("  %s: %s (%d,%d %dx%d) is none of the targets seen whole\n", g->when,
                   s.id[i], s.r[i].x, s.r[i].y, s.r[i].w, s.r[i].h);
            CHECK(0);
        }
    for (int k = 0; k < g->known.n; k++) {
        const whole_t *w = &g->known.w[k];
        SDL_Rect at = {w->r.x, w->r.y + anchor, w->r.w, w->r.h}, shows;
        int any = SDL_IntersectRect(&at, &v, &shows);
        int bottom = at.y + at.h > v.y + v.h, kind = kind_of(w->id);
        if (!any)
            continue;
        int has = 0, cut = shows.h < at.h;
        for (int i = 0; i < s.n; i++)
            if (!strcmp(s.id[i], w->id) && SDL_RectEquals(&s.r[i], &shows))
                has = 1;
        if (shows.h * 2 < at.h) {
            g->dropped[bottom][kind]++;
            for (int i = 0; i < s.n; i++) {
                SDL_Rect in;
                if (!strcmp(s.id[i], w->id) && SDL_IntersectRect(&s.r[i], &at, &in)) {
                    printf("  %s: %s, %d of its %d pixels showing, has a target (%d,%d %dx%d)\n",
                           g->when, w->id, shows.h, at.h, s.r[i].x, s.r[i].y, s.r[i].w,
                           s.r[i].h);
                    CHECK(0);
                }
            }
        } else {
            if (cut)
                g->kept[bottom][kind]++;
            if (!has) {
                printf("  %s: %s, %d of its %d pixels showing (%d,%d %dx%d), has not that target\n",
                       g->when, w->id, shows.h, at.h, shows.x, shows.y, shows.w, shows.h);
                CHECK(0);
            }
        }
    }
}

/* 1 when a target is cut by the view's top and one by its bottom. */
static int cut_both(rig *g)
{
    SDL_Rect v;
    int anchor, top = 0, bottom = 0;
    seen_t s;
    look(g, &v, &anchor, &s);
    for (int i = 0; i < s.n; i++) {
        const whole_t *w = known_at(g, s.id[i], &s.r[i], anchor);
        if (w && s.r[i].h < w->r.h) {
            top |= s.r[i].y == v.y;
            bottom |= s.r[i].y + s.r[i].h == v.y + v.h;
        }
    }
    return top && bottom;
}

/* ---- taps on cut targets ---- */

/* From the page's top, drags until id's target (the one a script's tap
 * finds: the last of that id) is cut by the view's bottom (or top) edge with
 * at least half of it showing, lifts the finger and taps it by its id. Cut
 * by the bottom, the page moves on as the finger lifts until the target
 * shows whole (checked), where the tap then lands; cut by the top, it is
 * tapped there where it still is once lifted. 0 when tapped. */
static int tap_cut(rig *g, const char *id, int bottom)
{
    if (open_form(g))
        return -1;
    for (int step = 0; step < 400; step++) {
        SDL_Rect v;
        int anchor;
        seen_t s;
        look(g, &v, &anchor, &s);
        int last = -1;
        for (int i = 0; i < s.n; i++)
            if (!strcmp(s.id[i], id))
                last = i;
        const whole_t *w = last >= 0 ? known_at(g, id, &s.r[last], anchor) : NULL;
        if (w && s.r[last].h < w->r.h &&
            (bottom ? s.r[last].y + s.r[last].h == v.y + v.h : s.r[last].y == v.y)) {
            char line[96];
            lift(g);
            look(g, &v, &anchor, &s);
            last = -1;
            for (int i = 0; i < s.n; i++)
                if (!strcmp(s.id[i], id))
                    last = i;
            w = last >= 0 ? known_at(g, id, &s.r[last], anchor) : NULL;
            if (bottom && (!w || s.r[last].h != w->r.h || s.r[last].y + s.r[last].h >= v.y + v.h)) {
                printf("  %s: %s not whole once the finger lifted\n", g->when, id);
                return -1;
            }
            /* cut by the top: still cut there once lifted (the foot's
             * move may have taken it on), else on */
            if (bottom || (w && s.r[last].h < w->r.h && s.r[last].y == v.y)) {
                snprintf(line, sizeof line, "tap @%s\n", id);
                return flow_run(&g->f, line);
            }
        }
        if (drag(g, STEP) != 0)
            break;
    }
    printf("  %s: %s never cut by the view's %s\n", g->when, id, bottom ? "bottom" : "top");
    return -1;
}

/* Down the page and back up by lifted drags: at rest, no box, row or button
 * cut by the view's foot (the foot bar over part of it: a finger aimed at
 * its middle pressed the bar's button), but at the page's top, as it
 * opens (a drag back up that stops short of it goes on to it). */
static void rest_checks(rig *g)
{
    REQUIRE(open_form(g) == 0);
    SDL_Rect v0;
    int a0, frames = 0;
    seen_t s0;
    look(g, &v0, &a0, &s0); /* the page's top */
    for (int dir = 1; dir >= -1; dir -= 2)
        for (int step = 0; step < 400 && swipe(g, dir * STEP) == 0; step++, frames++) {
            SDL_Rect v;
            int anchor;
            seen_t s;
            look(g, &v, &anchor, &s);
            for (int i = 0; i < s.n && anchor != g->top_anchor; i++) {
                const whole_t *w = known_at(g, s.id[i], &s.r[i], anchor);
                if (!w || kind_of(w->id) == K_DATE || s.r[i].h == w->r.h ||
                    s.r[i].y + s.r[i].h != v.y + v.h)
                    continue;
                printf("  %s: at rest, %s cut by the view's foot (%d of %d pixels)\n", g->when,
                       w->id, s.r[i].h, w->r.h);
                CHECK(0);
            }
        }
    CHECK(frames > 10);
}

static void taps(rig *g)
{
    /* a number box half under the footer: it takes what is typed */
    REQUIRE(tap_cut(g, "f.n5", 1) == 0);
    CHECK(ui_form_kb(flow_top(&g->f)) != NULL);
    OK(flow_run(&g->f, "text 42\n"));
    OK(flow_tap(&g->f, "form.done"));
    const char *v = form_inst_get(ui_form_inst(flow_top(&g->f)), "n5");
    CHECK_EQ_STR(v ? v : "(none)", "42");
    /* 用这个日期 under the footer: the date is answered */
    REQUIRE(tap_cut(g, "f.when1.use", 1) == 0);
    CHECK(form_inst_get(ui_form_inst(flow_top(&g->f)), "when1") != NULL);
    /* a date's day a row back, above the steps */
    REQUIRE(tap_cut(g, "f.when2.date.d.up", 0) == 0);
    v = form_inst_get(ui_form_inst(flow_top(&g->f)), "when2");
    CHECK_EQ_STR(v ? v : "(none)", "2026-11-21");
    /* a list's last row above the steps: chosen */
    REQUIRE(tap_cut(g, "f.kind.opt.2", 0) == 0);
    v = form_inst_get(ui_form_inst(flow_top(&g->f)), "kind");
    CHECK_EQ_STR(v ? v : "(none)", "c");
}

/* The page dragged through, then the taps, at one size and text size. */
static void page_checks(rig *g, int w, int h, int elderly)
{
    char err[256];
    if (elderly)
        OK(flow_run(&g->f, "elderly on\n"));
    OK(form_catalog_load_string(g->f.cat, LONG_FORM, "offview.json", err, sizeof err));
    REQUIRE(open_form(g) == 0);
    learn(g);
    CHECK(g->known.n >= 20);
    /* back up the page, then down again from two thirds of a step on */
    lift(g);
    while (drag(g, -STEP) == 0)
        check_frame(g);
    check_frame(g);
    lift(g);
    REQUIRE(drag(g, STEP * 2 / 3) == 0);
    do
        check_frame(g);
    while (drag(g, STEP) == 0);
    lift(g);
    CHECK_EQ_INT(g->outside, 0);
    CHECK(g->ruled > 10 && g->bare > 0);
    printf("  %s: %d frames scrolled with the rule at the view's top, %d at the top without\n",
           g->when, g->ruled, g->bare);
    printf("  %s: %d targets learnt; cut and kept / dropped at the top:", g->when, g->known.n);
    for (int k = 0; k < K_N; k++)
        printf(" %d/%d", g->kept[0][k], g->dropped[0][k]);
    printf(", at the bottom:");
    for (int k = 0; k < K_N; k++)
        printf(" %d/%d", g->kept[1][k], g->dropped[1][k]);
    printf("\n");
    for (int b = 0; b < 2; b++)
        for (int k = 0; k < K_N; k++) {
            if (!g->kept[b][k] || !g->dropped[b][k])
                printf("  %s: %s at the view's %s: %d cut and kept, %d dropped\n", g->when,
                       KIND[k], b ? "bottom" : "top", g->kept[b][k], g->dropped[b][k]);
            CHECK(g->kept[b][k] > 0 && g->dropped[b][k] > 0);
        }
    /* the page with targets cut by both the steps and the footer, to look at */
    REQUIRE(open_form(g) == 0);
    for (int step = 0; step < 400 && !cut_both(g); step++)
        REQUIRE(drag(g, STEP) == 0);
    char png[1024];
    snprintf(png, sizeof png, "%s/offview-%dx%d%s.png", check_tmpdir("offview"), w, h,
             elderly ? "-elderly" : "");
    OK(ui_app_screenshot(g->f.u.app, png, err, sizeof err));
    rest_checks(g);
    taps(g);
}

static void page(int w, int h, int elderly)
{
    rig *g = calloc(1, sizeof *g);
    REQUIRE(g != NULL);
    char when[64];
    snprintf(when, sizeof when, "%dx%d%s", w, h, elderly ? " large text" : "");
    g->when = when;
    if (flow_open(&g->f, w, h, "offview.db", 1) == 0) {
        page_checks(g, w, h, elderly);
        flow_close(&g->f);
    } else {
        CHECK(!"flow_open");
    }
    free(g);
}

static int g_quick; /* "quick": portrait in normal text and the tablet in large text only */

static void test_offview(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++)
        for (int el = 0; el < 2; el++)
            if (!g_quick || el == (int)i)
                page(SIZES[i][0], SIZES[i][1], el);
}

/* 城乡居民基本养老保险参保登记's last page, 承诺 agreed and 本人签名
 * signed: the page dragged by a finger kept down, 7 px at a time, from its
 * top until 重写 under the pad is cut by the view's foot (in large text on
 * the wide screen it was left so, the foot bar over its lower half: a
 * finger aimed at its middle pressed the bar's button); lifted, 重写 shows
 * whole or not at all, and a tap on it clears the pad. *was_cut: 1 if it
 * ever was. */
static void resign_at(int w, int h, int elderly, int *cut)
{
    flow f;
    int was_cut = 0;
    *cut = 0;
    REQUIRE(flow_open(&f, w, h, "offview-resign.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.pension"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    form_inst *in = ui_form_inst(flow_form(&f));
    REQUIRE(form_inst_goto(in, 4) == 0);
    OK(flow_tap(&f, "form.prev"));
    OK(flow_choose(&f, "account_type", "sscard"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_page(in) == 4);
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    REQUIRE(form_inst_get(in, "signature") != NULL);
    OK(flow_page_top(&f));
    SDL_Rect v, r;
    ui_app_render(f.u.app, 0);
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    int bh = ui_button_height(f.u.app), x = v.x + 4, y = v.y + v.h - 8;
    char line[128];
    snprintf(line, sizeof line, "down %d %d\n", x, y);
    OK(flow_run(&f, line));
    for (int step = 0; step < 200 && !was_cut; step++) {
        y -= 7;
        snprintf(line, sizeof line, "move %d %d\n", x, y);
        OK(flow_run(&f, line));
        ui_app_render(f.u.app, 0);
        was_cut = uitest_target_rect(f.u.app, "f.signature.resign", &r) == 0 && r.h < bh &&
                  r.y + r.h == v.y + v.h;
    }
    snprintf(line, sizeof line, "up %d %d\n", x, y);
    OK(flow_run(&f, line));
    ui_app_render(f.u.app, 1);
    char png[1024], err[256]; /* to look at */
    snprintf(png, sizeof png, "%s/resign-%dx%d%s.png", check_tmpdir("offview"), w, h,
             elderly ? "-elderly" : "");
    OK(ui_app_screenshot(f.u.app, png, err, sizeof err));
    int shown = uitest_target_rect(f.u.app, "f.signature.resign", &r) == 0;
    if (was_cut && shown && (r.h != bh || r.y + r.h >= v.y + v.h))
        printf("  %dx%d%s: 重写 at rest %d of its %d pixels (y %d..%d, the view %d..%d)\n", w, h,
               elderly ? " large text" : "", r.h, bh, r.y, r.y + r.h, v.y, v.y + v.h);
    CHECK(!was_cut || !shown || (r.h == bh && r.y + r.h < v.y + v.h));
    if (was_cut && shown) {
        OK(flow_run(&f, "tap @f.signature.resign\n"));
        const char *sig = form_inst_get(in, "signature");
        CHECK(sig == NULL || !*sig);
    }
    flow_close(&f);
    *cut = was_cut;
}

static void test_resign_rest(void)
{
    static const struct {
        int w, h, elderly;
    } SIX[] = {{1080, 1920, 0}, {1080, 1920, 1}, {1280, 800, 0},
               {1280, 800, 1},  {1920, 1080, 0}, {1920, 1080, 1}};
    for (size_t k = 0; k < sizeof SIX / sizeof SIX[0]; k++) {
        if (g_quick && !(SIX[k].w == 1920 && SIX[k].elderly))
            continue; /* quick: where it was seen */
        int cut;
        resign_at(SIX[k].w, SIX[k].h, SIX[k].elderly, &cut);
        if (SIX[k].w == 1920 && SIX[k].elderly)
            CHECK(cut); /* where it was seen */
    }
}

int main(int argc, char **argv)
{
    g_quick = argc > 1 && !strcmp(argv[1], "quick");
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_offview);
    RUN(test_resign_rest);
    kb_ime_uninstall();
    return check_summary();
}
