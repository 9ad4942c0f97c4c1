/* upload.c — see upload.h. */
#include "upload.h"

#include <string.h>

#include "store/store.h"
#include "sync/sync.h"
#include "sync/sync_store.h"

int upload_all(store *st, const char *db_path, const char *url, const char *ca_file,
               const char *token)
{
    sync_opts so;
    memset(&so, 0, sizeof so);
    so.client.base_url = url;
    so.client.ca_file = ca_file;
    so.client.token = token;
    if (sync_store_outbox_open(st, db_path, &so.outbox) != STORE_OK)
        return SYNC_ERR_OUTBOX;
    sync_engine *sy = NULL;
    int rc = sync_new(&so, &sy);
    if (rc == SYNC_OK)
        rc = sync_run_once(sy);
    sync_free(sy);
    sync_store_outbox_close(&so.outbox);
    return rc;
}
