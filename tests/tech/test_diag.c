/* test_diag.c — what the technician's info page (维护模式 → 版本与事项目录) shows
 * for diagnosis, reached through the real screens on a headless app with the
 * engines as the programs install them (ui_engines_install): the data file's
 * schema version; the characters no font had (a station name with one draws
 * an empty box on the villager's home screen, and the page names it by code
 * point); the speech engine, not started until a prompt is read, then its
 * clip cache after a villager had two prompts read (the ID card page's
 * 读给我听 and the idle prompt's) and the session ended; and a speech engine
 * that could not start (its data folder missing) said as failed, with why,
 * not as "not started"; the speech cache bounded by the configuration's
 * voice.cache_kb. Reference images in normal and large text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "check.h"
#include "core/strings.h"
#include "fixtures.h"
#include "ui/core/script.h"
#include "ui/core/services.h"
#include "ui/core/text.h"
#include "ui/kb/ime/engines.h"
#include "ui/screens/tech/tech.h"
#include "ui/screens/tech/tech_int.h"
#include "ui/screens/tech/tech_link.h"
#include "ui/widgets/voicebtn.h"
#include "uitest.h"

#define PIN "482915"

static uitest_app u;
static store *st;
static char db[1024], conf[1100], data[1024];
static tech_link link_;
static ui_services svc;

static int run(const char *script)
{
    char err[512];
    int rc = ui_script_run(u.app, script, "t", NULL, err, sizeof err);
    if (rc)
        printf("  script: %s\n", err);
    return rc;
}

static const char *top(void) { return ui_app_top(u.app)->ops->name; }

/* The hidden gesture, then the PIN (checked on a thread of its own). */
static void sign_in(void)
{
    CHECK_EQ_INT(run("down 30 30\nwait 2100\nup 30 30\nwait 100\ndown 1050 30\nwait 2100\n"
                     "up 1050 30\nexpect-screen tech.pin\n"), 0);
    char s[256] = "";
    for (const char *p = PIN; *p; p++) {
        char line[32];
        snprintf(line, sizeof line, "tap @tech.pad.k.%c\n", *p);
        strcat(s, line);
    }
    strcat(s, "tap @tech.pin.ok\nsettle 10000\n");
    CHECK_EQ_INT(run(s), 0);
    CHECK_EQ_STR(top(), "tech.menu");
}

/* 1 if a row of the info page (on top) is exactly text. */
static int has_row(const char *text)
{
    tech_page *pg = ui_app_top(u.app)->priv;
    for (int i = 0; i < ui_list_count(pg->list); i++)
        if (!strcmp(ui_list_text(pg->list, i), text))
            return 1;
    printf("  no row '%s' on %s\n", text, top());
    return 0;
}

static void setup(void)
{
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    snprintf(data, sizeof data, "%s", check_tmpdir("data"));
    snprintf(conf, sizeof conf, "%s/settings.conf", data);
    char p[1100], err[256], warn[256];
    snprintf(p, sizeof p, "%s/tech-lock", data);
    unlink(p);
    unlink(conf);
    snprintf(db, sizeof db, "%s", fx_fresh_db("kiosk"));
    REQUIRE(store_open(db, &st) == STORE_OK);
    svc.store = st;
    svc.forms = u.forms; /* the assets' catalogue, as uitest_open gave it */
    ui_app_set_services(u.app, &svc);
    char hash[AUTH_HASH_MAX];
    REQUIRE(auth_pin_hash(PIN, hash) == AUTH_OK);
    REQUIRE(core_config_set(u.cfg, "tech.pin_hash", hash, err, sizeof err) == 0);
    /* a station name with a character no font has (U+E000, private use) */
    REQUIRE(core_config_set(u.cfg, "station.name", "青山村\xee\x80\x80便民服务站", err,
                            sizeof err) == 0);
    tech_link_init(&link_, u.cfg, ui_app_services(u.app), conf, data, db, "0.1.0-test");
    ui_tech_install(u.app, &link_.services);
    CHECK_EQ_INT(ui_engines_install(check_asset(""), u.cfg, warn, sizeof warn), 2);
}

static void test_info_before_speech(void)
{
    /* home drew the station name: one character without a glyph */
    CHECK_EQ_INT(run("expect-screen home\n"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 1);
    CHECK_EQ_INT(text_missing_char(ui_app_text(u.app), 0), 0xE000);
    sign_in();
    CHECK_EQ_INT(run("tap @tech.m.info\nexpect-screen tech.info\n"), 0);
    char want[128];
    snprintf(want, sizeof want, core_str("tech.info.schema"), STORE_SCHEMA_VERSION);
    CHECK(has_row(want));
    snprintf(want, sizeof want, core_str("tech.info.glyphs.missing"), 1);
    CHECK(has_row(want));
    CHECK(has_row(core_str("tech.info.voice.off")));
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-info-diag.png"), 0);
    CHECK_EQ_INT(run("elderly on\n"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-info-diag-large.png"), 0);
    CHECK_EQ_INT(run("elderly off\ntap @tech.back\ntap @tech.exit\nexpect-screen home\n"), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
}

static void test_info_after_speech(void)
{
    /* a villager has the form's prompt read, walks away; the idle prompt is
     * read too; the session ends (the cache forgets its clips) */
    CHECK_EQ_INT(run("tap @tile.pension\nexpect-screen menu\ntap @menu.list.0\n"
                     "expect-screen form\ntap @card.voice\nwait 91000\nexpect-screen idle\n"
                     "tap @idle.voice\nwait 21000\nexpect-screen home\n"), 0);
    sign_in();
    CHECK_EQ_INT(run("tap @tech.m.info\nexpect-screen tech.info\n"), 0);
    char want[128];
    snprintf(want, sizeof want, core_str("tech.info.voice"), 0, 0);
    CHECK(has_row(want));
    ui_voice_cache vs; /* what the row's second line says */
    CHECK_EQ_INT(ui_voice_stats(&vs), 0);
    CHECK_EQ_INT((long long)vs.misses, 2);
    CHECK_EQ_INT((long long)vs.hits, 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-info-voice.png"), 0);
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.exit\nexpect-screen home\n"), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
}

/* Clips in the speech cache once a villager had the form's prompt and the
 * idle prompt read, before the session ends (what the info page's row says
 * while a session runs). */
static long clips_after_two_prompts(void)
{
    CHECK_EQ_INT(run("tap @tile.pension\nexpect-screen menu\ntap @menu.list.0\n"
                     "expect-screen form\ntap @card.voice\nwait 91000\nexpect-screen idle\n"
                     "tap @idle.voice\n"), 0);
    ui_voice_cache vs;
    CHECK_EQ_INT(ui_voice_stats(&vs), 0);
    CHECK_EQ_INT((long long)vs.misses, 2);
    CHECK_EQ_INT(run("wait 21000\nexpect-screen home\n"), 0);
    return (long)vs.clips;
}

/* The configuration's voice.cache_kb bounds the clips the engines keep, as
 * the programs install them: 0 keeps only the latest prompt, the default
 * both. */
static void test_voice_cache_from_config(void)
{
    char err[256], warn[256];
    ui_engines_uninstall();
    CHECK_EQ_INT(ui_engines_install(check_asset(""), u.cfg, warn, sizeof warn), 2);
    CHECK_EQ_INT(clips_after_two_prompts(), 2);
    ui_engines_uninstall();
    REQUIRE(core_config_set(u.cfg, "voice.cache_kb", "0", err, sizeof err) == 0);
    CHECK(core_config_set(u.cfg, "voice.cache_kb", "-1", err, sizeof err) != 0);
    CHECK_EQ_INT(ui_engines_install(check_asset(""), u.cfg, warn, sizeof warn), 2);
    CHECK_EQ_INT(clips_after_two_prompts(), 1);
    REQUIRE(core_config_set(u.cfg, "voice.cache_kb", "16384", err, sizeof err) == 0);
}

static void test_info_speech_failed(void)
{
    /* the programs' engines again, with the speech data gone (a folder
     * named relatively, so the page's picture is the same on any machine) */
    ui_engines_uninstall();
    setenv("CZ_VOICE_DATA", "no-speech-data", 1);
    char warn[256];
    CHECK_EQ_INT(ui_engines_install(check_asset(""), u.cfg, warn, sizeof warn), 2);
    /* a villager asks for the prompt: nothing can be read */
    CHECK_EQ_INT(run("tap @tile.pension\nexpect-screen menu\ntap @menu.list.0\n"
                     "expect-screen form\ntap @card.voice\nkey escape\n"), 0);
    CHECK_EQ_INT(run("wait 200000\nexpect-screen home\n"), 0);
    sign_in();
    CHECK_EQ_INT(run("tap @tech.m.info\nexpect-screen tech.info\n"), 0);
    CHECK(has_row(core_str("tech.info.voice.failed")));
    CHECK(!has_row(core_str("tech.info.voice.off")));
    ui_voice_cache vs; /* the row's second line: why, as the log said it */
    CHECK_EQ_INT(ui_voice_stats(&vs), UI_VOICE_STATS_FAILED);
    CHECK(strstr(vs.why, "no-speech-data") != NULL);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-info-voice-failed.png"), 0);
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.exit\nexpect-screen home\n"), 0);
    unsetenv("CZ_VOICE_DATA");
    CHECK_EQ_INT(core_strings_missing(), 0);
}

int main(void)
{
    RUN(setup);
    RUN(test_info_before_speech);
    RUN(test_info_after_speech);
    RUN(test_voice_cache_from_config);
    RUN(test_info_speech_failed);
    ui_engines_uninstall();
    store_close(st);
    uitest_close(&u);
    return check_summary();
}
