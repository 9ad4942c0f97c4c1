/* images.c — the image files the kiosk keeps in its data folder for its
 * drafts and filings (signatures, consents, photos of documents): their
 * names, where they lie, whether a draft or a pending filing still names
 * one, and their deletion once nothing does (store.h, images). */
#include "store/store_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "form/form.h"

#define TAG "store"

int store_image_name_ok(const char *name)
{
    const char *hex = NULL;
    size_t want = 0;
    if (!name)
        return 0;
    if (!strncmp(name, "photo-", 6))
        return form_photo_name_ok(name);
    if (!strncmp(name, "sig-", 4)) {
        hex = name + 4;
        want = 64;
    } else if (!strncmp(name, "consent/", 8)) {
        hex = name + 8;
        want = 36;
    } else {
        return 0;
    }
    for (size_t i = 0; i < want; i++)
        if (!hex[i] || !strchr("0123456789abcdef-", hex[i]))
            return 0;
    return !strcmp(hex + want, ".png");
}

void store_image_path(const char *dir, const char *name, char *path, size_t n)
{
    snprintf(path, n, "%s/%s%s", dir,
             !strncmp(name, "sig-", 4)     ? "signatures/"
             : !strncmp(name, "photo-", 6) ? "photos/"
                                           : "",
             name);
}

/* 1 if c may stand next to an image name in the text that names it: the
 * text's start or end, a JSON string's quote, a list's comma. */
static int name_edge(char c) { return c == '\0' || c == '"' || c == ','; }

/* each() for every image name text names: JSON (a draft's answers, a
 * payload), one answer's value, or a comma-separated list of them (a photo
 * field's answer in a draft), malformed or not. The text is scanned as it
 * is, not parsed, so no copy of the other answers (a name, an ID number) is
 * left in freed memory; a name counts only where it stands whole between
 * quotes, commas or the text's ends and passes store_image_name_ok. */
static void each_named(const char *text, void (*each)(const char *, void *), void *ud)
{
    static const char *const prefix[] = {"sig-", "photo-", "consent/"};
    if (!text)
        return;
    for (const char *p = text; *p; p++) {
        if (p > text && !name_edge(p[-1]))
            continue;
        for (size_t k = 0; k < sizeof prefix / sizeof prefix[0]; k++) {
            size_t pl = strlen(prefix[k]);
            if (strncmp(p, prefix[k], pl))
                continue;
            size_t l = pl + strspn(p + pl, "0123456789abcdef-");
            if (strncmp(p + l, ".png", 4) && strncmp(p + l, ".jpg", 4))
                break;
            l += 4;
            char one[STORE_IMAGE_NAME_MAX];
            if (l < sizeof one && name_edge(p[l])) {
                memcpy(one, p, l);
                one[l] = '\0';
                if (store_image_name_ok(one))
                    each(one, ud);
            }
            break;
        }
    }
}

typedef struct {
    char (*out)[STORE_IMAGE_NAME_MAX];
    int n, max;
} name_list;

static void add_name(const char *name, void *ud)
{
    name_list *l = ud;
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->out[i], name))
            return; /* named twice: once */
    if (l->n < l->max)
        snprintf(l->out[l->n++], STORE_IMAGE_NAME_MAX, "%s", name);
}

int store_images_named(const char *text, char (*out)[STORE_IMAGE_NAME_MAX], int max)
{
    name_list l = {out, 0, max};
    each_named(text, add_name, &l);
    return l.n;
}

int store_image_in_use(store *st, const char *name, int *in_use)
{
    if (!st || !name || !*name || !in_use)
        return STORE_ERR_INVALID;
    *in_use = 0;
    int rc = STORE_OK;
    st_lock(st);
    sqlite3_stmt *s = st_prepare(st,
                                 "SELECT EXISTS(SELECT 1 FROM drafts WHERE instr(answers, ?1) > 0)"
                                 " OR EXISTS(SELECT 1 FROM outbox WHERE instr(payload, ?1) > 0)",
                                 &rc);
    if (s) {
        st_bind_text(s, 1, name);
        int r = sqlite3_step(s);
        if (r == SQLITE_ROW)
            *in_use = sqlite3_column_int(s, 0) != 0;
        else
            rc = st_err(st, r);
        sqlite3_finalize(s);
    }
    st_unlock(st);
    return rc;
}

typedef struct {
    store *st;
    const char *dir;
    int removed;
    int rc;
} release_job;

/* One image: deleted unless a draft or pending filing names it (kept when
 * that cannot be told); one already gone is no fault. */
static void release_one(const char *name, void *ud)
{
    release_job *j = ud;
    int in_use = 0;
    if (j->st) {
        int r = store_image_in_use(j->st, name, &in_use);
        if (r != STORE_OK) {
            j->rc = j->rc ? j->rc : r;
            return;
        }
    }
    if (in_use)
        return;
    char path[4096]; /* dir (< 1100) + "/signatures/" + a checked name (< 160) */
    store_image_path(j->dir, name, path, sizeof path);
    if (remove(path) == 0)
        j->removed++;
    else if (errno != ENOENT && !j->rc)
        j->rc = errno == EROFS ? STORE_ERR_READONLY : STORE_ERR_IO;
}

/* The data folder of st: its database file's folder. */
static void data_dir(const store *st, char *out, size_t n)
{
    snprintf(out, n, "%s", st->path);
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(out, n, ".");
}

int store_images_release(store *st, const char *dir, const char *text, int *removed)
{
    if (removed)
        *removed = 0;
    if (!st && !dir)
        return STORE_ERR_INVALID;
    char own[1024];
    if (!dir) {
        data_dir(st, own, sizeof own);
        dir = own;
    }
    release_job j = {st, dir, 0, STORE_OK};
    if (st)
        st_lock(st); /* no draft saved between a check and its deletion */
    each_named(text, release_one, &j);
    if (st)
        st_unlock(st);
    if (removed)
        *removed = j.removed;
    return j.rc;
}

void st_draft_images_release(store *st, const char *uuid, const char *answers)
{
    char consent[STORE_IMAGE_NAME_MAX];
    snprintf(consent, sizeof consent, "consent/%s.png", uuid);
    int n = 0, k = 0;
    int rc = store_images_release(st, NULL, answers, &n);
    int rc2 = store_images_release(st, NULL, consent, &k);
    if (rc != STORE_OK || rc2 != STORE_OK)
        core_log(CORE_LOG_WARN, TAG, "images of a deleted draft not all removed: %s",
                 store_strerror(rc != STORE_OK ? rc : rc2));
    else if (n + k)
        core_log(CORE_LOG_DEBUG, TAG, "%d image(s) of a deleted draft removed", n + k);
}
