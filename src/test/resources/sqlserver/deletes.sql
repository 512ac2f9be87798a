-- orders: soft delete of 2 keys (the time, then the keys)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE t SET t.[ctsync_deleted_at] = CAST(? AS datetimeoffset(3)) FROM [dbo].[orders] AS t INNER JOIN (VALUES (?), (?)) AS d ([id]) ON t.[id] = d.[id] WHERE t.[ctsync_deleted_at] IS NULL

-- orders: upsert of 1 row clearing the deletion time
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[orders] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, CAST(? AS decimal(12,2)), ?, CAST(? AS datetimeoffset(3)))) AS s ([id], [customer], [total], [placed_at], [ctsync_deleted_at]) ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[customer] = s.[customer], t.[total] = s.[total], t.[placed_at] = s.[placed_at], t.[ctsync_deleted_at] = s.[ctsync_deleted_at] WHEN NOT MATCHED THEN INSERT ([id], [customer], [total], [placed_at], [ctsync_deleted_at]) VALUES (s.[id], s.[customer], s.[total], s.[placed_at], s.[ctsync_deleted_at]);

-- orders: soft delete of a full table's absent rows (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[orders] SET [ctsync_deleted_at] = CAST(? AS datetimeoffset(3)) WHERE [ctsync_deleted_at] IS NULL AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[orders].[id])

-- orders: bulk: soft delete of the work table's keys (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[orders] SET [ctsync_deleted_at] = CAST(? AS datetimeoffset(3)) WHERE [ctsync_deleted_at] IS NULL AND EXISTS (SELECT 1 FROM [#ctsync_rows] AS w WHERE [dbo].[orders].[id] = w.[id])

-- orders: bulk: the work table's keys back after the MERGE
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[orders] SET [ctsync_deleted_at] = NULL WHERE [ctsync_deleted_at] IS NOT NULL AND EXISTS (SELECT 1 FROM [#ctsync_rows] AS w WHERE [dbo].[orders].[id] = w.[id])

-- orders: --check: the fix for a missing deleted column
ALTER TABLE [dbo].[orders] ADD [ctsync_deleted_at] datetimeoffset(3) NULL

-- readings: soft delete of 2 keys (the time, then the keys)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE t SET t.[ctsync_deleted_at] = CAST(? AS datetimeoffset(3)) FROM [dbo].[readings] AS t INNER JOIN (VALUES (?, CAST(? AS datetime)), (?, CAST(? AS datetime))) AS d ([sensor], [taken_at]) ON t.[sensor] = d.[sensor] AND t.[taken_at] = d.[taken_at] WHERE t.[ctsync_deleted_at] IS NULL

-- readings: upsert of 1 row clearing the deletion time
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[readings] WITH (HOLDLOCK) AS t USING (VALUES (?, CAST(? AS datetime), CAST(? AS smalldatetime), ?, ?, CAST(? AS datetimeoffset(3)))) AS s ([sensor], [taken_at], [logged_at], [at_time], [reading], [ctsync_deleted_at]) ON t.[sensor] = s.[sensor] AND t.[taken_at] = s.[taken_at] WHEN MATCHED THEN UPDATE SET t.[logged_at] = s.[logged_at], t.[at_time] = s.[at_time], t.[reading] = s.[reading], t.[ctsync_deleted_at] = s.[ctsync_deleted_at] WHEN NOT MATCHED THEN INSERT ([sensor], [taken_at], [logged_at], [at_time], [reading], [ctsync_deleted_at]) VALUES (s.[sensor], s.[taken_at], s.[logged_at], s.[at_time], s.[reading], s.[ctsync_deleted_at]);

-- readings: soft delete of a full table's absent rows (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[readings] SET [ctsync_deleted_at] = CAST(? AS datetimeoffset(3)) WHERE [ctsync_deleted_at] IS NULL AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[sensor] = [dbo].[readings].[sensor] AND k.[taken_at] = [dbo].[readings].[taken_at])

-- readings: bulk: soft delete of the work table's keys (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[readings] SET [ctsync_deleted_at] = CAST(? AS datetimeoffset(3)) WHERE [ctsync_deleted_at] IS NULL AND EXISTS (SELECT 1 FROM [#ctsync_rows] AS w WHERE [dbo].[readings].[sensor] = w.[sensor] AND [dbo].[readings].[taken_at] = w.[taken_at])

-- readings: bulk: the work table's keys back after the MERGE
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[readings] SET [ctsync_deleted_at] = NULL WHERE [ctsync_deleted_at] IS NOT NULL AND EXISTS (SELECT 1 FROM [#ctsync_rows] AS w WHERE [dbo].[readings].[sensor] = w.[sensor] AND [dbo].[readings].[taken_at] = w.[taken_at])

-- readings: --check: the fix for a missing deleted column
ALTER TABLE [dbo].[readings] ADD [ctsync_deleted_at] datetimeoffset(3) NULL

-- orders (history): close the open versions of 2 keys (the time, then the keys)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE t SET t.[valid_to] = CAST(? AS datetimeoffset(3)) FROM [dbo].[orders] AS t INNER JOIN (VALUES (?), (?)) AS d ([id]) ON t.[id] = d.[id] WHERE t.[valid_to] IS NULL

-- orders (history): open a version of 1 row (by key and valid_from)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[orders] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, CAST(? AS decimal(12,2)), ?, CAST(? AS datetimeoffset(3)), CAST(? AS datetimeoffset(3)))) AS s ([id], [customer], [total], [placed_at], [valid_from], [valid_to]) ON t.[id] = s.[id] AND t.[valid_from] = s.[valid_from] WHEN MATCHED THEN UPDATE SET t.[customer] = s.[customer], t.[total] = s.[total], t.[placed_at] = s.[placed_at], t.[valid_to] = s.[valid_to] WHEN NOT MATCHED THEN INSERT ([id], [customer], [total], [placed_at], [valid_from], [valid_to]) VALUES (s.[id], s.[customer], s.[total], s.[placed_at], s.[valid_from], s.[valid_to]);

-- orders (history): close the open versions of a full table's absent keys (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[orders] SET [valid_to] = CAST(? AS datetimeoffset(3)) WHERE [valid_to] IS NULL AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[orders].[id])

-- orders (history): bulk: close the open versions of the work table's keys (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[orders] SET [valid_to] = CAST(? AS datetimeoffset(3)) WHERE [valid_to] IS NULL AND EXISTS (SELECT 1 FROM [#ctsync_rows] AS w WHERE [dbo].[orders].[id] = w.[id])

-- orders (history): bulk: close the open versions whose values the work table changes (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[orders] SET [valid_to] = CAST(? AS datetimeoffset(3)) WHERE [valid_to] IS NULL AND EXISTS (SELECT 1 FROM [#ctsync_rows] AS w WHERE [dbo].[orders].[id] = w.[id] AND NOT EXISTS (SELECT w.[id], w.[customer], w.[total], w.[placed_at] INTERSECT SELECT [dbo].[orders].[id], [dbo].[orders].[customer], [dbo].[orders].[total], [dbo].[orders].[placed_at]))

-- orders (history): bulk: open a version of each key left without one (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[orders] WITH (HOLDLOCK) AS t USING (SELECT w.[id], w.[customer], w.[total], w.[placed_at], CAST(? AS datetimeoffset(3)) AS [valid_from], CAST(NULL AS datetimeoffset(3)) AS [valid_to] FROM (SELECT w.[id], w.[customer], w.[total], w.[placed_at], ROW_NUMBER() OVER (PARTITION BY w.[id] ORDER BY w.[ctsync_row] DESC) AS [ctsync_last] FROM [#ctsync_rows] AS w WHERE NOT EXISTS (SELECT 1 FROM [dbo].[orders] AS t WHERE t.[id] = w.[id] AND t.[valid_to] IS NULL)) AS w WHERE w.[ctsync_last] = 1) AS s ON t.[id] = s.[id] AND t.[valid_from] = s.[valid_from] WHEN MATCHED THEN UPDATE SET t.[customer] = s.[customer], t.[total] = s.[total], t.[placed_at] = s.[placed_at], t.[valid_to] = s.[valid_to] WHEN NOT MATCHED THEN INSERT ([id], [customer], [total], [placed_at], [valid_from], [valid_to]) VALUES (s.[id], s.[customer], s.[total], s.[placed_at], s.[valid_from], s.[valid_to]);

-- orders (history): presence of 2 keys, their open versions
SELECT k.ctsync_ord, k.ctsync_op, k.[id], t.[id], t.[customer], t.[total], t.[placed_at], t.[valid_from], t.[valid_to] FROM (VALUES (?, ?, ?), (?, ?, ?)) AS k (ctsync_ord, ctsync_op, [id]) LEFT JOIN [dbo].[orders] t ON t.[id] = k.[id] AND t.[valid_to] IS NULL ORDER BY k.ctsync_ord

-- orders (history): --check: the fix for a missing version key
ALTER TABLE [dbo].[orders] ADD PRIMARY KEY ([id], [valid_from])

-- readings (history): close the open versions of 2 keys (the time, then the keys)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE t SET t.[valid_to] = CAST(? AS datetimeoffset(3)) FROM [dbo].[readings] AS t INNER JOIN (VALUES (?, CAST(? AS datetime)), (?, CAST(? AS datetime))) AS d ([sensor], [taken_at]) ON t.[sensor] = d.[sensor] AND t.[taken_at] = d.[taken_at] WHERE t.[valid_to] IS NULL

-- readings (history): open a version of 1 row (by key and valid_from)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[readings] WITH (HOLDLOCK) AS t USING (VALUES (?, CAST(? AS datetime), CAST(? AS smalldatetime), ?, ?, CAST(? AS datetimeoffset(3)), CAST(? AS datetimeoffset(3)))) AS s ([sensor], [taken_at], [logged_at], [at_time], [reading], [valid_from], [valid_to]) ON t.[sensor] = s.[sensor] AND t.[taken_at] = s.[taken_at] AND t.[valid_from] = s.[valid_from] WHEN MATCHED THEN UPDATE SET t.[logged_at] = s.[logged_at], t.[at_time] = s.[at_time], t.[reading] = s.[reading], t.[valid_to] = s.[valid_to] WHEN NOT MATCHED THEN INSERT ([sensor], [taken_at], [logged_at], [at_time], [reading], [valid_from], [valid_to]) VALUES (s.[sensor], s.[taken_at], s.[logged_at], s.[at_time], s.[reading], s.[valid_from], s.[valid_to]);

-- readings (history): close the open versions of a full table's absent keys (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[readings] SET [valid_to] = CAST(? AS datetimeoffset(3)) WHERE [valid_to] IS NULL AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[sensor] = [dbo].[readings].[sensor] AND k.[taken_at] = [dbo].[readings].[taken_at])

-- readings (history): bulk: close the open versions of the work table's keys (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[readings] SET [valid_to] = CAST(? AS datetimeoffset(3)) WHERE [valid_to] IS NULL AND EXISTS (SELECT 1 FROM [#ctsync_rows] AS w WHERE [dbo].[readings].[sensor] = w.[sensor] AND [dbo].[readings].[taken_at] = w.[taken_at])

-- readings (history): bulk: close the open versions whose values the work table changes (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) UPDATE [dbo].[readings] SET [valid_to] = CAST(? AS datetimeoffset(3)) WHERE [valid_to] IS NULL AND EXISTS (SELECT 1 FROM [#ctsync_rows] AS w WHERE [dbo].[readings].[sensor] = w.[sensor] AND [dbo].[readings].[taken_at] = w.[taken_at] AND NOT EXISTS (SELECT w.[sensor], w.[taken_at], w.[logged_at], w.[at_time], w.[reading] INTERSECT SELECT [dbo].[readings].[sensor], [dbo].[readings].[taken_at], [dbo].[readings].[logged_at], [dbo].[readings].[at_time], [dbo].[readings].[reading]))

-- readings (history): bulk: open a version of each key left without one (the time)
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[readings] WITH (HOLDLOCK) AS t USING (SELECT w.[sensor], w.[taken_at], w.[logged_at], w.[at_time], w.[reading], CAST(? AS datetimeoffset(3)) AS [valid_from], CAST(NULL AS datetimeoffset(3)) AS [valid_to] FROM (SELECT w.[sensor], w.[taken_at], w.[logged_at], w.[at_time], w.[reading], ROW_NUMBER() OVER (PARTITION BY w.[sensor], w.[taken_at] ORDER BY w.[ctsync_row] DESC) AS [ctsync_last] FROM [#ctsync_rows] AS w WHERE NOT EXISTS (SELECT 1 FROM [dbo].[readings] AS t WHERE t.[sensor] = w.[sensor] AND t.[taken_at] = w.[taken_at] AND t.[valid_to] IS NULL)) AS w WHERE w.[ctsync_last] = 1) AS s ON t.[sensor] = s.[sensor] AND t.[taken_at] = s.[taken_at] AND t.[valid_from] = s.[valid_from] WHEN MATCHED THEN UPDATE SET t.[logged_at] = s.[logged_at], t.[at_time] = s.[at_time], t.[reading] = s.[reading], t.[valid_to] = s.[valid_to] WHEN NOT MATCHED THEN INSERT ([sensor], [taken_at], [logged_at], [at_time], [reading], [valid_from], [valid_to]) VALUES (s.[sensor], s.[taken_at], s.[logged_at], s.[at_time], s.[reading], s.[valid_from], s.[valid_to]);

-- readings (history): presence of 2 keys, their open versions
SELECT k.ctsync_ord, k.ctsync_op, k.[sensor], k.[taken_at], t.[sensor], t.[taken_at], t.[logged_at], t.[at_time], t.[reading], t.[valid_from], t.[valid_to] FROM (VALUES (?, ?, ?, CAST(? AS datetime)), (?, ?, ?, CAST(? AS datetime))) AS k (ctsync_ord, ctsync_op, [sensor], [taken_at]) LEFT JOIN [dbo].[readings] t ON t.[sensor] = k.[sensor] AND t.[taken_at] = k.[taken_at] AND t.[valid_to] IS NULL ORDER BY k.ctsync_ord

-- readings (history): --check: the fix for a missing version key
ALTER TABLE [dbo].[readings] ADD PRIMARY KEY ([sensor], [taken_at], [valid_from])

