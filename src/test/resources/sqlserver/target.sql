-- describeTarget
SELECT c.name, TYPE_NAME(CASE WHEN c.system_type_id = 240 THEN c.user_type_id ELSE c.system_type_id END), c.max_length, c.precision, c.scale, c.is_identity, c.is_computed, c.system_type_id, c.generated_always_type, c.is_hidden, c.is_nullable FROM sys.columns AS c WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id
  -- parameters: N'[dbo].[invoices]'
returns []

-- checkImportReady
SELECT d.name, CHANGE_TRACKING_CURRENT_VERSION(), d.snapshot_isolation_state, CONVERT(nvarchar(128), DATABASEPROPERTYEX(DB_NAME(), 'Updateability')) FROM sys.databases AS d WHERE d.database_id = DB_ID()
SELECT USER_NAME()
SELECT (SELECT COUNT(*) FROM sys.change_tracking_tables WHERE object_id = OBJECT_ID(?)), CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?)), HAS_PERMS_BY_NAME(?, N'OBJECT', N'ALTER')
  -- parameters: N'[dbo].[invoices]', N'[dbo].[invoices]', N'[dbo].[invoices]'
SELECT i.index_id, i.is_primary_key, c.name FROM sys.indexes AS i JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id WHERE i.object_id = OBJECT_ID(?) AND i.is_unique = 1 AND i.is_disabled = 0 AND i.has_filter = 0 AND ic.is_included_column = 0 ORDER BY i.index_id, ic.key_ordinal
  -- parameters: N'[dbo].[invoices]'
returns ctsync.table.dbo.invoices.key: the key (id) of dbo.invoices is not its primary key (), the only key SQL Server's Change Tracking records (fix: remove the key setting, or give the table that primary key)

-- checkPresenceReady
SELECT d.name, CHANGE_TRACKING_CURRENT_VERSION(), d.snapshot_isolation_state, CONVERT(nvarchar(128), DATABASEPROPERTYEX(DB_NAME(), 'Updateability')) FROM sys.databases AS d WHERE d.database_id = DB_ID()

