/* diskfull.c — see diskfull.h. */
#include "diskfull.h"

#include <stddef.h>

#include <sqlite3.h>

static sqlite3_vfs *disk_real;
static sqlite3_vfs disk_vfs;
/* the real VFS's kinds of file (the database, its journal and WAL differ),
 * each with its writes wrapped */
static const sqlite3_io_methods *disk_real_io[4];
static sqlite3_io_methods disk_io[4];
static int disk_kinds, disk_full, disk_refusals;

static int disk_write(sqlite3_file *fl, const void *buf, int n, sqlite3_int64 off)
{
    int i = (int)(fl->pMethods - disk_io);
    if (disk_full) {
        disk_refusals++;
        return SQLITE_FULL;
    }
    return disk_real_io[i]->xWrite(fl, buf, n, off);
}

static int disk_open(sqlite3_vfs *v, const char *name, sqlite3_file *fl, int flags, int *out)
{
    (void)v;
    int rc = disk_real->xOpen(disk_real, name, fl, flags, out);
    if (rc != SQLITE_OK || !fl->pMethods)
        return rc;
    int i = 0;
    while (i < disk_kinds && disk_real_io[i] != fl->pMethods)
        i++;
    if (i == disk_kinds) {
        if (i == 4)
            return rc; /* not wrapped: the test's counts say so */
        disk_real_io[i] = fl->pMethods;
        disk_io[i] = *fl->pMethods;
        disk_io[i].xWrite = disk_write;
        disk_kinds++;
    }
    fl->pMethods = &disk_io[i];
    return rc;
}

void diskfull_install(void)
{
    disk_real = sqlite3_vfs_find(NULL);
    disk_vfs = *disk_real;
    disk_vfs.zName = "cz-disk-full";
    disk_vfs.xOpen = disk_open;
    disk_full = disk_refusals = 0;
    sqlite3_vfs_register(&disk_vfs, 1);
}

void diskfull_remove(void)
{
    sqlite3_vfs_unregister(&disk_vfs);
    sqlite3_vfs_register(disk_real, 1);
}

void diskfull_set(int full) { disk_full = full; }

int diskfull_refusals(void) { return disk_refusals; }
