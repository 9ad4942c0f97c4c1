/* form_owner.h — before a half-filled form comes back to someone who typed
 * its ID number (not read it from the card): the last four digits of the
 * mobile number the form holds, asked on the digit pad. Anyone who knows a
 * villager's ID number could type it; only she (or who helped her) knows
 * the number she gave.
 *
 * The screen shows why it asks, one field, the digit pad, 确定 and 读给我听.
 * Right digits: the screen closes and done() is told FORM_OWNER_OK. Wrong:
 * done() is told FORM_OWNER_WRONG (the caller counts it with the draft and
 * returns the count kept, or -1), and the screen says how many tries are
 * left. The count goes on from where the draft's count stood (the screen
 * opened again, a new session or a restart gives no more tries). At the
 * third wrong answer done() is told FORM_OWNER_FAILED (the caller deletes
 * the draft, so that guessing on cannot bring it back), and the screen says
 * that the old answers are gone and offers 重新填写, which closes it. 返回
 * (or Escape) closes it and tells done() FORM_OWNER_BACK: the caller asks
 * again whether to go on with the draft or begin anew (the draft stays as
 * it was).
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
#define FORM_OWNER_TRIES 3 /* wrong answers before the draft is given up */

/* The return value counts for FORM_OWNER_WRONG alone (the wrong answers
 * kept after this one, -1 when not kept); 0 otherwise. */
typedef int (*form_owner_fn)(void *ud, ui_app *a, int result);

/* digits: the four the answer must be (the last four of the phone number
 * the draft holds); wrong: the wrong answers the draft has had
 * (0..FORM_OWNER_TRIES - 1). NULL if digits is not four digits, wrong is
 * out of range or out of memory. */
ui_screen *form_owner_new(const char *digits, int wrong, form_owner_fn done, void *ud);

#endif
