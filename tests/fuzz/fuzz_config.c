/* fuzz_config.c — the configuration parser never crashes, and a failed load
 * leaves the configuration as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    core_config *c = core_config_new();
    char err[256];
    if (c && core_config_load_string(c, text, "fuzz", err, sizeof err) != 0) {
        /* all or nothing: still the defaults */
        if (strcmp(core_config_get(c, "screen.size"), "1080x1920") != 0)
            abort();
    }
    core_config_free(c);
    free(text);
    return 0;
}
