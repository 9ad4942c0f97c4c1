/* plat_audio.h — the speaker: plays one PCM clip at a time (voice prompts, beeps).
 * The clip is copied; the caller keeps ownership of its buffer. */
#ifndef CZ_PLAT_AUDIO_H
#define CZ_PLAT_AUDIO_H

#include <stddef.h>
#include <stdint.h>

int plat_audio_open(char *err, size_t errlen);
/* Closes the device (after the speech engine stopped, before SDL_Quit: a
 * later plat_audio_open opens a fresh one instead of keeping a dead handle). */
void plat_audio_close(void);
/* Plays mono signed 16-bit samples at `rate` Hz, volume 0..100; stops any clip playing. */
int plat_audio_play(const int16_t *pcm, size_t samples, int rate, int volume);
void plat_audio_stop(void);
/* 1 while a clip is playing. */
int plat_audio_busy(void);

#endif
