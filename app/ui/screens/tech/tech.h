/* tech.h — technician mode (维护模式): a hidden entry, a technician PIN, and
 * screens for what a technician does at a village kiosk: versions of the
 * firmware, the data file's schema and the form catalogue, characters the
 * fonts lack and the speech cache (the info page), a network test to the county platform,
 * the upload queue with its last errors and a forced upload, the filings held
 * there (why; resubmit or discard, audited), the log file's last lines
 * across restarts,
 * settings (validated, saved atomically, audit-logged), device registration,
 * a self-test of the peripherals, the sneakernet export (app/bundle) and the
 * audit log (who did what and when, no personal data in clear).
 *
 * Entry: press and hold the top-left corner of the home screen for 2 s, let
 * go, then within 5 s press and hold the top-right corner for 2 s (one finger
 * or a mouse; tech_gesture.h). Then the technician PIN (6 digits, checked
 * with auth_try's lockout against the Argon2id hash in <data>/tech-pin, set
 * with cunzhan-admin set-pin, else in the older setting tech.pin_hash; the
 * lockout state survives restarts in <data>/tech-lock). The check runs on a
 * thread of its own (0.1-0.5 s): the screen keeps answering and shows
 * "正在核对密码…" meanwhile. No PIN set (a kiosk not yet set up): the entry
 * opens first-boot setup (ui_tech_setup_new) instead, whose first step sets it.
 *
 * What technician mode reaches beyond the app comes through tech_services
 * (any member may be NULL: the screen then says the function is missing).
 * tech_link.h fills them from the real parts (sync client, store, printer,
 * ID-card reader, speaker).
 *
 * Ownership: the services struct given to ui_tech_install() is borrowed and
 * must outlive the app.
 */
#ifndef CZ_UI_TECH_H
#define CZ_UI_TECH_H

#include <stddef.h>
#include <stdint.h>

#include "ui/core/app.h"

/* What the upload engine reports (sync_status, reduced). */
typedef struct {
    int pending;           /* -1 unknown */
    int held;              /* refused for good, waiting for a technician */
    int online;            /* -1 unknown, 0 offline, 1 reached the platform */
    int64_t last_success_ms;
    char last_error[160];  /* "" if none */
} tech_sync_info;

typedef struct {
    void *ud;
    const char *config_path; /* where settings are saved: the data folder's file
                              * that overrides the conffile (core/overrides.h) */
    const char *data_dir;    /* device signing key, tech-lock, default export folder */
    const char *version;     /* firmware version text */
    /* Each returns 0 on success, else -1; msg gets a short Chinese result
     * line for the screen (no secrets, no personal data). */
    int (*net_test)(void *ud, char *msg, size_t n);
    int (*force_sync)(void *ud, char *msg, size_t n);
    int (*register_device)(void *ud, const char *code, char *msg, size_t n);
    void (*sync_info)(void *ud, tech_sync_info *out);
    int (*print_test)(void *ud, char *msg, size_t n);
    int (*idcard_test)(void *ud, char *msg, size_t n);
    int (*beep)(void *ud, char *msg, size_t n);
    /* The county's catalogue asked for now by the running upload engine
     * (sync_check_catalogue), waiting for that check's answer: msg says the
     * new version taken (also one taken earlier and not yet in use: in_use
     * is the version the screens use, 0 the built-in one), that the one in
     * use is the latest, or why the update was refused. Slow (a round to
     * the platform): a page's job. */
    int (*check_catalogue)(void *ud, int in_use, char *msg, size_t n);
    /* The data file did not open because it is damaged: move it aside (kept,
     * named with the time) and start a fresh one; the upload queue page
     * offers it while there is no store. Audited in the fresh file. */
    int (*store_reset)(void *ud, char *msg, size_t n);
    /* A filing held for a technician (refused by the platform for good, or
     * its frozen body changed on disk), from its page on the upload queue:
     * back into the queue after the cause is fixed, or discarded with its
     * signature images. Each writes an audit row naming the technician. */
    int (*held_resubmit)(void *ud, const char *uuid, char *msg, size_t n);
    int (*held_discard)(void *ud, const char *uuid, char *msg, size_t n);
    /* The camera, when the kiosk has one: 1 none there (the self-test leaves
     * it out), 0 it answers, -1 it is there and does not (msg says so). */
    int (*camera_test)(void *ud, char *msg, size_t n);
    /* The bytes of an image a waiting filing names, for the USB export
     * (bundle_attachment_fn's contract: the data folder's signature and
     * consent images, checked against sha256; 0, or nonzero when missing or
     * changed). NULL: filings that name images cannot be exported. */
    int (*export_image)(void *ud, const char *name, const char *sha256, unsigned char **data,
                        size_t *len);
    /* First-boot setup ended (its summary's button): the program puts home
     * at the bottom of the stack in place of setup. NULL: nothing to do. */
    void (*setup_done)(void *ud, ui_app *a);
    /* The settings file (config_path) was changed by the technician: a save,
     * or its lines that did not load dropped. When start-up stopped on that
     * file (the failure page, SETTINGS) and it now loads whole, the program
     * puts the villagers' screens back. NULL: nothing to do. */
    void (*settings_changed)(void *ud, ui_app *a);
} tech_services;

/* Installs the hidden entry on the app (ui_app_set_hidden_entry). */
void ui_tech_install(ui_app *a, const tech_services *s);
/* The PIN screen (what the gesture opens). */
ui_screen *ui_tech_pin_new(const tech_services *s);
/* The technician menu (after the PIN; tests may open it directly). */
ui_screen *ui_tech_menu_new(const tech_services *s);

/* First-boot setup (设备初始化, tech_setup.c): a kiosk with no technician PIN
 * (ui_tech_provisioned() is 0) opens it in place of home (app/boot). One page
 * lists the steps and opens each: the technician PIN typed twice (Argon2id
 * hash in <data>/tech-pin, 0600), the station's name and area code, the
 * platform's address and CA file or key pin (typed on the screen's keyboards,
 * or read from a USB stick: the file cunzhan-setup.conf in the USB folder,
 * bundle.dir or <data>/usb), device registration with the county's code, the
 * peripheral self-test, and a summary whose button ends setup
 * (tech_services.setup_done). Every step is audited (setup.*, settings.change,
 * device.register, tech.selftest). The steps are the technician pages
 * themselves, and the same page is in technician mode's menu (设备初始化)
 * behind the PIN, where the first step changes the PIN. first_boot: the page
 * is the bottom of the stack (no back button). */
ui_screen *ui_tech_setup_new(const tech_services *s, int first_boot);
/* 1 if a technician PIN is set (<data>/tech-pin, or the older tech.pin_hash). */
int ui_tech_provisioned(const tech_services *s, const core_config *cfg);
/* Whether first-boot setup was begun and not finished: the file
 * <data>/setup-open (TECH_SETUP_OPEN_FILE) is written when setup's PIN step
 * sets the kiosk's first PIN, and removed when the summary's 完成，进入首页
 * ends setup. A kiosk whose PIN was set and then lost power before that
 * (the PIN alone said "provisioned") opens ui_tech_setup_unfinished_new in
 * place of home. A kiosk set up before the file existed, or given its PIN
 * with cunzhan-admin (even after setup was once opened on its panel), has
 * none: home as before. */
#define TECH_SETUP_OPEN_FILE "setup-open"
/* 1 while setup is open (the file is there), else 0. */
int ui_tech_setup_open(const tech_services *s);
/* Marks setup begun (open 1: the file written and synced) or ended (0: the
 * file removed); 0, or -1 if that failed (logged). */
int ui_tech_setup_mark(const tech_services *s, int open);
/* The page of a kiosk whose setup is open and whose PIN is set (boot):
 * setup is unfinished, the kiosk serves no one, and 输入维护密码继续 asks for
 * the technician PIN, then opens the page of steps where they were (each
 * step's state is on disk), as the bottom of the stack. */
ui_screen *ui_tech_setup_unfinished_new(const tech_services *s);
/* The file first-boot setup reads from a USB stick (tech_setup.c lists the keys it may set). */
#define TECH_SETUP_FILE "cunzhan-setup.conf"

/* Audit rows for the screen: the detail and object with anything that looks
 * like personal data masked (ID numbers, phone numbers, villager keys), into
 * out. What does not fit is cut between characters, and ends with "…" when
 * out holds 4 bytes or more. Exposed for tests. */
void tech_redact(const char *in, char *out, size_t n);

#endif
