package io.ctsync.exporting;

import io.ctsync.backfill.BackfillOrder;
import io.ctsync.backfill.ChunkPlanner;
import io.ctsync.backfill.RowBudget;
import io.ctsync.db.Backfill;
import io.ctsync.db.Pool;
import io.ctsync.capture.CaptureCycle;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.TableName;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.Intent;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stage "open-window": locks the pipeline and, in one snapshot of the source, opens each table's
 * window with its capture and counts its changes; plans the cycle's sequence numbers. When one
 * survey statement finds no tracked table changed, the cycle is idle: every window moves up to
 * the survey's version, empty, with no snapshot and no per-table statement. An
 * unfinished intent left by a crash is resumed instead ({@link IntentRecovery}).
 */
public final class CycleOpener {

    private static final Logger LOG = LoggerFactory.getLogger(CycleOpener.class);

    private final CtsyncConfig config;
    private final Pipeline pipeline;
    private final ExportedTables tables;
    private final Pool source;
    private final Pool target;
    private final StateStore state;
    private final IntentRecovery recovery;
    private final ExportJobs jobs;
    private final ChunkPlanner chunks;

    /** {@code target} may be null: captures that compare with the target are then refused at start-up. */
    public CycleOpener(Pipeline pipeline, CtsyncConfig config, ExportedTables tables, Pool source, Pool target,
                       StateStore state, IntentRecovery recovery, ExportJobs jobs) {
        this.config = config;
        this.pipeline = pipeline;
        this.tables = tables;
        this.source = source;
        this.target = target;
        this.state = state;
        this.recovery = recovery;
        this.jobs = jobs;
        // a chunk is one content: never more rows than max-rows-per-file allows a content
        this.chunks = new ChunkPlanner(Math.min(config.export().chunkRows(), config.export().maxRowsPerFile()));
    }

    /**
     * Opens a scheduled cycle ({@code request} null) or the cycle of an export job. A crashed
     * cycle's intent comes first, whoever asks: it is finished (with its own job's request, if it
     * had one) and the asking job waits for the next cycle.
     */
    public ExportCycle open(ExportRequest request) throws Exception {
        ExportCycle cycle = new ExportCycle(pipeline);
        try {
            cycle.lock = state.lock(pipeline);
            cycle.source = source.getConnection();
            cycle.dialect = source.type().source();
            cycle.capture = new CaptureCycle(cycle.source, cycle.dialect, source, target, config.context(), config.export().fetchSize());
            Optional<Intent> pending = state.pendingIntent(pipeline);
            if (pending.isPresent()) {
                String jobId = pending.get().jobId();
                cycle.request = jobId == null ? null : jobs.find(pipeline, jobId).map(ExportRequest::of).orElse(null);
                recovery.resume(cycle, pending.get(), tables.describe(cycle.source, cycle.dialect));
                return cycle;
            }
            if (request != null) {
                cycle.request = request;
                jobs.started(request.id());
            }
            Map<String, StateStore.TableVersion> lastVersions = state.lastVersions(pipeline);
            List<TrackingSurvey.Since> tracked = tables.trackedSince(lastVersions);
            // a job that sends tables whole is never an idle cycle
            boolean sendsWhole = request != null && request.full();
            // a table being backfilled sends a chunk every cycle: never idle
            boolean backfilling = lastVersions.values().stream().anyMatch(v -> v.backfill() != null);
            // a table whose row filter changed is sent again (docs/configuration.md, "Row filters")
            Set<TableName> refiltered = tables.filtersChanged(lastVersions);
            if (!sendsWhole && !backfilling && refiltered.isEmpty() && !tables.recheckShapes() && !tables.anyColumnAdded(lastVersions)) {
                Optional<List<Window>> quiet = tables.quietWindows(cycle.capture, lastVersions, cycle.lock.sourceIdentity());
                if (quiet.isPresent()) {
                    quiet.get().forEach(w -> cycle.tables.add(new TableChanges(tables.mapping(w.table()), tables.shape(w.table()), w, 0, 0, 0)));
                    return cycle;
                }
            }
            cycle.capture.beginSnapshot(tables.readTrackingVersions(), tracked);
            cycle.sourceIdentity = cycle.dialect.databaseIdentity(cycle.source);
            cycle.capture.sourceReplaced(sourceReplaced(cycle));
            Map<TableName, TableInfo> described = tables.describe(cycle.source, cycle.dialect, cycle.capture);
            Map<TableName, Window> opened = new LinkedHashMap<>();
            for (TableInfo table : described.values()) {
                StateStore.TableVersion last = lastVersions.get(table.name().toString());
                Window window = tables.capture(table.name()).open(cycle.capture, table,
                        last == null ? null : last.version(), last == null ? null : last.position());
                if (refiltered.contains(table.name()) && !window.full()) {
                    LOG.info("export {}: the row filter changed; sending every row that matches it (backfill)", table.name());
                    window = window.whole();
                }
                if (request != null && request.sendsWhole(table.name()) && !window.full()) {
                    window = window.whole();
                }
                List<String> added = ExportedTables.addedColumns(table, last);
                if (!added.isEmpty() && !window.full() && tables.capture(table.name()).backfills()) {
                    LOG.info("export {}: column {} added at the source; sending every row again (a backfill) so that the rows"
                            + " written before carry its values", table.name(), String.join(", ", added));
                    window = window.whole();
                }
                opened.put(table.name(), window);
            }
            // backfills parents first: a table whose parent has chunks left after this cycle waits
            Map<TableName, Set<TableName>> order = backfillOrder(cycle, opened, lastVersions);
            Set<TableName> unfinished = new HashSet<>();
            RowBudget budget = new RowBudget(config.export().backfillRowsPerCycle());
            for (Map.Entry<TableName, Set<TableName>> entry : order.entrySet()) {
                TableInfo table = described.get(entry.getKey());
                Window window = opened.get(entry.getKey());
                if (tables.capture(table.name()).backfills()) {
                    StateStore.TableVersion last = lastVersions.get(table.name().toString());
                    Backfill running = last == null ? null : last.backfill();
                    window = entry.getValue().stream().anyMatch(unfinished::contains)
                            ? chunks.hold(cycle.source, cycle.dialect, table, window, running)
                            : chunks.plan(cycle.source, cycle.dialect, table, window, running, budget);
                    if (window.backfillAfter() != null) {
                        unfinished.add(table.name());
                    }
                }
                cycle.tables.add(tables.counted(cycle.capture, table, window));
            }
            int parts = cycle.deltaParts(config.export().maxRowsPerFile()) + cycle.chunks().size();
            if (parts > 0) {
                cycle.firstSequence = cycle.lock.lastSequence() + 1;
                cycle.intent = new Intent(cycle.firstSequence, parts, Intent.Stage.WRITING, cycle.windows(), cycle.jobId());
            }
            return cycle;
        } catch (Exception | Error e) {
            cycle.close();
            throw e;
        }
    }

    /**
     * The tables in the order their backfills are planned, each with its parents: by the source's
     * foreign keys when two tables or more backfill, else as listed (no catalog read).
     */
    private Map<TableName, Set<TableName>> backfillOrder(ExportCycle cycle, Map<TableName, Window> opened,
                                                         Map<String, StateStore.TableVersion> lastVersions) throws SQLException {
        long backfilling = opened.values().stream().filter(w -> tables.capture(w.table()).backfills())
                .filter(w -> w.full() || lastVersions.containsKey(w.table().toString()) && lastVersions.get(w.table().toString()).backfill() != null)
                .count();
        if (backfilling < 2) {
            Map<TableName, Set<TableName>> listed = new LinkedHashMap<>();
            opened.keySet().forEach(table -> listed.put(table, Set.of()));
            return listed;
        }
        return BackfillOrder.parentsFirst(cycle.source, opened.keySet());
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
}
