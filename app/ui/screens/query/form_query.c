/* form_query.c — the progress-query result and the form error screen.
 *
 * The result shows the store's receipts and pending filings at once; when the
 * platform is configured (ui_services.platform) a worker thread asks it for
 * the current status (query_online.h) while the screen says 正在查询…. The
 * screen's tick picks the answer up on the UI thread, writes changed statuses
 * to the store and redraws with the platform's statuses and notes; with no
 * answer the local one stays, with a line saying so.
 *
 * 去补正: a person who identified as the villager (her ID card read, or her
 * ID number typed with the registration number of her receipt) sees, above
 * the rows, her returned filing with the county's note and a big 去补正
 * button that opens its correction; a typed ID number alone never does, and
 * no screen here shows a filing's answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/form/form_screen.h"
#include "core/log.h"
#include "core/utf8.h"
#include "sync/query.h"
#include "ui/screens/query/query_screen.h"
#include "receipt/receipt.h"
#include "core/strings.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"
#include "ui/core/session.h"
#include "ui/core/services.h"
#include "ui/screens/receipt/receipt_screen.h"

/* ---- a title, a message, one button back ---- */

typedef struct {
    ui_list *list; /* query rows, or NULL; first, for ui_list_screen_event/tick */
    char title[160];
    char body[1024];
    /* query only */
    char receipt_no[PROTO_RECEIPT_MAX + 1]; /* by receipt number, else "" */
    char key[STORE_KEY_LEN + 1];            /* by villager (salted hash), else "" */
    int64_t reg_seq;   /* by registration number: the filing's outbox sequence, else 0 */
    receipt_info one;  /* the one filing found by a number, to reprint ("" title: none) */
    int print_state;   /* 0 not yet, 1 printed, -1 failed */
    sync_query *online;                /* running or answered, else NULL */
    int state;                              /* ui_query_state */
    const proto_status *plat;               /* the platform's answer (owned by online) */
    size_t nplat;
    char shown[4096]; /* the rows as text, one "title · sub" a line (for tests) */
    int spoken;       /* large text: read once when it opened (or answered) */
    /* 去补正 (the villager reopens a returned filing) */
    int owner_all;     /* identified by her ID card: any of her returned filings */
    int64_t owner_seq; /* identified by ID number + registration number: that filing, else 0 */
    int owner_found;   /* that filing is among hers listed (not a number of someone else's) */
    char fix_uuid[STORE_UUID_LEN + 1];  /* the returned filing she may reopen, else "" */
    char fix_draft[STORE_UUID_LEN + 1]; /* her kept correction draft of it, else "" */
    char fix_form[128];
    char fix_text[1200]; /* the band above the rows: item and note, or "already sent" */
    int returned;        /* a row is 已退回 (set while the rows are built) */
    /* the line saying whether the reprint printed, at the last draw (where
     * it is or would be; h 0 without 再打印) */
    SDL_Rect said;
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
    /* wider than tall with a returned filing: it and 去补正 on the left (its
     * words smaller where the column is short), the message and the rows on
     * the right (above each other the rows had no room left in large text) */
    int side = !t->portrait && e->fix_text[0] && e->list;
    int lx = pad, lw = w, fw = side ? (w - pad) / 2 : w, fix_y = y;
    if (side) {
        lx = pad + fw + pad;
        lw = w - fw - pad;
    }
    SDL_Rect bb = {lx, y, lw, 0};
    if (e->body[0])
        y += ui_label(a, &bb, e->body, t->px_label, TEXT_REGULAR, t->ink, TEXT_LEFT) + pad;
    if (!side)
        fix_y = y;
    /* 读给我听 at the left of the bottom row, the buttons beside it */
    int vb = ui_voicebtn_size(a), rowh = vb > bh ? vb : bh, row_y = t->h - pad - rowh;
    int by = row_y + (rowh - bh) / 2, list_end = row_y;
    int bx = pad * 2 + vb, bw = t->w - pad - bx;
    SDL_Rect vr = {pad, row_y + (rowh - vb) / 2, vb, vb};
    ui_voicebtn(a, &vr, "ferr.voice");
    if (e->list && e->one.title[0] && ui_app_services(a)->print) {
        /* 再打印一张回执 above the bottom buttons, what happened above it */
        SDL_Rect rp = {pad, row_y - pad - bh, w, bh};
        ui_button(a, &rp, "query.reprint", core_str("query.reprint"), UI_BTN_SECONDARY);
        list_end = rp.y;
        int lh = text_line_height(ui_app_text(a), t->px_body) * 2;
        e->said = (SDL_Rect){pad, rp.y - pad / 2 - lh, w, lh};
        if (e->print_state) {
            SDL_Rect pb = {pad, e->said.y, w, 0};
            ui_label(a, &pb, core_str(e->print_state > 0 ? "receipt.printed" : "receipt.print_failed"),
                     t->px_body, TEXT_BOLD, e->print_state > 0 ? t->ok : t->danger, TEXT_CENTER);
            list_end = pb.y;
        }
    } else {
        e->said.h = 0;
    }
    if (e->fix_text[0]) { /* her returned filing, the county's note, 去补正 */
        text_ctx *tx = ui_app_text(a);
        int px = t->px_label, fh = e->fix_uuid[0] ? bh + t->unit * 2 : 0;
        text_style fs = {px, TEXT_BOLD, t->danger, TEXT_LEFT, 0, 0};
        int room = list_end - pad - fix_y, th = text_measure_box(tx, e->fix_text, fw, &fs, NULL);
        if (side && fh && th + pad + fh > room)
            fh = bh; /* the button its plain height first */
        while (side && px > t->px_small && th + pad + fh > room) {
            px = px * 9 / 10 > t->px_small ? px * 9 / 10 : t->px_small;
            fs.px = px;
            th = text_measure_box(tx, e->fix_text, fw, &fs, NULL);
        }
        if (side && th + pad + fh > room) {
            /* still too long (a long note in large text): the lines that fit,
             * cut with …; the correction shows it whole, 读给我听 reads it */
            int lines = (room - pad - fh) / text_line_height(tx, px);
            fs.max_lines = lines > 2 ? lines : 2;
        }
        int fy = fix_y;
        SDL_Rect fb = {pad, fy, fw, 0};
        fy += text_draw_box(tx, e->fix_text, &fb, &fs) + pad;
        if (e->fix_uuid[0]) {
            SDL_Rect fx = {pad, fy, fw, fh};
            ui_button(a, &fx, "query.fix", core_str("query.fix"), UI_BTN_PRIMARY);
            fy += fx.h + pad;
        }
        if (!side)
            y = fy;
    }
    if (e->list) {
        SDL_Rect lr = {lx, y, lw, list_end - pad - y};
        ui_list_draw(e->list, a, &lr);
        int half = (bw - pad) / 2;
        SDL_Rect b1 = {bx, by, half, bh}, b2 = {bx + half + pad, by, bw - half - pad, bh};
        ui_button(a, &b1, "ferr.back", core_str("common.back"), UI_BTN_SECONDARY);
        ui_button(a, &b2, "ferr.home", core_str("common.home"), UI_BTN_PRIMARY);
    } else {
        SDL_Rect b = {bx, by, bw, bh};
        ui_button(a, &b, "ferr.back", core_str("form.err_back"), UI_BTN_PRIMARY);
    }
}

/* What 读给我听 reads: the title, the message, each row. */
static void speech(const escreen *e, char *out, size_t n)
{
    size_t len = 0;
#define SAY(t) (len += (size_t)snprintf(out + len, len < n ? n - len : 0, core_str("voice.sentence"), (t)))
    out[0] = '\0';
    SAY(e->title);
    if (e->body[0])
        SAY(e->body);
    if (e->fix_text[0])
        SAY(e->fix_text);
    char row[1200];
    for (const char *p = e->shown, *nl; *p; p = *nl ? nl + 1 : nl) { /* a row a line */
        nl = strchr(p, '\n');
        if (!nl)
            nl = p + strlen(p);
        snprintf(row, sizeof row, "%.*s", (int)(nl - p), p);
        SAY(row);
    }
#undef SAY
    if (len >= n && n > 0)
        out[n - 1] = '\0';
}

/* Large text: read out once, when there is something final to read. */
static uint64_t voice_tick(escreen *e, ui_app *a, uint64_t now)
{
    if (!e->spoken && e->state != UI_QUERY_PENDING) {
        e->spoken = 1;
        if (ui_app_elderly(a)) {
            char say[4096];
            speech(e, say, sizeof say);
            (void)ui_voice_speak(a, say); /* a failure is silent here, logged once */
        }
    }
    return ui_voicebtn_tick(a, now);
}

static uint64_t err_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    return voice_tick(s->priv, a, now);
}

/* 去补正: this result gives way to the correction of her returned filing
 * (her kept correction draft if there is one), through the app's resume hook. */
static void open_fix(escreen *e, ui_app *a)
{
    void *ud = NULL;
    ui_resume_fn fn = ui_app_resume(a, &ud);
    if (!fn)
        return;
    char target[STORE_UUID_LEN + 1], form[128];
    snprintf(target, sizeof target, "%s", e->fix_draft[0] ? e->fix_draft : e->fix_uuid);
    snprintf(form, sizeof form, "%s", e->fix_form);
    core_log(CORE_LOG_INFO, "query", "villager reopens %s", e->fix_uuid);
    ui_app_pop(a); /* e is gone after this line; coming back lands on the query's page */
    fn(ud, a, target, form);
}

static void es_activate(ui_screen *s, ui_app *a, const char *id)
{
    escreen *e = s->priv;
    int code;
    if (!strcmp(id, "ferr.voice")) {
        char say[4096];
        speech(e, say, sizeof say);
        ui_voicebtn_activate(a, "ferr.voice", id, say, &code);
        return;
    }
    if (e->list && ui_list_activate(e->list, a, id))
        return;
    if (!strcmp(id, "query.fix") && e->fix_uuid[0]) {
        open_fix(e, a);
        return;
    }
    if (!strcmp(id, "query.reprint") && e->one.title[0]) {
        char err[256];
        int had = e->print_state;
        e->print_state = ui_receipt_print(a, &e->one, err, sizeof err) == 0 ? 1 : -1;
        if (e->print_state < 0)
            core_log(CORE_LOG_WARN, "query", "reprint failed: %s", err);
        if (had && e->said.h > 0) /* the line's room is there: it alone changes */
            ui_app_invalidate_rect(a, &e->said);
        else /* the rows give up room to the line: most of the screen */
            ui_app_invalidate(a);
        return;
    }
    if (!strcmp(id, "ferr.back"))
        ui_app_pop(a);
    else if (!strcmp(id, "ferr.home") && ui_app_agent_id(a))
        ui_app_session_next(a); /* an agent's query (我的办件): the agent stays signed in */
    else if (!strcmp(id, "ferr.home"))
        ui_app_session_done(a);
}

static void es_destroy(ui_screen *s)
{
    escreen *e = s->priv;
    sync_query_free(e->online); /* a worker still running finishes alone */
    ui_list_free(e->list);
    memset(e, 0, sizeof *e);
    ui_screen_free(s);
}

static uint64_t err_tick(ui_screen *s, ui_app *a, uint64_t now);
static const ui_screen_ops ERR_OPS = {"form_error", es_draw, es_activate, ui_list_screen_event,
                                      err_tick, es_destroy};
static uint64_t query_tick(ui_screen *s, ui_app *a, uint64_t now);
static int query_working(ui_screen *s);
static const ui_screen_ops QUERY_OPS = {"query_result", es_draw, es_activate,
                                        ui_list_screen_event, query_tick, es_destroy};

static ui_screen *screen(const ui_screen_ops *ops, const char *title, const char *body)
{
    ui_screen *s = ui_screen_new(ops, sizeof(escreen));
    if (!s)
        return NULL;
    escreen *e = s->priv;
    snprintf(e->title, sizeof e->title, "%s", title ? title : "");
    snprintf(e->body, sizeof e->body, "%s", body ? body : "");
    return s;
}

ui_screen *ui_form_error_new(const char *title, const char *body)
{
    return screen(&ERR_OPS, title, body);
}

/* ---- query ---- */

static const char *status_text(int st)
{
    char key[64];
    const char *name = store_status_name((store_status)st);
    snprintf(key, sizeof key, "query.status.%s", name ? name : "submitted");
    return core_str(key);
}

/* A row: the item and its status in the row's large bold title (so the
 * status is as readable as the item), numbers and time under it. */
static void add_row(escreen *e, const char *item, const char *status, const char *sub)
{
    char title[1024];
    snprintf(title, sizeof title, core_str("query.row_title"), item, status);
    ui_list_add(e->list, title, sub);
    size_t used = strlen(e->shown);
    snprintf(e->shown + used, sizeof e->shown - used, "%s · %s\n", title, sub);
}

static const proto_status *plat_find(const escreen *e, const char *receipt_no)
{
    for (size_t i = 0; i < e->nplat; i++)
        if (!strcmp(e->plat[i].receipt_no, receipt_no))
            return &e->plat[i];
    return NULL;
}

/* "已退回，需要补正" or, with the platform's note, "已退回，需要补正：<note>".
 * The county's note is about the person and her papers: it shows to whoever
 * holds the receipt (a query by its number), to her by her card, and for
 * the one filing whose registration number she typed with her ID number; a
 * typed ID number alone gets the status and where to see the note. */
static void status_line(const escreen *e, char *out, size_t n, int st, const char *note,
                        int64_t seq)
{
    int may = !e->key[0] || e->owner_all || (e->owner_seq > 0 && seq == e->owner_seq);
    if (st == STORE_STATUS_SUPERSEDED)
        note = NULL; /* the county's complaint was put right by the correction:
                      * beside 已补正 it read as still open, or as the reason */
    if (note && *note && may)
        snprintf(out, n, core_str("query.with_note"), status_text(st), note);
    else if (note && *note)
        snprintf(out, n, core_str("query.note_hidden"), status_text(st));
    else
        snprintf(out, n, "%s", status_text(st));
}

static void add_receipt(escreen *e, const store_receipt *r)
{
    char when[32], sub[1024], stl[700], reg[RECEIPT_REG_MAX + 1] = "";
    const proto_status *p = plat_find(e, r->receipt_no);
    e->returned |= (p ? p->status : (int)r->status) == STORE_STATUS_RETURNED;
    receipt_time_text(r->filed_ms / 1000, when, sizeof when);
    /* the platform's answer, else what the status loop stored with its note */
    status_line(e, stl, sizeof stl, p ? p->status : (int)r->status, p ? p->note : r->note,
                r->seq);
    if (r->seq > 0 && receipt_reg_make(r->seq, reg, sizeof reg) == RECEIPT_OK)
        snprintf(sub, sizeof sub, core_str("query.sub_reg"), reg, r->receipt_no, when);
    else
        snprintf(sub, sizeof sub, core_str("query.sub"), r->receipt_no, when);
    add_row(e, r->item_title, stl, sub);
}

static void add_pending(escreen *e, const store_filing *fl)
{
    char when[32], sub[256], reg[RECEIPT_REG_MAX + 1] = "";
    receipt_time_text(fl->created_ms / 1000, when, sizeof when);
    if (receipt_reg_make(fl->seq, reg, sizeof reg) != RECEIPT_OK)
        reg[0] = '\0';
    snprintf(sub, sizeof sub, core_str("query.local_sub"), reg, when);
    /* held for a technician: it will not upload by itself */
    add_row(e, fl->item_title, core_str(fl->held_reason ? "form.status_held" : "form.status_pending"),
            sub);
}

/* The receipt of the one filing found by a number, for 再打印回执. */
static void keep_one(escreen *e, ui_app *a, const char *title, int64_t seq, int64_t filed_ms,
                     const char *receipt_no, int status)
{
    receipt_info *r = &e->one;
    memset(r, 0, sizeof *r);
    utf8_copy(r->title, sizeof r->title, title); /* as at confirm: cut between characters */
    const char *station = core_config_get(ui_app_config(a), "station.name");
    utf8_copy(r->station, sizeof r->station, station ? station : "");
    if (receipt_reg_make(seq, r->reg_no, sizeof r->reg_no) != RECEIPT_OK) {
        r->title[0] = '\0'; /* an old receipt from before registration numbers */
        return;
    }
    r->time = filed_ms / 1000;
    if (receipt_no) {
        snprintf(r->number, sizeof r->number, "%s", receipt_no);
        if (receipt_qr_payload(core_config_get(ui_app_config(a), "receipt.query_url"), receipt_no,
                               r->qr, sizeof r->qr) != RECEIPT_OK)
            r->qr[0] = '\0';
        snprintf(r->status, sizeof r->status, "%s", status_text(status));
    } else {
        snprintf(r->status, sizeof r->status, "%s", core_str("form.status_pending"));
    }
}

/* A filing the platform knows and this kiosk has no receipt for (filed at
 * another kiosk of the county, or its receipt never arrived here). */
static void add_platform_only(escreen *e, ui_app *a, const proto_status *p)
{
    const form_catalog *cat = ui_app_services(a)->forms;
    const form_def *d = cat ? form_catalog_find(cat, p->form_id) : NULL;
    char when[32], sub[1024], stl[700];
    receipt_time_text(p->status_at_ms / 1000, when, sizeof when);
    status_line(e, stl, sizeof stl, p->status, p->note, 0);
    snprintf(sub, sizeof sub, core_str("query.sub"), p->receipt_no, when);
    add_row(e, d ? form_def_title(d) : core_str("query.other_item"), stl, sub);
}

/* The correction draft of returned filing old kept from before (hers, or
 * one an agent started for her: one correction per filing), into e->fix_draft. */
static void find_fix_draft(escreen *e, store *st, const char *old)
{
    store_fix_state fix = STORE_FIX_NONE;
    e->fix_draft[0] = '\0';
    if (store_correction_state(st, old, &fix, e->fix_draft) != STORE_OK || fix != STORE_FIX_DRAFT)
        e->fix_draft[0] = '\0';
}

/* Whether receipt r (status st as shown) is the returned filing the person
 * who identified may reopen; the first such one fills the 去补正 band. A
 * correction already waiting to upload (pending) is said instead. */
static void consider_fix(escreen *e, ui_app *a, const store_receipt *r, int st_shown,
                         const char *row_note, const store_filing *pending, size_t npending)
{
    store *st = ui_app_services(a)->store;
    if (e->fix_text[0] || st_shown != STORE_STATUS_RETURNED ||
        !(e->owner_all || (e->owner_seq > 0 && r->seq == e->owner_seq)))
        return;
    for (size_t i = 0; i < npending; i++)
        if (!strcmp(pending[i].supersedes, r->filing_uuid)) {
            snprintf(e->fix_text, sizeof e->fix_text, core_str("query.fix_sent"), r->item_title);
            return;
        }
    char *answers = NULL, *note = NULL;
    if (store_receipt_reopen(st, r->filing_uuid, &answers, &note) != STORE_OK)
        return; /* its answers are no longer kept: nothing to reopen */
    if (answers)
        memset(answers, 0, strlen(answers));
    free(answers);
    const char *shown = r->note && *r->note ? r->note : note;
    if (row_note && *row_note) /* the row says it whole: the band points there (it repeated
                                * it, cut short in large text) */
        snprintf(e->fix_text, sizeof e->fix_text, core_str("query.fix_head"), r->item_title);
    else if (shown && *shown)
        snprintf(e->fix_text, sizeof e->fix_text, core_str("query.fix_head_note"), r->item_title,
                 shown);
    else
        snprintf(e->fix_text, sizeof e->fix_text, core_str("query.fix_head_bare"),
                 r->item_title);
    free(note);
    snprintf(e->fix_uuid, sizeof e->fix_uuid, "%s", r->filing_uuid);
    snprintf(e->fix_form, sizeof e->fix_form, "%s", r->form_id ? r->form_id : "");
    find_fix_draft(e, st, r->filing_uuid);
}

/* (Re)builds the rows from the store, with the platform's answer when there is one. */
static void fill(escreen *e, ui_app *a)
{
    store *st = ui_app_services(a)->store;
    ui_list_clear(e->list);
    e->shown[0] = '\0';
    e->returned = 0;
    e->owner_found = 0;
    e->one.title[0] = '\0';
    e->fix_uuid[0] = e->fix_draft[0] = e->fix_text[0] = '\0';
    if (st && e->receipt_no[0]) {
        store_receipt r;
        memset(&r, 0, sizeof r);
        if (store_receipt_get(st, e->receipt_no, &r) == STORE_OK) {
            add_receipt(e, &r);
            const proto_status *p = plat_find(e, r.receipt_no);
            keep_one(e, a, r.item_title, r.seq, r.filed_ms, r.receipt_no,
                     p ? p->status : (int)r.status);
        }
        store_receipt_clear(&r);
    } else if (st && e->reg_seq > 0) { /* a registration number still waiting to upload */
        store_filing *fl;
        size_t n;
        if (store_outbox_list(st, NULL, &fl, &n) == STORE_OK) {
            for (size_t i = 0; i < n; i++)
                if (fl[i].seq == e->reg_seq) {
                    add_pending(e, &fl[i]);
                    keep_one(e, a, fl[i].item_title, fl[i].seq, fl[i].created_ms, NULL, 0);
                }
            store_filing_list_free(fl, n);
        }
    } else if (st && e->key[0]) {
        store_filing *fl;
        store_receipt *rs;
        size_t n;
        size_t npend = 0;
        if (store_outbox_list(st, e->key, &fl, &npend) == STORE_OK) {
            for (size_t i = 0; i < npend; i++) {
                add_pending(e, &fl[i]);
                e->owner_found |= e->owner_seq > 0 && fl[i].seq == e->owner_seq;
            }
        } else {
            fl = NULL;
            npend = 0;
        }
        if (store_receipt_list_by_villager(st, e->key, &rs, &n) == STORE_OK) {
            for (size_t i = 0; i < n; i++) {
                add_receipt(e, &rs[i]);
                const proto_status *p = plat_find(e, rs[i].receipt_no);
                /* hers and not returned (a returned one that cannot be
                 * reopened is not "no correction needed") */
                e->owner_found |= e->owner_seq > 0 && rs[i].seq == e->owner_seq &&
                                  (p ? p->status : (int)rs[i].status) != STORE_STATUS_RETURNED;
                consider_fix(e, a, &rs[i], p ? p->status : (int)rs[i].status,
                             p ? p->note : rs[i].note, fl, npend);
            }
            store_receipt_list_free(rs, n);
        }
        if (fl)
            store_filing_list_free(fl, npend);
    }
    /* the platform's filings with no receipt here come last */
    for (size_t i = 0; i < e->nplat; i++) {
        store_receipt r;
        memset(&r, 0, sizeof r);
        int local = st && store_receipt_get(st, e->plat[i].receipt_no, &r) == STORE_OK;
        store_receipt_clear(&r);
        if (!local)
            add_platform_only(e, a, &e->plat[i]);
    }
    const char *line = "";
    if (e->state == UI_QUERY_PENDING)
        line = core_str("query.online_wait");
    else if (e->state == UI_QUERY_OFFLINE)
        line = core_str("query.offline");
    if (ui_list_count(e->list) == 0 && e->state == UI_QUERY_OFFLINE && st)
        /* offline: the network first, a number that may be right (filed at
         * another station) not blamed first */
        snprintf(e->body, sizeof e->body, "%s\n%s", line,
                 core_str(e->owner_all ? "query.none_card" : "query.none_offline"));
    else if (ui_list_count(e->list) == 0) /* by her card: no number of hers to check */
        snprintf(e->body, sizeof e->body, "%s%s%s",
                 core_str(!st && e->state != UI_QUERY_ONLINE ? "form.no_store"
                          : e->owner_all                     ? "query.none_card"
                                                             : "query.none"),
                 *line ? "\n" : "", line);
    else if (e->returned && !e->fix_text[0] && !e->owner_all && e->owner_seq <= 0)
        /* returned, found by a number: how she corrects it (her card) */
        snprintf(e->body, sizeof e->body, "%s%s%s", core_str("query.fix_how"), *line ? "\n" : "",
                 line);
    else if (e->owner_seq > 0 && !e->fix_text[0] && e->state != UI_QUERY_PENDING)
        /* hers and not returned: nothing to correct (it read as a wrong number) */
        snprintf(e->body, sizeof e->body, "%s%s%s",
                 core_str(e->owner_found ? "query.fix_not_needed" : "query.fix_nomatch"),
                 *line ? "\n" : "", line); /* the registration number led to nothing to reopen */
    else
        snprintf(e->body, sizeof e->body, "%s", line);
}

/* The platform answered: its statuses go into the store (so an offline query
 * later shows them too) and on screen. */
static void take_answer(escreen *e, ui_app *a)
{
    proto_result res;
    proto_res_kind k = sync_query_result(e->online, &e->plat, &e->nplat, &res);
    store *st = ui_app_services(a)->store;
    if (k == PROTO_RES_OK) {
        e->state = UI_QUERY_ONLINE;
        for (size_t i = 0; st && i < e->nplat; i++) {
            const proto_status *p = &e->plat[i];
            store_receipt r;
            memset(&r, 0, sizeof r);
            if (store_receipt_get(st, p->receipt_no, &r) == STORE_OK &&
                ((int)r.status != p->status || r.status_ms < p->status_at_ms ||
                 strcmp(r.note ? r.note : "", p->note))) {
                int rc = store_receipt_set_status(st, p->receipt_no, (store_status)p->status,
                                                  p->status_at_ms, p->note);
                if (rc != STORE_OK)
                    core_log(CORE_LOG_ERROR, "query", "receipt status not saved: %s",
                             store_strerror(rc));
            }
            store_receipt_clear(&r);
        }
    } else if (k == PROTO_RES_FINAL && res.http_status == 404) {
        e->state = UI_QUERY_ONLINE; /* the platform knows no such receipt: an answer */
        e->nplat = 0;
    } else {
        e->state = UI_QUERY_OFFLINE;
        e->nplat = 0;
    }
}

static int query_working(ui_screen *s) { return ((escreen *)s->priv)->state == UI_QUERY_PENDING; }

static uint64_t query_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    escreen *e = s->priv;
    uint64_t next = ui_list_screen_tick(s, a, now);
    if (e->state == UI_QUERY_PENDING) {
        if (sync_query_done(e->online)) {
            take_answer(e, a);
            fill(e, a);
            ui_app_invalidate(a);
        } else {
            uint64_t poll = now + 100; /* the worker also wakes the loop */
            next = next && next < poll ? next : poll;
        }
    }
    return ui_tick_min(next, voice_tick(e, a, now));
}

ui_screen *ui_query_result_new(ui_app *a, const char *idno, const char *receipt_no,
                               ui_query_who who)
{
    ui_screen *s = screen(&QUERY_OPS, core_str("query.title"), NULL);
    if (!s)
        return NULL;
    s->working = query_working;
    escreen *e = s->priv;
    e->list = ui_list_new("query.list", UI_LIST_PLAIN);
    if (!e->list) {
        es_destroy(s);
        return NULL;
    }
    const ui_services *sv = ui_app_services(a);
    int64_t seq = 0;
    if (who == UI_QUERY_BY_ID_REG && (!idno || !receipt_no)) {
        es_destroy(s);
        return NULL;
    }
    if (who == UI_QUERY_BY_ID_REG) {
        /* her filings by ID number; the registration number names the one she may reopen */
        if (sv->store && store_villager_key(sv->store, idno, e->key) != STORE_OK)
            e->key[0] = '\0';
        if (receipt_reg_parse(receipt_no, &seq) == RECEIPT_OK)
            e->owner_seq = seq;
    } else if (receipt_no && receipt_reg_parse(receipt_no, &seq) == RECEIPT_OK) {
        /* a registration number: the county's receipt number once it has one */
        store_receipt r;
        memset(&r, 0, sizeof r);
        if (sv->store && store_receipt_get_by_seq(sv->store, seq, &r) == STORE_OK)
            snprintf(e->receipt_no, sizeof e->receipt_no, "%s", r.receipt_no);
        else
            e->reg_seq = seq;
        store_receipt_clear(&r);
    } else if (receipt_no)
        snprintf(e->receipt_no, sizeof e->receipt_no, "%s", receipt_no);
    else if (idno && sv->store && store_villager_key(sv->store, idno, e->key) != STORE_OK)
        e->key[0] = '\0';
    e->owner_all = who == UI_QUERY_BY_CARD && e->key[0];
    e->state = UI_QUERY_LOCAL;
    if (sync_query_cfg_ready(sv->platform) && (e->receipt_no[0] || e->key[0])) {
        e->online = sync_query_start(sv->platform, e->receipt_no[0] ? e->receipt_no : NULL,
                                    e->receipt_no[0] ? NULL : e->key);
        e->state = e->online ? UI_QUERY_PENDING : UI_QUERY_OFFLINE;
    }
    fill(e, a);
    return s;
}

int ui_query_result_state(const ui_screen *s)
{
    return s && s->ops == &QUERY_OPS ? ((const escreen *)s->priv)->state : -1;
}

const char *ui_query_result_note(const ui_screen *s)
{
    return s && (s->ops == &QUERY_OPS || s->ops == &ERR_OPS) ? ((const escreen *)s->priv)->body : "";
}

const char *ui_query_result_rows(const ui_screen *s)
{
    return s && s->ops == &QUERY_OPS ? ((const escreen *)s->priv)->shown : "";
}
