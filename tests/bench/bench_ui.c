/* bench_ui.c — start-up, rendering, idle CPU, memory and binary size of the
 * emulator at 1080x1920 with the software renderer.
 *
 * Prints: time from exec to first frame (median of runs), time to render each
 * screen (median and p99 over many frames), a keystroke on an open keyboard,
 * idle CPU over 30 s without and with a minute change (the clock redrawn),
 * beside it the wake alone of a do-nothing process as large as the emulator,
 * peak RSS, and the stripped binary size. Goals (issue 8):
 * first frame < 150 ms, every screen < 4 ms, idle CPU < 0.5 %, peak RSS < 48 MB.
 *
 * Machines here are shared and their speed varies, so the budgets of issue 18
 * are printed as ratios to one full-frame render of the normal home screen
 * measured in the same run (the unit, in CPU time of the drawing thread: on a
 * loaded machine the wall time of a frame counts the waits for a core too;
 * taken beside each measurement, in blocks between its frames or just before
 * and after it, so both sides of a ratio see the same load),
 * and the ratio is what is judged: every
 * screen rendered in full (large text and the dialog shade included) at most
 * 1.2 units; a keystroke on an open keyboard (finger down, finger up, every
 * frame drawn) at most 0.2; idle on the home screen at most 1 ms of CPU per 30 s.
 *
 * The input method's engines are installed as the kiosk installs them, so a
 * letter on the pinyin keyboard brings its candidates (without them the bar
 * said the engine was missing, and the keystroke drew no candidates).
 *
 * CZ_BENCH_ONLY=first,press,time,keys,idle,binary runs only the parts named (the
 * screens' renders always run: they make the unit). For a profiler:
 * CZ_BENCH_SCENE="dialog shade elderly" renders the unit and that screen only,
 * CZ_BENCH_FRAMES=N fewer frames than 300; CZ_BENCH_KEY=pinyin (or digit)
 * times one keyboard's keystroke only.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "check.h"
#include "fixtures.h"
#include "form/form.h"
#include "plat_clock.h"
#include "store/store.h"
#include "ui/core/script.h"
#include "ui/core/services.h"
#include "uitest.h"
#include "ui/core/session.h"
#include "ui/screens/form/form_camera.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/screens/tech/tech.h"
#include "ui/screens/tech/tech_link.h"

static double mono_ms(void) { return fx_now_s() * 1e3; }

static double pct(double *v, int n, double p)
{
    fx_sort_doubles(v, (size_t)n);
    int i = (int)(p * (n - 1) + 0.5);
    return v[i];
}

static long max_rss_kb;

/* Runs the emulator with args; returns ms from fork to the first frame it reports. */
static double first_frame_run(void)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    char shot[512];
    snprintf(shot, sizeof shot, "%s/bench-first.png", check_tmpdir(NULL));
    double t0 = mono_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        execl(CZ_BENCH_EMU, CZ_BENCH_EMU, "--headless", "--timing", "--assets", CZ_BENCH_ASSETS,
              "--clock", "2026-11-22T09:30", "--shot", shot, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char buf[256] = "";
    ssize_t n = read(fd[0], buf, sizeof buf - 1);
    close(fd[0]);
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    if (ru.ru_maxrss > max_rss_kb)
        max_rss_kb = ru.ru_maxrss;
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    const char *at = strstr(buf, "at ");
    return at ? atof(at + 3) - t0 : -1;
}

static void bench_first_frame(void)
{
    double v[15];
    int n = 0;
    for (int i = 0; i < 15; i++) {
        double ms = first_frame_run();
        if (ms >= 0)
            v[n++] = ms;
    }
    if (!n) {
        printf("first frame: could not run %s\n", CZ_BENCH_EMU);
        return;
    }
    printf("first frame (exec to first frame, 1080x1920): median %.1f ms, max %.1f ms over %d runs (goal < 150 ms)\n",
           pct(v, n, 0.5), pct(v, n, 1.0), n);
}

typedef struct {
    const char *name;
    int w, h, elderly;
    const char *script; /* run before timing, to reach the screen */
} scene;

/* A form with something typed, then 返回: the dialog asking whether to leave.
 * In large text 联系电话 is below the fold (a tap there lands on the footer),
 * so the large-text scenes type into 公民身份号码, which is in view; each
 * script ends by checking it reached what it is named after. */
#define DIALOG "tap @tile.dibao\ntap @card.manual\ntap @f.phone\ntext 138\ntap @form.quit\n" \
               "expect-target @form.dlg.ok\n"
#define DIALOG_L "tap @tile.dibao\ntap @card.manual\ntap @f.idno\ntap @kb.k.1\ntap @form.quit\n" \
                 "expect-target @form.dlg.ok\n"
#define KEYBOARD "tap @tile.dibao\ntap @card.manual\ntap @f.phone\nexpect-target @kb.k.5\n"
#define KEYBOARD_L "tap @tile.dibao\ntap @card.manual\ntap @f.idno\nexpect-target @kb.k.5\n"
#define PINYIN "tap @tile.dibao\ntap @card.manual\ntap @f.name\nexpect-target @kb.k.a\n"
#define HAND "tap @tile.dibao\ntap @card.manual\ntap @f.name\nexpect-target @form.done\n"
#define IDLE "tap @tile.dibao\nwait 90000\nexpect-screen idle\n"

/* Every screen in normal and large text (elderly); the first is the unit. */
static const scene SCENES[] = {
    {"home 1080x1920", 1080, 1920, 0, NULL},
    {"home 1080x1920 elderly", 1080, 1920, 1, NULL},
    {"home 1920x1080", 1920, 1080, 0, NULL},
    {"home 1920x1080 elderly", 1920, 1080, 1, NULL},
    {"home 1280x800", 1280, 800, 0, NULL},
    {"home 1280x800 elderly", 1280, 800, 1, NULL},
    {"menu", 1080, 1920, 0, "tap @tile.pension\nexpect-screen menu\n"},
    {"menu elderly", 1080, 1920, 1, "tap @tile.pension\nexpect-screen menu\n"},
    {"card page", 1080, 1920, 0, "tap @tile.dibao\nexpect-target @card.manual\n"},
    {"card page elderly", 1080, 1920, 1, "tap @tile.dibao\nexpect-target @card.manual\n"},
    {"form page", 1080, 1920, 0, "tap @tile.dibao\ntap @card.manual\nexpect-target @f.name\n"},
    {"form page elderly", 1080, 1920, 1, "tap @tile.dibao\ntap @card.manual\nexpect-target @f.name\n"},
    {"form page, number pad", 1080, 1920, 0, KEYBOARD},
    {"form page, number pad elderly", 1080, 1920, 1, KEYBOARD_L},
    {"form page, pinyin keyboard", 1080, 1920, 0, PINYIN},
    {"form page, handwriting elderly", 1080, 1920, 1, HAND},
    {"query ways", 1080, 1920, 0, "tap @tile.query\nexpect-screen form\n"},
    {"query ways elderly", 1080, 1920, 1, "tap @home.page.next\ntap @tile.query\nexpect-screen form\n"},
    {"dialog shade", 1080, 1920, 0, DIALOG},
    {"dialog shade elderly", 1080, 1920, 1, DIALOG_L},
    {"idle prompt", 1080, 1920, 0, IDLE},
    {"idle prompt elderly", 1080, 1920, 1, IDLE},
};

static double thread_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double g_unit; /* one full-frame render of the normal home screen, this run */

/* A headless app with the real catalogue and a store in the scratch folder. */
typedef struct {
    uitest_app u;
    form_catalog *cat;
    store *st;
    ui_services sv;
} rig;

static int rig_open_db(rig *r, int w, int h, int elderly, const char *dbname)
{
    memset(r, 0, sizeof *r);
    if (uitest_open(&r->u, w, h) != 0)
        return -1;
    r->cat = form_catalog_new();
    if (r->cat)
        form_catalog_load_dir(r->cat, check_asset("forms"));
    char db[1024];
    snprintf(db, sizeof db, "%s/%s", check_tmpdir(NULL), dbname);
    fx_db_remove(db);
    if (store_open(db, &r->st) != STORE_OK)
        r->st = NULL;
    r->sv.forms = r->cat;
    r->sv.store = r->st;
    ui_app_set_services(r->u.app, &r->sv);
    ui_app_set_elderly(r->u.app, elderly);
    return 0;
}

static int rig_open(rig *r, int w, int h, int elderly)
{
    return rig_open_db(r, w, h, elderly, "bench-ui.db");
}

static void rig_close(rig *r)
{
    uitest_close(&r->u);
    store_close(r->st);
    form_catalog_free(r->cat);
}

/* The unit's own app, open beside every measured one: the normal home screen
 * at 1080x1920, rendered in full between the measured frames, so that each
 * ratio divides figures taken under the same load (a shared machine's speed
 * changes within a run: a unit taken once at the start judged later screens
 * by another machine's speed). */
static rig g_home;

/* One full-frame render of the unit's home screen: CPU ms of this thread. */
static double unit_frame(void)
{
    double c0 = thread_cpu_ms();
    ui_app_render(g_home.u.app, 1);
    SDL_RenderFlush(ui_app_renderer(g_home.u.app));
    return thread_cpu_ms() - c0;
}

/* n unit frames into u (n at most the array's size). */
static void unit_frames(double *u, int n)
{
    for (int i = 0; i < n; i++)
        u[i] = unit_frame();
}

static void bench_render(void)
{
    enum { FRAMES = 300 };
    const char *env = getenv("CZ_BENCH_FRAMES");
    int frames = env && atoi(env) > 0 && atoi(env) < FRAMES ? atoi(env) : FRAMES;
    const char *only = getenv("CZ_BENCH_SCENE");
    for (size_t i = 0; i < sizeof SCENES / sizeof SCENES[0]; i++) {
        if (i > 0 && only && *only && strcmp(SCENES[i].name, only) != 0)
            continue;
        rig r;
        if (rig_open(&r, SCENES[i].w, SCENES[i].h, SCENES[i].elderly) != 0)
            return;
        ui_app *app = r.u.app;
        if (SCENES[i].script) {
            char err[256];
            if (ui_script_run(app, SCENES[i].script, "bench", NULL, err, sizeof err) != 0) {
                printf("render %s: not reached: %s\n", SCENES[i].name, err);
                rig_close(&r);
                continue;
            }
        }
        ui_app_render(app, 1); /* warm the glyph cache */
        /* blocks of the unit's frames and this screen's in turn: the same
         * load for both, each block's frames in warm caches */
        enum { BLOCK = 10 };
        static double v[FRAMES], c[FRAMES], u[FRAMES];
        for (int f = 0; f < frames; f++) {
            if (f % BLOCK == 0)
                unit_frames(u + f, f + BLOCK <= frames ? BLOCK : frames - f);
            double t0 = mono_ms(), c0 = thread_cpu_ms();
            ui_app_render(app, 1);
            SDL_RenderFlush(ui_app_renderer(app));
            v[f] = mono_ms() - t0;
            c[f] = thread_cpu_ms() - c0;
        }
        double med = pct(v, frames, 0.5), p99 = pct(v, frames, 0.99);
        double cmed = pct(c, frames, 0.5), unit = pct(u, frames, 0.5);
        if (i == 0)
            g_unit = unit; /* for the parts below: CPU, which other load moves least */
        double ratio = cmed / unit;
        printf("render %-38s median %.2f ms, p99 %.2f ms (goal < 4 ms), CPU %.2f ms = %.2f units "
               "of %.2f ms (goal <= 1.2) %s\n",
               SCENES[i].name, med, p99, cmed, ratio, unit, ratio <= 1.2 ? "ok" : "OVER");
        rig_close(&r);
    }
}

/* What a finger's press feedback costs: the frame after finger-down on a home
 * tile drawn as marked (the tile) against the same frame drawn in full, and
 * the minute's clock band against a full frame. One run, so the ratio holds
 * on any machine. */
static void bench_press(void)
{
    enum { N = 200 };
    for (int elderly = 0; elderly <= 1; elderly++) {
        uitest_app u;
        if (uitest_open(&u, 1080, 1920) != 0)
            return;
        ui_app_set_elderly(u.app, elderly);
        ui_app_render(u.app, 1);
        SDL_Rect tr;
        if (uitest_target_rect(u.app, "tile.pension", &tr) != 0) {
            printf("press: no tile on the home screen\n");
            uitest_close(&u);
            return;
        }
        int cx = tr.x + tr.w / 2, cy = tr.y + tr.h / 2;
        static double part[N], full[N];
        for (int i = 0; i < N; i++) {
            uitest_send(u.app, PLAT_EV_DOWN, cx, cy);
            double t0 = mono_ms();
            ui_app_render(u.app, 0);
            SDL_RenderFlush(ui_app_renderer(u.app));
            part[i] = mono_ms() - t0;
            t0 = mono_ms();
            ui_app_render(u.app, 1);
            SDL_RenderFlush(ui_app_renderer(u.app));
            full[i] = mono_ms() - t0;
            uitest_send(u.app, PLAT_EV_MOVE, cx + 200, cy); /* drag off: no tap */
            uitest_send(u.app, PLAT_EV_UP, cx + 200, cy);
            ui_app_render(u.app, 0);
        }
        double pm = pct(part, N, 0.5), fm = pct(full, N, 0.5);
        printf("press feedback, home%s: marked area %.2f ms, full frame %.2f ms (median of %d): "
               "%.1fx less (goal: a small fraction of a full frame)\n",
               elderly ? " large text" : "", pm, fm, N, fm / (pm > 0 ? pm : 1e-3));
        uitest_close(&u);
    }
}


/* What time passing costs the drawing thread (virtual time, so one run
 * gives many): a minute on the home screen (the clock redrawn and shown)
 * and a second of the idle prompt's countdown (its sentence), CPU. */
static void bench_time_passing(void)
{
    enum { N = 60 };
    static double v[N];
    uitest_app u;
    if (uitest_open(&u, 1080, 1920) != 0)
        return;
    ui_app_render(u.app, 1);
    ui_app_tick(u.app);
    ui_app_render(u.app, 0);
    for (int i = 0; i < N; i++) {
        plat_clock_advance(60 * 1000);
        double c0 = thread_cpu_ms();
        ui_app_tick(u.app);
        ui_app_render(u.app, 0);
        SDL_RenderFlush(ui_app_renderer(u.app));
        v[i] = thread_cpu_ms() - c0;
    }
    double m = pct(v, N, 0.5);
    printf("a minute on the home screen (the clock redrawn): CPU median %.3f ms, p99 %.3f ms = "
           "%.3f units\n", m, pct(v, N, 0.99), m / g_unit);
    int got = uitest_run(&u, "tap @tile.dibao\nwait 90000\nexpect-screen idle\n") == 0;
    if (got) {
        ui_app_render(u.app, 1);
        ui_app_tick(u.app);
        ui_app_render(u.app, 0);
        int n = 0;
        for (; n < 15; n++) { /* seconds 19..5 of the countdown */
            plat_clock_advance(1000);
            double c0 = thread_cpu_ms();
            ui_app_tick(u.app);
            ui_app_render(u.app, 0);
            SDL_RenderFlush(ui_app_renderer(u.app));
            v[n] = thread_cpu_ms() - c0;
        }
        m = pct(v, n, 0.5);
        printf("a second of the idle prompt's countdown: CPU median %.3f ms, p99 %.3f ms = %.3f "
               "units\n", m, pct(v, n, 0.99), m / g_unit);
    }
    uitest_close(&u);
}

static void cam_done(void *ud, ui_app *a, const form_field *f, const char *name)
{
    (void)ud, (void)a, (void)f, (void)name;
}

/* A frame of the camera's preview: the picture's box drawn again as a new
 * frame from a document camera marks it (the emulator's sample pages lie
 * still, so the bench marks the box, found by its dark grey, with the
 * picture in it), CPU of this thread against the unit, on the portrait
 * panel and the landscape one (where the picture is largest). */
static void bench_camera(void)
{
    enum { N = 120 };
    static const int SIZE[][2] = {{1080, 1920}, {1920, 1080}};
    for (size_t k = 0; k < sizeof SIZE / sizeof SIZE[0]; k++) {
        rig r;
        if (rig_open(&r, SIZE[k][0], SIZE[k][1], 0) != 0)
            return;
        r.sv.camera_source = check_asset("camera"); /* the emulator's sample pages */
        ui_app_set_services(r.u.app, &r.sv);
        const form_def *def = form_catalog_find(r.cat, "dibao");
        const form_field *fld = def ? form_def_field(def, "hukou_photo") : NULL;
        ui_screen *s = fld ? form_camera_new(fld, cam_done, NULL) : NULL;
        if (!s) {
            printf("camera preview %dx%d: no page\n", SIZE[k][0], SIZE[k][1]);
            rig_close(&r);
            return;
        }
        ui_app_push(r.u.app, s);
        ui_app_render(r.u.app, 1);
        for (int i = 0; i < 5; i++) { /* the camera opened and its page shown */
            plat_clock_advance(66);
            ui_app_tick(r.u.app);
            ui_app_render(r.u.app, 0);
        }
        SDL_Rect all = {0, 0, SIZE[k][0], SIZE[k][1]}, mid;
        if (uitest_color_box(&r.u, &all, (SDL_Color){34, 34, 34, 255}, &mid) <= 0 || mid.w == 0) {
            printf("camera preview %dx%d: no picture's box\n", SIZE[k][0], SIZE[k][1]);
            rig_close(&r);
            return;
        }
        static double v[N], u[N];
        int n = 0;
        for (int i = 0; i < N; i++) {
            ui_app_invalidate_rect(r.u.app, &mid);
            double c0 = thread_cpu_ms();
            ui_app_render(r.u.app, 0);
            SDL_RenderFlush(ui_app_renderer(r.u.app));
            v[n] = thread_cpu_ms() - c0;
            u[n++] = unit_frame();
        }
        if (n == 0) {
            printf("camera preview %dx%d: no frame drawn\n", SIZE[k][0], SIZE[k][1]);
        } else {
            double m = pct(v, n, 0.5), um = pct(u, n, 0.5);
            printf("camera preview frame %dx%d: CPU median %.2f ms, p99 %.2f ms = %.2f units of "
                   "%.2f ms (%d frames)\n",
                   SIZE[k][0], SIZE[k][1], m, pct(v, n, 0.99), m / um, um, n);
        }
        rig_close(&r);
    }
}

/* A keystroke on an open keyboard: finger down on a key, finger up, every
 * frame the loop would draw (CPU of this thread), against the unit. The
 * digits pad on 联系电话, the pinyin keyboard on 姓名 (a letter changes the
 * candidates too), the technician's PIN (the corner gesture, a PIN set) and
 * the agent's number on the sign-in screen; and a name's letters on 姓名
 * (j-i-a-n-g-u-o: the engine's phrases, 建国 ranked before 见过). The field
 * is cleared (not timed) every `every` keys: a PIN holds six. letters:
 * the keys typed in turn ("kb.k.<letter>"), else key every time. */
static void bench_keys(void)
{
    enum { N = 200, UNITS = 50 };
    static const struct {
        const char *name, *script, *key, *clear;
        int every;
        const char *letters;
    } K[] = {
        {"digit on the number pad", "tap @tile.dibao\ntap @card.manual\ntap @f.phone\n", "kb.k.5",
         "kb.k.clear", 8, NULL},
        {"letter on the pinyin keyboard", "tap @tile.dibao\ntap @card.manual\ntap @f.name\n",
         "kb.k.a", "kb.k.clear", 8, NULL},
        {"letters of a name (jianguo)", "tap @tile.dibao\ntap @card.manual\ntap @f.name\n",
         "kb.k.j", "kb.k.clear", 7, "jianguo"},
        {"digit on the technician's PIN",
         "down 30 30\nwait 2100\nup 30 30\nwait 300\ndown 1050 30\nwait 2100\nup 1050 30\n"
         "expect-screen tech.pin\n", "tech.pad.k.5", "tech.pad.k.clear", 6, NULL},
        {"digit on the agent sign-in", "tap @tile.agent\nexpect-screen agent_signin\n",
         "agent.kb.k.5", "agent.kb.k.clear", 8, NULL},
    };
    const char *only = getenv("CZ_BENCH_KEY");
    for (size_t k = 0; k < sizeof K / sizeof K[0]; k++) {
        if (only && *only && !strstr(K[k].name, only))
            continue;
        rig r;
        if (rig_open(&r, 1080, 1920, 0) != 0)
            return;
        ui_app *a = r.u.app;
        char err[256];
        static tech_link link_; /* the corner gesture opens the PIN: a PIN is set */
        char hash[AUTH_HASH_MAX], conf[1100];
        snprintf(conf, sizeof conf, "%s/bench-settings.conf", check_tmpdir(NULL));
        if (strstr(K[k].key, "tech.") && auth_pin_hash("482915", hash) == AUTH_OK &&
            core_config_set(r.u.cfg, "tech.pin_hash", hash, err, sizeof err) == 0) {
            tech_link_init(&link_, r.u.cfg, ui_app_services(a), conf, check_tmpdir(NULL), NULL,
                           "bench");
            ui_tech_install(a, &link_.services);
        }
        if (ui_script_run(a, K[k].script, "bench", NULL, err, sizeof err) != 0) {
            printf("keystroke %s: %s\n", K[k].name, err);
            rig_close(&r);
            continue;
        }
        ui_app_render(a, 1);
        SDL_Rect tr;
        if (uitest_target_rect(a, K[k].key, &tr) != 0) {
            printf("keystroke %s: no key %s\n", K[k].name, K[k].key);
            rig_close(&r);
            continue;
        }
        SDL_Rect lr[16]; /* the letters' keys, in turn */
        int nl = K[k].letters ? (int)strlen(K[k].letters) : 0;
        nl = nl > 16 ? 16 : nl;
        for (int j = 0; j < nl; j++) {
            char id[16];
            snprintf(id, sizeof id, "kb.k.%c", K[k].letters[j]);
            if (uitest_target_rect(a, id, &lr[j]) != 0)
                lr[j] = tr;
        }
        static double v[N], u[2 * UNITS];
        unit_frames(u, UNITS); /* the unit: just before and just after, same load */
        ui_app_render(a, 1);
        for (int i = 0; i < N; i++) {
            if (i % K[k].every == 0) { /* keep the field short: clear it (not timed) */
                char clear[96];
                snprintf(clear, sizeof clear, "tap @%s\n", K[k].clear);
                ui_script_run(a, clear, "bench", NULL, err, sizeof err);
                ui_app_render(a, 0);
            }
            const SDL_Rect *kr = nl ? &lr[i % K[k].every % nl] : &tr;
            int cx = kr->x + kr->w / 2, cy = kr->y + kr->h / 2;
            double c0 = thread_cpu_ms();
            uitest_send(a, PLAT_EV_DOWN, cx, cy);
            ui_app_render(a, 0);
            uitest_send(a, PLAT_EV_UP, cx, cy);
            ui_app_tick(a);
            ui_app_render(a, 0);
            SDL_RenderFlush(ui_app_renderer(a));
            v[i] = thread_cpu_ms() - c0;
        }
        unit_frames(u + UNITS, UNITS);
        double unit = pct(u, 2 * UNITS, 0.5);
        double med = pct(v, N, 0.5), p99 = pct(v, N, 0.99), ratio = med / unit;
        printf("keystroke, %-29s median %.2f ms, p99 %.2f ms CPU = %.2f units of %.2f ms "
               "(goal <= 0.2) %s\n",
               K[k].name, med, p99, ratio, unit, ratio <= 0.2 ? "ok" : "OVER");
        rig_close(&r);
    }
}

/* CPU time of every thread of pid so far, in ms (schedstat: nanoseconds, so
 * a few wake-ups show, unlike clock ticks of 10 ms); -1 if unreadable. */
static double process_cpu_ms(pid_t pid)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    unsigned long long ns = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[400];
        snprintf(path, sizeof path, "%s/%s/schedstat", dir, de->d_name);
        FILE *f = fopen(path, "r");
        unsigned long long t = 0;
        if (f) {
            if (fscanf(f, "%llu", &t) == 1)
                ns += t;
            fclose(f);
        }
    }
    closedir(d);
    return (double)ns / 1e6;
}

/* Resident set of pid in KiB (VmRSS); -1 if unreadable. */
static long rss_now_kb(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    return (long)fx_proc_number(path, "VmRSS");
}

/* The emulator's anonymous memory on huge pages, in KiB (AnonHugePages);
 * 0 if none or unreadable. */
static long huge_now_kb(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    double v = fx_proc_number(path, "AnonHugePages");
    return v > 0 ? (long)v : 0;
}

/* The reference under the minute's figure, run as
 * `bench_ui --wake-floor KB HUGE_KB`: a process that holds KB of memory it
 * has written, HUGE_KB of it advised for huge pages as the emulator's
 * canvas is (display.c), and does nothing but sleep to each minute boundary
 * and wake there, as the kiosk's clock does (half a second later, so that
 * the two wake-ups do not meet).
 * Where waking after an idle spell costs by the number of small pages
 * mapped (a virtual machine that rebuilds the page tables of a process that
 * slept), this is what the wake alone costs, before the kiosk does any work. */
static int wake_floor_child(long kb, long huge_kb)
{
    if (huge_kb < 0 || huge_kb > kb)
        huge_kb = 0;
    size_t n = (size_t)(kb - huge_kb) * 1024, hn = (size_t)huge_kb * 1024, align = (size_t)2 << 20;
    volatile char *b = malloc(n ? n : 1);
    char *h = hn ? aligned_alloc(align, (hn + align - 1) / align * align) : NULL;
    if (!b || (hn && !h))
        return 1;
#ifdef MADV_HUGEPAGE
    if (h)
        madvise(h, (hn + align - 1) / align * align, MADV_HUGEPAGE);
#endif
    for (size_t i = 0; i < n; i += 64)
        b[i] = 1;
    for (size_t i = 0; i < hn; i += 64)
        ((volatile char *)h)[i] = 1;
    for (;;) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        long ms = 60000 - (long)(ts.tv_sec % 60) * 1000 - ts.tv_nsec / 1000000;
        ms += 500; /* half a second after the kiosk's clock: not on the same instant */
        struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
        nanosleep(&d, NULL);
    }
}

/* Starts a wake_floor_child holding kb, huge_kb of it on huge pages; its
 * pid, or -1. */
static pid_t wake_floor_start(long kb, long huge_kb)
{
    pid_t pid = fork();
    if (pid == 0) {
        char arg[32], harg[32];
        snprintf(arg, sizeof arg, "%ld", kb);
        snprintf(harg, sizeof harg, "%ld", huge_kb);
        execl("/proc/self/exe", "bench_ui", "--wake-floor", arg, harg, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* CPU of every thread of pids p[0..n) over 30 s from now, in ms per 30 s
 * each (one window for all: the same minute, the same machine). */
static void idle_windows(const pid_t *p, int n, double *per30, double *secs)
{
    double c0[2], c1[2], w0 = mono_ms();
    for (int i = 0; i < n; i++)
        c0[i] = process_cpu_ms(p[i]);
    sleep(30);
    for (int i = 0; i < n; i++)
        c1[i] = process_cpu_ms(p[i]);
    *secs = (mono_ms() - w0) / 1000;
    for (int i = 0; i < n; i++)
        per30[i] = c0[i] < 0 || c1[i] < 0 ? -1 : (c1[i] - c0[i]) * 30000.0 / (*secs * 1000);
}

/* Idle on the home screen over two windows of 30 s on the wall clock: the
 * first inside one minute (the clock does not change), the second across
 * the next minute (the clock redraws once), so both cases are measured
 * whenever the bench runs. Then the wake alone of a process of the
 * emulator's size (wake_floor), printed beside the minute's figure. */
static void bench_idle(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl(CZ_BENCH_EMU, CZ_BENCH_EMU, "--headless", "--assets", CZ_BENCH_ASSETS, (char *)NULL);
        _exit(127);
    }
    usleep(1500 * 1000); /* let it start */
    /* beside it, for the same windows, a process of its size that only wakes */
    long rss_kb = rss_now_kb(pid), huge_kb = huge_now_kb(pid);
    pid_t p[2] = {pid, rss_kb > 0 ? wake_floor_start(rss_kb, huge_kb) : -1};
    int np = p[1] > 0 ? 2 : 1;
    if (np == 2)
        usleep(1000 * 1000); /* written its memory */
    /* start the first window between seconds 1 and 28 of a minute */
    for (;;) {
        int sec = (int)(time(NULL) % 60);
        if (sec >= 1 && sec <= 28)
            break;
        sleep(1);
    }
    double s[2], per30[2][2];
    for (int k = 0; k < 2; k++)
        idle_windows(p, np, per30[k], &s[k]);
    kill(pid, SIGTERM);
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    if (np == 2) {
        kill(p[1], SIGKILL);
        waitpid(p[1], NULL, 0);
    }
    if (ru.ru_maxrss > max_rss_kb)
        max_rss_kb = ru.ru_maxrss;
    if (per30[0][0] < 0 || per30[1][0] < 0) {
        printf("idle CPU: cannot read /proc/%d/task/*/schedstat\n", (int)pid);
        return;
    }
    for (int k = 0; k < 2; k++)
        printf("idle CPU over %.1f s on the home screen, %s, all threads: %.4f %% (goal < 0.5 %%) "
               "= %.2f ms per 30 s (goal <= 1 ms) %s\n",
               s[k], k ? "a minute change in it" : "no minute change", per30[k][0] / 300.0,
               per30[k][0], per30[k][0] <= 1.0 ? "ok" : "OVER");
    if (np == 2 && per30[1][1] >= 0)
        printf("reference, the same windows: a process of the emulator's size (%.1f MB resident, "
               "%.1f MB of it on huge pages) that only wakes at the minute: %.2f ms, then %.2f ms "
               "per 30 s; the minute's own share above that wake %.2f ms\n",
               rss_kb / 1024.0, huge_kb / 1024.0, per30[0][1], per30[1][1],
               per30[1][0] - per30[1][1]);
}

static void bench_binary(void)
{
    char tmp[512], cmd[1200];
    snprintf(tmp, sizeof tmp, "%s/cunzhan-emu.stripped", check_tmpdir(NULL));
    snprintf(cmd, sizeof cmd, "strip -o '%s' '%s'", tmp, CZ_BENCH_EMU);
    struct stat st;
    if (system(cmd) == 0 && stat(tmp, &st) == 0)
        printf("binary size: cunzhan-emu stripped %.1f KiB\n", st.st_size / 1024.0);
    else
        printf("binary size: strip failed\n");
}

/* 1 when part is to run: every part, or those CZ_BENCH_ONLY names
 * (e.g. CZ_BENCH_ONLY=render,keys; the render part always runs: it makes
 * the unit). */
static int wanted(const char *part)
{
    const char *only = getenv("CZ_BENCH_ONLY");
    return !only || !*only || strstr(only, part) != NULL;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--wake-floor"))
        return wake_floor_child(atol(argv[2]), atol(argv[3]));
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    if (wanted("first"))
        bench_first_frame();
    char ime_err[256];
    if (kb_ime_install(check_asset(""), ime_err, sizeof ime_err) != 0)
        printf("input method: %s (the pinyin keystroke draws no candidates)\n", ime_err);
    if (rig_open_db(&g_home, 1080, 1920, 0, "bench-unit.db") != 0) {
        printf("cannot open the home screen for the unit\n");
        return 1;
    }
    ui_app_render(g_home.u.app, 1); /* warm its glyph cache */
    bench_render();
    if (wanted("press"))
        bench_press();
    if (wanted("time"))
        bench_time_passing();
    if (wanted("keys"))
        bench_keys();
    if (wanted("camera"))
        bench_camera();
    if (wanted("idle"))
        bench_idle();
    rig_close(&g_home);
    kb_ime_uninstall();
    printf("peak RSS of the emulator: %.1f MB (goal < 48 MB)\n", max_rss_kb / 1024.0);
    if (wanted("binary"))
        bench_binary();
    return 0;
}
