package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.config.TableName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source table as ctsync reads it: its columns in ordinal order, its mapping key, and the
 * constant auxiliary key columns (column to value) written into every row it exports.
 */
public record TableInfo(TableName name, List<Column> columns, List<String> key, Map<String, String> constants) {

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
