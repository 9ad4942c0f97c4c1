/* test_home.c — the home screen at every supported size and in elderly mode:
 * matches its reference image, draws every character, every string exists,
 * targets are large enough, and scripted taps work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "ui/core/services.h"
#include "ui/screens/form/form_screen.h"
#include "ui/core/script.h"
#include "core/strings.h"
#include "uitest.h"
#include "ui/core/session.h"

static const struct {
    int w, h, elderly;
    const char *ref;
} SIZES[] = {
    {1080, 1920, 0, "ui/ref/home-1080x1920.png"},
    {1920, 1080, 0, "ui/ref/home-1920x1080.png"},
    {1280, 800, 0, "ui/ref/home-1280x800.png"},
    {1080, 1920, 1, "ui/ref/home-1080x1920-elderly.png"},
    {1280, 800, 1, "ui/ref/home-1280x800-elderly.png"},
};

static void check_targets(void *ud, const char *id, const SDL_Rect *r)
{
    const ui_theme *t = ud;
    int min = ui_theme_mm(t, 15.0);
    if (r->w < min || r->h < min) {
        printf("  target %s is %dx%d, smaller than 15 mm (%d px)\n", id, r->w, r->h, min);
        CHECK(0);
    }
    /* inside the canvas: nothing cut off */
    CHECK(r->x >= 0 && r->y >= 0 && r->x + r->w <= t->w && r->y + r->h <= t->h);
}

static void test_home_sizes(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
        uitest_app u;
        REQUIRE(uitest_open(&u, SIZES[i].w, SIZES[i].h) == 0);
        ui_app_set_elderly(u.app, SIZES[i].elderly);
        text_reset_missing(ui_app_text(u.app));
        CHECK_EQ_INT(uitest_compare(&u, SIZES[i].ref), 0);
        CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
        CHECK_EQ_INT(core_strings_missing(), 0);
        /* the first tiles, the agent entry and the elderly switch are on screen and big
         * enough (every tile, through the pages: test_home_pages) */
        const char *ids[] = {"tile.pension", "tile.medical", "tile.agent", "home.elderly"};
        for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
            int x, y;
            CHECK_EQ_INT(ui_app_find_target(u.app, ids[k], &x, &y), 0);
        }
        ui_app_each_target(u.app, check_targets, (void *)ui_app_theme(u.app));
        /* the header band carries text (station name), not just colour */
        CHECK(uitest_ink(&u, 20, 20, SIZES[i].w / 2, 80) > 0.02);
        uitest_close(&u);
    }
}

/* Landscape: the greeting beside the page bar, in two lines where one does
 * not hold it, takes them balanced: the second line at least half as wide
 * as the first (in large text on the 1280x800 tablet it read 您好！请点选
 * 要办理的 / 事项, the second line a word alone), and it stays left of
 * 读给我听. The greeting's ink (the theme's ink) is found left of 读给我听,
 * within its height; two lines where it is taller than half again the
 * label's size. */
static void test_greeting_lines(void)
{
    static const struct {
        int w, h, elderly;
    } S[] = {{1280, 800, 0}, {1280, 800, 1}, {1920, 1080, 0}, {1920, 1080, 1}};
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
        uitest_app u;
        REQUIRE(uitest_open(&u, S[i].w, S[i].h) == 0);
        ui_app_set_elderly(u.app, S[i].elderly);
        ui_app_render(u.app, 1);
        const ui_theme *t = ui_app_theme(u.app);
        SDL_Rect v, all, top, bottom;
        REQUIRE(uitest_target_rect(u.app, "home.voice", &v) == 0);
        SDL_Rect area = {0, v.y, v.x, v.h};
        REQUIRE(uitest_color_box(&u, &area, t->ink, &all) > 0);
        if (all.h * 2 > t->px_label * 3) { /* a line's ink is no taller than its size */
            SDL_Rect up = {0, all.y, v.x, all.h / 2}, down = {0, all.y + all.h / 2, v.x, all.h / 2};
            REQUIRE(uitest_color_box(&u, &up, t->ink, &top) > 0);
            REQUIRE(uitest_color_box(&u, &down, t->ink, &bottom) > 0);
            printf("  %dx%d%s: the greeting's lines %d and %d px wide\n", S[i].w, S[i].h,
                   S[i].elderly ? " large text" : "", top.w, bottom.w);
            CHECK(bottom.w * 2 >= top.w);
        } else {
            printf("  %dx%d%s: the greeting on one line, %d px wide\n", S[i].w, S[i].h,
                   S[i].elderly ? " large text" : "", all.w);
        }
        CHECK(all.x + all.w < v.x);
        uitest_close(&u);
    }
}

static void test_home_script(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    char err[512] = "";
    CHECK_EQ_INT(ui_script_run(u.app, "expect-screen home\ntap @home.elderly\n", "s", NULL, err,
                               sizeof err), 0);
    CHECK_EQ_INT(ui_app_elderly(u.app), 1);
    CHECK_EQ_INT(ui_script_run(u.app, "tap @home.elderly\npending 3\nwait 61000\n", "s", NULL,
                               err, sizeof err), 0);
    CHECK_EQ_INT(ui_app_elderly(u.app), 0);
    CHECK_EQ_INT(ui_app_pending(u.app), 3);
    /* a drag that starts on a tile and leaves it is not a tap */
    int x, y;
    REQUIRE(ui_app_find_target(u.app, "home.elderly", &x, &y) == 0);
    char drag[128];
    snprintf(drag, sizeof drag, "drag %d %d %d %d 200\n", x, y, x - 300, y + 400);
    CHECK_EQ_INT(ui_script_run(u.app, drag, "s", NULL, err, sizeof err), 0);
    CHECK_EQ_INT(ui_app_elderly(u.app), 0);
    /* malformed scripts name the line and the problem */
    static const struct { const char *text, *want; } bad[] = {
        {"tap 10\n", "s:1: expected 'X Y' or '@id', got '10'"},
        {"\nfly away\n", "s:2: unknown command 'fly'"},
        {"tap @no.such\n", "s:1: no target 'no.such' on screen"},
        {"wait -5\n", "s:1: expected 'wait MS'"},
        {"key hyper\n", "s:1: unknown key 'hyper'"},
        {"expect-screen form\n", "s:1: expected screen 'form', found 'home'"},
        {"drag 1 2 3\n", "s:1: expected 'drag X0 Y0 X1 Y1 [MS]'"},
        {"settle soon\n", "s:1: expected 'settle [MS]' (at most 600000)"},
        {"settle -1\n", "s:1: expected 'settle [MS]' (at most 600000)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK_EQ_INT(ui_script_run(u.app, bad[i].text, "s", NULL, err, sizeof err), -1);
        CHECK_EQ_STR(err, bad[i].want);
    }
    uitest_close(&u);
}

/* A screen that records the keys it is given and uses all but Escape. */
static int keys_seen[8];
static int key_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    (void)s;
    (void)a;
    if (ev->type != PLAT_EV_KEY)
        return 0;
    if (ev->key < 8)
        keys_seen[ev->key]++;
    return ev->key != PLAT_KEY_ESCAPE;
}
static void key_draw(ui_screen *s, ui_app *a) { (void)s; (void)a; }
static void key_destroy(ui_screen *s) { free(s); }
static const ui_screen_ops KEY_OPS = {"keys", key_draw, NULL, key_event, NULL, key_destroy};

static void test_keys_reach_screen(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    ui_screen *k = calloc(1, sizeof *k);
    k->ops = &KEY_OPS;
    ui_app_push(u.app, k);
    char err[256];
    CHECK_EQ_INT(ui_script_run(u.app, "key enter\nkey backspace\nexpect-screen keys\nkey escape\n"
                               "expect-screen home\n", "s", NULL, err, sizeof err), 0);
    CHECK_EQ_INT(keys_seen[PLAT_KEY_ENTER], 1);
    CHECK_EQ_INT(keys_seen[PLAT_KEY_BACKSPACE], 1);
    CHECK_EQ_INT(keys_seen[PLAT_KEY_ESCAPE], 1);
    uitest_close(&u);
}

/* ---- a catalogue of more tiles than fit: pages ---- */

/* A forms folder with links to the shipped forms and a catalogue of 14 tiles
 * (the shipped items, some on two tiles). Returns the folder. */
static const char *pages_folder(void)
{
    static const char EIGHT[] = " pension_enrol.json pension_cert.json medical_enrol.json "
                                "medical_remote.json dibao.json elderly_allowance.json "
                                "disability_subsidy.json progress_query.json ";
    static char dir[1024];
    snprintf(dir, sizeof dir, "%s", fx_fresh_dir("pages-forms"));
    DIR *dp = opendir(check_asset("forms"));
    if (!dp)
        return NULL;
    struct dirent *e;
    while ((e = readdir(dp)))
        if (e->d_name[0] != '.' && strstr(EIGHT, e->d_name)) { /* the first eight items */
            char from[2048], to[2048];
            snprintf(from, sizeof from, "%s/%s", check_asset("forms"), e->d_name);
            snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
            if (symlink(from, to))
                return NULL;
        }
    closedir(dp);
    static const char *const T[][5] = {
        {"pension", "养老保险", "参保登记 · 资格认证", "养", "red\", \"items\": [\"pension_enrol\", \"pension_cert"},
        {"medical", "医疗保险", "参保缴费 · 异地就医", "医", "teal\", \"items\": [\"medical_enrol\", \"medical_remote"},
        {"dibao", "低保", "最低生活保障申请", "保", "orange\", \"items\": [\"dibao"},
        {"elderly", "高龄津贴", "80岁以上老人", "寿", "purple\", \"items\": [\"elderly_allowance"},
        {"disability", "残疾人补贴", "生活补贴 · 护理补贴", "助", "blue\", \"items\": [\"disability_subsidy"},
        {"query", "办件查询", "查进度 · 扫回执", "查", "green\", \"items\": [\"progress_query"},
        {"enrol", "养老参保", "参保登记", "参", "brown\", \"items\": [\"pension_enrol"},
        {"cert", "资格认证", "养老保险待遇领取", "认", "slate\", \"items\": [\"pension_cert"},
        {"remote", "异地就医", "异地就医备案", "异", "#1565C0\", \"items\": [\"medical_remote"},
        {"pay", "医保缴费", "参保登记及缴费", "缴", "#00695C\", \"items\": [\"medical_enrol"},
        {"care", "护理补贴", "残疾人两项补贴", "护", "#AD1457\", \"items\": [\"disability_subsidy"},
        {"living", "生活补贴", "低保家庭残疾人", "生", "#6D4C41\", \"items\": [\"disability_subsidy"},
        {"scan", "扫回执", "扫一扫回执上的二维码", "扫", "#2E7D32\", \"items\": [\"progress_query"},
        {"aged", "老人津贴", "高龄津贴申请", "老", "#4527A0\", \"items\": [\"elderly_allowance"},
    };
    char json[8192];
    size_t n = (size_t)snprintf(json, sizeof json, "{\"version\": 1, \"tiles\": [");
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        n += (size_t)snprintf(json + n, sizeof json - n,
                              "%s{\"id\": \"%s\", \"label\": \"%s\", \"subtitle\": \"%s\", "
                              "\"glyph\": \"%s\", \"colour\": \"%s\"]}",
                              i ? ", " : "", T[i][0], T[i][1], T[i][2], T[i][3], T[i][4]);
    snprintf(json + n, sizeof json - n, "]}");
    char path[2048];
    snprintf(path, sizeof path, "%s/catalogue.json", dir);
    return fx_write(path, json, strlen(json)) == 0 ? dir : NULL;
}

static void count_tile(void *ud, const char *id, const SDL_Rect *r)
{
    (void)r;
    if (!strncmp(id, "tile.", 5) && strcmp(id, "tile.agent"))
        ++*(int *)ud;
}

/* The top of the highest tile shown (tile.agent aside), in *(int *)ud. */
static void top_tile(void *ud, const char *id, const SDL_Rect *r)
{
    if (!strncmp(id, "tile.", 5) && strcmp(id, "tile.agent") && r->y < *(int *)ud)
        *(int *)ud = r->y;
}

static const struct {
    int w, h, elderly;
    const char *ref; /* of the first page; NULL: none */
    int max_pages;   /* the pages the fourteen tiles may take at most */
} PAGED[] = {
    {1080, 1920, 0, "ui/ref/home-pages-1080x1920.png", 3},
    {1080, 1920, 1, "ui/ref/home-pages-1080x1920-elderly.png", 4},
    /* landscape: the page bar beside the greeting leaves the tiles a row
     * more (1280x800 took five pages of three, and seven of two in large
     * text, with the bar under the tiles) */
    {1920, 1080, 0, "ui/ref/home-pages-1920x1080.png", 3},
    {1920, 1080, 1, "ui/ref/home-pages-1920x1080-elderly.png", 5},
    {1280, 800, 0, NULL, 3},
    {1280, 800, 1, NULL, 4},
};

/* Fourteen tiles at every size, normal and large text: the tiles go in pages
 * of whole rows with 上一页 / 下一页 and 第N页，共M页; every tile is reached by
 * paging, is at least 15 mm and on the canvas, and opens its item. */
static void test_home_pages(void)
{
    const char *dir = pages_folder();
    REQUIRE(dir != NULL);
    for (size_t i = 0; i < sizeof PAGED / sizeof PAGED[0]; i++) {
        uitest_app u;
        REQUIRE(uitest_open(&u, PAGED[i].w, PAGED[i].h) == 0);
        form_catalog *cat = form_catalog_new();
        REQUIRE(form_catalog_load_dir(cat, dir) == 8);
        CHECK_EQ_STR(form_catalog_home_error(cat), "");
        REQUIRE(form_catalog_tile_count(cat) == 14);
        ui_services sv;
        memset(&sv, 0, sizeof sv);
        sv.forms = cat;
        ui_app_set_services(u.app, &sv);
        ui_app_set_elderly(u.app, PAGED[i].elderly);
        text_reset_missing(ui_app_text(u.app));
        if (PAGED[i].ref)
            CHECK_EQ_INT(uitest_compare(&u, PAGED[i].ref), 0);
        ui_app_render(u.app, 1);
        CHECK_EQ_INT(text_missing_count(ui_app_text(u.app)), 0);
        int x, y;
        CHECK(ui_app_find_target(u.app, "home.page.prev", &x, &y) != 0); /* first page */
        CHECK_EQ_INT(ui_app_find_target(u.app, "home.page.next", &x, &y), 0);
        /* walk the pages: each tile once, in order, every target big enough */
        int seen = 0, pages = 1;
        for (;;) {
            ui_app_render(u.app, 1);
            ui_app_each_target(u.app, check_targets, (void *)ui_app_theme(u.app));
            int before = seen;
            ui_app_each_target(u.app, count_tile, &seen);
            CHECK(seen > before);
            if (ui_app_find_target(u.app, "home.page.next", &x, &y) != 0)
                break;
            CHECK_EQ_INT(uitest_run(&u, "tap @home.page.next"), 0);
            pages++;
            REQUIRE(pages < 20);
        }
        CHECK_EQ_INT(seen, 14);
        CHECK(pages >= 2);
        if (pages > PAGED[i].max_pages)
            printf("  %dx%d%s: %d pages, more than %d\n", PAGED[i].w, PAGED[i].h,
                   PAGED[i].elderly ? " large" : "", pages, PAGED[i].max_pages);
        CHECK(pages <= PAGED[i].max_pages);
        if (PAGED[i].w > PAGED[i].h) { /* landscape: the page keys above the tiles */
            REQUIRE(ui_app_find_target(u.app, "home.page.prev", &x, &y) == 0);
            int top = PAGED[i].h;
            ui_app_each_target(u.app, top_tile, &top);
            CHECK(y < top);
        }
        if (PAGED[i].w == 1080 && !PAGED[i].elderly)
            CHECK_EQ_INT(uitest_compare(&u, "ui/ref/home-pages-1080x1920-last.png"), 0);
        /* the last tile opens its item (the form, on its ID-card page); back
         * home, the page is kept */
        CHECK_EQ_INT(uitest_run(&u, "tap @tile.aged"), 0);
        CHECK(ui_form_is(ui_app_top(u.app)));
        ui_app_go_home(u.app);
        CHECK_EQ_INT(uitest_run(&u, "expect-screen home"), 0);
        ui_app_render(u.app, 1);
        CHECK_EQ_INT(ui_app_find_target(u.app, "tile.aged", &x, &y), 0);
        /* back to the first page */
        for (int k = 1; k < pages; k++)
            CHECK_EQ_INT(uitest_run(&u, "tap @home.page.prev"), 0);
        CHECK(ui_app_find_target(u.app, "home.page.prev", &x, &y) != 0);
        CHECK_EQ_INT(uitest_run(&u, "tap @tile.pension\nexpect-screen menu\n"
                                    "tap @menu.list.1"), 0);
        CHECK(ui_form_is(ui_app_top(u.app)));
        uitest_close(&u);
        form_catalog_free(cat);
    }
}

/* Home left on its second page with nobody touching it goes back to the
 * first after the idle timeout (ui.idle_timeout_s, 90 s), not before, and a
 * tap there starts the wait again: no session is open on home to end. */
static void test_home_page_idle(void)
{
    const char *dir = pages_folder();
    REQUIRE(dir != NULL);
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    form_catalog *cat = form_catalog_new();
    REQUIRE(form_catalog_load_dir(cat, dir) == 8);
    ui_services sv;
    memset(&sv, 0, sizeof sv);
    sv.forms = cat;
    ui_app_set_services(u.app, &sv);
    int x, y;
    CHECK_EQ_INT(uitest_run(&u, "tap @home.page.next\nwait 60000"), 0);
    ui_app_render(u.app, 1);
    CHECK_EQ_INT(ui_app_find_target(u.app, "home.page.prev", &x, &y), 0); /* still page 2 */
    /* her taps start the wait again (back a page and forward) */
    CHECK_EQ_INT(uitest_run(&u, "tap @home.page.prev\ntap @home.page.next\nwait 60000"), 0);
    ui_app_render(u.app, 1);
    CHECK_EQ_INT(ui_app_find_target(u.app, "home.page.prev", &x, &y), 0);
    CHECK_EQ_INT(uitest_run(&u, "wait 31000"), 0);
    ui_app_render(u.app, 1);
    CHECK(ui_app_find_target(u.app, "home.page.prev", &x, &y) != 0); /* the first page */
    CHECK_EQ_INT(ui_app_find_target(u.app, "home.page.next", &x, &y), 0);
    CHECK_EQ_INT(uitest_run(&u, "expect-screen home"), 0);
    uitest_close(&u);
    form_catalog_free(cat);
}

int main(void)
{
    RUN(test_keys_reach_screen);
    RUN(test_home_sizes);
    RUN(test_greeting_lines);
    RUN(test_home_script);
    RUN(test_home_pages);
    RUN(test_home_page_idle);
    return check_summary();
}
