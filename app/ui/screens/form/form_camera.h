/* form_camera.h — the full-screen camera page a photo field opens
 * (form_photo.h): the field's question and what to photograph at the top,
 * the live preview, a big 拍照 button; after taking, the picture with
 * 重拍 / 用这张. 用这张 saves the photo (photo.max_side, photo.max_kb) off the
 * UI thread (form_photo_job_start): meanwhile the page shows the picture
 * with 正在保存, has no buttons but 返回, and keeps answering; once saved it
 * closes with the file's name. 返回 closes it without one (a save still
 * running is waited for and its file deleted). What goes wrong is said on
 * the page in the villager's words (no camera, a device that is not a
 * camera, a picture that did not come out, the disk full) and nothing is
 * lost: the picture taken stays on the page until it is saved or retaken.
 *
 * 读给我听 ("cam.voice", at the hint's right, or atop the column beside the
 * picture when it has room there over the longest line) reads the field's
 * question, what to photograph, then the line under the picture, or while
 * the preview runs, to tap 拍照; in large text the page reads itself once as
 * it opens.
 *
 * The camera is ui_services.camera_source (plat_camera_open), opened with
 * the page and closed with it. Targets "cam.back", "cam.voice", "cam.shoot",
 * "cam.retake", "cam.use", and "cam.saving" (no tap: where the buttons were
 * while saving).
 * Threads: the page and its camera on the UI thread; the save job's thread
 * holds only the still (form_photo.h).
 *
 * Ownership: form_camera_new() returns a screen for ui_app_push; the field is
 * borrowed (catalogue-owned) and done/ud must stay valid while it is open.
 */
#ifndef CZ_UI_FORM_CAMERA_H
#define CZ_UI_FORM_CAMERA_H

#include "form/form.h"
#include "ui/core/app.h"

/* Called (after the page closed) with the saved photo's file name. */
typedef void (*form_camera_fn)(void *ud, ui_app *a, const form_field *f, const char *name);

/* NULL if out of memory. */
ui_screen *form_camera_new(const form_field *f, form_camera_fn done, void *ud);

#endif
