/* gb2312.h — the GB 2312 level of a Han character, for ranking input-method
 * candidates: level 1 (3,755 common characters) before level 2 (3,008 less
 * common ones), and characters outside GB 2312 (rare or traditional: 錒 吋
 * 邨 組, and rare name characters such as 堃) kept apart as 生僻字.
 *
 * The table is assets/ime/gb2312.txt, made from Python's gb2312 codec by
 * assets/ime/make-gb2312.py (see assets/ime/README.md). Format (UTF-8): `#`
 * comment lines, then a line "1" TAB characters and a line "2" TAB
 * characters; every character a Han character in U+4E00..U+9FFF (all of GB
 * 2312's are), none twice.
 *
 * Ownership: ime_gb_load() gives a table freed with ime_gb_free().
 */
#ifndef CZ_IME_GB2312_H
#define CZ_IME_GB2312_H

#include <stddef.h>
#include <stdint.h>

#define IME_GB_FILE "ime/gb2312.txt" /* the table, relative to the assets folder */

enum {
    IME_GB_OK = 0,
    IME_GB_ERR_ARG = -1,   /* NULL argument */
    IME_GB_ERR_NOMEM = -2, /* out of memory */
    IME_GB_ERR_FILE = -3,  /* the table cannot be read */
    IME_GB_ERR_FORMAT = -4 /* the table is malformed (err names the line) */
};

typedef struct ime_gb ime_gb;

/* Loads the table at path. On failure a negative code, *out NULL, and err
 * (may be NULL) names the file and, when malformed, the line. */
int ime_gb_load(ime_gb **out, const char *path, char *err, size_t errlen);
void ime_gb_free(ime_gb *g);
/* 1 or 2: cp is a GB 2312 hanzi of that level; 0: a Han character outside
 * GB 2312; -1: not a Han character (letters, digits, punctuation, ·). */
int ime_gb_level(const ime_gb *g, uint32_t cp);
/* A short English description of a code, for logs. */
const char *ime_gb_strerror(int code);

#endif
