/* form_home.c — the home screen's tiles as data: catalogue.json of the forms
 * folder (SCHEMA.md, "The home screen"). All or nothing: a catalogue with any
 * problem leaves no tiles and an error naming the file, the tile and what is
 * wrong; every loaded item must be on a tile. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/utf8.h"
#include "form/form_internal.h"

#define MAX_TILES 200
#define MAX_ITEMS 100

struct form_tile {
    char *id, *label, *subtitle, *glyph, *colour;
    char **items;
    size_t nitems;
    const form_def *params; /* the item whose parameters the subtitle names, or NULL */
    char *subtitle_shown;   /* the subtitle with them filled, NULL: as written */
};

struct form_home {
    form_tile *tiles;
    size_t n;
    char err[512];
};

/* The colour names a catalogue may use: the theme's tile palette (ui/core/theme.h
 * resolves them, in both looks). */
static const char *const COLOURS[] = {"red", "teal", "orange", "purple", "blue", "green",
                                      "brown", "slate", NULL};

static void tile_clear(form_tile *t)
{
    free(t->id);
    free(t->label);
    free(t->subtitle);
    free(t->subtitle_shown);
    free(t->glyph);
    free(t->colour);
    for (size_t i = 0; i < t->nitems; i++)
        free(t->items[i]);
    free(t->items);
}

void form_home_free(form_home *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        tile_clear(&h->tiles[i]);
    free(h->tiles);
    free(h);
}

static int fail(form_home *h, const char *name, const char *tile, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(form_home *h, const char *name, const char *tile, const char *fmt, ...)
{
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (tile)
        snprintf(h->err, sizeof h->err, "%s: tile '%s': %s", name, tile, what);
    else
        snprintf(h->err, sizeof h->err, "%s: %s", name, what);
    return -1;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > FORM_MAX_KEY)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

int form_colour_valid(const char *c)
{
    if (!c)
        return 0;
    for (size_t i = 0; COLOURS[i]; i++)
        if (!strcmp(c, COLOURS[i]))
            return 1;
    if (c[0] != '#' || strlen(c) != 7)
        return 0;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", c[i]))
            return 0;
    return 1;
}

/* A string attribute: 0 and *out (malloc'd; NULL when absent and optional) or -1. */
static int get_text(form_home *h, const char *name, const char *tile, const cJSON *obj,
                    const char *key, int required, size_t max_chars, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v)
        return required ? fail(h, name, tile, "'%s' is missing", key) : 0;
    if (!cJSON_IsString(v) || !utf8_valid(v->valuestring))
        return fail(h, name, tile, "'%s' must be a UTF-8 string", key);
    size_t n = utf8_count(v->valuestring);
    if (required && n == 0)
        return fail(h, name, tile, "'%s' is empty", key);
    if (n > max_chars)
        return fail(h, name, tile, "'%s' is longer than %zu characters", key, max_chars);
    for (const char *s = v->valuestring; *s; s++)
        if ((unsigned char)*s < 0x20)
            return fail(h, name, tile, "'%s' has a control character", key);
    *out = form_strdup(v->valuestring);
    return *out ? 0 : fail(h, name, tile, "out of memory");
}

static int subtitle_params(form_home *h, const char *name, form_tile *t, form_catalog *cat);

static int fill_tile(form_tile *t)
{
    free(t->subtitle_shown);
    t->subtitle_shown = NULL;
    if (!t->params)
        return 0;
    char buf[FORM_MSG_MAX];
    rules_fill_params(t->params, t->subtitle, buf, sizeof buf);
    t->subtitle_shown = form_strdup(buf);
    return t->subtitle_shown ? 0 : -1;
}

int form_home_fill(form_home *h)
{
    int rc = 0;
    for (size_t i = 0; h && i < h->n; i++)
        rc |= fill_tile(&h->tiles[i]);
    return rc ? -1 : 0;
}

int form_home_has_params(const form_home *h)
{
    for (size_t i = 0; h && i < h->n; i++)
        if (h->tiles[i].params)
            return 1;
    return 0;
}

static int parse_tile(form_home *h, const char *name, const cJSON *o, size_t index,
                      form_catalog *cat)
{
    static const char *const keys[] = {"id", "label", "subtitle", "glyph", "colour", "items",
                                       "$comment", NULL};
    char pos[32];
    snprintf(pos, sizeof pos, "#%zu", index + 1);
    if (!cJSON_IsObject(o))
        return fail(h, name, pos, "a tile must be an object");
    for (const cJSON *it = o->child; it; it = it->next) {
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], it->string))
            k++;
        if (!keys[k])
            return fail(h, name, pos, "unknown attribute '%s'", it->string);
    }
    form_tile *t = &h->tiles[h->n];
    memset(t, 0, sizeof *t);
    h->n++; /* freed with the others from here on */
    if (get_text(h, name, pos, o, "id", 1, FORM_MAX_KEY, &t->id))
        return -1;
    if (!valid_id(t->id))
        return fail(h, name, pos, "id '%s' must be lowercase letters, digits and _", t->id);
    if (!strcmp(t->id, "agent")) /* the proxy-agent bar's own target, tile.agent */
        return fail(h, name, pos, "id 'agent' is reserved");
    for (size_t i = 0; i + 1 < h->n; i++)
        if (!strcmp(h->tiles[i].id, t->id))
            return fail(h, name, t->id, "a tile with this id comes earlier (#%zu)", i + 1);
    if (get_text(h, name, t->id, o, "label", 1, 8, &t->label) ||
        get_text(h, name, t->id, o, "subtitle", 0, 24, &t->subtitle) ||
        get_text(h, name, t->id, o, "glyph", 1, 1, &t->glyph) ||
        get_text(h, name, t->id, o, "colour", 1, 7, &t->colour))
        return -1;
    if (!t->subtitle && !(t->subtitle = form_strdup("")))
        return fail(h, name, t->id, "out of memory");
    if (!form_colour_valid(t->colour))
        return fail(h, name, t->id,
                    "colour '%s' is not a theme colour (red, teal, orange, purple, blue, "
                    "green, brown, slate) or #RRGGBB", t->colour);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
    int n = cJSON_IsArray(items) ? cJSON_GetArraySize(items) : -1;
    if (n < 1 || n > MAX_ITEMS)
        return fail(h, name, t->id, "'items' must be a list of 1 to %d form ids", MAX_ITEMS);
    t->items = calloc((size_t)n, sizeof *t->items);
    if (!t->items)
        return fail(h, name, t->id, "out of memory");
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        if (!cJSON_IsString(it) || !valid_id(it->valuestring))
            return fail(h, name, t->id, "'items' must hold form ids");
        if (!form_catalog_find(cat, it->valuestring))
            return fail(h, name, t->id, "item '%s' is not a loaded form (no such file, or it "
                        "was rejected)", it->valuestring);
        for (size_t i = 0; i < t->nitems; i++)
            if (!strcmp(t->items[i], it->valuestring))
                return fail(h, name, t->id, "item '%s' is listed twice", it->valuestring);
        if (!(t->items[t->nitems] = form_strdup(it->valuestring)))
            return fail(h, name, t->id, "out of memory");
        t->nitems++;
    }
    return subtitle_params(h, name, t, cat);
}

/* A county's value in a subtitle ("{min_age}岁以上老人"): each {name} a
 * parameter of the first of the tile's items that has the first one. */
static int subtitle_params(form_home *h, const char *name, form_tile *t, form_catalog *cat)
{
    for (const char *p = strchr(t->subtitle, '{'); p; p = strchr(p, '{')) {
        const char *e = strchr(p, '}');
        char pn[48];
        size_t l = e ? (size_t)(e - p - 1) : 0;
        if (!e || l == 0 || l >= sizeof pn)
            return fail(h, name, t->id, "'subtitle' has an open or empty '{'");
        snprintf(pn, sizeof pn, "%.*s", (int)l, p + 1);
        for (size_t i = 0; !t->params && i < t->nitems; i++) {
            const form_def *d = form_catalog_find(cat, t->items[i]);
            if (d && form_param_index(d, pn) >= 0)
                t->params = d;
        }
        if (!t->params || form_param_index(t->params, pn) < 0)
            return fail(h, name, t->id, "'subtitle' names '{%s}', a parameter of none of its "
                        "items", pn);
        p = e + 1;
    }
    return fill_tile(t) ? fail(h, name, t->id, "out of memory") : 0;
}

int form_home_parse(form_catalog *cat, const char *json, const char *name, form_home **out)
{
    *out = NULL;
    form_home *h = calloc(1, sizeof *h);
    if (!h)
        return -1;
    *out = h;
    const char *end = NULL;
    cJSON *root = json ? cJSON_ParseWithOpts(json, &end, 1) : NULL;
    if (!root) {
        int line = 1;
        for (const char *s = json; s && end && s < end && *s; s++)
            line += *s == '\n';
        return fail(h, name, NULL, "not valid JSON (near line %d)", line);
    }
    int rc = -1;
    static const char *const keys[] = {"version", "tiles", "$comment", NULL};
    const cJSON *tiles = cJSON_GetObjectItemCaseSensitive(root, "tiles");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    long long v = 0;
    if (!cJSON_IsObject(root)) {
        fail(h, name, NULL, "the catalogue must be a JSON object");
        goto out;
    }
    for (const cJSON *it = root->child; it; it = it->next) {
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], it->string))
            k++;
        if (!keys[k]) {
            fail(h, name, NULL, "unknown attribute '%s'", it->string);
            goto out;
        }
    }
    if (!ver || ld_json_int(ver, &v) || v < 1 || v > 1000000000) {
        fail(h, name, NULL, "'version' must be a whole number >= 1");
        goto out;
    }
    int n = cJSON_IsArray(tiles) ? cJSON_GetArraySize(tiles) : -1;
    if (n < 1 || n > MAX_TILES) {
        fail(h, name, NULL, "'tiles' must be a list of 1 to %d tiles", MAX_TILES);
        goto out;
    }
    h->tiles = calloc((size_t)n, sizeof *h->tiles);
    if (!h->tiles) {
        fail(h, name, NULL, "out of memory");
        goto out;
    }
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, tiles)
    {
        if (parse_tile(h, name, it, i++, cat))
            goto out;
    }
    /* every loaded item is reachable from a tile */
    for (size_t d = 0; d < form_catalog_count(cat); d++) {
        const char *id = form_def_id(form_catalog_at(cat, d));
        int found = 0;
        for (size_t k = 0; k < h->n && !found; k++)
            for (size_t j = 0; j < h->tiles[k].nitems && !found; j++)
                found = !strcmp(h->tiles[k].items[j], id);
        if (!found) {
            fail(h, name, NULL, "form '%s' is loaded but on no tile", id);
            goto out;
        }
    }
    rc = 0;
out:
    cJSON_Delete(root);
    if (rc) { /* all or nothing: the error stays, the tiles go */
        for (size_t k = 0; k < h->n; k++)
            tile_clear(&h->tiles[k]);
        free(h->tiles);
        h->tiles = NULL;
        h->n = 0;
    }
    return rc;
}

void form_home_set_error(form_home *h, const char *err)
{
    snprintf(h->err, sizeof h->err, "%s", err);
}

const char *form_home_error(const form_home *h) { return h ? h->err : "no catalogue"; }
size_t form_home_count(const form_home *h) { return h ? h->n : 0; }
const form_tile *form_home_at(const form_home *h, size_t i)
{
    return h && i < h->n ? &h->tiles[i] : NULL;
}

const char *form_tile_id(const form_tile *t) { return t->id; }
const char *form_tile_label(const form_tile *t) { return t->label; }
const char *form_tile_subtitle(const form_tile *t)
{
    return t->subtitle_shown ? t->subtitle_shown : t->subtitle;
}
const char *form_tile_glyph(const form_tile *t) { return t->glyph; }
const char *form_tile_colour(const form_tile *t) { return t->colour; }
size_t form_tile_item_count(const form_tile *t) { return t->nitems; }
const char *form_tile_item(const form_tile *t, size_t i)
{
    return i < t->nitems ? t->items[i] : NULL;
}
