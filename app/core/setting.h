/* setting.h — the checks of a setting a person gives (the technician's
 * settings editor, first-boot setup and its USB stick, cunzhan-admin set and
 * check-config) beyond what the configuration file's validator (config.h)
 * checks: the platform's CA file a certificate this program can read, the
 * station's name not blank, the bundle key 64 hex digits. One place, so the
 * panel and the command line refuse alike.
 *
 * A settings file already on the kiosk is not refused for these (the
 * validator decides what loads); they are asked where a value is given.
 * Nothing here prints.
 */
#ifndef CZ_CORE_SETTING_H
#define CZ_CORE_SETTING_H

#include <stddef.h>

/* 0 if value is acceptable for key (keys without such checks always are);
 * else -1 with why (English, for logs and the command line) when given. */
int core_setting_check(const char *key, const char *value, char *why, size_t whylen);

/* 1 if the file at path holds a certificate in PEM (what libcurl takes as
 * its CA file): between BEGIN and END CERTIFICATE lines in its first
 * megabyte, base64 of a DER certificate's outline (a marker around anything
 * else is not one); 0 if not, -1 if it cannot be read. */
int core_setting_certificate(const char *path);

/* The platform's CA file as the kiosk keeps it, in its data folder. */
#define CORE_SETTING_CA_NAME "county-ca.pem"

/* Copies the CA file at from to <data_dir>/county-ca.pem (atomically, mode
 * 0600, refused over 1 MiB) and puts that path in out (n bytes), absolute
 * (a relative data_dir is taken from the working directory): the file
 * given may be where the service cannot read it (a USB stick pulled out, a
 * home folder its sandbox hides). Run as root, the copy is given to the data
 * folder's owner (the service's user) where it can be; where not, it stays
 * root's and the caller says which chown to run. 0, or -1 with errno. */
int core_setting_copy_ca(const char *from, const char *data_dir, char *out, size_t n);

/* 1 if v is empty or spaces alone (ASCII or the full-width U+3000). */
int core_setting_blank(const char *v);

#endif
