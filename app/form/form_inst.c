/* form_inst.c — answers, visibility, computed values, navigation, review,
 * autosave and payload of one form being filled (form_inst.h). */
#include "form/form_inst.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form_internal.h"
#include "core/utf8.h"

#define BLOB_FORMAT 1
#define MSG 256

typedef struct {
    char **ans, **err; /* indexed by flat field index */
} mstate;

typedef struct {
    mstate *m;
    size_t n;
} gstate;

struct form_inst {
    const form_def *def;
    valid_date today;
    char **ans, **err; /* top-level fields, by flat index */
    gstate *groups;    /* by flat index of the group field */
    size_t page;
    int review, confirmed;
};

const char *form_strerror(int code)
{
    switch (code) {
    case FORM_OK: return "ok";
    case FORM_EINVALID: return "answer is not valid";
    case FORM_EINCOMPLETE: return "page has missing or invalid answers";
    case FORM_EINELIGIBLE: return "an eligibility rule refuses the application";
    case FORM_ENOTFOUND: return "no such field, member or page";
    case FORM_EREADONLY: return "field cannot be set (computed or group)";
    case FORM_ESTATE: return "not allowed in the current step";
    case FORM_EFULL: return "group is full";
    case FORM_EMALFORMED: return "saved form state is malformed";
    case FORM_EMISMATCH: return "saved form state is for another form or version";
    case FORM_ENOMEM: return "out of memory";
    default: return "unknown error";
    }
}

static void put(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static const form_field *F(const form_inst *in, int fi)
{
    return in->def->fields[fi];
}

/* Slots of a field's answer and error in the context of member mi. */
static char **ans_slot(const form_inst *in, int fi, int mi)
{
    int g = F(in, fi)->parent;
    if (g < 0)
        return &in->ans[fi];
    if (mi < 0 || (size_t)mi >= in->groups[g].n)
        return NULL;
    return &in->groups[g].m[mi].ans[fi];
}

static char **err_slot(const form_inst *in, int fi, int mi)
{
    int g = F(in, fi)->parent;
    if (g < 0)
        return &in->err[fi];
    if (mi < 0 || (size_t)mi >= in->groups[g].n)
        return NULL;
    return &in->groups[g].m[mi].err[fi];
}

static const char *value_of(const form_inst *in, int fi, int mi)
{
    char **s = ans_slot(in, fi, mi);
    return s ? *s : NULL;
}

static int has_valid(const form_inst *in, int fi, int mi)
{
    char **a = ans_slot(in, fi, mi), **e = err_slot(in, fi, mi);
    return a && *a && !*e;
}

static void set_slot(char **slot, const char *v)
{
    free(*slot);
    *slot = v ? xstrdup(v) : NULL;
}

/* ---- dates ---- */

static long days_from_civil(valid_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static valid_date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    valid_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(y + (d.month <= 2));
    return d;
}

/* "YYYY-MM-DD", "today", "today+N", "today-N" (checked at load). */
static int resolve_date(const char *expr, valid_date today, valid_date *out)
{
    if (!expr)
        return 0;
    if (!strncmp(expr, "today", 5)) {
        long off = expr[5] ? strtol(expr + 6, NULL, 10) : 0;
        if (expr[5] == '-')
            off = -off;
        *out = civil_from_days(days_from_civil(today) + off);
        return 1;
    }
    return valid_date_parse(expr, out) == VALID_OK;
}

/* ---- normalisation ---- */

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000;
}

/* Trims; for compact types also drops inner spaces and maps full-width
 * digits and letters to ASCII; `upper` upper-cases ASCII letters. */
static char *normalize(const char *v, int compact, int upper)
{
    if (!utf8_valid(v))
        return xstrdup(v); /* validation reports it */
    size_t len = strlen(v);
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    const char *p = v;
    size_t n = 0, keep = 0; /* keep: length up to the last non-space */
    uint32_t cp;
    int started = 0;
    while ((cp = utf8_next(&p)) != 0) {
        if (compact) {
            if (is_space_cp(cp))
                continue;
            if (cp >= 0xFF10 && cp <= 0xFF19)
                cp = '0' + (cp - 0xFF10);
            else if (cp >= 0xFF21 && cp <= 0xFF3A)
                cp = 'A' + (cp - 0xFF21);
            else if (cp >= 0xFF41 && cp <= 0xFF5A)
                cp = 'a' + (cp - 0xFF41);
            else if (cp == 0xFF0E)
                cp = '.';
        }
        if (!started && is_space_cp(cp))
            continue;
        started = 1;
        if (upper && cp >= 'a' && cp <= 'z')
            cp -= 32;
        char buf[4];
        int k = utf8_encode(cp, buf);
        memcpy(out + n, buf, (size_t)k);
        n += (size_t)k;
        if (!is_space_cp(cp))
            keep = n;
    }
    out[keep] = '\0';
    return out;
}

static char *normalize_for(const form_field *f, const char *v)
{
    switch (f->type) {
    case FORM_T_IDNO:
        return normalize(v, 1, 1);
    case FORM_T_MOBILE:
    case FORM_T_INTEGER:
    case FORM_T_MONEY:
    case FORM_T_DATE:
        return normalize(v, 1, 0);
    case FORM_T_CARD:
        return normalize(v, 1, 1);
    case FORM_T_NAME: {
        char *t = normalize(v, 1, 0);
        if (!t)
            return NULL;
        char *o = malloc(strlen(t) * 2 + 1); /* '.' (1 byte) becomes 2 bytes */
        if (o && valid_name_normalize(t, o, strlen(t) * 2 + 1) == 0) {
            free(t);
            return o;
        }
        free(o);
        return t;
    }
    case FORM_T_TEXT:
        if (f->format || (f->charset && strcmp(f->charset, "any")))
            return normalize(v, 1, 1);
        return normalize(v, 0, 0);
    default:
        return normalize(v, 0, 0);
    }
}

/* ---- validation of one answer ---- */

static int count_chars(const char *s)
{
    return (int)utf8_count(s);
}

static int check_text_chars(const form_field *f, const char *v)
{
    const char *cs = f->charset ? f->charset : "any";
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p < 0x20 && !(*p == '\n' && f->multiline))
            return 0;
        if (*p == 0x7f)
            return 0;
        if (!strcmp(cs, "digits") && !(*p >= '0' && *p <= '9'))
            return 0;
        if (!strcmp(cs, "alnum") && !((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')))
            return 0;
        if (!strcmp(cs, "receipt") &&
            !((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '-'))
            return 0;
    }
    return 1;
}

static void fmt_yuan(long long fen, char *out, size_t n)
{
    valid_money_format(fen, out, n);
    /* 12.00 -> 12 for messages */
    size_t l = strlen(out);
    if (l > 3 && !strcmp(out + l - 3, ".00"))
        out[l - 3] = '\0';
}

/* Validates v for field fi in the context of member mi; writes the message. */
static int check_value(const form_inst *in, int fi, int mi, const char *v, char *msg, size_t n)
{
    const form_field *f = F(in, fi);
    form_limits lim;
    form_field_limits(f, &lim);
    int rc = VALID_OK;
    msg[0] = '\0';
    if (!utf8_valid(v)) {
        put(msg, n, "%s", valid_strerror(VALID_EUTF8));
        return VALID_EUTF8;
    }
    switch (f->type) {
    case FORM_T_TEXT:
    case FORM_T_ADDRESS:
        if (!check_text_chars(f, v)) {
            rc = VALID_ECHARS;
            if (f->charset && !strcmp(f->charset, "digits"))
                put(msg, n, "%s只能填数字，请修改", f->label);
            else if (f->charset && strcmp(f->charset, "any"))
                put(msg, n, "%s只能填数字和字母，请修改", f->label);
            break;
        }
        if (f->format) {
            const char *id = f->match >= 0 && has_valid(in, f->match, mi)
                                 ? value_of(in, f->match, mi) : NULL;
            rc = valid_disability_cert(v, in->today, id, NULL, NULL);
            break;
        }
        if (lim.min_len && count_chars(v) < lim.min_len) {
            rc = VALID_ETOOSHORT;
            put(msg, n, "%s至少要填%d个字，请填写完整", f->label, lim.min_len);
        } else if (lim.max_len && count_chars(v) > lim.max_len) {
            rc = VALID_ETOOLONG;
            put(msg, n, "%s最多填%d个字，请删掉一些", f->label, lim.max_len);
        }
        break;
    case FORM_T_NAME:
        rc = valid_name(v, lim.min_len, lim.max_len);
        break;
    case FORM_T_IDNO:
        rc = valid_idno(v, in->today, NULL);
        break;
    case FORM_T_MOBILE:
        rc = valid_mobile(v);
        break;
    case FORM_T_DATE: {
        valid_date dmin, dmax;
        int hmin = resolve_date(lim.date_min, in->today, &dmin);
        int hmax = resolve_date(lim.date_max, in->today, &dmax);
        rc = valid_date_range(v, hmin ? &dmin : NULL, hmax ? &dmax : NULL, NULL);
        if (rc == VALID_EDATE_EARLY)
            put(msg, n, "%s不能早于%d年%d月%d日，请重新选择", f->label, dmin.year, dmin.month,
                dmin.day);
        else if (rc == VALID_EDATE_LATE)
            put(msg, n, "%s不能晚于%d年%d月%d日，请重新选择", f->label, dmax.year, dmax.month,
                dmax.day);
        break;
    }
    case FORM_T_CHOICE:
        if (!form_field_option_find(f, v)) {
            rc = VALID_ECHARS;
            put(msg, n, "请从列表中选择%s", f->label);
        }
        break;
    case FORM_T_MULTI: {
        char *dup = xstrdup(v);
        if (!dup)
            return VALID_ECHARS;
        long long cnt = 0;
        int bad = 0;
        char *save = NULL;
        for (char *tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (!form_field_option_find(f, tok))
                bad = 1;
            cnt++;
        }
        /* duplicates, empty items */
        if (!bad && (v[0] == ',' || v[strlen(v) - 1] == ',' || strstr(v, ",,")))
            bad = 1;
        if (!bad) {
            size_t k = 0;
            char *items[64];
            strcpy(dup, v);
            for (char *tok = strtok_r(dup, ",", &save); tok && k < 64;
                 tok = strtok_r(NULL, ",", &save)) {
                for (size_t i = 0; i < k; i++)
                    if (!strcmp(items[i], tok))
                        bad = 1;
                items[k++] = tok;
            }
        }
        free(dup);
        if (bad) {
            rc = VALID_ECHARS;
            put(msg, n, "请从列表中选择%s", f->label);
        } else if (lim.has_min && cnt < lim.min) {
            rc = VALID_ETOOSHORT;
            put(msg, n, "%s至少要选%lld项", f->label, lim.min);
        } else if (lim.has_max && cnt > lim.max) {
            rc = VALID_ETOOLONG;
            put(msg, n, "%s最多选%lld项，请去掉一些", f->label, lim.max);
        }
        break;
    }
    case FORM_T_INTEGER:
        rc = valid_int_parse(v, lim.has_min ? lim.min : -999999999999999LL,
                             lim.has_max ? lim.max : 999999999999999LL, NULL);
        if (rc == VALID_EINT_LOW && lim.has_min)
            put(msg, n, "%s不能小于%lld%s，请修改", f->label, lim.min, form_field_unit(f));
        else if (rc == VALID_EINT_HIGH && lim.has_max)
            put(msg, n, "%s不能大于%lld%s，请修改", f->label, lim.max, form_field_unit(f));
        break;
    case FORM_T_MONEY: {
        rc = valid_money_parse(v, lim.min, lim.max, NULL);
        char a[40];
        if (rc == VALID_EMONEY_LOW) {
            fmt_yuan(lim.min, a, sizeof a);
            put(msg, n, "%s不能少于%s元，请修改", f->label, a);
        } else if (rc == VALID_EMONEY_HIGH) {
            fmt_yuan(lim.max, a, sizeof a);
            put(msg, n, "%s不能超过%s元，请核对", f->label, a);
        }
        break;
    }
    case FORM_T_CARD:
        rc = !strcmp(f->card, "bank") ? valid_bankcard(v) : valid_sscard(v);
        break;
    case FORM_T_PLEDGE:
        if (strcmp(v, "yes") && strcmp(v, "no")) {
            rc = VALID_ECHARS;
            put(msg, n, "请点“同意”或“不同意”");
        } else if (!strcmp(v, "no") && f->required) {
            rc = VALID_ECHARS;
            put(msg, n, "需要同意以上承诺才能继续办理");
        }
        break;
    case FORM_T_SIGNATURE: {
        size_t l = strlen(v);
        int ok = l >= 1 && l <= 128 && v[0] != '.';
        for (const char *p = v; ok && *p; p++)
            ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                 (*p >= 'A' && *p <= 'Z') || *p == '.' || *p == '_' || *p == '-';
        if (!ok) {
            rc = VALID_ECHARS;
            put(msg, n, "签名没有保存好，请重新签名");
        }
        break;
    }
    default:
        rc = VALID_ECHARS;
        break;
    }
    if (rc && !msg[0])
        put(msg, n, "%s", valid_strerror(rc));
    return rc;
}

/* ---- computed values ---- */

static void recompute(form_inst *in, int scope, int mi)
{
    const form_def *d = in->def;
    for (size_t i = 0; i < d->nfields; i++) {
        const form_field *f = d->fields[i];
        if (!f->compute || f->parent != scope)
            continue;
        char **slot = ans_slot(in, (int)i, mi);
        if (!slot)
            continue;
        const char *src = has_valid(in, f->compute_src, mi) ? value_of(in, f->compute_src, mi)
                                                            : NULL;
        char buf[16];
        buf[0] = '\0';
        if (src) {
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
        set_slot(slot, buf[0] ? buf : NULL);
        set_slot(err_slot(in, (int)i, mi), NULL);
    }
}

/* Re-checks a stored answer (after today or a matched ID number changed). */
static void recheck(form_inst *in, int fi, int mi)
{
    const char *v = value_of(in, fi, mi);
    char **e = err_slot(in, fi, mi);
    if (!e)
        return;
    if (!v || F(in, fi)->compute) {
        set_slot(e, NULL);
        return;
    }
    char msg[MSG];
    set_slot(e, check_value(in, fi, mi, v, msg, sizeof msg) ? msg : NULL);
}

static void recheck_all(form_inst *in)
{
    const form_def *d = in->def;
    for (size_t i = 0; i < d->nfields; i++) {
        int g = d->fields[i]->parent;
        if (g < 0) {
            recheck(in, (int)i, -1);
        } else {
            for (size_t m = 0; m < in->groups[g].n; m++)
                recheck(in, (int)i, (int)m);
        }
    }
    recompute(in, -1, -1);
    for (size_t i = 0; i < d->nfields; i++)
        if (d->fields[i]->type == FORM_T_GROUP)
            for (size_t m = 0; m < in->groups[i].n; m++)
                recompute(in, (int)i, (int)m);
}

/* ---- visibility and conditions ---- */

static int visible_fi(const form_inst *in, int fi, int mi);

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
        if (!visible_fi(in, g, -1))
            return 0;
        long long cnt = (long long)in->groups[g].n;
        if (c->agg == AGG_COUNT)
            return in_range(d, c, cnt, 1);
        long long sum = 0, x;
        for (size_t m = 0; m < in->groups[g].n; m++)
            if (visible_fi(in, c->field, (int)m) && num_of(in, c->field, (int)m, &x))
                sum += x;
        if (c->agg == AGG_AVG && cnt == 0)
            return 0;
        return in_range(d, c, sum, c->agg == AGG_AVG ? cnt : 1);
    }
    int ctx = f->parent >= 0 ? mi : -1;
    int set = visible_fi(in, c->field, ctx) && has_valid(in, c->field, ctx);
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
    default:
        return 0;
    }
}

static int visible_fi(const form_inst *in, int fi, int mi)
{
    const form_field *f = F(in, fi);
    if (f->parent >= 0 && !visible_fi(in, f->parent, -1))
        return 0;
    return f->visible_if ? cond_eval(in, f->visible_if, mi) : 1;
}

/* A rule can be judged when every field it names is visible and answered. */
static int cond_ready(const form_inst *in, const fcond *c)
{
    if (!c)
        return 1;
    for (size_t i = 0; i < c->nsubs; i++)
        if (!cond_ready(in, c->subs[i]))
            return 0;
    if (c->field < 0)
        return 1;
    const form_field *f = F(in, c->field);
    if (c->agg == AGG_COUNT)
        return visible_fi(in, c->field, -1);
    if (c->agg != AGG_NONE) {
        int g = f->parent;
        if (!visible_fi(in, g, -1) || in->groups[g].n == 0)
            return 0;
        for (size_t m = 0; m < in->groups[g].n; m++)
            if (visible_fi(in, c->field, (int)m) && !has_valid(in, c->field, (int)m))
                return 0;
        return 1;
    }
    return visible_fi(in, c->field, -1) && has_valid(in, c->field, -1);
}

static void rule_message(const form_def *d, const frule *r, char *out, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = r->message; *p && o + 1 < n;) {
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
                    fmt_yuan(pa->ival, val, sizeof val);
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

/* Checks rules judged on pages <= upto. */
static int check_rules(form_inst *in, int upto, char *err, size_t errlen)
{
    const form_def *d = in->def;
    for (size_t i = 0; i < d->nrules; i++) {
        const frule *r = &d->rules[i];
        if (r->page > upto || !cond_ready(in, r->when) || !cond_ready(in, r->require))
            continue;
        if (r->when && !cond_eval(in, r->when, -1))
            continue;
        if (!cond_eval(in, r->require, -1)) {
            char msg[MSG * 2];
            rule_message(d, r, msg, sizeof msg);
            put(err, errlen, "%s", msg);
            return FORM_EINELIGIBLE;
        }
    }
    return FORM_OK;
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
    set_slot(ans_slot(in, fi, mi), v);
}

form_inst *form_inst_new(const form_def *def, valid_date today)
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
    if (!in->ans || !in->err || !in->groups) {
        form_inst_free(in);
        return NULL;
    }
    for (size_t i = 0; i < def->nfields; i++)
        if (def->fields[i]->parent < 0)
            fill_default(in, (int)i, -1);
    recheck_all(in);
    return in;
}

static void member_clear(const form_def *d, mstate *m)
{
    for (size_t i = 0; i < d->nfields; i++) {
        if (m->ans)
            free(m->ans[i]);
        if (m->err)
            free(m->err[i]);
    }
    free(m->ans);
    free(m->err);
}

void form_inst_free(form_inst *in)
{
    if (!in)
        return;
    const form_def *d = in->def;
    for (size_t i = 0; i < d->nfields; i++) {
        if (in->ans)
            free(in->ans[i]);
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
    free(in);
}

const form_def *form_inst_def(const form_inst *in)
{
    return in->def;
}

void form_inst_set_today(form_inst *in, valid_date today)
{
    in->today = today;
    recheck_all(in);
}

/* ---- setting answers ---- */

static int top_field(const form_inst *in, const char *key)
{
    int fi = form_field_index(in->def, key);
    return fi >= 0 && F(in, fi)->parent < 0 ? fi : -1;
}

static int sub_field(const form_inst *in, const char *group, int idx, const char *key)
{
    int g = top_field(in, group);
    if (g < 0 || F(in, g)->type != FORM_T_GROUP || idx < 0 || (size_t)idx >= in->groups[g].n)
        return -1;
    int fi = form_field_index(in->def, key);
    return fi >= 0 && F(in, fi)->parent == g ? fi : -1;
}

/* Stores v (normalised unless raw) and its error; recomputes dependants. */
static int store(form_inst *in, int fi, int mi, const char *v, int raw, char *err, size_t errlen)
{
    const form_field *f = F(in, fi);
    if (f->compute || f->type == FORM_T_GROUP)
        return FORM_EREADONLY;
    char *norm = NULL;
    if (v && *v) {
        norm = raw ? xstrdup(v) : normalize_for(f, v);
        if (!norm)
            return FORM_ENOMEM;
    }
    char msg[MSG] = "";
    int bad = norm && *norm && check_value(in, fi, mi, norm, msg, sizeof msg) != VALID_OK;
    char **a = ans_slot(in, fi, mi), **e = err_slot(in, fi, mi);
    free(*a);
    *a = norm && *norm ? norm : NULL;
    if (!*a)
        free(norm);
    set_slot(e, bad ? msg : NULL);
    /* A certificate number matched against this ID number is re-checked. */
    for (size_t i = 0; i < in->def->nfields; i++)
        if (in->def->fields[i]->match == fi)
            recheck(in, (int)i, mi);
    recompute(in, f->parent, mi);
    if (bad) {
        put(err, errlen, "%s", msg);
        return FORM_EINVALID;
    }
    return FORM_OK;
}

int form_inst_set(form_inst *in, const char *key, const char *value, char *err, size_t errlen)
{
    int fi = top_field(in, key);
    if (fi < 0)
        return FORM_ENOTFOUND;
    if (in->confirmed)
        return FORM_ESTATE;
    return store(in, fi, -1, value, 0, err, errlen);
}

const char *form_inst_get(const form_inst *in, const char *key)
{
    int fi = top_field(in, key);
    return fi < 0 ? NULL : in->ans[fi];
}

const char *form_inst_error(const form_inst *in, const char *key)
{
    int fi = top_field(in, key);
    return fi < 0 ? NULL : in->err[fi];
}

int form_inst_visible(const form_inst *in, const char *key)
{
    int fi = top_field(in, key);
    return fi < 0 ? 0 : visible_fi(in, fi, -1);
}

int form_inst_date_range(const form_inst *in, const char *key, valid_date *min, int *has_min,
                         valid_date *max, int *has_max)
{
    int fi = form_field_index(in->def, key);
    if (fi < 0 || F(in, fi)->type != FORM_T_DATE)
        return FORM_ENOTFOUND;
    *has_min = resolve_date(F(in, fi)->date_min, in->today, min);
    *has_max = resolve_date(F(in, fi)->date_max, in->today, max);
    return FORM_OK;
}

/* ---- display ---- */

static size_t display(const form_field *f, const char *v, char *out, size_t n)
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
            snprintf(out, n, "%d年%d月%d日", d.year, d.month, d.day);
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
        char *dup = xstrdup(v), *save = NULL;
        if (!dup)
            break;
        for (char *tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            const char *l = form_field_option_find(f, tok);
            int w = snprintf(out + o, n - o, "%s%s", o ? "、" : "", l ? l : tok);
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
            valid_money_format(fen, a, sizeof a);
            snprintf(out, n, "%s %s", a, *unit ? unit : "元");
        } else {
            snprintf(out, n, "%s", v);
        }
        break;
    case FORM_T_PLEDGE:
        snprintf(out, n, "%s", !strcmp(v, "yes") ? "已同意" : "不同意");
        break;
    case FORM_T_SIGNATURE:
        snprintf(out, n, "已签名");
        break;
    default:
        snprintf(out, n, "%s%s%s", v, *unit ? " " : "", unit);
        break;
    }
    return strlen(out);
}

size_t form_inst_display(const form_inst *in, const char *key, char *out, size_t n)
{
    int fi = top_field(in, key);
    if (fi < 0) {
        if (n)
            out[0] = '\0';
        return 0;
    }
    return display(F(in, fi), in->ans[fi], out, n);
}

/* ---- groups ---- */

static int group_field(const form_inst *in, const char *group)
{
    int g = top_field(in, group);
    return g >= 0 && F(in, g)->type == FORM_T_GROUP ? g : -1;
}

int form_inst_member_count(const form_inst *in, const char *group)
{
    int g = group_field(in, group);
    return g < 0 ? FORM_ENOTFOUND : (int)in->groups[g].n;
}

static void member_fill_defaults(form_inst *in, int g, int mi)
{
    const form_field *gf = F(in, g);
    for (size_t i = 0; i < gf->nsubs; i++)
        fill_default(in, gf->subs[i], mi);
    for (size_t i = 0; i < gf->nsubs; i++)
        recheck(in, gf->subs[i], mi);
    recompute(in, g, mi);
}

static int member_append(form_inst *in, int g)
{
    gstate *gs = &in->groups[g];
    mstate *nm = realloc(gs->m, (gs->n + 1) * sizeof *nm);
    if (!nm)
        return FORM_ENOMEM;
    gs->m = nm;
    mstate *m = &gs->m[gs->n];
    m->ans = calloc(in->def->nfields, sizeof *m->ans);
    m->err = calloc(in->def->nfields, sizeof *m->err);
    if (!m->ans || !m->err) {
        free(m->ans);
        free(m->err);
        return FORM_ENOMEM;
    }
    gs->n++;
    return (int)gs->n - 1;
}

int form_inst_member_add(form_inst *in, const char *group, char *err, size_t errlen)
{
    int g = group_field(in, group);
    if (g < 0)
        return FORM_ENOTFOUND;
    if (in->confirmed)
        return FORM_ESTATE;
    const form_field *gf = F(in, g);
    if ((int)in->groups[g].n >= gf->group_max) {
        put(err, errlen, "%s最多只能添加%d个", gf->item_label, gf->group_max);
        return FORM_EFULL;
    }
    int mi = member_append(in, g);
    if (mi < 0)
        return mi;
    member_fill_defaults(in, g, mi);
    set_slot(&in->err[g], NULL);
    return mi;
}

int form_inst_member_remove(form_inst *in, const char *group, int idx)
{
    int g = group_field(in, group);
    if (g < 0 || idx < 0 || (size_t)idx >= in->groups[g].n)
        return FORM_ENOTFOUND;
    if (in->confirmed)
        return FORM_ESTATE;
    gstate *gs = &in->groups[g];
    member_clear(in->def, &gs->m[idx]);
    memmove(&gs->m[idx], &gs->m[idx + 1], (gs->n - (size_t)idx - 1) * sizeof *gs->m);
    gs->n--;
    return FORM_OK;
}

int form_inst_member_set(form_inst *in, const char *group, int idx, const char *key,
                         const char *value, char *err, size_t errlen)
{
    int fi = sub_field(in, group, idx, key);
    if (fi < 0)
        return FORM_ENOTFOUND;
    if (in->confirmed)
        return FORM_ESTATE;
    return store(in, fi, idx, value, 0, err, errlen);
}

const char *form_inst_member_get(const form_inst *in, const char *group, int idx,
                                 const char *key)
{
    int fi = sub_field(in, group, idx, key);
    return fi < 0 ? NULL : value_of(in, fi, idx);
}

const char *form_inst_member_error(const form_inst *in, const char *group, int idx,
                                   const char *key)
{
    int fi = sub_field(in, group, idx, key);
    return fi < 0 ? NULL : *err_slot(in, fi, idx);
}

int form_inst_member_visible(const form_inst *in, const char *group, int idx, const char *key)
{
    int fi = sub_field(in, group, idx, key);
    return fi < 0 ? 0 : visible_fi(in, fi, idx);
}

size_t form_inst_member_display(const form_inst *in, const char *group, int idx,
                                const char *key, char *out, size_t n)
{
    int fi = sub_field(in, group, idx, key);
    if (fi < 0) {
        if (n)
            out[0] = '\0';
        return 0;
    }
    return display(F(in, fi), value_of(in, fi, idx), out, n);
}

/* ---- completeness ---- */

static void missing_message(const form_field *f, char *msg, size_t n)
{
    switch (f->type) {
    case FORM_T_CHOICE:
    case FORM_T_MULTI:
    case FORM_T_DATE:
        put(msg, n, "请选择%s", f->label);
        break;
    case FORM_T_PLEDGE:
        put(msg, n, "请阅读%s，同意后点“同意”", f->label);
        break;
    case FORM_T_SIGNATURE:
        put(msg, n, "请在签名框里签名");
        break;
    default:
        put(msg, n, "请填写%s", f->label);
        break;
    }
}

/* Checks one field (and a group's members); sets errors; first message to msg. */
static int check_field(form_inst *in, int fi, int mi, char *first, size_t n)
{
    const form_field *f = F(in, fi);
    if (!visible_fi(in, fi, mi) || f->compute)
        return 0;
    char msg[MSG];
    int bad = 0;
    if (f->type == FORM_T_GROUP) {
        const gstate *gs = &in->groups[fi];
        msg[0] = '\0';
        if ((int)gs->n < f->group_min)
            put(msg, sizeof msg, "请至少添加%d个%s", f->group_min, f->item_label);
        else if ((int)gs->n > f->group_max)
            put(msg, sizeof msg, "%s最多%d个，请删掉一些", f->item_label, f->group_max);
        set_slot(&in->err[fi], msg[0] ? msg : NULL);
        if (msg[0] && !first[0])
            put(first, n, "%s", msg);
        bad = msg[0] != '\0';
        for (size_t m = 0; m < gs->n; m++)
            for (size_t s = 0; s < f->nsubs; s++)
                if (check_field(in, f->subs[s], (int)m, first, n))
                    bad = 1;
        return bad;
    }
    char **e = err_slot(in, fi, mi);
    if (*e) {
        bad = 1;
        snprintf(msg, sizeof msg, "%s", *e);
    } else if (!value_of(in, fi, mi) && f->required) {
        missing_message(f, msg, sizeof msg);
        set_slot(e, msg);
        bad = 1;
    }
    if (bad && !first[0]) {
        if (mi >= 0)
            put(first, n, "%s%d：%s", F(in, f->parent)->item_label, mi + 1, msg);
        else
            put(first, n, "%s", msg);
    }
    return bad;
}

int form_inst_page_visible(const form_inst *in, size_t page)
{
    const form_def *d = in->def;
    if (page >= d->npages)
        return 0;
    for (size_t i = 0; i < d->pages[page].n; i++)
        if (visible_fi(in, d->pages[page].fields[i], -1))
            return 1;
    return 0;
}

int form_inst_check_page(form_inst *in, size_t page, char *err, size_t errlen)
{
    const form_def *d = in->def;
    if (page >= d->npages)
        return FORM_ENOTFOUND;
    char first[MSG] = "";
    int bad = 0;
    for (size_t i = 0; i < d->pages[page].n; i++)
        if (check_field(in, d->pages[page].fields[i], -1, first, sizeof first))
            bad = 1;
    if (bad) {
        put(err, errlen, "%s", first);
        return FORM_EINCOMPLETE;
    }
    return FORM_OK;
}

int form_inst_check_eligible(form_inst *in, char *err, size_t errlen)
{
    return check_rules(in, (int)in->def->npages, err, errlen);
}

/* ---- navigation ---- */

size_t form_inst_page(const form_inst *in) { return in->page; }
int form_inst_at_review(const form_inst *in) { return in->review; }
int form_inst_confirmed(const form_inst *in) { return in->confirmed; }

int form_inst_next(form_inst *in, char *err, size_t errlen)
{
    if (in->review || in->confirmed)
        return FORM_ESTATE;
    int rc = form_inst_check_page(in, in->page, err, errlen);
    if (rc)
        return rc;
    rc = check_rules(in, (int)in->page, err, errlen);
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
        return FORM_ESTATE;
    size_t from = in->review ? in->def->npages : in->page;
    for (size_t p = from; p-- > 0;)
        if (form_inst_page_visible(in, p)) {
            in->page = p;
            in->review = 0;
            return FORM_OK;
        }
    return FORM_ESTATE;
}

int form_inst_goto(form_inst *in, size_t page)
{
    if (in->confirmed)
        return FORM_ESTATE;
    if (!form_inst_page_visible(in, page))
        return FORM_ENOTFOUND;
    in->page = page;
    in->review = 0;
    return FORM_OK;
}

int form_inst_goto_review(form_inst *in, char *err, size_t errlen)
{
    if (in->confirmed)
        return FORM_ESTATE;
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
    int rc = check_rules(in, (int)in->def->npages, err, errlen);
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
    x->label = xstrdup(label);
    x->display = xstrdup(disp);
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
    char disp[1024], label[512];
    for (size_t p = 0; p < d->npages; p++) {
        for (size_t i = 0; i < d->pages[p].n; i++) {
            int fi = d->pages[p].fields[i];
            const form_field *f = F(in, fi);
            if (!visible_fi(in, fi, -1))
                continue;
            if (f->type != FORM_T_GROUP) {
                if (in->ans[fi]) {
                    display(f, in->ans[fi], disp, sizeof disp);
                    add_item(&it, f, f->label, disp, p, -1);
                }
                continue;
            }
            for (size_t m = 0; m < in->groups[fi].n; m++)
                for (size_t s = 0; s < f->nsubs; s++) {
                    int si = f->subs[s];
                    const char *v = value_of(in, si, (int)m);
                    if (!v || !visible_fi(in, si, (int)m))
                        continue;
                    display(F(in, si), v, disp, sizeof disp);
                    snprintf(label, sizeof label, "%s%zu · %s", f->item_label, m + 1,
                             F(in, si)->label);
                    add_item(&it, F(in, si), label, disp, p, (int)m);
                }
        }
    }
    if (it.oom) {
        form_review_free(it.v, it.n);
        *out = NULL;
        *n = 0;
        return FORM_ENOMEM;
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

int form_inst_confirm(form_inst *in, char *err, size_t errlen)
{
    if (in->confirmed || !in->review)
        return FORM_ESTATE;
    int rc = form_inst_goto_review(in, err, errlen);
    if (rc)
        return rc;
    in->confirmed = 1;
    return FORM_OK;
}

/* ---- save / restore ---- */

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
    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return s;
}

int form_blob_form(const char *blob, char *id, size_t idlen, int *version)
{
    cJSON *root = blob ? cJSON_Parse(blob) : NULL;
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "form");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
    int rc = -1;
    if (cJSON_IsString(f) && cJSON_IsNumber(v) && strlen(f->valuestring) < idlen) {
        snprintf(id, idlen, "%s", f->valuestring);
        *version = v->valueint;
        rc = 0;
    }
    cJSON_Delete(root);
    return rc;
}

static int restore_value(form_inst *in, int fi, int mi, const cJSON *v, char *err, size_t errlen)
{
    const form_field *f = F(in, fi);
    if (f->compute) {
        put(err, errlen, "computed field '%s' in saved answers", f->key);
        return FORM_EMALFORMED;
    }
    if (!cJSON_IsString(v) || !*v->valuestring || !utf8_valid(v->valuestring)) {
        put(err, errlen, "answer '%s' is not a non-empty UTF-8 string", f->key);
        return FORM_EMALFORMED;
    }
    int rc = store(in, fi, mi, v->valuestring, 1, NULL, 0);
    return rc == FORM_EINVALID ? FORM_OK : rc;
}

int form_inst_restore(const form_def *def, const char *blob, valid_date today, form_inst **out,
                      char *err, size_t errlen)
{
    *out = NULL;
    cJSON *root = blob ? cJSON_Parse(blob) : NULL;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        put(err, errlen, "saved state is not a JSON object");
        return FORM_EMALFORMED;
    }
    int rc = FORM_EMALFORMED;
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
        put(err, errlen, "saved state lacks format/form/version/page/review/confirmed/answers");
        goto out;
    }
    if (strcmp(id->valuestring, def->id) || ver->valuedouble != def->version) {
        put(err, errlen, "saved state is for form '%.60s' version %d, not '%s' version %d",
            id->valuestring, ver->valueint, def->id, def->version);
        rc = FORM_EMISMATCH;
        goto out;
    }
    if (page->valuedouble < 0 || page->valuedouble >= (double)def->npages ||
        page->valuedouble != (double)page->valueint) {
        put(err, errlen, "saved page %g does not exist", page->valuedouble);
        goto out;
    }
    in = calloc(1, sizeof *in);
    if (!in) {
        rc = FORM_ENOMEM;
        goto out;
    }
    in->def = def;
    in->today = today;
    in->ans = calloc(def->nfields, sizeof *in->ans);
    in->err = calloc(def->nfields, sizeof *in->err);
    in->groups = calloc(def->nfields, sizeof *in->groups);
    if (!in->ans || !in->err || !in->groups) {
        rc = FORM_ENOMEM;
        goto out;
    }
    for (const cJSON *a = ans->child; a; a = a->next) {
        int fi = top_field(in, a->string);
        if (fi < 0) {
            put(err, errlen, "saved answer for unknown field '%.60s'", a->string);
            goto out;
        }
        if (F(in, fi)->type != FORM_T_GROUP) {
            if ((rc = restore_value(in, fi, -1, a, err, errlen)) != FORM_OK)
                goto out;
            rc = FORM_EMALFORMED;
            continue;
        }
        if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > F(in, fi)->group_max) {
            put(err, errlen, "group '%s' is not a list of at most %d members", a->string,
                F(in, fi)->group_max);
            goto out;
        }
        const cJSON *mo;
        cJSON_ArrayForEach(mo, a)
        {
            if (!cJSON_IsObject(mo)) {
                put(err, errlen, "a member of group '%s' is not an object", a->string);
                goto out;
            }
            int mi = member_append(in, fi);
            if (mi < 0) {
                rc = mi;
                goto out;
            }
            for (const cJSON *sv = mo->child; sv; sv = sv->next) {
                int si = form_field_index(def, sv->string);
                if (si < 0 || F(in, si)->parent != fi) {
                    put(err, errlen, "group '%s' has no field '%.60s'", a->string, sv->string);
                    goto out;
                }
                if ((rc = restore_value(in, si, mi, sv, err, errlen)) != FORM_OK)
                    goto out;
                rc = FORM_EMALFORMED;
            }
        }
    }
    recheck_all(in);
    in->page = (size_t)page->valueint;
    in->review = cJSON_IsTrue(rev);
    in->confirmed = cJSON_IsTrue(conf);
    if (in->confirmed && !in->review) {
        put(err, errlen, "saved state is confirmed but not at review");
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
    if (f->type == FORM_T_MULTI) {
        cJSON *arr = cJSON_CreateArray();
        char *dup = xstrdup(v), *save = NULL;
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
        put(err, errlen, "请先核对并确认提交");
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
        if (!visible_fi(in, fi, -1))
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
                if (v && visible_fi(in, si, (int)m))
                    cJSON_AddItemToObject(o, F(in, si)->key, typed(F(in, si), v));
            }
            cJSON_AddItemToArray(arr, o);
        }
    }
    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!s)
        put(err, errlen, "内存不足，请重试");
    return s;
}
