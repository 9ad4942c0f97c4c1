/* test_core.c — utf8, uuid, config, growing arrays and secrets. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "core/config.h"
#include "core/grow.h"
#include "core/log.h"
#include "core/logfile.h"
#include "core/secret.h"
#include "core/overrides.h"
#include "core/utf8.h"
#include "core/uuid.h"

static void test_utf8_roundtrip(void)
{
    const char *s = "阿依古丽·买买提𠮷a";
    const char *p = s;
    uint32_t cps[16];
    int n = 0;
    uint32_t c;
    while ((c = utf8_next(&p)))
        cps[n++] = c;
    CHECK_EQ_INT(n, 10);
    CHECK_EQ_INT(cps[4], 0x00B7);
    CHECK_EQ_INT(cps[8], 0x20BB7);
    char buf[64] = "";
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += (size_t)utf8_encode(cps[i], buf + len);
    buf[len] = 0;
    CHECK_EQ_STR(buf, s);
    CHECK_EQ_INT(utf8_count(s), 10);
    CHECK(utf8_valid(s));
}

static void test_utf8_malformed(void)
{
    CHECK(!utf8_valid("\xc0\xaf"));         /* overlong '/' */
    CHECK(!utf8_valid("\xed\xa0\x80"));     /* surrogate */
    CHECK(!utf8_valid("\xe4\xb8"));         /* truncated */
    CHECK(!utf8_valid("\xff"));
    CHECK(utf8_valid("\xef\xbf\xbd"));      /* U+FFFD itself */
    const char *p = "\xe4\xb8";
    CHECK_EQ_INT(utf8_next(&p), UTF8_INVALID);
    char b[16] = "张三丰";
    utf8_pop(b);
    CHECK_EQ_STR(b, "张三");
}

static void test_uuid(void)
{
    char a[37], b[37];
    CHECK_EQ_INT(core_uuid_v4(a), 0);
    CHECK_EQ_INT(core_uuid_v4(b), 0);
    CHECK(core_uuid_valid(a));
    CHECK(strcmp(a, b) != 0);
    CHECK_EQ_INT(a[14], '4');
    CHECK(strchr("89ab", a[19]) != NULL);
    CHECK(!core_uuid_valid("not-a-uuid"));
    CHECK(!core_uuid_valid("123e4567-e89b-12d3-a456-42661417400g"));
}

static void test_config_defaults_and_file(void)
{
    core_config *c = core_config_new();
    REQUIRE(c);
    CHECK_EQ_STR(core_config_get(c, "screen.size"), "1080x1920");
    CHECK_EQ_INT(core_config_get_int(c, "ui.idle_timeout_s", -1), 90);
    char err[256];
    const char *text = "\xef\xbb\xbf# comment\n station.name = 红旗村便民服务站 \r\n"
                       "ui.idle_timeout_s=120\nui.keep_draft_on_timeout = false\n\n";
    CHECK_EQ_INT(core_config_load_string(c, text, "t.conf", err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(c, "station.name"), "红旗村便民服务站");
    CHECK_EQ_INT(core_config_get_int(c, "ui.idle_timeout_s", -1), 120);
    CHECK_EQ_INT(core_config_get_int(c, "ui.keep_draft_on_timeout", -1), 0);

    const char *path = "cfg.conf";
    char full[512];
    snprintf(full, sizeof full, "%s/%s", check_tmpdir(NULL), path);
    FILE *f = fopen(full, "wb");
    REQUIRE(f);
    fputs(text, f);
    fclose(f);
    core_config *d = core_config_new();
    CHECK_EQ_INT(core_config_load_file(d, full, err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(d, "station.name"), "红旗村便民服务站");
    CHECK_EQ_INT(core_config_get_int(d, "ui.idle_timeout_s", -1), 120);
    core_config_free(d);
    /* a kiosk's own settings file with an empty station name (the panel
     * saved one before it refused them) loads whole: the rest of the file
     * (address, PIN hash, device) is not lost with it */
    d = core_config_new();
    CHECK_EQ_INT(core_config_load_string(d, "platform.url = https://zwfw.example.cn\n"
                                            "station.name = \nui.idle_timeout_s = 60\n",
                                         "settings.conf", err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(d, "platform.url"), "https://zwfw.example.cn");
    CHECK_EQ_INT(core_config_get_int(d, "ui.idle_timeout_s", -1), 60);
    core_config_free(d);
    core_config_free(c);
}

static void test_config_malformed(void)
{
    core_config *c = core_config_new();
    REQUIRE(c);
    char err[256];
    static const struct { const char *text, *want; } bad[] = {
        {"no equals sign\n", "t.conf:1: expected 'key = value'"},
        {"\nbogus.key = 1\n", "t.conf:2: unknown setting 'bogus.key'"},
        {"ui.idle_timeout_s = 5\n", "t.conf:1: ui.idle_timeout_s: 5 is outside 10..3600"},
        {"ui.idle_timeout_s = ten\n", "t.conf:1: ui.idle_timeout_s: 'ten' is not a whole number"},
        {"screen.size = 1080*1920\n", "t.conf:1: screen.size: '1080*1920' is not a screen size like 1080x1920"},
        {"audio.voice = yes\n", "t.conf:1: audio.voice: 'yes' is not 0, 1, true or false"},
        {"station.name = \xff\xfe\n", "t.conf:1: station.name: value is not valid UTF-8"},
        /* HTTPS only (issue 16): the technician's editor refuses the same */
        {"# platform\nplatform.url = http://zwfw.example.cn\n",
         "t.conf:2: platform.url: the platform address must start with https:// (plain http is refused)"},
        {"platform.url = HTTP://x\n",
         "t.conf:1: platform.url: the platform address must start with https:// (plain http is refused)"},
        {"platform.url =\n",
         "t.conf:1: platform.url: the platform address must start with https:// (plain http is refused)"},
        {"platform.url = https://\n", "t.conf:1: platform.url: 'https://' is not an https:// address with a host"},
        {"receipt.query_url = http://zwfw.example.cn/cx\n",
         "t.conf:1: receipt.query_url: the query address must start with https://"},
        {"receipt.query_url = https://zwfw.example.cn/cx?a=1\n",
         "t.conf:1: receipt.query_url: the query address takes ?r=<number> itself: no '?' or '#' in it"},
        {"receipt.query_url = https:///cx\n",
         "t.conf:1: receipt.query_url: 'https:///cx' is not an https:// address with a host"},
        {"platform.pin = sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
         "t.conf:1: platform.pin: a backup pin is needed: two or more sha256//... pins joined by ';'"},
        {"platform.pin = sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;sha256//AAAA\n",
         "t.conf:1: platform.pin: pin 2 is not sha256// followed by 44 base64 characters"},
        {"platform.pin = sha1//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;x\n",
         "t.conf:1: platform.pin: pin 1 is not sha256// followed by 44 base64 characters"},
        {"platform.pin = sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;"
         "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
         "t.conf:1: platform.pin: pin 2 repeats pin 1"},
        {"sync.low_speed_s = 1\n", "t.conf:1: sync.low_speed_s: 1 is outside 2..600"},
        {"sync.low_speed_bps = 0\n", "t.conf:1: sync.low_speed_bps: 0 is outside 1..65536"},
        /* an area code is 6 to 12 digits (issue 19) */
        {"station.area_code = 3607\n", "t.conf:1: station.area_code: '3607' is not an area code of 6 to 12 digits"},
        {"station.area_code = 36a722\n", "t.conf:1: station.area_code: '36a722' is not an area code of 6 to 12 digits"},
        {"station.area_code = 3607221012019\n", "t.conf:1: station.area_code: value longer than 12 bytes"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = 0;
        CHECK_EQ_INT(core_config_load_string(c, bad[i].text, "t.conf", err, sizeof err), -1);
        CHECK_EQ_STR(err, bad[i].want);
    }
    /* a value typed in Chinese, quoted in the message: cut between characters */
    char zhurl[400] = "platform.url = https://a";
    while (strlen(zhurl) + strlen("政务服务") + 3 < sizeof zhurl)
        strcat(zhurl, "政务服务");
    strcat(zhurl, "<\n");
    char big[512], small[100];
    CHECK_EQ_INT(core_config_load_string(c, zhurl, "t.conf", big, sizeof big), -1);
    CHECK(utf8_valid(big));
    CHECK(strstr(big, "' is not an https:// address with a host") != NULL);
    CHECK(strstr(big, "'https://a政务服务政务") != NULL);
    CHECK_EQ_INT(core_config_load_string(c, zhurl, "t.conf", small, sizeof small), -1);
    CHECK(utf8_valid(small)); /* and the whole message cut the same way */
    CHECK(strlen(small) >= sizeof small - 3);
    /* where it failed, for words of the technician's own: kind, line, key */
    static const struct {
        const char *text;
        core_config_fault_kind kind;
        int line;
        const char *key;
    } where[] = {{"\n# x\nno equals sign\n", CORE_CONFIG_FAULT_SYNTAX, 3, ""},
                 {"\nbogus.key = 1\n", CORE_CONFIG_FAULT_UNKNOWN, 2, "bogus.key"},
                 {"station.name = 东山\nplatform.url = http://x\n", CORE_CONFIG_FAULT_VALUE, 2,
                  "platform.url"},
                 {"station.name = 东山\n", CORE_CONFIG_FAULT_NONE, 0, ""}};
    for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
        core_config *w = core_config_new();
        REQUIRE(w);
        core_config_load_string(w, where[i].text, "t.conf", err, sizeof err);
        const core_config_fault *fl = core_config_last_fault(w);
        CHECK_EQ_INT(fl->kind, where[i].kind);
        CHECK_EQ_INT(fl->line, where[i].line);
        CHECK_EQ_STR(fl->key, where[i].key);
        core_config_free(w);
    }
    CHECK_EQ_INT(core_config_load_file(c, "/nonexistent/cz.conf", err, sizeof err), -1);
    CHECK_EQ_INT(core_config_last_fault(c)->kind, CORE_CONFIG_FAULT_FILE);
    CHECK(core_config_last_fault(NULL) == NULL);
    /* all or nothing: a good line before a bad one is not applied */
    CHECK_EQ_INT(core_config_load_string(c, "ui.idle_timeout_s = 200\nx\n", "t.conf", err, sizeof err), -1);
    CHECK_EQ_INT(core_config_get_int(c, "ui.idle_timeout_s", -1), 90);
    CHECK_EQ_INT(core_config_load_file(c, "/nonexistent/cz.conf", err, sizeof err), -1);
    CHECK(strstr(err, "/nonexistent/cz.conf") != NULL);
    CHECK_EQ_STR(core_config_get(c, "platform.url"), "https://127.0.0.1:8443");
    /* what is accepted: an https address, a pin with its backup, no pin */
    CHECK_EQ_INT(core_config_load_string(c,
                     "platform.url = https://zwfw.example.cn:8443/\n"
                     "platform.pin = sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;"
                     "sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
                     "sync.low_speed_s = 2\n", "t.conf", err, sizeof err), 0);
    CHECK_EQ_INT(core_config_set(c, "platform.pin", "", err, sizeof err), 0);
    core_config_free(c);
}

static void count_line(void *ud, const char *line)
{
    int *n = ud;
    if (strstr(line, "filing"))
        (*n)++;
}

static void count_any(void *ud, const char *line)
{
    (void)line;
    (*(int *)ud)++;
}

static void test_logfile(void)
{
    char err[256];
    const char *dir = check_tmpdir("logs");
    char path[512], old[520];
    snprintf(path, sizeof path, "%s/cunzhan.log", dir);
    snprintf(old, sizeof old, "%s.1", path);
    remove(path);
    remove(old);
    REQUIRE(core_logfile_open(dir, 4096, 0, err, sizeof err) == 0);
    for (int i = 0; i < 300; i++)
        core_log(CORE_LOG_INFO, "sync", "filing %d uploaded", i);
    int all = 0, n = 0;
    core_logfile_each(count_any, &all);
    CHECK_EQ_INT(all, CORE_LOGFILE_RING);
    core_logfile_each(count_line, &n);
    CHECK_EQ_INT(n, CORE_LOGFILE_RING);
    core_logfile_close();
    /* rotated once: both files exist and neither is over the cap by more than a line */
    FILE *f = fopen(path, "r"), *g = fopen(old, "r");
    CHECK(f != NULL && g != NULL);
    if (f) {
        fseek(f, 0, SEEK_END);
        CHECK(ftell(f) <= 4096);
        fclose(f);
    }
    if (g)
        fclose(g);
    all = 0;
    core_logfile_each(count_any, &all); /* closing empties the ring */
    CHECK_EQ_INT(all, 0);
    CHECK_EQ_INT(core_logfile_open("/nonexistent/dir", 4096, 0, err, sizeof err), -1);
    CHECK(strstr(err, "/nonexistent/dir/cunzhan.log") != NULL);
}

/* What core_logfile_tail gave, in order. */
typedef struct {
    char lines[64][64];
    int n;
} tail_got;

static void take_tail(void *ud, const char *line)
{
    tail_got *g = ud;
    if (g->n < 64)
        snprintf(g->lines[g->n], sizeof g->lines[0], "%.60s", line);
    g->n++;
}

/* Writes text to dir/name (NULL: removes it). */
static void put_file(const char *dir, const char *name, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
    if (!text)
        return;
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    fputs(text, f);
    fclose(f);
}

/* The log's last lines across the two files: a last line not yet ended by
 * its newline counts as one in the current file as in the tail (tail(4) of
 * "old 0..4" and "new 0..2" + "partial" dropped "new 0" for "old 4"), and
 * empty lines count for nothing (they were counted, never shown: fewer
 * lines came back than asked for). */
static void test_logfile_tail(void)
{
    char err[256];
    const char *dir = check_tmpdir("logtail");
    put_file(dir, "cunzhan.log.1", "old 0\nold 1\nold 2\nold 3\nold 4\n");
    put_file(dir, "cunzhan.log", "new 0\nnew 1\nnew 2\npartial");
    REQUIRE(core_logfile_open(dir, 1 << 20, 0, err, sizeof err) == 0);
    tail_got g = {.n = 0};
    CHECK_EQ_INT(core_logfile_tail(4, take_tail, &g), 4);
    CHECK_EQ_INT(g.n, 4);
    CHECK_EQ_STR(g.lines[0], "new 0");
    CHECK_EQ_STR(g.lines[3], "partial");
    g.n = 0;
    CHECK_EQ_INT(core_logfile_tail(5, take_tail, &g), 5);
    CHECK_EQ_STR(g.lines[0], "old 4");
    CHECK_EQ_STR(g.lines[1], "new 0");
    core_logfile_close();
    /* empty lines: in the current file, in the rotated one, and at the end */
    put_file(dir, "cunzhan.log.1", "x\n\ny\n\n");
    put_file(dir, "cunzhan.log", "a\n\nb\n\n\nc\n\n");
    REQUIRE(core_logfile_open(dir, 1 << 20, 0, err, sizeof err) == 0);
    g.n = 0;
    CHECK_EQ_INT(core_logfile_tail(4, take_tail, &g), 4);
    CHECK_EQ_INT(g.n, 4);
    const char *want[] = {"y", "a", "b", "c"};
    for (int i = 0; i < 4 && i < g.n; i++)
        CHECK_EQ_STR(g.lines[i], want[i]);
    g.n = 0;
    CHECK_EQ_INT(core_logfile_tail(2, take_tail, &g), 2);
    CHECK_EQ_STR(g.lines[0], "b");
    CHECK_EQ_STR(g.lines[1], "c");
    core_logfile_close();
    put_file(dir, "cunzhan.log.1", NULL);
    put_file(dir, "cunzhan.log", NULL);
}

/* A file larger than the 256 KiB read from its end (CORE_LOGFILE_TAIL_BYTES):
 * the line the cut falls inside is not shown (its end alone is no line); a
 * line that begins right at the cut is whole and shown. */
static void test_logfile_tail_cut(void)
{
    char err[256], path[600], line[128];
    const char *dir = check_tmpdir("logcut");
    put_file(dir, "cunzhan.log.1", NULL);
    snprintf(path, sizeof path, "%s/cunzhan.log", dir);
    const int per = (int)(CORE_LOGFILE_TAIL_BYTES / 16); /* 16-byte lines in the cap */
    for (int at_start = 0; at_start < 2; at_start++) {
        /* a first line of 100 bytes, then 16-byte lines: one fewer than the
         * cap holds puts the cut 84 bytes into the first line; ten more than
         * it holds, at the start of "line 0000000010" */
        int k = at_start ? per + 10 : per - 1;
        FILE *f = fopen(path, "w");
        REQUIRE(f != NULL);
        memset(line, 'x', sizeof line);
        memcpy(line, "cut-line", 8);
        fwrite(line, 1, 99, f);
        fputc('\n', f);
        for (int i = 0; i < k; i++)
            fprintf(f, "line %010d\n", i);
        fclose(f);
        REQUIRE(core_logfile_open(dir, 1 << 30, 0, err, sizeof err) == 0);
        tail_got g = {.n = 0};
        CHECK_EQ_INT(core_logfile_tail(2 * per, take_tail, &g), per - 1 + at_start);
        CHECK_EQ_STR(g.lines[0], at_start ? "line 0000000010" : "line 0000000000");
        core_logfile_close();
    }
    put_file(dir, "cunzhan.log", NULL);
}

/* A writer rotating the file while core_logfile_tail reads: every tail is
 * one moment's lines, in order, none twice and none missing (the two files
 * were opened one after the other without the lock: a rotation between
 * showed the file just read again as .1 and skipped the older one). */
static volatile int g_writing;

static void *tail_writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++)
        core_log(CORE_LOG_INFO, "test", "seq %d", i);
    g_writing = 0;
    return NULL;
}

typedef struct {
    int last, n, bad;
} tail_seq;

static void check_seq(void *ud, const char *line)
{
    tail_seq *t = ud;
    const char *p = strstr(line, "seq ");
    if (!p)
        return;
    int v = atoi(p + 4);
    if (t->n && v != t->last + 1)
        t->bad++;
    t->last = v;
    t->n++;
}

static void test_logfile_tail_rotating(void)
{
    char err[256];
    const char *dir = check_tmpdir("logrot");
    put_file(dir, "cunzhan.log.1", NULL);
    put_file(dir, "cunzhan.log", NULL);
    REQUIRE(core_logfile_open(dir, 2048, 0, err, sizeof err) == 0);
    g_writing = 1;
    pthread_t th;
    REQUIRE(pthread_create(&th, NULL, tail_writer, NULL) == 0);
    int tails = 0, bad = 0;
    while (g_writing) {
        tail_seq t = {0, 0, 0};
        core_logfile_tail(1000, check_seq, &t);
        bad += t.bad != 0;
        tails++;
    }
    pthread_join(th, NULL);
    core_logfile_close();
    if (bad)
        printf("  %d of %d tails out of order\n", bad, tails);
    CHECK_EQ_INT(bad, 0);
    CHECK(tails > 0);
}

static void test_grow(void)
{
    int *a = NULL;
    size_t cap = 0;
    CHECK_EQ_INT(core_grow(&a, &cap, 1, sizeof *a, 16), 0);
    CHECK(a != NULL);
    CHECK_EQ_INT((int)cap, 16);
    for (int i = 0; i < 16; i++)
        a[i] = i;
    CHECK_EQ_INT(core_grow(&a, &cap, 16, sizeof *a, 16), 0); /* room already */
    CHECK_EQ_INT((int)cap, 16);
    CHECK_EQ_INT(core_grow(&a, &cap, 17, sizeof *a, 16), 0);
    CHECK_EQ_INT((int)cap, 32);
    CHECK_EQ_INT(core_grow(&a, &cap, 100, sizeof *a, 16), 0); /* doubles until it fits */
    CHECK_EQ_INT((int)cap, 128);
    CHECK_EQ_INT(a[15], 15);
    int *keep = a;
    CHECK_EQ_INT(core_grow(&a, &cap, (size_t)-1, sizeof *a, 16), -1); /* too large */
    CHECK(a == keep);
    CHECK_EQ_INT((int)cap, 128);
    free(a);
}

static void test_secret(void)
{
    char *tok = NULL;
    CHECK_EQ_INT(core_secret_set(&tok, "abc"), 0);
    CHECK_EQ_STR(tok, "abc");
    CHECK_EQ_INT(core_secret_set(&tok, "defg"), 0); /* the old one is wiped and freed */
    CHECK_EQ_STR(tok, "defg");
    CHECK_EQ_INT(core_secret_set(&tok, NULL), 0);
    CHECK(tok == NULL);
    core_secret_free(NULL);
}

static void test_utf8_copy(void)
{
    char out[5];
    utf8_copy(out, sizeof out, "ab");
    CHECK_EQ_STR(out, "ab");
    utf8_copy(out, sizeof out, "a张三"); /* 7 bytes: cut before the second character */
    CHECK_EQ_STR(out, "a张");
    utf8_copy(out, 1, "x");
    CHECK_EQ_STR(out, "");
}

static void test_utf8_mask_name(void)
{
    static const struct {
        const char *in, *out;
    } T[] = {{"王秀英", "王*英"}, {"张三", "张*"}, {"欧阳明月", "欧**月"}, {"李", "李"},
             {"", ""}, {"阿卜杜热合曼·买买提", "阿********提"}, {"Ann Lee", "A*****e"},
             {"\xe7\x8e", ""} /* not UTF-8 */};
    char out[64];
    for (size_t i = 0; i < sizeof T / sizeof *T; i++) {
        utf8_mask_name(out, sizeof out, T[i].in);
        CHECK_EQ_STR(out, T[i].out);
    }
    utf8_mask_name(out, 5, "王秀英"); /* room for 王* only */
    CHECK_EQ_STR(out, "王*");
    utf8_mask_name(out, 1, "王秀英");
    CHECK_EQ_STR(out, "");
    utf8_mask_name(out, sizeof out, NULL);
    CHECK_EQ_STR(out, "");
}

/* The data folder's settings override the conffile; a save keeps the file's
 * other lines and only what was set there; bad values and broken files
 * change nothing. */
static void test_overrides(void)
{
    const char *dir = fx_fresh_dir("overrides");
    REQUIRE(dir != NULL);
    char conf[1100], path[1100], err[512];
    snprintf(conf, sizeof conf, "%s/cunzhan.conf", dir);
    CHECK_EQ_INT(core_overrides_path(dir, path, sizeof path), 0);
    const char *c1 = "station.name = 甲村\naudio.volume = 50\n";
    REQUIRE(fx_write(conf, c1, strlen(c1)) == 0);
    core_config *c = core_config_new();
    REQUIRE(c != NULL);
    CHECK_EQ_INT(core_config_load_file(c, conf, err, sizeof err), 0);
    CHECK_EQ_INT(core_overrides_load(c, path, NULL, NULL, err, sizeof err), 0); /* none yet: fine */
    CHECK_EQ_INT(core_overrides_set(c, path, "station.name", "乙村", err, sizeof err), 0);
    /* back to the default value: still written, or the conffile's 50 would win */
    CHECK_EQ_INT(core_overrides_set(c, path, "audio.volume", "70", err, sizeof err), 0);
    CHECK_EQ_INT(core_overrides_set(c, path, "station.name", "丙村", err, sizeof err), 0);
    CHECK_EQ_INT(core_overrides_set(c, path, "station.area_code", "12", err, sizeof err), -1);
    CHECK_EQ_INT(core_overrides_set(c, path, "no.such", "1", err, sizeof err), -1);
    CHECK_EQ_STR(core_config_get(c, "station.area_code"), "420500");
    core_config_free(c);
    char *text = fx_slurp(path, NULL);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "station.name = 丙村\n") != NULL);
    CHECK(strstr(text, "乙村") == NULL);
    CHECK(strstr(text, "audio.volume = 70\n") != NULL);
    CHECK(strstr(text, "area_code") == NULL);
    free(text);
    /* load order: defaults < conffile < data folder */
    c = core_config_new();
    CHECK_EQ_INT(core_config_load_file(c, conf, err, sizeof err), 0);
    CHECK_EQ_INT(core_overrides_load(c, path, NULL, NULL, err, sizeof err), 0);
    CHECK_EQ_STR(core_config_get(c, "station.name"), "丙村");
    CHECK_EQ_STR(core_config_get(c, "audio.volume"), "70");
    /* several keys in one write: all of them, or none (one value is bad) */
    const char *keys[] = {"platform.url", "ui.countdown_s"}, *vals[] = {"https://a.example.cn", "loud"};
    char url0[300];
    snprintf(url0, sizeof url0, "%s", core_config_get(c, "platform.url"));
    CHECK_EQ_INT(core_overrides_set_many(c, path, keys, vals, 2, err, sizeof err), -1);
    CHECK_EQ_STR(core_config_get(c, "platform.url"), url0);
    CHECK(!fx_file_contains(path, "a.example.cn"));
    vals[1] = "25";
    CHECK_EQ_INT(core_overrides_set_many(c, path, keys, vals, 2, err, sizeof err), 0);
    CHECK(fx_file_contains(path, "platform.url = https://a.example.cn\nui.countdown_s = 25\n"));
    CHECK_EQ_STR(core_config_get(c, "ui.countdown_s"), "25");
    /* a broken settings file: refused with its line, the conffile's settings stay */
    const char *bad = "station.name = 丁村\nscreen.rotation = 7777\n";
    REQUIRE(fx_write(path, bad, strlen(bad)) == 0);
    core_config_set(c, "station.name", "甲村", NULL, 0);
    CHECK_EQ_INT(core_overrides_load(c, path, NULL, NULL, err, sizeof err), -1);
    CHECK(strstr(err, "settings.conf:2:") != NULL);
    CHECK_EQ_STR(core_config_get(c, "station.name"), "甲村");
    /* and a save into it is refused too, leaving memory and file alone */
    CHECK_EQ_INT(core_overrides_set(c, path, "audio.volume", "40", err, sizeof err), -1);
    CHECK_EQ_STR(core_config_get(c, "audio.volume"), "70");
    CHECK(fx_file_contains(path, "7777"));
    core_config_free(c);
}

/* Whether the file at path loads whole (core_config_load_file). */
static int loads(const char *path)
{
    char err[512];
    core_config *c = core_config_new();
    int ok = c && core_config_load_file(c, path, err, sizeof err) == 0;
    core_config_free(c);
    return ok;
}

/* Two settings files joined: a byte-order mark on line 2 fails the whole
 * file (an unknown key there), so it fails alone too: dropped, and the file
 * loads; the setting saved again replaces that line. */
static void test_overrides_bom(void)
{
    const char *dir = fx_fresh_dir("overrides-bom");
    REQUIRE(dir != NULL);
    char path[1100], aside[1200], err[512];
    CHECK_EQ_INT(core_overrides_path(dir, path, sizeof path), 0);
    static const char joined[] = "\xef\xbb\xbfstation.name = 甲村\n"
                                 "\xef\xbb\xbf" "audio.volume = 55\n";
    REQUIRE(fx_write(path, joined, strlen(joined)) == 0);
    CHECK(!loads(path));
    /* saving that setting again replaces its line: the file loads */
    core_config *c = core_config_new();
    REQUIRE(c != NULL);
    CHECK_EQ_INT(core_overrides_set(c, path, "audio.volume", "60", err, sizeof err), 0);
    CHECK(loads(path));
    CHECK(!fx_file_contains(path, "55"));
    core_config_free(c);
    /* dropped: line 1's mark stays allowed, line 2's is not */
    REQUIRE(fx_write(path, joined, strlen(joined)) == 0);
    c = core_config_new();
    CHECK_EQ_INT(core_overrides_salvage(c, path), 1);
    CHECK_EQ_STR(core_config_get(c, "station.name"), "甲村");
    core_config_free(c);
    snprintf(aside, sizeof aside, "%s.bad-1", path);
    int dropped = -1, moved = -1;
    CHECK_EQ_INT(core_overrides_drop_bad(path, aside, &dropped, &moved, err, sizeof err), 0);
    CHECK_EQ_INT(dropped, 1);
    CHECK_EQ_INT(moved, 0);
    CHECK(loads(path));
    CHECK(fx_file_contains(path, "甲村"));
    size_t len = 0;
    char *kept = fx_slurp(aside, &len);
    CHECK(kept && len == strlen(joined) && !memcmp(kept, joined, len));
    free(kept);
    /* loads whole now: left alone */
    CHECK_EQ_INT(core_overrides_drop_bad(path, aside, &dropped, &moved, err, sizeof err), 0);
    CHECK_EQ_INT(dropped, 0);
    CHECK_EQ_INT(moved, 0);
}

/* A settings file that cannot be mended line by line is moved aside whole
 * (a rename needs neither to read it nor room): one that cannot be read,
 * one over the size cap whose lines are all good. */
static void test_overrides_move_whole(void)
{
    const char *dir = fx_fresh_dir("overrides-move");
    REQUIRE(dir != NULL);
    char path[1100], aside[1200], err[512];
    CHECK_EQ_INT(core_overrides_path(dir, path, sizeof path), 0);
    snprintf(aside, sizeof aside, "%s.bad-1", path);
    int dropped = -1, moved = -1;
    /* over the cap, every line good: it was read short and "mended" as is */
    size_t line = strlen("audio.volume = 50\n"), big = (CORE_CONFIG_MAX_BYTES / line + 1) * line;
    char *text = malloc(big);
    REQUIRE(text != NULL);
    for (size_t at = 0; at < big; at += line)
        memcpy(text + at, "audio.volume = 50\n", line);
    REQUIRE(fx_write(path, text, big) == 0);
    CHECK(!loads(path));
    core_config *c = core_config_new();
    CHECK_EQ_INT(core_overrides_salvage(c, path), -1); /* not read short */
    core_config_free(c);
    CHECK_EQ_INT(core_overrides_drop_bad(path, aside, &dropped, &moved, err, sizeof err), 0);
    CHECK_EQ_INT(moved, 1);
    CHECK_EQ_INT(dropped, 0);
    CHECK(access(path, F_OK) != 0);
    size_t len = 0;
    char *kept = fx_slurp(aside, &len);
    CHECK(kept && len == big && !memcmp(kept, text, big)); /* the same bytes */
    free(kept);
    free(text);
    unlink(aside);
    /* cannot be read (EIO): here a folder where the file should be */
    REQUIRE(mkdir(path, 0700) == 0);
    c = core_config_new();
    CHECK_EQ_INT(core_overrides_load(c, path, NULL, NULL, err, sizeof err), -1);
    CHECK_EQ_INT(core_overrides_salvage(c, path), -1);
    core_config_free(c);
    CHECK_EQ_INT(core_overrides_drop_bad(path, aside, &dropped, &moved, err, sizeof err), 0);
    CHECK_EQ_INT(moved, 1);
    CHECK(access(path, F_OK) != 0);
    CHECK(rmdir(aside) == 0);
    /* cannot be read (EACCES; permissions do not apply to root) */
    if (geteuid() != 0) {
        REQUIRE(fx_write(path, "audio.volume = 55\n", 18) == 0);
        REQUIRE(chmod(path, 0) == 0);
        CHECK(!loads(path));
        CHECK_EQ_INT(core_overrides_drop_bad(path, aside, &dropped, &moved, err, sizeof err), 0);
        CHECK_EQ_INT(moved, 1);
        CHECK(access(path, F_OK) != 0);
        CHECK(access(aside, F_OK) == 0);
        /* and the setting saves again */
        c = core_config_new();
        CHECK_EQ_INT(core_overrides_set(c, path, "audio.volume", "60", err, sizeof err), 0);
        core_config_free(c);
        CHECK(loads(path));
        chmod(aside, 0600);
    }
}

/* A line of a key this firmware does not have (a newer one's, after a
 * rollback) is left out, not a failure: the other lines load, the line is
 * counted and named, a save keeps it; dropping bad lines drops it. */
static void test_overrides_unknown(void)
{
    const char *dir = fx_fresh_dir("overrides-unknown");
    REQUIRE(dir != NULL);
    char path[1100], aside[1200], err[512];
    CHECK_EQ_INT(core_overrides_path(dir, path, sizeof path), 0);
    const char *text = "station.name = 甲村\nfuture.thing = on\naudio.volume = 55\n";
    REQUIRE(fx_write(path, text, strlen(text)) == 0);
    core_config *c = core_config_new();
    REQUIRE(c != NULL);
    int unknown = 0;
    core_config_fault first;
    CHECK_EQ_INT(core_overrides_load(c, path, &unknown, &first, err, sizeof err), 0);
    CHECK_EQ_INT(unknown, 1);
    CHECK_EQ_INT(first.kind, CORE_CONFIG_FAULT_UNKNOWN);
    CHECK_EQ_INT(first.line, 2);
    CHECK_EQ_STR(first.key, "future.thing");
    CHECK_EQ_STR(core_config_get(c, "station.name"), "甲村");
    CHECK_EQ_STR(core_config_get(c, "audio.volume"), "55");
    /* a save is not refused for it, and keeps it for the newer firmware */
    CHECK_EQ_INT(core_overrides_set(c, path, "audio.volume", "60", err, sizeof err), 0);
    CHECK(fx_file_contains(path, "future.thing = on"));
    /* a bad value of a known key still fails */
    const char *bad = "future.thing = on\naudio.volume = loud\n";
    REQUIRE(fx_write(path, bad, strlen(bad)) == 0);
    CHECK_EQ_INT(core_overrides_load(c, path, &unknown, NULL, err, sizeof err), -1);
    CHECK(strstr(err, "settings.conf:2:") != NULL);
    CHECK_EQ_INT(core_config_last_fault(c)->kind, CORE_CONFIG_FAULT_VALUE);
    core_config_free(c);
    /* the technician drops lines that do not load: the unknown one too */
    REQUIRE(fx_write(path, text, strlen(text)) == 0);
    snprintf(aside, sizeof aside, "%s.bad-1", path);
    int dropped = 0, moved = 0;
    CHECK_EQ_INT(core_overrides_drop_bad(path, aside, &dropped, &moved, err, sizeof err), 0);
    CHECK_EQ_INT(dropped, 1);
    CHECK(loads(path));
}

int main(void)
{
    RUN(test_logfile);
    RUN(test_logfile_tail);
    RUN(test_logfile_tail_cut);
    RUN(test_logfile_tail_rotating);
    RUN(test_utf8_roundtrip);
    RUN(test_utf8_malformed);
    RUN(test_uuid);
    RUN(test_config_defaults_and_file);
    RUN(test_config_malformed);
    RUN(test_grow);
    RUN(test_secret);
    RUN(test_utf8_copy);
    RUN(test_utf8_mask_name);
    RUN(test_overrides);
    RUN(test_overrides_bom);
    RUN(test_overrides_move_whole);
    RUN(test_overrides_unknown);
    return check_summary();
}
