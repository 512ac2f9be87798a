package io.ctsync.db;

import io.ctsync.config.RowFilter;
import io.ctsync.masking.ColumnMasks;
import io.ctsync.values.Column;
import io.ctsync.config.TableName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source table as ctsync reads it: its columns in ordinal order, its mapping key, and the
 * constant auxiliary key columns (column to value) written into every row it exports; the rows
 * it sends ({@code filter}, null for all) and the columns it masks.
 */
public record TableInfo(TableName name, List<Column> columns, List<String> key, Map<String, String> constants, RowFilter filter,
                        ColumnMasks masks) {

    /** A table whose every row is sent, nothing masked. */
    public TableInfo(TableName name, List<Column> columns, List<String> key, Map<String, String> constants) {
        this(name, columns, key, constants, null, ColumnMasks.NONE);
    }

    /** The id of the key that hashes a column of the table, for its manifest; null when none is hashed. */
    public String maskKeyId() {
        return masks.keyIdFor(columns.stream().map(Column::name).toList());
    }

    /** The filter as a condition to AND to a WHERE clause; null when every row is sent. */
    public String filterCondition() {
        return filter == null ? null : filter.condition();
    }

    /** The key of the target rows: the mapping key followed by the constant columns. */
    public List<String> targetKey() {
        List<String> targetKey = new ArrayList<>(key);
        targetKey.addAll(constants.keySet());
        return List.copyOf(targetKey);
    }

    public Column column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst().orElse(null);
    }
}
