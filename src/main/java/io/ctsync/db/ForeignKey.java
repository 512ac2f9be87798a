package io.ctsync.db;

import io.ctsync.config.TableName;

import java.util.List;

/**
 * A foreign key the target enforces: {@code columns} of {@code table} hold values of
 * {@code referencedColumns} of {@code referenced}. A deferrable one can be checked at commit
 * instead of statement by statement (PostgreSQL {@code DEFERRABLE}).
 */
public record ForeignKey(String name, TableName table, List<String> columns, TableName referenced, List<String> referencedColumns,
                         boolean deferrable) {

    public boolean selfReferencing() {
        return table.equals(referenced);
    }

    /** {@code name (table (columns) -> referenced (columns))}, for messages. */
    @Override
    public String toString() {
        return name + " (" + table + " (" + String.join(", ", columns) + ") -> " + referenced + " ("
                + String.join(", ", referencedColumns) + "))";
    }
}
