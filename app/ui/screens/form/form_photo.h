/* form_photo.h — a form's photo field (SCHEMA.md type "photo"): the photos a
 * villager took of her documents, as files in the data folder, and the field's
 * block on the form page.
 *
 * Files: <data>/photos/photo-<sha256 of the bytes>.jpg. A still from the
 * camera is scaled so its long side is at most photo.max_side pixels and
 * encoded to JPEG at falling quality (90, 80 ... 30; then smaller) until it
 * is at most photo.max_kb KiB; written to a temporary file, synced and
 * renamed, so a power cut leaves either the whole photo or a ".tmp" the start
 * sweep removes (sync_store_sweep_images). Photos are personal data: their
 * names never go to logs (only counts), and they are deleted when the filing
 * is acknowledged (sync_store.c), when the draft naming them is deleted (the
 * store takes a draft's images with it), or when the villager deletes one on
 * the page.
 *
 * The block: the count taken and needed, the thumbnails (each with 删除), and a
 * large 拍照 / 再拍一张 button that opens the camera page (form_camera.h).
 * Targets "f.<key>.photo" (take one), "f.<key>.photo.del.<i>".
 *
 * Ownership: form_photo_view_new() returns the block's thumbnail cache, freed
 * by form_photo_view_free(). Frames from form_photo_save's caller stay theirs;
 * a frame given to form_photo_job_start is the job's until the poll hands it
 * back.
 */
#ifndef CZ_UI_FORM_PHOTO_H
#define CZ_UI_FORM_PHOTO_H

#include <stddef.h>

#include "form/form.h"
#include "plat_camera.h"
#include "store/store.h"
#include "ui/core/app.h"

enum {
    FORM_PHOTO_OK = 0,
    FORM_PHOTO_ERR_FULL = -1,   /* no space left on the data folder's disk */
    FORM_PHOTO_ERR_WRITE = -2,  /* the file cannot be written (other reasons) */
    FORM_PHOTO_ERR_ENCODE = -3, /* cannot be encoded within the size limit */
    FORM_PHOTO_ERR_NOMEM = -4,
};
const char *form_photo_strerror(int rc);

/* <data>/photos */
void form_photo_dir(char *out, size_t n);
/* Encodes still (see above) and saves it into dir (created, owner only);
 * name gets "photo-<hex>.jpg" (FORM_PHOTO_NAME_LEN bytes with its NUL),
 * *bytes (may be NULL) the file's size. A FORM_PHOTO_ code; err says more
 * (English, no personal data). */
int form_photo_save(const plat_frame *still, int max_side, int max_bytes, const char *dir,
                    char *name, size_t n, size_t *bytes, char *err, size_t errlen);
/* Saving off the UI thread (on the ARM board a 1600-pixel encode takes
 * several hundred ms): form_photo_job_start() moves the still into a job
 * (*still is emptied: the job owns its pixels) and runs form_photo_save on a
 * thread of its own, which calls plat_input_wake() when it ends.
 * form_photo_job_poll() gives 0 while it runs; once it ended, 1 with the
 * result in *out and the still handed back in *still (kept for another try
 * after a failure; the caller wipes it), and the job is gone.
 * form_photo_job_cancel(): the page closes while it runs (返回, the session
 * ends): waits for the thread, deletes the photo it wrote unless st (may be
 * NULL) has a draft or filing naming that file, wipes the still, frees the
 * job. Threads: start, poll and cancel on the UI thread only; the job's
 * thread touches nothing but the still, the folder and the job. NULL if the
 * thread or memory cannot be had (the still stays the caller's then). */
typedef struct form_photo_job form_photo_job;
typedef struct {
    int rc;                         /* a FORM_PHOTO_ code */
    char name[FORM_PHOTO_NAME_LEN]; /* "photo-<hex>.jpg" when rc is FORM_PHOTO_OK */
    size_t bytes;                   /* the file's size */
    char err[160];                  /* what went wrong (English, no personal data) */
} form_photo_result;
form_photo_job *form_photo_job_start(plat_frame *still, int max_side, int max_bytes,
                                     const char *dir);
int form_photo_job_poll(form_photo_job *j, form_photo_result *out, plat_frame *still);
void form_photo_job_cancel(form_photo_job *j, store *st);
/* Deletes the photo files text names (a field's answer), each only if st
 * (may be NULL: then unconditionally) has no draft or pending filing that
 * still names it (store_images_release). Returns how many went. */
int form_photo_delete_named(const char *text, store *st);
/* The number of photos an answer names. */
int form_photo_count(const char *value);

typedef struct form_photo_view form_photo_view;
form_photo_view *form_photo_view_new(void);
void form_photo_view_free(form_photo_view *v);
/* Lays out (dry: measures only) and draws field f's block with answer value
 * at x, y, w; returns its height. */
int form_photo_view_draw(form_photo_view *v, ui_app *a, const form_field *f, const char *value,
                         int x, int y, int w, int dry, int show_err);
/* The answer after removing photo i from value: out (n bytes). 0 or -1. */
int form_photo_value_remove(const char *value, int i, char *out, size_t n);
/* The answer with name added: out (n bytes). 0 or -1 (too long or full). */
int form_photo_value_add(const char *value, const char *name, char *out, size_t n);

#endif
