/* sync_store.c — sync_outbox over store.h. */
#include "sync_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "store.h"

typedef struct {
    store_filing *rows; /* kept alive while the engine holds the items */
    size_t n;
} batch;

static int ob_due(void *ud, size_t max, sync_item **items, size_t *n)
{
    store_filing *rows = NULL;
    size_t count = 0;
    *items = NULL;
    *n = 0;
    int rc = store_outbox_due(ud, max, &rows, &count);
    if (rc != STORE_OK)
        return rc;
    /* one allocation: the batch header, then the items */
    char *mem = calloc(1, sizeof(batch) + (count ? count : 1) * sizeof(sync_item));
    if (!mem) {
        store_filing_list_free(rows, count);
        return STORE_ENOMEM;
    }
    batch *b = (batch *)mem;
    b->rows = rows;
    b->n = count;
    sync_item *it = (sync_item *)(mem + sizeof(batch));
    for (size_t i = 0; i < count; i++) {
        memcpy(it[i].uuid, rows[i].uuid, sizeof it[i].uuid);
        memcpy(it[i].villager_key, rows[i].villager_key, sizeof it[i].villager_key);
        it[i].form_id = rows[i].form_id;
        it[i].form_version = rows[i].form_version;
        it[i].agent_id = rows[i].agent_id;
        it[i].filed_at_ms = rows[i].created_ms;
        it[i].payload = rows[i].payload;
        it[i].attempts = rows[i].attempts;
    }
    *items = it;
    *n = count;
    return 0;
}

static void ob_free_items(void *ud, sync_item *items, size_t n)
{
    (void)ud;
    (void)n;
    if (!items)
        return;
    batch *b = (batch *)((char *)items - sizeof(batch));
    store_filing_list_free(b->rows, b->n);
    free(b);
}

static int ob_fail(void *ud, const char *uuid, const char *error, int final, int64_t next_ms)
{
    char msg[256];
    snprintf(msg, sizeof msg, "%s%s", final ? "final: " : "", error ? error : "");
    return store_filing_fail(ud, uuid, msg, next_ms);
}

static int ob_ack(void *ud, const char *uuid, const char *receipt_no, int status,
                  int64_t receipt_ms)
{
    int rc = store_filing_ack(ud, uuid, receipt_no, (store_status)status, receipt_ms);
    /* a repeated ack with the same receipt, or a stale one, changes nothing */
    return rc == STORE_OK || rc == STORE_EALREADY || rc == STORE_ENOTFOUND ? 0 : rc;
}

static int ob_count(void *ud, int *pending) { return store_outbox_count(ud, pending); }

static int ob_agents(void *ud, const char *body, size_t len)
{
    char err[256];
    size_t n = 0;
    int rc = store_agents_replace_reply(ud, body, len, &n, err, sizeof err);
    if (rc != STORE_OK)
        core_log(CORE_LOG_WARN, "sync", "agents reply refused by the store: %s", err);
    return rc;
}

int sync_store_outbox_open(const char *path, sync_outbox *ob)
{
    memset(ob, 0, sizeof *ob);
    store *st = NULL;
    int rc = store_open(path, &st);
    if (rc != STORE_OK)
        return rc;
    ob->ud = st;
    ob->due = ob_due;
    ob->free_items = ob_free_items;
    ob->fail = ob_fail;
    ob->ack = ob_ack;
    ob->count = ob_count;
    ob->agents = ob_agents;
    return STORE_OK;
}

void sync_store_outbox_close(sync_outbox *ob)
{
    if (ob && ob->ud)
        store_close(ob->ud);
    if (ob)
        memset(ob, 0, sizeof *ob);
}
