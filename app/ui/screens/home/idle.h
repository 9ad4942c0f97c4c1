/* idle.h — the inactivity timeout: when nobody has touched the kiosk for
 * ui.idle_timeout_s while a session is open (session.h: a screen above home,
 * elderly mode switched on, or an agent signed in), the app pushes this
 * countdown dialog "还在吗？" with a big "我还在" button, on a blank page
 * (nothing of the screen that went idle shows behind it), asked aloud when
 * it opens and again by its 读给我听 ("idle.voice", which also gives the whole
 * countdown back); the program hands
 * its maker to the app (ui_app_screens in app.h). A tap anywhere keeps
 * the session; when ui.countdown_s pass without one, ui_app_end_session()
 * ends it: each screen's on_timeout hook (so a form saves or discards its
 * draft by ui.keep_draft_on_timeout), every screen but home destroyed
 * (keyboards and fields wiped with them), the agent signed out, elderly mode
 * reset. Times come from the monotonic clock, so a script's `wait` drives it.
 *
 * Ownership: the screen returned belongs to the app once pushed.
 */
#ifndef CZ_UI_IDLE_H
#define CZ_UI_IDLE_H

#include "ui/core/app.h"

/* The countdown screen (NULL if out of memory). */
ui_screen *ui_idle_new(void);

#endif
