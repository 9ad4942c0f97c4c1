/* theme.c — the kiosk's sizes and palettes. */
#include "ui/core/theme.h"

#include <stdlib.h>
#include <string.h>

static SDL_Color rgb(unsigned v)
{
    SDL_Color c = {(Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255};
    return c;
}

/* The colours of one look, as 0xRRGGBB. */
typedef struct {
    unsigned bg, surface, ink, ink_soft, primary, primary_ink, accent, ok, warn, danger, line;
    unsigned tile[8];
} palette;

static const palette STANDARD = {
    .bg = 0xEEF3F8, .surface = 0xFFFFFF, .ink = 0x1B2430, .ink_soft = 0x4A5565,
    .primary = 0x0B5CAD, .primary_ink = 0xFFFFFF, .accent = 0xC8102E,
    .ok = 0x1E7B34, .warn = 0xA65300, .danger = 0xB00020, .line = 0xC9D3DE,
    .tile = {0xC8102E, 0x0B7A75, 0xB35900, 0x6A3FA0, 0x0B5CAD, 0x2E7D32, 0x8A5A00, 0x37474F}};

/* High contrast: near-black ink on white, saturated dark accents. */
static const palette HIGH_CONTRAST = {
    .bg = 0xFFFFFF, .surface = 0xFFFFFF, .ink = 0x000000, .ink_soft = 0x1A1A1A,
    .primary = 0x003A80, .primary_ink = 0xFFFFFF, .accent = 0x9E0000,
    .ok = 0x0A5A1E, .warn = 0x7A3C00, .danger = 0x9E0000, .line = 0x000000,
    .tile = {0x9E0000, 0x00504C, 0x7A3C00, 0x4A1F80, 0x003A80, 0x0A5A1E, 0x5C3B00, 0x1A1A1A}};

static void set_colours(ui_theme *t, const palette *p)
{
    t->bg = rgb(p->bg);
    t->surface = rgb(p->surface);
    t->ink = rgb(p->ink);
    t->ink_soft = rgb(p->ink_soft);
    t->primary = rgb(p->primary);
    t->primary_ink = rgb(p->primary_ink);
    t->accent = rgb(p->accent);
    t->ok = rgb(p->ok);
    t->warn = rgb(p->warn);
    t->danger = rgb(p->danger);
    t->line = rgb(p->line);
    for (int i = 0; i < 8; i++)
        t->tile[i] = rgb(p->tile[i]);
}

int ui_theme_colour(const ui_theme *t, const char *spec, SDL_Color *out)
{
    static const char *const NAMES[8] = {"red",   "teal",  "orange", "purple",
                                         "blue",  "green", "brown",  "slate"};
    if (!spec)
        return -1;
    for (int i = 0; i < 8; i++)
        if (!strcmp(spec, NAMES[i])) {
            *out = t->tile[i];
            return 0;
        }
    if (spec[0] != '#' || strlen(spec) != 7 || strspn(spec + 1, "0123456789abcdefABCDEF") != 6)
        return -1;
    *out = rgb((unsigned)strtoul(spec + 1, NULL, 16));
    return 0;
}

int ui_theme_mm(const ui_theme *t, double mm) { return (int)(mm / 25.4 * t->dpi + 0.5); }

void ui_theme_compute(ui_theme *t, int w, int h, int elderly)
{
    t->w = w;
    t->h = h;
    t->portrait = h > w;
    t->elderly = elderly;
    int short_side = w < h ? w : h;
    /* 1080 short side ≈ 21.5-inch panel; smaller canvases are tablets. */
    t->dpi = short_side >= 1000 ? 100.0 : 150.0;
    double s = short_side / 1080.0; /* 1.0 at 1080 */
    if (s < 0.74)
        s = 0.74;
    double e = elderly ? 1.25 : 1.0;
    t->unit = (int)(24 * s);
    t->radius = (int)(28 * s);
    t->target = ui_theme_mm(t, 15.0 * e);
    if (t->target < (int)(120 * s * e))
        t->target = (int)(120 * s * e);
    t->px_small = (int)(34 * s * e);
    t->px_body = (int)(42 * s * e);
    t->px_label = (int)(52 * s * e);
    t->px_title = (int)(64 * s * e);
    t->px_huge = (int)(84 * s * e);
    set_colours(t, elderly ? &HIGH_CONTRAST : &STANDARD);
}
