package io.ctsync.importing;

import io.ctsync.dialect.TargetDialect;

import io.ctsync.dialect.Catalog;
import io.ctsync.dialect.Column;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A target table as the importer writes it: each column's type by name, the keys that identify a row, and whether it is tracked. */
record TargetTable(TableName name, Map<String, ColumnType> columns, List<Set<String>> uniqueKeys, boolean tracked) {

    /** The table's shape from the catalog; empty columns when it does not exist. */
    static TargetTable describe(Connection connection, TargetDialect dialect, TableName name) throws SQLException {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (Column column : Catalog.columns(connection, name)) {
            columns.put(column.name(), ColumnType.of(column, dialect.types()));
        }
        boolean tracked = !columns.isEmpty() && dialect.minValidVersion(connection, name).isPresent();
        return new TargetTable(name, columns, Catalog.uniqueKeys(connection, name), tracked);
    }

    boolean exists() {
        return !columns.isEmpty();
    }

    boolean isUniqueKey(List<String> key) {
        return uniqueKeys.contains(Set.copyOf(key));
    }

    boolean inUniqueKey(String column) {
        return uniqueKeys.stream().anyMatch(k -> k.contains(column));
    }

    ColumnType column(String name) {
        ColumnType type = columns.get(name);
        if (type == null) {
            throw new IllegalArgumentException("column '" + name + "' is not in the target table " + this.name);
        }
        return type;
    }
}
