/* test_draft_images.c — a deleted draft takes its images off the disk at
 * once, through the real screens and the real store: the signature (and, on
 * 低保, the photo of the 户口簿) a villager gave are files in the data folder
 * (signatures/, photos/), and when her draft is deleted they go right away,
 * not at the next start's sweep or a day later — unless another draft or a
 * pending filing still names them.
 *
 *   重新开始: she signed 低保 and took a photo, left; back with her number
 *      typed and the four digits, 重新开始 deletes the draft: the signature
 *      and the photo are gone. While a second draft names the same files,
 *      they stay.
 *   Her item filed with her card: her other draft of it (one begun by
 *      typing, signed) is deleted, and its signature with it; the signature
 *      of the draft she filed stays, named by the pending filing.
 *   A draft past its keep time, expired when another villager files (on the
 *      screen's thread): its signature goes with it.
 *   An agent's draft whose confirm was refused after the villager signed
 *      the consent, discarded when the session ends (drafts not kept): the
 *      signature and the consent image go with it.
 *   A villager who signs and walks away (drafts not kept): her signature
 *      goes with the draft (as it did before; the screen's discard now goes
 *      through the store's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "check.h"
#include "fixtures.h"
#include "flow.h"
#include "core/config.h"
#include "plat_paths.h"
#include "ui/core/session.h"
#include "ui/kb/ime/kb_ime.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

/* 1 if image name (a signature or a photo) is a file in the data folder. */
static int on_disk(const char *name)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s/%s", plat_paths_data(),
             !strncmp(name, "sig-", 4) ? "signatures" : "photos", name);
    return access(path, F_OK) == 0;
}

/* The answer key of the form on the screen into out ("" if none). */
static void answer(flow *f, const char *key, char *out, size_t n)
{
    const char *v = form_inst_get(inst(f), key);
    snprintf(out, n, "%s", v ? v : "");
}

/* 低保 for 张三 (number and phone typed) to its 证明材料 page, a photo of
 * the 户口簿 taken, then 下一步, the pledge and her signature: the photo's
 * and the signature's names into photo and sig, the draft's uuid into uuid,
 * and 返回 (kept: her number and phone bring it back). 0 or -1. */
static int dibao_signed_left(flow *f, char *photo, char *sig, char *uuid)
{
    if (flow_to_photos(f) ||
        flow_run(f, "tap @f.hukou_photo.photo\nwait 200\ntap @cam.shoot\ntap @cam.use\n"
                    "settle 10000\nexpect-screen form\n") ||
        flow_tap(f, "form.next") || flow_agree(f, "pledge") || flow_sign(f, "signature"))
        return -1;
    answer(f, "hukou_photo", photo, 80);
    answer(f, "signature", sig, 80);
    snprintf(uuid, 64, "%s", ui_form_uuid(flow_form(f)));
    return flow_run(f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen home\n");
}

/* 重新开始 on her kept 低保 draft: her number typed, then the four digits.
 * 0 or -1. */
static int dibao_restart(flow *f)
{
    if (flow_tap(f, "tile.dibao") || flow_manual(f) || flow_type(f, "idno", "110105197005100014"))
        return -1;
    return flow_run(f, "expect-target @form.dlg.cancel\ntap @form.dlg.cancel\n"
                       "expect-screen form_owner\ntext 5678\ntap @owner.go\nexpect-screen form\n");
}

static void test_restart(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "draft-images-restart.db", 1) == 0);
    f.sv.camera_source = check_asset("camera");
    ui_app_set_services(f.u.app, &f.sv);
    char photo[80], sig[80], uuid[64];
    REQUIRE(dibao_signed_left(&f, photo, sig, uuid) == 0);
    CHECK_EQ_INT((int)strlen(photo), 74);
    CHECK(!strncmp(sig, "sig-", 4));
    CHECK(on_disk(photo) && on_disk(sig));
    CHECK_EQ_INT(flow_drafts(&f), 1);

    /* a second draft names the same files: 重新开始 on one leaves them */
    const char *twin = "0f8fad5b-d9cb-469f-a165-70867728950e";
    OK(flow_copy_draft(&f, uuid, twin));
    OK(dibao_restart(&f));
    char a1[80], a2[80];
    flow_draft_answer(f.st, uuid, "signature", a1, sizeof a1);
    flow_draft_answer(f.st, twin, "signature", a2, sizeof a2);
    CHECK_EQ_INT(!strcmp(a1, "-") + !strcmp(a2, "-"), 1); /* one of them deleted */
    CHECK(on_disk(photo) && on_disk(sig));
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen home\n"));
    /* (the form she began again, her number alone in it, left too) */
    store_draft *d;
    size_t n;
    REQUIRE(store_draft_list(f.st, &d, &n) == STORE_OK);
    for (size_t i = 0; i < n; i++) /* the new one goes: only the signed one is left */
        if (strcmp(d[i].uuid, uuid) && strcmp(d[i].uuid, twin))
            OK(store_draft_delete(f.st, d[i].uuid));
    store_draft_list_free(d, n);
    CHECK_EQ_INT(flow_drafts(&f), 1);

    /* 重新开始 on the last draft naming them: both files gone at once */
    OK(dibao_restart(&f));
    CHECK(!on_disk(photo));
    CHECK(!on_disk(sig));
    char left[80];
    flow_draft_answer(f.st, uuid, "signature", left, sizeof left);
    CHECK_EQ_STR(left, "-");
    flow_draft_answer(f.st, twin, "signature", left, sizeof left);
    CHECK_EQ_STR(left, "-");
    flow_close(&f);
}

/* Signs field key as flow_sign does, then a third stroke along row
 * `stroke` of the pad: each villager's signature its own image (the image
 * is named by its bytes). 0 or -1. */
static int sign_own(flow *f, const char *key, int stroke)
{
    SDL_Rect p;
    if (flow_sign(f, key) || ui_form_rect(flow_top(f), key, &p))
        return -1;
    char s[160];
    int y = p.y + p.h * (2 + stroke) / 8;
    snprintf(s, sizeof s, "drag %d %d %d %d 96\n", p.x + p.w / 8, y, p.x + p.w * 7 / 8, y + 20);
    return flow_run(f, s);
}

static int stroke_no;

/* 参保登记 from the page after the card's (or the typed) first page to its
 * signature, signed (each time another signature). 0 or -1. */
static int pension_to_signed(flow *f, const char *hukou, const char *phone)
{
    if (flow_choose(f, "ethnicity", "01") || flow_choose(f, "hukou_type", hukou) ||
        flow_tap(f, "form.next") ||
        flow_hanzi(f, "hukou_address", "东风村三组", "dong feng cun san zu") ||
        flow_choose(f, "same_address", "yes") || flow_type(f, "phone", phone) ||
        flow_tap(f, "form.next") || flow_choose(f, "tier", "50000") || flow_tap(f, "form.next") ||
        flow_type(f, "sscard_no", "123456789") || flow_tap(f, "form.next") ||
        flow_agree(f, "pledge") || sign_own(f, "signature", stroke_no++ % 4))
        return -1;
    return 0;
}

static int open_pension(flow *f)
{
    if (flow_run(f, "tap @tile.pension\nexpect-screen menu\n") || flow_tap(f, "menu.list.0"))
        return -1;
    return ui_form_is(flow_top(f)) && !flow_run(f, "expect-target @card.manual\n") ? 0 : -1;
}

static const char *LEAVE = "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n";

/* The signature the pending filing uuid names ("" if none). */
static void filed_signature(flow *f, const char *uuid, char *out, size_t n)
{
    out[0] = '\0';
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    if (store_filing_get(f->st, uuid, &fl) == STORE_OK) {
        const char *p = fl.payload ? strstr(fl.payload, "sig-") : NULL;
        if (p)
            snprintf(out, n, "%.*s", (int)strcspn(p, "\""), p);
    }
    store_filing_clear(&fl);
}

static void test_filed_with_card(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "draft-images-filed.db", 1) == 0);
    flow_reader(&f, check_idcards());
    /* 李建国 begins it with his card, signs, leaves */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n"));
    REQUIRE(pension_to_signed(&f, "nonagri", "13907174321") == 0);
    char card_uuid[64], card_sig[80];
    snprintf(card_uuid, sizeof card_uuid, "%s", ui_form_uuid(flow_form(&f)));
    answer(&f, "signature", card_sig, sizeof card_sig);
    OK(flow_run(&f, LEAVE));
    /* and again with his number typed (his card's draft not offered to a
     * number), signs, leaves */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "李建国", "li jian guo"));
    OK(flow_type(&f, "idno", "420506194809170031"));
    REQUIRE(pension_to_signed(&f, "agri", "13907174321") == 0);
    char typed_uuid[64], typed_sig[80];
    snprintf(typed_uuid, sizeof typed_uuid, "%s", ui_form_uuid(flow_form(&f)));
    answer(&f, "signature", typed_sig, sizeof typed_sig);
    OK(flow_run(&f, LEAVE));
    CHECK_EQ_INT(flow_drafts(&f), 2);
    CHECK(strcmp(card_sig, typed_sig) != 0);
    CHECK(on_disk(card_sig) && on_disk(typed_sig));

    /* his card: a draft of his offered and taken, filed as it stands */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\ntap @form.dlg.ok\nexpect-screen form\n"));
    char filed[64];
    snprintf(filed, sizeof filed, "%s", ui_form_uuid(flow_form(&f)));
    REQUIRE(!strcmp(filed, card_uuid) || !strcmp(filed, typed_uuid));
    const char *other_sig = strcmp(filed, card_uuid) ? card_sig : typed_sig;
    const char *own_sig = strcmp(filed, card_uuid) ? typed_sig : card_sig;
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    OK(flow_submit(&f));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    /* the other draft of his is gone, and its signature with it */
    CHECK_EQ_INT(flow_drafts(&f), 0);
    CHECK(!on_disk(other_sig));
    /* the one the pending filing names stays */
    char named[80];
    filed_signature(&f, filed, named, sizeof named);
    CHECK_EQ_STR(named, own_sig);
    CHECK(on_disk(own_sig));
    flow_close(&f);
}

static int64_t now_ms = 1795311000LL * 1000;
static int64_t test_clock(void *ud)
{
    (void)ud;
    return now_ms;
}

/* Opens db on the test's clock with drafts kept a week; 李建国 begins 参保登记
 * with his card, signs and leaves: his signature's name into sig. 0 or -1. */
static int signed_on_clock(flow *f, const char *db, char *sig, size_t n)
{
    if (flow_open(f, 1080, 1920, db, 1) != 0)
        return -1;
    flow_reader(f, check_idcards());
    store_set_clock(f->st, test_clock, NULL);
    store_set_draft_keep(f->st, 7LL * 24 * 3600 * 1000);
    if (open_pension(f) || flow_run(f, "idcard 2\nexpect-target @form.next\n") ||
        pension_to_signed(f, "nonagri", "13907174321"))
        return -1;
    answer(f, "signature", sig, n);
    return flow_run(f, LEAVE);
}

static void test_expired_at_filing(void)
{
    flow f;
    char old_sig[80];
    /* 李建国 signs and leaves; eight days pass */
    REQUIRE(signed_on_clock(&f, "draft-images-expired.db", old_sig, sizeof old_sig) == 0);
    OK(flow_run(&f, "tap @menu.back\nexpect-screen home\n"));
    CHECK(on_disk(old_sig));
    now_ms += 8LL * 24 * 3600 * 1000;
    /* 张秀英 files it with her card: at her confirm his draft expires, and
     * its signature goes with it; hers stays with her filing */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 1\nexpect-target @form.next\n"));
    REQUIRE(pension_to_signed(&f, "agri", "13812345678") == 0);
    char uuid[64], sig[80];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    answer(&f, "signature", sig, sizeof sig);
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    OK(flow_submit(&f));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    CHECK_EQ_INT(flow_drafts(&f), 0);
    CHECK(!on_disk(old_sig));
    CHECK(on_disk(sig));
    flow_close(&f);
}

/* A draft taken up again just before its keeping time ends is not expired
 * under her (the upload thread's daily expiry, here called in its place)
 * before her first answer: its signature stays on disk, and she files it. */
static void test_resumed_kept(void)
{
    flow f;
    char sig[80];
    REQUIRE(signed_on_clock(&f, "draft-images-resumed.db", sig, sizeof sig) == 0);
    /* six days and 23 hours later he takes it up again with his card */
    now_ms += (7LL * 24 - 1) * 3600 * 1000;
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\ntap @form.dlg.ok\nexpect-screen form\n"));
    /* two hours on, before he answers anything, the daily expiry runs */
    now_ms += 2LL * 3600 * 1000;
    int n = -1;
    CHECK_EQ_INT(store_draft_expire(f.st, &n), STORE_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(flow_drafts(&f), 1);
    CHECK(on_disk(sig));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    OK(flow_submit(&f));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    CHECK(on_disk(sig));
    flow_close(&f);
}

/* A body builder that cannot express the filing: the confirm is refused,
 * the draft stays (as when an image cannot be read). */
static char *no_body(const store_envelope *e, void *ud)
{
    (void)e;
    (void)ud;
    return NULL;
}

static void test_agent_discards(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "draft-images-agent.db", 1) == 0);
    flow_reader(&f, check_idcards());
    char err[128];
    OK(core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "0", err, sizeof err));
    /* an agent files for 李建国: his signature, then his consent signed; the
     * confirm refused, the draft and both images stay */
    ui_app_agent_sign_in(f.u.app, "A0012", "李桂兰");
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n"));
    REQUIRE(pension_to_signed(&f, "nonagri", "13907174321") == 0);
    char uuid[64], sig[80], consent[1400];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    answer(&f, "signature", sig, sizeof sig);
    snprintf(consent, sizeof consent, "%s/consent/%s.png", plat_paths_data(), uuid);
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    store_set_body_fn(f.st, no_body, NULL);
    OK(flow_run(&f, "tap @form.next\ntap @form.dlg.ok\nexpect-screen agent_consent\n"));
    OK(flow_sign_consent(&f));
    OK(flow_run(&f, "tap @consent.ok\nexpect-screen form_error\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    CHECK(on_disk(sig));
    CHECK_EQ_INT(access(consent, F_OK), 0);
    /* the session ends, drafts not kept: the draft goes, and both images */
    ui_app_end_session(f.u.app);
    CHECK_EQ_STR(flow_top_name(&f), "home");
    CHECK_EQ_INT(flow_drafts(&f), 0);
    CHECK(!on_disk(sig));
    CHECK(access(consent, F_OK) != 0);
    flow_close(&f);
}

/* A villager signs and walks away (drafts not kept at the timeout): the
 * draft goes, and her signature with it (as before: a guard on the screen's
 * discard, which now goes through the store's). */
static void test_walks_away(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "draft-images-unsaved.db", 1) == 0);
    flow_reader(&f, check_idcards());
    char err[128];
    OK(core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "0", err, sizeof err));
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n"));
    REQUIRE(pension_to_signed(&f, "nonagri", "13907174321") == 0);
    char sig[80];
    answer(&f, "signature", sig, sizeof sig);
    CHECK(on_disk(sig));
    ui_app_end_session(f.u.app);
    CHECK_EQ_INT(flow_drafts(&f), 0);
    CHECK(!on_disk(sig));
    flow_close(&f);
}

int main(void)
{
    char err[512];
    if (sodium_init() < 0 || kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_restart);
    RUN(test_filed_with_card);
    RUN(test_expired_at_filing);
    RUN(test_resumed_kept);
    RUN(test_agent_discards);
    RUN(test_walks_away);
    kb_ime_uninstall();
    return check_summary();
}
