/* main.c — cunzhan-emu: the kiosk application on a desktop window, or headless
 * for tests and technicians (scripts and screenshots). What is the emulator's
 * own is here: its options, the configuration file with --set and friends, a
 * printer that writes files, the hint when there is no display for a window,
 * and running a script or taking a screenshot in place of the event loop.
 * Start-up and shutdown are app/boot (boot_run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "boot/boot.h"
#include "boot/run.h"
#include "core/config.h"
#include "plat_clock.h"
#include "plat_paths.h"
#include "ui/core/app.h"
#include "ui/core/script.h"
#include "ui/screens/receipt/slip.h"
#include "cz_text_build.h" /* the window title: assets/text/zh-CN.txt, build.emu.title */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: cunzhan-emu [options]\n"
            "  --portrait | --landscape | --tablet   1080x1920 (default), 1920x1080, 1280x800\n"
            "  --size WxH             any canvas size\n"
            "  --headless             no window (SDL offscreen driver)\n"
            "  --script FILE          run a script of taps and keys (see app/ui/script.h), then exit\n"
            "  --shot FILE.png        write a screenshot of the first screen and exit\n"
            "  --out DIR              folder for screenshots named in scripts (default .)\n"
            "  --panel-shot FILE.png  at the end, write what the panel shows (with\n"
            "                         --set screen.output=mem:WxH: the kiosk's dumb-buffer path)\n"
            "  --config FILE          configuration file (default: the user's cunzhan.conf if any)\n"
            "  --set KEY=VALUE        override one setting (repeatable)\n"
            "  --data DIR             data folder (database, receipts)\n"
            "  --assets DIR           assets folder\n"
            "  --clock YYYY-MM-DDTHH:MM  pin the wall clock and use virtual time (screenshots)\n"
            "  --window-percent N     window size as %% of the canvas (default: fit the desktop)\n"
            "  --rotate DEG           turn the canvas 0/90/180/270 degrees on the output\n"
            "  --timing               print the time from start to first frame\n"
            "  --idcard FILE          sample ID cards played by the simulated card swipe\n"
            "                         (default: $CZ_IDCARD_SAMPLES, else the assets'\n"
            "                         idcard/cards.txt, fictional people)\n"
            "  --camera DIR|DEVICE    the camera of photo fields: a folder of sample JPEGs\n"
            "                         (default: the assets' camera/) or a V4L2 device\n"
            "  --setup                first-boot setup while no technician PIN is set,\n"
            "                         as the kiosk does (without it: home on the embedded defaults)\n"
            "  --help\n");
}

/* The emulator's receipt printer: the ESC/POS bytes go to printer.bin in the
 * data folder and a picture of the slip to receipts/slip-<time>.png. */
static int emu_print(void *ud, const uint8_t *bytes, size_t len, char *err, size_t errlen)
{
    (void)ud;
    char path[1024], dir[1024];
    plat_paths_join(path, sizeof path, plat_paths_data(), "printer.bin");
    FILE *f = fopen(path, "ab");
    if (!f || fwrite(bytes, 1, len, f) != len) {
        snprintf(err, errlen, "%s: cannot write", path);
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    plat_paths_join(dir, sizeof dir, plat_paths_data(), "receipts");
    mkdir(dir, 0700);
    char name[64], fonts[1024];
    snprintf(name, sizeof name, "slip-%lld.png", (long long)plat_clock_wall());
    plat_paths_join(path, sizeof path, dir, name);
    plat_paths_join(fonts, sizeof fonts, plat_paths_assets(), "fonts");
    return ui_slip_png(bytes, len, 58, fonts, path, err, errlen);
}

/* Why a window cannot be shown, or NULL: no X or Wayland display to open it
 * on, or an SDL video driver that draws nowhere (offscreen, dummy). An
 * explicit other driver (kmsdrm on a console) is left to SDL. */
static const char *no_display_reason(void)
{
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy")))
        return "SDL_VIDEODRIVER draws nowhere";
    if (drv && *drv)
        return NULL;
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    if ((!x || !*x) && (!w || !*w))
        return "DISPLAY and WAYLAND_DISPLAY are unset";
    return NULL;
}

static void no_display_hint(const char *why)
{
    fprintf(stderr, "cunzhan-emu: no display to open a window on (%s): run it on a desktop, or "
                    "with --headless (and --script or --shot)\n", why);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* What to do once the app is up, from the options. */
typedef struct {
    double t0; /* when main() started, for --timing */
    int timing, headless;
    const char *script, *shot, *out, *panel_shot;
} emu_run;

static void emu_warn(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "warning: %s\n", msg);
}

/* Headless, the display's error; with a window, the hint to run it elsewhere. */
static int emu_display_failed(void *ud, const char *err)
{
    const emu_run *r = ud;
    if (r->headless) {
        fprintf(stderr, "display: %s\n", err);
        return 1;
    }
    char w[600];
    snprintf(w, sizeof w, "%s: %s", err, SDL_GetError());
    no_display_hint(w);
    return 2;
}

static void emu_failure(void *ud, const boot_fault *f)
{
    (void)ud;
    fprintf(stderr, "start-up failure: %s %s\n", f->code, f->where);
}

/* The first frame, then a screenshot, a script, or the event loop. */
static int emu_run_app(void *ud, ui_app *app, const plat_display_opts *o)
{
    const emu_run *r = ud;
    (void)o;
    char err[512];
    ui_app_render(app, 1);
    if (r->timing) {
        double t1 = now_ms();
        printf("first frame: %.1f ms after main, at %.3f (monotonic ms)\n", t1 - r->t0, t1);
        fflush(stdout);
    }
    int rc = 0;
    if (r->shot) {
        if (ui_app_screenshot(app, r->shot, err, sizeof err) != 0) {
            fprintf(stderr, "screenshot: %s\n", err);
            rc = 1;
        }
    } else if (r->script) {
        if (ui_script_run_file(app, r->script, r->out, err, sizeof err) != 0) {
            fprintf(stderr, "script: %s\n", err);
            rc = 1;
        }
    } else {
        rc = ui_app_run(app); /* SDL turns SIGTERM/SIGINT into a quit event */
    }
    if (r->panel_shot && ui_app_panel_shot(app, r->panel_shot, err, sizeof err) != 0) {
        fprintf(stderr, "panel shot: %s\n", err);
        rc = 1;
    }
    return rc;
}

int main(int argc, char **argv)
{
    double t0 = now_ms();
    const char *script = NULL, *shot = NULL, *out = ".", *config = NULL, *size = NULL;
    const char *clock = NULL, *data = NULL, *assets = NULL, *idcard = NULL, *panel_shot = NULL;
    const char *camera = NULL;
    const char *sets[32];
    int nsets = 0, headless = 0, window_percent = 0, rotate = -1, timing = 0, setup = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define TAKE(var) do { if (!v) { fprintf(stderr, "%s needs a value\n", a); return 2; } var = v; i++; } while (0)
        if (!strcmp(a, "--portrait")) size = "1080x1920";
        else if (!strcmp(a, "--landscape")) size = "1920x1080";
        else if (!strcmp(a, "--tablet")) size = "1280x800";
        else if (!strcmp(a, "--size")) TAKE(size);
        else if (!strcmp(a, "--headless")) headless = 1;
        else if (!strcmp(a, "--script")) TAKE(script);
        else if (!strcmp(a, "--shot")) TAKE(shot);
        else if (!strcmp(a, "--out")) TAKE(out);
        else if (!strcmp(a, "--panel-shot")) TAKE(panel_shot);
        else if (!strcmp(a, "--config")) TAKE(config);
        else if (!strcmp(a, "--data")) TAKE(data);
        else if (!strcmp(a, "--assets")) TAKE(assets);
        else if (!strcmp(a, "--clock")) TAKE(clock);
        else if (!strcmp(a, "--timing")) timing = 1;
        else if (!strcmp(a, "--setup")) setup = 1;
        else if (!strcmp(a, "--idcard")) TAKE(idcard);
        else if (!strcmp(a, "--camera")) TAKE(camera);
        else if (!strcmp(a, "--set")) {
            if (!v || nsets == 32) { fprintf(stderr, "--set needs KEY=VALUE\n"); return 2; }
            sets[nsets++] = v;
            i++;
        } else if (!strcmp(a, "--window-percent")) {
            const char *p; TAKE(p); window_percent = atoi(p);
        } else if (!strcmp(a, "--rotate")) {
            const char *p; TAKE(p); rotate = atoi(p);
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
#undef TAKE
    }
    plat_paths_set(assets, data, config);
    char camera_dir[4096]; /* the emulator's camera: sample pages (assets/camera) */
    plat_paths_join(camera_dir, sizeof camera_dir, plat_paths_assets(), "camera");
    char cards[4096]; /* the emulator's card reader: fictional people (assets/idcard) */
    plat_paths_join(cards, sizeof cards, plat_paths_assets(), "idcard/cards.txt");
    if (!idcard && !getenv("CZ_IDCARD_SAMPLES"))
        idcard = cards;

    char err[512];
    core_config *cfg = core_config_new();
    if (!cfg) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    /* Embedded defaults, then the config file if there is one, then the
     * settings changed on the kiosk (data folder), then --set. A configuration
     * or a settings file that does not load is a start-up failure shown on
     * the panel (boot.h); the program runs on what did load meanwhile. */
    boot_fault early;
    memset(&early, 0, sizeof early);
    FILE *probe = fopen(plat_paths_config(), "r");
    if (probe) {
        fclose(probe);
        if (core_config_load_file(cfg, plat_paths_config(), err, sizeof err) != 0) {
            fprintf(stderr, "configuration: %s\n", err);
            boot_fault_set(&early, "CONFIG", err);
            core_config_free(cfg);
            cfg = core_config_new();
            if (!cfg)
                return 1;
        }
    } else if (config) {
        fprintf(stderr, "configuration: %s: cannot open\n", config);
        snprintf(err, sizeof err, "%s: cannot open", config);
        boot_fault_set(&early, "CONFIG", err);
    }
    /* a bad line there stops the kiosk too (its other lines loaded) */
    if (boot_load_overrides(cfg, &early, err, sizeof err) != 0)
        fprintf(stderr, "settings: %s\n", err);
    for (int i = 0; i < nsets; i++) {
        char kv[512];
        snprintf(kv, sizeof kv, "%s", sets[i]);
        char *eq = strchr(kv, '=');
        if (!eq) {
            fprintf(stderr, "--set %s: expected KEY=VALUE\n", sets[i]);
            return 2;
        }
        *eq = '\0';
        if (core_config_set(cfg, kv, eq + 1, err, sizeof err) != 0) {
            fprintf(stderr, "--set: %s\n", err);
            return 2;
        }
    }
    if (size && core_config_set(cfg, "screen.size", size, err, sizeof err) != 0) {
        fprintf(stderr, "--size: %s\n", err);
        return 2;
    }
    if (rotate >= 0) {
        char r[16];
        snprintf(r, sizeof r, "%d", rotate);
        if (core_config_set(cfg, "screen.rotation", r, err, sizeof err) != 0 ||
            rotate % 90 != 0) {
            fprintf(stderr, "--rotate: must be 0, 90, 180 or 270\n");
            return 2;
        }
    }
    if (clock) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        if (sscanf(clock, "%d-%d-%dT%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                   &tm.tm_min) != 5) {
            fprintf(stderr, "--clock: expected YYYY-MM-DDTHH:MM\n");
            return 2;
        }
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        tm.tm_isdst = -1;
        plat_clock_set_virtual(1);
        plat_clock_pin_wall((int64_t)mktime(&tm));
    } else if (script) {
        plat_clock_set_virtual(1);
    }
    if (script || shot)
        headless = 1;
    const char *why = headless ? NULL : no_display_reason();
    if (why) {
        no_display_hint(why);
        core_config_free(cfg);
        return 2;
    }

    emu_run run = {t0, timing, headless, script, shot, out, panel_shot};
    boot_program prog = {
        .version = CZ_VERSION,
        .title = CZ_TEXT_EMU_TITLE,
        .headless = headless,
        .window_percent = window_percent,
        .print = emu_print,
        .idcard_device = idcard, /* NULL: $CZ_IDCARD_SAMPLES */
        .camera_source = camera ? camera : camera_dir, /* the sample pages by default */
        .early = &early,
        .setup = setup,
        .ud = &run,
        .warn = emu_warn,
        .display_failed = emu_display_failed,
        .failure = emu_failure,
        .run = emu_run_app,
    };
    int rc = boot_run(&prog, cfg);
    core_config_free(cfg);
    return rc;
}
