/* input.c — SDL events (mouse, touch, keys) turned into plat_events in canvas pixels. */
#include "plat_input.h"

#include <string.h>

#include "plat_clock.h"

static Uint32 g_wake_type;
static SDL_FingerID g_finger = -1; /* the one finger we follow */
static int g_mouse_down;

static Uint32 wake_type(void)
{
    if (!g_wake_type)
        g_wake_type = SDL_RegisterEvents(1);
    return g_wake_type;
}

void plat_input_wake(void)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = wake_type();
    SDL_PushEvent(&e);
}

static int map_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_ESCAPE: return PLAT_KEY_ESCAPE;
    case SDLK_RETURN: case SDLK_KP_ENTER: return PLAT_KEY_ENTER;
    case SDLK_BACKSPACE: return PLAT_KEY_BACKSPACE;
    case SDLK_TAB: return PLAT_KEY_TAB;
    case SDLK_LEFT: return PLAT_KEY_LEFT;
    case SDLK_RIGHT: return PLAT_KEY_RIGHT;
    case SDLK_UP: return PLAT_KEY_UP;
    case SDLK_DOWN: return PLAT_KEY_DOWN;
    default:
        if (k >= SDLK_F1 && k <= SDLK_F12)
            return PLAT_KEY_F1 + (int)(k - SDLK_F1);
        return 0;
    }
}

/* Translates one SDL event; 1 if it became a plat_event. */
static int translate(plat_display *d, const SDL_Event *e, plat_event *ev)
{
    memset(ev, 0, sizeof *ev);
    switch (e->type) {
    case SDL_QUIT:
        ev->type = PLAT_EV_QUIT;
        return 1;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return 0;
        g_mouse_down = e->type == SDL_MOUSEBUTTONDOWN;
        ev->type = g_mouse_down ? PLAT_EV_DOWN : PLAT_EV_UP;
        plat_display_map_point(d, e->button.x, e->button.y, &ev->x, &ev->y);
        return 1;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !g_mouse_down)
            return 0;
        ev->type = PLAT_EV_MOVE;
        plat_display_map_point(d, e->motion.x, e->motion.y, &ev->x, &ev->y);
        return 1;
    case SDL_FINGERDOWN:
        if (g_finger != -1)
            return 0;
        g_finger = e->tfinger.fingerId;
        ev->type = PLAT_EV_DOWN;
        plat_display_map_touch(d, e->tfinger.x, e->tfinger.y, &ev->x, &ev->y);
        return 1;
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        if (e->tfinger.fingerId != g_finger)
            return 0;
        ev->type = e->type == SDL_FINGERUP ? PLAT_EV_UP : PLAT_EV_MOVE;
        if (e->type == SDL_FINGERUP)
            g_finger = -1;
        plat_display_map_touch(d, e->tfinger.x, e->tfinger.y, &ev->x, &ev->y);
        return 1;
    case SDL_KEYDOWN:
        ev->key = map_key(e->key.keysym.sym);
        if (!ev->key)
            return 0;
        ev->type = PLAT_EV_KEY;
        return 1;
    case SDL_TEXTINPUT:
        ev->type = PLAT_EV_TEXT;
        memcpy(ev->text, e->text.text, sizeof ev->text - 1);
        return 1;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
            e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            ev->type = PLAT_EV_EXPOSE;
            return 1;
        }
        return 0;
    default:
        if (e->type == wake_type()) {
            ev->type = PLAT_EV_WAKE;
            return 1;
        }
        return 0;
    }
}

/* SDL blocks efficiently only on drivers that can wake a waiting thread
 * (x11, wayland). Elsewhere (kmsdrm on the kiosk, offscreen) its wait is a
 * 1 ms polling loop — a thousand wake-ups a second on an idle kiosk — so we
 * poll ourselves with a back-off that settles at 16 ms (60 Hz) when idle. */
static int sdl_waits_efficiently(void)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    return drv && (!strcmp(drv, "x11") || !strcmp(drv, "wayland"));
}

#define IDLE_POLL_MAX_MS 16

int plat_input_wait(plat_display *d, plat_event *ev, int timeout_ms)
{
    uint64_t start = SDL_GetTicks64();
    int efficient = sdl_waits_efficiently();
    int step = 1;
    for (;;) {
        SDL_Event e;
        int got;
        uint64_t spent = SDL_GetTicks64() - start;
        int remaining = timeout_ms < 0 ? -1
                        : spent >= (uint64_t)timeout_ms ? 0
                                                        : (int)((uint64_t)timeout_ms - spent);
        if (efficient) {
            got = remaining < 0 ? SDL_WaitEvent(&e)
                  : remaining == 0 ? SDL_PollEvent(&e)
                                   : SDL_WaitEventTimeout(&e, remaining);
            if (!got && remaining >= 0)
                return 0;
        } else {
            got = SDL_PollEvent(&e);
            if (!got) {
                if (remaining == 0)
                    return 0;
                int nap = remaining < 0 || remaining > step ? step : remaining;
                SDL_Delay((Uint32)nap);
                if (step < IDLE_POLL_MAX_MS)
                    step *= 2;
                continue;
            }
            step = 1;
        }
        if (got && translate(d, &e, ev)) {
            ev->time_ms = plat_clock_mono_ms();
            return 1;
        }
    }
}
