/* fixtures.h — small helpers the tests, benchmarks and test tools share, so
 * that each exists once: fictional ID numbers, scratch databases and folders,
 * a monotonic clock, whole files, sets of uuids. Part of cz_check.
 *
 * Paths returned are static storage of the function, valid until its next
 * call. Nothing here prints.
 */
#ifndef CZ_TESTS_FIXTURES_H
#define CZ_TESTS_FIXTURES_H

#include <stddef.h>

/* ---- ID numbers (GB 11643), made here independently of app/form/validate.c,
 * which the tests check ---- */

/* The check character ('0'-'9' or 'X', MOD 11-2) of the 17 digits at id17. */
char fx_id_check_char(const char *id17);

/* A valid, fictional 18-character ID number from a serial: `area` (6 digits),
 * born in year first_year + serial % 60, month 1 + serial % 12, day
 * 1 + serial % 28, sequence serial % 1000, then the check character. The
 * same arguments always give the same number. */
void fx_id_number(const char *area, int first_year, unsigned serial, char out[19]);

/* ---- scratch databases and folders ---- */

/* Removes an SQLite database file and its -wal and -shm files. */
void fx_db_remove(const char *path);
/* <scratch>/store/<name>.db (check_tmpdir), with no file left from before. */
const char *fx_fresh_db(const char *name);
/* Removes path and everything below it; 0 (also when there was nothing), -1. */
int fx_remove_tree(const char *path);
/* <scratch>/<sub>, emptied and created again; NULL on failure. */
const char *fx_fresh_dir(const char *sub);

/* ---- the kernel's figures ---- */

/* The number after "key:" in a /proc file of "key: value" lines
 * (/proc/self/io's rchar, /proc/<pid>/status's VmRSS); -1 if unreadable. */
long long fx_proc_number(const char *path, const char *key);

/* ---- time ---- */

/* Seconds on the monotonic clock. */
double fx_now_s(void);
void fx_sleep_ms(long ms);

/* ---- whole files ---- */

/* The file's bytes, NUL-terminated, malloc'd (caller frees); NULL if
 * unreadable. *len (if len is not NULL) gets the size, 0 on failure. */
void *fx_slurp(const char *path, size_t *len);
/* Writes n bytes as the whole file; 0 or -1. */
int fx_write(const char *path, const void *data, size_t n);
/* 1 if the (non-empty) needle occurs in the n bytes at hay. */
int fx_contains(const void *hay, size_t n, const char *needle);
/* 1 if the needle occurs in the file's bytes (0 if unreadable). */
int fx_file_contains(const char *path, const char *needle);

/* ---- a growing set of uuids ---- */

typedef struct {
    char (*v)[37]; /* 36 characters and NUL; free(v) when done */
    size_t n, cap;
} fx_uuids;

/* Appends u (aborts when out of memory). */
void fx_uuids_add(fx_uuids *s, const char *u);
void fx_uuids_sort(fx_uuids *s);
/* 1 if u is in the set; the set must be sorted. */
int fx_uuids_has(const fx_uuids *s, const char *u);

/* ---- figures ---- */

/* Sorts n doubles in ascending order (medians and percentiles in benchmarks). */
void fx_sort_doubles(double *v, size_t n);

/* ---- printf formats ---- */

/* The printf conversions of a text in order, each followed by '|' (e.g.
 * "%s|%.8s|"; "%%" is not one), to check that a text of assets/text still
 * takes the arguments its code passes. */
void fx_conversions(const char *text, char *out, size_t n);

#endif
