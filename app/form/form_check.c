/* form_check.c — what an answer must be: normalising what was typed
 * (spaces, full-width digits, x in ID numbers, look-alike dots in names),
 * checking it against its field's type and limits with the message the
 * villager reads, and checking that a page is complete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "form/form_internal.h"
#include "form/form_text.h"
#include "form/validate.h"

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
int inst_resolve_date(const char *expr, valid_date today, valid_date *out)
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
 * digits and letters to ASCII; `upper` upper-cases ASCII letters. `breaks`
 * (a multiline field): line breaks after the first character are the
 * person's, kept where typed, the last ones too (a 换行 typed last is
 * stored, and a resumed draft has it); spaces after the last are trimmed. */
static char *normalize(const char *v, int compact, int upper, int breaks)
{
    if (!utf8_valid(v))
        return form_strdup(v); /* validation reports it */
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
        if (!is_space_cp(cp) || (breaks && cp == '\n'))
            keep = n;
    }
    out[keep] = '\0';
    return out;
}

char *inst_normalize(const form_field *f, const char *v)
{
    switch (f->type) {
    case FORM_T_IDNO:
        return normalize(v, 1, 1, 0);
    case FORM_T_MOBILE:
    case FORM_T_INTEGER:
    case FORM_T_MONEY:
    case FORM_T_DATE:
        return normalize(v, 1, 0, 0);
    case FORM_T_CARD:
        return normalize(v, 1, 1, 0);
    case FORM_T_NAME: {
        char *t = normalize(v, 1, 0, 0);
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
            return normalize(v, 1, 1, 0);
        return normalize(v, 0, 0, f->multiline);
    default:
        return normalize(v, 0, 0, f->multiline);
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

void form_fmt_yuan(long long fen, char *out, size_t n)
{
    valid_money_format(fen, out, n);
    /* 12.00 -> 12 for messages */
    size_t l = strlen(out);
    if (l > 3 && !strcmp(out + l - 3, ".00"))
        out[l - 3] = '\0';
}

int inst_same_person(const form_inst *in, int fi, int mi, const char *v)
{
    const form_field *f = F(in, fi);
    if (f->parent < 0 || mi < 0 || !v)
        return 0;
    for (size_t j = 0; j < in->groups[f->parent].n; j++) {
        const char *o = (int)j == mi ? NULL : value_of(in, fi, (int)j);
        if (o && !strcmp(o, v))
            return (int)j + 1;
    }
    if (f->other >= 0 && value_of(in, f->other, -1) && !strcmp(value_of(in, f->other, -1), v))
        return -1;
    return 0;
}

/* A member's valid ID number that is a person already in the form: another
 * member's, or the one its "other_than" names (医保's head). */
static int same_person(const form_inst *in, int fi, int mi, const char *v, char *msg, size_t n)
{
    int who = inst_same_person(in, fi, mi, v);
    if (who > 0)
        form_text_put(msg, n, FORM_TEXT_SAME_MEMBER, F(in, F(in, fi)->parent)->item_label, who);
    else if (who < 0)
        form_text_put(msg, n, FORM_TEXT_SAME_AS, F(in, F(in, fi)->other)->label);
    return who ? VALID_ERR_ID_SAME : VALID_OK;
}

const char *inst_own_name(const form_inst *in)
{
    int nf = in->def->card[FORM_CARD_NAME] - 1;
    return nf >= 0 && has_valid(in, nf, -1) ? value_of(in, nf, -1) : NULL;
}

/* A member's answer v to the group's "self_is" field against the ID
 * numbers, once hers and the member's are valid: 本人 for someone else, or
 * another answer for her. */
static int self_choice(const form_inst *in, int fi, int mi, const char *v, char *msg, size_t n)
{
    const form_field *f = F(in, fi), *g = F(in, f->parent);
    if (g->self_field != fi || !has_valid(in, g->includes, -1) ||
        !has_valid(in, g->includes_sub, mi))
        return VALID_OK;
    int is = !strcmp(value_of(in, g->includes, -1), value_of(in, g->includes_sub, mi));
    int says = !strcmp(v, g->self_value);
    if (is == says)
        return VALID_OK;
    const char *name = inst_own_name(in), *opt = form_field_option_find(f, g->self_value);
    if (says && name)
        form_text_put(msg, n, FORM_TEXT_NOT_SELF, name, f->label);
    else if (says)
        form_text_put(msg, n, FORM_TEXT_NOT_SELF_ANON, f->label);
    else if (name)
        form_text_put(msg, n, FORM_TEXT_IS_SELF, name, opt);
    else
        form_text_put(msg, n, FORM_TEXT_IS_SELF_ANON, opt);
    return VALID_ERR_CHARS;
}

/* Validates v for field fi in the context of member mi; writes the message. */
int inst_check_value(const form_inst *in, int fi, int mi, const char *v, char *msg, size_t n)
{
    const form_field *f = F(in, fi);
    form_limits lim;
    form_inst_limits(in, f, &lim);
    int rc = VALID_OK;
    msg[0] = '\0';
    if (!utf8_valid(v)) {
        form_put(msg, n, "%s", core_str(valid_error_key(VALID_ERR_UTF8)));
        return VALID_ERR_UTF8;
    }
    switch (f->type) {
    case FORM_T_TEXT:
    case FORM_T_ADDRESS:
        if (!check_text_chars(f, v)) {
            rc = VALID_ERR_CHARS;
            if (f->charset && !strcmp(f->charset, "digits"))
                form_text_put(msg, n, FORM_TEXT_DIGITS_ONLY, f->label);
            else if (f->charset && strcmp(f->charset, "any"))
                form_text_put(msg, n, FORM_TEXT_ALNUM_ONLY, f->label);
            break;
        }
        if (f->format) {
            const char *id = f->match >= 0 && has_valid(in, f->match, mi)
                                 ? value_of(in, f->match, mi) : NULL;
            rc = valid_disability_cert(v, in->today, id, NULL, NULL);
            break;
        }
        /* digits and codes are counted in places (位), words in characters (个字) */
        int places = f->charset && strcmp(f->charset, "any");
        if (lim.min_len && count_chars(v) < lim.min_len) {
            rc = VALID_ERR_TOOSHORT;
            form_text_put(msg, n, places ? FORM_TEXT_TOO_SHORT_PLACES : FORM_TEXT_TOO_SHORT,
                          f->label, lim.min_len);
        } else if (lim.max_len && count_chars(v) > lim.max_len) {
            rc = VALID_ERR_TOOLONG;
            form_text_put(msg, n, places ? FORM_TEXT_TOO_LONG_PLACES : FORM_TEXT_TOO_LONG,
                          f->label, lim.max_len);
        }
        break;
    case FORM_T_NAME:
        rc = valid_name(v, lim.min_len, lim.max_len);
        break;
    case FORM_T_IDNO:
        rc = valid_idno(v, in->today, NULL);
        if (rc == VALID_OK && mi >= 0)
            rc = same_person(in, fi, mi, v, msg, n);
        break;
    case FORM_T_MOBILE:
        rc = valid_mobile(v);
        break;
    case FORM_T_DATE: {
        valid_date dmin, dmax;
        int hmin = inst_resolve_date(lim.date_min, in->today, &dmin);
        int hmax = inst_resolve_date(lim.date_max, in->today, &dmax);
        rc = valid_date_range(v, hmin ? &dmin : NULL, hmax ? &dmax : NULL, NULL);
        if (rc == VALID_ERR_DATE_EARLY)
            form_text_put(msg, n, FORM_TEXT_DATE_EARLY, f->label, dmin.year, dmin.month,
                          dmin.day);
        else if (rc == VALID_ERR_DATE_LATE)
            form_text_put(msg, n, FORM_TEXT_DATE_LATE, f->label, dmax.year, dmax.month,
                          dmax.day);
        break;
    }
    case FORM_T_CHOICE:
        if (!form_field_option_find(f, v)) {
            rc = VALID_ERR_CHARS;
            form_text_put(msg, n, FORM_TEXT_NOT_AN_OPTION, f->label);
        } else if (mi >= 0) {
            rc = self_choice(in, fi, mi, v, msg, n);
        }
        break;
    case FORM_T_MULTI: {
        char *dup = form_strdup(v);
        if (!dup)
            return VALID_ERR_CHARS;
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
            rc = VALID_ERR_CHARS;
            form_text_put(msg, n, FORM_TEXT_NOT_AN_OPTION, f->label);
        } else if (lim.has_min && cnt < lim.min) {
            rc = VALID_ERR_TOOSHORT;
            form_text_put(msg, n, FORM_TEXT_TOO_FEW_CHOSEN, f->label, lim.min);
        } else if (lim.has_max && cnt > lim.max) {
            rc = VALID_ERR_TOOLONG;
            form_text_put(msg, n, FORM_TEXT_TOO_MANY_CHOSEN, f->label, lim.max);
        }
        break;
    }
    case FORM_T_INTEGER:
        rc = valid_int_parse(v, lim.has_min ? lim.min : -999999999999999LL,
                             lim.has_max ? lim.max : 999999999999999LL, NULL);
        if (rc == VALID_ERR_INT_LOW && lim.has_min)
            form_text_put(msg, n, FORM_TEXT_INT_LOW, f->label, lim.min, form_field_unit(f));
        else if (rc == VALID_ERR_INT_HIGH && lim.has_max)
            form_text_put(msg, n, FORM_TEXT_INT_HIGH, f->label, lim.max, form_field_unit(f));
        break;
    case FORM_T_MONEY: {
        rc = valid_money_parse(v, lim.min, lim.max, NULL);
        char a[40];
        if (rc == VALID_ERR_MONEY_LOW) {
            form_fmt_yuan(lim.min, a, sizeof a);
            form_text_put(msg, n, FORM_TEXT_MONEY_LOW, f->label, a);
        } else if (rc == VALID_ERR_MONEY_HIGH) {
            form_fmt_yuan(lim.max, a, sizeof a);
            form_text_put(msg, n, FORM_TEXT_MONEY_HIGH, f->label, a);
        }
        break;
    }
    case FORM_T_CARD:
        rc = !strcmp(f->card, "bank") ? valid_bankcard(v) : valid_sscard(v);
        break;
    case FORM_T_PLEDGE:
        if (strcmp(v, "yes") && strcmp(v, "no")) {
            rc = VALID_ERR_CHARS;
            form_text_put(msg, n, FORM_TEXT_PLEDGE_ANSWER);
        } else if (!strcmp(v, "no") && f->required) {
            rc = VALID_ERR_CHARS;
            form_text_put(msg, n, FORM_TEXT_PLEDGE_REFUSED);
        }
        break;
    case FORM_T_PHOTO: {
        int pmin, pmax, cnt = 0, bad = !*v || v[0] == ',' || v[strlen(v) - 1] == ',';
        form_field_photo_count(f, &pmin, &pmax);
        for (const char *p = v; !bad && *p;) {
            const char *e = strchr(p, ',');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            char one[FORM_PHOTO_NAME_LEN + 2];
            bad = l != FORM_PHOTO_NAME_LEN - 1;
            if (!bad) {
                memcpy(one, p, l);
                one[l] = '\0';
                bad = !form_photo_name_ok(one) || strstr(e ? e : "", one) != NULL; /* twice */
            }
            cnt++;
            p = e ? e + 1 : p + l;
        }
        if (bad) {
            rc = VALID_ERR_CHARS;
            form_text_put(msg, n, FORM_TEXT_PHOTO_BAD);
        } else if (cnt < pmin) {
            rc = VALID_ERR_TOOSHORT;
            form_text_put(msg, n, FORM_TEXT_TOO_FEW_PHOTOS, f->label, pmin);
        } else if (cnt > pmax) {
            rc = VALID_ERR_TOOLONG;
            form_text_put(msg, n, FORM_TEXT_TOO_MANY_PHOTOS, f->label, pmax);
        }
        break;
    }
    case FORM_T_SIGNATURE: {
        size_t l = strlen(v);
        int ok = l >= 1 && l <= 128 && v[0] != '.';
        for (const char *p = v; ok && *p; p++)
            ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                 (*p >= 'A' && *p <= 'Z') || *p == '.' || *p == '_' || *p == '-';
        if (!ok) {
            rc = VALID_ERR_CHARS;
            form_text_put(msg, n, FORM_TEXT_SIGNATURE_BAD);
        }
        break;
    }
    default:
        rc = VALID_ERR_CHARS;
        break;
    }
    if (rc && !msg[0])
        form_put(msg, n, "%s", core_str(valid_error_key(rc)));
    return rc;
}

/* Re-checks a stored answer (after today or a matched ID number changed). */
void inst_recheck(form_inst *in, int fi, int mi)
{
    const char *v = value_of(in, fi, mi);
    char **e = err_slot(in, fi, mi);
    if (!e)
        return;
    if (!v || F(in, fi)->compute) {
        inst_set_slot(e, NULL);
        return;
    }
    char msg[FORM_MSG_MAX];
    inst_set_slot(e, inst_check_value(in, fi, mi, v, msg, sizeof msg) ? msg : NULL);
}

void inst_recheck_all(form_inst *in)
{
    const form_def *d = in->def;
    for (size_t i = 0; i < d->nfields; i++) {
        int g = d->fields[i]->parent;
        if (g < 0) {
            inst_recheck(in, (int)i, -1);
        } else {
            for (size_t m = 0; m < in->groups[g].n; m++)
                inst_recheck(in, (int)i, (int)m);
        }
    }
    inst_recompute(in, -1, -1);
    for (size_t i = 0; i < d->nfields; i++)
        if (d->fields[i]->type == FORM_T_GROUP)
            for (size_t m = 0; m < in->groups[i].n; m++)
                inst_recompute(in, (int)i, (int)m);
}

/* ---- completeness ---- */

static void missing_message(const form_field *f, char *msg, size_t n)
{
    switch (f->type) {
    case FORM_T_CHOICE:
    case FORM_T_MULTI:
        form_text_put(msg, n, FORM_TEXT_MISSING_CHOICE, f->label);
        break;
    case FORM_T_DATE: /* its wheels show a day already: how to take it */
        form_text_put(msg, n, FORM_TEXT_MISSING_DATE, f->label);
        break;
    case FORM_T_PLEDGE:
        form_text_put(msg, n, FORM_TEXT_MISSING_PLEDGE, f->label);
        break;
    case FORM_T_SIGNATURE:
        form_text_put(msg, n, FORM_TEXT_MISSING_SIGNATURE);
        break;
    case FORM_T_PHOTO:
        form_text_put(msg, n, FORM_TEXT_MISSING_PHOTO, f->label);
        break;
    default:
        form_text_put(msg, n, FORM_TEXT_MISSING, f->label);
        break;
    }
}

/* A page held back by an answer that fails its check: which field and which
 * check, in English, for a technician at log level debug (never the answer). */
static void log_refusal(const form_inst *in, int fi, int mi)
{
    const char *v = value_of(in, fi, mi);
    char msg[FORM_MSG_MAX];
    int rc = v ? inst_check_value(in, fi, mi, v, msg, sizeof msg) : VALID_OK;
    if (rc != VALID_OK)
        core_log(CORE_LOG_DEBUG, "form", "%s: %s%s refused: %s", in->def->id, F(in, fi)->key,
                 mi >= 0 ? " (a member's)" : "", valid_strerror(rc));
}

int inst_group_has_self(const form_inst *in, int g)
{
    const form_field *f = F(in, g);
    if (f->includes < 0 || !has_valid(in, f->includes, -1))
        return 1;
    const char *id = value_of(in, f->includes, -1);
    for (size_t m = 0; m < in->groups[g].n; m++) {
        const char *v = value_of(in, f->includes_sub, (int)m);
        if (v && !strcmp(v, id))
            return 1;
    }
    return 0;
}

int inst_group_words(const form_inst *in, int g, char *msg, size_t n)
{
    const form_field *f = F(in, g);
    int count = (int)in->groups[g].n;
    msg[0] = '\0';
    if (count < f->group_min) {
        form_text_put(msg, n, FORM_TEXT_GROUP_TOO_FEW, f->group_min, f->item_label);
    } else if (count > f->group_max) {
        form_text_put(msg, n, FORM_TEXT_GROUP_TOO_MANY, f->item_label, f->group_max);
    } else if (!inst_group_has_self(in, g)) { /* her name, where it is known */
        const char *name = inst_own_name(in);
        if (name)
            form_text_put(msg, n, FORM_TEXT_GROUP_SELF, f->label, name);
        else
            form_text_put(msg, n, FORM_TEXT_GROUP_SELF_ANON, f->label);
    }
    return msg[0] != '\0';
}

/* Checks one field (and a group's members); sets errors; first message to msg. */
static int check_field(form_inst *in, int fi, int mi, char *first, size_t n)
{
    const form_field *f = F(in, fi);
    if (!inst_visible(in, fi, mi) || f->compute)
        return 0;
    char msg[FORM_MSG_MAX];
    int bad = 0;
    if (f->type == FORM_T_GROUP) {
        const gstate *gs = &in->groups[fi];
        bad = inst_group_words(in, fi, msg, sizeof msg);
        inst_set_slot(&in->err[fi], bad ? msg : NULL);
        if (bad && !first[0])
            form_put(first, n, "%s", msg);
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
        log_refusal(in, fi, mi);
    } else if (!value_of(in, fi, mi) && f->required) {
        missing_message(f, msg, sizeof msg);
        inst_set_slot(e, msg);
        bad = 1;
    }
    if (bad && !first[0]) {
        if (mi >= 0)
            form_text_put(first, n, FORM_TEXT_MEMBER, F(in, f->parent)->item_label, mi + 1, msg);
        else
            form_put(first, n, "%s", msg);
    }
    return bad;
}

int form_inst_check_page(form_inst *in, size_t page, char *err, size_t errlen)
{
    const form_def *d = in->def;
    if (page >= d->npages)
        return FORM_ERR_NOTFOUND;
    char first[FORM_MSG_MAX] = "";
    int bad = 0;
    for (size_t i = 0; i < d->pages[page].n; i++)
        if (check_field(in, d->pages[page].fields[i], -1, first, sizeof first))
            bad = 1;
    if (bad) {
        form_put(err, errlen, "%s", first);
        return FORM_ERR_INCOMPLETE;
    }
    return FORM_OK;
}

