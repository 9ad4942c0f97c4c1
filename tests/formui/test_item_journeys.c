/* test_item_journeys.c — every service item of the catalogue, the whole way
 * a villager goes, on the real screens with the real store, the real upload
 * engine and county-sim over TLS, in one app and one county-sim:
 *
 *   home tile (and menu row) → ID card laid on the reader (the emulator's
 *   sample cards, `idcard N`) fills who she is → every page answered by taps
 *   and typing (members added on the member screen, pledges agreed, the
 *   signature drawn) → review → confirm → the receipt's QR code, read by a
 *   real decoder (zbar), is the station registration number → upload → the
 *   county's number and QR code join the open receipt → the county accepts →
 *   办件查询 by the registration number, by the county's number and by her
 *   ID card each find it with the county's status.
 *
 * The items are not listed here: the test finds every tile on home, follows
 * each to its items, and requires every item of the catalogue (assets/forms)
 * to be reached that way; the journeys take the catalogue's filing items in
 * its order, so a new item in the folder is covered when it lands. With
 * `shard K N` a run takes every Nth item from the Kth (ctest runs the shards
 * side by side; the first also does the tile walk); with `only ID...` the
 * items named (the cross builds: tests/formui/CMakeLists.txt says why).
 * Answers come from each field's type and limits; the few a type cannot give
 * are in ANSWERS below. The sample card is the first whose person the item
 * accepts (an allowance from 80 takes the 86-year-old). Odd items (by their
 * place in the catalogue) run in large-text mode. Who can use which item is
 * the rules' business (formui_rules); the fields' checks are the validators'
 * (form tests). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "journey.h"
#include "plat_idcard.h"
#include "receipt/receipt.h"
#include "sync/query.h"
#include "ui/kb/ime/kb_ime.h"
#include "ui/screens/query/query_screen.h"

#define OK(x) CHECK_EQ_INT((x), 0)
#define MAX_ITEMS 64
#define MAX_CARDS 16

/* Answers a field's type cannot give. "$idno" stands for the card's ID number. */
static const struct {
    const char *form, *key, *value;
} ANSWERS[] = {
    {"disability_subsidy", "cert_no", "$idno11"}, /* 残疾人证号: her ID number, 视力 一级 */
    /* someone else than the card's person (same_as rules): the insured who
     * died, whose family files; her husband */
    {"pension_cancel", "insured_idno", "110105194003150022"},
    {"family_planning", "spouse_idno", "110105195803120037"},
};

typedef struct {
    char tile[64];
    int row; /* menu row, or -1: the tile opens the item itself */
    char form[48];
} item;

static plat_idcard_info g_cards[MAX_CARDS]; /* the sample file's readable cards */
static int g_card_no[MAX_CARDS];            /* their numbers in the file (idcard N) */
static int g_ncards;

static const char *cards_file(void) { return check_idcards(); }

/* The sample cards, read as the emulator's reader reads them. */
static int load_cards(void)
{
    char err[256], dev[1100];
    for (int n = 1; n <= MAX_CARDS && g_ncards < MAX_CARDS; n++) {
        snprintf(dev, sizeof dev, "%s#%d", cards_file(), n);
        plat_idcard *r = plat_idcard_open(dev, 0, err, sizeof err);
        if (!r)
            break; /* past the last block */
        if (plat_idcard_read(r, &g_cards[g_ncards], 100) == PLAT_IDCARD_OK)
            g_card_no[g_ncards++] = n;
        plat_idcard_close(r);
    }
    return g_ncards;
}

static form_inst *inst(flow *f) { return ui_form_inst(flow_form(f)); }

typedef struct {
    char ids[MAX_ITEMS][64];
    int n;
} id_list;

static void collect_tiles(void *ud, const char *id, const SDL_Rect *r)
{
    (void)r;
    id_list *l = ud;
    if (strncmp(id, "tile.", 5) || !strcmp(id, "tile.agent") || l->n >= MAX_ITEMS)
        return;
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->ids[i], id))
            return;
    snprintf(l->ids[l->n++], sizeof l->ids[0], "%s", id);
}

static int has_target(flow *f, const char *id)
{
    int x, y;
    ui_app_render(f->u.app, 0);
    return ui_app_find_target(f->u.app, id, &x, &y) == 0;
}

static void record(item *items, int *n, const char *tile, int row, flow *f)
{
    if (*n >= MAX_ITEMS || !flow_form(f))
        return;
    item *it = &items[(*n)++];
    snprintf(it->tile, sizeof it->tile, "%s", tile);
    it->row = row;
    snprintf(it->form, sizeof it->form, "%s", form_def_id(form_inst_def(inst(f))));
}

/* Home with the page that shows tile (the tiles come in pages, 下一页).
 * Home keeps the page it showed last, so first back to the first page (上一页). */
static int show_tile(flow *f, const char *tile)
{
    ui_app_go_home(f->u.app);
    for (int page = 0; page < 16 && has_target(f, "home.page.prev"); page++)
        if (flow_run(f, "tap @home.page.prev\n"))
            return -1;
    for (int page = 0; page < 16; page++) {
        if (has_target(f, tile))
            return 0;
        if (!has_target(f, "home.page.next") || flow_run(f, "tap @home.page.next\n"))
            return -1;
    }
    return -1;
}

/* Every item a person reaches from home: each tile on every page of them,
 * and each row of a tile's menu. */
static int discover(flow *f, item *items)
{
    int n = 0;
    id_list tiles = {.n = 0};
    ui_app_go_home(f->u.app);
    for (int page = 0; page < 16; page++) {
        int before = tiles.n;
        ui_app_render(f->u.app, 0);
        ui_app_each_target(f->u.app, collect_tiles, &tiles);
        if ((page > 0 && tiles.n == before) || !has_target(f, "home.page.next") ||
            flow_run(f, "tap @home.page.next\n"))
            break;
    }
    for (int t = 0; t < tiles.n; t++) {
        char line[96];
        snprintf(line, sizeof line, "tap @%s\n", tiles.ids[t]);
        if (show_tile(f, tiles.ids[t]) || flow_run(f, line))
            continue;
        if (!strcmp(flow_top_name(f), "menu")) {
            for (int row = 0; row < MAX_ITEMS; row++) {
                char id[32];
                snprintf(id, sizeof id, "menu.list.%d", row);
                if (!has_target(f, id))
                    break;
                snprintf(line, sizeof line, "tap @%s\n", id);
                if (flow_run(f, line) == 0)
                    record(items, &n, tiles.ids[t], row, f);
                snprintf(line, sizeof line, "tap @%s\n", tiles.ids[t]);
                if (show_tile(f, tiles.ids[t]) || flow_run(f, line))
                    break;
            }
        } else {
            record(items, &n, tiles.ids[t], -1, f);
        }
        ui_app_go_home(f->u.app);
    }
    return n;
}

static int open_item(flow *f, const item *it)
{
    char line[96];
    snprintf(line, sizeof line, "tap @%.63s\n", it->tile);
    if (show_tile(f, it->tile) || flow_run(f, line))
        return -1;
    if (it->row >= 0) {
        snprintf(line, sizeof line, "menu.list.%d", it->row);
        if (flow_tap(f, line))
            return -1;
    }
    return flow_form(f) && !strcmp(form_def_id(form_inst_def(inst(f))), it->form) ? 0 : -1;
}

/* ---- answering a page by the fields' types ---- */

typedef struct {
    const char *group; /* NULL: a top-level field; else the member being edited */
    int idx;
} scope;

static const char *get(flow *f, const scope *sc, const char *key)
{
    return sc->group ? form_inst_member_get(inst(f), sc->group, sc->idx, key)
                     : form_inst_get(inst(f), key);
}

static int unanswered(flow *f, const scope *sc, const form_field *fl)
{
    const char *key = form_field_key(fl);
    int vis = sc->group ? form_inst_member_visible(inst(f), sc->group, sc->idx, key)
                        : form_inst_visible(inst(f), key);
    if (!vis || form_field_compute(fl) != FORM_COMPUTE_NONE || !form_field_required(fl))
        return 0;
    if (form_field_type(fl) == FORM_T_GROUP)
        return form_inst_member_count(inst(f), key) == 0;
    const char *v = get(f, sc, key);
    const char *e = sc->group ? form_inst_member_error(inst(f), sc->group, sc->idx, key)
                              : form_inst_error(inst(f), key);
    if (!v || !*v || e)
        return 1;
    return form_field_type(fl) == FORM_T_PLEDGE && strcmp(v, "yes");
}

/* The answer ANSWERS gives for the field, with $idno replaced; NULL if none. */
static const char *table_answer(const char *form, const char *key, const char *idno, char *buf,
                                size_t n)
{
    for (size_t i = 0; i < sizeof ANSWERS / sizeof ANSWERS[0]; i++) {
        if (strcmp(ANSWERS[i].form, form) || strcmp(ANSWERS[i].key, key))
            continue;
        const char *v = ANSWERS[i].value;
        if (!strncmp(v, "$idno", 5))
            snprintf(buf, n, "%s%s", idno, v + 5);
        else
            snprintf(buf, n, "%s", v);
        return buf;
    }
    return NULL;
}

/* Digits (or 'A' and digits) as many as the field wants. */
static void digits_for(const form_limits *lim, int alnum, char *buf, size_t n)
{
    int len = lim->min_len > 0 ? lim->min_len : 8;
    if (lim->max_len > 0 && len > lim->max_len)
        len = lim->max_len;
    if (len >= (int)n)
        len = (int)n - 1;
    for (int i = 0; i < len; i++)
        buf[i] = (char)('1' + i % 9);
    if (alnum && len > 0)
        buf[0] = 'A';
    buf[len] = '\0';
}

static int fill_group(flow *f, const form_def *def, const form_field *g, const char *idno);

/* Answers one field by taps and typing, as a person would. */
static int fill_field(flow *f, const form_def *def, const scope *sc, const form_field *fl,
                      const char *idno)
{
    const char *key = form_field_key(fl);
    char buf[128];
    form_limits lim;
    form_inst *in = ui_form_inst(flow_top(f)); /* NULL on a member's screen */
    if (in)
        form_inst_limits(in, fl, &lim); /* "this_year" as the form's */
    else
        form_field_limits(fl, &lim);
    const char *v = table_answer(form_def_id(def), key, idno, buf, sizeof buf);
    switch (form_field_type(fl)) {
    case FORM_T_CHOICE:
    case FORM_T_MULTI:
        if (!v && form_field_option_count(fl) == 0)
            return -1;
        return flow_choose(f, key, v ? v : form_field_option_value(fl, 0));
    case FORM_T_PLEDGE: return flow_agree(f, key);
    case FORM_T_SIGNATURE: return flow_sign(f, key);
    case FORM_T_GROUP: return fill_group(f, def, fl, idno);
    case FORM_T_DATE: { /* the picker's day, as shown, unless the table says */
        if (v)
            return flow_type(f, key, v);
        snprintf(buf, sizeof buf, "f.%s.use", key);
        return flow_tap(f, buf);
    }
    default: break;
    }
    /* Chinese by pinyin on the keyboard: a syllable, then the candidate */
    const char *hanzi = NULL, *pinyin = NULL;
    if (!v) {
        switch (form_field_type(fl)) {
        case FORM_T_NAME: hanzi = "王秀兰", pinyin = "wang xiu lan"; break;
        case FORM_T_IDNO: v = idno; break;
        case FORM_T_MOBILE: v = "13812345678"; break;
        case FORM_T_CARD: v = "6222020200112233446"; break; /* bank, Luhn; also a 社保 account */
        case FORM_T_ADDRESS: hanzi = "青山村三组", pinyin = "qing shan cun san zu"; break;
        case FORM_T_INTEGER:
        case FORM_T_MONEY: {
            long long x = lim.has_min && lim.min > 0 ? lim.min : 1;
            if (form_field_type(fl) == FORM_T_MONEY) /* fen to yuan */
                x = lim.has_min && lim.min > 0 ? (lim.min + 99) / 100 : 0;
            if (lim.has_max && x > lim.max)
                x = lim.max;
            snprintf(buf, sizeof buf, "%lld", x);
            v = buf;
            break;
        }
        default: /* text: by the keyboard it takes */
            switch (form_field_keyboard(fl)) {
            case FORM_KB_DIGITS:
            case FORM_KB_DECIMAL: digits_for(&lim, 0, buf, sizeof buf); v = buf; break;
            case FORM_KB_ALNUM: digits_for(&lim, 1, buf, sizeof buf); v = buf; break;
            case FORM_KB_IDNO: v = idno; break;
            default: hanzi = "青山村三组", pinyin = "qing shan cun san zu"; break;
            }
        }
    }
    return hanzi ? flow_hanzi(f, key, hanzi, pinyin) : flow_type(f, key, v);
}

/* Answers every field of the scope's page (or the member's fields) that
 * still wants an answer; fields that appear on an answer are answered too. */
static int fill_fields(flow *f, const form_def *def, const scope *sc, const form_field *const *fl,
                       size_t n, const char *idno)
{
    for (int rounds = 0; rounds < 4; rounds++) {
        int done = 0;
        for (size_t i = 0; i < n; i++) {
            if (!unanswered(f, sc, fl[i]))
                continue;
            if (fill_field(f, def, sc, fl[i], idno)) {
                printf("  %s: could not answer %s\n", form_def_id(def), form_field_key(fl[i]));
                return -1;
            }
            done++;
        }
        if (!done)
            return 0;
    }
    return 0;
}

/* One member on the member screen, then 完成. */
static int fill_group(flow *f, const form_def *def, const form_field *g, const char *idno)
{
    char id[96];
    snprintf(id, sizeof id, "f.%s.add", form_field_key(g));
    if (flow_tap(f, id) || flow_manual(f) || strcmp(flow_top_name(f), "form_member"))
        return -1;
    scope sc = {form_field_key(g), form_inst_member_count(inst(f), form_field_key(g)) - 1};
    const form_field *subs[64];
    size_t n = form_field_sub_count(g);
    if (n > 64)
        n = 64;
    for (size_t i = 0; i < n; i++)
        subs[i] = form_field_sub_at(g, i);
    if (fill_fields(f, def, &sc, subs, n, idno) || flow_tap(f, "member.done"))
        return -1;
    return strcmp(flow_top_name(f), "form") ? -1 : 0;
}

/* Every page from the one showing to review. 0 at review. */
static int fill_form(flow *f, const char *idno)
{
    const form_def *def = form_inst_def(inst(f));
    scope top = {NULL, 0};
    for (int steps = 0; steps < 40 && !form_inst_at_review(inst(f)); steps++) {
        size_t p = form_inst_page(inst(f));
        const form_field *fl[64];
        size_t n = form_def_page_field_count(def, p);
        if (n > 64)
            n = 64;
        for (size_t i = 0; i < n; i++)
            fl[i] = form_def_page_field(def, p, i);
        if (fill_fields(f, def, &top, fl, n, idno) || flow_tap(f, "form.next"))
            return -1;
        if (form_inst_page(inst(f)) == p && !form_inst_at_review(inst(f))) {
            const char *m = ui_form_message(flow_top(f));
            printf("  %s page %zu: %s\n", form_def_id(def), p, m ? m : "(no message)");
            return -1;
        }
    }
    return form_inst_at_review(inst(f)) ? 0 : -1;
}

/* The key of the top-level idno field the card fills. */
static const char *card_idno_key(const form_def *def, const form_inst *in)
{
    const char *first = NULL; /* a form may ask two ID numbers: the card fills the one of
                                 the person at the kiosk (注销登记: the claimant's) */
    for (size_t i = 0; i < form_def_field_count(def); i++) {
        const form_field *fl = form_def_field_at(def, i);
        if (form_field_type(fl) != FORM_T_IDNO)
            continue;
        if (form_inst_from_card(in, form_field_key(fl)))
            return form_field_key(fl);
        if (!first)
            first = form_field_key(fl);
    }
    return first;
}

/* The item from its tile to review with the card c read. 0 at review. */
static int to_review(flow *f, const item *it, int c)
{
    if (open_item(f, it))
        return -1;
    const form_def *def = form_inst_def(inst(f));
    char line[64];
    if (!form_def_has_card(def)) {
        printf("  %s does not start with the ID card\n", it->form);
        return -1;
    }
    snprintf(line, sizeof line, "expect-target @card.manual\nidcard %d\n", g_card_no[c]);
    if (flow_run(f, line))
        return -1;
    const char *k = card_idno_key(def, inst(f)), *v = k ? form_inst_get(inst(f), k) : NULL;
    if (!v || strcmp(v, g_cards[c].id_number) || !form_inst_from_card(inst(f), k)) {
        printf("  %s: the card did not fill %s\n", it->form, k ? k : "(no idno field)");
        return -1;
    }
    return fill_form(f, g_cards[c].id_number);
}

/* The chain from the confirm dialog to the three queries. */
static void confirm_upload_query(flow *f, simproc *sim, const char *token, const item *it, int c)
{
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", ui_form_uuid(flow_form(f)));
    OK(flow_tap(f, "form.next"));
    OK(flow_tap(f, "form.dlg.ok"));
    REQUIRE(strcmp(flow_top_name(f), "receipt") == 0);
    char reg[RECEIPT_REG_MAX + 1];
    int64_t seq = 0;
    REQUIRE(journey_reg_no(f, uuid, reg, sizeof reg, &seq) == 0);

    /* the receipt's QR code, read by a real decoder, is the registration number */
    char qr[QRSCAN_MAX][QRSCAN_LEN], shot[96];
    snprintf(shot, sizeof shot, "receipt-%s.png", it->form);
    int n = journey_scan_screen(f, shot, qr);
    CHECK_EQ_INT(n, 1);
    CHECK(n > 0 && qrscan_has(qr, n, reg));

    /* uploaded while it is open: the county's number and QR code join it */
    REQUIRE(journey_upload(f, sim, token) == 0);
    store_receipt r;
    memset(&r, 0, sizeof r);
    REQUIRE(store_receipt_get_by_seq(f->st, seq, &r) == STORE_OK);
    char no[64], payload[320];
    snprintf(no, sizeof no, "%s", r.receipt_no);
    CHECK_EQ_STR(r.form_id, it->form);
    store_receipt_clear(&r);
    REQUIRE(receipt_qr_payload(NULL, no, payload, sizeof payload) == RECEIPT_OK);
    OK(flow_run(f, "wait 1000\nexpect-screen receipt\n"));
    snprintf(shot, sizeof shot, "receipt-%s-uploaded.png", it->form);
    n = journey_scan_screen(f, shot, qr);
    CHECK_EQ_INT(n, 2);
    CHECK(n > 0 && qrscan_has(qr, n, reg));
    CHECK(n > 0 && qrscan_has(qr, n, payload));
    OK(flow_run(f, "tap @receipt.home\nexpect-screen home\n"));

    /* the county accepts it; each way of 办件查询 finds it with that status */
    OK(journey_admin_status(sim, no, "accepted"));
    char card[32];
    snprintf(card, sizeof card, "idcard %d\n", g_card_no[c]);
    struct {
        const char *method, *field, *typed;
        int pad;
    } ways[] = {
        {"by_reg", "reg_no", reg, 1},       /* typed on the numeric pad */
        {"by_receipt", "receipt_no", no, 0}, /* the county's number */
        {"by_card", NULL, card, 0},          /* her ID card on the reader */
    };
    const char *title = form_def_title(form_catalog_find(f->cat, it->form));
    for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++) {
        if (journey_query(f, ways[i].method, ways[i].field, ways[i].typed, ways[i].pad, 0)) {
            printf("  %s: query %s did not reach its result\n", it->form, ways[i].method);
            CHECK(0);
            ui_app_go_home(f->u.app);
            continue;
        }
        const char *rows = ui_query_result_rows(flow_top(f));
        int found = strstr(rows, no) && strstr(rows, reg) && strstr(rows, "已受理") &&
                    strstr(rows, title);
        if (!found)
            printf("  %s: query %s: rows '%s'\n", it->form, ways[i].method, rows);
        CHECK(found);
        CHECK_EQ_INT(ui_query_result_state(flow_top(f)), UI_QUERY_ONLINE);
        OK(flow_run(f, "tap @ferr.home\nexpect-screen home\n"));
    }
}

/* Which journeys this run walks (main's arguments): every filing item of
 * the catalogue, those whose place in it is K modulo N (`shard K N`: ctest
 * runs the shards side by side), or the items named (`only ID...`). */
static int g_shard = 0, g_shards = 1;
static char **g_only;
static int g_nonly;

static int wanted(const char *form, int index)
{
    if (g_nonly) {
        for (int i = 0; i < g_nonly; i++)
            if (!strcmp(g_only[i], form))
                return 1;
        return 0;
    }
    return index % g_shards == g_shard;
}

/* The filing items in the catalogue's order (its tiles', then each tile's
 * items'), with the tile and menu row that open each: the first tile that
 * lists it. */
static int catalogue_items(const form_catalog *cat, item *items)
{
    int n = 0;
    for (size_t t = 0; t < form_catalog_tile_count(cat); t++) {
        const form_tile *tl = form_catalog_tile_at(cat, t);
        size_t rows = form_tile_item_count(tl);
        for (size_t k = 0; k < rows && n < MAX_ITEMS; k++) {
            const char *id = form_tile_item(tl, k);
            const form_def *d = form_catalog_find(cat, id);
            int seen = 0;
            for (int i = 0; i < n; i++)
                seen |= !strcmp(items[i].form, id);
            if (!d || seen || form_def_is_lookup(d))
                continue;
            snprintf(items[n].tile, sizeof items[n].tile, "tile.%s", form_tile_id(tl));
            items[n].row = rows > 1 ? (int)k : -1;
            snprintf(items[n].form, sizeof items[n].form, "%s", id);
            n++;
        }
    }
    return n;
}

/* Every item of the catalogue is reached from home by taps: each tile on
 * every page, each row of its menu. */
static void every_item_reached(flow *f)
{
    item found[MAX_ITEMS];
    int n = discover(f, found);
    for (size_t i = 0; i < form_catalog_count(f->cat); i++) {
        const char *id = form_def_id(form_catalog_at(f->cat, i));
        int reached = 0;
        for (int k = 0; k < n; k++)
            reached |= !strcmp(found[k].form, id);
        if (!reached)
            printf("  %s is not reached from any home tile\n", id);
        CHECK(reached);
    }
}

static void test_every_item(void)
{
    REQUIRE(load_cards() > 0);
    simproc *sim = simproc_start(fx_fresh_dir("isim"), 1, NULL);
    REQUIRE(sim != NULL);
    char token[256];
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    proto_client_opts qo = {simproc_url(sim), simproc_ca(sim), token, 0, 5000, NULL, 0, 0};
    sync_query_cfg *cfg = sync_query_cfg_new(&qo);
    REQUIRE(cfg != NULL);

    flow f;
    REQUIRE(flow_open(&f, 1080, 1920, "items.db", 1) == 0);
    f.sv.idcard_device = cards_file();
    f.sv.platform = cfg;
    ui_app_set_services(f.u.app, &f.sv);

    if (!g_nonly && g_shard == 0)
        every_item_reached(&f); /* once, in the first shard */
    item items[MAX_ITEMS];
    int n = catalogue_items(f.cat, items), walked = 0;
    for (int k = 0; k < n; k++) {
        if (!wanted(items[k].form, k))
            continue;
        walked++;
        int large = k % 2; /* by its place in the catalogue: the same in every run */
        OK(flow_run(&f, large ? "elderly on\n" : "elderly off\n"));
        int c = 0;
        for (; c < g_ncards; c++) { /* the first person the item accepts */
            if (to_review(&f, &items[k], c) == 0)
                break;
            printf("  %s: card %d (%s) did not lead to review; the next card\n", items[k].form,
                   g_card_no[c], g_cards[c].name);
        }
        if (c == g_ncards) {
            printf("  %s: no sample card took it to review\n", items[k].form);
            CHECK(0);
            continue;
        }
        printf("  %s: %s with card %d%s\n", items[k].form, items[k].tile, g_card_no[c],
               large ? ", large text" : "");
        confirm_upload_query(&f, sim, token, &items[k], c);
    }
    /* every item asked for was walked (a name not in the catalogue fails) */
    CHECK_EQ_INT(walked, g_nonly ? g_nonly : (n - g_shard + g_shards - 1) / g_shards);
    CHECK(n >= 7);
    flow_close(&f);
    sync_query_cfg_free(cfg);
    simproc_stop(sim);
    for (int c = 0; c < g_ncards; c++)
        plat_idcard_clear(&g_cards[c]);
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "shard")) {
        g_shard = atoi(argv[2]);
        g_shards = atoi(argv[3]);
        if (g_shards < 1 || g_shard < 0 || g_shard >= g_shards) {
            printf("usage: shard K N (0 <= K < N)\n");
            return 2;
        }
    } else if (argc > 2 && !strcmp(argv[1], "only")) {
        g_only = argv + 2;
        g_nonly = argc - 2;
    } else if (argc != 1) {
        printf("usage: %s [shard K N | only ITEM...]\n", argv[0]);
        return 2;
    }
    char err[512];
    if (kb_ime_install(check_asset(""), err, sizeof err) != 0) {
        printf("input method: %s\n", err);
        return 1;
    }
    RUN(test_every_item);
    kb_ime_uninstall();
    return check_summary();
}
