/* test_kiosk_printer.c — the kiosk's ESC/POS printer driver against a
 * pseudo-terminal whose other end plays the printer: bytes arrive intact,
 * DLE EOT status answers map to the right state, silence and junk do not
 * pass for an answer, a stuck printer times out, a missing one is reported. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "plat_printer.h"

typedef struct {
    int fd;
    uint8_t st1, st2, st4; /* answers to DLE EOT 1, 2, 4; 0 = stay silent, 0xFF = junk */
    uint8_t *got;          /* bytes that were not status queries */
    size_t ngot, cap;
    int queries;
} printer_sim;

static void *printer_main(void *arg)
{
    printer_sim *p = arg;
    uint8_t buf[4096], pend[3];
    size_t np = 0;
    for (;;) {
        struct pollfd pf = {.fd = p->fd, .events = POLLIN};
        if (poll(&pf, 1, 5000) <= 0)
            return NULL;
        ssize_t k = read(p->fd, buf, sizeof buf);
        if (k <= 0)
            return NULL;
        for (ssize_t i = 0; i < k; i++) {
            /* Spot DLE EOT n; everything else is print data. */
            pend[np++] = buf[i];
            if ((np == 1 && pend[0] != 0x10) || (np == 2 && pend[1] != 0x04)) {
                /* not a query: what was held back is print data */
                for (size_t j = 0; j < np && p->ngot < p->cap; j++)
                    p->got[p->ngot++] = pend[j];
                np = 0;
            } else if (np == 3) {
                np = 0;
                p->queries++;
                uint8_t a = pend[2] == 1 ? p->st1 : pend[2] == 2 ? p->st2 : pend[2] == 4 ? p->st4 : 0;
                if (a && write(p->fd, &a, 1) != 1)
                    return NULL;
                continue;
            }
        }
    }
}

typedef struct {
    printer_sim sim;
    pthread_t th;
    plat_printer *pr;
} rig;

static int rig_start(rig *g, uint8_t st1, uint8_t st2, uint8_t st4)
{
    memset(g, 0, sizeof *g);
    int m, s, code = -1;
    char name[256];
    if (openpty(&m, &s, name, NULL, NULL) != 0)
        return -1;
    g->pr = plat_printer_open(name, 115200, &code);
    close(s);
    if (!g->pr || code != PLAT_PRINTER_OK) {
        close(m);
        return -1;
    }
    g->sim.fd = m;
    g->sim.st1 = st1;
    g->sim.st2 = st2;
    g->sim.st4 = st4;
    g->sim.cap = 1 << 20;
    g->sim.got = malloc(g->sim.cap);
    return pthread_create(&g->th, NULL, printer_main, &g->sim);
}

static void rig_stop(rig *g)
{
    plat_printer_close(g->pr);
    pthread_join(g->th, NULL);
    close(g->sim.fd);
    free(g->sim.got);
}

static int status_with(uint8_t st1, uint8_t st2, uint8_t st4, int *low)
{
    rig g;
    if (rig_start(&g, st1, st2, st4) != 0)
        return -100;
    int rc = plat_printer_status(g.pr, low, 800);
    rig_stop(&g);
    return rc;
}

static void test_bytes_content(void)
{
    rig g;
    REQUIRE(rig_start(&g, 0x12, 0x12, 0x12) == 0);
    uint8_t slip[3000];
    for (size_t i = 0; i < sizeof slip; i++)
        slip[i] = (uint8_t)(i % 251); /* every byte value, DLE included */
    CHECK_EQ_INT(plat_printer_write(g.pr, slip, sizeof slip, 3000), PLAT_PRINTER_OK);
    for (int t = 0; t < 1500 && g.sim.ngot < sizeof slip; t++) /* up to 30 s */
        usleep(20000);
    CHECK_EQ_INT(g.sim.ngot, sizeof slip);
    CHECK(memcmp(g.sim.got, slip, sizeof slip) == 0);
    int low = -1;
    CHECK_EQ_INT(plat_printer_status(g.pr, &low, 800), PLAT_PRINTER_OK);
    CHECK_EQ_INT(low, 0);
    CHECK(g.sim.queries >= 2);
    rig_stop(&g);
}

static void test_status_answers(void)
{
    int low = -1;
    CHECK_EQ_INT(status_with(0x16, 0x12, 0x12, &low), PLAT_PRINTER_OK);
    CHECK_EQ_INT(low, 0);
    CHECK_EQ_INT(status_with(0x12, 0x12, 0x1E, &low), PLAT_PRINTER_OK); /* near end */
    CHECK_EQ_INT(low, 1);
    CHECK_EQ_INT(status_with(0x1A, 0x32, 0x72, &low), PLAT_PRINTER_ERR_NO_PAPER);
    CHECK_EQ_INT(status_with(0x1A, 0x32, 0x00, NULL), PLAT_PRINTER_ERR_NO_PAPER); /* only n=2 says why */
    CHECK_EQ_INT(status_with(0x1A, 0x16, 0x12, &low), PLAT_PRINTER_ERR_COVER_OPEN);
    CHECK_EQ_INT(status_with(0x1A, 0x52, 0x12, &low), PLAT_PRINTER_ERR_OFFLINE);
    CHECK_EQ_INT(status_with(0x1A, 0x00, 0x12, &low), PLAT_PRINTER_ERR_OFFLINE);
}

static void test_status_silence_and_junk(void)
{
    int low = -1;
    CHECK_EQ_INT(status_with(0x00, 0x00, 0x00, &low), PLAT_PRINTER_ERR_NO_STATUS);
    CHECK_EQ_INT(low, 0);
    /* 0xFF does not have the fixed bits of a status byte. */
    CHECK_EQ_INT(status_with(0xFF, 0xFF, 0xFF, &low), PLAT_PRINTER_ERR_NO_STATUS);
}

static void test_stuck_printer_times_out(void)
{
    int m, s, code = -1;
    char name[256];
    REQUIRE(openpty(&m, &s, name, NULL, NULL) == 0);
    plat_printer *p = plat_printer_open(name, 9600, &code);
    close(s);
    REQUIRE(p != NULL);
    /* Nobody reads the other end: the line's buffer fills and stays full. */
    size_t n = 1 << 20;
    uint8_t *big = calloc(1, n);
    REQUIRE(big != NULL);
    CHECK_EQ_INT(plat_printer_write(p, big, n, 300), PLAT_PRINTER_ERR_TIMEOUT);
    free(big);
    plat_printer_close(p);
    close(m);
}

static void test_missing_printer(void)
{
    int code = -1;
    CHECK(plat_printer_open("/nonexistent/usb/lp0", 0, &code) == NULL);
    CHECK_EQ_INT(code, PLAT_PRINTER_ERR_NO_DEVICE);
    /* Unplugged while open: the other end goes away. */
    int m, s;
    char name[256];
    REQUIRE(openpty(&m, &s, name, NULL, NULL) == 0);
    plat_printer *p = plat_printer_open(name, 9600, &code);
    close(s);
    REQUIRE(p != NULL);
    close(m);
    int rc = plat_printer_status(p, NULL, 300);
    CHECK(rc == PLAT_PRINTER_ERR_NO_DEVICE || rc == PLAT_PRINTER_ERR_OFFLINE || rc == PLAT_PRINTER_ERR_IO);
    CHECK(rc != PLAT_PRINTER_OK);
    plat_printer_close(p);
}

static void test_messages(void)
{
    for (int c = PLAT_PRINTER_OK; c >= PLAT_PRINTER_ERR_NOMEM; c--)
        CHECK(plat_printer_strerror(c)[0] != '\0');
    CHECK(strstr(plat_printer_strerror(PLAT_PRINTER_ERR_NO_PAPER), "paper") != NULL);
}

int main(void)
{
    RUN(test_bytes_content);
    RUN(test_status_answers);
    RUN(test_status_silence_and_junk);
    RUN(test_stuck_printer_times_out);
    RUN(test_missing_printer);
    RUN(test_messages);
    return check_summary();
}
