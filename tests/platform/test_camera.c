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
 *     refused with the next one still good, an empty folder is no camera;
 *   - the V4L2 source's own decoding of a filled buffer (plat_camera_decode,
 *     what grab() runs on each frame), fed with frames made from a sample
 *     page as cameras send them: YUYV with rows padded to bytesperline, and
 *     MJPEG at 4:2:2 without its Huffman tables (UVC leaves them out), with
 *     an AVI1 marker and the buffer's unused tail; each compared with the
 *     page (PSNR), scaled for a preview, and cut short or damaged;
 *   - opening /dev/null, a regular file and a missing path as the camera.
 * What needs a real device stays untested here: VIDIOC_QUERYCAP on a capture
 * node, the format and frame-size enumeration, S_FMT, buffer mmap/queueing,
 * STREAMON/OFF, poll and DQBUF, and the still's switch of resolution. */
#include <math.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jpeglib.h>

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

/* ---- frames as a V4L2 device delivers them, made from a sample page ---- */

/* The 户口本 sample page at VGA: what a camera at 640x480 looks at. */
static plat_frame sample_vga(void)
{
    size_t len = 0;
    uint8_t *jpg = fx_slurp(check_asset("camera/1-hukou.jpg"), &len);
    plat_frame full = {0, 0, NULL}, vga = {0, 0, NULL};
    if (jpg && plat_camera_jpeg_to_rgb(jpg, len, 0, 0, &full) == 0)
        plat_camera_fit(&full, 640, 480, &vga);
    free(jpg);
    plat_camera_frame_free(&full);
    return vga;
}

/* YUYV of f as a UVC camera sends it (BT.601 studio range, each pair's
 * chroma averaged), rows stride bytes apart (the padding 0xAA); malloc'd. */
static uint8_t *to_yuyv(const plat_frame *f, int stride, size_t *len)
{
    *len = (size_t)stride * (size_t)f->h;
    uint8_t *o = malloc(*len);
    if (!o)
        return NULL;
    memset(o, 0xAA, *len);
    for (int y = 0; y < f->h; y++)
        for (int x = 0; x + 1 < f->w; x += 2) {
            const uint8_t *p = f->rgb + ((size_t)y * (size_t)f->w + (size_t)x) * 3;
            double yy[2], u = 0, v = 0;
            for (int k = 0; k < 2; k++) {
                double r = p[k * 3], g = p[k * 3 + 1], b = p[k * 3 + 2];
                yy[k] = 16 + 0.257 * r + 0.504 * g + 0.098 * b;
                u += (128 - 0.148 * r - 0.291 * g + 0.439 * b) / 2;
                v += (128 + 0.439 * r - 0.368 * g - 0.071 * b) / 2;
            }
            uint8_t *q = o + (size_t)y * (size_t)stride + (size_t)x * 2;
            q[0] = (uint8_t)(yy[0] + 0.5);
            q[1] = (uint8_t)(u + 0.5);
            q[2] = (uint8_t)(yy[1] + 0.5);
            q[3] = (uint8_t)(v + 0.5);
        }
    return o;
}

/* An MJPEG frame of f as UVC cameras send them: 4:2:2, the standard Huffman
 * tables left out (no DHT segment), an AVI1 APP0 instead of JFIF, and the
 * buffer's unused tail after the image (pad zero bytes); malloc'd. */
static uint8_t *to_mjpeg(const plat_frame *f, size_t pad, size_t *len)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    unsigned char *buf = NULL;
    unsigned long n = 0;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &buf, &n);
    c.image_width = (JDIMENSION)f->w;
    c.image_height = (JDIMENSION)f->h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 80, TRUE);
    c.comp_info[0].h_samp_factor = 2;
    c.comp_info[0].v_samp_factor = 1;
    c.optimize_coding = FALSE; /* the standard tables, which the frame then leaves out */
    c.write_JFIF_header = FALSE;
    jpeg_start_compress(&c, TRUE);
    static const JOCTET avi1[] = {'A', 'V', 'I', '1', 0, 0, 0, 0, 0, 0, 0, 0};
    jpeg_write_marker(&c, JPEG_APP0, avi1, sizeof avi1);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = f->rgb + (size_t)c.next_scanline * (size_t)f->w * 3;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    /* copy it without its DHT segments (FF C4 + length), then the padding */
    uint8_t *o = calloc(1, n + pad);
    size_t k = 0, i = 0;
    int dht = 0;
    while (o && i < n) {
        if (i + 3 < n && buf[i] == 0xFF && buf[i + 1] == 0xC4) {
            i += 2 + ((size_t)buf[i + 2] << 8 | buf[i + 3]);
            dht++;
            continue;
        }
        if (i + 1 < n && buf[i] == 0xFF && buf[i + 1] == 0xDA) { /* the scan: the rest as is */
            memcpy(o + k, buf + i, n - i);
            k += n - i;
            break;
        }
        o[k++] = buf[i++];
    }
    CHECK(dht > 0);
    free(buf);
    *len = k + pad;
    return o;
}

/* Peak signal-to-noise ratio of b against a (same size), in dB; 0 if they differ in size. */
static double psnr(const plat_frame *a, const plat_frame *b)
{
    if (!a->rgb || !b->rgb || a->w != b->w || a->h != b->h)
        return 0;
    double se = 0;
    size_t n = (size_t)a->w * (size_t)a->h * 3;
    for (size_t i = 0; i < n; i++) {
        double d = (double)a->rgb[i] - (double)b->rgb[i];
        se += d * d;
    }
    if (se == 0)
        return 99;
    double mse = se / (double)n;
    return 10 * log10(255.0 * 255.0 / mse);
}

static void test_v4l2_frames(void)
{
    plat_frame ref = sample_vga(), out = {0, 0, NULL};
    REQUIRE(ref.rgb && ref.w == 640 && ref.h == 480);
    /* YUYV, rows padded to bytesperline (1344, as drivers align them), and packed */
    size_t len = 0;
    uint8_t *yuyv = to_yuyv(&ref, 1344, &len);
    REQUIRE(yuyv != NULL);
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_YUYV, 640, 480, 1344, yuyv, len, 0, 0, &out),
                 PLAT_CAMERA_OK);
    CHECK(out.w == 640 && out.h == 480);
    double db = psnr(&ref, &out);
    printf("  YUYV 640x480 (stride 1344) against the page: %.1f dB\n", db);
    CHECK(db > 30);
    size_t plen = 0;
    uint8_t *packed = to_yuyv(&ref, 1280, &plen);
    REQUIRE(packed != NULL);
    plat_frame out2 = {0, 0, NULL};
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_YUYV, 640, 480, 0, packed, plen, 0, 0, &out2),
                 PLAT_CAMERA_OK);
    CHECK(psnr(&out, &out2) > 98); /* the padding is skipped, nothing else differs */
    /* the preview: scaled to fit 320x320 */
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_YUYV, 640, 480, 1344, yuyv, len, 320, 320,
                                    &out2), PLAT_CAMERA_OK);
    CHECK(out2.w == 320 && out2.h == 240);
    /* a transfer cut short, a stride shorter than a row, a size the buffer does not hold */
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_YUYV, 640, 480, 1344, yuyv, len - 1400, 0, 0,
                                    &out2), PLAT_CAMERA_ERR_FRAME);
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_YUYV, 640, 480, 1000, yuyv, len, 0, 0, &out2),
                 PLAT_CAMERA_ERR_FRAME);
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_YUYV, 1280, 720, 0, yuyv, len, 0, 0, &out2),
                 PLAT_CAMERA_ERR_FRAME);
    CHECK_EQ_INT(plat_camera_decode(0x34325248u /* RH24 */, 640, 480, 0, yuyv, len, 0, 0, &out2),
                 PLAT_CAMERA_ERR_FRAME);

    /* MJPEG as UVC sends it: no Huffman tables, 4:2:2, a padded buffer */
    size_t mlen = 0;
    uint8_t *mj = to_mjpeg(&ref, 4096, &mlen);
    REQUIRE(mj != NULL);
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_MJPEG, 640, 480, 0, mj, mlen, 0, 0, &out2),
                 PLAT_CAMERA_OK);
    CHECK(out2.w == 640 && out2.h == 480);
    db = psnr(&ref, &out2);
    printf("  MJPEG 640x480 (no DHT, 4:2:2) against the page: %.1f dB\n", db);
    CHECK(db > 28);
    /* the preview decodes at a reduced scale, then fits */
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_MJPEG, 640, 480, 0, mj, mlen, 200, 200,
                                    &out2), PLAT_CAMERA_OK);
    CHECK(out2.w == 200 && out2.h == 150);
    /* cut short (half the frame lost), and garbage where the scan was */
    CHECK_EQ_INT(plat_camera_decode(PLAT_CAMERA_FOURCC_MJPEG, 640, 480, 0, mj, (mlen - 4096) / 2, 0,
                                    0, &out2), PLAT_CAMERA_ERR_FRAME);
    memset(mj + 700, 0xFF, 64);
    int rc = plat_camera_decode(PLAT_CAMERA_FOURCC_MJPEG, 640, 480, 0, mj, mlen, 0, 0, &out2);
    CHECK(rc == PLAT_CAMERA_ERR_FRAME || (rc == PLAT_CAMERA_OK && psnr(&ref, &out2) < 28));
    free(mj);
    free(yuyv);
    free(packed);
    plat_camera_frame_free(&ref);
    plat_camera_frame_free(&out);
    plat_camera_frame_free(&out2);
}

/* Nodes that are no camera: what the V4L2 source says, for the technician. */
static void test_not_a_camera(void)
{
    plat_camera *c = NULL;
    CHECK_EQ_INT(plat_camera_open("/dev/null", NULL, &c), PLAT_CAMERA_ERR_OPEN);
    /* the device and the ioctl's answer: "not a tty" from the kernel, or
     * "not implemented" from qemu-user (the ARM suites), which does not pass
     * on ioctls it cannot translate */
    CHECK(strstr(plat_camera_detail(c), "/dev/null") &&
          (strstr(plat_camera_detail(c), strerror(ENOTTY)) ||
           strstr(plat_camera_detail(c), strerror(ENOSYS))));
    plat_camera_close(c);
    char path[1200];
    snprintf(path, sizeof path, "%s/video0", fx_fresh_dir("camfile"));
    fx_write(path, "not a camera", 12);
    CHECK_EQ_INT(plat_camera_open(path, NULL, &c), PLAT_CAMERA_ERR_OPEN);
    CHECK(strstr(plat_camera_detail(c), "video0") != NULL);
    plat_camera_close(c);
    CHECK_EQ_INT(plat_camera_open("/dev/video-none-here", NULL, &c), PLAT_CAMERA_NONE);
    plat_camera_close(c);
}

int main(void)
{
    RUN(test_pick_sizes);
    RUN(test_yuyv);
    RUN(test_jpeg);
    RUN(test_fit);
    RUN(test_folder);
    RUN(test_v4l2_frames);
    RUN(test_not_a_camera);
    return check_summary();
}
