/* text.h — Chinese text on screen: fonts, a glyph cache, measuring, wrapping.
 *
 * Glyphs come from the kiosk's subset font (GB 2312 + every shipped form's
 * characters); a character it lacks (a rare name character, 生僻字) comes from
 * the full fallback font, bold text from its bold face when one lies beside it
 * (NotoSansCJK-Bold.ttc by NotoSansCJK-Regular.ttc), so a rare character is as
 * heavy as its neighbours. A character no font has is drawn as an empty box
 * and counted, so tests can fail when text would be missing.
 *
 * Line breaking follows Chinese rules: a break may fall between any two Han
 * characters, Latin words and numbers stay whole, closing punctuation (，。）》
 * and the like) never starts a line and opening punctuation never ends one.
 * A paragraph's last line never holds one Han character alone (with its
 * closing punctuation): the line above gives it a companion. With a word
 * list (words.h, text_set_words) a line ends where no listed word is cut
 * (用手机 stays whole, not 用手 / 机) nor a quotation, an aside in brackets or
 * a 《title》 of up to 6 characters (点“确认提交”, the name of a button;
 * 注销登记 / （含丧葬补助金）), if that keeps more than half the line. A word longer
 * than a whole line (a receipt number, a path) breaks after its last '-' or
 * '/' that fits, and is cut mid-word only when it has none. A paragraph's
 * last clause that fits a line whole goes there whole: the line above ends
 * after its ，or 。 (or a separating " · "), when that keeps a third of the
 * line (已保存，/ 联网后自动上传, not 已保存，联网后自动 / 上传). Where a text
 * has a limit of lines that keeping words would overrun (a title's two), the
 * four-character compounds give way first (参保登记 may part as 参保 / 登记),
 * then every word, before the text is cut with ….
 *
 * Drawing: a glyph is rasterised once per size and weight and kept as its
 * coverage (one byte a pixel); drawn text is blended from it straight into
 * the canvas the renderer draws into, in any colour, with the arithmetic of
 * SDL's own software blitters (the pixels are those SDL would make from a
 * white glyph texture tinted with the colour), several times faster than
 * tinting textures through SDL. Nothing but the glyph's shape is cached, so
 * no colour, theme or text-size change can leave stale text. The cache is
 * bounded: at most TEXT_CACHE_BYTES of coverage and TEXT_CACHE_GLYPHS glyphs;
 * past either it is emptied and refilled as text is drawn.
 *
 * Ownership: text_new() returns a context freed by text_free(); the renderer
 * and its canvas given must outlive it.
 */
#ifndef CZ_UI_TEXT_H
#define CZ_UI_TEXT_H

#include <SDL.h>
#include <stddef.h>

#include "ui/core/tiles.h"
#include "core/words.h"

typedef struct text_ctx text_ctx;

#define TEXT_CACHE_BYTES (6u << 20) /* glyph coverage kept, bytes */
#define TEXT_CACHE_GLYPHS 8192      /* glyphs kept (their table stays under 2x this) */

typedef enum { TEXT_REGULAR = 0, TEXT_BOLD = 1 } text_weight;
typedef enum { TEXT_LEFT = 0, TEXT_CENTER = 1, TEXT_RIGHT = 2 } text_align;

typedef struct {
    int px;              /* font size in pixels */
    text_weight weight;
    SDL_Color color;
    text_align align;
    int line_gap_pct;    /* extra space between lines, % of px (default 0 → 30) */
    int max_lines;       /* 0 = unlimited; past it the last line ends with … */
} text_style;

/* canvas is the ARGB8888 surface ren (a software renderer) draws into.
 * fonts_dir holds cunzhan-sc-regular.otf and cunzhan-sc-bold.otf; fallback
 * (may be NULL) is a full CJK font file and its face index in a collection.
 * fonts_dir NULL: the fallback serves both weights (start-up failure page
 * when the kiosk's own fonts are missing, boot.h). */
text_ctx *text_new(SDL_Renderer *ren, SDL_Surface *canvas, const char *fonts_dir,
                   const char *fallback, int fallback_index, char *err, size_t errlen);
void text_free(text_ctx *t);
/* Tile damage (tiles.h): while tl is set, every glyph drawn folds a hash of
 * what decides its pixels into the cells of tl it touches; record_only 1:
 * and is not blended. NULL stops it. tl is borrowed. */
void text_set_tiles(text_ctx *t, tiles_grid *tl, int record_only);
/* The words lines are not broken inside (words.h); NULL: none (a line
 * breaks between any two Han characters). w is borrowed: it must outlive t
 * or be set again. */
void text_set_words(text_ctx *t, const words_set *w);
/* As draw_set_cover: a glyph whose box lies all in r is not blended (its
 * hash is folded all the same). NULL: none. */
void text_set_cover(text_ctx *t, const SDL_Rect *r);

/* Width in pixels of one line of s (no wrapping; stops at a newline). */
int text_width(text_ctx *t, const char *s, int px, text_weight w);
/* The rows one line of s (to a newline) at px in weight w inks, from the
 * top of the line as text_draw places it: *top first, *bottom past the
 * last. 0; -1 when it inks nothing (spaces, an empty s). A key's letter is
 * centred by them: a Latin letter sits low in a line made for Han
 * characters, and g's and q's tails reached the key's border. */
int text_ink_rows(text_ctx *t, const char *s, int px, text_weight w, int *top, int *bottom);
/* Height of one line including the gap of style-less text. */
int text_line_height(text_ctx *t, int px);
/* Draws one line with its top-left at x,y; returns its width. */
int text_draw(text_ctx *t, const char *s, int x, int y, const text_style *st);
/* Lays s out inside box (wrapping at box->w) and draws it (align within box);
 * returns the height used. Vertical position: top of box. Lines that would not
 * fit box->h (when > 0) are left out and the last line shown ends with …. */
int text_draw_box(text_ctx *t, const char *s, const SDL_Rect *box, const text_style *st);
/* Distance from the top of one line of text_draw_box to the top of the next. */
int text_line_step(text_ctx *t, const text_style *st);
/* Height the same call would use, without drawing; *lines gets the line count. */
int text_measure_box(text_ctx *t, const char *s, int width, const text_style *st, int *lines);

/* Byte offsets where each line of the wrapped layout starts (up to max);
 * returns the number of lines (tests; the caret of a wrapped answer). */
int text_line_starts(text_ctx *t, const char *s, int width, const text_style *st, size_t *starts,
                     int max);

/* The largest size from px down to min_px at which s fits in one line of
 * width w (min_px if none does). */
int text_fit_px(text_ctx *t, const char *s, int w, int px, int min_px, text_weight wt);

/* Characters drawn since start (or text_reset_missing) that no font had, each
 * counted once, at most TEXT_MISSING_KEEP: a form or setting naming one shows
 * it as an empty box. The technician's info page lists them; tests check
 * that every screen's text has its glyphs. */
#define TEXT_MISSING_KEEP 16
int text_missing_count(const text_ctx *t);
/* The i-th of them (a Unicode code point), 0 outside 0..count-1. */
unsigned int text_missing_char(const text_ctx *t, int i);

/* ---- Test hooks (no product caller, on purpose) ---- */
/* ui_text, tech: the subset font itself covers the interface text (asset
 * coverage, checked when the assets change). The kiosk draws with whichever
 * font has a glyph and counts the misses above; which font it was is of no
 * use to anyone at run time. */
int text_primary_has_glyph(text_ctx *t, unsigned int cp);
/* Screen tests: forgets the missing characters, so each screen is checked
 * alone. Not for the kiosk: the technician's info page must see every miss
 * since start, and forgetting one would hide a box a villager saw. */
void text_reset_missing(text_ctx *t);

#endif
