/* receipt_screen.h — the screen after a filing is confirmed (receipt_screen.c):
 * what was filed, the station registration number with its QR code, the
 * county's receipt number and QR once the upload is acknowledged, and buttons
 * to print the slip and go home (办完了，回首页 ends the session: large text
 * off, the agent signed out). A 读给我听 ("receipt.voice") reads it, numbers
 * digit by digit; in large text it is read out when it opens.
 *
 * Ownership: the info is copied; the screen belongs to the app once pushed.
 */
#ifndef CZ_UI_RECEIPT_SCREEN_H
#define CZ_UI_RECEIPT_SCREEN_H

#include <stddef.h>

#include "receipt/receipt.h"
#include "ui/core/app.h"

/* Sends the slip to the printer: 0 on success, else -1 with err. */
typedef int (*ui_receipt_print_fn)(void *ud, const receipt_info *r, char *err, size_t errlen);
/* print may be NULL when the kiosk has none. */
ui_screen *ui_receipt_new(const receipt_info *info, ui_receipt_print_fn print, void *ud);
/* Prints the slip of r on the kiosk's printer (ui_services.print, paper_mm):
 * a ui_receipt_print_fn whose ud is the ui_app. 0, or -1 with err. */
int ui_receipt_print(void *ud, const receipt_info *r, char *err, size_t errlen);

#endif
