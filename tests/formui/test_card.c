/* test_card.c — "ID card first" through the real screens: the pension
 * enrolment opens on the card page; the emulator's reader (platform/emu,
 * sample cards from assets/idcard/cards.txt) is played by the 模拟刷证
 * button and the script command `idcard N`; the read fills name, ID number,
 * sex, birth date, ethnicity and household address, marked as from the card;
 * the form is finished to the receipt and the filing in the real store holds
 * the card's values. Each reader outcome says its own message (checked on
 * the text the page's 读给我听 hands to the real speech engine); a card whose
 * data does not fit fills nothing; 没带身份证，手动填写 leaves page 1 empty.
 * After the session ends nothing of the card is left in the screens or the
 * store file. Reference images of the card page (normal and large text) and
 * of a filled page. The taps and typed characters of a pension enrolment with
 * an ID card in large-text mode are counted and printed. The form pages'
 * 读给我听 (with the keyboard open too), review and the confirm dialog hand their words to
 * the engine; in large text each page is read when it opens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "core/strings.h"
#include "diskfull.h"
#include "fixtures.h"
#include "flow.h"
#include "heard.h"
#include "plat_audio.h"
#include "plat_idcard.h"
#include "receipt/receipt.h"
#include "ui/core/session.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/widgets/voicebtn.h"

#define OK(x) CHECK_EQ_INT((x), 0)


static const char *samples(void) { return check_idcards(); }

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

/* Opens the pension enrolment from the home tile: the card page shows. */
static int open_pension(flow *f)
{
    if (flow_run(f, "tap @tile.pension\nexpect-screen menu\n") || flow_tap(f, "menu.list.0"))
        return -1;
    return ui_form_is(flow_top(f)) && !flow_run(f, "expect-target @card.manual\n") ? 0 : -1;
}

static int flow_open_card(flow *f, const char *db, const char *device)
{
    if (flow_open(f, 1080, 1920, db, 1))
        return -1;
    flow_reader(f, device);
    return 0;
}

static void shot(flow *f, const char *name)
{
    flow_shot(f, name);
    int x, y;
    if (ui_app_find_target(f->u.app, "card.manual", &x, &y) == 0)
        uitest_check_targets(&f->u); /* the card page (a form page scrolls its targets) */
}

static int file_has(const char *path, const char *needle) { return fx_file_contains(path, needle); }

/* How many audit rows name action. */
static int audit_has_action(flow *f, const char *action)
{
    store_audit_row *rows;
    size_t n;
    int count = 0;
    if (store_audit_list(f->st, 0, 1000, &rows, &n) != STORE_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        count += rows[i].action && !strcmp(rows[i].action, action);
    store_audit_list_free(rows, n);
    return count;
}

static int store_file_has(flow *f, const char *needle)
{
    char p[1100];
    int found = file_has(f->db, needle);
    snprintf(p, sizeof p, "%s-wal", f->db);
    return found || file_has(p, needle);
}

/* ---- a card read to the receipt ---- */

static void slip_line(void *ud, const receipt_el *el)
{
    char *text = ud;
    if (el->kind == RECEIPT_EL_TEXT && strlen(text) + strlen(el->text) + 2 < 8192) {
        strcat(text, el->text);
        strcat(text, "\n");
    }
}

/* 1 if the last slip printed has a line holding want. */
static int slip_says(const flow *f, const char *want)
{
    char err[128];
    static char text[8192];
    text[0] = '\0';
    if (!f->printed ||
        receipt_escpos_decode(f->printed, f->printed_len, slip_line, text, err, sizeof err) != 0)
        return 0;
    return strstr(text, want) != NULL;
}

static void test_card_to_receipt(void)
{
    flow f;
    REQUIRE(flow_open_card(&f, "card.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    shot(&f, "card-1080x1920");
    /* 模拟刷证 lays the first sample card (张秀英) on the reader */
    OK(flow_run(&f, "tap @card.sim\n"));
    OK(flow_run(&f, "expect-target @f.hukou_type.opt.2\n")); /* what the card left to answer */
    form_inst *in = inst(&f);
    CHECK_EQ_STR(form_inst_get(in, "name"), "张秀英");
    CHECK_EQ_STR(form_inst_get(in, "idno"), "420506195203140027");
    CHECK_EQ_STR(form_inst_get(in, "sex"), "2");
    CHECK_EQ_STR(form_inst_get(in, "birth_date"), "1952-03-14");
    CHECK_EQ_STR(form_inst_get(in, "ethnicity"), "01");
    CHECK_EQ_STR(form_inst_get(in, "hukou_address"), "湖北省宜昌市夷陵区青山村三组18号");
    CHECK(form_inst_from_card(in, "name") && form_inst_from_card(in, "idno") &&
          form_inst_from_card(in, "ethnicity") && form_inst_from_card(in, "hukou_address"));
    CHECK(!form_inst_from_card(in, "phone"));
    shot(&f, "card-filled-1080x1920");
    /* the rest by taps */
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    OK(flow_choose(&f, "same_address", "yes"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_choose(&f, "tier", "50000"));
    OK(flow_tap(&f, "form.next"));
    shot(&f, "account-1080x1920"); /* 社会保障卡号 may stay empty: its help says why */
    { /* the choices' boxes end where the text box under them ends (a list
       * that does not scroll keeps no room for a scroll bar) */
        SDL_Rect opt, box;
        REQUIRE(uitest_target_rect(f.u.app, "f.account_type.opt.0", &opt) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "f.sscard_no", &box) == 0);
        CHECK_EQ_INT(opt.x, box.x);
        CHECK_EQ_INT(opt.x + opt.w, box.x + box.w);
    }
    OK(flow_type(&f, "sscard_no", "123456789"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_agree(&f, "pledge"));
    OK(flow_sign(&f, "signature"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_submit(&f));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    REQUIRE(store_filing_get(f.st, uuid, &fl) == STORE_OK);
    cJSON *p = cJSON_Parse(fl.payload);
    cJSON *ans = cJSON_GetObjectItem(p, "answers");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ans, "name")), "张秀英");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ans, "idno")), "420506195203140027");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ans, "ethnicity")), "01");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ans, "hukou_address")),
                 "湖北省宜昌市夷陵区青山村三组18号");
    cJSON_Delete(p);
    store_filing_clear(&fl);
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    flow_close(&f);
}

/* The marks 已从身份证读入 outlive a power cut: her card read, her name
 * typed over, the power gone a second after; the same card the next day
 * offers the draft (继续上次填写), which comes back with its own marks:
 * the ID number and the address from the card, the name typed. */
static void test_marks_kept(void)
{
    flow f;
    REQUIRE(flow_open_card(&f, "card-marks.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "tap @card.sim\nexpect-target @form.next\n"));
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    CHECK(!form_inst_from_card(inst(&f), "name") && form_inst_from_card(inst(&f), "idno"));
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_run(&f, "wait 1000\n"));
    flow_close(&f); /* the power goes */
    REQUIRE(flow_open(&f, 1080, 1920, "card-marks.db", 0) == 0);
    flow_reader(&f, samples());
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "tap @card.sim\nexpect-target @form.dlg.ok\ntap @form.dlg.ok\n"));
    CHECK_EQ_STR(ui_form_uuid(flow_form(&f)), uuid);
    form_inst *in = inst(&f);
    CHECK_EQ_STR(form_inst_get(in, "name"), "张三");
    CHECK(!form_inst_from_card(in, "name"));
    CHECK(form_inst_from_card(in, "idno") && form_inst_from_card(in, "hukou_address") &&
          form_inst_from_card(in, "sex"));
    flow_close(&f);
}

/* ---- each reader outcome ---- */

/* Writes text (sample cards) to name in the test's cards folder; its path
 * (static, until the next call), or NULL. */
static const char *card_file(const char *name, const char *text)
{
    static char path[1100];
    snprintf(path, sizeof path, "%s/%s", check_tmpdir("cards"), name);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return NULL;
    int bad = fputs(text, fp) < 0;
    return fclose(fp) || bad ? NULL : path;
}

/* A sample file with one block per outcome, and cards that do not fit. */
static const char *outcome_file(void)
{
    return card_file("outcomes.txt",
                     "[card]\nresult = no_card\n[card]\nresult = read_fail\n"
                     "[card]\nresult = no_device\n"
                     "[card]\nresult = timeout\n[card]\nresult = bad_data\n"
                     /* 6: the sex on the card disagrees with the ID number */
                     "[card]\nname = 张秀英\nsex = 男\nethnicity = 汉\nbirth = 19520314\n"
                     "address = 湖北省宜昌市夷陵区青山村三组18号\nid_number = 420506195203140027\n"
                     /* 7: an ethnicity the form has no option for */
                     "[card]\nname = 张秀英\nsex = 女\nethnicity = 火星\nbirth = 19520314\n"
                     "address = 湖北省宜昌市夷陵区青山村三组18号\nid_number = 420506195203140027\n"
                     /* 8: the minority card of the shipped samples: 土家 is 土家族 */
                     "[card]\nname = 覃玉兰\nsex = 女\nethnicity = 土家\nbirth = 19610205\n"
                     "address = 湖北省恩施土家族苗族自治州恩施市白杨坪镇龙潭村二组\n"
                     "id_number = 42280119610205004X\n");
}

static void test_reader_outcomes(void)
{
    heard_on();
    const char *file = outcome_file();
    REQUIRE(file != NULL);
    flow f;
    REQUIRE(flow_open_card(&f, "outcomes.db", file) == 0);
    REQUIRE(open_pension(&f) == 0);
    /* before any read the page asks for the card */
    const char *said = heard_tap(&f, "card.voice");
    CHECK(strstr(said, core_str("card.title")) != NULL);
    CHECK(strstr(said, core_str("card.waiting")) != NULL);
    static const struct {
        int card;
        int code;
    } R[] = {{1, PLAT_IDCARD_ERR_NO_CARD}, {2, PLAT_IDCARD_ERR_READ_FAIL},
             {3, PLAT_IDCARD_ERR_NO_DEVICE}, {4, PLAT_IDCARD_ERR_TIMEOUT},
             {5, PLAT_IDCARD_ERR_BAD_DATA}};
    const char *seen[5];
    for (size_t i = 0; i < 5; i++) {
        char line[32];
        snprintf(line, sizeof line, "idcard %d\n", R[i].card);
        OK(flow_run(&f, line));
        OK(flow_run(&f, "expect-target @card.manual\n")); /* the manual path stays */
        const char *msg = core_str(plat_idcard_error_key(R[i].code));
        said = heard_tap(&f, "card.voice");
        if (!strstr(said, msg))
            printf("  card %d: said '%s', want '%s'\n", R[i].card, said, msg);
        CHECK(strstr(said, msg) != NULL);
        seen[i] = msg;
        for (size_t k = 0; k < i; k++) /* each outcome its own words */
            CHECK(strcmp(seen[k], msg) != 0);
        CHECK(form_inst_get(inst(&f), "name") == NULL);
    }
    /* data that does not fit the form fills nothing, and says so */
    for (int card = 6; card <= 7; card++) {
        char line[32];
        snprintf(line, sizeof line, "idcard %d\n", card);
        OK(flow_run(&f, line));
        OK(flow_run(&f, "expect-target @card.manual\n"));
        CHECK(strstr(heard_tap(&f, "card.voice"), core_str("card.not_fit")) != NULL);
        CHECK(form_inst_get(inst(&f), "name") == NULL);
        CHECK(form_inst_get(inst(&f), "idno") == NULL);
    }
    shot(&f, "card-error-1080x1920");
    OK(flow_run(&f, "elderly on\n"));
    shot(&f, "card-error-1080x1920-elderly");
    /* a minority card: 土家 fills the option 土家族 */
    OK(flow_run(&f, "idcard 8\nexpect-target @form.next\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "覃玉兰");
    CHECK_EQ_STR(form_inst_get(inst(&f), "idno"), "42280119610205004X");
    CHECK_EQ_STR(form_inst_get(inst(&f), "ethnicity"), "15");
    flow_close(&f);

    /* no reader at all (no sample file): its message, and the manual path */
    REQUIRE(flow_open_card(&f, "noreader.db", NULL) == 0);
    unsetenv("CZ_IDCARD_SAMPLES");
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "tap @card.sim\n"));
    CHECK(strstr(heard_tap(&f, "card.voice"),
                 core_str(plat_idcard_error_key(PLAT_IDCARD_ERR_NO_DEVICE))) != NULL);
    OK(flow_run(&f, "tap @card.manual\nexpect-target @f.name\n"));
    CHECK(form_inst_get(inst(&f), "name") == NULL);
    CHECK_EQ_INT((int)form_inst_page(inst(&f)), 0);
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* ---- a read's outcome redraws its line alone ---- */

/* A strip of h pixels through the middle of r. */
static SDL_Rect strip(const SDL_Rect *r, int h)
{
    SDL_Rect s = {r->x, r->y + (r->h - h) / 2, r->w, h};
    return s;
}

/* The card page says each read's outcome on a line under its picture. A new
 * outcome as tall as the last draws that line alone (a patch on 模拟刷证 under
 * it survives, and the frame equals a full one); a taller or shorter one
 * moves 模拟刷证 but not the picture, which has all its room in portrait (a
 * patch on the picture survives); the same outcome again, as the kiosk's
 * reader says "no card" at every poll, draws nothing (a patch on the line
 * itself survives). In large text the picture gives up room to a longer
 * line: the title above it stays (a patch in the header survives). */
static void test_outcome_partial(void)
{
    const char *file = outcome_file();
    REQUIRE(file != NULL);
    flow f;
    REQUIRE(flow_open_card(&f, "partial.db", file) == 0);
    REQUIRE(open_pension(&f) == 0);
    const ui_theme *t = ui_app_theme(f.u.app);
    SDL_Rect sim, vb;
    REQUIRE(uitest_target_rect(f.u.app, "card.sim", &sim) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "card.voice", &vb) == 0);
    SDL_Rect button = strip(&sim, t->unit);
    SDL_Rect pic = {0, vb.y + vb.h + t->unit * 4, t->w, t->unit}; /* through the arrow */
    /* the line's bottom rows, just above 模拟刷证 (a line is taller than a unit) */
    SDL_Rect said = {sim.x, sim.y - t->unit * 3, sim.w, t->unit};
    SDL_Rect header = {0, 0, t->w, t->unit * 2};
    OK(uitest_partial(&f.u, "card page", "idcard 1", &button)); /* 请把身份证平放在… */
    OK(uitest_partial(&f.u, "card page", "idcard 1", &said)); /* the same again: nothing */
    OK(uitest_partial(&f.u, "card page", "idcard 4", &pic)); /* no answer: two lines */
    OK(uitest_partial(&f.u, "card page", "idcard 4", &said));
    OK(uitest_partial(&f.u, "card page", "idcard 6", &pic)); /* does not fit: one line */
    OK(uitest_partial(&f.u, "card page", "idcard 5", &button)); /* bad data: one line */
    OK(flow_run(&f, "elderly on\n"));
    for (int card = 1; card <= 7; card++) {
        char line[32];
        snprintf(line, sizeof line, "idcard %d", card);
        OK(uitest_partial(&f.u, "card page, large text", line, &header));
    }
    OK(flow_run(&f, "idcard 8\nexpect-target @form.next\n"));
    flow_close(&f);
}

/* ---- the card's data ends with the session ---- */

static void test_wiped_with_session(void)
{
    flow f;
    REQUIRE(flow_open_card(&f, "wipe.db", samples()) == 0);
    core_config_set(ui_app_config(f.u.app), "ui.keep_draft_on_timeout", "0", NULL, 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n")); /* 李建国 */
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "李建国");
    OK(flow_choose(&f, "hukou_type", "agri")); /* autosaved: the draft holds the card's data */
    CHECK(store_file_has(&f, "420506194809170031"));
    /* nobody touches the screen: the idle prompt, then the session ends */
    OK(flow_run(&f, "wait 200000\nexpect-screen home\n"));
    CHECK(flow_form(&f) == NULL);
    CHECK_EQ_INT(flow_drafts(&f), 0);
    flow_close(&f); /* checkpoints the WAL */
    flow g;
    REQUIRE(flow_open(&g, 1080, 1920, "wipe.db", 0) == 0);
    flow_close(&g);
    char db[1100];
    snprintf(db, sizeof db, "%s/wipe.db", check_tmpdir("data"));
    CHECK(!file_has(db, "420506194809170031"));
    CHECK(!file_has(db, "李建国"));

    /* 返回 on the card page before any read: nothing was answered, the form closes */
    REQUIRE(flow_open_card(&f, "wipe2.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "tap @form.quit\nexpect-screen menu\n"));
    flow_close(&f);
}

/* ---- a household member's card ---- */

/* The cards of 低保's household: 1 the applicant, 2 her husband, 3 a card
 * whose name the name check refuses, 4 a card the reader cannot read. */
static const char *household_cards(void)
{
    return card_file("household.txt",
                     "[card]\nname = 张秀英\nsex = 女\nethnicity = 汉\nbirth = 19520314\n"
                     "address = 湖北省宜昌市夷陵区青山村三组18号\nid_number = 420506195203140027\n"
                     "[card]\nname = 李建国\nsex = 男\nethnicity = 汉\nbirth = 19480917\n"
                     "address = 湖北省宜昌市夷陵区青山村三组18号\nid_number = 420506194809170031\n"
                     "[card]\nname = 李建国1\nsex = 男\nethnicity = 汉\nbirth = 19480917\n"
                     "address = 湖北省宜昌市夷陵区青山村三组18号\nid_number = 420506194809170031\n"
                     "[card]\nresult = read_fail\n");
}

static const char *member_get(flow *f, int idx, const char *key)
{
    return form_inst_member_get(inst(f), "members", idx, key);
}

/* 低保 opened on the emulator's reader holding her household's cards (db:
 * the store file), her card read, her phone typed: its second page, the
 * household's. */
/* The form's card page names whose card it asks for where the form's
 * person is not simply the one at the kiosk: 医保 and 危房改造 the head's
 * (户主), 养老保险注销 the family's at the kiosk (办理人（家属）), not the
 * insured who died; 参保登记 asks for 身份证. */
static void test_card_whose(void)
{
    heard_on();
    static const struct {
        const char *tile, *row, *whose;
    } W[] = {{"tile.pension", "menu.list.0", NULL},
             {"tile.pension", "menu.list.3", "办理人（家属）"},
             {"tile.medical", "menu.list.0", "户主"},
             {"tile.rural", "menu.list.1", "户主"}};
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++) {
        flow f;
        REQUIRE(flow_open(&f, 1080, 1920, "card-whose.db", 1) == 0);
        OK(flow_tap(&f, W[i].tile));
        OK(flow_tap(&f, W[i].row));
        OK(flow_run(&f, "expect-target @card.manual\n"));
        char want[160];
        if (W[i].whose)
            snprintf(want, sizeof want, core_str("card.title_of"), W[i].whose);
        else
            snprintf(want, sizeof want, "%s", core_str("card.title"));
        const char *said = heard_tap(&f, "card.voice");
        if (!strstr(said, want))
            printf("  %s %s: heard %s\n", W[i].tile, W[i].row, said);
        CHECK(strstr(said, want) != NULL);
        if (i == 1)
            shot(&f, "card-whose-1080x1920");
        flow_close(&f);
    }
    ui_voice_set_engine(NULL);
}

static int open_household(flow *f, const char *db)
{
    const char *file = household_cards();
    if (!file || flow_open_card(f, db, file))
        return -1;
    if (flow_tap(f, "tile.dibao") || flow_run(f, "idcard 1\nexpect-target @form.next\n") ||
        flow_type(f, "phone", "13812345678") || flow_tap(f, "form.next"))
        return -1;
    return form_inst_page(inst(f)) == 1 ? 0 : -1;
}

/* A household member typed in (没带身份证): name, number and the rest;
 * 填好了 back to the list. */
static int add_member_typed(flow *f, const char *name, const char *py, const char *idno)
{
    return flow_tap(f, "f.members.add") || flow_manual(f) || flow_hanzi(f, "m_name", name, py) ||
           flow_type(f, "m_idno", idno) || flow_choose(f, "m_relation", "child") ||
           flow_choose(f, "m_health", "healthy") || flow_type(f, "m_income", "0") ||
           flow_type(f, "m_deposit", "0") || flow_tap(f, "member.done") ||
           strcmp(flow_top_name(f), "form") != 0;
}

/* Back on the list from 填好了 on a new member: the list's foot in view,
 * the new member's card (its 修改) and 添加家庭成员 under it; the page had
 * stayed at the list's top, the third member under the foot bar. */
static void test_member_added_in_view(void)
{
    flow f;
    REQUIRE(open_household(&f, "member-in-view.db") == 0);
    REQUIRE(add_member_typed(&f, "李建国", "li jian guo", "420506194809170031") == 0);
    REQUIRE(add_member_typed(&f, "李小红", "li xiao hong", "420506198002140024") == 0);
    REQUIRE(add_member_typed(&f, "王大中", "wang da zhong", "110105197005100014") == 0);
    CHECK_EQ_INT(form_inst_member_count(inst(&f), "members"), 3);
    SDL_Rect v, add, edit;
    REQUIRE(ui_form_view(flow_top(&f), &v) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "f.members.add", &add) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "f.members.edit.2", &edit) == 0);
    CHECK(add.y >= v.y && add.y + add.h <= v.y + v.h);
    CHECK(edit.y >= v.y && edit.y + edit.h <= v.y + v.h);
    flow_close(&f);
}

/* The rest of her husband's questions, read from his card, and 填好了. */
static void finish_husband(flow *f)
{
    OK(flow_choose(f, "m_relation", "spouse"));
    OK(flow_choose(f, "m_health", "healthy"));
    OK(flow_type(f, "m_income", "300"));
    OK(flow_type(f, "m_deposit", "0"));
    OK(flow_tap(f, "member.done"));
}

/* The words a card past its validity brings, with the day it ended. */
static void expired_words(char *out, size_t n, int y, int m, int d)
{
    snprintf(out, n, core_str("form.card_expired"), y, m, d);
}

/* A card past its validity (有效期限 over) is read all the same: it fills
 * the form, and the page says, in words 读给我听 reads too, when it ended and
 * that she should renew it; 长期 and a date to come say nothing. The same
 * on a member's card page. The shipped sample cards hold one (card 7). */
static void test_card_expired(void)
{
    heard_on();
    char want[512];
    flow f;
    REQUIRE(flow_open_card(&f, "expired.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 7\nexpect-target @f.name\n")); /* the page at its top, its words */
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "赵德明");
    CHECK_EQ_STR(form_inst_get(inst(&f), "idno"), "420506196808050053");
    expired_words(want, sizeof want, 2025, 10, 10);
    const char *said = heard_tap(&f, "form.voice");
    if (!strstr(said, want))
        printf("  expired card: heard '%s'\n", said);
    CHECK(strstr(said, want) != NULL);
    flow_close(&f);
    /* 长期 (card 1) says nothing of it */
    REQUIRE(flow_open_card(&f, "long.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 1\nexpect-target @form.next\n"));
    CHECK(strstr(heard_tap(&f, "form.voice"), "过期") == NULL);
    flow_close(&f);

    /* 低保: her card ends in 2100, her husband's ended in 2019, her
     * daughter's says a day that is none */
    const char *file = card_file("expired.txt",
                                 "[card]\nname = 张秀英\nsex = 女\nethnicity = 汉\nbirth = 19520314\n"
                                 "address = 湖北省宜昌市夷陵区青山村三组18号\n"
                                 "id_number = 420506195203140027\nvalid_to = 21000101\n"
                                 "[card]\nname = 李建国\nsex = 男\nethnicity = 汉\nbirth = 19480917\n"
                                 "address = 湖北省宜昌市夷陵区青山村三组18号\n"
                                 "id_number = 420506194809170031\nvalid_to = 20190305\n"
                                 "[card]\nname = 李小红\nsex = 女\nethnicity = 汉\nbirth = 19800214\n"
                                 "address = 湖北省宜昌市夷陵区青山村三组18号\n"
                                 "id_number = 420506198002140024\nvalid_to = 20191305\n");
    REQUIRE(file != NULL);
    REQUIRE(flow_open_card(&f, "expired-member.db", file) == 0);
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_run(&f, "idcard 1\nexpect-target @form.next\n"));
    CHECK(strstr(heard_tap(&f, "form.voice"), "过期") == NULL);
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_run(&f, "expect-screen form_member\nidcard 2\nexpect-target @f.m_name\n"));
    CHECK_EQ_STR(member_get(&f, 0, "m_name"), "李建国");
    expired_words(want, sizeof want, 2019, 3, 5);
    CHECK(strstr(heard_tap(&f, "member.voice"), want) != NULL);
    shot(&f, "member-card-expired-1080x1920");
    /* a date that is no date (a 13th month) says nothing */
    OK(flow_tap(&f, "member.back"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_run(&f, "expect-screen form_member\nidcard 3\nexpect-target @member.done\n"));
    CHECK_EQ_STR(member_get(&f, 1, "m_name"), "李小红");
    CHECK(strstr(heard_tap(&f, "member.voice"), "过期") == NULL);
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* 低保's 家庭成员 (each member a person with a card): a new member opens on
 * the card page, under the member's own title and 返回, asking for his
 * card (请把家庭成员1的身份证放到读卡区). A card that does
 * not fit fills nothing and says so; the reader's failure says its own
 * words. Her husband's card fills his name and ID number (his age follows)
 * and the member's questions show, marked 已从身份证读入; the draft in the
 * store has them at once;
 * the applicant's answers are unchanged. 修改 on a member opens on his
 * questions. A second new member: the first one's card again (left on the
 * kiosk's reader) fills nothing and says he is in the list already; 没带
 * 身份证，手动填写 shows the questions empty. A third left on its card page
 * when the session ends: nothing of his card stays in the store file. */
static void test_member_card(void)
{
    heard_on();
    flow f;
    REQUIRE(open_household(&f, "member-card.db") == 0);
    core_config_set(ui_app_config(f.u.app), "ui.keep_draft_on_timeout", "0", NULL, 0);
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_run(&f, "expect-screen form_member\nexpect-target @card.manual\n"
                    "expect-target @member.back\n"));
    char whose[160]; /* the card it asks for: 请把家庭成员1的身份证放到读卡区 */
    snprintf(whose, sizeof whose, core_str("card.title_of"), "家庭成员1");
    CHECK(strstr(heard_tap(&f, "card.voice"), whose) != NULL);
    shot(&f, "member-card-1080x1920");
    OK(flow_run(&f, "idcard 3\nexpect-target @card.manual\n"));
    CHECK(strstr(heard_tap(&f, "card.voice"), core_str("card.not_fit")) != NULL);
    CHECK(member_get(&f, 0, "m_name") == NULL && member_get(&f, 0, "m_idno") == NULL);
    OK(flow_run(&f, "idcard 4\nexpect-target @card.manual\n"));
    CHECK(strstr(heard_tap(&f, "card.voice"),
                 core_str(plat_idcard_error_key(PLAT_IDCARD_ERR_READ_FAIL))) != NULL);
    CHECK(member_get(&f, 0, "m_name") == NULL);
    OK(flow_run(&f, "idcard 2\nexpect-screen form_member\nexpect-target @member.done\n"));
    CHECK_EQ_STR(member_get(&f, 0, "m_name"), "李建国");
    CHECK_EQ_STR(member_get(&f, 0, "m_idno"), "420506194809170031");
    CHECK_EQ_STR(member_get(&f, 0, "m_age"), "78");
    CHECK(form_inst_member_from_card(inst(&f), "members", 0, "m_name") &&
          form_inst_member_from_card(inst(&f), "members", 0, "m_idno"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "name"), "张秀英");
    CHECK(store_file_has(&f, "420506194809170031"));
    shot(&f, "member-card-filled-1080x1920");
    finish_husband(&f);
    CHECK(ui_form_is(flow_top(&f)));
    /* 修改: his questions, no card page */
    OK(flow_tap(&f, "f.members.edit.0"));
    OK(flow_run(&f, "expect-screen form_member\nexpect-target @f.m_name\n"));
    CHECK(flow_run(&f, "expect-target @card.manual\n") != 0);
    OK(flow_tap(&f, "member.back"));
    /* a second member: his card again (left on the reader) is refused as
     * his already, nothing filled; then typed */
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_run(&f, "expect-screen form_member\nidcard 2\nexpect-target @card.manual\n"));
    CHECK(strstr(heard_tap(&f, "card.voice"), core_str("card.taken")) != NULL);
    CHECK(member_get(&f, 1, "m_name") == NULL && member_get(&f, 1, "m_idno") == NULL);
    shot(&f, "member-card-taken-1080x1920");
    OK(flow_run(&f, "tap @card.manual\nexpect-target @f.m_name\n"));
    CHECK(member_get(&f, 1, "m_name") == NULL && member_get(&f, 1, "m_idno") == NULL);
    CHECK_EQ_STR(member_get(&f, 0, "m_name"), "李建国");
    /* a third, left on its card page: nobody touches the screen, the
     * session ends (the reader closed), the draft with it */
    OK(flow_tap(&f, "member.back"));
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_run(&f, "expect-screen form_member\nexpect-target @card.manual\n"));
    OK(flow_run(&f, "wait 200000\nexpect-screen home\n"));
    flow_close(&f);
    flow g;
    REQUIRE(flow_open(&g, 1080, 1920, "member-card.db", 0) == 0);
    flow_close(&g);
    char db[1100];
    snprintf(db, sizeof db, "%s/member-card.db", check_tmpdir("data"));
    CHECK(!file_has(db, "420506194809170031"));
    CHECK(!file_has(db, "李建国"));
    ui_voice_set_engine(NULL);
}

static const char *member_error(flow *f, int idx, const char *key)
{
    return form_inst_member_error(inst(f), "members", idx, key);
}

/* A person is listed once. 低保: her husband read from his card as member
 * 1, then typed again as member 2: member 2's ID number is refused
 * (这个身份号码和家庭成员1的一样), 填好了 keeps the member screen, the form's
 * page marks the member and 下一步 stays; 删除 member 1 and the other stands
 * alone, nothing refused. The household is hers (includes): 下一步 stays
 * until she is one of its members, added in one tap (添加张秀英本人, 本人
 * chosen); 本人 for her husband is refused. 医保:
 * the head read from her card;
 * her card again on a new member's card page fills nothing and asks for the
 * next person's card; her ID number typed for the member is refused
 * (和户主身份号码一样) until the head's number is put right. */
static void test_same_person(void)
{
    heard_on();
    flow f;
    REQUIRE(open_household(&f, "same-person.db") == 0);
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_run(&f, "idcard 2\nexpect-target @member.done\n"));
    finish_husband(&f);
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "m_name", "李建国", "li jian guo"));
    OK(flow_type(&f, "m_idno", "420506194809170031"));
    char want[256];
    snprintf(want, sizeof want, core_str("form.msg.same_member"), "家庭成员", 1);
    CHECK_EQ_STR(member_error(&f, 1, "m_idno"), want);
    CHECK(member_error(&f, 0, "m_idno") != NULL); /* both, until one goes */
    OK(flow_choose(&f, "m_relation", "child"));
    OK(flow_choose(&f, "m_health", "healthy"));
    OK(flow_type(&f, "m_income", "0"));
    OK(flow_type(&f, "m_deposit", "0"));
    OK(flow_tap(&f, "member.done"));
    CHECK_EQ_STR(flow_top_name(&f), "form_member"); /* refused */
    CHECK(strstr(heard_tap(&f, "member.voice"), want) != NULL);
    OK(flow_tap(&f, "member.back"));
    CHECK_EQ_INT(form_inst_member_count(inst(&f), "members"), 2);
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    OK(flow_tap(&f, "f.members.del.0"));
    OK(flow_run(&f, "key escape\nexpect-screen form\n")); /* keeps the member, as 取消 */
    CHECK_EQ_INT(form_inst_member_count(inst(&f), "members"), 2);
    OK(flow_tap(&f, "f.members.del.0"));
    /* it says whom: her name, the dialog over her card */
    CHECK_EQ_STR(ui_form_dialog_title(flow_top(&f)), "删除李建国吗？");
    { /* 不删除 is the big button on top: a mistaken tap there keeps her */
        SDL_Rect ok, keep;
        REQUIRE(uitest_target_rect(f.u.app, "fb.dlg.ok", &ok) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "fb.dlg.cancel", &keep) == 0);
        CHECK(keep.y + keep.h <= ok.y);
        SDL_Color pc = ui_app_theme(f.u.app)->primary;
        CHECK(uitest_count_color(&f.u, keep.x + keep.w / 4, keep.y + keep.h / 4, keep.w / 2,
                                 keep.h / 2, pc) > keep.w * keep.h / 8);
    }
    OK(flow_tap(&f, "fb.dlg.ok"));
    CHECK_EQ_INT(form_inst_member_count(inst(&f), "members"), 1);
    CHECK(member_error(&f, 0, "m_idno") == NULL);
    CHECK_EQ_STR(member_get(&f, 0, "m_idno"), "420506194809170031");
    /* the household is hers: without her, 下一步 stays and says so */
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    snprintf(want, sizeof want, core_str("form.msg.group_self"), "共同生活的家庭成员", "张秀英");
    CHECK_EQ_STR(form_inst_error(inst(&f), "members"), want);
    CHECK(strstr(heard_tap(&f, "form.voice"), want) != NULL);
    shot(&f, "household-self-1080x1920");
    /* she adds herself by hand, her number left for later (返回 keeps her
     * unfinished); once her number is typed for her, the words go at once,
     * not at the next 下一步 */
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "m_name", "张秀英", "zhang xiu ying"));
    OK(flow_tap(&f, "member.back"));
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 1);
    CHECK_EQ_STR(form_inst_error(inst(&f), "members"), want);
    OK(flow_tap(&f, "f.members.edit.1"));
    OK(flow_type(&f, "m_idno", "420506195203140027"));
    CHECK(form_inst_error(inst(&f), "members") == NULL);
    OK(flow_tap(&f, "member.back"));
    CHECK(ui_form_message(flow_top(&f)) == NULL || !strstr(ui_form_message(flow_top(&f)), want));
    CHECK(flow_run(&f, "expect-target @f.members.self\n") != 0); /* she is there */
    OK(flow_tap(&f, "f.members.del.1"));
    OK(flow_tap(&f, "fb.dlg.ok"));
    CHECK_EQ_INT(form_inst_member_count(inst(&f), "members"), 1);
    /* 添加张秀英本人: her name and number from the first page (marked as
     * her card's), 与申请人关系 本人, her first question without an answer
     * at the view's top */
    OK(flow_tap(&f, "f.members.self"));
    OK(flow_run(&f, "expect-screen form_member\nexpect-target @f.m_income\n"));
    CHECK(flow_run(&f, "expect-target @card.manual\n") != 0);
    CHECK_EQ_STR(member_get(&f, 1, "m_name"), "张秀英");
    CHECK_EQ_STR(member_get(&f, 1, "m_idno"), "420506195203140027");
    CHECK(form_inst_member_from_card(inst(&f), "members", 1, "m_idno"));
    CHECK_EQ_STR(member_get(&f, 1, "m_relation"), "self");
    OK(flow_choose(&f, "m_health", "healthy"));
    OK(flow_type(&f, "m_income", "0"));
    OK(flow_type(&f, "m_deposit", "0"));
    OK(flow_tap(&f, "member.done"));
    CHECK(flow_run(&f, "expect-target @f.members.self\n") != 0); /* she is there */
    /* 本人 for her husband is refused: his number is not hers */
    OK(flow_tap(&f, "f.members.edit.0"));
    OK(flow_choose(&f, "m_relation", "self"));
    snprintf(want, sizeof want, core_str("form.msg.not_self"), "张秀英", "与申请人关系");
    CHECK_EQ_STR(member_error(&f, 0, "m_relation"), want);
    OK(flow_tap(&f, "member.done"));
    CHECK_EQ_STR(flow_top_name(&f), "form_member");
    OK(flow_choose(&f, "m_relation", "spouse"));
    CHECK(member_error(&f, 0, "m_relation") == NULL);
    OK(flow_tap(&f, "member.done"));
    CHECK_EQ_STR(flow_top_name(&f), "form");
    OK(flow_tap(&f, "form.next"));
    CHECK_EQ_INT(form_inst_page(inst(&f)), 2);
    OK(flow_run(&f, "tap @form.quit\n"));
    flow_close(&f);

    REQUIRE(flow_open_card(&f, "same-person.db", household_cards()) == 0);
    OK(flow_run(&f, "tap @tile.medical\nexpect-screen menu\n"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 1\nexpect-target @f.head_name\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "head_idno"), "420506195203140027");
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_tap(&f, "form.next"));
    REQUIRE(form_inst_page(inst(&f)) == 2);
    OK(flow_tap(&f, "f.members.add"));
    OK(flow_run(&f, "expect-screen form_member\nidcard 1\nexpect-target @card.manual\n"));
    CHECK(strstr(heard_tap(&f, "card.voice"), core_str("card.taken")) != NULL);
    CHECK(member_get(&f, 0, "m_name") == NULL && member_get(&f, 0, "m_idno") == NULL);
    OK(flow_manual(&f));
    OK(flow_type(&f, "m_idno", "420506195203140027"));
    snprintf(want, sizeof want, core_str("form.msg.same_as"), "户主身份号码");
    CHECK_EQ_STR(member_error(&f, 0, "m_idno"), want);
    OK(flow_tap(&f, "form.done"));
    shot(&f, "member-same-person-1080x1920");
    OK(flow_tap(&f, "member.back"));
    /* the head's number put right (it was hers, typed twice): the member stands */
    OK(flow_tap(&f, "form.prev"));
    OK(flow_tap(&f, "form.prev"));
    REQUIRE(form_inst_page(inst(&f)) == 0);
    OK(flow_type(&f, "head_idno", "420506194809170031"));
    CHECK(member_error(&f, 0, "m_idno") == NULL);
    OK(flow_type(&f, "head_idno", "420506195203140027"));
    CHECK_EQ_STR(member_error(&f, 0, "m_idno"), want);
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* ---- 读给我听 on the form pages, the keyboard and review ---- */

static void test_voice_pages(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "voice.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "tap @card.manual\nexpect-target @form.voice\n"));
    /* page 1: its title, each question and its help */
    const char *said = heard_tap(&f, "form.voice");
    CHECK(strstr(said, "身份信息") != NULL);
    CHECK(strstr(said, "姓名") != NULL);
    CHECK(strstr(said, "照身份证上的姓名填写") != NULL);
    CHECK(strstr(said, "公民身份号码") != NULL);
    CHECK(strstr(said, "户籍性质") != NULL);
    /* a refusal on screen is read first */
    OK(flow_tap(&f, "form.next"));
    const char *msg = ui_form_message(flow_top(&f));
    REQUIRE(msg != NULL);
    said = heard_tap(&f, "form.voice");
    CHECK(!strncmp(said, msg, strlen(msg)));
    /* with the keyboard open the button is still there */
    OK(flow_tap(&f, "f.idno"));
    CHECK(ui_form_kb(flow_top(&f)) != NULL);
    said = heard_tap(&f, "form.voice");
    CHECK(strstr(said, "公民身份号码") != NULL);
    flow_close(&f);

    /* review, after a card read and the rest filled */
    REQUIRE(flow_open_card(&f, "voice2.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 1\nexpect-target @form.next\n"));
    form_inst *in = inst(&f);
    char err[256];
    const char *kv[] = {"hukou_type", "agri", "same_address", "yes", "phone", "13812345678",
                        "is_student", "no", "in_employee_scheme", "no", "insured_status", "normal",
                        "tier", "50000", "account_type", "sscard", "sscard_no", "123456789",
                        "pledge", "yes", "signature", "sig-test.png", NULL};
    for (const char **p = kv; *p; p += 2)
        if (form_inst_set(in, p[0], p[1], err, sizeof err) != FORM_OK)
            printf("  %s: %s\n", p[0], err);
    while (!form_inst_at_review(inst(&f)))
        REQUIRE(flow_tap(&f, "form.next") == 0 && !ui_form_message(flow_top(&f)));
    said = heard_tap(&f, "form.voice");
    CHECK(strstr(said, core_str("form.review_title")) != NULL);
    CHECK(strstr(said, core_str("form.review_hint")) != NULL);
    /* the confirm dialog: its own button reads its question */
    OK(flow_run(&f, "tap @form.next\nexpect-target @form.dlg.ok\n"));
    said = heard_tap(&f, "form.voice.dlg");
    CHECK(strstr(said, core_str("form.submit_title")) != NULL);
    CHECK(strstr(said, core_str("form.submit_body")) != NULL);
    OK(flow_run(&f, "tap @form.dlg.cancel\n"));
    /* no speech engine: nothing on screen says so, the page stays as it was */
    ui_voice_set_engine(NULL);
    OK(flow_run(&f, "tap @form.voice\nexpect-screen form\n"));
    CHECK(ui_form_message(flow_top(&f)) == NULL);
    flow_close(&f);

    /* large text: each page's question is read when the page opens */
    heard_on();
    REQUIRE(flow_open_card(&f, "voice3.db", samples()) == 0);
    OK(flow_run(&f, "elderly on\n"));
    REQUIRE(open_pension(&f) == 0);
    heard_said[0] = '\0';
    int before = heard_spoken;
    OK(flow_run(&f, "idcard 1\nexpect-target @form.next\n"));
    CHECK(heard_spoken == before + 1);
    CHECK(strstr(heard_said, "身份信息") != NULL);
    OK(flow_choose(&f, "hukou_type", "agri"));
    CHECK(heard_spoken == before + 1); /* the same page is not read again */
    OK(flow_tap(&f, "form.next"));
    CHECK(heard_spoken == before + 2);
    CHECK(strstr(heard_said, "住址和电话") != NULL);
    plat_audio_stop();
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* 读给我听 redraws its button only. A tap on it (the card page's, a form
 * page's, with the keyboard open, a dialog's) starts or stops the speech and
 * draws the button alone, as a full frame would draw it. The button is lit
 * while speech plays; when the speech ends between two of the screen's
 * ticks, a frame drawn in full before the next tick shows it as a partial
 * frame does (lit, as last marked), and the tick then marks it dark. Found
 * by a random walk (seed 153): the full frame asked the speaker, the
 * partial one kept the lit button. */
static void test_voice_button_redraw(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "voicelit.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    ui_app *a = f.u.app;
    SDL_Rect btn;
    /* the card page's button first */
    REQUIRE(uitest_target_rect(a, "card.voice", &btn) == 0);
    SDL_Rect patch = {btn.x - 10, 2, 8, 8}; /* the title bar, left of the button */
    CHECK_EQ_INT(uitest_partial(&f.u, "card page speech", "tap @card.voice", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    CHECK_EQ_INT(uitest_partial(&f.u, "card page speech stopped", "tap @card.voice", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    OK(flow_run(&f, "tap @card.manual\nexpect-target @form.voice\n"));
    REQUIRE(uitest_target_rect(a, "form.voice", &btn) == 0);
    patch.x = btn.x + btn.w + 2; /* the title bar, right of the button */
    /* a tap reads the page, a second tap stops it: each draws the button
     * only (the patch elsewhere survives), as a full frame would */
    CHECK_EQ_INT(uitest_partial(&f.u, "speech started", "tap @form.voice", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    CHECK_EQ_INT(uitest_partial(&f.u, "speech stopped", "tap @form.voice", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    /* with the keyboard open too */
    OK(flow_run(&f, "tap @f.idno\ntap @kb.k.4\n"));
    CHECK_EQ_INT(uitest_partial(&f.u, "speech over the keyboard", "tap @form.voice", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    OK(flow_run(&f, "tap @form.voice\n"));
    CHECK_EQ_INT(plat_audio_busy(), 0);
    /* a dialog's own button: over the shade, the button alone again */
    OK(flow_run(&f, "tap @form.quit\nexpect-target @form.voice.dlg\n"));
    CHECK_EQ_INT(uitest_partial(&f.u, "dialog speech", "tap @form.voice.dlg", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    CHECK_EQ_INT(uitest_partial(&f.u, "dialog speech stopped", "tap @form.voice.dlg", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    OK(flow_run(&f, "tap @form.dlg.cancel\nexpect-target @form.voice\n"));
    /* a short prompt, left to end by itself */
    CHECK_EQ_INT(ui_voice_speak(a, "好"), UI_VOICE_OK);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    ui_app_render(a, 1);
    for (int i = 0; i < 300 && plat_audio_busy(); i++) /* at most 30 s */
        usleep(20 * 1000);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    SDL_Color lit = ui_app_theme(a)->primary;
    int before = uitest_count_color_shown(&f.u, btn.x, btn.y, btn.w, btn.h, lit);
    ui_app_render(a, 0);
    int part = uitest_count_color_shown(&f.u, btn.x, btn.y, btn.w, btn.h, lit);
    ui_app_render(a, 1);
    int full = uitest_count_color_shown(&f.u, btn.x, btn.y, btn.w, btn.h, lit);
    printf("  button pixels in the lit colour: shown %d, partial %d, full %d\n", before, part,
           full);
    CHECK_EQ_INT(full, part);
    /* the next tick: the button goes dark, drawn where it lies only */
    CHECK_EQ_INT(uitest_partial(&f.u, "speech ended", "wait 300", &patch), 0);
    int dark = uitest_count_color_shown(&f.u, btn.x, btn.y, btn.w, btn.h, lit);
    CHECK(dark < before / 2);
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* ---- 读给我听 on a member's screen (添加家庭成员) ---- */

/* 医保参保's family member screen, opened from its page: its own 读给我听
 * reads the title and its questions, a refusal first; a tap draws the
 * button alone; in large text the screen reads itself once when it opens. */
static int open_member(flow *f, int elderly)
{
    if (elderly && flow_run(f, "elderly on\n"))
        return -1;
    if (flow_tap(f, "tile.medical") || flow_tap(f, "menu.list.0") || flow_manual(f))
        return -1;
    form_inst *in = ui_form_inst(flow_form(f));
    static const char *const kv[] = {"head_name", "王芳", "head_idno", "110105198501010071",
                                     "phone", "13812345678", "hukou_address", "东风村三组"};
    char err[256];
    for (size_t i = 0; in && i < sizeof kv / sizeof kv[0]; i += 2)
        if (form_inst_set(in, kv[i], kv[i + 1], err, sizeof err) != FORM_OK)
            return -1;
    if (!in || flow_tap(f, "form.next") || flow_tap(f, "form.next"))
        return -1;
    return flow_tap(f, "f.members.add") || flow_manual(f) || strcmp(flow_top_name(f), "form_member")
               ? -1
               : 0;
}

static void test_voice_member(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "voicemember.db", 1) == 0);
    REQUIRE(open_member(&f, 0) == 0);
    const char *said = heard_tap(&f, "member.voice");
    CHECK(strstr(said, "家庭成员1") != NULL);
    CHECK(strstr(said, "姓名") != NULL);
    CHECK(strstr(said, "公民身份号码") != NULL);
    CHECK(strstr(said, "与户主关系") != NULL);
    CHECK(strstr(said, "性别") == NULL); /* worked out from the number: nothing to answer */
    /* 填好了 with nothing filled: the refusal is read first */
    OK(heard_hush(&f));
    OK(flow_tap(&f, "member.done"));
    const char *msg = ui_form_message(flow_top(&f));
    REQUIRE(msg != NULL);
    said = heard_tap(&f, "member.voice");
    CHECK(!strncmp(said, msg, strlen(msg)));
    OK(heard_hush(&f));
    /* a tap starts or stops the speech and draws the button alone */
    SDL_Rect btn;
    REQUIRE(uitest_target_rect(f.u.app, "member.voice", &btn) == 0);
    SDL_Rect patch = {btn.x + btn.w + 2, 2, 8, 8}; /* the title bar */
    CHECK_EQ_INT(uitest_partial(&f.u, "member speech", "tap @member.voice", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    CHECK_EQ_INT(uitest_partial(&f.u, "member speech stopped", "tap @member.voice", &patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 0);
    /* with its keyboard open too, beside 完成 */
    OK(flow_tap(&f, "f.m_idno"));
    REQUIRE(ui_form_kb(flow_top(&f)) != NULL);
    OK(flow_run(&f, "expect-target @form.done\n"));
    said = heard_tap(&f, "member.voice");
    CHECK(strstr(said, "公民身份号码") != NULL);
    OK(heard_hush(&f));
    flow_close(&f);

    /* large text: the screen reads itself once as it opens */
    REQUIRE(flow_open(&f, 1080, 1920, "voicemember2.db", 1) == 0);
    int before = heard_spoken;
    REQUIRE(open_member(&f, 1) == 0);
    OK(flow_run(&f, "wait 300\n"));
    CHECK(heard_spoken > before);
    CHECK(strstr(heard_said, "家庭成员1") != NULL);
    int after = heard_spoken;
    OK(flow_run(&f, "wait 300\n"));
    CHECK_EQ_INT(heard_spoken, after); /* once, not at each tick */
    plat_audio_stop();
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* ---- 读给我听 on a tile's menu of items ---- */

/* A tap on a speaker button (line) starts the speech, a second stops it;
 * each draws the button alone, as a full frame would: the patch survives. */
static void speak_and_stop(flow *f, const char *what, const char *line, const SDL_Rect *patch)
{
    CHECK_EQ_INT(uitest_partial(&f->u, what, line, patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 1);
    CHECK_EQ_INT(uitest_partial(&f->u, what, line, patch), 0);
    CHECK_EQ_INT(plat_audio_busy(), 0);
}

/* 养老保险's menu: its 读给我听 beside the question reads the question, then
 * each item's name and what it is for; a tap draws the button alone; the
 * button lies clear of the list, at 1080x1920 and on the 1280x800 tablet,
 * normal and large text. */
static void voice_menu(int w, int h, int elderly)
{
    heard_on();
    flow f;
    REQUIRE(flow_open(&f, w, h, "voicemenu.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    OK(flow_run(&f, "tap @tile.pension\nexpect-screen menu\n"));
    const char *said = heard_tap(&f, "menu.voice");
    CHECK(!strncmp(said, core_str("menu.title"), strlen(core_str("menu.title"))));
    const form_tile *tile = form_catalog_tile_find(f.cat, "pension");
    REQUIRE(tile != NULL);
    for (size_t i = 0; i < form_tile_item_count(tile); i++) {
        const form_def *d = form_catalog_find(f.cat, form_tile_item(tile, i));
        REQUIRE(d != NULL);
        CHECK(strstr(said, form_def_title(d)) != NULL);
        CHECK(strstr(said, form_def_description(d)) != NULL);
    }
    OK(heard_hush(&f));
    SDL_Rect btn, row, in;
    REQUIRE(uitest_target_rect(f.u.app, "menu.voice", &btn) == 0);
    REQUIRE(uitest_target_rect(f.u.app, "menu.list.0", &row) == 0);
    CHECK(!SDL_IntersectRect(&btn, &row, &in));
    CHECK(btn.x + btn.w <= w && btn.y >= 0);
    SDL_Rect patch = {2, h - 4, 2, 2}; /* the page's bottom left corner */
    speak_and_stop(&f, "menu speech", "tap @menu.voice", &patch);
    OK(flow_run(&f, "tap @menu.list.0\nexpect-screen form\n")); /* the list still works */
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

static void test_voice_menu(void)
{
    voice_menu(1080, 1920, 0);
    voice_menu(1080, 1920, 1);
    voice_menu(1280, 800, 0);
    voice_menu(1280, 800, 1);
}

/* ---- 读给我听 on home ---- */

/* Whether target id is on the screen. */
static int on_screen(const flow_targets *tg, const char *id)
{
    for (int j = 0; j < tg->n; j++)
        if (!strcmp(tg->t[j].id, id))
            return 1;
    return 0;
}

/* Home's 读给我听, at the left of the bar under the tiles on every page: it
 * reads the greeting, then each tile of the page shown (its name and what it
 * covers, the "·" between its words a pause) and no tile of another page,
 * which page of how many and, before the last, how to turn it; in normal
 * text how to get large text. Through every page, at 1080x1920, 1920x1080
 * and the 1280x800 tablet, normal and large text, every tile heard once; a
 * tap draws the button alone; the button lies clear of the tiles and the
 * page keys, 15 mm at least. */
static void voice_home(int w, int h, int elderly)
{
    heard_on();
    flow f;
    REQUIRE(flow_open(&f, w, h, "voicehome.db", 1) == 0);
    if (elderly)
        OK(flow_run(&f, "elderly on\n"));
    size_t n = form_catalog_tile_count(f.cat);
    int heard = 0, per = 0, pages = 0;
    char what[64];
    snprintf(what, sizeof what, "home %dx%d%s", w, h, elderly ? " large text" : "");
    for (int page = 0; page < 32; page++) {
        const char *said = heard_tap(&f, "home.voice");
        CHECK(!strncmp(said, core_str("home.welcome"), strlen(core_str("home.welcome"))));
        CHECK(strstr(said, "·") == NULL);
        CHECK_EQ_INT(strstr(said, core_str("home.hint")) != NULL, !elderly);
        flow_targets tg;
        flow_targets_of(f.u.app, &tg);
        int shown = 0;
        for (size_t i = 0; i < n; i++) {
            const form_tile *ft = form_catalog_tile_at(f.cat, i);
            char id[64], s1[160], s2[160];
            snprintf(id, sizeof id, "tile.%s", form_tile_id(ft));
            /* a sentence of its own: after the one before it, the name first */
            snprintf(s1, sizeof s1, "。%s，", form_tile_label(ft));
            snprintf(s2, sizeof s2, "。%s。", form_tile_label(ft));
            int on = on_screen(&tg, id), read = strstr(said, s1) || strstr(said, s2);
            if (on != read)
                printf("  %s, page %d: %s is %s but %s\n", what, page + 1, form_tile_label(ft),
                       on ? "shown" : "not shown", read ? "read" : "not read");
            CHECK_EQ_INT(read, on);
            if (on && form_tile_subtitle(ft)[0]) { /* what it covers: its first words */
                char first[160];
                snprintf(first, sizeof first, "%s", form_tile_subtitle(ft));
                first[strcspn(first, " \xc2")] = '\0';
                CHECK(strstr(said, first) != NULL);
            }
            shown += on;
        }
        heard += shown;
        if (page == 0) {
            per = shown;
            REQUIRE(per > 0);
            pages = (int)((n + (size_t)per - 1) / (size_t)per);
            /* a tap, and a second, draw the button alone: a patch on a tile
             * survives */
            SDL_Rect btn, tile;
            REQUIRE(uitest_target_rect(f.u.app, "home.voice", &btn) == 0);
            REQUIRE(uitest_target_rect(f.u.app, "tile.pension", &tile) == 0);
            SDL_Rect patch = {tile.x + tile.w / 2, tile.y + tile.h - 12, 4, 4};
            speak_and_stop(&f, what, "tap @home.voice", &patch);
        }
        char ind[96];
        snprintf(ind, sizeof ind, core_str("home.page.of"), page + 1, pages);
        CHECK(strstr(said, ind) != NULL);
        int more = on_screen(&tg, "home.page.next");
        CHECK_EQ_INT(strstr(said, core_str("home.say.more")) != NULL, more);
        /* the button clear of the tiles and the page keys, and 15 mm */
        SDL_Rect btn, in;
        REQUIRE(uitest_target_rect(f.u.app, "home.voice", &btn) == 0);
        for (int j = 0; j < tg.n; j++)
            if (strcmp(tg.t[j].id, "home.voice") && SDL_IntersectRect(&btn, &tg.t[j].r, &in))
                printf("  %s: 读给我听 meets %s\n", what, tg.t[j].id);
        for (int j = 0; j < tg.n; j++)
            CHECK(!strcmp(tg.t[j].id, "home.voice") || !SDL_IntersectRect(&btn, &tg.t[j].r, &in));
        int least = ui_theme_mm(ui_app_theme(f.u.app), 15.0);
        CHECK(btn.w >= least && btn.h >= least && btn.x >= 0 && btn.y + btn.h <= h);
        if (!more)
            break;
        OK(flow_run(&f, "tap @home.page.next\n"));
    }
    CHECK_EQ_INT(heard, (int)n); /* every tile, each on its page */
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

static void test_voice_home(void)
{
    voice_home(1080, 1920, 0);
    voice_home(1080, 1920, 1);
    voice_home(1920, 1080, 0);
    voice_home(1280, 800, 1);
}

/* ---- large text: the card page, and the count of a whole enrolment ---- */

typedef struct {
    int taps, chars, drags;
} tally;

/* Runs script lines through the flow and counts what a person does. */
static int act(flow *f, tally *t, const char *line)
{
    if (!strncmp(line, "tap ", 4))
        t->taps++;
    else if (!strncmp(line, "drag ", 5))
        t->drags++;
    return flow_run(f, line);
}

/* Taps target id (scrolling to it like a finger: flow.scrolls counts those). */
static int tap_id(flow *f, tally *t, const char *id)
{
    t->taps++;
    return flow_tap(f, id);
}

static void test_elderly_count(void)
{
    flow f;
    heard_on(); /* the real engine, to hear what large text reads out */
    REQUIRE(flow_open_card(&f, "count.db", samples()) == 0);
    f.tap_keys = 1;
    tally t = {0, 0, 0};
    OK(act(&f, &t, "tap @home.elderly\n")); /* 大字模式, at home */
    CHECK_EQ_INT(ui_app_elderly(f.u.app), 1);
    OK(act(&f, &t, "tap @tile.pension\n"));
    heard_said[0] = '\0';
    OK(tap_id(&f, &t, "menu.list.0"));
    OK(flow_run(&f, "expect-target @card.manual\nwait 100\n"));
    /* the card page too is read out as it opens */
    CHECK(strstr(heard_said, core_str("card.title")) != NULL);
    CHECK(strstr(heard_said, core_str("card.manual_hint")) != NULL);
    OK(heard_hush(&f));
    shot(&f, "card-1080x1920-elderly");
    OK(tap_id(&f, &t, "card.sim")); /* on the kiosk: laying the card on the reader */
    CHECK(strstr(heard_said, "身份信息") != NULL); /* the page was read out as it opened */
    OK(heard_hush(&f)); /* the picture without the lit speaker */
    shot(&f, "card-filled-1080x1920-elderly");
    { /* 公民身份号码's help (18位，可在身份证阅读器上刷证自动填入) reads at the
       * body's size in large text, not the small one under its box */
        const ui_theme *th = ui_app_theme(f.u.app);
        SDL_Rect box, ink;
        const char *idno = "f.idno"; /* above 户籍性质, which the card left to answer */
        REQUIRE(flow_show(&f, &idno, 1) == 0);
        REQUIRE(uitest_target_rect(f.u.app, "f.idno", &box) == 0);
        SDL_Rect under = {box.x, box.y + box.h + 2, box.w, th->px_body * 2};
        REQUIRE(uitest_color_box(&f.u, &under, th->ink_soft, &ink) > 0);
        printf("  large text: the help's ink %d px high (small %d, body %d px)\n", ink.h,
               th->px_small, th->px_body);
        CHECK(ink.h > th->px_small);
    }
    /* the card gave name, ID number, sex, ethnicity, birth date and address:
     * on this page only 户籍性质 is left to choose */
    OK(flow_choose(&f, "hukou_type", "agri"));
    t.taps++;
    OK(tap_id(&f, &t, "form.next"));
    /* 现在住在户籍地址吗 is 是 already (its default); the phone is typed */
    CHECK_EQ_STR(form_inst_get(inst(&f), "same_address"), "yes");
    OK(tap_id(&f, &t, "f.phone"));
    OK(flow_keys(&f, "13812345678")); /* 11 key taps */
    t.chars += 11;
    OK(tap_id(&f, &t, "form.next"));
    OK(flow_choose(&f, "tier", "50000")); /* 缴费档次 */
    t.taps++;
    OK(tap_id(&f, &t, "form.next"));
    /* 发放账户: her own social security card (the default), found by her ID
     * number, so its card number may stay empty */
    CHECK_EQ_STR(form_inst_get(inst(&f), "account_type"), "sscard");
    OK(heard_hush(&f));
    shot(&f, "account-1080x1920-elderly");
    OK(tap_id(&f, &t, "form.next"));
    OK(flow_agree(&f, "pledge"));
    t.taps++;
    OK(flow_sign(&f, "signature"));
    t.drags += 2;
    OK(tap_id(&f, &t, "form.next"));
    REQUIRE(form_inst_at_review(inst(&f)));
    OK(tap_id(&f, &t, "form.next"));
    heard_said[0] = '\0';
    OK(tap_id(&f, &t, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    /* large text: the receipt is read out when it opens, its number digit by digit */
    OK(flow_run(&f, "wait 100\n"));
    CHECK(strstr(heard_said, core_str("receipt.saved_title")) != NULL);
    CHECK(strstr(heard_said, "登记号：0 0 0 0 0 0") != NULL);
    CHECK(strstr(heard_said, "城乡居民基本养老保险参保登记") != NULL);
    /* and again by its 读给我听, with the printing's outcome */
    OK(flow_run(&f, "tap @receipt.print\n"));
    const char *said = heard_tap(&f, "receipt.voice");
    CHECK(strstr(said, "登记号：0 0 0 0 0 0") != NULL);
    CHECK(strstr(said, core_str(f.prints ? "receipt.printed" : "receipt.print_failed")) != NULL);
    /* the slip and the screen name whose it is, masked as 我的办件 does: the
     * card's 张秀英 (an agent printing several tells them apart) */
    CHECK(slip_says(&f, "申请人：张*英"));
    CHECK(slip_says(&f, "张秀英") == 0);
    printf("  pension enrolment with an ID card, large text: %d taps besides keys, %d typed "
           "characters (%d key taps), %d signature strokes, %d scrolls\n",
           t.taps, t.chars, t.chars, t.drags, f.scrolls);
    CHECK(t.taps <= 25);  /* the aim of issue 12 */
    CHECK(t.chars <= 12); /* the phone number's 11 digits */

    plat_audio_stop();
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* 读给我听 on the query result and on the 还在吗? prompt, with the real
 * engine; in large text the result is read out once it has its answer. */
static void test_voice_query_idle(void)
{
    flow f;
    heard_on();
    REQUIRE(flow_open_card(&f, "voiceq.db", samples()) == 0);
    const char *u = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    REQUIRE(store_draft_save(f.st, u, "pension_enrol", 1, 0, "{}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(f.st, u, "城乡居民基本养老保险参保登记", "{}",
                                 "420506195203140027") == STORE_OK);
    OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.query")); /* on a later page in large text */
    OK(flow_run(&f, "tap @form.next\nexpect-target @card.sim\n"));
    heard_said[0] = '\0';
    OK(flow_run(&f, "idcard 1\nexpect-screen query_result\nwait 100\n"));
    CHECK(strstr(heard_said, core_str("query.title")) != NULL);
    CHECK(strstr(heard_said, "城乡居民基本养老保险参保登记") != NULL);
    CHECK(strstr(heard_said, "待上传") != NULL);
    plat_audio_stop();
    const char *said = heard_tap(&f, "ferr.voice");
    CHECK(strstr(said, "城乡居民基本养老保险参保登记") != NULL);
    /* the prompt asks aloud when it opens, and again by its button */
    heard_said[0] = '\0';
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\n"));
    CHECK(strstr(heard_said, core_str("idle.title")) != NULL);
    said = heard_tap(&f, "idle.voice");
    CHECK(strstr(said, core_str("idle.title")) != NULL);
    CHECK(strstr(said, "20 秒") != NULL);
    plat_audio_stop();
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

/* 返回 on a form begun without a card: the question says how the answers
 * come back, and keeps its word. Without an ID number nothing could bring
 * them back: it says so, and they are gone (it promised "下次点同一事项可以
 * 接着填", and the form came back empty); with one typed, by the same card
 * or number on the same item, which brings them back; an agent's, from
 * 我的办件. */
static void test_quit_says_how_back(void)
{
    flow f;
    heard_on();
    REQUIRE(flow_open(&f, 1080, 1920, "quit-promise.db", 1) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "还没有填身份证号码，已填的内容不会留下") != NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 0);
    CHECK(!store_file_has(&f, "张三"));

    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_type(&f, "idno", "110105197005100014"));
    /* typed, no phone number yet: only her card brings them back */
    OK(flow_run(&f, "wait 1500\ntap @form.quit\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "刷同一张身份证，就能接着填") != NULL);
    /* Escape (a keyboard at the emulator) answers 继续填写: it left the form */
    OK(flow_run(&f, "key escape\nexpect-screen form\n"));
    CHECK(flow_run(&f, "expect-target @form.dlg.ok\n") != 0);
    CHECK_EQ_STR(form_inst_get(inst(&f), "name") ? form_inst_get(inst(&f), "name") : "", "张三");
    /* Escape with no dialog open asks as 返回 does (it left at once) */
    OK(flow_run(&f, "key escape\nexpect-screen form\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "刷同一张身份证，就能接着填") != NULL);
    OK(flow_run(&f, "key escape\nexpect-screen form\n"));
    /* typed, with her phone number: the number and its last four digits */
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"),
                 "刷同一张身份证，或者填同一个身份证号码和这次留下的手机号码后4位，就能接着填") != NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    /* as it says: the same number on the same item, then the four digits */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "110105197005100014"));
    /* 继续上次填写 or 重新开始 has no answer that changes nothing: Escape
     * leaves it asked */
    OK(flow_run(&f, "expect-target @form.dlg.ok\nkey escape\nexpect-screen form\n"
                    "expect-target @form.dlg.ok\n"));
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\n"));
    OK(flow_run(&f, "tap @owner.kb.k.5\ntap @owner.kb.k.6\ntap @owner.kb.k.7\ntap @owner.kb.k.8\n"
                    "tap @owner.go\nexpect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "name") ? form_inst_get(inst(&f), "name") : "", "张三");
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\ntap @menu.back\n"));

    ui_app_agent_sign_in(f.u.app, "A0012", "李桂兰");
    REQUIRE(open_pension(&f) == 0);
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "李四", "li si"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "下次在“我的办件”里点这一件") != NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 2);
    flow_close(&f);
}

/* A draft begun with her card comes back with her card: her ID number typed
 * (by anyone who knows it) brought back her phone and bank card. The
 * question on leaving says so. */
static void test_card_draft_needs_card(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "card-draft.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n")); /* 李建国 */
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "刷同一张身份证，就能接着填") != NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    /* typed: nothing offered */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    int x, y;
    ui_app_render(f.u.app, 1);
    CHECK(ui_app_find_target(f.u.app, "form.dlg.ok", &x, &y) != 0);
    CHECK(form_inst_get(inst(&f), "hukou_type") == NULL);
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    /* her card: offered */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\n"));
    flow_close(&f);
}

/* 李建国 (the second sample card's) on 参保登记 by hand: his name and his
 * ID number typed, 下一步, then phone (whole or in part). 0 or -1. */
static int typed_to_phone(flow *f, const char *phone)
{
    if (flow_manual(f) || flow_hanzi(f, "name", "李建国", "li jian guo") ||
        flow_type(f, "idno", "420506194809170031") || flow_choose(f, "hukou_type", "agri") ||
        flow_tap(f, "form.next"))
        return -1;
    return flow_type(f, "phone", phone);
}

/* A draft begun by typing the ID number comes back only to whoever also
 * gives the last four digits of the phone number it holds: anyone who
 * knows her ID number could type it. Three wrong answers lock it: kept, on
 * disk too, for her card. 返回 leaves it as it was. Her card needs no
 * digits. */
static void test_typed_draft_needs_phone(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "typed-draft.db", samples()) == 0);
    /* 李建国's number typed (not read), his name, his phone number */
    REQUIRE(open_pension(&f) == 0);
    OK(typed_to_phone(&f, "13907174321"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);

    /* typed again: asked first; 返回 asks again, nothing of it shown */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(flow_run(&f, "expect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "再填上次留下的手机号码的后4位") != NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\n"));
    shot(&f, "owner-1080x1920");
    uitest_check_targets(&f.u);
    CHECK(strstr(heard_tap(&f, "owner.voice"), "手机号码的最后4位") != NULL);
    OK(flow_run(&f, "tap @owner.back\nexpect-screen form\nexpect-target @form.dlg.ok\n"));
    /* Escape (a keyboard at the emulator) as 返回: asked again, not left open */
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\nkey escape\n"
                    "expect-screen form\nexpect-target @form.dlg.ok\n"));
    CHECK(form_inst_get(inst(&f), "hukou_type") == NULL);
    CHECK(form_inst_get(inst(&f), "phone") == NULL);
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "再填上次留下的手机号码的后4位") != NULL);

    /* the right digits, after 返回: everything back */
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\n"));
    int x, y;
    ui_app_render(f.u.app, 1);
    CHECK(ui_app_find_target(f.u.app, "owner.go", &x, &y) != 0); /* not before four digits */
    OK(flow_run(&f, "tap @owner.kb.k.4\ntap @owner.kb.k.3\ntap @owner.kb.k.2\n"));
    ui_app_render(f.u.app, 1);
    CHECK(ui_app_find_target(f.u.app, "owner.go", &x, &y) != 0);
    OK(flow_run(&f, "tap @owner.kb.k.1\ntap @owner.go\nexpect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone") ? form_inst_get(inst(&f), "phone") : "",
                 "13907174321");
    CHECK_EQ_STR(form_inst_get(inst(&f), "hukou_type") ? form_inst_get(inst(&f), "hukou_type") : "",
                 "agri");
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);

    /* three wrong answers: the count said, then the draft locked; the
     * screen opened again (返回, then 继续上次填写; a new session) goes on
     * counting, it does not give three more */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\n"));
    OK(flow_run(&f, "text 1234\ntap @owner.go\n"));
    CHECK(strstr(heard_tap(&f, "owner.voice"), "还可以试2次") != NULL);
    OK(flow_run(&f, "tap @owner.back\ntap @form.dlg.ok\nexpect-screen form_owner\n"));
    CHECK(strstr(heard_tap(&f, "owner.voice"), "前面填错过，还可以试2次") != NULL);
    OK(flow_run(&f, "text 4320\ntap @owner.go\n"));
    CHECK(strstr(heard_tap(&f, "owner.voice"), "还可以试1次") != NULL);
    shot(&f, "owner-wrong-1080x1920");
    CHECK_EQ_INT(flow_drafts(&f), 2); /* hers, and the new form's with the number typed */
    char err[128]; /* the new form's own draft not kept at the timeout: hers alone is left */
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "0", err, sizeof err);
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\nwait 30000\nexpect-screen home\n"));
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "1", err, sizeof err);
    CHECK_EQ_INT(flow_drafts(&f), 1);
    /* the kiosk restarted: the count is kept with the draft */
    flow_close(&f);
    REQUIRE(flow_open(&f, 1080, 1920, "typed-draft.db", 0) == 0);
    flow_reader(&f, samples());
    CHECK_EQ_INT(flow_drafts(&f), 1);
    OK(flow_tap(&f, "tile.pension"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\n"));
    CHECK(strstr(heard_tap(&f, "owner.voice"), "前面填错过，还可以试1次") != NULL);
    OK(flow_run(&f, "text 0000\ntap @owner.go\n"));
    /* the third: kept (on disk too), locked for her card, and said so */
    CHECK(strstr(heard_tap(&f, "owner.voice"), "上次填的内容都还留着") != NULL);
    CHECK(strstr(heard_tap(&f, "owner.voice"), "请本人刷身份证，就能接着填") != NULL);
    CHECK_EQ_INT(flow_drafts(&f), 2); /* hers, and the new form's with the number typed */
    CHECK(store_file_has(&f, "13907174321"));
    shot(&f, "owner-failed-1080x1920");
    OK(flow_run(&f, "tap @owner.go\nexpect-screen form\n"));
    CHECK(form_inst_get(inst(&f), "phone") == NULL);

    CHECK_EQ_INT(audit_has_action(&f, "draft.owner_failed"), 1);
    /* begun again by typing, another phone number; then her card: her
     * locked draft first (only the card brings it back), no digits asked */
    OK(flow_hanzi(&f, "name", "李建国", "li jian guo"));
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "phone", "13800001111"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 2);
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "后4位") == NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone") ? form_inst_get(inst(&f), "phone") : "",
                 "13907174321");
    flow_close(&f);
}

/* 1 if a dialog (继续上次填写 or 重新开始) is open over the form. */
static int dialog_shows(flow *f)
{
    int x, y;
    ui_app_render(f->u.app, 1);
    return ui_app_find_target(f->u.app, "form.dlg.ok", &x, &y) == 0;
}

/* The title of the dialog open over the form ("" if none). */
static const char *dialog_title(flow *f)
{
    ui_app_render(f->u.app, 1);
    const char *t = ui_form_is(flow_top(f)) ? ui_form_dialog_title(flow_top(f)) : NULL;
    return t ? t : "";
}

/* Her ID number typed by a stranger: three wrong digits do not end her
 * draft. It stays on disk with her answers, locked: a number typed (before
 * or after a restart) is not offered it again, nor is the form the
 * stranger began after the lock saved over it; her card brings it back
 * with her answers, before any other draft of hers, and ends the lock. */
static void test_stranger_keeps_draft(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "owner-lock.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(typed_to_phone(&f, "13907174321"));
    char hers[64];
    snprintf(hers, sizeof hers, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);

    /* a stranger types her number and guesses three times */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\n"));
    OK(flow_run(&f, "text 1111\ntap @owner.go\ntext 2222\ntap @owner.go\n"
                    "text 3333\ntap @owner.go\nexpect-screen form_owner\n"));
    CHECK(strstr(heard_tap(&f, "owner.voice"), "上次填的内容都还留着") != NULL);
    int n = -1;
    CHECK_EQ_INT(store_draft_wrong_digits(f.st, hers, STORE_WRONG_READ, &n), STORE_OK);
    CHECK_EQ_INT(n, 3);
    CHECK(store_file_has(&f, "13907174321"));
    store_draft d;
    memset(&d, 0, sizeof d);
    CHECK_EQ_INT(store_draft_load(f.st, hers, &d), STORE_OK);
    CHECK(d.answers && strstr(d.answers, "13907174321") != NULL);
    store_draft_clear(&d);
    /* 重新填写: a new form, its own draft, nothing of hers in it */
    OK(flow_run(&f, "tap @owner.go\nexpect-screen form\n"));
    CHECK(strcmp(ui_form_uuid(flow_form(&f)), hers) != 0);
    CHECK(form_inst_get(inst(&f), "phone") == NULL);
    CHECK(form_inst_get(inst(&f), "hukou_type") == NULL);
    OK(flow_choose(&f, "hukou_type", "nonagri"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 2);

    /* her number typed again: nothing offered */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    CHECK(!dialog_shows(&f));
    CHECK(form_inst_get(inst(&f), "phone") == NULL);
    flow_close(&f);

    /* the kiosk restarted: still nothing to a number typed */
    REQUIRE(flow_open(&f, 1080, 1920, "owner-lock.db", 0) == 0);
    flow_reader(&f, samples());
    CHECK(flow_drafts(&f) >= 2);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    CHECK(!dialog_shows(&f));
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\ntap @menu.back\n"));

    /* her card: her locked draft (not the stranger's newer one), her answers */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "后4位") == NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form\n"));
    CHECK_EQ_STR(ui_form_uuid(flow_form(&f)), hers);
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone") ? form_inst_get(inst(&f), "phone") : "",
                 "13907174321");
    CHECK_EQ_STR(form_inst_get(inst(&f), "hukou_type") ? form_inst_get(inst(&f), "hukou_type") : "",
                 "agri");
    /* the card ended the lock: her number and digits bring it back again */
    CHECK_EQ_INT(store_draft_wrong_digits(f.st, hers, STORE_WRONG_READ, &n), STORE_OK);
    CHECK_EQ_INT(n, 0);
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\ntext 4321\ntap @owner.go\n"
                    "expect-screen form\n"));
    CHECK_EQ_STR(ui_form_uuid(flow_form(&f)), hers);
    flow_close(&f);
}

/* 重新开始 after her number typed throws her draft away only for the four
 * digits: 返回 and a wrong answer keep it (on disk, with its answers); the
 * right digits delete it (its answers off the disk too) and the form goes
 * on anew. After her card, 重新开始 needs no digits. */
static void test_restart_needs_digits(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "owner-restart.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(typed_to_phone(&f, "13907174321"));
    char hers[64];
    snprintf(hers, sizeof hers, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));

    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(flow_run(&f, "expect-target @form.dlg.cancel\ntap @form.dlg.cancel\n"
                    "expect-screen form_owner\n"));
    const char *said = heard_tap(&f, "owner.voice");
    CHECK(strstr(said, "上次填的内容会删掉") != NULL);
    shot(&f, "owner-restart-1080x1920");
    uitest_check_targets(&f.u);
    /* 返回: asked again, hers kept */
    OK(flow_run(&f, "tap @owner.back\nexpect-screen form\nexpect-target @form.dlg.cancel\n"));
    CHECK(store_file_has(&f, "13907174321"));
    /* a wrong answer: kept, counted */
    OK(flow_run(&f, "tap @form.dlg.cancel\nexpect-screen form_owner\ntext 1234\ntap @owner.go\n"
                    "expect-screen form_owner\n"));
    CHECK(strstr(heard_tap(&f, "owner.voice"), "还可以试2次") != NULL);
    OK(flow_run(&f, "tap @owner.back\nexpect-screen form\n"));
    store_draft d;
    memset(&d, 0, sizeof d);
    CHECK_EQ_INT(store_draft_load(f.st, hers, &d), STORE_OK);
    CHECK(d.answers && strstr(d.answers, "13907174321") != NULL);
    store_draft_clear(&d);
    /* the right digits: hers gone, on disk too; this form goes on, empty */
    OK(flow_run(&f, "tap @form.dlg.cancel\nexpect-screen form_owner\ntext 4321\ntap @owner.go\n"
                    "expect-screen form\n"));
    CHECK_EQ_INT(store_draft_load(f.st, hers, &d), STORE_ERR_NOTFOUND);
    CHECK(!store_file_has(&f, "13907174321"));
    CHECK(strcmp(ui_form_uuid(flow_form(&f)), hers) != 0);
    CHECK(form_inst_get(inst(&f), "phone") == NULL);
    CHECK(!dialog_shows(&f));
    CHECK_EQ_STR(form_inst_get(inst(&f), "idno") ? form_inst_get(inst(&f), "idno") : "",
                 "420506194809170031");
    flow_close(&f);

    /* her card: 重新开始 at once, as before */
    REQUIRE(flow_open_card(&f, "owner-restart-card.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(typed_to_phone(&f, "13907174321"));
    snprintf(hers, sizeof hers, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.cancel\ntap @form.dlg.cancel\n"
                    "expect-screen form\n"));
    CHECK_EQ_INT(store_draft_load(f.st, hers, &d), STORE_ERR_NOTFOUND);
    CHECK(!store_file_has(&f, "13907174321"));
    flow_close(&f);
}

/* The sizes the four digits' screens are looked at in: the tablet and the
 * phone-sized portrait in large text, a landscape screen. */
static const struct {
    int w, h, large;
    const char *name;
} OWNER_SIZES[] = {{1280, 800, 1, "owner-1280x800-elderly"},
                   {1920, 1080, 0, "owner-1920x1080"},
                   {1080, 1920, 1, "owner-1080x1920-elderly"}};

/* At size g: 低保 with her number and phone typed, left (the draft kept),
 * and her number typed again on a new start: the question whether to go on
 * with it is asked. 0, or -1 with what failed said. */
static int owner_draft_back(flow *f, size_t g, const char *db)
{
    if (flow_open(f, OWNER_SIZES[g].w, OWNER_SIZES[g].h, db, 1) != 0)
        return -1;
    if ((OWNER_SIZES[g].large && flow_run(f, "elderly on\n")) || flow_tap(f, "tile.dibao") ||
        flow_manual(f) || flow_type(f, "idno", "110105197005100014") ||
        flow_type(f, "phone", "13812345678") || flow_run(f, "wait 1500\n") ||
        flow_tap(f, "form.quit") || flow_run(f, "tap @form.dlg.ok\nexpect-screen home\n") ||
        flow_tap(f, "tile.dibao") || flow_manual(f) ||
        flow_type(f, "idno", "110105197005100014")) {
        flow_close(f);
        return -1;
    }
    return 0;
}

/* 重新开始's digits and the lock's words on the tablet and the phone-sized
 * portrait in large text and on a landscape screen: nothing cut or
 * covered. */
static void test_owner_restart_layouts(void)
{
    for (size_t g = 0; g < sizeof OWNER_SIZES / sizeof OWNER_SIZES[0]; g++) {
        flow f;
        char name[64];
        REQUIRE(owner_draft_back(&f, g, "owner-restart-layout.db") == 0);
        OK(flow_run(&f, "tap @form.dlg.cancel\nexpect-screen form_owner\n"));
        snprintf(name, sizeof name, "%s-restart", OWNER_SIZES[g].name);
        shot(&f, name);
        uitest_check_targets(&f.u);
        OK(flow_run(&f, "text 1111\ntap @owner.go\ntext 2222\ntap @owner.go\n"
                        "text 3333\ntap @owner.go\nexpect-screen form_owner\n"));
        snprintf(name, sizeof name, "%s-locked", OWNER_SIZES[g].name);
        shot(&f, name);
        uitest_check_targets(&f.u);
        OK(flow_run(&f, "tap @owner.go\nexpect-screen form\n"));
        CHECK(store_file_has(&f, "13812345678"));
        flow_close(&f);
    }
}

/* 还在吗？ says what the end of the session does with a form's answers, as
 * the form's timeout does: kept, or not kept; over home it says nothing of
 * answers. Read aloud as shown. */
static void test_idle_says_answers(void)
{
    heard_on();
    flow f;
    char err[128];
    REQUIRE(flow_open(&f, 1080, 1920, "idle-says.db", 1) == 0);
    /* her number typed and her phone: kept, back by card or number and phone */
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "110105197005100014"));
    OK(flow_type(&f, "phone", "13812345678"));
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\n"));
    const char *said = heard_tap(&f, "idle.voice");
    CHECK(strstr(said, "还在吗") != NULL);
    CHECK(strstr(said, core_str("idle.kept")) != NULL);
    shot(&f, "idle-kept-1080x1920");
    OK(flow_run(&f, "tap @idle.ok\nexpect-screen form\n"));
    /* kept drafts switched off: not kept */
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "0", err, sizeof err);
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\n"));
    said = heard_tap(&f, "idle.voice");
    CHECK(strstr(said, core_str("idle.not_kept")) != NULL);
    CHECK(strstr(said, core_str("idle.kept")) == NULL);
    OK(flow_run(&f, "tap @idle.ok\nexpect-screen form\n"));
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "1", err, sizeof err);
    OK(flow_run(&f, "wait 600000\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    /* her number typed, no phone number: only her card brings it back */
    OK(flow_tap(&f, "tile.dibao"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "110105194003150022"));
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\n"));
    said = heard_tap(&f, "idle.voice");
    CHECK(strstr(said, core_str("idle.kept_card")) != NULL);
    OK(flow_run(&f, "wait 600000\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 2);
    /* a name and no ID number: nothing could bring it back */
    OK(flow_run(&f, "elderly on\n"));
    OK(flow_tap(&f, "tile.pension"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\n"));
    said = heard_tap(&f, "idle.voice");
    CHECK(strstr(said, core_str("idle.not_kept")) != NULL);
    shot(&f, "idle-not-kept-1080x1920-elderly");
    OK(flow_run(&f, "wait 600000\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 2);
    /* home in large text: a session, no answers to speak of */
    OK(flow_tap(&f, "home.elderly"));
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\n"));
    said = heard_tap(&f, "idle.voice");
    CHECK(strstr(said, "还在吗") != NULL);
    CHECK(strstr(said, core_str("idle.not_kept")) == NULL);
    CHECK(strstr(said, "已填的内容") == NULL);
    flow_close(&f);
}

/* A phone number not whole (typed in part, kept with its error) has no
 * last four digits to ask for: the draft comes back only with her card, and
 * 不填了吗？ says so. */
static void test_half_phone(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "half-phone.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(typed_to_phone(&f, "139071"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\nexpect-target @form.dlg.ok\n"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "刷同一张身份证，就能接着填") != NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    int x, y;
    ui_app_render(f.u.app, 1);
    CHECK(ui_app_find_target(f.u.app, "form.dlg.ok", &x, &y) != 0); /* nothing offered */
    char err[128]; /* this form's own draft not kept: hers alone stays */
    core_config_set(f.u.cfg, "ui.keep_draft_on_timeout", "0", err, sizeof err);
    OK(flow_run(&f, "wait 91000\nwait 30000\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    OK(flow_tap(&f, "tile.pension"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\ntap @form.dlg.ok\nexpect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "hukou_type") ? form_inst_get(inst(&f), "hukou_type") : "",
                 "agri");
    flow_close(&f);
}

/* From the first page of 参保登记 (name and ID number there already) to
 * the receipt: hukou type, address, phone, tier, card number, pledge,
 * signature, 确认提交. 0 or -1. */
static int file_pension(flow *f, const char *hukou, const char *phone)
{
    if (flow_choose(f, "ethnicity", "01") || flow_choose(f, "hukou_type", hukou) ||
        flow_tap(f, "form.next") ||
        flow_hanzi(f, "hukou_address", "东风村三组", "dong feng cun san zu") ||
        flow_choose(f, "same_address", "yes") || flow_type(f, "phone", phone) ||
        flow_tap(f, "form.next") || flow_choose(f, "tier", "50000") || flow_tap(f, "form.next") ||
        flow_type(f, "sscard_no", "123456789") || flow_tap(f, "form.next") ||
        flow_agree(f, "pledge") || flow_sign(f, "signature") || flow_tap(f, "form.next") ||
        !form_inst_at_review(ui_form_inst(flow_form(f))))
        return -1;
    return flow_submit(f);
}

/* Her item filed: her other drafts of it have nothing left to do and go at
 * once, those the filer showed to be hers: filed with her card read, every
 * draft of hers (here a second one begun with her card, which the offer
 * did not show); filed by someone who only typed her number, none begun
 * with her card (nor a locked one) — they stay for her card, which is told
 * of that filing first and offers them only to file again. Another
 * villager's draft of the same item stays. */
static void test_filed_ends_drafts(void)
{
    flow f;
    REQUIRE(flow_open_card(&f, "filed-drafts.db", samples()) == 0);
    /* someone else's draft of the item */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "张三", "zhang san"));
    OK(flow_type(&f, "idno", "110105197005100014"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    /* hers, begun with her card, left; and a second one like it */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n")); /* 李建国 */
    OK(flow_choose(&f, "hukou_type", "nonagri"));
    char hers[64];
    snprintf(hers, sizeof hers, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    OK(flow_copy_draft(&f, hers, "0f8fad5b-d9cb-469f-a165-70867728950e"));
    CHECK_EQ_INT(flow_drafts(&f), 3);
    /* someone files it typing her number (her card's drafts not offered):
     * they stay */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "李建国", "li jian guo"));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(file_pension(&f, "agri", "13907174321"));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    CHECK_EQ_INT(flow_drafts(&f), 3);
    CHECK(store_file_has(&f, "nonagri"));
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    /* her card: told first that it was filed in her name; she files it
     * again all the same (还要再办一次): one of hers offered and taken, the
     * other goes */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.cancel\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.dup_title"));
    REQUIRE(flow_run(&f, "tap @form.dlg.cancel\nexpect-target @form.dlg.ok\n") == 0);
    CHECK_EQ_STR(dialog_title(&f), core_str("form.resume_title"));
    REQUIRE(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form\n") == 0);
    CHECK_EQ_STR(form_inst_get(inst(&f), "hukou_type") ? form_inst_get(inst(&f), "hukou_type") : "",
                 "nonagri");
    OK(file_pension(&f, "agri", "13907174321"));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    CHECK_EQ_INT(flow_drafts(&f), 1); /* 张三's */
    store_draft *d;
    size_t n;
    REQUIRE(store_draft_list(f.st, &d, &n) == STORE_OK);
    if (n == 1) {
        store_draft one;
        memset(&one, 0, sizeof one);
        REQUIRE(store_draft_load(f.st, d[0].uuid, &one) == STORE_OK);
        CHECK(one.answers && strstr(one.answers, "110105197005100014") != NULL);
        store_draft_clear(&one);
    }
    store_draft_list_free(d, n);
    CHECK(!store_file_has(&f, "nonagri")); /* her card draft's answer, off the disk too */
    flow_close(&f);
}

/* The item filed in her name by someone who typed her number leaves her
 * drafts (card's and typed) on disk; when she comes back, by her card or
 * her number, she is told of that filing first (这一项您已经办过) — not
 * offered her draft, which would file the item a second time untold. 不用
 * 再办 goes home and her draft stays; 还要再办一次 then offers it, one
 * question at a time. */
static void test_told_filed_first(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "told-filed.db", samples()) == 0);
    /* her draft begun with her card */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n")); /* 李建国 */
    OK(flow_choose(&f, "hukou_type", "nonagri"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    /* someone files the item typing her number (another phone number) */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "李建国", "li jian guo"));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(file_pension(&f, "agri", "13800001111"));
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    /* her number typed: told of the filing (nothing else to offer a number
     * typed); 还要再办一次, and a draft begun by typing, with her phone
     * number, left */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_manual(&f));
    OK(flow_hanzi(&f, "name", "李建国", "li jian guo"));
    OK(flow_type(&f, "idno", "420506194809170031"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.dup_title"));
    OK(flow_run(&f, "tap @form.dlg.cancel\n"));
    CHECK(!dialog_shows(&f));
    OK(flow_choose(&f, "hukou_type", "agri"));
    OK(flow_tap(&f, "form.next"));
    OK(flow_type(&f, "phone", "13907174321"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    OK(flow_run(&f, "tap @menu.back\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 2);

    /* her card: told of the filing, her draft not offered */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.dup_title"));
    const char *said = heard_tap(&f, "form.voice.dlg");
    CHECK(strstr(said, "这一项您已经办过") != NULL);
    CHECK(strstr(said, "现在待上传。一般不用再办一次") != NULL);
    CHECK(form_inst_get(inst(&f), "hukou_type") == NULL);
    shot(&f, "dup-first-1080x1920");
    /* 不用再办，回首页: home, her draft kept */
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen home\n"));
    CHECK_EQ_INT(flow_drafts(&f), 2);
    CHECK(store_file_has(&f, "nonagri"));
    /* her card again: told again; 还要再办一次: now her draft */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.cancel\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.dup_title"));
    OK(flow_run(&f, "tap @form.dlg.cancel\nexpect-target @form.dlg.ok\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.resume_title"));
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form\n"));
    CHECK(!dialog_shows(&f));
    CHECK(form_inst_get(inst(&f), "hukou_type") != NULL); /* a draft of hers, back */
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 2);

    /* her number typed: told of the filing too, before her typed draft's
     * question and its four digits */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(flow_run(&f, "expect-target @form.dlg.ok\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.dup_title"));
    OK(flow_run(&f, "tap @form.dlg.cancel\nexpect-target @form.dlg.ok\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.resume_title"));
    CHECK(strstr(heard_tap(&f, "form.voice.dlg"), "再填上次留下的手机号码的后4位") != NULL);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\ntext 4321\ntap @owner.go\n"
                    "expect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone") ? form_inst_get(inst(&f), "phone") : "",
                 "13907174321");
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    flow_close(&f);

    /* the same in large text on the tablet: the notice, then the draft */
    REQUIRE(flow_open(&f, 1280, 800, "told-filed.db", 0) == 0);
    flow_reader(&f, samples());
    OK(flow_run(&f, "elderly on\n"));
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.dup_title"));
    shot(&f, "dup-first-1280x800-elderly");
    uitest_check_targets(&f.u);
    OK(flow_run(&f, "tap @form.dlg.cancel\nexpect-target @form.dlg.ok\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.resume_title"));
    flow_close(&f);
}

/* Her draft begun by typing (locked by a stranger's three wrong answers)
 * brought back by her card, then filed: the filing is hers by her card, and
 * ends every other draft of hers — the one begun with her card, the
 * stranger's begun with her number — as a filing with her card read does;
 * her card then offers no draft. */
static void test_card_resumed_typed_ends_all(void)
{
    flow f;
    REQUIRE(flow_open_card(&f, "card-resumed-typed.db", samples()) == 0);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n"));
    OK(flow_choose(&f, "hukou_type", "nonagri"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    OK(flow_tap(&f, "menu.list.0"));
    OK(typed_to_phone(&f, "13907174321"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    /* a stranger locks her typed draft and leaves a form of his own */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\n"
                    "text 1111\ntap @owner.go\ntext 2222\ntap @owner.go\ntext 3333\ntap @owner.go\n"
                    "tap @owner.go\nexpect-screen form\n"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 3);
    /* her card: the locked one, taken and filed */
    OK(flow_tap(&f, "menu.list.0"));
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\ntap @form.dlg.ok\nexpect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "phone") ? form_inst_get(inst(&f), "phone") : "",
                 "13907174321");
    while (form_inst_page(inst(&f)) > 0)
        OK(flow_tap(&f, "form.prev"));
    OK(file_pension(&f, "agri", "13907174321"));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    CHECK_EQ_INT(flow_drafts(&f), 0);
    CHECK(!store_file_has(&f, "nonagri"));
    /* her card again: told of the filing; filing again offers no draft */
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.cancel\n"));
    CHECK_EQ_STR(dialog_title(&f), core_str("form.dup_title"));
    OK(flow_run(&f, "tap @form.dlg.cancel\n"));
    CHECK(!dialog_shows(&f));
    CHECK(form_inst_get(inst(&f), "hukou_type") == NULL);
    flow_close(&f);
}

/* ---- a full disk on the four digits' screen (diskfull.h) ---- */

/* 李建国's draft begun by typing, his phone number 13907174321, left; his
 * number typed again on a new start and 继续上次填写: the four digits'
 * screen. At w x h, large text or not. The store's file on the full-disk
 * VFS (diskfull_install). Its uuid into hers. 0 or -1. */
static int typed_draft_asked(flow *f, const char *db, int w, int h, int large, char *hers,
                             size_t n)
{
    if (flow_open(f, w, h, db, 1))
        return -1;
    flow_reader(f, samples());
    if ((large && flow_run(f, "elderly on\n")) || open_pension(f) ||
        typed_to_phone(f, "13907174321"))
        return -1;
    snprintf(hers, n, "%s", ui_form_uuid(flow_form(f)));
    if (flow_run(f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n") ||
        flow_tap(f, "menu.list.0") || flow_manual(f) ||
        flow_type(f, "idno", "420506194809170031"))
        return -1;
    return flow_run(f, "tap @form.dlg.ok\nexpect-screen form_owner\n");
}

/* The store's count of wrong answers for draft uuid (-1 unread). */
static int wrong_kept(flow *f, const char *uuid)
{
    int n = -1;
    return store_draft_wrong_digits(f->st, uuid, STORE_WRONG_READ, &n) == STORE_OK ? n : -1;
}

/* Wrong answers the disk refused to count: the screen still counts them,
 * and opened again (返回, 继续上次填写) goes on from them — it opened no
 * more (nothing happened); the third, with the disk writing again, brings
 * the count kept to the lock, so that her number typed is not offered the
 * draft again. */
static void test_owner_count_unsaved(void)
{
    heard_on();
    diskfull_install();
    flow f;
    char hers[64];
    REQUIRE(typed_draft_asked(&f, "owner-full.db", 1080, 1920, 0, hers, sizeof hers) == 0);
    diskfull_set(1);
    OK(flow_run(&f, "text 1111\ntap @owner.go\nexpect-screen form_owner\n"));
    diskfull_set(0);
    CHECK_EQ_INT(wrong_kept(&f, hers), 0);
    CHECK(strstr(heard_tap(&f, "owner.voice"), "还可以试2次") != NULL);
    /* 返回, 继续上次填写: the screen again, the count where it was */
    OK(flow_run(&f, "tap @owner.back\nexpect-screen form\nexpect-target @form.dlg.ok\n"
                    "tap @form.dlg.ok\nexpect-screen form_owner\n"));
    CHECK(strstr(heard_tap(&f, "owner.voice"), "前面填错过，还可以试2次") != NULL);
    diskfull_set(1);
    OK(flow_run(&f, "text 2222\ntap @owner.go\nexpect-screen form_owner\n"));
    diskfull_set(0);
    CHECK(strstr(heard_tap(&f, "owner.voice"), "还可以试1次") != NULL);
    OK(flow_run(&f, "text 3333\ntap @owner.go\nexpect-screen form_owner\n"));
    CHECK(strstr(heard_tap(&f, "owner.voice"), "不能再用身份证号码接着填了") != NULL);
    CHECK_EQ_INT(wrong_kept(&f, hers), 3); /* the lock, kept */
    OK(flow_run(&f, "tap @owner.go\nexpect-screen form\n"));
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    flow_close(&f);
    /* after a restart too: her number typed is offered nothing */
    REQUIRE(flow_open(&f, 1080, 1920, "owner-full.db", 0) == 0);
    flow_reader(&f, samples());
    REQUIRE(open_pension(&f) == 0);
    OK(flow_manual(&f));
    OK(flow_type(&f, "idno", "420506194809170031"));
    CHECK(!dialog_shows(&f));
    flow_close(&f);
    diskfull_remove();
}

/* The disk refuses every count, the lock's too: the draft is locked all the
 * same for as long as the program runs (her number typed is offered nothing,
 * on a new start of the form too), and the screen does not say that her
 * number can no longer bring it back (a restart would forget the lock); her
 * card brings it back and ends the lock. Normal text and large text on the
 * tablet. */
static void test_owner_lock_unsaved(void)
{
    static const struct {
        int w, h, large;
        const char *shot;
    } sizes[] = {{1080, 1920, 0, "owner-failed-unkept-1080x1920"},
                 {1280, 800, 1, "owner-failed-unkept-1280x800-elderly"}};
    heard_on();
    for (size_t g = 0; g < sizeof sizes / sizeof sizes[0]; g++) {
        diskfull_install();
        flow f;
        char hers[64];
        REQUIRE(typed_draft_asked(&f, "owner-lock-full.db", sizes[g].w, sizes[g].h,
                                  sizes[g].large, hers, sizeof hers) == 0);
        diskfull_set(1);
        OK(flow_run(&f, "text 1111\ntap @owner.go\ntext 2222\ntap @owner.go\n"
                        "text 3333\ntap @owner.go\nexpect-screen form_owner\n"));
        diskfull_set(0);
        CHECK(diskfull_refusals() > 0);
        CHECK_EQ_INT(wrong_kept(&f, hers), 0);
        const char *said = heard_tap(&f, "owner.voice");
        CHECK(strstr(said, "上次填的内容都还留着") != NULL);
        CHECK(strstr(said, "请本人刷身份证，就能接着填") != NULL);
        CHECK(strstr(said, "不能再用身份证号码") == NULL);
        shot(&f, sizes[g].shot);
        uitest_check_targets(&f.u);
        OK(flow_run(&f, "tap @owner.go\nexpect-screen form\n"));
        CHECK(!dialog_shows(&f));
        OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
        /* the form again, her number typed: nothing offered */
        OK(flow_tap(&f, "menu.list.0"));
        OK(flow_manual(&f));
        OK(flow_type(&f, "idno", "420506194809170031"));
        CHECK(!dialog_shows(&f));
        OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
        /* her card: her draft, and the lock ends */
        OK(flow_tap(&f, "menu.list.0"));
        OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\ntap @form.dlg.ok\n"
                        "expect-screen form\n"));
        CHECK_EQ_STR(ui_form_uuid(flow_form(&f)), hers);
        OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
        OK(flow_tap(&f, "menu.list.0"));
        OK(flow_manual(&f));
        OK(flow_type(&f, "idno", "420506194809170031"));
        CHECK(dialog_shows(&f));
        flow_close(&f);
        diskfull_remove();
    }
}

/* An agent's draft is hers and the villager's: another agent signed in who
 * reads the same villager's card is not offered it (she got all the first
 * agent had typed); the agent who began it is. An agent is told of the
 * villager's filing in hand as the villager's, not her own; and 还在吗？
 * tells her the session's end signs her out. */
static void test_agents_apart(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open_card(&f, "agents-apart.db", samples()) == 0);
    ui_app_agent_sign_in(f.u.app, "A0013", "欧阳建国");
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n")); /* 李建国 */
    OK(flow_choose(&f, "hukou_type", "nonagri"));
    OK(flow_run(&f, "wait 1500\ntap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\n"));
    CHECK_EQ_INT(flow_drafts(&f), 1);
    OK(flow_run(&f, "tap @menu.back\nexpect-screen home\n"));
    ui_app_agent_sign_out(f.u.app, "agent");
    /* another agent, the same villager's card: nothing of it */
    ui_app_agent_sign_in(f.u.app, "A0012", "李桂兰");
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.next\n"));
    int x, y;
    ui_app_render(f.u.app, 1);
    CHECK(ui_app_find_target(f.u.app, "form.dlg.ok", &x, &y) != 0);
    CHECK(form_inst_get(inst(&f), "hukou_type") == NULL);
    /* 还在吗？ over her form: kept, and she is signed out */
    OK(flow_run(&f, "wait 91000\nexpect-screen idle\n"));
    const char *said = heard_tap(&f, "idle.voice");
    CHECK(strstr(said, core_str("idle.agent_out")) != NULL);
    CHECK(strstr(said, core_str("idle.kept")) != NULL);
    OK(flow_run(&f, "wait 30000\nexpect-screen home\n"));
    CHECK(ui_app_agent_id(f.u.app) == NULL);
    CHECK_EQ_INT(flow_drafts(&f), 2);
    /* the agent who began it: offered */
    ui_app_agent_sign_in(f.u.app, "A0013", "欧阳建国");
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 2\nexpect-target @form.dlg.ok\ntap @form.dlg.ok\nexpect-screen form\n"));
    CHECK_EQ_STR(form_inst_get(inst(&f), "hukou_type") ? form_inst_get(inst(&f), "hukou_type") : "",
                 "nonagri");
    OK(flow_run(&f, "tap @form.quit\ntap @form.dlg.ok\nexpect-screen menu\ntap @menu.back\n"));
    /* a filing of the villager's in hand: told of her */
    const char *u = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    REQUIRE(store_draft_save(f.st, u, "pension_enrol", 1, 0, "{}", NULL) == STORE_OK);
    REQUIRE(store_filing_confirm(f.st, u, "城乡居民基本养老保险参保登记", "{}",
                                 "420506195203140027") == STORE_OK);
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 1\nexpect-target @form.dlg.ok\n")); /* 张秀英 */
    said = heard_tap(&f, "form.voice.dlg");
    CHECK(strstr(said, "这位村民已经办过这一项") != NULL);
    CHECK(strstr(said, "这位村民在") != NULL);
    CHECK(strstr(said, "现在待上传。一般不用再办一次") != NULL);
    /* the county refused it for good (held for a technician): not told it
     * will upload, nor that filing again is not needed; staff first */
    REQUIRE(store_filing_hold(f.st, u, "conflict: HTTP 409") == STORE_OK);
    OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen home\n")); /* 不用再办，回首页 */
    REQUIRE(open_pension(&f) == 0);
    OK(flow_run(&f, "idcard 1\nexpect-target @form.dlg.ok\n"));
    said = heard_tap(&f, "form.voice.dlg");
    CHECK(strstr(said, "现在暂停上传了。请先找工作人员看一看") != NULL);
    CHECK(strstr(said, "待上传") == NULL && strstr(said, "一般不用再办一次") == NULL);
    flow_close(&f);
}

/* The four digits' screen on the tablet in large text and on a landscape
 * screen: nothing cut or covered, the pad beside or under the field. */
static void test_owner_layouts(void)
{
    for (size_t g = 0; g < sizeof OWNER_SIZES / sizeof OWNER_SIZES[0]; g++) {
        flow f;
        REQUIRE(owner_draft_back(&f, g, "owner-layout.db") == 0);
        OK(flow_run(&f, "tap @form.dlg.ok\nexpect-screen form_owner\ntext 567\n"));
        shot(&f, OWNER_SIZES[g].name);
        uitest_check_targets(&f.u);
        OK(flow_run(&f, "tap @owner.kb.k.9\ntap @owner.go\n"));
        if (OWNER_SIZES[g].large) { /* the message under the field, the pad not over 确定 */
            char name[64];
            snprintf(name, sizeof name, "%s-wrong", OWNER_SIZES[g].name);
            shot(&f, name);
            uitest_check_targets(&f.u);
        }
        OK(flow_run(&f, "text 5678\ntap @owner.go\nexpect-screen form\n"));
        CHECK_EQ_STR(form_inst_get(inst(&f), "phone") ? form_inst_get(inst(&f), "phone") : "",
                     "13812345678");
        flow_close(&f);
    }
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_card_to_receipt);
    RUN(test_marks_kept);
    RUN(test_reader_outcomes);
    RUN(test_outcome_partial);
    RUN(test_wiped_with_session);
    RUN(test_member_card);
    RUN(test_member_added_in_view);
    RUN(test_card_expired);
    RUN(test_card_whose);
    RUN(test_same_person);
    RUN(test_voice_pages);
    RUN(test_voice_button_redraw);
    RUN(test_voice_member);
    RUN(test_voice_menu);
    RUN(test_voice_home);
    RUN(test_elderly_count);
    RUN(test_voice_query_idle);
    RUN(test_quit_says_how_back);
    RUN(test_card_draft_needs_card);
    RUN(test_typed_draft_needs_phone);
    RUN(test_owner_layouts);
    RUN(test_stranger_keeps_draft);
    RUN(test_restart_needs_digits);
    RUN(test_owner_restart_layouts);
    RUN(test_half_phone);
    RUN(test_filed_ends_drafts);
    RUN(test_told_filed_first);
    RUN(test_card_resumed_typed_ends_all);
    RUN(test_owner_count_unsaved);
    RUN(test_owner_lock_unsaved);
    RUN(test_agents_apart);
    RUN(test_idle_says_answers);
    heard_free();
    plat_audio_close();
    return check_summary();
}
