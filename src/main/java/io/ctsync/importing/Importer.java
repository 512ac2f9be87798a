package io.ctsync.importing;

import io.ctsync.db.BulkLoad;
import io.ctsync.db.Pool;
import io.ctsync.db.Staging;

import io.ctsync.db.TargetDialect;

import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.failure.Failures;
import io.ctsync.gateway.Gateway;
import io.ctsync.monitoring.Metrics;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.CorruptContentException;
import io.ctsync.packaging.Manifest;
import io.ctsync.state.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The import stages that the routes of {@code routes/import.camel.yaml} call in order. The cycle
 * and each content are small objects; rows stream from the content's entries into batched
 * statements or the target's bulk protocol inside {@link TargetWriter}, never through Camel.
 */
public final class Importer {

    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);
    /** How often a unit is tried when the target keeps rolling it back for conflicts with concurrent writers. */
    private static final int MAX_ATTEMPTS = 3;
    /** Verifies contents while they are applied: one thread per content in flight, gone when idle. */
    private static final ExecutorService VERIFIER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ctsync-verify");
        thread.setDaemon(true);
        return thread;
    });

    private final CtsyncConfig config;
    private final Pipeline pipeline;
    private final Pool target;
    private final TargetDialect dialect;
    private final Gateway gateway;
    private final ImportLog log;
    private final Map<String, TableMapping> mappings = new LinkedHashMap<>();
    private final TargetWriter.Options options;
    private final Metrics metrics;
    private final SchemaChanges schemaChanges;
    /** The order of the target's foreign keys, read at start-up (or by the first import when nothing checked the target). */
    private ApplyOrder order;

    public Importer(Pipeline pipeline, CtsyncConfig config, Pool target, Gateway gateway, Metrics metrics) {
        this.config = config;
        this.pipeline = pipeline;
        this.target = target;
        this.dialect = target.type().target();
        this.gateway = gateway;
        this.metrics = metrics;
        this.log = new ImportLog(pipeline);
        config.tables().forEach(mapping -> mappings.put(mapping.source().toString(), mapping));
        this.schemaChanges = new SchemaChanges(config.importing().schemaChanges(), dialect);
        this.options = new TargetWriter.Options(config.context(), config.importing().conflict(), config.importing().batchSize(),
                config.importing().bulkRows(), config.importing().batchBytes(), config.importing().stageRows());
    }

    /** {@link #checkTarget(CtsyncConfig, Pool)} at start-up, keeping the order of the target's foreign keys for the imports. */
    public void checkTarget() throws SQLException {
        order = checkedOrder(config, target);
    }

    /**
     * Start-up check of the target against the key rules of docs/design.md, "Import", and of its foreign
     * keys among the synced tables (a cycle that no order satisfies is refused). Reads only:
     * {@code --check} runs it on its read-only pool.
     */
    public static void checkTarget(CtsyncConfig config, Pool target) throws SQLException {
        checkedOrder(config, target);
    }

    private static ApplyOrder checkedOrder(CtsyncConfig config, Pool target) throws SQLException {
        TargetDialect dialect = target.type().target();
        try (Connection connection = target.getConnection()) {
            TargetRules.check(connection, dialect, config.tables(), config.importing().conflict());
            return ApplyOrder.read(connection, dialect, targetTables(config));
        }
    }

    /** Creates the import log in the target if it is missing; after {@link #checkTarget()}. */
    public void createImportLog() throws SQLException {
        try (Connection connection = target.getConnection()) {
            dialect.createImportLog(connection);
        }
    }

    /**
     * Drops the staging tables that imports of a process that died left in the target ({@link io.ctsync.db.Staging});
     * at start-up, before the first import.
     */
    public void sweepStaging() throws SQLException {
        Optional<Staging> staging = dialect.bulkLoad(1, 1).flatMap(BulkLoad::staging);
        if (staging.isEmpty()) {
            return;
        }
        try (Connection connection = target.getConnection()) {
            int dropped = staging.get().sweep(connection);
            if (dropped > 0) {
                LOG.info("import {}: {} staging tables of an import that ended with its process dropped", pipeline, dropped);
            }
        }
    }

    /** Stage "gateway poll": the pipeline's contents above the last imported sequence. */
    public ImportCycle poll() throws Exception {
        ImportCycle cycle = new ImportCycle();
        try (Connection connection = target.getConnection()) {
            cycle.lastSequence = log.last(connection).sequence();
        }
        cycle.highestImported = cycle.lastSequence;
        cycle.listed = gateway.list(pipeline.application(), pipeline.source(), pipeline.destination()).stream()
                .filter(name -> name.sequence() > cycle.lastSequence).toList();
        return cycle;
    }

    /** Stage "order by sequence": the sequence number in the name decides, whatever order the gateway listed them in. */
    public ImportCycle orderBySequence(ImportCycle cycle) {
        cycle.listed = cycle.listed.stream().sorted(Comparator.comparingLong(ContentName::sequence)).toList();
        return cycle;
    }

    /** Stage "sequence control": lets through last + 1, last + 2, ... and records every content behind a gap as blocked. */
    public ImportCycle sequenceControl(ImportCycle cycle) throws SQLException {
        SequencePlan plan = SequencePlan.of(cycle.lastSequence, cycle.listed, config.importing().ignoreSequence());
        plan.importable().forEach(name -> cycle.contents.add(new ContentImport(cycle, name)));
        for (Map.Entry<ContentName, Long> blocked : plan.blocked().entrySet()) {
            cycle.missing = blocked.getValue();
            block(blocked.getKey(), "sequence " + blocked.getValue() + " is missing; imported after it arrives"
                    + " (or set ctsync.import.ignore-sequence=true)");
        }
        return cycle;
    }

    /**
     * Stage "verify": the manifest belongs to this pipeline and this sequence; every entry's sha256
     * and row count are then checked while the content is applied, before its transaction commits
     * ({@link ContentImport#awaitVerified}).
     */
    public ContentImport verify(ContentImport content) throws Exception {
        try {
            Path file = gateway.fetch(content.name);
            content.reader = ContentReader.open(file);
            Manifest manifest = content.manifest();
            if (!manifest.contentName().equals(content.name)) {
                throw new CorruptContentException("its manifest names " + manifest.contentName());
            }
            if (manifest.part() < 1 || manifest.part() > manifest.parts() || manifest.part() > content.name.sequence()) {
                throw new CorruptContentException("its manifest says part " + manifest.part() + " of " + manifest.parts());
            }
            content.beginVerifying(VERIFIER);
            return content;
        } catch (CorruptContentException e) {
            content.close();
            throw fail(List.of(content), "corrupt content: " + e.getMessage(), e);
        }
    }

    /**
     * Stage "apply": a single-part content is applied in its own transaction; the parts of a
     * multi-part export cycle are held until the last one, then applied together, so that a full
     * table spread over several parts removes only the rows that none of its parts holds.
     */
    public ContentImport apply(ContentImport content) throws Exception {
        ImportCycle cycle = content.cycle;
        List<ContentImport> held = cycle.heldParts;
        if (!held.isEmpty() && held.get(0).firstSequenceOfItsCycle() != content.firstSequenceOfItsCycle()) {
            releaseIncomplete(cycle);
        }
        int expectedPart = held.size() + 1;
        if (content.manifest().part() != expectedPart) {
            long missing = content.name.sequence() - content.manifest().part() + expectedPart;
            block(content.name, "part " + expectedPart + " of its export cycle (sequence " + missing + ") is missing");
            content.close();
            return content;
        }
        held.add(content);
        if (!content.lastPart()) {
            LOG.info("import {}: part {} of {} verified; applied together with part {}", content.name,
                    content.manifest().part(), content.manifest().parts(), content.manifest().parts());
            return content;
        }
        List<ContentImport> unit = List.copyOf(held);
        held.clear();
        try {
            applyUnit(unit);
        } finally {
            unit.forEach(ContentImport::close);
        }
        return content;
    }

    private void applyUnit(List<ContentImport> unit) throws Exception {
        long started = System.nanoTime();
        Map<Long, ImportLog.Counts> counts;
        try {
            counts = applyRetrying(unit);
        } catch (Exception e) {
            // a corrupt content speaks first: whatever else failed may have been its doing
            for (ContentImport content : unit) {
                Optional<CorruptContentException> corrupt = content.corruption();
                if (corrupt.isPresent()) {
                    for (ContentImport part : unit) {
                        if (part != content) {
                            blockIncomplete(part);
                        }
                    }
                    throw fail(List.of(content), "corrupt content: " + corrupt.get().getMessage(), corrupt.get());
                }
            }
            if (e instanceof ContentRejectedException) {
                throw fail(unit, e.getMessage(), e);
            }
            if (e instanceof SchemaChangeBlockedException) {
                throw fail(unit, ImportLog.BLOCKED, e.getMessage(), e);
            }
            if (e instanceof SQLException || e instanceof RuntimeException) {
                throw fail(unit, Failures.oneLine(e), e);
            }
            throw e;
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        for (ContentImport content : unit) {
            ImportLog.Counts c = counts.get(content.name.sequence());
            long rows = c.inserted() + c.updated() + c.deleted();
            content.cycle.imported++;
            content.cycle.rows += rows;
            content.cycle.highestImported = Math.max(content.cycle.highestImported, content.name.sequence());
            LOG.info("imported {}: {} inserted, {} updated, {} deleted, {} conflicts; {} rows in {} ms ({} rows/s)", content.name,
                    c.inserted(), c.updated(), c.deleted(), c.conflicts(), rows, millis, rows * 1000 / millis);
        }
    }

    /**
     * Applies the unit in one transaction; a transaction that the target rolled back for a conflict
     * with a concurrent writer (see {@link TargetDialect#isRetryable}) runs again from the start, and
     * then sees that writer's change.
     */
    private Map<Long, ImportLog.Counts> applyRetrying(List<ContentImport> unit) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = target.getConnection()) {
                try {
                    return applyOnce(unit, connection);
                } catch (SQLException e) {
                    Optional<String> violation = dialect.foreignKeyViolation(e);
                    if (violation.isPresent()) {
                        throw new ContentRejectedException(violation.get() + " (fix: give the target the row it references, or remove"
                                + " the row that still references it; until then this content is tried again every import cycle"
                                + " and the ones after it wait)", e);
                    }
                    if (attempt == MAX_ATTEMPTS || !dialect.isRetryable(e)) {
                        throw e;
                    }
                    LOG.warn("import {}: rolled back by a conflict with a concurrent writer ({}); attempt {} of {}",
                            unit.get(0).name, e.getMessage(), attempt + 1, MAX_ATTEMPTS);
                }
            }
        }
    }

    private Map<Long, ImportLog.Counts> applyOnce(List<ContentImport> unit, Connection connection) throws Exception {
        if (order == null) {
            order = ApplyOrder.read(connection, dialect, targetTables(config));
        }
        try (TargetWriter writer = new TargetWriter(connection, target, dialect, options, mappings, order, schemaChanges)) {
            writer.begin(unit.stream().map(ContentImport::manifest).toList(), log, () -> awaitVerified(unit));
            Map<Long, ImportLog.Counts> counts = writer.write(unit);
            long removed = writer.removeAbsentRows();
            if (removed > 0) {
                long last = unit.get(unit.size() - 1).name.sequence();
                ImportLog.Counts c = counts.get(last);
                counts.put(last, new ImportLog.Counts(c.inserted(), c.updated(), c.deleted() + removed, c.conflicts()));
            }
            awaitVerified(unit);
            writer.commit(log, counts);
            return counts;
        }
    }

    private static void awaitVerified(List<ContentImport> unit) throws CorruptContentException {
        for (ContentImport content : unit) {
            content.awaitVerified();
        }
    }

    private static List<TableName> targetTables(CtsyncConfig config) {
        return config.tables().stream().map(TableMapping::target).toList();
    }

    /** End of the cycle: parts still waiting for the rest of their export cycle are released and recorded, and the cycle is summed up. */
    public void finish(ImportCycle cycle) throws SQLException {
        releaseIncomplete(cycle);
        cycle.contents.forEach(ContentImport::close);
        long millis = (System.nanoTime() - cycle.startedNanos) / 1_000_000;
        long highestPublished = cycle.listed.stream().mapToLong(ContentName::sequence).max().orElse(cycle.lastSequence);
        metrics.importProgress(cycle.highestImported, Math.max(highestPublished, cycle.highestImported));
        if (!cycle.listed.isEmpty()) {
            LOG.info("import {}: {} of {} listed contents imported ({} rows) in {} ms", pipeline, cycle.imported,
                    cycle.listed.size(), cycle.rows, millis);
        }
    }

    private void releaseIncomplete(ImportCycle cycle) throws SQLException {
        for (ContentImport part : cycle.heldParts) {
            blockIncomplete(part);
            part.close();
        }
        cycle.heldParts.clear();
    }

    /** Records a part blocked until the rest of its export cycle arrives (whole). */
    private void blockIncomplete(ContentImport part) throws SQLException {
        Manifest manifest = part.manifest();
        long lastSequence = part.name.sequence() - manifest.part() + manifest.parts();
        block(part.name, "waiting for the rest of its export cycle, up to part " + manifest.parts() + " (sequence " + lastSequence + ")");
    }

    private void block(ContentName name, String reason) throws SQLException {
        LOG.error("import {}: not imported: {}", name, reason);
        log.recordProblem(target, name.sequence(), ImportLog.BLOCKED, reason);
    }

    private ImportFailedException fail(List<ContentImport> unit, String reason, Exception cause) {
        return fail(unit, ImportLog.FAILED, reason, cause);
    }

    /** Records the unit's contents {@code failed} or {@code blocked} with the reason, one line each; nothing of them was applied. */
    private ImportFailedException fail(List<ContentImport> unit, String status, String reason, Exception cause) {
        for (ContentImport content : unit) {
            LOG.error("import {}: {}, the target is unchanged: {}", content.name, status, reason);
            try {
                log.recordProblem(target, content.name.sequence(), status, reason);
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
        return new ImportFailedException(unit.get(0).name, reason, cause);
    }
}
