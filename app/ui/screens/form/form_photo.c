/* form_photo.c — photo files and the photo field's block, see form_photo.h. */
#include "ui/screens/form/form_photo.h"

#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/strings.h"
#include "plat_input.h"
#include "plat_paths.h"
#include "ui/widgets/widget.h"

const char *form_photo_strerror(int rc)
{
    switch (rc) {
    case FORM_PHOTO_OK: return "ok";
    case FORM_PHOTO_ERR_FULL: return "no space left for the photo";
    case FORM_PHOTO_ERR_WRITE: return "photo file cannot be written";
    case FORM_PHOTO_ERR_ENCODE: return "photo cannot be encoded within the size limit";
    case FORM_PHOTO_ERR_NOMEM: return "out of memory";
    default: return "unknown photo error";
    }
}

void form_photo_dir(char *out, size_t n) { plat_paths_join(out, n, plat_paths_data(), "photos"); }

/* The JPEG of the still within both limits: malloc'd bytes in *jpg. */
static int encode(const plat_frame *still, int max_side, int max_bytes, uint8_t **jpg, size_t *len)
{
    plat_frame f = {0, 0, NULL};
    int side = max_side;
    *jpg = NULL;
    while (side >= 320) {
        if (plat_camera_fit(still, side, side, &f))
            return FORM_PHOTO_ERR_NOMEM;
        for (int q = 90; q >= 30; q -= 10) {
            uint8_t *out = NULL;
            size_t n = 0;
            if (plat_camera_rgb_to_jpeg(&f, q, &out, &n)) {
                plat_camera_frame_free(&f);
                return FORM_PHOTO_ERR_NOMEM;
            }
            if (n <= (size_t)max_bytes) {
                plat_camera_frame_free(&f);
                *jpg = out;
                *len = n;
                return FORM_PHOTO_OK;
            }
            free(out);
        }
        /* even the lowest quality is too large: a smaller picture */
        int longest = f.w > f.h ? f.w : f.h;
        side = longest * 3 / 4;
    }
    plat_camera_frame_free(&f);
    return FORM_PHOTO_ERR_ENCODE;
}

static int write_err(int e) { return e == ENOSPC || e == EDQUOT || e == EFBIG ? FORM_PHOTO_ERR_FULL : FORM_PHOTO_ERR_WRITE; }

int form_photo_save(const plat_frame *still, int max_side, int max_bytes, const char *dir,
                    char *name, size_t n, size_t *bytes, char *err, size_t errlen)
{
    if (n)
        name[0] = '\0';
    if (bytes)
        *bytes = 0;
    if (!still || !still->rgb || n < FORM_PHOTO_NAME_LEN) {
        snprintf(err, errlen, "no picture");
        return FORM_PHOTO_ERR_ENCODE;
    }
    uint8_t *jpg = NULL;
    size_t len = 0;
    int rc = encode(still, max_side, max_bytes, &jpg, &len);
    if (rc) {
        snprintf(err, errlen, "%s", form_photo_strerror(rc));
        return rc;
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(h, jpg, len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    char nm[FORM_PHOTO_NAME_LEN], path[1400], tmp[1410];
    snprintf(nm, sizeof nm, "photo-%s.jpg", hex);
    snprintf(path, sizeof path, "%.1200s/%s", dir, nm);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        rc = write_err(errno);
        snprintf(err, errlen, "photo folder: %s", strerror(errno));
        goto out;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = write_err(errno);
        snprintf(err, errlen, "photo file: %s", strerror(errno));
        goto out;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, jpg + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            break;
        }
        done += (size_t)w;
    }
    int e = errno;
    if (done == len && fsync(fd) != 0)
        e = errno, done = 0;
    if (close(fd) != 0 && done == len)
        e = errno, done = 0;
    if (done != len || rename(tmp, path) != 0) {
        if (done == len)
            e = errno;
        unlink(tmp);
        rc = write_err(e);
        snprintf(err, errlen, "photo file: %s", strerror(e));
        goto out;
    }
    /* the new name itself survives a power cut before the draft names it */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    snprintf(name, n, "%s", nm);
    if (bytes)
        *bytes = len;
out:
    sodium_memzero(jpg, len);
    free(jpg);
    return rc;
}

/* ---- saving on a thread of its own ---- */

struct form_photo_job {
    pthread_t th;
    pthread_mutex_t mu;
    int done; /* under mu */
    plat_frame still;
    int max_side, max_bytes;
    char dir[1200];
    form_photo_result res;
};

static void *job_run(void *arg)
{
    form_photo_job *j = arg;
    form_photo_result r;
    memset(&r, 0, sizeof r);
    r.rc = form_photo_save(&j->still, j->max_side, j->max_bytes, j->dir, r.name, sizeof r.name,
                           &r.bytes, r.err, sizeof r.err);
    pthread_mutex_lock(&j->mu);
    j->res = r;
    j->done = 1;
    pthread_mutex_unlock(&j->mu);
    plat_input_wake(); /* the page's tick takes the result */
    SDL_TLSCleanup();  /* SDL's per-thread error text: a thread SDL did not make drops it itself */
    return NULL;
}

form_photo_job *form_photo_job_start(plat_frame *still, int max_side, int max_bytes,
                                     const char *dir)
{
    if (!still || !still->rgb || !dir)
        return NULL;
    form_photo_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    if (pthread_mutex_init(&j->mu, NULL) != 0) {
        free(j);
        return NULL;
    }
    j->still = *still;
    j->max_side = max_side;
    j->max_bytes = max_bytes;
    snprintf(j->dir, sizeof j->dir, "%s", dir);
    if (pthread_create(&j->th, NULL, job_run, j) != 0) {
        pthread_mutex_destroy(&j->mu);
        free(j); /* the still was not taken */
        return NULL;
    }
    memset(still, 0, sizeof *still);
    return j;
}

static void job_free(form_photo_job *j)
{
    pthread_join(j->th, NULL);
    pthread_mutex_destroy(&j->mu);
    if (j->still.rgb)
        sodium_memzero(j->still.rgb, (size_t)j->still.w * (size_t)j->still.h * 3);
    plat_camera_frame_free(&j->still);
    free(j);
}

int form_photo_job_poll(form_photo_job *j, form_photo_result *out, plat_frame *still)
{
    if (!j)
        return 0;
    pthread_mutex_lock(&j->mu);
    int done = j->done;
    pthread_mutex_unlock(&j->mu);
    if (!done)
        return 0;
    *out = j->res;
    plat_camera_frame_free(still);
    *still = j->still; /* back to the page */
    memset(&j->still, 0, sizeof j->still);
    job_free(j);
    return 1;
}

void form_photo_job_cancel(form_photo_job *j, store *st)
{
    if (!j)
        return;
    pthread_join(j->th, NULL);
    if (j->res.rc == FORM_PHOTO_OK && j->res.name[0])
        form_photo_delete_named(j->res.name, st); /* nobody took it */
    pthread_mutex_destroy(&j->mu);
    if (j->still.rgb)
        sodium_memzero(j->still.rgb, (size_t)j->still.w * (size_t)j->still.h * 3);
    plat_camera_frame_free(&j->still);
    free(j);
}

int form_photo_count(const char *value)
{
    if (!value || !*value)
        return 0;
    int k = 1;
    for (const char *p = value; *p; p++)
        k += *p == ',';
    return k;
}

/* Photo i of value into out (a checked name), or -1. */
static int nth(const char *value, int i, char *out, size_t n)
{
    const char *p = value;
    for (int k = 0; p && k < i; k++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p || !*p)
        return -1;
    const char *e = strchr(p, ',');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    if (l + 1 > n)
        return -1;
    memcpy(out, p, l);
    out[l] = '\0';
    return form_photo_name_ok(out) ? 0 : -1;
}

int form_photo_delete_named(const char *text, store *st)
{
    int gone = 0; /* the store's check and deletion; a failure keeps the file */
    store_images_release(st, plat_paths_data(), text, &gone);
    return gone;
}

int form_photo_value_remove(const char *value, int i, char *out, size_t n)
{
    int k = form_photo_count(value);
    if (i < 0 || i >= k || n == 0)
        return -1;
    out[0] = '\0';
    size_t used = 0;
    for (int j = 0; j < k; j++) {
        char nm[FORM_PHOTO_NAME_LEN];
        if (j == i || nth(value, j, nm, sizeof nm))
            continue;
        int w = snprintf(out + used, n - used, "%s%s", used ? "," : "", nm);
        if (w < 0 || (size_t)w >= n - used)
            return -1;
        used += (size_t)w;
    }
    return 0;
}

int form_photo_value_add(const char *value, const char *name, char *out, size_t n)
{
    if (!form_photo_name_ok(name) || form_photo_count(value) >= FORM_PHOTO_MAX)
        return -1;
    int w = snprintf(out, n, "%s%s%s", value && *value ? value : "", value && *value ? "," : "",
                     name);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* ---- the block ---- */

struct form_photo_view {
    char value[FORM_PHOTO_MAX * FORM_PHOTO_NAME_LEN + 8]; /* the answer the thumbnails show */
    plat_frame thumb[FORM_PHOTO_MAX];
    int bad[FORM_PHOTO_MAX]; /* its file cannot be read */
    int n;
};

form_photo_view *form_photo_view_new(void) { return calloc(1, sizeof(form_photo_view)); }

static void drop_thumbs(form_photo_view *v)
{
    for (int i = 0; i < FORM_PHOTO_MAX; i++) {
        if (v->thumb[i].rgb)
            sodium_memzero(v->thumb[i].rgb, (size_t)v->thumb[i].w * (size_t)v->thumb[i].h * 3);
        plat_camera_frame_free(&v->thumb[i]);
        v->bad[i] = 0;
    }
    v->n = 0;
    v->value[0] = '\0';
}

void form_photo_view_free(form_photo_view *v)
{
    if (!v)
        return;
    drop_thumbs(v);
    free(v);
}

/* Reads a photo file (at most 4 MiB) and decodes it small. */
static int load_thumb(const char *name, int side, plat_frame *out)
{
    char dir[1100], path[1200];
    form_photo_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4u << 20, len = 0;
    uint8_t *buf = malloc(cap);
    if (buf)
        len = fread(buf, 1, cap, f);
    fclose(f);
    plat_frame full = {0, 0, NULL};
    int rc = !buf || plat_camera_jpeg_to_rgb(buf, len, side, side, &full) ||
             plat_camera_fit(&full, side, side, out);
    if (buf)
        sodium_memzero(buf, len);
    free(buf);
    plat_camera_frame_free(&full);
    return rc ? -1 : 0;
}

/* The thumbnails of value, decoded again when the answer changed. */
static void sync_thumbs(form_photo_view *v, const char *value, int side)
{
    if (!value)
        value = "";
    if (!strcmp(v->value, value) && v->n == form_photo_count(value))
        return;
    drop_thumbs(v);
    snprintf(v->value, sizeof v->value, "%s", value);
    int k = form_photo_count(value);
    for (int i = 0; i < k && i < FORM_PHOTO_MAX; i++) {
        char nm[FORM_PHOTO_NAME_LEN];
        v->bad[i] = nth(value, i, nm, sizeof nm) || load_thumb(nm, side, &v->thumb[i]);
        v->n++;
    }
}

int form_photo_view_draw(form_photo_view *v, ui_app *a, const form_field *f, const char *value,
                         int x, int y, int w, int dry, int show_err)
{
    const ui_theme *t = ui_app_theme(a);
    const char *key = form_field_key(f);
    int pmin, pmax, y0 = y;
    form_field_photo_count(f, &pmin, &pmax);
    int k = form_photo_count(value);
    char line[160], id[96];
    if (form_field_required(f))
        snprintf(line, sizeof line, core_str("photo.count_min"), k, pmin, pmax);
    else
        snprintf(line, sizeof line, core_str("photo.count"), k, pmax);
    text_style st = {t->px_body, TEXT_REGULAR, show_err ? t->danger : t->ink_soft, TEXT_LEFT, 0, 0};
    SDL_Rect lb = {x, y, w, 0};
    y += (dry ? text_measure_box(ui_app_text(a), line, w, &st, NULL)
              : text_draw_box(ui_app_text(a), line, &lb, &st)) + t->unit / 2;
    /* thumbnails, three a row, each a 4:3 card (documents lie landscape) with 删除 under it */
    if (k > 0) {
        int gap = t->unit, cols = 3, tw = (w - gap * (cols - 1)) / cols, th = tw * 3 / 4;
        int bh = ui_button_height(a);
        if (!dry)
            sync_thumbs(v, value, tw);
        for (int i = 0; i < k; i++) {
            int cx = x + (i % cols) * (tw + gap), cy = y + (i / cols) * (th + bh + gap * 2);
            if (dry)
                continue;
            SDL_Rect card = {cx, cy, tw, th};
            draw_round_box(ui_app_draw(a), &card, t->radius, t->surface, t->line, 2);
            if (i < v->n && v->thumb[i].rgb) {
                const plat_frame *p = &v->thumb[i];
                int dw = tw - 8, dh = (int)((long long)p->h * dw / p->w);
                if (dh > th - 8) {
                    dh = th - 8;
                    dw = (int)((long long)p->w * dh / p->h);
                }
                SDL_Rect img = {cx + (tw - dw) / 2, cy + (th - dh) / 2, dw, dh};
                draw_rgb(ui_app_draw(a), &img, p->rgb, p->w, p->h);
            } else {
                SDL_Rect tb = {cx + t->unit, cy + th / 3, tw - 2 * t->unit, 0};
                ui_label(a, &tb, core_str("form.msg.photo_bad"), t->px_body, TEXT_BOLD, t->danger,
                         TEXT_CENTER);
            }
            SDL_Rect del = {cx, cy + th + gap / 2, tw, bh};
            snprintf(id, sizeof id, "f.%s.photo.del.%d", key, i);
            ui_button(a, &del, id, core_str("photo.delete"), UI_BTN_SECONDARY);
        }
        int rows = (k + cols - 1) / cols;
        y += rows * (th + bh + gap * 2);
    } else if (!dry) {
        sync_thumbs(v, "", 0);
    }
    /* the big button */
    int bh = ui_button_height(a) * 3 / 2;
    if (!dry) {
        SDL_Rect br = {x, y, w, bh};
        snprintf(id, sizeof id, "f.%s.photo", key);
        if (k >= pmax)
            ui_button_disabled(a, &br, core_str("photo.full"));
        else
            ui_button(a, &br, id, core_str(k ? "photo.more" : "photo.take"),
                      k >= pmin ? UI_BTN_SECONDARY : UI_BTN_PRIMARY);
    }
    y += bh;
    return y - y0;
}
