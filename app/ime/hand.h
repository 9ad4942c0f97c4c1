/* hand.h — handwriting text entry: one character drawn with a finger on a
 * canvas in, ranked candidate characters out.
 *
 * The engine is Zinnia (libzinnia) with the Tegaki simplified-Chinese model
 * (Debian package tegaki-zinnia-simplified-chinese). Strokes are written in
 * canvas pixels; set the canvas size first so the engine can scale them:
 *     ime_hand_set_canvas(h, 600, 600);
 *     for each touch point: ime_hand_add_point(h, stroke, x, y);
 *     on finger up:         ime_hand_end_stroke(h);
 *     n = ime_hand_recognise(h, 10);    after any stroke, best first
 *     ime_hand_candidate(h, 0) ...
 *     ime_hand_clear(h);                for the next character
 * Stroke order and direction matter, as in writing: the model was trained on
 * characters written the usual way. The model knows the 6,763 characters of
 * GB 2312 only: most rare name characters (堃 喆 玥 䶮 祎 赟 ...) are not among
 * them and cannot be handwritten; they are entered by pinyin (pinyin.h).
 *
 * Several ime_hand objects may exist; each is used from one thread at a time.
 *
 * Ownership: ime_hand_new() gives an object freed with ime_hand_free().
 * Candidate strings belong to it and stay valid until the next recognise,
 * clear, set_canvas or free.
 */
#ifndef CZ_IME_HAND_H
#define CZ_IME_HAND_H

#include <stddef.h>

#define IME_HAND_MAX_STROKES 64   /* strokes in one character */
#define IME_HAND_MAX_POINTS 8192  /* points in one character, all strokes */
#define IME_HAND_MAX_CANDS 100    /* candidates one recognise gives at most */
#define IME_HAND_MODEL_ENV "CZ_HAND_MODEL" /* environment override of the model */

enum {
    IME_HAND_OK = 0,
    IME_HAND_ERR_ARG = -1,    /* NULL object or argument, canvas size not 16..10000 */
    IME_HAND_ERR_NOMEM = -2,  /* out of memory */
    IME_HAND_ERR_MODEL = -3,  /* model missing, unreadable or refused by the engine */
    IME_HAND_ERR_STROKE = -4, /* point for a stroke other than the one being drawn */
    IME_HAND_ERR_EMPTY = -5,  /* nothing drawn (or end of a stroke with no points) */
    IME_HAND_ERR_LONG = -6,   /* more than IME_HAND_MAX_STROKES or IME_HAND_MAX_POINTS */
    IME_HAND_ERR_ENGINE = -7, /* the engine failed to classify */
};

typedef struct ime_hand ime_hand;

/* The model used when new gets NULL: $CZ_HAND_MODEL if set, else the Debian
 * location of the Tegaki model if readable. NULL if none. Static storage. */
const char *ime_hand_default_model(void);

/* Loads the model (NULL: the default). The canvas starts at 1000 x 1000. On
 * failure returns a negative code, *out is NULL and err (may be NULL) says why. */
int ime_hand_new(ime_hand **out, const char *model_path, char *err, size_t errlen);
/* NULL is fine. Wipes the strokes. */
void ime_hand_free(ime_hand *h);

/* Canvas size in pixels (each 16..10000); clears the strokes. */
int ime_hand_set_canvas(ime_hand *h, int width, int height);

/* Adds a point to stroke number `stroke` (0-based). It must be the stroke
 * being drawn: the number of strokes ended so far. Points outside the canvas
 * are moved to its edge (a finger slips off). Repeated points are dropped. */
int ime_hand_add_point(ime_hand *h, int stroke, int x, int y);
/* Ends the stroke being drawn (finger up). IME_HAND_ERR_EMPTY if it has no points. */
int ime_hand_end_stroke(ime_hand *h);

/* Recognises what is drawn (ended strokes and the one being drawn). Returns
 * how many candidates (at most max and IME_HAND_MAX_CANDS) or a negative code. */
int ime_hand_recognise(ime_hand *h, int max);
/* The i-th candidate of the last recognise, best first (one character,
 * UTF-8) or NULL outside 0..count-1. */
const char *ime_hand_candidate(const ime_hand *h, int i);

/* Forgets the strokes and candidates (the canvas size stays). */
void ime_hand_clear(ime_hand *h);

/* A short English description of a code, for logs. */
const char *ime_hand_strerror(int code);

#endif
