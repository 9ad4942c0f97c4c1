/* common.h — helpers shared by the store tests: a settable clock, raw SQLite
 * queries on the same file (fresh database paths, test ID numbers and file
 * reads are in tests/lib/fixtures.h). */
#ifndef CZ_TESTS_STORE_COMMON_H
#define CZ_TESTS_STORE_COMMON_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "store/store.h"

/* A clock the test moves by hand. */
static int64_t test_now_ms = 1700000000000LL;
static inline int64_t test_clock(void *ud)
{
    (void)ud;
    return test_now_ms;
}

/* One integer from a query run on a separate raw connection; -1 on error. */
static inline long long raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            v = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return v;
}

/* Runs SQL on a separate raw connection; returns the SQLite result code. */
static inline int raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

#endif
