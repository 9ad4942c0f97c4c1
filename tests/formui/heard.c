/* heard.c — the speech engine for the formui tests, see heard.h. */
#include "heard.h"

#include <stdio.h>

#include "check.h"
#include "plat_audio.h"
#include "ui/widgets/voicebtn.h"
#include "voice/voice.h"

char heard_said[2048];
int heard_spoken;
static voice *g_voice;

static int record_synth(void *ud, const char *text, int16_t **pcm, size_t *samples, int *rate)
{
    snprintf(heard_said, sizeof heard_said, "%s", text);
    heard_spoken++;
    return voice_synth_copy(ud, text, pcm, samples, rate);
}

void heard_on(void)
{
    char err[256] = "";
    if (!g_voice && voice_new(&g_voice, NULL, err, sizeof err) != VOICE_OK)
        printf("  voice: %s\n", err);
    REQUIRE(g_voice != NULL);
    ui_voice_engine e = {g_voice, record_synth};
    ui_voice_set_engine(&e);
}

void heard_free(void)
{
    ui_voice_set_engine(NULL);
    if (g_voice)
        voice_free(g_voice);
    g_voice = NULL;
}

int heard_hush(flow *f)
{
    plat_audio_stop();
    return flow_run(f, "wait 250\n");
}

const char *heard_tap(flow *f, const char *btn)
{
    heard_said[0] = '\0';
    plat_audio_stop();
    char line[80];
    snprintf(line, sizeof line, "tap @%s\n", btn);
    if (flow_run(f, line) || heard_hush(f))
        return "";
    return heard_said;
}
