package io.ctsync.importing;

import io.ctsync.values.ColumnType;
import io.ctsync.values.Column;

import java.util.Arrays;
import java.util.List;

/**
 * Where one content table's rows go: the target table, the key that identifies them (the
 * manifest's, constant column included), and the constant auxiliary key column and value that
 * confine this pipeline to its own rows of a consolidated table (null when there is none), and
 * what the table keeps of a deleted key.
 */
record TargetScope(TargetTable table, List<String> key, String constantColumn, String constantValue, Deletions deletions) {

    boolean scoped() {
        return constantColumn != null;
    }

    /** The types of the key columns, in the key's order. */
    ColumnType[] keyTypes() {
        return key.stream().map(table::column).toArray(ColumnType[]::new);
    }

    /** The key columns as the target's catalog describes them, in the key's order. */
    List<Column> keyColumns() {
        return Arrays.stream(keyTypes()).map(ColumnType::column).toList();
    }
}
