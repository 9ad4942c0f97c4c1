/* fuzz_words.c — the word list's reader (core/words.h) never overruns:
 * a list it takes finds each of its words, split anywhere inside, and asking
 * at every byte of any text (the list, and what is kept together without
 * it) reads nothing outside it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    words_set *w = NULL;
    int rc = words_parse((const char *)data, size, "fuzz", &w, err, sizeof err);
    if ((rc == 0) != (w != NULL) || (rc != 0 && !err[0]))
        abort();
    char *s = malloc(size + 1);
    if (!s) {
        words_free(w);
        return 0;
    }
    memcpy(s, data, size);
    s[size] = '\0';
    if (w) {
        /* every listed word (a line not a comment) is found split after
         * each of its characters but the last */
        char *line = s;
        while (line && *line) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            size_t l = strlen(line);
            if (l && line[l - 1] == '\r')
                line[l - 1] = '\0';
            if (line[0] && line[0] != '#') {
                const char *p = line;
                utf8_next(&p);
                while (*p) {
                    if (!words_across(w, line, p))
                        abort();
                    utf8_next(&p);
                }
            }
            line = nl ? nl + 1 : NULL;
        }
        memcpy(s, data, size); /* the text itself, asked at every byte */
    }
    size_t n = strlen(s); /* up to the first NUL: the text a caller would hold */
    for (size_t i = 0; i <= n; i++) {
        (void)words_across(w, s, s + i);
        (void)words_across_max(w, s, s + i, (int)(i % 6));
        (void)words_keep_together(s, s + i);
    }
    free(s);
    words_free(w);
    return 0;
}
