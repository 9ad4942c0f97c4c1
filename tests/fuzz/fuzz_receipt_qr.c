/* fuzz_receipt_qr.c — a scanned QR payload is parsed safely; what is accepted
 * is a valid receipt number that round-trips. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "receipt/receipt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char num[64], again[300], num2[64];
    if (receipt_qr_parse(s, num, sizeof num) == RECEIPT_OK) {
        if (!receipt_number_valid(num))
            abort();
        if (receipt_qr_payload(NULL, num, again, sizeof again) != RECEIPT_OK ||
            receipt_qr_parse(again, num2, sizeof num2) != RECEIPT_OK || strcmp(num, num2) != 0)
            abort();
    }
    free(s);
    return 0;
}
