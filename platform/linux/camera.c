/* camera.c — the camera's presence through V4L2 (plat_camera.h). */
#include "plat_camera.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

int plat_camera_probe(char *name, size_t n)
{
    if (n)
        name[0] = '\0';
    const char *env = getenv("CZ_CAMERA_DEVICE");
    if (env && *env)
        return probe_one(env, name, n);
    int rc = PLAT_CAMERA_NONE;
    for (int i = 0; i < 8; i++) {
        char dev[32];
        snprintf(dev, sizeof dev, "/dev/video%d", i);
        int r = probe_one(dev, name, n);
        if (r == PLAT_CAMERA_OK)
            return r;
        if (r == PLAT_CAMERA_ERR)
            rc = r; /* keep looking: another node may be the camera */
    }
    return rc;
}
