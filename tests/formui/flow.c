/* flow.c — see flow.h. */
#include "flow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "core/strings.h"
#include "ui/core/text.h"
#include "ui/kb/kb.h"
#include "ui/widgets/widget_list.h"
#include "plat_paths.h"
#include "sync/sync_store.h"
#include "ui/core/script.h"

static int print_fn(void *ud, const uint8_t *bytes, size_t len, char *err, size_t errlen)
{
    flow *f = ud;
    f->prints++;
    f->printed_len = len;
    free(f->printed);
    f->printed = bytes && len ? malloc(len) : NULL;
    if (f->printed)
        memcpy(f->printed, bytes, len);
    return bytes && len ? 0 : -1;
}

static int64_t fixed_ms(void *ud) { return 1795311000LL * 1000; }

int flow_open(flow *f, int w, int h, const char *db_name, int fresh)
{
    memset(f, 0, sizeof *f);
    if (uitest_open(&f->u, w, h) != 0)
        return -1;
    f->cat = form_catalog_new();
    if (!f->cat || form_catalog_load_dir(f->cat, check_asset("forms")) < 8) {
        printf("  catalogue did not load\n");
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/%s", check_tmpdir("data"), db_name);
    if (fresh)
        fx_db_remove(f->db);
    int rc = store_open(f->db, &f->st);
    if (rc != STORE_OK) {
        printf("  store: %s\n", store_error_key(rc));
        return -1;
    }
    store_set_clock(f->st, fixed_ms, NULL);
    /* as boot.c: the request body frozen at confirm, naming the images by hash */
    store_set_body_fn(f->st, sync_store_body, (void *)plat_paths_data());
    f->sv.forms = f->cat;
    f->sv.store = f->st;
    f->sv.print = print_fn;
    f->sv.print_ud = f;
    f->sv.paper_mm = 58;
    ui_app_set_services(f->u.app, &f->sv);
    return 0;
}

void flow_close(flow *f)
{
    uitest_close(&f->u); /* screens first: they use the store */
    store_close(f->st);
    form_catalog_free(f->cat);
    free(f->printed);
    memset(f, 0, sizeof *f);
}

int flow_run(flow *f, const char *script)
{
    char err[512] = "";
    int rc = ui_script_run(f->u.app, script, "flow", check_tmpdir("shots"), err, sizeof err);
    if (rc)
        printf("  %s (script: %s)\n", err, script);
    return rc;
}

static void collect_target(void *ud, const char *id, const SDL_Rect *r)
{
    flow_targets *ts = ud;
    if (ts->n < FLOW_MAX_TARGETS) {
        snprintf(ts->t[ts->n].id, sizeof ts->t[ts->n].id, "%s", id);
        ts->t[ts->n].r = *r;
        ts->n++;
    }
}

void flow_targets_of(ui_app *a, flow_targets *out)
{
    out->n = 0;
    ui_app_each_target(a, collect_target, out);
}

ui_screen *flow_top(flow *f) { return ui_app_top(f->u.app); }
const char *flow_top_name(flow *f) { return flow_top(f) ? flow_top(f)->ops->name : ""; }

ui_screen *flow_form(flow *f)
{
    for (ui_screen *s = flow_top(f); s; s = ui_app_below(f->u.app, s))
        if (ui_form_is(s))
            return s;
    return NULL;
}

typedef struct {
    const char *id;
    int found, x, y, covered;
} hit_ud;

static void each(void *ud, const char *id, const SDL_Rect *r)
{
    hit_ud *h = ud;
    if (!strcmp(id, h->id)) {
        h->found = 1;
        h->x = r->x + r->w / 2;
        h->y = r->y + r->h / 2;
        h->covered = 0;
    } else if (h->found && h->x >= r->x && h->x < r->x + r->w && h->y >= r->y &&
               h->y < r->y + r->h) {
        h->covered = 1; /* a later target (a bar, the keyboard) lies over it */
    }
}

/* Drags the page by a third of its height: dir -1 shows what is below. */
static int drag_page(flow *f, int dir)
{
    SDL_Rect v;
    if (ui_form_view(flow_top(f), &v) != 0)
        return -1;
    /* a third of the view; a view short over a keyboard under the page (a
     * tablet) two thirds (a stroke shorter than the view: a target's middle
     * does not jump over it) */
    int d = v.h < 480 ? v.h * 2 / 3 : v.h / 3;
    int x = v.x + v.w - 6, y0 = v.y + v.h / 2, y1 = y0 + dir * d;
    char line[128];
    snprintf(line, sizeof line, "drag %d %d %d %d 48\n", x, y0, x, y1);
    f->scrolls++;
    return flow_run(f, line);
}

void flow_reader(flow *f, const char *cards)
{
    f->sv.idcard_device = cards;
    ui_app_set_services(f->u.app, &f->sv);
}

int flow_again(flow *f)
{
    int x, y;
    ui_app_render(f->u.app, 0);
    if (strcmp(flow_top_name(f), "form") ||
        ui_app_find_target(f->u.app, "form.dlg.cancel", &x, &y) != 0)
        return 0;
    return flow_tap(f, "form.dlg.cancel");
}

int flow_manual(flow *f)
{
    ui_app_render(f->u.app, 0);
    hit_ud h = {"card.manual", 0, 0, 0, 0};
    ui_app_each_target(f->u.app, each, &h);
    if (!h.found || h.covered)
        return 0;
    char line[64];
    snprintf(line, sizeof line, "tap %d %d\n", h.x, h.y);
    f->taps++;
    return flow_run(f, line);
}

/* The first of ids[0..n) on the screen and uncovered, into *hit (its index
 * returned), after dragging the page (or a menu's list, or home's pages)
 * until one is: a target off the page's view is not on the screen. -1 when
 * none comes. */
static int find_first(flow *f, const char *const *ids, int n, hit_ud *hit)
{
    const char *id = ids[0];
    for (int tries = 0; tries < 30; tries++) {
        ui_app_render(f->u.app, 0);
        int w, hgt;
        plat_display_size(f->u.disp, &w, &hgt);
        hit_ud h = {ids[0], 0, 0, 0, 0};
        for (int k = 0; k < n; k++) {
            hit_ud hk = {ids[k], 0, 0, 0, 0};
            ui_app_each_target(f->u.app, each, &hk);
            if (hk.found && !hk.covered && hk.y >= 0 && hk.y < hgt) {
                *hit = hk;
                return k;
            }
            if (hk.found && !h.found)
                h = hk; /* the page is dragged towards it */
        }
        if (!strcmp(flow_top_name(f), "home")) {
            /* home tiles in pages: from the first page on, as a person looks */
            hit_ud p = {tries == 0 ? "home.page.prev" : "home.page.next", 0, 0, 0, 0};
            ui_app_each_target(f->u.app, each, &p);
            while (tries == 0 && p.found) {
                char line[128];
                snprintf(line, sizeof line, "tap %d %d\n", p.x, p.y);
                if (flow_run(f, line))
                    return -1;
                ui_app_render(f->u.app, 0);
                p.found = 0;
                ui_app_each_target(f->u.app, each, &p);
            }
            if (tries > 0) {
                if (!p.found)
                    break;
                char line[128];
                snprintf(line, sizeof line, "tap %d %d\n", p.x, p.y);
                if (flow_run(f, line))
                    return -1;
            }
            continue;
        }
        SDL_Rect v;
        if (ui_form_view(flow_top(f), &v) != 0) {
            if (strcmp(flow_top_name(f), "menu"))
                break;
            /* a menu's rows scroll: drag the list up (then down), as a finger would */
            int dir = h.found ? (h.y >= hgt / 2 ? -1 : 1) : (tries < 12 ? -1 : 1);
            char line[128];
            snprintf(line, sizeof line, "drag %d %d %d %d 48\nwait 1500\n", w / 2, hgt / 2,
                     w / 2, hgt / 2 + dir * hgt / 4); /* and let it come to rest */
            f->scrolls++;
            if (flow_run(f, line))
                return -1;
            continue;
        }
        int dir = h.found ? (h.y >= v.y + v.h / 2 ? -1 : 1) : (tries < 12 ? -1 : 1);
        if (drag_page(f, dir))
            return -1;
    }
    printf("  target %s%s not reachable on %s\n", id, n > 1 ? " (or another)" : "",
           flow_top_name(f));
    return -1;
}

int flow_show(flow *f, const char *const *ids, int n)
{
    hit_ud h;
    return find_first(f, ids, n, &h);
}

/* The key of the current page's first question that shows, or "". */
static const char *first_key(flow *f)
{
    form_inst *in = flow_form(f) ? ui_form_inst(flow_form(f)) : NULL;
    const form_def *def = in ? form_inst_def(in) : NULL;
    size_t p = in ? form_inst_page(in) : 0;
    for (size_t i = 0; def && i < form_def_page_field_count(def, p); i++) {
        const char *key = form_field_key(form_def_page_field(def, p, i));
        if (form_inst_visible(in, key))
            return key;
    }
    return "";
}

int flow_page_top(flow *f)
{
    for (int tries = 0; tries < 30; tries++) {
        SDL_Rect v, before, after;
        ui_app_render(f->u.app, 0);
        if (ui_form_view(flow_top(f), &v) || ui_form_question(flow_top(f), first_key(f), &before))
            return -1;
        if (drag_page(f, 1) || flow_run(f, "wait 1500\n"))
            return -1;
        ui_app_render(f->u.app, 0);
        if (ui_form_question(flow_top(f), first_key(f), &after))
            return -1;
        if (after.y == before.y)
            return 0;
    }
    return -1;
}

/* Taps the first of ids[0..n) that find_first brings (its index into
 * *which). 0 or -1. */
static int tap_first(flow *f, const char *const *ids, int n, int *which)
{
    hit_ud h;
    if ((*which = find_first(f, ids, n, &h)) < 0)
        return -1;
    char line[128];
    snprintf(line, sizeof line, "tap %d %d\n", h.x, h.y);
    f->taps++;
    return flow_run(f, line);
}

int flow_tap(flow *f, const char *id)
{
    int which;
    return tap_first(f, &id, 1, &which);
}

int flow_keys(flow *f, const char *s)
{
    if (!f->tap_keys && strlen(s) < 60) {
        char line[80];
        snprintf(line, sizeof line, "text %s\n", s);
        return flow_run(f, line);
    }
    for (; *s; s++) {
        char id[32];
        if (*s == '.')
            snprintf(id, sizeof id, "kb.k.dot");
        else
            snprintf(id, sizeof id, "kb.k.%c", *s == 'X' ? 'x' : *s);
        if (flow_tap(f, id))
            return -1;
    }
    return 0;
}

int flow_to_pinyin(flow *f)
{
    kb *k = ui_form_kb(flow_top(f));
    return k && kb_get_kind(k) == KB_HAND ? flow_tap(f, "kb.k.mode") : 0;
}

int flow_type(flow *f, const char *key, const char *s)
{
    char id[64];
    snprintf(id, sizeof id, "f.%s", key);
    if (flow_tap(f, id) || flow_tap(f, "kb.k.clear"))
        return -1;
    return flow_keys(f, s);
}

static int pick(flow *f, const char *want)
{
    kb *k = ui_form_kb(flow_top(f));
    int idx = -1;
    for (int i = 0; k && i < kb_cand_count(k); i++)
        if (!strcmp(kb_cand(k, i), want)) {
            idx = i;
            break;
        }
    if (idx < 0) {
        printf("  '%s' is not among the candidates\n", want);
        return -1;
    }
    char id[64];
    snprintf(id, sizeof id, "kb.c.%d", idx);
    return flow_cand_tap(f, id);
}

int flow_cand_tap(flow *f, const char *id)
{
    for (int page = 0; page < 40; page++) {
        int x, y;
        ui_app_render(f->u.app, 0);
        if (ui_app_find_target(f->u.app, id, &x, &y) == 0)
            return flow_tap(f, id);
        /* the common pages first; the rare characters behind 生僻字 */
        const char *turn = ui_app_find_target(f->u.app, "kb.next", &x, &y) == 0 ? "kb.next"
                           : ui_app_find_target(f->u.app, "kb.k.rare", &x, &y) == 0 ? "kb.k.rare"
                                                                                   : NULL;
        if (!turn || flow_tap(f, turn))
            return -1;
    }
    return -1;
}

int flow_hanzi(flow *f, const char *key, const char *text, const char *syllables)
{
    char id[64], syl[16];
    snprintf(id, sizeof id, "f.%s", key);
    if (flow_tap(f, id) || flow_tap(f, "kb.k.clear") || flow_to_pinyin(f))
        return -1;
    const char *p = text, *q = syllables;
    while (*p) {
        /* one UTF-8 character and its syllable */
        int len = (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 1;
        char ch[8];
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
        if (flow_keys(f, syl) || pick(f, ch))
            return -1;
    }
    return 0;
}

/* On the long-list screen (form_pick.h): drags its list until the row with
 * that label shows, then taps it. */
int flow_sentence(flow *f, const char *letters, const char *want)
{
    if (*letters && flow_keys(f, letters))
        return -1;
    kb *k = ui_form_kb(flow_top(f));
    const char *rest = want;
    for (int guard = 0; k && *kb_composing(k) && *rest && guard < 8; guard++) {
        int best = -1;
        size_t bl = 0;
        for (int i = 0; i < kb_cand_count(k) && i < 8; i++) {
            size_t l = strlen(kb_cand(k, i));
            if (l > bl && !strncmp(rest, kb_cand(k, i), l)) {
                best = i;
                bl = l;
            }
        }
        if (best < 0) {
            printf("  no candidate begins %s (first: %s)\n", rest,
                   kb_cand_count(k) ? kb_cand(k, 0) : "none");
            return -1;
        }
        char id[32];
        snprintf(id, sizeof id, "kb.c.%d", best);
        if (flow_tap(f, id))
            return -1;
        rest += bl;
    }
    return k && !*kb_composing(k) && !*rest ? 0 : -1;
}

int flow_pick_row(flow *f, const char *label)
{
    if (strcmp(flow_top_name(f), "form_pick"))
        return -1;
    ui_list *l = *(ui_list **)flow_top(f)->priv; /* ui_list_screen_event's convention */
    int row = -1;
    for (int i = 0; i < ui_list_count(l); i++)
        if (!strcmp(ui_list_text(l, i), label))
            row = i;
    if (row < 0) {
        printf("  no row %s on the list screen\n", label);
        return -1;
    }
    char id[32];
    snprintf(id, sizeof id, "pick.list.%d", row);
    int w, h;
    plat_display_size(f->u.disp, &w, &h);
    for (int tries = 0; tries < 40; tries++) {
        ui_app_render(f->u.app, 0);
        hit_ud hit = {id, 0, 0, 0, 0};
        ui_app_each_target(f->u.app, each, &hit);
        if (hit.found && !hit.covered && hit.y > 0 && hit.y < h - ui_app_theme(f->u.app)->target) {
            char line[64];
            snprintf(line, sizeof line, "tap %d %d\n", hit.x, hit.y);
            f->taps++;
            return flow_run(f, line);
        }
        /* which way: the first row on screen */
        int first = -1;
        for (int i = 0; i < ui_list_count(l) && first < 0; i++) {
            char rid[32];
            snprintf(rid, sizeof rid, "pick.list.%d", i);
            hit_ud r = {rid, 0, 0, 0, 0};
            ui_app_each_target(f->u.app, each, &r);
            if (r.found)
                first = i;
        }
        int up = row > first; /* the row is further down: drag up */
        char line[128];
        snprintf(line, sizeof line, "drag %d %d %d %d 300\n", w / 2, up ? h * 2 / 3 : h / 2,
                 w / 2, up ? h / 2 : h * 2 / 3);
        f->scrolls++;
        if (flow_run(f, line))
            return -1;
    }
    printf("  row %s not reachable\n", label);
    return -1;
}

int flow_choose(flow *f, const char *key, const char *value)
{
    const form_def *def = form_inst_def(ui_form_inst(flow_form(f)));
    const form_field *fl = form_def_field(def, key);
    /* its row on the page, or for a long list the box that opens the list on
     * its own screen: whichever the page shows, dragged into view */
    char pick[64], row[64];
    const char *ids[2] = {row, pick};
    int which;
    snprintf(pick, sizeof pick, "f.%s.pick", key);
    for (size_t i = 0; fl && i < form_field_option_count(fl); i++)
        if (!strcmp(form_field_option_value(fl, i), value)) {
            snprintf(row, sizeof row, "f.%s.opt.%zu", key, i);
            if (tap_first(f, ids, 2, &which))
                return -1;
            return which == 1 ? flow_pick_row(f, form_field_option_label(fl, i)) : 0;
        }
    printf("  no option %s of %s\n", value, key);
    return -1;
}

int flow_sign(flow *f, const char *key)
{
    for (int tries = 0; tries < 20; tries++) {
        ui_app_render(f->u.app, 0);
        SDL_Rect v, p;
        if (ui_form_view(flow_top(f), &v) || ui_form_rect(flow_top(f), key, &p)) {
            if (drag_page(f, -1))
                return -1;
            continue;
        }
        if (p.y < v.y || p.y + p.h > v.y + v.h) {
            if (drag_page(f, p.y < v.y ? 1 : -1))
                return -1;
            continue;
        }
        char s[512];
        snprintf(s, sizeof s,
                 "drag %d %d %d %d 96\n"
                 "drag %d %d %d %d 96\n",
                 p.x + p.w / 5, p.y + p.h / 2, p.x + p.w * 2 / 5, p.y + p.h / 4,
                 p.x + p.w / 2, p.y + p.h * 3 / 4, p.x + p.w * 4 / 5, p.y + p.h / 3);
        return flow_run(f, s);
    }
    return -1;
}

int flow_agree(flow *f, const char *key)
{
    char id[64];
    snprintf(id, sizeof id, "f.%s.agree", key);
    return flow_tap(f, id);
}

int flow_submit(flow *f)
{
    if (flow_tap(f, "form.next") || flow_tap(f, "form.dlg.ok"))
        return -1;
    return strcmp(flow_top_name(f), "receipt") ? -1 : 0;
}

/* Answers key through the form engine; 0, or -1 with a line. */
static int set(flow *f, const char *key, const char *v)
{
    char err[256];
    if (form_inst_set(ui_form_inst(flow_form(f)), key, v, err, sizeof err) == FORM_OK)
        return 0;
    printf("  %s: %s\n", key, err);
    return -1;
}

/* 下一步 from the first page; a draft of the same person left from before
 * (上次没有填完): 重新开始. 0, or -1. */
static int next_fresh(flow *f)
{
    if (flow_tap(f, "form.next"))
        return -1;
    SDL_Rect r;
    ui_app_render(f->u.app, 0);
    if (uitest_target_rect(f->u.app, "form.dlg.cancel", &r) == 0)
        return flow_tap(f, "form.dlg.cancel");
    return 0;
}

int flow_drafts(flow *f)
{
    store_draft *d;
    size_t n;
    if (store_draft_list(f->st, &d, &n) != STORE_OK)
        return -1;
    store_draft_list_free(d, n);
    return (int)n;
}

int flow_copy_draft(flow *f, const char *from, const char *to)
{
    store_draft d;
    memset(&d, 0, sizeof d);
    int rc = store_draft_load(f->st, from, &d) == STORE_OK &&
                     store_draft_save(f->st, to, d.form_id, d.form_version, d.page, d.answers,
                                      d.agent_id) == STORE_OK
                 ? 0
                 : -1;
    store_draft_clear(&d);
    return rc;
}

int flow_sign_consent(flow *f)
{
    int x, y;
    if (ui_app_find_target(f->u.app, "consent.pad", &x, &y) != 0)
        return -1;
    char s[256];
    snprintf(s, sizeof s, "drag %d %d %d %d 200\ndrag %d %d %d %d 200\n", x - 200, y, x + 150,
             y - 40, x - 100, y + 60, x + 220, y + 50);
    return flow_run(f, s);
}

void flow_shot(flow *f, const char *name)
{
    char rel[128];
    snprintf(rel, sizeof rel, "formui/ref/%s.png", name);
    CHECK_EQ_INT(uitest_compare(&f->u, rel), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f->u.app)), 0);
}

void flow_open_certs(flow *f, int elderly)
{
    if (elderly)
        REQUIRE(flow_run(f, "elderly on\n") == 0);
    CHECK_EQ_INT(flow_tap(f, "tile.certs"), 0);
    CHECK_EQ_INT(flow_tap(f, "menu.list.1"), 0);
    CHECK_EQ_INT(flow_manual(f), 0);
    REQUIRE(ui_form_is(flow_top(f)));
    REQUIRE(form_inst_page(ui_form_inst(flow_form(f))) == 0);
}

void flow_draft_answer(store *st, const char *uuid, const char *key, char *out, size_t n)
{
    snprintf(out, n, "-");
    store_draft d;
    memset(&d, 0, sizeof d);
    if (store_draft_load(st, uuid, &d) == STORE_OK && d.answers) {
        char pat[64];
        snprintf(pat, sizeof pat, "\"%s\":\"", key);
        const char *p = strstr(d.answers, pat);
        snprintf(out, n, "%s", "");
        if (p) {
            p += strlen(pat);
            size_t len = strcspn(p, "\"");
            snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), p);
        }
    }
    store_draft_clear(&d);
}

int flow_to_photos(flow *f)
{
    if (flow_tap(f, "tile.dibao") || flow_manual(f) || set(f, "name", "张三") ||
        set(f, "idno", "110105197005100014") || set(f, "phone", "13812345678") ||
        set(f, "hukou_address", "东风村三组"))
        return -1;
    if (next_fresh(f))
        return -1;
    form_inst *in = ui_form_inst(flow_form(f));
    char err[128];
    if (form_inst_member_add(in, "members", err, sizeof err) != 0) {
        printf("  a family member: %s\n", err);
        return -1;
    }
    const char *m[] = {"m_name", "张三", "m_idno", "110105197005100014", "m_relation", "self",
                       "m_health", "healthy", "m_income", "300", "m_deposit", "1000", NULL};
    for (const char **k = m; *k; k += 2)
        if (form_inst_member_set(in, "members", 0, k[0], k[1], err, sizeof err) != 0) {
            printf("  %s: %s\n", k[0], err);
            return -1;
        }
    if (flow_tap(f, "form.next") || set(f, "house_count", "1") || set(f, "has_vehicle", "no") ||
        set(f, "reason", "家里没有收入") || flow_tap(f, "form.next") ||
        set(f, "bank_account", "6222020200112233446") || set(f, "bank_name", "信用社") ||
        flow_tap(f, "form.next"))
        return -1;
    if (form_inst_page(in) != 4) {
        printf("  证明材料 not reached (page %zu)\n", form_inst_page(in));
        return -1;
    }
    return 0;
}

int flow_hand_load(const char *want, flow_hand_char *out)
{
    FILE *fp = fopen(check_testfile("ime/hand-strokes.txt"), "r");
    if (!fp)
        return -1;
    char line[1024];
    int in = 0;
    memset(out, 0, sizeof *out);
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!in && tab) {
            *tab = '\0';
            in = !strcmp(line, want);
            continue;
        }
        if (!line[0]) {
            if (in)
                break;
            continue;
        }
        if (!in || out->nstrokes == FLOW_HAND_STROKES)
            continue;
        int st = out->nstrokes++, x, y, used;
        for (char *p = line;
             out->npts[st] < FLOW_HAND_PTS && sscanf(p, "%d,%d%n", &x, &y, &used) == 2; p += used) {
            out->x[st][out->npts[st]] = x;
            out->y[st][out->npts[st]] = y;
            out->npts[st]++;
        }
    }
    fclose(fp);
    return out->nstrokes > 0 ? 0 : -1;
}

void flow_hand_stroke(const flow_hand_char *c, int st, const SDL_Rect *cv, char *script,
                      size_t n, char *up, size_t upn)
{
    int side = (cv->w < cv->h ? cv->w : cv->h) * 8 / 10;
    int ox = cv->x + (cv->w - side) / 2, oy = cv->y + (cv->h - side) / 2;
    size_t o = 0;
    script[0] = '\0';
    for (int i = 0; i < c->npts[st] && o < n; i++)
        o += (size_t)snprintf(script + o, n - o, "%s %d %d\n", i == 0 ? "down" : "move",
                              ox + c->x[st][i] * side / 1000, oy + c->y[st][i] * side / 1000);
    int last = c->npts[st] - 1;
    snprintf(up, upn, "up %d %d", ox + c->x[st][last] * side / 1000,
             oy + c->y[st][last] * side / 1000);
}

int flow_hand_write(flow *f, const flow_hand_char *c)
{
    SDL_Rect cv;
    ui_app_render(f->u.app, 0);
    if (uitest_target_rect(f->u.app, "kb.canvas", &cv))
        return -1;
    for (int st = 0; st < c->nstrokes; st++) {
        char script[2048], up[64], all[2200];
        flow_hand_stroke(c, st, &cv, script, sizeof script, up, sizeof up);
        snprintf(all, sizeof all, "%s%s\n", script, up);
        if (flow_run(f, all))
            return -1;
    }
    return 0;
}
