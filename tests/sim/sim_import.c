/* sim_import.c — imports bundle filings into county-sim's database. */
#include "sim_import.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync/proto.h"

static long long wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The body the kiosk POSTs (the one it froze at confirm, which the bundle
 * carries; rebuilt from the fields for a format 1 bundle), normalised as the
 * simulator stores it. */
static char *norm_body(const bundle_filing *f, char *err, size_t errlen)
{
    proto_filing pf = {f->filing_id, f->form_id, f->form_version, f->villager_key,
                       f->agent_id, f->filed_at_ms, f->payload, NULL, 0, NULL};
    char *body = f->body ? strdup(f->body) : proto_build_filing(&pf, err, errlen);
    if (!body)
        return NULL;
    cJSON *o = cJSON_Parse(body);
    free(body);
    char *norm = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!norm)
        snprintf(err, errlen, "filing %s: cannot normalise its body", f->filing_id);
    return norm;
}

/* Inside import_one's transaction: the filing's images, complete, as if
 * uploaded (a partial upload of the same hash is completed), and the
 * filing's links to them. 0 or -1. */
static int put_files(sqlite3 *db, const char *dev, const bundle_filing *f, long long t)
{
    for (size_t i = 0; i < f->n_files; i++) {
        const bundle_file *bf = &f->files[i];
        sqlite3_stmt *st = NULL;
        int ok = sqlite3_prepare_v2(db, "INSERT INTO attachments(sha256,type,size,received,data,"
                                    "complete,device_id,created_ms) VALUES(?1,?2,?3,?3,?4,1,?5,?6)"
                                    " ON CONFLICT(sha256) DO UPDATE SET data=excluded.data,"
                                    " received=excluded.size, complete=1 WHERE complete=0",
                                    -1, &st, NULL) == SQLITE_OK;
        if (ok) {
            sqlite3_bind_text(st, 1, bf->sha256, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, bf->type, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 3, (long long)bf->size);
            sqlite3_bind_blob(st, 4, bf->data, (int)bf->size, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, dev, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 6, t);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
        st = NULL;
        if (ok)
            ok = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO filing_attachments(filing_id,"
                                    "sha256,name) VALUES(?,?,?)", -1, &st, NULL) == SQLITE_OK;
        if (ok) {
            sqlite3_bind_text(st, 1, f->filing_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, bf->sha256, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, bf->name, -1, SQLITE_STATIC);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
        if (!ok)
            return -1;
    }
    return 0;
}

/* The returned filing a correction's body names ("supersedes"), into old
 * (37 bytes; "" if none). 1 when it may be linked (returned, same villager),
 * 0 when not (a conflict, as a submission would be refused), -1 on error. */
static int correction_of(sqlite3 *db, const bundle_filing *f, char old[37])
{
    old[0] = '\0';
    cJSON *b = f->body ? cJSON_Parse(f->body) : NULL;
    const cJSON *sup = cJSON_GetObjectItemCaseSensitive(b, "supersedes");
    if (cJSON_IsString(sup))
        snprintf(old, 37, "%s", sup->valuestring);
    cJSON_Delete(b);
    if (!old[0])
        return 1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM filings WHERE filing_id=? AND villager_key=?"
                           " AND status='returned'", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->villager_key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* 1 created, 0 existing same, 2 conflict, -1 error. */
static int import_one(sqlite3 *db, const char *dev, const bundle_filing *f, const char *norm)
{
    int out = -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_prepare_v2(db, "SELECT body FROM filings WHERE filing_id=?", -1, &st, NULL) !=
        SQLITE_OK)
        goto rollback;
    sqlite3_bind_text(st, 1, f->filing_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out = strcmp((const char *)sqlite3_column_text(st, 0), norm) == 0 ? 0 : 2;
        sqlite3_finalize(st);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        return out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE)
        goto rollback;
    char old[37];
    int sup = correction_of(db, f, old);
    if (sup < 0)
        goto rollback;
    if (sup == 0) { /* not a returned filing of this villager: refused, as an upload would be */
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return 2;
    }
    /* receipt numbering as the simulator's own inserts do it */
    if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(id),0)+1 FROM filings", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        goto rollback;
    long long next = sqlite3_column_int64(st, 0), t = wall_ms();
    sqlite3_finalize(st);
    st = NULL;
    time_t secs = (time_t)(t / 1000);
    struct tm tmv;
    gmtime_r(&secs, &tmv);
    char receipt[40];
    snprintf(receipt, sizeof receipt, "CZ%04d%02d%02d%07lld", tmv.tm_year + 1900, tmv.tm_mon + 1,
             tmv.tm_mday, next % 10000000);
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO filings(id,filing_id,receipt_no,device_id,form_id,"
                           "form_version,villager_key,agent_id,body,received_ms,status,status_ms,"
                           "supersedes) VALUES(?,?,?,?,?,?,?,?,?,?,'submitted',?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        goto rollback;
    sqlite3_bind_int64(st, 1, next);
    sqlite3_bind_text(st, 2, f->filing_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, receipt, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, dev, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->form_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, f->form_version);
    sqlite3_bind_text(st, 7, f->villager_key, -1, SQLITE_STATIC);
    if (f->agent_id)
        sqlite3_bind_text(st, 8, f->agent_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, norm, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 10, t);
    sqlite3_bind_int64(st, 11, t);
    if (old[0])
        sqlite3_bind_text(st, 12, old, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto rollback;
    sqlite3_finalize(st);
    st = NULL;
    if (old[0]) { /* the returned filing is replaced: final, as a submission does it */
        if (sqlite3_prepare_v2(db, "UPDATE filings SET status='superseded', superseded_by=?,"
                               " status_ms=? WHERE filing_id=?", -1, &st, NULL) != SQLITE_OK)
            goto rollback;
        sqlite3_bind_text(st, 1, receipt, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, t);
        sqlite3_bind_text(st, 3, old, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto rollback;
        sqlite3_finalize(st);
        st = NULL;
    }
    if (put_files(db, dev, f, t) != 0)
        goto rollback;
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        goto rollback_nost;
    return 1;
rollback:
    sqlite3_finalize(st);
rollback_nost:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int sim_import_filings(const char *db_path, const char *device_id, const bundle_filing *items,
                       size_t n, sim_import_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", db_path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, 5000);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *norm = norm_body(&items[i], err, errlen);
        if (!norm) {
            rc = -1;
            break;
        }
        int r = import_one(db, device_id, &items[i], norm);
        free(norm);
        if (r < 0) {
            snprintf(err, errlen, "filing %s: %s", items[i].filing_id, sqlite3_errmsg(db));
            rc = -1;
        } else if (r == 1) {
            res->created++;
        } else if (r == 0) {
            res->existing++;
        } else {
            res->conflicts++;
        }
    }
    sqlite3_close(db);
    return rc;
}
