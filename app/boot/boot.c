/* boot.c — opening the log, the catalogue and the store at start-up. */
#include "boot/boot.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ui/screens/form/form_screen.h"
#include "ui/screens/home/halt.h"
#include "ui/screens/home/home.h"
#include "ui/screens/home/idle.h"
#include "ui/core/session.h"
#include "core/strings.h"
#include "core/log.h"
#include "core/overrides.h"
#include "ui/screens/tech/tech.h"
#include "core/logfile.h"
#include "core/utf8.h"
#include "plat_clock.h"
#include "plat_input.h"
#include "plat_paths.h"
#include "sync/query.h"
#include "sync/sync_store.h"

static int64_t platform_ms(void *ud)
{
    (void)ud;
    return plat_clock_wall() * 1000;
}

/* The upload engine's clock: the platform's wall clock, as the store's
 * (pinned by the emulator's --clock, it moves with virtual time), so a
 * filing's times and the engine's retries and status polls agree. */
static int64_t engine_ms(void *ud)
{
    (void)ud;
    return plat_clock_wall_ms();
}

static void on_sync_status(const sync_status *st, void *ud)
{
    (void)st;
    (void)ud;
    plat_input_wake(); /* the UI thread reads the status when it redraws */
}

static void wake_ui(void *ud)
{
    (void)ud;
    plat_input_wake(); /* an online progress query has its answer */
}

static int token_path(char *out, size_t n)
{
    return plat_paths_join(out, n, plat_paths_data(), "device.token") ? 0 : -1;
}

/* Reads the saved device token into buf ("" if there is none). */
static void load_token(char *buf, size_t n)
{
    char path[1024];
    buf[0] = '\0';
    if (token_path(path, sizeof path) != 0)
        return;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(buf, (int)n, f))
        buf[strcspn(buf, "\r\n")] = '\0';
    fclose(f);
}


/* ---- the catalogue ---- */

struct boot_old_cat {
    int version; /* 0: built in */
    form_catalog *cat;
};

form_catalog *boot_catalogue_load(const char *dir, const core_config *cfg, int strict, int *loaded,
                                  char *err, size_t errlen)
{
    return form_catalog_open(dir, core_config_get(cfg, "forms.county_settings"), strict, loaded, err,
                             errlen);
}

/* The upload engine's loader check of a staged catalogue (engine thread). */
static int catalogue_validate(void *ud, const char *dir, char *err, size_t errlen)
{
    form_catalog *cat = boot_catalogue_load(dir, ud, 1, NULL, err, errlen);
    form_catalog_free(cat);
    return cat ? 0 : -1;
}

/* The engine published a version (engine thread): the home screen takes it. */
static void on_catalogue(int version, void *ud)
{
    boot_ctx *b = ud;
    atomic_store(&b->cat_pending, version);
    plat_input_wake();
}

/* The newest published catalogue if it checks out and loads, else NULL. */
static form_catalog *load_published(boot_ctx *b, int *version, int64_t *ms)
{
    char dir[1100], err[512];
    *version = 0;
    int rc = sync_cat_current(b->cat_root, b->cat_pk, version, dir, sizeof dir, ms, err, sizeof err);
    if (rc == SYNC_CAT_ERR_NONE)
        return NULL;
    if (rc != SYNC_CAT_OK) {
        core_log(CORE_LOG_ERROR, "boot", "published catalogue not used: %s: %s", sync_cat_strerror(rc), err);
        *version = 0;
        return NULL;
    }
    form_catalog *cat = boot_catalogue_load(dir, b->cfg, 1, NULL, err, sizeof err);
    if (!cat) {
        core_log(CORE_LOG_ERROR, "boot", "published catalogue %d refused by the loader: %s", *version, err);
        *version = 0;
    }
    return cat;
}

static void open_catalogue(boot_ctx *b, const core_config *cfg, char *err, size_t errlen)
{
    plat_paths_join(b->cat_builtin, sizeof b->cat_builtin, plat_paths_assets(), "forms");
    plat_paths_join(b->cat_root, sizeof b->cat_root, plat_paths_data(), "catalogue");
    const char *pk = core_config_get(cfg, "catalogue.county_pk");
    b->services.catalogue_keyed = pk && *pk && sync_cat_key_parse(pk, b->cat_pk) == 0;
    if (!b->services.catalogue_keyed)
        core_log(CORE_LOG_INFO, "boot", "catalogue updates off: no catalogue.county_pk set");
    int64_t ms = 0;
    int v = 0;
    if (b->services.catalogue_keyed)
        b->forms = load_published(b, &v, &ms);
    if (b->forms) {
        b->services.catalogue_version = v;
        b->services.catalogue_ms = ms;
        b->cat_tried = v;
        core_log(CORE_LOG_INFO, "boot", "catalogue: published version %d, %zu forms", v,
                 form_catalog_count(b->forms));
        return;
    }
    char lerr[512];
    int n = -1;
    b->forms = boot_catalogue_load(b->cat_builtin, cfg, 0, &n, lerr, sizeof lerr);
    if (n < 0) {
        char where[1100];
        snprintf(where, sizeof where, "%s: cannot read the folder", b->cat_builtin);
        boot_fault_set(&b->fault, "ASSETS", where);
    }
    size_t bad = b->forms ? form_catalog_problem_count(b->forms) : 0; /* the loader logs each */
    const char *herr = b->forms && n >= 0 ? form_catalog_home_error(b->forms) : "";
    if (*herr) { /* no home tiles: nothing a villager could do (the loader logged it) */
        boot_fault_set(&b->fault, "CATALOGUE", herr);
        bad--;
    }
    if (b->forms && lerr[0]) {
        core_log(CORE_LOG_ERROR, "boot", "%s", lerr);
        utf8_copy(err, errlen, lerr);
    }
    core_log(CORE_LOG_INFO, "boot", "%d forms loaded, %zu rejected", n, bad);
    if (bad && !err[0])
        snprintf(err, errlen, "%zu form definition(s) rejected; see the log", bad);
}

/* 1 if a draft needs the published folder dir: it holds the definition a
 * draft was started on and the catalogue in use does not. */
static int keep_for_drafts(void *ud, const char *dir)
{
    boot_ctx *b = ud;
    store_draft *d = NULL;
    size_t n = 0;
    if (!b->store || store_draft_list(b->store, &d, &n) != STORE_OK)
        return 1; /* cannot tell: keep it */
    form_catalog *cat = NULL;
    char err[256];
    int keep = 0;
    for (size_t i = 0; i < n && !keep; i++) {
        const form_def *now = form_catalog_find(b->forms, d[i].form_id);
        if (now && form_def_version(now) == d[i].form_version)
            continue;
        if (!cat && !(cat = boot_catalogue_load(dir, b->cfg, 0, NULL, err, sizeof err)))
            return 1;
        const form_def *then = form_catalog_find(cat, d[i].form_id);
        keep = then && form_def_version(then) == d[i].form_version;
    }
    form_catalog_free(cat);
    store_draft_list_free(d, n);
    return keep;
}

/* services.catalogue_swap: no one is being served (home screen). */
static int catalogue_swap(void *ud, ui_app *a)
{
    boot_ctx *b = ud;
    int pending = atomic_load(&b->cat_pending);
    if (pending <= b->cat_tried)
        return 0;
    b->cat_tried = pending;
    int v = 0;
    int64_t ms = 0;
    form_catalog *cat = load_published(b, &v, &ms);
    if (!cat || v <= b->services.catalogue_version) {
        form_catalog_free(cat);
        return 0; /* the one in use stays */
    }
    form_catalog *old = b->forms;
    b->forms = cat;
    b->services.forms = cat;
    b->services.catalogue_version = v;
    b->services.catalogue_ms = ms;
    ui_app_set_services(a, &b->services);
    form_catalog_free(old); /* home alone on the stack: nothing refers to it */
    core_log(CORE_LOG_INFO, "boot", "catalogue version %d in use from now on (%zu forms)", v,
             form_catalog_count(cat));
    if (sync_cat_prune(b->cat_root, keep_for_drafts, b) != 0)
        core_log(CORE_LOG_WARN, "boot", "an old catalogue version could not be removed");
    return 1;
}

/* services.form_at_version: a draft's own definition when the catalogue
 * in use has another version of its form. */
static const form_def *form_at_version(void *ud, const char *id, int version)
{
    boot_ctx *b = ud;
    const form_def *d = b->forms ? form_catalog_find(b->forms, id) : NULL;
    if (d && form_def_version(d) == version)
        return d;
    for (size_t i = 0; i < b->n_old; i++) {
        d = form_catalog_find(b->old[i].cat, id);
        if (d && form_def_version(d) == version)
            return d;
    }
    int vs[64];
    size_t n = b->services.catalogue_keyed ? sync_cat_older(b->cat_root, vs, 63) : 0;
    vs[n++] = 0; /* the built-in one last */
    for (size_t k = 0; k < n; k++) {
        int seen = 0;
        for (size_t i = 0; i < b->n_old && !seen; i++)
            seen = b->old[i].version == vs[k];
        if (seen || vs[k] == b->services.catalogue_version)
            continue;
        char dir[1100], err[256];
        if (vs[k])
            snprintf(dir, sizeof dir, "%s/%d", b->cat_root, vs[k]);
        else
            snprintf(dir, sizeof dir, "%s", b->cat_builtin);
        form_catalog *cat = boot_catalogue_load(dir, b->cfg, vs[k] != 0, NULL, err, sizeof err);
        struct boot_old_cat *o = cat ? realloc(b->old, (b->n_old + 1) * sizeof *o) : NULL;
        if (!o) {
            form_catalog_free(cat);
            continue;
        }
        b->old = o;
        b->old[b->n_old].version = vs[k];
        b->old[b->n_old++].cat = cat;
        d = form_catalog_find(cat, id);
        if (d && form_def_version(d) == version)
            return d;
    }
    return NULL;
}

static void start_sync(boot_ctx *b, const core_config *cfg)
{
    if (sync_store_outbox_open(b->store, b->db_path, &b->outbox) != STORE_OK) {
        core_log(CORE_LOG_ERROR, "boot", "upload engine: cannot open the outbox");
        return;
    }
    b->outbox_open = 1;
    /* before any screen exists: images a crash left after their filing's ack */
    if (sync_store_sweep_images(&b->outbox, NULL) != STORE_OK)
        core_log(CORE_LOG_WARN, "boot", "leftover signature images not swept");
    char token[512];
    load_token(token, sizeof token);
    sync_opts o;
    memset(&o, 0, sizeof o);
    proto_client_opts_from_config(cfg, &o.client);
    o.client.token = token[0] ? token : NULL;
    o.outbox = b->outbox;
    o.poll_ms = core_config_get_int(cfg, "sync.interval_s", 30) * 1000;
    o.clock = engine_ms;
    o.on_status = on_sync_status;
    if (b->services.catalogue_keyed) {
        o.cat.root = b->cat_root;
        o.cat.builtin = b->cat_builtin;
        memcpy(o.cat.pk, b->cat_pk, sizeof o.cat.pk);
        o.cat.validate = catalogue_validate;
        o.cat.ud = (void *)cfg;
        o.cat.reads = FORM_LEVEL;
        o.cat_ms = core_config_get_int(cfg, "catalogue.interval_s", 14400) * 1000;
        o.on_catalogue = on_catalogue;
        o.status_ud = b;
    }
    int rc = sync_new(&o, &b->sync);
    if (rc == SYNC_OK)
        rc = sync_start(b->sync);
    if (rc != SYNC_OK) {
        core_log(CORE_LOG_ERROR, "boot", "upload engine did not start: %s", sync_strerror(rc));
        sync_free(b->sync);
        b->sync = NULL;
    }
    sodium_memzero(token, sizeof token);
}

int boot_save_token(boot_ctx *b, const char *token, char *err, size_t errlen)
{
    char path[1024], tmp[1100];
    if (!token || !*token || strpbrk(token, "\r\n") || token_path(path, sizeof path) != 0) {
        snprintf(err, errlen, "bad token or data path");
        return -1;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        return -1;
    }
    size_t len = strlen(token);
    int ok = write(fd, token, len) == (ssize_t)len && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    if (b->sync)
        sync_set_token(b->sync, token);
    if (b->services.platform)
        sync_query_cfg_set_token(b->services.platform, token);
    core_log(CORE_LOG_INFO, "boot", "device token saved"); /* never the token itself */
    return 0;
}

static int overrides_path(char *out, size_t n)
{
    return core_overrides_path(plat_paths_data(), out, n);
}

/* Lines of settings.conf naming a key this firmware does not have were left
 * out at start-up (boot_load_overrides): in the log, once the log is open. */
static void log_unknown_settings(void)
{
    char path[1024], err[600];
    core_config_fault first;
    int unknown = 0;
    core_config *probe = core_config_new();
    if (probe && overrides_path(path, sizeof path) == 0 &&
        core_overrides_load(probe, path, &unknown, &first, err, sizeof err) == 0 && unknown > 0)
        core_log(CORE_LOG_WARN, "boot",
                 "%s:%d: unknown setting '%s' left out (%d such line(s); a newer firmware's?); "
                 "service goes on",
                 path, first.line, first.key, unknown);
    core_config_free(probe);
}

int boot_load_overrides(core_config *cfg, boot_fault *f, char *err, size_t errlen)
{
    char path[1024];
    if (overrides_path(path, sizeof path) != 0) {
        snprintf(err, errlen, "data folder path too long");
        boot_fault_set(f, "SETTINGS", err);
        return -1;
    }
    /* a line of a key this firmware does not have (a newer one's, after a
     * rollback) is left out, not a stop: boot_open logs it, technician
     * mode's settings show it */
    if (core_overrides_load(cfg, path, NULL, NULL, err, errlen) == 0)
        return 0;
    boot_fault_set(f, "SETTINGS", err);
    core_overrides_salvage(cfg, path); /* the station, platform and keys stay as set */
    return -1;
}

/* Technician mode changed settings.conf: if start-up stopped on it and it
 * now loads whole, the failure is over (the next one, or home, replaces the
 * page). */
static void settings_changed(void *ud, ui_app *a)
{
    boot_ctx *b = ud;
    char path[1024], err[600];
    if (!b->early || strcmp(b->early->code, "SETTINGS") || overrides_path(path, sizeof path) != 0)
        return;
    core_config *probe = core_config_new();
    int whole = probe && core_overrides_load(probe, path, NULL, NULL, err, sizeof err) == 0;
    core_config_free(probe);
    if (!whole)
        return;
    core_log(CORE_LOG_WARN, "boot", "%s loads whole again: service resumed", CORE_OVERRIDES_NAME);
    memset(b->early, 0, sizeof *b->early);
    b->halt_early = 0;
    if (!boot_show_failure(b, NULL))
        ui_app_set_root(a, ui_home_new());
}

void boot_fault_set(boot_fault *f, const char *code, const char *where)
{
    if (!f || f->code[0])
        return;
    snprintf(f->code, sizeof f->code, "%s", code);
    size_t n = where ? strlen(where) : 0; /* a long path is cut, not refused */
    if (n >= sizeof f->where)
        n = sizeof f->where - 1;
    if (n)
        memcpy(f->where, where, n);
    f->where[n] = '\0';
}

ui_app *boot_app_new(plat_display *d, core_config *cfg, boot_fault *f)
{
    char err[512];
    const ui_app_screens screens = {ui_home_new, ui_idle_new};
    ui_app *a = ui_app_new(d, cfg, &screens, err, sizeof err);
    if (a)
        return a;
    a = ui_app_new_bare(d, cfg, &screens);
    if (a)
        boot_fault_set(f, ui_app_caps(a) & UI_APP_HAS_STRINGS ? "FONTS" : "ASSETS", err);
    return a;
}

/* The fault code of a store that did not open. */
static const char *store_fault_code(int rc)
{
    switch (rc) {
    case STORE_ERR_CORRUPT: return "DB_CORRUPT";
    case STORE_ERR_READONLY: return "DB_READONLY";
    case STORE_ERR_TOONEW: return "DB_TOONEW";
    case STORE_ERR_FULL: return "DB_FULL";
    default: return "DB_OPEN";
    }
}

static int64_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

/* A 0-byte data file is damaged, not new: SQLite would quietly make it an
 * empty database. Unless a WAL with content is beside it: a fresh database
 * keeps its first pages in the WAL until the first checkpoint, so that pair
 * is a real database (store_open's quick_check judges it). */
static int empty_database(const char *db)
{
    char wal[1100];
    snprintf(wal, sizeof wal, "%s-wal", db);
    return file_size(db) == 0 && file_size(wal) <= 0;
}

/* What every open store of the program gets: the platform clock, and the
 * request body frozen with its sha256 at confirm (store.h). */
static void store_ready(boot_ctx *b)
{
    store_set_clock(b->store, platform_ms, NULL);
    store_set_body_fn(b->store, sync_store_body, (void *)plat_paths_data());
    /* abandoned drafts (personal data) go at start, then daily (sync_store.h) */
    int64_t days = core_config_get_int(b->cfg, "ui.draft_keep_days", 7);
    store_set_draft_keep(b->store, days * 24 * 3600 * 1000);
    int gone = 0;
    int rc = store_draft_expire(b->store, &gone);
    if (rc != STORE_OK)
        core_log(CORE_LOG_WARN, "boot", "draft expiry: %s", store_strerror(rc));
    else if (gone)
        core_log(CORE_LOG_INFO, "boot", "%d draft(s) older than %d days purged", gone, (int)days);
}

static void open_store(boot_ctx *b)
{
    char where[1200];
    if (empty_database(b->db_path)) {
        core_log(CORE_LOG_ERROR, "boot", "store did not open: %s is 0 bytes (damaged)", b->db_path);
        snprintf(where, sizeof where, "%s: 0 bytes", b->db_path);
        boot_fault_set(&b->fault, "DB_EMPTY", where);
        b->services.store_error = store_error_key(STORE_ERR_CORRUPT);
        return;
    }
    int rc = store_open(b->db_path, &b->store);
    if (rc != STORE_OK) {
        core_log(CORE_LOG_ERROR, "boot", "store did not open: %s", store_strerror(rc));
        snprintf(where, sizeof where, "%s: %s", b->db_path, store_strerror(rc));
        boot_fault_set(&b->fault, store_fault_code(rc), where);
        b->services.store_error = store_error_key(rc);
        b->store = NULL;
    } else {
        store_ready(b);
    }
}

int boot_open(boot_ctx *b, const core_config *cfg, int log_to_stderr, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->cfg = cfg;
    err[0] = '\0';
    char path[1024], lerr[256];
    if (plat_paths_ensure_data() == 0) {
        plat_paths_join(path, sizeof path, plat_paths_data(), "logs");
        mkdir(path, 0700);
        b->log_open = core_logfile_open(path, 1u << 20, log_to_stderr, lerr, sizeof lerr) == 0;
    }
    core_log_level min = CORE_LOG_INFO;
    core_log_level_parse(core_config_get(cfg, "log.level"), &min); /* checked when read */
    core_log_set_level(min);
    core_log(CORE_LOG_INFO, "boot", CORE_LOGFILE_START "; data in %s", plat_paths_data());
    log_unknown_settings();

    open_catalogue(b, cfg, err, errlen);

    plat_paths_join(b->db_path, sizeof b->db_path, plat_paths_data(), "cunzhan.db");
    open_store(b);
    b->services.forms = b->forms;
    b->services.catalogue_swap = catalogue_swap;
    b->services.catalogue_ud = b;
    b->services.form_at_version = form_at_version;
    b->services.store = b->store;
    b->services.paper_mm = 58;
    if (b->store && core_config_get_int(cfg, "sync.enabled", 1))
        start_sync(b, cfg);
    b->services.sync = b->sync;
    /* the progress query asks the platform itself, with a short timeout (5 s:
     * the villager is waiting in front of the screen) */
    const char *url = core_config_get(cfg, "platform.url");
    if (url && *url) {
        char token[512];
        load_token(token, sizeof token);
        proto_client_opts qo;
        proto_client_opts_from_config(cfg, &qo);
        qo.token = token;
        qo.total_timeout_ms = 5000;
        b->services.platform = sync_query_cfg_new(&qo);
        sodium_memzero(token, sizeof token);
        if (b->services.platform)
            sync_query_cfg_set_wake(b->services.platform, wake_ui, NULL);
    }
    return 0;
}

/* Technician mode registered the device: keep the token for the engine. */
static void on_tech_token(void *ud, const char *token)
{
    char err[256];
    if (boot_save_token(ud, token, err, sizeof err) != 0)
        core_log(CORE_LOG_ERROR, "boot", "device token not saved: %s", err);
}

/* Technician mode confirmed: move the damaged data file aside (kept, named
 * with the time), open a fresh one, start the engine, audit, go home. */
static int store_reset(void *ud, char *msg, size_t n)
{
    boot_ctx *b = ud;
    if (b->store || (strcmp(b->fault.code, "DB_CORRUPT") && strcmp(b->fault.code, "DB_EMPTY"))) {
        snprintf(msg, n, core_str("tech.store.reset_refused"),
                 b->store ? "OK" : b->fault.code[0] ? b->fault.code : "?");
        return -1;
    }
    char stamp[32], aside[1100], from[1100], to[1200];
    time_t now = (time_t)plat_clock_wall();
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(aside, sizeof aside, "%s.damaged-%s", b->db_path, stamp);
    for (int i = 2; file_size(aside) >= 0 && i < 100; i++) /* twice in one second */
        snprintf(aside, sizeof aside, "%s.damaged-%s-%d", b->db_path, stamp, i);
    if (rename(b->db_path, aside) != 0) {
        core_log(CORE_LOG_ERROR, "boot", "cannot move %s aside: %s", b->db_path, strerror(errno));
        snprintf(msg, n, core_str("tech.store.reset_failed"), strerror(errno));
        return -1;
    }
    static const char *const side[] = {"-wal", "-shm"}; /* they belong to the damaged file */
    for (int i = 0; i < 2; i++) {
        snprintf(from, sizeof from, "%s%s", b->db_path, side[i]);
        snprintf(to, sizeof to, "%s%s", aside, side[i]);
        if (rename(from, to) != 0 && errno != ENOENT)
            core_log(CORE_LOG_ERROR, "boot", "cannot move %s aside: %s", from, strerror(errno));
    }
    const char *name = strrchr(aside, '/') ? strrchr(aside, '/') + 1 : aside;
    core_log(CORE_LOG_WARN, "boot", "technician moved the damaged data file aside as %s (%s)", name,
             b->fault.code);
    int rc = store_open(b->db_path, &b->store);
    if (rc != STORE_OK) {
        b->store = NULL;
        core_log(CORE_LOG_ERROR, "boot", "fresh store did not open: %s", store_strerror(rc));
        b->services.store_error = store_error_key(rc);
        snprintf(msg, n, core_str("tech.store.reset_failed"), store_strerror(rc));
        return -1;
    }
    store_ready(b);
    store_audit_add(b->store, STORE_ACTOR_ADMIN, "tech", "tech.store_reset", name, b->fault.code);
    b->services.store = b->store;
    b->services.store_error = NULL;
    if (!b->sync && core_config_get_int(b->cfg, "sync.enabled", 1))
        start_sync(b, b->cfg);
    b->services.sync = b->sync;
    ui_app_set_services(b->app, &b->services);
    memset(&b->fault, 0, sizeof b->fault);
    if (!b->halt_early)
        ui_app_set_root(b->app, ui_home_new());
    snprintf(msg, n, core_str("tech.store.reset_done"), name);
    return 0;
}

/* First-boot setup ended: home at the bottom of the stack, unless a
 * failure is on its page (setup opened over it by the technician's
 * gesture): that page stays until the failure is put right, and setup,
 * over it, ends alone (it put home in its place, and villagers were served
 * with the store damaged). */
static void setup_done(void *ud, ui_app *a)
{
    boot_ctx *b = ud;
    if (b->fault.code[0] || b->halt_early)
        return;
    ui_app_set_root(a, ui_home_new());
}

int boot_show_setup(boot_ctx *b)
{
    int full = UI_APP_HAS_TEXT | UI_APP_HAS_STRINGS;
    if (!b->app || (ui_app_caps(b->app) & full) != full)
        return 0;
    if (ui_tech_provisioned(&b->tech.services, b->cfg)) {
        if (!ui_tech_setup_open(&b->tech.services))
            return 0; /* set up: home */
        /* the PIN set, then a restart before 完成，进入首页: not home on
         * what may still be defaults, but the technician to finish it */
        ui_screen *s = ui_tech_setup_unfinished_new(&b->tech.services);
        if (!s)
            return 0;
        core_log(CORE_LOG_WARN, "boot", "first-boot setup begun and not finished: service paused");
        if (b->store)
            store_audit_add(b->store, STORE_ACTOR_ADMIN, "tech", "setup.unfinished", NULL, NULL);
        ui_app_set_root(b->app, s);
        return 1;
    }
    ui_screen *s = ui_tech_setup_new(&b->tech.services, 1);
    if (!s)
        return 0;
    core_log(CORE_LOG_INFO, "boot", "no technician PIN: first-boot setup");
    if (b->store)
        store_audit_add(b->store, STORE_ACTOR_ADMIN, "tech", "setup.start", NULL, NULL);
    ui_app_set_root(b->app, s);
    return 1;
}

void boot_attach(boot_ctx *b, ui_app *app, core_config *cfg, const char *version)
{
    b->app = app;
    ui_app_set_services(app, &b->services);
    ui_app_set_resume(app, ui_form_open_draft, NULL); /* agents reopen drafts */
    char settings[1024];
    if (overrides_path(settings, sizeof settings) != 0)
        settings[0] = '\0'; /* technician mode then says settings cannot be saved */
    tech_link_init(&b->tech, cfg, ui_app_services(app), settings, plat_paths_data(), b->db_path,
                   version);
    b->tech.on_token = on_tech_token;
    b->tech.token_ud = b;
    b->tech.on_store_reset = store_reset;
    b->tech.store_reset_ud = b;
    b->tech.on_setup_done = setup_done;
    b->tech.setup_done_ud = b;
    b->tech.on_settings_changed = settings_changed;
    b->tech.settings_changed_ud = b;
    int full = UI_APP_HAS_TEXT | UI_APP_HAS_STRINGS;
    if ((ui_app_caps(app) & full) == full)
        ui_tech_install(app, &b->tech.services);
    else
        core_log(CORE_LOG_ERROR, "boot", "technician mode closed: no text to show it with");
}

int boot_show_failure(boot_ctx *b, boot_fault *early)
{
    if (early)
        b->early = early;
    const boot_fault *f = early && early->code[0] ? early : b->fault.code[0] ? &b->fault : NULL;
    if (!f || !b->app)
        return 0;
    b->halt_early = f == early;
    char line[800];
    snprintf(line, sizeof line, "%s  %s", f->code, f->where);
    core_log(CORE_LOG_ERROR, "boot", "start-up failure, service paused: %s", line);
    ui_app_set_root(b->app, ui_halt_new(line));
    return 1;
}

void boot_close(boot_ctx *b)
{
    sync_free(b->sync); /* stops the thread first */
    sync_query_cfg_free(b->services.platform); /* a query still running has its own copy */
    if (b->outbox_open)
        sync_store_outbox_close(&b->outbox);
    if (b->store)
        store_checkpoint(b->store);
    store_close(b->store);
    form_catalog_free(b->forms);
    for (size_t i = 0; i < b->n_old; i++)
        form_catalog_free(b->old[i].cat);
    free(b->old);
    if (b->log_open)
        core_logfile_close();
    memset(b, 0, sizeof *b);
}
