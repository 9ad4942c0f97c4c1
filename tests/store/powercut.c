/* powercut.c — the power-loss VFS of powercut.h. */
#include "powercut.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct held {
    struct held *next;
    sqlite3_int64 off;
    int n;
    unsigned char data[];
} held;

typedef struct {
    sqlite3_file base;
    sqlite3_file *real;
    held *first, *last; /* unsynced writes, oldest first */
} pc_file;

static sqlite3_vfs *real_vfs;
static long events_left;

static void tick(void)
{
    if (--events_left <= 0)
        _exit(POWERCUT_EXIT); /* the lights go out: held writes vanish with us */
}

static void drop_held(pc_file *p)
{
    for (held *h = p->first, *nx; h; h = nx) {
        nx = h->next;
        free(h);
    }
    p->first = p->last = NULL;
}

static sqlite3_int64 held_end(const pc_file *p)
{
    sqlite3_int64 end = 0;
    for (const held *h = p->first; h; h = h->next)
        if (h->off + h->n > end)
            end = h->off + h->n;
    return end;
}

static int pc_close(sqlite3_file *f)
{
    pc_file *p = (pc_file *)f;
    /* Closing without a sync: a real close leaves data in the page cache,
     * where a later power cut can lose it. Keep the model simple and honest:
     * write it through (SQLite syncs before anything depends on it). */
    for (held *h = p->first; h; h = h->next)
        p->real->pMethods->xWrite(p->real, h->data, h->n, h->off);
    drop_held(p);
    return p->real->pMethods->xClose(p->real);
}

static int pc_size(sqlite3_file *f, sqlite3_int64 *size)
{
    pc_file *p = (pc_file *)f;
    int rc = p->real->pMethods->xFileSize(p->real, size);
    sqlite3_int64 end = held_end(p);
    if (rc == SQLITE_OK && end > *size)
        *size = end;
    return rc;
}

static int pc_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    pc_file *p = (pc_file *)f;
    int rc = p->real->pMethods->xRead(p->real, buf, n, off);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return rc;
    for (const held *h = p->first; h; h = h->next) {
        sqlite3_int64 a = h->off > off ? h->off : off;
        sqlite3_int64 b = (h->off + h->n) < (off + n) ? (h->off + h->n) : (off + n);
        if (a < b)
            memcpy((unsigned char *)buf + (a - off), h->data + (a - h->off), (size_t)(b - a));
    }
    if (rc == SQLITE_IOERR_SHORT_READ) {
        sqlite3_int64 size = 0;
        pc_size(f, &size);
        if (off + n <= size)
            rc = SQLITE_OK;
    }
    return rc;
}

static int pc_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    pc_file *p = (pc_file *)f;
    tick();
    held *h = malloc(sizeof *h + (size_t)n);
    if (!h)
        return SQLITE_NOMEM;
    h->next = NULL;
    h->off = off;
    h->n = n;
    memcpy(h->data, buf, (size_t)n);
    if (p->last)
        p->last->next = h;
    else
        p->first = h;
    p->last = h;
    return SQLITE_OK;
}

static int pc_sync(sqlite3_file *f, int flags)
{
    pc_file *p = (pc_file *)f;
    tick();
    for (held *h = p->first; h; h = h->next) {
        int rc = p->real->pMethods->xWrite(p->real, h->data, h->n, h->off);
        if (rc != SQLITE_OK)
            return rc;
    }
    drop_held(p);
    return p->real->pMethods->xSync(p->real, flags);
}

static int pc_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    pc_file *p = (pc_file *)f;
    tick();
    for (held *h = p->first; h; h = h->next) {
        if (h->off >= size)
            h->n = 0;
        else if (h->off + h->n > size)
            h->n = (int)(size - h->off);
    }
    return p->real->pMethods->xTruncate(p->real, size);
}

#define PASS(name, sig, call)                                                                       \
    static int name sig                                                                            \
    {                                                                                              \
        pc_file *p = (pc_file *)f;                                                                 \
        return p->real->pMethods->call;                                                            \
    }

PASS(pc_lock, (sqlite3_file * f, int l), xLock(p->real, l))
PASS(pc_unlock, (sqlite3_file * f, int l), xUnlock(p->real, l))
PASS(pc_check, (sqlite3_file * f, int *o), xCheckReservedLock(p->real, o))
PASS(pc_sector, (sqlite3_file * f), xSectorSize(p->real))
PASS(pc_devchar, (sqlite3_file * f), xDeviceCharacteristics(p->real))
PASS(pc_shm_map, (sqlite3_file * f, int pg, int sz, int ext, void volatile **o),
     xShmMap(p->real, pg, sz, ext, o))
PASS(pc_shm_lock, (sqlite3_file * f, int off, int n, int fl), xShmLock(p->real, off, n, fl))
PASS(pc_shm_unmap, (sqlite3_file * f, int del), xShmUnmap(p->real, del))

static int pc_fcntl(sqlite3_file *f, int op, void *arg)
{
    pc_file *p = (pc_file *)f;
    /* Growth hints would write around the held data. */
    if (op == SQLITE_FCNTL_CHUNK_SIZE || op == SQLITE_FCNTL_SIZE_HINT)
        return SQLITE_OK;
    return p->real->pMethods->xFileControl(p->real, op, arg);
}

static void pc_shm_barrier(sqlite3_file *f)
{
    pc_file *p = (pc_file *)f;
    p->real->pMethods->xShmBarrier(p->real);
}

static const sqlite3_io_methods pc_io = {
    2, pc_close, pc_read, pc_write, pc_truncate, pc_sync, pc_size, pc_lock, pc_unlock, pc_check,
    pc_fcntl, pc_sector, pc_devchar, pc_shm_map, pc_shm_lock, pc_shm_barrier, pc_shm_unmap,
    NULL, NULL,
};

static int pc_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    pc_file *p = (pc_file *)f;
    memset(p, 0, sizeof *p);
    p->real = (sqlite3_file *)(p + 1);
    int rc = real_vfs->xOpen(real_vfs, name, p->real, flags, out);
    p->base.pMethods = p->real->pMethods ? &pc_io : NULL;
    return rc;
}

static int pc_delete(sqlite3_vfs *v, const char *n, int s)
{
    tick();
    return real_vfs->xDelete(real_vfs, n, s);
}
static int pc_access(sqlite3_vfs *v, const char *n, int fl, int *o)
{
    return real_vfs->xAccess(real_vfs, n, fl, o);
}
static int pc_full(sqlite3_vfs *v, const char *n, int sz, char *o)
{
    return real_vfs->xFullPathname(real_vfs, n, sz, o);
}
static int pc_rand(sqlite3_vfs *v, int n, char *o) { return real_vfs->xRandomness(real_vfs, n, o); }
static int pc_sleep(sqlite3_vfs *v, int us) { return real_vfs->xSleep(real_vfs, us); }
static int pc_time(sqlite3_vfs *v, double *t) { return real_vfs->xCurrentTime(real_vfs, t); }
static int pc_lasterr(sqlite3_vfs *v, int n, char *o)
{
    return real_vfs->xGetLastError(real_vfs, n, o);
}
static int pc_time64(sqlite3_vfs *v, sqlite3_int64 *t)
{
    return real_vfs->xCurrentTimeInt64(real_vfs, t);
}

static sqlite3_vfs pc_vfs;

void powercut_install(long events)
{
    real_vfs = sqlite3_vfs_find(NULL);
    events_left = events;
    pc_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(pc_file) + real_vfs->szOsFile,
        .mxPathname = real_vfs->mxPathname,
        .zName = "cz-powercut",
        .xOpen = pc_open,
        .xDelete = pc_delete,
        .xAccess = pc_access,
        .xFullPathname = pc_full,
        .xRandomness = pc_rand,
        .xSleep = pc_sleep,
        .xCurrentTime = pc_time,
        .xGetLastError = pc_lasterr,
        .xCurrentTimeInt64 = pc_time64,
    };
    sqlite3_vfs_register(&pc_vfs, 1);
}
