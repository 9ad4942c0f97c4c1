/* widget.h — the touch widgets screens are made of: buttons and tiles with a
 * pressed state, wrapped labels, a progress stepper, modal dialogs and toasts.
 * Scrolling lists are in widget_list.h, the date picker in widget_date.h, the
 * on-screen keyboards in kb.h.
 *
 * How a screen embeds a widget: it calls the widget's draw function from its
 * own draw (the widget registers its touch targets, ids starting with the id
 * the widget was given), passes taps to the widget's activate function (1 =
 * the id was the widget's), raw events to its event function and, when the
 * widget animates, uses its tick result as (part of) the screen's tick. Every
 * size comes from the app's theme, so widgets follow elderly mode (larger
 * text and targets, high-contrast palette) without the screen doing anything.
 *
 * Ownership: stateless widgets are plain functions; stateful ones are made by
 * *_new() and freed by *_free(), which also wipes what the person entered.
 * Strings passed in are copied.
 */
#ifndef CZ_UI_WIDGET_H
#define CZ_UI_WIDGET_H

#include <stdint.h>

#include "ui/core/app.h"

typedef enum {
    UI_BTN_PRIMARY,   /* filled with the primary colour: the main action */
    UI_BTN_SECONDARY, /* outlined: other actions */
    UI_BTN_DANGER,    /* filled red: destructive (clear, end) */
    UI_BTN_KEY,       /* keyboard key: surface with a line border */
    UI_BTN_OK,        /* filled green: confirm */
} ui_btn_kind;

/* Height of a standard button: the touch-target size of the theme (>= 15 mm). */
int ui_button_height(ui_app *a);
/* A button with a label fitted to one line (shrinks down to the small text
 * size rather than cutting); drawn pressed while the finger is on it;
 * disabled buttons are greyed and register no target. */
void ui_button(ui_app *a, const SDL_Rect *r, const char *id, const char *label, ui_btn_kind kind);
void ui_button_disabled(ui_app *a, const SDL_Rect *r, const char *label);
/* Marks the button drawn at r, its shadow included, for the next frame (its
 * look changed: it turned on or off, its label changed). */
void ui_button_mark(ui_app *a, const SDL_Rect *r);
/* The band at the top of a sub-screen (a menu, a group member's page): the
 * primary colour across the width, a back button (target back_id) at its
 * left and the title beside it on one line. Returns the band's height. */
int ui_title_band(ui_app *a, const char *back_id, const char *back_label, const char *title);
/* The width ui_title_band gives its title beside a back button labelled
 * back_label (what a button at the band's right end must leave it). */
int ui_title_band_room(ui_app *a, const char *back_label);
/* Where a card that can be pressed is drawn: pressed, it sinks a quarter unit
 * towards the lower right; otherwise its shadow is drawn under r. Returns the
 * card's rectangle (the caller draws the card in it). */
SDL_Rect ui_card_place(ui_app *a, const SDL_Rect *r, int pressed);
/* A large card: a coloured disc with one character, a title and a wrapped
 * description; pressed state like a button. */
void ui_tile(ui_app *a, const SDL_Rect *r, const char *id, const char *glyph, const char *title,
             const char *sub, SDL_Color accent);
/* Text wrapped into box (Chinese line breaking); returns the height used. */
int ui_label(ui_app *a, const SDL_Rect *box, const char *text, int px, text_weight w,
             SDL_Color color, text_align align);
/* "第 3 步 / 共 7 步" with a bar of steps and the step's title; a step past
 * the last (a form's review) reads "共 7 步都填好了", every step filled.
 * Returns the height. */
int ui_stepper(ui_app *a, int x, int y, int w, int step, int total, const char *title);
/* A speaker icon drawn in r's middle (used by the voice button). */
void ui_icon_speaker(ui_app *a, const SDL_Rect *r, SDL_Color c);
/* A tick box of size px centred at (cx, cy): an outline in c, or (on) filled
 * with c and a drawn tick in bg — a real mark, not a √ character. */
void ui_icon_check(ui_app *a, int cx, int cy, int size, SDL_Color c, SDL_Color bg, int on);

/* An entry field: its label above, the value in a large box (with pinyin
 * letters being composed after it, underlined, and a caret when focused),
 * and a red hint below when error is set, on up to three lines where one is
 * not enough. The box is target id (tap to focus; id may be NULL). Returns
 * the height used; ui_field_height says beforehand (with or without an
 * error line; a hint of more lines adds them). */
int ui_field(ui_app *a, int x, int y, int w, const char *id, const char *label, const char *value,
             const char *composing, int focused, const char *error);
int ui_field_height(ui_app *a, int with_error);
/* What typing changes in a focused field drawn at x, y, w: the inside of
 * its box (the value, the letters being composed, the caret), for marking
 * that alone after a keystroke. */
SDL_Rect ui_field_typing_rect(ui_app *a, int x, int y, int w);

/* Modal dialog: a dimmed screen, a card with a title, a wrapped message and up
 * to two large buttons stacked full width. While open, a target covering the
 * whole screen keeps taps from reaching what lies under it.
 *
 * The shade and the card are a layer over the whole screen (ui_app_layer):
 * the frame that opens the dialog draws again only what changed under it
 * (the canvas still holds the screen) and the shade and card over it all.
 * Nothing of the screen is kept apart while the dialog is open. The card
 * inside its rounded corners is the layer's cover: later frames leave the
 * screen under it undrawn (ui_app_layer). */
typedef struct ui_dialog ui_dialog;
enum { UI_DIALOG_NONE = 0, UI_DIALOG_OK = 1, UI_DIALOG_CANCEL = 2 };

/* id prefixes the targets: "<id>.ok", "<id>.cancel", "<id>.scrim". */
ui_dialog *ui_dialog_new(const char *id);
void ui_dialog_free(ui_dialog *d);
/* cancel may be NULL for a single button. */
void ui_dialog_open(ui_dialog *d, const char *title, const char *body, const char *ok,
                    const char *cancel);
/* After ui_dialog_open, for a question whose ok leaves or deletes (不填了吗？,
 * 删除这一位吗？): the cancel, which keeps things as they are, is the
 * suggested answer, drawn first and filled; the ok comes under it (beside
 * it: after it), outlined. A mistaken tap on the big button then does no
 * harm. Reset by the next ui_dialog_open. */
void ui_dialog_suggest_cancel(ui_dialog *d);
void ui_dialog_close(ui_dialog *d);
/* Changes the open dialog's body (a countdown's number): marks the box the
 * body was drawn in when its height stays, else the whole screen. */
void ui_dialog_set_body(ui_dialog *d, ui_app *a, const char *body);
int ui_dialog_is_open(const ui_dialog *d);
/* The open dialog's title ("" when closed). */
const char *ui_dialog_title(const ui_dialog *d);
/* Draw last, on top of the screen. */
void ui_dialog_draw(ui_dialog *d, ui_app *a);
/* For a dialog over a blank page (the theme's background and nothing on it):
 * fills the screen as the shade over that background makes it, one opaque
 * fill with the same pixels instead of a blend over every pixel. Call it
 * instead of drawing the page, then ui_dialog_draw. */
void ui_dialog_over_blank(ui_dialog *d, ui_app *a);
/* 1 if id was the dialog's; *result gets UI_DIALOG_OK/CANCEL (the dialog then
 * closes) or UI_DIALOG_NONE (a tap beside the card). */
int ui_dialog_activate(ui_dialog *d, ui_app *a, const char *id, int *result);

/* Toast: a short message at the bottom for a few seconds; no target.
 * Showing and going, it marks its own box (and its shadow) alone. */
typedef struct ui_toast ui_toast;
ui_toast *ui_toast_new(void);
void ui_toast_free(ui_toast *t);
void ui_toast_show(ui_toast *t, ui_app *a, const char *text, uint64_t duration_ms);
void ui_toast_draw(ui_toast *t, ui_app *a);
/* Hides it when due; returns when to be called again (0 = nothing showing). */
uint64_t ui_toast_tick(ui_toast *t, ui_app *a, uint64_t now_ms);

/* The earlier of two tick times where 0 means never. */
uint64_t ui_tick_min(uint64_t a, uint64_t b);

#endif
