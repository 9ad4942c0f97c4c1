/* form_screen.c — the guided form screen, its autosave, review and confirm
 * (see form_screen.h). */
#include "ui/screens/form/form_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ui/screens/agent/agent_screens.h"
#include "ui/screens/form/form_body.h"
#include "ui/screens/form/form_card.h"
#include "ui/screens/form/form_screen_int.h"
#include "ui/screens/form/form_owner.h"
#include "core/log.h"
#include "core/utf8.h"
#include "plat_clock.h"
#include "plat_paths.h"
#include "core/strings.h"
#include "core/uuid.h"
#include "form/validate.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"
#include "ui/core/session.h"
#include "ui/core/services.h"
#include "ui/screens/form/form_photo.h"
#include "ui/screens/receipt/receipt_screen.h"


static const ui_screen_ops FORM_OPS;

static valid_date today(void)
{
    valid_date d;
    plat_clock_local(&d.year, &d.month, &d.day, NULL, NULL, NULL);
    return d;
}

/* ---- autosave ----
 *
 * Every change is saved to the draft (SQLite, an fsync per commit). A change
 * that was one keystroke in the focused field is saved at most
 * SAVE_DEFER_MS after it instead of before its frame: the loop wakes for it
 * (fs_tick), and keystrokes typed meanwhile go in the same commit. Anything
 * else saves at once, and so does every way on from the typing: any tap but a
 * key (下一步, 上一步, 完成, 返回, a choice, a dialog's answer), the idle
 * timeout, and the screen's end (an Escape, the program's exit). A power cut
 * loses at most the last SAVE_DEFER_MS of typing, never a page or an answer
 * chosen. All of it runs on the UI thread, like the store handle it uses. */
#define SAVE_DEFER_MS 1000

static void save(fscreen *f, ui_app *a)
{
    store *st = ui_app_services(a)->store;
    f->save_due = 0;
    if (f->query || !f->touched)
        return;
    if (!st) {
        f->save_rc = STORE_ERR_CANTOPEN;
        return;
    }
    char *blob = form_inst_save(f->inst);
    if (!blob) {
        f->save_rc = STORE_ERR_NOMEM;
        return;
    }
    f->save_rc = store_draft_save(st, f->uuid, form_def_id(f->def), form_def_version(f->def),
                                  (int)form_inst_page(f->inst), blob, ui_app_agent_id(a));
    memset(blob, 0, strlen(blob));
    free(blob);
    if (f->save_rc != STORE_OK && f->save_rc != STORE_ERR_ALREADY)
        core_log(CORE_LOG_ERROR, "form", "draft %s of %s not saved: %s", f->uuid,
                 form_def_id(f->def), store_error_key(f->save_rc));
}

/* This screen's draft goes and is not saved again: the store deletes it with
 * the images it named, then the images the answers on the screen name that
 * no saved draft named yet (a signature given since the last save) go too,
 * each once nothing else names it (a store that could not delete the draft
 * keeps them; with no store at all they go unchecked: nothing saved in this
 * run can name them, and a signature's or photo's name is the hash of its
 * own pixels). STORE_OK, STORE_ERR_NOTFOUND (none saved yet), or the
 * store's code. */
static int drop_draft(fscreen *f, store *st)
{
    f->save_due = 0;
    int rc = st ? store_draft_delete(st, f->uuid) : STORE_ERR_CANTOPEN;
    if (st && rc != STORE_OK && rc != STORE_ERR_NOTFOUND)
        return rc;
    char *blob = form_inst_save(f->inst);
    int irc = store_images_release(st, plat_paths_data(), blob, NULL);
    if (irc != STORE_OK)
        core_log(CORE_LOG_WARN, "form", "images of draft %s not all removed: %s", f->uuid,
                 store_strerror(irc));
    if (blob) {
        sodium_memzero(blob, strlen(blob));
        free(blob);
    }
    return rc;
}

static void offer_owner_draft(fscreen *f, ui_app *a);
static void ask_resume(fscreen *f);
static void discard_draft(fscreen *f, ui_app *a);

/* Says a failed save on the page, and takes the message away once a save
 * succeeds; 1 if the page must be drawn whole (a save failed and its words
 * are not on the page yet, or its message went). A save that fails again
 * with the words already shown changes nothing on the page: a keystroke
 * then draws its field alone, and the page keeps its scroll. A member
 * editor on top shows the same words (member_said). */
static int save_said(fscreen *f)
{
    if (f->save_rc != STORE_OK && f->save_rc != STORE_ERR_ALREADY) {
        char now[sizeof f->said];
        snprintf(now, sizeof now, core_str("form.save_failed"), core_str(store_error_key(f->save_rc)));
        const char *shown = f->body ? form_body_message(f->body) : NULL;
        if (!strcmp(now, f->said) && (!f->body || (shown && !strcmp(shown, now))))
            return 0;
        memcpy(f->said, now, sizeof now);
        if (f->body)
            form_body_set_message(f->body, f->said);
        return 1;
    }
    if (!f->said[0])
        return 0;
    const char *shown = f->body ? form_body_message(f->body) : NULL;
    int gone = shown && !strcmp(shown, f->said);
    if (gone)
        form_body_set_message(f->body, NULL);
    f->said[0] = 0;
    return gone;
}

/* Saves a keystroke's change that is waiting (SAVE_DEFER_MS), now. */
static void save_waiting(fscreen *f, ui_app *a)
{
    if (!f->save_due)
        return;
    save(f, a);
    if (save_said(f))
        ui_app_invalidate(a);
}

static void changed(fscreen *f, ui_app *a)
{
    f->touched = 1;
    /* a keystroke: the field alone (the keyboard marked its part); a date
     * wheel's step: its picker (saved at once, as any answer but a keystroke) */
    SDL_Rect box;
    int typed = f->body && !ui_dialog_is_open(f->dlg) ? form_body_take_typed(f->body, a, &box) : 0;
    if (typed == 1 && (f->save_rc == STORE_OK || f->save_rc == STORE_ERR_ALREADY)) {
        if (!f->save_due) { /* saved with whatever else is typed until then */
            f->save_due = plat_clock_mono_ms() + SAVE_DEFER_MS;
            ui_app_wake_at(a, f->save_due);
        }
        f->app = a; /* for the screen's end (fs_destroy) */
        offer_owner_draft(f, a);
        ui_app_invalidate_rect(a, &box);
        return;
    }
    save(f, a);
    offer_owner_draft(f, a);
    if (!save_said(f) && typed && !ui_dialog_is_open(f->dlg)) { /* no dialog opened over it */
        ui_app_invalidate_rect(a, &box);
        return;
    }
    ui_app_invalidate(a);
}

static void body_changed(void *ud, ui_app *a) { changed(ud, a); }

/* A change on the member editor above, by the same rule: a keystroke waits
 * up to SAVE_DEFER_MS (the editor's tick and ways out call member_save, as
 * this screen's tick waits under it), anything else is saved at once. The
 * editor marks what a keystroke changed, its field alone. */
static void member_changed(void *ud, ui_app *a, int typed)
{
    fscreen *f = ud;
    if (f->body)
        form_body_changed_under(f->body);
    if (!typed) {
        changed(f, a);
        return;
    }
    f->touched = 1;
    if (typed == 1 && (f->save_rc == STORE_OK || f->save_rc == STORE_ERR_ALREADY)) {
        if (!f->save_due) {
            f->save_due = plat_clock_mono_ms() + SAVE_DEFER_MS;
            ui_app_wake_at(a, f->save_due);
        }
        f->app = a;
        offer_owner_draft(f, a);
        return;
    }
    save(f, a);
    offer_owner_draft(f, a);
    if (save_said(f))
        ui_app_invalidate(a);
}

static uint64_t member_save(void *ud, ui_app *a, uint64_t by_ms)
{
    fscreen *f = ud;
    if (f->save_due && by_ms >= f->save_due)
        save_waiting(f, a ? a : f->app);
    return f->save_due;
}

static const char *member_said(void *ud)
{
    fscreen *f = ud;
    return f->said[0] ? f->said : NULL;
}

/* ---- pages and review ---- */

static void open_member(void *ud, ui_app *a, const char *group, int idx, int added)
{
    fscreen *f = ud;
    changed(f, a);
    /* back from adding: the list's foot in view, the new card over 添加 */
    snprintf(f->member_added, sizeof f->member_added, "%s",
             added == FORM_MEMBER_EDIT ? "" : group);
    ui_form_member_hooks h = {f, member_changed, member_save, member_said};
    ui_app_push(a, ui_form_member_new(a, f->inst, group, idx, added, f->sig_dir, &h));
}

static void build_review(fscreen *f)
{
    ui_list_free(f->review);
    f->review = ui_list_new("form.review", UI_LIST_PLAIN);
    form_review_item *items;
    size_t n;
    if (!f->review || form_inst_review(f->inst, &items, &n) != FORM_OK)
        return;
    form_review_item *old = NULL;
    size_t nold = 0;
    if (f->orig && form_inst_review(f->orig, &old, &nold) != FORM_OK)
        nold = 0;
    for (size_t i = 0; i < n; i++) {
        /* the answer whole, however long (the list wraps it) */
        const char *shown = *items[i].display ? items[i].display
                            : form_field_type(items[i].field) == FORM_T_PHOTO
                                ? core_str("form.review_no_photo")
                                : core_str("form.review_empty");
        size_t rn = strlen(core_str("form.review_row")) + strlen(items[i].label) + strlen(shown) + 1;
        size_t mn = rn + strlen(core_str("form.review_changed"));
        char *row = malloc(rn), *marked = malloc(mn);
        if (!row || !marked) {
            free(row);
            free(marked);
            break;
        }
        snprintf(row, rn, core_str("form.review_row"), items[i].label, shown);
        /* a correction: the answers that differ from the returned filing's */
        int same = !f->orig;
        for (size_t j = 0; j < nold && !same; j++)
            same = !strcmp(old[j].label, items[i].label) && !strcmp(old[j].display, items[i].display);
        if (!same) {
            snprintf(marked, mn, core_str("form.review_changed"), row);
            ui_list_add(f->review, marked, NULL);
        } else {
            ui_list_add(f->review, row, NULL);
        }
        memset(row, 0, rn);
        memset(marked, 0, mn);
        free(row);
        free(marked);
    }
    form_review_free(items, n);
    if (old)
        form_review_free(old, nold);
}

/* Makes the body (or review list) match where the instance is. */
static void sync_view(fscreen *f)
{
    if (form_inst_at_review(f->inst)) {
        form_body_free(f->body);
        f->body = NULL;
        build_review(f);
        f->from_review = 0;
        return;
    }
    ui_list_free(f->review);
    f->review = NULL;
    size_t page = form_inst_page(f->inst);
    if (f->body && f->body_page == page)
        return;
    form_body_free(f->body);
    form_body_hooks h = {f, open_member, body_changed};
    f->body = form_body_new(f->inst, page, NULL, -1, f->sig_dir, &h);
    f->body_page = page;
}

static int review_page_of(fscreen *f, int row, size_t *page)
{
    form_review_item *items;
    size_t n;
    if (form_inst_review(f->inst, &items, &n) != FORM_OK)
        return -1;
    int ok = row >= 0 && (size_t)row < n;
    if (ok)
        *page = items[row].page;
    form_review_free(items, n);
    return ok ? 0 : -1;
}

/* ---- confirm ---- */

static void fail(ui_app *a, const char *why)
{
    char body[1024];
    snprintf(body, sizeof body, core_str("form.err_body"), why);
    ui_app_push(a, ui_form_error_new(core_str("form.err_title"), body));
}

/* The villager's answer of type t (an ID number, a name): the field the ID
 * card's c fills where the form maps it and it shows, which is the person
 * at the kiosk whose filing it is (养老保险注销: the family who files, not
 * the insured who died); else the first visible top-level field of type t;
 * NULL if none. */
static const char *villager_field(fscreen *f, form_type t, form_card_field c)
{
    const form_field *cf = form_def_card_field(f->def, c);
    if (cf && form_field_type(cf) == t && form_inst_visible(f->inst, form_field_key(cf)))
        return form_inst_get(f->inst, form_field_key(cf));
    for (size_t i = 0; i < form_def_field_count(f->def); i++) {
        const form_field *fl = form_def_field_at(f->def, i);
        if (form_field_type(fl) == t && form_inst_visible(f->inst, form_field_key(fl)))
            return form_inst_get(f->inst, form_field_key(fl));
    }
    return NULL;
}

static const char *villager_idno(fscreen *f)
{
    return villager_field(f, FORM_T_IDNO, FORM_CARD_ID_NUMBER);
}

/* 1 if the villager's ID number was read from her card (not typed). */
static int idno_by_card(fscreen *f)
{
    const form_field *cf = form_def_card_field(f->def, FORM_CARD_ID_NUMBER);
    return cf && form_field_type(cf) == FORM_T_IDNO && villager_idno(f) &&
           form_inst_from_card(f->inst, form_field_key(cf));
}

/* The phone number the person filing gave, when it is a whole, valid one
 * (a number half typed is kept with an error: no digits of it to ask for):
 * the field keyed "phone" (医保参保信息变更 asks a new number first), else
 * the first visible top-level mobile number (养老保险注销: the family's,
 * asked after the insured's). */
static const char *villager_phone(fscreen *f)
{
    const char *best = NULL;
    for (size_t i = 0; i < form_def_field_count(f->def); i++) {
        const form_field *fl = form_def_field_at(f->def, i);
        const char *key = form_field_key(fl);
        if (form_field_type(fl) != FORM_T_MOBILE || !form_inst_visible(f->inst, key))
            continue;
        const char *v = form_inst_get(f->inst, key);
        if (!v || valid_mobile(v) != VALID_OK || form_inst_error(f->inst, key))
            continue;
        if (!strcmp(key, "phone"))
            return v;
        if (!best)
            best = v;
    }
    return best;
}

static const char *villager_name(fscreen *f)
{
    const char *v = villager_field(f, FORM_T_NAME, FORM_CARD_NAME);
    return v ? v : "";
}

/* Puts the agent's consent record into the payload as "proxy". NULL if the
 * payload or the record is not a JSON object. The caller frees the result. */
static char *with_proxy(const char *payload, const char *consent)
{
    cJSON *p = cJSON_Parse(payload), *c = cJSON_Parse(consent);
    char *out = NULL;
    if (cJSON_IsObject(p) && cJSON_IsObject(c)) {
        cJSON_AddItemToObject(p, "proxy", c);
        c = NULL;
        out = cJSON_PrintUnformatted(p);
    }
    cJSON_Delete(p);
    cJSON_Delete(c);
    return out;
}

static void submit_with(fscreen *f, ui_app *a, const char *consent);

/* The consent screen ended (it has popped itself): file with the record, or
 * stay on the form when the villager did not sign. */
static void consent_done(void *ud, ui_app *a, const char *consent_json)
{
    fscreen *f = ud;
    if (!consent_json) {
        ui_app_invalidate(a);
        return;
    }
    submit_with(f, a, consent_json);
}

/* 确认提交: when an agent files for a villager, the villager's signed consent
 * comes first (agent_screens.h) and goes into the payload. */
static void submit(fscreen *f, ui_app *a, ui_screen *s)
{
    (void)s;
    if (ui_app_agent_id(a) && ui_app_services(a)->store) {
        ui_consent_req req = {form_def_title(f->def), villager_name(f), villager_idno(f), f->uuid};
        ui_screen *c = ui_consent_new(a, &req, consent_done, f);
        if (c) {
            ui_app_push(a, c);
            return;
        }
        fail(a, core_str("form.consent_failed"));
        return;
    }
    submit_with(f, a, NULL);
}

static void draft_idno(fscreen *f, const ui_services *sv, const char *uuid, char *out, size_t n,
                       int *by_card, char *phone4);

/* Deletes kept draft uuid (not this screen's own), with the images its
 * answers name (the store's deletion takes them). 0, or -1 (logged). */
static int delete_kept_draft(store *st, const char *uuid)
{
    int rc = store_draft_delete(st, uuid) == STORE_OK ? 0 : -1;
    if (rc)
        core_log(CORE_LOG_WARN, "form", "draft %s not deleted", uuid);
    return rc;
}

/* Her item filed: the other drafts of it that hold her ID number (a card's
 * she did not go back to, one begun by typing, an agent's for her) have
 * nothing left to do, and their answers and photos go now rather than when
 * they age out — those the filer has shown to be hers as the offer would
 * have asked: filed with her card read on this screen, all of them; filed
 * with the number typed, only those begun by typing, not locked, whose
 * phone number ends in the same four digits as the filing's (the digits
 * the offer asks). Anyone else's filing with her number typed leaves her
 * card's and her locked drafts to her card or their age. A correction's
 * draft stays: it answers a returned filing. */
static void drop_her_drafts(fscreen *f, ui_app *a)
{
    store *st = ui_app_services(a)->store;
    const char *idno = villager_idno(f);
    store_draft *items;
    size_t n;
    if (!st || !idno || strlen(idno) != 18 || store_draft_list(st, &items, &n) != STORE_OK)
        return;
    /* her card read on this screen, also when the answers filed are a draft
     * of hers begun by typing that her card brought back */
    int by_card = idno_by_card(f) || (f->card_idno[0] && !strcasecmp(f->card_idno, idno));
    const char *phone = villager_phone(f);
    char mine4[5] = "";
    if (phone)
        memcpy(mine4, phone + strlen(phone) - 4, 5);
    int dropped = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(items[i].form_id, form_def_id(f->def)) || !strcmp(items[i].uuid, f->uuid) ||
            items[i].supersedes[0])
            continue;
        char theirs[24], phone4[5];
        int card;
        draft_idno(f, ui_app_services(a), items[i].uuid, theirs, sizeof theirs, &card, phone4);
        int hers = theirs[0] && !strcasecmp(theirs, idno);
        int wrong = FORM_OWNER_TRIES;
        if (hers && !by_card && !card && phone4[0] && mine4[0] &&
            sodium_memcmp(phone4, mine4, 4) == 0 &&
            store_draft_wrong_digits(st, items[i].uuid, STORE_WRONG_READ, &wrong) != STORE_OK)
            wrong = FORM_OWNER_TRIES; /* its count unread: as locked */
        int shown = by_card || (wrong < FORM_OWNER_TRIES && !form_owner_lock_held(items[i].uuid));
        sodium_memzero(theirs, sizeof theirs);
        sodium_memzero(phone4, sizeof phone4);
        if (hers && shown && delete_kept_draft(st, items[i].uuid) == 0)
            dropped++;
    }
    sodium_memzero(mine4, sizeof mine4);
    store_draft_list_free(items, n);
    if (dropped)
        core_log(CORE_LOG_INFO, "form", "filing %s: %d other draft(s) of the item deleted", f->uuid,
                 dropped);
}

static void submit_with(fscreen *f, ui_app *a, const char *consent)
{
    const ui_services *sv = ui_app_services(a);
    char err[512];
    if (!sv->store) {
        fail(a, core_str(sv->store_error ? sv->store_error : "form.no_store"));
        return;
    }
    f->touched = 1;
    save(f, a);
    if (f->save_rc != STORE_OK) {
        fail(a, core_str(store_error_key(f->save_rc)));
        return;
    }
    if (!form_inst_confirmed(f->inst) && form_inst_confirm(f->inst, err, sizeof err) != FORM_OK) {
        fail(a, err);
        return;
    }
    char *payload = form_inst_payload(f->inst, err, sizeof err);
    if (!payload) {
        fail(a, err);
        return;
    }
    if (consent) {
        char *merged = with_proxy(payload, consent);
        memset(payload, 0, strlen(payload));
        free(payload);
        if (!merged) {
            fail(a, core_str("form.consent_failed"));
            return;
        }
        payload = merged;
    }
    int rc = store_filing_confirm(sv->store, f->uuid, form_def_title(f->def), payload,
                                  villager_idno(f));
    memset(payload, 0, strlen(payload));
    free(payload);
    if (rc != STORE_OK && rc != STORE_ERR_ALREADY) {
        core_log(CORE_LOG_ERROR, "form", "filing %s of %s not confirmed: %s", f->uuid,
                 form_def_id(f->def), store_error_key(rc));
        fail(a, core_str(store_error_key(rc)));
        return;
    }
    core_log(CORE_LOG_INFO, "form", "filing %s of %s confirmed", f->uuid, form_def_id(f->def));
    drop_her_drafts(f, a);
    receipt_info r;
    memset(&r, 0, sizeof r);
    /* the registration number, from the filing's place in the outbox (read
     * before the upload engine is woken and may move it to the receipts) */
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    rc = store_filing_get(sv->store, f->uuid, &fl);
    if (rc != STORE_OK || receipt_reg_make(fl.seq, r.reg_no, sizeof r.reg_no) != RECEIPT_OK)
        core_log(CORE_LOG_ERROR, "form", "filing %s has no registration number: %s", f->uuid,
                 store_strerror(rc));
    store_filing_clear(&fl);
    ui_app_filing_confirmed(a); /* wakes the upload engine, refreshes the badge */
    /* a county's title may be longer than the slip keeps: cut between characters */
    utf8_copy(r.title, sizeof r.title, form_def_title(f->def));
    const char *station = core_config_get(ui_app_config(a), "station.name");
    utf8_copy(r.station, sizeof r.station, station ? station : "");
    /* whose, masked as 我的办件 shows it: an agent's slips told apart */
    const form_field *nf = form_def_card_field(f->def, FORM_CARD_NAME);
    utf8_mask_name(r.who, sizeof r.who, nf ? form_inst_get(f->inst, form_field_key(nf)) : NULL);
    r.time = plat_clock_wall();
    snprintf(r.status, sizeof r.status, "%s", core_str("form.status_pending"));
    if (f->supersedes[0]) { /* a correction names the filing it replaces */
        store_receipt old;
        memset(&old, 0, sizeof old);
        if (store_receipt_get_by_uuid(sv->store, f->supersedes, &old) == STORE_OK &&
            old.receipt_no)
            snprintf(r.fixes, sizeof r.fixes, "%s", old.receipt_no);
        store_receipt_clear(&old);
    }
    const char *agent = ui_app_agent_id(a), *aname = ui_app_agent_name(a);
    if (agent && aname && aname[0]) { /* a proxy filing names its agent: 李桂兰（A0012） */
        char both[UI_AGENT_NAME_MAX + UI_AGENT_ID_MAX + 8];
        snprintf(both, sizeof both, core_str("receipt.agent_who"), aname, agent);
        utf8_copy(r.agent, sizeof r.agent, both);
    } else {
        snprintf(r.agent, sizeof r.agent, "%s", agent ? agent : "");
    }
    ui_receipt_print_fn pf = sv->print ? ui_receipt_print : NULL;
    ui_app_pop(a); /* the form screen is gone after this line */
    ui_app_push(a, ui_receipt_new(&r, pf, a));
}

static void run_query(fscreen *f, ui_app *a)
{
    const char *m = form_inst_get(f->inst, "method");
    int by_receipt = m && !strcmp(m, "by_receipt"), by_reg = m && !strcmp(m, "by_reg");
    const char *idno = by_receipt || by_reg ? NULL : villager_idno(f);
    /* a registration number (typed, or its QR scanned) or the county's number */
    const char *rn = by_receipt ? form_inst_get(f->inst, "receipt_no")
                     : by_reg   ? form_inst_get(f->inst, "reg_no")
                                : NULL;
    /* her ID number with her receipt's registration number: she may reopen it (补正) */
    const char *own = idno ? form_inst_get(f->inst, "id_reg_no") : NULL;
    if (own && !*own)
        own = NULL;
    int64_t seq;
    form_inst_back(f->inst); /* coming back lands on the last page */
    sync_view(f);
    if ((by_reg || own) && receipt_reg_parse(own ? own : rn, &seq) != RECEIPT_OK) {
        if (f->body)
            form_body_set_message(f->body, core_str("query.bad_reg"));
        return;
    }
    ui_app_push(a, own ? ui_query_result_new(a, idno, own, UI_QUERY_BY_ID_REG)
                       : ui_query_result_new(a, idno, rn, UI_QUERY_BY_NUMBER));
}

/* ---- 办件查询 by ID card ---- */

static int card_fill(void *ud, ui_app *a, const plat_idcard_info *c);

/* Whose card the form's card page asks for, into out: the label of the
 * field the card's name fills, less its 姓名 (户主姓名: 户主; 办理人（家属）姓名:
 * 办理人（家属）, the family at the kiosk, not the insured who died), or ""
 * where the label is 姓名 alone or does not end so (the page asks for 身份证). */
static void card_whose(const form_def *def, char *out, size_t n)
{
    static const char NAME[] = "姓名";
    const form_field *nf = form_def_card_field(def, FORM_CARD_NAME);
    const char *l = nf ? form_field_label(nf) : "";
    size_t len = strlen(l), tail = sizeof NAME - 1;
    out[0] = '\0';
    if (len > tail && !strcmp(l + len - tail, NAME) && len - tail < n)
        snprintf(out, n, "%.*s", (int)(len - tail), l);
}

/* The query's 刷身份证查询: 下一步 on the method page opens the card page
 * (the form maps the card's ID number into idno). 1 if it did. */
static int query_by_card(fscreen *f, ui_app *a)
{
    const char *m = form_inst_get(f->inst, "method");
    if (!f->query || f->card || form_inst_page(f->inst) != 0 || !m || strcmp(m, "by_card") ||
        !form_def_has_card(f->def))
        return 0;
    f->card = form_card_new(ui_app_services(a)->idcard_device, card_fill, f);
    if (!f->card) {
        form_body_set_message(f->body, core_str("form.msg.nomem"));
        return 1;
    }
    ui_app_invalidate(a);
    return 1;
}

/* The query's card page ended: a card read looks the filings up by its ID
 * number at once (which is then forgotten by the form: the result holds only
 * the villager key); 没带身份证 goes on to typing the ID number. */
static void query_card_done(fscreen *f, ui_app *a, int state)
{
    char err[256];
    if (state == FORM_CARD_FILLED) {
        char idno[24];
        const char *v = form_inst_get(f->inst, "idno");
        snprintf(idno, sizeof idno, "%s", v ? v : "");
        if (form_inst_set(f->inst, "idno", NULL, err, sizeof err) != FORM_OK ||
            form_inst_set(f->inst, "method", "by_card", err, sizeof err) != FORM_OK)
            core_log(CORE_LOG_WARN, "form", "query page not reset: %s", err);
        form_body_free(f->body); /* the method page again, for when the person comes back */
        f->body = NULL;
        sync_view(f);
        ui_app_push(a, ui_query_result_new(a, idno, NULL, UI_QUERY_BY_CARD));
        memset(idno, 0, sizeof idno);
        return;
    }
    if (form_inst_set(f->inst, "method", "by_id", err, sizeof err) != FORM_OK ||
        form_inst_next(f->inst, err, sizeof err) != FORM_OK)
        core_log(CORE_LOG_WARN, "form", "query by typed ID number not opened: %s", err);
    sync_view(f);
}

/* ---- navigation ---- */

static void next(fscreen *f, ui_app *a, ui_screen *s)
{
    char err[512] = "";
    if (form_inst_at_review(f->inst)) {
        f->dlg_kind = DLG_SUBMIT;
        ui_dialog_open(f->dlg, core_str("form.submit_title"), core_str("form.submit_body"),
                       core_str("form.submit_ok"), core_str("form.submit_cancel"));
        return;
    }
    form_body_unfocus(f->body);
    if (query_by_card(f, a))
        return;
    int rc;
    if (f->from_review) {
        rc = form_inst_check_page(f->inst, form_inst_page(f->inst), err, sizeof err);
        if (rc == FORM_OK)
            rc = form_inst_goto_review(f->inst, err, sizeof err);
    } else {
        rc = form_inst_next(f->inst, err, sizeof err);
    }
    if (rc != FORM_OK) {
        sync_view(f);
        if (f->body) {
            form_body_set_message(f->body, err);
            if (!form_body_show_errors(f->body) && rc == FORM_ERR_INELIGIBLE) /* the first wrong
                                                                    * field, beside it; else
                                                                    * a rule's question */
                form_body_show_rule(f->body, form_inst_rule_field(f->inst));
        }
        return;
    }
    if (f->query && form_inst_at_review(f->inst)) {
        run_query(f, a);
        return;
    }
    sync_view(f);
    changed(f, a);
    (void)s;
}

/* 1 if the person at the kiosk has given a well-formed ID number (read
 * from her card or typed): what a kept draft is offered back by. */
static int identified(fscreen *f, ui_app *a)
{
    store *st = ui_app_services(a)->store;
    const char *idno = villager_idno(f);
    char key[STORE_KEY_LEN + 1];
    return st && idno && strlen(idno) == 18 && store_villager_key(st, idno, key) == STORE_OK;
}

/* Leaving the form: at once when nothing was answered (or in the query),
 * otherwise after asking. The question says how the answers come back: a
 * correction from the returned filing, an agent's from 我的办件, a
 * villager's by her ID card or number on the same item; without an ID
 * number nothing could bring them back, and they are not kept (it promised
 * "下次点同一事项可以接着填", and the form came back empty). */
/* What leaving does with the answers, as 不填了吗？ says it. */
static const char *leave_key(fscreen *f, ui_app *a)
{
    return f->supersedes[0]                         ? "form.quit_body_fix"
           : ui_app_agent_id(a)                     ? "form.quit_body_agent"
           : !identified(f, a)                      ? "form.quit_body_anon"
           : idno_by_card(f) || !villager_phone(f) ? "form.quit_body_card"
                                                    : "form.quit_body";
}

static void quit(fscreen *f, ui_app *a)
{
    if (f->query || !f->touched) {
        ui_app_pop(a);
        return;
    }
    f->dlg_kind = DLG_QUIT;
    f->quit_key = leave_key(f, a);
    ui_dialog_open(f->dlg, core_str("form.quit_title"), core_str(f->quit_key),
                   core_str("form.quit_ok"), core_str("form.quit_cancel"));
    ui_dialog_suggest_cancel(f->dlg); /* a mistaken 返回 is not steered out */
}

static void prev(fscreen *f, ui_app *a)
{
    if (f->body)
        form_body_unfocus(f->body);
    if (form_inst_back(f->inst) != FORM_OK) { /* on the first page */
        quit(f, a);
        return;
    }
    f->from_review = 0;
    sync_view(f);
    changed(f, a);
}

/* The definition a draft of f's form at version was started on (f's own
 * when the versions agree), or NULL when it is no longer kept; a correction's
 * (supersedes not ""), with its materials step, or the item's own. */
static const form_def *draft_def(const fscreen *f, const ui_services *sv, int version,
                                 const char *supersedes)
{
    const form_def *d = f->def;
    if (version != form_def_version(f->def))
        d = sv->form_at_version
                ? sv->form_at_version(sv->catalogue_ud, form_def_id(f->def), version)
                : NULL;
    return supersedes && supersedes[0] ? form_def_correction(d) : form_def_plain(d);
}

static void resume_correction(fscreen *f, ui_app *a, const char *old_uuid);

/* The kept draft f->resume_uuid, once its villager has proved it is hers
 * (her card read, or the four digits given): yes brings it back (its count
 * of wrong digits gone, a lock with it), no deletes it (重新开始). */
static void resume(fscreen *f, ui_app *a, int yes)
{
    store *st = ui_app_services(a)->store;
    form_owner_lock_end(f->resume_uuid); /* proved hers: a lock held in memory ends too */
    if (!yes) {
        delete_kept_draft(st, f->resume_uuid);
        return;
    }
    store_draft d;
    memset(&d, 0, sizeof d);
    form_inst *inst = NULL;
    char err[256];
    int found = store_draft_load(st, f->resume_uuid, &d) == STORE_OK;
    /* a draft resumes on the definition it was started on, also after the
     * county published a newer one (the catalogue keeps it while needed) */
    const form_def *def =
        found ? draft_def(f, ui_app_services(a), d.form_version, d.supersedes) : NULL;
    if (found && !def)
        core_log(CORE_LOG_WARN, "form", "draft %s: %s version %d is no longer kept",
                 f->resume_uuid, form_def_id(f->def), d.form_version);
    if (!found || !def || form_inst_restore(def, d.answers, today(), &inst, err, sizeof err) != FORM_OK) {
        core_log(CORE_LOG_WARN, "form", "draft %s not resumed", f->resume_uuid);
        store_draft_clear(&d);
        return;
    }
    char sup[STORE_UUID_LEN + 1];
    snprintf(sup, sizeof sup, "%s", d.supersedes);
    store_draft_clear(&d);
    int n;
    if (store_draft_wrong_digits(st, f->resume_uuid, STORE_WRONG_CLEAR, &n) != STORE_OK)
        core_log(CORE_LOG_WARN, "form", "wrong digits for draft %s not cleared", f->resume_uuid);
    f->save_due = 0; /* this draft gives way to the one resumed */
    if (strcmp(f->uuid, f->resume_uuid) && f->touched && drop_draft(f, st) != STORE_OK)
        core_log(CORE_LOG_WARN, "form", "draft %s not deleted", f->uuid); /* none saved yet */
    form_body_free(f->body);
    f->body = NULL;
    form_inst_free(f->inst);
    f->inst = inst;
    form_inst_set_agent(f->inst, ui_app_agent_id(a)); /* not saved: who is signed in now */
    f->def = def;
    snprintf(f->uuid, sizeof f->uuid, "%s", f->resume_uuid);
    f->touched = 1;
    form_card_free(f->card); /* the draft's answers are back: no card needed */
    f->card = NULL;
    /* saved at once: a draft near its keeping time, taken up again, must not
     * expire (with its signature and photos) before her first answer saves it */
    save(f, a);
    if (sup[0]) /* a correction (补正): its note and the returned filing's answers too */
        resume_correction(f, a, sup);
    sync_view(f);
}


/* The owner's four digits given: her draft comes back (继续上次填写), or
 * goes (重新开始); a wrong answer: counted with the draft; the third: it is
 * locked, kept for her card (offer_owner_draft offers it to no number
 * typed), and this form goes on as a new one — so that guessing on cannot
 * bring it back, and no guess throws it away; 返回: asked again, 继续上次填写
 * or 重新开始 (no third way leaves a second draft of hers beside the first). */
static int owner_done(void *ud, ui_app *a, int result)
{
    fscreen *f = ud;
    store *st = ui_app_services(a)->store;
    if (result == FORM_OWNER_WRONG) {
        int n = -1;
        if (!st || store_draft_wrong_digits(st, f->resume_uuid, STORE_WRONG_ADD, &n) != STORE_OK) {
            core_log(CORE_LOG_WARN, "form", "wrong digits for draft %s not counted",
                     f->resume_uuid);
            n = -1;
        }
        /* counted here whether or not the store kept it: the screen opened
         * again (返回, 继续上次填写) goes on from it */
        f->owner_wrong = n > f->owner_wrong ? n : f->owner_wrong + 1;
        if (f->owner_wrong > FORM_OWNER_TRIES)
            f->owner_wrong = FORM_OWNER_TRIES;
        return n;
    }
    if (result == FORM_OWNER_BACK) {
        ask_resume(f);
        ui_app_invalidate(a);
        return 0;
    }
    sodium_memzero(f->owner_digits, sizeof f->owner_digits);
    if (result == FORM_OWNER_OK) {
        resume(f, a, !f->owner_restart);
        return 0;
    }
    /* FORM_OWNER_FAILED: kept, locked by its count (brought to the lock where
     * an earlier wrong answer was not counted; where the store keeps none of
     * it, held in memory); this form is a new one (its own uuid: nothing is
     * saved over the kept draft) */
    int n = 0, kept = st && store_draft_wrong_digits(st, f->resume_uuid, STORE_WRONG_READ,
                                                     &n) == STORE_OK;
    while (kept && n < FORM_OWNER_TRIES)
        kept = store_draft_wrong_digits(st, f->resume_uuid, STORE_WRONG_ADD, &n) == STORE_OK;
    if (!kept) {
        form_owner_lock_hold(f->resume_uuid);
        core_log(CORE_LOG_WARN, "form", "draft %s locked in memory only: its count not saved",
                 f->resume_uuid);
    }
    f->owner_wrong = 0;
    if (st && store_audit_add(st, STORE_ACTOR_VILLAGER, NULL, "draft.owner_failed",
                              f->resume_uuid, NULL) != STORE_OK)
        core_log(CORE_LOG_WARN, "form", "audit of draft %s not written", f->resume_uuid);
    core_log(CORE_LOG_INFO, "form", "draft %s locked: kept for the villager's card",
             f->resume_uuid);
    f->resume_uuid[0] = '\0';
    ui_app_invalidate(a);
    return kept ? 0 : -1;
}

/* 继续上次填写 or 重新开始 on a draft begun by typing the ID number: the
 * last four digits of its phone number first (form_owner.h). */
static void ask_owner(fscreen *f, ui_app *a, int restart)
{
    f->owner_restart = restart;
    if (f->owner_wrong < 0)
        f->owner_wrong = 0;
    ui_screen *s = f->owner_wrong < FORM_OWNER_TRIES
                       ? form_owner_new(f->owner_digits, f->owner_wrong,
                                        restart ? FORM_OWNER_RESTART : FORM_OWNER_RESUME,
                                        owner_done, f)
                       : NULL;
    if (!s) { /* locked meanwhile (not asked again), or out of memory: nothing offered */
        core_log(CORE_LOG_WARN, "form", "draft %s not offered (%s)", f->resume_uuid,
                 f->owner_wrong < FORM_OWNER_TRIES ? "out of memory" : "locked");
        sodium_memzero(f->owner_digits, sizeof f->owner_digits);
        f->resume_uuid[0] = '\0';
        ui_app_invalidate(a);
        return;
    }
    ui_app_push(a, s);
}

/* ---- the ID-card start page ---- */

void fs_card_values(const plat_idcard_info *c, form_card *out)
{
    memset(out, 0, sizeof *out);
    out->v[FORM_CARD_NAME] = c->name;
    out->v[FORM_CARD_ID_NUMBER] = c->id_number;
    out->v[FORM_CARD_SEX] = c->sex;
    out->v[FORM_CARD_ETHNICITY] = c->ethnicity;
    out->v[FORM_CARD_BIRTH] = c->birth;
    out->v[FORM_CARD_ADDRESS] = c->address;
}

int fs_card_expired(const plat_idcard_info *c, char *out, size_t n)
{
    const char *v = c->valid_to;
    valid_date end;
    if (strlen(v) != 8 || strspn(v, "0123456789") != 8 ||
        sscanf(v, "%4d%2d%2d", &end.year, &end.month, &end.day) != 3 ||
        !valid_date_real(end.year, end.month, end.day))
        return 0; /* 长期, nothing the reader gave, or a day that is none */
    if (valid_date_cmp(end, today()) >= 0)
        return 0;
    snprintf(out, n, core_str("form.card_expired"), end.year, end.month, end.day);
    return 1;
}

/* A card was read: its fields fill the answers the form's "idcard" map
 * names; a card past its validity fills them too, and the page says so. */
static int card_fill(void *ud, ui_app *a, const plat_idcard_info *c)
{
    fscreen *f = ud;
    form_card card;
    fs_card_values(c, &card);
    char err[256];
    if (f->query && form_inst_set(f->inst, "method", "by_id", err, sizeof err) != FORM_OK)
        return FORM_CARD_NOT_FIT; /* the query looks up by the card's ID number */
    int rc = form_inst_fill_card(f->inst, &card);
    if (rc != FORM_OK) {
        core_log(CORE_LOG_INFO, "form", "ID card does not fit %s: %s", form_def_id(f->def),
                 form_strerror(rc));
        return FORM_CARD_NOT_FIT;
    }
    core_log(CORE_LOG_INFO, "form", "form %s (%s) filled from an ID card", form_def_id(f->def),
             f->uuid);
    /* her card read on this screen: still so after a draft of hers begun by
     * typing comes back in place of these answers (drop_her_drafts) */
    snprintf(f->card_idno, sizeof f->card_idno, "%s", c->id_number);
    form_body_free(f->body); /* the page is built again around the new answers */
    f->body = NULL;
    sync_view(f);
    char expired[256];
    if (f->body && fs_card_expired(c, expired, sizeof expired)) {
        core_log(CORE_LOG_INFO, "form", "the ID card read for %s is past its validity",
                 form_def_id(f->def));
        form_body_set_message(f->body, expired); /* until the page turns, at its top */
    } else if (f->body)
        form_body_bring_first_open(f->body); /* what is left to answer, in view */
    changed(f, a);
    return 0;
}

/* Leaves the card page once a card filled the form or the person chose to type. */
static void card_settle(fscreen *f, ui_app *a)
{
    if (f->card && form_card_state(f->card) != FORM_CARD_WAITING) {
        int state = form_card_state(f->card);
        form_card_free(f->card);
        f->card = NULL;
        ui_app_invalidate(a);
        if (f->query)
            query_card_done(f, a, state);
    }
}

int ui_form_card_swipe(ui_screen *s, ui_app *a, int n)
{
    fscreen *f = ui_form_is(s) ? s->priv : NULL;
    if (!f)
        return fs_member_card_swipe(s, a, n);
    if (!f->card || form_card_swipe(f->card, a, n) != 0)
        return -1;
    card_settle(f, a);
    fs_auto_speak(f, a);
    return 0;
}

/* ---- screen ---- */

int fs_band_edge(ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    return t->portrait ? t->unit : t->unit / 2;
}

int fs_voice_size(ui_app *a)
{
    return ui_app_theme(a)->portrait ? ui_voicebtn_size(a) : ui_button_height(a);
}

int fs_foot_h(ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int vb = fs_voice_size(a), bh = ui_button_height(a), m = t->portrait ? t->unit * 2 : t->unit;
    return (vb > bh ? vb : bh) + m * 2;
}

static int header(fscreen *f, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit, edge = fs_band_edge(a);
    int bw = text_width(tx, core_str("form.quit"), t->px_label, TEXT_BOLD) + t->unit * 3;
    if (bw < t->target * 3 / 2)
        bw = t->target * 3 / 2;
    int tx0 = pad * 2 + bw, tw = t->w - tx0 - pad * 2;
    text_style s = {t->px_label, TEXT_BOLD, t->primary_ink, TEXT_LEFT, 0, 2};
    int th = text_measure_box(tx, form_def_title(f->def), tw, &s, NULL);
    int hh = (th > t->target ? th : t->target) + edge * 2;
    SDL_Rect band = {0, 0, t->w, hh};
    draw_rect(ui_app_draw(a), &band, t->primary);
    SDL_Rect back = {pad, (hh - t->target) / 2, bw, t->target};
    ui_button(a, &back, "form.quit", core_str("form.quit"), UI_BTN_SECONDARY);
    SDL_Rect tb = {tx0, (hh - th) / 2, tw, 0};
    text_draw_box(tx, form_def_title(f->def), &tb, &s);
    return hh;
}

/* 1 while the page's keyboard is open: the steps give their room to the
 * question above the keyboard, and 完成 (close it, on to the next field)
 * stands where 上一步 was. */
static int typing(fscreen *f) { return f->body && form_body_kb(f->body) != NULL; }

static int top(fscreen *f, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, gap = t->portrait ? pad / 2 : t->unit / 2; /* around the steps */
    int y = header(f, a) + gap;
    if (f->note && !typing(f)) { /* a correction: what the county asked for */
        text_ctx *tx = ui_app_text(a);
        char line[700];
        snprintf(line, sizeof line, core_str("form.county_note"), f->note);
        /* three lines of it where the screen is tall; one where it is wider
         * than tall (the tablet in large text kept a quarter of its height
         * for the page): the tap shows it whole either way */
        text_style s = {t->px_body, TEXT_BOLD, t->surface, TEXT_LEFT, 0, t->portrait ? 3 : 1};
        int bx, bw;
        form_body_column(a, pad, t->w - 2 * pad, &bx, &bw);
        int w = bw - 2 * pad;
        int h = text_measure_box(tx, line, w, &s, NULL) + pad;
        /* a note longer than its lines: the band says so and a tap on it
         * shows the whole note (form.note) */
        text_style whole = s;
        whole.max_lines = 0;
        int cut = text_measure_box(tx, line, w, &whole, NULL) + pad > h;
        text_style ms = {t->px_small, TEXT_BOLD, t->surface, TEXT_LEFT, 0, 1};
        /* wider than tall: 点这里看… at the end of the one line, not a line
         * of its own */
        int side = cut && !t->portrait;
        int mw = side ? text_width(tx, core_str("form.note_more"), ms.px, TEXT_BOLD) + pad : 0;
        if (side)
            h = text_measure_box(tx, line, w - mw, &s, NULL) + pad;
        int mh = cut && !side ? text_line_height(tx, ms.px) + pad / 4 : 0;
        /* a band that is tapped is a touch target: at least 15 mm high,
         * its words in the middle (one line of normal text is less) */
        int least = ui_theme_mm(t, 15.0);
        int off = cut && h + mh < least ? (least - h - mh + 1) / 2 : 0;
        SDL_Rect band = {bx, y, bw, off ? least : h + mh};
        draw_round_rect(ui_app_draw(a), &band, t->radius, t->danger);
        SDL_Rect tb = {bx + pad, y + off + pad / 2, w - mw, 0};
        text_draw_box(tx, line, &tb, &s);
        if (cut) {
            SDL_Rect mb = side ? (SDL_Rect){bx + pad + w - mw + pad,
                                            y + off + (h - text_line_height(tx, ms.px)) / 2,
                                            mw - pad, 0}
                               : (SDL_Rect){bx + pad, y + off + h - pad / 4, w, 0};
            text_draw_box(tx, core_str("form.note_more"), &mb, &ms);
            ui_app_target(a, &band, "form.note");
        }
        y += band.h + gap;
    }
    if (typing(f))
        return y;
    int step, total;
    form_inst_progress(f->inst, &step, &total);
    if (form_inst_at_review(f->inst))
        step = total + 1; /* every step filled: not the last step once more */
    const char *title = form_inst_at_review(f->inst)
                            ? core_str("form.review_title")
                            : form_def_page_title(f->def, form_inst_page(f->inst));
    int sx, sw;
    form_body_column(a, pad, t->w - 2 * pad, &sx, &sw);
    if (f->query) { /* a lookup files nothing: its page's title, no steps to count
                     * (第 1 步 / 共 1 步, then 共 2 步 once the way was chosen) */
        text_style sq = {t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
        SDL_Rect qb = {sx, y, sw, 0};
        return y + text_draw_box(ui_app_text(a), title, &qb, &sq) + gap;
    }
    y += ui_stepper(a, sx, y, sw, step, total, title) + gap;
    return y;
}

static void fs_draw(ui_screen *s, ui_app *a)
{
    fscreen *f = s->priv;
    if (f->member_added[0] && ui_app_top(a) == s) { /* the member page has closed */
        if (f->body)
            form_body_show_foot(f->body, f->member_added);
        f->member_added[0] = '\0';
    }
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    if (f->card) { /* the start page: the header, the card page, no footer */
        int hh = header(f, a);
        SDL_Rect area = {0, hh, t->w, t->h - hh};
        form_card_draw(f->card, a, &area);
        ui_dialog_draw(f->dlg, a);
        fs_dialog_voicebtn(f, a);
        return;
    }
    /* the top's height, measured under a clip that shows nothing: the top
     * is drawn once, after the body, so that its targets come last (over a
     * field scrolled under it) */
    draw_clip none;
    draw_clip_push(d, &(SDL_Rect){-2, -2, 1, 1}, &none);
    int top_h = top(f, a);
    draw_clip_pop(d, &none);
    int fh = fs_foot_h(a);
    SDL_Rect area = {0, top_h, t->w, t->h - fh - top_h};
    if (f->body) {
        form_body_draw(f->body, a, &area);
    } else if (f->review) {
        /* the review list in the page's column; on a screen wider than
         * tall half the space around the hint, for another row */
        int cx, cw, gap = t->portrait ? pad / 2 : t->unit / 2;
        form_body_column(a, pad, t->w - 2 * pad, &cx, &cw);
        SDL_Rect lb = {cx, area.y + gap, cw, 0};
        int hy = ui_label(a, &lb, core_str("form.review_hint"), t->px_body, TEXT_REGULAR,
                          t->ink_soft, TEXT_LEFT) + gap * 2;
        SDL_Rect lr = {cx, area.y + hy, cw, area.h - hy - gap};
        ui_list_draw(f->review, a, &lr);
    }
    /* the band under the top keeps the clear's background: the body draws
     * nothing above its area (the fields and the review list are clipped
     * to their views), so it is not painted again before the top covers it */
    SDL_Rect band = {0, 0, t->w, top_h};
    ui_app_target(a, &band, "form.block");
    top(f, a);
    SDL_Rect foot = {0, t->h - fh, t->w, fh};
    draw_rect(d, &foot, t->surface);
    SDL_Rect fl = {0, foot.y, t->w, 2};
    draw_rect(d, &fl, t->line);
    ui_app_target(a, &foot, "form.block");
    /* 读给我听, 上一步, 下一步 */
    SDL_Rect vr = fs_voice_rect(a);
    ui_voicebtn(a, &vr, "form.voice");
    int bx = pad * 2 + vr.w, bw = t->w - bx - pad * 2, by = foot.y + (fh - bh) / 2;
    int pw = bw / 3;
    SDL_Rect bp = {bx, by, pw, bh}, bn = {bx + pw + pad, by, bw - pw, bh};
    if (typing(f))
        ui_button(a, &bp, "form.done",
                  core_str(form_body_done_moves(f->body) ? "form.done_next" : "form.done"), UI_BTN_OK);
    else
        ui_button(a, &bp, "form.prev", core_str("form.prev"), UI_BTN_SECONDARY);
    const char *nk = form_inst_at_review(f->inst) ? "form.submit"
                     : f->from_review             ? "form.to_review"
                     : f->query && (int)form_inst_page(f->inst) + 1 >= (int)form_def_page_count(f->def)
                         ? "form.query"
                         : "form.next";
    ui_button(a, &bn, "form.next", core_str(nk),
              form_inst_at_review(f->inst) ? UI_BTN_OK : UI_BTN_PRIMARY);
    if (f->body)
        form_body_draw_overlay(f->body, a);
    ui_dialog_draw(f->dlg, a);
    fs_dialog_voicebtn(f, a);
}

static void fs_activate_id(ui_screen *s, ui_app *a, const char *id)
{
    fscreen *f = s->priv;
    int result;
    /* a key marks what it changes (kb.h, changed()), and so do a tap
     * between keys (the keyboard's area, fb.block: form_body_event) and a
     * date wheel's step, and 读给我听, which changes only its button
     * (voicebtn.h marks it); any other tap first saves the typing that
     * waits, before anything moves on */
    int speaker = !strcmp(id, "form.voice") || !strcmp(id, "form.voice.dlg") ||
                  !strcmp(id, "card.voice");
    if (strncmp(id, "kb.", 3) && strcmp(id, "fb.block") &&
        !(f->body && form_body_tap_marks(f->body, id))) {
        save_waiting(f, a);
        if (!speaker)
            ui_app_invalidate(a);
    }
    if (!strcmp(id, "form.voice.dlg")) {
        char say[1024];
        fs_dialog_speech(f, say, sizeof say);
        int code;
        ui_voicebtn_activate(a, "form.voice.dlg", id, say, &code);
        return;
    }
    if (ui_dialog_activate(f->dlg, a, id, &result)) {
        int kind = f->dlg_kind;
        if (result == UI_DIALOG_NONE)
            return;
        f->dlg_kind = DLG_NONE;
        if (kind == DLG_RESUME && f->owner_digits[0]) /* either answer: her digits first */
            ask_owner(f, a, result != UI_DIALOG_OK);
        else if (kind == DLG_RESUME) {
            sodium_memzero(f->owner_digits, sizeof f->owner_digits);
            resume(f, a, result == UI_DIALOG_OK);
        }
        else if (kind == DLG_DUP && result == UI_DIALOG_OK) { /* not again: this one goes
                                                              * (a kept draft of hers stays) */
            f->resume_after_dup = 0;
            sodium_memzero(f->owner_digits, sizeof f->owner_digits);
            if (drop_draft(f, ui_app_services(a)->store) != STORE_OK)
                core_log(CORE_LOG_INFO, "form", "draft %s not deleted (none saved)", f->uuid);
            ui_app_go_home(a); /* 回首页, as the button says */
        } else if (kind == DLG_DUP && f->resume_after_dup) { /* again: now her kept draft */
            f->resume_after_dup = 0;
            ask_resume(f);
        }
        else if (kind == DLG_QUIT && result == UI_DIALOG_OK &&
                 !strcmp(f->quit_key, "form.quit_body_anon")) {
            discard_draft(f, a); /* nothing could bring it back: gone, not left to age */
            ui_app_pop(a);
        } else if (kind == DLG_QUIT && result == UI_DIALOG_OK) {
            save(f, a);
            ui_app_pop(a);
        } else if (kind == DLG_SUBMIT && result == UI_DIALOG_OK)
            submit(f, a, s);
        return; /* DLG_NOTE: read, closed */
    }
    if (!strcmp(id, "form.note") && f->note) { /* the county's whole note */
        if (f->body)
            form_body_unfocus(f->body);
        f->dlg_kind = DLG_NOTE;
        ui_dialog_open(f->dlg, core_str("form.note_title"), f->note, core_str("form.note_ok"),
                       NULL);
        ui_app_invalidate(a);
        return;
    }
    if (f->card) {
        if (form_card_activate(f->card, a, id)) {
            card_settle(f, a);
        } else if (!strcmp(id, "form.quit") && f->query) { /* back to the methods */
            form_card_free(f->card);
            f->card = NULL;
        } else if (!strcmp(id, "form.quit")) {
            quit(f, a);
        }
        return;
    }
    if (!strcmp(id, "form.voice")) { /* a second tap stops the speech */
        char say[2048];
        fs_page_speech(f, say, sizeof say);
        int code;
        ui_voicebtn_activate(a, "form.voice", id, say, &code);
        memset(say, 0, sizeof say);
        return;
    }
    if (f->body && form_body_activate(f->body, a, id)) {
        if (form_body_take_changed(f->body))
            changed(f, a);
        return;
    }
    if (f->review && ui_list_activate(f->review, a, id)) {
        size_t page;
        int row = ui_list_take_tapped(f->review);
        if (row >= 0 && review_page_of(f, row, &page) == 0 &&
            form_inst_goto(f->inst, page) == FORM_OK) {
            sync_view(f);
            f->from_review = 1;
        }
        return;
    }
    if (!strcmp(id, "form.done") && f->body)
        form_body_done(f->body);
    else if (!strcmp(id, "form.next"))
        next(f, a, s);
    else if (!strcmp(id, "form.prev"))
        prev(f, a);
    else if (!strcmp(id, "form.quit")) {
        if (f->body)
            form_body_unfocus(f->body);
        quit(f, a);
    }
}

static void fs_activate(ui_screen *s, ui_app *a, const char *id)
{
    fscreen *f = s->priv;
    int alive = 1;
    f->alive = &alive;
    fs_activate_id(s, a, id); /* may pop this screen (submit, quit) */
    if (!alive)
        return;
    f->alive = NULL;
    if (ui_app_top(a) == s) /* still on top: a page that just opened is read out */
        fs_auto_speak(f, a);
}

static int fs_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    fscreen *f = s->priv;
    if (ui_dialog_is_open(f->dlg) && ev->type == PLAT_EV_KEY && ev->key == PLAT_KEY_ESCAPE) {
        /* Escape answers as the button that changes nothing (再看看, 继续填写,
         * a note read); a question with no such answer (继续上次填写 or
         * 重新开始, whether to file again) stays asked. It left the form. */
        if (f->dlg_kind == DLG_SUBMIT || f->dlg_kind == DLG_QUIT || f->dlg_kind == DLG_NOTE) {
            ui_dialog_close(f->dlg);
            f->dlg_kind = DLG_NONE;
            ui_app_invalidate(a);
        }
        return 1;
    }
    int escape = ev->type == PLAT_EV_KEY && ev->key == PLAT_KEY_ESCAPE;
    if (escape && !ui_dialog_is_open(f->dlg) && f->card) {
        fs_activate(s, a, "form.quit"); /* as 返回 on the card's page */
        return 1;
    }
    if (ui_dialog_is_open(f->dlg) || f->card)
        return 0;
    if (f->review && ui_list_event(f->review, a, ev))
        return 1;
    if (f->body && form_body_event(f->body, a, ev)) {
        if (form_body_take_changed(f->body))
            changed(f, a);
        return 1;
    }
    if (escape) { /* as 返回: 不填了吗？ asked where there is something to keep
                   * or lose (it left at once, the question skipped) */
        fs_activate(s, a, "form.quit");
        return 1;
    }
    return 0;
}

static uint64_t fs_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    fscreen *f = s->priv;
    if (f->save_due && now >= f->save_due)
        save_waiting(f, a);
    if (f->card) {
        uint64_t at = ui_tick_min(form_card_tick(f->card, a, now), ui_voicebtn_tick(a, now));
        card_settle(f, a);
        if (f->card)
            return at;
    }
    fs_auto_speak(f, a); /* a form opened in large text reads its first page */
    uint64_t next = f->body ? form_body_tick(f->body, a, now) : 0;
    if (f->review && ui_dialog_is_open(f->dlg))
        ui_list_halt(f->review); /* 确定提交吗？ over a list still gliding: it stops */
    else if (f->review)
        next = ui_tick_min(next, ui_list_tick(f->review, a, now));
    next = ui_tick_min(next, f->save_due);
    return ui_tick_min(next, ui_voicebtn_tick(a, now));
}

/* The draft goes: nothing of it is saved again (none saved yet is no
 * fault; the log says another). */
static void discard_draft(fscreen *f, ui_app *a)
{
    int rc = drop_draft(f, ui_app_services(a)->store);
    if (rc != STORE_OK && rc != STORE_ERR_NOTFOUND)
        core_log(CORE_LOG_WARN, "form", "draft %s not deleted", f->uuid);
}

static void fs_timeout(ui_screen *s, ui_app *a, int keep_draft)
{
    fscreen *f = s->priv;
    if (f->body)
        form_body_unfocus(f->body);
    if (!f->query && f->touched) {
        /* kept only where something can bring it back (as 不填了吗？ says):
         * her ID number, the agent's list, the returned filing */
        if (keep_draft && (identified(f, a) || ui_app_agent_id(a) || f->supersedes[0]))
            save(f, a);
        else
            discard_draft(f, a);
    }
    if (f->body)
        form_body_wipe(f->body);
    form_card_free(f->card); /* the reader closes; nothing of a card stays */
    f->card = NULL;
}

/* What the timeout will do (fs_timeout), for 还在吗？ to say. */
static const char *fs_timeout_says(ui_screen *s, ui_app *a, int keep_draft)
{
    fscreen *f = s->priv;
    if (f->query || !f->touched)
        return NULL;
    if (keep_draft && (identified(f, a) || ui_app_agent_id(a) || f->supersedes[0]))
        /* short: how it comes back is 不填了吗？'s to say, but the card
         * when only the card brings it back */
        return !strcmp(leave_key(f, a), "form.quit_body_card") ? "idle.kept_card" : "idle.kept";
    return "idle.not_kept";
}

static void fs_destroy(ui_screen *s)
{
    fscreen *f = s->priv;
    if (f->alive)
        *f->alive = 0;
    if (f->save_due && f->app) /* an Escape, or the program's exit: the typing is kept */
        save(f, f->app);
    form_card_free(f->card);
    form_body_free(f->body);
    ui_list_free(f->review);
    ui_dialog_free(f->dlg);
    form_inst_free(f->inst);
    form_inst_free(f->orig);
    free(f->note);
    memset(f, 0, sizeof *f);
    ui_screen_free(s);
}

static const ui_screen_ops FORM_OPS = {"form", fs_draw, fs_activate, fs_event, fs_tick, fs_destroy};

/* The ID number a draft's answers hold, into out ("" if none); whether it
 * was read from the card; the last four digits of its phone number into
 * phone4 (5 bytes; "" if none). */
static void draft_idno(fscreen *f, const ui_services *sv, const char *uuid, char *out, size_t n,
                       int *by_card, char *phone4)
{
    *by_card = 0;
    phone4[0] = '\0';
    store_draft d;
    memset(&d, 0, sizeof d);
    form_inst *in = NULL;
    char err[256];
    out[0] = '\0';
    const form_def *def;
    if (store_draft_load(sv->store, uuid, &d) == STORE_OK &&
        (def = draft_def(f, sv, d.form_version, d.supersedes)) != NULL &&
        form_inst_restore(def, d.answers, today(), &in, err, sizeof err) == FORM_OK) {
        form_inst *mine = f->inst;
        f->inst = in; /* villager_idno() reads the instance of f */
        const char *v = villager_idno(f);
        *by_card = idno_by_card(f);
        const char *ph = villager_phone(f);
        if (ph)
            memcpy(phone4, ph + strlen(ph) - 4, 5);
        f->inst = mine;
        snprintf(out, n, "%s", v ? v : "");
    }
    if (d.answers)
        memset(d.answers, 0, strlen(d.answers));
    store_draft_clear(&d);
    form_inst_free(in);
}

/* The same item filed by the same villager and still in hand (waiting to
 * upload, or 已提交 / 已受理 at the county): she is told when and asked
 * whether to file it again (不用再办 leaves, this draft with it; 还要再办一次
 * goes on: some items are filed again on purpose). A returned one has its
 * own 去补正; a finished one may be filed anew. key: her villager key.
 * 1 if she was asked (the dialog is open), else 0. */
static int offer_dup(fscreen *f, ui_app *a, const char *key)
{
    store *st = ui_app_services(a)->store;
    const char *id = form_def_id(f->def);
    int64_t when = 0;
    const char *status = NULL;
    int held = 0; /* the county refused it for good: staff see to it, not the upload */
    store_filing *fl;
    size_t nf;
    if (store_outbox_list(st, key, &fl, &nf) == STORE_OK) {
        for (size_t i = 0; i < nf && !status; i++)
            if (!strcmp(fl[i].form_id, id) && strcmp(fl[i].uuid, f->uuid)) {
                when = fl[i].created_ms;
                held = fl[i].held_reason != NULL; /* its words say it is paused */
                status = core_str("form.status_pending");
            }
        store_filing_list_free(fl, nf);
    }
    store_receipt *r;
    size_t nr;
    if (!status && store_receipt_list_by_villager(st, key, &r, &nr) == STORE_OK) {
        for (size_t i = 0; i < nr && !status; i++)
            if (!strcmp(r[i].form_id, id) && (r[i].status == STORE_STATUS_SUBMITTED ||
                                              r[i].status == STORE_STATUS_ACCEPTED)) {
                when = r[i].filed_ms;
                status = core_str(r[i].status == STORE_STATUS_SUBMITTED
                                      ? "query.status.submitted"
                                      : "query.status.accepted");
            }
        store_receipt_list_free(r, nr);
    }
    if (!status)
        return 0;
    char t[32];
    receipt_time_text(when / 1000, t, sizeof t);
    int agent = ui_app_agent_id(a) != NULL; /* an agent is told of the villager, not of herself */
    snprintf(f->dup_body, sizeof f->dup_body,
             core_str(held    ? (agent ? "form.dup_body_held_agent" : "form.dup_body_held")
                      : agent ? "form.dup_body_agent"
                              : "form.dup_body"),
             t, form_def_title(f->def), status);
    f->dlg_kind = DLG_DUP;
    f->dup_agent = agent;
    ui_dialog_open(f->dlg, core_str(agent ? "form.dup_title_agent" : "form.dup_title"),
                   f->dup_body, core_str("form.dup_ok"), core_str("form.dup_cancel"));
    return 1;
}

/* 上次没有填完 for the kept draft f->resume_uuid: 继续上次填写 or 重新开始
 * (a draft begun by typing: its four digits asked after either). */
static void ask_resume(fscreen *f)
{
    f->dlg_kind = DLG_RESUME;
    ui_dialog_open(f->dlg, core_str("form.resume_title"),
                   core_str(f->owner_digits[0] ? "form.resume_body_digits" : "form.resume_body"),
                   core_str("form.resume_ok"), core_str("form.resume_cancel"));
}

/* A kept draft belongs to its villager: it is offered (继续上次填写) only once
 * the person at the kiosk has identified as that villager — an ID card read,
 * or the ID number typed (a draft begun with the card: the card read again;
 * one locked by three wrong digits: the card alone) — and never to anyone
 * else, who sees neither its answers nor the question. One draft at a time:
 * to her card a locked one first (only the card can bring it back; the form
 * begun after the lock is another, offered once the locked one is settled),
 * else the most recently saved. Asked once per ID number, and after
 * 这一项您已经办过 when the item is filed for her already (offer_dup): her
 * draft only once she chose to file it again. Never in a
 * correction (补正): its answers are the returned filing's, and taking
 * another draft would leave the returned filing uncorrected and file a
 * second one. */
static void offer_owner_draft(fscreen *f, ui_app *a)
{
    store *st = ui_app_services(a)->store;
    const char *idno = villager_idno(f);
    if (f->query || f->supersedes[0] || !st || !idno || strlen(idno) != 18 ||
        ui_dialog_is_open(f->dlg) || !strcmp(idno, f->asked_idno))
        return;
    char key[STORE_KEY_LEN + 1];
    if (store_villager_key(st, idno, key) != STORE_OK) /* not a well-formed ID number yet */
        return;
    snprintf(f->asked_idno, sizeof f->asked_idno, "%s", idno);
    store_draft *items;
    size_t n;
    if (store_draft_list(st, &items, &n) != STORE_OK)
        return;
    int card = idno_by_card(f);
    char offer[STORE_UUID_LEN + 1] = "";
    for (size_t i = 0; i < n; i++) {
        char theirs[24];
        const char *agent = ui_app_agent_id(a);
        if (strcmp(items[i].form_id, form_def_id(f->def)) || !strcmp(items[i].uuid, f->uuid) ||
            (items[i].agent_id && (!agent || strcmp(items[i].agent_id, agent))))
            continue; /* an agent's draft reopens from that agent's own list, and to no one
                       * else: another agent signed in read the villager's card and got it */
        int their_card;
        char phone4[5];
        draft_idno(f, ui_app_services(a), items[i].uuid, theirs, sizeof theirs, &their_card,
                   phone4);
        /* Her card brings back what is hers. A number typed, by anyone who
         * knows it, brought back her phone and bank card: a draft begun with
         * her card comes back only with her card, and one begun by typing
         * after the last four digits of the phone number it holds (without
         * one, only with her card; after three wrong answers, only with her
         * card) */
        int wrong = 0;
        if (phone4[0] &&
            store_draft_wrong_digits(st, items[i].uuid, STORE_WRONG_READ, &wrong) != STORE_OK)
            wrong = FORM_OWNER_TRIES; /* its count unread: not offered to a number typed */
        int locked = wrong >= FORM_OWNER_TRIES || form_owner_lock_held(items[i].uuid);
        int mine = !strcasecmp(theirs, idno) &&
                   (card || (!their_card && phone4[0] && !locked));
        memset(theirs, 0, sizeof theirs);
        if (mine && (!offer[0] || (card && locked))) {
            snprintf(offer, sizeof offer, "%s", items[i].uuid);
            f->owner_wrong = card ? 0 : wrong;
            snprintf(f->owner_digits, sizeof f->owner_digits, "%s", card ? "" : phone4);
        }
        sodium_memzero(phone4, sizeof phone4);
        if (mine && (!card || locked))
            break; /* a number typed: the most recent; a card: a locked one */
    }
    store_draft_list_free(items, n);
    if (!offer[0])
        sodium_memzero(f->owner_digits, sizeof f->owner_digits);
    else
        snprintf(f->resume_uuid, sizeof f->resume_uuid, "%s", offer);
    /* the item already filed for her: told first, one question at a time;
     * her draft is offered only if she files again (still kept if not) */
    f->resume_after_dup = 0;
    if (offer_dup(f, a, key))
        f->resume_after_dup = offer[0] != '\0';
    else if (offer[0])
        ask_resume(f);
}

ui_screen *ui_form_new(ui_app *a, const char *form_id)
{
    const form_catalog *cat = ui_app_services(a)->forms;
    const form_def *def = cat && form_id ? form_catalog_find(cat, form_id) : NULL;
    if (!def)
        return NULL;
    ui_screen *s = ui_screen_new(&FORM_OPS, sizeof(fscreen));
    if (!s)
        return NULL;
    fscreen *f = s->priv;
    s->on_timeout = fs_timeout;
    s->timeout_says = fs_timeout_says;
    f->def = def;
    f->query = form_def_is_lookup(def);
    f->inst = form_inst_new(def, today());
    if (f->inst) /* fields computed as "agent": her number while she is signed in */
        form_inst_set_agent(f->inst, ui_app_agent_id(a));
    f->dlg = ui_dialog_new("form.dlg");
    plat_paths_join(f->sig_dir, sizeof f->sig_dir, plat_paths_data(), "signatures");
    if (!f->inst || !f->dlg || core_uuid_v4(f->uuid) != 0) {
        fs_destroy(s);
        return NULL;
    }
    sync_view(f);
    if (!f->body) {
        fs_destroy(s);
        return NULL;
    }
    if (!f->query && form_def_has_card(def)) { /* it asks who the person is: card first */
        f->card = form_card_new(ui_app_services(a)->idcard_device, card_fill, f);
        if (!f->card) {
            fs_destroy(s);
            return NULL;
        }
        char whose[160];
        card_whose(def, whose, sizeof whose);
        form_card_set_whose(f->card, whose);
    }
    core_log(CORE_LOG_INFO, "form", "form %s started (%s)", form_def_id(def), f->uuid);
    return s;
}

/* The kept answers of a returned filing as a blob to start its correction
 * from: on the first page, not at review, not confirmed. NULL if malformed. */
static char *fresh_blob(const char *answers)
{
    cJSON *o = answers ? cJSON_Parse(answers) : NULL;
    char *out = NULL;
    if (cJSON_IsObject(o)) {
        cJSON_ReplaceItemInObject(o, "page", cJSON_CreateNumber(0));
        cJSON_ReplaceItemInObject(o, "review", cJSON_CreateFalse());
        cJSON_ReplaceItemInObject(o, "confirmed", cJSON_CreateFalse());
        out = cJSON_PrintUnformatted(o);
    }
    cJSON_Delete(o);
    return out;
}

/* Loads the correction of returned filing old_uuid into f: the kept answers
 * (signatures cleared: the villager signs again), the note, the old answers
 * for review, and a draft that names what it supersedes. 0 or -1. */
static int open_correction(fscreen *f, ui_app *a, const char *old_uuid)
{
    store *st = ui_app_services(a)->store;
    char *answers = NULL, *note = NULL, err[256];
    if (!st || store_receipt_reopen(st, old_uuid, &answers, &note) != STORE_OK)
        return -1;
    char *blob = fresh_blob(answers);
    form_inst *inst = NULL, *orig = NULL;
    /* filled on the correction's definition: an item with no photo field
     * gets its materials step (补充材料) */
    const form_def *def = form_def_correction(f->def);
    int ok = blob && form_inst_restore(def, blob, today(), &inst, err, sizeof err) == FORM_OK &&
             form_inst_restore(def, blob, today(), &orig, err, sizeof err) == FORM_OK;
    if (answers)
        memset(answers, 0, strlen(answers));
    free(answers);
    if (blob)
        memset(blob, 0, strlen(blob));
    free(blob);
    if (!ok) {
        core_log(CORE_LOG_WARN, "form", "correction of %s not opened: %s", old_uuid, err);
        form_inst_free(inst);
        form_inst_free(orig);
        free(note);
        return -1;
    }
    for (size_t i = 0; i < form_def_field_count(def); i++) {
        const form_field *fd = form_def_field_at(def, i);
        if (form_field_type(fd) == FORM_T_SIGNATURE || form_field_type(fd) == FORM_T_PHOTO)
            form_inst_set(inst, form_field_key(fd), "", err, sizeof err); /* signed, taken again */
    }
    form_body_free(f->body);
    f->body = NULL;
    form_inst_free(f->inst);
    f->inst = inst;
    f->def = def;
    form_inst_set_agent(f->inst, ui_app_agent_id(a));
    f->orig = orig;
    f->note = note && *note ? note : NULL;
    if (!f->note)
        free(note);
    snprintf(f->supersedes, sizeof f->supersedes, "%s", old_uuid);
    f->touched = 1;
    form_card_free(f->card); /* the answers are back: no card needed */
    f->card = NULL;
    save(f, a);
    if (f->save_rc != STORE_OK || store_draft_set_supersedes(st, f->uuid, old_uuid) != STORE_OK)
        return -1;
    core_log(CORE_LOG_INFO, "form", "correction %s of %s started", f->uuid, old_uuid);
    sync_view(f);
    return 0;
}

/* A draft that is a correction gets its note and the old answers back. */
static void resume_correction(fscreen *f, ui_app *a, const char *old_uuid)
{
    store *st = ui_app_services(a)->store;
    char *answers = NULL, *note = NULL, err[256];
    if (!st || store_receipt_reopen(st, old_uuid, &answers, &note) != STORE_OK)
        return;
    char *blob = fresh_blob(answers);
    form_inst_free(f->orig);
    f->orig = NULL;
    free(f->note);
    f->note = NULL;
    if (blob && form_inst_restore(f->def, blob, today(), &f->orig, err, sizeof err) != FORM_OK)
        f->orig = NULL;
    if (answers)
        memset(answers, 0, strlen(answers));
    free(answers);
    if (blob)
        memset(blob, 0, strlen(blob));
    free(blob);
    f->note = note && *note ? note : NULL;
    if (!f->note)
        free(note);
    snprintf(f->supersedes, sizeof f->supersedes, "%s", old_uuid);
    sync_view(f);
}

void ui_form_open_draft(void *ud, ui_app *a, const char *draft_uuid, const char *form_id)
{
    (void)ud;
    ui_screen *s = ui_form_new(a, form_id);
    if (!s)
        return;
    store *st = ui_app_services(a)->store;
    store_draft d;
    memset(&d, 0, sizeof d);
    int is_draft = st && draft_uuid && store_draft_load(st, draft_uuid, &d) == STORE_OK;
    if (d.answers)
        memset(d.answers, 0, strlen(d.answers));
    store_draft_clear(&d);
    if (!is_draft) { /* a filing the county returned: its correction */
        store_fix_state fix = STORE_FIX_NONE;
        char kept[STORE_UUID_LEN + 1] = "";
        if (st && draft_uuid && store_correction_state(st, draft_uuid, &fix, kept) != STORE_OK)
            fix = STORE_FIX_SENT; /* unknown: start nothing */
        if (fix != STORE_FIX_NONE) { /* one correction per returned filing */
            fs_destroy(s);
            if (fix == STORE_FIX_DRAFT) /* the one started before, as it was left */
                ui_form_open_draft(ud, a, kept, form_id);
            return;
        }
        fscreen *f = s->priv;
        ui_dialog_close(f->dlg);
        f->dlg_kind = DLG_NONE;
        if (!draft_uuid || open_correction(f, a, draft_uuid) != 0) {
            fs_destroy(s);
            return;
        }
        ui_app_push(a, s);
        return;
    }
    fscreen *f = s->priv;
    ui_dialog_close(f->dlg); /* no question: this draft was chosen */
    f->dlg_kind = DLG_NONE;
    snprintf(f->resume_uuid, sizeof f->resume_uuid, "%s", draft_uuid ? draft_uuid : "");
    resume(f, a, 1);
    if (strcmp(f->uuid, f->resume_uuid) != 0) {
        fs_destroy(s);
        return;
    }
    ui_app_push(a, s); /* a correction got its note and old answers back in resume() */
}

/* ---- accessors ---- */

int ui_form_is(const ui_screen *s) { return s && s->ops == &FORM_OPS; }
form_inst *ui_form_inst(ui_screen *s) { return ui_form_is(s) ? ((fscreen *)s->priv)->inst : NULL; }
const char *ui_form_uuid(const ui_screen *s)
{
    return ui_form_is(s) ? ((fscreen *)s->priv)->uuid : NULL;
}

const char *ui_form_review_row(ui_screen *s, int i)
{
    const ui_list *r = ui_form_is(s) ? ((fscreen *)s->priv)->review : NULL;
    return r && i >= 0 && i < ui_list_count(r) ? ui_list_text(r, i) : NULL;
}

static form_body *body_of(ui_screen *s)
{
    form_body *b = ui_form_is(s) ? ((fscreen *)s->priv)->body : NULL;
    if (!b && s && !strcmp(s->ops->name, "form_member"))
        b = *(form_body **)s->priv; /* the member screen's first member is its body */
    return b;
}

const char *ui_form_message(ui_screen *s)
{
    form_body *b = body_of(s);
    return b ? form_body_message(b) : NULL;
}

kb *ui_form_kb(ui_screen *s)
{
    form_body *b = body_of(s);
    return b ? form_body_kb(b) : NULL;
}

int ui_form_view(ui_screen *s, SDL_Rect *out)
{
    form_body *b = body_of(s);
    if (!b)
        return -1;
    *out = form_body_view(b);
    return 0;
}

int ui_form_rect(ui_screen *s, const char *key, SDL_Rect *out)
{
    form_body *b = body_of(s);
    return b ? form_body_rect(b, key, out) : -1;
}

int ui_form_question(ui_screen *s, const char *key, SDL_Rect *out)
{
    form_body *b = body_of(s);
    return b ? form_body_question(b, key, out) : -1;
}

const char *ui_form_dialog_title(ui_screen *s)
{
    fscreen *f = s->priv;
    form_body *b = body_of(s);
    return ui_dialog_is_open(f->dlg) ? ui_dialog_title(f->dlg) : b ? form_body_dialog_title(b) : "";
}
