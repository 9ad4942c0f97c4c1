/* camera_folder.c — a camera that shows a folder of sample JPEG images
 * (plat_camera.h): the emulator's camera, and the tests' (assets/camera). */
#include "camera_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_FILES 64
#define MAX_BYTES (32u * 1024 * 1024)

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_jpeg_name(const char *n)
{
    size_t l = strlen(n);
    if (n[0] == '.')
        return 0;
    return (l > 4 && !strcasecmp(n + l - 4, ".jpg")) || (l > 5 && !strcasecmp(n + l - 5, ".jpeg"));
}

int cam_folder_open(plat_camera *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(c->detail, sizeof c->detail, "sample folder cannot be read");
        return PLAT_CAMERA_ERR_OPEN;
    }
    c->files = calloc(MAX_FILES, sizeof *c->files);
    if (!c->files) {
        closedir(d);
        return PLAT_CAMERA_ERR_NOMEM;
    }
    struct dirent *e;
    while ((e = readdir(d)) && c->nfiles < MAX_FILES) {
        if (!is_jpeg_name(e->d_name))
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p)
            break;
        snprintf(p, n, "%s/%s", dir, e->d_name);
        c->files[c->nfiles++] = p;
    }
    closedir(d);
    if (c->nfiles == 0) {
        snprintf(c->detail, sizeof c->detail, "sample folder holds no JPEG image");
        return PLAT_CAMERA_NONE;
    }
    qsort(c->files, (size_t)c->nfiles, sizeof *c->files, by_name);
    return PLAT_CAMERA_OK;
}

/* The bytes of the current sample (malloc'd). */
static uint8_t *read_current(plat_camera *c, size_t *len)
{
    const char *path = c->files[c->at];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_BYTES)
                break;
            uint8_t *b = realloc(buf, cap ? cap * 2 : 65536);
            if (!b)
                break;
            buf = b;
            cap = cap ? cap * 2 : 65536;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Decodes the current sample to fit max_w x max_h. */
static int decode_current(plat_camera *c, int max_w, int max_h, plat_frame *out)
{
    size_t len = 0;
    uint8_t *buf = read_current(c, &len);
    if (!buf) {
        snprintf(c->detail, sizeof c->detail, "sample %d cannot be read", c->at + 1);
        return PLAT_CAMERA_ERR_STREAM;
    }
    plat_frame full = {0, 0, NULL};
    int bad = plat_camera_jpeg_to_rgb(buf, len, max_w, max_h, &full);
    free(buf);
    if (bad) {
        snprintf(c->detail, sizeof c->detail, "sample %d is not a well-formed JPEG", c->at + 1);
        return PLAT_CAMERA_ERR_FRAME;
    }
    int rc = plat_camera_fit(&full, max_w, max_h, out);
    plat_camera_frame_free(&full);
    return rc ? PLAT_CAMERA_ERR_NOMEM : PLAT_CAMERA_OK;
}

int cam_folder_frame(plat_camera *c, plat_frame *f)
{
    /* a page lies still: a new frame only when another page was laid */
    if (c->shown.rgb && f->rgb)
        return PLAT_CAMERA_ERR_TIMEOUT;
    if (!c->shown.rgb) {
        int rc = decode_current(c, c->lim.preview_max_w, c->lim.preview_max_h, &c->shown);
        if (rc != PLAT_CAMERA_OK)
            return rc;
    }
    plat_frame copy = {0, 0, NULL};
    if (plat_camera_fit(&c->shown, c->shown.w, c->shown.h, &copy))
        return PLAT_CAMERA_ERR_NOMEM;
    plat_camera_frame_free(f);
    *f = copy;
    return PLAT_CAMERA_OK;
}

int cam_folder_still(plat_camera *c, plat_frame *f)
{
    int rc = decode_current(c, c->lim.still_max_w, c->lim.still_max_h, f);
    /* the next page is laid under the camera, good or bad */
    c->at = (c->at + 1) % c->nfiles;
    plat_camera_frame_free(&c->shown);
    return rc;
}

void cam_folder_close(plat_camera *c)
{
    for (int i = 0; i < c->nfiles; i++)
        free(c->files[i]);
    free(c->files);
    c->files = NULL;
    plat_camera_frame_free(&c->shown);
}
