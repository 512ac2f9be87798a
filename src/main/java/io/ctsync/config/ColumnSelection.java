package io.ctsync.config;

import java.util.List;

/**
 * Which columns of a table ctsync carries: {@code ctsync.table.<schema>.<table>.columns} names the
 * only ones (empty: all), {@code .exclude-columns} the ones left out, for wide tables, secrets, and
 * types ctsync cannot carry. A column left out is neither exported, nor compared, nor imported,
 * nor shown in a presence lookup's target rows.
 */
public record ColumnSelection(List<String> only, List<String> excluded) {

    public static final ColumnSelection ALL = new ColumnSelection(List.of(), List.of());

    public boolean carries(String column) {
        return (only.isEmpty() || only.contains(column)) && !excluded.contains(column);
    }

    /** Every named column, to be checked against the table. */
    public List<String> named() {
        return java.util.stream.Stream.concat(only.stream(), excluded.stream()).toList();
    }
}
