/* net.c — online when the kernel has a default route through an interface that is up. */
#include "plat_net.h"

#include <net/if.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "plat_input.h"

static atomic_int g_forced = PLAT_NET_UNKNOWN;
static atomic_int g_watching; /* the watch below runs */

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

/* While the watch runs, the kernel tells of every change: the state is read
 * again only after a change was reported (g_changes counts the reports), not
 * at every look — the home screen looks at every minute. */
static atomic_uint g_changes;
static pthread_mutex_t g_cache_mu = PTHREAD_MUTEX_INITIALIZER;
static int g_cache_valid;
static unsigned g_cache_at;
static plat_net_state g_cache;

static plat_net_state read_state(void);

plat_net_state plat_net_state_get(void)
{
    if (g_forced != PLAT_NET_UNKNOWN)
        return (plat_net_state)g_forced;
    if (!atomic_load(&g_watching))
        return read_state();
    /* the count is taken before the read: a change during it counts again */
    unsigned at = atomic_load(&g_changes);
    pthread_mutex_lock(&g_cache_mu);
    if (!g_cache_valid || g_cache_at != at) {
        g_cache = read_state();
        g_cache_at = at;
        g_cache_valid = 1;
    }
    plat_net_state st = g_cache;
    pthread_mutex_unlock(&g_cache_mu);
    return st;
}

static plat_net_state read_state(void)
{
    FILE *f = fopen("/proc/net/route", "r");
    if (!f)
        return PLAT_NET_UNKNOWN;
    char line[256], ifname[IFNAMSIZ];
    unsigned long dest, flags;
    plat_net_state st = PLAT_NET_DOWN;
    if (!fgets(line, sizeof line, f)) { /* header; none when the table is empty */
        fclose(f);
        return PLAT_NET_DOWN;
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

/* The watch: a thread asleep in poll() on the netlink socket and a pipe that
 * plat_net_unwatch writes to. */
static int g_nl = -1, g_stop[2] = {-1, -1};
static pthread_t g_thread;

static void *watch_main(void *arg)
{
    (void)arg;
    char buf[8192];
    for (;;) {
        struct pollfd p[2] = {{.fd = g_nl, .events = POLLIN}, {.fd = g_stop[0], .events = POLLIN}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            break;
        ssize_t n = recv(g_nl, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && errno != ENOBUFS && errno != EAGAIN && errno != EINTR)
            break;
        atomic_fetch_add(&g_changes, 1); /* the next look reads the state again */
        plat_input_wake(); /* ENOBUFS: some were lost, still a change */
    }
    atomic_fetch_add(&g_changes, 1); /* unwatched: looks read the state each time */
    atomic_store(&g_watching, 0);
    return NULL;
}

static void close_watch(void)
{
    if (g_nl >= 0)
        close(g_nl);
    for (int i = 0; i < 2; i++)
        if (g_stop[i] >= 0)
            close(g_stop[i]);
    g_nl = g_stop[0] = g_stop[1] = -1;
}

int plat_net_watch(void)
{
    if (atomic_load(&g_watching))
        return 0;
    g_nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (g_nl < 0 || pipe(g_stop) != 0) {
        close_watch();
        return -1;
    }
    struct sockaddr_nl sa;
    memset(&sa, 0, sizeof sa);
    sa.nl_family = AF_NETLINK;
    sa.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_IFADDR |
                   RTMGRP_IPV6_ROUTE;
    if (bind(g_nl, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close_watch();
        return -1;
    }
    atomic_store(&g_watching, 1);
    if (pthread_create(&g_thread, NULL, watch_main, NULL) != 0) {
        atomic_store(&g_watching, 0);
        close_watch();
        return -1;
    }
    return 0;
}

void plat_net_unwatch(void)
{
    if (g_nl < 0)
        return;
    ssize_t w = write(g_stop[1], "x", 1);
    (void)w;
    pthread_join(g_thread, NULL);
    close_watch();
}

int plat_net_watched(void)
{
    return g_forced != PLAT_NET_UNKNOWN || atomic_load(&g_watching);
}
