/* scanout_int.h — what a scanout implementation fills in (plat_scanout.h). */
#ifndef CZ_SCANOUT_INT_H
#define CZ_SCANOUT_INT_H

#include "plat_scanout.h"

struct plat_scanout {
    plat_scanout_buf buf;
    /* the implementation's own: flush the changed rectangles, give back the output */
    int (*flush)(plat_scanout *s, const plat_scanout_rect *r, int n, char *err, size_t errlen);
    void (*close)(plat_scanout *s);
    void *impl;
};

#ifdef CZ_PLATFORM_KIOSK
/* platform/kiosk/kms.c: the KMS/DRM dumb buffer ("kms"). */
plat_scanout *kms_scanout_open(char *err, size_t errlen);
#endif

#endif
