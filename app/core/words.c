/* words.c — the words a line of Chinese text is not broken inside (words.h):
 * an open-addressing set of their UTF-8 bytes. */
#include "core/words.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define WORD_BYTES (4 * WORDS_MAX_CHARS) /* a Han character is 3 or 4 bytes */

typedef struct {
    uint8_t len; /* 0: an empty slot */
    char s[WORD_BYTES];
} slot;

struct words_set {
    slot *slots;
    size_t mask; /* slots - 1 (a power of two, at least twice the count) */
    size_t n;
};

int words_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
    return h ^ (h >> 32);
}

static int has(const words_set *w, const char *s, size_t len)
{
    for (size_t i = hash(s, len) & w->mask;; i = (i + 1) & w->mask) {
        const slot *e = &w->slots[i];
        if (!e->len)
            return 0;
        if (e->len == len && !memcmp(e->s, s, len))
            return 1;
    }
}

static void add(words_set *w, const char *s, size_t len)
{
    size_t i = hash(s, len) & w->mask;
    for (; w->slots[i].len; i = (i + 1) & w->mask)
        if (w->slots[i].len == len && !memcmp(w->slots[i].s, s, len))
            return; /* listed twice: once is enough */
    w->slots[i].len = (uint8_t)len;
    memcpy(w->slots[i].s, s, len);
    w->n++;
}

static int fail(char *err, size_t errlen, const char *name, int line, const char *why)
{
    if (err && errlen) {
        if (line)
            snprintf(err, errlen, "%s: line %d: %s", name, line, why);
        else
            snprintf(err, errlen, "%s: %s", name, why);
    }
    return -1;
}

/* The line [s, s+len) as a word: 0 when it is 2..WORDS_MAX_CHARS Han
 * characters, else -1 with why. */
static int check_word(const char *s, size_t len, const char **why)
{
    char buf[WORD_BYTES + 8];
    if (len > WORD_BYTES) {
        *why = "more than 4 characters";
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (!utf8_valid(buf)) {
        *why = "not UTF-8";
        return -1;
    }
    const char *p = buf;
    size_t chars = 0;
    uint32_t c;
    while ((c = utf8_next(&p))) {
        if (!words_is_han(c)) {
            *why = "not a word of Han characters only";
            return -1;
        }
        chars++;
    }
    if (chars < 2 || chars > WORDS_MAX_CHARS) {
        *why = chars < 2 ? "fewer than 2 characters" : "more than 4 characters";
        return -1;
    }
    return 0;
}

int words_parse(const char *text, size_t len, const char *name, words_set **out, char *err,
                size_t errlen)
{
    *out = NULL;
    if (memchr(text, '\0', len))
        return fail(err, errlen, name, 0, "holds a NUL byte");
    /* first pass: check every line and count the words */
    size_t n = 0;
    int line = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        line++;
        size_t l = (size_t)(e - p);
        if (l && p[l - 1] == '\r')
            l--;
        if (l && p[0] != '#') {
            const char *why;
            if (check_word(p, l, &why) != 0)
                return fail(err, errlen, name, line, why);
            if (++n > WORDS_MAX_COUNT)
                return fail(err, errlen, name, line, "more than 65536 words");
        }
        p = nl ? nl + 1 : end;
    }
    words_set *w = calloc(1, sizeof *w);
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    if (w)
        w->slots = calloc(cap, sizeof *w->slots);
    if (!w || !w->slots) {
        free(w);
        return fail(err, errlen, name, 0, "out of memory");
    }
    w->mask = cap - 1;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t l = (size_t)(e - p);
        if (l && p[l - 1] == '\r')
            l--;
        if (l && p[0] != '#')
            add(w, p, l);
        p = nl ? nl + 1 : end;
    }
    *out = w;
    return 0;
}

int words_load(const char *path, words_set **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, path, 0, strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len == cap) {
            if (cap >= ((size_t)16 << 20)) { /* far more than 65536 words */
                rc = fail(err, errlen, path, 0, "larger than 16 MiB");
                break;
            }
            char *nb = realloc(buf, cap = cap ? 2 * cap : 16384);
            if (!nb) {
                rc = fail(err, errlen, path, 0, "out of memory");
                break;
            }
            buf = nb;
        }
        size_t k = fread(buf + len, 1, cap - len, f);
        len += k;
        if (k == 0) {
            if (ferror(f))
                rc = fail(err, errlen, path, 0, "read error");
            break;
        }
    }
    fclose(f);
    if (rc == 0)
        rc = words_parse(buf ? buf : "", len, path, out, err, errlen);
    free(buf);
    return rc;
}

void words_free(words_set *w)
{
    if (!w)
        return;
    free(w->slots);
    free(w);
}

static int in_set(uint32_t c, const char *set)
{
    /* Han characters, letters and digits are in no set here: the common
     * case answers without walking the set (layout asks twice a character) */
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c >= 0x20000 ||
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return 0;
    uint32_t x;
    while ((x = utf8_next(&set)))
        if (x == c)
            return 1;
    return 0;
}

int words_no_line_start(uint32_t c)
{
    return in_set(c, "，。、；：？！）》」』】〕〉…·％,.;:?!)]}%”’—～");
}

int words_no_line_end(uint32_t c) { return in_set(c, "（《「『【〔〈“‘([{￥$"); }

int words_is_pause(uint32_t c) { return in_set(c, "，、；：。！？"); }

/* The character that ends just before p (text begins at text) and, in
 * *start, where it begins; 0 at text's start. */
static uint32_t char_before(const char *text, const char *p, const char **start)
{
    if (p <= text)
        return 0;
    const char *q = p - 1;
    while (q > text && ((uint8_t)*q & 0xC0) == 0x80)
        q--;
    const char *r = q;
    uint32_t c = utf8_next(&r);
    if (r != p)
        return 0; /* not a whole character (malformed bytes) */
    *start = q;
    return c;
}

static int is_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

#define VALUE_KEEP 20 /* a number or code this long (bytes) goes with its label */

/* 1 if at lies in the spaces between a Han label and the number or code it
 * names (回执号 CZ2026…, 登记号 00000013): at a space after the label, or at
 * the code after the spaces. A longer run (a file's name, a path) has a line
 * of its own anyway: its label is not carried along with it. */
static int label_and_value(const char *text, const char *at)
{
    const char *a = at, *b = at, *q;
    while (*a == ' ')
        a++;
    while (b > text && b[-1] == ' ')
        b--;
    if (a == b || !is_alnum((uint8_t)*a) || !words_is_han(char_before(text, b, &q)))
        return 0; /* no space at either side of at, or not a label and a number */
    int n = 0;
    while (n <= VALUE_KEEP && (is_alnum((uint8_t)a[n]) || (a[n] && strchr("-_.:/", a[n]))))
        n++;
    return n <= VALUE_KEEP;
}

#define PLACE_MAX 5 /* Han characters of a short place name with its 市, 县, 村 … */

/* 1 if c ends a place name in an address (湖北省, 宜昌市, 夷陵区, 青山村, 一组). */
static int place_end(uint32_t c)
{
    static const char ENDS[] = "省市州县区镇乡村组旗盟";
    const char *p = ENDS;
    uint32_t x;
    while ((x = utf8_next(&p)))
        if (x == c)
            return 1;
    return 0;
}

#define ADDRESS_REACH 12 /* characters looked at either side of a break */

/* 1 if c may be part of an address's run: a Han character, a digit or a
 * letter (7号, 3栋); a pause mark, a space or a line's end part runs. */
static int address_char(uint32_t c) { return words_is_han(c) || is_alnum(c); }

/* 1 if the run of address characters around at (up to ADDRESS_REACH
 * characters either side) reads as an address: two place names' ends at
 * least. Looked at around the break only: a pledge or a county's note that
 * names 县 and 村 far apart is prose, and a long text costs no more. */
static int address_like(const char *text, const char *at)
{
    int n = 0, k;
    uint32_t c;
    const char *p = at, *q;
    for (k = 0; k < ADDRESS_REACH && (c = char_before(text, p, &q)) && address_char(c); k++) {
        n += place_end(c);
        p = q;
    }
    p = at;
    for (k = 0; k < ADDRESS_REACH && (c = utf8_next(&p)) && address_char(c); k++)
        n += place_end(c);
    return n >= 2;
}

/* 1 if a break at `at`, between the Han characters before and after, lies
 * inside a place name of an address, which no word list can hold (the
 * villager's own 恩施市, 夷陵区, 青山村): before its 市 or 村 (自治 / 州), or
 * inside a short name between two such ends (恩 / 施市 after 自治州). */
static int in_place_name(const char *text, const char *at, const char *before_at, uint32_t before,
                         uint32_t after)
{
    if (!address_like(text, at))
        return 0;
    if (place_end(after))
        return 1;
    if (place_end(before))
        return 0; /* right after one: where the next name begins */
    int nb = 1, nf = 0;
    const char *b = before_at, *q;
    uint32_t c;
    while ((c = char_before(text, b, &q)) && words_is_han(c) && !place_end(c)) {
        if (++nb > PLACE_MAX)
            return 0;
        b = q;
    }
    const char *r = at;
    while ((c = utf8_next(&r))) {
        if (!words_is_han(c) || nb + ++nf > PLACE_MAX)
            return 0;
        if (place_end(c))
            return 1;
    }
    return 0;
}

int words_keep_together(const char *text, const char *at)
{
    const char *b1, *b2;
    uint32_t before = char_before(text, at, &b1);
    if (!before || !*at)
        return 0;
    if (label_and_value(text, at))
        return 1; /* 回执号 / CZ2026…: the number from the word that says what it is */
    const char *r = at;
    uint32_t after = utf8_next(&r);
    if (!words_is_han(after))
        return 0;
    if (is_alnum(before))
        return 1; /* 60周岁, C级 */
    if (!words_is_han(before))
        return 0;
    if (in_place_name(text, at, b1, before, after))
        return 1; /* 夷陵 / 区, 恩 / 施市 */
    uint32_t pause = char_before(text, b1, &b2);
    return pause && in_set(pause, "，、；：。！？,;:!?"); /* ，等 / 一两秒 */
}

static words_set *kiosk_words; /* held by kiosk_refs loads (the apps of the process) */
static int kiosk_refs;

int words_kiosk_load(const char *path, char *err, size_t errlen)
{
    if (kiosk_words) {
        kiosk_refs++;
        return 0;
    }
    if (words_load(path, &kiosk_words, err, errlen) != 0)
        return -1;
    kiosk_refs = 1;
    return 0;
}

const words_set *words_kiosk(void) { return kiosk_words; }

void words_kiosk_free(void)
{
    if (kiosk_refs > 0 && --kiosk_refs == 0) {
        words_free(kiosk_words);
        kiosk_words = NULL;
    }
}

int words_across(const words_set *w, const char *text, const char *at)
{
    return words_across_max(w, text, at, WORDS_MAX_CHARS);
}

int words_across_max(const words_set *w, const char *text, const char *at, int max_chars)
{
    if (!w || !w->n || at <= text || !*at)
        return 0;
    if (max_chars > WORDS_MAX_CHARS)
        max_chars = WORDS_MAX_CHARS;
    /* up to WORDS_MAX_CHARS - 1 Han characters on each side of at: where
     * each one before it begins, where each one from it on ends */
    const char *before[WORDS_MAX_CHARS - 1], *after[WORDS_MAX_CHARS - 1];
    int nb = 0, na = 0;
    for (const char *p = at, *q;
         nb < WORDS_MAX_CHARS - 1 && words_is_han(char_before(text, p, &q));) {
        before[nb++] = q;
        p = q;
    }
    for (const char *p = at; na < WORDS_MAX_CHARS - 1;) {
        const char *r = p;
        if (!words_is_han(utf8_next(&r)))
            break;
        after[na++] = r;
        p = r;
    }
    for (int k = 1; k <= nb; k++)
        for (int j = 1; j <= na && k + j <= max_chars; j++)
            if (has(w, before[k - 1], (size_t)(after[j - 1] - before[k - 1])))
                return 1;
    return 0;
}
