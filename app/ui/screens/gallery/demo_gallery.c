/* demo_gallery.c — the widget gallery screens (see demo_gallery.h). */
#include "ui/screens/gallery/demo_gallery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plat_clock.h"
#include "core/strings.h"
#include "ui/widgets/voicebtn.h"
#include "ui/widgets/widget.h"

static const char *PAGES[] = {"buttons", "list", "multi", "date", "dialog",
                              "kb-digits", "kb-money", "kb-id", "kb-pinyin", "kb-hand",
                              "kb-alnum"};
#define NPAGES (int)(sizeof PAGES / sizeof PAGES[0])

typedef struct {
    int page;
    ui_list *list;
    ui_datepick *date;
    ui_dialog *dlg;
    ui_toast *toast;
    kb *kb;
    int confirmed;
    char err[128];
    SDL_Rect field; /* where the field was drawn last */
} demo;

const char *ui_demo_page_at(int i) { return i >= 0 && i < NPAGES ? PAGES[i] : NULL; }

static demo *D(ui_screen *s) { return s && s->priv ? s->priv : NULL; }
ui_list *ui_demo_list(ui_screen *s) { return D(s) ? D(s)->list : NULL; }
ui_datepick *ui_demo_datepick(ui_screen *s) { return D(s) ? D(s)->date : NULL; }
kb *ui_demo_kb(ui_screen *s) { return D(s) ? D(s)->kb : NULL; }
int ui_demo_confirmed(ui_screen *s) { return D(s) ? D(s)->confirmed : 0; }

static const char *page_title(const demo *m)
{
    switch (m->page) {
    case 0: return core_str("demo.buttons");
    case 1: return core_str("demo.single");
    case 2: return core_str("demo.multi");
    case 3: return core_str("demo.date");
    case 4: return core_str("demo.dialog_title");
    case 5: return core_str("demo.field_phone");
    case 6: return core_str("demo.field_money");
    case 7: return core_str("demo.field_id");
    default: return core_str("demo.field_name");
    }
}

/* Header band: back button, title, speaker. Returns its height. */
static int header(ui_app *a, demo *m)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit, vs = ui_voicebtn_size(a);
    int hh = vs + 2 * pad;
    SDL_Rect band = {0, 0, t->w, hh};
    draw_rect(ui_app_draw(a), &band, t->primary);
    int bw = text_width(ui_app_text(a), core_str("common.back"), t->px_label, TEXT_BOLD) +
             t->unit * 3;
    if (bw < t->target)
        bw = t->target;
    SDL_Rect back = {pad, pad + (vs - t->target) / 2, bw, t->target};
    ui_button(a, &back, "demo.back", core_str("common.back"), UI_BTN_SECONDARY);
    SDL_Rect voice = {t->w - pad - vs, pad, vs, vs};
    ui_voicebtn(a, &voice, "demo.voice");
    text_style s = {t->px_title, TEXT_BOLD, t->primary_ink, TEXT_CENTER, 0, 1};
    int tx0 = back.x + back.w + pad, tw = voice.x - pad - tx0;
    s.px = text_fit_px(ui_app_text(a), page_title(m), tw, t->px_title, t->px_body, TEXT_BOLD);
    SDL_Rect tb = {tx0, (hh - text_line_height(ui_app_text(a), s.px)) / 2, tw, 0};
    text_draw_box(ui_app_text(a), page_title(m), &tb, &s);
    return hh;
}

static void draw_buttons_page(ui_app *a, demo *m, int y)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, w = t->w - 2 * pad, bh = ui_button_height(a);
    y += ui_stepper(a, pad, y, w, 3, 7, core_str("demo.field_name")) + pad;
    SDL_Rect lb = {pad, y, w, 0};
    y += ui_label(a, &lb, core_str("demo.label_long"), t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT) +
         pad;
    int half = (w - pad) / 2;
    SDL_Rect b1 = {pad, y, half, bh}, b2 = {pad + half + pad, y, w - half - pad, bh};
    ui_button(a, &b1, "demo.next", core_str("common.next"), UI_BTN_PRIMARY);
    ui_button(a, &b2, "demo.cancel", core_str("common.back"), UI_BTN_SECONDARY);
    y += bh + pad;
    SDL_Rect b3 = {pad, y, half, bh}, b4 = {pad + half + pad, y, w - half - pad, bh};
    ui_button(a, &b3, "demo.ok", core_str("common.ok"), UI_BTN_OK);
    ui_button(a, &b4, "demo.clear", core_str("kb.clear"), UI_BTN_DANGER);
    y += bh + pad;
    SDL_Rect b5 = {pad, y, half, bh}, b6 = {pad + half + pad, y, w - half - pad, bh};
    ui_button_disabled(a, &b5, core_str("common.next"));
    ui_button(a, &b6, "demo.toast", core_str("common.ok"), UI_BTN_SECONDARY);
    y += bh + pad;
    int th = t->elderly ? t->target * 5 / 2 : t->target * 2;
    SDL_Rect t1 = {pad, y, half, th}, t2 = {pad + half + pad, y, w - half - pad, th};
    ui_tile(a, &t1, "demo.tile1", core_str("tile.pension.glyph"), core_str("tile.pension"),
            core_str("tile.pension.sub"), t->tile[0]);
    ui_tile(a, &t2, "demo.tile2", core_str("tile.elderly.glyph"), core_str("tile.elderly"),
            core_str("tile.elderly.sub"), t->tile[3]);
}

static void draw_kb_page(ui_app *a, demo *m, int y)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, w = t->w - 2 * pad;
    int kh = kb_height(m->kb, a);
    int ky = t->h - pad - kh;
    if (!t->portrait) {
        /* landscape: prompt and field on the left, the keyboard on the right */
        int lw = (w - pad) * 2 / 5, kx = pad + lw + pad;
        SDL_Rect lb = {pad, y, lw, 0};
        y += ui_label(a, &lb, core_str("demo.kb_prompt"), t->px_body, TEXT_REGULAR, t->ink_soft,
                      TEXT_LEFT) + pad;
        int fh = ui_field(a, pad, y, lw, "demo.field", page_title(m), kb_text(m->kb),
                          kb_composing(m->kb), 1, m->err);
        m->field = (SDL_Rect){pad, y, lw, fh};
        SDL_Rect kr = {kx, ky, t->w - pad - kx, kh};
        kb_draw(m->kb, a, &kr);
        return;
    }
    SDL_Rect lb = {pad, y, w, 0};
    y += ui_label(a, &lb, core_str("demo.kb_prompt"), t->px_body,
                  TEXT_REGULAR, t->ink_soft, TEXT_LEFT) + pad;
    (void)y;
    /* the field sits just above the keyboard, where the eyes are */
    int fh = ui_field_height(a, m->err[0] != 0);
    int fy = ky - pad - fh;
    ui_field(a, pad, fy, w, "demo.field", page_title(m), kb_text(m->kb), kb_composing(m->kb), 1,
             m->err);
    m->field = (SDL_Rect){pad, fy, w, fh};
    SDL_Rect kr = {pad, ky, w, kh};
    kb_draw(m->kb, a, &kr);
}

static void demo_draw(ui_screen *s, ui_app *a)
{
    demo *m = s->priv;
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, w = t->w - 2 * pad, bh = ui_button_height(a);
    int y = header(a, m) + pad;
    switch (m->page) {
    case 0:
        draw_buttons_page(a, m, y);
        break;
    case 1:
    case 2: {
        y += ui_stepper(a, pad, y, w, m->page == 1 ? 2 : 5, 7, page_title(m)) + pad;
        SDL_Rect lb = {pad, y, w, 0};
        y += ui_label(a, &lb, core_str(m->page == 1 ? "demo.prompt" : "demo.prompt_multi"),
                      t->px_body, TEXT_REGULAR, t->ink_soft, TEXT_LEFT) + pad;
        SDL_Rect next = {pad, t->h - pad - bh, w, bh};
        SDL_Rect lr = {pad, y, w, next.y - pad - y};
        ui_list_draw(m->list, a, &lr);
        if (m->page == 1 && ui_list_choice(m->list) < 0)
            ui_button_disabled(a, &next, core_str("common.next"));
        else
            ui_button(a, &next, "demo.next", core_str("common.next"), UI_BTN_PRIMARY);
        break;
    }
    case 3: {
        y += ui_stepper(a, pad, y, w, 4, 7, page_title(m)) + pad;
        SDL_Rect next = {pad, t->h - pad - bh, w, bh};
        int dh = ui_datepick_height(a);
        SDL_Rect dr = {pad, y, w, dh < next.y - pad - y ? dh : next.y - pad - y};
        ui_datepick_draw(m->date, a, &dr);
        ui_button(a, &next, "demo.next", core_str("common.next"), UI_BTN_PRIMARY);
        break;
    }
    case 4: {
        SDL_Rect lb = {pad, y, w, 0};
        y += ui_label(a, &lb, core_str("demo.label_long"), t->px_body, TEXT_REGULAR, t->ink,
                      TEXT_LEFT) + pad;
        SDL_Rect sub = {pad, y, w, bh};
        ui_button(a, &sub, "demo.submit", core_str("demo.dialog_ok"), UI_BTN_PRIMARY);
        break;
    }
    default:
        draw_kb_page(a, m, y);
        break;
    }
    ui_toast_draw(m->toast, a);
    ui_dialog_draw(m->dlg, a);
}

static void check_field(demo *m)
{
    m->err[0] = '\0';
    const char *v = kb_text(m->kb);
    if (m->page == 5 && *v && (strlen(v) != 11 || v[0] != '1' || v[1] < '3'))
        snprintf(m->err, sizeof m->err, "%s", core_str("demo.phone_bad"));
}

/* The keyboard took a key: it marks its own letters and candidates, the field
 * (its text, the letters being composed) is this screen's to mark; a changed
 * message changes the field's height, so then the whole screen. */
static void kb_typed(demo *m, ui_app *a)
{
    char before[sizeof m->err];
    memcpy(before, m->err, sizeof before);
    if (kb_take_changed(m->kb))
        check_field(m);
    if (strcmp(before, m->err))
        ui_app_invalidate(a);
    else
        ui_app_invalidate_rect(a, &m->field);
}

static void demo_activate(ui_screen *s, ui_app *a, const char *id)
{
    demo *m = s->priv;
    int result, code;
    if (ui_dialog_activate(m->dlg, a, id, &result)) {
        if (result == UI_DIALOG_OK) {
            m->confirmed++;
            ui_toast_show(m->toast, a, core_str("demo.toast"), 3000);
        }
        return;
    }
    if (ui_voicebtn_activate(a, "demo.voice", id, core_str("demo.prompt"), &code)) {
        if (code < 0)
            ui_toast_show(m->toast, a, core_str(ui_voice_error_key(code)), 3000);
        return;
    }
    if (m->list && ui_list_activate(m->list, a, id))
        return;
    if (m->date && ui_datepick_activate(m->date, a, id))
        return;
    if (m->kb && kb_activate(m->kb, a, id)) {
        kb_typed(m, a);
        return;
    }
    if (!strcmp(id, "demo.back")) {
        ui_app_pop(a);
    } else if (!strcmp(id, "demo.submit")) {
        ui_dialog_open(m->dlg, core_str("demo.dialog_title"), core_str("demo.dialog_body"),
                       core_str("demo.dialog_ok"), core_str("demo.dialog_cancel"));
        ui_app_invalidate(a);
    } else if (!strcmp(id, "demo.next")) {
        m->confirmed++;
        ui_app_invalidate(a);
    } else if (!strcmp(id, "demo.toast")) {
        ui_toast_show(m->toast, a, core_str("demo.toast"), 3000);
    }
}

static int demo_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    demo *m = s->priv;
    if (ui_dialog_is_open(m->dlg))
        return 0; /* modal: nothing under it moves */
    if (m->list && ui_list_event(m->list, a, ev))
        return 1;
    if (m->date && ui_datepick_event(m->date, a, ev))
        return 1;
    if (m->kb && kb_event(m->kb, a, ev)) {
        kb_typed(m, a);
        return 1;
    }
    return 0;
}

static uint64_t demo_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    demo *m = s->priv;
    uint64_t next = ui_toast_tick(m->toast, a, now);
    if (m->list)
        next = ui_tick_min(next, ui_list_tick(m->list, a, now));
    return ui_tick_min(next, ui_voicebtn_tick(a, now));
}

static void demo_destroy(ui_screen *s)
{
    demo *m = s->priv;
    ui_list_free(m->list);
    ui_datepick_free(m->date);
    ui_dialog_free(m->dlg);
    ui_toast_free(m->toast);
    kb_free(m->kb);
    ui_screen_free(s);
}

/* A form keeps or drops its draft here; the gallery has nothing to keep. */
static void demo_timeout(ui_screen *s, ui_app *a, int keep_draft)
{
    demo *m = s->priv;
    if (m->kb)
        kb_clear(m->kb);
}

static const ui_screen_ops DEMO_OPS = {"demo", demo_draw, demo_activate, demo_event, demo_tick,
                                       demo_destroy};

static int fill(demo *m)
{
    static const char *KINDS[][2] = {{"demo.kind.normal", NULL},
                                     {"demo.kind.dibao", "demo.sub.dibao"},
                                     {"demo.kind.tekun", NULL},
                                     {"demo.kind.disabled", NULL},
                                     {"demo.kind.other", NULL}};
    if (m->page == 1) {
        m->list = ui_list_new("demo.list", UI_LIST_SINGLE);
        for (size_t i = 0; m->list && i < sizeof KINDS / sizeof KINDS[0]; i++)
            ui_list_add(m->list, core_str(KINDS[i][0]), KINDS[i][1] ? core_str(KINDS[i][1]) : NULL);
        return m->list != NULL;
    }
    if (m->page == 2) {
        m->list = ui_list_new("demo.list", UI_LIST_MULTI);
        for (int i = 1; m->list && i <= 16; i++) {
            char key[32];
            snprintf(key, sizeof key, "demo.need.%d", i);
            ui_list_add(m->list, core_str(key), NULL);
        }
        if (m->list)
            ui_list_set_chosen(m->list, 0, 1);
        return m->list != NULL;
    }
    if (m->page == 3) {
        int y, mo, d;
        plat_clock_local(&y, &mo, &d, NULL, NULL, NULL);
        m->date = ui_datepick_new("demo.date", (ui_date){1900, 1, 1}, (ui_date){y, mo, d},
                                  (ui_date){1950, 1, 1});
        return m->date != NULL;
    }
    if (m->page >= 5) {
        static const kb_kind K[] = {KB_DIGITS, KB_MONEY, KB_IDCARD, KB_PINYIN, KB_HAND, KB_ALNUM};
        m->kb = kb_new("kb", K[m->page - 5]);
        return m->kb != NULL;
    }
    return 1;
}

ui_screen *ui_demo_new(const char *page)
{
    int p = -1;
    for (int i = 0; i < NPAGES; i++)
        if (page && !strcmp(page, PAGES[i]))
            p = i;
    if (p < 0)
        return NULL;
    ui_screen *s = ui_screen_new(&DEMO_OPS, sizeof(demo));
    if (!s)
        return NULL;
    demo *m = s->priv;
    m->page = p;
    m->dlg = ui_dialog_new("demo.dlg");
    m->toast = ui_toast_new();
    s->on_timeout = demo_timeout;
    if (!m->dlg || !m->toast || !fill(m)) {
        demo_destroy(s);
        return NULL;
    }
    if (p == 4)
        ui_dialog_open(m->dlg, core_str("demo.dialog_title"), core_str("demo.dialog_body"),
                       core_str("demo.dialog_ok"), core_str("demo.dialog_cancel"));
    return s;
}
