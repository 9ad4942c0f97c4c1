/* kms.c — the kiosk's panel through a KMS/DRM dumb buffer (plat_scanout.h
 * "kms"): no GPU driver, no OpenGL. One buffer is scanned out and written in
 * place; the changed rectangles are reported with DIRTYFB for drivers that
 * copy to the panel on demand (SPI and USB panels, virtual outputs). */
#include "../linux/scanout_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#define KMS_MAX_CLIPS 64

typedef struct {
    int fd;
    uint32_t conn_id, crtc_id, fb_id, handle;
    size_t size;
    drmModeCrtc *saved; /* what the output showed before: restored at close */
} kms;

static void kms_release(kms *k, uint8_t *px)
{
    if (k->saved) {
        drmModeSetCrtc(k->fd, k->saved->crtc_id, k->saved->buffer_id, k->saved->x, k->saved->y,
                       &k->conn_id, 1, k->saved->mode_valid ? &k->saved->mode : NULL);
        drmModeFreeCrtc(k->saved);
    }
    if (px)
        munmap(px, k->size);
    if (k->fb_id)
        drmModeRmFB(k->fd, k->fb_id);
    if (k->handle) {
        struct drm_mode_destroy_dumb d = {.handle = k->handle};
        drmIoctl(k->fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
    }
    if (k->fd >= 0)
        close(k->fd);
    free(k);
}

static void kms_close(plat_scanout *s) { kms_release(s->impl, s->buf.pixels); }

static int kms_flush(plat_scanout *s, const plat_scanout_rect *r, int n, char *err, size_t errlen)
{
    kms *k = s->impl;
    drmModeClip clips[KMS_MAX_CLIPS];
    int m = n > 0 && n <= KMS_MAX_CLIPS ? n : 0; /* 0 clips: the whole buffer */
    for (int i = 0; i < m; i++)
        clips[i] = (drmModeClip){(uint16_t)r[i].x, (uint16_t)r[i].y, (uint16_t)(r[i].x + r[i].w),
                                 (uint16_t)(r[i].y + r[i].h)};
    int rc = drmModeDirtyFB(k->fd, k->fb_id, m ? clips : NULL, (uint32_t)m);
    if (rc == 0 || rc == -ENOSYS || rc == -EOPNOTSUPP)
        return 0; /* scanned out continuously: what is written is shown */
    snprintf(err, errlen, "DIRTYFB: %s", strerror(-rc));
    return -1;
}

/* The first connected connector with a mode, and a CRTC its encoders can drive. */
static int kms_pick(kms *k, drmModeModeInfo *mode, char *err, size_t errlen)
{
    drmModeRes *res = drmModeGetResources(k->fd);
    if (!res) {
        snprintf(err, errlen, "not a modesetting device: %s", strerror(errno));
        return -1;
    }
    int found = 0;
    for (int i = 0; i < res->count_connectors && !found; i++) {
        drmModeConnector *c = drmModeGetConnector(k->fd, res->connectors[i]);
        if (!c)
            continue;
        if (c->connection == DRM_MODE_CONNECTED && c->count_modes > 0) {
            *mode = c->modes[0];
            for (int m = 0; m < c->count_modes; m++)
                if (c->modes[m].type & DRM_MODE_TYPE_PREFERRED) {
                    *mode = c->modes[m];
                    break;
                }
            for (int e = 0; e < c->count_encoders && !found; e++) {
                drmModeEncoder *enc = drmModeGetEncoder(k->fd, c->encoders[e]);
                if (!enc)
                    continue;
                if (enc->encoder_id == c->encoder_id && enc->crtc_id) {
                    k->crtc_id = enc->crtc_id;
                    found = 1;
                }
                for (int j = 0; j < res->count_crtcs && !found; j++)
                    if (enc->possible_crtcs & (1u << j)) {
                        k->crtc_id = res->crtcs[j];
                        found = 1;
                    }
                drmModeFreeEncoder(enc);
            }
            if (found)
                k->conn_id = c->connector_id;
        }
        drmModeFreeConnector(c);
    }
    drmModeFreeResources(res);
    if (!found)
        snprintf(err, errlen, "no connected output with a mode");
    return found ? 0 : -1;
}

plat_scanout *kms_scanout_open(char *err, size_t errlen)
{
    const char *dev = getenv("CZ_DRM_DEVICE");
    if (!dev || !dev[0])
        dev = "/dev/dri/card0";
    kms *k = calloc(1, sizeof *k);
    plat_scanout *s = calloc(1, sizeof *s);
    if (!k || !s) {
        free(k);
        free(s);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    k->fd = open(dev, O_RDWR | O_CLOEXEC);
    if (k->fd < 0) {
        snprintf(err, errlen, "%s: %s", dev, strerror(errno));
        goto fail;
    }
    uint64_t dumb = 0;
    if (drmGetCap(k->fd, DRM_CAP_DUMB_BUFFER, &dumb) != 0 || !dumb) {
        snprintf(err, errlen, "%s has no dumb buffers", dev);
        goto fail;
    }
    drmSetMaster(k->fd); /* already master when first to open it; fails harmlessly otherwise */
    drmModeModeInfo mode;
    if (kms_pick(k, &mode, err, errlen) != 0)
        goto fail;
    struct drm_mode_create_dumb cd = {.height = mode.vdisplay, .width = mode.hdisplay, .bpp = 32};
    if (drmIoctl(k->fd, DRM_IOCTL_MODE_CREATE_DUMB, &cd) != 0) {
        snprintf(err, errlen, "cannot create a %ux%u dumb buffer: %s", mode.hdisplay,
                 mode.vdisplay, strerror(errno));
        goto fail;
    }
    k->handle = cd.handle;
    k->size = (size_t)cd.size;
    if (drmModeAddFB(k->fd, mode.hdisplay, mode.vdisplay, 24, 32, cd.pitch, cd.handle, &k->fb_id)) {
        snprintf(err, errlen, "cannot add the framebuffer: %s", strerror(errno));
        goto fail;
    }
    struct drm_mode_map_dumb md = {.handle = cd.handle};
    if (drmIoctl(k->fd, DRM_IOCTL_MODE_MAP_DUMB, &md) != 0) {
        snprintf(err, errlen, "cannot map the dumb buffer: %s", strerror(errno));
        goto fail;
    }
    void *px = mmap(NULL, k->size, PROT_READ | PROT_WRITE, MAP_SHARED, k->fd, (off_t)md.offset);
    if (px == MAP_FAILED) {
        snprintf(err, errlen, "cannot map the dumb buffer: %s", strerror(errno));
        goto fail;
    }
    memset(px, 0, k->size);
    k->saved = drmModeGetCrtc(k->fd, k->crtc_id);
    if (drmModeSetCrtc(k->fd, k->crtc_id, k->fb_id, 0, 0, &k->conn_id, 1, &mode) != 0) {
        snprintf(err, errlen, "cannot set the %ux%u mode: %s", mode.hdisplay, mode.vdisplay,
                 strerror(errno));
        kms_release(k, px);
        free(s);
        return NULL;
    }
    s->buf = (plat_scanout_buf){px, mode.hdisplay, mode.vdisplay, (int)cd.pitch};
    s->flush = kms_flush;
    s->close = kms_close;
    s->impl = k;
    return s;
fail:
    kms_release(k, NULL);
    free(s);
    return NULL;
}
