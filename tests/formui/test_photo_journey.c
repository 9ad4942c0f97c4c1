/* test_photo_journey.c — materials from a camera (issue 13, item 2) through
 * the real screens, the real store, the real upload engine and county-sim
 * over TLS. The camera is the emulator's: a folder of sample pages
 * (assets/camera), here with a corrupt page laid between two good ones.
 *
 * A villager files 最低生活保障 (低保). On its 证明材料 page she opens the
 * camera page from the 户口簿 field: the live picture shows, 拍照 takes the
 * page, 重拍 drops it, 拍照 again meets the corrupt page (a clear message, the
 * preview goes on), 拍照 once more takes a good one; 用这张 with the disk
 * "full" (the process's file-size limit) says so on the page and keeps the
 * picture, 用这张 again saves it: off the UI thread, the page showing the
 * picture with 正在保存 and no buttons meanwhile (reference images), a second
 * tap where 用这张 was adding nothing (one photo, one file). A second photo
 * is taken the same way, a third taken and deleted with 删除 (its file goes).
 * 返回 while a save runs: the save is waited for, its file goes, the field
 * is unchanged. The camera configured as /dev/null, as a regular file, or
 * missing: the page says so in the villager's words (reference images of
 * the first), the log says why for the technician. Each photo is at most
 * photo.max_side pixels on its long side and photo.max_kb in size (set lower
 * here, so the quality is stepped down), named by its sha256. She signs,
 * confirms; the frozen body lists the signature and both photos as
 * attachments with their hashes, the upload sends them, county-sim holds
 * the very bytes, and after the acknowledgement the photo files are gone
 * from the data folder. No log line names a photo.
 *
 * A second villager starts 低保, takes a photo and walks away: at the
 * inactivity timeout (drafts not kept) the draft and its photo file go.
 *
 * Reference images (normal and large text, each looked at): the camera page
 * with its live picture, after taking (重拍 / 用这张), while saving, with a
 * device that is no camera, and the 证明材料 page with two thumbnails. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "check.h"
#include "core/config.h"
#include "core/log.h"
#include "fixtures.h"
#include "flow.h"
#include "journey.h"
#include "ui/kb/ime/kb_ime.h"
#include "plat_camera.h"
#include "plat_paths.h"
#include "simproc.h"
#include "sync/sync.h"
#include "sync/sync_store.h"
#include "ui/screens/form/form_screen.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static flow f;
static char camdir[1024];
static char logged_photo[200]; /* a log line that named a photo, if any */
static int save_failures;      /* "photo not saved" lines */
static char cam_line[400];     /* the last line of the camera module */

static void sink(core_log_level level, const char *module, const char *line, void *ud)
{
    (void)level;
    (void)ud;
    if (strstr(line, "photo-") && !logged_photo[0])
        snprintf(logged_photo, sizeof logged_photo, "%s", line);
    if (strstr(line, "photo not saved"))
        save_failures++;
    if (!strcmp(module, "camera"))
        snprintf(cam_line, sizeof cam_line, "%s", line);
}

static size_t page(void) { return form_inst_page(ui_form_inst(flow_form(&f))); }

static int next(size_t want_page)
{
    if (flow_tap(&f, "form.next"))
        return -1;
    if (page() != want_page && !form_inst_at_review(ui_form_inst(flow_form(&f)))) {
        const char *m = ui_form_message(flow_top(&f));
        printf("  still on page %zu: %s\n", page(), m ? m : "(no message)");
        return -1;
    }
    return 0;
}

/* 低保 from its tile to the 证明材料 page (page 4). */
static int to_photo_page(void)
{
    if (flow_run(&f, "tap @tile.dibao\n") || flow_manual(&f) || !ui_form_is(flow_top(&f)))
        return -1;
    if (flow_hanzi(&f, "name", "张三", "zhang san") || flow_type(&f, "idno", "110105197005100014") ||
        flow_again(&f) || flow_type(&f, "phone", "13812345678") ||
        flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu") || next(1) ||
        flow_tap(&f, "f.members.add") || flow_manual(&f) ||
        flow_hanzi(&f, "m_name", "张三", "zhang san") ||
        flow_type(&f, "m_idno", "110105197005100014") || flow_choose(&f, "m_relation", "self") ||
        flow_type(&f, "m_income", "300") || flow_type(&f, "m_deposit", "1000") ||
        flow_tap(&f, "member.done") || next(2) ||
        flow_hanzi(&f, "reason", "家里没有收入", "jia li mei you shou ru") || next(3) ||
        flow_type(&f, "bank_account", "6222020200112233446") ||
        flow_hanzi(&f, "bank_name", "信用社", "xin yong she") || next(4))
        return -1;
    return 0;
}

static const char *photos(void) { return form_inst_get(ui_form_inst(flow_form(&f)), "hukou_photo"); }

static int photo_count(void)
{
    const char *v = photos();
    if (!v || !*v)
        return 0;
    int k = 1;
    for (; *v; v++)
        k += *v == ',';
    return k;
}

/* Photo i of the answer into out ("photo-<hex>.jpg"). */
static int nth_photo(int i, char out[80])
{
    const char *v = photos();
    for (int k = 0; v && k < i; k++)
        v = strchr(v, ',') ? strchr(v, ',') + 1 : NULL;
    if (!v)
        return -1;
    snprintf(out, 80, "%.*s", (int)strcspn(v, ","), v);
    return (int)strlen(out) == 74 ? 0 : -1;
}

static void photo_path(const char *name, char *out, size_t n)
{
    snprintf(out, n, "%s/photos/%s", plat_paths_data(), name);
}

/* How many photo files the data folder holds. */
static int files_in_photos(void)
{
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "ls '%s/photos' 2>/dev/null | grep -c '^photo-'", plat_paths_data());
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

/* Red pixels (the danger colour) in the band above the camera page's buttons. */
static int red_message(void)
{
    SDL_Rect shoot;
    if (uitest_target_rect(f.u.app, "cam.shoot", &shoot) && uitest_target_rect(f.u.app, "cam.use", &shoot))
        return 0;
    const ui_theme *t = ui_app_theme(f.u.app);
    return uitest_count_color(&f.u, 0, shoot.y - 300, t->w, 300, t->danger);
}

static int shows(const char *id)
{
    int x, y;
    ui_app_render(f.u.app, 0);
    return ui_app_find_target(f.u.app, id, &x, &y) == 0;
}

/* Lets the photo's save end: it runs on a thread of its own (real time),
 * the page showing 正在保存 meanwhile; -1 if it never ends. */
static int saved(void)
{
    if (flow_run(&f, "settle 10000\n"))
        return -1;
    return shows("cam.saving") ? -1 : 0;
}

/* 拍照 and 用这张 on the camera page the photo field opens, saved. */
static int take_photo(void)
{
    if (flow_run(&f, "tap @f.hukou_photo.photo\nwait 200\ntap @cam.shoot\ntap @cam.use\n"))
        return -1;
    return saved();
}

/* The file: its sha256 is its name, within the size and side limits. */
static void check_photo_file(const char *name, int max_side, int max_bytes, unsigned char **bytes,
                             size_t *len)
{
    char path[1300];
    photo_path(name, path, sizeof path);
    size_t n = 0;
    unsigned char *b = fx_slurp(path, &n);
    REQUIRE(b != NULL);
    CHECK(n > 1000 && n <= (size_t)max_bytes);
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, b, n);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    CHECK(!strncmp(name + 6, hex, 64));
    plat_frame fr = {0, 0, NULL};
    CHECK_EQ_INT(plat_camera_jpeg_to_rgb(b, n, 0, 0, &fr), 0);
    CHECK((fr.w == max_side && fr.h <= max_side) || (fr.h == max_side && fr.w <= max_side));
    plat_camera_frame_free(&fr);
    if (bytes) {
        *bytes = b;
        *len = n;
    } else {
        free(b);
    }
}

/* The camera folder: a good page, a corrupt one, two good ones. */
static void make_camera(void)
{
    snprintf(camdir, sizeof camdir, "%s", fx_fresh_dir("camera"));
    const char *src[] = {"camera/1-hukou.jpg", "camera/2-disability.jpg", "camera/3-bankcard.jpg"};
    size_t len[3];
    unsigned char *b[3];
    for (int i = 0; i < 3; i++)
        b[i] = fx_slurp(check_asset(src[i]), &len[i]);
    char p[1200];
    snprintf(p, sizeof p, "%s/1.jpg", camdir);
    fx_write(p, b[0], len[0]);
    /* the header of a frame and then noise: the camera sent a broken frame */
    memset(b[1] + len[1] / 4, 0x5A, len[1] / 2);
    memset(b[1] + len[1] / 2, 0xFF, 64);
    snprintf(p, sizeof p, "%s/2.jpg", camdir);
    fx_write(p, b[1], len[1] - 100);
    snprintf(p, sizeof p, "%s/3.jpg", camdir);
    fx_write(p, b[2], len[2]);
    snprintf(p, sizeof p, "%s/4.jpg", camdir);
    fx_write(p, b[0], len[0]);
    for (int i = 0; i < 3; i++)
        free(b[i]);
}

static void journey(simproc *sim, const char *token)
{
    char dir[1200];
    snprintf(dir, sizeof dir, "%s/photos", plat_paths_data());
    fx_remove_tree(dir); /* what a failed run before this one left */
    f.sv.camera_source = camdir;
    ui_app_set_services(f.u.app, &f.sv);
    char err[128];
    /* smaller than the defaults, so the sample pages are scaled and re-encoded */
    OK(core_config_set(f.u.cfg, "photo.max_side", "1200", err, sizeof err));
    OK(core_config_set(f.u.cfg, "photo.max_kb", "80", err, sizeof err));

    REQUIRE(to_photo_page() == 0);
    CHECK_EQ_INT(photo_count(), 0);
    /* the camera page: the live picture */
    OK(flow_tap(&f, "f.hukou_photo.photo"));
    CHECK_EQ_STR(flow_top_name(&f), "form_camera");
    /* the camera opens and its frames come: each draws the picture's box
     * alone (a patch on the title band survives) */
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect title = {0, 0, t->w, t->unit * 2};
    OK(uitest_partial(&f.u, "camera page", "wait 200", &title));
    OK(flow_run(&f, "expect-target @cam.shoot\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/camera-preview.png"), 0);
    /* 拍照: the page taken, 重拍 / 用这张 */
    OK(flow_run(&f, "tap @cam.shoot\nexpect-target @cam.use\nexpect-target @cam.retake\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/camera-taken.png"), 0);
    /* 重拍, and the camera sends a broken frame: said on the page, the preview goes on */
    OK(flow_run(&f, "tap @cam.retake\nwait 200\ntap @cam.shoot\nwait 100\n"));
    CHECK_EQ_STR(flow_top_name(&f), "form_camera");
    OK(flow_run(&f, "expect-target @cam.shoot\n"));
    CHECK(red_message() > 200);
    OK(flow_run(&f, "tap @cam.shoot\nexpect-target @cam.use\n"));
    /* 用这张 with the disk full: said on the page, the picture kept */
    struct rlimit old, small = {4096, 4096};
    getrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, SIG_IGN);
    small.rlim_max = old.rlim_max;
    setrlimit(RLIMIT_FSIZE, &small);
    OK(flow_tap(&f, "cam.use"));
    OK(saved());
    setrlimit(RLIMIT_FSIZE, &old);
    CHECK_EQ_STR(flow_top_name(&f), "form_camera");
    OK(flow_run(&f, "expect-target @cam.use\n"));
    CHECK_EQ_INT(save_failures, 1);
    CHECK(red_message() > 200);
    CHECK_EQ_INT(files_in_photos(), 0); /* no half-written file left */
    OK(flow_run(&f, "shot camera-disk-full.png\n"));
    /* 用这张 again: saved off the UI thread, the page shows 正在保存 and the
     * picture, no buttons; a second tap where 用这张 was adds nothing */
    SDL_Rect ur;
    REQUIRE(uitest_target_rect(f.u.app, "cam.use", &ur) == 0);
    OK(flow_tap(&f, "cam.use"));
    CHECK(shows("cam.saving") && !shows("cam.use") && !shows("cam.retake"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/camera-saving.png"), 0);
    char down[64], up[64]; /* the tap draws nothing but its press */
    snprintf(down, sizeof down, "down %d %d", ur.x + ur.w / 2, ur.y + ur.h / 2);
    snprintf(up, sizeof up, "up %d %d", ur.x + ur.w / 2, ur.y + ur.h / 2);
    OK(uitest_partial(&f.u, "camera page, saving", down, &title));
    OK(uitest_partial(&f.u, "camera page, saving", up, &title));
    OK(saved());
    CHECK_EQ_STR(flow_top_name(&f), "form");
    CHECK_EQ_INT(photo_count(), 1);
    CHECK_EQ_INT(files_in_photos(), 1);
    /* a second photo, and a third that she deletes; 用这张 turns the buttons
     * into 正在保存 under the picture, which stays (a patch on it survives) */
    OK(flow_run(&f, "tap @f.hukou_photo.photo\nwait 200\ntap @cam.shoot\n"));
    SDL_Rect pic = {0, t->h / 2, t->w, t->unit};
    OK(uitest_partial(&f.u, "camera page", "tap @cam.use", &pic));
    OK(saved());
    CHECK_EQ_INT(photo_count(), 2);
    OK(take_photo());
    CHECK_EQ_INT(photo_count(), 3);
    char third[80], p0[80], p1[80];
    OK(nth_photo(2, third));
    char tpath[1300];
    photo_path(third, tpath, sizeof tpath);
    CHECK(access(tpath, F_OK) == 0);
    /* 删除 asks first, 不删除 the big button: kept; then 删除 */
    OK(flow_tap(&f, "f.hukou_photo.photo.del.2"));
    CHECK_EQ_STR(ui_form_dialog_title(flow_top(&f)), "删除这张照片吗？");
    OK(flow_tap(&f, "fb.dlg.cancel"));
    CHECK_EQ_INT(photo_count(), 3);
    OK(flow_tap(&f, "f.hukou_photo.photo.del.2"));
    OK(flow_tap(&f, "fb.dlg.ok"));
    CHECK_EQ_INT(photo_count(), 2);
    OK(nth_photo(0, p0));
    OK(nth_photo(1, p1));
    /* the third was the same page as the first (the folder went round): its
     * file stays while the first names it */
    CHECK_EQ_INT(access(tpath, F_OK) == 0, !strcmp(third, p0) || !strcmp(third, p1));
    CHECK(strcmp(p0, p1) != 0);
    /* the page with its thumbnails (scrolled back to the field) */
    OK(flow_run(&f, "wait 100\n"));
    SDL_Rect r;
    if (uitest_target_rect(f.u.app, "f.hukou_photo.photo.del.0", &r) == 0 && r.y > 900)
        OK(flow_run(&f, "drag 540 1200 540 1500 300\nwait 300\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/photo-field.png"), 0);
    OK(flow_run(&f, "elderly on\nwait 100\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/photo-field-large.png"), 0);
    /* the camera page in large text; 返回 leaves without a photo */
    OK(flow_tap(&f, "f.hukou_photo.photo"));
    OK(flow_run(&f, "wait 200\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/camera-preview-large.png"), 0);
    OK(flow_run(&f, "tap @cam.shoot\nexpect-target @cam.use\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/camera-taken-large.png"), 0);
    /* 用这张, and 返回 while it saves: the save is waited for, its file goes
     * (unless the draft names the same page already), the field unchanged */
    int before = files_in_photos();
    OK(flow_tap(&f, "cam.use"));
    CHECK(shows("cam.saving"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/camera-saving-large.png"), 0);
    /* (pressed and released with no time passing: the page cannot take the
     * result first) */
    OK(flow_run(&f, "down @cam.back\nup @cam.back\nelderly off\n"));
    CHECK_EQ_STR(flow_top_name(&f), "form");
    CHECK_EQ_INT(photo_count(), 2);
    CHECK_EQ_INT(files_in_photos(), before);

    /* the camera is a node that is no camera, a regular file, or missing:
     * said in the villager's words, the reason in the log for the technician */
    f.sv.camera_source = "/dev/null";
    ui_app_set_services(f.u.app, &f.sv);
    OK(flow_run(&f, "tap @f.hukou_photo.photo\nwait 200\n"));
    CHECK(strstr(cam_line, "/dev/null") && strstr(cam_line, "cannot be opened"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/camera-not-camera.png"), 0);
    OK(flow_run(&f, "elderly on\nwait 100\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/camera-not-camera-large.png"), 0);
    OK(flow_run(&f, "tap @cam.shoot\nwait 100\nelderly off\n")); /* 拍照 tries again */
    CHECK(shows("cam.shoot") && !shows("cam.use"));
    OK(flow_run(&f, "tap @cam.back\n"));
    char regular[1200];
    snprintf(regular, sizeof regular, "%s/video0", fx_fresh_dir("notcam"));
    fx_write(regular, "JFIF", 4);
    f.sv.camera_source = regular;
    ui_app_set_services(f.u.app, &f.sv);
    OK(flow_run(&f, "tap @f.hukou_photo.photo\nwait 200\n"));
    CHECK(strstr(cam_line, "video0") && strstr(cam_line, "cannot be opened"));
    CHECK(red_message() > 200);
    OK(flow_run(&f, "tap @cam.back\n"));
    f.sv.camera_source = "/dev/video-unplugged";
    ui_app_set_services(f.u.app, &f.sv);
    OK(flow_run(&f, "tap @f.hukou_photo.photo\nwait 200\n"));
    CHECK(strstr(cam_line, "no camera") != NULL);
    CHECK(red_message() > 200);
    OK(flow_run(&f, "tap @cam.back\n"));
    f.sv.camera_source = camdir;
    ui_app_set_services(f.u.app, &f.sv);
    CHECK_EQ_STR(flow_top_name(&f), "form");
    CHECK_EQ_INT(photo_count(), 2);

    unsigned char *b0 = NULL, *b1 = NULL;
    size_t l0 = 0, l1 = 0;
    check_photo_file(p0, 1200, 80 * 1024, &b0, &l0);
    check_photo_file(p1, 1200, 80 * 1024, &b1, &l1);
    REQUIRE(b0 && b1);

    /* sign, confirm */
    OK(next(5));
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    OK(next(6));
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(&f))));
    /* the optional 其他证明材料 not taken: review shows its row (it left it
     * out, and nothing said a photo was missing), and a tap on the row goes
     * to its page, from where 下一步 comes back */
    form_review_item *items;
    size_t nitems;
    REQUIRE(form_inst_review(ui_form_inst(flow_form(&f)), &items, &nitems) == FORM_OK);
    int row = -1;
    for (size_t i = 0; i < nitems; i++)
        if (!strcmp(form_field_key(items[i].field), "proof_photo")) {
            row = (int)i;
            CHECK_EQ_STR(items[i].display, "");
        }
    form_review_free(items, nitems);
    REQUIRE(row >= 0);
    char rid[32];
    snprintf(rid, sizeof rid, "form.review.%d", row);
    for (int i = 0; i < 4; i++) /* the list's end, where the materials are */
        OK(flow_run(&f, "drag 540 1500 540 700 48\nwait 1500\n"));
    OK(flow_tap(&f, rid));
    CHECK_EQ_INT(page(), 4);
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(&f))));
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");

    /* the frozen body names both photos with their hashes */
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    REQUIRE(store_filing_get(f.st, uuid, &fl) == STORE_OK);
    cJSON *body = cJSON_Parse(fl.body);
    const cJSON *atts = cJSON_GetObjectItemCaseSensitive(body, "attachments"), *a;
    int jpegs = 0, pngs = 0;
    cJSON_ArrayForEach(a, atts)
    {
        const char *name = cJSON_GetObjectItemCaseSensitive(a, "name")->valuestring;
        const char *type = cJSON_GetObjectItemCaseSensitive(a, "type")->valuestring;
        const char *sha = cJSON_GetObjectItemCaseSensitive(a, "sha256")->valuestring;
        if (!strcmp(type, "image/jpeg")) {
            jpegs++;
            CHECK(!strcmp(name, p0) || !strcmp(name, p1));
            CHECK(!strncmp(name + 6, sha, 64));
            CHECK_EQ_INT((long long)cJSON_GetObjectItemCaseSensitive(a, "size")->valuedouble,
                         !strcmp(name, p0) ? (long long)l0 : (long long)l1);
        } else {
            pngs++;
        }
    }
    CHECK_EQ_INT(jpegs, 2);
    CHECK_EQ_INT(pngs, 1);
    cJSON_Delete(body);
    store_filing_clear(&fl);

    /* upload: the county holds the very bytes, the kiosk's photo files go */
    REQUIRE(journey_upload(&f, sim, token) == 0);
    int n;
    store_outbox_count(f.st, &n);
    CHECK_EQ_INT(n, 0);
    for (int i = 0; i < 2; i++) {
        const char *nm = i ? p1 : p0;
        char url[160], *reply = NULL;
        size_t len = 0;
        snprintf(url, sizeof url, "/admin/attachments/%.64s", nm + 6);
        CHECK_EQ_INT(simproc_http_bytes(sim, url, &reply, &len), 200);
        CHECK(len == (i ? l1 : l0) && reply && !memcmp(reply, i ? b1 : b0, len));
        free(reply);
        char path[1300];
        photo_path(nm, path, sizeof path);
        CHECK(access(path, F_OK) != 0);
    }
    CHECK_EQ_INT(files_in_photos(), 0);
    free(b0);
    free(b1);
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));

    /* a villager who walks away: the draft and its photo go at the timeout */
    OK(core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "0", err, sizeof err));
    REQUIRE(to_photo_page() == 0);
    OK(take_photo());
    CHECK_EQ_INT(photo_count(), 1);
    CHECK_EQ_INT(files_in_photos(), 1);
    OK(flow_run(&f, "wait 600000\nwait 600000\nexpect-screen home\n"));
    CHECK_EQ_INT(files_in_photos(), 0);

    /* the county returns the first filing asking for another page of the
     * 户口簿: its correction (the screen 去补正 opens) is on 低保's own
     * definition, which has photo fields: the same pages, no 补充材料 step,
     * the 户口簿 field there to photograph it again */
    store_receipt rc;
    memset(&rc, 0, sizeof rc);
    REQUIRE(store_receipt_get_by_uuid(f.st, uuid, &rc) == STORE_OK);
    OK(store_receipt_set_status(f.st, rc.receipt_no, STORE_STATUS_RETURNED, rc.status_ms + 1000,
                                "请补充户口簿照片"));
    store_receipt_clear(&rc);
    ui_form_open_draft(NULL, f.u.app, uuid, "dibao");
    REQUIRE(ui_form_is(flow_top(&f)));
    CHECK(strcmp(ui_form_uuid(flow_top(&f)), uuid) != 0);
    const form_def *dibao = form_catalog_find(f.cat, "dibao");
    CHECK(form_inst_def(ui_form_inst(flow_form(&f))) == dibao);
    CHECK(form_def_correction(dibao) == dibao);
    int step, total;
    form_inst_progress(ui_form_inst(flow_form(&f)), &step, &total);
    CHECK_EQ_INT(total, 6);
    for (int i = 0; i < 8 && page() < 4; i++)
        OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(page(), 4);
    CHECK(shows("f.hukou_photo.photo") && !shows("f.materials.photo"));
    OK(next(5)); /* the signature's page follows, as on the first filing */
    CHECK(!shows("f.materials.photo"));

}

static void test_photo_journey(void)
{
    core_log_set_sink(sink, NULL);
    simproc *sim = simproc_start(fx_fresh_dir("psim"), 1, NULL);
    REQUIRE(sim != NULL);
    char token[256];
    if (simproc_register(sim, token, sizeof token) == 0) {
        make_camera();
        if (flow_open(&f, 1080, 1920, "photo.db", 1) == 0)
            journey(sim, token); /* returns early on a failed REQUIRE */
        else
            CHECK(!"flow_open");
        flow_close(&f);
    } else {
        CHECK(!"simproc_register");
    }
    simproc_stop(sim);
    CHECK_EQ_STR(logged_photo, ""); /* personal data never in logs */
    core_log_set_sink(NULL, NULL);
}

int main(void)
{
    char err[512];
    if (sodium_init() < 0 || kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_photo_journey);
    kb_ime_uninstall();
    return check_summary();
}
