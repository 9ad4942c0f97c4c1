/* plat_watchdog.h — the hardware watchdog: reboots the kiosk if the
 * application stops kicking it (a hang the process cannot see itself).
 *
 * Kiosk: the Linux watchdog device (/dev/watchdog). Closing writes the magic
 * 'V' first, so a clean exit does not reboot the board; a crash or hang does.
 * Emulator: no device; open succeeds and kicks only count.
 *
 * Ownership: plat_watchdog_open() returns a handle freed by plat_watchdog_close().
 */
#ifndef CZ_PLAT_WATCHDOG_H
#define CZ_PLAT_WATCHDOG_H

#include <stddef.h>

typedef struct plat_watchdog plat_watchdog;

/* Opens `device` (NULL = /dev/watchdog) and asks for a timeout of timeout_s
 * seconds (0 = keep the driver's). NULL with a reason in err if there is no
 * watchdog (the kiosk then runs without one). */
plat_watchdog *plat_watchdog_open(const char *device, int timeout_s, char *err, size_t errlen);
/* Tells the watchdog the application is alive. 0 or -1 (errno set). */
int plat_watchdog_kick(plat_watchdog *w);
/* The timeout in force in seconds (as the driver reports it; 0 = unknown). */
int plat_watchdog_timeout(const plat_watchdog *w);
/* Magic close ('V') and close: the board is not rebooted. NULL is allowed. */
void plat_watchdog_close(plat_watchdog *w);

#endif
