/* test_idle.c — the inactivity timeout, driven by the virtual clock through
 * script `wait`: nothing at an idle home screen; "还在吗？" after
 * ui.idle_timeout_s without input in a session; a tap anywhere keeps the
 * session and what was typed; ui.countdown_s later the session ends: home,
 * elderly mode reset, screens destroyed, each screen's on_timeout hook told
 * whether to keep the draft (ui.keep_draft_on_timeout). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ui/screens/gallery/demo_gallery.h"
#include "ui/screens/home/idle.h"
#include "ui/core/script.h"
#include "uitest.h"
#include "ui/core/session.h"

static int hook_calls, hook_keep;

static void record_timeout(ui_screen *s, ui_app *a, int keep_draft)
{
    (void)s;
    (void)a;
    hook_calls++;
    hook_keep = keep_draft;
}

static const char *top(uitest_app *u) { return ui_app_top(u->app)->ops->name; }

static void test_home_never_times_out(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    REQUIRE(uitest_run(&u, "wait 600000\n") == 0);
    CHECK_EQ_STR(top(&u), "home");
    uitest_close(&u);
}

static void test_countdown_and_stay(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    REQUIRE(uitest_run(&u, "demo kb-digits\ntap @kb.k.1\ntap @kb.k.3\ntap @kb.k.8\n") == 0);
    kb *k = ui_demo_kb(ui_app_top(u.app));
    REQUIRE(k != NULL);
    CHECK_EQ_STR(kb_text(k), "138");
    /* input moves the deadline: 60 s, a tap, 60 s more is still no countdown */
    REQUIRE(uitest_run(&u, "wait 60000\ntap 540 600\nwait 60000\n") == 0);
    CHECK_EQ_STR(top(&u), "demo");
    REQUIRE(uitest_run(&u, "wait 29000\n") == 0);
    CHECK_EQ_STR(top(&u), "demo");
    REQUIRE(uitest_run(&u, "wait 1100\n") == 0);
    CHECK_EQ_STR(top(&u), "idle");
    text_reset_missing(ui_app_text(u.app));
    CHECK_EQ_INT(uitest_compare(&u, "widgets/ref/idle-1080x1920.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
    /* the big button keeps the session and the typing */
    REQUIRE(uitest_run(&u, "wait 5000\nexpect-target @idle.ok\ntap @idle.ok\n") == 0);
    CHECK_EQ_STR(top(&u), "demo");
    CHECK_EQ_STR(kb_text(k), "138");
    /* so does a tap beside the card */
    REQUIRE(uitest_run(&u, "wait 90100\nexpect-screen idle\ntap 30 30\nexpect-screen demo\n") == 0);
    CHECK_EQ_STR(kb_text(k), "138");
    uitest_close(&u);
}

static void test_session_ends(void)
{
    for (int keep = 1; keep >= 0; keep--) {
        uitest_app u;
        REQUIRE(uitest_open(&u, 1080, 1920) == 0);
        char err[128];
        REQUIRE(core_config_set(u.cfg, "ui.keep_draft_on_timeout", keep ? "1" : "0", err,
                                sizeof err) == 0);
        REQUIRE(core_config_set(u.cfg, "ui.idle_timeout_s", "30", err, sizeof err) == 0);
        REQUIRE(core_config_set(u.cfg, "ui.countdown_s", "10", err, sizeof err) == 0);
        REQUIRE(uitest_run(&u, "tap @home.elderly\ndemo list\ntap @demo.list.2\ndemo kb-pinyin\n") == 0);
        CHECK_EQ_INT(ui_app_elderly(u.app), 1);
        hook_calls = 0;
        hook_keep = -1;
        ui_app_top(u.app)->on_timeout = record_timeout;
        ui_app_below(u.app, ui_app_top(u.app))->on_timeout = record_timeout;
        REQUIRE(uitest_run(&u, "wait 30100\nexpect-screen idle\nwait 9000\nexpect-screen idle\n") == 0);
        CHECK_EQ_INT(hook_calls, 0);
        REQUIRE(uitest_run(&u, "wait 1000\n") == 0);
        /* back home, both screens told, elderly mode off, nothing above home */
        CHECK_EQ_STR(top(&u), "home");
        CHECK(ui_app_below(u.app, ui_app_top(u.app)) == NULL);
        CHECK_EQ_INT(hook_calls, 2);
        CHECK_EQ_INT(hook_keep, keep);
        CHECK_EQ_INT(ui_app_elderly(u.app), 0);
        /* and home stays quiet afterwards */
        REQUIRE(uitest_run(&u, "wait 120000\nexpect-screen home\n") == 0);
        uitest_close(&u);
    }
}

static void test_elderly_at_home(void)
{
    /* elderly mode switched on at home is a session too: it is reset */
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    REQUIRE(uitest_run(&u, "tap @home.elderly\nwait 90100\nexpect-screen idle\n") == 0);
    /* the prompt in large text: the page behind is hidden, 读给我听 beside it */
    text_reset_missing(ui_app_text(u.app));
    CHECK_EQ_INT(uitest_compare(&u, "widgets/ref/idle-large-1080x1920.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
    /* 读给我听 reads the question again and gives the whole countdown back
     * (no speech engine here: silent, the prompt stays) */
    REQUIRE(uitest_run(&u, "wait 15000\nexpect-target @idle.voice\ntap @idle.voice\n"
                           "wait 15000\nexpect-screen idle\nwait 6100\n") == 0);
    CHECK_EQ_STR(top(&u), "home");
    CHECK_EQ_INT(ui_app_elderly(u.app), 0);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_home_never_times_out);
    RUN(test_countdown_and_stay);
    RUN(test_session_ends);
    RUN(test_elderly_at_home);
    return check_summary();
}
