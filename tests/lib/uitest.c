/* uitest.c — headless app set-up and reference-image comparison for UI tests. */
#include "uitest.h"
#include "ui/core/services.h"
#include "sync/sync.h"

#include <limits.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "plat_clock.h"
#include "plat_display.h"
#include "plat_net.h"
#include "plat_paths.h"
#include "core/pngio.h"
#include "ui/core/script.h"
#include "ui/screens/form/form_screen.h"
#include "ui/screens/home/home.h"
#include "ui/screens/home/idle.h"

int uitest_open(uitest_app *u, int w, int h)
{
    memset(u, 0, sizeof *u);
    setenv("TZ", "CST-8", 1); /* China Standard Time without needing tzdata */
    plat_paths_set(check_asset(""), check_tmpdir("data"), NULL);
    plat_clock_set_virtual(1);
    plat_clock_pin_wall(1795311000); /* 2026-11-22 09:30 CST */
    plat_net_state_force(PLAT_NET_UP);
    u->cfg = core_config_new();
    plat_display_opts o = {.width = w, .height = h, .headless = 1, .title = "test"};
    char err[512];
    u->disp = plat_display_open(&o, err, sizeof err);
    if (!u->disp) {
        printf("display: %s\n", err);
        return -1;
    }
    const ui_app_screens screens = {ui_home_new, ui_idle_new}; /* as the programs do */
    u->app = ui_app_new(u->disp, u->cfg, &screens, err, sizeof err);
    if (!u->app) {
        printf("app: %s\n", err);
        return -1;
    }
    u->forms = form_catalog_new();
    if (!u->forms || form_catalog_load_dir(u->forms, check_asset("forms")) <= 0 ||
        *form_catalog_home_error(u->forms)) {
        printf("catalogue: %s\n", u->forms ? form_catalog_home_error(u->forms) : "no memory");
        return -1;
    }
    ui_services sv;
    memset(&sv, 0, sizeof sv);
    sv.forms = u->forms;
    ui_app_set_services(u->app, &sv);
    return 0;
}

void uitest_close(uitest_app *u)
{
    ui_app_free(u->app);
    plat_display_close(u->disp);
    core_config_free(u->cfg);
    form_catalog_free(u->forms);
    memset(u, 0, sizeof *u);
}

/* A buffer kept from call to call: *buf (malloc'd, *cap bytes) made at least
 * bytes long, its contents not kept when it grows; 0, or -1 (*buf NULL). */
static int keep(uint8_t **buf, size_t *cap, size_t bytes)
{
    if (bytes > *cap) {
        free(*buf);
        *buf = malloc(bytes);
        *cap = *buf ? bytes : 0;
    }
    return *buf ? 0 : -1;
}

/* The canvas as it is (RGBA), or NULL. One buffer, kept from call to call
 * and overwritten by the next: a test reads the canvas hundreds of times, and
 * a fresh 8 MB block each time costs its page faults again (thousands a
 * frame under ASan, whose allocator maps every large block afresh). */
static uint8_t *read_canvas(uitest_app *u, int *w, int *h)
{
    static uint8_t *buf;
    static size_t cap;
    plat_display_size(u->disp, w, h);
    return keep(&buf, &cap, (size_t)*w * (size_t)*h * 4) == 0 &&
                   plat_display_read_rgba(u->disp, buf) == 0
               ? buf
               : NULL;
}

/* A whole frame drawn, then read_canvas. */
static uint8_t *grab(uitest_app *u, int *w, int *h)
{
    ui_app_render(u->app, 1);
    return read_canvas(u, w, h);
}

const uint8_t *uitest_frame(uitest_app *u, int *w, int *h) { return grab(u, w, h); }

/* Decodes the PNG at path as RGBA into *buf, first growing it (malloc'd, the
 * caller's, *cap bytes) when it is too small; 0, or -1 with err set. */
static int png_decode(const char *path, uint8_t **buf, size_t *cap, int *w, int *h, char *err,
                      size_t errlen)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        snprintf(err, errlen, "%s: %s", path, img.message);
        return -1;
    }
    img.format = PNG_FORMAT_RGBA;
    if (keep(buf, cap, PNG_IMAGE_SIZE(img)) != 0) {
        png_image_free(&img);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    if (!png_image_finish_read(&img, NULL, *buf, 0, NULL)) {
        snprintf(err, errlen, "%s: %s", path, img.message);
        return -1;
    }
    *w = (int)img.width;
    *h = (int)img.height;
    return 0;
}

/* 1 when two RGBA pixels differ by more than 40 on a colour channel. */
static int px_off(const uint8_t *a, const uint8_t *b)
{
    return abs(a[0] - b[0]) > 40 || abs(a[1] - b[1]) > 40 || abs(a[2] - b[2]) > 40;
}

int uitest_compare(uitest_app *u, const char *ref_rel)
{
    int w, h;
    char err[4096 + 256]; /* a path as long as ref_copy, and why */
    uint8_t *got = grab(u, &w, &h);
    if (!got) {
        printf("  cannot read canvas\n");
        return -1;
    }
    const char *ref_path = check_testfile(ref_rel);
    char ref_copy[4096];
    snprintf(ref_copy, sizeof ref_copy, "%s", ref_path);
    const char *base = strrchr(ref_rel, '/') ? strrchr(ref_rel, '/') + 1 : ref_rel;
    char actual[4096], diffp[4096];
    snprintf(actual, sizeof actual, "%s/actual-%s", check_tmpdir(NULL), base);
    snprintf(diffp, sizeof diffp, "%s/diff-%s", check_tmpdir(NULL), base);
    if (getenv("CZ_UPDATE_REFS")) {
        int rc = core_png_write(ref_copy, got, w, h, err, sizeof err);
        if (rc)
            printf("  %s\n", err);
        else
            printf("  updated %s\n", ref_copy);
        return rc;
    }
    /* The canvas is written out only when it does not match (encoding a
     * full-screen PNG costs more than the comparison itself). */
    static uint8_t *ref; /* kept, as the canvas's buffer is */
    static size_t ref_cap;
    int rw, rh;
    if (png_decode(ref_copy, &ref, &ref_cap, &rw, &rh, err, sizeof err) != 0) {
        core_png_write(actual, got, w, h, err, sizeof err);
        printf("  no reference: %s (actual image: %s; run with CZ_UPDATE_REFS=1 to create)\n", err,
               actual);
        return -1;
    }
    int rc = 0;
    if (rw != w || rh != h) {
        core_png_write(actual, got, w, h, err, sizeof err);
        printf("  reference %s is %dx%d, canvas is %dx%d (actual image: %s)\n", ref_copy, rw, rh,
               w, h, actual);
        rc = -1;
    } else {
        size_t n = (size_t)w * (size_t)h, bad = 0;
        for (size_t i = 0; i < n; i++)
            bad += (size_t)px_off(got + i * 4, ref + i * 4);
        double frac = (double)bad / (double)n;
        if (frac > 0.005) {
            core_png_write(actual, got, w, h, err, sizeof err);
            /* the picture of where: differing pixels red over the canvas dimmed */
            uint8_t *diff = malloc(n * 4);
            for (size_t i = 0; diff && i < n; i++) {
                int off = px_off(got + i * 4, ref + i * 4);
                diff[i * 4 + 0] = off ? 255 : got[i * 4] / 3;
                diff[i * 4 + 1] = off ? 0 : got[i * 4 + 1] / 3;
                diff[i * 4 + 2] = off ? 0 : got[i * 4 + 2] / 3;
                diff[i * 4 + 3] = 255;
            }
            if (diff)
                core_png_write(diffp, diff, w, h, err, sizeof err);
            free(diff);
            printf("  %s: %.2f %% of pixels differ (actual %s, diff %s)\n", ref_copy, frac * 100,
                   actual, diffp);
            rc = -1;
        }
    }
    return rc;
}

double uitest_ink(uitest_app *u, int x, int y, int w, int h)
{
    int cw, ch;
    uint8_t *px = grab(u, &cw, &ch);
    if (!px)
        return 0;
    const uint8_t *bg = px + ((size_t)y * (size_t)cw + (size_t)x) * 4;
    size_t ink = 0, n = 0;
    for (int j = y; j < y + h && j < ch; j++)
        for (int i = x; i < x + w && i < cw; i++) {
            const uint8_t *p = px + ((size_t)j * (size_t)cw + (size_t)i) * 4;
            n++;
            if (abs(p[0] - bg[0]) + abs(p[1] - bg[1]) + abs(p[2] - bg[2]) > 60)
                ink++;
        }
    return n ? (double)ink / (double)n : 0;
}

/* Counts the pixels of the rectangle within 24 of colour c on every channel;
 * with box, also the smallest rectangle holding them (w = 0 when none). */
static int count_color(const uint8_t *px, int cw, int ch, int x, int y, int w, int h,
                       SDL_Color c, SDL_Rect *box)
{
    int n = 0, x0 = INT_MAX, y0 = INT_MAX, x1 = -1, y1 = -1;
    for (int j = y < 0 ? 0 : y; j < y + h && j < ch; j++)
        for (int i = x < 0 ? 0 : x; i < x + w && i < cw; i++) {
            const uint8_t *p = px + ((size_t)j * (size_t)cw + (size_t)i) * 4;
            if (abs(p[0] - c.r) <= 24 && abs(p[1] - c.g) <= 24 && abs(p[2] - c.b) <= 24) {
                n++;
                x0 = i < x0 ? i : x0;
                x1 = i > x1 ? i : x1;
                y0 = j < y0 ? j : y0;
                y1 = j;
            }
        }
    if (box)
        *box = n ? (SDL_Rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1} : (SDL_Rect){0, 0, 0, 0};
    return n;
}

int uitest_count_color(uitest_app *u, int x, int y, int w, int h, SDL_Color c)
{
    int cw, ch;
    uint8_t *px = grab(u, &cw, &ch);
    return px ? count_color(px, cw, ch, x, y, w, h, c, NULL) : 0;
}

int uitest_color_box(uitest_app *u, const SDL_Rect *in, SDL_Color c, SDL_Rect *box)
{
    int cw, ch;
    uint8_t *px = grab(u, &cw, &ch);
    return px ? count_color(px, cw, ch, in->x, in->y, in->w, in->h, c, box) : -1;
}

int uitest_count_color_shown(uitest_app *u, int x, int y, int w, int h, SDL_Color c)
{
    int cw, ch;
    uint8_t *px = read_canvas(u, &cw, &ch);
    return px ? count_color(px, cw, ch, x, y, w, h, c, NULL) : -1;
}

int uitest_run(uitest_app *u, const char *script)
{
    char err[256] = "";
    int rc = ui_script_run(u->app, script, "s", NULL, err, sizeof err);
    if (rc)
        printf("  %s\n", err);
    return rc;
}

static void check_target(void *ud, const char *id, const SDL_Rect *r)
{
    const ui_theme *t = ud;
    int min = ui_theme_mm(t, 15.0);
    if (r->w < min || r->h < min) {
        printf("  target %s is %dx%d, smaller than 15 mm (%d px)\n", id, r->w, r->h, min);
        CHECK(0);
    }
    if (!(r->x >= 0 && r->y >= 0 && r->x + r->w <= t->w && r->y + r->h <= t->h)) {
        printf("  target %s (%d,%d %dx%d) leaves the canvas\n", id, r->x, r->y, r->w, r->h);
        CHECK(0);
    }
}

void uitest_check_targets(uitest_app *u)
{
    ui_app_each_target(u->app, check_target, (void *)ui_app_theme(u->app));
}

void uitest_send(ui_app *a, plat_event_type type, int x, int y)
{
    plat_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.x = x;
    ev.y = y;
    ev.time_ms = plat_clock_mono_ms();
    ui_app_handle(a, &ev);
}

void uitest_sentinel(ui_app *a, const SDL_Rect *r)
{
    SDL_Renderer *ren = ui_app_renderer(a);
    SDL_BlendMode bm;
    Uint8 cr, cg, cb, ca;
    SDL_GetRenderDrawBlendMode(ren, &bm);
    SDL_GetRenderDrawColor(ren, &cr, &cg, &cb, &ca);
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(ren, 255, 0, 255, 255);
    SDL_RenderFillRect(ren, r);
    SDL_RenderFlush(ren);
    SDL_SetRenderDrawBlendMode(ren, bm);
    SDL_SetRenderDrawColor(ren, cr, cg, cb, ca);
    ui_app_forget(a, r); /* the cells' hashes no longer say what the canvas holds there */
}

/* Feeds a change's line (uitest_partial); 0, or -1 if it is none. */
static int feed_line(ui_app *a, const char *what, const char *line)
{
    char id[64];
    int x, y;
    plat_event ev;
    memset(&ev, 0, sizeof ev);
    ev.time_ms = plat_clock_mono_ms();
    if (sscanf(line, "tap @%63s", id) == 1) {
        if (ui_app_find_target(a, id, &x, &y) != 0) {
            printf("  %s: no target %s\n", what, id);
            return -1;
        }
        uitest_send(a, PLAT_EV_DOWN, x, y);
        ui_app_render(a, 0);
        uitest_send(a, PLAT_EV_UP, x, y);
    } else if (!strncmp(line, "text ", 5)) {
        ev.type = PLAT_EV_TEXT;
        snprintf(ev.text, sizeof ev.text, "%s", line + 5);
        ui_app_handle(a, &ev);
    } else if (!strncmp(line, "key ", 4)) { /* any key the scripts name (script.h) */
        char err[256];
        if (ui_script_run(a, line, what, NULL, err, sizeof err) != 0) {
            printf("  %s: %s\n", what, err);
            return -1;
        }
    } else if (sscanf(line, "down %d %d", &x, &y) == 2 || sscanf(line, "move %d %d", &x, &y) == 2 ||
               sscanf(line, "up %d %d", &x, &y) == 2) {
        uitest_send(a, line[0] == 'd' ? PLAT_EV_DOWN : line[0] == 'm' ? PLAT_EV_MOVE : PLAT_EV_UP, x, y);
    } else if (sscanf(line, "idcard %d", &x) == 1 && x > 0) {
        if (ui_form_card_swipe(ui_app_top(a), a, x) != 0) { /* as the kiosk's poll reads */
            printf("  %s: no ID-card page for %s\n", what, line);
            return -1;
        }
    } else if (sscanf(line, "wait %d", &x) == 1 && x > 0) {
        for (; x > 0; x -= 50) { /* as the loop ticks, a frame when marked */
            plat_clock_advance(x < 50 ? (uint64_t)x : 50);
            ui_app_tick(a);
            ui_app_render(a, 0);
        }
    } else {
        printf("  %s: not a change drawn partially here: %s\n", what, line);
        return -1;
    }
    ui_app_render(a, 0);
    return 0;
}

int uitest_partial(uitest_app *u, const char *what, const char *line, const SDL_Rect *patch)
{
    ui_app *a = u->app;
    int w, h;
    plat_display_size(u->disp, &w, &h);
    size_t bytes = (size_t)w * (size_t)h * 4;
    /* kept from call to call (a test makes many): no page faults each time */
    static uint8_t *part, *full;
    static size_t part_cap, full_cap;
    int rc = keep(&part, &part_cap, bytes) || keep(&full, &full_cap, bytes) ? -1 : 0;
    if (rc == 0) {
        ui_app_render(a, 0); /* the canvas as the loop leaves it (a test's last frame is full) */
        if (patch->w > 0 && patch->h > 0)
            uitest_sentinel(a, patch);
        rc = feed_line(a, what, line);
    }
    if (rc == 0) {
        plat_display_read_rgba(u->disp, part);
        ui_app_render(a, 1);
        plat_display_read_rgba(u->disp, full);
        int kept = 1; /* (an empty patch: nothing to keep) */
        for (int y = patch->y; y < patch->y + patch->h && patch->w > 0; y++)
            for (int x = patch->x; x < patch->x + patch->w; x++) {
                size_t i = ((size_t)y * (size_t)w + (size_t)x) * 4;
                kept &= part[i] == 255 && part[i + 1] == 0 && part[i + 2] == 255;
                memcpy(part + i, full + i, 4);
            }
        if (!kept) {
            printf("  %s: %s drew a whole frame (the patch is gone)\n", what, line);
            rc = -1;
        } else if (memcmp(part, full, bytes)) {
            int x0 = w, y0 = h, x1 = -1, y1 = -1; /* where: the box of the pixels that differ */
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    size_t i = ((size_t)y * (size_t)w + (size_t)x) * 4;
                    if (memcmp(part + i, full + i, 4))
                        x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1, y0 = y < y0 ? y : y0,
                        y1 = y > y1 ? y : y1;
                }
            printf("  %s: after %s the partial frame differs from the full one (x %d..%d, y "
                   "%d..%d)\n",
                   what, line, x0, x1, y0, y1);
            rc = -1;
        }
    }
    return rc;
}

typedef struct {
    const char *id;
    SDL_Rect r;
    int found;
} target_find;

static void target_find_cb(void *ud, const char *id, const SDL_Rect *r)
{
    target_find *f = ud;
    if (!f->found && !strcmp(id, f->id)) {
        f->r = *r;
        f->found = 1;
    }
}

int uitest_target_rect(ui_app *a, const char *id, SDL_Rect *out)
{
    target_find f = {id, {0, 0, 0, 0}, 0};
    ui_app_each_target(a, target_find_cb, &f);
    if (f.found)
        *out = f.r;
    return f.found ? 0 : -1;
}

int uitest_png_read(const char *path, uint8_t **rgba, int *w, int *h, char *err, size_t errlen)
{
    uint8_t *buf = NULL;
    size_t cap = 0;
    if (png_decode(path, &buf, &cap, w, h, err, errlen) != 0) {
        free(buf);
        buf = NULL;
    }
    *rgba = buf;
    return buf ? 0 : -1;
}

void uitest_engine_sleep(struct sync_engine *se, long ms)
{
    fx_sleep_ms(ms);
    plat_clock_advance((uint64_t)ms);
    if (se)
        sync_nudge(se);
}
