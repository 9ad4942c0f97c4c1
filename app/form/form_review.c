/* form_review.c — answers as the villager reads them ("1990年1月2日",
 * option labels, amounts with their unit) and the review list of every
 * visible answer in page order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form_internal.h"
#include "form/form_text.h"
#include "form/validate.h"

/* ---- display ---- */

const char *form_field_grouped(const form_field *f, const char *v, char *out, size_t n)
{
    switch (f->type) {
    case FORM_T_IDNO: return valid_idno_group(v, out, n);
    case FORM_T_CARD: return valid_card_group(v, out, n);
    case FORM_T_MOBILE: return valid_mobile_group(v, out, n);
    case FORM_T_TEXT: /* an ID number and two */
        return f->format && !strcmp(f->format, "disability_cert") ? valid_cert_group(v, out, n) : v;
    default: return v;
    }
}

size_t inst_display(const form_field *f, const char *v, char *out, size_t n)
{
    if (n == 0)
        return 0;
    out[0] = '\0';
    if (!v)
        return 0;
    const char *unit = form_field_unit(f);
    valid_date d;
    long long fen;
    switch (f->type) {
    case FORM_T_DATE:
        if (valid_date_parse(v, &d) == VALID_OK)
            form_text_put(out, n, FORM_TEXT_DATE, d.year, d.month, d.day);
        else
            snprintf(out, n, "%s", v);
        break;
    case FORM_T_CHOICE: {
        const char *l = form_field_option_find(f, v);
        snprintf(out, n, "%s", l ? l : v);
        break;
    }
    case FORM_T_MULTI: {
        size_t o = 0;
        const char *sep = form_text(FORM_TEXT_LIST_SEP);
        char *dup = form_strdup(v), *save = NULL;
        if (!dup)
            break;
        for (char *tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            const char *l = form_field_option_find(f, tok);
            int w = snprintf(out + o, n - o, "%s%s", o ? sep : "", l ? l : tok);
            if (w < 0 || (size_t)w >= n - o)
                break;
            o += (size_t)w;
        }
        free(dup);
        break;
    }
    case FORM_T_MONEY:
        if (valid_money_parse(v, 0, 9999999999999LL, &fen) == VALID_OK) {
            char a[40];
            form_fmt_yuan(fen, a, sizeof a); /* 300 元, 0 元; 12.50 元 */
            snprintf(out, n, "%s %s", a, *unit ? unit : form_text(FORM_TEXT_YUAN));
        } else {
            snprintf(out, n, "%s", v);
        }
        break;
    case FORM_T_PLEDGE:
        snprintf(out, n, "%s",
                 form_text(!strcmp(v, "yes") ? FORM_TEXT_AGREED : FORM_TEXT_DISAGREED));
        break;
    case FORM_T_SIGNATURE:
        snprintf(out, n, "%s", form_text(FORM_TEXT_SIGNED));
        break;
    case FORM_T_PHOTO: { /* how many, never the file names */
        int k = *v ? 1 : 0;
        for (const char *p = v; *p; p++)
            k += *p == ',';
        form_text_put(out, n, FORM_TEXT_PHOTOS, k);
        break;
    }
    case FORM_T_IDNO: /* grouped for reading: 6-8-4, a card's fours, 3-4-4 */
    case FORM_T_CARD:
    case FORM_T_MOBILE:
        form_field_grouped(f, v, out, n);
        break;
    case FORM_T_TEXT:
        if (form_field_grouped(f, v, out, n) == out) /* 残疾人证号 */
            break;
        snprintf(out, n, "%s%s%s", v, *unit ? " " : "", unit);
        break;
    default:
        snprintf(out, n, "%s%s%s", v, *unit ? " " : "", unit);
        break;
    }
    return strlen(out);
}

size_t form_inst_display(const form_inst *in, const char *key, char *out, size_t n)
{
    int fi = inst_top_field(in, key);
    if (fi < 0) {
        if (n)
            out[0] = '\0';
        return 0;
    }
    return inst_display(F(in, fi), in->ans[fi], out, n);
}

size_t form_inst_member_display(const form_inst *in, const char *group, int idx,
                                const char *key, char *out, size_t n)
{
    int fi = inst_sub_field(in, group, idx, key);
    if (fi < 0) {
        if (n)
            out[0] = '\0';
        return 0;
    }
    return inst_display(F(in, fi), value_of(in, fi, idx), out, n);
}

/* ---- review ---- */

typedef struct {
    form_review_item *v;
    size_t n, cap;
    int oom;
} items;

static void add_item(items *it, const form_field *f, const char *label, const char *disp,
                     size_t page, int member)
{
    if (it->oom)
        return;
    if (it->n == it->cap) {
        size_t nc = it->cap ? it->cap * 2 : 16;
        form_review_item *nv = realloc(it->v, nc * sizeof *nv);
        if (!nv) {
            it->oom = 1;
            return;
        }
        it->v = nv;
        it->cap = nc;
    }
    form_review_item *x = &it->v[it->n];
    x->field = f;
    x->label = form_strdup(label);
    x->display = form_strdup(disp);
    x->page = page;
    x->member = member;
    if (!x->label || !x->display) {
        free(x->label);
        free(x->display);
        it->oom = 1;
        return;
    }
    it->n++;
}

int form_inst_review(const form_inst *in, form_review_item **out, size_t *n)
{
    const form_def *d = in->def;
    items it = {0};
    /* a text answer whole: FORM_MAX_TEXT characters of up to 4 bytes */
    char disp[FORM_MAX_TEXT * 4 + 256], label[512];
    for (size_t p = 0; p < d->npages; p++) {
        for (size_t i = 0; i < d->pages[p].n; i++) {
            int fi = d->pages[p].fields[i];
            const form_field *f = F(in, fi);
            if (!inst_visible(in, fi, -1))
                continue;
            if (f->type != FORM_T_GROUP) {
                if (in->ans[fi]) {
                    inst_display(f, in->ans[fi], disp, sizeof disp);
                    add_item(&it, f, f->label, disp, p, -1);
                } else if (f->compute == FORM_COMPUTE_NONE) { /* optional, left: shown so */
                    add_item(&it, f, f->label, "", p, -1);
                }
                /* what the household pays, as under the question */
                if (form_inst_fee(in, f->key, disp, sizeof disp))
                    add_item(&it, f, form_text(FORM_TEXT_FEE_LABEL), disp, p, -1);
                continue;
            }
            for (size_t m = 0; m < in->groups[fi].n; m++)
                for (size_t s = 0; s < f->nsubs; s++) {
                    int si = f->subs[s];
                    const char *v = value_of(in, si, (int)m);
                    if (!inst_visible(in, si, (int)m) ||
                        (!v && F(in, si)->compute != FORM_COMPUTE_NONE))
                        continue;
                    inst_display(F(in, si), v, disp, sizeof disp);
                    form_text_put(label, sizeof label, FORM_TEXT_MEMBER_FIELD, f->item_label,
                                  m + 1, F(in, si)->label);
                    add_item(&it, F(in, si), label, disp, p, (int)m);
                }
        }
    }
    if (it.oom) {
        form_review_free(it.v, it.n);
        *out = NULL;
        *n = 0;
        return FORM_ERR_NOMEM;
    }
    *out = it.v;
    *n = it.n;
    return FORM_OK;
}

void form_review_free(form_review_item *items_, size_t n)
{
    for (size_t i = 0; items_ && i < n; i++) {
        free(items_[i].label);
        free(items_[i].display);
    }
    free(items_);
}

