package io.ctsync.exporting;

import io.ctsync.monitoring.CycleRows;
import io.ctsync.db.KeyRange;
import io.ctsync.db.SourceDialect;
import io.ctsync.capture.CaptureCycle;
import io.ctsync.db.Window;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.state.Intent;
import io.ctsync.state.Pipeline;
import io.ctsync.state.PipelineLock;
import io.ctsync.values.Column;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One export cycle as it moves through the stages of {@code routes/export.camel.yaml}: the body of
 * every export exchange. It holds the cycle's resources (the pipeline lock, the source snapshot,
 * the target's presence read), and {@link #close()}, which the route calls in its finally block,
 * releases them all, whichever stage the cycle ended in.
 */
public final class ExportCycle implements AutoCloseable, CycleRows {

    private static final Logger LOG = LoggerFactory.getLogger(ExportCycle.class);

    final long startedNanos = System.nanoTime();
    final Pipeline pipeline;
    PipelineLock lock;
    Connection source;
    SourceDialect dialect;
    /** The source database's identity as this cycle read it; null for a resumed cycle, which keeps the recorded one. */
    String sourceIdentity;
    CaptureCycle capture;
    /** The intent this cycle carries out: resumed after a crash, or planned by this cycle. */
    Intent intent;
    /** The export job this cycle serves (a new request, or the job of the intent it resumes); null for a scheduled cycle. */
    ExportRequest request;
    boolean resumed;
    /** A resumed cycle whose contents are all staged: only publishing is left. */
    boolean publishOnly;
    long firstSequence;
    int firstPart = 1;
    final List<TableChanges> tables = new ArrayList<>();
    PresenceLookup presence;
    final List<ContentSeries.Staged> staged = new ArrayList<>();

    ExportCycle(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The id of the export job this cycle ran for, or null. */
    public String jobId() {
        return request == null ? null : request.id();
    }

    /** The rows of the contents this cycle has staged. */
    @Override
    public long rows() {
        return staged.stream().flatMap(content -> content.manifest().tables().stream())
                .mapToLong(table -> table.counts().inserted() + table.counts().updated() + table.counts().deleted()).sum();
    }

    /** Whether this cycle writes contents; false when nothing changed. */
    public boolean hasContent() {
        return intent != null;
    }

    List<Window> windows() {
        return tables.stream().map(t -> t.window).toList();
    }

    /**
     * The names of each table's columns as this cycle read them, by {@code schema.table}, for the
     * state to compare the next cycle's with; none for a resumed cycle, whose windows were planned
     * on the shapes before the crash.
     */
    Map<String, List<String>> columnNames() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        if (!resumed) {
            tables.stream().filter(t -> t.info != null)
                    .forEach(t -> names.put(t.info.name().toString(), t.info.columns().stream().map(Column::name).toList()));
        }
        return names;
    }

    /**
     * Each filtered table's row filter, recorded with its version so that a changed one is noticed;
     * a resumed cycle's table that is no longer configured has no mapping.
     */
    Map<String, String> filters() {
        Map<String, String> filters = new HashMap<>();
        tables.stream().filter(t -> t.mapping != null && t.mapping.filter() != null).forEach(t -> filters.put(t.window.table().toString(), t.mapping.filter().text()));
        return filters;
    }

    /** The change rows of the cycle's delta contents. */
    long totalRows() {
        return tables.stream().filter(TableChanges::inContent).mapToLong(TableChanges::total).sum();
    }

    /** How many delta contents the cycle writes: none when no table has a delta to send, else one per {@code rowsPerFile} rows. */
    int deltaParts(long rowsPerFile) {
        if (tables.stream().noneMatch(TableChanges::inContent)) {
            return 0;
        }
        return (int) Math.max(1, (totalRows() + rowsPerFile - 1) / rowsPerFile);
    }

    /** One backfill chunk of this cycle, a content of its own: its table, its keys, and whether it is the table's last in the cycle. */
    record Chunk(TableChanges table, KeyRange range, boolean lastInCycle) {
    }

    /** The tables that send backfill chunks in this cycle. */
    List<TableChanges> backfilling() {
        return tables.stream().filter(t -> t.window.chunk() != null).toList();
    }

    /** The backfill chunks this cycle sends, table by table in key order, each as a content of its own after the delta contents. */
    List<Chunk> chunks() {
        List<Chunk> chunks = new ArrayList<>();
        for (TableChanges table : backfilling()) {
            List<KeyRange> ranges = table.window.chunks();
            for (int i = 0; i < ranges.size(); i++) {
                chunks.add(new Chunk(table, ranges.get(i), i == ranges.size() - 1));
            }
        }
        return chunks;
    }

    /** Whether a table still has chunks to send after this cycle: the next cycle then starts at once (docs/design.md, "Backfills"). */
    public boolean backfillPending() {
        return tables.stream().anyMatch(t -> t.window.backfillAfter() != null);
    }

    /** Ends the source snapshot, closes the target's presence read and releases the pipeline lock; never throws. */
    @Override
    public void close() {
        if (capture != null) {
            capture.close();
        }
        try {
            if (source != null) {
                try {
                    if (!source.getAutoCommit()) {
                        source.rollback();
                    }
                } finally {
                    source.close();
                }
            }
        } catch (SQLException e) {
            // after a lost source, the failure that ended the cycle has already been said
            LOG.debug("export {}: closing the source connection failed: {}", pipeline, e.getMessage());
        }
        try {
            if (presence != null) {
                presence.close();
            }
        } catch (SQLException e) {
            LOG.warn("export {}: closing the target connection failed: {}", pipeline, e.getMessage());
        }
        try {
            if (lock != null) {
                lock.close();
            }
        } catch (SQLException e) {
            LOG.warn("export {}: releasing the pipeline lock failed: {}", pipeline, e.getMessage());
        }
    }
}
