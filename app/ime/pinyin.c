/* pinyin.c — pinyin composition over libgooglepinyin plus the rare table and
 * the names lexicon (see pinyin.h). */
#include "ime/pinyin.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ime/datafile.h"
#include "ime/gpy.h"
#include "core/grow.h"
#include "core/log.h"
#include "ime/names.h"
#include "ime/rare.h"
#include "core/utf8.h"

#define CAND_UNITS 64 /* UTF-16 units of one engine candidate */
/* Letters given to the engine at a time. libgooglepinyin 1.0 (as Debian
 * builds it, with assertions on) aborts the whole process when its internal
 * pools overflow, which runs of ambiguous letters do from 14 letters on
 * ("zzzzzzzzzzzzzz", "anananananananana", "z'z'z'z'z'z'z'z'"). 13 letters
 * never did in our search (tests/ime/test_pinyin.c replays the patterns). */
#define ENGINE_WINDOW 13
#define CHOSEN_BYTES IME_PINYIN_CHOSEN_BYTES

typedef struct {
    size_t pos, chosen_len; /* state before a choice, for backspace */
} undo_step;

struct ime_pinyin {
    ime_rare *rare;
    ime_names *names; /* ime_pinyin_load_names */
    int names_on;     /* ime_pinyin_names: a name field is being typed */
    char input[IME_PINYIN_MAX_INPUT + 1]; /* every letter of the composition */
    size_t pos;                           /* waiting letters start here */
    char chosen[CHOSEN_BYTES];
    size_t chosen_len;
    undo_step undo[IME_PINYIN_MAX_INPUT];
    int nundo;
    /* candidates for input + pos */
    char *cbuf;
    size_t clen, ccap;
    size_t *coff, capcand;
    int ncand, ncommon;
    uint16_t starts[IME_PINYIN_MAX_LETTERS + 2]; /* syllable starts, starts[nspl] = end */
    size_t nspl, decoded;
    size_t unspelt; /* letters of the engine's window it could not spell (at their end) */
    uint64_t *have; /* add_rare: a bit for each BMP character the engine offered alone */
    char spelling[IME_PINYIN_MAX_LETTERS * 2 + 2];
};

static int g_engine_open; /* libgooglepinyin has one decoder per process */

const char *ime_pinyin_strerror(int code)
{
    switch (code) {
    case IME_PINYIN_OK: return "ok";
    case IME_PINYIN_ERR_ARG: return "invalid argument";
    case IME_PINYIN_ERR_NOMEM: return "out of memory";
    case IME_PINYIN_ERR_DICT: return "pinyin dictionary missing or unusable";
    case IME_PINYIN_ERR_RARE: return "rare-character table unreadable or malformed";
    case IME_PINYIN_ERR_BUSY: return "pinyin engine already open in this process";
    case IME_PINYIN_ERR_CHAR: return "input holds a character other than a-z and '";
    case IME_PINYIN_ERR_LONG: return "too many letters";
    case IME_PINYIN_ERR_SPELL: return "letters spell no syllable after the ones waiting";
    case IME_PINYIN_ERR_EMPTY: return "no letters";
    case IME_PINYIN_ERR_RANGE: return "no such candidate";
    case IME_PINYIN_ERR_NAMES: return "names lexicon unreadable or malformed";
    }
    return "unknown pinyin error";
}

const char *ime_pinyin_default_dict(void)
{
    static const char *const known[] = {
#ifdef CZ_GOOGLEPINYIN_DICT
        CZ_GOOGLEPINYIN_DICT,
#endif
        "/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat",
        "/usr/lib/aarch64-linux-gnu/googlepinyin/data/dict_pinyin.dat",
        "/usr/lib/arm-linux-gnueabihf/googlepinyin/data/dict_pinyin.dat",
        "/usr/lib/googlepinyin/data/dict_pinyin.dat",
    };
    return ime_datafile_find(IME_PINYIN_DICT_ENV, known, sizeof known / sizeof known[0]);
}

/* The engine trusts its dictionary: a file of another kind makes it throw
 * std::bad_alloc from a huge size in the header, which ends the process. Its
 * header is two size_t (spelling size, spelling count), a float and a byte;
 * then come the spellings, upper-case letters padded with NULs and a score byte. A truncated
 * dictionary the engine refuses by itself. */
static int dict_looks_right(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t hdr[2] = {0, 0};
    unsigned char rest[sizeof(float) + 1], first[16];
    int ok = fread(hdr, sizeof hdr, 1, f) == 1 && hdr[0] >= 2 && hdr[0] <= sizeof first &&
             hdr[1] >= 1 && hdr[1] <= 4096 && fread(rest, sizeof rest, 1, f) == 1 &&
             fread(first, hdr[0], 1, f) == 1;
    for (size_t i = 0; ok && i + 1 < hdr[0]; i++) /* the last byte is a score */
        ok = first[i] == 0 || (first[i] >= 'A' && first[i] <= 'Z');
    fclose(f);
    return ok;
}

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, a, b);
}

int ime_pinyin_open(ime_pinyin **out, const char *dict_path, const char *rare_path, char *err,
                    size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!out)
        return IME_PINYIN_ERR_ARG;
    *out = NULL;
    if (g_engine_open) {
        set_err(err, errlen, "%s%s", "pinyin engine already open", "");
        return IME_PINYIN_ERR_BUSY;
    }
    const char *dict = dict_path ? dict_path : ime_pinyin_default_dict();
    if (!dict) {
        set_err(err, errlen, "no pinyin dictionary found (install libgooglepinyin0 or set %s)%s",
                IME_PINYIN_DICT_ENV, "");
        return IME_PINYIN_ERR_DICT;
    }
    if (access(dict, R_OK) != 0) {
        set_err(err, errlen, "%s: %s", dict, "cannot read the pinyin dictionary");
        return IME_PINYIN_ERR_DICT;
    }
    if (!dict_looks_right(dict)) {
        set_err(err, errlen, "%s: %s", dict, "not a libgooglepinyin dictionary");
        return IME_PINYIN_ERR_DICT;
    }
    ime_pinyin *p = calloc(1, sizeof *p);
    if (!p)
        return IME_PINYIN_ERR_NOMEM;
    if (rare_path) {
        int rc = ime_rare_load(&p->rare, rare_path, err, errlen);
        if (rc != 0) {
            free(p);
            return rc == -2 ? IME_PINYIN_ERR_NOMEM : IME_PINYIN_ERR_RARE;
        }
    }
    /* The user dictionary is a directory on purpose: the engine cannot load
     * or create it there and runs without one, so it learns nothing and
     * writes nothing (names typed are personal data). */
    if (!im_open_decoder(dict, "/")) {
        set_err(err, errlen, "%s: %s", dict, "the engine refused the pinyin dictionary");
        ime_rare_free(p->rare);
        free(p);
        return IME_PINYIN_ERR_DICT;
    }
    g_engine_open = 1;
    core_log(CORE_LOG_INFO, "ime", "pinyin engine open, %zu rare characters",
             ime_rare_size(p->rare));
    *out = p;
    return IME_PINYIN_OK;
}

static void clear_cands(ime_pinyin *p)
{
    if (p->cbuf && p->clen)
        memset(p->cbuf, 0, p->clen);
    p->clen = 0;
    p->ncand = p->ncommon = 0;
    p->nspl = p->decoded = p->unspelt = 0;
    p->spelling[0] = '\0';
}

void ime_pinyin_free(ime_pinyin *p)
{
    if (!p)
        return;
    im_close_decoder();
    g_engine_open = 0;
    ime_rare_free(p->rare);
    ime_names_free(p->names);
    clear_cands(p);
    free(p->cbuf);
    free(p->coff);
    free(p->have);
    memset(p, 0, sizeof *p);
    free(p);
}

static int add_cand(ime_pinyin *p, const char *s, size_t n)
{
    if (core_grow(&p->coff, &p->capcand, (size_t)p->ncand + 1, sizeof *p->coff, 256) ||
        core_grow(&p->cbuf, &p->ccap, p->clen + n + 1, 1, 4096))
        return -1;
    memcpy(p->cbuf + p->clen, s, n);
    p->cbuf[p->clen + n] = '\0';
    p->coff[p->ncand++] = p->clen;
    p->clen += n + 1;
    return 0;
}

/* UTF-16 (NUL-terminated, at most CAND_UNITS) to UTF-8; returns bytes, 0 if malformed. */
static size_t utf16_to_utf8(const uint16_t *in, char *out, size_t outlen)
{
    size_t n = 0;
    for (size_t i = 0; in[i]; i++) {
        uint32_t cp = in[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && in[i + 1] >= 0xDC00 && in[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (in[i + 1] - 0xDC00);
            i++;
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            return 0;
        }
        char tmp[4];
        int k = utf8_encode(cp, tmp);
        if (k == 0 || n + (size_t)k >= outlen)
            return 0;
        for (int j = 0; j < k; j++) /* one to four bytes: no call for them */
            out[n++] = tmp[j];
    }
    out[n] = '\0';
    return n;
}

/* A name field's given names (the names lexicon) spelt by the first
 * syllables waiting that the engine did not offer (秀英 for xiu'ying: it
 * has 修应), after its candidates: they are chosen as its phrases are, a
 * syllable a character. */
static int add_names(ime_pinyin *p)
{
    if (!p->names || !p->names_on)
        return 0;
    int engine = p->ncand;
    for (size_t e = 0; e < ime_names_count(p->names); e++) {
        const char *sp = ime_names_spelling(p->names, e), *word = ime_names_word(p->names, e);
        size_t n = strlen(sp), syl = 1;
        for (size_t i = 0; i < n; i++)
            syl += sp[i] == '\'';
        if (syl > p->nspl || strncmp(p->spelling, sp, n) ||
            (p->spelling[n] != '\0' && p->spelling[n] != '\''))
            continue;
        int have = 0;
        for (int i = 0; i < engine && !have; i++)
            have = !strcmp(p->cbuf + p->coff[i], word);
        if (!have && add_cand(p, word, strlen(word)) != 0)
            return -1;
    }
    return 0;
}

#define HAVE_BMP 0x10000u /* add_rare's bits: characters below it */

/* 1 when cp is one of the first ncommon candidates alone: a bit of the BMP,
 * else a look along them (the engine's are UTF-16 from a BMP dictionary). */
static int offered(const ime_pinyin *p, uint32_t cp)
{
    if (cp < HAVE_BMP)
        return (int)(p->have[cp >> 6] >> (cp & 63) & 1u);
    for (int i = 0; i < p->ncommon; i++) {
        const char *c = p->cbuf + p->coff[i];
        if (utf8_next(&c) == cp && *c == '\0')
            return 1;
    }
    return 0;
}

/* Sets (on) or clears the bits of the first ncommon candidates that are one
 * BMP character. */
static void mark_offered(ime_pinyin *p, int on)
{
    for (int i = 0; i < p->ncommon; i++) {
        const char *c = p->cbuf + p->coff[i];
        uint32_t cp = utf8_next(&c);
        if (*c != '\0' || cp >= HAVE_BMP)
            continue;
        if (on)
            p->have[cp >> 6] |= (uint64_t)1 << (cp & 63);
        else
            p->have[cp >> 6] = 0; /* all of the word: every bit set was one of these */
    }
}

/* Rare characters of the first syllable that the engine did not offer. */
static int add_rare(ime_pinyin *p, const char *w)
{
    if (!p->rare || p->nspl < 1)
        return 0;
    char syl[8];
    size_t n = 0;
    for (size_t i = p->starts[0]; i < p->starts[1] && n < sizeof syl - 1; i++)
        if (w[i] != '\'')
            syl[n++] = w[i];
    const char *chars = ime_rare_find(p->rare, syl, n);
    if (!chars)
        return 0;
    if (!p->have && !(p->have = calloc(HAVE_BMP / 64, sizeof *p->have)))
        return -1;
    mark_offered(p, 1);
    const char *s = chars;
    int rc = 0;
    while (*s && rc == 0) {
        const char *start = s;
        uint32_t cp = utf8_next(&s);
        if (!offered(p, cp))
            rc = add_cand(p, start, (size_t)(s - start));
    }
    mark_offered(p, 0); /* add_cand appends: the first ncommon are as they were */
    return rc;
}

static void make_spelling(ime_pinyin *p, const char *w)
{
    size_t n = 0, cap = sizeof p->spelling - 1;
    for (size_t k = 0; k < p->nspl; k++) {
        if (k > 0 && n < cap)
            p->spelling[n++] = '\'';
        for (size_t i = p->starts[k]; i < p->starts[k + 1] && n < cap; i++)
            if (w[i] != '\'')
                p->spelling[n++] = w[i];
    }
    size_t wl = strlen(w);
    if (p->decoded < wl && n < cap) {
        if (n > 0)
            p->spelling[n++] = '\'';
        for (size_t i = p->decoded; i < wl && n < cap; i++)
            p->spelling[n++] = w[i];
    }
    p->spelling[n] = '\0';
}

/* Asks the engine about the waiting letters. Returns the count or ERR_NOMEM. */
static int search(ime_pinyin *p)
{
    clear_cands(p);
    const char *w = p->input + p->pos;
    size_t wl = strlen(w);
    if (wl == 0)
        return 0;
    size_t sl = wl;
    size_t n;
    if (wl > ENGINE_WINDOW) {
        /* a window of whole syllables: drop the last, maybe cut, syllable */
        im_reset_search();
        n = im_search(w, ENGINE_WINDOW);
        const uint16_t *st0 = NULL;
        size_t ns0 = im_get_spl_start_pos(&st0);
        sl = ns0 >= 2 && st0 && st0[ns0 - 1] > 0 ? st0[ns0 - 1] : ENGINE_WINDOW;
        if (sl != ENGINE_WINDOW) {
            im_reset_search();
            n = im_search(w, sl);
        }
    } else {
        /* no reset: the engine keeps what it decoded of the letters its last
         * search shares with these (a letter typed: all but it) and decodes
         * from where they differ, as a search from scratch would */
        n = im_search(w, wl);
    }
    size_t dl = 0;
    im_get_sps_str(&dl);
    p->decoded = dl <= sl ? dl : sl;
    p->unspelt = sl - p->decoded;
    const uint16_t *st = NULL;
    size_t ns = im_get_spl_start_pos(&st);
    if (!st || ns > IME_PINYIN_MAX_LETTERS)
        ns = 0;
    p->nspl = ns;
    for (size_t k = 0; k <= ns && st; k++)
        p->starts[k] = st[k] <= p->decoded ? st[k] : (uint16_t)p->decoded;
    static const uint16_t none[CAND_UNITS + 1];
    for (size_t i = 0; i < n; i++) {
        uint16_t u[CAND_UNITS + 1];
        memcpy(u, none, sizeof u); /* zeroed by a copy: a string instruction's start cost each */
        if (!im_get_candidate(i, u, CAND_UNITS))
            continue;
        u[CAND_UNITS] = 0;
        char s[CAND_UNITS * 4 + 1];
        size_t k = utf16_to_utf8(u, s, sizeof s);
        if (k && add_cand(p, s, k) != 0) {
            clear_cands(p);
            return IME_PINYIN_ERR_NOMEM;
        }
    }
    make_spelling(p, w);
    if (add_names(p) != 0) {
        clear_cands(p);
        return IME_PINYIN_ERR_NOMEM;
    }
    p->ncommon = p->ncand;
    if (add_rare(p, w) != 0) {
        clear_cands(p);
        return IME_PINYIN_ERR_NOMEM;
    }
    return p->ncand;
}

/* Lower-cases and checks letters, dropping apostrophes that would lead or
 * double given the waiting letters so far. Writes to out; returns its length
 * or a negative code. */
static int normalise(const ime_pinyin *p, const char *letters, char *out, size_t outlen)
{
    if (!letters)
        return IME_PINYIN_ERR_ARG;
    size_t wl = strlen(p->input + p->pos), n = 0, nletters = 0;
    char prev = wl ? p->input[p->pos + wl - 1] : '\'';
    for (const char *s = letters; *s; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == '\'') {
            if (prev == '\'')
                continue;
        } else if (c < 'a' || c > 'z') {
            return IME_PINYIN_ERR_CHAR;
        } else {
            nletters++;
        }
        if (wl + n + 1 > IME_PINYIN_MAX_LETTERS || n + 1 >= outlen)
            return IME_PINYIN_ERR_LONG;
        out[n++] = c;
        prev = c;
    }
    out[n] = '\0';
    if (nletters == 0)
        return IME_PINYIN_ERR_EMPTY;
    if (strlen(p->input) + n > IME_PINYIN_MAX_INPUT)
        return IME_PINYIN_ERR_LONG;
    return (int)n;
}

int ime_pinyin_append(ime_pinyin *p, const char *letters)
{
    if (!p)
        return IME_PINYIN_ERR_ARG;
    char add[IME_PINYIN_MAX_LETTERS + 1];
    int n = normalise(p, letters, add, sizeof add);
    if (n < 0)
        return n;
    memcpy(p->input + strlen(p->input), add, (size_t)n + 1);
    return search(p);
}

int ime_pinyin_append_spelt(ime_pinyin *p, const char *letters)
{
    if (!p)
        return IME_PINYIN_ERR_ARG;
    char keep[sizeof p->input];
    memcpy(keep, p->input, sizeof keep);
    size_t before = p->unspelt;
    int rc = ime_pinyin_append(p, letters);
    if (rc >= 0 && p->unspelt > before) { /* back to the letters before, and their candidates */
        memcpy(p->input, keep, sizeof keep);
        rc = search(p);
        rc = rc < 0 ? rc : IME_PINYIN_ERR_SPELL;
    }
    memset(keep, 0, sizeof keep);
    return rc;
}

void ime_pinyin_reset(ime_pinyin *p)
{
    if (!p)
        return;
    memset(p->input, 0, sizeof p->input);
    memset(p->chosen, 0, sizeof p->chosen);
    p->pos = p->chosen_len = 0;
    p->nundo = 0;
    clear_cands(p);
}

int ime_pinyin_backspace(ime_pinyin *p)
{
    if (!p)
        return IME_PINYIN_ERR_ARG;
    size_t len = strlen(p->input);
    if (len > p->pos) {
        p->input[len - 1] = '\0';
    } else if (p->nundo > 0) {
        undo_step u = p->undo[--p->nundo];
        p->pos = u.pos;
        memset(p->chosen + u.chosen_len, 0, p->chosen_len - u.chosen_len);
        p->chosen_len = u.chosen_len;
    } else {
        return IME_PINYIN_ERR_EMPTY;
    }
    if (p->input[p->pos] == '\0' && p->nundo == 0)
        ime_pinyin_reset(p); /* drop stray apostrophes left alone */
    return search(p);
}

int ime_pinyin_choose(ime_pinyin *p, int i)
{
    if (!p)
        return IME_PINYIN_ERR_ARG;
    if (i < 0 || i >= p->ncand)
        return IME_PINYIN_ERR_RANGE;
    const char *c = p->cbuf + p->coff[i];
    size_t bytes = strlen(c);
    size_t chars = i >= p->ncommon ? 1 : utf8_count(c);
    size_t used = chars >= p->nspl ? p->decoded : p->starts[chars];
    if (used == 0)
        return IME_PINYIN_ERR_RANGE;
    if (p->chosen_len + bytes >= CHOSEN_BYTES || p->nundo >= IME_PINYIN_MAX_INPUT)
        return IME_PINYIN_ERR_LONG;
    p->undo[p->nundo++] = (undo_step){p->pos, p->chosen_len};
    memcpy(p->chosen + p->chosen_len, c, bytes + 1);
    p->chosen_len += bytes;
    p->pos += used;
    while (p->input[p->pos] == '\'')
        p->pos++;
    int rc = search(p);
    if (rc < 0)
        return rc;
    return p->input[p->pos] == '\0';
}

int ime_pinyin_load_names(ime_pinyin *p, const char *path, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!p || !path)
        return IME_PINYIN_ERR_ARG;
    ime_names *n = NULL;
    int rc = ime_names_load(&n, path, err, errlen);
    if (rc != 0)
        return rc == -2 ? IME_PINYIN_ERR_NOMEM : IME_PINYIN_ERR_NAMES;
    ime_names_free(p->names);
    p->names = n;
    return IME_PINYIN_OK;
}

int ime_pinyin_names(ime_pinyin *p, int on)
{
    if (!p)
        return IME_PINYIN_ERR_ARG;
    on = on != 0;
    if (p->names_on == on)
        return p->ncand;
    p->names_on = on;
    return search(p); /* the letters waiting, if any, with or without them */
}

int ime_pinyin_count(const ime_pinyin *p) { return p ? p->ncand : 0; }
int ime_pinyin_common_count(const ime_pinyin *p) { return p ? p->ncommon : 0; }

const char *ime_pinyin_candidate(const ime_pinyin *p, int i)
{
    if (!p || i < 0 || i >= p->ncand)
        return NULL;
    return p->cbuf + p->coff[i];
}

const char *ime_pinyin_chosen(const ime_pinyin *p) { return p ? p->chosen : ""; }
const char *ime_pinyin_spelling(const ime_pinyin *p) { return p ? p->spelling : ""; }

int ime_pinyin_save(const ime_pinyin *p, ime_pinyin_state *out)
{
    if (!p || !out)
        return IME_PINYIN_ERR_ARG;
    memset(out, 0, sizeof *out);
    memcpy(out->input, p->input, sizeof out->input);
    out->pos = p->pos;
    memcpy(out->chosen, p->chosen, sizeof out->chosen);
    out->chosen_len = p->chosen_len;
    for (int i = 0; i < p->nundo; i++) {
        out->undo[i].pos = p->undo[i].pos;
        out->undo[i].chosen_len = p->undo[i].chosen_len;
    }
    out->nundo = p->nundo;
    out->names_on = p->names_on;
    return IME_PINYIN_OK;
}

/* 1 when s could have come from ime_pinyin_save: its strings end inside
 * their arrays, and every position is within what they hold. */
static int state_ok(const ime_pinyin_state *s)
{
    size_t il = strnlen(s->input, sizeof s->input), cl = strnlen(s->chosen, sizeof s->chosen);
    if (il == sizeof s->input || cl == sizeof s->chosen || s->pos > il || s->chosen_len != cl ||
        s->nundo < 0 || s->nundo > IME_PINYIN_MAX_INPUT ||
        strlen(s->input + s->pos) > IME_PINYIN_MAX_LETTERS)
        return 0;
    for (int i = 0; i < s->nundo; i++) /* each choice after the one before */
        if (s->undo[i].pos > s->pos || s->undo[i].chosen_len > s->chosen_len ||
            (i > 0 && (s->undo[i].pos < s->undo[i - 1].pos ||
                       s->undo[i].chosen_len < s->undo[i - 1].chosen_len)))
            return 0;
    for (const char *c = s->input; *c; c++)
        if ((*c < 'a' || *c > 'z') && *c != '\'')
            return 0;
    return 1;
}

int ime_pinyin_restore(ime_pinyin *p, const ime_pinyin_state *s)
{
    if (!p || !s)
        return IME_PINYIN_ERR_ARG;
    ime_pinyin_reset(p);
    if (!state_ok(s))
        return IME_PINYIN_ERR_ARG;
    memcpy(p->input, s->input, sizeof p->input);
    p->pos = s->pos;
    memcpy(p->chosen, s->chosen, sizeof p->chosen);
    p->chosen_len = s->chosen_len;
    for (int i = 0; i < s->nundo; i++)
        p->undo[i] = (undo_step){s->undo[i].pos, s->undo[i].chosen_len};
    p->nundo = s->nundo;
    p->names_on = s->names_on != 0;
    return search(p);
}
