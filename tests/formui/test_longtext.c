/* test_longtext.c — every length the form loader accepts reaches the county
 * through the real screens. 临时救助's 发生了什么 (multiline, 300 characters):
 *
 *   normal text: 300 characters typed by pinyin (sentences, each taken with
 *   its first candidate, and line breaks from the 换行 key), the 301st
 *   refused without losing any; the box wraps and grows; the power goes and
 *   the draft comes back whole; the review page shows the answer whole; the
 *   filing is confirmed, its slip printed and uploaded to county-sim over
 *   TLS, whose body has all 300 characters and the line breaks.
 *
 *   large text: the handwriting pad (the real Zinnia engine, the strokes of
 *   tests/ime/hand-strokes.txt) writes the last characters and its 换行 key a
 *   line break; the 301st written character is refused; the review page.
 *   The same on a 1280x800 tablet, where the pad is a square beside the
 *   page with its keys beside it.
 *
 * A one-line field has no 换行 key in either layout. Few frames: typing
 * goes by sentences, the screenshots are the five reference images. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sqlite3.h>

#include "check.h"
#include "core/utf8.h"
#include "fixtures.h"
#include "journey.h"
#include "plat_display.h"
#include "ui/core/session.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/kb/kb.h"

#define OK(x) CHECK_EQ_INT((x), 0)
#define MAX 300 /* what_happened's max_len */
/* the letters of 我家发生了火灾房子烧没了 (12 characters), typed as two
 * strings (a typed-text event holds 31 bytes); the engine's first sentence
 * is taken as it comes. 35 letters: the last three are refused (32 wait at
 * most; test_ime_input.c), so the sentence ends in 么 */
static const char *const LONG[] = {"wojiafashenglehuozai", "fangzishaomeile"};

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

static void set(flow *f, const char *key, const char *v)
{
    char err[256];
    if (form_inst_set(inst(f), key, v, err, sizeof err) != FORM_OK)
        printf("  %s: %s\n", key, err);
}

static size_t chars(const char *s) { return s ? utf8_count(s) : 0; }

static const char *answer(flow *f) { return form_inst_get(inst(f), "what_happened"); }

/* Taps the keys of letters after a full frame with a sentinel pixel in the
 * title band: 0 if the sentinel stays (the frame was partial)
 * and the partial frame is, pixel for pixel, the screen drawn in full. */
static int partial_typing(flow *f, const char *letters)
{
    ui_app *a = f->u.app;
    int w, h;
    plat_display_size(f->u.disp, &w, &h);
    size_t n = (size_t)w * (size_t)h * 4, si = ((size_t)40 * (size_t)w + (size_t)(w - 40)) * 4;
    uint8_t *part = malloc(n), *full = malloc(n);
    int rc = -1;
    ui_app_render(a, 1);
    uitest_sentinel(a, &(SDL_Rect){w - 40, 40, 1, 1});
    for (const char *l = letters; *l; l++) { /* each key tapped: down, up */
        char id[16];
        int x, y;
        snprintf(id, sizeof id, "kb.k.%c", *l);
        if (ui_app_find_target(a, id, &x, &y) == 0) {
            uitest_send(a, PLAT_EV_DOWN, x, y);
            uitest_send(a, PLAT_EV_UP, x, y);
        }
    }
    if (part && full) {
        ui_app_render(a, 0);
        plat_display_read_rgba(f->u.disp, part);
        int kept = part[si] == 255 && part[si + 1] == 0 && part[si + 2] == 255;
        ui_app_render(a, 1);
        plat_display_read_rgba(f->u.disp, full);
        memcpy(part + si, full + si, 4);
        rc = kept && !memcmp(part, full, n) ? 0 : -1;
        if (rc)
            printf("  typing %s: %s\n", letters, kept ? "the partial frame differs" : "a whole frame");
    }
    free(part);
    free(full);
    return rc;
}

/* 1 if target id is drawn on the current frame. */
static int shows(flow *f, const char *id)
{
    int x, y;
    ui_app_render(f->u.app, 0);
    return ui_app_find_target(f->u.app, id, &x, &y) == 0;
}

/* 临时救助 from its tile: who she is typed in (the answers the test does
 * not look at are set directly), then page 2 with its kind. */
static void open_relief(flow *f, int elderly)
{
    if (elderly)
        REQUIRE(flow_run(f, "elderly on\n") == 0);
    OK(flow_tap(f, "tile.relief"));
    OK(flow_tap(f, "menu.list.0"));
    OK(flow_manual(f));
    REQUIRE(ui_form_is(flow_top(f)));
    set(f, "name", "王秀兰");
    set(f, "idno", "110105197005100014");
    set(f, "hukou_address", "青山村四组");
    set(f, "phone", "13600000000");
    OK(journey_next(f, 1));
    OK(flow_choose(f, "kind", "fire"));
}

/* From page 2 (the answer typed) to the review page. */
static int to_review(flow *f)
{
    char err[256];
    set(f, "event_date", "2026-10-20");
    set(f, "medical_cost", "0");
    if (journey_next(f, 2))
        return -1;
    if (form_inst_member_add(inst(f), "members", err, sizeof err) != FORM_OK ||
        form_inst_member_set(inst(f), "members", 0, "m_name", "王秀兰", err, sizeof err) ||
        form_inst_member_set(inst(f), "members", 0, "m_idno", "110105197005100014", err,
                             sizeof err) ||
        form_inst_member_set(inst(f), "members", 0, "m_relation", "self", err, sizeof err)) {
        printf("  member: %s\n", err);
        return -1;
    }
    if (journey_next(f, 3))
        return -1;
    set(f, "bank_account", "6222020200112233446");
    set(f, "bank_name", "农村信用社");
    if (journey_next(f, 4) || journey_next(f, 5) || /* 票据和证明: photos may wait */
        flow_agree(f, "pledge") || flow_sign(f, "signature") || journey_next(f, 6))
        return -1;
    return form_inst_at_review(inst(f)) ? 0 : -1;
}

/* The filing's answer as county-sim holds it (its body, parsed), or NULL. */
static char *county_answer(simproc *sim, const char *uuid)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    char *out = NULL;
    if (sqlite3_open_v2(simproc_db(sim), &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT body FROM filings WHERE filing_id = ?", -1, &q, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            const char *body = (const char *)sqlite3_column_text(q, 0);
            /* the line breaks travel JSON-escaped, never raw */
            CHECK(body && strstr(body, "\\n") && !strchr(body, '\n'));
            cJSON *j = body ? cJSON_Parse(body) : NULL;
            const cJSON *ans = cJSON_GetObjectItem(j, "answers");
            if (!ans) /* the payload inside the request */
                ans = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "payload"), "answers");
            const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(ans, "what_happened"));
            if (v)
                out = strdup(v);
            else
                printf("  county body without what_happened: %.200s\n", body ? body : "");
            cJSON_Delete(j);
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

static void pinyin_300(simproc *sim, const char *token)
{
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "longtext.db", 1) == 0);
    open_relief(&f, 0);
    OK(flow_tap(&f, "f.what_happened"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_get_kind(k) == KB_PINYIN);
    /* a long sentence at a time, its first candidate taken until nothing is
     * being composed (the engine's own words, recorded as they go in), and a
     * line break after each; then 火灾 and 灾 up to 300 */
    char want[MAX * 4 + 1] = "";
    while (chars(want) + 12 + 1 <= MAX) {
        for (int i = 0; i < 2; i++)
            REQUIRE(flow_keys(&f, LONG[i]) == 0);
        for (int guard = 0; *kb_composing(k) && guard < 8; guard++) {
            REQUIRE(kb_cand_count(k) > 0 && chars(want) + chars(kb_cand(k, 0)) <= MAX - 1);
            strcat(want, kb_cand(k, 0));
            OK(flow_tap(&f, "kb.c.0"));
        }
        OK(flow_tap(&f, "kb.k.nl"));
        strcat(want, "\n");
    }
    /* letters typed into the tallest box redraw it alone (a sentinel pixel
     * in the title band stays), and that frame is the whole screen's */
    OK(partial_typing(&f, "huo"));
    OK(flow_tap(&f, "kb.k.bs"));
    OK(flow_tap(&f, "kb.k.bs"));
    OK(flow_tap(&f, "kb.k.bs"));
    while (chars(want) + 2 <= MAX) {
        REQUIRE(flow_sentence(&f, "huozai", "火灾") == 0);
        strcat(want, "火灾");
    }
    while (chars(want) < MAX) {
        REQUIRE(flow_sentence(&f, "zai", "灾") == 0);
        strcat(want, "灾");
    }
    CHECK_EQ_INT((int)chars(answer(&f)), MAX); /* all kept (before: 85, the rest lost) */
    CHECK_EQ_STR(answer(&f) ? answer(&f) : "", want);
    /* the 301st is refused, by a character or a line break, and nothing else changes */
    OK(flow_sentence(&f, "zai", "灾"));
    OK(flow_tap(&f, "kb.k.nl"));
    CHECK_EQ_STR(answer(&f) ? answer(&f) : "", want);
    CHECK(kb_full(k)); /* and the page says why (the reference image) */
    /* the box grew to show the end being typed, the caret after it */
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/longtext-1080x1920.png"), 0);
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_run(&f, "wait 1000\n")); /* typing is saved within a second (form_screen.c) */
    flow_close(&f); /* the power goes */

    REQUIRE(flow_open(&f, 1080, 1920, "longtext.db", 0) == 0);
    ui_form_open_draft(NULL, f.u.app, uuid, "temp_relief");
    REQUIRE(ui_form_is(flow_top(&f)));
    CHECK_EQ_STR(answer(&f) ? answer(&f) : "", want); /* the draft kept it whole */
    OK(flow_tap(&f, "f.what_happened"));
    k = ui_form_kb(flow_top(&f));
    CHECK_EQ_STR(k ? kb_text(k) : "", want); /* and the keyboard has all of it */
    /* a one-line field has no 换行 key */
    OK(flow_tap(&f, "form.done"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "f.hukou_address"));
    CHECK(shows(&f, "kb.k.mode") && !shows(&f, "kb.k.nl"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(to_review(&f) == 0);
    /* the review page shows it whole, wrapped, with its line breaks (the
     * list dragged up to the long answer) */
    OK(flow_run(&f, "drag 540 1500 540 700\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/longtext-review-1080x1920.png"), 0);
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    REQUIRE(strcmp(flow_top_name(&f), "receipt") == 0);
    OK(flow_run(&f, "tap @receipt.print\n")); /* the slip names the item, not the answers */
    CHECK_EQ_INT(f.prints, 1);
    REQUIRE(journey_upload(&f, sim, token) == 0);
    char *got = county_answer(sim, uuid);
    CHECK_EQ_INT((int)chars(got), MAX);
    CHECK_EQ_STR(got ? got : "", want);
    free(got);
    flow_close(&f);
}

static void test_pinyin_300(void)
{
    simproc *sim = simproc_start(fx_fresh_dir("ltsim"), 1, NULL);
    REQUIRE(sim != NULL);
    char token[256];
    if (simproc_register(sim, token, sizeof token) == 0)
        pinyin_300(sim, token);
    else
        CHECK(!"registered with county-sim");
    simproc_stop(sim);
}

/* ---- large text: the handwriting pad ---- */

/* Writes ch on the pad with a finger, in a square in its middle, and taps it
 * among the first three candidates. */
static int hand_enter(flow *f, const char *ch)
{
    flow_hand_char c;
    kb *k = ui_form_kb(flow_top(f));
    if (!k || flow_hand_load(ch, &c) || flow_hand_write(f, &c))
        return -1;
    for (int i = 0; i < 3 && i < kb_cand_count(k); i++)
        if (!strcmp(kb_cand(k, i), ch)) {
            char id[32];
            snprintf(id, sizeof id, "kb.c.%d", i);
            return flow_tap(f, id);
        }
    printf("  %s is not among the first three candidates (%s %s %s)\n", ch, kb_cand(k, 0) ? kb_cand(k, 0) : "",
           kb_cand(k, 1) ? kb_cand(k, 1) : "", kb_cand(k, 2) ? kb_cand(k, 2) : "");
    return -1;
}

/* w x h: a portrait kiosk, or a 1280x800 tablet, where the pad is a square
 * beside the page with its seven keys (换行 among them) in three columns
 * right of it, and a one-line field's six in two. */
static void hand_large(int w, int h)
{
    flow f;
    int tablet = w > h;
    REQUIRE(flow_open(&f, w, h, tablet ? "longhand-tablet.db" : "longhand.db", 1) == 0);
    open_relief(&f, 1);
    /* 296 characters already there (typed before), lines of 火灾 */
    char want[MAX * 4 + 1] = "";
    while (chars(want) < 296)
        strcat(want, chars(want) % 21 == 20 ? "\n" : "火");
    REQUIRE(chars(want) == 296);
    set(&f, "what_happened", want);
    OK(flow_tap(&f, "f.what_happened"));
    kb *k = ui_form_kb(flow_top(&f));
    REQUIRE(k && kb_get_kind(k) == KB_HAND); /* large text opens on the pad */
    /* 大, a line break from the pad's 换行, 王 and 三: 300 */
    OK(hand_enter(&f, "大"));
    OK(flow_tap(&f, "kb.k.nl"));
    OK(hand_enter(&f, "王"));
    OK(hand_enter(&f, "三"));
    strcat(want, "大\n王三");
    CHECK_EQ_STR(answer(&f) ? answer(&f) : "", want);
    /* the 301st written character is refused */
    OK(hand_enter(&f, "一"));
    CHECK_EQ_INT((int)chars(answer(&f)), MAX);
    CHECK_EQ_STR(answer(&f) ? answer(&f) : "", want);
    CHECK(kb_full(k));
    if (tablet) {
        SDL_Rect pad, nl, mode, undo;
        REQUIRE(uitest_target_rect(f.u.app, "kb.canvas", &pad) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "kb.k.nl", &nl) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "kb.k.mode", &mode) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "kb.k.undo", &undo) == 0);
        CHECK_EQ_INT(pad.w, pad.h);
        CHECK(mode.x > pad.x + pad.w && nl.y + nl.h <= pad.y + pad.h);
        /* 拼音 · 撤销 a row, 换行 last across the three columns */
        CHECK(undo.y == mode.y && undo.x > mode.x + 2 * mode.w);
        CHECK(nl.x == mode.x && nl.w > 2 * mode.w && nl.y > undo.y + undo.h);
    }
    CHECK_EQ_INT(uitest_compare(&f.u, tablet ? "formui/ref/longtext-1280x800-elderly.png"
                                             : "formui/ref/longtext-1080x1920-elderly.png"),
                 0);
    /* a one-line field's pad has no 换行 key */
    OK(flow_tap(&f, "form.done"));
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "f.hukou_address"));
    k = ui_form_kb(flow_top(&f));
    CHECK(k && kb_get_kind(k) == KB_HAND);
    CHECK(shows(&f, "kb.k.mode") && !shows(&f, "kb.k.nl"));
    if (tablet) {
        SDL_Rect bs, clear;
        REQUIRE(uitest_target_rect(f.u.app, "kb.k.bs", &bs) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "kb.k.clear", &clear) == 0);
        CHECK(clear.x > bs.x + bs.w && clear.y == bs.y); /* two columns: 退格 清空 a row */
        ui_app_go_home(f.u.app);
        flow_close(&f);
        return;
    }
    OK(flow_tap(&f, "form.next"));
    REQUIRE(to_review(&f) == 0);
    OK(flow_run(&f, "drag 540 1500 540 700\n"));
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/longtext-review-1080x1920-elderly.png"), 0);
    ui_app_go_home(f.u.app);
    flow_close(&f);
}

static void test_hand_large(void)
{
    hand_large(1080, 1920);
    hand_large(1280, 800);
}

int main(int argc, char **argv)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_pinyin_300);
    if (argc < 2 || strcmp(argv[1], "pinyin")) /* a cross build: the pinyin journey alone */
        RUN(test_hand_large);
    return check_summary();
}
