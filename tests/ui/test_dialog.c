/* test_dialog.c — a dialog is a layer over the screen (ui_app_layer).
 *
 * A screen of one flat colour, with a small box that can change colour and
 * a dialog (ui_dialog) over it, at 1080x1920 and 1920x1080, in normal and
 * large text:
 *   - drawn in full, every pixel of the screen is dimmed or covered by the
 *     card: no pixel keeps the screen's colour (the shade is drawn around
 *     the card, the card's corners blending over the shade), and a pixel
 *     beside the card shows the shade's arithmetic;
 *   - the dialog opened over the screen shown: the frame draws the screen
 *     under it again only where it changed (nothing, or the small box when
 *     its colour changed with the dialog), then the shade and the card over
 *     all of it, and equals the same frame drawn in full;
 *   - the dialog closed: the screen as it was, equal to a full frame.
 * And under the card (its opaque part, ui_app_layer's cover): a box and a
 * line of text, drawn in the first frame, left undrawn by the next frames
 * drawn in full while the dialog stays (the box's pixel, read as the screen
 * draws, still the card's), those frames' pixels the same as the first's;
 * a frame drawn in full at once after the card shrank or the dialog closed
 * draws them again (and equals the frame after it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui/core/draw.h"
#include "ui/core/session.h"
#include "ui/widgets/widget.h"
#include "uitest.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const SDL_Color FLAT = {250, 20, 240, 255};

typedef struct {
    ui_dialog *dlg;
    int tone;  /* the small box's colour */
    int under; /* a box and a line of text in the middle, under the card */
    Uint32 seen; /* the canvas at the middle box's centre once it was drawn */
} flat;

static const SDL_Color MID = {10, 120, 230, 255};

static void flat_draw(ui_screen *s, ui_app *a)
{
    flat *f = s->priv;
    draw_ctx *d = ui_app_draw(a);
    const ui_theme *t = ui_app_theme(a);
    SDL_Rect all = {0, 0, t->w, t->h}, box = {t->w / 10, t->h / 10, 60, 40};
    draw_rect(d, &all, FLAT);
    draw_rect(d, &box, f->tone ? (SDL_Color){20, 200, 40, 255} : (SDL_Color){30, 40, 200, 255});
    if (f->under) {
        SDL_Rect mid = {t->w / 2 - 60, t->h / 2 - 40, 120, 80}, px = {t->w / 2, t->h / 2, 1, 1};
        draw_rect(d, &mid, MID);
        text_style st = {.px = 40, .weight = TEXT_BOLD, .color = {0, 0, 0, 255}};
        text_draw(ui_app_text(a), "盖住的字", t->w / 2 - 80, t->h / 2 + 50, &st);
        f->seen = 0;
        SDL_RenderReadPixels(ui_app_renderer(a), &px, SDL_PIXELFORMAT_ARGB8888, &f->seen, 4);
    }
    ui_dialog_draw(f->dlg, a);
}

static void flat_destroy(ui_screen *s)
{
    flat *f = s->priv;
    ui_dialog_free(f->dlg);
    ui_screen_free(s);
}

static const ui_screen_ops flat_ops = {.name = "flat", .draw = flat_draw,
                                       .destroy = flat_destroy};

/* Pixels of the canvas (RGBA) that still show FLAT. */
static long flat_left(const uint8_t *px, size_t n)
{
    long k = 0;
    for (size_t i = 0; i < n; i += 4)
        k += px[i] == FLAT.r && px[i + 1] == FLAT.g && px[i + 2] == FLAT.b;
    return k;
}

/* The frame the app draws now, against the same frame drawn in full. */
static void same_as_full(uitest_app *u, uint8_t *part, uint8_t *full, int w, const char *what)
{
    size_t n = (size_t)w * (size_t)ui_app_theme(u->app)->h * 4;
    ui_app_render(u->app, 0);
    OK(plat_display_read_rgba(u->disp, part));
    ui_app_render(u->app, 1);
    OK(plat_display_read_rgba(u->disp, full));
    if (memcmp(part, full, n)) {
        size_t i = 0;
        while (part[i] == full[i])
            i++;
        printf("  %s: differs from a full frame at %zu,%zu\n", what, i / 4 % (size_t)w,
               i / 4 / (size_t)w);
        CHECK(0);
    }
}

/* An app of w x h with the flat screen on top (under: with what lies under
 * the card); NULL if it did not open. */
static flat *open_flat(uitest_app *u, int w, int h, int elderly, int under)
{
    if (uitest_open(u, w, h) != 0)
        return NULL;
    ui_app_set_elderly(u->app, elderly);
    ui_screen *s = ui_screen_new(&flat_ops, sizeof(flat));
    flat *f = s ? s->priv : NULL;
    if (f && !(f->dlg = ui_dialog_new("t.dlg"))) {
        ui_screen_free(s);
        f = NULL;
    }
    if (!f) {
        uitest_close(u);
        return NULL;
    }
    f->under = under;
    ui_app_push(u->app, s);
    return f;
}

static void one(int w, int h, int elderly)
{
    uitest_app u;
    flat *f = open_flat(&u, w, h, elderly, 0);
    REQUIRE(f != NULL);
    size_t n = (size_t)w * (size_t)h * 4;
    uint8_t *part = malloc(n), *full = malloc(n);
    REQUIRE(part && full);
    char what[96];

    /* the screen alone, shown; then the dialog opened over it */
    ui_app_render(u.app, 1);
    ui_dialog_open(f->dlg, "不填了吗?", "已填的内容会保存在本机。", "先不填了", "继续填写");
    ui_app_invalidate(u.app);
    snprintf(what, sizeof what, "%dx%d%s, the dialog opened", w, h, elderly ? " large" : "");
    same_as_full(&u, part, full, w, what);
    ui_app_render(u.app, 1);
    ui_dialog_close(f->dlg);
    ui_app_invalidate(u.app);
    ui_app_render(u.app, 0);
    ui_dialog_open(f->dlg, "不填了吗?", "已填的内容会保存在本机。", "先不填了", "继续填写");
    ui_app_invalidate(u.app);
    ui_app_render(u.app, 0);
    long drawn = ui_app_drawn_px(u.app);
    printf("  %s: the screen under it drawn again in %ld of %d pixels\n", what, drawn, w * h);
    CHECK(drawn == 0); /* nothing under it changed */

    /* drawn in full: nothing keeps the screen's colour; beside the card the shade */
    CHECK_EQ_INT(flat_left(full, n), 0);
    unsigned a = elderly ? 190 : 140, inv = 255 - a;
    const uint8_t *p = full + 4 * ((size_t)w * 2 + 2);
    CHECK_EQ_INT(p[0], (int)(inv * FLAT.r / 255));
    CHECK_EQ_INT(p[1], (int)(inv * FLAT.g / 255));
    CHECK_EQ_INT(p[2], (int)(inv * FLAT.b / 255));

    /* the dialog closed, the box changed; opened again as the box changes back */
    ui_dialog_close(f->dlg);
    f->tone = 1;
    ui_app_invalidate(u.app);
    snprintf(what, sizeof what, "%dx%d%s, closed", w, h, elderly ? " large" : "");
    same_as_full(&u, part, full, w, what);
    CHECK(flat_left(full, n) > (long)w * h / 2);
    ui_dialog_open(f->dlg, "不填了吗?", "已填的内容会保存在本机。", "先不填了", "继续填写");
    f->tone = 0;
    ui_app_invalidate(u.app);
    ui_app_render(u.app, 0);
    drawn = ui_app_drawn_px(u.app);
    printf("  %dx%d%s, opened as the box changed: the screen under it drawn again in %ld "
           "pixels\n",
           w, h, elderly ? " large" : "", drawn);
    int bx = w / 10, by = h / 10; /* flat_draw's box, 60 x 40: its cells alone */
    long cells = (long)((bx + 59) / 32 - bx / 32 + 1) * ((by + 39) / 32 - by / 32 + 1);
    CHECK(drawn > 0 && drawn <= cells * 32 * 32);
    OK(plat_display_read_rgba(u.disp, part));
    ui_app_render(u.app, 1);
    OK(plat_display_read_rgba(u.disp, full));
    CHECK(memcmp(part, full, n) == 0);
    free(part);
    free(full);
    uitest_close(&u);
}

static void test_portrait(void)
{
    one(1080, 1920, 0);
    one(1080, 1920, 1);
}

static void test_landscape(void)
{
    one(1920, 1080, 0);
    one(1920, 1080, 1);
}

/* One full frame drawn and read into px. */
static void full_into(uitest_app *u, uint8_t *px)
{
    ui_app_render(u->app, 1);
    OK(plat_display_read_rgba(u->disp, px));
}

static void covered(int w, int h, int elderly)
{
    uitest_app u;
    flat *f = open_flat(&u, w, h, elderly, 1);
    REQUIRE(f != NULL);
    size_t n = (size_t)w * (size_t)h * 4;
    uint8_t *a = malloc(n), *b = malloc(n);
    REQUIRE(a && b);
    const Uint32 mid = 0xFF000000u | (Uint32)MID.r << 16 | (Uint32)MID.g << 8 | MID.b;
    const char *how = elderly ? "large text" : "normal text";

    ui_dialog_open(f->dlg, "不填了吗?",
                   "已填的内容会保存在本机，下次点同一事项可以接着填。已填的内容会保存在本机。",
                   "先不填了", "继续填写");
    ui_app_invalidate(u.app);
    full_into(&u, a); /* the first: no layer known yet, all drawn */
    CHECK_EQ_INT((int)(f->seen == mid), 1);
    full_into(&u, b); /* the next: what the card hides is left */
    printf("  %dx%d %s: under the card, the second full frame found %08x (the box is %08x)\n", w,
           h, how, (unsigned)f->seen, (unsigned)mid);
    CHECK(f->seen != mid);
    CHECK(memcmp(a, b, n) == 0);

    /* the card shrinks (no body): drawn in full at once, then again */
    ui_dialog_set_body(f->dlg, u.app, "");
    full_into(&u, a);
    full_into(&u, b);
    CHECK(memcmp(a, b, n) == 0);

    /* closed: drawn in full at once, the box shown */
    ui_dialog_close(f->dlg);
    ui_app_invalidate(u.app);
    full_into(&u, a);
    CHECK_EQ_INT((int)(f->seen == mid), 1);
    full_into(&u, b);
    CHECK(memcmp(a, b, n) == 0);
    CHECK_EQ_INT((int)(f->seen == mid), 1);
    free(a);
    free(b);
    uitest_close(&u);
}

static void test_covered(void)
{
    covered(1080, 1920, 0);
    covered(1080, 1920, 1);
    covered(1920, 1080, 1);
}

int main(void)
{
    RUN(test_portrait);
    RUN(test_landscape);
    RUN(test_covered);
    return check_summary();
}
