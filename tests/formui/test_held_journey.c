/* test_held_journey.c — held, not stuck (issue 13 item 5), through the real
 * screens with the real store, the real upload engine and county-sim over
 * TLS. One villager (the emulator's first sample card) files three pension
 * enrolments by taps: A, C, B in that order. The county already holds C's
 * filing id with other content (a 409, refused for good) and refuses the next
 * filing it gets with a 400 (A). A technician enters technician mode by the
 * hidden gesture and the PIN, registers the kiosk and taps 立即上传: A and C
 * are held with the county's reason, not retried, and the same villager's
 * later filing B goes through. The upload-queue page lists both held filings
 * with their reasons (reference images, normal and large text); the held
 * filing's page (reference images too) resubmits A, which then goes through,
 * and discards C after a second tap on 确认放弃. Audit rows name each step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "check.h"
#include "fixtures.h"
#include "flow.h"
#include "simproc.h"
#include "ui/screens/query/query_screen.h"
#include "ui/screens/form/form_screen.h"
#include "ui/screens/tech/tech.h"
#include "ui/screens/tech/tech_int.h"
#include "ui/screens/tech/tech_link.h"
#include "ui/core/session.h"

#define OK(x) CHECK_EQ_INT((x), 0)
#define PIN "482915"

static const char *IDNO = "420506195203140027"; /* the first sample card's */

static flow f;
static tech_link link_;
static simproc *sim;

static size_t page(void) { return form_inst_page(ui_form_inst(flow_form(&f))); }

static int next(size_t want_page)
{
    if (flow_tap(&f, "form.next"))
        return -1;
    if (page() != want_page && !form_inst_at_review(ui_form_inst(flow_form(&f)))) {
        const char *m = ui_form_message(flow_top(&f));
        printf("  still on page %zu: %s\n", page(), m ? m : "(no message)");
        return -1;
    }
    return 0;
}

/* 城乡居民基本养老保险参保登记 from the home tile to the receipt, the ID card
 * read on the card page; uuid gets the filing's id. 0 or -1. */
static int file_pension(char uuid[37])
{
    if (flow_run(&f, "tap @tile.pension\n") || strcmp(flow_top_name(&f), "menu") ||
        flow_tap(&f, "menu.list.0") || !ui_form_is(flow_top(&f)) ||
        flow_run(&f, "expect-target @card.manual\ntap @card.sim\nexpect-target @form.next\n") ||
        flow_again(&f)) /* three enrolments of hers on purpose */
        return -1;
    const char *id = form_inst_get(ui_form_inst(flow_form(&f)), "idno");
    if (!id || strcmp(id, IDNO))
        return -1;
    if (flow_choose(&f, "hukou_type", "agri") || next(1) ||
        flow_choose(&f, "same_address", "yes") || flow_type(&f, "phone", "13812345678") ||
        next(2) || flow_choose(&f, "tier", "50000") || next(3) ||
        flow_type(&f, "sscard_no", "123456789") || next(4) || flow_agree(&f, "pledge") ||
        flow_sign(&f, "signature") || next(5) ||
        !form_inst_at_review(ui_form_inst(flow_form(&f))))
        return -1;
    snprintf(uuid, 37, "%s", ui_form_uuid(flow_form(&f)));
    if (flow_tap(&f, "form.next") || flow_tap(&f, "form.dlg.ok") ||
        strcmp(flow_top_name(&f), "receipt"))
        return -1;
    return flow_run(&f, "tap @receipt.home\nexpect-screen home\n");
}

/* Lets technician work on its thread end (PIN check, registration, upload
 * pass): the page shows tech.busy or tech.pin.busy meanwhile. */
static void settle(void)
{
    int x, y;
    OK(flow_run(&f, "settle\n"));
    CHECK(ui_app_find_target(f.u.app, "tech.busy", &x, &y) != 0);
    CHECK(ui_app_find_target(f.u.app, "tech.pin.busy", &x, &y) != 0);
}

static int audit_has(const char *action, const char *object)
{
    store_audit_row *rows;
    size_t n;
    int found = 0;
    if (store_audit_list(f.st, 0, 100, &rows, &n) != STORE_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i].action, action) && rows[i].object_id &&
            !strcmp(rows[i].object_id, object))
            found++;
    store_audit_list_free(rows, n);
    return found;
}

/* The held reason of a pending filing ("" if pending and not held); -1 if not pending. */
static int held(const char *uuid, char *why, size_t n)
{
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    if (store_filing_get(f.st, uuid, &fl) != STORE_OK)
        return -1;
    snprintf(why, n, "%s", fl.held_reason ? fl.held_reason : "");
    store_filing_clear(&fl);
    return 0;
}

/* The row of the queue page that lists filing uuid (by its first 8 characters). */
static int queue_row(const char *uuid)
{
    store_filing *l = NULL;
    size_t n = 0;
    int row = -1;
    if (store_outbox_list(f.st, NULL, &l, &n) == STORE_OK)
        for (size_t i = 0; i < n; i++)
            if (!strcmp(l[i].uuid, uuid))
                row = 3 + (int)i; /* pending, held, platform lines, then the filings */
    store_filing_list_free(l, n);
    return row;
}

/* The text of row `row` of the queue page (on top), or "" if none. */
static const char *queue_line(int row)
{
    tech_page *pg = flow_top(&f)->priv;
    const char *t = ui_list_text(pg->list, row);
    return t ? t : "";
}

/* 1 if row `row` of the queue page (on top) names the item as the villager
 * saw it and marks the filing held, without the form's internal id. */
static int queue_row_names(int row, const char *item)
{
    tech_page *pg = flow_top(&f)->priv;
    const char *t = row >= 0 ? ui_list_text(pg->list, row) : NULL;
    int ok = t && strstr(t, item) && strstr(t, "已扣下") && !strstr(t, "pension_enrol");
    if (!ok)
        printf("  queue row %d: '%s'\n", row, t ? t : "(none)");
    return ok;
}

/* 1 if the county holds a filing with that id. */
static int county_has(const char *uuid)
{
    char *reply = NULL;
    long code = simproc_http(sim, "GET", "/admin/filings", NULL, NULL, &reply);
    int found = code == 200 && reply && strstr(reply, uuid);
    free(reply);
    return found;
}

/* Technician mode by the hidden gesture (two corners held) and the PIN. */
static int tech_enter(void)
{
    if (flow_run(&f, "down 30 30\nwait 2100\nup 30 30\nwait 500\ndown 1050 30\nwait 2100\n"
                     "up 1050 30\nexpect-screen tech.pin\n"))
        return -1;
    char s[512] = "";
    for (const char *q = PIN; *q; q++) {
        char line[32];
        snprintf(line, sizeof line, "tap @tech.pad.k.%c\n", *q);
        strcat(s, line);
    }
    strcat(s, "tap @tech.pin.ok\n");
    if (flow_run(&f, s))
        return -1;
    settle();
    return 0;
}

/* On a tablet the upload badge is a corner box: two held filings and one
 * waiting take two lines there (the words were cut at 请找…). */
static void test_held_tablet(void)
{
    for (int big = 0; big < 2; big++) {
        REQUIRE(flow_open(&f, 1280, 800, "held-tablet.db", 1) == 0);
        static const char *const U[3] = {"6f1c2a4e-8b7d-4e21-9a3c-5d2e1f0b7c01",
                                         "6f1c2a4e-8b7d-4e21-9a3c-5d2e1f0b7c02",
                                         "6f1c2a4e-8b7d-4e21-9a3c-5d2e1f0b7c03"};
        for (int i = 0; i < 3; i++) {
            REQUIRE(store_draft_save(f.st, U[i], "pension_enrol", 1, 0, "{}", NULL) == STORE_OK);
            REQUIRE(store_filing_confirm(f.st, U[i], "城乡居民基本养老保险参保登记", "{}",
                                         "110105194003150022") == STORE_OK);
            if (i < 2)
                REQUIRE(store_filing_hold(f.st, U[i], "conflict: HTTP 409") == STORE_OK);
        }
        ui_app_set_elderly(f.u.app, big);
        OK(flow_run(&f, "wait 10\n"));
        CHECK_EQ_INT(ui_app_held(f.u.app), 2);
        CHECK_EQ_INT(ui_app_pending(f.u.app), 1);
        CHECK_EQ_INT(uitest_compare(&f.u, big ? "formui/ref/home-held-1280x800-large.png"
                                              : "formui/ref/home-held-1280x800.png"),
                     0);
        flow_close(&f);
    }
}

static void test_held_not_stuck(void)
{
    char a[37], b[37], c[37], why[256], err[512];
    REQUIRE(flow_open(&f, 1080, 1920, "held.db", 1) == 0);
    flow_reader(&f, check_idcards());
    sim = simproc_start(fx_fresh_dir("hsim"), 1, NULL);
    REQUIRE(sim != NULL);
    REQUIRE(core_config_set(f.u.cfg, "platform.url", simproc_url(sim), err, sizeof err) == 0);
    REQUIRE(core_config_set(f.u.cfg, "platform.ca_file", simproc_ca(sim), err, sizeof err) == 0);
    char hash[AUTH_HASH_MAX];
    REQUIRE(auth_pin_hash(PIN, hash) == AUTH_OK);
    REQUIRE(core_config_set(f.u.cfg, "tech.pin_hash", hash, err, sizeof err) == 0);
    char data[1024], conf[1100], p[1100];
    snprintf(data, sizeof data, "%s", check_tmpdir("data"));
    snprintf(conf, sizeof conf, "%s/settings.conf", data);
    snprintf(p, sizeof p, "%s/device.token", data);
    unlink(p);
    unlink(conf);
    snprintf(p, sizeof p, "%s/tech-lock", data);
    unlink(p);
    tech_link_init(&link_, f.u.cfg, ui_app_services(f.u.app), conf, data, f.db, "0.1.0-test");
    ui_tech_install(f.u.app, &link_.services);

    /* the villager files A, C, B */
    REQUIRE(file_pension(a) == 0);
    REQUIRE(file_pension(c) == 0);
    REQUIRE(file_pension(b) == 0);

    /* the technician: hidden gesture, PIN, registration */
    OK(tech_enter());
    OK(flow_run(&f, "expect-screen tech.menu\ntap @tech.m.register\nexpect-screen tech.register\n"
                    "tap @tech.act.0\nwait 50\nexpect-screen tech.edit\n"
                    "tap @tech.pad.k.1\ntap @tech.pad.k.2\ntap @tech.pad.k.3\n"
                    "tap @tech.pad.k.4\ntap @tech.pad.k.5\ntap @tech.pad.k.6\ntap @tech.edit.ok\n"
                    "expect-screen tech.register\nwait 50\n"));
    settle();
    char token[256];
    REQUIRE(tech_link_token(&link_, token, sizeof token) == 0);

    /* the county already holds C's id with other content: a 409; and it
     * refuses the next filing it gets (A, the oldest) with a 400 */
    char other[1024];
    snprintf(other, sizeof other,
             "{\"filing_id\":\"%s\",\"form_id\":\"pension_enrol\",\"form_version\":1,"
             "\"villager_key\":\"%064d\",\"agent_id\":null,\"filed_at_ms\":1795311000000,"
             "\"payload\":{\"note\":\"another kiosk's content\"}}",
             c, 0);
    CHECK_EQ_INT(simproc_submit(sim, token, c, other), 201);
    OK(simproc_faults(sim, "{\"refuse_next\":400}"));

    /* 立即上传: A and C held, B through */
    OK(flow_run(&f, "tap @tech.back\ntap @tech.m.queue\nexpect-screen tech.queue\n"
                    "tap @tech.act.1\nwait 1\n"));
    settle();
    CHECK_EQ_INT(held(a, why, sizeof why), 0);
    CHECK(strstr(why, "bad_request") && strstr(why, "400"));
    CHECK_EQ_INT(held(c, why, sizeof why), 0);
    CHECK(strstr(why, "conflict") && strstr(why, "409"));
    /* the same villager's later filing went through: a receipt, nothing pending */
    CHECK_EQ_INT(held(b, why, sizeof why), -1);
    CHECK_EQ_INT(county_has(b), 1);
    CHECK_EQ_INT(audit_has("filing.hold", a), 1);
    CHECK_EQ_INT(audit_has("filing.hold", c), 1);
    /* not retried: another pass sends nothing */
    long before = simproc_stat(sim, "requests");
    OK(flow_run(&f, "tap @tech.act.1\nwait 1\n"));
    settle();
    CHECK_EQ_INT(simproc_stat(sim, "requests"), before);
    CHECK_EQ_INT(held(a, why, sizeof why), 0);
    CHECK(why[0] != '\0');

    /* the villager's 办件查询 by her card: the held ones say to find staff (they
     * will not upload by themselves), not 待上传 */
    OK(flow_run(&f, "tap @tech.back\ntap @tech.exit\nexpect-screen home\ntap @tile.query\n"));
    REQUIRE(ui_form_is(flow_top(&f)));
    OK(flow_tap(&f, "form.next"));
    OK(flow_run(&f, "expect-target @card.sim\nidcard 1\nexpect-screen query_result\n"));
    const char *rows = ui_query_result_rows(flow_top(&f));
    CHECK(strstr(rows, "暂停上传，请找工作人员处理") != NULL);
    CHECK(strstr(rows, "待上传") == NULL);
    OK(flow_run(&f, "tap @ferr.home\nexpect-screen home\n"));
    /* the home footer: the held ones wait for staff, nothing for the network
     * (it said 待上传 2 件) */
    CHECK_EQ_INT(ui_app_pending(f.u.app), 0);
    CHECK_EQ_INT(ui_app_held(f.u.app), 2);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/home-held.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/home-held-large.png"), 0);
    OK(flow_run(&f, "elderly off\n"));

    OK(tech_enter());

    /* the queue page lists both with the county's reason */
    OK(flow_run(&f, "expect-screen tech.menu\ntap @tech.m.queue\nexpect-screen tech.queue\n"));
    CHECK(queue_row_names(queue_row(a), "城乡居民基本养老保险参保登记"));
    CHECK(queue_row_names(queue_row(c), "城乡居民基本养老保险参保登记"));
    /* the held ones apart, nothing waits to go by itself: 待上传 0, the upload
     * program idle (it said it had not reached the county, right after the
     * county had answered 409) */
    CHECK_EQ_STR(queue_line(0), "待上传：0 件");
    CHECK_EQ_STR(queue_line(1), "平台拒收、已扣下，要人处理：2 件");
    /* idle, and not as if nothing were left: the held ones wait for her */
    CHECK_EQ_STR(queue_line(2), "上传程序空闲：扣下的要人处理，其余都已上传");
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/tech-queue-refused.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/tech-queue-refused-large.png"), 0);
    OK(flow_run(&f, "elderly off\n"));
    /* 立即上传 with only held ones left: said so (it said 已上传 0 件, in green) */
    OK(flow_run(&f, "tap @tech.act.1\nwait 1\n"));
    settle();
    tech_page *qp = flow_top(&f)->priv;
    CHECK_EQ_STR(qp->status, "没有待上传的办件；扣下的 2 件要人处理，点它那一行");

    /* A: its page, 重新提交, then 立即上传: through */
    char line[64];
    snprintf(line, sizeof line, "tap @tech.rows.%d\nexpect-screen tech.held\n", queue_row(a));
    OK(flow_run(&f, line));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/tech-held.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/tech-held-large.png"), 0);
    OK(flow_run(&f, "elderly off\ntap @tech.act.0\nwait 50\n"));
    CHECK_EQ_INT(held(a, why, sizeof why), 0);
    CHECK_EQ_STR(why, "");
    CHECK_EQ_INT(audit_has("filing.resubmit", a), 1);
    OK(flow_run(&f, "tap @tech.back\nexpect-screen tech.queue\ntap @tech.act.1\nwait 1\n"));
    settle();
    CHECK_EQ_INT(held(a, why, sizeof why), -1);
    CHECK_EQ_INT(county_has(a), 1);

    /* C: 放弃这一件 asks first; 确认放弃 discards it */
    snprintf(line, sizeof line, "tap @tech.rows.%d\nexpect-screen tech.held\n", queue_row(c));
    OK(flow_run(&f, line));
    OK(flow_run(&f, "tap @tech.act.1\nwait 50\n"));
    CHECK_EQ_INT(held(c, why, sizeof why), 0); /* still there after the first tap */
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/tech-held-discard-ask.png"), 0);
    OK(flow_run(&f, "tap @tech.act.1\nwait 50\n"));
    CHECK_EQ_INT(held(c, why, sizeof why), -1);
    CHECK_EQ_INT(audit_has("filing.discard", c), 1);
    int pending = -1, nheld = -1;
    CHECK_EQ_INT(store_outbox_counts(f.st, &pending, &nheld), STORE_OK);
    CHECK_EQ_INT(pending, 0);
    CHECK_EQ_INT(nheld, 0);
    CHECK_EQ_INT(ui_app_held(f.u.app), 0);
    long total = 0, distinct = 0;
    CHECK_EQ_INT(simproc_count(sim, &total, &distinct), 0);
    CHECK_EQ_INT(total, 3); /* B, A, and the other content under C's id */
    OK(flow_run(&f, "tap @tech.back\nexpect-screen tech.queue\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/tech-queue-cleared.png"), 0);
    /* nothing left to send: the program is idle, which is no doubt cast on
     * the upload that just went through */
    CHECK_EQ_STR(queue_line(2), "上传程序空闲：没有办件要上传");
    /* 立即上传 with nothing left: said so, not "已上传 0 件" */
    OK(flow_run(&f, "tap @tech.act.1\nwait 1\n"));
    settle();
    tech_page *pg = flow_top(&f)->priv;
    CHECK_EQ_STR(pg->status, "没有待上传的办件，都已上传");

    flow_close(&f);
    simproc_stop(sim);
}

int main(void)
{
    RUN(test_held_not_stuck);
    RUN(test_held_tablet);
    return check_summary();
}
