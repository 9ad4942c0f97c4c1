/* rare.h — (private to app/ime) the rare-character table: Han characters by
 * toneless pinyin, loaded from assets/ime/rare-pinyin.txt.
 *
 * File format (UTF-8): `#` comment lines and blank lines are skipped; every
 * other line is a syllable (1..6 letters a..z), one TAB, and one or more Han
 * characters (best first). A syllable appears once.
 *
 * Ownership: ime_rare_load() gives a table freed with ime_rare_free();
 * strings it returns belong to the table.
 */
#ifndef CZ_IME_RARE_H
#define CZ_IME_RARE_H

#include <stddef.h>

typedef struct ime_rare ime_rare;

/* 0 on success; -1 with err naming the file and line (or -2 out of memory). */
int ime_rare_load(ime_rare **out, const char *path, char *err, size_t errlen);
/* Parses text already in memory (name is used in messages). Same returns. */
int ime_rare_parse(ime_rare **out, const char *text, size_t len, const char *name, char *err,
                   size_t errlen);
void ime_rare_free(ime_rare *r);
/* The characters read as syllable (n bytes, not NUL-terminated), a UTF-8
 * string, or NULL if the table has none. */
const char *ime_rare_find(const ime_rare *r, const char *syllable, size_t n);
/* Characters in the table, all syllables counted. */
size_t ime_rare_size(const ime_rare *r);

#endif
