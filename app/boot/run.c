/* run.c — start-up and shutdown shared by the emulator and the kiosk (run.h). */
#include "boot/run.h"

#include <stdio.h>
#include <string.h>

#include "plat_audio.h"
#include "plat_net.h"
#include "plat_paths.h"
#include "ui/kb/ime/engines.h"

int boot_run(const boot_program *p, core_config *cfg)
{
    char err[512];
    plat_display_opts o;
    memset(&o, 0, sizeof o);
    sscanf(core_config_get(cfg, "screen.size"), "%dx%d", &o.width, &o.height);
    o.headless = p->headless;
    o.rotation = (int)core_config_get_int(cfg, "screen.rotation", 0);
    o.window_percent = p->window_percent;
    o.title = p->title;
    const char *output = core_config_get(cfg, "screen.output");
    o.scanout = strcmp(output, "sdl") ? output : NULL;
    plat_display *d = plat_display_open(&o, err, sizeof err);
    if (!d && o.scanout) {
        /* the panel through SDL's own driver rather than none at all */
        char warn[700];
        snprintf(warn, sizeof warn, "screen.output %s: %s; showing through SDL", output, err);
        if (p->warn)
            p->warn(p->ud, warn);
        o.scanout = NULL;
        d = plat_display_open(&o, err, sizeof err);
    }
    if (!d) {
        if (p->display_failed)
            return p->display_failed(p->ud, err);
        fprintf(stderr, "display: %s\n", err);
        return 1;
    }
    if (p->hide_cursor)
        SDL_ShowCursor(SDL_DISABLE);
    ui_app *app = boot_app_new(d, cfg, p->early); /* a bare one when assets or fonts are missing */
    if (!app) {
        fprintf(stderr, "start-up: out of memory\n");
        plat_display_close(d);
        return 1;
    }
    boot_ctx boot;
    char warn[512];
    boot_open(&boot, cfg, p->log_to_stderr, warn, sizeof warn);
    if (warn[0] && p->warn)
        p->warn(p->ud, warn);
    boot.services.print = p->print;
    boot.services.print_ud = p->print_ud;
    if (p->paper_mm)
        boot.services.paper_mm = p->paper_mm;
    boot.services.idcard_device = p->idcard_device;
    boot.services.camera_source = p->camera_source;
    ui_engines_install(plat_paths_assets(), cfg, warn, sizeof warn);
    if (warn[0] && p->warn)
        p->warn(p->ud, warn);
    boot_attach(&boot, app, cfg, p->version); /* services, draft resume, technician mode */
    /* the failure page instead of home; logged; the program stays up */
    if (boot_show_failure(&boot, p->early)) {
        if (p->failure)
            p->failure(p->ud, p->early && p->early->code[0] ? p->early : &boot.fault);
    } else if (p->setup) {
        boot_show_setup(&boot); /* no technician PIN yet: 设备初始化 in place of home */
    }

    /* a network change wakes the loop: the home screen's badge looks again
     * then, not every few seconds */
    if (plat_net_watch() != 0 && p->warn)
        p->warn(p->ud, "no RTNETLINK socket: the network state is looked at every 5 s");
    int rc = p->run ? p->run(p->ud, app, &o) : ui_app_run(app);
    plat_net_unwatch();

    ui_app_free(app);
    ui_engines_uninstall();
    plat_audio_close(); /* no clip left to play; the next start opens its own */
    boot_close(&boot);
    plat_display_close(d);
    SDL_Quit();
    return rc;
}
