/* agent_int.h — what the proxy-agent screens (agent_*.c) share: the title
 * band they open with. Not for other modules. */
#ifndef CZ_UI_AGENT_INT_H
#define CZ_UI_AGENT_INT_H

#include "ui/core/app.h"

/* A band in the primary colour across the top with a title (and a smaller
 * second line when sub is not NULL); returns its height. With btn_id, a
 * button at its right, a quarter of the screen wide, labelled label (返回
 * on the sign-in, 回首页 on a landscape list), the title fitted left of it. */
int agent_draw_band(ui_app *a, const char *title, const char *sub, const char *btn_id,
                    const char *label);

#endif
