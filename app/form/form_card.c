/* form_card.c — the "idcard" map of a definition (which card field fills
 * which form field, SCHEMA.md) and filling an instance from a card read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form_internal.h"
#include "form/form_text.h"

static const char *const CARD_NAMES[FORM_CARD_COUNT] = {"name", "id_number", "sex",
                                                        "ethnicity", "birth", "address"};

/* 1 if a field of type t may take card field c. */
static int card_fits(int c, form_type t)
{
    switch (c) {
    case FORM_CARD_NAME: return t == FORM_T_NAME || t == FORM_T_TEXT;
    case FORM_CARD_ID_NUMBER: return t == FORM_T_IDNO;
    case FORM_CARD_SEX: return t == FORM_T_CHOICE;
    case FORM_CARD_ETHNICITY: return t == FORM_T_CHOICE || t == FORM_T_TEXT;
    case FORM_CARD_BIRTH: return t == FORM_T_DATE;
    case FORM_CARD_ADDRESS: return t == FORM_T_ADDRESS || t == FORM_T_TEXT;
    default: return 0;
    }
}

/* Reads an "idcard" map into out (flat index + 1 of the field each card
 * field fills): fields whose parent is `parent` (-1: top-level fields; else
 * a group's flat index, its sub-fields). */
static int parse_map(form_ld *l, const cJSON *map, int parent, int *out)
{
    form_def *d = l->def;
    memset(out, 0, FORM_CARD_COUNT * sizeof *out);
    if (!map)
        return 0;
    if (!cJSON_IsObject(map))
        return ld_fail(l, "'idcard' must be an object {\"<card field>\": \"<field key>\"}");
    const cJSON *it;
    cJSON_ArrayForEach(it, map)
    {
        int c = -1;
        for (int k = 0; k < FORM_CARD_COUNT; k++)
            if (!strcmp(it->string, CARD_NAMES[k]))
                c = k;
        if (c < 0)
            return ld_fail(l, "'idcard': unknown card field '%s' (name, id_number, sex, "
                              "ethnicity, birth, address)", it->string);
        if (!cJSON_IsString(it))
            return ld_fail(l, "'idcard': '%s' must name a field", it->string);
        int fi = form_field_index(d, it->valuestring);
        if (fi < 0 || d->fields[fi]->parent != parent)
            return ld_fail(l, "'idcard': '%s' names '%s', not %s", it->string, it->valuestring,
                           parent < 0 ? "a top-level field" : "a field of this group");
        const form_field *f = d->fields[fi];
        if (!card_fits(c, f->type))
            return ld_fail(l, "'idcard': card field '%s' cannot fill field '%s' of this type",
                           it->string, f->key);
        if (f->compute && !(c == FORM_CARD_SEX && f->compute == FORM_COMPUTE_SEX) &&
            !(c == FORM_CARD_BIRTH && f->compute == FORM_COMPUTE_BIRTH))
            return ld_fail(l, "'idcard': field '%s' is computed from something else", f->key);
        for (int k = 0; k < FORM_CARD_COUNT; k++)
            if (out[k] == fi + 1)
                return ld_fail(l, "'idcard': field '%s' is filled twice", f->key);
        out[c] = fi + 1;
    }
    if (!out[FORM_CARD_ID_NUMBER])
        return ld_fail(l, "'idcard' must map 'id_number' (the card says who the person is)");
    return 0;
}

int ld_parse_card(form_ld *l, const cJSON *map) { return parse_map(l, map, -1, l->def->card); }

int ld_parse_member_cards(form_ld *l, const cJSON *fields)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, fields)
    {
        const cJSON *map = cJSON_GetObjectItemCaseSensitive(it, "idcard");
        if (!map) /* parse_field let it only on a group */
            continue;
        int fi = form_field_index(l->def, cJSON_GetObjectItemCaseSensitive(it, "key")->valuestring);
        form_field *g = l->def->fields[fi];
        l->field = g->key;
        if (parse_map(l, map, fi, g->idcard))
            return -1;
        l->field = NULL;
    }
    return 0;
}

int form_def_has_card(const form_def *def) { return def->card[FORM_CARD_ID_NUMBER] != 0; }

const form_field *form_def_card_field(const form_def *def, form_card_field c)
{
    if ((int)c < 0 || c >= FORM_CARD_COUNT || !def->card[c])
        return NULL;
    return def->fields[def->card[c] - 1];
}

/* The answer card field c gives field f, into out; -1 if it cannot. */
static int card_value(const form_field *f, int c, const char *v, char *out, size_t n)
{
    if (c == FORM_CARD_BIRTH) {
        if (strlen(v) != 8 || strspn(v, "0123456789") != 8)
            return -1;
        snprintf(out, n, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
        return 0;
    }
    if (f->type != FORM_T_CHOICE) {
        snprintf(out, n, "%s", v);
        return strlen(v) < n ? 0 : -1;
    }
    const fopts *o = form_field_opts(f);
    char named[128] = ""; /* the card's 汉 is the option 汉族 (assets/text form.card_ethnicity) */
    if (c == FORM_CARD_ETHNICITY)
        form_text_put(named, sizeof named, FORM_TEXT_CARD_ETHNICITY, v);
    for (size_t i = 0; i < o->n; i++) {
        const char *lb = o->v[i].label;
        int same = !strcmp(lb, v) || !strcmp(o->v[i].value, v) || (*named && !strcmp(lb, named));
        if (same) {
            snprintf(out, n, "%s", o->v[i].value);
            return 0;
        }
    }
    return -1;
}

const form_field *form_field_card_field(const form_field *g, form_card_field c)
{
    if (g->type != FORM_T_GROUP || (int)c < 0 || c >= FORM_CARD_COUNT || !g->idcard[c])
        return NULL;
    return g->def->fields[g->idcard[c] - 1];
}

/* Fills the fields map names (as d->card) from the card, for member mi of
 * their group (-1: top-level fields). */
static int fill(form_inst *in, const int *map, int mi, const form_card *card)
{
    const form_def *d = in->def;
    if (!map[FORM_CARD_ID_NUMBER])
        return FORM_ERR_NOTFOUND;
    if (in->confirmed)
        return FORM_ERR_STATE;
    char vals[FORM_CARD_COUNT][512];
    char *old[FORM_CARD_COUNT] = {NULL};
    int use[FORM_CARD_COUNT] = {0};
    /* Everything is worked out before anything changes. */
    for (int c = 0; c < FORM_CARD_COUNT; c++) {
        const char *v = card->v[c];
        if (!map[c] || !v || !*v) {
            if (c == FORM_CARD_ID_NUMBER)
                return FORM_ERR_INVALID;
            continue;
        }
        if (card_value(d->fields[map[c] - 1], c, v, vals[c], sizeof vals[c]) != 0)
            return FORM_ERR_INVALID;
        use[c] = 1;
    }
    int rc = FORM_OK;
    int c;
    for (c = 0; c < FORM_CARD_COUNT && rc == FORM_OK; c++) {
        int fi = map[c] - 1;
        if (!use[c] || d->fields[fi]->compute)
            continue;
        const char *was = value_of(in, fi, mi);
        old[c] = was ? form_strdup(was) : NULL;
        if (was && !old[c])
            rc = FORM_ERR_NOMEM;
        else if (inst_store(in, fi, mi, vals[c], 0, NULL, 0) != FORM_OK)
            rc = FORM_ERR_INVALID;
    }
    /* Sex and birth date derived from the ID number must say what the card says. */
    for (int k = 0; k < FORM_CARD_COUNT && rc == FORM_OK; k++) {
        int fi = map[k] - 1;
        const char *got = use[k] ? value_of(in, fi, mi) : NULL;
        if (use[k] && d->fields[fi]->compute && (!got || strcmp(got, vals[k])))
            rc = FORM_ERR_INVALID;
    }
    for (int k = 0; k < FORM_CARD_COUNT; k++) {
        int fi = map[k] - 1;
        if (!use[k] || d->fields[fi]->compute)
            continue;
        if (rc != FORM_OK && k < c) /* put back what was there */
            inst_store(in, fi, mi, old[k], 1, NULL, 0);
        else if (rc == FORM_OK && mi < 0)
            in->from_card[fi] = 1;
        else if (rc == FORM_OK)
            in->groups[d->fields[fi]->parent].m[mi].card[fi] = 1;
        if (old[k])
            memset(old[k], 0, strlen(old[k]));
        free(old[k]);
    }
    memset(vals, 0, sizeof vals);
    return rc;
}

int form_inst_fill_card(form_inst *in, const form_card *card)
{
    return fill(in, in->def->card, -1, card);
}

int form_inst_member_fill_card(form_inst *in, const char *group, int idx, const form_card *card)
{
    const form_field *g = form_def_field(in->def, group);
    if (!g || g->type != FORM_T_GROUP || g->parent >= 0 || idx < 0 ||
        idx >= form_inst_member_count(in, group))
        return FORM_ERR_NOTFOUND;
    /* the card of a person already in the form (another member's, left on
     * the reader or laid twice; 医保's head) fills nothing */
    const char *id = card->v[FORM_CARD_ID_NUMBER];
    int ik = g->idcard[FORM_CARD_ID_NUMBER] - 1;
    char *norm = ik >= 0 && id && *id ? inst_normalize(in->def->fields[ik], id) : NULL;
    int same = norm && inst_same_person(in, ik, idx, norm);
    if (norm)
        memset(norm, 0, strlen(norm));
    free(norm);
    if (same)
        return FORM_ERR_SAME;
    return fill(in, g->idcard, idx, card);
}

int form_inst_member_from_card(const form_inst *in, const char *group, int idx, const char *key)
{
    int fi = inst_sub_field(in, group, idx, key);
    if (fi < 0)
        return 0;
    const form_field *f = in->def->fields[fi];
    const unsigned char *card = in->groups[f->parent].m[idx].card;
    return f->compute ? (f->compute_src >= 0 && card[f->compute_src]) : card[fi];
}

int form_inst_from_card(const form_inst *in, const char *key)
{
    int fi = inst_top_field(in, key);
    if (fi < 0)
        return 0;
    if (in->def->fields[fi]->compute) { /* derived from a card-filled source */
        int src = in->def->fields[fi]->compute_src;
        return src >= 0 && in->from_card[src];
    }
    return in->from_card[fi];
}
