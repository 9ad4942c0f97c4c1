/* net.c — online when the kernel has a default route through an interface that is up. */
#include "plat_net.h"

#include <net/if.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static atomic_int g_forced = PLAT_NET_UNKNOWN;

void plat_net_state_force(plat_net_state s) { g_forced = (int)s; }

static int iface_up(const char *name)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return 0;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    int up = ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_UP) &&
             (ifr.ifr_flags & IFF_RUNNING);
    close(fd);
    return up;
}

plat_net_state plat_net_state_get(void)
{
    if (g_forced != PLAT_NET_UNKNOWN)
        return (plat_net_state)g_forced;
    FILE *f = fopen("/proc/net/route", "r");
    if (!f)
        return PLAT_NET_UNKNOWN;
    char line[256], ifname[IFNAMSIZ];
    unsigned long dest, flags;
    plat_net_state st = PLAT_NET_DOWN;
    if (!fgets(line, sizeof line, f)) { /* header */
        fclose(f);
        return PLAT_NET_UNKNOWN;
    }
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%15s %lx %*x %lx", ifname, &dest, &flags) == 3 && dest == 0 &&
            (flags & 1 /* RTF_UP */) && iface_up(ifname)) {
            st = PLAT_NET_UP;
            break;
        }
    }
    fclose(f);
    return st;
}
