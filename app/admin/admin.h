/* admin.h — cunzhan-admin: provisioning a kiosk from a command line, for
 * installers and fleet roll-out scripts (the panel's first-boot pages do the
 * same by hand).
 *
 *   cunzhan-admin hash-pin             read a PIN from standard input, print its Argon2id hash
 *   cunzhan-admin set-pin              read a PIN from standard input (twice, one a line) and
 *                                      make it the technician PIN (<data>/tech-pin, mode 0600)
 *   cunzhan-admin device-id            print the device id (a new one is made and saved if none)
 *   cunzhan-admin check-config FILE…   check configuration files with the kiosk's validator, and
 *                                      the values as the panel's settings editor checks them
 *                                      (core/setting.h)
 *   cunzhan-admin check-catalogue DIR  check a county's catalogue folder with the kiosk's form
 *                                      loader, as a download is checked, and print the level of
 *                                      the form language it needs (the manifest's "needs")
 *   cunzhan-admin set KEY=VALUE…       validate settings (as the panel's editor does) and save
 *                                      them to the data folder's settings file (or to --file FILE)
 *   cunzhan-admin register CODE        register the device with the county platform; the --url,
 *                                      --ca (its full path) and --pin it was made with are saved
 *                                      to the data folder's settings as set saves them
 * Options (before or after the command): --config FILE (the conffile), --data DIR (the data
 * folder), --url URL, --ca FILE, --pin PINS (platform.url, platform.ca_file, platform.pin for
 * this run; the platform is reached over https only), --file FILE.
 *
 * Settings are read as the kiosk reads them: embedded defaults < conffile <
 * <data>/settings.conf (core/overrides.h) < --url/--ca/--pin. The conffile's device
 * lines (idcard.*, printer.*, watchdog.*) belong to the kiosk program and are
 * passed over here.
 *
 * Run as root (sudo on the kiosk, whose service runs as its own user), the
 * files it writes (settings.conf, device.token, county-ca.pem, tech-pin) are
 * given the owner and group of the folder they are written into (the data
 * folder's: the service's user), not left root's and unreadable to the
 * service; where that cannot be done, stderr says which chown to run (in
 * Chinese and English) and the command fails.
 *
 * Exit codes: 0 done, 1 refused or failed (the reason on stderr, naming file
 * and line for a configuration), 2 usage. No PIN, hash of a token or token is
 * ever written to stderr; the hash goes to stdout only for hash-pin.
 */
#ifndef CZ_ADMIN_H
#define CZ_ADMIN_H

#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Runs one command line; data_dir and conffile are the platform's defaults
 * (the options override them), assets_dir the program's assets (its words).
 * Returns the exit code. */
int admin_run(int argc, char **argv, const char *assets_dir, const char *data_dir,
              const char *conffile, FILE *in, FILE *out, FILE *err);

/* Whose a file cunzhan-admin writes into a folder becomes: run as root
 * (euid 0) into a folder another user owns (dir: the folder's stat), that
 * user and the folder's group (1, *uid and *gid set: the service reads its
 * data folder's files as that user); else 0, the file left as written (not
 * root: the file is the writer's already; the folder root's own: a kiosk
 * whose service runs as root, or no service user to give it to). */
int admin_owner_for(uid_t euid, const struct stat *dir, uid_t *uid, gid_t *gid);

#endif
