/* tech_link.c — technician services over the sync client, the store, the
 * printer, the ID-card reader and the speaker. */
#include "ui/screens/tech/tech_link.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sync/catalog.h"
#include "sync/client.h"
#include "core/log.h"
#include "core/overrides.h"
#include "plat_audio.h"
#include "plat_camera.h"
#include "plat_clock.h"
#include "plat_idcard.h"
#include "receipt/receipt.h"
#include "core/strings.h"
#include "sync/sync.h"
#include "sync/sync_store.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "ui/core/services.h"
#include "ui/screens/tech/tech_int.h"

static void token_path(const tech_link *l, char *out, size_t n)
{
    snprintf(out, n, "%s/device.token", l->data_dir); /* as boot.h reads it */
}

int tech_link_token(const tech_link *l, char *out, size_t n)
{
    char p[1100];
    token_path(l, p, sizeof p);
    FILE *f = fopen(p, "r");
    if (!f)
        return -1;
    int ok = fgets(out, (int)n, f) != NULL;
    fclose(f);
    if (!ok)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return out[0] ? 0 : -1;
}

static proto_client *client_for(tech_link *l, int with_token)
{
    char tok[PROTO_TOKEN_MAX + 2] = "";
    proto_client_opts o;
    proto_client_opts_from_config(l->cfg, &o);
    if (with_token && tech_link_token(l, tok, sizeof tok) == 0)
        o.token = tok;
    proto_client *c = proto_client_new(&o);
    memset(tok, 0, sizeof tok);
    return c;
}

/* Why the platform could not be reached, in words for the technician, by
 * the protocol's code: a certificate that does not check out is no cable
 * or 4G fault. */
static const char *unreachable_key(const char *code)
{
    return !strcmp(code, "tls_verify")                           ? "tech.net.cert"
           : !strcmp(code, "tls_pin")                            ? "tech.net.pin"
           : !strcmp(code, "timeout") || !strcmp(code, "stalled") ? "tech.net.slow"
                                                                 : "tech.net.unreachable";
}

static void unreachable_why(const char *code, char *msg, size_t n)
{
    snprintf(msg, n, "%s", core_str(unreachable_key(code)));
    core_log(CORE_LOG_INFO, "tech", "platform not reached: %s", code[0] ? code : "?");
}

void tech_link_platform_why(int kind, const proto_result *r, char *msg, size_t n)
{
    if (kind != PROTO_RES_LOCAL && r->transport) {
        unreachable_why(r->code, msg, n);
        return;
    }
    core_log(CORE_LOG_INFO, "tech", "platform request failed (%s): HTTP %ld (%s)",
             kind == PROTO_RES_LOCAL ? "on this kiosk" : "platform", r->http_status,
             r->code[0] ? r->code : "no code");
    if (kind == PROTO_RES_LOCAL) /* no request went: the kiosk's own fault */
        snprintf(msg, n, "%s", core_str("tech.net.local"));
    else if (kind == PROTO_RES_AUTH)
        snprintf(msg, n, "%s", core_str("tech.net.auth"));
    else if (kind == PROTO_RES_RETRY && (r->http_status < 300 || !strcmp(r->code, "bad_reply")))
        snprintf(msg, n, "%s", core_str("tech.net.bad_reply")); /* a 2xx it could not read */
    else if (kind == PROTO_RES_RETRY) /* 5xx, 408, 429 */
        snprintf(msg, n, core_str("tech.net.http_busy"), r->http_status);
    else /* a final 4xx: the platform refuses the request */
        snprintf(msg, n, core_str("tech.net.http"), r->http_status);
}

void tech_upload_why(const char *error, int held, char *out, size_t n)
{
    out[0] = '\0';
    if (!error || !*error)
        return;
    char code[64]; /* matched, never shown */
    size_t len = strcspn(error, ":");
    snprintf(code, sizeof code, "%.*s", (int)(len < sizeof code ? len : sizeof code - 1), error);
    if (held) { /* the first sentence of the held page's words */
        const char *why = core_str(tech_held_why_key(error)), *end = strstr(why, "。");
        size_t k = end ? (size_t)(end - why) + strlen("。") : strlen(why);
        snprintf(out, n, "%.*s", (int)k, why);
        return;
    }
    /* the kiosk did not reach the platform; its own fault (a file it cannot
     * read, memory); or it reached it, and the platform failed: its HTTP
     * status, a number in any language (the platform's code is English) */
    const char *http = strstr(error, "HTTP ");
    int status = http ? atoi(http + 5) : 0;
    if (!strcmp(code, "connect") || !strcmp(code, "tls_verify") || !strcmp(code, "tls_pin") ||
        !strcmp(code, "timeout") || !strcmp(code, "stalled"))
        snprintf(out, n, "%s", core_str(unreachable_key(code)));
    else if (!strncmp(code, "local", 5) || !strcmp(code, "nomem") || !strcmp(code, "incomplete"))
        snprintf(out, n, "%s", core_str("tech.queue.why_local"));
    else if (status >= 100 && status <= 599)
        snprintf(out, n, core_str("tech.queue.why_platform"), status);
    else
        snprintf(out, n, "%s", core_str("tech.queue.why_platform_bare"));
}

static int net_test(void *ud, char *msg, size_t n)
{
    tech_link *l = ud;
    proto_client *c = client_for(l, 1);
    if (!c) {
        snprintf(msg, n, "%s", core_str("tech.net.local"));
        return -1;
    }
    proto_form_info *forms = NULL;
    size_t nf = 0;
    proto_result r;
    int kind = proto_client_forms(c, &forms, &nf, &r);
    free(forms);
    proto_client_free(c);
    if (kind == PROTO_RES_OK) {
        /* the count is of the form updates the county publishes: none is not a fault */
        if (nf)
            snprintf(msg, n, core_str("tech.net.ok_forms"), (int)nf);
        else
            snprintf(msg, n, "%s", core_str("tech.net.ok"));
        return 0;
    }
    if (kind == PROTO_RES_AUTH) {
        snprintf(msg, n, "%s", core_str("tech.net.auth"));
        return -1;
    }
    tech_link_platform_why(kind, &r, msg, n);
    return -1;
}

static int64_t wall_ms(void *ud)
{
    (void)ud;
    return plat_clock_wall_ms();
}

static int force_sync(void *ud, char *msg, size_t n)
{
    tech_link *l = ud;
    char tok[PROTO_TOKEN_MAX + 2] = "";
    if (tech_link_token(l, tok, sizeof tok) != 0) {
        snprintf(msg, n, "%s", core_str("tech.net.auth"));
        return -1;
    }
    sync_opts o;
    memset(&o, 0, sizeof o);
    proto_client_opts_from_config(l->cfg, &o.client);
    o.client.token = tok;
    o.clock = wall_ms; /* the store's and the running engine's clock */
    /* the program's one store handle (store.h: one writer) */
    store *db = l->ui ? l->ui->store : NULL;
    if (sync_store_outbox_open(db, l->db_path, &o.outbox) != 0) {
        memset(tok, 0, sizeof tok);
        snprintf(msg, n, "%s", core_str("tech.no_store"));
        return -1;
    }
    /* now means now: a filing waiting out its retry after a failure (the
     * county down, a certificate put right since) goes in this pass too */
    if (db && store_outbox_due_now(db, NULL) != STORE_OK)
        core_log(CORE_LOG_WARN, "tech", "upload now: waits not cleared");
    sync_engine *s = NULL;
    int rc = sync_new(&o, &s);
    memset(tok, 0, sizeof tok);
    int done = rc == SYNC_OK ? sync_run_once(s) : rc;
    sync_status st;
    memset(&st, 0, sizeof st);
    if (s)
        sync_status_get(s, &st);
    sync_free(s);
    sync_store_outbox_close(&o.outbox);
    if (done < 0) {
        core_log(CORE_LOG_WARN, "tech", "upload now: %s", sync_strerror(done));
        snprintf(msg, n, "%s", core_str("tech.sync.failed"));
        return -1;
    }
    /* what stopped the rest, in words (the protocol's English goes to the
     * log; it showed here, an attachment's hash in it) */
    char why[256] = "";
    if (st.needs_register)
        snprintf(why, sizeof why, "%s", core_str("tech.net.auth"));
    else if (st.last_error[0] && st.net != SYNC_NET_ONLINE)
        unreachable_why(st.last_code, why, sizeof why);
    else if (st.last_error[0] && st.last_code[0] && strcmp(st.last_code, "held"))
        /* reached, and the platform failed (503): not 已上传 0 件 in green */
        tech_upload_why(st.last_error, 0, why, sizeof why);
    if (why[0]) {
        core_log(CORE_LOG_WARN, "tech", "upload now: %d sent, then %s", done, st.last_error);
        if (done > 0)
            snprintf(msg, n, core_str("tech.sync.partial"), done, why);
        else
            snprintf(msg, n, core_str("tech.sync.none"), why);
        return -1;
    }
    /* nothing went: sent already by the engine on its own, or only held
     * ones left (not "已上传 0 件", in green) */
    int left = -1, held = 0;
    if (done == 0 && db && store_outbox_counts(db, &left, &held) == STORE_OK && left - held == 0) {
        if (held > 0)
            snprintf(msg, n, core_str("tech.sync.only_held"), held);
        else
            snprintf(msg, n, "%s", core_str("tech.sync.nothing"));
    } else {
        snprintf(msg, n, core_str("tech.sync.done"), done);
    }
    return 0;
}

/* How long a technician's catalogue check is waited for: the engine first
 * sends what is due, then one round to the platform. */
#define CAT_CHECK_WAIT_MS 120000

static int check_catalogue(void *ud, int in_use, char *msg, size_t n)
{
    tech_link *l = ud;
    sync_engine *e = l->ui ? l->ui->sync : NULL;
    if (!e) {
        snprintf(msg, n, "%s", core_str("tech.net.local"));
        return -1;
    }
    sync_status st;
    sync_status_get(e, &st);
    int before = st.cat_version;
    int64_t ticket = sync_check_catalogue(e);
    if (ticket <= 0) {
        snprintf(msg, n, "%s",
                 core_str(ticket == 0 ? "tech.info.catalogue.off" : "tech.cat.unregistered"));
        return -1;
    }
    struct timespec step = {0, 50 * 1000000L};
    for (int waited = 0; waited < CAT_CHECK_WAIT_MS; waited += 50) {
        sync_status_get(e, &st);
        if (st.cat_answered >= ticket)
            break;
        nanosleep(&step, NULL);
    }
    if (st.cat_answered < ticket) {
        snprintf(msg, n, "%s", core_str("tech.cat.slow"));
        return -1;
    }
    if (st.cat_code < 0 && st.needs_register) { /* the platform refused the token */
        snprintf(msg, n, "%s", core_str("tech.cat.unregistered"));
        return -1;
    }
    if (st.cat_code == SYNC_CAT_ERR_NONE) { /* nothing refused: the county has none yet */
        snprintf(msg, n, "%s", core_str("tech.cat.none"));
        return 0;
    }
    if (st.cat_code < 0) {
        snprintf(msg, n, core_str("tech.cat.refused"), core_str(tech_cat_why_key(st.cat_code)));
        return -1;
    }
    /* taken now, or before and not yet in use (the screens take it at home):
     * "已是最新" beside "来源：内置" read as a contradiction */
    if (st.cat_version && (st.cat_version != before || st.cat_version != in_use))
        snprintf(msg, n, core_str("tech.cat.taken"), st.cat_version);
    else
        snprintf(msg, n, "%s", core_str("tech.cat.latest"));
    return 0;
}

static int register_device(void *ud, const char *code, char *msg, size_t n)
{
    tech_link *l = ud;
    char err[512];
    if (!core_config_get(l->cfg, "platform.device_id")[0]) {
        /* a new device id, saved at once so a retry registers the same device */
        char u[CORE_UUID_LEN + 1];
        if (core_uuid_v4(u) != 0 ||
            core_overrides_set(l->cfg, l->config_path, "platform.device_id", u, err, sizeof err)) {
            core_log(CORE_LOG_ERROR, "tech", "device id not saved: %s", err);
            return snprintf(msg, n, "%s", core_str("tech.set.save_failed")), -1;
        }
    }
    proto_client *c = client_for(l, 0);
    if (!c)
        return snprintf(msg, n, "%s", core_str("tech.net.local")), -1;
    proto_device d = {core_config_get(l->cfg, "platform.device_id"),
                      core_config_get(l->cfg, "station.name"),
                      core_config_get(l->cfg, "station.area_code"), code};
    proto_registration reg;
    proto_result r;
    int kind = proto_client_register(c, &d, &reg, &r);
    proto_client_free(c);
    if (kind != PROTO_RES_OK) {
        if (r.http_status == 403 || kind == PROTO_RES_AUTH) /* refused while registering: the
                                                             * code (not 需要重新登记) */
            snprintf(msg, n, "%s", core_str("tech.reg.bad_code"));
        else
            tech_link_platform_why(kind, &r, msg, n);
        return -1;
    }
    char p[1100], tmp[1200];
    token_path(l, p, sizeof p);
    snprintf(tmp, sizeof tmp, "%s.tmp", p);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t tl = strlen(reg.token);
    int ok = fd >= 0 && write(fd, reg.token, tl) == (ssize_t)tl && write(fd, "\n", 1) == 1 &&
             fsync(fd) == 0;
    if (fd >= 0)
        ok &= close(fd) == 0;
    ok = ok && rename(tmp, p) == 0;
    if (ok && l->on_token)
        l->on_token(l->token_ud, reg.token); /* the running upload engine takes it at once */
    memset(&reg, 0, sizeof reg);
    if (!ok) {
        unlink(tmp);
        snprintf(msg, n, "%s", core_str("tech.set.save_failed"));
        return -1;
    }
    core_log(CORE_LOG_INFO, "tech", "device %s registered", d.device_id);
    snprintf(msg, n, "%s", core_str("tech.reg.ok"));
    return 0;
}

static void sync_info(void *ud, tech_sync_info *out)
{
    tech_link *l = ud;
    out->pending = -1;
    out->held = 0;
    out->online = -1;
    if (l->ui && l->ui->sync) { /* the engine's own view: reached the platform, last success */
        sync_status ss;
        sync_status_get(l->ui->sync, &ss);
        out->online = ss.net == SYNC_NET_ONLINE ? 1 : ss.net == SYNC_NET_OFFLINE ? 0 : -1;
        out->last_success_ms = ss.last_success_ms;
        utf8_copy(out->last_error, sizeof out->last_error, ss.last_error);
    }
    store *st = l->ui ? l->ui->store : NULL;
    if (!st)
        return;
    store_filing *fl = NULL;
    size_t n = 0;
    if (store_outbox_list(st, NULL, &fl, &n) != STORE_OK)
        return;
    out->pending = (int)n;
    /* each filing's own error and the county's reason are on its own row of
     * the queue page; last_error stays the engine's */
    for (size_t i = 0; i < n; i++)
        if (fl[i].held_reason || (fl[i].last_error && !strncmp(fl[i].last_error, "final:", 6)))
            out->held++;
    store_filing_list_free(fl, n);
}

static int print_test(void *ud, char *msg, size_t n)
{
    tech_link *l = ud;
    if (!l->ui || !l->ui->print) {
        snprintf(msg, n, "%s", core_str("tech.missing"));
        return -1;
    }
    receipt_info r;
    memset(&r, 0, sizeof r);
    snprintf(r.title, sizeof r.title, "%s", core_str("tech.self.slip_title"));
    snprintf(r.station, sizeof r.station, "%s", core_config_get(l->cfg, "station.name"));
    receipt_reg_make(1, r.reg_no, sizeof r.reg_no); /* a sample number on the test slip */
    snprintf(r.status, sizeof r.status, "%s", core_str("tech.self.slip_status"));
    r.time = plat_clock_wall();
    uint8_t *b = NULL;
    size_t len = 0;
    char err[256];
    if (receipt_escpos(&r, l->paper_mm ? l->paper_mm : 58, &b, &len) != RECEIPT_OK) {
        snprintf(msg, n, "%s", core_str("tech.self.print_fail"));
        return -1;
    }
    int rc = l->ui->print(l->ui->print_ud, b, len, err, sizeof err);
    free(b);
    snprintf(msg, n, "%s", core_str(rc == 0 ? "tech.self.print_ok" : "tech.self.print_fail"));
    return rc == 0 ? 0 : -1;
}

static int idcard_test(void *ud, char *msg, size_t n)
{
    tech_link *l = ud;
    char err[256];
    plat_idcard *r = plat_idcard_open(l->idcard_device[0] ? l->idcard_device : NULL, 0, err,
                                      sizeof err);
    if (!r) {
        core_log(CORE_LOG_WARN, "tech", "card reader: %s", err);
        snprintf(msg, n, "%s", core_str(plat_idcard_error_key(PLAT_IDCARD_ERR_NO_DEVICE)));
        return -1;
    }
    plat_idcard_info info;
    memset(&info, 0, sizeof info);
    int rc = plat_idcard_read(r, &info, 5000);
    plat_idcard_clear(&info); /* only whether it reads: nothing is shown */
    plat_idcard_close(r);
    if (rc != PLAT_IDCARD_OK)
        core_log(CORE_LOG_WARN, "tech", "card reader test: %s", plat_idcard_strerror(rc));
    snprintf(msg, n, "%s", core_str(rc == PLAT_IDCARD_OK ? "tech.self.idcard_ok"
                                                         : plat_idcard_error_key(rc)));
    return rc == PLAT_IDCARD_OK ? 0 : -1;
}

static int beep(void *ud, char *msg, size_t n)
{
    tech_link *l = ud;
    enum { RATE = 16000, SAMPLES = RATE * 3 / 10 };
    static int16_t pcm[SAMPLES];
    for (int i = 0; i < SAMPLES; i++)
        pcm[i] = (int16_t)(12000 * sin(2 * M_PI * 880.0 * i / RATE));
    int vol = (int)core_config_get_int(l->cfg, "audio.volume", 70);
    char err[256];
    int rc = plat_audio_play(pcm, SAMPLES, RATE, vol);
    if (rc != 0 && plat_audio_open(err, sizeof err) == 0)
        rc = plat_audio_play(pcm, SAMPLES, RATE, vol);
    snprintf(msg, n, "%s", core_str(rc == 0 ? "tech.self.beep_ok" : "tech.self.beep_fail"));
    return rc == 0 ? 0 : -1;
}

/* The store's answer to a held filing's resubmit / discard as the page's line. */
static int held_result(int rc, const char *done_key, char *msg, size_t n)
{
    if (rc == STORE_OK)
        snprintf(msg, n, "%s", core_str(done_key));
    else if (rc == STORE_ERR_NOTFOUND || rc == STORE_ERR_CONFLICT)
        snprintf(msg, n, "%s", core_str("tech.held.gone"));
    else
        snprintf(msg, n, core_str("tech.held.failed"), store_strerror(rc));
    return rc == STORE_OK ? 0 : -1;
}

static int held_resubmit(void *ud, const char *uuid, char *msg, size_t n)
{
    tech_link *l = ud;
    store *db = l->ui ? l->ui->store : NULL;
    if (!db)
        return snprintf(msg, n, "%s", core_str("tech.no_store")), -1;
    int rc = store_filing_resubmit(db, uuid, TECH_ACTOR_ID);
    if (rc == STORE_OK && l->ui->sync)
        sync_kick(l->ui->sync); /* the running engine tries it now */
    return held_result(rc, "tech.held.resubmitted", msg, n);
}

static int held_discard(void *ud, const char *uuid, char *msg, size_t n)
{
    tech_link *l = ud;
    store *db = l->ui ? l->ui->store : NULL;
    if (!db || !l->db_path[0])
        return snprintf(msg, n, "%s", core_str("tech.no_store")), -1;
    int rc = sync_store_discard(db, l->db_path, uuid, TECH_ACTOR_ID);
    return held_result(rc, "tech.held.discarded", msg, n);
}

/* The camera the photo fields use, where the program was given one (the
 * emulator's sample pages, a device named on the command line): opened,
 * started and a frame taken, as 拍照 does. PLAT_CAMERA_OK or the failure. */
static int camera_frame_test(const char *source, char *why, size_t n)
{
    plat_camera *c = NULL;
    plat_frame f = {0, 0, NULL};
    int rc = plat_camera_open(source, NULL, &c);
    if (rc == PLAT_CAMERA_OK)
        rc = plat_camera_start(c);
    if (rc == PLAT_CAMERA_OK)
        rc = plat_camera_frame(c, &f, 3000);
    snprintf(why, n, "%s: %s", plat_camera_strerror(rc), c ? plat_camera_detail(c) : source);
    plat_camera_frame_free(&f);
    plat_camera_close(c);
    return rc == PLAT_CAMERA_NONE ? PLAT_CAMERA_ERR_OPEN : rc; /* given, and not there: a fault */
}

static int camera_test(void *ud, char *msg, size_t n)
{
    tech_link *l = ud;
    char name[300];
    const char *source = l && l->ui ? l->ui->camera_source : NULL;
    int rc = source && source[0] ? camera_frame_test(source, name, sizeof name)
                                 : plat_camera_probe(name, sizeof name);
    if (rc == PLAT_CAMERA_NONE) {
        snprintf(msg, n, "%s", core_str("tech.self.no_camera"));
        return 1;
    }
    if (rc != PLAT_CAMERA_OK)
        core_log(CORE_LOG_WARN, "tech", "camera test: %s", name);
    snprintf(msg, n, "%s", core_str(rc == PLAT_CAMERA_OK ? "tech.self.camera_ok" : "tech.self.camera_fail"));
    return rc == PLAT_CAMERA_OK ? 0 : -1;
}

static void setup_done(void *ud, ui_app *a)
{
    tech_link *l = ud;
    if (l->on_setup_done)
        l->on_setup_done(l->setup_done_ud, a);
}

static void settings_changed(void *ud, ui_app *a)
{
    tech_link *l = ud;
    if (l->on_settings_changed)
        l->on_settings_changed(l->settings_changed_ud, a);
}

static int store_reset(void *ud, char *msg, size_t n)
{
    tech_link *l = ud;
    if (!l->on_store_reset) {
        snprintf(msg, n, "%s", core_str("tech.missing"));
        return -1;
    }
    return l->on_store_reset(l->store_reset_ud, msg, n);
}

/* An image for the USB export, read and checked as the upload reads it. */
static int export_image(void *ud, const char *name, const char *sha256, unsigned char **data,
                        size_t *len)
{
    tech_link *l = ud;
    sync_outbox ob;
    *data = NULL;
    *len = 0;
    if (sync_store_outbox_open(l->ui ? l->ui->store : NULL, l->db_path, &ob) != STORE_OK)
        return -1;
    int rc = ob.attachment(ob.ud, name, sha256, data, len);
    sync_store_outbox_close(&ob);
    return rc;
}

void tech_link_init(tech_link *l, core_config *cfg, const ui_services *ui, const char *config_path,
                    const char *data_dir, const char *db_path, const char *version)
{
    memset(l, 0, sizeof *l);
    l->cfg = cfg;
    l->ui = ui;
    snprintf(l->config_path, sizeof l->config_path, "%s", config_path ? config_path : "");
    snprintf(l->data_dir, sizeof l->data_dir, "%s", data_dir ? data_dir : ".");
    snprintf(l->db_path, sizeof l->db_path, "%s", db_path ? db_path : "");
    l->paper_mm = ui && ui->paper_mm ? ui->paper_mm : 58;
    snprintf(l->idcard_device, sizeof l->idcard_device, "%s",
             ui && ui->idcard_device ? ui->idcard_device : "");
    tech_services *s = &l->services;
    s->ud = l;
    s->config_path = l->config_path[0] ? l->config_path : NULL;
    s->data_dir = l->data_dir;
    s->version = version;
    s->net_test = net_test;
    s->force_sync = l->db_path[0] ? force_sync : NULL;
    s->register_device = register_device;
    s->sync_info = sync_info;
    s->print_test = print_test;
    s->idcard_test = idcard_test;
    s->beep = beep;
    s->check_catalogue = check_catalogue;
    s->store_reset = store_reset;
    s->held_resubmit = held_resubmit;
    s->held_discard = held_discard;
    s->camera_test = camera_test;
    s->export_image = l->db_path[0] ? export_image : NULL;
    s->setup_done = setup_done;
    s->settings_changed = settings_changed;
}
