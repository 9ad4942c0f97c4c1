/* form_text.h — the words of the form engine that villagers read. Each is a
 * key of assets/text/zh-CN.txt (core/strings.h) whose text must have exactly
 * the printf conversions given here, in order; the arguments are named next
 * to each. Private to the form engine; its test checks every key against the
 * asset, so a bad edit of the text fails a test instead of a villager's
 * screen. Load the strings (core_strings_load()) before the catalogue: the
 * labels of computed options are copied when a definition loads. */
#ifndef CZ_FORM_TEXT_H
#define CZ_FORM_TEXT_H

#include <stddef.h>

typedef enum {
    /* an answer that is not right (form_check.c) */
    FORM_TEXT_DIGITS_ONLY,     /* label */
    FORM_TEXT_ALNUM_ONLY,      /* label */
    FORM_TEXT_TOO_SHORT,       /* label, characters */
    FORM_TEXT_TOO_LONG,        /* label, characters */
    FORM_TEXT_TOO_SHORT_PLACES, /* label, places: a number or code (charset not "any") */
    FORM_TEXT_TOO_LONG_PLACES,  /* label, places */
    FORM_TEXT_DATE_EARLY,      /* label, year, month, day */
    FORM_TEXT_DATE_LATE,       /* label, year, month, day */
    FORM_TEXT_NOT_AN_OPTION,   /* label */
    FORM_TEXT_TOO_FEW_CHOSEN,  /* label, count */
    FORM_TEXT_TOO_MANY_CHOSEN, /* label, count */
    FORM_TEXT_INT_LOW,         /* label, minimum, unit */
    FORM_TEXT_INT_HIGH,        /* label, maximum, unit */
    FORM_TEXT_MONEY_LOW,       /* label, yuan */
    FORM_TEXT_MONEY_HIGH,      /* label, yuan */
    FORM_TEXT_PLEDGE_ANSWER,
    FORM_TEXT_PLEDGE_REFUSED,
    FORM_TEXT_SIGNATURE_BAD,
    FORM_TEXT_PHOTO_BAD,
    FORM_TEXT_TOO_FEW_PHOTOS,  /* label, count */
    FORM_TEXT_TOO_MANY_PHOTOS, /* label, count */
    /* an answer that is missing, a group with too few or too many members (form_check.c) */
    FORM_TEXT_MISSING,         /* label */
    FORM_TEXT_MISSING_CHOICE,  /* label */
    FORM_TEXT_MISSING_DATE,    /* label */
    FORM_TEXT_MISSING_PLEDGE,  /* label */
    FORM_TEXT_MISSING_SIGNATURE,
    FORM_TEXT_MISSING_PHOTO,   /* label */
    FORM_TEXT_GROUP_TOO_FEW,   /* minimum, member noun */
    FORM_TEXT_GROUP_TOO_MANY,  /* member noun, maximum */
    FORM_TEXT_MEMBER,          /* member noun, number, message */
    FORM_TEXT_GROUP_FULL,      /* member noun, maximum */
    FORM_TEXT_SAME_MEMBER,     /* member noun, number: a member's ID number twice */
    FORM_TEXT_SAME_AS,         /* label: a member's ID number is the form's own person's */
    FORM_TEXT_GROUP_SELF,      /* group label, name: the household lacks its own person */
    FORM_TEXT_GROUP_SELF_ANON, /* group label: the same, her name not known */
    FORM_TEXT_NOT_SELF,        /* name, label: 本人 chosen for a member who is not her */
    FORM_TEXT_NOT_SELF_ANON,   /* label: the same, her name not known */
    FORM_TEXT_IS_SELF,         /* name, option: another answer for the member who is her */
    FORM_TEXT_IS_SELF_ANON,    /* option: the same, her name not known */
    /* filing (form_save.c) */
    FORM_TEXT_NOT_CONFIRMED,
    FORM_TEXT_NOMEM,
    /* answers as review shows them (form_review.c) */
    FORM_TEXT_DATE,            /* year, month, day */
    FORM_TEXT_LIST_SEP,
    FORM_TEXT_YUAN,
    FORM_TEXT_AGREED,
    FORM_TEXT_DISAGREED,
    FORM_TEXT_SIGNED,
    FORM_TEXT_PHOTOS,          /* count */
    FORM_TEXT_MEMBER_FIELD,    /* member noun, number, label */
    /* a household's contribution (form_fee.c) */
    FORM_TEXT_FEE_PAID,        /* persons, yuan each, yuan in all: everyone pays */
    FORM_TEXT_FEE_MIXED,       /* persons, who pay, yuan each, yuan in all, subsidised, their categories */
    FORM_TEXT_FEE_HELPED,      /* persons, their categories: nobody pays the amount */
    FORM_TEXT_FEE_LABEL,       /* the line's name in review */
    /* an ethnicity as the ID card prints it ("汉") named as options do (form_card.c) */
    FORM_TEXT_CARD_ETHNICITY,  /* ethnicity on the card */
    /* options of computed choices, "1".."n" in order (form_compute.c) */
    FORM_TEXT_SEX_1,
    FORM_TEXT_SEX_2,
    FORM_TEXT_DISAB_CATEGORY_1,
    FORM_TEXT_DISAB_CATEGORY_2,
    FORM_TEXT_DISAB_CATEGORY_3,
    FORM_TEXT_DISAB_CATEGORY_4,
    FORM_TEXT_DISAB_CATEGORY_5,
    FORM_TEXT_DISAB_CATEGORY_6,
    FORM_TEXT_DISAB_CATEGORY_7,
    FORM_TEXT_DISAB_GRADE_1,
    FORM_TEXT_DISAB_GRADE_2,
    FORM_TEXT_DISAB_GRADE_3,
    FORM_TEXT_DISAB_GRADE_4,
    /* a correction's materials step (form_catalog.c: form_def_correction) */
    FORM_TEXT_MATERIALS_PAGE,
    FORM_TEXT_MATERIALS_LABEL,
    FORM_TEXT_MATERIALS_HINT,
    FORM_TEXT_MATERIALS_HELP,
    FORM_TEXT_COUNT
} form_text_id;

typedef struct {
    const char *key;  /* in assets/text */
    const char *conv; /* its printf conversions in order, e.g. "%s%d"; "" for none */
} form_text_spec;

extern const form_text_spec form_texts[FORM_TEXT_COUNT];

/* The text of id (the key itself if the strings lack it). */
const char *form_text(form_text_id id);
/* snprintf of id's text with the arguments its conversions name; nothing
 * if out is NULL or n is 0. */
void form_text_put(char *out, size_t n, form_text_id id, ...);

#endif
