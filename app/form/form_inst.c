/* form_inst.c — one form being filled (form_inst.h): creating and freeing
 * an instance, setting answers, group members, moving between pages. What an
 * answer must be is checked in form_check.c, what shows in form_rules.c,
 * what is derived in form_compute.c. */
#include "form/form_inst.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secret.h"
#include "core/utf8.h"
#include "form/form_internal.h"
#include "form/form_text.h"

const char *form_strerror(int code)
{
    switch (code) {
    case FORM_OK: return "ok";
    case FORM_ERR_INVALID: return "answer is not valid";
    case FORM_ERR_INCOMPLETE: return "page has missing or invalid answers";
    case FORM_ERR_INELIGIBLE: return "an eligibility rule refuses the application";
    case FORM_ERR_NOTFOUND: return "no such field, member or page";
    case FORM_ERR_READONLY: return "field cannot be set (computed or group)";
    case FORM_ERR_STATE: return "not allowed in the current step";
    case FORM_ERR_FULL: return "group is full";
    case FORM_ERR_MALFORMED: return "saved form state is malformed";
    case FORM_ERR_MISMATCH: return "saved form state is for another form or version";
    case FORM_ERR_NOMEM: return "out of memory";
    case FORM_ERR_SAME: return "a person already in the form";
    default: return "unknown error";
    }
}

void form_put(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    char full[2000]; /* whole, then cut between characters (it may quote Chinese) */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(full, sizeof full, fmt, ap);
    va_end(ap);
    utf8_copy(err, errlen, full);
}

void inst_set_slot(char **slot, const char *v)
{
    free(*slot);
    *slot = v ? form_strdup(v) : NULL;
}

/* ---- lifecycle ---- */

static void member_fill_defaults(form_inst *in, int g, int mi);

static void fill_default(form_inst *in, int fi, int mi)
{
    const form_field *f = F(in, fi);
    if (!f->dflt || f->compute)
        return;
    char buf[16];
    const char *v = f->dflt;
    if (f->type == FORM_T_DATE && !strcmp(v, "today")) {
        valid_date_format(in->today, buf, sizeof buf);
        v = buf;
    }
    inst_set_slot(ans_slot(in, fi, mi), v);
}

form_inst *inst_alloc(const form_def *def, valid_date today)
{
    form_inst *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->def = def;
    in->today = today;
    size_t n = def->nfields ? def->nfields : 1;
    in->ans = calloc(n, sizeof *in->ans);
    in->err = calloc(n, sizeof *in->err);
    in->groups = calloc(n, sizeof *in->groups);
    in->from_card = calloc(n, 1);
    in->rule_field = -1;
    if (!in->ans || !in->err || !in->groups || !in->from_card) {
        form_inst_free(in);
        return NULL;
    }
    return in;
}

form_inst *form_inst_new(const form_def *def, valid_date today)
{
    form_inst *in = inst_alloc(def, today);
    if (!in)
        return NULL;
    for (size_t i = 0; i < def->nfields; i++)
        if (def->fields[i]->parent < 0)
            fill_default(in, (int)i, -1);
    inst_recheck_all(in);
    return in;
}

static void member_clear(const form_def *d, mstate *m)
{
    for (size_t i = 0; i < d->nfields; i++) {
        if (m->ans) /* answers are personal data: wiped, not only freed */
            core_secret_free(m->ans[i]);
        if (m->err)
            free(m->err[i]);
    }
    free(m->ans);
    free(m->err);
    free(m->card);
}

void form_inst_free(form_inst *in)
{
    if (!in)
        return;
    const form_def *d = in->def;
    for (size_t i = 0; i < d->nfields; i++) {
        if (in->ans) /* answers are personal data: wiped, not only freed */
            core_secret_free(in->ans[i]);
        if (in->err)
            free(in->err[i]);
        if (in->groups) {
            for (size_t m = 0; m < in->groups[i].n; m++)
                member_clear(d, &in->groups[i].m[m]);
            free(in->groups[i].m);
        }
    }
    free(in->ans);
    free(in->err);
    free(in->groups);
    free(in->from_card);
    free(in);
}

const form_def *form_inst_def(const form_inst *in)
{
    return in->def;
}

/* ---- setting answers ---- */

int inst_top_field(const form_inst *in, const char *key)
{
    int fi = form_field_index(in->def, key);
    return fi >= 0 && F(in, fi)->parent < 0 ? fi : -1;
}

int inst_sub_field(const form_inst *in, const char *group, int idx, const char *key)
{
    int g = inst_top_field(in, group);
    if (g < 0 || F(in, g)->type != FORM_T_GROUP || idx < 0 || (size_t)idx >= in->groups[g].n)
        return -1;
    int fi = form_field_index(in->def, key);
    return fi >= 0 && F(in, fi)->parent == g ? fi : -1;
}

/* After field fi changed (or a member went: -1), the members' ID numbers
 * compared with it are checked again: the same sub-field in every member
 * but mi (inst_store checked that answer itself), and those whose
 * "other_than" names fi; and the answers that say a member is the form's
 * own person ("self_is") where fi is hers or theirs, and the household's
 * words that she is missing once she is not. */
void inst_recheck_same(form_inst *in, int fi, int mi)
{
    const form_def *d = in->def;
    for (size_t i = 0; i < d->nfields; i++) {
        const form_field *s = d->fields[i];
        if (s->type != FORM_T_IDNO || s->parent < 0 ||
            (fi >= 0 && (int)i != fi && s->other != fi))
            continue;
        for (size_t m = 0; m < in->groups[s->parent].n; m++)
            if ((int)i != fi || (int)m != mi)
                inst_recheck(in, (int)i, (int)m);
    }
    /* after them: the answers read their errors */
    for (size_t i = 0; i < d->nfields; i++) {
        const form_field *g = d->fields[i];
        if (g->type == FORM_T_GROUP && g->self_field >= 0 &&
            (fi < 0 || fi == g->includes || fi == g->includes_sub))
            for (size_t m = 0; m < in->groups[i].n; m++)
                inst_recheck(in, g->self_field, (int)m);
        /* a household's words that she is missing go once a member is her
         * (her number typed for one, or hers changed to one's), as an
         * added member takes a group's words; a count still wrong keeps them */
        char words[FORM_MSG_MAX];
        if (g->type == FORM_T_GROUP && g->includes >= 0 && in->err[i] &&
            (fi < 0 || fi == g->includes || fi == g->includes_sub) &&
            !inst_group_words(in, (int)i, words, sizeof words))
            inst_set_slot(&in->err[i], NULL);
    }
}

/* Stores v (normalised unless raw) and its error; recomputes dependants. */
int inst_store(form_inst *in, int fi, int mi, const char *v, int raw, char *err, size_t errlen)
{
    const form_field *f = F(in, fi);
    if (f->compute || f->type == FORM_T_GROUP)
        return FORM_ERR_READONLY;
    char *norm = NULL;
    if (v && *v) {
        norm = raw ? form_strdup(v) : inst_normalize(f, v);
        if (!norm)
            return FORM_ERR_NOMEM;
    }
    char msg[FORM_MSG_MAX] = "";
    int bad = norm && *norm && inst_check_value(in, fi, mi, norm, msg, sizeof msg) != VALID_OK;
    char **a = ans_slot(in, fi, mi), **e = err_slot(in, fi, mi);
    core_secret_free(*a); /* the answer replaced: wiped */
    *a = norm && *norm ? norm : NULL;
    if (!*a)
        free(norm);
    inst_set_slot(e, bad ? msg : NULL);
    /* A certificate number matched against this ID number is re-checked. */
    for (size_t i = 0; i < in->def->nfields; i++)
        if (in->def->fields[i]->match == fi)
            inst_recheck(in, (int)i, mi);
    if (f->type == FORM_T_IDNO)
        inst_recheck_same(in, fi, mi);
    inst_recompute(in, f->parent, mi);
    if (bad) {
        form_put(err, errlen, "%s", msg);
        return FORM_ERR_INVALID;
    }
    return FORM_OK;
}

int form_inst_set(form_inst *in, const char *key, const char *value, char *err, size_t errlen)
{
    int fi = inst_top_field(in, key);
    if (fi < 0)
        return FORM_ERR_NOTFOUND;
    if (in->confirmed)
        return FORM_ERR_STATE;
    in->from_card[fi] = 0; /* typed: no longer what the card said */
    return inst_store(in, fi, -1, value, 0, err, errlen);
}

const char *form_inst_get(const form_inst *in, const char *key)
{
    int fi = inst_top_field(in, key);
    return fi < 0 ? NULL : in->ans[fi];
}

const char *form_inst_error(const form_inst *in, const char *key)
{
    int fi = inst_top_field(in, key);
    return fi < 0 ? NULL : in->err[fi];
}

int form_inst_visible(const form_inst *in, const char *key)
{
    int fi = inst_top_field(in, key);
    return fi < 0 ? 0 : inst_visible(in, fi, -1);
}

const char *form_inst_rule_field(const form_inst *in)
{
    return in->rule_field >= 0 ? F(in, in->rule_field)->key : NULL;
}

void form_inst_set_agent(form_inst *in, const char *id)
{
    if (!strcmp(in->agent, id ? id : ""))
        return;
    snprintf(in->agent, sizeof in->agent, "%s", id ? id : "");
    inst_recompute(in, -1, -1);
}

void form_inst_limits(const form_inst *in, const form_field *f, form_limits *out)
{
    form_field_limits(f, out);
    if (f->min.kind == FNUM_THIS_YEAR)
        out->min = in->today.year;
    if (f->max.kind == FNUM_THIS_YEAR)
        out->max = in->today.year;
}

int form_inst_date_range(const form_inst *in, const char *key, valid_date *min, int *has_min,
                         valid_date *max, int *has_max)
{
    int fi = form_field_index(in->def, key);
    if (fi < 0 || F(in, fi)->type != FORM_T_DATE)
        return FORM_ERR_NOTFOUND;
    *has_min = inst_resolve_date(F(in, fi)->date_min, in->today, min);
    *has_max = inst_resolve_date(F(in, fi)->date_max, in->today, max);
    return FORM_OK;
}

/* ---- groups ---- */

static int group_field(const form_inst *in, const char *group)
{
    int g = inst_top_field(in, group);
    return g >= 0 && F(in, g)->type == FORM_T_GROUP ? g : -1;
}

int form_inst_member_count(const form_inst *in, const char *group)
{
    int g = group_field(in, group);
    return g < 0 ? FORM_ERR_NOTFOUND : (int)in->groups[g].n;
}

static void member_fill_defaults(form_inst *in, int g, int mi)
{
    const form_field *gf = F(in, g);
    for (size_t i = 0; i < gf->nsubs; i++)
        fill_default(in, gf->subs[i], mi);
    for (size_t i = 0; i < gf->nsubs; i++)
        inst_recheck(in, gf->subs[i], mi);
    inst_recompute(in, g, mi);
}

int inst_member_append(form_inst *in, int g)
{
    gstate *gs = &in->groups[g];
    mstate *nm = realloc(gs->m, (gs->n + 1) * sizeof *nm);
    if (!nm)
        return FORM_ERR_NOMEM;
    gs->m = nm;
    mstate *m = &gs->m[gs->n];
    m->ans = calloc(in->def->nfields, sizeof *m->ans);
    m->err = calloc(in->def->nfields, sizeof *m->err);
    m->card = calloc(in->def->nfields, 1);
    if (!m->ans || !m->err || !m->card) {
        free(m->ans);
        free(m->err);
        free(m->card);
        return FORM_ERR_NOMEM;
    }
    gs->n++;
    return (int)gs->n - 1;
}

int form_inst_member_add(form_inst *in, const char *group, char *err, size_t errlen)
{
    int g = group_field(in, group);
    if (g < 0)
        return FORM_ERR_NOTFOUND;
    if (in->confirmed)
        return FORM_ERR_STATE;
    const form_field *gf = F(in, g);
    if ((int)in->groups[g].n >= gf->group_max) {
        form_text_put(err, errlen, FORM_TEXT_GROUP_FULL, gf->item_label, gf->group_max);
        return FORM_ERR_FULL;
    }
    int mi = inst_member_append(in, g);
    if (mi < 0)
        return mi;
    member_fill_defaults(in, g, mi);
    inst_set_slot(&in->err[g], NULL);
    return mi;
}

int form_inst_member_remove(form_inst *in, const char *group, int idx)
{
    int g = group_field(in, group);
    if (g < 0 || idx < 0 || (size_t)idx >= in->groups[g].n)
        return FORM_ERR_NOTFOUND;
    if (in->confirmed)
        return FORM_ERR_STATE;
    gstate *gs = &in->groups[g];
    member_clear(in->def, &gs->m[idx]);
    memmove(&gs->m[idx], &gs->m[idx + 1], (gs->n - (size_t)idx - 1) * sizeof *gs->m);
    gs->n--;
    inst_recheck_same(in, -1, -1); /* a member twice, now once; the numbers in the words moved */
    return FORM_OK;
}

int form_inst_member_self_missing(const form_inst *in, const char *group, char *name, size_t n)
{
    int g = group_field(in, group);
    if (n)
        name[0] = '\0';
    if (g < 0 || inst_group_has_self(in, g))
        return 0;
    const char *own = inst_own_name(in);
    if (n && own)
        form_put(name, n, "%s", own);
    return 1;
}

int form_inst_member_add_self(form_inst *in, const char *group, char *err, size_t errlen)
{
    int g = group_field(in, group);
    if (g < 0)
        return FORM_ERR_NOTFOUND;
    if (in->confirmed || !form_inst_member_self_missing(in, group, NULL, 0))
        return FORM_ERR_STATE;
    int mi = form_inst_member_add(in, group, err, errlen);
    if (mi < 0)
        return mi;
    const form_field *gf = F(in, g);
    /* from the form's own fields to the member's: her ID number, her name */
    int from[2] = {gf->includes, in->def->card[FORM_CARD_NAME] - 1};
    int to[2] = {gf->includes_sub, gf->idcard[FORM_CARD_NAME] - 1};
    for (int k = 0; k < 2; k++) {
        if (from[k] < 0 || to[k] < 0 || !has_valid(in, from[k], -1))
            continue;
        inst_store(in, to[k], mi, value_of(in, from[k], -1), 1, NULL, 0);
        in->groups[g].m[mi].card[to[k]] = in->from_card[from[k]];
    }
    if (gf->self_field >= 0) /* 与申请人关系: 本人 */
        inst_store(in, gf->self_field, mi, gf->self_value, 1, NULL, 0);
    return mi;
}

int form_inst_member_set(form_inst *in, const char *group, int idx, const char *key,
                         const char *value, char *err, size_t errlen)
{
    int fi = inst_sub_field(in, group, idx, key);
    if (fi < 0)
        return FORM_ERR_NOTFOUND;
    if (in->confirmed)
        return FORM_ERR_STATE;
    in->groups[F(in, fi)->parent].m[idx].card[fi] = 0; /* typed: no longer the card's */
    return inst_store(in, fi, idx, value, 0, err, errlen);
}

const char *form_inst_member_get(const form_inst *in, const char *group, int idx,
                                 const char *key)
{
    int fi = inst_sub_field(in, group, idx, key);
    return fi < 0 ? NULL : value_of(in, fi, idx);
}

const char *form_inst_member_error(const form_inst *in, const char *group, int idx,
                                   const char *key)
{
    int fi = inst_sub_field(in, group, idx, key);
    return fi < 0 ? NULL : *err_slot(in, fi, idx);
}

int form_inst_member_visible(const form_inst *in, const char *group, int idx, const char *key)
{
    int fi = inst_sub_field(in, group, idx, key);
    return fi < 0 ? 0 : inst_visible(in, fi, idx);
}

/* ---- navigation ---- */

int form_inst_page_visible(const form_inst *in, size_t page)
{
    const form_def *d = in->def;
    if (page >= d->npages)
        return 0;
    for (size_t i = 0; i < d->pages[page].n; i++)
        if (inst_visible(in, d->pages[page].fields[i], -1))
            return 1;
    return 0;
}

size_t form_inst_page(const form_inst *in) { return in->page; }
int form_inst_at_review(const form_inst *in) { return in->review; }
int form_inst_confirmed(const form_inst *in) { return in->confirmed; }

int form_inst_next(form_inst *in, char *err, size_t errlen)
{
    if (in->review || in->confirmed)
        return FORM_ERR_STATE;
    int rc = form_inst_check_page(in, in->page, err, errlen);
    if (rc)
        return rc;
    rc = inst_check_rules(in, (int)in->page, err, errlen);
    if (rc)
        return rc;
    for (size_t p = in->page + 1; p < in->def->npages; p++)
        if (form_inst_page_visible(in, p)) {
            in->page = p;
            return FORM_OK;
        }
    return form_inst_goto_review(in, err, errlen);
}

int form_inst_back(form_inst *in)
{
    if (in->confirmed)
        return FORM_ERR_STATE;
    size_t from = in->review ? in->def->npages : in->page;
    for (size_t p = from; p-- > 0;)
        if (form_inst_page_visible(in, p)) {
            in->page = p;
            in->review = 0;
            return FORM_OK;
        }
    return FORM_ERR_STATE;
}

int form_inst_goto(form_inst *in, size_t page)
{
    if (in->confirmed)
        return FORM_ERR_STATE;
    if (!form_inst_page_visible(in, page))
        return FORM_ERR_NOTFOUND;
    in->page = page;
    in->review = 0;
    return FORM_OK;
}

int form_inst_goto_review(form_inst *in, char *err, size_t errlen)
{
    if (in->confirmed)
        return FORM_ERR_STATE;
    for (size_t p = 0; p < in->def->npages; p++) {
        if (!form_inst_page_visible(in, p))
            continue;
        int rc = form_inst_check_page(in, p, err, errlen);
        if (rc) {
            in->page = p;
            in->review = 0;
            return rc;
        }
    }
    int rc = inst_check_rules(in, (int)in->def->npages, err, errlen);
    if (rc)
        return rc;
    in->review = 1;
    return FORM_OK;
}

void form_inst_progress(const form_inst *in, int *step, int *total)
{
    int t = 0, s = 0;
    for (size_t p = 0; p < in->def->npages; p++) {
        if (!form_inst_page_visible(in, p))
            continue;
        t++;
        if (p <= in->page)
            s = t;
    }
    if (in->review)
        s = t;
    if (s == 0)
        s = 1;
    *step = s;
    *total = t;
}

int form_inst_confirm(form_inst *in, char *err, size_t errlen)
{
    if (in->confirmed || !in->review)
        return FORM_ERR_STATE;
    int rc = form_inst_goto_review(in, err, errlen);
    if (rc)
        return rc;
    in->confirmed = 1;
    return FORM_OK;
}
