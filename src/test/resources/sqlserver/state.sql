-- open: create the version table, run migrations 1 to 3 (stored version 0)
autoCommit=true
DECLARE @granted INT; EXEC @granted = sp_getapplock @Resource = ?, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1; IF @granted < 0 THROW 51000, 'ctsync: the state schema lock was not granted', 1
  -- parameters: 'ctsync_state_schema'
IF OBJECT_ID(N'ctsync_state_version', N'U') IS NULL CREATE TABLE ctsync_state_version (version INT NOT NULL)
INSERT INTO ctsync_state_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ctsync_state_version)
SELECT MAX(version) FROM ctsync_state_version
autoCommit=false
CREATE TABLE ctsync_export_pipeline (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL, destination NVARCHAR(128) NOT NULL, last_sequence BIGINT NOT NULL, PRIMARY KEY (application, source, destination))
CREATE TABLE ctsync_export_table (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL, destination NVARCHAR(128) NOT NULL, table_name NVARCHAR(257) NOT NULL, last_version BIGINT NOT NULL, last_position NVARCHAR(4000), updated_at DATETIME2 NOT NULL, PRIMARY KEY NONCLUSTERED (application, source, destination, table_name))
CREATE TABLE ctsync_export_intent (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL, destination NVARCHAR(128) NOT NULL, first_sequence BIGINT NOT NULL, parts INT NOT NULL, stage NVARCHAR(16) NOT NULL, windows NVARCHAR(MAX) NOT NULL, created_at DATETIME2 NOT NULL, PRIMARY KEY (application, source, destination))
CREATE TABLE ctsync_export_log (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL, destination NVARCHAR(128) NOT NULL, sequence BIGINT NOT NULL, part INT NOT NULL, parts INT NOT NULL, row_count BIGINT NOT NULL, exported_at DATETIME2 NOT NULL, PRIMARY KEY (application, source, destination, sequence))
UPDATE ctsync_state_version SET version = ? WHERE version = ?
  -- parameters: 1, 0
commit
autoCommit=true
autoCommit=false
ALTER TABLE ctsync_export_pipeline ADD source_identity NVARCHAR(400) NULL
UPDATE ctsync_state_version SET version = ? WHERE version = ?
  -- parameters: 2, 1
commit
autoCommit=true
autoCommit=false
CREATE TABLE ctsync_export_job (id NVARCHAR(36) NOT NULL PRIMARY KEY, application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL, destination NVARCHAR(128) NOT NULL, status NVARCHAR(16) NOT NULL, author NVARCHAR(200) NOT NULL, reference NVARCHAR(200) NOT NULL, purpose NVARCHAR(1000) NOT NULL, tables NVARCHAR(MAX) NOT NULL, mode NVARCHAR(8) NOT NULL, created_at DATETIME2 NOT NULL, started_at DATETIME2, finished_at DATETIME2, first_sequence BIGINT, last_sequence BIGINT, inserted BIGINT, updated BIGINT, deleted BIGINT, error NVARCHAR(4000))
CREATE INDEX ctsync_export_job_pipeline ON ctsync_export_job (application, source, destination, created_at)
ALTER TABLE ctsync_export_intent ADD job_id NVARCHAR(36) NULL
UPDATE ctsync_state_version SET version = ? WHERE version = ?
  -- parameters: 3, 2
commit
autoCommit=true
autoCommit=false
ALTER TABLE ctsync_export_table ADD backfill NVARCHAR(MAX) NULL
UPDATE ctsync_state_version SET version = ? WHERE version = ?
  -- parameters: 4, 3
commit
autoCommit=true
autoCommit=false
ALTER TABLE ctsync_export_table ADD row_filter NVARCHAR(MAX) NULL
UPDATE ctsync_state_version SET version = ? WHERE version = ?
  -- parameters: 5, 4
commit
autoCommit=true
EXEC sp_releaseapplock @Resource = ?, @LockOwner = 'Session'
  -- parameters: 'ctsync_state_schema'

-- lock
autoCommit=true
INSERT INTO ctsync_export_pipeline (application, source, destination, last_sequence) SELECT ?, ?, ?, 0 WHERE NOT EXISTS (SELECT 1 FROM ctsync_export_pipeline WHERE application = ? AND source = ? AND destination = ?)
  -- parameters: N'shop', N'erp', N'dwh', N'shop', N'erp', N'dwh'
autoCommit=false
SELECT last_sequence, source_identity FROM ctsync_export_pipeline WITH (UPDLOCK, ROWLOCK, NOWAIT) WHERE application = ? AND source = ? AND destination = ?
  -- parameters: N'shop', N'erp', N'dwh'

-- lastVersions
SELECT table_name, last_version, last_position, backfill, row_filter FROM ctsync_export_table WHERE application = ? AND source = ? AND destination = ?
  -- parameters: N'shop', N'erp', N'dwh'

-- pendingIntent
SELECT first_sequence, parts, stage, windows, job_id FROM ctsync_export_intent WHERE application = ? AND source = ? AND destination = ?
  -- parameters: N'shop', N'erp', N'dwh'

-- recordIntent
autoCommit=true
INSERT INTO ctsync_export_intent (application, source, destination, first_sequence, parts, stage, windows, created_at, job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  -- parameters: N'shop', N'erp', N'dwh', 43, 2, N'WRITING', N'[{"table":{"schema":"my schema","table":"odd]name ünïcödé"},"full":false,"fromVersion":41,"toVersion":42,"fromPosition":null,"toPosition":null,"consumedRows":null,"chunk":null,"backfill":null}]', <now>, N'job-1'

-- markStaged
autoCommit=true
UPDATE ctsync_export_intent SET stage = ? WHERE application = ? AND source = ? AND destination = ?
  -- parameters: N'STAGED', N'shop', N'erp', N'dwh'

-- jobs.create (then reads the job back)
autoCommit=true
INSERT INTO ctsync_export_job (id, application, source, destination, status, author, reference, purpose, tables, mode, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  -- parameters: N'<new job id>', N'shop', N'erp', N'dwh', N'queued', N'Ada', N'T-1', N'audit', N'["my schema.odd]name ünïcödé"]', N'full', <now>
SELECT id, status, author, reference, purpose, tables, mode, created_at, started_at, finished_at, first_sequence, last_sequence, inserted, updated, deleted, error FROM ctsync_export_job WHERE application = ? AND source = ? AND destination = ? AND id = ?
  -- parameters: N'shop', N'erp', N'dwh', N'<new job id>'

-- jobs.find
SELECT id, status, author, reference, purpose, tables, mode, created_at, started_at, finished_at, first_sequence, last_sequence, inserted, updated, deleted, error FROM ctsync_export_job WHERE application = ? AND source = ? AND destination = ? AND id = ?
  -- parameters: N'shop', N'erp', N'dwh', N'job-1'

-- jobs.list
SELECT id, status, author, reference, purpose, tables, mode, created_at, started_at, finished_at, first_sequence, last_sequence, inserted, updated, deleted, error FROM ctsync_export_job WHERE application = ? AND source = ? AND destination = ? ORDER BY created_at DESC, id
  -- parameters: N'shop', N'erp', N'dwh'

-- jobs.next
SELECT id, status, author, reference, purpose, tables, mode, created_at, started_at, finished_at, first_sequence, last_sequence, inserted, updated, deleted, error FROM ctsync_export_job WHERE application = ? AND source = ? AND destination = ? AND status IN ('queued', 'running') ORDER BY created_at, id
  -- parameters: N'shop', N'erp', N'dwh'

-- jobs.started
autoCommit=true
UPDATE ctsync_export_job SET status = ?, started_at = ?, error = NULL WHERE id = ? AND status <> ?
  -- parameters: N'running', <now>, N'job-1', N'done'

-- jobs.counted
autoCommit=true
UPDATE ctsync_export_job SET inserted = ?, updated = ?, deleted = ? WHERE id = ?
  -- parameters: 3, 2, 1, N'job-1'

-- jobs.finished
autoCommit=true
UPDATE ctsync_export_job SET status = ?, finished_at = ? WHERE id = ? AND status = ?
  -- parameters: N'done', <now>, N'job-1', N'running'

-- jobs.failed
autoCommit=true
UPDATE ctsync_export_job SET status = ?, finished_at = ?, error = ? WHERE id = ? AND status <> ?
  -- parameters: N'failed', <now>, N'gateway /x: the disk is full', N'job-1', N'done'

-- commit on the lock's connection (the table's row is new, the source identity changed)
INSERT INTO ctsync_export_log (application, source, destination, sequence, part, parts, row_count, exported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  -- batched parameters: N'shop', N'erp', N'dwh', 43, 1, 2, 5, <now>
INSERT INTO ctsync_export_log (application, source, destination, sequence, part, parts, row_count, exported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  -- batched parameters: N'shop', N'erp', N'dwh', 44, 2, 2, 1, <now>
  -- executeBatch: 2 rows
UPDATE ctsync_export_pipeline SET last_sequence = ? WHERE application = ? AND source = ? AND destination = ?
  -- parameters: 44, N'shop', N'erp', N'dwh'
DELETE FROM ctsync_export_intent WHERE application = ? AND source = ? AND destination = ?
  -- parameters: N'shop', N'erp', N'dwh'
UPDATE ctsync_export_job SET status = ?, finished_at = ?, first_sequence = ?, last_sequence = ?, error = NULL WHERE id = ?
  -- parameters: N'done', <now>, 43, 44, N'job-1'
UPDATE ctsync_export_pipeline SET source_identity = ? WHERE application = ? AND source = ? AND destination = ?
  -- parameters: N'db-2', N'shop', N'erp', N'dwh'
UPDATE ctsync_export_table SET last_version = ?, last_position = ?, backfill = ?, row_filter = ?, updated_at = ? WHERE application = ? AND source = ? AND destination = ? AND table_name = ?
  -- batched parameters: 42, null, null, null, <now>, N'shop', N'erp', N'dwh', N'my schema.odd]name ünïcödé'
  -- executeBatch: 1 rows
INSERT INTO ctsync_export_table (application, source, destination, table_name, last_version, last_position, backfill, row_filter, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  -- parameters: N'shop', N'erp', N'dwh', N'my schema.odd]name ünïcödé', 42, null, null, null, <now>
commit

