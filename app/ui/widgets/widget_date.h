/* widget_date.h — a date picker without typing: three wheels (year, month,
 * day), each showing the value with its neighbours above and below. Tap the
 * ▲/▼ buttons or a neighbour to step, or drag a wheel up or down (one step
 * per row dragged). Only real calendar days are offered (no 2月30日; 29
 * February only in leap years), and never a date outside [min, max]: when a
 * step would leave the range or the month is shorter, the day is pulled in.
 * When the range spans ten years or more, the year wheel's ▲ and ▼ each have
 * a ten-year step beside them (▲10年, ▼10年): a birth forty years back is
 * four taps and a few, not forty; greyed where ten years would leave the range.
 *
 * Targets: "<id>.y.up", "<id>.y.down", "<id>.m.up", ... "<id>.d.down"; the
 * neighbour values are the same targets as the arrows beside them; the
 * ten-year steps "<id>.y.up10" and "<id>.y.down10".
 *
 * Ownership: ui_datepick_new() returns a picker freed by ui_datepick_free().
 */
#ifndef CZ_UI_WIDGET_DATE_H
#define CZ_UI_WIDGET_DATE_H

#include "ui/core/app.h"

typedef struct {
    int y, m, d;
} ui_date;

/* Days in month m (1..12) of year y (Gregorian); 0 for a bad month. */
int ui_date_days_in_month(int y, int m);
/* 1 if the date exists. */
int ui_date_valid(ui_date v);
/* <0, 0, >0 like strcmp. */
int ui_date_cmp(ui_date a, ui_date b);

typedef struct ui_datepick ui_datepick;

/* min <= max, both valid (NULL if not, or out of memory); start is clamped into range. */
ui_datepick *ui_datepick_new(const char *id, ui_date min, ui_date max, ui_date start);
void ui_datepick_free(ui_datepick *p);
ui_date ui_datepick_value(const ui_datepick *p);
/* Height the picker wants at the current theme; given less (r->h > 0), its
 * rows shrink down to 15 mm. */
int ui_datepick_height(ui_app *a);
void ui_datepick_draw(ui_datepick *p, ui_app *a, const SDL_Rect *r);
/* A step (a tap on a wheel's arrow or neighbour, a drag of a wheel) marks
 * what it changed alone (ui_app_invalidate_rect): the date above the wheels
 * and each wheel whose value, neighbours or greyed buttons changed (a day's
 * step the day wheel; a month's the day wheel too when the day is pulled in
 * or the month's length changes its neighbours; the whole screen before the
 * first draw). A screen whose other parts change with the date marks them
 * itself. */
int ui_datepick_activate(ui_datepick *p, ui_app *a, const char *id);
/* All the last draw covered, the buttons' shadows included; empty before it. */
SDL_Rect ui_datepick_area(const ui_datepick *p);
/* open: no date is taken yet (the question has no answer): the next draws
 * say 还没有选日期 in grey above the wheels, where the date shows once one is;
 * the wheels still show where a date would be. A screen that changes it
 * marks the picker itself (a step marks only the date's characters). */
void ui_datepick_set_open(ui_datepick *p, int open);
int ui_datepick_event(ui_datepick *p, ui_app *a, const plat_event *ev);
/* Steps a wheel (0 year, 1 month, 2 day) by delta; returns 1 if the value
 * changed (not when the step would leave the range: the value stays). */
int ui_datepick_step(ui_datepick *p, int wheel, int delta);

#endif
