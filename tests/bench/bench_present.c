/* bench_present.c — the kiosk's drawing path as it runs on a board without a
 * GPU driver: the canvas drawn by the software renderer, the changed
 * rectangles copied (turned for the panel) into a scanned-out dumb buffer
 * (screen.output = kms). Here the dumb buffer's stand-in is a panel in memory
 * with the same layout (screen.output = mem:WxH, plat_scanout.h); the copy
 * and its turning are the same code.
 *
 * Machines here are shared and their speed varies, so every figure is also
 * printed as a ratio to one full-frame render of the normal home screen
 * measured in the same run (issue 18's budgets), and the ratio is what is
 * judged:
 *   - press feedback (finger down on a tile: marked area drawn and shown),
 *     CPU and touch-to-frame latency: goal at most 0.5 full-frame renders;
 *   - a whole tap (finger down, finger up, the new screen drawn and shown,
 *     every frame included), CPU: goal at most 0.5;
 *   - a full frame shown on the panel (the copy alone), for reference, and
 *     the whole tap's parts: press, and the new screen drawn and shown (the
 *     tap less the press); the full copy alone at rotations 270 and 180 too;
 *   - a whole tap that turns a form page (异地就医备案's first page, answered,
 *     to its second by 下一步; back by 上一步 between the taps, not measured),
 *     CPU: goal at most 0.5; its parts as above;
 *   - a whole tap that opens a dialog (退出 on the same page, the dialog
 *     that asks whether to leave: a layer over the page, ui_app_layer, the
 *     page under it drawn again only where it changed, the shade and a card
 *     over all of it; 取消 between the taps, not measured), CPU: goal at
 *     most 0.5; its parts as above;
 *   - the floor under any tap that changes every pixel: the canvas written
 *     once (one opaque fill, nothing drawn on it) and shown whole, for
 *     reference: a new screen cannot cost less than this plus its press;
 *   - a whole tap within a screen, which changes part of it and opens none:
 *     a step of a date wheel on a form page (异地就医备案's start date: the
 *     day one up, then one down, in turn), which marks the day wheel and the date
 *     above the wheels,
 *     CPU: goal at most 0.5; its parts: press, the step taken (finger up and
 *     tick: the answer set and the draft saved), and the marked area drawn
 *     and shown.
 *
 * CZ_BENCH_ONLY=dialog,turn runs only the parts named (panel: the whole tap
 * to a new screen and the floor; turn; dialog; within; shown: the copy alone
 * at 270 and 180); the unit is always measured.
 *
 * The tile path: a whole-screen change within a screen (a page turned) is
 * first recorded without pixels, each drawing call folding a hash
 * of what decides its pixels into the 32 x 32 cells it touches
 * (app/ui/core/tiles.h); only the cells whose hashes differ from what the
 * canvas holds are drawn (a pass of the screen's draw per few joined areas)
 * and shown. When most cells change the whole frame is drawn instead, the
 * record then spent for nothing. A screen pushed or popped (home to the
 * menu) is drawn whole without a record. Each measured tap starts from a full frame
 * (ui_app_render(app, 1), which hashes the cells as it draws them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "fixtures.h"
#include "plat_clock.h"
#include "plat_net.h"
#include "plat_paths.h"
#include "form/form.h"
#include "ui/core/draw.h"
#include "ui/core/script.h"
#include "ui/core/services.h"
#include "ui/core/session.h"
#include "store/store.h"
#include "ui/screens/form/form_screen.h"
#include "ui/screens/home/home.h"
#include "ui/screens/home/idle.h"
#include "uitest.h"

enum { N = 200 };

static double wall_ms(void) { return fx_now_s() * 1e3; }

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double median(double *v, int n)
{
    fx_sort_doubles(v, (size_t)n);
    return v[n / 2];
}

static double p99(double *v, int n)
{
    fx_sort_doubles(v, (size_t)n);
    return v[(int)(0.99 * (n - 1) + 0.5)];
}

/* The app on a display: headless (scanout NULL) or on a panel. */
static int open_app(uitest_app *u, const char *scanout, int rotation)
{
    if (uitest_open(u, 1080, 1920) != 0) /* the test setup: clock, paths, network */
        return -1;
    if (!scanout)
        return 0;
    ui_app_free(u->app);
    plat_display_close(u->disp);
    plat_display_opts o = {.width = 1080, .height = 1920, .rotation = rotation,
                           .title = "bench", .scanout = scanout};
    char err[512];
    u->disp = plat_display_open(&o, err, sizeof err);
    const ui_app_screens screens = {ui_home_new, ui_idle_new};
    u->app = u->disp ? ui_app_new(u->disp, u->cfg, &screens, err, sizeof err) : NULL;
    if (!u->app) {
        printf("panel %s: %s\n", scanout, err);
        return -1;
    }
    return 0;
}

/* The unit's app (headless), open for the whole run: its home screen is
 * rendered once between the measured taps, so each ratio divides figures
 * taken under the same load (a shared machine's speed changes within a run). */
static uitest_app g_unit_app;

/* One full-frame render of the normal home screen (drawn, not shown), CPU
 * time of this thread (a loaded machine's waits for a core left out): a
 * sample of the unit. */
static double unit_frame(void)
{
    double c0 = cpu_ms();
    ui_app_render(g_unit_app.app, 1);
    SDL_RenderFlush(ui_app_renderer(g_unit_app.app));
    return cpu_ms() - c0;
}

/* The unit from n samples taken now. */
static double unit_now(int n)
{
    static double v[N];
    for (int i = 0; i < n && i < N; i++)
        v[i] = unit_frame();
    return median(v, n < N ? n : N);
}

static void on_panel(const char *scanout, int rotation)
{
    uitest_app u;
    if (open_app(&u, scanout, rotation) != 0)
        return;
    /* the catalogue, so the tile opens its real menu */
    form_catalog *cat = form_catalog_new();
    if (cat)
        form_catalog_load_dir(cat, check_asset("forms"));
    ui_services sv = {.forms = cat};
    ui_app_set_services(u.app, &sv);
    ui_app_render(u.app, 1);
    SDL_Rect tr;
    if (uitest_target_rect(u.app, "tile.pension", &tr) != 0) {
        printf("%s: no tile on the home screen\n", scanout);
        uitest_close(&u);
        return;
    }
    int cx = tr.x + tr.w / 2, cy = tr.y + tr.h / 2;
    static double full[N], press_cpu[N], press_lat[N], tap_cpu[N], shown[N], drawn[N], floor_[N];
    static double area[N];
    static double units[N];
    for (int i = 0; i < N; i++) {
        /* the unit beside the taps: in blocks of ten, so that on both
         * sides of a ratio most frames find their caches as they left them */
        if (i % 10 == 0)
            for (int j = i; j < i + 10 && j < N; j++)
                units[j] = unit_frame();
        /* a full frame drawn and shown, as at a screen change */
        double f0 = cpu_ms();
        ui_app_render(u.app, 1);
        full[i] = cpu_ms() - f0;
        /* press feedback: the event in, the marked tile drawn and on the panel */
        double c0 = cpu_ms();
        double t0 = wall_ms();
        uitest_send(u.app, PLAT_EV_DOWN, cx, cy);
        ui_app_render(u.app, 0);
        press_lat[i] = wall_ms() - t0;
        press_cpu[i] = cpu_ms() - c0;
        /* the rest of the tap: finger up, the next screen drawn and shown */
        uitest_send(u.app, PLAT_EV_UP, cx, cy);
        ui_app_tick(u.app);
        ui_app_render(u.app, 0);
        tap_cpu[i] = cpu_ms() - c0;
        area[i] = (double)ui_app_drawn_px(u.app) / (1080.0 * 1920.0);
        /* the new screen's full frame shown again: the copy alone */
        double s0 = cpu_ms();
        plat_display_present(u.disp);
        shown[i] = cpu_ms() - s0;
        drawn[i] = tap_cpu[i] - press_cpu[i];
        /* the least any change of every pixel costs: the canvas written once
         * (one opaque fill, nothing drawn on it) and copied whole to the panel */
        double z0 = cpu_ms();
        draw_clear(ui_app_draw(u.app), (SDL_Color){(Uint8)i, 128, 64, 255});
        plat_display_present(u.disp);
        floor_[i] = cpu_ms() - z0;
        ui_app_forget(u.app, NULL); /* the fill is no screen: drawn again below, all of it */
        ui_app_invalidate(u.app);
        char err[256];
        if (ui_script_run(u.app, "expect-screen menu\nkey escape\nexpect-screen home\n", "back",
                          NULL, err, sizeof err) != 0) {
            printf("%s: %s\n", scanout, err);
            uitest_close(&u);
            form_catalog_free(cat);
            return;
        }
        ui_app_render(u.app, 0);
    }
    double pc = median(press_cpu, N), pl = median(press_lat, N), tc = median(tap_cpu, N);
    double fp = median(full, N), sh = median(shown, N), dr = median(drawn, N);
    double unit = median(units, N);
    printf("panel %s, rotation %d (the unit beside it: %.2f ms):\n", scanout, rotation, unit);
    printf("  full frame drawn and shown, CPU median %6.2f ms  = %.2f full-frame renders\n", fp,
           fp / unit);
    printf("  press feedback CPU              median %6.2f ms, p99 %6.2f  = %.2f (goal <= 0.5) %s\n",
           pc, p99(press_cpu, N), pc / unit, pc / unit <= 0.5 ? "ok" : "OVER");
    printf("  press touch-to-frame latency    median %6.2f ms, p99 %6.2f  = %.2f (goal <= 0.5) %s\n",
           pl, p99(press_lat, N), pl / unit, pl / unit <= 0.5 ? "ok" : "OVER");
    printf("  whole tap to the new screen CPU median %6.2f ms, p99 %6.2f  = %.2f (goal <= 0.5) %s\n",
           tc, p99(tap_cpu, N), tc / unit, tc / unit <= 0.5 ? "ok" : "OVER");
    printf("  the tap's parts: press %.2f ms (%.2f) + the new screen drawn and shown %.2f ms "
           "(%.2f; %.0f %% of its pixels); a full frame shown alone %.2f ms (%.2f)\n",
           pc, pc / unit, dr, dr / unit, 100 * median(area, N), sh, sh / unit);
    double fl = median(floor_, N);
    printf("  the floor of any new screen: every pixel written once and shown, %.2f ms (%.2f); "
           "with the press %.2f\n",
           fl, fl / unit, (fl + pc) / unit);
    uitest_close(&u);
    form_catalog_free(cat);
}

/* 异地就医备案 (医保's second form) on the panel, its first page answered:
 * the app, the forms and a fresh store (db, a file name in the scratch
 * folder) it uses. */
typedef struct {
    uitest_app u;
    form_catalog *cat;
    store *st;
} form_bench;

/* 0 with the first page on top; 1 if that failed (err says why, the rest is
 * open: form_close); -1 if the app did not open (nothing to close). */
static int form_open(form_bench *b, const char *scanout, int rotation, const char *db_name,
                     char *err, size_t errlen)
{
    if (open_app(&b->u, scanout, rotation) != 0)
        return -1;
    b->cat = form_catalog_new();
    if (b->cat)
        form_catalog_load_dir(b->cat, check_asset("forms"));
    char db[1024];
    snprintf(db, sizeof db, "%s/%s", check_tmpdir(NULL), db_name);
    fx_db_remove(db);
    b->st = NULL;
    if (store_open(db, &b->st) != STORE_OK)
        b->st = NULL;
    ui_services sv = {.forms = b->cat, .store = b->st};
    ui_app_set_services(b->u.app, &sv);
    ui_app_render(b->u.app, 1);
    if (ui_script_run(b->u.app, "tap @tile.medical\ntap @menu.list.1\ntap @card.manual\n"
                                "expect-screen form\n", "bench", NULL, err, errlen) != 0)
        return 1;
    ui_screen *fs = ui_app_top(b->u.app);
    if (!fs || !ui_form_is(fs)) {
        snprintf(err, errlen, "no form screen");
        return 1;
    }
    static const char *const kv[] = {"name", "张三", "idno", "110105197005100014", "phone",
                                     "13812345678", "insured_place", "本县", "dest_province",
                                     "11", "dest_city", "北京", "remote_type", "long_stay"};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        if (form_inst_set(ui_form_inst(fs), kv[i], kv[i + 1], err, errlen) != FORM_OK)
            return 1;
    return 0;
}

static void form_close(form_bench *b)
{
    uitest_close(&b->u);
    store_close(b->st);
    form_catalog_free(b->cat);
}

/* A whole tap within a screen on the panel: a date wheel's step on a form
 * page (it marks the day wheel and the date above), the unit beside it as above. */
static void in_screen(const char *scanout, int rotation)
{
    form_bench b;
    char err[256];
    int rc = form_open(&b, scanout, rotation, "bench-present.db", err, sizeof err);
    if (rc < 0)
        return;
    /* on to the third page: the start date's wheels */
    int ok = rc == 0 && ui_script_run(b.u.app, "tap @form.next\ntap @form.next\n"
                                            "expect-target @f.start_date.date.d.up\n", "bench",
                                      NULL, err, sizeof err) == 0;
    static const char *const steps[2] = {"f.start_date.date.d.up", "f.start_date.date.d.down"};
    int cx[2] = {0, 0}, cy[2] = {0, 0};
    for (int k = 0; ok && k < 2; k++) {
        SDL_Rect tr;
        ok = uitest_target_rect(b.u.app, steps[k], &tr) == 0;
        cx[k] = tr.x + tr.w / 2;
        cy[k] = tr.y + tr.h / 2;
        if (!ok)
            snprintf(err, sizeof err, "no %s", steps[k]);
    }
    if (!ok) {
        printf("panel %s, a tap within a screen: %s\n", scanout, err);
        form_close(&b);
        return;
    }
    ui_app_render(b.u.app, 1);
    static double press[N], step[N], drawn[N], tap[N], units[N];
    for (int i = 0; i < N; i++) {
        if (i % 10 == 0)
            for (int j = i; j < i + 10 && j < N; j++)
                units[j] = unit_frame();
        int k = i % 2; /* a day up, then down: the date stays in its month */
        double c0 = cpu_ms();
        uitest_send(b.u.app, PLAT_EV_DOWN, cx[k], cy[k]);
        ui_app_render(b.u.app, 0);
        double c1 = cpu_ms();
        uitest_send(b.u.app, PLAT_EV_UP, cx[k], cy[k]);
        ui_app_tick(b.u.app);
        double c2 = cpu_ms();
        ui_app_render(b.u.app, 0);
        double c3 = cpu_ms();
        press[i] = c1 - c0;
        step[i] = c2 - c1;
        drawn[i] = c3 - c2;
        tap[i] = c3 - c0;
    }
    double unit = median(units, N), tc = median(tap, N);
    printf("panel %s, rotation %d, a tap within a screen (a date wheel's step on a form page, "
           "which marks the day wheel and the date; the unit beside it: %.2f ms):\n",
           scanout, rotation, unit);
    printf("  whole tap within the screen CPU median %6.2f ms, p99 %6.2f  = %.2f (goal <= 0.5) %s\n",
           tc, p99(tap, N), tc / unit, tc / unit <= 0.5 ? "ok" : "OVER");
    double pm = median(press, N), sm = median(step, N), dm = median(drawn, N);
    printf("  the tap's parts: press %.2f ms (%.2f) + the step taken (the draft saved) %.2f ms "
           "(%.2f) + the marked area drawn and shown %.2f ms (%.2f)\n",
           pm, pm / unit, sm, sm / unit, dm, dm / unit);
    form_close(&b);
}

/* A whole tap on 异地就医备案's first page, answered, on the panel: on id
 * (下一步 to its second page, or 退出 opening the dialog that asks whether
 * to leave), back between the taps by the script back (unmeasured), each
 * tap from a full frame of the first page, the unit beside it. what names
 * the tap, to its new look. */
static void form_tap(const char *scanout, int rotation, const char *id, const char *prep,
                     const char *back, const char *what, const char *to)
{
    form_bench b;
    char err[256];
    int rc = form_open(&b, scanout, rotation, "bench-turn.db", err, sizeof err);
    if (rc < 0)
        return;
    int ok = rc == 0;
    if (ok && prep) /* through the screen, as a villager changes the form */
        ok = ui_script_run(b.u.app, prep, "prep", NULL, err, sizeof err) == 0;
    SDL_Rect tr;
    ui_app_render(b.u.app, 1);
    if (ok && uitest_target_rect(b.u.app, id, &tr) != 0) {
        snprintf(err, sizeof err, "no %s", id);
        ok = 0;
    }
    if (!ok) {
        printf("panel %s, %s: %s\n", scanout, what, err);
        form_close(&b);
        return;
    }
    int cx = tr.x + tr.w / 2, cy = tr.y + tr.h / 2;
    static double press[N], drawn[N], tap[N], units[N], area[N];
    int n = 0;
    for (int i = 0; i < N; i++) {
        if (i % 10 == 0)
            for (int j = i; j < i + 10 && j < N; j++)
                units[j] = unit_frame();
        ui_app_render(b.u.app, 1); /* the first page, in full */
        double c0 = cpu_ms();
        uitest_send(b.u.app, PLAT_EV_DOWN, cx, cy);
        ui_app_render(b.u.app, 0);
        double c1 = cpu_ms();
        uitest_send(b.u.app, PLAT_EV_UP, cx, cy);
        ui_app_tick(b.u.app);
        ui_app_render(b.u.app, 0);
        double c2 = cpu_ms();
        press[i] = c1 - c0;
        drawn[i] = c2 - c1;
        tap[i] = c2 - c0;
        area[i] = (double)ui_app_drawn_px(b.u.app) / (1080.0 * 1920.0);
        n++;
        if (ui_script_run(b.u.app, back, "back", NULL, err, sizeof err) != 0) {
            printf("panel %s, %s: %s\n", scanout, what, err);
            break;
        }
    }
    if (n == N) {
        double unit = median(units, N), tc = median(tap, N);
        printf("panel %s, rotation %d, %s (the unit beside it: %.2f ms):\n", scanout, rotation,
               what, unit);
        printf("  whole tap to %-16s CPU median %6.2f ms, p99 %6.2f  = %.2f (goal <= 0.5) %s\n", to,
               tc, p99(tap, N), tc / unit, tc / unit <= 0.5 ? "ok" : "OVER");
        double pm = median(press, N), dm = median(drawn, N);
        printf("  the tap's parts: press %.2f ms (%.2f) + %s drawn and shown %.2f ms "
               "(%.2f; the screen drawn in %.0f %% of its pixels%s)\n",
               pm, pm / unit, to, dm, dm / unit, 100 * median(area, N),
               strcmp(id, "form.quit") ? "" : ", the dialog's layer over all of them");
    }
    form_close(&b);
}

/* A full frame shown alone (the copy into the panel), at the other turns. */
static void shown_only(const char *scanout, int rotation)
{
    uitest_app u;
    if (open_app(&u, scanout, rotation) != 0)
        return;
    ui_app_render(u.app, 1);
    static double v[N];
    double unit = unit_now(N / 4);
    for (int i = 0; i < N; i++) {
        double c0 = cpu_ms();
        plat_display_present(u.disp);
        v[i] = cpu_ms() - c0;
    }
    double m = median(v, N);
    unit = (unit + unit_now(N / 4)) / 2; /* before and after */
    printf("panel %s, rotation %d: a full frame shown, CPU median %6.2f ms, p99 %6.2f  = %.2f "
           "full-frame renders\n",
           scanout, rotation, m, p99(v, N), m / unit);
    uitest_close(&u);
}

/* 1 when part is to run: every part, or those CZ_BENCH_ONLY names
 * (CZ_BENCH_ONLY=dialog,turn; parts: panel, turn, dialog, within, shown). */
static int wanted(const char *part)
{
    const char *only = getenv("CZ_BENCH_ONLY");
    return !only || !*only || strstr(only, part) != NULL;
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    if (open_app(&g_unit_app, NULL, 0) != 0) {
        printf("cannot render the home screen\n");
        return 1;
    }
    ui_app_render(g_unit_app.app, 1); /* warm its glyph cache */
    printf("unit: one full-frame render of the normal home screen at 1080x1920: %.2f ms CPU "
           "(at the start; each figure below is divided by the unit measured beside it)\n",
           unit_now(N));
    if (wanted("panel")) {
        on_panel("mem:1920x1080", 90); /* a portrait canvas on a landscape panel */
        on_panel("mem:1080x1920", 0);
    }
    static const char *const turn = "a whole tap that turns a form page (下一步 on 异地就医备案's "
                                    "first page)";
    static const char *const turn_back = "expect-target @form.prev\ntap @form.prev\n"
                                         "expect-target @f.name\n";
    static const char *const quit = "a whole tap that opens a dialog (退出 on 异地就医备案's first "
                                    "page: the screen dimmed, a card over it)";
    static const char *const quit_back = "expect-target @form.dlg.cancel\ntap @form.dlg.cancel\n"
                                         "expect-target @form.quit\n";
    /* 退出 asks only once something was changed through the screen */
    static const char *const quit_prep = "tap @f.phone\nkey backspace\ntext 8\ntap @form.done\n"
                                         "expect-target @form.quit\n";
    if (wanted("turn")) {
        form_tap("mem:1920x1080", 90, "form.next", NULL, turn_back, turn, "the next page");
        form_tap("mem:1080x1920", 0, "form.next", NULL, turn_back, turn, "the next page");
    }
    if (wanted("dialog")) {
        form_tap("mem:1920x1080", 90, "form.quit", quit_prep, quit_back, quit, "the dialog");
        form_tap("mem:1080x1920", 0, "form.quit", quit_prep, quit_back, quit, "the dialog");
    }
    if (wanted("within")) {
        in_screen("mem:1920x1080", 90);
        in_screen("mem:1080x1920", 0);
    }
    if (wanted("shown")) {
        shown_only("mem:1920x1080", 270);
        shown_only("mem:1080x1920", 180);
    }
    uitest_close(&g_unit_app);
    return 0;
}
