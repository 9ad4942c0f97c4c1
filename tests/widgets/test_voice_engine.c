/* test_voice_engine.c — the speaker button with the real speech engine
 * (app/voice: espeak-ng Mandarin) and the platform speaker (SDL's dummy
 * audio driver in tests): a tap speaks the page prompt, a second tap stops
 * it, the button's tick wakes the loop only while speech plays, the
 * inactivity countdown speaks its question, and the end of a session stops
 * speech and empties the engine's cache. Speech starting, stopped by a tap
 * and ending by itself redraws the button alone (uitest_partial), in normal
 * and large text. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "plat_audio.h"
#include "plat_clock.h"
#include "ui/core/script.h"
#include "core/strings.h"
#include "uitest.h"
#include "ui/core/session.h"
#include "voice/voice.h"
#include "ui/widgets/voicebtn.h"

static void forget(void *ud) { voice_cache_clear(ud); }

/* The buttons' engine while a test runs (the buttons keep its address). */
static ui_voice_engine g_engine;

/* Starts the real speech engine and gives it to the voice buttons; NULL (a
 * failed check, u closed) when it cannot start. The caller frees it. */
static voice *engine_open(uitest_app *u)
{
    voice *v = NULL;
    char err[256] = "";
    if (voice_new(&v, NULL, err, sizeof err) != VOICE_OK) {
        printf("  voice: %s\n", err);
        CHECK(0);
        uitest_close(u);
        return NULL;
    }
    g_engine = (ui_voice_engine){v, voice_synth_copy};
    ui_voice_set_engine(&g_engine);
    return v;
}

static void test_speak_and_stop(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    voice *v = engine_open(&u);
    if (!v)
        return;
    char err[256] = "";
    ui_voice_set_forget(forget);
    REQUIRE(ui_script_run(u.app, "demo buttons\n", "s", NULL, err, sizeof err) == 0);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    /* the prompt is synthesised and queued on the speaker */
    REQUIRE(ui_script_run(u.app, "tap @demo.voice\n", "s", NULL, err, sizeof err) == 0);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    size_t clips, bytes;
    unsigned long hits, misses;
    voice_cache_stats(v, &clips, &bytes, &hits, &misses);
    CHECK_EQ_INT(clips, 1);
    CHECK(bytes > 22050); /* more than half a second of speech */
    /* while it plays the button asks to be looked at again */
    uint64_t now = plat_clock_mono_ms();
    CHECK(ui_voicebtn_tick(u.app, now) > now);
    /* a second tap stops it */
    REQUIRE(ui_script_run(u.app, "tap @demo.voice\n", "s", NULL, err, sizeof err) == 0);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    CHECK_EQ_INT(ui_voicebtn_tick(u.app, now), 0);
    /* speaking the same prompt again comes from the cache */
    CHECK_EQ_INT(ui_voice_speak(u.app, core_str("demo.prompt")), UI_VOICE_OK);
    voice_cache_stats(v, &clips, &bytes, &hits, &misses);
    CHECK_EQ_INT(hits, 1);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    /* the inactivity countdown asks aloud whether someone is there */
    plat_audio_stop();
    REQUIRE(ui_script_run(u.app, "wait 90100\nexpect-screen idle\n", "s", NULL, err,
                          sizeof err) == 0);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    voice_cache_stats(v, &clips, &bytes, &hits, &misses);
    CHECK_EQ_INT(clips, 2);
    /* the session ends for inactivity: silence, and the cache is empty */
    REQUIRE(ui_script_run(u.app, "wait 20000\nexpect-screen home\n", "s", NULL, err,
                          sizeof err) == 0);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    voice_cache_stats(v, &clips, &bytes, &hits, &misses);
    CHECK_EQ_INT(clips, 0);
    CHECK_EQ_INT(bytes, 0);
    /* text that is not UTF-8 is refused by the engine: a code, no sound */
    CHECK_EQ_INT(ui_voice_speak(u.app, "\xff\xfe"), UI_VOICE_ERR_SYNTH);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    ui_voice_set_forget(NULL);
    ui_voice_set_engine(NULL);
    uitest_close(&u);
    voice_free(v);
    plat_audio_close();
}

/* The button lights up while speech plays and goes back when it stops or
 * ends: each change draws the button alone, a patch in the page's bottom
 * corner survives and the frame equals a full one. */
static void test_partial(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    voice *v = engine_open(&u);
    if (!v)
        return;
    SDL_Rect patch = {4, 1920 - 28, 24, 24};
    for (int el = 0; el <= 1; el++) {
        const char *what = el ? "voice button, large text" : "voice button";
        ui_app_set_elderly(u.app, el);
        REQUIRE(uitest_run(&u, "demo buttons\n") == 0);
        ui_app_render(u.app, 1);
        /* a tap speaks (the button lights up), a second one stops it */
        CHECK_EQ_INT(uitest_partial(&u, what, "tap @demo.voice", &patch), 0);
        CHECK_EQ_INT(plat_audio_busy(), 1);
        CHECK_EQ_INT(uitest_partial(&u, what, "tap @demo.voice", &patch), 0);
        CHECK_EQ_INT(plat_audio_busy(), 0);
        /* spoken to its end (the speaker plays in real time, so a short
         * word rather than the page's prompt): the tick sees it and the
         * button goes back */
        CHECK_EQ_INT(ui_voice_speak(u.app, "好"), UI_VOICE_OK);
        CHECK_EQ_INT(plat_audio_busy(), 1);
        SDL_Rect btn;
        REQUIRE(uitest_target_rect(u.app, "demo.voice", &btn) == 0);
        SDL_Color on = ui_app_theme(u.app)->primary;
        int lit = uitest_count_color(&u, btn.x, btn.y, btn.w, btn.h, on);
        for (int i = 0; i < 3000 && plat_audio_busy(); i++)
            usleep(10000);
        CHECK_EQ_INT(plat_audio_busy(), 0);
        CHECK_EQ_INT(uitest_partial(&u, what, "wait 250", &patch), 0);
        int dark = uitest_count_color_shown(&u, btn.x, btn.y, btn.w, btn.h, on);
        printf("  %s: %d pixels lit while it speaks, %d after\n", what, lit, dark);
        CHECK(lit > 0 && dark < lit / 2);
        ui_app_go_home(u.app);
    }
    ui_voice_set_engine(NULL);
    uitest_close(&u);
    voice_free(v);
    plat_audio_close();
}

int main(void)
{
    RUN(test_speak_and_stop);
    RUN(test_partial);
    return check_summary();
}
