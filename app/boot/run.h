/* run.h — the one start-up path of both programs (cunzhan-emu and
 * cunzhan-kiosk): with the configuration loaded, boot_run() opens the display,
 * makes the app with its home and idle screens (boot_app_new: a bare app when
 * the assets or fonts are missing), opens what boot.h opens (log, catalogue,
 * store, upload engine), hands the app the program's printer and ID-card
 * reader, installs the input-method and speech engines, wires services, draft
 * resume and technician mode (boot_attach), shows the failure page if start-up
 * failed (boot_show_failure), else first-boot setup on an unprovisioned kiosk
 * (boot_show_setup), runs the program, and closes it all in reverse
 * order.
 *
 * What differs between the programs is in boot_program: the window, where
 * start-up warnings and failures go, the receipt printer, and what "run" means (the
 * emulator may take a screenshot or play a script instead of the event loop;
 * the kiosk keeps a hardware watchdog around it).
 * Arguments and the configuration file stay with each program's main().
 *
 * Messages on stderr and exit codes: "display: <why>" (or the program's own,
 * display_failed) and 1 when the display cannot open, "start-up: out of
 * memory" and 1 when the app cannot be made; otherwise run's result. A failed
 * start-up (boot.h) is not an exit: the failure page stays on the panel.
 */
#ifndef CZ_BOOT_RUN_H
#define CZ_BOOT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "boot/boot.h"
#include "core/config.h"
#include "plat_display.h"
#include "ui/core/app.h"

typedef struct {
    const char *version;     /* firmware version text (technician mode) */
    const char *title;       /* window title */
    int headless;            /* no window (plat_display_opts) */
    int window_percent;      /* plat_display_opts; -1 = full screen */
    int hide_cursor;         /* no mouse pointer (a touch panel) */
    int log_to_stderr;       /* log lines on stderr too (the kiosk's journal) */
    /* The receipt printer (ui_services.print): 0, or -1 with err. NULL: none. */
    int (*print)(void *ud, const uint8_t *bytes, size_t len, char *err, size_t errlen);
    void *print_ud;
    int paper_mm;            /* 58 or 80; 0 = boot's default (58) */
    const char *idcard_device; /* ui_services.idcard_device; NULL: the platform's default */
    const char *camera_source; /* ui_services.camera_source; NULL: the first V4L2 camera */
    /* 1: a kiosk with no technician PIN opens first-boot setup (设备初始化,
     * ui/screens/tech/tech.h) in place of home (boot_show_setup). The kiosk
     * always; the emulator with --setup (on its embedded defaults it starts
     * on home, for the quick start). */
    int setup;
    /* A failure met before boot_run (the configuration), or none; boot_run
     * records ASSETS or FONTS in it when the app comes up bare. May be NULL. */
    boot_fault *early;
    void *ud;                /* for the hooks below */
    /* A start-up warning (forms rejected, an engine missing). */
    void (*warn)(void *ud, const char *msg);
    /* The display did not open (err says why): tells the person on stderr and
     * returns the exit code. NULL: "display: <err>" and 1. */
    int (*display_failed)(void *ud, const char *err);
    /* The failure page is shown for f (boot_show_failure logged it). May be NULL. */
    void (*failure)(void *ud, const boot_fault *f);
    /* Runs the program with the app up and its first screen ready; returns
     * the exit code. NULL: the event loop (ui_app_run). o: the display as opened. */
    int (*run)(void *ud, ui_app *app, const plat_display_opts *o);
} boot_program;

/* cfg (screen.size, screen.rotation and the rest) is borrowed; the caller
 * frees it after. Returns the program's exit code. */
int boot_run(const boot_program *p, core_config *cfg);

#endif
