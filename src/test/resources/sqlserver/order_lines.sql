-- changeCounts
SELECT COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'I' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'U' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'D' THEN 1 END) FROM CHANGETABLE(CHANGES [sales].[order_lines], ?) AS ct WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- changes
SELECT ct.SYS_CHANGE_OPERATION, ct.[order_id], ct.[line_no], s.[line_no], s.[order_id], s.[sku], s.[quantity] FROM CHANGETABLE(CHANGES [sales].[order_lines], ?) AS ct LEFT JOIN [sales].[order_lines] AS s ON s.[order_id] = ct.[order_id] AND s.[line_no] = ct.[line_no] WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- fullCount
SELECT COUNT_BIG(*) FROM [sales].[order_lines]

-- fullRows
SELECT [line_no], [order_id], [sku], [quantity] FROM [sales].[order_lines]

-- changedKeysSince
SELECT ct.[order_id], ct.[line_no] FROM CHANGETABLE(CHANGES [sales].[order_lines], ?) AS ct ORDER BY [order_id], [line_no]
-- parameters: 41

-- changedSince
SELECT ct.[order_id], ct.[line_no] FROM CHANGETABLE(CHANGES [sales].[order_lines], ?) AS ct WHERE (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 0x637473796E63

-- upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [sales].[order_lines] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, ?, ?), (?, ?, ?, ?)) AS s ([line_no], [order_id], [sku], [quantity]) ON t.[order_id] = s.[order_id] AND t.[line_no] = s.[line_no] WHEN MATCHED THEN UPDATE SET t.[sku] = s.[sku], t.[quantity] = s.[quantity] WHEN NOT MATCHED THEN INSERT ([line_no], [order_id], [sku], [quantity]) VALUES (s.[line_no], s.[order_id], s.[sku], s.[quantity]);

-- delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [sales].[order_lines] AS t INNER JOIN (VALUES (?, ?), (?, ?)) AS d ([order_id], [line_no]) ON t.[order_id] = d.[order_id] AND t.[line_no] = d.[line_no]

-- keyTable 1
DROP TABLE IF EXISTS [#ctsync_keys_1]

-- keyTable 2
SELECT TOP (0) t.[order_id], t.[line_no] INTO [#ctsync_keys_1] FROM [sales].[order_lines] AS t LEFT JOIN (VALUES (0)) AS no_identity (n) ON 1 = 0

-- keyTable insert
INSERT INTO [#ctsync_keys_1] ([order_id], [line_no]) VALUES (?, ?), (?, ?)

-- removeAbsent
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [sales].[order_lines] WHERE NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[order_id] = [sales].[order_lines].[order_id] AND k.[line_no] = [sales].[order_lines].[line_no])

-- removeAbsent with constant
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [sales].[order_lines] WHERE [region] = ? AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[order_id] = [sales].[order_lines].[order_id] AND k.[line_no] = [sales].[order_lines].[line_no])

-- presence
SELECT k.ctsync_ord, k.ctsync_op, k.[order_id], k.[line_no], t.[line_no], t.[order_id], t.[sku], t.[quantity] FROM (VALUES (?, ?, ?, ?), (?, ?, ?, ?)) AS k (ctsync_ord, ctsync_op, [order_id], [line_no]) LEFT JOIN [sales].[order_lines] t ON t.[order_id] = k.[order_id] AND t.[line_no] = k.[line_no] ORDER BY k.ctsync_ord

-- presence with constant
SELECT k.ctsync_ord, k.ctsync_op, k.[order_id], k.[line_no], t.[line_no], t.[order_id], t.[sku], t.[quantity] FROM (VALUES (?, ?, ?, ?), (?, ?, ?, ?)) AS k (ctsync_ord, ctsync_op, [order_id], [line_no]) LEFT JOIN [sales].[order_lines] t ON t.[order_id] = k.[order_id] AND t.[line_no] = k.[line_no] AND t.[region] = ? ORDER BY k.ctsync_ord

-- enableTracking refuses
--enable-tracking: ctsync installs no tracking on SQL Server, whose own Change Tracking it reads (fix: have the database owner run ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON); ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON; ALTER TABLE [sales].[order_lines] ENABLE CHANGE_TRACKING (and the same for every table in ctsync.tables))

