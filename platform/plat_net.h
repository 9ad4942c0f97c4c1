/* plat_net.h — is the kiosk online? (village 4G/broadband drops often)
 *
 * A cheap check of the OS's view (a default route over an interface that is
 * up). Whether the county platform is reachable is the sync engine's business.
 * While the watch below runs, a look reads the kernel's tables only after the
 * kernel reported a change; otherwise it answers what it read last.
 */
#ifndef CZ_PLAT_NET_H
#define CZ_PLAT_NET_H

typedef enum { PLAT_NET_UNKNOWN, PLAT_NET_DOWN, PLAT_NET_UP } plat_net_state;

plat_net_state plat_net_state_get(void);
/* Watches the kernel's links, addresses and routes (an RTNETLINK socket read
 * by a thread of its own, asleep until the kernel reports a change) and wakes
 * the event loop (plat_input_wake) at every change, so a screen showing the
 * state looks again then instead of now and then. Started once by the
 * program (boot_run); 0, or -1 when no socket could be had (the caller looks
 * now and then instead). */
int plat_net_watch(void);
/* Stops the watch (at shutdown, before the display closes). */
void plat_net_unwatch(void);
/* 1 while the watch runs (a forced state counts as watched: it changes only
 * by a script command, which redraws). */
int plat_net_watched(void);
/* Emulator and tests: force a state (PLAT_NET_UNKNOWN returns to the OS's view). */
void plat_net_state_force(plat_net_state s);

#endif
