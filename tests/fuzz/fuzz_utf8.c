/* fuzz_utf8.c — decoding never overruns; valid strings re-encode to themselves. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if (utf8_valid(s)) {
        char *out = malloc(strlen(s) + 4);
        size_t n = 0;
        const char *p = s;
        uint32_t cp;
        while ((cp = utf8_next(&p)))
            n += (size_t)utf8_encode(cp, out + n);
        out[n] = '\0';
        if (strcmp(out, s) != 0)
            abort();
        free(out);
    }
    const char *p = s;
    while (utf8_next(&p))
        ;
    if (p != s + strlen(s))
        abort();
    free(s);
    return 0;
}
