/* form_body.c — the fields of one form page, drawn and edited (see form_body.h). */
#include "ui/screens/form/form_body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/form/form_sign.h"
#include "core/log.h"
#include "plat_clock.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_date.h"
#include "ui/widgets/widget_list.h"

#define FB_MAX 32
#define DRAG_SLOP 12

typedef struct {
    const form_field *f;
    ui_list *list;     /* choice, multi */
    ui_datepick *date; /* date */
    form_sig *sig;     /* signature */
    int y, h;          /* content position and height from the last layout */
    int box_off;       /* where its value box starts, below the label */
    int shown;         /* visible at the last layout */
    SDL_Rect pad;      /* signature pad, pledge box or list on screen (last draw) */
    int pledge_scroll, pledge_max;
} fb_item;

enum { CAP_NONE, CAP_PAGE, CAP_LIST, CAP_DATE, CAP_SIGN, CAP_PLEDGE, CAP_KB };

struct form_body {
    form_inst *inst;
    const char *group; /* catalogue-owned key, or NULL */
    int member;
    char sig_dir[1024];
    form_body_hooks hooks;
    fb_item items[FB_MAX];
    int n;
    int focus; /* item with the keyboard, -1 */
    kb *kb;
    SDL_Rect view, kb_rect;
    int scroll, content_h, want_show;
    int cap, cap_item, down_y, down_scroll, dragged;
    int changed;
    char msg[512];
    ui_dialog *dlg;
    char del_group[64];
    int del_idx;
};

/* ---- answers of the page or of one member ---- */

static const char *fb_get(const form_body *b, const char *key)
{
    return b->group ? form_inst_member_get(b->inst, b->group, b->member, key)
                    : form_inst_get(b->inst, key);
}

static int fb_set(form_body *b, const char *key, const char *v)
{
    char err[256];
    int rc = b->group ? form_inst_member_set(b->inst, b->group, b->member, key, v, err, sizeof err)
                      : form_inst_set(b->inst, key, v, err, sizeof err);
    b->changed = 1;
    return rc;
}

static const char *fb_error(const form_body *b, const char *key)
{
    return b->group ? form_inst_member_error(b->inst, b->group, b->member, key)
                    : form_inst_error(b->inst, key);
}

static int fb_visible(const form_body *b, const char *key)
{
    return b->group ? form_inst_member_visible(b->inst, b->group, b->member, key)
                    : form_inst_visible(b->inst, key);
}

static void fb_display(const form_body *b, const char *key, char *out, size_t n)
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
        if (!b->group) /* sub-field dates: the engine has no member range call */
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
    b->focus = b->want_show = -1;
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

void form_body_wipe(form_body *b)
{
    if (b->kb)
        kb_clear(b->kb);
    for (int i = 0; i < b->n; i++)
        if (b->items[i].sig)
            form_sig_clear(b->items[i].sig);
    memset(b->msg, 0, sizeof b->msg);
}

void form_body_free(form_body *b)
{
    if (!b)
        return;
    for (int i = 0; i < b->n; i++) {
        ui_list_free(b->items[i].list);
        ui_datepick_free(b->items[i].date);
        form_sig_free(b->items[i].sig);
    }
    kb_free(b->kb);
    ui_dialog_free(b->dlg);
    memset(b, 0, sizeof *b);
    free(b);
}

/* ---- keyboard ---- */

static kb_kind kb_kind_for(const form_field *f)
{
    switch (form_field_keyboard(f)) {
    case FORM_KB_IDNO: return KB_IDCARD;
    case FORM_KB_DECIMAL: return KB_MONEY;
    case FORM_KB_HANZI: return KB_PINYIN;
    case FORM_KB_ALNUM: return KB_ALNUM;
    default: return KB_DIGITS;
    }
}

static int kb_limit(const form_field *f)
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

static int typed(const form_field *f)
{
    form_keyboard k = form_field_keyboard(f);
    return form_field_compute(f) == FORM_COMPUTE_NONE && k != FORM_KB_NONE && k != FORM_KB_DATE;
}

void form_body_unfocus(form_body *b)
{
    if (b->kb) {
        kb_free(b->kb); /* wipes the text */
        b->kb = NULL;
    }
    b->focus = -1;
}

static void focus(form_body *b, int i)
{
    if (b->focus == i)
        return;
    form_body_unfocus(b);
    const form_field *f = b->items[i].f;
    b->kb = kb_new("kb", kb_kind_for(f));
    if (!b->kb)
        return;
    kb_set_max_chars(b->kb, kb_limit(f));
    const char *v = fb_get(b, form_field_key(f));
    kb_set_text(b->kb, v ? v : "");
    kb_take_changed(b->kb);
    b->focus = i;
    b->want_show = i;
}

static void kb_commit(form_body *b)
{
    if (b->kb && b->focus >= 0 && kb_take_changed(b->kb))
        fb_set(b, form_field_key(b->items[b->focus].f), kb_text(b->kb));
}

/* Scanners and physical keyboards type receipt numbers and agent numbers
 * (letters and digits) that the numeric pad cannot. */
static int alnum_text(form_body *b, const plat_event *ev)
{
    if (b->focus < 0 || form_field_keyboard(b->items[b->focus].f) != FORM_KB_ALNUM)
        return 0;
    char buf[KB_TEXT_BYTES];
    snprintf(buf, sizeof buf, "%s", kb_text(b->kb));
    size_t n = strlen(buf);
    int lim = kb_limit(b->items[b->focus].f);
    for (const char *p = ev->text; *p && (int)n < lim && n + 1 < sizeof buf; p++) {
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')
            buf[n++] = c;
    }
    buf[n] = '\0';
    kb_set_text(b->kb, buf);
    memset(buf, 0, sizeof buf);
    return 1;
}

/* ---- layout and drawing ---- */

typedef struct {
    form_body *b;
    ui_app *a;
    const ui_theme *t;
    int dry;
} ctx;

static int text_block(ctx *c, int x, int y, int w, const char *s, int px, text_weight wt,
                      SDL_Color col)
{
    if (!s || !*s)
        return 0;
    text_style st = {px, wt, col, TEXT_LEFT, 0, 0};
    if (c->dry)
        return text_measure_box(ui_app_text(c->a), s, w, &st, NULL);
    SDL_Rect r = {x, y, w, 0};
    return text_draw_box(ui_app_text(c->a), s, &r, &st);
}

/* Mirrors the list widget's row measure, so a list gets exactly its height. */
static int list_height(ctx *c, const fb_item *it, int w)
{
    const ui_theme *t = c->t;
    text_style s = {t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    int mark = t->px_label + t->unit * 2;
    int tw = (w - t->unit) - 2 * t->unit - mark - t->unit;
    int h = 0;
    for (size_t i = 0; i < form_field_option_count(it->f); i++) {
        int rh = text_measure_box(ui_app_text(c->a), form_field_option_label(it->f, i), tw, &s,
                                  NULL) + 2 * t->unit;
        if (rh < t->target + t->unit / 2)
            rh = t->target + t->unit / 2;
        h += rh + t->unit / 2;
    }
    int cap = (t->target + t->unit) * 6;
    return h > cap ? cap : h;
}

static void label_text(const form_field *f, char *out, size_t n)
{
    const char *unit = form_field_unit(f);
    int opt = !form_field_required(f) && form_field_compute(f) == FORM_COMPUTE_NONE &&
              form_field_type(f) != FORM_T_GROUP;
    if (*unit && form_field_compute(f) == FORM_COMPUTE_NONE)
        snprintf(out, n, "%s（%s）%s", form_field_label(f), unit, opt ? core_str("form.optional") : "");
    else
        snprintf(out, n, "%s%s", form_field_label(f), opt ? core_str("form.optional") : "");
}

/* A value in a box that grows with it (nothing cut); the box is target id. */
static int value_box(ctx *c, int x, int y, int w, const char *id, const char *value, int error,
                     int readonly)
{
    const ui_theme *t = c->t;
    int pad = t->unit;
    text_style st = {t->px_title, TEXT_BOLD, readonly ? t->ink_soft : t->ink, TEXT_LEFT, 0, 0};
    int th = text_measure_box(ui_app_text(c->a), value, w - 2 * pad, &st, NULL);
    int h = th + 2 * pad;
    if (h < t->target)
        h = t->target;
    if (c->dry)
        return h;
    SDL_Rect box = {x, y, w, h};
    SDL_Color border = error ? t->danger : (t->elderly ? t->ink : t->line);
    if (readonly)
        draw_round_box(ui_app_draw(c->a), &box, t->radius, t->bg, t->line, 2);
    else
        draw_round_box(ui_app_draw(c->a), &box, t->radius,
                       ui_app_pressed(c->a, id) ? t->line : t->surface, border, 3);
    SDL_Rect tb = {x + pad, y + (h - th) / 2, w - 2 * pad, 0};
    text_draw_box(ui_app_text(c->a), value, &tb, &st);
    if (id)
        ui_app_target(c->a, &box, id);
    return h;
}

static int group_block(ctx *c, fb_item *it, int x, int y, int w)
{
    form_body *b = c->b;
    const ui_theme *t = c->t;
    const char *key = form_field_key(it->f);
    int n = form_inst_member_count(b->inst, key), y0 = y, bh = ui_button_height(c->a);
    char buf[512], id[64];
    if (n == 0)
        y += text_block(c, x, y, w, core_str("form.member_none"), t->px_body, TEXT_REGULAR,
                        t->ink_soft) + t->unit;
    for (int m = 0; m < n; m++) {
        int cy = y, pad = t->unit * 3 / 2, iw = w - 2 * pad;
        y += pad;
        snprintf(buf, sizeof buf, core_str("form.member_title"), form_field_item_label(it->f), m + 1);
        int ty = y;
        y += text_block(c, x + pad, y, iw, buf, t->px_label, TEXT_BOLD, t->primary);
        /* summary: the first answered sub-fields */
        char sum[512] = "";
        int bad = 0, shown = 0;
        for (size_t i = 0; i < form_field_sub_count(it->f); i++) {
            const char *sk = form_field_key(form_field_sub_at(it->f, i));
            if (!form_inst_member_visible(b->inst, key, m, sk))
                continue;
            if (form_inst_member_error(b->inst, key, m, sk))
                bad = 1;
            char d[160];
            form_inst_member_display(b->inst, key, m, sk, d, sizeof d);
            if (*d && shown < 4 && strlen(sum) + strlen(d) + 8 < sizeof sum) {
                if (shown++)
                    strcat(sum, " · ");
                strcat(sum, d);
            }
        }
        y += text_block(c, x + pad, y, iw, sum, t->px_body, TEXT_REGULAR, t->ink);
        if (bad)
            y += text_block(c, x + pad, y, iw, core_str("form.member_errors"), t->px_body, TEXT_BOLD,
                            t->danger);
        y += t->unit;
        int half = (iw - t->unit) / 2;
        if (!c->dry) {
            SDL_Rect card = {x, cy, w, y + bh + pad - cy};
            draw_round_box(ui_app_draw(c->a), &card, t->radius, t->surface,
                           bad ? t->danger : (t->elderly ? t->ink : t->line), bad ? 4 : 2);
            text_block(c, x + pad, ty, iw, buf, t->px_label, TEXT_BOLD, t->primary);
            int yy = ty + text_block(&(ctx){b, c->a, t, 1}, x + pad, ty, iw, buf, t->px_label,
                                     TEXT_BOLD, t->primary);
            yy += text_block(c, x + pad, yy, iw, sum, t->px_body, TEXT_REGULAR, t->ink);
            if (bad)
                text_block(c, x + pad, yy, iw, core_str("form.member_errors"), t->px_body,
                           TEXT_BOLD, t->danger);
            SDL_Rect be = {x + pad, y, half, bh}, bd = {x + pad + half + t->unit, y, iw - half - t->unit, bh};
            snprintf(id, sizeof id, "f.%s.edit.%d", key, m);
            ui_button(c->a, &be, id, core_str("form.member_edit"), UI_BTN_SECONDARY);
            snprintf(id, sizeof id, "f.%s.del.%d", key, m);
            ui_button(c->a, &bd, id, core_str("form.member_del"), UI_BTN_DANGER);
        }
        y += bh + pad + t->unit;
    }
    snprintf(buf, sizeof buf, core_str("form.member_add"), form_field_item_label(it->f));
    if (!c->dry) {
        SDL_Rect ba = {x, y, w, bh};
        snprintf(id, sizeof id, "f.%s.add", key);
        if (n < form_field_group_max(it->f))
            ui_button(c->a, &ba, id, buf, UI_BTN_PRIMARY);
        else
            ui_button_disabled(c->a, &ba, buf);
    }
    y += bh;
    return y - y0;
}

/* One field: label, its widget, error, help. Returns the height. */
static int item_block(ctx *c, int i, int x, int y, int w)
{
    form_body *b = c->b;
    const ui_theme *t = c->t;
    fb_item *it = &b->items[i];
    const form_field *f = it->f;
    const char *key = form_field_key(f);
    const char *v = fb_get(b, key);
    const char *err = fb_error(b, key);
    int focused = b->focus == i;
    char label[256], id[64], disp[512];
    int y0 = y;
    label_text(f, label, sizeof label);
    y += text_block(c, x, y, w, label, t->px_label, TEXT_BOLD, t->ink) + t->unit / 2;
    it->box_off = y - y0;
    snprintf(id, sizeof id, "f.%s", key);
    if (form_field_compute(f) != FORM_COMPUTE_NONE) {
        fb_display(b, key, disp, sizeof disp);
        y += value_box(c, x, y, w, NULL, *disp ? disp : core_str("form.computed_wait"), 0, 1);
    } else if (typed(f)) {
        if (focused) {
            if (!c->dry) {
                int lh = text_line_height(ui_app_text(c->a), t->px_label) + t->unit / 2;
                ui_field(c->a, x, y - lh, w, id, "", kb_text(b->kb), kb_composing(b->kb), 1, NULL);
            }
            y += t->target;
        } else {
            y += value_box(c, x, y, w, id, v ? v : "", err != NULL, 0);
        }
    } else {
        switch (form_field_type(f)) {
        case FORM_T_CHOICE:
        case FORM_T_MULTI: {
            int lh = list_height(c, it, w);
            it->pad = (SDL_Rect){x, y, w, lh};
            if (!c->dry)
                ui_list_draw(it->list, c->a, &it->pad);
            y += lh;
            break;
        }
        case FORM_T_DATE: {
            int dh = ui_datepick_height(c->a);
            it->pad = (SDL_Rect){x, y, w, dh};
            if (!c->dry)
                ui_datepick_draw(it->date, c->a, &it->pad);
            y += dh + t->unit / 2;
            if (!v) {
                y += text_block(c, x, y, w, core_str("form.date_pick"), t->px_body, TEXT_REGULAR,
                                t->ink_soft) + t->unit / 2;
                if (!c->dry) {
                    SDL_Rect bu = {x, y, w, ui_button_height(c->a)};
                    snprintf(id, sizeof id, "f.%s.use", key);
                    ui_button(c->a, &bu, id, core_str("form.date_use"), UI_BTN_PRIMARY);
                }
                y += ui_button_height(c->a);
            }
            break;
        }
        case FORM_T_PLEDGE: {
            text_style st = {t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT, 0, 0};
            int pad = t->unit * 3 / 2;
            int th = text_measure_box(ui_app_text(c->a), form_field_text(f), w - 2 * pad, &st, NULL);
            int cap = t->h / 4, bh = th + 2 * pad > cap ? cap : th + 2 * pad;
            it->pad = (SDL_Rect){x, y, w, bh};
            it->pledge_max = th + 2 * pad - bh;
            if (it->pledge_scroll > it->pledge_max)
                it->pledge_scroll = it->pledge_max;
            if (!c->dry) {
                draw_round_box(ui_app_draw(c->a), &it->pad, t->radius, t->surface,
                               t->elderly ? t->ink : t->line, 2);
                SDL_Renderer *ren = ui_app_renderer(c->a);
                SDL_Rect clip = {x + 2, y + 2, w - 4, bh - 4};
                SDL_RenderSetClipRect(ren, &clip);
                SDL_Rect tb = {x + pad, y + pad - it->pledge_scroll, w - 2 * pad, 0};
                text_draw_box(ui_app_text(c->a), form_field_text(f), &tb, &st);
                SDL_RenderSetClipRect(ren, NULL);
                if (it->pledge_max > 0) { /* scroll bar */
                    int sw = t->unit / 3 > 4 ? t->unit / 3 : 4, sh = bh * bh / (th + 2 * pad);
                    SDL_Rect thumb = {x + w - sw - 4, y + (bh - sh) * it->pledge_scroll / it->pledge_max,
                                      sw, sh};
                    draw_round_rect(ui_app_draw(c->a), &thumb, sw / 2, t->ink_soft);
                }
            }
            y += bh + t->unit;
            int agreed = v && !strcmp(v, "yes");
            int ah = ui_button_height(c->a) * 5 / 4;
            if (!c->dry) {
                SDL_Rect ba = {x, y, w, ah};
                snprintf(id, sizeof id, "f.%s.agree", key);
                ui_button(c->a, &ba, id, core_str(agreed ? "form.agreed" : "form.agree"),
                          agreed ? UI_BTN_OK : UI_BTN_SECONDARY);
            }
            y += ah;
            break;
        }
        case FORM_T_SIGNATURE: {
            int ph = w * 2 / 5;
            if (ph > t->h / 4)
                ph = t->h / 4;
            it->pad = (SDL_Rect){x, y, w, ph};
            if (!c->dry) {
                draw_ctx *d = ui_app_draw(c->a);
                draw_round_box(d, &it->pad, t->radius, (SDL_Color){255, 255, 255, 255},
                               err ? t->danger : t->ink_soft, 3);
                SDL_Rect base = {x + t->unit * 2, y + ph * 3 / 4, w - t->unit * 4, 2};
                draw_rect(d, &base, t->line);
                if (form_sig_point_count(it->sig))
                    form_sig_draw(it->sig, d, &it->pad, t->elderly ? 7 : 5, (SDL_Color){0, 0, 0, 255});
                else
                    text_block(c, x + t->unit * 2, y + t->unit, w - t->unit * 4,
                               core_str(v ? "form.signed" : "form.sign_here"), t->px_body,
                               TEXT_REGULAR, v ? t->ok : t->ink_soft);
            }
            y += ph + t->unit / 2;
            if (!c->dry) {
                int bw = w / 3;
                SDL_Rect br = {x + w - bw, y, bw, ui_button_height(c->a)};
                snprintf(id, sizeof id, "f.%s.resign", key);
                if (v || form_sig_point_count(it->sig))
                    ui_button(c->a, &br, id, core_str("form.resign"), UI_BTN_SECONDARY);
            }
            y += ui_button_height(c->a);
            break;
        }
        case FORM_T_GROUP:
            y += group_block(c, it, x, y, w);
            break;
        default:
            break;
        }
    }
    if (err && !focused)
        y += t->unit / 2 + text_block(c, x, y + t->unit / 2, w, err, t->px_body, TEXT_BOLD, t->danger);
    const char *help = form_field_help(f);
    if (*help)
        y += t->unit / 2 + text_block(c, x, y + t->unit / 2, w, help, t->px_small, TEXT_REGULAR,
                                      t->ink_soft);
    return y - y0;
}

/* Lays out (dry) or draws every visible item; returns the content height. */
static int layout(form_body *b, ui_app *a, int dry)
{
    const ui_theme *t = ui_app_theme(a);
    ctx c = {b, a, t, dry};
    int pad = t->unit * 2, x = b->view.x + pad, w = b->view.w - 2 * pad;
    int y = b->view.y + pad - b->scroll;
    int y0 = y;
    if (b->msg[0]) {
        text_style st = {t->px_body, TEXT_BOLD, t->danger, TEXT_LEFT, 0, 0};
        int mh = text_measure_box(ui_app_text(a), b->msg, w - 2 * t->unit, &st, NULL) + 2 * t->unit;
        if (!dry) {
            SDL_Rect r = {x, y, w, mh};
            draw_round_box(ui_app_draw(a), &r, t->radius, t->surface, t->danger, 4);
            SDL_Rect tb = {x + t->unit, y + t->unit, w - 2 * t->unit, 0};
            text_draw_box(ui_app_text(a), b->msg, &tb, &st);
        }
        y += mh + pad;
    }
    for (int i = 0; i < b->n; i++) {
        fb_item *it = &b->items[i];
        it->shown = fb_visible(b, form_field_key(it->f));
        if (!it->shown)
            continue;
        it->y = y - y0;
        it->h = item_block(&c, i, x, y, w);
        y += it->h + pad * 3 / 2;
    }
    return y - y0 + pad;
}

static void clamp_scroll(form_body *b)
{
    int max = b->content_h - b->view.h;
    if (b->scroll > max)
        b->scroll = max;
    if (b->scroll < 0)
        b->scroll = 0;
}

void form_body_draw(form_body *b, ui_app *a, const SDL_Rect *area)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2;
    b->view = *area;
    b->kb_rect = (SDL_Rect){0, 0, 0, 0};
    if (b->kb) {
        int kh = kb_height(b->kb, a);
        b->kb_rect = (SDL_Rect){area->x, area->y + area->h - kh - pad, area->w, kh + pad};
        b->view.h -= b->kb_rect.h;
    }
    b->content_h = layout(b, a, 1);
    if (b->want_show >= 0 && b->want_show < b->n) {
        fb_item *it = &b->items[b->want_show];
        int top = pad + it->y; /* from the unscrolled top of the view */
        if (b->want_show == b->focus && it->box_off + t->target + pad > b->view.h)
            /* a short screen under the keyboard: the box where the typing
             * shows matters more than the label above it */
            b->scroll = top + it->box_off + t->target - b->view.h;
        else if (it->h >= b->view.h || top < b->scroll)
            b->scroll = top - pad;
        else if (top + it->h > b->scroll + b->view.h)
            b->scroll = top + it->h - b->view.h + pad;
        b->want_show = -1;
    }
    clamp_scroll(b);
    layout(b, a, 0);
    if (b->content_h > b->view.h) { /* page scroll bar */
        int bw = t->unit / 3 > 4 ? t->unit / 3 : 4;
        int bh = b->view.h * b->view.h / b->content_h;
        int max = b->content_h - b->view.h;
        SDL_Rect thumb = {b->view.x + b->view.w - bw - 2,
                          b->view.y + (b->view.h - bh) * b->scroll / (max ? max : 1), bw, bh};
        draw_round_rect(ui_app_draw(a), &thumb, bw / 2, t->elderly ? t->ink : t->ink_soft);
    }
    if (b->kb) {
        draw_rect(ui_app_draw(a), &b->kb_rect, t->bg);
        SDL_Rect line = {b->kb_rect.x, b->kb_rect.y, b->kb_rect.w, 2};
        draw_rect(ui_app_draw(a), &line, t->line);
        ui_app_target(a, &b->kb_rect, "fb.block");
        SDL_Rect kr = {area->x + pad, b->kb_rect.y + pad / 2, area->w - 2 * pad, b->kb_rect.h - pad};
        kb_draw(b->kb, a, &kr);
    }
}

void form_body_draw_overlay(form_body *b, ui_app *a) { ui_dialog_draw(b->dlg, a); }

/* ---- input ---- */

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
    /* "f.<key>.add" | "f.<key>.edit.<i>" | "f.<key>.del.<i>" */
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
                b->hooks.open_member(b->hooks.ud, a, key, idx);
            return 1;
        }
        if (!strncmp(op, "edit.", 5) && b->hooks.open_member) {
            b->hooks.open_member(b->hooks.ud, a, key, atoi(op + 5));
            return 1;
        }
        if (!strncmp(op, "del.", 4)) {
            snprintf(b->del_group, sizeof b->del_group, "%s", key);
            b->del_idx = atoi(op + 4);
            ui_dialog_open(b->dlg, core_str("form.del_title"), core_str("form.del_body"),
                           core_str("form.del_ok"), core_str("form.del_cancel"));
            ui_app_invalidate(a);
            return 1;
        }
    }
    return 0;
}

int form_body_activate(form_body *b, ui_app *a, const char *id)
{
    int result;
    if (ui_dialog_activate(b->dlg, a, id, &result)) {
        if (result == UI_DIALOG_OK &&
            form_inst_member_remove(b->inst, b->del_group, b->del_idx) == FORM_OK)
            b->changed = 1;
        ui_app_invalidate(a);
        return 1;
    }
    if (b->kb && kb_activate(b->kb, a, id)) {
        kb_commit(b);
        return 1;
    }
    if (!strcmp(id, "fb.block"))
        return 1;
    if (strncmp(id, "f.", 2) != 0)
        return 0;
    ui_app_invalidate(a);
    for (int i = 0; i < b->n; i++) {
        fb_item *it = &b->items[i];
        const char *key = form_field_key(it->f);
        size_t kl = strlen(key);
        if (strncmp(id + 2, key, kl) || (id[2 + kl] != '\0' && id[2 + kl] != '.'))
            continue;
        const char *rest = id + 2 + kl;
        if (!*rest && typed(it->f)) {
            focus(b, i);
            return 1;
        }
        if (it->list && ui_list_activate(it->list, a, id)) {
            form_body_unfocus(b);
            int row = ui_list_take_tapped(it->list);
            if (row >= 0 && form_field_type(it->f) == FORM_T_CHOICE)
                fb_set(b, key, form_field_option_value(it->f, (size_t)row));
            else if (row >= 0)
                multi_commit(b, it);
            return 1;
        }
        if (it->date && ui_datepick_activate(it->date, a, id)) {
            form_body_unfocus(b);
            date_commit(b, it);
            return 1;
        }
        if (!strcmp(rest, ".use") && it->date) {
            date_commit(b, it);
            return 1;
        }
        if (!strcmp(rest, ".agree")) {
            form_body_unfocus(b);
            const char *v = fb_get(b, key);
            fb_set(b, key, v && !strcmp(v, "yes") ? "" : "yes");
            return 1;
        }
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
    if (ui_dialog_is_open(b->dlg))
        return 0;
    if (ev->type == PLAT_EV_TEXT && b->kb) {
        if (!alnum_text(b, ev))
            kb_event(b->kb, a, ev);
        kb_commit(b);
        ui_app_invalidate(a);
        return 1;
    }
    if (ev->type == PLAT_EV_KEY && b->kb) {
        int used = kb_event(b->kb, a, ev);
        kb_commit(b);
        return used;
    }
    fb_item *it = b->cap_item >= 0 && b->cap_item < b->n ? &b->items[b->cap_item] : NULL;
    switch (ev->type) {
    case PLAT_EV_DOWN:
        b->cap = CAP_NONE;
        b->cap_item = -1;
        if (b->kb && inside(&b->kb_rect, ev->x, ev->y)) {
            if (kb_event(b->kb, a, ev)) {
                b->cap = CAP_KB;
                kb_commit(b);
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
            if (c->sig) {
                b->cap = CAP_SIGN;
                form_body_unfocus(b);
                form_sig_down(c->sig, ev->x - c->pad.x, ev->y - c->pad.y, c->pad.w, c->pad.h);
                ui_app_invalidate(a);
                return 1;
            }
            if (c->list && ui_list_scroll_max(c->list) > 0 && ui_list_event(c->list, a, ev)) {
                b->cap = CAP_LIST;
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
        case CAP_KB: {
            int used = kb_event(b->kb, a, ev);
            kb_commit(b);
            return used;
        }
        case CAP_SIGN:
            if (!it)
                return 0;
            form_sig_move(it->sig, ev->x - it->pad.x, ev->y - it->pad.y, it->pad.w, it->pad.h);
            if (up) {
                form_sig_up(it->sig);
                sign_commit(b, it);
            }
            ui_app_invalidate(a);
            return 1;
        case CAP_LIST:
            return it ? ui_list_event(it->list, a, ev) : 0;
        case CAP_DATE: {
            if (!it)
                return 0;
            ui_date before = ui_datepick_value(it->date);
            int used = ui_datepick_event(it->date, a, ev);
            if (ui_date_cmp(before, ui_datepick_value(it->date)) != 0)
                date_commit(b, it);
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
            b->scroll = b->down_scroll - dy;
            clamp_scroll(b);
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

uint64_t form_body_tick(form_body *b, ui_app *a, uint64_t now)
{
    uint64_t next = 0;
    for (int i = 0; i < b->n; i++)
        if (b->items[i].list)
            next = ui_tick_min(next, ui_list_tick(b->items[i].list, a, now));
    return next;
}

int form_body_take_changed(form_body *b)
{
    int c = b->changed;
    b->changed = 0;
    if (c) /* answers may have changed under the lists (computed, restored) */
        for (int i = 0; i < b->n; i++)
            if (b->items[i].list)
                sync_list(b, &b->items[i]);
    return c;
}

void form_body_set_message(form_body *b, const char *msg)
{
    snprintf(b->msg, sizeof b->msg, "%s", msg ? msg : "");
    if (msg)
        b->scroll = 0;
}

const char *form_body_message(const form_body *b) { return b->msg[0] ? b->msg : NULL; }

void form_body_show_errors(form_body *b)
{
    for (int i = 0; i < b->n; i++)
        if (fb_visible(b, form_field_key(b->items[i].f)) && fb_error(b, form_field_key(b->items[i].f))) {
            b->want_show = i;
            return;
        }
}

kb *form_body_kb(form_body *b) { return b->kb; }
int form_body_scroll(const form_body *b) { return b->scroll; }
SDL_Rect form_body_view(const form_body *b) { return b->view; }

int form_body_rect(const form_body *b, const char *key, SDL_Rect *out)
{
    for (int i = 0; i < b->n; i++)
        if (!strcmp(form_field_key(b->items[i].f), key) && b->items[i].shown &&
            b->items[i].pad.w > 0) {
            *out = b->items[i].pad;
            return 0;
        }
    return -1;
}
