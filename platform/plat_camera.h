/* plat_camera.h — the camera that photographs a villager's documents (户口本,
 * 残疾人证, bank card) for a form's photo fields, and its probe for the
 * technician's self-test.
 *
 * Capture: plat_camera_open() opens a source, plat_camera_start() starts the
 * stream, plat_camera_frame() gives the newest preview frame as RGB,
 * plat_camera_still() takes one full-resolution picture as RGB,
 * plat_camera_close() stops and frees everything. Sources:
 *   - a V4L2 capture device (a UVC document camera 高拍仪 or a webcam): MJPEG
 *     or YUYV frames, mmap streaming. The preview runs at the smallest size
 *     the device offers that is at least 640 pixels wide (else its largest);
 *     a still switches the stream to the largest size within the limits
 *     given (still_max_w x still_max_h), takes one frame and switches back.
 *     MJPEG is decoded with libjpeg-turbo; YUYV is converted (BT.601).
 *   - a folder of sample images (*.jpg, *.jpeg; the emulator's stand-in,
 *     assets/camera): the preview is the current image scaled to the preview
 *     size, a still is the whole image within the limits; each still moves to
 *     the next image (name order), so a second photo shows another page. A
 *     page lies still: plat_camera_frame gives it once into an empty frame
 *     and then times out until a still lays the next one.
 *   - NULL or "": the first V4L2 capture device of /dev/video0..7
 *     ($CZ_CAMERA_DEVICE names another one).
 * A frame that cannot be decoded (a corrupt MJPEG frame, a YUYV frame of the
 * wrong size) is an error of that call (PLAT_CAMERA_ERR_FRAME); the stream
 * stays usable and the next call may succeed.
 *
 * The probe looks at the same devices: a device that opens and answers
 * VIDIOC_QUERYCAP with video capture is a working camera. Nothing is captured.
 *
 * Threads: a camera is used by one thread at a time (the UI's). Prints
 * nothing; errors are returned (plat_camera_strerror, English, for logs) and
 * plat_camera_detail() says more (device, errno) without personal data.
 *
 * Ownership: plat_camera_open() returns a camera freed by plat_camera_close();
 * a frame's pixels belong to the frame (plat_camera_frame_free).
 */
#ifndef CZ_PLAT_CAMERA_H
#define CZ_PLAT_CAMERA_H

#include <stddef.h>
#include <stdint.h>

enum {
    PLAT_CAMERA_OK = 0,      /* a camera answered; name gets its card name */
    PLAT_CAMERA_NONE = 1,    /* no camera device at all */
    PLAT_CAMERA_ERR = -1,    /* a device is there but does not answer; name gets why (English) */
    PLAT_CAMERA_ERR_OPEN = -2,    /* the source cannot be opened or is not a camera */
    PLAT_CAMERA_ERR_FORMAT = -3,  /* the device offers neither MJPEG nor YUYV */
    PLAT_CAMERA_ERR_STREAM = -4,  /* buffers, streaming or a read failed */
    PLAT_CAMERA_ERR_TIMEOUT = -5, /* no frame came in time */
    PLAT_CAMERA_ERR_FRAME = -6,   /* a frame that cannot be decoded (corrupt, wrong size) */
    PLAT_CAMERA_ERR_NOMEM = -7,
    PLAT_CAMERA_ERR_STATE = -8,   /* not started, or started twice */
};

int plat_camera_probe(char *name, size_t n);

typedef struct plat_camera plat_camera;

/* A picture: w x h pixels, RGB888 (3 bytes a pixel), rows top first, no padding. */
typedef struct {
    int w, h;
    uint8_t *rgb;
} plat_frame;

typedef struct {
    int still_max_w, still_max_h;   /* largest still taken (0: 4096 x 4096) */
    int preview_max_w, preview_max_h; /* preview frames are scaled down to fit (0: 960 x 960) */
} plat_camera_limits;

/* source: see above. lim may be NULL (defaults). */
int plat_camera_open(const char *source, const plat_camera_limits *lim, plat_camera **out);
int plat_camera_start(plat_camera *c);
/* The next preview frame, waiting at most timeout_ms; frees what *f held. */
int plat_camera_frame(plat_camera *c, plat_frame *f, int timeout_ms);
/* One still at the largest size within the limits; frees what *f held. */
int plat_camera_still(plat_camera *c, plat_frame *f);
void plat_camera_close(plat_camera *c);
/* The last error's detail (device, size, errno text), never NULL. */
const char *plat_camera_detail(const plat_camera *c);
const char *plat_camera_strerror(int rc);
void plat_camera_frame_free(plat_frame *f);

/* ---- the formats, shared by the sources (exposed for their tests) ---- */

/* Chooses the preview and still sizes from the sizes a device offers
 * (sizes[i][0] x sizes[i][1], n of them): *still the largest area within
 * max_w x max_h (else the smallest offered), *preview the smallest at least
 * 640 wide (else the largest). Returns -1 if n is 0. */
int plat_camera_pick_sizes(const int (*sizes)[2], int n, int max_w, int max_h, int *still,
                           int *preview);
/* YUYV (4:2:2, Y0 U Y1 V) of w x h into RGB888: -1 if len is not w*h*2 or w is odd. */
int plat_camera_yuyv_to_rgb(const uint8_t *yuyv, size_t len, int w, int h, plat_frame *out);
/* A JPEG (an MJPEG frame or a sample file) into RGB888, decoded at the largest
 * 1/1, 1/2, 1/4 or 1/8 scale whose result still covers max_w x max_h (0: full
 * size): -1 if it is not a whole, well-formed JPEG. */
int plat_camera_jpeg_to_rgb(const uint8_t *jpeg, size_t len, int max_w, int max_h,
                            plat_frame *out);
/* One buffer a V4L2 device filled, as the V4L2 source decodes it: fourcc
 * PLAT_CAMERA_FOURCC_MJPEG (a JPEG, possibly without Huffman tables as UVC
 * cameras send them, possibly followed by padding up to used) or _YUYV (h rows
 * of w pixels, stride bytes apart: bytesperline, 0 for packed), into *out
 * scaled to fit max_w x max_h. PLAT_CAMERA_OK, _ERR_FRAME (corrupt, cut
 * short, the wrong size, another format), or _ERR_NOMEM. max_w or max_h 0:
 * full size. */
#define PLAT_CAMERA_FOURCC_MJPEG 0x47504A4Du /* 'M' 'J' 'P' 'G', as v4l2_fourcc */
#define PLAT_CAMERA_FOURCC_YUYV 0x56595559u  /* 'Y' 'U' 'Y' 'V' */
int plat_camera_decode(uint32_t fourcc, int w, int h, int stride, const uint8_t *p, size_t used,
                       int max_w, int max_h, plat_frame *out);
/* RGB888 into a baseline JPEG at quality 1..100 (optimised Huffman tables):
 * *out (malloc'd, the caller frees) and *len. 0 or -1. */
int plat_camera_rgb_to_jpeg(const plat_frame *f, int quality, uint8_t **out, size_t *len);
/* Scales src down (box filter) so it fits max_w x max_h, keeping its shape;
 * a copy if it already fits. 0 or -1 (no memory). */
int plat_camera_fit(const plat_frame *src, int max_w, int max_h, plat_frame *out);

#endif
