/* names.c — the names lexicon (see names.h). */
#include "ime/names.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define NAMES_MAX_FILE (64u << 10) /* a lexicon bigger than this is not ours */
#define NAMES_SPELL 32             /* a spelling's bytes with its NUL */
#define NAMES_WORD 40              /* a word's bytes with its NUL */

typedef struct {
    char spell[NAMES_SPELL];
    char word[NAMES_WORD];
} names_entry;

struct ime_names {
    names_entry *ents;
    size_t n;
};

void ime_names_free(ime_names *n)
{
    if (!n)
        return;
    free(n->ents);
    free(n);
}

size_t ime_names_count(const ime_names *n) { return n ? n->n : 0; }

const char *ime_names_spelling(const ime_names *n, size_t i)
{
    return n && i < n->n ? n->ents[i].spell : NULL;
}

const char *ime_names_word(const ime_names *n, size_t i)
{
    return n && i < n->n ? n->ents[i].word : NULL;
}

/* One line's fields into e; NULL or what is wrong. */
static const char *parse_line(names_entry *e, const char *p, const char *le)
{
    const char *tab = memchr(p, '\t', (size_t)(le - p));
    if (!tab)
        return "expected: syllables TAB word";
    size_t sl = (size_t)(tab - p), wl = (size_t)(le - tab - 1);
    if (sl == 0 || sl >= NAMES_SPELL)
        return "syllables must be 1 to 31 letters and apostrophes";
    if (wl == 0 || wl >= NAMES_WORD)
        return "word must be 1 to 39 bytes";
    size_t syl = 1;
    for (size_t i = 0; i < sl; i++) {
        char c = p[i];
        if (c == '\'' && i > 0 && i + 1 < sl && p[i - 1] != '\'')
            syl++;
        else if (c < 'a' || c > 'z')
            return "syllables must be letters a..z joined by single apostrophes";
    }
    memcpy(e->spell, p, sl);
    e->spell[sl] = '\0';
    memcpy(e->word, tab + 1, wl);
    e->word[wl] = '\0';
    if (!utf8_valid(e->word))
        return "word is not valid UTF-8";
    size_t chars = 0;
    for (const char *w = e->word; *w; chars++) {
        uint32_t cp = utf8_next(&w);
        if (cp < 0x4E00 || cp > 0x9FFF)
            return "not a Han character in the word";
    }
    return chars == syl ? NULL : "the word needs one character per syllable";
}

int ime_names_load(ime_names **out, const char *path, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *text = malloc(NAMES_MAX_FILE + 1);
    ime_names *n = calloc(1, sizeof *n);
    size_t len = text ? fread(text, 1, NAMES_MAX_FILE + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    const char *why = bad ? "read error" : len > NAMES_MAX_FILE ? "too large" : NULL;
    size_t lines = 1;
    for (size_t i = 0; text && !why && i < len; i++)
        lines += text[i] == '\n';
    if (text && n && !why)
        n->ents = calloc(lines, sizeof *n->ents);
    if (!text || !n || (!why && !n->ents)) {
        free(text);
        ime_names_free(n);
        return -2;
    }
    size_t lineno = 0;
    const char *p = text, *end = text + (why ? 0 : len);
    if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3; /* a byte-order mark (an editor's): not the first line's */
    while (!why && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        if (le > p && le[-1] == '\r')
            le--;
        if (memchr(p, '\0', (size_t)(le - p)))
            why = "NUL byte in the line";
        else if (le != p && *p != '#' && !(why = parse_line(&n->ents[n->n], p, le)))
            n->n++;
        p = nl ? nl + 1 : end;
    }
    if (!why && n->n == 0)
        why = "no names in the lexicon";
    free(text);
    if (why) {
        if (err && errlen)
            snprintf(err, errlen, "%s:%zu: %s", path, lineno, why);
        ime_names_free(n);
        return -1;
    }
    *out = n;
    return 0;
}
