/* voice.c — Mandarin speech with espeak-ng into a cache of PCM clips (see voice.h). */
#include "voice/voice.h"

#include <espeak-ng/espeak_ng.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/grow.h"
#include "core/log.h"
#include "core/utf8.h"

#define DEFAULT_RATE 150
/* Mandarin, with Latin letters read as pinyin. Plain "cmn" in espeak-ng 1.51
 * (Debian 12) reads the tone digit of most characters' pinyin as an English
 * number: 你好 comes out as "ni three hao three" (espeak-ng issue #1370, fixed
 * after 1.51). Its sibling voice reads the same characters right. */
#define VOICE_NAME "cmn-latn-pinyin"

typedef struct {
    char *text;
    voice_clip clip;
    int16_t *pcm;
    size_t bytes; /* text + samples, what the entry costs */
    unsigned long last_use;
} cache_entry;

struct voice {
    int rate_hz;
    cache_entry **ents; /* pointers, so a clip's address stays put */
    size_t n, cap, bytes, limit;
    unsigned long tick, hits, misses;
};

/* espeak-ng is one engine per process; its callback has no user pointer
 * for synchronous output, so the clip being made is kept here. */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_open;
static struct {
    int16_t *pcm;
    size_t n, cap, max;
    int cut, nomem;
} g_out;

const char *voice_strerror(int code)
{
    switch (code) {
    case VOICE_OK: return "ok";
    case VOICE_ERR_ARG: return "invalid argument";
    case VOICE_ERR_NOMEM: return "out of memory";
    case VOICE_ERR_ENGINE: return "speech engine or its data missing, or synthesis failed";
    case VOICE_ERR_VOICE: return "Mandarin voice (cmn) not installed";
    case VOICE_ERR_BUSY: return "speech engine already open in this process";
    case VOICE_ERR_EMPTY: return "no text to speak";
    case VOICE_ERR_LONG: return "text too long to speak";
    case VOICE_ERR_TEXT: return "text is not valid UTF-8";
    }
    return "unknown voice error";
}

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    if (!wav || n <= 0)
        return 0;
    size_t take = (size_t)n;
    if (g_out.n + take > g_out.max) {
        take = g_out.max - g_out.n;
        g_out.cut = 1;
    }
    if (core_grow(&g_out.pcm, &g_out.cap, g_out.n + take, sizeof *g_out.pcm, 1u << 16)) {
        g_out.nomem = 1;
        return 1;
    }
    memcpy(g_out.pcm + g_out.n, wav, take * sizeof *wav);
    g_out.n += take;
    return g_out.cut; /* 1 stops the engine */
}

static void status_msg(espeak_ng_STATUS st, const char *what, char *err, size_t errlen)
{
    if (!err || !errlen)
        return;
    char msg[200];
    espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
    snprintf(err, errlen, "%s: %s", what, msg);
}

/* Starts espeak-ng once per process and keeps it: espeak-ng 1.51 hangs in
 * espeak_ng_Terminate() once it has been initialised a second time, so the
 * engine is never terminated, and later voices reuse it (with the same data
 * folder). Called with g_lock held. */
static int g_engine_ready;
static char g_engine_dir[4096];

static int start_engine(const char *data_dir, char *err, size_t errlen)
{
    const char *dir = data_dir ? data_dir : "";
    if (g_engine_ready) {
        if (strcmp(dir, g_engine_dir) != 0) {
            if (err && errlen)
                snprintf(err, errlen, "speech engine already started with other data; "
                                      "restart the program to change it");
            return VOICE_ERR_ENGINE;
        }
    } else {
        /* espeak_ng_Initialize rather than espeak_Initialize: the latter
         * prints to stderr and may exit() the process when data is missing */
        espeak_ng_InitializePath(data_dir);
        espeak_ng_ERROR_CONTEXT ctx = NULL;
        espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
        espeak_ng_ClearErrorContext(&ctx);
        if (st != ENS_OK) {
            status_msg(st, data_dir ? data_dir : "espeak-ng data", err, errlen);
            return VOICE_ERR_ENGINE;
        }
        if ((st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL)) != ENS_OK) {
            status_msg(st, "espeak-ng output", err, errlen);
            return VOICE_ERR_ENGINE;
        }
        g_engine_ready = 1;
        snprintf(g_engine_dir, sizeof g_engine_dir, "%s", dir);
    }
    espeak_ng_STATUS st = espeak_ng_SetVoiceByName(VOICE_NAME);
    if (st != ENS_OK)
        st = espeak_ng_SetVoiceByName("cmn");
    if (st != ENS_OK) {
        status_msg(st, "voice " VOICE_NAME, err, errlen);
        return VOICE_ERR_VOICE;
    }
    return VOICE_OK;
}

int voice_new(voice **out, const char *data_dir, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!out)
        return VOICE_ERR_ARG;
    *out = NULL;
    if (!data_dir) {
        const char *env = getenv(VOICE_DATA_ENV);
        data_dir = env && *env ? env : NULL;
    }
    if (data_dir) {
        /* the engine quietly falls back to its default data elsewhere */
        char phontab[4096];
        snprintf(phontab, sizeof phontab, "%s/espeak-ng-data/phontab", data_dir);
        if (access(phontab, R_OK) != 0) {
            if (err && errlen)
                snprintf(err, errlen, "%s: no espeak-ng-data folder with phontab", data_dir);
            return VOICE_ERR_ENGINE;
        }
    }
    pthread_mutex_lock(&g_lock);
    if (g_open) {
        pthread_mutex_unlock(&g_lock);
        if (err && errlen)
            snprintf(err, errlen, "speech engine already open");
        return VOICE_ERR_BUSY;
    }
    voice *v = calloc(1, sizeof *v);
    if (!v) {
        pthread_mutex_unlock(&g_lock);
        return VOICE_ERR_NOMEM;
    }
    int rc = start_engine(data_dir, err, errlen);
    if (rc != VOICE_OK) {
        pthread_mutex_unlock(&g_lock);
        free(v);
        return rc;
    }
    espeak_SetSynthCallback(on_samples);
    v->rate_hz = espeak_ng_GetSampleRate();
    espeak_ng_SetParameter(espeakRATE, DEFAULT_RATE, 0);
    v->limit = VOICE_CACHE_BYTES;
    g_open = 1;
    pthread_mutex_unlock(&g_lock);
    core_log(CORE_LOG_INFO, "voice", "speech engine open, %d Hz", v->rate_hz);
    *out = v;
    return VOICE_OK;
}

static void entry_free(cache_entry *e)
{
    if (!e)
        return;
    if (e->text) {
        memset(e->text, 0, strlen(e->text));
        free(e->text);
    }
    free(e->pcm);
    free(e);
}

static void cache_clear_locked(voice *v)
{
    for (size_t i = 0; i < v->n; i++)
        entry_free(v->ents[i]);
    v->n = 0;
    v->bytes = 0;
}

void voice_free(voice *v)
{
    if (!v)
        return;
    pthread_mutex_lock(&g_lock);
    cache_clear_locked(v);
    free(v->ents);
    free(v);
    free(g_out.pcm);
    memset(&g_out, 0, sizeof g_out);
    g_open = 0;
    pthread_mutex_unlock(&g_lock);
}

int voice_set_rate(voice *v, int wpm)
{
    if (!v || wpm < 80 || wpm > 450)
        return VOICE_ERR_ARG;
    pthread_mutex_lock(&g_lock);
    espeak_ng_STATUS st = espeak_ng_SetParameter(espeakRATE, wpm, 0);
    if (st == ENS_OK)
        cache_clear_locked(v); /* clips spoken at the old rate */
    pthread_mutex_unlock(&g_lock);
    return st == ENS_OK ? VOICE_OK : VOICE_ERR_ENGINE;
}

/* 1 if text has something to say: not only ASCII or ideographic spaces. */
static int has_content(const char *text)
{
    const char *p = text;
    uint32_t cp;
    while ((cp = utf8_next(&p)) != 0)
        if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r' && cp != 0x3000)
            return 1;
    return 0;
}

/* Drops least recently used entries, never `keep`, until within the limit. */
static void evict_locked(voice *v, const cache_entry *keep)
{
    while (v->bytes > v->limit && v->n > 1) {
        size_t old = v->n;
        for (size_t i = 0; i < v->n; i++)
            if (v->ents[i] != keep && (old == v->n || v->ents[i]->last_use < v->ents[old]->last_use))
                old = i;
        if (old == v->n)
            return;
        v->bytes -= v->ents[old]->bytes;
        entry_free(v->ents[old]);
        v->ents[old] = v->ents[--v->n];
    }
}

static int synth_locked(voice *v, const char *text, const voice_clip **clip)
{
    for (size_t i = 0; i < v->n; i++) {
        if (!strcmp(v->ents[i]->text, text)) {
            v->ents[i]->last_use = ++v->tick;
            v->hits++;
            *clip = &v->ents[i]->clip;
            return VOICE_OK;
        }
    }
    v->misses++;
    g_out.n = 0;
    g_out.cut = g_out.nomem = 0;
    g_out.max = (size_t)v->rate_hz * VOICE_MAX_SECONDS;
    espeak_ng_STATUS st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8, NULL, NULL);
    if (g_out.nomem)
        return VOICE_ERR_NOMEM;
    /* a clip cut at the length bound stopped the engine on purpose */
    if ((st != ENS_OK && !g_out.cut) || g_out.n == 0) {
        core_log(CORE_LOG_WARN, "voice", "synthesis failed (status 0x%x, %zu samples)",
                 (unsigned)st, g_out.n);
        return VOICE_ERR_ENGINE;
    }
    cache_entry *e = calloc(1, sizeof *e);
    if (!e)
        return VOICE_ERR_NOMEM;
    e->text = strdup(text);
    e->pcm = malloc(g_out.n * sizeof *e->pcm);
    if (!e->text || !e->pcm || core_grow(&v->ents, &v->cap, v->n + 1, sizeof *v->ents, 16)) {
        entry_free(e);
        return VOICE_ERR_NOMEM;
    }
    memcpy(e->pcm, g_out.pcm, g_out.n * sizeof *e->pcm);
    e->clip = (voice_clip){e->pcm, g_out.n, v->rate_hz, g_out.cut};
    e->bytes = strlen(text) + 1 + g_out.n * sizeof *e->pcm;
    e->last_use = ++v->tick;
    v->ents[v->n++] = e;
    v->bytes += e->bytes;
    evict_locked(v, e);
    *clip = &e->clip;
    return VOICE_OK;
}

static int check_text(const char *text)
{
    if (strlen(text) > VOICE_MAX_TEXT)
        return VOICE_ERR_LONG;
    if (!utf8_valid(text))
        return VOICE_ERR_TEXT;
    if (!has_content(text))
        return VOICE_ERR_EMPTY;
    return VOICE_OK;
}

int voice_synth(voice *v, const char *text, const voice_clip **clip)
{
    if (!v || !text || !clip)
        return VOICE_ERR_ARG;
    *clip = NULL;
    int bad = check_text(text);
    if (bad)
        return bad;
    pthread_mutex_lock(&g_lock);
    int rc = synth_locked(v, text, clip);
    pthread_mutex_unlock(&g_lock);
    return rc;
}

int voice_synth_copy(void *ud, const char *text, int16_t **pcm, size_t *samples, int *rate)
{
    voice *v = ud;
    if (!pcm || !samples || !rate)
        return VOICE_ERR_ARG;
    *pcm = NULL;
    *samples = 0;
    *rate = 0;
    if (!v || !text)
        return VOICE_ERR_ARG;
    pthread_mutex_lock(&g_lock);
    const voice_clip *c = NULL;
    int rc = check_text(text);
    if (rc == VOICE_OK)
        rc = synth_locked(v, text, &c);
    if (rc == VOICE_OK) {
        *pcm = malloc(c->samples * sizeof **pcm);
        if (*pcm) {
            memcpy(*pcm, c->pcm, c->samples * sizeof **pcm);
            *samples = c->samples;
            *rate = c->rate;
        } else {
            rc = VOICE_ERR_NOMEM;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return rc;
}

int voice_phonemes(voice *v, const char *text, char *out, size_t outlen)
{
    if (!v || !text || !out || outlen == 0)
        return VOICE_ERR_ARG;
    out[0] = '\0';
    int bad = check_text(text);
    if (bad)
        return bad;
    pthread_mutex_lock(&g_lock);
    const void *p = text;
    size_t n = 0;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        if (!ph)
            break;
        int k = snprintf(out + n, outlen - n, "%s%s", n ? " " : "", ph);
        if (k < 0 || (size_t)k >= outlen - n) {
            n = outlen - 1;
            break;
        }
        n += (size_t)k;
    }
    pthread_mutex_unlock(&g_lock);
    return VOICE_OK;
}

void voice_cache_set_limit(voice *v, size_t bytes)
{
    if (!v)
        return;
    pthread_mutex_lock(&g_lock);
    v->limit = bytes;
    evict_locked(v, NULL);
    if (bytes == 0)
        cache_clear_locked(v);
    pthread_mutex_unlock(&g_lock);
}

void voice_cache_clear(voice *v)
{
    if (!v)
        return;
    pthread_mutex_lock(&g_lock);
    cache_clear_locked(v);
    pthread_mutex_unlock(&g_lock);
}

void voice_cache_stats(const voice *v, size_t *clips, size_t *bytes, unsigned long *hits,
                       unsigned long *misses)
{
    if (!v)
        return;
    pthread_mutex_lock(&g_lock);
    if (clips)
        *clips = v->n;
    if (bytes)
        *bytes = v->bytes;
    if (hits)
        *hits = v->hits;
    if (misses)
        *misses = v->misses;
    pthread_mutex_unlock(&g_lock);
}
