/* printer.c — emulator receipt printer: the bytes are appended to a file
 * (printer.bin in the data folder unless another file is named). Writing
 * "no_paper", "cover_open" or "offline" into FILE.status plays that state. */
#include "plat_printer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plat_paths.h"

struct plat_printer {
    char path[1024];
};

plat_printer *plat_printer_open(const char *device, int baud, int *code)
{
    (void)baud;
    plat_printer *p = calloc(1, sizeof *p);
    if (!p) {
        if (code)
            *code = PLAT_PRINTER_ERR_NOMEM;
        return NULL;
    }
    if (device && *device)
        snprintf(p->path, sizeof p->path, "%s", device);
    else if (plat_paths_ensure_data() != 0 ||
             !plat_paths_join(p->path, sizeof p->path, plat_paths_data(), "printer.bin")) {
        free(p);
        if (code)
            *code = PLAT_PRINTER_ERR_NO_DEVICE;
        return NULL;
    }
    FILE *f = fopen(p->path, "ab");
    if (!f) {
        free(p);
        if (code)
            *code = PLAT_PRINTER_ERR_NO_DEVICE;
        return NULL;
    }
    fclose(f);
    if (code)
        *code = PLAT_PRINTER_OK;
    return p;
}

void plat_printer_close(plat_printer *p) { free(p); }

static int played_status(const plat_printer *p)
{
    char sp[1100], word[32] = "";
    snprintf(sp, sizeof sp, "%s.status", p->path);
    FILE *f = fopen(sp, "r");
    if (!f)
        return PLAT_PRINTER_OK;
    if (fscanf(f, "%31s", word) != 1)
        word[0] = '\0';
    fclose(f);
    if (!strcmp(word, "no_paper"))
        return PLAT_PRINTER_ERR_NO_PAPER;
    if (!strcmp(word, "cover_open"))
        return PLAT_PRINTER_ERR_COVER_OPEN;
    if (!strcmp(word, "offline"))
        return PLAT_PRINTER_ERR_OFFLINE;
    return PLAT_PRINTER_OK;
}

int plat_printer_write(plat_printer *p, const void *bytes, size_t len, int timeout_ms)
{
    (void)timeout_ms;
    int st = played_status(p);
    if (st != PLAT_PRINTER_OK)
        return st;
    FILE *f = fopen(p->path, "ab");
    if (!f)
        return PLAT_PRINTER_ERR_NO_DEVICE;
    int ok = fwrite(bytes, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    return ok ? PLAT_PRINTER_OK : PLAT_PRINTER_ERR_IO;
}

int plat_printer_status(plat_printer *p, int *paper_low, int timeout_ms)
{
    (void)timeout_ms;
    if (paper_low)
        *paper_low = 0;
    return played_status(p);
}
