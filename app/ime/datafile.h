/* datafile.h — where an engine's data file is (the pinyin dictionary, the
 * handwriting model): the file an environment variable names, else the first
 * of the places a distribution installs it that can be read.
 *
 * Ownership: the returned path is getenv's string or one of `known`; nothing
 * is allocated.
 */
#ifndef CZ_IME_DATAFILE_H
#define CZ_IME_DATAFILE_H

#include <stddef.h>

/* The value of environment variable env when it is set and not empty;
 * otherwise the first of the n paths in known that is readable; else NULL. */
const char *ime_datafile_find(const char *env, const char *const *known, size_t n);

#endif
