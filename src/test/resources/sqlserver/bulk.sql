-- orders: work table
DROP TABLE IF EXISTS [#ctsync_texts]

-- orders: work table
DROP TABLE IF EXISTS [#ctsync_rows]

-- orders: work table
CREATE TABLE [#ctsync_texts] ([ctsync_row] bigint NOT NULL, [id] nvarchar(max) NULL, [customer] nvarchar(max) NULL, [total] nvarchar(max) NULL, [placed_at] nvarchar(max) NULL)

-- orders: work table
SELECT TOP (0) IDENTITY(bigint, 1, 1) AS [ctsync_row], t.[id], t.[customer], t.[total], t.[placed_at] INTO [#ctsync_rows] FROM (VALUES (0)) AS no_row (n) LEFT JOIN [dbo].[orders] AS t ON 1 = 0

-- orders: after the bulk copy
INSERT INTO [#ctsync_rows] ([id], [customer], [total], [placed_at]) SELECT w.[id], w.[customer], w.[total], w.[placed_at] FROM [#ctsync_texts] AS w ORDER BY w.[ctsync_row]

-- orders: after the bulk copy
TRUNCATE TABLE [#ctsync_texts]

-- orders: upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[orders] WITH (HOLDLOCK) AS t USING (SELECT w.[id], w.[customer], w.[total], w.[placed_at] FROM (SELECT w.[id], w.[customer], w.[total], w.[placed_at], ROW_NUMBER() OVER (PARTITION BY w.[id] ORDER BY w.[ctsync_row] DESC) AS [ctsync_last] FROM [#ctsync_rows] AS w) AS w WHERE w.[ctsync_last] = 1) AS s ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[customer] = s.[customer], t.[total] = s.[total], t.[placed_at] = s.[placed_at] WHEN NOT MATCHED THEN INSERT ([id], [customer], [total], [placed_at]) VALUES (s.[id], s.[customer], s.[total], s.[placed_at]);

-- orders: delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [dbo].[orders] AS t INNER JOIN [#ctsync_rows] AS w ON t.[id] = w.[id]

-- orders: keys of a full table
INSERT INTO [#ctsync_keys_1] ([id]) SELECT w.[id] FROM [#ctsync_rows] AS w

-- orders: drop
DROP TABLE [#ctsync_texts]

-- orders: drop
DROP TABLE [#ctsync_rows]

-- readings: work table
DROP TABLE IF EXISTS [#ctsync_texts]

-- readings: work table
DROP TABLE IF EXISTS [#ctsync_rows]

-- readings: work table
CREATE TABLE [#ctsync_texts] ([ctsync_row] bigint NOT NULL, [sensor] nvarchar(max) NULL, [taken_at] nvarchar(max) NULL, [logged_at] nvarchar(max) NULL, [at_time] nvarchar(max) NULL, [reading] nvarchar(max) NULL)

-- readings: work table
SELECT TOP (0) IDENTITY(bigint, 1, 1) AS [ctsync_row], t.[sensor], t.[taken_at], t.[logged_at], t.[at_time], t.[reading] INTO [#ctsync_rows] FROM (VALUES (0)) AS no_row (n) LEFT JOIN [dbo].[readings] AS t ON 1 = 0

-- readings: after the bulk copy
INSERT INTO [#ctsync_rows] ([sensor], [taken_at], [logged_at], [at_time], [reading]) SELECT w.[sensor], CAST(CAST(w.[taken_at] AS datetime2) AS datetime), CAST(CAST(w.[logged_at] AS datetime2) AS smalldatetime), w.[at_time], w.[reading] FROM [#ctsync_texts] AS w ORDER BY w.[ctsync_row]

-- readings: after the bulk copy
TRUNCATE TABLE [#ctsync_texts]

-- readings: upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[readings] WITH (HOLDLOCK) AS t USING (SELECT w.[sensor], w.[taken_at], w.[logged_at], w.[at_time], w.[reading] FROM (SELECT w.[sensor], w.[taken_at], w.[logged_at], w.[at_time], w.[reading], ROW_NUMBER() OVER (PARTITION BY w.[sensor], w.[taken_at] ORDER BY w.[ctsync_row] DESC) AS [ctsync_last] FROM [#ctsync_rows] AS w) AS w WHERE w.[ctsync_last] = 1) AS s ON t.[sensor] = s.[sensor] AND t.[taken_at] = s.[taken_at] WHEN MATCHED THEN UPDATE SET t.[logged_at] = s.[logged_at], t.[at_time] = s.[at_time], t.[reading] = s.[reading] WHEN NOT MATCHED THEN INSERT ([sensor], [taken_at], [logged_at], [at_time], [reading]) VALUES (s.[sensor], s.[taken_at], s.[logged_at], s.[at_time], s.[reading]);

-- readings: delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [dbo].[readings] AS t INNER JOIN [#ctsync_rows] AS w ON t.[sensor] = w.[sensor] AND t.[taken_at] = w.[taken_at]

-- readings: keys of a full table
INSERT INTO [#ctsync_keys_1] ([sensor], [taken_at]) SELECT w.[sensor], w.[taken_at] FROM [#ctsync_rows] AS w

-- readings: drop
DROP TABLE [#ctsync_texts]

-- readings: drop
DROP TABLE [#ctsync_rows]

-- invoices: work table
DROP TABLE IF EXISTS [#ctsync_texts]

-- invoices: work table
DROP TABLE IF EXISTS [#ctsync_rows]

-- invoices: work table
CREATE TABLE [#ctsync_texts] ([ctsync_row] bigint NOT NULL, [id] nvarchar(max) NULL, [number] nvarchar(max) NULL, [net] nvarchar(max) NULL)

-- invoices: work table
SELECT TOP (0) IDENTITY(bigint, 1, 1) AS [ctsync_row], t.[id], t.[number], t.[net] INTO [#ctsync_rows] FROM (VALUES (0)) AS no_row (n) LEFT JOIN [dbo].[invoices] AS t ON 1 = 0

-- invoices: after the bulk copy
INSERT INTO [#ctsync_rows] ([id], [number], [net]) SELECT w.[id], w.[number], w.[net] FROM [#ctsync_texts] AS w ORDER BY w.[ctsync_row]

-- invoices: after the bulk copy
TRUNCATE TABLE [#ctsync_texts]

-- invoices: upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[invoices] WITH (HOLDLOCK) AS t USING (SELECT w.[id], w.[number], w.[net] FROM (SELECT w.[id], w.[number], w.[net], ROW_NUMBER() OVER (PARTITION BY w.[id] ORDER BY w.[ctsync_row] DESC) AS [ctsync_last] FROM [#ctsync_rows] AS w) AS w WHERE w.[ctsync_last] = 1) AS s ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[number] = s.[number], t.[net] = s.[net] WHEN NOT MATCHED THEN INSERT ([id], [number], [net]) VALUES (s.[id], s.[number], s.[net]);

-- invoices: delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [dbo].[invoices] AS t INNER JOIN [#ctsync_rows] AS w ON t.[id] = w.[id]

-- invoices: keys of a full table
INSERT INTO [#ctsync_keys_1] ([id]) SELECT w.[id] FROM [#ctsync_rows] AS w

-- invoices: drop
DROP TABLE [#ctsync_texts]

-- invoices: drop
DROP TABLE [#ctsync_rows]

-- files: work table
DROP TABLE IF EXISTS [#ctsync_texts]

-- files: work table
DROP TABLE IF EXISTS [#ctsync_rows]

-- files: work table
CREATE TABLE [#ctsync_texts] ([ctsync_row] bigint NOT NULL, [id] nvarchar(max) NULL, [body] varbinary(max) NULL)

-- files: work table
SELECT TOP (0) IDENTITY(bigint, 1, 1) AS [ctsync_row], t.[id], t.[body] INTO [#ctsync_rows] FROM (VALUES (0)) AS no_row (n) LEFT JOIN [dbo].[files] AS t ON 1 = 0

-- files: after the bulk copy
INSERT INTO [#ctsync_rows] ([id], [body]) SELECT w.[id], w.[body] FROM [#ctsync_texts] AS w ORDER BY w.[ctsync_row]

-- files: after the bulk copy
TRUNCATE TABLE [#ctsync_texts]

-- files: upsert
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) MERGE INTO [dbo].[files] WITH (HOLDLOCK) AS t USING (SELECT w.[id], w.[body] FROM (SELECT w.[id], w.[body], ROW_NUMBER() OVER (PARTITION BY w.[id] ORDER BY w.[ctsync_row] DESC) AS [ctsync_last] FROM [#ctsync_rows] AS w) AS w WHERE w.[ctsync_last] = 1) AS s ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[body] = s.[body] WHEN NOT MATCHED THEN INSERT ([id], [body]) VALUES (s.[id], s.[body]);

-- files: delete
WITH CHANGE_TRACKING_CONTEXT (0x637473796E63) DELETE t FROM [dbo].[files] AS t INNER JOIN [#ctsync_rows] AS w ON t.[id] = w.[id]

-- files: keys of a full table
INSERT INTO [#ctsync_keys_1] ([id]) SELECT w.[id] FROM [#ctsync_rows] AS w

-- files: drop
DROP TABLE [#ctsync_texts]

-- files: drop
DROP TABLE [#ctsync_rows]

