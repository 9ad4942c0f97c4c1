/* utf8.h — small UTF-8 helpers for Chinese text. */
#ifndef CZ_CORE_UTF8_H
#define CZ_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFD

/* Decodes one code point at *s and advances *s past it. Malformed or
 * overlong sequences yield UTF8_INVALID and advance one byte. At the
 * terminating NUL returns 0 without advancing. */
uint32_t utf8_next(const char **s);
/* Encodes cp into out (at least 4 bytes); returns the byte count (0 if cp is invalid). */
int utf8_encode(uint32_t cp, char out[4]);
/* 1 if the NUL-terminated string is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *s);
/* Removes the last code point of a NUL-terminated buffer in place. */
void utf8_pop(char *s);
/* Copies src into dst of cap bytes (cap > 0), cut at a character boundary
 * when it is too long; dst is always NUL-terminated. */
void utf8_copy(char *dst, size_t cap, const char *src);
/* A person's name as shown where others may see it (a list on a public
 * screen): the first character, and the last of a name of three or more,
 * with one * for each character between or after: 王秀英 王*英, 张三 张*,
 * 欧阳明月 欧**月. dst of cap bytes (cap > 0), cut like utf8_copy; "" for ""
 * or a string that is not valid UTF-8. */
void utf8_mask_name(char *dst, size_t cap, const char *name);

#endif
