/* fuzz_catalog.c — the signed catalogue manifest (sync/catalog.h) on
 * arbitrary bytes: as a whole reply (the platform, or whatever sits between,
 * may send anything), and as a manifest text signed with a test key, so the
 * manifest reader behind the signature check is reached too: no crash, no
 * read past len. */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    static int ready;
    if (!ready) {
        unsigned char seed[crypto_sign_SEEDBYTES] = {7};
        if (sodium_init() < 0)
            return 0;
        crypto_sign_seed_keypair(pk, sk, seed);
        ready = 1;
    }
    char *b = malloc(size ? size : 1); /* exact size: reads past the end are caught */
    if (!b)
        return 0;
    memcpy(b, data, size);
    char err[256];
    sync_cat_manifest *m = NULL;
    if (sync_cat_manifest_parse(b, size, pk, &m, err, sizeof err) == SYNC_CAT_OK)
        sync_cat_manifest_free(m);
    free(b);
    /* the bytes as a manifest text the county signed */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    unsigned char sig[crypto_sign_BYTES];
    char hex[2 * crypto_sign_BYTES + 1];
    crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), sk);
    sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "manifest", text);
    cJSON_AddStringToObject(o, "signature", hex);
    char *reply = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    free(text);
    if (reply && sync_cat_manifest_parse(reply, strlen(reply), pk, &m, err, sizeof err) == SYNC_CAT_OK)
        sync_cat_manifest_free(m);
    cJSON_free(reply);
    return 0;
}
