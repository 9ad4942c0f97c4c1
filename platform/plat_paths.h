/* plat_paths.h — where assets, data and configuration live.
 *
 * Emulator: assets from $CZ_ASSETS, else the source tree's assets/ (build
 * time), else the installed share folder; data in $CZ_DATA_DIR or
 * $XDG_DATA_HOME/cunzhan; config in $CZ_CONFIG or $XDG_CONFIG_HOME/cunzhan/cunzhan.conf.
 * Kiosk: /usr/share/cunzhan, /var/lib/cunzhan and /etc/cunzhan/cunzhan.conf.
 * Returned strings are static and valid for the life of the process.
 */
#ifndef CZ_PLAT_PATHS_H
#define CZ_PLAT_PATHS_H

#include <stddef.h>

/* Overrides (NULL keeps the platform's choice); call before the getters. */
void plat_paths_set(const char *assets_dir, const char *data_dir, const char *config_file);
const char *plat_paths_assets(void);
const char *plat_paths_data(void);
const char *plat_paths_config(void);
/* Creates the data folder if needed. 0 or -1 (errno set). */
int plat_paths_ensure_data(void);
/* Joins base and rel into out; returns out, or NULL if it does not fit. */
char *plat_paths_join(char *out, size_t n, const char *base, const char *rel);

#endif
