/* test_bundle_sim.c — the sneakernet end to end with real parts: a kiosk
 * store exports its waiting filings, the county office imports the bundle
 * into county-sim (twice), then the kiosk comes back online and uploads the
 * same filings through the normal path (sync engine, TLS on loopback): every
 * filing is one record with one receipt, and the kiosk purges them on ack.
 * The county-import tool refuses a tampered bundle. */
#include <sodium.h>
#include <sys/wait.h>

#include "bundle/bundle.h"
#include "fixture.h"
#include "launch.h"
#include "sim_import.h"
#include "simproc.h"
#include "upload.h"

#define N 12
static const char *DEV = "0d2b9a51-7c3e-4f8a-9b61-2e5d4c3b2a19";

static bundle_sign_key devkey;

static int trust(void *ud, const char *device_id, uint8_t pk[BUNDLE_PK_LEN])
{
    (void)ud;
    if (strcmp(device_id, DEV) != 0)
        return -1;
    memcpy(pk, devkey.pk, BUNDLE_PK_LEN);
    return 0;
}

static void test_import_then_upload(void)
{
    char err[512], db[1024], path[1024], uuids[N][37];
    simproc *sim = simproc_start(check_tmpdir("sim"), 1, NULL);
    REQUIRE(sim != NULL);
    char token[200];
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);

    /* the kiosk: N waiting filings, exported to the "USB drive" */
    store *st = fx_store("kiosk", db);
    REQUIRE(st != NULL);
    REQUIRE(fx_filings(st, N, 300, uuids) == 0);
    REQUIRE(bundle_device_key(check_tmpdir("kiosk-data"), &devkey, err, sizeof err) == BUNDLE_OK);
    bundle_box_key county;
    REQUIRE(bundle_county_keygen(&county) == BUNDLE_OK);
    char usb[1024];
    snprintf(usb, sizeof usb, "%s", check_tmpdir("usb")); /* check_tmpdir's buffer is reused */
    bundle_export_opts o = {usb, DEV, county.pk, &devkey, "tech", 1795311000000LL};
    int count = 0;
    REQUIRE(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err) == BUNDLE_OK);
    CHECK_EQ_INT(count, N);

    /* the county office imports it, twice */
    for (int round = 0; round < 2; round++) {
        bundle_info info;
        bundle_filing *items;
        size_t n;
        REQUIRE(bundle_read(path, &county, trust, NULL, &info, &items, &n, err, sizeof err) ==
                BUNDLE_OK);
        sim_import_result r;
        CHECK_EQ_INT(sim_import_filings(simproc_db(sim), info.device_id, items, n, &r, err,
                                        sizeof err), 0);
        CHECK_EQ_INT(r.created, round == 0 ? N : 0);
        CHECK_EQ_INT(r.existing, round == 0 ? 0 : N);
        CHECK_EQ_INT(r.conflicts, 0);
        bundle_filings_free(items, n);
    }
    long total = -1, distinct = -1;
    CHECK_EQ_INT(simproc_count(sim, &total, &distinct), 0);
    CHECK_EQ_INT(total, N);
    CHECK_EQ_INT(distinct, N);
    int pending = -1;
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, N); /* export changed nothing on the kiosk */

    /* the network comes back: the normal upload path */
    CHECK_EQ_INT(upload_all(st, db, simproc_url(sim), simproc_ca(sim), token), N);
    CHECK_EQ_INT(simproc_count(sim, &total, &distinct), 0);
    CHECK_EQ_INT(total, N); /* still one record per filing */
    CHECK_EQ_INT(distinct, N);
    CHECK_EQ_INT(simproc_stat(sim, "created"), 0);  /* none was new to the platform */
    CHECK_EQ_INT(simproc_stat(sim, "replayed"), N); /* each answered with its receipt */
    CHECK_EQ_INT(simproc_stat(sim, "conflicts"), 0);
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 0);

    /* the receipts the kiosk keeps are the ones the import created */
    char *reply = NULL;
    CHECK_EQ_INT(simproc_http(sim, "GET", "/admin/filings", NULL, NULL, &reply), 200);
    for (int i = 0; i < N && reply; i++)
        CHECK(strstr(reply, uuids[i]) != NULL);
    free(reply);

    /* importing again after the upload still adds nothing */
    bundle_info info;
    bundle_filing *items;
    size_t n;
    REQUIRE(bundle_read(path, &county, trust, NULL, &info, &items, &n, err, sizeof err) ==
            BUNDLE_OK);
    sim_import_result r;
    CHECK_EQ_INT(sim_import_filings(simproc_db(sim), DEV, items, n, &r, err, sizeof err), 0);
    CHECK_EQ_INT(r.existing, N);
    bundle_filings_free(items, n);

    /* the office tool: keygen, a good bundle, a tampered one */
    char cmd[8192], keydir[1024], devices[1100], bad[1100];
    snprintf(keydir, sizeof keydir, "%s", check_tmpdir("office"));
    snprintf(cmd, sizeof cmd, "%s%s keygen %s >/dev/null", CZ_LAUNCH_SH, COUNTY_IMPORT, keydir);
    CHECK_EQ_INT(system(cmd), 0);
    bundle_box_key office;
    snprintf(cmd, sizeof cmd, "%s/county.key", keydir);
    REQUIRE(bundle_key_read_hex(cmd, office.sk, 32, err, sizeof err) == BUNDLE_OK);
    snprintf(cmd, sizeof cmd, "%s/county.pub", keydir);
    REQUIRE(bundle_key_read_hex(cmd, office.pk, 32, err, sizeof err) == BUNDLE_OK);
    char more[2][37];
    REQUIRE(fx_filings(st, 2, 700, more) == 0);
    o.county_pk = office.pk;
    REQUIRE(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err) == BUNDLE_OK);
    snprintf(devices, sizeof devices, "%s/devices.txt", keydir);
    char pubhex[65];
    bundle_hex_encode(devkey.pk, 32, pubhex);
    FILE *f = fopen(devices, "w");
    REQUIRE(f != NULL);
    fprintf(f, "# registered kiosks\n%s %s\n", DEV, pubhex);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s%s --db %s --key %s/county.key --devices %s %s > %s/out.txt",
             CZ_LAUNCH_SH, COUNTY_IMPORT, simproc_db(sim), keydir, devices, path, keydir);
    CHECK_EQ_INT(system(cmd), 0);
    size_t len;
    snprintf(bad, sizeof bad, "%s/out.txt", keydir);
    uint8_t *out = fx_slurp(bad, &len);
    CHECK(out && fx_contains(out, len, "2 new, 0 already there"));
    free(out);
    CHECK_EQ_INT(simproc_count(sim, &total, &distinct), 0);
    CHECK_EQ_INT(total, N + 2);
    uint8_t *raw = fx_slurp(path, &len);
    REQUIRE(raw != NULL);
    raw[len - 100] ^= 1;
    snprintf(bad, sizeof bad, "%s/tampered.czb", keydir);
    fx_write(bad, raw, len);
    free(raw);
    snprintf(cmd, sizeof cmd, "%s%s --db %s --key %s/county.key --devices %s %s > %s/out.txt",
             CZ_LAUNCH_SH, COUNTY_IMPORT, simproc_db(sim), keydir, devices, bad, keydir);
    int rc = system(cmd);
    CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1);
    snprintf(bad, sizeof bad, "%s/out.txt", keydir);
    out = fx_slurp(bad, &len);
    CHECK(out && fx_contains(out, len, "refused: signature check failed"));
    free(out);
    CHECK_EQ_INT(simproc_count(sim, &total, &distinct), 0);
    CHECK_EQ_INT(total, N + 2);
    store_close(st);
    simproc_stop(sim);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    RUN(test_import_then_upload);
    return check_summary();
}
