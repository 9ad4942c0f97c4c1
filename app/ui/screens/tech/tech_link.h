/* tech_link.h — technician services (tech.h) from the real parts: the sync
 * module's client for the network test and device registration, a pass of
 * the upload engine for "upload now", the receipt printer for a test slip,
 * the ID-card reader, the speaker, the camera (plat_camera.h). Used by the emulator's and the kiosk's
 * main(); tests use it too, against county-sim.
 *
 * The device token from registration is kept in <data>/device.token (mode
 * 0600, where boot.h reads it), never logged, and handed to on_token when set
 * (the program passes it to the running upload engine); platform.device_id is
 * set (a new uuid if empty) and saved to the settings file (config_path: the
 * data folder's settings.conf, core/overrides.h).
 *
 * Calls block their caller for at most the configured sync timeouts
 * (sync.timeout_s). Technician mode runs the network test, the registration
 * and the upload pass on a thread of its own (tech_int.h), so those read the
 * configuration from that thread (nothing writes it meanwhile: the page
 * waits, the device id is made beforehand on the UI thread) and on_token is
 * called from it; the printer, card-reader and speaker tests run from the
 * page's tick after "正在进行…" is drawn.
 *
 * Ownership: tech_link_init() fills l; l->services points into l, so l must
 * stay where it is and outlive the app. Strings are copied.
 */
#ifndef CZ_UI_TECH_LINK_H
#define CZ_UI_TECH_LINK_H

#include "sync/client.h"
#include "ui/screens/tech/tech.h"
#include "ui/core/services.h"

typedef struct {
    tech_services services;
    core_config *cfg;
    const ui_services *ui;
    char config_path[1024];
    char data_dir[1024];
    char db_path[1024];
    char idcard_device[256]; /* "" = the platform's default */
    int paper_mm;
    /* Set by the program after tech_link_init (may stay NULL). */
    void (*on_token)(void *ud, const char *token);
    void *token_ud;
    /* What services.store_reset does (boot.h); NULL leaves it out. */
    int (*on_store_reset)(void *ud, char *msg, size_t n);
    void *store_reset_ud;
    /* What services.setup_done does (boot.h: home in place of first-boot
     * setup); NULL: nothing. */
    void (*on_setup_done)(void *ud, ui_app *a);
    void *setup_done_ud;
    /* What services.settings_changed does (boot.h); NULL: nothing. */
    void (*on_settings_changed)(void *ud, ui_app *a);
    void *settings_changed_ud;
} tech_link;

/* db_path: the store file (its folder holds the signature images); the upload
 * pass uses the app's one store handle (store.h: one writer). */
void tech_link_init(tech_link *l, core_config *cfg, const ui_services *ui, const char *config_path,
                    const char *data_dir, const char *db_path, const char *version);
/* Why a request to the platform failed, in the technician's words, by the
 * kind the client returned (client.h) and its result: not reached (which
 * way), the kiosk's own fault (PROTO_RES_LOCAL), to be registered again,
 * a reply it could not read or the platform's passing error (PROTO_RES_RETRY:
 * 5xx, 408, 429; its status), a refusal (PROTO_RES_FINAL: its status). The
 * platform's code, English, goes to the log. */
void tech_link_platform_why(int kind, const proto_result *r, char *msg, size_t n);
/* The token saved by the last registration into out (n bytes); 0 or -1 if none. */
int tech_link_token(const tech_link *l, char *out, size_t n);

#endif
