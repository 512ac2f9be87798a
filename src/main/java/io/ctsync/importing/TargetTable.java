package io.ctsync.importing;

import io.ctsync.values.ColumnType;
import io.ctsync.values.JsonForm;
import io.ctsync.db.TargetDialect;

import io.ctsync.values.Column;
import io.ctsync.db.TargetShape;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A target table as the importer writes it: its shape (which columns the database generates), each
 * column's type by name, the keys that identify a row, and whether it is tracked.
 */
record TargetTable(TargetShape shape, Map<String, ColumnType> columns, List<Set<String>> uniqueKeys, boolean tracked) {

    /** The table's shape from the catalog; empty columns when it does not exist. */
    static TargetTable describe(Connection connection, TargetDialect dialect, TableName name) throws SQLException {
        TargetShape shape = dialect.describeTarget(connection, name);
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (Column column : shape.columns()) {
            columns.put(column.name(), ColumnType.of(column, dialect.types()));
        }
        boolean tracked = !columns.isEmpty() && dialect.minValidVersion(connection, name).isPresent();
        return new TargetTable(shape, columns, dialect.uniqueKeys(connection, name), tracked);
    }

    TableName name() {
        return shape.name();
    }

    /** A statement that writes the table, marked with ctsync's context where the table's changes are tracked. */
    String marked(TargetDialect dialect, String dml, String context) {
        return tracked ? dialect.withContext(dml, context) : dml;
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

    /** The columns whose JSON values are base64 of bytes, read by decoding (docs/operations.md, "Memory"). */
    Set<String> binaryColumns() {
        return columns.values().stream().filter(c -> c.form() == JsonForm.BINARY).map(ColumnType::name).collect(Collectors.toSet());
    }

    ColumnType column(String name) {
        ColumnType type = columns.get(name);
        if (type == null) {
            throw new IllegalArgumentException("column '" + name + "' is not in the target table " + name());
        }
        return type;
    }
}
