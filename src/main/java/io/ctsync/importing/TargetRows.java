package io.ctsync.importing;

import io.ctsync.values.ColumnType;
import io.ctsync.db.TargetDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** Reads target rows: what a delete needs to know of the rows before it deletes them. */
final class TargetRows {

    private TargetRows() {
    }

    /**
     * {@code columns} (the key's first) of the rows of the scope's table that have one of the keys;
     * a key the target lacks has no row. The keys go as {@code (k = ? AND ...) OR ...}, which every
     * target database reads, as many to a statement as the dialect's limits allow.
     */
    static List<Object[]> read(Connection connection, TargetDialect dialect, TargetScope scope, List<String> columns, List<Key> keys)
            throws SQLException {
        return read(connection, dialect, scope, columns, keys, null);
    }

    /** The same among the rows that meet {@code condition} too (a history table's open versions; null: every row). */
    static List<Object[]> read(Connection connection, TargetDialect dialect, TargetScope scope, List<String> columns, List<Key> keys,
                               String condition) throws SQLException {
        ColumnType[] keyTypes = scope.keyTypes();
        // each key value read as its column's type (an enum or a bit string key is no text to compare with)
        String match = "(" + scope.keyColumns().stream().map(c -> dialect.quote(c.name()) + " = " + dialect.parameter(c))
                .collect(Collectors.joining(" AND ")) + ")";
        int perStatement = Math.max(1, Math.min(dialect.maxRows(), dialect.maxParameters() / keyTypes.length));
        List<Object[]> rows = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += perStatement) {
            List<Key> chunk = keys.subList(from, Math.min(keys.size(), from + perStatement));
            String sql = "SELECT " + dialect.columnList(null, columns) + " FROM " + dialect.table(scope.table().name())
                    + " WHERE " + (condition == null ? "" : condition + " AND (")
                    + String.join(" OR ", Collections.nCopies(chunk.size(), match)) + (condition == null ? "" : ")");
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int index = 1;
                for (Key key : chunk) {
                    for (int i = 0; i < keyTypes.length; i++) {
                        keyTypes[i].bindValue(select, index++, key.value(i));
                    }
                }
                rows.addAll(read(select, columns, scope));
            }
        }
        return rows;
    }

    /** The rows a query answers, its columns being {@code columns} of the scope's table. */
    static List<Object[]> read(PreparedStatement select, List<String> columns, TargetScope scope) throws SQLException {
        ColumnType[] types = columns.stream().map(scope.table()::column).toArray(ColumnType[]::new);
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Object[] row = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    row[i] = types[i].read(rs, i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
