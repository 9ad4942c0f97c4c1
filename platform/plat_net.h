/* plat_net.h — is the kiosk online? (village 4G/broadband drops often)
 *
 * A cheap check of the OS's view (a default route over an interface that is
 * up). Whether the county platform is reachable is the sync engine's business.
 */
#ifndef CZ_PLAT_NET_H
#define CZ_PLAT_NET_H

typedef enum { PLAT_NET_UNKNOWN, PLAT_NET_DOWN, PLAT_NET_UP } plat_net_state;

plat_net_state plat_net_state_get(void);
/* Emulator and tests: force a state (PLAT_NET_UNKNOWN returns to the OS's view). */
void plat_net_state_force(plat_net_state s);

#endif
