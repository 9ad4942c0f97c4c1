/* serial.c — raw serial lines and reads/writes with a deadline, for the
 * kiosk's ID-card reader and receipt printer drivers. */
#include "kiosk/serial.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

uint64_t kiosk_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static speed_t baud_code(int baud)
{
    switch (baud) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    default: return 0;
    }
}

int kiosk_serial_open(const char *path, int baud)
{
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (!isatty(fd))
        return fd; /* a printer device file such as /dev/usb/lp0 */
    speed_t sp = baud_code(baud);
    struct termios t;
    if (!sp || tcgetattr(fd, &t) != 0) {
        int e = sp ? errno : EINVAL;
        close(fd);
        errno = e;
        return -1;
    }
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
    t.c_cc[VMIN] = 1; /* with O_NONBLOCK: EAGAIN when empty, 0 only at hang-up */
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, sp);
    cfsetospeed(&t, sp);
    if (tcsetattr(fd, TCSANOW, &t) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static int wait_fd(int fd, short events, uint64_t deadline_ms)
{
    for (;;) {
        uint64_t now = kiosk_now_ms();
        if (now >= deadline_ms)
            return 0;
        struct pollfd p = {.fd = fd, .events = events};
        int r = poll(&p, 1, (int)(deadline_ms - now));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return 0;
        if ((p.revents & (POLLERR | POLLNVAL)) ||
            ((p.revents & POLLHUP) && !(p.revents & events))) {
            errno = (p.revents & POLLNVAL) ? EBADF : EIO;
            return -1;
        }
        return 1;
    }
}

int kiosk_write_all(int fd, const void *buf, size_t len, uint64_t deadline_ms)
{
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t k = write(fd, p, len);
        if (k > 0) {
            p += k;
            len -= (size_t)k;
            continue;
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return -1;
        int r = wait_fd(fd, POLLOUT, deadline_ms);
        if (r < 0)
            return -1;
        if (r == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
    }
    return 0;
}

int kiosk_read_byte(int fd, uint8_t *b, uint64_t deadline_ms)
{
    for (;;) {
        ssize_t k = read(fd, b, 1);
        if (k == 1)
            return 1;
        if (k == 0) {
            errno = EPIPE;
            return -1;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -1;
        int r = wait_fd(fd, POLLIN, deadline_ms);
        if (r <= 0)
            return r;
    }
}

void kiosk_drain(int fd)
{
    if (isatty(fd))
        tcflush(fd, TCIFLUSH);
    uint8_t junk[256];
    while (read(fd, junk, sizeof junk) > 0) {
    }
}
