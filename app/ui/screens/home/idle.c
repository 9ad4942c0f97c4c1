/* idle.c — the "还在吗？" countdown, on a blank page that hides the screen
 * that went idle, with a 读给我听 that reads the question again (and gives
 * the person the whole countdown again: someone is there). */
#include "ui/screens/home/idle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "plat_clock.h"
#include "core/strings.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"
#include "ui/core/session.h"

typedef struct {
    ui_dialog *dlg;
    uint64_t deadline; /* monotonic ms when the session ends; 0 until the first tick */
    int shown_s;       /* seconds left as last drawn */
    int asked;         /* the question was spoken when the prompt opened */
    int said_known;    /* says was asked of the screens below */
    const char *says;  /* what the session's end does with the answers (a text key), or NULL */
} idle;

/* The question's message with the seconds left, and what the end of the
 * session does with the answers of a form under it (kept, and how they come
 * back; or not kept), as that screen says: asked once, since nothing under
 * the prompt changes while it shows, not at each second of the countdown. */
static void body_text(ui_screen *self, ui_app *a, int seconds, char *out, size_t n)
{
    idle *st = self->priv;
    if (!st->said_known) {
        int keep = (int)core_config_get_int(ui_app_config(a), "ui.keep_draft_on_timeout", 1);
        for (ui_screen *s = ui_app_below(a, self); s && !st->says; s = ui_app_below(a, s))
            if (s->timeout_says)
                st->says = s->timeout_says(s, a, keep);
        st->said_known = 1;
    }
    const char *key = st->says;
    int len = snprintf(out, n, core_str("idle.body"), seconds);
    if (key && len >= 0 && (size_t)len < n)
        len += snprintf(out + len, n - (size_t)len, "\n%s", core_str(key));
    if (ui_app_agent_id(a) && len >= 0 && (size_t)len < n) /* the session's end signs her out */
        snprintf(out + len, n - (size_t)len, "%s%s", key ? "" : "\n", core_str("idle.agent_out"));
}

static int seconds_left(const idle *st, uint64_t now)
{
    if (!st->deadline || now >= st->deadline)
        return 0;
    return (int)((st->deadline - now + 999) / 1000);
}

static void idle_draw(ui_screen *s, ui_app *a)
{
    idle *st = s->priv;
    /* the screen that went idle is not drawn: what someone typed there (a
     * name, an ID number) must not show to whoever walks up; a blank page
     * under the shade */
    char body[640];
    body_text(s, a, st->shown_s, body, sizeof body);
    ui_dialog_open(st->dlg, core_str("idle.title"), body, core_str("idle.stay"), NULL);
    ui_dialog_over_blank(st->dlg, a);
    ui_dialog_draw(st->dlg, a);
    /* 读给我听 at the foot's left end, as on the form pages, over the scrim */
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, vb = ui_voicebtn_size(a);
    SDL_Rect vr = {pad, t->h - pad - vb, vb, vb};
    ui_voicebtn(a, &vr, "idle.voice");
}

/* The question with the seconds left, as spoken. */
static void speech(ui_screen *s, ui_app *a, int seconds, char *out, size_t n)
{
    char body[640];
    body_text(s, a, seconds, body, sizeof body);
    snprintf(out, n, "%s%s", core_str("idle.title"), body);
}

static void idle_activate(ui_screen *s, ui_app *a, const char *id)
{
    idle *st = s->priv;
    int result, code;
    if (!strcmp(id, "idle.voice")) { /* read again, with the whole countdown */
        char say[1024];
        speech(s, a, (int)core_config_get_int(ui_app_config(a), "ui.countdown_s", 20), say,
               sizeof say);
        ui_voicebtn_activate(a, "idle.voice", id, say, &code);
        /* the next tick, at once, starts the countdown again and marks the
         * sentence with its number; the button marked itself */
        st->deadline = 0;
        ui_app_wake_at(a, 1);
        return;
    }
    /* any tap, on the button or beside the card, means someone is there */
    if (ui_dialog_activate(st->dlg, a, id, &result))
        ui_app_pop(a);
}

static uint64_t idle_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    idle *st = s->priv;
    if (!st->deadline) {
        st->deadline = now + (uint64_t)core_config_get_int(ui_app_config(a), "ui.countdown_s", 20) * 1000;
        if (!st->asked) {
            core_log(CORE_LOG_INFO, "ui", "no input for a while; asking whether someone is there");
            /* ask aloud too: not everyone reads */
            char say[1024];
            speech(s, a, (int)((st->deadline - now) / 1000), say, sizeof say);
            ui_voice_speak(a, say);
            st->asked = 1;
        }
    }
    if (now >= st->deadline) {
        ui_voice_forget(); /* spoken prompts may have held answers */
        ui_app_end_session(a); /* destroys this screen: touch nothing after */
        return 0;
    }
    int left = seconds_left(st, now);
    uint64_t vt = ui_voicebtn_tick(a, now); /* the button lit while it speaks */
    if (left != st->shown_s) {
        /* the sentence with the number: its box alone while it keeps its lines */
        st->shown_s = left;
        char body[640];
        body_text(s, a, left, body, sizeof body);
        ui_dialog_set_body(st->dlg, a, body);
    }
    /* wake at the next whole second left, or at the deadline */
    uint64_t next = st->deadline - (uint64_t)(left - 1) * 1000;
    return ui_tick_min(next > now ? next : now + 1, vt);
}

static void idle_destroy(ui_screen *s)
{
    idle *st = s->priv;
    ui_dialog_free(st->dlg);
    ui_screen_free(s);
}

static const ui_screen_ops IDLE_OPS = {"idle", idle_draw, idle_activate, NULL, idle_tick,
                                       idle_destroy};


ui_screen *ui_idle_new(void)
{
    ui_screen *s = ui_screen_new(&IDLE_OPS, sizeof(idle));
    idle *st = s ? s->priv : NULL;
    if (!st || !(st->dlg = ui_dialog_new("idle"))) {
        ui_screen_free(s);
        return NULL;
    }
    return s;
}
