/* form_card.h — the first page of a form that asks who the person is
 * (form_def_has_card): 请把身份证放到读卡区 with a picture of a card on the
 * reader, the outcome of the last read (each reader code has its own short
 * message: plat_idcard_error_key), a 读给我听 button and 没带身份证，手动填写.
 * In large text the page is read out when it opens.
 *
 * The kiosk polls its reader while the page shows. The emulator's reader plays
 * sample cards (plat_idcard_simulated): the page shows 模拟刷证, and each tap
 * (or the script command `idcard [N]`) lays the next sample card — or card N
 * of the file — on the reader.
 *
 * A good read is handed to the page's fill function (the form screen fills its
 * answers); the page clears the card's fields and photo as soon as that
 * returns, and frees the reader with itself. Nothing read is logged.
 *
 * Targets: "card.manual", "card.sim" (emulator), "card.voice".
 *
 * Ownership: form_card_new() returns a page freed (and wiped) by
 * form_card_free(); device is copied.
 */
#ifndef CZ_UI_FORM_CARD_H
#define CZ_UI_FORM_CARD_H

#include <stdint.h>

#include "plat_idcard.h"
#include "ui/core/app.h"

typedef struct form_card_page form_card_page;

/* Takes a read card: 0 when the form took it, FORM_CARD_NOT_FIT when it did
 * not fit the form (the page then says the card cannot be used),
 * FORM_CARD_TAKEN when its person is already in the form (a household
 * member added twice, 医保's head as a member: the page asks for the next
 * one's card). */
typedef int (*form_card_fill_fn)(void *ud, ui_app *a, const plat_idcard_info *card);
enum { FORM_CARD_NOT_FIT = -1, FORM_CARD_TAKEN = -2 };

enum { FORM_CARD_WAITING = 0, FORM_CARD_FILLED = 1, FORM_CARD_MANUAL = 2 };

/* device: plat_idcard_open's (NULL: the platform's default). NULL if out of memory. */
form_card_page *form_card_new(const char *device, form_card_fill_fn fill, void *ud);
/* Whose card the page asks for (家庭成员2: 请把家庭成员2的身份证放到读卡区, shown
 * and read out); NULL or "": the person's own (请把身份证放到读卡区). Copied. */
void form_card_set_whose(form_card_page *p, const char *whose);
void form_card_free(form_card_page *p);

void form_card_draw(form_card_page *p, ui_app *a, const SDL_Rect *area);
/* 1 if id was the page's. */
int form_card_activate(form_card_page *p, ui_app *a, const char *id);
/* Polls the kiosk's reader; returns when to be called again. */
uint64_t form_card_tick(form_card_page *p, ui_app *a, uint64_t now_ms);
/* Emulator: lays sample card n (1-based; 0 = the next one) on the reader and
 * reads it, as 模拟刷证 does. -1 on the kiosk (a card cannot be played). */
int form_card_swipe(form_card_page *p, ui_app *a, int n);
/* FORM_CARD_WAITING until a card filled the form or the person chose to type. */
int form_card_state(const form_card_page *p);
#endif
