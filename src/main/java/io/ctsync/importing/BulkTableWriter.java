package io.ctsync.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ctsync.db.BulkLoad;
import io.ctsync.db.Query;
import io.ctsync.values.Column;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.Staging;
import io.ctsync.db.TargetDialect;
import io.ctsync.packaging.ContentReader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * The bulk path of one table of a content (docs/design.md, "Import"): each entry's rows are checked as
 * on the row path ({@link RowChecks}) while they stream into a work table with the database's bulk
 * protocol ({@link BulkLoad}), then one set-based statement deletes or upserts them all, and a full
 * table's keys go to its key table in one more. A delta's inserted rows go straight into the target
 * where the dialect can and no row needs a conflict decision, and are upserted where that fails.
 */
final class BulkTableWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BulkTableWriter.class);

    private final Connection connection;
    private final TargetDialect dialect;
    private final BulkLoad load;
    private final String context;
    private final RowChecks checks;
    private final TargetScope scope;

    /** When the content was created: the time a kept delete or a version records. */
    private final Instant at;

    /** Where big upserts are staged: the transaction's {@link StagingArea}. */
    private final StagingArea stagingArea;
    /** The rows of an entry of the table, by the manifest. */
    private final ToLongFunction<String> rows;

    BulkTableWriter(Connection connection, TargetDialect dialect, BulkLoad load, String context, RowChecks checks, TargetScope scope, Instant at,
                    StagingArea stagingArea, ToLongFunction<String> rows) {
        this.at = at;
        this.stagingArea = stagingArea;
        this.rows = rows;
        this.connection = connection;
        this.dialect = dialect;
        this.load = load;
        this.context = context;
        this.checks = checks;
        this.scope = scope;
    }

    /** Deletes the rows of the keys of a deleted entry as the table keeps deletes; returns how many the target had. */
    long delete(ContentReader content, String entry) throws SQLException, IOException, ContentRejectedException {
        EntryRows rows = EntryRows.open(content, entry, scope.table().binaryColumns());
        if (rows == null) {
            return 0;
        }
        List<Column> key = scope.keyColumns();
        long started = System.nanoTime();
        String work = load(List.of(rows), scope.key(), key, "delete");
        long loaded = System.nanoTime();
        Deletions deletions = scope.deletions();
        long deleted = update(deletions.deleteLoaded(load, scope.table().shape(), key, work), deletions.parameters(scope.table(), at));
        TableWriter.execute(connection, load.drop(work));
        LOG.debug("import {}: {} deleted keys loaded in {} ms, {} rows deleted in {} ms", scope.table().name(), rows.accepted(),
                (loaded - started) / 1_000_000, deleted, (System.nanoTime() - loaded) / 1_000_000);
        return deleted;
    }

    /**
     * Writes the rows of the inserted and the updated entry, and puts their keys in
     * {@code keyTable} (a full table's; null for a delta); returns how many rows of each entry were
     * written. The inserted rows of a delta go straight into the target where they can
     * ({@link #insertDirectly}); otherwise, and always for the updated rows, they are upserted.
     */
    long[] upsert(ContentReader content, String inserted, String updated, ScratchTable keyTable)
            throws SQLException, IOException, ContentRejectedException {
        // a full table's keys come from the work table, and most of its rows are in the target already
        OptionalLong direct = keyTable == null && !checks.conflictsPossible() && scope.deletions().insertsDirectly()
                ? insertDirectly(content, inserted) : OptionalLong.empty();
        if (direct.isPresent()) {
            return new long[] {direct.getAsLong(), upsertEntries(content, List.of(updated), null)[0]};
        }
        return upsertEntries(content, List.of(inserted, updated), keyTable);
    }

    /**
     * Inserts the entry's rows straight into the target, where the dialect writes them there as the
     * upsert would ({@link BulkLoad#directInsert}); returns how many, or empty where they must be
     * upserted instead: the dialect cannot, or the insert failed (a key the target already holds,
     * after a local insert or a replay) and was rolled back. Any failure is left to the upsert,
     * which meets it again and reports it as it always has.
     */
    private OptionalLong insertDirectly(ContentReader content, String entry) throws SQLException, IOException, ContentRejectedException {
        EntryRows rows = EntryRows.open(content, entry, scope.table().binaryColumns());
        if (rows == null) {
            return OptionalLong.of(0);
        }
        List<String> columns = TableWriter.writableColumns(checks, rows.fields());
        Optional<BulkLoad.DirectInsert> insert = load.directInsert(scope.table().shape(), scope.table().shape().columnsNamed(columns));
        if (insert.isEmpty()) {
            rows.close();
            return OptionalLong.empty();
        }
        rows.select(columns);
        rows.check(row -> accept(row, "insert"));
        long started = System.nanoTime();
        Savepoint beforeInsert = connection.setSavepoint();
        try {
            TableWriter.withIdentityInsert(connection, dialect, scope.table(), columns, () -> insert.get().insert(connection, rows));
        } catch (SQLException e) {
            connection.rollback(beforeInsert);
            rows.close();
            LOG.debug("import {}: the inserted rows are upserted, their direct insert failed in {} ms: {}", scope.table().name(),
                    (System.nanoTime() - started) / 1_000_000, e.getMessage());
            return OptionalLong.empty();
        }
        rows.throwIfRefused();
        dialect.releaseSavepoint(connection, beforeInsert);
        LOG.debug("import {}: {} rows inserted directly in {} ms", scope.table().name(), rows.accepted(), (System.nanoTime() - started) / 1_000_000);
        return OptionalLong.of(rows.accepted());
    }

    /**
     * Upserts the rows of the entries and puts their keys in {@code keyTable} (or not, when null);
     * returns how many rows of each entry were written. Entries of the same columns go into one
     * work table and one statement, in their order, so that a key in both takes its later row.
     */
    private long[] upsertEntries(ContentReader content, List<String> entries, ScratchTable keyTable)
            throws SQLException, IOException, ContentRejectedException {
        EntryRows[] opened = new EntryRows[entries.size()];
        List<EntryRows> group = new ArrayList<>();
        long groupRows = 0;
        for (int i = 0; i < entries.size(); i++) {
            opened[i] = EntryRows.open(content, entries.get(i), scope.table().binaryColumns());
            if (opened[i] == null) {
                continue;
            }
            if (!group.isEmpty() && !group.get(0).fields().equals(opened[i].fields())) {
                upsert(group, groupRows, keyTable);
                group.clear();
                groupRows = 0;
            }
            group.add(opened[i]);
            groupRows += rows.applyAsLong(entries.get(i));
        }
        if (!group.isEmpty()) {
            upsert(group, groupRows, keyTable);
        }
        return Arrays.stream(opened).mapToLong(rows -> rows == null ? 0 : rows.accepted()).toArray();
    }

    /**
     * Writes entries of the same columns ({@code rows} rows by the manifest) with one upsert from one
     * work table, or, where the database stages and they are more than a chunk, with one upsert per
     * chunk from staging tables loaded on a second connection meanwhile ({@link StagingArea}).
     */
    private void upsert(List<EntryRows> entries, long rows, ScratchTable keyTable) throws SQLException, IOException, ContentRejectedException {
        List<String> columns = TableWriter.writableColumns(checks, entries.get(0).fields());
        List<Column> typed = scope.table().shape().columnsNamed(columns);
        long started = System.nanoTime();
        Optional<Staging> staging = stagingArea.staging(load, rows);
        if (staging.isPresent()) {
            for (EntryRows entry : entries) {
                entry.select(columns);
                entry.check(row -> accept(row, "upsert"));
            }
            int chunks = 0;
            long waited;
            try (StagedChunks staged = stagingArea.stage(load, staging.get(), entries, typed)) {
                for (String chunk = staged.next(); chunk != null; chunk = staged.next()) {
                    write(columns, typed, chunk, keyTable);
                    chunks++;
                }
                waited = staged.waitedMillis();
            }
            LOG.debug("import {}: {} rows staged in {} chunks and written in {} ms, {} ms of it waiting for a chunk", scope.table().name(),
                    entries.stream().mapToLong(EntryRows::accepted).sum(), chunks, (System.nanoTime() - started) / 1_000_000, waited);
            return;
        }
        String work = load(entries, columns, typed, "upsert");
        long loaded = System.nanoTime();
        write(columns, typed, work, keyTable);
        TableWriter.execute(connection, load.drop(work));
        LOG.debug("import {}: {} rows loaded in {} ms, written in {} ms", scope.table().name(),
                entries.stream().mapToLong(EntryRows::accepted).sum(), (loaded - started) / 1_000_000, (System.nanoTime() - loaded) / 1_000_000);
    }

    /** Writes the rows of a work (or staging) table, valued as {@code typed}, and puts their keys in {@code keyTable} (or not, when null). */
    private void write(List<String> columns, List<Column> typed, String work, ScratchTable keyTable)
            throws SQLException, IOException, ContentRejectedException {
        if (keyTable != null) {
            update(load.copyKeys(keyTable.reference(), scope.keyColumns(), work));
        }
        TableWriter.withIdentityInsert(connection, dialect, scope.table(), columns, () -> scope.deletions().writeLoaded(new Deletions.LoadedRows() {
            @Override
            public long upsert() throws SQLException {
                return BulkTableWriter.this.upsert(typed, work);
            }

            @Override
            public long execute(String dml, List<Query.Typed> parameters) throws SQLException {
                return update(dml, parameters);
            }
        }, load, scope.table(), typed, scope.key(), work, at));
    }

    /** Loads the rows of the entries that pass the checks into a new work table of {@code columns}; returns its reference. */
    private String load(List<EntryRows> entries, List<String> names, List<Column> columns, String action)
            throws SQLException, IOException, ContentRejectedException {
        ScratchTable work = load.workTable(scope.table().name(), columns);
        TableWriter.execute(connection, work.create());
        for (EntryRows rows : entries) {
            rows.select(names);
            rows.check(row -> accept(row, action));
            try {
                load.load(connection, work, columns, rows);
            } finally {
                rows.close();
            }
            rows.throwIfRefused();
        }
        return work.reference();
    }

    private boolean accept(EntryRows row, String action) throws ContentRejectedException {
        if (scope.scoped()) {
            checks.checkConstant(row.text(scope.constantColumn()));
        }
        if (!checks.conflictsPossible()) {
            return true;
        }
        return checks.accept(checks.key(i -> json(row.text(scope.key().get(i)))), action);
    }

    /** The JSON value of a text, which every form reads as it reads the JSON's own value. */
    private static JsonNode json(String text) {
        return text == null ? NullNode.getInstance() : TextNode.valueOf(text);
    }

    /**
     * The upsert of the work table's rows; when it holds a key twice (a row inserted and then
     * updated in one content), again with the last row of each key, as the row path writes them.
     */
    private long upsert(List<Column> columns, String work) throws SQLException {
        Savepoint beforeUpsert = connection.setSavepoint();
        try {
            long written = update(load.upsert(scope.table().shape(), columns, scope.key(), work, false));
            dialect.releaseSavepoint(connection, beforeUpsert);
            return written;
        } catch (SQLException e) {
            if (!load.repeatedKey(e)) {
                throw e;
            }
            connection.rollback(beforeUpsert);
            return update(load.upsert(scope.table().shape(), columns, scope.key(), work, true));
        }
    }

    private long update(String dml) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(scope.table().marked(dialect, dml, context));
        }
    }

    private long update(String dml, List<Query.Typed> parameters) throws SQLException {
        if (parameters.isEmpty()) {
            return update(dml);
        }
        try (PreparedStatement statement = new Query(scope.table().marked(dialect, dml, context), List.copyOf(parameters)).prepare(connection)) {
            return statement.executeLargeUpdate();
        }
    }
}
