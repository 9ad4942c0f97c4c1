/* plat_clock.h — monotonic time for timeouts, wall time for dates shown and stored.
 *
 * For tests and headless scripts the clock can be made virtual: monotonic time
 * then moves only by plat_clock_advance(), and wall time can be pinned, so a
 * screenshot of a screen that shows the time is the same on every run.
 */
#ifndef CZ_PLAT_CLOCK_H
#define CZ_PLAT_CLOCK_H

#include <stdint.h>

uint64_t plat_clock_mono_ms(void);
/* Seconds since the Unix epoch (UTC). */
int64_t plat_clock_wall(void);
/* The same in milliseconds: plat_clock_wall() is this divided by 1000, so a
 * wait computed from it to the next second or minute ends just as the
 * seconds show it. */
int64_t plat_clock_wall_ms(void);
/* Local broken-down time of plat_clock_wall() (the kiosk's timezone). */
void plat_clock_local(int *year, int *month, int *day, int *hour, int *minute, int *weekday);

/* Virtual monotonic time: on=1 freezes it at its current value; advance moves it. */
void plat_clock_set_virtual(int on);
void plat_clock_advance(uint64_t ms);
/* Pin wall time to `epoch` seconds (it then moves with virtual time); -1 unpins. */
void plat_clock_pin_wall(int64_t epoch);
/* 1 while wall time is pinned (it moves only with virtual time: what waits
 * on it must be told when that moves), else 0. */
int plat_clock_wall_pinned(void);

#endif
