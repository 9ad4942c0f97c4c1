/* form_pick.c — a long choice list on its own screen, see form_pick.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strings.h"
#include "plat_paths.h"
#include "ui/screens/form/form_pick.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"

#define PICK_MAX 128

typedef struct {
    ui_list *list; /* first: ui_list_screen_event / _tick scroll it */
    const form_field *f;
    form_pick_fn done;
    void *ud;
    int n;
    size_t option[PICK_MAX]; /* row -> option index */
    char initial[PICK_MAX];  /* row -> its letter, or 0 */
    char letters[27];        /* the letters that lead some row, in order */
    SDL_Rect list_r;         /* where the list was drawn: what a letter moves */
} pick;

/* The Hanyu Pinyin initial of label from assets/text/initials.txt ("label X"
 * lines), or 0. */
static char initial_of(FILE *fp, const char *label)
{
    char line[256];
    rewind(fp);
    size_t n = strlen(label);
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || strncmp(line, label, n) || line[n] != ' ')
            continue;
        char c = line[n + 1];
        return c >= 'A' && c <= 'Z' ? c : 0;
    }
    return 0;
}

static void order_rows(pick *p)
{
    size_t total = form_field_option_count(p->f);
    p->n = total < PICK_MAX ? (int)total : PICK_MAX;
    for (int i = 0; i < p->n; i++)
        p->option[i] = (size_t)i;
    char path[4096];
    plat_paths_join(path, sizeof path, plat_paths_assets(), "text/initials.txt");
    FILE *fp = fopen(path, "r");
    int all = fp != NULL;
    for (int i = 0; fp && i < p->n; i++) {
        p->initial[i] = initial_of(fp, form_field_option_label(p->f, (size_t)i));
        if (!p->initial[i])
            all = 0;
    }
    if (fp)
        fclose(fp);
    if (!all) { /* the form's order, no letters */
        memset(p->initial, 0, sizeof p->initial);
        return;
    }
    /* stable: by letter, the form's order within a letter */
    for (int i = 1; i < p->n; i++)
        for (int j = i; j > 0 && p->initial[j - 1] > p->initial[j]; j--) {
            char c = p->initial[j];
            p->initial[j] = p->initial[j - 1];
            p->initial[j - 1] = c;
            size_t o = p->option[j];
            p->option[j] = p->option[j - 1];
            p->option[j - 1] = o;
        }
    int k = 0;
    for (int i = 0; i < p->n; i++)
        if (i == 0 || p->initial[i] != p->initial[i - 1])
            p->letters[k++] = p->initial[i];
    p->letters[k] = '\0';
}

static int letter_rows(const pick *p) { return p->letters[0] ? ((int)strlen(p->letters) + 9) / 10 : 0; }

static void pick_draw(ui_screen *s, ui_app *a)
{
    pick *p = s->priv;
    const ui_theme *t = ui_app_theme(a);
    draw_ctx *d = ui_app_draw(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    draw_rect(d, &(SDL_Rect){0, 0, t->w, t->h}, t->bg);
    /* the band: 返回 and the question */
    int bw = text_width(tx, core_str("form.quit"), t->px_label, TEXT_BOLD) + t->unit * 3;
    if (bw < t->target * 3 / 2)
        bw = t->target * 3 / 2;
    int tw = t->w - bw - pad * 3;
    text_style st = {t->px_title, TEXT_BOLD, t->primary_ink, TEXT_LEFT, 0, 0};
    int th = text_measure_box(tx, form_field_label(p->f), tw, &st, NULL);
    int hh = (th > t->target ? th : t->target) + pad;
    draw_rect(d, &(SDL_Rect){0, 0, t->w, hh}, t->primary);
    SDL_Rect back = {pad / 2, (hh - t->target) / 2, bw, t->target};
    ui_button(a, &back, "pick.back", core_str("form.quit"), UI_BTN_SECONDARY);
    SDL_Rect tb = {back.x + bw + pad, (hh - th) / 2, tw, 0};
    text_draw_box(tx, form_field_label(p->f), &tb, &st);
    int y = hh + pad / 2;
    SDL_Rect hb = {pad, y, t->w - 2 * pad, 0};
    y += ui_label(a, &hb, core_str(p->letters[0] ? "pick.hint_letters" : "pick.hint"), t->px_body,
                  TEXT_REGULAR, t->ink, TEXT_LEFT) + pad / 2;
    /* letter keys, ten a row */
    int gap = t->unit / 2, kw = (t->w - 2 * pad - 9 * gap) / 10, kh = t->target;
    for (int i = 0; p->letters[i]; i++) {
        char id[32], label[2] = {p->letters[i], 0};
        snprintf(id, sizeof id, "pick.letter.%c", p->letters[i]);
        SDL_Rect kr = {pad + (i % 10) * (kw + gap), y + (i / 10) * (kh + gap), kw, kh};
        ui_button(a, &kr, id, label, UI_BTN_KEY);
    }
    y += letter_rows(p) * (kh + gap) + (p->letters[0] ? pad / 2 : 0);
    SDL_Rect lr = {pad, y, t->w - 2 * pad, t->h - y - pad};
    p->list_r = lr;
    ui_list_draw(p->list, a, &lr);
}

static void pick_activate(ui_screen *s, ui_app *a, const char *id)
{
    pick *p = s->priv;
    if (!strncmp(id, "pick.letter.", 12)) {
        /* the list jumps to the letter: the list alone (the key's press is
         * the app's to mark) */
        for (int i = 0; i < p->n; i++)
            if (p->initial[i] == id[12]) {
                ui_list_top_row(p->list, i);
                break;
            }
        if (p->list_r.w > 0)
            ui_app_invalidate_rect(a, &p->list_r);
        else
            ui_app_invalidate(a);
        return;
    }
    ui_app_invalidate(a);
    if (!strcmp(id, "pick.back")) {
        ui_app_pop(a);
        return;
    }
    if (ui_list_activate(p->list, a, id)) {
        int row = ui_list_take_tapped(p->list);
        if (row < 0 || row >= p->n)
            return;
        form_pick_fn done = p->done;
        void *ud = p->ud;
        const form_field *f = p->f;
        size_t option = p->option[row];
        ui_app_pop(a); /* frees p */
        done(ud, a, f, option);
    }
}

static void pick_destroy(ui_screen *s)
{
    pick *p = s->priv;
    ui_list_free(p->list);
    ui_screen_free(s);
}

static const ui_screen_ops PICK_OPS = {"form_pick", pick_draw, pick_activate,
                                       ui_list_screen_event, ui_list_screen_tick, pick_destroy};

ui_screen *form_pick_new(const form_field *f, const char *current, form_pick_fn done, void *ud)
{
    ui_screen *s = ui_screen_new(&PICK_OPS, sizeof(pick));
    if (!s)
        return NULL;
    pick *p = s->priv;
    p->f = f;
    p->done = done;
    p->ud = ud;
    p->list = ui_list_new("pick.list", UI_LIST_SINGLE);
    if (!p->list) {
        pick_destroy(s);
        return NULL;
    }
    order_rows(p);
    for (int i = 0; i < p->n; i++) {
        ui_list_add(p->list, form_field_option_label(f, p->option[i]), NULL);
        if (current && !strcmp(current, form_field_option_value(f, p->option[i]))) {
            ui_list_set_chosen(p->list, i, 1);
            ui_list_top_row(p->list, i);
        }
    }
    return s;
}
