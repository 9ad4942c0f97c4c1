/* qrscan.h — reading QR codes back from rendered screens and slips with a
 * real decoder (zbar), for the receipt tests: what a phone or the kiosk's
 * scanner would read off the picture. */
#ifndef CZ_TESTS_FORMUI_QRSCAN_H
#define CZ_TESTS_FORMUI_QRSCAN_H

#define QRSCAN_MAX 4
#define QRSCAN_LEN 320

/* Decodes every QR code in the PNG at path into out (at most QRSCAN_MAX, in
 * the decoder's order). Returns how many, or -1 (message printed) if the
 * picture cannot be read. */
int qrscan_png(const char *path, char out[QRSCAN_MAX][QRSCAN_LEN]);
/* 1 if one of the n payloads equals s. */
int qrscan_has(char out[QRSCAN_MAX][QRSCAN_LEN], int n, const char *s);

#endif
