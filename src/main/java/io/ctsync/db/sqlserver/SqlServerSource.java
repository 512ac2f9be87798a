package io.ctsync.db.sqlserver;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.Query;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;
import io.ctsync.values.Column;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Capture from SQL Server's own Change Tracking, in a SNAPSHOT transaction (see {@link SqlServerSql}). */
final class SqlServerSource implements SourceDialect, SqlServerSql {

    private final SqlServerChecks checks = new SqlServerChecks(this);
    private final SqlServerWrites writes = new SqlServerWrites(this);

    /**
     * A binary collation orders by UTF-16 code unit, which is code point order except between
     * characters above U+FFFF and those from U+E000 to U+FFFF; the compare merge stops on such a
     * key rather than misreport it.
     */
    /** From the catalog views, the name bound as nvarchar: mssql-jdbc's metadata would not find a table named outside the code page ({@link SqlServerCatalog}). */
    @Override
    public List<Column> columns(Connection connection, TableName table) throws SQLException {
        return SqlServerCatalog.shape(connection, this, table).columns();
    }

    @Override
    public List<String> primaryKey(Connection connection, TableName table) throws SQLException {
        return SqlServerCatalog.primaryKey(connection, this, table);
    }

    @Override
    public String codePointOrder(String quotedColumn) {
        return quotedColumn + " COLLATE Latin1_General_100_BIN2";
    }

    /** The database's name and its creation date, which SQL Server sets anew when the database is restored, attached or renamed. */
    @Override
    public String databaseIdentity(Connection connection) throws SQLException {
        return Query.text(connection, IDENTITY);
    }

    @Override
    public void checkCaptureReady(Connection connection, List<TableInfo> tables) throws SQLException {
        checks.checkCaptureReady(connection, tables);
    }

    @Override
    public long openSnapshot(Connection connection) throws SQLException {
        beginConsistentRead(connection);
        // no data read yet, so the snapshot has not begun: it begins at the first read of a table, after this
        Long version = Query.number(connection, CURRENT_VERSION);
        if (version == null) {
            throw new ConfigException("ctsync.source.url", "Change Tracking is off for the source database", SqlServerChecks.ENABLE_DATABASE);
        }
        return version;
    }


    @Override
    public Query trackingSurvey(List<TrackingSurvey.Since> tables, Long atVersion) {
        return SqlServerSurvey.of(this, tables);
    }

    private static String windowFilter() {
        return " WHERE ct.SYS_CHANGE_VERSION <= ? AND " + CONTEXT_FILTER;
    }

    @Override
    public Query changeCounts(TableInfo table, Window window, String context) {
        String sql = "SELECT COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'I' THEN 1 END),"
                + " COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'U' THEN 1 END),"
                + " COUNT_BIG(CASE WHEN ct.SYS_CHANGE_OPERATION = N'D' THEN 1 END)"
                + changesIn(table.name()) + windowFilter();
        return new Query(sql, window.fromVersion(), window.toVersion(), SqlServerSql.contextBytes(context));
    }

    @Override
    public Query changes(TableInfo table, Window window, String context) {
        List<String> columns = table.columns().stream().map(Column::name).toList();
        // a filtered table's row that no longer matches is not joined: its change is a delete
        String operation = table.filter() == null ? "ct.SYS_CHANGE_OPERATION"
                : "CASE WHEN s." + quote(table.key().get(0)) + " IS NULL THEN N'D' ELSE ct.SYS_CHANGE_OPERATION END";
        String sql = "SELECT " + operation + ", " + columnList("ct", table.key()) + ", " + columnList("s", columns)
                + changesIn(table.name()) + " LEFT JOIN " + sentRows(table) + " AS s ON " + writes.keyJoin(table.key(), "s", "ct")
                + windowFilter();
        return new Query(sql, window.fromVersion(), window.toVersion(), SqlServerSql.contextBytes(context));
    }

    /** Every change since the version, whatever its context: a key ctsync wrote itself may still differ, and is then in flight. */
    @Override
    public Query changedKeysSince(TableInfo table, TrackingSurvey.Since since) {
        return new Query("SELECT " + columnList("ct", table.key()) + changesIn(table.name()) + " ORDER BY "
                + keyOrder(table.key(), table.columns()), since.version());
    }

    /** COUNT_BIG: a table may hold more rows than an int counts. */
    @Override
    public Query fullCount(TableInfo table) {
        return new Query("SELECT COUNT_BIG(*) FROM " + table(table.name()) + whereSent(table));
    }
}
