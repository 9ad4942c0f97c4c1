/* test_net_watch.c — idle costs nothing: the home screen does not look at the
 * network every few seconds; the network watch (plat_net_watch, an RTNETLINK
 * socket) or any other thread's news wakes the event loop, and the home
 * screen looks at once.
 *
 * On a headless app at the home screen with the network left to the OS's
 * view: with the watch running, the loop's next wake-up is the clock's next
 * minute (not within 5 s); a wake from another thread (plat_input_wake, as
 * the watch sends at a change of link, address or route) comes out of the
 * real event wait as PLAT_EV_WAKE and the home screen's header then shows a
 * changed state (forced here: the test cannot change the machine's routes).
 * Without the watch the home screen still looks every 5 s. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plat_clock.h"
#include "plat_input.h"
#include "plat_net.h"
#include "uitest.h"

static void test_wakes_only_at_the_minute(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    plat_net_state_force(PLAT_NET_UNKNOWN); /* the OS's view, as on a kiosk */
    /* 09:30:00 pinned: at 09:30:10 the next minute is 50 s away */
    REQUIRE(uitest_run(&u, "wait 10000\n") == 0);
    uint64_t now = plat_clock_mono_ms(), wake = ui_app_next_wake(u.app);
    CHECK(!plat_net_watched());
    CHECK(wake > now && wake - now <= 5000); /* no watch: it looks every 5 s */
    if (plat_net_watch() != 0) {
        printf("  no RTNETLINK socket on this machine: only the fallback checked\n");
        uitest_close(&u);
        return;
    }
    CHECK(plat_net_watched());
    ui_app_render(u.app, 1);
    SDL_Rect band = {0, 0, 1080, 200}; /* the header: clock and network badge */
    size_t bytes = (size_t)1080 * 1920 * 4, head = (size_t)1080 * (size_t)band.h * 4;
    uint8_t *before = malloc(bytes), *after = malloc(bytes);
    REQUIRE(before && after);
    REQUIRE(plat_display_read_rgba(u.disp, before) == 0);

    /* the network changes (forced to the other state: a test cannot change
     * the machine's routes); news from another thread comes out of the real
     * wait */
    plat_net_state os = plat_net_state_get();
    plat_net_state_force(os == PLAT_NET_UP ? PLAT_NET_DOWN : PLAT_NET_UP);
    plat_input_wake();
    plat_event ev;
    memset(&ev, 0, sizeof ev);
    REQUIRE(plat_input_wait(u.disp, &ev, 1000) == 1);
    CHECK_EQ_INT(ev.type, PLAT_EV_WAKE);
    ui_app_handle(u.app, &ev);
    now = plat_clock_mono_ms();
    CHECK(ui_app_next_wake(u.app) <= now); /* the screen looks at once */
    ui_app_tick(u.app);
    ui_app_render(u.app, 0);
    REQUIRE(plat_display_read_rgba(u.disp, after) == 0);
    CHECK(memcmp(before, after, head) != 0); /* another badge in the header */
    CHECK(memcmp(before + head, after + head, bytes - head) == 0); /* the rest as it was */
    free(before);
    free(after);
    wake = ui_app_next_wake(u.app);
    CHECK(wake > now + 45000 && wake <= now + 50000); /* then the next minute, nothing sooner */

    plat_net_unwatch();
    plat_net_state_force(PLAT_NET_UNKNOWN);
    CHECK(!plat_net_watched());
    uitest_close(&u);
}

int main(void)
{
    RUN(test_wakes_only_at_the_minute);
    return check_summary();
}
