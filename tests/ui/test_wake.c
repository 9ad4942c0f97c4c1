/* test_wake.c — a wake from another thread (the upload engine's news, a
 * network change, the watchdog's kick) redraws only what changed: the home
 * screen's upload count or its network badge, or nothing at all; never the
 * whole frame.
 *
 * On a headless home screen with a store: a patch is painted straight onto
 * the canvas where the tiles are (not through the app, so only a redraw of
 * that place would paint over it); a wake then comes from another thread
 * through the real event wait and the loop's steps run (tick, render). With
 * nothing changed the canvas stays as it was, patch included; with a filing
 * confirmed in the store the footer's count changes and nothing else; with the
 * network's state changed the header does and nothing else. Each time a full
 * frame drawn after it equals the partial one outside the patch (nothing
 * stale).
 *
 * Time passing alike: on the home screen a minute redraws the clock and
 * nothing else of the header (a patch on the switch beside it stays), and
 * reads no font from the first frame on (every digit made with it); on the
 * idle prompt each second of the countdown redraws the sentence with the
 * number and nothing else (a patch on the card's button and one on the
 * shade stay). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/config.h"
#include "core/uuid.h"
#include "fixtures.h"
#include "plat_clock.h"
#include "plat_input.h"
#include "plat_net.h"
#include "store/store.h"
#include "ui/core/services.h"
#include "ui/core/session.h"
#include "uitest.h"

enum { W = 1080, H = 1920 };
static const SDL_Rect PATCH = {400, 900, 120, 120}; /* among the tiles */

static size_t bytes(void) { return (size_t)W * H * 4; }

/* Rows y0..y1 (exclusive) of a and b are equal, outside the patch if skip. */
static int rows_equal(const uint8_t *a, const uint8_t *b, int y0, int y1, int skip)
{
    for (int y = y0; y < y1; y++) {
        const uint8_t *ra = a + (size_t)y * W * 4, *rb = b + (size_t)y * W * 4;
        if (skip && y >= PATCH.y && y < PATCH.y + PATCH.h) {
            size_t l = (size_t)PATCH.x * 4, r = (size_t)(PATCH.x + PATCH.w) * 4;
            if (memcmp(ra, rb, l) || memcmp(ra + r, rb + r, (size_t)W * 4 - r))
                return 0;
        } else if (memcmp(ra, rb, (size_t)W * 4)) {
            return 0;
        }
    }
    return 1;
}

static void *waker(void *ud)
{
    (void)ud;
    plat_input_wake();
    return NULL;
}

/* Another thread wakes the loop; the wake comes out of the real event wait
 * and the loop's steps run: the event, the screen's tick, the frame. */
static void wake_from_thread(uitest_app *u)
{
    pthread_t t;
    REQUIRE(pthread_create(&t, NULL, waker, NULL) == 0);
    pthread_join(t, NULL);
    plat_event ev;
    memset(&ev, 0, sizeof ev);
    REQUIRE(plat_input_wait(u->disp, &ev, 1000) == 1);
    CHECK_EQ_INT(ev.type, PLAT_EV_WAKE);
    ui_app_handle(u->app, &ev);
    ui_app_tick(u->app);
    ui_app_render(u->app, 0);
}

static void paint_patch(uitest_app *u) { uitest_sentinel(u->app, &PATCH); }

/* After a partial frame in `after`: a full frame equals it outside the
 * patch, and the patch shows that no full frame was drawn. */
static void check_not_stale(uitest_app *u, const uint8_t *after, uint8_t *full)
{
    size_t at = ((size_t)(PATCH.y + 1) * W + (size_t)PATCH.x + 1) * 4;
    CHECK(after[at] == 255 && after[at + 1] == 0 && after[at + 2] == 255); /* still the patch */
    ui_app_render(u->app, 1);
    REQUIRE(plat_display_read_rgba(u->disp, full) == 0);
    CHECK(rows_equal(after, full, 0, H, 1));
}

static void test_wakes_mark_what_changed(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, W, H) == 0);
    store *st = NULL;
    REQUIRE(store_open(fx_fresh_db("wake"), &st) == STORE_OK);
    ui_services sv = {0};
    sv.forms = u.forms;
    sv.store = st;
    ui_app_set_services(u.app, &sv);
    uint8_t *before = malloc(bytes()), *after = malloc(bytes()), *full = malloc(bytes());
    REQUIRE(before && after && full);
    ui_app_render(u.app, 1);
    ui_app_tick(u.app);
    ui_app_render(u.app, 0);

    /* nothing changed (the watchdog's kick): nothing is drawn */
    paint_patch(&u);
    REQUIRE(plat_display_read_rgba(u.disp, before) == 0);
    wake_from_thread(&u);
    REQUIRE(plat_display_read_rgba(u.disp, after) == 0);
    CHECK(memcmp(before, after, bytes()) == 0);

    /* a filing goes into the upload queue (the engine's news): the count in
     * the footer changes, nothing else is drawn */
    char fid[CORE_UUID_LEN + 1], idn[19];
    REQUIRE(core_uuid_v4(fid) == 0);
    fx_id_number("420506", 1950, 7, idn);
    REQUIRE(store_draft_save(st, fid, "dibao", 1, 0, "{}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(st, fid, "dibao", "{}", idn) == STORE_OK);
    paint_patch(&u);
    REQUIRE(plat_display_read_rgba(u.disp, before) == 0);
    wake_from_thread(&u);
    REQUIRE(plat_display_read_rgba(u.disp, after) == 0);
    int fy = H - 200; /* the footer is below this, the agent bar above it */
    CHECK(rows_equal(before, after, 0, fy, 0));
    CHECK(!rows_equal(before, after, fy, H, 0));
    check_not_stale(&u, after, full);

    /* the network's state changes (forced: a test cannot change the
     * machine's routes): the header's badge, nothing else */
    paint_patch(&u);
    REQUIRE(plat_display_read_rgba(u.disp, before) == 0);
    plat_net_state os = plat_net_state_get();
    plat_net_state_force(os == PLAT_NET_UP ? PLAT_NET_DOWN : PLAT_NET_UP);
    wake_from_thread(&u);
    REQUIRE(plat_display_read_rgba(u.disp, after) == 0);
    int hy = 320; /* the header is above this */
    CHECK(!rows_equal(before, after, 0, hy, 0));
    CHECK(rows_equal(before, after, hy, H, 0));
    check_not_stale(&u, after, full);

    free(before);
    free(after);
    free(full);
    plat_net_state_force(PLAT_NET_UNKNOWN);
    uitest_close(&u);
    store_close(st);
}

static int in_rect(const SDL_Rect *r, int x, int y)
{
    return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

/* Pixels of a and b that differ, and how many of them lie outside `may`. */
static int changed(const uint8_t *a, const uint8_t *b, const SDL_Rect *may, int *outside)
{
    int n = 0;
    *outside = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            size_t i = ((size_t)y * W + (size_t)x) * 4;
            if (memcmp(a + i, b + i, 4)) {
                n++;
                *outside += !in_rect(may, x, y);
            }
        }
    return n;
}

/* The patches are still there after a partial frame in `after`; a full frame
 * then equals it everywhere else (nothing stale). */
static void check_patches_kept(uitest_app *u, const uint8_t *after, uint8_t *full,
                               const SDL_Rect *patch, int n)
{
    for (int k = 0; k < n; k++) {
        size_t at = ((size_t)(patch[k].y + 1) * W + (size_t)patch[k].x + 1) * 4;
        CHECK(after[at] == 255 && after[at + 1] == 0 && after[at + 2] == 255);
    }
    ui_app_render(u->app, 1);
    REQUIRE(plat_display_read_rgba(u->disp, full) == 0);
    int stale = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int skip = 0;
            for (int k = 0; k < n; k++)
                skip |= in_rect(&patch[k], x, y);
            size_t i = ((size_t)y * W + (size_t)x) * 4;
            stale += !skip && memcmp(after + i, full + i, 4) != 0;
        }
    CHECK_EQ_INT(stale, 0);
}

/* Every target of the last frame, in order. */
typedef struct {
    char id[64];
    SDL_Rect r;
} one_target;
typedef struct {
    one_target t[128];
    int n;
} target_list;

static void list_target(void *ud, const char *id, const SDL_Rect *r)
{
    target_list *l = ud;
    if (l->n < 128) {
        snprintf(l->t[l->n].id, sizeof l->t[l->n].id, "%s", id);
        l->t[l->n++].r = *r;
    }
}

static int same_targets(const target_list *a, const target_list *b)
{
    if (a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->t[i].id, b->t[i].id) || !SDL_RectEquals(&a->t[i].r, &b->t[i].r))
            return 0;
    return 1;
}

/* A minute passes on the home screen: the clock's line beside the switch
 * is drawn again, not the header band, not the frame; the rest of the
 * screen is not laid out again (ui_app_keep_targets), and every target of
 * the frame before stays, in place: a tile taps as before. */
static void test_minute_marks_clock(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, W, H) == 0);
    uint8_t *before = malloc(bytes()), *after = malloc(bytes()), *full = malloc(bytes());
    REQUIRE(before && after && full);
    ui_app_render(u.app, 1);
    ui_app_tick(u.app);
    ui_app_render(u.app, 0);
    SDL_Rect sw;
    REQUIRE(uitest_target_rect(u.app, "home.elderly", &sw) == 0);
    SDL_Rect patch[2] = {{sw.x + sw.w / 2 - 10, sw.y + sw.h / 2 - 10, 20, 20}, PATCH};
    for (int k = 0; k < 2; k++)
        uitest_sentinel(u.app, &patch[k]);
    REQUIRE(plat_display_read_rgba(u.disp, before) == 0);
    static target_list was, now;
    was.n = now.n = 0;
    ui_app_each_target(u.app, list_target, &was);
    CHECK(was.n >= 8); /* the switch, the tiles, 读给我听, the page key, 帮办代办 */
    plat_clock_advance(60 * 1000);
    ui_app_tick(u.app);
    ui_app_render(u.app, 0);
    REQUIRE(plat_display_read_rgba(u.disp, after) == 0);
    ui_app_each_target(u.app, list_target, &now);
    CHECK(same_targets(&was, &now));
    SDL_Rect row = {0, sw.y, sw.x, sw.h}; /* the clock's line, left of the switch */
    int outside, n = changed(before, after, &row, &outside);
    printf("  a minute: %d pixels changed, %d of them outside the clock's line\n", n, outside);
    CHECK(n > 0);
    CHECK_EQ_INT(outside, 0);
    check_patches_kept(&u, after, full, patch, 2);
    CHECK_EQ_INT(uitest_run(&u, "tap @tile.dibao\n"), 0);
    CHECK(strcmp(ui_app_top(u.app)->ops->name, "home") != 0);
    free(before);
    free(after);
    free(full);
    uitest_close(&u);
}

/* Bytes this process has read through read() and its kin so far
 * (/proc/self/io's rchar: files, the page cache included); -1 if unknown. */
static long long bytes_read(void) { return fx_proc_number("/proc/self/io", "rchar"); }

/* From the first frame on, a minute on the home screen makes no glyph: the
 * font is not read (FreeType reads it at each glyph it makes), in normal and
 * in large text, for every digit the clock shows in a day's first hours. */
static void test_minute_reads_no_font(void)
{
    for (int elderly = 0; elderly <= 1; elderly++) {
        uitest_app u;
        REQUIRE(uitest_open(&u, W, H) == 0);
        /* large text as the kiosk's default (not one person's session,
         * which the idle prompt would end within the hour) */
        char err[128];
        REQUIRE(core_config_set(u.cfg, "ui.elderly_default", elderly ? "1" : "0", err,
                                sizeof err) == 0);
        ui_app_set_elderly(u.app, elderly);
        ui_app_render(u.app, 1);
        ui_app_tick(u.app);
        ui_app_render(u.app, 0);
        /* asking reads /proc/self/io itself: the same count each time */
        long long before = bytes_read(), r0 = bytes_read(), self = r0 - before;
        REQUIRE(before >= 0);
        for (int m = 0; m < 60; m++) { /* an hour: every digit in the minutes' place */
            plat_clock_advance(60 * 1000);
            ui_app_tick(u.app);
            ui_app_render(u.app, 0);
        }
        long long r = bytes_read() - r0 - self;
        printf("  an hour of minutes on the home screen%s: %lld bytes read\n",
               elderly ? " (large text)" : "", r);
        CHECK_EQ_INT((int)r, 0);
        uitest_close(&u);
    }
}

/* The minute shows as it begins, whatever the fraction of a second the
 * screen last looked at the clock in: the partial frame 100 ms after the
 * minute equals a full one (the tick's wait was counted from whole seconds
 * and came up to a second late). */
static void test_minute_on_time(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, W, H) == 0); /* wall pinned at 09:30:00 */
    uint8_t *after = malloc(bytes()), *full = malloc(bytes());
    REQUIRE(after && full);
    plat_clock_advance(900); /* 09:30:00.9 */
    ui_app_render(u.app, 1);
    ui_app_tick(u.app);
    ui_app_render(u.app, 0);
    for (int i = 0; i < 1184; i++) { /* to 09:31:00.1, ticking as the loop would */
        plat_clock_advance(50);
        if (ui_app_next_wake(u.app) <= plat_clock_mono_ms())
            ui_app_tick(u.app);
    }
    CHECK_EQ_INT(plat_clock_wall_ms() % 60000, 100);
    ui_app_render(u.app, 0);
    REQUIRE(plat_display_read_rgba(u.disp, after) == 0);
    ui_app_render(u.app, 1);
    REQUIRE(plat_display_read_rgba(u.disp, full) == 0);
    CHECK(memcmp(after, full, bytes()) == 0); /* 09:31, not 09:30 */
    free(after);
    free(full);
    uitest_close(&u);
}

/* A second of the idle prompt's countdown: the sentence with the number is
 * drawn again, not the card, the shade or the button. */
static void test_countdown_marks_number(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, W, H) == 0);
    uint8_t *before = malloc(bytes()), *after = malloc(bytes()), *full = malloc(bytes());
    REQUIRE(before && after && full);
    REQUIRE(uitest_run(&u, "tap @tile.dibao\nwait 90000\nexpect-screen idle\n") == 0);
    ui_app_render(u.app, 1);
    ui_app_tick(u.app);
    ui_app_render(u.app, 0);
    SDL_Rect ok;
    REQUIRE(uitest_target_rect(u.app, "idle.ok", &ok) == 0);
    SDL_Rect patch[2] = {{ok.x + 20, ok.y + 10, 20, 20}, {40, 100, 60, 60}};
    int total = 0;
    for (int sec = 0; sec < 3; sec++) {
        for (int k = 0; k < 2; k++)
            uitest_sentinel(u.app, &patch[k]);
        REQUIRE(plat_display_read_rgba(u.disp, before) == 0);
        plat_clock_advance(1000);
        ui_app_tick(u.app);
        ui_app_render(u.app, 0);
        REQUIRE(plat_display_read_rgba(u.disp, after) == 0);
        SDL_Rect text = {ok.x, 0, ok.w, ok.y}; /* in the card, above its button */
        int outside, n = changed(before, after, &text, &outside);
        total += n;
        CHECK(n > 0);
        CHECK_EQ_INT(outside, 0);
        check_patches_kept(&u, after, full, patch, 2);
        if (outside)
            break;
    }
    printf("  three seconds of the countdown: %d pixels changed\n", total);
    free(before);
    free(after);
    free(full);
    uitest_close(&u);
}

int main(void)
{
    RUN(test_wakes_mark_what_changed);
    RUN(test_minute_marks_clock);
    RUN(test_minute_on_time);
    RUN(test_minute_reads_no_font);
    RUN(test_countdown_marks_number);
    return check_summary();
}
