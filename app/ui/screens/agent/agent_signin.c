/* agent_signin.c — the proxy agent's sign-in screen: agent number and PIN on
 * the digit pad, checked offline against the cached Argon2id hash under the
 * persisted lockout, with the wait shown and counted down while locked. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/agent/agent_int.h"
#include "ui/screens/agent/agent_screens.h"
#include "auth/auth.h"
#include "ui/kb/kb.h"
#include "core/log.h"
#include "plat_clock.h"
#include "core/strings.h"
#include "ui/widgets/widget.h"
#include "ui/core/session.h"
#include "ui/core/services.h"

/* ---- the check, without the screen ---- */

const char *ui_agent_error_key(int code)
{
    switch (code) {
    case UI_AGENT_ERR_UNKNOWN: return "err.ui_agent.unknown";
    case UI_AGENT_ERR_INACTIVE: return "err.ui_agent.inactive";
    case UI_AGENT_ERR_NOCACHE: return "err.ui_agent.nocache";
    case UI_AGENT_ERR_STORE: return "err.ui_agent.store";
    case UI_AGENT_ERR_AMBIGUOUS: return "err.ui_agent.ambiguous";
    }
    return auth_error_key(code);
}

static void audit_fail(store *st, const char *id, const char *reason)
{
    char detail[32];
    snprintf(detail, sizeof detail, "reason=%s", reason);
    store_audit_add(st, STORE_ACTOR_AGENT, id, "agent.signin_failed", NULL, detail);
    core_log(CORE_LOG_INFO, "agent", "sign-in refused for %s (%s)", id ? id : "-", reason);
}

int ui_agent_check(store *st, const char *number, const char *pin, int64_t now_s,
                   store_agent *out, int *wait_s)
{
    if (wait_s)
        *wait_s = 0;
    if (!st || !out)
        return UI_AGENT_ERR_STORE;
    memset(out, 0, sizeof *out);
    int all = 0;
    if (store_agent_count(st, &all, NULL) != STORE_OK)
        return UI_AGENT_ERR_STORE;
    if (all == 0)
        return UI_AGENT_ERR_NOCACHE;
    store_agent ag;
    int rc = store_agent_find(st, number, &ag);
    if (rc == STORE_ERR_NOTFOUND || rc == STORE_ERR_INVALID) {
        audit_fail(st, NULL, "unknown");
        return UI_AGENT_ERR_UNKNOWN;
    }
    if (rc == STORE_ERR_CONFLICT)
        return UI_AGENT_ERR_AMBIGUOUS;
    if (rc != STORE_OK)
        return UI_AGENT_ERR_STORE;
    auth_lock lk;
    if (store_agent_lock_get(st, ag.id, &lk) != STORE_OK) {
        sodium_memzero(&ag, sizeof ag);
        return UI_AGENT_ERR_STORE;
    }
    int w = 0;
    int before = lk.failures;
    rc = auth_try(&lk, ag.pin_hash, pin, now_s, &w);
    if (lk.failures != before || rc == AUTH_OK)
        if (store_agent_lock_set(st, ag.id, &lk) != STORE_OK)
            rc = rc == AUTH_OK ? UI_AGENT_ERR_STORE : rc;
    if (rc == AUTH_OK && !ag.active) {
        audit_fail(st, ag.id, "inactive");
        rc = UI_AGENT_ERR_INACTIVE;
    } else if (rc == AUTH_OK) {
        *out = ag;
    } else if (rc == AUTH_ERR_WRONG || rc == AUTH_ERR_FORMAT) {
        audit_fail(st, ag.id, "wrong");
        if (w > 0)
            rc = AUTH_ERR_LOCKED; /* this wrong PIN started a wait */
    } else if (rc == AUTH_ERR_LOCKED) {
        audit_fail(st, ag.id, "locked");
    } else {
        audit_fail(st, ag.id, "hash");
    }
    if (wait_s)
        *wait_s = w;
    sodium_memzero(&ag, sizeof ag);
    return rc;
}

/* ---- the screen ---- */

typedef struct {
    kb *number, *pin;
    int focus_pin;
    int code;              /* last result, 0 = none */
    int64_t locked_until;  /* wall seconds, while the lockout message shows */
    char agent_id[STORE_AGENT_ID_MAX + 1]; /* whose lock is shown */
    SDL_Rect box[2];       /* what a digit changes of the number's, the PIN's field */
    SDL_Rect go;           /* the button under the fields */
    SDL_Rect form;         /* the intro to the pad's edge: what a message moves */
    /* the number typed fits several agents ("0012": A0012 and B0012): their
     * ids to tap, under the message */
    char pick[UI_AGENT_PICK_MAX][STORE_AGENT_ID_MAX + 1];
    int npick;
    int picks_gone; /* a key took them away: the button's place to draw again */
} signin;

static void masked(const char *pin, char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; pin[i] && strlen(out) + 4 < n; i++)
        strcat(out, "●");
}

/* The message under the fields: the lockout wait counted down, or the error. */
static void message(signin *g, char *out, size_t n)
{
    out[0] = '\0';
    if (g->code == AUTH_ERR_LOCKED) {
        int64_t left = g->locked_until - plat_clock_wall();
        if (left < 0)
            left = 0;
        char wait[64];
        if (left >= 60)
            snprintf(wait, sizeof wait, core_str("agent.wait_m"), (int)(left / 60),
                     (int)(left % 60));
        else
            snprintf(wait, sizeof wait, core_str("agent.wait_s"), (int)left);
        snprintf(out, n, "%s\n%s", core_str("agent.locked"), wait);
    } else if (g->code == UI_AGENT_ERR_AMBIGUOUS && g->npick) {
        snprintf(out, n, core_str("agent.pick"), kb_text(g->number));
    } else if (g->code) {
        snprintf(out, n, "%s", core_str(ui_agent_error_key(g->code)));
    }
}

/* 1 when the button under the fields can be tapped: 下一步 with a number,
 * 登录 with the whole PIN as well and no wait running. */
static int go_on(const signin *g)
{
    if (!g->focus_pin)
        return kb_text(g->number)[0] != '\0';
    int locked = g->code == AUTH_ERR_LOCKED && g->locked_until > plat_clock_wall();
    return strlen(kb_text(g->pin)) == AUTH_PIN_LEN && kb_text(g->number)[0] && !locked;
}

static void si_draw(ui_screen *s, ui_app *a)
{
    signin *g = s->priv;
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    int y = agent_draw_band(a, core_str("agent.signin.title"), NULL, "agent.back",
                            core_str("agent.back")) +
            pad;
    kb *k = g->focus_pin ? g->pin : g->number;
    int kbh = kb_height(k, a);
    /* portrait: form above the pad, the pad the screen's width as a
     * keyboard is; landscape: form left, pad right within the page's margin
     * (its right column in line with 返回 above it), the button under the pad */
    int fw = t->portrait ? t->w - 2 * pad : t->w / 2 - pad * 3 / 2;
    SDL_Rect kr = t->portrait ? (SDL_Rect){0, t->h - kbh, t->w, kbh}
                              : (SDL_Rect){t->w / 2, y, t->w / 2 - pad, t->h - y};
    int bh = ui_button_height(a);
    text_style si = {t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_LEFT, 0, 0};
    const char *intro = core_str("agent.signin.intro");
    char msg[256];
    message(g, msg, sizeof msg);
    SDL_Color mc = g->code == AUTH_ERR_LOCKED ? t->warn : t->danger;
    text_style sm = {t->px_label, TEXT_BOLD, mc, TEXT_LEFT, 0, 0};
    /* what a message moves: from the intro to the pad's edge */
    g->form = t->portrait ? (SDL_Rect){0, y, t->w, kr.y - y} : (SDL_Rect){0, y, kr.x, t->h - y};
    /* The column ends a unit above the pad (portrait: with the button) or
     * the screen's edge (the button is under the pad), nothing under either.
     * A message of two lines in large text leaves no room for the intro
     * too: it takes the intro's place (the intro says what to type, the
     * message what to do now), and should even that not fit the gaps close
     * to a unit. */
    int gap = pad, show_intro = 1;
    {
        int below = t->portrait ? bh : 0; /* the button, in the column */
        int fields = 2 * ui_field_height(a, 0);
        int mh = msg[0] ? text_measure_box(tx, msg, fw, &sm, NULL) : 0;
        int ih = text_measure_box(tx, intro, fw, &si, NULL);
        int room = (t->portrait ? kr.y : t->h) - t->unit - y;
        int parts = 2 + (msg[0] != 0) + t->portrait; /* the fields, message, button */
        int gaps = parts - 1;                            /* between them */
        if (ih + gap + fields + mh + below + gaps * gap > room)
            show_intro = !msg[0];
        if (!show_intro && fields + mh + below + gaps * gap > room)
            gap = t->unit;
    }
    if (show_intro) {
        SDL_Rect ib = {pad, y, fw, 0};
        y += text_draw_box(tx, intro, &ib, &si) + gap;
    }
    g->box[0] = ui_field_typing_rect(a, pad, y, fw);
    y += ui_field(a, pad, y, fw, "agent.f.number", core_str("agent.number"), kb_text(g->number),
                  NULL, !g->focus_pin, NULL) + gap;
    char dots[64];
    masked(kb_text(g->pin), dots, sizeof dots);
    g->box[1] = ui_field_typing_rect(a, pad, y, fw);
    y += ui_field(a, pad, y, fw, "agent.f.pin", core_str("agent.pin"), dots, NULL, g->focus_pin,
                  NULL) + gap;
    if (msg[0]) {
        SDL_Rect mb = {pad, y, fw, 0};
        y += text_draw_box(tx, msg, &mb, &sm) + gap;
    }
    SDL_Rect go = {pad, y, fw, bh};
    if (!t->portrait) /* under the pad: the fields and a message above it in large text fill
                       * a 1280x800 screen's left half */
        go = (SDL_Rect){kr.x, kr.y + kbh + pad, kr.w, bh};
    /* the ids the digits fit take the button's place: 下一步 would only
     * find them all again */
    for (int i = 0; i < g->npick; i++) {
        int bg = t->unit, bw = (go.w - (g->npick - 1) * bg) / g->npick;
        char id[32];
        snprintf(id, sizeof id, "agent.pick.%d", i);
        SDL_Rect pr = {go.x + i * (bw + bg), go.y, bw, bh};
        ui_button(a, &pr, id, g->pick[i], UI_BTN_SECONDARY);
    }
    g->go = go;
    if (g->npick)
        ; /* the choices stand there */
    else if (go_on(g) && !g->focus_pin)
        ui_button(a, &go, "agent.go", core_str("agent.next"), UI_BTN_PRIMARY);
    else if (!g->focus_pin)
        ui_button_disabled(a, &go, core_str("agent.next"));
    else if (go_on(g))
        ui_button(a, &go, "agent.go", core_str("agent.go"), UI_BTN_PRIMARY);
    else
        ui_button_disabled(a, &go, core_str("agent.go"));
    kb_draw(k, a, &kr);
}

/* After a key (the pad marked its own part): the digits of the field typed
 * in, and the button when it turned on or off; a message that went (a new
 * number) moves what follows it: the fields to the pad (on a wide screen
 * the button lies under the pad, outside them: it is marked as well when
 * it turned off, the number's last digit taken back). */
static void si_typed(signin *g, ui_app *a, int code_was, int go_was)
{
    if (g->form.h <= 0) {
        ui_app_invalidate(a); /* not drawn yet */
        return;
    }
    ui_app_invalidate_rect(a, g->code != code_was ? &g->form : &g->box[g->focus_pin]);
    if (go_was != go_on(g) || g->picks_gone)
        ui_button_mark(a, &g->go);
    g->picks_gone = 0;
}

static void try_sign_in(signin *g, ui_app *a)
{
    store *st = ui_app_services(a)->store;
    store_agent ag;
    int wait = 0;
    int rc = ui_agent_check(st, kb_text(g->number), kb_text(g->pin), plat_clock_wall(), &ag, &wait);
    kb_clear(g->pin);
    if (rc == AUTH_OK) {
        ui_app_agent_sign_in(a, ag.id, ag.name);
        sodium_memzero(&ag, sizeof ag);
        ui_app_pop(a); /* destroys g: nothing after this */
        return;
    }
    g->code = rc;
    g->locked_until = rc == AUTH_ERR_LOCKED ? plat_clock_wall() + wait : 0;
    g->npick = 0;
    if (rc == UI_AGENT_ERR_AMBIGUOUS) { /* the ids it fits, to tap */
        int n = 0;
        if (store_agent_ids_for(st, kb_text(g->number), g->pick, UI_AGENT_PICK_MAX, &n) ==
                STORE_OK &&
            n > 1 && n <= UI_AGENT_PICK_MAX) /* more than fit: 请联系县里核对编号, as before */
            g->npick = n;
    }
    if (rc == UI_AGENT_ERR_UNKNOWN || rc == UI_AGENT_ERR_AMBIGUOUS) {
        g->focus_pin = 0; /* the number is what to fix */
    }
    if (rc == AUTH_ERR_LOCKED)
        ui_app_wake_at(a, plat_clock_mono_ms() + 1000);
    ui_app_invalidate(a);
}

/* A key was taken: a new number's old message no longer applies (a
 * wrong-PIN message stays while the PIN is typed again). */
static void si_took(signin *g)
{
    if (kb_take_changed(g->number) && g->code != AUTH_ERR_LOCKED) {
        g->code = 0;
        g->picks_gone |= g->npick > 0;
        g->npick = 0;
    }
    kb_take_changed(g->pin);
}

static void si_activate(ui_screen *s, ui_app *a, const char *id)
{
    signin *g = s->priv;
    if (!strcmp(id, "agent.back")) {
        ui_app_pop(a);
        return;
    }
    if (!strncmp(id, "agent.pick.", 11)) { /* her own id of those the digits fit */
        int i = atoi(id + 11);
        if (i < 0 || i >= g->npick)
            return;
        kb_set_text(g->number, g->pick[i]);
        kb_take_changed(g->number);
        g->npick = 0;
        g->code = 0;
        g->focus_pin = 1;
    } else if (!strcmp(id, "agent.f.number")) {
        g->focus_pin = 0;
    } else if (!strcmp(id, "agent.f.pin")) {
        g->focus_pin = 1;
    } else if (!strcmp(id, "agent.go")) {
        if (!g->focus_pin) {
            g->focus_pin = 1;
        } else {
            try_sign_in(g, a);
            return;
        }
    } else {
        int code = g->code, go = go_on(g);
        if (kb_activate(g->focus_pin ? g->pin : g->number, a, id)) {
            si_took(g);
            si_typed(g, a, code, go);
        }
        return;
    }
    ui_app_invalidate(a);
}

static int si_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    signin *g = s->priv;
    int code = g->code, go = go_on(g);
    if (!kb_event(g->focus_pin ? g->pin : g->number, a, ev))
        return 0;
    if (ev->type != PLAT_EV_DOWN) { /* a finger down between keys changes nothing yet */
        si_took(g);
        si_typed(g, a, code, go);
    }
    return 1;
}

static uint64_t si_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    signin *g = s->priv;
    if (g->code != AUTH_ERR_LOCKED)
        return 0;
    /* the wait counts down: the message under the fields (and the button
     * after it) alone */
    if (g->form.h > 0)
        ui_app_invalidate_rect(a, &g->form);
    else
        ui_app_invalidate(a);
    if (g->locked_until <= plat_clock_wall()) {
        g->code = 0;
        return 0;
    }
    return now + 1000;
}

static void si_destroy(ui_screen *s)
{
    signin *g = s->priv;
    kb_free(g->number);
    kb_free(g->pin); /* wipes the PIN */
    sodium_memzero(g, sizeof *g);
    ui_screen_free(s);
}

static const ui_screen_ops SI_OPS = {"agent_signin", si_draw, si_activate, si_event, si_tick,
                                     si_destroy};

ui_screen *ui_agent_signin_new(void)
{
    ui_screen *s = ui_screen_new(&SI_OPS, sizeof(signin));
    if (!s)
        return NULL;
    signin *g = s->priv;
    g->number = kb_new("agent.kb", KB_DIGITS);
    g->pin = kb_new("agent.kb", KB_DIGITS);
    if (!g->number || !g->pin) {
        si_destroy(s);
        return NULL;
    }
    kb_set_max_chars(g->number, 12);
    kb_set_max_chars(g->pin, AUTH_PIN_LEN);
    return s;
}
