package io.ctsync.dialect;

import io.ctsync.values.Column;
import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What capture asks of a source database: snapshots, versions, the changes of a window, and ctsync's own tracking. */
public interface SourceDialect extends Dialect {

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
     * Shares the snapshot that {@link #openSnapshot} began on {@code connection}, so that another
     * connection can read in it too ({@link #joinSnapshot}); returns the token that names it, or
     * empty where the database cannot share a snapshot (SQL Server: README.md, "Export speed").
     */
    default Optional<String> shareSnapshot(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /** Starts a read-only transaction on {@code connection} that reads in the snapshot {@link #shareSnapshot} shared. */
    default void joinSnapshot(Connection connection, String token) throws SQLException {
        throw new UnsupportedOperationException(name() + " shares no snapshot");
    }

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
}
