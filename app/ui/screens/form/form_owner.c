/* form_owner.c — the last four digits of the phone number a typed draft
 * holds, asked before its answers come back or go, and the locks held in
 * memory where the store could not keep them (form_owner.h). */
#include "ui/screens/form/form_owner.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/strings.h"
#include "ui/kb/kb.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"

#define OWNER_DIGITS 4

typedef struct {
    kb *pad;
    char want[OWNER_DIGITS + 1];
    int wrong;          /* wrong answers so far, this screen's and before it */
    int wrong_here;     /* a wrong answer on this screen (not only before it) */
    int failed;         /* FORM_OWNER_TRIES wrong: the draft is locked (kept for her card) */
    int lock_unkept;    /* and the store could not keep the lock (held in memory only) */
    int restart;        /* FORM_OWNER_RESTART: the digits let the draft go */
    form_owner_fn done;
    void *ud;
    SDL_Rect box;       /* what a digit changes of the field */
    SDL_Rect go;        /* 确定 */
} owner;

/* The line under the field: how many tries are left, or that the draft is
 * locked and kept; "" before a wrong answer. */
static void message(const owner *o, char *out, size_t n)
{
    out[0] = '\0';
    if (o->failed) /* a lock the store could not keep lasts only until a restart: not
                    * said to last */
        snprintf(out, n, "%s", core_str(o->lock_unkept ? "owner.failed_unkept" : "owner.failed"));
    else if (o->wrong)
        snprintf(out, n, core_str(o->wrong_here ? "owner.wrong" : "owner.left"),
                 FORM_OWNER_TRIES - o->wrong);
}

static int go_on(const owner *o)
{
    return o->failed || strlen(kb_text(o->pad)) == OWNER_DIGITS;
}

static void ow_draw(ui_screen *s, ui_app *a)
{
    owner *o = s->priv;
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    int y = ui_title_band(a, "owner.back", core_str("owner.back"),
                          core_str(o->restart ? "owner.title_restart" : "owner.title")) + pad;
    int kbh = o->failed ? 0 : kb_height(o->pad, a);
    /* portrait: the column above the pad, the pad the screen's width;
     * landscape: the column left, the pad right (as the agent's sign-in) */
    int fw = t->portrait || o->failed ? t->w - 2 * pad : t->w / 2 - pad * 3 / 2;
    SDL_Rect kr = t->portrait ? (SDL_Rect){0, t->h - kbh, t->w, kbh}
                              : (SDL_Rect){t->w / 2, y, t->w / 2 - pad, t->h - y};
    int bh = ui_button_height(a), vw = ui_voicebtn_size(a), gap = pad;
    int rowh = bh > vw ? bh : vw;
    char msg[256];
    message(o, msg, sizeof msg);
    text_style si = {t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT, 0, 0};
    text_style sm = {t->px_label, TEXT_BOLD, o->failed ? t->warn : t->danger, TEXT_LEFT, 0, 0};
    const char *intro = core_str(o->restart ? "owner.intro_restart" : "owner.intro");
    /* The column ends a unit above the pad (portrait: with the row of 读给我听
     * and 确定) or the screen's edge (landscape: the row is under the pad).
     * When a message and the intro do not both fit, the message takes the
     * intro's place (it says what to do now); the gaps close to a unit. */
    int below = t->portrait || o->failed ? rowh : 0;
    int room = (t->portrait && !o->failed ? kr.y : t->h) - t->unit - y;
    int ih = o->failed ? 0 : text_measure_box(tx, intro, fw, &si, NULL);
    int fh = o->failed ? 0 : ui_field_height(a, 0);
    int mh = msg[0] ? text_measure_box(tx, msg, fw, &sm, NULL) : 0;
    int parts = (ih > 0) + (fh > 0) + (mh > 0) + (below > 0);
    int show_intro = ih > 0;
    if (ih + fh + mh + below + (parts - 1) * gap > room && mh) {
        show_intro = 0;
        parts--;
    }
    if ((show_intro ? ih : 0) + fh + mh + below + (parts - 1) * gap > room)
        gap = t->unit;
    if (show_intro) {
        SDL_Rect ib = {pad, y, fw, 0};
        y += text_draw_box(tx, intro, &ib, &si) + gap;
    }
    if (!o->failed) {
        o->box = ui_field_typing_rect(a, pad, y, fw);
        y += ui_field(a, pad, y, fw, "owner.f.digits", core_str("owner.field"), kb_text(o->pad),
                      NULL, 1, NULL) + gap;
    }
    if (msg[0]) {
        SDL_Rect mb = {pad, y, fw, 0};
        y += text_draw_box(tx, msg, &mb, &sm) + gap;
    }
    SDL_Rect row = {pad, y, fw, rowh};
    if (!below) /* landscape: under the pad, as wide (a unit under it: the tablet's pad
                 * in large text leaves little room) */
        row = (SDL_Rect){kr.x, kr.y + kbh + t->unit, kr.w, rowh};
    SDL_Rect vb = {row.x, row.y, vw, rowh};
    ui_voicebtn(a, &vb, "owner.voice");
    o->go = (SDL_Rect){row.x + vw + t->unit, row.y + (rowh - bh) / 2, row.w - vw - t->unit, bh};
    const char *label = core_str(o->failed ? "owner.again" : "owner.go");
    if (go_on(o))
        ui_button(a, &o->go, "owner.go", label, UI_BTN_PRIMARY);
    else
        ui_button_disabled(a, &o->go, label);
    if (!o->failed)
        kb_draw(o->pad, a, &kr);
}

/* What 读给我听 reads: the intro and the message, or the message alone. */
static void speech(const owner *o, char *out, size_t n)
{
    char msg[256];
    message(o, msg, sizeof msg);
    const char *intro = core_str(o->restart ? "owner.intro_restart" : "owner.intro");
    size_t len = ui_voice_sentence(out, n, 0, o->failed ? NULL : intro);
    ui_voice_sentence(out, n, len, msg);
}

static void check(ui_screen *s, ui_app *a)
{
    owner *o = s->priv;
    if (o->failed) {
        ui_app_pop(a); /* 重新填写: the form under it goes on as a new one */
        return;
    }
    int right = sodium_memcmp(kb_text(o->pad), o->want, OWNER_DIGITS) == 0;
    kb_clear(o->pad);
    if (right) {
        form_owner_fn done = o->done;
        void *ud = o->ud;
        core_log(CORE_LOG_INFO, "form", "kept draft: owner's digits given");
        ui_app_pop(a); /* frees o */
        done(ud, a, FORM_OWNER_OK);
        return;
    }
    /* counted where the draft is (a count not kept still counts here) */
    int kept = o->done(o->ud, a, FORM_OWNER_WRONG);
    o->wrong = kept > o->wrong ? kept : o->wrong + 1;
    o->wrong_here = 1;
    core_log(CORE_LOG_INFO, "form", "kept draft: wrong digits (%d of %d)", o->wrong,
             FORM_OWNER_TRIES);
    if (o->wrong >= FORM_OWNER_TRIES) {
        o->failed = 1;
        sodium_memzero(o->want, sizeof o->want);
        o->lock_unkept = o->done(o->ud, a, FORM_OWNER_FAILED) != 0;
    }
    ui_app_invalidate(a);
}

/* After a key: the field's digits, and the button when it turned on or off. */
static void typed(owner *o, ui_app *a, int go_was)
{
    kb_take_changed(o->pad);
    if (o->box.h <= 0) {
        ui_app_invalidate(a);
        return;
    }
    ui_app_invalidate_rect(a, &o->box);
    if (go_was != go_on(o))
        ui_button_mark(a, &o->go);
}

/* 返回 (or Escape): the question again, unless the draft is gone. */
static void back(owner *o, ui_app *a)
{
    form_owner_fn done = o->done;
    void *ud = o->ud;
    int failed = o->failed;
    ui_app_pop(a); /* frees o */
    if (!failed) /* after the third wrong answer there is nothing to ask again */
        done(ud, a, FORM_OWNER_BACK);
}

static void ow_activate(ui_screen *s, ui_app *a, const char *id)
{
    owner *o = s->priv;
    if (!strcmp(id, "owner.back")) {
        back(o, a);
        return;
    }
    if (!strcmp(id, "owner.voice")) { /* a second tap stops the speech */
        char say[512];
        speech(o, say, sizeof say);
        int code;
        ui_voicebtn_activate(a, "owner.voice", id, say, &code);
        return;
    }
    if (!strcmp(id, "owner.go")) {
        if (go_on(o))
            check(s, a);
        return;
    }
    if (!strcmp(id, "owner.f.digits") || o->failed)
        return;
    int go = go_on(o);
    if (kb_activate(o->pad, a, id))
        typed(o, a, go);
}

static int ow_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    owner *o = s->priv;
    if (ev->type == PLAT_EV_KEY && ev->key == PLAT_KEY_ESCAPE) { /* as 返回: not left unanswered */
        back(o, a);
        return 1;
    }
    if (o->failed)
        return 0;
    int go = go_on(o);
    if (!kb_event(o->pad, a, ev))
        return 0;
    if (ev->type != PLAT_EV_DOWN)
        typed(o, a, go);
    return 1;
}

static uint64_t ow_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    (void)s;
    return ui_voicebtn_tick(a, now);
}

static void ow_destroy(ui_screen *s)
{
    owner *o = s->priv;
    kb_free(o->pad); /* wipes the digits typed */
    sodium_memzero(o, sizeof *o);
    ui_screen_free(s);
}

static const ui_screen_ops OWNER_OPS = {"form_owner", ow_draw, ow_activate, ow_event, ow_tick,
                                        ow_destroy};

ui_screen *form_owner_new(const char *digits, int wrong, int purpose, form_owner_fn done,
                          void *ud)
{
    if (!digits || !done || wrong < 0 || wrong >= FORM_OWNER_TRIES ||
        (purpose != FORM_OWNER_RESUME && purpose != FORM_OWNER_RESTART) ||
        strlen(digits) != OWNER_DIGITS ||
        strspn(digits, "0123456789") != OWNER_DIGITS)
        return NULL;
    ui_screen *s = ui_screen_new(&OWNER_OPS, sizeof(owner));
    if (!s)
        return NULL;
    owner *o = s->priv;
    o->pad = kb_new("owner.kb", KB_DIGITS);
    if (!o->pad) {
        ow_destroy(s);
        return NULL;
    }
    kb_set_max_chars(o->pad, OWNER_DIGITS);
    memcpy(o->want, digits, OWNER_DIGITS + 1);
    o->done = done;
    o->ud = ud;
    o->wrong = wrong;
    o->restart = purpose == FORM_OWNER_RESTART;
    return s;
}

/* ---- locks held in memory ---- */

#define OWNER_HELD 8
static char held[OWNER_HELD][40]; /* uuids; "" free */
static int held_next;             /* the slot the next one takes when none is free */

static int held_slot(const char *uuid)
{
    for (int i = 0; uuid && *uuid && i < OWNER_HELD; i++)
        if (!strcmp(held[i], uuid))
            return i;
    return -1;
}

void form_owner_lock_hold(const char *uuid)
{
    if (!uuid || !*uuid || strlen(uuid) >= sizeof held[0] || held_slot(uuid) >= 0)
        return;
    int i = 0;
    while (i < OWNER_HELD && held[i][0])
        i++;
    if (i == OWNER_HELD) { /* all taken: the oldest gives way */
        i = held_next;
        held_next = (held_next + 1) % OWNER_HELD;
    }
    snprintf(held[i], sizeof held[i], "%s", uuid);
}

int form_owner_lock_held(const char *uuid) { return held_slot(uuid) >= 0; }

void form_owner_lock_end(const char *uuid)
{
    int i = held_slot(uuid);
    if (i >= 0)
        held[i][0] = '\0';
}
