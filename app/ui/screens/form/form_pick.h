/* form_pick.h — a long single-choice list (more options than fit on the page
 * without scrolling, e.g. 民族 with 56, 缴费档次, 省份) opened on a screen of
 * its own, so a drag on the page never gets caught in a list inside it.
 *
 * The screen shows the question, the options as large rows (the chosen one
 * marked and scrolled into view) and, when every option has a Hanyu Pinyin
 * initial in assets/text/initials.txt, the options are in the order of their
 * initials with a row of letter keys that jump to the first option of that
 * letter. A tap on an option chooses it and closes the screen; 返回 closes it
 * without a change.
 *
 * Targets: "pick.back", "pick.letter.<A-Z>", "pick.list.<row>".
 *
 * Ownership: form_pick_new() returns a screen for ui_app_push; the field is
 * borrowed (catalogue-owned) and done/ud must stay valid while it is open.
 */
#ifndef CZ_UI_FORM_PICK_H
#define CZ_UI_FORM_PICK_H

#include "form/form.h"
#include "ui/core/app.h"

/* Called with the index of the chosen option (form_field_option_value). */
typedef void (*form_pick_fn)(void *ud, ui_app *a, const form_field *f, size_t option);

/* current: the field's answer (an option value) or NULL. NULL if out of memory. */
ui_screen *form_pick_new(const form_field *f, const char *current, form_pick_fn done, void *ud);

#endif
