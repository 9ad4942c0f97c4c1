/* tech_gesture.c — the two-corner hold that opens technician mode. */
#include "ui/screens/tech/tech_gesture.h"

static int corner_of(int x, int y, int w, int h)
{
    int side = (w > h ? w : h) * 8 / 100;
    if (y < 0 || y >= side)
        return 0;
    if (x >= 0 && x < side)
        return 1;
    if (x >= w - side && x < w)
        return 2;
    return 0;
}

int tech_gesture_feed(tech_gesture *g, const plat_event *ev, int w, int h)
{
    switch (ev->type) {
    case PLAT_EV_DOWN:
        g->corner = corner_of(ev->x, ev->y, w, h);
        g->down = g->corner != 0;
        g->down_ms = ev->time_ms;
        if (!g->down || (g->stage && ev->time_ms > g->stage_ms + TECH_GAP_MS))
            g->stage = 0; /* a press elsewhere, or too late: start again */
        return TECH_GESTURE_NONE;
    case PLAT_EV_MOVE:
        if (g->down && corner_of(ev->x, ev->y, w, h) != g->corner)
            g->down = 0;
        return TECH_GESTURE_NONE;
    case PLAT_EV_UP: {
        if (!g->down) {
            g->stage = 0;
            return TECH_GESTURE_NONE;
        }
        g->down = 0;
        if (corner_of(ev->x, ev->y, w, h) != g->corner || ev->time_ms < g->down_ms + TECH_HOLD_MS) {
            g->stage = 0; /* any miss starts the gesture again */
            return TECH_GESTURE_NONE;
        }
        if (g->corner == 1) {
            g->stage = 1;
            g->stage_ms = ev->time_ms;
            return TECH_GESTURE_SWALLOW;
        }
        if (g->stage && g->down_ms <= g->stage_ms + TECH_GAP_MS) {
            g->stage = 0;
            return TECH_GESTURE_DONE;
        }
        g->stage = 0;
        return TECH_GESTURE_SWALLOW;
    }
    default:
        return TECH_GESTURE_NONE;
    }
}
