/* test_status.c — the home header says what the upload engine really sees
 * (issue 12, honest status): through the program's start-up path (boot_open,
 * boot_attach) with the real upload engine against county-sim over TLS —
 * 正在重试 while the platform fails (fault switch error_rate 1), 网络正常 once a
 * filing went through (and the technician page's service has the last
 * success time), 网络不通 when the platform cannot be reached and when the
 * network is down — each against a reference image of the home screen
 * (1080x1920). And a store that did not open says so on home instead of
 * 已全部上传. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "boot/boot.h"
#include "check.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "fixtures.h"
#include "plat_clock.h"
#include "plat_net.h"
#include "plat_paths.h"
#include "simproc.h"
#include "uitest.h"
#include "ui/core/session.h"

static void confirm_filing_as(store *st, unsigned serial, char uuid[37])
{
    char idno[19];
    core_uuid_v4(uuid);
    fx_id_number("420502", 1940, serial, idno);
    CHECK_EQ_INT(store_draft_save(st, uuid, "pension_enrol", 1, 0, "{\"answers\":{}}", NULL), 0);
    CHECK_EQ_INT(store_filing_confirm(st, uuid, "城乡居民基本养老保险参保登记",
                                      "{\"form\":\"pension_enrol\",\"answers\":{\"name\":\"测试\"}}",
                                      idno),
                 0);
}

static void confirm_filing(store *st, unsigned serial)
{
    char uuid[37];
    confirm_filing_as(st, serial, uuid);
}

/* The badge's dot in the header: green (网络正常) or not. */
static int dot_green(uitest_app *u)
{
    if (uitest_run(u, "expect-screen home") != 0)
        return -1;
    return uitest_count_color(u, 0, 0, 1080, 320, (SDL_Color){80, 220, 120, 255}) > 10;
}

/* Waits (real time) until the engine's status passes `ok`. */
static int wait_status(sync_engine *se, int (*ok)(const sync_status *), double secs)
{
    double end = fx_now_s() + secs;
    while (fx_now_s() < end) {
        sync_status st;
        sync_status_get(se, &st);
        if (ok(&st))
            return 0;
        uitest_engine_sleep(se, 50); /* the engine's clock is the pinned one */
    }
    return -1;
}

static int failing(const sync_status *s) { return s->net == SYNC_NET_ONLINE && s->retries > 0 && s->last_error[0]; }
static int through(const sync_status *s) { return s->net == SYNC_NET_ONLINE && s->uploaded > 0 && !s->last_error[0]; }
static int unreachable(const sync_status *s) { return s->net == SYNC_NET_OFFLINE; }
static int held(const sync_status *s) { return s->held > 0; }
static int unregistered(const sync_status *s) { return s->needs_register; }
static int registered_through(const sync_status *s)
{
    return !s->needs_register && s->uploaded >= 2 && !s->last_error[0];
}

static void test_header_follows_engine(void)
{
    char data[512], err[512];
    snprintf(data, sizeof data, "%s/data", check_tmpdir(NULL));
    REQUIRE(fx_remove_tree(data) == 0);
    const char *simdir = fx_fresh_dir("sim");
    REQUIRE(simdir != NULL);
    simproc *sim = simproc_start(simdir, 1, NULL);
    REQUIRE(sim != NULL);
    char token[256];
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    CHECK_EQ_INT(simproc_faults(sim, "{\"error_rate\":1}"), 0);

    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0); /* pinned clock for the pictures */
    plat_paths_set(check_asset(""), data, NULL);
    REQUIRE(core_config_set(u.cfg, "platform.url", simproc_url(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(u.cfg, "platform.ca_file", simproc_ca(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(u.cfg, "sync.interval_s", "1", err, sizeof err) == 0);
    REQUIRE(core_config_set(u.cfg, "sync.timeout_s", "3", err, sizeof err) == 0);
    boot_ctx b;
    CHECK_EQ_INT(boot_open(&b, u.cfg, 0, err, sizeof err), 0);
    REQUIRE(b.store != NULL && b.sync != NULL);
    boot_attach(&b, u.app, u.cfg, "0.1.0-test");
    CHECK_EQ_INT(boot_show_failure(&b, NULL), 0);
    CHECK_EQ_INT(boot_save_token(&b, token, err, sizeof err), 0);

    /* the platform answers 503 to everything: 正在重试, not 网络正常 */
    confirm_filing(b.store, 1);
    ui_app_filing_confirmed(u.app);
    CHECK_EQ_INT(wait_status(b.sync, failing, 20), 0);
    CHECK_EQ_INT(uitest_run(&u, "expect-screen home"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/home-net-retrying.png"), 0);

    /* the platform recovers: the filing goes through, 网络正常 */
    CHECK_EQ_INT(simproc_faults(sim, "{\"error_rate\":0}"), 0);
    sync_kick(b.sync);
    CHECK_EQ_INT(wait_status(b.sync, through, 30), 0);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/home-net-online.png"), 0);
    tech_sync_info si = {-1, 0, -1, 0, ""};
    b.tech.services.sync_info(b.tech.services.ud, &si); /* what the technician page shows */
    CHECK_EQ_INT(si.online, 1);
    CHECK(si.last_success_ms > 0);

    CHECK_EQ_INT(dot_green(&u), 1);
    /* a filing held (its frozen body changed on disk): the platform was
     * reached and nothing is retried, so 网络正常 and its green dot stay (it
     * said 正在重试); the footer says what is held */
    char bad[37], sql[200], dbp[600];
    confirm_filing_as(b.store, 3, bad);
    snprintf(sql, sizeof sql,
             "UPDATE outbox SET body = replace(body, '测试', '改过') WHERE uuid = '%s'", bad);
    snprintf(dbp, sizeof dbp, "%s/cunzhan.db", data);
    sqlite3 *raw = NULL;
    REQUIRE(sqlite3_open(dbp, &raw) == SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    CHECK_EQ_INT(sqlite3_changes(raw), 1);
    sqlite3_close(raw);
    ui_app_filing_confirmed(u.app);
    sync_kick(b.sync);
    CHECK_EQ_INT(wait_status(b.sync, held, 30), 0);
    CHECK_EQ_INT(dot_green(&u), 1);
    CHECK_EQ_INT(ui_app_held(u.app), 1);
    /* the platform no longer knows the kiosk: 暂停上传, not 正在重试 (no
     * retry goes until it is registered again) */
    CHECK_EQ_INT(boot_save_token(&b, "0123456789abcdef0123456789abcdef", err, sizeof err), 0);
    confirm_filing(b.store, 4);
    ui_app_filing_confirmed(u.app);
    sync_kick(b.sync);
    CHECK_EQ_INT(wait_status(b.sync, unregistered, 30), 0);
    CHECK_EQ_INT(dot_green(&u), 0);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/home-net-unregistered.png"), 0);
    CHECK_EQ_INT(boot_save_token(&b, token, err, sizeof err), 0);
    sync_kick(b.sync); /* registered again: that filing goes */
    CHECK_EQ_INT(wait_status(b.sync, registered_through, 30), 0);

    /* the platform is gone: 网络不通 */
    simproc_stop(sim);
    confirm_filing(b.store, 2);
    ui_app_filing_confirmed(u.app);
    CHECK_EQ_INT(wait_status(b.sync, unreachable, 30), 0);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/home-net-offline.png"), 0);

    /* no network at all: 网络不通 too */
    plat_net_state_force(PLAT_NET_DOWN);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/home-net-offline.png"), 0);
    plat_net_state_force(PLAT_NET_UP);

    ui_app_free(u.app);
    u.app = NULL;
    boot_close(&b);
    uitest_close(&u);
}

/* A store that did not open: home says so, in normal and large text. */
static void test_store_failed_home(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    ui_services svc;
    memset(&svc, 0, sizeof svc);
    svc.store_error = store_error_key(STORE_ERR_CORRUPT);
    svc.forms = u.forms;
    ui_app_set_services(u.app, &svc);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/home-store-failed.png"), 0);
    CHECK_EQ_INT(uitest_run(&u, "elderly on"), 0);
    CHECK_EQ_INT(uitest_compare(&u, "boot/ref/home-store-failed-large.png"), 0);
    uitest_close(&u);
}

/* The county's settings name a form no catalogue has, by a long Chinese
 * name: start-up goes on with the built-in forms and warns, the warning
 * saying why and cut between characters in the caller's buffer. */
static void test_settings_refused_cut_whole(void)
{
    char data[512], path[600], err[200];
    snprintf(data, sizeof data, "%s/data-settings", check_tmpdir(NULL));
    REQUIRE(fx_remove_tree(data) == 0);
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    plat_paths_set(check_asset(""), data, NULL);
    snprintf(path, sizeof path, "%s/county-settings.json", check_tmpdir(NULL));
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    fputs("{\"county\":\"青山县\",\"forms\":{\"", f);
    for (int i = 0; i < 60; i++)
        fputs("最低生活保障", f);
    fputs("\":{}}}", f);
    fclose(f);
    REQUIRE(core_config_set(u.cfg, "forms.county_settings", path, err, sizeof err) == 0);
    boot_ctx b;
    CHECK_EQ_INT(boot_open(&b, u.cfg, 0, err, sizeof err), 0);
    printf("  start-up warned in %zu bytes\n", strlen(err));
    CHECK(strncmp(err, "county settings refused: ", 25) == 0);
    CHECK(utf8_valid(err));
    CHECK(b.forms != NULL && form_catalog_count(b.forms) > 0); /* the built-in forms */
    boot_close(&b);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_store_failed_home);
    RUN(test_settings_refused_cut_whole);
    RUN(test_header_follows_engine);
    return check_summary();
}
