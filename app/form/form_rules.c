/* form_rules.c — conditions and eligibility rules: how a definition writes
 * them (visible_if on fields, "rules" of the form) and how they are judged
 * against an instance's answers. A condition names a field (or a group's
 * sum, average or member count) and tests it; all / any / not combine them.
 * A rule is judged once every field it names is answered: a villager learns
 * on the page where it becomes clear that an item is not for them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form_internal.h"
#include "form/validate.h"

/* ---- reading conditions ---- */

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

/* 1 if every field c names (its combinations' too) is a sub-field of group
 * g, tested plainly: no sum, average or count inside a count's where. */
static int cond_in_group(const form_def *d, const fcond *c, int g)
{
    for (size_t i = 0; i < c->nsubs; i++)
        if (!cond_in_group(d, c->subs[i], g))
            return 0;
    if (c->field < 0)
        return 1;
    return c->agg == AGG_NONE && c->kind != COND_CMP && d->fields[c->field]->parent == g;
}

/* Parses a condition. `scope`: group the condition lives in (-1 top);
 * `before`: fields must come earlier than this flat index (-1: any field). */
static int parse_cond(form_ld *l, const cJSON *c, int scope, int before, fcond **out)
{
    if (!cJSON_IsObject(c))
        return ld_fail(l, "a condition must be an object");
    fcond *k = calloc(1, sizeof *k);
    if (!k)
        return ld_fail(l, "out of memory");
    *out = k;
    k->field = -1;
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(c, "all");
    const cJSON *any = cJSON_GetObjectItemCaseSensitive(c, "any");
    const cJSON *not = cJSON_GetObjectItemCaseSensitive(c, "not");
    if (all || any || not) {
        if (cJSON_GetArraySize(c) != 1)
            return ld_fail(l, "'all', 'any' and 'not' stand alone in their condition");
        if (not) {
            k->kind = COND_NOT;
            k->subs = calloc(1, sizeof *k->subs);
            if (!k->subs)
                return ld_fail(l, "out of memory");
            k->nsubs = 1;
            return parse_cond(l, not, scope, before, &k->subs[0]);
        }
        const cJSON *arr = all ? all : any;
        k->kind = all ? COND_ALL : COND_ANY;
        if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
            return ld_fail(l, "'%s' must be a non-empty list of conditions", all ? "all" : "any");
        k->subs = calloc((size_t)cJSON_GetArraySize(arr), sizeof *k->subs);
        if (!k->subs)
            return ld_fail(l, "out of memory");
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            if (parse_cond(l, it, scope, before, &k->subs[k->nsubs++]))
                return -1;
        }
        return 0;
    }
    static const char *const keys[] = {"field", "sum", "avg", "count", "equals", "in",
                                       "set", "min", "max", "not_before", "not_after", "same_as",
                                       "where", NULL};
    if (ld_check_keys(l, c, keys, "a condition"))
        return -1;
    const char *srcs[] = {"field", "sum", "avg", "count"};
    const char *fname = NULL;
    for (int i = 0; i < 4; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, srcs[i]);
        if (!v)
            continue;
        if (fname)
            return ld_fail(l, "a condition names one of field/sum/avg/count, not several");
        if (!cJSON_IsString(v))
            return ld_fail(l, "'%s' in a condition must be a field key", srcs[i]);
        fname = v->valuestring;
        k->agg = (cond_agg)i;
    }
    if (!fname)
        return ld_fail(l, "a condition needs 'field' (or sum/avg/count, all, any, not)");
    k->field = form_field_index(l->def, fname);
    if (k->field < 0)
        return ld_fail(l, "condition refers to missing field '%s'", fname);
    if (before >= 0 && k->field >= before)
        return ld_fail(l, "condition refers to field '%s', which must come earlier in the form",
                       fname);
    if (!in_scope(l->def, scope, k->field, k->agg)) {
        const char *why = k->agg == AGG_COUNT ? "count needs a top-level group"
                          : k->agg != AGG_NONE
                              ? "sum/avg need a group's sub-field, used outside the group"
                              : "a sub-field is only visible inside its own group";
        return ld_fail(l, "condition cannot refer to field '%s' from here (%s)", fname, why);
    }
    const form_field *f = l->def->fields[k->field];
    const cJSON *where = cJSON_GetObjectItemCaseSensitive(c, "where");
    if (where) { /* the members counted: a condition on each one's answers */
        if (k->agg != AGG_COUNT)
            return ld_fail(l, "'where' goes with 'count' (the members it holds for)");
        if (!cJSON_IsObject(where))
            return ld_fail(l, "'where' must be a condition");
        if (parse_cond(l, where, k->field, before, &k->where))
            return -1;
        if (!cond_in_group(l->def, k->where, k->field))
            return ld_fail(l, "'where' of count '%s' tests the group's own fields", fname);
    }
    if ((k->agg == AGG_SUM || k->agg == AGG_AVG) && !is_numeric(f))
        return ld_fail(l, "sum/avg of '%s' needs an integer or money field", fname);
    const cJSON *eq = cJSON_GetObjectItemCaseSensitive(c, "equals");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(c, "in");
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(c, "set");
    const cJSON *mn = cJSON_GetObjectItemCaseSensitive(c, "min");
    const cJSON *mx = cJSON_GetObjectItemCaseSensitive(c, "max");
    const cJSON *nb = cJSON_GetObjectItemCaseSensitive(c, "not_before");
    const cJSON *na = cJSON_GetObjectItemCaseSensitive(c, "not_after");
    const cJSON *sa = cJSON_GetObjectItemCaseSensitive(c, "same_as");
    int tests = !!eq + !!in + !!set + !!(mn || mx) + !!nb + !!na + !!sa;
    if (tests != 1)
        return ld_fail(l, "a condition on '%s' needs exactly one of equals, in, set, min/max, "
                       "not_before, not_after, same_as", fname);
    if (nb || na || sa) { /* compared with another field of the same kind */
        const cJSON *o = nb ? nb : na ? na : sa;
        const char *op = nb ? "not_before" : na ? "not_after" : "same_as";
        k->kind = COND_CMP;
        k->cmp = nb ? 1 : na ? -1 : 0;
        if (k->agg != AGG_NONE)
            return ld_fail(l, "%s compares a field, not sum/avg/count", op);
        if (!cJSON_IsString(o))
            return ld_fail(l, "'%s' must be a field key", op);
        k->other = form_field_index(l->def, o->valuestring);
        if (k->other < 0)
            return ld_fail(l, "condition refers to missing field '%s'", o->valuestring);
        if (before >= 0 && k->other >= before)
            return ld_fail(l, "condition refers to field '%s', which must come earlier in the "
                           "form", o->valuestring);
        const form_field *g = l->def->fields[k->other];
        if (f->parent >= 0 || g->parent >= 0)
            return ld_fail(l, "%s compares top-level fields", op);
        if (k->other == k->field)
            return ld_fail(l, "%s compares '%s' with another field", op, fname);
        if (sa) { /* the same answer: two ID numbers, names, phone numbers … */
            static const form_type SAME[] = {FORM_T_IDNO, FORM_T_NAME, FORM_T_MOBILE,
                                             FORM_T_TEXT, FORM_T_CARD};
            int ok = 0;
            for (size_t i = 0; i < sizeof SAME / sizeof SAME[0]; i++)
                ok |= f->type == SAME[i] && g->type == SAME[i];
            if (!ok)
                return ld_fail(l, "same_as compares two idno, name, mobile, text or card fields "
                               "of one type ('%s', '%s')", fname, o->valuestring);
            return 0;
        }
        int dates = f->type == FORM_T_DATE && g->type == FORM_T_DATE;
        int nums = is_numeric(f) && f->type == g->type;
        if (!dates && !nums)
            return ld_fail(l, "'%s' and '%s' must both be dates, integers or money", fname,
                           o->valuestring);
        return 0;
    }
    if (k->agg != AGG_NONE && !(mn || mx))
        return ld_fail(l, "sum/avg/count conditions compare with min/max");
    if (eq || in) {
        k->kind = eq ? COND_EQ : COND_IN;
        if (f->type == FORM_T_GROUP)
            return ld_fail(l, "equals/in cannot test group '%s'", fname);
        const cJSON *arr = in;
        size_t n = eq ? 1 : (size_t)cJSON_GetArraySize(in);
        if (in && (!cJSON_IsArray(in) || n == 0))
            return ld_fail(l, "'in' must be a non-empty list of strings");
        k->vals = calloc(n, sizeof *k->vals);
        if (!k->vals)
            return ld_fail(l, "out of memory");
        const cJSON *it = eq ? eq : arr->child;
        for (; it; it = eq ? NULL : it->next) {
            if (!cJSON_IsString(it))
                return ld_fail(l, "values compared with '%s' must be strings", fname);
            const fopts *o = form_field_opts(f);
            if (o && o->n && (f->type == FORM_T_CHOICE || f->type == FORM_T_MULTI)) {
                int found = 0;
                for (size_t i = 0; i < o->n; i++)
                    found |= !strcmp(o->v[i].value, it->valuestring);
                if (!found)
                    return ld_fail(l, "'%s' is not an option of '%s'", it->valuestring, fname);
            }
            if (f->type == FORM_T_PLEDGE && strcmp(it->valuestring, "yes") &&
                strcmp(it->valuestring, "no"))
                return ld_fail(l, "pledge '%s' is compared with \"yes\" or \"no\"", fname);
            k->vals[k->nvals] = form_strdup(it->valuestring);
            if (!k->vals[k->nvals++])
                return ld_fail(l, "out of memory");
        }
    } else if (set) {
        if (!cJSON_IsBool(set))
            return ld_fail(l, "'set' must be true or false");
        k->kind = cJSON_IsTrue(set) ? COND_SET : COND_UNSET;
    } else {
        k->kind = COND_RANGE;
        if (k->agg == AGG_NONE && !is_numeric(f))
            return ld_fail(l, "min/max need an integer or money field, '%s' is %s", fname,
                           form_type_name(f->type));
        if (ld_get_num(l, c, "min", &k->min) || ld_get_num(l, c, "max", &k->max))
            return -1;
    }
    return 0;
}

/* Second pass, once every field exists: visibility conditions, which may
 * refer only to fields defined earlier (no cycles, one evaluation order). */
int ld_parse_visibility(form_ld *l, const cJSON *fields)
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
        if (f->type == FORM_T_GROUP && ld_parse_visibility(l, subs))
            return -1;
        l->field = NULL;
    }
    return 0;
}

/* ---- reading rules ---- */

static void cond_pages(const form_def *d, const fcond *c, int *page)
{
    if (!c)
        return;
    if (c->field >= 0 && d->fields[c->field]->page > *page)
        *page = d->fields[c->field]->page;
    if (c->kind == COND_CMP && d->fields[c->other]->page > *page)
        *page = d->fields[c->other]->page;
    for (size_t i = 0; i < c->nsubs; i++)
        cond_pages(d, c->subs[i], page);
}

int ld_check_placeholders(form_ld *l, const char *msg, const char *what)
{
    for (const char *p = strchr(msg, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (!e || e - p - 1 > FORM_MAX_KEY || e == p + 1)
            return ld_fail(l, "%s has an unclosed or empty {placeholder}", what);
        char name[FORM_MAX_KEY + 1];
        memcpy(name, p + 1, (size_t)(e - p - 1));
        name[e - p - 1] = '\0';
        if (form_param_index(l->def, name) < 0)
            return ld_fail(l, "%s refers to unknown parameter {%s}", what, name);
    }
    return 0;
}

int ld_parse_rules(form_ld *l, const cJSON *arr)
{
    form_def *d = l->def;
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr))
        return ld_fail(l, "'rules' must be a list");
    d->rules = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *d->rules);
    if (!d->rules)
        return ld_fail(l, "out of memory");
    static const char *const keys[] = {"id", "when", "require", "message", NULL};
    const cJSON *r;
    cJSON_ArrayForEach(r, arr)
    {
        frule *ru = &d->rules[d->nrules++];
        if (!cJSON_IsObject(r))
            return ld_fail(l, "each rule must be an object");
        if (ld_get_str(l, r, "id", 1, &ru->id))
            return -1;
        l->rule = ru->id;
        for (size_t i = 0; i + 1 < d->nrules; i++)
            if (!strcmp(d->rules[i].id, ru->id))
                return ld_fail(l, "duplicate rule id");
        if (ld_check_keys(l, r, keys, "a rule") || ld_get_str(l, r, "message", 1, &ru->message) ||
            ld_check_placeholders(l, ru->message, "message"))
            return -1;
        const cJSON *req = cJSON_GetObjectItemCaseSensitive(r, "require");
        const cJSON *when = cJSON_GetObjectItemCaseSensitive(r, "when");
        if (!req)
            return ld_fail(l, "'require' is missing");
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

/* ---- judging ---- */

/* Numeric value of an answered field: integer, or fen for money. */
static int num_of(const form_inst *in, int fi, int mi, long long *out)
{
    if (!has_valid(in, fi, mi))
        return 0;
    const char *v = value_of(in, fi, mi);
    if (F(in, fi)->type == FORM_T_MONEY)
        return valid_money_parse(v, 0, 9999999999999LL, out) == VALID_OK;
    return valid_int_parse(v, -999999999999999LL, 999999999999999LL, out) == VALID_OK;
}

static int in_range(const form_def *d, const fcond *c, long long v, long long times)
{
    if (c->min.kind && v < form_num_value(d, &c->min) * times)
        return 0;
    if (c->max.kind && v > form_num_value(d, &c->max) * times)
        return 0;
    return 1;
}

static int multi_has(const char *list, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && !strncmp(p, v, n))
            return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

static int cond_eval(const form_inst *in, const fcond *c, int mi)
{
    const form_def *d = in->def;
    switch (c->kind) {
    case COND_ALL:
        for (size_t i = 0; i < c->nsubs; i++)
            if (!cond_eval(in, c->subs[i], mi))
                return 0;
        return 1;
    case COND_ANY:
        for (size_t i = 0; i < c->nsubs; i++)
            if (cond_eval(in, c->subs[i], mi))
                return 1;
        return 0;
    case COND_NOT:
        return !cond_eval(in, c->subs[0], mi);
    default:
        break;
    }
    const form_field *f = d->fields[c->field];
    if (c->agg != AGG_NONE) {
        int g = c->agg == AGG_COUNT ? c->field : f->parent;
        if (!inst_visible(in, g, -1))
            return 0;
        long long cnt = (long long)in->groups[g].n;
        if (c->agg == AGG_COUNT && c->where) { /* the members it holds for */
            cnt = 0;
            for (size_t m = 0; m < in->groups[g].n; m++)
                cnt += cond_eval(in, c->where, (int)m);
        }
        if (c->agg == AGG_COUNT)
            return in_range(d, c, cnt, 1);
        long long sum = 0, x;
        for (size_t m = 0; m < in->groups[g].n; m++)
            if (inst_visible(in, c->field, (int)m) && num_of(in, c->field, (int)m, &x))
                sum += x;
        if (c->agg == AGG_AVG && cnt == 0)
            return 0;
        return in_range(d, c, sum, c->agg == AGG_AVG ? cnt : 1);
    }
    int ctx = f->parent >= 0 ? mi : -1;
    int set = inst_visible(in, c->field, ctx) && has_valid(in, c->field, ctx);
    const char *v = set ? value_of(in, c->field, ctx) : NULL;
    switch (c->kind) {
    case COND_SET:
        return set;
    case COND_UNSET:
        return !set;
    case COND_EQ:
    case COND_IN:
        if (!set)
            return 0;
        for (size_t i = 0; i < c->nvals; i++)
            if (f->type == FORM_T_MULTI ? multi_has(v, c->vals[i]) : !strcmp(v, c->vals[i]))
                return 1;
        return 0;
    case COND_RANGE: {
        long long x;
        return set && num_of(in, c->field, ctx, &x) && in_range(d, c, x, 1);
    }
    case COND_CMP: {
        if (!set || !inst_visible(in, c->other, -1) || !has_valid(in, c->other, -1))
            return 0;
        long long x, y;
        int diff;
        if (c->cmp == 0) /* same_as: the answers as stored (normalised) */
            return !strcmp(v, value_of(in, c->other, -1));
        if (f->type == FORM_T_DATE) /* YYYY-MM-DD: text order is date order */
            diff = strcmp(v, value_of(in, c->other, -1));
        else if (num_of(in, c->field, -1, &x) && num_of(in, c->other, -1, &y))
            diff = x < y ? -1 : x > y;
        else
            return 0;
        return c->cmp > 0 ? diff >= 0 : diff <= 0;
    }
    default:
        return 0;
    }
}

int inst_visible(const form_inst *in, int fi, int mi)
{
    const form_field *f = F(in, fi);
    if (f->parent >= 0 && !inst_visible(in, f->parent, -1))
        return 0;
    return f->visible_if ? cond_eval(in, f->visible_if, mi) : 1;
}

/* A count's where can be judged for member mi when each field it names
 * that shows for the member is answered. */
static int where_ready(const form_inst *in, const fcond *c, int mi)
{
    for (size_t i = 0; i < c->nsubs; i++)
        if (!where_ready(in, c->subs[i], mi))
            return 0;
    return c->field < 0 || !inst_visible(in, c->field, mi) || has_valid(in, c->field, mi);
}

/* A rule can be judged when every field it names is visible and answered
 * (a count's where: for every member); "set" and "unset" at once. */
static int cond_ready(const form_inst *in, const fcond *c)
{
    if (!c)
        return 1;
    for (size_t i = 0; i < c->nsubs; i++)
        if (!cond_ready(in, c->subs[i]))
            return 0;
    if (c->field < 0)
        return 1;
    if ((c->kind == COND_SET || c->kind == COND_UNSET) && c->agg == AGG_NONE)
        return 1; /* whether it is answered: nothing to wait for (a field computed
                   * from the agent signed in has no answer without her) */
    const form_field *f = F(in, c->field);
    if (c->agg == AGG_COUNT && c->where && inst_visible(in, c->field, -1)) {
        for (size_t m = 0; m < in->groups[c->field].n; m++)
            if (!where_ready(in, c->where, (int)m))
                return 0;
        return 1;
    }
    if (c->agg == AGG_COUNT)
        return inst_visible(in, c->field, -1);
    if (c->agg != AGG_NONE) {
        int g = f->parent;
        if (!inst_visible(in, g, -1) || in->groups[g].n == 0)
            return 0;
        for (size_t m = 0; m < in->groups[g].n; m++)
            if (inst_visible(in, c->field, (int)m) && !has_valid(in, c->field, (int)m))
                return 0;
        return 1;
    }
    if (c->kind == COND_CMP && !(inst_visible(in, c->other, -1) && has_valid(in, c->other, -1)))
        return 0;
    return inst_visible(in, c->field, -1) && has_valid(in, c->field, -1);
}

int rules_cond_level(const fcond *c)
{
    if (!c)
        return 1;
    if (c->where)
        return 4; /* count … where */
    if (c->kind == COND_CMP && c->cmp == 0)
        return 3; /* same_as */
    int level = 1;
    for (size_t i = 0; i < c->nsubs; i++) {
        int s = rules_cond_level(c->subs[i]);
        level = s > level ? s : level;
    }
    return level;
}

void rules_fill_params(const form_def *d, const char *text, char *out, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = text; *p && o + 1 < n;) {
        const char *e = *p == '{' ? strchr(p, '}') : NULL;
        if (e) {
            char name[48], val[64] = "";
            size_t l = (size_t)(e - p - 1);
            snprintf(name, sizeof name, "%.*s", (int)(l < 47 ? l : 47), p + 1);
            for (size_t i = 0; i < d->nparams; i++) {
                const fparam *pa = &d->params[i];
                if (strcmp(pa->name, name))
                    continue;
                if (pa->type == PARAM_INTEGER)
                    snprintf(val, sizeof val, "%lld", pa->ival);
                else if (pa->type == PARAM_MONEY)
                    form_fmt_yuan(pa->ival, val, sizeof val);
                else if (pa->type == PARAM_TEXT)
                    snprintf(val, sizeof val, "%s", pa->text);
            }
            o += (size_t)snprintf(out + o, n - o, "%s", val);
            if (o >= n)
                o = n - 1;
            p = e + 1;
        } else {
            out[o++] = *p++;
            out[o] = '\0';
        }
    }
}

static void rule_message(const form_def *d, const frule *r, char *out, size_t n)
{
    rules_fill_params(d, r->message, out, n);
}

/* *shown becomes text with its {param}s filled, or NULL when it has none. */
static int fill_one(const form_def *d, const char *text, char **shown)
{
    free(*shown);
    *shown = NULL;
    if (!text || !strchr(text, '{'))
        return 0;
    char buf[FORM_MSG_MAX * 4];
    rules_fill_params(d, text, buf, sizeof buf);
    *shown = form_strdup(buf);
    return *shown ? 0 : -1;
}

int rules_fill_texts(form_def *d)
{
    int rc = fill_one(d, d->description, &d->description_shown);
    for (size_t i = 0; i < d->nfields; i++)
        rc |= fill_one(d, d->fields[i]->help, &d->fields[i]->help_shown);
    return rc ? -1 : 0;
}

int rules_texts_have_params(const form_def *d)
{
    if (d->description && strchr(d->description, '{'))
        return 1;
    for (size_t i = 0; i < d->nfields; i++)
        if (d->fields[i]->help && strchr(d->fields[i]->help, '{'))
            return 1;
    return 0;
}

/* Checks rules judged on pages <= upto. */
/* The first top-level field c names (a member's field: its group) that is
 * on the page shown and shows, or -1. */
static int cond_page_field(const form_inst *in, const fcond *c)
{
    if (!c)
        return -1;
    if (c->field >= 0) {
        int fi = F(in, c->field)->parent >= 0 ? F(in, c->field)->parent : c->field;
        if ((size_t)F(in, fi)->page == in->page && inst_visible(in, fi, -1))
            return fi;
    }
    for (size_t i = 0; i < c->nsubs; i++) {
        int fi = cond_page_field(in, c->subs[i]);
        if (fi >= 0)
            return fi;
    }
    return -1;
}

int inst_check_rules(form_inst *in, int upto, char *err, size_t errlen)
{
    const form_def *d = in->def;
    in->rule_field = -1;
    for (size_t i = 0; i < d->nrules; i++) {
        const frule *r = &d->rules[i];
        if (r->page > upto || !cond_ready(in, r->when) || !cond_ready(in, r->require))
            continue;
        if (r->when && !cond_eval(in, r->when, -1))
            continue;
        if (!cond_eval(in, r->require, -1)) {
            char msg[FORM_MSG_MAX * 2];
            rule_message(d, r, msg, sizeof msg);
            form_put(err, errlen, "%s", msg);
            if (!in->review) { /* the answer to change: what it requires, else its when */
                in->rule_field = cond_page_field(in, r->require);
                if (in->rule_field < 0)
                    in->rule_field = cond_page_field(in, r->when);
            }
            return FORM_ERR_INELIGIBLE;
        }
    }
    return FORM_OK;
}


