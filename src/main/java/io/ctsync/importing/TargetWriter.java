package io.ctsync.importing;

import io.ctsync.db.KeyRange;
import io.ctsync.db.TargetDialect;

import io.ctsync.db.ScratchTable;

import io.ctsync.config.ConflictPolicy;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.packaging.CorruptContentException;
import io.ctsync.packaging.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One target transaction that applies a unit of contents (one content, or every part of a
 * multi-part export cycle) together with their rows in the import log, tables in the order of the
 * target's foreign keys ({@link ApplyOrder}). Nothing is visible to anyone until {@link #commit};
 * closing without committing rolls everything back.
 *
 * <p>Conflicts are judged against the target's tracking version recorded with the last imported
 * sequence: a key whose tracking row is above it and was not written under ctsync's context
 * changed locally since that import.
 */
final class TargetWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetWriter.class);

    /**
     * What the importer was told to do: ctsync's context, the conflict policy, the batch size (in rows, and in bytes of
     * values), from how many rows to load in bulk, and the rows of a staged chunk ({@link StagingArea}; 0: none).
     */
    record Options(String context, ConflictPolicy conflict, int batchSize, int bulkRows, long batchBytes, long stageRows) {
    }

    private final Connection connection;
    private final TargetDialect dialect;
    private final Options options;
    private final Map<String, TableMapping> mappings;
    private final ApplyOrder order;
    private final SchemaChanges schemaChanges;
    private final Map<TableName, TargetTable> targets = new HashMap<>();
    private final AbsentRows absentRows;
    private final Map<TableName, LocalChanges> localChanges = new HashMap<>();
    private Long sinceVersion;
    private Long version;
    private boolean writing;
    private boolean committed;
    private final StagingArea stagingArea;

    TargetWriter(Connection connection, DataSource target, TargetDialect dialect, Options options, Map<String, TableMapping> mappings,
                 ApplyOrder order, SchemaChanges schemaChanges) {
        this.connection = connection;
        this.stagingArea = new StagingArea(target, connection, options.stageRows());
        this.schemaChanges = schemaChanges;
        this.dialect = dialect;
        this.options = options;
        this.mappings = mappings;
        this.order = order;
        this.absentRows = new AbsentRows(connection, dialect, options, order, new AbsentRows.Writer() {
            @Override
            public LocalChanges localChanges(TargetScope scope) throws SQLException {
                return TargetWriter.this.localChanges(scope);
            }

            @Override
            public TableWriter tableWriter(TargetScope scope, Instant at) throws SQLException {
                return TargetWriter.this.tableWriter(scope, at);
            }

            @Override
            public TargetTable targetTable(TableName name) throws SQLException {
                return TargetWriter.this.targetTable(name);
            }
        });
    }

    /** Waits until the unit's entries are verified (ContentImport#awaitVerified). */
    @FunctionalInterface
    interface Verification {
        void await() throws CorruptContentException;
    }

    /**
     * Starts the transaction for the given manifests: resolves and checks every table (whether one
     * is tracked decides how the transaction begins) and plans its schema changes ({@link SchemaChanges}),
     * reads the target's committed version, runs the schema changes, creates
     * the key tables of full tables and chunks (before any write), reads the version of the last
     * import, then sets ctsync's context.
     */
    void begin(List<Manifest> unit, ImportLog log, Verification verified)
            throws SQLException, ContentRejectedException, SchemaChangeBlockedException, CorruptContentException {
        boolean tracked = false;
        // every table's schema changes planned before anything runs: a blocked one leaves the target untouched
        Map<TableName, List<String>> alterations = new LinkedHashMap<>();
        for (Manifest manifest : unit) {
            for (Manifest.Table table : manifest.tables()) {
                TargetScope scope = scope(table);
                tracked |= scope.table().tracked();
                if (!alterations.containsKey(scope.table().name())) {
                    alterations.put(scope.table().name(), schemaChanges.plan(table, scope));
                }
            }
        }
        dialect.beginImport(connection, tracked);
        // before the transaction reads anything: a local change that commits while it begins is then
        // above this version, seen as local by the next import rather than missed
        OptionalLong committedVersion = dialect.committedVersion(connection);
        version = committedVersion.isPresent() ? committedVersion.getAsLong() : null;
        if (alterations.values().stream().anyMatch(statements -> !statements.isEmpty())) {
            // H2 commits on DDL: a content's schema changes wait until its entries are known whole
            verified.await();
        }
        alter(alterations);
        Map<TableName, TargetScope> removing = new LinkedHashMap<>();
        Map<TableName, KeyRange> ranges = new HashMap<>();
        Map<TableName, Instant> times = new HashMap<>();
        for (Manifest manifest : unit) {
            for (Manifest.Table table : manifest.tables()) {
                TargetScope scope = scope(table);
                if (table.removesAbsent() && !removing.containsKey(scope.table().name())) {
                    removing.put(scope.table().name(), scope);
                    ranges.put(scope.table().name(), table.keyRange());
                    times.put(scope.table().name(), ContentImport.createdAt(manifest));
                }
            }
        }
        int keyTables = 0;
        for (TargetScope scope : removing.values()) {
            TableName target = scope.table().name();
            ScratchTable keys = dialect.keyTable(++keyTables, target, scope.key());
            TableWriter.execute(connection, keys.create());
            absentRows.add(target, new AbsentRows.Table(scope, keys, ranges.get(target), times.get(target)));
        }
        sinceVersion = log.last(connection).targetVersion();
        dialect.beginWriting(connection, options.context());
        writing = true;
        if (order.defers()) {
            dialect.deferConstraints(connection);
        }
    }

    /**
     * Runs the planned schema changes in the transaction, before any row is written (PostgreSQL
     * and SQL Server roll them back with it; H2 commits on DDL, which is why nothing may be written
     * before), and describes the altered tables again.
     */
    private void alter(Map<TableName, List<String>> alterations) throws SQLException {
        for (Map.Entry<TableName, List<String>> table : alterations.entrySet()) {
            if (!table.getValue().isEmpty()) {
                TableWriter.execute(connection, table.getValue());
                targets.remove(table.getKey());
            }
        }
    }

    /**
     * Applies every table of the unit's contents in foreign-key order: the deletes of all of them
     * children first, then the inserts and updates parents first (contents in sequence order within
     * a table, so a table spread over the parts of an export cycle still goes together); returns
     * what each content did, by sequence.
     */
    Map<Long, ImportLog.Counts> write(List<ContentImport> unit) throws SQLException, IOException, ContentRejectedException {
        List<TableStep> steps = new ArrayList<>();
        for (ContentImport content : unit) {
            for (Manifest.Table table : content.manifest().tables()) {
                steps.add(new TableStep(content, table, scope(table)));
            }
        }
        Comparator<TableStep> parentsFirst = Comparator.comparingInt(step -> order.rank(step.scope.table().name()));
        for (TableStep step : steps.stream().sorted(parentsFirst.reversed()).toList()) {
            long started = System.nanoTime();
            step.add(tableWriter(step.scope, step.content.createdAt()).delete(step.content.reader, step.table), started);
        }
        Map<Long, ImportLog.Counts> counts = new LinkedHashMap<>();
        unit.forEach(content -> counts.put(content.name.sequence(), new ImportLog.Counts(0, 0, 0, 0)));
        for (TableStep step : steps.stream().sorted(parentsFirst).toList()) {
            long started = System.nanoTime();
            ScratchTable keys = step.table.removesAbsent() ? absentRows.keys(step.scope.table().name()) : null;
            step.add(tableWriter(step.scope, step.content.createdAt()).upsert(step.content.reader, step.table, keys), started);
            ImportLog.Counts c = step.counts;
            long rows = c.inserted() + c.updated() + c.deleted();
            long millis = Math.max(1, step.nanos / 1_000_000);
            LOG.info("import {} {} -> {}: {}, {} inserted, {} updated, {} deleted, {} conflicts in {} ms ({} rows/s)",
                    step.content.name.fileName(), step.table.table(), step.scope.table().name(), step.table.mode(), c.inserted(),
                    c.updated(), c.deleted(), c.conflicts(), millis, rows * 1000 / millis);
            counts.merge(step.content.name.sequence(), c, TargetWriter::sum);
        }
        return counts;
    }

    /** One table of one content of the unit, and what writing it did so far. */
    private static final class TableStep {
        final ContentImport content;
        final Manifest.Table table;
        final TargetScope scope;
        ImportLog.Counts counts = new ImportLog.Counts(0, 0, 0, 0);
        long nanos;

        TableStep(ContentImport content, Manifest.Table table, TargetScope scope) {
            this.content = content;
            this.table = table;
            this.scope = scope;
        }

        void add(ImportLog.Counts more, long startedNanos) {
            counts = sum(counts, more);
            nanos += System.nanoTime() - startedNanos;
        }
    }

    private static ImportLog.Counts sum(ImportLog.Counts a, ImportLog.Counts b) {
        return new ImportLog.Counts(a.inserted() + b.inserted(), a.updated() + b.updated(), a.deleted() + b.deleted(),
                a.conflicts() + b.conflicts());
    }

    /** The writer of the scope's table for a content created {@code at}, the time a delete records where the table keeps deleted rows. */
    private TableWriter tableWriter(TargetScope scope, Instant at) throws SQLException {
        return new TableWriter(connection, dialect, options, scope, localChanges(scope), order.selfReferences(scope.table().name()), at,
                stagingArea);
    }

    /** Removes the rows that the unit's full tables and chunks do not hold (see {@link AbsentRows}). */
    long removeAbsentRows() throws SQLException {
        return absentRows.remove();
    }

    /** Records every content of the unit as imported and commits, all or nothing. */
    void commit(ImportLog log, Map<Long, ImportLog.Counts> countsBySequence) throws SQLException {
        for (Map.Entry<Long, ImportLog.Counts> entry : countsBySequence.entrySet()) {
            log.recordOk(connection, entry.getKey(), entry.getValue(), version);
        }
        connection.commit();
        committed = true;
    }

    /** A target table as described once per transaction. */
    private TargetTable targetTable(TableName name) throws SQLException {
        TargetTable target = targets.get(name);
        if (target == null) {
            target = TargetTable.describe(connection, dialect, name);
            targets.put(name, target);
        }
        return target;
    }

    private TargetScope scope(Manifest.Table table) throws SQLException, ContentRejectedException {
        TableMapping mapping = mappings.get(table.table());
        if (mapping == null) {
            throw new ContentRejectedException("the content holds table " + table.table() + ", which is not in ctsync.tables");
        }
        TargetTable target = targetTable(mapping.target());
        if (!target.exists()) {
            throw new ContentRejectedException("the target table " + mapping.target() + " does not exist");
        }
        Deletions deletions = Deletions.of(mapping);
        if (!target.isUniqueKey(deletions.targetKey(table.key()))) {
            throw new ContentRejectedException("the key (" + String.join(", ", deletions.targetKey(table.key())) + ") of " + table.table()
                    + " is not the primary key or a unique key of the target table " + target.name());
        }
        Map.Entry<String, String> constant = mapping.constants().entrySet().stream().findFirst().orElse(null);
        if (constant != null && !table.key().contains(constant.getKey())) {
            throw new ContentRejectedException("the key of " + table.table() + " lacks the constant column " + constant.getKey()
                    + " that " + mapping.prefix() + "constant." + constant.getKey() + " configures");
        }
        return new TargetScope(target, table.key(), constant == null ? null : constant.getKey(), constant == null ? null : constant.getValue(),
                deletions);
    }

    private LocalChanges localChanges(TargetScope scope) throws SQLException {
        if (!scope.table().tracked() || sinceVersion == null) {
            return LocalChanges.NONE;
        }
        LocalChanges local = localChanges.get(scope.table().name());
        if (local == null) {
            local = LocalChanges.read(connection, dialect, scope.table(), scope.key(), sinceVersion, options.context());
            if (local.historyLost()) {
                LOG.warn("import {}: {}; ctsync.import.conflict={}: {}", scope.table().name(), local.lostHistory(), options.conflict().key(),
                        switch (options.conflict()) {
                            case SOURCE_WINS -> "every row is written as the source has it";
                            case TARGET_WINS -> "every row counts as changed locally and is left as it is";
                            case FAIL -> "the content is refused";
                        });
            }
            localChanges.put(scope.table().name(), local);
        }
        return local;
    }

    /** Rolls back unless committed, ends ctsync's context on the connection, then drops the transaction's staging tables. */
    @Override
    public void close() throws SQLException {
        try (stagingArea) {
            try {
                if (!committed) {
                    connection.rollback();
                }
            } finally {
                if (writing) {
                    dialect.endWriting(connection);
                }
            }
        }
    }
}
