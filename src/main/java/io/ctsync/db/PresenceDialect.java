package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.config.TableName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the presence lookup asks of a target database: one consistent read and one query per batch of keys. */
public interface PresenceDialect extends Dialect, ConsistentRead {

    /** Start-up check of what the presence read needs from this database; throws a {@link io.ctsync.config.ConfigException} naming the fix. */
    default void checkPresenceReady(java.sql.Connection connection) throws java.sql.SQLException {
    }

    /** The target table's columns in order; none when it does not exist. */
    default List<Column> columns(java.sql.Connection connection, TableName table) throws java.sql.SQLException {
        return Catalog.columns(connection, table);
    }

    /**
     * One round trip for a batch of changed keys. The statement binds {@code rows} rows of
     * (ordinal, operation, key columns...), each key value as its target column's type
     * ({@link ColumnTypes#parameter}), then the constant values; it returns, in ordinal
     * order, the ordinal, the operation, the key columns and then {@code targetColumns} of the
     * target row holding that key (all NULL when the target does not hold it). A constant scopes
     * the lookup to the rows of this source. It binds {@code rows * (key.size() + 2) + constants.size()}
     * parameters, which must not exceed {@link #maxParameters()}.
     */
    default String presence(TableName target, List<Column> targetColumns, List<String> key, List<String> constants, int rows) {
        return presence(target, targetColumns, key, constants, rows, null);
    }

    /**
     * The same where a key has many rows of which the one whose {@code openVersionColumn} is NULL
     * stands for it (a history table's open version, docs/design.md "Import"); null: every row.
     */
    default String presence(TableName target, List<Column> targetColumns, List<String> key, List<String> constants, int rows,
                            String openVersionColumn) {
        List<String> parameters = new ArrayList<>(List.of("?", "?"));
        key.forEach(k -> parameters.add(parameter(targetColumns.stream().filter(c -> c.name().equals(k)).findFirst().orElseThrow())));
        StringBuilder sql = new StringBuilder("SELECT k.ctsync_ord, k.ctsync_op, ").append(columnList("k", key))
                .append(", ").append(columnList("t", targetColumns.stream().map(Column::name).toList()))
                .append(" FROM (VALUES ").append(Dialect.parameterRows(parameters, rows))
                .append(") AS k (ctsync_ord, ctsync_op, ").append(columnList(null, key)).append(")")
                .append(" LEFT JOIN ").append(table(target)).append(" t ON ")
                .append(key.stream().map(c -> "t." + quote(c) + " = k." + quote(c)).collect(Collectors.joining(" AND ")));
        for (String constant : constants) {
            sql.append(" AND t.").append(quote(constant)).append(" = ?");
        }
        if (openVersionColumn != null) {
            sql.append(" AND t.").append(quote(openVersionColumn)).append(" IS NULL");
        }
        return sql.append(" ORDER BY k.ctsync_ord").toString();
    }

    /**
     * The lookup of a table's keys as one set ({@link PresenceKeySet}) on the presence read's
     * {@code connection}, with the same columns, constants and open version as {@link #presence};
     * empty where the database has none, or for this key: the keys then go in batches.
     */
    default Optional<PresenceKeySet> keySet(java.sql.Connection connection, TableName target, List<Column> targetColumns,
                                            List<String> key, List<String> constants, Object[] constantValues, int[] constantTypes,
                                            String openVersionColumn, int timeoutSeconds) throws java.sql.SQLException {
        return Optional.empty();
    }
}
