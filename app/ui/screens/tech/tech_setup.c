/* tech_setup.c — first-boot setup (设备初始化, tech.h): the page of steps,
 * setting the technician PIN twice, reading settings from a USB stick, and
 * the summary. The steps themselves are the technician pages (settings,
 * registration, self-test). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/log.h"
#include "core/overrides.h"
#include "core/setting.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "plat_clock.h"
#include "ui/core/services.h"
#include "ui/kb/kb.h"
#include "ui/screens/tech/tech_int.h"

/* ---- setting the technician PIN ----------------------------------------- */

typedef struct {
    const tech_services *svc;
    kb *pad;
    int stage;                    /* 0 the new PIN, 1 the same again */
    char first[AUTH_PIN_LEN + 1]; /* the PIN typed first */
    char msg[200];
    tech_job *job;                /* hashing and saving, or NULL */
    SDL_Rect box;                 /* what a digit changes of the field (its dots) */
    SDL_Rect ok;                  /* the button: on once the PIN is whole */
    SDL_Rect mid;                 /* the field to the pad: what a message moves */
} pinset;

/* On the job's thread: the Argon2id hash (0.1-0.5 s), saved to <data>/tech-pin
 * (0600, atomically); the lockout of the old PIN is cleared. */
static int run_pinset(void *ud, const char *pin, char *msg, size_t n)
{
    const tech_services *s = ud;
    char hash[AUTH_HASH_MAX], path[1100];
    int rc = auth_pin_hash(pin, hash);
    if (rc != AUTH_OK) {
        snprintf(msg, n, "%s", core_str(auth_error_key(rc)));
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s", s->data_dir ? s->data_dir : ".", AUTH_TECH_PIN_FILE);
    rc = auth_pin_file_save(path, hash);
    int e = errno;
    sodium_memzero(hash, sizeof hash);
    if (rc != 0) {
        core_log(CORE_LOG_ERROR, "tech", "technician PIN not saved: %s", strerror(e));
        snprintf(msg, n, "%s", core_str("tech.set.save_failed"));
        return -1;
    }
    tech_lock_clear(s);
    snprintf(msg, n, "%s", core_str("tech.pinset.done"));
    return 0;
}

static void pinset_draw(ui_screen *s, ui_app *a)
{
    pinset *p = s->priv;
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    int y = tech_title_bar(a, core_str("tech.pinset.title")) + pad * 2;
    char dots[3 * AUTH_PIN_LEN + 1] = "";
    size_t n = strlen(kb_text(p->pad));
    for (size_t i = 0; i < n && i < AUTH_PIN_LEN; i++)
        strcat(dots, "●");
    const char *label = core_str(p->stage ? "tech.pinset.again" : "tech.pinset.new");
    int cw = tech_pad_left(a); /* the field's column */
    p->box = ui_field_typing_rect(a, pad, y, cw - 2 * pad);
    int top = y;
    y += ui_field(a, pad, y, cw - 2 * pad, NULL, label, dots, NULL, 1,
                  p->msg[0] ? p->msg : NULL) + pad;
    SDL_Rect hb = {pad, y, cw - 2 * pad, 0};
    y += ui_label(a, &hb, core_str("tech.pinset.hint"), t->px_small, TEXT_REGULAR, t->ink_soft,
                  TEXT_LEFT) + pad;
    SDL_Rect ok = {pad, y, cw - 2 * pad, bh};
    p->ok = ok;
    if (p->job) {
        ui_button_disabled(a, &ok, core_str("tech.pinset.saving"));
        ui_app_target(a, &ok, "tech.busy"); /* scripts see the work running */
    } else if (n == AUTH_PIN_LEN) {
        ui_button(a, &ok, "tech.pinset.ok", core_str(p->stage ? "tech.pinset.save" : "tech.pinset.next"),
                  UI_BTN_PRIMARY);
    } else {
        ui_button_disabled(a, &ok, core_str(p->stage ? "tech.pinset.save" : "tech.pinset.next"));
    }
    SDL_Rect kr;
    tech_pad_place(a, p->pad, top, &kr, &p->mid);
    kb_draw(p->pad, a, &kr);
}

/* After a key of the pad: what it changed (tech_pin_typed; a message cleared
 * moves the hint and the button up). */
static void pinset_typed(pinset *p, ui_app *a, int was_whole)
{
    tech_pin_typed(a, p->pad, p->msg, &p->mid, &p->box, &p->ok, was_whole);
}

static void pinset_ok(pinset *p, ui_app *a)
{
    const char *pin = kb_text(p->pad);
    if (p->stage == 0) {
        int rc = auth_pin_check_new(pin);
        if (rc != AUTH_OK) {
            snprintf(p->msg, sizeof p->msg, "%s", core_str("tech.pinset.simple"));
            kb_clear(p->pad);
            return;
        }
        snprintf(p->first, sizeof p->first, "%s", pin);
        p->stage = 1;
        p->msg[0] = '\0';
        kb_clear(p->pad);
        return;
    }
    if (strcmp(pin, p->first) != 0) { /* start again from the first PIN */
        snprintf(p->msg, sizeof p->msg, "%s", core_str("tech.pinset.differ"));
        sodium_memzero(p->first, sizeof p->first);
        p->stage = 0;
        kb_clear(p->pad);
        return;
    }
    /* the kiosk's first PIN, set in setup: from now on the PIN alone would
     * say "set up", so setup is marked open until its summary ends it (a
     * restart in between opens the unfinished page, not home on defaults);
     * marked only here, so a kiosk given its PIN by cunzhan-admin never is */
    if (!ui_tech_provisioned(p->svc, ui_app_config(a)) && ui_tech_setup_mark(p->svc, 1) != 0) {
        snprintf(p->msg, sizeof p->msg, "%s", core_str("tech.set.save_failed"));
        sodium_memzero(p->first, sizeof p->first);
        p->stage = 0;
        kb_clear(p->pad);
        return;
    }
    p->job = tech_job_start(run_pinset, (void *)p->svc, pin);
    sodium_memzero(p->first, sizeof p->first);
    kb_clear(p->pad);
    if (!p->job)
        snprintf(p->msg, sizeof p->msg, "%s", core_str(auth_error_key(AUTH_ERR_CRYPTO)));
    ui_app_wake_at(a, plat_clock_mono_ms() + 20);
}

static uint64_t pinset_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    pinset *p = s->priv;
    int rc = -1;
    char msg[TECH_JOB_MSG];
    if (!p->job)
        return 0;
    if (!tech_job_poll(p->job, &rc, msg, sizeof msg))
        return now + 20; /* the thread also wakes the loop when it ends */
    p->job = NULL;
    ui_app_invalidate(a);
    if (rc != 0) {
        p->stage = 0;
        utf8_copy(p->msg, sizeof p->msg, msg);
        tech_audit(a, "setup.pin", NULL, "failed");
        return 0;
    }
    tech_audit(a, "setup.pin", NULL, "set");
    core_log(CORE_LOG_INFO, "tech", "technician PIN set on the panel");
    ui_app_pop(a); /* frees p */
    return 0;
}

static void pinset_activate(ui_screen *s, ui_app *a, const char *id)
{
    pinset *p = s->priv;
    if (!strcmp(id, "tech.back")) {
        ui_app_pop(a);
    } else if (!strcmp(id, "tech.pinset.ok")) {
        if (!p->job && strlen(kb_text(p->pad)) == AUTH_PIN_LEN)
            pinset_ok(p, a);
        ui_app_invalidate(a);
    } else {
        int whole = strlen(kb_text(p->pad)) == AUTH_PIN_LEN;
        if (kb_activate(p->pad, a, id))
            pinset_typed(p, a, whole);
    }
}

static int pinset_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    pinset *p = s->priv;
    if (ev->type == PLAT_EV_KEY && ev->key == PLAT_KEY_ENTER) { /* a USB keyboard's Enter: 下一步 */
        pinset_activate(s, a, "tech.pinset.ok");
        return 1;
    }
    int whole = strlen(kb_text(p->pad)) == AUTH_PIN_LEN;
    if (!kb_event(p->pad, a, ev))
        return 0;
    if (ev->type != PLAT_EV_DOWN) /* a finger down between keys changes nothing yet */
        pinset_typed(p, a, whole);
    return 1;
}

static void pinset_destroy(ui_screen *s)
{
    pinset *p = s->priv;
    tech_job_drop(p->job); /* the PIN is saved even so; the thread frees the job */
    kb_free(p->pad);
    sodium_memzero(p, sizeof *p);
    ui_screen_free(s);
}

static const ui_screen_ops PINSET_OPS = {"tech.pinset", pinset_draw, pinset_activate,
                                         pinset_event, pinset_tick, pinset_destroy};

static int pinset_working(ui_screen *s) { return ((pinset *)s->priv)->job != NULL; }

ui_screen *tech_pinset_new(const tech_services *svc)
{
    ui_screen *s = ui_screen_new(&PINSET_OPS, sizeof(pinset));
    pinset *p = s ? s->priv : NULL;
    if (!p || !(p->pad = kb_new("tech.pad", KB_DIGITS))) {
        ui_screen_free(s);
        return NULL;
    }
    kb_set_max_chars(p->pad, AUTH_PIN_LEN);
    p->svc = svc;
    s->working = pinset_working;
    return s;
}

/* ---- settings from a USB stick ----------------------------------------- */

/* What the setup file may set; anything else in it is refused. */
static const char *const USB_KEYS[] = {"station.name",     "station.area_code", "platform.url",
                                       "platform.ca_file", "platform.pin",      "bundle.county_pk",
                                       "catalogue.county_pk", NULL};

/* 1 if a USB setup file may set key. */
static int usb_key(const char *key)
{
    for (int i = 0; USB_KEYS[i]; i++)
        if (!strcmp(key, USB_KEYS[i]))
            return 1;
    return 0;
}

static void usb_dir(const tech_services *s, ui_app *a, char *out, size_t n)
{
    const char *d = core_config_get(ui_app_config(a), "bundle.dir");
    if (d && d[0])
        snprintf(out, n, "%s", d);
    else
        snprintf(out, n, "%s/usb", s->data_dir ? s->data_dir : ".");
}

/* Reads <usb>/cunzhan-setup.conf: checked whole with the program's own
 * validator first (nothing is saved from a file with a bad line), then each
 * key saved to the settings file. The status line says what was read or why
 * not. */
static void usb_import(tech_page *p, ui_app *a)
{
    char dir[512], file[1100], err[512];
    usb_dir(p->svc, a, dir, sizeof dir);
    snprintf(file, sizeof file, "%s/%s", dir, TECH_SETUP_FILE);
    if (access(file, R_OK) != 0) {
        tech_page_status(p, 0, core_str("tech.setup.usb_none"), TECH_SETUP_FILE);
        tech_audit(a, "setup.usb", NULL, "no file");
        return;
    }
    core_config *probe = core_config_new();
    if (!probe) {
        tech_page_status(p, 0, "%s", core_str("tech.set.save_failed"));
        return;
    }
    if (core_config_load_file(probe, file, err, sizeof err) != 0) {
        /* the line and what is wrong with it in words; the validator's
         * English to the log */
        const core_config_fault *fl = core_config_last_fault(probe);
        if (fl->kind == CORE_CONFIG_FAULT_SYNTAX)
            tech_page_status(p, 0, core_str("tech.setup.usb_syntax"), fl->line);
        else if (fl->kind == CORE_CONFIG_FAULT_UNKNOWN)
            tech_page_status(p, 0, core_str("tech.setup.usb_unknown"), fl->line, fl->key);
        else if (fl->kind == CORE_CONFIG_FAULT_VALUE && !usb_key(fl->key))
            tech_page_status(p, 0, core_str("tech.setup.usb_key"), fl->key); /* not here at all */
        else if (fl->kind == CORE_CONFIG_FAULT_VALUE) {
            const char *why = tech_bad_value_or(fl->key, NULL); /* its own words, if any */
            char said[300];
            snprintf(said, sizeof said, "%s%s", why ? "：" : "", why ? why : "");
            tech_page_status(p, 0, core_str("tech.setup.usb_value"), fl->line,
                             tech_setting_name(fl->key), said);
        }
        else
            tech_page_status(p, 0, core_str("tech.setup.usb_unreadable"), TECH_SETUP_FILE);
        core_log(CORE_LOG_WARN, "tech", "setup file refused: %s", err);
        tech_audit(a, "setup.usb", NULL, "refused");
        core_config_free(probe);
        return;
    }
    /* the keys the file names (its lines are valid: the probe loaded them) */
    int in_file[sizeof USB_KEYS / sizeof USB_KEYS[0]] = {0};
    char badkey[96] = "";
    FILE *f = fopen(file, "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
        char *k = line + strspn(line, " \t");
        size_t kl = strcspn(k, " \t=");
        if (*k == '#' || *k == '\n' || *k == '\r' || !*k || kl == 0)
            continue;
        k[kl] = '\0';
        int found = 0;
        for (int i = 0; USB_KEYS[i]; i++)
            if (!strcmp(k, USB_KEYS[i]))
                found = in_file[i] = 1;
        if (!found && !badkey[0])
            snprintf(badkey, sizeof badkey, "%s", k);
    }
    if (f)
        fclose(f);
    if (badkey[0]) {
        tech_page_status(p, 0, core_str("tech.setup.usb_key"), badkey);
        tech_audit(a, "setup.usb", badkey, "refused");
        core_config_free(probe);
        return;
    }
    /* an empty station name: the header and every slip blank (a settings
     * file the kiosk already has may hold one: refused here, not there) */
    for (int i = 0; USB_KEYS[i]; i++)
        if (in_file[i] && !strcmp(USB_KEYS[i], "station.name") &&
            core_setting_blank(core_config_get(probe, "station.name"))) {
            tech_page_status(p, 0, "%s", core_str("tech.setup.usb_blank_name"));
            tech_audit(a, "setup.usb", "station.name", "refused");
            core_config_free(probe);
            return;
        }
    /* the certificate the file names, before any setting is saved: a file
     * whose certificate is not on the stick changes nothing (it saved the
     * station and the address, then said it was refused) */
    char ca[1100] = "";
    const char *ca_named = core_config_get(probe, "platform.ca_file");
    int ca_in_file = 0;
    for (int i = 0; USB_KEYS[i]; i++)
        ca_in_file |= in_file[i] && !strcmp(USB_KEYS[i], "platform.ca_file");
    if (ca_in_file && ca_named[0]) {
        char from[1200];
        if (ca_named[0] == '/')
            snprintf(from, sizeof from, "%s", ca_named);
        else
            snprintf(from, sizeof from, "%s/%s", dir, ca_named); /* beside the setup file */
        int pem = access(from, R_OK) == 0 ? core_setting_certificate(from) : -1;
        /* the stick goes away: a copy in the data folder */
        if (pem != 1 || core_setting_copy_ca(from, p->svc->data_dir, ca, sizeof ca) != 0) {
            tech_page_status(p, 0, core_str(pem == 0 ? "tech.setup.usb_ca_bad" : "tech.setup.usb_ca"),
                             ca_named);
            tech_audit(a, "setup.usb", "platform.ca_file", "refused");
            core_config_free(probe);
            return;
        }
    }
    int n = 0;
    for (int i = 0; USB_KEYS[i]; i++) {
        const char *key = USB_KEYS[i];
        const char *v = core_config_get(probe, key);
        if (!in_file[i])
            continue;
        if (!strcmp(key, "platform.ca_file") && v[0])
            v = ca; /* the copy in the data folder */
        if (!p->svc->config_path ||
            core_overrides_set(ui_app_config(a), p->svc->config_path, key, v, err, sizeof err) != 0) {
            core_log(CORE_LOG_ERROR, "tech", "setup file: %s not saved: %s", key,
                     p->svc->config_path ? err : "no settings file");
            tech_page_status(p, 0, "%s", core_str("tech.set.save_failed"));
            break;
        }
        tech_audit(a, "settings.change", key, "usb");
        n++;
    }
    if (p->status_ok != 0) {
        char d[32];
        snprintf(d, sizeof d, "keys=%d", n);
        tech_audit(a, "setup.usb", NULL, d);
        core_log(CORE_LOG_INFO, "tech", "setup file read: %d settings", n);
        tech_page_status(p, 1, core_str("tech.setup.usb_done"), n);
    }
    core_config_free(probe);
}

/* ---- the page of steps -------------------------------------------------- */

enum { STEP_PIN, STEP_STATION, STEP_PLATFORM, STEP_REGISTER, STEP_SELFTEST, STEP_SUMMARY, NSTEPS };

static const char *const STATION_KEYS[] = {"station.name", "station.area_code", NULL};
static const char *const PLATFORM_KEYS[] = {"platform.url", "platform.ca_file", "platform.pin",
                                            NULL};

typedef struct {
    int first_boot;
    int seen[NSTEPS]; /* the step's page was opened */
} setup;

int tech_registered(const tech_services *s)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/device.token", s->data_dir ? s->data_dir : ".");
    return access(path, F_OK) == 0;
}

/* 1 if any of keys differs from its embedded default (set on this kiosk). */
static int changed_from_default(ui_app *a, const char *const *keys)
{
    core_config *def = core_config_new();
    int changed = 0;
    for (int i = 0; def && keys[i]; i++)
        changed |= strcmp(core_config_get(def, keys[i]), core_config_get(ui_app_config(a), keys[i])) != 0;
    core_config_free(def);
    return changed;
}

/* 1 if the step is done as far as the kiosk can tell: the PIN and the token
 * are there, a self-test ran, the settings differ from the embedded
 * defaults (a demonstration's station and a loopback address: opening the
 * step and going back ticked it, the defaults still in place). */
static int step_done(tech_page *p, ui_app *a, int i)
{
    setup *su = p->priv;
    int pass, fail;
    switch (i) {
    case STEP_PIN: return ui_tech_provisioned(p->svc, ui_app_config(a));
    case STEP_STATION: /* a blank name is not done, whatever else is set */
        return changed_from_default(a, STATION_KEYS) &&
               !core_setting_blank(core_config_get(ui_app_config(a), "station.name"));
    case STEP_PLATFORM: return changed_from_default(a, PLATFORM_KEYS);
    case STEP_REGISTER: return tech_registered(p->svc);
    case STEP_SELFTEST: return tech_selftest_last(a, &pass, &fail) == 0 && fail == 0; /* as the summary says */
    default: return su->seen[i];
    }
}

static void setup_fill(tech_page *p, ui_app *a)
{
    core_config *cfg = ui_app_config(a);
    char line[300], sub[600];
    for (int i = 0; i < NSTEPS; i++) {
        char k[48];
        snprintf(k, sizeof k, "tech.setup.step%d", i);
        snprintf(line, sizeof line, "%d. %s", i + 1, core_str(k));
        sub[0] = '\0';
        int pass = 0, fail = 0;
        switch (i) {
        case STEP_PIN:
            snprintf(sub, sizeof sub, "%s", core_str(step_done(p, a, i) ? "tech.setup.pin_set"
                                                                        : "tech.setup.pin_none"));
            break;
        case STEP_STATION:
            snprintf(sub, sizeof sub, "%s  %s", core_config_get(cfg, "station.name"),
                     core_config_get(cfg, "station.area_code"));
            break;
        case STEP_PLATFORM:
            snprintf(sub, sizeof sub, "%s", core_config_get(cfg, "platform.url"));
            break;
        case STEP_REGISTER:
            snprintf(sub, sizeof sub, "%s", core_str(tech_registered(p->svc) ? "tech.setup.reg_yes"
                                                                   : "tech.info.unregistered"));
            break;
        case STEP_SELFTEST:
            if (tech_selftest_last(a, &pass, &fail) == 0)
                snprintf(sub, sizeof sub, core_str("tech.self.summary"), pass, fail);
            else
                snprintf(sub, sizeof sub, "%s", core_str("tech.self.not_run"));
            break;
        default:
            break;
        }
        char mark[320];
        snprintf(mark, sizeof mark, "%s  %s",
                 i < STEP_SUMMARY ? core_str(step_done(p, a, i) ? "tech.setup.done_mark"
                                                                : "tech.setup.todo_mark")
                                  : "",
                 line);
        tech_page_row(p, i < STEP_SUMMARY ? mark : line, sub[0] ? sub : NULL);
    }
}

static void open_step(tech_page *p, ui_app *a, int i)
{
    setup *su = p->priv;
    ui_screen *s = NULL;
    switch (i) {
    case STEP_PIN: s = tech_pinset_new(p->svc); break;
    case STEP_STATION:
        s = tech_settings_some_new(p->svc, STATION_KEYS, "tech.setup.step1.page");
        break;
    case STEP_PLATFORM:
        s = tech_settings_some_new(p->svc, PLATFORM_KEYS, "tech.setup.step2");
        break;
    case STEP_REGISTER: s = tech_register_new(p->svc); break;
    case STEP_SELFTEST: s = tech_selftest_new(p->svc); break;
    case STEP_SUMMARY: s = tech_setup_summary_new(p->svc, su->first_boot); break;
    default: return;
    }
    if (!s)
        return;
    su->seen[i] = 1;
    char d[24];
    snprintf(d, sizeof d, "step=%d", i + 1);
    tech_audit(a, "setup.step", NULL, d);
    p->status[0] = '\0';
    p->filled = 0; /* the steps' state again when back */
    ui_app_push(a, s);
}

static void setup_row(tech_page *p, ui_app *a, int i) { open_step(p, a, i); }

static void setup_action(tech_page *p, ui_app *a, int n)
{
    if (n == 1) {
        usb_import(p, a);
        return;
    }
    /* 下一步: the first step not done yet; the PIN is needed before anything */
    int i = 0;
    while (i < STEP_SUMMARY && step_done(p, a, i))
        i++;
    open_step(p, a, i);
}

static void setup_destroy(tech_page *p) { free(p->priv); }

static const tech_page_kind SETUP = {"tech.setup", "tech.setup.title", setup_fill, setup_action,
                                     setup_row, setup_destroy, NULL,
                                     {"tech.setup.next", "tech.setup.usb"}};

ui_screen *ui_tech_setup_new(const tech_services *s, int first_boot)
{
    setup *su = calloc(1, sizeof *su);
    ui_screen *sc = su ? tech_page_new(&SETUP, s, su) : NULL;
    if (!sc) {
        free(su);
        return NULL;
    }
    su->first_boot = first_boot;
    ((tech_page *)sc->priv)->no_back = first_boot;
    return sc;
}

/* ---- setup begun and not finished --------------------------------------- */

static void open_path(const tech_services *s, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", s->data_dir ? s->data_dir : ".", TECH_SETUP_OPEN_FILE);
}

int ui_tech_setup_open(const tech_services *s)
{
    char path[1100];
    open_path(s, path, sizeof path);
    return access(path, F_OK) == 0;
}

/* The data folder synced, so the file's coming or going survives a power cut. */
static void sync_dir(const tech_services *s)
{
    int fd = open(s->data_dir ? s->data_dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int ui_tech_setup_mark(const tech_services *s, int open_)
{
    char path[1100];
    open_path(s, path, sizeof path);
    if (!open_) {
        if (unlink(path) != 0 && errno != ENOENT) {
            core_log(CORE_LOG_ERROR, "tech", "%s not removed: %s", TECH_SETUP_OPEN_FILE, strerror(errno));
            return -1;
        }
        sync_dir(s);
        return 0;
    }
    if (access(path, F_OK) == 0)
        return 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    static const char line[] = "first-boot setup begun, not finished\n";
    int ok = fd >= 0 && write(fd, line, sizeof line - 1) == (ssize_t)(sizeof line - 1) && fsync(fd) == 0;
    int e = errno;
    if (fd >= 0)
        ok &= close(fd) == 0;
    if (!ok) {
        core_log(CORE_LOG_ERROR, "tech", "%s not written: %s", TECH_SETUP_OPEN_FILE, strerror(e));
        return -1;
    }
    sync_dir(s);
    return 0;
}

static void unfinished_fill(tech_page *p, ui_app *a)
{
    (void)a;
    tech_page_row(p, core_str("tech.setup.unfinished.serve"), NULL);
    tech_page_row(p, core_str("tech.setup.unfinished.tech"), core_str("tech.setup.unfinished.how"));
}

static void unfinished_action(tech_page *p, ui_app *a, int n)
{
    (void)n;
    ui_screen *s = tech_pin_setup_new(p->svc);
    if (s)
        ui_app_push(a, s);
}

static const tech_page_kind UNFINISHED = {"tech.setup.unfinished", "tech.setup.unfinished.title",
                                          unfinished_fill, unfinished_action, NULL, NULL, NULL,
                                          {"tech.setup.unfinished.go"}};

ui_screen *ui_tech_setup_unfinished_new(const tech_services *s)
{
    ui_screen *sc = tech_page_new(&UNFINISHED, s, NULL);
    if (sc)
        ((tech_page *)sc->priv)->no_back = 1;
    return sc;
}

/* ---- summary ------------------------------------------------------------ */

static void summary_fill(tech_page *p, ui_app *a)
{
    core_config *cfg = ui_app_config(a);
    int pin = ui_tech_provisioned(p->svc, cfg);
    char line[300];
    tech_page_row(p, core_str("tech.setup.pin_row"),
                  core_str(pin ? "tech.setup.pin_set" : "tech.setup.pin_none"));
    tech_page_row(p, core_str("tech.set.station.name"), core_config_get(cfg, "station.name"));
    tech_page_row(p, core_str("tech.set.station.area_code"),
                  core_config_get(cfg, "station.area_code"));
    tech_page_row(p, core_str("tech.set.platform.url"), core_config_get(cfg, "platform.url"));
    const char *ca = core_config_get(cfg, "platform.ca_file"), *pins = core_config_get(cfg, "platform.pin");
    tech_page_row(p, core_str("tech.setup.trust"),
                  pins[0] ? pins : ca[0] ? ca : core_str("tech.setup.system_ca"));
    const char *dev = core_config_get(cfg, "platform.device_id");
    int reg = tech_registered(p->svc);
    snprintf(line, sizeof line, "%s  %s", core_str("tech.info.device"),
             core_str(reg ? "tech.setup.reg_yes" : "tech.info.unregistered"));
    tech_page_row(p, line, dev[0] ? dev : NULL);
    int pass = 0, fail = 0, ran = tech_selftest_last(a, &pass, &fail) == 0;
    if (ran)
        snprintf(line, sizeof line, core_str("tech.self.summary"), pass, fail);
    else
        snprintf(line, sizeof line, "%s", core_str("tech.self.not_run"));
    tech_page_row(p, core_str("tech.menu.selftest"), line);
    if (!p->status[0]) {
        /* the steps not done, by their names: the station's
         * name and the platform as they came (a demonstration's) too, which
         * the summary called done */
        int open[NSTEPS] = {0};
        open[STEP_STATION] = !changed_from_default(a, STATION_KEYS) ||
                             core_setting_blank(core_config_get(cfg, "station.name"));
        open[STEP_PLATFORM] = !changed_from_default(a, PLATFORM_KEYS);
        open[STEP_REGISTER] = !reg;
        open[STEP_SELFTEST] = !ran || fail;
        char list[600] = "";
        size_t len = 0;
        for (int i = 0; i < STEP_SUMMARY; i++) {
            char k[48];
            snprintf(k, sizeof k, "tech.setup.step%d", i);
            if (open[i] && len < sizeof list)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                        len ? core_str("tech.setup.list_sep") : "", core_str(k));
        }
        if (!pin)
            tech_page_status(p, 0, "%s", core_str("tech.setup.need_pin"));
        else if (list[0])
            tech_page_status(p, 0, core_str("tech.setup.open_items"), list);
        else
            tech_page_status(p, 1, "%s", core_str("tech.setup.all_ok"));
    }
}

static void summary_action(tech_page *p, ui_app *a, int n)
{
    (void)n;
    int *first_boot = p->priv;
    if (!ui_tech_provisioned(p->svc, ui_app_config(a))) { /* no way in afterwards without it */
        tech_page_status(p, 0, "%s", core_str("tech.setup.need_pin"));
        return;
    }
    /* from the menu, setup ends too while it is open (begun on the kiosk
     * and never finished: the kiosk opened the unfinished page) */
    if (!*first_boot && !ui_tech_setup_open(p->svc)) {
        p->leave = 2;
        return;
    }
    if (ui_tech_setup_mark(p->svc, 0) != 0) { /* it would open unfinished again */
        tech_page_status(p, 0, "%s", core_str("tech.set.save_failed"));
        return;
    }
    tech_audit(a, "setup.done", NULL, NULL);
    core_log(CORE_LOG_INFO, "tech", "first-boot setup done");
    if (p->svc->setup_done)
        p->svc->setup_done(p->svc->ud, a); /* home in place of the page of steps */
    p->leave = 1;
}

static void summary_destroy(tech_page *p) { free(p->priv); }

static const tech_page_kind SUMMARY = {"tech.summary", "tech.setup.step5", summary_fill,
                                       summary_action, NULL, summary_destroy, NULL,
                                       {"tech.setup.finish"}};

ui_screen *tech_setup_summary_new(const tech_services *s, int first_boot)
{
    int *fb = calloc(1, sizeof *fb);
    ui_screen *sc = fb ? tech_page_new(&SUMMARY, s, fb) : NULL;
    if (!sc) {
        free(fb);
        return NULL;
    }
    *fb = first_boot;
    if (!first_boot)
        ((tech_page *)sc->priv)->buttons[0] = "tech.setup.back";
    return sc;
}
