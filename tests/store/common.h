/* common.h — helpers shared by the store tests: a settable clock, fresh
 * database paths, test ID numbers, raw SQLite queries on the same file. */
#ifndef CZ_TESTS_STORE_COMMON_H
#define CZ_TESTS_STORE_COMMON_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "store/store.h"

/* A clock the test moves by hand. */
static int64_t test_now_ms = 1700000000000LL;
static inline int64_t test_clock(void *ud)
{
    (void)ud;
    return test_now_ms;
}

/* A fresh path <tmp>/<name>.db with no leftover files. Static storage. */
static inline const char *fresh_db(const char *name)
{
    static char path[1024];
    char side[1100];
    snprintf(path, sizeof path, "%s/%s.db", check_tmpdir("store"), name);
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return path;
}

/* A valid 18-character ID number (GB 11643 check character) from a serial. */
static inline void make_id_number(unsigned serial, char out[19])
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

/* Whole file into a new buffer (caller frees); NULL if unreadable. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

/* 1 if needle occurs in the file's bytes. */
static inline int file_contains(const char *path, const char *needle)
{
    size_t len = 0, nl = strlen(needle);
    char *buf = slurp(path, &len);
    int found = 0;
    for (size_t i = 0; buf && !found && i + nl <= len; i++)
        found = memcmp(buf + i, needle, nl) == 0;
    free(buf);
    return found;
}

#endif
