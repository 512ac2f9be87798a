package io.ctsync.exporting;

import io.ctsync.backfill.BackfillProgress;
import java.time.Instant;

import io.ctsync.db.SourceDialect;
import io.ctsync.db.Pool;
import io.ctsync.capture.CaptureCycle;
import io.ctsync.capture.ChangeCounts;
import io.ctsync.config.CaptureMode;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the next cycle would find, per table, read from one snapshot of the source without locking
 * the pipeline or writing anything: the versions, whether the table is stale (its next content is
 * full) and the changes pending since the last export (docs/operations.md, "HTTP API and status page", {@code GET /api/tracking}).
 */
public final class TrackingInspection {

    /**
     * One table; {@code pending} is null where only a comparison could tell ({@code note} says so);
     * {@code backfill} is the table's backfill in progress, null when none (docs/design.md, "Backfills").
     */
    public record TableTracking(String table, String capture, boolean trackingEnabled, Long currentVersion, Long minValidVersion,
                                Long lastExportedVersion, boolean stale, ChangeCounts pending, String note, BackfillProgress backfill) {
    }

    /** {@code walRetainedBytes}: the WAL the pipeline's replication slot keeps (docs/operations.md, "WAL capture"); null without wal tables. */
    public record Tracking(long lastExportedSequence, Long walRetainedBytes, List<TableTracking> tables) {
    }

    private final CtsyncConfig config;
    private final Pipeline pipeline;
    private final ExportedTables tables;
    private final Pool source;
    private final Pool target;
    private final StateStore state;

    /** {@code target} may be null. */
    public TrackingInspection(Pipeline pipeline, CtsyncConfig config, ExportedTables tables, Pool source, Pool target,
                              StateStore state) {
        this.config = config;
        this.pipeline = pipeline;
        this.tables = tables;
        this.source = source;
        this.target = target;
        this.state = state;
    }

    public Tracking inspect() throws SQLException {
        Map<String, StateStore.TableVersion> last = state.lastVersions(pipeline);
        long lastSequence = state.lastSequence(pipeline);
        List<TableTracking> result = new ArrayList<>();
        Long walRetained;
        try (Connection connection = source.getConnection()) {
            SourceDialect dialect = source.type().source();
            try (CaptureCycle capture = new CaptureCycle(connection, dialect, source, target, config.context(), config.export().fetchSize())) {
                capture.inspectOnly();
                Map<TableName, TableInfo> described = tables.describe(connection, dialect);
                capture.beginSnapshot(tables.readTrackingVersions());
                for (TableInfo info : described.values()) {
                    result.add(table(capture, dialect, connection, info, last.get(info.name().toString())));
                }
                walRetained = capture.walRetainedBytes();
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
            }
        }
        return new Tracking(lastSequence, walRetained, result);
    }

    private TableTracking table(CaptureCycle capture, SourceDialect dialect, Connection connection, TableInfo info,
                                StateStore.TableVersion last) throws SQLException {
        TableMapping mapping = tables.mapping(info.name());
        Long lastVersion = last == null ? null : last.version();
        if (mapping.capture() == CaptureMode.COMPARE) {
            return new TableTracking(info.name().toString(), mapping.capture().key(), false, null, null, lastVersion, false, null,
                    "no tracking: what changed is known only by comparing source and target, which the next cycle does", null);
        }
        Window window = tables.capture(info.name()).open(capture, info, lastVersion, last == null ? null : last.position());
        if (mapping.capture() == CaptureMode.WAL) {
            // one session at a time may read a replication slot: a look from the API must not make a cycle wait or fail
            return new TableTracking(info.name().toString(), mapping.capture().key(), true, window.toVersion(), null, lastVersion,
                    window.full(), null, "the changes wait in the replication slot, which only the export cycle reads"
                    + (window.full() ? "; the next content of this table is full: every current row" : ""),
                    last == null || last.backfill() == null ? null : BackfillProgress.of(last.backfill(), Instant.now()));
        }
        ChangeCounts pending = tables.capture(info.name()).count(capture, info, window);
        OptionalLong minValid = mapping.capture() == CaptureMode.CHANGE_TRACKING
                ? dialect.minValidVersion(connection, info.name()) : OptionalLong.empty();
        return new TableTracking(info.name().toString(), mapping.capture().key(), true, window.toVersion(),
                minValid.isPresent() ? minValid.getAsLong() : null, lastVersion, window.full(), pending,
                window.full() ? "the next content of this table is full: every current row" : null,
                last == null || last.backfill() == null ? null : BackfillProgress.of(last.backfill(), Instant.now()));
    }
}
