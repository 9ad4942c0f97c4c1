/* form_sign.h — the signature pad's strokes: captured from the finger in pad
 * coordinates, drawn on screen, and saved as a small black-on-white PNG in the
 * data folder whose file name carries a SHA-256 of the image
 * ("sig-<64 hex>.png"), so the answer stored in the form (the file name) also
 * lets anyone check the file was not changed.
 *
 * Points are kept relative to the pad (0..4095 on both axes), so a pad drawn
 * larger in elderly mode keeps the same signature.
 *
 * Ownership: form_sig_new() returns strokes freed (and wiped) by
 * form_sig_free().
 */
#ifndef CZ_UI_FORM_SIGN_H
#define CZ_UI_FORM_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "ui/core/draw.h"

#define FORM_SIG_NAME_MAX 80 /* "sig-" + 64 hex + ".png" + NUL fits */

typedef struct form_sig form_sig;

form_sig *form_sig_new(void);
void form_sig_free(form_sig *s);
void form_sig_clear(form_sig *s);
int form_sig_point_count(const form_sig *s);
/* 1 when the finished strokes span enough of the pad to be a signature
 * (ui_ink_is_signature, widget_ink.h); 0 for none, a dot, or a swipe. */
int form_sig_signed(const form_sig *s);
/* Finger down / move / up at (x, y) relative to a pad of w x h pixels. A
 * point outside the pad is not ink: a stroke that leaves the pad ends at
 * its edge and a new one starts where the finger comes back (points were
 * pressed flat along the edge); a finger put down outside draws nothing. */
void form_sig_down(form_sig *s, int x, int y, int w, int h);
void form_sig_move(form_sig *s, int x, int y, int w, int h);
void form_sig_up(form_sig *s);
/* Draws the strokes scaled into r. */
void form_sig_draw(const form_sig *s, draw_ctx *d, const SDL_Rect *r, int thick, SDL_Color c);
/* Renders the strokes into a w x h RGBA image (malloc'd, caller frees). */
uint8_t *form_sig_render(const form_sig *s, int w, int h);
/* Saves the PNG (480 pixels wide and as tall as the pad's shape at the last
 * stroke makes it, 60 to 240) into dir (created if missing) and writes its
 * file name to name. 0, or -1 with err (English, for logs) if nothing was drawn or the
 * file cannot be written. */
int form_sig_save(const form_sig *s, const char *dir, char *name, size_t n, char *err,
                  size_t errlen);

#endif
