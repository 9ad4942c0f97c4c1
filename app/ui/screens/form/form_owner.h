/* form_owner.h — before a half-filled form begun by typing its ID number
 * (not reading it from the card) comes back, or is thrown away for a new
 * start, to someone who typed that number: the last four digits of the
 * mobile number the form holds, asked on the digit pad. Anyone who knows a
 * villager's ID number could type it; only she (or who helped her) knows
 * the number she gave.
 *
 * Two purposes, one check: FORM_OWNER_RESUME (继续上次填写: the right digits
 * bring her answers back) and FORM_OWNER_RESTART (重新开始: the right digits
 * let her answers go, and the form begins anew). The title and the words
 * above the field say which.
 *
 * The screen shows why it asks, one field, the digit pad, 确定 and 读给我听.
 * Right digits: the screen closes and done() is told FORM_OWNER_OK. Wrong:
 * done() is told FORM_OWNER_WRONG (the caller counts it with the draft and
 * returns the count kept, or -1), and the screen says how many tries are
 * left. The count goes on from where the draft's count stood, for either
 * purpose (the screen opened again, a new session or a restart gives no
 * more tries). At the third wrong answer done() is told FORM_OWNER_FAILED:
 * the caller keeps the draft, locked (a number typed never brings it back
 * again; her ID card still does), so that guessing on cannot bring it back
 * and no guess can throw it away. The screen says so — her answers are kept,
 * and her card brings them back — and offers 重新填写, which closes it (the
 * form under it goes on as a new one). 返回 (or Escape) closes it and tells
 * done() FORM_OWNER_BACK: the caller asks again whether to go on with the
 * draft or begin anew (the draft stays as it was).
 *
 * Targets: "owner.back", "owner.f.digits", "owner.go", "owner.voice",
 * the pad's keys "owner.kb.*".
 *
 * Ownership: form_owner_new() returns a screen for ui_app_push; it copies
 * the digits (wiped with the screen) and ud must stay valid while it is
 * open (the form under it).
 */
#ifndef CZ_UI_FORM_OWNER_H
#define CZ_UI_FORM_OWNER_H

#include "ui/core/app.h"

enum { FORM_OWNER_OK = 0, FORM_OWNER_FAILED = 1, FORM_OWNER_BACK = 2, FORM_OWNER_WRONG = 3 };
enum { FORM_OWNER_RESUME = 0, FORM_OWNER_RESTART = 1 }; /* what the right digits are for */
/* Wrong answers after which a draft is locked: kept, but offered to her ID
 * card alone (its count at FORM_OWNER_TRIES is the lock, kept with it). */
#define FORM_OWNER_TRIES 3

/* The return value: for FORM_OWNER_WRONG the wrong answers kept after this
 * one (-1 when not kept); for FORM_OWNER_FAILED 0 when the lock is kept
 * with the draft, -1 when it could not be (a full disk: the caller holds it
 * with form_owner_lock_hold, and the screen then does not say that her
 * number can no longer bring the draft back); 0 otherwise. */
typedef int (*form_owner_fn)(void *ud, ui_app *a, int result);

/* digits: the four the answer must be (the last four of the phone number
 * the draft holds); wrong: the wrong answers the draft has had
 * (0..FORM_OWNER_TRIES - 1); purpose: FORM_OWNER_RESUME or
 * FORM_OWNER_RESTART. NULL if digits is not four digits, wrong or purpose is
 * out of range, or out of memory. */
ui_screen *form_owner_new(const char *digits, int wrong, int purpose, form_owner_fn done,
                          void *ud);

/* Locks the store could not keep (the count of wrong answers not written:
 * a full disk), held in this module's memory until the program ends or her
 * card ends the lock: a draft held so is offered to no number typed, as
 * one whose count is at FORM_OWNER_TRIES. A few are held (the oldest gives
 * way); uuids are copied. form_owner_lock_held: 1 if uuid is held. */
void form_owner_lock_hold(const char *uuid);
int form_owner_lock_held(const char *uuid);
void form_owner_lock_end(const char *uuid);

#endif
