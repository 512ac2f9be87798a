-- addColumn: a column new at the source, NULL allowed (source type: portable type)
-- PortableType[family=INTEGER, size=1, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [tiny] tinyint NULL
-- PortableType[family=INTEGER, size=2, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [small] smallint NULL
-- PortableType[family=INTEGER, size=4, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [whole] int NULL
-- PortableType[family=INTEGER, size=8, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [big] bigint NULL
-- PortableType[family=DECIMAL, size=12, scale=2]
ALTER TABLE [dbo].[Order Line]]s] ADD [amount] decimal(12,2) NULL
-- PortableType[family=FLOAT, size=4, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [ratio] real NULL
-- PortableType[family=FLOAT, size=8, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [measure] float NULL
-- PortableType[family=BOOLEAN, size=null, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [flag] bit NULL
-- PortableType[family=CHAR, size=3, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [code] nchar(3) NULL
-- PortableType[family=TEXT, size=40, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [label] nvarchar(40) NULL
-- PortableType[family=TEXT, size=null, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [note] nvarchar(max) NULL
-- PortableType[family=TEXT, size=5000, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [long_label] nvarchar(max) NULL
-- PortableType[family=BINARY, size=null, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [picture] varbinary(max) NULL
-- PortableType[family=DATE, size=null, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [day] date NULL
-- PortableType[family=TIME, size=3, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [at] time(3) NULL
-- PortableType[family=TIMESTAMP, size=6, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [stamp] datetime2(6) NULL
-- PortableType[family=TIMESTAMP_WITH_OFFSET, size=6, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [stamp_tz] datetimeoffset(6) NULL
-- PortableType[family=TIMESTAMP, size=7, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [fine_stamp] datetime2(7) NULL
-- PortableType[family=UUID, size=null, scale=null]
ALTER TABLE [dbo].[Order Line]]s] ADD [uid] uniqueidentifier NULL
-- widenColumn: varchar(10) NOT NULL to 40, smallint NULL to int, decimal(10,2) to (12,3), datetime2(3) to (7)
ALTER TABLE [dbo].[Order Line]]s] ALTER COLUMN [label] nvarchar(40) NOT NULL
ALTER TABLE [dbo].[Order Line]]s] ALTER COLUMN [qty] int NULL
ALTER TABLE [dbo].[Order Line]]s] ALTER COLUMN [amount] decimal(12,3) NULL
ALTER TABLE [dbo].[Order Line]]s] ALTER COLUMN [stamp] datetime2(7) NULL
