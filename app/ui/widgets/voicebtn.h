/* voicebtn.h — voice guidance: a speaker button ("读给我听") that a screen
 * puts beside its prompt, and the call that speaks the prompt: the text is
 * turned into PCM by the speech engine (espeak-ng Mandarin behind
 * app/voice, installed by the program with ui_voice_set_engine) and played
 * with plat_audio_play at the volume in audio.volume. Nothing is spoken when
 * audio.voice is off. A second tap while speaking stops the speech.
 *
 * Ownership: ui_voice_set_engine() copies the struct; ud must outlive its
 * use. The engine's synth returns PCM allocated with malloc that the caller
 * (this module) frees. Spoken text is never logged (it may hold answers).
 */
#ifndef CZ_UI_VOICEBTN_H
#define CZ_UI_VOICEBTN_H

#include <stddef.h>
#include <stdint.h>

#include "ui/core/app.h"

typedef struct {
    void *ud;
    /* 0 on success with *pcm (malloc'd, mono signed 16-bit), *samples and *rate set. */
    int (*synth)(void *ud, const char *text, int16_t **pcm, size_t *samples, int *rate);
} ui_voice_engine;

enum {
    UI_VOICE_OK = 0,
    UI_VOICE_OFF = 1,            /* audio.voice is 0: silently nothing (not a failure) */
    UI_VOICE_ERR_NO_ENGINE = -1, /* no speech engine installed */
    UI_VOICE_ERR_SYNTH = -2,     /* the engine failed */
    UI_VOICE_ERR_AUDIO = -3,     /* the speaker could not play */
};

/* NULL removes the engine. With app/voice: {v, voice_synth_copy}. */
void ui_voice_set_engine(const ui_voice_engine *e);
/* What forgets every clip and text the engine keeps (called with the
 * engine's ud when a session ends; with app/voice, a wrapper around
 * voice_cache_clear). NULL: nothing to forget. */
void ui_voice_set_forget(void (*forget)(void *ud));
/* What the speech engine's clip cache holds now and how it served since the
 * engine started: for the technician's info page. */
typedef struct {
    size_t clips, bytes;         /* held now (emptied at each session's end) */
    unsigned long hits, misses;  /* clips served from the cache / synthesised */
    char why[256];               /* UI_VOICE_STATS_FAILED: why, in English */
} ui_voice_cache;
enum {
    UI_VOICE_STATS_NOT_STARTED = -1, /* it starts on the first prompt spoken */
    UI_VOICE_STATS_FAILED = -2       /* it was asked to start and could not */
};
/* Reports the cache (0), or UI_VOICE_STATS_NOT_STARTED, or
 * UI_VOICE_STATS_FAILED with out->why; with app/voice, voice_cache_stats.
 * NULL: no engine to ask. */
void ui_voice_set_stats(int (*stats)(void *ud, ui_voice_cache *out));
/* 0 with *out filled, or a UI_VOICE_STATS_* code (no engine to ask counts as
 * not started). */
int ui_voice_stats(ui_voice_cache *out);
/* End of a villager's session: stops speech and makes the engine forget. */
void ui_voice_forget(void);
/* Speaks text now (stopping what was playing). Returns a UI_VOICE_* code.
 * A failure is logged once per kind for the life of the program (a missing
 * engine or a broken speaker would otherwise log on every page). */
int ui_voice_speak(ui_app *a, const char *text);
/* What happened, in English, for logs; static storage. */
const char *ui_voice_strerror(int code);
/* The key of a short text fit for a toast ("err.ui_voice.engine"), in
 * assets/text/zh-CN.txt; NULL for UI_VOICE_OK and UI_VOICE_OFF (nothing to say). */
const char *ui_voice_error_key(int code);

/* Side of the square speaker button (>= 15 mm, with its label below). */
int ui_voicebtn_size(ui_app *a);
/* Draws the button in r with target id; shows it lit while speech plays. */
void ui_voicebtn(ui_app *a, const SDL_Rect *r, const char *id);
/* For a screen's tick while speech may play: redraws the button when the
 * speech ends (the buttons alone, as speech starting and a tap stopping it
 * mark them); returns when to look again (0 when silent). */
uint64_t ui_voicebtn_tick(ui_app *a, uint64_t now_ms);
/* For a screen's activate: if id is the button's, speaks text (or stops if
 * speaking) and returns 1 with *code set; 0 otherwise. */
int ui_voicebtn_activate(ui_app *a, const char *btn_id, const char *id, const char *text,
                         int *code);
/* What a button reads, built a sentence at a time: appends text (nothing
 * when NULL or empty) as one sentence (voice.sentence, "%s。") to out, which
 * holds len bytes; returns the new length, which passes n - 1 once the text
 * is cut (out stays NUL-terminated within its n bytes). */
size_t ui_voice_sentence(char *out, size_t n, size_t len, const char *text);

#endif
