/* script.h — drives the app without a person: for tests, demos and technicians.
 *
 * One command a line; # starts a comment. Coordinates are canvas pixels; @id
 * names a touch target of the current screen (see ui_app_target) instead.
 *   tap X Y | tap @id          press and release
 *   down X Y | move X Y | up X Y
 *   drag X0 Y0 X1 Y1 [MS]      press, move in steps over MS (default 300), release
 *   key NAME                   escape enter backspace tab left right up down f1..f12
 *   text UTF-8                 as typed on a physical keyboard
 *   wait MS                    let MS pass (virtual clock: instant, deterministic);
 *                              on a pinned wall clock (--clock) the upload engine
 *                              is told its due times moved (sync_nudge)
 *   settle [MS]                let what the screen handed to a thread land (the
 *                              technician's PIN check and jobs, a county query, a
 *                              photo saved), waiting at most MS of real time
 *                              (default 30000; fails if it has not); the clock
 *                              then moves on by a whole second (or seconds). On a
 *                              pinned wall clock it first waits, within MS, for the
 *                              upload engine to look at its due times once (send
 *                              what is due, ask the statuses due), its back-off kept
 *   shot FILE.png              screenshot (relative to the output folder)
 *   elderly on|off             switch elderly mode
 *   pending N                  set the upload badge
 *   net up|down|auto           force the network state
 *   expect-screen NAME         fail unless the top screen is NAME
 *   expect-target @id          fail unless a target with that id is on screen
 *   demo PAGE                  open a page of the widget gallery (demo_gallery.h)
 *   idcard [N]                 emulator: lay the next sample ID card (or card N of
 *                              the --idcard file) on the form's card page
 *   quit
 */
#ifndef CZ_UI_SCRIPT_H
#define CZ_UI_SCRIPT_H

#include <stddef.h>

#include "ui/core/app.h"

/* Runs text (name is used in messages). 0 on success; -1 with err naming the line. */
int ui_script_run(ui_app *a, const char *text, const char *name, const char *out_dir, char *err,
                  size_t errlen);
/* Reads a file and runs it. */
int ui_script_run_file(ui_app *a, const char *path, const char *out_dir, char *err, size_t errlen);

#endif
