/* agent_filings.c — "我的办件": the signed-in agent's filings from the store,
 * drafts (tap to resume), waiting to upload, uploaded with receipt number and
 * status (tap for its progress: the query's result by its number); filings the county returned are counted in red at the top and
 * marked in their row. The same screen lists only the returned ones, each
 * with the county's note ("被退回的办件", opened from the home line). A tap
 * on a returned one opens its correction (补正), or resumes the correction
 * draft kept from before (one per returned filing, whoever started it); one
 * whose correction is confirmed is no longer counted, says so in its row,
 * and a tap on it says it needs nothing more. Each row names whose filing it
 * is, masked (王*英: the list is on a public screen), while the store keeps
 * its answers (not after a final status). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/screens/agent/agent_int.h"
#include "ui/screens/agent/agent_screens.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "form/form_inst.h"
#include "ui/screens/form/form_screen.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"
#include "ui/core/session.h"
#include "ui/core/services.h"

#define MAX_ROWS 200

typedef struct {
    ui_list *list; /* first, for ui_list_screen_event/tick */
    store_agent_filing *items;
    size_t n;
    int drafts, pending, held, returned; /* pending counts the held too */
    int failed; /* the store could not be read */
    int returned_only; /* the list of returned filings */
    ui_dialog *dlg;    /* what a tap on a row that opens nothing says (the
                        * row's title over it): over the list, which stays
                        * where it was under her finger */
    char title[160];
} filings;

static void when(int64_t ms, char *out, size_t n)
{
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    if (!localtime_r(&s, &tm)) {
        snprintf(out, n, "-");
        return;
    }
    snprintf(out, n, core_str("agent.list.when"), tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

static const char *item_title(ui_app *a, const store_agent_filing *f)
{
    if (f->item_title[0])
        return f->item_title;
    form_catalog *cat = ui_app_services(a)->forms;
    const form_def *def = cat ? form_catalog_find(cat, f->form_id) : NULL;
    return def ? form_def_title(def) : f->form_id;
}

/* Whose filing f is, masked (王*英), into out; "" when its answers are no
 * longer kept (a filing at a final status) or name nobody yet. */
static void whose(ui_app *a, const store_agent_filing *f, char *out, size_t n)
{
    out[0] = '\0';
    store *st = ui_app_services(a)->store;
    form_catalog *cat = ui_app_services(a)->forms;
    const form_def *def = cat ? form_catalog_find(cat, f->form_id) : NULL;
    char *blob = NULL, name[128];
    if (!def || store_agent_filing_answers(st, ui_app_agent_id(a), f, &blob) != STORE_OK)
        return;
    if (form_saved_name(def, blob, name, sizeof name) == 0)
        utf8_mask_name(out, n, name);
    memset(name, 0, sizeof name);
    memset(blob, 0, strlen(blob));
    free(blob);
}

#define NOTE_ROW_CHARS 40 /* of the county's note in a row; the correction shows it whole */

/* The first NOTE_ROW_CHARS characters of note, … after them when it goes on. */
static void note_head(const char *note, char *out, size_t n)
{
    const char *p = note;
    for (int i = 0; i < NOTE_ROW_CHARS && *p; i++)
        utf8_next(&p);
    if (!*p) {
        utf8_copy(out, n, note);
        return;
    }
    snprintf(out, n, "%.*s…", (int)(p - note), note);
}

static void row_sub(const store_agent_filing *f, char *out, size_t n)
{
    char t[64];
    when(f->time_ms, t, sizeof t);
    switch (f->kind) {
    case STORE_AF_DRAFT:
        snprintf(out, n, core_str(f->correction ? "agent.list.fix_draft" : "agent.list.draft"), t);
        break;
    case STORE_AF_PENDING: /* held: it will not go by itself, staff must see to it */
        snprintf(out, n, core_str(f->held       ? "agent.list.held"
                                  : f->attempts ? "agent.list.pending_retry"
                                                : "agent.list.pending"),
                 t);
        break;
    default: {
        if (f->status == STORE_STATUS_RETURNED && f->corrected) {
            snprintf(out, n, core_str("agent.returned.fixed"), f->receipt_no);
            break;
        }
        if (f->status == STORE_STATUS_RETURNED && f->note[0]) {
            char head[NOTE_ROW_CHARS * 4 + 8];
            note_head(f->note, head, sizeof head);
            snprintf(out, n, core_str("agent.returned.sub"), f->receipt_no, head);
            break;
        }
        char key[48];
        snprintf(key, sizeof key, "agent.status.%s", store_status_name(f->status)
                                                         ? store_status_name(f->status)
                                                         : "submitted");
        snprintf(out, n, core_str(f->status == STORE_STATUS_RETURNED ? "agent.list.returned"
                                                                     : "agent.list.receipt"),
                 core_str(key), f->receipt_no);
        break;
    }
    }
}

static void load(filings *fl, ui_app *a)
{
    store *st = ui_app_services(a)->store;
    const char *id = ui_app_agent_id(a);
    free(fl->items);
    fl->items = NULL;
    fl->n = 0;
    fl->drafts = fl->pending = fl->held = fl->returned = 0;
    ui_list_clear(fl->list);
    fl->failed = !st || !id || store_agent_filings(st, id, MAX_ROWS, &fl->items, &fl->n) != STORE_OK;
    if (fl->returned_only) { /* keep the returned receipts only, in their order */
        size_t k = 0;
        for (size_t i = 0; i < fl->n; i++)
            if (fl->items[i].kind == STORE_AF_RECEIPT &&
                fl->items[i].status == STORE_STATUS_RETURNED)
                fl->items[k++] = fl->items[i];
        fl->n = k;
    }
    for (size_t i = 0; i < fl->n; i++) {
        const store_agent_filing *f = &fl->items[i];
        fl->drafts += f->kind == STORE_AF_DRAFT;
        fl->pending += f->kind == STORE_AF_PENDING;
        fl->held += f->kind == STORE_AF_PENDING && f->held;
        int needs = f->kind == STORE_AF_RECEIPT && f->status == STORE_STATUS_RETURNED &&
                    !f->corrected;
        fl->returned += needs;
        char sub[320], text[320], who[64], title[256];
        row_sub(f, sub, sizeof sub);
        whose(a, f, who, sizeof who);
        if (who[0])
            snprintf(title, sizeof title, core_str("agent.list.whose"), who, item_title(a, f));
        else
            snprintf(title, sizeof title, "%s", item_title(a, f));
        snprintf(text, sizeof text, "%s%s", !fl->returned_only && needs
                 ? core_str("agent.list.mark") : "", title);
        ui_list_add(fl->list, text, sub);
    }
}

static void fl_draw(ui_screen *s, ui_app *a)
{
    filings *fl = s->priv;
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    /* landscape: 回首页 in the band, the list down to the screen's margin
     * (on the 1280x800 tablet three rows more than two) */
    const char *home_label = core_str("agent.list.home");
    int y = agent_draw_band(a, fl->title, NULL, t->portrait ? NULL : "agent.filings.home",
                            home_label) +
            pad;
    /* the counts; returned filings first and in red */
    char line[256];
    SDL_Rect lb = {pad, y, t->w - 2 * pad, 0};
    if (fl->failed) {
        text_style se = {t->px_label, TEXT_BOLD, t->danger, TEXT_LEFT, 0, 0};
        y += text_draw_box(tx, core_str("agent.err.store"), &lb, &se) + pad;
    } else if (fl->returned_only) {
        if (fl->returned)
            snprintf(line, sizeof line, core_str("agent.returned.head"), fl->returned);
        else
            snprintf(line, sizeof line, "%s", core_str("agent.returned.none"));
        text_style sr = {t->px_label, TEXT_BOLD, fl->returned ? t->danger : t->ink_soft,
                         TEXT_LEFT, 0, 0};
        y += text_draw_box(tx, line, &lb, &sr) + pad;
    } else {
        if (fl->returned) {
            snprintf(line, sizeof line, core_str("agent.list.n_returned"), fl->returned);
            text_style sr = {t->px_label, TEXT_BOLD, t->danger, TEXT_LEFT, 0, 0};
            y += text_draw_box(tx, line, &lb, &sr) + t->unit;
            lb.y = y;
        }
        if (fl->n && fl->held) /* held apart: they will not upload by themselves */
            snprintf(line, sizeof line, core_str("agent.list.counts_held"), fl->drafts,
                     fl->pending - fl->held, fl->held, (int)fl->n - fl->drafts - fl->pending);
        else if (fl->n)
            snprintf(line, sizeof line, core_str("agent.list.counts"), fl->drafts, fl->pending,
                     (int)fl->n - fl->drafts - fl->pending);
        else
            snprintf(line, sizeof line, "%s", core_str("agent.list.empty"));
        text_style sc = {t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_LEFT, 0, 0};
        y += text_draw_box(tx, line, &lb, &sc) + pad;
    }
    int bh = t->portrait ? ui_button_height(a) : -pad; /* 回首页 at the foot: portrait */
    SDL_Rect home = {pad, t->h - pad - bh, t->w - 2 * pad, bh};
    SDL_Rect lr = {pad, y, t->w - 2 * pad, home.y - pad - y}; /* the margin of every page */
    if (fl->n)
        ui_list_draw(fl->list, a, &lr);
    if (t->portrait)
        ui_button(a, &home, "agent.filings.home", home_label, UI_BTN_PRIMARY);
    ui_dialog_draw(fl->dlg, a);
}

/* Says key over the list, under the title of the row tapped (i). */
static void say(filings *fl, ui_app *a, size_t i, const char *key)
{
    const char *title = ui_list_text(fl->list, (int)i);
    ui_dialog_open(fl->dlg, title ? title : "", core_str(key), core_str("agent.list.said_ok"),
                   NULL);
    ui_app_invalidate(a);
}

static int fl_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    filings *fl = s->priv;
    if (ui_dialog_is_open(fl->dlg)) { /* the list under it stays still */
        if (ev->type == PLAT_EV_KEY && ev->key == PLAT_KEY_ESCAPE) {
            ui_dialog_close(fl->dlg);
            ui_app_invalidate(a);
            return 1;
        }
        return 0;
    }
    return ui_list_event(fl->list, a, ev);
}

/* Whether a correction of returned filing f was confirmed (since the list
 * was read too): tapping it then starts nothing. A kept correction draft is
 * resumed by the resume hook (ui_form_open_draft). NULL to go on, else the
 * text key to say over the list: already corrected, or why the store could
 * not tell. */
static const char *corrected(ui_app *a, const store_agent_filing *f)
{
    store_fix_state fix = STORE_FIX_NONE;
    char draft[STORE_UUID_LEN + 1];
    if (f->corrected)
        return "agent.returned.fixed_tap";
    store *st = ui_app_services(a)->store;
    if (!st)
        return "home.store_failed";
    int rc = store_correction_state(st, f->uuid, &fix, draft);
    if (rc != STORE_OK)
        return store_error_key(rc);
    return fix == STORE_FIX_SENT ? "agent.returned.fixed_tap" : NULL;
}

static void fl_activate(ui_screen *s, ui_app *a, const char *id)
{
    filings *fl = s->priv;
    int result;
    if (ui_dialog_activate(fl->dlg, a, id, &result))
        return;
    if (!strcmp(id, "agent.filings.home")) {
        ui_app_pop(a);
        return;
    }
    if (ui_list_activate(fl->list, a, id)) {
        int i = ui_list_take_tapped(fl->list);
        const char *msg;
        if (i >= 0 && (size_t)i < fl->n && fl->items[i].kind == STORE_AF_RECEIPT &&
            fl->items[i].status == STORE_STATUS_RETURNED &&
            (msg = corrected(a, &fl->items[i])) != NULL) {
            say(fl, a, (size_t)i, msg); /* no second correction, or the store's trouble */
            return;
        }
        /* an uploaded one opens its progress (status, the county's note,
         * 再打印一张回执), as its receipt's number does at 办件查询; one
         * waiting to upload has none yet, and says so */
        if (i >= 0 && (size_t)i < fl->n && fl->items[i].kind == STORE_AF_RECEIPT &&
            fl->items[i].status != STORE_STATUS_RETURNED && fl->items[i].receipt_no[0]) {
            ui_screen *q =
                ui_query_result_new(a, NULL, fl->items[i].receipt_no, UI_QUERY_BY_NUMBER);
            if (q) {
                ui_app_push(a, q);
                return;
            }
        }
        if (i >= 0 && (size_t)i < fl->n && fl->items[i].kind == STORE_AF_PENDING) {
            say(fl, a, (size_t)i,
                fl->items[i].held ? "agent.list.held_tap" : "agent.list.pending_tap");
            return;
        }
        /* a draft resumes; a returned filing opens its correction (补正) */
        if (i >= 0 && (size_t)i < fl->n &&
            (fl->items[i].kind == STORE_AF_DRAFT ||
             (fl->items[i].kind == STORE_AF_RECEIPT &&
              fl->items[i].status == STORE_STATUS_RETURNED))) {
            void *ud = NULL;
            ui_resume_fn fn = ui_app_resume(a, &ud);
            if (fn) {
                char uuid[STORE_UUID_LEN + 1], form[65];
                snprintf(uuid, sizeof uuid, "%s", fl->items[i].uuid);
                snprintf(form, sizeof form, "%s", fl->items[i].form_id);
                fn(ud, a, uuid, form);
                return;
            }
        }
        ui_app_invalidate(a);
    }
}

static void fl_destroy(ui_screen *s)
{
    filings *fl = s->priv;
    ui_list_free(fl->list);
    ui_dialog_free(fl->dlg);
    free(fl->items);
    ui_screen_free(s);
}

static const ui_screen_ops FL_OPS = {"agent_filings", fl_draw, fl_activate, fl_event,
                                     ui_list_screen_tick, fl_destroy};
static const ui_screen_ops RET_OPS = {"agent_returned", fl_draw, fl_activate, fl_event,
                                      ui_list_screen_tick, fl_destroy};

static ui_screen *filings_new(ui_app *a, int returned_only)
{
    if (!ui_app_agent_id(a))
        return NULL;
    ui_screen *s = ui_screen_new(returned_only ? &RET_OPS : &FL_OPS, sizeof(filings));
    filings *fl = s ? s->priv : NULL;
    if (!fl || !(fl->list = ui_list_new("agent.list", UI_LIST_PLAIN)) ||
        !(fl->dlg = ui_dialog_new("agent.said"))) {
        if (fl)
            ui_list_free(fl->list);
        ui_screen_free(s);
        return NULL;
    }
    fl->returned_only = returned_only;
    if (returned_only)
        snprintf(fl->title, sizeof fl->title, "%s", core_str("agent.returned.title"));
    else
        snprintf(fl->title, sizeof fl->title, core_str("agent.list.title"), ui_app_agent_name(a));
    load(fl, a);
    return s;
}

ui_screen *ui_agent_filings_new(ui_app *a) { return filings_new(a, 0); }

ui_screen *ui_agent_returned_new(ui_app *a) { return filings_new(a, 1); }
