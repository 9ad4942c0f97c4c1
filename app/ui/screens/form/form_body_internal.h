/* form_body_internal.h — the state of a form body (form_body.h) shared by
 * its files. Not for other modules.
 *
 *   form_body.c        set-up, answers, the keyboard of the focused field
 *   form_body_draw.c   layout and drawing of the fields
 *   form_body_input.c  taps, drags and typed text; scrolling
 */
#ifndef CZ_UI_FORM_BODY_INTERNAL_H
#define CZ_UI_FORM_BODY_INTERNAL_H

#include "ui/screens/form/form_body.h"
#include "ui/screens/form/form_sign.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_date.h"
#include "ui/widgets/widget_list.h"

#define FB_MAX 32
#define FB_ROW_ENDS 16 /* of a list's rows whose ends are kept */

typedef struct {
    const form_field *f;
    ui_list *list;     /* choice, multi */
    ui_datepick *date; /* date */
    form_sig *sig;     /* signature */
    struct form_photo_view *photo; /* photo: its thumbnails (form_photo.h) */
    int y, h;          /* content position and height from the last layout */
    int box_off;       /* where its value box starts, below the label */
    int label_ink;     /* the blank rows over its label's letters (the line's
                        * leading): what whole_scroll may leave above the view */
    int err_h;         /* of box_off, the error shown over the box (with its gap) */
    int sig_gap;       /* signature: the height the red words over the pad took,
                        * kept while ink is on the pad (it must not move up under
                        * the finger when a stroke makes them go) */
    int msg_end;       /* where the message under its box ends (fb_msg_at_focus), else 0 */
    int side_h;        /* its label's column beside the focused box (label_beside), else 0 */
    int box_h;         /* the focused box's height (it grows as she types), else 0 */
    int help_at;       /* where its help starts (with its gap): the end of what is above it */
    int foot;          /* where what is answered in it ends: help_at, but for a pad
                        * not signed, its end (重写 comes with ink) */
    int shown;         /* visible at the last layout */
    SDL_Rect pad;      /* signature pad, pledge box or list on screen (last draw) */
    int row_ends[FB_ROW_ENDS], nrow_ends; /* a list's: each row's foot under its top (last
                                           * layout; typing_clip cuts between rows) */
    int pledge_scroll, pledge_max;
    int date_use;      /* date: 就选这一天 shown (no answer when the page opened): kept */
    /* typed: its keyboard, closed (收起键盘, a tap elsewhere on the page)
     * while letters or strokes waited to be chosen (kb_pending): given back
     * as it was when she taps the box again, and said under the box till
     * then (fb_held_note); freed, and what it held wiped, with the page */
    kb *held;
    uint64_t held_answer; /* a digest of its answer when held: another since
                           * (an ID card read, a draft taken up) drops it */
} fb_item;

enum { CAP_NONE, CAP_PAGE, CAP_DATE, CAP_SIGN, CAP_PLEDGE, CAP_KB };

struct form_body {
    form_inst *inst;
    const char *group; /* catalogue-owned key, or NULL */
    int member;
    char sig_dir[1024];
    form_body_hooks hooks;
    fb_item items[FB_MAX];
    int n;
    int focus; /* item with the keyboard, -1 */
    kb *kb;
    int elderly; /* large-text mode at the last draw or tap: Chinese opens on handwriting */
    /* the keyboard under the page with the focused question's label (and
     * the card's note) in a column left of its box: a screen wider than
     * tall where the label above the box leaves the keys too little room */
    int label_beside;
    /* the keyboard under the page: the most the focused box may take of
     * the view's height (its text's end shows), else 0 */
    int box_cap;
    SDL_Rect view, kb_rect;
    SDL_Rect origin; /* the column's x and w, and y where the unscrolled content starts
                      * on screen less the scroll, at the last draw (form_body_question) */
    int scroll, content_h, want_show;
    /* how far the scroll stands past the content's end (fb_clamp_scroll):
     * a question brought into view from below, its view's top at the start
     * of a question (show_below) where the page's end would have cut one
     * across; it shrinks as she drags back, never grows by a drag */
    int tail;
    /* with want_show: a question that stays whole in view while want_show
     * comes in under it (the one just typed, 完成 having closed the
     * keyboard), or -1 */
    int keep_show;
    /* with keep_show: a question shown whole with it where the two fit in
     * the view together (the one she was typing in when a row of the list
     * keep_show closed the keyboard), else -1 */
    int keep_also;
    /* with keep_also: the row she tapped in keep_show's list, and a question
     * her answer brought (shown by it), or -1 */
    int keep_row, keep_new;
    /* a list whose row closed the keyboard, and where the list's rows began
     * on screen then: at the next draw they begin there again (the page laid
     * out anew without the keys, the steps back over it, would have moved
     * them from under her finger), or -1 */
    int anchor, anchor_y;
    /* what can be tapped on the page at the last drawn layout (boxes,
     * rows, buttons, wheels, pads), from the view's unscrolled top: a drag
     * that ends with one cut by the view's foot is carried on until it is
     * whole or gone (fb_snap_foot) */
#define FB_CTL_MAX 96
    struct {
        int y, h;
    } ctl[FB_CTL_MAX];
    int nctl;
    int opened; /* drawn once: the page's first question was brought into view */
    /* the scroll where the page last put itself (a question brought into
     * view, the page opened, a row that closed the keyboard), or -1 once
     * her drag moved it; with placed_clip, at rest there the list's row
     * cut by the view's foot, and the rows after it, are not drawn
     * (rest_place, rest_clip): the list's item placed_li, its row placed_k */
    int placed, placed_clip, placed_li, placed_k;
    int show_on_top; /* want_show goes to the view's top (form_body_show_first_open) */
    int show_foot;   /* want_show's foot comes into view (form_body_show_foot) */
    /* want_show comes in from below by the least move, the view's top
     * where that puts it (show_next_open: the 我已阅读并同意 just tapped
     * stays in view over the pad it brings, not taken past the top for
     * the view's top to fall between questions) */
    int show_least;
    int cap, cap_item, down_y, down_scroll, dragged;
    int changed;
    /* The message: at the top of the page, or while the keyboard is open
     * under the box being typed in (fb_msg_at_focus), where the keyboard
     * does not cover it. */
    char msg[512];
#define MSG_AT_RULE 2 /* a rule's words under the question it is about */
    /* After a refused 下一步: the one field whose error shows (its error is
     * the message, drawn beside it instead of at the top), or -1. */
    int err_item, msg_at_field; /* msg_at_field: 0, 1 (the field's error), MSG_AT_RULE */
    ui_dialog *dlg;
    char del_group[64]; /* what the dialog asks to delete: a group's member, */
    int del_idx;
    int del_photo;      /* or (1) photo del_idx of photo field del_group */
    /* Typing marks the field alone: what the page showed at its last draw
     * (fb_page_sig), the focused field's box on screen then, and whether the
     * last answer stored was a keystroke that changed nothing else. */
    uint64_t drawn_sig;
    SDL_Rect focus_box;
    int focus_h, focus_w; /* the focused box's height and width at the last draw */
    int focus_scroll; /* where keeping the focused question in view puts the page */
    /* The focused box as last drawn when it was one line (line_drawn): its
     * left and the ends of its text and of its caret, with hashes of the
     * text and of the letters composed, so that a keystroke which kept the
     * text marks only what follows it (fb_typing_box), and the letters
     * themselves: what follows those it kept. */
    int line_drawn, line_x, line_vx, line_end;
    uint32_t line_text, line_comp;
    char line_letters[KB_COMP_BYTES];
    int typed_only;
    /* A date wheel's step marks the picker alone when the page besides that
     * date's value (fb_page_sig_but) is what it was before the step. */
    int date_only, date_item;
    uint64_t date_sig;
    /* A row tapped in a list marks the list alone when the page besides its
     * rows (fb_page_sig_but) is what it was before the tap. */
    int list_only, list_item;
    uint64_t list_sig;
    /* The measure of the content (a dry layout) kept for partial frames:
     * the bytes of everything it read (fb_measure_key), and what it gave.
     * Both key buffers hold answers: wiped with the body. */
    unsigned char *mkey, *mkey_new;
    size_t mkey_len, mkey_cap, mkey_new_len, mkey_new_cap;
    int mkey_bad; /* out of memory building the key: nothing is kept */
    int m_valid, m_content_h;
    struct {
        int y, h, box_off, label_ink, err_h, msg_end, side_h, box_h, help_at, foot, shown;
    } m_items[FB_MAX];
};

/* ---- form_body.c ---- */

/* The answer, error, visibility and display text of a field of the page or
 * of the body's member. fb_set() stores (and marks the body changed). */
const char *fb_get(const form_body *b, const char *key);
int fb_set(form_body *b, const char *key, const char *v);
const char *fb_error(const form_body *b, const char *key);
/* 1 if the field's answer (the member's, in a member's body) came from an
 * ID card and was not changed since (已从身份证读入 beside it); never for one
 * worked out of it (年龄: its label says 自动填写). */
/* The index of field key among the page's items, or -1. */
int fb_index(const form_body *b, const char *key);
int fb_from_card(const form_body *b, const char *key);
int fb_visible(const form_body *b, const char *key);
void fb_display(const form_body *b, const char *key, char *out, size_t n);
/* 1 if the field is typed on the keyboard (not a list, date, pledge ...). */
int fb_typed(const form_field *f);
/* Gives item i the keyboard. */
void fb_focus(form_body *b, int i);
/* The words under item i's box while it holds letters or strokes she has
 * not chosen (fb_item.held), into out; "" if none. */
void fb_held_note(const form_body *b, int i, char *out, size_t n);
/* Stores the keyboard's text when it changed. */
void fb_kb_commit(form_body *b);
/* A digest of what the page and the form's steps show besides item i's own
 * widget (a list's rows, a date's wheels, the focused field's box): which
 * fields show, their answers, errors and shown text, the card reader's marks,
 * a group's members, item i's error while it shows (and for a date, whether
 * it is answered: a hint and a button under it if not), the message,
 * keyboard, focus and scroll, the steps (pages skipped by the answers). A
 * change that leaves it as it was draws item i alone (a list's choice, a
 * date's step); i = -1: the whole page. */
uint64_t fb_page_sig_but(const form_body *b, int i);
/* The same besides the focused field's box (a keystroke's), its error
 * counted whether shown or not. */
uint64_t fb_page_sig(const form_body *b);
/* How many characters the keyboard takes for the field. */
int fb_kb_limit(const form_field *f);
/* 1 if the message shows under the focused field's box (the keyboard is
 * open, and the message is not a field's error shown beside it). */
int fb_msg_at_focus(const form_body *b);

/* ---- form_body_input.c ---- */

/* At the end of her drag (dir: the way the page moved, -1 up, 1 down): a
 * button, row or box cut by the view's foot (the foot bar over its
 * lower part) comes whole into the view, or goes wholly under the foot,
 * the page carried on the way she moved it, never back against it (near
 * the page's top, where it cannot go on so far, to its top: the page as it
 * opens). 1 if the scroll changed. */
int fb_snap_foot(form_body *b, const ui_theme *t, int dir);
/* Keeps the scroll position within the content (and the tail past its
 * end, which it shrinks to what the scroll still uses). */
void fb_clamp_scroll(form_body *b);

/* ---- form_body_draw.c ---- */

/* 1 if the focused box, with the keyboard's text now, is as tall as at the
 * last draw: a keystroke then redraws the box alone (focus_box), else the
 * page (a growing box moves what is under it). */
int fb_focus_same(form_body *b, ui_app *a);
/* What a keystroke changed of the focused box (fb_focus_same holding): a
 * one-line box whose text stayed, from the text's end to the wider of the
 * caret's ends before and after; else its whole inside (focus_box). */
SDL_Rect fb_typing_box(form_body *b, ui_app *a);
/* Forgets the kept measure and wipes its key (answers among its bytes). */
void fb_measure_forget(form_body *b);

#endif
