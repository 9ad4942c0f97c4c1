/* county_import.c — county-import: the county office's tool for sneakernet
 * bundles (app/bundle/BUNDLE.md). Verifies and decrypts each bundle and puts
 * its filings into county-sim's database, each once under its uuid.
 *
 *   county-import keygen DIR
 *       writes DIR/county.key (secret, 0600) and DIR/county.pub; the public
 *       key goes into each kiosk's setting bundle.county_pk
 *   county-import --db SIM.db --key county.key --devices DEVICES BUNDLE...
 *       DEVICES: one registered kiosk a line, "<device id> <signing public key hex>"
 *       (the kiosk's bundle-sign.pub); # starts a comment
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"
#include "sim_import.h"

typedef struct {
    char id[BUNDLE_DEVICE_ID_MAX + 1];
    uint8_t pk[BUNDLE_PK_LEN];
} device;

typedef struct {
    device *d;
    size_t n;
} devices;

static int trust(void *ud, const char *device_id, uint8_t pk[BUNDLE_PK_LEN])
{
    const devices *ds = ud;
    for (size_t i = 0; i < ds->n; i++)
        if (!strcmp(ds->d[i].id, device_id)) {
            memcpy(pk, ds->d[i].pk, BUNDLE_PK_LEN);
            return 0;
        }
    return -1;
}

static int load_devices(const char *path, devices *ds)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char line[512];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char id[128], hex[160];
        if (line[0] == '#' || sscanf(line, "%127s %159s", id, hex) < 1)
            continue;
        device d;
        if (strlen(id) > BUNDLE_DEVICE_ID_MAX || bundle_hex_decode(hex, d.pk, BUNDLE_PK_LEN)) {
            fprintf(stderr, "%s:%d: expected '<device id> <64 hex>'\n", path, lineno);
            fclose(f);
            return -1;
        }
        memcpy(d.id, id, strlen(id) + 1); /* length checked above */
        device *nd = realloc(ds->d, (ds->n + 1) * sizeof *nd);
        if (!nd) {
            fclose(f);
            return -1;
        }
        ds->d = nd;
        ds->d[ds->n++] = d;
    }
    fclose(f);
    return 0;
}

static int keygen(const char *dir)
{
    bundle_box_key k;
    char err[512], p[1024];
    if (bundle_county_keygen(&k) != BUNDLE_OK)
        return 1;
    snprintf(p, sizeof p, "%s/county.key", dir);
    int rc = bundle_key_write_hex(p, k.sk, sizeof k.sk, 1, err, sizeof err);
    snprintf(p, sizeof p, "%s/county.pub", dir);
    if (rc == BUNDLE_OK)
        rc = bundle_key_write_hex(p, k.pk, sizeof k.pk, 0, err, sizeof err);
    bundle_key_wipe(&k, sizeof k);
    if (rc != BUNDLE_OK) {
        fprintf(stderr, "keygen: %s\n", err);
        return 1;
    }
    printf("wrote %s/county.key and %s/county.pub\n", dir, dir);
    return 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return 1;
    if (argc == 3 && !strcmp(argv[1], "keygen"))
        return keygen(argv[2]);
    const char *db = NULL, *keyf = NULL, *devf = NULL;
    int i = 1;
    for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
        if (!strcmp(argv[i], "--db"))
            db = argv[i + 1];
        else if (!strcmp(argv[i], "--key"))
            keyf = argv[i + 1];
        else if (!strcmp(argv[i], "--devices"))
            devf = argv[i + 1];
        else
            break;
    }
    if (!db || !keyf || !devf || i >= argc) {
        fprintf(stderr, "usage: county-import keygen DIR\n"
                        "       county-import --db SIM.db --key county.key --devices FILE BUNDLE...\n");
        return 2;
    }
    char err[512];
    bundle_box_key county;
    if (bundle_key_read_hex(keyf, county.sk, sizeof county.sk, err, sizeof err) != BUNDLE_OK) {
        fprintf(stderr, "key: %s\n", err);
        return 1;
    }
    crypto_scalarmult_base(county.pk, county.sk);
    devices ds = {NULL, 0};
    if (load_devices(devf, &ds) != 0)
        return 1;
    int bad = 0;
    for (; i < argc; i++) {
        bundle_info info;
        bundle_filing *items;
        size_t n;
        int rc = bundle_read(argv[i], &county, trust, &ds, &info, &items, &n, err, sizeof err);
        if (rc != BUNDLE_OK) {
            printf("%s: refused: %s (%s)\n", argv[i], bundle_strerror(rc), err);
            bad = 1;
            continue;
        }
        sim_import_result r;
        if (sim_import_filings(db, info.device_id, items, n, &r, err, sizeof err) != 0) {
            printf("%s: import failed: %s\n", argv[i], err);
            bad = 1;
        } else {
            printf("%s: %zu filings from device %s: %d new, %d already there, %d conflicts\n",
                   argv[i], n, info.device_id, r.created, r.existing, r.conflicts);
            bad |= r.conflicts > 0;
        }
        bundle_filings_free(items, n);
    }
    bundle_key_wipe(&county, sizeof county);
    free(ds.d);
    return bad;
}
