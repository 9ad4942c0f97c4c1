/* secret.c — wiping secrets before they are freed (secret.h). */
#include "core/secret.h"

#include <stdlib.h>
#include <string.h>

void core_secret_free(char *s)
{
    if (!s)
        return;
    volatile char *p = s;
    while (*p)
        *p++ = 0;
    free(s);
}

int core_secret_set(char **slot, const char *value)
{
    char *copy = value ? strdup(value) : NULL;
    if (value && !copy)
        return -1;
    core_secret_free(*slot);
    *slot = copy;
    return 0;
}
