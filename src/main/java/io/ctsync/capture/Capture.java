package io.ctsync.capture;

import io.ctsync.db.SourceDialect;
import io.ctsync.db.Pool;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;

import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.packaging.Operation;
import io.ctsync.state.Pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * One way to learn what changed in a source table (docs/design.md, "Capture"), one implementation per
 * capture mode. The export stages ask it, in order: the window of the cycle, how many changes the
 * window holds, the changes themselves, and, once the content is durably published, to consume
 * what the window read.
 */
public interface Capture {

    /** The capture configured for a table of the pipeline: the one place where the mode is looked at. */
    static Capture of(TableMapping mapping, Pipeline pipeline) {
        return switch (mapping.capture()) {
            case CHANGE_TRACKING -> new ChangeTrackingCapture();
            case CHANGE_TABLE -> new ChangeTableCapture(mapping);
            case COMPARE -> new CompareCapture(mapping);
            case WAL -> new WalCapture(pipeline);
        };
    }

    /** Whether the windows are versions of change tracking, so that the cycle's snapshot must read the upper version. */
    default boolean readsTrackingVersions() {
        return false;
    }

    /**
     * Whether a full window of this capture is sent as a backfill, in chunks across cycles
     * (docs/design.md, "Backfills"): change tracking's. A change table's first run consumes its change
     * rows with the whole table, and a comparison is never full.
     */
    default boolean backfills() {
        return false;
    }

    /**
     * The idle cycle of a pipeline whose tables all take this capture (bench/README.md, "Idle
     * cycles"): when one survey finds none of {@code tables} changed since its last read, each
     * table's empty window up to the survey's version; otherwise empty, and the cycle opens its
     * snapshot as usual. Empty by default: a capture without a survey has no idle cycle.
     */
    default Optional<List<Window>> quietWindows(CaptureCycle cycle, List<TrackingSurvey.Since> tables, String recordedIdentity,
                                                BiPredicate<TableName, String> sameShape) throws SQLException {
        return Optional.empty();
    }

    /** Start-up checks against the databases; a {@link io.ctsync.config.ConfigException} names the key and the fix. */
    void check(Connection source, SourceDialect dialect, Pool target, TableInfo table) throws SQLException;

    /**
     * The window this cycle reads, given the last version recorded for the table (null: never
     * exported) and the snapshot position recorded with it (see {@link Window}; often null).
     */
    Window open(CaptureCycle cycle, TableInfo table, Long lastVersion, String lastPosition) throws SQLException;

    /** How many inserted, updated and deleted rows the window's content holds (a new window, or one resumed after a crash). */
    ChangeCounts count(CaptureCycle cycle, TableInfo table, Window window) throws SQLException;

    /** The window's changes; opened while the content is written. */
    ChangeStream read(CaptureCycle cycle, TableInfo table, Window window) throws SQLException;

    /**
     * The window's changes as two streams read at the same time, each holding the operations its
     * list names, both in the cycle's snapshot (bench/README.md, "Export speed"); empty where the capture
     * or the database reads a window in one stream, which {@link #read} then does.
     */
    default Optional<ChangeStream[]> readSideBySide(CaptureCycle cycle, TableInfo table, Window window, List<Operation> first,
                                                    List<Operation> second) throws SQLException {
        return Optional.empty();
    }

    /**
     * Called once the window's content is durably published (or when the window held no net
     * change): what the window read may now be removed from the source. Nothing by default.
     */
    default void consume(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
    }
}
