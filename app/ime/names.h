/* names.h — (private to app/ime) the names lexicon: common given names by
 * their syllables, loaded from assets/ime/name-words.txt, offered among the
 * pinyin candidates of a name field where the engine's dictionary has no
 * such phrase (秀英 for xiuying: the engine offers 修应 and single
 * characters).
 *
 * File format (UTF-8, a byte-order mark before it allowed): `#` comment
 * lines and blank lines are skipped; every other line is the syllables as
 * the engine splits them, joined by apostrophes (xiu'ying), one TAB, and
 * one word of as many Han characters as syllables.
 *
 * Ownership: ime_names_load() gives a lexicon freed with ime_names_free();
 * strings it returns belong to the lexicon.
 */
#ifndef CZ_IME_NAMES_H
#define CZ_IME_NAMES_H

#include <stddef.h>

typedef struct ime_names ime_names;

/* 0 on success; -1 with err naming the file and line (or -2 out of memory). */
int ime_names_load(ime_names **out, const char *path, char *err, size_t errlen);
void ime_names_free(ime_names *n);
/* Entries in file order. */
size_t ime_names_count(const ime_names *n);
/* Entry i's syllables ("xiu'ying") and word ("秀英"); NULL outside 0..count-1. */
const char *ime_names_spelling(const ime_names *n, size_t i);
const char *ime_names_word(const ime_names *n, size_t i);

#endif
