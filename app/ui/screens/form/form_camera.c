/* form_camera.c — the camera page of a photo field, see form_camera.h. */
#include "ui/screens/form/form_camera.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/config.h"
#include "core/log.h"
#include "core/strings.h"
#include "plat_camera.h"
#include "plat_clock.h"
#include "ui/core/services.h"
#include "ui/core/session.h"
#include "ui/screens/form/form_photo.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"

#define PREVIEW_MS 66 /* about 15 frames a second */
#define SAVE_POLL_MS 50 /* while saving, besides the job's wake-up */

typedef struct {
    const form_field *f;
    form_camera_fn done;
    void *ud;
    plat_camera *cam;
    int opened;       /* tried to open (cam NULL after: none) */
    plat_frame live;  /* the last preview frame */
    plat_frame still; /* the picture taken, full size; rgb NULL while previewing */
    plat_frame shown; /* the still at preview size */
    form_photo_job *job; /* saving the still (the job holds it meanwhile), or NULL */
    store *st;           /* for a photo left behind when the page closes while saving */
    const char *msg;  /* a text key said in red, or NULL */
    SDL_Rect view;    /* the preview's box at the last draw (h 0 before one) */
    int mh;           /* and the room of the line under it (0: none) */
    int col_y;        /* beside the picture (cam_side): the column's top at the last draw */
    int spoken;       /* large text: the page has read itself once */
    int y0;           /* the top of what is under the title band, at the last draw */
    int atop, atop_key[4]; /* cam_voice_atop's answer, and for what (0s: none yet) */
} cam_page;

static void wipe(plat_frame *f)
{
    if (f->rgb)
        sodium_memzero(f->rgb, (size_t)f->w * (size_t)f->h * 3);
    plat_camera_frame_free(f);
}

static void cam_open(cam_page *p, ui_app *a)
{
    if (p->opened)
        return;
    p->opened = 1;
    core_config *cfg = ui_app_config(a);
    int side = (int)core_config_get_int(cfg, "camera.still_max", 4096);
    plat_camera_limits lim = {side, side, 960, 960};
    int rc = plat_camera_open(ui_app_services(a)->camera_source, &lim, &p->cam);
    if (rc == PLAT_CAMERA_OK)
        rc = plat_camera_start(p->cam);
    if (rc != PLAT_CAMERA_OK) {
        core_log(CORE_LOG_WARN, "camera", "%s (%s)", plat_camera_strerror(rc),
                 plat_camera_detail(p->cam));
        plat_camera_close(p->cam);
        p->cam = NULL;
        p->msg = rc == PLAT_CAMERA_NONE       ? "cam.none"
                 : rc == PLAT_CAMERA_ERR_OPEN ? "cam.not_camera"
                                              : "cam.fail";
    }
}

/* The picture in the middle of box, keeping its shape. */
static void draw_fit(ui_app *a, const SDL_Rect *box, const plat_frame *fr)
{
    if (!fr->rgb)
        return;
    int dw = box->w, dh = (int)((long long)fr->h * dw / fr->w);
    if (dh > box->h) {
        dh = box->h;
        dw = (int)((long long)fr->w * dh / fr->h);
    }
    SDL_Rect r = {box->x + (box->w - dw) / 2, box->y + (box->h - dh) / 2, dw, dh};
    draw_rgb(ui_app_draw(a), &r, fr->rgb, fr->w, fr->h);
}

/* On a screen wider than tall (1920x1080, 1280x800) the line and the
 * buttons stand in a column right of the picture, which takes the height
 * under the hint (the hint over the picture alone): under it, the picture
 * had the little height the buttons left, too small to judge whether its
 * writing can be read. The column's
 * width, or 0 (portrait: the line and the buttons under the picture). */
static int cam_side(const ui_theme *t)
{
    return t->w > t->h ? (t->w - 3 * t->unit * 2) * 2 / 5 : 0;
}

/* What to photograph: the field's own hint, else how to take any page. */
static const char *cam_hint(const cam_page *p)
{
    return *form_field_hint(p->f) ? form_field_hint(p->f) : core_str("cam.hint");
}

static const char *cam_say(const cam_page *p, ui_app *a, text_style *st, int *mh);

/* What 读给我听 reads: the field's question, what to photograph, then the
 * line under the picture (what went wrong, 正在保存, or to check the
 * picture), or while the preview runs, to tap 拍照 when the field's own hint
 * does not say so. */
static void cam_speech(const cam_page *p, ui_app *a, char *out, size_t n)
{
    text_style st;
    int mh;
    const char *say = cam_say(p, a, &st, &mh);
    out[0] = '\0';
    size_t len = ui_voice_sentence(out, n, 0, form_field_label(p->f));
    len = ui_voice_sentence(out, n, len, cam_hint(p));
    if (say)
        ui_voice_sentence(out, n, len, say);
    else if (*form_field_hint(p->f) && !p->still.rgb && !p->job)
        ui_voice_sentence(out, n, len, core_str("cam.say_shoot"));
}

static void cam_speak(cam_page *p, ui_app *a, const char *id)
{
    char say[1024];
    cam_speech(p, a, say, sizeof say);
    int code;
    if (id)
        ui_voicebtn_activate(a, "cam.voice", id, say, &code);
    else
        ui_voice_speak(a, say);
}

/* What the line under the picture (or beside it) says (NULL: nothing), and
 * its room. */
static const char *cam_say(const cam_page *p, ui_app *a, text_style *st, int *mh)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, lw = cam_side(t) ? cam_side(t) : t->w - 2 * pad;
    const char *say = p->msg       ? core_str(p->msg)
                      : p->job     ? core_str("cam.busy")
                      : p->still.rgb ? core_str("cam.check")
                                     : NULL;
    *st = (text_style){t->px_label, TEXT_BOLD, p->msg ? t->danger : t->ink, TEXT_LEFT, 0, 0};
    *mh = say ? text_measure_box(ui_app_text(a), say, lw, st, NULL) + pad / 2 : 0;
    return say;
}

/* Beside the picture (cam_side): whether 读给我听 has room atop the column
 * over whatever the column may hold below it (the longest line the page can
 * say, over 重拍 and 用这张); else it stands at the hint's right, over the
 * picture. Either way it stays where it is while the page is open. */
static int cam_voice_atop(cam_page *p, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int key[4] = {t->w, t->h, t->px_label, p->y0};
    if (!memcmp(key, p->atop_key, sizeof key))
        return p->atop; /* measured for this size and text size */
    memcpy(p->atop_key, key, sizeof key);
    static const char *const LINES[] = {"cam.check",     "cam.busy",     "cam.none",
                                        "cam.fail",      "cam.not_camera", "cam.bad_frame",
                                        "cam.disk_full", "cam.save_fail"};
    int pad = t->unit * 2, bh = ui_button_height(a) * 3 / 2, mh = 0;
    text_style st = {t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    for (size_t i = 0; i < sizeof LINES / sizeof LINES[0]; i++) {
        int h = text_measure_box(ui_app_text(a), core_str(LINES[i]), cam_side(t), &st, NULL);
        if (h > mh)
            mh = h;
    }
    int top = t->h - 2 * pad - 2 * bh - (mh + pad / 2);
    p->atop = p->y0 + ui_voicebtn_size(a) + pad / 2 <= top;
    return p->atop;
}

/* The line under the picture or the buttons changed (a picture is taken:
 * 重拍 and 用这张, or the room of both while saving): from the picture's
 * bottom down when the line keeps its room, else the page (the picture's
 * box grows or shrinks). Beside the picture (cam_side) the picture's box
 * stays whatever the line's room: the column right of it, from the higher
 * of the line's old and new tops. */
static void mark_below(cam_page *p, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    text_style st;
    int mh;
    cam_say(p, a, &st, &mh);
    if (p->view.h > 0 && cam_side(t)) {
        int bh = ui_button_height(a) * 3 / 2, pad = t->unit * 2;
        int x = p->view.x + p->view.w, top = t->h - 2 * pad - 2 * bh - mh;
        if (top > p->col_y)
            top = p->col_y;
        ui_app_invalidate_rect(a, &(SDL_Rect){x, top, t->w - x, t->h - top});
        return;
    }
    if (p->view.h <= 0 || mh != p->mh) {
        ui_app_invalidate(a);
        return;
    }
    int y = p->view.y + p->view.h;
    ui_app_invalidate_rect(a, &(SDL_Rect){0, y, t->w, t->h - y});
}

/* The picture left, from y to the bottom; in a column of width side right
 * of it, from the bottom up: 用这张 under 重拍 (or 拍照, or the room of
 * both while saving), and the line above them. */
static void cam_draw_beside(cam_page *p, ui_app *a, int y, int side, const char *say,
                            const text_style *st)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, bh = ui_button_height(a) * 3 / 2;
    int sx = t->w - pad - side, by = t->h - pad - bh;
    p->view = (SDL_Rect){pad, y, sx - 2 * pad, t->h - pad - y};
    draw_round_rect(ui_app_draw(a), &p->view, t->radius, (SDL_Color){34, 34, 34, 255});
    SDL_Rect inner = {p->view.x + t->unit, p->view.y + t->unit, p->view.w - 2 * t->unit,
                      p->view.h - 2 * t->unit};
    draw_fit(a, &inner, p->still.rgb || p->job ? &p->shown : &p->live);
    int top = p->job || p->still.rgb ? by - pad - bh : by; /* the buttons' top */
    p->col_y = top - p->mh < y ? top - p->mh : y;
    if (say) {
        SDL_Rect mb = {sx, top - p->mh, side, 0};
        text_draw_box(ui_app_text(a), say, &mb, st);
    }
    if (p->job) {
        ui_app_target(a, &(SDL_Rect){sx, top, side, t->h - pad - top}, "cam.saving");
    } else if (p->still.rgb) {
        ui_button(a, &(SDL_Rect){sx, top, side, bh}, "cam.retake", core_str("cam.retake"),
                  UI_BTN_SECONDARY);
        ui_button(a, &(SDL_Rect){sx, by, side, bh}, "cam.use", core_str("cam.use"), UI_BTN_OK);
    } else {
        ui_button(a, &(SDL_Rect){sx, by, side, bh}, "cam.shoot", core_str("cam.shoot"),
                  UI_BTN_PRIMARY);
    }
}

static void cam_draw(ui_screen *s, ui_app *a)
{
    cam_page *p = s->priv;
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    int pad = t->unit * 2;
    draw_rect(d, &(SDL_Rect){0, 0, t->w, t->h}, t->bg);
    int y = ui_title_band(a, "cam.back", core_str("form.quit"), form_field_label(p->f)) + pad / 2;
    const char *hint = cam_hint(p);
    int side = cam_side(t), vb = ui_voicebtn_size(a);
    text_style hs = {t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    int hw = side ? t->w - 3 * pad - side : t->w - 2 * pad; /* beside: over the picture alone */
    p->y0 = y;
    if (side && cam_voice_atop(p, a)) { /* 读给我听 atop the column */
        ui_voicebtn(a, &(SDL_Rect){t->w - pad - vb, y, vb, vb}, "cam.voice");
        y += text_draw_box(ui_app_text(a), hint, &(SDL_Rect){pad, y, hw, 0}, &hs) + pad / 2;
    } else { /* the hint, 读给我听 at its right, in a row as high as the taller */
        hw -= vb + pad;
        int hh = text_measure_box(ui_app_text(a), hint, hw, &hs, NULL), rh = hh > vb ? hh : vb;
        text_draw_box(ui_app_text(a), hint, &(SDL_Rect){pad, y + (rh - hh) / 2, hw, 0}, &hs);
        ui_voicebtn(a, &(SDL_Rect){pad + hw + pad, y + (rh - vb) / 2, vb, vb}, "cam.voice");
        y += rh + pad / 2;
    }
    /* the bottom: a message, then the buttons */
    int bh = ui_button_height(a) * 3 / 2;
    text_style st;
    int mh;
    const char *say = cam_say(p, a, &st, &mh);
    int by = t->h - pad - bh;
    p->mh = mh;
    if (side) {
        cam_draw_beside(p, a, y, side, say, &st);
        return;
    }
    p->view = (SDL_Rect){pad, y, t->w - 2 * pad, by - mh - pad / 2 - y};
    draw_round_rect(d, &p->view, t->radius, (SDL_Color){34, 34, 34, 255});
    SDL_Rect inner = {p->view.x + t->unit, p->view.y + t->unit, p->view.w - 2 * t->unit,
                      p->view.h - 2 * t->unit};
    draw_fit(a, &inner, p->still.rgb || p->job ? &p->shown : &p->live);
    if (say) {
        SDL_Rect mb = {pad, by - mh, t->w - 2 * pad, 0};
        text_draw_box(ui_app_text(a), say, &mb, &st);
    }
    if (p->job) { /* saving: no buttons until it is done; the page keeps answering */
        ui_app_target(a, &(SDL_Rect){pad, by, t->w - 2 * pad, bh}, "cam.saving");
    } else if (p->still.rgb) {
        int half = (t->w - 3 * pad) / 2;
        ui_button(a, &(SDL_Rect){pad, by, half, bh}, "cam.retake", core_str("cam.retake"),
                  UI_BTN_SECONDARY);
        ui_button(a, &(SDL_Rect){pad * 2 + half, by, half, bh}, "cam.use", core_str("cam.use"),
                  UI_BTN_OK);
    } else {
        ui_button(a, &(SDL_Rect){pad, by, t->w - 2 * pad, bh}, "cam.shoot", core_str("cam.shoot"),
                  UI_BTN_PRIMARY);
    }
}

static void shoot(cam_page *p, ui_app *a)
{
    p->msg = NULL;
    if (!p->cam) { /* none at the start: try again (plugged in since) */
        p->opened = 0;
        cam_open(p, a);
        if (!p->cam)
            return;
    }
    int rc = plat_camera_still(p->cam, &p->still);
    if (rc == PLAT_CAMERA_OK && plat_camera_fit(&p->still, 960, 960, &p->shown) != 0)
        rc = PLAT_CAMERA_ERR_NOMEM;
    if (rc != PLAT_CAMERA_OK) {
        core_log(CORE_LOG_WARN, "camera", "still: %s (%s)", plat_camera_strerror(rc),
                 plat_camera_detail(p->cam));
        wipe(&p->still);
        wipe(&p->shown);
        p->msg = rc == PLAT_CAMERA_ERR_FRAME ? "cam.bad_frame" : "cam.fail";
    }
}

/* 用这张: the still goes to a job that saves it off the UI thread; the page
 * shows it with 正在保存 meanwhile, and the tick takes the result. */
static void use(cam_page *p, ui_app *a)
{
    core_config *cfg = ui_app_config(a);
    int side = (int)core_config_get_int(cfg, "photo.max_side", 1600);
    int kb = (int)core_config_get_int(cfg, "photo.max_kb", 400);
    char dir[1100];
    form_photo_dir(dir, sizeof dir);
    p->msg = NULL;
    p->st = ui_app_services(a)->store;
    p->job = form_photo_job_start(&p->still, side, kb * 1024, dir);
    if (!p->job) {
        core_log(CORE_LOG_WARN, "camera", "photo not saved: no thread for it");
        p->msg = "cam.save_fail";
    } else {
        ui_app_wake_at(a, plat_clock_mono_ms() + SAVE_POLL_MS);
    }
    mark_below(p, a); /* the picture stays; 正在保存 instead of the buttons */
}

/* The job ended: the photo goes to the field and the page closes (1: p is
 * gone), or what went wrong is said and the picture stays for another try. */
static int saved(cam_page *p, ui_app *a, const form_photo_result *r)
{
    if (r->rc != FORM_PHOTO_OK) {
        core_log(CORE_LOG_WARN, "camera", "photo not saved: %s", r->err);
        p->msg = r->rc == FORM_PHOTO_ERR_FULL ? "cam.disk_full" : "cam.save_fail";
        mark_below(p, a); /* the picture stays; the buttons come back */
        return 0;
    }
    core_log(CORE_LOG_INFO, "camera", "photo saved (%dx%d taken, %zu bytes)", p->still.w,
             p->still.h, r->bytes);
    char name[FORM_PHOTO_NAME_LEN];
    snprintf(name, sizeof name, "%s", r->name);
    form_camera_fn done = p->done;
    void *ud = p->ud;
    const form_field *f = p->f;
    ui_app_pop(a); /* frees p, wiping the still */
    done(ud, a, f, name);
    return 1;
}

static void cam_activate(ui_screen *s, ui_app *a, const char *id)
{
    cam_page *p = s->priv;
    if (!strcmp(id, "cam.back")) {
        ui_app_pop(a); /* a save still running is cancelled (cam_destroy) */
    } else if (!strcmp(id, "cam.voice")) { /* a second tap stops it; the button marks itself */
        cam_speak(p, a, id);
    } else if (p->job) {
        return; /* saving: the picture stays as it is until then, nothing changes */
    } else if (!strcmp(id, "cam.shoot")) {
        shoot(p, a);
        ui_app_invalidate(a); /* the picture taken, or a message: the picture's box moves */
    } else if (!strcmp(id, "cam.retake")) {
        wipe(&p->still);
        wipe(&p->shown);
        p->msg = NULL;
        ui_app_invalidate(a); /* the line under the picture goes: its box grows */
        ui_app_wake_at(a, 1); /* the preview runs again */
    } else if (!strcmp(id, "cam.use") && p->still.rgb) {
        use(p, a);
    }
}

static uint64_t cam_look(cam_page *p, ui_app *a, uint64_t now, int *gone);

static uint64_t cam_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    cam_page *p = s->priv;
    int gone = 0;
    uint64_t next = cam_look(p, a, now, &gone);
    if (gone)
        return next; /* the photo saved, the page closed: p is freed */
    if (!p->spoken && ui_app_elderly(a)) { /* large text: read once, as a form page is */
        p->spoken = 1;
        cam_speak(p, a, NULL);
    }
    return ui_tick_min(next, ui_voicebtn_tick(a, now));
}

/* The save job's end, the camera opened, a new preview frame: when to look
 * again (0: nothing moves); *gone set when the page closed. */
static uint64_t cam_look(cam_page *p, ui_app *a, uint64_t now, int *gone)
{
    if (p->job) {
        form_photo_result r;
        if (form_photo_job_poll(p->job, &r, &p->still)) {
            p->job = NULL;
            *gone = saved(p, a, &r);
            return 0;
        }
        return now + SAVE_POLL_MS;
    }
    if (!p->opened) {
        cam_open(p, a);
        if (p->msg) /* no camera: said under the picture's box, which shrinks */
            ui_app_invalidate(a);
    }
    if (!p->cam || p->still.rgb)
        return 0; /* nothing moves: a picture taken, or no camera */
    int rc = plat_camera_frame(p->cam, &p->live, 0);
    if (rc == PLAT_CAMERA_OK)
        ui_app_invalidate_rect(a, &p->view);
    return now + PREVIEW_MS;
}

static void cam_destroy(ui_screen *s)
{
    cam_page *p = s->priv;
    form_photo_job_cancel(p->job, p->st); /* waits for it; its photo goes, nobody took it */
    plat_camera_close(p->cam);
    wipe(&p->live);
    wipe(&p->still);
    wipe(&p->shown);
    ui_screen_free(s);
}

static const ui_screen_ops CAM_OPS = {"form_camera", cam_draw, cam_activate, NULL, cam_tick,
                                      cam_destroy};

static int cam_working(ui_screen *s) { return ((cam_page *)s->priv)->job != NULL; }

ui_screen *form_camera_new(const form_field *f, form_camera_fn done, void *ud)
{
    ui_screen *s = ui_screen_new(&CAM_OPS, sizeof(cam_page));
    if (!s)
        return NULL;
    s->working = cam_working;
    cam_page *p = s->priv;
    p->f = f;
    p->done = done;
    p->ud = ud;
    return s;
}
