-- changeCounts
SELECT COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'I' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'U' THEN 1 END), COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'D' THEN 1 END) FROM CHANGETABLE(CHANGES [my schema].[odd]]name [x]] ünïcödé 表], ?) AS ct WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- changes
SELECT ct.SYS_CHANGE_OPERATION, ct.[key col], ct.[zähler], s.[key col], s.[zähler], s.[va]]lue [1]]], s.[naïve-名前] FROM CHANGETABLE(CHANGES [my schema].[odd]]name [x]] ünïcödé 表], ?) AS ct LEFT JOIN [my schema].[odd]]name [x]] ünïcödé 表] AS s ON s.[key col] = ct.[key col] AND s.[zähler] = ct.[zähler] WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- fullCount
SELECT COUNT_BIG(*) FROM [my schema].[odd]]name [x]] ünïcödé 表]

-- fullRows
SELECT [key col], [zähler], [va]]lue [1]]], [naïve-名前] FROM [my schema].[odd]]name [x]] ünïcödé 表]

-- changedKeysSince
SELECT ct.[key col], ct.[zähler] FROM CHANGETABLE(CHANGES [my schema].[odd]]name [x]] ünïcödé 表], ?) AS ct ORDER BY [key col] COLLATE Latin1_General_100_BIN2, [zähler]
-- parameters: 41

-- changedSince
SELECT ct.[key col], ct.[zähler] FROM CHANGETABLE(CHANGES [my schema].[odd]]name [x]] ünïcödé 表], ?) AS ct WHERE (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 0x637473796E63

-- upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [my schema].[odd]]name [x]] ünïcödé 表] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, ?, ?), (?, ?, ?, ?)) AS s ([key col], [zähler], [va]]lue [1]]], [naïve-名前]) ON t.[key col] = s.[key col] AND t.[zähler] = s.[zähler] WHEN MATCHED THEN UPDATE SET t.[va]]lue [1]]] = s.[va]]lue [1]]], t.[naïve-名前] = s.[naïve-名前] WHEN NOT MATCHED THEN INSERT ([key col], [zähler], [va]]lue [1]]], [naïve-名前]) VALUES (s.[key col], s.[zähler], s.[va]]lue [1]]], s.[naïve-名前]);

-- delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [my schema].[odd]]name [x]] ünïcödé 表] AS t INNER JOIN (VALUES (?, ?), (?, ?)) AS d ([key col], [zähler]) ON t.[key col] = d.[key col] AND t.[zähler] = d.[zähler]

-- keyTable 1
DROP TABLE IF EXISTS [#ctsync_keys_1]

-- keyTable 2
SELECT TOP (0) t.[key col], t.[zähler] INTO [#ctsync_keys_1] FROM [my schema].[odd]]name [x]] ünïcödé 表] AS t LEFT JOIN (VALUES (0)) AS no_identity (n) ON 1 = 0

-- keyTable insert
INSERT INTO [#ctsync_keys_1] ([key col], [zähler]) VALUES (?, ?), (?, ?)

-- removeAbsent
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[key col] = [my schema].[odd]]name [x]] ünïcödé 表].[key col] AND k.[zähler] = [my schema].[odd]]name [x]] ünïcödé 表].[zähler])

-- removeAbsent with constant
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE [region] = ? AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[key col] = [my schema].[odd]]name [x]] ünïcödé 表].[key col] AND k.[zähler] = [my schema].[odd]]name [x]] ünïcödé 表].[zähler])

-- presence
SELECT k.ctsync_ord, k.ctsync_op, k.[key col], k.[zähler], t.[key col], t.[zähler], t.[va]]lue [1]]], t.[naïve-名前] FROM (VALUES (?, ?, ?, ?), (?, ?, ?, ?)) AS k (ctsync_ord, ctsync_op, [key col], [zähler]) LEFT JOIN [my schema].[odd]]name [x]] ünïcödé 表] t ON t.[key col] = k.[key col] AND t.[zähler] = k.[zähler] ORDER BY k.ctsync_ord

-- presence with constant
SELECT k.ctsync_ord, k.ctsync_op, k.[key col], k.[zähler], t.[key col], t.[zähler], t.[va]]lue [1]]], t.[naïve-名前] FROM (VALUES (?, ?, ?, ?), (?, ?, ?, ?)) AS k (ctsync_ord, ctsync_op, [key col], [zähler]) LEFT JOIN [my schema].[odd]]name [x]] ünïcödé 表] t ON t.[key col] = k.[key col] AND t.[zähler] = k.[zähler] AND t.[region] = ? ORDER BY k.ctsync_ord

-- enableTracking refuses
--enable-tracking: ctsync installs no tracking on SQL Server, whose own Change Tracking it reads (fix: have the database owner run ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON); ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON; ALTER TABLE [my schema].[odd]]name [x]] ünïcödé 表] ENABLE CHANGE_TRACKING (and the same for every table in ctsync.tables))

