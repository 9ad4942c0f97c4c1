/* sim_import.h — the county office's side of the sneakernet (app/bundle):
 * filings read from a verified bundle go into county-sim's database exactly as
 * a submission would put them there (same normalised body, same receipt
 * numbering), keyed by the filing uuid, so a filing imported twice, or
 * imported and later uploaded by the kiosk, is one record with one receipt.
 * A format 2 bundle's filing is recorded with the request body the kiosk
 * froze (so the later upload is the same content), its images (verified by
 * bundle_read) as complete attachments linked to it, and a correction
 * linked to the returned filing it supersedes, as a submission does.
 *
 * It writes the simulator's SQLite file directly (the simulator may be
 * running: every change is one BEGIN IMMEDIATE transaction, as the
 * simulator's own inserts are). Test/tool code: prints nothing.
 */
#ifndef CZ_TESTS_SIM_IMPORT_H
#define CZ_TESTS_SIM_IMPORT_H

#include <stddef.h>

#include "bundle/bundle.h"

typedef struct {
    int created;   /* new records */
    int existing;  /* already there with the same content (counted once) */
    int conflicts; /* already there with other content: left alone */
} sim_import_result;

/* Imports n filings signed by device_id. 0, or -1 with err (then nothing of
 * the failing filing is kept; earlier ones are). */
int sim_import_filings(const char *db_path, const char *device_id, const bundle_filing *items,
                       size_t n, sim_import_result *res, char *err, size_t errlen);

#endif
