/* idcard.c — emulator ID-card reader: fictional sample cards from a text file.
 *
 * The file (UTF-8) holds cards as blocks:
 *     [card]
 *     name = 张秀英
 *     sex = 女
 *     ethnicity = 汉
 *     birth = 19520314
 *     address = ...
 *     id_number = ...
 *     authority = ...
 *     valid_from = 20150601
 *     valid_to = 长期
 * A block may instead say `result = no_card` (or read_fail, timeout ...) to
 * play a reader error. The device string is the file, "FILE#N" pins card N
 * (1-based); otherwise reads go through the cards in turn. NULL: the file
 * named by $CZ_IDCARD_SAMPLES (the emulator's --idcard).
 */
#include "plat_idcard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMU_MAX_CARDS 64

struct plat_idcard {
    plat_idcard_info cards[EMU_MAX_CARDS];
    int result[EMU_MAX_CARDS];
    int n, next, pinned;
};

static const struct {
    const char *name;
    int code;
} RESULTS[] = {
    {"ok", PLAT_IDCARD_OK}, {"no_card", PLAT_IDCARD_ERR_NO_CARD},
    {"read_fail", PLAT_IDCARD_ERR_READ_FAIL}, {"no_device", PLAT_IDCARD_ERR_NO_DEVICE},
    {"timeout", PLAT_IDCARD_ERR_TIMEOUT}, {"bad_frame", PLAT_IDCARD_ERR_BAD_FRAME},
    {"bad_data", PLAT_IDCARD_ERR_BAD_DATA}, {"reader_fault", PLAT_IDCARD_ERR_READER_FAULT},
};

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Sets one field of card c; -1 for an unknown key or a value that does not fit. */
static int set_field(plat_idcard *r, int c, const char *key, const char *val)
{
    plat_idcard_info *i = &r->cards[c];
    struct { const char *key; char *dst; size_t cap; } F[] = {
        {"name", i->name, sizeof i->name}, {"sex", i->sex, sizeof i->sex},
        {"ethnicity", i->ethnicity, sizeof i->ethnicity}, {"birth", i->birth, sizeof i->birth},
        {"address", i->address, sizeof i->address},
        {"id_number", i->id_number, sizeof i->id_number},
        {"authority", i->authority, sizeof i->authority},
        {"valid_from", i->valid_from, sizeof i->valid_from},
        {"valid_to", i->valid_to, sizeof i->valid_to},
    };
    if (!strcmp(key, "result")) {
        for (size_t k = 0; k < sizeof RESULTS / sizeof RESULTS[0]; k++)
            if (!strcmp(val, RESULTS[k].name)) {
                r->result[c] = RESULTS[k].code;
                return 0;
            }
        return -1;
    }
    for (size_t k = 0; k < sizeof F / sizeof F[0]; k++)
        if (!strcmp(key, F[k].key)) {
            if (strlen(val) >= F[k].cap)
                return -1;
            memcpy(F[k].dst, val, strlen(val) + 1);
            return 0;
        }
    return -1;
}

plat_idcard *plat_idcard_open(const char *device, int baud, char *err, size_t errlen)
{
    (void)baud;
    if (!device || !*device)
        device = getenv("CZ_IDCARD_SAMPLES");
    if (!device || !*device) {
        snprintf(err, errlen, "no sample ID-card file (start the emulator with --idcard FILE)");
        return NULL;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s", device);
    int pin = 0;
    char *hash = strrchr(path, '#');
    if (hash) {
        *hash = '\0';
        pin = atoi(hash + 1);
        if (pin < 1) {
            snprintf(err, errlen, "%s: card number after # must be 1 or more", device);
            return NULL;
        }
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return NULL;
    }
    plat_idcard *r = calloc(1, sizeof *r);
    if (!r) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    char line[512];
    int lineno = 0, bad = 0;
    while (!bad && fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        if (!strcmp(s, "[card]")) {
            if (r->n == EMU_MAX_CARDS) {
                snprintf(err, errlen, "%s:%d: more than %d cards", path, lineno, EMU_MAX_CARDS);
                bad = 1;
            }
            r->n++;
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq || r->n == 0) {
            snprintf(err, errlen, "%s:%d: expected [card] or key = value", path, lineno);
            bad = 1;
            continue;
        }
        *eq = '\0';
        if (set_field(r, r->n - 1, trim(s), trim(eq + 1)) != 0) {
            snprintf(err, errlen, "%s:%d: unknown key or value too long", path, lineno);
            bad = 1;
        }
    }
    fclose(f);
    if (!bad && pin > r->n) {
        snprintf(err, errlen, "%s: has %d cards, not %d", path, r->n, pin);
        bad = 1;
    }
    if (bad) {
        free(r);
        return NULL;
    }
    r->pinned = pin;
    return r;
}

int plat_idcard_simulated(void) { return 1; }

void plat_idcard_close(plat_idcard *r)
{
    if (r)
        memset(r, 0, sizeof *r);
    free(r);
}

int plat_idcard_read(plat_idcard *r, plat_idcard_info *out, int timeout_ms)
{
    (void)timeout_ms;
    memset(out, 0, sizeof *out);
    if (r->n == 0)
        return PLAT_IDCARD_ERR_NO_CARD;
    int c = r->pinned ? r->pinned - 1 : r->next;
    if (!r->pinned)
        r->next = (r->next + 1) % r->n;
    if (r->result[c] != PLAT_IDCARD_OK)
        return r->result[c];
    *out = r->cards[c];
    out->photo = NULL;
    out->photo_len = 0;
    return PLAT_IDCARD_OK;
}
