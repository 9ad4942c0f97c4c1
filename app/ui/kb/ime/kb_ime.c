/* kb_ime.c — the keyboards' engine table filled with app/ime's functions. */
#include "ui/kb/ime/kb_ime.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "ui/kb/kb.h"
#include "core/log.h"
#include "ime/gb2312.h"
#include "ime/hand.h"
#include "ime/pinyin.h"

static ime_pinyin *g_py;
static ime_hand *g_hand;
static ime_gb *g_gb;

static int gb_level(void *ud, uint32_t cp) { return ime_gb_level(ud, cp); }

static int py_append(void *ud, const char *letters)
{
    int rc = ime_pinyin_append_spelt(ud, letters);
    return rc == IME_PINYIN_ERR_SPELL ? KB_PY_UNSPELT : rc;
}
static int py_backspace(void *ud) { return ime_pinyin_backspace(ud); }
static void py_reset(void *ud) { ime_pinyin_reset(ud); }
static int py_count(void *ud) { return ime_pinyin_count(ud); }
static const char *py_candidate(void *ud, int i) { return ime_pinyin_candidate(ud, i); }
static int py_common_count(void *ud) { return ime_pinyin_common_count(ud); }
static int py_choose(void *ud, int i) { return ime_pinyin_choose(ud, i); }
static const char *py_chosen(void *ud) { return ime_pinyin_chosen(ud); }
static const char *py_spelling(void *ud) { return ime_pinyin_spelling(ud); }
static void py_names(void *ud, int on) { ime_pinyin_names(ud, on); }

_Static_assert(sizeof(ime_pinyin_state) <= KB_PY_STATE_BYTES, "a composition put aside fits");

/* Through a state of its own: the keyboard's bytes need not be aligned
 * for it. Both hold letters typed: wiped. */
static int py_save(void *ud, void *buf, size_t n)
{
    ime_pinyin_state st;
    if (n < sizeof st)
        return IME_PINYIN_ERR_ARG;
    int rc = ime_pinyin_save(ud, &st);
    if (rc == IME_PINYIN_OK)
        memcpy(buf, &st, sizeof st);
    sodium_memzero(&st, sizeof st); /* a memset here is dropped by the compiler */
    return rc < 0 ? rc : (int)sizeof st;
}

static int py_restore(void *ud, const void *buf, size_t n)
{
    ime_pinyin_state st;
    if (n != sizeof st)
        return IME_PINYIN_ERR_ARG;
    memcpy(&st, buf, sizeof st);
    int rc = ime_pinyin_restore(ud, &st);
    sodium_memzero(&st, sizeof st); /* a memset here is dropped by the compiler */
    return rc;
}

/* The handwriting model (Tegaki, about 27 MB) is loaded the first time a
 * person writes, not at start-up: most sessions never open the pad, and the
 * kiosk's memory is small. */
static int hand_ready(void)
{
    if (g_hand)
        return IME_HAND_OK;
    static int told; /* say it once, not at every stroke */
    char why[256] = "";
    int rc = ime_hand_new(&g_hand, NULL, why, sizeof why);
    if (rc != IME_HAND_OK) {
        if (!told++)
            core_log(CORE_LOG_WARN, "ime", "handwriting: %s (%s)", ime_hand_strerror(rc), why);
        g_hand = NULL;
    }
    return rc;
}

/* The keyboard hands over every stroke each time; the engine starts afresh. */
static int hand(void *ud, const kb_point *pts, const int *ends, int nstrokes, int w, int h,
                char (*out)[KB_CAND_BYTES], int max)
{
    (void)ud;
    int rc = hand_ready();
    if (rc != IME_HAND_OK)
        return rc;
    ime_hand *e = g_hand;
    rc = ime_hand_set_canvas(e, w, h);
    int start = 0;
    for (int s = 0; rc == IME_HAND_OK && s < nstrokes; s++) {
        for (int i = start; rc == IME_HAND_OK && i < ends[s]; i++)
            rc = ime_hand_add_point(e, s, pts[i].x, pts[i].y);
        if (rc == IME_HAND_OK)
            rc = ime_hand_end_stroke(e);
        start = ends[s];
    }
    if (rc != IME_HAND_OK)
        return rc;
    int n = ime_hand_recognise(e, max);
    for (int i = 0; i < n; i++)
        snprintf(out[i], KB_CAND_BYTES, "%s", ime_hand_candidate(e, i));
    ime_hand_clear(e);
    return n;
}

int kb_ime_install(const char *assets_dir, char *err, size_t errlen)
{
    kb_ime_uninstall();
    char rare[4096];
    if (assets_dir)
        snprintf(rare, sizeof rare, "%s/%s", assets_dir, IME_PINYIN_RARE_FILE);
    char why[512] = "";
    int rc = ime_pinyin_open(&g_py, NULL, assets_dir ? rare : NULL, why, sizeof why);
    if (rc != IME_PINYIN_OK) {
        snprintf(err, errlen, "pinyin: %s", why[0] ? why : ime_pinyin_strerror(rc));
        g_py = NULL;
        return -1;
    }
    /* a name field's given names the engine lacks; without the lexicon a
     * name has the engine's candidates (said in the log, not fatal) */
    if (assets_dir) {
        char names[4096];
        snprintf(names, sizeof names, "%s/%s", assets_dir, IME_PINYIN_NAMES_FILE);
        rc = ime_pinyin_load_names(g_py, names, why, sizeof why);
        if (rc != IME_PINYIN_OK)
            core_log(CORE_LOG_WARN, "ime", "%s (%s): names keep the engine's candidates",
                     ime_pinyin_strerror(rc), why);
    }
    /* GB 2312 levels rank the candidates; without the table the engine's
     * order stands (said in the log, not fatal) */
    if (assets_dir) {
        char gb[4096];
        snprintf(gb, sizeof gb, "%s/%s", assets_dir, IME_GB_FILE);
        rc = ime_gb_load(&g_gb, gb, why, sizeof why);
        if (rc != IME_GB_OK)
            core_log(CORE_LOG_WARN, "ime", "%s (%s): candidates keep the engine's order",
                     ime_gb_strerror(rc), why);
    }
    /* handwriting: the model is opened on first use (hand_ready) */
    kb_engine e = {
        .ud = g_py, .py_append = py_append,
        .py_backspace = py_backspace, .py_reset = py_reset,
        .py_count = py_count, .py_candidate = py_candidate,
        .py_common_count = py_common_count, .py_choose = py_choose,
        .py_chosen = py_chosen, .py_spelling = py_spelling, .py_names = py_names,
        .py_save = py_save, .py_restore = py_restore,
        .hand = hand, .hand_ud = NULL,
        .gb_level = g_gb ? gb_level : NULL, .gb_ud = g_gb,
    };
    kb_set_engine(&e);
    return 0;
}

void kb_ime_uninstall(void)
{
    kb_set_engine(NULL);
    ime_pinyin_free(g_py);
    g_py = NULL;
    ime_hand_free(g_hand);
    g_hand = NULL;
    ime_gb_free(g_gb);
    g_gb = NULL;
}
