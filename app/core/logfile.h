/* logfile.h — where the kiosk's log lines go: a size-capped file in the data
 * folder (kept across restarts, rotated once to .1; its last lines across
 * restarts for the technician's log view) and a ring of this run's latest
 * lines in memory. Also echoes to stderr when
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
/* The message of the first line every start-up logs (module "boot"): where
 * one run of the program ends and the next begins in the file. */
#define CORE_LOGFILE_START "cunzhan starting"
/* The most of each file core_logfile_tail() reads, from its end. */
#define CORE_LOGFILE_TAIL_BYTES (256u * 1024u)

/* Opens dir/cunzhan.log for appending and installs the sink. 0 or -1 with err. */
int core_logfile_open(const char *dir, size_t max_bytes, int echo_stderr, char *err,
                      size_t errlen);
void core_logfile_close(void);
/* Calls fn for each line in the ring, oldest first (under the log lock: do not log from fn). */
void core_logfile_each(void (*fn)(void *ud, const char *line), void *ud);
/* Calls fn for each of the last max_lines lines of the log file, the rotated
 * file (.1) first: oldest first, across restarts (the ring holds this run's
 * alone). Empty lines are left out; a last line without its newline yet is
 * one. Both files are opened under the log lock (the pair is one moment's,
 * whatever a rotation does meanwhile) and read after it: at most
 * CORE_LOGFILE_TAIL_BYTES from the end of each file (the line the cut falls
 * inside left out), so it is quick enough for the UI thread; fn is called
 * without the lock (fn may log). Returns the number of lines, or -1 when no
 * log file is open. */
int core_logfile_tail(int max_lines, void (*fn)(void *ud, const char *line), void *ud);

#endif
