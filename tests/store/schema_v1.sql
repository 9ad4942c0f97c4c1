-- A database as schema version 1 of the store made it (the first release),
-- with a little data in every table. test_store_faults opens it to test the
-- migration to the current version. Do not change: it stands for files that
-- exist on kiosks.
PRAGMA application_id = 1129993044;
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE drafts(  uuid TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version INTEGER NOT NULL,  page INTEGER NOT NULL, answers TEXT NOT NULL, agent_id TEXT,  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE outbox(  seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE,  form_id TEXT NOT NULL, form_version INTEGER NOT NULL, item_title TEXT NOT NULL,  payload TEXT NOT NULL, villager_key TEXT NOT NULL, agent_id TEXT,  created_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE receipts(  receipt_no TEXT PRIMARY KEY, filing_uuid TEXT NOT NULL UNIQUE,  form_id TEXT NOT NULL, item_title TEXT NOT NULL, villager_key TEXT NOT NULL,  filed_ms INTEGER NOT NULL, receipt_ms INTEGER NOT NULL, status TEXT NOT NULL);
CREATE INDEX receipts_villager ON receipts(villager_key);
CREATE TABLE audit(  id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL,  actor TEXT NOT NULL, action TEXT NOT NULL, object_id TEXT, detail TEXT);

INSERT INTO meta VALUES ('villager_salt', x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
INSERT INTO drafts VALUES ('0a1b2c3d-4e5f-4a6b-8c7d-000000000001', 'high_age_allowance', 2, 3,
  '{"bank":"农商银行"}', 'agent-3', 1690000000000, 1690000100000);
INSERT INTO outbox(seq, uuid, form_id, form_version, item_title, payload, villager_key, agent_id,
  created_ms, attempts) VALUES
  (7, '0a1b2c3d-4e5f-4a6b-8c7d-000000000007', 'pension_cert', 1, '养老保险待遇领取资格认证',
   '{"way":"self"}', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', NULL,
   1690000200000, 4),
  (9, '0a1b2c3d-4e5f-4a6b-8c7d-000000000009', 'pension_cert', 1, '养老保险待遇领取资格认证',
   '{"way":"agent"}', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'agent-3',
   1690000300000, 0);
INSERT INTO receipts VALUES ('XZ2023-0005', '0a1b2c3d-4e5f-4a6b-8c7d-000000000005', 'dibao',
  '最低生活保障申请', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  1680000000000, 1680000500000, 'accepted');
INSERT INTO audit(id, time_ms, actor, action, object_id, detail) VALUES
  (1, 1680000000000, 'villager', 'filing.confirm', '0a1b2c3d-4e5f-4a6b-8c7d-000000000005', 'form=dibao'),
  (2, 1680000500000, 'sync', 'filing.ack', '0a1b2c3d-4e5f-4a6b-8c7d-000000000005', NULL),
  (3, 1690000300000, 'agent:agent-3', 'filing.confirm', '0a1b2c3d-4e5f-4a6b-8c7d-000000000009', NULL);
PRAGMA user_version = 1;
