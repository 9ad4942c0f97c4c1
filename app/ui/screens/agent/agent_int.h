/* agent_int.h — what the proxy-agent screens (agent_*.c) share: the title
 * band they open with. Not for other modules. */
#ifndef CZ_UI_AGENT_INT_H
#define CZ_UI_AGENT_INT_H

#include "ui/core/app.h"

/* A band in the primary colour across the top with a title (and a smaller
 * second line when sub is not NULL); returns its height. */
int agent_draw_band(ui_app *a, const char *title, const char *sub);

#endif
