/* words.h — where a line of Chinese text may end: the words it is not broken
 * inside, and the punctuation that may not start or end a line.
 *
 * Chinese has no spaces: a line may break between any two Han characters,
 * and a break inside a word (用手 / 机, 参 / 保登记) makes a reader stop and
 * guess. The kiosk's text is known in advance, so its words are listed
 * (assets/text/words.txt, made by make-words.py beside it) and both layouts
 * of the kiosk, the screens' (ui/core/text.h) and the printed slip's
 * (receipt/receipt.h), keep to breaks that no listed word spans.
 *
 * The file: UTF-8, one word a line, each 2 to WORDS_MAX_CHARS Han characters;
 * empty lines and lines starting with '#' are skipped. Any other line refuses
 * the whole file (the error names the line): a list half read would break
 * some words and not others.
 *
 * The kiosk's own list is loaded once at start for the whole process, as the
 * string table is (strings.h): words_kiosk_load(), words_kiosk().
 *
 * Ownership: words_load() returns a set freed by words_free(); it borrows
 * nothing. A set is read-only once loaded: any thread may ask it.
 */
#ifndef CZ_CORE_WORDS_H
#define CZ_CORE_WORDS_H

#include <stddef.h>
#include <stdint.h>

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
/* The same counting only the listed words of at most max_chars characters
 * (a compound such as 参保登记 gives way, its parts 参保 and 登记 do not). */
int words_across_max(const words_set *w, const char *text, const char *at, int max_chars);

/* Chinese line-breaking rules: 1 if c may not start a line (closing
 * punctuation: ，。）》” and the like), or may not end one (opening: （《“ …). */
int words_no_line_start(uint32_t c);
int words_no_line_end(uint32_t c);
/* 1 if c ends a clause (，、；：。！？): a line may end after it with the
 * paragraph's last clause whole on the next (both layouts, when it fits). */
int words_is_pause(uint32_t c);
/* 1 if c is a Han character (the CJK Unified Ideographs and their
 * extensions A to H). */
int words_is_han(uint32_t c);
/* 1 if a break at `at` (in text, which begins at text) parts what Chinese
 * typesetting keeps together though no list names it: a number or Latin
 * letter from the unit or measure after it (60 / 周岁, C / 级), a label from
 * the number or code a space after it (回执号 / CZ2026…, 第 / 3 步), or the first
 * character of a clause from the rest of it, left alone at the end of a
 * line after a pause mark (，等 / 一两秒), or, in an address (two of
 * 省市州县区镇乡村组旗盟 in the run of Han characters, digits and letters
 * around the break, 12 characters either side), a short place name (up to
 * 5 characters with its end: 恩 / 施市, 夷陵 / 区, 自治 / 州). Like a listed word, such a break
 * is passed over while the line keeps more than half its width. */
int words_keep_together(const char *text, const char *at);

/* The kiosk's list (assets/text/words.txt) for the whole process, loaded by
 * each app at its start (ui/core/app.h): the first load reads the file, a
 * later one while it is held only counts (0, or -1 with err as words_load);
 * each load that returned 0 is matched by one words_kiosk_free(), and the
 * last frees the list. words_kiosk(): the list, NULL while none is held. */
int words_kiosk_load(const char *path, char *err, size_t errlen);
const words_set *words_kiosk(void);
void words_kiosk_free(void);

#endif
