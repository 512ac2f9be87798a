package io.ctsync.importing;

import com.fasterxml.jackson.databind.node.TextNode;
import io.ctsync.config.ConflictPolicy;
import io.ctsync.config.TableName;
import io.ctsync.db.ForeignKey;
import io.ctsync.db.KeyBounds;
import io.ctsync.db.KeyRange;
import io.ctsync.db.Query;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.TargetDialect;
import io.ctsync.values.ColumnType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The target rows that a full content or a backfill chunk does not hold, removed at the end of its
 * transaction (README.md, "Import"): the content's keys are collected in a key table while its rows
 * are written; then every row of the scope (the constant's rows, or the whole table), or of the
 * chunk's key range, whose key is not in it is deleted, children first.
 *
 * <p>A chunk is a transaction of its own, so the synced tables that reference its table are not
 * in it: before a chunk's absent rows go, the target rows of those tables that reference them go
 * (their children's first), and no removal breaks a key (docs/design.md, "Backfills"). Such a row
 * references a key the source no longer holds, so the source holds it no longer either (or, while
 * its own table is backfilled above its cursor, a later chunk of that table sends it again).
 */
final class AbsentRows {

    private static final Logger LOG = LoggerFactory.getLogger(AbsentRows.class);

    /**
     * A table whose absent rows are removed: its scope, its key table, the key range (null: the
     * whole scope), and when the content was created (the time a kept delete records).
     */
    record Table(TargetScope scope, ScratchTable keys, KeyRange range, Instant at) {
    }

    /** What the removal needs of the transaction's writer. */
    interface Writer {
        LocalChanges localChanges(TargetScope scope) throws SQLException;

        TableWriter tableWriter(TargetScope scope, Instant at) throws SQLException;

        TargetTable targetTable(TableName name) throws SQLException;
    }

    private final Connection connection;
    private final TargetDialect dialect;
    private final TargetWriter.Options options;
    private final ApplyOrder order;
    private final Writer writer;
    private final Map<TableName, Table> tables = new LinkedHashMap<>();

    AbsentRows(Connection connection, TargetDialect dialect, TargetWriter.Options options, ApplyOrder order, Writer writer) {
        this.connection = connection;
        this.dialect = dialect;
        this.options = options;
        this.order = order;
        this.writer = writer;
    }

    boolean has(TableName target) {
        return tables.containsKey(target);
    }

    void add(TableName target, Table table) throws ContentRejectedException {
        if (table.range() != null && !table.range().whole()
                && !new KeyBounds(dialect, table.scope().keyColumns().subList(0, rangeColumns(table))).ordered()) {
            throw new ContentRejectedException("the key (" + String.join(", ", table.scope().key()) + ") of " + target + " has a type that "
                    + dialect.name() + " cannot order as the source did; a backfill chunk's range cannot be removed");
        }
        tables.put(target, table);
    }

    /** The key table of a table, whose rows the upserts collect. */
    ScratchTable keys(TableName target) {
        return tables.get(target).keys();
    }

    /** The columns a range names: the source key, without the constant column that follows it. */
    private static int rangeColumns(Table table) {
        return table.scope().key().size() - (table.scope().scoped() ? 1 : 0);
    }

    /** Removes the absent rows of every table, children first; under target-wins, rows changed locally are kept. */
    long remove() throws SQLException {
        long removed = 0;
        Comparator<Table> childrenFirst = Comparator.comparingInt((Table t) -> order.rank(t.scope().table().name())).reversed();
        for (Table absent : tables.values().stream().sorted(childrenFirst).toList()) {
            TargetScope scope = absent.scope();
            TableName name = scope.table().name();
            String what = absent.range() == null ? "full" : "range";
            if (options.conflict() == ConflictPolicy.TARGET_WINS) {
                if (writer.localChanges(scope).historyLost()) {
                    LOG.warn("import {} {}: rows no longer in the source kept: every row may have changed locally", what, name);
                    continue;
                }
                keepLocalChanges(absent);
            }
            String constantColumn = scope.scoped() ? scope.constantColumn() : null;
            List<Object> rangeValues = new ArrayList<>();
            String range = absent.range() == null ? null : new KeyBounds(dialect, scope.keyColumns().subList(0, rangeColumns(absent)))
                    .condition(absent.range(), dialect.table(name), rangeValues);
            Deletions deletions = scope.deletions();
            // a row kept as deleted is still there for the rows that reference it
            if (absent.range() != null && deletions.removesRows()) {
                removed += removeReferencing(name, dialect.absent(name, absent.keys().reference(), scope.key(), constantColumn, range),
                        scope, rangeValues, new HashSet<>(Set.of(name)));
            }
            long count;
            if (order.selfReferences(name).isEmpty() || !deletions.removesRows()) {
                String sql = deletions.deleteAbsent(dialect, scope.table().shape(), absent.keys().reference(), scope.key(), constantColumn, range);
                try (PreparedStatement delete = prepare(scope.table().marked(dialect, sql, options.context()),
                        deletions.parameters(scope.table(), absent.at()), scope, rangeValues)) {
                    count = delete.executeUpdate();
                }
            } else {
                // a table that references itself: the absent rows are read, then deleted children first
                TableWriter tableWriter = writer.tableWriter(scope, absent.at());
                try (PreparedStatement select = prepare("SELECT " + dialect.columnList(null, tableWriter.lookupColumns()) + " FROM "
                        + dialect.table(name) + " WHERE " + dialect.absent(name, absent.keys().reference(), scope.key(), constantColumn, range),
                        scope, rangeValues)) {
                    count = tableWriter.deleteChildrenFirst(TargetRows.read(select, tableWriter.lookupColumns(), scope));
                }
            }
            LOG.info("import {} {}: {} rows no longer in the source {}{}{}", what, name, count, deletions.done(),
                    absent.range() == null ? "" : " in (" + bound(absent.range().from(), "start") + " .. " + bound(absent.range().to(), "end") + "]",
                    scope.scoped() ? " (only where " + scope.constantColumn() + " = " + scope.constantValue() + ")" : "");
            removed += count;
        }
        return removed;
    }

    /**
     * Deletes the rows of the synced tables that reference the rows of {@code parent} meeting
     * {@code condition} (a condition on {@code parent}'s rows whose parameters are the scope's),
     * their own referencing rows first; {@code visited} keeps a cycle of deferrable keys finite.
     */
    private long removeReferencing(TableName parent, String condition, TargetScope scope, List<Object> values, Set<TableName> visited)
            throws SQLException {
        long removed = 0;
        for (ForeignKey key : order.referencing(parent)) {
            TableName child = key.table();
            if (!visited.add(child)) {
                continue;
            }
            String parentTable = dialect.table(parent);
            String childTable = dialect.table(child);
            String join = IntStream.range(0, key.columns().size()).mapToObj(i -> parentTable + "." + dialect.quote(key.referencedColumns().get(i))
                    + " = " + childTable + "." + dialect.quote(key.columns().get(i))).collect(Collectors.joining(" AND "));
            String childCondition = "EXISTS (SELECT 1 FROM " + parentTable + " WHERE " + join + " AND " + condition + ")";
            removed += removeReferencing(child, childCondition, scope, values, visited);
            String sql = writer.targetTable(child).marked(dialect, "DELETE FROM " + childTable + " WHERE " + childCondition, options.context());
            long count;
            try (PreparedStatement delete = prepare(sql, scope, values)) {
                count = delete.executeUpdate();
            }
            LOG.info("import range {}: {} rows referencing rows of {} no longer in the source removed", child, count, parent);
            removed += count;
            visited.remove(child);
        }
        return removed;
    }

    private static String bound(Object key, String open) {
        return key == null ? open : key.toString();
    }

    /** A statement on the absent rows of the scope: its constant bound first, then the range's bounds. */
    private PreparedStatement prepare(String sql, TargetScope scope, List<Object> rangeValues) throws SQLException {
        return prepare(sql, List.of(), scope, rangeValues);
    }

    /** The same after {@code leading}, the parameters that precede the condition (a kept delete's time). */
    private PreparedStatement prepare(String sql, List<Query.Typed> leading, TargetScope scope, List<Object> rangeValues) throws SQLException {
        List<Object> parameters = new ArrayList<>(leading);
        if (scope.scoped()) {
            ColumnType constant = scope.table().column(scope.constantColumn());
            parameters.add(new Query.Typed(constant, constant.value(TextNode.valueOf(scope.constantValue()))));
        }
        parameters.addAll(rangeValues);
        return new Query(sql, parameters).prepare(connection);
    }

    private void keepLocalChanges(Table absent) throws SQLException {
        try (RowBatch keys = TableWriter.keyBatch(connection, dialect, absent.scope(), absent.keys(), options.batchSize(),
                options.batchBytes())) {
            for (Key key : writer.localChanges(absent.scope()).keys()) {
                keys.add(key, key.values());
            }
            keys.finish();
        }
    }
}
