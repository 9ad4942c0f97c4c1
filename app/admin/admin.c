/* admin.c — the commands of cunzhan-admin (admin.h). */
#include "admin/admin.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/config.h"
#include "core/log.h"
#include "core/overrides.h"
#include "core/setting.h"
#include "core/strings.h"
#include "core/uuid.h"
#include "form/form.h"
#include "sync/client.h"

enum { EXIT_DONE = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

typedef struct {
    const char *assets, *data, *conffile, *url, *ca, *pin, *file;
    const char *cmd;
    char **args;
    int nargs;
    FILE *in, *out, *err;
} admin_ctx;

static void usage(FILE *f)
{
    fprintf(f, "usage: cunzhan-admin [--config FILE] [--data DIR] [--url URL] [--ca FILE] [--pin PINS]\n"
               "                     COMMAND\n"
               "  hash-pin               read a PIN from stdin, print its Argon2id hash\n"
               "  set-pin                read the new technician PIN twice from stdin (a line each)\n"
               "  device-id              print the device id (made and saved if there is none)\n"
               "  check-config FILE...   check configuration files\n"
               "  check-catalogue DIR    check a catalogue folder as a kiosk checks a download, and\n"
               "                         print the level of the form language it needs\n"
               "  set [--file FILE] KEY=VALUE...  save settings (default: DATA/settings.conf)\n"
               "  register CODE          register the device with the county platform\n");
}

/* ---- who owns what is written --------------------------------------------- */

int admin_owner_for(uid_t euid, const struct stat *dir, uid_t *uid, gid_t *gid)
{
    if (euid != 0 || !dir || dir->st_uid == 0)
        return 0;
    *uid = dir->st_uid;
    *gid = dir->st_gid;
    return 1;
}

/* The file at path, just written, given to the owner of the folder it is in
 * (admin_owner_for). 0, or -1 when the chown failed: then stderr says what
 * to run, in Chinese and in English. The name is not followed: a link put
 * in its place (the folder is the service's) is what changes owner, not
 * the file it points to; the temporary files are opened O_NOFOLLOW. */
static int give(const admin_ctx *c, const char *path)
{
    char dir[1100];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash == path ? 1 : slash - path), path);
    struct stat st;
    uid_t uid;
    gid_t gid;
    if (stat(dir, &st) != 0 || !admin_owner_for(geteuid(), &st, &uid, &gid))
        return 0;
    if (lchown(path, uid, gid) == 0)
        return 0;
    int e = errno;
    fprintf(c->err,
            "cunzhan-admin: %s 归 root 所有，信息亭服务（用户 %u）读不到它；请运行：chown %u:%u '%s'\n"
            "cunzhan-admin: %s is owned by root and the kiosk service (user %u) cannot read it (%s); "
            "run: chown %u:%u '%s'\n",
            path, (unsigned)uid, (unsigned)uid, (unsigned)gid, path, path, (unsigned)uid, strerror(e),
            (unsigned)uid, (unsigned)gid, path);
    return -1;
}

/* ---- reading settings as the kiosk does --------------------------------- */

static int is_device_key(const char *key)
{
    return !strncmp(key, "idcard.", 7) || !strncmp(key, "printer.", 8) ||
           !strncmp(key, "watchdog.", 9);
}

/* The file's text with the kiosk program's device lines blanked (line numbers
 * stay right); malloc'd, or NULL with errno set. */
static char *read_app_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap), line[1024];
    while (text && fgets(line, sizeof line, f)) {
        const char *k = line + strspn(line, " \t");
        if (*k != '#' && strchr(k, '=') && is_device_key(k))
            snprintf(line, sizeof line, "#\n");
        size_t n = strlen(line);
        if (len + n + 1 > cap) {
            free(text);
            text = NULL;
            errno = EFBIG;
            break;
        }
        memcpy(text + len, line, n + 1);
        len += n;
    }
    fclose(f);
    return text;
}

static int load_app_file(core_config *cfg, const char *path, char *err, size_t n)
{
    char *text = read_app_lines(path);
    if (!text) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = core_config_load_string(cfg, text, path, err, n);
    free(text);
    return rc;
}

static int settings_path(const admin_ctx *c, char *out, size_t n)
{
    if (core_overrides_path(c->data, out, n) != 0) {
        fprintf(c->err, "cunzhan-admin: data folder path too long\n");
        return -1;
    }
    return 0;
}

/* Defaults < conffile (if there) < data-folder settings < --url/--ca/--pin. */
static core_config *load_settings(const admin_ctx *c)
{
    char err[600], path[1100];
    core_config *cfg = core_config_new();
    if (!cfg) {
        fprintf(c->err, "cunzhan-admin: out of memory\n");
        return NULL;
    }
    int ok = 1;
    if (access(c->conffile, F_OK) == 0 && load_app_file(cfg, c->conffile, err, sizeof err) != 0)
        ok = 0;
    if (ok && (settings_path(c, path, sizeof path) != 0 ||
               core_overrides_load(cfg, path, NULL, NULL, err, sizeof err) != 0))
        ok = 0;
    if (ok && c->url && core_config_set(cfg, "platform.url", c->url, err, sizeof err) != 0)
        ok = 0;
    if (ok && c->ca && core_config_set(cfg, "platform.ca_file", c->ca, err, sizeof err) != 0)
        ok = 0;
    if (ok && c->pin && core_config_set(cfg, "platform.pin", c->pin, err, sizeof err) != 0)
        ok = 0;
    if (!ok) {
        fprintf(c->err, "cunzhan-admin: %s\n", err);
        core_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* ---- PINs ----------------------------------------------------------------- */

/* One line of input into pin (6 digits expected); -1 at end of input. */
static int read_pin(FILE *in, char pin[AUTH_PIN_LEN + 2])
{
    char line[64];
    if (!fgets(line, sizeof line, in))
        return -1;
    line[strcspn(line, "\r\n")] = '\0';
    size_t n = strlen(line);
    if (n > AUTH_PIN_LEN)
        n = AUTH_PIN_LEN + 1; /* never 6 digits: refused below */
    memcpy(pin, line, n);
    pin[n] = '\0';
    sodium_memzero(line, sizeof line);
    return 0;
}

static int hash_new(admin_ctx *c, const char *pin, char hash[AUTH_HASH_MAX])
{
    int rc = auth_pin_check_new(pin);
    if (rc == AUTH_OK)
        rc = auth_pin_hash(pin, hash);
    if (rc != AUTH_OK)
        fprintf(c->err, "cunzhan-admin: PIN refused: %s\n", auth_strerror(rc));
    return rc == AUTH_OK ? 0 : -1;
}

static int cmd_hash_pin(admin_ctx *c)
{
    char pin[AUTH_PIN_LEN + 2], hash[AUTH_HASH_MAX];
    if (read_pin(c->in, pin) != 0) {
        fprintf(c->err, "cunzhan-admin: no PIN on standard input\n");
        return EXIT_FAILED;
    }
    int rc = hash_new(c, pin, hash);
    sodium_memzero(pin, sizeof pin);
    if (rc != 0)
        return EXIT_FAILED;
    fprintf(c->out, "%s\n", hash);
    return EXIT_DONE;
}

static int cmd_set_pin(admin_ctx *c)
{
    char a[AUTH_PIN_LEN + 2], b[AUTH_PIN_LEN + 2], hash[AUTH_HASH_MAX], path[1100];
    if (read_pin(c->in, a) != 0 || read_pin(c->in, b) != 0) {
        fprintf(c->err, "cunzhan-admin: set-pin reads the PIN twice, one a line\n");
        return EXIT_FAILED;
    }
    int same = strcmp(a, b) == 0;
    int rc = same ? hash_new(c, a, hash) : -1;
    sodium_memzero(a, sizeof a);
    sodium_memzero(b, sizeof b);
    if (!same)
        fprintf(c->err, "cunzhan-admin: the two PINs differ; nothing changed\n");
    if (rc != 0)
        return EXIT_FAILED;
    snprintf(path, sizeof path, "%s/%s", c->data, AUTH_TECH_PIN_FILE);
    mkdir(c->data, 0700);
    if (auth_pin_file_save(path, hash) != 0) {
        fprintf(c->err, "cunzhan-admin: %s: %s\n", path, strerror(errno));
        return EXIT_FAILED;
    }
    if (give(c, path) != 0)
        return EXIT_FAILED;
    fprintf(c->out, "technician PIN set (%s)\n", path);
    return EXIT_DONE;
}

/* ---- settings ------------------------------------------------------------ */

/* The number of the last line of the file at path that sets key; 0 if none. */
static int key_line(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int n = 0, at = 0;
    size_t k = strlen(key);
    while (f && fgets(line, sizeof line, f)) {
        n++;
        const char *p = line + strspn(line, " \t");
        if (!strncmp(p, key, k) && p[k + strspn(p + k, " \t")] == '=')
            at = n;
    }
    if (f)
        fclose(f);
    return at;
}

/* The checks the panel's editor makes beyond the validator, on the values
 * cfg took from the file at path: 0, or -1 with "file:line: key: why" on err. */
static int check_given(const admin_ctx *c, const core_config *cfg, const char *path)
{
    static const char *const KEYS[] = {"station.name", "platform.ca_file", "bundle.county_pk"};
    char why[700];
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++)
        if (core_setting_check(KEYS[i], core_config_get(cfg, KEYS[i]), why, sizeof why) != 0) {
            fprintf(c->err, "%s:%d: %s\n", path, key_line(path, KEYS[i]), why);
            return -1;
        }
    return 0;
}

static int cmd_check_config(admin_ctx *c)
{
    if (c->nargs == 0) {
        usage(c->err);
        return EXIT_USAGE;
    }
    int bad = 0;
    for (int i = 0; i < c->nargs; i++) {
        char err[600];
        core_config *cfg = core_config_new();
        if (!cfg || load_app_file(cfg, c->args[i], err, sizeof err) != 0) {
            fprintf(c->err, "%s\n", cfg ? err : "out of memory");
            bad = 1;
        } else if (check_given(c, cfg, c->args[i]) != 0) {
            bad = 1;
        } else {
            fprintf(c->out, "%s: ok\n", c->args[i]);
        }
        core_config_free(cfg);
    }
    return bad ? EXIT_FAILED : EXIT_DONE;
}

static void log_nowhere(core_log_level level, const char *module, const char *line, void *ud)
{
    (void)level, (void)module, (void)line, (void)ud;
}

/* A county's catalogue folder, before it is published: the kiosk's own
 * loader, whole or not at all as for a download (its settings/county.json
 * when it has one), and the level of the form language to publish it with. */
static int cmd_check_catalogue(admin_ctx *c)
{
    if (c->nargs != 1) {
        usage(c->err);
        return EXIT_USAGE;
    }
    char path[1100], err[600];
    snprintf(path, sizeof path, "%s/text/zh-CN.txt", c->assets);
    if (core_strings_load(path, err, sizeof err) != 0) { /* the loader copies some labels from it */
        fprintf(c->err, "cunzhan-admin: the program's words: %s\n", err);
        return EXIT_FAILED;
    }
    const char *dir = c->args[0];
    int n = 0;
    core_log_set_sink(log_nowhere, NULL); /* the loader's lines would repeat what is printed here */
    form_catalog *cat = form_catalog_open(dir, NULL, 1, &n, err, sizeof err);
    if (!cat) {
        fprintf(c->err, "%s: refused: %s\n", dir, err);
        /* a kiosk stops at the first; the county mends every one */
        char more[600];
        form_catalog *all = form_catalog_open(dir, NULL, 0, NULL, more, sizeof more);
        for (size_t i = 0; all && i < form_catalog_problem_count(all); i++)
            if (strcmp(form_catalog_problem(all, i), err))
                fprintf(c->err, "%s: refused too: %s\n", dir, form_catalog_problem(all, i));
        form_catalog_free(all);
        core_log_set_sink(NULL, NULL);
        return EXIT_FAILED;
    }
    core_log_set_sink(NULL, NULL);
    int level = form_catalog_level(cat);
    fprintf(c->out, "%s: ok, %d form definitions, %zu tiles%s%s\n", dir, n,
            form_catalog_tile_count(cat), *form_catalog_county(cat) ? ", county settings of " : "",
            form_catalog_county(cat));
    for (size_t i = 0; i < form_catalog_count(cat); i++) {
        const form_def *d = form_catalog_at(cat, i);
        fprintf(c->out, "  %-22s version %-4d level %d  %s\n", form_def_id(d), form_def_version(d),
                form_def_level(d), form_def_title(d));
    }
    fprintf(c->out, "needs level %d of the form language (this program reads level %d): publish it with \"needs\": %d\n",
            level, FORM_LEVEL, level);
    form_catalog_free(cat);
    return EXIT_DONE;
}

static int cmd_set(admin_ctx *c)
{
    if (c->nargs == 0) {
        usage(c->err);
        return EXIT_USAGE;
    }
    char path[1100], err[600];
    if (c->file)
        snprintf(path, sizeof path, "%s", c->file);
    else if (settings_path(c, path, sizeof path) != 0)
        return EXIT_FAILED;
    else
        mkdir(c->data, 0700);
    core_config *cfg = core_config_new();
    if (!cfg)
        return EXIT_FAILED;
    int rc = EXIT_DONE, not_given = 0;
    for (int i = 0; i < c->nargs && rc == EXIT_DONE; i++) {
        char kv[1024];
        snprintf(kv, sizeof kv, "%s", c->args[i]);
        char *eq = strchr(kv, '=');
        if (!eq) {
            fprintf(c->err, "cunzhan-admin: %s: expected KEY=VALUE\n", c->args[i]);
            rc = EXIT_USAGE;
            break;
        }
        *eq = '\0';
        /* what the panel's editor refuses beyond the file's validator (a
         * blank station name, a CA file with no certificate, a bundle key
         * that is not 64 hex digits) is refused here alike */
        if (core_setting_check(kv, eq + 1, err, sizeof err) != 0 ||
            core_overrides_set(cfg, path, kv, eq + 1, err, sizeof err) != 0) {
            fprintf(c->err, "cunzhan-admin: %s\n", err);
            rc = EXIT_FAILED;
        } else if (give(c, path) != 0) {
            not_given = 1; /* saved, the chown to run said: the rest saved too */
        }
    }
    core_config_free(cfg);
    if (rc == EXIT_DONE)
        fprintf(c->out, "saved to %s\n", path);
    return not_given ? EXIT_FAILED : rc;
}

/* The device id, made (and saved in the data folder's settings) if empty. */
static const char *device_id(admin_ctx *c, core_config *cfg)
{
    const char *id = core_config_get(cfg, "platform.device_id");
    if (id[0])
        return id;
    char u[CORE_UUID_LEN + 1], path[1100], err[600];
    if (core_uuid_v4(u) != 0 || settings_path(c, path, sizeof path) != 0) {
        fprintf(c->err, "cunzhan-admin: cannot make a device id\n");
        return NULL;
    }
    mkdir(c->data, 0700);
    if (core_overrides_set(cfg, path, "platform.device_id", u, err, sizeof err) != 0) {
        fprintf(c->err, "cunzhan-admin: %s\n", err);
        return NULL;
    }
    if (give(c, path) != 0)
        return NULL;
    return core_config_get(cfg, "platform.device_id");
}

static int cmd_device_id(admin_ctx *c)
{
    core_config *cfg = load_settings(c);
    const char *id = cfg ? device_id(c, cfg) : NULL;
    if (id)
        fprintf(c->out, "%s\n", id);
    core_config_free(cfg);
    return id ? EXIT_DONE : EXIT_FAILED;
}

/* ---- registration --------------------------------------------------------- */

/* <data>/device.token, mode 0600, atomically (as app/boot reads it), the
 * data folder's owner's (give). 0; -1 with errno when not saved; 1 when
 * saved but not given (stderr says what to run). */
static int save_token(const admin_ctx *c, const char *token)
{
    char path[1100], tmp[1200];
    snprintf(path, sizeof path, "%s/device.token", c->data);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return -1;
    size_t n = strlen(token);
    int ok = write(fd, token, n) == (ssize_t)n && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return give(c, path) == 0 ? 0 : 1; /* 1: saved, but the service cannot read it (said) */
}

/* After a registration: the --url, --ca and --pin it was made with go to the
 * data folder's settings, as set saves them, in one write (all or none). The
 * CA file is copied into the data folder first (<data>/county-ca.pem, as the
 * panel's USB setup does) and that copy is saved: the path given may be
 * where the service cannot read it (a home folder its sandbox hides, a USB
 * stick pulled out). */
static int save_platform(const admin_ctx *c, core_config *cfg)
{
    char path[1100], err[600], ca[1100];
    if (settings_path(c, path, sizeof path) != 0)
        return -1;
    if (c->ca && core_setting_copy_ca(c->ca, c->data, ca, sizeof ca) != 0) {
        fprintf(c->err, "cunzhan-admin: registered, but %s not copied into %s: %s\n", c->ca,
                c->data, strerror(errno));
        return -1;
    }
    /* copy_ca gives it already; said if not, and the settings still saved
     * (they name the copy, which the chown stderr names makes readable) */
    int given = c->ca ? give(c, ca) : 0;
    const char *keys[3], *values[3];
    size_t n = 0;
    if (c->url)
        keys[n] = "platform.url", values[n++] = c->url;
    if (c->ca)
        keys[n] = "platform.ca_file", values[n++] = ca;
    if (c->pin)
        keys[n] = "platform.pin", values[n++] = c->pin;
    if (n && core_overrides_set_many(cfg, path, keys, values, n, err, sizeof err) != 0) {
        fprintf(c->err, "cunzhan-admin: registered, but not saved: %s\n", err);
        return -1;
    }
    int settings_given = n ? give(c, path) : 0;
    return given != 0 || settings_given != 0 ? -1 : 0;
}

static int cmd_register(admin_ctx *c)
{
    if (c->nargs != 1) {
        usage(c->err);
        return EXIT_USAGE;
    }
    /* the platform given for this run is the one the kiosk keeps talking to:
     * checked as set checks it before anything is asked, saved after */
    char why[700];
    if (c->ca && core_setting_check("platform.ca_file", c->ca, why, sizeof why) != 0) {
        fprintf(c->err, "cunzhan-admin: %s\n", why);
        return EXIT_FAILED;
    }
    core_config *cfg = load_settings(c);
    const char *id = cfg ? device_id(c, cfg) : NULL;
    if (!id) {
        core_config_free(cfg);
        return EXIT_FAILED;
    }
    proto_client_opts o; /* https only: the configuration refuses anything else */
    proto_client_opts_from_config(cfg, &o);
    proto_client *pc = proto_client_new(&o);
    proto_device d = {id, core_config_get(cfg, "station.name"),
                      core_config_get(cfg, "station.area_code"), c->args[0]};
    proto_registration reg;
    proto_result r;
    memset(&r, 0, sizeof r);
    int kind = pc ? proto_client_register(pc, &d, &reg, &r) : PROTO_RES_LOCAL;
    proto_client_free(pc);
    int rc = EXIT_FAILED;
    if (kind != PROTO_RES_OK) {
        if (r.http_status == 403)
            fprintf(c->err, "cunzhan-admin: the platform refused the registration code\n");
        else if (r.transport)
            fprintf(c->err, "cunzhan-admin: platform not reached (%s)\n", r.code);
        else
            fprintf(c->err, "cunzhan-admin: platform answered HTTP %ld (%s)\n", r.http_status,
                    r.code[0] ? r.code : "no code");
    } else {
        mkdir(c->data, 0700);
        int saved = save_token(c, reg.token);
        if (saved < 0)
            fprintf(c->err, "cunzhan-admin: %s/device.token: %s\n", c->data, strerror(errno));
        /* a token kept whose chown failed (give() said which chown makes it
         * the service's): the platform it was made with is saved all the
         * same, or the kiosk would carry the new token to the old platform */
        else if (save_platform(c, cfg) != 0 || saved > 0)
            ; /* said; the platform's settings can be set again with set */
        else
            rc = EXIT_DONE, fprintf(c->out, "registered device %s\n", id);
        sodium_memzero(&reg, sizeof reg);
    }
    core_config_free(cfg);
    return rc;
}

/* ---- command line ----------------------------------------------------------- */

static const struct {
    const char *name;
    int (*run)(admin_ctx *);
} CMDS[] = {
    {"hash-pin", cmd_hash_pin},   {"set-pin", cmd_set_pin},   {"device-id", cmd_device_id},
    {"check-config", cmd_check_config}, {"set", cmd_set},     {"register", cmd_register},
    {"check-catalogue", cmd_check_catalogue},
};

int admin_run(int argc, char **argv, const char *assets_dir, const char *data_dir,
              const char *conffile, FILE *in, FILE *out, FILE *err)
{
    admin_ctx c = {.assets = assets_dir, .data = data_dir, .conffile = conffile, .in = in,
                   .out = out, .err = err};
    char **args = calloc((size_t)argc + 1, sizeof *args);
    if (!args)
        return EXIT_FAILED;
    c.args = args;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **opt = !strcmp(a, "--config") ? &c.conffile
                           : !strcmp(a, "--data") ? &c.data
                           : !strcmp(a, "--url")  ? &c.url
                           : !strcmp(a, "--ca")   ? &c.ca
                           : !strcmp(a, "--pin")  ? &c.pin
                           : !strcmp(a, "--file") ? &c.file
                                                  : NULL;
        if (opt) {
            if (!v) {
                fprintf(err, "cunzhan-admin: %s needs a value\n", a);
                free(args);
                return EXIT_USAGE;
            }
            *opt = v;
            i++;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(out);
            free(args);
            return EXIT_DONE;
        } else if (!c.cmd && a[0] != '-') {
            c.cmd = a;
        } else if (c.cmd && strncmp(a, "--", 2) != 0) {
            c.args[c.nargs++] = argv[i];
        } else {
            fprintf(err, "cunzhan-admin: unknown option '%s'\n", a);
            usage(err);
            free(args);
            return EXIT_USAGE;
        }
    }
    int rc = -1;
    for (size_t i = 0; c.cmd && i < sizeof CMDS / sizeof CMDS[0]; i++)
        if (!strcmp(c.cmd, CMDS[i].name))
            rc = CMDS[i].run(&c);
    if (rc < 0) {
        if (c.cmd)
            fprintf(err, "cunzhan-admin: unknown command '%s'\n", c.cmd);
        usage(err);
        rc = EXIT_USAGE;
    }
    free(args);
    return rc;
}
