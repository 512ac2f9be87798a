-- surveyTracking
SELECT t.n, CHANGE_TRACKING_CURRENT_VERSION(), NULL, (SELECT CONCAT(d.name, N'/', CONVERT(nvarchar(33), d.create_date, 126)) FROM sys.databases AS d WHERE d.database_id = DB_ID()), CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(t.name)), NULL, (SELECT CONVERT(nvarchar(33), st.modify_date, 126) FROM sys.tables AS st WHERE st.object_id = OBJECT_ID(t.name)) FROM (VALUES (1, ?), (2, ?), (3, ?)) AS t (n, name)
  -- parameters: N'[dbo].[orders]', N'[sales].[order_lines]', N'[my schema].[odd]]name [x]] ünïcödé 表]'
