/* form_save.c — what leaves an instance: the autosave blob (answers, page,
 * review and confirmed state, which answers an ID card filled) and
 * rebuilding an instance from it, and the filing payload uploaded to the
 * county platform once confirmed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "form/form_internal.h"
#include "form/form_text.h"
#include "form/validate.h"

#define BLOB_FORMAT 1

/* ---- save / restore ---- */

int form_saved_name(const form_def *d, const char *blob, char *out, size_t n)
{
    if (!out || !n)
        return -1;
    out[0] = '\0';
    const form_field *nf = d ? form_def_card_field(d, FORM_CARD_NAME) : NULL;
    cJSON *root = nf && blob ? cJSON_Parse(blob) : NULL;
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(root, "form");
    const cJSON *ans = cJSON_GetObjectItemCaseSensitive(root, "answers");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(ans, nf ? nf->key : "");
    int ok = cJSON_IsString(form) && !strcmp(form->valuestring, d->id) && cJSON_IsString(v) &&
             v->valuestring[0];
    if (ok)
        utf8_copy(out, n, v->valuestring);
    cJSON_Delete(root);
    return ok ? 0 : -1;
}

char *form_inst_save(const form_inst *in)
{
    const form_def *d = in->def;
    cJSON *root = cJSON_CreateObject();
    cJSON *ans = cJSON_CreateObject();
    if (!root || !ans) {
        cJSON_Delete(root);
        cJSON_Delete(ans);
        return NULL;
    }
    cJSON_AddNumberToObject(root, "format", BLOB_FORMAT);
    cJSON_AddStringToObject(root, "form", d->id);
    cJSON_AddNumberToObject(root, "version", d->version);
    cJSON_AddNumberToObject(root, "page", (double)in->page);
    cJSON_AddBoolToObject(root, "review", in->review);
    cJSON_AddBoolToObject(root, "confirmed", in->confirmed);
    cJSON_AddItemToObject(root, "answers", ans);
    for (size_t i = 0; i < d->ntop; i++) {
        int fi = d->top[i];
        const form_field *f = F(in, fi);
        if (f->compute)
            continue;
        if (f->type != FORM_T_GROUP) {
            if (in->ans[fi])
                cJSON_AddStringToObject(ans, f->key, in->ans[fi]);
            continue;
        }
        cJSON *arr = cJSON_AddArrayToObject(ans, f->key);
        for (size_t m = 0; arr && m < in->groups[fi].n; m++) {
            cJSON *o = cJSON_CreateObject();
            if (!o)
                break;
            for (size_t s = 0; s < f->nsubs; s++) {
                const char *v = value_of(in, f->subs[s], (int)m);
                if (v && !F(in, f->subs[s])->compute)
                    cJSON_AddStringToObject(o, F(in, f->subs[s])->key, v);
            }
            cJSON_AddItemToArray(arr, o);
        }
    }
    /* the answers an ID card filled and nobody typed over since (已从身份证读入
     * after a power cut too): "name", a member's "members[0].m_name" */
    cJSON *marks = cJSON_CreateArray();
    for (size_t fi = 0; marks && fi < d->nfields; fi++) {
        const form_field *f = F(in, fi);
        if (f->compute || f->type == FORM_T_GROUP)
            continue;
        char k[160];
        if (f->parent < 0) {
            if (in->from_card[fi] && in->ans[fi])
                cJSON_AddItemToArray(marks, cJSON_CreateString(f->key));
            continue;
        }
        for (size_t m = 0; m < in->groups[f->parent].n; m++)
            if (in->groups[f->parent].m[m].card[fi] && value_of(in, (int)fi, (int)m)) {
                snprintf(k, sizeof k, "%s[%zu].%s", F(in, f->parent)->key, m, f->key);
                cJSON_AddItemToArray(marks, cJSON_CreateString(k));
            }
    }
    if (marks && cJSON_GetArraySize(marks) > 0)
        cJSON_AddItemToObject(root, "from_card", marks);
    else
        cJSON_Delete(marks);
    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return s;
}

/* One mark of "from_card" (form_inst_save) put back where its answer is;
 * one that names no answer is left out (a mark is worth less than the draft). */
static void restore_mark(form_inst *in, const char *s)
{
    char g[48], k[48], end;
    int idx;
    if (sscanf(s, "%40[a-z0-9_][%d].%40[a-z0-9_]%c", g, &idx, k, &end) == 3) {
        int si = inst_sub_field(in, g, idx, k);
        if (si >= 0 && !F(in, si)->compute && value_of(in, si, idx))
            in->groups[F(in, si)->parent].m[idx].card[si] = 1;
        return;
    }
    int fi = inst_top_field(in, s);
    if (fi >= 0 && F(in, fi)->type != FORM_T_GROUP && !F(in, fi)->compute && in->ans[fi])
        in->from_card[fi] = 1;
}

static int restore_value(form_inst *in, int fi, int mi, const cJSON *v, char *err, size_t errlen)
{
    const form_field *f = F(in, fi);
    if (f->compute) {
        form_put(err, errlen, "computed field '%s' in saved answers", f->key);
        return FORM_ERR_MALFORMED;
    }
    if (!cJSON_IsString(v) || !*v->valuestring || !utf8_valid(v->valuestring)) {
        form_put(err, errlen, "answer '%s' is not a non-empty UTF-8 string", f->key);
        return FORM_ERR_MALFORMED;
    }
    int rc = inst_store(in, fi, mi, v->valuestring, 1, NULL, 0);
    return rc == FORM_ERR_INVALID ? FORM_OK : rc;
}

int form_inst_restore(const form_def *def, const char *blob, valid_date today, form_inst **out,
                      char *err, size_t errlen)
{
    *out = NULL;
    cJSON *root = blob ? cJSON_Parse(blob) : NULL;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        form_put(err, errlen, "saved state is not a JSON object");
        return FORM_ERR_MALFORMED;
    }
    int rc = FORM_ERR_MALFORMED;
    form_inst *in = NULL;
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "form");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *page = cJSON_GetObjectItemCaseSensitive(root, "page");
    const cJSON *rev = cJSON_GetObjectItemCaseSensitive(root, "review");
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(root, "confirmed");
    const cJSON *ans = cJSON_GetObjectItemCaseSensitive(root, "answers");
    if (!cJSON_IsNumber(fmt) || fmt->valuedouble != BLOB_FORMAT || !cJSON_IsString(id) ||
        !cJSON_IsNumber(ver) || !cJSON_IsNumber(page) || !cJSON_IsBool(rev) ||
        !cJSON_IsBool(conf) || !cJSON_IsObject(ans)) {
        form_put(err, errlen,
                 "saved state lacks format/form/version/page/review/confirmed/answers");
        goto out;
    }
    if (strcmp(id->valuestring, def->id) || ver->valuedouble != def->version) {
        form_put(err, errlen, "saved state is for form '%.60s' version %d, not '%s' version %d",
                 id->valuestring, ver->valueint, def->id, def->version);
        rc = FORM_ERR_MISMATCH;
        goto out;
    }
    if (page->valuedouble < 0 || page->valuedouble >= (double)def->npages ||
        page->valuedouble != (double)page->valueint) {
        form_put(err, errlen, "saved page %g does not exist", page->valuedouble);
        goto out;
    }
    in = inst_alloc(def, today);
    if (!in) {
        rc = FORM_ERR_NOMEM;
        goto out;
    }
    for (const cJSON *a = ans->child; a; a = a->next) {
        int fi = inst_top_field(in, a->string);
        if (fi < 0) {
            form_put(err, errlen, "saved answer for unknown field '%.60s'", a->string);
            goto out;
        }
        if (F(in, fi)->type != FORM_T_GROUP) {
            if ((rc = restore_value(in, fi, -1, a, err, errlen)) != FORM_OK)
                goto out;
            rc = FORM_ERR_MALFORMED;
            continue;
        }
        if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > F(in, fi)->group_max) {
            form_put(err, errlen, "group '%s' is not a list of at most %d members", a->string,
                     F(in, fi)->group_max);
            goto out;
        }
        const cJSON *mo;
        cJSON_ArrayForEach(mo, a)
        {
            if (!cJSON_IsObject(mo)) {
                form_put(err, errlen, "a member of group '%s' is not an object", a->string);
                goto out;
            }
            int mi = inst_member_append(in, fi);
            if (mi < 0) {
                rc = mi;
                goto out;
            }
            for (const cJSON *sv = mo->child; sv; sv = sv->next) {
                int si = form_field_index(def, sv->string);
                if (si < 0 || F(in, si)->parent != fi) {
                    form_put(err, errlen, "group '%s' has no field '%.60s'", a->string, sv->string);
                    goto out;
                }
                if ((rc = restore_value(in, si, mi, sv, err, errlen)) != FORM_OK)
                    goto out;
                rc = FORM_ERR_MALFORMED;
            }
        }
    }
    const cJSON *marks = cJSON_GetObjectItemCaseSensitive(root, "from_card"), *mk;
    if (cJSON_IsArray(marks)) {
        cJSON_ArrayForEach(mk, marks)
        {
            if (cJSON_IsString(mk))
                restore_mark(in, mk->valuestring);
        }
    }
    inst_recheck_all(in);
    in->page = (size_t)page->valueint;
    in->review = cJSON_IsTrue(rev);
    in->confirmed = cJSON_IsTrue(conf);
    if (in->confirmed && !in->review) {
        form_put(err, errlen, "saved state is confirmed but not at review");
        goto out;
    }
    *out = in;
    in = NULL;
    rc = FORM_OK;
out:
    form_inst_free(in);
    cJSON_Delete(root);
    return rc;
}

/* ---- payload ---- */

static cJSON *typed(const form_field *f, const char *v)
{
    long long x;
    if (f->type == FORM_T_INTEGER &&
        valid_int_parse(v, -999999999999999LL, 999999999999999LL, &x) == VALID_OK)
        return cJSON_CreateNumber((double)x);
    if (f->type == FORM_T_MONEY && valid_money_parse(v, 0, 9999999999999LL, &x) == VALID_OK)
        return cJSON_CreateNumber((double)x);
    if (f->type == FORM_T_MULTI || f->type == FORM_T_PHOTO) {
        cJSON *arr = cJSON_CreateArray();
        char *dup = form_strdup(v), *save = NULL;
        for (char *t = dup ? strtok_r(dup, ",", &save) : NULL; arr && t;
             t = strtok_r(NULL, ",", &save))
            cJSON_AddItemToArray(arr, cJSON_CreateString(t));
        free(dup);
        return arr;
    }
    return cJSON_CreateString(v);
}

char *form_inst_payload(const form_inst *in, char *err, size_t errlen)
{
    if (!in->confirmed) {
        form_text_put(err, errlen, FORM_TEXT_NOT_CONFIRMED);
        return NULL;
    }
    const form_def *d = in->def;
    cJSON *root = cJSON_CreateObject();
    cJSON *ans = root ? cJSON_AddObjectToObject(root, "answers") : NULL;
    if (!ans) {
        cJSON_Delete(root);
        return NULL;
    }
    cJSON_AddStringToObject(root, "form", d->id);
    cJSON_AddNumberToObject(root, "version", d->version);
    for (size_t i = 0; i < d->ntop; i++) {
        int fi = d->top[i];
        const form_field *f = F(in, fi);
        if (!inst_visible(in, fi, -1))
            continue;
        if (f->type != FORM_T_GROUP) {
            if (in->ans[fi])
                cJSON_AddItemToObject(ans, f->key, typed(f, in->ans[fi]));
            continue;
        }
        cJSON *arr = cJSON_AddArrayToObject(ans, f->key);
        for (size_t m = 0; arr && m < in->groups[fi].n; m++) {
            cJSON *o = cJSON_CreateObject();
            for (size_t s = 0; o && s < f->nsubs; s++) {
                int si = f->subs[s];
                const char *v = value_of(in, si, (int)m);
                if (v && inst_visible(in, si, (int)m))
                    cJSON_AddItemToObject(o, F(in, si)->key, typed(F(in, si), v));
            }
            cJSON_AddItemToArray(arr, o);
        }
    }
    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!s)
        form_text_put(err, errlen, FORM_TEXT_NOMEM);
    return s;
}
