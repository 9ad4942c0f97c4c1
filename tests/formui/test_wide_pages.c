/* test_wide_pages.c — the journey's screens on the wide screens the kiosk and the
 * emulator support besides portrait: 1920x1080 (--landscape) and 1280x800
 * (--tablet, the agents' tablets), in normal and large text. Reference images
 * (each looked at) and what a picture cannot say: every touch target on the
 * canvas and finger-sized, the page's parts apart from one another and
 * inside the screen with a margin, and partial redraw equal to a full frame.
 *
 * The ID-card page: on a page wider than tall the picture of the reader
 * stands beside the words (in one column it had no room and was left out)
 * with 模拟刷证 under it, and the outcome, the hint and 没带身份证，手动填写
 * beside it; in large text at 1280x800 the button ran past the bottom edge.
 * A read's outcome (an unreadable card, two lines) draws its line and what
 * moves, never the picture: a patch on the picture survives.
 *
 * The camera page of a photo field (低保's 证明材料): on a page wider than
 * tall the picture takes the height under the hint and the line and the
 * buttons stand beside it; under the picture they left it too little height
 * to judge whether its writing can be read (at 1280x800 in large text a
 * page 140 pixels high). The picture in the preview and once taken is at
 * least 40 % of the screen's height; 用这张 redraws the column beside it
 * alone (a patch on the picture survives) and the photo is saved.
 *
 * The receipt: on a page wider than tall the title and the facts' card
 * stand left, the QR codes with their captions, the print line and the
 * buttons right; under a title row and above a row of buttons the card and
 * two stacked QR codes ran under the buttons and past the bottom edge once
 * the county's number came (an agent's filing, and at 1280x800 even in
 * normal text). Waiting to upload (one QR code) and uploaded (two), with
 * the agent's row: nothing in the bottom margin, targets apart, and 打印回执
 * redraws its line alone (a patch on the card survives).
 *
 * The proxy agent's 我的办件 and 被退回的办件: their rows kept the page's
 * margin (they ran from the screen's left edge to its right, in portrait
 * too): every row's target at least a unit inside the screen's edges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agentdata.h"
#include "check.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"
#include "core/strings.h"
#include "ui/screens/receipt/receipt_screen.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const int SIZES[][2] = {{1920, 1080}, {1280, 800}};

static void shot(flow *f, const char *name, int w, int h, int elderly)
{
    char rel[160];
    snprintf(rel, sizeof rel, "formui/ref/%s-%dx%d%s.png", name, w, h, elderly ? "-elderly" : "");
    CHECK_EQ_INT(uitest_compare(&f->u, rel), 0);
    CHECK_EQ_INT(core_strings_missing(), 0);
    CHECK_EQ_INT(text_missing_count(ui_app_text(f->u.app)), 0);
}

static int overlap(const SDL_Rect *a, const SDL_Rect *b)
{
    return SDL_HasIntersection(a, b) == SDL_TRUE;
}

/* The card page's buttons: inside the screen with a margin of a unit, apart
 * from one another. */
static void card_geometry(flow *f, const char *when)
{
    const ui_theme *t = ui_app_theme(f->u.app);
    const char *ids[] = {"card.voice", "card.sim", "card.manual"};
    SDL_Rect r[3];
    uitest_check_targets(&f->u);
    for (int i = 0; i < 3; i++) {
        REQUIRE(uitest_target_rect(f->u.app, ids[i], &r[i]) == 0);
        if (r[i].x < t->unit || r[i].y + r[i].h > t->h - t->unit ||
            r[i].x + r[i].w > t->w - t->unit) {
            printf("  %s: %s (%d,%d %dx%d) without its margin on a %dx%d screen\n", when, ids[i],
                   r[i].x, r[i].y, r[i].w, r[i].h, t->w, t->h);
            CHECK(0);
        }
        for (int k = 0; k < i; k++)
            if (overlap(&r[i], &r[k])) {
                printf("  %s: %s lies over %s\n", when, ids[i], ids[k]);
                CHECK(0);
            }
    }
}

/* The picture of the reader: left of the outcome's words, under the title,
 * above 模拟刷证 (its dark body has ink). */
static SDL_Rect picture_area(flow *f)
{
    SDL_Rect vb, sim, man;
    uitest_target_rect(f->u.app, "card.voice", &vb);
    uitest_target_rect(f->u.app, "card.sim", &sim);
    uitest_target_rect(f->u.app, "card.manual", &man);
    SDL_Rect p = {sim.x, vb.y + vb.h, man.x - sim.x, sim.y - vb.y - vb.h};
    return p;
}

static void card_page(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "wide-card.db", 1) == 0);
    f.sv.idcard_device = check_testfile("platform/idcards.txt"); /* the emulator's reader */
    ui_app_set_services(f.u.app, &f.sv);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.elderly"));
    OK(flow_run(&f, "expect-target @card.manual\n"));
    char when[64];
    snprintf(when, sizeof when, "%dx%d%s", w, h, elderly ? " large text" : "");
    card_geometry(&f, when);
    SDL_Rect pic = picture_area(&f);
    ui_app_render(f.u.app, 1);
    double ink = pic.w > 0 && pic.h > 0 ? uitest_ink(&f.u, pic.x, pic.y, pic.w, pic.h) : 0;
    if (ink < 0.2)
        printf("  %s: no picture of the reader beside the words (ink %.2f)\n", when, ink);
    CHECK(ink >= 0.2);
    shot(&f, "card", w, h, elderly);
    /* an unreadable card: the outcome takes two lines; the picture stays */
    SDL_Rect patch = {pic.x + pic.w / 4, pic.y + pic.h / 2, pic.w / 2, ui_app_theme(f.u.app)->unit};
    OK(uitest_partial(&f.u, "wide card page", "idcard 6", &patch));
    card_geometry(&f, when);
    shot(&f, "card-error", w, h, elderly);
    OK(uitest_partial(&f.u, "wide card page", "idcard 6", &patch)); /* the same again */
    OK(flow_run(&f, "tap @card.manual\nexpect-target @f.name\n"));
    flow_close(&f);
}

static void test_card_page(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++)
        for (int el = 0; el < 2; el++)
            card_page(SIZES[i][0], SIZES[i][1], el);
}

/* The height of the camera's picture: in the canvas's column x, the pixels
 * that are not the dark of the picture's box, between its first and last
 * dark pixel. */
static int picture_height(flow *f, int x)
{
    int w, h;
    ui_app_render(f->u.app, 1);
    plat_display_size(f->u.disp, &w, &h);
    uint8_t *px = malloc((size_t)w * (size_t)h * 4); /* one frame read, its column scanned */
    if (!px || x < 0 || x >= w || plat_display_read_rgba(f->u.disp, px) != 0) {
        free(px);
        return 0;
    }
    int y0 = -1, y1 = -1, ndark = 0; /* dark as uitest_count_color: within 24 of 34,34,34 */
    for (int y = 0; y < h; y++) {
        const uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
        if (abs(p[0] - 34) <= 24 && abs(p[1] - 34) <= 24 && abs(p[2] - 34) <= 24) {
            y0 = y0 < 0 ? y : y0;
            y1 = y;
            ndark++;
        }
    }
    int n = y0 < 0 ? 0 : y1 - y0 + 1 - ndark; /* the light rows between the first and last dark */
    free(px);
    return n;
}

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static void set(flow *f, const char *key, const char *v)
{
    char err[256];
    if (form_inst_set(inst(f), key, v, err, sizeof err) != FORM_OK)
        printf("  %s: %s\n", key, err);
}

/* The camera page's targets: on the canvas, finger-sized, apart; the
 * picture at least 40 % of the screen's height. */
static void camera_geometry(flow *f, const char *when, const char *a, const char *b)
{
    const ui_theme *t = ui_app_theme(f->u.app);
    uitest_check_targets(&f->u);
    SDL_Rect ra, rb;
    REQUIRE(uitest_target_rect(f->u.app, a, &ra) == 0);
    if (b) {
        REQUIRE(uitest_target_rect(f->u.app, b, &rb) == 0);
        if (overlap(&ra, &rb)) {
            printf("  %s: %s lies over %s\n", when, a, b);
            CHECK(0);
        }
    }
    int ph = picture_height(f, t->w / 3);
    if (ph * 10 < t->h * 4)
        printf("  %s: the camera's picture is %d pixels high on a %dx%d screen\n", when, ph, t->w,
               t->h);
    CHECK(ph * 10 >= t->h * 4);
}

static void camera_page(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "wide-camera.db", 1) == 0);
    f.sv.camera_source = check_asset("camera"); /* the emulator's sample pages */
    ui_app_set_services(f.u.app, &f.sv);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    /* the pages before 证明材料 answered through the form engine */
    set(&f, "name", "张三");
    set(&f, "idno", "110105197005100014");
    set(&f, "phone", "13812345678");
    set(&f, "hukou_address", "东风村三组");
    OK(flow_tap(&f, "form.next"));
    char err[128];
    REQUIRE(form_inst_member_add(inst(&f), "members", err, sizeof err) == 0);
    const char *m[] = {"m_name", "张三", "m_idno", "110105197005100014", "m_relation", "self",
                       "m_health", "healthy", "m_income", "300", "m_deposit", "1000", NULL};
    for (const char **k = m; *k; k += 2)
        CHECK_EQ_INT(form_inst_member_set(inst(&f), "members", 0, k[0], k[1], err, sizeof err), 0);
    OK(flow_tap(&f, "form.next"));
    set(&f, "house_count", "1");
    set(&f, "has_vehicle", "no");
    set(&f, "reason", "家里没有收入");
    OK(flow_tap(&f, "form.next"));
    set(&f, "bank_account", "6222020200112233446");
    set(&f, "bank_name", "信用社");
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT((int)form_inst_page(inst(&f)), 4);
    OK(flow_tap(&f, "f.hukou_photo.photo"));
    OK(flow_run(&f, "wait 200\nexpect-screen form_camera\n"));
    char when[64];
    snprintf(when, sizeof when, "%dx%d%s camera", w, h, elderly ? " large text" : "");
    camera_geometry(&f, when, "cam.shoot", NULL);
    shot(&f, "camera-preview", w, h, elderly);
    OK(flow_run(&f, "tap @cam.shoot\nexpect-target @cam.use\n"));
    camera_geometry(&f, when, "cam.retake", "cam.use");
    shot(&f, "camera-taken", w, h, elderly);
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect pic = {t->w / 4, t->h * 3 / 5, t->w / 8, t->unit};
    OK(uitest_partial(&f.u, "wide camera page", "tap @cam.use", &pic));
    OK(flow_run(&f, "settle 10000\n"));
    CHECK_EQ_STR(flow_top_name(&f), "form");
    const char *v = form_inst_get(inst(&f), "hukou_photo");
    CHECK(v && strncmp(v, "photo-", 6) == 0);
    flow_close(&f);
}

static void test_camera_page(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++)
        for (int el = 0; el < 2; el++)
            camera_page(SIZES[i][0], SIZES[i][1], el);
}

static int printed(void *ud, const receipt_info *r, char *err, size_t n)
{
    (void)ud, (void)r, (void)err, (void)n;
    return 0;
}

static void receipt_page(int w, int h, int elderly, int uploaded)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "wide-receipt.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    receipt_info r;
    memset(&r, 0, sizeof r);
    receipt_reg_make(1234, r.reg_no, sizeof r.reg_no);
    snprintf(r.title, sizeof r.title, "城乡居民基本养老保险参保登记");
    snprintf(r.station, sizeof r.station, "青山村便民服务站");
    snprintf(r.status, sizeof r.status, "%s", uploaded ? "已受理" : "待上传");
    snprintf(r.agent, sizeof r.agent, "李桂兰（A0012）");
    r.time = 1795311000;
    if (uploaded) {
        snprintf(r.number, sizeof r.number, "420500-20261122-000123");
        receipt_qr_payload("https://zwfw.example.cn/cx", r.number, r.qr, sizeof r.qr);
    }
    ui_app_push(f.u.app, ui_receipt_new(&r, printed, NULL));
    OK(flow_run(&f, "expect-screen receipt\n"));
    const ui_theme *t = ui_app_theme(f.u.app);
    char when[64];
    snprintf(when, sizeof when, "%dx%d%s receipt", w, h, elderly ? " large text" : "");
    uitest_check_targets(&f.u);
    const char *ids[] = {"receipt.voice", "receipt.print", "receipt.home"};
    SDL_Rect rr[3];
    for (int i = 0; i < 3; i++) {
        REQUIRE(uitest_target_rect(f.u.app, ids[i], &rr[i]) == 0);
        for (int k = 0; k < i; k++)
            if (overlap(&rr[i], &rr[k])) {
                printf("  %s: %s lies over %s\n", when, ids[i], ids[k]);
                CHECK(0);
            }
    }
    ui_app_render(f.u.app, 1);
    double ink = uitest_ink(&f.u, 0, t->h - t->unit, t->w, t->unit);
    if (ink > 0)
        printf("  %s: something drawn in the bottom margin (%.3f)\n", when, ink);
    CHECK(ink == 0);
    const char *name = uploaded ? "receipt-uploaded" : "receipt-pending";
    shot(&f, name, w, h, elderly);
    /* 打印回执: its line alone; a patch on the card's rows survives */
    SDL_Rect patch = {t->unit * 6, rr[2].y - t->unit * 8, t->unit * 4, t->unit};
    OK(uitest_partial(&f.u, "wide receipt", "tap @receipt.print", &patch));
    flow_close(&f);
}

static void test_receipt(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++)
        for (int el = 0; el < 2; el++)
            for (int up = 0; up < 2; up++)
                receipt_page(SIZES[i][0], SIZES[i][1], el, up);
}

typedef struct {
    const ui_theme *t;
    const char *when;
    int rows;
} rows_ud;

static void row_margin(void *ud, const char *id, const SDL_Rect *r)
{
    rows_ud *u = ud;
    if (strncmp(id, "agent.list.", 11))
        return;
    u->rows++;
    if (r->x < u->t->unit || r->x + r->w > u->t->w - u->t->unit) {
        printf("  %s: row %s (%d,%d %dx%d) without the page's margin\n", u->when, id, r->x, r->y,
               r->w, r->h);
        CHECK(0);
    }
}

static void agent_lists(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "wide-agent.db", 1) == 0);
    char *body = agentdata_reply(AGENTDATA_DEFAULT), err[256];
    REQUIRE(body && store_agents_replace_reply(f.st, body, strlen(body), NULL, err, sizeof err) ==
                        STORE_OK);
    free(body);
    REQUIRE(agentdata_filings(f.st, "A0012") == 0);
    OK(flow_tap(&f, "tile.agent"));
    OK(flow_run(&f, "expect-screen agent_signin\ntap @agent.f.number\ntext A0012\n"
                    "tap @agent.f.pin\ntext " AGENTDATA_PIN_A0012 "\ntap @agent.go\n"
                    "expect-screen home\n"));
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    char when[64];
    snprintf(when, sizeof when, "%dx%d%s", w, h, elderly ? " large text" : "");
    rows_ud u = {ui_app_theme(f.u.app), when, 0};
    OK(flow_run(&f, "tap @home.agent.filings\nexpect-screen agent_filings\n"));
    ui_app_render(f.u.app, 1); /* (a row cut by the list's bottom is a smaller target) */
    ui_app_each_target(f.u.app, row_margin, &u);
    CHECK(u.rows >= 1);
    shot(&f, "agent-filings", w, h, elderly);
    OK(flow_run(&f, "tap @agent.filings.home\nexpect-screen home\n"
                    "tap @home.agent.returned\nexpect-screen agent_returned\n"));
    u.rows = 0;
    ui_app_render(f.u.app, 1);
    uitest_check_targets(&f.u);
    ui_app_each_target(f.u.app, row_margin, &u);
    CHECK_EQ_INT(u.rows, 1);
    shot(&f, "agent-returned", w, h, elderly);
    flow_close(&f);
}

static void test_agent_lists(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++)
        for (int el = 0; el < 2; el++)
            agent_lists(SIZES[i][0], SIZES[i][1], el);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_card_page);
    RUN(test_camera_page);
    RUN(test_receipt);
    RUN(test_agent_lists);
    kb_ime_uninstall();
    return check_summary();
}
