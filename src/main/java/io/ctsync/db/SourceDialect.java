package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.values.ComparedValue;
import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What capture asks of a source database: snapshots, versions, the survey of its tracking and the changes of a window. */
public interface SourceDialect extends Dialect, ConsistentRead, ChangeHistory {

    /**
     * What identifies this database across cycles: it changes when the database is restored or
     * replaced, so that the versions read from it no longer continue the ones in the state.
     */
    String databaseIdentity(Connection connection) throws SQLException;


    /** The {@code wal} capture's role, where the database has a write-ahead log to decode (PostgreSQL); empty elsewhere. */
    default Optional<LogicalDecoding> logicalDecoding() {
        return Optional.empty();
    }

    /**
     * Start-up checks of what capture needs from this database beyond existing tables with a key
     * (which the catalog checks): throws a {@link io.ctsync.config.ConfigException} naming the fix.
     */
    default void checkCaptureReady(Connection connection, List<TableInfo> tables) throws SQLException {
    }

    /** The table's columns in their order, none when it does not exist: from JDBC's metadata by default. */
    default List<Column> columns(Connection connection, TableName table) throws SQLException {
        return Catalog.columns(connection, table);
    }

    /** The table's primary key columns in their order, none when it has none: from JDBC's metadata by default. */
    default List<String> primaryKey(Connection connection, TableName table) throws SQLException {
        return Catalog.primaryKey(connection, table);
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

    /**
     * The survey of every table's tracking in one statement (per {@link TrackingSurvey#TABLES_PER_STATEMENT}
     * tables): see {@link TrackingSurvey}. {@code atVersion} is the cycle's upper version when the
     * survey runs inside the snapshot that {@link #openSnapshot} began; null outside a transaction,
     * where the statement reads the version itself.
     */
    default TrackingSurvey surveyTracking(Connection connection, List<TrackingSurvey.Since> tables, Long atVersion) throws SQLException {
        return TrackingSurvey.run(connection, this, tables, atVersion);
    }

    /** The survey statement of some tables; its rows are described by {@link TrackingSurvey}. */
    Query trackingSurvey(List<TrackingSurvey.Since> tables, Long atVersion);

    /**
     * Whether the change that last raised the table's min valid version (a cleanup, a TRUNCATE)
     * had committed when the snapshot at {@code position} was taken: everything it dropped was then
     * visible to that snapshot, and a window starting there needs none of it, whatever
     * {@link #completeUpTo} says. False where the dialect cannot tell.
     */
    default boolean minValidRaisedBefore(Connection connection, TableName table, String position) throws SQLException {
        return false;
    }

    /** One row: the counts of inserted, updated and deleted keys in the window. */
    Query changeCounts(TableInfo table, Window window, String context);

    /**
     * The net changes in the window: column 1 the operation (I, U, D), then the key columns, then
     * every table column (NULL for deletes). Changes made under {@code context} are left out.
     */
    Query changes(TableInfo table, Window window, String context);

    /**
     * The net changes of {@link #changes} whose operation is one of {@code operations} (I, U, D),
     * in the same shape: parts of a window that connections sharing a snapshot read side by side.
     */
    default Query changes(TableInfo table, Window window, String context, List<String> operations) {
        throw new UnsupportedOperationException(name() + " reads a window's changes in one query");
    }

    /**
     * An ORDER BY expression for a text column that sorts by Unicode code point: the order in
     * which the compare capture merges a source and a target. A database whose default order is
     * already that may leave the column as it is; the merge checks every key it receives and
     * stops on one out of order rather than report false inserts and deletes.
     */
    default String codePointOrder(String quotedColumn) {
        return quotedColumn;
    }

    /**
     * An ORDER BY list of the table's key in the compare capture's order ({@code KeyOrder}): text
     * key columns by code point ({@link #codePointOrder}), the others as the database sorts them.
     * {@code columns} are the key's columns as this database has them.
     */
    default String keyOrder(List<String> key, List<Column> columns) {
        return key.stream().map(k -> {
            Column column = columns.stream().filter(c -> c.name().equals(k)).findFirst().orElseThrow();
            String quoted = quote(k);
            return ComparedValue.TEXT.contains(column.jdbcType()) ? codePointOrder(quoted) : quoted;
        }).collect(Collectors.joining(", "));
    }

    /**
     * The keys of the table changed since {@code since} (its version and position as the state
     * keeps them), deletes included, in {@link #keyOrder}: what {@code --verify} counts as in flight
     * (docs/operations.md, "Verify"). A superset of the next window's keys, never less.
     */
    Query changedKeysSince(TableInfo table, TrackingSurvey.Since since);

    default Query fullCount(TableInfo table) {
        return new Query("SELECT COUNT(*) FROM " + table(table.name()) + whereSent(table));
    }

    default Query fullRows(TableInfo table) {
        return new Query("SELECT " + columnList(null, table.columns().stream().map(Column::name).toList())
                + " FROM " + table(table.name()) + whereSent(table));
    }

    /**
     * A statement that makes the source compile a filtered table's filter and read no row: a
     * filter it cannot run is refused at start-up and by {@code --check} in its own words.
     */
    default Query filterCheck(TableInfo table) {
        return new Query("SELECT COUNT(*) FROM " + table(table.name()) + whereSent(table) + " AND 1 = 0");
    }

    /** {@code " WHERE (filter)"} for a filtered table (docs/configuration.md, "Row filters"), else nothing. */
    default String whereSent(TableInfo table) {
        return table.filter() == null ? "" : " WHERE " + table.filterCondition();
    }

    /**
     * The rows the mapping sends, as a FROM item to join a change's key to: the table, or its rows
     * that match the filter, selected apart so that the filter sees the table's columns alone.
     */
    default String sentRows(TableInfo table) {
        return table.filter() == null ? table(table.name()) : "(SELECT * FROM " + table(table.name()) + whereSent(table) + ")";
    }
}
