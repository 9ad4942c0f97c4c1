/* camera_int.h — the camera's state shared by its sources (plat_camera.h):
 * camera.c (the probe, opening, V4L2) and camera_folder.c (sample images). */
#ifndef CZ_CAMERA_INT_H
#define CZ_CAMERA_INT_H

#include "plat_camera.h"

#define CAM_BUFS 4

typedef struct {
    void *start;
    size_t len;
} cam_buf;

struct plat_camera {
    int kind; /* CAM_V4L2 or CAM_FOLDER */
    plat_camera_limits lim;
    char detail[320];
    int started;
    /* V4L2 */
    int fd;
    char dev[256];
    unsigned pixfmt; /* V4L2_PIX_FMT_MJPEG or _YUYV */
    int still_w, still_h, prev_w, prev_h;
    int cur_w, cur_h, cur_stride; /* the format set now */
    cam_buf bufs[CAM_BUFS];
    int nbufs;
    /* folder */
    char **files;
    int nfiles, at;
    plat_frame shown; /* the current sample at preview size */
};

enum { CAM_V4L2 = 1, CAM_FOLDER = 2 };

/* camera_folder.c */
int cam_folder_open(plat_camera *c, const char *dir);
int cam_folder_frame(plat_camera *c, plat_frame *f);
int cam_folder_still(plat_camera *c, plat_frame *f);
void cam_folder_close(plat_camera *c);

#endif
