/* test_autosave.c — a keystroke's answer is saved to the draft at most a
 * second after it (form_screen.c, SAVE_DEFER_MS), and at once when anything
 * moves on; the power goes (kill -9) at the two moments that matter.
 *
 * Through the real screens and a real store file: 低保's 联系电话 typed on
 * the number pad, key by key (each tap 80 ms of the virtual clock).
 *
 *   - 完成 (a tap that is not a key) saves the typing at once;
 *   - typed again, the power goes before the second is up: the draft is the
 *     one saved at 完成, whole (the last second of typing is what may go);
 *   - typed again and a second passes with no tap: the loop's wake saved it,
 *     and it survives the power going;
 *   - typed again and the screen ends (an Escape's pop, the program's exit):
 *     saved on the way out;
 *   - a date wheel's step on 异地就医备案 (drawn as a partial frame, like a
 *     keystroke) is a choice, saved at once: the power going right after it
 *     keeps it;
 *   - the same rule on 医保参保's member screen (添加家庭成员), which runs
 *     the wait from its own tick (the form screen's waits under it): a
 *     burst of keys makes a commit or two, not one a key; the power going
 *     within the second loses that second alone, after it nothing; any tap
 *     but a key (填好了 refused, 返回), an Escape, the session's end and
 *     the program's exit save the typing on the way;
 *   - the disk full while the member screen is on top: the save's failure
 *     (没有保存好：存储空间已满…) is said on the member screen itself, in normal
 *     and large text (reference images), each keystroke tries again, the
 *     words go once a save succeeds and every digit typed is in the draft.
 * Each power cut is a child process killed with SIGKILL once it says where it
 * is, so nothing of the program runs after it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "core/strings.h"
#include "diskfull.h"
#include "fixtures.h"
#include "flow.h"
#include "store/store.h"
#include "ui/core/session.h"
#include "ui/kb/ime/kb_ime.h"

#define OK(x) CHECK_EQ_INT((x), 0)
#define DB "autosave.db"

/* The phone answer of the draft uuid as committed to the store file, into
 * out ("" if none; "-" if the draft cannot be read): through the app's own
 * handle `in` (one writer a file), or the file opened anew when NULL. */
static void draft_answer(store *in, const char *uuid, const char *key, char *out, size_t n)
{
    char db[1024];
    snprintf(db, sizeof db, "%s/%s", check_tmpdir("data"), DB);
    snprintf(out, n, "-");
    store *st = in;
    if (!st && store_open(db, &st) != STORE_OK)
        return;
    flow_draft_answer(st, uuid, key, out, n);
    if (!in)
        store_close(st);
}

static void draft_phone(store *in, const char *uuid, char *out, size_t n)
{
    draft_answer(in, uuid, "phone", out, n);
}

/* Types more digits into 联系电话: its keyboard opens on what is there. */
static int more(flow *f, const char *digits)
{
    return flow_tap(f, "f.phone") || flow_keys(f, digits) ? -1 : 0;
}

/* Opens 低保 on a fresh store file and types 138 into 联系电话, then 完成. */
static int start(flow *f)
{
    if (flow_open(f, 1080, 1920, DB, 1) != 0)
        return -1;
    f->tap_keys = 1;
    if (flow_run(f, "tap @tile.dibao\ntap @card.manual\n") || flow_type(f, "phone", "138") ||
        flow_tap(f, "form.done"))
        return -1;
    return 0;
}

typedef struct {
    char ok;                /* 'y' when the child got where it says */
    char uuid[63];
    char date[32];          /* the date child: the start date after its step */
} report;

/* The date child: 异地就医备案 (医保's second form) on a fresh store file, to
 * its third page, one tap on the start date's day wheel, report, and wait to
 * be killed. */
static void child_date(int fd)
{
    report r;
    memset(&r, 0, sizeof r);
    flow f;
    r.ok = 'n';
    if (flow_open(&f, 1080, 1920, DB, 1) == 0 && flow_tap(&f, "tile.medical") == 0 &&
        flow_tap(&f, "menu.list.1") == 0 && flow_manual(&f) == 0 && ui_form_is(flow_top(&f))) {
        form_inst *in = ui_form_inst(flow_form(&f));
        static const char *const kv[] = {"name", "张三", "idno", "110105197005100014", "phone",
                                         "13812345678", "insured_place", "本县",
                                         "dest_province", "11", "dest_city", "北京",
                                         "remote_type", "long_stay"};
        char err[256];
        int bad = 0;
        for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
            bad |= form_inst_set(in, kv[i], kv[i + 1], err, sizeof err) != FORM_OK;
        if (!bad && flow_tap(&f, "form.next") == 0 && flow_tap(&f, "form.next") == 0) {
            const char *was = form_inst_get(in, "start_date");
            char before[32];
            snprintf(before, sizeof before, "%s", was ? was : "");
            if (flow_tap(&f, "f.start_date.date.d.up") == 0) {
                const char *now = form_inst_get(in, "start_date");
                snprintf(r.date, sizeof r.date, "%s", now ? now : "");
                r.ok = now && strcmp(now, before) != 0 ? 'y' : 'n';
            }
        }
        snprintf(r.uuid, sizeof r.uuid, "%s", ui_form_uuid(flow_form(&f)));
    }
    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(3);
    for (;;)
        pause();
}

/* The child: start, type 0013, then `then` (a script, may be empty), report
 * and wait to be killed. */
static void child(int fd, const char *then)
{
    report r;
    memset(&r, 0, sizeof r);
    flow f;
    r.ok = start(&f) == 0 && more(&f, "0013") == 0 &&
                   (!*then || flow_run(&f, then) == 0)
               ? 'y'
               : 'n';
    if (flow_form(&f))
        snprintf(r.uuid, sizeof r.uuid, "%s", ui_form_uuid(flow_form(&f)));
    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(3);
    for (;;)
        pause(); /* the power goes: SIGKILL, nothing of the program runs after */
}

/* Opens 医保参保 on a fresh store file (in large text when elderly),
 * answers its first two pages and taps 添加家庭成员: the member screen, its
 * keyboard on 公民身份号码. */
static int to_member_in(flow *f, int elderly)
{
    if (flow_open(f, 1080, 1920, DB, 1) != 0)
        return -1;
    f->tap_keys = 1;
    if (elderly && flow_run(f, "elderly on\n"))
        return -1;
    if (flow_tap(f, "tile.medical") || flow_tap(f, "menu.list.0") || flow_manual(f) ||
        !ui_form_is(flow_top(f)))
        return -1;
    form_inst *in = ui_form_inst(flow_form(f));
    static const char *const kv[] = {"head_name", "王芳", "head_idno", "110105198501010071",
                                     "phone", "13812345678", "hukou_address", "东风村三组"};
    char err[256];
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        if (form_inst_set(in, kv[i], kv[i + 1], err, sizeof err) != FORM_OK)
            return -1;
    if (flow_tap(f, "form.next") || flow_tap(f, "form.next") || flow_tap(f, "f.members.add") || flow_manual(f) ||
        strcmp(flow_top_name(f), "form_member") || flow_tap(f, "f.m_idno"))
        return -1;
    return 0;
}

static int to_member(flow *f) { return to_member_in(f, 0); }

/* 17 digits: the 18th would complete the number, whose sex and age then
 * show (more than the field changes: saved at once) */
#define MEMBER_IDNO "11010519700510001"

/* The member child: the member screen, its ID number typed key by key,
 * then `then` (a script, may be empty), report and wait to be killed. */
static void child_member(int fd, const char *then)
{
    report r;
    memset(&r, 0, sizeof r);
    flow f;
    r.ok = to_member(&f) == 0 && flow_keys(&f, MEMBER_IDNO) == 0 &&
                   (!*then || flow_run(&f, then) == 0) && !strcmp(flow_top_name(&f), "form_member")
               ? 'y'
               : 'n';
    if (flow_form(&f))
        snprintf(r.uuid, sizeof r.uuid, "%s", ui_form_uuid(flow_form(&f)));
    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(3);
    for (;;)
        pause();
}

/* Runs run(fd, then) in a child and kills it once it has reported; its
 * report in r. */
static int power_cut_in(void (*run)(int fd, const char *then), const char *then, report *r)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        run(fd[1], then);
        _exit(3);
    }
    close(fd[1]);
    memset(r, 0, sizeof *r);
    ssize_t got = read(fd[0], r, sizeof *r);
    close(fd[0]);
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    return got == (ssize_t)sizeof *r && r->ok == 'y' ? 0 : -1;
}

/* The child of power_cut(): child(then), or child_date when then is NULL. */
static void child_or_date(int fd, const char *then)
{
    if (then)
        child(fd, then);
    child_date(fd);
}

/* Runs child(then) (child_date when then is NULL) and kills it once it has
 * reported; its report in r. */
static int power_cut(const char *then, report *r) { return power_cut_in(child_or_date, then, r); }

static void test_saved_at_done(void)
{
    flow f;
    REQUIRE(start(&f) == 0);
    char uuid[64], got[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    draft_phone(f.st, uuid, got, sizeof got);
    CHECK_EQ_STR(got, "138");
    flow_close(&f);
}

static void test_power_cut_within_the_second(void)
{
    report r;
    REQUIRE(power_cut("", &r) == 0);
    char got[64];
    draft_phone(NULL, r.uuid, got, sizeof got);
    CHECK_EQ_STR(got, "138"); /* the draft of 完成, whole; 0013 was under a second old */
}

static void test_power_cut_after_the_second(void)
{
    report r;
    REQUIRE(power_cut("wait 1000\n", &r) == 0);
    char got[64];
    draft_phone(NULL, r.uuid, got, sizeof got);
    CHECK_EQ_STR(got, "1380013"); /* the loop's wake saved it */
}

static void test_saved_at_the_end(void)
{
    flow f;
    REQUIRE(start(&f) == 0);
    char uuid[64], got[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(more(&f, "0013"));
    draft_phone(f.st, uuid, got, sizeof got);
    CHECK_EQ_STR(got, "138"); /* waiting: typed under a second ago */
    flow_close(&f); /* the program's exit destroys the screen */
    draft_phone(NULL, uuid, got, sizeof got);
    CHECK_EQ_STR(got, "1380013");
}

/* A date wheel's step marks its picker alone (no whole frame) but is an
 * answer chosen, not typed: saved at once, so the power going right after
 * it keeps it. */
static void test_date_step_saved_at_once(void)
{
    report r;
    REQUIRE(power_cut(NULL, &r) == 0);
    char got[64];
    draft_answer(NULL, r.uuid, "start_date", got, sizeof got);
    CHECK_EQ_STR(got, r.date);
}

/* 17 keys in 1.36 s on the member screen: the draft, read through the
 * app's own handle after each key, changes twice (the first key, which
 * changes more than the text, then once within the second), not once a
 * key; a second later all of it is there. */
static void test_member_burst_few_writes(void)
{
    flow f;
    REQUIRE(to_member(&f) == 0);
    char uuid[64], was[64] = "", got[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    int keys = 0, writes = 0;
    for (const char *p = MEMBER_IDNO; *p; p++) {
        char one[2] = {*p, 0};
        OK(flow_keys(&f, one));
        keys++;
        draft_answer(f.st, uuid, "m_idno", got, sizeof got);
        writes += strcmp(got, was) != 0;
        snprintf(was, sizeof was, "%s", got);
    }
    printf("  %d keys, %d drafts saved\n", keys, writes);
    CHECK(writes >= 1 && writes <= 2);
    CHECK(writes * 5 <= keys);
    OK(flow_run(&f, "wait 1000\n"));
    draft_answer(f.st, uuid, "m_idno", got, sizeof got);
    CHECK_EQ_STR(got, MEMBER_IDNO);
    CHECK_EQ_STR(flow_top_name(&f), "form_member");
    flow_close(&f);
}

/* The power goes under a second after the last key: the member's typing
 * of that second may go (not all of it: a save was due within the burst). */
static void test_member_power_cut_within_the_second(void)
{
    report r;
    REQUIRE(power_cut_in(child_member, "", &r) == 0);
    char got[64];
    draft_answer(NULL, r.uuid, "m_idno", got, sizeof got);
    CHECK(strlen(got) > 0 && strlen(got) < strlen(MEMBER_IDNO));
    CHECK_EQ_INT(strncmp(got, MEMBER_IDNO, strlen(got)), 0);
}

/* SAVE_DEFER_MS after the last key, still on the member screen: its tick
 * saved it all, and it survives the power going. */
static void test_member_power_cut_after_the_second(void)
{
    report r;
    REQUIRE(power_cut_in(child_member, "wait 1000\n", &r) == 0);
    char got[64];
    draft_answer(NULL, r.uuid, "m_idno", got, sizeof got);
    CHECK_EQ_STR(got, MEMBER_IDNO);
}

/* Typed, then at once one way off the typing: the draft has all of it
 * before anything else happens. */
static void member_left(const char *how)
{
    flow f;
    REQUIRE(to_member(&f) == 0);
    char uuid[64], got[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_keys(&f, "1101"));
    draft_answer(f.st, uuid, "m_idno", got, sizeof got);
    CHECK_EQ_STR(got, "1"); /* the first key redraws the page (not a keystroke alone):
                             * saved at once; the rest waits, typed under a second ago */
    if (!strcmp(how, "exit")) {
        flow_close(&f); /* the program's exit destroys both screens */
        draft_answer(NULL, uuid, "m_idno", got, sizeof got);
        CHECK_EQ_STR(got, "1101");
        return;
    }
    if (!strcmp(how, "timeout")) {
        ui_app_end_session(f.u.app); /* the draft kept (ui.keep_draft_on_timeout) */
    } else if (!strcmp(how, "escape")) { /* closes the keyboard, then the screen */
        for (int i = 0; i < 3 && !strcmp(flow_top_name(&f), "form_member"); i++)
            OK(flow_run(&f, "key escape\n"));
        CHECK_EQ_STR(flow_top_name(&f), "form");
    } else {
        OK(flow_tap(&f, how));
    }
    draft_answer(f.st, uuid, "m_idno", got, sizeof got);
    CHECK_EQ_STR(got, "1101");
    if (!strcmp(how, "member.done")) /* refused (no name yet): still there, saved */
        CHECK_EQ_STR(flow_top_name(&f), "form_member");
    flow_close(&f);
}

static void test_member_saved_on_done(void) { member_left("member.done"); }
static void test_member_saved_on_back(void) { member_left("member.back"); }
static void test_member_saved_on_escape(void) { member_left("escape"); }
static void test_member_saved_on_timeout(void) { member_left("timeout"); }
static void test_member_saved_at_exit(void) { member_left("exit"); }

/* ---- a full disk (diskfull.h) ---- */

/* The disk fills while the member screen is on top with a keystroke's save
 * waiting: the member screen says the failure on its own page (the form
 * under it cannot be seen), each keystroke tries again, and the words go
 * once a save succeeds, with every digit typed in the draft. */
static void member_disk_full(int elderly)
{
    diskfull_install();
    flow f;
    REQUIRE(to_member_in(&f, elderly) == 0);
    char want[512]; /* the form screen's words */
    snprintf(want, sizeof want, core_str("form.save_failed"),
             core_str(store_error_key(STORE_ERR_FULL)));
    char uuid[64], got[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_keys(&f, "1101"));
    draft_answer(f.st, uuid, "m_idno", got, sizeof got);
    CHECK_EQ_STR(got, "1"); /* the rest waits for the tick */
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    diskfull_set(1);
    OK(flow_run(&f, "wait 1000\n")); /* the tick's save fails */
    CHECK(diskfull_refusals() > 0);
    CHECK_EQ_STR(flow_top_name(&f), "form_member");
    const char *m = ui_form_message(flow_top(&f));
    CHECK_EQ_STR(m ? m : "(none)", want);
    CHECK_EQ_INT(uitest_compare(&f.u, elderly ? "formui/ref/member-save-failed-1080x1920-elderly.png"
                                              : "formui/ref/member-save-failed-1080x1920.png"),
                 0);
    int refused = diskfull_refusals();
    OK(flow_keys(&f, "05")); /* each key tries again, and fails again */
    CHECK(diskfull_refusals() > refused);
    m = ui_form_message(flow_top(&f));
    CHECK_EQ_STR(m ? m : "(none)", want);
    draft_answer(f.st, uuid, "m_idno", got, sizeof got);
    CHECK_EQ_STR(got, "1");
    diskfull_set(0); /* room again: the next key's save succeeds at once */
    OK(flow_keys(&f, "1"));
    draft_answer(f.st, uuid, "m_idno", got, sizeof got);
    CHECK_EQ_STR(got, "1101051");
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    CHECK(ui_form_message(flow_form(&f)) == NULL); /* nor under it */
    CHECK_EQ_STR(flow_top_name(&f), "form_member");
    flow_close(&f);
    diskfull_remove();
}

static void test_member_disk_full(void) { member_disk_full(0); }
static void test_member_disk_full_large(void) { member_disk_full(1); }

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_saved_at_done);
    RUN(test_power_cut_within_the_second);
    RUN(test_power_cut_after_the_second);
    RUN(test_saved_at_the_end);
    RUN(test_date_step_saved_at_once);
    RUN(test_member_burst_few_writes);
    RUN(test_member_power_cut_within_the_second);
    RUN(test_member_power_cut_after_the_second);
    RUN(test_member_saved_on_done);
    RUN(test_member_saved_on_back);
    RUN(test_member_saved_on_escape);
    RUN(test_member_saved_on_timeout);
    RUN(test_member_saved_at_exit);
    RUN(test_member_disk_full);
    RUN(test_member_disk_full_large);
    return check_summary();
}
