/* fixture.h — helpers shared by the bundle and technician tests: a store with
 * confirmed (pending) filings, fictional ID numbers, whole-file reads. */
#ifndef CZ_TESTS_BUNDLE_FIXTURE_H
#define CZ_TESTS_BUNDLE_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "store/store.h"
#include "core/uuid.h"

/* A valid, fictional 18-character ID number (GB 11643 check character). */
static inline void fx_id_number(unsigned serial, char out[19])
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    snprintf(out, 19, "110101%04u%02u%02u%03u", 1940 + serial % 60, 1 + serial % 12,
             1 + serial % 28, serial % 1000);
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (out[i] - '0') * w[i];
    out[17] = map[sum % 11];
    out[18] = '\0';
}

/* A fresh store at <tmp>/<name>.db. */
static inline store *fx_store(const char *name, char path[1024])
{
    snprintf(path, 1024, "%s/%s.db", check_tmpdir("db"), name);
    char side[1100];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    store *st = NULL;
    return store_open(path, &st) == STORE_OK ? st : NULL;
}

/* Confirms n filings (drafts moved to the outbox); uuids (n x 37) may be NULL. */
static inline int fx_filings(store *st, int n, unsigned first_serial, char (*uuids)[37])
{
    for (int i = 0; i < n; i++) {
        char u[37], idn[19], payload[256];
        if (core_uuid_v4(u) != 0)
            return -1;
        fx_id_number(first_serial + (unsigned)i, idn);
        snprintf(payload, sizeof payload,
                 "{\"姓名\":\"测试%d\",\"公民身份号码\":\"%s\",\"联系电话\":\"1380000%04d\"}", i,
                 idn, i);
        if (store_draft_save(st, u, i % 2 ? "dibao" : "pension_enrol", 1 + i % 3, 0, payload,
                             i % 3 == 0 ? "A0012" : NULL) != STORE_OK ||
            store_filing_confirm(st, u, i % 2 ? "最低生活保障申请" : "养老保险参保登记", payload,
                                 idn) != STORE_OK)
            return -1;
        if (uuids)
            memcpy(uuids[i], u, 37);
    }
    return 0;
}

/* Whole file (caller frees); NULL if unreadable. */
static inline uint8_t *fx_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(n > 0 ? (size_t)n + 1 : 1); /* NUL-terminated for text use */
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    if (b)
        b[n > 0 ? n : 0] = '\0';
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* 1 if needle occurs in the n bytes at hay. */
static inline int fx_contains(const uint8_t *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k && i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return 1;
    return 0;
}

static inline int fx_write(const char *path, const uint8_t *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(b, 1, len, f) == len;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

#endif
