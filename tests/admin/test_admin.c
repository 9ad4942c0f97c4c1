/* test_admin.c — cunzhan-admin, the program, as an installer's script runs it
 * (standard input, exit codes, files left in the data folder), a county's
 * catalogue checked with the kiosk's loader before it is published, and the kiosk
 * it provisions: the technician PIN it sets opens technician mode through the
 * real screens, which keep answering taps while the PIN is being checked. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "admin/admin.h"
#include "auth/auth.h"
#include "check.h"
#include "core/config.h"
#include "core/logfile.h"
#include "fixtures.h"
#include "launch.h"
#include "simproc.h"
#include "store/store.h"
#include "ui/screens/tech/tech.h"
#include "ui/screens/tech/tech_link.h"
#include "uitest.h"
#include "ui/core/services.h"

#define PIN "482915"

static char data[1024], outp[1100], errp[1100];
static char *out_text, *err_text;

/* Runs cunzhan-admin with the data folder, no conffile, input on stdin and
 * args; keeps what it wrote in out_text and err_text. Returns the exit code. */
static int admin_as(const char *prefix, const char *input, const char *args);
static int admin(const char *input, const char *args)
{
    return admin_as("", input, args);
}

/* The same, the command line after prefix (unshare -r: root in a user
 * namespace of its own). */
static int admin_as(const char *prefix, const char *input, const char *args)
{
    char in[1100], cmd[8192];
    snprintf(in, sizeof in, "%s/stdin", check_tmpdir(NULL));
    if (fx_write(in, input, strlen(input)) != 0)
        return -1;
    snprintf(cmd, sizeof cmd, "%s%s'%s' --data '%s' --config '%s/none.conf' %s <'%s' >'%s' 2>'%s'",
             prefix, CZ_LAUNCH_SH, CZ_ADMIN_EXE, data, data, args, in, outp, errp);
    int st = system(cmd);
    free(out_text);
    free(err_text);
    out_text = fx_slurp(outp, NULL);
    err_text = fx_slurp(errp, NULL);
    if (!out_text || !err_text) {
        CHECK(!"cunzhan-admin's output unreadable");
        return -1;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* args for admin() from a format with one string. */
static const char *args_of(const char *fmt, const char *s)
{
    static char buf[2400];
    snprintf(buf, sizeof buf, fmt, s);
    return buf;
}

static int mode_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

static void test_hash_pin(void)
{
    CHECK_EQ_INT(admin(PIN "\n", "hash-pin"), 0);
    char hash[AUTH_HASH_MAX];
    snprintf(hash, sizeof hash, "%s", out_text);
    hash[strcspn(hash, "\n")] = '\0';
    CHECK_EQ_INT(auth_pin_verify(hash, PIN), AUTH_OK);
    CHECK_EQ_INT(auth_pin_verify(hash, "482916"), AUTH_ERR_WRONG);
    CHECK(!strstr(err_text, PIN));
    /* too simple, too short, too long, nothing: refused, nothing printed */
    const char *bad[] = {"123456\n", "4829\n", "4829151\n", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_EQ_INT(admin(bad[i], "hash-pin"), 1);
        CHECK_EQ_STR(out_text, "");
        CHECK(strlen(err_text) > 0);
    }
    CHECK_EQ_INT(admin("", "no-such-command"), 2);
}

static void test_set_pin(void)
{
    char pin_file[1100];
    snprintf(pin_file, sizeof pin_file, "%s/%s", data, AUTH_TECH_PIN_FILE);
    CHECK_EQ_INT(admin(PIN "\n482916\n", "set-pin"), 1); /* the two differ */
    CHECK(strstr(err_text, "differ") != NULL);
    CHECK(access(pin_file, F_OK) != 0);
    CHECK_EQ_INT(admin(PIN "\n" PIN "\n", "set-pin"), 0);
    CHECK_EQ_INT(mode_of(pin_file), 0600);
    char hash[AUTH_HASH_MAX];
    CHECK_EQ_INT(auth_pin_file_load(pin_file, hash), 0);
    CHECK_EQ_INT(auth_pin_verify(hash, PIN), AUTH_OK);
    CHECK(!fx_file_contains(pin_file, PIN));
}

static const char *top(uitest_app *u) { return ui_app_top(u->app)->ops->name; }

static int find(uitest_app *u, const char *id)
{
    int x, y;
    return ui_app_find_target(u->app, id, &x, &y) == 0;
}

/* Lets the PIN check on its thread end (virtual time stands still meanwhile). */
static void settle(uitest_app *u)
{
    for (double t = fx_now_s(); fx_now_s() - t < 60 && find(u, "tech.pin.busy");) {
        fx_sleep_ms(5);
        CHECK_EQ_INT(uitest_run(u, "wait 5\n"), 0);
    }
    CHECK(!find(u, "tech.pin.busy"));
}

/* The PIN set above opens technician mode on the panel (no tech.pin_hash in
 * the configuration); a digit tapped while a check may still run is taken. */
static void test_panel_signin(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    char db[1024], err[256];
    snprintf(db, sizeof db, "%s", fx_fresh_db("kiosk"));
    store *st = NULL;
    REQUIRE(store_open(db, &st) == STORE_OK);
    ui_services svc;
    memset(&svc, 0, sizeof svc);
    svc.store = st;
    ui_app_set_services(u.app, &svc);
    REQUIRE(core_logfile_open(data, 1 << 20, 0, err, sizeof err) == 0);
    char settings[1100];
    snprintf(settings, sizeof settings, "%s/settings.conf", data);
    tech_link link;
    tech_link_init(&link, u.cfg, ui_app_services(u.app), settings, data, db, "0.1.0-test");
    ui_tech_install(u.app, &link.services);
    CHECK_EQ_STR(core_config_get(u.cfg, "tech.pin_hash"), "");
    CHECK_EQ_INT(uitest_run(&u, "down 30 30\nwait 2100\nup 30 30\nwait 100\ndown 1050 30\n"
                                "wait 2100\nup 1050 30\nexpect-screen tech.pin\n"), 0);
    /* a wrong PIN; while it is checked, the screen takes the next digit */
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.pad.k.1\ntap @tech.pad.k.1\ntap @tech.pad.k.1\n"
                                "tap @tech.pad.k.1\ntap @tech.pad.k.1\ntap @tech.pad.k.2\n"
                                "tap @tech.pin.ok\n"), 0);
    /* (whether the check still runs by now depends on the machine's load: the
     * busy state itself is checked with a deliberately slow hash in tech_setup) */
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.pad.k.4\n"), 0);
    CHECK_EQ_STR(top(&u), "tech.pin");
    settle(&u);
    CHECK_EQ_STR(top(&u), "tech.pin");
    /* the 4 typed during the check plus five more: the right PIN */
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.pad.k.8\ntap @tech.pad.k.2\ntap @tech.pad.k.9\n"
                                "tap @tech.pad.k.1\ntap @tech.pad.k.5\ntap @tech.pin.ok\n"), 0);
    settle(&u);
    CHECK_EQ_STR(top(&u), "tech.menu");
    store_audit_row *rows;
    size_t n;
    int signin = 0, wrong = 0;
    REQUIRE(store_audit_list(st, 0, 20, &rows, &n) == STORE_OK);
    for (size_t i = 0; i < n; i++) {
        signin += !strcmp(rows[i].action, "tech.signin");
        wrong += !strcmp(rows[i].action, "tech.pin_wrong");
    }
    store_audit_list_free(rows, n);
    CHECK_EQ_INT(signin, 1);
    CHECK_EQ_INT(wrong, 1);
    /* the back button closes a PIN screen with a check still running */
    CHECK_EQ_INT(uitest_run(&u, "tap @tech.exit\nexpect-screen home\ndown 30 30\nwait 2100\n"
                                "up 30 30\nwait 100\ndown 1050 30\nwait 2100\nup 1050 30\n"
                                "tap @tech.pad.k.1\ntap @tech.pad.k.1\ntap @tech.pad.k.1\n"
                                "tap @tech.pad.k.1\ntap @tech.pad.k.1\ntap @tech.pad.k.2\n"
                                "tap @tech.pin.ok\ntap @tech.back\nexpect-screen home\n"), 0);
    /* the thread ends on its own and frees the check; that try still counts
     * for the lockout (leaving the screen is no way round it). The hash takes
     * its time: far longer under qemu on a loaded machine, so wait for it */
    char lock[1100];
    snprintf(lock, sizeof lock, "%s/tech-lock", data);
    char *l = NULL;
    for (double t = fx_now_s(); fx_now_s() - t < 60; fx_sleep_ms(100)) {
        free(l);
        l = fx_slurp(lock, NULL);
        if (l && !strncmp(l, "1 ", 2))
            break;
    }
    CHECK(l && !strncmp(l, "1 ", 2));
    free(l);
    core_logfile_close();
    uitest_close(&u);
    store_close(st);
}

static void test_config(void)
{
    char bad[1100], good[1100], settings[1100];
    snprintf(bad, sizeof bad, "%s/bad.conf", data);
    snprintf(good, sizeof good, "%s/good.conf", data);
    snprintf(settings, sizeof settings, "%s/settings.conf", data);
    const char *b = "station.name = 测试村\n# a comment\nstation.area_code = 3607\n";
    REQUIRE(fx_write(bad, b, strlen(b)) == 0);
    /* the kiosk's device lines are the kiosk program's: passed over */
    const char *g = "station.name = 测试村\nprinter.device = /dev/ttyS1\naudio.volume = 40\n";
    REQUIRE(fx_write(good, g, strlen(g)) == 0);
    char args[2400];
    snprintf(args, sizeof args, "check-config '%s' '%s'", good, bad);
    CHECK_EQ_INT(admin("", args), 1);
    char where[1200];
    snprintf(where, sizeof where, "%s:3:", bad);
    CHECK(strstr(err_text, where) != NULL);
    CHECK(strstr(err_text, "station.area_code") != NULL);
    CHECK(strstr(out_text, "good.conf: ok") != NULL);
    /* settings saved to the data folder's file, validated first */
    CHECK_EQ_INT(admin("", "set station.area_code=12"), 1);
    CHECK(strstr(err_text, "station.area_code") != NULL);
    CHECK(access(settings, F_OK) != 0);
    CHECK_EQ_INT(admin("", "set station.area_code=360722101201 station.name=测试村便民服务站"), 0);
    CHECK_EQ_INT(mode_of(settings), 0600);
    CHECK_EQ_INT(admin("", "set no.such.key=1"), 1);
    /* an empty station name: refused (not a usage error), the one saved kept */
    CHECK_EQ_INT(admin("", "set station.name="), 1);
    CHECK(strstr(err_text, "station name is empty") != NULL);
    CHECK_EQ_INT(admin("", "set 'station.name=\xe3\x80\x80 '"), 1); /* full-width space: blank too */
    /* what the panel's settings editor refuses, refused alike: a bundle key
     * that is not 64 hex digits, a CA file that is not there or holds no
     * certificate */
    CHECK_EQ_INT(admin("", "set bundle.county_pk=xyz"), 1);
    CHECK(strstr(err_text, "bundle.county_pk") != NULL);
    CHECK_EQ_INT(admin("", "set platform.ca_file=/nonexistent.pem"), 1);
    CHECK(strstr(err_text, "platform.ca_file") != NULL);
    CHECK_EQ_INT(admin("", args_of("set platform.ca_file='%s'", bad)), 1); /* no certificate in it */
    CHECK(!fx_file_contains(settings, "bundle.county_pk"));
    CHECK(!fx_file_contains(settings, "platform.ca_file"));
    CHECK_EQ_INT(admin("", "set bundle.county_pk="
                           "a20169f97ff4758826e8a567d4f8589035839dc6de1dbba6cf858470b3749e40"),
                 0);
    /* and check-config, on the line that sets it */
    char given[1100];
    snprintf(given, sizeof given, "%s/given.conf", data);
    const char *gv = "station.name = 测试村\nbundle.county_pk = xyz\n";
    REQUIRE(fx_write(given, gv, strlen(gv)) == 0);
    CHECK_EQ_INT(admin("", args_of("check-config '%s'", given)), 1);
    snprintf(where, sizeof where, "%s:2: bundle.county_pk", given);
    CHECK(strstr(err_text, where) != NULL);
    gv = "platform.ca_file = /nonexistent.pem\n";
    REQUIRE(fx_write(given, gv, strlen(gv)) == 0);
    CHECK_EQ_INT(admin("", args_of("check-config '%s'", given)), 1);
    snprintf(where, sizeof where, "%s:1: platform.ca_file", given);
    CHECK(strstr(err_text, where) != NULL);
    core_config *c = core_config_new();
    char err[512];
    CHECK_EQ_INT(core_config_load_file(c, settings, err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(c, "station.area_code"), "360722101201");
    CHECK_EQ_STR(core_config_get(c, "station.name"), "测试村便民服务站");
    core_config_free(c);
    snprintf(args, sizeof args, "check-config '%s'", settings);
    CHECK_EQ_INT(admin("", args), 0);
}

static void test_device_and_register(void)
{
    CHECK_EQ_INT(admin("", "device-id"), 0);
    char id[64];
    snprintf(id, sizeof id, "%s", out_text);
    id[strcspn(id, "\n")] = '\0';
    CHECK_EQ_INT((int)strlen(id), 36);
    CHECK_EQ_INT(admin("", "device-id"), 0); /* the same id the next time */
    CHECK(!strncmp(out_text, id, 36));

    simproc *sim = simproc_start(check_tmpdir("sim"), 1, NULL);
    REQUIRE(sim != NULL);
    char token_file[1100], args[2400];
    snprintf(token_file, sizeof token_file, "%s/device.token", data);
    /* a wrong registration code, then plain http: refused, no token */
    snprintf(args, sizeof args, "--url '%s' --ca '%s' register 999999", simproc_url(sim),
             simproc_ca(sim));
    CHECK_EQ_INT(admin("", args), 1);
    CHECK(strstr(err_text, "refused the registration code") != NULL);
    CHECK_EQ_INT(admin("", "--url http://127.0.0.1:9 register 123456"), 1);
    CHECK(strstr(err_text, "https") != NULL);
    CHECK(access(token_file, F_OK) != 0);
    /* the right code: the token saved owner-only, and the platform takes it;
     * given from the data folder's parent with --data relative, the paths
     * saved still name the folder wherever the kiosk starts from */
    snprintf(args, sizeof args, "register 123456 --url '%s' --ca '%s'", simproc_url(sim),
             simproc_ca(sim));
    {
        char parent[1024], cmd[8192];
        snprintf(parent, sizeof parent, "%s", data);
        char *slash = strrchr(parent, '/');
        REQUIRE(slash != NULL && slash != parent);
        *slash = '\0';
        snprintf(cmd, sizeof cmd,
                 "cd '%s' && %s'%s' --data '%s' --config '%s/none.conf' %s </dev/null >'%s' 2>'%s'",
                 parent, CZ_LAUNCH_SH, CZ_ADMIN_EXE, slash + 1, data, args, outp, errp);
        int st = system(cmd);
        free(out_text);
        out_text = fx_slurp(outp, NULL);
        REQUIRE(out_text != NULL);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    CHECK(strstr(out_text, id) != NULL);
    CHECK_EQ_INT(mode_of(token_file), 0600);
    /* the platform it registered with is the one the kiosk talks to: saved */
    char settings[1100], err[512], ca[PATH_MAX + 32];
    snprintf(settings, sizeof settings, "%s/settings.conf", data);
    core_config *c = core_config_new();
    CHECK_EQ_INT(core_config_load_file(c, settings, err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(c, "platform.url"), simproc_url(sim));
    /* the CA file as a copy in the data folder, owner-only, the same bytes:
     * the file given may be where the service cannot read it */
    char real[PATH_MAX];
    snprintf(ca, sizeof ca, "%s/county-ca.pem", realpath(data, real) ? real : data);
    CHECK_EQ_STR(core_config_get(c, "platform.ca_file"), ca);
    CHECK_EQ_INT(mode_of(ca), 0600);
    size_t n1 = 0, n2 = 0;
    char *given = fx_slurp(simproc_ca(sim), &n1), *copy = fx_slurp(ca, &n2);
    CHECK(given && copy && n1 == n2 && !memcmp(given, copy, n1));
    free(given);
    free(copy);
    CHECK_EQ_STR(core_config_get(c, "platform.device_id"), id);
    core_config_free(c);
    /* a CA file that holds no certificate: refused before the platform is asked */
    CHECK_EQ_INT(admin("", args_of("--url https://127.0.0.1:9 --ca '%s' register 123456", settings)),
                 1);
    CHECK(strstr(err_text, "platform.ca_file") != NULL);
    char *tok = fx_slurp(token_file, NULL);
    REQUIRE(tok != NULL);
    tok[strcspn(tok, "\n")] = '\0';
    CHECK(!strstr(err_text, tok) && !strstr(out_text, tok));
    CHECK_EQ_INT((int)simproc_http(sim, "GET", "/api/v1/forms", NULL, tok, NULL), 200);
    CHECK_EQ_INT((int)simproc_http(sim, "GET", "/api/v1/forms", NULL, "not-a-token", NULL), 401);
    free(tok);
    simproc_stop(sim);
}

static int owned_by(const char *path, unsigned uid, unsigned gid)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        printf("  %s: not there\n", path);
        return 0;
    }
    if (sb.st_uid != uid || sb.st_gid != gid)
        printf("  %s: owned by %u:%u, not %u:%u\n", path, (unsigned)sb.st_uid,
               (unsigned)sb.st_gid, uid, gid);
    return sb.st_uid == uid && sb.st_gid == gid;
}

/* sudo cunzhan-admin register on a kiosk (the service runs as its own
 * user) left device.token, county-ca.pem and settings.conf root's, mode
 * 0600: unreadable to the service. Run as root, what it writes into a data
 * folder another user owns is that user's and the folder's group's. The
 * decision is checked on any machine; the files themselves where the test
 * runs as root (as CI does), else skipped, saying so. */
static void test_root_gives_files(void)
{
    struct stat dir;
    memset(&dir, 0, sizeof dir);
    dir.st_uid = 65534;
    dir.st_gid = 65533;
    uid_t uid = 1;
    gid_t gid = 1;
    CHECK_EQ_INT(admin_owner_for(0, &dir, &uid, &gid), 1); /* root: the folder's owner's */
    CHECK(uid == 65534 && gid == 65533);
    CHECK_EQ_INT(admin_owner_for(1000, &dir, &uid, &gid), 0); /* not root: the writer's */
    dir.st_uid = 0;
    CHECK_EQ_INT(admin_owner_for(0, &dir, &uid, &gid), 0); /* root's own folder: root's */
    if (geteuid() != 0) {
        printf("  skipped the files: not run as root (cunzhan-admin gives files away only as root)\n");
        return;
    }
    /* a data folder of another user (65534, as the service's user), owner-only */
    char keep[sizeof data];
    snprintf(keep, sizeof keep, "%s", data);
    snprintf(data, sizeof data, "%s", fx_fresh_dir("data-service"));
    REQUIRE(chown(data, 65534, 65534) == 0 && chmod(data, 0700) == 0);
    char pin[1100], settings[1100], token[1100], ca[1100], args[2400];
    snprintf(pin, sizeof pin, "%s/%s", data, AUTH_TECH_PIN_FILE);
    snprintf(settings, sizeof settings, "%s/settings.conf", data);
    snprintf(token, sizeof token, "%s/device.token", data);
    snprintf(ca, sizeof ca, "%s/county-ca.pem", data);
    CHECK_EQ_INT(admin(PIN "\n" PIN "\n", "set-pin"), 0);
    CHECK(owned_by(pin, 65534, 65534));
    CHECK_EQ_INT(admin("", "set audio.volume=40"), 0);
    CHECK(owned_by(settings, 65534, 65534));
    simproc *sim = simproc_start(check_tmpdir("sim-root"), 1, NULL);
    REQUIRE(sim != NULL);
    snprintf(args, sizeof args, "register 123456 --url '%s' --ca '%s'", simproc_url(sim),
             simproc_ca(sim));
    CHECK_EQ_INT(admin("", args), 0);
    if (err_text[0])
        printf("  cunzhan-admin said: %s", err_text);
    CHECK(owned_by(token, 65534, 65534));
    CHECK(owned_by(ca, 65534, 65534));
    CHECK(owned_by(settings, 65534, 65534)); /* written again, with the platform */
    CHECK_EQ_INT(mode_of(token), 0600);
    simproc_stop(sim);
    /* --file elsewhere: the folder it is written into decides */
    char other[1100];
    snprintf(other, sizeof other, "%s/other.conf", fx_fresh_dir("data-other"));
    CHECK_EQ_INT(admin("", args_of("set --file '%s' audio.volume=30", other)), 0);
    CHECK(owned_by(other, 0, 0)); /* a folder of root's own */
    /* where the file cannot be given (root of a user namespace, to whom
     * 65534 is nobody it may give to): stderr says which chown to run, in
     * Chinese and English, and the command fails */
    if (system("unshare -r true >/dev/null 2>&1") == 0) {
        snprintf(data, sizeof data, "%s", fx_fresh_dir("data-userns"));
        REQUIRE(chown(data, 65534, 65534) == 0 && chmod(data, 0777) == 0);
        /* each value saved all the same (the second of the same key last) */
        CHECK_EQ_INT(admin_as("unshare -r ", "", "set audio.volume=40 audio.volume=41"), 1);
        snprintf(settings, sizeof settings, "chown 65534:65534 '%s/settings.conf'", data);
        CHECK(strstr(err_text, "请运行：") && strstr(err_text, "run: chown"));
        CHECK(strstr(err_text, settings) != NULL);
        snprintf(settings, sizeof settings, "%s/settings.conf", data);
        CHECK(fx_file_contains(settings, "audio.volume = 41"));
        /* register there: the token's chown fails, and the platform it was
         * made with is saved all the same (the kiosk would otherwise carry
         * the new token to the old platform) */
        CHECK_EQ_INT(admin_as("unshare -r ", "", "device-id"), 1); /* made, not given */
        simproc *sim2 = simproc_start(check_tmpdir("sim-userns"), 1, NULL);
        REQUIRE(sim2 != NULL);
        char conf[1100], cmd[8192], line[1400];
        snprintf(conf, sizeof conf, "%s/userns.conf", check_tmpdir(NULL));
        snprintf(line, sizeof line, "platform.ca_file = %s\n", simproc_ca(sim2));
        REQUIRE(fx_write(conf, line, strlen(line)) == 0);
        snprintf(cmd, sizeof cmd,
                 "unshare -r %s'%s' --data '%s' --config '%s' register 123456 --url '%s' "
                 "--ca '%s' </dev/null >'%s' 2>'%s'",
                 CZ_LAUNCH_SH, CZ_ADMIN_EXE, data, conf, simproc_url(sim2), simproc_ca(sim2),
                 outp, errp);
        int st = system(cmd);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
        free(err_text);
        err_text = fx_slurp(errp, NULL);
        REQUIRE(err_text != NULL);
        snprintf(token, sizeof token, "chown 65534:65534 '%s/device.token'", data);
        if (!strstr(err_text, token))
            printf("  cunzhan-admin said: %s", err_text);
        CHECK(strstr(err_text, token) != NULL);
        /* the CA copied all the same, root's, with the chown that gives it */
        snprintf(ca, sizeof ca, "chown 65534:65534 '%s/county-ca.pem'", data);
        CHECK(strstr(err_text, ca) != NULL);
        snprintf(settings, sizeof settings, "%s/settings.conf", data);
        CHECK(fx_file_contains(settings, simproc_url(sim2)));
        snprintf(ca, sizeof ca, "%s/county-ca.pem", data);
        CHECK(fx_file_contains(settings, ca));
        simproc_stop(sim2);
    } else {
        printf("  skipped the chown that fails: no user namespaces here (unshare -r)\n");
    }
    snprintf(data, sizeof data, "%s", keep);
}

/* check-catalogue: the county's folder through the kiosk's own loader, and
 * the level of the form language to publish it with. */
static void test_catalogue(void)
{
    /* the built-in catalogue: whole, and level 5 for 危房改造's year built (no year to
     * come), 4 for 计划生育's two girls (a count's where) and the {param}s */
    char args[1400];
    snprintf(args, sizeof args, "check-catalogue '%s'", check_asset("forms"));
    CHECK_EQ_INT(admin("", args), 0);
    CHECK(strstr(out_text, ": ok, 18 form definitions, 10 tiles") != NULL);
    CHECK(strstr(out_text, "  dibao                  version 1    level 2  最低生活保障申请\n") != NULL);
    CHECK(strstr(out_text, "  pension_cert           version 1    level 6") != NULL); /* agent */
    CHECK(strstr(out_text, "  pension_enrol          version 1    level 4") != NULL); /* {min_age} */
    CHECK(strstr(out_text, "  family_planning        version 1    level 4") != NULL);
    CHECK(strstr(out_text, "  pension_cancel         version 1    level 3") != NULL);
    CHECK(strstr(out_text, "  housing                version 1    level 5") != NULL); /* this_year */
    CHECK(strstr(out_text, "  medical_enrol          version 1    level 7") != NULL); /* household_fee */
    CHECK(strstr(out_text, "needs level 7 of the form language (this program reads level 7)") != NULL);
    CHECK_EQ_STR(err_text, ""); /* the loader's log lines are not repeated */

    /* one item of level 1 and its tile, with county settings */
    const char *one = fx_fresh_dir("one");
    char path[1200], *text = fx_slurp(check_asset("forms/elderly_allowance.json"), NULL);
    REQUIRE(text != NULL);
    snprintf(path, sizeof path, "%s/elderly_allowance.json", one);
    REQUIRE(fx_write(path, text, strlen(text)) == 0);
    free(text);
    const char *tiles = "{\"version\": 1, \"tiles\": [{\"id\": \"elderly\", \"label\": \"高龄津贴\", "
                        "\"subtitle\": \"80岁以上\", \"glyph\": \"寿\", \"colour\": \"#00796B\", "
                        "\"items\": [\"elderly_allowance\"]}]}";
    snprintf(path, sizeof path, "%s/catalogue.json", one);
    REQUIRE(fx_write(path, tiles, strlen(tiles)) == 0);
    snprintf(path, sizeof path, "%s/settings", one);
    REQUIRE(mkdir(path, 0755) == 0);
    const char *county = "{\"county\": \"示范县\", \"forms\": {}}";
    snprintf(path, sizeof path, "%s/settings/county.json", one);
    REQUIRE(fx_write(path, county, strlen(county)) == 0);
    snprintf(args, sizeof args, "check-catalogue '%s'", one);
    CHECK_EQ_INT(admin("", args), 0);
    CHECK(strstr(out_text, ": ok, 1 form definitions, 1 tiles, county settings of 示范县") != NULL);
    CHECK(strstr(out_text, "needs level 1 of the form language") != NULL);
    /* county settings the loader refuses: the whole folder is refused */
    county = "{\"county\": \"示范县\", \"forms\": {\"no_such_item\": {}}}";
    REQUIRE(fx_write(path, county, strlen(county)) == 0);
    CHECK_EQ_INT(admin("", args), 1);
    CHECK(strstr(err_text, "refused: county settings refused") != NULL);
    CHECK_EQ_STR(out_text, "");
    REQUIRE(unlink(path) == 0);

    /* two broken definitions: each is named, as a county mends them all */
    snprintf(path, sizeof path, "%s/a.json", one);
    REQUIRE(fx_write(path, "{\"id\": \"a\"}", strlen("{\"id\": \"a\"}")) == 0);
    snprintf(path, sizeof path, "%s/b.json", one);
    REQUIRE(fx_write(path, "{\"id\": \"b\", \"version\": 1", strlen("{\"id\": \"b\", \"version\": 1")) == 0);
    CHECK_EQ_INT(admin("", args), 1);
    CHECK(strstr(err_text, "refused: a.json: 'version'") != NULL);
    CHECK(strstr(err_text, "refused too: b.json: not valid JSON") != NULL);
    CHECK_EQ_STR(out_text, "");
    /* a folder that is not there, and no folder or two */
    snprintf(args, sizeof args, "check-catalogue '%s/missing'", one);
    CHECK_EQ_INT(admin("", args), 1);
    CHECK(strstr(err_text, "cannot read the folder") != NULL);
    CHECK_EQ_INT(admin("", "check-catalogue"), 2);
    snprintf(args, sizeof args, "check-catalogue '%s' '%s'", one, one);
    CHECK_EQ_INT(admin("", args), 2);
}

int main(void)
{
    snprintf(data, sizeof data, "%s", fx_fresh_dir("data"));
    snprintf(outp, sizeof outp, "%s/stdout", check_tmpdir(NULL));
    snprintf(errp, sizeof errp, "%s/stderr", check_tmpdir(NULL));
    RUN(test_hash_pin);
    RUN(test_set_pin);
    RUN(test_panel_signin);
    RUN(test_config);
    RUN(test_device_and_register);
    RUN(test_root_gives_files);
    RUN(test_catalogue);
    free(out_text);
    free(err_text);
    return check_summary();
}
