/* rare.c — the rare-character table (see rare.h). */
#include "ime/rare.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"

#define RARE_MAX_SYL 6
#define RARE_MAX_FILE (8u << 20) /* a table bigger than this is not ours */

typedef struct {
    char syl[RARE_MAX_SYL + 1];
    size_t off; /* into text, NUL-terminated there */
} rare_entry;

struct ime_rare {
    char *text; /* the characters of every line, each run NUL-terminated */
    rare_entry *ents;
    size_t n, chars;
};

static int is_han(uint32_t cp)
{
    return cp == 0x3007 || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF);
}

static int cmp_ent(const void *a, const void *b)
{
    return strcmp(((const rare_entry *)a)->syl, ((const rare_entry *)b)->syl);
}

void ime_rare_free(ime_rare *r)
{
    if (!r)
        return;
    free(r->text);
    free(r->ents);
    free(r);
}

static int fail(ime_rare *r, char *err, size_t errlen, const char *name, size_t line,
                const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "%s:%zu: %s", name, line, what);
    ime_rare_free(r);
    return -1;
}

/* Checks one line's characters, copies them to r->text at *at. 0 or a message. */
static const char *take_chars(ime_rare *r, const char *s, size_t n, size_t *at)
{
    if (n == 0)
        return "no characters after the syllable";
    char *dst = r->text + *at;
    memcpy(dst, s, n);
    dst[n] = '\0';
    if (!utf8_valid(dst))
        return "characters are not valid UTF-8";
    const char *p = dst;
    uint32_t cp;
    while ((cp = utf8_next(&p)) != 0) {
        if (!is_han(cp))
            return "not a Han character in the list";
        r->chars++;
    }
    *at += n + 1;
    return NULL;
}

int ime_rare_parse(ime_rare **out, const char *text, size_t len, const char *name, char *err,
                   size_t errlen)
{
    *out = NULL;
    ime_rare *r = calloc(1, sizeof *r);
    if (!r)
        return -2;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    r->text = malloc(len + 1);
    r->ents = malloc(lines * sizeof *r->ents);
    if (!r->text || !r->ents) {
        ime_rare_free(r);
        return -2;
    }
    size_t at = 0, lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        if (memchr(p, '\0', (size_t)(le - p)))
            return fail(r, err, errlen, name, lineno, "NUL byte in the line");
        if (le > p && le[-1] == '\r')
            le--;
        if (le == p || *p == '#') {
            p = nl ? nl + 1 : end;
            continue;
        }
        const char *tab = memchr(p, '\t', (size_t)(le - p));
        if (!tab)
            return fail(r, err, errlen, name, lineno, "expected: syllable TAB characters");
        size_t sl = (size_t)(tab - p);
        if (sl == 0 || sl > RARE_MAX_SYL)
            return fail(r, err, errlen, name, lineno, "syllable must be 1 to 6 letters");
        rare_entry *e = &r->ents[r->n];
        for (size_t i = 0; i < sl; i++) {
            if (p[i] < 'a' || p[i] > 'z')
                return fail(r, err, errlen, name, lineno, "syllable must be letters a..z");
            e->syl[i] = p[i];
        }
        e->syl[sl] = '\0';
        e->off = at;
        const char *msg = take_chars(r, tab + 1, (size_t)(le - tab - 1), &at);
        if (msg)
            return fail(r, err, errlen, name, lineno, msg);
        r->n++;
        p = nl ? nl + 1 : end;
    }
    if (r->n == 0)
        return fail(r, err, errlen, name, lineno, "no syllables in the table");
    qsort(r->ents, r->n, sizeof *r->ents, cmp_ent);
    for (size_t i = 1; i < r->n; i++) {
        if (!strcmp(r->ents[i - 1].syl, r->ents[i].syl)) {
            char msg[64];
            snprintf(msg, sizeof msg, "syllable \"%s\" appears twice", r->ents[i].syl);
            return fail(r, err, errlen, name, 0, msg);
        }
    }
    *out = r;
    return 0;
}

int ime_rare_load(ime_rare **out, const char *path, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len == cap && cap >= RARE_MAX_FILE) {
            if (err && errlen)
                snprintf(err, errlen, "%s: larger than %u bytes", path, RARE_MAX_FILE);
            rc = -1;
            break;
        }
        if (core_grow(&buf, &cap, len + 1, 1, 1u << 17)) {
            rc = -2;
            break;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                if (err && errlen)
                    snprintf(err, errlen, "%s: read error", path);
                rc = -1;
            }
            break;
        }
    }
    fclose(f);
    if (rc == 0)
        rc = ime_rare_parse(out, buf, len, path, err, errlen);
    free(buf);
    return rc;
}

const char *ime_rare_find(const ime_rare *r, const char *syllable, size_t n)
{
    if (!r || n == 0 || n > RARE_MAX_SYL)
        return NULL;
    rare_entry key;
    memcpy(key.syl, syllable, n);
    key.syl[n] = '\0';
    const rare_entry *e = bsearch(&key, r->ents, r->n, sizeof *r->ents, cmp_ent);
    return e ? r->text + e->off : NULL;
}

size_t ime_rare_size(const ime_rare *r) { return r ? r->chars : 0; }
