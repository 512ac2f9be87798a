package io.ctsync.capture;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Everything ctsync says in one database's SQL. One implementation per database; the callers
 * never ask which database they talk to.
 */
public interface SqlDialect {

    static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return new PostgresDialect();
        }
        if (product.contains("h2")) {
            return new H2Dialect();
        }
        if (product.contains("microsoft sql server")) {
            return new SqlServerDialect();
        }
        throw new SQLException("ctsync has no SQL dialect for " + connection.getMetaData().getDatabaseProductName());
    }

    String name();

    /** Quotes an identifier so that any name, however odd, is a name and never SQL. */
    String quote(String identifier);

    default String table(TableName name) {
        return quote(name.schema()) + "." + quote(name.table());
    }

    default String columnList(String alias, List<String> columns) {
        String prefix = alias == null ? "" : alias + ".";
        return columns.stream().map(c -> prefix + quote(c)).collect(Collectors.joining(", "));
    }

    /**
     * What identifies this database across cycles: it changes when the database is restored or
     * replaced, so that the versions read from it no longer continue the ones in the state.
     */
    String databaseIdentity(Connection connection) throws SQLException;

    /**
     * Start-up checks of what capture needs from this database beyond existing tables with a key
     * (which the catalog checks): throws a {@link io.ctsync.config.ConfigException} naming the fix.
     */
    default void checkCaptureReady(Connection connection, List<TableInfo> tables) throws SQLException {
    }

    /**
     * Starts the cycle's read-only snapshot transaction on the connection and returns the upper
     * version {@code to}: every change at or below it is committed and visible in the snapshot,
     * and every change committed later gets a higher version.
     */
    long openSnapshot(Connection connection) throws SQLException;

    /**
     * What exactly the snapshot opened by {@link #openSnapshot} sees, when its version number alone
     * does not tell (see {@link Window}); null by default.
     */
    default String snapshotPosition(Connection connection) throws SQLException {
        return null;
    }

    /**
     * The highest version at or below which a window that ended at {@code version} and
     * {@code position} saw every change: compared with the min valid version to detect lost history.
     */
    default long completeUpTo(long version, String position) {
        return version;
    }

    /** The lowest version from which the table's change history is complete; empty when the table is not tracked. */
    OptionalLong minValidVersion(Connection connection, TableName table) throws SQLException;

    /** One row: the counts of inserted, updated and deleted keys in the window. */
    Query changeCounts(TableInfo table, Window window, String context);

    /**
     * The net changes in the window: column 1 the operation (I, U, D), then the key columns, then
     * every table column (NULL for deletes). Changes made under {@code context} are left out.
     */
    Query changes(TableInfo table, Window window, String context);

    /**
     * An ORDER BY expression for a text column that sorts by Unicode code point: the order in
     * which the compare capture merges a source and a target. A database whose default order is
     * already that may leave the column as it is; the merge checks every key it receives and
     * stops on one out of order rather than report false inserts and deletes.
     */
    default String codePointOrder(String quotedColumn) {
        return quotedColumn;
    }

    default Query fullCount(TableInfo table) {
        return new Query("SELECT COUNT(*) FROM " + table(table.name()));
    }

    default Query fullRows(TableInfo table) {
        return new Query("SELECT " + columnList(null, table.columns().stream().map(Column::name).toList())
                + " FROM " + table(table.name()));
    }

    /** Statements that install ctsync's own change tracking for a table; running them again changes nothing. */
    List<String> enableTracking(TableInfo table);

    /** Drops tracking rows older than the cut-off and raises the table's min valid version past them. */
    void cleanupTracking(Connection connection, TableName table, Instant olderThan) throws SQLException;

    // Writing to a target (the importer)

    /** Creates the import log {@code ctsync_import_log} in the target's default schema unless it exists. */
    void createImportLog(Connection connection) throws SQLException;

    /**
     * The most rows one multi-row statement ({@link #upsert}, {@link #delete}, {@link #insert})
     * carries, however narrow they are; {@link #maxParameters()} bounds wide rows further. A
     * thousand rows make the per-statement work of the server negligible, and SQL Server's
     * {@code INSERT ... VALUES} takes no more.
     */
    default int maxRows() {
        return 1_000;
    }

    /**
     * The upsert by key of {@code rows} rows, its parameters being {@code columns} in order, row
     * after row: each row is inserted, or the existing row with the same key values gets the other
     * columns' values. The rows of one statement hold distinct keys (PostgreSQL's ON CONFLICT and
     * SQL Server's MERGE refuse to change a row twice).
     */
    String upsert(TableName table, List<String> columns, List<String> key, int rows);

    /** The delete of the rows holding any of {@code rows} keys, its parameters being the key columns, key after key. */
    default String delete(TableName table, List<String> key, int rows) {
        // a single column is the plain IN list, which PostgreSQL turns into one = ANY over the index
        String keyColumns = key.size() == 1 ? quote(key.get(0)) : "(" + columnList(null, key) + ")";
        String keyValues = key.size() == 1 ? String.join(", ", Collections.nCopies(rows, "?")) : parameterRows(key.size(), rows);
        return "DELETE FROM " + table(table) + " WHERE " + keyColumns + " IN (" + keyValues + ")";
    }

    /** The insert of {@code rows} rows into {@code table} (a {@link ScratchTable}), its parameters being {@code columns}, row after row. */
    default String insert(String table, List<String> columns, int rows) {
        return "INSERT INTO " + table + " (" + columnList(null, columns) + ") VALUES " + parameterRows(columns.size(), rows);
    }

    /** {@code (?, ?), (?, ?)}: {@code rows} rows of {@code width} parameters, for a VALUES list. */
    static String parameterRows(int width, int rows) {
        return String.join(", ", Collections.nCopies(rows, "(" + String.join(", ", Collections.nCopies(width, "?")) + ")"));
    }

    /**
     * An empty table private to the connection's transaction, holding the key columns of
     * {@code like}. Its statements must run before anything is written in the transaction
     * (some databases commit on DDL); they drop or empty whatever an earlier transaction left in it.
     */
    ScratchTable keyTable(int number, TableName like, List<String> key);

    /** Starts the transaction in which the importer applies contents, before its first statement. */
    default void beginImport(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
    }

    /**
     * Whether a failed import transaction was rolled back whole by a conflict with a concurrent
     * writer, so that running it again from the start is the right answer.
     */
    default boolean isRetryable(SQLException failure) {
        return false;
    }

    /**
     * Marks everything the transaction writes from now on as ctsync's, so that change tracking
     * records the context and the target's own export leaves those changes out (echo suppression).
     */
    void beginWriting(Connection connection, String context) throws SQLException;

    /** Ends what {@link #beginWriting} started, after the transaction has committed or rolled back. */
    void endWriting(Connection connection) throws SQLException;

    /**
     * A statement that writes a target table, as it must be sent so that its changes carry
     * {@code context}: unchanged where {@link #beginWriting} marked the whole transaction, marked
     * statement by statement where the database takes the context per statement (SQL Server).
     * Its parameters are the statement's own, in the same order.
     */
    default String withContext(String dml, String context) {
        return dml;
    }

    /**
     * A version of the database's change tracking such that every change at or below it is
     * committed, and every change committed later gets a higher one; empty without tracking.
     */
    OptionalLong committedVersion(Connection connection) throws SQLException;

    /**
     * The keys of a tracked table whose last change is above {@code version} and was not made
     * under {@code context}: rows changed locally since then, deleted ones included.
     */
    Query changedSince(TableName table, List<String> key, long version, String context);

    // Reading a target (presence)

    /** The most parameters one statement may bind (PostgreSQL's driver sends the count as a 16-bit number); a presence batch must fit in it. */
    default int maxParameters() {
        return 32_767;
    }

    /** Starts a read-only transaction in which every query sees the database at one moment. */
    void beginConsistentRead(Connection connection) throws SQLException;

    /**
     * One round trip for a batch of changed keys. The statement binds {@code rows} rows of
     * (ordinal, operation, key columns...), then the constant values; it returns, in ordinal
     * order, the ordinal, the operation, the key columns and then {@code targetColumns} of the
     * target row holding that key (all NULL when the target does not hold it). A constant scopes
     * the lookup to the rows of this source. It binds {@code rows * (key.size() + 2) + constants.size()}
     * parameters, which must not exceed {@link #maxParameters()}.
     */
    default String presence(TableName target, List<String> targetColumns, List<String> key, List<String> constants, int rows) {
        StringBuilder sql = new StringBuilder("SELECT k.ctsync_ord, k.ctsync_op, ").append(columnList("k", key))
                .append(", ").append(columnList("t", targetColumns))
                .append(" FROM (VALUES ").append(parameterRows(key.size() + 2, rows))
                .append(") AS k (ctsync_ord, ctsync_op, ").append(columnList(null, key)).append(")")
                .append(" LEFT JOIN ").append(table(target)).append(" t ON ")
                .append(key.stream().map(c -> "t." + quote(c) + " = k." + quote(c)).collect(Collectors.joining(" AND ")));
        for (String constant : constants) {
            sql.append(" AND t.").append(quote(constant)).append(" = ?");
        }
        return sql.append(" ORDER BY k.ctsync_ord").toString();
    }
}
