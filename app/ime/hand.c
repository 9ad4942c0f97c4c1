/* hand.c — handwriting recognition with Zinnia (see hand.h). */
#include "ime/hand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CZ_IME_NO_ZINNIA
#include <zinnia.h>
#else
/* A cross build without Zinnia for the target (see CMakeLists.txt): the
 * same API, and every new fails with IME_HAND_ERR_MODEL. */
typedef struct zinnia_recognizer zinnia_recognizer_t;
#define zinnia_recognizer_new() ((zinnia_recognizer_t *)NULL)
#define zinnia_recognizer_destroy(r) ((void)(r))
#endif

#include "core/log.h"
#include "ime/datafile.h"

#define CAND_BYTES 8 /* one character, UTF-8, with its NUL */

typedef struct {
    int x, y;
} hand_point;

struct ime_hand {
    zinnia_recognizer_t *rec;
    int w, hgt;
    hand_point *pts; /* every point, strokes one after the other */
    int npts;
    int ends[IME_HAND_MAX_STROKES]; /* stroke s ends before ends[s] */
    int nstrokes;                   /* ended strokes */
    char cands[IME_HAND_MAX_CANDS][CAND_BYTES];
    int ncand;
};

const char *ime_hand_strerror(int code)
{
    switch (code) {
    case IME_HAND_OK: return "ok";
    case IME_HAND_ERR_ARG: return "invalid argument";
    case IME_HAND_ERR_NOMEM: return "out of memory";
    case IME_HAND_ERR_MODEL: return "handwriting model missing or unusable";
    case IME_HAND_ERR_STROKE: return "point for a stroke that is not being drawn";
    case IME_HAND_ERR_EMPTY: return "nothing drawn";
    case IME_HAND_ERR_LONG: return "too many strokes or points";
    case IME_HAND_ERR_ENGINE: return "handwriting engine failed";
    }
    return "unknown handwriting error";
}

const char *ime_hand_default_model(void)
{
    static const char *const known[] = {
        "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model",
    };
    return ime_datafile_find(IME_HAND_MODEL_ENV, known, sizeof known / sizeof known[0]);
}

int ime_hand_new(ime_hand **out, const char *model_path, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!out)
        return IME_HAND_ERR_ARG;
    *out = NULL;
    const char *model = model_path ? model_path : ime_hand_default_model();
    if (!model) {
        if (err && errlen)
            snprintf(err, errlen,
                     "no handwriting model found (install tegaki-zinnia-simplified-chinese "
                     "or set %s)", IME_HAND_MODEL_ENV);
        return IME_HAND_ERR_MODEL;
    }
    if (access(model, R_OK) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot read the handwriting model", model);
        return IME_HAND_ERR_MODEL;
    }
#ifdef CZ_IME_NO_ZINNIA
    if (err && errlen)
        snprintf(err, errlen, "%s: this build has no Zinnia (handwriting engine)", model);
    return IME_HAND_ERR_MODEL;
#else
    ime_hand *h = calloc(1, sizeof *h);
    if (!h)
        return IME_HAND_ERR_NOMEM;
    h->pts = malloc(IME_HAND_MAX_POINTS * sizeof *h->pts);
    h->rec = zinnia_recognizer_new();
    if (!h->pts || !h->rec) {
        ime_hand_free(h);
        return IME_HAND_ERR_NOMEM;
    }
    if (!zinnia_recognizer_open(h->rec, model)) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", model, zinnia_recognizer_strerror(h->rec));
        ime_hand_free(h);
        return IME_HAND_ERR_MODEL;
    }
    h->w = h->hgt = 1000;
    core_log(CORE_LOG_INFO, "ime", "handwriting model open, %zu characters",
             zinnia_recognizer_size(h->rec));
    *out = h;
    return IME_HAND_OK;
#endif
}

void ime_hand_clear(ime_hand *h)
{
    if (!h)
        return;
    if (h->pts && h->npts)
        memset(h->pts, 0, (size_t)h->npts * sizeof *h->pts);
    h->npts = h->nstrokes = h->ncand = 0;
    memset(h->cands, 0, sizeof h->cands);
}

void ime_hand_free(ime_hand *h)
{
    if (!h)
        return;
    ime_hand_clear(h);
    if (h->rec)
        zinnia_recognizer_destroy(h->rec);
    free(h->pts);
    free(h);
}

int ime_hand_set_canvas(ime_hand *h, int width, int height)
{
    if (!h || width < 16 || height < 16 || width > 10000 || height > 10000)
        return IME_HAND_ERR_ARG;
    ime_hand_clear(h);
    h->w = width;
    h->hgt = height;
    return IME_HAND_OK;
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* First point of the stroke being drawn. */
static int cur_start(const ime_hand *h) { return h->nstrokes ? h->ends[h->nstrokes - 1] : 0; }

int ime_hand_add_point(ime_hand *h, int stroke, int x, int y)
{
    if (!h)
        return IME_HAND_ERR_ARG;
    if (stroke != h->nstrokes)
        return IME_HAND_ERR_STROKE;
    if (stroke >= IME_HAND_MAX_STROKES || h->npts >= IME_HAND_MAX_POINTS)
        return IME_HAND_ERR_LONG;
    x = clampi(x, 0, h->w - 1);
    y = clampi(y, 0, h->hgt - 1);
    if (h->npts > cur_start(h) && h->pts[h->npts - 1].x == x && h->pts[h->npts - 1].y == y)
        return IME_HAND_OK;
    h->pts[h->npts++] = (hand_point){x, y};
    return IME_HAND_OK;
}

int ime_hand_end_stroke(ime_hand *h)
{
    if (!h)
        return IME_HAND_ERR_ARG;
    if (h->npts == cur_start(h))
        return IME_HAND_ERR_EMPTY;
    h->ends[h->nstrokes++] = h->npts;
    return IME_HAND_OK;
}

int ime_hand_recognise(ime_hand *h, int max)
{
    if (!h || max < 1)
        return IME_HAND_ERR_ARG;
    h->ncand = 0;
    if (h->npts == 0)
        return IME_HAND_ERR_EMPTY;
    if (max > IME_HAND_MAX_CANDS)
        max = IME_HAND_MAX_CANDS;
#ifdef CZ_IME_NO_ZINNIA
    return IME_HAND_ERR_ENGINE;
#else
    zinnia_character_t *c = zinnia_character_new();
    if (!c)
        return IME_HAND_ERR_NOMEM;
    zinnia_character_set_width(c, (size_t)h->w);
    zinnia_character_set_height(c, (size_t)h->hgt);
    int s = 0;
    for (int i = 0; i < h->npts; i++) {
        while (s < h->nstrokes && i >= h->ends[s])
            s++;
        zinnia_character_add(c, (size_t)s, h->pts[i].x, h->pts[i].y);
    }
    zinnia_result_t *r = zinnia_recognizer_classify(h->rec, c, (size_t)max);
    zinnia_character_destroy(c);
    if (!r)
        return IME_HAND_ERR_ENGINE;
    size_t n = zinnia_result_size(r);
    for (size_t i = 0; i < n && h->ncand < max; i++) {
        const char *v = zinnia_result_value(r, i);
        if (!v || strlen(v) >= CAND_BYTES)
            continue;
        memcpy(h->cands[h->ncand], v, strlen(v) + 1);
        h->ncand++;
    }
    zinnia_result_destroy(r);
    return h->ncand;
#endif
}

const char *ime_hand_candidate(const ime_hand *h, int i)
{
    return h && i >= 0 && i < h->ncand ? h->cands[i] : NULL;
}

