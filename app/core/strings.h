/* strings.h — the words the kiosk shows, kept in assets/text/zh-CN.txt, not in C.
 *
 * File format: `key = text` a line, # comments, \n in text for a line break.
 * core_str() of a key the file lacks returns the key itself (visibly wrong)
 * and counts it, so a test can fail on missing text.
 */
#ifndef CZ_CORE_STRINGS_H
#define CZ_CORE_STRINGS_H

#include <stddef.h>

/* Loads (replacing what was loaded). 0, or -1 with err naming file and line. */
int core_strings_load(const char *path, char *err, size_t errlen);
/* The text for key; static storage valid until the next load or core_strings_free(). */
const char *core_str(const char *key);
/* The text for key, or fallback when the file has none (a text that may be
 * absent on purpose, as a setting's own words; not counted as missing). */
const char *core_str_or(const char *key, const char *fallback);
/* How many lookups found no text since the last load. */
int core_strings_missing(void);
void core_strings_free(void);

#endif
