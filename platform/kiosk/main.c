/* main.c — cunzhan-kiosk: the application full-screen on the kiosk's panel.
 *
 * Started by systemd on the console (no desktop): SDL draws through KMS/DRM
 * and reads the touch panel through evdev; stderr goes to the journal. The
 * configuration is /etc/cunzhan/cunzhan.conf; besides the application's keys
 * it holds the kiosk's devices (idcard.*, printer.*, watchdog.*, camera.device), which are
 * read here and kept out of the application's configuration. SIGTERM (systemd
 * stop) ends the event loop and the program exits cleanly; the hardware
 * watchdog is kicked while the event loop is alive and closed with the magic
 * 'V' on a clean exit, so only a hang or a crash reboots the board.
 *
 * What is the kiosk's own is here: the device settings, the printer opened
 * per slip, the watchdog, the console lock, SDL on a panel without a desktop,
 * and the "ready" and "stopping" log lines around the event loop. Start-up
 * and shutdown are app/boot (boot_run).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boot/boot.h"
#include "boot/run.h"
#include "core/config.h"
#include "core/log.h"
#include "plat_console.h"
#include "plat_display.h"
#include "plat_input.h"
#include "plat_paths.h"
#include "plat_printer.h"
#include "plat_watchdog.h"
#include "ui/core/app.h"

/* ---- the kiosk's device settings ---- */

typedef struct {
    char idcard_device[256];
    int idcard_baud;
    char printer_device[256];
    int printer_baud;
    int paper_mm;
    char watchdog_device[256];
    int watchdog_timeout_s; /* 0 = no watchdog */
    char camera_device[256]; /* "" = the first V4L2 camera (plat_camera.h) */
} kiosk_devices;

static void devices_default(kiosk_devices *k)
{
    memset(k, 0, sizeof *k);
    snprintf(k->idcard_device, sizeof k->idcard_device, "/dev/ttyUSB0");
    k->idcard_baud = 115200;
    snprintf(k->printer_device, sizeof k->printer_device, "/dev/usb/lp0");
    k->printer_baud = 9600;
    k->paper_mm = 58;
    snprintf(k->watchdog_device, sizeof k->watchdog_device, "/dev/watchdog");
    k->watchdog_timeout_s = 60;
}

static int int_in(const char *v, int lo, int hi, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < lo || n > hi)
        return -1;
    *out = (int)n;
    return 0;
}

/* One device setting; -1 for an unknown key or a bad value. */
static int device_set(kiosk_devices *k, const char *key, const char *v)
{
    struct { const char *key; char *dst; } S[] = {
        {"idcard.device", k->idcard_device}, {"printer.device", k->printer_device},
        {"watchdog.device", k->watchdog_device}, {"camera.device", k->camera_device},
    };
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++)
        if (!strcmp(key, S[i].key)) {
            if (strlen(v) >= sizeof k->idcard_device)
                return -1;
            memcpy(S[i].dst, v, strlen(v) + 1);
            return 0;
        }
    if (!strcmp(key, "idcard.baud"))
        return int_in(v, 9600, 230400, &k->idcard_baud);
    if (!strcmp(key, "printer.baud"))
        return int_in(v, 9600, 230400, &k->printer_baud);
    if (!strcmp(key, "printer.paper_mm"))
        return int_in(v, 58, 80, &k->paper_mm) || (k->paper_mm != 58 && k->paper_mm != 80) ? -1 : 0;
    if (!strcmp(key, "watchdog.timeout_s"))
        return int_in(v, 0, 600, &k->watchdog_timeout_s);
    return -1;
}

static int is_device_key(const char *key)
{
    return !strncmp(key, "idcard.", 7) || !strncmp(key, "printer.", 8) ||
           !strncmp(key, "watchdog.", 9) || !strcmp(key, "camera.device");
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Reads the config file: device lines into k, the rest into cfg (device lines
 * are blanked so the application's parser reports the right line numbers). */
static int load_config(const char *path, core_config *cfg, kiosk_devices *k, char *err,
                       size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? 1 : -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap), line[1024];
    int lineno = 0, rc = 0;
    while (text && rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char copy[1024];
        snprintf(copy, sizeof copy, "%s", line);
        copy[strcspn(copy, "\n")] = '\0';
        char *eq = strchr(copy, '='), *key = trim(copy);
        if (eq && *key != '#') {
            *eq = '\0';
            key = trim(key);
            if (is_device_key(key)) {
                if (device_set(k, key, trim(eq + 1)) != 0) {
                    snprintf(err, errlen, "%s:%d: %s: unknown device setting or bad value", path,
                             lineno, key);
                    rc = -1;
                }
                snprintf(line, sizeof line, "#\n");
            }
        }
        size_t n = strlen(line);
        if (len + n + 1 > cap) {
            snprintf(err, errlen, "%s: file too long", path);
            rc = -1;
        } else {
            memcpy(text + len, line, n + 1);
            len += n;
        }
    }
    fclose(f);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (rc == 0 && core_config_load_string(cfg, text, path, err, errlen) != 0)
        rc = -1;
    free(text);
    return rc;
}

/* ---- printing: the printer is opened per slip (it may be unplugged, refilled) ---- */

static int kiosk_print(void *ud, const uint8_t *bytes, size_t len, char *err, size_t errlen)
{
    const kiosk_devices *k = ud;
    int code = PLAT_PRINTER_OK;
    plat_printer *p = plat_printer_open(k->printer_device, k->printer_baud, &code);
    if (p) {
        int st = plat_printer_status(p, NULL, 500);
        code = (st == PLAT_PRINTER_ERR_NO_STATUS || st == PLAT_PRINTER_OK)
                   ? plat_printer_write(p, bytes, len, 15000) : st;
        plat_printer_close(p);
    }
    if (code != PLAT_PRINTER_OK) {
        core_log(CORE_LOG_WARN, "printer", "print failed: %s (code %d)",
                 plat_printer_strerror(code), code);
        snprintf(err, errlen, "%s", plat_printer_strerror(code));
        return -1;
    }
    return 0;
}

/* ---- watchdog: kicked only while the event loop takes events ---- */

typedef struct {
    plat_watchdog *wd;
    int timeout_s; /* as the driver reports it, else as configured */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int stop;
} kiosk_wd;

/* Every third of the timeout: if the wake-up sent last time has been taken
 * off the event queue, the loop is alive: kick, and send the next one. */
static void *wd_main(void *arg)
{
    kiosk_wd *w = arg;
    int period = w->timeout_s / 3;
    if (period < 1)
        period = 1;
    int warned = 0;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        int pending = SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_USEREVENT, SDL_LASTEVENT);
        if (pending <= 0) {
            plat_watchdog_kick(w->wd);
            warned = 0;
        } else if (!warned) {
            core_log(CORE_LOG_ERROR, "watchdog", "event loop stuck: not kicking");
            warned = 1;
        }
        plat_input_wake();
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += period;
        while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock, &ts) != ETIMEDOUT) {
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* ---- main ---- */

static void usage(FILE *f)
{
    fprintf(f, "usage: cunzhan-kiosk [--config FILE] [--data DIR] [--assets DIR]\n"
               "  full-screen kiosk; configuration in /etc/cunzhan/cunzhan.conf by default\n");
}

/* SDL settings for a panel without a desktop: KMS/DRM output, evdev touch. */
static void kiosk_sdl_setup(void)
{
    if (!getenv("SDL_VIDEODRIVER") && !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
        setenv("SDL_VIDEODRIVER", "kmsdrm", 1);
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");  /* a finger is a finger, not also a mouse */
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "0");  /* SIGTERM/SIGINT become a quit event */
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, "1");
    SDL_SetHint(SDL_HINT_VIDEO_DOUBLE_BUFFER, "1");
}

static void kiosk_warn(void *ud, const char *msg)
{
    (void)ud;
    core_log(CORE_LOG_WARN, "kiosk", "%s", msg);
}

/* The event loop, with the watchdog kicked while it takes events and the
 * console locked. */
static int kiosk_run(void *ud, ui_app *app, const plat_display_opts *o)
{
    const kiosk_devices *dev = ud;
    char err[512];
    kiosk_wd wd = {.wd = NULL, .stop = 0};
    pthread_t wd_thread;
    int wd_running = 0;
    if (dev->watchdog_timeout_s > 0) {
        wd.wd = plat_watchdog_open(dev->watchdog_device, dev->watchdog_timeout_s, err, sizeof err);
        if (!wd.wd) {
            core_log(CORE_LOG_WARN, "watchdog", "none: %s", err);
        } else {
            wd.timeout_s = plat_watchdog_timeout(wd.wd) > 0 ? plat_watchdog_timeout(wd.wd)
                                                            : dev->watchdog_timeout_s;
            pthread_mutex_init(&wd.lock, NULL);
            pthread_cond_init(&wd.cond, NULL);
            wd_running = pthread_create(&wd_thread, NULL, wd_main, &wd) == 0;
            core_log(CORE_LOG_INFO, "watchdog", "on, timeout %d s", wd.timeout_s);
        }
    }

    /* The console stays the kiosk's: no VT switch or shell from a plugged-in
     * keyboard, no kernel text over the screen (plat_console.h). */
    plat_console *con = plat_console_lock(NULL, err, sizeof err);
    if (!con)
        core_log(CORE_LOG_WARN, "kiosk", "console not locked: %s", err);

    core_log(CORE_LOG_INFO, "kiosk", "ready: %dx%d, rotation %d", o->width, o->height, o->rotation);
    int rc = ui_app_run(app);
    core_log(CORE_LOG_INFO, "kiosk", "stopping");

    if (wd_running) {
        pthread_mutex_lock(&wd.lock);
        wd.stop = 1;
        pthread_cond_signal(&wd.cond);
        pthread_mutex_unlock(&wd.lock);
        pthread_join(wd_thread, NULL);
    }
    plat_watchdog_close(wd.wd);
    plat_console_unlock(con);
    return rc;
}

int main(int argc, char **argv)
{
    const char *config = NULL, *data = NULL, *assets = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if ((!strcmp(a, "--config") || !strcmp(a, "--data") || !strcmp(a, "--assets")) && v) {
            *(!strcmp(a, "--config") ? &config : !strcmp(a, "--data") ? &data : &assets) = v;
            i++;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    plat_paths_set(assets, data, config);

    char err[512];
    core_config *cfg = core_config_new();
    kiosk_devices dev;
    devices_default(&dev);
    if (!cfg) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    /* A configuration that does not load is shown on the panel (boot.h), not
     * an exit into systemd's restart loop; the embedded defaults run meanwhile. */
    boot_fault early;
    memset(&early, 0, sizeof early);
    int lc = load_config(plat_paths_config(), cfg, &dev, err, sizeof err);
    if (lc < 0 || (lc > 0 && config)) {
        fprintf(stderr, "configuration: %s\n", err);
        boot_fault_set(&early, "CONFIG", err);
        core_config_free(cfg);
        cfg = core_config_new();
        devices_default(&dev);
        if (!cfg)
            return 1;
    }
    /* the settings changed on the panel (the conffile is read-only here); a
     * bad line there is shown on the panel too (its other lines loaded) */
    if (boot_load_overrides(cfg, &early, err, sizeof err) != 0)
        fprintf(stderr, "settings: %s\n", err);

    kiosk_sdl_setup();
    boot_program prog = {
        .version = CZ_VERSION,
        .title = "cunzhan",
        .window_percent = -1, /* full-screen */
        .hide_cursor = 1,
        .log_to_stderr = 1,   /* stderr is the journal */
        .print = kiosk_print,
        .print_ud = &dev,
        .paper_mm = dev.paper_mm,
        .idcard_device = dev.idcard_device,
        .camera_source = dev.camera_device,
        .early = &early,
        .setup = 1,           /* no technician PIN yet: first-boot setup on the panel */
        .ud = &dev,
        .warn = kiosk_warn,
        .run = kiosk_run,
    };
    int rc = boot_run(&prog, cfg);
    core_config_free(cfg);
    return rc;
}
