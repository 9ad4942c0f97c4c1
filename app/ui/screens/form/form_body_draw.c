/* form_body_draw.c — laying out and drawing a form body: each visible
 * field's label, its widget (value box, list, date wheels, pledge box,
 * signature pad, member cards), its error and help; the red message (at the
 * top, or under the box being typed in), the page scroll bar, the keyboard
 * docked at the bottom (on a screen wider than tall, in a column beside the
 * page, or under it in wide rows where that column would leave the page
 * too narrow: kb_set_below). A dry run measures (for scrolling) without
 * drawing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strings.h"
#include "core/utf8.h"
#include "form/validate.h"
#include "ui/screens/form/form_body_internal.h"
#include "ui/screens/form/form_photo.h"

/* ---- layout and drawing ---- */

typedef struct {
    form_body *b;
    ui_app *a;
    const ui_theme *t;
    int dry;
} ctx;

/* Something she can tap, y..y+h on screen, laid out (not measured): kept
 * for fb_snap_foot. */
static void ctl_add(ctx *c, int y, int h)
{
    form_body *b = c->b;
    if (c->dry || h <= 0 || b->nctl >= FB_CTL_MAX)
        return;
    b->ctl[b->nctl].y = y - (b->view.y - b->scroll);
    b->ctl[b->nctl++].h = h;
}

/* A button of the page (ui_button), kept as something to tap. */
static void page_button(ctx *c, const SDL_Rect *r, const char *id, const char *label,
                        ui_btn_kind kind)
{
    ctl_add(c, r->y, r->h);
    ui_button(c->a, r, id, label, kind);
}

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

/* Mirrors the list widget's row measure, so a list gets exactly its height
 * (all its rows: a list never scrolls inside the page). */
static int list_height(ctx *c, fb_item *it, int w)
{
    const ui_theme *t = c->t;
    text_style s = {t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    int mark = t->px_label + t->unit * 2;
    int tw = w - 2 * t->unit - mark - t->unit; /* all of w: the list does not scroll */
    int h = 0;
    it->nrow_ends = 0;
    for (size_t i = 0; i < form_field_option_count(it->f); i++) {
        int rh = text_measure_box(ui_app_text(c->a), form_field_option_label(it->f, i), tw, &s,
                                  NULL) + 2 * t->unit;
        if (rh < t->target + t->unit / 2)
            rh = t->target + t->unit / 2;
        h += rh + t->unit / 2;
        if (it->nrow_ends < FB_ROW_ENDS)
            it->row_ends[it->nrow_ends++] = h - t->unit / 2; /* the row's box, not its gap */
    }
    return h;
}

/* A single choice longer than six rows opens on a screen of its own
 * (form_pick.h); on the page it is a box with the answer. */
static int picked(ctx *c, fb_item *it, int w)
{
    const ui_theme *t = c->t;
    return form_field_type(it->f) == FORM_T_CHOICE &&
           list_height(c, it, w) > (t->target + t->unit) * 6;
}

/* The message in red in a red-bordered box; returns its height. */
static int msg_box(ctx *c, int x, int y, int w)
{
    const ui_theme *t = c->t;
    text_style st = {t->px_body, TEXT_BOLD, t->danger, TEXT_LEFT, 0, 0};
    int mh = text_measure_box(ui_app_text(c->a), c->b->msg, w - 2 * t->unit, &st, NULL) +
             2 * t->unit;
    if (!c->dry) {
        SDL_Rect r = {x, y, w, mh};
        draw_round_box(ui_app_draw(c->a), &r, t->radius, t->surface, t->danger, 4);
        SDL_Rect tb = {x + t->unit, y + t->unit, w - 2 * t->unit, 0};
        text_draw_box(ui_app_text(c->a), c->b->msg, &tb, &st);
    }
    return mh;
}

/* Appends note, a remark in full-width brackets (（选填）), to out; where out
 * ends in one already, the two become one: 联系人（子女或亲属，选填）, not
 * 联系人（子女或亲属）（选填）. */
static void add_note(char *out, size_t n, const char *note)
{
    static const char open[] = "（", close[] = "）";
    size_t len = strlen(out), cl = sizeof close - 1, ol = sizeof open - 1;
    if (!*note)
        return;
    if (len >= cl && !strcmp(out + len - cl, close) && !strncmp(note, open, ol))
        snprintf(out + len - cl, n - (len - cl), "，%s", note + ol);
    else
        snprintf(out + len, n - len, "%s", note);
}

static void label_text(const form_field *f, char *out, size_t n)
{
    const char *unit = form_field_unit(f);
    int opt = !form_field_required(f) && form_field_compute(f) == FORM_COMPUTE_NONE &&
              form_field_type(f) != FORM_T_GROUP;
    snprintf(out, n, "%s", form_field_label(f));
    if (*unit && form_field_compute(f) == FORM_COMPUTE_NONE) {
        char u[128];
        snprintf(u, sizeof u, core_str("form.unit_tag"), unit);
        add_note(out, n, u);
    }
    if (form_field_compute(f) != FORM_COMPUTE_NONE) /* nothing to type: say so */
        add_note(out, n, core_str("form.computed_tag"));
    else if (opt)
        add_note(out, n, core_str("form.optional"));
}

/* A value in a box that grows with it (nothing cut); the box is target id. */
static int value_box(ctx *c, int x, int y, int w, const char *id, const char *value, int error,
                     int readonly)
{
    const ui_theme *t = c->t;
    int pad = t->unit;
    text_style st = {t->px_title, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    int th = text_measure_box(ui_app_text(c->a), value, w - 2 * pad, &st, NULL);
    int h = th + 2 * pad;
    if (h < t->target)
        h = t->target;
    if (readonly) /* no box to tap: the value on the page, a bar at its left */
        h = th + pad;
    if (c->dry)
        return h;
    SDL_Rect box = {x, y, w, h};
    SDL_Color border = error ? t->danger : (t->elderly ? t->ink : t->line);
    if (readonly) {
        SDL_Rect bar = {x, y, t->unit / 3 > 4 ? t->unit / 3 : 4, h};
        draw_rect(ui_app_draw(c->a), &bar, t->ink_soft);
    } else {
        draw_round_box(ui_app_draw(c->a), &box, t->radius,
                       ui_app_pressed(c->a, id) ? t->line : t->surface, border, 3);
    }
    SDL_Rect tb = {x + pad, y + (h - th) / 2, w - 2 * pad, 0};
    text_draw_box(ui_app_text(c->a), value, &tb, &st);
    if (id) {
        ui_app_target(c->a, &box, id);
        ctl_add(c, box.y, box.h);
    }
    return h;
}

/* Height of typed text wrapped at w: a final line break starts a line of its
 * own (where the caret goes) that the layout does not count. */
static int typed_height(text_ctx *tx, const char *v, int w, const text_style *st)
{
    int h = text_measure_box(tx, *v ? v : " ", w, st, NULL);
    size_t n = strlen(v);
    return n && v[n - 1] == '\n' ? h + text_line_step(tx, st) : h;
}

/* Where the last line of a typed text v laid out w wide ends: *x across
 * from the line's start, *y down from the text's top (the start of the line
 * a final line break opened; the first line's start for no text). */
static void last_line_end(text_ctx *tx, const char *v, int w, const text_style *st, int *x,
                          int *y)
{
    size_t starts[8];
    int lines = *v ? text_line_starts(tx, v, w, st, starts, 8) : 0;
    int step = text_line_step(tx, st);
    *x = *y = 0;
    if (*v && v[strlen(v) - 1] == '\n')
        *y = lines * step;
    else if (lines > 0 && lines <= 8) {
        *x = text_width(tx, v + starts[lines - 1], st->px, st->weight);
        *y = (lines - 1) * step;
    }
}

/* 1 where a typed text v laid out w wide fits room pixels of lines, and
 * its last line leaves tail pixels after it (tail 0: any). */
static int typed_fits(text_ctx *tx, const char *v, int w, const text_style *st, int room, int tail)
{
    if (typed_height(tx, v, w, st) > room)
        return 0;
    int x = 0, y;
    if (tail > 0)
        last_line_end(tx, v, w, st, &x, &y);
    return tail <= 0 || x + tail <= w;
}

/* The end of a typed text v that fits room pixels of lines w wide with
 * tail pixels after its last line (typed_fits): all of it where it fits;
 * else from the earliest character whose rest fits, found by halving, a
 * few measures a frame. *th gets its height. */
static const char *typed_end(text_ctx *tx, const char *v, int w, const text_style *st, int room,
                             int tail, int *th)
{
    *th = typed_height(tx, v, w, st);
    if (typed_fits(tx, v, w, st, room, tail))
        return v;
    size_t n = utf8_count(v);
    size_t *off = malloc((n + 1) * sizeof *off);
    if (!off) /* no memory for the halving: the whole text, the box taller */
        return v;
    const char *p = v;
    for (size_t i = 0; i <= n; i++) { /* where each character starts */
        off[i] = (size_t)(p - v);
        if (*p)
            utf8_next(&p);
    }
    size_t lo = 0, hi = n; /* the first character kept: the earliest that fits */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (!typed_fits(tx, v + off[mid], w, st, room, tail))
            lo = mid + 1;
        else
            hi = mid;
    }
    v += off[hi];
    free(off);
    *th = typed_height(tx, v, w, st);
    return v;
}

static uint32_t line_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The one-line field's text as ui_field lays it out in a box at x, w wide
 * (the value whole, then the letters being composed, then the caret): where
 * the value ends and where the caret ends; 0 when the value does not fit
 * whole (ui_field then shows its end). */
static int line_extent(ctx *c, int x, int w, const char *v, const char *comp, int *vx, int *end)
{
    const ui_theme *t = c->t;
    text_ctx *tx = ui_app_text(c->a);
    int pad = t->unit, px = t->px_title, caret_w = t->elderly ? 6 : 4;
    int cw = *comp ? text_width(tx, comp, px, TEXT_REGULAR) : 0;
    int room = w - 2 * pad - 4 - caret_w - (*comp ? cw + t->unit / 3 : 0);
    int vw = text_width(tx, v, px, TEXT_BOLD);
    if (vw > room)
        return 0;
    *vx = x + pad + vw;
    *end = *vx + (*comp ? t->unit / 3 + cw : 0) + 4 + caret_w;
    return 1;
}

/* The field being typed into. One line (its end shown, a caret) while the
 * text fits; a multiline field, or a text longer than the line, wraps in a
 * box that grows with it, so every character typed stays in view, with the
 * caret after the last (the composition follows in the keyboard's colour).
 * Drawn, it sets focus_box and focus_h (typing redraws the box alone while
 * its height stays, fb_focus_same). Returns the height. */
static int focused_box(ctx *c, int x, int y, int w, const char *id, const char *v, int multiline)
{
    form_body *b = c->b;
    const ui_theme *t = c->t;
    text_ctx *tx = ui_app_text(c->a);
    const char *comp = kb_composing(b->kb);
    int pad = t->unit, px = t->px_title, tw = w - 2 * pad;
    /* the one-line field's own room (ui_field): the caret, and the letters
     * being composed with their gap */
    int line_room = tw - 4 - (t->elderly ? 6 : 4) -
                    (*comp ? text_width(tx, comp, px, TEXT_REGULAR) + t->unit / 3 : 0);
    if (!multiline && !strchr(v, '\n') && text_width(tx, v, px, TEXT_BOLD) <= line_room) {
        if (!c->dry) {
            int lh = text_line_height(tx, t->px_label) + t->unit / 2;
            ui_field(c->a, x, y - lh, w, id, "", v, comp, 1, NULL);
            /* what a keystroke changes: the inside of the box alone */
            b->focus_box = ui_field_typing_rect(c->a, x, y - lh, w);
            b->focus_h = t->target;
            b->focus_w = w;
            b->line_drawn = line_extent(c, x, w, v, comp, &b->line_vx, &b->line_end);
            b->line_x = x;
            b->line_text = line_hash(v);
            b->line_comp = line_hash(comp);
            utf8_copy(b->line_letters, sizeof b->line_letters, comp);
        }
        return t->target;
    }
    text_style st = {px, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    text_style sc = {px, TEXT_REGULAR, t->primary, TEXT_LEFT, 0, 0};
    int step = text_line_step(tx, &st), lh = text_line_height(tx, px);
    int caret_w = t->elderly ? 6 : 4, gap = t->unit / 3;
    /* at most four lines (two in large text, above its taller keyboard): a
     * longer text shows its end, where typing happens. The letters being
     * composed follow the text on its last line, as in a one-line box,
     * where that line has room for them and the caret; else they take
     * lines of their own under it (the box grows by them) */
    int lines_room = (t->elderly ? 1 : 3) * step + lh;
    if (b->box_cap > 0) { /* the lines the view above the keys shows whole */
        int most = lh + (b->box_cap - 2 * pad - lh) / step * step;
        if (most < lh)
            most = lh;
        if (lines_room > most)
            lines_room = most;
    }
    int cw = *comp ? text_width(tx, comp, px, TEXT_REGULAR) : 0, tail = gap + cw + 4 + caret_w;
    int th, ch = 0, room = lines_room;
    const char *full = v;
    v = typed_end(tx, full, tw, &st, room, 0, &th);
    int lx, ly; /* where the text's last line ends: the caret's place */
    last_line_end(tx, v, tw, &st, &lx, &ly);
    int inline_comp = *comp && lx + tail <= tw;
    if (*comp && !inline_comp) {
        ch = text_measure_box(tx, comp, tw, &sc, NULL);
        if (b->box_cap > 0 && tail <= tw && lh + ch > lines_room) {
            /* a box no taller than the view, and no room in it for a line
             * of them under a line of text: the text's start left out, as
             * in a one-line box, so that they follow it on its last line */
            ch = 0;
            v = typed_end(tx, full, tw, &st, room, tail, &th);
            inline_comp = 1;
        } else {
            room = lines_room - ch;
            if (room < lh) /* a long composition: the text's last line stays, the box grows */
                room = lh;
            v = typed_end(tx, full, tw, &st, room, 0, &th);
        }
        last_line_end(tx, v, tw, &st, &lx, &ly);
    }
    /* a text longer than the box keeps the box at its tallest, with letters
     * being composed or not: typing there redraws the box alone */
    int h = (v != full ? room : th) + ch + 2 * pad;
    if (h < t->target)
        h = t->target;
    if (c->dry)
        return h;
    SDL_Rect box = {x, y, w, h};
    draw_round_box(ui_app_draw(c->a), &box, t->radius, t->surface, t->primary, 6);
    /* inside the 6-px border: a caret after a full line reaches past the
     * text's width, up to 10 px short of the box's edge (the unit, the pad,
     * is 17 px at least) */
    b->focus_box = (SDL_Rect){x + 6, y + 6, w - 12, h - 12};
    b->focus_h = h;
    b->focus_w = w;
    SDL_Rect tb = {x + pad, y + pad, tw, 0};
    text_draw_box(tx, v, &tb, &st);
    /* the caret: after the last character, or at the start of the line a
     * final line break opened; after the letters where they follow it */
    int cx = x + pad + lx, cy = y + pad + ly;
    if (inline_comp) {
        text_draw(tx, comp, cx + gap, cy, &sc);
        SDL_Rect ul = {cx + gap, cy + lh - 4, cw, 3};
        draw_rect(ui_app_draw(c->a), &ul, t->primary);
        cx += gap + cw;
    } else if (*comp) {
        SDL_Rect cb = {x + pad, y + pad + th, tw, 0};
        text_draw_box(tx, comp, &cb, &sc);
    }
    SDL_Rect caret = {cx + 4, cy, caret_w, lh};
    draw_rect(ui_app_draw(c->a), &caret, t->primary);
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
        const char *sep = core_str("form.summary_sep");
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
                size_t o = strlen(sum);
                if (shown++)
                    snprintf(sum + o, sizeof sum - o, " %s %s", sep, d);
                else
                    snprintf(sum + o, sizeof sum - o, "%s", d);
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
            page_button(c, &be, id, core_str("form.member_edit"), UI_BTN_SECONDARY);
            snprintf(id, sizeof id, "f.%s.del.%d", key, m);
            page_button(c, &bd, id, core_str("form.member_del"), UI_BTN_DANGER);
        }
        y += bh + pad + t->unit;
    }
    /* the group's words 下一步 points at (too few, her own person missing)
     * stand right over the buttons that put them right, where the page
     * scrolls to show them (form_body_draw): on a short view the label is
     * above, out of sight, and the words name the group themselves */
    const char *err = it - b->items == b->err_item ? fb_error(b, key) : NULL;
    if (err)
        y += text_block(c, x, y, w, err, t->px_body, TEXT_BOLD, t->danger) + t->unit / 2;
    snprintf(buf, sizeof buf, core_str("form.member_add"), form_field_item_label(it->f));
    if (!c->dry) {
        SDL_Rect ba = {x, y, w, bh};
        snprintf(id, sizeof id, "f.%s.add", key);
        if (n < form_field_group_max(it->f))
            page_button(c, &ba, id, buf, UI_BTN_PRIMARY);
        else {
            ui_button_disabled(c->a, &ba, buf);
            ctl_add(c, ba.y, ba.h);
        }
    }
    y += bh;
    /* her own household without her: she is added, her name and ID number
     * from the form's first page, in one tap (添加张秀英本人) */
    char name[128];
    if (n < form_field_group_max(it->f) &&
        form_inst_member_self_missing(b->inst, key, name, sizeof name)) {
        y += t->unit;
        if (*name)
            snprintf(buf, sizeof buf, core_str("form.member_add_self"), name);
        else
            snprintf(buf, sizeof buf, "%s", core_str("form.member_add_self_anon"));
        if (!c->dry) {
            SDL_Rect bs = {x, y, w, bh};
            snprintf(id, sizeof id, "f.%s.self", key);
            page_button(c, &bs, id, buf, UI_BTN_SECONDARY);
        }
        y += bh;
    }
    return y - y0;
}

/* A question's help (18位，可在身份证阅读器上刷证自动填入): small under its box;
 * in large text at the body's size (it says what to type and where the
 * answer comes from, and stayed far smaller than the labels), but for the
 * question being typed, whose room over the keyboard is the pad's. */
static int help_px(const ui_theme *t, int typing)
{
    return t->elderly && !typing ? t->px_body : t->px_small;
}

/* What the focused box shows: the keyboard's text, grouped. */
static const char *typed_value(form_body *b, const form_field *f, char *disp, size_t n)
{
    return form_field_grouped(f, kb_text(b->kb), disp, n);
}

int fb_focus_same(form_body *b, ui_app *a)
{
    if (!b->kb || b->focus < 0 || b->focus >= b->n || b->focus_w <= 0)
        return 0;
    ctx c = {b, a, ui_app_theme(a), 1};
    char disp[512];
    const form_field *f = b->items[b->focus].f;
    int h = focused_box(&c, 0, 0, b->focus_w, "", typed_value(b, f, disp, sizeof disp),
                        form_field_multiline(f));
    return h == b->focus_h;
}

SDL_Rect fb_typing_box(form_body *b, ui_app *a)
{
    if (!b->line_drawn || !b->kb || b->focus < 0 || b->focus >= b->n)
        return b->focus_box;
    ctx c = {b, a, ui_app_theme(a), 1};
    char disp[512];
    const form_field *f = b->items[b->focus].f;
    const char *v = typed_value(b, f, disp, sizeof disp), *comp = kb_composing(b->kb);
    int vx, end;
    int kept = !form_field_multiline(f) && !strchr(v, '\n') && line_hash(v) == b->line_text &&
               line_extent(&c, b->line_x, b->focus_w, v, comp, &vx, &end) && vx == b->line_vx;
    int same = kept && end == b->line_end && line_hash(comp) == b->line_comp;
    memset(disp, 0, sizeof disp);
    if (!kept || same)
        return b->focus_box;
    /* a glyph's overhang either side */
    int m = c.t->px_title / 2, x1 = (end > b->line_end ? end : b->line_end) + m;
    SDL_Rect r = {vx - m, b->focus_box.y, x1 - (vx - m), b->focus_box.h}, in;
    /* letters kept at the start of those composed (a letter more, or one
     * less): from the first that changed, as a glyph's pen is where the
     * widths before it end (its underline and the caret follow it) */
    size_t kept_n = 0;
    for (const char *p = comp, *q = b->line_letters; *p && *p == *q;) {
        const char *p0 = p, *q0 = q;
        uint32_t cp = utf8_next(&p), cq = utf8_next(&q);
        if (cp != cq || p - p0 != q - q0)
            break;
        kept_n = (size_t)(p - comp);
    }
    if (kept_n > 0) {
        char kept_s[KB_COMP_BYTES];
        memcpy(kept_s, comp, kept_n);
        kept_s[kept_n] = '\0';
        int x0 = vx + c.t->unit / 3 +
                 text_width(ui_app_text(a), kept_s, c.t->px_title, TEXT_REGULAR) - m;
        if (x0 > r.x) {
            r.w -= x0 - r.x;
            r.x = x0;
        }
        memset(kept_s, 0, sizeof kept_s);
    }
    if (!SDL_IntersectRect(&r, &b->focus_box, &in))
        return b->focus_box;
    return in;
}

/* A short note on a label's line, the label at x,y in w: a unit after the
 * label in bold body text, their feet level, where the line has room for
 * both (the label one line). Draws it (unless dry) and returns 1; else 0. */
static int after_label(ctx *c, int x, int y, int w, const char *label, const char *note,
                       SDL_Color col)
{
    const ui_theme *t = c->t;
    text_ctx *tx = ui_app_text(c->a);
    int lw = text_width(tx, label, t->px_label, TEXT_BOLD);
    if (strchr(label, '\n') || lw + t->unit + text_width(tx, note, t->px_body, TEXT_BOLD) > w)
        return 0;
    if (!c->dry) {
        text_style st = {t->px_body, TEXT_BOLD, col, TEXT_LEFT, 0, 0};
        int drop = text_line_height(tx, t->px_label) - text_line_height(tx, t->px_body);
        text_draw(tx, note, x + lw + t->unit, y + drop, &st);
    }
    return 1;
}

/* The card reader's note (已从身份证读入) for a field it filled, under the
 * label at x,y that is label_h high: on the label's own line (after_label)
 * where it fits (a line less between the label and the box: on a screen
 * wider than tall, the room the keys under the page need); else on a line
 * of its own under the label. Returns the height of both. */
static int card_note(ctx *c, int x, int y, int w, const char *label, int label_h)
{
    const ui_theme *t = c->t;
    const char *note = core_str("form.from_card");
    if (after_label(c, x, y, w, label, note, t->ok))
        return label_h;
    return label_h + t->unit / 2 +
           text_block(c, x, y + label_h + t->unit / 2, w, note, t->px_body, TEXT_BOLD, t->ok);
}

/* 已从身份证读入 where the card filled field f (and it was not typed over
 * since), else NULL. */
static const char *card_mark(const form_body *b, const form_field *f)
{
    return fb_from_card(b, form_field_key(f)) ? core_str("form.from_card") : NULL;
}

/* The error item i shows while she types in it (the one 下一步 pointed at,
 * as long as it holds), or NULL. */
static const char *typing_error(const ctx *c, int i)
{
    const form_body *b = c->b;
    if (!b->kb || i != b->focus || i != b->err_item)
        return NULL;
    return fb_error(b, form_field_key(b->items[i].f));
}

/* Item i's label above its box, and the card reader's note where it
 * filled the field (card_note), at x,y in w; returns their height. While
 * she types in it, its error goes on the label's line where the card's
 * note is not and it fits (after_label; *err_up set): the label, the error
 * and the box then take a line less over the keys, and the box stays where
 * it is when the error goes (her first letter in an empty box). */
static int label_block(ctx *c, int i, int x, int y, int w, int *err_up)
{
    form_body *b = c->b;
    const form_field *f = b->items[i].f;
    char label[256];
    label_text(f, label, sizeof label);
    int h = text_block(c, x, y, w, label, c->t->px_label, TEXT_BOLD, c->t->ink);
    int ink, ink_end; /* the label's letters (the notes on its line stand on its foot: lower) */
    if (h <= 0 || text_ink_rows(ui_app_text(c->a), label, c->t->px_label, TEXT_BOLD, &ink, &ink_end))
        ink = 0;
    b->items[i].label_ink = ink > 0 ? ink : 0;
    const char *err = typing_error(c, i);
    if (err_up)
        *err_up = 0;
    if (fb_from_card(b, form_field_key(f)))
        h = card_note(c, x, y, w, label, h);
    else if (err && err_up)
        *err_up = after_label(c, x, y, w, label, err, c->t->danger);
    return h;
}

/* The width of the column left of the focused box that holds its label,
 * the card's note and the error (label_beside) in a column w wide: as wide
 * as the widest of them, a third of w at most, half with an error (姓名字数
 * 不对，请照证件填写 on one line: the view over the keys has room for
 * the label and a line of it); they wrap in it. 0 where the label goes
 * above the box. */
static int side_col(ctx *c, int i, int w)
{
    form_body *b = c->b;
    const form_field *f = b->items[i].f;
    if (!b->label_beside || i != b->focus || !b->kb || !fb_typed(f) ||
        form_field_compute(f) != FORM_COMPUTE_NONE)
        return 0;
    const ui_theme *t = c->t;
    text_ctx *tx = ui_app_text(c->a);
    char label[256];
    label_text(f, label, sizeof label);
    int cw = text_width(tx, label, t->px_label, TEXT_BOLD);
    const char *notes[2] = {card_mark(b, f), typing_error(c, i)};
    for (int k = 0; k < 2; k++)
        if (notes[k] && text_width(tx, notes[k], t->px_body, TEXT_BOLD) > cw)
            cw = text_width(tx, notes[k], t->px_body, TEXT_BOLD);
    int most = notes[1] ? w / 2 : w / 3;
    return cw < most ? cw : most;
}

/* The column left of the focused box, col wide (side_col), at x,y, drawn
 * or (dry) measured: the label, the card's note under it, and under them
 * (with err) the error; the label's first line level with the box's text,
 * or higher, as far as the box's top, where that keeps the column no
 * taller than a one-line box (the error is not in the keys' room: it
 * stays over them). An error that would take the column past the view
 * over the keys goes in it alone, without the label (the error names the
 * question: 姓名只能填汉字…). Returns its height. */
static int side_block(ctx *c, int i, int x, int y, int col, int with_err)
{
    form_body *b = c->b;
    const ui_theme *t = c->t;
    const form_field *f = b->items[i].f;
    char label[256];
    label_text(f, label, sizeof label);
    const char *texts[3] = {label, card_mark(b, f), with_err ? typing_error(c, i) : NULL};
    const SDL_Color ink[3] = {t->ink, t->ok, t->danger};
    const int px[3] = {t->px_label, t->px_body, t->px_body}, half = t->unit / 2;
    ctx m = *c;
    m.dry = 1;
    int all = 0, hs[3] = {0}; /* the column's texts, measured, half a unit between them */
    for (int k = 0; k < 3; k++)
        if (texts[k])
            all += (k ? half : 0) +
                   (hs[k] = text_block(&m, x, 0, col, texts[k], px[k], TEXT_BOLD, ink[k]));
    int room = b->box_cap > 0 ? b->box_cap : b->view.h - t->unit; /* the view over the keys */
    if (texts[2] && all > room) {
        all -= hs[0] + half;
        texts[0] = NULL;
    }
    int h = (t->target - text_line_height(ui_app_text(c->a), t->px_label)) / 2;
    if (h > t->target - all)
        h = t->target - all > 0 ? t->target - all : 0;
    if (c->dry)
        return h + all;
    for (int k = 0, first = 1; k < 3; k++)
        if (texts[k]) {
            h += first ? 0 : half;
            h += text_block(c, x, y + h, col, texts[k], px[k], TEXT_BOLD, ink[k]);
            first = 0;
        }
    return h;
}

/* What the household pays (the field's "household_fee"), counted from the
 * answers given, under the question's help: in ink, not the help's soft
 * grey, for it is the figure she came to learn. Returns the height, 0 none. */
static int fee_block(ctx *c, const form_field *f, int x, int y, int w)
{
    char line[1024];
    if (!form_inst_fee(c->b->inst, form_field_key(f), line, sizeof line))
        return 0;
    int gap = c->t->unit;
    return gap + text_block(c, x, y + gap, w, line, c->t->px_body, TEXT_BOLD, c->t->ink);
}

/* The focused question with its label beside its box (label_beside): the
 * label, the card's note and the error under it in a column left of the
 * box (side_block; the error over the box took the height the box needs
 * over the keys); the message under the box; the help under the taller of
 * them. Returns the height, as item_block. */
static int focused_beside(ctx *c, int i, int x, int y, int w)
{
    form_body *b = c->b;
    const ui_theme *t = c->t;
    fb_item *it = &b->items[i];
    const char *key = form_field_key(it->f);
    char id[64], disp[512];
    int y0 = y, col = side_col(c, i, w), bx = x + col + t->unit, bw = w - col - t->unit;
    it->err_h = 0;
    it->box_off = 0;
    it->side_h = side_block(c, i, x, y, col, 1);
    snprintf(id, sizeof id, "f.%s", key);
    it->box_h = focused_box(c, bx, y, bw, id, typed_value(b, it->f, disp, sizeof disp),
                            form_field_multiline(it->f));
    memset(disp, 0, sizeof disp);
    int end = y + it->box_h;
    if (fb_msg_at_focus(b)) { /* right under what she types, above the keyboard */
        end += t->unit / 2;
        end += msg_box(c, bx, end, bw);
        it->msg_end = end - y0;
    }
    if (y + it->side_h > end)
        end = y + it->side_h;
    const char *help = form_field_help(it->f);
    it->help_at = it->foot = end - y0;
    if (*help)
        end += t->unit / 2 + text_block(c, x, end + t->unit / 2, w, help, help_px(t, 1),
                                        TEXT_REGULAR, t->ink_soft);
    end += fee_block(c, it->f, x, end, w);
    return end - y0;
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
    char id[64], disp[512];
    int y0 = y, foot = -1; /* where what is answered ends, when not at help_at */
    it->label_ink = 0;
    if (focused && side_col(c, i, w) > 0)
        return focused_beside(c, i, x, y, w);
    int up; /* the error on the label's line */
    y += label_block(c, i, x, y, w, &up) + t->unit / 2;
    /* the error right under the question: the one 下一步 pointed at, or a
     * wrong answer she typed, once she has left the field */
    int show_err = err && !up && form_field_type(f) != FORM_T_GROUP /* over its buttons */ &&
                   (i == b->err_item || (!focused && v && *v));
    it->err_h = 0;
    if (show_err) {
        it->err_h = text_block(c, x, y, w, err, t->px_body, TEXT_BOLD, t->danger) + t->unit / 2;
        if (it->sig)
            it->sig_gap = it->err_h;
    } else if (it->sig && it->sig_gap > 0 && form_sig_point_count(it->sig)) {
        /* signed after the red words: their place is kept until the page is
         * left or the pad cleared, the green words in it where they fit */
        text_style st = {t->px_body, TEXT_BOLD, t->ok, TEXT_LEFT, 0, 0};
        const char *ok = core_str("form.signed");
        if (v && *v && text_measure_box(ui_app_text(c->a), ok, w, &st, NULL) + t->unit / 2 <=
                           it->sig_gap)
            text_block(c, x, y, w, ok, t->px_body, TEXT_BOLD, t->ok);
        it->err_h = it->sig_gap;
    } else if (it->sig) {
        it->sig_gap = 0;
    }
    y += it->err_h;
    it->box_off = y - y0;
    snprintf(id, sizeof id, "f.%s", key);
    if (form_field_compute(f) != FORM_COMPUTE_NONE) {
        fb_display(b, key, disp, sizeof disp);
        form_compute k = form_field_compute(f); /* from the 残疾人证号, the ID number, or
                                                 * the agent's sign-in */
        const char *wait = core_str(k == FORM_COMPUTE_CATEGORY || k == FORM_COMPUTE_GRADE
                                        ? "form.computed_wait_cert"
                                    : k == FORM_COMPUTE_AGENT ? "form.computed_wait_agent"
                                                              : "form.computed_wait");
        y += value_box(c, x, y, w, NULL, *disp ? disp : wait, 0, 1);
    } else if (fb_typed(f)) {
        if (focused) {
            it->box_h = focused_box(c, x, y, w, id, typed_value(b, f, disp, sizeof disp),
                                    form_field_multiline(f));
            y += it->box_h;
            if (fb_msg_at_focus(b)) { /* right under what she types, above the keyboard */
                y += t->unit / 2;
                y += msg_box(c, x, y, w);
                it->msg_end = y - y0;
            }
        } else {
            /* numbers read in groups, typed without */
            const char *shown = form_field_grouped(f, v ? v : "", disp, sizeof disp);
            y += value_box(c, x, y, w, id, shown, show_err, 0);
            /* letters or handwriting she closed the keyboard on: waiting
             * for her, said under the box she taps to take them up */
            char note[KB_COMP_BYTES + 128];
            fb_held_note(b, i, note, sizeof note);
            if (*note)
                y += t->unit / 2 + text_block(c, x, y + t->unit / 2, w, note, t->px_body,
                                              TEXT_BOLD, t->primary);
            memset(note, 0, sizeof note);
        }
    } else {
        switch (form_field_type(f)) {
        case FORM_T_CHOICE:
        case FORM_T_MULTI: {
            if (picked(c, it, w)) {
                it->pad = (SDL_Rect){0, 0, 0, 0};
                fb_display(b, key, disp, sizeof disp);
                snprintf(id, sizeof id, "f.%s.pick", key);
                char shown[600];
                snprintf(shown, sizeof shown, core_str(*disp ? "form.pick_change" : "form.pick"), disp);
                y += value_box(c, x, y, w, id, shown, show_err, 0);
                break;
            }
            int lh = list_height(c, it, w);
            it->pad = (SDL_Rect){x, y, w, lh};
            if (!c->dry)
                ui_list_draw(it->list, c->a, &it->pad);
            for (int k = 0; k < it->nrow_ends; k++) { /* each row */
                int r0 = k > 0 ? it->row_ends[k - 1] + t->unit / 2 : 0;
                ctl_add(c, y + r0, it->row_ends[k] - r0);
            }
            y += lh;
            break;
        }
        case FORM_T_DATE: {
            int dh = ui_datepick_height(c->a);
            it->pad = (SDL_Rect){x, y, w, dh};
            ctl_add(c, y, dh);
            if (!c->dry) {
                ui_datepick_set_open(it->date, !v); /* the step that answers it marks the page */
                ui_datepick_draw(it->date, c->a, &it->pad);
            }
            y += dh + t->unit / 2;
            if (!v)
                it->date_use = 1;
            if (it->date_use) {
                /* shown once, kept while the page is open: a step of the
                 * wheels answers it, and the button (and the next question
                 * into its place) moved up under her finger; it then says
                 * the day is taken */
                y += text_block(c, x, y, w, core_str("form.date_pick"), t->px_body, TEXT_REGULAR,
                                t->ink_soft) + t->unit / 2;
                if (!c->dry) {
                    SDL_Rect bu = {x, y, w, ui_button_height(c->a)};
                    snprintf(id, sizeof id, "f.%s.use", key);
                    page_button(c, &bu, id, core_str(v ? "form.date_used" : "form.date_use"),
                              v ? UI_BTN_OK : UI_BTN_PRIMARY);
                }
                y += ui_button_height(c->a);
            }
            break;
        }
        case FORM_T_PLEDGE: {
            text_style st = {t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT, 0, 0};
            int pad = t->unit * 3 / 2;
            int th = text_measure_box(ui_app_text(c->a), form_field_text(f), w - 2 * pad, &st, NULL);
            int bh = th + 2 * pad; /* all of it: the page scrolls, not the box */
            it->pad = (SDL_Rect){x, y, w, bh};
            ctl_add(c, y, bh);
            it->pledge_max = th + 2 * pad - bh;
            if (it->pledge_scroll > it->pledge_max)
                it->pledge_scroll = it->pledge_max;
            if (!c->dry) {
                draw_round_box(ui_app_draw(c->a), &it->pad, t->radius, t->surface,
                               t->elderly ? t->ink : t->line, 2);
                SDL_Rect clip = {x + 2, y + 2, w - 4, bh - 4};
                draw_clip saved;
                draw_clip_push(ui_app_draw(c->a), &clip, &saved);
                SDL_Rect tb = {x + pad, y + pad - it->pledge_scroll, w - 2 * pad, 0};
                text_draw_box(ui_app_text(c->a), form_field_text(f), &tb, &st);
                draw_clip_pop(ui_app_draw(c->a), &saved);
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
                page_button(c, &ba, id, core_str(agreed ? "form.agreed" : "form.agree"),
                          agreed ? UI_BTN_OK : UI_BTN_SECONDARY);
                int pressed = ui_app_pressed(c->a, id), size = t->px_title;
                /* the tick box: the button's ink on its fill */
                SDL_Color ink = agreed || pressed ? t->primary_ink : t->primary;
                SDL_Color fill = agreed ? (pressed ? t->ink : t->ok) : pressed ? t->primary : t->surface;
                ui_icon_check(c->a, ba.x + t->unit * 2 + size / 2, ba.y + ah / 2, size, ink, fill, agreed);
            }
            y += ah;
            break;
        }
        case FORM_T_SIGNATURE: {
            int ph = w * 2 / 5;
            if (ph > t->h / 4)
                ph = t->h / 4;
            it->pad = (SDL_Rect){x, y, w, ph};
            ctl_add(c, y, ph);
            if (!c->dry) {
                draw_ctx *d = ui_app_draw(c->a);
                draw_round_box(d, &it->pad, t->radius, (SDL_Color){255, 255, 255, 255},
                               show_err ? t->danger : t->ink_soft, 3);
                SDL_Rect base = {x + t->unit * 2, y + ph * 3 / 4, w - t->unit * 4, 2};
                draw_rect(d, &base, t->line);
                if (form_sig_point_count(it->sig)) {
                    if (!v && show_err) /* 下一步 on ink that is no signature: a dot, a swipe */
                        text_block(c, x + t->unit * 2, y + t->unit, w - t->unit * 4,
                                   core_str("form.sign_more"), t->px_body, TEXT_BOLD, t->danger);
                    form_sig_draw(it->sig, d, &it->pad, t->elderly ? 7 : 5, (SDL_Color){0, 0, 0, 255});
                } else {
                    text_block(c, x + t->unit * 2, y + t->unit, w - t->unit * 4,
                               core_str(v ? "form.signed" : "form.sign_here"), t->px_body,
                               TEXT_REGULAR, v ? t->ok : t->ink_soft);
                }
            }
            if (!v)
                foot = y + ph - y0;
            y += ph + t->unit / 2;
            if (!c->dry) {
                int bw = w / 3;
                SDL_Rect br = {x + w - bw, y, bw, ui_button_height(c->a)};
                snprintf(id, sizeof id, "f.%s.resign", key);
                if (v || form_sig_point_count(it->sig))
                    page_button(c, &br, id, core_str("form.resign"), UI_BTN_SECONDARY);
            }
            y += ui_button_height(c->a);
            break;
        }
        case FORM_T_GROUP:
            y += group_block(c, it, x, y, w);
            break;
        case FORM_T_PHOTO:
            y += form_photo_view_draw(it->photo, c->a, f, v, x, y, w, c->dry, show_err);
            break;
        default:
            break;
        }
    }
    const char *help = form_field_help(f);
    it->help_at = y - y0;
    it->foot = foot >= 0 ? foot : it->help_at;
    if (*help)
        y += t->unit / 2 + text_block(c, x, y + t->unit / 2, w, help, help_px(t, focused), TEXT_REGULAR,
                                      t->ink_soft);
    y += fee_block(c, f, x, y, w);
    return y - y0;
}

void form_body_column(ui_app *a, int x, int w, int *cx, int *cw)
{
    const ui_theme *t = ui_app_theme(a);
    int most = FORM_BODY_MEASURE * t->px_body;
    *cx = x;
    *cw = w;
    if (t->portrait || w <= most)
        return;
    *cx = x + (w - most) / 2;
    *cw = most;
}

/* The page's width that shows an ID number's three groups on one line in
 * its box (value_box's text, layout's margins, the caret after it). */
static int id_page_width(ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int tw = text_width(ui_app_text(a), "888888 88888888 8888", t->px_title, TEXT_BOLD);
    return tw + t->unit * 2 + t->unit * 4 + t->unit * 2;
}

/* Lays out (dry) or draws every visible item; returns the content height. */
static int layout(form_body *b, ui_app *a, int dry)
{
    const ui_theme *t = ui_app_theme(a);
    ctx c = {b, a, t, dry};
    int pad = t->unit * 2, x, w;
    form_body_column(a, b->view.x + pad, b->view.w - 2 * pad, &x, &w);
    int y = b->view.y + pad - b->scroll;
    int y0 = y;
    if (!dry)
        b->nctl = 0;
    if (b->msg[0] && !b->msg_at_field && !fb_msg_at_focus(b))
        y += msg_box(&c, x, y, w) + pad;
    for (int i = 0; i < b->n; i++) {
        fb_item *it = &b->items[i];
        it->msg_end = it->box_h = it->side_h = 0;
        it->shown = fb_visible(b, form_field_key(it->f));
        if (!it->shown)
            continue;
        it->y = y - y0;
        it->h = item_block(&c, i, x, y, w);
        y += it->h + pad * 3 / 2;
    }
    return y - y0 + pad;
}

/* ---- the measure kept between partial frames ----
 *
 * A partial frame (a keystroke, a press) draws a small area of the body, but
 * the body's content height, each field's place and the focused field's
 * height (the keyboard's room) come from measuring every field. That measure
 * is kept with a key: the bytes of everything the dry layout reads (the
 * theme, the body's width, the message, the focus, the height of the box the
 * keyboard types into (all its text and letters change of the layout), each
 * field's visibility, answer, error, shown text and the card reader's mark, a
 * group's members, the interface words it measures), and used again only when
 * the key is byte for byte the same. A full frame measures afresh (a small
 * share of drawing it all). */

/* The interface words the layout measures (core_str; a new strings file
 * changes them), each with the kind of field that shows it. */
enum { W_OPTIONAL = 1, W_UNIT = 2, W_COMPUTED = 4, W_CARD = 8, W_CHOICE = 16, W_DATE = 32,
       W_GROUP = 64, W_PHOTO = 128 };
static const struct {
    const char *key;
    int kind;
} MEASURED_WORDS[] = {
    {"form.optional", W_OPTIONAL},     {"form.unit_tag", W_UNIT},
    {"form.computed_tag", W_COMPUTED}, {"form.computed_wait", W_COMPUTED},
    {"form.computed_wait_cert", W_COMPUTED}, {"form.computed_wait_agent", W_COMPUTED},
    {"form.from_card", W_CARD},        {"form.pick_change", W_CHOICE},
    {"form.pick", W_CHOICE},           {"form.date_pick", W_DATE},
    {"form.member_none", W_GROUP},     {"form.member_title", W_GROUP},
    {"form.summary_sep", W_GROUP},     {"form.member_errors", W_GROUP},
    {"photo.count_min", W_PHOTO},      {"photo.count", W_PHOTO},
};

/* Which of those words the body's fields can show (the fields do not change
 * while the body lives). */
static int words_shown(const form_body *b)
{
    int k = W_CARD; /* a card's note: the form's questions, or a member's */
    for (int i = 0; i < b->n; i++) {
        const form_field *f = b->items[i].f;
        form_type ty = form_field_type(f);
        if (form_field_compute(f) != FORM_COMPUTE_NONE) {
            k |= W_COMPUTED;
            continue;
        }
        if (!form_field_required(f) && ty != FORM_T_GROUP)
            k |= W_OPTIONAL;
        if (*form_field_unit(f))
            k |= W_UNIT;
        k |= ty == FORM_T_CHOICE ? W_CHOICE
             : ty == FORM_T_DATE ? W_DATE
             : ty == FORM_T_GROUP ? W_GROUP
             : ty == FORM_T_PHOTO ? W_PHOTO
                                  : 0;
    }
    return k;
}

static void key_put(form_body *b, const void *p, size_t n)
{
    if (b->mkey_bad)
        return;
    if (b->mkey_new_len + n > b->mkey_new_cap) {
        size_t cap = b->mkey_new_cap ? b->mkey_new_cap : 1024;
        while (cap < b->mkey_new_len + n)
            cap *= 2;
        unsigned char *q = malloc(cap);
        if (!q) {
            b->mkey_bad = 1;
            return;
        }
        if (b->mkey_new) { /* answers among the bytes: wiped before they go */
            memcpy(q, b->mkey_new, b->mkey_new_len);
            memset(b->mkey_new, 0, b->mkey_new_cap);
            free(b->mkey_new);
        }
        b->mkey_new = q;
        b->mkey_new_cap = cap;
    }
    memcpy(b->mkey_new + b->mkey_new_len, p, n);
    b->mkey_new_len += n;
}

static void key_int(form_body *b, int v) { key_put(b, &v, sizeof v); }

/* A string with its length, NULL told apart from "". */
static void key_str(form_body *b, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;
    key_put(b, &n, sizeof n);
    if (s)
        key_put(b, s, n);
}

static void key_display(form_body *b, const char *group, int m, const char *key)
{
    char d[512];
    if (group)
        form_inst_member_display(b->inst, group, m, key, d, sizeof d);
    else
        fb_display(b, key, d, sizeof d);
    key_str(b, d);
    memset(d, 0, sizeof d);
}

/* Everything layout(b, a, 1) reads, into mkey_new. */
static void measure_key(form_body *b, ui_app *a)
{
    b->mkey_new_len = 0;
    b->mkey_bad = 0;
    const ui_theme *t = ui_app_theme(a);
    key_put(b, t, sizeof *t);
    const void *tx = ui_app_text(a);
    key_put(b, &tx, sizeof tx);
    int head[6] = {b->view.x, b->view.w, b->focus, b->err_item, b->msg_at_field, b->member};
    key_put(b, head, sizeof head);
    key_str(b, b->msg);
    int words = words_shown(b);
    for (size_t i = 0; i < sizeof MEASURED_WORDS / sizeof MEASURED_WORDS[0]; i++)
        if (words & MEASURED_WORDS[i].kind)
            key_str(b, core_str(MEASURED_WORDS[i].key));
    key_int(b, b->kb != NULL);
    if (b->kb && b->focus >= 0 && b->focus < b->n) {
        /* the keyboard's text and letters enter the layout as the focused
         * box's height alone (focused_box): a keystroke that keeps it keeps
         * the measure */
        ctx c = {b, a, t, 1};
        char disp[512];
        const form_field *f = b->items[b->focus].f;
        int x, w;
        form_body_column(a, b->view.x + 2 * t->unit, b->view.w - 4 * t->unit, &x, &w);
        key_int(b, b->label_beside);
        int col = side_col(&c, b->focus, w);
        if (col > 0)
            w -= col + t->unit;
        key_int(b, focused_box(&c, 0, 0, w, "",
                               typed_value(b, f, disp, sizeof disp), form_field_multiline(f)));
        memset(disp, 0, sizeof disp);
    }
    for (int i = 0; i < b->n; i++) {
        const form_field *f = b->items[i].f;
        const char *key = form_field_key(f);
        int vis = fb_visible(b, key);
        key_int(b, vis);
        if (!vis)
            continue;
        key_str(b, fb_get(b, key));
        key_str(b, fb_error(b, key));
        key_int(b, fb_from_card(b, key));
        key_int(b, b->items[i].date_use); /* the kept 就选这一天 */
        key_int(b, b->items[i].sig_gap);  /* the red words' kept place over the pad */
        char note[KB_COMP_BYTES + 128];   /* letters waiting under its box */
        fb_held_note(b, i, note, sizeof note);
        key_str(b, note);
        memset(note, 0, sizeof note);
        form_type ty = form_field_type(f);
        if (form_field_compute(f) != FORM_COMPUTE_NONE || ty == FORM_T_CHOICE ||
            ty == FORM_T_MULTI)
            key_display(b, NULL, 0, key);
        if (ty == FORM_T_GROUP) {
            int nm = form_inst_member_count(b->inst, key);
            key_int(b, nm);
            for (int m = 0; m < nm; m++)
                for (size_t j = 0; j < form_field_sub_count(f); j++) {
                    const char *sk = form_field_key(form_field_sub_at(f, j));
                    int sv = form_inst_member_visible(b->inst, key, m, sk);
                    key_int(b, sv);
                    if (!sv)
                        continue;
                    key_int(b, form_inst_member_error(b->inst, key, m, sk) != NULL);
                    key_display(b, key, m, sk);
                }
        }
    }
}

void fb_measure_forget(form_body *b)
{
    if (b->mkey)
        memset(b->mkey, 0, b->mkey_cap);
    if (b->mkey_new)
        memset(b->mkey_new, 0, b->mkey_new_cap);
    b->mkey_len = b->mkey_new_len = 0;
    b->m_valid = 0;
}

/* The content's height and each field's place: kept from the last measure
 * when its key holds and the frame is partial (whole: a full frame),
 * measured again otherwise. */
static int measure(form_body *b, ui_app *a, int whole)
{
    measure_key(b, a);
    if (!whole && b->m_valid && !b->mkey_bad && b->mkey_new_len == b->mkey_len &&
        !memcmp(b->mkey_new, b->mkey, b->mkey_len)) {
        for (int i = 0; i < b->n; i++) {
            fb_item *it = &b->items[i];
            it->y = b->m_items[i].y;
            it->h = b->m_items[i].h;
            it->box_off = b->m_items[i].box_off;
            it->label_ink = b->m_items[i].label_ink;
            it->err_h = b->m_items[i].err_h;
            it->msg_end = b->m_items[i].msg_end;
            it->side_h = b->m_items[i].side_h;
            it->box_h = b->m_items[i].box_h;
            it->help_at = b->m_items[i].help_at;
            it->foot = b->m_items[i].foot;
            it->shown = b->m_items[i].shown;
        }
        return b->m_content_h;
    }
    int h = layout(b, a, 1);
    b->m_valid = !b->mkey_bad;
    if (!b->m_valid)
        return h;
    for (int i = 0; i < b->n; i++) {
        const fb_item *it = &b->items[i];
        b->m_items[i].y = it->y;
        b->m_items[i].h = it->h;
        b->m_items[i].box_off = it->box_off;
        b->m_items[i].label_ink = it->label_ink;
        b->m_items[i].err_h = it->err_h;
        b->m_items[i].msg_end = it->msg_end;
        b->m_items[i].side_h = it->side_h;
        b->m_items[i].box_h = it->box_h;
        b->m_items[i].help_at = it->help_at;
        b->m_items[i].foot = it->foot;
        b->m_items[i].shown = it->shown;
    }
    b->m_content_h = h;
    /* the new key is kept; the old one's buffer takes the next */
    unsigned char *k = b->mkey;
    size_t cap = b->mkey_cap;
    b->mkey = b->mkey_new;
    b->mkey_cap = b->mkey_new_cap;
    b->mkey_len = b->mkey_new_len;
    b->mkey_new = k;
    b->mkey_new_cap = cap;
    b->mkey_new_len = 0;
    return h;
}

/* Where the page scrolls to keep the focused question in view. */
static int focus_scroll(const form_body *b, const ui_theme *t, const fb_item *it)
{
    int pad = t->unit * 2, top = pad + it->y; /* from the unscrolled top of the view */
    /* what must show: the box where the typing shows (as tall as it has
     * grown: the letters being composed take a line of their own in a
     * multiline box), and the message under it when there is one */
    int box_h = it->box_h > 0 ? it->box_h : t->target, box_end = it->box_off + box_h;
    int end = it->msg_end > 0 ? it->msg_end : box_end;
    if (it->box_off + it->side_h > end) /* the label's column beside the box, taller */
        end = it->box_off + it->side_h;
    int half = t->unit / 2;
    /* the question at the top, above the keyboard: half a unit above it
     * where the room allows (a screen short under the keyboard has less to
     * spare), the rest of the room under what shows */
    int spare = b->view.h - end;
    if (spare >= 0)
        return top - (spare < half ? spare : half);
    /* a screen too short for all: the box and its message matter more than
     * the label above them; an error over the box (with them, it says what
     * is wrong with the field) shows whole, the label not cut across its
     * letters but left out whole, and so on: where what shows fits, at most
     * half a unit above it (the gap under the label, or under the error) */
    int err_at = it->box_off - it->err_h; /* the label's end, and its gap */
    spare = b->view.h - (end - err_at);
    if (it->err_h > 0 && spare >= 0)
        return top + err_at - (spare < half ? spare : half);
    spare = b->view.h - (end - it->box_off);
    if (spare >= 0)
        return top + it->box_off - (spare < half ? spare : half);
    if (box_h <= b->view.h) /* not both: the box, the message's start under it */
        return top + it->box_off;
    return top + box_end - b->view.h;
}

/* Where the fields' view ends on screen while the focused question stands
 * where typing put it (focus_scroll), over a keyboard that leaves the view
 * short: what would show only in part, cut across its letters at the
 * keyboard's edge, is left out whole. The focused question's help under
 * its box (half a unit under the box, or its message, stays). A question
 * after it: where its label, error, box, wheels or pad cross the edge, the
 * whole question (a label alone over a blank read as if what it asks were
 * gone); its list, the rows that do not show whole (none whole: the whole
 * question); its help, the help. */
static int typing_clip(const form_body *b, const ui_theme *t)
{
    int pad = t->unit * 2, half = t->unit / 2, bottom = b->view.y + b->view.h;
    for (int i = b->focus; i < b->n; i++) {
        const fb_item *it = &b->items[i];
        if (!it->shown)
            continue;
        int y0 = b->view.y + pad + it->y - b->scroll;
        if (y0 >= bottom)
            break;
        if (y0 + it->h <= bottom)
            continue;
        int help = y0 + it->help_at, box = y0 + it->box_off;
        if (i == b->focus) /* its box taller than the view: nothing left out */
            return help + half < bottom ? help + half : bottom;
        if (help > bottom && it->pad.h > 0 && it->nrow_ends > 0 && box - half <= bottom) {
            /* a list: the options that show whole */
            int end = y0; /* none whole: the question left out whole */
            for (int k = 0; k < it->nrow_ends && box + it->row_ends[k] <= bottom; k++)
                end = box + it->row_ends[k];
            return end;
        }
        /* its box, wheels or pad not whole: the question left out whole (a
         * label over a blank looked as if what it asks were gone) */
        return help > bottom ? y0 : help;
    }
    return bottom;
}

/* The row of a list cut by the foot of a view scrolled to s (from the
 * view's unscrolled top): 1 with its top and foot in *r0, *r1, the list's
 * item in *li and the row's index in *k; 0 if none. */
static int row_cut_at_foot(const form_body *b, const ui_theme *t, int s, int *li, int *k,
                           int *r0, int *r1)
{
    int pad = t->unit * 2, half = t->unit / 2, bottom = s + b->view.h;
    for (int i = 0; i < b->n; i++) {
        const fb_item *it = &b->items[i];
        if (!it->shown)
            continue;
        int y0 = pad + it->y;
        if (y0 >= bottom)
            return 0;
        if (y0 + it->h <= bottom || !it->list || it->pad.h <= 0 || it->nrow_ends <= 0)
            continue;
        int box = y0 + it->box_off;
        for (int j = 0; j < it->nrow_ends; j++) {
            int a = box + (j > 0 ? it->row_ends[j - 1] + half : 0), e = box + it->row_ends[j];
            if (a < bottom && e > bottom) {
                *li = i;
                *k = j;
                *r0 = a;
                *r1 = e;
                return 1;
            }
        }
        return 0;
    }
    return 0;
}

/* 1 if the view's top at s cuts a question (its label to the end of its
 * help: a line of help cut under the steps reads as broken too) that it
 * did not cut at s0. */
static int top_cuts_more(const form_body *b, const ui_theme *t, int s, int s0)
{
    int pad = t->unit * 2;
    for (int i = 0; i < b->n; i++) {
        const fb_item *it = &b->items[i];
        int q0 = pad + it->y, q1 = q0 + it->h;
        if (it->shown && q0 < s && q1 > s && !(q0 < s0 && q1 > s0))
            return 1;
    }
    return 0;
}

/* The page has put itself where it shows what it brought (b->scroll), and
 * a list's row is cut by the view's foot, half under the foot bar, where
 * a finger aimed at its middle pressed the bar's button: the view goes on
 * down until the row shows whole where no question's label showing goes
 * out of its top; else back up until the row is wholly under the foot
 * where that cuts no question at the view's top (the row's top a sliver
 * over the bar), or else the page stays and the row and those after it
 * are not drawn (its label with its error and rows first, 户籍性质
 * brought by the card read in large text on the tablet: placed_clip,
 * rest_clip); these two with two rows or more of the list whole over it,
 * else it is left as it is (是 alone over the bar, 否 gone under it, read
 * as the one answer there is). */
static void rest_place(form_body *b, const ui_theme *t)
{
    int li, k, r0, r1, s = b->scroll, pad = t->unit * 2;
    b->placed_clip = 0;
    if (!row_cut_at_foot(b, t, s, &li, &k, &r0, &r1))
        return;
    int max = b->content_h + b->tail - b->view.h;
    int down = r1 + t->unit / 4 - b->view.h, ok = down <= max;
    for (int i = 0; ok && i < b->n; i++) {
        int q0 = pad + b->items[i].y;
        if (b->items[i].shown && q0 >= s && q0 < down)
            ok = 0; /* a label in view would go out over the top */
    }
    if (ok) {
        b->scroll = down;
        return;
    }
    if (k < 2)
        return; /* a lone row at the bar's edge read as the one answer there is */
    int up = r0 - b->view.h;
    if (up >= 0 && !top_cuts_more(b, t, up, s)) {
        b->scroll = up;
        return;
    }
    b->placed_clip = 1;
    b->placed_li = li;
    b->placed_k = k;
}

/* Where the fields' view ends on screen at rest where rest_place left the
 * page (placed_clip): over the list's row cut by its foot, while that is
 * still the row rest_place decided on (a layout changed since, an error
 * over a box above, a question gone, cuts another or none: nothing is
 * left undrawn then). */
static int rest_clip(const form_body *b, const ui_theme *t)
{
    int li, k, r0, r1;
    if (!row_cut_at_foot(b, t, b->scroll, &li, &k, &r0, &r1) || li != b->placed_li ||
        k != b->placed_k || k < 1)
        return b->view.y + b->view.h;
    const fb_item *it = &b->items[li];
    return b->view.y - b->scroll + t->unit * 2 + it->y + it->box_off + it->row_ends[k - 1];
}

/* The height a keyboard's keys under the page may take on a screen wider
 * than tall (kb_set_below): what the page, the screen's width, leaves under
 * the focused question's label and box, where focus_scroll puts them (half
 * a unit from the view's top, a unit under the box), and the keys' margins
 * (half a unit, their gap, above and below); where that is too little for
 * the keys, with the label beside the box (label_beside set). Measures the
 * page at that width (*room_h) where the keyboard may go there; 0 where it
 * may not. */
static int below_room(form_body *b, ui_app *a, const SDL_Rect *area, int whole, int *room_h)
{
    const ui_theme *t = ui_app_theme(a);
    if (!kb_set_below(b->kb, a, area->h)) /* not even with the whole height */
        return 0;
    b->view = *area;
    /* the label above the box where that leaves the keys their room; else
     * beside it (label_beside), the box alone in the room's height. Not
     * the error: it comes and goes as she types, and the keys stay where
     * they are. It stands on the label's line or in its column where it
     * fits (label_block, side_block); a longer one on a line of its own
     * over the box, and focus_scroll then leaves the label out */
    ctx c = {b, a, t, 1};
    int x, w;
    form_body_column(a, area->x + 2 * t->unit, area->w - 4 * t->unit, &x, &w);
    int top = label_block(&c, b->focus, x, 0, w, NULL) + t->unit / 2;
    int room = area->h - t->unit - (t->unit / 2 + top + t->target + t->unit);
    if (!kb_set_below(b->kb, a, room)) {
        b->label_beside = 1;
        int col = side_col(&c, b->focus, w);
        if (col <= 0) {
            b->label_beside = 0;
            return 0;
        }
        int side = side_block(&c, b->focus, x, 0, col, 0);
        room = area->h - t->unit - (t->unit / 2 + (side > t->target ? side : t->target) + t->unit);
        if (!kb_set_below(b->kb, a, room)) {
            b->label_beside = 0;
            return 0;
        }
    }
    /* the box no taller than the view above the keys (less the keys'
     * margins, half a unit each side): a text of more lines shows its end;
     * a box taller than one line may leave the label above it out of view
     * (focus_scroll) while she types */
    b->box_cap = area->h - kb_height(b->kb, a) - 2 * (t->unit / 2);
    *room_h = measure(b, a, whole);
    return room;
}

/* The scroll that brings item `i`, below the view, whole into it: at least
 * `need` (its foot at the view's foot), and then on to the start of the first
 * question at or after it, so that the view's top falls between two
 * questions (a pad above the label, as a question scrolled to the top
 * stands), not through a label or a line of help (her eye reads from the
 * top down: half a 公民身份号码 over the page reads as a broken screen).
 * That start is never past item i's own; past the page's end, the page
 * goes on blank under its last question (tail): the end had pulled the
 * view back through a question (出生日期's value at the view's top, its
 * label out of sight above it, as her card brought 户籍性质 into view).
 * With no such start, `need` as it is. */
static int show_below(form_body *b, int i, int need)
{
    int end = b->content_h - b->view.h;
    for (int j = 0; j <= i; j++)
        if (b->items[j].shown && b->items[j].y >= need) {
            if (b->items[j].y > b->items[i].y)
                return need;
            if (b->items[j].y > end)
                b->tail = b->items[j].y - end;
            return b->items[j].y;
        }
    return need;
}

/* The one rule for a question the screen brings into view (the one a
 * refused 下一步 points at, the next after 完成 and the one just typed
 * above it, one an answer shows, the page's first as it opens): scroll s
 * moved the least that shows it whole between the view's edges, half a
 * unit clear of each where the room allows, less where it does not
 * (a label half under the steps, a 我已阅读并同意 half under the foot bar,
 * read as broken and were tapped at their edge). Whole: with its help where
 * that fits, else its label to the foot of what is answered in it (its box,
 * rows, wheels, pad, buttons), else from its label's letters (the blank
 * leading over them may go under the view's top: 承诺 in large text on the
 * wide screen, 4 px taller than the view by its label's line, 20 px of
 * which is blank over the letters, was left out whole); taller than the
 * view, its label left out whole (as focus_scroll leaves it out), at most
 * the gap under it showing, then, where it has none, the error; but a
 * list with its error taller than the view, its label's top at the view's
 * top, the error and as many rows under it as the view holds (the label
 * first, as her eye reads: with the label left out for a row more,
 * 请在“户籍性质”下面选一项 stood at the top with no 户籍性质 over the rows
 * to say what they answer); an error that does not fit with what it
 * names, a list's rows (each tapped alone: a label over them says what
 * they answer), or
 * what is answered taller than the view, s as it is (its label at the top,
 * as the page showed it). */
static int whole_scroll(const form_body *b, const ui_theme *t, const fb_item *it, int s)
{
    int pad = t->unit * 2, half = t->unit / 2, top = pad + it->y; /* from the view's
                                                                    * unscrolled top */
    const int from[5] = {0, 0, it->label_ink, it->box_off - it->err_h, it->box_off};
    const int end[5] = {it->h, it->foot, it->foot, it->foot, it->foot};
    for (int k = 0; k < 5; k++) {
        if ((k == 2 && it->label_ink <= 0) || (k == 3 && it->err_h <= 0))
            continue;
        if (k == 4 && (it->err_h > 0 || (it->list && it->pad.h > 0)))
            break; /* the error is what the screen says; a list's rows are
                    * answered one at a time: its label stays over them */
        if (k == 3 && it->list && it->pad.h > 0)
            return top; /* its label, the error and the rows that fit */
        int spare = b->view.h - (end[k] - from[k]);
        if (spare < 0)
            continue;
        if (k >= 3) /* what is above left out whole: at most the gap under it shows */
            return top + from[k] - (spare < half ? spare : half);
        int m = spare / 2 < half ? spare / 2 : half; /* the least margin, each side */
        int lo = top + end[k] + m - b->view.h, hi = top + from[k] - m;
        return s < lo ? lo : s > hi ? hi : s;
    }
    return s;
}

/* Scroll s moved the least that shows lo..hi (from the unscrolled top of
 * the view) between the view's edges, margin m clear of each where the
 * room allows (less where it does not); taller than the view, s as it is. */
static int least_to_show(const form_body *b, int s, int lo, int hi, int m)
{
    if (hi - lo > b->view.h)
        return s;
    if (hi - lo + 2 * m > b->view.h)
        m = (b->view.h - (hi - lo)) / 2;
    int min = hi + m - b->view.h, max = lo - m;
    return s < min ? min : s > max ? max : s;
}

/* After a row of list keep_show closed the keyboard (list_tapped): from s
 * (the rows where they were), the least moves that show, in this order,
 * each where it fits with what is shown before it: the list whole, else the
 * row she took (keep_row); a question her answer brought (keep_new), its
 * label and the start of what it asks (a newcomer must be noticed: it had
 * stayed under the foot bar, the list kept whole over it), the list then
 * giving way to the row; the question she typed (keep_also) whole, with
 * the list or, where the two do not fit, with the row she took; else its
 * box clear of the view's edges, whole in it or wholly out of it (its label
 * and error had shown with its box half under the foot bar). */
static int row_closed_least(const form_body *b, const ui_theme *t, int s, int *mlo, int *mhi)
{
    int pad = t->unit * 2, half = t->unit / 2;
    const fb_item *k = &b->items[b->keep_show];
    int lt = pad + k->y, lo = lt, hi = lt + k->foot; /* what must show */
    int r = b->keep_row, rlo = lo, rhi = hi;         /* the row she took */
    if (r >= 0 && r < k->nrow_ends && k->pad.h > 0) {
        rlo = lt + k->box_off + (r > 0 ? k->row_ends[r - 1] + half : 0);
        rhi = lt + k->box_off + k->row_ends[r];
    }
    if (hi - lo > b->view.h) {
        lo = rlo;
        hi = rhi;
    }
    s = least_to_show(b, s, lo, hi, half);
    const fb_item *n = b->keep_new >= 0 && b->keep_new < b->n && b->items[b->keep_new].shown
                           ? &b->items[b->keep_new]
                           : NULL;
    if (n) { /* its label and its box, or its first row */
        int nt = pad + n->y, start = n->box_off + (n->nrow_ends > 0 && n->pad.h > 0
                                                       ? n->row_ends[0]
                                                       : t->target);
        int ne = nt + (start < n->foot ? start : n->foot);
        int l2 = lo < nt ? lo : nt, h2 = hi > ne ? hi : ne;
        if (h2 - l2 > b->view.h) { /* not with the whole list: with the row she took */
            l2 = rlo < nt ? rlo : nt;
            h2 = rhi > ne ? rhi : ne;
        }
        if (h2 - l2 <= b->view.h) {
            lo = l2;
            hi = h2;
            s = least_to_show(b, s, lo, hi, half);
        }
    }
    *mlo = lo;
    *mhi = hi;
    if (b->keep_also < 0 || b->keep_also >= b->n || !b->items[b->keep_also].shown)
        return s;
    const fb_item *q = &b->items[b->keep_also];
    int qt = pad + q->y, qe = qt + q->foot;
    int l2 = lo < qt ? lo : qt, h2 = hi > qe ? hi : qe;
    if (h2 - l2 <= b->view.h) {
        *mlo = l2;
        *mhi = h2;
        return least_to_show(b, s, l2, h2, half);
    }
    if (!n && hi - lo > rhi - rlo) { /* with the row she took, the list's label left out */
        l2 = rlo < qt ? rlo : qt;
        h2 = rhi > qe ? rhi : qe;
        if (h2 - l2 <= b->view.h) {
            *mlo = l2;
            *mhi = h2;
            return least_to_show(b, s, l2, h2, half);
        }
    }
    int bt = qt + q->box_off, vend = s + b->view.h; /* its box, to qe */
    int below = qt < vend && qe > vend, above = qt < s && qe > s;
    if (!below && !above)
        return s; /* whole in view, or wholly out of it */
    int in = least_to_show(b, s, bt, qe, 0);
    if (in <= lo && hi <= in + b->view.h) {
        *mlo = lo < bt ? lo : bt;
        *mhi = hi > qe ? hi : qe;
        return in; /* its box brought in whole, what must show kept */
    }
    /* out of the view: under the foot bar with its label (a label over a
     * blank read as if what it asks were gone), else its box alone; or,
     * above the view, over its top */
    const int outs[2] = {below ? qt - b->view.h : qe, below ? bt - b->view.h : qe};
    for (int o = 0; o < 2; o++)
        if (outs[o] <= lo && hi <= outs[o] + b->view.h)
            return outs[o];
    return s;
}

/* 1 if the view's top at s cuts a question (from its label to the end of
 * its help). */
static int top_cut(const form_body *b, const ui_theme *t, int s)
{
    int pad = t->unit * 2;
    for (int i = 0; i < b->n; i++) {
        const fb_item *it = &b->items[i];
        if (it->shown && pad + it->y < s && pad + it->y + it->h > s)
            return 1;
    }
    return 0;
}

/* How many of the boxes and rows the view's foot at s cuts (a list's
 * rows; another question's box, wheels or pad: from where its box starts
 * to the foot of what is answered in it). */
static int foot_cuts(const form_body *b, const ui_theme *t, int s)
{
    int pad = t->unit * 2, half = t->unit / 2, end = s + b->view.h, cuts = 0;
    for (int i = 0; i < b->n; i++) {
        const fb_item *it = &b->items[i];
        if (!it->shown)
            continue;
        int box = pad + it->y + it->box_off;
        if (it->list && it->pad.h > 0 && it->nrow_ends > 0) {
            for (int k = 0; k < it->nrow_ends; k++) {
                int r0 = box + (k > 0 ? it->row_ends[k - 1] + half : 0), r1 = box + it->row_ends[k];
                cuts += r0 < end && r1 > end;
            }
        } else if (box < end && pad + it->y + it->foot > end) {
            cuts++;
        }
    }
    return cuts;
}

/* 1 if the view's foot at s cuts a line of words: a question's label or
 * the error over its box, or its help. */
static int foot_cuts_words(const form_body *b, const ui_theme *t, int s)
{
    int pad = t->unit * 2, end = s + b->view.h;
    for (int i = 0; i < b->n; i++) {
        const fb_item *it = &b->items[i];
        int q0 = pad + it->y;
        if (it->shown && ((q0 < end && q0 + it->box_off > end) ||
                          (q0 + it->help_at < end && q0 + it->h > end)))
            return 1;
    }
    return 0;
}

/* After a row closed the keyboard: the view's top at s, where the least
 * moves put it, cuts a question (户籍地址's box half under the steps on
 * the tablet, the list she touched brought whole from where its rows had
 * been): the nearest place that still shows mlo..mhi whole, cuts no
 * question at the top and no more boxes or rows at the foot, and where
 * there is one, no line of words at the foot either (a label, an error,
 * help); none, s as it is (what she chose and what must show whole, the
 * rest cut). */
static int row_closed_scroll(const form_body *b, const ui_theme *t, int s)
{
    int lo = 0, hi = 0;
    s = row_closed_least(b, t, s, &lo, &hi);
    if (!top_cut(b, t, s))
        return s;
    int max = b->content_h + b->tail - b->view.h, from = hi - b->view.h, to = lo;
    if (from < 0)
        from = 0;
    if (to > max)
        to = max;
    int best = s, dist = -1, words = 1, feet = foot_cuts(b, t, s);
    for (int c = from; c <= to; c++) {
        if (top_cut(b, t, c) || foot_cuts(b, t, c) > feet)
            continue;
        int d = c > s ? c - s : s - c, w = foot_cuts_words(b, t, c);
        if (dist < 0 || w < words || (w == words && d < dist)) {
            best = c;
            dist = d;
            words = w;
        }
    }
    return best;
}

/* Whether an item `h` tall at `top` (from the unscrolled top of the view)
 * shows whole at the page's scroll. */
static int whole_in_view(const form_body *b, int top, int h)
{
    return top >= b->scroll && top + h <= b->scroll + b->view.h;
}

void form_body_draw(form_body *b, ui_app *a, const SDL_Rect *area)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2;
    int room_h = -1; /* the content's height, when measured for the keyboard's room */
    b->view = *area;
    b->elderly = t->elderly;
    SDL_Rect canvas = {0, 0, t->w, t->h};
    int whole = draw_covers(ui_app_draw(a), &canvas); /* a full frame, not a partial one */
    b->kb_rect = (SDL_Rect){0, 0, 0, 0};
    SDL_Rect kr = {0, 0, 0, 0}; /* where the keyboard's keys go */
    int below = t->portrait; /* the keyboard docked under the page */
    b->label_beside = b->box_cap = 0;
    if (b->kb && !t->portrait && b->focus >= 0 && b->focus < b->n &&
        kb_set_below(b->kb, a, below_room(b, a, area, whole, &room_h))) {
        /* a screen wider than tall whose column beside would leave the
         * page too narrow for the box (a receipt number or a name in
         * pinyin on a 1280x800 tablet): the keyboard's wide rows under the
         * page, which keeps
         * the screen's width, the focused question's label and box in view
         * above them */
        below = 1;
        int kh = kb_height(b->kb, a), m = t->unit / 2; /* the keys' gap all round */
        b->kb_rect = (SDL_Rect){area->x, area->y + area->h - kh - 2 * m, area->w, kh + 2 * m};
        b->view.h -= b->kb_rect.h;
        kr = (SDL_Rect){area->x + m, b->kb_rect.y + m, area->w - 2 * m, kh};
    } else if (b->kb && !t->portrait) {
        /* a screen wider than tall: the keyboard in a column on the right
         * (kb_beside_width), fitted to its height, the page in the column
         * left of it with the focused question at its top: the question, its
         * box, its message and the keys all in view at once */
        kb_set_room(b->kb, area->h - 4); /* first: handwriting's width comes of it */
        int kw = kb_beside_width(b->kb, a);
        int idw = kb_get_kind(b->kb) == KB_IDCARD ? id_page_width(a) : 0;
        if (area->w - kw < idw) /* the pad narrower (its least), the ID number on one line */
            kw = area->w - idw > kb_beside_least(b->kb, a) ? area->w - idw
                                                            : kb_beside_least(b->kb, a);
        b->view.w = area->w - kw;
        b->kb_rect = (SDL_Rect){area->x + b->view.w, area->y, kw, area->h};
        int kh = kb_height(b->kb, a), m = (area->h - kh) / 2;
        if (m > pad / 2)
            m = pad / 2;
        kr = (SDL_Rect){b->kb_rect.x + pad / 2, area->y + area->h - m - kh, kw - pad, kh};
        if (b->focus >= 0 && b->focus < b->n)
            room_h = measure(b, a, whole);
    } else if (b->kb) {
        /* the room under the focused question, its label, box and help
         * (the handwriting pad grows into it) */
        int room = 0;
        if (b->focus >= 0 && b->focus < b->n) {
            room_h = measure(b, a, whole);
            /* as focus_scroll places it: half a unit from the top, and a
             * unit and a half under its help */
            room = area->h - pad - (b->items[b->focus].h + t->unit * 2);
        }
        kb_set_room(b->kb, room);
        int kh = kb_height(b->kb, a);
        b->kb_rect = (SDL_Rect){area->x, area->y + area->h - kh - pad, area->w, kh + pad};
        b->view.h -= b->kb_rect.h;
        kr = (SDL_Rect){area->x + pad, b->kb_rect.y + pad / 2, area->w - 2 * pad, b->kb_rect.h - pad};
    }
    b->focus_box = (SDL_Rect){0, 0, 0, 0};
    b->focus_h = b->focus_w = 0;
    b->line_drawn = 0;
    /* the keyboard's room came from the same measure (the width is the
     * same, the view's height does not enter it) */
    b->content_h = room_h >= 0 ? room_h : measure(b, a, whole);
    int moved = 0; /* the page puts itself somewhere (placed) */
    if (b->anchor >= 0 && b->anchor < b->n && b->items[b->anchor].shown && !b->kb) {
        /* the list whose row closed the keyboard: its rows where they were */
        const fb_item *it = &b->items[b->anchor];
        b->scroll = b->view.y + pad + it->y + it->box_off - b->anchor_y;
        b->tail = 0;
        moved = 1;
    }
    b->anchor = -1;
    int brought = -1; /* the question the screen brings into view (whole_scroll) */
    if (b->want_show >= 0 && b->want_show < b->n) {
        fb_item *it = &b->items[b->want_show];
        int top = pad + it->y; /* from the unscrolled top of the view */
        b->tail = 0; /* the page moved for her: a blank past its end goes */
        if (b->show_foot) { /* its foot at the view's foot, unless it shows whole */
            if (!whole_in_view(b, top, it->h))
                b->scroll = top + it->h + pad - b->view.h;
        } else if (b->want_show == b->focus)
            b->scroll = focus_scroll(b, t, it);
        else if (b->show_on_top)
            b->scroll = top - pad;
        else if (it->h >= b->view.h && b->want_show == b->err_item &&
                 form_field_type(it->f) == FORM_T_GROUP)
            b->scroll = top + it->h - b->view.h + pad; /* its words over its buttons, at its foot */
        else if (!whole_in_view(b, top, it->h) && it->h <= b->view.h && it->h + 2 * pad > b->view.h)
            /* short of the room for a pad at both ends: whole, in the middle
             * (a pad under it took its label's top under the page's head) */
            b->scroll = top - (b->view.h - it->h) / 2;
        else if (it->h > b->view.h && b->want_show == b->err_item && it->err_h > 0 &&
                 !(it->list && it->pad.h > 0) && it->h - (it->box_off - it->err_h) <= b->view.h) {
            /* pointed at, too tall to show whole: its label left out whole,
             * its error at the top with what the error names under it (承诺's
             * "同意后点“我已阅读并同意”" over its button), as focus_scroll
             * leaves a label out; not a list, its label over its rows
             * (whole_scroll) */
            int lab = it->box_off - it->err_h, spare = b->view.h - (it->h - lab), half = t->unit / 2;
            b->scroll = top + lab - (spare < half ? spare : half);
        }
        else if (it->h >= b->view.h || top < b->scroll)
            b->scroll = top - pad;
        else if (top + it->h > b->scroll + b->view.h && b->show_least)
            b->scroll = top + it->h - b->view.h + pad;
        else if (top + it->h > b->scroll + b->view.h)
            b->scroll = show_below(b, b->want_show, top + it->h - b->view.h + pad);
        if (b->want_show != b->focus && !b->show_foot)
            brought = b->want_show;
        moved = 1;
        b->want_show = -1;
        b->show_foot = b->show_least = 0;
    } else if (!b->opened && !b->kb) { /* the page opens: its first question */
        for (int i = 0; i < b->n && brought < 0; i++)
            if (b->items[i].shown)
                brought = i;
    }
    if (brought >= 0 && b->items[brought].shown)
        b->scroll = whole_scroll(b, t, &b->items[brought], b->scroll);
    /* the question just typed stays whole, over the one brought under it;
     * the list whose row closed the keyboard, and with it where the two fit
     * the question typed (keep_also: as one question from the upper's label
     * to the lower's foot) */
    if (b->keep_show >= 0 && b->keep_show < b->n && !b->kb && b->items[b->keep_show].shown &&
        b->keep_row >= 0) {
        b->scroll = row_closed_scroll(b, t, b->scroll);
    } else if (b->keep_show >= 0 && b->keep_show < b->n && !b->kb &&
               b->items[b->keep_show].shown) {
        const fb_item *k = &b->items[b->keep_show];
        fb_item both = {0};
        if (b->keep_also >= 0 && b->keep_also < b->n && b->items[b->keep_also].shown) {
            const fb_item *o = &b->items[b->keep_also];
            both.y = k->y < o->y ? k->y : o->y;
            both.h = both.foot = (k->y + k->foot > o->y + o->foot ? k->y + k->foot
                                                                  : o->y + o->foot) - both.y;
        }
        b->scroll = whole_scroll(b, t, both.h > 0 && both.h <= b->view.h ? &both : k, b->scroll);
    }
    if ((brought >= 0 && b->opened) || (b->keep_show >= 0 && !b->kb))
        moved = 1; /* not as the page opens: it stands at its top */
    b->keep_show = b->keep_also = b->keep_row = b->keep_new = -1;
    b->opened = 1;
    b->show_on_top = 0;
    fb_clamp_scroll(b);
    if (moved && !b->kb) {
        rest_place(b, t);
        fb_clamp_scroll(b);
        b->placed = b->scroll;
    } else if (moved) {
        b->placed = -1;
    }
    {
        int cx, cw;
        form_body_column(a, b->view.x + pad, b->view.w - 2 * pad, &cx, &cw);
        b->origin = (SDL_Rect){cx, b->view.y + pad - b->scroll, cw, 0};
    }
    b->focus_scroll = -1;
    if (b->focus >= 0 && b->focus < b->n) { /* as fb_clamp_scroll keeps it */
        int fs = focus_scroll(b, t, &b->items[b->focus]), max = b->content_h - b->view.h;
        b->focus_scroll = fs > max ? max : fs;
        if (b->focus_scroll < 0)
            b->focus_scroll = 0;
    }
    /* what lies outside the view is covered by the header, the footer or
     * the keyboard drawn after it: nothing of it is drawn (a partial pass
     * under the keyboard then skips the fields behind it) */
    draw_clip vc;
    /* a pass of a partial frame that misses the view and whose targets are
     * dropped (ui_app_registers: another pass follows) has nothing to do
     * there; the last pass lays the fields out and registers them, each
     * target cut to what shows of it in the view (none for a sliver) */
    SDL_Rect clip = b->view; /* where the fields show */
    if (b->kb && b->focus >= 0 && b->focus < b->n && b->scroll == b->focus_scroll)
        clip.h = typing_clip(b, t) - clip.y;
    else if (!b->kb && b->scroll == b->placed && b->placed_clip)
        clip.h = rest_clip(b, t) - clip.y;
    ui_app_clip_targets(a, &clip);
    if (draw_clip_push(ui_app_draw(a), &clip, &vc) || ui_app_registers(a))
        layout(b, a, 0);
    draw_clip_pop(ui_app_draw(a), &vc);
    ui_app_clip_targets(a, NULL);
    if (b->content_h > b->view.h) { /* page scroll bar */
        int bw = t->unit / 3 > 4 ? t->unit / 3 : 4;
        int bh = b->view.h * b->view.h / (b->content_h + b->tail);
        int max = b->content_h + b->tail - b->view.h, cx, cw; /* a column's pad right of it */
        form_body_column(a, b->view.x + pad, b->view.w - 2 * pad, &cx, &cw);
        SDL_Rect thumb = {cx + cw + pad - bw - 2,
                          b->view.y + (b->view.h - bh) * b->scroll / (max ? max : 1), bw, bh};
        draw_round_rect(ui_app_draw(a), &thumb, bw / 2, t->elderly ? t->ink : t->ink_soft);
    }
    if (b->scroll > 0 && !b->kb) {
        /* the page goes on above: a rule where the view cuts it, as the
         * footer's line does below (else the edge of a box scrolled up
         * shows alone under the steps, like a stray line of theirs); not
         * while typing, when the question asked stands at the view's top
         * with nothing of the one above it showing */
        SDL_Rect rule = {b->view.x, b->view.y, b->view.w, 2};
        draw_rect(ui_app_draw(a), &rule, t->line);
    }
    if (b->kb) {
        /* the keyboard's strip is left as the frame's clear made it (the
         * background): nothing of the body is drawn there (the fields are
         * clipped to the view above it), so painting it again only wrote
         * its pixels twice on every keystroke's pass */
        SDL_Rect line = {b->kb_rect.x, b->kb_rect.y, below ? b->kb_rect.w : 2,
                         below ? 2 : b->kb_rect.h};
        draw_rect(ui_app_draw(a), &line, t->line);
        ui_app_target(a, &b->kb_rect, "fb.block");
        kb_draw(b->kb, a, &kr);
    }
    b->drawn_sig = fb_page_sig(b);
}

void form_body_draw_overlay(form_body *b, ui_app *a) { ui_dialog_draw(b->dlg, a); }

const char *form_body_dialog_title(const form_body *b)
{
    return b->dlg ? ui_dialog_title(b->dlg) : "";
}

int form_body_question(const form_body *b, const char *key, SDL_Rect *out)
{
    int i = fb_index(b, key);
    if (i < 0 || !b->items[i].shown)
        return -1;
    *out = (SDL_Rect){b->origin.x, b->origin.y + b->items[i].y, b->origin.w, b->items[i].foot};
    return 0;
}

