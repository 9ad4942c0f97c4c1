/* test_camera.c — the camera's formats and sources (plat_camera.h) without a
 * camera: this machine has no /dev/video* and no vivid module, so the V4L2
 * path is tested where it can be without a device (a node that is no camera
 * refused, a missing one reported as none), and the format handling it runs
 * on every frame with frame bytes made here:
 *   - the resolutions a UVC document camera lists (a 高拍仪's 5 MP down to
 *     VGA): the largest still within the limits, the smallest preview >= 640;
 *   - YUYV frames of known colours into RGB (BT.601), and frames of the
 *     wrong size or an odd width refused;
 *   - MJPEG frames: a whole JPEG decoded (at a reduced scale for a preview),
 *     a frame cut short, one with its entropy-coded data overwritten, and
 *     bytes that are no JPEG at all, each refused;
 *   - the encoder the photos use round-trips colours, and fitting keeps the
 *     shape and averages;
 *   - the sample-folder source (the emulator's camera): preview within its
 *     limit, stills at full size moving through the pages, a corrupt sample
 *     refused with the next one still good, an empty folder is no camera. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fixtures.h"
#include "plat_camera.h"

static void test_pick_sizes(void)
{
    /* what a 5 MP UVC document camera lists for MJPEG */
    const int doc[][2] = {{640, 480}, {2592, 1944}, {1280, 720}, {1920, 1080}, {320, 240},
                          {1600, 1200}, {800, 600}};
    int still = -1, prev = -1;
    CHECK_EQ_INT(plat_camera_pick_sizes(doc, 7, 4096, 4096, &still, &prev), 0);
    CHECK_EQ_INT(doc[still][0], 2592);
    CHECK_EQ_INT(doc[prev][0], 640);
    /* a limit below the largest: the largest within it */
    CHECK_EQ_INT(plat_camera_pick_sizes(doc, 7, 1920, 1200, &still, &prev), 0);
    CHECK_EQ_INT(doc[still][0], 1920); /* 1920x1080 has more pixels than 1600x1200 */
    CHECK_EQ_INT(plat_camera_pick_sizes(doc, 7, 1700, 1300, &still, &prev), 0);
    CHECK_EQ_INT(doc[still][0], 1600);
    /* a webcam with only small sizes: the largest is the preview */
    const int small[][2] = {{320, 240}, {352, 288}, {176, 144}};
    CHECK_EQ_INT(plat_camera_pick_sizes(small, 3, 4096, 4096, &still, &prev), 0);
    CHECK_EQ_INT(small[prev][0], 352);
    CHECK_EQ_INT(small[still][0], 352);
    /* nothing within the limit: the smallest, never more than asked */
    CHECK_EQ_INT(plat_camera_pick_sizes(doc, 7, 100, 100, &still, &prev), 0);
    CHECK_EQ_INT(doc[still][0], 320);
    CHECK_EQ_INT(plat_camera_pick_sizes(doc, 0, 4096, 4096, &still, &prev), -1);
}

static void px(const plat_frame *f, int x, int y, int *r, int *g, int *b)
{
    const uint8_t *p = f->rgb + ((size_t)y * (size_t)f->w + (size_t)x) * 3;
    *r = p[0];
    *g = p[1];
    *b = p[2];
}

static int near(int a, int b, int tol) { return a - b <= tol && b - a <= tol; }

static void test_yuyv(void)
{
    /* 4x2: white, black | red (Y 81 U 90 V 240), blue (Y 41 U 240 V 110) per pair,
     * second row grey 128 */
    const uint8_t frame[] = {235, 128, 16, 128, 81, 90, 81, 240,
                             41, 240, 41, 110, 128, 128, 128, 128};
    /* as a 4x2 frame: row 0 = white black red red; row 1 = blue blue grey grey */
    plat_frame f = {0, 0, NULL};
    CHECK_EQ_INT(plat_camera_yuyv_to_rgb(frame, sizeof frame, 4, 2, &f), 0);
    REQUIRE(f.rgb && f.w == 4 && f.h == 2);
    int r, g, b;
    px(&f, 0, 0, &r, &g, &b);
    CHECK(r == 255 && g == 255 && b == 255);
    px(&f, 1, 0, &r, &g, &b);
    CHECK(r == 0 && g == 0 && b == 0);
    px(&f, 2, 0, &r, &g, &b);
    CHECK(near(r, 255, 4) && near(g, 0, 4) && near(b, 0, 4));
    px(&f, 0, 1, &r, &g, &b);
    CHECK(near(r, 0, 4) && near(g, 0, 6) && near(b, 255, 4));
    px(&f, 3, 1, &r, &g, &b);
    CHECK(near(r, 130, 2) && r == g && g == b);
    /* a frame of the wrong size (a USB transfer cut short), an odd width */
    CHECK_EQ_INT(plat_camera_yuyv_to_rgb(frame, sizeof frame - 4, 4, 2, &f), -1);
    CHECK_EQ_INT(plat_camera_yuyv_to_rgb(frame, sizeof frame + 0, 3, 2, &f), -1);
    CHECK_EQ_INT(plat_camera_yuyv_to_rgb(frame, sizeof frame, 8, 2, &f), -1);
    plat_camera_frame_free(&f);
}

/* A w x h test card: four colour quarters. */
static plat_frame card(int w, int h)
{
    plat_frame f = {w, h, malloc((size_t)w * (size_t)h * 3)};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = f.rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
            int q = (x >= w / 2) + 2 * (y >= h / 2);
            const uint8_t c[4][3] = {{200, 30, 30}, {30, 160, 60}, {40, 60, 200}, {240, 240, 240}};
            memcpy(p, c[q], 3);
        }
    return f;
}

static void test_jpeg(void)
{
    plat_frame src = card(640, 480), out = {0, 0, NULL};
    uint8_t *jpg = NULL;
    size_t len = 0;
    CHECK_EQ_INT(plat_camera_rgb_to_jpeg(&src, 85, &jpg, &len), 0);
    REQUIRE(jpg && len > 100 && jpg[0] == 0xFF && jpg[1] == 0xD8);
    CHECK(jpg[len - 2] == 0xFF && jpg[len - 1] == 0xD9);
    /* a whole frame, full size */
    CHECK_EQ_INT(plat_camera_jpeg_to_rgb(jpg, len, 0, 0, &out), 0);
    CHECK(out.w == 640 && out.h == 480);
    int r, g, b;
    px(&out, 100, 100, &r, &g, &b);
    CHECK(near(r, 200, 8) && near(g, 30, 8) && near(b, 30, 8));
    px(&out, 500, 400, &r, &g, &b);
    CHECK(near(r, 240, 6) && near(g, 240, 6) && near(b, 240, 6));
    /* decoded small for a preview: the smallest scale still covering 300 */
    CHECK_EQ_INT(plat_camera_jpeg_to_rgb(jpg, len, 300, 300, &out), 0);
    CHECK(out.w == 320 && out.h == 240);
    /* a frame cut short (a transfer lost its end) */
    CHECK_EQ_INT(plat_camera_jpeg_to_rgb(jpg, len / 2, 0, 0, &out), -1);
    /* the header kept, the entropy-coded data replaced by markers that cannot be there */
    uint8_t *bad = malloc(len);
    memcpy(bad, jpg, len);
    for (size_t i = len / 3; i + 2 < len; i += 2) {
        bad[i] = 0xFF;
        bad[i + 1] = 0xC0; /* a second SOF in the middle of the scan */
    }
    CHECK_EQ_INT(plat_camera_jpeg_to_rgb(bad, len, 0, 0, &out), -1);
    /* not a JPEG at all, and nothing */
    const uint8_t png[] = {0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
    CHECK_EQ_INT(plat_camera_jpeg_to_rgb(png, sizeof png, 0, 0, &out), -1);
    CHECK_EQ_INT(plat_camera_jpeg_to_rgb(jpg, 3, 0, 0, &out), -1);
    CHECK_EQ_INT(plat_camera_jpeg_to_rgb(NULL, 0, 0, 0, &out), -1);
    /* a lower quality makes a smaller file */
    uint8_t *low = NULL;
    size_t low_len = 0;
    CHECK_EQ_INT(plat_camera_rgb_to_jpeg(&src, 30, &low, &low_len), 0);
    CHECK(low_len < len);
    free(low);
    free(bad);
    free(jpg);
    plat_camera_frame_free(&src);
    plat_camera_frame_free(&out);
}

static void test_fit(void)
{
    plat_frame src = card(1600, 1200), out = {0, 0, NULL};
    CHECK_EQ_INT(plat_camera_fit(&src, 800, 800, &out), 0);
    CHECK(out.w == 800 && out.h == 600);
    CHECK_EQ_INT(plat_camera_fit(&src, 4000, 4000, &out), 0); /* fits: a copy */
    CHECK(out.w == 1600 && out.h == 1200 && !memcmp(out.rgb, src.rgb, 1600 * 1200 * 3));
    /* a tall picture keeps its shape */
    plat_frame tall = card(600, 1800);
    CHECK_EQ_INT(plat_camera_fit(&tall, 960, 960, &out), 0);
    CHECK(out.w == 320 && out.h == 960);
    /* the box filter averages: 2x1 black and white into one grey pixel */
    uint8_t two[6] = {0, 0, 0, 255, 255, 255};
    plat_frame bw = {2, 1, two};
    CHECK_EQ_INT(plat_camera_fit(&bw, 1, 1, &out), 0);
    CHECK(out.w == 1 && out.h == 1 && near(out.rgb[0], 128, 1));
    plat_camera_frame_free(&src);
    plat_camera_frame_free(&tall);
    plat_camera_frame_free(&out);
}

static void test_folder(void)
{
    plat_camera *c = NULL;
    plat_camera_limits lim = {4096, 4096, 480, 480};
    REQUIRE(plat_camera_open(check_asset("camera"), &lim, &c) == PLAT_CAMERA_OK);
    CHECK_EQ_INT(plat_camera_frame(c, &(plat_frame){0, 0, NULL}, 0), PLAT_CAMERA_ERR_STATE);
    CHECK_EQ_INT(plat_camera_start(c), PLAT_CAMERA_OK);
    plat_frame f = {0, 0, NULL};
    CHECK_EQ_INT(plat_camera_frame(c, &f, 0), PLAT_CAMERA_OK);
    CHECK(f.w == 480 && f.h == 360); /* the 1600x1200 pages, within the preview limit */
    CHECK_EQ_INT(plat_camera_still(c, &f), PLAT_CAMERA_OK);
    CHECK(f.w == 1600 && f.h == 1200);
    int r, g, b;
    px(&f, 800, 600, &r, &g, &b); /* the 户口本 page's paper */
    CHECK(r > 200 && g > 200 && b > 180);
    CHECK_EQ_INT(plat_camera_still(c, &f), PLAT_CAMERA_OK); /* the next page: 残疾人证 */
    px(&f, 320, 190, &r, &g, &b); /* its green band */
    CHECK(g > r + 40 && g > b + 20);
    plat_camera_close(c);

    /* a corrupt sample between two good ones; the still limit scales down */
    const char *dir = fx_fresh_dir("camfolder");
    size_t len = 0;
    char path[1200];
    uint8_t *good = fx_slurp(check_asset("camera/3-bankcard.jpg"), &len);
    REQUIRE(good != NULL);
    snprintf(path, sizeof path, "%s/a.jpg", dir);
    fx_write(path, good, len);
    snprintf(path, sizeof path, "%s/b.jpg", dir);
    fx_write(path, good, len / 3); /* cut short */
    snprintf(path, sizeof path, "%s/c.JPG", dir);
    fx_write(path, good, len);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    fx_write(path, "x", 1);
    lim = (plat_camera_limits){800, 800, 0, 0};
    REQUIRE(plat_camera_open(dir, &lim, &c) == PLAT_CAMERA_OK);
    CHECK_EQ_INT(plat_camera_start(c), PLAT_CAMERA_OK);
    CHECK_EQ_INT(plat_camera_start(c), PLAT_CAMERA_ERR_STATE);
    CHECK_EQ_INT(plat_camera_still(c, &f), PLAT_CAMERA_OK);
    CHECK(f.w == 800 && f.h == 600);
    CHECK_EQ_INT(plat_camera_still(c, &f), PLAT_CAMERA_ERR_FRAME);
    CHECK(strstr(plat_camera_detail(c), "not a well-formed JPEG") != NULL);
    CHECK_EQ_INT(plat_camera_still(c, &f), PLAT_CAMERA_OK); /* the stream goes on */
    CHECK_EQ_INT(plat_camera_still(c, &f), PLAT_CAMERA_OK); /* and round again */
    plat_camera_close(c);
    free(good);

    /* an empty folder is no camera; a device that is no camera cannot be opened */
    REQUIRE(plat_camera_open(fx_fresh_dir("camempty"), NULL, &c) == PLAT_CAMERA_NONE);
    plat_camera_close(c);
    CHECK_EQ_INT(plat_camera_open("/dev/null", NULL, &c), PLAT_CAMERA_ERR_OPEN);
    CHECK(strstr(plat_camera_detail(c), "/dev/null") != NULL);
    plat_camera_close(c);
    CHECK_EQ_INT(plat_camera_open("/dev/video-none-here", NULL, &c), PLAT_CAMERA_NONE);
    plat_camera_close(c);
    plat_camera_frame_free(&f);
    CHECK(strcmp(plat_camera_strerror(PLAT_CAMERA_ERR_FRAME), "unknown camera error") != 0);
}

int main(void)
{
    RUN(test_pick_sizes);
    RUN(test_yuyv);
    RUN(test_jpeg);
    RUN(test_fit);
    RUN(test_folder);
    return check_summary();
}
