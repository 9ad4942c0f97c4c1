/* log.h — the application's log.
 *
 * Modules never print; they hand lines to core_log(), which passes them to the
 * sink the program installed (stderr by default, a file or the journal on a
 * kiosk). Rule for every caller: never log personal data (names, ID numbers,
 * phones, addresses, answers) nor secrets (device token, PINs). Log filing
 * UUIDs, form ids, counts and error codes instead.
 */
#ifndef CZ_CORE_LOG_H
#define CZ_CORE_LOG_H

#include <stdarg.h>

typedef enum { CORE_LOG_DEBUG, CORE_LOG_INFO, CORE_LOG_WARN, CORE_LOG_ERROR } core_log_level;

/* Receives one formatted line (no trailing newline). `module` is a short tag. */
typedef void (*core_log_sink)(core_log_level level, const char *module, const char *line, void *ud);

/* Install a sink; NULL restores the default (stderr). Not thread-safe against
 * concurrent core_log() calls: install sinks before starting threads. */
void core_log_set_sink(core_log_sink sink, void *ud);
void core_log(core_log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void core_log_v(core_log_level level, const char *module, const char *fmt, va_list ap);
const char *core_log_level_name(core_log_level level);
/* The levels' names in their order, NULL after the last (the technician's
 * choice of log.level lists them). */
extern const char *const core_log_level_names[];
/* The level a name ("debug", "info", "warn", "error") means; 0, or -1 for
 * any other name (out untouched). */
int core_log_level_parse(const char *name, core_log_level *out);
/* Lines below min are dropped (default CORE_LOG_INFO): the configuration's
 * log.level, applied at start-up and when the technician changes it. */
void core_log_set_level(core_log_level min);

#endif
