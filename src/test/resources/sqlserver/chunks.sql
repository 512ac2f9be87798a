-- int key: end of the first chunk
SELECT [id] FROM [dbo].[orders] ORDER BY [id] OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY

-- int key: end of a later chunk
SELECT [id] FROM [dbo].[orders] WHERE [id] > ? ORDER BY [id] OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY
-- parameters: 100

-- int key: count of a middle chunk
SELECT COUNT(*) FROM [dbo].[orders] WHERE [id] > ? AND [id] <= ?
-- parameters: 100, 200

-- int key: rows of the first chunk
SELECT [id], [customer], [total], [placed_at] FROM [dbo].[orders] WHERE [id] <= ?
-- parameters: 200

-- int key: rows of a middle chunk
SELECT [id], [customer], [total], [placed_at] FROM [dbo].[orders] WHERE [id] > ? AND [id] <= ?
-- parameters: 100, 200

-- int key: rows of the last chunk
SELECT [id], [customer], [total], [placed_at] FROM [dbo].[orders] WHERE [id] > ?
-- parameters: 100

-- int key: target, absent rows of a middle chunk removed
DELETE FROM [dbo].[orders] WHERE [dbo].[orders].[id] > ? AND [dbo].[orders].[id] <= ? AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[orders].[id])
-- parameters: 100, 200

-- int key: target, absent rows of the last chunk removed
DELETE FROM [dbo].[orders] WHERE [dbo].[orders].[id] > ? AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[orders].[id])
-- parameters: 100

-- composite key: end of the first chunk
SELECT [order_id], [line_no] FROM [sales].[order_lines] ORDER BY [order_id], [line_no] OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY

-- composite key: end of a later chunk
SELECT [order_id], [line_no] FROM [sales].[order_lines] WHERE ([order_id] > ? OR ([order_id] = ? AND [line_no] > ?)) ORDER BY [order_id], [line_no] OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY
-- parameters: 7, 7, 2

-- composite key: count of a middle chunk
SELECT COUNT(*) FROM [sales].[order_lines] WHERE ([order_id] > ? OR ([order_id] = ? AND [line_no] > ?)) AND ([order_id] < ? OR ([order_id] = ? AND [line_no] <= ?))
-- parameters: 7, 7, 2, 9, 9, 1

-- composite key: rows of the first chunk
SELECT [line_no], [order_id], [sku], [quantity] FROM [sales].[order_lines] WHERE ([order_id] < ? OR ([order_id] = ? AND [line_no] <= ?))
-- parameters: 9, 9, 1

-- composite key: rows of a middle chunk
SELECT [line_no], [order_id], [sku], [quantity] FROM [sales].[order_lines] WHERE ([order_id] > ? OR ([order_id] = ? AND [line_no] > ?)) AND ([order_id] < ? OR ([order_id] = ? AND [line_no] <= ?))
-- parameters: 7, 7, 2, 9, 9, 1

-- composite key: rows of the last chunk
SELECT [line_no], [order_id], [sku], [quantity] FROM [sales].[order_lines] WHERE ([order_id] > ? OR ([order_id] = ? AND [line_no] > ?))
-- parameters: 7, 7, 2

-- composite key: target, absent rows of a middle chunk removed
DELETE FROM [sales].[order_lines] WHERE ([sales].[order_lines].[order_id] > ? OR ([sales].[order_lines].[order_id] = ? AND [sales].[order_lines].[line_no] > ?)) AND ([sales].[order_lines].[order_id] < ? OR ([sales].[order_lines].[order_id] = ? AND [sales].[order_lines].[line_no] <= ?)) AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[order_id] = [sales].[order_lines].[order_id] AND k.[line_no] = [sales].[order_lines].[line_no])
-- parameters: 7, 7, 2, 9, 9, 1

-- composite key: target, absent rows of the last chunk removed
DELETE FROM [sales].[order_lines] WHERE ([sales].[order_lines].[order_id] > ? OR ([sales].[order_lines].[order_id] = ? AND [sales].[order_lines].[line_no] > ?)) AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[order_id] = [sales].[order_lines].[order_id] AND k.[line_no] = [sales].[order_lines].[line_no])
-- parameters: 7, 7, 2

-- text key, odd names: end of the first chunk
SELECT [key col], [zähler] FROM [my schema].[odd]]name [x]] ünïcödé 表] ORDER BY [key col] COLLATE Latin1_General_100_BIN2, [zähler] OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY

-- text key, odd names: end of a later chunk
SELECT [key col], [zähler] FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE ([key col] COLLATE Latin1_General_100_BIN2 > ? COLLATE Latin1_General_100_BIN2 OR ([key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [zähler] > ?)) ORDER BY [key col] COLLATE Latin1_General_100_BIN2, [zähler] OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY
-- parameters: Äpfel, Äpfel, 1

-- text key, odd names: count of a middle chunk
SELECT COUNT(*) FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE ([key col] COLLATE Latin1_General_100_BIN2 > ? COLLATE Latin1_General_100_BIN2 OR ([key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [zähler] > ?)) AND ([key col] COLLATE Latin1_General_100_BIN2 < ? COLLATE Latin1_General_100_BIN2 OR ([key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [zähler] <= ?))
-- parameters: Äpfel, Äpfel, 1, apfel, apfel, 3

-- text key, odd names: rows of the first chunk
SELECT [key col], [zähler], [va]]lue [1]]], [naïve-名前] FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE ([key col] COLLATE Latin1_General_100_BIN2 < ? COLLATE Latin1_General_100_BIN2 OR ([key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [zähler] <= ?))
-- parameters: apfel, apfel, 3

-- text key, odd names: rows of a middle chunk
SELECT [key col], [zähler], [va]]lue [1]]], [naïve-名前] FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE ([key col] COLLATE Latin1_General_100_BIN2 > ? COLLATE Latin1_General_100_BIN2 OR ([key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [zähler] > ?)) AND ([key col] COLLATE Latin1_General_100_BIN2 < ? COLLATE Latin1_General_100_BIN2 OR ([key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [zähler] <= ?))
-- parameters: Äpfel, Äpfel, 1, apfel, apfel, 3

-- text key, odd names: rows of the last chunk
SELECT [key col], [zähler], [va]]lue [1]]], [naïve-名前] FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE ([key col] COLLATE Latin1_General_100_BIN2 > ? COLLATE Latin1_General_100_BIN2 OR ([key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [zähler] > ?))
-- parameters: Äpfel, Äpfel, 1

-- text key, odd names: target, absent rows of a middle chunk removed
DELETE FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE ([my schema].[odd]]name [x]] ünïcödé 表].[key col] COLLATE Latin1_General_100_BIN2 > ? COLLATE Latin1_General_100_BIN2 OR ([my schema].[odd]]name [x]] ünïcödé 表].[key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [my schema].[odd]]name [x]] ünïcödé 表].[zähler] > ?)) AND ([my schema].[odd]]name [x]] ünïcödé 表].[key col] COLLATE Latin1_General_100_BIN2 < ? COLLATE Latin1_General_100_BIN2 OR ([my schema].[odd]]name [x]] ünïcödé 表].[key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [my schema].[odd]]name [x]] ünïcödé 表].[zähler] <= ?)) AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[key col] = [my schema].[odd]]name [x]] ünïcödé 表].[key col] AND k.[zähler] = [my schema].[odd]]name [x]] ünïcödé 表].[zähler])
-- parameters: Äpfel, Äpfel, 1, apfel, apfel, 3

-- text key, odd names: target, absent rows of the last chunk removed
DELETE FROM [my schema].[odd]]name [x]] ünïcödé 表] WHERE ([my schema].[odd]]name [x]] ünïcödé 表].[key col] COLLATE Latin1_General_100_BIN2 > ? COLLATE Latin1_General_100_BIN2 OR ([my schema].[odd]]name [x]] ünïcödé 表].[key col] COLLATE Latin1_General_100_BIN2 = ? COLLATE Latin1_General_100_BIN2 AND [my schema].[odd]]name [x]] ünïcödé 表].[zähler] > ?)) AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[key col] = [my schema].[odd]]name [x]] ünïcödé 表].[key col] AND k.[zähler] = [my schema].[odd]]name [x]] ünïcödé 表].[zähler])
-- parameters: Äpfel, Äpfel, 1

-- uuid key: end of the first chunk
SELECT [id] FROM [dbo].[documents] ORDER BY CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY

-- uuid key: end of a later chunk
SELECT [id] FROM [dbo].[documents] WHERE CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 > CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 ORDER BY CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY
-- parameters: 0f8fad5b-d9cb-469f-a165-70867728950e

-- uuid key: count of a middle chunk
SELECT COUNT(*) FROM [dbo].[documents] WHERE CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 > CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 AND CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 <= CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2
-- parameters: 0f8fad5b-d9cb-469f-a165-70867728950e, 7c9e6679-7425-40de-944b-e07fc1f90ae7

-- uuid key: rows of the first chunk
SELECT [id], [title] FROM [dbo].[documents] WHERE CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 <= CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2
-- parameters: 7c9e6679-7425-40de-944b-e07fc1f90ae7

-- uuid key: rows of a middle chunk
SELECT [id], [title] FROM [dbo].[documents] WHERE CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 > CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 AND CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 <= CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2
-- parameters: 0f8fad5b-d9cb-469f-a165-70867728950e, 7c9e6679-7425-40de-944b-e07fc1f90ae7

-- uuid key: rows of the last chunk
SELECT [id], [title] FROM [dbo].[documents] WHERE CONVERT(CHAR(36), CAST([id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 > CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2
-- parameters: 0f8fad5b-d9cb-469f-a165-70867728950e

-- uuid key: target, absent rows of a middle chunk removed
DELETE FROM [dbo].[documents] WHERE CONVERT(CHAR(36), CAST([dbo].[documents].[id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 > CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 AND CONVERT(CHAR(36), CAST([dbo].[documents].[id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 <= CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[documents].[id])
-- parameters: 0f8fad5b-d9cb-469f-a165-70867728950e, 7c9e6679-7425-40de-944b-e07fc1f90ae7

-- uuid key: target, absent rows of the last chunk removed
DELETE FROM [dbo].[documents] WHERE CONVERT(CHAR(36), CAST([dbo].[documents].[id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 > CONVERT(CHAR(36), CAST(? AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2 AND NOT EXISTS (SELECT 1 FROM [#ctsync_keys_1] k WHERE k.[id] = [dbo].[documents].[id])
-- parameters: 0f8fad5b-d9cb-469f-a165-70867728950e

