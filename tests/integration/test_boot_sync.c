/* test_boot_sync.c — the program's start-up wiring end to end: boot opens the
 * store and starts the upload engine; without a device token nothing is sent;
 * after registration with county-sim (TLS, its own certificate as the CA file)
 * the token is saved and a confirmed filing drains, the badge goes to zero, the
 * receipt stays in the store and the simulator holds the filing once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "auth/auth.h"
#include "boot/boot.h"
#include "agents_pub.h"
#include "check.h"
#include "fixtures.h"
#include "plat_clock.h"
#include "plat_input.h"
#include "plat_net.h"
#include "plat_paths.h"
#include "simproc.h"
#include "core/uuid.h"
#include "ui/core/session.h"
#include "ui/screens/home/home.h"
#include "ui/screens/home/idle.h"

/* Runs the app's loop for real time until pending == want or the deadline. */
static int wait_pending(ui_app *app, plat_display *d, int want, double secs)
{
    double end = fx_now_s() + secs;
    while (fx_now_s() < end) {
        plat_event ev;
        ui_app_tick(app); /* as ui_app_run turns */
        if (plat_input_wait(d, &ev, 100))
            ui_app_handle(app, &ev);
        ui_app_render(app, 0);
        if (ui_app_pending(app) == want)
            return 0;
    }
    return -1;
}

static void confirm_filing(store *st, const char *idno, char uuid[37])
{
    core_uuid_v4(uuid);
    CHECK_EQ_INT(store_draft_save(st, uuid, "pension_enrol", 1, 0, "{\"answers\":{}}", NULL), 0);
    CHECK_EQ_INT(store_filing_confirm(st, uuid, "城乡居民基本养老保险参保登记",
                                      "{\"form\":\"pension_enrol\",\"answers\":{\"name\":\"测试\"}}",
                                      idno),
                 0);
}

static void test_boot_uploads(void)
{
    char data[512];
    snprintf(data, sizeof data, "%s/data", check_tmpdir(NULL));
    REQUIRE(fx_remove_tree(data) == 0); /* a fresh kiosk every run */
    const char *simdir = fx_fresh_dir("sim");
    REQUIRE(simdir != NULL);
    plat_paths_set(check_asset(""), data, NULL);

    simproc *sim = simproc_start(simdir, 1, NULL);
    REQUIRE(sim != NULL);
    core_config *cfg = core_config_new();
    char err[512];
    REQUIRE(core_config_set(cfg, "platform.url", simproc_url(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(cfg, "platform.ca_file", simproc_ca(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(cfg, "sync.interval_s", "1", err, sizeof err) == 0);

    plat_display_opts o = {.width = 1080, .height = 1920, .headless = 1, .title = "test"};
    plat_display *d = plat_display_open(&o, err, sizeof err);
    REQUIRE(d != NULL);
    const ui_app_screens screens = {ui_home_new, ui_idle_new};
    ui_app *app = ui_app_new(d, cfg, &screens, err, sizeof err);
    REQUIRE(app != NULL);
    boot_ctx b;
    CHECK_EQ_INT(boot_open(&b, cfg, 0, err, sizeof err), 0);
    REQUIRE(b.store != NULL);
    CHECK(b.sync != NULL);
    ui_app_set_services(app, &b.services);

    /* no token yet: the filing waits */
    char u1[37], u2[37];
    confirm_filing(b.store, "11010519491231002X", u1);
    ui_app_filing_confirmed(app);
    CHECK_EQ_INT(wait_pending(app, d, 0, 1.5), -1);
    CHECK_EQ_INT(ui_app_pending(app), 1);
    long count = -1, distinct = -1;
    CHECK_EQ_INT(simproc_count(sim, &count, &distinct), 0);
    CHECK_EQ_INT(count, 0);

    /* the county publishes its proxy agents (PIN hash made as the platform would) */
    CHECK_EQ_INT(agents_pub(sim, "A0012", "李桂兰", "739214"), 200);

    /* register, save the token: the engine drains */
    char token[256];
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    CHECK_EQ_INT(boot_save_token(&b, token, err, sizeof err), 0);
    confirm_filing(b.store, "110105194912310029", u2);
    ui_app_filing_confirmed(app);
    CHECK_EQ_INT(wait_pending(app, d, 0, 20), 0);
    CHECK_EQ_INT(simproc_count(sim, &count, &distinct), 0);
    CHECK_EQ_INT(count, 2);
    CHECK_EQ_INT(distinct, 2);
    /* once idle, the engine refreshed the agents cache: an agent can sign in offline */
    int all = 0, active = 0;
    for (int i = 0; i < 50 && all == 0; i++) {
        plat_event ev;
        plat_input_wait(d, &ev, 100);
        store_agent_count(b.store, &all, &active);
    }
    CHECK_EQ_INT(all, 1);
    CHECK_EQ_INT(active, 1);
    store_agent found;
    memset(&found, 0, sizeof found);
    CHECK_EQ_INT(store_agent_find(b.store, "0012", &found), STORE_OK);
    CHECK_EQ_INT(auth_pin_verify(found.pin_hash, "739214"), AUTH_OK);
    CHECK_EQ_INT(auth_pin_verify(found.pin_hash, "739215"), AUTH_ERR_WRONG);
    /* only receipts remain in the kiosk */
    int pending = -1;
    CHECK_EQ_INT(store_outbox_count(b.store, &pending), 0);
    CHECK_EQ_INT(pending, 0);

    /* the token file is private and holds the token */
    char path[600];
    snprintf(path, sizeof path, "%s/device.token", data);
    struct stat st;
    CHECK_EQ_INT(stat(path, &st), 0);
    CHECK_EQ_INT(st.st_mode & 0777, 0600);
    /* nothing secret in the log */
    snprintf(path, sizeof path, "%s/logs/cunzhan.log", data);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f) {
        char line[2048];
        while (fgets(line, sizeof line, f))
            CHECK(strstr(line, token) == NULL && strstr(line, "测试") == NULL);
        fclose(f);
    }
    /* the network gone and back (the kernel's route; forced here as the
     * emulator's `net down` and `net up` do): a filing waiting out the delay
     * after failed tries goes at once, not minutes later when it ends */
    CHECK_EQ_INT(simproc_faults(sim, "{\"drop_rate\":1}"), 0); /* as if unreachable */
    plat_net_state_force(PLAT_NET_DOWN);
    char u3[37];
    confirm_filing(b.store, "110105194912310029", u3);
    ui_app_filing_confirmed(app);
    store_filing fl;
    int tried = 0;
    for (int i = 0; i < 100 && !tried; i++) { /* the engine's first try fails */
        REQUIRE(wait_pending(app, d, -2, 0.1) == -1);
        memset(&fl, 0, sizeof fl);
        tried = store_filing_get(b.store, u3, &fl) == STORE_OK && fl.attempts >= 1;
        store_filing_clear(&fl);
    }
    REQUIRE(tried);
    /* a string of failures has pushed its next try a minute away (set again
     * while a try of the engine's own, under way as it was set, brought it
     * back to a short delay: a slow machine's race, not the code's) */
    int away = 0;
    for (int i = 0; i < 20 && !away; i++) {
        REQUIRE(store_filing_fail(b.store, u3, "connect: test", plat_clock_wall_ms() + 60000) ==
                STORE_OK);
        REQUIRE(wait_pending(app, d, -2, 0.3) == -1);
        memset(&fl, 0, sizeof fl);
        away = store_filing_get(b.store, u3, &fl) == STORE_OK &&
               fl.next_attempt_ms > plat_clock_wall_ms() + 50000;
        store_filing_clear(&fl);
    }
    REQUIRE(away);
    CHECK_EQ_INT(simproc_faults(sim, "{\"drop_rate\":0}"), 0);
    CHECK_EQ_INT(wait_pending(app, d, 0, 2), -1); /* the network still down: it waits */
    plat_net_state_force(PLAT_NET_UP);
    CHECK_EQ_INT(wait_pending(app, d, 0, 15), 0);
    CHECK_EQ_INT(simproc_count(sim, &count, &distinct), 0);
    CHECK_EQ_INT(distinct, 3);
    plat_net_state_force(PLAT_NET_UNKNOWN);

    ui_app_free(app);
    boot_close(&b);
    plat_display_close(d);
    core_config_free(cfg);
    simproc_stop(sim);
}

int main(void)
{
    RUN(test_boot_uploads);
    return check_summary();
}
