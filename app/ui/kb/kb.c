/* kb.c — numeric, ID-number, pinyin and handwriting keyboards. */
#include "ui/kb/kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/log.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_ink.h"

#define MAX_POINTS 4096
#define MAX_STROKES 64
#define MAX_PAGES 48
#define SWIPE_PX 120
#define KB_MAX_KEYS 72
#define KB_PREFER_BYTES 1536
#define KB_RANK_RARE 5 /* cand_rank: from this rank on, behind 生僻字 */
#define GAP_REACH 24 /* px: a tap this close to a key, in a gap, is its */
#define SHOWN_CELLS 32 /* candidate cells kept as drawn (more: a key marks the whole bar) */

static kb_engine g_engine;
static int g_have_engine;
/* The keyboard whose composition the pinyin engine holds now (another
 * keyboard's, composing too, is in its py_state), or NULL. */
static struct kb *g_holder;

void kb_set_engine(const kb_engine *e)
{
    g_holder = NULL; /* a composition put aside is for the engine that held it */
    if (e) {
        g_engine = *e;
        g_have_engine = 1;
    } else {
        memset(&g_engine, 0, sizeof g_engine);
        g_have_engine = 0;
    }
}

struct kb {
    char id[40];
    kb_kind kind;
    int max_chars;
    char *text;                /* max_chars characters of up to 4 bytes, and the NUL */
    size_t cap;                /* bytes of text */
    int multiline;             /* the field takes line breaks: a 换行 key */
    char letters[64];          /* waiting letters, as the engine spells them */
    char comp[KB_COMP_BYTES];  /* chosen characters + waiting letters, for the field */
    int composing;             /* this keyboard has a composition open in the engine */
    /* the composition put aside while another keyboard used the engine
     * (g_holder): py_state_n bytes of kb_engine.py_save, else 0 */
    unsigned char py_state[KB_PY_STATE_BYTES];
    int py_state_n;
    int changed;
    int shift;                 /* KB_ADDR: letters upper-case */
    int digit_rows;            /* pinyin folded twice: the digits in the letters' rows (数字) */
    /* candidates and their pages */
    char cands[KB_MAX_CANDS][KB_CAND_BYTES];
    int cand_src[KB_MAX_CANDS]; /* the engine's index of each candidate */
    int cand_w[KB_MAX_CANDS];   /* each one's text width at cand_w_px, -1 = not measured yet */
    int cand_w_px;              /* 0: none measured for these candidates */
    int ncands, rare_from;
    int engine_failed;
    int letters_refused;       /* a letter past the engine's limit was refused: the bar says so */
    char unspelt;              /* a letter that spells nothing there was refused (till the next key) */
    int page_start, page_len, npages_back;
    int room;  /* kb_set_room */
    int below; /* kb_set_below: under the page, in rows this high at most */
    int page_back[MAX_PAGES];
    SDL_Rect cand_area;
    SDL_Rect bar;  /* the letters typed and the candidates, as last drawn (what a key changes) */
    SDL_Rect rare; /* and the 生僻字 key, there only while rare candidates are */
    int rare_on;   /* the 生僻字 key was drawn enabled */
    /* the bar as last drawn, so that a key marks only what it changes of it
     * (mark_typed): the letters line, each candidate's cell, the page keys */
    struct {
        int valid;
        int msg;               /* words (a hint, a refusal), not only candidates */
        int prev, next;        /* the page keys drawn enabled */
        SDL_Rect cands;        /* the candidates' frame */
        char letters[64];      /* the letters line's text and size */
        int letters_px, letters_w;
        int ncells;            /* more than SHOWN_CELLS: not kept */
        struct {
            SDL_Rect r;
            int rare; /* outlined (a raised button: a shadow) */
            char text[KB_CAND_BYTES];
        } cells[SHOWN_CELLS];
    } shown;
    int swipe_down, swipe_x;
    /* the keys at the last draw: a tap in a gap goes to the nearest one */
    struct {
        SDL_Rect r;
        char name[12];
    } keys[KB_MAX_KEYS];
    int nkeys;
    SDL_Rect area;
    char prefer[KB_PREFER_BYTES]; /* characters ranked first (kb_prefer) */
    uint32_t prefer_cp[KB_PREFER_BYTES]; /* the same, as code points in order (all_preferred) */
    int nprefer;
    int gap_down, gap_x, gap_y;
    /* handwriting */
    SDL_Point pts[MAX_POINTS];
    int ends[MAX_STROKES];
    ui_ink ink; /* over pts and ends */
    SDL_Rect canvas;
};

static int default_max(kb_kind kind)
{
    switch (kind) {
    case KB_DIGITS: return 11;
    case KB_IDCARD: return 18;
    case KB_MONEY: return 12;
    case KB_ADDR: return 200;
    default: return 40;
    }
}

kb *kb_new(const char *id, kb_kind kind)
{
    kb *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    snprintf(k->id, sizeof k->id, "%s", id);
    k->kind = kind;
    k->max_chars = default_max(kind);
    k->cap = (size_t)k->max_chars * 4 + 1;
    if (!(k->text = calloc(1, k->cap))) {
        free(k);
        return NULL;
    }
    k->rare_from = -1;
    k->ink = (ui_ink){.pts = k->pts, .ends = k->ends, .max_pts = MAX_POINTS,
                      .max_strokes = MAX_STROKES, .min_step = 3};
    return k;
}

static void end_composition(kb *k);

void kb_free(kb *k)
{
    if (!k)
        return;
    end_composition(k);
    if (g_holder == k)
        g_holder = NULL;
    /* nothing of the person stays in memory (a memset before free is
     * dropped by the compiler) */
    sodium_memzero(k->text, k->cap);
    free(k->text);
    sodium_memzero(k, sizeof *k);
    free(k);
}

kb_kind kb_get_kind(const kb *k) { return k->kind; }
const char *kb_text(const kb *k) { return k->text; }
const char *kb_composing(const kb *k) { return k->comp; }
int kb_cand_count(const kb *k) { return k->ncands; }
const char *kb_cand(const kb *k, int i) { return i >= 0 && i < k->ncands ? k->cands[i] : NULL; }
int kb_stroke_count(const kb *k) { return k->ink.nstrokes; }
int kb_full(const kb *k) { return (int)utf8_count(k->text) >= k->max_chars; }
int kb_pending(const kb *k) { return k->comp[0] || k->letters[0] || k->ink.nstrokes > 0; }

int kb_take_changed(kb *k)
{
    int c = k->changed;
    k->changed = 0;
    return c;
}

static int cmp_cp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

void kb_prefer(kb *k, const char *chars)
{
    snprintf(k->prefer, sizeof k->prefer, "%s", chars ? chars : "");
    /* its well-formed characters, sorted once: each candidate's characters
     * are looked up among them on every keystroke (a byte search of the
     * whole list for each was most of the ranking's time) */
    k->nprefer = 0;
    for (const char *p = k->prefer; *p;) {
        uint32_t cp = utf8_next(&p);
        if (cp != UTF8_INVALID)
            k->prefer_cp[k->nprefer++] = cp;
    }
    qsort(k->prefer_cp, (size_t)k->nprefer, sizeof *k->prefer_cp, cmp_cp);
}

void kb_set_room(kb *k, int h)
{
    k->room = h > 0 ? h : 0;
    k->below = 0;
}

int kb_set_max_chars(kb *k, int n)
{
    if (n <= 0 || n > KB_MAX_CHARS)
        return -1;
    size_t cap = (size_t)n * 4 + 1;
    char *t = calloc(1, cap);
    if (!t)
        return -1;
    utf8_copy(t, cap, k->text); /* a longer text than the new limit keeps what fits */
    memset(k->text, 0, k->cap);
    free(k->text);
    k->text = t;
    k->cap = cap;
    k->max_chars = n;
    return 0;
}

void kb_set_multiline(kb *k, int on) { k->multiline = on != 0; }

static void drop_cands(kb *k)
{
    memset(k->cands, 0, sizeof k->cands);
    k->ncands = 0;
    k->cand_w_px = 0;
    k->rare_from = -1;
    k->engine_failed = 0;
    k->letters_refused = 0;
    k->unspelt = 0;
    k->page_start = k->page_len = k->npages_back = 0;
}

static void drop_strokes(kb *k) { ui_ink_clear(&k->ink); }

/* Where the pages being turned end: the common candidates end before the
 * rare ones, which only the 生僻字 key opens. */
static int page_end(const kb *k)
{
    return k->rare_from >= 0 && k->page_start < k->rare_from ? k->rare_from : k->ncands;
}

/* Ends this keyboard's pinyin composition (the engine's too, where it holds
 * this one's: another keyboard's may be there). */
static void end_composition(kb *k)
{
    if (k->composing && g_holder == k && g_have_engine && g_engine.py_reset)
        g_engine.py_reset(g_engine.ud);
    k->composing = 0;
    memset(k->letters, 0, sizeof k->letters);
    memset(k->comp, 0, sizeof k->comp);
    memset(k->py_state, 0, (size_t)k->py_state_n);
    k->py_state_n = 0;
}

/* The composition of h, the engine's holder, put aside in h (py_state):
 * another keyboard is about to use the engine. Without py_save it is lost,
 * and h's letters go with it (its candidates would choose from another's). */
static void put_aside(kb *h)
{
    int n = g_engine.py_save ? g_engine.py_save(g_engine.ud, h->py_state, sizeof h->py_state) : -1;
    if (n > 0 && (size_t)n <= sizeof h->py_state) {
        h->py_state_n = n;
        return;
    }
    core_log(CORE_LOG_WARN, "ui", "a composition put aside was lost");
    h->composing = 0; /* the engine holds it no more: nothing to reset */
    end_composition(h);
    drop_cands(h);
}

/* Before k uses the pinyin engine: the engine holds k's composition, the
 * one there before put aside (put_aside) and k's taken up again, with the
 * candidates it had. 0, or -1 where k's could not be (its letters then
 * gone, as the engine has none of them). */
static int take_engine(kb *k)
{
    if (g_holder == k)
        return 0;
    if (g_holder && g_holder->composing)
        put_aside(g_holder);
    g_holder = k;
    if (!k->composing)
        return 0;
    int rc = k->py_state_n && g_engine.py_restore
                 ? g_engine.py_restore(g_engine.ud, k->py_state, (size_t)k->py_state_n)
                 : -1;
    memset(k->py_state, 0, (size_t)k->py_state_n);
    k->py_state_n = 0;
    if (rc >= 0)
        return 0;
    core_log(CORE_LOG_WARN, "ui", "a composition put aside was not taken up again");
    end_composition(k);
    drop_cands(k);
    return -1;
}

void kb_clear(kb *k)
{
    memset(k->text, 0, k->cap);
    end_composition(k);
    drop_cands(k);
    drop_strokes(k);
    k->changed = 1;
}

void kb_set_text(kb *k, const char *s)
{
    kb_clear(k);
    if (s && utf8_valid(s))
        utf8_copy(k->text, k->cap, s);
}

void kb_set_kind(kb *k, kb_kind kind)
{
    k->kind = kind;
    end_composition(k);
    drop_cands(k);
    drop_strokes(k);
}

/* ---- editing ---- */

static int append(kb *k, const char *s)
{
    if ((int)(utf8_count(k->text) + utf8_count(s)) > k->max_chars ||
        strlen(k->text) + strlen(s) >= k->cap)
        return 0;
    strcat(k->text, s);
    k->changed = 1;
    return 1;
}

/* A finished composition: the characters that fit go in (the rest would
 * pass the limit: the bar then says the text is full). */
static void append_fit(kb *k, const char *s)
{
    if (append(k, s))
        return;
    char one[8];
    while (*s) {
        const char *c = s;
        utf8_next(&s);
        snprintf(one, sizeof one, "%.*s", (int)(s - c), c);
        if (!append(k, one))
            break;
    }
}

/* Applies the rules of the numeric kinds to one typed character. */
static int type_char(kb *k, char c)
{
    size_t n = strlen(k->text);
    char s[2] = {c, 0};
    switch (k->kind) {
    case KB_DIGITS:
        return c >= '0' && c <= '9' && append(k, s);
    case KB_MONEY: {
        const char *dot = strchr(k->text, '.');
        if (c == '.') {
            if (dot)
                return 0;
            return append(k, n ? "." : "0.");
        }
        if (c < '0' || c > '9')
            return 0;
        if (dot && strlen(dot + 1) >= 2)
            return 0; /* fen is the smallest unit */
        if (n == 1 && k->text[0] == '0') {
            k->text[0] = c; /* no leading zeros */
            k->changed = 1;
            return 1;
        }
        return append(k, s);
    }
    case KB_IDCARD:
        if (c == 'x')
            c = s[0] = 'X';
        if (c == 'X')
            return n == 17 && append(k, s); /* X is only ever the check character */
        return c >= '0' && c <= '9' && append(k, s);
    case KB_ALNUM:
        if (c >= 'a' && c <= 'z')
            c = s[0] = (char)(c - 'a' + 'A');
        return ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-') && append(k, s);
    case KB_ADDR:
        return c > ' ' && c < 0x7f && append(k, s);
    default:
        return 0;
    }
}

static void refresh_pinyin(kb *k);

static void backspace(kb *k)
{
    if (k->composing && take_engine(k) != 0)
        return; /* its letters are gone: nothing else goes */
    if (k->composing) {
        if (g_engine.py_backspace && g_engine.py_backspace(g_engine.ud) >= 0)
            refresh_pinyin(k);
        else
            end_composition(k);
        if (!k->comp[0])
            end_composition(k);
        return;
    }
    size_t n = strlen(k->letters);
    if (n) { /* letters kept without an engine */
        k->letters[n - 1] = '\0';
        snprintf(k->comp, sizeof k->comp, "%s", k->letters);
        return;
    }
    if (k->ink.nstrokes) {
        drop_strokes(k);
        drop_cands(k);
        return;
    }
    if (k->text[0]) {
        utf8_pop(k->text);
        k->changed = 1;
    }
}

/* ---- engines ---- */

/* 1 when every character of c is one of k's preferred ones (kb_prefer).
 * UTF-8 is self-synchronising: a well-formed character's bytes are found in
 * the list exactly when the list's characters include it, so the sorted
 * code points answer as a byte search of the list would; a malformed byte
 * of c is searched for as bytes. */
static int all_preferred(const kb *k, const char *c)
{
    char one[8];
    for (const char *p = c; *p;) {
        const char *from = p;
        uint32_t cp = utf8_next(&p);
        if (cp != UTF8_INVALID) {
            if (!bsearch(&cp, k->prefer_cp, (size_t)k->nprefer, sizeof cp, cmp_cp))
                return 0;
            continue;
        }
        size_t n = (size_t)(p - from);
        if (n >= sizeof one)
            return 0;
        memcpy(one, from, n);
        one[n] = '\0';
        if (!strstr(k->prefer, one))
            return 0;
    }
    return 1;
}

/* Where a pinyin candidate goes (lower first). A name field's (kb_prefer):
 * 0 a phrase made only of preferred characters (a surname and a given name,
 * or a given name: 建国 before the engine's 见过 for jianguo), 1 a preferred
 * character; then for every field 2 a phrase, 3 a GB 2312 level-1
 * character, 4 a level-2 one; behind 生僻字: 5 a character of the engine's
 * rare table outside GB 2312 (made for names, the 2013 standard list first:
 * 堃 before the traditional forms), 6 the engine's own outside GB 2312
 * (mostly traditional: 崑 綑). Without a GB 2312 table, the rare table is
 * what goes behind 生僻字. src is the engine's index, common how many of its
 * candidates are not from its rare table. */
static int cand_rank(const kb *k, const char *c, int src, int common)
{
    int n = 0, level2 = 0;
    for (const char *p = c; *p; n++) {
        uint32_t cp = utf8_next(&p);
        int lv = g_engine.gb_level ? g_engine.gb_level(g_engine.gb_ud, cp) : 1;
        if (lv == 0)
            return src >= common ? KB_RANK_RARE : KB_RANK_RARE + 1;
        level2 |= lv == 2;
    }
    if (!g_engine.gb_level && src >= common)
        return KB_RANK_RARE;
    if (k->prefer[0] && all_preferred(k, c))
        return n > 1 ? 0 : 1;
    if (n > 1)
        return 2;
    return level2 ? 4 : 3;
}

/* Copies the engine's candidates and composition after a change, ordered
 * by cand_rank, the engine's order within a rank (a stable sort by bucket:
 * at most KB_MAX_CANDS, seven ranks), and marks where the rare ones begin. */
static void refresh_pinyin(kb *k)
{
    enum { RANKS = KB_RANK_RARE + 2 };
    static char got[KB_MAX_CANDS][KB_CAND_BYTES]; /* in the engine's order */
    static unsigned char rank[KB_MAX_CANDS];
    static int src[KB_MAX_CANDS], len[KB_MAX_CANDS];
    drop_cands(k);
    int n = g_engine.py_count ? g_engine.py_count(g_engine.ud) : 0;
    int common = g_engine.py_common_count ? g_engine.py_common_count(g_engine.ud) : n;
    int m = 0, at[RANKS] = {0};
    for (int i = 0; i < n && m < KB_MAX_CANDS; i++) {
        const char *c = g_engine.py_candidate(g_engine.ud, i);
        size_t cl = c ? strlen(c) : KB_CAND_BYTES;
        if (cl >= KB_CAND_BYTES)
            continue; /* a phrase too long to show: the shorter ones follow */
        memcpy(got[m], c, cl + 1);
        len[m] = (int)cl;
        src[m] = i;
        rank[m] = (unsigned char)cand_rank(k, got[m], i, common);
        at[rank[m]]++;
        m++;
    }
    /* where each rank begins, then each candidate at its rank's next place */
    for (int r = 0, first = 0; r < RANKS; r++) {
        int c = at[r];
        at[r] = first;
        first += c;
    }
    k->rare_from = at[KB_RANK_RARE] < m ? at[KB_RANK_RARE] : -1;
    for (int j = 0; j < m; j++) {
        int to = at[rank[j]]++;
        memcpy(k->cands[to], got[j], (size_t)len[j] + 1);
        memset(got[j], 0, (size_t)len[j] + 1); /* what was typed for, kept by the keyboard alone */
        k->cand_src[to] = src[j];
    }
    k->ncands = m;
    const char *chosen = g_engine.py_chosen ? g_engine.py_chosen(g_engine.ud) : "";
    const char *spell = g_engine.py_spelling ? g_engine.py_spelling(g_engine.ud) : "";
    snprintf(k->letters, sizeof k->letters, "%s", spell ? spell : "");
    snprintf(k->comp, sizeof k->comp, "%s%s", chosen ? chosen : "", k->letters);
}

static void type_letter(kb *k, char c)
{
    char s[2] = {c, 0};
    if (!g_have_engine || !g_engine.py_append || !g_engine.py_count || !g_engine.py_candidate) {
        /* no engine: show the letters and say so; nothing can be chosen */
        size_t n = strlen(k->letters);
        if (n + 1 < sizeof k->letters) {
            k->letters[n] = c;
            k->letters[n + 1] = '\0';
        }
        snprintf(k->comp, sizeof k->comp, "%s", k->letters);
        k->engine_failed = 1;
        return;
    }
    take_engine(k); /* its own composition; where it has none (or lost it), a new one: */
    if (!k->composing && g_engine.py_reset)
        g_engine.py_reset(g_engine.ud); /* another keyboard may have left one open */
    if (!k->composing && g_engine.py_names) /* a name field's given names, or none */
        g_engine.py_names(g_engine.ud, k->prefer[0] != '\0');
    int rc = g_engine.py_append(g_engine.ud, s);
    if (rc == KB_PY_UNSPELT) { /* refused: the bar names it, the letters stay */
        k->unspelt = c;
        return;
    }
    if (rc < 0) {
        /* too many letters waiting: refused, and the bar says to choose first */
        k->letters_refused = k->composing;
        return;
    }
    k->composing = 1;
    refresh_pinyin(k);
}

/* The ink placed in a square around its bounding box with a margin, so the
 * engine sees the character's own shape whatever the canvas's proportions
 * (a wide canvas would otherwise squash it). */
static int square_ink(const kb *k, kb_point *out, int *side)
{
    int x0 = k->pts[0].x, x1 = x0, y0 = k->pts[0].y, y1 = y0;
    for (int i = 1; i < k->ink.npts; i++) {
        x0 = k->pts[i].x < x0 ? k->pts[i].x : x0;
        x1 = k->pts[i].x > x1 ? k->pts[i].x : x1;
        y0 = k->pts[i].y < y0 ? k->pts[i].y : y0;
        y1 = k->pts[i].y > y1 ? k->pts[i].y : y1;
    }
    int bw = x1 - x0, bh = y1 - y0, s = bw > bh ? bw : bh;
    if (s < 32)
        s = 32; /* a dot or a tiny mark stays small */
    int m = s / 8;
    for (int i = 0; i < k->ink.npts; i++) {
        out[i].x = k->pts[i].x - x0 + (s - bw) / 2 + m;
        out[i].y = k->pts[i].y - y0 + (s - bh) / 2 + m;
    }
    *side = s + 2 * m;
    return 0;
}

static void recognize(kb *k)
{
    drop_cands(k);
    if (!k->ink.nstrokes)
        return;
    if (!g_have_engine || !g_engine.hand) {
        k->engine_failed = 1;
        return;
    }
    static kb_point sq[MAX_POINTS];
    int side;
    square_ink(k, sq, &side);
    int n = g_engine.hand(g_engine.hand_ud, sq, k->ends, k->ink.nstrokes, side, side, k->cands,
                          KB_MAX_CANDS);
    memset(sq, 0, sizeof sq);
    if (n < 0) {
        k->engine_failed = 1;
        core_log(CORE_LOG_WARN, "ui", "handwriting engine failed");
        n = 0;
    }
    k->ncands = n > KB_MAX_CANDS ? KB_MAX_CANDS : n;
}

static void choose(kb *k, int i)
{
    if (i < 0 || i >= k->ncands)
        return;
    if (k->kind == KB_PINYIN && k->composing && take_engine(k) != 0)
        return; /* the letters it was for are gone */
    if (k->kind == KB_PINYIN && k->composing) {
        int r = g_engine.py_choose ? g_engine.py_choose(g_engine.ud, k->cand_src[i]) : -1;
        if (r == 0) {
            refresh_pinyin(k); /* letters remain: their candidates now */
            return;
        }
        if (r == 1 && g_engine.py_chosen)
            append_fit(k, g_engine.py_chosen(g_engine.ud));
        end_composition(k);
        drop_cands(k);
        return;
    }
    append(k, k->cands[i]);
    drop_strokes(k);
    drop_cands(k);
}

/* What is being composed goes in as its best candidates (a line break, the
 * dot, a character typed whole come after it), and the composition ends. */
static void commit_composing(kb *k)
{
    for (int guard = 0; k->composing && k->ncands > 0 && guard < 32; guard++)
        choose(k, 0);
    end_composition(k);
}

/* ---- layout ---- */

static int chinese(const kb *k)
{
    return k->kind == KB_PINYIN || k->kind == KB_HAND;
}

/* How the keys are laid out: their height, the gap between them, and
 * whether a Chinese keyboard is folded (below). */
typedef struct {
    int kh, gap, fold;
} kb_fit;

/* A screen wider than tall gives the keyboard a column beside its page
 * (kb_set_room: the column's height), and the keyboards fit their rows
 * into it. */
static int beside(const kb *k, const ui_theme *t)
{
    return !t->portrait && k->room > 0;
}

/* 1 where kb_set_below put the keyboard under the page and its kind goes
 * there (the letters and digits, pinyin; handwriting, after 改用手写, goes
 * beside the page again at the next layout). */
static int under(const kb *k)
{
    return k->below > 0 && (k->kind == KB_ALNUM || k->kind == KB_PINYIN || k->kind == KB_ADDR);
}

/* The least height of the keys under the page (kb_set_below): 15 mm; pinyin's
 * 13 mm, its keys there half again as wide as high and more (a tenth of the
 * screen's width: on a 1280x800 tablet 20 mm by 14), so that its bar and
 * three rows fit under a question and its box; the technician's address
 * keys' 13 mm too, so that their four rows fit under his field and the
 * title (15 mm wide: thirteen across). */
static int below_least(const kb *k, const ui_theme *t)
{
    return ui_theme_mm(t, k->kind == KB_PINYIN || k->kind == KB_ADDR ? 13.0 : 15.0);
}

/* The rows of a keyboard under the page (kb_set_below): its height is n
 * keys and g gaps; pinyin folded twice as beside_h has it (its bar a gap
 * higher), the address keys' four rows, the letters-and-digits' three. */
static void under_rows(const kb *k, int *n, int *g)
{
    *n = k->kind == KB_ALNUM ? 3 : 4;
    *g = k->kind == KB_PINYIN ? 5 : *n - 1;
}

/* The height a keyboard beside the page takes with keys kh high: the pads'
 * rows; Chinese whole: pinyin's line of letters (not in large text, where
 * the field shows them), two rows of candidates and five of keys;
 * handwriting's two rows of candidates, a pad at least three and a half keys
 * high and a row of keys. Folded: no line of letters, one row of candidates
 * (pinyin's digits there while nothing is being composed, the only time
 * they type), so pinyin is five rows high and handwriting a row, the pad
 * (two keys at least) and a row. Folded twice (pinyin, four rows): no
 * digit row; the last row (改用手写, 生僻字, 数字, 换行, 清空) in the bar while
 * nothing is being composed, the candidates and 生僻字 there while something
 * is; 数字 puts the digits in the letters' three rows (拼音 takes them back). */
static int beside_h(const kb *k, ui_app *a, int kh, int gap, int fold)
{
    const ui_theme *t = ui_app_theme(a);
    if (k->kind == KB_ADDR) /* ten columns, as portrait's */
        return 5 * kh + 4 * gap;
    if (!chinese(k)) /* the pads, KB_ALNUM's ten columns */
        return 4 * kh + 3 * gap;
    if (k->kind == KB_HAND)
        return fold ? 4 * kh + 3 * gap : kh * 13 / 2 + 3 * gap;
    if (fold)
        return (fold == 2 ? 4 : 5) * kh + 5 * gap; /* the bar a gap higher: cells a key high */
    int comp = t->elderly ? 0 : text_line_height(ui_app_text(a), t->px_label) + gap;
    return comp + 7 * kh + 6 * gap;
}

/* Handwriting beside the page, where it fits: the candidates on top, under
 * them a square pad and at its right its keys, two columns (three where two
 * would make them lower than the least key), as high as the pad shares out.
 * The column is then no wider than pad and keys, and the page beside it
 * gets the rest: on a 1280x800 tablet the name's box holds a name whole, not
 * three characters of it. A key is two characters of the buttons' size wide
 * with a unit either side (a longer word is drawn smaller). The bar has two
 * rows of candidates where the pad stays three and a half keys high, else
 * one. 0 where even one row and three columns leave keys lower than the
 * least (then the pad takes the column's whole width, under the bar, the
 * keys in a row under it). */
typedef struct {
    int kh, gap, fold;  /* the bar's keys; fold: one row of candidates */
    int cols, rows, cw; /* the keys right of the pad */
    int side;           /* the pad's side: the column's height under the bar */
} kb_side;

static int hand_keys(const kb *k) { return k->multiline ? 7 : 6; }

static int side_h(int kh, int gap, int fold, int rows)
{
    int bar = fold ? kh + gap : 2 * kh + gap;
    int keys = rows * kh + (rows - 1) * gap, pad = fold ? kh * 3 : kh * 7 / 2;
    return bar + gap + (keys > pad ? keys : pad);
}

static int side_fit(const kb *k, ui_app *a, kb_side *s)
{
    const ui_theme *t = ui_app_theme(a);
    if (k->kind != KB_HAND || !beside(k, t))
        return 0;
    int gap = t->unit / 2, nk = hand_keys(k);
    int least = ui_theme_mm(t, t->elderly ? 18.0 : 15.0), most = t->target * 85 / 100;
    int cw = 2 * t->px_label + 2 * t->unit;
    if (most < least)
        most = least;
    if (cw < least)
        cw = least;
    for (int fold = 0; fold < 2; fold++) {
        for (int cols = 2; cols <= 3; cols++) {
            int rows = (nk + cols - 1) / cols, lo = least, hi = most;
            if (side_h(lo, gap, fold, rows) > k->room)
                continue;
            while (lo < hi) { /* the highest keys that fit (side_h grows with kh) */
                int mid = lo + (hi - lo + 1) / 2;
                if (side_h(mid, gap, fold, rows) <= k->room)
                    lo = mid;
                else
                    hi = mid - 1;
            }
            int bar = fold ? lo + gap : 2 * lo + gap;
            *s = (kb_side){lo, gap, fold, cols, rows, cw, k->room - bar - gap};
            return 1;
        }
    }
    return 0;
}

/* The keys' height: lower on landscape screens; never below 15 mm (18 in
 * large text). The pinyin keyboard, seven key rows high with its
 * candidates, gets lower keys where the room the screen gives under its
 * question is short, so the question's help stays in view above it. Beside
 * the page, a keyboard takes the largest keys that fit the column: whole
 * (the candidates' page keys, half the bar's height less a gap, 15 mm high
 * too), else folded, else folded twice, else the same with 15 mm keys in
 * large text too (a 1280x800 tablet). */
static kb_fit key_fit(const kb *k, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int h = t->target * (t->portrait ? 85 : 60) / 100;
    int min = ui_theme_mm(t, t->elderly ? 18.0 : 15.0);
    kb_fit f = {h > min ? h : min, t->unit / 2, 0};
    if (under(k) && !t->portrait) {
        /* kb_set_below: the letters-and-digits' three rows; pinyin folded
         * twice, its bar and its letters' three rows (beside_h) */
        int n, g, least = below_least(k, t);
        under_rows(k, &n, &g);
        int fit = (k->below - g * f.gap) / n;
        if (fit < f.kh)
            f.kh = fit > least ? fit : least;
        f.fold = k->kind == KB_PINYIN ? 2 : 0;
        return f;
    }
    kb_side sd;
    if (side_fit(k, a, &sd))
        return (kb_fit){sd.kh, sd.gap, sd.fold};
    if (beside(k, t)) {
        int least = ui_theme_mm(t, 15.0), pages = least + f.gap;
        int tall = t->target * 85 / 100; /* the column's height allows a portrait's keys */
        f.kh = tall > f.kh ? tall : f.kh;
        const struct {
            int fold, floor;
        } tries[5] = {{0, chinese(k) && pages > min ? pages : min}, {1, min}, {2, min},
                      {1, least}, {2, least}};
        for (int i = 0; i < 5; i++) {
            /* the highest keys from floor up to f.kh that fit: beside_h
             * grows with kh, so halving the range finds them */
            int lo = tries[i].floor, hi = f.kh > lo ? f.kh : lo;
            if (beside_h(k, a, lo, f.gap, tries[i].fold) > k->room)
                continue;
            while (lo < hi) {
                int mid = lo + (hi - lo + 1) / 2;
                if (beside_h(k, a, mid, f.gap, tries[i].fold) <= k->room)
                    lo = mid;
                else
                    hi = mid - 1;
            }
            return (kb_fit){lo, f.gap, chinese(k) ? tries[i].fold : 0};
        }
        return (kb_fit){least, f.gap, chinese(k) ? 2 : 0}; /* too short for any */
    }
    if (k->kind == KB_PINYIN && k->room > 0) {
        int gap = t->unit / 2;
        int comp = t->elderly ? 0 : text_line_height(ui_app_text(a), t->px_label) + gap;
        int fit = (k->room - comp - 6 * gap) / 7;
        if (fit < h)
            h = fit;
    }
    f.kh = h > min ? h : min;
    return f;
}

static int key_h(const kb *k, ui_app *a) { return key_fit(k, a).kh; }
static int key_gap(const kb *k, ui_app *a) { return key_fit(k, a).gap; }

int kb_beside_width(const kb *k, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int gap = t->unit / 2;
    int least = 10 * ui_theme_mm(t, 15.0) + 9 * gap + 2 * t->unit;
    int w = t->h > least ? t->h : least;
    kb_side sd;
    if (k && side_fit(k, a, &sd)) {
        int side = sd.cols * sd.cw + (sd.cols - 1) * gap + gap + 2 * t->unit;
        /* the pad no wider than the column whole would make it */
        return sd.side + side < w ? sd.side + side : w;
    }
    if (k && (k->kind == KB_DIGITS || k->kind == KB_MONEY || k->kind == KB_IDCARD)) {
        /* a pad's four columns: the page keeps half of the screen (on a
         * 1280x800 tablet an ID number's box shows its groups whole, not
         * five digits a line beside keys 39 mm wide), the keys at least
         * 18 mm wide */
        int few = kb_beside_least(k, a);
        int half = t->w / 2 > few ? t->w / 2 : few;
        if (half < w)
            w = half;
    }
    return w;
}

int kb_beside_least(const kb *k, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    if (k && (k->kind == KB_DIGITS || k->kind == KB_MONEY || k->kind == KB_IDCARD))
        return 4 * ui_theme_mm(t, 18.0) + 3 * (t->unit / 2) + 2 * t->unit;
    return kb_beside_width(k, a);
}

int kb_set_below(kb *k, ui_app *a, int h)
{
    const ui_theme *t = ui_app_theme(a);
    int gap = t->unit / 2, least = ui_theme_mm(t, 15.0);
    /* thirteen keys 15 mm wide across the screen, a gap either side;
     * pinyin's ten, 18 mm wide at least; their rows (under_rows) in h with
     * keys below_least high */
    int py = k->kind == KB_PINYIN, n, g;
    if (t->portrait || (k->kind != KB_ALNUM && !py && k->kind != KB_ADDR))
        return 0;
    int cols = py ? 10 : 13, kw = py ? ui_theme_mm(t, 18.0) : least;
    under_rows(k, &n, &g);
    if (n * below_least(k, t) + g * gap > h || cols * kw + (cols + 1) * gap > t->w)
        return 0;
    if (t->w - kb_beside_width(k, a) >= t->w / 3) /* the page beside it wide enough */
        return 0;
    k->room = 0;
    k->below = h;
    return 1;
}

int kb_height(const kb *k, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int kh = key_h(k, a), gap = key_gap(k, a);
    if (k->kind == KB_ALNUM)
        return t->portrait ? 5 * kh + 4 * gap : beside(k, t) ? 4 * kh + 3 * gap : 3 * kh + 2 * gap;
    if (k->kind == KB_ADDR)
        return t->portrait || beside(k, t) ? 5 * kh + 4 * gap : 4 * kh + 3 * gap;
    if (!chinese(k))
        return 4 * kh + 3 * gap;
    if (under(k) && !t->portrait) { /* kb_set_below: pinyin folded twice */
        int n, g;
        under_rows(k, &n, &g);
        return n * kh + g * gap;
    }
    kb_side sd;
    if (side_fit(k, a, &sd)) /* the pad and its keys take the column */
        return k->room;
    if (beside(k, t)) { /* its rows; handwriting's pad takes the column */
        kb_fit f = key_fit(k, a);
        int h = beside_h(k, a, kh, gap, f.fold);
        return k->kind == KB_HAND && k->room > h ? k->room : h;
    }
    int cands = 2 * kh + gap;
    if (k->kind == KB_PINYIN) {
        /* large text: the field shows the letters (underlined), and the
         * row's room goes to the question above the keyboard */
        int comp = t->elderly ? 0 : text_line_height(ui_app_text(a), t->px_label) + gap;
        return comp + cands + gap + 5 * kh + 4 * gap;
    }
    /* handwriting: the pad grows into the room the screen gives, up to a
     * square the keyboard's width (about the screen's) */
    int base = cands + gap + kh * 7 / 2 + gap + kh;
    int most = cands + gap + (t->w - 4 * t->unit) + gap + kh;
    if (t->portrait && k->room > base)
        return k->room < most ? k->room : most;
    return base;
}

/* A button of the keyboard. A key (UI_BTN_KEY, a candidate among them) casts
 * no shadow and draws nothing outside r: when r misses the clip (a partial
 * redraw of another key, or of the candidates) it is only registered, as
 * ui_button registers what it skips; ui_button's own test reaches a raised
 * button's shadow, and would draw the neighbours of a pressed key whole. */
static void kb_button(ui_app *a, const SDL_Rect *r, const char *id, const char *label,
                      ui_btn_kind kind)
{
    if (kind == UI_BTN_KEY && !draw_visible(ui_app_draw(a), r))
        ui_app_target_flat(a, r, id);
    else
        ui_button(a, r, id, label, kind);
}

static void key(kb *k, ui_app *a, const SDL_Rect *r, const char *name, const char *label,
                ui_btn_kind kind)
{
    /* a key not drawn in a pass whose targets are dropped: nothing to do
     * (the frame's last pass records it) */
    if (kind == UI_BTN_KEY && !ui_app_registers(a) && !draw_visible(ui_app_draw(a), r))
        return;
    if (k->nkeys < KB_MAX_KEYS) {
        k->keys[k->nkeys].r = *r;
        utf8_copy(k->keys[k->nkeys].name, sizeof k->keys[k->nkeys].name, name);
        k->nkeys++;
    }
    /* "<kb id>.k.<name>", copied, not printed: every pass of a keystroke's
     * frame names each key again */
    char id[64];
    size_t n = strlen(k->id); /* under 40 */
    memcpy(id, k->id, n);
    memcpy(id + n, ".k.", 3);
    utf8_copy(id + n + 3, sizeof id - n - 3, name);
    kb_button(a, r, id, label, kind);
}

static void draw_numeric(kb *k, ui_app *a, const SDL_Rect *r)
{
    const ui_theme *t = ui_app_theme(a);
    int kh = key_h(k, a), gap = t->unit / 2;
    int cw = (r->w - 3 * gap) / 4;
    static const char *DIG[9] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    for (int i = 0; i < 9; i++) {
        SDL_Rect kr = {r->x + (i % 3) * (cw + gap), r->y + (i / 3) * (kh + gap), cw, kh};
        key(k, a, &kr, DIG[i], DIG[i], UI_BTN_KEY);
    }
    int y3 = r->y + 3 * (kh + gap);
    const char *extra = k->kind == KB_MONEY ? "dot" : k->kind == KB_IDCARD ? "x" : NULL;
    if (extra) {
        SDL_Rect er = {r->x, y3, cw, kh};
        key(k, a, &er, extra, k->kind == KB_MONEY ? "." : "X", UI_BTN_KEY);
        SDL_Rect zr = {r->x + cw + gap, y3, 2 * cw + gap, kh};
        key(k, a, &zr, "0", "0", UI_BTN_KEY);
    } else {
        SDL_Rect zr = {r->x, y3, 3 * cw + 2 * gap, kh};
        key(k, a, &zr, "0", "0", UI_BTN_KEY);
    }
    int x4 = r->x + 3 * (cw + gap);
    SDL_Rect bs = {x4, r->y, cw, 2 * kh + gap};
    key(k, a, &bs, "bs", core_str("kb.backspace"), UI_BTN_SECONDARY);
    SDL_Rect cl = {x4, r->y + 2 * (kh + gap), cw, 2 * kh + gap};
    key(k, a, &cl, "clear", core_str("kb.clear"), UI_BTN_DANGER);
}

/* Portrait, ten columns: 1-0, A-J, K-T, U-Z and '-', then backspace and
 * clear. Landscape screens are short: thirteen columns in three rows, 1-0
 * '-' backspace clear, A-M, N-Z; in a column beside the page, ten columns
 * (keys wide enough) in four rows, backspace and clear after '-'. */
static void draw_alnum(kb *k, ui_app *a, const SDL_Rect *r)
{
    const ui_theme *t = ui_app_theme(a);
    int kh = key_h(k, a), gap = t->unit / 2;
    static const char *TALL[4] = {"1234567890", "ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ-"};
    static const char *WIDE[3] = {"1234567890-", "ABCDEFGHIJKLM", "NOPQRSTUVWXYZ"};
    int tall = t->portrait || beside(k, t);
    const char *const *rows = tall ? TALL : WIDE;
    int nrows = tall ? 4 : 3, ncols = tall ? 10 : 13;
    int cw = (r->w - (ncols - 1) * gap) / ncols;
    /* the wide rows centred: the last column no wider than the others */
    int x0 = tall ? r->x : r->x + (r->w - ncols * cw - (ncols - 1) * gap) / 2;
    for (int row = 0; row < nrows; row++)
        for (int i = 0; rows[row][i]; i++) {
            char name[2] = {rows[row][i], 0};
            SDL_Rect kr = {x0 + i * (cw + gap), r->y + row * (kh + gap), cw, kh};
            key(k, a, &kr, name, name, UI_BTN_KEY);
        }
    SDL_Rect bs, cl;
    if (tall && !t->portrait) { /* the last row's three cells after '-' */
        int xa = r->x + 7 * (cw + gap), y3 = r->y + 3 * (kh + gap), rest = r->x + r->w - xa;
        int half = (rest - gap) / 2;
        bs = (SDL_Rect){xa, y3, half, kh};
        cl = (SDL_Rect){xa + half + gap, y3, rest - half - gap, kh};
    } else if (t->portrait) { /* a row of their own, half each */
        int y4 = r->y + 4 * (kh + gap), half = (r->w - gap) / 2;
        bs = (SDL_Rect){r->x, y4, half, kh};
        cl = (SDL_Rect){r->x + half + gap, y4, r->w - half - gap, kh};
    } else { /* the last two cells of the first row */
        bs = (SDL_Rect){x0 + 11 * (cw + gap), r->y, cw, kh};
        cl = (SDL_Rect){bs.x + cw + gap, r->y, cw, kh};
    }
    key(k, a, &bs, "bs", core_str("kb.backspace"), UI_BTN_SECONDARY);
    key(k, a, &cl, "clear", core_str("kb.clear"), UI_BTN_DANGER);
}

/* Portrait, ten columns: 1-0, a-j, k-t, u-z . / : -, then shift _ + =
 * backspace clear. Landscape, thirteen: 1-0 . / :, a-m, n-z, then - _ + =
 * shift backspace clear; in a column beside the page, ten as portrait's
 * (keys wide enough). */
static void draw_addr(kb *k, ui_app *a, const SDL_Rect *r)
{
    const ui_theme *t = ui_app_theme(a);
    int kh = key_h(k, a), gap = t->unit / 2;
    static const char *TALL[5] = {"1234567890", "abcdefghij", "klmnopqrst", "uvwxyz./:-", "_+="};
    static const char *WIDE[4] = {"1234567890./:", "abcdefghijklm", "nopqrstuvwxyz", "-_+="};
    int tall = t->portrait || beside(k, t);
    const char *const *rows = tall ? TALL : WIDE;
    int nrows = tall ? 5 : 4, ncols = tall ? 10 : 13;
    int cw = (r->w - (ncols - 1) * gap) / ncols;
    int last = nrows - 1, x = r->x, y = r->y + last * (kh + gap);
    SDL_Rect sh = {x, y, 2 * cw + gap, kh}; /* the shift key leads the last row */
    key(k, a, &sh, "shift", core_str(k->shift ? "kb.lower" : "kb.upper"),
        k->shift ? UI_BTN_PRIMARY : UI_BTN_SECONDARY);
    for (int row = 0; row < nrows; row++)
        for (int i = 0; rows[row][i]; i++) {
            char name[2] = {rows[row][i], 0};
            if (k->shift && name[0] >= 'a' && name[0] <= 'z')
                name[0] = (char)(name[0] - 'a' + 'A');
            int col = row == last ? i + 2 : i;
            SDL_Rect kr = {r->x + col * (cw + gap), r->y + row * (kh + gap), cw, kh};
            key(k, a, &kr, name, name, UI_BTN_KEY);
        }
    int x0 = r->x + ((int)strlen(rows[last]) + 2) * (cw + gap), rest = r->x + r->w - x0;
    int half = (rest - gap) / 2;
    SDL_Rect bs = {x0, y, half, kh}, cl = {x0 + half + gap, y, rest - half - gap, kh};
    key(k, a, &bs, "bs", core_str("kb.backspace"), UI_BTN_SECONDARY);
    key(k, a, &cl, "clear", core_str("kb.clear"), UI_BTN_DANGER);
}

/* Candidates, a page at a time, in rows of cells sized to their text. */
/* The words for a refused letter: after letters waiting, that they stay;
 * with none waiting (a lone i), that it spells nothing. */
static void unspelt_msg(const kb *k, char *out, size_t n)
{
    char ul[2] = {k->unspelt, 0};
    snprintf(out, n, core_str(k->letters[0] ? "kb.letter_unspelt" : "kb.letter_unspelt_alone"), ul);
}

/* The page's candidates in the bar r, cell after cell, in rows sized to
 * their text: draw_cands draws them, mark_typed compares them with those
 * drawn. */
typedef struct {
    int i, end, x, row, rows;
    int kh, gap, avail, min_w, ch;
    int square; /* a cell at least as wide as a key is high */
} cand_walk;

/* A page key's width: a key and a half; where handwriting's pad has its
 * keys beside it (side_fit), its words' width with half a unit either side
 * (15 mm at least), so that the bar, as narrow as pad and keys, holds a
 * fourth candidate on the 1280x800 tablet in large text. */
static int page_w(const kb *k, ui_app *a)
{
    kb_side sd;
    if (!side_fit(k, a, &sd))
        return key_h(k, a) * 3 / 2;
    /* their words and half a unit either side, 15 mm at least */
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int w = text_width(tx, core_str("kb.prev"), t->px_label, TEXT_BOLD);
    int wn = text_width(tx, core_str("kb.next"), t->px_label, TEXT_BOLD);
    w = (wn > w ? wn : w) + t->unit;
    int least = ui_theme_mm(t, 15.0);
    return w > least ? w : least;
}

static void cand_walk_start(const kb *k, ui_app *a, const SDL_Rect *r, int row, int rows,
                            cand_walk *w)
{
    const ui_theme *t = ui_app_theme(a);
    w->kh = key_h(k, a);
    w->gap = key_gap(k, a);
    /* page keys on the right: one above the other, or side by side in a bar
     * of one row (its cells as high as a key) */
    int pw = page_w(k, a);
    w->avail = r->w - pw - w->gap * 2 - (rows == 1 ? pw + w->gap : 0);
    w->ch = rows == 1 ? r->h - w->gap : w->kh - w->gap / 2;
    w->min_w = ui_theme_mm(t, 15.0);
    kb_side sd; /* handwriting's keys beside its pad: cells as narrow as 15 mm, not square */
    w->square = !side_fit(k, a, &sd);
    w->i = k->page_start;
    w->end = page_end(k);
    w->x = r->x + w->gap;
    w->row = row;
    w->rows = rows;
}

/* Candidate i's text width in its cell, measured once for the candidates
 * (every pass of a frame, and what a key marks, walks the cells again). */
static int cand_width(kb *k, ui_app *a, int i)
{
    int px = ui_app_theme(a)->px_title;
    if (k->cand_w_px != px) { /* new candidates, or another size */
        for (int j = 0; j < KB_MAX_CANDS; j++)
            k->cand_w[j] = -1;
        k->cand_w_px = px;
    }
    if (k->cand_w[i] < 0)
        k->cand_w[i] = text_width(ui_app_text(a), k->cands[i], px, TEXT_REGULAR);
    return k->cand_w[i];
}

/* The next cell and its candidate's index; 0 when the rows are full or the
 * page's candidates end (w->i is then the first not shown). */
static int cand_walk_next(kb *k, ui_app *a, const SDL_Rect *r, cand_walk *w, SDL_Rect *cell,
                          int *idx)
{
    const ui_theme *t = ui_app_theme(a);
    while (w->i < w->end && w->row < w->rows) {
        int cw = cand_width(k, a, w->i) + t->unit * 2;
        if (cw < w->min_w)
            cw = w->min_w;
        if (w->square && cw < w->kh)
            cw = w->kh;
        if (cw > w->avail)
            cw = w->avail;
        if (w->x + cw > r->x + w->gap + w->avail && w->x > r->x + w->gap) {
            w->row++;
            w->x = r->x + w->gap;
            continue;
        }
        *cell = (SDL_Rect){w->x, r->y + w->gap / 2 + w->row * (w->kh + w->gap / 2), cw, w->ch};
        *idx = w->i;
        w->x += cw + w->gap;
        w->i++;
        return 1;
    }
    return 0;
}

/* Words in the bar rather than candidates alone: a hint or a refusal. */
static int bar_says(const kb *k) { return !k->ncands || k->letters_refused || k->unspelt; }

/* The page keys beside the candidates in the bar r: one above the other,
 * or side by side in a bar of one row (a folded keyboard's). */
static void page_keys(const kb *k, ui_app *a, const SDL_Rect *r, SDL_Rect *prev, SDL_Rect *next)
{
    int kh = key_h(k, a), gap = key_gap(k, a), pw = page_w(k, a);
    int ph = (r->h - gap * 3) / 2;
    *prev = (SDL_Rect){r->x + r->w - pw - gap, r->y + gap, pw, ph};
    *next = (SDL_Rect){prev->x, prev->y + ph + gap, pw, ph};
    if (r->h < 2 * kh) {
        *next = (SDL_Rect){r->x + r->w - pw - gap, r->y + gap / 2, pw, r->h - gap};
        *prev = (SDL_Rect){next->x - pw - gap, next->y, pw, r->h - gap};
    }
}

static void draw_cands(kb *k, ui_app *a, const SDL_Rect *r, int rows)
{
    const ui_theme *t = ui_app_theme(a);
    /* a pass of a partial frame that neither draws in the bar (a raised
     * key's shadow within a unit of it) nor keeps its targets (a key's
     * press, the field): nothing to do; the frame's last pass records what
     * the bar shows */
    SDL_Rect near = {r->x - t->unit, r->y - t->unit, r->w + 2 * t->unit, r->h + 2 * t->unit};
    if (!ui_app_registers(a) && !draw_visible(ui_app_draw(a), &near))
        return;
    text_ctx *tx = ui_app_text(a);
    int kh = key_h(k, a), gap = key_gap(k, a);
    k->cand_area = *r;
    k->shown.cands = *r;
    k->shown.msg = bar_says(k);
    k->shown.ncells = 0;
    /* its inside is the background the frame's clear left (the keyboard
     * sits on it): the border alone is drawn */
    draw_round_frame(ui_app_draw(a), r, t->radius, t->bg, t->elderly ? t->ink : t->line, 2);
    if (!k->ncands) {
        /* full: why a further character does not go in */
        int full = !k->engine_failed && kb_full(k) && !k->letters[0] && !k->ink.nstrokes;
        char fm[160];
        snprintf(fm, sizeof fm, core_str("kb.full"), k->max_chars);
        full = full || k->letters_refused || k->unspelt;
        char um[160];
        unspelt_msg(k, um, sizeof um);
        const char *msg = k->engine_failed     ? core_str("kb.no_engine")
                          : k->unspelt         ? um
                          : k->letters_refused ? core_str("kb.letters_full")
                          : full               ? fm
                          : k->kind == KB_HAND ? core_str("kb.hand_hint")
                                               : core_str("kb.pinyin_hint");
        text_style s = {t->px_body, full ? TEXT_BOLD : TEXT_REGULAR,
                        k->engine_failed || full ? t->danger : t->ink_soft, TEXT_CENTER, 0, 2};
        SDL_Rect mb = {r->x + t->unit, r->y + (r->h - text_line_height(tx, t->px_body)) / 2,
                       r->w - 2 * t->unit, 0};
        if (k->letters[0] || k->ink.nstrokes || k->engine_failed)
            mb.y = r->y + t->unit;
        text_draw_box(tx, msg, &mb, &s);
        return;
    }
    int row = 0, one = rows == 1, msg_w = 0;
    if (k->letters_refused || k->unspelt) {
        /* a letter was refused: said on the first row, the candidates under
         * it (in a bar of one row, a third of it, the candidates after) */
        text_style s = {one ? t->px_small : t->px_body, TEXT_BOLD, t->danger, TEXT_CENTER, 0,
                        one ? 2 : 1};
        int lh = text_line_height(tx, s.px) * (one ? 2 : 1);
        int pw = page_w(k, a), avail = r->w - pw - gap * 2 - (one ? pw + gap : 0);
        SDL_Rect mb = {r->x + gap, r->y + gap / 2 + (kh - gap / 2 - lh) / 2, one ? avail / 3 : avail,
                       0};
        char um[160];
        unspelt_msg(k, um, sizeof um);
        text_draw_box(tx, k->unspelt ? um : core_str("kb.letters_full"), &mb, &s);
        if (!one)
            row = 1;
        msg_w = mb.w + gap;
    }
    cand_walk w;
    cand_walk_start(k, a, r, row, rows, &w);
    w.x += one ? msg_w : 0; /* a bar of one row: the candidates after the words */
    SDL_Rect cr;
    int i;
    /* "<kb id>.c.<n>", written, not printed: every pass of a keystroke's
     * frame names each cell again */
    char cid[64];
    size_t idn = strlen(k->id); /* under 40 */
    memcpy(cid, k->id, idn);
    memcpy(cid + idn, ".c.", 3);
    while (cand_walk_next(k, a, r, &w, &cr, &i)) {
        char *p = cid + idn + 3; /* i is under KB_MAX_CANDS: up to three digits */
        if (i >= 100)
            *p++ = (char)('0' + i / 100);
        if (i >= 10)
            *p++ = (char)('0' + i / 10 % 10);
        *p++ = (char)('0' + i % 10);
        *p = '\0';
        /* rare characters (生僻字) are outlined in the primary colour */
        int rare = k->rare_from >= 0 && i >= k->rare_from;
        kb_button(a, &cr, cid, k->cands[i], rare ? UI_BTN_SECONDARY : UI_BTN_KEY);
        int n = k->shown.ncells++;
        if (n < SHOWN_CELLS) {
            k->shown.cells[n].r = cr;
            k->shown.cells[n].rare = rare;
            memcpy(k->shown.cells[n].text, k->cands[i], KB_CAND_BYTES);
        }
    }
    k->page_len = w.i - k->page_start;
    SDL_Rect prev, next;
    page_keys(k, a, r, &prev, &next);
    char id[64];
    k->shown.prev = k->npages_back > 0;
    k->shown.next = w.i < w.end;
    if (k->shown.prev) {
        snprintf(id, sizeof id, "%s.prev", k->id);
        ui_button(a, &prev, id, core_str("kb.prev"), UI_BTN_SECONDARY);
    } else {
        ui_button_disabled(a, &prev, core_str("kb.prev"));
    }
    if (k->shown.next) {
        snprintf(id, sizeof id, "%s.next", k->id);
        ui_button(a, &next, id, core_str("kb.next"), UI_BTN_PRIMARY);
    } else {
        ui_button_disabled(a, &next, core_str("kb.next"));
    }
}

/* 1 when the 生僻字 key leads somewhere: rare candidates after this page. */
static int rare_enabled(const kb *k) { return k->rare_from >= 0 && k->page_start < k->rare_from; }

/* Pinyin's digits, for house numbers in addresses: a row of ten. */
static void draw_digits(kb *k, ui_app *a, int x, int y, int w, int kh)
{
    int gap = key_gap(k, a), cw = (w - 9 * gap) / 10;
    for (int i = 0; i < 10; i++) {
        char name[2] = {(char)('0' + (i + 1) % 10), 0};
        SDL_Rect kr = {x + i * (cw + gap), y, cw, kh};
        key(k, a, &kr, name, name, UI_BTN_KEY);
    }
}

/* 1 when a pinyin keyboard's bar has nothing to say but its hint: no
 * letters, candidates, refusal or full text (a folded keyboard shows its
 * digits there, the only time they type). */
static int bar_idle(const kb *k)
{
    return !k->ncands && !k->letters[0] && !k->comp[0] && !k->engine_failed &&
           !k->letters_refused && !k->unspelt && !kb_full(k);
}

/* The 生僻字 key, enabled while rare candidates follow. */
static void draw_rare(kb *k, ui_app *a, const SDL_Rect *rare)
{
    k->rare = *rare;
    k->rare_on = rare_enabled(k);
    if (k->rare_on)
        key(k, a, rare, "rare", core_str("kb.rare"), UI_BTN_SECONDARY);
    else
        ui_button_disabled(a, rare, core_str("kb.rare"));
}

/* Pinyin's last row: 改用手写, 生僻字, 换行 (a multiline field), 清空;
 * folded twice (in the bar), 数字 (拼音 while the digits show) before 换行. */
static void draw_last_row(kb *k, ui_app *a, int x, int y, int w, int kh, int fold)
{
    int gap = key_gap(k, a), num = fold == 2;
    int nk = 3 + num + (k->multiline ? 1 : 0), part = (w - (nk - 1) * gap) / nk;
    SDL_Rect mode = {x, y, part, kh}, rare = {x + part + gap, y, part, kh};
    SDL_Rect nr = {x + 2 * (part + gap), y, part, kh};
    SDL_Rect nl = {x + (2 + num) * (part + gap), y, part, kh};
    SDL_Rect cl = {x + (nk - 1) * (part + gap), y, w - (nk - 1) * (part + gap), kh};
    key(k, a, &mode, "mode", core_str("kb.to_hand"), UI_BTN_SECONDARY);
    draw_rare(k, a, &rare);
    if (num)
        key(k, a, &nr, "num", core_str(k->digit_rows ? "kb.to_pinyin" : "kb.to_digits"),
            UI_BTN_SECONDARY);
    if (k->multiline)
        key(k, a, &nl, "nl", core_str("kb.newline"), UI_BTN_SECONDARY);
    key(k, a, &cl, "clear", core_str("kb.clear"), UI_BTN_DANGER);
}

/* Folded twice, 数字's rows in the letters' place: 1-5, 6-0, then · and
 * 退格 where the letters' last row has them. */
static void draw_digit_rows(kb *k, ui_app *a, int x, int y, int w, int kh)
{
    int gap = key_gap(k, a), cw = (w - 4 * gap) / 5, lw = (w - 9 * gap) / 10;
    for (int i = 0; i < 10; i++) {
        char name[2] = {(char)('0' + (i + 1) % 10), 0};
        int kx = x + (i % 5) * (cw + gap);
        SDL_Rect kr = {kx, y + (i / 5) * (kh + gap), i % 5 == 4 ? x + w - kx : cw, kh};
        key(k, a, &kr, name, name, UI_BTN_KEY);
    }
    y += 2 * (kh + gap);
    SDL_Rect mid = {x, y, lw * 3 / 2, kh};
    key(k, a, &mid, "mid", "·", UI_BTN_KEY);
    int bx = x + (lw + gap) * 3 / 2 + 7 * (lw + gap);
    SDL_Rect bs = {bx, y, x + w - bx, kh};
    key(k, a, &bs, "bs", core_str("kb.backspace"), UI_BTN_SECONDARY);
}

/* The digits (unless folded: in the bar), the letters, the last row (folded
 * twice: in the bar; after 数字, the digits' rows instead of the letters). */
static void draw_letter_rows(kb *k, ui_app *a, int x, int y, int w, int fold)
{
    int kh = key_h(k, a), gap = key_gap(k, a);
    static const char *ROWS[3] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    int cw = (w - 9 * gap) / 10;
    if (!fold) {
        draw_digits(k, a, x, y, w, kh);
        y += kh + gap;
    }
    if (fold == 2 && k->digit_rows) {
        draw_digit_rows(k, a, x, y, w, kh);
        return;
    }
    for (int r = 0; r < 3; r++) {
        int n = (int)strlen(ROWS[r]);
        int rx = x + (10 - n) * (cw + gap) / 2;
        if (r == 2) {
            rx = x + (cw + gap) * 3 / 2;
            SDL_Rect mid = {x, y, cw * 3 / 2, kh};
            key(k, a, &mid, "mid", "·", UI_BTN_KEY);
        }
        for (int i = 0; i < n; i++) {
            char name[2] = {ROWS[r][i], 0};
            SDL_Rect kr = {rx + i * (cw + gap), y, cw, kh};
            key(k, a, &kr, name, name, UI_BTN_KEY);
        }
        if (r == 2) {
            int bx = rx + n * (cw + gap);
            SDL_Rect bs = {bx, y, x + w - bx, kh};
            key(k, a, &bs, "bs", core_str("kb.backspace"), UI_BTN_SECONDARY);
        }
        y += kh + gap;
    }
    if (fold < 2)
        draw_last_row(k, a, x, y, w, kh, fold);
}

static void draw_canvas(kb *k, ui_app *a, const SDL_Rect *r)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    k->canvas = *r;
    draw_round_box(d, r, t->radius, t->surface, t->elderly ? t->ink : t->primary, 4);
    /* a faint 米 grid helps place the character */
    SDL_Color g = t->elderly ? (SDL_Color){150, 150, 150, 255} : t->line;
    int cx = r->x + r->w / 2, cy = r->y + r->h / 2, v0 = r->y + t->unit;
    if (!k->ink.nstrokes && !k->ink.inking) {
        /* in the top left quarter; across the top where two lines there
         * would not hold it (a square pad beside the page, in large text),
         * the upright line of the grid then starting under it (it ran
         * through 在这里写字) */
        text_style s = {t->px_label, TEXT_REGULAR, t->ink_soft, TEXT_CENTER, 0, 2};
        SDL_Rect hb = {r->x + t->unit, r->y + t->unit, r->w / 2 - t->unit * 2, 0};
        text_style all = s;
        int lines = 0;
        all.max_lines = 0;
        text_measure_box(ui_app_text(a), core_str("kb.hand_here"), hb.w, &all, &lines);
        if (lines > 2)
            hb.w = r->w - t->unit * 2;
        int th = text_draw_box(ui_app_text(a), core_str("kb.hand_here"), &hb, &s);
        if (lines > 2 && hb.y + th + t->unit / 2 < cy)
            v0 = hb.y + th + t->unit / 2;
    }
    draw_line(d, r->x + t->unit, cy, r->x + r->w - t->unit, cy, 2, g);
    draw_line(d, cx, v0, cx, r->y + r->h - t->unit, 2, g);
    /* the ink, thick enough to see from a step back */
    int th = t->elderly ? 16 : 12;
    int s0 = 0;
    int total = k->ink.nstrokes + (k->ink.inking ? 1 : 0);
    for (int s = 0; s < total; s++) {
        int e = s < k->ink.nstrokes ? k->ends[s] : k->ink.npts;
        if (e - s0 == 1) {
            SDL_Point p = ui_ink_at(&k->ink, s0, r);
            draw_circle(d, p.x, p.y, th / 2, t->ink);
        }
        for (int i = s0 + 1; i < e; i++) {
            SDL_Point p0 = ui_ink_at(&k->ink, i - 1, r), p1 = ui_ink_at(&k->ink, i, r);
            draw_line(d, p0.x, p0.y, p1.x, p1.y, th, t->ink);
        }
        s0 = e;
    }
    char id[64];
    snprintf(id, sizeof id, "%s.canvas", k->id);
    ui_app_target(a, r, id);
}

/* The pinyin keyboard's line of the letters typed (large text: the field
 * shows them). */
static int letters_line(const kb *k, ui_app *a)
{
    return k->kind == KB_PINYIN && !ui_app_theme(a)->elderly && !key_fit(k, a).fold;
}

/* The letters line's size: a long run smaller, whole in width w. */
static int letters_px(const kb *k, ui_app *a, int w)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    if (k->letters[0] && text_width(tx, k->letters, t->px_label, TEXT_BOLD) > w)
        return text_width(tx, k->letters, t->px_body, TEXT_BOLD) <= w ? t->px_body : t->px_small;
    return t->px_label;
}

void kb_draw(kb *k, ui_app *a, const SDL_Rect *r)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int kh = key_h(k, a), gap = key_gap(k, a);
    k->nkeys = 0;
    k->area = *r;
    if (k->kind == KB_ALNUM) {
        draw_alnum(k, a, r);
        return;
    }
    if (k->kind == KB_ADDR) {
        draw_addr(k, a, r);
        return;
    }
    if (!chinese(k)) {
        draw_numeric(k, a, r);
        return;
    }
    int y = r->y, fold = key_fit(k, a).fold;
    k->shown.letters_px = 0;
    if (letters_line(k, a)) {
        /* the letters typed so far (a long run in a smaller size, whole) */
        text_style s = {t->px_label, TEXT_BOLD, t->primary, TEXT_LEFT, 0, 1};
        SDL_Rect lb = {r->x + t->unit, y, r->w - 2 * t->unit, 0};
        s.px = letters_px(k, a, lb.w);
        lb.y += text_line_height(tx, t->px_label) - text_line_height(tx, s.px);
        text_draw_box(tx, k->letters[0] ? k->letters : " ", &lb, &s);
        y += text_line_height(tx, t->px_label) + gap;
        memcpy(k->shown.letters, k->letters, sizeof k->letters);
        k->shown.letters_px = s.px;
        k->shown.letters_w = text_width(tx, k->letters, s.px, s.weight);
    }
    SDL_Rect cr = {r->x, y, r->w, fold ? kh + gap : 2 * kh + gap};
    int py = k->kind == KB_PINYIN, composing = k->ncands || k->letters[0] || k->comp[0];
    if (fold == 2 && py && !composing) { /* the last row, in the bar */
        k->cand_area = (SDL_Rect){0, 0, 0, 0};
        draw_last_row(k, a, r->x, y + gap / 2, r->w, kh, fold);
    } else if (fold == 2 && py) { /* the candidates, 生僻字 at their end */
        SDL_Rect rare = {r->x + r->w - 2 * kh, y + gap / 2, 2 * kh, kh};
        cr.w -= rare.w + gap;
        draw_cands(k, a, &cr, 1);
        draw_rare(k, a, &rare);
    } else if (fold && py && bar_idle(k)) {
        k->cand_area = (SDL_Rect){0, 0, 0, 0};
        draw_digits(k, a, r->x, y + gap / 2, r->w, kh);
    } else {
        draw_cands(k, a, &cr, fold ? 1 : 2);
    }
    y += cr.h + gap;
    k->bar = (SDL_Rect){r->x, r->y, r->w, y - r->y};
    k->shown.valid = 1;
    if (k->kind == KB_PINYIN) {
        draw_letter_rows(k, a, r->x, y, r->w, fold);
        return;
    }
    /* pinyin | undo the last stroke | rewrite | · | [换行] | backspace | clear */
    enum { NK = 7 };
    static const char *NAMES[NK] = {"mode", "undo", "rewrite", "mid", "nl", "bs", "clear"};
    const char *labels[NK] = {core_str("kb.to_pinyin"), core_str("kb.undo"), core_str("kb.rewrite"),
                              "·", core_str("kb.newline"), core_str("kb.backspace"),
                              core_str("kb.clear")};
    ui_btn_kind kinds[NK] = {UI_BTN_SECONDARY, UI_BTN_SECONDARY, UI_BTN_SECONDARY, UI_BTN_KEY,
                             UI_BTN_SECONDARY, UI_BTN_SECONDARY, UI_BTN_DANGER};
    kb_side sd;
    if (side_fit(k, a, &sd)) {
        /* the pad square at the left, its keys right of it sharing its
         * height: 拼音 ·, 撤销 重写, 退格 清空 (reading order), then 换行 */
        static const int ORDER[NK] = {0, 3, 1, 2, 5, 6, 4};
        int side = r->y + r->h - y, kw = sd.cols * sd.cw + (sd.cols - 1) * gap;
        if (side > r->w - kw - gap)
            side = r->w - kw - gap;
        SDL_Rect canvas = {r->x, y, side, side};
        draw_canvas(k, a, &canvas);
        int kx0 = r->x + r->w - kw, h = r->y + r->h - y;
        int n = 0, nk = hand_keys(k);
        for (int o = 0; o < NK; o++) {
            int i = ORDER[o];
            if (i == 4 && !k->multiline)
                continue;
            int row = n / sd.cols, col = n % sd.cols;
            int y0 = y + row * (h + gap) / sd.rows, y1 = y + (row + 1) * (h + gap) / sd.rows - gap;
            int x0 = kx0 + col * (sd.cw + gap);
            /* the last key alone in its row spans it */
            int w = n == nk - 1 && col == 0 ? kw : sd.cw;
            SDL_Rect kr = {x0, y0, w, y1 - y0};
            key(k, a, &kr, NAMES[i], labels[i], kinds[i]);
            n++;
        }
        return;
    }
    /* the pad: the whole width, and the height left above the keys */
    int ch = r->y + r->h - gap - kh - y, least = fold ? kh * 2 : kh * 7 / 2;
    SDL_Rect canvas = {r->x, y, r->w, ch > least ? ch : least};
    draw_canvas(k, a, &canvas);
    y += canvas.h + gap;
    /* the one-character · key is narrower, so the words have room */
    int nk = k->multiline ? NK : NK - 1;
    int cw = (r->w - (nk - 1) * gap) * 3 / (3 * nk - 1), dot = cw * 2 / 3, kx = r->x;
    for (int i = 0; i < NK; i++) {
        if (i == 4 && !k->multiline)
            continue;
        SDL_Rect kr = {kx, y, i == NK - 1 ? r->x + r->w - kx : i == 3 ? dot : cw, kh};
        key(k, a, &kr, NAMES[i], labels[i], kinds[i]);
        kx += kr.w + gap;
    }
}

/* ---- input ---- */

static void press_key(kb *k, const char *name)
{
    k->unspelt = 0; /* a refused letter is said until the next key */
    if (!strcmp(name, "bs")) {
        backspace(k);
    } else if (!strcmp(name, "clear")) {
        kb_clear(k);
    } else if (!strcmp(name, "shift")) {
        k->shift = !k->shift;
    } else if (!strcmp(name, "num")) {
        k->digit_rows = !k->digit_rows;
    } else if (!strcmp(name, "mode")) {
        kb_set_kind(k, k->kind == KB_PINYIN ? KB_HAND : KB_PINYIN);
    } else if (!strcmp(name, "rewrite")) {
        drop_strokes(k);
        drop_cands(k);
    } else if (!strcmp(name, "undo")) {
        /* the last stroke goes; the candidates are for the ones left */
        ui_ink_undo(&k->ink);
        recognize(k);
    } else if (!strcmp(name, "nl")) {
        /* what is being composed goes in first, as for the dot */
        commit_composing(k);
        if (k->multiline && k->text[0]) /* an empty box has no line to break */
            append(k, "\n");
    } else if (!strcmp(name, "mid")) {
        /* what is being composed goes in first, best candidates, then the dot */
        commit_composing(k);
        append(k, "·");
    } else if (!strcmp(name, "rare")) {
        /* rare name characters come after many common ones: jump to them */
        if (k->rare_from >= 0 && k->page_start < k->rare_from && k->npages_back < MAX_PAGES) {
            k->page_back[k->npages_back++] = k->page_start;
            k->page_start = k->rare_from;
        }
    } else if (!strcmp(name, "dot")) {
        type_char(k, '.');
    } else if (name[0] && !name[1]) {
        char c = name[0];
        if (chinese(k)) {
            if (c >= 'a' && c <= 'z' && k->kind == KB_PINYIN) {
                type_letter(k, c);
            } else if (c >= '0' && c <= '9' && !k->comp[0]) {
                char s[2] = {c, 0};
                append(k, s);
            }
        } else {
            type_char(k, c);
        }
    }
}

/* r grown by m on every side, joined into *u (empty: r alone). */
static void join(SDL_Rect *u, const SDL_Rect *r, int m)
{
    SDL_Rect g = {r->x - m, r->y - m, r->w + 2 * m, r->h + 2 * m};
    if (u->w <= 0 || u->h <= 0)
        *u = g;
    else
        SDL_UnionRect(u, &g, u);
}

/* What of the bar differs from what was drawn there, as one box (empty
 * when nothing does): the letters line from its left to the wider of the
 * letters before and after; in each row of candidates, the cells from the
 * first that moved or changed to the row's end, before and after; a page
 * key whose look changed. The whole bar when words are or were in it, or
 * it was not drawn yet. Rare candidates and the page keys are raised
 * buttons: their shadow's margin too. */
static SDL_Rect bar_changed(kb *k, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    const SDL_Rect *r = &k->shown.cands;
    SDL_Rect u = {0, 0, 0, 0};
    if (!k->shown.valid || k->shown.msg || bar_says(k) || k->shown.ncells > SHOWN_CELLS)
        return k->bar;
    if (letters_line(k, a)) {
        int lw = k->bar.w - 2 * t->unit, px = letters_px(k, a, lw);
        if (px != k->shown.letters_px || strcmp(k->letters, k->shown.letters)) {
            int w = text_width(tx, k->letters, px, TEXT_BOLD);
            if (w < k->shown.letters_w)
                w = k->shown.letters_w;
            /* the band above the candidates, a glyph's overhang each side */
            SDL_Rect band = {k->bar.x + t->unit - px / 2, k->bar.y, w + px, r->y - k->bar.y};
            join(&u, &band, 0);
        }
    }
    cand_walk w;
    cand_walk_start(k, a, r, 0, 2, &w);
    SDL_Rect cr;
    int i, n = 0, row = -1, moved = 0;
    while (cand_walk_next(k, a, r, &w, &cr, &i)) {
        if (n >= SHOWN_CELLS)
            return k->bar;
        const SDL_Rect *o = n < k->shown.ncells ? &k->shown.cells[n].r : NULL;
        int rare = k->rare_from >= 0 && i >= k->rare_from;
        if (cr.y != row) { /* a new row: its cells kept until one changes */
            row = cr.y;
            moved = 0;
        }
        moved = moved || !o || o->x != cr.x || o->y != cr.y || o->w != cr.w || o->h != cr.h ||
                k->shown.cells[n].rare != rare || strcmp(k->shown.cells[n].text, k->cands[i]);
        if (moved)
            join(&u, &cr, rare ? t->unit : 0);
        if (moved && o)
            join(&u, o, k->shown.cells[n].rare ? t->unit : 0);
        n++;
    }
    /* cells drawn before that are gone, or in a row whose cells moved */
    for (int j = 0; j < k->shown.ncells; j++) {
        const SDL_Rect *o = &k->shown.cells[j].r;
        int gone = j >= n, after = u.w > 0 && o->y >= u.y && o->y < u.y + u.h && o->x >= u.x;
        if (gone || after)
            join(&u, o, k->shown.cells[j].rare ? t->unit : 0);
    }
    SDL_Rect prev, next;
    page_keys(k, a, r, &prev, &next);
    if ((k->npages_back > 0) != k->shown.prev)
        join(&u, &prev, t->unit);
    if ((w.i < w.end) != k->shown.next)
        join(&u, &next, t->unit);
    SDL_Rect in;
    if (u.w <= 0 || !SDL_IntersectRect(&u, &k->bar, &in))
        return (SDL_Rect){0, 0, 0, 0};
    return in;
}

/* What a character typed changes of the keyboard: the Chinese keyboards'
 * letters and candidates (the full-text message among them; only what
 * differs from what was drawn, bar_changed), and 生僻字 when its look
 * changes; nothing of the other kinds (the key pressed is the app's to
 * mark, the field the screen's). */
static void mark_typed(kb *k, ui_app *a)
{
    if (!chinese(k) || k->bar.w <= 0)
        return;
    int m = ui_app_theme(a)->unit; /* a raised key's shadow */
    SDL_Rect rare = {k->rare.x - m, k->rare.y - m, k->rare.w + 2 * m, k->rare.h + 2 * m};
    /* folded, keys come and go in the bar: all of it, their shadows too */
    SDL_Rect bar = key_fit(k, a).fold
                       ? (SDL_Rect){k->bar.x - m, k->bar.y - m, k->bar.w + 2 * m, k->bar.h + 2 * m}
                       : bar_changed(k, a);
    if (bar.w > 0 && bar.h > 0)
        ui_app_invalidate_rect(a, &bar);
    if (k->kind == KB_PINYIN && k->rare.w > 0 && rare_enabled(k) != k->rare_on)
        ui_app_invalidate_rect(a, &rare); /* only when its look changes */
}

/* Handwriting: the candidates and the pad (strokes went with a choice, 退格
 * or 重写, or the finger lifted and candidates came), with a margin for the
 * ink's width over the pad's edge. */
static void mark_pad(kb *k, ui_app *a)
{
    if (k->canvas.w <= 0 || k->bar.w <= 0) {
        ui_app_invalidate(a); /* not drawn yet */
        return;
    }
    int m = ui_app_theme(a)->unit;
    SDL_Rect c = {k->canvas.x - m, k->canvas.y - m, k->canvas.w + 2 * m, k->canvas.h + 2 * m};
    ui_app_invalidate_rect(a, &k->bar);
    ui_app_invalidate_rect(a, &c);
}

/* Any other key (shift, 拼音/手写, 换行, 清空, ·, 生僻字): the
 * keyboard's whole strip with a raised key's shadow around it while the
 * keyboard keeps the height it had (h0). Another width beside the page (w0;
 * 拼音/手写 where handwriting's pad has its keys beside it): the page
 * beside it moves too, the whole screen. Another height (拼音/手写): in a
 * column beside the page, the column from the screen's top to its bottom
 * (the keys move in it; the page keeps its width); else the screen around
 * it moves, the whole screen. */
static void mark_strip(kb *k, ui_app *a, int h0, int w0, int below0)
{
    const ui_theme *t = ui_app_theme(a);
    int m = t->unit;
    /* under the page (kb_set_below: pinyin) and now a kind that goes beside
     * it (拼音/手写), or the other way: the page moves as well */
    if (!t->portrait && below0 != under(k)) {
        ui_app_invalidate(a);
        return;
    }
    if (beside(k, t) && kb_beside_width(k, a) != w0) { /* the page beside it too */
        ui_app_invalidate(a);
        return;
    }
    if (k->area.w > 0 && kb_height(k, a) != h0 && beside(k, t)) {
        SDL_Rect col = {k->area.x - m, 0, k->area.w + 2 * m, t->h};
        ui_app_invalidate_rect(a, &col);
        return;
    }
    if (k->area.w <= 0 || kb_height(k, a) != h0) {
        ui_app_invalidate(a);
        return;
    }
    SDL_Rect s = {k->area.x - m, k->area.y - m, k->area.w + 2 * m, k->area.h + 2 * m};
    ui_app_invalidate_rect(a, &s);
}

int kb_activate(kb *k, ui_app *a, const char *id)
{
    size_t n = strlen(k->id);
    if (strncmp(id, k->id, n) != 0 || id[n] != '.')
        return 0;
    const char *rest = id + n + 1;
    /* a character, backspace, a candidate or its page: the key is marked by
     * the app's press, the letters and candidates here (handwriting: the pad
     * too, as 撤销 and 重写), the field by its screen; any other key the
     * keyboard's strip */
    const char *kn = rest + 2;
    int typed = (!strncmp(rest, "k.", 2) &&
                 ((kn[0] && !kn[1]) || !strcmp(kn, "bs") || !strcmp(kn, "dot"))) ||
                !strncmp(rest, "c.", 2) || !strcmp(rest, "next") || !strcmp(rest, "prev");
    int strokes = !strcmp(rest, "k.undo") || !strcmp(rest, "k.rewrite");
    int h0 = kb_height(k, a), w0 = kb_beside_width(k, a);
    int below0 = under(k);
    if (!strncmp(rest, "k.", 2)) {
        press_key(k, rest + 2);
    } else if (!strncmp(rest, "c.", 2)) {
        choose(k, atoi(rest + 2));
    } else if (!strcmp(rest, "next")) {
        if (k->page_start + k->page_len < page_end(k) && k->npages_back < MAX_PAGES) {
            k->page_back[k->npages_back++] = k->page_start;
            k->page_start += k->page_len;
        }
    } else if (!strcmp(rest, "prev")) {
        if (k->npages_back > 0)
            k->page_start = k->page_back[--k->npages_back];
    } else if (!strcmp(rest, "canvas")) {
        return 1; /* a dot on the pad: its stroke (kb_event) marked what it drew */
    } else {
        return 0;
    }
    if ((typed || strokes) && k->kind == KB_HAND)
        mark_pad(k, a);
    else if (typed)
        mark_typed(k, a);
    else
        mark_strip(k, a, h0, w0, below0);
    return 1;
}

static int in_rect(const SDL_Rect *r, int x, int y)
{
    return r->w > 0 && x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

static int hand_event(kb *k, ui_app *a, const plat_event *ev)
{
    int r = ui_ink_event(&k->ink, &k->canvas, ev);
    if (r == UI_INK_UNUSED)
        return 0;
    if (r == UI_INK_ENDED) { /* the finger lifted: candidates for the strokes */
        recognize(k);
        mark_pad(k, a);
        return 1;
    }
    /* a stroke begun or drawn on: the canvas alone, with a margin for the
     * ink's width over its edge (the candidates come when the finger lifts) */
    int m = ui_app_theme(a)->unit;
    SDL_Rect c = {k->canvas.x - m, k->canvas.y - m, k->canvas.w + 2 * m, k->canvas.h + 2 * m};
    ui_app_invalidate_rect(a, &c);
    return 1;
}

/* The key nearest to (x, y) when that is in a gap between keys (no key
 * under it, within a gap's width of one); -1 otherwise. */
static int gap_key(const kb *k, int x, int y)
{
    if (!in_rect(&k->area, x, y) || in_rect(&k->cand_area, x, y) || in_rect(&k->canvas, x, y))
        return -1;
    int best = -1;
    long bd = 0;
    for (int i = 0; i < k->nkeys; i++) {
        const SDL_Rect *r = &k->keys[i].r;
        if (in_rect(r, x, y))
            return -1; /* on a key: its own target takes the tap */
        long dx = x < r->x ? r->x - x : x >= r->x + r->w ? x - (r->x + r->w - 1) : 0;
        long dy = y < r->y ? r->y - y : y >= r->y + r->h ? y - (r->y + r->h - 1) : 0;
        long d = dx * dx + dy * dy;
        if (best < 0 || d < bd) {
            best = i;
            bd = d;
        }
    }
    return best >= 0 && bd <= (long)GAP_REACH * GAP_REACH ? best : -1;
}

int kb_event(kb *k, ui_app *a, const plat_event *ev)
{
    if (k->kind == KB_HAND && hand_event(k, a, ev))
        return 1;
    switch (ev->type) {
    case PLAT_EV_DOWN:
        k->swipe_down = in_rect(&k->cand_area, ev->x, ev->y) && k->ncands > 0;
        k->swipe_x = ev->x;
        k->gap_down = !k->swipe_down && gap_key(k, ev->x, ev->y) >= 0;
        k->gap_x = ev->x;
        k->gap_y = ev->y;
        return k->swipe_down || k->gap_down;
    case PLAT_EV_UP:
        if (k->gap_down) { /* a tap between keys: the nearest key */
            k->gap_down = 0;
            int i = gap_key(k, k->gap_x, k->gap_y);
            if (i >= 0 && abs(ev->x - k->gap_x) <= GAP_REACH && abs(ev->y - k->gap_y) <= GAP_REACH) {
                char id[64];
                snprintf(id, sizeof id, "%s.k.%s", k->id, k->keys[i].name);
                kb_activate(k, a, id);
            }
            return 1;
        }
        if (k->swipe_down) {
            int dx = ev->x - k->swipe_x;
            k->swipe_down = 0;
            char id[64];
            if (dx < -SWIPE_PX || dx > SWIPE_PX) {
                snprintf(id, sizeof id, "%s.%s", k->id, dx < 0 ? "next" : "prev");
                kb_activate(k, a, id);
            }
            return 1;
        }
        return 0;
    case PLAT_EV_KEY:
    case PLAT_EV_TEXT:
        return kb_type(k, a, ev);
    default:
        return 0;
    }
}

int kb_type(kb *k, ui_app *a, const plat_event *ev)
{
    if (ev->type == PLAT_EV_KEY) {
        if (ev->key != PLAT_KEY_BACKSPACE)
            return 0;
        press_key(k, "bs");
        if (k->kind == KB_HAND) /* as its 退格 key: the strokes on the canvas too */
            mark_pad(k, a);
        else
            mark_typed(k, a);
        return 1;
    }
    if (ev->type != PLAT_EV_TEXT)
        return 0;
    for (const char *p = ev->text; *p && k->kind == KB_ADDR; p++)
        type_char(k, *p); /* as typed: the case counts in paths and pins */
    for (const char *p = ev->text; *p && k->kind != KB_ADDR;) {
        if ((unsigned char)*p >= 0x80) {
            /* a character a desktop's own input method made (the emulator's
             * keyboard, a script's text 张三): a Chinese keyboard takes it
             * whole, as a chosen candidate, after what was being composed
             * (as the dot does); the other kinds have no key for it */
            const char *c = p;
            utf8_next(&p);
            char one[8];
            snprintf(one, sizeof one, "%.*s", (int)(p - c), c);
            if (chinese(k) && utf8_valid(one)) {
                k->unspelt = 0;
                commit_composing(k);
                append_fit(k, one);
            }
            continue;
        }
        char name[2] = {*p >= 'A' && *p <= 'Z' && k->kind != KB_IDCARD ? (char)(*p + 32) : *p, 0};
        if (*p == '.')
            press_key(k, "dot");
        else
            press_key(k, name);
        p++;
    }
    mark_typed(k, a);
    return 1;
}
