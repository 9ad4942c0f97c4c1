/* datafile.c — finding an engine's data file (datafile.h). */
#include "ime/datafile.h"

#include <stdlib.h>
#include <unistd.h>

const char *ime_datafile_find(const char *env, const char *const *known, size_t n)
{
    const char *v = getenv(env);
    if (v && *v)
        return v;
    for (size_t i = 0; i < n; i++)
        if (access(known[i], R_OK) == 0)
            return known[i];
    return NULL;
}
