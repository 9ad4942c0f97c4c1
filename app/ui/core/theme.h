/* theme.h — sizes and colours for the kiosk, derived from the screen size.
 *
 * Assumed pixel density: 100 DPI for 1080x1920 and 1920x1080 (21.5-inch panels)
 * and 150 DPI for 1280x800 (10-inch tablets); 15 mm is then 60 px and 89 px.
 * Every touch target is at least `target` pixels (>= 15 mm) and body text at
 * least 40 px at 1080x1920 (issue floor: 32 px). Elderly mode (适老化) enlarges
 * text and targets by a quarter and switches to a high-contrast palette.
 */
#ifndef CZ_UI_THEME_H
#define CZ_UI_THEME_H

#include <SDL.h>

typedef struct {
    int w, h;           /* canvas */
    int portrait;
    int elderly;
    double dpi;
    int unit;           /* base spacing */
    int radius;         /* corner radius of cards and buttons */
    int target;         /* minimum touch target side */
    int px_small, px_body, px_label, px_title, px_huge; /* font sizes */
    SDL_Color bg, surface, ink, ink_soft, primary, primary_ink, accent, ok, warn, danger, line;
    SDL_Color tile[8];  /* tile accent colours, named as in ui_theme_colour (the agent bar: slate) */
} ui_theme;

void ui_theme_compute(ui_theme *t, int w, int h, int elderly);
/* A colour of the catalogue's tiles (assets/forms/SCHEMA.md): a name of the
 * tile palette (red, teal, orange, purple, blue, green, brown, slate: the
 * look's own shade of it) or "#RRGGBB". 0, or -1 (out unchanged) for anything else. */
int ui_theme_colour(const ui_theme *t, const char *spec, SDL_Color *out);
/* Pixels for `mm` millimetres at the assumed density. */
int ui_theme_mm(const ui_theme *t, double mm);

#endif
