/* test_halt.c — start-up failures stay on the panel (boot.h). Each failure
 * goes through the programs' own start-up path (config load, boot_app_new,
 * boot_open, boot_attach, boot_show_failure) on a headless 1080x1920 canvas:
 * the failure page is the first screen (expect-screen halt), in normal and
 * large text against reference images; technician mode stays reachable where
 * the app has text; the emulator itself, in script mode, keeps running on a
 * bad configuration and shows the page; a damaged data file stays as it is
 * until a technician confirms in technician mode, then it is moved aside
 * (kept, same bytes, named with the time), a fresh store opens, the audit log
 * says so and home comes back. The page's 读给我听 reads its words out with
 * the real speech engine, also when the assets folder is missing. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* unshare, CLONE_NEWNS */
#endif
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/auth.h"
#include "boot/boot.h"
#include "check.h"
#include "cz_text_build.h"
#include "fixtures.h"
#include "launch.h"
#include "plat_clock.h"
#include "plat_net.h"
#include "plat_paths.h"
#include "uitest.h"
#include "core/strings.h"
#include "ui/screens/tech/tech_int.h"
#include "ui/widgets/voicebtn.h"
#include "voice/voice.h"
#include "plat_audio.h"

#define PIN "482915"

static uitest_app u;
static boot_ctx b;
static boot_fault early;
static char pin_hash[AUTH_HASH_MAX];

/* The start-up of platform/emu/main.c from the configuration on; 1 if the
 * failure page is shown. conf may be NULL. */
static int start_sized(const char *assets, const char *data, const char *conf, int w, int h);
static int start(const char *assets, const char *data, const char *conf)
{
    return start_sized(assets, data, conf, 1080, 1920);
}

/* The program's start-up as boot.c does it, on a w x h screen: 1 when the
 * failure page was put up, 0 when home, -1 if it could not start. */
static int start_sized(const char *assets, const char *data, const char *conf, int w, int h)
{
    char err[512];
    memset(&early, 0, sizeof early);
    memset(&u, 0, sizeof u);
    plat_paths_set(assets, data, conf);
    u.cfg = core_config_new();
    if (conf && core_config_load_file(u.cfg, conf, err, sizeof err) != 0) {
        boot_fault_set(&early, "CONFIG", err);
        core_config_free(u.cfg);
        u.cfg = core_config_new();
    }
    boot_load_overrides(u.cfg, &early, err, sizeof err); /* <data>/settings.conf */
    core_config_set(u.cfg, "tech.pin_hash", pin_hash, err, sizeof err);
    plat_display_opts o = {.width = w, .height = h, .headless = 1, .title = "test"};
    u.disp = plat_display_open(&o, err, sizeof err);
    if (!u.disp)
        return -1;
    u.app = boot_app_new(u.disp, u.cfg, &early);
    if (!u.app)
        return -1;
    boot_open(&b, u.cfg, 0, err, sizeof err);
    boot_attach(&b, u.app, u.cfg, "0.1.0-test");
    return boot_show_failure(&b, &early);
}

static void stop(void)
{
    ui_app_free(u.app);
    boot_close(&b);
    plat_display_close(u.disp);
    core_config_free(u.cfg);
    memset(&u, 0, sizeof u);
}

/* The speech engine, recording what it is asked to say. */
static voice *g_voice;
static char g_said[1024];

static int record_synth(void *ud, const char *text, int16_t **pcm, size_t *samples, int *rate)
{
    snprintf(g_said, sizeof g_said, "%s", text);
    return voice_synth_copy(ud, text, pcm, samples, rate);
}

/* Taps 读给我听 on the page: it must read the page's words out. */
static void hear(void)
{
    char err[256] = "";
    if (!g_voice && voice_new(&g_voice, NULL, err, sizeof err) != VOICE_OK)
        printf("  voice: %s\n", err);
    REQUIRE(g_voice != NULL);
    ui_voice_engine e = {g_voice, record_synth};
    ui_voice_set_engine(&e);
    g_said[0] = '\0';
    CHECK_EQ_INT(uitest_run(&u, "tap @halt.voice\nexpect-screen halt"), 0);
    plat_audio_stop();
    CHECK_EQ_STR(g_said, CZ_TEXT_HALT_SAY);
    ui_voice_set_engine(NULL);
}

static int put(const char *path, const char *text) { return fx_write(path, text, strlen(text)); }

static const char *top(void) { return ui_app_top(u.app)->ops->name; }
static const char *code(void) { return early.code[0] ? early.code : b.fault.code; }

static void gesture(void)
{
    char s[256];
    int w = ui_app_theme(u.app)->w; /* the right corner of any screen */
    snprintf(s, sizeof s,
             "down 30 30\nwait 2100\nup 30 30\nwait 300\ndown %d 30\nwait 2100\nup %d 30\n", w - 30,
             w - 30);
    CHECK_EQ_INT(uitest_run(&u, s), 0);
}

/* The page in normal and large text against tests/boot/ref/halt-<name>*.png. */
static void pictures(const char *name)
{
    char ref[128];
    CHECK_EQ_INT(uitest_run(&u, "expect-screen halt"), 0);
    snprintf(ref, sizeof ref, "boot/ref/halt-%s.png", name);
    CHECK_EQ_INT(uitest_compare(&u, ref), 0);
    CHECK_EQ_INT(uitest_run(&u, "elderly on"), 0);
    snprintf(ref, sizeof ref, "boot/ref/halt-%s-large.png", name);
    CHECK_EQ_INT(uitest_compare(&u, ref), 0);
    CHECK_EQ_INT(uitest_run(&u, "elderly off"), 0);
}

/* A new empty folder <scratch>/name (the tests chdir to the scratch folder,
 * so paths on the pages are short and the same on every machine). */
static const char *fresh(const char *name)
{
    return fx_fresh_dir(name);
}

static void test_config(void)
{
    const char *d = fresh("config");
    REQUIRE(d && chdir(check_tmpdir(NULL)) == 0);
    REQUIRE(put("bad.conf", "station.name = 青山村便民服务站\n\nscreen.rotaton = 90\n") == 0);
    REQUIRE(start(check_asset(""), "config", "bad.conf") == 1);
    CHECK_EQ_STR(code(), "CONFIG");
    CHECK(strstr(early.where, "bad.conf:3:") != NULL); /* file and line */
    pictures("config");
    hear();
    gesture(); /* technician mode: its PIN screen opens */
    CHECK_EQ_STR(top(), "tech.pin");
    stop();
}

/* Whether the store's audit log has a row of action whose object begins with object. */
static int audit_has(const char *action, const char *object)
{
    store_audit_row *rows = NULL;
    size_t n = 0, found = 0;
    if (b.store && store_audit_list(b.store, 0, 50, &rows, &n) == STORE_OK) {
        for (size_t i = 0; i < n; i++)
            found += !strcmp(rows[i].action, action) && rows[i].object_id &&
                     !strncmp(rows[i].object_id, object, strlen(object));
        store_audit_list_free(rows, n);
    }
    return found > 0;
}

/* The settings file put right: no early failure left, and from 设置 back
 * through the menu to home; the kiosk stopped. */
static void settings_fixed_home(void)
{
    CHECK(early.code[0] == '\0');
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.back\nexpect-screen tech.menu\ntap @tech.exit\n"
                                "expect-screen home"),
                 0);
    stop();
}

/* The name settings.conf was kept under in folder dir (settings.conf.bad-
 * and the virtual time), into out; "" if none. */
static void find_aside(const char *dir, char *out, size_t n)
{
    out[0] = '\0';
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, "settings.conf.bad-2026", 22))
            snprintf(out, n, "%s", e->d_name);
    if (d)
        closedir(d);
}

/* The PIN typed on technician mode's pad, and its menu once checked. */
static void tech_menu(void)
{
    gesture();
    REQUIRE(strcmp(top(), "tech.pin") == 0);
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.pad.k.4\ntap @tech.pad.k.8\ntap @tech.pad.k.2\n"
                                "tap @tech.pad.k.9\ntap @tech.pad.k.1\ntap @tech.pad.k.5\n"
                                "tap @tech.pin.ok\n"),
                 0);
    int tx, ty; /* the PIN is checked on a thread of its own (tech.pin.busy meanwhile) */
    for (int i = 0; i < 12000 && ui_app_find_target(u.app, "tech.pin.busy", &tx, &ty) == 0; i++) {
        usleep(5000);
        CHECK_EQ_INT(uitest_run(&u, "wait 5\n"), 0);
    }
    CHECK_EQ_INT(uitest_run(&u, "expect-screen tech.menu"), 0);
}

#define GOOD_SETTINGS "# settings changed on this kiosk\n" \
                      "station.name = 东山村便民服务站\n" \
                      "platform.url = https://zwfw.example.cn\n"

/* A bad value in the data folder's settings.conf: the page names the file
 * and line, the other lines still count, and the technician saves that
 * setting again in technician mode: home comes back. */
static void test_settings_value(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fresh("settings");
    REQUIRE(put("settings/settings.conf", GOOD_SETTINGS "ui.idle_timeout_s = banana\n") == 0);
    REQUIRE(start(check_asset(""), "settings", NULL) == 1);
    CHECK_EQ_STR(code(), "SETTINGS");
    CHECK(strstr(early.where, "settings/settings.conf:4:") != NULL); /* file and line */
    CHECK(strstr(early.where, "ui.idle_timeout_s") != NULL);         /* and why */
    CHECK(fx_file_contains("settings/logs/cunzhan.log", "service paused: SETTINGS"));
    /* what the file sets besides stays set (the station, its platform) */
    CHECK_EQ_STR(core_config_get(u.cfg, "station.name"), "东山村便民服务站");
    CHECK_EQ_STR(core_config_get(u.cfg, "platform.url"), "https://zwfw.example.cn");
    pictures("settings");
    tech_menu();
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.m.settings\nexpect-screen tech.settings"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/tech-settings-bad.png"), 0);
    /* that setting saved again (row 5: ui.idle_timeout_s) replaces the line */
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.rows.5\nexpect-screen tech.edit\ntap @tech.pad.k.clear\n"
                                "tap @tech.pad.k.1\ntap @tech.pad.k.2\ntap @tech.pad.k.0\n"
                                "tap @tech.edit.ok\nexpect-screen tech.settings"),
                 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "ui.idle_timeout_s"), "120");
    CHECK(!fx_file_contains("settings/settings.conf", "banana"));
    CHECK(fx_file_contains("settings/settings.conf", "station.name = 东山村便民服务站"));
    CHECK(early.code[0] == '\0');
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/tech-settings-fixed.png"), 0);
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.back\nexpect-screen tech.menu\ntap @tech.exit\n"
                                "expect-screen home"),
                 0);
    CHECK(fx_file_contains("settings/logs/cunzhan.log", "loads whole again"));
    stop();
}

/* A NUL byte (no line to name): the page all the same; the technician
 * drops the lines that do not load, after a second tap; the file as it was
 * is kept beside; home comes back. */
static void test_settings_nul(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fresh("settings-nul");
    static const char bytes[] = GOOD_SETTINGS "ui.idle_timeout_s = 1\0002\naudio.volume = 55\n";
    REQUIRE(fx_write("settings-nul/settings.conf", bytes, sizeof bytes - 1) == 0);
    REQUIRE(start(check_asset(""), "settings-nul", NULL) == 1);
    CHECK_EQ_STR(code(), "SETTINGS");
    CHECK(strstr(early.where, "settings-nul/settings.conf") != NULL);
    CHECK_EQ_STR(core_config_get(u.cfg, "station.name"), "东山村便民服务站");
    CHECK_EQ_STR(core_config_get(u.cfg, "audio.volume"), "55");
    tech_menu();
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.m.settings\nexpect-screen tech.settings\n"
                                "tap @tech.act.0\nwait 50"),
                 0);
    size_t len = 0; /* asked first, nothing dropped */
    char *now = fx_slurp("settings-nul/settings.conf", &len);
    CHECK(now && len == sizeof bytes - 1);
    free(now);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/tech-settings-drop-ask.png"), 0);
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.act.0\nwait 50"), 0); /* 确认删去 */
    core_config *c = core_config_new();
    char err[512];
    CHECK_EQ_INT(core_config_load_file(c, "settings-nul/settings.conf", err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(c, "station.name"), "东山村便民服务站");
    CHECK_EQ_STR(core_config_get(c, "audio.volume"), "55");
    core_config_free(c);
    /* the file as it was, beside, with the (virtual) time in UTC */
    char aside[300], path[400];
    find_aside("settings-nul", aside, sizeof aside);
    snprintf(path, sizeof path, "settings-nul/%s", aside);
    now = aside[0] ? fx_slurp(path, &len) : NULL;
    CHECK(now && len == sizeof bytes - 1 && !memcmp(now, bytes, len));
    free(now);
    CHECK(audit_has("settings.repair", "settings.conf.bad-"));
    settings_fixed_home();
}

/* The settings page's status line. */
static const tech_page *page(void) { return ui_app_top(u.app)->priv; }

/* A line of a key this firmware does not have (a newer one's saved it, then
 * the firmware was rolled back): service goes on, the line left out and
 * logged; technician mode's settings say so; a save still works. */
static void test_settings_unknown(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fresh("settings-unknown");
    REQUIRE(put("settings-unknown/settings.conf", GOOD_SETTINGS "future.thing = on\n"
                                                  "audio.volume = 55\n") == 0);
    REQUIRE(start(check_asset(""), "settings-unknown", NULL) == 0);
    CHECK(early.code[0] == '\0');
    CHECK_EQ_STR(top(), "home");
    CHECK_EQ_STR(core_config_get(u.cfg, "station.name"), "东山村便民服务站");
    CHECK_EQ_STR(core_config_get(u.cfg, "audio.volume"), "55");
    CHECK(fx_file_contains("settings-unknown/logs/cunzhan.log",
                           "settings.conf:4: unknown setting 'future.thing' left out"));
    tech_menu();
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.m.settings\nexpect-screen tech.settings"), 0);
    char want[600];
    snprintf(want, sizeof want, core_str("tech.set.file.unknown"), 4, "future.thing");
    CHECK(strstr(page()->status, want) != NULL);
    CHECK(strstr(page()->status, core_str("tech.set.file.todo_unknown")) != NULL);
    CHECK_EQ_INT(page()->status_ok, -1); /* not a stop */
    CHECK_EQ_STR(page()->buttons[0], "tech.set.file.drop");
    /* a setting saved keeps the line (for when the newer firmware is back) */
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.rows.5\nexpect-screen tech.edit\ntap @tech.pad.k.clear\n"
                                "tap @tech.pad.k.1\ntap @tech.pad.k.2\ntap @tech.pad.k.0\n"
                                "tap @tech.edit.ok\nexpect-screen tech.settings"),
                 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "ui.idle_timeout_s"), "120");
    CHECK(fx_file_contains("settings-unknown/settings.conf", "ui.idle_timeout_s = 120"));
    CHECK(fx_file_contains("settings-unknown/settings.conf", "future.thing = on"));
    stop();
}

/* A settings file the service cannot read (here a folder where the file
 * should be: a read error, as for a file of root's 0600 after sudo, which
 * is tried too when not root): the page all the same; 删去不对的行 moves the
 * whole file aside (no line can be told apart), says so and stays said,
 * and home comes back on the conffile's settings. */
static void settings_unreadable(const char *dir, int as_folder)
{
    char path[300];
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fresh(dir);
    snprintf(path, sizeof path, "%s/settings.conf", dir);
    if (as_folder) {
        REQUIRE(mkdir(path, 0700) == 0);
    } else {
        REQUIRE(put(path, GOOD_SETTINGS) == 0);
        REQUIRE(chmod(path, 0) == 0);
    }
    REQUIRE(start(check_asset(""), dir, NULL) == 1);
    CHECK_EQ_STR(code(), "SETTINGS");
    tech_menu();
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.m.settings\nexpect-screen tech.settings"), 0);
    CHECK(strstr(page()->status, core_str("tech.set.file.unreadable")) != NULL);
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.act.0\nwait 50\ntap @tech.act.0\nwait 50"), 0);
    CHECK(access(path, F_OK) != 0);
    char aside[300], want[600];
    find_aside(dir, aside, sizeof aside);
    CHECK(aside[0] != '\0');
    snprintf(want, sizeof want, core_str("tech.set.file.moved"), aside);
    CHECK_EQ_STR(page()->status, want); /* what was done, not the old question */
    CHECK_EQ_INT(page()->status_ok, 1);
    CHECK(page()->buttons[0] == NULL);
    CHECK(audit_has("settings.repair", "settings.conf.bad-"));
    settings_fixed_home();
}

static void test_settings_unreadable(void)
{
    settings_unreadable("settings-eio", 1);
    if (geteuid() != 0) /* root reads a file of mode 000 all the same */
        settings_unreadable("settings-eacces", 0);
}

static void test_assets_missing(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fresh("assets-data");
    REQUIRE(start("no-such-assets", "assets-data", NULL) == 1);
    CHECK_EQ_STR(code(), "ASSETS");
    CHECK(ui_app_text(u.app) != NULL); /* the system's CJK font (fonts-noto-cjk) */
    pictures("assets");
    hear(); /* its words are built in */
    gesture(); /* no interface words: technician mode stays closed */
    CHECK_EQ_STR(top(), "halt");
    stop();
}

/* An assets folder like the real one but without fonts/. */
static void test_fonts_missing(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fx_remove_tree("nofonts");
    REQUIRE(mkdir("nofonts", 0700) == 0);
    DIR *dir = opendir(check_asset(""));
    REQUIRE(dir != NULL);
    struct dirent *e;
    while ((e = readdir(dir)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "fonts")) {
            char from[2048], to[512];
            snprintf(from, sizeof from, "%s/%s", check_asset(""), e->d_name);
            snprintf(to, sizeof to, "nofonts/%s", e->d_name);
            CHECK_EQ_INT(symlink(from, to), 0);
        }
    closedir(dir);
    fresh("fonts-data");
    REQUIRE(start("nofonts", "fonts-data", NULL) == 1);
    CHECK_EQ_STR(code(), "FONTS");
    CHECK(strstr(early.where, "nofonts/fonts/cunzhan-sc-regular.otf") != NULL);
    pictures("fonts");
    gesture(); /* words and the system font: technician mode opens */
    CHECK_EQ_STR(top(), "tech.pin");
    stop();
}

/* A data folder whose cunzhan.db is `bytes` (n of them). */
static void damaged_db(const char *dir, const void *bytes, size_t n)
{
    char p[600];
    fresh(dir);
    snprintf(p, sizeof p, "%s/cunzhan.db", dir);
    REQUIRE(fx_write(p, bytes, n) == 0);
}

static void same_bytes(const char *path, const void *bytes, size_t n)
{
    size_t len = 0;
    void *got = fx_slurp(path, &len);
    CHECK(got != NULL);
    CHECK_EQ_INT(len, n);
    if (got && len == n)
        CHECK(memcmp(got, bytes, n) == 0);
    free(got);
}

static unsigned char junk[8192];

/* An assets folder like the real one (links) whose forms/ is a real folder
 * of links to the forms, with catalogue.json as given (NULL: none). */
static void assets_with_catalogue(const char *name, const char *catalogue)
{
    char p[512];
    fx_remove_tree(name);
    REQUIRE(mkdir(name, 0700) == 0);
    DIR *dir = opendir(check_asset(""));
    REQUIRE(dir != NULL);
    struct dirent *e;
    while ((e = readdir(dir)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "forms")) {
            char from[2048];
            snprintf(from, sizeof from, "%s/%s", check_asset(""), e->d_name);
            snprintf(p, sizeof p, "%s/%s", name, e->d_name);
            CHECK_EQ_INT(symlink(from, p), 0);
        }
    closedir(dir);
    snprintf(p, sizeof p, "%s/forms", name);
    REQUIRE(mkdir(p, 0700) == 0);
    dir = opendir(check_asset("forms"));
    REQUIRE(dir != NULL);
    while ((e = readdir(dir)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "catalogue.json")) {
            char from[2048];
            snprintf(from, sizeof from, "%s/%s", check_asset("forms"), e->d_name);
            snprintf(p, sizeof p, "%s/forms/%s", name, e->d_name);
            CHECK_EQ_INT(symlink(from, p), 0);
        }
    closedir(dir);
    if (catalogue) {
        snprintf(p, sizeof p, "%s/forms/catalogue.json", name);
        REQUIRE(put(p, catalogue) == 0);
    }
}

/* The home tiles are data: a catalogue naming a form that is not there (a
 * typo), or none at all, stops the kiosk at start with the reason. */
static void test_catalogue_refused(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    size_t len;
    char *good = fx_slurp(check_asset("forms/catalogue.json"), &len);
    REQUIRE(good != NULL);
    char *typo = strstr(good, "\"dibao\"]");
    REQUIRE(typo != NULL);
    memcpy(typo, "\"dibau\"]", 8);
    assets_with_catalogue("cat-assets", good);
    free(good);
    fresh("cat-data");
    REQUIRE(start("cat-assets", "cat-data", NULL) == 1);
    CHECK_EQ_STR(code(), "CATALOGUE");
    CHECK_EQ_STR(b.fault.where, "catalogue.json: tile 'dibao': item 'dibau' is not a loaded form "
                                "(no such file, or it was rejected)");
    pictures("catalogue");
    gesture(); /* technician mode: its PIN screen opens */
    CHECK_EQ_STR(top(), "tech.pin");
    stop();
    CHECK(fx_file_contains("cat-data/logs/cunzhan.log", "start-up failure, service paused: CATALOGUE"));

    assets_with_catalogue("cat-assets", NULL); /* no catalogue at all */
    fresh("cat-data");
    REQUIRE(start("cat-assets", "cat-data", NULL) == 1);
    CHECK_EQ_STR(code(), "CATALOGUE");
    CHECK(strstr(b.fault.where, "cat-assets/forms/catalogue.json: cannot open") != NULL);
    stop();
}

static void test_db_corrupt(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 131u + 7u);
    damaged_db("corrupt", junk, sizeof junk);
    REQUIRE(start(check_asset(""), "corrupt", NULL) == 1);
    CHECK_EQ_STR(code(), "DB_CORRUPT");
    CHECK(b.store == NULL);
    pictures("db-corrupt");
    stop();
    same_bytes("corrupt/cunzhan.db", junk, sizeof junk); /* never touched at start */
}

static void test_db_empty(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    damaged_db("empty", "", 0);
    REQUIRE(start(check_asset(""), "empty", NULL) == 1);
    CHECK_EQ_STR(code(), "DB_EMPTY");
    pictures("db-empty");
    stop();
    struct stat sb;
    CHECK(stat("empty/cunzhan.db", &sb) == 0 && sb.st_size == 0); /* not made a new database */
}

static void test_db_too_new(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fresh("toonew");
    store *st = NULL;
    REQUIRE(store_open("toonew/cunzhan.db", &st) == STORE_OK);
    store_close(st);
    sqlite3 *db = NULL;
    REQUIRE(sqlite3_open("toonew/cunzhan.db", &db) == SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    REQUIRE(start(check_asset(""), "toonew", NULL) == 1);
    CHECK_EQ_STR(code(), "DB_TOONEW");
    pictures("db-toonew");
    stop();
}

/* Read-only needs a user the file system refuses (not root). */
static void test_db_readonly(void)
{
    if (geteuid() == 0) {
        printf("  skipped: root writes read-only files\n");
        return;
    }
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fresh("readonly");
    store *st = NULL;
    REQUIRE(store_open("readonly/cunzhan.db", &st) == STORE_OK);
    store_close(st);
    unlink("readonly/cunzhan.db-wal");
    unlink("readonly/cunzhan.db-shm");
    chmod("readonly/cunzhan.db", 0444);
    chmod("readonly", 0555);
    int shown = start(check_asset(""), "readonly", NULL);
    CHECK_EQ_INT(shown, 1);
    if (shown == 1) {
        CHECK(!strncmp(code(), "DB_", 3));
        CHECK_EQ_INT(uitest_run(&u, "expect-screen halt"), 0);
    }
    stop();
    chmod("readonly", 0700);
}

/* A data folder on a file system of its own (a small tmpfs in a private
 * mount namespace, in a child process): full, or read-only — as the kiosk's
 * storage is after it filled up or when it is remounted read-only after
 * errors. run() goes on in the child; its checks decide the child's exit.
 * Where the machine allows no mount namespace the case says it is skipped. */
enum { FS_FULL, FS_READONLY };

static void on_own_fs(const char *name, int kind, void (*run)(const char *dir))
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    const char *dir = fresh(name);
    fflush(stdout);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
            mount("tmpfs", dir, "tmpfs", 0, "size=256k,mode=0700") != 0) {
            printf("  skipped: no private mount here (%s)\n", strerror(errno));
            fflush(stdout);
            _exit(77);
        }
        char path[1200];
        if (kind == FS_FULL) { /* fill every block */
            snprintf(path, sizeof path, "%s/fill", dir);
            FILE *f = fopen(path, "wb");
            static const char block[4096];
            while (f && fwrite(block, 1, sizeof block, f) == sizeof block && fflush(f) == 0)
                ;
            if (f)
                fclose(f);
        } else { /* a good database, then the file system turns read-only */
            snprintf(path, sizeof path, "%s/cunzhan.db", dir);
            store *st = NULL;
            if (store_open(path, &st) != STORE_OK)
                _exit(1);
            store_close(st);
            if (mount("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=256k") != 0) {
                printf("  skipped: cannot remount read-only (%s)\n", strerror(errno));
                fflush(stdout);
                _exit(77);
            }
        }
        check_current_failed = 0;
        run(name); /* relative to the scratch folder: short paths on the page */
        fflush(stdout);
        _exit(check_current_failed ? 1 : 0);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    if (WIFEXITED(status) && WEXITSTATUS(status) != 77)
        CHECK_EQ_INT(WEXITSTATUS(status), 0);
}

static void full_run(const char *dir)
{
    int shown = start(check_asset(""), dir, NULL);
    CHECK_EQ_INT(shown, 1);
    if (shown == 1) {
        CHECK_EQ_STR(code(), "DB_FULL");
        CHECK(b.store == NULL);
        pictures("db-full");
    }
    stop();
}

static void tech_queue(void);

static void readonly_run(const char *dir)
{
    int shown = start(check_asset(""), dir, NULL);
    CHECK_EQ_INT(shown, 1);
    if (shown == 1) {
        CHECK_EQ_STR(code(), "DB_READONLY");
        pictures("db-readonly-fs");
        /* the technician's queue page says what to do with a read-only
         * disk, and offers no reset of a file that is not damaged (it
         * offered one, which refused) */
        tech_queue();
        SDL_Rect r;
        CHECK(uitest_target_rect(u.app, "tech.act.2", &r) != 0);
        ui_app_render(u.app, 1);
        CHECK_EQ_INT(uitest_compare(&u, "boot/ref/tech-queue-readonly.png"), 0);
    }
    stop();
}

/* The disk is full before the database could be made: the page, not a home
 * screen that fails at the first autosave. */
static void test_disk_full(void) { on_own_fs("diskfull", FS_FULL, full_run); }

/* The storage turned read-only (also for root, unlike file modes). */
static void test_fs_readonly(void) { on_own_fs("rofs", FS_READONLY, readonly_run); }

/* Technician mode over the failure page, its upload queue page. */
static void tech_queue(void)
{
    tech_menu();
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.m.queue\nexpect-screen tech.queue"), 0);
}

/* No technician PIN yet and the store damaged: the gesture opens setup over
 * the failure page; setup finished, the failure page is still there, not
 * home (it put home in its place, and villagers were served with the store
 * damaged; found by review). */
static void test_setup_over_failure(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    damaged_db("setup-over", junk, sizeof junk);
    char kept[AUTH_HASH_MAX];
    snprintf(kept, sizeof kept, "%s", pin_hash);
    pin_hash[0] = '\0'; /* no PIN: as a kiosk fresh from the depot */
    REQUIRE(start(check_asset(""), "setup-over", NULL) == 1);
    CHECK_EQ_INT(uitest_run(&u, "expect-screen halt"), 0);
    gesture();
    CHECK_EQ_STR(top(), "tech.setup");
    static const char pin[] =
        "tap @tech.pad.k.4\ntap @tech.pad.k.8\ntap @tech.pad.k.2\n"
        "tap @tech.pad.k.9\ntap @tech.pad.k.1\ntap @tech.pad.k.5\ntap @tech.pinset.ok\n";
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.act.0\nwait 50\nexpect-screen tech.pinset\n"), 0);
    CHECK_EQ_INT(uitest_run(&u, pin), 0);
    CHECK_EQ_INT(uitest_run(&u, pin), 0);
    for (int i = 0; i < 12000 && strcmp(top(), "tech.setup"); i++) { /* saved on a thread */
        usleep(5000);
        CHECK_EQ_INT(uitest_run(&u, "wait 5\n"), 0);
    }
    CHECK_EQ_STR(top(), "tech.setup");
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.rows.5\nexpect-screen tech.summary\n"
                                "tap @tech.act.0\nwait 50\n"),
                 0);
    CHECK(strcmp(top(), "home") != 0);
    CHECK(b.fault.code[0] != '\0');
    same_bytes("setup-over/cunzhan.db", junk, sizeof junk);
    int x, y; /* the failure page under what is left of technician mode */
    for (int i = 0; i < 4 && strcmp(top(), "halt") && ui_app_find_target(u.app, "tech.back", &x, &y) == 0; i++)
        CHECK_EQ_INT(uitest_run(&u, "tap @tech.back\nwait 50\n"), 0);
    if (strcmp(top(), "halt") && ui_app_find_target(u.app, "tech.exit", &x, &y) == 0)
        CHECK_EQ_INT(uitest_run(&u, "tap @tech.exit\nwait 50\n"), 0);
    CHECK_EQ_STR(top(), "halt");
    stop();
    snprintf(pin_hash, sizeof pin_hash, "%s", kept);
}

/* The damaged file is moved aside only when a technician confirms it. */
static void test_tech_confirms(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    damaged_db("confirm", junk, sizeof junk);
    REQUIRE(start(check_asset(""), "confirm", NULL) == 1);
    tech_queue();
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/tech-queue-damaged.png"), 0);
    same_bytes("confirm/cunzhan.db", junk, sizeof junk); /* still untouched */
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.act.2\nwait 50"), 0); /* 移开坏文件并新建 */
    /* it moves the villagers' data aside: asked first, nothing moved yet */
    CHECK(b.store == NULL);
    same_bytes("confirm/cunzhan.db", junk, sizeof junk);
    CHECK_EQ_STR(((tech_page *)ui_app_top(u.app)->priv)->status, core_str("tech.store.reset_ask"));
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/tech-queue-reset-ask.png"), 0);
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.act.2\nwait 50"), 0); /* 确认移开 */
    CHECK(b.store != NULL);
    CHECK(b.fault.code[0] == '\0');
    /* kept beside, same bytes, named with the (virtual) time in UTC */
    char aside[300] = "", path[400];
    DIR *dir = opendir("confirm");
    struct dirent *e;
    int asides = 0;
    while (dir && (e = readdir(dir)))
        if (!strncmp(e->d_name, "cunzhan.db.damaged-", 19)) {
            asides++;
            snprintf(aside, sizeof aside, "%s", e->d_name);
        }
    if (dir)
        closedir(dir);
    CHECK_EQ_INT(asides, 1);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    CHECK_EQ_INT(sscanf(aside, "cunzhan.db.damaged-%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &sec), 6);
    CHECK(y == 2026 && mo == 11 && d == 22 && h == 1 && mi == 30);
    snprintf(path, sizeof path, "confirm/%s", aside);
    same_bytes(path, junk, sizeof junk);
    store *st = b.store; /* the fresh one: the program's one handle (store.h) */
    store *second = NULL;
    CHECK_EQ_INT(store_open("confirm/cunzhan.db", &second), STORE_ERR_WRITER);
    store_audit_row *rows = NULL;
    size_t n = 0, found = 0;
    if (st && store_audit_list(st, 0, 20, &rows, &n) == STORE_OK) {
        for (size_t i = 0; i < n; i++)
            found += !strcmp(rows[i].action, "tech.store_reset") && rows[i].object_id &&
                     !strcmp(rows[i].object_id, aside);
        store_audit_list_free(rows, n);
    }
    CHECK_EQ_INT(found, 1);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/tech-queue-reset.png"), 0);
    /* out of technician mode: home, taking filings again */
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.back\nexpect-screen tech.menu\ntap @tech.exit\n"
                                "expect-screen home"),
                 0);
    /* a second confirmation has nothing to move */
    char msg[256];
    CHECK_EQ_INT(b.tech.services.store_reset(b.tech.services.ud, msg, sizeof msg), -1);
    stop();
}

/* The height of the ink of colour c (a label's) on the queue page's action
 * button tech.act.<i>: inside its border, as far across as half the way to
 * the next button of its row (the screen's width when alone on it). -1 when
 * the button is not there. */
static int act_label_height(int i, SDL_Color c)
{
    const ui_theme *t = ui_app_theme(u.app);
    int bh = ui_button_height(u.app), x[3], y[3], have[3], fw, fh;
    if (!uitest_frame(&u, &fw, &fh)) /* the targets of a frame drawn now */
        return -1;
    for (int k = 0; k < 3; k++) {
        char id[32];
        snprintf(id, sizeof id, "tech.act.%d", k);
        have[k] = ui_app_find_target(u.app, id, &x[k], &y[k]) == 0;
    }
    if (!have[i])
        return -1;
    int half = t->w / 2 - t->unit * 4;
    for (int k = 0; k < 3; k++)
        if (k != i && have[k] && abs(y[k] - y[i]) < bh / 2 && abs(x[k] - x[i]) / 2 < half)
            half = abs(x[k] - x[i]) / 2;
    half -= t->unit * 2; /* the gap, the button's border and its round corners */
    SDL_Rect in = {x[i] - half, y[i] - bh / 2 + t->unit / 2, 2 * half, bh - t->unit}, box;
    return uitest_color_box(&u, &in, c, &box) > 0 ? box.h : 0;
}

/* 移开坏文件并新建 beside 网络测试 and 立即上传 had its label shrunk to fit
 * a third of the row, smaller than theirs; now the buttons take two rows
 * where the labels do not fit one, each label at the size of its
 * neighbours', on the three screens in normal and large text (tests/boot/
 * ref/tech-queue-damaged-<screen>[-large].png); 确认移开 after it keeps
 * the button where it was. */
static void test_reset_label_size(void)
{
    static const struct {
        int w, h;
        const char *name;
    } SCREENS[] = {{1080, 1920, "portrait"}, {1280, 800, "tablet"}, {1920, 1080, "landscape"}};
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    for (size_t s = 0; s < sizeof SCREENS / sizeof SCREENS[0]; s++) {
        damaged_db("label-size", junk, sizeof junk);
        REQUIRE(start_sized(check_asset(""), "label-size", NULL, SCREENS[s].w, SCREENS[s].h) == 1);
        tech_queue();
        for (int large = 0; large < 2; large++) {
            CHECK_EQ_INT(uitest_run(&u, large ? "elderly on" : "elderly off"), 0);
            const ui_theme *t = ui_app_theme(u.app);
            /* 立即上传 and 移开坏文件并新建 are both outlined, their words
             * in the primary colour */
            int near = act_label_height(1, t->primary), reset = act_label_height(2, t->primary);
            if (reset * 10 < near * 9 || near <= 0)
                printf("  %s%s: 移开坏文件并新建's label %d px high, 立即上传's %d\n", SCREENS[s].name,
                       large ? " large" : "", reset, near);
            CHECK(near > 0 && reset * 10 >= near * 9);
            char ref[128];
            snprintf(ref, sizeof ref, "boot/ref/tech-queue-damaged-%s%s.png", SCREENS[s].name,
                     large ? "-large" : "");
            CHECK_EQ_INT(uitest_compare(&u, ref), 0);
        }
        /* asked to confirm: 确认移开 (shorter) where 移开坏文件并新建 was */
        int x0, y0, x1, y1;
        REQUIRE(ui_app_find_target(u.app, "tech.act.2", &x0, &y0) == 0);
        CHECK_EQ_INT(uitest_run(&u, "tap @tech.act.2\nwait 50"), 0);
        REQUIRE(ui_app_find_target(u.app, "tech.act.2", &x1, &y1) == 0);
        CHECK(x0 == x1 && y0 == y1);
        CHECK_EQ_INT(uitest_run(&u, "elderly off\nwait 50"), 0);
        /* large text off: the rows decided again for the normal size, not
         * kept at large text's one button a row */
        REQUIRE(ui_app_find_target(u.app, "tech.act.0", &x0, &y0) == 0);
        REQUIRE(ui_app_find_target(u.app, "tech.act.1", &x1, &y1) == 0);
        CHECK_EQ_INT(y0, y1);
        stop();
    }
}

/* Compares a PNG file with a reference as uitest_compare does (0.5 %). */
static int png_like(const char *path, const char *ref_rel)
{
    uint8_t *a = NULL, *r = NULL;
    int aw, ah, rw, rh;
    char err[256];
    if (uitest_png_read(path, &a, &aw, &ah, err, sizeof err) ||
        uitest_png_read(check_testfile(ref_rel), &r, &rw, &rh, err, sizeof err)) {
        printf("  %s\n", err);
        free(a);
        return -1;
    }
    size_t bad = 0, n = (size_t)aw * (size_t)ah;
    for (size_t i = 0; aw == rw && ah == rh && i < n; i++)
        for (int c = 0; c < 3; c++)
            if (abs((int)a[i * 4 + c] - (int)r[i * 4 + c]) > 40) {
                bad++;
                break;
            }
    free(a);
    free(r);
    return aw == rw && ah == rh && bad * 200 < n ? 0 : -1;
}

/* The emulator itself: a bad configuration line, yet it starts, the failure
 * page is its first screen, scripts run on it and it exits only at the end. */
static void test_emulator_stays_up(void)
{
    REQUIRE(chdir(check_tmpdir(NULL)) == 0);
    fresh("emu-data");
    fresh("emu-out");
    REQUIRE(put("bad.conf", "station.name = 青山村便民服务站\n\nscreen.rotaton = 90\n") == 0);
    REQUIRE(put("emu.txt", "expect-screen halt\nshot halt.png\nwait 60000\nexpect-screen halt\n") == 0);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             CZ_LAUNCH_SH "'%s' --headless --config bad.conf --data emu-data --assets '%s' "
                          "--clock 2026-11-22T09:30 --script emu.txt --out emu-out 2>emu.err",
             CZ_EMU_PATH, check_asset(""));
    CHECK_EQ_INT(system(cmd), 0);
    CHECK_EQ_INT(png_like("emu-out/halt.png", "boot/ref/halt-config.png"), 0);
    CHECK(fx_file_contains("emu-data/logs/cunzhan.log", "start-up failure, service paused: CONFIG"));
}

int main(void)
{
    setenv("TZ", "CST-8", 1);
    plat_clock_set_virtual(1);
    plat_clock_pin_wall(1795311000); /* 2026-11-22 09:30 CST */
    plat_net_state_force(PLAT_NET_UP);
    if (auth_pin_hash(PIN, pin_hash) != AUTH_OK)
        return 1;
    RUN(test_config);
    RUN(test_assets_missing);
    RUN(test_fonts_missing);
    RUN(test_catalogue_refused);
    RUN(test_db_corrupt);
    RUN(test_db_empty);
    RUN(test_db_too_new);
    RUN(test_db_readonly);
    RUN(test_disk_full);
    RUN(test_fs_readonly);
    RUN(test_tech_confirms);
    RUN(test_reset_label_size);
    RUN(test_setup_over_failure);
    RUN(test_settings_value);
    RUN(test_settings_nul);
    RUN(test_settings_unknown);
    RUN(test_settings_unreadable);
    RUN(test_emulator_stays_up);
    voice_free(g_voice);
    return check_summary();
}
