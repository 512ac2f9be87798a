-- openSnapshot
autoCommit=true
isolation=4096
autoCommit=false
SELECT CHANGE_TRACKING_CURRENT_VERSION()
returns 42

-- minValidVersion
SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?))
  -- parameters: N'[my schema].[odd]]name [x]] ünïcödé 表]'
returns OptionalLong[42]

-- databaseIdentity
SELECT CONCAT(d.name, N'/', CONVERT(nvarchar(33), d.create_date, 126)) FROM sys.databases AS d WHERE d.database_id = DB_ID()
returns READ_WRITE

-- checkCaptureReady
SELECT d.name, CHANGE_TRACKING_CURRENT_VERSION(), d.snapshot_isolation_state, CONVERT(nvarchar(128), DATABASEPROPERTYEX(DB_NAME(), 'Updateability')) FROM sys.databases AS d WHERE d.database_id = DB_ID()
SELECT USER_NAME()
SELECT HAS_PERMS_BY_NAME(?, N'OBJECT', N'SELECT'), HAS_PERMS_BY_NAME(?, N'OBJECT', N'VIEW CHANGE TRACKING'), (SELECT COUNT(*) FROM sys.change_tracking_tables WHERE object_id = OBJECT_ID(?))
  -- parameters: N'[my schema].[odd]]name [x]] ünïcödé 表]', N'[my schema].[odd]]name [x]] ünïcödé 表]', N'[my schema].[odd]]name [x]] ünïcödé 表]'
SELECT i.index_id, i.is_primary_key, c.name FROM sys.indexes AS i JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id WHERE i.object_id = OBJECT_ID(?) AND i.is_unique = 1 AND i.is_disabled = 0 AND i.has_filter = 0 AND ic.is_included_column = 0 ORDER BY i.index_id, ic.key_ordinal
  -- parameters: N'[my schema].[odd]]name [x]] ünïcödé 表]'
returns ctsync.table.my schema.odd]name [x] ünïcödé 表.key: the key (key col, zähler) of my schema.odd]name [x] ünïcödé 表 is not its primary key (), the only key SQL Server's Change Tracking records (fix: remove the key setting, or give the table that primary key)

-- createImportLog
IF OBJECT_ID(N'ctsync_import_log', N'U') IS NULL CREATE TABLE ctsync_import_log (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL, destination NVARCHAR(128) NOT NULL, sequence BIGINT NOT NULL, status NVARCHAR(16) NOT NULL, inserted BIGINT NOT NULL, updated BIGINT NOT NULL, deleted BIGINT NOT NULL, conflicts BIGINT NOT NULL, target_version BIGINT, error NVARCHAR(4000), imported_at DATETIMEOFFSET NOT NULL, PRIMARY KEY (application, source, destination, sequence))

-- beginImport
autoCommit=true
isolation=4096
autoCommit=false

-- committedVersion
SELECT CHANGE_TRACKING_CURRENT_VERSION()
returns OptionalLong[42]

-- beginConsistentRead
autoCommit=true
isolation=4096
autoCommit=false

