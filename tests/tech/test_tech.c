/* test_tech.c — technician mode through its screens, driven by scripts on a
 * headless app: the hidden gesture (and near misses), the PIN with lockout
 * persisted across screens, settings validated and saved atomically with an
 * audit row, the self-test, the USB export, device registration, network
 * test and forced upload against county-sim over TLS on loopback, the audit
 * log view without personal data, and reference screenshots of each screen
 * at 1080x1920. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/auth.h"
#include "bundle/bundle.h"
#include "check.h"
#include "core/utf8.h"
#include "fixture.h"
#include "core/log.h"
#include "core/logfile.h"
#include "core/pngio.h"
#include "plat_clock.h"
#include "ui/core/script.h"
#include "simproc.h"
#include "core/strings.h"
#include "sync/sync_store.h"
#include "ui/screens/tech/tech.h"
#include "ui/screens/tech/tech_int.h"
#include "ui/screens/tech/tech_link.h"
#include "uitest.h"

#define PIN "482915"

static uitest_app u;
static store *st;
static char db[1024], conf[1100], data[1024];
static tech_link link_;
static ui_services svc;
static int printed;

static int test_print(void *ud, const uint8_t *b, size_t len, char *err, size_t n)
{
    (void)ud;
    (void)err;
    (void)n;
    printed += len > 10 && b[0] == 0x1b; /* ESC/POS starts with ESC @ */
    return 0;
}

static int run(const char *script)
{
    char err[512];
    int rc = ui_script_run(u.app, script, "t", check_tmpdir("shots"), err, sizeof err);
    if (rc)
        printf("  script: %s\n", err);
    return rc;
}

static const char *top(void) { return ui_app_top(u.app)->ops->name; }

/* Characters no font could draw since the last call (with the screen's name). */
static int glyphs_missing(void)
{
    int m = text_missing_count(ui_app_text(u.app));
    if (m)
        printf("  %d characters without a glyph on %s\n", m, top());
    text_reset_missing(ui_app_text(u.app));
    return m;
}

/* The hidden gesture with hold times and gap (ms). */
static void gesture(int hold1, int gap, int hold2)
{
    char s[512];
    snprintf(s, sizeof s,
             "down 30 30\nwait %d\nup 30 30\nwait %d\ndown 1050 30\nwait %d\nup 1050 30\n",
             hold1, gap, hold2);
    CHECK_EQ_INT(run(s), 0);
}

static int audit_has(const char *action, const char *object)
{
    store_audit_row *rows;
    size_t n;
    int found = 0;
    if (store_audit_list(st, 0, 50, &rows, &n) != STORE_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i].action, action) &&
            (!object || (rows[i].object_id && !strcmp(rows[i].object_id, object))))
            found = 1;
    store_audit_list_free(rows, n);
    return found;
}

/* The store's clock follows the pinned wall clock, so screenshots repeat. */
static int64_t wall_ms(void *ud)
{
    (void)ud;
    return plat_clock_wall() * 1000;
}

static void setup(void)
{
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    snprintf(data, sizeof data, "%s", check_tmpdir("data"));
    snprintf(conf, sizeof conf, "%s/cunzhan.conf", data);
    char p[1100];
    snprintf(p, sizeof p, "%s/tech-lock", data);
    unlink(p);
    snprintf(p, sizeof p, "%s/device.token", data);
    unlink(p);
    unlink(conf);
    snprintf(p, sizeof p, "%s/cunzhan.log", data);
    unlink(p); /* test_settings looks for its own lines */
    char err[256];
    REQUIRE(core_logfile_open(data, 1 << 20, 0, err, sizeof err) == 0);
    st = fx_store("kiosk", db);
    REQUIRE(st != NULL);
    store_set_clock(st, wall_ms, NULL);
    store_set_body_fn(st, sync_store_body, NULL); /* as boot.c: bodies frozen at confirm */
    /* a fixed device signing key (the real one is made on first use) */
    uint8_t seed[32], pk[32], sk[64];
    memset(seed, 7, sizeof seed);
    crypto_sign_seed_keypair(pk, sk, seed);
    snprintf(p, sizeof p, "%s/bundle-sign.key", data);
    REQUIRE(bundle_key_write_hex(p, sk, 64, 1, err, sizeof err) == BUNDLE_OK);
    REQUIRE(chdir(data) == 0); /* the export folder is given relative, as on screen */
    svc.store = st;
    svc.print = test_print;
    svc.paper_mm = 58;
    ui_app_set_services(u.app, &svc);
    char hash[AUTH_HASH_MAX];
    REQUIRE(auth_pin_hash(PIN, hash) == AUTH_OK);
    REQUIRE(core_config_set(u.cfg, "tech.pin_hash", hash, err, sizeof err) == 0);
    tech_link_init(&link_, u.cfg, ui_app_services(u.app), conf, data, db, "0.1.0-test");
    ui_tech_install(u.app, &link_.services);
}

static void test_gesture(void)
{
    CHECK_EQ_STR(top(), "home");
    gesture(1500, 500, 2100); /* first hold too short */
    CHECK_EQ_STR(top(), "home");
    gesture(2100, 5500, 2100); /* too long between the corners */
    CHECK_EQ_STR(top(), "home");
    gesture(2100, 500, 1000); /* second hold too short */
    CHECK_EQ_STR(top(), "home");
    /* right corner first, then left: wrong order */
    CHECK_EQ_INT(run("down 1050 30\nwait 2100\nup 1050 30\ndown 30 30\nwait 2100\nup 30 30\n"), 0);
    CHECK_EQ_STR(top(), "home");
    /* the finger slides out of the corner while holding */
    CHECK_EQ_INT(run("down 30 30\nwait 1000\nmove 600 600\nwait 1100\nup 600 600\n"
                     "down 1050 30\nwait 2100\nup 1050 30\n"), 0);
    CHECK_EQ_STR(top(), "home");
    /* a plain tap in a corner does nothing either */
    CHECK_EQ_INT(run("tap 30 30\ntap 1050 30\n"), 0);
    CHECK_EQ_STR(top(), "home");
    gesture(2100, 4000, 2100);
    CHECK_EQ_STR(top(), "tech.pin");
    CHECK_EQ_INT(run("tap @tech.back\nexpect-screen home\n"), 0);
}

/* Lets work on a thread (PIN check, network test, registration, upload pass)
 * end, as a technician's script does (settle: the clock moves on by a whole
 * second, so the screens after it, file names and audit times, repeat); the
 * screen showed tech.busy or tech.pin.busy meanwhile. */
static void settle(void)
{
    int x, y;
    CHECK_EQ_INT(run("settle 10000\n"), 0);
    CHECK(ui_app_find_target(u.app, "tech.busy", &x, &y) != 0);
    CHECK(ui_app_find_target(u.app, "tech.pin.busy", &x, &y) != 0);
}

static void type_pin(const char *pin)
{
    char s[256] = "";
    for (const char *p = pin; *p; p++) {
        char line[32];
        snprintf(line, sizeof line, "tap @tech.pad.k.%c\n", *p);
        strcat(s, line);
    }
    strcat(s, "tap @tech.pin.ok\n");
    CHECK_EQ_INT(run(s), 0);
    settle(); /* the check runs on a thread of its own */
}

/* The title band, where a change below it must not draw (uitest_partial). */
static SDL_Rect title_band(void)
{
    const ui_theme *t = ui_app_theme(u.app);
    SDL_Rect r = {0, 0, t->w, t->unit * 2};
    return r;
}

/* A wrong PIN typed and checked, each frame drawn as the loop draws it: OK
 * starts the check and the answer comes (a message under the field), each
 * marking the field to the pad, never the whole screen. */
static void pin_wrong_partial(void)
{
    SDL_Rect band = title_band();
    char line[32];
    for (const char *p = "111112"; *p; p++) {
        snprintf(line, sizeof line, "tap @tech.pad.k.%c", *p);
        CHECK_EQ_INT(uitest_partial(&u, "PIN", line, &band), 0);
    }
    CHECK_EQ_INT(uitest_partial(&u, "PIN", "tap @tech.pin.ok", &band), 0);
    int x, y, waited = 0;
    while (waited++ < 500 && ui_app_find_target(u.app, "tech.pin.busy", &x, &y) == 0) {
        usleep(10000); /* the check runs on a thread of its own */
        CHECK_EQ_INT(uitest_partial(&u, "PIN", "wait 1", &band), 0);
    }
    CHECK(ui_app_find_target(u.app, "tech.pin.busy", &x, &y) != 0);
    CHECK_EQ_STR(top(), "tech.pin");
}

static void test_pin_lockout(void)
{
    gesture(2100, 100, 2100);
    REQUIRE(strcmp(top(), "tech.pin") == 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-pin.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    pin_wrong_partial(); /* the first of the free tries */
    for (int i = 1; i < AUTH_FREE_TRIES; i++) {
        type_pin("111112");
        CHECK_EQ_STR(top(), "tech.pin");
    }
    CHECK(audit_has("tech.pin_wrong", NULL));
    /* now locked: even the right PIN is refused, also from a new PIN screen */
    type_pin(PIN);
    CHECK_EQ_STR(top(), "tech.pin");
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-pin-locked.png"), 0);
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
    gesture(2100, 100, 2100);
    type_pin(PIN);
    CHECK_EQ_STR(top(), "tech.pin");
    /* after the delay (30 s) the right PIN opens the menu */
    CHECK_EQ_INT(run("wait 31000\n"), 0);
    type_pin(PIN);
    CHECK_EQ_STR(top(), "tech.menu");
    CHECK(audit_has("tech.signin", NULL));
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-menu.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
}

/* A data folder the lockout cannot be written to (a read-only or full disk;
 * here the file's new copy cannot be made, which even root cannot get
 * round): the wrong tries still count and still lock, within the run. */
static void test_pin_lockout_unwritable(void)
{
    REQUIRE(strcmp(top(), "tech.menu") == 0);
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
    CHECK_EQ_STR(top(), "home");
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s/tech-lock.tmp", data);
    REQUIRE(mkdir(tmp, 0700) == 0);
    gesture(2100, 100, 2100);
    REQUIRE(strcmp(top(), "tech.pin") == 0);
    for (int i = 0; i < AUTH_FREE_TRIES; i++) {
        type_pin("111112");
        CHECK_EQ_STR(top(), "tech.pin");
    }
    type_pin(PIN); /* locked, though nothing reached the disk */
    CHECK_EQ_STR(top(), "tech.pin");
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
    gesture(2100, 100, 2100);
    type_pin(PIN); /* from a new PIN screen too */
    CHECK_EQ_STR(top(), "tech.pin");
    CHECK_EQ_INT(run("wait 31000\n"), 0);
    type_pin(PIN);
    CHECK_EQ_STR(top(), "tech.menu");
    CHECK_EQ_INT(rmdir(tmp), 0);
}

static void test_settings(void)
{
    REQUIRE(strcmp(top(), "tech.menu") == 0);
    CHECK_EQ_INT(run("tap @tech.m.settings\nexpect-screen tech.settings\n"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-settings.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    /* volume (row 7): out of range refused, nothing saved; the message
     * under the field draws the field to the pad, not the whole screen */
    CHECK_EQ_INT(run("tap @tech.rows.7\nexpect-screen tech.edit\ntap @tech.pad.k.clear\n"
                     "tap @tech.pad.k.1\ntap @tech.pad.k.5\ntap @tech.pad.k.0\n"), 0);
    SDL_Rect band = title_band();
    CHECK_EQ_INT(uitest_partial(&u, "setting", "tap @tech.edit.ok", &band), 0);
    CHECK_EQ_STR(top(), "tech.edit");
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-edit-bad.png"), 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "audio.volume"), "70");
    CHECK(access(conf, F_OK) != 0);
    CHECK_EQ_INT(run("tap @tech.pad.k.clear\ntap @tech.pad.k.5\ntap @tech.pad.k.5\n"
                     "tap @tech.edit.ok\nexpect-screen tech.settings\n"), 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "audio.volume"), "55");
    CHECK(audit_has("settings.change", "audio.volume"));
    /* saved atomically: the file parses back to the same value, no temp left */
    core_config *c2 = core_config_new();
    char err[256], tmp[1200];
    CHECK_EQ_INT(core_config_load_file(c2, conf, err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(c2, "audio.volume"), "55");
    snprintf(tmp, sizeof tmp, "%s.tmp", conf);
    CHECK(access(tmp, F_OK) != 0);
    /* platform URL by keyboard: plain http refused, https saved */
    CHECK_EQ_INT(run("tap @tech.rows.0\ntap @tech.pad.k.clear\n"), 0);
    CHECK_EQ_INT(run("text http://x.cnn\ntap @tech.pad.k.bs\ntap @tech.edit.ok\nexpect-screen tech.edit\n"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-edit-url.png"), 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "platform.url"), "https://127.0.0.1:8443");
    CHECK_EQ_INT(run("tap @tech.pad.k.clear\ntext https://zwfw.example.cn\ntap @tech.edit.ok\n"
                     "expect-screen tech.settings\n"), 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "platform.url"), "https://zwfw.example.cn");
    /* area code: too short refused */
    CHECK_EQ_INT(run("tap @tech.rows.3\ntap @tech.pad.k.clear\ntap @tech.pad.k.4\ntap @tech.edit.ok\n"
                     "expect-screen tech.edit\ntap @tech.back\n"), 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "station.area_code"), "420500");
    /* screen size from a choice list */
    CHECK_EQ_INT(run("tap @tech.rows.4\nexpect-screen tech.edit\n"), 0);
    /* its title names the setting (it said 设置 alone over the sizes) */
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-choice-size.png"), 0);
    CHECK_EQ_INT(run("tap @tech.choice.1\ntap @tech.edit.ok\nexpect-screen tech.settings\n"), 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "screen.size"), "1920x1080");
    CHECK_EQ_INT(core_config_load_file(c2, conf, err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(c2, "screen.size"), "1920x1080");
    CHECK_EQ_STR(core_config_get(c2, "platform.url"), "https://zwfw.example.cn");
    /* log level from a choice list: kept in the file, and lines below it
     * leave the log from then on */
    char logf[1100];
    snprintf(logf, sizeof logf, "%s/cunzhan.log", data);
    CHECK_EQ_INT(run("drag 540 1700 540 300 300\nwait 1000\ntap @tech.rows.12\n"
                     "expect-screen tech.edit\ntap @tech.choice.2\n"
                     "tap @tech.edit.ok\nexpect-screen tech.settings\n"), 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "log.level"), "warn");
    CHECK(audit_has("settings.change", "log.level"));
    core_log(CORE_LOG_INFO, "test", "info line at level warn");
    core_log(CORE_LOG_WARN, "test", "warn line at level warn");
    CHECK_EQ_INT(run("drag 540 1700 540 300 300\nwait 1000\n"
                     "tap @tech.rows.12\nexpect-screen tech.edit\ntap @tech.choice.1\n"
                     "tap @tech.edit.ok\nexpect-screen tech.settings\n"), 0);
    core_log(CORE_LOG_INFO, "test", "info line at level info");
    CHECK(!fx_file_contains(logf, "info line at level warn"));
    CHECK(fx_file_contains(logf, "warn line at level warn"));
    CHECK(fx_file_contains(logf, "info line at level info"));
    CHECK_EQ_INT(core_config_load_file(c2, conf, err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(c2, "log.level"), "info");
    core_config_free(c2);
    /* a long value (the platform's key pins, row 10) in large text: under
     * the field as much of it as the room above 保存 takes, the hint left
     * out; refused, its message moves it down, drawn as the loop draws it;
     * nothing saved */
    CHECK_EQ_INT(run("elderly on\ndrag 540 1700 540 300 300\nwait 1000\ntap @tech.rows.10\n"
                     "expect-screen tech.edit\ntap @tech.pad.k.clear\n"), 0);
    for (int i = 0; i < 9; i++)
        CHECK_EQ_INT(run("text sha256//AAAAbbbbCCCC0123+/\n"), 0);
    CHECK_EQ_INT(uitest_partial(&u, "long setting", "tap @tech.edit.ok", &band), 0);
    CHECK_EQ_STR(top(), "tech.edit");
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-edit-long.png"), 0);
    CHECK_EQ_INT(uitest_partial(&u, "long setting", "text Q", &band), 0);
    /* a USB keyboard's Enter saves as 保存 does: refused again, drawn alike */
    CHECK_EQ_INT(uitest_partial(&u, "long setting", "key enter", &band), 0);
    CHECK_EQ_STR(top(), "tech.edit");
    CHECK_EQ_INT(uitest_partial(&u, "long setting", "key backspace", &band), 0);
    CHECK_EQ_STR(core_config_get(u.cfg, "platform.pin"), "");
    CHECK_EQ_INT(run("tap @tech.back\nexpect-screen tech.settings\nelderly off\n"), 0);
    CHECK_EQ_INT(run("tap @tech.back\nexpect-screen tech.menu\n"), 0);
}

/* A setting's editor says what the value may be before anything is typed
 * (under its field), in words whose numbers are config.c's table, the one
 * the value is checked against: a number's least and greatest, the area
 * code's digits, the choices of a choice; refused values say the same
 * numbers. */
static void test_setting_range(void)
{
    REQUIRE(strcmp(top(), "tech.menu") == 0);
    static const char *const NUMBERS[] = {"ui.idle_timeout_s", "ui.countdown_s", "audio.volume",
                                          "station.area_code"};
    char said[400], want[64];
    for (size_t i = 0; i < sizeof NUMBERS / sizeof NUMBERS[0]; i++) {
        core_config_range r;
        REQUIRE(core_config_range_of(NUMBERS[i], &r) == 0);
        snprintf(want, sizeof want, "%ld到%ld", r.min, r.max);
        tech_setting_range(NUMBERS[i], said, sizeof said);
        if (!strstr(said, want))
            printf("  %s: \"%s\" does not say %s\n", NUMBERS[i], said, want);
        CHECK(strstr(said, want) != NULL);
        CHECK(strstr(tech_bad_value(NUMBERS[i]), want) != NULL); /* the refusal alike */
    }
    core_config_range r;
    REQUIRE(core_config_range_of("station.area_code", &r) == 0);
    CHECK_EQ_INT((int)r.min, 6); /* the check's bounds are the table's */
    char err[256];
    core_config *c = core_config_new();
    CHECK(core_config_set(c, "station.area_code", "42050", err, sizeof err) != 0);
    CHECK(core_config_set(c, "station.area_code", "420500", err, sizeof err) == 0);
    core_config_free(c);
    tech_setting_range("platform.url", said, sizeof said);
    CHECK(strstr(said, "https://") != NULL);
    tech_setting_range("screen.size", said, sizeof said);
    CHECK(strstr(said, "1080x1920") && strstr(said, "1920x1080") && strstr(said, "1280x800"));
    tech_setting_range("log.level", said, sizeof said);
    CHECK(strstr(said, "debug") && strstr(said, "error"));
    tech_setting_range("no.such.key", said, sizeof said);
    CHECK_EQ_STR(said, "");
    /* on the screen: the volume's editor (row 7), nothing typed, has words
     * under its field, where before there was nothing above 保存 */
    CHECK_EQ_INT(run("tap @tech.m.settings\nexpect-screen tech.settings\n"
                     "tap @tech.rows.7\nexpect-screen tech.edit\n"), 0);
    const ui_theme *t = ui_app_theme(u.app);
    int pad = t->unit * 2, bh = ui_button_height(u.app);
    int y = bh + pad * 2 + pad + ui_field_height(u.app, 0) + pad / 2;
    int lh = text_line_height(ui_app_text(u.app), t->px_body);
    CHECK(uitest_ink(&u, pad, y, t->w - 2 * pad, lh + pad) > 0.002);
    CHECK_EQ_INT(glyphs_missing(), 0);
    CHECK_EQ_INT(run("tap @tech.back\nexpect-screen tech.settings\n"
                     "tap @tech.back\nexpect-screen tech.menu\n"), 0);
}

/* 1 if the canvas as the loop left it is the screen drawn in full now. */
static int canvas_whole(void)
{
    int w, h;
    plat_display_size(u.disp, &w, &h);
    size_t n = (size_t)w * (size_t)h * 4;
    uint8_t *was = malloc(n), *now = malloc(n);
    int same = was && now && plat_display_read_rgba(u.disp, was) == 0;
    if (same) {
        ui_app_render(u.app, 1);
        same = plat_display_read_rgba(u.disp, now) == 0 && !memcmp(was, now, n);
    }
    free(was);
    free(now);
    return same;
}

static void test_selftest(void)
{
    printed = 0;
    CHECK_EQ_INT(run("tap @tech.m.selftest\nexpect-screen tech.selftest\ntap @tech.act.0\nwait 1\n"), 0);
    /* the display's test painted bars over the canvas: the frame drawn as
     * the other devices' test starts is whole, no bar is left */
    CHECK(canvas_whole());
    CHECK_EQ_INT(run("wait 49\n"), 0);
    settle(); /* the devices are tried on a thread of its own */
    CHECK_EQ_INT(printed, 1);
    CHECK(audit_has("tech.selftest", NULL));
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-selftest.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    /* the tone went to the device; the technician did not hear it: a tap
     * on its row says so, and the count and its audit follow */
    tech_page *pg = ui_app_top(u.app)->priv;
    REQUIRE(strncmp(ui_list_text(pg->list, 1), "通过", strlen("通过")) == 0);
    CHECK_EQ_INT(run("tap @tech.rows.1\n"), 0);
    CHECK(strncmp(ui_list_text(pg->list, 1), "失败", strlen("失败")) == 0);
    CHECK(strstr(pg->status, "扬声器") != NULL);
    CHECK_EQ_INT(pg->status_ok, 0);
    CHECK(audit_has("tech.selftest.unheard", NULL));
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-selftest-unheard.png"), 0);
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
}

/* The device key setup() wrote (seed 7) is the one registered for any device. */
static int trust_seven(void *ud, const char *device_id, uint8_t pk[BUNDLE_PK_LEN])
{
    (void)ud;
    (void)device_id;
    uint8_t seed[32], sk[64];
    memset(seed, 7, sizeof seed);
    crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(sk, sizeof sk);
    return 0;
}

static void test_export(void)
{
    char uuids[5][37], err[256];
    REQUIRE(fx_filings(st, 5, 40, uuids) == 0);
    bundle_box_key county;
    uint8_t seed[32];
    memset(seed, 9, sizeof seed);
    crypto_box_seed_keypair(county.pk, county.sk, seed);
    char hex[65], usb[1024] = "usb";
    fx_remove_tree("usb"); /* a run before this one left its bundles: names would gain -N */
    mkdir("usb", 0700);
    bundle_hex_encode(county.pk, 32, hex);
    REQUIRE(core_config_set(u.cfg, "bundle.county_pk", hex, err, sizeof err) == 0);
    REQUIRE(core_config_set(u.cfg, "bundle.dir", usb, err, sizeof err) == 0);
    /* no device id yet: refused with a message */
    CHECK_EQ_INT(run("tap @tech.m.export\nexpect-screen tech.export\ntap @tech.act.0\nwait 50\n"), 0);
    CHECK(!audit_has("bundle.export", NULL));
    REQUIRE(core_config_set(u.cfg, "platform.device_id", "6f1c2a3b-0d4e-4f50-8a61-7b8c9d0e1f21",
                            err, sizeof err) == 0);
    CHECK_EQ_INT(run("tap @tech.act.0\nwait 50\n"), 0);
    CHECK(audit_has("bundle.export", NULL));
    int pending = 0;
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 5);
    /* the county can read it with the device key from the data folder */
    store_audit_row *rows;
    size_t n;
    REQUIRE(store_audit_list(st, 0, 1, &rows, &n) == STORE_OK && n == 1);
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", usb, rows[0].object_id);
    store_audit_list_free(rows, n);
    bundle_info info;
    bundle_filing *got = NULL;
    size_t ngot = 0;
    CHECK_EQ_INT(bundle_read(path, &county, trust_seven, NULL, &info, &got, &ngot, err, sizeof err),
                 BUNDLE_OK);
    CHECK_EQ_INT(info.count, 5);
    CHECK_EQ_INT((int)ngot, 5);
    bundle_filings_free(got, ngot);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-export.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);

    /* a filing that names a signature image: the screen's export carries it */
    char ddir[1024], sig[80], sp[1200], fid[37], idn[19], payload[300];
    snprintf(ddir, sizeof ddir, "%s", db);
    *strrchr(ddir, '/') = '\0'; /* the data folder is the database's */
    snprintf(sp, sizeof sp, "%s/signatures", ddir);
    mkdir(sp, 0700);
    snprintf(sig, sizeof sig, "sig-%064d.png", 7);
    snprintf(sp, sizeof sp, "%s/signatures/%s", ddir, sig);
    uint8_t px[8 * 8 * 4];
    memset(px, 200, sizeof px);
    REQUIRE(core_png_write(sp, px, 8, 8, err, sizeof err) == 0);
    store_set_body_fn(st, sync_store_body, ddir);
    fx_id_number("420506", 1950, 901, idn);
    snprintf(payload, sizeof payload, "{\"signature\":\"%s\"}", sig);
    REQUIRE(core_uuid_v4(fid) == 0);
    REQUIRE(store_draft_save(st, fid, "dibao", 1, 0, "{}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(st, fid, "最低生活保障申请", payload, idn) == STORE_OK);
    store_set_body_fn(st, sync_store_body, NULL);
    CHECK_EQ_INT(run("tap @tech.act.0\nwait 50\n"), 0);
    REQUIRE(store_audit_list(st, 0, 1, &rows, &n) == STORE_OK && n == 1);
    snprintf(path, sizeof path, "%s/%s", usb, rows[0].object_id);
    store_audit_list_free(rows, n);
    bundle_filing *items = NULL;
    size_t nf = 0;
    CHECK_EQ_INT(bundle_read(path, &county, trust_seven, NULL, &info, &items, &nf, err,
                             sizeof err), BUNDLE_OK);
    int carried = 0;
    for (size_t i = 0; i < nf; i++)
        if (!strcmp(items[i].filing_id, fid))
            carried = items[i].n_files == 1 && !strcmp(items[i].files[0].name, sig);
    CHECK(carried);
    bundle_filings_free(items, nf);
    /* the image gone from the kiosk: refused on the screen, no new bundle */
    unlink(sp);
    int exports = 0;
    REQUIRE(store_audit_list(st, 0, 100, &rows, &n) == STORE_OK);
    for (size_t i = 0; i < n; i++)
        exports += !strcmp(rows[i].action, "bundle.export");
    store_audit_list_free(rows, n);
    CHECK_EQ_INT(run("tap @tech.act.0\nwait 50\n"), 0);
    int after = 0;
    REQUIRE(store_audit_list(st, 0, 100, &rows, &n) == STORE_OK);
    for (size_t i = 0; i < n; i++)
        after += !strcmp(rows[i].action, "bundle.export");
    store_audit_list_free(rows, n);
    CHECK_EQ_INT(after, exports);
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 6);
    /* that filing goes (held, discarded) so the later pages see the queue as before */
    CHECK_EQ_INT(store_filing_hold(st, fid, "test"), STORE_OK);
    /* held, it stays out of the screen's export (it went in), and the
     * page says so: what goes, and the held apart */
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.export\nexpect-screen tech.export\n"), 0);
    const tech_page *ep = ui_app_top(u.app)->priv;
    CHECK_EQ_STR(ui_list_text(ep->list, 0), "待上传：5 件");
    CHECK_EQ_STR(ui_list_text(ep->list, 1), "扣下的 1 件不导出");
    CHECK_EQ_INT(run("tap @tech.act.0\nwait 50\n"), 0);
    REQUIRE(store_audit_list(st, 0, 1, &rows, &n) == STORE_OK && n == 1);
    CHECK_EQ_STR(rows[0].action, "bundle.export");
    snprintf(path, sizeof path, "%s/%s", usb, rows[0].object_id);
    store_audit_list_free(rows, n);
    CHECK_EQ_INT(bundle_read(path, &county, trust_seven, NULL, &info, &items, &nf, err,
                             sizeof err), BUNDLE_OK);
    CHECK_EQ_INT((int)nf, 5);
    for (size_t i = 0; i < nf; i++)
        CHECK(strcmp(items[i].filing_id, fid) != 0);
    bundle_filings_free(items, nf);
    CHECK_EQ_INT(store_filing_discard(st, fid, "tech"), STORE_OK);
    /* no folder set: the data folder's usb, as the page says, made where it
     * is not there yet (it said the stick could not be written) */
    REQUIRE(core_config_set(u.cfg, "bundle.dir", "", err, sizeof err) == 0);
    char udir[1100];
    snprintf(udir, sizeof udir, "%.1000s/usb", data);
    fx_remove_tree(udir);
    CHECK_EQ_INT(run("tap @tech.act.0\nwait 50\n"), 0);
    REQUIRE(store_audit_list(st, 0, 1, &rows, &n) == STORE_OK && n == 1);
    CHECK_EQ_STR(rows[0].action, "bundle.export");
    snprintf(path, sizeof path, "%s/%s", udir, rows[0].object_id);
    store_audit_list_free(rows, n);
    CHECK(access(path, R_OK) == 0);
    REQUIRE(core_config_set(u.cfg, "bundle.dir", usb, err, sizeof err) == 0);
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
}

/* A filing that only waits to upload (not held): its row on the queue page
 * opens where it stands (the item, confirmed when, the tries, the last
 * failure in words, the next try), with 立即上传 and 返回 — it opened the
 * held filing's page with nothing but 这一件已不在扣下的队列中. Nothing
 * personal on it. 立即上传 there sends the waiting filings. */
static void test_pending_page(void)
{
    store_filing *fl = NULL;
    size_t nf = 0;
    REQUIRE(store_outbox_list(st, NULL, &fl, &nf) == STORE_OK && nf == 5);
    char first[STORE_UUID_LEN + 1];
    snprintf(first, sizeof first, "%s", fl[0].uuid);
    int tries = fl[0].attempts;
    store_filing_list_free(fl, nf);
    /* its next try at a known time (the engine's falls at random within its back-off) */
    REQUIRE(store_filing_fail(st, first, "unavailable: HTTP 503 from the platform",
                              plat_clock_wall_ms() + 4 * 60000) == STORE_OK);
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.queue\nexpect-screen tech.queue\n"
                     "tap @tech.rows.3\nexpect-screen tech.pending\n"), 0);
    tech_page *pp = ui_app_top(u.app)->priv;
    REQUIRE(ui_list_count(pp->list) == 5);
    char want[128];
    snprintf(want, sizeof want, "已试 %d 次", tries + 1);
    CHECK_EQ_STR(ui_list_text(pp->list, 2), want);
    CHECK_EQ_STR(ui_list_sub(pp->list, 2) ? ui_list_sub(pp->list, 2) : "",
                 "平台暂时出错（503），会自动再试");
    CHECK(ui_list_sub(pp->list, 3) && strstr(ui_list_sub(pp->list, 3), "（约 4 分钟后）"));
    for (int i = 0; i < ui_list_count(pp->list); i++) { /* no ID number, no English */
        const char *t[2] = {ui_list_text(pp->list, i), ui_list_sub(pp->list, i)};
        for (int k = 0; k < 2; k++) {
            int run_ = 0, longest = 0;
            for (const char *c = t[k]; c && *c; c++) {
                run_ = *c >= '0' && *c <= '9' ? run_ + 1 : 0;
                longest = run_ > longest ? run_ : longest;
            }
            CHECK(longest < 15);
            CHECK(!t[k] || !strstr(t[k], "unavailable"));
        }
    }
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-pending.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    CHECK_EQ_INT(run("elderly on\n"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-pending-large.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    CHECK_EQ_INT(run("elderly off\n"), 0);
    /* 返回: the queue */
    CHECK_EQ_INT(run("tap @tech.act.1\nwait 50\nexpect-screen tech.queue\n"), 0);
    /* 立即上传 from the filing's page: the waiting ones go; the page says
     * this one is no longer waiting */
    CHECK_EQ_INT(run("tap @tech.rows.3\nexpect-screen tech.pending\ntap @tech.act.0\nwait 50\n"), 0);
    settle();
    pp = ui_app_top(u.app)->priv;
    CHECK_EQ_INT(pp->status_ok, 1);
    CHECK_EQ_STR(ui_list_text(pp->list, 0), core_str("tech.pending.gone"));
    CHECK(audit_has("tech.force_sync", NULL));
    int pending = -1;
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 0);
    CHECK_EQ_INT(run("tap @tech.act.1\nwait 50\nexpect-screen tech.queue\n"), 0);
}

static void test_platform(void)
{
    int pending = -1;
    simproc *sim = simproc_start(check_tmpdir("sim"), 1, NULL);
    REQUIRE(sim != NULL);
    char err[256];
    REQUIRE(core_config_set(u.cfg, "platform.url", simproc_url(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(u.cfg, "platform.ca_file", simproc_ca(sim), err, sizeof err) == 0);
    /* not registered: the network test says so */
    CHECK_EQ_INT(run("tap @tech.m.queue\nexpect-screen tech.queue\ntap @tech.act.0\nwait 50\n"), 0);
    settle();
    CHECK(audit_has("tech.net_test", NULL));
    /* wrong code: the editor closes, the page says the county refused it */
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.register\nexpect-screen tech.register\n"
                     "tap @tech.act.0\nwait 50\nexpect-screen tech.edit\n"
                     "tap @tech.pad.k.9\ntap @tech.pad.k.9\ntap @tech.pad.k.9\ntap @tech.pad.k.9\n"
                     "tap @tech.edit.ok\nexpect-screen tech.register\nwait 50\n"), 0);
    settle();
    char tok[200];
    CHECK(tech_link_token(&link_, tok, sizeof tok) != 0);
    CHECK(audit_has("device.register", NULL));
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-register-refused.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    /* the right one, registered off the UI thread */
    CHECK_EQ_INT(run("tap @tech.act.0\nwait 50\nexpect-screen tech.edit\n"
                     "tap @tech.pad.k.1\ntap @tech.pad.k.2\ntap @tech.pad.k.3\n"
                     "tap @tech.pad.k.4\ntap @tech.pad.k.5\ntap @tech.pad.k.6\ntap @tech.edit.ok\n"
                     "expect-screen tech.register\nwait 50\n"), 0);
    settle();
    CHECK_EQ_INT(tech_link_token(&link_, tok, sizeof tok), 0);
    /* registered: the network test passes; a county that publishes no form
     * updates is not a fault, so no "0 个" count is shown */
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.queue\nexpect-screen tech.queue\n"
                     "tap @tech.act.0\nwait 50\n"), 0);
    settle();
    tech_page *qp = ui_app_top(u.app)->priv;
    CHECK_EQ_STR(qp->status, "平台连接正常");
    CHECK_EQ_INT(qp->status_ok, 1);
    /* five wait, not yet tried by the upload program: its line says how to
     * send them now, not that it never reached the county the test just did */
    const char *net = ui_list_text(qp->list, 2);
    CHECK_EQ_STR(net ? net : "", "待上传的还没有发送过，点“立即上传”马上发送");
    /* a certificate file that is no certificate: said to be the certificate,
     * not the cable or 4G, by the network test and by 立即上传, in words
     * (立即上传 showed curl's English with an attachment's hash) */
    char junk[1100];
    snprintf(junk, sizeof junk, "%s/not-a-ca.pem", data);
    REQUIRE(fx_write(junk, "not a certificate\n", 18) == 0);
    REQUIRE(core_config_set(u.cfg, "platform.ca_file", junk, err, sizeof err) == 0);
    CHECK_EQ_INT(run("tap @tech.act.0\nwait 50\n"), 0);
    settle();
    qp = ui_app_top(u.app)->priv;
    CHECK(strncmp(qp->status, "平台的证书核对不过：", strlen("平台的证书核对不过：")) == 0);
    CHECK_EQ_INT(run("tap @tech.act.1\nwait 50\n"), 0);
    settle();
    qp = ui_app_top(u.app)->priv;
    CHECK(strncmp(qp->status, "没有传上去：平台的证书核对不过", strlen("没有传上去：平台的证书核对不过")) == 0);
    CHECK(strstr(qp->status, "GET") == NULL && strstr(qp->status, "POST") == NULL);
    CHECK_EQ_INT(qp->status_ok, 0);
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 5); /* none lost */
    REQUIRE(core_config_set(u.cfg, "platform.ca_file", simproc_ca(sim), err, sizeof err) == 0);
    unlink(junk);
    /* the county reached and failing at every request (503): 立即上传 says
     * so in red, in words (it said 已上传 0 件 in green) */
    CHECK_EQ_INT(simproc_faults(sim, "{\"error_rate\":1}"), 0);
    CHECK_EQ_INT(run("tap @tech.act.1\nwait 50\n"), 0);
    settle();
    qp = ui_app_top(u.app)->priv;
    if (strncmp(qp->status, "没有传上去：平台暂时出错（", strlen("没有传上去：平台暂时出错（")))
        printf("  upload now, the county failing: %s\n", qp->status);
    CHECK(strncmp(qp->status, "没有传上去：平台暂时出错（", strlen("没有传上去：平台暂时出错（")) == 0);
    CHECK_EQ_INT(qp->status_ok, 0);
    /* the network test too: the status in words, not the platform's English code */
    CHECK_EQ_INT(run("tap @tech.act.0\nwait 50\n"), 0);
    settle();
    qp = ui_app_top(u.app)->priv;
    CHECK_EQ_STR(qp->status, "平台暂时出错（503），请稍后再试");
    CHECK(strstr(qp->status, "unavailable") == NULL);
    CHECK_EQ_INT(simproc_faults(sim, "{\"error_rate\":0}"), 0);
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 5); /* none lost */
    test_pending_page();
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.register\nexpect-screen tech.register\n"), 0);
    /* one more filing, whose ID digits are then changed inside the SQLite file */
    const char *bad = "0a1b2c3d-4e5f-4a6b-8c7d-00000000a001";
    char idn[19], forged[19], sql[512];
    fx_id_number("110101", 1950, 77, idn);
    snprintf(forged, sizeof forged, "%s", idn);
    forged[15] = forged[15] == '9' ? '1' : '9';
    REQUIRE(store_draft_save(st, bad, "dibao", 1, 0, "{}", NULL) == STORE_OK);
    char payload[128];
    snprintf(payload, sizeof payload, "{\"公民身份号码\":\"%s\"}", idn);
    REQUIRE(store_filing_confirm(st, bad, "最低生活保障申请", payload, idn) == STORE_OK);
    snprintf(sql, sizeof sql, "UPDATE outbox SET body = replace(body, '%s', '%s') WHERE uuid = '%s'",
             idn, forged, bad);
    sqlite3 *raw = NULL;
    REQUIRE(sqlite3_open(db, &raw) == SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    CHECK_EQ_INT(sqlite3_changes(raw), 1);
    sqlite3_close(raw);

    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.queue\ntap @tech.act.0\nwait 50\n"), 0);
    settle();
    /* 立即上传 on its thread: the script goes on and the page is drawn busy;
     * "正在进行…" takes the network test's line and the buttons turn off,
     * the rows stay (a patch on the first survives the tap's frame and the
     * work's start) */
    SDL_Rect row;
    REQUIRE(uitest_target_rect(u.app, "tech.rows.0", &row) == 0);
    row.y += row.h / 2;
    row.h = 4;
    CHECK_EQ_INT(uitest_partial(&u, "upload queue", "tap @tech.act.1", &row), 0);
    CHECK_EQ_INT(uitest_partial(&u, "upload queue", "wait 1", &row), 0);
    CHECK_EQ_INT(run("expect-target @tech.busy\n"), 0);
    settle();
    pending = -1;
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 1); /* the altered one: held, not sent */
    long total = 0, distinct = 0;
    CHECK_EQ_INT(simproc_count(sim, &total, &distinct), 0);
    CHECK_EQ_INT(total, 5);
    char *reply = NULL;
    CHECK_EQ_INT(simproc_http(sim, "GET", "/admin/filings", NULL, NULL, &reply), 200);
    CHECK(reply && !strstr(reply, bad));
    free(reply);
    CHECK(audit_has("tech.force_sync", NULL));
    CHECK(audit_has("filing.hold", bad));
    /* the upload queue lists it as held, with the reason */
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.queue\nexpect-screen tech.queue\n"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-queue-held.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    CHECK_EQ_INT(run("elderly on\n"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-queue-held-large.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    CHECK_EQ_INT(run("elderly off\ntap @tech.back\n"), 0);
    simproc_stop(sim);

    /* a county that publishes form updates: registered there, the network
     * test counts them (as many as the county lists) */
    char forms[1100];
    snprintf(forms, sizeof forms, "%s", check_asset("forms"));
    const char *args[] = {"--forms", forms, NULL};
    sim = simproc_start(check_tmpdir("sim-forms"), 1, args);
    REQUIRE(sim != NULL);
    REQUIRE(core_config_set(u.cfg, "platform.url", simproc_url(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(u.cfg, "platform.ca_file", simproc_ca(sim), err, sizeof err) == 0);
    CHECK_EQ_INT(run("tap @tech.m.register\nexpect-screen tech.register\n"
                     "tap @tech.act.0\nwait 50\nexpect-screen tech.edit\ntext 123456\n"
                     "tap @tech.edit.ok\nexpect-screen tech.register\nwait 50\n"), 0);
    settle();
    char *listed = NULL;
    REQUIRE(tech_link_token(&link_, tok, sizeof tok) == 0);
    CHECK_EQ_INT(simproc_http(sim, "GET", "/api/v1/forms", NULL, tok, &listed), 200);
    int published = 0;
    for (const char *q = listed; q && (q = strstr(q, "\"version\"")); q++)
        published++;
    free(listed);
    CHECK(published > 0);
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.queue\nexpect-screen tech.queue\n"
                     "tap @tech.act.0\nwait 50\n"), 0);
    settle();
    qp = ui_app_top(u.app)->priv;
    char want[128];
    snprintf(want, sizeof want, "平台连接正常，平台发布了 %d 个表单", published);
    CHECK_EQ_STR(qp->status, want);
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
    simproc_stop(sim);
}

static void test_views(void)
{
    /* logs and audit views; the audit never shows an ID number or villager key */
    /* the screenshot uses a store with fixed rows (the others hold random uuids) */
    char db2[1024];
    store *st2 = fx_store("audit-shot", db2);
    REQUIRE(st2 != NULL);
    store_set_clock(st2, wall_ms, NULL);
    REQUIRE(store_audit_add(st2, STORE_ACTOR_ADMIN, "tech", "tech.signin", NULL, NULL) == STORE_OK);
    REQUIRE(store_audit_add(st2, STORE_ACTOR_ADMIN, "tech", "settings.change", "audio.volume", NULL) == STORE_OK);
    REQUIRE(store_audit_add(st2, STORE_ACTOR_AGENT, "A0012", "agent.signin", NULL, NULL) == STORE_OK);
    REQUIRE(store_audit_add(st2, STORE_ACTOR_ADMIN, "tech", "bundle.export",
                            "cunzhan-6f1c2a3b-20261122-013000Z.czb", "count=25") == STORE_OK);
    REQUIRE(store_audit_add(st2, STORE_ACTOR_SYNC, NULL, "filing.ack",
                            "9f1c2d3e-aaaa-4bbb-8ccc-123456789abc", "receipt=CZ202611220000017") == STORE_OK);
    REQUIRE(store_audit_add(st2, STORE_ACTOR_ADMIN, "tech", "tech.selftest", "note",
                            "id=110101194001010014 phone=13800001234") == STORE_OK);
    ui_services shot = svc;
    shot.store = st2;
    ui_app_set_services(u.app, &shot);
    CHECK_EQ_INT(run("tap @tech.m.audit\nexpect-screen tech.audit\n"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-audit.png"), 0);
    CHECK_EQ_INT(glyphs_missing(), 0);
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
    ui_app_set_services(u.app, &svc);
    store_close(st2);
    REQUIRE(store_audit_add(st, STORE_ACTOR_ADMIN, "tech", "tech.selftest", "note",
                            "id=110101194001010014 phone=13800001234 key="
                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") ==
            STORE_OK);
    CHECK_EQ_INT(run("tap @tech.m.audit\nexpect-screen tech.audit\n"), 0);
    CHECK_EQ_INT(run("expect-target @tech.rows.0\n"), 0);
    tech_page *pg = ui_app_top(u.app)->priv;
    int rows = ui_list_count(pg->list), seen_note = 0;
    CHECK(rows > 10);
    for (int i = 0; i < rows; i++) {
        const char *t = ui_list_text(pg->list, i);
        const char *sub = NULL;
        (void)sub;
        seen_note |= strstr(t, "设备自检") != NULL;
        CHECK(strstr(t, "110101194001010014") == NULL);
    }
    CHECK(seen_note);
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.m.logs\nexpect-screen tech.logs\n"
                     "expect-target @tech.rows.0\n"), 0);
    /* each line's message without the file's UTC stamp (the local time is
     * under it) */
    pg = ui_app_top(u.app)->priv;
    rows = ui_list_count(pg->list);
    CHECK(rows > 3);
    for (int i = 0; i < rows; i++) {
        const char *t = ui_list_text(pg->list, i);
        CHECK(strncmp(t, "info ", 5) == 0 || strncmp(t, "warn ", 5) == 0 ||
              strncmp(t, "error ", 6) == 0 || strncmp(t, "debug ", 6) == 0);
    }
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
    text_reset_missing(ui_app_text(u.app)); /* log lines may hold any character */
    CHECK_EQ_INT(run("tap @tech.m.info\nexpect-screen tech.info\n"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "tech/ref/tech-info.png"), 0);
    CHECK_EQ_INT(run("tap @tech.back\ntap @tech.exit\nexpect-screen home\n"), 0);
    CHECK(audit_has("tech.signout", NULL));
    CHECK_EQ_INT(core_strings_missing(), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
}

#include "core/utf8.h"
#include "ui/core/services.h"

/* Every character of the technician texts has a glyph in some font. */
static void test_text_glyphs(void)
{
    size_t len;
    uint8_t *txt = fx_slurp(check_asset("text/zh-CN.txt"), &len);
    REQUIRE(txt != NULL);
    const char *p = strstr((const char *)txt, "# ---- technician mode");
    REQUIRE(p != NULL);
    int missing = 0;
    while (*p) {
        const char *q = p;
        unsigned cp = (unsigned char)*p;
        int n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
        if (n == 1 || (cp & 0xC0) == 0x80) {
            p++;
            continue;
        }
        cp &= 0xFF >> (n + 1);
        for (int i = 1; i < n && p[i]; i++)
            cp = cp << 6 | ((unsigned char)p[i] & 0x3F);
        p += n;
        if (!text_primary_has_glyph(ui_app_text(u.app), cp)) {
            printf("  no glyph for '%.*s' (U+%04X)\n", n, q, cp);
            missing++;
        }
    }
    CHECK_EQ_INT(missing, 0);
    free(txt);
}

static void test_redact(void)
{
    char out[256];
    tech_redact("id=110101194001010014 ok", out, sizeof out);
    CHECK_EQ_STR(out, "id=*** ok");
    tech_redact("id=11010119400101001X", out, sizeof out);
    CHECK_EQ_STR(out, "id=***");
    tech_redact("phone 13800001234.", out, sizeof out);
    CHECK_EQ_STR(out, "phone ***.");
    tech_redact("key=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", out,
                sizeof out);
    CHECK_EQ_STR(out, "key=***");
    tech_redact("count=25 form dibao v2 uuid 6f1c2a3b", out, sizeof out);
    CHECK_EQ_STR(out, "count=25 form dibao v2 uuid 6f1c2a3b");
    tech_redact("", out, sizeof out);
    CHECK_EQ_STR(out, "");
    tech_redact("13800001234", out, 3);
    CHECK_EQ_STR(out, "**");
    tech_redact("13800001234 and more", out, 6);
    CHECK_EQ_STR(out, "**…");
    /* a county's reason in Chinese, longer than out: cut between characters
     * and "…" after (when 4 bytes or more), at every size (3 bytes a character) */
    const char *zh = "材料不全：缺少户口簿首页";
    for (size_t n = 1; n <= strlen(zh) + 1; n++) {
        char small[64];
        tech_redact(zh, small, n);
        CHECK(utf8_valid(small));
        size_t whole = n > strlen(zh) ? strlen(zh) : n >= 4 ? (n - 4) / 3 * 3 : (n - 1) / 3 * 3;
        CHECK(whole < sizeof small && memcmp(small, zh, whole) == 0);
        if (n > strlen(zh))
            CHECK_EQ_STR(small, zh);
        else if (n >= 4)
            CHECK_EQ_STR(small + whole, "…");
        else
            CHECK_EQ_INT((int)strlen(small), (int)whole);
    }
}

/* Why a platform request failed, by the client's kind of result, not by
 * the status alone: a 2xx it could not read, 408 and 429 are passing; a
 * request that never went is the kiosk's own fault; a final 4xx a refusal. */
static void test_platform_why(void)
{
    static const struct {
        int kind;
        long status;
        const char *code, *key;
    } T[] = {
        {PROTO_RES_RETRY, 200, "bad_reply", "tech.net.bad_reply"},
        {PROTO_RES_RETRY, 503, "unavailable", "tech.net.http_busy"},
        {PROTO_RES_RETRY, 408, "timeout", "tech.net.http_busy"},
        {PROTO_RES_RETRY, 429, "rate_limited", "tech.net.http_busy"},
        {PROTO_RES_LOCAL, 0, "nomem", "tech.net.local"},
        {PROTO_RES_FINAL, 404, "not_found", "tech.net.http"},
        {PROTO_RES_FINAL, 422, "invalid", "tech.net.http"},
        {PROTO_RES_AUTH, 401, "unauthorized", "tech.net.auth"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        proto_result r;
        memset(&r, 0, sizeof r);
        r.kind = T[i].kind;
        r.http_status = T[i].status;
        snprintf(r.code, sizeof r.code, "%s", T[i].code);
        char got[512], want[512];
        tech_link_platform_why(T[i].kind, &r, got, sizeof got);
        snprintf(want, sizeof want, core_str(T[i].key), T[i].status);
        if (strcmp(got, want))
            printf("  kind %d, HTTP %ld: %s\n", T[i].kind, T[i].status, got);
        CHECK_EQ_STR(got, want);
    }
}

/* 运行日志 shows the log file's last lines across restarts (it showed this
 * run's alone: 最近 11 行 with 599 in the file), the rotated file's too,
 * newest first, bounded, each start-up a row of its own. */
static void test_logs_restarts(void)
{
    char err[256], now[1100], old[1100];
    core_logfile_close();
    snprintf(now, sizeof now, "%s/cunzhan.log", data);
    snprintf(old, sizeof old, "%s/cunzhan.log.1", data);
    /* the rotated file: a start, then a night of failed uploads */
    FILE *f = fopen(old, "w");
    REQUIRE(f != NULL);
    fprintf(f, "2026-11-20T16:00:00Z info boot: " CORE_LOGFILE_START "; data in /var/lib/cunzhan\n");
    for (int i = 0; i < 400; i++)
        fprintf(f, "2026-11-20T%02d:%02d:00Z warn sync: upload failed: connect: night %d\n",
                17 + i / 60, i % 60, i);
    fclose(f);
    /* the file: the run before the restart, why it stopped, and this start */
    f = fopen(now, "w");
    REQUIRE(f != NULL);
    fprintf(f, "2026-11-21T01:00:00Z info boot: " CORE_LOGFILE_START "; data in /var/lib/cunzhan\n"
               "2026-11-21T01:05:00Z warn sync: catalogue update refused, the one in use stays\n"
               "2026-11-21T01:06:00Z error watchdog: no kick for 60 s\n"
               "2026-11-22T01:29:00Z info boot: " CORE_LOGFILE_START "; data in /var/lib/cunzhan\n");
    fclose(f);
    REQUIRE(core_logfile_open(data, 1 << 20, 0, err, sizeof err) == 0);
    core_log(CORE_LOG_INFO, "tech", "after the restart");
    ui_app_push(u.app, ui_tech_menu_new(&link_.services));
    CHECK_EQ_INT(run("tap @tech.m.logs\nexpect-screen tech.logs\n"), 0);
    tech_page *pg = ui_app_top(u.app)->priv;
    int rows = ui_list_count(pg->list);
    CHECK_EQ_INT(rows, 300);
    CHECK(strstr(ui_list_text(pg->list, 0), "after the restart") != NULL);
    CHECK_EQ_STR(ui_list_text(pg->list, 1), core_str("tech.logs.start"));
    CHECK(ui_list_sub(pg->list, 1) && !strcmp(ui_list_sub(pg->list, 1), "2026-11-22 09:29:00"));
    CHECK(strstr(ui_list_text(pg->list, 2), "no kick for 60 s") != NULL);
    CHECK(strstr(ui_list_text(pg->list, 3), "catalogue update refused") != NULL);
    CHECK_EQ_STR(ui_list_text(pg->list, 4), core_str("tech.logs.start"));
    CHECK(strstr(ui_list_text(pg->list, 5), "night 399") != NULL); /* the rotated file */
    CHECK(strstr(ui_list_text(pg->list, rows - 1), "night 105") != NULL); /* the last 300 */
    char want[128];
    snprintf(want, sizeof want, core_str("tech.logs.count"), 300, 2);
    CHECK_EQ_STR(pg->status, want);
    CHECK_EQ_INT(run("tap @tech.back\nexpect-screen tech.menu\ntap @tech.exit\nexpect-screen home\n"), 0);
    unlink(old);
}

/* The engine's clock: the pinned wall clock, as the page reads it. */
static int64_t engine_ms(void *ud)
{
    (void)ud;
    return plat_clock_wall_ms();
}

/* A waiting filing's page while the upload engine is paused after a failed
 * connection: 下次发送 is when the pause ends (it said 上传程序下一轮就再试
 * from the filing's own retry time, while every filing waited out the
 * pause). The page follows the engine while it is open: filled again when
 * the engine's state changes (the filing held meanwhile: what holds it may
 * be the platform or the kiosk itself, and the words say so) and each
 * minute (the filing gone: it showed it waiting). */
static void test_pending_live(void)
{
    char uuid[1][37];
    REQUIRE(fx_filings(st, 1, 60, uuid) == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, db, &ob) == STORE_OK);
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = "https://127.0.0.1:1"; /* nothing listens: the connection fails */
    o.client.token = "test-token";
    o.client.connect_timeout_ms = 2000;
    o.outbox = ob;
    o.clock = engine_ms;
    o.base_delay_ms = o.max_delay_ms = 600000; /* a pause of up to 10 minutes */
    sync_engine *eng = NULL;
    REQUIRE(sync_new(&o, &eng) == SYNC_OK);
    sync_run_once(eng); /* not started: one pass here, on the pinned clock */
    sync_status ss;
    sync_status_get(eng, &ss);
    int64_t now = plat_clock_wall_ms();
    CHECK_EQ_INT(ss.net, SYNC_NET_OFFLINE);
    CHECK(ss.paused_until_ms > now);
    /* the filing's own retry time is now: only the pause holds it back */
    REQUIRE(store_filing_fail(st, uuid[0], "connect: connection refused", now) == STORE_OK);
    svc.sync = eng;
    ui_app_set_services(u.app, &svc);
    ui_app_push(u.app, tech_pending_new(&link_.services, uuid[0]));
    CHECK_EQ_INT(run("expect-screen tech.pending\n"), 0);
    tech_page *pp = ui_app_top(u.app)->priv;
    REQUIRE(ui_list_count(pp->list) == 5);
    char want[128];
    snprintf(want, sizeof want, "（约 %d 分钟后）", (int)((ss.paused_until_ms - now + 59999) / 60000));
    CHECK(ui_list_sub(pp->list, 3) && strstr(ui_list_sub(pp->list, 3), want));
    /* held meanwhile (its frozen body changed on disk), the engine's state
     * moved on (another villager's filing tried, in vain): the page says so
     * within a second */
    REQUIRE(store_filing_hold(st, uuid[0], "integrity: body changed since confirm") == STORE_OK);
    char other[1][37];
    REQUIRE(fx_filings(st, 1, 61, other) == 0);
    sync_run_once(eng);
    sync_status s2;
    sync_status_get(eng, &s2);
    CHECK(s2.retries > ss.retries);
    CHECK_EQ_INT(run("wait 1000\n"), 0);
    pp = ui_app_top(u.app)->priv;
    CHECK_EQ_STR(ui_list_text(pp->list, 0), core_str("tech.pending.held"));
    CHECK(strstr(core_str("tech.pending.held"), "本机") != NULL); /* not the platform's alone */
    CHECK_EQ_INT(glyphs_missing(), 0);
    /* gone meanwhile, the engine's state the same: a minute on, the page says so */
    REQUIRE(store_filing_discard(st, uuid[0], "tech") == STORE_OK);
    CHECK_EQ_INT(run("wait 60000\n"), 0);
    pp = ui_app_top(u.app)->priv;
    CHECK_EQ_STR(ui_list_text(pp->list, 0), core_str("tech.pending.gone"));
    CHECK_EQ_INT(run("tap @tech.back\n"), 0);
    CHECK_EQ_INT(store_filing_hold(st, other[0], "test"), STORE_OK); /* out of the way */
    CHECK_EQ_INT(store_filing_discard(st, other[0], "tech"), STORE_OK);
    svc.sync = NULL;
    ui_app_set_services(u.app, &svc);
    sync_free(eng);
    sync_store_outbox_close(&ob);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    RUN(setup);
    RUN(test_redact);
    RUN(test_text_glyphs);
    RUN(test_gesture);
    RUN(test_pin_lockout);
    RUN(test_pin_lockout_unwritable);
    RUN(test_settings);
    RUN(test_setting_range);
    RUN(test_selftest);
    RUN(test_export);
    RUN(test_platform);
    RUN(test_platform_why);
    RUN(test_views);
    RUN(test_pending_live);
    RUN(test_logs_restarts);
    store_close(st);
    uitest_close(&u);
    core_logfile_close();
    return check_summary();
}
