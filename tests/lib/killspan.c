/* killspan.c — see killspan.h. */
#include "killspan.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures.h"

long killspan_start_us(void (*child)(int fd, void *ud), void *ud, size_t report_size, char ready)
{
    long worst = 0;
    char buf[512];
    if (report_size == 0 || report_size > sizeof buf)
        return 0;
    for (int i = 0; i < 3; i++) {
        int fds[2];
        if (pipe(fds) != 0)
            return worst;
        double t = fx_now_s();
        pid_t pid = fork();
        if (pid < 0) {
            close(fds[0]);
            close(fds[1]);
            return worst;
        }
        if (pid == 0) {
            close(fds[0]);
            child(fds[1], ud);
            _exit(0);
        }
        close(fds[1]);
        while (read(fds[0], buf, report_size) == (ssize_t)report_size)
            if (buf[0] == ready) {
                long us = (long)((fx_now_s() - t) * 1e6);
                if (us > worst)
                    worst = us;
                break;
            }
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        close(fds[0]);
    }
    return worst;
}

void killspan_init(killspan *s, long start_us)
{
    s->span_us = (start_us > 0 ? start_us : 0) + 30000;
    s->window = s->late = 0;
}

long killspan_delay_us(const killspan *s) { return (long)rand() % s->span_us; }

void killspan_note(killspan *s, int in_work)
{
    s->late += in_work != 0;
    if (++s->window == 25) {
        if (s->late < 5 && s->span_us < 1000000)
            s->span_us = s->span_us * 3 / 2;
        s->window = s->late = 0;
    }
}
