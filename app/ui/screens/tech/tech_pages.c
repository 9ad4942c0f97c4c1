/* tech_pages.c — the technician pages built on tech_page: versions and form
 * catalogue, upload queue (network test, force upload), a filing held or
 * waiting, the log file's last lines, audit log, peripheral self-test,
 * sneakernet export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bundle/bundle.h"
#include "core/grow.h"
#include "core/utf8.h"
#include "core/log.h"
#include "core/logfile.h"
#include "plat_clock.h"
#include "plat_net.h"
#include "receipt/receipt.h"
#include "core/strings.h"
#include "ui/screens/tech/tech_int.h"
#include "ui/core/session.h"
#include "ui/core/services.h"
#include "ui/core/text.h"
#include "ui/widgets/voicebtn.h"

/* ---- redaction ---------------------------------------------------------- */

static int is_digitx(char c) { return (c >= '0' && c <= '9') || c == 'X' || c == 'x'; }
static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* Masks runs that look like personal data: 64 hex (villager key), 18 ID
 * characters, 11-digit mobile numbers, and any run of 7+ digits. */
void tech_redact(const char *in, char *out, size_t n)
{
    size_t o = 0;
    if (!n)
        return;
    size_t i = 0;
    for (; in && in[i] && o + 1 < n;) {
        size_t j = i;
        while (in[j] && is_hex(in[j]))
            j++;
        size_t hexrun = j - i;
        j = i;
        while (in[j] && is_digitx(in[j]))
            j++;
        size_t idrun = j - i;
        size_t digits = 0;
        while (in[i + digits] >= '0' && in[i + digits] <= '9')
            digits++;
        size_t mask = 0;
        if (hexrun >= 32)
            mask = hexrun;
        else if (idrun >= 15 && digits >= 14)
            mask = idrun;
        else if (digits >= 7)
            mask = digits;
        if (mask) {
            const char *m = "***";
            for (const char *q = m; *q && o + 1 < n; q++)
                out[o++] = *q;
            i += mask;
            continue;
        }
        /* copy one whole token of hex/ID characters so "abc123" stays whole */
        size_t run = hexrun > idrun ? hexrun : idrun;
        if (run == 0)
            run = 1;
        for (size_t k = 0; k < run && o + 1 < n; k++)
            out[o++] = in[i + k];
        i += run;
    }
    if (in && in[i]) { /* out is full: cut between characters, "…" after when it fits */
        static const char dots[] = "…";
        const size_t nd = sizeof dots - 1;
        size_t keep = n >= nd + 1 ? n - 1 - nd : n - 1, k = 0;
        while (k < o) { /* the whole characters within keep */
            unsigned char c = (unsigned char)out[k];
            size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (k + len > o || k + len > keep)
                break;
            k += len;
        }
        o = k;
        if (n >= nd + 1) {
            memcpy(out + o, dots, nd);
            o += nd;
        }
    }
    out[o] = '\0';
}

/* ---- version and catalogue --------------------------------------------- */

/* What a technician diagnoses with: the data file's schema, characters no
 * font had (a form or setting naming one shows an empty box),
 * the speech cache. */
static void info_diagnostics(tech_page *p, ui_app *a)
{
    char line[256], sub[160];
    store *st = ui_app_services(a)->store;
    if (st) {
        snprintf(line, sizeof line, core_str("tech.info.schema"), store_schema_version(st));
        tech_page_row(p, line, NULL);
    }
    text_ctx *t = ui_app_text(a);
    int m = t ? text_missing_count(t) : 0;
    if (m) {
        size_t k = 0;
        sub[0] = '\0';
        for (int i = 0; i < m && k + 10 < sizeof sub; i++)
            k += (size_t)snprintf(sub + k, sizeof sub - k, "%sU+%04X", i ? " " : "",
                                  text_missing_char(t, i));
        snprintf(line, sizeof line, core_str("tech.info.glyphs.missing"), m);
        tech_page_row(p, line, sub);
    } else if (t) {
        tech_page_row(p, core_str("tech.info.glyphs.ok"), NULL);
    }
    ui_voice_cache vs;
    int vr = ui_voice_stats(&vs);
    if (vr == 0) {
        snprintf(line, sizeof line, core_str("tech.info.voice"), (int)vs.clips,
                 (int)((vs.bytes + 1023) / 1024));
        snprintf(sub, sizeof sub, core_str("tech.info.voice.served"), vs.hits, vs.misses);
        tech_page_row(p, line, sub);
    } else if (vr == UI_VOICE_STATS_FAILED) { /* why, as the log says it */
        tech_page_row(p, core_str("tech.info.voice.failed"), vs.why);
    } else {
        tech_page_row(p, core_str("tech.info.voice.off"), core_str("tech.info.voice.off_sub"));
    }
}

static void info_fill(tech_page *p, ui_app *a)
{
    core_config *cfg = ui_app_config(a);
    char line[256];
    snprintf(line, sizeof line, "%s  %s", core_str("tech.info.version"),
             p->svc->version ? p->svc->version : "?");
    tech_page_row(p, line, NULL);
    snprintf(line, sizeof line, "%s  %s", core_str("tech.info.station"),
             core_config_get(cfg, "station.name"));
    tech_page_row(p, line, core_config_get(cfg, "station.area_code"));
    const char *dev = core_config_get(cfg, "platform.device_id");
    snprintf(line, sizeof line, "%s  %s", core_str("tech.info.device"),
             dev[0] ? dev : core_str("tech.info.unregistered"));
    tech_page_row(p, line, NULL);
    info_diagnostics(p, a);
    form_catalog *cat = ui_app_services(a)->forms;
    size_t n = cat ? form_catalog_count(cat) : 0;
    snprintf(line, sizeof line, core_str("tech.info.forms"), (int)n);
    tech_page_row(p, line, cat && form_catalog_county(cat)[0] ? form_catalog_county(cat) : NULL);
    /* where the catalogue comes from: built in, or the county's version N at a time */
    const ui_services *sv = ui_app_services(a);
    char when[64] = "";
    if (sv->catalogue_version) {
        time_t t = (time_t)(sv->catalogue_ms / 1000);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        snprintf(line, sizeof line, core_str("tech.info.catalogue.downloaded"), sv->catalogue_version);
    } else {
        snprintf(line, sizeof line, "%s", core_str("tech.info.catalogue.builtin"));
    }
    tech_page_row(p, line, sv->catalogue_version ? when : NULL);
    /* what the county must publish for this program: the manifest's "needs" */
    snprintf(line, sizeof line, core_str("tech.info.catalogue.level"), FORM_LEVEL);
    tech_page_row(p, line, NULL);
    if (!sv->catalogue_keyed)
        tech_page_row(p, core_str("tech.info.catalogue.off"), "catalogue.county_pk");
    sync_status st;
    if (sv->sync) {
        sync_status_get(sv->sync, &st);
        /* the platform refused the token (a 401, in the check or an upload):
         * no check can be made until the kiosk registers again, whatever the
         * last check's words were */
        if (st.needs_register && sv->catalogue_keyed)
            tech_page_row(p, core_str("tech.info.catalogue.failed"),
                          core_str("tech.cat.unregistered"));
        else if (st.cat_error[0]) /* why in words and what to do; the engine's English is in the log */
            tech_page_row(p, core_str("tech.info.catalogue.failed"),
                          core_str(tech_cat_why_key(st.cat_code)));
    }
    /* asking for the county's catalogue now: where updates are taken at all */
    p->buttons[0] = sv->sync && sv->catalogue_keyed && p->svc->check_catalogue
                        ? "tech.info.catalogue.check"
                        : NULL;
    for (size_t i = 0; i < n; i++) {
        const form_def *d = form_catalog_at(cat, i);
        char sub[128];
        utf8_copy(line, sizeof line, form_def_title(d));
        snprintf(sub, sizeof sub, "%s  v%d", form_def_id(d), form_def_version(d));
        tech_page_row(p, line, sub);
    }
    for (size_t i = 0; cat && i < form_catalog_problem_count(cat); i++)
        tech_page_row(p, core_str("tech.info.form_problem"), form_catalog_problem(cat, i));
}

const char *tech_cat_why_key(int code)
{
    switch (code) {
    case SYNC_CAT_ERR_MALFORMED: return "tech.cat.why.malformed";
    case SYNC_CAT_ERR_SIGNATURE: return "tech.cat.why.signature";
    case SYNC_CAT_ERR_OLDER: return "tech.cat.why.older";
    case SYNC_CAT_ERR_HASH: return "tech.cat.why.hash";
    case SYNC_CAT_ERR_NET: return "tech.cat.why.net";
    case SYNC_CAT_ERR_IO: return "tech.cat.why.io";
    case SYNC_CAT_ERR_REFUSED: return "tech.cat.why.refused";
    case SYNC_CAT_ERR_LEVEL: return "tech.cat.why.level";
    default: return "tech.cat.why.other";
    }
}

/* On the job's thread: the running engine asked for the catalogue, its answer. */
static int run_check_catalogue(void *ud, const char *arg, char *msg, size_t n)
{
    const tech_services *s = ud;
    return s->check_catalogue(s->ud, arg ? atoi(arg) : 0, msg, n);
}

static void info_action(tech_page *p, ui_app *a, int n)
{
    if (n != 0 || !p->svc->check_catalogue) {
        tech_page_status(p, 0, "%s", core_str("tech.missing"));
        return;
    }
    char in_use[16]; /* the version the screens use, read here on the UI thread */
    snprintf(in_use, sizeof in_use, "%d", ui_app_services(a)->catalogue_version);
    tech_page_run(p, a, run_check_catalogue, (void *)p->svc, in_use);
}

/* The answer on the status line; the rows again (a refusal's reason). */
static void info_done(tech_page *p, ui_app *a, int n, int rc, const char *msg)
{
    (void)n;
    tech_page_status(p, rc == 0, "%s", msg);
    tech_audit(a, "tech.catalogue_check", NULL, rc == 0 ? "ok" : "failed");
}

static const tech_page_kind INFO = {"tech.info", "tech.menu.info", info_fill, info_action, NULL, NULL,
                                    info_done, {NULL}};

ui_screen *tech_info_new(const tech_services *s) { return tech_page_new(&INFO, s, NULL); }

/* ---- upload queue ------------------------------------------------------- */

/* Why the store is missing, as the screen says it (NULL: no reason known). */
/* Why the store is not open, in words for the technician (what to do): the
 * villager's words said 请联系工作人员 to the 工作人员. */
static const char *tech_store_error(ui_app *a)
{
    static const char *const WHY[][2] = {
        {"err.store.corrupt", "tech.store.why.corrupt"},
        {"err.store.full", "tech.store.why.full"},
        {"err.store.readonly", "tech.store.why.readonly"},
        {"err.store.io", "tech.store.why.io"},
        {"err.store.cantopen", "tech.store.why.cantopen"},
    };
    const char *key = ui_app_services(a)->store_error;
    if (!key)
        return NULL;
    for (size_t i = 0; i < sizeof WHY / sizeof WHY[0]; i++)
        if (!strcmp(key, WHY[i][0]))
            return core_str(WHY[i][1]);
    return core_str(key);
}

/* Without a store the page says why, and offers the technician's reset
 * where it helps: a damaged file (a full or read-only disk is no damaged
 * file, and the reset then refused). */
static int page_has_store(tech_page *p, ui_app *a, const store *st)
{
    const char *why = ui_app_services(a)->store_error;
    int offer = !st && p->svc->store_reset && why && !strcmp(why, "err.store.corrupt");
    /* it moves the villagers' data aside: asked first (p->danger 2: armed) */
    p->buttons[2] = !offer ? NULL : p->danger == 2 ? "tech.store.reset_confirm" : "tech.store.reset";
    if (!offer)
        p->danger = -1;
    if (!st)
        tech_page_row(p, core_str("tech.no_store"), tech_store_error(a));
    return st != NULL;
}

/* "登记号 12345678" of an outbox sequence number: the station registration
 * number on the villager's receipt (receipt_reg_make). */
static void reg_text(int64_t seq, char *out, size_t n)
{
    char reg[RECEIPT_REG_MAX + 1];
    if (receipt_reg_make(seq, reg, sizeof reg) != RECEIPT_OK)
        snprintf(reg, sizeof reg, "?");
    snprintf(out, n, core_str("tech.queue.reg"), reg);
}

/* The queue page's rows that are filings: row first + i is filing uuid[i],
 * held[i] 1 if it is held. */
typedef struct {
    int first;
    size_t n;
    char (*uuid)[STORE_UUID_LEN + 1];
    unsigned char *held;
} queue_rows;

static void queue_fill(tech_page *p, ui_app *a)
{
    char line[512], sub[64];
    queue_rows *q = p->priv;
    q->n = 0;
    tech_sync_info si = {-1, 0, -1, 0, ""};
    if (p->svc->sync_info)
        p->svc->sync_info(p->svc->ud, &si);
    store *st = ui_app_services(a)->store;
    if (st && si.pending < 0)
        store_outbox_count(st, &si.pending);
    store_filing *fl = NULL;
    size_t n = 0;
    int listed = st && store_outbox_list(st, NULL, &fl, &n) == STORE_OK;
    if (listed) { /* the store knows every held filing, the engine only this run's */
        si.held = 0;
        for (size_t i = 0; i < n; i++)
            si.held += fl[i].held_reason != NULL;
        si.pending = (int)n - si.held; /* 待上传: what goes by itself, the held ones apart */
    }
    /* without a readable store there is no count to show, not a -1 or a 0 */
    if (si.pending >= 0)
        snprintf(line, sizeof line, core_str("tech.queue.pending"), si.pending);
    else
        snprintf(line, sizeof line, "%s", core_str("tech.queue.pending_unknown"));
    tech_page_row(p, line, NULL);
    if (st)
        snprintf(line, sizeof line, core_str("tech.queue.held"), si.held);
    else
        snprintf(line, sizeof line, "%s", core_str("tech.queue.held_unknown"));
    tech_page_row(p, line, NULL);
    /* the engine contacts the county only to send: with nothing to send it
     * has no view of the network yet, and says so rather than seem to
     * doubt a network test that passed or an upload that went through */
    const char *net = si.online > 0    ? "tech.queue.online"
                      : si.online == 0 ? "tech.queue.offline"
                      : si.pending == 0 && si.held > 0 ? "tech.queue.net_idle_held"
                      : si.pending == 0 ? "tech.queue.net_idle"
                      : si.pending > 0  ? "tech.queue.net_waiting" /* not tried yet: the way to try */
                                        : "tech.queue.net_unknown";
    if (si.last_success_ms > 0) {
        tech_time_text(si.last_success_ms, sub, sizeof sub);
        snprintf(line, sizeof line, "%s  %s %s", core_str(net), core_str("tech.queue.last_ok"), sub);
    } else {
        snprintf(line, sizeof line, "%s", core_str(net));
    }
    /* what the last attempt met, when it did not reach the platform (a
     * refusal belongs to its held filing's row), in words as the rows say
     * it (it showed libcurl's English and an attachment's hash) */
    char why[400] = "";
    if (si.online == 0 && si.last_error[0])
        tech_upload_why(si.last_error, 0, why, sizeof why);
    tech_page_row(p, line, why[0] ? why : NULL);
    if (!page_has_store(p, a, st) || !listed)
        return;
    void *grown = n ? realloc(q->uuid, n * sizeof *q->uuid) : q->uuid;
    if (grown)
        q->uuid = grown;
    void *flags = grown && n ? realloc(q->held, n) : q->held;
    if (!grown || !flags) {
        store_filing_list_free(fl, n);
        return;
    }
    q->held = flags;
    q->first = ui_list_count(p->list);
    q->n = n;
    for (size_t i = 0; i < n; i++) { /* item; registration no., attempts or held; last error or why held */
        memcpy(q->uuid[i], fl[i].uuid, sizeof q->uuid[i]);
        q->held[i] = fl[i].held_reason != NULL;
        /* the item's name as the villager saw it; the form id only if a row has none */
        const char *item = fl[i].item_title && fl[i].item_title[0] ? fl[i].item_title : fl[i].form_id;
        char reg[64];
        reg_text(fl[i].seq, reg, sizeof reg);
        char err[400]; /* why, in words (the platform's English on the held page, in the log) */
        tech_upload_why(fl[i].held_reason ? fl[i].held_reason : fl[i].last_error,
                        fl[i].held_reason != NULL, err, sizeof err);
        if (fl[i].held_reason)
            snprintf(line, sizeof line, "%s\n%s  %s", item, reg, core_str("tech.queue.held_row"));
        else
            snprintf(line, sizeof line, "%s\n%s  %s %d", item, reg, core_str("tech.queue.attempts"),
                     fl[i].attempts);
        tech_page_row(p, line, err[0] ? err : NULL);
    }
    store_filing_list_free(fl, n);
}

/* On the job's thread: the services' network test or upload pass. */
static int run_net_test(void *ud, const char *arg, char *msg, size_t n)
{
    (void)arg;
    const tech_services *s = ud;
    return s->net_test(s->ud, msg, n);
}

static int run_force_sync(void *ud, const char *arg, char *msg, size_t n)
{
    (void)arg;
    const tech_services *s = ud;
    return s->force_sync(s->ud, msg, n);
}

static void queue_action(tech_page *p, ui_app *a, int n)
{
    if (n == 2 && p->danger != 2) { /* asked first: a second tap on 确认移开 */
        p->danger = 2;
        tech_page_status(p, 0, "%s", core_str("tech.store.reset_ask"));
        return;
    }
    if (n == 2) { /* move the damaged data file aside and start a fresh one (boot.h audits it) */
        p->danger = -1;
        char msg[256] = "";
        int rc = p->svc->store_reset ? p->svc->store_reset(p->svc->ud, msg, sizeof msg) : -1;
        tech_page_status(p, rc == 0, "%s", msg[0] ? msg : core_str("tech.missing"));
        return;
    }
    if (!(n == 0 ? p->svc->net_test : p->svc->force_sync)) {
        tech_page_status(p, 0, "%s", core_str("tech.missing"));
        return;
    }
    tech_page_run(p, a, n == 0 ? run_net_test : run_force_sync, (void *)p->svc, NULL);
}

static void queue_done(tech_page *p, ui_app *a, int n, int rc, const char *msg)
{
    tech_page_status(p, rc == 0, "%s", msg);
    tech_audit(a, n == 0 ? "tech.net_test" : "tech.force_sync", NULL, rc == 0 ? "ok" : "failed");
    /* the home badge reads the store when it is drawn: nothing to pin here (a
     * pinned count stayed wrong for good, held filings in it) */
}

/* A tapped filing opens its page: a held one what to do with it, one
 * waiting to upload where it stands; the queue is read again when back. */
static void queue_row(tech_page *p, ui_app *a, int i)
{
    queue_rows *q = p->priv;
    if (i < q->first || (size_t)(i - q->first) >= q->n)
        return;
    size_t k = (size_t)(i - q->first);
    ui_screen *s = q->held[k] ? tech_held_new(p->svc, q->uuid[k]) : tech_pending_new(p->svc, q->uuid[k]);
    if (s) {
        ui_app_push(a, s);
        p->filled = 0;
    }
}

static void queue_destroy(tech_page *p)
{
    queue_rows *q = p->priv;
    if (q) {
        free(q->uuid);
        free(q->held);
    }
    free(q);
}

static const tech_page_kind QUEUE = {"tech.queue",  "tech.menu.queue", queue_fill,
                                     queue_action,  queue_row,         queue_destroy,
                                     queue_done,    {"tech.queue.net_test", "tech.queue.force"}};

ui_screen *tech_queue_new(const tech_services *s)
{
    queue_rows *q = calloc(1, sizeof *q);
    ui_screen *sc = q ? tech_page_new(&QUEUE, s, q) : NULL;
    if (!sc)
        free(q);
    return sc;
}

/* ---- a held filing ------------------------------------------------------- */

/* What a technician does with a filing held for good (refused by the
 * platform, or its body changed on disk): 重新提交 after the cause is fixed,
 * or 放弃这一件 — a second tap on 确认放弃 — with an audit row either way
 * (tech_services.held_resubmit / held_discard). */
typedef struct {
    char uuid[STORE_UUID_LEN + 1];
    int armed; /* 放弃 tapped once: the next tap on the same button discards */
} held_page;

/* The text key saying in plain words why a filing is held and what to do,
 * from its reason's code (the platform's error code, PROTOCOL.md, or the
 * kiosk's own "integrity"); the reason itself is shown beside it as said. */
const char *tech_held_why_key(const char *reason)
{
    static const struct {
        const char *code, *key;
    } WHY[] = {
        {"bad_request", "tech.held.why.bad_request"},
        {"forbidden", "tech.held.why.forbidden"},
        {"not_found", "tech.held.why.not_found"},
        {"conflict", "tech.held.why.conflict"},
        {"too_large", "tech.held.why.too_large"},
        {"unsupported_type", "tech.held.why.type"},
        {"wrong_type", "tech.held.why.type"},
        {"hash_mismatch", "tech.held.why.broken"},
        {"bad_image", "tech.held.why.broken"},
        {"integrity", "tech.held.why.integrity"},
    };
    size_t n = reason ? strcspn(reason, ":") : 0;
    for (size_t i = 0; i < sizeof WHY / sizeof WHY[0]; i++)
        if (strlen(WHY[i].code) == n && !strncmp(reason, WHY[i].code, n))
            return WHY[i].key;
    return "tech.held.why.other";
}

static void held_fill(tech_page *p, ui_app *a)
{
    held_page *h = p->priv;
    store *st = ui_app_services(a)->store;
    store_filing f;
    memset(&f, 0, sizeof f);
    int rc = st ? store_filing_get(st, h->uuid, &f) : STORE_ERR_INVALID;
    if (rc != STORE_OK || !f.held_reason) {
        tech_page_row(p, core_str(st ? "tech.held.gone" : "tech.no_store"), NULL);
        p->buttons[0] = p->buttons[1] = NULL;
        store_filing_clear(&f);
        return;
    }
    char line[512], sub[256], reg[64];
    snprintf(line, sizeof line, "%s", f.item_title ? f.item_title : f.form_id);
    reg_text(f.seq, reg, sizeof reg);
    snprintf(sub, sizeof sub, "%s  %s v%d", reg, f.form_id, f.form_version);
    tech_page_row(p, line, sub);
    tech_time_text(f.created_ms, sub, sizeof sub);
    tech_page_row(p, core_str("tech.held.filed"), sub);
    char why[768], both[1024]; /* the county's reason whole (its message is at most 512 bytes) */
    tech_redact(f.held_reason, why, sizeof why);
    snprintf(both, sizeof both, core_str("tech.held.said"), core_str(tech_held_why_key(f.held_reason)),
             why);
    tech_page_row(p, core_str("tech.held.reason"), both);
    tech_page_row(p, core_str("tech.held.advice"), NULL);
    p->buttons[1] = h->armed ? "tech.held.discard_confirm" : "tech.held.discard";
    p->danger = h->armed ? 1 : -1; /* 确认放弃 red: it deletes the filing for good */
    store_filing_clear(&f);
}

static void held_action(tech_page *p, ui_app *a, int n)
{
    (void)a;
    held_page *h = p->priv;
    char msg[256] = "";
    if (n == 1 && !h->armed) {
        h->armed = 1;
        tech_page_status(p, 0, "%s", core_str("tech.held.discard_ask"));
        return;
    }
    int (*fn)(void *, const char *, char *, size_t) = n == 0 ? p->svc->held_resubmit
                                                             : p->svc->held_discard;
    h->armed = 0;
    int rc = fn ? fn(p->svc->ud, h->uuid, msg, sizeof msg) : -1;
    tech_page_status(p, rc == 0, "%s", msg[0] ? msg : core_str("tech.missing"));
}

static void held_destroy(tech_page *p) { free(p->priv); }

static const tech_page_kind HELD = {"tech.held", "tech.held.title", held_fill, held_action,
                                    NULL, held_destroy, NULL,
                                    {"tech.held.resubmit", "tech.held.discard"}};

/* A page of one filing (kind k): its state, size bytes whose first member
 * is the filing's uuid (held_page, pending_page), made and given the
 * uuid; NULL when out of memory. */
static ui_screen *filing_page_new(const tech_page_kind *k, const tech_services *s,
                                  const char *uuid, size_t size)
{
    char *h = calloc(1, size);
    if (!h)
        return NULL;
    snprintf(h, STORE_UUID_LEN + 1, "%s", uuid);
    ui_screen *sc = tech_page_new(k, s, h);
    if (!sc)
        free(h);
    return sc;
}

ui_screen *tech_held_new(const tech_services *s, const char *uuid)
{
    return filing_page_new(&HELD, s, uuid, sizeof(held_page));
}

/* ---- a filing waiting to upload ------------------------------------------ */

/* Where a filing that goes by itself stands (a tapped row of the queue page
 * that is not held): the item, when it was confirmed, the tries so far, the
 * last failure in words, when the engine tries next (or that it waits for
 * an earlier filing of the same villager), with 立即上传 and 返回. Nothing
 * beyond what the queue's row shows of the villager. */
typedef struct {
    char uuid[STORE_UUID_LEN + 1];
    int64_t minute;   /* the wall clock's minute it was filled in */
    int64_t sig[5];   /* the upload engine's state then (pending_sig) */
} pending_page;

/* What of the upload engine's state moves this page on: an upload, a
 * failure, a filing held, the pause after a failed connection. */
static void pending_sig(ui_app *a, int64_t sig[5])
{
    sync_engine *se = ui_app_services(a)->sync;
    sync_status ss;
    memset(sig, 0, 5 * sizeof *sig);
    if (!se)
        return;
    sync_status_get(se, &ss);
    sig[0] = ss.uploaded;
    sig[1] = ss.retries;
    sig[2] = ss.held;
    sig[3] = ss.paused_until_ms;
    sig[4] = ss.pending;
}

/* Filled again when the engine's state changed (a filing sent while the
 * page is open) or a minute passed (约 N 分钟后 counts down). */
static int pending_stale(tech_page *p, ui_app *a)
{
    pending_page *h = p->priv;
    int64_t sig[5];
    pending_sig(a, sig);
    return plat_clock_wall_ms() / 60000 != h->minute || memcmp(sig, h->sig, sizeof sig) != 0;
}

/* 1 if an earlier filing of the same villager waits too (not held): this
 * one goes only after it (sync.h: a villager's filings keep their order). */
static int pending_behind(store *st, const store_filing *f)
{
    store_filing *fl = NULL;
    size_t n = 0;
    int behind = 0;
    if (store_outbox_list(st, f->villager_key, &fl, &n) != STORE_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        behind |= fl[i].seq < f->seq && !fl[i].held_reason &&
                  !strcmp(fl[i].villager_key, f->villager_key);
    store_filing_list_free(fl, n);
    return behind;
}

/* When the engine tries next: the filing's own retry time, or the end of
 * the engine's pause after a failed connection when that is later (every
 * filing waits for it); the time and how far off, or at its next round. */
static void pending_next(const store_filing *f, int64_t paused_until, int64_t now, char *out,
                         size_t n)
{
    int64_t at = f->next_attempt_ms > paused_until ? f->next_attempt_ms : paused_until;
    if (at <= now) {
        snprintf(out, n, "%s", core_str(f->attempts ? "tech.pending.next_now" : "tech.pending.first"));
        return;
    }
    char when[32];
    tech_time_text(at, when, sizeof when);
    int64_t min = (at - now + 59999) / 60000;
    snprintf(out, n, core_str("tech.pending.next_at"), when, (int)min);
}

static void pending_fill(tech_page *p, ui_app *a)
{
    pending_page *h = p->priv;
    store *st = ui_app_services(a)->store;
    h->minute = plat_clock_wall_ms() / 60000;
    pending_sig(a, h->sig);
    store_filing f;
    memset(&f, 0, sizeof f);
    int rc = st ? store_filing_get(st, h->uuid, &f) : STORE_ERR_INVALID;
    p->buttons[0] = "tech.queue.force";
    if (rc != STORE_OK || f.held_reason) { /* sent meanwhile, or held since */
        tech_page_row(p, core_str(!st ? "tech.no_store" : rc != STORE_OK ? "tech.pending.gone"
                                                                        : "tech.pending.held"),
                      NULL);
        p->buttons[0] = NULL;
        store_filing_clear(&f);
        return;
    }
    char line[512], sub[400], reg[64];
    snprintf(line, sizeof line, "%s", f.item_title && f.item_title[0] ? f.item_title : f.form_id);
    reg_text(f.seq, reg, sizeof reg);
    snprintf(sub, sizeof sub, "%s  %s v%d", reg, f.form_id, f.form_version);
    tech_page_row(p, line, sub);
    tech_time_text(f.created_ms, sub, sizeof sub);
    tech_page_row(p, core_str("tech.held.filed"), sub);
    snprintf(line, sizeof line, core_str("tech.pending.tries"), f.attempts);
    char why[400] = "";
    tech_upload_why(f.last_error, 0, why, sizeof why);
    tech_page_row(p, line, f.attempts ? (why[0] ? why : NULL) : core_str("tech.pending.untried"));
    if (pending_behind(st, &f))
        snprintf(sub, sizeof sub, "%s", core_str("tech.pending.behind"));
    else
        pending_next(&f, h->sig[3], plat_clock_wall_ms(), sub, sizeof sub);
    tech_page_row(p, core_str("tech.pending.next"), sub);
    tech_page_row(p, core_str("tech.pending.advice"), NULL);
    store_filing_clear(&f);
}

static void pending_action(tech_page *p, ui_app *a, int n)
{
    if (n == 1) {
        p->leave = 2;
        return;
    }
    if (!p->svc->force_sync) {
        tech_page_status(p, 0, "%s", core_str("tech.missing"));
        return;
    }
    tech_page_run(p, a, run_force_sync, (void *)p->svc, NULL);
}

static void pending_done(tech_page *p, ui_app *a, int n, int rc, const char *msg)
{
    queue_done(p, a, 1, rc, msg); /* as the queue's 立即上传 says and audits it */
    (void)n;
}

static void pending_destroy(tech_page *p) { free(p->priv); }

static const tech_page_kind PENDING = {"tech.pending", "tech.pending.title", pending_fill,
                                       pending_action, NULL, pending_destroy, pending_done,
                                       {"tech.queue.force", "common.back"}};

ui_screen *tech_pending_new(const tech_services *s, const char *uuid)
{
    ui_screen *sc = filing_page_new(&PENDING, s, uuid, sizeof(pending_page));
    if (sc)
        ((tech_page *)sc->priv)->stale = pending_stale;
    return sc;
}

/* ---- the log ----------------------------------------------------------- */

typedef struct {
    char **lines;
    int n;
    size_t cap;
} line_buf;

static void take_line(void *ud, const char *line)
{
    line_buf *b = ud;
    if (core_grow(&b->lines, &b->cap, (size_t)b->n + 1, sizeof *b->lines, 64))
        return;
    char *c = strdup(line);
    if (c)
        b->lines[b->n++] = c;
}

/* The time a log line begins with ("2026-11-22T01:30:00Z ", UTC) as ms
 * since the epoch, and in *rest where the message starts; -1 when the line
 * does not begin so (it is shown whole). */
static int64_t log_time(const char *line, const char **rest)
{
    int y, mo, d, h, mi, sec, used = 0;
    if (sscanf(line, "%4d-%2d-%2dT%2d:%2d:%2dZ %n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 ||
        used < 21 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    /* days from 1970-01-01 of a civil date (proleptic Gregorian) */
    int yy = y - (mo <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    *rest = line + used;
    return ((int64_t)days * 86400 + h * 3600 + mi * 60 + sec) * 1000;
}

/* The lines the page shows: the log file's last ones, across restarts. */
#define LOG_TAIL 300

/* 1 if the message (after its time) is the first line of a start-up. */
static int log_start(const char *rest)
{
    return strstr(rest, "boot: " CORE_LOGFILE_START) != NULL;
}

/* Each line: the message, and under it when it was said in the kiosk's
 * local time (the file keeps UTC: it read eight hours off in 运行日志).
 * The lines are the log file's last LOG_TAIL (the rotated file's too), so
 * the nights before and what came before a restart are there; a start-up
 * is a row of its own. Without a log file, this run's ring. */
static void logs_fill(tech_page *p, ui_app *a)
{
    (void)a;
    line_buf b = {NULL, 0, 0};
    int starts = 0;
    if (core_logfile_tail(LOG_TAIL, take_line, &b) < 0)
        core_logfile_each(take_line, &b); /* copied first: the callback runs under the log lock */
    if (b.n == 0)
        tech_page_row(p, core_str("tech.logs.empty"), NULL);
    for (int i = b.n - 1; i >= 0; i--) { /* newest first */
        char red[512], when[32] = "";
        const char *rest = NULL;
        int64_t ms = log_time(b.lines[i], &rest);
        if (ms >= 0)
            tech_time_text(ms, when, sizeof when);
        if (log_start(ms >= 0 ? rest : b.lines[i])) { /* the lines above came after it */
            tech_page_row(p, core_str("tech.logs.start"), when[0] ? when : NULL);
            starts++;
        } else {
            tech_redact(ms >= 0 ? rest : b.lines[i], red, sizeof red);
            tech_page_row(p, red, ms >= 0 ? when : NULL);
        }
        free(b.lines[i]);
    }
    free(b.lines);
    char line[128];
    snprintf(line, sizeof line, core_str("tech.logs.count"), b.n, starts);
    tech_page_status(p, -1, "%s", line);
}

static void logs_action(tech_page *p, ui_app *a, int n)
{
    (void)a;
    (void)n;
    p->status[0] = '\0';
}

static const tech_page_kind LOGS = {"tech.logs", "tech.menu.logs", logs_fill, logs_action, NULL,
                                    NULL, NULL, {"tech.refresh"}};

ui_screen *tech_logs_new(const tech_services *s) { return tech_page_new(&LOGS, s, NULL); }

/* ---- audit log ---------------------------------------------------------- */

static const char *action_text(const char *action)
{
    char key[96];
    snprintf(key, sizeof key, "audit.%s", action);
    int before = core_strings_missing();
    const char *t = core_str(key);
    if (core_strings_missing() != before)
        return action; /* an action without a Chinese name shows as is */
    return t;
}

#define AUDIT_PAGE 200

static void audit_fill(tech_page *p, ui_app *a)
{
    store *st = ui_app_services(a)->store;
    if (!page_has_store(p, a, st))
        return;
    store_audit_row *rows = NULL;
    size_t n = 0;
    if (store_audit_list(st, 0, AUDIT_PAGE, &rows, &n) != STORE_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        char when[32], line[256], sub[320], obj[128], det[160], who[64];
        tech_time_text(rows[i].time_ms, when, sizeof when);
        char akey[48];
        snprintf(akey, sizeof akey, "audit.actor.%s", store_actor_name(rows[i].actor));
        snprintf(who, sizeof who, "%s%s%s", core_str(akey), rows[i].actor_id ? " " : "",
                 rows[i].actor_id ? rows[i].actor_id : "");
        snprintf(line, sizeof line, "%s  %s  %s", when, who, action_text(rows[i].action));
        /* uuids are shown short; anything that looks personal is masked */
        char o8[40];
        snprintf(o8, sizeof o8, "%s", rows[i].object_id ? rows[i].object_id : "");
        if (strlen(o8) == 36 && o8[8] == '-')
            o8[8] = '\0';
        tech_redact(o8, obj, sizeof obj);
        tech_redact(rows[i].detail ? rows[i].detail : "", det, sizeof det);
        snprintf(sub, sizeof sub, "%s%s%s", obj, obj[0] && det[0] ? "  " : "", det);
        tech_page_row(p, line, sub[0] ? sub : NULL);
    }
    store_audit_list_free(rows, n);
    char line[64];
    snprintf(line, sizeof line, core_str("tech.audit.count"), (int)n);
    tech_page_status(p, -1, "%s", line);
}

static const tech_page_kind AUDIT = {"tech.audit", "tech.menu.audit", audit_fill, logs_action,
                                     NULL, NULL, NULL, {"tech.refresh"}};

ui_screen *tech_audit_new(const tech_services *s) { return tech_page_new(&AUDIT, s, NULL); }

/* ---- self-test ---------------------------------------------------------- */

/* The display on the UI thread (it draws), the rest on a thread of its own
 * (a card waits up to 5 s on the reader, the network test up to the sync
 * timeouts): the screen keeps answering meanwhile. */
enum { ST_DISPLAY, ST_SPEAKER, ST_PRINTER, ST_IDCARD, ST_CAMERA, ST_NETWORK, ST_N };
static const char *const ST_KEYS[ST_N] = {"tech.self.display", "tech.self.speaker",
                                          "tech.self.printer", "tech.self.idcard",
                                          "tech.self.camera", "tech.self.network"};

typedef struct {
    int result[ST_N]; /* 0 not run, 1 pass, -1 fail, 2 not there (the camera) */
    char msg[ST_N][200];
} selftest;

/* Draws colour bars on the canvas and reads them back. */
static int display_test(ui_app *a, char *msg, size_t n)
{
    static const SDL_Color bars[] = {{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255},
                                     {255, 255, 255, 255}, {0, 0, 0, 255}};
    SDL_Renderer *r = ui_app_renderer(a);
    const ui_theme *t = ui_app_theme(a);
    int nb = (int)(sizeof bars / sizeof *bars), bw = t->w / nb, bad = 0;
    for (int i = 0; i < nb; i++) {
        SDL_Rect rc = {i * bw, 0, bw, t->h};
        SDL_SetRenderDrawColor(r, bars[i].r, bars[i].g, bars[i].b, 255);
        SDL_RenderFillRect(r, &rc);
    }
    for (int i = 0; i < nb; i++) {
        SDL_Rect px = {i * bw + bw / 2, t->h / 2, 1, 1};
        uint8_t rgba[4] = {0};
        if (SDL_RenderReadPixels(r, &px, SDL_PIXELFORMAT_ABGR8888, rgba, 4) != 0 ||
            rgba[0] != bars[i].r || rgba[1] != bars[i].g || rgba[2] != bars[i].b)
            bad++;
    }
    if (bad)
        snprintf(msg, n, core_str("tech.self.display_bad"), bad);
    else
        snprintf(msg, n, "%s", core_str("tech.self.display_ok"));
    return bad ? -1 : 0;
}

int tech_selftest_last(ui_app *a, int *pass, int *fail)
{
    store *st = ui_app_services(a)->store;
    store_audit_row *rows = NULL;
    size_t n = 0;
    int rc = -1;
    if (!st || store_audit_list(st, 0, AUDIT_PAGE, &rows, &n) != STORE_OK)
        return -1;
    for (size_t i = 0; i < n && rc; i++) /* newest first */
        if (!strcmp(rows[i].action, "tech.selftest") && rows[i].detail &&
            sscanf(rows[i].detail, "pass=%d fail=%d", pass, fail) == 2)
            rc = 0;
    store_audit_list_free(rows, n);
    return rc;
}

static void selftest_fill(tech_page *p, ui_app *a)
{
    (void)a;
    selftest *s = p->priv;
    int pass = 0, fail = 0;
    for (int i = 0; i < ST_N; i++) {
        char line[300];
        const char *mark = s->result[i] == 1    ? core_str("tech.self.pass")
                           : s->result[i] == -1 ? core_str("tech.self.fail")
                           : s->result[i] == 2  ? core_str("tech.self.absent")
                                                : core_str("tech.self.not_run");
        snprintf(line, sizeof line, "%s  %s", mark, core_str(ST_KEYS[i]));
        tech_page_row(p, line, s->msg[i][0] ? s->msg[i] : NULL);
        pass += s->result[i] == 1;
        fail += s->result[i] == -1;
    }
    if (pass + fail && !p->job) { /* the count, and which failed by name */
        char names[600] = "";
        for (int i = 0; i < ST_N; i++)
            if (s->result[i] == -1) {
                size_t o = strlen(names);
                snprintf(names + o, sizeof names - o, "%s%s", o ? core_str("tech.self.sep") : "",
                         core_str(ST_KEYS[i]));
            }
        char count[128];
        snprintf(count, sizeof count, core_str("tech.self.summary"), pass, fail);
        if (fail)
            tech_page_status(p, 0, "%s%s%s", count, core_str("tech.self.failed"), names);
        else
            tech_page_status(p, 1, "%s", count);
    }
}

/* On the job's thread: each device in turn; msg gets one line a device,
 * "<result> <text>" (result 1 pass, -1 fail, 2 not there). */
static int run_selftest(void *ud, const char *arg, char *msg, size_t n)
{
    (void)arg;
    const tech_services *v = ud;
    int (*fns[ST_N])(void *, char *, size_t) = {NULL, v->beep, v->print_test, v->idcard_test,
                                                v->camera_test, NULL};
    size_t o = 0;
    msg[0] = '\0';
    for (int i = ST_SPEAKER; i < ST_N && o < n; i++) {
        char m[200] = "";
        int rc;
        if (i == ST_NETWORK) {
            plat_net_state ns = plat_net_state_get();
            if (ns == PLAT_NET_DOWN) {
                rc = -1;
                snprintf(m, sizeof m, "%s", core_str("net.down"));
            } else if (v->net_test) { /* the platform itself answers */
                rc = v->net_test(v->ud, m, sizeof m);
            } else {
                rc = ns == PLAT_NET_UP ? 0 : -1;
                snprintf(m, sizeof m, "%s", core_str(ns == PLAT_NET_UP ? "net.up" : "net.unknown"));
            }
        } else if (!fns[i]) {
            rc = i == ST_CAMERA ? 1 : -1;
            snprintf(m, sizeof m, "%s", core_str(i == ST_CAMERA ? "tech.self.no_camera" : "tech.missing"));
        } else {
            rc = fns[i](v->ud, m, sizeof m);
        }
        m[strcspn(m, "\n")] = '\0';
        int r = rc == 0 ? 1 : rc > 0 ? 2 : -1;
        int w = snprintf(msg + o, n - o, "%d %s\n", r, m);
        o += w > 0 ? (size_t)w : 0;
    }
    return 0;
}

static void selftest_action(tech_page *p, ui_app *a, int n)
{
    (void)n;
    selftest *s = p->priv;
    memset(s, 0, sizeof *s);
    int rc = display_test(a, s->msg[ST_DISPLAY], sizeof s->msg[ST_DISPLAY]);
    s->result[ST_DISPLAY] = rc == 0 ? 1 : -1;
    ui_app_forget(a, NULL); /* the bars went over the whole canvas */
    ui_app_invalidate(a);
    tech_page_run(p, a, run_selftest, (void *)p->svc, NULL);
}

/* The result counted, audited (what setup's page of steps reads) and logged. */
static void selftest_record(const selftest *s, ui_app *a)
{
    char detail[64];
    int pass = 0, fail = 0;
    for (int i = 0; i < ST_N; i++) {
        pass += s->result[i] == 1;
        fail += s->result[i] == -1;
    }
    snprintf(detail, sizeof detail, "pass=%d fail=%d", pass, fail);
    tech_audit(a, "tech.selftest", NULL, detail);
    core_log(fail ? CORE_LOG_WARN : CORE_LOG_INFO, "tech", "self-test: %s", detail);
}

static void selftest_done(tech_page *p, ui_app *a, int n, int rc, const char *msg)
{
    (void)n;
    selftest *s = p->priv;
    const char *line = msg;
    for (int i = ST_SPEAKER; i < ST_N; i++) {
        int r = -1, used = 0;
        if (rc != 0 || !line || sscanf(line, "%d %n", &r, &used) != 1) {
            s->result[i] = -1; /* the thread did not start */
            snprintf(s->msg[i], sizeof s->msg[i], "%s", rc != 0 && msg ? msg : "");
            continue;
        }
        const char *end = strchr(line + used, '\n');
        size_t len = end ? (size_t)(end - line - used) : strlen(line + used);
        if (len >= sizeof s->msg[i])
            len = sizeof s->msg[i] - 1;
        memcpy(s->msg[i], line + used, len);
        s->msg[i][len] = '\0';
        s->result[i] = r == 1 ? 1 : r == 2 ? 2 : -1;
        line = end ? end + 1 : NULL;
    }
    selftest_record(s, a);
}

/* A tap on 扬声器's row after the tone: the technician did not hear it. The
 * program can tell the tone was handed to the device, not that it sounded:
 * she says so, and the result and its audit follow (it passed unheard). */
static void selftest_row(tech_page *p, ui_app *a, int i)
{
    selftest *s = p->priv;
    if (i != ST_SPEAKER || s->result[ST_SPEAKER] != 1 || p->job)
        return;
    s->result[ST_SPEAKER] = -1;
    snprintf(s->msg[ST_SPEAKER], sizeof s->msg[ST_SPEAKER], "%s", core_str("tech.self.beep_unheard"));
    tech_audit(a, "tech.selftest.unheard", NULL, NULL);
    selftest_record(s, a);
    p->status[0] = '\0';
    p->filled = 0; /* the rows and the count again */
}

static void selftest_destroy(tech_page *p) { free(p->priv); }

static const tech_page_kind SELFTEST = {"tech.selftest", "tech.menu.selftest", selftest_fill,
                                        selftest_action, selftest_row, selftest_destroy,
                                        selftest_done, {"tech.self.run"}};

ui_screen *tech_selftest_new(const tech_services *s)
{
    selftest *st = calloc(1, sizeof *st);
    ui_screen *sc = st ? tech_page_new(&SELFTEST, s, st) : NULL;
    if (!sc) {
        free(st);
        return NULL;
    }
    return sc;
}

/* ---- sneakernet export -------------------------------------------------- */

static void export_dir(const tech_page *p, ui_app *a, char *out, size_t n)
{
    const char *d = core_config_get(ui_app_config(a), "bundle.dir");
    if (d && d[0])
        snprintf(out, n, "%s", d);
    else
        snprintf(out, n, "%s/usb", p->svc->data_dir ? p->svc->data_dir : ".");
}

static void export_fill(tech_page *p, ui_app *a)
{
    char line[256], dir[512];
    store *st = ui_app_services(a)->store;
    int pending = -1, held = 0;
    if (!st || store_outbox_counts(st, &pending, &held) != STORE_OK)
        pending = -1;
    if (pending >= 0) /* what goes: the held stay out (bundle_export) */
        snprintf(line, sizeof line, core_str("tech.queue.pending"), pending - held);
    else
        snprintf(line, sizeof line, "%s", core_str("tech.queue.pending_unknown"));
    tech_page_row(p, line, core_str("tech.export.stay"));
    if (held > 0) {
        snprintf(line, sizeof line, core_str("tech.export.held"), held);
        tech_page_row(p, line, core_str("tech.export.held_sub"));
    }
    export_dir(p, a, dir, sizeof dir);
    tech_page_row(p, core_str("tech.export.dir"), dir);
    const char *cpk = core_config_get(ui_app_config(a), "bundle.county_pk");
    tech_page_row(p, core_str("tech.export.county"), cpk[0] ? cpk : core_str("tech.export.no_county"));
    bundle_sign_key k;
    char err[256], hex[2 * BUNDLE_PK_LEN + 1];
    if (p->svc->data_dir && bundle_device_key(p->svc->data_dir, &k, err, sizeof err) == BUNDLE_OK) {
        bundle_hex_encode(k.pk, BUNDLE_PK_LEN, hex);
        tech_page_row(p, core_str("tech.export.devkey"), hex);
    } else {
        tech_page_row(p, core_str("tech.export.devkey"), core_str("tech.export.no_key"));
    }
    bundle_key_wipe(&k, sizeof k);
}

static void export_action(tech_page *p, ui_app *a, int n)
{
    (void)n;
    store *st = ui_app_services(a)->store;
    core_config *cfg = ui_app_config(a);
    uint8_t cpk[BUNDLE_PK_LEN];
    char err[512], dir[512], path[1024];
    if (!st) {
        tech_page_status(p, 0, "%s", core_str("tech.no_store"));
        return;
    }
    if (bundle_hex_decode(core_config_get(cfg, "bundle.county_pk"), cpk, sizeof cpk) != 0) {
        tech_page_status(p, 0, "%s", core_str("tech.export.no_county"));
        return;
    }
    const char *dev = core_config_get(cfg, "platform.device_id");
    if (!dev[0]) {
        tech_page_status(p, 0, "%s", core_str("tech.export.no_device"));
        return;
    }
    bundle_sign_key k;
    int rc = p->svc->data_dir ? bundle_device_key(p->svc->data_dir, &k, err, sizeof err)
                              : BUNDLE_ERR_KEY;
    if (rc != BUNDLE_OK) {
        core_log(CORE_LOG_ERROR, "tech", "export: %s", err);
        tech_page_status(p, 0, "%s", core_str(bundle_error_key(rc)));
        return;
    }
    export_dir(p, a, dir, sizeof dir);
    const char *set = core_config_get(cfg, "bundle.dir");
    if (!set || !set[0]) /* the folder the page names when none is set: made (no stick) */
        mkdir(dir, 0700);
    bundle_export_opts o = {dir, dev, cpk, &k, TECH_ACTOR_ID, (int64_t)plat_clock_wall() * 1000,
                            p->svc->export_image, p->svc->ud};
    int count = 0;
    rc = bundle_export(st, &o, path, sizeof path, &count, err, sizeof err);
    bundle_key_wipe(&k, sizeof k);
    if (rc != BUNDLE_OK) {
        core_log(CORE_LOG_WARN, "tech", "export failed: %s (%s)", bundle_strerror(rc), err);
        tech_page_status(p, 0, "%s", core_str(bundle_error_key(rc)));
        return;
    }
    const char *base = strrchr(path, '/');
    tech_page_status(p, 1, core_str("tech.export.done"), count, base ? base + 1 : path);
}

static const tech_page_kind EXPORT = {"tech.export", "tech.menu.export", export_fill,
                                      export_action, NULL, NULL, NULL, {"tech.export.go"}};

ui_screen *tech_export_new(const tech_services *s) { return tech_page_new(&EXPORT, s, NULL); }
