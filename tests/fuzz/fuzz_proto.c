/* fuzz_proto.c — every parser of county-platform replies on arbitrary bytes
 * (the server, or whatever sits between, may send anything): no crash, no read
 * past len (the input is not NUL-terminated here). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so reading past the end is caught by the sanitizer */
    char *b = malloc(size ? size : 1);
    if (!b)
        return 0;
    memcpy(b, data, size);
    char err[256], code[64], msg[256];
    proto_registration reg;
    proto_parse_registration(b, size, &reg, err, sizeof err);
    proto_receipt rc;
    proto_parse_receipt(b, size, &rc, err, sizeof err);
    proto_status st;
    proto_parse_status(b, size, &st, err, sizeof err);
    proto_status *sl = NULL;
    size_t n = 0;
    if (proto_parse_status_list(b, size, &sl, &n, err, sizeof err) == 0)
        free(sl);
    proto_form_info *fi = NULL;
    if (proto_parse_forms(b, size, &fi, &n, err, sizeof err) == 0)
        free(fi);
    proto_agent *ag = NULL;
    if (proto_parse_agents(b, size, &ag, &n, err, sizeof err) == 0)
        free(ag);
    proto_parse_error(b, size, code, sizeof code, msg, sizeof msg);
    proto_attachment_state as;
    proto_parse_attachment_state(b, size, &as, err, sizeof err);
    proto_attachment *at = NULL; /* a frozen body's attachments (read back from the disk) */
    if (proto_parse_filing_attachments(b, size, &at, &n, err, sizeof err) == 0)
        free(at);
    free(b);
    return 0;
}
