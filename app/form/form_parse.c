/* form_parse.c — a service item's definition read from its JSON (format:
 * assets/forms/SCHEMA.md): the top attributes, county parameters, fields with
 * their options and limits, and pages. Conditions and rules are read in
 * form_rules.c, computed fields in form_compute.c; form_catalog.c calls
 * ld_parse_def() for each file. Every problem is an error naming the file and
 * the field. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "form/form_internal.h"
#include "form/validate.h"

int ld_fail(form_ld *l, const char *fmt, ...)
{
    /* composed whole, then cut (when l->err is short) between characters:
     * what the message quotes from the definition may be Chinese */
    char what[1200], full[2000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (l->field)
        snprintf(full, sizeof full, "%s: field '%s': %s", l->name, l->field, what);
    else if (l->rule)
        snprintf(full, sizeof full, "%s: rule '%s': %s", l->name, l->rule, what);
    else
        snprintf(full, sizeof full, "%s: %s", l->name, what);
    if (l->err && l->errlen)
        utf8_copy(l->err, l->errlen, full);
    return -1;
}

static const char *const type_names[FORM_T_COUNT] = {
    "text", "name", "idno", "mobile", "date", "choice", "multi", "integer", "money",
    "card", "address", "pledge", "signature", "group", "photo"};

const char *form_type_name(form_type t)
{
    return t < FORM_T_COUNT ? type_names[t] : "?";
}

/* ---- JSON helpers ---- */

int ld_check_keys(form_ld *l, const cJSON *obj, const char *const *allowed, const char *what)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            if (!strcmp(it->string, allowed[i]))
                ok = 1;
        if (!ok)
            return ld_fail(l, "unknown attribute '%s' in %s", it->string, what);
    }
    return 0;
}

/* Reads an optional UTF-8 string attribute into *out (a copy). */
int ld_get_str(form_ld *l, const cJSON *obj, const char *name, int required, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v) {
        if (required)
            return ld_fail(l, "'%s' is missing", name);
        return 0;
    }
    if (!cJSON_IsString(v))
        return ld_fail(l, "'%s' must be a string", name);
    if (!utf8_valid(v->valuestring))
        return ld_fail(l, "'%s' is not valid UTF-8", name);
    if (required && !*v->valuestring)
        return ld_fail(l, "'%s' is empty", name);
    *out = form_strdup(v->valuestring);
    return *out ? 0 : ld_fail(l, "out of memory");
}

static int get_bool(form_ld *l, const cJSON *obj, const char *name, int dflt, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v) {
        *out = dflt;
        return 0;
    }
    if (!cJSON_IsBool(v))
        return ld_fail(l, "'%s' must be true or false", name);
    *out = cJSON_IsTrue(v);
    return 0;
}

int ld_json_int(const cJSON *v, long long *out)
{
    if (!cJSON_IsNumber(v))
        return -1;
    double d = v->valuedouble;
    if (d != d || d < -1e15 || d > 1e15 || d != (double)(long long)d)
        return -1;
    *out = (long long)d;
    return 0;
}

/* A number: 12 or {"param": "name"} naming an integer or money parameter. */
int ld_get_num(form_ld *l, const cJSON *obj, const char *name, fnum *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    out->kind = 0;
    if (!v)
        return 0;
    if (cJSON_IsObject(v)) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(v, "param");
        if (!cJSON_IsString(p) || cJSON_GetArraySize(v) != 1)
            return ld_fail(l, "'%s' must be a whole number or {\"param\": \"name\"}", name);
        int i = form_param_index(l->def, p->valuestring);
        if (i < 0)
            return ld_fail(l, "'%s' refers to unknown parameter '%s'", name, p->valuestring);
        if (l->def->params[i].type != PARAM_INTEGER && l->def->params[i].type != PARAM_MONEY)
            return ld_fail(l, "'%s' refers to parameter '%s' which is not a number", name,
                           p->valuestring);
        out->kind = 2;
        out->param = i;
        return 0;
    }
    if (ld_json_int(v, &out->v))
        return ld_fail(l, "'%s' must be a whole number or {\"param\": \"name\"}", name);
    out->kind = 1;
    return 0;
}

/* A field's min or max: a number as ld_get_num reads it, or on an integer
 * field "this_year", the year of the day the form is filled (a year built,
 * never one to come: level 5). */
static int get_bound(form_ld *l, const cJSON *obj, const char *name, form_type t, fnum *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(v))
        return ld_get_num(l, obj, name, out);
    if (strcmp(v->valuestring, "this_year"))
        return ld_fail(l, "'%s' must be a whole number, {\"param\": \"name\"} or \"this_year\"",
                       name);
    if (t != FORM_T_INTEGER)
        return ld_fail(l, "'%s': \"this_year\" applies to integer fields", name);
    out->kind = FNUM_THIS_YEAR;
    out->v = 0;
    return 0;
}

static int valid_key(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > FORM_MAX_KEY || !(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

/* Options: ["汉族", ...] (value = label) or [{"value": "1", "label": "..."}]. */
static int parse_opts(form_ld *l, const cJSON *arr, const char *what, fopts *out)
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return ld_fail(l, "'%s' must be a non-empty list", what);
    size_t n = (size_t)cJSON_GetArraySize(arr);
    out->v = calloc(n, sizeof *out->v);
    if (!out->v)
        return ld_fail(l, "out of memory");
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
                return ld_fail(l, "each option of '%s' needs exactly a string value and label",
                               what);
            value = v->valuestring;
            label = lb->valuestring;
        } else {
            return ld_fail(l, "each option of '%s' must be a string or {value, label}", what);
        }
        if (!*value || !*label || !utf8_valid(value) || !utf8_valid(label))
            return ld_fail(l, "an option of '%s' has an empty or non-UTF-8 value or label", what);
        if (strchr(value, ','))
            return ld_fail(l, "option value '%s' of '%s' contains a comma", value, what);
        for (size_t i = 0; i < out->n; i++)
            if (!strcmp(out->v[i].value, value))
                return ld_fail(l, "duplicate option value '%s' in '%s'", value, what);
        out->v[out->n].value = form_strdup(value);
        out->v[out->n].label = form_strdup(label);
        out->n++;
        if (!out->v[out->n - 1].value || !out->v[out->n - 1].label)
            return ld_fail(l, "out of memory");
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
        to->v[i].value = form_strdup(from->v[i].value);
        to->v[i].label = form_strdup(from->v[i].label);
        if (!to->v[i].value || !to->v[i].label)
            return -1;
    }
    return 0;
}

/* ---- parameters ---- */

int ld_param_value(form_ld *l, fparam *p, const cJSON *v, int is_default)
{
    switch (p->type) {
    case PARAM_INTEGER:
    case PARAM_MONEY: {
        long long x;
        if (ld_json_int(v, &x))
            return ld_fail(l, "parameter '%s' must be a whole number%s", p->name,
                           p->type == PARAM_MONEY ? " of fen" : "");
        if (p->has_min && x < p->min)
            return ld_fail(l, "parameter '%s' = %lld is outside its range (below %lld)", p->name, x,
                           p->min);
        if (p->has_max && x > p->max)
            return ld_fail(l, "parameter '%s' = %lld is outside its range (above %lld)", p->name, x,
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
            form_opts_free(&o);
            return -1;
        }
        form_opts_free(&p->opts);
        p->opts = o;
        if (is_default && opts_copy(&p->opts, &p->def_opts))
            return ld_fail(l, "out of memory");
        return 0;
    }
    case PARAM_TEXT:
        if (!cJSON_IsString(v) || !utf8_valid(v->valuestring))
            return ld_fail(l, "parameter '%s' must be a string", p->name);
        free(p->text);
        p->text = form_strdup(v->valuestring);
        if (is_default)
            p->def_text = form_strdup(v->valuestring);
        return 0;
    }
    return -1;
}

static int parse_params(form_ld *l, const cJSON *obj)
{
    if (!obj)
        return 0;
    if (!cJSON_IsObject(obj))
        return ld_fail(l, "'params' must be an object");
    size_t n = (size_t)cJSON_GetArraySize(obj);
    l->def->params = calloc(n ? n : 1, sizeof *l->def->params);
    if (!l->def->params)
        return ld_fail(l, "out of memory");
    static const char *const keys[] = {"type", "label", "default", "min", "max", NULL};
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (!valid_key(it->string))
            return ld_fail(l, "parameter name '%s' must be lowercase letters, digits, _",
                           it->string);
        if (form_param_index(l->def, it->string) >= 0)
            return ld_fail(l, "duplicate parameter '%s'", it->string);
        fparam *p = &l->def->params[l->def->nparams++];
        p->name = form_strdup(it->string);
        if (!cJSON_IsObject(it))
            return ld_fail(l, "parameter '%s' must be an object", it->string);
        if (ld_check_keys(l, it, keys, "a parameter"))
            return -1;
        char *type = NULL;
        if (ld_get_str(l, it, "type", 1, &type) || ld_get_str(l, it, "label", 1, &p->label)) {
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
            ld_fail(l, "parameter '%s' has unknown type '%s'", p->name, type);
            free(type);
            return -1;
        }
        free(type);
        const cJSON *mn = cJSON_GetObjectItemCaseSensitive(it, "min");
        const cJSON *mx = cJSON_GetObjectItemCaseSensitive(it, "max");
        if ((mn || mx) && p->type != PARAM_INTEGER && p->type != PARAM_MONEY)
            return ld_fail(l, "parameter '%s': min/max only apply to numbers", p->name);
        if (mn && ld_json_int(mn, &p->min))
            return ld_fail(l, "parameter '%s': min must be a whole number", p->name);
        if (mx && ld_json_int(mx, &p->max))
            return ld_fail(l, "parameter '%s': max must be a whole number", p->name);
        p->has_min = mn != NULL;
        p->has_max = mx != NULL;
        const cJSON *dv = cJSON_GetObjectItemCaseSensitive(it, "default");
        if (!dv)
            return ld_fail(l, "parameter '%s' has no default", p->name);
        if (ld_param_value(l, p, dv, 1))
            return -1;
    }
    return 0;
}

/* ---- fields ---- */

static int parse_field(form_ld *l, const cJSON *j, int parent);

static int add_field(form_ld *l, form_field *f)
{
    form_def *d = l->def;
    form_field **nf = realloc(d->fields, (d->nfields + 1) * sizeof *nf);
    if (!nf)
        return ld_fail(l, "out of memory");
    d->fields = nf;
    f->index = (int)d->nfields;
    d->fields[d->nfields++] = f;
    return 0;
}

static int parse_date_bound(form_ld *l, const char *name, const char *s)
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
    return ld_fail(l, "'%s' must be YYYY-MM-DD, today, today+N or today-N", name);
}

static int check_option_values(form_ld *l, const form_field *f)
{
    if (f->type != FORM_T_CHOICE && f->type != FORM_T_MULTI)
        return 0;
    const fopts *o = form_field_opts(f);
    if (!o || o->n == 0)
        return ld_fail(l, "a %s field needs 'options' or 'options_param'", form_type_name(f->type));
    return 0;
}

/* Attribute attr names key, a top-level idno field defined before (the
 * form's own person): its flat index into *out; else the load fails. */
static int top_idno(form_ld *l, const char *attr, const char *key, int *out)
{
    *out = form_field_index(l->def, key);
    if (*out < 0)
        return ld_fail(l, "'%s' refers to missing field '%s'", attr, key);
    if (l->def->fields[*out]->type != FORM_T_IDNO || l->def->fields[*out]->parent >= 0)
        return ld_fail(l, "'%s' must name a top-level idno field", attr);
    return 0;
}

/* A group's "self_is": {"<choice sub-field>": "<its option>"}, the answer
 * that says a member is the form's own person (与申请人关系: 本人); the
 * group lists her ("includes"). NULL: none. */
static int parse_self_is(form_ld *l, form_field *g, const cJSON *j)
{
    if (!j)
        return 0;
    if (g->includes < 0)
        return ld_fail(l, "'self_is' needs 'includes' (whose person it says a member is)");
    if (!cJSON_IsObject(j) || !j->child || j->child->next || !cJSON_IsString(j->child))
        return ld_fail(l, "'self_is' must be one sub-field and its answer, like {\"m_relation\": "
                          "\"self\"}");
    int fi = form_field_index(l->def, j->child->string);
    if (fi < 0 || l->def->fields[fi]->parent != g->index)
        return ld_fail(l, "'self_is': '%s' is not a field of this group", j->child->string);
    const form_field *f = l->def->fields[fi];
    if (f->type != FORM_T_CHOICE || f->compute)
        return ld_fail(l, "'self_is': '%s' is not a choice to answer", f->key);
    if (!form_field_option_find(f, j->child->valuestring))
        return ld_fail(l, "'self_is': '%s' is not an option of '%s'", j->child->valuestring,
                       f->key);
    g->self_field = fi;
    g->self_value = form_strdup(j->child->valuestring);
    return g->self_value ? 0 : ld_fail(l, "out of memory");
}

static int parse_field(form_ld *l, const cJSON *j, int parent)
{
    static const char *const keys[] = {
        "key", "type", "label", "help", "unit", "text", "required", "default", "visible_if",
        "compute", "min_len", "max_len", "min", "max", "date_min", "date_max", "options",
        "options_param", "charset", "multiline", "format", "match", "card", "fields",
        "min_count", "max_count", "item_label", "hint", "idcard", "other_than", "includes",
        "self_is", "household_fee", NULL};
    if (!cJSON_IsObject(j))
        return ld_fail(l, "each field must be an object");
    const cJSON *jk = cJSON_GetObjectItemCaseSensitive(j, "key");
    if (!cJSON_IsString(jk) || !valid_key(jk->valuestring))
        return ld_fail(l, "a field has a missing or bad 'key' (lowercase letters, digits, _; "
                          "up to 40)");
    l->field = jk->valuestring;
    if (form_field_index(l->def, jk->valuestring) >= 0)
        return ld_fail(l, "duplicate key");
    form_field *f = calloc(1, sizeof *f);
    if (!f)
        return ld_fail(l, "out of memory");
    f->def = l->def;
    f->parent = parent;
    f->match = -1;
    f->other = -1;
    f->includes = f->includes_sub = f->self_field = -1;
    f->compute_src = -1;
    f->opts_param = -1;
    f->key = form_strdup(jk->valuestring);
    if (!f->key || add_field(l, f)) {
        free(f->key);
        free(f);
        return ld_fail(l, "out of memory");
    }
    if (ld_check_keys(l, j, keys, "a field"))
        return -1;
    char *type = NULL;
    if (ld_get_str(l, j, "type", 1, &type))
        return -1;
    int t;
    for (t = 0; t < FORM_T_COUNT; t++)
        if (!strcmp(type, type_names[t]))
            break;
    if (t == FORM_T_COUNT) {
        ld_fail(l, "unknown type '%s'", type);
        free(type);
        return -1;
    }
    free(type);
    f->type = (form_type)t;
    struct {
        const char *name;
        int required;
        char **out;
    } strs[] = {{"label", 1, &f->label},       {"help", 0, &f->help},
                {"unit", 0, &f->unit},         {"text", 0, &f->text},
                {"default", 0, &f->dflt},      {"date_min", 0, &f->date_min},
                {"date_max", 0, &f->date_max}, {"charset", 0, &f->charset},
                {"format", 0, &f->format},     {"match", 0, &f->match_key},
                {"card", 0, &f->card},         {"item_label", 0, &f->item_label},
                {"hint", 0, &f->hint},         {"other_than", 0, &f->other_key},
                {"includes", 0, &f->includes_key}};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (ld_get_str(l, j, strs[i].name, strs[i].required, strs[i].out))
            return -1;
    if (get_bool(l, j, "required", 1, &f->required) ||
        get_bool(l, j, "multiline", 0, &f->multiline) || ld_get_num(l, j, "min_len", &f->min_len) ||
        ld_get_num(l, j, "max_len", &f->max_len) || get_bound(l, j, "min", f->type, &f->min) ||
        get_bound(l, j, "max", f->type, &f->max))
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
         f->type == FORM_T_INTEGER || f->type == FORM_T_MONEY || f->type == FORM_T_MULTI ||
             f->type == FORM_T_PHOTO},
        {"hint", f->hint != NULL, f->type == FORM_T_PHOTO},
        {"options", cJSON_HasObjectItem(j, "options") || cJSON_HasObjectItem(j, "options_param"),
         f->type == FORM_T_CHOICE || f->type == FORM_T_MULTI},
        {"fields/min_count/max_count/item_label",
         cJSON_HasObjectItem(j, "fields") || cJSON_HasObjectItem(j, "min_count") ||
             cJSON_HasObjectItem(j, "max_count") || f->item_label,
         f->type == FORM_T_GROUP},
        {"match", f->match_key != NULL, f->format && !strcmp(f->format, "disability_cert")},
        {"idcard", cJSON_HasObjectItem(j, "idcard"), f->type == FORM_T_GROUP},
        {"other_than", f->other_key != NULL, f->type == FORM_T_IDNO},
        {"includes", f->includes_key != NULL, f->type == FORM_T_GROUP},
        {"self_is", cJSON_HasObjectItem(j, "self_is"), f->type == FORM_T_GROUP},
    };
    for (size_t i = 0; i < sizeof only / sizeof only[0]; i++)
        if (only[i].present && !only[i].ok)
            return ld_fail(l, "'%s' does not apply to a %s field", only[i].attr,
                           form_type_name(f->type));
    if (f->type == FORM_T_PLEDGE && (!f->text || !*f->text))
        return ld_fail(l, "a pledge needs its 'text'");
    if (f->type == FORM_T_PHOTO) {
        int pmin, pmax;
        if ((f->min.kind && f->min.kind != 1) || (f->max.kind && f->max.kind != 1))
            return ld_fail(l, "a photo field's min/max are numbers, not parameters");
        form_field_photo_count(f, &pmin, &pmax);
        if (pmin < 1 || pmax < pmin || pmax > FORM_PHOTO_MAX)
            return ld_fail(l, "photos: 1 <= min <= max <= %d", FORM_PHOTO_MAX);
    }
    if (f->charset && strcmp(f->charset, "any") && strcmp(f->charset, "digits") &&
        strcmp(f->charset, "alnum") && strcmp(f->charset, "receipt"))
        return ld_fail(l, "unknown charset '%s' (any, digits, alnum, receipt)", f->charset);
    if (f->format && strcmp(f->format, "disability_cert"))
        return ld_fail(l, "unknown format '%s' (disability_cert)", f->format);
    if (f->type == FORM_T_CARD && (!f->card || (strcmp(f->card, "bank") &&
                                                strcmp(f->card, "social_security"))))
        return ld_fail(l, "a card field needs 'card': \"bank\" or \"social_security\"");
    if (parse_date_bound(l, "date_min", f->date_min) || parse_date_bound(l, "date_max", f->date_max))
        return -1;
    if (f->min_len.kind && f->max_len.kind && f->min_len.kind == 1 && f->max_len.kind == 1 &&
        f->min_len.v > f->max_len.v)
        return ld_fail(l, "min_len is above max_len");
    if ((f->min_len.kind == 1 && f->min_len.v < 0) || (f->max_len.kind == 1 && f->max_len.v < 1))
        return ld_fail(l, "min_len must be >= 0 and max_len >= 1");
    /* what the screens can take: the keyboard holds FORM_MAX_TEXT characters */
    if (f->max_len.kind == 1 && f->max_len.v > FORM_MAX_TEXT)
        return ld_fail(l, "max_len %lld is above %d characters", f->max_len.v, FORM_MAX_TEXT);
    if (f->max_len.kind == 2) {
        const fparam *p = &l->def->params[f->max_len.param];
        if (!p->has_max || p->max > FORM_MAX_TEXT)
            return ld_fail(l, "max_len parameter '%s' needs a max of at most %d", p->name,
                           FORM_MAX_TEXT);
    }
    if (f->min.kind == 1 && f->max.kind == 1 && f->min.v > f->max.v)
        return ld_fail(l, "min is above max");
    if (f->type == FORM_T_MONEY && f->min.kind == 1 && f->min.v < 0)
        return ld_fail(l, "money cannot have a negative min");
    /* Options. */
    const cJSON *jo = cJSON_GetObjectItemCaseSensitive(j, "options");
    const cJSON *jp = cJSON_GetObjectItemCaseSensitive(j, "options_param");
    if (jo && jp)
        return ld_fail(l, "give 'options' or 'options_param', not both");
    if (jo && parse_opts(l, jo, "options", &f->opts))
        return -1;
    if (jp) {
        if (!cJSON_IsString(jp))
            return ld_fail(l, "'options_param' must name a parameter");
        f->opts_param = form_param_index(l->def, jp->valuestring);
        if (f->opts_param < 0)
            return ld_fail(l, "'options_param' refers to unknown parameter '%s'", jp->valuestring);
        if (l->def->params[f->opts_param].type != PARAM_OPTIONS)
            return ld_fail(l, "parameter '%s' is not an options list", jp->valuestring);
    }
    /* Computed values. */
    const cJSON *jc = cJSON_GetObjectItemCaseSensitive(j, "compute");
    if (f->type == FORM_T_CHOICE && jc && !jo && !jp && ld_compute_options(l, f, jc))
        return -1;
    if (check_option_values(l, f))
        return -1;
    if (jc) {
        if (f->type == FORM_T_GROUP)
            return ld_fail(l, "a group cannot be computed");
        if (ld_parse_compute(l, f, jc))
            return -1;
        if (f->dflt)
            return ld_fail(l, "a computed field has no default");
    }
    /* Default value must be a valid answer of the type. */
    if (f->dflt) {
        if (f->type == FORM_T_GROUP || f->type == FORM_T_SIGNATURE || f->type == FORM_T_IDNO ||
            f->type == FORM_T_PHOTO)
            return ld_fail(l, "a %s field has no default", form_type_name(f->type));
        if (f->type == FORM_T_CHOICE && !form_field_option_find(f, f->dflt))
            return ld_fail(l, "default '%s' is not one of the options", f->dflt);
        if (f->type == FORM_T_MULTI) {
            char *dup = form_strdup(f->dflt);
            for (char *tok = strtok(dup, ","); tok; tok = strtok(NULL, ","))
                if (!form_field_option_find(f, tok)) {
                    ld_fail(l, "default '%s' is not one of the options", tok);
                    free(dup);
                    return -1;
                }
            free(dup);
        }
        if (f->type == FORM_T_PLEDGE)
            return ld_fail(l, "a pledge has no default: the villager accepts it");
        if (f->type == FORM_T_DATE && strcmp(f->dflt, "today") &&
            valid_date_parse(f->dflt, NULL) != VALID_OK)
            return ld_fail(l, "default must be YYYY-MM-DD or today");
        if (f->type == FORM_T_INTEGER && valid_int_parse(f->dflt, -999999999999999LL,
                                                         999999999999999LL, NULL) != VALID_OK)
            return ld_fail(l, "default '%s' is not a whole number", f->dflt);
        if (f->type == FORM_T_MONEY &&
            valid_money_parse(f->dflt, 0, 9999999999999LL, NULL) != VALID_OK)
            return ld_fail(l, "default '%s' is not an amount like 12.50", f->dflt);
    }
    /* Disability certificate matched against an ID field of the same scope. */
    if (f->match_key) {
        f->match = form_field_index(l->def, f->match_key);
        if (f->match < 0)
            return ld_fail(l, "'match' refers to missing field '%s'", f->match_key);
        if (l->def->fields[f->match]->type != FORM_T_IDNO ||
            l->def->fields[f->match]->parent != f->parent)
            return ld_fail(l, "'match' must name an idno field of the same group");
    }
    /* A member's ID number that must not be the form's own person's. */
    if (f->other_key) {
        if (parent < 0)
            return ld_fail(l, "'other_than' applies to a group's ID number only");
        if (top_idno(l, "other_than", f->other_key, &f->other))
            return -1;
    }
    if (f->type == FORM_T_PHOTO && parent >= 0)
        return ld_fail(l, "a photo field cannot be in a group");
    /* Groups. */
    if (f->type == FORM_T_GROUP) {
        if (parent >= 0)
            return ld_fail(l, "groups cannot be nested");
        const cJSON *jf = cJSON_GetObjectItemCaseSensitive(j, "fields");
        if (!cJSON_IsArray(jf) || cJSON_GetArraySize(jf) == 0)
            return ld_fail(l, "a group needs a non-empty 'fields' list");
        long long mn = 0, mx = 20;
        const cJSON *jmn = cJSON_GetObjectItemCaseSensitive(j, "min_count");
        const cJSON *jmx = cJSON_GetObjectItemCaseSensitive(j, "max_count");
        if ((jmn && ld_json_int(jmn, &mn)) || (jmx && ld_json_int(jmx, &mx)) || mn < 0 || mx < 1 ||
            mx > 100 || mn > mx)
            return ld_fail(l, "min_count/max_count must be whole numbers, 0 <= min <= max <= 100");
        f->group_min = (int)mn;
        f->group_max = (int)mx;
        if (!f->item_label)
            f->item_label = form_strdup(f->label);
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
                return ld_fail(l, "out of memory");
            g->subs = ns;
            g->subs[g->nsubs++] = (int)l->def->nfields - 1;
        }
        /* the household of the form's own person: she is one of its members */
        if (f->includes_key) {
            if (top_idno(l, "includes", f->includes_key, &f->includes))
                return -1;
            for (size_t s = 0; s < f->nsubs; s++)
                if (l->def->fields[f->subs[s]]->type == FORM_T_IDNO) {
                    if (f->includes_sub >= 0)
                        return ld_fail(l, "'includes' needs a group with one idno field, not two");
                    f->includes_sub = f->subs[s];
                }
            if (f->includes_sub < 0)
                return ld_fail(l, "'includes' needs a group with an idno field");
        }
        if (parse_self_is(l, f, cJSON_GetObjectItemCaseSensitive(j, "self_is")))
            return -1;
    }
    l->field = NULL;
    return 0;
}


/* ---- pages ---- */

static int parse_pages(form_ld *l, const cJSON *arr)
{
    form_def *d = l->def;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return ld_fail(l, "'pages' must be a non-empty list");
    d->pages = calloc((size_t)cJSON_GetArraySize(arr), sizeof *d->pages);
    if (!d->pages)
        return ld_fail(l, "out of memory");
    for (size_t i = 0; i < d->nfields; i++)
        d->fields[i]->page = -1;
    static const char *const keys[] = {"title", "fields", NULL};
    const cJSON *pg;
    cJSON_ArrayForEach(pg, arr)
    {
        struct fpage *p = &d->pages[d->npages];
        int pno = (int)d->npages++;
        if (!cJSON_IsObject(pg))
            return ld_fail(l, "page %d must be an object", pno + 1);
        if (ld_check_keys(l, pg, keys, "a page") || ld_get_str(l, pg, "title", 1, &p->title))
            return -1;
        const cJSON *fl = cJSON_GetObjectItemCaseSensitive(pg, "fields");
        if (!cJSON_IsArray(fl) || cJSON_GetArraySize(fl) == 0)
            return ld_fail(l, "page %d needs a non-empty 'fields' list of keys", pno + 1);
        p->fields = calloc((size_t)cJSON_GetArraySize(fl), sizeof *p->fields);
        if (!p->fields)
            return ld_fail(l, "out of memory");
        const cJSON *k;
        cJSON_ArrayForEach(k, fl)
        {
            if (!cJSON_IsString(k))
                return ld_fail(l, "page %d: field keys must be strings", pno + 1);
            int fi = form_field_index(d, k->valuestring);
            l->field = k->valuestring;
            if (fi < 0)
                return ld_fail(l, "page %d lists a missing field", pno + 1);
            if (d->fields[fi]->parent >= 0)
                return ld_fail(l, "page %d lists a sub-field; list its group instead", pno + 1);
            if (d->fields[fi]->page >= 0)
                return ld_fail(l, "listed on pages %d and %d", d->fields[fi]->page + 1, pno + 1);
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
            return ld_fail(l, "not on any page");
        }
    }
    for (size_t i = 0; i < d->nfields; i++)
        if (d->fields[i]->parent >= 0)
            d->fields[i]->page = d->fields[d->fields[i]->parent]->page;
    return 0;
}

/* ---- whole definition ---- */

int ld_parse_def(form_ld *l, const char *json)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(json, &end, 1);
    if (!root) {
        size_t off = end ? (size_t)(end - json) : 0;
        int line = 1;
        for (size_t i = 0; i < off && json[i]; i++)
            line += json[i] == '\n';
        return ld_fail(l, "not valid JSON (near line %d)", line);
    }
    int rc = -1;
    form_def *d = l->def;
    static const char *const keys[] = {"id", "version", "title", "description", "icon",
                                       "params", "fields", "pages", "rules", "idcard",
                                       "kind", "$comment", NULL};
    if (!cJSON_IsObject(root)) {
        ld_fail(l, "the definition must be a JSON object");
        goto out;
    }
    if (ld_check_keys(l, root, keys, "the form") || ld_get_str(l, root, "id", 1, &d->id))
        goto out;
    if (!valid_key(d->id)) {
        ld_fail(l, "id '%s' must be lowercase letters, digits and _", d->id);
        goto out;
    }
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    long long v;
    if (!ver || ld_json_int(ver, &v) || v < 1 || v > 1000000) {
        ld_fail(l, "'version' must be a whole number >= 1");
        goto out;
    }
    d->version = (int)v;
    if (ld_get_str(l, root, "title", 1, &d->title) ||
        ld_get_str(l, root, "description", 1, &d->description) ||
        ld_get_str(l, root, "icon", 1, &d->icon) ||
        parse_params(l, cJSON_GetObjectItemCaseSensitive(root, "params")))
        goto out;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
    if (kind && !(cJSON_IsString(kind) && (!strcmp(kind->valuestring, "filing") ||
                                           !strcmp(kind->valuestring, "lookup")))) {
        ld_fail(l, "'kind' must be \"filing\" or \"lookup\"");
        goto out;
    }
    d->lookup = kind && !strcmp(kind->valuestring, "lookup");
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (!cJSON_IsArray(fields) || cJSON_GetArraySize(fields) == 0) {
        ld_fail(l, "'fields' must be a non-empty list");
        goto out;
    }
    d->top = calloc((size_t)cJSON_GetArraySize(fields), sizeof *d->top);
    if (!d->top) {
        ld_fail(l, "out of memory");
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
    if (ld_parse_visibility(l, fields))
        goto out;
    if (parse_pages(l, cJSON_GetObjectItemCaseSensitive(root, "pages")) ||
        ld_parse_rules(l, cJSON_GetObjectItemCaseSensitive(root, "rules")) ||
        ld_parse_card(l, cJSON_GetObjectItemCaseSensitive(root, "idcard")) ||
        ld_parse_member_cards(l, fields) || ld_parse_fees(l, fields))
        goto out;
    /* {param} in the description and helps: named parameters only, filled now */
    if (ld_check_placeholders(l, d->description, "description"))
        goto out;
    for (size_t i = 0; i < d->nfields; i++) {
        l->field = d->fields[i]->key;
        if (d->fields[i]->help && ld_check_placeholders(l, d->fields[i]->help, "help"))
            goto out;
        l->field = NULL;
    }
    if (rules_fill_texts(d)) {
        ld_fail(l, "out of memory");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}
