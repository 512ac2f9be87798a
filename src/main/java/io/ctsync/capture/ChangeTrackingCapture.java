package io.ctsync.capture;

import io.ctsync.db.Pool;
import io.ctsync.db.SourceDialect;

import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.packaging.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiPredicate;

/**
 * {@code change-tracking}: SQL Server's Change Tracking, or the tracking ctsync installs on
 * PostgreSQL and H2. A window is {@code (last version, the snapshot's upper version]}; a first
 * run or a stale window (history lost to retention, or a version that went backwards) is full.
 *
 * <p>The min valid version is read twice: before the window's first read of the history, and
 * again after it (its count), inside the snapshot, as Microsoft advises; a cleanup that ran
 * meanwhile then still turns the window full instead of losing changes unseen.
 */
final class ChangeTrackingCapture implements Capture {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeTrackingCapture.class);

    /** The delta window that {@link #open} counted while validating it, and its counts, for {@link #count}. */
    private Window countedWindow;
    private ChangeCounts countedChanges;

    @Override
    public boolean readsTrackingVersions() {
        return true;
    }

    @Override
    public boolean backfills() {
        return true;
    }

    @Override
    public Optional<List<Window>> quietWindows(CaptureCycle cycle, List<TrackingSurvey.Since> tables, String recordedIdentity,
                                               BiPredicate<TableName, String> sameShape) throws SQLException {
        return cycle.quietWindows(tables, recordedIdentity, sameShape);
    }

    @Override
    public void check(Connection source, SourceDialect dialect, Pool target, TableInfo table) throws SQLException {
        if (dialect.minValidVersion(source, table.name()).isEmpty()) {
            throw notTracked(table.name());
        }
    }

    private static ConfigException notTracked(TableName table) {
        return new ConfigException("ctsync.tables", "table " + table + " is not tracked in the source",
                "run ctsync with --enable-tracking once (PostgreSQL, H2) or enable Change Tracking on it (SQL Server)");
    }

    @Override
    public Window open(CaptureCycle cycle, TableInfo info, Long lastVersion, String lastPosition) throws SQLException {
        TableName table = info.name();
        OptionalLong minValid = cycle.minValidVersion(table);
        if (minValid.isEmpty()) {
            throw notTracked(table);
        }
        if (cycle.sourceReplaced() && lastVersion != null) {
            if (cycle.reports()) {
                LOG.warn("export {}: the versions read so far belong to another database; sending every row (full)", table);
            }
            return new Window(table, true, lastVersion, cycle.trackingVersion(), null, cycle.trackingPosition());
        }
        Window window = window(cycle.dialect(), cycle.source(), table, lastVersion, lastPosition, cycle.trackingVersion(), cycle.trackingPosition(),
                minValid, cycle.reports());
        if (window.full() || !cycle.mayHaveChanged(table)) {
            // a table the snapshot's survey found quiet has no change to count, and none a cleanup could take
            return window;
        }
        ChangeCounts changes = ChangeCounts.of(cycle.source(), cycle.dialect().changeCounts(info, window, cycle.context()));
        if (historyLost(cycle.dialect(), cycle.source(), table, lastVersion, lastPosition,
                cycle.dialect().minValidVersion(cycle.source(), table), cycle.reports())) {
            return new Window(table, true, lastVersion, window.toVersion(), lastPosition, window.toPosition());
        }
        countedWindow = window;
        countedChanges = changes;
        return window;
    }

    /**
     * The window up to {@code to}: delta from the last version, or full on a first run, on lost
     * history, or when the source's version went backwards (logged when {@code log}); null when
     * the table is not tracked.
     */
    static Window window(SourceDialect dialect, Connection connection, TableName table, Long lastVersion, String lastPosition, long to,
                         String toPosition, OptionalLong minValid, boolean log) throws SQLException {
        if (minValid.isEmpty()) {
            return null;
        }
        if (lastVersion == null) {
            if (log) {
                LOG.info("export {}: first run, sending every row (full)", table);
            }
            return new Window(table, true, null, to, null, toPosition);
        }
        if (historyLost(dialect, connection, table, lastVersion, lastPosition, minValid, log)) {
            return new Window(table, true, lastVersion, to, lastPosition, toPosition);
        }
        if (to < lastVersion) {
            if (log) {
                LOG.warn("export {}: the source version {} is below the last version read {} (restored database?); sending every row (full)",
                        table, to, lastVersion);
            }
            return new Window(table, true, lastVersion, to, lastPosition, toPosition);
        }
        return new Window(table, false, lastVersion, to, lastPosition, toPosition);
    }

    private static boolean historyLost(SourceDialect dialect, Connection connection, TableName table, long lastVersion,
                                       String lastPosition, OptionalLong minValid, boolean log) throws SQLException {
        long complete = dialect.completeUpTo(lastVersion, lastPosition);
        if (minValid.isEmpty() || complete >= minValid.getAsLong() || dialect.minValidRaisedBefore(connection, table, lastPosition)) {
            return false;
        }
        if (log) {
            LOG.warn("export {}: last version {} (complete up to {}) is older than the min valid version {}; the history is gone,"
                    + " sending every row (full)", table, lastVersion, complete, minValid.getAsLong());
        }
        return true;
    }

    @Override
    public ChangeCounts count(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        if (window.equals(countedWindow)) {
            ChangeCounts changes = countedChanges;
            countedWindow = null;
            countedChanges = null;
            return changes;
        }
        if (!window.full() && !cycle.mayHaveChanged(table.name())) {
            return new ChangeCounts(0, 0, 0);
        }
        if (window.full()) {
            return ChangeCounts.full(cycle.source(), cycle.dialect(), table);
        }
        return ChangeCounts.of(cycle.source(), cycle.dialect().changeCounts(table, window, cycle.context()));
    }

    @Override
    public ChangeStream read(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        return window.full()
                ? ChangeCursor.full(cycle.source(), cycle.dialect(), table, cycle.fetchSize())
                : ChangeCursor.delta(cycle.source(), cycle.dialect(), table, window, cycle.context(), cycle.fetchSize());
    }

    /** A delta window's operations, split over the cycle's connection and a second one in its snapshot. */
    @Override
    public Optional<ChangeStream[]> readSideBySide(CaptureCycle cycle, TableInfo table, Window window, List<Operation> first,
                                                   List<Operation> second) throws SQLException {
        if (window.full()) {
            return Optional.empty();
        }
        Optional<Connection> secondReader = cycle.secondReader();
        if (secondReader.isEmpty()) {
            return Optional.empty();
        }
        ChangeStream firstStream = operations(cycle, cycle.source(), table, window, first);
        try {
            return Optional.of(new ChangeStream[] {firstStream, operations(cycle, secondReader.get(), table, window, second)});
        } catch (SQLException | RuntimeException e) {
            firstStream.close();
            throw e;
        }
    }

    private static ChangeStream operations(CaptureCycle cycle, Connection connection, TableInfo table, Window window,
                                           List<Operation> operations) throws SQLException {
        List<String> codes = operations.stream().map(Operation::code).toList();
        return ChangeCursor.changes(connection, cycle.dialect(), cycle.dialect().changes(table, window, cycle.context(), codes),
                table, cycle.fetchSize());
    }
}
