/* home.h — the home screen, the bottom of the app's stack: station, date and
 * time, network state, the service items as large tiles, the proxy-agent
 * entry, elderly mode and the upload badge. The program hands its maker to
 * the app (ui_app_screens in app.h).
 *
 * Ownership: the screen returned belongs to the app once pushed.
 */
#ifndef CZ_UI_HOME_H
#define CZ_UI_HOME_H

#include "ui/core/app.h"

/* The home screen (NULL if out of memory). */
ui_screen *ui_home_new(void);

#endif
