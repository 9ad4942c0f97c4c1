/* home.c — the home screen: station, date and time, network state, the service
 * items as large tiles (the catalogue's, form.h; in pages when there are more
 * than fit), 读给我听 (the greeting and the page's tiles read aloud), the
 * proxy-agent entry, elderly mode and the upload badge. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/agent/agent_screens.h"
#include "ui/core/app.h"
#include "ui/screens/home/menu.h"
#include "plat_clock.h"
#include "plat_net.h"
#include "core/strings.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"
#include "ui/core/session.h"
#include "ui/core/services.h"
#include "ui/screens/home/home.h"

/* Where one tile's parts go inside a card of w x h (offsets from its
 * top-left): the icon disc, the label, and the description — beside the label
 * on one or two lines, or under it (a wide, short card), or under the icon (a
 * taller one). fits is 0 when the description cannot be shown whole; the
 * layout then cuts it as little as it can. */
typedef struct {
    int disc, dcx, dcy; /* icon disc diameter and centre */
    SDL_Rect label;
    SDL_Rect sub; /* w == 0: no room for the description at all */
    int sub_px, sub_lines;
    int fits;
} tile_layout;

#define HOME_LAYOUTS 32 /* tiles whose layout is kept (more are laid out each frame) */

typedef struct {
    plat_net_state net;
    int sync_net; /* the engine's state last drawn (net_key) */
    int minute; /* last drawn minute, to redraw on change */
    int digits_px; /* the size the clock's digits were made at (draw_header) */
    SDL_Rect header; /* the band with the clock and the network badge, as last drawn */
    SDL_Rect clock;  /* the date and time's place in it (a minute changes only that) */
    int64_t status_changes; /* the upload engine's count when last drawn (returned line) */
    int returned;           /* the agent's returned filings, read on a full frame (-1: not yet) */
    int pending;            /* the upload badge's count as last drawn */
    int held;               /* and the held filings' */
    SDL_Rect pend_box;      /* and where it was drawn */
    int page;  /* the page of tiles shown (0-based), when they take more than one */
    int pages; /* as last drawn */
    int pager_top; /* the page bar stands beside the greeting, not under the tiles */
    struct { /* the greeting's balanced width (greeting_w), for what it was found */
        const char *s;
        int w, px, elderly;
        int bw;
    } greet;
    struct { /* the grid chosen for the tiles (draw_tiles), for what it was chosen */
        const void *cat;
        size_t n;
        int w, h, elderly, pager_top;
        int cols, rows, pages;
    } grid;
    struct { /* each tile's layout in the grid's cards (tile_place), for what it was made */
        const void *cat;
        size_t n;
        int w, h, elderly, sw, sh;
        int page, px; /* the page laid out, its descriptions' size (tiles_px) */
        tile_layout L[HOME_LAYOUTS];
    } lay;
} home;

static text_style style(const ui_theme *t, int px, text_weight w, SDL_Color c, text_align al)
{
    text_style s = {px, w, c, al, 0, 0};
    return s;
}

/* What of the engine's state the badge depends on, to see it change. */
static int sync_sig(const sync_status *st)
{
    return (int)st->net * 8 + (st->last_error[0] != 0) + 2 * (st->needs_register != 0) +
           4 * (strcmp(st->last_code, "held") == 0);
}

/* What the badge says. With the upload engine running it is the engine's
 * real state: 网络正常 (its last attempt reached the platform and succeeded,
 * or was refused for good: a held filing waits for a technician, the footer
 * says so, nothing is retried), 正在重试 (it reached the platform but the
 * platform failed), 暂停上传 (the platform no longer knows this kiosk: it
 * must be registered again), 网络不通 (the link is down, or the last attempt
 * did not reach the platform). Before any attempt (nothing to send yet):
 * the link's state, 网络正常 as well (a villager reads one word for both)
 * or 网络未知. Without an engine (none configured): the link state alone. */
static const char *net_key(ui_app *a, home *h)
{
    sync_engine *se = ui_app_services(a)->sync;
    if (h->net == PLAT_NET_DOWN)
        return se ? "net.offline" : "net.down";
    if (!se)
        return h->net == PLAT_NET_UP ? "net.up" : "net.unknown";
    sync_status st;
    sync_status_get(se, &st);
    h->sync_net = sync_sig(&st);
    if (st.net == SYNC_NET_OFFLINE)
        return "net.offline";
    if (st.net == SYNC_NET_ONLINE && st.needs_register)
        return "net.blocked";
    if (st.net == SYNC_NET_ONLINE)
        return st.last_error[0] && strcmp(st.last_code, "held") ? "net.retrying" : "net.online";
    return h->net == PLAT_NET_UP ? "net.up" : "net.unknown"; /* no attempt yet */
}

/* Header: station and date on the left; network badge and elderly switch on
 * the right (stacked in portrait, side by side in landscape). Returns its height. */
static int draw_header(ui_app *a, home *h)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->portrait ? t->unit * 2 : t->unit * 3 / 2;
    int ctl_h = t->px_body + t->unit * 2; /* badge and switch height */
    if (ctl_h < ui_theme_mm(t, 15.0))
        ctl_h = ui_theme_mm(t, 15.0);
    int left_h = t->px_title + t->unit + text_line_height(tx, t->px_body);
    int right_h = t->portrait ? ctl_h * 2 + t->unit : ctl_h;
    int hh = pad * 2 + (left_h > right_h ? left_h : right_h);
    SDL_Rect band = {0, 0, t->w, hh};
    draw_rect(d, &band, t->primary);
    h->header = band;
    /* what the band shows counts as drawn only when all of it was (a partial
     * redraw's clip may cut it): else the tick finds it changed and marks it */
    int whole = draw_covers(d, &band);
    plat_net_state was_net = h->net;
    int was_sync = h->sync_net;

    /* network badge (the state asked only when all the band is drawn: a
     * partial frame, a minute's clock, draws the badge as it was) */
    if (whole)
        h->net = plat_net_state_get();
    const char *nk = net_key(a, h);
    if (!whole) {
        h->net = was_net;
        h->sync_net = was_sync;
    }
    SDL_Color dot = !strcmp(nk, "net.online") || !strcmp(nk, "net.up")
                        ? (SDL_Color){80, 220, 120, 255} : (SDL_Color){255, 170, 60, 255};
    int bw = text_width(tx, core_str(nk), t->px_small, TEXT_REGULAR) + ctl_h + t->unit * 2;
    /* elderly-mode switch */
    const char *ek = ui_app_elderly(a) ? "home.elderly_on" : "home.elderly";
    int on = ui_app_elderly(a) || ui_app_pressed(a, "home.elderly");
    int sw_w = text_width(tx, core_str(ek), t->px_body, TEXT_BOLD) + t->unit * 4;
    SDL_Rect badge, sw;
    if (t->portrait) {
        badge = (SDL_Rect){t->w - pad - bw, pad, bw, ctl_h};
        sw = (SDL_Rect){t->w - pad - sw_w, pad + ctl_h + t->unit, sw_w, ctl_h};
    } else {
        sw = (SDL_Rect){t->w - pad - sw_w, (hh - ctl_h) / 2, sw_w, ctl_h};
        badge = (SDL_Rect){sw.x - t->unit - bw, (hh - ctl_h) / 2, bw, ctl_h};
    }
    draw_round_rect(d, &badge, ctl_h / 2, (SDL_Color){255, 255, 255, 40});
    draw_circle(d, badge.x + ctl_h / 2 + t->unit / 2, badge.y + ctl_h / 2, t->px_small / 4, dot);
    text_style sb = style(t, t->px_small, TEXT_REGULAR, t->primary_ink, TEXT_LEFT);
    text_draw(tx, core_str(nk), badge.x + ctl_h / 2 + t->unit + t->px_small / 4,
              badge.y + (ctl_h - text_line_height(tx, t->px_small)) / 2, &sb);
    draw_round_box(d, &sw, ctl_h / 2, on ? t->accent : t->surface, t->surface, 4);
    text_style se = style(t, t->px_body, TEXT_BOLD, on ? t->surface : t->accent, TEXT_CENTER);
    SDL_Rect seb = {sw.x, sw.y + (ctl_h - text_line_height(tx, t->px_body)) / 2, sw.w, ctl_h};
    text_draw_box(tx, core_str(ek), &seb, &se);
    ui_app_target(a, &sw, "home.elderly");

    /* station name beside the badge, date and time beside the switch; both
     * shrink (down to the small size) rather than run under the controls */
    const char *station = core_config_get(ui_app_config(a), "station.name");
    int name_w = badge.x - 2 * pad, date_w = sw.x - 2 * pad;
    if (!t->portrait)
        name_w = date_w = badge.x - 2 * pad;
    int y, mo, da, hr, mi, wd;
    plat_clock_local(&y, &mo, &da, &hr, &mi, &wd);
    char date[64], line[160], key[16];
    snprintf(date, sizeof date, core_str("date.format"), y, mo, da);
    snprintf(key, sizeof key, "weekday.%d", wd);
    snprintf(line, sizeof line, "%s  %s  %02d:%02d", date, core_str(key), hr, mi);
    text_style st = style(t, text_fit_px(tx, station, name_w, t->px_title, t->px_body, TEXT_BOLD),
                          TEXT_BOLD, t->primary_ink, TEXT_LEFT);
    if (text_width(tx, line, t->px_small, TEXT_REGULAR) > date_w) /* the time matters more */
        snprintf(line, sizeof line, "%s  %02d:%02d", date, hr, mi);
    text_style sd = style(t, text_fit_px(tx, line, date_w, t->px_body, t->px_small, TEXT_REGULAR),
                          TEXT_REGULAR, t->primary_ink, TEXT_LEFT);
    st.max_lines = sd.max_lines = 1;
    /* every digit the clock may show is made with the frame that first shows
     * it, at every size the line is measured at above (the fit's trials from
     * px_body down, the size it is drawn at, px_small): a minute's redraw
     * then makes no glyph (a font read, a shaping and a raster), and idle
     * stays cheap from the first minute on */
    if (h->digits_px != sd.px) {
        text_fit_px(tx, "0123456789", 0, t->px_body, sd.px, TEXT_REGULAR); /* the same trials */
        text_width(tx, "0123456789", sd.px, TEXT_REGULAR);
        text_width(tx, "0123456789", t->px_small, TEXT_REGULAR);
        h->digits_px = sd.px;
    }
    SDL_Rect name_box, date_box;
    if (t->portrait) {
        name_box = (SDL_Rect){pad, badge.y + (ctl_h - text_line_height(tx, st.px)) / 2, name_w, 0};
        date_box = (SDL_Rect){pad, sw.y + (ctl_h - text_line_height(tx, sd.px)) / 2, date_w, 0};
    } else {
        int ty = (hh - left_h) / 2;
        name_box = (SDL_Rect){pad, ty, name_w, 0};
        date_box = (SDL_Rect){pad, ty + t->px_title + t->unit, date_w, 0};
    }
    /* the clock's place: its line at any size it may take (beside the
     * switch in portrait, under the name in landscape) */
    int top = date_box.y, bottom = date_box.y + text_line_height(tx, t->px_body);
    if (t->portrait && sw.y < top)
        top = sw.y;
    if (t->portrait && sw.y + ctl_h > bottom)
        bottom = sw.y + ctl_h;
    h->clock = (SDL_Rect){pad, top, date_w, bottom - top};
    if (draw_covers(d, &h->clock)) /* else the tick finds it changed and marks it */
        h->minute = hr * 60 + mi;
    text_draw_box(tx, station, &name_box, &st);
    text_draw_box(tx, line, &date_box, &sd);
    return hh;
}


/* Lines and height of the description laid out at width w and size px
 * (99 lines where w is too narrow for it). */
static int sub_measure(text_ctx *tx, const char *sub, int w, int px, int *height)
{
    *height = 0;
    if (!sub[0])
        return 0;
    if (w < px * 3)
        return 99;
    text_style ss = {px, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    int lines = 1;
    *height = text_measure_box(tx, sub, w, &ss, &lines);
    return lines;
}

/* only_px: the description's one size (every tile of a page alike), or 0
 * for the body's size where it fits, else the small one. */
static void tile_place(ui_app *a, const form_tile *ft, int w, int h, int only_px, tile_layout *L)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    const char *label = form_tile_label(ft), *sub = form_tile_subtitle(ft);
    int pad = t->unit * 3 / 2, sh = 0;
    int lab_lh = text_line_height(tx, t->px_label);
    const int px[2] = {only_px ? only_px : t->px_body, only_px ? only_px : t->px_small};
    memset(L, 0, sizeof *L);
    L->disc = t->px_label * 17 / 10;
    int lx = pad + L->disc + t->unit;
    L->dcx = pad + L->disc / 2;
    if (!sub[0])
        L->fits = 1;
    if (w > h * 5 / 2) {
        /* wide, short tile (one column, landscape rows): the description
         * on one line beside the label, or under it, at body size, then
         * small; else two lines beside it */
        L->dcy = h / 2;
        L->label = (SDL_Rect){lx, h / 2 - lab_lh / 2, w - pad - lx, lab_lh};
        if (L->fits)
            return;
        int lw = text_width(tx, label, t->px_label, TEXT_BOLD);
        int bx = lx + lw + t->unit * 2, bw = w - pad - bx, uw = w - pad - lx;
        for (int k = 0; k < 4; k++) { /* one line beside, under, then two lines beside */
            int p = px[k % 2];
            int n = sub_measure(tx, sub, bw, p, &sh);
            if (n <= (k < 2 ? 1 : 2) && sh + pad / 2 <= h) {
                L->sub = (SDL_Rect){bx, (h - sh) / 2, bw, sh};
                L->sub_px = p;
                L->sub_lines = n;
                L->fits = 1;
                return;
            }
            n = sub_measure(tx, sub, uw, p, &sh);
            if (k < 2 && n <= 2 && lab_lh + sh + pad / 2 <= h) {
                int top = (h - lab_lh - sh) / 2;
                L->label.y = top;
                L->sub = (SDL_Rect){lx, top + lab_lh, uw, sh};
                L->sub_px = p;
                L->sub_lines = n;
                L->fits = 1;
                return;
            }
        }
        /* no room for it whole: one small line beside, cut */
        L->sub_px = t->px_small;
        int lh = text_line_height(tx, L->sub_px);
        L->sub = (SDL_Rect){bx, h / 2 - lh / 2, bw > L->sub_px * 3 ? bw : 0, lh};
        L->sub_lines = 1;
        return;
    }
    /* a taller tile: icon and label on top, the description under them */
    L->dcy = pad + L->disc / 2;
    L->label = (SDL_Rect){lx, L->dcy - lab_lh / 2, w - pad - lx, lab_lh};
    if (L->fits)
        return;
    int sy = pad + L->disc + t->unit / 2, sw = w - 2 * pad;
    int room = h - sy - pad / 3;
    L->sub = (SDL_Rect){pad, sy, sw > t->px_small * 3 ? sw : 0, room};
    for (int k = 0; k < 2; k++) {
        int n = sub_measure(tx, sub, sw, px[k], &sh);
        L->sub_px = px[k];
        L->sub_lines = n < 2 ? n : 2;
        if (n <= 2 && sh <= room) {
            L->fits = 1;
            return;
        }
    }
}

/* One tile of the catalogue: target "tile.<id>"; L its layout in the card. */
static void draw_tile(ui_app *a, const SDL_Rect *r, const form_tile *ft, const tile_layout *lay)
{
    char id[64];
    snprintf(id, sizeof id, "tile.%s", form_tile_id(ft));
    SDL_Color accent = ui_app_theme(a)->tile[0];
    ui_theme_colour(ui_app_theme(a), form_tile_colour(ft), &accent); /* checked by the loader */
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pressed = ui_app_pressed(a, id);
    SDL_Rect card = ui_card_place(a, r, pressed);
    if (t->elderly) { /* the box paints over all but the corners of the shape under it */
        draw_round_corners(d, &card, t->radius, pressed ? accent : t->surface);
        draw_round_box(d, &card, t->radius, pressed ? accent : t->surface, t->ink, 3);
    } else {
        draw_round_rect(d, &card, t->radius, pressed ? accent : t->surface);
    }
    tile_layout L = *lay;
    int cx = card.x + L.dcx, cy = card.y + L.dcy;
    draw_circle(d, cx, cy, L.disc / 2, pressed ? t->surface : accent);
    text_style sg = style(t, L.disc * 55 / 100, TEXT_BOLD, pressed ? accent : t->surface, TEXT_LEFT);
    const char *glyph = form_tile_glyph(ft);
    int gw = text_width(tx, glyph, sg.px, TEXT_BOLD);
    text_draw(tx, glyph, cx - gw / 2, cy - text_line_height(tx, sg.px) / 2, &sg);
    text_style sl = style(t, t->px_label, TEXT_BOLD, pressed ? t->surface : t->ink, TEXT_LEFT);
    sl.max_lines = 1;
    SDL_Rect lb = {card.x + L.label.x, card.y + L.label.y, L.label.w, t->px_label * 2};
    text_draw_box(tx, form_tile_label(ft), &lb, &sl);
    if (L.sub.w > 0 && L.sub_lines > 0) {
        text_style ss = style(t, L.sub_px, TEXT_REGULAR, pressed ? t->surface : t->ink_soft,
                              TEXT_LEFT);
        ss.max_lines = L.sub_lines;
        SDL_Rect sb = {card.x + L.sub.x, card.y + L.sub.y, L.sub.w, L.sub.h};
        text_draw_box(tx, form_tile_subtitle(ft), &sb, &ss);
    }
    ui_app_target(a, &card, id);
}

static void draw_agent_bar(ui_app *a, const SDL_Rect *agent)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    int pr = ui_app_pressed(a, "tile.agent");
    if (!pr)
        draw_shadow(d, agent, t->radius, t->unit / 2);
    draw_round_rect(d, agent, t->radius, pr ? t->ink : t->tile[7]);
    text_style sa = style(t, t->px_label, TEXT_BOLD, t->surface, TEXT_LEFT);
    int aw = text_width(tx, core_str("tile.agent"), t->px_label, TEXT_BOLD);
    text_draw(tx, core_str("tile.agent"), agent->x + pad,
              agent->y + (agent->h - text_line_height(tx, t->px_label)) / 2, &sa);
    text_style sas = style(t, t->px_small, TEXT_REGULAR, t->surface, TEXT_LEFT);
    sas.max_lines = 1;
    SDL_Rect asb = {agent->x + pad * 2 + aw,
                    agent->y + (agent->h - text_line_height(tx, t->px_small)) / 2,
                    agent->w - aw - pad * 3, agent->h};
    text_draw_box(tx, core_str("tile.agent.sub"), &asb, &sas);
    ui_app_target(a, agent, "tile.agent");
}

/* An agent is signed in: who, and buttons for their filings and to sign out. */
static void draw_agent_session(ui_app *a, const SDL_Rect *bar)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    draw_shadow(d, bar, t->radius, t->unit / 2);
    draw_round_rect(d, bar, t->radius, t->tile[7]);
    const char *out = core_str("agent.signout"), *mine = core_str("agent.filings");
    int ow = text_width(tx, out, t->px_label, TEXT_BOLD) + pad * 2;
    int mw = text_width(tx, mine, t->px_label, TEXT_BOLD) + pad * 2;
    if (ow < t->target * 3 / 2)
        ow = t->target * 3 / 2;
    SDL_Rect bo = {bar->x + bar->w - ow, bar->y, ow, bar->h};
    SDL_Rect bm = {bo.x - mw - t->unit / 2, bar->y, mw, bar->h};
    int pm = ui_app_pressed(a, "home.agent.filings"), po = ui_app_pressed(a, "home.agent.signout");
    draw_round_box(d, &bm, t->radius, pm ? t->ink : t->surface, t->tile[7], 4);
    draw_round_box(d, &bo, t->radius, po ? t->ink : t->surface, t->tile[7], 4);
    int ly = bar->y + (bar->h - text_line_height(tx, t->px_label)) / 2;
    text_style sb = style(t, t->px_label, TEXT_BOLD, pm ? t->surface : t->tile[7], TEXT_CENTER);
    SDL_Rect lm = {bm.x, ly, bm.w, 0}, lo = {bo.x, ly, bo.w, 0};
    text_draw_box(tx, mine, &lm, &sb);
    sb.color = po ? t->surface : t->tile[7];
    text_draw_box(tx, out, &lo, &sb);
    ui_app_target(a, &bm, "home.agent.filings");
    ui_app_target(a, &bo, "home.agent.signout");
    /* "代办员 李桂兰" over "正在为村民代办" in what is left */
    char who[160];
    snprintf(who, sizeof who, core_str("agent.signed_in"), ui_app_agent_name(a));
    int w = bm.x - bar->x - pad - t->unit;
    int px = text_fit_px(tx, who, w, t->px_label, t->px_small, TEXT_BOLD);
    int h2 = text_line_height(tx, px) + text_line_height(tx, t->px_small);
    text_style sw = style(t, px, TEXT_BOLD, t->surface, TEXT_LEFT);
    sw.max_lines = 1;
    text_style ss = style(t, t->px_small, TEXT_REGULAR, t->surface, TEXT_LEFT);
    ss.max_lines = 1;
    /* the two lines inside the band, the name smaller down to the line
     * under it where that makes them fit, else the name alone (large text,
     * landscape: 正在为村民代办 ran onto the band's edge) */
    int room = bar->h - t->unit / 2, fit = px;
    while (h2 > room && px > t->px_small) {
        px = px - 2 > t->px_small ? px - 2 : t->px_small;
        h2 = text_line_height(tx, px) + text_line_height(tx, t->px_small);
    }
    int two = h2 <= room;
    if (!two) { /* the name alone, at the size that fits its width */
        px = fit;
        h2 = text_line_height(tx, px);
    }
    sw.px = px;
    int y = bar->y + (bar->h - h2) / 2;
    SDL_Rect wb = {bar->x + pad, y, w, 0};
    text_draw_box(tx, who, &wb, &sw);
    if (!two)
        return;
    SDL_Rect sbx = {bar->x + pad, y + text_line_height(tx, px), w, 0};
    text_draw_box(tx, core_str("agent.signed_in.sub"), &sbx, &ss);
}

/* How many of the signed-in agent's filings the county returned (0: no
 * agent, none, or the store cannot say). */
static int returned_count(ui_app *a)
{
    const ui_services *sv = ui_app_services(a);
    int n = 0;
    if (!ui_app_agent_id(a) || !sv->store ||
        store_agent_returned(sv->store, ui_app_agent_id(a), &n) != STORE_OK)
        return 0;
    return n > 0 ? n : 0;
}

/* A signed-in agent whose filings the county returned: "N 件被退回，需要补正"
 * in a red band in place of the greeting, at y; a tap opens the list of
 * them. Returns the y below it, or -1 when there is none to show. */
static int draw_returned_line(ui_app *a, home *hm, int y)
{
    /* read on a full frame only: whatever changes the count (a sign-in or
     * -out, the status loop, a filing put right on another screen) redraws
     * the whole frame, and a partial one (a press, the minute) keeps it */
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    SDL_Rect all = {0, 0, t->w, t->h};
    if (hm->returned < 0 || draw_covers(d, &all))
        hm->returned = returned_count(a);
    int n = hm->returned;
    if (n <= 0)
        return -1;
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2, h = text_line_height(tx, t->px_label) + t->unit * 2;
    if (h < t->target)
        h = t->target;
    SDL_Rect band = {pad, y, t->w - 2 * pad, h};
    int pr = ui_app_pressed(a, "home.agent.returned");
    SDL_Rect card = ui_card_place(a, &band, pr);
    draw_round_rect(d, &card, t->radius, pr ? t->ink : t->danger);
    char line[160];
    snprintf(line, sizeof line, core_str("home.agent.returned"), n);
    const char *go = core_str("home.agent.returned.go");
    int gw = text_width(tx, go, t->px_body, TEXT_REGULAR);
    int lw = card.w - 3 * pad - gw;
    text_style sl = style(t, text_fit_px(tx, line, lw, t->px_label, t->px_body, TEXT_BOLD),
                          TEXT_BOLD, t->surface, TEXT_LEFT);
    sl.max_lines = 1;
    SDL_Rect lb = {card.x + pad, card.y + (card.h - text_line_height(tx, sl.px)) / 2, lw, 0};
    text_draw_box(tx, line, &lb, &sl);
    text_style sg = style(t, t->px_body, TEXT_REGULAR, t->surface, TEXT_RIGHT);
    sg.max_lines = 1;
    SDL_Rect gb = {card.x + card.w - pad - gw, card.y + (card.h - text_line_height(tx, t->px_body)) / 2,
                   gw, 0};
    text_draw_box(tx, go, &gb, &sg);
    ui_app_target(a, &card, "home.agent.returned");
    return y + h + pad;
}

static void draw_pending(ui_app *a, home *h, const SDL_Rect *box)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    char pend[160];
    h->pend_box = *box;
    if (!draw_visible(ui_app_draw(a), box))
        return; /* a partial redraw elsewhere (the clock's minute): no count to read */
    int n = ui_app_pending(a), held = ui_app_held(a);
    if (draw_covers(ui_app_draw(a), box)) { /* else the tick finds it changed and marks it */
        h->pending = n;
        h->held = held;
    }
    const ui_services *sv = ui_app_services(a);
    if (!sv->store && sv->store_error) { /* not 已全部上传: nothing is known, say so */
        const char *msg = core_str("home.store_failed");
        int px = text_fit_px(tx, msg, box->w - 2 * t->unit, t->px_body, t->px_small, TEXT_BOLD);
        text_style se = style(t, px, TEXT_BOLD, t->danger, TEXT_CENTER);
        se.max_lines = 1;
        SDL_Rect eb = {box->x + t->unit, box->y + (box->h - text_line_height(tx, px)) / 2,
                       box->w - 2 * t->unit, box->h};
        text_draw_box(tx, msg, &eb, &se);
        return;
    }
    /* held filings first: they wait for staff, not for the network */
    if (held > 0 && n > 0)
        snprintf(pend, sizeof pend, core_str("home.held_and_pending"), held, n);
    else if (held > 0)
        snprintf(pend, sizeof pend, core_str("home.held"), held);
    else if (n > 0)
        snprintf(pend, sizeof pend, core_str("home.pending"), n);
    else
        snprintf(pend, sizeof pend, "%s", core_str("home.all_sent"));
    int tw = box->w - 2 * t->unit;
    int px = text_fit_px(tx, pend, tw, t->px_body, t->px_small, TEXT_BOLD);
    text_style sp = style(t, px, TEXT_BOLD, held > 0 ? t->danger : n > 0 ? t->warn : t->ok,
                          TEXT_CENTER);
    sp.max_lines = 1;
    /* the landscape's corner box: two lines where one does not hold it (the
     * held filings' words were cut at 请找…) */
    if (text_width(tx, pend, px, TEXT_BOLD) > tw && box->h >= 2 * text_line_height(tx, px))
        sp.max_lines = 2;
    int th = sp.max_lines == 1 ? text_line_height(tx, px) : text_measure_box(tx, pend, tw, &sp, NULL);
    SDL_Rect pb = {box->x + t->unit, box->y + (box->h - th) / 2, tw, box->h};
    text_draw_box(tx, pend, &pb, &sp);
}

/* Whether a tile of cw x ch shows its glyph, label and a line of subtitle:
 * a short tile draws them on one line (draw_tile: when it is wider than 2.5
 * times its height), a taller one stacks them; roomy asks for the stacked
 * size (or one line on a single column). Never under 15 mm. Every tile's
 * label and description must show whole (tile_place). */
static int tile_fits(ui_app *a, int cw, int ch, int roomy)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 3 / 2, disc = t->px_label * 17 / 10;
    int stacked = pad * 2 + disc + t->unit / 2 + text_line_height(tx, t->px_body);
    int tight = pad + disc + t->unit / 2 + text_line_height(tx, t->px_small) + pad / 3;
    int wide = cw > ch * 5 / 2;
    if (ch < ui_theme_mm(t, 15.0) || ch < disc)
        return 0;
    if (wide && (!t->portrait || cw > t->w / 2)) { /* one line: landscape rows, one column */
        if (roomy && ch < disc + t->unit)
            return 0;
    } else if (ch < (roomy ? stacked : tight + t->unit / 2)) {
        return 0;
    }
    const form_catalog *cat = ui_app_services(a)->forms;
    size_t n = cat ? form_catalog_tile_count(cat) : 0;
    for (size_t i = 0; i < n; i++) {
        tile_layout L;
        const form_tile *ft = form_catalog_tile_at(cat, i);
        tile_place(a, ft, cw, ch, 0, &L);
        if (!L.fits || text_width(tx, form_tile_label(ft), t->px_label, TEXT_BOLD) > L.label.w)
            return 0; /* a description or the label itself would be cut */
    }
    return 1;
}

/* The bar under the tiles: 读给我听 at its left, on every page (alone when
 * the tiles take one page), then 上一页, 第 N 页，共 M 页, 下一页 (a page
 * button shows only where there is a page to go to). The page buttons are
 * narrower where the indicator would otherwise not hold in the small text's
 * size (large text, portrait). */
/* A page key's width: roomy (its words and two units either side, two
 * targets at least), or narrow (one unit either side, a target at least). */
static int page_key_w(ui_app *a, int narrow)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int bw = text_width(tx, core_str("home.page.prev"), t->px_label, TEXT_BOLD);
    int nw = text_width(tx, core_str("home.page.next"), t->px_label, TEXT_BOLD);
    int w = (bw > nw ? bw : nw) + t->unit * (narrow ? 2 : 4), least = t->target * (narrow ? 1 : 2);
    return w > least ? w : least;
}

static void draw_pager(ui_app *a, home *h, const SDL_Rect *full)
{
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    SDL_Rect vr = {full->x, full->y, full->h, full->h};
    ui_voicebtn(a, &vr, "home.voice");
    if (h->pages <= 1)
        return;
    SDL_Rect rest = {full->x + vr.w + t->unit, full->y, full->w - vr.w - t->unit, full->h};
    const SDL_Rect *bar = &rest;
    const char *prev = core_str("home.page.prev"), *next = core_str("home.page.next");
    int bw = page_key_w(a, 0);
    char ind[96];
    snprintf(ind, sizeof ind, core_str("home.page.of"), h->page + 1, h->pages);
    if (text_width(tx, ind, t->px_small, TEXT_BOLD) > bar->w - 2 * bw - 2 * t->unit)
        bw = page_key_w(a, 1);
    int ty = bar->y + (bar->h - text_line_height(tx, t->px_label)) / 2;
    static const char *const IDS[2] = {"home.page.prev", "home.page.next"};
    for (int k = 0; k < 2; k++) {
        if (k == 0 ? h->page == 0 : h->page + 1 >= h->pages)
            continue;
        SDL_Rect b = {k == 0 ? bar->x : bar->x + bar->w - bw, bar->y, bw, bar->h};
        int pr = ui_app_pressed(a, IDS[k]);
        draw_round_box(d, &b, t->radius, pr ? t->primary : t->surface, t->primary, 4);
        text_style sb = style(t, t->px_label, TEXT_BOLD, pr ? t->primary_ink : t->primary,
                              TEXT_CENTER);
        SDL_Rect lb = {b.x, ty, b.w, 0};
        text_draw_box(tx, k == 0 ? prev : next, &lb, &sb);
        ui_app_target(a, &b, IDS[k]);
    }
    int iw = bar->w - 2 * bw - 2 * t->unit;
    text_style si = style(t, text_fit_px(tx, ind, iw, t->px_label, t->px_small, TEXT_BOLD),
                          TEXT_BOLD, t->ink, TEXT_CENTER);
    si.max_lines = 1;
    SDL_Rect ib = {bar->x + bw + t->unit, bar->y + (bar->h - text_line_height(tx, si.px)) / 2,
                   iw, 0};
    text_draw_box(tx, ind, &ib, &si);
}

/* The height the tiles' rows have in box: all of it where the page bar
 * stands beside the greeting, else less the bar's row. */
static int grid_h(ui_app *a, const home *h, const SDL_Rect *box)
{
    const ui_theme *t = ui_app_theme(a);
    return h->pager_top ? box->h : box->h - t->target - t->unit * 2;
}

/* The width the greeting takes in two lines beside the page bar: the
 * narrowest, down to half of w, that keeps two lines, so that they are
 * balanced and the second is not a word alone (您好！请点选要办理的 / 事项
 * in large text on the 1280x800 tablet reads 您好！/ 请点选要办理的事项);
 * w where it takes one line. Found once for the text, width and size. */
static int greeting_w(home *h, ui_app *a, const char *s, int w, const text_style *st)
{
    text_ctx *tx = ui_app_text(a);
    int elderly = ui_app_theme(a)->elderly;
    if (h->greet.s == s && h->greet.w == w && h->greet.px == st->px && h->greet.elderly == elderly)
        return h->greet.bw;
    int lines = 0, lo = w / 2, hi = w;
    text_measure_box(tx, s, w, st, &lines);
    while (lines == 2 && lo < hi) { /* fewer lines as the width grows: halving finds it */
        int mid = lo + (hi - lo) / 2, n = 0;
        text_measure_box(tx, s, mid, st, &n);
        if (n <= 2)
            hi = mid;
        else
            lo = mid + 1;
    }
    h->greet.s = s;
    h->greet.w = w;
    h->greet.px = st->px;
    h->greet.elderly = elderly;
    h->greet.bw = hi;
    return hi;
}

/* The least width the page bar takes with its page keys (draw_pager's
 * narrower keys) and the indicator in the small size. */
static int pager_min_w(ui_app *a, int pages)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int bw = page_key_w(a, 1);
    char ind[96];
    snprintf(ind, sizeof ind, core_str("home.page.of"), pages, pages);
    return t->target + t->unit + 2 * bw + 2 * t->unit + text_width(tx, ind, t->px_small, TEXT_BOLD);
}

/* The grid for n tiles over box: the preferred number of columns (two in
 * portrait, one in large text, three in landscape), all rows on one page
 * when they fit, else pages of as many rows as fit the page bar beside;
 * fewer columns where the tiles' descriptions would not show whole. */
static void choose_grid(ui_app *a, home *h, const SDL_Rect *box, size_t n)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2;
    int want = t->portrait ? (t->elderly ? 1 : 2) : 3;
    h->grid.cat = ui_app_services(a)->forms;
    h->grid.n = n;
    h->grid.w = box->w;
    h->grid.h = box->h;
    h->grid.elderly = t->elderly;
    h->grid.pager_top = h->pager_top;
    int first_rows = 1, first_pages = 1;
    for (int cols = want; cols >= 1; cols--) {
        /* the bar (读给我听, the page keys) takes a row of its own, unless it
         * stands beside the greeting */
        int cw = (box->w - (cols - 1) * pad) / cols, gh = grid_h(a, h, box);
        int rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
        h->grid.cols = cols;
        h->grid.rows = rows;
        h->grid.pages = 1;
        if (tile_fits(a, cw, (gh - (rows - 1) * pad) / rows, 0))
            return;
        /* pages of roomy tiles */
        for (rows = 1; tile_fits(a, cw, (gh - rows * pad) / (rows + 1), 1); rows++)
            ;
        int per = rows * cols;
        h->grid.rows = rows;
        h->grid.pages = (int)((n + (size_t)per - 1) / (size_t)per);
        if (cols == want) {
            first_rows = h->grid.rows;
            first_pages = h->grid.pages;
        }
        if (tile_fits(a, cw, (gh - (rows - 1) * pad) / rows, 1))
            return;
    }
    /* nothing shows every description whole: the preferred columns, cut */
    h->grid.cols = want;
    h->grid.rows = first_rows;
    h->grid.pages = first_pages;
}

/* The one size the descriptions of tiles from..to-1 (a page) take in cards
 * of cw x ch: the body's where all of them fit whole in it, else the small
 * one where all do; else 0 (each tile its own, as fits it). Tiles side by
 * side then read alike: 参保登记 · 领取待遇 no smaller than 最低生活保障申请
 * beside it. */
static int tiles_px(ui_app *a, const form_catalog *cat, size_t from, size_t to, int cw, int ch)
{
    const ui_theme *t = ui_app_theme(a);
    const int px[2] = {t->px_body, t->px_small};
    for (int k = 0; k < 2; k++) {
        size_t i = from;
        for (; i < to; i++) {
            tile_layout L;
            tile_place(a, form_catalog_tile_at(cat, i), cw, ch, px[k], &L);
            if (!L.fits)
                break;
        }
        if (i == to)
            return px[k];
    }
    return 0;
}

/* The tiles in a grid of `cols` columns over box, the bar (读给我听, the
 * page keys) at the bottom; when they need more rows than fit, in pages of
 * whole rows. */
static void draw_tiles(ui_app *a, home *h, const SDL_Rect *box)
{
    const ui_theme *t = ui_app_theme(a);
    const form_catalog *cat = ui_app_services(a)->forms;
    size_t n = cat ? form_catalog_tile_count(cat) : 0;
    int pad = t->unit * 2;
    if (n == 0) {
        h->pages = 1;
        return;
    }
    if (h->grid.cat != cat || h->grid.n != n || h->grid.w != box->w || h->grid.h != box->h ||
        h->grid.elderly != t->elderly || h->grid.pager_top != h->pager_top)
        choose_grid(a, h, box, n);
    int cols = h->grid.cols, rows = h->grid.rows, gh = grid_h(a, h, box);
    h->pages = h->grid.pages;
    int cw = (box->w - (cols - 1) * pad) / cols;
    if (h->page >= h->pages)
        h->page = h->pages - 1;
    int ch = (gh - (rows - 1) * pad) / rows;
    size_t first = (size_t)h->page * (size_t)(rows * cols);
    size_t last = first + (size_t)(rows * cols) < n ? first + (size_t)(rows * cols) : n;
    /* the tiles' layouts are made once per catalogue, card size, mode and
     * page (a pressed card moves but keeps its size) */
    if (h->lay.cat != cat || h->lay.n != n || h->lay.w != cw || h->lay.h != ch ||
        h->lay.elderly != t->elderly || h->lay.sw != t->w || h->lay.sh != t->h ||
        h->lay.page != h->page) {
        h->lay.cat = cat;
        h->lay.n = n;
        h->lay.w = cw;
        h->lay.h = ch;
        h->lay.elderly = t->elderly;
        h->lay.sw = t->w;
        h->lay.sh = t->h;
        h->lay.page = h->page;
        h->lay.px = tiles_px(a, cat, first, last, cw, ch);
        for (size_t i = first; i < last && i < HOME_LAYOUTS; i++)
            tile_place(a, form_catalog_tile_at(cat, i), cw, ch, h->lay.px, &h->lay.L[i]);
    }
    for (size_t i = first; i < n && i < first + (size_t)(rows * cols); i++) {
        int c = (int)(i - first) % cols, r = (int)(i - first) / cols;
        SDL_Rect tr = {box->x + c * (cw + pad), box->y + r * (ch + pad), cw, ch};
        tile_layout L;
        if (i < HOME_LAYOUTS)
            L = h->lay.L[i];
        else
            tile_place(a, form_catalog_tile_at(cat, i), cw, ch, h->lay.px, &L);
        draw_tile(a, &tr, form_catalog_tile_at(cat, i), &L);
    }
    if (h->pager_top)
        return; /* home_draw puts the bar beside the greeting */
    SDL_Rect bar = {box->x, box->y + box->h - t->target, box->w, t->target};
    draw_pager(a, h, &bar);
}

static void home_draw(ui_screen *s, ui_app *a)
{
    home *h = s->priv;
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    int hh = draw_header(a, h);
    /* a partial frame inside the header (the minute's clock, the network
     * badge) shows nothing under it: the rest is not laid out again, its
     * targets stay as the last frame left them */
    SDL_Rect below = {0, hh, t->w, t->h - hh};
    if (!draw_visible(d, &below) && ui_app_keep_targets(a))
        return;

    /* greeting (for an agent with returned filings: how many, instead) */
    int y = hh + pad, ry = draw_returned_line(a, h, y);
    text_style sw1 = style(t, t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT);
    const char *welcome = core_str("home.welcome");
    /* landscape: the page bar beside the greeting where both fit the row,
     * which leaves the tiles the height of a row of them more */
    int bar_w = pager_min_w(a, 9), gw = t->w - 4 * pad - bar_w, gh = 0;
    SDL_Rect top_bar = {0, 0, 0, 0};
    h->pager_top = 0;
    if (!t->portrait && ry < 0 && gw > 0) { /* in the label size, else the body's, two lines at most */
        sw1.line_gap_pct = 12; /* two lines of it as high as a key */
        for (int k = 0; k < 2 && !h->pager_top; k++) {
            sw1.px = k ? t->px_body : t->px_label;
            int lines = 0;
            gh = text_measure_box(tx, welcome, gw, &sw1, &lines);
            h->pager_top = lines <= 2 && gh <= t->target;
        }
    }
    if (h->pager_top) {
        SDL_Rect wb = {pad, y + (t->target - gh) / 2, greeting_w(h, a, welcome, gw, &sw1), gh};
        text_draw_box(tx, welcome, &wb, &sw1);
        top_bar = (SDL_Rect){t->w - pad - bar_w, y, bar_w, t->target};
        y += t->target + pad;
    } else {
        sw1.px = t->portrait ? t->px_title : t->px_label;
        sw1.line_gap_pct = 0;
        SDL_Rect wb = {pad, y, t->w - 2 * pad, sw1.px * 3};
        y = ry >= 0 ? ry : y + text_draw_box(tx, welcome, &wb, &sw1) + pad;
    }

    /* bottom: the agent bar and the upload badge (a footer in portrait, one row in landscape) */
    int ah = t->target;
    SDL_Rect agent;
    if (t->portrait) {
        int fh = t->px_body + pad * 2;
        SDL_Rect foot = {0, t->h - fh, t->w, fh};
        draw_rect(d, &foot, t->surface);
        SDL_Rect fl = {0, t->h - fh, t->w, 2};
        draw_rect(d, &fl, t->line);
        draw_pending(a, h, &foot);
        agent = (SDL_Rect){pad, foot.y - pad - ah, t->w - 2 * pad, ah};
    } else {
        int pw = t->w / 4;
        agent = (SDL_Rect){pad, t->h - pad - ah, t->w - 3 * pad - pw, ah};
        SDL_Rect pbox = {t->w - pad - pw, agent.y, pw, ah};
        draw_round_box(d, &pbox, t->radius, t->surface, t->line, 2);
        draw_pending(a, h, &pbox);
    }
    if (ui_app_agent_id(a))
        draw_agent_session(a, &agent);
    else
        draw_agent_bar(a, &agent);

    /* the catalogue's tiles fill what is left, in pages when they do not fit */
    draw_tiles(a, h, &(SDL_Rect){pad, y, t->w - 2 * pad, agent.y - pad - y});
    if (h->pager_top) /* its page count is the grid's, just chosen */
        draw_pager(a, h, &top_bar);
}

/* When a page other than the first, left untouched for the idle timeout
 * (ui.idle_timeout_s), goes back to the first: no session is open on home,
 * so nothing else would take it back. 0 on the first page. */
static uint64_t page_due(const home *h, ui_app *a)
{
    if (h->page == 0)
        return 0;
    return ui_app_last_input(a) +
           (uint64_t)core_config_get_int(ui_app_config(a), "ui.idle_timeout_s", 90) * 1000;
}

/* line with each "·" between a tile's words a pause ("，"), the spaces
 * around it gone: what the speech engine reads. */
static void pauses(const char *line, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = line; *p && o + 4 < n; p++) {
        if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xB7) { /* U+00B7 · */
            while (o > 0 && out[o - 1] == ' ')
                o--;
            memcpy(out + o, "，", 3);
            o += 3;
            p++;
            while (p[1] == ' ')
                p++;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

/* What 读给我听 reads on home: the greeting (for an agent with returned
 * filings, the line in its place); this page's tiles, each its name and what
 * it covers; which page of how many and, where there is a next one, how to
 * get to it; in normal text, how to get large text. */
static void home_speech(const home *h, ui_app *a, char *out, size_t n)
{
    const form_catalog *cat = ui_app_services(a)->forms;
    size_t count = cat ? form_catalog_tile_count(cat) : 0;
    size_t per = (size_t)h->grid.rows * (size_t)h->grid.cols, first = (size_t)h->page * per;
    size_t len = 0;
    out[0] = '\0';
    int returned = returned_count(a);
    if (returned > 0) {
        char line[256], said[320];
        snprintf(line, sizeof line, core_str("home.agent.returned"), returned);
        snprintf(said, sizeof said, "%s，%s", line, core_str("home.agent.returned.go"));
        len = ui_voice_sentence(out, n, len, said);
    } else {
        len = ui_voice_sentence(out, n, len, core_str("home.welcome"));
    }
    for (size_t i = first; i < count && i < first + per; i++) {
        const form_tile *ft = form_catalog_tile_at(cat, i);
        char line[512], said[512];
        const char *sub = form_tile_subtitle(ft);
        snprintf(line, sizeof line, sub[0] ? "%s，%s" : "%s%s", form_tile_label(ft), sub);
        pauses(line, said, sizeof said);
        len = ui_voice_sentence(out, n, len, said);
    }
    if (h->pages > 1) {
        char ind[96];
        snprintf(ind, sizeof ind, core_str("home.page.of"), h->page + 1, h->pages);
        len = ui_voice_sentence(out, n, len, ind);
        if (h->page + 1 < h->pages)
            len = ui_voice_sentence(out, n, len, core_str("home.say.more"));
    }
    if (!ui_app_theme(a)->elderly)
        ui_voice_sentence(out, n, len, core_str("home.hint"));
}

static void home_activate(ui_screen *s, ui_app *a, const char *id)
{
    if (strcmp(id, "home.voice") == 0) {
        char say[2048];
        int code;
        home_speech(s->priv, a, say, sizeof say);
        ui_voicebtn_activate(a, "home.voice", id, say, &code);
    } else if (strcmp(id, "home.elderly") == 0)
        ui_app_set_elderly(a, !ui_app_elderly(a));
    else if (strcmp(id, "tile.agent") == 0)
        ui_app_push(a, ui_agent_signin_new());
    else if (strcmp(id, "home.agent.filings") == 0)
        ui_app_push(a, ui_agent_filings_new(a));
    else if (strcmp(id, "home.agent.returned") == 0)
        ui_app_push(a, ui_agent_returned_new(a));
    else if (strcmp(id, "home.agent.signout") == 0) {
        /* her session ends as 办完了，退出代办 ends it: large text back to the
         * kiosk's own for whoever comes next (it stayed on) */
        ui_app_agent_sign_out(a, "agent");
        ui_app_set_elderly(a, (int)core_config_get_int(ui_app_config(a), "ui.elderly_default", 0));
    }
    else if (strcmp(id, "home.page.prev") == 0 || strcmp(id, "home.page.next") == 0) {
        home *h = s->priv;
        h->page += id[10] == 'n' ? 1 : -1;
        if (h->page < 0)
            h->page = 0;
        ui_app_invalidate(a);
        uint64_t pd = page_due(h, a);
        if (pd)
            ui_app_wake_at(a, pd); /* back to the first page if left there */
    } else if (strncmp(id, "tile.", 5) == 0) {
        const form_catalog *cat = ui_app_services(a)->forms;
        ui_menu_open_tile(a, cat ? form_catalog_tile_find(cat, id + 5) : NULL); /* menu.h */
    }
}

static uint64_t home_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    home *h = s->priv;
    uint64_t pd = page_due(h, a);
    if (pd && now >= pd && ui_app_top(a) == s) {
        h->page = 0;
        pd = 0;
        ui_app_invalidate(a);
    }
    int hr, mi;
    plat_clock_local(NULL, NULL, NULL, &hr, &mi, NULL);
    if (plat_net_state_get() != h->net || (hr * 60 + mi != h->minute && h->clock.w <= 0))
        ui_app_invalidate_rect(a, &h->header); /* the badge: the band alone */
    else if (hr * 60 + mi != h->minute)
        ui_app_invalidate_rect(a, &h->clock); /* a minute: the clock alone */
    sync_engine *se = ui_app_services(a)->sync;
    if (se) { /* the engine also wakes the loop when its state changes (boot.c) */
        sync_status st;
        sync_status_get(se, &st);
        if (sync_sig(&st) != h->sync_net)
            ui_app_invalidate_rect(a, &h->header);
        if (st.status_changes != h->status_changes) { /* the status loop: a filing returned */
            h->status_changes = st.status_changes;
            if (ui_app_agent_id(a))
                ui_app_invalidate(a);
        }
    }
    /* a filing sent or confirmed: the upload badge alone (a wake from the
     * engine marks nothing by itself) */
    if (ui_app_pending(a) != h->pending || ui_app_held(a) != h->held)
        ui_app_invalidate_rect(a, &h->pend_box);
    /* between sessions (home on top, no agent signed in) a newer catalogue
     * the county published is taken: the tiles are drawn from it */
    const ui_services *sv = ui_app_services(a);
    if (sv->catalogue_swap && ui_app_top(a) == s && !ui_app_agent_id(a) &&
        sv->catalogue_swap(sv->catalogue_ud, a))
        ui_app_invalidate(a);
    /* wake at the next minute boundary; a network change or a new catalogue
     * wakes the loop, which calls this at once (plat_net_watch, boot.c);
     * without the watch, in 5 s to look at the network. Counted to the
     * millisecond: from whole seconds it ended up to a second late */
    uint64_t to_minute = (uint64_t)(60000 - plat_clock_wall_ms() % 60000);
    uint64_t next = now + (plat_net_watched() || to_minute < 5000 ? to_minute : 5000);
    if (pd && pd < next) /* and when the page is due back */
        next = pd;
    return ui_tick_min(next, ui_voicebtn_tick(a, now)); /* 读给我听 lit while it speaks */
}

/* The session ended (nobody answered, or the person was done): the next
 * person starts on the first page of tiles, not where the last one left it. */
static void home_session_end(ui_screen *s, ui_app *a, int keep_draft)
{
    (void)keep_draft;
    ((home *)s->priv)->page = 0;
    ui_app_invalidate(a);
}

static const ui_screen_ops HOME_OPS = {"home", home_draw, home_activate, NULL, home_tick,
                                       ui_screen_free};

ui_screen *ui_home_new(void)
{
    ui_screen *s = ui_screen_new(&HOME_OPS, sizeof(home));
    if (!s)
        return NULL;
    ((home *)s->priv)->minute = -1;
    ((home *)s->priv)->returned = -1;
    s->on_timeout = home_session_end;
    return s;
}
