/* form_internal.h — the structures behind form.h, shared by the loader
 * (form_parse.c) and the instance (form_inst.c). Not for other modules. */
#ifndef CZ_FORM_INTERNAL_H
#define CZ_FORM_INTERNAL_H

#include <stddef.h>

#include "form/form.h"

typedef struct {
    char *value, *label;
} fopt;

typedef struct {
    fopt *v;
    size_t n;
} fopts;

/* A number written in a definition: a literal or a county parameter. */
typedef struct {
    int kind; /* 0 none, 1 literal, 2 parameter */
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
    COND_EQ, COND_IN, COND_SET, COND_UNSET, COND_RANGE, COND_ALL, COND_ANY, COND_NOT
} cond_kind;

typedef enum { AGG_NONE, AGG_SUM, AGG_AVG, AGG_COUNT } cond_agg;

typedef struct fcond {
    cond_kind kind;
    int field; /* index into def->fields (flat) */
    cond_agg agg;
    char **vals;
    size_t nvals;
    fnum min, max;
    struct fcond **subs;
    size_t nsubs;
} fcond;

typedef struct {
    char *id, *message;
    fcond *when, *require;
    int page; /* last page any referenced field is on */
} frule;

struct form_field {
    const form_def *def;
    int index;  /* in def->fields */
    int parent; /* flat index of the group, -1 top-level */
    char *key, *label, *help, *unit, *text, *dflt, *format, *match_key;
    form_type type;
    int required, multiline;
    int page;
    fnum min_len, max_len, min, max;
    char *date_min, *date_max;
    char *charset; /* text: "any", "digits", "alnum", "receipt" */
    char *card;    /* card: "bank", "social_security" */
    int match;     /* flat index of the ID field a disability certificate must match, -1 */
    fopts opts;
    int opts_param; /* -1 or parameter index */
    form_compute compute;
    int compute_src; /* flat index, -1 */
    fcond *visible_if;
    int *subs; /* flat indexes of sub-fields (groups) */
    size_t nsubs;
    int group_min, group_max;
    char *item_label;
};

struct form_def {
    char *id, *title, *description, *icon;
    int version;
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
};

/* Options of a field with parameters applied. */
const fopts *form_field_opts(const form_field *f);
/* Value of a number (literal or parameter); 0 if none. */
long long form_num_value(const form_def *def, const fnum *n);
int form_field_index(const form_def *def, const char *key);

#endif
