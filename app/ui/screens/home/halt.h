/* halt.h — the failure page at start-up (本机暂停服务，请找工作人员): what the
 * panel shows when the configuration, the assets, the fonts or the data file
 * failed (boot.h decides and puts it at the bottom of the stack instead of
 * home). Large and calm for villagers; one technician line with the code,
 * file and line. Its words are built into the program (build.halt.* in
 * assets/text/zh-CN.txt), so it needs nothing from the assets folder; without
 * any font it draws its pictogram alone. A 读给我听 under the words reads them
 * out (target "halt.voice"). The two-corner hold (technician mode) works on
 * it as on home when the program installed it.
 *
 * Ownership: the line is copied; the screen belongs to the app. */
#ifndef CZ_UI_HALT_H
#define CZ_UI_HALT_H

#include "ui/core/app.h"

/* tech_line: "CODE  file:line: reason" in English (for the technician). */
ui_screen *ui_halt_new(const char *tech_line);

#endif
