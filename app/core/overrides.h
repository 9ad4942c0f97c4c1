/* overrides.h — settings changed on the kiosk itself, kept in the data folder.
 *
 * On the kiosk the conffile /etc/cunzhan/cunzhan.conf is read-only (the
 * service runs under ProtectSystem=strict), so what a technician changes on
 * the panel or with cunzhan-admin goes to <data>/settings.conf, which
 * overrides the conffile. Load order: embedded defaults < conffile < this
 * file. The file has the conffile's format (config.h) and is validated by the
 * same parser; it holds only the keys set here, so a conffile updated by a
 * package upgrade still counts for everything else.
 *
 * Functions return 0 or -1 with err filled (file and reason); none prints.
 */
#ifndef CZ_CORE_OVERRIDES_H
#define CZ_CORE_OVERRIDES_H

#include <stddef.h>

#include "core/config.h"

#define CORE_OVERRIDES_NAME "settings.conf"

/* <data_dir>/settings.conf into out; -1 if it does not fit. */
int core_overrides_path(const char *data_dir, char *out, size_t n);
/* Loads the file at path over cfg (all or nothing, like core_config_load_file);
 * a missing file is no error (nothing was changed on the kiosk). */
int core_overrides_load(core_config *cfg, const char *path, char *err, size_t errlen);
/* After core_overrides_load failed: loads each line of the file at path
 * that loads on its own (a line with a NUL byte does not), so one bad line
 * does not take every other setting changed on the kiosk with it. Returns
 * the number of lines left out (0 when the file loads whole or is missing),
 * -1 when it cannot be read. */
int core_overrides_salvage(core_config *cfg, const char *path);
/* Rewrites the file at path with only its lines that load on their own
 * (atomically, mode 0600), after saving the file as it was to aside (same
 * bytes, mode 0600; NULL: not kept). *dropped (may be NULL) gets the number
 * of lines left out. A file that loads whole is left alone (0 dropped). */
int core_overrides_drop_bad(const char *path, const char *aside, int *dropped, char *err,
                            size_t errlen);
/* Validates key = value (core_config_set on cfg, which then holds it) and
 * writes it into the file at path, keeping the file's other lines;
 * atomically (temp, fsync, rename), mode 0600. On error cfg and the file are
 * left as they were. */
int core_overrides_set(core_config *cfg, const char *path, const char *key, const char *value,
                       char *err, size_t errlen);

#endif
