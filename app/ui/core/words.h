/* words.h — the words a line of Chinese text is not broken inside.
 *
 * Chinese has no spaces: a line may break between any two Han characters,
 * and a break inside a word (用手 / 机, 参 / 保登记) makes a reader stop and
 * guess. The kiosk's text is known in advance, so its words are listed
 * (assets/text/words.txt, made by make-words.py beside it) and text layout
 * (text.h) keeps to breaks that no listed word spans.
 *
 * The file: UTF-8, one word a line, each 2 to WORDS_MAX_CHARS Han characters;
 * empty lines and lines starting with '#' are skipped. Any other line refuses
 * the whole file (the error names the line): a list half read would break
 * some words and not others.
 *
 * Ownership: words_load() returns a set freed by words_free(); it borrows
 * nothing. A set is read-only once loaded: any thread may ask it.
 */
#ifndef CZ_UI_WORDS_H
#define CZ_UI_WORDS_H

#include <stddef.h>

typedef struct words_set words_set;

#define WORDS_MAX_CHARS 4    /* the longest word, in characters */
#define WORDS_MAX_COUNT 65536 /* words a file may hold */

/* Reads the list at path into *out: 0, or -1 with the reason in err ("path:
 * line N: …", or the file's own error) and *out NULL. */
int words_load(const char *path, words_set **out, char *err, size_t errlen);
/* The same from text in memory (len bytes; name stands for it in errors). */
int words_parse(const char *text, size_t len, const char *name, words_set **out, char *err,
                size_t errlen);
void words_free(words_set *w);
/* 1 if a listed word spans the place at in text (at least one of its
 * characters before at and one from at on); text is where text begins
 * (nothing before it is looked at), at points at a character's first byte.
 * 0 when none does, w is NULL, or at is text's start or end. */
int words_across(const words_set *w, const char *text, const char *at);

#endif
