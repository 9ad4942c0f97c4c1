/* voice.h — voice guidance: a page's prompt turned into Mandarin speech.
 *
 * The engine is espeak-ng (library libespeak-ng, Mandarin voice
 * "cmn-latn-pinyin", else "cmn"; data from espeak-ng-data). Plain "cmn" of
 * espeak-ng 1.51 (Debian 12) reads most characters' tone digits as English
 * numbers ("ni three hao three" for 你好); cmn-latn-pinyin reads them right. Text (UTF-8 Chinese) is synthesised into a PCM buffer in
 * memory — signed 16-bit, mono, at the engine's sample rate (22050 Hz) — that
 * the platform layer plays (plat_audio_play); this module makes no sound and
 * applies no volume. Prompts are cached by text, so speaking a page's prompt
 * again is instant; the cache is bounded in bytes and drops the least
 * recently used clips first.
 *
 *     voice *v;
 *     voice_new(&v, NULL, err, sizeof err);
 *     const voice_clip *c;
 *     if (voice_synth(v, "请把身份证放在读卡器上", &c) == 0)
 *         plat_audio_play(c->pcm, c->samples, c->rate, volume);
 *
 * Spoken text may hold a villager's answers: it is never logged, and
 * voice_cache_clear() at the end of a session forgets every clip and text.
 *
 * espeak-ng keeps global state, so one voice may be open in a process at a
 * time (a second gets VOICE_ERR_BUSY). The functions lock, so they may be
 * called from any thread, one synthesis at a time.
 *
 * Ownership: voice_new() gives an object freed with voice_free(). A clip
 * from voice_synth() belongs to the cache and stays valid until the next
 * voice_synth, voice_set_rate, voice_cache_clear or voice_free (copy it, or use
 * voice_synth_copy, to keep it longer).
 */
#ifndef CZ_VOICE_H
#define CZ_VOICE_H

#include <stddef.h>
#include <stdint.h>

#define VOICE_MAX_TEXT 4096         /* bytes of UTF-8 text in one prompt */
#define VOICE_MAX_SECONDS 60        /* longer speech is cut here (clip->cut is set) */
#define VOICE_CACHE_BYTES (16 << 20) /* default bound of the cache */
#define VOICE_DATA_ENV "CZ_VOICE_DATA" /* folder holding espeak-ng-data, overrides the default */

enum {
    VOICE_OK = 0,
    VOICE_ERR_ARG = -1,    /* NULL object or argument, rate out of range */
    VOICE_ERR_NOMEM = -2,  /* out of memory */
    VOICE_ERR_ENGINE = -3, /* espeak-ng or its data missing, or synthesis failed */
    VOICE_ERR_VOICE = -4,  /* the Mandarin voice (cmn) is not installed */
    VOICE_ERR_BUSY = -5,   /* another voice is open in this process */
    VOICE_ERR_EMPTY = -6,  /* no text, or only spaces */
    VOICE_ERR_LONG = -7,   /* text longer than VOICE_MAX_TEXT bytes */
    VOICE_ERR_TEXT = -8,   /* text is not valid UTF-8 */
};

typedef struct {
    const int16_t *pcm; /* signed 16-bit mono samples */
    size_t samples;
    int rate;           /* samples per second */
    int cut;            /* 1 if the speech was longer than VOICE_MAX_SECONDS and cut */
} voice_clip;

typedef struct voice voice;

/* Starts the engine with the Mandarin voice. data_dir: the folder that holds
 * espeak-ng-data, or NULL for $CZ_VOICE_DATA or else the engine's own
 * default. On failure returns a negative code, *out is NULL and err (may be
 * NULL) says why. */
int voice_new(voice **out, const char *data_dir, char *err, size_t errlen);
/* Wipes the cache and frees the voice. The engine itself stays loaded for
 * the next voice_new (espeak-ng 1.51 cannot be restarted safely), which must
 * then ask for the same data folder. NULL is fine. */
void voice_free(voice *v);

/* Speaking rate in words per minute, 80..450 (default 150: slow and clear for
 * older listeners). Changing it clears the cache. */
int voice_set_rate(voice *v, int wpm);

/* Speech for text, from the cache or synthesised now. 0 with *clip set, or a
 * negative code. */
int voice_synth(voice *v, const char *text, const voice_clip **clip);
/* The same, with a copy the caller frees with free(): fits the speech engine
 * hook of app/ui/voicebtn.h (ui_voice_engine.synth) with ud = the voice. */
int voice_synth_copy(void *v, const char *text, int16_t **pcm, size_t *samples, int *rate);

/* The engine's phonemes for text (espeak-ng's ASCII names, clauses separated
 * by spaces), cut to fit out. A language switch shows as "(en)": Chinese text
 * should have none. For technicians and tests. 0 or a negative code. */
int voice_phonemes(voice *v, const char *text, char *out, size_t outlen);

/* Bounds the cache in bytes (default VOICE_CACHE_BYTES; the configuration's
 * voice.cache_kb): the oldest clips go; the latest is always kept, whatever
 * its size (0 keeps only that one). */
void voice_cache_set_limit(voice *v, size_t bytes);
/* Forgets every cached clip and its text (end of a villager's session). */
void voice_cache_clear(voice *v);
/* Clips and bytes in the cache now; hits and misses since voice_new (the
 * technician's info page shows them, through ui/kb/ime/engines.c). */
void voice_cache_stats(const voice *v, size_t *clips, size_t *bytes, unsigned long *hits,
                       unsigned long *misses);

/* A short English description of a code, for logs. */
const char *voice_strerror(int code);

#endif
