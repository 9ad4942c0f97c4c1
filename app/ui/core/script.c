/* script.c — parses and runs headless scripts against the app. */
#include "ui/core/script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "ui/screens/form/form_screen.h"
#include "ui/screens/gallery/demo_gallery.h"
#include "plat_clock.h"
#include "plat_net.h"
#include "ui/core/services.h"
#include "ui/core/session.h"

static void feed(ui_app *a, plat_event_type type, int x, int y)
{
    plat_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.x = x;
    ev.y = y;
    ev.time_ms = plat_clock_mono_ms();
    ui_app_handle(a, &ev);
    ui_app_render(a, 0);
}

static void pass_time(ui_app *a, long ms)
{
    while (ms > 0) {
        long step = ms < 50 ? ms : 50;
        plat_clock_advance((uint64_t)step);
        ms -= step;
        ui_app_tick(a);
    }
    ui_app_render(a, 0);
}

static uint64_t real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int working(ui_app *a)
{
    ui_screen *s = ui_app_top(a);
    return s && s->working && s->working(s);
}

/* On a pinned wall clock (virtual time, the emulator's --clock) the upload
 * engine's due times move only when the script moves the clock: after a
 * wait or a settle it is told to look at them again (sync_nudge; its retry
 * back-off stays). Returns the request's number, 0 if none was made (the
 * clock is real, or no engine runs). */
static int64_t nudge_engine(ui_app *a)
{
    const ui_services *sv = ui_app_services(a);
    if (!plat_clock_wall_pinned() || !sv || !sv->sync)
        return 0;
    return sync_nudge(sv->sync);
}

/* Waits, up to the real time end, until the engine has looked again for
 * request n (sent what came due, asked the statuses due); the app's clock
 * stands meanwhile. 0, or -1 at end. */
static int engine_settle(ui_app *a, int64_t n, uint64_t end)
{
    const ui_services *sv = ui_app_services(a);
    while (n > 0) {
        sync_status st;
        sync_status_get(sv->sync, &st);
        if (st.nudge_answered >= n)
            break;
        if (real_ms() >= end)
            return -1;
        struct timespec nap = {0, 10 * 1000000L};
        nanosleep(&nap, NULL);
    }
    ui_app_tick(a); /* what the engine changed (a status, the badge) */
    return 0;
}

/* Lets the work the screen handed to a thread land (ui_screen.working),
 * waiting at most ms of real time: the app's clock moves as real time does,
 * so the screen's ticks take the result when they would on the kiosk; then,
 * on a pinned wall clock, the upload engine looks once at what came due
 * (engine_settle); then on to a whole second from the start, so that what
 * is drawn after it repeats from run to run. 0, -1 if the screen is still
 * working after ms, -2 if the engine is. */
static int settle(ui_app *a, long ms)
{
    uint64_t end = real_ms() + (uint64_t)ms;
    long moved = 0;
    while (working(a)) {
        if (real_ms() >= end)
            return -1;
        struct timespec nap = {0, 10 * 1000000L};
        nanosleep(&nap, NULL);
        pass_time(a, 10);
        moved += 10;
    }
    if (engine_settle(a, nudge_engine(a), end) != 0)
        return -2;
    if (moved % 1000)
        pass_time(a, 1000 - moved % 1000);
    return 0;
}

static const struct {
    const char *name;
    int key;
} KEYS[] = {{"escape", PLAT_KEY_ESCAPE}, {"enter", PLAT_KEY_ENTER},
            {"backspace", PLAT_KEY_BACKSPACE}, {"tab", PLAT_KEY_TAB},
            {"left", PLAT_KEY_LEFT}, {"right", PLAT_KEY_RIGHT},
            {"up", PLAT_KEY_UP}, {"down", PLAT_KEY_DOWN}};

static int parse_key(const char *s)
{
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++)
        if (strcmp(s, KEYS[i].name) == 0)
            return KEYS[i].key;
    if ((s[0] == 'f' || s[0] == 'F') && s[1]) {
        int n = atoi(s + 1);
        if (n >= 1 && n <= 12)
            return PLAT_KEY_F1 + n - 1;
    }
    return 0;
}

/* Parses "X Y" or "@id" into a point. */
static int point(ui_app *a, const char *arg, int *x, int *y, char *why, size_t n)
{
    if (arg[0] == '@') {
        ui_app_render(a, 0);
        if (ui_app_find_target(a, arg + 1, x, y) != 0) {
            snprintf(why, n, "no target '%s' on screen", arg + 1);
            return -1;
        }
        return 0;
    }
    char extra;
    if (sscanf(arg, "%d %d %c", x, y, &extra) != 2) {
        snprintf(why, n, "expected 'X Y' or '@id', got '%s'", arg);
        return -1;
    }
    return 0;
}

static int run_line(ui_app *a, char *cmd, char *arg, const char *out_dir, char *why, size_t n)
{
    int x, y;
    if (!strcmp(cmd, "tap")) {
        if (point(a, arg, &x, &y, why, n))
            return -1;
        feed(a, PLAT_EV_DOWN, x, y);
        pass_time(a, 80);
        feed(a, PLAT_EV_UP, x, y);
    } else if (!strcmp(cmd, "down") || !strcmp(cmd, "move") || !strcmp(cmd, "up")) {
        if (point(a, arg, &x, &y, why, n))
            return -1;
        feed(a, cmd[0] == 'd' ? PLAT_EV_DOWN : cmd[0] == 'm' ? PLAT_EV_MOVE : PLAT_EV_UP, x, y);
    } else if (!strcmp(cmd, "drag")) {
        int x0, y0, x1, y1, ms = 300;
        int k = sscanf(arg, "%d %d %d %d %d", &x0, &y0, &x1, &y1, &ms);
        if (k < 4 || ms < 0) {
            snprintf(why, n, "expected 'drag X0 Y0 X1 Y1 [MS]'");
            return -1;
        }
        feed(a, PLAT_EV_DOWN, x0, y0);
        int steps = ms / 16 > 1 ? ms / 16 : 1;
        for (int i = 1; i <= steps; i++) {
            pass_time(a, ms / steps);
            feed(a, PLAT_EV_MOVE, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
        }
        feed(a, PLAT_EV_UP, x1, y1);
    } else if (!strcmp(cmd, "key")) {
        plat_event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = PLAT_EV_KEY;
        ev.key = parse_key(arg);
        if (!ev.key) {
            snprintf(why, n, "unknown key '%s'", arg);
            return -1;
        }
        ui_app_handle(a, &ev);
        ui_app_render(a, 0);
    } else if (!strcmp(cmd, "text")) {
        plat_event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = PLAT_EV_TEXT;
        if (strlen(arg) >= sizeof ev.text) {
            snprintf(why, n, "text longer than %zu bytes", sizeof ev.text - 1);
            return -1;
        }
        snprintf(ev.text, sizeof ev.text, "%s", arg);
        ui_app_handle(a, &ev);
        ui_app_render(a, 0);
    } else if (!strcmp(cmd, "wait")) {
        char *end;
        long ms = strtol(arg, &end, 10);
        if (!*arg || *end || ms < 0 || ms > 24L * 3600 * 1000) {
            snprintf(why, n, "expected 'wait MS'");
            return -1;
        }
        pass_time(a, ms);
        nudge_engine(a); /* its due times moved too (it looks on its own thread) */
    } else if (!strcmp(cmd, "settle")) {
        char *end;
        long ms = *arg ? strtol(arg, &end, 10) : 30000;
        if ((*arg && *end) || ms < 0 || ms > 600000) {
            snprintf(why, n, "expected 'settle [MS]' (at most 600000)");
            return -1;
        }
        int rc = settle(a, ms);
        if (rc == -2) {
            snprintf(why, n, "settle: the upload engine still working after %ld ms", ms);
            return -1;
        }
        if (rc != 0) {
            snprintf(why, n, "settle: '%s' still working after %ld ms", ui_app_top(a)->ops->name,
                     ms);
            return -1;
        }
        ui_app_render(a, 0);
    } else if (!strcmp(cmd, "shot")) {
        if (!*arg) {
            snprintf(why, n, "expected 'shot FILE.png'");
            return -1;
        }
        char path[4096];
        if (arg[0] == '/' || !out_dir)
            snprintf(path, sizeof path, "%s", arg);
        else
            snprintf(path, sizeof path, "%s/%s", out_dir, arg);
        if (ui_app_screenshot(a, path, why, n) != 0)
            return -1;
    } else if (!strcmp(cmd, "elderly")) {
        if (strcmp(arg, "on") && strcmp(arg, "off")) {
            snprintf(why, n, "expected 'elderly on|off'");
            return -1;
        }
        ui_app_set_elderly(a, !strcmp(arg, "on"));
    } else if (!strcmp(cmd, "pending")) {
        char *end;
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 0 || v > 1000000) {
            snprintf(why, n, "expected 'pending N'");
            return -1;
        }
        ui_app_set_pending(a, (int)v);
    } else if (!strcmp(cmd, "net")) {
        if (!strcmp(arg, "up"))
            plat_net_state_force(PLAT_NET_UP);
        else if (!strcmp(arg, "down"))
            plat_net_state_force(PLAT_NET_DOWN);
        else if (!strcmp(arg, "auto"))
            plat_net_state_force(PLAT_NET_UNKNOWN);
        else {
            snprintf(why, n, "expected 'net up|down|auto'");
            return -1;
        }
        ui_app_invalidate(a);
    } else if (!strcmp(cmd, "expect-screen")) {
        ui_screen *s = ui_app_top(a);
        if (!s || strcmp(s->ops->name, arg) != 0) {
            snprintf(why, n, "expected screen '%s', found '%s'", arg, s ? s->ops->name : "none");
            return -1;
        }
    } else if (!strcmp(cmd, "expect-target")) {
        if (point(a, arg, &x, &y, why, n))
            return -1;
    } else if (!strcmp(cmd, "demo")) {
        ui_screen *ds = ui_demo_new(arg);
        if (!ds) { /* names the pages there are, for whoever writes the script */
            int k = snprintf(why, n, "unknown demo page '%s' (pages:", arg);
            for (int i = 0; ui_demo_page_at(i) && k > 0 && (size_t)k < n; i++)
                k += snprintf(why + k, n - (size_t)k, " %s", ui_demo_page_at(i));
            if (k > 0 && (size_t)k < n)
                snprintf(why + k, n - (size_t)k, ")");
            return -1;
        }
        ui_app_push(a, ds);
        ui_app_tick(a);
        ui_app_render(a, 0);
    } else if (!strcmp(cmd, "idcard")) {
        char *end;
        long card = *arg ? strtol(arg, &end, 10) : 0;
        if (*arg && (*end || card < 1 || card > 1000)) {
            snprintf(why, n, "idcard: card number must be 1 or more, got '%s'", arg);
            return -1;
        }
        if (ui_form_card_swipe(ui_app_top(a), a, (int)card) != 0) {
            snprintf(why, n, "idcard: no ID-card page on screen (or not the emulator)");
            return -1;
        }
        ui_app_tick(a);
        ui_app_render(a, 0);
    } else if (!strcmp(cmd, "quit")) {
        return 1;
    } else {
        snprintf(why, n, "unknown command '%.64s'", cmd);
        return -1;
    }
    return 0;
}

int ui_script_run(ui_app *a, const char *text, const char *name, const char *out_dir, char *err,
                  size_t errlen)
{
    const char *p = text;
    int lineno = 0;
    /* what is marked since the last frame, as the loop would draw it: a
     * script run in pieces (tests) walks the same partial frames as one */
    ui_app_render(a, 0);
    while (*p) {
        lineno++;
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[1024];
        if (len >= sizeof line) {
            snprintf(err, errlen, "%s:%d: line too long", name, lineno);
            return -1;
        }
        memcpy(line, p, len);
        line[len] = '\0';
        p += len + (nl ? 1 : 0);
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        char *e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
            *--e = '\0';
        if (!*s || *s == '#')
            continue;
        char *arg = s;
        while (*arg && *arg != ' ' && *arg != '\t')
            arg++;
        if (*arg) {
            *arg++ = '\0';
            while (*arg == ' ' || *arg == '\t')
                arg++;
        }
        char why[512];
        int rc = run_line(a, s, arg, out_dir, why, sizeof why);
        if (rc < 0) {
            snprintf(err, errlen, "%s:%d: %s", name, lineno, why);
            return -1;
        }
        if (rc > 0)
            break;
    }
    return 0;
}

int ui_script_run_file(ui_app *a, const char *path, const char *out_dir, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 0, len = 0, got;
    char *buf = NULL;
    int bad = core_grow(&buf, &cap, 1, 1, 1 << 16);
    while (!bad && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 >= cap)
            bad = cap >= (1u << 24) || core_grow(&buf, &cap, len + 2, 1, 1);
    }
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, errlen, "%s: too large or out of memory", path);
        return -1;
    }
    buf[len] = '\0';
    int rc = ui_script_run(a, buf, path, out_dir, err, errlen);
    free(buf);
    return rc;
}
