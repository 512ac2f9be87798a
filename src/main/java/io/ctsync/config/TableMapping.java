package io.ctsync.config;

import io.ctsync.masking.ColumnMasks;

import java.util.List;
import java.util.Map;

/**
 * How one source table is exported: its mapping key (empty: the table's primary key), how its
 * changes are captured, the target table it maps to, and an optional constant auxiliary key
 * column that scopes the rows of this source in a consolidated target. {@code changeTable} is set
 * only for the {@code change-table} capture. {@code columns} says which columns are carried;
 * {@code filter} (null: every row) which rows, {@code masks} which columns are masked;
 * {@code deletes} what the target keeps of a deleted key.
 */
public record TableMapping(TableName source, List<String> key, CaptureMode capture, TableName target,
                           Map<String, String> constants, ChangeTable changeTable, ColumnSelection columns,
                           RowFilter filter, ColumnMasks masks, Deletes deletes) {

    public TableMapping(TableName source, List<String> key, CaptureMode capture, TableName target, Map<String, String> constants,
                        ChangeTable changeTable, ColumnSelection columns, RowFilter filter, ColumnMasks masks) {
        this(source, key, capture, target, constants, changeTable, columns, filter, masks, Deletes.HARD);
    }

    public TableMapping(TableName source, List<String> key, CaptureMode capture, TableName target, Map<String, String> constants) {
        this(source, key, capture, target, constants, null);
    }

    public TableMapping(TableName source, List<String> key, CaptureMode capture, TableName target, Map<String, String> constants,
                        ChangeTable changeTable) {
        this(source, key, capture, target, constants, changeTable, ColumnSelection.ALL, null, ColumnMasks.NONE);
    }

    public String prefix() {
        return "ctsync.table." + source + ".";
    }
}
