/* grow.h — making room in an array that grows by doubling, the one way the
 * code base grows its lists and buffers.
 *
 * Ownership: the array stays the caller's (allocated with malloc or realloc,
 * or NULL while empty), freed by the caller with free(). core_grow() only
 * reallocates it; new room is not initialised.
 */
#ifndef CZ_CORE_GROW_H
#define CZ_CORE_GROW_H

#include <stddef.h>

/* Makes room for at least `need` elements of `size` bytes in the array whose
 * address is `items` (a T ** passed as void *) holding *cap elements now.
 * When *cap is smaller, the capacity doubles (from `first` when it is 0)
 * until it is at least `need`, and the array is reallocated.
 * Returns 0, or -1 when out of memory or the size would overflow; then the
 * array and *cap are unchanged. */
int core_grow(void *items, size_t *cap, size_t need, size_t size, size_t first);

#endif
