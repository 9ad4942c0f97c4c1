/* form_text.c — the keys of the form engine's words (form_text.h) and
 * formatting them with the text loaded from assets. */
#include "form/form_text.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/strings.h"

const form_text_spec form_texts[FORM_TEXT_COUNT] = {
    /* an answer that is not right (form_check.c) */
    [FORM_TEXT_DIGITS_ONLY] = {"form.msg.digits_only", "%s"},
    [FORM_TEXT_ALNUM_ONLY] = {"form.msg.alnum_only", "%s"},
    [FORM_TEXT_TOO_SHORT] = {"form.msg.too_short", "%s%d"},
    [FORM_TEXT_TOO_LONG] = {"form.msg.too_long", "%s%d"},
    [FORM_TEXT_TOO_SHORT_PLACES] = {"form.msg.too_short_places", "%s%d"},
    [FORM_TEXT_TOO_LONG_PLACES] = {"form.msg.too_long_places", "%s%d"},
    [FORM_TEXT_DATE_EARLY] = {"form.msg.date_early", "%s%d%d%d"},
    [FORM_TEXT_DATE_LATE] = {"form.msg.date_late", "%s%d%d%d"},
    [FORM_TEXT_NOT_AN_OPTION] = {"form.msg.not_an_option", "%s"},
    [FORM_TEXT_TOO_FEW_CHOSEN] = {"form.msg.too_few_chosen", "%s%lld"},
    [FORM_TEXT_TOO_MANY_CHOSEN] = {"form.msg.too_many_chosen", "%s%lld"},
    [FORM_TEXT_INT_LOW] = {"form.msg.int_low", "%s%lld%s"},
    [FORM_TEXT_INT_HIGH] = {"form.msg.int_high", "%s%lld%s"},
    [FORM_TEXT_MONEY_LOW] = {"form.msg.money_low", "%s%s"},
    [FORM_TEXT_MONEY_HIGH] = {"form.msg.money_high", "%s%s"},
    [FORM_TEXT_PLEDGE_ANSWER] = {"form.msg.pledge_answer", ""},
    [FORM_TEXT_PLEDGE_REFUSED] = {"form.msg.pledge_refused", ""},
    [FORM_TEXT_SIGNATURE_BAD] = {"form.msg.signature_bad", ""},
    [FORM_TEXT_PHOTO_BAD] = {"form.msg.photo_bad", ""},
    [FORM_TEXT_TOO_FEW_PHOTOS] = {"form.msg.too_few_photos", "%s%d"},
    [FORM_TEXT_TOO_MANY_PHOTOS] = {"form.msg.too_many_photos", "%s%d"},
    /* an answer that is missing, a group with too few or too many members (form_check.c) */
    [FORM_TEXT_MISSING] = {"form.msg.missing", "%s"},
    [FORM_TEXT_MISSING_CHOICE] = {"form.msg.missing_choice", "%s"},
    [FORM_TEXT_MISSING_DATE] = {"form.msg.missing_date", "%s"},
    [FORM_TEXT_MISSING_PLEDGE] = {"form.msg.missing_pledge", "%s"},
    [FORM_TEXT_MISSING_SIGNATURE] = {"form.msg.missing_signature", ""},
    [FORM_TEXT_MISSING_PHOTO] = {"form.msg.missing_photo", "%s"},
    [FORM_TEXT_GROUP_TOO_FEW] = {"form.msg.group_too_few", "%d%s"},
    [FORM_TEXT_GROUP_TOO_MANY] = {"form.msg.group_too_many", "%s%d"},
    [FORM_TEXT_MEMBER] = {"form.msg.member", "%s%d%s"},
    [FORM_TEXT_GROUP_FULL] = {"form.msg.group_full", "%s%d"},
    [FORM_TEXT_SAME_MEMBER] = {"form.msg.same_member", "%s%d"},
    [FORM_TEXT_SAME_AS] = {"form.msg.same_as", "%s"},
    [FORM_TEXT_GROUP_SELF] = {"form.msg.group_self", "%s%s"},
    [FORM_TEXT_GROUP_SELF_ANON] = {"form.msg.group_self_anon", "%s"},
    [FORM_TEXT_NOT_SELF] = {"form.msg.not_self", "%s%s"},
    [FORM_TEXT_NOT_SELF_ANON] = {"form.msg.not_self_anon", "%s"},
    [FORM_TEXT_IS_SELF] = {"form.msg.is_self", "%s%s"},
    [FORM_TEXT_IS_SELF_ANON] = {"form.msg.is_self_anon", "%s"},
    /* filing (form_save.c) */
    [FORM_TEXT_NOT_CONFIRMED] = {"form.msg.not_confirmed", ""},
    [FORM_TEXT_NOMEM] = {"form.msg.nomem", ""},
    /* answers as review shows them (form_review.c) */
    [FORM_TEXT_DATE] = {"form.value.date", "%d%d%d"},
    [FORM_TEXT_LIST_SEP] = {"form.value.list_sep", ""},
    [FORM_TEXT_YUAN] = {"form.value.yuan", ""},
    [FORM_TEXT_AGREED] = {"form.value.agreed", ""},
    [FORM_TEXT_DISAGREED] = {"form.value.disagreed", ""},
    [FORM_TEXT_SIGNED] = {"form.value.signed", ""},
    [FORM_TEXT_PHOTOS] = {"form.value.photos", "%d"},
    [FORM_TEXT_MEMBER_FIELD] = {"form.value.member_field", "%s%zu%s"},
    /* a household's contribution (form_fee.c) */
    [FORM_TEXT_FEE_PAID] = {"form.fee.paid", "%d%s%s"},
    [FORM_TEXT_FEE_MIXED] = {"form.fee.mixed", "%d%d%s%s%d%s"},
    [FORM_TEXT_FEE_HELPED] = {"form.fee.helped", "%d%s"},
    [FORM_TEXT_FEE_LABEL] = {"form.fee.label", ""},
    [FORM_TEXT_CARD_ETHNICITY] = {"form.card_ethnicity", "%s"},
    /* options of computed choices (form_compute.c) */
    [FORM_TEXT_SEX_1] = {"form.option.sex.1", ""},
    [FORM_TEXT_SEX_2] = {"form.option.sex.2", ""},
    [FORM_TEXT_DISAB_CATEGORY_1] = {"form.option.disability_category.1", ""},
    [FORM_TEXT_DISAB_CATEGORY_2] = {"form.option.disability_category.2", ""},
    [FORM_TEXT_DISAB_CATEGORY_3] = {"form.option.disability_category.3", ""},
    [FORM_TEXT_DISAB_CATEGORY_4] = {"form.option.disability_category.4", ""},
    [FORM_TEXT_DISAB_CATEGORY_5] = {"form.option.disability_category.5", ""},
    [FORM_TEXT_DISAB_CATEGORY_6] = {"form.option.disability_category.6", ""},
    [FORM_TEXT_DISAB_CATEGORY_7] = {"form.option.disability_category.7", ""},
    [FORM_TEXT_DISAB_GRADE_1] = {"form.option.disability_grade.1", ""},
    [FORM_TEXT_DISAB_GRADE_2] = {"form.option.disability_grade.2", ""},
    [FORM_TEXT_DISAB_GRADE_3] = {"form.option.disability_grade.3", ""},
    [FORM_TEXT_DISAB_GRADE_4] = {"form.option.disability_grade.4", ""},
    /* a correction's materials step (form_catalog.c) */
    [FORM_TEXT_MATERIALS_PAGE] = {"form.materials.page", ""},
    [FORM_TEXT_MATERIALS_LABEL] = {"form.materials.label", ""},
    [FORM_TEXT_MATERIALS_HINT] = {"form.materials.hint", ""},
    [FORM_TEXT_MATERIALS_HELP] = {"form.materials.help", ""},
};

const char *form_text(form_text_id id)
{
    return core_str(form_texts[id].key);
}

void form_text_put(char *out, size_t n, form_text_id id, ...)
{
    if (!out || n == 0)
        return;
    va_list ap;
    va_start(ap, id);
    vsnprintf(out, n, form_text(id), ap);
    va_end(ap);
}
