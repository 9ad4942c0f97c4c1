/* journey.h — what the journey tests share beyond flow.h: moving between
 * pages, the QR codes read back from the screen and the printed slip with a
 * real decoder (qrscan.h), the filing's station registration number, an
 * upload pass of the real upload engine to county-sim over TLS, the county's
 * back office setting a status, and 办件查询 from the home tile by each way
 * it offers (registration number on the numeric pad, the county's number on
 * the letter keys or from a scanner, ID number, ID card on the reader). */
#ifndef CZ_TESTS_FORMUI_JOURNEY_H
#define CZ_TESTS_FORMUI_JOURNEY_H

#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "qrscan.h"
#include "simproc.h"

/* Taps 下一步 on a form; 0 if the form is then on page want_page or at
 * review, else -1 with the form's message printed. */
int journey_next(flow *f, size_t want_page);
/* Takes a screenshot into the test's shots folder and decodes its QR codes:
 * how many, or -1. */
int journey_scan_screen(flow *f, const char *name, char out[QRSCAN_MAX][QRSCAN_LEN]);
/* Renders the last printed slip to a PNG and decodes its QR codes. */
int journey_scan_slip(flow *f, const char *name, char out[QRSCAN_MAX][QRSCAN_LEN]);
/* The station registration number of filing uuid (its outbox sequence with
 * the check digit, receipt_reg_make) into reg (RECEIPT_REG_MAX + 1), and the
 * sequence into *seq unless NULL. 0 or -1. */
int journey_reg_no(flow *f, const char *uuid, char *reg, size_t n, int64_t *seq);
/* One pass of the upload engine over the flow's outbox to sim. 0 or -1. */
int journey_upload(flow *f, simproc *sim, const char *token);
/* The county's back office sets the status of its receipt number no. */
int journey_admin_status(simproc *sim, const char *no, const char *status);
/* 办件查询 from the home tile. method: a value of progress_query's "method";
 * for "by_card", typed is the script that lays the card ("idcard 1\n");
 * otherwise typed goes into field, tapped key by key on the pads (pad), one
 * character event at a time as a scanner types (scanner), or as one typed
 * string. 0 once the result screen has its answer (online or local). */
int journey_query(flow *f, const char *method, const char *field, const char *typed, int pad,
                  int scanner);

#endif
