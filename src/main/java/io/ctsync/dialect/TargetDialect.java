package io.ctsync.dialect;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/** What the importer asks of a target database: the import log, multi-row writes, the writer's context and local changes. */
public interface TargetDialect extends Dialect {

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
    String upsert(TableName table, List<Column> columns, List<String> key, int rows);

    /** The delete of the rows holding any of {@code rows} keys, its parameters being the key columns, key after key. */
    default String delete(TableName table, List<Column> key, int rows) {
        // a single column is the plain IN list, which PostgreSQL turns into one = ANY over the index
        List<String> parameters = parameters(key);
        String keyColumns = key.size() == 1 ? quote(key.get(0).name()) : "(" + columnList(null, Dialect.names(key)) + ")";
        String keyValues = key.size() == 1 ? String.join(", ", Collections.nCopies(rows, parameters.get(0)))
                : Dialect.parameterRows(parameters, rows);
        return "DELETE FROM " + table(table) + " WHERE " + keyColumns + " IN (" + keyValues + ")";
    }

    /** The insert of {@code rows} rows into {@code table} (a {@link ScratchTable}), its parameters being {@code columns}, row after row. */
    default String insert(String table, List<Column> columns, int rows) {
        return "INSERT INTO " + table + " (" + columnList(null, Dialect.names(columns)) + ") VALUES "
                + Dialect.parameterRows(parameters(columns), rows);
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
}
