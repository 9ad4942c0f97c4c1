/* plat_input.h — touch, mouse and keys, delivered as one kind of event.
 *
 * Coordinates are always in canvas pixels (see plat_display.h). A mouse on the
 * emulator behaves like one finger. The event loop blocks in plat_input_wait(),
 * so an idle kiosk uses no CPU; other threads wake it with plat_input_wake().
 */
#ifndef CZ_PLAT_INPUT_H
#define CZ_PLAT_INPUT_H

#include <stdint.h>

#include "plat_display.h"

typedef enum {
    PLAT_EV_NONE,
    PLAT_EV_QUIT,       /* window closed / SIGTERM */
    PLAT_EV_DOWN,       /* finger or mouse button pressed at x,y */
    PLAT_EV_MOVE,       /* pressed finger moved to x,y */
    PLAT_EV_UP,         /* finger lifted at x,y */
    PLAT_EV_KEY,        /* key pressed: key */
    PLAT_EV_TEXT,       /* text typed on a physical keyboard: text (UTF-8) */
    PLAT_EV_WAKE,       /* another thread asked for attention (e.g. sync status) */
    PLAT_EV_EXPOSE,     /* the output needs a redraw */
} plat_event_type;

enum {
    PLAT_KEY_ESCAPE = 1, PLAT_KEY_ENTER, PLAT_KEY_BACKSPACE, PLAT_KEY_TAB,
    PLAT_KEY_LEFT, PLAT_KEY_RIGHT, PLAT_KEY_UP, PLAT_KEY_DOWN,
    PLAT_KEY_F1 = 0x100 /* F1..F12 = PLAT_KEY_F1 + 0..11 */
};

typedef struct {
    plat_event_type type;
    int x, y;          /* canvas pixels, for DOWN/MOVE/UP */
    int key;           /* PLAT_KEY_* for KEY */
    char text[32];     /* UTF-8 for TEXT */
    uint64_t time_ms;  /* plat_clock_mono_ms() when the event arrived */
} plat_event;

/* Waits up to timeout_ms (-1: forever) for one event. 1 = got one, 0 = timeout. */
int plat_input_wait(plat_display *d, plat_event *ev, int timeout_ms);
/* Thread-safe: makes a waiting plat_input_wait() return PLAT_EV_WAKE. */
void plat_input_wake(void);

#endif
