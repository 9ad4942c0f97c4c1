/* plat_camera.h — is there a camera, and does it answer? For the technician's
 * self-test (a kiosk may have one for photographing documents; most have
 * none). Looks at the V4L2 capture devices /dev/video0..7 (CZ_CAMERA_DEVICE
 * names another one, for tests): a device that opens and answers
 * VIDIOC_QUERYCAP with video capture is a working camera.
 *
 * Nothing is captured. Thread-safe; prints nothing.
 */
#ifndef CZ_PLAT_CAMERA_H
#define CZ_PLAT_CAMERA_H

#include <stddef.h>

enum {
    PLAT_CAMERA_OK = 0,      /* a camera answered; name gets its card name */
    PLAT_CAMERA_NONE = 1,    /* no camera device at all */
    PLAT_CAMERA_ERR = -1,    /* a device is there but does not answer; name gets why (English) */
};

int plat_camera_probe(char *name, size_t n);

#endif
