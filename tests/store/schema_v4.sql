-- A database as schema version 4 of the store made it (before the status loop
-- and corrections), with a pending filing, a returned receipt and a finished
-- one. test_store_faults opens it to test the migration to version 5. Do not
-- change: it stands for files that exist on kiosks.
PRAGMA application_id = 1129993044;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES('villager_salt',X'2eb8a53899709dd7b9c6218526320a99c542f022647e1165811c4580e5e2c203');
CREATE TABLE drafts(  uuid TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version INTEGER NOT NULL,  page INTEGER NOT NULL, answers TEXT NOT NULL, agent_id TEXT,  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE outbox(  seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE,  form_id TEXT NOT NULL, form_version INTEGER NOT NULL, item_title TEXT NOT NULL,  payload TEXT NOT NULL, villager_key TEXT NOT NULL, agent_id TEXT,  created_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_attempt_ms INTEGER NOT NULL DEFAULT 0, body TEXT, body_sha256 TEXT  CHECK (body_sha256 IS NULL OR (length(body_sha256) = 64 AND body IS NOT NULL)), held_reason TEXT);
INSERT INTO outbox VALUES(1,'d49d20ae-a6e8-48d8-8252-6ee8cd8277e1','dibao',1,'最低生活保障申请','{"name":"测试0","id_number":"360722197005210008","phone":"13800138000","n":0}','5d947a9b9c5f2ed138952226310781eed791b764fc7e99c1199990df80a5f2e4',NULL,1796139423724,0,NULL,0,NULL,NULL,NULL);
CREATE TABLE IF NOT EXISTS "receipts"(  receipt_no TEXT PRIMARY KEY, filing_uuid TEXT NOT NULL UNIQUE,  seq INTEGER NOT NULL DEFAULT 0, form_id TEXT NOT NULL, item_title TEXT NOT NULL,  villager_key TEXT NOT NULL, filed_ms INTEGER NOT NULL, receipt_ms INTEGER NOT NULL,  status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),  status_ms INTEGER NOT NULL, agent_id TEXT);
INSERT INTO receipts VALUES('CZ202611220000007','7c0e5a52-3b7f-4f0e-9a51-2f6d3c1b9e07',0,'pension_enrol','城乡居民基本养老保险参保登记','5d947a9b9c5f2ed138952226310781eed791b764fc7e99c1199990df80a5f2e4',1796139000000,1796139100000,2,1796139200000,'A0012');
INSERT INTO receipts VALUES('CZ202611220000008','0b7d1f3a-8e2c-4d5b-a6f7-1c2d3e4f5a08',0,'dibao','最低生活保障申请','5d947a9b9c5f2ed138952226310781eed791b764fc7e99c1199990df80a5f2e4',1796139000000,1796139100000,3,1796139200000,NULL);
CREATE TABLE IF NOT EXISTS "audit"(  id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL,  actor_kind INTEGER NOT NULL, actor_id TEXT, action TEXT NOT NULL,  object_id TEXT, detail TEXT);
INSERT INTO audit VALUES(1,1796139423724,1,NULL,'filing.confirm','d49d20ae-a6e8-48d8-8252-6ee8cd8277e1','form=dibao seq=1');
CREATE TABLE agents(  id TEXT PRIMARY KEY, name TEXT NOT NULL, pin_hash TEXT NOT NULL,  active INTEGER NOT NULL CHECK (active IN (0, 1)), updated_ms INTEGER NOT NULL)  WITHOUT ROWID;
CREATE TABLE agent_locks(  id TEXT PRIMARY KEY, failures INTEGER NOT NULL CHECK (failures >= 0),  locked_until INTEGER NOT NULL) WITHOUT ROWID;
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('audit',1);
INSERT INTO sqlite_sequence VALUES('outbox',1);
CREATE INDEX outbox_villager ON outbox(villager_key, seq);
CREATE INDEX receipts_villager ON receipts(villager_key, filed_ms);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE INDEX receipts_agent ON receipts(agent_id, filed_ms) WHERE agent_id IS NOT NULL;
CREATE INDEX outbox_agent ON outbox(agent_id, seq) WHERE agent_id IS NOT NULL;
CREATE INDEX drafts_agent ON drafts(agent_id, updated_ms) WHERE agent_id IS NOT NULL;
COMMIT;
PRAGMA user_version = 4;
