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

/* Where the page's parts go (layout()). */
typedef struct {
    SDL_Rect title, voice; /* the question (h 0: its text box), 读给我听 */
    int mid;               /* the top of what the outcome's height moves */
    SDL_Rect pic;          /* the picture, h 0 when there is no room for it */
    SDL_Rect said;         /* the outcome's line */
    SDL_Rect sim;          /* 模拟刷证, h 0 on the kiosk */
    SDL_Rect hint, manual; /* 没带身份证也能办… and its button */
    int beside;            /* 1: the picture and 模拟刷证 beside the outcome (layout_beside) */
} card_layout;

struct form_card_page {
    char device[256];
    int has_device;
    plat_idcard *reader;
    form_card_fill_fn fill;
    void *ud;
    int state;
    int last;     /* code of the last read that is shown, PLAT_IDCARD_OK before any */
    int bad_form; /* the last card read but the form did not take: the fill's code, else 0 */
    uint64_t next_open;
    int spoken; /* large text: the page was read out when it opened */
    char title[160]; /* the question (card.title, or card.title_of whose card it asks for) */
    SDL_Rect area;      /* the page's area at the last draw (h 0 before one) */
    card_layout drawn;  /* and where its parts went */
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
    snprintf(p->title, sizeof p->title, "%s", core_str("card.title"));
    return p;
}

void form_card_set_whose(form_card_page *p, const char *whose)
{
    if (whose && *whose)
        snprintf(p->title, sizeof p->title, core_str("card.title_of"), whose);
    else
        snprintf(p->title, sizeof p->title, "%s", core_str("card.title"));
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

static const char *status_text(const form_card_page *p);

/* The outcome the page says (status_text) becomes last (bad_form: a card read
 * that did not fit the form). The same one again marks nothing (the kiosk's
 * reader says "no card" at every poll); another marks what it changes
 * (mark_said). */
static void mark_said(form_card_page *p, ui_app *a);

static void show(form_card_page *p, ui_app *a, int last, int bad_form)
{
    if (last == p->last && bad_form == p->bad_form)
        return;
    p->last = last;
    p->bad_form = bad_form;
    mark_said(p, a);
}

/* One read: a card fills the form, anything else is shown. */
static void read_once(form_card_page *p, ui_app *a, int timeout_ms)
{
    plat_idcard_info info;
    memset(&info, 0, sizeof info);
    int rc = plat_idcard_read(p->reader, &info, timeout_ms);
    if (rc == PLAT_IDCARD_ERR_NO_CARD && !plat_idcard_simulated() && p->last == PLAT_IDCARD_OK)
        return; /* the kiosk waits quietly until a card is laid down */
    int bad_form = 0;
    if (rc == PLAT_IDCARD_OK) {
        int took = p->fill(p->ud, a, &info);
        if (took == 0)
            p->state = FORM_CARD_FILLED; /* the form leaves the page (and draws it all) */
        else {
            bad_form = took == FORM_CARD_TAKEN ? FORM_CARD_TAKEN : FORM_CARD_NOT_FIT;
            rc = PLAT_IDCARD_ERR_BAD_DATA;
        }
    }
    plat_idcard_clear(&info); /* the card's fields and photo: gone now */
    if (rc != PLAT_IDCARD_OK)
        core_log(CORE_LOG_INFO, "form", "ID card not read: %s%s", plat_idcard_strerror(rc),
                 bad_form == FORM_CARD_TAKEN ? " (already in the list)"
                 : bad_form                  ? " (does not fit the form)"
                                             : "");
    show(p, a, rc, bad_form);
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
            show(p, a, PLAT_IDCARD_ERR_NO_DEVICE, 0);
            return 0;
        }
        int rc = open_reader(p, dev);
        if (rc != PLAT_IDCARD_OK) {
            show(p, a, rc, 0);
            return 0;
        }
        read_once(p, a, 0);
        plat_idcard_close(p->reader); /* the next swipe goes back to the file's order */
        p->reader = NULL;
        return 0;
    }
    int rc = open_reader(p, p->has_device ? p->device : NULL);
    if (rc != PLAT_IDCARD_OK) {
        show(p, a, rc, 0);
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
            show(p, a, rc, 0);
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
    if (p->bad_form == FORM_CARD_TAKEN)
        return core_str("card.taken");
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
    snprintf(out, n, core_str("card.speak"), p->title, status_text(p),
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

/* A page wider than tall (1920x1080, 1280x800): under the question, the
 * picture in the left part with 模拟刷证 under it, and in the right part the
 * outcome from the top and the hint with its button at the bottom, so that
 * the picture keeps its room and nothing runs past the screen's edge. The
 * outcome's height moves nothing else. 0 (nothing set) when the right part
 * cannot hold its parts between y and the bottom: one column then. */
static int layout_beside(const form_card_page *p, ui_app *a, const SDL_Rect *area, int y,
                         card_layout *l)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    int x = area->x + pad, w = area->w - 2 * pad;
    int lw = (w - 2 * pad) * 2 / 5, rx = x + lw + 2 * pad, rw = w - lw - 2 * pad;
    int bottom = area->y + area->h - pad;
    text_style ss = {t->px_label, TEXT_BOLD, t->ink, TEXT_CENTER, 0, 0};
    int sh = text_measure_box(tx, status_text(p), rw, &ss, NULL);
    text_style hs = {t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_CENTER, 0, 0};
    int hh = text_measure_box(tx, core_str("card.manual_hint"), rw, &hs, NULL);
    int mh = bh * 5 / 4, my = bottom - mh, hy = my - pad / 2 - hh;
    if (y + sh + pad > hy)
        return 0;
    int sim = plat_idcard_simulated() ? bh : 0;
    int room = bottom - y - (sim ? sim + pad : 0), ph = room;
    if (ph > lw * 7 / 10)
        ph = lw * 7 / 10;
    l->pic = (SDL_Rect){x, y + (room - ph) / 2, lw, ph > t->unit * 8 ? ph : 0};
    l->sim = (SDL_Rect){x + lw / 8, bottom - sim, lw - lw / 4, sim};
    l->said = (SDL_Rect){rx, y, rw, sh};
    l->hint = (SDL_Rect){rx, hy, rw, hh};
    l->manual = (SDL_Rect){rx, my, rw, mh};
    l->beside = 1;
    return 1;
}

/* Where the page's parts go, from its state (the outcome's height moves the
 * picture above it and 模拟刷证 under it; the rest stays). */
static void layout(const form_card_page *p, ui_app *a, const SDL_Rect *area, card_layout *l)
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
    int qh = text_measure_box(tx, p->title, qw, &ts, NULL);
    l->title = (SDL_Rect){x, y + (qh < vb ? (vb - qh) / 2 : 0), qw, 0};
    l->voice = (SDL_Rect){x + w - vb, y, vb, vb};
    y += (qh > vb ? qh : vb) + pad;
    l->mid = y;
    l->beside = 0;
    if (area->w > area->h && layout_beside(p, a, area, y, l))
        return;
    /* what comes under the picture, measured first so nothing is cut */
    text_style ss = {t->px_label, TEXT_BOLD, t->ink, TEXT_CENTER, 0, 0};
    int sh = text_measure_box(tx, status_text(p), w, &ss, NULL);
    int sim = plat_idcard_simulated();
    int below = sh + pad + (sim ? bh + pad : 0) + bh * 5 / 4 + pad * 2;
    text_style hs = {t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_CENTER, 0, 0};
    int hh = text_measure_box(tx, core_str("card.manual_hint"), w, &hs, NULL);
    below += hh + pad / 2;
    int ph = area->y + area->h - below - y;
    if (ph > w * 7 / 10)
        ph = w * 7 / 10;
    l->pic = (SDL_Rect){x, y, w, 0};
    if (ph > t->unit * 8) {
        l->pic.h = ph;
        y += ph + pad;
    }
    l->said = (SDL_Rect){x, y, w, sh};
    y += sh + pad;
    l->sim = (SDL_Rect){x + (w - w / 2) / 2, y, w / 2, 0};
    if (sim) { /* the emulator's stand-in for laying a card on the reader */
        l->sim.h = bh;
        y += bh + pad;
    }
    int my = area->y + area->h - pad - bh * 5 / 4 - hh - pad / 2;
    if (my > y)
        y = my;
    l->hint = (SDL_Rect){x, y, w, hh};
    y += hh + pad / 2;
    l->manual = (SDL_Rect){x, y, w, bh * 5 / 4};
}

/* The outcome changed since the page was drawn: its line alone when the new
 * words take the same room, else what moves with it (模拟刷证 under it, and the
 * picture above it when its room changes), down to the hint that stays; the
 * page when that moves too or the page was not drawn yet. */
static void mark_said(form_card_page *p, ui_app *a)
{
    card_layout now;
    if (p->area.h <= 0) {
        ui_app_invalidate(a);
        return;
    }
    layout(p, a, &p->area, &now);
    const card_layout *was = &p->drawn;
    if (SDL_RectEquals(&now.said, &was->said)) {
        ui_app_invalidate_rect(a, &was->said);
    } else if (now.hint.y == was->hint.y && now.mid == was->mid) {
        /* from the line down when the picture stays (it has its most room),
         * else from the picture's top (the arrow's end reaches a little above) */
        int top = SDL_RectEquals(&now.pic, &was->pic) ? was->said.y
                                                       : was->mid - ui_app_theme(a)->unit;
        SDL_Rect moves = {p->area.x, top, p->area.w, was->hint.y - top};
        if (was->beside && now.beside) /* the outcome's column alone */
            moves = (SDL_Rect){was->said.x, was->said.y, was->said.w, was->hint.y - was->said.y};
        ui_app_invalidate_rect(a, &moves);
    } else {
        ui_app_invalidate(a);
    }
}

void form_card_draw(form_card_page *p, ui_app *a, const SDL_Rect *area)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    card_layout *l = &p->drawn;
    layout(p, a, area, l);
    p->area = *area;
    text_style ts = {t->px_title, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
    text_draw_box(tx, p->title, &l->title, &ts);
    ui_voicebtn(a, &l->voice, "card.voice");
    if (l->pic.h > 0)
        picture(a, &l->pic);
    int err = p->last != PLAT_IDCARD_OK;
    text_style ss = {t->px_label, TEXT_BOLD, err ? t->danger : t->ink_soft, TEXT_CENTER, 0, 0};
    SDL_Rect sb = {l->said.x, l->said.y, l->said.w, 0};
    text_draw_box(tx, status_text(p), &sb, &ss);
    if (l->sim.h > 0)
        ui_button(a, &l->sim, "card.sim", core_str("card.simulate"), UI_BTN_SECONDARY);
    text_style hs = {t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_CENTER, 0, 0};
    SDL_Rect hb = {l->hint.x, l->hint.y, l->hint.w, 0};
    text_draw_box(tx, core_str("card.manual_hint"), &hb, &hs);
    ui_button(a, &l->manual, "card.manual", core_str("card.manual"), UI_BTN_PRIMARY);
}
