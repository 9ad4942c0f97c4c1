/* test_text.c — fonts cover what the kiosk ships, rare name characters come
 * from the fallback font, and Chinese line breaking follows the rules. */
#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fixtures.h"
#include "uitest.h"
#include "core/utf8.h"
#include "core/words.h"

#include <SDL_ttf.h>

static uitest_app U;
static words_set *shipped; /* the shipped word list, loaded by test_word_breaking */

/* Every character of every file in assets/<dir> with the suffix is in the subset font. */
static void check_dir_covered(const char *dir, const char *suffix, int *files)
{
    DIR *d = opendir(check_asset(dir));
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name), k = strlen(suffix);
        if (n < k || strcmp(e->d_name + n - k, suffix) != 0)
            continue;
        char rel[512];
        snprintf(rel, sizeof rel, "%s/%s", dir, e->d_name);
        char *text = fx_slurp(check_asset(rel), NULL);
        if (!text)
            continue;
        (*files)++;
        const char *p = text;
        uint32_t cp;
        while ((cp = utf8_next(&p))) {
            if (cp < 0x20 || cp == 0x7f)
                continue;
            if (!text_primary_has_glyph(ui_app_text(U.app), cp)) {
                printf("  %s: U+%04X is not in the subset font (rerun assets/fonts/make-subset.py)\n",
                       rel, cp);
                CHECK(0);
            }
        }
        free(text);
    }
    closedir(d);
}

static void test_assets_covered(void)
{
    int files = 0;
    check_dir_covered("text", ".txt", &files);
    check_dir_covered("forms", ".json", &files);
    CHECK(files >= 1);
}

static void test_gb2312_covered(void)
{
    iconv_t cd = iconv_open("UTF-8", "GB2312");
    REQUIRE(cd != (iconv_t)-1);
    int total = 0, missing = 0;
    for (int hi = 0xB0; hi <= 0xF7; hi++) /* the 6,763 hanzi rows */
        for (int lo = 0xA1; lo <= 0xFE; lo++) {
            char in[2] = {(char)hi, (char)lo}, out[8];
            char *ip = in, *op = out;
            size_t il = 2, ol = sizeof out;
            if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
                continue;
            *op = '\0';
            const char *p = out;
            uint32_t cp = utf8_next(&p);
            total++;
            if (!text_primary_has_glyph(ui_app_text(U.app), cp))
                missing++;
        }
    iconv_close(cd);
    CHECK_EQ_INT(total, 6763);
    CHECK_EQ_INT(missing, 0);
}

static void test_rare_characters(void)
{
    text_ctx *t = ui_app_text(U.app);
    /* 䶮 (Ext A), 堃 喆 玥 犇 淼 (outside GB 2312, common in names) */
    const char *rare = "䶮堃喆玥犇淼";
    CHECK(!text_primary_has_glyph(t, 0x4DAE)); /* 䶮 really comes from the fallback */
    text_reset_missing(t);
    text_style st = {40, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    text_draw(t, rare, 10, 10, &st); /* some font has each: none is missing */
    CHECK_EQ_INT(text_missing_count(t), 0);
    text_draw(t, "王䶮 阿依古丽·买买提", 10, 10, &st);
    CHECK_EQ_INT(text_missing_count(t), 0);
    /* a private-use code point no font has is counted once, however often it
     * is drawn (and drawn as a box: test_missing_box) */
    text_draw(t, "\xee\x80\x80", 10, 10, &st);
    text_draw(t, "\xee\x80\x80", 10, 60, &st);
    CHECK_EQ_INT(text_missing_count(t), 1);
    CHECK_EQ_INT(text_missing_char(t, 0), 0xE000);
    CHECK_EQ_INT(text_missing_char(t, 1), 0);
}

/* Dark pixels of s drawn at 120 px in weight w, on a software renderer with
 * the kiosk's fonts and Noto Sans CJK SC as the fallback (as the app finds it). */
static long ink_of(const char *s, text_weight w)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 400, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    char err[256];
    text_ctx *t = r ? text_new(r, surf, check_asset("fonts"),
                               "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, err,
                               sizeof err)
                    : NULL;
    long ink = -1;
    if (t) {
        SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
        SDL_RenderClear(r);
        text_style st = {120, w, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
        text_draw(t, s, 10, 10, &st);
        SDL_RenderFlush(r);
        ink = 0;
        for (int y = 0; y < surf->h; y++)
            for (int x = 0; x < surf->w; x++) {
                Uint32 px = ((const Uint32 *)((const Uint8 *)surf->pixels + y * surf->pitch))[x];
                ink += ((px >> 8) & 0xff) < 128;
            }
        text_free(t);
    }
    if (r)
        SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    return ink;
}

/* A row's separating " · " at a break: the line ends with the number
 * before it, the dot and its spaces dropped, and the next line starts with
 * what follows ("回执号 CZ… ·" read as unfinished). A dot inside a line
 * stays. */
static void test_separator_at_break(void)
{
    const char *row = "回执号 CZ202612070000002 · 2026-12-07 07:56";
    const char *first = "回执号 CZ202612070000002";
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1200, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    char err[256];
    text_ctx *t = r ? text_new(r, surf, check_asset("fonts"),
                               "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, err,
                               sizeof err)
                    : NULL;
    REQUIRE(t != NULL);
    text_style st = {40, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    int head = text_width(t, first, st.px, st.weight);
    int dotted = text_width(t, "回执号 CZ202612070000002 ·", st.px, st.weight);
    /* wide enough for the dot, not for the date */
    int width = dotted + 4;
    size_t starts[4];
    int n = text_line_starts(t, row, width, &st, starts, 4);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_STR(row + starts[1], "2026-12-07 07:56");
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    SDL_Rect box = {0, 0, width, 0};
    text_draw_box(t, row, &box, &st);
    SDL_RenderFlush(r);
    int right = -1, line_h = text_line_step(t, &st);
    for (int y = 0; y < line_h && y < surf->h; y++)
        for (int x = 0; x < surf->w; x++) {
            Uint32 px = ((const Uint32 *)((const Uint8 *)surf->pixels + y * surf->pitch))[x];
            if (((px >> 8) & 0xff) < 128 && x > right)
                right = x;
        }
    printf("  first line's ink ends at %d (number %d, with the dot %d)\n", right, head, dotted);
    CHECK(right > head - st.px && right <= head + 2);
    /* on one line the dot stays */
    CHECK_EQ_INT(text_line_starts(t, row, 1100, &st, starts, 4), 1);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    box.w = 1100;
    text_draw_box(t, row, &box, &st);
    SDL_RenderFlush(r);
    long dot_ink = 0;
    for (int y = 0; y < line_h; y++)
        for (int x = head + 2; x < dotted + 2; x++) {
            Uint32 px = ((const Uint32 *)((const Uint8 *)surf->pixels + y * surf->pitch))[x];
            dot_ink += ((px >> 8) & 0xff) < 128;
        }
    CHECK(dot_ink > 0);
    text_free(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

/* A character no font has is an empty box, visibly wrong, not a blank: its
 * outline (2 px lines around 0.8 x 0.8 em at 120 px) is ink. */
static void test_missing_box(void)
{
    long box = ink_of("\xee\x80\x80", TEXT_REGULAR);
    printf("  ink of a missing character: %ld\n", box);
    CHECK(box > 4 * 2 * 80);
}

/* A rare character in bold text (a name on a candidate key) comes from the
 * fallback's bold face: as much heavier than its regular as a GB 2312
 * character's bold is than its own. */
static void test_rare_bold(void)
{
    long rare_r = ink_of("堃", TEXT_REGULAR), rare_b = ink_of("堃", TEXT_BOLD);
    long com_r = ink_of("坤", TEXT_REGULAR), com_b = ink_of("坤", TEXT_BOLD);
    REQUIRE(rare_r > 0 && com_r > 0);
    double rare = (double)rare_b / (double)rare_r, common = (double)com_b / (double)com_r;
    printf("  bold / regular ink: 堃 (fallback) %.2f, 坤 (subset) %.2f\n", rare, common);
    CHECK(common > 1.15);
    CHECK(rare > common * 0.9);
}

/* Fills s with a pattern of every colour channel and alpha value (the canvas
 * under text is not always opaque), or (kind 1, 2) a plain background, as
 * most text lies on: the text module remembers what a colour made of one. */
static void fill_pattern(SDL_Surface *s, int kind)
{
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] =
                kind == 1   ? 0xFFF7F3EAu
                : kind == 2 ? 0xFFFFFFFFu
                            : (Uint32)((x * 7 + y) & 255) << 24 | (Uint32)((x * 3) & 255) << 16 |
                                  (Uint32)((y * 5) & 255) << 8 | (Uint32)((x + y * 2) & 255);
}

/* Text is blended into the canvas by the text module itself: its pixels are
 * those SDL's renderer makes from a white glyph texture tinted with the
 * colour (what the reference images were made with), for opaque white (SDL's
 * unmodulated blitter), colours, translucent colours, and under a clip. */
/* SDL's ARM builds blend through SIMD blitters (NEON, ARM SIMD) that round
 * some pixels a step or two away from its C blitters, which the text module
 * copies (opaque white, SDL's unmodulated path, by up to two on aarch64;
 * tinted colours by one): under ARM this allows two steps, never more. */
#define ARM_STEPS 2
static void test_blend_as_sdl(void)
{
    enum { W = 160, H = 120, PX = 90 };
    SDL_Surface *sa = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *sb = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(sa && sb);
    SDL_Renderer *ra = SDL_CreateSoftwareRenderer(sa), *rb = SDL_CreateSoftwareRenderer(sb);
    char err[256], font[1024];
    text_ctx *t = ra ? text_new(ra, sa, check_asset("fonts"), NULL, 0, err, sizeof err) : NULL;
    snprintf(font, sizeof font, "%s", check_asset("fonts/cunzhan-sc-regular.otf"));
    TTF_Font *f = TTF_OpenFont(font, PX);
    REQUIRE(t && rb && f);
    SDL_Surface *gs = TTF_RenderGlyph32_Blended(f, 0x5764 /* 坤 */, (SDL_Color){255, 255, 255, 255});
    SDL_Texture *gt = gs ? SDL_CreateTextureFromSurface(rb, gs) : NULL;
    REQUIRE(gt);
    SDL_SetTextureBlendMode(gt, SDL_BLENDMODE_BLEND);
    static const SDL_Color colours[] = {{255, 255, 255, 255}, {0, 0, 0, 255},    {21, 101, 192, 255},
                                        {200, 40, 40, 128},  {255, 255, 255, 77}, {9, 250, 3, 1}};
    static const SDL_Rect clips[] = {{0, 0, W, H}, {37, 21, 41, 50}};
    SDL_Surface *plain = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(plain);
    int differ = 0, far = 0, inked = 0;
    /* each colour over backgrounds in turn: a plain one, the pattern,
     * another plain one, the first again... (what a colour made of a plain
     * one must not be taken for another's) */
    static const int bgs[] = {1, 0, 2, 1, 2, 0};
    for (size_t g = 0; g < sizeof bgs / sizeof bgs[0]; g++)
        for (size_t c = 0; c < sizeof colours / sizeof colours[0]; c++)
            for (size_t k = 0; k < sizeof clips / sizeof clips[0]; k++) {
                fill_pattern(plain, bgs[g]);
                fill_pattern(sa, bgs[g]);
                fill_pattern(sb, bgs[g]);
                SDL_RenderSetClipRect(ra, &clips[k]);
                SDL_RenderSetClipRect(rb, &clips[k]);
                text_style st = {PX, TEXT_REGULAR, colours[c], TEXT_LEFT, 0, 0};
                text_draw(t, "坤", 11, 7, &st);
                SDL_SetTextureColorMod(gt, colours[c].r, colours[c].g, colours[c].b);
                SDL_SetTextureAlphaMod(gt, colours[c].a);
                SDL_Rect dst = {11, 7, gs->w, gs->h};
                SDL_RenderCopy(rb, gt, NULL, &dst);
                SDL_RenderFlush(ra);
                SDL_RenderFlush(rb);
                for (int y = 0; y < H; y++) {
                    const Uint32 *pa = (const Uint32 *)((const Uint8 *)sa->pixels + y * sa->pitch);
                    const Uint32 *pb = (const Uint32 *)((const Uint8 *)sb->pixels + y * sb->pitch);
                    const Uint32 *pp =
                        (const Uint32 *)((const Uint8 *)plain->pixels + y * plain->pitch);
                    for (int x = 0; x < W; x++) {
                        int most = 0;
                        for (int sh = 0; sh < 32; sh += 8) {
                            int d = abs((int)(pa[x] >> sh & 255) - (int)(pb[x] >> sh & 255));
                            most = d > most ? d : most;
                        }
                        differ += most > 0;
                        far += most > ARM_STEPS;
                        inked += pa[x] != pp[x]; /* the glyph was drawn at all */
                    }
                }
            }
    printf("  pixels unlike SDL's: %d (by more than %d steps: %d)\n", differ, ARM_STEPS, far);
#if defined(__arm__) || defined(__aarch64__)
    CHECK_EQ_INT(far, 0);
#else
    CHECK_EQ_INT(differ, 0);
#endif
    CHECK(inked > 1000);
    SDL_FreeSurface(plain);
    SDL_DestroyTexture(gt);
    SDL_FreeSurface(gs);
    TTF_CloseFont(f);
    text_free(t);
    SDL_DestroyRenderer(ra);
    SDL_DestroyRenderer(rb);
    SDL_FreeSurface(sa);
    SDL_FreeSurface(sb);
}

/* A line of text under a cover (text_set_cover) against the same drawn
 * without, at covers over the line's start, its middle and all of it: every
 * pixel outside the cover is the same, and a glyph whose box lies all in it
 * writes nothing there (the cover's pixels changed only where a glyph
 * reaches out of it). */
static void test_cover(void)
{
    enum { W = 480, H = 80, PX = 48 };
    SDL_Surface *sa = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *sb = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(sa && sb);
    SDL_Renderer *ra = SDL_CreateSoftwareRenderer(sa), *rb = SDL_CreateSoftwareRenderer(sb);
    char err[256];
    text_ctx *ta = ra ? text_new(ra, sa, check_asset("fonts"), NULL, 0, err, sizeof err) : NULL;
    text_ctx *tb = rb ? text_new(rb, sb, check_asset("fonts"), NULL, 0, err, sizeof err) : NULL;
    REQUIRE(ta && tb);
    /* over the first glyphs; between the second and the eighth; all of it */
    static const SDL_Rect covers[] = {{0, 0, 2 * PX + 5, H}, {PX + 3, 2, 6 * PX, H - 4}, {0, 0, W, H}};
    int outside = 0, inside = 0;
    for (size_t k = 0; k < sizeof covers / sizeof covers[0]; k++) {
        const SDL_Rect *c = &covers[k];
        fill_pattern(sa, 1);
        fill_pattern(sb, 1);
        text_style st = {PX, TEXT_BOLD, {20, 20, 20, 255}, TEXT_LEFT, 0, 0};
        text_draw(ta, "不填了吗已填的内容会保存", 4, 10, &st);
        text_set_cover(tb, c);
        text_draw(tb, "不填了吗已填的内容会保存", 4, 10, &st);
        text_set_cover(tb, NULL);
        int in = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                Uint32 pa = ((const Uint32 *)((const Uint8 *)sa->pixels + y * sa->pitch))[x];
                Uint32 pb = ((const Uint32 *)((const Uint8 *)sb->pixels + y * sb->pitch))[x];
                if (x >= c->x && x < c->x + c->w && y >= c->y && y < c->y + c->h)
                    in += pb != 0xFFF7F3EAu;
                else
                    outside += pa != pb;
            }
        printf("  cover %d,%d %dx%d: %d of its pixels written\n", c->x, c->y, c->w, c->h, in);
        if (k == 2)
            inside += in; /* all of the line under it: nothing */
        else
            CHECK(in < 2 * PX * H); /* at most the glyphs across its edges */
    }
    printf("  pixels outside the covers unlike the line drawn without: %d\n", outside);
    CHECK_EQ_INT(outside, 0);
    CHECK_EQ_INT(inside, 0);
    text_free(ta);
    text_free(tb);
    SDL_DestroyRenderer(ra);
    SDL_DestroyRenderer(rb);
    SDL_FreeSurface(sa);
    SDL_FreeSurface(sb);
}

static int starts_with(const char *s, size_t off, const char *what)
{
    return strncmp(s + off, what, strlen(what)) == 0;
}

static void test_line_breaking(void)
{
    text_ctx *t = ui_app_text(U.app);
    text_style st = {40, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    int han = text_width(t, "一", 40, TEXT_REGULAR);
    size_t starts[16];
    /* 4 Han characters fit; the comma may not start line 2, so 四 moves down with it */
    const char *s1 = "一二三四，五六";
    int n = text_line_starts(t, s1, han * 4 + 2, &st, starts, 16);
    CHECK_EQ_INT(n, 2);
    CHECK(starts_with(s1, starts[1], "四，"));
    /* an opening bracket may not end a line */
    const char *s2 = "一二三（四）";
    n = text_line_starts(t, s2, han * 4 + 2, &st, starts, 16);
    CHECK_EQ_INT(n, 2);
    CHECK(starts_with(s2, starts[1], "（四）"));
    /* numbers stay whole */
    const char *s3 = "电话13800138000";
    n = text_line_starts(t, s3, han * 7, &st, starts, 16);
    CHECK_EQ_INT(n, 2);
    CHECK(starts_with(s3, starts[1], "13800138000"));
    /* explicit newlines */
    n = text_line_starts(t, "第一行\n第二行", 2000, &st, starts, 16);
    CHECK_EQ_INT(n, 2);
    /* a very narrow box still makes progress, one character a line */
    n = text_line_starts(t, "一二三", 5, &st, starts, 16);
    CHECK_EQ_INT(n, 3);
    int dig = text_width(t, "0", 40, TEXT_REGULAR);
    int w16 = text_width(t, "420500-20261122-", 40, TEXT_REGULAR);
    const struct {
        const char *s;
        int width, lines;
        const char *line2, *line3; /* how lines 2 and 3 start (NULL: not checked) */
    } B[] = {
        /* no Han character alone on a paragraph's last line: the one before
         * it comes down with it, its closing punctuation too */
        {"一二三四五六", han * 5 + 2, 2, "五六", NULL},
        {"一二三四五六。", han * 5 + 2, 2, "五六。", NULL},
        {"一二三四五六\n七八九", han * 5 + 2, 3, "五六\n", NULL},
        /* a digit, or two characters, are no orphan */
        {"一二三四五6", han * 5 + 2, 2, "6", NULL},
        {"一二三四五六七", han * 5 + 2, 2, "六七", NULL},
        /* a line of two keeps both: one and two is no better than two and one */
        {"一二三", han * 2 + 2, 2, "三", NULL},
        /* a word longer than the line breaks after its last '-' or '/' that
         * fits, not mid-number; a word with none is cut where the line ends */
        {"回执号420500-20261122-000123", w16 + dig * 3, 3, "420500-20261122-000123", "000123"},
        {"12345678901234567890", dig * 12 + 2, 2, "34567890", NULL},
        /* ...but not where the part after the '/' would be cut anyway: that
         * would only leave a short line above the cut */
        {"地址https://127.0.0.1:8443", text_width(t, "https://127.", 40, TEXT_REGULAR) + 2, 3,
         "https://", "0.0.1:8443"},
        /* a word that fits on a line of its own moves there whole */
        {"办理日期2026-12-04", text_width(t, "2026-12-04", 40, TEXT_REGULAR) + 2, 2,
         "2026-12-04", NULL},
        /* a number's groups joined by no-break spaces (valid_idno_group):
         * one word, on the next line whole where it fits there... */
        {"电话：138\u00a01234\u00a05678", text_width(t, "电话：138 1234", 40, TEXT_REGULAR) + 2,
         2, "138\u00a01234", NULL},
        /* ...and where it is longer than a line, broken after a group */
        {"卡号：6222\u00a00202\u00a00011\u00a02233",
         text_width(t, "6222 0202 00", 40, TEXT_REGULAR), 3, "6222\u00a00202\u00a0", "0011"},
        /* an ordinary space still parts words */
        {"联系电话 138 1234 5678", text_width(t, "联系电话 138 1234", 40, TEXT_REGULAR) + 2, 2,
         "5678", NULL},
        /* the last clause moves to the next line whole where it fits there,
         * after ，or a separating " · " ... */
        {"已保存，联网后自动上传", text_width(t, "已保存，联网后自动", 40, TEXT_REGULAR) + 2, 2,
         "联网后自动上传", NULL},
        {"残疾人证 · 老年人优待证", text_width(t, "残疾人证 · 老年人", 40, TEXT_REGULAR) + 2,
         2, "老年人优待证", NULL},
        {"电话：138 1234 5678", text_width(t, "电话：138 1234", 40, TEXT_REGULAR) + 2, 2,
         "138 1234 5678", NULL},
        /* ...not where it would not fit (the lines stay as many)... */
        {"已保存，联网后自动上传到县里", text_width(t, "已保存，联网后自动", 40, TEXT_REGULAR) + 2,
         2, "上传到县里", NULL},
        /* ...nor where the line would keep less than a third */
        {"好，请把身份证放在读卡器上", han * 12 + 2, 2, "读卡器上", NULL},
        /* a '·' inside a name is no separator */
        {"阿卜杜·热合曼", text_width(t, "阿卜杜·热合", 40, TEXT_REGULAR) + 2, 2, "合曼", NULL},
    };
    for (size_t i = 0; i < sizeof B / sizeof B[0]; i++) {
        n = text_line_starts(t, B[i].s, B[i].width, &st, starts, 16);
        int ok = n == B[i].lines && starts_with(B[i].s, starts[1], B[i].line2) &&
                 (!B[i].line3 || starts_with(B[i].s, starts[2], B[i].line3));
        if (!ok)
            printf("  '%s' in %d px: %d lines, the second from '%s'\n", B[i].s, B[i].width, n,
                   n > 1 ? B[i].s + starts[1] : "");
        CHECK(ok);
    }
    /* a no-break space is as wide as a space and drawn with no missing glyph */
    text_reset_missing(t);
    CHECK_EQ_INT(text_width(t, "1\u00a02", 40, TEXT_REGULAR), text_width(t, "1 2", 40, TEXT_REGULAR));
    SDL_Rect nb = {0, 0, 400, 0};
    text_draw_box(t, "138\u00a01234", &nb, &st);
    CHECK_EQ_INT(text_missing_count(t), 0);
    /* height-limited boxes end with an ellipsis instead of cutting glyphs */
    int lines;
    text_measure_box(t, "一二三四五六七八九十", han * 3, &st, &lines);
    CHECK_EQ_INT(lines, 4);
}

/* The breaks of s laid out at width: none inside a word of w (nor, with
 * quotes, inside the quotation q when given). Returns the line count. */
static int breaks_whole(text_ctx *t, const words_set *w, const char *s, int width, const char *q,
                        int *inside)
{
    text_style st = {40, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    size_t starts[32];
    int n = text_line_starts(t, s, width, &st, starts, 32);
    *inside = 0;
    const char *qs = q ? strstr(s, q) : NULL;
    for (int i = 1; i < n && i < 32; i++) {
        *inside += words_across(w, s, s + starts[i]);
        if (qs && s + starts[i] > qs && s + starts[i] < qs + strlen(q))
            (*inside)++;
    }
    return n;
}

/* With the shipped word list (the kiosk loads it at start, ui_app_new), a
 * line ends where no word is cut and no short quotation (a button's name),
 * aside in brackets or 《title》 is split; without it the same widths cut
 * words: the list is what keeps them whole. */
static void test_word_breaking(void)
{
    text_ctx *t = ui_app_text(U.app);
    words_set *w = NULL;
    char err[256];
    REQUIRE(words_load(check_asset("text/words.txt"), &w, err, sizeof err) == 0);
    /* the strings' own words, and the kiosk's, are in it */
    static const char *const listed[] = {"手机", "扫一扫", "扫码", "参保", "登记", "村站", "办件", "工作人员"};
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++) {
        const char *s = listed[i], *mid = s + 3; /* after the first character */
        if (!words_across(w, s, mid))
            printf("  %s is not in the word list (rerun assets/text/make-words.py)\n", s);
        CHECK(words_across(w, s, mid));
    }
    int han = text_width(t, "一", 40, TEXT_REGULAR);
    static const struct {
        const char *s, *quote;
        int chars; /* the line's width in Han characters */
    } T[] = {
        {"回执号二维码：用手机扫一扫，随时查看进度", NULL, 9},
        {"登记号二维码：到村站“办件查询”扫一扫", "“办件查询”", 9},
        {"城乡居民基本养老保险参保登记", NULL, 11},
        {"您填的内容还在，没有丢，可以稍后再点“确认提交”。", "“确认提交”", 13},
        {"查明原因并处理后（如重新登记本机），点“重新提交”；无法补救的，点“放弃这一件”", "“重新提交”",
         14},
        /* an aside in brackets goes to the next line whole (a title's) */
        {"城乡居民养老保险注销登记（含丧葬补助金）", "（含丧葬补助金）", 14},
        {"办事请带好《残疾人证》原件", "《残疾人证》", 8},
        /* a place's kind: a villager's address on the review page */
        {"户籍地址：湖北省恩施土家族苗族自治州恩施市白杨坪镇龙潭村二组", "自治州", 16},
    };
    int cut_without = 0;
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        int width = han * T[i].chars + 2, inside;
        int n = breaks_whole(t, w, T[i].s, width, T[i].quote, &inside);
        if (inside)
            printf("  '%s' in %d characters: %d break(s) inside a word or the quotation\n", T[i].s,
                   T[i].chars, inside);
        CHECK(n >= 2);
        CHECK_EQ_INT(inside, 0);
        text_set_words(t, NULL); /* the breaks between any two characters */
        breaks_whole(t, w, T[i].s, width, T[i].quote, &inside);
        if (!inside)
            printf("  '%s' in %d characters: no word cut without the list either\n", T[i].s,
                   T[i].chars);
        cut_without += inside > 0;
        text_set_words(t, w);
    }
    CHECK(cut_without >= 4); /* the widths chosen do cut words without the list */
    shipped = w; /* the same words as the app's own, kept set until the end */

    /* a word is kept whole only while the line keeps more than half its
     * width: else the break falls between characters as ever */
    text_style st = {40, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    size_t starts[8];
    REQUIRE(words_parse("四五六七", strlen("四五六七"), "test", &w, err, sizeof err) == 0);
    text_set_words(t, w); /* five a line: 一二三 | 四五六七 keeps three */
    int n = text_line_starts(t, "一二三四五六七八九", han * 5 + 2, &st, starts, 8);
    CHECK(n >= 2 && starts_with("一二三四五六七八九", starts[1], "四五六七"));
    words_free(w);
    REQUIRE(words_parse("二三四", strlen("二三四"), "test", &w, err, sizeof err) == 0);
    text_set_words(t, w); /* three a line: 一 | 二三四 would keep one: 一二三 | 四 as ever */
    n = text_line_starts(t, "一二三四五六", han * 3 + 2, &st, starts, 8);
    CHECK(n >= 2 && starts_with("一二三四五六", starts[1], "四五六"));
    text_set_words(t, shipped);
    words_free(w);
    /* Where the lines are limited (a title's two), a word kept whole must
     * not cut the text: 一二三 | 四五六七八 | 九十 takes three, so two lines
     * break between characters (一二三四五 | 六七八九十), whole... */
    REQUIRE(words_parse("四五六七", strlen("四五六七"), "test", &w, err, sizeof err) == 0);
    text_set_words(t, w);
    static const char ten[] = "一二三四五六七八九十";
    n = text_line_starts(t, ten, han * 5 + 2, &st, starts, 8);
    CHECK(n == 3 && starts_with(ten, starts[1], "四五六七"));
    text_style two = st;
    two.max_lines = 2;
    n = text_line_starts(t, ten, han * 5 + 2, &two, starts, 8);
    CHECK(n == 2 && starts_with(ten, starts[1], "六七八九十"));
    CHECK_EQ_INT(text_measure_box(t, ten, han * 5 + 2, &two, &n),
                 text_measure_box(t, "一\n二", 400, &st, NULL));
    CHECK_EQ_INT(n, 2);
    words_free(w);
    /* ...the compound giving way before its parts: with 四五六七 and 五六
     * listed, 一二三 | 四五六七 | 八九 takes three; 四五六七 (four) gives
     * way and 五六 (two) still keeps 五 | 六 from parting: 一二三四 |
     * 五六七八九, not 一二三四五 | 六七八九 as with no words at all */
    static const char list[] = "四五六七\n五六\n";
    REQUIRE(words_parse(list, strlen(list), "test", &w, err, sizeof err) == 0);
    text_set_words(t, w);
    static const char nine[] = "一二三四五六七八九";
    n = text_line_starts(t, nine, han * 5 + 2, &st, starts, 8);
    CHECK(n == 3 && starts_with(nine, starts[1], "四五六七"));
    n = text_line_starts(t, nine, han * 5 + 2, &two, starts, 8);
    CHECK(n == 2 && starts_with(nine, starts[1], "五六七八九"));
    text_set_words(t, shipped);
    words_free(w);
}

/* What is kept together though no list names it: a number or letter and
 * the unit after it (C级, 80周岁), a clause's first character and the rest of
 * its clause (，等 / 一两秒); on two of the kiosk's real sentences at widths
 * where the layout without the rule ends a line just there. */
static void test_keep_together(void)
{
    static const char c[] = "（C级", n[] = "年满80周岁", p[] = "上，等一两秒", h[] = "请等一两秒";
    CHECK(words_keep_together(c, c + 4));     /* C | 级 */
    CHECK(words_keep_together(n, n + 8));     /* 80 | 周 */
    CHECK(!words_keep_together(n, n + 7));    /* 8 | 0: not a place for the rule */
    CHECK(!words_keep_together(n, n + 6));    /* 满 | 8: a break may go before a number */
    CHECK(words_keep_together(p, p + 9));     /* ，等 | 一 */
    CHECK(!words_keep_together(p, p + 6));    /* ， | 等 */
    CHECK(!words_keep_together(h, h + 6));    /* 请等 | 一: no pause before it */
    CHECK(!words_keep_together(n, n));        /* the start */
    CHECK(!words_keep_together(n, n + strlen(n))); /* the end */
    /* a label and its number, a space between (a break was allowed on
     * either side of it): 回执号 | CZ…, 回执号 |  CZ… */
    static const char r[] = "登记号 00000013 · 回执号 CZ2026";
    const char *sp = strstr(r, "回执号") + strlen("回执号");
    CHECK(words_keep_together(r, sp));             /* 回执号 | ␠CZ */
    CHECK(words_keep_together(r, sp + 1));         /* 回执号␠ | CZ */
    CHECK(!words_keep_together(r, sp - 3 - 3 - 3)); /* · ␠| 回执号: the break goes here */
    CHECK(!words_keep_together(r, strstr(r, "·") + 2 + 1)); /* after "· " */
    CHECK(!words_keep_together(r, strstr(r, " ·")));        /* a number, then a space */
    static const char file[] = "已导出 5 件到 cunzhan-6f1c2a3b-0d4e-4f50-8a61.czb";
    CHECK(!words_keep_together(file, strstr(file, " cunzhan"))); /* a file's name: a line of its own */
    /* place names in an address (two of 省市州县区镇乡村组 at least) */
    static const char addr[] = "自治州恩施市龙潭村";
    CHECK(words_keep_together(addr, addr + 3 * 4));  /* 恩 | 施市 */
    CHECK(words_keep_together(addr, addr + 3 * 2));  /* 自治 | 州 */
    CHECK(!words_keep_together(addr, addr + 3 * 3)); /* 州 | 恩: where the next begins */
    CHECK(!words_keep_together(addr, addr + 3 * 6)); /* 市 | 龙 */
    static const char one[] = "请到村站办理"; /* one such character: no address */
    CHECK(!words_keep_together(one, one + 3 * 2));
    /* two, but a pause mark between them: prose, not an address */
    static const char prose[] = "请到村站办理，县里审核";
    CHECK(!words_keep_together(prose, prose + 3 * 2));
    /* far apart in one run: looked at around the break only */
    static const char far[] = "县一二三四五六七八九十一二三四五六七八九十请到村站";
    CHECK(!words_keep_together(far, strstr(far, "村")));
    static const char bad[] = "\x80\x80级"; /* stray continuation bytes before it */
    CHECK(!words_keep_together(bad, bad + 2));

    text_ctx *t = ui_app_text(U.app);
    text_style st = {40, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    static const struct {
        const char *s;
        const char *first; /* the first line, up to the bad break */
    } T[] = {
        {"房屋危险等级（C级、D级）以后由专人上门评定。", "房屋危险等级（C"},
        {"请把身份证平放在读卡器上，等一两秒，听到滴的一声提示音以后再拿开",
         "请把身份证平放在读卡器上，等"},
        {"登记号 00000013 · 回执号 CZ2026120701 · 2026-12-05 09:30", "登记号 00000013 · 回执号 "},
        /* a villager's address: her place names, which no list holds */
        {"恩施土家族苗族自治州恩施市白杨坪镇龙潭村二组", "恩施土家族苗族自治州恩"},
        {"湖北省宜昌市夷陵区青山村二组7号", "湖北省宜昌市夷陵"},
        {"湖北省宜昌市夷陵区青山村一组5号", "湖北省宜昌市夷陵区青山"},
        {"恩施土家族苗族自治州恩施市", "恩施土家族苗族自治"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        int width = text_width(t, T[i].first, st.px, st.weight) + 2;
        size_t starts[8];
        text_set_words(t, NULL); /* the layout without the rule ends the line there */
        int n0 = text_line_starts(t, T[i].s, width, &st, starts, 8);
        CHECK(n0 >= 2 && starts[1] == strlen(T[i].first));
        text_set_words(t, shipped);
        int n1 = text_line_starts(t, T[i].s, width, &st, starts, 8);
        CHECK(n1 >= 2);
        for (int k = 1; k < n1 && k < 8; k++) {
            if (words_keep_together(T[i].s, T[i].s + starts[k]))
                printf("  '%s': a line starts at '%s'\n", T[i].s, T[i].s + starts[k]);
            CHECK(!words_keep_together(T[i].s, T[i].s + starts[k]));
        }
    }
}

/* The word list's reader: comments, empty lines, CRLF and a word listed
 * twice are fine; any other line refuses the whole file, naming the line. */
static void test_words_malformed(void)
{
    words_set *w = NULL;
    char err[256];
    const char ok[] = "# a comment\n\n手机\r\n扫一扫\n手机\n工作人员";
    CHECK_EQ_INT(words_parse(ok, sizeof ok - 1, "ok", &w, err, sizeof err), 0);
    CHECK(words_across(w, "用手机", "用手机" + 6)); /* 手 | 机 */
    CHECK(!words_across(w, "用手机", "用手机" + 3)); /* 用 | 手 */
    CHECK(!words_across(w, "用手机", "用手机"));     /* the start */
    CHECK(!words_across(w, "用手机", "用手机" + 9)); /* the end */
    CHECK(!words_across(NULL, "用手机", "用手机" + 6));
    CHECK(!words_across(w, "a手机", "a手机" + 1)); /* after a letter: no word spans it */
    /* counting only the shorter words: 工作人员 (four) gives way, 手机 (two) not */
    CHECK(words_across_max(w, "工作人员", "工作人员" + 6, 4));
    CHECK(!words_across_max(w, "工作人员", "工作人员" + 6, 3));
    CHECK(words_across_max(w, "用手机", "用手机" + 6, 3));
    CHECK(!words_across_max(w, "用手机", "用手机" + 6, 1));
    words_free(w);
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"手机\n\xe6\x89\n", "line 2: not UTF-8"},
        {"手机\nab\n", "line 2: not a word of Han characters only"},
        {"手 机\n", "line 1: not a word of Han characters only"},
        {"手\n", "line 1: fewer than 2 characters"},
        {"一二三四五\n", "line 1: more than 4 characters"},
        {"一二三四五六七八九十\n", "line 1: more than 4 characters"},
        {"手机，\n", "line 1: not a word of Han characters only"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        w = (words_set *)1;
        err[0] = '\0';
        CHECK_EQ_INT(words_parse(bad[i].text, strlen(bad[i].text), "list", &w, err, sizeof err), -1);
        CHECK(w == NULL);
        if (!strstr(err, bad[i].why))
            printf("  '%s': %s\n", bad[i].text, err);
        CHECK(strstr(err, bad[i].why) != NULL);
    }
    const char nul[] = "手机\0扫一扫\n";
    CHECK_EQ_INT(words_parse(nul, sizeof nul - 1, "list", &w, err, sizeof err), -1);
    CHECK(strstr(err, "NUL") != NULL);
    /* more words than a list may hold */
    size_t many = (size_t)WORDS_MAX_COUNT + 1, len = many * 7;
    char *big = malloc(len + 1);
    REQUIRE(big != NULL);
    for (size_t i = 0; i < many; i++)
        memcpy(big + i * 7, "一二\n", 7);
    CHECK_EQ_INT(words_parse(big, len, "big", &w, err, sizeof err), -1);
    CHECK(strstr(err, "more than 65536 words") != NULL);
    CHECK_EQ_INT(words_parse(big, len - 7, "big", &w, err, sizeof err), 0); /* one word, listed often */
    CHECK(words_across(w, "一二", "一二" + 3));
    words_free(w);
    free(big);
    /* a missing file names itself */
    CHECK_EQ_INT(words_load("no-such-words.txt", &w, err, sizeof err), -1);
    CHECK(strstr(err, "no-such-words.txt") != NULL);
}

static void test_malformed_text(void)
{
    text_ctx *t = ui_app_text(U.app);
    text_style st = {40, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
    /* invalid UTF-8 is drawn as replacement characters, never read past the end */
    CHECK(text_width(t, "\xe4\xb8", 40, TEXT_REGULAR) > 0);
    SDL_Rect box = {0, 0, 200, 400};
    CHECK(text_draw_box(t, "\xff\xfe\xfd 一二", &box, &st) > 0);
    CHECK_EQ_INT(text_width(t, "", 40, TEXT_REGULAR), 0);
}

/* Writes n bytes of the real regular font (all of it when n < 0), or
 * garbage when garbage, as dir/cunzhan-sc-{regular,bold}.otf. */
static void font_copy(const char *dir, long n, int garbage)
{
    fx_remove_tree(dir);
    REQUIRE(mkdir(dir, 0700) == 0);
    FILE *in = fopen(check_asset("fonts/cunzhan-sc-regular.otf"), "rb");
    REQUIRE(in != NULL);
    static char buf[1 << 16];
    static const char *const names[2] = {"cunzhan-sc-regular.otf", "cunzhan-sc-bold.otf"};
    for (int i = 0; i < 2; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *out = fopen(path, "wb");
        REQUIRE(out != NULL);
        rewind(in);
        long left = n;
        size_t k;
        while ((n < 0 || left > 0) && (k = fread(buf, 1, sizeof buf, in)) > 0) {
            if (n >= 0 && (long)k > left)
                k = (size_t)left;
            if (garbage)
                for (size_t j = 0; j < k; j++)
                    buf[j] = (char)(j * 131 + 7);
            fwrite(buf, 1, k, out);
            left -= (long)k;
        }
        fclose(out);
    }
    fclose(in);
}

/* The fonts as the kiosk reads them (a few kept blocks, pread for the rest):
 * the same glyphs as SDL_ttf reading the file itself (test_blend_as_sdl);
 * a font file of garbage, empty or cut short is refused with its path named,
 * or (cut after its tables) draws what it can without reading past its end. */
static void test_malformed_font(void)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 400, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    REQUIRE(r != NULL);
    static const struct {
        long bytes;
        int garbage;
        const char *what;
    } CASES[] = {{65536, 1, "garbage"}, {0, 0, "empty"}, {100, 0, "its first 100 bytes"},
                 {4096, 0, "its first 4 KB"}, {1 << 20, 0, "its first MB"}};
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        font_copy("badfonts", CASES[i].bytes, CASES[i].garbage);
        char err[512] = "";
        text_ctx *t = text_new(r, surf, "badfonts", NULL, 0, err, sizeof err);
        printf("  a font of %s: %s%s\n", CASES[i].what, t ? "opened" : "refused: ", t ? "" : err);
        if (!t) {
            CHECK(strstr(err, "badfonts/cunzhan-sc-regular.otf") != NULL);
            continue;
        }
        CHECK(CASES[i].bytes >= 4096 && !CASES[i].garbage); /* garbage never opens */
        text_style st = {60, TEXT_REGULAR, {0, 0, 0, 255}, TEXT_LEFT, 0, 0};
        text_draw(t, "申请人姓名 123", 10, 10, &st);
        text_free(t);
    }
    fx_remove_tree("badfonts");
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

int main(void)
{
    if (uitest_open(&U, 1080, 1920) != 0)
        return 1;
    RUN(test_assets_covered);
    RUN(test_gb2312_covered);
    RUN(test_rare_characters);
    RUN(test_missing_box);
    RUN(test_rare_bold);
    RUN(test_line_breaking);
    RUN(test_word_breaking);
    RUN(test_keep_together);
    RUN(test_separator_at_break);
    RUN(test_words_malformed);
    RUN(test_malformed_text);
    RUN(test_malformed_font);
    RUN(test_blend_as_sdl);
    RUN(test_cover);
    uitest_close(&U);
    words_free(shipped);
    return check_summary();
}
