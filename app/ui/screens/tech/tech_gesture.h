/* tech_gesture.h — the hidden entry gesture of technician mode: hold the
 * top-left corner for TECH_HOLD_MS, let go, then within TECH_GAP_MS hold the
 * top-right corner for TECH_HOLD_MS. A corner is a square of 8 % of the
 * longer screen side. Works with one finger and with a mouse (both are
 * DOWN/MOVE/UP events); leaving the corner while holding, or any other
 * press in between, cancels and the gesture starts again.
 *
 * The app feeds every event of the home screen; a release that ends a corner
 * hold is not a tap (the app must not activate what lies under it).
 */
#ifndef CZ_UI_TECH_GESTURE_H
#define CZ_UI_TECH_GESTURE_H

#include <stdint.h>

#include "plat_input.h"

#define TECH_HOLD_MS 2000
#define TECH_GAP_MS 5000

typedef struct {
    int down;        /* a press is being tracked */
    int corner;      /* 1 top-left, 2 top-right, 0 none */
    uint64_t down_ms;
    int stage;       /* 1: the top-left hold is done */
    uint64_t stage_ms;
} tech_gesture;

enum { TECH_GESTURE_NONE = 0, TECH_GESTURE_SWALLOW = 1, TECH_GESTURE_DONE = 2 };

/* Feeds one event on a w x h canvas. NONE: nothing to do; SWALLOW: a corner
 * hold ended (do not treat the release as a tap); DONE: open technician mode. */
int tech_gesture_feed(tech_gesture *g, const plat_event *ev, int w, int h);

#endif
