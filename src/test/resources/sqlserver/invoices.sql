-- changeCounts
SELECT COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'I' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'U' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'D' THEN 1 END) FROM CHANGETABLE(CHANGES [dbo].[invoices], ?) AS ct WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- changes
SELECT ct.SYS_CHANGE_OPERATION, ct.[id], s.[id], s.[number], s.[net], s.[gross], s.[row_version] FROM CHANGETABLE(CHANGES [dbo].[invoices], ?) AS ct LEFT JOIN [dbo].[invoices] AS s ON s.[id] = ct.[id] WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- fullCount
SELECT COUNT_BIG(*) FROM [dbo].[invoices]

-- fullRows
SELECT [id], [number], [net], [gross], [row_version] FROM [dbo].[invoices]

-- changedKeysSince
SELECT ct.[id] FROM CHANGETABLE(CHANGES [dbo].[invoices], ?) AS ct ORDER BY [id]
-- parameters: 41

-- changedSince
SELECT ct.[id] FROM CHANGETABLE(CHANGES [dbo].[invoices], ?) AS ct WHERE (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 0x637473796E63

-- identityInsert on
SET IDENTITY_INSERT [dbo].[invoices] ON

-- upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[invoices] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, CAST(? AS decimal(10,2))), (?, ?, CAST(? AS decimal(10,2)))) AS s ([id], [number], [net]) ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[number] = s.[number], t.[net] = s.[net] WHEN NOT MATCHED THEN INSERT ([id], [number], [net]) VALUES (s.[id], s.[number], s.[net]);

-- identityInsert off
SET IDENTITY_INSERT [dbo].[invoices] OFF

-- delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [dbo].[invoices] AS t INNER JOIN (VALUES (?), (?)) AS d ([id]) ON t.[id] = d.[id]

-- keyTable 1
DROP TABLE IF EXISTS [#ctsync_keys_1]

-- keyTable 2
SELECT TOP (0) t.[id] INTO [#ctsync_keys_1] FROM [dbo].[invoices] AS t LEFT JOIN (VALUES (0)) AS no_identity (n) ON 1 = 0

-- keyTable insert
INSERT INTO [#ctsync_keys_1] ([id]) VALUES (?), (?)

-- removeAbsent
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [dbo].[invoices] WHERE NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[invoices].[id])

-- removeAbsent with constant
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [dbo].[invoices] WHERE [region] = ? AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[invoices].[id])

-- presence
SELECT k.ctsync_ord, k.ctsync_op, k.[id], t.[id], t.[number], t.[net], t.[gross], t.[row_version] FROM (VALUES (?, ?, ?), (?, ?, ?)) AS k (ctsync_ord, ctsync_op, [id]) LEFT JOIN [dbo].[invoices] t ON t.[id] = k.[id] ORDER BY k.ctsync_ord

-- presence with constant
SELECT k.ctsync_ord, k.ctsync_op, k.[id], t.[id], t.[number], t.[net], t.[gross], t.[row_version] FROM (VALUES (?, ?, ?), (?, ?, ?)) AS k (ctsync_ord, ctsync_op, [id]) LEFT JOIN [dbo].[invoices] t ON t.[id] = k.[id] AND t.[region] = ? ORDER BY k.ctsync_ord

-- enableTracking refuses
--enable-tracking: ctsync installs no tracking on SQL Server, whose own Change Tracking it reads (fix: have the database owner run ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON); ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON; ALTER TABLE [dbo].[invoices] ENABLE CHANGE_TRACKING (and the same for every table in ctsync.tables))

