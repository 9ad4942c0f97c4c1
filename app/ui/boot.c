/* boot.c — opening the log, the catalogue and the store at start-up. */
#include "boot.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "logfile.h"
#include "plat_clock.h"
#include "plat_paths.h"

static int64_t platform_ms(void *ud)
{
    (void)ud;
    return plat_clock_wall() * 1000;
}

int ui_boot_open(ui_boot *b, const core_config *cfg, int log_to_stderr, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    err[0] = '\0';
    char path[1024], lerr[256];
    if (plat_paths_ensure_data() == 0) {
        plat_paths_join(path, sizeof path, plat_paths_data(), "logs");
        mkdir(path, 0700);
        b->log_open = core_logfile_open(path, 1u << 20, log_to_stderr, lerr, sizeof lerr) == 0;
    }
    core_log(CORE_LOG_INFO, "boot", "cunzhan starting; data in %s", plat_paths_data());

    b->forms = form_catalog_new();
    plat_paths_join(path, sizeof path, plat_paths_assets(), "forms");
    int n = b->forms ? form_catalog_load_dir(b->forms, path) : -1;
    size_t bad = b->forms ? form_catalog_problem_count(b->forms) : 0; /* the loader logs each */
    const char *settings = core_config_get(cfg, "forms.county_settings");
    if (b->forms && settings && *settings) {
        char serr[512];
        if (form_catalog_load_settings(b->forms, settings, serr, sizeof serr) != 0) {
            core_log(CORE_LOG_ERROR, "boot", "county settings refused: %s", serr);
            snprintf(err, errlen, "county settings refused: %s", serr);
        }
    }
    core_log(CORE_LOG_INFO, "boot", "%d forms loaded, %zu rejected", n, bad);
    if (bad && !err[0])
        snprintf(err, errlen, "%zu form definition(s) rejected; see the log", bad);

    plat_paths_join(b->db_path, sizeof b->db_path, plat_paths_data(), "cunzhan.db");
    int rc = store_open(b->db_path, &b->store);
    if (rc != STORE_OK) {
        core_log(CORE_LOG_ERROR, "boot", "store did not open: %s", store_error_key(rc));
        b->services.store_error = store_strerror(rc);
        b->store = NULL;
    } else {
        store_set_clock(b->store, platform_ms, NULL);
    }
    b->services.forms = b->forms;
    b->services.store = b->store;
    b->services.paper_mm = 58;
    return 0;
}

void ui_boot_close(ui_boot *b)
{
    store_close(b->store);
    form_catalog_free(b->forms);
    if (b->log_open)
        core_logfile_close();
    memset(b, 0, sizeof *b);
}
