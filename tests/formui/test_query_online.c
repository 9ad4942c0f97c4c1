/* test_query_online.c — the progress query asks the county platform
 * (county-sim over TLS, a child process on loopback): a filing uploaded and
 * acknowledged, its status changed at the simulator (/admin/status), then the
 * query — by ID number through the screens, and by receipt number — shows the
 * platform's status and note and the store holds the new status; with a wrong
 * token or the simulator stopped the local record stays with the 网络不通 line;
 * with no platform configured the answer is local and says nothing more. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/strings.h"
#include "fixtures.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"
#include "sync/query.h"
#include "ui/screens/query/query_screen.h"
#include "simproc.h"
#include "sync/sync.h"
#include "sync/sync_store.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const char *IDNO = "110105197005100014";
static const char *UUID1 = "0f8fad5b-d9cb-469f-a165-70867728950e";
static const char *UUID2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

/* One pass of the upload engine over store st (its file path) to sim. 0 or -1. */
static int upload(store *st, const char *path, simproc *sim, const char *token)
{
    sync_outbox ob;
    if (sync_store_outbox_open(st, path, &ob) != STORE_OK)
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

/* Confirms a filing of hers on another station's kiosk (its own store) and
 * uploads it to the same county: the platform has it, this kiosk has no
 * receipt for it. Its receipt number into no (64 bytes). 0 or -1. */
static int file_elsewhere(simproc *sim, const char *token, char *no)
{
    const char *dir = fx_fresh_dir("qother");
    char path[1100];
    snprintf(path, sizeof path, "%s/other-kiosk.db", dir ? dir : ".");
    store *os = NULL;
    if (!dir || store_open(path, &os) != STORE_OK)
        return -1;
    int rc = -1;
    char key[STORE_KEY_LEN + 1];
    store_receipt *rs;
    size_t n;
    if (store_draft_save(os, UUID2, "elderly_allowance", 1, 0, "{\"x\":2}", NULL) == STORE_OK &&
        store_filing_confirm(os, UUID2, "高龄津贴申请", "{\"x\":2}", IDNO) == STORE_OK &&
        upload(os, path, sim, token) == 0 && store_villager_key(os, IDNO, key) == STORE_OK &&
        store_receipt_list_by_villager(os, key, &rs, &n) == STORE_OK) {
        if (n == 1) {
            snprintf(no, 64, "%s", rs[0].receipt_no);
            rc = 0;
        }
        store_receipt_list_free(rs, n);
    }
    store_close(os);
    return rc;
}


/* Waits (real time, for the worker) until the query screen has its answer. */
static int settle(flow *f)
{
    if (flow_run(f, "settle 10000\n"))
        return -1;
    return ui_query_result_state(flow_top(f));
}

/* The query item, by ID number, from the home tile. */
static int query_by_id(flow *f, const char *idno)
{
    if (flow_tap(f, "tile.query") || !ui_form_is(flow_top(f)) ||
        flow_choose(f, "method", "by_id") || flow_tap(f, "form.next") ||
        flow_type(f, "idno", idno) || flow_tap(f, "form.next"))
        return -1;
    return strcmp(flow_top_name(f), "query_result") ? -1 : 0;
}

static store_status local_status(flow *f, const char *no)
{
    store_receipt r;
    memset(&r, 0, sizeof r);
    int st = store_receipt_get(f->st, no, &r) == STORE_OK ? (int)r.status : -1;
    store_receipt_clear(&r);
    return (store_status)st;
}

static int admin_status(simproc *sim, const char *no, const char *status, const char *note)
{
    char body[512];
    snprintf(body, sizeof body, "{\"receipt_no\":\"%s\",\"status\":\"%s\",\"note\":\"%s\"}", no,
             status, note);
    char *reply = NULL;
    long code = simproc_http(sim, "POST", "/admin/status", body, NULL, &reply);
    free(reply);
    return code == 200 ? 0 : -1;
}

static void back_home(flow *f)
{
    OK(flow_run(f, "tap @ferr.home\n"));
}

static void test_online(void)
{
    const char *simdir = fx_fresh_dir("qsim");
    REQUIRE(simdir != NULL);
    simproc *sim = simproc_start(simdir, 1, NULL);
    REQUIRE(sim != NULL);
    char token[256];
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);

    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "qonline.db", 1) == 0);
    /* one filing confirmed here and uploaded: the simulator acknowledges it */
    REQUIRE(store_draft_save(f.st, UUID1, "dibao", 1, 0, "{\"x\":1}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(f.st, UUID1, "最低生活保障申请", "{\"x\":1}", IDNO) == STORE_OK);
    REQUIRE(upload(f.st, f.db, sim, token) == 0);
    char key[STORE_KEY_LEN + 1];
    REQUIRE(store_villager_key(f.st, IDNO, key) == STORE_OK);
    store_receipt *rs;
    size_t n;
    REQUIRE(store_receipt_list_by_villager(f.st, key, &rs, &n) == STORE_OK);
    REQUIRE(n == 1);
    char no[64];
    snprintf(no, sizeof no, "%s", rs[0].receipt_no);
    store_receipt_list_free(rs, n);
    CHECK_EQ_INT(local_status(&f, no), STORE_STATUS_SUBMITTED);

    /* no platform configured: the local answer alone, no network line */
    OK(query_by_id(&f, IDNO));
    CHECK_EQ_INT(ui_query_result_state(flow_top(&f)), UI_QUERY_LOCAL);
    CHECK_EQ_STR(ui_query_result_note(flow_top(&f)), "");
    CHECK(strstr(ui_query_result_rows(flow_top(&f)), "已提交") != NULL);
    back_home(&f);

    /* the county returns the filing, with a note */
    OK(admin_status(sim, no, "returned", "缺少户口本复印件"));
    proto_client_opts qo = {simproc_url(sim), simproc_ca(sim), token, 0, 5000, NULL, 0, 0};
    sync_query_cfg *cfg = sync_query_cfg_new(&qo);
    REQUIRE(cfg != NULL);
    CHECK(sync_query_cfg_ready(cfg));
    f.sv.platform = cfg;
    ui_app_set_services(f.u.app, &f.sv);
    OK(query_by_id(&f, IDNO));
    /* at once: the local row and 正在查询 */
    CHECK_EQ_INT(ui_query_result_state(flow_top(&f)), UI_QUERY_PENDING);
    CHECK(strstr(ui_query_result_note(flow_top(&f)), "正在") != NULL);
    CHECK(strstr(ui_query_result_rows(flow_top(&f)), no) != NULL);
    CHECK_EQ_INT(settle(&f), UI_QUERY_ONLINE);
    const char *rows = ui_query_result_rows(flow_top(&f));
    CHECK(strstr(rows, "已退回") != NULL);
    /* the note is about her papers: not to a typed ID number alone */
    CHECK(strstr(rows, "缺少户口本复印件") == NULL);
    CHECK(strstr(rows, "刷身份证") != NULL);
    CHECK(strstr(rows, "最低生活保障申请") != NULL);
    /* no 去补正 here: the words say how (her card) */
    CHECK_EQ_STR(ui_query_result_note(flow_top(&f)), core_str("query.fix_how"));
    CHECK_EQ_INT(local_status(&f, no), STORE_STATUS_RETURNED); /* the store learnt it */
    OK(flow_run(&f, "expect-target @query.list.0\nshot query-online.png\n"));
    back_home(&f);
    /* whoever holds the receipt (its number) reads the county's note */
    ui_app_push(f.u.app, ui_query_result_new(f.u.app, NULL, no, UI_QUERY_BY_NUMBER));
    CHECK_EQ_INT(settle(&f), UI_QUERY_ONLINE);
    CHECK(strstr(ui_query_result_rows(flow_top(&f)), "缺少户口本复印件") != NULL);
    CHECK_EQ_STR(ui_query_result_note(flow_top(&f)), core_str("query.fix_how"));
    back_home(&f);

    /* by receipt number (as the scanner types it): now done */
    OK(admin_status(sim, no, "done", ""));
    ui_app_push(f.u.app, ui_query_result_new(f.u.app, NULL, no, UI_QUERY_BY_NUMBER));
    CHECK_EQ_INT(settle(&f), UI_QUERY_ONLINE);
    CHECK(strstr(ui_query_result_rows(flow_top(&f)), "已办结") != NULL);
    CHECK_EQ_INT(local_status(&f, no), STORE_STATUS_DONE);
    back_home(&f);
    /* a receipt number the platform does not know: its answer, not 网络不通 */
    ui_app_push(f.u.app, ui_query_result_new(f.u.app, NULL, "CZ2099010100000001", UI_QUERY_BY_NUMBER));
    CHECK_EQ_INT(settle(&f), UI_QUERY_ONLINE);
    CHECK(strstr(ui_query_result_note(flow_top(&f)), "没有查到") != NULL);
    CHECK(strstr(ui_query_result_note(flow_top(&f)), "网络不通") == NULL);
    back_home(&f);

    /* the receipt of a filing made at another station: the county's row,
     * its number named as a local row's is */
    char other[64];
    OK(file_elsewhere(sim, token, other));
    ui_app_push(f.u.app, ui_query_result_new(f.u.app, NULL, other, UI_QUERY_BY_NUMBER));
    CHECK_EQ_INT(settle(&f), UI_QUERY_ONLINE);
    rows = ui_query_result_rows(flow_top(&f));
    CHECK(strstr(rows, "高龄津贴") != NULL);
    char named[96];
    snprintf(named, sizeof named, "回执号 %s · ", other);
    CHECK(strstr(rows, named) != NULL);
    OK(flow_run(&f, "shot query-elsewhere.png\n"));
    back_home(&f);

    /* a wrong token (401): the local answer with the line */
    OK(admin_status(sim, no, "accepted", ""));
    OK(sync_query_cfg_set_token(cfg, "not-a-registered-token-0123456789abcdef"));
    OK(query_by_id(&f, IDNO));
    CHECK_EQ_INT(settle(&f), UI_QUERY_OFFLINE);
    CHECK(strstr(ui_query_result_note(flow_top(&f)), "网络不通，显示的是本机记录") != NULL);
    CHECK(strstr(ui_query_result_rows(flow_top(&f)), "已办结") != NULL);
    CHECK_EQ_INT(local_status(&f, no), STORE_STATUS_DONE);
    back_home(&f);
    OK(sync_query_cfg_set_token(cfg, token));

    /* the simulator stopped: the local record (as the platform last said) and the line */
    simproc_stop(sim);
    OK(query_by_id(&f, IDNO));
    CHECK_EQ_INT(settle(&f), UI_QUERY_OFFLINE);
    CHECK(strstr(ui_query_result_note(flow_top(&f)), "网络不通，显示的是本机记录") != NULL);
    rows = ui_query_result_rows(flow_top(&f));
    CHECK(strstr(rows, no) != NULL);
    CHECK(strstr(rows, "已办结") != NULL);
    OK(flow_run(&f, "shot query-offline.png\n"));
    back_home(&f);
    /* offline, a number this kiosk has no record of (filed at another
     * station): the network said first, the number not blamed */
    ui_app_push(f.u.app, ui_query_result_new(f.u.app, NULL, "CZ2099010100000001", UI_QUERY_BY_NUMBER));
    CHECK_EQ_INT(settle(&f), UI_QUERY_OFFLINE);
    const char *nn = ui_query_result_note(flow_top(&f));
    CHECK(!strncmp(nn, "网络不通", strlen("网络不通")));
    CHECK(strstr(nn, core_str("query.none_offline")) != NULL);
    CHECK(strstr(nn, "号码对不对") == NULL);
    /* leaving while a query runs neither waits nor crashes (the worker ends alone) */
    back_home(&f);
    OK(query_by_id(&f, IDNO));
    back_home(&f);
    flow_close(&f);
    sync_query_cfg_free(cfg);
}

/* Malformed arguments start nothing; a cfg without URL or token is not ready. */
static void test_args(void)
{
    proto_client_opts qo = {"https://127.0.0.1:1", NULL, NULL, 0, 0, NULL, 0, 0};
    sync_query_cfg *c = sync_query_cfg_new(&qo);
    REQUIRE(c != NULL);
    CHECK(!sync_query_cfg_ready(c));
    CHECK(sync_query_start(c, "CZ20260101000001", NULL) == NULL);
    OK(sync_query_cfg_set_token(c, "tok-0123456789abcdef0123456789abcdef"));
    CHECK(sync_query_cfg_ready(c));
    CHECK(sync_query_start(c, "bad no", NULL) == NULL);
    CHECK(sync_query_start(c, "short", NULL) == NULL);
    CHECK(sync_query_start(c, NULL, "ABCDEF") == NULL);
    CHECK(sync_query_start(c, NULL, NULL) == NULL);
    /* port 1 on loopback refuses: an answer of "retry", quickly */
    sync_query *q = sync_query_start(c, "CZ20260101000001", NULL);
    REQUIRE(q != NULL);
    for (int i = 0; i < 3000 && !sync_query_done(q); i++) /* up to a minute */
        usleep(20000);
    REQUIRE(sync_query_done(q));
    const proto_status *items;
    size_t n;
    proto_result res;
    CHECK_EQ_INT(sync_query_result(q, &items, &n, &res), PROTO_RES_RETRY);
    CHECK_EQ_INT(n, 0);
    CHECK(res.transport == 1);
    sync_query_free(q);
    sync_query_cfg_free(c);
    CHECK(!sync_query_cfg_ready(NULL));
    sync_query_free(NULL);
    CHECK_EQ_INT(ui_query_result_state(NULL), -1);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_args);
    RUN(test_online);
    kb_ime_uninstall();
    return check_summary();
}
