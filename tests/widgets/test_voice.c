/* test_voice.c — the voice button without a speech engine and with speech
 * switched off: nothing plays, the codes say why, and the message a villager
 * sees is short Chinese. (Speaking for real: test_voice_engine.c, built when
 * app/voice is.) */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "plat_audio.h"
#include "ui/core/script.h"
#include "core/strings.h"
#include "uitest.h"
#include "ui/widgets/voicebtn.h"

static void test_without_engine(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    ui_voice_set_engine(NULL);
    CHECK_EQ_INT(ui_voice_speak(u.app, "您好"), UI_VOICE_ERR_NO_ENGINE);
    CHECK_EQ_STR(ui_voice_error_key(UI_VOICE_ERR_NO_ENGINE), "err.ui_voice.engine");
    CHECK(ui_voice_error_key(UI_VOICE_OK) == NULL);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    char err[256] = "";
    /* the button is there, large, and a tap on it is harmless */
    CHECK_EQ_INT(ui_script_run(u.app, "demo buttons\ntap @demo.voice\nexpect-screen demo\n", "s",
                               NULL, err, sizeof err), 0);
    CHECK(ui_voicebtn_size(u.app) >= ui_theme_mm(ui_app_theme(u.app), 15.0));
    uitest_close(&u);
}

static void test_off(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    ui_voice_set_engine(NULL);
    char err[128];
    /* speech switched off wins over everything: not even an error to show */
    REQUIRE(core_config_set(u.cfg, "audio.voice", "0", err, sizeof err) == 0);
    CHECK_EQ_INT(ui_voice_speak(u.app, "您好"), UI_VOICE_OFF);
    CHECK(ui_voice_error_key(UI_VOICE_OFF) == NULL);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    uitest_close(&u);
}

/* What a button reads, a sentence at a time: each ends with 。, empty ones
 * add nothing, and a buffer too small keeps what fits, terminated, the
 * length saying it was cut. */
static void test_sentences(void)
{
    uitest_app u; /* the words loaded (voice.sentence) */
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    char out[64];
    out[0] = '\0';
    size_t len = ui_voice_sentence(out, sizeof out, 0, "请选择要办理的事项");
    len = ui_voice_sentence(out, sizeof out, len, "");
    len = ui_voice_sentence(out, sizeof out, len, NULL);
    len = ui_voice_sentence(out, sizeof out, len, "低保");
    CHECK_EQ_STR(out, "请选择要办理的事项。低保。");
    CHECK_EQ_INT((int)len, (int)strlen(out));
    char small[16]; /* 5 characters of 3 bytes and the NUL */
    memset(small, 'x', sizeof small);
    small[0] = '\0';
    len = ui_voice_sentence(small, sizeof small, 0, "请选择");
    len = ui_voice_sentence(small, sizeof small, len, "要办理的事项");
    CHECK(len >= sizeof small);
    CHECK(memchr(small, '\0', sizeof small) != NULL);
    CHECK(!strncmp(small, "请选择。", strlen("请选择。")));
    len = ui_voice_sentence(small, sizeof small, len, "低保"); /* past the end: nothing written */
    CHECK(memchr(small, '\0', sizeof small) != NULL);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_without_engine);
    RUN(test_off);
    RUN(test_sentences);
    return check_summary();
}
