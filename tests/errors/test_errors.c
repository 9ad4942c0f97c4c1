/* test_errors.c — one error convention for every module (README, "Writing code
 * here"): <prefix>_strerror() says what happened in English, for logs, for any
 * code; <prefix>_error_key() names the text a person reads, and that text is in
 * assets/text/zh-CN.txt. Words used as printf formats keep their conversions. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "auth/auth.h"
#include "bundle/bundle.h"
#include "core/strings.h"
#include "form/form_inst.h"
#include "form/validate.h"
#include "ime/hand.h"
#include "ime/pinyin.h"
#include "plat_idcard.h"
#include "plat_printer.h"
#include "receipt/receipt.h"
#include "store/store.h"
#include "sync/sync.h"
#include "ui/screens/agent/agent_screens.h"
#include "ui/widgets/voicebtn.h"
#include "voice/voice.h"

/* Wider than any module's codes (the agent sign-in's go down to -24). */
#define CODE_MIN -64
#define CODE_MAX 64

typedef struct {
    const char *prefix;                 /* keys are err.<prefix>.<what> */
    const char *(*strerror_fn)(int);    /* NULL: the module has none */
    const char *(*key_fn)(int);         /* NULL: its codes never reach a screen */
    int key_null_ok;                    /* key_fn may return NULL (nothing to show) for codes >= 0 */
} module;

static const module MODULES[] = {
    {"store", store_strerror, store_error_key, 0},
    {"auth", auth_strerror, auth_error_key, 0},
    {"ui_agent", NULL, ui_agent_error_key, 0},
    {"bundle", bundle_strerror, bundle_error_key, 0},
    {"plat_idcard", plat_idcard_strerror, plat_idcard_error_key, 0},
    {"ui_voice", ui_voice_strerror, ui_voice_error_key, 1},
    {"plat_printer", plat_printer_strerror, NULL, 0},
    {"sync", sync_strerror, NULL, 0},
    {"receipt", receipt_strerror, NULL, 0},
    {"voice", voice_strerror, NULL, 0},
    {"ime_pinyin", ime_pinyin_strerror, NULL, 0},
    {"ime_hand", ime_hand_strerror, NULL, 0},
    {"valid", valid_strerror, valid_error_key, 0},
    {"form", form_strerror, NULL, 0}, /* its messages are form_text.h's (tests/form) */
};
#define NMODULES (sizeof MODULES / sizeof MODULES[0])

static int printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

static void test_strerror_is_english(void)
{
    for (size_t m = 0; m < NMODULES; m++) {
        if (!MODULES[m].strerror_fn)
            continue;
        for (int c = CODE_MIN; c <= CODE_MAX; c++) {
            const char *s = MODULES[m].strerror_fn(c);
            if (!s || !s[0] || !printable_ascii(s)) {
                printf("  %s_strerror(%d) = \"%s\": not English text\n", MODULES[m].prefix, c,
                       s ? s : "(null)");
                CHECK(0);
            }
        }
    }
}

static void test_error_keys_exist(void)
{
    for (size_t m = 0; m < NMODULES; m++) {
        if (!MODULES[m].key_fn)
            continue;
        char want[64];
        snprintf(want, sizeof want, "err.%s.", MODULES[m].prefix);
        for (int c = CODE_MIN; c <= CODE_MAX; c++) {
            const char *key = MODULES[m].key_fn(c);
            if (!key) {
                CHECK(MODULES[m].key_null_ok && c >= 0);
                continue;
            }
            /* an AUTH_* code through the agent sign-in gives the auth key */
            int own = strncmp(key, want, strlen(want)) == 0 ||
                      (!strcmp(MODULES[m].prefix, "ui_agent") && !strncmp(key, "err.auth.", 9));
            int before = core_strings_missing();
            const char *text = core_str(key);
            if (!own || !printable_ascii(key) || core_strings_missing() != before || !text[0]) {
                printf("  %s_error_key(%d) = \"%s\": no such text in zh-CN.txt\n",
                       MODULES[m].prefix, c, key);
                CHECK(0);
            }
        }
    }
}

/* A text that may be absent on purpose (a setting's own words): its
 * fallback, not counted as missing; a present one as core_str has it. */
static void test_str_or(void)
{
    int before = core_strings_missing();
    CHECK_EQ_STR(core_str_or("tech.set.bad.no.such.key", "fallback"), "fallback");
    CHECK(core_str_or(NULL, NULL) == NULL);
    CHECK_EQ_INT(core_strings_missing(), before);
    CHECK_EQ_STR(core_str_or("tech.set.platform.url", "x"), core_str("tech.set.platform.url"));
    CHECK_EQ_STR(core_str_or("tech.set.platform.url", "x"), "平台地址");
}

static void test_format_texts(void)
{
    static const struct {
        const char *key, *want;
    } F[] = {
        {"receipt.row", "%s|"},
        {"receipt.slip.title", ""},
        {"receipt.slip.item", "%s|"},
        {"receipt.slip.number", "%s|"},
        {"receipt.slip.local", "%s|"},
        {"receipt.slip.scan_local", ""},
        {"query.local_sub", "%s|%s|"},
        {"query.sub_reg", "%s|%s|%s|"},
        {"query.sub", "%s|%s|"},
        {"query.fix_head", "%s|"},
        {"query.fix_head_note", "%s|%s|"},
        {"query.fix_head_bare", "%s|"},
        {"query.row_title", "%s|%s|"},
        {"receipt.slip.time", "%s|"},
        {"receipt.slip.status", "%s|"},
        {"receipt.slip.agent", "%s|"},
        {"receipt.agent_who", "%s|%s|"},
        {"home.held", "%d|"},
        {"tech.net.unreachable", ""},
        {"tech.net.cert", ""},
        {"tech.net.pin", ""},
        {"tech.net.slow", ""},
        {"tech.net.http", "%ld|"},
        {"tech.net.http_busy", "%ld|"},
        {"tech.sync.only_held", "%d|"},
        {"tech.sync.partial", "%d|%s|"},
        {"tech.sync.none", "%s|"},
        {"tech.held.said", "%s|%s|"},
        {"receipt.slip.fixes", "%s|"},
        {"receipt.say_fixes", "%s|"},
        {"home.held_and_pending", "%d|%d|"},
        {"agent.list.whose", "%s|%s|"},
        {"agent.list.counts_held", "%d|%d|%d|%d|"},
        {"owner.wrong", "%d|"},
        {"form.dup_body_agent", "%s|%s|%s|"},
        {"form.dup_body_held", "%s|%s|"},
        {"form.del_title_named", "%s|"},
        {"form.held_letters", "%s|"},
        {"form.dup_body_held_agent", "%s|%s|"},
        {"agent.pick", "%s|"},
        {"owner.left", "%d|"},
        {"tech.setup.usb_syntax", "%d|"},
        {"tech.setup.usb_unknown", "%d|%s|"},
        {"tech.setup.usb_value", "%d|%s|%s|"},
        {"tech.set.file.syntax", "%d|"},
        {"tech.set.file.unknown", "%d|%s|"},
        {"tech.set.file.value", "%d|%s|%s|"},
        {"tech.set.file.dropped", "%d|%s|"},
        {"tech.set.file.moved", "%s|"},
        {"tech.setup.usb_unreadable", "%s|"},
        {"tech.setup.open_items", "%s|"},
        {"tech.queue.why_platform", "%d|"},
        {"tech.export.held", "%d|"},
        {"receipt.slip.scan", ""},
        {"receipt.slip.scan_here", ""},
        {"receipt.slip.keep", ""},
        {"tile.pension.glyph", ""},
        {"tile.query.glyph", ""},
        {"tech.info.schema", "%d|"},
        {"tech.info.glyphs.missing", "%d|"},
        {"tech.info.voice", "%d|%d|"},
        {"tech.info.voice.served", "%lu|%lu|"},
        {"tech.cat.taken", "%d|"},
        {"tech.cat.refused", "%s|"},
        {"tech.pending.tries", "%d|"},
        {"tech.logs.count", "%d|%d|"},
        {"tech.pending.next_at", "%s|%d|"},
        /* a setting's words: one %ld the most, two the least and the most */
        {"tech.range.number", "%ld|%ld|"},
        {"tech.range.text", "%ld|"},
        {"tech.range.choice", "%s|"},
        {"tech.range.ui.idle_timeout_s", "%ld|%ld|"},
        {"tech.range.ui.countdown_s", "%ld|%ld|"},
        {"tech.range.station.area_code", "%ld|%ld|"},
        {"tech.range.station.name", "%ld|"},
        {"tech.range.platform.url", "%ld|"},
        {"tech.range.platform.ca_file", "%ld|"},
        {"tech.range.platform.pin", ""},
        {"tech.range.bundle.county_pk", "%ld|"},
        {"tech.range.catalogue.county_pk", "%ld|"},
        {"tech.range.bundle.dir", "%ld|"},
        {"tech.set.bad.station.area_code", "%ld|%ld|"},
        {"tech.set.bad.ui.idle_timeout_s", "%ld|%ld|"},
        {"tech.set.bad.ui.countdown_s", "%ld|%ld|"},
        {"tech.set.bad.audio.volume", "%ld|%ld|"},
        {"tech.set.bad.bundle.county_pk", "%ld|"},
        {"tech.set.bad.catalogue.county_pk", "%ld|"},
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) {
        int before = core_strings_missing();
        const char *text = core_str(F[i].key);
        CHECK_EQ_INT(core_strings_missing(), before);
        char got[64];
        fx_conversions(text, got, sizeof got);
        if (strcmp(got, F[i].want) != 0) {
            printf("  %s: conversions \"%s\", expected \"%s\"\n", F[i].key, got, F[i].want);
            CHECK(0);
        }
    }
}

int main(void)
{
    char err[256];
    if (core_strings_load(check_asset("text/zh-CN.txt"), err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    RUN(test_strerror_is_english);
    RUN(test_error_keys_exist);
    RUN(test_format_texts);
    RUN(test_str_or);
    core_strings_free();
    return check_summary();
}
