/* form_screen.h — the guided form: one screen per running form instance.
 *
 * A page at a time: the item's title, a stepper ("第 3 步 / 共 7 步",
 * visible pages only), the page's fields (form_body.h), 上一步 / 下一步; then a
 * review page listing every answer (tap a row to edit that page, then come
 * back to review), a confirm dialog, and the receipt screen with the local
 * number and status 待上传. The progress-query item ends in a look-up instead
 * (form_query.c): the store's receipts at once, then the county platform's
 * current status when online (query_online.h). Its way 刷身份证查询 opens the
 * ID-card page on 下一步 and looks up by the card's ID number at once (the
 * form keeps nothing of the card); 没带身份证 goes on to typing the number.
 *
 * Autosave: after every answer the instance is saved as a draft
 * (store_draft_save, uuid made at start). A kept draft belongs to its
 * villager: it is offered — 继续上次填写 (same page, same answers) or 重新开始
 * — only once the person at the kiosk has identified as that villager (an ID
 * card read, or the ID number typed matches the draft's), and nobody else
 * sees its answers or the question. When the session ends for inactivity the
 * draft is kept or discarded by ui.keep_draft_on_timeout, and the keyboard,
 * strokes and the instance are wiped with the screen.
 *
 * Only she gives up her draft. After her card, either answer is taken at
 * once (the card is the proof). After a typed number, either answer asks the
 * last four digits of the phone number the draft holds first (form_owner.h):
 * 继续上次填写 then brings it back, 重新开始 deletes it (answers and photos)
 * and the form goes on anew; 返回 asks again, and the draft stays as it was.
 * Three wrong answers (counted with the draft, for either answer, across
 * sessions and restarts) lock it rather than delete it: it stays kept, is
 * offered to no typed number again, and comes back only to her card (which
 * ends the lock) unless it ages out (ui.draft_keep_days). The person then
 * goes on with this form as a new one, under its own uuid: nothing is saved
 * over the locked draft, and nothing of it is in the new one. Two drafts of
 * hers may then be kept, but one is offered at a time: to her card the
 * locked one first (the one only the card brings back), the other once that
 * is settled; to a typed number only the one not locked.
 *
 * A store failure on confirm pushes an error screen; the answers stay (in
 * the screen and in the draft) so confirming again works once fixed.
 *
 * A form that asks who the person is (form_def_has_card) opens on the ID-card
 * page (form_card.h): a read fills the answers the form's "idcard" map names
 * and shows page 1 with them marked; 没带身份证，手动填写 shows page 1 empty.
 *
 * Voice guidance: beside the stepper a 读给我听 button ("form.voice", also
 * while the keyboard is open) reads the refusal on screen, the page's title
 * and each visible question with its help, or at review its title and hint;
 * in large-text mode a page is read out when it opens. Without an engine or
 * speaker nothing is shown to the villager (voicebtn logs it once).
 *
 * Targets: "form.quit", "form.prev", "form.next" (下一步 / 确认提交 / 开始查询),
 * "form.review.<i>" (review rows), "form.dlg.ok" / "form.dlg.cancel"
 * (resume, quit and submit dialogs), the body's targets (form_body.h); the
 * member screen: "member.back", "member.done"; the error screen and the
 * query result: "ferr.back", "ferr.voice" (读给我听), the result "ferr.home".
 *
 * Ownership: the screens returned belong to the app once pushed.
 */
#ifndef CZ_UI_FORM_SCREEN_H
#define CZ_UI_FORM_SCREEN_H

#include "ui/core/app.h"
#include "form/form_inst.h"
#include "ui/kb/kb.h"

/* A form screen for the catalogue's form_id (NULL if no such form or no memory). */
ui_screen *ui_form_new(ui_app *a, const char *form_id);
/* Opens the form screen on a stored draft (same page, same answers), for the
 * agents' list of filings: the signature of app.h's resume hook (ud unused).
 * Given the uuid of a filing the county returned (the agent's list of
 * returned filings), it opens that filing's correction (补正) instead: a new
 * draft prefilled with the answers the store kept (signatures cleared: the
 * villager signs again), marked as superseding the old filing; the county's
 * note stands over every page and the review marks each answer that differs
 * from the returned filing's. A draft that is a correction reopens the same
 * way. Nothing happens if the form or the draft cannot be loaded. */
void ui_form_open_draft(void *ud, ui_app *a, const char *draft_uuid, const char *form_id);
/* A screen with a title, a message and one button back (to the screen under it). */
ui_screen *ui_form_error_new(const char *title, const char *body);
/* How the person asking a progress query identified, which decides whether
 * a filing the county returned may be reopened (去补正) from the result. */
typedef enum {
    UI_QUERY_BY_NUMBER = 0, /* a typed ID number alone, or a receipt/registration number:
                             * statuses only, nothing can be reopened */
    UI_QUERY_BY_CARD = 1,   /* her ID card was read: any of her returned filings */
    UI_QUERY_BY_ID_REG = 2, /* her ID number typed with the registration number on her
                             * receipt: that one filing, if it is hers */
} ui_query_who;
/* The result of a progress query: the store's receipts and pending filings
 * for an ID number or a receipt number (one of them NULL; with
 * UI_QUERY_BY_ID_REG both: the villager's filings, and receipt_no the
 * registration number of the one she may reopen). A returned filing the
 * person may reopen shows the county's note and 去补正, which opens its
 * correction (ui_form_open_draft through the app's resume hook; a kept
 * correction draft of hers resumes instead). */
ui_screen *ui_query_result_new(ui_app *a, const char *idno, const char *receipt_no,
                               ui_query_who who);

/* Emulator: plays sample ID card n (1-based; 0 = the next) on the form's card
 * page (form_card.h), or a member editor's, as its 模拟刷证 button does; the
 * script command `idcard [N]`. -1 when s is neither on its card page, or on
 * the kiosk. */
int ui_form_card_swipe(ui_screen *s, ui_app *a, int n);

/* 1 if s is the form screen (scripts; the test hooks below). */
int ui_form_is(const ui_screen *s);

/* The member editor (pushed by the form screen), and what it asks of the
 * screen under it, which keeps the draft. */
typedef struct {
    void *ud;
    /* After each change of the answers; typed = 1 when it was a keystroke
     * in the focused field that the editor marked alone (nothing else to
     * draw): its save may wait, anything else is saved at once. */
    void (*changed)(void *ud, ui_app *a, int typed);
    /* From the editor's tick (the one under it waits while it is on top)
     * with the time, and from its ways out (any tap but a key: 完成, 填好了,
     * 返回; the screen's end, with a NULL) with UINT64_MAX: saves the
     * typing that waits if it is due by then; returns the monotonic ms at
     * which what still waits is due (0: nothing waits). */
    uint64_t (*save)(void *ud, ui_app *a, uint64_t by_ms);
    /* After each of the above: the words of the last save's failure
     * (form.save_failed), which the editor shows on its own page while it
     * is on top; NULL once a save succeeded (the editor takes them away). */
    const char *(*said)(void *ud);
} ui_form_member_hooks;
/* hooks is copied. */
/* A member 添加 just made (added = FORM_MEMBER_ADDED, form_body.h) of a
 * group that maps its members' cards (form_field_card_field) opens on the
 * ID-card page (form_card.h, the reader of a's services): a read fills the
 * member, 没带身份证 goes to typing. 修改 (FORM_MEMBER_EDIT) opens on the
 * member's questions; the form's own person 添加本人 just made
 * (FORM_MEMBER_SELF), on her first question without an answer (her name
 * and number came from the first page). */
ui_screen *ui_form_member_new(ui_app *a, form_inst *inst, const char *group, int idx, int added,
                              const char *sig_dir, const ui_form_member_hooks *hooks);

/* ---- Test hooks (no product caller, on purpose) ---- */
/* The form journeys (tests/formui): what the screen holds, NULL/0 when s is
 * not the form (or, for ui_form_kb and ui_form_message, its member screen).
 * A journey taps and types through the real screen, then compares what it
 * holds with the store's rows; no other screen may reach into a villager's
 * answers, so none of these is for product code. */
form_inst *ui_form_inst(ui_screen *s);       /* the answers, to compare with the store's rows */
const char *ui_form_uuid(const ui_screen *s); /* the filing's uuid, to find it in the store */
kb *ui_form_kb(ui_screen *s);                /* the focused field's keyboard */
/* The red message at the top of the page (a refusal), or NULL: the refusal
 * a journey expects, in words (the form's page or its member screen's). */
const char *ui_form_message(ui_screen *s);
/* The body's visible rectangle and a field's widget rectangle (list, date,
 * pledge box, signature pad): where a journey drags to scroll and taps. */
int ui_form_view(ui_screen *s, SDL_Rect *out);
int ui_form_rect(ui_screen *s, const char *key, SDL_Rect *out);
/* A field's question, label to widget's foot (form_body_question): whether
 * a journey sees it whole in the view. */
int ui_form_question(ui_screen *s, const char *key, SDL_Rect *out);
/* The title of the dialog open over the page (the form's or its body's), or "". */
const char *ui_form_dialog_title(ui_screen *s);
/* Row i of the review list as it reads ("缴费年度：2027年度"), or NULL: not at
 * review, or no such row. */
const char *ui_form_review_row(ui_screen *s, int i);

#endif
