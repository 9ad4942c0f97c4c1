/* form_member.c — editing one member of a repeatable group (家庭成员): the
 * group's sub-fields on their own screen, 填好了 checks them and goes back.
 * The draft is the form screen's (its hooks): a keystroke's save waits up
 * to a second, run from this screen's tick while it is on top; any tap but
 * a key and every way off the screen save what waits first. A save that
 * fails while it is on top is said on its own page (the form's words, in
 * the hooks), and the next keystroke or change tries again; the words go
 * once a save succeeds. Its footer is the form page's: 读给我听 (the title,
 * each question and its help, a refusal first; read by itself when the
 * screen opens in large text), then 完成 while typing, and 填好了.
 *
 * A member 添加 just made, of a group that maps its members' cards
 * (form_field_card_field, 低保's 家庭成员), opens, as the form does, on the
 * ID-card page (form_card.h):
 * her husband's card on the reader fills his name and ID number (and what
 * else the group maps), all or nothing, and the member's questions show,
 * each marked 已从身份证读入 until it is typed over; 没带
 * 身份证，手动填写 shows them empty. The page polls the reader while it shows
 * and is freed (the read wiped) as soon as it ends. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/form/form_body.h"
#include "ui/screens/form/form_screen.h"
#include "ui/screens/form/form_screen_int.h"
#include "core/log.h"
#include "core/strings.h"
#include "ui/core/session.h"
#include "ui/core/services.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"

typedef struct {
    form_body *body; /* first: ui_form_kb() reads it */
    form_inst *inst;
    const form_field *group;
    int idx;
    ui_form_member_hooks hooks;
    char said[256]; /* the failed save's words this page shows, else "" */
    int spoken;     /* large text: the screen has read itself once */
    form_card_page *card; /* the ID-card page while it shows, else NULL */
} mscreen;

/* The screen's title: the group's noun and the member's number (家庭成员1). */
static void ms_title(const mscreen *m, char *out, size_t n)
{
    snprintf(out, n, core_str("form.member_title"), form_field_item_label(m->group), m->idx + 1);
}

/* What 读给我听 reads, as a form page's: the words on the page first (a
 * refusal, a failed save), then the title and each visible question (not
 * those worked out) with the words under its box of letters or handwriting
 * she left waiting there, and its help. */
static void ms_speech(const mscreen *m, char *out, size_t n)
{
    out[0] = '\0';
    size_t len = ui_voice_sentence(out, n, 0, form_body_message(m->body));
    char title[160];
    ms_title(m, title, sizeof title);
    len = ui_voice_sentence(out, n, len, title);
    const char *gk = form_field_key(m->group);
    for (size_t i = 0; i < form_field_sub_count(m->group); i++) {
        const form_field *f = form_field_sub_at(m->group, i);
        if (!form_inst_member_visible(m->inst, gk, m->idx, form_field_key(f)) ||
            form_field_compute(f) != FORM_COMPUTE_NONE)
            continue;
        len = ui_voice_sentence(out, n, len, form_field_label(f));
        char held[KB_COMP_BYTES + 128]; /* letters she left waiting, as the page reads them */
        form_body_held_note(m->body, form_field_key(f), held, sizeof held);
        len = ui_voice_sentence(out, n, len, held);
        memset(held, 0, sizeof held);
        len = ui_voice_sentence(out, n, len, form_field_help(f));
    }
}

/* Speaks the screen (a second tap on the button stops it); a failure stays
 * silent for the villager (logged once by voicebtn). */
static void ms_speak(const mscreen *m, ui_app *a, const char *id)
{
    char say[2048];
    ms_speech(m, say, sizeof say);
    if (id) {
        int code;
        ui_voicebtn_activate(a, "member.voice", id, say, &code);
    } else {
        (void)ui_voice_speak(a, say);
    }
    memset(say, 0, sizeof say); /* it may hold no answers, but is wiped as the page's is */
}

/* After a save may have run: shows the words of a failed save on this page,
 * or takes them away once a save succeeded (not another message put there
 * since, such as 填好了's refusal). */
static void ms_said(mscreen *m, ui_app *a)
{
    const char *said = m->hooks.said ? m->hooks.said(m->hooks.ud) : NULL;
    const char *shown = form_body_message(m->body);
    if (said) {
        if (shown && !strcmp(shown, said))
            return;
        snprintf(m->said, sizeof m->said, "%s", said);
        form_body_set_message(m->body, m->said);
        ui_app_invalidate(a);
    } else if (m->said[0]) {
        if (shown && !strcmp(shown, m->said)) {
            form_body_set_message(m->body, NULL);
            ui_app_invalidate(a);
        }
        m->said[0] = 0;
    }
}

static void ms_changed(void *ud, ui_app *a)
{
    mscreen *m = ud;
    m->hooks.changed(m->hooks.ud, a, 0);
    ms_said(m, a);
}

/* Saves the typing that waits, now (a way on from the typing). */
static void ms_save_now(mscreen *m, ui_app *a)
{
    m->hooks.save(m->hooks.ud, a, UINT64_MAX);
    ms_said(m, a);
}

/* After the body took a tap or an event: a keystroke that changed the
 * focused field alone marks its box (the body marked the keyboard's part);
 * any other change of the answers the whole screen. */
static void ms_took(mscreen *m, ui_app *a)
{
    if (!form_body_take_changed(m->body))
        return;
    SDL_Rect box;
    int typed = form_body_take_typed(m->body, a, &box);
    if (typed)
        ui_app_invalidate_rect(a, &box);
    else
        ui_app_invalidate(a);
    m->hooks.changed(m->hooks.ud, a, typed); /* a keystroke's save: at the wake it asks for */
    ms_said(m, a);
}

/* ---- the ID-card page ---- */

/* A card was read on the member's card page: it fills the member's fields
 * the group maps (all or nothing; FORM_CARD_NOT_FIT: the page says the card
 * cannot be used; FORM_CARD_TAKEN: the person is in the form already, as
 * another member (the card of one already added read again: left on the
 * kiosk's reader, or laid twice) or as 医保's head), the draft is saved at
 * once. */
static int ms_card_fill(void *ud, ui_app *a, const plat_idcard_info *c)
{
    mscreen *m = ud;
    const char *gk = form_field_key(m->group);
    form_card card;
    fs_card_values(c, &card);
    int rc = form_inst_member_fill_card(m->inst, gk, m->idx, &card);
    memset(&card, 0, sizeof card);
    if (rc == FORM_ERR_SAME) {
        core_log(CORE_LOG_INFO, "form", "ID card of a person already in %s", gk);
        return FORM_CARD_TAKEN;
    }
    if (rc != FORM_OK) {
        core_log(CORE_LOG_INFO, "form", "ID card does not fit a member of %s: %s", gk,
                 form_strerror(rc));
        return FORM_CARD_NOT_FIT;
    }
    core_log(CORE_LOG_INFO, "form", "member %d of %s filled from an ID card", m->idx + 1, gk);
    m->hooks.changed(m->hooks.ud, a, 0);
    ms_said(m, a);
    char expired[256];
    if (!form_body_message(m->body) && fs_card_expired(c, expired, sizeof expired)) {
        core_log(CORE_LOG_INFO, "form", "the ID card read for a member of %s is past its validity",
                 gk);
        form_body_set_message(m->body, expired); /* until 填好了 or a save that fails says more */
    } else if (!form_body_message(m->body))
        form_body_bring_first_open(m->body); /* what is left to answer of her, in view */
    return 0;
}

/* The card page ended (a card filled the member, or she chose to type):
 * it goes, the reader with it, and the member's questions show. */
static void ms_card_settle(mscreen *m, ui_app *a)
{
    if (m->card && form_card_state(m->card) != FORM_CARD_WAITING) {
        form_card_free(m->card);
        m->card = NULL;
        ui_app_invalidate(a);
    }
}

/* The header band's height: on a screen wider than tall the band and the
 * footer are slimmer (form_screen's page frame), the height goes to the
 * member's fields. */
static int ms_band_h(const ui_theme *t) { return t->target + (t->portrait ? t->unit : t->unit / 2) * 2; }

/* The header band: 返回 and the member's title. */
static void ms_header(mscreen *m, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, hh = ms_band_h(t), edge = (hh - t->target) / 2;
    char title[160];
    ms_title(m, title, sizeof title);
    SDL_Rect band = {0, 0, t->w, hh};
    draw_rect(d, &band, t->primary);
    ui_app_target(a, &band, "form.block");
    int bw = text_width(tx, core_str("form.quit"), t->px_label, TEXT_BOLD) + t->unit * 3;
    if (bw < t->target * 3 / 2)
        bw = t->target * 3 / 2;
    SDL_Rect back = {t->unit, edge, bw, t->target};
    ui_button(a, &back, "member.back", core_str("form.quit"), UI_BTN_SECONDARY);
    text_style st = {t->px_title, TEXT_BOLD, t->primary_ink, TEXT_LEFT, 0, 1};
    SDL_Rect tb = {back.x + bw + pad, (hh - text_line_height(tx, t->px_title)) / 2,
                   t->w - bw - pad * 3, 0};
    text_draw_box(tx, title, &tb, &st);
}

static void ms_draw(ui_screen *s, ui_app *a)
{
    mscreen *m = s->priv;
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    int hh = ms_band_h(t), fh = fs_foot_h(a);
    if (m->card) { /* the header, the card page, no footer (its own buttons) */
        ms_header(m, a);
        SDL_Rect area = {0, hh, t->w, t->h - hh};
        form_card_draw(m->card, a, &area);
        return;
    }
    /* the body first, the header over a field scrolled under it */
    SDL_Rect area = {0, hh, t->w, t->h - hh - fh};
    form_body_draw(m->body, a, &area);
    ms_header(m, a);
    /* the form page's footer: its line, 读给我听 at its left end */
    SDL_Rect foot = {0, t->h - fh, t->w, fh};
    draw_rect(d, &foot, t->surface);
    SDL_Rect fl = {0, foot.y, t->w, 2};
    draw_rect(d, &fl, t->line);
    ui_app_target(a, &foot, "form.block");
    SDL_Rect vr = fs_voice_rect(a);
    ui_voicebtn(a, &vr, "member.voice");
    int bx = vr.x + vr.w + pad;
    SDL_Rect bd = {bx, foot.y + (fh - bh) / 2, t->w - bx - pad, bh};
    if (form_body_kb(m->body)) { /* 完成 (close the keyboard, next field) beside it */
        int cw = (t->w - bx - pad * 2) / 3;
        SDL_Rect bk = {bx, bd.y, cw, bh};
        ui_button(a, &bk, "form.done",
                  core_str(form_body_done_moves(m->body) ? "form.done_next" : "form.done"), UI_BTN_OK);
        bd.x += cw + pad;
        bd.w -= cw + pad;
    }
    ui_button(a, &bd, "member.done", core_str("form.member_done"), UI_BTN_PRIMARY);
    form_body_draw_overlay(m->body, a);
}

/* 1 if this member's visible sub-fields are all fine after a page check. */
static int member_ok(mscreen *m)
{
    char err[256];
    form_inst_check_page(m->inst, form_field_page(m->group), err, sizeof err);
    const char *gk = form_field_key(m->group);
    for (size_t i = 0; i < form_field_sub_count(m->group); i++) {
        const char *k = form_field_key(form_field_sub_at(m->group, i));
        if (form_inst_member_visible(m->inst, gk, m->idx, k) &&
            form_inst_member_error(m->inst, gk, m->idx, k))
            return 0;
    }
    return 1;
}

static void ms_activate(ui_screen *s, ui_app *a, const char *id)
{
    mscreen *m = s->priv;
    if (m->card) { /* the card page's buttons, and 返回 */
        if (form_card_activate(m->card, a, id))
            ms_card_settle(m, a);
        else if (!strcmp(id, "member.back"))
            ui_app_pop(a);
        return;
    }
    /* any tap but a key (or a tap between keys, or a date wheel's step,
     * which mark what they change) first saves the typing that waits */
    if (strncmp(id, "kb.", 3) && strcmp(id, "fb.block") && !form_body_tap_marks(m->body, id))
        ms_save_now(m, a);
    if (!strcmp(id, "member.voice")) { /* its button alone changes (voicebtn.h marks it) */
        ms_speak(m, a, id);
        return;
    }
    /* the body marks what its taps change (a key: the key, the letters
     * and candidates, the field), the rest changes the page */
    if (form_body_activate(m->body, a, id)) {
        ms_took(m, a);
        return;
    }
    if (!strcmp(id, "form.block"))
        return; /* the bands: nothing */
    ui_app_invalidate(a);
    if (!strcmp(id, "form.done")) {
        form_body_done(m->body);
    } else if (!strcmp(id, "member.back")) {
        ui_app_pop(a);
    } else if (!strcmp(id, "member.done")) {
        form_body_unfocus(m->body);
        if (member_ok(m)) {
            form_body_set_message(m->body, NULL);
            ui_app_pop(a);
        } else {
            form_body_set_message(m->body, core_str("form.member_errors"));
            form_body_show_errors(m->body); /* the first wrong field, beside it */
        }
    }
}

static int ms_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    mscreen *m = s->priv;
    if (m->card)
        return 0;
    int used = form_body_event(m->body, a, ev);
    ms_took(m, a);
    return used;
}

static uint64_t ms_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    mscreen *m = s->priv;
    uint64_t due = m->hooks.save(m->hooks.ud, a, now);
    ms_said(m, a);
    if (m->card) { /* the reader polled; the member's page is read once it shows */
        uint64_t at = form_card_tick(m->card, a, now);
        ms_card_settle(m, a);
        if (m->card)
            return ui_tick_min(ui_tick_min(at, due), ui_voicebtn_tick(a, now));
    }
    if (!m->spoken && ui_app_elderly(a)) { /* large text: read once, as a form page is */
        m->spoken = 1;
        ms_speak(m, a, NULL);
    }
    return ui_tick_min(ui_tick_min(form_body_tick(m->body, a, now), due), ui_voicebtn_tick(a, now));
}

static void ms_timeout(ui_screen *s, ui_app *a, int keep)
{
    mscreen *m = s->priv;
    form_card_free(m->card); /* the reader closes; nothing of a card stays */
    m->card = NULL;
    form_body_unfocus(m->body);
    form_body_wipe(m->body);
}

static void ms_destroy(ui_screen *s)
{
    mscreen *m = s->priv;
    if (m->hooks.save) /* 填好了, 返回, an Escape, home, the program's exit: the typing is kept */
        m->hooks.save(m->hooks.ud, NULL, UINT64_MAX);
    form_card_free(m->card);
    form_body_free(m->body);
    memset(m, 0, sizeof *m);
    ui_screen_free(s);
}

static const ui_screen_ops MEMBER_OPS = {"form_member", ms_draw, ms_activate, ms_event, ms_tick,
                                         ms_destroy};

int fs_member_card_swipe(ui_screen *s, ui_app *a, int n)
{
    mscreen *m = s && s->ops == &MEMBER_OPS ? s->priv : NULL;
    if (!m || !m->card || form_card_swipe(m->card, a, n) != 0)
        return -1;
    ms_card_settle(m, a);
    return 0;
}

ui_screen *ui_form_member_new(ui_app *a, form_inst *inst, const char *group, int idx, int added,
                              const char *sig_dir, const ui_form_member_hooks *hooks)
{
    const form_field *g = form_def_field(form_inst_def(inst), group);
    if (!g || idx < 0 || idx >= form_inst_member_count(inst, group))
        return NULL;
    ui_screen *s = ui_screen_new(&MEMBER_OPS, sizeof(mscreen));
    if (!s)
        return NULL;
    mscreen *m = s->priv;
    m->inst = inst;
    m->group = g;
    m->idx = idx;
    m->hooks = *hooks;
    form_body_hooks h = {m, NULL, ms_changed};
    m->body = form_body_new(inst, 0, group, idx, sig_dir, &h);
    s->on_timeout = ms_timeout;
    int card = added == FORM_MEMBER_ADDED && form_field_card_field(g, FORM_CARD_ID_NUMBER); /* the card first */
    if (m->body && card)
        m->card = form_card_new(ui_app_services(a)->idcard_device, ms_card_fill, m);
    if (m->card) { /* 请把家庭成员2的身份证放到读卡区 */
        char whose[160];
        ms_title(m, whose, sizeof whose);
        form_card_set_whose(m->card, whose);
    }
    if (!m->body || (card && !m->card)) {
        ms_destroy(s);
        return NULL;
    }
    if (added == FORM_MEMBER_SELF)
        form_body_show_first_open(m->body);
    return s;
}
