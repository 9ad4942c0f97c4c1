/* fuzz_validate.c — every field validator on arbitrary text: no crash, and what
 * is accepted is self-consistent (an accepted ID number has its own check
 * character; accepted money formats and parses back to the same fen; an
 * accepted bank card passes Luhn; an accepted name is valid UTF-8; a number
 * grouped for reading ends inside its buffer, valid UTF-8 from valid). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "form/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    valid_date today = {2026, 11, 22};
    valid_idinfo id;
    if (valid_idno(s, today, &id) == 0) {
        if (strlen(id.normalized) != 18 || valid_idno_check_char(id.normalized) != id.normalized[17])
            abort();
        if (!valid_date_real(id.birth.year, id.birth.month, id.birth.day) ||
            valid_date_cmp(id.birth, today) > 0 || (id.sex != 1 && id.sex != 2))
            abort();
    }
    long long fen;
    if (valid_money_parse(s, 0, 100000000000LL, &fen) == 0) {
        char back[64];
        long long again;
        valid_money_format(fen, back, sizeof back);
        if (valid_money_parse(back, 0, 100000000000LL, &again) != 0 || again != fen)
            abort();
    }
    long long iv;
    valid_int_parse(s, -1000000, 1000000, &iv);
    valid_mobile(s);
    if (valid_bankcard(s) == 0 && !valid_luhn(s))
        abort();
    valid_sscard(s);
    int cat, grade;
    valid_disability_cert(s, today, size >= 18 ? s : NULL, &cat, &grade);
    if (valid_name(s, 1, 30) == 0 && !utf8_valid(s))
        abort();
    char norm[256];
    valid_name_normalize(s, norm, sizeof norm);
    valid_date d;
    if (valid_date_parse(s, &d) == 0 && !valid_date_real(d.year, d.month, d.day))
        abort();
    valid_date lo = {1900, 1, 1};
    valid_date_range(s, &lo, &today, &d);
    /* the groups for reading: what is kept of s, whole, in every size of
     * buffer; from valid UTF-8, valid UTF-8 */
    char grp[64];
    for (size_t n = 0; n <= sizeof grp; n += 7) {
        char *(*const group[3])(const char *, char *, size_t) = {
            valid_idno_group, valid_card_group, valid_mobile_group};
        for (int g = 0; g < 3; g++) {
            memset(grp, 'x', sizeof grp);
            group[g](s, grp, n);
            if (n && (!memchr(grp, '\0', n) || (utf8_valid(s) && !utf8_valid(grp))))
                abort();
        }
    }
    free(s);
    return 0;
}
