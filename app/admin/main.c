/* main.c — cunzhan-admin (admin.h), with the platform's folders as defaults:
 * /var/lib/cunzhan and /etc/cunzhan/cunzhan.conf on a kiosk, the user's folders
 * in an emulator build (plat_paths.h). */
#include "admin/admin.h"
#include "plat_paths.h"

int main(int argc, char **argv)
{
    return admin_run(argc, argv, plat_paths_assets(), plat_paths_data(), plat_paths_config(), stdin,
                     stdout, stderr);
}
