package io.ctsync.db.sqlserver;

import io.ctsync.config.TableName;
import io.ctsync.db.BulkLoad;
import io.ctsync.db.Dialect;
import io.ctsync.db.ForeignKey;
import io.ctsync.db.Query;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.TargetCheck;
import io.ctsync.db.TargetDialect;
import io.ctsync.db.TargetShape;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.ctsync.values.Column;
import io.ctsync.values.PortableType;
import java.util.OptionalLong;

/** Writing to a SQL Server target: MERGE, SQLServerBulkCopy for big entries, the context in every statement (see {@link SqlServerSql}). */
final class SqlServerTarget implements TargetDialect, SqlServerSql {

    /** Msg 3960: a snapshot transaction wrote a row that another transaction changed after the snapshot began. */
    private static final int SNAPSHOT_UPDATE_CONFLICT = 3960;
    /** Msg 1205: the transaction was chosen as a deadlock victim and rolled back. */
    private static final int DEADLOCK_VICTIM = 1205;
    /** Msg 547: a statement conflicted with a FOREIGN KEY (or CHECK) constraint. */
    private static final int CONSTRAINT_CONFLICT = 547;

    private final SqlServerChecks checks = new SqlServerChecks(this);
    private final SqlServerWrites writes = new SqlServerWrites(this);
    private final BulkLoad bulk;

    SqlServerTarget(BulkCopier copier) {
        this.bulk = new SqlServerBulkLoad(this, writes, copier);
    }

    @Override
    public void checkImportReady(Connection connection, List<TargetCheck> tables, boolean conflictsMatter) throws SQLException {
        checks.checkImportReady(connection, tables, conflictsMatter);
    }

    @Override
    public void createImportLog(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("IF OBJECT_ID(N'ctsync_import_log', N'U') IS NULL CREATE TABLE ctsync_import_log ("
                    + "application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL, destination NVARCHAR(128) NOT NULL,"
                    + " sequence BIGINT NOT NULL, status NVARCHAR(16) NOT NULL, inserted BIGINT NOT NULL, updated BIGINT NOT NULL,"
                    + " deleted BIGINT NOT NULL, conflicts BIGINT NOT NULL, target_version BIGINT, error NVARCHAR(4000),"
                    + " imported_at DATETIMEOFFSET NOT NULL, PRIMARY KEY (application, source, destination, sequence))");
        }
    }

    /** The most characters of an nvarchar(n) and bytes of a varbinary(n); longer ones are (max). */
    private static final int MAX_NVARCHAR = 4000;
    private static final int MAX_VARBINARY = 8000;
    private static final int MAX_DECIMAL = 38;

    @Override
    public String columnType(PortableType type) {
        Integer size = type.size();
        String fraction = size == null ? "" : "(" + size + ")";
        return switch (type.family()) {
            case INTEGER -> size == 1 ? "tinyint" : size == 2 ? "smallint" : size == 4 ? "int" : "bigint";
            case DECIMAL -> size == null || size > MAX_DECIMAL ? null : "decimal(" + size + "," + type.scale() + ")";
            case FLOAT -> size == 4 ? "real" : "float";
            case BOOLEAN -> "bit";
            case CHAR -> size == null || size > MAX_NVARCHAR ? "nvarchar(max)" : "nchar(" + size + ")";
            case TEXT -> size == null || size > MAX_NVARCHAR ? "nvarchar(max)" : "nvarchar(" + size + ")";
            case BINARY -> size == null || size > MAX_VARBINARY ? "varbinary(max)" : "varbinary(" + size + ")";
            case DATE -> "date";
            case TIME -> "time" + fraction;
            // SQL Server has no time of day with an offset
            case TIME_WITH_OFFSET -> null;
            case TIMESTAMP -> "datetime2" + fraction;
            case TIMESTAMP_WITH_OFFSET -> "datetimeoffset" + fraction;
            case UUID -> "uniqueidentifier";
        };
    }

    @Override
    public int fractionDigits() {
        return 7;
    }

    /** T-SQL's ADD takes no COLUMN keyword; NULL said outright, whatever the session's ANSI_NULL_DFLT settings. */
    @Override
    public List<String> addColumn(TableName table, String column, String type) {
        return List.of("ALTER TABLE " + table(table) + " ADD " + quote(column) + " " + type + " NULL");
    }

    /** ALTER COLUMN restates the nullability, or the column would take the session's default. */
    @Override
    public List<String> widenColumn(TableName table, Column column, String type) {
        return List.of("ALTER TABLE " + table(table) + " ALTER COLUMN " + quote(column.name()) + " " + type
                + (column.nullable() ? " NULL" : " NOT NULL"));
    }

    @Override
    public TargetShape describeTarget(Connection connection, TableName name) throws SQLException {
        return SqlServerCatalog.shape(connection, this, name);
    }

    @Override
    public List<Set<String>> uniqueKeys(Connection connection, TableName name) throws SQLException {
        return SqlServerCatalog.uniqueKeys(connection, this, name);
    }

    @Override
    public String upsert(TargetShape table, List<String> columns, List<String> key, int rows) {
        return writes.upsert(table, columns, key, rows);
    }

    /**
     * SQLServerBulkCopy into a #temporary table from {@code minimumRows} rows on (docs/design.md, "Import"), as on PostgreSQL; never run against a live SQL Server (docs/sqlserver.md).
     */
    @Override
    public Optional<BulkLoad> bulkLoad(long rows, int minimumRows) {
        return rows >= minimumRows ? Optional.of(bulk) : Optional.empty();
    }

    /**
     * Nothing: SQL Server frees a transaction's savepoints when it commits or rolls back, and
     * mssql-jdbc's {@code SQLServerConnection.releaseSavepoint} always throws
     * SQLFeatureNotSupportedException (docs/sqlserver.md, "Savepoints").
     */
    @Override
    public void releaseSavepoint(Connection connection, Savepoint savepoint) {
    }

    @Override
    public List<String> identityInsert(TableName table, boolean allow) {
        return writes.identityInsert(table, allow);
    }

    @Override
    public String delete(TargetShape table, List<String> key, int rows) {
        return writes.delete(table, key, rows);
    }

    @Override
    public String softDelete(TargetShape table, List<String> key, String deletedColumn, int rows) {
        return writes.softDelete(table, key, deletedColumn, rows);
    }

    /** datetimeoffset: the offset kept, as PostgreSQL's timestamptz keeps the instant; milliseconds, as createdAt has. */
    @Override
    public String addTimestampColumn(TableName table, String column) {
        return "ALTER TABLE " + table(table) + " ADD " + quote(column) + " datetimeoffset(3) NULL";
    }

    @Override
    public ScratchTable keyTable(int number, TableName like, List<String> key) {
        return writes.keyTable(number, like, key);
    }

    /**
     * SNAPSHOT when a table the import writes has Change Tracking, so that the conflict check and
     * the writes see one state of the database and a concurrent local change fails the transaction
     * (Msg 3960) rather than being overwritten unseen; the start-up check required snapshot isolation
     * for exactly those tables ({@link SqlServerChecks#checkImportReady}). A database with Change
     * Tracking on for other tables only need not allow it. The level is set before the transaction
     * begins, as SQL Server requires.
     */
    @Override
    public void beginImport(Connection connection, boolean tracked) throws SQLException {
        connection.setAutoCommit(true);
        connection.setTransactionIsolation(tracked ? TRANSACTION_SNAPSHOT : Connection.TRANSACTION_READ_COMMITTED);
        connection.setAutoCommit(false);
    }

    @Override
    public boolean isRetryable(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (SQLException e = cause instanceof SQLException sql ? sql : null; e != null; e = e.getNextException()) {
                if (e.getErrorCode() == SNAPSHOT_UPDATE_CONFLICT || e.getErrorCode() == DEADLOCK_VICTIM) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public List<ForeignKey> foreignKeys(Connection connection, TableName table) throws SQLException {
        return SqlServerForeignKeys.of(connection, table, table(table));
    }

    /** Msg 547 names the constraint and the referenced table and column, never the key values. */
    @Override
    public Optional<String> foreignKeyViolation(SQLException failure) {
        return Dialect.causes(failure).stream().filter(e -> e.getErrorCode() == CONSTRAINT_CONFLICT).findFirst()
                .map(e -> Dialect.firstLine(e.getMessage()));
    }

    /** Nothing to set for the transaction: the context goes into each statement ({@link #withContext}). */
    @Override
    public void beginWriting(Connection connection, String context) {
    }

    @Override
    public void endWriting(Connection connection) {
    }

    @Override
    public String withContext(String dml, String context) {
        return "WITH CHANGE_TRACKING_CONTEXT (0x" + HexFormat.of().withUpperCase().formatHex(SqlServerSql.contextBytes(context)) + ") " + dml;
    }

    @Override
    public OptionalLong committedVersion(Connection connection) throws SQLException {
        Long version = Query.number(connection, CURRENT_VERSION);
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }

    /** CHANGETABLE(CHANGES t, v) holds each key whose last change is above v: the set form of CHANGETABLE(VERSION ...) for every key at once. */
    @Override
    public Query changedSince(TableName table, List<String> key, long version, String context) {
        return new Query("SELECT " + columnList("ct", key) + changesIn(table) + " WHERE " + CONTEXT_FILTER, version, SqlServerSql.contextBytes(context));
    }
}
