/* input.c — SDL events (mouse, touch, keys) turned into plat_events in canvas pixels. */
#define _GNU_SOURCE 1 /* pipe2 */
#include "plat_input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

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

/* ---- sleeping until something happens ----------------------------------
 * Where SDL cannot block (see plat_input_wait) the loop sleeps in poll() on
 * what can bring an event: a pipe other threads write to when they wake it,
 * and under kmsdrm the input devices SDL reads (our own read-only handles,
 * drained and thrown away: SDL gets its own copy of every event) and the
 * folder they appear in. Owned by the UI thread, except the pipe's write end. */

#define WATCH_MAX 16

static pthread_once_t g_pipe_once = PTHREAD_ONCE_INIT;
static int g_pipe[2] = {-1, -1};
static int g_notify = -1;      /* inotify on /dev/input, kmsdrm only */
static int g_dev[WATCH_MAX];   /* our handles on /dev/input/event* */
static int g_ndev;
static int g_watch_state;      /* 0 not set up, 1 set up, -1 not possible */

static void pipe_init(void)
{
    if (pipe2(g_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
        g_pipe[0] = g_pipe[1] = -1;
}

void plat_input_wake(void)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = wake_type();
    SDL_PushEvent(&e);
    pthread_once(&g_pipe_once, pipe_init);
    if (g_pipe[1] >= 0) {
        char c = 1;
        ssize_t r = write(g_pipe[1], &c, 1); /* a full pipe is already a wake-up */
        (void)r;
    }
}

static void drain(int fd)
{
    char buf[512];
    while (read(fd, buf, sizeof buf) > 0) {
    }
}

/* (Re)opens the input devices there are now. */
static void scan_devices(void)
{
    for (int i = 0; i < g_ndev; i++)
        close(g_dev[i]);
    g_ndev = 0;
    DIR *dir = opendir("/dev/input");
    if (!dir)
        return;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL && g_ndev < WATCH_MAX) {
        if (strncmp(de->d_name, "event", 5) != 0)
            continue;
        char path[300];
        snprintf(path, sizeof path, "/dev/input/%s", de->d_name);
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0)
            g_dev[g_ndev++] = fd;
    }
    closedir(dir);
}

static int watch_setup(void)
{
    if (g_watch_state)
        return g_watch_state;
    pthread_once(&g_pipe_once, pipe_init);
    g_watch_state = g_pipe[0] >= 0 ? 1 : -1;
    const char *drv = SDL_GetCurrentVideoDriver();
    if (g_watch_state > 0 && drv && !strcmp(drv, "kmsdrm")) {
        g_notify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (g_notify >= 0 &&
            inotify_add_watch(g_notify, "/dev/input", IN_CREATE | IN_DELETE | IN_ATTRIB) < 0) {
            close(g_notify);
            g_notify = -1;
        }
        scan_devices();
    }
    return g_watch_state;
}

/* Sleeps until a wake-up, input, or timeout_ms (-1: no timeout). */
static void sleep_for_input(int timeout_ms)
{
    struct pollfd p[WATCH_MAX + 2];
    int n = 0;
    p[n++] = (struct pollfd){.fd = g_pipe[0], .events = POLLIN};
    if (g_notify >= 0)
        p[n++] = (struct pollfd){.fd = g_notify, .events = POLLIN};
    int first_dev = n;
    for (int i = 0; i < g_ndev; i++)
        p[n++] = (struct pollfd){.fd = g_dev[i], .events = POLLIN};
    if (poll(p, (nfds_t)n, timeout_ms) <= 0)
        return; /* timeout, or a signal (SIGTERM: SDL's quit event is next) */
    if (p[0].revents)
        drain(g_pipe[0]);
    int rescan = g_notify >= 0 && p[1].revents;
    if (rescan)
        drain(g_notify);
    for (int i = first_dev; i < n; i++) {
        if (p[i].revents & (POLLERR | POLLHUP | POLLNVAL))
            rescan = 1; /* unplugged */
        else if (p[i].revents)
            drain(p[i].fd);
    }
    if (rescan)
        scan_devices();
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
 * sleep in poll() ourselves (sleep_for_input); only if that cannot be set up
 * do we poll SDL with a back-off that settles at 16 ms (60 Hz). */
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
            if (!got && remaining != 0 && watch_setup() > 0) {
                sleep_for_input(remaining);
                continue;
            }
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
