-- changeCounts
SELECT COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'I' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'U' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'D' THEN 1 END) FROM CHANGETABLE(CHANGES [dbo].[orders], ?) AS ct WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- changes
SELECT ct.SYS_CHANGE_OPERATION, ct.[id], s.[id], s.[customer], s.[total], s.[placed_at] FROM CHANGETABLE(CHANGES [dbo].[orders], ?) AS ct LEFT JOIN [dbo].[orders] AS s ON s.[id] = ct.[id] WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- fullCount
SELECT COUNT_BIG(*) FROM [dbo].[orders]

-- fullRows
SELECT [id], [customer], [total], [placed_at] FROM [dbo].[orders]

-- changedKeysSince
SELECT ct.[id] FROM CHANGETABLE(CHANGES [dbo].[orders], ?) AS ct ORDER BY [id]
-- parameters: 41

-- changedSince
SELECT ct.[id] FROM CHANGETABLE(CHANGES [dbo].[orders], ?) AS ct WHERE (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 0x637473796E63

-- upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[orders] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, CAST(? AS decimal(12,2)), ?), (?, ?, CAST(? AS decimal(12,2)), ?)) AS s ([id], [customer], [total], [placed_at]) ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[customer] = s.[customer], t.[total] = s.[total], t.[placed_at] = s.[placed_at] WHEN NOT MATCHED THEN INSERT ([id], [customer], [total], [placed_at]) VALUES (s.[id], s.[customer], s.[total], s.[placed_at]);

-- delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [dbo].[orders] AS t INNER JOIN (VALUES (?), (?)) AS d ([id]) ON t.[id] = d.[id]

-- keyTable 1
DROP TABLE IF EXISTS [#ctsync_keys_1]

-- keyTable 2
SELECT TOP (0) t.[id] INTO [#ctsync_keys_1] FROM [dbo].[orders] AS t LEFT JOIN (VALUES (0)) AS no_identity (n) ON 1 = 0

-- keyTable insert
INSERT INTO [#ctsync_keys_1] ([id]) VALUES (?), (?)

-- removeAbsent
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [dbo].[orders] WHERE NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[orders].[id])

-- removeAbsent with constant
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [dbo].[orders] WHERE [region] = ? AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[orders].[id])

-- presence
SELECT k.ctsync_ord, k.ctsync_op, k.[id], t.[id], t.[customer], t.[total], t.[placed_at] FROM (VALUES (?, ?, ?), (?, ?, ?)) AS k (ctsync_ord, ctsync_op, [id]) LEFT JOIN [dbo].[orders] t ON t.[id] = k.[id] ORDER BY k.ctsync_ord

-- presence with constant
SELECT k.ctsync_ord, k.ctsync_op, k.[id], t.[id], t.[customer], t.[total], t.[placed_at] FROM (VALUES (?, ?, ?), (?, ?, ?)) AS k (ctsync_ord, ctsync_op, [id]) LEFT JOIN [dbo].[orders] t ON t.[id] = k.[id] AND t.[region] = ? ORDER BY k.ctsync_ord

-- enableTracking refuses
--enable-tracking: ctsync installs no tracking on SQL Server, whose own Change Tracking it reads (fix: have the database owner run ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON); ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON; ALTER TABLE [dbo].[orders] ENABLE CHANGE_TRACKING (and the same for every table in ctsync.tables))

