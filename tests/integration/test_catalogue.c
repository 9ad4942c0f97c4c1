/* test_catalogue.c — signed catalogue updates end to end: the program's
 * start-up (boot) with the county key, its upload engine asking county-sim
 * over TLS, the real form loader, the home screen taking a new catalogue
 * only between sessions, and the villager's screens.
 *
 * A villager is filling 高龄津贴 (version 1) while the county publishes
 * version 2 (a new title and version) behind a bad signature, an unsigned
 * manifest, a malformed one, a file that does not match its hash and a
 * connection dropped in the middle of a file: each is refused and the
 * built-in catalogue stays. Then the good one is published: nothing changes
 * under the villager; when the session ends the home screen takes it, a new
 * filing goes up with form_version 2, and the villager's draft resumes on
 * version 1. An older version and a catalogue the loader refuses are
 * refused; a later good one is taken. A version that needs a level of the
 * form language above the program's is not served to it, and refused
 * before any download when a county serves it all the same (the technician
 * reads why). A SIGKILL between download and publish leaves the catalogue
 * in use at the next start. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "boot/boot.h"
#include "check.h"
#include "plat_clock.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "fixtures.h"
#include "flow.h"
#include "plat_input.h"
#include "plat_paths.h"
#include "simproc.h"
#include "sync/catalog.h"
#include "ui/core/session.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/screens/tech/tech_int.h"
#include "ui/widgets/widget_list.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
static simproc *sim;
static flow F;

/* Time passes as the event loop would let it: the engine's news (a new
 * catalogue published) reaches the loop as a wake (plat_input_wake), handled
 * as ui_app_run handles it (the screen looks at once), then 6 s of ticks. */
static int home_looks(void)
{
    plat_event ev;
    while (plat_input_wait(F.u.disp, &ev, 0))
        ui_app_handle(F.u.app, &ev);
    return flow_run(&F, "wait 6000\n");
}

static boot_ctx B;
static char token[256];

/* A new item from version 2 on: its form and a tile for it (no code). */
static const char HOUSE_FORM[] =
    "{\"id\": \"house_number\", \"version\": 1, \"title\": \"门牌号码申请\",\n"
    " \"description\": \"新建房屋申请门牌号码。\", \"icon\": \"house\",\n"
    " \"fields\": [\n"
    "  {\"key\": \"name\", \"type\": \"name\", \"label\": \"申请人姓名\"},\n"
    "  {\"key\": \"idno\", \"type\": \"idno\", \"label\": \"公民身份号码\"},\n"
    "  {\"key\": \"phone\", \"type\": \"mobile\", \"label\": \"联系电话\"},\n"
    "  {\"key\": \"house_address\", \"type\": \"address\", \"label\": \"房屋地址\"}],\n"
    " \"pages\": [{\"title\": \"申请人\", \"fields\": [\"name\", \"idno\", \"phone\"]},\n"
    "            {\"title\": \"房屋\", \"fields\": [\"house_address\"]}],\n"
    " \"idcard\": {\"name\": \"name\", \"id_number\": \"idno\"}}\n";
static const char HOUSE_TILE[] =
    "{\"id\": \"house\", \"label\": \"门牌号码\", \"subtitle\": \"新建房屋申请门牌\", "
    "\"glyph\": \"门\", \"colour\": \"#00796B\", \"items\": [\"house_number\"]}";

/* A copy of the built-in catalogue in tmp/<name>, with elderly_allowance at
 * version (its title then 高龄老人津贴申请 and a new item, 门牌号码申请 on a
 * tile of its own, from version 2 on), and extra (a file name and its text)
 * when given. */
static const char *make_catalogue(const char *name, int version, const char *extra,
                                  const char *extra_text)
{
    static char dirs[8][600];
    static int next_dir;
    char *dir = dirs[next_dir++ % 8];
    snprintf(dir, 600, "%s", fx_fresh_dir(name));
    char src[1200], dst[1200];
    DIR *dp = opendir(check_asset("forms"));
    if (!dp)
        return NULL;
    struct dirent *e;
    int bad = 0;
    while (!bad && (e = readdir(dp)) != NULL) { /* every file of the built-in catalogue folder */
        size_t nl = strlen(e->d_name);
        if (e->d_name[0] == '.' || nl < 6 || strcmp(e->d_name + nl - 5, ".json"))
            continue;
        snprintf(src, sizeof src, "forms/%s", e->d_name);
        size_t len = 0;
        char *text = fx_slurp(check_asset(src), &len);
        if (text && !strcmp(e->d_name, "elderly_allowance.json") && version > 1) {
            cJSON *o = cJSON_Parse(text);
            free(text);
            cJSON_SetNumberHelper(cJSON_GetObjectItem(o, "version"), version);
            cJSON_SetValuestring(cJSON_GetObjectItem(o, "title"), "高龄老人津贴申请");
            text = o ? cJSON_Print(o) : NULL;
            cJSON_Delete(o);
            len = text ? strlen(text) : 0;
        }
        if (text && !strcmp(e->d_name, FORM_HOME_FILE) && version > 1) { /* one tile more */
            cJSON *o = cJSON_Parse(text);
            free(text);
            cJSON_AddItemToArray(cJSON_GetObjectItem(o, "tiles"), cJSON_Parse(HOUSE_TILE));
            text = o ? cJSON_Print(o) : NULL;
            cJSON_Delete(o);
            len = text ? strlen(text) : 0;
        }
        snprintf(dst, sizeof dst, "%s/%s", dir, e->d_name);
        bad = !text || fx_write(dst, text, len) != 0;
        free(text);
    }
    closedir(dp);
    if (version > 1) {
        snprintf(dst, sizeof dst, "%s/house_number.json", dir);
        bad |= fx_write(dst, HOUSE_FORM, strlen(HOUSE_FORM)) != 0;
    }
    if (extra) {
        snprintf(dst, sizeof dst, "%s/%s", dir, extra);
        bad |= fx_write(dst, extra_text, strlen(extra_text)) != 0;
    }
    return bad ? NULL : dir;
}

/* The engine's clock (CLOCK_REALTIME, in ms) when county-sim last took a
 * change (serve). */
static int64_t served_ms;

/* Now on the engine's clock (the platform's wall clock, pinned here and
 * moved by uitest_engine_sleep), which its check times are on. */
static int64_t wall_ms(void) { return plat_clock_wall_ms(); }

/* county-sim publishes dir as version (beside those before), needing the
 * level of the form language this loader reads, as a county that checked
 * the folder with cunzhan-admin check-catalogue does (the catalogues made
 * here have 低保's household check, level 2, and 计划生育's same_as, level 3); or (dir NULL) only sets the
 * fault. */
static void serve(const char *dir, int version, const char *fault)
{
    char body[1200];
    if (dir)
        snprintf(body, sizeof body, "{\"dir\":\"%s\",\"version\":%d,\"needs\":%d,\"fault\":\"%s\"}",
                 dir, version, FORM_LEVEL, fault);
    else
        snprintf(body, sizeof body, "{\"fault\":\"%s\"}", fault);
    CHECK_EQ_INT(simproc_http(sim, "POST", "/admin/catalogue", body, NULL, NULL), 200);
    served_ms = wall_ms();
    plat_clock_advance(1); /* a check from now on is later, as in real time */
}

/* A number of county-sim's catalogue figures (GET /admin/catalogue). */
static long sim_catalogue_stat(const char *name)
{
    char *reply = NULL;
    CHECK_EQ_INT(simproc_http(sim, "GET", "/admin/catalogue", NULL, NULL, &reply), 200);
    cJSON *o = cJSON_Parse(reply);
    long n = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(o, name));
    cJSON_Delete(o);
    free(reply);
    return n;
}

static sync_status engine(void)
{
    sync_status st;
    sync_status_get(B.sync, &st);
    return st;
}

/* Waits (real time) until the engine has asked for the catalogue n more
 * times; the engine's status after. A check is a TLS round and a signature
 * or two, every second here; under qemu, beside another test, two of them
 * once took more than 20 s, so each may take a minute. */
static sync_status wait_checks(int n)
{
    sync_status st = engine();
    for (int k = 0; k < n; k++) {
        int64_t was = st.cat_checked_ms;
        double end = fx_now_s() + 60;
        while ((st = engine()).cat_checked_ms == was && fx_now_s() < end)
            uitest_engine_sleep(B.sync, 20);
        CHECK(st.cat_checked_ms != was);
    }
    return st;
}

/* Waits (real time) for the engine's first catalogue check that began after
 * county-sim took the last change: its answer is about that change, not a
 * check already on the way. The engine's status after. */
static sync_status wait_fresh_check(void)
{
    sync_status st;
    double end = fx_now_s() + 60;
    while ((st = engine()).cat_checked_ms <= served_ms && fx_now_s() < end)
        uitest_engine_sleep(B.sync, 20);
    CHECK(st.cat_checked_ms > served_ms);
    return st;
}

/* Waits (real time) until the engine has published version: 0, or -1 with
 * what it last said printed. A minute, as each check may take (wait_checks). */
static int wait_published(int version)
{
    double end = fx_now_s() + 60;
    sync_status st;
    while ((st = engine()).cat_version != version && fx_now_s() < end)
        uitest_engine_sleep(B.sync, 20);
    if (st.cat_version == version)
        return 0;
    printf("  version %d not published: the engine has %d, its last check (code %d): %s\n", version,
           st.cat_version, st.cat_code, st.cat_error[0] ? st.cat_error : "no error");
    return -1;
}

/* The version `current` names in the data folder (0: none). */
static int current_on_disk(void)
{
    char path[800];
    snprintf(path, sizeof path, "%s/catalogue/current", plat_paths_data());
    FILE *f = fopen(path, "r");
    int v = 0;
    if (f) {
        if (fscanf(f, "%d", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

static int staging_exists(void)
{
    char path[800];
    struct stat sb;
    snprintf(path, sizeof path, "%s/catalogue/staging", plat_paths_data());
    return stat(path, &sb) == 0;
}

static const form_def *elderly_in_use(void)
{
    return form_catalog_find(ui_app_services(F.u.app)->forms, "elderly_allowance");
}

/* Boots the program's services over the flow's app (its own store and
 * catalogue closed: boot opens the real ones). */
static void boot_up(void)
{
    char err[512];
    OK(boot_open(&B, F.u.cfg, 0, err, sizeof err));
    REQUIRE(B.store != NULL && B.sync != NULL);
    B.services.print = F.sv.print;
    B.services.print_ud = F.sv.print_ud;
    B.services.paper_mm = 58;
    ui_app_set_services(F.u.app, &B.services);
    F.st = B.store;
    OK(boot_save_token(&B, token, err, sizeof err));
}

static void boot_down(void)
{
    ui_app_end_session(F.u.app);
    ui_app_set_services(F.u.app, &(ui_services){0});
    F.st = NULL;
    boot_close(&B);
}

/* Technician mode's info page, reached as a technician does (the two-corner
 * hold, the PIN): 0 once it is on top. */
static int tech_info_open(void)
{
    if (flow_run(&F, "down 30 30\nwait 2100\nup 30 30\ndown 1050 30\nwait 2100\nup 1050 30\n") ||
        strcmp(flow_top_name(&F), "tech.pin"))
        return -1;
    char s[256] = "";
    for (const char *p = "482915"; *p; p++) {
        char line[32];
        snprintf(line, sizeof line, "tap @tech.pad.k.%c\n", *p);
        strcat(s, line);
    }
    strcat(s, "tap @tech.pin.ok\n");
    if (flow_run(&F, s))
        return -1;
    for (int i = 0; i < 6000 && strcmp(flow_top_name(&F), "tech.menu"); i++) { /* the PIN check's thread */
        fx_sleep_ms(10);
        flow_run(&F, "wait 1\n");
    }
    return flow_run(&F, "tap @tech.m.info\nexpect-screen tech.info\n");
}

static tech_page *tech_page_on_top(void) { return ui_app_top(F.u.app)->priv; }

/* 1 if a row of the technician's page on top holds want. */
static int tech_rows_say(const char *want)
{
    tech_page *pg = tech_page_on_top();
    int found = 0;
    for (int i = 0; i < ui_list_count(pg->list) && !found; i++)
        found = strstr(ui_list_text(pg->list, i), want) != NULL;
    return found;
}

/* The second line of the first row holding text ("" if none). */
static const char *tech_row_sub(const char *text)
{
    tech_page *pg = tech_page_on_top();
    for (int i = 0; i < ui_list_count(pg->list); i++)
        if (strstr(ui_list_text(pg->list, i), text))
            return ui_list_sub(pg->list, i) ? ui_list_sub(pg->list, i) : "";
    return "";
}

static void tech_info_leave(void) { flow_run(&F, "tap @tech.back\ntap @tech.exit\nexpect-screen home\n"); }

/* 1 if a row of the info page holds want. */
static int info_page_says(const char *want)
{
    if (tech_info_open())
        return 0;
    int found = tech_rows_say(want);
    tech_info_leave();
    return found;
}

/* The info page's 检查目录更新 tapped; its answer on the status line once the
 * page's job (the engine's check, on a thread) has ended ("" if it did not
 * within a minute). */
static const char *tech_check_catalogue(void)
{
    if (flow_run(&F, "tap @tech.act.0\n"))
        return "";
    tech_page *pg = tech_page_on_top();
    double end = fx_now_s() + 60;
    flow_run(&F, "wait 1\n"); /* the action's tick hands the check to its thread */
    while ((pg->busy >= 0 || pg->job) && fx_now_s() < end) {
        fx_sleep_ms(10);
        flow_run(&F, "wait 1\n");
    }
    return pg->busy >= 0 || pg->job ? "" : pg->status;
}

static size_t page(void) { return form_inst_page(ui_form_inst(flow_form(&F))); }

static int next(size_t want)
{
    if (flow_tap(&F, "form.next"))
        return -1;
    if (page() != want && !form_inst_at_review(ui_form_inst(flow_form(&F)))) {
        const char *m = ui_form_message(flow_top(&F));
        printf("  still on page %zu: %s\n", page(), m ? m : "(no message)");
        return -1;
    }
    return 0;
}

static const char *title_on_top(void)
{
    ui_screen *s = flow_form(&F);
    return s ? form_def_title(form_inst_def(ui_form_inst(s))) : "";
}

static void test_updates(void)
{
    char err[512], hex[65];
    const char *data = check_tmpdir("data");
    char path[800];
    snprintf(path, sizeof path, "%s/catalogue", data);
    REQUIRE(fx_remove_tree(path) == 0);
    snprintf(path, sizeof path, "%s/cunzhan.db", data);
    fx_db_remove(path);
    const char *v2 = make_catalogue("cat2", 2, NULL, NULL);
    REQUIRE(v2 != NULL);

    REQUIRE(flow_open(&F, 1080, 1920, "unused.db", 1) == 0);
    store_close(F.st); /* boot opens the program's own */
    form_catalog_free(F.cat);
    F.st = NULL;
    F.cat = NULL;
    sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
    core_config *cfg = F.u.cfg;
    REQUIRE(core_config_set(cfg, "platform.url", simproc_url(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(cfg, "platform.ca_file", simproc_ca(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(cfg, "sync.interval_s", "1", err, sizeof err) == 0);
    REQUIRE(core_config_set(cfg, "catalogue.interval_s", "1", err, sizeof err) == 0);
    REQUIRE(core_config_set(cfg, "catalogue.county_pk", hex, err, sizeof err) == 0);
    char pin_hash[AUTH_HASH_MAX];
    REQUIRE(auth_pin_hash("482915", pin_hash) == AUTH_OK);
    REQUIRE(core_config_set(cfg, "tech.pin_hash", pin_hash, err, sizeof err) == 0);
    serve(v2, 2, "bad_signature");
    boot_up();
    boot_attach(&B, F.u.app, cfg, "test"); /* technician mode as the programs have it */
    CHECK_EQ_INT(B.services.catalogue_version, 0); /* built in */
    CHECK(B.services.catalogue_keyed);
    CHECK(info_page_says("内置"));

    CHECK(form_catalog_find(B.services.forms, "house_number") == NULL);
    /* a villager starts 高龄津贴 on the built-in catalogue (version 1) */
    OK(flow_run(&F, "tap @tile.elderly\n"));
    OK(flow_manual(&F));
    REQUIRE(ui_form_is(flow_top(&F)));
    CHECK_EQ_STR(title_on_top(), "高龄津贴申请");
    OK(flow_hanzi(&F, "name", "李秀英", "li xiu ying"));
    OK(flow_type(&F, "idno", "110105194003150022"));
    char draft[40];
    snprintf(draft, sizeof draft, "%s", ui_form_uuid(flow_form(&F)));

    /* bad signature, unsigned, malformed, a file not matching its hash, a
     * connection dropped in the middle of a file: refused, nothing changes */
    static const char *const faults[] = {"bad_signature", "unsigned", "malformed", "bad_hash",
                                         "drop_mid"};
    /* the technician's page says why whole (then the detail) */
    static const int why[] = {SYNC_CAT_ERR_SIGNATURE, SYNC_CAT_ERR_SIGNATURE,
                              SYNC_CAT_ERR_MALFORMED, SYNC_CAT_ERR_HASH, SYNC_CAT_ERR_NET};
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        serve(NULL, 0, faults[i]);
        sync_status st = wait_fresh_check();
        if (!st.cat_error[0])
            printf("  fault %s: no error\n", faults[i]);
        CHECK(st.cat_error[0] != '\0');
        printf("  fault %s: %s\n", faults[i], st.cat_error);
        CHECK(strncmp(st.cat_error, sync_cat_strerror(why[i]), strlen(sync_cat_strerror(why[i]))) == 0);
        CHECK(utf8_valid(st.cat_error));
        CHECK_EQ_INT(st.cat_version, 0);
        CHECK_EQ_INT(current_on_disk(), 0);
        CHECK(!staging_exists());
        OK(home_looks());
        CHECK_EQ_INT(ui_app_services(F.u.app)->catalogue_version, 0);
        CHECK_EQ_STR(title_on_top(), "高龄津贴申请");
    }
    CHECK(strstr(engine().cat_error, "does not match") == NULL); /* the last was a dropped link */

    /* the good one: published on disk, but not under the villager */
    serve(NULL, 0, "");
    OK(wait_published(2));
    CHECK_EQ_INT(current_on_disk(), 2);
    OK(home_looks());
    CHECK(ui_form_is(flow_top(&F)));
    CHECK_EQ_INT(ui_app_services(F.u.app)->catalogue_version, 0);
    CHECK_EQ_STR(title_on_top(), "高龄津贴申请");

    /* the session ends (nobody answers): home takes version 2 */
    ui_app_end_session(F.u.app);
    CHECK_EQ_STR(flow_top_name(&F), "home");
    OK(home_looks());
    CHECK_EQ_INT(ui_app_services(F.u.app)->catalogue_version, 2);
    REQUIRE(elderly_in_use() != NULL);
    CHECK_EQ_INT(form_def_version(elderly_in_use()), 2);
    CHECK(info_page_says("县平台下发 第2版"));
    /* the new item is on the home screen: its tile opens its form */
    OK(flow_tap(&F, "tile.house"));
    OK(flow_manual(&F));
    REQUIRE(ui_form_is(flow_top(&F)));
    CHECK_EQ_STR(title_on_top(), "门牌号码申请");
    ui_app_end_session(F.u.app);

    /* the draft resumes on the definition it was started on */
    ui_form_open_draft(NULL, F.u.app, draft, "elderly_allowance");
    REQUIRE(ui_form_is(flow_top(&F)));
    CHECK_EQ_INT(form_def_version(form_inst_def(ui_form_inst(flow_form(&F)))), 1);
    CHECK_EQ_STR(title_on_top(), "高龄津贴申请");
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&F)), "name"), "李秀英");
    ui_app_end_session(F.u.app);

    /* a new filing from the home tile is on version 2 and reaches the county so */
    OK(flow_run(&F, "tap @tile.elderly\n"));
    OK(flow_manual(&F));
    CHECK_EQ_STR(title_on_top(), "高龄老人津贴申请");
    char idno[19];
    fx_id_number("110105", 1941, 120, idno); /* another villager: no draft of hers */
    OK(flow_hanzi(&F, "name", "王桂芳", "wang gui fang"));
    OK(flow_type(&F, "idno", idno));
    OK(flow_hanzi(&F, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(next(1));
    OK(flow_type(&F, "phone", "13812345678"));
    OK(next(2));
    OK(flow_type(&F, "bank_account", "6222020200112233446"));
    OK(flow_hanzi(&F, "bank_name", "信用社", "xin yong she"));
    OK(next(3));
    OK(flow_agree(&F, "pledge"));
    OK(flow_sign(&F, "signature"));
    OK(next(4));
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(&F))));
    OK(flow_submit(&F));
    OK(flow_run(&F, "tap @receipt.home\nexpect-screen home\n"));
    ui_app_filing_confirmed(F.u.app);
    int version = 0;
    for (double end = fx_now_s() + 60; fx_now_s() < end && !version; fx_sleep_ms(100)) {
        sqlite3 *db;
        if (sqlite3_open(simproc_db(sim), &db) == SQLITE_OK) {
            sqlite3_busy_timeout(db, 2000);
            sqlite3_stmt *q;
            if (sqlite3_prepare_v2(db, "SELECT form_version FROM filings WHERE form_id='elderly_allowance'",
                                   -1, &q, NULL) == SQLITE_OK &&
                sqlite3_step(q) == SQLITE_ROW)
                version = sqlite3_column_int(q, 0);
            sqlite3_finalize(q);
        }
        sqlite3_close(db);
    }
    CHECK_EQ_INT(version, 2);

    /* a third villager starts 高龄津贴 on version 2 and leaves it as a draft */
    OK(flow_run(&F, "tap @tile.elderly\n"));
    OK(flow_manual(&F));
    CHECK_EQ_STR(title_on_top(), "高龄老人津贴申请");
    char idno3[19], draft2[40];
    fx_id_number("110105", 1941, 240, idno3);
    OK(flow_hanzi(&F, "name", "赵秀兰", "zhao xiu lan"));
    OK(flow_type(&F, "idno", idno3));
    snprintf(draft2, sizeof draft2, "%s", ui_form_uuid(flow_form(&F)));
    ui_app_end_session(F.u.app);

    /* an older version (signed, correct): refused */
    serve(NULL, 0, "older");
    sync_status st = wait_fresh_check();
    CHECK(strstr(st.cat_error, "not newer") != NULL);
    CHECK_EQ_INT(current_on_disk(), 2);

    /* version 3 with a definition the form loader refuses: refused whole */
    const char *v3 = make_catalogue("cat3", 3, "broken.json", "{\"id\": \"broken\", \"version\": 1}");
    REQUIRE(v3 != NULL);
    serve(v3, 3, "");
    st = wait_fresh_check();
    CHECK(strstr(st.cat_error, "form loader") != NULL);
    CHECK_EQ_INT(current_on_disk(), 2);
    OK(home_looks());
    CHECK_EQ_INT(ui_app_services(F.u.app)->catalogue_version, 2);

    /* a later good one is taken */
    const char *v4 = make_catalogue("cat4", 4, NULL, NULL);
    REQUIRE(v4 != NULL);
    serve(v4, 4, "");
    OK(wait_published(4));
    OK(home_looks());
    CHECK_EQ_INT(ui_app_services(F.u.app)->catalogue_version, 4);
    CHECK_EQ_INT(form_def_version(elderly_in_use()), 4);
    /* version 2 stays on disk while a draft needs it; the draft resumes on it */
    char vdir[900];
    struct stat sb;
    snprintf(vdir, sizeof vdir, "%s/catalogue/2", plat_paths_data());
    CHECK_EQ_INT(stat(vdir, &sb), 0);
    snprintf(vdir, sizeof vdir, "%s/catalogue/3", plat_paths_data());
    CHECK(stat(vdir, &sb) != 0); /* refused: never published */
    ui_form_open_draft(NULL, F.u.app, draft2, "elderly_allowance");
    REQUIRE(ui_form_is(flow_top(&F)));
    CHECK_EQ_INT(form_def_version(form_inst_def(ui_form_inst(flow_form(&F)))), 2);
    CHECK_EQ_STR(title_on_top(), "高龄老人津贴申请");
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&F)), "name"), "赵秀兰");
    ui_app_end_session(F.u.app);

    /* version 5 needs a level of the form language above this program's: the
     * county serves it to kiosks that say they read it, and this one, which
     * says it reads FORM_LEVEL, is told there is nothing newer */
    const char *v5 = make_catalogue("cat5", 5, NULL, NULL);
    REQUIRE(v5 != NULL);
    /* published as a technician does with the county's back office by hand */
    char args[900], said_cli[2048], want_row[120];
    snprintf(args, sizeof args, "publish '%s' 5 %d", v5, FORM_LEVEL + 1);
    CHECK_EQ_INT(simproc_cli(sim, args, said_cli, sizeof said_cli), 0);
    served_ms = wall_ms();
    plat_clock_advance(1);
    CHECK_EQ_INT(simproc_cli(sim, "catalogue", said_cli, sizeof said_cli), 0);
    snprintf(want_row, sizeof want_row, "version 4      needs level %d", FORM_LEVEL);
    CHECK(strstr(said_cli, want_row) != NULL);
    snprintf(want_row, sizeof want_row, "version 5      needs level %d", FORM_LEVEL + 1);
    CHECK(strstr(said_cli, want_row) != NULL);
    /* a version or a level that is not one, a folder county-sim cannot read */
    snprintf(args, sizeof args, "publish '%s' 0", v5);
    CHECK_EQ_INT(simproc_cli(sim, args, said_cli, sizeof said_cli), 2);
    snprintf(args, sizeof args, "publish '%s' 9 high", v5);
    CHECK_EQ_INT(simproc_cli(sim, args, said_cli, sizeof said_cli), 2);
    snprintf(args, sizeof args, "publish '%s/none' 9", v5);
    CHECK_EQ_INT(simproc_cli(sim, args, said_cli, sizeof said_cli), 1);
    CHECK(strstr(said_cli, "refused") != NULL);
    st = wait_fresh_check();
    CHECK_EQ_INT(st.cat_code, SYNC_CAT_UNCHANGED);
    CHECK_EQ_INT(st.cat_version, 4);
    /* a county that serves it all the same: refused before any file is
     * fetched, the reason on the technician's page, and version 4 stays */
    long gets = sim_catalogue_stat("file_gets");
    serve(NULL, 0, "ignore_reads");
    st = wait_fresh_check();
    CHECK_EQ_INT(st.cat_code, SYNC_CAT_ERR_LEVEL);
    char level_words[120];
    snprintf(level_words, sizeof level_words, "version 5 needs form language level %d, this kiosk reads level %d",
             FORM_LEVEL + 1, FORM_LEVEL);
    CHECK(strstr(st.cat_error, "newer firmware") != NULL);
    CHECK(strstr(st.cat_error, level_words) != NULL);
    CHECK_EQ_INT(sim_catalogue_stat("file_gets"), gets);
    CHECK(!staging_exists());
    CHECK_EQ_INT(current_on_disk(), 4);
    OK(tech_info_open());
    CHECK(tech_rows_say(core_str("tech.info.catalogue.failed"))); /* the reason above on its row */
    CHECK_EQ_STR(tech_row_sub(core_str("tech.info.catalogue.failed")), core_str("tech.cat.why.level"));
    char reads_row[120];
    snprintf(reads_row, sizeof reads_row, core_str("tech.info.catalogue.level"), FORM_LEVEL);
    CHECK(tech_rows_say(reads_row));
    /* the technician asks now: the page says why in words */
    char level_why[256];
    snprintf(level_why, sizeof level_why, core_str("tech.cat.refused"), core_str("tech.cat.why.level"));
    const char *said = tech_check_catalogue();
    printf("  检查目录更新: %s\n", said);
    CHECK_EQ_STR(said, level_why);
    tech_info_leave();
    /* the county serves by level again: nothing newer, and the refusal goes */
    serve(NULL, 0, "");
    st = wait_fresh_check();
    CHECK_EQ_INT(st.cat_code, SYNC_CAT_UNCHANGED);
    CHECK_EQ_STR(st.cat_error, "");
    OK(home_looks());
    CHECK_EQ_INT(ui_app_services(F.u.app)->catalogue_version, 4);

    /* unchanged from now on: one small request each time */
    long before = sim_catalogue_stat("manifests"), unchanged = sim_catalogue_stat("unchanged");
    wait_checks(2);
    CHECK_EQ_INT(sim_catalogue_stat("manifests"), before);
    CHECK(sim_catalogue_stat("unchanged") >= unchanged + 2);
    /* the draft on version 1 still resumes (the built-in catalogue has it) */
    ui_form_open_draft(NULL, F.u.app, draft, "elderly_allowance");
    REQUIRE(ui_form_is(flow_top(&F)));
    CHECK_EQ_INT(form_def_version(form_inst_def(ui_form_inst(flow_form(&F)))), 1);
    ui_app_end_session(F.u.app);
}

static int die(void *ud, const char *dir, char *err, size_t errlen)
{
    (void)ud;
    (void)dir;
    (void)err;
    (void)errlen;
    raise(SIGKILL); /* downloaded and checked, not yet published */
    return 0;
}

static void test_kill_before_publish(void)
{
    boot_down();
    const char *v6 = make_catalogue("cat6", 6, NULL, NULL);
    REQUIRE(v6 != NULL);
    serve(v6, 6, "");
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        proto_client_opts co = {simproc_url(sim), simproc_ca(sim), token, 0, 0, NULL, 0, 0};
        proto_client *c = proto_client_new(&co);
        sync_cat_opts o;
        memset(&o, 0, sizeof o);
        char root[800], e[300];
        snprintf(root, sizeof root, "%s/catalogue", plat_paths_data());
        o.root = root;
        memcpy(o.pk, pk, sizeof pk);
        o.validate = die;
        o.reads = FORM_LEVEL;
        int v = 0;
        sync_cat_update(c, &o, &v, NULL, e, sizeof e);
        _exit(3); /* not reached */
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    CHECK(staging_exists()); /* the download was left half done */
    CHECK_EQ_INT(current_on_disk(), 4);
    /* the next start uses version 4; then the engine publishes 6 */
    serve(NULL, 0, "unsigned"); /* hold 6 back until the start is checked */
    char err[256];
    /* from now on the engine asks only at its start and when a technician
     * asks: no periodic check comes between */
    REQUIRE(core_config_set(F.u.cfg, "catalogue.interval_s", "3600", err, sizeof err) == 0);
    boot_up();
    boot_attach(&B, F.u.app, F.u.cfg, "test"); /* technician mode, as at the program's start */
    CHECK_EQ_INT(B.services.catalogue_version, 4);
    CHECK_EQ_INT(form_def_version(elderly_in_use()), 4);
    CHECK(strstr(wait_fresh_check().cat_error, "signature") != NULL); /* the start's check */
    /* the technician asks for it now, on the info page: still refused, then
     * (the county mends its signature) taken */
    OK(tech_info_open());
    CHECK(tech_rows_say(core_str("tech.info.catalogue.failed"))); /* the start's refusal */
    /* in words, with what to do; not the engine's English (that is in the log) */
    CHECK_EQ_STR(tech_row_sub(core_str("tech.info.catalogue.failed")),
                 core_str("tech.cat.why.signature"));
    CHECK(strstr(core_str("tech.cat.why.signature"), "县平台目录公钥") != NULL);
    /* first the county withdraws it (publishes none: its 404): no failure,
     * the page says so in green, and the refusal's row goes */
    serve(NULL, 0, "none");
    const char *none = tech_check_catalogue();
    printf("  检查目录更新: %s\n", none);
    CHECK_EQ_STR(none, core_str("tech.cat.none"));
    CHECK_EQ_INT(tech_page_on_top()->status_ok, 1);
    CHECK(!tech_rows_say(core_str("tech.info.catalogue.failed")));
    CHECK_EQ_INT(engine().cat_version, 0);
    serve(NULL, 0, "unsigned");
    const char *refused = tech_check_catalogue();
    printf("  检查目录更新: %s\n", refused);
    char want[256];
    snprintf(want, sizeof want, core_str("tech.cat.refused"), core_str("tech.cat.why.signature"));
    CHECK_EQ_STR(refused, want);
    CHECK(tech_rows_say(core_str("tech.info.catalogue.failed"))); /* the reason on its row */
    CHECK_EQ_STR(tech_row_sub(core_str("tech.info.catalogue.failed")),
                 core_str("tech.cat.why.signature"));
    CHECK_EQ_INT(tech_page_on_top()->status_ok, 0);
    CHECK_EQ_INT(engine().cat_version, 0);
    /* the platform refuses the token: the row says to register again (it
     * kept the last refusal's words, or said 连不上县平台) */
    REQUIRE(sync_set_token(B.sync, "not-a-token") == 0);
    printf("  检查目录更新, the token refused: %s\n", tech_check_catalogue());
    CHECK(engine().needs_register);
    CHECK_EQ_STR(tech_row_sub(core_str("tech.info.catalogue.failed")),
                 core_str("tech.cat.unregistered"));
    REQUIRE(sync_set_token(B.sync, token) == 0);
    serve(NULL, 0, "");
    snprintf(want, sizeof want, core_str("tech.cat.taken"), 6);
    const char *said = tech_check_catalogue();
    printf("  检查目录更新: %s\n", said);
    CHECK_EQ_STR(said, want);
    CHECK_EQ_INT(engine().cat_version, 6);
    CHECK(!tech_rows_say(core_str("tech.info.catalogue.failed"))); /* the rows again */
    /* asked again before home took it: still waiting to be used (it said
     * 已是最新 beside 事项目录来源：内置) */
    CHECK_EQ_STR(tech_check_catalogue(), want);
    tech_info_leave();
    OK(wait_published(6));
    /* each ask is in the audit log, named as the technician's */
    store_audit_row *rows = NULL;
    size_t nrows = 0;
    REQUIRE(store_audit_list(B.store, 0, 50, &rows, &nrows) == STORE_OK);
    int asks = 0, failed = 0;
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].action && !strcmp(rows[i].action, "tech.catalogue_check")) {
            asks++;
            failed += rows[i].detail && !strcmp(rows[i].detail, "failed");
        }
    store_audit_list_free(rows, nrows);
    CHECK_EQ_INT(asks, 6);
    /* the two refusals (the level's before) and the refused token; the county
     * publishing none is no failure */
    CHECK_EQ_INT(failed, 3);
    CHECK(!staging_exists());
    OK(home_looks());
    CHECK_EQ_INT(ui_app_services(F.u.app)->catalogue_version, 6);
    /* in use now: asked again, the latest */
    OK(tech_info_open());
    CHECK_EQ_STR(tech_check_catalogue(), core_str("tech.cat.latest"));
    tech_info_leave();
    OK(home_looks());
    /* versions no draft needs are removed; the one a draft needs stays */
    char vdir[900];
    struct stat sb;
    snprintf(vdir, sizeof vdir, "%s/catalogue/4", plat_paths_data());
    CHECK(stat(vdir, &sb) != 0);
    snprintf(vdir, sizeof vdir, "%s/catalogue/2", plat_paths_data());
    CHECK_EQ_INT(stat(vdir, &sb), 0);
    boot_down();
    flow_close(&F);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    crypto_sign_keypair(pk, sk);
    char keyfile[800], hex[2 * crypto_sign_SECRETKEYBYTES + 2];
    snprintf(keyfile, sizeof keyfile, "%s/county.key", fx_fresh_dir("key"));
    sodium_bin2hex(hex, sizeof hex, sk, sizeof sk);
    strcat(hex, "\n");
    const char *v1 = make_catalogue("cat1", 1, NULL, NULL);
    char level[16];
    snprintf(level, sizeof level, "%d", FORM_LEVEL);
    const char *args[] = {"--catalogue", v1, "--catalogue-key", keyfile, "--catalogue-needs", level, NULL};
    char err[256];
    if (!v1 || fx_write(keyfile, hex, strlen(hex)) != 0 ||
        !(sim = simproc_start(fx_fresh_dir("sim"), 1, args)) ||
        simproc_register(sim, token, sizeof token) != 0 ||
        kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("set-up failed (county-sim, registration or the input engines)\n");
        return 1;
    }
    RUN(test_updates);
    RUN(test_kill_before_publish);
    kb_ime_uninstall();
    simproc_stop(sim);
    return check_summary();
}
