/* tech_frame.c — the generic technician page (tech_int.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plat_clock.h"
#include "core/strings.h"
#include "ui/screens/tech/tech_int.h"
#include "ui/core/services.h"

void tech_audit(ui_app *a, const char *action, const char *object, const char *detail)
{
    store *st = ui_app_services(a)->store;
    if (st)
        store_audit_add(st, STORE_ACTOR_ADMIN, TECH_ACTOR_ID, action, object, detail);
}

void tech_time_text(int64_t ms, char *out, size_t n)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
}

void tech_page_row(tech_page *p, const char *text, const char *sub)
{
    ui_list_add(p->list, text, sub);
}

void tech_page_status(tech_page *p, int ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->status, sizeof p->status, fmt, ap);
    va_end(ap);
    p->status_ok = ok;
}

int tech_title_bar(ui_app *a, const char *title) { return tech_title_bar_back(a, title, 1); }

int tech_title_bar_back(ui_app *a, const char *title, int back)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    int hh = bh + pad * 2;
    SDL_Rect band = {0, 0, t->w, hh};
    draw_rect(ui_app_draw(a), &band, t->ink);
    int bw = text_width(ui_app_text(a), core_str("common.back"), t->px_label, TEXT_BOLD) + t->unit * 6;
    SDL_Rect br = {pad, pad, bw, bh};
    if (back)
        ui_button(a, &br, "tech.back", core_str("common.back"), UI_BTN_SECONDARY);
    text_style s = {t->px_title, TEXT_BOLD, t->surface, TEXT_LEFT, 0, 1};
    int tx = back ? pad * 2 + bw : pad * 2;
    SDL_Rect tb = {tx, (hh - text_line_height(ui_app_text(a), t->px_title)) / 2, t->w - pad - tx, 0};
    text_draw_box(ui_app_text(a), title, &tb, &s);
    return hh;
}

void tech_page_run(tech_page *p, ui_app *a, tech_job_fn fn, void *ud, const char *arg)
{
    p->job = tech_job_start(fn, ud, arg);
    if (!p->job && p->kind->done)
        p->kind->done(p, a, p->busy, -1, core_str("tech.net.local"));
}

static void page_refill(tech_page *p, ui_app *a)
{
    ui_list_clear(p->list);
    if (p->kind->fill)
        p->kind->fill(p, a);
}

/* How many of the page's nb action buttons share a row: all of them where
 * every label fits its button at the label size, else fewer (the rest on
 * rows above the last), down to one a row; a button shrinks a label that
 * does not fit, and 移开坏文件并新建 beside two others was smaller than
 * its neighbours' words. */
static int acts_per_row(const tech_page *p, ui_app *a, int nb)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    int px = t->px_label < bh * 2 / 3 ? t->px_label : bh * 2 / 3; /* as ui_button draws it */
    for (int per = nb; per > 1; per--) {
        int bw = (t->w - pad * (per + 1)) / per, fits = 1;
        for (int i = 0; i < 3 && fits; i++)
            fits = !p->buttons[i] ||
                   text_width(ui_app_text(a), core_str(p->buttons[i]), px, TEXT_BOLD) <=
                       bw - t->unit;
        if (fits)
            return per;
    }
    return 1;
}

static void pg_draw(ui_screen *s, ui_app *a)
{
    tech_page *p = s->priv;
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    const char *title = core_str(p->title_key ? p->title_key : p->kind->title_key);
    int y = tech_title_bar_back(a, title, !p->no_back) + pad;
    p->said = (SDL_Rect){pad, y, t->w - 2 * pad, 0};
    if (p->status[0]) {
        SDL_Color c = p->status_ok > 0 ? t->ok : p->status_ok == 0 ? t->danger : t->ink;
        SDL_Rect sb = {pad, y, t->w - 2 * pad, 0};
        int sh = ui_label(a, &sb, p->status, t->px_body, TEXT_BOLD, c, TEXT_LEFT);
        p->said.h = sh;
        if (p->job) { /* work on its thread: scripts and tests see it */
            SDL_Rect br = {pad, y, t->w - 2 * pad, sh};
            ui_app_target(a, &br, "tech.busy");
        }
        y += sh + pad / 2;
    }
    int nb = 0;
    for (int i = 0; i < 3; i++)
        nb += p->buttons[i] != NULL;
    int per = acts_per_row(p, a, nb);
    /* kept while the screen, the text's size and the buttons stay (large
     * text turned off, or another set of buttons: decided again) */
    int key[3] = {t->w, t->px_label, nb};
    if (memcmp(key, p->acts_key, sizeof key)) {
        memcpy(p->acts_key, key, sizeof key);
        p->acts_per = 0;
    }
    if (per < nb && (!p->acts_per || per < p->acts_per))
        p->acts_per = per;
    if (p->acts_per && p->acts_per < per)
        per = p->acts_per;
    int rows = nb ? (nb + per - 1) / per : 0;
    int band = rows * bh + (rows > 0 ? (rows - 1) * pad : 0); /* the buttons' rows */
    int bottom = t->h - pad - (nb ? band + pad : 0);
    SDL_Rect lr = {pad, y, t->w - 2 * pad, bottom - y};
    ui_list_draw(p->list, a, &lr);
    p->acts = (SDL_Rect){0, t->h - pad - band - t->unit, t->w, nb ? band + t->unit * 2 : 0};
    for (int i = 0, k = 0; i < 3; i++) {
        if (!p->buttons[i])
            continue;
        /* the k-th button: its row, and across that row as many as are in it */
        int row = k / per, in_row = row < rows - 1 ? per : nb - row * per, col = k % per;
        int bw = (t->w - pad * (in_row + 1)) / in_row;
        SDL_Rect r = {pad + col * (bw + pad), t->h - pad - band + row * (bh + pad), bw, bh};
        char id[32];
        snprintf(id, sizeof id, "tech.act.%d", i);
        if (p->busy >= 0)
            ui_button_disabled(a, &r, core_str(p->buttons[i]));
        else
            ui_button(a, &r, id, core_str(p->buttons[i]),
                      i == p->danger ? UI_BTN_DANGER : i == 0 ? UI_BTN_PRIMARY : UI_BTN_SECONDARY);
        k++;
    }
    ui_toast_draw(p->toast, a);
}

/* The status line's height for its text (0: none), as pg_draw draws it. */
static int status_height(const tech_page *p, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2;
    if (!p->status[0])
        return 0;
    text_style s = {t->px_body, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    return text_measure_box(ui_app_text(a), p->status, t->w - 2 * pad, &s, NULL);
}

/* An action was asked for: "正在进行…" on the status line, the buttons
 * turned off. When the line was there at the same height (an earlier
 * action's result), those two alone; else the rows move: the whole screen. */
static void mark_started(tech_page *p, ui_app *a)
{
    if (p->said.h <= 0 || status_height(p, a) != p->said.h) {
        ui_app_invalidate(a);
        return;
    }
    ui_app_invalidate_rect(a, &p->said);
    if (p->acts.h > 0)
        ui_app_invalidate_rect(a, &p->acts);
}

static void pg_activate(ui_screen *s, ui_app *a, const char *id)
{
    tech_page *p = s->priv;
    if (!strcmp(id, "tech.back")) {
        if (!p->no_back)
            ui_app_pop(a);
        return;
    }
    if (!strncmp(id, "tech.act.", 9) && p->busy < 0) {
        p->busy = atoi(id + 9);
        tech_page_status(p, -1, "%s", core_str("tech.busy"));
        ui_app_wake_at(a, plat_clock_mono_ms() + 1);
        mark_started(p, a);
        return;
    }
    if (ui_list_activate(p->list, a, id)) {
        int i = ui_list_take_tapped(p->list);
        if (i >= 0 && p->kind->row)
            p->kind->row(p, a, i);
        ui_app_invalidate(a);
    }
}

static uint64_t pg_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    tech_page *p = s->priv;
    int rc = -1;
    char msg[TECH_JOB_MSG];
    if (p->job && tech_job_poll(p->job, &rc, msg, sizeof msg)) { /* its thread ended */
        p->job = NULL;
        if (p->kind->done)
            p->kind->done(p, a, p->busy, rc, msg);
        p->busy = -1;
        page_refill(p, a);
        ui_app_invalidate(a);
    } else if (!p->job && p->busy >= 0) {
        char was[sizeof p->status];
        snprintf(was, sizeof was, "%s", p->status);
        if (p->kind->action)
            p->kind->action(p, a, p->busy);
        if (p->job && p->said.h > 0 && !strcmp(was, p->status)) {
            /* its work went to a thread: the line says so already, and gets
             * its target (tech.busy) when drawn again */
            ui_app_invalidate_rect(a, &p->said);
        } else {
            if (!p->job) {
                p->busy = -1;
                /* an action that opened a page (输入维护密码继续) and said
                 * nothing: its busy words go (they stayed on coming back) */
                if (!strcmp(was, p->status) && !strcmp(p->status, core_str("tech.busy")))
                    p->status[0] = '\0';
                page_refill(p, a);
            }
            ui_app_invalidate(a); /* done here: its result and the rows filled again */
        }
    }
    if (p->stale && p->filled && !p->job && p->busy < 0 && p->stale(p, a)) {
        page_refill(p, a);
        ui_app_invalidate(a);
    }
    if (p->leave) { /* the page is gone after this */
        if (p->leave == 1)
            ui_app_go_home(a);
        else
            ui_app_pop(a);
        return 0;
    }
    uint64_t next = ui_tick_min(ui_list_tick(p->list, a, now), ui_toast_tick(p->toast, a, now));
    /* while work runs, look again now and then (its thread also wakes the loop) */
    if (p->job)
        return ui_tick_min(next, now + 50);
    return p->stale ? ui_tick_min(next, now + 1000) : next;
}

static void pg_destroy(ui_screen *s)
{
    tech_page *p = s->priv;
    tech_job_drop(p->job);
    if (p->kind->destroy)
        p->kind->destroy(p);
    ui_list_free(p->list);
    ui_toast_free(p->toast);
    free((void *)s->ops);
    ui_screen_free(s);
}

/* An action waiting for its tick, or its work on a thread. */
static int pg_working(ui_screen *s)
{
    const tech_page *p = s->priv;
    return p->busy >= 0 || p->job;
}

/* The page is filled on its first draw (it needs the app). */
static void pg_draw_first(ui_screen *s, ui_app *a);

static const ui_screen_ops PG_OPS_TEMPLATE = {NULL, pg_draw_first, pg_activate,
                                              ui_list_screen_event, pg_tick, pg_destroy};

static void pg_draw_first(ui_screen *s, ui_app *a)
{
    tech_page *p = s->priv;
    if (!p->filled) {
        p->filled = 1;
        page_refill(p, a);
    }
    if (p->busy >= 0 && !p->job)
        ui_app_wake_at(a, plat_clock_mono_ms() + 1); /* an action asked for from another screen */
    pg_draw(s, a);
}

ui_screen *tech_page_new(const tech_page_kind *k, const tech_services *svc, void *priv)
{
    /* one ops table per kind, so expect-screen sees the page's name */
    ui_screen_ops *ops = (ui_screen_ops *)calloc(1, sizeof *ops);
    ui_screen *s = ops ? ui_screen_new(ops, sizeof(tech_page)) : NULL;
    if (!s) {
        free(ops);
        return NULL;
    }
    *ops = PG_OPS_TEMPLATE;
    ops->name = k->name;
    s->working = pg_working;
    tech_page *p = s->priv;
    p->kind = k;
    memcpy(p->buttons, k->buttons, sizeof p->buttons);
    p->svc = svc;
    p->busy = -1;
    p->danger = -1;
    p->status_ok = -1;
    p->priv = priv;
    p->list = ui_list_new("tech.rows", UI_LIST_PLAIN);
    p->toast = ui_toast_new();
    return s;
}
