-- filterCheck
SELECT COUNT(*) FROM [dbo].[orders] WHERE (customer LIKE N'A%' OR total > 100) AND 1 = 0

-- changes
SELECT CASE WHEN s.[id] IS NULL THEN N'D' ELSE ct.SYS_CHANGE_OPERATION END, ct.[id], s.[id], s.[customer], s.[total], s.[placed_at] FROM CHANGETABLE(CHANGES [dbo].[orders], ?) AS ct LEFT JOIN (SELECT * FROM [dbo].[orders] WHERE (customer LIKE N'A%' OR total > 100)) AS s ON s.[id] = ct.[id] WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)
-- parameters: 41, 42, 0x637473796E63

-- fullCount
SELECT COUNT_BIG(*) FROM [dbo].[orders] WHERE (customer LIKE N'A%' OR total > 100)

-- fullRows
SELECT [id], [customer], [total], [placed_at] FROM [dbo].[orders] WHERE (customer LIKE N'A%' OR total > 100)

-- end of the first chunk
SELECT [id] FROM [dbo].[orders] WHERE (customer LIKE N'A%' OR total > 100) ORDER BY [id] OFFSET 99999 ROWS FETCH NEXT 2 ROWS ONLY

-- rows of the first chunk
SELECT [id], [customer], [total], [placed_at] FROM [dbo].[orders] WHERE (customer LIKE N'A%' OR total > 100)

