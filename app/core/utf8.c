/* utf8.c — decoding and encoding of UTF-8. */
#include "core/utf8.h"

#include <string.h>

uint32_t utf8_next(const char **sp)
{
    const unsigned char *s = (const unsigned char *)*sp;
    if (!s[0])
        return 0;
    uint32_t c = s[0];
    int n;
    uint32_t min;
    if (c < 0x80) {
        *sp += 1;
        return c;
    } else if ((c & 0xe0) == 0xc0) {
        n = 1; c &= 0x1f; min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 2; c &= 0x0f; min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 3; c &= 0x07; min = 0x10000;
    } else {
        *sp += 1;
        return UTF8_INVALID;
    }
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *sp += 1;
            return UTF8_INVALID;
        }
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        *sp += 1;
        return UTF8_INVALID;
    }
    *sp += n + 1;
    return c;
}

int utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp >= 0xd800 && cp <= 0xdfff)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    if (cp <= 0x10ffff) {
        out[0] = (char)(0xf0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[3] = (char)(0x80 | (cp & 0x3f));
        return 4;
    }
    return 0;
}

int utf8_valid(const char *s)
{
    while (*s) {
        const char *before = s;
        uint32_t c = utf8_next(&s);
        if (c == UTF8_INVALID) {
            /* U+FFFD itself encoded properly is valid. */
            if ((unsigned char)before[0] != 0xef || s - before != 3)
                return 0;
        }
    }
    return 1;
}

size_t utf8_count(const char *s)
{
    size_t n = 0;
    while (utf8_next(&s))
        n++;
    return n;
}

void utf8_pop(char *s)
{
    size_t len = strlen(s);
    if (!len)
        return;
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
        i--;
    s[i] = '\0';
}

void utf8_copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void utf8_mask_name(char *dst, size_t cap, const char *name)
{
    dst[0] = '\0';
    if (!name || !utf8_valid(name))
        return;
    size_t n = utf8_count(name), len = 0;
    const char *p = name;
    for (size_t i = 0; i < n; i++) {
        const char *c = p;
        utf8_next(&p);
        int keep = i == 0 || (n >= 3 && i == n - 1);
        size_t k = keep ? (size_t)(p - c) : 1;
        if (len + k + 1 > cap)
            break;
        memcpy(dst + len, keep ? c : "*", k);
        len += k;
    }
    dst[len] = '\0';
}
