-- changeCounts
SELECT COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'I' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'U' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'D' THEN 1 END) FROM CHANGETABLE(CHANGES [dbo].[readings], ?) AS ct WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- changes
SELECT ct.SYS_CHANGE_OPERATION, ct.[sensor], ct.[taken_at], s.[sensor], s.[taken_at], s.[logged_at], s.[at_time], s.[reading] FROM CHANGETABLE(CHANGES [dbo].[readings], ?) AS ct LEFT JOIN [dbo].[readings] AS s ON s.[sensor] = ct.[sensor] AND s.[taken_at] = ct.[taken_at] WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- fullCount
SELECT COUNT_BIG(*) FROM [dbo].[readings]

-- fullRows
SELECT [sensor], [taken_at], [logged_at], [at_time], [reading] FROM [dbo].[readings]

-- changedKeysSince
SELECT ct.[sensor], ct.[taken_at] FROM CHANGETABLE(CHANGES [dbo].[readings], ?) AS ct ORDER BY [sensor], [taken_at]
-- parameters: 41

-- changedSince
SELECT ct.[sensor], ct.[taken_at] FROM CHANGETABLE(CHANGES [dbo].[readings], ?) AS ct WHERE (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 0x637473796E63

-- upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[readings] WITH (HOLDLOCK) AS t USING (VALUES (?, CAST(? AS datetime), CAST(? AS smalldatetime), ?, ?), (?, CAST(? AS datetime), CAST(? AS smalldatetime), ?, ?)) AS s ([sensor], [taken_at], [logged_at], [at_time], [reading]) ON t.[sensor] = s.[sensor] AND t.[taken_at] = s.[taken_at] WHEN MATCHED THEN UPDATE SET t.[logged_at] = s.[logged_at], t.[at_time] = s.[at_time], t.[reading] = s.[reading] WHEN NOT MATCHED THEN INSERT ([sensor], [taken_at], [logged_at], [at_time], [reading]) VALUES (s.[sensor], s.[taken_at], s.[logged_at], s.[at_time], s.[reading]);

-- delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [dbo].[readings] AS t INNER JOIN (VALUES (?, CAST(? AS datetime)), (?, CAST(? AS datetime))) AS d ([sensor], [taken_at]) ON t.[sensor] = d.[sensor] AND t.[taken_at] = d.[taken_at]

-- keyTable 1
DROP TABLE IF EXISTS [#ctsync_keys_1]

-- keyTable 2
SELECT TOP (0) t.[sensor], t.[taken_at] INTO [#ctsync_keys_1] FROM [dbo].[readings] AS t LEFT JOIN (VALUES (0)) AS no_identity (n) ON 1 = 0

-- keyTable insert
INSERT INTO [#ctsync_keys_1] ([sensor], [taken_at]) VALUES (?, CAST(? AS datetime)), (?, CAST(? AS datetime))

-- removeAbsent
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [dbo].[readings] WHERE NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[sensor] = [dbo].[readings].[sensor] AND k.[taken_at] = [dbo].[readings].[taken_at])

-- removeAbsent with constant
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [dbo].[readings] WHERE [region] = ? AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[sensor] = [dbo].[readings].[sensor] AND k.[taken_at] = [dbo].[readings].[taken_at])

-- presence
SELECT k.ctsync_ord, k.ctsync_op, k.[sensor], k.[taken_at], t.[sensor], t.[taken_at], t.[logged_at], t.[at_time], t.[reading] FROM (VALUES (?, ?, ?, CAST(? AS datetime)), (?, ?, ?, CAST(? AS datetime))) AS k (ctsync_ord, ctsync_op, [sensor], [taken_at]) LEFT JOIN [dbo].[readings] t ON t.[sensor] = k.[sensor] AND t.[taken_at] = k.[taken_at] ORDER BY k.ctsync_ord

-- presence with constant
SELECT k.ctsync_ord, k.ctsync_op, k.[sensor], k.[taken_at], t.[sensor], t.[taken_at], t.[logged_at], t.[at_time], t.[reading] FROM (VALUES (?, ?, ?, CAST(? AS datetime)), (?, ?, ?, CAST(? AS datetime))) AS k (ctsync_ord, ctsync_op, [sensor], [taken_at]) LEFT JOIN [dbo].[readings] t ON t.[sensor] = k.[sensor] AND t.[taken_at] = k.[taken_at] AND t.[region] = ? ORDER BY k.ctsync_ord

-- enableTracking refuses
--enable-tracking: ctsync installs no tracking on SQL Server, whose own Change Tracking it reads (fix: have the database owner run ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON); ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON; ALTER TABLE [dbo].[readings] ENABLE CHANGE_TRACKING (and the same for every table in ctsync.tables))

