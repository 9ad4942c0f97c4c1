/* gb2312.c — GB 2312 levels of Han characters (see gb2312.h). */
#include "ime/gb2312.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define GB_FIRST 0x4E00u /* every GB 2312 hanzi lies in U+4E00..U+9FFF */
#define GB_LAST 0x9FFFu
#define GB_MAX_FILE (1u << 20)

struct ime_gb {
    unsigned char level[GB_LAST - GB_FIRST + 1]; /* 0, 1 or 2 by code point */
};

const char *ime_gb_strerror(int code)
{
    switch (code) {
    case IME_GB_OK: return "ok";
    case IME_GB_ERR_ARG: return "invalid argument";
    case IME_GB_ERR_NOMEM: return "out of memory";
    case IME_GB_ERR_FILE: return "GB 2312 table unreadable";
    case IME_GB_ERR_FORMAT: return "GB 2312 table malformed";
    }
    return "unknown GB 2312 table error";
}

static int is_han(uint32_t cp)
{
    return cp == 0x3007 || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF);
}

int ime_gb_level(const ime_gb *g, uint32_t cp)
{
    if (!is_han(cp))
        return -1;
    if (!g || cp < GB_FIRST || cp > GB_LAST)
        return 0;
    return g->level[cp - GB_FIRST];
}

void ime_gb_free(ime_gb *g) { free(g); }

static int bad(ime_gb *g, char *err, size_t errlen, const char *path, int line, const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "%s:%d: %s", path, line, what);
    free(g);
    return IME_GB_ERR_FORMAT;
}

/* One line "<level>\t<characters>" into g; NULL or what is wrong. */
static const char *take_line(ime_gb *g, const char *s, int *seen)
{
    if ((s[0] != '1' && s[0] != '2') || s[1] != '\t')
        return "expected \"1\" or \"2\", a TAB, then characters";
    int lv = s[0] - '0';
    if (seen[lv]++)
        return "level given twice";
    const char *p = s + 2;
    if (!*p)
        return "no characters";
    while (*p) {
        uint32_t cp = utf8_next(&p);
        if (cp < GB_FIRST || cp > GB_LAST)
            return "not a Han character of U+4E00..U+9FFF";
        if (g->level[cp - GB_FIRST])
            return "character listed twice";
        g->level[cp - GB_FIRST] = (unsigned char)lv;
    }
    return NULL;
}

int ime_gb_load(ime_gb **out, const char *path, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!out || !path)
        return IME_GB_ERR_ARG;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot open", path);
        return IME_GB_ERR_FILE;
    }
    char *text = malloc(GB_MAX_FILE + 1);
    ime_gb *g = calloc(1, sizeof *g);
    if (!text || !g) {
        free(text);
        free(g);
        fclose(f);
        return IME_GB_ERR_NOMEM;
    }
    size_t n = fread(text, 1, GB_MAX_FILE + 1, f);
    int rerr = ferror(f);
    fclose(f);
    if (rerr || n > GB_MAX_FILE) {
        free(text);
        free(g);
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, rerr ? "read error" : "too big for the table");
        return IME_GB_ERR_FILE;
    }
    text[n] = '\0';
    if (!utf8_valid(text)) {
        free(text);
        return bad(g, err, errlen, path, 0, "not UTF-8");
    }
    int seen[3] = {0, 0, 0}, line = 0, rc = IME_GB_OK;
    for (char *s = text, *e; *s && rc == IME_GB_OK; s = *e ? e + 1 : e) {
        e = s + strcspn(s, "\n");
        char keep = *e;
        *e = '\0';
        line++;
        if (e > s && e[-1] == '\r')
            e[-1] = '\0';
        const char *why = s[0] == '#' || !s[0] ? NULL : take_line(g, s, seen);
        *e = keep;
        if (why) {
            free(text);
            return bad(g, err, errlen, path, line, why);
        }
    }
    free(text);
    if (!seen[1] || !seen[2])
        return bad(g, err, errlen, path, line, "a level is missing");
    *out = g;
    return IME_GB_OK;
}
