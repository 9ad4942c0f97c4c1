/* form_body_input.c — what a person does on a form body: taps on targets
 * (keyboard keys, options, dates, agree, re-sign, member buttons and the
 * delete dialog), drags (scrolling the page, a long list or the pledge text,
 * turning date wheels, signing) and text from a scanner or a physical
 * keyboard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/strings.h"
#include "receipt/receipt.h"
#include "ui/core/session.h"
#include "ui/screens/form/form_body_internal.h"
#include "ui/screens/form/form_pick.h"
#include "ui/screens/form/form_camera.h"
#include "ui/screens/form/form_photo.h"
#include "ui/core/services.h"

#define DRAG_SLOP 12

/* Scanners and physical keyboards type receipt numbers and agent numbers
 * (letters and digits) that the numeric pad cannot. A scanner reading a
 * receipt's QR code types its whole payload ("CZRCPT:<number>" or the county's
 * "https://…?r=<number>", receipt.h): while the text is on its way to being
 * such a payload it is kept as typed, and once it reads as one the field
 * holds the receipt number alone. */
static int payload_start(const char *s)
{
    static const char *const P[] = {"CZRCPT:", "https://"};
    for (size_t i = 0; i < sizeof P / sizeof *P; i++) {
        size_t n = strlen(s), pn = strlen(P[i]);
        if (!strncmp(s, P[i], n < pn ? n : pn))
            return 1;
    }
    return 0;
}

static int alnum_text(form_body *b, const plat_event *ev)
{
    if (b->focus < 0 || form_field_keyboard(b->items[b->focus].f) != FORM_KB_ALNUM)
        return 0;
    char buf[512]; /* a receipt number (40) or the payload of a receipt's QR code, as typed */
    snprintf(buf, sizeof buf, "%s", kb_text(b->kb));
    size_t n = strlen(buf);
    int lim = fb_kb_limit(b->items[b->focus].f);
    for (const char *p = ev->text; *p && n + 1 < sizeof buf; p++) {
        buf[n] = *p;
        buf[n + 1] = '\0';
        if (*p > ' ' && *p < 0x7f && payload_start(buf)) { /* a payload, as typed */
            n++;
            continue;
        }
        buf[n] = '\0';
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
        if ((int)n < lim && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
            buf[n++] = c;
    }
    buf[n] = '\0';
    char number[RECEIPT_NUMBER_MAX + 1];
    if (receipt_qr_parse(buf, number, sizeof number) == RECEIPT_OK)
        snprintf(buf, sizeof buf, "%s", number);
    kb_set_text(b->kb, buf);
    memset(buf, 0, sizeof buf);
    return 1;
}

void fb_clamp_scroll(form_body *b)
{
    int end = b->content_h - b->view.h, max = end + (b->tail > 0 ? b->tail : 0);
    if (b->scroll > max)
        b->scroll = max;
    if (b->scroll < 0)
        b->scroll = 0;
    /* the blank past the end goes as the page comes back over it */
    b->tail = b->scroll > end && end >= 0 ? b->scroll - end : 0;
}

/* 1 if something to tap (no taller than a third of the view: not wheels, a
 * pad or the pledge, which are not carried) is cut by the view's foot;
 * *move, the least scroll that takes all of those wholly in (dir < 0) or
 * wholly out (dir > 0). */
static int foot_cut(const form_body *b, int dir, int *move)
{
    int end = b->scroll + b->view.h, cut = 0;
    *move = 0;
    for (int i = 0; i < b->nctl; i++) {
        int y = b->ctl[i].y, h = b->ctl[i].h;
        if (y >= end || y + h <= end || h > b->view.h / 3)
            continue;
        int m = dir < 0 ? y + h - end : y - end;
        if (!cut || (dir < 0 ? m > *move : m < *move))
            *move = m;
        cut = 1;
    }
    return cut;
}

int fb_snap_foot(form_body *b, const ui_theme *t, int dir)
{
    int move, before = b->scroll;
    if (!foot_cut(b, dir, &move))
        return 0;
    b->scroll += move + (dir < 0 ? t->unit / 4 : 0); /* in: clear of the foot's line */
    fb_clamp_scroll(b);
    if (foot_cut(b, dir, &move)) /* the page's top stopped it short: its top, as it opens */
        b->scroll = 0;
    return b->scroll != before;
}

/* ---- input ---- */

/* A keystroke made the field's box taller or shorter (the letters being
 * composed take lines of their own): the page again, the box kept in view
 * above the keyboard. */
static void fb_box_resized(form_body *b, ui_app *a)
{
    if (b->focus >= 0)
        b->want_show = b->focus;
    ui_app_invalidate(a);
}

static void multi_commit(form_body *b, fb_item *it)
{
    char v[512] = "";
    for (int i = 0; i < ui_list_count(it->list); i++)
        if (ui_list_chosen(it->list, i)) {
            const char *ov = form_field_option_value(it->f, (size_t)i);
            if (strlen(v) + strlen(ov) + 2 >= sizeof v)
                break;
            if (*v)
                strcat(v, ",");
            strcat(v, ov);
        }
    fb_set(b, form_field_key(it->f), v);
}

static void date_commit(form_body *b, fb_item *it)
{
    ui_date d = ui_datepick_value(it->date);
    char v[16];
    snprintf(v, sizeof v, "%04d-%02d-%02d", d.y, d.m, d.d);
    fb_set(b, form_field_key(it->f), v);
}

/* A wheel's step stored: the picker marked what it changed; when
 * nothing else on the page changed with it (before: fb_page_sig_but from
 * before the step, the focus included), the screen marks no more. */
static void date_stepped(form_body *b, fb_item *it, uint64_t before)
{
    int i = (int)(it - b->items);
    date_commit(b, it);
    b->date_item = i;
    b->date_sig = before;
    b->date_only = fb_page_sig_but(b, i) == before;
}

/* The image a previous answer named is deleted when the signature changes:
 * only the image the answer names may stay on the kiosk. */
static void sign_forget_old(form_body *b, const char *old, const char *now)
{
    if (!old || strncmp(old, "sig-", 4) || strchr(old, '/') || (now && !strcmp(old, now)))
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", b->sig_dir, old);
    remove(path);
}

static void sign_commit(form_body *b, fb_item *it)
{
    char name[FORM_SIG_NAME_MAX], err[256], old[FORM_SIG_NAME_MAX] = "";
    const char *prev = form_inst_get(b->inst, form_field_key(it->f));
    if (prev)
        snprintf(old, sizeof old, "%s", prev);
    if (!form_sig_signed(it->sig)) { /* a dot or a swipe: no signature yet (the pad asks on) */
        if (old[0]) { /* one there before (重写): gone. Else nothing changed: the
                       * red words over the pad stay (they went at the first
                       * stroke, and the pad moved up under the finger) */
            fb_set(b, form_field_key(it->f), "");
            sign_forget_old(b, old, NULL);
        }
        return;
    }
    if (form_sig_save(it->sig, b->sig_dir, name, sizeof name, err, sizeof err) != 0) {
        core_log(CORE_LOG_ERROR, "form", "signature not saved: %s", err);
        fb_set(b, form_field_key(it->f), "");
        sign_forget_old(b, old, NULL);
        return;
    }
    fb_set(b, form_field_key(it->f), name);
    sign_forget_old(b, old, name);
}

static int group_action(form_body *b, ui_app *a, const char *id)
{
    /* "f.<key>.add" | "f.<key>.self" | "f.<key>.edit.<i>" | "f.<key>.del.<i>" */
    for (int i = 0; i < b->n; i++) {
        if (form_field_type(b->items[i].f) != FORM_T_GROUP)
            continue;
        const char *key = form_field_key(b->items[i].f);
        size_t kl = strlen(key);
        if (strncmp(id + 2, key, kl) || id[2 + kl] != '.')
            continue;
        const char *op = id + 3 + kl;
        char err[256];
        if (!strcmp(op, "add")) {
            int idx = form_inst_member_add(b->inst, key, err, sizeof err);
            if (idx < 0) {
                form_body_set_message(b, err);
                return 1;
            }
            b->changed = 1;
            if (b->hooks.open_member)
                b->hooks.open_member(b->hooks.ud, a, key, idx, FORM_MEMBER_ADDED);
            return 1;
        }
        if (!strcmp(op, "self")) { /* her own household: she is added, on her questions */
            int idx = form_inst_member_add_self(b->inst, key, err, sizeof err);
            if (idx < 0) {
                form_body_set_message(b, idx == FORM_ERR_FULL ? err : NULL);
                ui_app_invalidate(a);
                return 1;
            }
            b->changed = 1;
            if (b->hooks.open_member)
                b->hooks.open_member(b->hooks.ud, a, key, idx, FORM_MEMBER_SELF);
            return 1;
        }
        if (!strncmp(op, "edit.", 5) && b->hooks.open_member) {
            b->hooks.open_member(b->hooks.ud, a, key, atoi(op + 5), FORM_MEMBER_EDIT);
            return 1;
        }
        if (!strncmp(op, "del.", 4)) {
            snprintf(b->del_group, sizeof b->del_group, "%s", key);
            b->del_idx = atoi(op + 4);
            b->del_photo = 0;
            /* 删除李建国吗？ where the card she is on has a name: the dialog
             * covers the card, and 这一位 did not say who */
            const form_field *nf = form_field_card_field(b->items[i].f, FORM_CARD_NAME);
            const char *name = nf ? form_inst_member_get(b->inst, key, b->del_idx,
                                                         form_field_key(nf))
                                  : NULL;
            char title[200];
            if (name && *name)
                snprintf(title, sizeof title, core_str("form.del_title_named"), name);
            else
                snprintf(title, sizeof title, "%s", core_str("form.del_title"));
            ui_dialog_open(b->dlg, title, core_str("form.del_body"), core_str("form.del_ok"),
                           core_str("form.del_cancel"));
            ui_dialog_suggest_cancel(b->dlg); /* 不删除 is the big button */
            ui_app_invalidate(a);
            return 1;
        }
    }
    return 0;
}

/* A choice made on the long-list screen. */
static void picked(void *ud, ui_app *a, const form_field *f, size_t option)
{
    form_body *b = ud;
    fb_set(b, form_field_key(f), form_field_option_value(f, option));
    for (int i = 0; i < b->n; i++)
        if (b->items[i].f == f)
            b->want_show = i;
    if (b->hooks.changed && form_body_take_changed(b))
        b->hooks.changed(b->hooks.ud, a);
    ui_app_invalidate(a);
}

/* A photo saved on the camera page (form_camera.h): added to the answer. */
static void photo_taken(void *ud, ui_app *a, const form_field *f, const char *name)
{
    form_body *b = ud;
    char v[FORM_PHOTO_MAX * FORM_PHOTO_NAME_LEN + 8];
    if (form_photo_value_add(fb_get(b, form_field_key(f)), name, v, sizeof v) == 0)
        fb_set(b, form_field_key(f), v);
    for (int i = 0; i < b->n; i++)
        if (b->items[i].f == f)
            b->want_show = i;
    if (b->hooks.changed && form_body_take_changed(b))
        b->hooks.changed(b->hooks.ud, a);
    ui_app_invalidate(a);
}

/* Photo i of photo field key deleted (the file too, once no draft or filing
 * names it). */
static void photo_remove(form_body *b, ui_app *a, const char *key, int i)
{
    const char *old = fb_get(b, key);
    char v[FORM_PHOTO_MAX * FORM_PHOTO_NAME_LEN + 8], gone[FORM_PHOTO_NAME_LEN + 2];
    if (!old || form_photo_value_remove(old, i, v, sizeof v))
        return;
    /* the removed one alone, as an answer of one photo */
    const char *p = old;
    for (int k = 0; k < i && p; k++)
        p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
    snprintf(gone, sizeof gone, "%.*s", p ? (int)strcspn(p, ",") : 0, p ? p : "");
    fb_set(b, key, v);
    if (b->hooks.changed && form_body_take_changed(b))
        b->hooks.changed(b->hooks.ud, a); /* saved first: then nothing names the file */
    form_photo_delete_named(gone, ui_app_services(a)->store);
}

/* "f.<key>.photo" opens the camera page; "f.<key>.photo.del.<i>" asks
 * 删除这张照片吗？ (不删除 the big button), then deletes it (photo_remove):
 * 删除 right under a thumbnail took it at once, under an unsteady finger. */
static int photo_action(form_body *b, ui_app *a, fb_item *it, const char *op)
{
    form_body_unfocus(b);
    const char *key = form_field_key(it->f);
    if (!*op) {
        ui_screen *s = form_camera_new(it->f, photo_taken, b);
        if (s)
            ui_app_push(a, s);
        else
            form_body_set_message(b, core_str("form.msg.nomem"));
        return 1;
    }
    if (strncmp(op, ".del.", 5))
        return 0;
    snprintf(b->del_group, sizeof b->del_group, "%s", key);
    b->del_idx = atoi(op + 5);
    b->del_photo = 1;
    ui_dialog_open(b->dlg, core_str("form.del_photo_title"), core_str("form.del_photo_body"),
                   core_str("form.del_ok"), core_str("form.del_cancel"));
    ui_dialog_suggest_cancel(b->dlg);
    ui_app_invalidate(a);
    return 1;
}

/* ---- a choice in a list: the list alone, or the page ---- */

/* 1 if id is a row of the list of item i ("f.<key>.opt.<n>", fb_item's set-up). */
static int list_row(const form_body *b, int i, const char *id)
{
    if (!b->items[i].list)
        return 0;
    char pre[64];
    int n = snprintf(pre, sizeof pre, "f.%s.opt.", form_field_key(b->items[i].f));
    return n > 0 && (size_t)n < sizeof pre && !strncmp(id, pre, (size_t)n);
}

/* A row tapped in item i's list (ui_list_activate_own marked the list):
 * the answer stored; the list alone is drawn again when the page besides
 * its rows (fb_page_sig_but) is what it was before the tap, checked again when
 * the screen takes the change (form_body_take_typed), else the page.
 *
 * The tap closed the keyboard of a question she was typing in: what she
 * typed is in the answers already (each key stores it) and stays, checked
 * as 收起键盘 checks it (its error under it once she has left it). The
 * page is laid out anew without the keys (the steps back over it; on a
 * screen wider than tall, the page's column wider): the list's rows start
 * where they were on screen (anchor), and then (row_closed_scroll) the list
 * she touched shows whole, or the row she took where it does not fit; a
 * question the answer brings, its label and its start at least; the
 * question just typed whole with them where it fits, else its box clear of
 * the view's edges (keep_also). The page had kept its scroll: the rows
 * went from under her finger, the list's label under the steps, the
 * question typed and its error out of view. */
static void list_tapped(form_body *b, ui_app *a, int i)
{
    fb_item *it = &b->items[i];
    const char *key = form_field_key(it->f);
    uint64_t before = fb_page_sig_but(b, i);
    int had_kb = b->kb != NULL, typed = b->focus;
    form_body_unfocus(b);
    uint32_t shown_before = 0; /* which questions after it showed (FB_MAX is 32) */
    for (int j = i + 1; j < b->n && j < 32; j++)
        shown_before |= (uint32_t)(fb_visible(b, form_field_key(b->items[j].f)) != 0) << j;
    int row = ui_list_take_tapped(it->list);
    if (row >= 0 && form_field_type(it->f) == FORM_T_CHOICE)
        fb_set(b, key, form_field_option_value(it->f, (size_t)row));
    else if (row >= 0)
        multi_commit(b, it);
    /* a question the answer brings (居住证号码 after 外地户籍): into view
     * where it would come under the foot bar (it was added out of sight) */
    int brings = -1;
    for (int j = i + 1; j < b->n && j < 32 && brings < 0; j++)
        if (!(shown_before >> j & 1) && fb_visible(b, form_field_key(b->items[j].f)))
            brings = j;
    if (brings >= 0 && !had_kb)
        b->want_show = brings; /* with the keyboard closed: keep_new */
    if (had_kb) { /* the keyboard closed: the page changes */
        b->anchor = i;
        b->anchor_y = it->pad.y;
        b->keep_also = typed;
        b->keep_show = i;
        b->keep_row = row;
        b->keep_new = brings;
        ui_app_invalidate(a);
        return;
    }
    b->list_only = row >= 0;
    b->list_item = i;
    b->list_sig = before;
}

int form_body_tap_marks(const form_body *b, const char *id)
{
    for (int i = 0; i < b->n; i++) {
        if (list_row(b, i, id))
            return 1;
        if (!b->items[i].date)
            continue;
        char pre[64]; /* the picker's id (fb_item's set-up) and the dot after it */
        int n = snprintf(pre, sizeof pre, "f.%s.date.", form_field_key(b->items[i].f));
        if (n > 0 && (size_t)n < sizeof pre && !strncmp(id, pre, (size_t)n))
            return 1;
    }
    return 0;
}

/* After question i was answered by a tap (承诺's 我已阅读并同意): the next
 * question to answer, when it does not show whole, is brought into view
 * (on a screen wider than tall the signature pad under the pledge lay
 * under the foot bar, and nothing said to scroll). Nothing moves when it
 * shows already, or is answered. */
static void show_next_open(form_body *b, ui_app *a, int i)
{
    int pad = ui_app_theme(a)->unit * 2;
    for (int j = i + 1; j < b->n; j++) {
        const fb_item *it = &b->items[j];
        const char *key = form_field_key(it->f), *v = fb_get(b, key);
        if (!fb_visible(b, key) || form_field_compute(it->f) != FORM_COMPUTE_NONE)
            continue;
        int top = pad + it->y;
        if (!(v && *v) && (!it->shown || top < b->scroll || top + it->h > b->scroll + b->view.h)) {
            b->want_show = j;
            b->show_least = 1;
        }
        return;
    }
}

int form_body_activate(form_body *b, ui_app *a, const char *id)
{
    int result;
    if (ui_dialog_activate(b->dlg, a, id, &result)) {
        if (result == UI_DIALOG_OK && b->del_photo)
            photo_remove(b, a, b->del_group, b->del_idx);
        else if (result == UI_DIALOG_OK &&
                 form_inst_member_remove(b->inst, b->del_group, b->del_idx) == FORM_OK)
            b->changed = 1;
        ui_app_invalidate(a);
        return 1;
    }
    b->elderly = ui_app_elderly(a);
    kb_kind kind0 = b->kb ? kb_get_kind(b->kb) : KB_DIGITS;
    if (b->kb && kb_activate(b->kb, a, id)) {
        fb_kb_commit(b);
        /* 拼音/手写: on a screen wider than tall the keyboard may move from
         * under the page to beside it or back (kb_set_below), the page's
         * width and height with it: the question goes where focus_scroll
         * puts it again */
        if (kb_get_kind(b->kb) != kind0)
            b->want_show = b->focus;
        /* the field shows the letters being composed as well as the text
         * (the page, when they made its box taller or shorter) */
        if (fb_focus_same(b, a)) {
            SDL_Rect typed = fb_typing_box(b, a);
            ui_app_invalidate_rect(a, &typed);
        } else
            fb_box_resized(b, a);
        return 1;
    }
    if (!strcmp(id, "fb.block"))
        return 1;
    if (strncmp(id, "f.", 2) != 0)
        return 0;
    /* a wheel's step or a list's row: the picker or the list marks itself,
     * the screen what else changed (form_body_take_typed) */
    for (int i = 0; i < b->n; i++) {
        fb_item *it = &b->items[i];
        if (list_row(b, i, id) && ui_list_activate_own(it->list, a, id)) {
            list_tapped(b, a, i);
            return 1;
        }
        if (it->date && ui_datepick_activate(it->date, a, id)) {
            uint64_t before = fb_page_sig_but(b, i);
            int had_kb = b->kb != NULL; /* the keyboard closes: the page changes */
            form_body_unfocus(b);
            date_stepped(b, it, before);
            if (had_kb)
                b->date_only = 0;
            return 1;
        }
    }
    ui_app_invalidate(a);
    for (int i = 0; i < b->n; i++) {
        fb_item *it = &b->items[i];
        const char *key = form_field_key(it->f);
        size_t kl = strlen(key);
        if (strncmp(id + 2, key, kl) || (id[2 + kl] != '\0' && id[2 + kl] != '.'))
            continue;
        const char *rest = id + 2 + kl;
        if (!*rest && fb_typed(it->f)) {
            fb_focus(b, i);
            return 1;
        }
        if (!strcmp(rest, ".pick") && it->list) {
            form_body_unfocus(b);
            ui_screen *s = form_pick_new(it->f, fb_get(b, key), picked, b);
            if (s)
                ui_app_push(a, s);
            else
                form_body_set_message(b, core_str("form.msg.nomem"));
            return 1;
        }
        if (!strcmp(rest, ".use") && it->date) {
            date_commit(b, it);
            return 1;
        }
        if (!strcmp(rest, ".agree")) {
            form_body_unfocus(b);
            const char *v = fb_get(b, key);
            int agreed = !(v && !strcmp(v, "yes"));
            fb_set(b, key, agreed ? "yes" : "");
            if (agreed)
                show_next_open(b, a, (int)(it - b->items));
            return 1;
        }
        if (!strncmp(rest, ".photo", 6) && it->photo)
            return photo_action(b, a, it, rest + 6);
        if (!strcmp(rest, ".resign") && it->sig) {
            form_sig_clear(it->sig);
            fb_set(b, key, "");
            return 1;
        }
    }
    return group_action(b, a, id);
}

static int inside(const SDL_Rect *r, int x, int y)
{
    return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

static int in_view(const form_body *b, int x, int y) { return inside(&b->view, x, y); }

int form_body_event(form_body *b, ui_app *a, const plat_event *ev)
{
    if (ui_dialog_is_open(b->dlg)) {
        if (ev->type != PLAT_EV_KEY || ev->key != PLAT_KEY_ESCAPE)
            return 0;
        ui_dialog_close(b->dlg); /* Escape keeps the member, as 取消 does (it left the form) */
        ui_app_invalidate(a);
        return 1;
    }
    if ((ev->type == PLAT_EV_TEXT || ev->type == PLAT_EV_KEY) && b->kb) {
        /* a physical keyboard or a scanner: marked as a tapped key is (the
         * keyboard marks its letters and candidates; the field's box here,
         * the page when the box changes height or anything else changed) */
        int used = ev->type == PLAT_EV_TEXT && alnum_text(b, ev) ? 1 : kb_type(b->kb, a, ev);
        fb_kb_commit(b);
        if (used && fb_focus_same(b, a))
            ui_app_invalidate_rect(a, &b->focus_box);
        else if (used)
            fb_box_resized(b, a);
        return used || ev->type == PLAT_EV_TEXT;
    }
    fb_item *it = b->cap_item >= 0 && b->cap_item < b->n ? &b->items[b->cap_item] : NULL;
    switch (ev->type) {
    case PLAT_EV_DOWN:
        b->cap = CAP_NONE;
        b->cap_item = -1;
        if (b->kb && inside(&b->kb_rect, ev->x, ev->y)) {
            if (kb_event(b->kb, a, ev)) {
                b->cap = CAP_KB;
                fb_kb_commit(b);
            }
            return 1;
        }
        if (!in_view(b, ev->x, ev->y))
            return 0;
        for (int i = 0; i < b->n; i++) {
            fb_item *c = &b->items[i];
            if (!c->shown || !inside(&c->pad, ev->x, ev->y))
                continue;
            b->cap_item = i;
            int m = ui_app_theme(a)->unit;
            if (c->sig && b->kb) {
                /* the keyboard open: it closes and the page lays out again
                 * with the pad shown (want_show); this touch draws nothing
                 * (the pad moved under the finger mid-stroke) */
                form_body_unfocus(b);
                b->want_show = i;
                b->cap = CAP_NONE;
                b->cap_item = -1;
                ui_app_invalidate(a);
                return 1;
            }
            if (c->sig && c->pad.h + 2 * m <= b->view.h &&
                (c->pad.y < b->view.y || c->pad.y + c->pad.h > b->view.y + b->view.h)) {
                /* a pad partly out of view: the finger brings it in, whole,
                 * and draws nothing (strokes past a hidden edge were pressed
                 * flat along it; a swipe to scroll drew a line) */
                /* its 重写 under it too, where both fit */
                int btn = ui_button_height(a) + m / 2;
                int foot = c->pad.h + btn + 2 * m <= b->view.h ? btn : 0;
                int below = c->pad.y + c->pad.h + foot + m - (b->view.y + b->view.h);
                b->scroll += c->pad.y < b->view.y + m ? c->pad.y - b->view.y - m : below;
                fb_clamp_scroll(b);
                b->cap = CAP_NONE; /* the rest of this touch used up: a stroke
                                    * down went on to scroll the pad back out */
                b->cap_item = -1;
                ui_app_invalidate(a);
                return 1;
            }
            if (c->sig) {
                b->cap = CAP_SIGN;
                form_body_unfocus(b);
                form_sig_down(c->sig, ev->x - c->pad.x, ev->y - c->pad.y, c->pad.w, c->pad.h);
                ui_app_invalidate(a);
                return 1;
            }
            if (c->date && ui_datepick_event(c->date, a, ev)) {
                b->cap = CAP_DATE;
                return 1;
            }
            if (form_field_type(c->f) == FORM_T_PLEDGE && c->pledge_max > 0) {
                b->cap = CAP_PLEDGE;
                b->down_y = ev->y;
                b->down_scroll = c->pledge_scroll;
                return 1;
            }
        }
        b->cap = CAP_PAGE;
        b->down_y = ev->y;
        b->down_scroll = b->scroll;
        b->dragged = 0;
        return 1;
    case PLAT_EV_MOVE:
    case PLAT_EV_UP: {
        int up = ev->type == PLAT_EV_UP, cap = b->cap;
        if (up)
            b->cap = CAP_NONE;
        switch (cap) {
        case CAP_KB: { /* a tap between keys, a swipe on the candidates */
            int used = kb_event(b->kb, a, ev);
            fb_kb_commit(b);
            if (used && up && fb_focus_same(b, a))
                ui_app_invalidate_rect(a, &b->focus_box);
            else if (used && up)
                fb_box_resized(b, a);
            return used;
        }
        case CAP_SIGN:
            if (!it)
                return 0;
            form_sig_move(it->sig, ev->x - it->pad.x, ev->y - it->pad.y, it->pad.w, it->pad.h);
            if (up) {
                form_sig_up(it->sig);
                sign_commit(b, it);
                ui_app_invalidate(a);
            } else { /* the ink drawn on: the pad alone, a margin for its width */
                int m = ui_app_theme(a)->unit;
                SDL_Rect pr = {it->pad.x - m, it->pad.y - m, it->pad.w + 2 * m, it->pad.h + 2 * m};
                ui_app_invalidate_rect(a, &pr);
            }
            return 1;
        case CAP_DATE: {
            if (!it)
                return 0;
            ui_date before = ui_datepick_value(it->date);
            int used = ui_datepick_event(it->date, a, ev);
            if (ui_date_cmp(before, ui_datepick_value(it->date)) != 0)
                date_stepped(b, it, fb_page_sig_but(b, (int)(it - b->items)));
            return used;
        }
        case CAP_PLEDGE:
            if (!it)
                return 0;
            it->pledge_scroll = b->down_scroll - (ev->y - b->down_y);
            if (it->pledge_scroll < 0)
                it->pledge_scroll = 0;
            if (it->pledge_scroll > it->pledge_max)
                it->pledge_scroll = it->pledge_max;
            ui_app_invalidate(a);
            return 1;
        case CAP_PAGE: {
            int dy = ev->y - b->down_y;
            if (!b->dragged && abs(dy) <= DRAG_SLOP)
                return 0;
            b->dragged = 1;
            b->placed = -1; /* she moves it: what comes shows as it comes */
            b->scroll = b->down_scroll - dy;
            fb_clamp_scroll(b);
            /* the finger lifted: nothing to tap left half under the foot
             * bar (a finger aimed at the middle of 重写 there pressed the
             * bar's button); never while it is down */
            if (up && !b->kb)
                fb_snap_foot(b, ui_app_theme(a), dy < 0 ? -1 : 1);
            ui_app_invalidate(a);
            return 1;
        }
        default:
            return 0;
        }
    }
    default:
        return 0;
    }
}

