/* test_proxy.c — a proxy filing end to end: an agent is signed in, fills the
 * elderly allowance for a villager, confirms; the villager's consent screen
 * comes first (cancelling it files nothing), the villager signs, the filing's
 * payload carries the agent and the consent record, and after an upload the
 * county simulator holds it with the agent and consent, once. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fixtures.h"
#include "flow.h"
#include "ui/kb/ime/kb_ime.h"
#include "plat_paths.h"
#include "core/log.h"
#include "core/logfile.h"
#include "simproc.h"
#include "sync/sync.h"
#include "sync/sync_store.h"
#include "ui/core/session.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static int outbox_count(flow *f)
{
    int n = -1;
    store_outbox_count(f->st, &n);
    return n;
}

/* Files in data/sub (0 if the folder is missing). */
static int count_files(const char *data, const char *sub)
{
    char dir[1200];
    snprintf(dir, sizeof dir, "%s/%s", data, sub);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/* Two strokes on the consent pad. */
static int sign_consent(flow *f)
{
    int x, y;
    if (ui_app_find_target(f->u.app, "consent.pad", &x, &y) != 0)
        return -1;
    char s[256];
    snprintf(s, sizeof s, "drag %d %d %d %d 200\ndrag %d %d %d %d 200\n", x - 200, y, x + 150,
             y - 40, x - 100, y + 60, x + 220, y + 50);
    return flow_run(f, s);
}

/* Values a villager enters, looked for in every log line afterwards. */
static const char *const MARKED[] = {"李秀英", "110105194003150022", "13812345678",
                                     "6222020200112233446", "东风村三组", "信用社", NULL};

static void no_marked(void *ud, const char *line)
{
    int *bad = ud;
    for (int i = 0; MARKED[i]; i++)
        if (strstr(line, MARKED[i])) {
            printf("  personal data in a log line: %s\n", line);
            (*bad)++;
        }
}

static void test_proxy_filing(void)
{
    flow f;
    char logdir[600], lerr[256];
    snprintf(logdir, sizeof logdir, "%s/logs", check_tmpdir(NULL));
    mkdir(logdir, 0700);
    char logfile[700];
    snprintf(logfile, sizeof logfile, "%s/cunzhan.log", logdir);
    remove(logfile);
    REQUIRE(core_logfile_open(logdir, 1u << 20, 0, lerr, sizeof lerr) == 0);
    core_log_set_level(CORE_LOG_DEBUG); /* every line the modules write */
    REQUIRE(flow_open(&f, 1080, 1920, "proxy.db", 1) == 0);
    ui_app_agent_sign_in(f.u.app, "A0012", "李桂兰");
    OK(flow_run(&f, "tap @tile.elderly\n"));
    OK(flow_manual(&f));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_hanzi(&f, "name", "李秀英", "li xiu ying"));
    OK(flow_type(&f, "idno", "110105194003150022"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "bank_account", "6222020200112233446"));
    OK(flow_hanzi(&f, "bank_name", "信用社", "xin yong she"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(&f))));
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));

    /* confirm: the consent screen comes first; cancelling files nothing */
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "agent_consent");
    OK(flow_run(&f, "tap @consent.cancel\n"));
    CHECK(ui_form_is(flow_top(&f)));
    CHECK_EQ_INT(outbox_count(&f), 0);

    /* again, and the villager signs */
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "agent_consent");
    OK(sign_consent(&f));
    OK(flow_run(&f, "tap @consent.ok\n"));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    CHECK_EQ_INT(outbox_count(&f), 1);

    /* the payload names the agent and carries the consent record */
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    REQUIRE(store_filing_get(f.st, uuid, &fl) == STORE_OK);
    CHECK_EQ_STR(fl.agent_id, "A0012");
    cJSON *p = cJSON_Parse(fl.payload);
    REQUIRE(p != NULL);
    cJSON *proxy = cJSON_GetObjectItem(p, "proxy");
    REQUIRE(cJSON_IsObject(proxy));
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(proxy, "agent_id")), "A0012");
    const char *vk = cJSON_GetStringValue(cJSON_GetObjectItem(proxy, "villager_key"));
    CHECK(vk && strlen(vk) == 64);
    CHECK_EQ_STR(vk, fl.villager_key);
    cJSON *sig = cJSON_GetObjectItem(proxy, "signature");
    const char *sha = cJSON_GetStringValue(cJSON_GetObjectItem(sig, "sha256"));
    CHECK(sha && strlen(sha) == 64);
    char *proxy_text = cJSON_PrintUnformatted(proxy);
    CHECK(proxy_text && !strstr(proxy_text, "110105194003150022") && !strstr(proxy_text, "李秀英"));
    cJSON_free(proxy_text);
    cJSON_Delete(p);
    store_filing_clear(&fl);

    /* before the upload both images are on disk */
    char img0[1400];
    snprintf(img0, sizeof img0, "%s/consent/%s.png", plat_paths_data(), uuid);
    struct stat sb0;
    CHECK_EQ_INT(stat(img0, &sb0), 0);
    CHECK(count_files(plat_paths_data(), "signatures") >= 1);

    /* upload to the county simulator: it holds the filing once, with the agent and consent */
    const char *simdir = fx_fresh_dir("sim");
    REQUIRE(simdir != NULL);
    simproc *sim = simproc_start(simdir, 1, NULL);
    REQUIRE(sim != NULL);
    char token[256];
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(f.st, f.db, &ob) == STORE_OK);
    sync_opts o;
    memset(&o, 0, sizeof o);
    o.client.base_url = simproc_url(sim);
    o.client.ca_file = simproc_ca(sim);
    o.client.token = token;
    o.outbox = ob;
    sync_engine *eng = NULL;
    REQUIRE(sync_new(&o, &eng) == SYNC_OK);
    sync_run_once(eng);
    sync_run_once(eng); /* a second pass must not send it again */
    sync_free(eng);
    sync_store_outbox_close(&ob);
    CHECK_EQ_INT(outbox_count(&f), 0);
    /* the kiosk keeps the receipt, not the villager's signature or consent images */
    char img[1400];
    snprintf(img, sizeof img, "%s/consent/%s.png", plat_paths_data(), uuid);
    struct stat sb;
    CHECK(stat(img, &sb) != 0);
    CHECK_EQ_INT(count_files(plat_paths_data(), "signatures"), 0);
    sqlite3 *db = NULL;
    REQUIRE(sqlite3_open_v2(simproc_db(sim), &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_stmt *q = NULL;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT count(*), max(agent_id), max(instr(body, '\"proxy\"') > 0) "
                               "FROM filings WHERE filing_id = ?",
                               -1, &q, NULL) == SQLITE_OK);
    sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    CHECK_EQ_INT(sqlite3_column_int(q, 0), 1);
    CHECK_EQ_STR((const char *)sqlite3_column_text(q, 1), "A0012");
    CHECK_EQ_INT(sqlite3_column_int(q, 2), 1);
    sqlite3_finalize(q);
    sqlite3_close(db);
    simproc_stop(sim);
    flow_close(&f);

    /* no log line (ring and file) carries what the villager entered */
    int bad = 0, lines = core_logfile_count();
    core_logfile_each(no_marked, &bad);
    core_logfile_close();
    core_log_set_level(CORE_LOG_INFO);
    FILE *lf = fopen(logfile, "r");
    REQUIRE(lf != NULL);
    char line[4096];
    while (fgets(line, sizeof line, lf))
        no_marked(&bad, line);
    fclose(lf);
    CHECK(lines > 5); /* the flow did log: the check is not vacuous */
    CHECK_EQ_INT(bad, 0);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_proxy_filing);
    kb_ime_uninstall();
    return check_summary();
}
