/* test_items.c — each service item filled start to finish with valid data by
 * taps on the real screens (home tile, menu row, fields, keys, pinyin
 * candidates, list rows, signature strokes), through review and confirm to
 * the receipt; the filing must be in the store's outbox with the answers. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "flow.h"
#include "plat_clock.h"
#include "ui/core/text.h"
#include "ui/kb/ime/kb_ime.h"

#define OK(x) CHECK_EQ_INT((x), 0)

/* Checks the outbox holds filing uuid of form_id whose answers have the
 * given key=value pairs (NULL-terminated). */
static void check_filing(flow *f, const char *uuid, const char *form_id, const char **kv)
{
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    REQUIRE(store_filing_get(f->st, uuid, &fl) == STORE_OK);
    CHECK_EQ_STR(fl.form_id, form_id);
    cJSON *p = cJSON_Parse(fl.payload);
    REQUIRE(p != NULL);
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "form")), form_id);
    cJSON *ans = cJSON_GetObjectItem(p, "answers");
    CHECK(ans != NULL);
    for (; kv && kv[0]; kv += 2) {
        cJSON *v = cJSON_GetObjectItem(ans, kv[0]);
        char buf[256] = "";
        if (cJSON_IsString(v))
            snprintf(buf, sizeof buf, "%s", v->valuestring);
        else if (cJSON_IsNumber(v))
            snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
        else if (v) {
            char *t = cJSON_PrintUnformatted(v);
            snprintf(buf, sizeof buf, "%s", t);
            cJSON_free(t);
        }
        if (strcmp(buf, kv[1]))
            printf("  answer %s: got '%s', want '%s'\n", kv[0], buf, kv[1]);
        CHECK_EQ_STR(buf, kv[1]);
    }
    cJSON_Delete(p);
    store_filing_clear(&fl);
    /* the draft moved into the outbox */
    CHECK_EQ_INT(flow_drafts(f), 0);
}

/* Opens a tile (and a menu row when the tile has several items). */
static int start(flow *f, const char *tile, int row)
{
    char s[64];
    if (flow_tap(f, tile)) /* through the pages of tiles */
        return -1;
    if (row >= 0) {
        if (strcmp(flow_top_name(f), "menu"))
            return -1;
        snprintf(s, sizeof s, "menu.list.%d", row);
        if (flow_tap(f, s))
            return -1;
    }
    if (flow_manual(f))
        return -1;
    return ui_form_is(flow_top(f)) ? 0 : -1;
}

static size_t page(flow *f) { return form_inst_page(ui_form_inst(flow_form(f))); }

static int next(flow *f, size_t want_page)
{
    if (flow_tap(f, "form.next"))
        return -1;
    if (page(f) != want_page && !form_inst_at_review(ui_form_inst(flow_form(f)))) {
        const char *m = ui_form_message(flow_top(f));
        printf("  still on page %zu: %s\n", page(f), m ? m : "(no message)");
        return -1;
    }
    return 0;
}

/* The review page, the confirm dialog, the receipt, then a printed slip. */
static void finish(flow *f, const char *form_id, const char **kv)
{
    REQUIRE(form_inst_at_review(ui_form_inst(flow_form(f))));
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(f)));
    /* the confirmed filing is not in the outbox before the dialog's OK */
    OK(flow_tap(f, "form.next"));
    int n;
    store_outbox_count(f->st, &n);
    CHECK_EQ_INT(n, 0);
    OK(flow_tap(f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(f), "receipt");
    check_filing(f, uuid, form_id, kv);
    OK(flow_run(f, "tap @receipt.print\n"));
    CHECK_EQ_INT(f->prints, 1);
    CHECK(f->printed_len > 100);
    OK(flow_run(f, "tap @receipt.home\nexpect-screen home\n"));
}

/* The pledge agreed, a swipe up the pad (a finger moving the page) and a
 * dot on it are no signature: the answer stays empty, 下一步 stays on the
 * page with the pad's words in red in it; 重写 takes the ink away, and two
 * strokes across the pad sign. */
static void swipe_is_no_signature(flow *f)
{
    OK(flow_agree(f, "pledge"));
    ui_app_render(f->u.app, 0);
    SDL_Rect v, p;
    REQUIRE(ui_form_view(flow_top(f), &v) == 0 && ui_form_rect(flow_top(f), "signature", &p) == 0);
    REQUIRE(p.y >= v.y && p.y + p.h <= v.y + v.h);
    size_t at = page(f);
    SDL_Color red = ui_app_theme(f->u.app)->danger; /* inside the pad's border, red after 下一步 */
    char s[256];
    snprintf(s, sizeof s, "drag %d %d %d %d 200\ntap %d %d\n", p.x + p.w / 2, p.y + p.h * 5 / 6,
             p.x + p.w / 2 + 30, p.y + p.h / 6, p.x + p.w / 2 - 60, p.y + p.h / 2);
    OK(flow_run(f, s));
    const char *sig = form_inst_get(ui_form_inst(flow_form(f)), "signature");
    CHECK(!sig || !*sig);
    CHECK_EQ_INT(uitest_count_color(&f->u, p.x + 8, p.y + 8, p.w - 16, p.h / 3, red), 0); /* not while she signs */
    OK(flow_tap(f, "form.next"));
    CHECK_EQ_INT((int)page(f), (int)at);
    /* the page brought to the pad, its label at the view's top: where it is now */
    ui_app_render(f->u.app, 0);
    REQUIRE(ui_form_rect(flow_top(f), "signature", &p) == 0);
    CHECK(uitest_count_color(&f->u, p.x + 8, p.y + 8, p.w - 16, p.h / 3, red) > 200); /* 请在框里写下您的名字… */
    OK(flow_tap(f, "f.signature.resign"));
    CHECK_EQ_INT(uitest_count_color(&f->u, p.x + 8, p.y + 8, p.w - 16, p.h / 3, red), 0);
    OK(flow_sign(f, "signature")); /* two strokes across the pad: signed */
    sig = form_inst_get(ui_form_inst(flow_form(f)), "signature");
    CHECK(sig && !strncmp(sig, "sig-", 4) && strlen(sig) == 4 + 64 + 4);
}

static void sign_page(flow *f)
{
    OK(flow_agree(f, "pledge"));
    OK(flow_sign(f, "signature"));
    const char *sig = form_inst_get(ui_form_inst(flow_form(f)), "signature");
    CHECK(sig && !strncmp(sig, "sig-", 4) && strlen(sig) == 4 + 64 + 4);
}

static void test_pension_enrol(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "pension_enrol.db", 1) == 0);
    f.tap_keys = 1; /* every key tapped on the pads and the pinyin keyboard */
    REQUIRE(start(&f, "tile.pension", 0) == 0);
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_type(&f, "idno", "110105197005100014"));
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "age"), "56");
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(next(&f, 1));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(flow_choose(&f, "same_address", "no")); /* shows the residence address */
    OK(flow_hanzi(&f, "residence_address", "新村五组", "xin cun wu zu"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(next(&f, 2));
    OK(flow_choose(&f, "tier", "50000"));
    OK(next(&f, 3));
    OK(flow_type(&f, "sscard_no", "123456789"));
    OK(next(&f, 4));
    swipe_is_no_signature(&f);
    OK(next(&f, 5));
    const char *kv[] = {"name", "张三", "idno", "110105197005100014", "phone", "13812345678",
                        "hukou_address", "东风村三组", "residence_address", "新村五组", "tier", "50000",
                        "sex", "1", "pledge", "yes", NULL};
    finish(&f, "pension_enrol", kv);
    flow_close(&f);
}

static void test_pension_cert(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "pension_cert.db", 1) == 0);
    REQUIRE(start(&f, "tile.pension", 1) == 0);
    OK(flow_hanzi(&f, "name", "李秀英", "li xiu ying"));
    OK(flow_type(&f, "idno", "110105195506200030"));
    OK(flow_type(&f, "phone", "13912345678"));
    OK(next(&f, 1));
    OK(flow_hanzi(&f, "current_address", "东风村三组", "dong feng cun san zu"));
    OK(next(&f, 3)); /* the agent's page is skipped: she certifies herself */
    sign_page(&f);
    OK(next(&f, 4));
    const char *kv[] = {"name", "李秀英", "method", "self", "age", "71", NULL};
    finish(&f, "pension_cert", kv);
    flow_close(&f);
}

static void test_medical_enrol(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "medical_enrol.db", 1) == 0);
    REQUIRE(start(&f, "tile.medical", 0) == 0);
    OK(flow_hanzi(&f, "head_name", "王芳", "wang fang"));
    OK(flow_type(&f, "head_idno", "110105198501010071"));
    OK(next(&f, 1));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(next(&f, 2));
    /* a member on the member screen */
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f)); /* the member's card page: typed */
    CHECK_EQ_STR(flow_top_name(&f), "form_member");
    OK(flow_hanzi(&f, "m_name", "张三", "zhang san"));
    OK(flow_type(&f, "m_idno", "110105197005100014"));
    OK(flow_choose(&f, "m_relation", "spouse"));
    OK(flow_tap(&f, "member.done"));
    CHECK_EQ_STR(flow_top_name(&f), "form");
    CHECK_EQ_INT(form_inst_member_count(ui_form_inst(flow_form(&f)), "members"), 1);
    OK(next(&f, 3));
    OK(flow_choose(&f, "year", "2027"));
    OK(next(&f, 4));
    sign_page(&f);
    OK(next(&f, 5));
    const char *kv[] = {"head_name", "王芳", "year", "2027", "phone", "13812345678", NULL};
    finish(&f, "medical_enrol", kv);
    flow_close(&f);
}

static void test_medical_remote(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "medical_remote.db", 1) == 0);
    REQUIRE(start(&f, "tile.medical", 1) == 0);
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_type(&f, "idno", "110105197005100014"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_hanzi(&f, "insured_place", "本县", "ben xian"));
    OK(next(&f, 1));
    OK(flow_choose(&f, "dest_province", "11"));
    OK(flow_hanzi(&f, "dest_city", "北京", "bei jing"));
    OK(flow_choose(&f, "remote_type", "long_stay"));
    OK(next(&f, 2));
    OK(flow_tap(&f, "f.start_date.date.d.down")); /* tomorrow */
    OK(next(&f, 3));
    OK(next(&f, 4)); /* 证明材料: photos optional (a kiosk may have no camera) */
    sign_page(&f);
    OK(next(&f, 5));
    const char *kv[] = {"dest_province", "11", "dest_city", "北京", "remote_type", "long_stay",
                        "start_date", "2026-11-23", NULL};
    finish(&f, "medical_remote", kv);
    flow_close(&f);
}

static void test_dibao(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "dibao.db", 1) == 0);
    REQUIRE(start(&f, "tile.dibao", -1) == 0);
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_type(&f, "idno", "110105197005100014"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(next(&f, 1));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f)); /* the member's card page: typed */
    OK(flow_hanzi(&f, "m_name", "张三", "zhang san"));
    OK(flow_type(&f, "m_idno", "110105197005100014"));
    OK(flow_choose(&f, "m_relation", "self"));
    OK(flow_type(&f, "m_income", "300"));
    OK(flow_type(&f, "m_deposit", "1000.5"));
    OK(flow_tap(&f, "member.done"));
    CHECK_EQ_STR(flow_top_name(&f), "form");
    OK(next(&f, 2));
    OK(flow_hanzi(&f, "reason", "家里没有收入", "jia li mei you shou ru"));
    OK(next(&f, 3));
    OK(flow_type(&f, "bank_account", "6222020200112233446"));
    OK(flow_hanzi(&f, "bank_name", "信用社", "xin yong she"));
    OK(next(&f, 4));
    OK(next(&f, 5)); /* 证明材料: photos optional */
    sign_page(&f);
    OK(next(&f, 6));
    const char *kv[] = {"reason", "家里没有收入", "bank_account", "6222020200112233446",
                        "house_count", "1", NULL};
    finish(&f, "dibao", kv);
    flow_close(&f);
}

static void test_elderly_allowance(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "elderly.db", 1) == 0);
    OK(flow_run(&f, "elderly on\n")); /* the whole item in elderly mode */
    REQUIRE(start(&f, "tile.elderly", -1) == 0);
    OK(flow_hanzi(&f, "name", "李秀英", "li xiu ying"));
    OK(flow_type(&f, "idno", "110105194003150022"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(next(&f, 1));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(next(&f, 2));
    OK(flow_type(&f, "bank_account", "6222020200112233446"));
    OK(flow_hanzi(&f, "bank_name", "信用社", "xin yong she"));
    OK(next(&f, 3));
    sign_page(&f);
    OK(next(&f, 4));
    const char *kv[] = {"name", "李秀英", "age", "86", "sex", "2", NULL};
    finish(&f, "elderly_allowance", kv);
    flow_close(&f);
}

static void test_disability(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "disability.db", 1) == 0);
    REQUIRE(start(&f, "tile.disability", -1) == 0);
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_type(&f, "idno", "410102198008080051"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_hanzi(&f, "hukou_address", "东风村三组", "dong feng cun san zu"));
    OK(next(&f, 1));
    OK(flow_type(&f, "cert_no", "41010219800808005141"));
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "grade"), "1");
    { /* its box reads in groups like the ID number's, and the two after them:
       * the ink in the box as wide as the grouped number, not the bare one */
        const ui_theme *t = ui_app_theme(f.u.app);
        text_ctx *tx = ui_app_text(f.u.app);
        SDL_Rect box, ink;
        REQUIRE(uitest_target_rect(f.u.app, "f.cert_no", &box) == 0);
        REQUIRE(uitest_color_box(&f.u, &box, t->ink, &ink) > 0);
        int grouped = text_width(tx, "410102\u00a019800808\u00a00051\u00a041", t->px_title, TEXT_BOLD);
        int bare = text_width(tx, "41010219800808005141", t->px_title, TEXT_BOLD);
        CHECK(grouped > bare + 12);
        CHECK(abs(ink.w - grouped) < abs(ink.w - bare));
    }
    OK(next(&f, 2));
    OK(flow_choose(&f, "subsidy_types", "care"));
    OK(next(&f, 3));
    OK(flow_type(&f, "bank_account", "6222020200112233446"));
    OK(flow_hanzi(&f, "bank_name", "信用社", "xin yong she"));
    OK(next(&f, 4));
    OK(next(&f, 5)); /* 证明材料: photos optional */
    sign_page(&f);
    OK(next(&f, 6));
    const char *kv[] = {"cert_no", "41010219800808005141", "subsidy_types", "[\"care\"]",
                        "category", "4", NULL};
    finish(&f, "disability_subsidy", kv);
    flow_close(&f);
}

typedef struct {
    SDL_Rect field, kb, keys;
    int nkeys;
} short_screen;

static void find_rects(void *ud, const char *id, const SDL_Rect *r)
{
    short_screen *s = ud;
    if (!strcmp(id, "f.receipt_no"))
        s->field = *r;
    else if (!strcmp(id, "fb.block"))
        s->kb = *r;
    else if (!strncmp(id, "kb.k.", 5)) {
        s->nkeys++;
        if (r->y + r->h > s->keys.y + s->keys.h)
            s->keys = *r; /* the lowest key */
    }
}

/* The 1280x800 tablet: the letters keyboard fits beside the page, all of it
 * on the screen, and the box being typed in stays in sight, not behind it. */
static void test_short_screen(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1280, 800, "short.db", 1) == 0);
    REQUIRE(start(&f, "tile.query", -1) == 0);
    OK(flow_choose(&f, "method", "by_receipt"));
    OK(next(&f, 1));
    OK(flow_tap(&f, "f.receipt_no"));
    OK(flow_run(&f, "tap @kb.k.C\ntap @kb.k.Z\ntap @kb.k.7\n"));
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "receipt_no"), "CZ7");
    short_screen s;
    memset(&s, 0, sizeof s);
    ui_app_render(f.u.app, 0);
    ui_app_each_target(f.u.app, find_rects, &s);
    CHECK_EQ_INT(s.nkeys, 37 + 2); /* 0-9, A-Z, '-', backspace, clear */
    CHECK(s.kb.h > 0 && s.field.h > 0);
    CHECK(s.field.y >= 0 && s.field.y + s.field.h <= 800 && /* the box is in sight */
          (s.field.x + s.field.w <= s.kb.x || s.field.y + s.field.h <= s.kb.y));
    CHECK(s.keys.y + s.keys.h <= 800);
    flow_close(&f);
}

static void test_query(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "query.db", 1) == 0);
    /* one filing waiting and one acknowledged, for the same villager */
    const char *u1 = "0f8fad5b-d9cb-469f-a165-70867728950e", *u2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    REQUIRE(store_draft_save(f.st, u1, "dibao", 1, 0, "{}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(f.st, u1, "最低生活保障申请", "{}", "110105197005100014") == STORE_OK);
    REQUIRE(store_draft_save(f.st, u2, "pension_enrol", 1, 0, "{}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(f.st, u2, "城乡居民基本养老保险参保登记", "{}",
                                 "110105197005100014") == STORE_OK);
    REQUIRE(store_filing_ack(f.st, u2, "R2026112200001", STORE_STATUS_ACCEPTED, 0) == STORE_OK);
    REQUIRE(start(&f, "tile.query", -1) == 0);
    OK(flow_choose(&f, "method", "by_id"));
    OK(next(&f, 1));
    OK(flow_type(&f, "idno", "110105197005100014"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_STR(flow_top_name(&f), "query_result");
    OK(flow_run(&f, "expect-target @query.list.0\nexpect-target @query.list.1\n"));
    /* by receipt number, typed by the scanner */
    OK(flow_run(&f, "tap @ferr.back\nexpect-screen form\n"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_choose(&f, "method", "by_receipt"));
    OK(next(&f, 1));
    OK(flow_tap(&f, "f.receipt_no"));
    OK(flow_run(&f, "text r2026112200001\n"));
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "receipt_no"), "R2026112200001");
    /* and on the screen's letters-and-digits keys, copied from the paper */
    OK(flow_run(&f, "tap @kb.k.clear\n"));
    const char *cleared = form_inst_get(ui_form_inst(flow_form(&f)), "receipt_no");
    CHECK(cleared == NULL || !*cleared);
    for (const char *p = "R2026112200001"; *p; p++) {
        char tap[32];
        snprintf(tap, sizeof tap, "tap @kb.k.%c\n", *p);
        OK(flow_run(&f, tap));
    }
    CHECK_EQ_STR(form_inst_get(ui_form_inst(flow_form(&f)), "receipt_no"), "R2026112200001");
    OK(flow_tap(&f, "form.next"));
    OK(flow_run(&f, "expect-screen query_result\nexpect-target @query.list.0\n"));
    /* a query leaves no draft */
    CHECK_EQ_INT(flow_drafts(&f), 0);
    flow_close(&f);
}

/* A member's date keeps its field's bounds, as the form's own dates do: a
 * child's 出生日期 (not after today) starts on this year, whose ▼ into next
 * year is not there; a year back it is. The year wheel steps ten years too. */
/* 计划生育 for a widow (no spouse asked), on its 生育情况 page; the
 * answers, or NULL if it did not get there. */
static form_inst *children_page(flow *f, const char *db)
{
    if (flow_open(f, 1080, 1920, db, 1) || start(f, "tile.rural", 0))
        return NULL;
    form_inst *in = ui_form_inst(flow_form(f));
    char err[256];
    static const char *const kv[] = {"name",        "王秀兰",     "idno",
                                     "110105195803120037", "hukou_address", "青山村四组",
                                     "phone",       "13600000000", "hukou_type", "rural",
                                     "marital",     "widowed"};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        if (form_inst_set(in, kv[i], kv[i + 1], err, sizeof err) != FORM_OK)
            return NULL;
    return next(f, 1) || next(f, 2) ? NULL : in;
}

static void test_member_date(void)
{
    flow f;
    form_inst *in = children_page(&f, "member-date.db");
    REQUIRE(in != NULL);
    char err[256];
    CHECK_EQ_INT(form_inst_set(in, "situation", "one", err, sizeof err), FORM_OK);
    OK(flow_run(&f, "tap @f.children.add\nexpect-screen form_member\n"
                    "expect-target @f.c_birth.date.y.up\n"));
    CHECK(uitest_run(&f.u, "expect-target @f.c_birth.date.y.down\n") != 0); /* this year */
    OK(flow_run(&f, "tap @f.c_birth.date.y.up\n")); /* a year back: still in range */
    OK(flow_run(&f, "expect-target @f.c_birth.date.y.down\n"));
    /* a child born forty-two years ago: four ten-year steps and two of one,
     * not forty-two; ten years on from then stays in range, from last year not */
    CHECK(uitest_run(&f.u, "expect-target @f.c_birth.date.y.down10\n") != 0);
    int y, m, d;
    plat_clock_local(&y, &m, &d, NULL, NULL, NULL);
    OK(flow_run(&f, "tap @f.c_birth.date.y.up10\ntap @f.c_birth.date.y.up10\n"
                    "tap @f.c_birth.date.y.up10\ntap @f.c_birth.date.y.up10\n"
                    "tap @f.c_birth.date.y.up\nexpect-target @f.c_birth.date.y.down10\n"));
    char want[48];
    snprintf(want, sizeof want, "%04d-%02d-%02d", y - 42, m, d);
    CHECK_EQ_STR(form_inst_member_get(in, "children", 0, "c_birth"), want);
    OK(flow_run(&f, "tap @f.c_birth.date.y.down10\n"));
    snprintf(want, sizeof want, "%04d-%02d-%02d", y - 32, m, d);
    CHECK_EQ_STR(form_inst_member_get(in, "children", 0, "c_birth"), want);
    flow_close(&f);
}

/* 计划生育 through the real screens: 只生育两个女孩 with a son and a
 * daughter listed stays on 生育情况 and says why (a count's where); the son
 * put right as a daughter on his member screen, 下一步 goes on. */
static void test_two_girls(void)
{
    flow f;
    form_inst *in = children_page(&f, "two-girls.db");
    REQUIRE(in != NULL);
    char err[256];
    OK(flow_choose(&f, "situation", "two_girls"));
    static const char *const kid[2][3] = {{"王大宝", "1984-03-01", "1"}, {"王小花", "1987-06-01", "2"}};
    for (int k = 0; k < 2; k++) {
        OK(flow_tap(&f, "f.children.add"));
        OK(flow_run(&f, "expect-screen form_member\n"));
        CHECK_EQ_INT(form_inst_member_set(in, "children", k, "c_name", kid[k][0], err, sizeof err),
                     FORM_OK);
        CHECK_EQ_INT(form_inst_member_set(in, "children", k, "c_birth", kid[k][1], err, sizeof err),
                     FORM_OK);
        OK(flow_choose(&f, "c_sex", kid[k][2]));
        OK(flow_choose(&f, "c_alive", "yes"));
        OK(flow_tap(&f, "member.done"));
        CHECK(ui_form_is(flow_top(&f)));
    }
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT((int)page(&f), 2);
    const char *m = ui_form_message(flow_top(&f));
    CHECK(m && !strcmp(m, "选了“只生育两个女孩”，两个孩子的性别都要选“女”，请核对"));
    OK(flow_tap(&f, "f.children.edit.0"));
    OK(flow_run(&f, "expect-screen form_member\n"));
    OK(flow_choose(&f, "c_sex", "2"));
    OK(flow_tap(&f, "member.done"));
    OK(next(&f, 3));
    flow_close(&f);
}

/* 参保登记 for 110105197005100014, typed, to the receipt; uuid gets the
 * filing's. again: 还要再办一次 when the form asks (a second filing). */
static int pension_typed(flow *f, int again, char uuid[37])
{
    if (start(f, "tile.pension", 0))
        return -1;
    form_inst *in = ui_form_inst(flow_form(f));
    char err[256];
    static const char *const kv[] = {"name", "张三", "idno", "110105197005100014",
                                     "hukou_address", "青山村四组", "hukou_type", "agri"};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        if (form_inst_set(in, kv[i], kv[i + 1], err, sizeof err) != FORM_OK)
            return -1;
    if (flow_tap(f, "form.next") ||
        (again && (flow_run(f, "expect-target @form.dlg.cancel\n") || flow_again(f))) ||
        page(f) != 1 ||
        flow_choose(f, "same_address", "yes") || flow_type(f, "phone", "13812345678") ||
        next(f, 2) || flow_choose(f, "tier", "50000") || next(f, 3) ||
        flow_type(f, "sscard_no", "123456789") || next(f, 4) || flow_agree(f, "pledge") ||
        flow_sign(f, "signature") || next(f, 5))
        return -1;
    snprintf(uuid, 37, "%s", ui_form_uuid(flow_form(f)));
    if (flow_tap(f, "form.next") || flow_tap(f, "form.dlg.ok") ||
        strcmp(flow_top_name(f), "receipt"))
        return -1;
    return flow_run(f, "tap @receipt.home\nexpect-screen home\n");
}

/* The same person starting the same item while her first filing is in hand
 * (waiting to upload, then 已受理 at the county) is told when she filed it
 * and asked: 不用再办，回首页 leaves, no draft kept; 还要再办一次 goes on. A
 * returned or finished one asks nothing (去补正 has its own way). */
static void test_filed_again(void)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "filed-again.db", 1) == 0);
    char first[37], second[37];
    REQUIRE(pension_typed(&f, 0, first) == 0);
    /* again: the question, with her filing's day and where it stands */
    REQUIRE(start(&f, "tile.pension", 0) == 0);
    OK(flow_type(&f, "idno", "110105197005100014")); /* she is known once it is whole */
    OK(flow_run(&f, "expect-target @form.dlg.ok\nexpect-target @form.dlg.cancel\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/filed-again.png"), 0);
    OK(flow_run(&f, "elderly on\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/filed-again-large.png"), 0);
    OK(flow_run(&f, "elderly off\n"));
    /* 不用再办: home, and no draft of it kept */
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "home");
    CHECK_EQ_INT(flow_drafts(&f), 0);
    /* the county has it (已受理): asked again, saying so */
    REQUIRE(store_filing_ack(f.st, first, "CZ202611220001", STORE_STATUS_ACCEPTED, 1) == STORE_OK);
    REQUIRE(start(&f, "tile.pension", 0) == 0);
    OK(flow_type(&f, "idno", "110105197005100014")); /* she is known once it is whole */
    OK(flow_run(&f, "expect-target @form.dlg.cancel\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/filed-again-accepted.png"), 0);
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "home");
    /* 还要再办一次 files a second */
    REQUIRE(pension_typed(&f, 1, second) == 0);
    CHECK(strcmp(first, second) != 0);
    /* returned: nothing asked (its correction is 去补正's) */
    REQUIRE(store_filing_ack(f.st, second, "CZ202611220002", STORE_STATUS_RETURNED, 2) ==
            STORE_OK);
    REQUIRE(store_receipt_set_status(f.st, "CZ202611220001", STORE_STATUS_DONE, 3, NULL) ==
            STORE_OK);
    REQUIRE(start(&f, "tile.pension", 0) == 0);
    OK(flow_type(&f, "idno", "110105197005100014")); /* she is known once it is whole */
    CHECK(flow_run(&f, "expect-target @form.dlg.cancel\n") != 0);
    flow_close(&f);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_pension_enrol);
    RUN(test_pension_cert);
    RUN(test_medical_enrol);
    RUN(test_medical_remote);
    RUN(test_dibao);
    RUN(test_elderly_allowance);
    RUN(test_disability);
    RUN(test_query);
    RUN(test_member_date);
    RUN(test_two_girls);
    RUN(test_filed_again);
    RUN(test_short_screen);
    kb_ime_uninstall();
    return check_summary();
}
