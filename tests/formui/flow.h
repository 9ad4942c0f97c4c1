/* flow.h — driving the guided form screens by taps for the formui tests: a
 * headless app with the real catalogue and a real store file, taps on
 * targets that scroll the page until the target is in view (as a finger
 * would), keys, candidates of the real pinyin engine, signatures by drags. */
#ifndef CZ_TESTS_FORMUI_FLOW_H
#define CZ_TESTS_FORMUI_FLOW_H

#include "ui/core/app.h"
#include "ui/screens/form/form_screen.h"
#include "uitest.h"
#include "ui/core/services.h"

typedef struct {
    uitest_app u;
    form_catalog *cat;
    store *st;
    ui_services sv;
    char db[1024];
    int tap_keys; /* 1: tap every key on the pads; 0: type strings as a
                     physical keyboard does (same key handling, fewer frames) */
    int prints; /* slips sent to the "printer" */
    int scrolls; /* drags made to bring a target into view (for counting what a person does) */
    int taps;    /* taps made by flow_tap and flow_manual (keys and candidates included) */
    size_t printed_len;
    uint8_t *printed; /* the last slip's ESC/POS bytes (owned, freed by flow_close) */
} flow;

/* Opens an app at w x h with the catalogue and the store file db_name in the
 * test's data folder (fresh = delete it first). 0 or -1. */
int flow_open(flow *f, int w, int h, const char *db_name, int fresh);
void flow_close(flow *f);
/* Runs script lines; 0 or -1 (message printed). */
int flow_run(flow *f, const char *script);
/* Puts the sample cards of file cards (platform/emu/idcard.c's format) on
 * the app's ID-card reader: the script's `idcard N` and 模拟刷证 lay them. */
void flow_reader(flow *f, const char *cards);
/* A form that asks who the person is opens on its ID-card page: taps
 * 没带身份证，手动填写 when that page shows (and no dialog covers it). 0, or -1
 * if the tap failed. */
int flow_manual(flow *f);
/* The same person filing the same item again (a test's second filing): the
 * form asks 这一项您已经办过 once she is known; answers 还要再办一次 when that
 * dialog shows. 0, or -1 if the tap failed. */
int flow_again(flow *f);
/* Taps target id, dragging the page (or a menu's list) until it is in view
 * and nothing lies over it (on home: going through the pages of tiles from
 * the first). 0 or -1. */
int flow_tap(flow *f, const char *id);
/* Drags as flow_tap does until one of ids[0..n) is on the screen and
 * uncovered, and taps nothing: its index, or -1 (message printed). */
int flow_show(flow *f, const char *const *ids, int n);
/* Drags the form's page down, as a finger would, until its top shows (it
 * moves no more): an ID card read leaves it at the first question still
 * to answer. 0 or -1. */
int flow_page_top(flow *f);
/* Enters characters on the focused keyboard: taps on its keys ('X' for the
 * ID pad's X, '.' dot) when tap_keys is set, else one typed-text event. */
int flow_keys(flow *f, const char *s);
/* Focuses field key and types digits / letters with the pad. */
int flow_type(flow *f, const char *key, const char *s);
/* Focuses field key and enters Chinese text by pinyin: syllables separated
 * by spaces, one per character ("zhang san" for 张三). In large-text mode,
 * where Chinese opens on handwriting, it taps 拼音 first. */
int flow_hanzi(flow *f, const char *key, const char *text, const char *syllables);
/* On a handwriting pad (large text), taps 拼音; nothing on other keyboards. 0 or -1. */
int flow_to_pinyin(flow *f);
/* Taps candidate target id ("kb.c.<n>"), turning the common pages with 更多
 * and then, for a rare character, 生僻字 and its pages. 0 or -1. */
int flow_cand_tap(flow *f, const char *id);
/* Taps the option with that value of a choice / multi field (a long list:
 * its box, then the row on the list screen). */
int flow_choose(flow *f, const char *key, const char *value);
/* Types letters on the open pinyin keyboard (none: keeps the letters
 * already there) and takes, while they are being composed, the longest
 * candidate on the first page that begins what is wanted: a sentence in a
 * few taps. 0 once want is in, -1 (message printed) if no candidate fits. */
int flow_sentence(flow *f, const char *letters, const char *want);
/* On the long-list screen (form_pick.h): drags its list until the row with
 * that label shows and taps it. 0 or -1. */
int flow_pick_row(flow *f, const char *label);
/* Signs on the signature pad of field key with two strokes. */
int flow_sign(flow *f, const char *key);
/* Agrees to pledge key. */
int flow_agree(flow *f, const char *key);
/* The touch targets of the screen showing now, in the order the screen
 * registered them (one registered later lies over one before it): the
 * first FLOW_MAX_TARGETS of them. */
#define FLOW_MAX_TARGETS 96
typedef struct {
    char id[64];
    SDL_Rect r;
} flow_target;
typedef struct {
    flow_target t[FLOW_MAX_TARGETS];
    int n;
} flow_targets;
void flow_targets_of(ui_app *a, flow_targets *out);
/* The top screen and its name. */
ui_screen *flow_top(flow *f);
const char *flow_top_name(flow *f);
/* The form screen on the stack (top, or under a member screen). */
ui_screen *flow_form(flow *f);
/* Goes from the review page through the confirm dialog; 0 if the receipt shows. */
int flow_submit(flow *f);
/* From home to 低保's 证明材料 page (its photo fields), the pages before it
 * answered through the form engine (one family member); 0, or -1 with a
 * line saying what failed. */
int flow_to_photos(flow *f);
/* How many drafts the store keeps (-1 if it cannot say). */
int flow_drafts(flow *f);
/* Answer key of draft uuid as st holds it, into out: "" when it has none,
 * "-" when there is no such draft. */
void flow_draft_answer(store *st, const char *uuid, const char *key, char *out, size_t n);
/* A second draft of the same answers under uuid to (as two sessions of hers
 * on the same item leave). 0 or -1. */
int flow_copy_draft(flow *f, const char *from, const char *to);
/* Two strokes on the agent's consent pad (consent.pad). 0 or -1. */
int flow_sign_consent(flow *f);
/* 老年人优待证 from its tile (large text first when elderly), 没带身份证，
 * 手动填写: its page 1 (姓名 first); fails the test where it does not open. */
void flow_open_certs(flow *f, int elderly);
/* The screen against formui/ref/<name>.png, every word from the text file
 * and every glyph from a font (checks the test). */
void flow_shot(flow *f, const char *name);

/* A character of the stroke fixtures (tests/ime/hand-strokes.txt), written
 * on a 1000 x 1000 square. */
#define FLOW_HAND_STROKES 16
#define FLOW_HAND_PTS 16
typedef struct {
    int nstrokes, npts[FLOW_HAND_STROKES], x[FLOW_HAND_STROKES][FLOW_HAND_PTS],
        y[FLOW_HAND_STROKES][FLOW_HAND_PTS];
} flow_hand_char;
/* Loads character want (UTF-8) from the fixtures: 0, or -1 when missing. */
int flow_hand_load(const char *want, flow_hand_char *out);
/* Stroke st of c as a finger draws it on the pad cv (kb.canvas' rect), in
 * a square in its middle: its "down" and "move" script lines into script,
 * its "up" line (no newline) into up. */
void flow_hand_stroke(const flow_hand_char *c, int st, const SDL_Rect *cv, char *script,
                      size_t n, char *up, size_t upn);
/* Writes c with a finger on the open handwriting pad (flow_hand_stroke, each
 * stroke lifted). 0, or -1 where there is no pad or a step fails. */
int flow_hand_write(flow *f, const flow_hand_char *c);

#endif
