/* heard.h — the real speech engine (espeak-ng behind app/voice) for the
 * formui tests, with the text each 读给我听 hands it kept for checks.
 * heard_on() installs it (made once, freed by heard_free); heard_tap() taps a
 * button through the flow and returns what was read. */
#ifndef CZ_TESTS_FORMUI_HEARD_H
#define CZ_TESTS_FORMUI_HEARD_H

#include "flow.h"

/* The last text the engine was handed, and how many it was handed. */
extern char heard_said[2048];
extern int heard_spoken;

/* The engine installed (ui_voice_set_engine); REQUIREs that it starts. */
void heard_on(void);
/* The engine freed (after the last flow closed). */
void heard_free(void);
/* Ends the speech as when it ends by itself: the screen's next tick sees it
 * and the speaker button goes dark. 0 or -1 (the flow's error). */
int heard_hush(flow *f);
/* Taps button btn and returns what went to the engine ("" when nothing did,
 * or the tap failed); the speech is then ended (heard_hush). */
const char *heard_tap(flow *f, const char *btn);

#endif
