/* fixture.h — helpers shared by the bundle and technician tests: a store with
 * confirmed (pending) filings (ID numbers and whole files: tests/lib/fixtures.h). */
#ifndef CZ_TESTS_BUNDLE_FIXTURE_H
#define CZ_TESTS_BUNDLE_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "store/store.h"
#include "core/uuid.h"

/* A fresh store at fx_fresh_db(name), whose path is copied to path. */
static inline store *fx_store(const char *name, char path[1024])
{
    snprintf(path, 1024, "%s", fx_fresh_db(name));
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
        fx_id_number("110101", 1940, first_serial + (unsigned)i, idn);
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

#endif
