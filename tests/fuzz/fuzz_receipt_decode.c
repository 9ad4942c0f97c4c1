/* fuzz_receipt_decode.c — the ESC/POS reader never reads out of bounds. */
#include <stdint.h>
#include <string.h>

#include "receipt/receipt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(void *ud, const receipt_el *el)
{
    size_t *n = ud;
    if (el->text)
        *n += strlen(el->text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    char err[256];
    receipt_escpos_decode(data, size, sink, &n, err, sizeof err);
    return 0;
}
