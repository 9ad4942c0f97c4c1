/* test_clock_journey.c — the emulator with --clock (virtual time) in script
 * mode against county-sim over TLS: the upload engine keeps time on the
 * platform's clock, as the store does, and a script's wait and settle move
 * it (the engine's clock was the machine's real one: a filing made at the
 * pinned 12-05 looked days old to it, its status was asked hourly instead of
 * every 10 minutes, and `wait 610000` + `settle` never saw the county's
 * return).
 *
 * An agent's filing waits in the kiosk's outbox, made at the pinned time;
 * the emulator's script settles and the engine uploads it. The county
 * returns it with a note (`county-sim admin return`). Started again at the
 * same pinned time, a second's wait shows nothing yet (the status is asked
 * ten minutes after the receipt); then `wait 610000` and `settle`: the
 * engine asks, the store has 已退回 with the county's note, and the agent,
 * signed in, sees "1 件被退回，需要补正" on the home screen. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "agents_pub.h"
#include "check.h"
#include "core/uuid.h"
#include "fixtures.h"
#include "launch.h"
#include "simproc.h"
#include "store/store.h"

#define CLOCK_ARG "2026-12-05T09:30"
#define CLOCK_EPOCH 1796434200 /* 2026-12-05 09:30 CST */
#define NOTE "银行卡号与户名不符，请核对后重新提交"

static simproc *sim;
static char data[1024];

static int64_t pinned_ms(void *ud)
{
    (void)ud;
    return (int64_t)CLOCK_EPOCH * 1000;
}

/* The county publishes its agent A0012 (PIN 739214). */
static void publish_agent(void) { CHECK_EQ_INT(agents_pub(sim, "A0012", "李桂兰", "739214"), 200); }

/* The emulator on the data folder with the pinned clock, running text as its
 * script; its stderr in err. The exit code. */
static int emu(const char *text, char *err, size_t n)
{
    char script[1100], log[1100], cmd[8192];
    snprintf(script, sizeof script, "%s/journey.txt", data);
    snprintf(log, sizeof log, "%s/emu.err", data);
    if (fx_write(script, text, strlen(text)) != 0)
        return -1;
    snprintf(cmd, sizeof cmd,
             "TZ=CST-8 CZ_CONFIG=/nonexistent %s'%s' --headless --clock " CLOCK_ARG " --data '%s' "
             "--assets '%s' --out '%s' --set 'platform.url=%s' --set 'platform.ca_file=%s' "
             "--script '%s' >/dev/null 2>'%s'",
             CZ_LAUNCH_SH, CZ_EMU_PATH, data, check_asset(""), data, simproc_url(sim),
             simproc_ca(sim), script, log);
    int rc = system(cmd);
    size_t len = 0;
    char *e = fx_slurp(log, &len);
    snprintf(err, n, "%.*s", e ? (int)len : 0, e ? e : "");
    free(e);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The kiosk's receipt of the filing (the store's), or -1 if none. */
static int receipt_of(const char *uuid, store_receipt *r)
{
    char db[1100];
    snprintf(db, sizeof db, "%s/cunzhan.db", data);
    store *st = NULL;
    if (store_open(db, &st) != STORE_OK)
        return -1;
    memset(r, 0, sizeof *r);
    int rc = store_receipt_get_by_uuid(st, uuid, r);
    store_close(st);
    return rc == STORE_OK ? 0 : -1;
}

static void test_returned_on_virtual_time(void)
{
    char err[4096], token[256];
    snprintf(data, sizeof data, "%s", fx_fresh_dir("kiosk"));
    sim = simproc_start(check_tmpdir("sim"), 1, NULL);
    REQUIRE(sim != NULL);
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    publish_agent();
    /* the kiosk registered: its token in the data folder */
    char path[1100];
    snprintf(path, sizeof path, "%s/device.token", data);
    REQUIRE(fx_write(path, token, strlen(token)) == 0);
    chmod(path, 0600);
    /* an agent's filing confirmed at the pinned time, waiting to upload */
    snprintf(path, sizeof path, "%s/cunzhan.db", data);
    store *st = NULL;
    REQUIRE(store_open(path, &st) == STORE_OK);
    store_set_clock(st, pinned_ms, NULL);
    char uuid[37];
    core_uuid_v4(uuid);
    REQUIRE(store_draft_save(st, uuid, "pension_enrol", 1, 0, "{\"answers\":{}}", "A0012") == STORE_OK);
    REQUIRE(store_filing_confirm(st, uuid, "城乡居民基本养老保险参保登记",
                                 "{\"form\":\"pension_enrol\",\"answers\":{\"name\":\"测试\"}}",
                                 "110105194003150022") == STORE_OK);
    store_close(st);

    /* settle: the engine sends it */
    int rc = emu("settle\nexpect-screen home\n", err, sizeof err);
    if (rc)
        printf("  emulator said: %s\n", err);
    REQUIRE(rc == 0);
    long count = -1, distinct = -1;
    CHECK_EQ_INT(simproc_count(sim, &count, &distinct), 0);
    CHECK_EQ_INT(count, 1);
    store_receipt r;
    REQUIRE(receipt_of(uuid, &r) == 0);
    CHECK_EQ_INT((int)r.status, STORE_STATUS_SUBMITTED);
    /* its status is asked ten minutes after the receipt, on the same clock */
    CHECK(r.next_poll_ms > (int64_t)CLOCK_EPOCH * 1000);
    CHECK(r.next_poll_ms <= (int64_t)CLOCK_EPOCH * 1000 + 11 * 60000);
    char no[64];
    snprintf(no, sizeof no, "%s", r.receipt_no);
    store_receipt_clear(&r);

    /* the county returns it */
    char args[256], said[2048];
    snprintf(args, sizeof args, "return %s '%s'", no, NOTE);
    CHECK_EQ_INT(simproc_cli(sim, args, said, sizeof said), 0);

    /* started again at the same time: a second later nothing is asked yet */
    CHECK_EQ_INT(emu("settle\nwait 1000\nsettle\n", err, sizeof err), 0);
    REQUIRE(receipt_of(uuid, &r) == 0);
    CHECK_EQ_INT((int)r.status, STORE_STATUS_SUBMITTED);
    store_receipt_clear(&r);

    /* past the poll interval: the engine asks, the agent sees it returned */
    rc = emu("settle\nwait 610000\nsettle\n"
             "tap @tile.agent\nexpect-screen agent_signin\ntap @agent.f.number\n"
             "tap @agent.kb.k.0\ntap @agent.kb.k.0\ntap @agent.kb.k.1\ntap @agent.kb.k.2\n"
             "tap @agent.go\n"
             "tap @agent.kb.k.7\ntap @agent.kb.k.3\ntap @agent.kb.k.9\ntap @agent.kb.k.2\n"
             "tap @agent.kb.k.1\ntap @agent.kb.k.4\ntap @agent.go\nsettle\n"
             "expect-screen home\nexpect-target @home.agent.returned\nshot returned.png\n",
             err, sizeof err);
    if (rc)
        printf("  emulator said: %s\n", err);
    CHECK_EQ_INT(rc, 0);
    REQUIRE(receipt_of(uuid, &r) == 0);
    CHECK_EQ_INT((int)r.status, STORE_STATUS_RETURNED);
    CHECK_EQ_STR(r.note ? r.note : "", NOTE);
    store_receipt_clear(&r);
    snprintf(path, sizeof path, "%s/returned.png", data);
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && sb.st_size > 0);
    simproc_stop(sim);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    if (!CZ_EMU_PATH[0])
        return 0; /* the kiosk build has no emulator */
    RUN(test_returned_on_virtual_time);
    return check_summary();
}
