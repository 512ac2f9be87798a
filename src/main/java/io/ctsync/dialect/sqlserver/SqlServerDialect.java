package io.ctsync.dialect.sqlserver;

import io.ctsync.dialect.BulkLoad;
import io.ctsync.dialect.Dialect;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.dialect.ForeignKey;
import io.ctsync.dialect.Query;
import io.ctsync.dialect.ScratchTable;
import io.ctsync.dialect.SqlDialect;
import io.ctsync.dialect.TableInfo;
import io.ctsync.dialect.TrackingSurvey;
import io.ctsync.dialect.TargetCheck;
import io.ctsync.dialect.TargetShape;
import io.ctsync.dialect.Window;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * SQL Server, through its own Change Tracking: ctsync installs nothing on the source.
 *
 * <p>Capture follows Microsoft's sequence for a consistent read: the connection is put in
 * SNAPSHOT isolation before its transaction starts; {@code CHANGE_TRACKING_CURRENT_VERSION()} is
 * read first, as the window's upper version {@code to}; then each table's
 * {@code CHANGE_TRACKING_MIN_VALID_VERSION}, and {@code CHANGETABLE(CHANGES ...)} filtered to
 * {@code SYS_CHANGE_VERSION <= to}. A snapshot begins at the transaction's first read of data, so
 * it sees at least every change up to {@code to}; a key that changed again after {@code to}
 * carries the later version, is left out here and lands in the next window. Reading under the
 * snapshot also keeps the background cleanup from removing history in the middle of a cycle.
 *
 * <p>ctsync's context travels as {@code SYS_CHANGE_CONTEXT}: the UTF-8 bytes of
 * {@code ctsync.context} (at most 128, the size of the column). SQL Server records the context of
 * each statement, not of a transaction, so every statement that writes a target table starts with
 * {@code WITH CHANGE_TRACKING_CONTEXT (0x...)} (see {@link #withContext}); the context is the
 * configured name as hexadecimal digits, which cannot be anything but a binary constant, and
 * keeps the statement's parameters the importer's own.
 *
 * <p>Snapshot update conflicts (Msg 3960) can only happen where a snapshot transaction writes:
 * the import into a target that has Change Tracking, which runs in SNAPSHOT so that a row changed
 * locally after the conflict check was read fails the transaction instead of being overwritten
 * unseen. The importer then runs the transaction again ({@link #isRetryable}). Capture and
 * presence only read, and cannot meet one.
 */
public final class SqlServerDialect implements SqlDialect {

    /** mssql-jdbc's isolation level for SNAPSHOT ({@code SQLServerConnection.TRANSACTION_SNAPSHOT}); the driver is a runtime dependency only. */
    static final int TRANSACTION_SNAPSHOT = 4096;
    /** Msg 3960: a snapshot transaction wrote a row that another transaction changed after the snapshot began. */
    private static final int SNAPSHOT_UPDATE_CONFLICT = 3960;
    /** Msg 1205: the transaction was chosen as a deadlock victim and rolled back. */
    private static final int DEADLOCK_VICTIM = 1205;
    /** {@code WITH CHANGE_TRACKING_CONTEXT} takes a varbinary(128). */
    private static final int MAX_CONTEXT_BYTES = 128;
    /** A request carries at most 2100 parameters, some of which the driver's sp_prepexec takes itself. */
    private static final int MAX_PARAMETERS = 2_000;

    static final String IDENTITY = "SELECT CONCAT(d.name, N'/', CONVERT(nvarchar(33), d.create_date, 126))"
            + " FROM sys.databases AS d WHERE d.database_id = DB_ID()";
    /** Msg 547: a statement conflicted with a FOREIGN KEY (or CHECK) constraint. */
    private static final int CONSTRAINT_CONFLICT = 547;
    private static final String CURRENT_VERSION = "SELECT CHANGE_TRACKING_CURRENT_VERSION()";
    private static final String CONTEXT_FILTER = "(ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)";

    private final SqlServerChecks checks = new SqlServerChecks(this);
    private final SqlServerWrites writes = new SqlServerWrites(this);
    private final BulkLoad bulk = new SqlServerBulkLoad(this, writes);

    private static final ColumnTypes TYPES = new SqlServerTypes();

    @Override
    public ColumnTypes types() {
        return TYPES;
    }

    @Override
    public String name() {
        return "sqlserver";
    }

    /**
     * A binary collation orders by UTF-16 code unit, which is code point order except between
     * characters above U+FFFF and those from U+E000 to U+FFFF; the compare merge stops on such a
     * key rather than misreport it.
     */
    @Override
    public String codePointOrder(String quotedColumn) {
        return quotedColumn + " COLLATE Latin1_General_100_BIN2";
    }

    @Override
    public String quote(String identifier) {
        return "[" + identifier.replace("]", "]]") + "]";
    }

    /** ctsync's context as SQL Server stores it: the UTF-8 bytes of the configured name. */
    static byte[] contextBytes(String context) {
        byte[] bytes = context.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_CONTEXT_BYTES) {
            throw new ConfigException("ctsync.context", "'" + context + "' is longer than the " + MAX_CONTEXT_BYTES
                    + " bytes of SQL Server's CHANGE_TRACKING_CONTEXT", "use a shorter name");
        }
        return bytes;
    }

    // Capture

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
    public void checkImportReady(Connection connection, List<TargetCheck> tables, boolean conflictsMatter) throws SQLException {
        checks.checkImportReady(connection, tables, conflictsMatter);
    }

    @Override
    public void checkPresenceReady(Connection connection) throws SQLException {
        checks.checkPresenceReady(connection);
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

    /** NULL from SQL Server means the table is not tracked, or the login may not see its change tracking. */
    @Override
    public OptionalLong minValidVersion(Connection connection, TableName table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?))")) {
            statement.setNString(1, table(table));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long version = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(version);
            }
        }
    }

    @Override
    public Query trackingSurvey(List<TrackingSurvey.Since> tables, Long atVersion) {
        return SqlServerSurvey.of(this, tables);
    }

    private String changesIn(TableName table) {
        return " FROM CHANGETABLE(CHANGES " + table(table) + ", ?) AS ct";
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
        return new Query(sql, window.fromVersion(), window.toVersion(), contextBytes(context));
    }

    @Override
    public Query changes(TableInfo table, Window window, String context) {
        List<String> columns = table.columns().stream().map(Column::name).toList();
        String sql = "SELECT ct.SYS_CHANGE_OPERATION, " + columnList("ct", table.key()) + ", " + columnList("s", columns)
                + changesIn(table.name()) + " LEFT JOIN " + table(table.name()) + " AS s ON " + writes.keyJoin(table.key(), "s", "ct")
                + windowFilter();
        return new Query(sql, window.fromVersion(), window.toVersion(), contextBytes(context));
    }

    /** COUNT_BIG: a table may hold more rows than an int counts. */
    @Override
    public Query fullCount(TableInfo table) {
        return new Query("SELECT COUNT_BIG(*) FROM " + table(table.name()));
    }

    /**
     * ctsync does not switch SQL Server's Change Tracking on: it is the database owner's decision
     * (it adds work to every write), so {@code --enable-tracking} names the statements instead.
     */
    @Override
    public List<String> enableTracking(TableInfo table) {
        throw new ConfigException("--enable-tracking", "ctsync installs no tracking on SQL Server, whose own Change Tracking it reads",
                "have the database owner run " + SqlServerChecks.ENABLE_DATABASE + "; " + SqlServerChecks.ALLOW_SNAPSHOT + "; ALTER TABLE " + table(table.name())
                        + " ENABLE CHANGE_TRACKING (and the same for every table in ctsync.tables)");
    }

    /** SQL Server's own retention (CHANGE_RETENTION, AUTO_CLEANUP) drops old history and raises the min valid versions. */
    @Override
    public void cleanupTracking(Connection connection, TableName table, Instant olderThan) {
    }

    // Writing to a target

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

    @Override
    public TargetShape describeTarget(Connection connection, TableName name) throws SQLException {
        return SqlServerTargetColumns.describe(connection, this, name);
    }

    @Override
    public String upsert(TargetShape table, List<String> columns, List<String> key, int rows) {
        return writes.upsert(table, columns, key, rows);
    }

    /**
     * SQLServerBulkCopy into a #temporary table from {@code minimumRows} rows on (README.md
     * "Import"), as on PostgreSQL; never run against a live SQL Server (docs/sqlserver.md).
     */
    @Override
    public Optional<BulkLoad> bulkLoad(long rows, int minimumRows) {
        return rows >= minimumRows ? Optional.of(bulk) : Optional.empty();
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
    public ScratchTable keyTable(int number, TableName like, List<String> key) {
        return writes.keyTable(number, like, key);
    }

    /**
     * SNAPSHOT when the target has Change Tracking, so that the conflict check and the writes see
     * one state of the database and a concurrent local change fails the transaction (Msg 3960)
     * rather than being overwritten unseen; such a target must allow snapshot isolation. The
     * level is set before the transaction begins, as SQL Server requires.
     */
    @Override
    public void beginImport(Connection connection) throws SQLException {
        // in auto-commit, so that the version check itself opens no transaction
        connection.setAutoCommit(true);
        boolean tracked = committedVersion(connection).isPresent();
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
        return "WITH CHANGE_TRACKING_CONTEXT (0x" + HexFormat.of().withUpperCase().formatHex(contextBytes(context)) + ") " + dml;
    }

    @Override
    public OptionalLong committedVersion(Connection connection) throws SQLException {
        Long version = Query.number(connection, CURRENT_VERSION);
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }

    /** CHANGETABLE(CHANGES t, v) holds each key whose last change is above v: the set form of CHANGETABLE(VERSION ...) for every key at once. */
    @Override
    public Query changedSince(TableName table, List<String> key, long version, String context) {
        return new Query("SELECT " + columnList("ct", key) + changesIn(table) + " WHERE " + CONTEXT_FILTER, version, contextBytes(context));
    }

    // Reading a target (presence)

    @Override
    public void beginConsistentRead(Connection connection) throws SQLException {
        // ends whatever the connection had open: the level must be set before the transaction begins
        connection.setAutoCommit(true);
        connection.setTransactionIsolation(TRANSACTION_SNAPSHOT);
        connection.setAutoCommit(false);
    }

    @Override
    public int maxParameters() {
        return MAX_PARAMETERS;
    }

}
