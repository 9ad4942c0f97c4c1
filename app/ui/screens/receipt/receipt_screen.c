/* receipt_screen.c — after a filing is confirmed: what was filed, the station
 * registration number (登记号) with its QR code, and — once the county
 * platform acknowledged the filing — its receipt number (回执号) with a second
 * QR code; buttons to print the slip and go home (an agent's: go on with
 * the next villager, signed in, or sign out). While the filing waits to
 * upload, the screen looks in the store for its receipt every second (the
 * upload engine's status change also wakes the loop), so the county's number
 * appears while the villager is still looking. 读给我听 reads what the receipt
 * says (numbers digit by digit); in large text it is read when it opens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "ui/core/app.h"
#include "ui/widgets/qr.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"
#include "receipt/receipt.h"
#include "core/strings.h"
#include "ui/core/session.h"
#include "ui/core/services.h"
#include "ui/screens/receipt/receipt_screen.h"

typedef struct {
    receipt_info info;
    ui_receipt_print_fn print;
    void *ud;
    int print_state; /* 0 not yet, 1 printed, -1 failed */
    int64_t seq;     /* the filing's outbox sequence number (from reg_no) */
    int spoken;      /* large text: read once when it opened */
    int status;      /* the county's status shown (-1: none yet) */
    int64_t changes; /* the status loop's count of changes when last looked */
    SDL_Rect card;   /* the facts' card at the last draw (h 0 before one) */
    SDL_Rect said;   /* the line saying whether the slip printed, at the last draw */
} rscreen;

enum { POLL_MS = 1000 };

static text_style st(int px, text_weight w, SDL_Color c, text_align a)
{
    text_style s = {px, w, c, a, 0, 0};
    return s;
}

/* "label  value" rows; returns the height used. With dry set, only measures. */
static int row(ui_app *a, int x, int y, int w, const char *label, const char *value, int strong,
               int dry)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    char lab[64], widest[64]; /* the values line up after the longest label, 回执号 */
    snprintf(widest, sizeof widest, core_str("receipt.row"), core_str("receipt.number"));
    int lw = text_width(tx, widest, t->px_body, TEXT_REGULAR);
    snprintf(lab, sizeof lab, core_str("receipt.row"), label);
    text_style sl = st(t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_LEFT);
    int px = strong ? t->px_label : t->px_body;
    /* a number or code wider than its column at the large size: smaller,
     * down to the body's size, rather than parted (CZ2026120700000 / 24 on
     * the tablet in large text) */
    while (strong && px > t->px_body && !strchr(value, ' ') &&
           text_width(tx, value, px, TEXT_BOLD) > w - lw)
        px -= 2;
    if (px < t->px_body)
        px = t->px_body;
    text_style sv = st(px, strong ? TEXT_BOLD : TEXT_REGULAR, t->ink, TEXT_LEFT);
    SDL_Rect vb = {x + lw, y - (px - t->px_body) / 2, w - lw, 0};
    int h;
    if (dry) {
        h = text_measure_box(tx, value, vb.w, &sv, NULL);
    } else {
        text_draw(tx, lab, x, y, &sl);
        h = text_draw_box(tx, value, &vb, &sv);
    }
    int lh = text_line_height(tx, t->px_body);
    return (h > lh ? h : lh) + t->unit / 2;
}

/* 办完了，回首页; with an agent signed in 办完了，退出代办 (it signs the agent
 * out, as it always did: now it says so). */
static const char *done_label(ui_app *a)
{
    return core_str(ui_app_agent_id(a) ? "receipt.done_agent" : "receipt.done");
}

static void button(ui_app *a, const SDL_Rect *r, const char *id, const char *label, int primary)
{
    const ui_theme *t = ui_app_theme(a);
    int pr = ui_app_pressed(a, id);
    SDL_Color fill = primary ? (pr ? t->ink : t->primary) : (pr ? t->line : t->surface);
    draw_round_box(ui_app_draw(a), r, t->radius, fill, primary ? fill : t->primary, 3);
    text_style s = st(t->px_label, TEXT_BOLD, primary ? t->primary_ink : t->primary, TEXT_CENTER);
    s.max_lines = 1;
    SDL_Rect tb = {r->x, r->y + (r->h - text_line_height(ui_app_text(a), t->px_label)) / 2, r->w, 0};
    text_draw_box(ui_app_text(a), label, &tb, &s);
    ui_app_target(a, r, id);
}

/* A column of width w at x,y: a QR code of side `side` centred in it, its
 * caption under it across the column. dry: only measures. The height used. */
static int qr_block(ui_app *a, const char *payload, const char *caption_key, int x, int y, int w,
                    int side, int dry)
{
    const ui_theme *t = ui_app_theme(a);
    text_style sc = st(t->px_body, TEXT_REGULAR, t->ink, TEXT_CENTER);
    SDL_Rect cb = {x, y + side + t->unit, w, 0};
    if (dry)
        return side + t->unit + text_measure_box(ui_app_text(a), core_str(caption_key), w, &sc, NULL);
    ui_qr_draw(ui_app_draw(a), payload, x + (w - side) / 2, y, side);
    return side + t->unit + text_draw_box(ui_app_text(a), core_str(caption_key), &cb, &sc);
}

/* The facts' card's width: the screen's in portrait; wider than tall, the
 * left part of it (rs_draw_wide). */
static int card_width(const ui_theme *t)
{
    int pad = t->unit * 2;
    if (t->portrait)
        return t->w - 2 * pad;
    return (t->w - 3 * pad) * 11 / 20;
}

/* The facts' rows on their card, which starts at y; dry: only measures. The
 * card's height. */
static int card_rows(rscreen *r, ui_app *a, int y, int dry)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, uploaded = r->info.number[0] != '\0';
    int card_w = card_width(t);
    int cx = pad + pad, cw = card_w - 2 * pad, ry = y + pad;
    char when[32];
    receipt_time_text(r->info.time, when, sizeof when);
    ry += row(a, cx, ry, cw, core_str("receipt.item"), r->info.title, 0, dry);
    if (r->info.who[0]) /* whose: an agent filing for several tells the slips apart */
        ry += row(a, cx, ry, cw, core_str("receipt.who"), r->info.who, 0, dry);
    ry += row(a, cx, ry, cw, core_str("receipt.local"), r->info.reg_no, 1, dry);
    if (uploaded)
        ry += row(a, cx, ry, cw, core_str("receipt.number"), r->info.number, 1, dry);
    ry += row(a, cx, ry, cw, core_str("receipt.time"), when, 0, dry);
    if (r->info.status[0])
        ry += row(a, cx, ry, cw, core_str("receipt.status"), r->info.status, 0, dry);
    if (r->info.agent[0])
        ry += row(a, cx, ry, cw, core_str("receipt.agent"), r->info.agent, 0, dry);
    if (r->info.fixes[0]) /* a correction: the filing it replaces */
        ry += row(a, cx, ry, cw, core_str("receipt.fixes"), r->info.fixes, 0, dry);
    return ry - y + pad / 2;
}

/* A block of the QR column beside the card: a QR code of side `side` at x,y
 * and its caption right of it (width w in all). dry: only measures. The
 * block's height. */
static int qr_beside(ui_app *a, const char *payload, const char *caption_key, int x, int y, int w,
                     int side, int dry)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2;
    text_style sc = st(t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT);
    int ch = text_measure_box(ui_app_text(a), core_str(caption_key), w - side - pad, &sc, NULL);
    int h = ch > side ? ch : side;
    if (!dry) {
        ui_qr_draw(ui_app_draw(a), payload, x, y + (h - side) / 2, side);
        SDL_Rect cb = {x + side + pad, y + (h - ch) / 2, w - side - pad, 0};
        text_draw_box(ui_app_text(a), core_str(caption_key), &cb, &sc);
    }
    return h;
}

/* One code with its words beside it, the code as large as room (the height
 * left) allows from start down to a target's size. */
static void qr_beside_fit(ui_app *a, const char *payload, const char *caption_key, int x, int y,
                          int w, int start, int room)
{
    const ui_theme *t = ui_app_theme(a);
    int side = start;
    for (; side > t->target; side -= t->unit / 2)
        if (qr_beside(a, payload, caption_key, x, y, w, side, 1) <= room)
            break;
    qr_beside(a, payload, caption_key, x, y, w, side, 0);
}

/* Both codes, each with its words beside it, one under the other in a
 * column of width w at x,y, as large as fit in room from start down to a
 * size a phone still reads. 1 if drawn; 0, with nothing drawn, where they
 * do not fit. */
static int two_beside(const rscreen *r, ui_app *a, int x, int y, int w, int start, int room)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2;
    const char *county = receipt_scan_key(r->info.qr, 0);
    for (int side = start; side > t->unit * 8; side -= t->unit / 2) {
        int h1 = qr_beside(a, r->info.reg_no, "receipt.scan_local", x, y, w, side, 1);
        if (h1 + pad + qr_beside(a, r->info.qr, county, x, y, w, side, 1) > room)
            continue;
        qr_beside(a, r->info.reg_no, "receipt.scan_local", x, y, w, side, 0);
        qr_beside(a, r->info.qr, county, x, y + h1 + pad, w, side, 0);
        return 1;
    }
    return 0;
}

/* The title's big tick: a disc of diameter disc at (x, y) in tone, its
 * check mark in the surface colour. */
static void draw_tick(draw_ctx *d, const ui_theme *t, int x, int y, int disc, SDL_Color tone)
{
    draw_circle(d, x + disc / 2, y + disc / 2, disc / 2, tone);
    draw_line(d, x + disc * 27 / 100, y + disc * 52 / 100, x + disc * 43 / 100,
              y + disc * 68 / 100, disc / 10, t->surface);
    draw_line(d, x + disc * 43 / 100, y + disc * 68 / 100, x + disc * 74 / 100,
              y + disc * 34 / 100, disc / 10, t->surface);
}

/* What 打印回执 came to, in the room kept for it (r->said), if it was tapped. */
static void draw_print_line(const rscreen *r, ui_app *a)
{
    if (!r->print_state)
        return;
    const ui_theme *t = ui_app_theme(a);
    text_style sp = st(t->px_body, TEXT_BOLD, r->print_state > 0 ? t->ok : t->danger, TEXT_CENTER);
    SDL_Rect pb = {r->said.x, r->said.y, r->said.w, 0};
    const char *key = r->print_state > 0 ? "receipt.printed" : "receipt.print_failed";
    text_draw_box(ui_app_text(a), core_str(key), &pb, &sp);
}

/* A screen wider than tall (1920x1080, 1280x800): the title and the facts'
 * card in the left part, as tall as the screen allows; in the right part
 * the QR codes each with its caption beside it, the print line, 读给我听
 * beside 打印回执, and 办完了，回首页 at the bottom. Under a title row and
 * above a row of buttons across the screen, the card and two QR codes
 * stacked beside it had less height than they take: once the county's
 * number came, its QR code (and in large text the card) ran under the
 * buttons and past the screen's bottom edge. */
static void rs_draw_wide(rscreen *r, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, uploaded = r->info.number[0] != '\0';
    int lw = card_width(t), rx = pad * 2 + lw, rw = t->w - pad - rx;

    /* title with a big tick, over the card */
    int disc = t->px_huge + t->unit;
    int y = pad + pad / 2;
    SDL_Color tone = uploaded ? t->ok : t->warn;
    draw_tick(d, t, pad, y, disc, tone);
    text_style sh = st(t->px_title, TEXT_BOLD, tone, TEXT_LEFT);
    const char *title = core_str(uploaded ? "receipt.ok_title" : "receipt.saved_title");
    int tw = lw - disc - pad, th = text_measure_box(tx, title, tw, &sh, NULL);
    SDL_Rect hb = {pad * 2 + disc, y + (disc > th ? (disc - th) / 2 : 0), tw, 0};
    text_draw_box(tx, title, &hb, &sh);

    /* the facts, on a card */
    int cy = y + (th > disc ? th : disc) + pad / 2;
    SDL_Rect card = {pad, cy, lw, card_rows(r, a, cy, 1)};
    draw_round_box(d, &card, t->radius, t->surface, t->line, 2);
    card_rows(r, a, cy, 0);
    r->card = card;

    /* at the bottom of the right part: 办完了，回首页; over it 读给我听 and
     * 打印回执; over them the print line */
    int vb = ui_voicebtn_size(a), bh = t->target, rh = vb > bh ? vb : bh;
    int agent = ui_app_agent_id(a) != NULL;
    int b2 = t->h - pad - bh, bn = agent ? b2 - pad - bh : b2, b1 = bn - pad - rh;
    SDL_Rect vr = {rx, b1 + (rh - vb) / 2, vb, vb};
    ui_voicebtn(a, &vr, "receipt.voice");
    if (r->print)
        button(a, &(SDL_Rect){rx + vb + pad, b1 + (rh - bh) / 2, rw - vb - pad, bh}, "receipt.print",
               core_str("receipt.print"), 0);
    if (agent) /* the agent goes on with the next villager, or signs out */
        button(a, &(SDL_Rect){rx, bn, rw, bh}, "receipt.next", core_str("receipt.next_agent"), 0);
    button(a, &(SDL_Rect){rx, b2, rw, bh}, "receipt.home", done_label(a), 1);
    int ph = text_line_height(tx, t->px_body);
    r->said = (SDL_Rect){rx, b1 - pad / 2 - ph, rw, ph}; /* room kept for it */
    draw_print_line(r, a);

    /* the QR codes from the top down to the print line, as large as they
     * fit: one with its caption under it, two each with its caption beside */
    int two = uploaded && r->info.qr[0];
    int qy = y, room = r->said.y - pad / 2 - qy;
    /* a code beside its words leaves them at least nine characters a line
     * (回执号二维码：到村站“办件 / 查询”扫一扫 in five) */
    int words = rw - pad - t->px_body * 9, start = words < rw / 2 ? words : rw / 2;
    if (two) {
        /* one code, its caption beside: the county's, where there is no
         * room for two (the kiosk's scanner finds the filing by either;
         * the slip has both) */
        if (!two_beside(r, a, rx, qy, rw, start, room))
            qr_beside_fit(a, r->info.qr, receipt_scan_key(r->info.qr, 0), rx, qy, rw, start,
                          room);
        return;
    }
    int side = rw * 3 / 4;
    int over = qr_block(a, r->info.reg_no, "receipt.scan_local", rx, qy, rw, side, 1) - room;
    if (over > 0)
        side -= over;
    if (side >= t->target * 2) {
        qr_block(a, r->info.reg_no, "receipt.scan_local", rx, qy, rw, side, 0);
        return;
    }
    /* no room for the code over its words (large text, an agent's extra
     * button): its words beside it, the code as large as that leaves */
    qr_beside_fit(a, r->info.reg_no, "receipt.scan_local", rx, qy, rw, start, room);
}

static void rs_draw(ui_screen *s, ui_app *a)
{
    rscreen *r = s->priv;
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, uploaded = r->info.number[0] != '\0';
    if (!t->portrait) {
        rs_draw_wide(r, a);
        return;
    }

    /* title with a big tick */
    int disc = t->px_huge + t->unit;
    int y = pad * 2;
    SDL_Color tone = uploaded ? t->ok : t->warn;
    draw_tick(d, t, pad, y, disc, tone);
    text_style sh = st(t->px_title, TEXT_BOLD, tone, TEXT_LEFT);
    const char *title = core_str(uploaded ? "receipt.ok_title" : "receipt.saved_title");
    /* 读给我听 at the right of the title, as on the card page */
    int vb = ui_voicebtn_size(a);
    int tw = t->w - pad * 4 - disc - vb, th = text_measure_box(tx, title, tw, &sh, NULL);
    SDL_Rect hb = {pad * 2 + disc, y + (disc > th ? (disc - th) / 2 : 0), tw, 0};
    text_draw_box(tx, title, &hb, &sh);
    SDL_Rect vr = {t->w - pad - vb, y, vb, vb};
    ui_voicebtn(a, &vr, "receipt.voice");
    int hh = th > disc ? th : disc;
    y += (hh > vb ? hh : vb) + pad;

    /* the facts, on a card */
    int qr_side = t->w * 55 / 100;
    SDL_Rect card = {pad, y, card_width(t), card_rows(r, a, y, 1)};
    draw_round_box(d, &card, t->radius, t->surface, t->line, 2);
    card_rows(r, a, y, 0);
    r->card = card;
    y = card.y + card.h + pad;

    /* print state and buttons at the bottom; an agent's 接着为下一位村民代办
     * over them */
    int bh = t->target, agent = ui_app_agent_id(a) != NULL;
    int by = t->h - pad - bh, bt = agent ? by - pad - bh : by;
    int ph = text_line_height(tx, t->px_body);
    r->said = (SDL_Rect){pad, bt - pad / 2 - ph, t->w - 2 * pad, ph}; /* room kept for it */
    draw_print_line(r, a);

    /* the QR codes with their captions, as large as the room left allows: the
     * registration number's, and the county's once it has one, side by side
     * (wider than tall: rs_draw_wide) */
    int two = uploaded && r->info.qr[0];
    int colw = two ? (t->w - pad * 3) / 2 : t->w - pad * 2;
    int qx = pad, qy = y;
    int room = bt - pad - ph - pad / 2 - qy; /* down to the print line */
    int side = two ? colw : qr_side;
    for (int pass = 0; pass < 2; pass++) { /* captions wrap by the column, not the side */
        int over = qr_block(a, r->info.reg_no, "receipt.scan_local", qx, qy, colw, side, 1) - room;
        if (over > 0)
            side -= over;
    }
    int drawn = 0; /* no room for two codes over their words: each with its words
                    * beside it, one under the other, where they fit */
    if (side < t->target * 2 && two)
        drawn = two_beside(r, a, qx, qy, t->w - pad * 2, (t->w - pad * 2) / 2, room);
    if (!drawn && side < t->target * 2) { /* no room for a code over its words (large text, an
                                  * agent's extra button): one code, its words beside
                                  * it (the county's where there are two) */
        int w = t->w - pad * 2;
        qr_beside_fit(a, two ? r->info.qr : r->info.reg_no,
                      two ? receipt_scan_key(r->info.qr, 0) : "receipt.scan_local", qx, qy, w,
                      w / 2, room);
    } else if (!drawn) {
        qr_block(a, r->info.reg_no, "receipt.scan_local", qx, qy, colw, side, 0);
        if (two)
            qr_block(a, r->info.qr, receipt_scan_key(r->info.qr, 0), qx + colw + pad, qy, colw,
                     side, 0);
    }

    /* each button its label's width and an equal share of the rest, so the
     * longer 办完了，回首页 keeps a margin inside its button */
    if (agent)
        button(a, &(SDL_Rect){pad, bt, t->w - 2 * pad, bh}, "receipt.next",
               core_str("receipt.next_agent"), 0);
    int lp = text_width(tx, core_str("receipt.print"), t->px_label, TEXT_BOLD);
    int lh = text_width(tx, done_label(a), t->px_label, TEXT_BOLD);
    int spare = t->w - pad * 3 - lp - lh, bw = lp + (spare > 0 ? spare / 2 : 0);
    SDL_Rect bp = {pad, by, bw, bh}, bhm = {pad * 2 + bw, by, t->w - pad * 3 - bw, bh};
    if (r->print)
        button(a, &bp, "receipt.print", core_str("receipt.print"), 0);
    else
        bhm = (SDL_Rect){pad, by, t->w - 2 * pad, bh};
    button(a, &bhm, "receipt.home", done_label(a), 1);
}

/* A number as spoken: its letters and digits one by one ("1 2 3"), so the
 * engine does not read "12345678" as twelve million. */
static void spaced(const char *in, char *out, size_t n)
{
    size_t len = 0;
    for (; *in && len + 3 < n; in++) {
        if (len && (unsigned char)*in < 0x80)
            out[len++] = ' ';
        out[len++] = *in;
    }
    out[len < n ? len : n - 1] = '\0';
}

/* What 读给我听 reads: the title, the item, the numbers, the status, and
 * whether the slip printed. */
static void speech(const rscreen *r, char *out, size_t n)
{
    char num[128], line[512];
    size_t len = 0;
#define SAY(...)                                                                        \
    do {                                                                                \
        snprintf(line, sizeof line, __VA_ARGS__);                                       \
        len += (size_t)snprintf(out + len, len < n ? n - len : 0, core_str("voice.sentence"), \
                                line);                                                  \
    } while (0)
    out[0] = '\0';
    SAY("%s", core_str(r->info.number[0] ? "receipt.ok_title" : "receipt.saved_title"));
    SAY(core_str("receipt.slip.item"), r->info.title);
    spaced(r->info.reg_no, num, sizeof num);
    SAY(core_str("receipt.slip.local"), num);
    if (r->info.number[0]) {
        spaced(r->info.number, num, sizeof num);
        SAY(core_str("receipt.slip.number"), num);
    }
    if (r->info.status[0])
        SAY(core_str("receipt.slip.status"), r->info.status);
    if (r->info.fixes[0]) {
        spaced(r->info.fixes, num, sizeof num);
        SAY(core_str("receipt.say_fixes"), num);
    }
    if (r->print_state)
        SAY("%s", core_str(r->print_state > 0 ? "receipt.printed" : "receipt.print_failed"));
#undef SAY
    if (len >= n && n > 0)
        out[n - 1] = '\0';
}

static void rs_activate(ui_screen *s, ui_app *a, const char *id)
{
    rscreen *r = s->priv;
    int code;
    if (!strcmp(id, "receipt.voice")) {
        char say[1024];
        speech(r, say, sizeof say);
        ui_voicebtn_activate(a, "receipt.voice", id, say, &code);
        return;
    }
    if (!strcmp(id, "receipt.home")) {
        ui_app_session_done(a);
    } else if (!strcmp(id, "receipt.next") && ui_app_agent_id(a)) {
        ui_app_session_next(a);
    } else if (!strcmp(id, "receipt.print") && r->print) {
        char err[256];
        r->print_state = r->print(r->ud, &r->info, err, sizeof err) == 0 ? 1 : -1;
        if (r->said.h > 0)
            ui_app_invalidate_rect(a, &r->said); /* its room is kept: nothing moves */
        else
            ui_app_invalidate(a);
    }
}

/* The county acknowledged the filing: its number, QR and status join the receipt. */
static void take_receipt(rscreen *r, ui_app *a, const store_receipt *sr)
{
    char key[64];
    int had = r->info.number[0] != 0;
    snprintf(r->info.number, sizeof r->info.number, "%s", sr->receipt_no);
    /* a phone opens the county's page where it has one, else the code is
     * for the kiosk's 办件查询 (receipt_scan_key says which) */
    if (receipt_qr_payload(core_config_get(ui_app_config(a), "receipt.query_url"), sr->receipt_no,
                           r->info.qr, sizeof r->info.qr) != RECEIPT_OK)
        r->info.qr[0] = '\0';
    const char *name = store_status_name(sr->status);
    snprintf(key, sizeof key, "query.status.%s", name ? name : "submitted");
    snprintf(r->info.status, sizeof r->info.status, "%s", core_str(key));
    if (!had)
        r->print_state = 0; /* a slip printed before lacks the county's number */
    r->status = (int)sr->status;
    /* a new status alone changes the card's row, the rest stays unless the
     * card grows or shrinks; the county's number brings its row and QR code */
    if (had && r->card.h > 0 && card_rows(r, a, r->card.y, 1) == r->card.h)
        ui_app_invalidate_rect(a, &r->card);
    else
        ui_app_invalidate(a);
}

/* With the county's number shown: when the status loop changed a status
 * (the upload engine's count), the store is read again and a new status of
 * this filing is shown. Returns when to look again (0: no engine). */
static uint64_t look_status(rscreen *r, ui_app *a, uint64_t now)
{
    const ui_services *sv = ui_app_services(a);
    if (!sv->sync || !sv->store)
        return 0;
    sync_status ss;
    sync_status_get(sv->sync, &ss);
    if (ss.status_changes != r->changes) {
        r->changes = ss.status_changes;
        store_receipt sr;
        memset(&sr, 0, sizeof sr);
        if (store_receipt_get_by_seq(sv->store, r->seq, &sr) == STORE_OK &&
            (int)sr.status != r->status)
            take_receipt(r, a, &sr);
        store_receipt_clear(&sr);
    }
    return now + POLL_MS;
}

/* Looks for the county's receipt; returns when to look again (0: no more). */
static uint64_t look(rscreen *r, ui_app *a, uint64_t now)
{
    store *st = ui_app_services(a)->store;
    if (!st || r->seq < 1)
        return 0;
    if (r->info.number[0])
        return look_status(r, a, now);
    store_receipt sr;
    memset(&sr, 0, sizeof sr);
    int rc = store_receipt_get_by_seq(st, r->seq, &sr);
    if (rc == STORE_OK)
        take_receipt(r, a, &sr);
    else if (rc != STORE_ERR_NOTFOUND)
        core_log(CORE_LOG_WARN, "receipt", "receipt lookup failed: %s", store_strerror(rc));
    store_receipt_clear(&sr);
    if (r->info.number[0])
        return look_status(r, a, now);
    return rc != STORE_ERR_NOTFOUND ? 0 : now + POLL_MS;
}

static uint64_t rs_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    rscreen *r = s->priv;
    if (!r->spoken && ui_app_elderly(a)) { /* large text: read out when it opens */
        char say[1024];
        speech(r, say, sizeof say);
        (void)ui_voice_speak(a, say); /* a failure is silent here, logged once */
    }
    r->spoken = 1;
    return ui_tick_min(look(r, a, now), ui_voicebtn_tick(a, now));
}

static void rs_destroy(ui_screen *s)
{
    rscreen *r = s->priv;
    memset(r, 0, sizeof *r);
    ui_screen_free(s);
}

static const ui_screen_ops RS_OPS = {"receipt", rs_draw, rs_activate, NULL, rs_tick, rs_destroy};

ui_screen *ui_receipt_new(const receipt_info *info, ui_receipt_print_fn print, void *ud)
{
    ui_screen *s = ui_screen_new(&RS_OPS, sizeof(rscreen));
    if (!s)
        return NULL;
    rscreen *r = s->priv;
    r->info = *info;
    if (receipt_reg_parse(info->reg_no, &r->seq) != RECEIPT_OK)
        r->seq = 0;
    r->print = print;
    r->ud = ud;
    r->status = -1;
    return s;
}

int ui_receipt_print(void *ud, const receipt_info *r, char *err, size_t errlen)
{
    const ui_services *sv = ui_app_services(ud);
    if (!sv->print) {
        snprintf(err, errlen, "no printer");
        return -1;
    }
    uint8_t *bytes;
    size_t len;
    int rc = receipt_escpos(r, sv->paper_mm == 80 ? 80 : 58, &bytes, &len);
    if (rc != RECEIPT_OK) {
        snprintf(err, errlen, "%s", receipt_strerror(rc));
        return -1;
    }
    rc = sv->print(sv->print_ud, bytes, len, err, errlen);
    free(bytes);
    return rc;
}
