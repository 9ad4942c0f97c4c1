/* form_catalog.c — the catalogue of service items: loading every definition
 * of a folder (a rejected file is a problem, the others still load), one
 * file or string, and the county settings that override the forms'
 * parameters, all or nothing. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/utf8.h"
#include "form/form_internal.h"
#include "form/form_text.h"

#define MAX_FILE_BYTES (1024 * 1024)

struct form_catalog {
    form_def **defs;
    size_t ndefs;
    char **problems;
    size_t nproblems;
    char county[128];
    form_home *home; /* the tiles (FORM_HOME_FILE); NULL until a folder is loaded */
};


/* ---- freeing ---- */

static void cond_free(fcond *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nvals; i++)
        free(c->vals[i]);
    free(c->vals);
    for (size_t i = 0; i < c->nsubs; i++)
        cond_free(c->subs[i]);
    free(c->subs);
    cond_free(c->where);
    free(c);
}

static void field_free(form_field *f)
{
    if (!f)
        return;
    free(f->key);
    free(f->label);
    free(f->help);
    free(f->help_shown);
    free(f->unit);
    free(f->text);
    free(f->dflt);
    free(f->format);
    free(f->match_key);
    free(f->other_key);
    free(f->includes_key);
    free(f->self_value);
    free(f->date_min);
    free(f->date_max);
    free(f->charset);
    free(f->card);
    free(f->item_label);
    free(f->hint);
    form_opts_free(&f->opts);
    cond_free(f->visible_if);
    form_fee_free(f->fee);
    free(f->subs);
    free(f);
}

static void def_free(form_def *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->title);
    free(d->description);
    free(d->description_shown);
    free(d->icon);
    for (size_t i = 0; i < d->nfields; i++)
        field_free(d->fields[i]);
    free(d->fields);
    free(d->top);
    for (size_t i = 0; i < d->npages; i++) {
        free(d->pages[i].title);
        free(d->pages[i].fields);
    }
    free(d->pages);
    for (size_t i = 0; i < d->nparams; i++) {
        fparam *p = &d->params[i];
        free(p->name);
        free(p->label);
        form_opts_free(&p->opts);
        form_opts_free(&p->def_opts);
        free(p->text);
        free(p->def_text);
    }
    free(d->params);
    for (size_t i = 0; i < d->nrules; i++) {
        free(d->rules[i].id);
        free(d->rules[i].message);
        cond_free(d->rules[i].when);
        cond_free(d->rules[i].require);
    }
    free(d->rules);
    def_free(d->correction);
    free(d);
}

/* ---- a correction's definition (form.h: form_def_correction) ---- */

/* 1 if d needs a materials step in a correction: it is filed, has no photo
 * field and does not use the key itself. */
static int wants_materials(const form_def *d)
{
    if (d->lookup || form_field_index(d, FORM_MATERIALS_KEY) >= 0)
        return 0;
    for (size_t i = 0; i < d->nfields; i++)
        if (d->fields[i]->type == FORM_T_PHOTO)
            return 0;
    return 1;
}

/* The definition d was loaded from (json), with the materials page before
 * the page of its signature (last when it has none), into d->correction.
 * Without it (it cannot be made) a correction is filled on d itself. */
static void make_correction(form_def *d, const char *json, const char *name)
{
    cJSON *root = cJSON_Parse(json);
    cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    cJSON *pages = cJSON_GetObjectItemCaseSensitive(root, "pages");
    cJSON *fo = cJSON_CreateObject(), *po = cJSON_CreateObject();
    int ok = cJSON_IsArray(fields) && cJSON_IsArray(pages) && fo && po &&
             cJSON_AddStringToObject(fo, "key", FORM_MATERIALS_KEY) &&
             cJSON_AddStringToObject(fo, "type", "photo") &&
             cJSON_AddStringToObject(fo, "label", form_text(FORM_TEXT_MATERIALS_LABEL)) &&
             cJSON_AddFalseToObject(fo, "required") && cJSON_AddNumberToObject(fo, "min", 1) &&
             cJSON_AddNumberToObject(fo, "max", FORM_PHOTO_MAX) &&
             cJSON_AddStringToObject(fo, "hint", form_text(FORM_TEXT_MATERIALS_HINT)) &&
             cJSON_AddStringToObject(fo, "help", form_text(FORM_TEXT_MATERIALS_HELP)) &&
             cJSON_AddStringToObject(po, "title", form_text(FORM_TEXT_MATERIALS_PAGE));
    cJSON *keys = ok ? cJSON_AddArrayToObject(po, "fields") : NULL;
    cJSON *key = cJSON_CreateString(FORM_MATERIALS_KEY);
    ok = keys && key && cJSON_AddItemToArray(keys, key);
    if (!ok)
        cJSON_Delete(key);
    int at = cJSON_GetArraySize(pages);
    for (size_t i = 0; ok && i < d->ntop; i++) {
        const form_field *f = d->fields[d->top[i]];
        if (f->type == FORM_T_SIGNATURE && f->page < at)
            at = f->page;
    }
    /* the pages again, the new one at its place (cJSON's own insertion
     * refuses a place in the middle of an array it built) */
    cJSON *np = ok ? cJSON_CreateArray() : NULL;
    ok = np && cJSON_AddItemToArray(fields, fo);
    if (ok)
        fo = NULL;
    for (int i = 0; ok; i++) {
        if (i == at) {
            ok = cJSON_AddItemToArray(np, po);
            po = ok ? NULL : po;
        }
        cJSON *pg = ok ? cJSON_DetachItemFromArray(pages, 0) : NULL;
        if (!pg)
            break;
        ok = cJSON_AddItemToArray(np, pg);
        if (!ok)
            cJSON_Delete(pg);
    }
    ok = ok && !po && cJSON_ReplaceItemInObjectCaseSensitive(root, "pages", np);
    if (ok)
        np = NULL;
    cJSON_Delete(np);
    cJSON_Delete(fo);
    cJSON_Delete(po);
    char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    char err[512] = "";
    form_ld l = {.name = name, .err = err, .errlen = sizeof err};
    l.def = text ? calloc(1, sizeof *l.def) : NULL;
    if (!l.def || ld_parse_def(&l, text) != 0) {
        core_log(CORE_LOG_WARN, "form", "%s: no materials step for its corrections: %s", name,
                 err[0] ? err : "out of memory");
        def_free(l.def);
        l.def = NULL;
    }
    free(text);
    if (l.def)
        l.def->plain = d;
    d->correction = l.def;
}

const form_def *form_def_correction(const form_def *def)
{
    if (!def || def->plain)
        return def;
    return def->correction ? def->correction : def;
}

const form_def *form_def_plain(const form_def *def)
{
    return def && def->plain ? def->plain : def;
}

/* The caller's buffer for messages, or buf when it gave none. */
static char *err_buf(char *err, size_t *errlen, char *buf, size_t n)
{
    if (err && *errlen)
        return err;
    *errlen = n;
    return buf;
}

/* ---- catalogue ---- */

form_catalog *form_catalog_new(void)
{
    return calloc(1, sizeof(form_catalog));
}

void form_catalog_free(form_catalog *cat)
{
    if (!cat)
        return;
    for (size_t i = 0; i < cat->ndefs; i++)
        def_free(cat->defs[i]);
    free(cat->defs);
    for (size_t i = 0; i < cat->nproblems; i++)
        free(cat->problems[i]);
    free(cat->problems);
    form_home_free(cat->home);
    free(cat);
}

static void add_problem(form_catalog *cat, const char *msg)
{
    char **np = realloc(cat->problems, (cat->nproblems + 1) * sizeof *np);
    if (!np)
        return;
    cat->problems = np;
    char *m = form_strdup(msg);
    if (m)
        cat->problems[cat->nproblems++] = m;
}

int form_catalog_load_string(form_catalog *cat, const char *json, const char *name, char *err,
                             size_t errlen)
{
    char buf[512];
    err = err_buf(err, &errlen, buf, sizeof buf);
    form_ld l = {.name = name ? name : "(form)", .err = err, .errlen = errlen};
    l.def = calloc(1, sizeof *l.def);
    if (!l.def || !json) {
        ld_fail(&l, l.def ? "no text" : "out of memory");
        free(l.def);
        add_problem(cat, err);
        return -1;
    }
    int rc = ld_parse_def(&l, json);
    if (rc == 0 && form_catalog_find(cat, l.def->id)) {
        l.field = NULL;
        rc = ld_fail(&l, "a form with id '%s' is already loaded", l.def->id);
    }
    form_def **nd = rc == 0 ? realloc(cat->defs, (cat->ndefs + 1) * sizeof *nd) : NULL;
    if (rc == 0 && !nd)
        rc = ld_fail(&l, "out of memory");
    if (rc) {
        def_free(l.def);
        add_problem(cat, err);
        core_log(CORE_LOG_WARN, "form", "rejected definition: %s", err);
        return -1;
    }
    cat->defs = nd;
    cat->defs[cat->ndefs++] = l.def;
    if (wants_materials(l.def))
        make_correction(l.def, json, l.name);
    return 0;
}

static char *read_file(const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "%s: cannot open (%s)", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(MAX_FILE_BYTES + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE_BYTES + 1, fp) : 0;
    int bad = ferror(fp);
    fclose(fp);
    if (!buf || bad || n > MAX_FILE_BYTES) {
        snprintf(err, errlen, "%s: %s", path,
                 !buf ? "out of memory" : bad ? "read error" : "larger than 1 MiB");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        snprintf(err, errlen, "%s: contains a NUL byte", path);
        free(buf);
        return NULL;
    }
    return buf;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int form_catalog_load_file(form_catalog *cat, const char *path, char *err, size_t errlen)
{
    char buf[512];
    err = err_buf(err, &errlen, buf, sizeof buf);
    char *text = read_file(path, err, errlen);
    if (!text) {
        add_problem(cat, err);
        return -1;
    }
    int rc = form_catalog_load_string(cat, text, base_name(path), err, errlen);
    free(text);
    return rc;
}

/* The tiles of the folder's FORM_HOME_FILE, checked against the forms loaded. */
static void load_home(form_catalog *cat, const char *dir)
{
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/%s", dir, FORM_HOME_FILE);
    form_home_free(cat->home);
    cat->home = NULL;
    char *text = read_file(path, err, sizeof err);
    form_home_parse(cat, text, FORM_HOME_FILE, &cat->home);
    if (!text && cat->home) /* the file's own problem: missing, unreadable */
        form_home_set_error(cat->home, err);
    free(text);
    const char *herr = form_catalog_home_error(cat);
    if (*herr) {
        add_problem(cat, herr);
        core_log(CORE_LOG_ERROR, "form", "home tiles refused: %s", herr);
    }
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int form_catalog_load_dir(form_catalog *cat, const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s: cannot open folder (%s)", dir, strerror(errno));
        add_problem(cat, msg);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") ||
            !strcmp(e->d_name, FORM_HOME_FILE))
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn)
            break;
        names = nn;
        names[n] = form_strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    int loaded = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (form_catalog_load_file(cat, path, NULL, 0) == 0)
            loaded++;
        free(names[i]);
    }
    free(names);
    core_log(CORE_LOG_INFO, "form", "loaded %d form definitions, %zu rejected", loaded,
             cat->nproblems);
    load_home(cat, dir);
    return loaded;
}

const char *form_catalog_home_error(const form_catalog *cat)
{
    return cat->home ? form_home_error(cat->home) : "no catalogue loaded";
}

size_t form_catalog_tile_count(const form_catalog *cat)
{
    return form_home_count(cat->home);
}

const form_tile *form_catalog_tile_at(const form_catalog *cat, size_t i)
{
    return form_home_at(cat->home, i);
}

const form_tile *form_catalog_tile_find(const form_catalog *cat, const char *id)
{
    for (size_t i = 0; id && i < form_home_count(cat->home); i++)
        if (!strcmp(form_tile_id(form_home_at(cat->home, i)), id))
            return form_home_at(cat->home, i);
    return NULL;
}

size_t form_catalog_problem_count(const form_catalog *cat)
{
    return cat->nproblems;
}

const char *form_catalog_problem(const form_catalog *cat, size_t i)
{
    return i < cat->nproblems ? cat->problems[i] : NULL;
}

size_t form_catalog_count(const form_catalog *cat)
{
    return cat->ndefs;
}

int form_catalog_level(const form_catalog *cat)
{
    int level = form_home_has_params(cat->home) ? 4 : 1; /* {param} in a tile's subtitle */
    for (size_t i = 0; i < cat->ndefs; i++) {
        int l = form_def_level(cat->defs[i]);
        if (l > level)
            level = l;
    }
    return level;
}

form_catalog *form_catalog_open(const char *dir, const char *settings, int strict, int *loaded,
                                char *err, size_t errlen)
{
    err[0] = '\0';
    form_catalog *cat = form_catalog_new();
    if (!cat) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int n = form_catalog_load_dir(cat, dir);
    if (loaded)
        *loaded = n;
    size_t bad = form_catalog_problem_count(cat);
    const char *herr = n >= 0 ? form_catalog_home_error(cat) : "";
    if (n < 0 || (strict && (bad || n == 0 || *herr))) { /* a downloaded one: whole or not at all */
        utf8_copy(err, errlen, n < 0 ? "cannot read the folder"
                               : *herr ? herr
                               : bad  ? form_catalog_problem(cat, 0)
                                      : "no form definition");
        form_catalog_free(cat);
        return NULL;
    }
    char own[4200];
    int ol = snprintf(own, sizeof own, "%s/settings/county.json", dir);
    if (strict && ol > 0 && (size_t)ol < sizeof own && access(own, F_OK) == 0)
        settings = own; /* a downloaded catalogue brings its county's settings */
    if (settings && *settings) {
        char serr[512], full[600];
        if (form_catalog_load_settings(cat, settings, serr, sizeof serr) != 0) {
            /* its detail may name what the county wrote, in Chinese: cut between characters */
            snprintf(full, sizeof full, "county settings refused: %s", serr);
            utf8_copy(err, errlen, full);
            if (strict) {
                form_catalog_free(cat);
                return NULL;
            }
        }
    }
    return cat;
}

const form_def *form_catalog_at(const form_catalog *cat, size_t i)
{
    return i < cat->ndefs ? cat->defs[i] : NULL;
}

const form_def *form_catalog_find(const form_catalog *cat, const char *id)
{
    for (size_t i = 0; id && i < cat->ndefs; i++)
        if (!strcmp(cat->defs[i]->id, id))
            return cat->defs[i];
    return NULL;
}

/* ---- county settings ---- */

/* Applies or only checks (apply = 0) one form's settings. */
static int settings_form(form_ld *l, form_def *d, const cJSON *obj, int apply)
{
    if (!cJSON_IsObject(obj))
        return ld_fail(l, "form '%s': settings must be an object", d->id);
    for (const cJSON *it = obj->child; it; it = it->next) {
        int pi = form_param_index(d, it->string);
        if (pi < 0)
            return ld_fail(l, "form '%s' has no parameter '%s'", d->id, it->string);
        fparam tmp = d->params[pi];
        tmp.opts.v = NULL;
        tmp.opts.n = 0;
        tmp.text = NULL;
        char inner[300];
        form_ld l2 = {.name = l->name, .err = inner, .errlen = sizeof inner, .def = d};
        if (ld_param_value(&l2, &tmp, it, 0)) {
            form_opts_free(&tmp.opts);
            free(tmp.text);
            return ld_fail(l, "form '%s': %s", d->id, inner + strlen(l->name) + 2);
        }
        if (apply) {
            fparam *p = &d->params[pi];
            p->ival = tmp.ival;
            if (p->type == PARAM_OPTIONS) {
                form_opts_free(&p->opts);
                p->opts = tmp.opts;
            } else if (p->type == PARAM_TEXT) {
                free(p->text);
                p->text = tmp.text;
            }
        } else {
            form_opts_free(&tmp.opts);
            free(tmp.text);
        }
    }
    return 0;
}

int form_catalog_settings_string(form_catalog *cat, const char *json, const char *name, char *err,
                                 size_t errlen)
{
    char buf[512];
    err = err_buf(err, &errlen, buf, sizeof buf);
    form_ld l = {.name = name ? name : "(settings)", .err = err, .errlen = errlen};
    cJSON *root = json ? cJSON_Parse(json) : NULL;
    if (!root)
        return ld_fail(&l, "not valid JSON");
    int rc = -1;
    static const char *const keys[] = {"county", "forms", "$comment", NULL};
    const cJSON *forms = cJSON_GetObjectItemCaseSensitive(root, "forms");
    const cJSON *county = cJSON_GetObjectItemCaseSensitive(root, "county");
    if (!cJSON_IsObject(root)) {
        ld_fail(&l, "settings must be a JSON object");
        goto out;
    }
    if (ld_check_keys(&l, root, keys, "the settings"))
        goto out;
    if (county && (!cJSON_IsString(county) || !utf8_valid(county->valuestring) ||
                   strlen(county->valuestring) >= sizeof cat->county)) {
        ld_fail(&l, "'county' must be a short string");
        goto out;
    }
    if (forms && !cJSON_IsObject(forms)) {
        ld_fail(&l, "'forms' must be an object of form id -> parameters");
        goto out;
    }
    /* Check everything first, then apply: all or nothing. */
    for (int apply = 0; apply < 2; apply++)
        for (const cJSON *it = forms ? forms->child : NULL; it; it = it->next) {
            form_def *d = (form_def *)form_catalog_find(cat, it->string);
            if (!d) {
                ld_fail(&l, "no form '%s' is loaded", it->string);
                goto out;
            }
            l.def = d;
            if (settings_form(&l, d, it, apply))
                goto out;
            if (apply && rules_fill_texts(d)) { /* the texts say the new values */
                ld_fail(&l, "form '%s': out of memory", d->id);
                goto out;
            }
            /* its correction's the same (its parameters are the form's own) */
            if (apply && d->correction &&
                (settings_form(&l, d->correction, it, 1) || rules_fill_texts(d->correction))) {
                ld_fail(&l, "form '%s': out of memory", d->id);
                goto out;
            }
        }
    if (form_home_fill(cat->home)) { /* the tiles say the new values too */
        ld_fail(&l, "tiles: out of memory");
        goto out;
    }
    snprintf(cat->county, sizeof cat->county, "%s", county ? county->valuestring : "");
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

int form_catalog_load_settings(form_catalog *cat, const char *path, char *err, size_t errlen)
{
    char buf[512];
    err = err_buf(err, &errlen, buf, sizeof buf);
    char *text = read_file(path, err, errlen);
    if (!text)
        return -1;
    int rc = form_catalog_settings_string(cat, text, base_name(path), err, errlen);
    free(text);
    return rc;
}

const char *form_catalog_county(const form_catalog *cat)
{
    return cat->county;
}
