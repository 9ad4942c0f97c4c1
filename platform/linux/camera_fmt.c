/* camera_fmt.c — the camera's picture formats (plat_camera.h): size choice,
 * YUYV and JPEG into RGB888 (libjpeg-turbo's libjpeg API), scaling down, and
 * RGB888 into JPEG for the photos a form keeps. */
#include "plat_camera.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#define MAX_SIDE 16384 /* no camera or sample is larger: anything else is malformed */

void plat_camera_frame_free(plat_frame *f)
{
    if (!f)
        return;
    free(f->rgb);
    f->rgb = NULL;
    f->w = f->h = 0;
}

static int frame_alloc(plat_frame *f, int w, int h)
{
    plat_camera_frame_free(f);
    if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE)
        return -1;
    f->rgb = malloc((size_t)w * (size_t)h * 3);
    if (!f->rgb)
        return -1;
    f->w = w;
    f->h = h;
    return 0;
}

int plat_camera_pick_sizes(const int (*sizes)[2], int n, int max_w, int max_h, int *still,
                           int *preview)
{
    if (n <= 0)
        return -1;
    int best = -1, small = -1, large = 0, least = 0;
    for (int i = 0; i < n; i++) {
        long long area = (long long)sizes[i][0] * sizes[i][1];
        if (sizes[i][0] <= max_w && sizes[i][1] <= max_h &&
            (best < 0 || area > (long long)sizes[best][0] * sizes[best][1]))
            best = i;
        if (sizes[i][0] >= 640 &&
            (small < 0 || area < (long long)sizes[small][0] * sizes[small][1]))
            small = i;
        if (area > (long long)sizes[large][0] * sizes[large][1])
            large = i;
        if (area < (long long)sizes[least][0] * sizes[least][1])
            least = i;
    }
    *still = best >= 0 ? best : least;
    *preview = small >= 0 ? small : large;
    return 0;
}

static uint8_t clamp8(int v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

int plat_camera_yuyv_to_rgb(const uint8_t *yuyv, size_t len, int w, int h, plat_frame *out)
{
    if (!yuyv || w <= 0 || h <= 0 || (w & 1) || len != (size_t)w * (size_t)h * 2)
        return -1;
    if (frame_alloc(out, w, h))
        return -1;
    uint8_t *o = out->rgb;
    size_t pairs = (size_t)w * (size_t)h / 2;
    for (size_t i = 0; i < pairs; i++, yuyv += 4) {
        int u = yuyv[1] - 128, v = yuyv[3] - 128;
        /* BT.601 limited range, fixed point (x 256) */
        int rv = 409 * v, guv = -100 * u - 208 * v, bu = 516 * u;
        for (int k = 0; k < 2; k++) {
            int y = 298 * (yuyv[k * 2] - 16) + 128;
            *o++ = clamp8((y + rv) >> 8);
            *o++ = clamp8((y + guv) >> 8);
            *o++ = clamp8((y + bu) >> 8);
        }
    }
    return 0;
}

/* libjpeg reports errors by calling error_exit: jump back instead of exiting,
 * and print nothing. A premature end of the data is a warning to libjpeg (it
 * fills the rest with grey); a frame cut short is refused here. */
typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int truncated;
} jerr;

static void on_error(j_common_ptr c) { longjmp(((jerr *)c->err)->jump, 1); }

static void on_message(j_common_ptr c, int level)
{
    jerr *e = (jerr *)c->err;
    if (level < 0 && e->pub.msg_code == JWRN_JPEG_EOF)
        e->truncated = 1;
}

static void on_output(j_common_ptr c) { (void)c; }

static void quiet(jerr *e)
{
    jpeg_std_error(&e->pub);
    e->pub.error_exit = on_error;
    e->pub.emit_message = on_message;
    e->pub.output_message = on_output;
    e->truncated = 0;
}

int plat_camera_jpeg_to_rgb(const uint8_t *jpeg, size_t len, int max_w, int max_h,
                            plat_frame *out)
{
    if (!jpeg || len < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 || len > 64u * 1024 * 1024)
        return -1;
    struct jpeg_decompress_struct d;
    jerr e;
    quiet(&e);
    d.err = &e.pub;
    /* volatile: changed after setjmp and read after a longjmp */
    uint8_t *volatile pix = NULL;
    if (setjmp(e.jump)) {
        jpeg_destroy_decompress(&d);
        free(pix);
        return -1;
    }
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, (unsigned char *)jpeg, (unsigned long)len);
    if (jpeg_read_header(&d, TRUE) != JPEG_HEADER_OK || d.image_width == 0 ||
        d.image_height == 0 || d.image_width > MAX_SIDE || d.image_height > MAX_SIDE) {
        jpeg_destroy_decompress(&d);
        return -1;
    }
    d.out_color_space = JCS_RGB;
    /* the smallest decode that still covers the size wanted */
    d.scale_num = 1;
    d.scale_denom = 1;
    if (max_w > 0 && max_h > 0)
        for (unsigned s = 8; s > 1; s /= 2)
            if (d.image_width / s >= (unsigned)max_w || d.image_height / s >= (unsigned)max_h) {
                d.scale_denom = s;
                break;
            }
    jpeg_start_decompress(&d);
    int w = (int)d.output_width, h = (int)d.output_height;
    if (d.output_components != 3 || w <= 0 || h <= 0) {
        jpeg_destroy_decompress(&d);
        return -1;
    }
    pix = malloc((size_t)w * (size_t)h * 3);
    if (!pix) {
        jpeg_destroy_decompress(&d);
        return -1;
    }
    while (d.output_scanline < d.output_height) {
        JSAMPROW row = (JSAMPROW)(pix + (size_t)d.output_scanline * (size_t)w * 3);
        jpeg_read_scanlines(&d, &row, 1);
    }
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    if (e.truncated) {
        free(pix);
        return -1;
    }
    plat_camera_frame_free(out);
    out->rgb = pix;
    out->w = w;
    out->h = h;
    return 0;
}

int plat_camera_rgb_to_jpeg(const plat_frame *f, int quality, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!f || !f->rgb || f->w <= 0 || f->h <= 0 || quality < 1 || quality > 100)
        return -1;
    struct jpeg_compress_struct c;
    jerr e;
    quiet(&e);
    c.err = &e.pub;
    unsigned char *volatile buf = NULL;
    unsigned long volatile size = 0;
    if (setjmp(e.jump)) {
        jpeg_destroy_compress(&c);
        free(buf);
        return -1;
    }
    jpeg_create_compress(&c);
    unsigned char *b = NULL;
    unsigned long s = 0;
    jpeg_mem_dest(&c, &b, &s);
    c.image_width = (JDIMENSION)f->w;
    c.image_height = (JDIMENSION)f->h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    c.optimize_coding = TRUE;
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)(f->rgb + (size_t)c.next_scanline * (size_t)f->w * 3);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    buf = b;
    size = s;
    jpeg_destroy_compress(&c);
    *out = buf;
    *len = (size_t)size;
    return 0;
}

int plat_camera_fit(const plat_frame *src, int max_w, int max_h, plat_frame *out)
{
    if (!src || !src->rgb || src->w <= 0 || src->h <= 0 || max_w <= 0 || max_h <= 0)
        return -1;
    int w = src->w, h = src->h;
    if (w > max_w || h > max_h) {
        /* the same shape, the larger side at its limit */
        if ((long long)w * max_h > (long long)h * max_w) {
            h = (int)((long long)h * max_w / w);
            w = max_w;
        } else {
            w = (int)((long long)w * max_h / h);
            h = max_h;
        }
        if (w < 1)
            w = 1;
        if (h < 1)
            h = 1;
    }
    plat_frame o = {0, 0, NULL};
    if (frame_alloc(&o, w, h))
        return -1;
    if (w == src->w && h == src->h) {
        memcpy(o.rgb, src->rgb, (size_t)w * (size_t)h * 3);
    } else {
        /* box filter: each output pixel is the mean of the source pixels it covers */
        for (int y = 0; y < h; y++) {
            int y0 = (int)((long long)y * src->h / h), y1 = (int)((long long)(y + 1) * src->h / h);
            if (y1 <= y0)
                y1 = y0 + 1;
            for (int x = 0; x < w; x++) {
                int x0 = (int)((long long)x * src->w / w),
                    x1 = (int)((long long)(x + 1) * src->w / w);
                if (x1 <= x0)
                    x1 = x0 + 1;
                unsigned sum[3] = {0, 0, 0}, n = 0;
                for (int sy = y0; sy < y1; sy++) {
                    const uint8_t *p = src->rgb + ((size_t)sy * (size_t)src->w + (size_t)x0) * 3;
                    for (int sx = x0; sx < x1; sx++, p += 3) {
                        sum[0] += p[0];
                        sum[1] += p[1];
                        sum[2] += p[2];
                        n++;
                    }
                }
                uint8_t *q = o.rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
                q[0] = (uint8_t)((sum[0] + n / 2) / n);
                q[1] = (uint8_t)((sum[1] + n / 2) / n);
                q[2] = (uint8_t)((sum[2] + n / 2) / n);
            }
        }
    }
    plat_camera_frame_free(out);
    *out = o;
    return 0;
}

int plat_camera_decode(uint32_t fourcc, int w, int h, int stride, const uint8_t *p, size_t used,
                       int max_w, int max_h, plat_frame *out)
{
    plat_frame full = {0, 0, NULL};
    if (!p || !out)
        return PLAT_CAMERA_ERR_FRAME;
    if (fourcc == PLAT_CAMERA_FOURCC_MJPEG) {
        if (plat_camera_jpeg_to_rgb(p, used, max_w, max_h, &full))
            return PLAT_CAMERA_ERR_FRAME;
    } else if (fourcc == PLAT_CAMERA_FOURCC_YUYV) {
        /* rows may be padded to bytesperline */
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE)
            return PLAT_CAMERA_ERR_FRAME;
        size_t row = (size_t)w * 2, st = stride > 0 ? (size_t)stride : row;
        if (st < row || used < st * (size_t)(h - 1) + row)
            return PLAT_CAMERA_ERR_FRAME;
        uint8_t *packed = NULL;
        if (st != row) {
            packed = malloc(row * (size_t)h);
            if (!packed)
                return PLAT_CAMERA_ERR_NOMEM;
            for (int y = 0; y < h; y++)
                memcpy(packed + row * (size_t)y, p + st * (size_t)y, row);
        }
        int bad = plat_camera_yuyv_to_rgb(packed ? packed : p, row * (size_t)h, w, h, &full);
        free(packed);
        if (bad)
            return PLAT_CAMERA_ERR_FRAME;
    } else {
        return PLAT_CAMERA_ERR_FRAME;
    }
    if (max_w <= 0 || max_h <= 0) { /* full size */
        plat_camera_frame_free(out);
        *out = full;
        return PLAT_CAMERA_OK;
    }
    int rc = plat_camera_fit(&full, max_w, max_h, out);
    plat_camera_frame_free(&full);
    return rc ? PLAT_CAMERA_ERR_NOMEM : PLAT_CAMERA_OK;
}
