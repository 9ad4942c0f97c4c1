/* grow.c — growing arrays by doubling (grow.h). */
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int core_grow(void *items, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : first;
    if (nc == 0 || size == 0)
        return -1;
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return -1;
        nc *= 2;
    }
    if (nc > SIZE_MAX / size)
        return -1;
    void *old;
    memcpy(&old, items, sizeof old); /* the caller's T *, whatever T is */
    void *p = realloc(old, nc * size);
    if (!p)
        return -1;
    memcpy(items, &p, sizeof p);
    *cap = nc;
    return 0;
}
