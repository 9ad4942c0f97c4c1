/* upload.h — the kiosk's normal upload path for tests: one pass of the sync
 * engine over the open store st (the database at db_path). Returns the number of filings
 * acknowledged or a negative SYNC_ code. */
#ifndef CZ_TESTS_BUNDLE_UPLOAD_H
#define CZ_TESTS_BUNDLE_UPLOAD_H
#include "store/store.h"
int upload_all(store *st, const char *db_path, const char *url, const char *ca_file,
               const char *token);
#endif
