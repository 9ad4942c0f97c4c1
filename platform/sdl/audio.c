/* audio.c — one clip at a time through SDL audio (ALSA on the kiosk, dummy in tests). */
#include "plat_audio.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SDL_AudioDeviceID g_dev;
static SDL_AudioSpec g_have;

int plat_audio_open(char *err, size_t errlen)
{
    if (g_dev)
        return 0;
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        snprintf(err, errlen, "cannot start audio: %s", SDL_GetError());
        return -1;
    }
    SDL_AudioSpec want;
    memset(&want, 0, sizeof want);
    want.freq = 22050;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    g_dev = SDL_OpenAudioDevice(NULL, 0, &want, &g_have, SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
    if (!g_dev) {
        snprintf(err, errlen, "cannot open audio device: %s", SDL_GetError());
        return -1;
    }
    return 0;
}

void plat_audio_close(void)
{
    if (g_dev)
        SDL_CloseAudioDevice(g_dev);
    g_dev = 0;
}

void plat_audio_stop(void)
{
    if (g_dev)
        SDL_ClearQueuedAudio(g_dev);
}

int plat_audio_play(const int16_t *pcm, size_t samples, int rate, int volume)
{
    if (!g_dev)
        return -1;
    SDL_ClearQueuedAudio(g_dev);
    SDL_AudioStream *st = SDL_NewAudioStream(AUDIO_S16SYS, 1, rate, g_have.format,
                                             g_have.channels, g_have.freq);
    if (!st)
        return -1;
    int16_t *tmp = malloc(samples * sizeof *tmp);
    if (!tmp) {
        SDL_FreeAudioStream(st);
        return -1;
    }
    for (size_t i = 0; i < samples; i++)
        tmp[i] = (int16_t)((int32_t)pcm[i] * volume / 100);
    int rc = SDL_AudioStreamPut(st, tmp, (int)(samples * sizeof *tmp));
    free(tmp);
    SDL_AudioStreamFlush(st);
    int avail = SDL_AudioStreamAvailable(st);
    void *out = avail > 0 ? malloc((size_t)avail) : NULL;
    if (rc == 0 && out) {
        int got = SDL_AudioStreamGet(st, out, avail);
        if (got > 0)
            rc = SDL_QueueAudio(g_dev, out, (Uint32)got);
        SDL_PauseAudioDevice(g_dev, 0);
    }
    free(out);
    SDL_FreeAudioStream(st);
    return rc == 0 ? 0 : -1;
}

int plat_audio_busy(void) { return g_dev && SDL_GetQueuedAudioSize(g_dev) > 0; }
