/* fixture.h — helpers shared by the bundle and technician tests: a store with
 * confirmed (pending) filings (ID numbers and whole files: tests/lib/fixtures.h). */
#ifndef CZ_TESTS_BUNDLE_FIXTURE_H
#define CZ_TESTS_BUNDLE_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "bundle/bundle.h"
#include "check.h"
#include "fixtures.h"
#include "store/store.h"
#include "core/uuid.h"

/* A fresh store at fx_fresh_db(name), whose path is copied to path. */
static inline store *fx_store(const char *name, char path[1024])
{
    snprintf(path, 1024, "%s", fx_fresh_db(name));
    store *st = NULL;
    return store_open(path, &st) == STORE_OK ? st : NULL;
}

/* Confirms n filings (drafts moved to the outbox); uuids (n x 37) may be NULL. */
static inline int fx_filings(store *st, int n, unsigned first_serial, char (*uuids)[37])
{
    for (int i = 0; i < n; i++) {
        char u[37], idn[19], payload[256];
        if (core_uuid_v4(u) != 0)
            return -1;
        fx_id_number("110101", 1940, first_serial + (unsigned)i, idn);
        snprintf(payload, sizeof payload,
                 "{\"姓名\":\"测试%d\",\"公民身份号码\":\"%s\",\"联系电话\":\"1380000%04d\"}", i,
                 idn, i);
        if (store_draft_save(st, u, i % 2 ? "dibao" : "pension_enrol", 1 + i % 3, 0, payload,
                             i % 3 == 0 ? "A0012" : NULL) != STORE_OK ||
            store_filing_confirm(st, u, i % 2 ? "最低生活保障申请" : "养老保险参保登记", payload,
                                 idn) != STORE_OK)
            return -1;
        if (uuids)
            memcpy(uuids[i], u, 37);
    }
    return 0;
}

/* Writes a bundle by hand whose records are the given texts (the last one
 * tagged final unless final_tag is 0), with header count `count` and format
 * version `version`, encrypted to county_pk and signed with key as device
 * dev: validly sealed and signed, whatever the records say (malformed
 * contents, images missing or altered). */
static inline void fx_craft(const char *path, int version, const char *dev,
                            const bundle_sign_key *key, const uint8_t *county_pk, uint32_t count,
                            const char **recs, int nrec, int final_tag)
{
    uint8_t hdr[256] = {0};
    memcpy(hdr, "CZBUNDLE", 8);
    hdr[8] = (uint8_t)version;
    hdr[10] = 0;
    hdr[11] = 1; /* 256 */
    for (int i = 0; i < 4; i++)
        hdr[12 + i] = (uint8_t)(count >> (8 * i));
    memcpy(hdr + 24, dev, strlen(dev));
    memcpy(hdr + 88, key->pk, 32);
    memcpy(hdr + 120, county_pk, 32);
    uint8_t sk[32];
    crypto_secretstream_xchacha20poly1305_keygen(sk);
    crypto_box_seal(hdr + 152, sk, 32, county_pk);
    crypto_secretstream_xchacha20poly1305_state ss;
    crypto_secretstream_xchacha20poly1305_init_push(&ss, hdr + 232, sk);
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    crypto_sign_state sg;
    crypto_sign_init(&sg);
    fwrite(hdr, 1, 256, f);
    crypto_sign_update(&sg, hdr, 256);
    for (int i = 0; i < nrec; i++) {
        size_t l = strlen(recs[i]);
        uint8_t *ct = malloc(l + 17);
        unsigned long long cl;
        unsigned char tag = (i == nrec - 1 && final_tag)
                                ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        crypto_secretstream_xchacha20poly1305_push(&ss, ct, &cl, (const uint8_t *)recs[i], l, hdr,
                                                   256, tag);
        uint8_t lb[4] = {(uint8_t)cl, (uint8_t)(cl >> 8), (uint8_t)(cl >> 16), (uint8_t)(cl >> 24)};
        fwrite(lb, 1, 4, f);
        fwrite(ct, 1, cl, f);
        crypto_sign_update(&sg, lb, 4);
        crypto_sign_update(&sg, ct, cl);
        free(ct);
    }
    uint8_t sig[64];
    crypto_sign_final_create(&sg, sig, NULL, key->sk);
    fwrite(sig, 1, 64, f);
    fclose(f);
}

/* A record (format 2) of filing id whose body names one PNG attachment of
 * sha256 `named` and `size` bytes, carrying `data` (base64, "" for no
 * "files" at all) declared as that hash. Malloc'd; the caller frees it. */
static inline char *fx_image_record(const char *id, const char *named, size_t size,
                                    const char *data_b64)
{
    char *r = malloc(strlen(data_b64) + 2048);
    if (!r)
        return NULL;
    int n = sprintf(r,
                    "{\"filing_id\":\"%s\",\"form_id\":\"dibao\",\"form_version\":2,"
                    "\"item_title\":\"低保\",\"villager_key\":\"0123456789abcdef0123456789abcdef"
                    "0123456789abcdef0123456789abcdef\",\"agent_id\":null,\"filed_at_ms\":1,"
                    "\"payload\":\"{\\\"signature\\\":\\\"sig-%s.png\\\"}\","
                    "\"body\":\"{\\\"filing_id\\\":\\\"%s\\\",\\\"attachments\\\":[{"
                    "\\\"name\\\":\\\"sig-%s.png\\\",\\\"sha256\\\":\\\"%s\\\","
                    "\\\"type\\\":\\\"image/png\\\",\\\"size\\\":%zu}]}\"",
                    id, named, id, named, named, size);
    if (*data_b64)
        n += sprintf(r + n, ",\"files\":[{\"name\":\"sig-%s.png\",\"sha256\":\"%s\","
                            "\"type\":\"image/png\",\"size\":%zu,\"data\":\"%s\"}]",
                     named, named, size, data_b64);
    sprintf(r + n, "}");
    return r;
}

#endif
