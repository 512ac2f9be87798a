package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.values.PortableType;
import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What the importer asks of a target database: the import log, multi-row writes, the writer's
 * context, local changes and the foreign keys that decide the order of writes.
 */
public interface TargetDialect extends Dialect, ChangeHistory {

    /**
     * Start-up checks of what the import needs from this database beyond existing tables and keys
     * (which the importer checks): throws a {@link io.ctsync.config.ConfigException} naming the fix.
     * {@code conflictsMatter} is true when the conflict policy acts on conflicts (fail, target-wins).
     */
    default void checkImportReady(Connection connection, List<TargetCheck> tables, boolean conflictsMatter) throws SQLException {
    }

    /** The table's columns, and which of them the database generates (see {@link TargetShape}); empty columns when it does not exist. */
    default TargetShape describeTarget(Connection connection, TableName name) throws SQLException {
        return TargetShape.plain(name, Catalog.columns(connection, name));
    }

    /** The column sets that identify a row of the table: its primary key and each unique index. */
    default List<java.util.Set<String>> uniqueKeys(Connection connection, TableName name) throws SQLException {
        return Catalog.uniqueKeys(connection, name);
    }

    /**
     * This database's type for a column that holds values of {@code type} (docs/format.md, "Schema
     * changes: type mapping"), as {@code ALTER TABLE} writes it; null where it has none.
     */
    String columnType(PortableType type);

    /** The most digits of fractional seconds this database's times and timestamps keep. */
    default int fractionDigits() {
        return 9;
    }

    /** The statements that add a column of {@code type} to {@code table}, NULL allowed (a schema change at the source). */
    default List<String> addColumn(TableName table, String column, String type) {
        return List.of("ALTER TABLE " + table(table) + " ADD COLUMN " + quote(column) + " " + type);
    }

    /** The statements that give {@code column} of {@code table} the wider {@code type}, its values and nullability kept. */
    List<String> widenColumn(TableName table, Column column, String type);

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
     * columns' values, identity columns excepted (they are written on insert only). The columns are
     * writable ones ({@link TargetShape#writable}). The rows of one statement hold distinct keys
     * (PostgreSQL's ON CONFLICT and SQL Server's MERGE refuse to change a row twice).
     */
    String upsert(TargetShape table, List<String> columns, List<String> key, int rows);

    /**
     * The bulk path for a table's entries of {@code rows} rows in all, where this database has one
     * and they are at least {@code minimumRows} ({@code ctsync.import.bulk-rows}); empty where they
     * go through the multi-row statements of {@link #upsert} and {@link #delete}. The one place that
     * decides between the two (docs/design.md, "Import").
     */
    default Optional<BulkLoad> bulkLoad(long rows, int minimumRows) {
        return Optional.empty();
    }

    /**
     * Statements to run before ({@code allow} true) and after ({@code allow} false) the upserts of a
     * table that write an identity column; none where the upsert itself takes the database's leave.
     */
    default List<String> identityInsert(TableName table, boolean allow) {
        return List.of();
    }

    /** The delete of the rows holding any of {@code rows} keys, its parameters being the key columns, key after key. */
    default String delete(TargetShape table, List<String> key, int rows) {
        return "DELETE FROM " + table(table.name()) + " WHERE " + keyIn(table, key, rows);
    }

    /** The rows holding any of {@code rows} keys, the key columns being the parameters, key after key. */
    private String keyIn(TargetShape table, List<String> key, int rows) {
        // a single column is the plain IN list, which PostgreSQL turns into one = ANY over the index
        List<String> parameters = parameters(table.columnsNamed(key));
        String keyColumns = key.size() == 1 ? quote(key.get(0)) : "(" + columnList(null, key) + ")";
        String keyValues = key.size() == 1 ? String.join(", ", Collections.nCopies(rows, parameters.get(0)))
                : Dialect.parameterRows(parameters, rows);
        return keyColumns + " IN (" + keyValues + ")";
    }

    /**
     * The soft delete (docs/design.md, "Import") of the rows holding any of {@code rows} keys that
     * are not deleted yet: {@code deletedColumn} takes the first parameter, the deletion time; the
     * key columns follow, key after key. The row keeps its values.
     */
    default String softDelete(TargetShape table, List<String> key, String deletedColumn, int rows) {
        return softDeleteWhere(table, deletedColumn, keyIn(table, key, rows));
    }

    /**
     * The soft delete of the rows of {@code table} meeting {@code condition} that are not deleted
     * yet: {@code deletedColumn} takes the first parameter, the deletion time; the condition's follow.
     */
    default String softDeleteWhere(TargetShape table, String deletedColumn, String condition) {
        String deleted = quote(deletedColumn);
        return "UPDATE " + table(table.name()) + " SET " + deleted + " = " + parameter(table.column(deletedColumn))
                + " WHERE " + deleted + " IS NULL AND " + condition;
    }

    /** The statement that gives {@code table} the primary key {@code columns}: the fix printed for a history table without it. */
    default String addPrimaryKey(TableName table, List<String> columns) {
        return "ALTER TABLE " + table(table) + " ADD PRIMARY KEY (" + columnList(null, columns) + ")";
    }

    /**
     * The statement that adds a nullable timestamp with time zone column, the fix that the start-up
     * check of a table kept with soft deletes or history prints when the column is missing.
     */
    default String addTimestampColumn(TableName table, String column) {
        return "ALTER TABLE " + table(table) + " ADD COLUMN " + quote(column) + " TIMESTAMP WITH TIME ZONE";
    }

    /**
     * The delete, at the end of a full import, of the rows of {@code table} whose key is not in
     * {@code keyTable}; with a {@code constantColumn}, only among the rows where it equals the one parameter.
     */
    default String removeAbsent(TableName table, String keyTable, List<String> key, String constantColumn) {
        return removeAbsent(table, keyTable, key, constantColumn, null);
    }

    /**
     * The same among the rows that also meet {@code range} (a backfill chunk's key range, its
     * parameters after the constant's; null: every row).
     */
    default String removeAbsent(TableName table, String keyTable, List<String> key, String constantColumn, String range) {
        return "DELETE FROM " + table(table) + " WHERE " + absent(table, keyTable, key, constantColumn, range);
    }

    /**
     * The condition of {@link #removeAbsent}: a row of {@code table} whose key is not in
     * {@code keyTable} (and that holds the constant, its one parameter, when {@code constantColumn}
     * is set, and meets {@code range} when it is not null).
     */
    default String absent(TableName table, String keyTable, List<String> key, String constantColumn, String range) {
        String target = table(table);
        String join = key.stream().map(c -> "k." + quote(c) + " = " + target + "." + quote(c)).collect(Collectors.joining(" AND "));
        return (constantColumn == null ? "" : quote(constantColumn) + " = ? AND ") + (range == null ? "" : range + " AND ")
                + "NOT EXISTS (SELECT 1 FROM " + keyTable + " k WHERE " + join + ")";
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

    /**
     * Frees a savepoint whose statement succeeded, where the database holds it until then (a
     * PostgreSQL savepoint is a subtransaction that lives to the end of the transaction otherwise).
     */
    default void releaseSavepoint(Connection connection, java.sql.Savepoint savepoint) throws SQLException {
        connection.releaseSavepoint(savepoint);
    }

    /**
     * Starts the transaction in which the importer applies contents, before its first statement;
     * {@code tracked} says whether a table it writes has change tracking, the one fact for which
     * {@link #checkImportReady} required what conflict detection needs (SQL Server: snapshot isolation).
     */
    default void beginImport(Connection connection, boolean tracked) throws SQLException {
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

    /** The foreign keys that {@code table} holds and the target enforces (a disabled one is left out). */
    default List<ForeignKey> foreignKeys(Connection connection, TableName table) throws SQLException {
        return Catalog.foreignKeys(connection, table);
    }

    /**
     * Makes the transaction check its deferrable foreign keys at commit rather than statement by
     * statement; called only when {@link #foreignKeys} reported a deferrable one.
     */
    default void deferConstraints(Connection connection) throws SQLException {
    }

    /**
     * One line naming the constraint, the table and, where the database tells, the key, when
     * {@code failure} (or an exception chained to it) is a foreign key violation; empty otherwise.
     */
    default Optional<String> foreignKeyViolation(SQLException failure) {
        return Dialect.causes(failure).stream().filter(e -> "23503".equals(e.getSQLState())).findFirst()
                .map(e -> Dialect.firstLine(e.getMessage()));
    }
}
