/* form_fee.c — a household's contribution ("household_fee", SCHEMA.md): a
 * field that says, under its question and in review, how much the household
 * pays, counted from the answers given: the persons whose category pays (a
 * choice of each member, and of the head) times a county money parameter,
 * and the persons with a subsidy told apart. How the definition writes it
 * (read when every field and page is known) and the sentence an instance
 * shows. The kiosk only informs: the figure is not filed (the county bills
 * from its own records). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form_internal.h"
#include "form/form_text.h"

/* ---- reading ---- */

void form_fee_free(ffee *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->npays; i++)
        free(e->pays[i]);
    free(e->pays);
    free(e);
}

/* A choice with options of its own (not a county's list, whose values the
 * loader cannot check) that the villager answers. */
static int own_choice(const form_field *f)
{
    return f->type == FORM_T_CHOICE && f->compute == FORM_COMPUTE_NONE && f->opts.n > 0;
}

static int parse_one(form_ld *l, form_field *f, const cJSON *j)
{
    static const char *const keys[] = {"group", "by", "head", "pays", "each", NULL};
    form_def *d = l->def;
    if (!cJSON_IsObject(j))
        return ld_fail(l, "'household_fee' must be an object: {\"group\", \"by\", \"pays\", "
                          "\"each\"}");
    if (ld_check_keys(l, j, keys, "'household_fee'"))
        return -1;
    if (f->parent >= 0 || f->type == FORM_T_GROUP)
        return ld_fail(l, "'household_fee' applies to a top-level field that is not a group");
    ffee *e = calloc(1, sizeof *e);
    if (!e)
        return ld_fail(l, "out of memory");
    f->fee = e;
    e->head = -1;
    const cJSON *jg = cJSON_GetObjectItemCaseSensitive(j, "group");
    const cJSON *jb = cJSON_GetObjectItemCaseSensitive(j, "by");
    const cJSON *jh = cJSON_GetObjectItemCaseSensitive(j, "head");
    const cJSON *jp = cJSON_GetObjectItemCaseSensitive(j, "pays");
    const cJSON *je = cJSON_GetObjectItemCaseSensitive(j, "each");
    if (!cJSON_IsString(jg) || !cJSON_IsString(jb) || !cJSON_IsString(je))
        return ld_fail(l, "'household_fee' needs \"group\", \"by\" and \"each\" (names)");
    e->group = form_field_index(d, jg->valuestring);
    if (e->group < 0 || d->fields[e->group]->type != FORM_T_GROUP)
        return ld_fail(l, "'household_fee': 'group' '%s' is not a group of the form",
                       jg->valuestring);
    e->by = form_field_index(d, jb->valuestring);
    if (e->by < 0 || d->fields[e->by]->parent != e->group)
        return ld_fail(l, "'household_fee': 'by' '%s' is not a field of group '%s'",
                       jb->valuestring, jg->valuestring);
    if (!own_choice(d->fields[e->by]))
        return ld_fail(l, "'household_fee': 'by' '%s' must be a choice with its own 'options'",
                       jb->valuestring);
    if (jh) {
        if (!cJSON_IsString(jh))
            return ld_fail(l, "'household_fee': 'head' must name a field");
        if (d->fields[e->group]->includes_key) /* she is a member of it already */
            return ld_fail(l, "'household_fee': 'head' with group '%s', which includes the "
                              "form's own person, counts her twice",
                           jg->valuestring);
        e->head = form_field_index(d, jh->valuestring);
        if (e->head < 0 || d->fields[e->head]->parent >= 0 || !own_choice(d->fields[e->head]))
            return ld_fail(l, "'household_fee': 'head' '%s' must be a top-level choice with its "
                              "own 'options'",
                           jh->valuestring);
    }
    /* the figure reads what is answered by then: nothing it counts comes later */
    int last = d->fields[e->group]->page;
    if (e->head >= 0 && d->fields[e->head]->page > last)
        last = d->fields[e->head]->page;
    if (last > f->page)
        return ld_fail(l, "'household_fee': the persons it counts are asked on a later page");
    e->each = form_param_index(d, je->valuestring);
    if (e->each < 0 || d->params[e->each].type != PARAM_MONEY)
        return ld_fail(l, "'household_fee': 'each' '%s' is not a money parameter",
                       je->valuestring);
    if (!d->params[e->each].has_min || d->params[e->each].min < 0)
        return ld_fail(l, "'household_fee': 'each' '%s' needs a 'min' of 0 or more (no county "
                          "setting may make a fee negative)",
                       je->valuestring);
    int np = cJSON_GetArraySize(jp);
    if (!cJSON_IsArray(jp) || np == 0)
        return ld_fail(l, "'household_fee': 'pays' must be a non-empty list of options");
    e->pays = calloc((size_t)np, sizeof *e->pays);
    if (!e->pays)
        return ld_fail(l, "out of memory");
    const cJSON *it;
    cJSON_ArrayForEach(it, jp)
    {
        if (!cJSON_IsString(it))
            return ld_fail(l, "'household_fee': 'pays' must be a list of option values");
        const char *v = it->valuestring;
        if (!form_field_option_find(d->fields[e->by], v))
            return ld_fail(l, "'household_fee': '%s' in 'pays' is not an option of '%s'", v,
                           d->fields[e->by]->key);
        if (e->head >= 0 && !form_field_option_find(d->fields[e->head], v))
            return ld_fail(l, "'household_fee': '%s' in 'pays' is not an option of '%s'", v,
                           d->fields[e->head]->key);
        for (size_t k = 0; k < e->npays; k++)
            if (!strcmp(e->pays[k], v))
                return ld_fail(l, "'household_fee': '%s' is twice in 'pays'", v);
        if (!(e->pays[e->npays] = form_strdup(v)))
            return ld_fail(l, "out of memory");
        e->npays++;
    }
    return 0;
}

int ld_parse_fees(form_ld *l, const cJSON *fields)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, fields)
    {
        const cJSON *jk = cJSON_GetObjectItemCaseSensitive(it, "key");
        form_field *f = l->def->fields[form_field_index(l->def, jk->valuestring)];
        l->field = f->key;
        const cJSON *j = cJSON_GetObjectItemCaseSensitive(it, "household_fee");
        if (j && parse_one(l, f, j))
            return -1;
        const cJSON *subs = cJSON_GetObjectItemCaseSensitive(it, "fields");
        if (f->type == FORM_T_GROUP && ld_parse_fees(l, subs))
            return -1;
        l->field = NULL;
    }
    return 0;
}

/* ---- an instance's figure ---- */

#define FEE_LABELS 16 /* the subsidised categories named */

typedef struct {
    int paid, helped;
    const char *labels[FEE_LABELS];
    size_t nlabels;
} tally;

/* Counts the person whose category is field fi of member mi. */
static void count(const form_inst *in, const ffee *e, int fi, int mi, tally *t)
{
    if (!inst_visible(in, fi, mi) || !has_valid(in, fi, mi))
        return; /* not chosen yet: counted once it is */
    const char *v = value_of(in, fi, mi);
    for (size_t k = 0; k < e->npays; k++)
        if (!strcmp(e->pays[k], v)) {
            t->paid++;
            return;
        }
    t->helped++;
    const char *label = form_field_option_find(F(in, fi), v);
    for (size_t k = 0; k < t->nlabels; k++)
        if (!strcmp(t->labels[k], label))
            return;
    if (t->nlabels < FEE_LABELS)
        t->labels[t->nlabels++] = label;
}

size_t form_inst_fee(const form_inst *in, const char *key, char *out, size_t n)
{
    if (n)
        out[0] = '\0';
    int fi = inst_top_field(in, key);
    const ffee *e = fi >= 0 ? F(in, fi)->fee : NULL;
    if (!e || n == 0)
        return 0;
    tally t = {0};
    if (e->head >= 0)
        count(in, e, e->head, -1, &t);
    if (inst_visible(in, e->group, -1))
        for (size_t m = 0; m < in->groups[e->group].n; m++)
            count(in, e, e->by, (int)m, &t);
    int all = t.paid + t.helped;
    if (all == 0)
        return 0;
    long long each = in->def->params[e->each].ival;
    char per[40], total[40], labels[512] = "";
    form_fmt_yuan(each, per, sizeof per);
    form_fmt_yuan(each * t.paid, total, sizeof total);
    size_t o = 0;
    for (size_t k = 0; k < t.nlabels; k++) { /* whole labels only: none cut inside a character */
        const char *sep = k ? form_text(FORM_TEXT_LIST_SEP) : "";
        size_t w = strlen(sep) + strlen(t.labels[k]);
        if (o + w >= sizeof labels)
            break;
        snprintf(labels + o, sizeof labels - o, "%s%s", sep, t.labels[k]);
        o += w;
    }
    if (t.helped == 0)
        form_text_put(out, n, FORM_TEXT_FEE_PAID, all, per, total);
    else if (t.paid == 0)
        form_text_put(out, n, FORM_TEXT_FEE_HELPED, all, labels);
    else
        form_text_put(out, n, FORM_TEXT_FEE_MIXED, all, t.paid, per, total, t.helped, labels);
    return strlen(out);
}
