/* journey.c — see journey.h. */
#include "journey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "receipt/receipt.h"
#include "sync/sync.h"
#include "sync/sync_store.h"
#include "ui/screens/query/query_screen.h"
#include "ui/screens/receipt/slip.h"

static size_t page(flow *f) { return form_inst_page(ui_form_inst(flow_form(f))); }

int journey_next(flow *f, size_t want_page)
{
    if (flow_tap(f, "form.next"))
        return -1;
    if (!flow_form(f) ||
        (page(f) != want_page && !form_inst_at_review(ui_form_inst(flow_form(f))))) {
        const char *m = flow_form(f) ? ui_form_message(flow_top(f)) : NULL;
        printf("  still on page %zu: %s\n", flow_form(f) ? page(f) : 0, m ? m : "(no message)");
        return -1;
    }
    return 0;
}

int journey_scan_screen(flow *f, const char *name, char out[QRSCAN_MAX][QRSCAN_LEN])
{
    char line[160], path[1024];
    snprintf(line, sizeof line, "shot %s\n", name);
    if (flow_run(f, line))
        return -1;
    snprintf(path, sizeof path, "%s/%s", check_tmpdir("shots"), name);
    return qrscan_png(path, out);
}

int journey_scan_slip(flow *f, const char *name, char out[QRSCAN_MAX][QRSCAN_LEN])
{
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/%s", check_tmpdir("shots"), name);
    if (!f->printed || ui_slip_png(f->printed, f->printed_len, 58, check_asset("fonts"), path, err,
                                   sizeof err) != 0) {
        printf("  slip: %s\n", f->printed ? err : "nothing printed");
        return -1;
    }
    return qrscan_png(path, out);
}

int journey_reg_no(flow *f, const char *uuid, char *reg, size_t n, int64_t *seq)
{
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    if (store_filing_get(f->st, uuid, &fl) != STORE_OK)
        return -1;
    int rc = receipt_reg_make(fl.seq, reg, n) == RECEIPT_OK ? 0 : -1;
    if (seq)
        *seq = fl.seq;
    store_filing_clear(&fl);
    return rc;
}

int journey_upload(flow *f, simproc *sim, const char *token)
{
    sync_outbox ob;
    if (sync_store_outbox_open(f->st, f->db, &ob) != STORE_OK)
        return -1;
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.outbox = ob;
    sync_engine *eng = NULL;
    int rc = sync_new(&o, &eng) == SYNC_OK ? 0 : -1;
    if (!rc)
        sync_run_once(eng);
    sync_free(eng);
    sync_store_outbox_close(&ob);
    return rc;
}

int journey_admin_status(simproc *sim, const char *no, const char *status)
{
    char body[256];
    snprintf(body, sizeof body, "{\"receipt_no\":\"%s\",\"status\":\"%s\",\"note\":\"\"}", no,
             status);
    char *reply = NULL;
    long code = simproc_http(sim, "POST", "/admin/status", body, NULL, &reply);
    free(reply);
    return code == 200 ? 0 : -1;
}

/* Waits (real time, for the query worker) until the result screen has its answer. */
static int settle(flow *f)
{
    if (flow_run(f, "settle 10000\n"))
        return -1;
    return ui_query_result_state(flow_top(f));
}

static int answered(flow *f)
{
    int st = settle(f);
    return st == UI_QUERY_ONLINE || st == UI_QUERY_LOCAL ? 0 : -1;
}

int journey_query(flow *f, const char *method, const char *field, const char *typed, int pad,
                  int scanner)
{
    if (flow_tap(f, "tile.query") || /* on a later page in large text */ !ui_form_is(flow_top(f)) ||
        flow_choose(f, "method", method))
        return -1;
    if (!strcmp(method, "by_card")) { /* 刷身份证查询: the card page, a card laid on the reader */
        if (flow_tap(f, "form.next") || flow_run(f, "expect-target @card.manual\n") ||
            flow_run(f, typed) || strcmp(flow_top_name(f), "query_result"))
            return -1;
        /* the form underneath forgot the number: only the result knows whose */
        if (form_inst_get(ui_form_inst(flow_form(f)), "idno") != NULL)
            return -1;
        return answered(f);
    }
    if (journey_next(f, 1))
        return -1;
    if (scanner) { /* a scanner is a keyboard: one key after another */
        char line[32];
        if (flow_tap(f, "f.receipt_no"))
            return -1;
        for (const char *p = typed; *p; p++) {
            snprintf(line, sizeof line, "text %c\n", *p);
            if (flow_run(f, line))
                return -1;
        }
    } else {
        f->tap_keys = pad;
        int rc = flow_type(f, field, typed);
        f->tap_keys = 0;
        if (rc)
            return -1;
    }
    if (flow_tap(f, "form.next") || strcmp(flow_top_name(f), "query_result"))
        return -1;
    return answered(f);
}
