/* engines.c — the input-method and speech engines hooked into the UI. */
#include "engines.h"

#include <stdio.h>
#include <string.h>

#include "kb_ime.h"
#include "log.h"
#include "voice.h"
#include "voicebtn.h"

static voice *g_voice;

static void forget(void *ud) { voice_cache_clear(ud); }

int ui_engines_install(const char *assets_dir, char *warn, size_t warnlen)
{
    int started = 0;
    char err[256];
    warn[0] = '\0';
    if (kb_ime_install(assets_dir, err, sizeof err) == 0) {
        started++;
    } else {
        core_log(CORE_LOG_WARN, "engines", "input methods: %s", err);
        snprintf(warn, warnlen, "input methods: %s", err);
    }
    if (voice_new(&g_voice, NULL, err, sizeof err) == 0) {
        ui_voice_engine e = {g_voice, voice_synth_copy};
        ui_voice_set_engine(&e);
        ui_voice_set_forget(forget);
        started++;
    } else {
        core_log(CORE_LOG_WARN, "engines", "speech: %s", err);
        size_t n = strlen(warn);
        snprintf(warn + n, warnlen - n, "%sspeech: %s", n ? "; " : "", err);
    }
    return started;
}

void ui_engines_uninstall(void)
{
    ui_voice_set_engine(NULL);
    ui_voice_set_forget(NULL);
    voice_free(g_voice);
    g_voice = NULL;
    kb_ime_uninstall();
}
