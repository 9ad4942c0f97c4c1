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
/* Loads the file at path over cfg (all or nothing, like core_config_load_file),
 * except that a line naming a key this program does not have (a newer
 * firmware's setting, left behind by a rollback) is left out, not an error:
 * *unknown (may be NULL) gets how many such lines there were, *first_unknown
 * (may be NULL) the first (core_config_load_file_skip_unknown). A missing
 * file is no error (nothing was changed on the kiosk). */
int core_overrides_load(core_config *cfg, const char *path, int *unknown,
                        core_config_fault *first_unknown, char *err, size_t errlen);
/* After core_overrides_load failed: loads each line of the file at path
 * that loads on its own where it stands (a line with a NUL byte does not;
 * a byte-order mark counts on line 1 only), so one bad line does not take
 * every other setting changed on the kiosk with it. Returns the number of
 * lines left out (0 when the file loads whole or is missing), -1 when it
 * cannot be read. */
int core_overrides_salvage(core_config *cfg, const char *path);
/* Makes the file at path load whole again, keeping what can be kept; aside
 * (required) is where the file as it was goes (mode 0600):
 *  - its lines that do not load (each read where it stands, by the rules of
 *    core_config_load_file; a line of an unknown key too) are dropped: the
 *    file as it was is copied to aside and the file rewritten atomically
 *    with the others; *dropped (may be NULL) gets how many;
 *  - when that cannot make it load (it cannot be read, is larger than
 *    CORE_CONFIG_MAX_BYTES, no line fails alone, or the rewrite cannot be
 *    written), the whole file is renamed to aside (a rename needs neither
 *    to read it nor room on the disk) and *moved (may be NULL) is 1: the
 *    kiosk then runs on the conffile.
 * A file that loads whole, or is missing, is left alone (0 dropped, not
 * moved). -1 with err only when even the rename failed. */
int core_overrides_drop_bad(const char *path, const char *aside, int *dropped, int *moved,
                            char *err, size_t errlen);
/* Validates key = value (core_config_set on cfg, which then holds it) and
 * writes it into the file at path, keeping the file's other lines (a line
 * of an unknown key too, as core_overrides_load skips it; a line of key
 * with a byte-order mark before it is replaced); atomically (temp, fsync, rename), mode 0600. On error cfg and the file are
 * left as they were. */
int core_overrides_set(core_config *cfg, const char *path, const char *key, const char *value,
                       char *err, size_t errlen);
/* The same for keys[i] = values[i], i < n, in one write: all of them are
 * saved, or none (and cfg left as it was). */
int core_overrides_set_many(core_config *cfg, const char *path, const char *const *keys,
                            const char *const *values, size_t n, char *err, size_t errlen);

#endif
