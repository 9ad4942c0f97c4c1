/* form_query.c — the progress-query result (a local lookup in the store's
 * receipts and pending filings for now) and the form error screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form_screen.h"
#include "receipt.h"
#include "strings.h"
#include "widget.h"
#include "widget_list.h"

/* ---- a title, a message, one button back ---- */

typedef struct {
    char title[160];
    char body[1024];
    ui_list *list; /* query rows, or NULL */
} escreen;

static void es_draw(ui_screen *s, ui_app *a)
{
    escreen *e = s->priv;
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, bh = ui_button_height(a), w = t->w - 2 * pad;
    int y = pad * 2;
    SDL_Rect tb = {pad, y, w, 0};
    y += ui_label(a, &tb, e->title, t->px_title, TEXT_BOLD, e->list ? t->ink : t->danger,
                  TEXT_LEFT) + pad;
    SDL_Rect bb = {pad, y, w, 0};
    if (e->body[0])
        y += ui_label(a, &bb, e->body, t->px_label, TEXT_REGULAR, t->ink, TEXT_LEFT) + pad;
    int by = t->h - pad - bh;
    if (e->list) {
        SDL_Rect lr = {pad, y, w, by - pad - y};
        ui_list_draw(e->list, a, &lr);
        int half = (w - pad) / 2;
        SDL_Rect b1 = {pad, by, half, bh}, b2 = {pad * 2 + half, by, w - half - pad, bh};
        ui_button(a, &b1, "ferr.back", core_str("common.back"), UI_BTN_SECONDARY);
        ui_button(a, &b2, "ferr.home", core_str("common.home"), UI_BTN_PRIMARY);
    } else {
        SDL_Rect b = {pad, by, w, bh};
        ui_button(a, &b, "ferr.back", core_str("form.err_back"), UI_BTN_PRIMARY);
    }
}

static void es_activate(ui_screen *s, ui_app *a, const char *id)
{
    escreen *e = s->priv;
    if (e->list && ui_list_activate(e->list, a, id))
        return;
    if (!strcmp(id, "ferr.back"))
        ui_app_pop(a);
    else if (!strcmp(id, "ferr.home"))
        ui_app_go_home(a);
}

static int es_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    escreen *e = s->priv;
    return e->list ? ui_list_event(e->list, a, ev) : 0;
}

static uint64_t es_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    escreen *e = s->priv;
    return e->list ? ui_list_tick(e->list, a, now) : 0;
}

static void es_destroy(ui_screen *s)
{
    escreen *e = s->priv;
    ui_list_free(e->list);
    memset(e, 0, sizeof *e);
    free(e);
    free(s);
}

static const ui_screen_ops ERR_OPS = {"form_error", es_draw, es_activate, es_event, NULL, es_destroy};
static const ui_screen_ops QUERY_OPS = {"query_result", es_draw, es_activate, es_event, es_tick,
                                        es_destroy};

static ui_screen *screen(const ui_screen_ops *ops, const char *title, const char *body)
{
    ui_screen *s = calloc(1, sizeof *s);
    escreen *e = calloc(1, sizeof *e);
    if (!s || !e) {
        free(s);
        free(e);
        return NULL;
    }
    snprintf(e->title, sizeof e->title, "%s", title ? title : "");
    snprintf(e->body, sizeof e->body, "%s", body ? body : "");
    s->ops = ops;
    s->priv = e;
    return s;
}

ui_screen *ui_form_error_new(const char *title, const char *body)
{
    return screen(&ERR_OPS, title, body);
}

/* ---- query ---- */

static const char *status_text(store_status st)
{
    char key[64];
    snprintf(key, sizeof key, "query.status.%s", store_status_name(st) ? store_status_name(st) : "submitted");
    return core_str(key);
}

static void add_receipt(ui_list *l, const store_receipt *r)
{
    char when[32], sub[256];
    receipt_time_text(r->filed_ms / 1000, when, sizeof when);
    snprintf(sub, sizeof sub, core_str("query.sub"), r->receipt_no, status_text(r->status), when);
    ui_list_add(l, r->item_title, sub);
}

ui_screen *ui_query_result_new(ui_app *a, const char *idno, const char *receipt_no)
{
    ui_screen *s = screen(&QUERY_OPS, core_str("query.title"), NULL);
    if (!s)
        return NULL;
    escreen *e = s->priv;
    e->list = ui_list_new("query.list", UI_LIST_PLAIN);
    store *st = ui_app_services(a)->store;
    if (!e->list) {
        es_destroy(s);
        return NULL;
    }
    if (st && receipt_no) {
        store_receipt r;
        memset(&r, 0, sizeof r);
        if (store_receipt_get(st, receipt_no, &r) == STORE_OK)
            add_receipt(e->list, &r);
        store_receipt_clear(&r);
    } else if (st && idno) {
        char key[STORE_KEY_LEN + 1];
        if (store_villager_key(st, idno, key) == STORE_OK) {
            store_filing *fl;
            store_receipt *rs;
            size_t n;
            if (store_outbox_list(st, key, &fl, &n) == STORE_OK) {
                for (size_t i = 0; i < n; i++) {
                    char when[32], sub[256];
                    receipt_time_text(fl[i].created_ms / 1000, when, sizeof when);
                    snprintf(sub, sizeof sub, core_str("query.local_sub"), fl[i].uuid, when);
                    ui_list_add(e->list, fl[i].item_title, sub);
                }
                store_filing_list_free(fl, n);
            }
            if (store_receipt_list_by_villager(st, key, &rs, &n) == STORE_OK) {
                for (size_t i = 0; i < n; i++)
                    add_receipt(e->list, &rs[i]);
                store_receipt_list_free(rs, n);
            }
            memset(key, 0, sizeof key);
        }
    }
    if (ui_list_count(e->list) == 0)
        snprintf(e->body, sizeof e->body, "%s", core_str(st ? "query.none" : "form.no_store"));
    return s;
}
