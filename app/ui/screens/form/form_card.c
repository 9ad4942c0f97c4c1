/* form_card.c — the ID-card start page of a form (see form_card.h). */
#include "ui/screens/form/form_card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/strings.h"
#include "ui/core/session.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"

#define CARD_POLL_MS 600    /* the kiosk asks its reader this often */
#define CARD_REOPEN_MS 5000 /* and tries to open a missing reader again this often */

struct form_card_page {
    char device[256];
    int has_device;
    plat_idcard *reader;
    form_card_fill_fn fill;
    void *ud;
    int state;
    int last;     /* code of the last read that is shown, PLAT_IDCARD_OK before any */
    int bad_form; /* the last card read but did not fit the form */
    uint64_t next_open;
    int spoken; /* large text: the page was read out when it opened */
};

form_card_page *form_card_new(const char *device, form_card_fill_fn fill, void *ud)
{
    form_card_page *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    if (device && *device) {
        snprintf(p->device, sizeof p->device, "%s", device);
        p->has_device = 1;
    }
    p->fill = fill;
    p->ud = ud;
    p->last = PLAT_IDCARD_OK;
    return p;
}

void form_card_free(form_card_page *p)
{
    if (!p)
        return;
    plat_idcard_close(p->reader);
    memset(p, 0, sizeof *p);
    free(p);
}

int form_card_state(const form_card_page *p) { return p->state; }

/* Opens the reader if it is not open; 0 or PLAT_IDCARD_ERR_NO_DEVICE. */
static int open_reader(form_card_page *p, const char *dev)
{
    if (p->reader)
        return PLAT_IDCARD_OK;
    char err[256];
    p->reader = plat_idcard_open(dev, 0, err, sizeof err);
    if (!p->reader) {
        core_log(CORE_LOG_WARN, "form", "ID-card reader not opened: %s", err);
        return PLAT_IDCARD_ERR_NO_DEVICE;
    }
    return PLAT_IDCARD_OK;
}

/* One read: a card fills the form, anything else is shown. */
static void read_once(form_card_page *p, ui_app *a, int timeout_ms)
{
    plat_idcard_info info;
    memset(&info, 0, sizeof info);
    int rc = plat_idcard_read(p->reader, &info, timeout_ms);
    if (rc == PLAT_IDCARD_ERR_NO_CARD && !plat_idcard_simulated() && p->last == PLAT_IDCARD_OK)
        return; /* the kiosk waits quietly until a card is laid down */
    p->bad_form = 0;
    if (rc == PLAT_IDCARD_OK) {
        if (p->fill(p->ud, a, &info) == 0)
            p->state = FORM_CARD_FILLED;
        else {
            p->bad_form = 1;
            rc = PLAT_IDCARD_ERR_BAD_DATA;
        }
    }
    plat_idcard_clear(&info); /* the card's fields and photo: gone now */
    if (rc != PLAT_IDCARD_OK)
        core_log(CORE_LOG_INFO, "form", "ID card not read: %s%s", plat_idcard_strerror(rc),
                 p->bad_form ? " (does not fit the form)" : "");
    p->last = rc;
    ui_app_invalidate(a);
}

int form_card_swipe(form_card_page *p, ui_app *a, int n)
{
    if (!plat_idcard_simulated() || p->state != FORM_CARD_WAITING)
        return -1;
    if (n > 0) { /* "FILE#N" pins card N */
        char dev[300];
        snprintf(dev, sizeof dev, "%s#%d", p->has_device ? p->device : "", n);
        plat_idcard_close(p->reader);
        p->reader = NULL;
        if (!p->has_device) {
            p->last = PLAT_IDCARD_ERR_NO_DEVICE;
            ui_app_invalidate(a);
            return 0;
        }
        int rc = open_reader(p, dev);
        if (rc != PLAT_IDCARD_OK) {
            p->last = rc;
            ui_app_invalidate(a);
            return 0;
        }
        read_once(p, a, 0);
        plat_idcard_close(p->reader); /* the next swipe goes back to the file's order */
        p->reader = NULL;
        return 0;
    }
    int rc = open_reader(p, p->has_device ? p->device : NULL);
    if (rc != PLAT_IDCARD_OK) {
        p->last = rc;
        ui_app_invalidate(a);
        return 0;
    }
    read_once(p, a, 0);
    return 0;
}

static void speech(const form_card_page *p, char *out, size_t n);

uint64_t form_card_tick(form_card_page *p, ui_app *a, uint64_t now_ms)
{
    if (!p->spoken && p->state == FORM_CARD_WAITING && ui_app_elderly(a)) {
        char say[512]; /* large text: the page is read out when it opens */
        speech(p, say, sizeof say);
        (void)ui_voice_speak(a, say); /* a failure is silent here, logged once */
    }
    p->spoken = 1;
    if (plat_idcard_simulated() || p->state != FORM_CARD_WAITING)
        return 0;
    if (!p->reader) {
        if (now_ms < p->next_open)
            return p->next_open;
        p->next_open = now_ms + CARD_REOPEN_MS;
        int rc = open_reader(p, p->has_device ? p->device : NULL);
        if (rc != PLAT_IDCARD_OK) {
            if (p->last != rc)
                ui_app_invalidate(a);
            p->last = rc;
            return p->next_open;
        }
    }
    read_once(p, a, 0);
    if (p->last == PLAT_IDCARD_ERR_NO_DEVICE || p->last == PLAT_IDCARD_ERR_IO) {
        plat_idcard_close(p->reader); /* unplugged: open it again later */
        p->reader = NULL;
        p->next_open = now_ms + CARD_REOPEN_MS;
        return p->next_open;
    }
    return p->state == FORM_CARD_WAITING ? now_ms + CARD_POLL_MS : 0;
}

/* What the page says under its title: waiting, or what the last read gave. */
static const char *status_text(const form_card_page *p)
{
    if (p->last == PLAT_IDCARD_OK)
        return core_str("card.waiting");
    if (p->bad_form)
        return core_str("card.not_fit");
    return core_str(plat_idcard_error_key(p->last));
}

int form_card_activate(form_card_page *p, ui_app *a, const char *id)
{
    if (!strcmp(id, "card.manual")) {
        p->state = FORM_CARD_MANUAL;
        ui_app_invalidate(a);
        return 1;
    }
    if (!strcmp(id, "card.sim")) {
        form_card_swipe(p, a, 0);
        return 1;
    }
    char say[512];
    speech(p, say, sizeof say);
    int code;
    return ui_voicebtn_activate(a, "card.voice", id, say, &code);
}

/* What 读给我听 reads: the question, the last outcome, the way without a card. */
static void speech(const form_card_page *p, char *out, size_t n)
{
    snprintf(out, n, core_str("card.speak"), core_str("card.title"), status_text(p),
             core_str("card.manual_hint"));
}

/* A card lying on a reader, with an arrow pointing down onto it. */
static void picture(ui_app *a, const SDL_Rect *r)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    int w = r->w * 7 / 10, h = r->h;
    if (w > h * 16 / 10)
        w = h * 16 / 10;
    int x = r->x + (r->w - w) / 2;
    /* the reader: a dark box with a lighter reading area */
    SDL_Rect rd = {x, r->y + h * 35 / 100, w, h * 62 / 100};
    SDL_Color body = {0x3a, 0x44, 0x52, 0xff}, pad = {0x5a, 0x66, 0x78, 0xff};
    draw_shadow(d, &rd, t->radius * 2, t->unit);
    draw_round_rect(d, &rd, t->radius * 2, body);
    SDL_Rect zone = {rd.x + w / 10, rd.y + rd.h / 6, w * 8 / 10, rd.h * 2 / 3};
    draw_round_rect(d, &zone, t->radius, pad);
    SDL_Rect led = {rd.x + w - w / 14 - t->unit, rd.y + t->unit, w / 14, t->unit};
    draw_round_rect(d, &led, t->unit / 2, t->ok);
    /* the card, tilted onto the zone: pale blue with a photo and text lines */
    int cw = zone.w * 8 / 10, ch = cw * 54 / 86;
    SDL_Rect card = {zone.x + (zone.w - cw) / 2, zone.y - ch / 3, cw, ch};
    SDL_Color face = {0xdc, 0xec, 0xf8, 0xff}, ink = {0x7a, 0x96, 0xb4, 0xff};
    draw_shadow(d, &card, t->radius, t->unit / 2);
    draw_round_box(d, &card, t->radius, face, t->primary, t->elderly ? 5 : 3);
    SDL_Rect photo = {card.x + cw * 66 / 100, card.y + ch * 18 / 100, cw * 24 / 100, ch * 52 / 100};
    draw_round_rect(d, &photo, t->radius / 2, ink);
    draw_circle(d, photo.x + photo.w / 2, photo.y + photo.h * 38 / 100, photo.w / 4, face);
    for (int i = 0; i < 4; i++) {
        SDL_Rect ln = {card.x + cw / 10, card.y + ch * (20 + i * 16) / 100, cw * (i == 3 ? 30 : 46) / 100,
                       ch / 14};
        draw_round_rect(d, &ln, ln.h / 2, ink);
    }
    SDL_Rect num = {card.x + cw / 10, card.y + ch * 82 / 100, cw * 80 / 100, ch / 12};
    draw_round_rect(d, &num, num.h / 2, ink);
    /* the arrow above the card */
    int ax = x + w / 2, ay0 = r->y, ay1 = card.y - t->unit;
    int th = t->unit > 6 ? t->unit * 2 / 3 : 4;
    if (ay1 > ay0 + th * 3) {
        draw_line(d, ax, ay0, ax, ay1, th, t->accent);
        draw_line(d, ax - (ay1 - ay0) / 3, ay1 - (ay1 - ay0) / 3, ax, ay1, th, t->accent);
        draw_line(d, ax + (ay1 - ay0) / 3, ay1 - (ay1 - ay0) / 3, ax, ay1, th, t->accent);
    }
}

void form_card_draw(form_card_page *p, ui_app *a, const SDL_Rect *area)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    int vb = ui_voicebtn_size(a);
    int x = area->x + pad, w = area->w - 2 * pad;
    int y = area->y + pad;
    /* the question, with the voice button beside it */
    text_style ts = {t->px_title, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    int qw = w - vb - pad;
    int qh = text_measure_box(tx, core_str("card.title"), qw, &ts, NULL);
    SDL_Rect qb = {x, y + (qh < vb ? (vb - qh) / 2 : 0), qw, 0};
    text_draw_box(tx, core_str("card.title"), &qb, &ts);
    SDL_Rect vr = {x + w - vb, y, vb, vb};
    ui_voicebtn(a, &vr, "card.voice");
    y += (qh > vb ? qh : vb) + pad;
    /* what comes under the picture, measured first so nothing is cut */
    int err = p->last != PLAT_IDCARD_OK;
    text_style ss = {t->px_label, TEXT_BOLD, err ? t->danger : t->ink_soft, TEXT_CENTER, 0, 0};
    int sh = text_measure_box(tx, status_text(p), w, &ss, NULL);
    int sim = plat_idcard_simulated();
    int below = sh + pad + (sim ? bh + pad : 0) + bh * 5 / 4 + pad * 2;
    text_style hs = {t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_CENTER, 0, 0};
    int hh = text_measure_box(tx, core_str("card.manual_hint"), w, &hs, NULL);
    below += hh + pad / 2;
    int ph = area->y + area->h - below - y;
    if (ph > w * 7 / 10)
        ph = w * 7 / 10;
    if (ph > t->unit * 8) {
        SDL_Rect pic = {x, y, w, ph};
        picture(a, &pic);
        y += ph + pad;
    }
    SDL_Rect sb = {x, y, w, 0};
    text_draw_box(tx, status_text(p), &sb, &ss);
    y += sh + pad;
    if (sim) { /* the emulator's stand-in for laying a card on the reader */
        int sw = w / 2;
        SDL_Rect bs = {x + (w - sw) / 2, y, sw, bh};
        ui_button(a, &bs, "card.sim", core_str("card.simulate"), UI_BTN_SECONDARY);
        y += bh + pad;
    }
    int my = area->y + area->h - pad - bh * 5 / 4 - hh - pad / 2;
    if (my > y)
        y = my;
    SDL_Rect hb = {x, y, w, 0};
    text_draw_box(tx, core_str("card.manual_hint"), &hb, &hs);
    y += hh + pad / 2;
    SDL_Rect bm = {x, y, w, bh * 5 / 4};
    ui_button(a, &bm, "card.manual", core_str("card.manual"), UI_BTN_PRIMARY);
}
