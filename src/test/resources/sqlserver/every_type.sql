-- the reference table
CREATE TABLE [dbo].[every_type] ([id] int NOT NULL PRIMARY KEY, [at_datetime] datetime, [at_small] smalldatetime, [at_precise] datetime2(7), [at_zoned] datetimeoffset(7), [at_time] time(7), [at_millis] datetime2(3), [at_zoned_seconds] datetimeoffset(0), [at_time_micros] time(6), [rate] decimal(12,4), [price] money, [small_price] smallmoney, [flag] bit, [guid] uniqueidentifier, [version] rowversion, [variant] sql_variant, [doc] xml, [node] hierarchyid, [place] geography, [shape] geometry, [note] nvarchar(max), [blob] varbinary(max));

-- column: type -> JSON form, parameter; what ctsync refuses
-- id: int NOT NULL PRIMARY KEY -> INTEGER, ?
-- at_datetime: datetime -> TIMESTAMP, CAST(? AS datetime)
-- at_small: smalldatetime -> TIMESTAMP, CAST(? AS smalldatetime)
-- at_precise: datetime2(7) -> TIMESTAMP, ?
-- at_zoned: datetimeoffset(7) -> TIMESTAMP_WITH_OFFSET, ?
-- at_time: time(7) -> TIME, ?
-- at_millis: datetime2(3) -> TIMESTAMP, CAST(? AS datetime2(3))
-- at_zoned_seconds: datetimeoffset(0) -> TIMESTAMP_WITH_OFFSET, CAST(? AS datetimeoffset(0))
-- at_time_micros: time(6) -> TIME, CAST(? AS time(6))
-- rate: decimal(12,4) -> DECIMAL, CAST(? AS decimal(12,4))
-- price: money -> DECIMAL, CAST(? AS money)
-- small_price: smallmoney -> DECIMAL, CAST(? AS smallmoney)
-- flag: bit -> BOOLEAN, ?
-- guid: uniqueidentifier -> UUID, ?
-- version: rowversion -> BINARY, ?; read, not written: generated
-- variant: sql_variant -> TEXT, ?; refused: each sql_variant value carries its own base type, which the content's JSON cannot say
-- doc: xml -> TEXT, ?
-- node: hierarchyid -> BINARY, ?
-- place: geography -> BINARY, ?
-- shape: geometry -> BINARY, ?
-- note: nvarchar(max) -> TEXT, ?
-- blob: varbinary(max) -> BINARY, ?

-- export (the columns read), upsert (the columns written), delete, presence
SELECT [id], [at_datetime], [at_small], [at_precise], [at_zoned], [at_time], [at_millis], [at_zoned_seconds], [at_time_micros], [rate], [price], [small_price], [flag], [guid], [version], [doc], [node], [place], [shape], [note], [blob] FROM [dbo].[every_type];
MERGE INTO [dbo].[every_type] WITH (HOLDLOCK) AS t USING (VALUES (?, CAST(? AS datetime), CAST(? AS smalldatetime), ?, ?, ?, CAST(? AS datetime2(3)), CAST(? AS datetimeoffset(0)), CAST(? AS time(6)), CAST(? AS decimal(12,4)), CAST(? AS money), CAST(? AS smallmoney), ?, ?, ?, ?, ?, ?, ?, ?)) AS s ([id], [at_datetime], [at_small], [at_precise], [at_zoned], [at_time], [at_millis], [at_zoned_seconds], [at_time_micros], [rate], [price], [small_price], [flag], [guid], [doc], [node], [place], [shape], [note], [blob]) ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[at_datetime] = s.[at_datetime], t.[at_small] = s.[at_small], t.[at_precise] = s.[at_precise], t.[at_zoned] = s.[at_zoned], t.[at_time] = s.[at_time], t.[at_millis] = s.[at_millis], t.[at_zoned_seconds] = s.[at_zoned_seconds], t.[at_time_micros] = s.[at_time_micros], t.[rate] = s.[rate], t.[price] = s.[price], t.[small_price] = s.[small_price], t.[flag] = s.[flag], t.[guid] = s.[guid], t.[doc] = s.[doc], t.[node] = s.[node], t.[place] = s.[place], t.[shape] = s.[shape], t.[note] = s.[note], t.[blob] = s.[blob] WHEN NOT MATCHED THEN INSERT ([id], [at_datetime], [at_small], [at_precise], [at_zoned], [at_time], [at_millis], [at_zoned_seconds], [at_time_micros], [rate], [price], [small_price], [flag], [guid], [doc], [node], [place], [shape], [note], [blob]) VALUES (s.[id], s.[at_datetime], s.[at_small], s.[at_precise], s.[at_zoned], s.[at_time], s.[at_millis], s.[at_zoned_seconds], s.[at_time_micros], s.[rate], s.[price], s.[small_price], s.[flag], s.[guid], s.[doc], s.[node], s.[place], s.[shape], s.[note], s.[blob]);
DELETE t FROM [dbo].[every_type] AS t INNER JOIN (VALUES (?), (?)) AS d ([id]) ON t.[id] = d.[id];
SELECT k.ctsync_ord, k.ctsync_op, k.[id], t.[id], t.[at_datetime], t.[at_small], t.[at_precise], t.[at_zoned], t.[at_time], t.[at_millis], t.[at_zoned_seconds], t.[at_time_micros], t.[rate], t.[price], t.[small_price], t.[flag], t.[guid], t.[version], t.[doc], t.[node], t.[place], t.[shape], t.[note], t.[blob] FROM (VALUES (?, ?, ?)) AS k (ctsync_ord, ctsync_op, [id]) LEFT JOIN [dbo].[every_type] t ON t.[id] = k.[id] ORDER BY k.ctsync_ord;
