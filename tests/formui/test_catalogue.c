/* test_catalogue.c — the county's catalogue is data (assets/forms/catalogue.json,
 * SCHEMA.md): an item added to a copy of the assets (a form file and a tile,
 * no code) is reached from the home screen and filed through review and
 * confirm into the store's outbox; and every item of the shipped catalogue is
 * reached from a home tile through the real screens (pages, menus). */
#define _GNU_SOURCE /* memmem */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fixtures.h"
#include "flow.h"
#include "heard.h"
#include "ui/widgets/voicebtn.h"
#include "receipt/receipt.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/core/session.h"

#define OK(x) CHECK_EQ_INT((x), 0)

static const char NEW_FORM[] =
    "{\"id\": \"house_number\", \"version\": 1, \"title\": \"门牌号码申请\",\n"
    " \"description\": \"新建房屋申请门牌号码。\", \"icon\": \"house\",\n"
    " \"fields\": [\n"
    "  {\"key\": \"name\", \"type\": \"name\", \"label\": \"申请人姓名\"},\n"
    "  {\"key\": \"idno\", \"type\": \"idno\", \"label\": \"公民身份号码\"},\n"
    "  {\"key\": \"phone\", \"type\": \"mobile\", \"label\": \"联系电话\"},\n"
    "  {\"key\": \"house_address\", \"type\": \"address\", \"label\": \"房屋地址\"}],\n"
    " \"pages\": [{\"title\": \"申请人\", \"fields\": [\"name\", \"idno\", \"phone\"]},\n"
    "            {\"title\": \"房屋\", \"fields\": [\"house_address\"]}],\n"
    " \"idcard\": {\"name\": \"name\", \"id_number\": \"idno\"}}\n";

/* <scratch>/assets-copy/forms: a copy of the shipped forms and catalogue,
 * plus the new item and its tile. Returns the forms folder. */
static void assets_copy_with(char *forms, size_t cap, const char *form);
static void assets_copy(char *forms, size_t cap) { assets_copy_with(forms, cap, NEW_FORM); }

static void assets_copy_with(char *forms, size_t cap, const char *form)
{
    char p[2048];
    snprintf(forms, cap, "%s/forms", fx_fresh_dir("assets-copy"));
    REQUIRE(mkdir(forms, 0700) == 0);
    DIR *dp = opendir(check_asset("forms"));
    REQUIRE(dp != NULL);
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json"))
            continue;
        snprintf(p, sizeof p, "%s/%s", check_asset("forms"), e->d_name);
        size_t len;
        char *text = fx_slurp(p, &len);
        REQUIRE(text != NULL);
        if (!strcmp(e->d_name, "catalogue.json")) { /* one tile more, at the end */
            cJSON *c = cJSON_Parse(text);
            REQUIRE(c != NULL);
            cJSON *t = cJSON_Parse("{\"id\": \"house\", \"label\": \"门牌号码\", \"subtitle\": "
                                   "\"新建房屋申请门牌\", \"glyph\": \"门\", \"colour\": \"#00796B\","
                                   " \"items\": [\"house_number\"]}");
            REQUIRE(t != NULL);
            cJSON_AddItemToArray(cJSON_GetObjectItem(c, "tiles"), t);
            free(text);
            text = cJSON_Print(c);
            len = strlen(text);
            cJSON_Delete(c);
        }
        snprintf(p, sizeof p, "%s/%s", forms, e->d_name);
        REQUIRE(fx_write(p, text, len) == 0);
        free(text);
    }
    closedir(dp);
    snprintf(p, sizeof p, "%s/house_number.json", forms);
    REQUIRE(fx_write(p, form, strlen(form)) == 0);
}

/* The flow's catalogue replaced by the one of folder dir (as boot.c loads it). */
static void use_catalogue(flow *f, const char *dir)
{
    form_catalog_free(f->cat);
    f->cat = form_catalog_new();
    REQUIRE(f->cat != NULL);
    REQUIRE(form_catalog_load_dir(f->cat, dir) > 0);
    CHECK_EQ_STR(form_catalog_home_error(f->cat), "");
    CHECK_EQ_INT((int)form_catalog_problem_count(f->cat), 0);
    f->sv.forms = f->cat;
    ui_app_set_services(f->u.app, &f->sv);
}

/* From home: the new item's tile (on whichever page), the card page, by
 * hand, every page answered by taps, up to the review page. 0 or -1. */
static int fill_house(flow *f)
{
    if (flow_tap(f, "tile.house") || flow_manual(f) || !ui_form_is(flow_top(f)) ||
        strcmp(form_def_id(form_inst_def(ui_form_inst(flow_form(f)))), "house_number") ||
        flow_hanzi(f, "name", "张三", "zhang san") || flow_type(f, "idno", "110105197005100014") ||
        flow_type(f, "phone", "13812345678") || flow_tap(f, "form.next") ||
        flow_hanzi(f, "house_address", "东风村三组", "dong feng cun san zu") ||
        flow_tap(f, "form.next"))
        return -1;
    return form_inst_at_review(ui_form_inst(flow_form(f))) ? 0 : -1;
}

static void test_new_item_without_code(void)
{
    char dir[1024] = "";
    assets_copy(dir, sizeof dir);
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "catalogue.db", 1) == 0);
    use_catalogue(&f, dir);
    REQUIRE(form_catalog_find(f.cat, "house_number") != NULL);
    OK(flow_run(&f, "expect-screen home\n"));
    REQUIRE(fill_house(&f) == 0);
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_tap(&f, "form.next"));
    OK(flow_tap(&f, "form.dlg.ok"));
    CHECK_EQ_STR(flow_top_name(&f), "receipt");
    /* in the outbox, with its answers, waiting for the upload engine */
    int n = 0;
    store_outbox_count(f.st, &n);
    CHECK_EQ_INT(n, 1);
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    REQUIRE(store_filing_get(f.st, uuid, &fl) == STORE_OK);
    CHECK_EQ_STR(fl.form_id, "house_number");
    cJSON *p = cJSON_Parse(fl.payload);
    REQUIRE(p != NULL);
    cJSON *ans = cJSON_GetObjectItem(p, "answers");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ans, "name")), "张三");
    CHECK_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ans, "house_address")), "东风村三组");
    CHECK_EQ_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(p, "version")), 1);
    cJSON_Delete(p);
    store_filing_clear(&fl);
    OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
    flow_close(&f);
}

/* text (UTF-8) as GB18030, the printer's encoding, into out; its length
 * (0 when iconv cannot). */
static size_t gb18030(const char *text, char *out, size_t cap)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1)
        return 0;
    char *in = (char *)text, *o = out;
    size_t il = strlen(text), ol = cap;
    size_t rc = iconv(cd, &in, &il, &o, &ol);
    iconv_close(cd);
    return rc == (size_t)-1 ? 0 : cap - ol;
}

/* The county titles its item at length (68 characters, a year in digits
 * among them: more than the slip keeps, not a multiple of 3 bytes), and a
 * villager files it and prints its slip at the receipt and again from
 * 办件查询: the receipt and its slip show as much of it as fits, whole
 * characters only, never a broken one (U+FFFD, printed as GB18030 84 31 A4 37). */
static void test_long_title_whole_characters(void)
{
    static const char *const title = "2026年度城乡居民最低生活保障与特困人员救助供养及临时救助和残疾人两项补贴"
                                     "一件事联办申请表适用于本县农村户籍居民家庭及其共同生活的成员";
    static char form[4096];
    const char *rest = strstr(NEW_FORM, "\"description\"");
    REQUIRE(rest != NULL);
    snprintf(form, sizeof form, "{\"id\": \"house_number\", \"version\": 1, \"title\": \"%s\",\n %s",
             title, rest);
    char dir[1024] = "";
    assets_copy_with(dir, sizeof dir, form);
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "title.db", 1) == 0);
    use_catalogue(&f, dir);
    REQUIRE(fill_house(&f) == 0);
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(&f)));
    OK(flow_submit(&f));
    char gb[64];
    size_t n = gb18030("2026年度城乡居民", gb, sizeof gb); /* its first line */
    REQUIRE(n > 0);
    /* printed from the receipt, then again from 办件查询 by its registration
     * number (still waiting to upload): 再打印回执 */
    store_filing fl;
    memset(&fl, 0, sizeof fl);
    REQUIRE(store_filing_get(f.st, uuid, &fl) == STORE_OK);
    char reg[RECEIPT_REG_MAX + 1];
    REQUIRE(receipt_reg_make(fl.seq, reg, sizeof reg) == RECEIPT_OK);
    store_filing_clear(&fl);
    for (int k = 0; k < 2; k++) {
        if (k == 0) {
            OK(flow_run(&f, "tap @receipt.print\n"));
        } else {
            OK(flow_run(&f, "tap @receipt.home\nexpect-screen home\n"));
            OK(flow_tap(&f, "tile.query"));
            OK(flow_choose(&f, "method", "by_receipt"));
            OK(flow_tap(&f, "form.next"));
            OK(flow_type(&f, "receipt_no", reg));
            OK(flow_tap(&f, "form.next"));
            CHECK_EQ_STR(flow_top_name(&f), "query_result");
            OK(flow_run(&f, "tap @query.reprint\n"));
        }
        CHECK_EQ_INT(f.prints, k + 1);
        REQUIRE(f.printed != NULL);
        CHECK(memmem(f.printed, f.printed_len, gb, n) != NULL); /* the title's start, printed */
        CHECK(memmem(f.printed, f.printed_len, "\x84\x31\xa4\x37", 4) == NULL); /* none broken */
    }
    ui_app_go_home(f.u.app);
    flow_close(&f);
}

/* Every loaded item of the shipped catalogue, from its tile (and menu row),
 * at a size and text mode: the form that opens is that item. */
static void walk(int w, int h, int elderly)
{
    flow f;
    REQUIRE(flow_open(&f, w, h, "walk.db", 1) == 0);
    ui_app_set_elderly(f.u.app, elderly);
    size_t nforms = form_catalog_count(f.cat), reached = 0;
    char *seen = calloc(nforms, 1);
    REQUIRE(seen != NULL);
    for (size_t i = 0; i < form_catalog_tile_count(f.cat); i++) {
        const form_tile *t = form_catalog_tile_at(f.cat, i);
        for (size_t k = 0; k < form_tile_item_count(t); k++) {
            char id[64];
            snprintf(id, sizeof id, "tile.%s", form_tile_id(t));
            ui_app_go_home(f.u.app);
            OK(flow_tap(&f, id));
            if (form_tile_item_count(t) > 1) {
                CHECK_EQ_STR(flow_top_name(&f), "menu");
                snprintf(id, sizeof id, "menu.list.%zu", k);
                OK(flow_tap(&f, id));
            }
            if (!ui_form_is(flow_top(&f))) {
                printf("  tile %s item %zu: screen %s\n", form_tile_id(t), k, flow_top_name(&f));
                CHECK(0);
                continue;
            }
            const char *fid = form_def_id(form_inst_def(ui_form_inst(flow_top(&f))));
            CHECK_EQ_STR(fid, form_tile_item(t, k));
            for (size_t d = 0; d < nforms; d++)
                if (!strcmp(form_def_id(form_catalog_at(f.cat, d)), fid) && !seen[d]) {
                    seen[d] = 1;
                    reached++;
                }
        }
    }
    CHECK_EQ_INT((int)reached, (int)nforms);
    free(seen);
    ui_app_go_home(f.u.app);
    flow_close(&f);
}

static void test_every_item_reachable(void)
{
    walk(1080, 1920, 0);
    walk(1080, 1920, 1);
    walk(1920, 1080, 1);
    walk(1280, 800, 0);
}

/* The first page of each item of the second set (after 没带身份证，手动填写),
 * in normal and large text, against formui/ref/first-<id>[-elderly].png:
 * reached from its tile and menu row through the pages of tiles. */
static void test_first_pages(void)
{
    static const char *const NEW[] = {"pension_benefit", "pension_cancel", "temp_relief", "tekun",
                                      "disability_cert", "employment", "elderly_card",
                                      "family_planning", "medical_change", "housing"};
    for (int elderly = 0; elderly < 2; elderly++) {
        flow f;
        REQUIRE(flow_open(&f, 1080, 1920, "first.db", 1) == 0);
        ui_app_set_elderly(f.u.app, elderly);
        for (size_t i = 0; i < sizeof NEW / sizeof NEW[0]; i++) {
            const form_tile *tile = NULL;
            size_t row = 0;
            for (size_t t = 0; !tile && t < form_catalog_tile_count(f.cat); t++)
                for (size_t k = 0; k < form_tile_item_count(form_catalog_tile_at(f.cat, t)); k++)
                    if (!strcmp(form_tile_item(form_catalog_tile_at(f.cat, t), k), NEW[i])) {
                        tile = form_catalog_tile_at(f.cat, t);
                        row = k;
                    }
            if (!tile) {
                printf("  %s is on no tile\n", NEW[i]);
                CHECK(0);
                continue;
            }
            char id[64];
            ui_app_go_home(f.u.app);
            snprintf(id, sizeof id, "tile.%s", form_tile_id(tile));
            OK(flow_tap(&f, id));
            if (form_tile_item_count(tile) > 1) {
                snprintf(id, sizeof id, "menu.list.%zu", row);
                OK(flow_tap(&f, id));
            }
            OK(flow_manual(&f));
            REQUIRE(ui_form_is(flow_top(&f)));
            char rel[128];
            snprintf(rel, sizeof rel, "formui/ref/first-%s%s.png", NEW[i], elderly ? "-elderly" : "");
            CHECK_EQ_INT(uitest_compare(&f.u, rel), 0);
            CHECK_EQ_INT(text_missing_count(ui_app_text(f.u.app)), 0);
        }
        ui_app_go_home(f.u.app);
        flow_close(&f);
    }
}

/* The county's values in what the villager reads: 老年人优待证's description
 * says the age the county set (年满{min_age}周岁), on the menu and in what its
 * 读给我听 reads; the shipped value before the county's settings. */
static void test_county_values(void)
{
    heard_on();
    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "county-values.db", 1) == 0);
    OK(flow_run(&f, "tap @home.page.next\ntap @tile.certs\nexpect-screen menu\n"));
    const char *said = heard_tap(&f, "menu.voice");
    CHECK(strstr(said, "年满60周岁") != NULL);
    OK(flow_run(&f, "tap @menu.back\nexpect-screen home\n"));
    char err[256];
    CHECK_EQ_INT(form_catalog_settings_string(
                     f.cat, "{\"forms\":{\"elderly_card\":{\"min_age\":65}}}", "county.json",
                     err, sizeof err),
                 0);
    OK(flow_run(&f, "tap @tile.certs\nexpect-screen menu\n"));
    said = heard_tap(&f, "menu.voice");
    if (!strstr(said, "年满65周岁"))
        printf("  heard: %s\n", said);
    CHECK(strstr(said, "年满65周岁") != NULL && strstr(said, "{min_age}") == NULL);
    /* the home tile of 高龄津贴 says the county's age (it said 80 whatever the
     * county set), on the screen and in what 读给我听 reads */
    OK(flow_run(&f, "tap @menu.back\nexpect-screen home\ntap @home.page.prev\n"));
    said = heard_tap(&f, "home.voice");
    CHECK(strstr(said, "80岁以上老人") != NULL);
    CHECK_EQ_INT(form_catalog_settings_string(
                     f.cat, "{\"forms\":{\"elderly_allowance\":{\"min_age\":70}}}",
                     "county.json", err, sizeof err),
                 0);
    OK(flow_run(&f, "wait 10\n"));
    ui_app_invalidate(f.u.app);
    said = heard_tap(&f, "home.voice");
    if (!strstr(said, "70岁以上老人"))
        printf("  heard: %s\n", said);
    CHECK(strstr(said, "70岁以上老人") != NULL && strstr(said, "{min_age}") == NULL);
    CHECK_EQ_INT(uitest_compare(&f.u, "formui/ref/home-county-age.png"), 0);
    flow_close(&f);
    ui_voice_set_engine(NULL);
}

int main(void)
{
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_new_item_without_code);
    RUN(test_long_title_whole_characters);
    RUN(test_every_item_reachable);
    RUN(test_first_pages);
    RUN(test_county_values);
    return check_summary();
}
