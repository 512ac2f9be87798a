package io.ctsync.db.sqlserver;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.ChangeHistory;
import io.ctsync.db.ConsistentRead;
import io.ctsync.db.Dialect;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * {@code WITH CHANGE_TRACKING_CONTEXT (0x...)} (see {@code SqlServerTarget.withContext}); the context is the
 * configured name as hexadecimal digits, which cannot be anything but a binary constant, and
 * keeps the statement's parameters the importer's own.
 *
 * <p>Snapshot update conflicts (Msg 3960) can only happen where a snapshot transaction writes:
 * the import into a target that has Change Tracking, which runs in SNAPSHOT so that a row changed
 * locally after the conflict check was read fails the transaction instead of being overwritten
 * unseen. The importer then runs the transaction again ({@code SqlServerTarget.isRetryable}). Capture and
 * presence only read, and cannot meet one.
 */
interface SqlServerSql extends Dialect, ConsistentRead, ChangeHistory {

    ColumnTypes TYPES = new SqlServerTypes();
    /** mssql-jdbc's isolation level for SNAPSHOT ({@code SQLServerConnection.TRANSACTION_SNAPSHOT}); the driver is a runtime dependency only. */
    int TRANSACTION_SNAPSHOT = 4096;
    /** {@code WITH CHANGE_TRACKING_CONTEXT} takes a varbinary(128). */
    int MAX_CONTEXT_BYTES = 128;
    /** A request carries at most 2100 parameters, some of which the driver's sp_prepexec takes itself. */
    int MAX_PARAMETERS = 2_000;
    String IDENTITY = "SELECT CONCAT(d.name, N'/', CONVERT(nvarchar(33), d.create_date, 126))"
            + " FROM sys.databases AS d WHERE d.database_id = DB_ID()";
    String CURRENT_VERSION = "SELECT CHANGE_TRACKING_CURRENT_VERSION()";
    String CONTEXT_FILTER = "(ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> ?)";

    @Override
    default String name() {
        return "sqlserver";
    }

    @Override
    default ColumnTypes types() {
        return TYPES;
    }

    @Override
    default String quote(String identifier) {
        return "[" + identifier.replace("]", "]]") + "]";
    }

    /**
     * Text in a binary collation, by UTF-16 unit: code point order except for characters above
     * U+FFFF, and trailing blanks are ignored (docs/design.md, "Backfills"). A uniqueidentifier
     * sorts by its bytes in an order of SQL Server's own; as its text in a binary collation it sorts
     * as PostgreSQL's uuid and ctsync's key order do.
     */
    @Override
    default String keyOrder(String expression, Column column) {
        return switch (types().form(column)) {
            case TEXT -> expression + " COLLATE Latin1_General_100_BIN2";
            case UUID -> "CONVERT(CHAR(36), CAST(" + expression + " AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2";
            default -> expression;
        };
    }

    /** T-SQL has no row value comparison. */
    @Override
    default boolean rowValues() {
        return false;
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

    @Override
    default void beginConsistentRead(Connection connection) throws SQLException {
        // ends whatever the connection had open: the level must be set before the transaction begins
        connection.setAutoCommit(true);
        connection.setTransactionIsolation(TRANSACTION_SNAPSHOT);
        connection.setAutoCommit(false);
    }

    @Override
    default int maxParameters() {
        return MAX_PARAMETERS;
    }

    default String changesIn(TableName table) {
        return " FROM CHANGETABLE(CHANGES " + table(table) + ", ?) AS ct";
    }

    /** NULL from SQL Server means the table is not tracked, or the login may not see its change tracking. */
    @Override
    default OptionalLong minValidVersion(Connection connection, TableName table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?))")) {
            statement.setNString(1, table(table));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long version = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(version);
            }
        }
    }
}
