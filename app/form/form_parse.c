/* form_parse.c — loading form definitions (JSON) into a catalogue, county settings,
 * and the read-only accessors of form.h. Format: assets/forms/SCHEMA.md. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form_internal.h"
#include "core/log.h"
#include "core/utf8.h"
#include "form/validate.h"

#define MAX_FILE_BYTES (1024 * 1024)
#define MAX_KEY 40

struct form_catalog {
    form_def **defs;
    size_t ndefs;
    char **problems;
    size_t nproblems;
    char county[128];
};

typedef struct {
    const char *name; /* file name for messages */
    char *err;
    size_t errlen;
    form_def *def;
    const char *field; /* field being loaded, for messages */
    const char *rule;
} ld;

static int fail(ld *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(ld *l, const char *fmt, ...)
{
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (l->field)
        snprintf(l->err, l->errlen, "%s: field '%s': %s", l->name, l->field, what);
    else if (l->rule)
        snprintf(l->err, l->errlen, "%s: rule '%s': %s", l->name, l->rule, what);
    else
        snprintf(l->err, l->errlen, "%s: %s", l->name, what);
    return -1;
}

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static const char *const type_names[FORM_T_COUNT] = {
    "text", "name", "idno", "mobile", "date", "choice", "multi", "integer", "money",
    "card", "address", "pledge", "signature", "group"};

const char *form_type_name(form_type t)
{
    return t < FORM_T_COUNT ? type_names[t] : "?";
}

/* ---- freeing ---- */

static void opts_free(fopts *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free(o->v[i].value);
        free(o->v[i].label);
    }
    free(o->v);
    o->v = NULL;
    o->n = 0;
}

static void cond_free(fcond *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nvals; i++)
        free(c->vals[i]);
    free(c->vals);
    for (size_t i = 0; i < c->nsubs; i++)
        cond_free(c->subs[i]);
    free(c->subs);
    free(c);
}

static void field_free(form_field *f)
{
    if (!f)
        return;
    free(f->key);
    free(f->label);
    free(f->help);
    free(f->unit);
    free(f->text);
    free(f->dflt);
    free(f->format);
    free(f->match_key);
    free(f->date_min);
    free(f->date_max);
    free(f->charset);
    free(f->card);
    free(f->item_label);
    opts_free(&f->opts);
    cond_free(f->visible_if);
    free(f->subs);
    free(f);
}

static void def_free(form_def *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->title);
    free(d->description);
    free(d->icon);
    for (size_t i = 0; i < d->nfields; i++)
        field_free(d->fields[i]);
    free(d->fields);
    free(d->top);
    for (size_t i = 0; i < d->npages; i++) {
        free(d->pages[i].title);
        free(d->pages[i].fields);
    }
    free(d->pages);
    for (size_t i = 0; i < d->nparams; i++) {
        fparam *p = &d->params[i];
        free(p->name);
        free(p->label);
        opts_free(&p->opts);
        opts_free(&p->def_opts);
        free(p->text);
        free(p->def_text);
    }
    free(d->params);
    for (size_t i = 0; i < d->nrules; i++) {
        free(d->rules[i].id);
        free(d->rules[i].message);
        cond_free(d->rules[i].when);
        cond_free(d->rules[i].require);
    }
    free(d->rules);
    free(d);
}

/* ---- JSON helpers ---- */

static int check_keys(ld *l, const cJSON *obj, const char *const *allowed, const char *what)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            if (!strcmp(it->string, allowed[i]))
                ok = 1;
        if (!ok)
            return fail(l, "unknown attribute '%s' in %s", it->string, what);
    }
    return 0;
}

/* Reads an optional UTF-8 string attribute into *out (a copy). */
static int get_str(ld *l, const cJSON *obj, const char *name, int required, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v) {
        if (required)
            return fail(l, "'%s' is missing", name);
        return 0;
    }
    if (!cJSON_IsString(v))
        return fail(l, "'%s' must be a string", name);
    if (!utf8_valid(v->valuestring))
        return fail(l, "'%s' is not valid UTF-8", name);
    if (required && !*v->valuestring)
        return fail(l, "'%s' is empty", name);
    *out = xstrdup(v->valuestring);
    return *out ? 0 : fail(l, "out of memory");
}

static int get_bool(ld *l, const cJSON *obj, const char *name, int dflt, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v) {
        *out = dflt;
        return 0;
    }
    if (!cJSON_IsBool(v))
        return fail(l, "'%s' must be true or false", name);
    *out = cJSON_IsTrue(v);
    return 0;
}

static int json_int(const cJSON *v, long long *out)
{
    if (!cJSON_IsNumber(v))
        return -1;
    double d = v->valuedouble;
    if (d != d || d < -1e15 || d > 1e15 || d != (double)(long long)d)
        return -1;
    *out = (long long)d;
    return 0;
}

static int param_index(const form_def *d, const char *name)
{
    for (size_t i = 0; i < d->nparams; i++)
        if (!strcmp(d->params[i].name, name))
            return (int)i;
    return -1;
}

/* A number: 12 or {"param": "name"} naming an integer or money parameter. */
static int get_num(ld *l, const cJSON *obj, const char *name, fnum *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    out->kind = 0;
    if (!v)
        return 0;
    if (cJSON_IsObject(v)) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(v, "param");
        if (!cJSON_IsString(p) || cJSON_GetArraySize(v) != 1)
            return fail(l, "'%s' must be a whole number or {\"param\": \"name\"}", name);
        int i = param_index(l->def, p->valuestring);
        if (i < 0)
            return fail(l, "'%s' refers to unknown parameter '%s'", name, p->valuestring);
        if (l->def->params[i].type != PARAM_INTEGER && l->def->params[i].type != PARAM_MONEY)
            return fail(l, "'%s' refers to parameter '%s' which is not a number", name,
                        p->valuestring);
        out->kind = 2;
        out->param = i;
        return 0;
    }
    if (json_int(v, &out->v))
        return fail(l, "'%s' must be a whole number or {\"param\": \"name\"}", name);
    out->kind = 1;
    return 0;
}

static int valid_key(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_KEY || !(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

/* Options: ["汉族", ...] (value = label) or [{"value": "1", "label": "..."}]. */
static int parse_opts(ld *l, const cJSON *arr, const char *what, fopts *out)
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return fail(l, "'%s' must be a non-empty list", what);
    size_t n = (size_t)cJSON_GetArraySize(arr);
    out->v = calloc(n, sizeof *out->v);
    if (!out->v)
        return fail(l, "out of memory");
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const char *value, *label;
        if (cJSON_IsString(it)) {
            value = label = it->valuestring;
        } else if (cJSON_IsObject(it)) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "value");
            const cJSON *lb = cJSON_GetObjectItemCaseSensitive(it, "label");
            if (!cJSON_IsString(v) || !cJSON_IsString(lb) || cJSON_GetArraySize(it) != 2)
                return fail(l, "each option of '%s' needs exactly a string value and label", what);
            value = v->valuestring;
            label = lb->valuestring;
        } else {
            return fail(l, "each option of '%s' must be a string or {value, label}", what);
        }
        if (!*value || !*label || !utf8_valid(value) || !utf8_valid(label))
            return fail(l, "an option of '%s' has an empty or non-UTF-8 value or label", what);
        if (strchr(value, ','))
            return fail(l, "option value '%s' of '%s' contains a comma", value, what);
        for (size_t i = 0; i < out->n; i++)
            if (!strcmp(out->v[i].value, value))
                return fail(l, "duplicate option value '%s' in '%s'", value, what);
        out->v[out->n].value = xstrdup(value);
        out->v[out->n].label = xstrdup(label);
        out->n++;
        if (!out->v[out->n - 1].value || !out->v[out->n - 1].label)
            return fail(l, "out of memory");
    }
    return 0;
}

static int opts_copy(const fopts *from, fopts *to)
{
    to->v = calloc(from->n ? from->n : 1, sizeof *to->v);
    if (!to->v)
        return -1;
    to->n = from->n;
    for (size_t i = 0; i < from->n; i++) {
        to->v[i].value = xstrdup(from->v[i].value);
        to->v[i].label = xstrdup(from->v[i].label);
        if (!to->v[i].value || !to->v[i].label)
            return -1;
    }
    return 0;
}

/* ---- parameters ---- */

static int parse_param_value(ld *l, fparam *p, const cJSON *v, int is_default)
{
    switch (p->type) {
    case PARAM_INTEGER:
    case PARAM_MONEY: {
        long long x;
        if (json_int(v, &x))
            return fail(l, "parameter '%s' must be a whole number%s", p->name,
                        p->type == PARAM_MONEY ? " of fen" : "");
        if (p->has_min && x < p->min)
            return fail(l, "parameter '%s' = %lld is outside its range (below %lld)", p->name, x,
                        p->min);
        if (p->has_max && x > p->max)
            return fail(l, "parameter '%s' = %lld is outside its range (above %lld)", p->name, x,
                        p->max);
        p->ival = x;
        if (is_default)
            p->def_ival = x;
        return 0;
    }
    case PARAM_OPTIONS: {
        fopts o = {0};
        char what[80];
        snprintf(what, sizeof what, "parameter %s", p->name);
        if (parse_opts(l, v, what, &o)) {
            opts_free(&o);
            return -1;
        }
        opts_free(&p->opts);
        p->opts = o;
        if (is_default && opts_copy(&p->opts, &p->def_opts))
            return fail(l, "out of memory");
        return 0;
    }
    case PARAM_TEXT:
        if (!cJSON_IsString(v) || !utf8_valid(v->valuestring))
            return fail(l, "parameter '%s' must be a string", p->name);
        free(p->text);
        p->text = xstrdup(v->valuestring);
        if (is_default)
            p->def_text = xstrdup(v->valuestring);
        return 0;
    }
    return -1;
}

static int parse_params(ld *l, const cJSON *obj)
{
    if (!obj)
        return 0;
    if (!cJSON_IsObject(obj))
        return fail(l, "'params' must be an object");
    size_t n = (size_t)cJSON_GetArraySize(obj);
    l->def->params = calloc(n ? n : 1, sizeof *l->def->params);
    if (!l->def->params)
        return fail(l, "out of memory");
    static const char *const keys[] = {"type", "label", "default", "min", "max", NULL};
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (!valid_key(it->string))
            return fail(l, "parameter name '%s' must be lowercase letters, digits, _", it->string);
        if (param_index(l->def, it->string) >= 0)
            return fail(l, "duplicate parameter '%s'", it->string);
        fparam *p = &l->def->params[l->def->nparams++];
        p->name = xstrdup(it->string);
        if (!cJSON_IsObject(it))
            return fail(l, "parameter '%s' must be an object", it->string);
        if (check_keys(l, it, keys, "a parameter"))
            return -1;
        char *type = NULL;
        if (get_str(l, it, "type", 1, &type) || get_str(l, it, "label", 1, &p->label)) {
            free(type);
            return -1;
        }
        if (!strcmp(type, "integer"))
            p->type = PARAM_INTEGER;
        else if (!strcmp(type, "money"))
            p->type = PARAM_MONEY;
        else if (!strcmp(type, "options"))
            p->type = PARAM_OPTIONS;
        else if (!strcmp(type, "text"))
            p->type = PARAM_TEXT;
        else {
            fail(l, "parameter '%s' has unknown type '%s'", p->name, type);
            free(type);
            return -1;
        }
        free(type);
        const cJSON *mn = cJSON_GetObjectItemCaseSensitive(it, "min");
        const cJSON *mx = cJSON_GetObjectItemCaseSensitive(it, "max");
        if ((mn || mx) && p->type != PARAM_INTEGER && p->type != PARAM_MONEY)
            return fail(l, "parameter '%s': min/max only apply to numbers", p->name);
        if (mn && json_int(mn, &p->min))
            return fail(l, "parameter '%s': min must be a whole number", p->name);
        if (mx && json_int(mx, &p->max))
            return fail(l, "parameter '%s': max must be a whole number", p->name);
        p->has_min = mn != NULL;
        p->has_max = mx != NULL;
        const cJSON *dv = cJSON_GetObjectItemCaseSensitive(it, "default");
        if (!dv)
            return fail(l, "parameter '%s' has no default", p->name);
        if (parse_param_value(l, p, dv, 1))
            return -1;
    }
    return 0;
}

/* ---- conditions ---- */

/* Can a condition in scope `scope` (a group's flat index or -1) refer to field f? */
static int in_scope(const form_def *d, int scope, int f, int agg)
{
    int parent = d->fields[f]->parent;
    if (agg == AGG_COUNT)
        return d->fields[f]->type == FORM_T_GROUP && parent == -1;
    if (agg != AGG_NONE)
        return parent >= 0 && scope == -1;
    return parent == -1 || parent == scope;
}

static int is_numeric(const form_field *f)
{
    return f->type == FORM_T_INTEGER || f->type == FORM_T_MONEY;
}

/* Parses a condition. `scope`: group the condition lives in (-1 top);
 * `before`: fields must come earlier than this flat index (-1: any field). */
static int parse_cond(ld *l, const cJSON *c, int scope, int before, fcond **out)
{
    if (!cJSON_IsObject(c))
        return fail(l, "a condition must be an object");
    fcond *k = calloc(1, sizeof *k);
    if (!k)
        return fail(l, "out of memory");
    *out = k;
    k->field = -1;
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(c, "all");
    const cJSON *any = cJSON_GetObjectItemCaseSensitive(c, "any");
    const cJSON *not = cJSON_GetObjectItemCaseSensitive(c, "not");
    if (all || any || not) {
        if (cJSON_GetArraySize(c) != 1)
            return fail(l, "'all', 'any' and 'not' stand alone in their condition");
        if (not) {
            k->kind = COND_NOT;
            k->subs = calloc(1, sizeof *k->subs);
            if (!k->subs)
                return fail(l, "out of memory");
            k->nsubs = 1;
            return parse_cond(l, not, scope, before, &k->subs[0]);
        }
        const cJSON *arr = all ? all : any;
        k->kind = all ? COND_ALL : COND_ANY;
        if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
            return fail(l, "'%s' must be a non-empty list of conditions", all ? "all" : "any");
        k->subs = calloc((size_t)cJSON_GetArraySize(arr), sizeof *k->subs);
        if (!k->subs)
            return fail(l, "out of memory");
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            if (parse_cond(l, it, scope, before, &k->subs[k->nsubs++]))
                return -1;
        }
        return 0;
    }
    static const char *const keys[] = {"field", "sum", "avg", "count", "equals", "in",
                                       "set", "min", "max", NULL};
    if (check_keys(l, c, keys, "a condition"))
        return -1;
    const char *srcs[] = {"field", "sum", "avg", "count"};
    const char *fname = NULL;
    for (int i = 0; i < 4; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, srcs[i]);
        if (!v)
            continue;
        if (fname)
            return fail(l, "a condition names one of field/sum/avg/count, not several");
        if (!cJSON_IsString(v))
            return fail(l, "'%s' in a condition must be a field key", srcs[i]);
        fname = v->valuestring;
        k->agg = (cond_agg)i;
    }
    if (!fname)
        return fail(l, "a condition needs 'field' (or sum/avg/count, all, any, not)");
    k->field = form_field_index(l->def, fname);
    if (k->field < 0)
        return fail(l, "condition refers to missing field '%s'", fname);
    if (before >= 0 && k->field >= before)
        return fail(l, "condition refers to field '%s', which must come earlier in the form",
                    fname);
    if (!in_scope(l->def, scope, k->field, k->agg))
        return fail(l, "condition cannot refer to field '%s' from here (%s)", fname,
                    k->agg == AGG_COUNT ? "count needs a top-level group"
                    : k->agg != AGG_NONE ? "sum/avg need a group's sub-field, used outside the group"
                                         : "a sub-field is only visible inside its own group");
    const form_field *f = l->def->fields[k->field];
    if ((k->agg == AGG_SUM || k->agg == AGG_AVG) && !is_numeric(f))
        return fail(l, "sum/avg of '%s' needs an integer or money field", fname);
    const cJSON *eq = cJSON_GetObjectItemCaseSensitive(c, "equals");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(c, "in");
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(c, "set");
    const cJSON *mn = cJSON_GetObjectItemCaseSensitive(c, "min");
    const cJSON *mx = cJSON_GetObjectItemCaseSensitive(c, "max");
    int tests = !!eq + !!in + !!set + !!(mn || mx);
    if (tests != 1)
        return fail(l, "a condition on '%s' needs exactly one of equals, in, set, min/max", fname);
    if (k->agg != AGG_NONE && !(mn || mx))
        return fail(l, "sum/avg/count conditions compare with min/max");
    if (eq || in) {
        k->kind = eq ? COND_EQ : COND_IN;
        if (f->type == FORM_T_GROUP)
            return fail(l, "equals/in cannot test group '%s'", fname);
        const cJSON *arr = in;
        size_t n = eq ? 1 : (size_t)cJSON_GetArraySize(in);
        if (in && (!cJSON_IsArray(in) || n == 0))
            return fail(l, "'in' must be a non-empty list of strings");
        k->vals = calloc(n, sizeof *k->vals);
        if (!k->vals)
            return fail(l, "out of memory");
        const cJSON *it = eq ? eq : arr->child;
        for (; it; it = eq ? NULL : it->next) {
            if (!cJSON_IsString(it))
                return fail(l, "values compared with '%s' must be strings", fname);
            const fopts *o = form_field_opts(f);
            if (o && o->n && (f->type == FORM_T_CHOICE || f->type == FORM_T_MULTI)) {
                int found = 0;
                for (size_t i = 0; i < o->n; i++)
                    found |= !strcmp(o->v[i].value, it->valuestring);
                if (!found)
                    return fail(l, "'%s' is not an option of '%s'", it->valuestring, fname);
            }
            if (f->type == FORM_T_PLEDGE && strcmp(it->valuestring, "yes") &&
                strcmp(it->valuestring, "no"))
                return fail(l, "pledge '%s' is compared with \"yes\" or \"no\"", fname);
            k->vals[k->nvals] = xstrdup(it->valuestring);
            if (!k->vals[k->nvals++])
                return fail(l, "out of memory");
        }
    } else if (set) {
        if (!cJSON_IsBool(set))
            return fail(l, "'set' must be true or false");
        k->kind = cJSON_IsTrue(set) ? COND_SET : COND_UNSET;
    } else {
        k->kind = COND_RANGE;
        if (k->agg == AGG_NONE && !is_numeric(f))
            return fail(l, "min/max need an integer or money field, '%s' is %s", fname,
                        form_type_name(f->type));
        if (get_num(l, c, "min", &k->min) || get_num(l, c, "max", &k->max))
            return -1;
    }
    return 0;
}

/* ---- fields ---- */

static int parse_field(ld *l, const cJSON *j, int parent);

static int add_field(ld *l, form_field *f)
{
    form_def *d = l->def;
    form_field **nf = realloc(d->fields, (d->nfields + 1) * sizeof *nf);
    if (!nf)
        return fail(l, "out of memory");
    d->fields = nf;
    f->index = (int)d->nfields;
    d->fields[d->nfields++] = f;
    return 0;
}

static int parse_compute(ld *l, form_field *f, const cJSON *c)
{
    static const char *const keys[] = {"from", "what", NULL};
    if (!cJSON_IsObject(c) || check_keys(l, c, keys, "compute"))
        return cJSON_IsObject(c) ? -1 : fail(l, "'compute' must be {\"from\": key, \"what\": ...}");
    const cJSON *from = cJSON_GetObjectItemCaseSensitive(c, "from");
    const cJSON *what = cJSON_GetObjectItemCaseSensitive(c, "what");
    if (!cJSON_IsString(from) || !cJSON_IsString(what))
        return fail(l, "'compute' needs string 'from' and 'what'");
    int src = form_field_index(l->def, from->valuestring);
    if (src < 0)
        return fail(l, "computed from missing field '%s'", from->valuestring);
    const form_field *s = l->def->fields[src];
    if (s->parent != f->parent)
        return fail(l, "computed from '%s', which is not in the same group", from->valuestring);
    f->compute_src = src;
    const char *w = what->valuestring;
    form_type need;
    int from_cert = 0;
    if (!strcmp(w, "birth_date")) {
        f->compute = FORM_COMPUTE_BIRTH;
        need = FORM_T_DATE;
    } else if (!strcmp(w, "age")) {
        f->compute = FORM_COMPUTE_AGE;
        need = FORM_T_INTEGER;
    } else if (!strcmp(w, "sex")) {
        f->compute = FORM_COMPUTE_SEX;
        need = FORM_T_CHOICE;
    } else if (!strcmp(w, "disability_category")) {
        f->compute = FORM_COMPUTE_CATEGORY;
        need = FORM_T_CHOICE;
        from_cert = 1;
    } else if (!strcmp(w, "disability_grade")) {
        f->compute = FORM_COMPUTE_GRADE;
        need = FORM_T_CHOICE;
        from_cert = 1;
    } else {
        return fail(l, "unknown compute '%s' (birth_date, age, sex, disability_category, "
                       "disability_grade)", w);
    }
    if (from_cert ? !(s->type == FORM_T_TEXT && s->format && !strcmp(s->format, "disability_cert"))
                  : s->type != FORM_T_IDNO)
        return fail(l, "'%s' cannot be computed from '%s' (%s)", w, s->key,
                    from_cert ? "needs a text field with format disability_cert"
                              : "needs an idno field");
    if (f->type != need)
        return fail(l, "computed '%s' must be of type %s", w, form_type_name(need));
    return 0;
}

static int parse_date_bound(ld *l, const char *name, const char *s)
{
    if (!s)
        return 0;
    if (!strcmp(s, "today"))
        return 0;
    if (!strncmp(s, "today", 5) && (s[5] == '+' || s[5] == '-')) {
        long long n;
        if (valid_int_parse(s + 6, 0, 36600, &n) == VALID_OK)
            return 0;
    } else if (valid_date_parse(s, NULL) == VALID_OK) {
        return 0;
    }
    return fail(l, "'%s' must be YYYY-MM-DD, today, today+N or today-N", name);
}

static int check_option_values(ld *l, const form_field *f)
{
    if (f->type != FORM_T_CHOICE && f->type != FORM_T_MULTI)
        return 0;
    const fopts *o = form_field_opts(f);
    if (!o || o->n == 0)
        return fail(l, "a %s field needs 'options' or 'options_param'", form_type_name(f->type));
    return 0;
}

static int parse_field(ld *l, const cJSON *j, int parent)
{
    static const char *const keys[] = {
        "key", "type", "label", "help", "unit", "text", "required", "default", "visible_if",
        "compute", "min_len", "max_len", "min", "max", "date_min", "date_max", "options",
        "options_param", "charset", "multiline", "format", "match", "card", "fields",
        "min_count", "max_count", "item_label", NULL};
    if (!cJSON_IsObject(j))
        return fail(l, "each field must be an object");
    const cJSON *jk = cJSON_GetObjectItemCaseSensitive(j, "key");
    if (!cJSON_IsString(jk) || !valid_key(jk->valuestring))
        return fail(l, "a field has a missing or bad 'key' (lowercase letters, digits, _; up to "
                       "40)");
    l->field = jk->valuestring;
    if (form_field_index(l->def, jk->valuestring) >= 0)
        return fail(l, "duplicate key");
    form_field *f = calloc(1, sizeof *f);
    if (!f)
        return fail(l, "out of memory");
    f->def = l->def;
    f->parent = parent;
    f->match = -1;
    f->compute_src = -1;
    f->opts_param = -1;
    f->key = xstrdup(jk->valuestring);
    if (!f->key || add_field(l, f)) {
        field_free(f);
        return fail(l, "out of memory");
    }
    if (check_keys(l, j, keys, "a field"))
        return -1;
    char *type = NULL;
    if (get_str(l, j, "type", 1, &type))
        return -1;
    int t;
    for (t = 0; t < FORM_T_COUNT; t++)
        if (!strcmp(type, type_names[t]))
            break;
    if (t == FORM_T_COUNT) {
        fail(l, "unknown type '%s'", type);
        free(type);
        return -1;
    }
    free(type);
    f->type = (form_type)t;
    if (get_str(l, j, "label", 1, &f->label) || get_str(l, j, "help", 0, &f->help) ||
        get_str(l, j, "unit", 0, &f->unit) || get_str(l, j, "text", 0, &f->text) ||
        get_str(l, j, "default", 0, &f->dflt) || get_str(l, j, "date_min", 0, &f->date_min) ||
        get_str(l, j, "date_max", 0, &f->date_max) || get_str(l, j, "charset", 0, &f->charset) ||
        get_str(l, j, "format", 0, &f->format) || get_str(l, j, "match", 0, &f->match_key) ||
        get_str(l, j, "card", 0, &f->card) || get_str(l, j, "item_label", 0, &f->item_label) ||
        get_bool(l, j, "required", 1, &f->required) ||
        get_bool(l, j, "multiline", 0, &f->multiline) || get_num(l, j, "min_len", &f->min_len) ||
        get_num(l, j, "max_len", &f->max_len) || get_num(l, j, "min", &f->min) ||
        get_num(l, j, "max", &f->max))
        return -1;
    /* Attributes that only make sense for some types. */
    struct {
        const char *attr;
        int present, ok;
    } only[] = {
        {"text", f->text != NULL, f->type == FORM_T_PLEDGE},
        {"date_min/date_max", f->date_min || f->date_max, f->type == FORM_T_DATE},
        {"charset", f->charset != NULL, f->type == FORM_T_TEXT},
        {"format", f->format != NULL, f->type == FORM_T_TEXT},
        {"card", f->card != NULL, f->type == FORM_T_CARD},
        {"multiline", f->multiline, f->type == FORM_T_TEXT || f->type == FORM_T_ADDRESS},
        {"min_len/max_len", f->min_len.kind || f->max_len.kind,
         f->type == FORM_T_TEXT || f->type == FORM_T_NAME || f->type == FORM_T_ADDRESS},
        {"min/max", f->min.kind || f->max.kind,
         f->type == FORM_T_INTEGER || f->type == FORM_T_MONEY || f->type == FORM_T_MULTI},
        {"options", cJSON_HasObjectItem(j, "options") || cJSON_HasObjectItem(j, "options_param"),
         f->type == FORM_T_CHOICE || f->type == FORM_T_MULTI},
        {"fields/min_count/max_count/item_label",
         cJSON_HasObjectItem(j, "fields") || cJSON_HasObjectItem(j, "min_count") ||
             cJSON_HasObjectItem(j, "max_count") || f->item_label,
         f->type == FORM_T_GROUP},
        {"match", f->match_key != NULL, f->format && !strcmp(f->format, "disability_cert")},
    };
    for (size_t i = 0; i < sizeof only / sizeof only[0]; i++)
        if (only[i].present && !only[i].ok)
            return fail(l, "'%s' does not apply to a %s field", only[i].attr,
                        form_type_name(f->type));
    if (f->type == FORM_T_PLEDGE && (!f->text || !*f->text))
        return fail(l, "a pledge needs its 'text'");
    if (f->charset && strcmp(f->charset, "any") && strcmp(f->charset, "digits") &&
        strcmp(f->charset, "alnum") && strcmp(f->charset, "receipt"))
        return fail(l, "unknown charset '%s' (any, digits, alnum, receipt)", f->charset);
    if (f->format && strcmp(f->format, "disability_cert"))
        return fail(l, "unknown format '%s' (disability_cert)", f->format);
    if (f->type == FORM_T_CARD && (!f->card || (strcmp(f->card, "bank") &&
                                                strcmp(f->card, "social_security"))))
        return fail(l, "a card field needs 'card': \"bank\" or \"social_security\"");
    if (parse_date_bound(l, "date_min", f->date_min) || parse_date_bound(l, "date_max", f->date_max))
        return -1;
    if (f->min_len.kind && f->max_len.kind && f->min_len.kind == 1 && f->max_len.kind == 1 &&
        f->min_len.v > f->max_len.v)
        return fail(l, "min_len is above max_len");
    if ((f->min_len.kind == 1 && f->min_len.v < 0) || (f->max_len.kind == 1 && f->max_len.v < 1))
        return fail(l, "min_len must be >= 0 and max_len >= 1");
    if (f->min.kind == 1 && f->max.kind == 1 && f->min.v > f->max.v)
        return fail(l, "min is above max");
    if (f->type == FORM_T_MONEY && f->min.kind == 1 && f->min.v < 0)
        return fail(l, "money cannot have a negative min");
    /* Options. */
    const cJSON *jo = cJSON_GetObjectItemCaseSensitive(j, "options");
    const cJSON *jp = cJSON_GetObjectItemCaseSensitive(j, "options_param");
    if (jo && jp)
        return fail(l, "give 'options' or 'options_param', not both");
    if (jo && parse_opts(l, jo, "options", &f->opts))
        return -1;
    if (jp) {
        if (!cJSON_IsString(jp))
            return fail(l, "'options_param' must name a parameter");
        f->opts_param = param_index(l->def, jp->valuestring);
        if (f->opts_param < 0)
            return fail(l, "'options_param' refers to unknown parameter '%s'", jp->valuestring);
        if (l->def->params[f->opts_param].type != PARAM_OPTIONS)
            return fail(l, "parameter '%s' is not an options list", jp->valuestring);
    }
    /* Computed values. */
    const cJSON *jc = cJSON_GetObjectItemCaseSensitive(j, "compute");
    if (f->type == FORM_T_CHOICE && jc && !jo && !jp) {
        const cJSON *what = cJSON_GetObjectItemCaseSensitive(jc, "what");
        static const char *const sexes[][2] = {{"1", "男"}, {"2", "女"}};
        static const char *const cats[][2] = {{"1", "视力残疾"}, {"2", "听力残疾"},
                                              {"3", "言语残疾"}, {"4", "肢体残疾"},
                                              {"5", "智力残疾"}, {"6", "精神残疾"},
                                              {"7", "多重残疾"}};
        static const char *const grades[][2] = {{"1", "一级"}, {"2", "二级"}, {"3", "三级"},
                                                {"4", "四级"}};
        const char *const(*tab)[2] = NULL;
        size_t n = 0;
        const char *w = cJSON_IsString(what) ? what->valuestring : "";
        if (!strcmp(w, "sex"))
            tab = sexes, n = 2;
        else if (!strcmp(w, "disability_category"))
            tab = cats, n = 7;
        else if (!strcmp(w, "disability_grade"))
            tab = grades, n = 4;
        if (tab) {
            f->opts.v = calloc(n, sizeof *f->opts.v);
            if (!f->opts.v)
                return fail(l, "out of memory");
            for (size_t i = 0; i < n; i++) {
                f->opts.v[i].value = xstrdup(tab[i][0]);
                f->opts.v[i].label = xstrdup(tab[i][1]);
                f->opts.n++;
            }
        }
    }
    if (check_option_values(l, f))
        return -1;
    if (jc) {
        if (f->type == FORM_T_GROUP)
            return fail(l, "a group cannot be computed");
        if (parse_compute(l, f, jc))
            return -1;
        if (f->dflt)
            return fail(l, "a computed field has no default");
    }
    /* Default value must be a valid answer of the type. */
    if (f->dflt) {
        if (f->type == FORM_T_GROUP || f->type == FORM_T_SIGNATURE || f->type == FORM_T_IDNO)
            return fail(l, "a %s field has no default", form_type_name(f->type));
        if (f->type == FORM_T_CHOICE && !form_field_option_find(f, f->dflt))
            return fail(l, "default '%s' is not one of the options", f->dflt);
        if (f->type == FORM_T_MULTI) {
            char *dup = xstrdup(f->dflt);
            for (char *tok = strtok(dup, ","); tok; tok = strtok(NULL, ","))
                if (!form_field_option_find(f, tok)) {
                    fail(l, "default '%s' is not one of the options", tok);
                    free(dup);
                    return -1;
                }
            free(dup);
        }
        if (f->type == FORM_T_PLEDGE)
            return fail(l, "a pledge has no default: the villager accepts it");
        if (f->type == FORM_T_DATE && strcmp(f->dflt, "today") &&
            valid_date_parse(f->dflt, NULL) != VALID_OK)
            return fail(l, "default must be YYYY-MM-DD or today");
        if (f->type == FORM_T_INTEGER && valid_int_parse(f->dflt, -999999999999999LL,
                                                         999999999999999LL, NULL) != VALID_OK)
            return fail(l, "default '%s' is not a whole number", f->dflt);
        if (f->type == FORM_T_MONEY &&
            valid_money_parse(f->dflt, 0, 9999999999999LL, NULL) != VALID_OK)
            return fail(l, "default '%s' is not an amount like 12.50", f->dflt);
    }
    /* Disability certificate matched against an ID field of the same scope. */
    if (f->match_key) {
        f->match = form_field_index(l->def, f->match_key);
        if (f->match < 0)
            return fail(l, "'match' refers to missing field '%s'", f->match_key);
        if (l->def->fields[f->match]->type != FORM_T_IDNO ||
            l->def->fields[f->match]->parent != f->parent)
            return fail(l, "'match' must name an idno field of the same group");
    }
    /* Groups. */
    if (f->type == FORM_T_GROUP) {
        if (parent >= 0)
            return fail(l, "groups cannot be nested");
        const cJSON *jf = cJSON_GetObjectItemCaseSensitive(j, "fields");
        if (!cJSON_IsArray(jf) || cJSON_GetArraySize(jf) == 0)
            return fail(l, "a group needs a non-empty 'fields' list");
        long long mn = 0, mx = 20;
        const cJSON *jmn = cJSON_GetObjectItemCaseSensitive(j, "min_count");
        const cJSON *jmx = cJSON_GetObjectItemCaseSensitive(j, "max_count");
        if ((jmn && json_int(jmn, &mn)) || (jmx && json_int(jmx, &mx)) || mn < 0 || mx < 1 ||
            mx > 100 || mn > mx)
            return fail(l, "min_count/max_count must be whole numbers, 0 <= min <= max <= 100");
        f->group_min = (int)mn;
        f->group_max = (int)mx;
        if (!f->item_label)
            f->item_label = xstrdup(f->label);
        int self = f->index;
        const char *saved = l->field;
        const cJSON *it;
        cJSON_ArrayForEach(it, jf)
        {
            if (parse_field(l, it, self))
                return -1;
            l->field = saved;
            form_field *g = l->def->fields[self];
            int *ns = realloc(g->subs, (g->nsubs + 1) * sizeof *ns);
            if (!ns)
                return fail(l, "out of memory");
            g->subs = ns;
            g->subs[g->nsubs++] = (int)l->def->nfields - 1;
        }
    }
    l->field = NULL;
    return 0;
}

/* Second pass, once every field exists: visibility conditions, which may
 * refer only to fields defined earlier (no cycles, one evaluation order). */
static int parse_visibility(ld *l, const cJSON *fields)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, fields)
    {
        const cJSON *jk = cJSON_GetObjectItemCaseSensitive(it, "key");
        int fi = form_field_index(l->def, jk->valuestring);
        form_field *f = l->def->fields[fi];
        const cJSON *jv = cJSON_GetObjectItemCaseSensitive(it, "visible_if");
        l->field = f->key;
        if (jv && parse_cond(l, jv, f->parent, f->index, &f->visible_if))
            return -1;
        const cJSON *subs = cJSON_GetObjectItemCaseSensitive(it, "fields");
        if (f->type == FORM_T_GROUP && parse_visibility(l, subs))
            return -1;
        l->field = NULL;
    }
    return 0;
}

/* ---- pages and rules ---- */

static int parse_pages(ld *l, const cJSON *arr)
{
    form_def *d = l->def;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return fail(l, "'pages' must be a non-empty list");
    d->pages = calloc((size_t)cJSON_GetArraySize(arr), sizeof *d->pages);
    if (!d->pages)
        return fail(l, "out of memory");
    for (size_t i = 0; i < d->nfields; i++)
        d->fields[i]->page = -1;
    static const char *const keys[] = {"title", "fields", NULL};
    const cJSON *pg;
    cJSON_ArrayForEach(pg, arr)
    {
        struct fpage *p = &d->pages[d->npages];
        int pno = (int)d->npages++;
        if (!cJSON_IsObject(pg))
            return fail(l, "page %d must be an object", pno + 1);
        if (check_keys(l, pg, keys, "a page") || get_str(l, pg, "title", 1, &p->title))
            return -1;
        const cJSON *fl = cJSON_GetObjectItemCaseSensitive(pg, "fields");
        if (!cJSON_IsArray(fl) || cJSON_GetArraySize(fl) == 0)
            return fail(l, "page %d needs a non-empty 'fields' list of keys", pno + 1);
        p->fields = calloc((size_t)cJSON_GetArraySize(fl), sizeof *p->fields);
        if (!p->fields)
            return fail(l, "out of memory");
        const cJSON *k;
        cJSON_ArrayForEach(k, fl)
        {
            if (!cJSON_IsString(k))
                return fail(l, "page %d: field keys must be strings", pno + 1);
            int fi = form_field_index(d, k->valuestring);
            l->field = k->valuestring;
            if (fi < 0)
                return fail(l, "page %d lists a missing field", pno + 1);
            if (d->fields[fi]->parent >= 0)
                return fail(l, "page %d lists a sub-field; list its group instead", pno + 1);
            if (d->fields[fi]->page >= 0)
                return fail(l, "listed on pages %d and %d", d->fields[fi]->page + 1, pno + 1);
            d->fields[fi]->page = pno;
            p->fields[p->n++] = fi;
            l->field = NULL;
        }
    }
    for (size_t i = 0; i < d->nfields; i++) {
        form_field *f = d->fields[i];
        if (f->parent >= 0)
            continue;
        if (f->page < 0) {
            l->field = f->key;
            return fail(l, "not on any page");
        }
    }
    for (size_t i = 0; i < d->nfields; i++)
        if (d->fields[i]->parent >= 0)
            d->fields[i]->page = d->fields[d->fields[i]->parent]->page;
    return 0;
}

static void cond_pages(const form_def *d, const fcond *c, int *page)
{
    if (!c)
        return;
    if (c->field >= 0 && d->fields[c->field]->page > *page)
        *page = d->fields[c->field]->page;
    for (size_t i = 0; i < c->nsubs; i++)
        cond_pages(d, c->subs[i], page);
}

/* Checks that every {placeholder} in a message names a parameter. */
static int check_placeholders(ld *l, const char *msg)
{
    for (const char *p = strchr(msg, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (!e || e - p - 1 > MAX_KEY || e == p + 1)
            return fail(l, "message has an unclosed or empty {placeholder}");
        char name[MAX_KEY + 1];
        memcpy(name, p + 1, (size_t)(e - p - 1));
        name[e - p - 1] = '\0';
        if (param_index(l->def, name) < 0)
            return fail(l, "message refers to unknown parameter {%s}", name);
    }
    return 0;
}

static int parse_rules(ld *l, const cJSON *arr)
{
    form_def *d = l->def;
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr))
        return fail(l, "'rules' must be a list");
    d->rules = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *d->rules);
    if (!d->rules)
        return fail(l, "out of memory");
    static const char *const keys[] = {"id", "when", "require", "message", NULL};
    const cJSON *r;
    cJSON_ArrayForEach(r, arr)
    {
        frule *ru = &d->rules[d->nrules++];
        if (!cJSON_IsObject(r))
            return fail(l, "each rule must be an object");
        if (get_str(l, r, "id", 1, &ru->id))
            return -1;
        l->rule = ru->id;
        for (size_t i = 0; i + 1 < d->nrules; i++)
            if (!strcmp(d->rules[i].id, ru->id))
                return fail(l, "duplicate rule id");
        if (check_keys(l, r, keys, "a rule") || get_str(l, r, "message", 1, &ru->message) ||
            check_placeholders(l, ru->message))
            return -1;
        const cJSON *req = cJSON_GetObjectItemCaseSensitive(r, "require");
        const cJSON *when = cJSON_GetObjectItemCaseSensitive(r, "when");
        if (!req)
            return fail(l, "'require' is missing");
        if (parse_cond(l, req, -1, -1, &ru->require) ||
            (when && parse_cond(l, when, -1, -1, &ru->when)))
            return -1;
        ru->page = 0;
        cond_pages(d, ru->require, &ru->page);
        cond_pages(d, ru->when, &ru->page);
        l->rule = NULL;
    }
    return 0;
}

/* ---- whole definition ---- */

static int parse_def(ld *l, const char *json)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(json, &end, 1);
    if (!root) {
        size_t off = end ? (size_t)(end - json) : 0;
        int line = 1;
        for (size_t i = 0; i < off && json[i]; i++)
            line += json[i] == '\n';
        return fail(l, "not valid JSON (near line %d)", line);
    }
    int rc = -1;
    form_def *d = l->def;
    static const char *const keys[] = {"id", "version", "title", "description", "icon",
                                       "params", "fields", "pages", "rules", "$comment", NULL};
    if (!cJSON_IsObject(root)) {
        fail(l, "the definition must be a JSON object");
        goto out;
    }
    if (check_keys(l, root, keys, "the form") || get_str(l, root, "id", 1, &d->id))
        goto out;
    if (!valid_key(d->id)) {
        fail(l, "id '%s' must be lowercase letters, digits and _", d->id);
        goto out;
    }
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    long long v;
    if (!ver || json_int(ver, &v) || v < 1 || v > 1000000) {
        fail(l, "'version' must be a whole number >= 1");
        goto out;
    }
    d->version = (int)v;
    if (get_str(l, root, "title", 1, &d->title) ||
        get_str(l, root, "description", 1, &d->description) ||
        get_str(l, root, "icon", 1, &d->icon) ||
        parse_params(l, cJSON_GetObjectItemCaseSensitive(root, "params")))
        goto out;
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (!cJSON_IsArray(fields) || cJSON_GetArraySize(fields) == 0) {
        fail(l, "'fields' must be a non-empty list");
        goto out;
    }
    d->top = calloc((size_t)cJSON_GetArraySize(fields), sizeof *d->top);
    if (!d->top) {
        fail(l, "out of memory");
        goto out;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, fields)
    {
        size_t before = d->nfields;
        if (parse_field(l, it, -1))
            goto out;
        d->top[d->ntop++] = (int)before;
    }
    if (parse_visibility(l, fields))
        goto out;
    if (parse_pages(l, cJSON_GetObjectItemCaseSensitive(root, "pages")) ||
        parse_rules(l, cJSON_GetObjectItemCaseSensitive(root, "rules")))
        goto out;
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

/* ---- catalogue ---- */

form_catalog *form_catalog_new(void)
{
    return calloc(1, sizeof(form_catalog));
}

void form_catalog_free(form_catalog *cat)
{
    if (!cat)
        return;
    for (size_t i = 0; i < cat->ndefs; i++)
        def_free(cat->defs[i]);
    free(cat->defs);
    for (size_t i = 0; i < cat->nproblems; i++)
        free(cat->problems[i]);
    free(cat->problems);
    free(cat);
}

static void add_problem(form_catalog *cat, const char *msg)
{
    char **np = realloc(cat->problems, (cat->nproblems + 1) * sizeof *np);
    if (!np)
        return;
    cat->problems = np;
    char *m = xstrdup(msg);
    if (m)
        cat->problems[cat->nproblems++] = m;
}

int form_catalog_load_string(form_catalog *cat, const char *json, const char *name, char *err,
                             size_t errlen)
{
    char buf[512];
    if (!err || errlen == 0) {
        err = buf;
        errlen = sizeof buf;
    }
    ld l = {.name = name ? name : "(form)", .err = err, .errlen = errlen};
    l.def = calloc(1, sizeof *l.def);
    if (!l.def || !json) {
        fail(&l, l.def ? "no text" : "out of memory");
        free(l.def);
        add_problem(cat, err);
        return -1;
    }
    int rc = parse_def(&l, json);
    if (rc == 0 && form_catalog_find(cat, l.def->id)) {
        l.field = NULL;
        rc = fail(&l, "a form with id '%s' is already loaded", l.def->id);
    }
    form_def **nd = rc == 0 ? realloc(cat->defs, (cat->ndefs + 1) * sizeof *nd) : NULL;
    if (rc == 0 && !nd)
        rc = fail(&l, "out of memory");
    if (rc) {
        def_free(l.def);
        add_problem(cat, err);
        core_log(CORE_LOG_WARN, "form", "rejected definition: %s", err);
        return -1;
    }
    cat->defs = nd;
    cat->defs[cat->ndefs++] = l.def;
    return 0;
}

static char *read_file(const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "%s: cannot open (%s)", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(MAX_FILE_BYTES + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE_BYTES + 1, fp) : 0;
    int bad = ferror(fp);
    fclose(fp);
    if (!buf || bad || n > MAX_FILE_BYTES) {
        snprintf(err, errlen, "%s: %s", path,
                 !buf ? "out of memory" : bad ? "read error" : "larger than 1 MiB");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        snprintf(err, errlen, "%s: contains a NUL byte", path);
        free(buf);
        return NULL;
    }
    return buf;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int form_catalog_load_file(form_catalog *cat, const char *path, char *err, size_t errlen)
{
    char buf[512];
    if (!err || errlen == 0) {
        err = buf;
        errlen = sizeof buf;
    }
    char *text = read_file(path, err, errlen);
    if (!text) {
        add_problem(cat, err);
        return -1;
    }
    int rc = form_catalog_load_string(cat, text, base_name(path), err, errlen);
    free(text);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int form_catalog_load_dir(form_catalog *cat, const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s: cannot open folder (%s)", dir, strerror(errno));
        add_problem(cat, msg);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json"))
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn)
            break;
        names = nn;
        names[n] = xstrdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    int loaded = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (form_catalog_load_file(cat, path, NULL, 0) == 0)
            loaded++;
        free(names[i]);
    }
    free(names);
    core_log(CORE_LOG_INFO, "form", "loaded %d form definitions, %zu rejected", loaded,
             cat->nproblems);
    return loaded;
}

size_t form_catalog_problem_count(const form_catalog *cat)
{
    return cat->nproblems;
}

const char *form_catalog_problem(const form_catalog *cat, size_t i)
{
    return i < cat->nproblems ? cat->problems[i] : NULL;
}

size_t form_catalog_count(const form_catalog *cat)
{
    return cat->ndefs;
}

const form_def *form_catalog_at(const form_catalog *cat, size_t i)
{
    return i < cat->ndefs ? cat->defs[i] : NULL;
}

const form_def *form_catalog_find(const form_catalog *cat, const char *id)
{
    for (size_t i = 0; id && i < cat->ndefs; i++)
        if (!strcmp(cat->defs[i]->id, id))
            return cat->defs[i];
    return NULL;
}

/* ---- county settings ---- */

/* Applies or only checks (apply = 0) one form's settings. */
static int settings_form(ld *l, form_def *d, const cJSON *obj, int apply)
{
    if (!cJSON_IsObject(obj))
        return fail(l, "form '%s': settings must be an object", d->id);
    for (const cJSON *it = obj->child; it; it = it->next) {
        int pi = param_index(d, it->string);
        if (pi < 0)
            return fail(l, "form '%s' has no parameter '%s'", d->id, it->string);
        fparam tmp = d->params[pi];
        tmp.opts.v = NULL;
        tmp.opts.n = 0;
        tmp.text = NULL;
        char inner[300];
        ld l2 = {.name = l->name, .err = inner, .errlen = sizeof inner, .def = d};
        if (parse_param_value(&l2, &tmp, it, 0)) {
            opts_free(&tmp.opts);
            free(tmp.text);
            return fail(l, "form '%s': %s", d->id, inner + strlen(l->name) + 2);
        }
        if (apply) {
            fparam *p = &d->params[pi];
            p->ival = tmp.ival;
            if (p->type == PARAM_OPTIONS) {
                opts_free(&p->opts);
                p->opts = tmp.opts;
            } else if (p->type == PARAM_TEXT) {
                free(p->text);
                p->text = tmp.text;
            }
        } else {
            opts_free(&tmp.opts);
            free(tmp.text);
        }
    }
    return 0;
}

int form_catalog_settings_string(form_catalog *cat, const char *json, const char *name, char *err,
                                 size_t errlen)
{
    char buf[512];
    if (!err || errlen == 0) {
        err = buf;
        errlen = sizeof buf;
    }
    ld l = {.name = name ? name : "(settings)", .err = err, .errlen = errlen};
    cJSON *root = json ? cJSON_Parse(json) : NULL;
    if (!root)
        return fail(&l, "not valid JSON");
    int rc = -1;
    static const char *const keys[] = {"county", "forms", "$comment", NULL};
    const cJSON *forms = cJSON_GetObjectItemCaseSensitive(root, "forms");
    const cJSON *county = cJSON_GetObjectItemCaseSensitive(root, "county");
    if (!cJSON_IsObject(root)) {
        fail(&l, "settings must be a JSON object");
        goto out;
    }
    if (check_keys(&l, root, keys, "the settings"))
        goto out;
    if (county && (!cJSON_IsString(county) || !utf8_valid(county->valuestring) ||
                   strlen(county->valuestring) >= sizeof cat->county)) {
        fail(&l, "'county' must be a short string");
        goto out;
    }
    if (forms && !cJSON_IsObject(forms)) {
        fail(&l, "'forms' must be an object of form id -> parameters");
        goto out;
    }
    /* Check everything first, then apply: all or nothing. */
    for (int apply = 0; apply < 2; apply++)
        for (const cJSON *it = forms ? forms->child : NULL; it; it = it->next) {
            form_def *d = (form_def *)form_catalog_find(cat, it->string);
            if (!d) {
                fail(&l, "no form '%s' is loaded", it->string);
                goto out;
            }
            l.def = d;
            if (settings_form(&l, d, it, apply))
                goto out;
        }
    snprintf(cat->county, sizeof cat->county, "%s", county ? county->valuestring : "");
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

int form_catalog_load_settings(form_catalog *cat, const char *path, char *err, size_t errlen)
{
    char buf[512];
    if (!err || errlen == 0) {
        err = buf;
        errlen = sizeof buf;
    }
    char *text = read_file(path, err, errlen);
    if (!text)
        return -1;
    int rc = form_catalog_settings_string(cat, text, base_name(path), err, errlen);
    free(text);
    return rc;
}

const char *form_catalog_county(const form_catalog *cat)
{
    return cat->county;
}

/* ---- definition accessors ---- */

const char *form_def_id(const form_def *d) { return d->id; }
int form_def_version(const form_def *d) { return d->version; }
const char *form_def_title(const form_def *d) { return d->title; }
const char *form_def_description(const form_def *d) { return d->description; }
const char *form_def_icon(const form_def *d) { return d->icon; }
size_t form_def_page_count(const form_def *d) { return d->npages; }

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

size_t form_def_rule_count(const form_def *d) { return d->nrules; }

const char *form_def_rule_id(const form_def *d, size_t i)
{
    return i < d->nrules ? d->rules[i].id : NULL;
}

long long form_def_param_int(const form_def *d, const char *name, long long fallback)
{
    int i = param_index(d, name);
    if (i < 0 || (d->params[i].type != PARAM_INTEGER && d->params[i].type != PARAM_MONEY))
        return fallback;
    return d->params[i].ival;
}

size_t form_def_param_count(const form_def *d) { return d->nparams; }

const char *form_def_param_name(const form_def *d, size_t i)
{
    return i < d->nparams ? d->params[i].name : NULL;
}

const char *form_def_param_label(const form_def *d, size_t i)
{
    return i < d->nparams ? d->params[i].label : NULL;
}

long long form_num_value(const form_def *d, const fnum *n)
{
    if (n->kind == 1)
        return n->v;
    if (n->kind == 2)
        return d->params[n->param].ival;
    return 0;
}

/* ---- field accessors ---- */

const char *form_field_key(const form_field *f) { return f->key; }
form_type form_field_type(const form_field *f) { return f->type; }
const char *form_field_label(const form_field *f) { return f->label; }
const char *form_field_help(const form_field *f) { return f->help ? f->help : ""; }
const char *form_field_unit(const form_field *f) { return f->unit ? f->unit : ""; }
const char *form_field_text(const form_field *f) { return f->text ? f->text : ""; }
int form_field_required(const form_field *f) { return f->required; }
int form_field_multiline(const form_field *f) { return f->multiline; }
size_t form_field_page(const form_field *f) { return (size_t)f->page; }
form_compute form_field_compute(const form_field *f) { return f->compute; }
int form_field_conditional(const form_field *f) { return f->visible_if != NULL; }
const char *form_field_default(const form_field *f) { return f->dflt; }

const form_field *form_field_parent(const form_field *f)
{
    return f->parent < 0 ? NULL : f->def->fields[f->parent];
}

const form_field *form_field_compute_source(const form_field *f)
{
    return f->compute_src < 0 ? NULL : f->def->fields[f->compute_src];
}

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

int form_field_group_min(const form_field *f) { return f->group_min; }
int form_field_group_max(const form_field *f) { return f->group_max; }

const char *form_field_item_label(const form_field *f)
{
    return f->item_label ? f->item_label : "";
}
