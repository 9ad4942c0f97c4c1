/* form_internal.h — the structures behind form.h and form_inst.h and the
 * functions the files of the form engine share. Not for other modules.
 *
 *   form_catalog.c  the catalogue: loading files and folders, county settings;
 *                   freeing definitions
 *   form_parse.c    a definition's JSON: attributes, parameters, fields, pages
 *   form_rules.c    conditions (visible_if) and eligibility rules: read and judged
 *   form_compute.c  computed fields: what they derive and how
 *   form_def.c      read-only accessors of definitions and fields
 *   form_inst.c     an instance: answers, group members, navigation
 *   form_check.c    normalising and checking answers, complete pages
 *   form_review.c   answers as text, the review list
 *   form_save.c     the autosave blob and the filing payload
 *   form_text.c     the villager's words (assets/text keys, form_text.h)
 *   form_card.c     the "idcard" map: read, and filling an instance from a card
 *   form_home.c     the home screen's tiles (catalogue.json)
 *   form_fee.c      a household's contribution ("household_fee"): read, and added up
 */
#ifndef CZ_FORM_INTERNAL_H
#define CZ_FORM_INTERNAL_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "form/form.h"
#include "form/form_inst.h"

#define FORM_MAX_KEY 40 /* characters of a key, parameter or rule id */
#define FORM_MAX_TEXT 2000 /* the longest max_len (the on-screen keyboard's KB_MAX_CHARS) */

typedef struct {
    char *value, *label;
} fopt;

typedef struct {
    fopt *v;
    size_t n;
} fopts;

/* A number written in a definition: a literal, a county parameter, or (an
 * integer field's min/max) the year of the form's day. */
enum { FNUM_NONE = 0, FNUM_LITERAL = 1, FNUM_PARAM = 2, FNUM_THIS_YEAR = 3 };
typedef struct {
    int kind; /* FNUM_*: 0 none, 1 literal, 2 parameter, 3 this year */
    long long v;
    int param;
} fnum;

typedef enum { PARAM_INTEGER, PARAM_MONEY, PARAM_OPTIONS, PARAM_TEXT } fparam_type;

typedef struct {
    char *name, *label;
    fparam_type type;
    long long ival, def_ival; /* integer / money */
    int has_min, has_max;
    long long min, max;
    fopts opts, def_opts;     /* options */
    char *text, *def_text;    /* text */
} fparam;

typedef enum {
    COND_EQ, COND_IN, COND_SET, COND_UNSET, COND_RANGE, COND_ALL, COND_ANY, COND_NOT,
    COND_CMP /* compared with another field's answer (not_before / not_after / same_as) */
} cond_kind;

typedef enum { AGG_NONE, AGG_SUM, AGG_AVG, AGG_COUNT } cond_agg;

typedef struct fcond {
    cond_kind kind;
    int field; /* index into def->fields (flat) */
    cond_agg agg;
    char **vals;
    size_t nvals;
    fnum min, max;
    int other; /* COND_CMP: flat index of the field compared with */
    int cmp;   /* COND_CMP: +1 not_before (>=), -1 not_after (<=), 0 same_as (==) */
    struct fcond **subs;
    size_t nsubs;
    struct fcond *where; /* count: the members counted are those it holds for, NULL all */
} fcond;

typedef struct {
    char *id, *message;
    fcond *when, *require;
    int page; /* last page any referenced field is on */
} frule;

/* "household_fee": who the household's persons are and which of them pay a
 * county amount each (form_fee.c). */
typedef struct {
    int group; /* flat index of the group of members */
    int by;    /* flat index of its choice sub-field: each member's category */
    int head;  /* flat index of a top-level choice: the head's category, -1 none */
    char **pays; /* the categories that pay "each" */
    size_t npays;
    int each; /* index of the money parameter: per person and year */
} ffee;

struct form_field {
    const form_def *def;
    int index;  /* in def->fields */
    int parent; /* flat index of the group, -1 top-level */
    char *key, *label, *help, *unit, *text, *dflt, *format, *match_key, *hint, *other_key;
    char *help_shown; /* help with {param} replaced (rules_fill_texts), NULL: as written */
    form_type type;
    int required, multiline;
    int page;
    fnum min_len, max_len, min, max;
    char *date_min, *date_max;
    char *charset; /* text: "any", "digits", "alnum", "receipt" */
    char *card;    /* card: "bank", "social_security" */
    int match;     /* flat index of the ID field a disability certificate must match, -1 */
    int other;     /* a member's ID number: flat index of the form's ID field whose person
                      the member must not be ("other_than", 医保's head), -1 */
    fopts opts;
    int opts_param; /* -1 or parameter index */
    form_compute compute;
    int compute_src; /* flat index, -1 */
    fcond *visible_if;
    int *subs; /* flat indexes of sub-fields (groups) */
    size_t nsubs;
    int group_min, group_max;
    char *includes_key; /* a group of the form's own household: "includes" */
    int includes, includes_sub; /* flat indexes: the form's ID field whose person the group
                                   must list, the group's ID field; -1 */
    int self_field;   /* "self_is": the sub-field whose answer says a member is her, -1 */
    char *self_value; /* and that answer (与申请人关系: "self", 本人) */
    char *item_label;
    int idcard[FORM_CARD_COUNT]; /* a group's "idcard": flat index + 1 of the sub-field each
                                    card field fills, 0 none */
    ffee *fee; /* "household_fee", NULL none */
};

struct form_def {
    char *id, *title, *description, *icon;
    char *description_shown; /* with {param} replaced (rules_fill_texts), NULL: as written */
    int version;
    int lookup; /* "kind": "lookup" (asks the platform, files nothing) */
    form_field **fields; /* flat: top-level and sub-fields, definition order */
    size_t nfields;
    int *top; /* flat indexes of top-level fields */
    size_t ntop;
    struct fpage {
        char *title;
        int *fields;
        size_t n;
    } *pages;
    size_t npages;
    fparam *params;
    size_t nparams;
    frule *rules;
    size_t nrules;
    int card[FORM_CARD_COUNT]; /* "idcard": flat index + 1 of the field each card field fills, 0 none */
    struct form_def *correction; /* the one with a materials step (owned), NULL: none */
    const struct form_def *plain; /* a correction's: the item's own; NULL for that one */
};

/* ---- shared by the loader and the accessors (form_def.c) ---- */

/* Options of a field with parameters applied. */
const fopts *form_field_opts(const form_field *f);
/* Value of a number (literal or parameter); 0 if none. */
long long form_num_value(const form_def *def, const fnum *n);
/* Flat index of a field by key (top-level or sub-field), or -1. */
int form_field_index(const form_def *def, const char *key);
int form_param_index(const form_def *def, const char *name);
/* A malloc'd copy; NULL stays NULL. */
char *form_strdup(const char *s);
void form_opts_free(fopts *o);

/* ---- loading (form_parse.c, form_rules.c, form_compute.c, form_catalog.c) ---- */

/* What is being loaded, for messages. */
typedef struct {
    const char *name; /* file name */
    char *err;
    size_t errlen;
    form_def *def;
    const char *field; /* field being loaded */
    const char *rule;
} form_ld;

/* Writes "<name>: field '<key>': <what>" (or rule, or only the name) to the
 * loader's err; returns -1. */
int ld_fail(form_ld *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* -1 (with a message) if obj has an attribute not in the NULL-ended list. */
int ld_check_keys(form_ld *l, const cJSON *obj, const char *const *allowed, const char *what);
/* An optional (or required) UTF-8 string attribute, copied into *out. */
int ld_get_str(form_ld *l, const cJSON *obj, const char *name, int required, char **out);
/* A number attribute: a whole number or {"param": "name"}. */
int ld_get_num(form_ld *l, const cJSON *obj, const char *name, fnum *out);
/* A whole number within +-1e15: 0, or -1. */
int ld_json_int(const cJSON *v, long long *out);
/* Reads a parameter's value (its default, or a county setting). */
int ld_param_value(form_ld *l, fparam *p, const cJSON *v, int is_default);
/* The whole definition from JSON text into l->def. */
int ld_parse_def(form_ld *l, const char *json);
/* Visibility conditions of fields (a second pass, every field known). */
int ld_parse_visibility(form_ld *l, const cJSON *fields);
/* The "rules" list. */
int ld_parse_rules(form_ld *l, const cJSON *arr);
/* A field's "compute" attribute. */
int ld_parse_compute(form_ld *l, form_field *f, const cJSON *c);
/* The options of a computed choice (sex, disability category or grade). */
int ld_compute_options(form_ld *l, form_field *f, const cJSON *c);
/* The "idcard" map (every field known); NULL: none. */
int ld_parse_card(form_ld *l, const cJSON *map);
/* Each group's own "idcard" map (its members' cards) among fields. */
int ld_parse_member_cards(form_ld *l, const cJSON *fields);
/* The fields' "household_fee" (every field and page known). */
int ld_parse_fees(form_ld *l, const cJSON *fields);
void form_fee_free(ffee *e);

/* ---- the home screen's tiles (form_home.c) ---- */
typedef struct form_home form_home;
/* Reads catalogue JSON against the forms loaded in cat. Always sets *out
 * (NULL only when out of memory); 0, or -1 with form_home_error() saying
 * what is wrong (then it has no tiles). */
int form_home_parse(form_catalog *cat, const char *json, const char *name, form_home **out);
void form_home_free(form_home *h);
const char *form_home_error(const form_home *h);
void form_home_set_error(form_home *h, const char *err);
size_t form_home_count(const form_home *h);
const form_tile *form_home_at(const form_home *h, size_t i);
/* The tiles' subtitles with their {param}s filled again (after county
 * settings changed the values); -1 when out of memory. */
int form_home_fill(form_home *h);
/* 1 if a tile's subtitle holds a {param} (level 4: an older firmware would
 * show the braces). */
int form_home_has_params(const form_home *h);
/* 1 if c is a theme colour name or #RRGGBB. */
int form_colour_valid(const char *c);

/* ---- the instance ---- */

typedef struct {
    char **ans, **err;   /* indexed by flat field index */
    unsigned char *card; /* filled from the member's ID card (form_card.c), by flat index */
} mstate;

typedef struct {
    mstate *m;
    size_t n;
} gstate;

struct form_inst {
    const form_def *def;
    valid_date today;
    char **ans, **err; /* top-level fields, by flat index */
    gstate *groups;    /* by flat index of the group field */
    size_t page;
    int review, confirmed;
    unsigned char *from_card; /* top-level fields filled from an ID card (form_card.c) */
    char agent[40]; /* the proxy agent signed in ("" none): FORM_COMPUTE_AGENT */
    int rule_field; /* the last refusal by a rule: the top-level field on the page it is
                     * about (flat index), or -1 */
};

#define FORM_MSG_MAX 256 /* bytes of a message to the villager */

/* The field with flat index fi. */
static inline const form_field *F(const form_inst *in, int fi)
{
    return in->def->fields[fi];
}

/* Slot of a field's answer (or error) in the context of member mi; NULL if
 * the field is in a group and mi is not one of its members. */
static inline char **inst_slot(const form_inst *in, int fi, int mi, int error)
{
    int g = F(in, fi)->parent;
    if (g < 0)
        return error ? &in->err[fi] : &in->ans[fi];
    if (mi < 0 || (size_t)mi >= in->groups[g].n)
        return NULL;
    return error ? &in->groups[g].m[mi].err[fi] : &in->groups[g].m[mi].ans[fi];
}

static inline char **ans_slot(const form_inst *in, int fi, int mi)
{
    return inst_slot(in, fi, mi, 0);
}

static inline char **err_slot(const form_inst *in, int fi, int mi)
{
    return inst_slot(in, fi, mi, 1);
}

static inline const char *value_of(const form_inst *in, int fi, int mi)
{
    char **s = ans_slot(in, fi, mi);
    return s ? *s : NULL;
}

/* 1 if the field has an answer without an error. */
static inline int has_valid(const form_inst *in, int fi, int mi)
{
    char **a = ans_slot(in, fi, mi), **e = err_slot(in, fi, mi);
    return a && *a && !*e;
}

/* form_inst.c */
/* An instance without answers; NULL if out of memory. */
form_inst *inst_alloc(const form_def *def, valid_date today);
/* printf into err when err is not NULL. */
void form_put(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void inst_set_slot(char **slot, const char *v);
/* Flat index of a top-level field, or -1. */
int inst_top_field(const form_inst *in, const char *key);
/* Flat index of sub-field key of member idx of group, or -1. */
int inst_sub_field(const form_inst *in, const char *group, int idx, const char *key);
/* Adds an empty member to group g: its index, or FORM_ERR_NOMEM. */
int inst_member_append(form_inst *in, int g);
/* Stores v for field fi of member mi (normalised unless raw), checks it,
 * re-checks what depends on it. FORM_OK, FORM_ERR_INVALID with err, ... */
int inst_store(form_inst *in, int fi, int mi, const char *v, int raw, char *err, size_t errlen);

/* form_check.c */
/* A date bound ("YYYY-MM-DD", "today", "today+N", "today-N") against today: 1, or 0 if none. */
int inst_resolve_date(const char *expr, valid_date today, valid_date *out);
/* v as the field keeps it (trimmed, compact numbers ...): malloc'd, NULL if out of memory. */
char *inst_normalize(const form_field *f, const char *v);
/* Checks v for field fi of member mi: VALID_OK, or a code with the message in msg. */
int inst_check_value(const form_inst *in, int fi, int mi, const char *v, char *msg, size_t n);
/* A member mi's ID number v (field fi) against the other persons in the
 * form: the number (1-based) of another member with it, -1 when it is the
 * person "other_than" names, 0 when neither (or fi is not a member's). */
int inst_same_person(const form_inst *in, int fi, int mi, const char *v);
/* The form's own person's name (the field its "idcard" map names, where
 * it holds a valid answer), or NULL. */
const char *inst_own_name(const form_inst *in);
/* 1 unless group g is the household of the form's own person ("includes")
 * and none of its members has her ID number (judged once hers is valid). */
int inst_group_has_self(const form_inst *in, int g);
/* A group's own words (too few or too many members, the household without
 * the form's own person) into msg; 1 if there are any, else 0 and "". */
int inst_group_words(const form_inst *in, int g, char *msg, size_t n);
/* The members' ID numbers compared with field fi checked again (-1: all),
 * but member mi's answer to fi (just checked; -1: none). */
void inst_recheck_same(form_inst *in, int fi, int mi);
/* Checks the stored answer again (today or a matched ID number changed). */
void inst_recheck(form_inst *in, int fi, int mi);
void inst_recheck_all(form_inst *in);
/* "12" for 1200 fen, "12.50" for 1250. */
void form_fmt_yuan(long long fen, char *out, size_t n);

/* form_compute.c: derives the computed fields of scope (a group, or -1) for member mi. */
void inst_recompute(form_inst *in, int scope, int mi);

/* form_rules.c */
/* 1 if field fi of member mi shows now. */
int inst_visible(const form_inst *in, int fi, int mi);
/* Rules judged on pages <= upto: FORM_OK or FORM_ERR_INELIGIBLE with the rule's message. */
int inst_check_rules(form_inst *in, int upto, char *err, size_t errlen);
/* The level of the language (form.h) condition c needs: 3 with a same_as in
 * it, else 1 (NULL: none). */
int rules_cond_level(const fcond *c);
/* Checks that every {placeholder} in text (what: "message", "help" …, for
 * the error) names a parameter of the definition being loaded (0, else
 * ld_fail). */
int ld_check_placeholders(form_ld *l, const char *text, const char *what);
/* text with each {param} replaced by the parameter's value now (money in
 * yuan), into out. */
void rules_fill_params(const form_def *d, const char *text, char *out, size_t n);
/* The description and helps as shown: their {param}s filled with the
 * parameters' values; again after county settings change them. 0, or -1 out
 * of memory (the texts as written stay). */
int rules_fill_texts(form_def *d);
/* 1 if the definition's description or any help has a {param} (level 4). */
int rules_texts_have_params(const form_def *d);

/* form_review.c: an answer as review shows it. */
size_t inst_display(const form_field *f, const char *v, char *out, size_t n);

#endif
