/* engines.c — the input-method and speech engines hooked into the UI. */
#include "ui/kb/ime/engines.h"

#include <stdio.h>
#include <string.h>

#include "ui/kb/ime/kb_ime.h"
#include "core/config.h"
#include "core/log.h"
#include "voice/voice.h"
#include "ui/widgets/voicebtn.h"

static voice *g_voice;
static int g_voice_failed;
static char g_voice_why[256]; /* why it failed, for the technician's info page */
static size_t g_cache_bytes = VOICE_CACHE_BYTES; /* voice.cache_kb */

/* espeak-ng starts on the first prompt spoken, not at start-up (memory). */
static int synth(void *ud, const char *text, int16_t **pcm, size_t *samples, int *rate)
{
    (void)ud;
    if (!g_voice && !g_voice_failed) {
        char err[256];
        if (voice_new(&g_voice, NULL, err, sizeof err) != 0) {
            g_voice_failed = 1; /* say it once, not at every tap */
            core_log(CORE_LOG_WARN, "engines", "speech: %s", err);
            snprintf(g_voice_why, sizeof g_voice_why, "%s", err[0] ? err : "cannot start");
            g_voice = NULL;
        } else {
            voice_cache_set_limit(g_voice, g_cache_bytes);
        }
    }
    return g_voice ? voice_synth_copy(g_voice, text, pcm, samples, rate) : -1;
}

static void forget(void *ud)
{
    (void)ud;
    if (g_voice)
        voice_cache_clear(g_voice);
}

static int stats(void *ud, ui_voice_cache *out)
{
    (void)ud;
    if (!g_voice && g_voice_failed) {
        snprintf(out->why, sizeof out->why, "%s", g_voice_why);
        return UI_VOICE_STATS_FAILED;
    }
    if (!g_voice)
        return UI_VOICE_STATS_NOT_STARTED;
    voice_cache_stats(g_voice, &out->clips, &out->bytes, &out->hits, &out->misses);
    return 0;
}

int ui_engines_install(const char *assets_dir, const core_config *cfg, char *warn, size_t warnlen)
{
    int started = 0;
    g_cache_bytes = cfg ? (size_t)core_config_get_int(cfg, "voice.cache_kb", VOICE_CACHE_BYTES >> 10)
                              << 10
                        : VOICE_CACHE_BYTES;
    char err[256];
    warn[0] = '\0';
    if (kb_ime_install(assets_dir, err, sizeof err) == 0) {
        started++;
    } else {
        core_log(CORE_LOG_WARN, "engines", "input methods: %s", err);
        snprintf(warn, warnlen, "input methods: %s", err);
    }
    ui_voice_engine e = {NULL, synth}; /* the engine itself starts on first use */
    ui_voice_set_engine(&e);
    ui_voice_set_forget(forget);
    ui_voice_set_stats(stats);
    started++;
    return started;
}

void ui_engines_uninstall(void)
{
    ui_voice_set_engine(NULL);
    ui_voice_set_forget(NULL);
    ui_voice_set_stats(NULL);
    voice_free(g_voice);
    g_voice = NULL;
    g_voice_failed = 0;
    g_voice_why[0] = '\0';
    kb_ime_uninstall();
}
