/* form_body.h — the scrolling body of a form page: every field of one page
 * (or of one member of a repeatable group) drawn with the toolkit's widgets,
 * the on-screen keyboard of the focused field docked at the bottom (on a
 * screen wider than tall, in a column beside the page), inline Chinese
 * errors from form_inst, help text, read-only computed values. While the
 * keyboard is open the focused field's label, value and help are kept in
 * view above it, or at the top of the page beside it (scrolled there again
 * on each key).
 *
 *   text/name/address  entry field + pinyin/handwriting keyboard
 *   idno               entry field + ID pad (X last)
 *   mobile/integer/card entry field + numeric pad; money: money pad
 *   date               date wheels + "就选这一天"
 *   choice / multi     single / multiple choice list, every row on the page;
 *                      a single choice of more than six rows is a box that
 *                      opens the list on a screen of its own (form_pick.h)
 *   pledge             the text in a scrollable box + a big agree toggle
 *   signature          a pad for the finger; saved as a PNG (form_sign.h)
 *   group              member cards with edit / delete, and an add button
 *   photo              the photos' thumbnails with 删除 and a big 拍照 button that
 *                      opens the camera page (form_photo.h, form_camera.h)
 *
 * Every answer goes into the form instance at once (typed text on each key);
 * form_body_take_changed() tells the screen when to autosave.
 *
 * Targets: "f.<key>" (entry box), "f.<key>.opt.<i>" (option rows),
 * "f.<key>.pick" (a long list's box), "f.<key>.date.*", "f.<key>.use", "f.<key>.agree", "f.<key>.resign",
 * "f.<key>.add", "f.<key>.edit.<i>", "f.<key>.del.<i>", "f.<key>.photo",
 * "f.<key>.photo.del.<i>", "kb.*" (keyboard),
 * "fb.block" (covers the keyboard's gaps).
 *
 * Ownership: form_body_new() borrows the instance (it must outlive the body)
 * and returns a body freed by form_body_free(), which wipes the keyboard,
 * the letters and strokes kept with questions, strokes and copies of
 * answers.
 */
#ifndef CZ_UI_FORM_BODY_H
#define CZ_UI_FORM_BODY_H

#include <stdint.h>

#include "ui/core/app.h"
#include "form/form_inst.h"
#include "ui/kb/kb.h"

typedef struct form_body form_body;

/* How a member's screen is opened (the hook below, ui_form_member_new). */
enum {
    FORM_MEMBER_EDIT = 0,  /* 修改 on one there */
    FORM_MEMBER_ADDED = 1, /* the new member 添加 just made */
    FORM_MEMBER_SELF = 2,  /* the form's own person 添加本人 just made (her name and
                            * number from the first page) */
};

typedef struct {
    void *ud;
    /* The person wants to edit member idx of group, opened as `added` says
     * (FORM_MEMBER_*). */
    void (*open_member)(void *ud, ui_app *a, const char *group, int idx, int added);
    /* Answers changed outside the body's own taps (a choice made on the
     * long-list screen, form_pick.h): autosave now. May be NULL. */
    void (*changed)(void *ud, ui_app *a);
} form_body_hooks;

/* group NULL: the fields of page `page`; otherwise the sub-fields of member
 * `member` of that group. sig_dir is where signature PNGs go (copied). */
form_body *form_body_new(form_inst *inst, size_t page, const char *group, int member,
                         const char *sig_dir, const form_body_hooks *hooks);
void form_body_free(form_body *b);

/* Draws into area (content scrolled, keyboard docked at its bottom). */
void form_body_draw(form_body *b, ui_app *a, const SDL_Rect *area);
/* Dialogs of the body (delete member), drawn last. */
void form_body_draw_overlay(form_body *b, ui_app *a);
int form_body_activate(form_body *b, ui_app *a, const char *id);
int form_body_event(form_body *b, ui_app *a, const plat_event *ev);
uint64_t form_body_tick(form_body *b, ui_app *a, uint64_t now);
/* 1 once after answers changed (autosave now). */
int form_body_take_changed(form_body *b);
/* The page shows its first question that has no answer at the view's top
 * (a member whose first answers came from elsewhere: 添加本人); none, as
 * it is. */
void form_body_show_first_open(form_body *b);
/* Brings the page's first question that must be answered and has none (or,
 * where all those are, the first with no answer) into view at the next
 * draw, whole, the least move that shows it (whole_scroll): an ID card
 * filled the questions above it (姓名 at the top, 联系电话 under the foot
 * bar, where only 下一步 led to it); none, the page opens as it is. */
void form_body_bring_first_open(form_body *b);
/* Brings the foot of question key into view at the next draw, the rest of
 * it above as far as it fits: a household list after a member is added, its
 * new card and 添加家庭成员 under it (the page had stayed at the list's top,
 * the new member under the foot bar). */
void form_body_show_foot(form_body *b, const char *key);
/* Answers changed under the page, on a screen over it (a member's): the
 * words it points at go once their error has (a household's words once she
 * is listed). Cheap: called for each of the member screen's changes. */
void form_body_changed_under(form_body *b);
/* 1 if the last change was a keystroke that changed the focused field's text
 * and nothing else the page shows (its box kept its height); *box is then
 * that field's box on screen, the one area to draw again (the keyboard marks
 * its own). 2 for a date wheel's step that changed its picker alone, or a
 * list's row whose choice changed the list alone (*box empty: the step or
 * the tap marked what it changed, ui_datepick_activate,
 * ui_list_activate_own; not a keystroke: saved at once). 0 otherwise.
 * Forgets it. */
int form_body_take_typed(form_body *b, ui_app *a, SDL_Rect *box);
/* 1 if a tap on id is a date wheel's step or a list's row: it marks what
 * it changes itself (the wheels that turned and the date above them; the
 * list; the page when more changed, form_body_take_typed). */
int form_body_tap_marks(const form_body *b, const char *id);
/* Closes the keyboard (its text is already in the instance). Pinyin letters
 * or handwriting not chosen yet stay with the question while the body
 * lives, said under its box (“zhang”还没选成字…), and come back with their
 * candidates when it gets the keyboard again; a page turned (the body
 * freed) drops them: they are no answer. */
void form_body_unfocus(form_body *b);
/* The words under question key's box while pinyin letters or handwriting
 * she closed its keyboard on wait with it (“zhang”还没选成字，点上面的框
 * 接着选), into out; "" if none. For 读给我听, which reads them with the
 * question. */
void form_body_held_note(const form_body *b, const char *key, char *out, size_t n);
/* A message shown in red (a refusal, a failed save); NULL clears. With no
 * keyboard open it is at the top of the body and the body scrolls to its
 * top. While a field is typed in it shows under that field's box (the field
 * it follows while the keyboard stays open), the box and the message kept in
 * view above the keyboard; it goes to the top when the keyboard closes. */
void form_body_set_message(form_body *b, const char *msg);
const char *form_body_message(const form_body *b);
/* After a refused 下一步: shows the error of the first wrong field of the
 * page, beside that field (the message set before is drawn there instead of
 * at the top), and scrolls to it; 1 if there was one. Errors of the other
 * fields stay hidden until she reaches them (one at a time), but for wrong
 * answers she typed herself, shown once she leaves the field. */
int form_body_show_errors(form_body *b);
/* A rule refused the page (form_inst_rule_field): its message is drawn
 * under the question key names instead of at the top, and the page scrolls
 * there (the options to change were out of sight under the words); it goes
 * with the next change on the page. 1 if key is shown on the page. */
int form_body_show_rule(form_body *b, const char *key);
/* 完成 on the open keyboard: the text is kept, the next question of the
 * page (past those worked out, which ask nothing) gets the keyboard when it
 * is typed, otherwise the keyboard closes and that question is scrolled
 * into view under the one just typed, which stays whole in view (the top of
 * the page, when a message under the box goes back there). A wrong answer keeps the keyboard on its question, the error
 * said over it, where the button said 填下一项; 收起键盘 closes it, the
 * question kept in view with its error. */
void form_body_done(form_body *b);
/* Whether 完成 would hand the keyboard to a next typed question (the
 * button then says 填下一项; else 收起键盘). The answer's own error is not
 * looked at: the label does not change under her fingers as she types. */
int form_body_done_moves(const form_body *b);
/* Wipes what the person entered that the body holds (keyboard, strokes,
 * letters kept with a question). */
void form_body_wipe(form_body *b);
/* For tests: the keyboard of the focused field (NULL if none) and the
 * body's visible rectangle from the last draw. */
kb *form_body_kb(form_body *b);
SDL_Rect form_body_view(const form_body *b);

/* The column a page's content takes in the room x, w wide: all of it in
 * portrait; on a screen wider than tall at most FORM_BODY_MEASURE characters
 * of body text, centred (a text box or a list row across a 1920-pixel screen
 * is hard to read along and to aim at). The review list and the steps above
 * a page keep to it too. */
#define FORM_BODY_MEASURE 30
void form_body_column(ui_app *a, int x, int w, int *cx, int *cw);
/* The on-screen rectangle of field key's list, date wheels, pledge box or
 * signature pad at the last draw; -1 if it has none or is hidden. */
int form_body_rect(const form_body *b, const char *key, SDL_Rect *out);
/* The on-screen rectangle of field key's question at the last draw, from
 * its label's top to the foot of what is answered in it (its box, list,
 * wheels, buttons, a signature's pad and its 重写 once signed; not the help
 * under them), where it lay whether the view showed it or not; -1 if it is
 * hidden. */
int form_body_question(const form_body *b, const char *key, SDL_Rect *out);
/* The title of the body's own dialog while it is open (删除李建国吗？), else "". */
const char *form_body_dialog_title(const form_body *b);

#endif
