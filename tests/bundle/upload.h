/* upload.h — the kiosk's normal upload path for tests: one pass of the sync
 * engine over the store at db_path. Returns the number of filings
 * acknowledged or a negative SYNC_ code. */
#ifndef CZ_TESTS_BUNDLE_UPLOAD_H
#define CZ_TESTS_BUNDLE_UPLOAD_H
int upload_all(const char *db_path, const char *url, const char *ca_file, const char *token);
#endif
