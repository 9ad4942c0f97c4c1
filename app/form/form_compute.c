/* form_compute.c — computed fields: birth date, age and sex from an ID
 * number; disability category and grade from a disability certificate
 * number; the number of the proxy agent signed in (from no field). How a
 * definition asks for them ("compute"), the option labels of
 * the computed choices, and the values derived for an instance. Computed
 * fields are never asked: they follow their source field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form_internal.h"
#include "form/form_text.h"
#include "form/validate.h"

int ld_parse_compute(form_ld *l, form_field *f, const cJSON *c)
{
    static const char *const keys[] = {"from", "what", NULL};
    if (!cJSON_IsObject(c))
        return ld_fail(l, "'compute' must be {\"from\": key, \"what\": ...}");
    if (ld_check_keys(l, c, keys, "compute"))
        return -1;
    const cJSON *from = cJSON_GetObjectItemCaseSensitive(c, "from");
    const cJSON *what = cJSON_GetObjectItemCaseSensitive(c, "what");
    if (cJSON_IsString(what) && !strcmp(what->valuestring, "agent")) {
        /* the agent signed in: from no field (level 6) */
        if (from)
            return ld_fail(l, "computed 'agent' takes no 'from' (it is the agent signed in)");
        if (f->type != FORM_T_TEXT || f->parent >= 0)
            return ld_fail(l, "computed 'agent' must be a top-level text field");
        f->compute = FORM_COMPUTE_AGENT;
        f->compute_src = -1;
        return 0;
    }
    if (!cJSON_IsString(from) || !cJSON_IsString(what))
        return ld_fail(l, "'compute' needs string 'from' and 'what'");
    int src = form_field_index(l->def, from->valuestring);
    if (src < 0)
        return ld_fail(l, "computed from missing field '%s'", from->valuestring);
    const form_field *s = l->def->fields[src];
    if (s->parent != f->parent)
        return ld_fail(l, "computed from '%s', which is not in the same group", from->valuestring);
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
        return ld_fail(l, "unknown compute '%s' (birth_date, age, sex, disability_category, "
                       "disability_grade, agent)", w);
    }
    if (from_cert ? !(s->type == FORM_T_TEXT && s->format && !strcmp(s->format, "disability_cert"))
                  : s->type != FORM_T_IDNO)
        return ld_fail(l, "'%s' cannot be computed from '%s' (%s)", w, s->key,
                       from_cert ? "needs a text field with format disability_cert"
                                 : "needs an idno field");
    if (f->type != need)
        return ld_fail(l, "computed '%s' must be of type %s", w, form_type_name(need));
    return 0;
}

/* The options of a computed choice, which its definition does not list. */
int ld_compute_options(form_ld *l, form_field *f, const cJSON *c)
{
    const cJSON *what = cJSON_GetObjectItemCaseSensitive(c, "what");
    /* values "1".."n"; labels from assets/text, from the first text on */
    form_text_id first = FORM_TEXT_SEX_1;
    size_t n = 0;
    const char *w = cJSON_IsString(what) ? what->valuestring : "";
    if (!strcmp(w, "sex"))
        first = FORM_TEXT_SEX_1, n = 2;
    else if (!strcmp(w, "disability_category"))
        first = FORM_TEXT_DISAB_CATEGORY_1, n = 7;
    else if (!strcmp(w, "disability_grade"))
        first = FORM_TEXT_DISAB_GRADE_1, n = 4;
    if (n) {
        f->opts.v = calloc(n, sizeof *f->opts.v);
        if (!f->opts.v)
            return ld_fail(l, "out of memory");
        for (size_t i = 0; i < n; i++) {
            char value[24];
            snprintf(value, sizeof value, "%zu", i + 1);
            f->opts.v[i].value = form_strdup(value);
            f->opts.v[i].label = form_strdup(form_text((form_text_id)(first + i)));
            f->opts.n++;
        }
    }
    return 0;
}

/* ---- computed values ---- */

void inst_recompute(form_inst *in, int scope, int mi)
{
    const form_def *d = in->def;
    for (size_t i = 0; i < d->nfields; i++) {
        const form_field *f = d->fields[i];
        if (!f->compute || f->parent != scope)
            continue;
        char **slot = ans_slot(in, (int)i, mi);
        if (!slot)
            continue;
        const char *src = f->compute_src >= 0 && has_valid(in, f->compute_src, mi)
                              ? value_of(in, f->compute_src, mi)
                              : NULL;
        char buf[sizeof in->agent];
        buf[0] = '\0';
        if (f->compute == FORM_COMPUTE_AGENT) {
            snprintf(buf, sizeof buf, "%s", in->agent);
        } else if (src) {
            valid_idinfo info;
            switch (f->compute) {
            case FORM_COMPUTE_BIRTH:
            case FORM_COMPUTE_AGE:
            case FORM_COMPUTE_SEX:
                if (valid_idno(src, in->today, &info) != VALID_OK)
                    break;
                if (f->compute == FORM_COMPUTE_BIRTH)
                    valid_date_format(info.birth, buf, sizeof buf);
                else if (f->compute == FORM_COMPUTE_AGE)
                    snprintf(buf, sizeof buf, "%d", valid_age_at(info.birth, in->today));
                else
                    snprintf(buf, sizeof buf, "%d", info.sex);
                break;
            case FORM_COMPUTE_CATEGORY:
                snprintf(buf, sizeof buf, "%c", src[18]);
                break;
            case FORM_COMPUTE_GRADE:
                snprintf(buf, sizeof buf, "%c", src[19]);
                break;
            default:
                break;
            }
        }
        inst_set_slot(slot, buf[0] ? buf : NULL);
        inst_set_slot(err_slot(in, (int)i, mi), NULL);
    }
}

