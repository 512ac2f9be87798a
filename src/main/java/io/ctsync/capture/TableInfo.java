package io.ctsync.capture;

import io.ctsync.config.TableName;

import java.util.List;

/** A source table as ctsync reads it: its columns in ordinal order and its mapping key. */
public record TableInfo(TableName name, List<Column> columns, List<String> key) {

    public Column column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst().orElse(null);
    }
}
