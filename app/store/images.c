/* images.c — whether an image file the kiosk keeps (a signature, a consent)
 * is still named by a draft or a pending filing (store.h). */
#include "store/store_int.h"

#include <string.h>

int store_image_in_use(store *st, const char *name, int *in_use)
{
    if (!st || !name || !*name || !in_use)
        return STORE_ERR_INVALID;
    *in_use = 0;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare(st,
                                 "SELECT EXISTS(SELECT 1 FROM drafts WHERE instr(answers, ?1) > 0)"
                                 " OR EXISTS(SELECT 1 FROM outbox WHERE instr(payload, ?1) > 0)",
                                 &rc);
    if (!s)
        return rc;
    st_bind_text(s, 1, name);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *in_use = sqlite3_column_int(s, 0) != 0;
    else
        rc = st_err(st, r);
    sqlite3_finalize(s);
    return rc;
}
