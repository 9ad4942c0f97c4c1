/* test_voice.c — voice guidance with the real espeak-ng engine and its
 * Mandarin voice; the voice-say tool's WAV files. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "launch.h"
#include "voice/voice.h"

static voice *g_v;

static const char *PROMPTS[] = {
    "请把身份证放在读卡器上。",
    "你好，欢迎使用村便民服务站。",
    "请选择您要办理的事项：养老保险、医疗保险、高龄津贴。",
    "请输入您的手机号码，然后点下一步。",
};

/* Share of 20 ms frames louder than a whisper. */
static double voiced_share(const voice_clip *c)
{
    size_t frame = (size_t)c->rate / 50, loud = 0, frames = 0;
    for (size_t i = 0; i + frame <= c->samples; i += frame) {
        double e = 0;
        for (size_t k = 0; k < frame; k++)
            e += (double)c->pcm[i + k] * c->pcm[i + k];
        loud += sqrt(e / (double)frame) > 300.0;
        frames++;
    }
    return frames ? (double)loud / (double)frames : 0.0;
}

static double seconds(const voice_clip *c) { return (double)c->samples / c->rate; }

static void test_open(void)
{
    char err[256];
    int rc = voice_new(&g_v, NULL, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "voice_new: %s (%s)\n", voice_strerror(rc), err);
    CHECK_EQ_INT(rc, VOICE_OK);
    REQUIRE(g_v != NULL);
    /* the default rate is 150 words a minute: the clip is as long as one asked
     * for at 150 (within 2 %: espeak-ng's first clip differs by a few samples;
     * 175 would be 14 % shorter), and a faster rate gives a shorter one */
    const voice_clip *c = NULL;
    REQUIRE(voice_synth(g_v, PROMPTS[1], &c) == VOICE_OK);
    size_t at_default = c->samples;
    CHECK_EQ_INT(voice_set_rate(g_v, 150), VOICE_OK);
    REQUIRE(voice_synth(g_v, PROMPTS[1], &c) == VOICE_OK);
    CHECK(c->samples * 50 > at_default * 49 && c->samples * 49 < at_default * 50);
    CHECK_EQ_INT(voice_set_rate(g_v, 300), VOICE_OK);
    REQUIRE(voice_synth(g_v, PROMPTS[1], &c) == VOICE_OK);
    CHECK(c->samples < at_default * 3 / 4);
    CHECK_EQ_INT(voice_set_rate(g_v, 150), VOICE_OK);
    voice *other = NULL;
    CHECK_EQ_INT(voice_new(&other, NULL, err, sizeof err), VOICE_ERR_BUSY);
    CHECK(other == NULL);
}

static void test_sentence(void)
{
    for (size_t i = 0; i < sizeof PROMPTS / sizeof PROMPTS[0]; i++) {
        const voice_clip *c = NULL;
        REQUIRE(voice_synth(g_v, PROMPTS[i], &c) == VOICE_OK);
        REQUIRE(c != NULL && c->pcm != NULL);
        CHECK_EQ_INT(c->rate, 22050);
        CHECK_EQ_INT(c->cut, 0);
        double s = seconds(c), share = voiced_share(c);
        size_t chars = 0;
        for (const char *p = PROMPTS[i]; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        fprintf(stderr, "  %zu characters: %.2f s, %.0f%% voiced\n", chars, s, share * 100);
        /* a short sentence lasts between half a second and ten seconds,
         * roughly 2 to 8 characters a second at the default rate */
        CHECK(s > 0.5 && s < 10.0);
        CHECK(s > (double)chars / 8.0 && s < (double)chars / 1.5);
        CHECK(share > 0.4);
        int16_t peak = 0;
        for (size_t k = 0; k < c->samples; k++)
            if (abs(c->pcm[k]) > peak)
                peak = (int16_t)abs(c->pcm[k]);
        CHECK(peak > 3000);
    }
}

static void test_mandarin_not_english(void)
{
    /* espeak-ng 1.51's plain cmn voice reads tone digits in English; the
     * module's voice must keep Chinese text in Mandarin throughout */
    char ph[4096];
    for (size_t i = 0; i < sizeof PROMPTS / sizeof PROMPTS[0]; i++) {
        CHECK_EQ_INT(voice_phonemes(g_v, PROMPTS[i], ph, sizeof ph), VOICE_OK);
        if (strstr(ph, "(en)"))
            fprintf(stderr, "  English in: %s\n", ph);
        CHECK(strstr(ph, "(en)") == NULL);
        CHECK(strlen(ph) > 10);
    }
    /* 你好: two syllables with Mandarin tones, no English "three" */
    CHECK_EQ_INT(voice_phonemes(g_v, "你好", ph, sizeof ph), VOICE_OK);
    CHECK(strstr(ph, "n'i") != NULL);
    CHECK(strstr(ph, "Tr'i") == NULL);
    /* the output is cut to fit */
    char tiny[8];
    CHECK_EQ_INT(voice_phonemes(g_v, PROMPTS[2], tiny, sizeof tiny), VOICE_OK);
    CHECK(strlen(tiny) < sizeof tiny);
}

static void test_bad_text(void)
{
    const voice_clip *c = (const voice_clip *)&c;
    CHECK_EQ_INT(voice_synth(g_v, "", &c), VOICE_ERR_EMPTY);
    CHECK(c == NULL);
    CHECK_EQ_INT(voice_synth(g_v, "   \t\n", &c), VOICE_ERR_EMPTY);
    CHECK_EQ_INT(voice_synth(g_v, "\xe3\x80\x80\xe3\x80\x80", &c), VOICE_ERR_EMPTY); /* 　　 */
    CHECK_EQ_INT(voice_synth(g_v, "请\xff\xfe", &c), VOICE_ERR_TEXT);
    CHECK_EQ_INT(voice_synth(g_v, "\xe8\xaf", &c), VOICE_ERR_TEXT);
    CHECK_EQ_INT(voice_synth(g_v, NULL, &c), VOICE_ERR_ARG);
    CHECK_EQ_INT(voice_synth(NULL, "请", &c), VOICE_ERR_ARG);
    CHECK_EQ_INT(voice_synth(g_v, "请", NULL), VOICE_ERR_ARG);
    static char big[VOICE_MAX_TEXT + 2];
    memset(big, 'a', sizeof big - 1);
    CHECK_EQ_INT(voice_synth(g_v, big, &c), VOICE_ERR_LONG);
    /* a refused rate changes nothing: any change would empty the cache */
    REQUIRE(voice_synth(g_v, PROMPTS[0], &c) == VOICE_OK);
    unsigned long hits0 = 0, hits1 = 0;
    voice_cache_stats(g_v, NULL, NULL, &hits0, NULL);
    CHECK_EQ_INT(voice_set_rate(g_v, 10), VOICE_ERR_ARG);
    CHECK_EQ_INT(voice_set_rate(g_v, 1000), VOICE_ERR_ARG);
    REQUIRE(voice_synth(g_v, PROMPTS[0], &c) == VOICE_OK);
    voice_cache_stats(g_v, NULL, NULL, &hits1, NULL);
    CHECK_EQ_INT((long long)hits1, (long long)hits0 + 1);
    CHECK(strcmp(voice_strerror(VOICE_ERR_LONG), voice_strerror(-99)) != 0);
}

static void test_long_text_bounded(void)
{
    /* ~1300 characters (under VOICE_MAX_TEXT bytes) take minutes to say:
     * the clip stops at VOICE_MAX_SECONDS and says so */
    static char text[VOICE_MAX_TEXT + 1];
    text[0] = '\0';
    while (strlen(text) + strlen(PROMPTS[2]) <= VOICE_MAX_TEXT)
        strcat(text, PROMPTS[2]);
    const voice_clip *c = NULL;
    REQUIRE(voice_synth(g_v, text, &c) == VOICE_OK);
    fprintf(stderr, "  %zu bytes: %.2f s, cut %d\n", strlen(text), seconds(c), c->cut);
    CHECK_EQ_INT(c->cut, 1);
    CHECK(c->samples <= (size_t)c->rate * VOICE_MAX_SECONDS);
    CHECK(seconds(c) > VOICE_MAX_SECONDS - 1);
    voice_cache_clear(g_v);
}

static void test_cache(void)
{
    voice_cache_clear(g_v);
    size_t clips = 9, bytes = 9;
    unsigned long hits0, misses0, hits, misses;
    voice_cache_stats(g_v, &clips, &bytes, &hits0, &misses0);
    CHECK_EQ_INT(clips, 0);
    CHECK_EQ_INT(bytes, 0);

    const voice_clip *a = NULL, *b = NULL;
    REQUIRE(voice_synth(g_v, PROMPTS[0], &a) == VOICE_OK);
    size_t n = a->samples;
    int16_t *copy = malloc(n * sizeof *copy);
    REQUIRE(copy != NULL);
    memcpy(copy, a->pcm, n * sizeof *copy);
    REQUIRE(voice_synth(g_v, PROMPTS[0], &b) == VOICE_OK);
    CHECK(a == b);            /* the same clip, not made again */
    CHECK(a->pcm == b->pcm);
    CHECK_EQ_INT(b->samples, n);
    CHECK(memcmp(copy, b->pcm, n * sizeof *copy) == 0);
    voice_cache_stats(g_v, &clips, &bytes, &hits, &misses);
    CHECK_EQ_INT(hits - hits0, 1);
    CHECK_EQ_INT(misses - misses0, 1);
    CHECK_EQ_INT(clips, 1);
    CHECK(bytes >= n * 2);

    /* the copy for the UI's engine hook */
    int16_t *pcm = NULL;
    size_t samples = 0;
    int rate = 0;
    CHECK_EQ_INT(voice_synth_copy(g_v, PROMPTS[0], &pcm, &samples, &rate), VOICE_OK);
    REQUIRE(pcm != NULL);
    CHECK(pcm != a->pcm);
    CHECK_EQ_INT(samples, n);
    CHECK_EQ_INT(rate, 22050);
    CHECK(memcmp(pcm, copy, n * sizeof *copy) == 0);
    free(pcm);
    CHECK_EQ_INT(voice_synth_copy(g_v, "", &pcm, &samples, &rate), VOICE_ERR_EMPTY);
    CHECK(pcm == NULL);
    CHECK_EQ_INT(samples, 0);

    /* made afresh, the same text gives about the same clip (the engine's
     * output varies by a few samples from one run to the next) */
    voice_cache_clear(g_v);
    REQUIRE(voice_synth(g_v, PROMPTS[0], &a) == VOICE_OK);
    CHECK(a->pcm != NULL);
    CHECK(a->samples > n * 99 / 100 && a->samples < n * 101 / 100);
    free(copy);

    /* a bound: the least recently used clip goes first. Room for clips 0
     * and 3 but not for 0, 1 and 3. */
    voice_cache_clear(g_v);
    const voice_clip *c0 = NULL, *c1 = NULL, *c2 = NULL;
    REQUIRE(voice_synth(g_v, PROMPTS[3], &c2) == VOICE_OK);
    size_t s3 = c2->samples * 2;
    voice_cache_clear(g_v);
    REQUIRE(voice_synth(g_v, PROMPTS[0], &c0) == VOICE_OK);
    REQUIRE(voice_synth(g_v, PROMPTS[1], &c1) == VOICE_OK);
    size_t two = c0->samples * 2 + s3 + 1000;
    REQUIRE(c1->samples * 2 > 2000);
    voice_cache_set_limit(g_v, two);
    REQUIRE(voice_synth(g_v, PROMPTS[0], &c0) == VOICE_OK); /* 0 is now newer than 1 */
    REQUIRE(voice_synth(g_v, PROMPTS[3], &c2) == VOICE_OK); /* pushes out 1 */
    voice_cache_stats(g_v, &clips, &bytes, &hits, &misses);
    CHECK(bytes <= two || clips == 1);
    unsigned long m0 = misses;
    REQUIRE(voice_synth(g_v, PROMPTS[0], &c0) == VOICE_OK);
    voice_cache_stats(g_v, &clips, &bytes, &hits, &misses);
    CHECK_EQ_INT(misses, m0); /* still there */
    REQUIRE(voice_synth(g_v, PROMPTS[1], &c1) == VOICE_OK);
    voice_cache_stats(g_v, &clips, &bytes, &hits, &misses);
    CHECK_EQ_INT(misses, m0 + 1); /* had gone */
    /* limit 0: only the latest clip is kept, and it stays valid */
    voice_cache_set_limit(g_v, 0);
    voice_cache_stats(g_v, &clips, NULL, NULL, NULL);
    CHECK_EQ_INT(clips, 0);
    REQUIRE(voice_synth(g_v, PROMPTS[2], &c2) == VOICE_OK);
    voice_cache_stats(g_v, &clips, NULL, NULL, NULL);
    CHECK_EQ_INT(clips, 1);
    CHECK(voiced_share(c2) > 0.4);
    voice_cache_set_limit(g_v, VOICE_CACHE_BYTES);
    voice_cache_clear(g_v);
}

static void test_rate(void)
{
    const voice_clip *c = NULL;
    REQUIRE(voice_set_rate(g_v, 300) == VOICE_OK);
    REQUIRE(voice_synth(g_v, PROMPTS[1], &c) == VOICE_OK);
    double fast = seconds(c);
    REQUIRE(voice_set_rate(g_v, 100) == VOICE_OK); /* clears the cache */
    size_t clips = 9;
    voice_cache_stats(g_v, &clips, NULL, NULL, NULL);
    CHECK_EQ_INT(clips, 0);
    REQUIRE(voice_synth(g_v, PROMPTS[1], &c) == VOICE_OK);
    double slow = seconds(c);
    fprintf(stderr, "  300 wpm %.2f s, 100 wpm %.2f s\n", fast, slow);
    CHECK(slow > fast * 1.8);
    CHECK_EQ_INT(voice_set_rate(g_v, 150), VOICE_OK);
}

typedef struct {
    const char *text;
    int rc;
    size_t samples;
} job;

static void *speak_thread(void *arg)
{
    job *j = arg;
    for (int i = 0; i < 5; i++) {
        int16_t *pcm = NULL;
        int rate;
        j->rc |= voice_synth_copy(g_v, j->text, &pcm, &j->samples, &rate);
        free(pcm);
    }
    return NULL;
}

static void test_threads(void)
{
    job jobs[2] = {{PROMPTS[0], 0, 0}, {PROMPTS[1], 0, 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, speak_thread, &jobs[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++) {
        CHECK_EQ_INT(jobs[i].rc, VOICE_OK);
        CHECK(jobs[i].samples > 22050 / 2);
    }
    CHECK(jobs[0].samples != jobs[1].samples);
}

static void test_bad_data(void)
{
    voice_free(g_v);
    g_v = NULL;
    char err[256] = "";
    voice *v = NULL;
    CHECK_EQ_INT(voice_new(&v, "/nonexistent/espeak", err, sizeof err), VOICE_ERR_ENGINE);
    CHECK(v == NULL);
    CHECK(err[0] != '\0');
    /* an empty folder is no better */
    CHECK_EQ_INT(voice_new(&v, check_tmpdir("voice-empty"), err, sizeof err), VOICE_ERR_ENGINE);
    CHECK(v == NULL);
    CHECK_EQ_INT(voice_new(NULL, NULL, err, sizeof err), VOICE_ERR_ARG);
    /* the engine stays loaded: another data folder needs a restart */
    char other[1024];
    snprintf(other, sizeof other, "%s/phontab", check_tmpdir("voice-other/espeak-ng-data"));
    FILE *f = fopen(other, "w");
    REQUIRE(f != NULL);
    fclose(f);
    CHECK_EQ_INT(voice_new(&v, check_tmpdir("voice-other"), err, sizeof err), VOICE_ERR_ENGINE);
    CHECK(strstr(err, "restart") != NULL);
    CHECK(v == NULL);
    /* and a voice opens again after the failures, and again after a free */
    CHECK_EQ_INT(voice_new(&g_v, NULL, err, sizeof err), VOICE_OK);
    voice_free(g_v);
    CHECK_EQ_INT(voice_new(&g_v, NULL, err, sizeof err), VOICE_OK);
    const voice_clip *c = NULL;
    REQUIRE(g_v != NULL);
    CHECK_EQ_INT(voice_synth(g_v, PROMPTS[0], &c), VOICE_OK);
    voice_free(NULL);
}

static unsigned rd16(const unsigned char *p) { return p[0] | p[1] << 8; }
static unsigned long rd32(const unsigned char *p) { return rd16(p) | (unsigned long)rd16(p + 2) << 16; }

static void test_voice_say_wav(void)
{
    char path[512], cmd[1400];
    snprintf(path, sizeof path, "%s/prompt.wav", check_tmpdir("voice-say"));
    remove(path);
    snprintf(cmd, sizeof cmd, "%s'%s' -o '%s' '%s' 2>/dev/null", CZ_LAUNCH_SH, CZ_VOICE_SAY, path, PROMPTS[0]);
    CHECK_EQ_INT(system(cmd), 0);
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL);
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    REQUIRE(n > 44);
    CHECK(!memcmp(buf, "RIFF", 4) && !memcmp(buf + 8, "WAVEfmt ", 8));
    CHECK_EQ_INT(rd32(buf + 4), n - 8);
    CHECK_EQ_INT(rd16(buf + 20), 1);  /* PCM */
    CHECK_EQ_INT(rd16(buf + 22), 1);  /* mono */
    CHECK_EQ_INT(rd32(buf + 24), 22050);
    CHECK_EQ_INT(rd16(buf + 34), 16); /* bits */
    CHECK(!memcmp(buf + 36, "data", 4));
    CHECK_EQ_INT(rd32(buf + 40), n - 44);
    double s = (double)(n - 44) / 2 / 22050;
    CHECK(s > 0.5 && s < 10);
    /* as long as what the library gives (the engine varies by a sample or two) */
    const voice_clip *c = NULL;
    REQUIRE(voice_synth(g_v, PROMPTS[0], &c) == VOICE_OK);
    CHECK((n - 44) / 2 > c->samples * 99 / 100 && (n - 44) / 2 < c->samples * 101 / 100);

    /* text from standard input, and errors as exit codes */
    snprintf(cmd, sizeof cmd, "printf '%%s' '%s' | %s'%s' -o '%s' 2>/dev/null", PROMPTS[1],
             CZ_LAUNCH_SH, CZ_VOICE_SAY, path);
    CHECK_EQ_INT(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s'%s' -o '%s' '' 2>/dev/null", CZ_LAUNCH_SH, CZ_VOICE_SAY, path);
    CHECK(system(cmd) != 0);
    snprintf(cmd, sizeof cmd, "%s'%s' '%s' 2>/dev/null", CZ_LAUNCH_SH, CZ_VOICE_SAY, PROMPTS[0]);
    CHECK(system(cmd) != 0); /* no -o */
    snprintf(cmd, sizeof cmd, "%s'%s' -o /nonexistent/x.wav '%s' 2>/dev/null", CZ_LAUNCH_SH, CZ_VOICE_SAY,
             PROMPTS[0]);
    CHECK(system(cmd) != 0);
}

int main(void)
{
    RUN(test_open);
    if (!g_v)
        return check_summary();
    RUN(test_sentence);
    RUN(test_mandarin_not_english);
    RUN(test_bad_text);
    RUN(test_long_text_bounded);
    RUN(test_cache);
    RUN(test_rate);
    RUN(test_threads);
    RUN(test_bad_data);
    if (g_v)
        RUN(test_voice_say_wav);
    voice_free(g_v);
    return check_summary();
}
