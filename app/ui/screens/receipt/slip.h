/* slip.h — a picture of a printed receipt: renders the ESC/POS bytes the kiosk
 * sends to its printer into a PNG (the emulator's printer, and tests). */
#ifndef CZ_UI_SLIP_H
#define CZ_UI_SLIP_H

#include <stddef.h>
#include <stdint.h>

/* Paper 58 mm → 384 dots wide, 80 mm → 576 dots (203 dpi). fonts_dir holds the
 * kiosk fonts. 0, or -1 with err (malformed ESC/POS names the byte offset). */
int ui_slip_png(const uint8_t *escpos, size_t len, int paper_mm, const char *fonts_dir,
                const char *path, char *err, size_t errlen);

#endif
