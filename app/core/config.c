/* config.c — key table, parser and writer of the kiosk configuration. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/grow.h"
#include "core/log.h"
#include "core/utf8.h"
#include "cz_text_build.h" /* defaults in words: assets/text/zh-CN.txt, build.config.* */

typedef enum { CT_STR, CT_INT, CT_BOOL, CT_SIZE } cfg_type;

typedef struct cfg_key cfg_key;
struct cfg_key {
    const char *key;
    cfg_type type;
    const char *def;
    /* CT_INT: the least and greatest value; CT_STR: max is the greatest
     * length in bytes, min the least that the key's check asks (0: none).
     * What core_config_range_of tells the technician's editor beforehand. */
    long min, max;
    /* further rules of this key (after the type's); 0 if acceptable */
    int (*check)(const cfg_key *k, const char *v, char *why, size_t whylen);
};

static int check_https_url(const cfg_key *k, const char *v, char *why, size_t whylen);
static int check_area_code(const cfg_key *k, const char *v, char *why, size_t whylen);
static int check_pins(const cfg_key *k, const char *v, char *why, size_t whylen);
static int check_output(const cfg_key *k, const char *v, char *why, size_t whylen);
static int check_hex_key(const cfg_key *k, const char *v, char *why, size_t whylen);
static int check_log_level(const cfg_key *k, const char *v, char *why, size_t whylen);
static int check_query_url(const cfg_key *k, const char *v, char *why, size_t whylen);

/* The one list of settings. Add a key here, with its default and bounds. */
static const cfg_key KEYS[] = {
    {"station.name", CT_STR, CZ_TEXT_CONFIG_STATION_NAME, 0, 120, NULL},
    {"station.area_code", CT_STR, "420500", 6, 12, check_area_code}, /* division code */
    {"screen.size", CT_SIZE, "1080x1920", 0, 0, NULL},
    {"screen.rotation", CT_INT, "0", 0, 270, NULL},
    /* how the canvas reaches the panel: "sdl" (SDL's video driver: a window,
     * or kmsdrm with OpenGL ES on the kiosk), "kms" (a KMS/DRM dumb buffer
     * written directly, for boards without a GPU driver), "mem:WxH" (a panel
     * in memory: the emulator's stand-in for "kms") */
    {"screen.output", CT_STR, "sdl", 0, 32, check_output},
    {"ui.idle_timeout_s", CT_INT, "90", 10, 3600, NULL},
    {"ui.countdown_s", CT_INT, "20", 5, 120, NULL},
    {"ui.keep_draft_on_timeout", CT_BOOL, "1", 0, 1, NULL},
    {"ui.draft_keep_days", CT_INT, "7", 1, 365, NULL},
    {"ui.elderly_default", CT_BOOL, "0", 0, 1, NULL},
    {"audio.volume", CT_INT, "70", 0, 100, NULL},
    {"audio.voice", CT_BOOL, "1", 0, 1, NULL},
    /* spoken prompts kept for saying again, in KiB (the latest always is) */
    {"voice.cache_kb", CT_INT, "16384", 0, 262144, NULL},
    {"platform.url", CT_STR, "https://127.0.0.1:8443", 0, 400, check_https_url},
    {"platform.ca_file", CT_STR, "", 0, 400, NULL},
    /* the county's public progress page a phone opens from the receipt's QR
     * code ("<url>?r=<receipt number>"); "": the code is for the kiosk's
     * 办件查询 alone, and the receipt says so */
    {"receipt.query_url", CT_STR, "", 0, 200, check_query_url},
    /* public keys the platform's certificate must have, besides a valid chain:
     * "" (no pinning) or two to four "sha256//<base64>" joined by ';' (one is
     * the backup), as CURLOPT_PINNEDPUBLICKEY takes them */
    {"platform.pin", CT_STR, "", 0, 400, check_pins},
    {"platform.device_id", CT_STR, "", 0, 64, NULL},
    {"sync.enabled", CT_BOOL, "1", 0, 1, NULL},
    {"sync.interval_s", CT_INT, "30", 1, 86400, NULL},
    {"sync.timeout_s", CT_INT, "20", 1, 600, NULL},
    /* a transfer slower than low_speed_bps bytes/s for low_speed_s seconds is
     * abandoned (and retried later): a stalled rural link does not hang an upload */
    {"sync.low_speed_bps", CT_INT, "16", 1, 65536, NULL},
    {"sync.low_speed_s", CT_INT, "30", 2, 600, NULL},
    {"data.dir", CT_STR, "", 0, 400, NULL},
    {"assets.dir", CT_STR, "", 0, 400, NULL},
    {"forms.county_settings", CT_STR, "", 0, 400, NULL},
    {"tech.pin_hash", CT_STR, "", 0, 256, NULL},
    {"bundle.county_pk", CT_STR, "", 0, 64, NULL},  /* county's X25519 key, hex (app/bundle/BUNDLE.md) */
    {"bundle.dir", CT_STR, "", 0, 400, NULL},       /* USB folder for exports; "" = <data>/usb */
    /* the county's Ed25519 key that signs catalogue updates (app/sync/PROTOCOL.md),
     * 64 hex characters; "" = no updates (the built-in or last published catalogue stays) */
    {"catalogue.county_pk", CT_STR, "", 0, 64, check_hex_key},
    {"catalogue.interval_s", CT_INT, "14400", 1, 604800, NULL}, /* how often to ask for one */
    /* photos of documents (form fields of type photo): the long side in
     * pixels and the JPEG's size in KiB at most; the camera's largest still */
    {"photo.max_side", CT_INT, "1600", 640, 4096, NULL},
    {"photo.max_kb", CT_INT, "400", 60, 2048, NULL},
    {"camera.still_max", CT_INT, "4096", 640, 8192, NULL},
    /* the log's lowest level kept: debug, info, warn or error */
    {"log.level", CT_STR, "info", 0, 8, check_log_level},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

struct core_config {
    char *val[NKEYS];
    core_config_fault fault; /* the last load's */
};

/* Notes where a load failed (key may be NULL). */
static void fault_at(core_config *c, core_config_fault_kind kind, int line, const char *key)
{
    c->fault.kind = kind;
    c->fault.line = line;
    utf8_copy(c->fault.key, sizeof c->fault.key, key ? key : "");
}

const core_config_fault *core_config_last_fault(const core_config *c)
{
    return c ? &c->fault : NULL;
}

static int key_index(const char *key)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(KEYS[i].key, key) == 0)
            return (int)i;
    return -1;
}

/* The message into err, cut (when err is short) between characters: a
 * setting's name, value or file name may be Chinese. */
static void put_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void put_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    char full[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(full, sizeof full, fmt, ap);
    va_end(ap);
    utf8_copy(err, errlen, full);
}

/* Checks value against the key's type; 0 if acceptable. */
static int check_value(const cfg_key *k, const char *v, char *why, size_t whylen)
{
    if (!utf8_valid(v)) {
        snprintf(why, whylen, "value is not valid UTF-8");
        return -1;
    }
    switch (k->type) {
    case CT_STR:
        if ((long)strlen(v) > k->max) {
            snprintf(why, whylen, "value longer than %ld bytes", k->max);
            return -1;
        }
        for (const char *p = v; *p; p++)
            if ((unsigned char)*p < 0x20) {
                snprintf(why, whylen, "value contains a control character");
                return -1;
            }
        return k->check ? k->check(k, v, why, whylen) : 0;
    case CT_INT: {
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (!*v || *end || errno) {
            snprintf(why, whylen, "'%s' is not a whole number", v);
            return -1;
        }
        if (n < k->min || n > k->max) {
            snprintf(why, whylen, "%ld is outside %ld..%ld", n, k->min, k->max);
            return -1;
        }
        return 0;
    }
    case CT_BOOL:
        if (strcmp(v, "0") && strcmp(v, "1") && strcmp(v, "true") && strcmp(v, "false")) {
            snprintf(why, whylen, "'%s' is not 0, 1, true or false", v);
            return -1;
        }
        return 0;
    case CT_SIZE: {
        int w, h;
        char extra;
        if (sscanf(v, "%dx%d%c", &w, &h, &extra) != 2 || w < 320 || h < 320 || w > 8192 ||
            h > 8192) {
            snprintf(why, whylen, "'%s' is not a screen size like 1080x1920", v);
            return -1;
        }
        return 0;
    }
    }
    return -1;
}

/* v for a message about it: at most cap - 1 bytes, cut between characters
 * (a value typed in Chinese). Returns buf. */
static const char *quoted(const char *v, char *buf, size_t cap)
{
    utf8_copy(buf, cap, v);
    return buf;
}

/* platform.url: the kiosk talks to the platform over HTTPS only. */
static int check_https_url(const cfg_key *k, const char *v, char *why, size_t whylen)
{
    (void)k;
    if (strncmp(v, "https://", 8) != 0) {
        snprintf(why, whylen, "the platform address must start with https:// (plain http is refused)");
        return -1;
    }
    const char *host = v + 8;
    if (!*host || *host == '/' || *host == ':' || strpbrk(v, " \"\\<>")) {
        char q[201];
        snprintf(why, whylen, "'%s' is not an https:// address with a host", quoted(v, q, sizeof q));
        return -1;
    }
    return 0;
}

/* receipt.query_url: "" or an https:// address a receipt number can follow
 * as "?r=<number>" (no query or fragment of its own). */
static int check_query_url(const cfg_key *k, const char *v, char *why, size_t whylen)
{
    if (!*v)
        return 0;
    if (strncmp(v, "https://", 8) != 0) {
        snprintf(why, whylen, "the query address must start with https://");
        return -1;
    }
    if (check_https_url(k, v, why, whylen))
        return -1;
    if (strpbrk(v, "?#")) {
        snprintf(why, whylen, "the query address takes ?r=<number> itself: no '?' or '#' in it");
        return -1;
    }
    return 0;
}

/* "" or 64 hex characters (a 32-byte key). */
static int check_hex_key(const cfg_key *k, const char *v, char *why, size_t whylen)
{
    (void)k;
    size_t n = strlen(v);
    if (n && (n != 64 || strspn(v, "0123456789abcdefABCDEF") != n)) {
        snprintf(why, whylen, "not 64 hexadecimal characters (a 32-byte key)");
        return -1;
    }
    return 0;
}

static int check_log_level(const cfg_key *k, const char *v, char *why, size_t whylen)
{
    (void)k;
    core_log_level l;
    if (core_log_level_parse(v, &l) == 0)
        return 0;
    char q[41];
    snprintf(why, whylen, "'%s' is not debug, info, warn or error", quoted(v, q, sizeof q));
    return -1;
}

/* station.area_code: an administrative division code, min to max digits
 * (the table's). */
static int check_area_code(const cfg_key *k, const char *v, char *why, size_t whylen)
{
    size_t n = strlen(v);
    if ((long)n < k->min || (long)n > k->max || strspn(v, "0123456789") != n) {
        char q[41];
        snprintf(why, whylen, "'%s' is not an area code of %ld to %ld digits",
                 quoted(v, q, sizeof q), k->min, k->max);
        return -1;
    }
    return 0;
}

static int check_output(const cfg_key *k, const char *v, char *why, size_t whylen)
{
    (void)k;
    int w, h;
    char tail;
    if (!strcmp(v, "sdl") || !strcmp(v, "kms") ||
        (sscanf(v, "mem:%dx%d%c", &w, &h, &tail) == 2 && w > 0 && h > 0))
        return 0;
    char q[41];
    snprintf(why, whylen, "'%s' is not sdl, kms or mem:WxH", quoted(v, q, sizeof q));
    return -1;
}

/* platform.pin: "" or 2..4 distinct "sha256//" + 44 base64 characters (a
 * SHA-256 digest), separated by ';'. */
static int check_pins(const cfg_key *k, const char *v, char *why, size_t whylen)
{
    (void)k;
    static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    enum { PFX = 8, B64LEN = 44, MAXPINS = 4 };
    if (!*v)
        return 0;
    const char *pins[MAXPINS];
    int n = 0;
    const char *p = v;
    for (;;) {
        size_t len = strcspn(p, ";");
        if (n == MAXPINS) {
            snprintf(why, whylen, "more than %d pins", MAXPINS);
            return -1;
        }
        if (len != PFX + B64LEN || strncmp(p, "sha256//", PFX) != 0 ||
            strspn(p + PFX, B64) != B64LEN - 1 || p[PFX + B64LEN - 1] != '=') {
            snprintf(why, whylen, "pin %d is not sha256// followed by 44 base64 characters", n + 1);
            return -1;
        }
        for (int i = 0; i < n; i++)
            if (!strncmp(pins[i], p, PFX + B64LEN)) {
                snprintf(why, whylen, "pin %d repeats pin %d", n + 1, i + 1);
                return -1;
            }
        pins[n++] = p;
        if (!p[len])
            break;
        p += len + 1;
    }
    if (n < 2) {
        snprintf(why, whylen, "a backup pin is needed: two or more sha256//... pins joined by ';'");
        return -1;
    }
    return 0;
}

static char *normalise(const cfg_key *k, const char *v)
{
    if (k->type == CT_BOOL)
        return strdup((!strcmp(v, "1") || !strcmp(v, "true")) ? "1" : "0");
    return strdup(v);
}

core_config *core_config_new(void)
{
    core_config *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = 0; i < NKEYS; i++) {
        c->val[i] = strdup(KEYS[i].def);
        if (!c->val[i]) {
            core_config_free(c);
            return NULL;
        }
    }
    return c;
}

void core_config_free(core_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < NKEYS; i++)
        free(c->val[i]);
    free(c);
}

int core_config_set(core_config *c, const char *key, const char *value, char *err, size_t errlen)
{
    int i = key_index(key);
    if (i < 0) {
        put_err(err, errlen, "unknown setting '%s'", key);
        return -1;
    }
    char why[400]; /* a quoted value (at most 200 bytes) and what is wrong with it */
    if (check_value(&KEYS[i], value, why, sizeof why)) {
        put_err(err, errlen, "%s: %s", key, why);
        return -1;
    }
    char *nv = normalise(&KEYS[i], value);
    if (!nv) {
        put_err(err, errlen, "%s: out of memory", key);
        return -1;
    }
    free(c->val[i]);
    c->val[i] = nv;
    return 0;
}

const char *core_config_get(const core_config *c, const char *key)
{
    int i = key_index(key);
    return i < 0 ? NULL : c->val[i];
}

int core_config_range_of(const char *key, core_config_range *r)
{
    int i = key_index(key ? key : "");
    if (i < 0)
        return -1;
    static const core_config_kind KIND[] = {
        [CT_STR] = CORE_CONFIG_TEXT, [CT_INT] = CORE_CONFIG_NUMBER,
        [CT_BOOL] = CORE_CONFIG_FLAG, [CT_SIZE] = CORE_CONFIG_SCREEN};
    if (r) {
        r->kind = KIND[KEYS[i].type];
        r->min = KEYS[i].min;
        r->max = KEYS[i].max;
    }
    return 0;
}

long core_config_get_int(const core_config *c, const char *key, long fallback)
{
    int i = key_index(key);
    if (i < 0 || (KEYS[i].type != CT_INT && KEYS[i].type != CT_BOOL))
        return fallback;
    return strtol(c->val[i], NULL, 10);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Parses text over c (all or nothing). unknown NULL: a line naming a key
 * this program does not have fails the load; else that line is left out,
 * counted in *unknown, and the first one described in *first (may be NULL). */
static int load_text(core_config *c, const char *text, const char *name, int *unknown,
                     core_config_fault *first, char *err, size_t errlen)
{
    fault_at(c, CORE_CONFIG_FAULT_NONE, 0, NULL);
    if (unknown)
        *unknown = 0;
    if (first)
        memset(first, 0, sizeof *first);
    core_config *tmp = core_config_new();
    if (!tmp) {
        fault_at(c, CORE_CONFIG_FAULT_FILE, 0, NULL);
        put_err(err, errlen, "%s: out of memory", name);
        return -1;
    }
    for (size_t i = 0; i < NKEYS; i++) { /* start from the current values */
        free(tmp->val[i]);
        tmp->val[i] = strdup(c->val[i]);
    }
    const char *p = text;
    int lineno = 0, rc = 0;
    while (*p && rc == 0) {
        lineno++;
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = malloc(len + 1);
        if (!line) {
            rc = -1;
            fault_at(c, CORE_CONFIG_FAULT_FILE, 0, NULL);
            put_err(err, errlen, "%s: out of memory", name);
            break;
        }
        memcpy(line, p, len);
        line[len] = '\0';
        p += len + (nl ? 1 : 0);
        if (memchr(line, '\0', len) && strlen(line) != len) {
            /* embedded NUL: treated as malformed below */
        }
        char *s = trim(line);
        if (lineno == 1 && (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb &&
            (unsigned char)s[2] == 0xbf)
            s = trim(s + 3); /* UTF-8 byte-order mark */
        if (*s && *s != '#') {
            char *eq = strchr(s, '=');
            char ln[32];
            snprintf(ln, sizeof ln, "%d", lineno);
            if (!eq) {
                put_err(err, errlen, "%s:%s: expected 'key = value'", name, ln);
                fault_at(c, CORE_CONFIG_FAULT_SYNTAX, lineno, NULL);
                rc = -1;
            } else {
                *eq = '\0';
                char *k = trim(s), *v = trim(eq + 1);
                char why[600];
                if (unknown && key_index(k) < 0) { /* left out: a newer firmware's setting? */
                    if (!(*unknown)++ && first) {
                        first->kind = CORE_CONFIG_FAULT_UNKNOWN;
                        first->line = lineno;
                        utf8_copy(first->key, sizeof first->key, k);
                    }
                } else if (core_config_set(tmp, k, v, why, sizeof why)) {
                    put_err(err, errlen, "%s:%s: %s", name, ln, why);
                    fault_at(c, key_index(k) < 0 ? CORE_CONFIG_FAULT_UNKNOWN
                                                 : CORE_CONFIG_FAULT_VALUE,
                             lineno, k);
                    rc = -1;
                }
            }
        }
        free(line);
    }
    if (rc == 0) {
        for (size_t i = 0; i < NKEYS; i++) {
            char *t = c->val[i];
            c->val[i] = tmp->val[i];
            tmp->val[i] = t;
        }
    }
    core_config_free(tmp);
    return rc;
}

int core_config_load_string(core_config *c, const char *text, const char *name, char *err,
                            size_t errlen)
{
    return load_text(c, text, name, NULL, NULL, err, errlen);
}

int core_config_load_string_skip_unknown(core_config *c, const char *text, const char *name,
                                         int *unknown, core_config_fault *first, char *err,
                                         size_t errlen)
{
    int none;
    return load_text(c, text, name, unknown ? unknown : &none, first, err, errlen);
}

/* The file's text (malloc'd, NUL-terminated; refused with a NUL byte in it
 * or over CORE_CONFIG_MAX_BYTES); NULL with err. */
static char *read_text(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        put_err(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, len = 0;
    const char *why = NULL;
    for (;;) {
        if (core_grow(&buf, &cap, len + 4096 + 1, 1, 8192)) {
            why = "out of memory";
            break;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (len > CORE_CONFIG_MAX_BYTES) {
            why = "file larger than 1 MiB";
            break;
        }
        if (n == 0) {
            if (ferror(f))
                why = "read error";
            break;
        }
    }
    fclose(f);
    if (!why) {
        buf[len] = '\0';
        if (strlen(buf) != len)
            why = "file contains a NUL byte";
    }
    if (why) {
        put_err(err, errlen, "%s: %s", path, why);
        free(buf);
        return NULL;
    }
    return buf;
}

static int load_file(core_config *c, const char *path, int *unknown, core_config_fault *first,
                     char *err, size_t errlen)
{
    if (unknown)
        *unknown = 0;
    if (first)
        memset(first, 0, sizeof *first);
    if (c)
        fault_at(c, CORE_CONFIG_FAULT_FILE, 0, NULL); /* until the text is read whole */
    char *buf = read_text(path, err, errlen);
    if (!buf)
        return -1;
    int rc = load_text(c, buf, path, unknown, first, err, errlen);
    free(buf);
    return rc;
}

int core_config_load_file(core_config *c, const char *path, char *err, size_t errlen)
{
    return load_file(c, path, NULL, NULL, err, errlen);
}

int core_config_load_file_skip_unknown(core_config *c, const char *path, int *unknown,
                                       core_config_fault *first, char *err, size_t errlen)
{
    int none;
    return load_file(c, path, unknown ? unknown : &none, first, err, errlen);
}
