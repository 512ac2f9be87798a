package io.ctsync.exporting;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.capture.Capture;
import io.ctsync.capture.CaptureCycle;
import io.ctsync.dialect.Catalog;
import io.ctsync.capture.ChangeCounts;
import io.ctsync.capture.ChangeStream;
import io.ctsync.dialect.SqlDialect;
import io.ctsync.dialect.TableInfo;
import io.ctsync.dialect.TrackingSurvey;
import io.ctsync.capture.TableShapes;
import io.ctsync.dialect.Window;
import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.gateway.Gateway;
import io.ctsync.monitoring.Metrics;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.CorruptContentException;
import io.ctsync.monitoring.Progress;
import io.ctsync.packaging.Operation;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.presence.TablePresence;
import io.ctsync.state.Intent;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The export stages that the route {@code export-cycle} calls in order, each taking and
 * returning the cycle. Row-level work happens here and in the packaging writer, streaming;
 * the route never sees a row.
 */
public final class Exporter {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    private final CtsyncConfig config;
    private final Pipeline pipeline;
    private final DataSource source;
    private final DataSource target;
    private final Map<TableName, TableMapping> mappings = new LinkedHashMap<>();
    private final Map<TableName, Capture> captures = new LinkedHashMap<>();
    private final TableShapes shapes = new TableShapes();
    private final StateStore state;
    private final Gateway gateway;
    private final Metrics metrics;

    /** {@code target} may be null: presence lookups are then off. */
    public Exporter(CtsyncConfig config, DataSource source, DataSource target, StateStore state, Gateway gateway, Metrics metrics) {
        this.config = config;
        this.pipeline = new Pipeline(config.application(), config.sourceName(), config.destinationName());
        this.source = source;
        this.target = target;
        config.tables().forEach(mapping -> {
            mappings.put(mapping.source(), mapping);
            captures.put(mapping.source(), Capture.of(mapping));
        });
        this.state = state;
        this.gateway = gateway;
        this.metrics = metrics;
    }

    /** Start-up check: every table exists, has a key and can be captured its way; throws a configuration error naming the fix. */
    public void checkSource() throws SQLException {
        try (Connection connection = source.getConnection()) {
            List<TableInfo> tables = List.copyOf(shapes.describeAll(connection, config.tables()).values());
            SqlDialect.of(connection).checkCaptureReady(connection, tables);
            for (TableInfo table : tables) {
                captures.get(table.name()).check(connection, target, table);
            }
        }
    }

    /** Stage "open window": locks the pipeline, resumes an unfinished intent or reads every table's window in one snapshot. */
    public ExportCycle openWindow() throws Exception {
        ExportCycle cycle = new ExportCycle();
        try {
            cycle.lock = state.lock(pipeline);
            cycle.source = source.getConnection();
            cycle.dialect = SqlDialect.of(cycle.source);
            cycle.capture = new CaptureCycle(cycle.source, cycle.dialect, source, target, config.context(), config.export().fetchSize());
            Optional<Intent> pending = state.pendingIntent(pipeline);
            if (pending.isPresent()) {
                resume(cycle, pending.get(), shapes.describeAll(cycle.source, config.tables()));
                return cycle;
            }
            Map<String, StateStore.TableVersion> lastVersions = state.lastVersions(pipeline);
            List<TrackingSurvey.Since> tracked = trackedSince(lastVersions);
            if (!shapes.startCycle() && tracked.size() == mappings.size()) {
                Optional<List<Window>> quiet = cycle.capture.quietWindows(tracked, cycle.lock.sourceIdentity());
                if (quiet.isPresent()) {
                    quiet.get().forEach(w -> cycle.tables.add(new TableChanges(mappings.get(w.table()), shapes.get(w.table()), w, 0, 0, 0)));
                    return cycle;
                }
            }
            cycle.capture.beginSnapshot(readsTrackingVersions(), tracked);
            cycle.sourceIdentity = cycle.dialect.databaseIdentity(cycle.source);
            cycle.capture.sourceReplaced(sourceReplaced(cycle));
            Map<TableName, TableInfo> tables = shapes.describe(cycle.source, config.tables(), cycle.capture::mayHaveChanged);
            for (TableInfo table : tables.values()) {
                StateStore.TableVersion last = lastVersions.get(table.name().toString());
                Window window = captures.get(table.name()).open(cycle.capture, table,
                        last == null ? null : last.version(), last == null ? null : last.position());
                cycle.tables.add(counted(cycle, table, window));
            }
            if (cycle.tables.stream().anyMatch(TableChanges::inContent)) {
                long total = cycle.totalRows();
                int parts = (int) Math.max(1, (total + config.export().maxRowsPerFile() - 1) / config.export().maxRowsPerFile());
                cycle.firstSequence = cycle.lock.lastSequence() + 1;
                cycle.intent = new Intent(cycle.firstSequence, parts, Intent.Stage.WRITING, cycle.windows());
            }
            return cycle;
        } catch (Exception | Error e) {
            close(cycle);
            throw e;
        }
    }

    /** The change-tracking tables with the version each was last read up to: surveyed together, in one statement. */
    private List<TrackingSurvey.Since> trackedSince(Map<String, StateStore.TableVersion> lastVersions) {
        List<TrackingSurvey.Since> tracked = new ArrayList<>();
        for (TableName table : mappings.keySet()) {
            if (captures.get(table).readsTrackingVersions()) {
                StateStore.TableVersion last = lastVersions.get(table.toString());
                tracked.add(new TrackingSurvey.Since(table, last == null ? null : last.version(), last == null ? null : last.position()));
            }
        }
        return tracked;
    }

    /**
     * Whether the source is another database than the one whose versions the state holds
     * (restored from a backup, or replaced): its versions may look like a continuation and are not.
     */
    private boolean sourceReplaced(ExportCycle cycle) {
        String recorded = cycle.lock.sourceIdentity();
        if (recorded == null || recorded.equals(cycle.sourceIdentity)) {
            return false;
        }
        LOG.warn("export {}: the source database is {}, not {} as when it was last read: restored or replaced", pipeline,
                cycle.sourceIdentity, recorded);
        return true;
    }

    private boolean readsTrackingVersions() {
        return captures.values().stream().anyMatch(Capture::readsTrackingVersions);
    }

    private TableChanges counted(ExportCycle cycle, TableInfo table, Window window) throws SQLException {
        ChangeCounts counts = captures.get(table.name()).count(cycle.capture, table, window);
        return new TableChanges(mappings.get(table.name()), table, window, counts.inserted(), counts.updated(), counts.deleted());
    }

    /** After a crash: publish what was fully staged, or write the unpublished sequence numbers again from the same windows. */
    private void resume(ExportCycle cycle, Intent intent, Map<TableName, TableInfo> tables) throws Exception {
        cycle.intent = intent;
        cycle.resumed = true;
        int published = 0;
        while (published < intent.parts() && gateway.isPublished(name(intent.firstSequence() + published))) {
            published++;
        }
        LOG.warn("export {}: finishing the unfinished cycle of sequence {}..{} ({} of {} published)",
                pipeline, intent.firstSequence(), intent.lastSequence(), published, intent.parts());
        if (published == intent.parts()) {
            cycle.publishOnly = true;
        } else if (intent.stage() == Intent.Stage.STAGED && stagedFromDisk(cycle, intent, published)) {
            cycle.publishOnly = true;
        }
        if (cycle.publishOnly) {
            intent.windows().forEach(w -> cycle.tables.add(new TableChanges(mappings.get(w.table()), tables.get(w.table()), w, 0, 0, 0)));
            return;
        }
        cycle.firstSequence = intent.firstSequence() + published;
        cycle.firstPart = published + 1;
        cycle.capture.beginSnapshot(readsTrackingVersions());
        for (Window window : intent.windows()) {
            TableInfo table = tables.get(window.table());
            if (table == null) {
                throw new ConfigException("ctsync.tables", "the unfinished cycle " + intent.firstSequence() + " includes "
                        + window.table() + ", which is no longer configured", "add it back until the cycle has completed");
            }
            cycle.tables.add(counted(cycle, table, window));
        }
    }

    private boolean stagedFromDisk(ExportCycle cycle, Intent intent, int published) throws Exception {
        List<ContentSeries.Staged> staged = new ArrayList<>();
        for (int part = published; part < intent.parts(); part++) {
            ContentName name = name(intent.firstSequence() + part);
            Path file = gateway.stagingFile(name);
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try (ContentReader reader = ContentReader.open(file)) {
                reader.verify();
                staged.add(new ContentSeries.Staged(name, file, reader.manifest()));
            } catch (CorruptContentException e) {
                LOG.warn("export {}: staged {} is damaged ({}); writing it again", pipeline, name, e.getMessage());
                return false;
            }
        }
        cycle.staged.addAll(staged);
        return true;
    }

    private ContentName name(long sequence) {
        return new ContentName(pipeline.application(), pipeline.source(), pipeline.destination(), sequence);
    }

    /**
     * Stage "read changes": each table's capture will read its window (every row for a full
     * window, the net changes otherwise). The changes open one table at a time while packaging streams.
     */
    public ExportCycle readChanges(ExportCycle cycle) {
        for (TableChanges table : cycle.tables) {
            Capture capture = captures.get(table.window.table());
            table.reader = () -> capture.read(cycle.capture, table.info, table.window);
        }
        return cycle;
    }

    /** Stage "split by operation": a delta table's rows go to inserted, updated and deleted; a full table's to inserted alone. */
    public ExportCycle splitByOperation(ExportCycle cycle) {
        for (TableChanges table : cycle.tables) {
            table.entries = table.window.full() ? EnumSet.of(Operation.INSERTED)
                    : EnumSet.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED);
        }
        return cycle;
    }

    /**
     * Stage "presence lookup": opens one consistent read of the target for the cycle and prepares
     * each table's lookup, so that its changed keys go to existing.json or missing.json as they stream.
     */
    public ExportCycle lookupPresence(ExportCycle cycle) throws SQLException {
        if (!config.export().presence() || target == null || cycle.publishOnly) {
            return cycle;
        }
        cycle.presence = PresenceLookup.open(target, config.export().presenceBatchSize(), config.export().presenceTimeoutSeconds());
        for (TableChanges table : cycle.tables) {
            table.presence = cycle.presence.forTable(table.mapping, table.info);
            table.entries.add(Operation.EXISTING);
            table.entries.add(Operation.MISSING);
        }
        return cycle;
    }

    /** Stage "package": records the intent, then streams every table's changes into the staged contents. */
    public ExportCycle pack(ExportCycle cycle) throws Exception {
        if (cycle.publishOnly) {
            return cycle;
        }
        if (!cycle.resumed) {
            state.recordIntent(pipeline, cycle.intent);
        }
        int parts = cycle.intent.parts() - cycle.firstPart + 1;
        long rowsPerPart = Math.max(1, (cycle.totalRows() + parts - 1) / parts);
        ContentSeries.Pipeline header = new ContentSeries.Pipeline(pipeline.application(), pipeline.source(), pipeline.destination());
        try (ContentSeries series = new ContentSeries(header, cycle.firstSequence, cycle.firstPart, cycle.intent.parts(),
                rowsPerPart, config.export().compressionLevel(), gateway.workDirectory(), this::stagingFile)) {
            for (TableChanges table : cycle.tables) {
                if (table.inContent()) {
                    write(table, series);
                }
            }
            cycle.staged.addAll(series.finish());
        }
        state.markStaged(pipeline);
        return cycle;
    }

    private Path stagingFile(ContentName name) {
        try {
            return gateway.stagingFile(name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void write(TableChanges table, ContentSeries series) throws Exception {
        Window window = table.window;
        series.beginTable(new ContentSeries.TableHeader(window.table().toString(), window.mode(), window.fromVersion(),
                window.toVersion(), table.info.targetKey(), table.entries));
        TablePresence presence = table.presence;
        if (presence != null) {
            series.beforePartEnds(() -> flush(presence, series));
        }
        Progress progress = new Progress(LOG, "export " + window.table(), table.total());
        try (ChangeStream cursor = table.reader.open()) {
            while (cursor.next()) {
                Operation operation = cursor.operation();
                JsonGenerator json = series.row(operation);
                cursor.writeRow(json);
                if (presence != null) {
                    addKey(presence, operation, cursor.keyValues(), series);
                }
                progress.row();
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

    private void addKey(TablePresence presence, Operation operation, Object[] key, ContentSeries series) throws java.io.IOException {
        try {
            presence.add(operation, key, series);
        } catch (SQLException e) {
            throw new PresenceFailedException(e, config.export().presenceTimeoutSeconds());
        }
    }

    private void flush(TablePresence presence, ContentSeries series) {
        try {
            presence.flush(series);
        } catch (SQLException e) {
            throw new PresenceFailedException(e, config.export().presenceTimeoutSeconds());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stage "gateway": publishes the staged contents in sequence order. */
    public ExportCycle publish(ExportCycle cycle) throws Exception {
        for (ContentSeries.Staged content : cycle.staged) {
            if (!gateway.isPublished(content.name())) {
                gateway.publish(content.name(), content.file(), content.manifest());
            }
        }
        return cycle;
    }

    /**
     * Stage "consume changes": once the contents are published, each capture may remove what its
     * window read from the source (the change-table capture deletes the consumed change rows).
     * Runs before the state advances, so that a crash in between consumes again on the next run.
     */
    public ExportCycle consume(ExportCycle cycle) throws SQLException {
        for (TableChanges table : cycle.tables) {
            captures.get(table.window.table()).consume(cycle.capture, table.info, table.window);
        }
        cycle.capture.commitConsumed();
        return cycle;
    }

    /** Stage "commit": advances the state past the published contents (or just the versions, when nothing changed). */
    public ExportCycle commit(ExportCycle cycle) throws Exception {
        Map<Long, Long> rowsBySequence = new LinkedHashMap<>();
        for (ContentSeries.Staged content : cycle.staged) {
            rowsBySequence.put(content.name().sequence(), content.manifest().tables().stream()
                    .mapToLong(t -> t.counts().inserted() + t.counts().updated() + t.counts().deleted()).sum());
        }
        state.commit(cycle.lock, cycle.intent, cycle.windows(), rowsBySequence, cycle.sourceIdentity);
        cycle.staged.forEach(content -> metrics.exported(content.manifest()));
        metrics.exportedUpTo(cycle.intent == null ? cycle.lock.lastSequence() : cycle.intent.lastSequence());
        logSummary(cycle);
        return cycle;
    }

    private void logSummary(ExportCycle cycle) {
        double seconds = (System.nanoTime() - cycle.startedNanos) / 1e9;
        String contents = cycle.intent == null ? "no content"
                : cycle.intent.parts() == 1 ? "sequence " + cycle.intent.firstSequence()
                : "sequences " + cycle.intent.firstSequence() + ".." + cycle.intent.lastSequence();
        if (cycle.intent == null && cycle.tables.stream().noneMatch(t -> t.total() > 0 || t.window.full())) {
            LOG.debug("export {}: idle cycle, {} tables without changes, in {} s", pipeline, cycle.tables.size(),
                    String.format("%.3f", seconds));
            return;
        }
        if (cycle.publishOnly) {
            LOG.info("export {}: the unfinished cycle's staged contents published in {} s -> {}", pipeline,
                    String.format("%.3f", seconds), contents);
            return;
        }
        for (TableChanges table : cycle.tables) {
            long rows = table.total();
            String presence = table.presence == null ? "" : " existing=" + table.existing + " missing=" + table.missing;
            LOG.info("export {} {} versions {}..{}: inserted={} updated={} deleted={}{} in {} s ({} rows/s) -> {}",
                    table.window.table(), table.window.mode(), table.window.fromVersion() == null ? "-" : table.window.fromVersion(),
                    table.window.toVersion(), table.inserted, table.updated, table.deleted, presence, String.format("%.3f", seconds),
                    seconds > 0 ? Math.round(rows / seconds) : rows, rows > 0 || table.inContent() ? contents : "no content");
        }
    }

    /** Always called last: ends the source snapshot and releases the pipeline lock. */
    public void close(ExportCycle cycle) {
        if (cycle == null) {
            return;
        }
        if (cycle.capture != null) {
            cycle.capture.close();
        }
        try {
            if (cycle.source != null) {
                try {
                    if (!cycle.source.getAutoCommit()) {
                        cycle.source.rollback();
                    }
                } finally {
                    cycle.source.close();
                }
            }
        } catch (SQLException e) {
            LOG.warn("export {}: closing the source connection failed: {}", pipeline, e.getMessage());
        }
        try {
            if (cycle.presence != null) {
                cycle.presence.close();
            }
        } catch (SQLException e) {
            LOG.warn("export {}: closing the target connection failed: {}", pipeline, e.getMessage());
        }
        try {
            if (cycle.lock != null) {
                cycle.lock.close();
            }
        } catch (SQLException e) {
            LOG.warn("export {}: releasing the pipeline lock failed: {}", pipeline, e.getMessage());
        }
    }
}
