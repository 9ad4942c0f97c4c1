/* diskfull.h — a full disk for the formui tests: the default SQLite VFS
 * wrapped so that its files' writes are refused with SQLITE_FULL (what the
 * unix VFS returns for ENOSPC) while the disk is set full. Installed as the
 * default VFS before the app opens its store file, removed after. */
#ifndef CZ_TESTS_FORMUI_DISKFULL_H
#define CZ_TESTS_FORMUI_DISKFULL_H

/* Registers the wrapper as the default VFS, the disk not full. */
void diskfull_install(void);
/* The real VFS the default again. */
void diskfull_remove(void);
/* 1: every write is refused from now on; 0: written. */
void diskfull_set(int full);
/* How many writes were refused since diskfull_install. */
int diskfull_refusals(void);

#endif
