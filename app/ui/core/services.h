/* services.h — what screens use besides the display, handed to the app by the
 * program (app/boot) after ui_app_new(): the service-item catalogue, the
 * offline store, the receipt printer, the upload engine and the county
 * platform for the online progress query. The one UI header that includes
 * the form, store and sync headers; a screen that files, queries or prints
 * includes it, a widget never does.
 *
 * Ownership: borrowed; each member must outlive the app. Any member may be
 * NULL when that part is missing (no printer, the store failed to open ...)
 * and screens must cope (say so on screen; never lose what the person entered).
 */
#ifndef CZ_UI_SERVICES_H
#define CZ_UI_SERVICES_H

#include <stddef.h>
#include <stdint.h>

#include "form/form.h"
#include "store/store.h"
#include "sync/sync.h"
#include "ui/core/app.h"

typedef struct {
    form_catalog *forms;   /* service-item definitions, loaded */
    store *store;          /* the UI thread's handle on the offline store */
    const char *store_error; /* why store is NULL: its text's key (store_error_key), else NULL */
    /* Sends ESC/POS bytes to the receipt printer; 0 or -1 with err. NULL: no printer. */
    int (*print)(void *ud, const uint8_t *bytes, size_t len, char *err, size_t errlen);
    void *print_ud;
    int paper_mm;          /* 58 or 80 */
    sync_engine *sync;     /* the upload engine, running on its own thread; NULL: none */
    /* The county platform for the online progress query (sync/query.h):
     * URL, CA file, device token; NULL or not ready: local answers only. */
    struct sync_query_cfg *platform;
    /* The ID-card reader (plat_idcard_open's device: kiosk idcard.device, emulator
     * --idcard FILE); NULL: the platform's default. */
    const char *idcard_device;
    /* The camera of photo fields (plat_camera_open's source: the kiosk's
     * camera.device, the emulator's --camera or its sample folder); NULL or
     * "": the first V4L2 camera. */
    const char *camera_source;
    /* The catalogue in use: 0 built in (assets/forms), else the version the
     * county published (sync/catalog.h), published at catalogue_ms (Unix
     * ms); catalogue_keyed 0 when no county key is set (no updates). */
    int catalogue_version;
    int64_t catalogue_ms;
    int catalogue_keyed;
    /* Called by the home screen when no one is being served (home on top,
     * no form open, no agent session): takes a newer published catalogue if
     * there is one (services.forms then changes, the old one is freed) and
     * returns 1, else 0. NULL: never. */
    int (*catalogue_swap)(void *ud, ui_app *a);
    void *catalogue_ud;
    /* The definition of form id at version (a draft started on an older
     * catalogue resumes on its own definition), or NULL. NULL: none kept. */
    const form_def *(*form_at_version)(void *ud, const char *id, int version);
} ui_services;

/* s is copied (the parts it points to are borrowed). */
void ui_app_set_services(ui_app *a, const ui_services *s);
/* Never NULL (all members NULL before ui_app_set_services). */
const ui_services *ui_app_services(const ui_app *a);

#endif
