/* boot.h — what the program opens before the first screen: the log file, the
 * service-item catalogue (plus county settings) and the offline store. Shared
 * by the emulator's and the kiosk's main().
 *
 * The upload engine (app/sync) starts on its own thread when sync.enabled is
 * set and the store opened; it shares the store handle with the UI (store.h:
 * one writer), and keeps time on the platform's wall clock as the store does
 * (plat_clock_wall_ms: the emulator's --clock pins both; a script's wait and
 * settle tell the engine, sync_nudge). Its status changes wake the UI loop (plat_input_wake) so the
 * badge refreshes without polling. Drafts older than ui.draft_keep_days are
 * purged at start (and daily by the engine, at every confirm by the store).
 *
 * The catalogue: with catalogue.county_pk set, start-up uses the newest
 * catalogue the county published (<data>/catalogue, sync/catalog.h) when its
 * signature, every file's hash and the form loader all accept it, else the
 * built-in one (assets/forms); the upload engine asks for updates. Without
 * the key updates are off (logged once, shown on the technician's info
 * page). A catalogue published while the kiosk runs is taken by the home
 * screen between sessions (services.catalogue_swap); older published
 * versions stay while a draft needs their definitions
 * (services.form_at_version).
 *
 * Nothing here is fatal: a form file that fails to load is logged and left out
 * (but a catalogue of home tiles naming it, or refused, is a CATALOGUE failure),
 * a store that cannot open leaves services.store NULL with the reason in
 * services.store_error as the key of its text.
 *
 * Start-up failures stay on the panel, never in a restart loop: a bad
 * configuration line (the conffile's, or the data folder's settings.conf),
 * a missing assets folder or fonts, a data file that is
 * damaged (fails PRAGMA quick_check, is not a database, or is 0 bytes with no
 * WAL beside it), read-only, from newer firmware or on a full disk each make a
 * boot_fault; the program keeps running and boot_show_failure() puts the
 * failure page (ui/screens/home/halt.h: 本机暂停服务，请找工作人员 and a
 * technician line "CODE file:line: reason") at the bottom of the stack in
 * place of home. Technician mode (the two-corner hold) stays reachable on it
 * whenever the app has text and its interface words (ui_app_caps): with the
 * kiosk's own fonts missing the text comes from the system's CJK font (Noto
 * CJK, which the kiosk package depends on); with no font at all the page is
 * a pictogram alone and technician mode is closed (there is nothing to read
 * it with: the technician reads the journal and reinstalls the assets).
 *
 * A bad line in settings.conf (what the technician changed on this kiosk)
 * stops the kiosk too (SETTINGS), but a line naming a key this firmware does
 * not have does not (a newer firmware's setting, after a rollback: left
 * out, logged, shown in technician mode's settings): its other lines are loaded (the station,
 * the platform and its keys stay as set), and the page stays until the
 * technician, in technician mode's settings, saves that line's setting
 * again or drops the lines that do not load (the file as it was kept beside
 * as settings.conf.bad-<UTC time>); once the file loads whole, home (or the
 * next failure) replaces the page.
 *
 * A damaged data file is never repaired, replaced or deleted at start; the
 * technician confirms in technician mode (upload queue page, 移开坏文件并新建):
 * the file (and its -wal/-shm) is renamed to cunzhan.db.damaged-<UTC time>,
 * kept beside, a fresh store opens, the upload engine starts, the action is
 * written to the fresh file's audit log and home replaces the failure page.
 *
 * Ownership: boot_open() fills a boot_ctx the caller releases with
 * boot_close(); its services point into it.
 */
#ifndef CZ_BOOT_H
#define CZ_BOOT_H

#include <stdatomic.h>
#include <stddef.h>

#include "ui/core/app.h"
#include "ui/core/services.h"
#include "core/config.h"
#include "ui/screens/tech/tech_link.h"

/* One start-up failure: a short English code and where ("file:line: reason"). */
typedef struct {
    char code[24];  /* "" = none; CONFIG, SETTINGS, ASSETS, FONTS, DB_CORRUPT, DB_EMPTY, DB_READONLY,
                       DB_TOONEW, DB_FULL, DB_OPEN, CATALOGUE (the home tiles of
                       assets/forms/catalogue.json refused: form.h) */
    char where[700];
} boot_fault;

/* Records a failure unless one is recorded already (the first is the cause). */
void boot_fault_set(boot_fault *f, const char *code, const char *where);

typedef struct {
    ui_services services;
    form_catalog *forms;
    store *store;
    sync_outbox outbox;      /* the engine's outbox over store (the one writer) */
    int outbox_open;
    sync_engine *sync;
    int log_open;
    char db_path[1024];
    tech_link tech;          /* technician mode's link to the services (boot_attach) */
    boot_fault fault;        /* the first start-up failure ("" code: none) */
    ui_app *app;             /* set by boot_attach */
    int halt_early;          /* the failure page is for an early failure (config, assets) */
    boot_fault *early;       /* the early failure boot_show_failure was given (may be NULL) */
    const core_config *cfg;
    /* the catalogue */
    char cat_root[1024];     /* <data>/catalogue */
    char cat_builtin[1024];  /* assets/forms */
    unsigned char cat_pk[32];
    atomic_int cat_pending;  /* the newest version the engine published */
    int cat_tried;           /* the newest version a swap tried */
    struct boot_old_cat *old; /* catalogues loaded for drafts of older versions */
    size_t n_old;
} boot_ctx;

/* Loads a catalogue folder the way start-up does (form_catalog_open), with
 * the setting forms.county_settings as the county settings of a folder that
 * brings none. NULL with err when it fails. */
form_catalog *boot_catalogue_load(const char *dir, const core_config *cfg, int strict, int *loaded,
                                  char *err, size_t errlen);

/* The app for the programs' main(): ui_app_new(), or when the interface
 * words or fonts are missing a bare app (ui_app_new_bare) with the failure
 * recorded in f (ASSETS or FONTS). NULL only when out of memory. */
ui_app *boot_app_new(plat_display *d, core_config *cfg, boot_fault *f);

/* After boot_attach: if early (configuration, assets, fonts; may be NULL) or
 * boot_open recorded a failure, logs it and shows the failure page in place
 * of home. Returns 1 if the page is shown, 0 if all is well. early must
 * outlive b (a SETTINGS failure is cleared in it once the technician fixed
 * the file). */
int boot_show_failure(boot_ctx *b, boot_fault *early);

/* The device token from registration lives in <data>/device.token (mode 0600).
 * Saves it atomically and hands it to the running engine. 0 or -1 with err. */
int boot_save_token(boot_ctx *b, const char *token, char *err, size_t errlen);

/* Loads the settings changed on the kiosk (<data>/settings.conf,
 * core/overrides.h) over cfg: call after the conffile, before command-line
 * overrides. A missing file is fine, and so is a line naming a key this
 * firmware does not have (left out; boot_open logs it); a bad one (a syntax
 * error, a bad value, unreadable) is -1 with err naming the file,
 * the line and the reason, recorded in f as SETTINGS (f may be NULL), and
 * its lines that load on their own loaded all the same
 * (core_overrides_salvage). */
int boot_load_overrides(core_config *cfg, boot_fault *f, char *err, size_t errlen);

/* Uses plat_paths for the data and assets folders. Returns 0; fills err with a
 * warning (e.g. "2 forms rejected") when something was left out. */
int boot_open(boot_ctx *b, const core_config *cfg, int log_to_stderr, char *err, size_t errlen);
void boot_close(boot_ctx *b);

/* After boot_attach, when no failure page is shown: a kiosk with no
 * technician PIN (ui_tech_provisioned) gets first-boot setup at the bottom
 * of the stack in place of home, audited (setup.start) and marked begun on
 * disk (ui_tech_setup_mark); its last step removes the mark and puts home
 * back. A kiosk with a PIN whose setup was begun and never finished (a
 * restart before 完成，进入首页) gets the unfinished page instead
 * (ui_tech_setup_unfinished_new: no villager served; the technician's PIN
 * continues the steps), audited (setup.unfinished). Returns 1 if either is
 * shown, 0 if the kiosk is set up (or technician mode is closed: no text to
 * show it with). */
int boot_show_setup(boot_ctx *b);

/* Hands the services to the app and wires what every program shares: agents
 * reopening drafts (form screens), and technician mode (hold the top-left
 * corner 2 s, then the top-right 2 s) whose device registration saves the
 * token through boot_save_token and whose settings go to <data>/settings.conf. Set services.print (and print_ud,
 * paper_mm) before. b and cfg must outlive the app. Technician mode is not
 * installed on an app without text or interface words (ui_app_caps). */
void boot_attach(boot_ctx *b, ui_app *app, core_config *cfg, const char *version);

#endif
