/* testdata.c — see testdata.h. */
#include "testdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strings.h"
#include "fixtures.h"

void td_strings(void)
{
    char err[512];
    if (core_strings_load(check_asset("text/zh-CN.txt"), err, sizeof err) != 0) {
        check_fail(__FILE__, __LINE__, err);
        return;
    }
    atexit(core_strings_free);
}

void td_idno(char out[19], const char *area, const char *birth, const char *seq)
{
    snprintf(out, 19, "%s%s%s", area, birth, seq);
    out[17] = fx_id_check_char(out);
    out[18] = '\0';
}

void td_idno_badcheck(char out[19], const char *area, const char *birth, const char *seq)
{
    td_idno(out, area, birth, seq);
    out[17] = out[17] == '0' ? '1' : '0';
}

void td_card(char *out, const char *prefix, int len)
{
    int n = (int)strlen(prefix);
    memcpy(out, prefix, (size_t)n);
    for (int i = n; i < len - 1; i++)
        out[i] = (char)('0' + (i * 7) % 10);
    out[len - 1] = '0';
    out[len] = '\0';
    for (int d = 0; d < 10; d++) {
        out[len - 1] = (char)('0' + d);
        int sum = 0;
        for (int i = 0; i < len; i++) {
            int v = out[len - 1 - i] - '0';
            if (i % 2) {
                v *= 2;
                if (v > 9)
                    v -= 9;
            }
            sum += v;
        }
        if (sum % 10 == 0)
            return;
    }
}
