/* agent_consent.c — the villager's consent to a proxy filing (他人代办授权): a
 * short statement, a signature pad for the finger, and the consent record
 * (agent id, villager key, signature file and its SHA-256, time) handed back
 * as JSON. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui/screens/agent/agent_int.h"
#include "ui/screens/agent/agent_screens.h"
#include "core/grow.h"
#include "core/utf8.h"
#include "core/log.h"
#include "plat_clock.h"
#include "plat_paths.h"
#include "core/pngio.h"
#include "core/strings.h"
#include "core/uuid.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_ink.h"
#include "ui/widgets/voicebtn.h"
#include "ui/core/session.h"
#include "ui/core/services.h"

#define MAX_POINTS 8192
#define MAX_STROKES 256
#define INK_R 4 /* stroke half-width in pixels, on screen and in the file */

/* ---- the record ---- */

static int read_all(const char *path, unsigned char **buf, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 0, len = 0;
    unsigned char *b = NULL;
    int bad;
    while (!(bad = core_grow(&b, &cap, len + 1, 1, 65536))) {
        len += fread(b + len, 1, cap - len, f);
        if (len < cap)
            break;
    }
    bad = bad || ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return -1;
    }
    *buf = b;
    *n = len;
    return 0;
}

int ui_consent_record(store *st, const char *agent_id, const char *id_number, const char *data_dir,
                      const char *sig_rel, int64_t signed_at_ms, char **json, char *err,
                      size_t errlen)
{
    *json = NULL;
    if (!st || !agent_id || !*agent_id || !data_dir || !sig_rel) {
        snprintf(err, errlen, "missing store, agent or signature");
        return -1;
    }
    char key[STORE_KEY_LEN + 1];
    if (store_villager_key(st, id_number, key) != STORE_OK) {
        snprintf(err, errlen, "the villager's ID number is not valid");
        return -1;
    }
    char path[1024];
    if (!plat_paths_join(path, sizeof path, data_dir, sig_rel)) {
        snprintf(err, errlen, "signature path too long");
        return -1;
    }
    unsigned char *png = NULL;
    size_t n = 0;
    if (read_all(path, &png, &n) != 0) {
        snprintf(err, errlen, "cannot read the signature file %s", sig_rel);
        return -1;
    }
    /* width and height from the PNG header (IHDR) */
    int w = 0, h = 0;
    if (n >= 24 && !memcmp(png, "\x89PNG\r\n\x1a\n", 8) && !memcmp(png + 12, "IHDR", 4)) {
        w = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        h = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, png, n);
    sodium_memzero(png, n);
    free(png);
    if (w <= 0 || h <= 0) {
        snprintf(err, errlen, "the signature file %s is not a PNG", sig_rel);
        return -1;
    }
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    cJSON *o = cJSON_CreateObject();
    cJSON *sig = cJSON_CreateObject();
    int ok = o && sig && cJSON_AddStringToObject(o, "agent_id", agent_id) &&
             cJSON_AddStringToObject(o, "villager_key", key) &&
             cJSON_AddItemToObject(o, "signature", sig) &&
             cJSON_AddStringToObject(sig, "file", sig_rel) &&
             cJSON_AddStringToObject(sig, "sha256", hex) &&
             cJSON_AddNumberToObject(sig, "width", w) && cJSON_AddNumberToObject(sig, "height", h) &&
             cJSON_AddNumberToObject(o, "signed_at_ms", (double)signed_at_ms) &&
             cJSON_AddStringToObject(o, "statement", "agent.consent.v1");
    if (!ok && sig && !cJSON_GetObjectItemCaseSensitive(o, "signature"))
        cJSON_Delete(sig);
    *json = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!*json) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* ---- the signature ---- */

typedef struct {
    char agent_id[UI_AGENT_ID_MAX + 1], agent_name[UI_AGENT_NAME_MAX + 1];
    char item[160], villager[96], id_number[20], uuid[40];
    ui_consent_done_fn done;
    void *ud;
    SDL_Point pts[MAX_POINTS];
    int ends[MAX_STROKES];
    ui_ink ink;            /* the signature, over pts and ends */
    SDL_Rect pad;          /* where the pad was drawn (canvas pixels) */
    char error[160];       /* shown when saving failed */
} consent;

static void stamp(uint8_t *px, int w, int h, int cx, int cy)
{
    for (int dy = -INK_R; dy <= INK_R; dy++)
        for (int dx = -INK_R; dx <= INK_R; dx++) {
            int x = cx + dx, y = cy + dy;
            if (dx * dx + dy * dy > INK_R * INK_R || x < 0 || y < 0 || x >= w || y >= h)
                continue;
            uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
            p[0] = 20;
            p[1] = 30;
            p[2] = 60;
        }
}

/* Renders the strokes into a white RGBA image the size of the pad. */
static uint8_t *rasterize(const consent *c, int w, int h)
{
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    if (!px)
        return NULL;
    memset(px, 255, (size_t)w * (size_t)h * 4);
    int start = 0;
    for (int s = 0; s < c->ink.nstrokes; s++) {
        for (int i = start; i < c->ends[s]; i++) {
            SDL_Point a = c->pts[i], b = i + 1 < c->ends[s] ? c->pts[i + 1] : c->pts[i];
            int steps = abs(b.x - a.x) > abs(b.y - a.y) ? abs(b.x - a.x) : abs(b.y - a.y);
            for (int k = 0; k <= steps; k++) {
                int x = steps ? a.x + (b.x - a.x) * k / steps : a.x;
                int y = steps ? a.y + (b.y - a.y) * k / steps : a.y;
                stamp(px, w, h, x, y);
            }
        }
        start = c->ends[s];
    }
    return px;
}

static int save_signature(consent *c, char *rel, size_t reln, char *err, size_t errlen)
{
    if (plat_paths_ensure_data() != 0) {
        snprintf(err, errlen, "cannot create the data folder");
        return -1;
    }
    char dir[1024], path[1100];
    plat_paths_join(dir, sizeof dir, plat_paths_data(), "consent");
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create the consent folder");
        return -1;
    }
    snprintf(rel, reln, "consent/%s.png", c->uuid);
    plat_paths_join(path, sizeof path, plat_paths_data(), rel);
    uint8_t *px = rasterize(c, c->pad.w, c->pad.h);
    if (!px) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = core_png_write(path, px, c->pad.w, c->pad.h, err, errlen);
    free(px);
    return rc;
}

/* ---- the screen ---- */

static void statement(const consent *c, char *out, size_t n)
{
    size_t len = strlen(c->id_number);
    const char *tail = len >= 4 ? c->id_number + len - 4 : ""; /* 身份证尾号 only */
    snprintf(out, n, core_str("consent.statement"), c->villager, tail, c->agent_name,
             c->agent_id, c->item);
}

/* What its 读给我听 reads: the statement she signs, then where to sign. */
static void cs_speech(const consent *c, char *out, size_t n)
{
    char text[768];
    statement(c, text, sizeof text);
    size_t len = ui_voice_sentence(out, n, 0, text);
    ui_voice_sentence(out, n, len, core_str("consent.sign_here"));
    memset(text, 0, sizeof text);
}

/* Portrait: the statement, where to sign and the pad one under the other.
 * Wider than tall (a tablet, a landscape kiosk), the statement takes the
 * left column (its text smaller where the column is too short for it) and
 * where to sign and the pad the right one, as tall as the room above the
 * buttons: under each other the statement left the pad a sliver in large
 * text. */
static void cs_draw(ui_screen *s, ui_app *a)
{
    consent *c = s->priv;
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    int top = agent_draw_band(a, core_str("consent.title"), NULL, NULL, NULL) + pad;
    int y = top;
    char text[768];
    statement(c, text, sizeof text);
    text_style sb = {t->px_label, TEXT_REGULAR, t->ink, TEXT_LEFT, 40, 0};
    int cw = t->w - 2 * pad;
    int side = !t->portrait, lw = side ? (cw - pad) / 2 : cw; /* the statement's column */
    /* buttons at the bottom; the pad takes what is between */
    int bh = ui_button_height(a);
    int by = t->h - pad - bh;
    int ey = by;
    int th = text_measure_box(tx, text, lw - 2 * pad, &sb, NULL);
    while (side && th + 2 * pad > by - pad - y && sb.px > t->px_small) { /* a short column */
        sb.px = sb.px * 9 / 10 > t->px_small ? sb.px * 9 / 10 : t->px_small;
        th = text_measure_box(tx, text, lw - 2 * pad, &sb, NULL);
    }
    SDL_Rect card = {pad, y, lw, th + 2 * pad};
    draw_round_box(d, &card, t->radius, t->surface, t->line, 2);
    SDL_Rect tb = {pad * 2, y + pad, lw - 2 * pad, 0};
    text_draw_box(tx, text, &tb, &sb);
    memset(text, 0, sizeof text);
    y = side ? top : y + card.h + pad;
    int px = side ? pad + lw + pad : pad, pw = side ? cw - lw - pad : cw;
    text_style sh = {t->px_label, TEXT_BOLD, t->primary, TEXT_LEFT, 0, 2};
    SDL_Rect hb = {px, y, pw, 0};
    y += text_draw_box(tx, core_str("consent.sign_here"), &hb, &sh) + t->unit;
    if (c->error[0]) {
        text_style se = {t->px_body, TEXT_BOLD, t->danger, TEXT_LEFT, 0, 2};
        ey -= text_line_height(tx, t->px_body) * 2 + t->unit;
        SDL_Rect eb = {pad, ey, cw, 0};
        text_draw_box(tx, c->error, &eb, &se);
    }
    int ph = ey - pad - y;
    int max_h = t->portrait ? t->h / 3 : t->h / 2;
    if (ph > max_h && !side)
        ph = max_h;
    SDL_Rect p = {px, y, pw, ph};
    c->pad = p;
    ui_app_target(a, &p, "consent.pad"); /* strokes arrive as raw events */
    draw_round_box(d, &p, t->radius, (SDL_Color){255, 255, 255, 255},
                   c->ink.inking ? t->primary : t->ink_soft, 4);
    /* a baseline to sign on */
    SDL_Rect base = {p.x + pad, p.y + p.h * 3 / 4, p.w - 2 * pad, 2};
    draw_rect(d, &base, t->line);
    if (!c->ink.npts) {
        text_style sp = {t->px_title, TEXT_REGULAR, t->line, TEXT_CENTER, 0, 1};
        SDL_Rect pb = {p.x, p.y + (p.h - text_line_height(tx, t->px_title)) / 2, p.w, 0};
        text_draw_box(tx, core_str("consent.pad_hint"), &pb, &sp);
    }
    int start = 0;
    SDL_Color ink = {20, 30, 60, 255};
    for (int st = 0; st <= c->ink.nstrokes; st++) {
        int end = st < c->ink.nstrokes ? c->ends[st] : (c->ink.inking ? c->ink.npts : start);
        for (int i = start; i < end; i++) {
            SDL_Point p0 = ui_ink_at(&c->ink, i, &p);
            SDL_Point p1 = i + 1 < end ? ui_ink_at(&c->ink, i + 1, &p) : p0;
            draw_line(d, p0.x, p0.y, p1.x, p1.y, INK_R * 2, ink);
        }
        start = end;
    }
    /* 读给我听 | 取消 | 重签 | 确认签名 */
    int gap = t->unit, vw = ui_voicebtn_size(a);
    SDL_Rect vb = {pad, by, vw, bh};
    ui_voicebtn(a, &vb, "consent.voice");
    int bx = pad + vw + gap, bw = cw - vw - gap;
    int w3 = (bw - 2 * gap) / 4;
    SDL_Rect bc = {bx, by, w3, bh}, br = {bx + w3 + gap, by, w3, bh};
    SDL_Rect bo = {br.x + w3 + gap, by, bw - 2 * w3 - 2 * gap, bh};
    ui_button(a, &bc, "consent.cancel", core_str("consent.cancel"), UI_BTN_SECONDARY);
    if (c->ink.nstrokes)
        ui_button(a, &br, "consent.clear", core_str("consent.clear"), UI_BTN_SECONDARY);
    else
        ui_button_disabled(a, &br, core_str("consent.clear"));
    /* 确认 once the ink can be a signature: not for a dot or a swipe */
    if (ui_ink_signs(&c->ink, p.w, p.h))
        ui_button(a, &bo, "consent.ok", core_str("consent.ok"), UI_BTN_OK);
    else
        ui_button_disabled(a, &bo, core_str("consent.ok"));
}

static int cs_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    consent *c = s->priv;
    if (ev->type == PLAT_EV_DOWN && c->ink.npts >= MAX_POINTS)
        return 0; /* no room for another stroke */
    int had_error = c->error[0] != '\0';
    int r = ui_ink_event(&c->ink, &c->pad, ev);
    if (r == UI_INK_UNUSED)
        return 0;
    c->error[0] = '\0';
    if (r == UI_INK_DRAWN && !had_error) {
        /* a stroke begun or drawn on: the pad alone (its hint, its border,
         * the ink; a margin for the ink's width); its end turns 确认 on */
        int m = ui_app_theme(a)->unit;
        SDL_Rect pr = {c->pad.x - m, c->pad.y - m, c->pad.w + 2 * m, c->pad.h + 2 * m};
        ui_app_invalidate_rect(a, &pr);
    } else {
        ui_app_invalidate(a);
    }
    return 1;
}

static void finish(ui_app *a, ui_consent_done_fn done, void *ud, const char *json)
{
    ui_app_pop(a); /* destroys the screen */
    if (done)
        done(ud, a, json);
}

static void cs_activate(ui_screen *s, ui_app *a, const char *id)
{
    consent *c = s->priv;
    if (!strcmp(id, "consent.voice")) { /* a second tap stops the speech */
        char say[1024];
        cs_speech(c, say, sizeof say);
        int code;
        ui_voicebtn_activate(a, "consent.voice", id, say, &code);
        memset(say, 0, sizeof say);
        return;
    }
    if (!strcmp(id, "consent.cancel")) {
        core_log(CORE_LOG_INFO, "agent", "consent cancelled (agent %s)", c->agent_id);
        finish(a, c->done, c->ud, NULL);
    } else if (!strcmp(id, "consent.clear")) {
        ui_ink_clear(&c->ink);
        ui_app_invalidate(a);
    } else if (!strcmp(id, "consent.ok") && ui_ink_signs(&c->ink, c->pad.w, c->pad.h)) {
        char rel[96], err[256] = "";
        char *json = NULL;
        int64_t now_ms = plat_clock_wall() * 1000;
        store *st = ui_app_services(a)->store;
        if (save_signature(c, rel, sizeof rel, err, sizeof err) != 0 ||
            ui_consent_record(st, c->agent_id, c->id_number, plat_paths_data(), rel, now_ms, &json,
                              err, sizeof err) != 0) {
            core_log(CORE_LOG_ERROR, "agent", "consent not saved: %s", err);
            snprintf(c->error, sizeof c->error, "%s", core_str("consent.save_failed"));
            ui_app_invalidate(a);
            return;
        }
        if (st)
            store_audit_add(st, STORE_ACTOR_AGENT, c->agent_id, "agent.consent", c->uuid, NULL);
        finish(a, c->done, c->ud, json);
        free(json);
    }
}

static void cs_destroy(ui_screen *s)
{
    consent *c = s->priv;
    sodium_memzero(c, sizeof *c); /* the ID number, the name and the strokes */
    ui_screen_free(s);
}

static uint64_t cs_tick(ui_screen *s, ui_app *a, uint64_t now_ms)
{
    (void)s;
    return ui_voicebtn_tick(a, now_ms);
}

static const ui_screen_ops CS_OPS = {"agent_consent", cs_draw, cs_activate, cs_event, cs_tick,
                                     cs_destroy};

ui_screen *ui_consent_new(ui_app *a, const ui_consent_req *req, ui_consent_done_fn done, void *ud)
{
    store *st = ui_app_services(a)->store;
    char key[STORE_KEY_LEN + 1];
    if (!req || !ui_app_agent_id(a) || !st || store_villager_key(st, req->id_number, key) != 0)
        return NULL;
    ui_screen *s = ui_screen_new(&CS_OPS, sizeof(consent));
    if (!s)
        return NULL;
    consent *c = s->priv;
    c->ink = (ui_ink){.pts = c->pts, .ends = c->ends, .max_pts = MAX_POINTS,
                      .max_strokes = MAX_STROKES};
    snprintf(c->agent_id, sizeof c->agent_id, "%s", ui_app_agent_id(a));
    snprintf(c->agent_name, sizeof c->agent_name, "%s", ui_app_agent_name(a));
    utf8_copy(c->item, sizeof c->item, req->item_title ? req->item_title : ""); /* cut between characters */
    utf8_copy(c->villager, sizeof c->villager, req->villager_name ? req->villager_name : "");
    snprintf(c->id_number, sizeof c->id_number, "%s", req->id_number);
    if (req->filing_uuid && core_uuid_valid(req->filing_uuid))
        snprintf(c->uuid, sizeof c->uuid, "%s", req->filing_uuid);
    else if (core_uuid_v4(c->uuid) != 0) {
        cs_destroy(s);
        return NULL;
    }
    c->done = done;
    c->ud = ud;
    return s;
}
