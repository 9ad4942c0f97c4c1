/* paths.c — asset, data and config locations for the emulator and the kiosk. */
#include "plat_paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CZ_SOURCE_ASSETS
#define CZ_SOURCE_ASSETS ""
#endif
#ifndef CZ_INSTALL_ASSETS
#define CZ_INSTALL_ASSETS "/usr/share/cunzhan"
#endif

static char g_assets[PATH_MAX], g_data[PATH_MAX], g_config[PATH_MAX];

char *plat_paths_join(char *out, size_t n, const char *base, const char *rel)
{
    int k = snprintf(out, n, "%s/%s", base, rel);
    return (k < 0 || (size_t)k >= n) ? NULL : out;
}

static int is_dir(const char *p)
{
    struct stat st;
    return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

void plat_paths_set(const char *assets_dir, const char *data_dir, const char *config_file)
{
    if (assets_dir && *assets_dir)
        snprintf(g_assets, sizeof g_assets, "%s", assets_dir);
    if (data_dir && *data_dir)
        snprintf(g_data, sizeof g_data, "%s", data_dir);
    if (config_file && *config_file)
        snprintf(g_config, sizeof g_config, "%s", config_file);
}

const char *plat_paths_assets(void)
{
    if (!g_assets[0]) {
        const char *env = getenv("CZ_ASSETS");
        if (is_dir(env))
            snprintf(g_assets, sizeof g_assets, "%s", env);
#ifndef CZ_PLATFORM_KIOSK
        else if (is_dir(CZ_SOURCE_ASSETS))
            snprintf(g_assets, sizeof g_assets, "%s", CZ_SOURCE_ASSETS);
#endif
        else
            snprintf(g_assets, sizeof g_assets, "%s", CZ_INSTALL_ASSETS);
    }
    return g_assets;
}

#ifndef CZ_PLATFORM_KIOSK /* the kiosk uses fixed system folders */
static void xdg(char *out, size_t n, const char *var, const char *fallback, const char *tail)
{
    const char *v = getenv(var), *home = getenv("HOME");
    if (v && *v)
        snprintf(out, n, "%s/%s", v, tail);
    else
        snprintf(out, n, "%s/%s/%s", home && *home ? home : "/tmp", fallback, tail);
}
#endif

const char *plat_paths_data(void)
{
    if (!g_data[0]) {
        const char *env = getenv("CZ_DATA_DIR");
        if (env && *env)
            snprintf(g_data, sizeof g_data, "%s", env);
        else
#ifdef CZ_PLATFORM_KIOSK
            snprintf(g_data, sizeof g_data, "/var/lib/cunzhan");
#else
            xdg(g_data, sizeof g_data, "XDG_DATA_HOME", ".local/share", "cunzhan");
#endif
    }
    return g_data;
}

const char *plat_paths_config(void)
{
    if (!g_config[0]) {
        const char *env = getenv("CZ_CONFIG");
        if (env && *env)
            snprintf(g_config, sizeof g_config, "%s", env);
        else
#ifdef CZ_PLATFORM_KIOSK
            snprintf(g_config, sizeof g_config, "/etc/cunzhan/cunzhan.conf");
#else
            xdg(g_config, sizeof g_config, "XDG_CONFIG_HOME", ".config", "cunzhan/cunzhan.conf");
#endif
    }
    return g_config;
}

int plat_paths_ensure_data(void)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", plat_paths_data());
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0700) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}
