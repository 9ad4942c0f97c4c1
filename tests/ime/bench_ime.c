/* bench_ime.c — figures for the text-entry engines and voice guidance (a
 * program that prints, not a test): open times, pinyin time per keystroke,
 * handwriting time per recognition, speech synthesis cold and cached.
 *
 *   bench_ime [ASSETS_DIR] [TESTS_DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"
#include "ime/hand.h"
#include "ime/pinyin.h"
#include "voice/voice.h"

static double now_ms(void) { return fx_now_s() * 1e3; }

static void report(const char *what, double *t, int n)
{
    fx_sort_doubles(t, (size_t)n);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += t[i];
    printf("%-38s n=%-5d mean %7.3f ms  median %7.3f  p95 %7.3f  max %7.3f\n", what, n, sum / n,
           t[n / 2], t[n * 95 / 100], t[n - 1]);
}

static void bench_pinyin(const char *assets)
{
    char rare[1024], err[256];
    snprintf(rare, sizeof rare, "%s/%s", assets, IME_PINYIN_RARE_FILE);
    ime_pinyin *p = NULL;
    double t0 = now_ms();
    if (ime_pinyin_open(&p, NULL, rare, err, sizeof err) != 0) {
        printf("pinyin: cannot open: %s\n", err);
        return;
    }
    printf("pinyin open (dictionary + rare table): %.1f ms\n", now_ms() - t0);
    static const char *names[] = {"zhangsan", "wangxiaoming", "liyuanyuan", "ouyangzhenhua",
                                  "zhaokun", "chenyunhua", "huangjie", "yiyan", "zzzzzzzzzzzz",
                                  "xingfucunsanzu"};
    static double t[4096];
    int n = 0, cands = 0;
    for (int rep = 0; rep < 20; rep++) {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            ime_pinyin_reset(p);
            for (const char *c = names[i]; *c && n < 4096; c++) {
                char one[2] = {*c, 0};
                double a = now_ms();
                int k = ime_pinyin_append(p, one);
                t[n++] = now_ms() - a;
                if (k > cands)
                    cands = k;
            }
        }
    }
    report("pinyin keystroke (append + candidates)", t, n);
    printf("  most candidates after one keystroke: %d\n", cands);
    n = 0;
    for (int rep = 0; rep < 200; rep++) {
        ime_pinyin_reset(p);
        ime_pinyin_append(p, "zhangsan");
        double a = now_ms();
        ime_pinyin_choose(p, 1);
        t[n++] = now_ms() - a;
    }
    report("pinyin partial choice", t, n);
    ime_pinyin_free(p);
}

static void bench_hand(void)
{
    char err[256];
    ime_hand *h = NULL;
    double t0 = now_ms();
    if (ime_hand_new(&h, NULL, err, sizeof err) != 0) {
        printf("hand: cannot open: %s\n", err);
        return;
    }
    printf("handwriting model open: %.1f ms\n", now_ms() - t0);
    /* 李, seven strokes (the fixture of tests/ime/hand-strokes.txt) */
    static const int li[][6][2] = {
        {{200, 250}, {400, 250}, {600, 250}, {800, 250}},
        {{500, 100}, {500, 230}, {500, 360}, {500, 480}},
        {{480, 260}, {390, 330}, {300, 400}, {240, 440}, {180, 480}},
        {{520, 260}, {580, 320}, {650, 380}, {720, 420}, {800, 460}},
        {{300, 520}, {430, 520}, {560, 520}, {680, 520}, {620, 560}, {570, 600}},
        {{500, 640}, {500, 720}, {500, 800}, {500, 900}, {460, 890}, {420, 880}},
        {{150, 720}, {380, 720}, {620, 720}, {850, 720}},
    };
    static double t[2000];
    int n = 0;
    for (int rep = 0; rep < 100; rep++) {
        ime_hand_clear(h);
        for (int s = 0; s < 7; s++) {
            for (int i = 0; i < 6 && (li[s][i][0] || li[s][i][1]); i++)
                ime_hand_add_point(h, s, li[s][i][0], li[s][i][1]);
            ime_hand_end_stroke(h);
            double a = now_ms();
            ime_hand_recognise(h, 10);
            t[n++] = now_ms() - a;
        }
    }
    report("handwriting recognise (1..7 strokes)", t, n);
    printf("  top candidate after 7 strokes: %s\n", ime_hand_candidate(h, 0));
    ime_hand_free(h);
}

static void bench_voice(void)
{
    char err[256];
    voice *v = NULL;
    double t0 = now_ms();
    if (voice_new(&v, NULL, err, sizeof err) != 0) {
        printf("voice: cannot open: %s\n", err);
        return;
    }
    printf("speech engine open: %.1f ms\n", now_ms() - t0);
    static const char *prompts[] = {
        "请把身份证放在读卡器上。", "请输入您的手机号码，然后点下一步。",
        "请选择您要办理的事项：养老保险、医疗保险、高龄津贴。", "办好了，请拿好您的回执。"};
    double cold[4], hot[400], audio = 0, synth = 0;
    for (int i = 0; i < 4; i++) {
        const voice_clip *c;
        double a = now_ms();
        voice_synth(v, prompts[i], &c);
        cold[i] = now_ms() - a;
        synth += cold[i];
        audio += (double)c->samples / c->rate;
    }
    int n = 0;
    for (int rep = 0; rep < 100; rep++) {
        for (int i = 0; i < 4; i++) {
            const voice_clip *c;
            double a = now_ms();
            voice_synth(v, prompts[i], &c);
            hot[n++] = now_ms() - a;
        }
    }
    report("speech synthesis, first time", cold, 4);
    printf("  %.1f s of speech made in %.1f ms (%.0fx real time)\n", audio, synth,
           audio * 1000 / synth);
    report("speech from the cache", hot, n);
    size_t clips, bytes;
    voice_cache_stats(v, &clips, &bytes, NULL, NULL);
    printf("  cache: %zu clips, %.1f KiB\n", clips, bytes / 1024.0);
    voice_free(v);
}

int main(int argc, char **argv)
{
    const char *assets = argc > 1 ? argv[1] : getenv("CZ_ASSETS");
    if (!assets)
        assets = CZ_BENCH_ASSETS;
    bench_pinyin(assets);
    bench_hand();
    bench_voice();
    return 0;
}
