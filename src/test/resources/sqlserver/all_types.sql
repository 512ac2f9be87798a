-- changeCounts
SELECT COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'I' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'U' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'D' THEN 1 END) FROM CHANGETABLE(CHANGES [dbo].[all_types], ?) AS ct WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- changes
SELECT ct.SYS_CHANGE_OPERATION, ct.[id], s.[id], s.[tiny], s.[flag], s.[amount], s.[ratio], s.[single], s.[day], s.[at], s.[local_ts], s.[zoned_ts], s.[guid], s.[bytes], s.[text], s.[doc] FROM CHANGETABLE(CHANGES [dbo].[all_types], ?) AS ct LEFT JOIN [dbo].[all_types] AS s ON s.[id] = ct.[id] WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- fullCount
SELECT COUNT_BIG(*) FROM [dbo].[all_types]

-- fullRows
SELECT [id], [tiny], [flag], [amount], [ratio], [single], [day], [at], [local_ts], [zoned_ts], [guid], [bytes], [text], [doc] FROM [dbo].[all_types]

-- changedKeysSince
SELECT ct.[id] FROM CHANGETABLE(CHANGES [dbo].[all_types], ?) AS ct ORDER BY [id]
-- parameters: 41

-- changedSince
SELECT ct.[id] FROM CHANGETABLE(CHANGES [dbo].[all_types], ?) AS ct WHERE (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 0x637473796E63

-- upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[all_types] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, ?, CAST(? AS money), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, CAST(? AS money), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)) AS s ([id], [tiny], [flag], [amount], [ratio], [single], [day], [at], [local_ts], [zoned_ts], [guid], [bytes], [text], [doc]) ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[tiny] = s.[tiny], t.[flag] = s.[flag], t.[amount] = s.[amount], t.[ratio] = s.[ratio], t.[single] = s.[single], t.[day] = s.[day], t.[at] = s.[at], t.[local_ts] = s.[local_ts], t.[zoned_ts] = s.[zoned_ts], t.[guid] = s.[guid], t.[bytes] = s.[bytes], t.[text] = s.[text], t.[doc] = s.[doc] WHEN NOT MATCHED THEN INSERT ([id], [tiny], [flag], [amount], [ratio], [single], [day], [at], [local_ts], [zoned_ts], [guid], [bytes], [text], [doc]) VALUES (s.[id], s.[tiny], s.[flag], s.[amount], s.[ratio], s.[single], s.[day], s.[at], s.[local_ts], s.[zoned_ts], s.[guid], s.[bytes], s.[text], s.[doc]);

-- delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [dbo].[all_types] AS t INNER JOIN (VALUES (?), (?)) AS d ([id]) ON t.[id] = d.[id]

-- keyTable 1
DROP TABLE IF EXISTS [#ctsync_keys_1]

-- keyTable 2
SELECT TOP (0) t.[id] INTO [#ctsync_keys_1] FROM [dbo].[all_types] AS t LEFT JOIN (VALUES (0)) AS no_identity (n) ON 1 = 0

-- keyTable insert
INSERT INTO [#ctsync_keys_1] ([id]) VALUES (?), (?)

-- removeAbsent
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [dbo].[all_types] WHERE NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[all_types].[id])

-- removeAbsent with constant
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [dbo].[all_types] WHERE [region] = ? AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[all_types].[id])

-- presence
SELECT k.ctsync_ord, k.ctsync_op, k.[id], t.[id], t.[tiny], t.[flag], t.[amount], t.[ratio], t.[single], t.[day], t.[at], t.[local_ts], t.[zoned_ts], t.[guid], t.[bytes], t.[text], t.[doc] FROM (VALUES (?, ?, ?), (?, ?, ?)) AS k (ctsync_ord, ctsync_op, [id]) LEFT JOIN [dbo].[all_types] t ON t.[id] = k.[id] ORDER BY k.ctsync_ord

-- presence with constant
SELECT k.ctsync_ord, k.ctsync_op, k.[id], t.[id], t.[tiny], t.[flag], t.[amount], t.[ratio], t.[single], t.[day], t.[at], t.[local_ts], t.[zoned_ts], t.[guid], t.[bytes], t.[text], t.[doc] FROM (VALUES (?, ?, ?), (?, ?, ?)) AS k (ctsync_ord, ctsync_op, [id]) LEFT JOIN [dbo].[all_types] t ON t.[id] = k.[id] AND t.[region] = ? ORDER BY k.ctsync_ord

-- enableTracking refuses
--enable-tracking: ctsync installs no tracking on SQL Server, whose own Change Tracking it reads (fix: have the database owner run ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON); ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON; ALTER TABLE [dbo].[all_types] ENABLE CHANGE_TRACKING (and the same for every table in ctsync.tables))

