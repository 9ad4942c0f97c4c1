/* test_pinyin.c — the pinyin engine with the real libgooglepinyin dictionary
 * and the shipped rare-character table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "ime/pinyin.h"
#include "ime/rare.h"

static ime_pinyin *g_p;

/* Under AddressSanitizer: libgooglepinyin 1.0, when a dictionary is loaded a
 * second time in a process, frees a buffer from new[] with delete
 * (SpellingTrie::build_ym_info) and leaks its previous spelling trie and
 * dictionary (~800 KB a time); this test opens the engine many times, the
 * kiosk once. Only the library's own leaks are suppressed, not ours. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "alloc_dealloc_mismatch=0"; }
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libgooglepinyin.so\n"; }

/* Index of cand among the candidates, or -1. */
static int find(const ime_pinyin *p, const char *cand)
{
    for (int i = 0; i < ime_pinyin_count(p); i++)
        if (!strcmp(ime_pinyin_candidate(p, i), cand))
            return i;
    return -1;
}

/* The letters waiting to be turned into characters: the spelling shown
 * above the candidates, without the apostrophes between syllables. */
static const char *waiting(const ime_pinyin *p)
{
    static char buf[2 * IME_PINYIN_MAX_LETTERS + 2];
    size_t n = 0;
    for (const char *s = ime_pinyin_spelling(p); *s && n < sizeof buf - 1; s++)
        if (*s != '\'')
            buf[n++] = *s;
    buf[n] = '\0';
    return buf;
}

/* A new composition of letters, as the keyboard starts one: the one before
 * dropped, then the letters typed. */
static int compose(ime_pinyin *p, const char *letters)
{
    ime_pinyin_reset(p);
    return ime_pinyin_append(p, letters);
}

static void open_engine(void)
{
    char err[256];
    int rc = ime_pinyin_open(&g_p, NULL, check_asset(IME_PINYIN_RARE_FILE), err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "open: %s (%s)\n", ime_pinyin_strerror(rc), err);
    CHECK_EQ_INT(rc, IME_PINYIN_OK);
    CHECK(g_p != NULL);
    /* the whole table: a character of its last line is offered */
    REQUIRE(compose(g_p, "zuo") > 0);
    CHECK(find(g_p, "\xf0\xa0\x82\x87") >= ime_pinyin_common_count(g_p)); /* U+20087 */
    ime_pinyin_reset(g_p);
}

static void test_default_dict(void)
{
    const char *d = ime_pinyin_default_dict();
    REQUIRE(d != NULL);
    CHECK(strstr(d, "dict_pinyin.dat") != NULL);
    setenv(IME_PINYIN_DICT_ENV, "/nonexistent/dict.dat", 1);
    CHECK_EQ_STR(ime_pinyin_default_dict(), "/nonexistent/dict.dat");
    unsetenv(IME_PINYIN_DICT_ENV);
}

static void test_zhangsan(void)
{
    int n = compose(g_p, "zhangsan");
    CHECK(n > 10);
    CHECK(find(g_p, "张三") >= 0);
    CHECK(find(g_p, "张三") < 5);
    CHECK_EQ_STR(ime_pinyin_spelling(g_p), "zhang'san");
    CHECK_EQ_STR(waiting(g_p), "zhangsan");
    /* choosing the whole phrase completes the composition */
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "张三")), 1);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "张三");
    CHECK_EQ_STR(waiting(g_p), "");
    CHECK_EQ_INT(ime_pinyin_count(g_p), 0);
    ime_pinyin_reset(g_p);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "");
}

static void test_partial_choice(void)
{
    REQUIRE(compose(g_p, "zhangsan") > 0);
    int i = find(g_p, "张");
    REQUIRE(i >= 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, i), 0); /* "san" is left */
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "张");
    CHECK_EQ_STR(waiting(g_p), "san");
    CHECK(find(g_p, "三") >= 0);
    CHECK(find(g_p, "叁") >= 0);
    CHECK(find(g_p, "山") < 0); /* shan, not san */
    /* backspace with letters waiting deletes a letter ... */
    CHECK(ime_pinyin_backspace(g_p) > 0);
    CHECK_EQ_STR(waiting(g_p), "sa");
    CHECK(ime_pinyin_append(g_p, "n") > 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "叁")), 1);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "张叁");
    /* ... and with none waiting undoes the last choice */
    CHECK(ime_pinyin_backspace(g_p) > 0);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "张");
    CHECK_EQ_STR(waiting(g_p), "san");
    CHECK(ime_pinyin_backspace(g_p) > 0);
    CHECK(ime_pinyin_backspace(g_p) > 0);
    CHECK_EQ_INT(ime_pinyin_backspace(g_p), 0); /* nothing waiting: no candidates */
    CHECK_EQ_STR(waiting(g_p), "");
    CHECK(ime_pinyin_backspace(g_p) > 0); /* undo 张: its letters wait again */
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "");
    CHECK_EQ_STR(waiting(g_p), "zhang");
    CHECK_EQ_INT(find(g_p, "张"), 0);
    ime_pinyin_reset(g_p);
    CHECK_EQ_INT(ime_pinyin_backspace(g_p), IME_PINYIN_ERR_EMPTY);
}

/* The candidates now, joined, to compare with another time's. */
static void cands(const ime_pinyin *p, char *out, size_t n)
{
    out[0] = '\0';
    for (int i = 0; i < ime_pinyin_count(p); i++) {
        size_t l = strlen(out);
        snprintf(out + l, n - l, "%s|", ime_pinyin_candidate(p, i));
    }
}

/* A composition put aside while another one uses the engine, and taken up
 * again: what was chosen, the letters waiting, the candidates and the undo
 * of each choice are as they were; a state that is not one save gave is
 * refused and leaves the composition empty. */
static void test_save_restore(void)
{
    static char before[65536], after[65536];
    ime_pinyin_state st;
    REQUIRE(compose(g_p, "zhangsanfeng") > 0);
    CHECK_EQ_INT(ime_pinyin_names(g_p, 1) > 0, 1);
    REQUIRE(ime_pinyin_choose(g_p, find(g_p, "张")) == 0);
    cands(g_p, before, sizeof before);
    CHECK_EQ_INT(ime_pinyin_save(g_p, &st), IME_PINYIN_OK);
    /* another composition, names off */
    CHECK(compose(g_p, "qingshan") > 0);
    CHECK_EQ_INT(ime_pinyin_names(g_p, 0) >= 0, 1);
    CHECK(ime_pinyin_restore(g_p, &st) > 0);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "张");
    CHECK_EQ_STR(waiting(g_p), "sanfeng");
    cands(g_p, after, sizeof after);
    CHECK_EQ_STR(after, before);
    CHECK_EQ_INT(ime_pinyin_names(g_p, 1), ime_pinyin_count(g_p)); /* on, as saved */
    CHECK(ime_pinyin_backspace(g_p) > 0);
    CHECK_EQ_STR(waiting(g_p), "sanfen");
    CHECK(ime_pinyin_append(g_p, "g") > 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "三")), 0);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "张三");
    CHECK_EQ_STR(waiting(g_p), "feng");
    for (int i = 0; i < 4; i++)
        ime_pinyin_backspace(g_p);
    CHECK_EQ_STR(waiting(g_p), "");
    /* the undo steps came back too: 三, then 张 */
    CHECK(ime_pinyin_backspace(g_p) > 0);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "张");
    CHECK_EQ_STR(waiting(g_p), "san");
    for (int i = 0; i < 3; i++)
        ime_pinyin_backspace(g_p);
    CHECK(ime_pinyin_backspace(g_p) > 0);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "");
    CHECK_EQ_STR(waiting(g_p), "zhang");
    /* malformed: refused, nothing composed */
    ime_pinyin_state bad = st;
    bad.pos = sizeof bad.input;
    CHECK_EQ_INT(ime_pinyin_restore(g_p, &bad), IME_PINYIN_ERR_ARG);
    CHECK_EQ_INT(ime_pinyin_count(g_p), 0);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "");
    bad = st;
    memset(bad.input, 'a', sizeof bad.input); /* no end */
    CHECK_EQ_INT(ime_pinyin_restore(g_p, &bad), IME_PINYIN_ERR_ARG);
    bad = st;
    bad.input[0] = '1';
    CHECK_EQ_INT(ime_pinyin_restore(g_p, &bad), IME_PINYIN_ERR_ARG);
    bad = st;
    bad.nundo = IME_PINYIN_MAX_INPUT + 1;
    CHECK_EQ_INT(ime_pinyin_restore(g_p, &bad), IME_PINYIN_ERR_ARG);
    /* undo steps out of order (a later choice before an earlier one): a
     * second backspace would take back more than was chosen */
    REQUIRE(compose(g_p, "zhangsanfeng") > 0);
    REQUIRE(ime_pinyin_choose(g_p, find(g_p, "张")) == 0);
    REQUIRE(ime_pinyin_choose(g_p, find(g_p, "三")) == 0);
    ime_pinyin_state two;
    REQUIRE(ime_pinyin_save(g_p, &two) == IME_PINYIN_OK);
    REQUIRE(two.nundo == 2);
    CHECK(ime_pinyin_restore(g_p, &two) > 0);
    bad = two;
    bad.undo[0] = two.undo[1];
    bad.undo[1] = two.undo[0];
    CHECK_EQ_INT(ime_pinyin_restore(g_p, &bad), IME_PINYIN_ERR_ARG);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "");
    memset(&two, 0, sizeof two);
    CHECK_EQ_INT(ime_pinyin_restore(NULL, &st), IME_PINYIN_ERR_ARG);
    CHECK_EQ_INT(ime_pinyin_save(g_p, NULL), IME_PINYIN_ERR_ARG);
    memset(&st, 0, sizeof st);
    ime_pinyin_names(g_p, 0);
    ime_pinyin_reset(g_p);
}

static void test_three_syllables(void)
{
    /* 王小明, chosen one character at a time */
    REQUIRE(compose(g_p, "wangxiaoming") > 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "王")), 0);
    CHECK_EQ_STR(waiting(g_p), "xiaoming");
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "小明")), 1);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "王小明");
    ime_pinyin_reset(g_p);
}

static void test_single_characters(void)
{
    /* names need single characters: 张 and its homophones */
    REQUIRE(compose(g_p, "zhang") > 0);
    CHECK_EQ_INT(find(g_p, "张"), 0);
    const char *homophones[] = {"章", "彰", "璋", "樟", "漳", "仉", "鄣"};
    for (size_t i = 0; i < sizeof homophones / sizeof homophones[0]; i++)
        CHECK(find(g_p, homophones[i]) >= 0);
    /* every candidate is unique */
    int n = ime_pinyin_count(g_p), dup = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            dup += !strcmp(ime_pinyin_candidate(g_p, i), ime_pinyin_candidate(g_p, j));
    CHECK_EQ_INT(dup, 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "彰")), 1);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "彰");
    ime_pinyin_reset(g_p);
}

static void test_rare_characters(void)
{
    static const struct {
        const char *letters, *ch;
    } rare[] = {
        {"kun", "堃"}, {"zhe", "喆"}, {"yue", "玥"}, {"ben", "犇"}, {"miao", "淼"},
        {"sheng", "昇"}, {"jun", "珺"}, {"jie", "婕"}, {"wei", "暐"}, {"yu", "彧"},
        {"yao", "垚"}, {"yi", "燚"}, {"yan", "䶮"}, {"yi", "祎"}, {"yun", "赟"},
        {"yan", "龑"}, {"xi", "熹"}, {"lue", "䂮"},
    };
    int from_table = 0;
    for (size_t k = 0; k < sizeof rare / sizeof rare[0]; k++) {
        REQUIRE(compose(g_p, rare[k].letters) > 0);
        int i = find(g_p, rare[k].ch);
        if (i < 0)
            fprintf(stderr, "  %s not offered for %s\n", rare[k].ch, rare[k].letters);
        CHECK(i >= 0);
        if (i >= ime_pinyin_common_count(g_p))
            from_table++;
        /* choosing it works whatever list it came from */
        CHECK_EQ_INT(ime_pinyin_choose(g_p, i), 1);
        CHECK_EQ_STR(ime_pinyin_chosen(g_p), rare[k].ch);
        ime_pinyin_reset(g_p);
    }
    /* the engine alone lacks 堃 䶮 祎 赟 (libgooglepinyin 1.0): the table brings them */
    CHECK(from_table >= 4);

    /* common candidates come first: 坤 (engine) before 堃 (table) */
    REQUIRE(compose(g_p, "kun") > 0);
    CHECK(find(g_p, "坤") < ime_pinyin_common_count(g_p));
    CHECK(find(g_p, "堃") >= ime_pinyin_common_count(g_p));
    CHECK(ime_pinyin_count(g_p) > ime_pinyin_common_count(g_p));

    /* a rare first character, then the engine for the rest: 赟 + 华 */
    REQUIRE(compose(g_p, "yunhua") > 0);
    int i = find(g_p, "赟");
    REQUIRE(i >= ime_pinyin_common_count(g_p));
    CHECK_EQ_INT(ime_pinyin_choose(g_p, i), 0);
    CHECK_EQ_STR(waiting(g_p), "hua");
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "华")), 1);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "赟华");
    ime_pinyin_reset(g_p);
}

static void test_separator_and_case(void)
{
    REQUIRE(compose(g_p, "xi'an") > 0);
    CHECK_EQ_INT(find(g_p, "西安"), 0);
    CHECK(compose(g_p, "xian") > 0);
    CHECK(find(g_p, "先") >= 0);
    CHECK(find(g_p, "西安") < 0 || find(g_p, "西安") > find(g_p, "先"));
    /* leading and doubled apostrophes are dropped, capitals read as small letters */
    REQUIRE(compose(g_p, "'''Xi''An") > 0);
    CHECK_EQ_STR(ime_pinyin_spelling(g_p), "xi'an");
    /* five waiting (x i ' a n), not nine: 27 more fit, 28 do not */
    char more[28];
    memset(more, 'a', 27);
    more[27] = '\0';
    CHECK(ime_pinyin_append(g_p, more) >= 0);
    CHECK_EQ_INT(ime_pinyin_append(g_p, "a"), IME_PINYIN_ERR_LONG);
    REQUIRE(compose(g_p, "'''Xi''An") > 0);
    CHECK_EQ_INT(find(g_p, "西安"), 0);
    /* v is ü */
    REQUIRE(compose(g_p, "lv") > 0);
    CHECK(find(g_p, "吕") >= 0);
    ime_pinyin_reset(g_p);
}

static void test_malformed(void)
{
    REQUIRE(compose(g_p, "li") > 0);
    int before = ime_pinyin_count(g_p);
    static const char *bad[] = {"zhang1", "zhang san", "张", "zh-ang", "a\tb", "\xff", "é"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(ime_pinyin_append(g_p, bad[i]), IME_PINYIN_ERR_CHAR);
    /* the composition is untouched by refused input */
    CHECK_EQ_STR(waiting(g_p), "li");
    CHECK_EQ_INT(ime_pinyin_count(g_p), before);
    CHECK_EQ_INT(ime_pinyin_append(g_p, ""), IME_PINYIN_ERR_EMPTY);
    CHECK_EQ_INT(ime_pinyin_append(g_p, NULL), IME_PINYIN_ERR_ARG);
    CHECK_EQ_INT(ime_pinyin_append(NULL, "li"), IME_PINYIN_ERR_ARG);
    CHECK_EQ_STR(waiting(g_p), "li");
    /* apostrophes alone start nothing */
    CHECK_EQ_INT(compose(g_p, "'''"), IME_PINYIN_ERR_EMPTY);

    /* very long input: 32 letters are fine, 33 are refused */
    char buf[4096];
    memset(buf, 'a', sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    CHECK_EQ_INT(compose(g_p, buf), IME_PINYIN_ERR_LONG);
    buf[IME_PINYIN_MAX_LETTERS + 1] = '\0';
    CHECK_EQ_INT(compose(g_p, buf), IME_PINYIN_ERR_LONG);
    buf[IME_PINYIN_MAX_LETTERS] = '\0';
    CHECK(compose(g_p, buf) >= 0);
    CHECK_EQ_INT(ime_pinyin_append(g_p, "a"), IME_PINYIN_ERR_LONG);
    CHECK_EQ_INT((int)strlen(waiting(g_p)), IME_PINYIN_MAX_LETTERS);
    /* a long sentence is taken a window of whole syllables at a time */
    CHECK(compose(g_p, "zhonghuarenmingongheguo") > 0);
    CHECK_EQ_STR(ime_pinyin_candidate(g_p, 0), "中华人"); /* "mi" was cut by the window */
    CHECK_EQ_INT(ime_pinyin_choose(g_p, 0), 0);
    CHECK_EQ_STR(waiting(g_p), "mingongheguo");
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "民")), 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "共和国")), 1);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "中华人民共和国");

    /* letters that spell nothing: no candidates, not an error */
    CHECK_EQ_INT(compose(g_p, "vvv"), 0);
    CHECK_EQ_INT(ime_pinyin_count(g_p), 0);
    CHECK(ime_pinyin_candidate(g_p, 0) == NULL);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, 0), IME_PINYIN_ERR_RANGE);
    REQUIRE(compose(g_p, "ma") > 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, -1), IME_PINYIN_ERR_RANGE);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, ime_pinyin_count(g_p)), IME_PINYIN_ERR_RANGE);
    CHECK(ime_pinyin_candidate(g_p, ime_pinyin_count(g_p)) == NULL);
    ime_pinyin_reset(g_p);
}

/* append_spelt (the keyboard's): a letter no syllable takes after the
 * letters waiting is refused and leaves them and their candidates as they
 * were; one that does is taken as by append, and letters past the window are
 * taken unread. */
static void test_append_spelt(void)
{
    ime_pinyin_reset(g_p);
    CHECK_EQ_INT(ime_pinyin_append_spelt(g_p, "i"), IME_PINYIN_ERR_SPELL); /* a lone i */
    CHECK_EQ_STR(waiting(g_p), "");
    CHECK(ime_pinyin_append_spelt(g_p, "sh") > 0);
    int n = ime_pinyin_append_spelt(g_p, "i");
    CHECK(n > 0);
    CHECK_EQ_INT(ime_pinyin_append_spelt(g_p, "i"), IME_PINYIN_ERR_SPELL);
    CHECK_EQ_STR(waiting(g_p), "shi");
    CHECK_EQ_STR(ime_pinyin_spelling(g_p), "shi");
    CHECK_EQ_INT(ime_pinyin_count(g_p), n);
    CHECK_EQ_STR(ime_pinyin_candidate(g_p, 0), "是");
    CHECK_EQ_INT(ime_pinyin_append_spelt(g_p, "v"), IME_PINYIN_ERR_SPELL);
    CHECK(ime_pinyin_append_spelt(g_p, "j") > 0); /* shi'j */
    CHECK(ime_pinyin_append_spelt(g_p, "i") > 0); /* shi'ji */
    CHECK_EQ_STR(waiting(g_p), "shiji");
    /* a whole sentence, a letter at a time, every letter taken */
    ime_pinyin_reset(g_p);
    const char *all = "wojiafashenglehuozaifangzishaole";
    for (const char *c = all; *c; c++) {
        char one[2] = {*c, 0};
        CHECK(ime_pinyin_append_spelt(g_p, one) >= 0);
    }
    CHECK_EQ_STR(waiting(g_p), all);
    ime_pinyin_reset(g_p);
}

/* All the candidates, the spelling and the common count, as one number. */
static unsigned long long offered_sig(const ime_pinyin *p)
{
    unsigned long long h = 1469598103934665603ull;
    const char *parts[2] = {ime_pinyin_spelling(p), ""};
    for (int k = 0; k < 2; k++)
        for (const char *c = parts[k]; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ull;
    for (int i = 0; i < ime_pinyin_count(p); i++) {
        for (const char *c = ime_pinyin_candidate(p, i); *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ull;
        h = (h ^ 0xff) * 1099511628211ull;
    }
    return h ^ (unsigned long long)ime_pinyin_count(p) << 32 ^
           (unsigned long long)ime_pinyin_common_count(p);
}

/* The engine goes on from what it decoded of the letters its last search
 * shares with the next (a letter typed, one taken back): each letter typed,
 * and each backspace, offers what the same letters searched afresh do (after
 * letters sharing none), name field or not. */
static void test_typed_as_searched(void)
{
    static const char *words[] = {"jianguo", "xiuying", "zhangsan", "xian", "shufen",
                                  "guozhongjianshe", "nvren", "lixiaoming"};
    char err[256];
    CHECK_EQ_INT(ime_pinyin_load_names(g_p, check_asset(IME_PINYIN_NAMES_FILE), err, sizeof err),
                 IME_PINYIN_OK);
    for (int names = 0; names < 2; names++)
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
            size_t n = strlen(words[w]);
            unsigned long long typed[32];
            ime_pinyin_reset(g_p);
            ime_pinyin_names(g_p, names);
            for (size_t i = 0; i < n && i < 32; i++) {
                char one[2] = {words[w][i], 0};
                CHECK(ime_pinyin_append_spelt(g_p, one) > 0);
                typed[i] = offered_sig(g_p);
            }
            unsigned long long back = 0;
            if (n > 2) { /* two letters taken back */
                ime_pinyin_backspace(g_p);
                ime_pinyin_backspace(g_p);
                back = offered_sig(g_p);
            }
            for (size_t i = 0; i < n && i < 32; i++) {
                char part[32];
                snprintf(part, sizeof part, "%.*s", (int)(i + 1), words[w]);
                compose(g_p, "q"); /* shares no letter with any of them */
                CHECK(compose(g_p, part) > 0);
                if (offered_sig(g_p) != typed[i])
                    fprintf(stderr, "  %s typed to %s offers other candidates\n", words[w], part);
                CHECK(offered_sig(g_p) == typed[i]);
                if (i + 3 == n)
                    CHECK(offered_sig(g_p) == back);
            }
        }
    ime_pinyin_names(g_p, 0);
    ime_pinyin_reset(g_p);
}

/* Typing, a letter at a time, inputs that make libgooglepinyin abort the
 * process when given whole (runs of ambiguous letters, 14 letters and more):
 * every prefix up to the limit of every periodic pattern of two units. The
 * test fails by the process dying. A cross build (ARM under qemu, several
 * times slower) types every fourth pattern and the known ones: what makes
 * the engine abort is in its search, the same on every architecture, and
 * every pattern is typed natively and under the sanitizers. */
#ifndef CZ_TEST_PATTERN_STRIDE
#define CZ_TEST_PATTERN_STRIDE 1
#endif
static void test_engine_survives(void)
{
    static const char *u[] = {"b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j",
                              "q", "x", "zh", "ch", "sh", "r", "z", "c", "s", "y", "w", "a",
                              "o", "e", "ai", "an", "en", "ang", "ou", "er", "i", "u", "v", "'"};
    static const char *known[] = {"zzzzzzzzzzzzzzzzzz", "anananananananananan",
                                  "z'z'z'z'z'z'z'z'z'z'", "zzzhzzzhzzzhzzzhzzzh",
                                  "dzzdzzdzzdzzdzzdzzdzz", "ddddddddddddddddddddd"};
    size_t nu = sizeof u / sizeof u[0];
    long searches = 0, with_cands = 0;
    char pat[IME_PINYIN_MAX_LETTERS + 8];
    for (size_t i = 0; i < nu + sizeof known / sizeof known[0]; i++) {
        for (size_t j = 0; j < (i < nu ? nu : 1); j++) {
            if (i < nu && (i * nu + j) % CZ_TEST_PATTERN_STRIDE != 0)
                continue;
            if (i < nu) {
                pat[0] = '\0';
                while (strlen(pat) < IME_PINYIN_MAX_LETTERS) {
                    strcat(pat, u[i]);
                    strcat(pat, u[j]);
                }
            } else {
                snprintf(pat, sizeof pat, "%s", known[i - nu]);
            }
            ime_pinyin_reset(g_p);
            for (size_t k = 0; pat[k] && k < IME_PINYIN_MAX_LETTERS; k++) {
                char one[2] = {pat[k], 0};
                int rc = ime_pinyin_append(g_p, one);
                searches++;
                with_cands += rc > 0;
                if (rc < 0 && rc != IME_PINYIN_ERR_EMPTY)
                    CHECK_EQ_INT(rc, IME_PINYIN_ERR_LONG);
            }
            /* and whole, at once */
            pat[IME_PINYIN_MAX_LETTERS] = '\0';
            int rc = compose(g_p, pat);
            CHECK(rc >= 0 || rc == IME_PINYIN_ERR_EMPTY);
        }
    }
    CHECK(with_cands > searches / 2);
    ime_pinyin_reset(g_p);
}

static void test_many_candidates(void)
{
    /* one syllable: the engine's candidates and the rare ones, best first */
    int n = compose(g_p, "zhang");
    CHECK(n > 40);
    CHECK_EQ_INT(ime_pinyin_count(g_p), n);
    CHECK_EQ_STR(ime_pinyin_candidate(g_p, 0), "张");
    CHECK(ime_pinyin_candidate(g_p, n - 1) != NULL);
    CHECK(ime_pinyin_candidate(g_p, n) == NULL);
    ime_pinyin_reset(g_p);
}

/* The rare-table parser on mutated copies of the real table: never a crash
 * (run under ASan in CI), always either a table or a message with a line. */
static void test_rare_mutations(void)
{
    FILE *f = fopen(check_asset(IME_PINYIN_RARE_FILE), "rb");
    REQUIRE(f != NULL);
    static char orig[6000], buf[6000];
    size_t n = fread(orig, 1, sizeof orig, f);
    fclose(f);
    while (n > 0 && orig[n - 1] != '\n') /* whole lines */
        n--;
    REQUIRE(n > 1000);
    ime_rare *r = NULL;
    char err[256];
    REQUIRE(ime_rare_parse(&r, orig, n, "orig", err, sizeof err) == 0);
    CHECK(ime_rare_find(r, "a", 1) != NULL);
    CHECK(ime_rare_find(r, "zzz", 3) == NULL);
    CHECK(ime_rare_find(r, "abcdefg", 7) == NULL);
    ime_rare_free(r);
    unsigned seed = 12345;
    int ok = 0, bad = 0;
    for (int t = 0; t < 3000; t++) {
        memcpy(buf, orig, n);
        size_t len = n;
        int flips = 1 + t % 4;
        for (int k = 0; k < flips && len > 0; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            switch (t % 3) {
            case 0: buf[at] = (char)(seed >> 16); break;           /* any byte */
            case 1: buf[at] = "\t\n#a\xe5\x80\0"[(seed >> 16) % 7]; break; /* structure */
            default: len = at; break;                              /* cut short */
            }
        }
        r = NULL;
        err[0] = '\0';
        int rc = ime_rare_parse(&r, buf, len, "mutant", err, sizeof err);
        if (rc == 0) {
            ok++;
            CHECK(r != NULL);
            CHECK(ime_rare_size(r) > 0);
            ime_rare_free(r);
        } else {
            bad++;
            CHECK_EQ_INT(rc, -1);
            CHECK(r == NULL);
            CHECK(strncmp(err, "mutant:", 7) == 0);
        }
    }
    fprintf(stderr, "  mutants: %d parsed, %d refused\n", ok, bad);
    CHECK(ok > 100 && bad > 100);
}

static void test_second_open_busy(void)
{
    ime_pinyin *q = NULL;
    char err[128];
    CHECK_EQ_INT(ime_pinyin_open(&q, NULL, NULL, err, sizeof err), IME_PINYIN_ERR_BUSY);
    CHECK(q == NULL);
}

/* The names lexicon (assets/ime/name-words.txt): off, the engine's
 * candidates alone (xiuying: 修应, no 秀英); on, its given names the engine
 * lacks after the engine's candidates and before the rare ones, chosen as a
 * phrase is (a syllable a character), after a surname chosen too; off
 * again, gone. Every entry: its spelling is the engine's split of its
 * letters, the word is offered once, and each character is a name
 * character (assets/text/name-chars.txt) so the keyboard ranks it first. */
static void test_names(void)
{
    char err[256];
    CHECK_EQ_INT(ime_pinyin_load_names(g_p, check_asset(IME_PINYIN_NAMES_FILE), err, sizeof err),
                 IME_PINYIN_OK);
    REQUIRE(compose(g_p, "xiuying") > 0);
    CHECK(find(g_p, "修应") >= 0);
    CHECK(find(g_p, "秀英") < 0); /* the engine's dictionary lacks it */
    int n = ime_pinyin_names(g_p, 1);
    CHECK_EQ_INT(n, ime_pinyin_count(g_p));
    int i = find(g_p, "秀英");
    CHECK(i > find(g_p, "修应"));
    CHECK(i >= 0 && i < ime_pinyin_common_count(g_p));
    CHECK_EQ_INT(ime_pinyin_choose(g_p, i), 1);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "秀英");
    /* after the surname: 王, then xiuying's 秀英 */
    REQUIRE(compose(g_p, "wangxiuying") > 0);
    CHECK(find(g_p, "秀英") < 0); /* wang is not a given name's first syllable here */
    CHECK_EQ_INT(ime_pinyin_choose(g_p, find(g_p, "王")), 0);
    i = find(g_p, "秀英");
    REQUIRE(i >= 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, i), 1);
    CHECK_EQ_STR(ime_pinyin_chosen(g_p), "王秀英");
    /* a given name followed by more letters: its two syllables are used */
    REQUIRE(compose(g_p, "xiuyingw") > 0);
    i = find(g_p, "秀英");
    REQUIRE(i >= 0);
    CHECK_EQ_INT(ime_pinyin_choose(g_p, i), 0);
    CHECK_EQ_STR(waiting(g_p), "w");
    /* the letters of a longer syllable are not a name's: xiuy is not xiuying */
    REQUIRE(compose(g_p, "xiuy") > 0);
    CHECK(find(g_p, "秀英") < 0);
    /* off again: the letters waiting lose it */
    REQUIRE(compose(g_p, "xiuying") > 0);
    CHECK(find(g_p, "秀英") >= 0);
    ime_pinyin_names(g_p, 0);
    CHECK(find(g_p, "秀英") < 0);
    CHECK(find(g_p, "修应") >= 0);

    /* every entry of the shipped lexicon */
    FILE *fp = fopen(check_asset("text/name-chars.txt"), "r");
    REQUIRE(fp != NULL);
    static char chars[4096];
    char line[1024];
    while (fgets(line, sizeof line, fp))
        if (line[0] != '#')
            strncat(chars, line, sizeof chars - strlen(chars) - 1);
    fclose(fp);
    fp = fopen(check_asset(IME_PINYIN_NAMES_FILE), "r");
    REQUIRE(fp != NULL);
    int entries = 0;
    ime_pinyin_names(g_p, 1);
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        REQUIRE(tab != NULL);
        *tab = '\0';
        const char *word = tab + 1;
        char letters[64];
        size_t k = 0;
        for (const char *c = line; *c && k < sizeof letters - 1; c++)
            if (*c != '\'')
                letters[k++] = *c;
        letters[k] = '\0';
        entries++;
        REQUIRE(compose(g_p, letters) > 0);
        if (strcmp(ime_pinyin_spelling(g_p), line) || find(g_p, word) < 0)
            printf("  %s %s: the engine spells %s, %s offered\n", line, word,
                   ime_pinyin_spelling(g_p), find(g_p, word) < 0 ? "not" : "is");
        CHECK_EQ_STR(ime_pinyin_spelling(g_p), line);
        int at = find(g_p, word), twice = 0;
        for (int j = at + 1; at >= 0 && j < ime_pinyin_count(g_p); j++)
            twice |= !strcmp(ime_pinyin_candidate(g_p, j), word);
        CHECK(at >= 0 && !twice);
        for (const char *c = word; *c;) {
            char one[8] = "";
            const char *from = c;
            c++;
            while ((*c & 0xC0) == 0x80)
                c++;
            memcpy(one, from, (size_t)(c - from));
            if (!strstr(chars, one))
                printf("  %s: %s is not in name-chars.txt\n", word, one);
            CHECK(strstr(chars, one) != NULL);
        }
    }
    fclose(fp);
    printf("  %d given names in the lexicon\n", entries);
    CHECK(entries >= 40);
    ime_pinyin_names(g_p, 0);
    ime_pinyin_reset(g_p);

    /* a lexicon with a fault: refused, naming the line; the one loaded stays */
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"xiu'ying 秀英\n", ":1: expected"},
        {"# c\nxiu'ying\t秀\n", ":2: the word needs one character"},
        {"Xiu'ying\t秀英\n", ":1: syllables must be letters"},
        {"xiu''ying\t秀英\n", ":1: syllables must be letters"},
        {"xiu'ying\tab\n", ":1: not a Han"},
        {"# only a comment\n", "no names"},
    };
    char path[512];
    snprintf(path, sizeof path, "%s/names.txt", check_tmpdir("pinyin"));
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        fx_write(path, bad[b].text, strlen(bad[b].text));
        err[0] = '\0';
        CHECK_EQ_INT(ime_pinyin_load_names(g_p, path, err, sizeof err), IME_PINYIN_ERR_NAMES);
        if (!strstr(err, bad[b].want))
            fprintf(stderr, "  case %zu: got \"%s\", want \"%s\"\n", b, err, bad[b].want);
        CHECK(strstr(err, bad[b].want) != NULL);
    }
    CHECK_EQ_INT(ime_pinyin_load_names(g_p, "/nonexistent/names.txt", err, sizeof err),
                 IME_PINYIN_ERR_NAMES);
    /* a byte-order mark before the first line (an editor's) is no fault */
    static const char bom[] = "\xEF\xBB\xBFgui'ying\t\xE6\xA1\x82\xE8\x8B\xB1\n"; /* 桂英 */
    fx_write(path, bom, strlen(bom));
    CHECK_EQ_INT(ime_pinyin_load_names(g_p, path, err, sizeof err), IME_PINYIN_OK);
    ime_pinyin_names(g_p, 1);
    REQUIRE(compose(g_p, "guiying") > 0);
    CHECK(find(g_p, "桂英") >= 0);
    CHECK(find(g_p, "秀英") < 0); /* the lexicon is the one with the mark now */
    ime_pinyin_names(g_p, 0);
    ime_pinyin_reset(g_p);
    REQUIRE(ime_pinyin_load_names(g_p, check_asset(IME_PINYIN_NAMES_FILE), err, sizeof err) ==
            IME_PINYIN_OK);
    ime_pinyin_names(g_p, 1);
    REQUIRE(compose(g_p, "xiuying") > 0);
    CHECK(find(g_p, "秀英") >= 0);
    ime_pinyin_names(g_p, 0);
    ime_pinyin_reset(g_p);
    CHECK(strcmp(ime_pinyin_strerror(IME_PINYIN_ERR_NAMES), ime_pinyin_strerror(-1000)) != 0);
}

static void test_bad_files(void)
{
    /* needs the engine closed: this test frees g_p and reopens it at the end */
    ime_pinyin_free(g_p);
    g_p = NULL;
    char err[256], path[512];
    ime_pinyin *q = NULL;

    CHECK_EQ_INT(ime_pinyin_open(&q, "/nonexistent/dict_pinyin.dat", NULL, err, sizeof err),
                 IME_PINYIN_ERR_DICT);
    CHECK(strstr(err, "/nonexistent/dict_pinyin.dat") != NULL);
    CHECK(q == NULL);

    snprintf(path, sizeof path, "%s/garbage.dat", check_tmpdir("pinyin"));
    fx_write(path, "this is not a dictionary\n", 25);
    CHECK_EQ_INT(ime_pinyin_open(&q, path, NULL, err, sizeof err), IME_PINYIN_ERR_DICT);
    CHECK(strstr(err, "not a libgooglepinyin dictionary") != NULL);
    CHECK(q == NULL);
    /* the real dictionary cut short: the engine refuses it */
    {
        FILE *in = fopen(ime_pinyin_default_dict(), "rb");
        REQUIRE(in != NULL);
        static char half[300000];
        size_t got = fread(half, 1, sizeof half, in);
        fclose(in);
        fx_write(path, half, got);
        CHECK_EQ_INT(ime_pinyin_open(&q, path, NULL, err, sizeof err), IME_PINYIN_ERR_DICT);
        CHECK(q == NULL);
    }
    /* a folder */
    CHECK_EQ_INT(ime_pinyin_open(&q, check_tmpdir("pinyin"), NULL, err, sizeof err),
                 IME_PINYIN_ERR_DICT);

    CHECK_EQ_INT(ime_pinyin_open(&q, NULL, "/nonexistent/rare.txt", err, sizeof err),
                 IME_PINYIN_ERR_RARE);
    CHECK(strstr(err, "rare.txt") != NULL);

    static const struct {
        const char *text, *want;
    } bad[] = {
        {"kun 堃\n", ":1: expected"},                 /* space, no tab */
        {"# c\n\tX\n", ":2: syllable must be 1"},     /* no syllable */
        {"zhuangzz\t壮\n", ":1: syllable must be 1"}, /* too long */
        {"Kun\t堃\n", ":1: syllable must be letters"},
        {"kun\t\n", ":1: no characters"},
        {"kun\tab\n", ":1: not a Han"},
        {"kun\t\xe5\xa0\n", ":1: characters are not valid UTF-8"},
        {"kun\t堃\nkun\t坤\n", "appears twice"},
        {"# only a comment\n", "no syllables"},
        {"", "no syllables"},
    };
    snprintf(path, sizeof path, "%s/rare.txt", check_tmpdir("pinyin"));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fx_write(path, bad[i].text, strlen(bad[i].text));
        err[0] = '\0';
        CHECK_EQ_INT(ime_pinyin_open(&q, NULL, path, err, sizeof err), IME_PINYIN_ERR_RARE);
        if (!strstr(err, bad[i].want))
            fprintf(stderr, "  case %zu: got \"%s\", want \"%s\"\n", i, err, bad[i].want);
        CHECK(strstr(err, bad[i].want) != NULL);
        CHECK(q == NULL);
    }
    /* a NUL byte inside a line */
    fx_write(path, "kun\t\xe5\xa0\x83\0x\n", 8);
    CHECK_EQ_INT(ime_pinyin_open(&q, NULL, path, err, sizeof err), IME_PINYIN_ERR_RARE);

    /* a small good table, CRLF line ends: only what it holds is added */
    const char *good = "# test\r\nkun\t堃\r\nzz\t䶮\r\nyun\t赟\r\n";
    fx_write(path, good, strlen(good));
    CHECK_EQ_INT(ime_pinyin_open(&q, NULL, path, err, sizeof err), IME_PINYIN_OK);
    REQUIRE(q != NULL);
    REQUIRE(compose(q, "yun") > 0); /* the lines after CRLF are read too */
    CHECK(find(q, "赟") >= ime_pinyin_common_count(q));
    REQUIRE(compose(q, "kun") > 0);
    CHECK_EQ_INT(ime_pinyin_count(q) - ime_pinyin_common_count(q), 1);
    CHECK_EQ_STR(ime_pinyin_candidate(q, ime_pinyin_count(q) - 1), "堃");
    REQUIRE(compose(q, "yan") > 0);
    CHECK(find(q, "䶮") < 0);
    ime_pinyin_free(q);

    /* without a table: the engine's candidates only */
    CHECK_EQ_INT(ime_pinyin_open(&q, NULL, NULL, err, sizeof err), IME_PINYIN_OK);
    REQUIRE(q != NULL);
    REQUIRE(compose(q, "kun") > 0);
    CHECK_EQ_INT(ime_pinyin_count(q), ime_pinyin_common_count(q));
    CHECK(find(q, "堃") < 0);
    ime_pinyin_free(q);

    CHECK(ime_pinyin_strerror(IME_PINYIN_ERR_LONG)[0] != '\0');
    CHECK(strcmp(ime_pinyin_strerror(-1000), ime_pinyin_strerror(IME_PINYIN_ERR_LONG)) != 0);
    open_engine();
}

int main(void)
{
    RUN(test_default_dict);
    RUN(open_engine);
    if (!g_p)
        return check_summary();
    RUN(test_zhangsan);
    RUN(test_partial_choice);
    RUN(test_save_restore);
    RUN(test_three_syllables);
    RUN(test_single_characters);
    RUN(test_rare_characters);
    RUN(test_separator_and_case);
    RUN(test_malformed);
    RUN(test_append_spelt);
    RUN(test_typed_as_searched);
    RUN(test_engine_survives);
    RUN(test_many_candidates);
    RUN(test_rare_mutations);
    RUN(test_second_open_busy);
    RUN(test_names);
    RUN(test_bad_files);
    ime_pinyin_free(g_p);
    return check_summary();
}
