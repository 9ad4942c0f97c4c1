/* logfile.h — where the kiosk's log lines go: a size-capped file in the data
 * folder (kept across restarts, rotated once to .1) and a ring of the latest
 * lines in memory for the technician's log view. Also echoes to stderr when
 * asked (the journal, under systemd).
 *
 * Callers of core_log() never pass personal data; this sink does not try to
 * redact, it only stores. Install once at start-up:
 *     core_logfile_open(dir, 1 << 20, 1, err, sizeof err);
 * and core_logfile_close() at exit.
 */
#ifndef CZ_CORE_LOGFILE_H
#define CZ_CORE_LOGFILE_H

#include <stddef.h>

#define CORE_LOGFILE_RING 256 /* lines kept in memory */

/* Opens dir/cunzhan.log for appending and installs the sink. 0 or -1 with err. */
int core_logfile_open(const char *dir, size_t max_bytes, int echo_stderr, char *err,
                      size_t errlen);
void core_logfile_close(void);
/* Calls fn for each line in the ring, oldest first (under the log lock: do not log from fn). */
void core_logfile_each(void (*fn)(void *ud, const char *line), void *ud);

#endif
