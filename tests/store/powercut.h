/* powercut.h — a SQLite VFS that simulates losing power (for tests).
 *
 * It wraps the real unix VFS. Writes are held in memory per open file and
 * reach the real file only when SQLite syncs that file (xSync); reads see the
 * held writes. After `events` writes/syncs/truncates in total, the process
 * ends at once with _exit(POWERCUT_EXIT), in the middle of whatever it was
 * doing: everything not yet synced is gone, as on a kiosk whose power fails
 * with data still in the page cache (the harshest case: no unsynced write
 * reached the medium). Truncation is applied at once (SQLite truncates only
 * synced files). Registered as the default VFS, so store_open() uses it. */
#ifndef CZ_TESTS_STORE_POWERCUT_H
#define CZ_TESTS_STORE_POWERCUT_H

#define POWERCUT_EXIT 77

/* Installs the VFS as the default; the power fails after `events` I/O events. */
void powercut_install(long events);

#endif
