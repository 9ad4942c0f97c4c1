/* form_def.c — the read-only accessors of form.h (definitions, fields,
 * options, limits, the keyboard a field wants). */
#include <stdlib.h>
#include <string.h>

#include "form/form_internal.h"

char *form_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void form_opts_free(fopts *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free(o->v[i].value);
        free(o->v[i].label);
    }
    free(o->v);
    o->v = NULL;
    o->n = 0;
}

int form_param_index(const form_def *d, const char *name)
{
    for (size_t i = 0; i < d->nparams; i++)
        if (!strcmp(d->params[i].name, name))
            return (int)i;
    return -1;
}

/* ---- definition accessors ---- */

const char *form_def_id(const form_def *d) { return d->id; }
int form_field_multiline(const form_field *f) { return f->multiline; }
int form_def_is_lookup(const form_def *d) { return d->lookup; }
int form_def_version(const form_def *d) { return d->version; }
const char *form_def_title(const form_def *d) { return d->title; }
const char *form_def_description(const form_def *d)
{
    return d->description_shown ? d->description_shown : d->description;
}
size_t form_def_page_count(const form_def *d) { return d->npages; }

/* The highest level (form.h, "levels") of its attributes (2: other_than,
 * includes, self_is) and of its conditions, in visible_if and rules (3:
 * same_as; 4: a count's where), 4 for a {param} in its description or
 * a help, 5 for an integer bound "this_year", 6 for the computed "agent";
 * 1 with none of them. */
int form_def_level(const form_def *d)
{
    int level = 1;
    for (size_t i = 0; i < d->nfields; i++) {
        const form_field *f = d->fields[i];
        if ((f->other_key || f->includes_key || f->self_field >= 0) && level < 2)
            level = 2;
        if (f->min.kind == FNUM_THIS_YEAR || f->max.kind == FNUM_THIS_YEAR)
            level = level > 5 ? level : 5;
        if (f->compute == FORM_COMPUTE_AGENT && level < 6)
            level = 6;
        if (f->fee)
            level = 7;
        int c = rules_cond_level(f->visible_if);
        level = c > level ? c : level;
    }
    if (rules_texts_have_params(d) && level < 4)
        level = 4; /* an older loader would show the braces */
    for (size_t i = 0; i < d->nrules; i++) {
        int w = rules_cond_level(d->rules[i].when), r = rules_cond_level(d->rules[i].require);
        level = w > level ? w : level;
        level = r > level ? r : level;
    }
    return level;
}

const char *form_def_page_title(const form_def *d, size_t page)
{
    return page < d->npages ? d->pages[page].title : NULL;
}

size_t form_def_page_field_count(const form_def *d, size_t page)
{
    return page < d->npages ? d->pages[page].n : 0;
}

const form_field *form_def_page_field(const form_def *d, size_t page, size_t i)
{
    if (page >= d->npages || i >= d->pages[page].n)
        return NULL;
    return d->fields[d->pages[page].fields[i]];
}

size_t form_def_field_count(const form_def *d) { return d->ntop; }

const form_field *form_def_field_at(const form_def *d, size_t i)
{
    return i < d->ntop ? d->fields[d->top[i]] : NULL;
}

int form_field_index(const form_def *d, const char *key)
{
    for (size_t i = 0; key && i < d->nfields; i++)
        if (!strcmp(d->fields[i]->key, key))
            return (int)i;
    return -1;
}

const form_field *form_def_field(const form_def *d, const char *key)
{
    int i = form_field_index(d, key);
    return i < 0 ? NULL : d->fields[i];
}

long long form_num_value(const form_def *d, const fnum *n)
{
    if (n->kind == 1)
        return n->v;
    if (n->kind == 2)
        return d->params[n->param].ival;
    return 0; /* none; this year: the instance's (inst_check_value) */
}

/* ---- field accessors ---- */

const char *form_field_key(const form_field *f) { return f->key; }
form_type form_field_type(const form_field *f) { return f->type; }
const char *form_field_label(const form_field *f) { return f->label; }
const char *form_field_help(const form_field *f)
{
    return f->help_shown ? f->help_shown : f->help ? f->help : "";
}
const char *form_field_hint(const form_field *f) { return f->hint ? f->hint : ""; }

void form_field_photo_count(const form_field *f, int *min, int *max)
{
    *min = f->min.kind ? (int)form_num_value(f->def, &f->min) : 1;
    *max = f->max.kind ? (int)form_num_value(f->def, &f->max) : 4;
}

int form_photo_name_ok(const char *name)
{
    if (!name || strncmp(name, "photo-", 6))
        return 0;
    for (int i = 6; i < 70; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return 0;
    return !strcmp(name + 70, ".jpg");
}
const char *form_field_unit(const form_field *f) { return f->unit ? f->unit : ""; }
const char *form_field_text(const form_field *f) { return f->text ? f->text : ""; }
int form_field_required(const form_field *f) { return f->required; }
size_t form_field_page(const form_field *f) { return (size_t)f->page; }
form_compute form_field_compute(const form_field *f) { return f->compute; }

form_keyboard form_field_keyboard(const form_field *f)
{
    if (f->compute)
        return FORM_KB_NONE;
    switch (f->type) {
    case FORM_T_TEXT:
        if (f->format)
            return FORM_KB_IDNO;
        if (f->charset && !strcmp(f->charset, "digits"))
            return FORM_KB_DIGITS;
        if (f->charset && strcmp(f->charset, "any"))
            return FORM_KB_ALNUM;
        return FORM_KB_HANZI;
    case FORM_T_NAME:
    case FORM_T_ADDRESS:
        return FORM_KB_HANZI;
    case FORM_T_IDNO:
        return FORM_KB_IDNO;
    case FORM_T_MOBILE:
    case FORM_T_INTEGER:
        return FORM_KB_DIGITS;
    case FORM_T_CARD:
        return f->card && !strcmp(f->card, "bank") ? FORM_KB_DIGITS : FORM_KB_ALNUM;
    case FORM_T_MONEY:
        return FORM_KB_DECIMAL;
    case FORM_T_DATE:
        return FORM_KB_DATE;
    default:
        return FORM_KB_NONE;
    }
}

void form_field_limits(const form_field *f, form_limits *out)
{
    memset(out, 0, sizeof *out);
    const form_def *d = f->def;
    int dmin = 0, dmax = 0;
    if (f->type == FORM_T_NAME)
        dmin = 2, dmax = 30;
    else if (f->type == FORM_T_ADDRESS)
        dmin = 4, dmax = 120;
    else if (f->type == FORM_T_TEXT)
        dmin = 1, dmax = f->multiline ? 500 : 100;
    out->min_len = f->min_len.kind ? (int)form_num_value(d, &f->min_len) : dmin;
    out->max_len = f->max_len.kind ? (int)form_num_value(d, &f->max_len) : dmax;
    out->has_min = f->min.kind != 0;
    out->has_max = f->max.kind != 0;
    out->min = form_num_value(d, &f->min);
    out->max = form_num_value(d, &f->max);
    if (f->type == FORM_T_MONEY && !out->has_max) {
        out->has_max = 1;
        out->max = 9999999999LL; /* 1 亿元 */
    }
    if (f->type == FORM_T_MONEY && !out->has_min) {
        out->has_min = 1;
        out->min = 0;
    }
    out->date_min = f->date_min;
    out->date_max = f->date_max;
}

const fopts *form_field_opts(const form_field *f)
{
    if (f->opts_param >= 0)
        return &f->def->params[f->opts_param].opts;
    return &f->opts;
}

size_t form_field_option_count(const form_field *f)
{
    return form_field_opts(f)->n;
}

const char *form_field_option_value(const form_field *f, size_t i)
{
    const fopts *o = form_field_opts(f);
    return i < o->n ? o->v[i].value : NULL;
}

const char *form_field_option_label(const form_field *f, size_t i)
{
    const fopts *o = form_field_opts(f);
    return i < o->n ? o->v[i].label : NULL;
}

const char *form_field_option_find(const form_field *f, const char *value)
{
    const fopts *o = form_field_opts(f);
    for (size_t i = 0; value && i < o->n; i++)
        if (!strcmp(o->v[i].value, value))
            return o->v[i].label;
    return NULL;
}

size_t form_field_sub_count(const form_field *f) { return f->nsubs; }

const form_field *form_field_sub_at(const form_field *f, size_t i)
{
    return i < f->nsubs ? f->def->fields[f->subs[i]] : NULL;
}

int form_field_group_max(const form_field *f) { return f->group_max; }

const char *form_field_item_label(const form_field *f)
{
    return f->item_label ? f->item_label : "";
}
