/* console.c — the emulator's console lock (plat_console.h): a desktop window
 * has no virtual terminal of its own, so there is nothing to lock. */
#include "plat_console.h"

#include <stdio.h>

plat_console *plat_console_lock(const char *path, char *err, size_t errlen)
{
    (void)path;
    snprintf(err, errlen, "the emulator runs in a desktop window: no console to lock");
    return NULL;
}

void plat_console_unlock(plat_console *c) { (void)c; }
