/* pinyin.h — pinyin text entry: letters typed on the on-screen keyboard in,
 * Chinese candidates out.
 *
 * The engine is libgooglepinyin with its system dictionary (Debian package
 * libgooglepinyin0). Rare name characters (生僻字) the engine lacks — 堃 䶮 祎
 * 赟 and thousands more — come from a table derived from Unicode's Unihan
 * readings (assets/ime/rare-pinyin.txt, see assets/ime/README.md); they are
 * offered after the engine's candidates for the first syllable.
 *
 * A composition works like a phone's pinyin keyboard:
 *     ime_pinyin_append(p, "zhangsan");    candidates: 张三 张 涨 长 章 ..., then the
 *                                          rare characters read "zhang"
 *     ime_pinyin_choose(p, 1);             picks 张; "san" is left, candidates
 *                                          are now for "san" (三 叁 伞 ...)
 *     ime_pinyin_choose(p, 0);             picks 三; returns 1: done
 *     ime_pinyin_chosen(p)                 "张三" — the caller takes it, then
 *     ime_pinyin_reset(p);
 * Letters are a..z (upper case is taken as lower case; v stands for ü) and
 * the apostrophe as a syllable separator (xi'an). Anything else is refused
 * with IME_PINYIN_ERR_CHAR and the composition is left as it was.
 *
 * Long input is taken a piece at a time: the engine is given at most 13
 * letters (cut back to whole syllables), because libgooglepinyin 1.0 aborts
 * the whole process on some longer inputs (runs of ambiguous letters such as
 * "zzzzzzzzzzzzzz"). So "zhonghuarenmingongheguo" first offers 中华人 ...;
 * after a choice the next letters follow. Most names fit in one piece.
 *
 * A name field can have common given names the engine's dictionary lacks as
 * phrases (秀英 for xiuying: it offers 修应) among its candidates: the names
 * lexicon (assets/ime/name-words.txt) is loaded with ime_pinyin_load_names
 * and switched on with ime_pinyin_names while a name is typed. An address
 * or any other text leaves it off and keeps the engine's candidates.
 *
 * Nothing is learnt: the engine runs without a user dictionary, so names typed
 * by one villager are never offered to the next and nothing is written to disk.
 *
 * The engine keeps global state, so only one ime_pinyin may be open in a
 * process at a time (a second open gets IME_PINYIN_ERR_BUSY). Not
 * thread-safe: use it from one thread (the UI's).
 *
 * Ownership: ime_pinyin_open() gives an object the caller frees with
 * ime_pinyin_free(). Strings returned by the getters belong to the object and
 * stay valid until the next call that changes the composition (append,
 * backspace, choose, reset) or free.
 */
#ifndef CZ_IME_PINYIN_H
#define CZ_IME_PINYIN_H

#include <stddef.h>

#define IME_PINYIN_MAX_LETTERS 32 /* letters (and apostrophes) waiting to be turned into characters */
#define IME_PINYIN_MAX_INPUT 128  /* letters typed in one composition, chosen ones included */
#define IME_PINYIN_RARE_FILE "ime/rare-pinyin.txt" /* the rare table, relative to the assets folder */
#define IME_PINYIN_DICT_ENV "CZ_PINYIN_DICT"       /* environment override of the dictionary */
#define IME_PINYIN_NAMES_FILE "ime/name-words.txt" /* the names lexicon, relative to the assets folder */
#define IME_PINYIN_CHOSEN_BYTES (IME_PINYIN_MAX_INPUT * 4 + 1) /* characters chosen in one composition */

enum {
    IME_PINYIN_OK = 0,
    IME_PINYIN_ERR_ARG = -1,   /* NULL object or argument */
    IME_PINYIN_ERR_NOMEM = -2, /* out of memory */
    IME_PINYIN_ERR_DICT = -3,  /* dictionary missing, unreadable or refused by the engine */
    IME_PINYIN_ERR_RARE = -4,  /* rare-character table unreadable or malformed */
    IME_PINYIN_ERR_BUSY = -5,  /* another ime_pinyin is open in this process */
    IME_PINYIN_ERR_CHAR = -6,  /* input holds something other than a..z, A..Z and ' */
    IME_PINYIN_ERR_LONG = -7,  /* more than IME_PINYIN_MAX_LETTERS letters waiting, or
                                  more than IME_PINYIN_MAX_INPUT in the composition */
    IME_PINYIN_ERR_EMPTY = -8, /* no letters given (or none left to delete) */
    IME_PINYIN_ERR_RANGE = -9, /* candidate index outside the list */
    IME_PINYIN_ERR_SPELL = -10, /* letters no syllable takes after the ones waiting */
    IME_PINYIN_ERR_NAMES = -11, /* names lexicon unreadable or malformed */
};

typedef struct ime_pinyin ime_pinyin;

/* The dictionary used when open gets NULL: $CZ_PINYIN_DICT if set, else the
 * first readable of the location libgooglepinyin was built with and the
 * usual Debian multiarch locations. NULL if none is found. Static storage. */
const char *ime_pinyin_default_dict(void);

/* Opens the engine. dict_path NULL: ime_pinyin_default_dict(). rare_path
 * NULL: no rare characters (only the engine's). On failure returns a negative
 * code, *out is NULL and err (may be NULL) says what is wrong, naming the file
 * and, for the rare table, the line. */
int ime_pinyin_open(ime_pinyin **out, const char *dict_path, const char *rare_path, char *err,
                    size_t errlen);
/* Closes the engine and wipes the composition. NULL is fine. */
void ime_pinyin_free(ime_pinyin *p);

/* Loads the names lexicon (replacing one loaded before); off until
 * ime_pinyin_names turns it on. IME_PINYIN_OK, or a negative code with err
 * (may be NULL) naming the file and line. */
int ime_pinyin_load_names(ime_pinyin *p, const char *path, char *err, size_t errlen);
/* on: a name is being typed: after the engine's candidates come the
 * lexicon's given names spelt by the first syllables waiting that the
 * engine did not offer (chosen like its phrases, a syllable a character).
 * off (the default): the engine's candidates alone. A change searches the
 * letters waiting again: returns the number of candidates or a negative
 * code. */
int ime_pinyin_names(ime_pinyin *p, int on);

/* Adds letters after the ones waiting (keeps what was chosen; after a reset,
 * they start a new composition). Returns the number of candidates (>= 0; 0
 * when the letters spell nothing the engine knows) or a negative code
 * (composition unchanged). */
int ime_pinyin_append(ime_pinyin *p, const char *letters);
/* The same, but letters the engine cannot spell after the ones waiting (a
 * lone "i", "shi" + "i": no syllable takes them) are refused with
 * IME_PINYIN_ERR_SPELL and the composition is unchanged. Letters past the
 * engine's window (13 waiting) are taken unread, as by append. */
int ime_pinyin_append_spelt(ime_pinyin *p, const char *letters);
/* Deletes the last waiting letter; with no letters waiting, undoes the last
 * choice (its letters wait again). Returns the number of candidates, or
 * IME_PINYIN_ERR_EMPTY if the composition was already empty. */
int ime_pinyin_backspace(ime_pinyin *p);
/* Drops the composition: no letters, nothing chosen, no candidates. */
void ime_pinyin_reset(ime_pinyin *p);

/* Candidates for the letters waiting, best first: the engine's (phrases for
 * the whole input, then shorter ones, then single characters of the first
 * syllable), then the names lexicon's given names (ime_pinyin_names), then
 * rare characters of the first syllable the engine lacks. */
int ime_pinyin_count(const ime_pinyin *p);
/* The i-th candidate (UTF-8), or NULL outside 0..count-1. */
const char *ime_pinyin_candidate(const ime_pinyin *p, int i);
/* How many of the candidates come from the engine; candidates from this
 * index on are rare characters (a screen may mark them "生僻字"). */
int ime_pinyin_common_count(const ime_pinyin *p);

/* Takes the i-th candidate: it joins the chosen text and the letters it
 * spells are used up. Returns 1 when no letters are left (the composition is
 * complete: read ime_pinyin_chosen, then reset), 0 when letters remain (the
 * candidates are now for them), or a negative code. */
int ime_pinyin_choose(ime_pinyin *p, int i);

/* Characters chosen so far in this composition ("" if none). */
const char *ime_pinyin_chosen(const ime_pinyin *p);
/* The waiting letters split into syllables as the engine reads them, with
 * apostrophes between ("zhang'san"), for showing above the candidates. */
const char *ime_pinyin_spelling(const ime_pinyin *p);

/* A composition put aside (ime_pinyin_save) and taken up again later
 * (ime_pinyin_restore), when another composition used the engine in
 * between: a keyboard closed with letters waiting, opened again. Every
 * letter typed, where the waiting ones start, what was chosen and how to
 * undo each choice, and whether names were on: the candidates follow from
 * them. Holds what a person typed: the holder wipes it. */
typedef struct {
    char input[IME_PINYIN_MAX_INPUT + 1];
    size_t pos;
    char chosen[IME_PINYIN_CHOSEN_BYTES];
    size_t chosen_len;
    struct {
        size_t pos, chosen_len;
    } undo[IME_PINYIN_MAX_INPUT];
    int nundo;
    int names_on;
} ime_pinyin_state;

/* Copies the composition into out (the engine keeps it too).
 * IME_PINYIN_OK or IME_PINYIN_ERR_ARG. */
int ime_pinyin_save(const ime_pinyin *p, ime_pinyin_state *out);
/* Makes s the composition (the one there before is dropped) and searches
 * its waiting letters again: the candidates are those it had when saved.
 * Returns their number, or a negative code (IME_PINYIN_ERR_ARG for a state
 * that is not one ime_pinyin_save gave: the composition is then empty). */
int ime_pinyin_restore(ime_pinyin *p, const ime_pinyin_state *s);

/* A short English description of a code, for logs. */
const char *ime_pinyin_strerror(int code);

#endif
