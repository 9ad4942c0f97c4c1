/* kb.h — on-screen keyboards for fingers: a numeric pad (phone numbers),
 * a money pad (one decimal point, two decimals), an ID-number pad (18
 * characters, X only last), and Chinese entry for names and addresses by
 * pinyin (QWERTY letters, then pick the characters) or by handwriting (draw
 * one character on a canvas with the finger, then pick it). The middle dot of
 * minority names (·) has its own key. A pinyin and a handwriting keyboard
 * switch into each other with one key. A tap in a gap between keys (shaky
 * fingers) goes to the nearest key; the screen hands its raw events to
 * kb_event for that.
 *
 * The keyboard owns the text being entered (kb_text); the screen shows it in
 * a field (ui_field in widget.h) and reads it when the person is done.
 * Candidates come from the input-method engines through kb_engine (the
 * program installs one at start-up with kb_set_engine; the engines are
 * libgooglepinyin and Zinnia behind app/ime). Candidates are shown large, a
 * page at a time, with ‹ › page keys; a horizontal swipe on them turns the
 * page too. Pinyin candidates are ranked: on a name field, phrases made only
 * of its preferred characters (kb_prefer: 建国 before the engine's 见过 for
 * jianguo, 李建 for lijianguo), then those characters; then phrases, then
 * GB 2312 level-1 characters, then level-2 ones (each group in the engine's
 * order); candidates with a character
 * outside GB 2312 (rare or traditional: 錒 吋 邨 組, rare name characters such
 * as 堃) and the engine's rare-character table are not on those pages: only
 * the 生僻字 key shows them. Handwriting candidates keep the recogniser's
 * order (the shape counts most; its model knows GB 2312 only).
 *
 * The pinyin engine holds a bounded number of letters waiting to be chosen
 * (IME_PINYIN_MAX_LETTERS, 32); a letter past that is refused, and the
 * candidate bar says so above the candidates (kb.letters_full) until a
 * choice, a backspace or a clear changes the letters: no letter is taken
 * that a choice would then drop. A letter that spells nothing after the
 * letters waiting (a lone "i", "shi" + "i") is refused too, and the bar says
 * so (kb.letter_unspelt, the letter named) until the next key.
 *
 * The handwriting pad is the keyboard's whole width; under it 拼音 (to
 * pinyin), 撤销 (the last stroke), 重写 (every stroke), ·, 换行 (a multiline
 * field only), 退格 and 清空. The pinyin keyboard's last row has 改用手写,
 * 生僻字, 换行 (a multiline field only) and 清空.
 * A screen that has room gives it with kb_set_room and the pad grows into it.
 *
 * Targets: "<id>.k.<key>" for keys (letters a..z, digits 0..9, "x", "dot",
 * "mid" (·), "bs" (backspace), "clear", "mode", "nl" (换行, multiline fields),
 * "shift" (KB_ADDR's case), "num" (数字/拼音: a pinyin keyboard folded twice
 * shows the digits in its letters' rows, or the letters again), the KB_ADDR symbols by themselves (".", "/", ":", "-", "_", "+", "="), "rare" (jump to the rare
 * characters (生僻字) among the pinyin candidates), "undo" and "rewrite" (the
 * handwriting's last stroke, every stroke)), "<id>.c.<n>" for the n-th
 * candidate, "<id>.prev"/"<id>.next" for candidate pages, "<id>.canvas" for
 * the handwriting canvas (strokes are raw events on it).
 *
 * Ownership: kb_new() returns a keyboard freed by kb_free(), which wipes the
 * text, the letters, the strokes and the candidates. kb_set_engine() copies
 * the struct; its ud must outlive every keyboard.
 */
#ifndef CZ_UI_KB_H
#define CZ_UI_KB_H

#include <stddef.h>
#include <stdint.h>

#include "ui/core/app.h"

#define KB_CAND_BYTES 40 /* one candidate, UTF-8 with its NUL (up to 13 characters) */
#define KB_MAX_CANDS 256
#define KB_COMP_BYTES 640 /* a pinyin composition: chosen characters (up to 128, 4 bytes each) and waiting letters */
#define KB_MAX_CHARS 2000 /* the longest text a keyboard takes (the form loader's max_len cap) */
#define KB_PY_UNSPELT (-100) /* kb_engine.py_append: the letters spell nothing there */
#define KB_PY_STATE_BYTES 4096 /* kb_engine.py_save: a composition put aside */

/* KB_ALNUM: digits, the letters A-Z in alphabetical order (easier to find
 * than QWERTY for people who have never typed) and '-', for receipt numbers,
 * certificate numbers and agent numbers; letters are typed upper-case. */
/* KB_ADDR: a web address, a file path or a key pin, for technicians: digits,
 * a-z (the "shift" key switches to A-Z and back) and . / : - _ + = ; a
 * physical keyboard may type any printable ASCII character but the space. */
typedef enum { KB_DIGITS, KB_MONEY, KB_IDCARD, KB_PINYIN, KB_HAND, KB_ALNUM, KB_ADDR } kb_kind;

typedef struct {
    int x, y; /* canvas pixels relative to the canvas's top-left */
} kb_point;

/* The input-method engines, as function pointers so the keyboard does not
 * depend on how they are built (app/ime/pinyin.h and hand.h; kb_ime/ holds
 * the glue). The pinyin side is a composition like ime_pinyin's: letters are
 * appended, a chosen candidate uses up the letters it spells and the rest wait
 * for the next choice. Any pointer may be NULL when that engine is missing. */
typedef struct {
    void *ud;      /* passed to the py_ functions */
    void *hand_ud; /* passed to hand */
    /* Adds letters (a..z) to the composition; returns the number of
     * candidates or a negative code (composition unchanged):
     * KB_PY_UNSPELT when no syllable takes them after the letters waiting. */
    int (*py_append)(void *ud, const char *letters);
    /* Deletes the last letter, or undoes the last choice; returns the number
     * of candidates or a negative code when already empty. */
    int (*py_backspace)(void *ud);
    void (*py_reset)(void *ud);
    int (*py_count)(void *ud);
    const char *(*py_candidate)(void *ud, int i);
    /* Candidates from this index on are rare characters (生僻字). */
    int (*py_common_count)(void *ud);
    /* 1: nothing left to choose (read py_chosen, then reset); 0: letters remain; <0 error. */
    int (*py_choose)(void *ud, int i);
    const char *(*py_chosen)(void *ud);
    /* The waiting letters split into syllables ("zhang'san"). */
    const char *(*py_spelling)(void *ud);
    /* 1: the composition starting is a name (a keyboard given kb_prefer):
     * common given names the engine lacks as phrases come among its
     * candidates (秀英 for xiuying); 0: the engine's alone. Called before a
     * composition's first letter. */
    void (*py_names)(void *ud, int on);
    /* A keyboard's composition put aside while another keyboard composes
     * (a question's keyboard closed with letters waiting, kb_pending, and
     * another's opened): copied into buf (n bytes, KB_PY_STATE_BYTES);
     * returns the bytes used or a negative code. NULL: a composition put
     * aside is lost. */
    int (*py_save)(void *ud, void *buf, size_t n);
    /* The composition py_save gave made the engine's again (its keyboard
     * used once more): the number of candidates, the same as when it was
     * put aside, or a negative code. */
    int (*py_restore)(void *ud, const void *buf, size_t n);
    /* Handwriting: candidates for the strokes drawn so far, best first. pts
     * holds every point, stroke s ends before ends[s]; the canvas is w x h.
     * Writes up to max into out; returns how many or a negative code. */
    int (*hand)(void *ud, const kb_point *pts, const int *ends, int nstrokes, int w, int h,
                char (*out)[KB_CAND_BYTES], int max);
    /* The GB 2312 level of a Han character: 1 or 2, 0 outside GB 2312, -1
     * for anything not Han. NULL: candidates keep the engine's order and
     * only its rare characters go behind 生僻字. */
    int (*gb_level)(void *ud, uint32_t cp);
    void *gb_ud; /* passed to gb_level */
} kb_engine;

/* Installs the engines every keyboard uses (NULL: none; Chinese entry then
 * shows a message instead of candidates). */
void kb_set_engine(const kb_engine *e);

typedef struct kb kb;

kb *kb_new(const char *id, kb_kind kind);
void kb_free(kb *k);
/* Switches kind (pinyin <-> handwriting keeps the text). */
void kb_set_kind(kb *k, kb_kind kind);
/* Pinyin candidates made only of these characters (UTF-8, any order; a name
 * field's surnames and common given-name characters) come first among the
 * common ones, in the engine's order: phrases (a given name, a surname and
 * a given name) before single characters; and the engine is asked for its
 * names lexicon too (kb_engine.py_names: 秀英, which its dictionary lacks).
 * NULL or "" for none (the engine's order, as on an address). Copied. */
void kb_prefer(kb *k, const char *chars);
/* Longest text in characters (default: 11 digits, 18 ID, 12 money, 40 text),
 * 1..KB_MAX_CHARS; the text's buffer is sized from it (UTF-8, up to 4 bytes a
 * character), so every character up to the limit is kept. 0, or -1 (no
 * change) for a limit out of range or no memory. */
int kb_set_max_chars(kb *k, int n);
/* A field that takes line breaks: the Chinese keyboards get a 换行 key
 * ("<id>.k.nl") that types one. */
void kb_set_multiline(kb *k, int on);

const char *kb_text(const kb *k);
/* Replaces the text (the screen's current value); letters and strokes are dropped. */
void kb_set_text(kb *k, const char *s);
/* The pinyin composition not yet in the text: characters chosen so far and
 * the letters still waiting ("张san"); "" if none. */
const char *kb_composing(const kb *k);
/* 1 while something typed waits to become text: pinyin letters (the
 * composition, kb_composing) or strokes on the handwriting pad. A screen
 * that closes the keyboard may keep it (not kb_free) so that reopened it
 * shows them again with their candidates, exactly as left: the keyboards
 * share the pinyin engine, and each one's composition is put aside while
 * another keyboard composes and taken up again when it is used once more
 * (kb_engine.py_save, py_restore). */
int kb_pending(const kb *k);
/* Clears text, letters, strokes and candidates. */
void kb_clear(kb *k);

/* 1 once the text has the most characters it may (kb_set_max_chars): every
 * further character is refused (the screen says so). */
int kb_full(const kb *k);

/* The height the screen can give the keyboard (pixels; 0, the default: only
 * what it needs). The handwriting pad grows into it, up to a square. On a
 * screen wider than tall it is the height of the column beside the page
 * (kb_beside_width wide): the keyboards fit their rows into it with keys of
 * at least 15 mm (18 in large text where they fit); where the whole Chinese
 * layout does not fit (a 1280x800 tablet) it folds: one row of candidates
 * (pinyin's digits there while nothing is being composed), no line of
 * letters (the field shows them); shorter still, pinyin's last row goes
 * into that bar while nothing is being composed, with a 数字 key there that
 * puts the digits (1-5, 6-0, ·, 退格) in the letters' three rows and 拼音
 * that brings the letters back. Handwriting there puts its keys beside a
 * square pad, the candidates above both (kb_beside_width). */
void kb_set_room(kb *k, int h);
/* The width of the column a screen wider than tall gives keyboard k beside
 * its page: about a portrait screen's width (the screen's height), never
 * less than ten keys of 15 mm with their gaps and margins; a pad's four
 * columns (digits, money, ID number) no more than half of the screen, never
 * less than four keys of 18 mm; handwriting no wider than a square pad as
 * high as the column leaves under its candidates and its keys right of it
 * in two or three columns, where those keys are 15 mm (18 in large text)
 * high or more, so the page is wider. Depends on the room: kb_set_room
 * first. */
int kb_beside_width(const kb *k, ui_app *a);
/* The narrowest column k may take beside its page: a pad's four keys of
 * 18 mm (the page may want more of the screen than half: an ID number's
 * groups on one line in large text); kb_beside_width for the others. */
int kb_beside_least(const kb *k, ui_app *a);
/* On a screen wider than tall, puts the letters-and-digits keyboard
 * (KB_ALNUM: a receipt number, a permit number) under the page in its wide
 * rows, thirteen keys each, where the column beside the page
 * (kb_beside_width) would leave the page less than a third of the screen
 * (a 1280x800 tablet: the box beside ten keys of 15 mm showed four
 * characters of a receipt number a line) and those three rows fit the
 * screen's width (a gap either side) and h pixels with keys 15 mm wide and
 * high at least (18 mm high in large text where they fit). The pinyin
 * keyboard likewise (its column left a name's or an account's box three
 * characters a line on that tablet), folded twice across the screen's
 * width: its bar (the last row's keys, or the candidates and 生僻字) and the
 * letters' three rows of ten, keys 18 mm wide and 13 mm high at least
 * (half again as wide as high: the bar and three rows of 15 mm did not fit
 * under a question and its box), the letters being composed shown in the
 * field. The technician's address keys (KB_ADDR) likewise, in their four
 * rows of thirteen, 15 mm wide and 13 mm high at least. Handwriting stays
 * beside the page (its square pad).
 * 1 if so: kb_height and kb_draw then lay the keyboard out there; 0 leaves
 * it as it was. kb_set_room undoes it; a switch to handwriting (改用手写)
 * leaves it unused, and kb_activate marks the whole screen where the
 * keyboard goes from under the page to beside it or back. */
int kb_set_below(kb *k, ui_app *a, int h);
/* Height the keyboard wants at the app's theme (and the room it was given). */
int kb_height(const kb *k, ui_app *a);
/* Draws the keyboard in r, which holds the theme's background as the frame's
 * clear left it (the candidate bar's inside is not painted again). */
void kb_draw(kb *k, ui_app *a, const SDL_Rect *r);
/* 1 if the id was the keyboard's (then the text may have changed). Marks
 * what it changes of the keyboard: a character, backspace or a candidate
 * its letters and candidates (handwriting: its pad too, as 撤销 and 重写);
 * any other key (shift, 拼音/手写, 换行, 清空, ·, 生僻字) the keyboard's
 * strip, or when the keyboard's height changed with it the whole screen (in
 * a column beside the page, kb_set_room on a screen wider than tall: that
 * column, top to bottom, as the page beside it keeps its width). The screen
 * marks its field. */
int kb_activate(kb *k, ui_app *a, const char *id);
/* A physical keyboard's or a scanner's text (PLAT_EV_TEXT) or its backspace
 * (PLAT_EV_KEY), typed as the keys are: marks only what that changes of the
 * keyboard (its letters and candidates, as a tapped key does); the screen
 * marks its field. 1 if the event was used. kb_event does the same. */
int kb_type(kb *k, ui_app *a, const plat_event *ev);
/* Handwriting strokes, candidate swipes, taps in the gaps between keys,
 * physical keys and typed text. Marks what it changes of the keyboard (a
 * stroke the pad, the finger's lift the pad and candidates; a tap between
 * keys as that key's tap, kb_activate; typed text as kb_type); the screen
 * marks its field, as after kb_activate. */
int kb_event(kb *k, ui_app *a, const plat_event *ev);
/* 1 once after every change of the text (for screens that validate as you type). */
int kb_take_changed(kb *k);

/* ---- Test hooks (no product caller, on purpose) ---- */
/* The keyboard and form tests: what the keyboard holds that the screen
 * shows only as pixels (which candidate is the wanted character, so a
 * journey taps its target). A screen hands the keyboard events and reads
 * its text; it has no business with the engine's candidates. */
kb_kind kb_get_kind(const kb *k);          /* the layout after 拼音/手写 switches */
int kb_cand_count(const kb *k);            /* candidates now offered */
const char *kb_cand(const kb *k, int i);   /* candidate i's text (which one to tap) */
int kb_stroke_count(const kb *k);          /* strokes on the handwriting canvas */

#endif
