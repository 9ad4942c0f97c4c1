/* boot.h — what the program opens before the first screen: the log file, the
 * service-item catalogue (plus county settings) and the offline store. Shared
 * by the emulator's and the kiosk's main().
 *
 * The upload engine (app/sync) starts on its own thread when sync.enabled is
 * set and the store opened; its status changes wake the UI loop
 * (plat_input_wake) so the badge refreshes without polling.
 *
 * Nothing here is fatal: a form file that fails to load is logged and left out,
 * a store that cannot open leaves services.store NULL with the reason in
 * services.store_error as the key of its text (the UI shows an error screen
 * instead of taking filings).
 *
 * Ownership: boot_open() fills a boot_ctx the caller releases with
 * boot_close(); its services point into it.
 */
#ifndef CZ_BOOT_H
#define CZ_BOOT_H

#include <stddef.h>

#include "ui/core/app.h"
#include "core/config.h"
#include "ui/screens/tech/tech_link.h"

typedef struct {
    ui_services services;
    form_catalog *forms;
    store *store;
    sync_outbox outbox;      /* the engine's own store handle */
    int outbox_open;
    sync_engine *sync;
    int log_open;
    char db_path[1024];
    tech_link tech;          /* technician mode's link to the services (boot_attach) */
} boot_ctx;

/* The device token from registration lives in <data>/device.token (mode 0600).
 * Saves it atomically and hands it to the running engine. 0 or -1 with err. */
int boot_save_token(boot_ctx *b, const char *token, char *err, size_t errlen);

/* Loads the settings changed on the kiosk (<data>/settings.conf,
 * core/overrides.h) over cfg: call after the conffile, before command-line
 * overrides. A missing file is fine; a bad one is -1 with err naming the file,
 * the line and the reason. */
int boot_load_overrides(core_config *cfg, char *err, size_t errlen);

/* Uses plat_paths for the data and assets folders. Returns 0; fills err with a
 * warning (e.g. "2 forms rejected") when something was left out. */
int boot_open(boot_ctx *b, const core_config *cfg, int log_to_stderr, char *err, size_t errlen);
void boot_close(boot_ctx *b);

/* Hands the services to the app and wires what every program shares: agents
 * reopening drafts (form screens), and technician mode (hold the top-left
 * corner 2 s, then the top-right 2 s) whose device registration saves the
 * token through boot_save_token and whose settings go to <data>/settings.conf. Set services.print (and print_ud,
 * paper_mm) before. b and cfg must outlive the app. */
void boot_attach(boot_ctx *b, ui_app *app, core_config *cfg, const char *version);

#endif
