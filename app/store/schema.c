/* schema.c — the database schema and its migrations.
 *
 * PRAGMA user_version holds the schema version. MIGRATIONS[v] takes a file from
 * version v-1 to v; each runs in its own transaction together with the version
 * bump, so a failure (power cut, full disk, data the new constraints refuse)
 * leaves the file at the previous version, untouched. Never edit a migration
 * that has shipped: add a new one. tests/store/schema_v1.sql, schema_v3.sql and
 * schema_v4.sql are copies of what versions 1, 3 and 4 made, to test upgrading old files.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"

#define TAG "store"

static const char *const MIGRATIONS[STORE_SCHEMA_VERSION + 1] = {
    [1] =
        /* First release. */
        "PRAGMA application_id = 1129993044;" /* ST_APPLICATION_ID, "CZST" */
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE drafts("
        "  uuid TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version INTEGER NOT NULL,"
        "  page INTEGER NOT NULL, answers TEXT NOT NULL, agent_id TEXT,"
        "  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);"
        "CREATE TABLE outbox("
        "  seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE,"
        "  form_id TEXT NOT NULL, form_version INTEGER NOT NULL, item_title TEXT NOT NULL,"
        "  payload TEXT NOT NULL, villager_key TEXT NOT NULL, agent_id TEXT,"
        "  created_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);"
        "CREATE TABLE receipts("
        "  receipt_no TEXT PRIMARY KEY, filing_uuid TEXT NOT NULL UNIQUE,"
        "  form_id TEXT NOT NULL, item_title TEXT NOT NULL, villager_key TEXT NOT NULL,"
        "  filed_ms INTEGER NOT NULL, receipt_ms INTEGER NOT NULL, status TEXT NOT NULL);"
        "CREATE INDEX receipts_villager ON receipts(villager_key);"
        "CREATE TABLE audit("
        "  id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL,"
        "  actor TEXT NOT NULL, action TEXT NOT NULL, object_id TEXT, detail TEXT);",
    [2] =
        /* Upload back-off and per-villager order in the outbox; receipts keep the
         * upload sequence and a checked integer status with its time; audit rows
         * split the actor into kind + id and become append-only. */
        "ALTER TABLE outbox ADD COLUMN last_error TEXT;"
        "ALTER TABLE outbox ADD COLUMN next_attempt_ms INTEGER NOT NULL DEFAULT 0;"
        "CREATE INDEX outbox_villager ON outbox(villager_key, seq);"
        "CREATE TABLE receipts_new("
        "  receipt_no TEXT PRIMARY KEY, filing_uuid TEXT NOT NULL UNIQUE,"
        "  seq INTEGER NOT NULL DEFAULT 0, form_id TEXT NOT NULL, item_title TEXT NOT NULL,"
        "  villager_key TEXT NOT NULL, filed_ms INTEGER NOT NULL, receipt_ms INTEGER NOT NULL,"
        "  status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),"
        "  status_ms INTEGER NOT NULL);"
        "INSERT INTO receipts_new(receipt_no, filing_uuid, seq, form_id, item_title,"
        "  villager_key, filed_ms, receipt_ms, status, status_ms)"
        "  SELECT receipt_no, filing_uuid, 0, form_id, item_title, villager_key, filed_ms,"
        "  receipt_ms, CASE status WHEN 'submitted' THEN 0 WHEN 'accepted' THEN 1"
        "  WHEN 'returned' THEN 2 WHEN 'done' THEN 3 END, receipt_ms FROM receipts;"
        "DROP TABLE receipts;"
        "ALTER TABLE receipts_new RENAME TO receipts;"
        "CREATE INDEX receipts_villager ON receipts(villager_key, filed_ms);"
        "CREATE TABLE audit_new("
        "  id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL,"
        "  actor_kind INTEGER NOT NULL, actor_id TEXT, action TEXT NOT NULL,"
        "  object_id TEXT, detail TEXT);"
        "INSERT INTO audit_new(id, time_ms, actor_kind, actor_id, action, object_id, detail)"
        "  SELECT id, time_ms,"
        "  CASE CASE WHEN instr(actor, ':') THEN substr(actor, 1, instr(actor, ':') - 1)"
        "  ELSE actor END WHEN 'system' THEN 0 WHEN 'villager' THEN 1 WHEN 'agent' THEN 2"
        "  WHEN 'admin' THEN 3 WHEN 'sync' THEN 4 ELSE 0 END,"
        "  CASE WHEN instr(actor, ':') THEN substr(actor, instr(actor, ':') + 1) END,"
        "  action, object_id, detail FROM audit ORDER BY id;"
        "DROP TABLE audit;"
        "ALTER TABLE audit_new RENAME TO audit;"
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
        "  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
        "  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    [3] =
        /* Proxy agents: the cache of agents and PIN hashes from the county
         * platform, each agent's lockout state (a table of its own, so that
         * replacing the cache never resets a lockout), and the agent on
         * receipts with indexes for an agent's list of filings. */
        "CREATE TABLE agents("
        "  id TEXT PRIMARY KEY, name TEXT NOT NULL, pin_hash TEXT NOT NULL,"
        "  active INTEGER NOT NULL CHECK (active IN (0, 1)), updated_ms INTEGER NOT NULL)"
        "  WITHOUT ROWID;"
        "CREATE TABLE agent_locks("
        "  id TEXT PRIMARY KEY, failures INTEGER NOT NULL CHECK (failures >= 0),"
        "  locked_until INTEGER NOT NULL) WITHOUT ROWID;"
        "ALTER TABLE receipts ADD COLUMN agent_id TEXT;"
        "CREATE INDEX receipts_agent ON receipts(agent_id, filed_ms) WHERE agent_id IS NOT NULL;"
        "CREATE INDEX outbox_agent ON outbox(agent_id, seq) WHERE agent_id IS NOT NULL;"
        "CREATE INDEX drafts_agent ON drafts(agent_id, updated_ms) WHERE agent_id IS NOT NULL;",
    [4] =
        /* Integrity: the request body of a filing frozen at confirm with its
         * sha256 (hex), and the held state (a reason; NULL: not held). Filings
         * confirmed before keep NULL bodies: the uploader builds theirs. */
        "ALTER TABLE outbox ADD COLUMN body TEXT;"
        "ALTER TABLE outbox ADD COLUMN body_sha256 TEXT"
        "  CHECK (body_sha256 IS NULL OR (length(body_sha256) = 64 AND body IS NOT NULL));"
        "ALTER TABLE outbox ADD COLUMN held_reason TEXT;",
    [5] =
        /* The status loop and corrections (补正): receipts keep the county's
         * note, when to ask for their status next, the answers of a filing
         * that may come back for correction (personal data, purged when the
         * filing reaches a final status) and the filing a correction
         * supersedes; status 4 is "superseded" (a correction replaced it), so
         * the table is rebuilt for its CHECK. A correction's draft and
         * pending filing carry the filing they supersede; pending filings
         * keep their answers for the receipt. */
        "CREATE TABLE receipts_new("
        "  receipt_no TEXT PRIMARY KEY, filing_uuid TEXT NOT NULL UNIQUE,"
        "  seq INTEGER NOT NULL DEFAULT 0, form_id TEXT NOT NULL, item_title TEXT NOT NULL,"
        "  villager_key TEXT NOT NULL, filed_ms INTEGER NOT NULL, receipt_ms INTEGER NOT NULL,"
        "  status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 4),"
        "  status_ms INTEGER NOT NULL, agent_id TEXT, note TEXT,"
        "  next_poll_ms INTEGER NOT NULL DEFAULT 0, answers TEXT, supersedes TEXT);"
        "INSERT INTO receipts_new(receipt_no, filing_uuid, seq, form_id, item_title,"
        "  villager_key, filed_ms, receipt_ms, status, status_ms, agent_id)"
        "  SELECT receipt_no, filing_uuid, seq, form_id, item_title, villager_key, filed_ms,"
        "  receipt_ms, status, status_ms, agent_id FROM receipts;"
        "DROP TABLE receipts;"
        "ALTER TABLE receipts_new RENAME TO receipts;"
        "CREATE INDEX receipts_villager ON receipts(villager_key, filed_ms);"
        "CREATE INDEX receipts_agent ON receipts(agent_id, filed_ms) WHERE agent_id IS NOT NULL;"
        "CREATE INDEX receipts_poll ON receipts(next_poll_ms) WHERE status < 3;"
        "ALTER TABLE outbox ADD COLUMN answers TEXT;"
        "ALTER TABLE outbox ADD COLUMN supersedes TEXT;"
        "ALTER TABLE drafts ADD COLUMN supersedes TEXT;",
    /* 6: the wrong answers to a draft's owner check (the last four digits of
     * its phone number), kept with the draft: no restart gives more tries */
    [6] = "ALTER TABLE drafts ADD COLUMN wrong_digits INTEGER NOT NULL DEFAULT 0;",
};

static int int_from_row(sqlite3_stmt *s, void *out)
{
    *(long long *)out = sqlite3_column_int64(s, 0);
    return STORE_OK;
}

/* The number a pragma (or a one-row SELECT) returns. */
static int pragma_int(store *st, const char *sql, long long *out)
{
    int rc = st_sql_row(st, sql, NULL, int_from_row, NULL, out);
    return rc == STORE_ERR_NOTFOUND ? STORE_ERR_INTERNAL : rc;
}

/* Runs one migration and the version bump in one transaction. */
static int migrate_one(store *st, int to)
{
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    /* Someone else may have migrated while we waited for the lock. */
    long long v = 0;
    rc = pragma_int(st, "PRAGMA user_version", &v);
    if (rc == STORE_OK && v >= to) {
        st_rollback(st);
        return STORE_OK;
    }
    if (rc == STORE_OK)
        rc = st_exec(st, MIGRATIONS[to]);
    if (rc == STORE_OK) {
        long long bad = 0;
        rc = pragma_int(st, "SELECT count(*) FROM pragma_foreign_key_check", &bad);
        if (rc == STORE_OK && bad)
            rc = STORE_ERR_CONFLICT;
    }
    if (rc == STORE_OK) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", to);
        rc = st_exec(st, sql);
    }
    if (rc != STORE_OK) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st);
}

int st_schema_identify(store *st)
{
    long long version = 0, app_id = 0, objects = 0;
    int rc = pragma_int(st, "PRAGMA user_version", &version);
    if (rc == STORE_OK)
        rc = pragma_int(st, "PRAGMA application_id", &app_id);
    if (rc == STORE_OK)
        rc = pragma_int(st, "SELECT count(*) FROM sqlite_master", &objects);
    if (rc != STORE_OK)
        return rc;
    if ((app_id != 0 && app_id != ST_APPLICATION_ID) || (version == 0 && objects != 0)) {
        snprintf(st->errmsg, sizeof st->errmsg, "not a cunzhan database (application_id %lld)",
                 app_id);
        return STORE_ERR_CORRUPT;
    }
    if (version > STORE_SCHEMA_VERSION) {
        snprintf(st->errmsg, sizeof st->errmsg, "schema version %lld is newer than %d", version,
                 STORE_SCHEMA_VERSION);
        return STORE_ERR_TOONEW;
    }
    st->schema_version = (int)version;
    return STORE_OK;
}

int st_schema_migrate(store *st)
{
    int rc = STORE_OK;
    int version = st->schema_version;
    if (version < STORE_SCHEMA_VERSION) {
        /* Table rebuilds want foreign keys off (outside a transaction); the
         * check inside migrate_one() keeps them honest. */
        rc = st_exec(st, "PRAGMA foreign_keys=OFF");
        for (int to = version + 1; rc == STORE_OK && to <= STORE_SCHEMA_VERSION; to++) {
            rc = migrate_one(st, to);
            if (rc == STORE_OK) {
                core_log(CORE_LOG_INFO, TAG, "schema migrated to version %d", to);
            } else {
                core_log(CORE_LOG_ERROR, TAG, "migration to version %d failed: %s", to,
                         st->errmsg);
                /* Full disk, busy, I/O keep their own code; anything else is the
                 * migration's fault. */
                if (rc != STORE_ERR_FULL && rc != STORE_ERR_BUSY && rc != STORE_ERR_IO &&
                    rc != STORE_ERR_NOMEM && rc != STORE_ERR_READONLY && rc != STORE_ERR_CORRUPT)
                    rc = STORE_ERR_MIGRATE;
            }
        }
        int r2 = st_exec(st, "PRAGMA foreign_keys=ON");
        if (rc == STORE_OK)
            rc = r2;
        if (rc != STORE_OK)
            return rc;
    }
    st->schema_version = STORE_SCHEMA_VERSION;
    return STORE_OK;
}
