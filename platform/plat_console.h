/* plat_console.h — keeps the kiosk's console to the kiosk: while locked, the
 * keyboard of the virtual terminal the program runs on is off (so Ctrl+Alt+Fn
 * cannot switch a villager away to another console, and keys typed on a
 * plugged-in keyboard never reach a shell) and the kernel's text console does
 * not draw over the screen. Unlocking (and systemd's TTYReset= after a crash)
 * gives the terminal back as it was.
 *
 * What the program cannot do alone — SysRq, spare gettys on other consoles,
 * Ctrl+Alt+Del — the kiosk package sets in the board's sysctl and logind
 * configuration (README, "ARM kiosk build").
 *
 * Kiosk only (platform/kiosk/console.c): ioctls on the controlling terminal
 * (the unit's TTYPath=/dev/tty1). The emulator runs in a desktop window and
 * has no console of its own to lock.
 *
 * Ownership: plat_console_lock() returns a handle that plat_console_unlock()
 * frees after restoring the terminal.
 */
#ifndef CZ_PLAT_CONSOLE_H
#define CZ_PLAT_CONSOLE_H

#include <stddef.h>

typedef struct plat_console plat_console;

/* Locks the virtual terminal at path (NULL = the controlling terminal,
 * /dev/tty). NULL with the reason in err when it is not a virtual terminal or
 * cannot be changed; the kiosk then runs on, and logs the reason. */
plat_console *plat_console_lock(const char *path, char *err, size_t errlen);
/* Restores the keyboard and display modes found at lock. NULL is allowed. */
void plat_console_unlock(plat_console *c);

#endif
