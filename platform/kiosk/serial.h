/* serial.h — the kiosk drivers' serial-line and timed-I/O helpers (internal
 * to platform/kiosk: the ID-card reader and the receipt printer use them). */
#ifndef CZ_KIOSK_SERIAL_H
#define CZ_KIOSK_SERIAL_H

#include <stddef.h>
#include <stdint.h>

/* Opens path read-write, non-blocking, close-on-exec; a terminal is put in
 * raw 8N1 mode at baud (an unsupported rate fails with EINVAL).
 * Returns the fd, or -1 with errno set. */
int kiosk_serial_open(const char *path, int baud);
/* Writes all len bytes before the deadline (plat_clock-free: CLOCK_MONOTONIC
 * ms, see kiosk_now_ms). 0, or -1 with errno (ETIMEDOUT at the deadline). */
int kiosk_write_all(int fd, const void *buf, size_t len, uint64_t deadline_ms);
/* Reads one byte before the deadline. 1 = got it, 0 = deadline passed,
 * -1 = error (errno; EIO/EPIPE also when the other end hung up). */
int kiosk_read_byte(int fd, uint8_t *b, uint64_t deadline_ms);
/* Throws away whatever is waiting to be read. */
void kiosk_drain(int fd);
uint64_t kiosk_now_ms(void);

#endif
