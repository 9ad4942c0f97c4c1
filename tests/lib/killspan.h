/* killspan.h — when to kill -9 a child in the crash loops (store_crash,
 * sync_kill): after a random delay within a span that covers the child's
 * start-up plus 30 ms of its work, widened on slow machines (emulation,
 * sanitizers, load) where too few kills land in the work.
 *
 * The child writes fixed-size reports to a pipe, the first byte of each its
 * kind; it writes one of kind `ready` once it is set up. */
#ifndef CZ_TESTS_KILLSPAN_H
#define CZ_TESTS_KILLSPAN_H

#include <stddef.h>

typedef struct {
    long span_us;     /* delays are drawn from [0, span_us) */
    int window, late; /* kills counted since the last check, those that landed in the work */
} killspan;

/* Forks child(fd, ud) three times and returns the longest time in
 * microseconds from fork to its `ready` report (0 if it never came). The
 * child is killed once it has reported ready (or has exited). */
long killspan_start_us(void (*child)(int fd, void *ud), void *ud, size_t report_size,
                       char ready);

/* The span for a child that starts in start_us. */
void killspan_init(killspan *s, long start_us);

/* A random delay in microseconds (rand()). */
long killspan_delay_us(const killspan *s);

/* After each kill: in_work says whether it landed where the test wants it.
 * Every 25 kills the span grows by half, up to one second, when fewer than
 * five of them did. */
void killspan_note(killspan *s, int in_work);

#endif
