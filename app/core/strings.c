/* strings.c — key → text table for the interface, loaded from an asset file. */
#include "core/strings.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"

typedef struct {
    char *key, *val;
} entry;

static entry *g_tab;
static size_t g_n;
static atomic_int g_missing;

void core_strings_free(void)
{
    for (size_t i = 0; i < g_n; i++) {
        free(g_tab[i].key);
        free(g_tab[i].val);
    }
    free(g_tab);
    g_tab = NULL;
    g_n = 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

int core_strings_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    entry *tab = NULL;
    size_t n = 0, cap = 0;
    char line[2048];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq || !utf8_valid(s)) {
            snprintf(err, errlen, "%s:%d: expected 'key = text' in UTF-8", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *k = trim(s), *v = trim(eq + 1);
        if (!*k) {
            snprintf(err, errlen, "%s:%d: empty key", path, lineno);
            rc = -1;
            break;
        }
        if (core_grow(&tab, &cap, n + 1, sizeof *tab, 128)) {
            rc = -1;
            snprintf(err, errlen, "%s: out of memory", path);
            break;
        }
        char *val = strdup(v), *w = val;
        for (char *r = val; r && *r; r++) { /* unescape \n */
            if (r[0] == '\\' && r[1] == 'n') {
                *w++ = '\n';
                r++;
            } else {
                *w++ = *r;
            }
        }
        if (w)
            *w = '\0';
        tab[n].key = strdup(k);
        tab[n].val = val;
        n++;
    }
    fclose(f);
    if (rc == 0) {
        qsort(tab, n, sizeof *tab, cmp);
        for (size_t i = 1; i < n; i++)
            if (strcmp(tab[i - 1].key, tab[i].key) == 0) {
                snprintf(err, errlen, "%s: key '%s' defined twice", path, tab[i].key);
                rc = -1;
                break;
            }
    }
    if (rc != 0) {
        for (size_t i = 0; i < n; i++) {
            free(tab[i].key);
            free(tab[i].val);
        }
        free(tab);
        return -1;
    }
    core_strings_free();
    g_tab = tab;
    g_n = n;
    g_missing = 0;
    return 0;
}

const char *core_str_or(const char *key, const char *fallback)
{
    entry probe = {(char *)key, NULL};
    entry *e = g_n && key ? bsearch(&probe, g_tab, g_n, sizeof *g_tab, cmp) : NULL;
    return e ? e->val : fallback;
}

const char *core_str(const char *key)
{
    const char *v = core_str_or(key, NULL);
    if (!v) {
        g_missing++;
        return key;
    }
    return v;
}

int core_strings_missing(void) { return g_missing; }
