package io.ctsync.exporting;

import io.ctsync.backfill.KeyCursor;
import io.ctsync.db.Pool;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.capture.ChangeStream;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.db.Window;
import io.ctsync.failure.Failures;
import io.ctsync.gateway.Gateway;
import io.ctsync.monitoring.Progress;
import io.ctsync.packaging.ColumnShape;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Manifest;
import io.ctsync.packaging.Operation;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.presence.TablePresence;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Stage "package-changes", the row-level stage: records the intent, then streams each table's
 * changes from its cursor in the cycle's snapshot, split by operation into the inserted, updated
 * and deleted entries, with the changed keys looked up in the target in batches (existing,
 * missing), into zipped JSON contents in staging. Rows never become exchanges; memory stays flat.
 */
public final class TableExport {

    private static final Logger LOG = LoggerFactory.getLogger(TableExport.class);
    /** Below this many rows in either stream, a second stream costs more (a connection, a thread) than it saves. */
    static final long SIDE_BY_SIDE_MIN_ROWS = 10_000;

    private final CtsyncConfig.Export settings;
    private final ExportedTables tables;
    private final Pool target;
    private final StateStore state;
    private final Gateway gateway;
    private final ExportJobs jobs;
    private final ChunkContent chunkContent;

    /** {@code target} may be null: presence lookups are then off. */
    public TableExport(CtsyncConfig.Export settings, ExportedTables tables, Pool target, StateStore state, Gateway gateway,
                       ExportJobs jobs) {
        this.settings = settings;
        this.tables = tables;
        this.target = target;
        this.state = state;
        this.gateway = gateway;
        this.jobs = jobs;
        this.chunkContent = new ChunkContent(settings.compressionLevel(), settings.fetchSize(), settings.presenceTimeoutSeconds());
    }

    public ExportCycle export(ExportCycle cycle) throws Exception {
        if (cycle.publishOnly) {
            return cycle;
        }
        if (!cycle.resumed) {
            state.recordIntent(cycle.pipeline, cycle.intent);
        }
        if (settings.presence() && target != null) {
            // one consistent read of the target for the whole cycle
            cycle.presence = PresenceLookup.open(target, settings.presenceBatchSize(), settings.presenceTimeoutSeconds());
            for (TableChanges table : cycle.tables) {
                table.presence = cycle.presence.forTable(table.mapping, table.info);
            }
        }
        ContentSeries.Pipeline header = new ContentSeries.Pipeline(cycle.pipeline.application(), cycle.pipeline.source(),
                cycle.pipeline.destination(), cycle.request == null ? null : cycle.request.manifestRequest());
        Path workDirectory = gateway.workDirectory();
        // the delta contents first, then one content per chunk; a resumed cycle writes only what was not published
        List<ExportCycle.Chunk> chunks = cycle.chunks();
        int deltaParts = cycle.intent.parts() - chunks.size();
        int published = cycle.firstPart - 1;
        try {
            if (published < deltaParts) {
                long rowsPerPart = Math.max(1, (cycle.totalRows() + deltaParts - published - 1) / (deltaParts - published));
                try (ContentSeries series = new ContentSeries(header, cycle.intent.firstSequence() + published, published + 1, deltaParts,
                        rowsPerPart, settings.compressionLevel(), workDirectory, this::stagingFile)) {
                    for (TableChanges table : cycle.tables) {
                        if (table.inContent()) {
                            write(cycle, table, series);
                        }
                    }
                    cycle.staged.addAll(series.finish());
                }
            }
            for (int i = Math.max(0, published - deltaParts); i < chunks.size(); i++) {
                long sequence = cycle.intent.firstSequence() + deltaParts + i;
                cycle.staged.add(chunkContent.write(cycle, chunks.get(i), header, sequence, workDirectory, this::stagingFile));
            }
        } catch (IOException | UncheckedIOException e) {
            // a full disk says no more than "No space left on device": the failure line names the directory
            throw Failures.at(e, "gateway directory " + workDirectory.getParent(), null);
        }
        state.markStaged(cycle.pipeline);
        if (cycle.jobId() != null) {
            jobs.counted(cycle.jobId(), counts(cycle.staged));
        }
        return cycle;
    }

    /** A full window's rows all go to inserted; a delta's are split by operation; looked-up keys to existing or missing. */
    private static Set<Operation> entries(TableChanges table) {
        Set<Operation> entries = table.window.full() ? EnumSet.of(Operation.INSERTED)
                : EnumSet.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED);
        if (table.presence != null) {
            entries.add(Operation.EXISTING);
            entries.add(Operation.MISSING);
        }
        return entries;
    }

    private void write(ExportCycle cycle, TableChanges table, ContentSeries series) throws Exception {
        Window window = table.window;
        series.beginTable(new ContentSeries.TableHeader(window.table().toString(), window.mode(), window.fromVersion(),
                window.toVersion(), table.info.targetKey(), entries(table), null, null, ColumnShape.of(table.info.columns(), cycle.dialect.types()),
                table.info.maskKeyId()));
        TablePresence presence = table.presence;
        if (presence != null) {
            series.beforePartEnds(() -> flush(presence, series));
        }
        KeyCursor cursor = KeyCursor.of(cycle.dialect, table.info, window.chunk());
        if (!writeSideBySide(cycle, table, series, cursor)) {
            try (ChangeStream changes = tables.capture(window.table()).read(cycle.capture, table.info, window)) {
                copy(changes, series::row, presence, series, new Progress(LOG, "export " + window.table(), table.total()), new AtomicBoolean(),
                        cursor);
            }
        }
        series.endTable();
        series.beforePartEnds(() -> { });
        if (presence != null) {
            table.existing = presence.existing();
            table.missing = presence.missing();
            presence.close();
        }
    }

    /** Where a stream's rows go: the series, which may start the next part, or an entry written by one thread alone. */
    @FunctionalInterface
    private interface RowTarget {
        JsonGenerator row(Operation operation) throws IOException;
    }

    /**
     * A big delta table that fits in the current part is read in two streams at once, its most
     * frequent operation on the cycle's thread and connection, the others on a second thread and a
     * connection sharing the snapshot (bench/README.md, "Export speed"), each stream writing its own
     * entries; false when the table is small or the capture or database reads it in one stream.
     */
    private boolean writeSideBySide(ExportCycle cycle, TableChanges table, ContentSeries series, KeyCursor cursor) throws Exception {
        Map<Operation, Long> counts = new EnumMap<>(Map.of(Operation.INSERTED, table.inserted, Operation.UPDATED, table.updated,
                Operation.DELETED, table.deleted));
        Operation largest = Collections.max(counts.keySet(), Comparator.comparing(counts::get));
        List<Operation> others = counts.keySet().stream().filter(o -> o != largest).toList();
        long otherRows = table.total() - counts.get(largest);
        if (Math.min(counts.get(largest), otherRows) < SIDE_BY_SIDE_MIN_ROWS || !series.fitsInPart(table.total())) {
            return false;
        }
        Optional<ChangeStream[]> streams = tables.capture(table.window.table())
                .readSideBySide(cycle.capture, table.info, table.window, List.of(largest), others);
        if (streams.isEmpty()) {
            return false;
        }
        Map<Operation, Supplier<JsonGenerator>> entries = series.holdInPart(table.total());
        RowTarget target = operation -> entries.get(operation).get();
        String what = "export " + table.window.table();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService second = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "ctsync-second-reader");
            thread.setDaemon(true);
            return thread;
        });
        try (ChangeStream first = streams.get()[0]; ChangeStream rest = streams.get()[1]) {
            String otherCodes = others.stream().map(Operation::code).collect(Collectors.joining(", "));
            Future<?> secondDone = second.submit(() -> {
                try {
                    copy(rest, target, table.presence, series, new Progress(LOG, what + " (" + otherCodes + ")", otherRows), stop, cursor);
                } catch (Exception | Error e) {
                    // the cycle fails: the first stream need not read to its end first
                    stop.set(true);
                    throw e;
                }
                return null;
            });
            try {
                copy(first, target, table.presence, series, new Progress(LOG, what + " (" + largest.code() + ")", counts.get(largest)), stop,
                        cursor);
            } catch (Exception | Error e) {
                // the second stream stops at its next row; its connection is ended only once it has
                stop.set(true);
                second.shutdownNow();
                second.awaitTermination(1, TimeUnit.MINUTES);
                throw e;
            }
            awaitSecond(secondDone);
        } finally {
            second.shutdownNow();
        }
        return true;
    }

    private static void awaitSecond(Future<?> second) throws Exception {
        try {
            second.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception failure) {
                throw failure;
            }
            throw (Error) e.getCause();
        }
    }

    /**
     * Streams the changes into their entries, with their keys to the presence lookup; ends early
     * when {@code stop} is set. A backfilling table's {@code cursor} (null otherwise) keeps the
     * keys above it out: a later chunk sends them.
     */
    private void copy(ChangeStream changes, RowTarget target, TablePresence presence, ContentSeries series, Progress progress,
                      AtomicBoolean stop, KeyCursor cursor) throws Exception {
        while (!stop.get() && changes.next()) {
            if (cursor != null && !cursor.sends(changes.keyValues())) {
                continue;
            }
            Operation operation = changes.operation();
            if (presence == null || operation != Operation.DELETED || !presence.writesDeletes()) {
                changes.writeRow(target.row(operation));
            }
            if (presence != null) {
                addKey(presence, operation, changes.keyValues(), series);
            }
            progress.row();
        }
    }

    private void addKey(TablePresence presence, Operation operation, Object[] key, ContentSeries series) throws IOException {
        try {
            presence.add(operation, key, series);
        } catch (SQLException e) {
            throw new PresenceFailedException(e, settings.presenceTimeoutSeconds());
        }
    }

    private void flush(TablePresence presence, ContentSeries series) {
        try {
            presence.flush(series);
        } catch (SQLException e) {
            throw new PresenceFailedException(e, settings.presenceTimeoutSeconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path stagingFile(ContentName name) {
        try {
            return gateway.stagingFile(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the staged contents hold, for the export job they serve. */
    private static ExportJobs.Counts counts(List<ContentSeries.Staged> staged) {
        long inserted = 0, updated = 0, deleted = 0;
        for (ContentSeries.Staged content : staged) {
            for (Manifest.Table table : content.manifest().tables()) {
                inserted += table.counts().inserted();
                updated += table.counts().updated();
                deleted += table.counts().deleted();
            }
        }
        return new ExportJobs.Counts(inserted, updated, deleted);
    }
}
