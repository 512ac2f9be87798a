package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.config.TableName;

import java.util.List;
import java.util.Set;

/**
 * A target table as the statements that write it must know it: its columns with their types,
 * the columns the database computes itself ({@code generated}: computed, rowversion, generated
 * stored; never written), and the identity columns that take a written value only on insert and
 * with the database's leave ({@code identity}: SQL Server's IDENTITY, PostgreSQL's
 * {@code GENERATED ALWAYS AS IDENTITY}; never updated).
 */
public record TargetShape(TableName name, List<Column> columns, Set<String> generated, Set<String> identity) {

    public TargetShape {
        columns = List.copyOf(columns);
        generated = Set.copyOf(generated);
        identity = Set.copyOf(identity);
    }

    /** A table whose columns the database generates none of. */
    public static TargetShape plain(TableName name, List<Column> columns) {
        return new TargetShape(name, columns, Set.of(), Set.of());
    }

    public Column column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("column '" + columnName + "' is not in the target table " + name));
    }

    /** The columns of these names, in their order. */
    public List<Column> columnsNamed(List<String> columnNames) {
        return columnNames.stream().map(this::column).toList();
    }

    /** The columns to write among {@code columns}: all but the generated ones. */
    public List<String> writable(List<String> columns) {
        return columns.stream().filter(c -> !generated.contains(c)).toList();
    }

    /** Whether writing {@code columns} writes an identity column. */
    public boolean writesIdentity(List<String> columns) {
        return columns.stream().anyMatch(identity::contains);
    }
}
