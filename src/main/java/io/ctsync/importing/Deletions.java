package io.ctsync.importing;

import io.ctsync.config.ConfigException;
import io.ctsync.config.Deletes;
import io.ctsync.config.TableMapping;
import io.ctsync.db.BulkLoad;
import io.ctsync.db.Query;
import io.ctsync.db.TargetDialect;
import io.ctsync.db.TargetShape;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnType;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the target keeps of a key the source deleted, one strategy per
 * {@code ctsync.table.<schema>.<table>.deletes} (docs/design.md, "Import"): the statements that
 * the row path, the bulk path and the removal of absent rows send for a delete, and what an
 * upsert writes besides the content's columns. Every statement it gives runs in the content's
 * transaction, marked with ctsync's context, as the plain delete does.
 */
sealed interface Deletions permits HardDeletions, KeptRows {

    /** The strategy of a mapping's {@code deletes}. */
    static Deletions of(TableMapping mapping) {
        Deletes deletes = mapping.deletes();
        return switch (deletes.mode()) {
            case HARD -> HardDeletions.INSTANCE;
            case SOFT -> new SoftDeletions(deletes.deletedColumn());
            case HISTORY -> new VersionHistory(deletes.validFromColumn(), deletes.validToColumn());
        };
    }

    /** Refuses, with a {@link io.ctsync.config.ConfigException} naming the statement that fixes it, a target table this mode cannot write. */
    void check(TargetDialect dialect, TableMapping mapping, TargetTable target);

    /** Whether a delete takes the row out of the table, so that the rows referencing it must go first. */
    boolean removesRows();

    /** What the logs say of the rows a delete took: removed, or marked deleted. */
    String done();

    /** The parameters that every delete statement of this mode begins with, for a delete at {@code at}. */
    List<Query.Typed> parameters(TargetTable table, Instant at);

    /** The row path's delete of the rows holding any of {@code rows} keys: {@link #parameters}, then the keys. */
    String deleteKeys(TargetDialect dialect, TargetShape table, List<String> key, int rows);

    /** The bulk path's delete of the rows whose key the work table holds: {@link #parameters}. */
    String deleteLoaded(BulkLoad load, TargetShape table, List<Column> key, String workTable);

    /**
     * The delete, at the end of a full table or a chunk, of the rows of the scope not in
     * {@code keyTable} (see {@link TargetDialect#removeAbsent}): {@link #parameters}, then the constant and the range's.
     */
    String deleteAbsent(TargetDialect dialect, TargetShape table, String keyTable, List<String> key, String constantColumn, String range);

    /** The target's key for a content key: the same, or with the version's start (history). */
    default List<String> targetKey(List<String> key) {
        return key;
    }

    /**
     * The columns every upsert of the row path writes besides the content's, with their values for
     * a content created {@code at}: a soft delete's time, cleared; a version's start and open end.
     */
    default Map<String, Object> writtenColumns(TargetTable table, Instant at) {
        return Map.of();
    }

    /**
     * The row path's upserts of rows valued as {@code columns} (the content's, then
     * {@link #writtenColumns}), for a content created {@code at}.
     */
    default Rows upserts(RowWrites writes, List<String> columns, ColumnType[] types, Instant at) {
        return writes.upsert(columns, writes.scope().key(), types);
    }

    /** Whether the bulk path may insert a delta's inserted rows straight into the table (it falls back to the upsert where a key is there). */
    default boolean insertsDirectly() {
        return true;
    }

    /**
     * The bulk path's write of the work table's rows (valued as {@code columns}, content key
     * {@code key}) for a content created {@code at}, through {@code rows}; returns the rows written.
     */
    default long writeLoaded(LoadedRows rows, BulkLoad load, TargetTable table, List<Column> columns, List<String> key, String workTable,
                             Instant at) throws SQLException {
        return rows.upsert();
    }

    /** What the bulk path offers {@link #writeLoaded}: its plain upsert of the work table, and any statement marked as its own. */
    interface LoadedRows {
        long upsert() throws SQLException;

        long execute(String dml, List<Query.Typed> parameters) throws SQLException;
    }

    /** Rows written many to a statement: {@link RowBatch}, or the versions of a history table. */
    interface Rows extends AutoCloseable {
        /** Adds a row of converted values, {@code key} being its content key. */
        void add(Key key, Object[] values) throws SQLException;

        /** Sends everything added; returns the rows written. */
        long finish() throws SQLException;

        @Override
        void close() throws SQLException;
    }

    /** What the row path's upserts of one table need: the connection, the dialect, the scope, the batch's rows and bytes, the context. */
    record RowWrites(Connection connection, TargetDialect dialect, TargetScope scope, int batchSize, long batchBytes, String context) {

        /** The plain upsert by {@code key} of rows valued as {@code columns}. */
        RowBatch upsert(List<String> columns, List<String> key, ColumnType[] types) {
            TargetTable table = scope.table();
            return new RowBatch(connection, dialect, count -> table.marked(dialect, dialect.upsert(table.shape(), columns, key, count), context),
                    types, batchSize, batchBytes);
        }
    }

}
