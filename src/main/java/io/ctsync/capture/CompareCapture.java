package io.ctsync.capture;

import io.ctsync.db.Pool;

import io.ctsync.db.SourceDialect;

import io.ctsync.db.Catalog;
import io.ctsync.values.Column;
import io.ctsync.db.Query;

import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;

import java.sql.Connection;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code compare}: for a source with no tracking at all, the changes are the differences between
 * the source table and its target table, found by a streaming merge of both in key order
 * ({@link CompareCursor}). The constant auxiliary key scopes the target side to this source's rows.
 *
 * <p>A comparison has no versions of its own: a window's {@code toVersion} is the number of the
 * comparison (1 on the first run, then one more each cycle) and {@code fromVersion} the one before.
 * A comparison is never "full": it already is a reconciliation. After a crash, the unfinished
 * sequence is written again by comparing again, which may find a few more or fewer changes than
 * the attempt that never got published.
 */
public final class CompareCapture implements Capture {

    private final TableMapping mapping;

    CompareCapture(TableMapping mapping) {
        this.mapping = mapping;
    }

    /** The rules a merge with the target relies on, checked for any table's mapping: {@code --verify} compares every table. */
    public static void checkTarget(TableMapping mapping, Connection source, SourceDialect dialect, Pool target, TableInfo table)
            throws SQLException {
        new CompareCapture(mapping).check(source, dialect, target, table);
    }

    /** The start-up rules (docs/design.md, "change-table and compare") that a comparison relies on, checked against the target. */
    @Override
    public void check(Connection source, SourceDialect dialect, Pool target, TableInfo table) throws SQLException {
        if (target == null) {
            throw new ConfigException("ctsync.target.url", "is not set, but " + table.name() + " is captured by compare",
                    "give the target database that the table is compared with (ctsync.target.url, .username, .password)");
        }
        try (Connection connection = target.getConnection()) {
            Map<String, Column> columns = new HashMap<>();
            Catalog.columns(connection, mapping.target()).forEach(c -> columns.put(c.name(), c));
            if (columns.isEmpty()) {
                throw new ConfigException(mapping.prefix() + "target", "table " + mapping.target() + " does not exist in the target"
                        + " (names are case-sensitive)", "create it, or map the table with " + mapping.prefix() + "target=schema.table");
            }
            for (Column column : table.columns()) {
                if (!columns.containsKey(column.name())) {
                    throw new ConfigException(mapping.prefix() + "target", "column '" + column.name() + "' of " + table.name()
                            + " is not in the target table " + mapping.target(), "compare reads every column under its own name: add it to "
                            + mapping.target());
                }
            }
            List<Set<String>> uniqueKeys = Catalog.uniqueKeys(connection, mapping.target());
            for (String constant : table.constants().keySet()) {
                if (!columns.containsKey(constant)) {
                    throw new ConfigException(mapping.prefix() + "constant." + constant, "column '" + constant + "' does not exist in"
                            + " the target table " + mapping.target(), "add it to " + mapping.target() + " and to its primary key");
                }
                if (uniqueKeys.stream().noneMatch(k -> k.contains(constant))) {
                    throw new ConfigException(mapping.prefix() + "constant." + constant, "column '" + constant + "' is not part of the"
                            + " primary key of the target table " + mapping.target(), "make it part of the key, e.g. PRIMARY KEY ("
                            + constant + ", ...)");
                }
            }
            if (!uniqueKeys.contains(Set.copyOf(table.targetKey()))) {
                throw new ConfigException(mapping.prefix() + "key", "(" + String.join(", ", table.targetKey()) + ") is not the primary key"
                        + " or a unique key of the target table " + mapping.target(), "compare matches rows by this key: give "
                        + mapping.target() + " a primary key or unique index on exactly these columns");
            }
        }
    }

    @Override
    public Window open(CaptureCycle cycle, TableInfo table, Long lastVersion, String lastPosition) {
        return new Window(table.name(), false, lastVersion, lastVersion == null ? 1 : lastVersion + 1);
    }

    /** Counting is a merge that writes nothing; the target stays in one snapshot for the count and the content. */
    @Override
    public ChangeCounts count(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        long[] counts = new long[3];
        try (ChangeStream changes = read(cycle, table, window)) {
            while (changes.next()) {
                counts[changes.operation().ordinal()]++;
            }
        }
        return new ChangeCounts(counts[0], counts[1], counts[2]);
    }

    @Override
    public ChangeStream read(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        return merge(cycle, mapping, table);
    }

    /**
     * The merge of the source table and its target table in the cycle's reads, whatever the table's
     * capture: {@code --verify} compares every table this way (docs/operations.md, "Verify").
     */
    public static CompareCursor merge(CaptureCycle cycle, TableMapping mapping, TableInfo table) throws SQLException {
        Connection target = cycle.target();
        SourceDialect targetDialect = cycle.targetDialect();
        Map<String, Column> targetColumns = Catalog.columns(target, mapping.target()).stream()
                .collect(Collectors.toMap(Column::name, c -> c));
        // the target's columns of the source's names, in the source's order, typed as the target has them
        List<Column> sameColumns = table.columns().stream().map(c -> targetColumns.get(c.name())).toList();
        Query sourceRows = new Query(select(cycle.dialect(), table.name(), table.columns()) + cycle.dialect().whereSent(table) + " ORDER BY "
                + cycle.dialect().keyOrder(table.key(), table.columns()));
        StringBuilder sql = new StringBuilder(select(targetDialect, mapping.target(), sameColumns));
        List<Object> constants = new ArrayList<>();
        String where = " WHERE ";
        for (Map.Entry<String, String> constant : table.constants().entrySet()) {
            sql.append(where).append(targetDialect.quote(constant.getKey())).append(" = ?");
            constants.add(typed(mapping, constant.getValue(), targetColumns.get(constant.getKey())));
            where = " AND ";
        }
        sql.append(" ORDER BY ").append(targetDialect.keyOrder(table.key(), sameColumns));
        return new CompareCursor(cycle.source(), cycle.dialect().types(), sourceRows, target, targetDialect.types(),
                new Query(sql.toString(), constants), table, cycle.fetchSize());
    }

    /** A constant from the configuration, as a value of its target column's type. */
    private static Object typed(TableMapping mapping, String value, Column column) {
        try {
            return switch (column.jdbcType()) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Long.parseLong(value);
                case Types.NUMERIC, Types.DECIMAL -> new BigDecimal(value);
                default -> value;
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(mapping.prefix() + "constant." + column.name(), "'" + value + "' is not a number, but the"
                    + " target column is", "give a number");
        }
    }

    private static String select(SourceDialect dialect, TableName from, List<Column> columns) {
        return "SELECT " + dialect.columnList(null, columns.stream().map(Column::name).toList()) + " FROM " + dialect.table(from);
    }
}
