package io.ctsync.capture;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.LogicalDecoding;
import io.ctsync.db.LogicalDecoding.ReadPoint;
import io.ctsync.db.Pool;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;
import io.ctsync.state.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * {@code wal}: Change Tracking's semantics from PostgreSQL's write-ahead log (docs/design.md,
 * "Capture", item 4). A window's versions are LSNs; its position is the cycle's snapshot, which
 * decides which transactions it holds ({@link WalRead}). A first run, a slot that starts after the
 * last version read (created again, or moved on by another reader), a source that went backwards
 * or was replaced, and a TRUNCATE in the window give a full window; a slot found gone or
 * invalidated is created again and the table waits one cycle, whose window is then full.
 */
final class WalCapture implements Capture {

    private static final Logger LOG = LoggerFactory.getLogger(WalCapture.class);

    private final Pipeline pipeline;

    WalCapture(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public boolean backfills() {
        return true;
    }

    /**
     * One statement ({@link LogicalDecoding.Survey}): quiet when the slot holds no change of the
     * publication committed before the survey's LSN, so every window moves up to it and the slot
     * may move on to it; the move waits for the state's commit, so that a crash in between never
     * looks like a slot created again. The tables' shape fingerprint is read as the trigger
     * tracking's survey reads it: a busy cycle describes again only when it changed.
     */
    @Override
    public Optional<List<Window>> quietWindows(CaptureCycle cycle, List<TrackingSurvey.Since> tables, String recordedIdentity,
                                               BiPredicate<TableName, String> sameShape) throws SQLException {
        String slot = slot(cycle.source(), cycle.dialect());
        LogicalDecoding.Survey survey = decoding(cycle.dialect()).survey(cycle.source(), slot,
                tables.stream().map(TrackingSurvey.Since::table).toList());
        cycle.shapesSurveyed(survey.shape());
        if (!survey.flushed() || survey.changed() || !survey.slot().exists() || survey.slot().lost()
                || recordedIdentity == null || !recordedIdentity.equals(survey.identity())) {
            return Optional.empty();
        }
        List<Window> windows = new ArrayList<>();
        for (TrackingSurvey.Since since : tables) {
            if (since.version() == null || since.position() == null || survey.slot().confirmedLsn() > since.version()
                    || survey.lsn() < since.version() || !sameShape.test(since.table(), survey.shape())) {
                return Optional.empty();
            }
            windows.add(new Window(since.table(), false, since.version(), survey.lsn(), since.position(), survey.snapshot()));
        }
        cycle.wal(decoding(cycle.dialect()), slot).quiet(survey.slot(), survey.lsn());
        return Optional.of(windows);
    }

    @Override
    public void check(Connection source, SourceDialect dialect, Pool target, TableInfo table) throws SQLException {
        decoding(dialect).check(source, slot(source, dialect), List.of(table));
    }

    static LogicalDecoding decoding(SourceDialect dialect) {
        return dialect.logicalDecoding().orElseThrow(() -> new ConfigException("ctsync.capture",
                "the wal capture reads PostgreSQL's write-ahead log, and the source is " + dialect.name(),
                "use ctsync.capture=change-tracking (or change-table, compare) for this source"));
    }

    String slot(Connection source, SourceDialect dialect) throws SQLException {
        return decoding(dialect).slotName(source, pipeline.application(), pipeline.source(), pipeline.destination());
    }

    @Override
    public Window open(CaptureCycle cycle, TableInfo info, Long lastVersion, String lastPosition) throws SQLException {
        TableName table = info.name();
        WalRead wal = cycle.wal(decoding(cycle.dialect()), slot(cycle.source(), cycle.dialect()));
        ReadPoint point = wal.point();
        Window full = new Window(table, true, lastVersion, point.lsn(), lastPosition, point.snapshot());
        if (lastVersion == null) {
            if (cycle.reports()) {
                LOG.info("export {}: first run, sending every row (full)", table);
            }
            return full;
        }
        if (!point.slot().exists() || point.slot().lost()) {
            if (!cycle.reports()) {
                return full;
            }
            // the new slot's history starts after this snapshot: nothing moves now, the next window is full
            wal.recreateSlot();
            return new Window(table, false, lastVersion, lastVersion, lastPosition, lastPosition);
        }
        if (cycle.sourceReplaced()) {
            report(cycle, "export {}: the versions read so far belong to another database; sending every row (full)", table);
            return full;
        }
        if (lastPosition == null || point.slot().confirmedLsn() > lastVersion) {
            report(cycle, "export {}: the replication slot " + wal.slot() + " starts at LSN " + point.slot().confirmedLsn()
                    + ", after the last version read " + lastVersion + " (created again, or moved on by another reader);"
                    + " sending every row (full)", table);
            return full;
        }
        if (point.lsn() < lastVersion) {
            report(cycle, "export {}: the source's LSN " + point.lsn() + " is below the last version read " + lastVersion
                    + " (restored database?); sending every row (full)", table);
            return full;
        }
        Window window = new Window(table, false, lastVersion, point.lsn(), lastPosition, point.snapshot());
        if (!cycle.reports()) {
            // a look from the API: one session at a time may read a slot, and that is the export cycle's
            return window;
        }
        if (wal.changes(info, window, cycle.context()).truncated()) {
            report(cycle, "export {}: truncated at the source; sending every row (full)", table);
            return full;
        }
        return window;
    }

    private static void report(CaptureCycle cycle, String message, TableName table) {
        if (cycle.reports()) {
            LOG.warn(message, table);
        }
    }

    @Override
    public ChangeCounts count(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        if (window.full()) {
            return ChangeCounts.full(cycle.source(), cycle.dialect(), table);
        }
        LogicalDecoding.NetKeys keys = keys(cycle, table, window);
        if (keys.size() == 0) {
            return new ChangeCounts(0, 0, 0);
        }
        return ChangeCounts.of(cycle.source(), decoding(cycle.dialect()).changeCounts(table, keys));
    }

    @Override
    public ChangeStream read(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        if (window.full()) {
            return ChangeCursor.full(cycle.source(), cycle.dialect(), table, cycle.fetchSize());
        }
        return ChangeCursor.changes(cycle.source(), cycle.dialect(), decoding(cycle.dialect()).changes(table, keys(cycle, table, window)),
                table, cycle.fetchSize());
    }

    /** The window's keys; an empty window (one that waits for a slot created again) has none. */
    private LogicalDecoding.NetKeys keys(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        if (window.toVersion() == window.fromVersion()) {
            return new LogicalDecoding.NetKeys(new String[0], table.key().stream().map(k -> new String[0]).toList());
        }
        return cycle.wal(decoding(cycle.dialect()), slot(cycle.source(), cycle.dialect())).changes(table, window, cycle.context()).keys();
    }
}
