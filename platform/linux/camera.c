/* camera.c — the camera through V4L2 (plat_camera.h): the probe, opening a
 * source, and capture from a UVC device by mmap streaming. */
#include "camera_int.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* One device: OK, NONE (no such file) or ERR. */
static int probe_one(const char *dev, char *name, size_t n)
{
    int fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return PLAT_CAMERA_NONE;
        snprintf(name, n, "%s: %s", dev, strerror(errno));
        return PLAT_CAMERA_ERR;
    }
    struct v4l2_capability cap;
    memset(&cap, 0, sizeof cap);
    int rc = ioctl(fd, VIDIOC_QUERYCAP, &cap);
    int e = errno;
    close(fd);
    if (rc != 0) {
        snprintf(name, n, "%s: %s", dev, strerror(e));
        return PLAT_CAMERA_ERR;
    }
    unsigned caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE))
        return PLAT_CAMERA_NONE; /* a codec or metadata node, not a camera */
    snprintf(name, n, "%.32s", (const char *)cap.card);
    return PLAT_CAMERA_OK;
}

/* The first capture device: its path in dev. */
static int find_device(char *dev, size_t devlen, char *name, size_t n)
{
    const char *env = getenv("CZ_CAMERA_DEVICE");
    if (env && *env) {
        snprintf(dev, devlen, "%s", env);
        return probe_one(env, name, n);
    }
    int rc = PLAT_CAMERA_NONE;
    for (int i = 0; i < 8; i++) {
        char d[32];
        snprintf(d, sizeof d, "/dev/video%d", i);
        int r = probe_one(d, name, n);
        if (r == PLAT_CAMERA_OK) {
            snprintf(dev, devlen, "%s", d);
            return r;
        }
        if (r == PLAT_CAMERA_ERR)
            rc = r; /* keep looking: another node may be the camera */
    }
    return rc;
}

int plat_camera_probe(char *name, size_t n)
{
    if (n)
        name[0] = '\0';
    char dev[256];
    return find_device(dev, sizeof dev, name, n);
}

const char *plat_camera_strerror(int rc)
{
    switch (rc) {
    case PLAT_CAMERA_OK: return "ok";
    case PLAT_CAMERA_NONE: return "no camera";
    case PLAT_CAMERA_ERR: return "camera does not answer";
    case PLAT_CAMERA_ERR_OPEN: return "camera cannot be opened";
    case PLAT_CAMERA_ERR_FORMAT: return "camera offers neither MJPEG nor YUYV";
    case PLAT_CAMERA_ERR_STREAM: return "camera stream failed";
    case PLAT_CAMERA_ERR_TIMEOUT: return "no frame from the camera in time";
    case PLAT_CAMERA_ERR_FRAME: return "camera frame cannot be decoded";
    case PLAT_CAMERA_ERR_NOMEM: return "out of memory";
    case PLAT_CAMERA_ERR_STATE: return "camera not started";
    default: return "unknown camera error";
    }
}

const char *plat_camera_detail(const plat_camera *c) { return c ? c->detail : ""; }

static int fail(plat_camera *c, int rc, const char *what)
{
    snprintf(c->detail, sizeof c->detail, "%.200s: %.80s", c->dev[0] ? c->dev : "camera", what);
    return rc;
}

static int fail_errno(plat_camera *c, int rc, const char *what)
{
    char w[160];
    snprintf(w, sizeof w, "%.60s: %.80s", what, strerror(errno));
    return fail(c, rc, w);
}

static int xioctl(int fd, unsigned long req, void *arg)
{
    int r;
    do
        r = ioctl(fd, req, arg);
    while (r < 0 && errno == EINTR);
    return r;
}

/* MJPEG if the device has it (a document camera's large stills), else YUYV. */
static int choose_format(plat_camera *c)
{
    int have_mjpeg = 0, have_yuyv = 0;
    for (unsigned i = 0; i < 64; i++) {
        struct v4l2_fmtdesc fd;
        memset(&fd, 0, sizeof fd);
        fd.index = i;
        fd.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(c->fd, VIDIOC_ENUM_FMT, &fd) < 0)
            break;
        have_mjpeg |= fd.pixelformat == V4L2_PIX_FMT_MJPEG || fd.pixelformat == V4L2_PIX_FMT_JPEG;
        have_yuyv |= fd.pixelformat == V4L2_PIX_FMT_YUYV;
    }
    if (!have_mjpeg && !have_yuyv)
        return fail(c, PLAT_CAMERA_ERR_FORMAT, "no MJPEG or YUYV format");
    c->pixfmt = have_mjpeg ? V4L2_PIX_FMT_MJPEG : V4L2_PIX_FMT_YUYV;
    /* the sizes it offers in that format */
    int sizes[64][2], n = 0;
    for (unsigned i = 0; i < 64 && n < 64; i++) {
        struct v4l2_frmsizeenum fs;
        memset(&fs, 0, sizeof fs);
        fs.index = i;
        fs.pixel_format = c->pixfmt;
        if (xioctl(c->fd, VIDIOC_ENUM_FRAMESIZES, &fs) < 0)
            break;
        if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
            sizes[n][0] = (int)fs.discrete.width;
            sizes[n++][1] = (int)fs.discrete.height;
        } else { /* stepwise or continuous: its smallest, 640x480 if in range, its largest */
            sizes[n][0] = (int)fs.stepwise.min_width;
            sizes[n++][1] = (int)fs.stepwise.min_height;
            if (fs.stepwise.min_width <= 640 && fs.stepwise.max_width >= 640 &&
                fs.stepwise.min_height <= 480 && fs.stepwise.max_height >= 480) {
                sizes[n][0] = 640;
                sizes[n++][1] = 480;
            }
            sizes[n][0] = (int)fs.stepwise.max_width;
            sizes[n++][1] = (int)fs.stepwise.max_height;
            break;
        }
    }
    if (n == 0) { /* a driver that does not enumerate: what it has set now */
        struct v4l2_format f;
        memset(&f, 0, sizeof f);
        f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(c->fd, VIDIOC_G_FMT, &f) < 0)
            return fail_errno(c, PLAT_CAMERA_ERR_FORMAT, "VIDIOC_G_FMT");
        sizes[0][0] = (int)f.fmt.pix.width;
        sizes[0][1] = (int)f.fmt.pix.height;
        n = 1;
    }
    int still = 0, prev = 0;
    plat_camera_pick_sizes((const int(*)[2])sizes, n, c->lim.still_max_w, c->lim.still_max_h,
                           &still, &prev);
    c->still_w = sizes[still][0];
    c->still_h = sizes[still][1];
    c->prev_w = sizes[prev][0];
    c->prev_h = sizes[prev][1];
    return PLAT_CAMERA_OK;
}

static void unmap_all(plat_camera *c)
{
    for (int i = 0; i < c->nbufs; i++)
        if (c->bufs[i].start && c->bufs[i].start != MAP_FAILED)
            munmap(c->bufs[i].start, c->bufs[i].len);
    c->nbufs = 0;
    struct v4l2_requestbuffers rb;
    memset(&rb, 0, sizeof rb);
    rb.count = 0;
    rb.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    rb.memory = V4L2_MEMORY_MMAP;
    xioctl(c->fd, VIDIOC_REQBUFS, &rb); /* frees the driver's buffers */
}

static void stream_off(plat_camera *c)
{
    if (c->started) {
        int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(c->fd, VIDIOC_STREAMOFF, &type);
        c->started = 0;
    }
    unmap_all(c);
}

/* Sets w x h, maps the buffers, queues them and starts the stream. */
static int stream_on(plat_camera *c, int w, int h)
{
    struct v4l2_format f;
    memset(&f, 0, sizeof f);
    f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    f.fmt.pix.width = (unsigned)w;
    f.fmt.pix.height = (unsigned)h;
    f.fmt.pix.pixelformat = c->pixfmt;
    f.fmt.pix.field = V4L2_FIELD_NONE;
    if (xioctl(c->fd, VIDIOC_S_FMT, &f) < 0)
        return fail_errno(c, PLAT_CAMERA_ERR_FORMAT, "VIDIOC_S_FMT");
    if (f.fmt.pix.pixelformat != c->pixfmt)
        return fail(c, PLAT_CAMERA_ERR_FORMAT, "format refused");
    c->cur_w = (int)f.fmt.pix.width;
    c->cur_h = (int)f.fmt.pix.height;
    c->cur_stride = (int)f.fmt.pix.bytesperline;
    struct v4l2_requestbuffers rb;
    memset(&rb, 0, sizeof rb);
    rb.count = CAM_BUFS;
    rb.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    rb.memory = V4L2_MEMORY_MMAP;
    if (xioctl(c->fd, VIDIOC_REQBUFS, &rb) < 0 || rb.count < 1)
        return fail_errno(c, PLAT_CAMERA_ERR_STREAM, "VIDIOC_REQBUFS");
    int count = rb.count > CAM_BUFS ? CAM_BUFS : (int)rb.count;
    for (int i = 0; i < count; i++) {
        struct v4l2_buffer b;
        memset(&b, 0, sizeof b);
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b.memory = V4L2_MEMORY_MMAP;
        b.index = (unsigned)i;
        if (xioctl(c->fd, VIDIOC_QUERYBUF, &b) < 0)
            return fail_errno(c, PLAT_CAMERA_ERR_STREAM, "VIDIOC_QUERYBUF");
        c->bufs[i].len = b.length;
        c->bufs[i].start = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
                                (off_t)b.m.offset);
        c->nbufs = i + 1;
        if (c->bufs[i].start == MAP_FAILED)
            return fail_errno(c, PLAT_CAMERA_ERR_STREAM, "mmap");
        if (xioctl(c->fd, VIDIOC_QBUF, &b) < 0)
            return fail_errno(c, PLAT_CAMERA_ERR_STREAM, "VIDIOC_QBUF");
    }
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(c->fd, VIDIOC_STREAMON, &type) < 0)
        return fail_errno(c, PLAT_CAMERA_ERR_STREAM, "VIDIOC_STREAMON");
    c->started = 1;
    return PLAT_CAMERA_OK;
}

_Static_assert(V4L2_PIX_FMT_MJPEG == PLAT_CAMERA_FOURCC_MJPEG, "MJPG fourcc");
_Static_assert(V4L2_PIX_FMT_YUYV == PLAT_CAMERA_FOURCC_YUYV, "YUYV fourcc");

/* Decodes the bytes of one buffer into f (scaled to fit max_w x max_h). */
static int decode(plat_camera *c, const uint8_t *p, size_t used, int max_w, int max_h,
                  plat_frame *f)
{
    int rc = plat_camera_decode(c->pixfmt == V4L2_PIX_FMT_MJPEG ? PLAT_CAMERA_FOURCC_MJPEG
                                                                : PLAT_CAMERA_FOURCC_YUYV,
                                c->cur_w, c->cur_h, c->cur_stride, p, used, max_w, max_h, f);
    if (rc == PLAT_CAMERA_ERR_FRAME)
        return fail(c, rc, c->pixfmt == V4L2_PIX_FMT_MJPEG ? "corrupt MJPEG frame"
                                                           : "YUYV frame of the wrong size");
    return rc;
}

/* Waits for one filled buffer, decodes it, gives the buffer back. */
static int grab(plat_camera *c, int timeout_ms, int max_w, int max_h, plat_frame *f)
{
    struct pollfd pfd = {c->fd, POLLIN, 0};
    int r;
    do
        r = poll(&pfd, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return fail_errno(c, PLAT_CAMERA_ERR_STREAM, "poll");
    if (r == 0)
        return PLAT_CAMERA_ERR_TIMEOUT;
    struct v4l2_buffer b;
    memset(&b, 0, sizeof b);
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    if (xioctl(c->fd, VIDIOC_DQBUF, &b) < 0)
        return errno == EAGAIN ? PLAT_CAMERA_ERR_TIMEOUT
                               : fail_errno(c, PLAT_CAMERA_ERR_STREAM, "VIDIOC_DQBUF");
    int rc;
    if (b.index >= (unsigned)c->nbufs || b.bytesused > c->bufs[b.index].len)
        rc = fail(c, PLAT_CAMERA_ERR_FRAME, "buffer out of range");
    else if (b.flags & V4L2_BUF_FLAG_ERROR)
        rc = fail(c, PLAT_CAMERA_ERR_FRAME, "the driver marked the frame bad");
    else
        rc = decode(c, c->bufs[b.index].start, b.bytesused, max_w, max_h, f);
    if (xioctl(c->fd, VIDIOC_QBUF, &b) < 0 && rc == PLAT_CAMERA_OK)
        rc = fail_errno(c, PLAT_CAMERA_ERR_STREAM, "VIDIOC_QBUF");
    return rc;
}

static void default_limits(plat_camera_limits *l, const plat_camera_limits *in)
{
    *l = in ? *in : (plat_camera_limits){0, 0, 0, 0};
    if (l->still_max_w <= 0 || l->still_max_h <= 0)
        l->still_max_w = l->still_max_h = 4096;
    if (l->preview_max_w <= 0 || l->preview_max_h <= 0)
        l->preview_max_w = l->preview_max_h = 960;
}

int plat_camera_open(const char *source, const plat_camera_limits *lim, plat_camera **out)
{
    *out = NULL;
    plat_camera *c = calloc(1, sizeof *c);
    if (!c)
        return PLAT_CAMERA_ERR_NOMEM;
    c->fd = -1;
    default_limits(&c->lim, lim);
    struct stat st;
    int rc;
    if (source && *source && stat(source, &st) == 0 && S_ISDIR(st.st_mode)) {
        c->kind = CAM_FOLDER;
        snprintf(c->dev, sizeof c->dev, "%s", "sample folder");
        rc = cam_folder_open(c, source);
    } else {
        c->kind = CAM_V4L2;
        char name[64];
        if (source && *source) {
            snprintf(c->dev, sizeof c->dev, "%s", source);
            rc = probe_one(source, name, sizeof name);
        } else {
            rc = find_device(c->dev, sizeof c->dev, name, sizeof name);
        }
        if (rc == PLAT_CAMERA_NONE)
            rc = fail(c, PLAT_CAMERA_NONE, "no capture device");
        else if (rc != PLAT_CAMERA_OK)
            rc = fail(c, PLAT_CAMERA_ERR_OPEN, name);
        if (rc == PLAT_CAMERA_OK) {
            c->fd = open(c->dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
            rc = c->fd < 0 ? fail_errno(c, PLAT_CAMERA_ERR_OPEN, "open") : choose_format(c);
        }
    }
    if (rc != PLAT_CAMERA_OK) {
        *out = c; /* for its detail; the caller closes it */
        return rc;
    }
    *out = c;
    return PLAT_CAMERA_OK;
}

int plat_camera_start(plat_camera *c)
{
    if (!c || c->started)
        return PLAT_CAMERA_ERR_STATE;
    if (c->kind == CAM_FOLDER) {
        c->started = 1;
        return PLAT_CAMERA_OK;
    }
    int rc = stream_on(c, c->prev_w, c->prev_h);
    if (rc != PLAT_CAMERA_OK)
        stream_off(c);
    return rc;
}

int plat_camera_frame(plat_camera *c, plat_frame *f, int timeout_ms)
{
    if (!c || !c->started)
        return PLAT_CAMERA_ERR_STATE;
    if (c->kind == CAM_FOLDER)
        return cam_folder_frame(c, f);
    return grab(c, timeout_ms, c->lim.preview_max_w, c->lim.preview_max_h, f);
}

int plat_camera_still(plat_camera *c, plat_frame *f)
{
    if (!c || !c->started)
        return PLAT_CAMERA_ERR_STATE;
    if (c->kind == CAM_FOLDER)
        return cam_folder_still(c, f);
    int rc = PLAT_CAMERA_OK;
    int switched = c->still_w != c->cur_w || c->still_h != c->cur_h;
    if (switched) {
        stream_off(c);
        rc = stream_on(c, c->still_w, c->still_h);
    }
    /* the first frames after a switch are often dark (exposure settling) */
    for (int i = 0; rc == PLAT_CAMERA_OK && i < (switched ? 3 : 1); i++) {
        rc = grab(c, 3000, c->lim.still_max_w, c->lim.still_max_h, f);
        if (rc == PLAT_CAMERA_ERR_FRAME && i < 2)
            rc = PLAT_CAMERA_OK; /* a bad frame while settling: take the next */
    }
    if (switched) {
        stream_off(c);
        int r2 = stream_on(c, c->prev_w, c->prev_h);
        if (rc == PLAT_CAMERA_OK)
            rc = r2;
    }
    return rc;
}

void plat_camera_close(plat_camera *c)
{
    if (!c)
        return;
    if (c->kind == CAM_FOLDER)
        cam_folder_close(c);
    if (c->fd >= 0) {
        stream_off(c);
        close(c->fd);
    }
    free(c);
}
