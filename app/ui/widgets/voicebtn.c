/* voicebtn.c — the speaker button and speaking a prompt through the engine. */
#include "ui/widgets/voicebtn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cz_text_build.h" /* the label: the failure page shows it without the assets folder */
#include "core/log.h"
#include "plat_audio.h"
#include "plat_clock.h"
#include "core/strings.h"
#include "ui/widgets/widget.h"

static ui_voice_engine g_voice;
static int g_have_voice;

/* The buttons drawn (their targets' ids): what lights up while speech plays
 * and goes back when it ends. A program has a few (one a screen, one a
 * dialog); past VB_IDS the whole screen is marked instead. */
#define VB_IDS 16
static char g_ids[VB_IDS][64];
static int g_nids, g_ids_lost;
static int g_lit; /* speech played when the buttons were last marked */
static const ui_app *g_app; /* the app they were drawn in (tests make several) */

static void remember_id(const char *id)
{
    for (int i = 0; i < g_nids; i++)
        if (!strcmp(g_ids[i], id))
            return;
    if (g_nids == VB_IDS) {
        g_ids_lost = 1;
        return;
    }
    snprintf(g_ids[g_nids++], sizeof g_ids[0], "%s", id);
}

/* Speech started or stopped: every button on the screen changes its look,
 * nothing else does. */
static void mark_buttons(ui_app *a)
{
    g_lit = plat_audio_busy();
    if (g_ids_lost) {
        ui_app_invalidate(a);
        return;
    }
    for (int i = 0; i < g_nids; i++)
        ui_app_invalidate_target(a, g_ids[i]);
}

static void (*g_forget)(void *ud);
static int (*g_stats)(void *ud, ui_voice_cache *out);

void ui_voice_set_forget(void (*forget)(void *ud)) { g_forget = forget; }
void ui_voice_set_stats(int (*stats)(void *ud, ui_voice_cache *out)) { g_stats = stats; }

int ui_voice_stats(ui_voice_cache *out)
{
    memset(out, 0, sizeof *out);
    return g_have_voice && g_stats ? g_stats(g_voice.ud, out) : UI_VOICE_STATS_NOT_STARTED;
}

void ui_voice_forget(void)
{
    plat_audio_stop();
    if (g_forget && g_have_voice)
        g_forget(g_voice.ud);
}

void ui_voice_set_engine(const ui_voice_engine *e)
{
    g_have_voice = e != NULL;
    if (e)
        g_voice = *e;
    else
        memset(&g_voice, 0, sizeof g_voice);
}

/* Logs a failure the first time each kind happens. */
static void log_once(int code, const char *detail)
{
    static unsigned logged;
    unsigned bit = 1u << (unsigned)(-code & 7);
    if (logged & bit)
        return;
    logged |= bit;
    core_log(CORE_LOG_WARN, "ui", "voice guidance: %s%s%s (logged once)", ui_voice_strerror(code),
             detail ? ": " : "", detail ? detail : "");
}

int ui_voice_speak(ui_app *a, const char *text)
{
    core_config *cfg = ui_app_config(a);
    if (!core_config_get_int(cfg, "audio.voice", 1))
        return UI_VOICE_OFF;
    if (!g_have_voice || !g_voice.synth) {
        log_once(UI_VOICE_ERR_NO_ENGINE, NULL);
        return UI_VOICE_ERR_NO_ENGINE;
    }
    int16_t *pcm = NULL;
    size_t n = 0;
    int rate = 0;
    if (g_voice.synth(g_voice.ud, text, &pcm, &n, &rate) != 0 || !pcm || rate <= 0) {
        free(pcm);
        log_once(UI_VOICE_ERR_SYNTH, NULL);
        return UI_VOICE_ERR_SYNTH;
    }
    int vol = (int)core_config_get_int(cfg, "audio.volume", 70);
    int rc = plat_audio_play(pcm, n, rate, vol);
    if (rc != 0) {
        char err[128];
        if (plat_audio_open(err, sizeof err) == 0)
            rc = plat_audio_play(pcm, n, rate, vol);
        else
            log_once(UI_VOICE_ERR_AUDIO, err);
    }
    free(pcm);
    mark_buttons(a);
    if (rc == 0)
        ui_app_wake_at(a, plat_clock_mono_ms() + 200);
    return rc == 0 ? UI_VOICE_OK : UI_VOICE_ERR_AUDIO;
}

const char *ui_voice_strerror(int code)
{
    switch (code) {
    case UI_VOICE_OK: return "ok";
    case UI_VOICE_OFF: return "voice guidance is switched off";
    case UI_VOICE_ERR_NO_ENGINE: return "no speech engine installed";
    case UI_VOICE_ERR_SYNTH: return "speech synthesis failed";
    case UI_VOICE_ERR_AUDIO: return "the speaker could not play";
    default: return "unknown voice guidance error";
    }
}

const char *ui_voice_error_key(int code)
{
    switch (code) {
    case UI_VOICE_OK:
    case UI_VOICE_OFF: return NULL;
    case UI_VOICE_ERR_AUDIO: return "err.ui_voice.audio";
    default: return "err.ui_voice.engine";
    }
}

uint64_t ui_voicebtn_tick(ui_app *a, uint64_t now_ms)
{
    int busy = plat_audio_busy();
    if (busy != g_lit)
        mark_buttons(a);
    return busy ? now_ms + 200 : 0;
}

int ui_voicebtn_size(ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    return t->target + t->unit;
}

void ui_voicebtn(ui_app *a, const SDL_Rect *r, const char *id)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    if (a != g_app) { /* another app: its first frame is drawn whole */
        g_app = a;
        g_nids = g_ids_lost = 0;
        g_lit = plat_audio_busy();
    }
    /* lit as last marked, not as the speaker is now: speech that ended
     * since is the next tick's change (it marks the buttons), so a frame
     * drawn in full and one drawn in part show the same */
    int lit = ui_app_pressed(a, id) || g_lit;
    draw_round_box(d, r, t->radius, lit ? t->primary : t->surface, t->primary, t->elderly ? 5 : 3);
    SDL_Color ink = lit ? t->primary_ink : t->primary;
    text_ctx *tx = ui_app_text(a);
    int lh = text_line_height(tx, t->px_small);
    SDL_Rect icon = {r->x, r->y + t->unit / 4, r->w, r->h - lh - t->unit / 2};
    ui_icon_speaker(a, &icon, ink);
    const char *label = CZ_TEXT_VOICE_BUTTON;
    int px = text_fit_px(tx, label, r->w - t->unit / 2, t->px_small, t->px_small * 3 / 4, TEXT_BOLD);
    text_style s = {px, TEXT_BOLD, ink, TEXT_CENTER, 0, 1};
    SDL_Rect lb = {r->x, r->y + r->h - lh - t->unit / 4, r->w, 0};
    text_draw_box(tx, label, &lb, &s);
    ui_app_target(a, r, id);
    remember_id(id);
}

size_t ui_voice_sentence(char *out, size_t n, size_t len, const char *text)
{
    if (!text || !*text)
        return len;
    int k = snprintf(len < n ? out + len : NULL, len < n ? n - len : 0, core_str("voice.sentence"),
                     text);
    return k > 0 ? len + (size_t)k : len;
}

int ui_voicebtn_activate(ui_app *a, const char *btn_id, const char *id, const char *text,
                         int *code)
{
    if (strcmp(btn_id, id) != 0)
        return 0;
    if (plat_audio_busy()) {
        plat_audio_stop();
        *code = UI_VOICE_OK;
        mark_buttons(a);
        return 1;
    }
    *code = ui_voice_speak(a, text);
    return 1;
}
