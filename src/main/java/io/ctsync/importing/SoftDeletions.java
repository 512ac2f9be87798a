package io.ctsync.importing;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableMapping;
import io.ctsync.db.BulkLoad;
import io.ctsync.db.TargetDialect;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnType;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deletes=soft}: a deleted key's row stays with its last values, and its deleted column
 * takes the content's {@code createdAt}; an upsert of the key clears it.
 */
final class SoftDeletions extends KeptRows {

    private final String deletedColumn;

    SoftDeletions(String deletedColumn) {
        super(deletedColumn);
        this.deletedColumn = deletedColumn;
    }

    @Override
    public void check(TargetDialect dialect, TableMapping mapping, TargetTable target) {
        String key = mapping.prefix() + "deleted-column";
        ColumnType column = target.columns().get(deletedColumn);
        if (column == null) {
            throw new ConfigException(key, "column '" + deletedColumn + "' is not in the target table " + target.name()
                    + ", which " + mapping.prefix() + "deletes=soft needs for the deletion time",
                    dialect.addTimestampColumn(target.name(), deletedColumn));
        }
        if (column.instant(Instant.EPOCH) == null || mapping.key().contains(deletedColumn) || target.inUniqueKey(deletedColumn)) {
            throw new ConfigException(key, "column '" + deletedColumn + "' of the target table " + target.name() + " is of type "
                    + column.column().typeName() + (target.inUniqueKey(deletedColumn) ? " and part of a key" : "")
                    + ", which cannot hold the deletion time", "make it a nullable timestamp with time zone outside every key, as "
                    + dialect.addTimestampColumn(target.name(), deletedColumn) + " adds it");
        }
    }

    @Override
    public String done() {
        return "marked deleted";
    }

    @Override
    public Map<String, Object> writtenColumns(TargetTable table, Instant at) {
        Map<String, Object> cleared = new HashMap<>();
        cleared.put(deletedColumn, null);
        return cleared;
    }

    /** The upsert, then the clearing of the deletion time of the work table's keys, which the work table has no column for. */
    @Override
    public long writeLoaded(LoadedRows rows, BulkLoad load, TargetTable table, List<Column> columns, List<String> key, String workTable,
                            Instant at) throws SQLException {
        long written = rows.upsert();
        rows.execute(load.undelete(table.shape(), table.shape().columnsNamed(key), deletedColumn, workTable), List.of());
        return written;
    }
}
