/* form_inst.h — one form being filled: the answers, which fields show, what
 * is derived, which page the villager is on, the review and confirm steps,
 * the autosave blob and the payload uploaded to the county platform.
 *
 * Answers are UTF-8 strings. Setting an answer normalises it (trims spaces,
 * though a multiline field keeps its line breaks after the first character,
 * a final one too; upper-cases x in ID numbers, drops spaces typed inside
 * numbers, turns look-alike dots in names into ·), validates it and keeps it
 * even when it is wrong, so the screen can show what was typed next to the
 * Chinese error for that field (form_inst_error()). An empty string clears
 * an answer.
 *
 * Hidden fields keep their answers but are not checked, reviewed or exported.
 * Computed fields (birth date, age, sex from an ID number; disability category
 * and grade from a certificate number) follow their source and cannot be set.
 * Age is counted at the instance's "today", which the caller passes in (the
 * platform clock in the app, a fixed day in tests).
 *
 * Navigation: pages 0..n-1, then the review step (form_inst_at_review()), then
 * confirm. form_inst_next() refuses while the current page has errors or an
 * eligibility rule whose fields are all answered by now fails (the villager
 * learns early that an item is not for them). Pages whose fields are all
 * hidden are skipped.
 *
 * Messages written to err are short Chinese for the villager, made from the
 * texts of assets/text/zh-CN.txt (form.msg.*, err.valid.*; core/strings.h):
 * load them before the catalogue and the instances. The one exception is
 * form_inst_restore(), whose err is English for logs. Return codes are
 * FORM_OK (0) or a negative form_err (FORM_ERR_*); form_strerror() describes
 * a code for logs (English, no personal data).
 *
 * Ownership: form_inst_new()/form_inst_restore() return an instance freed with
 * form_inst_free(); it points at its definition, which must outlive it.
 * Strings returned by getters belong to the instance and stay valid until
 * that answer changes or the instance is freed. form_inst_save() and
 * form_inst_payload() return malloc'd strings the caller frees;
 * form_inst_review() returns an array freed with form_review_free().
 */
#ifndef CZ_FORM_INST_H
#define CZ_FORM_INST_H

#include <stddef.h>

#include "form/form.h"
#include "form/validate.h"

typedef struct form_inst form_inst;

typedef enum {
    FORM_OK = 0,
    FORM_ERR_INVALID = -1,    /* the answer was stored but is not valid: see err */
    FORM_ERR_INCOMPLETE = -2, /* the page has missing or wrong answers: err, form_inst_error() */
    FORM_ERR_INELIGIBLE = -3, /* an eligibility rule refuses: err says why */
    FORM_ERR_NOTFOUND = -4,   /* no such field, member or page */
    FORM_ERR_READONLY = -5,   /* computed field, or a group set as if it were a value */
    FORM_ERR_STATE = -6,      /* not allowed now (confirmed, not at review, first page ...) */
    FORM_ERR_FULL = -7,       /* group already has its maximum of members */
    FORM_ERR_MALFORMED = -8,  /* a saved blob that is not a valid saved instance */
    FORM_ERR_MISMATCH = -9,   /* a saved blob of another form or version */
    FORM_ERR_NOMEM = -10,
    FORM_ERR_SAME = -11,      /* an ID card of a person already in the form (no answer changes) */
} form_err;

const char *form_strerror(int code);

/* A new instance with default answers filled in. NULL if out of memory. */
form_inst *form_inst_new(const form_def *def, valid_date today);
void form_inst_free(form_inst *inst);
const form_def *form_inst_def(const form_inst *inst);

/* ---- answers of top-level fields ---- */

/* Sets (value "" or NULL clears). FORM_OK, FORM_ERR_INVALID with err (the answer
 * is kept), FORM_ERR_NOTFOUND, FORM_ERR_READONLY, FORM_ERR_STATE after confirm. */
int form_inst_set(form_inst *inst, const char *key, const char *value, char *err, size_t errlen);
/* The answer (computed values included), or NULL if none. */
const char *form_inst_get(const form_inst *inst, const char *key);
/* The current Chinese error of a field, or NULL. */
const char *form_inst_error(const form_inst *inst, const char *key);
/* 1 if the field shows now (its condition holds and, for a sub-field, its group shows). */
int form_inst_visible(const form_inst *inst, const char *key);
/* Display text of an answer as review shows it ("1990年1月2日", option labels,
 * "12.50 元", "已同意"); "" if unanswered. Returns the length written. */
size_t form_inst_display(const form_inst *inst, const char *key, char *out, size_t n);
/* After a page refused by a rule (FORM_ERR_INELIGIBLE): the key of the
 * question on that page it is about (what it requires, else when it
 * applies), for the page to show its words there; NULL if none is on the
 * page. Valid until the next check. */
const char *form_inst_rule_field(const form_inst *inst);
/* The proxy agent signed in (id NULL or "": none), for the fields computed
 * as "agent" (SCHEMA.md): they follow it. Not saved with the answers: the
 * screen sets it again on a resumed draft. */
void form_inst_set_agent(form_inst *inst, const char *id);
/* The field's limits (form_field_limits) with a bound "this_year" taken as
 * the instance's year. */
void form_inst_limits(const form_inst *inst, const form_field *f, form_limits *out);
/* A date field's bounds against today. has_* say whether a bound applies. */
int form_inst_date_range(const form_inst *inst, const char *key, valid_date *min, int *has_min,
                         valid_date *max, int *has_max);

/* A field's "household_fee" (SCHEMA.md) added up from the answers now: how
 * many persons, how many pay the county's amount each and what that comes
 * to, who has a subsidy instead ("全家共4人参保，其中3人每人每年400元，共1200元；
 * 另外1人是低保对象…"), into out. Returns its length: 0 ("") when the field
 * has none or no person's category is answered yet. The screen shows it
 * under the question and review after the field; it is not filed. */
size_t form_inst_fee(const form_inst *inst, const char *key, char *out, size_t n);

/* ---- the resident ID card (form.h: form_card_field) ---- */
/* What was read from a card, as printed (UTF-8), by form_card_field; NULL or
 * "" for a field the card did not give. Borrowed for the call. */
typedef struct {
    const char *v[FORM_CARD_COUNT];
} form_card;
/* Fills the fields the definition maps from the card: names and addresses as
 * printed, the ID number, a date from YYYYMMDD, a choice by its label ("男",
 * "汉" matches 汉族). A mapped computed field (sex or birth date from the ID
 * number) is not set but must agree with the card. All or nothing: FORM_OK, or
 * FORM_ERR_INVALID when a value does not fit its field or disagrees (no
 * answer changes), FORM_ERR_NOTFOUND when the form maps no card, FORM_ERR_STATE
 * after confirm. Filled fields are marked until their answer changes. */
int form_inst_fill_card(form_inst *inst, const form_card *card);
/* The same for member idx of a group that maps its members' cards
 * (form_field_card_field): its sub-fields, all or nothing, marked as the
 * form's are (form_inst_member_from_card).
 * FORM_ERR_NOTFOUND also for no such group or member; FORM_ERR_SAME when
 * the card's person is in the form already: another member, or the person
 * the member's ID number must not be ("other_than": 医保's head). */
int form_inst_member_fill_card(form_inst *inst, const char *group, int idx,
                               const form_card *card);
/* 1 if the top-level field's answer came from a card and was not changed since. */
int form_inst_from_card(const form_inst *inst, const char *key);
/* The same for a member's sub-field. */
int form_inst_member_from_card(const form_inst *inst, const char *group, int idx,
                               const char *key);

/* ---- repeatable groups ---- */

int form_inst_member_count(const form_inst *inst, const char *group);
/* Appends a member (defaults filled); returns its index, or FORM_ERR_FULL with
 * err, FORM_ERR_NOTFOUND, FORM_ERR_STATE. */
int form_inst_member_add(form_inst *inst, const char *group, char *err, size_t errlen);
/* Removes member idx (later members move up). */
int form_inst_member_remove(form_inst *inst, const char *group, int idx);
/* 1 when the group is the household of the form's own person ("includes")
 * and none of its members has her ID number, once it is valid: her name
 * (the field the form's "idcard" map names, where valid; else "") copied
 * into name (n bytes). 0 otherwise. */
int form_inst_member_self_missing(const form_inst *inst, const char *group, char *name, size_t n);
/* Appends her (form_inst_member_self_missing) as a member: her ID number,
 * and her name where the group's and the form's "idcard" maps both name a
 * name field, copied, each marked as read from a card where hers was; the
 * group's "self_is" answer (与申请人关系: 本人) chosen.
 * Returns the index, or FORM_ERR_STATE when she is no missing member (or
 * after confirm), FORM_ERR_FULL with err, FORM_ERR_NOTFOUND. */
int form_inst_member_add_self(form_inst *inst, const char *group, char *err, size_t errlen);
int form_inst_member_set(form_inst *inst, const char *group, int idx, const char *key,
                         const char *value, char *err, size_t errlen);
const char *form_inst_member_get(const form_inst *inst, const char *group, int idx,
                                 const char *key);
const char *form_inst_member_error(const form_inst *inst, const char *group, int idx,
                                   const char *key);
int form_inst_member_visible(const form_inst *inst, const char *group, int idx, const char *key);
size_t form_inst_member_display(const form_inst *inst, const char *group, int idx,
                                const char *key, char *out, size_t n);

/* ---- navigation ---- */

size_t form_inst_page(const form_inst *inst);
int form_inst_at_review(const form_inst *inst);
int form_inst_confirmed(const form_inst *inst);
/* 1 if any field of the page shows now. */
int form_inst_page_visible(const form_inst *inst, size_t page);
/* Checks one page without moving: FORM_OK or FORM_ERR_INCOMPLETE (errors set on
 * the fields, the first message in err). */
int form_inst_check_page(form_inst *inst, size_t page, char *err, size_t errlen);
/* Moves to the next visible page, or to review after the last one. */
int form_inst_next(form_inst *inst, char *err, size_t errlen);
/* Moves to the previous visible page (from review: the last visible page).
 * FORM_ERR_STATE on the first page. */
int form_inst_back(form_inst *inst);
/* Jumps to a visible page (editing from review). */
int form_inst_goto(form_inst *inst, size_t page);
/* Goes to review if every visible page is complete and no rule refuses;
 * otherwise moves to the first page with errors (FORM_ERR_INCOMPLETE). */
int form_inst_goto_review(form_inst *inst, char *err, size_t errlen);
/* Step (1-based) and total, counting visible pages only; at review both are the total. */
void form_inst_progress(const form_inst *inst, int *step, int *total);

/* ---- review and confirm ---- */

typedef struct {
    const form_field *field;
    char *label;   /* field label; for a group member "家庭成员2 · 姓名" */
    char *display; /* as form_inst_display() */
    size_t page;   /* page to go back to for editing */
    int member;    /* member index in its group, or -1 */
} form_review_item;

/* Every visible question in page order with its answer; an optional one
 * left unanswered has display "" (a computed one with no value yet is
 * left out). FORM_OK or FORM_ERR_NOMEM. */
int form_inst_review(const form_inst *inst, form_review_item **items, size_t *n);
void form_review_free(form_review_item *items, size_t n);
/* At review: checks everything once more and locks the answers. */
int form_inst_confirm(form_inst *inst, char *err, size_t errlen);

/* ---- persistence and upload ---- */

/* The autosave blob: JSON with form id, version, page, review/confirmed state
 * and the answers (not computed values, which are derived again). */
char *form_inst_save(const form_inst *inst);
/* Rebuilds an instance from a blob: same answers, same page. FORM_ERR_MALFORMED
 * or FORM_ERR_MISMATCH with err (English, for logs) otherwise. */
int form_inst_restore(const form_def *def, const char *blob, valid_date today, form_inst **out,
                      char *err, size_t errlen);
/* Whose a blob of def's form is: the answer of the field the ID card's name
 * fills (the applicant's 姓名), copied into out (personal data: the caller
 * wipes it). 0, or -1 with out "" when the blob is not one of def's, is
 * malformed or has no such answer yet. */
int form_saved_name(const form_def *def, const char *blob, char *out, size_t n);
/* The filing payload, once confirmed: {"form", "version", "answers"} with the
 * visible answers typed (integers and fen as numbers, multi as lists, groups as
 * lists of objects) and the computed values. NULL with err if not confirmed. */
char *form_inst_payload(const form_inst *inst, char *err, size_t errlen);

#endif
