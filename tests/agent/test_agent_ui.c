/* test_agent_ui.c — the proxy-agent screens driven like a person would, by
 * taps on targets (`tap @id`) in a headless app with a real store file whose
 * agents cache came from a platform-style reply: sign-in on the digit pad,
 * lockout with its wait (persisted across a reopen of the store), offline
 * sign-in from the cache alone, refusals (unknown, inactive, no cache), the
 * inactivity timeout and the 退出 button signing out, consent with a real
 * signature PNG, and "my filings" at every stage. Reference images at
 * 1080x1920 (sign-in also in elderly mode). */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/screens/agent/agent_screens.h"
#include "agentdata.h"
#include "check.h"
#include "fixtures.h"
#include "plat_clock.h"
#include "plat_net.h"
#include "plat_paths.h"
#include "ui/core/script.h"
#include "core/strings.h"
#include "uitest.h"
#include "ui/screens/query/query_screen.h"
#include "ui/core/session.h"
#include "ui/core/services.h"

typedef struct {
    uitest_app u;
    store *st;
    form_catalog *forms;
    char path[1024];
} fixture;

static int run(fixture *f, const char *script) { return uitest_run(&f->u, script); }

static const char *top(fixture *f) { return ui_app_top(f->u.app)->ops->name; }

/* Opens the app at w x h and a fresh store; with_agents fills the cache
 * from a reply. */
static int open_fixture_at(fixture *f, const char *name, int with_agents, int elderly, int w,
                           int h)
{
    memset(f, 0, sizeof *f);
    if (uitest_open(&f->u, w, h) != 0)
        return -1;
    ui_app_set_elderly(f->u.app, elderly);
    snprintf(f->path, sizeof f->path, "%s", fx_fresh_db(name));
    if (store_open(f->path, &f->st) != STORE_OK)
        return -1;
    if (with_agents) {
        char *body = agentdata_reply(AGENTDATA_DEFAULT), err[128];
        int rc = body ? store_agents_replace_reply(f->st, body, strlen(body), NULL, err, sizeof err)
                      : -1;
        free(body);
        if (rc != STORE_OK)
            return -1;
    }
    /* the real service-item definitions, for the titles of drafts */
    f->forms = form_catalog_new();
    if (!f->forms || form_catalog_load_dir(f->forms, check_asset("forms")) <= 0)
        return -1;
    ui_services svc = {0};
    svc.store = f->st;
    svc.forms = f->forms;
    ui_app_set_services(f->u.app, &svc);
    return 0;
}

static int open_fixture(fixture *f, const char *name, int with_agents, int elderly)
{
    return open_fixture_at(f, name, with_agents, elderly, 1080, 1920);
}

static void close_fixture(fixture *f)
{
    uitest_close(&f->u);
    store_close(f->st);
    form_catalog_free(f->forms);
}

/* "tap @agent.kb.k.<d>" for each digit. */
static int type_digits(fixture *f, const char *digits)
{
    char script[512] = "";
    for (const char *p = digits; *p; p++) {
        char line[40];
        snprintf(line, sizeof line, "tap @agent.kb.k.%c\n", *p);
        strcat(script, line);
    }
    return run(f, script);
}

static int sign_in(fixture *f, const char *number, const char *pin)
{
    if (run(f, "tap @tile.agent\nexpect-screen agent_signin\ntap @agent.f.number\n") ||
        type_digits(f, number) || run(f, "tap @agent.go\n") || type_digits(f, pin))
        return -1;
    return run(f, "tap @agent.go\n");
}

/* Counts audit rows with this action (and actor id when not NULL); fails the
 * test if any row's detail holds one of the PINs. */
static int audit_count(store *st, const char *action, const char *actor_id, const char *detail)
{
    store_audit_row *rows = NULL;
    size_t n = 0;
    if (store_audit_list(st, 0, 200, &rows, &n) != STORE_OK)
        return -1;
    int cnt = 0;
    for (size_t i = 0; i < n; i++) {
        const char *d = rows[i].detail ? rows[i].detail : "";
        CHECK(!strstr(d, AGENTDATA_PIN_A0012) && !strstr(d, "李桂兰"));
        if (strcmp(rows[i].action, action))
            continue;
        if (actor_id && (!rows[i].actor_id || strcmp(rows[i].actor_id, actor_id)))
            continue;
        if (detail && strcmp(d, detail))
            continue;
        cnt++;
    }
    store_audit_list_free(rows, n);
    return cnt;
}

static void test_signin_success(void)
{
    fixture f;
    REQUIRE(open_fixture(&f, "signin", 1, 0) == 0);
    REQUIRE(run(&f, "tap @tile.agent\nexpect-screen agent_signin\n") == 0);
    /* 下一步 is disabled until a number is typed */
    REQUIRE(run(&f, "expect-target @agent.go\n") != 0);
    REQUIRE(type_digits(&f, "0012") == 0);
    REQUIRE(run(&f, "tap @agent.go\n") == 0);
    REQUIRE(type_digits(&f, "2468") == 0);
    CHECK(run(&f, "expect-target @agent.go\n") != 0); /* 登录 waits for 6 digits */
    REQUIRE(type_digits(&f, "13") == 0);
    text_reset_missing(ui_app_text(f.u.app));
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/signin-1080x1920.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
    REQUIRE(run(&f, "tap @agent.go\n") == 0);
    CHECK_EQ_STR(top(&f), "home");
    CHECK(ui_app_agent_id(f.u.app) && !strcmp(ui_app_agent_id(f.u.app), "A0012"));
    CHECK(ui_app_agent_name(f.u.app) && !strcmp(ui_app_agent_name(f.u.app), "李桂兰"));
    CHECK_EQ_INT(audit_count(f.st, "agent.signin", "A0012", NULL), 1);
    /* home shows who is signed in, with 我的办件 and 退出 */
    CHECK_EQ_INT(run(&f, "expect-target @home.agent.filings\nexpect-target @home.agent.signout\n"), 0);
    CHECK(run(&f, "expect-target @tile.agent\n") != 0);
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/home-agent-1080x1920.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
    /* 退出 signs out */
    REQUIRE(run(&f, "tap @home.agent.signout\n") == 0);
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    CHECK_EQ_INT(audit_count(f.st, "agent.signout", "A0012", "reason=agent"), 1);
    CHECK_EQ_INT(run(&f, "expect-target @tile.agent\n"), 0);
    /* 返回 leaves the sign-in screen without signing anyone in */
    REQUIRE(run(&f, "tap @tile.agent\ntap @agent.back\nexpect-screen home\n") == 0);
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    close_fixture(&f);
}

/* Digits that fit two agents (A0012 and B0012: the pad has no letters): a
 * dead end before (请联系县里核对编号). Both ids are offered under the
 * message; a tap takes one as the number, and its own PIN signs it in. */
static void test_signin_twins(void)
{
    fixture f;
    REQUIRE(open_fixture(&f, "twins", 0, 0) == 0);
    char *body = agentdata_reply(AGENTDATA_TWINS), err[128];
    REQUIRE(body != NULL);
    REQUIRE(store_agents_replace_reply(f.st, body, strlen(body), NULL, err, sizeof err) == STORE_OK);
    free(body);
    char ids[4][STORE_AGENT_ID_MAX + 1];
    int n = 0;
    CHECK_EQ_INT(store_agent_ids_for(f.st, "0012", ids, 4, &n), STORE_OK);
    CHECK_EQ_INT(n, 2);
    REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_B0012) == 0);
    CHECK_EQ_STR(top(&f), "agent_signin");
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    CHECK_EQ_INT(run(&f, "expect-target @agent.pick.0\nexpect-target @agent.pick.1\n"), 0);
    text_reset_missing(ui_app_text(f.u.app));
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/signin-twins-1080x1920.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
    uitest_check_targets(&f.u);
    REQUIRE(run(&f, "tap @agent.pick.1\n") == 0); /* B0012, in id order */
    CHECK(run(&f, "expect-target @agent.pick.0\n") != 0);
    REQUIRE(type_digits(&f, AGENTDATA_PIN_B0012) == 0);
    REQUIRE(run(&f, "tap @agent.go\n") == 0);
    CHECK_EQ_STR(top(&f), "home");
    CHECK(ui_app_agent_id(f.u.app) && !strcmp(ui_app_agent_id(f.u.app), "B0012"));
    CHECK(ui_app_agent_name(f.u.app) && !strcmp(ui_app_agent_name(f.u.app), "赵文"));
    /* typing another number takes the choices away */
    REQUIRE(run(&f, "tap @home.agent.signout\n") == 0);
    REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_A0012) == 0);
    CHECK_EQ_INT(run(&f, "expect-target @agent.pick.0\n"), 0);
    REQUIRE(run(&f, "tap @agent.kb.k.bs\n") == 0);
    CHECK(run(&f, "expect-target @agent.pick.0\n") != 0);
    close_fixture(&f);
    /* on the tablet in large text and landscape: the choices, the button and
     * the pad all in view, none over another */
    static const struct {
        int w, h, large;
        const char *ref;
    } G[] = {{1280, 800, 1, "agent/ref/signin-twins-1280x800-elderly.png"},
             {1920, 1080, 0, "agent/ref/signin-twins-1920x1080.png"}};
    for (size_t g = 0; g < sizeof G / sizeof G[0]; g++) {
        REQUIRE(open_fixture_at(&f, "twins-wide", 0, G[g].large, G[g].w, G[g].h) == 0);
        body = agentdata_reply(AGENTDATA_TWINS);
        REQUIRE(body != NULL);
        REQUIRE(store_agents_replace_reply(f.st, body, strlen(body), NULL, err, sizeof err) ==
                STORE_OK);
        free(body);
        REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_B0012) == 0);
        CHECK_EQ_INT(run(&f, "expect-target @agent.pick.1\n"), 0);
        /* the message whole: nothing red at the screen's foot (its last
         * line ran off the tablet's edge in large text) */
        const ui_theme *t = ui_app_theme(f.u.app);
        CHECK_EQ_INT(uitest_count_color(&f.u, 0, t->h - t->unit, t->w / 2, t->unit, t->danger), 0);
        CHECK(run(&f, "expect-target @agent.go\n") != 0); /* the choices in its place */
        CHECK_EQ_INT(uitest_compare(&f.u, G[g].ref), 0);
        uitest_check_targets(&f.u);
        close_fixture(&f);
    }
}

/* Home with an agent signed in, on every screen in both text sizes: who
 * is signed in and 正在为村民代办 stay inside the dark band (the second
 * line ran onto its edge in large text, landscape). */
static void test_home_agent_band(void)
{
    static const struct {
        int w, h, large;
        const char *ref;
    } G[] = {{1920, 1080, 1, "agent/ref/home-agent-1920x1080-large.png"},
             {1280, 800, 1, NULL},
             {1080, 1920, 1, NULL},
             {1920, 1080, 0, NULL}};
    for (size_t g = 0; g < sizeof G / sizeof G[0]; g++) {
        fixture f;
        REQUIRE(open_fixture_at(&f, "home-band", 1, G[g].large, G[g].w, G[g].h) == 0);
        REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_A0012) == 0);
        CHECK_EQ_STR(top(&f), "home");
        ui_app_render(f.u.app, 1);
        const ui_theme *t = ui_app_theme(f.u.app);
        SDL_Rect bm;
        REQUIRE(uitest_target_rect(f.u.app, "home.agent.filings", &bm) == 0);
        /* the band's last rows left of its buttons: no letter in them */
        int x0 = t->unit * 2 + t->radius, lines = t->unit / 4;
        int ink = uitest_count_color(&f.u, x0, bm.y + bm.h - lines, bm.x - x0, lines, t->surface);
        if (ink)
            printf("  %dx%d%s: %d letter pixels on the band's edge\n", G[g].w, G[g].h,
                   G[g].large ? " large" : "", ink);
        CHECK_EQ_INT(ink, 0);
        if (G[g].ref)
            CHECK_EQ_INT(uitest_compare(&f.u, G[g].ref), 0);
        close_fixture(&f);
    }
}

static void test_lockout(void)
{
    fixture f;
    REQUIRE(open_fixture(&f, "lockout", 1, 0) == 0);
    /* two wrong PINs: a message, no wait */
    REQUIRE(sign_in(&f, "0012", "111112") == 0);
    CHECK_EQ_STR(top(&f), "agent_signin");
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    REQUIRE(type_digits(&f, "111113") == 0);
    REQUIRE(run(&f, "tap @agent.go\n") == 0);
    auth_lock lk;
    REQUIRE(store_agent_lock_get(f.st, "A0012", &lk) == STORE_OK);
    CHECK_EQ_INT(lk.failures, 2);
    CHECK_EQ_INT(lk.locked_until, 0);
    /* the third starts a 30 s wait */
    REQUIRE(type_digits(&f, "111114") == 0);
    REQUIRE(run(&f, "tap @agent.go\n") == 0);
    REQUIRE(store_agent_lock_get(f.st, "A0012", &lk) == STORE_OK);
    CHECK_EQ_INT(lk.failures, 3);
    CHECK(lk.locked_until > 0);
    CHECK_EQ_INT(audit_count(f.st, "agent.signin_failed", "A0012", "reason=wrong"), 3);
    /* the right PIN typed during the wait cannot be sent */
    REQUIRE(run(&f, "wait 10000\n") == 0);
    REQUIRE(type_digits(&f, AGENTDATA_PIN_A0012) == 0);
    text_reset_missing(ui_app_text(f.u.app));
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/lockout-1080x1920.png"), 0); /* 请20秒后再试 */
    CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
    CHECK(run(&f, "expect-target @agent.go\n") != 0);
    /* each second of the wait draws the message and the button under the
     * fields alone (a patch in the band stays) */
    SDL_Rect patch = {1080 - 40, 4, 24, 24};
    CHECK_EQ_INT(uitest_partial(&f.u, "lockout", "wait 1000", &patch), 0);
    /* nor through the check itself: the lock holds whatever the screen does */
    store_agent ag;
    int wait = 0;
    CHECK_EQ_INT(ui_agent_check(f.st, "0012", AGENTDATA_PIN_A0012, plat_clock_wall(), &ag, &wait),
                 AUTH_ERR_LOCKED);
    CHECK(wait > 0 && wait <= 20);
    CHECK_EQ_INT(audit_count(f.st, "agent.signin_failed", "A0012", "reason=locked"), 1);
    /* a reboot does not reset it: reopen the store file */
    close_fixture(&f);
    store *st = NULL;
    REQUIRE(store_open(f.path, &st) == STORE_OK);
    REQUIRE(store_agent_lock_get(st, "A0012", &lk) == STORE_OK);
    CHECK_EQ_INT(lk.failures, 3);
    int64_t until = lk.locked_until;
    CHECK_EQ_INT(ui_agent_check(st, "0012", AGENTDATA_PIN_A0012, until - 1, &ag, &wait),
                 AUTH_ERR_LOCKED);
    /* a fourth wrong PIN after the wait doubles it */
    CHECK_EQ_INT(ui_agent_check(st, "0012", "999990", until, &ag, &wait), AUTH_ERR_LOCKED);
    CHECK_EQ_INT(wait, 60);
    /* after that, the right PIN signs in and clears the lock */
    CHECK_EQ_INT(ui_agent_check(st, "0012", AGENTDATA_PIN_A0012, until + 60, &ag, &wait), AUTH_OK);
    CHECK_EQ_STR(ag.id, "A0012");
    REQUIRE(store_agent_lock_get(st, "A0012", &lk) == STORE_OK);
    CHECK_EQ_INT(lk.failures, 0);
    /* other agents were never locked */
    CHECK_EQ_INT(ui_agent_check(st, "A0027", AGENTDATA_PIN_A0027, until - 1, &ag, &wait), AUTH_OK);
    store_close(st);
}

static void test_lockout_clears_on_screen(void)
{
    fixture f;
    REQUIRE(open_fixture(&f, "lockwait", 1, 0) == 0);
    REQUIRE(sign_in(&f, "0012", "111112") == 0);
    for (int i = 0; i < 2; i++)
        REQUIRE(type_digits(&f, "111112") == 0 && run(&f, "tap @agent.go\n") == 0);
    CHECK(run(&f, "expect-target @agent.go\n") != 0);
    /* the wait counts down on screen and then 登录 comes back: the fields
     * to the pad drawn again, nothing else (a patch in the band stays) */
    SDL_Rect patch = {1080 - 40, 4, 24, 24};
    CHECK_EQ_INT(uitest_partial(&f.u, "lockout ends", "wait 31000", &patch), 0);
    REQUIRE(type_digits(&f, AGENTDATA_PIN_A0012) == 0);
    REQUIRE(run(&f, "expect-target @agent.go\ntap @agent.go\nexpect-screen home\n") == 0);
    CHECK(ui_app_agent_id(f.u.app) && !strcmp(ui_app_agent_id(f.u.app), "A0012"));
    close_fixture(&f);
}

static void test_offline_and_refusals(void)
{
    fixture f;
    /* the cache alone, from a store file written earlier, network down */
    REQUIRE(open_fixture(&f, "offline", 1, 0) == 0);
    store_close(f.st);
    f.st = NULL;
    REQUIRE(store_open(f.path, &f.st) == STORE_OK);
    ui_services svc = {0};
    svc.store = f.st;
    svc.forms = f.forms;
    ui_app_set_services(f.u.app, &svc);
    plat_net_state_force(PLAT_NET_DOWN);
    REQUIRE(sign_in(&f, "0027", AGENTDATA_PIN_A0027) == 0);
    CHECK_EQ_STR(top(&f), "home");
    CHECK(ui_app_agent_id(f.u.app) && !strcmp(ui_app_agent_id(f.u.app), "A0027"));
    REQUIRE(run(&f, "tap @home.agent.signout\n") == 0);
    /* an inactive agent with the right PIN is refused */
    REQUIRE(sign_in(&f, "0031", AGENTDATA_PIN_A0031) == 0);
    CHECK_EQ_STR(top(&f), "agent_signin");
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    CHECK_EQ_INT(audit_count(f.st, "agent.signin_failed", "A0031", "reason=inactive"), 1);
    /* an unknown number */
    store_agent ag;
    int wait;
    CHECK_EQ_INT(ui_agent_check(f.st, "9999", "123890", plat_clock_wall(), &ag, &wait),
                 UI_AGENT_ERR_UNKNOWN);
    CHECK_EQ_INT(ui_agent_check(NULL, "0012", "123890", plat_clock_wall(), &ag, &wait),
                 UI_AGENT_ERR_STORE);
    /* no cache at all: say to go online */
    const char *none = "{\"agents\": [], \"updated_at_ms\": 1}";
    char err[128];
    REQUIRE(store_agents_replace_reply(f.st, none, strlen(none), NULL, err, sizeof err) == 0);
    CHECK_EQ_INT(ui_agent_check(f.st, "0012", AGENTDATA_PIN_A0012, plat_clock_wall(), &ag, &wait),
                 UI_AGENT_ERR_NOCACHE);
    CHECK(strstr(core_str(ui_agent_error_key(UI_AGENT_ERR_NOCACHE)), "联网") != NULL);
    CHECK_EQ_STR(ui_agent_error_key(AUTH_ERR_WRONG), auth_error_key(AUTH_ERR_WRONG));
    plat_net_state_force(PLAT_NET_UP);
    close_fixture(&f);
}

static void test_timeout_signs_out(void)
{
    fixture f;
    REQUIRE(open_fixture(&f, "timeout", 1, 0) == 0);
    char err[64];
    REQUIRE(core_config_set(f.u.cfg, "ui.idle_timeout_s", "60", err, sizeof err) == 0);
    REQUIRE(core_config_set(f.u.cfg, "ui.countdown_s", "10", err, sizeof err) == 0);
    REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_A0012) == 0);
    CHECK(ui_app_agent_id(f.u.app) != NULL);
    /* even at home, a signed-in agent's session times out */
    REQUIRE(run(&f, "expect-screen home\nwait 60100\nexpect-screen idle\nwait 9000\n") == 0);
    CHECK(ui_app_agent_id(f.u.app) != NULL);
    REQUIRE(run(&f, "wait 1000\nexpect-screen home\n") == 0);
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    CHECK_EQ_INT(audit_count(f.st, "agent.signout", "A0012", "reason=timeout"), 1);
    /* and from a screen above home too */
    REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_A0012) == 0);
    REQUIRE(run(&f, "tap @home.agent.filings\nexpect-screen agent_filings\nwait 70100\n") == 0);
    CHECK_EQ_STR(top(&f), "home");
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    CHECK_EQ_INT(audit_count(f.st, "agent.signout", "A0012", "reason=timeout"), 2);
    /* nobody signed in: home stays quiet */
    REQUIRE(run(&f, "wait 300000\nexpect-screen home\n") == 0);
    close_fixture(&f);
}

/* ---- consent ---- */

static int consent_calls;
static char consent_json[2048];
static void on_consent(void *ud, ui_app *a, const char *json)
{
    (void)ud;
    (void)a;
    consent_calls++;
    snprintf(consent_json, sizeof consent_json, "%s", json ? json : "(null)");
}

static void test_consent(void)
{
    fixture f;
    REQUIRE(open_fixture(&f, "consent", 1, 0) == 0);
    char idn[19];
    fx_id_number("360722", 1930, 42, idn);
    ui_consent_req req = {"高龄津贴申请", "王秀兰", idn, "6f1c2a4e-8b7d-4e21-9a3c-5d2e1f0b7c66"};
    /* without an agent there is no consent screen */
    CHECK(ui_consent_new(f.u.app, &req, on_consent, NULL) == NULL);
    REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_A0012) == 0);
    ui_consent_req bad = req;
    bad.id_number = "36072219300101001";
    CHECK(ui_consent_new(f.u.app, &bad, on_consent, NULL) == NULL);
    /* cancel: told once, with no record */
    consent_calls = 0;
    ui_app_push(f.u.app, ui_consent_new(f.u.app, &req, on_consent, NULL));
    REQUIRE(run(&f, "expect-screen agent_consent\n") == 0);
    CHECK(run(&f, "expect-target @consent.ok\n") != 0); /* nothing signed yet */
    REQUIRE(run(&f, "tap @consent.cancel\nexpect-screen home\n") == 0);
    CHECK_EQ_INT(consent_calls, 1);
    CHECK_EQ_STR(consent_json, "(null)");
    /* sign: two strokes with the finger inside the pad */
    ui_app_push(f.u.app, ui_consent_new(f.u.app, &req, on_consent, NULL));
    ui_app_render(f.u.app, 1);
    int cx, cy;
    REQUIRE(ui_app_find_target(f.u.app, "consent.pad", &cx, &cy) == 0);
    char strokes[512];
    snprintf(strokes, sizeof strokes,
             "drag %d %d %d %d 300\ndrag %d %d %d %d 300\n"
             "down %d %d\nmove %d %d\nmove %d %d\nmove %d %d\nup %d %d\n",
             cx - 340, cy + 60, cx - 90, cy - 90, cx - 240, cy - 150, cx - 160, cy + 120,
             cx - 20, cy + 20, cx + 60, cy - 70, cx + 160, cy + 80, cx + 280, cy - 100, cx + 360,
             cy + 60);
    REQUIRE(run(&f, strokes) == 0);
    CHECK_EQ_INT(run(&f, "expect-target @consent.ok\n"), 0);
    text_reset_missing(ui_app_text(f.u.app));
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/consent-1080x1920.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
    /* a stroke's finger down and moves draw the pad alone (a patch in the
     * band stays), its lift the screen; then 重签 clears, and sign again */
    SDL_Rect patch = {1080 - 40, 4, 24, 24};
    const int pts[3][2] = {{cx - 300, cy}, {cx - 200, cy - 60}, {cx - 100, cy + 40}};
    for (int i = 0; i < 3; i++) {
        char line[64];
        snprintf(line, sizeof line, "%s %d %d", i ? "move" : "down", pts[i][0], pts[i][1]);
        CHECK_EQ_INT(uitest_partial(&f.u, "consent", line, &patch), 0);
    }
    char up[64];
    snprintf(up, sizeof up, "up %d %d\n", pts[2][0], pts[2][1]);
    REQUIRE(run(&f, up) == 0);
    REQUIRE(run(&f, "tap @consent.clear\n") == 0);
    CHECK(run(&f, "expect-target @consent.ok\n") != 0);
    /* a swipe up the pad and a dot on it are no signature: 确认 stays off */
    char swipe[160];
    snprintf(swipe, sizeof swipe, "drag %d %d %d %d 200\ntap %d %d\n", cx, cy + 150, cx + 30,
             cy - 150, cx - 200, cy);
    REQUIRE(run(&f, swipe) == 0);
    CHECK(run(&f, "expect-target @consent.clear\n") == 0);
    CHECK(run(&f, "expect-target @consent.ok\n") != 0);
    REQUIRE(run(&f, "tap @consent.clear\n") == 0);
    char two[200];
    snprintf(two, sizeof two, "drag %d %d %d %d 300\ndrag %d %d %d %d 300\n", cx - 340, cy + 60,
             cx - 90, cy - 90, cx - 240, cy - 150, cx - 160, cy + 120);
    REQUIRE(run(&f, two) == 0);
    consent_calls = 0;
    REQUIRE(run(&f, "tap @consent.ok\nexpect-screen home\n") == 0);
    CHECK_EQ_INT(consent_calls, 1);
    /* the record */
    cJSON *o = cJSON_Parse(consent_json);
    REQUIRE(o != NULL);
    char key[STORE_KEY_LEN + 1];
    REQUIRE(store_villager_key(f.st, idn, key) == STORE_OK);
    const cJSON *sig = cJSON_GetObjectItem(o, "signature");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "agent_id")), "A0012");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "villager_key")), key);
    CHECK(!strstr(consent_json, idn) && !strstr(consent_json, "王秀兰"));
    CHECK_EQ_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(o, "signed_at_ms")),
                 plat_clock_wall() * 1000LL);
    const char *file_in_json = cJSON_GetStringValue(cJSON_GetObjectItem(sig, "file"));
    REQUIRE(file_in_json != NULL);
    char file[256]; /* copied: the JSON it comes from is deleted below */
    snprintf(file, sizeof file, "%s", file_in_json);
    CHECK_EQ_STR(file, "consent/6f1c2a4e-8b7d-4e21-9a3c-5d2e1f0b7c66.png");
    /* the file is a PNG of the pad with ink where the finger went; its hash matches */
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", plat_paths_data(), file);
    uint8_t *px = NULL;
    int w = 0, h = 0;
    char err[256];
    REQUIRE(uitest_png_read(path, &px, &w, &h, err, sizeof err) == 0);
    CHECK_EQ_INT(w, (int)cJSON_GetNumberValue(cJSON_GetObjectItem(sig, "width")));
    CHECK_EQ_INT(h, (int)cJSON_GetNumberValue(cJSON_GetObjectItem(sig, "height")));
    size_t dark = 0;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        dark += px[i * 4] < 100;
    free(px);
    CHECK(dark > 2000 && dark < (size_t)w * (size_t)h / 10);
    FILE *fp = fopen(path, "rb");
    REQUIRE(fp != NULL);
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    unsigned char dg[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(dg, buf, n);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, dg, sizeof dg);
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(sig, "sha256")), hex);
    cJSON_Delete(o);
    CHECK_EQ_INT(audit_count(f.st, "agent.consent", "A0012", NULL), 1);
    /* the record builder refuses what is not a signature PNG */
    char *json = NULL;
    FILE *junk = fopen(path, "wb");
    REQUIRE(junk != NULL);
    fputs("not a png", junk);
    fclose(junk);
    CHECK_EQ_INT(ui_consent_record(f.st, "A0012", idn, plat_paths_data(), file, 1, &json, err,
                                   sizeof err), -1);
    CHECK(json == NULL);
    CHECK_EQ_INT(ui_consent_record(f.st, "A0012", idn, plat_paths_data(), "consent/none.png", 1,
                                   &json, err, sizeof err), -1);
    CHECK_EQ_INT(ui_consent_record(f.st, "A0012", "123", plat_paths_data(), file, 1, &json, err,
                                   sizeof err), -1);
    close_fixture(&f);
}

/* ---- my filings ---- */

static int resumed;
static char resumed_uuid[40], resumed_form[40];
static void on_resume(void *ud, ui_app *a, const char *uuid, const char *form_id)
{
    (void)ud;
    (void)a;
    resumed++;
    snprintf(resumed_uuid, sizeof resumed_uuid, "%s", uuid);
    snprintf(resumed_form, sizeof resumed_form, "%s", form_id);
}

static void test_my_filings(void)
{
    fixture f;
    int opened = 0;
    REQUIRE(open_fixture(&f, "filings", 1, 0) == 0);
    REQUIRE(agentdata_filings(f.st, "A0012") == 0);
    ui_app_set_resume(f.u.app, on_resume, NULL);
    CHECK(ui_agent_filings_new(f.u.app) == NULL); /* nobody signed in */
    REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_A0012) == 0);
    REQUIRE(run(&f, "tap @home.agent.filings\nexpect-screen agent_filings\n") == 0);
    text_reset_missing(ui_app_text(f.u.app));
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/filings-1080x1920.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
    /* six rows: two drafts, one pending, three receipts */
    CHECK_EQ_INT(run(&f, "expect-target @agent.list.0\n"), 0);
    /* a receipt row does not resume, except the returned one (its
     * correction, 补正); a draft row does; an uploaded one opens its
     * progress by its number (the query's result, 再打印一张回执); one
     * waiting to upload says it has none yet */
    resumed = 0;
    for (int i = 3; i <= 5; i++) {
        char line[64];
        if (i == 5) /* the last row: under the screen's foot until the list scrolls */
            REQUIRE(run(&f, "drag 540 1500 540 700 300\nwait 1000\n") == 0);
        snprintf(line, sizeof line, "tap @agent.list.%d\n", i);
        REQUIRE(run(&f, line) == 0);
        if (!strcmp(top(&f), "query_result")) {
            const char *rows = ui_query_result_rows(ui_app_top(f.u.app));
            printf("  row %d opens its progress: %.60s\n", i, rows);
            CHECK(strstr(rows, "CZ2026112200") != NULL);
            if (i == 5) {
                /* its 回首页: home with the agent still signed in (it signed
                 * her out, as a villager's query ends her session) */
                REQUIRE(run(&f, "tap @ferr.home\nexpect-screen home\n") == 0);
                CHECK(ui_app_agent_id(f.u.app) != NULL);
                CHECK_EQ_INT(run(&f, "expect-target @home.agent.filings\n"), 0);
                REQUIRE(run(&f, "tap @home.agent.filings\nexpect-screen agent_filings\n") == 0);
            } else {
                REQUIRE(run(&f, "tap @ferr.back\nexpect-screen agent_filings\n") == 0);
            }
            opened++;
        }
    }
    CHECK_EQ_INT(opened, 2); /* the two not returned */
    CHECK_EQ_INT(resumed, 1);
    CHECK_EQ_STR(resumed_uuid, "00000000-0000-4000-8000-000000000003");
    REQUIRE(run(&f, "drag 540 700 540 1500 300\nwait 1000\n") == 0);
    int rx, ry, rx2, ry2;
    REQUIRE(ui_app_find_target(f.u.app, "agent.list.2", &rx, &ry) == 0);
    REQUIRE(run(&f, "tap @agent.list.2\n") == 0);
    CHECK_EQ_STR(top(&f), "agent_filings"); /* waiting to upload: nothing to open yet */
    /* it says so over the list, under the row's title; the rows stay where
     * they were under the finger (the words above the list moved them) */
    CHECK_EQ_INT(run(&f, "expect-target @agent.said.ok\n"), 0);
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/filings-pending-tap-1080x1920.png"), 0);
    resumed = 0;
    CHECK(run(&f, "tap @agent.list.0\n") == 0 && !strcmp(top(&f), "agent_filings"));
    CHECK_EQ_INT(resumed, 0); /* the dialog covers the list */
    REQUIRE(run(&f, "tap @agent.said.ok\n") == 0);
    CHECK(run(&f, "expect-target @agent.said.ok\n") != 0);
    REQUIRE(ui_app_find_target(f.u.app, "agent.list.2", &rx2, &ry2) == 0);
    CHECK_EQ_INT(ry2, ry);
    REQUIRE(run(&f, "tap @agent.list.2\nkey escape\n") == 0); /* Escape closes it too */
    CHECK_EQ_STR(top(&f), "agent_filings");
    CHECK(run(&f, "expect-target @agent.said.ok\n") != 0);
    resumed = 0;
    REQUIRE(run(&f, "tap @agent.list.0\n") == 0);
    CHECK_EQ_INT(resumed, 1);
    CHECK_EQ_STR(resumed_uuid, "00000000-0000-4000-8000-000000000007");
    CHECK_EQ_STR(resumed_form, "dibao");
    REQUIRE(run(&f, "tap @agent.filings.home\nexpect-screen home\n") == 0);
    /* the county refused the pending one for good (held for a technician):
     * its row says to find staff, not that it uploads by itself */
    store_agent_filing *items = NULL;
    size_t ni = 0;
    REQUIRE(store_agent_filings(f.st, "A0012", 0, &items, &ni) == STORE_OK);
    REQUIRE(ni == 6 && items[2].kind == STORE_AF_PENDING);
    REQUIRE(store_filing_hold(f.st, items[2].uuid, "conflict: HTTP 409") == STORE_OK);
    free(items);
    REQUIRE(run(&f, "tap @home.agent.filings\nexpect-screen agent_filings\n") == 0);
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/filings-held-1080x1920.png"), 0);
    REQUIRE(run(&f, "tap @agent.filings.home\nexpect-screen home\n") == 0);
    /* another agent sees only their own */
    REQUIRE(run(&f, "tap @home.agent.signout\n") == 0);
    REQUIRE(sign_in(&f, "0027", AGENTDATA_PIN_A0027) == 0);
    REQUIRE(run(&f, "tap @home.agent.filings\nexpect-target @agent.list.0\n") == 0);
    CHECK(run(&f, "expect-target @agent.list.1\n") != 0);
    close_fixture(&f);
}

static void test_elderly_signin(void)
{
    fixture f;
    REQUIRE(open_fixture(&f, "elderly", 1, 1) == 0);
    REQUIRE(run(&f, "tap @tile.agent\ntap @agent.f.number\n") == 0);
    REQUIRE(type_digits(&f, "0012") == 0);
    REQUIRE(run(&f, "tap @agent.go\n") == 0);
    REQUIRE(type_digits(&f, "111112") == 0);
    REQUIRE(run(&f, "tap @agent.go\n") == 0); /* wrong: the message stays while retyping */
    REQUIRE(type_digits(&f, "135") == 0);
    text_reset_missing(ui_app_text(f.u.app));
    CHECK_EQ_INT(uitest_compare(&f.u, "agent/ref/signin-1080x1920-elderly.png"), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
    /* signed in, then 退出 at home: her session over, large text goes with
     * it as with 办完了，退出代办 (it stayed on for whoever came next) */
    REQUIRE(run(&f, "tap @agent.kb.k.clear\n") == 0);
    REQUIRE(type_digits(&f, AGENTDATA_PIN_A0012) == 0);
    REQUIRE(run(&f, "tap @agent.go\nexpect-screen home\n") == 0);
    CHECK(ui_app_agent_id(f.u.app) != NULL);
    CHECK_EQ_INT(ui_app_elderly(f.u.app), 1);
    REQUIRE(run(&f, "tap @home.agent.signout\n") == 0);
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    CHECK_EQ_INT(ui_app_elderly(f.u.app), 0);
    close_fixture(&f);
}

/* A refusal of two lines in large text (an unknown number) on every screen
 * size: the message shows whole and the button stays above the pad
 * (portrait: the message had pushed it under the pad's top row; at
 * 1280x800 the message ran past the bottom edge), the intro making room. */
static void test_elderly_refusal_fits(void)
{
    static const struct {
        int w, h;
        const char *ref;
    } SIZES[] = {{1080, 1920, "agent/ref/signin-refused-1080x1920-elderly.png"},
                 {1280, 800, "agent/ref/signin-refused-1280x800-elderly.png"},
                 {1920, 1080, NULL}};
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
        int w = SIZES[i].w, h = SIZES[i].h;
        fixture f;
        REQUIRE(open_fixture_at(&f, "refusal-fits", 1, 1, w, h) == 0);
        REQUIRE(sign_in(&f, "9999", "123456") == 0);
        CHECK_EQ_STR(top(&f), "agent_signin");
        const ui_theme *t = ui_app_theme(f.u.app);
        ui_app_render(f.u.app, 1);
        /* the column of the fields (above the pad, or left of it): the
         * message is drawn there, none of it in the column's last unit */
        SDL_Rect go, key;
        REQUIRE(uitest_target_rect(f.u.app, "agent.go", &go) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "agent.kb.k.1", &key) == 0);
        SDL_Rect col = h > w ? (SDL_Rect){0, 0, w, key.y} : (SDL_Rect){0, 0, key.x, h};
        CHECK(uitest_count_color(&f.u, col.x, col.y, col.w, col.h, t->danger) > 200);
        CHECK_EQ_INT(uitest_count_color(&f.u, col.x, col.h - t->unit, col.w, t->unit, t->danger),
                     0);
        /* 下一步 (the number is what to fix) a unit above the pad at least */
        if (h > w)
            CHECK(go.y + go.h + t->unit <= key.y);
        CHECK(go.y + go.h <= h);
        uitest_check_targets(&f.u);
        if (SIZES[i].ref) {
            text_reset_missing(ui_app_text(f.u.app));
            CHECK_EQ_INT(uitest_compare(&f.u, SIZES[i].ref), 0);
            CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
        }
        /* a new number takes the message away: the intro is back, drawn
         * without a whole frame (a patch in the band stays) */
        SDL_Rect patch = {w - 40, 4, 24, 24};
        CHECK_EQ_INT(uitest_partial(&f.u, "refusal goes", "tap @agent.kb.k.1", &patch), 0);
        CHECK_EQ_INT(uitest_count_color(&f.u, col.x, col.y, col.w, col.h, t->danger), 0);
        close_fixture(&f);
    }
}

/* An unknown number of one digit, taken back: the message goes and 下一步
 * turns off with the same key. Beside the pad (wide screens) the button is
 * not in the column the message moves, and is drawn all the same: the
 * frame drawn as marked equals a full one, at every size. */
static void test_refusal_last_digit(void)
{
    static const int SIZES[][2] = {{1080, 1920}, {1920, 1080}, {1280, 800}};
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
        int w = SIZES[i][0], h = SIZES[i][1];
        fixture f;
        REQUIRE(open_fixture_at(&f, "last-digit", 1, 0, w, h) == 0);
        REQUIRE(sign_in(&f, "9", "123456") == 0);
        CHECK_EQ_STR(top(&f), "agent_signin");
        SDL_Rect patch = {w - 40, 4, 24, 24};
        CHECK_EQ_INT(uitest_partial(&f.u, "last digit taken back", "tap @agent.kb.k.bs", &patch), 0);
        int x, y; /* 下一步 is off: no target */
        CHECK(ui_app_find_target(f.u.app, "agent.go", &x, &y) != 0);
        close_fixture(&f);
    }
}

/* The consent pad is room to sign in on every screen and text size: wider
 * than tall, the statement goes left and the pad right, as tall as the room
 * above the buttons (under the statement it was 17 px on a large-text
 * tablet, where a scribble signed). A signature there signs; 读给我听 is on
 * every one. References of the tablet in both text sizes. */
static void test_consent_sizes(void)
{
    static const struct {
        int w, h, elderly;
        const char *ref;
    } S[] = {{1080, 1920, 0, NULL},
             {1080, 1920, 1, "agent/ref/consent-1080x1920-large.png"},
             {1280, 800, 0, "agent/ref/consent-1280x800.png"},
             {1280, 800, 1, "agent/ref/consent-1280x800-large.png"},
             {1920, 1080, 1, NULL}};
    char idn[19];
    fx_id_number("360722", 1930, 42, idn);
    ui_consent_req req = {"城乡居民基本养老保险参保登记", "欧阳秀兰", idn,
                          "6f1c2a4e-8b7d-4e21-9a3c-5d2e1f0b7c66"};
    for (size_t k = 0; k < sizeof S / sizeof S[0]; k++) {
        fixture f;
        REQUIRE(open_fixture_at(&f, "consent-sizes", 1, S[k].elderly, S[k].w, S[k].h) == 0);
        REQUIRE(sign_in(&f, "0012", AGENTDATA_PIN_A0012) == 0);
        ui_app_push(f.u.app, ui_consent_new(f.u.app, &req, on_consent, NULL));
        ui_app_render(f.u.app, 1);
        SDL_Rect pad;
        REQUIRE(uitest_target_rect(f.u.app, "consent.pad", &pad) == 0);
        const ui_theme *t = ui_app_theme(f.u.app);
        if (pad.h < 2 * t->target)
            printf("  %dx%d%s: the pad is %dx%d\n", S[k].w, S[k].h, S[k].elderly ? " large" : "",
                   pad.w, pad.h);
        CHECK(pad.h >= 2 * t->target && pad.w >= 3 * t->target);
        CHECK_EQ_INT(run(&f, "expect-target @consent.voice\n"), 0);
        CHECK(run(&f, "expect-target @consent.ok\n") != 0);
        /* a name across the pad signs */
        int x0 = pad.x + pad.w / 8, x1 = pad.x + pad.w * 7 / 8, y0 = pad.y + pad.h / 4,
            y1 = pad.y + pad.h * 3 / 4;
        char strokes[256];
        snprintf(strokes, sizeof strokes, "drag %d %d %d %d 300\ndrag %d %d %d %d 300\n", x0, y1,
                 (x0 + x1) / 2, y0, (x0 + x1) / 2, y0, x1, y1);
        REQUIRE(run(&f, strokes) == 0);
        CHECK_EQ_INT(run(&f, "expect-target @consent.ok\n"), 0);
        if (S[k].ref) {
            text_reset_missing(ui_app_text(f.u.app));
            CHECK_EQ_INT(uitest_compare(&f.u, S[k].ref), 0);
            CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
            uitest_check_targets(&f.u);
        }
        REQUIRE(run(&f, "tap @consent.cancel\n") == 0);
        close_fixture(&f);
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    RUN(test_signin_success);
    RUN(test_signin_twins);
    RUN(test_lockout);
    RUN(test_lockout_clears_on_screen);
    RUN(test_offline_and_refusals);
    RUN(test_timeout_signs_out);
    RUN(test_consent);
    RUN(test_consent_sizes);
    RUN(test_my_filings);
    RUN(test_home_agent_band);
    RUN(test_elderly_signin);
    RUN(test_elderly_refusal_fits);
    RUN(test_refusal_last_digit);
    return check_summary();
}
