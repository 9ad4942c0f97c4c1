/* form_body.c — the fields of one form page (or of one member of a group),
 * see form_body.h: set-up, the answers they show, the keyboard of the focused
 * field. Drawing is in form_body_draw.c, taps and drags in form_body_input.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strings.h"
#include "plat_clock.h"
#include "plat_paths.h"
#include "ui/screens/form/form_body_internal.h"
#include "ui/screens/form/form_photo.h"

/* ---- answers of the page or of one member ---- */

const char *fb_get(const form_body *b, const char *key)
{
    return b->group ? form_inst_member_get(b->inst, b->group, b->member, key)
                    : form_inst_get(b->inst, key);
}

int fb_set(form_body *b, const char *key, const char *v)
{
    char err[256];
    int rc = b->group ? form_inst_member_set(b->inst, b->group, b->member, key, v, err, sizeof err)
                      : form_inst_set(b->inst, key, v, err, sizeof err);
    b->changed = 1;
    b->typed_only = 0;
    b->date_only = 0;
    b->list_only = 0;
    return rc;
}

int fb_index(const form_body *b, const char *key)
{
    for (int i = 0; key && i < b->n; i++)
        if (!strcmp(form_field_key(b->items[i].f), key))
            return i;
    return -1;
}

int fb_from_card(const form_body *b, const char *key)
{
    int i = fb_index(b, key); /* 年龄 worked out of the number: said by 自动填写 */
    if (i >= 0 && form_field_compute(b->items[i].f) != FORM_COMPUTE_NONE)
        return 0;
    return b->group ? form_inst_member_from_card(b->inst, b->group, b->member, key)
                    : form_inst_from_card(b->inst, key);
}

const char *fb_error(const form_body *b, const char *key)
{
    const char *e = b->group ? form_inst_member_error(b->inst, b->group, b->member, key)
                             : form_inst_error(b->inst, key);
    if (!e && b->msg_at_field == MSG_AT_RULE && b->err_item >= 0 &&
        !strcmp(key, form_field_key(b->items[b->err_item].f)))
        return b->msg; /* a rule's words, under the question it is about */
    return e;
}

int fb_visible(const form_body *b, const char *key)
{
    return b->group ? form_inst_member_visible(b->inst, b->group, b->member, key)
                    : form_inst_visible(b->inst, key);
}

void fb_display(const form_body *b, const char *key, char *out, size_t n)
{
    if (b->group)
        form_inst_member_display(b->inst, b->group, b->member, key, out, n);
    else
        form_inst_display(b->inst, key, out, n);
}

/* ---- set-up ---- */

static void sync_list(form_body *b, fb_item *it)
{
    const char *v = fb_get(b, form_field_key(it->f));
    for (int i = 0; i < ui_list_count(it->list); i++) {
        const char *ov = form_field_option_value(it->f, (size_t)i);
        int on = 0;
        if (v && form_field_type(it->f) == FORM_T_MULTI) {
            size_t l = strlen(ov);
            for (const char *p = v; *p;) {
                const char *c = strchr(p, ',');
                size_t pl = c ? (size_t)(c - p) : strlen(p);
                if (pl == l && !strncmp(p, ov, l))
                    on = 1;
                p += pl + (c ? 1 : 0);
            }
        } else if (v) {
            on = !strcmp(v, ov);
        }
        ui_list_set_chosen(it->list, i, on);
    }
}

static int setup_item(form_body *b, fb_item *it)
{
    const form_field *f = it->f;
    char id[64];
    if (form_field_compute(f) != FORM_COMPUTE_NONE)
        return 0;
    switch (form_field_type(f)) {
    case FORM_T_CHOICE:
    case FORM_T_MULTI:
        snprintf(id, sizeof id, "f.%s.opt", form_field_key(f));
        it->list = ui_list_new(id, form_field_type(f) == FORM_T_MULTI ? UI_LIST_MULTI
                                                                      : UI_LIST_SINGLE);
        if (!it->list)
            return -1;
        for (size_t i = 0; i < form_field_option_count(f); i++)
            ui_list_add(it->list, form_field_option_label(f, i), NULL);
        sync_list(b, it);
        for (int i = 0; i < ui_list_count(it->list); i++)
            if (ui_list_chosen(it->list, i))
                ui_list_show_row(it->list, i);
        return 0;
    case FORM_T_DATE: {
        valid_date mn, mx;
        int hmn = 0, hmx = 0;
        /* a member's date too (a child's birth, not after today): its bounds
         * are the field's, the same for every member */
        form_inst_date_range(b->inst, form_field_key(f), &mn, &hmn, &mx, &hmx);
        int y, m, d;
        plat_clock_local(&y, &m, &d, NULL, NULL, NULL);
        ui_date lo = hmn ? (ui_date){mn.year, mn.month, mn.day} : (ui_date){1900, 1, 1};
        ui_date hi = hmx ? (ui_date){mx.year, mx.month, mx.day} : (ui_date){y + 10, 12, 31};
        ui_date start = {y, m, d};
        valid_date cur;
        const char *v = fb_get(b, form_field_key(f));
        if (v && valid_date_parse(v, &cur) == 0)
            start = (ui_date){cur.year, cur.month, cur.day};
        snprintf(id, sizeof id, "f.%s.date", form_field_key(f));
        it->date = ui_datepick_new(id, lo, hi, start);
        return it->date ? 0 : -1;
    }
    case FORM_T_SIGNATURE:
        it->sig = form_sig_new();
        return it->sig ? 0 : -1;
    case FORM_T_PHOTO:
        it->photo = form_photo_view_new();
        return it->photo ? 0 : -1;
    default:
        return 0;
    }
}

form_body *form_body_new(form_inst *inst, size_t page, const char *group, int member,
                         const char *sig_dir, const form_body_hooks *hooks)
{
    form_body *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->inst = inst;
    b->member = member;
    b->focus = b->want_show = b->keep_show = b->keep_also = b->err_item = b->anchor = -1;
    b->keep_row = b->keep_new = b->placed = -1;
    b->dlg = ui_dialog_new("fb.dlg");
    snprintf(b->sig_dir, sizeof b->sig_dir, "%s", sig_dir ? sig_dir : ".");
    if (hooks)
        b->hooks = *hooks;
    const form_def *def = form_inst_def(inst);
    if (group) {
        const form_field *g = form_def_field(def, group);
        b->group = g ? form_field_key(g) : NULL;
        for (size_t i = 0; g && i < form_field_sub_count(g) && b->n < FB_MAX; i++)
            b->items[b->n++].f = form_field_sub_at(g, i);
    } else {
        for (size_t i = 0; i < form_def_page_field_count(def, page) && b->n < FB_MAX; i++)
            b->items[b->n++].f = form_def_page_field(def, page, i);
    }
    int ok = b->dlg != NULL && (!group || b->group);
    for (int i = 0; ok && i < b->n; i++)
        ok = setup_item(b, &b->items[i]) == 0;
    if (!ok) {
        form_body_free(b);
        return NULL;
    }
    return b;
}

/* The keyboards kept with letters or strokes not chosen: freed (kb_free
 * wipes them). */
static void drop_held(form_body *b)
{
    for (int i = 0; i < b->n; i++) {
        kb_free(b->items[i].held);
        b->items[i].held = NULL;
    }
}

void form_body_wipe(form_body *b)
{
    if (b->kb)
        kb_clear(b->kb);
    drop_held(b);
    for (int i = 0; i < b->n; i++)
        if (b->items[i].sig)
            form_sig_clear(b->items[i].sig);
    memset(b->msg, 0, sizeof b->msg);
    fb_measure_forget(b);
}

void form_body_free(form_body *b)
{
    if (!b)
        return;
    for (int i = 0; i < b->n; i++) {
        ui_list_free(b->items[i].list);
        ui_datepick_free(b->items[i].date);
        form_sig_free(b->items[i].sig);
        form_photo_view_free(b->items[i].photo);
    }
    kb_free(b->kb);
    drop_held(b);
    ui_dialog_free(b->dlg);
    fb_measure_forget(b);
    free(b->mkey);
    free(b->mkey_new);
    memset(b, 0, sizeof *b);
    free(b);
}

/* ---- keyboard ---- */

/* Chinese opens on handwriting in large-text mode (elderly people mostly
 * cannot spell pinyin; 拼音 is one tap away), else on pinyin. */
static kb_kind kb_kind_for(const form_field *f, int elderly)
{
    switch (form_field_keyboard(f)) {
    case FORM_KB_IDNO: return KB_IDCARD;
    case FORM_KB_DECIMAL: return KB_MONEY;
    case FORM_KB_HANZI: return elderly ? KB_HAND : KB_PINYIN;
    case FORM_KB_ALNUM: return KB_ALNUM;
    default: return KB_DIGITS;
    }
}

int fb_kb_limit(const form_field *f)
{
    form_limits lim;
    form_field_limits(f, &lim);
    switch (form_field_type(f)) {
    case FORM_T_IDNO: return 18;
    case FORM_T_MOBILE: return 11;
    case FORM_T_CARD: return 19;
    case FORM_T_INTEGER: return 15;
    case FORM_T_MONEY: return 12;
    default: return lim.max_len > 0 ? lim.max_len : 40;
    }
}

int fb_typed(const form_field *f)
{
    form_keyboard k = form_field_keyboard(f);
    return form_field_compute(f) == FORM_COMPUTE_NONE && k != FORM_KB_NONE && k != FORM_KB_DATE;
}

/* The keyboard closes. Letters or strokes she has not chosen yet stay with
 * the question (fb_item.held): every way of closing it (收起键盘, 填下一项,
 * another question, a list's row, the pad, 下一步 refused) keeps them, and
 * they come back when she taps its box again; the page turned, they go
 * with it (they are no answer). Else the keyboard goes (kb_free wipes it). */
static uint64_t answer_digest(const form_body *b, int i)
{
    const char *v = fb_get(b, form_field_key(b->items[i].f));
    uint64_t h = 14695981039346656037u;
    for (const char *p = v ? v : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return v ? h : ~h;
}

void form_body_unfocus(form_body *b)
{
    if (b->kb && b->focus >= 0 && b->focus < b->n && kb_pending(b->kb) &&
        !b->items[b->focus].held) {
        fb_kb_commit(b); /* the text typed before them is the answer already */
        b->items[b->focus].held = b->kb;
        b->items[b->focus].held_answer = answer_digest(b, b->focus);
        b->kb = NULL;
    }
    if (b->kb) {
        kb_free(b->kb); /* wipes the text */
        b->kb = NULL;
    }
    b->focus = -1;
}

void fb_held_note(const form_body *b, int i, char *out, size_t n)
{
    const kb *k = i >= 0 && i < b->n ? b->items[i].held : NULL;
    if (!k)
        snprintf(out, n, "%s", "");
    else if (*kb_composing(k))
        snprintf(out, n, core_str("form.held_letters"), kb_composing(k));
    else
        snprintf(out, n, "%s", core_str("form.held_strokes"));
}

void form_body_held_note(const form_body *b, const char *key, char *out, size_t n)
{
    fb_held_note(b, fb_index(b, key), out, n);
}

/* A name field's pinyin candidates put phrases of surnames and common
 * given-name characters first, then those characters (kb_prefer;
 * assets/text/name-chars.txt, its sources in its head). */
static void prefer_name_chars(kb *k)
{
    char path[4096], line[1024], chars[1536] = "";
    plat_paths_join(path, sizeof path, plat_paths_assets(), "text/name-chars.txt");
    FILE *fp = fopen(path, "r");
    if (!fp)
        return; /* the engine's order */
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        size_t n = strlen(chars);
        snprintf(chars + n, sizeof chars - n, "%s", line);
    }
    fclose(fp);
    kb_prefer(k, chars);
}

/* Item i's error e is the one the page points at (下一步's, or a wrong
 * answer she came back to): shown with the item, and the page's message,
 * read out by 读给我听 too, until it is put right. */
static void point_at(form_body *b, int i, const char *e)
{
    b->err_item = i;
    snprintf(b->msg, sizeof b->msg, "%s", e);
    b->msg_at_field = 1;
}

void fb_focus(form_body *b, int i)
{
    if (b->focus == i)
        return;
    form_body_unfocus(b);
    const form_field *f = b->items[i].f;
    const char *v = fb_get(b, form_field_key(f));
    kb *held = b->items[i].held;
    b->items[i].held = NULL;
    if (held && b->items[i].held_answer == answer_digest(b, i)) {
        b->kb = held; /* her letters or strokes, their candidates, the layout she left */
    } else {
        kb_free(held); /* the answer changed under it: what it held was for another */
        b->kb = kb_new("kb", kb_kind_for(f, b->elderly));
        if (!b->kb)
            return;
        kb_set_max_chars(b->kb, fb_kb_limit(f)); /* the loader caps max_len at KB_MAX_CHARS */
        kb_set_multiline(b->kb, form_field_multiline(f));
        if (form_field_type(f) == FORM_T_NAME)
            prefer_name_chars(b->kb);
        kb_set_text(b->kb, v ? v : "");
    }
    kb_take_changed(b->kb);
    b->focus = i;
    b->want_show = i;
    /* a wrong answer she left and comes back to: its error stays in view
     * while she puts it right (as the one 下一步 points at), and goes with
     * it; words of another kind on the page (a failed save) stay first */
    const char *e = v && *v ? fb_error(b, form_field_key(f)) : NULL;
    if (e && b->err_item != i && (!b->msg[0] || b->msg_at_field))
        point_at(b, i, e);
}

void fb_kb_commit(form_body *b)
{
    if (b->kb && b->focus >= 0 && kb_take_changed(b->kb)) {
        fb_set(b, form_field_key(b->items[b->focus].f), kb_text(b->kb));
        b->want_show = b->focus; /* the question stays in view as she types */
        /* nothing else changed, and the page stays where it is */
        b->typed_only = b->focus_box.w > 0 && b->focus_scroll == b->scroll &&
                        fb_page_sig(b) == b->drawn_sig;
    }
}

/* ---- what the page shows besides one item: whether a change may draw that
 * item alone ---- */

static uint64_t mix64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ c[i]) * 1099511628211u;
    return h;
}

static uint64_t mix64_int(uint64_t h, int v) { return mix64(h, &v, sizeof v); }

/* A string with its end, NULL told apart from "". */
static uint64_t mix64_str(uint64_t h, const char *s)
{
    return s ? mix64(h, s, strlen(s) + 1) : mix64_int(h, -1);
}

static uint64_t mix64_display(uint64_t h, const form_body *b, const char *group, int m,
                              const char *key)
{
    char d[512];
    if (group)
        form_inst_member_display(b->inst, group, m, key, d, sizeof d);
    else
        fb_display(b, key, d, sizeof d);
    h = mix64_str(h, d);
    memset(d, 0, sizeof d);
    return h;
}

uint64_t fb_page_sig(const form_body *b)
{
    uint64_t h = fb_page_sig_but(b, b->focus);
    /* its error too, shown or not: a keystroke that makes the answer valid
     * or not draws the page, and is saved at once (form_screen.c) */
    if (b->focus >= 0 && b->focus < b->n)
        h = mix64_str(h, fb_error(b, form_field_key(b->items[b->focus].f)));
    return h;
}

uint64_t fb_page_sig_but(const form_body *b, int but)
{
    uint64_t h = 14695981039346656037u;
    int step, total;
    form_inst_progress(b->inst, &step, &total); /* the form's steps: pages shown or skipped */
    int head[8] = {b->focus, b->kb != NULL, b->scroll, b->err_item, b->msg_at_field, b->member,
                   step, total};
    h = mix64(h, head, sizeof head);
    h = mix64_str(h, b->msg);
    for (int i = 0; i < b->n; i++) {
        const form_field *f = b->items[i].f;
        const char *key = form_field_key(f);
        int vis = fb_visible(b, key);
        h = mix64_int(h, vis);
        if (!vis)
            continue;
        h = mix64_int(h, fb_from_card(b, key));
        char note[KB_COMP_BYTES + 128]; /* letters waiting under its box */
        fb_held_note(b, i, note, sizeof note);
        h = mix64_str(h, note);
        memset(note, 0, sizeof note);
        const char *v = fb_get(b, key), *err = fb_error(b, key);
        if (i == but) { /* what item_block draws around its widget: the error while shown */
            int shown = err && (i == b->err_item || (i != b->focus && v && *v));
            h = mix64_str(h, shown ? err : NULL);
            if (form_field_type(f) == FORM_T_DATE) /* unanswered: a hint and a button under it */
                h = mix64_int(h, v != NULL);
            continue;
        }
        h = mix64_str(h, v);
        h = mix64_str(h, err);
        h = mix64_display(h, b, NULL, 0, key);
        if (form_field_type(f) != FORM_T_GROUP)
            continue;
        int nm = form_inst_member_count(b->inst, key);
        h = mix64_int(h, nm);
        for (int m = 0; m < nm; m++)
            for (size_t j = 0; j < form_field_sub_count(f); j++) {
                const char *sk = form_field_key(form_field_sub_at(f, j));
                int sv = form_inst_member_visible(b->inst, key, m, sk);
                h = mix64_int(h, sv);
                if (!sv)
                    continue;
                h = mix64_int(h, form_inst_member_error(b->inst, key, m, sk) != NULL);
                h = mix64_display(h, b, key, m, sk);
            }
    }
    return h;
}

int form_body_take_typed(form_body *b, ui_app *a, SDL_Rect *box)
{
    if (b->list_only) { /* checked again: a message may have gone with the answer */
        b->list_only = 0;
        *box = (SDL_Rect){0, 0, 0, 0}; /* the tap marked the list */
        return fb_page_sig_but(b, b->list_item) == b->list_sig ? 2 : 0;
    }
    if (b->date_only) { /* checked again: the message may have gone since */
        b->date_only = 0;
        int i = b->date_item;
        if (i >= 0 && i < b->n && b->items[i].date && fb_page_sig_but(b, i) == b->date_sig) {
            SDL_Rect drawn = ui_datepick_area(b->items[i].date);
            *box = (SDL_Rect){0, 0, 0, 0}; /* the step marked what it changed */
            return drawn.w > 0 && drawn.h > 0 ? 2 : 0;
        }
        return 0;
    }
    /* checked again too: a rule's words under another question go with the
     * keystroke (drop_fixed_message) after it was found to change nothing else */
    int t = b->typed_only && fb_focus_same(b, a) && fb_page_sig(b) == b->drawn_sig;
    b->typed_only = 0;
    if (t)
        *box = b->focus_box;
    return t;
}

/* The question after the focused one that 完成 goes on to (past those
 * hidden and those worked out), or b->n. */
static int after_focus(const form_body *b)
{
    int i = b->focus + 1;
    while (i < b->n && (!fb_visible(b, form_field_key(b->items[i].f)) ||
                        form_field_compute(b->items[i].f) != FORM_COMPUTE_NONE))
        i++;
    return i;
}

int form_body_done_moves(const form_body *b)
{
    if (!b || !b->kb || b->focus < 0)
        return 0;
    int i = after_focus(b);
    return i < b->n && fb_typed(b->items[i].f);
}

void form_body_done(form_body *b)
{
    if (!b->kb || b->focus < 0)
        return;
    fb_kb_commit(b);
    int left = b->focus;
    const char *key = form_field_key(b->items[left].f), *v = fb_get(b, key);
    const char *e = v && *v ? fb_error(b, key) : NULL;
    if (e && !fb_msg_at_focus(b)) {
        /* a wrong answer (a check digit, a phone number too short): 填下一项
         * keeps the keyboard on it, its error said over it, to put right
         * there (it closed, and the next key went nowhere); 收起键盘 closes
         * it, the question in view with its error, not scrolled away */
        if (form_body_done_moves(b)) {
            point_at(b, left, e);
        } else {
            form_body_unfocus(b);
        }
        b->want_show = left;
        return;
    }
    /* the next question to answer: past those hidden and those worked out
     * (年龄 from the ID number asks nothing: 完成 in 公民身份号码 goes on
     * to 联系电话, as it would were 年龄 not there) */
    int i = after_focus(b);
    if (i < b->n && fb_typed(b->items[i].f)) {
        fb_focus(b, i);
        return;
    }
    int said = fb_msg_at_focus(b);
    form_body_unfocus(b);
    if (said) { /* the message under the box goes back to the top: shown there */
        b->scroll = 0;
        b->want_show = -1;
    } else {
        /* the question she typed stays whole in view (the page is laid out
         * again without the keyboard: on a screen wider than tall, wider,
         * under the steps again), the next one coming in under it as far
         * as the view has room */
        b->want_show = i < b->n ? i : left;
        b->keep_show = left;
    }
}

uint64_t form_body_tick(form_body *b, ui_app *a, uint64_t now)
{
    uint64_t next = 0;
    for (int i = 0; i < b->n; i++)
        if (b->items[i].list)
            next = ui_tick_min(next, ui_list_tick(b->items[i].list, a, now));
    return next;
}

/* The words the page points at go once their error has (put right), or
 * has become another (请填写手机号码, then 应为11位 at the first digit typed:
 * she is typing, and a new error shows as any field's does, once she
 * leaves it or at 下一步); a rule's with any change (it is judged again at
 * 下一步). */
static void drop_fixed_message(form_body *b)
{
    if (b->msg_at_field == MSG_AT_RULE) {
        form_body_set_message(b, NULL);
        return;
    }
    if (b->msg_at_field && b->err_item >= 0) {
        const char *e = fb_error(b, form_field_key(b->items[b->err_item].f));
        if (!e || strcmp(e, b->msg))
            form_body_set_message(b, NULL);
    }
}

int form_body_take_changed(form_body *b)
{
    int c = b->changed;
    b->changed = 0;
    if (c)
        drop_fixed_message(b);
    if (c) /* answers may have changed under the lists (computed, restored) */
        for (int i = 0; i < b->n; i++)
            if (b->items[i].list)
                sync_list(b, &b->items[i]);
    return c;
}

void form_body_show_foot(form_body *b, const char *key)
{
    int i = fb_index(b, key);
    if (i >= 0) {
        b->want_show = i;
        b->show_foot = 1;
    }
}

/* The page's first question that asks something and has no answer (with
 * required set, the first such that must be answered, else the first); -1
 * if none. */
static int first_open(const form_body *b, int required)
{
    int any = -1;
    for (int i = 0; i < b->n; i++) {
        const form_field *f = b->items[i].f;
        const char *key = form_field_key(f);
        if (form_field_compute(f) != FORM_COMPUTE_NONE || !fb_visible(b, key) || fb_get(b, key))
            continue;
        if (!required || form_field_required(f))
            return i;
        if (any < 0)
            any = i;
    }
    return any;
}

void form_body_show_first_open(form_body *b)
{
    int i = first_open(b, 0);
    if (i >= 0) {
        b->want_show = i;
        b->show_on_top = 1;
    }
}

void form_body_bring_first_open(form_body *b)
{
    int i = first_open(b, 1); /* what 下一步 would ask for, before what may stay empty */
    if (i >= 0)
        b->want_show = i;
}

void form_body_changed_under(form_body *b) { drop_fixed_message(b); }

int fb_msg_at_focus(const form_body *b)
{
    return b->msg[0] && !b->msg_at_field && b->kb && b->focus >= 0 && b->focus < b->n;
}

void form_body_set_message(form_body *b, const char *msg)
{
    snprintf(b->msg, sizeof b->msg, "%s", msg ? msg : "");
    b->err_item = -1;
    b->msg_at_field = 0;
    if (!msg)
        return;
    if (fb_msg_at_focus(b))
        b->want_show = b->focus; /* under the box she types in, both above the keyboard */
    else
        b->scroll = 0; /* at the top of the page */
}

const char *form_body_message(const form_body *b) { return b->msg[0] ? b->msg : NULL; }

int form_body_show_errors(form_body *b)
{
    for (int i = 0; i < b->n; i++)
        if (fb_visible(b, form_field_key(b->items[i].f)) && fb_error(b, form_field_key(b->items[i].f))) {
            b->want_show = i;
            point_at(b, i, fb_error(b, form_field_key(b->items[i].f)));
            return 1;
        }
    return 0;
}

int form_body_show_rule(form_body *b, const char *key)
{
    int i = fb_index(b, key);
    if (i < 0 || !fb_visible(b, key))
        return 0;
    b->err_item = i;
    b->msg_at_field = MSG_AT_RULE;
    b->want_show = i;
    return 1;
}

kb *form_body_kb(form_body *b) { return b->kb; }
SDL_Rect form_body_view(const form_body *b) { return b->view; }

int form_body_rect(const form_body *b, const char *key, SDL_Rect *out)
{
    int i = fb_index(b, key);
    if (i < 0 || !b->items[i].shown || b->items[i].pad.w <= 0)
        return -1;
    *out = b->items[i].pad;
    return 0;
}
