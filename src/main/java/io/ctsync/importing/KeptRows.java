package io.ctsync.importing;

import io.ctsync.db.BulkLoad;
import io.ctsync.db.Query;
import io.ctsync.db.TargetDialect;
import io.ctsync.db.TargetShape;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnType;

import java.time.Instant;
import java.util.List;

/**
 * The delete modes that keep the row ({@code soft}, {@code history}): a delete sets one timestamp
 * column ({@code marked}: the deletion time, or the open version's end) to the content's
 * {@code createdAt} where it is still NULL. A row is never removed, so no delete breaks a key.
 */
abstract sealed class KeptRows implements Deletions permits SoftDeletions, VersionHistory {

    /** The column a delete sets. */
    final String marked;

    KeptRows(String marked) {
        this.marked = marked;
    }

    @Override
    public boolean removesRows() {
        return false;
    }

    @Override
    public List<Query.Typed> parameters(TargetTable table, Instant at) {
        ColumnType column = table.column(marked);
        return List.of(new Query.Typed(column, column.instant(at)));
    }

    @Override
    public String deleteKeys(TargetDialect dialect, TargetShape table, List<String> key, int rows) {
        return dialect.softDelete(table, key, marked, rows);
    }

    @Override
    public String deleteLoaded(BulkLoad load, TargetShape table, List<Column> key, String workTable) {
        return load.softDelete(table, key, marked, workTable);
    }

    @Override
    public String deleteAbsent(TargetDialect dialect, TargetShape table, String keyTable, List<String> key, String constantColumn, String range) {
        return dialect.softDeleteWhere(table, marked, dialect.absent(table.name(), keyTable, key, constantColumn, range));
    }
}
