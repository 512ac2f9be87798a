package io.ctsync.importing;

import io.ctsync.values.ColumnType;
import io.ctsync.db.TargetDialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctsync.db.ForeignKey;
import io.ctsync.db.ScratchTable;

import io.ctsync.monitoring.Progress;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.Manifest;
import io.ctsync.packaging.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes one table of one content, streaming its entries: deleted keys as multi-row deletes, and
 * inserted and updated rows as multi-row upserts (a row the target lacks is inserted, one it has
 * is updated, whatever the exporter saw), each through a {@link RowBatch}. For a full table every
 * key also goes to the transaction's key table, from which the rows that are no longer in the
 * source are removed at the end. A table with as many rows as the dialect's bulk path takes
 * ({@link io.ctsync.db.TargetDialect#bulkLoad}) goes through {@link BulkTableWriter} instead.
 */
final class TableWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

    private final Connection connection;
    private final TargetDialect dialect;
    private final int batchSize;
    private final long batchBytes;
    private final String context;
    private final TargetScope scope;
    private final RowChecks checks;
    private final int bulkRows;
    private final ColumnType[] keyTypes;
    private final List<ForeignKey> selfReferences;
    /** When the content was created: the time a kept delete records. */
    private final Instant at;
    /** Where the bulk path stages big upserts. */
    private final StagingArea stagingArea;
    /** Of a table that references itself: the key columns, then the referencing and referenced ones, as deletes read them. */
    private final List<String> lookupColumns = new ArrayList<>();

    TableWriter(Connection connection, TargetDialect dialect, TargetWriter.Options options, TargetScope scope, LocalChanges localChanges,
                List<ForeignKey> selfReferences, Instant at, StagingArea stagingArea) {
        this.connection = connection;
        this.stagingArea = stagingArea;
        this.dialect = dialect;
        this.batchSize = options.batchSize();
        this.batchBytes = options.batchBytes();
        this.context = options.context();
        this.scope = scope;
        this.checks = new RowChecks(dialect, scope, localChanges, options.conflict());
        this.bulkRows = options.bulkRows();
        this.keyTypes = scope.keyTypes();
        this.selfReferences = selfReferences;
        this.at = at;
        lookupColumns.addAll(scope.key());
        selfReferences.forEach(k -> Stream.concat(k.columns().stream(), k.referencedColumns().stream())
                .filter(c -> !lookupColumns.contains(c)).forEach(lookupColumns::add));
    }

    /**
     * Deletes the table's deleted keys as its {@link Deletions} keeps them; where that removes the
     * rows of a table that references itself, they go children first, by the references the target
     * holds for them.
     */
    ImportLog.Counts delete(ContentReader content, Manifest.Table table) throws SQLException, IOException, ContentRejectedException {
        String entry = table.table() + "/" + Operation.DELETED.fileName();
        Optional<BulkTableWriter> bulk = bulk(table, List.of(entry));
        if (bulk.isPresent()) {
            return new ImportLog.Counts(0, 0, bulk.get().delete(content, entry), checks.conflicts());
        }
        Iterator<ObjectNode> rows = content.rows(entry);
        List<Key> keys = new ArrayList<>();
        long deleted = 0;
        try (RowBatch delete = deleteBatch()) {
            while (rows.hasNext()) {
                ObjectNode row = rows.next();
                checks.checkConstant(row);
                Key key = checks.key(row);
                if (!checks.accept(key, "delete")) {
                    continue;
                }
                if (selfReferences.isEmpty() || !scope.deletions().removesRows()) {
                    delete.add(key, key.values());
                } else {
                    keys.add(key);
                }
            }
            deleted += delete.finish();
        }
        deleted += deleteChildrenFirst(TargetRows.read(connection, dialect, scope, lookupColumns, keys));
        return new ImportLog.Counts(0, 0, deleted, checks.conflicts());
    }

    /**
     * Upserts the table's inserted and updated rows; {@code keyTable} is where a full table's keys
     * go, null for a delta. The rows of a table that references itself are held and written
     * parents first, level by level.
     */
    ImportLog.Counts upsert(ContentReader content, Manifest.Table table, ScratchTable keyTable)
            throws SQLException, IOException, ContentRejectedException {
        String insertedEntry = table.table() + "/" + Operation.INSERTED.fileName();
        String updatedEntry = table.table() + "/" + Operation.UPDATED.fileName();
        Optional<BulkTableWriter> bulk = bulk(table, List.of(insertedEntry, updatedEntry));
        if (bulk.isPresent()) {
            long[] written = bulk.get().upsert(content, insertedEntry, updatedEntry, keyTable);
            return new ImportLog.Counts(written[0], written[1], 0, checks.conflicts());
        }
        Set<String> binary = scope.table().binaryColumns();
        Iterator<ObjectNode> inserted = content.rows(insertedEntry, binary);
        Iterator<ObjectNode> updated = content.rows(updatedEntry, binary);
        long insertedCount = 0, updatedCount = 0;
        try (RowBatch keys = keyTable == null ? null : keyBatch(connection, dialect, scope, keyTable, batchSize, batchBytes)) {
            if (selfReferences.isEmpty()) {
                insertedCount = upsert(inserted, keys);
                updatedCount = upsert(updated, keys);
            } else {
                List<Pending> pending = new ArrayList<>();
                inserted.forEachRemaining(row -> pending.add(new Pending(row, true)));
                updated.forEachRemaining(row -> pending.add(new Pending(row, false)));
                for (List<Pending> level : RowLevels.of(pending, selfReferences, (p, column) -> contentValue(p.row(), column))) {
                    insertedCount += upsert(level.stream().filter(Pending::inserted).map(Pending::row).iterator(), keys);
                    updatedCount += upsert(level.stream().filter(p -> !p.inserted()).map(Pending::row).iterator(), keys);
                }
            }
            if (keys != null) {
                keys.finish();
            }
        }
        return new ImportLog.Counts(insertedCount, updatedCount, 0, checks.conflicts());
    }

    /**
     * The bulk path for these entries of the table, where the dialect has one for their number of
     * rows; never for a table that references itself, whose rows are written level by level.
     */
    private Optional<BulkTableWriter> bulk(Manifest.Table table, List<String> entries) {
        if (!selfReferences.isEmpty()) {
            return Optional.empty();
        }
        long rows = table.entries().stream().filter(e -> entries.contains(e.name())).mapToLong(Manifest.Entry::rows).sum();
        return dialect.bulkLoad(rows, bulkRows).map(load -> new BulkTableWriter(connection, dialect, load, context, checks, scope, at, stagingArea,
                entry -> table.entries().stream().filter(e -> e.name().equals(entry)).mapToLong(Manifest.Entry::rows).sum()));
    }

    /** A row of a self-referencing table waiting for its level, and the entry it came from. */
    private record Pending(ObjectNode row, boolean inserted) {
    }

    /** Inserts keys of the scope's table into a full table's key table. */
    static RowBatch keyBatch(Connection connection, TargetDialect dialect, TargetScope scope, ScratchTable keyTable, int batchSize,
                             long batchBytes) {
        return new RowBatch(connection, dialect, rows -> dialect.insert(keyTable.reference(), scope.keyColumns(), rows), scope.keyTypes(),
                batchSize, batchBytes);
    }

    /** Deletes rows of a table that references itself, read as {@link #lookupColumns}, the deepest level of references first. */
    long deleteChildrenFirst(List<Object[]> rows) throws SQLException {
        List<List<Object[]>> levels = RowLevels.of(rows, selfReferences, (row, column) -> row[lookupColumns.indexOf(column)]);
        long deleted = 0;
        for (int level = levels.size() - 1; level >= 0; level--) {
            try (RowBatch delete = deleteBatch()) {
                for (Object[] row : levels.get(level)) {
                    Object[] keyValues = Arrays.copyOf(row, keyTypes.length);
                    delete.add(new Key(keyValues), keyValues);
                }
                deleted += delete.finish();
            }
        }
        return deleted;
    }

    /** Of a table that references itself: the key columns, then the referencing and referenced ones. */
    List<String> lookupColumns() {
        return lookupColumns;
    }

    private RowBatch deleteBatch() {
        TargetTable table = scope.table();
        Deletions deletions = scope.deletions();
        return new RowBatch(connection, dialect, count -> table.marked(dialect, deletions.deleteKeys(dialect, table.shape(), scope.key(), count), context),
                deletions.parameters(table, at), keyTypes, batchSize, batchBytes);
    }

    /** A column's value in a content row, converted as the target column's type; null where it cannot be (the upsert rejects it). */
    private Object contentValue(ObjectNode row, String column) {
        ColumnType type = scope.table().columns().get(column);
        try {
            return type == null || !row.has(column) ? null : type.value(row.get(column));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private long upsert(Iterator<ObjectNode> rows, RowBatch keys) throws SQLException, IOException, ContentRejectedException {
        if (!rows.hasNext()) {
            return 0;
        }
        ObjectNode first = rows.next();
        List<String> contentColumns = new ArrayList<>();
        first.fieldNames().forEachRemaining(contentColumns::add);
        // the columns of the delete mode take its values, whatever the content holds of them
        Map<String, Object> modeValues = scope.deletions().writtenColumns(scope.table(), at);
        List<String> columns = new ArrayList<>(writableColumns(checks, contentColumns));
        columns.removeAll(modeValues.keySet());
        int fromContent = columns.size();
        columns.addAll(modeValues.keySet());
        ColumnType[] types = columns.stream().map(scope.table()::column).toArray(ColumnType[]::new);
        Object[] fixed = columns.stream().map(modeValues::get).toArray();
        return withIdentityInsert(connection, dialect, scope.table(), columns,
                () -> upsert(first, rows, keys, columns, types, fromContent, fixed));
    }

    /** The content's columns that are written: each checked against the target, those the target computes itself left out. */
    static List<String> writableColumns(RowChecks checks, List<String> contentColumns) throws ContentRejectedException {
        for (String name : contentColumns) {
            checks.column(name);
        }
        // the columns the target computes itself (computed, rowversion, generated) take no value
        return checks.table().shape().writable(contentColumns);
    }

    /** A write of {@code columns} into the table, inside the statements that allow it to write an identity column where it does. */
    static long withIdentityInsert(Connection connection, TargetDialect dialect, TargetTable table, List<String> columns, Write write)
            throws SQLException, IOException, ContentRejectedException {
        boolean identity = table.shape().writesIdentity(columns);
        if (identity) {
            execute(connection, dialect.identityInsert(table.name(), true));
        }
        try {
            return write.rows();
        } finally {
            if (identity) {
                execute(connection, dialect.identityInsert(table.name(), false));
            }
        }
    }

    /** Writes rows; returns how many. */
    interface Write {
        long rows() throws SQLException, IOException, ContentRejectedException;
    }

    static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Upserts the rows: the first {@code fromContent} columns from each row, the others as {@code fixed} holds them. */
    private long upsert(ObjectNode first, Iterator<ObjectNode> rows, RowBatch keys, List<String> columns, ColumnType[] types, int fromContent,
                        Object[] fixed) throws SQLException, ContentRejectedException {
        TargetTable table = scope.table();
        long written = 0;
        Progress progress = new Progress(LOG, "import " + table.name(), -1);
        try (Deletions.Rows upsert = scope.deletions().upserts(new Deletions.RowWrites(connection, dialect, scope, batchSize, batchBytes, context),
                columns, types, at)) {
            for (ObjectNode row = first; row != null; row = rows.hasNext() ? rows.next() : null) {
                checks.checkConstant(row);
                Key key = checks.key(row);
                if (keys != null) {
                    keys.add(key, key.values());
                }
                if (!checks.accept(key, "upsert")) {
                    continue;
                }
                Object[] values = fixed.clone();
                for (int i = 0; i < fromContent; i++) {
                    try {
                        values[i] = types[i].value(row.get(columns.get(i)));
                    } catch (IllegalArgumentException e) {
                        throw new ContentRejectedException(scope.table().name() + " " + checks.describe(key) + ": " + e.getMessage());
                    }
                }
                upsert.add(key, values);
                written++;
                progress.row();
            }
            upsert.finish();
        }
        return written;
    }
}
