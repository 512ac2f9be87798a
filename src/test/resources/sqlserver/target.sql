-- describeTarget
SELECT c.name, c.is_identity, c.is_computed, c.system_type_id FROM sys.columns AS c WHERE c.object_id = OBJECT_ID(?)
  -- parameters: N'[dbo].[invoices]'
-- DatabaseMetaData.getColumns (sp_columns_100), names as varchar: 'dbo', 'invoices'
returns []

-- checkImportReady
SELECT d.name, CHANGE_TRACKING_CURRENT_VERSION(), d.snapshot_isolation_state, CONVERT(nvarchar(128), DATABASEPROPERTYEX(DB_NAME(), 'Updateability')) FROM sys.databases AS d WHERE d.database_id = DB_ID()
SELECT USER_NAME()
SELECT (SELECT COUNT(*) FROM sys.change_tracking_tables WHERE object_id = OBJECT_ID(?)), CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?)), HAS_PERMS_BY_NAME(?, N'OBJECT', N'ALTER')
  -- parameters: N'[dbo].[invoices]', N'[dbo].[invoices]', N'[dbo].[invoices]'
-- DatabaseMetaData.getPrimaryKeys (sp_pkeys), names as varchar: 'dbo', 'invoices'
returns ctsync.table.dbo.invoices.key: the key (id) of dbo.invoices is not its primary key (), the only key SQL Server's Change Tracking records (fix: remove the key setting, or give the table that primary key)

-- checkPresenceReady
SELECT d.name, CHANGE_TRACKING_CURRENT_VERSION(), d.snapshot_isolation_state, CONVERT(nvarchar(128), DATABASEPROPERTYEX(DB_NAME(), 'Updateability')) FROM sys.databases AS d WHERE d.database_id = DB_ID()

