/* test_bundle_sim.c — the sneakernet end to end with real parts: a kiosk
 * store exports its waiting filings, the county office imports the bundle
 * into county-sim (twice), then the kiosk comes back online and uploads the
 * same filings through the normal path (sync engine, TLS on loopback): every
 * filing is one record with one receipt, and the kiosk purges them on ack.
 * The county-import tool refuses a tampered bundle. Filings that name
 * signature images carry them (test_images_travel). */
#include <dirent.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "bundle/bundle.h"
#include "fixture.h"
#include "launch.h"
#include "sim_import.h"
#include "core/pngio.h"
#include "simproc.h"
#include "sync/sync_store.h"
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
    bundle_export_opts o = {usb, DEV, county.pk, &devkey, "tech", 1795311000000LL, NULL, NULL};
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

/* ---- images travel with their filings ---- */

/* A small PNG of noise from seed at dir/signatures/sig-<hex of seed>.png;
 * its name into name (80). 0 or -1. */
static int write_sig(const char *dir, unsigned seed, char name[80])
{
    uint8_t h[32], px[24 * 16 * 4];
    char hex[65], path[1200], err[128];
    crypto_hash_sha256(h, (const uint8_t *)&seed, sizeof seed);
    bundle_hex_encode(h, 32, hex);
    snprintf(name, 80, "sig-%s.png", hex);
    snprintf(path, sizeof path, "%s/signatures", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/signatures/%s", dir, name);
    uint32_t x = seed * 2654435761u + 7;
    for (size_t i = 0; i < sizeof px; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        px[i] = (i % 4 == 3) ? 255 : (uint8_t)x;
    }
    return core_png_write(path, px, 24, 16, err, sizeof err);
}

/* Confirms a filing whose payload names signature image sig; its uuid into uuid. */
static int confirm_signed(store *st, unsigned v, const char *sig, char uuid[37])
{
    char id[19], payload[400];
    fx_id_number("420506", 1950, 800 + v, id);
    snprintf(payload, sizeof payload,
             "{\"name\":\"测试\",\"id_number\":\"%s\",\"signature\":\"%s\"}", id, sig);
    if (core_uuid_v4(uuid) || store_draft_save(st, uuid, "dibao", 1, 0, "{}", NULL) != STORE_OK)
        return -1;
    return store_filing_confirm(st, uuid, "最低生活保障申请", payload, id) == STORE_OK ? 0 : -1;
}

static int files_in(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* Filings that name signature images: the bundle carries the images with
 * their sha256, the import verifies and records them (the county's copy is
 * byte for byte the kiosk's), and the later upload is the same content. An
 * image missing or changed on the kiosk stops the export (no file, nothing
 * changed); a bundle whose image was altered is refused by the office tool
 * and records nothing. */
static void test_images_travel(void)
{
    char err[512], db[1024], data[1024], usb[1024], path[1024], sig[3][80], uuids[3][37];
    simproc *sim = simproc_start(check_tmpdir("isim"), 1, NULL);
    REQUIRE(sim != NULL);
    char token[200];
    REQUIRE(simproc_register(sim, token, sizeof token) == 0);
    store *st = fx_store("ikiosk", db);
    REQUIRE(st != NULL);
    snprintf(data, sizeof data, "%s", db);
    *strrchr(data, '/') = '\0'; /* the data folder is the database's */
    store_set_body_fn(st, sync_store_body, data);
    for (int i = 0; i < 2; i++) {
        REQUIRE(write_sig(data, 10 + (unsigned)i, sig[i]) == 0);
        REQUIRE(confirm_signed(st, (unsigned)i, sig[i], uuids[i]) == 0);
    }
    sync_outbox ob;
    REQUIRE(sync_store_outbox_open(st, db, &ob) == STORE_OK);
    REQUIRE(bundle_device_key(check_tmpdir("ikiosk-data"), &devkey, err, sizeof err) == BUNDLE_OK);
    bundle_box_key county;
    REQUIRE(bundle_county_keygen(&county) == BUNDLE_OK);
    snprintf(usb, sizeof usb, "%s", check_tmpdir("iusb"));
    bundle_export_opts o = {usb, DEV, county.pk, &devkey, "tech", 1795311000000LL,
                            ob.attachment, ob.ud};
    int count = 0;
    REQUIRE(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err) == BUNDLE_OK);
    CHECK_EQ_INT(count, 2);

    /* the office: verified, imported with the images */
    bundle_info info;
    bundle_filing *items;
    size_t n;
    REQUIRE(bundle_read(path, &county, trust, NULL, &info, &items, &n, err, sizeof err) ==
            BUNDLE_OK);
    REQUIRE(n == 2);
    CHECK_EQ_INT((int)items[0].n_files, 1);
    CHECK_EQ_INT((int)items[1].n_files, 1);
    sim_import_result r;
    CHECK_EQ_INT(sim_import_filings(simproc_db(sim), info.device_id, items, n, &r, err, sizeof err),
                 0);
    CHECK_EQ_INT(r.created, 2);
    char args[1400], out[2048], got[1200], mine[1200];
    for (size_t i = 0; i < n; i++) { /* the county's copy is the kiosk's, byte for byte */
        snprintf(got, sizeof got, "%s/got-%zu.png", check_tmpdir("iget"), i);
        snprintf(args, sizeof args, "get %s %s", items[i].files[0].sha256, got);
        CHECK_EQ_INT(simproc_cli(sim, args, out, sizeof out), 0);
        snprintf(mine, sizeof mine, "%s/signatures/%s", data, items[i].files[0].name);
        size_t la, lb;
        uint8_t *a = fx_slurp(got, &la), *b = fx_slurp(mine, &lb);
        CHECK(a && b && la == lb && !memcmp(a, b, la));
        free(a);
        free(b);
    }
    bundle_filings_free(items, n);
    CHECK_EQ_INT(simproc_cli(sim, "attachments", out, sizeof out), 0);
    CHECK(strstr(out, "complete") && !strstr(out, "partial"));

    /* the network comes back: the same content, nothing new, images purged at the ack */
    CHECK_EQ_INT(upload_all(st, db, simproc_url(sim), simproc_ca(sim), token), 2);
    CHECK_EQ_INT(simproc_stat(sim, "created"), 0);
    CHECK_EQ_INT(simproc_stat(sim, "replayed"), 2);
    CHECK_EQ_INT(simproc_stat(sim, "conflicts"), 0);
    snprintf(mine, sizeof mine, "%s/signatures/%s", data, sig[0]);
    CHECK(access(mine, F_OK) != 0);

    /* an image missing on the kiosk: no bundle, nothing changed */
    REQUIRE(write_sig(data, 20, sig[2]) == 0);
    REQUIRE(confirm_signed(st, 2, sig[2], uuids[2]) == 0);
    snprintf(mine, sizeof mine, "%s/signatures/%s", data, sig[2]);
    size_t keep_len;
    uint8_t *keep = fx_slurp(mine, &keep_len);
    REQUIRE(keep != NULL);
    unlink(mine);
    int before = files_in(usb);
    CHECK_EQ_INT(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err),
                 BUNDLE_ERR_ATTACHMENT);
    CHECK(strstr(err, uuids[2]) != NULL);
    CHECK_EQ_INT(files_in(usb), before);
    /* …or changed */
    REQUIRE(write_sig(data, 21, sig[2]) == 0); /* other bytes under the same name */
    CHECK_EQ_INT(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err),
                 BUNDLE_ERR_ATTACHMENT);
    CHECK_EQ_INT(files_in(usb), before);
    int pending = -1;
    CHECK_EQ_INT(store_outbox_count(st, &pending), STORE_OK);
    CHECK_EQ_INT(pending, 1);
    fx_write(mine, keep, keep_len); /* put back: it goes through */
    CHECK_EQ_INT(bundle_export(st, &o, path, sizeof path, &count, err, sizeof err), BUNDLE_OK);

    /* the office tool refuses a bundle whose image was altered, and records nothing */
    char keydir[1024], devices[1100], bad[1100], cmd[8192];
    snprintf(keydir, sizeof keydir, "%s", check_tmpdir("ioffice"));
    snprintf(cmd, sizeof cmd, "%s/county.key", keydir);
    REQUIRE(bundle_key_write_hex(cmd, county.sk, 32, 1, err, sizeof err) == BUNDLE_OK);
    snprintf(devices, sizeof devices, "%s/devices.txt", keydir);
    char pubhex[65], sha[65], b64[256];
    bundle_hex_encode(devkey.pk, 32, pubhex);
    FILE *f = fopen(devices, "w");
    REQUIRE(f != NULL);
    fprintf(f, "%s %s\n", DEV, pubhex);
    fclose(f);
    uint8_t h[32];
    crypto_hash_sha256(h, keep, keep_len);
    bundle_hex_encode(h, 32, sha);
    keep[keep_len - 20] ^= 1; /* one byte of the image, after the export */
    char *enc = malloc(keep_len * 2 + 8);
    REQUIRE(enc != NULL);
    sodium_bin2base64(enc, keep_len * 2 + 8, keep, keep_len, sodium_base64_VARIANT_ORIGINAL);
    char *rec = fx_image_record(uuids[2], sha, keep_len, enc);
    const char *recs[] = {rec, "{\"count\":1}"};
    snprintf(bad, sizeof bad, "%s/altered.czb", keydir);
    fx_craft(bad, BUNDLE_VERSION, DEV, &devkey, county.pk, 1, recs, 2, 1);
    long total = -1, distinct = -1;
    CHECK_EQ_INT(simproc_count(sim, &total, &distinct), 0);
    snprintf(cmd, sizeof cmd, "%s%s --db %s --key %s/county.key --devices %s %s > %s/out.txt",
             CZ_LAUNCH_SH, COUNTY_IMPORT, simproc_db(sim), keydir, devices, bad, keydir);
    int rc = system(cmd);
    CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1);
    snprintf(bad, sizeof bad, "%s/out.txt", keydir);
    size_t len;
    uint8_t *txt = fx_slurp(bad, &len);
    CHECK(txt && fx_contains(txt, len, "refused: an image a filing names is missing or altered"));
    free(txt);
    long total2 = -1;
    CHECK_EQ_INT(simproc_count(sim, &total2, &distinct), 0);
    CHECK_EQ_INT(total2, total);
    (void)b64;
    free(rec);
    free(enc);
    free(keep);
    sync_store_outbox_close(&ob);
    store_close(st);
    simproc_stop(sim);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    RUN(test_import_then_upload);
    RUN(test_images_travel);
    return check_summary();
}
