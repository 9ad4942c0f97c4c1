/* fuzz_text.c — the screens' line breaking (ui/core/text.h) on any text a
 * villager or a form could bring, at any width, size and limit of lines:
 * it ends, reads nothing outside the text, and lays out what it says it does.
 *
 * The input: byte 0 the width (8 to 1028 pixels, in steps of 4), byte 1 the
 * size (12 to 75 pixels), byte 2 the limit of lines (0: none, else 1 to 7)
 * and the weight (its top bit), then the text. The kiosk's fonts and word
 * list are loaded once, as the app loads them.
 *
 * Checked: line starts grow strictly, each inside the text at a character's
 * first byte; the count is at least one for a text with anything in it and
 * at most the limit; the height measured is the height drawn (drawing into a
 * box as high as that keeps every line); measuring twice gives the same. */
#include <SDL.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/words.h"
#include "ui/core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static text_ctx *g_text;
static SDL_Surface *g_canvas;

static text_ctx *ctx(void)
{
    if (g_text)
        return g_text;
    const char *assets = getenv("CZ_ASSETS");
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/text/words.txt", assets ? assets : "assets");
    if (words_kiosk_load(path, err, sizeof err) != 0)
        abort(); /* the harness needs the shipped word list */
    g_canvas = SDL_CreateRGBSurfaceWithFormat(0, 1040, 600, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = g_canvas ? SDL_CreateSoftwareRenderer(g_canvas) : NULL;
    snprintf(path, sizeof path, "%s/fonts", assets ? assets : "assets");
    g_text = ren ? text_new(ren, g_canvas, path, NULL, 0, err, sizeof err) : NULL;
    if (!g_text)
        abort(); /* the harness needs the shipped fonts */
    text_set_words(g_text, words_kiosk());
    return g_text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    text_ctx *t = ctx();
    int width = 8 + data[0] * 4;
    text_style st = {12 + data[1] % 64, (data[2] & 0x80) ? TEXT_BOLD : TEXT_REGULAR,
                     {0, 0, 0, 255}, TEXT_LEFT, 0, data[2] % 8};
    size_t n = size - 3;
    char *s = malloc(n + 1);
    if (!s)
        return 0;
    memcpy(s, data + 3, n);
    s[n] = '\0';
    size_t len = strlen(s); /* up to the first NUL: the text a caller would hold */

    size_t starts[64];
    int lines = text_line_starts(t, s, width, &st, starts, 64);
    if (len > 0 && lines < 1)
        abort();
    if (st.max_lines && lines > st.max_lines)
        abort();
    /* where characters begin, as the layout reads them (a malformed byte
     * is one character) */
    uint8_t *first = calloc(len + 1, 1);
    if (!first) {
        free(s);
        return 0;
    }
    for (const char *p = s; *p;) {
        first[p - s] = 1;
        utf8_next(&p);
    }
    for (int i = 0; i < lines && i < 64; i++) {
        if (starts[i] > len || (i > 0 && starts[i] <= starts[i - 1]))
            abort();
        if (starts[i] < len && !first[starts[i]])
            abort(); /* a line starting inside a character */
    }
    free(first);
    int counted = 0, again = 0;
    int h = text_measure_box(t, s, width, &st, &counted);
    if (counted != lines || text_measure_box(t, s, width, &st, &again) != h || again != counted)
        abort();
    SDL_Rect box = {4, 4, width, h};
    if (text_draw_box(t, s, &box, &st) != h)
        abort();
    free(s);
    return 0;
}
