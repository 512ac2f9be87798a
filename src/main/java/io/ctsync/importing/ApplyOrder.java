package io.ctsync.importing;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.ForeignKey;
import io.ctsync.db.TargetDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which the importer writes the synced target tables, from the target's foreign keys
 * among them, whatever order {@code ctsync.tables} lists them in: inserts and updates parents
 * before children, deletes and the removals of a full content children before parents.
 *
 * <p>A foreign key to a table that is not synced orders nothing (the target must already hold
 * what it references). A deferrable one is checked at commit, so it orders nothing either. A
 * table that references itself through a key that is not deferrable has its rows ordered
 * ({@link RowLevels}). Keys that are not deferrable and form a cycle between tables cannot be
 * satisfied by any order of writes: they are refused at start-up.
 */
final class ApplyOrder {

    private final Map<TableName, Integer> rank = new HashMap<>();
    private final Map<TableName, List<ForeignKey>> selfReferences = new HashMap<>();
    private final Map<TableName, List<ForeignKey>> referencing = new HashMap<>();
    private boolean defers;

    private ApplyOrder() {
    }

    /** Reads the foreign keys of the target tables (listed in {@code ctsync.tables} order) and orders them parents first. */
    static ApplyOrder read(Connection connection, TargetDialect dialect, List<TableName> targets) throws SQLException {
        ApplyOrder order = new ApplyOrder();
        Set<TableName> synced = new LinkedHashSet<>(targets);
        Map<TableName, List<ForeignKey>> parents = new LinkedHashMap<>();
        for (TableName table : synced) {
            parents.put(table, new ArrayList<>());
            for (ForeignKey key : dialect.foreignKeys(connection, table)) {
                if (!synced.contains(key.referenced())) {
                    continue;
                }
                if (!key.selfReferencing()) {
                    order.referencing.computeIfAbsent(key.referenced(), t -> new ArrayList<>()).add(key);
                }
                if (key.deferrable()) {
                    order.defers = true;
                } else if (key.selfReferencing()) {
                    order.selfReferences.computeIfAbsent(table, t -> new ArrayList<>()).add(key);
                } else {
                    parents.get(table).add(key);
                }
            }
        }
        // each step places the first table, in the listed order, whose parents are all placed
        while (order.rank.size() < synced.size()) {
            TableName next = synced.stream().filter(t -> !order.rank.containsKey(t))
                    .filter(t -> parents.get(t).stream().allMatch(k -> order.rank.containsKey(k.referenced()))).findFirst()
                    .orElseThrow(() -> cycle(parents, order.rank.keySet()));
            order.rank.put(next, order.rank.size());
        }
        return order;
    }

    /** Position of a table, parents first: lower is written earlier for inserts and updates, later for deletes. */
    int rank(TableName table) {
        return rank.getOrDefault(table, rank.size());
    }

    /** The foreign keys, not deferrable, by which a table references itself; empty for most tables. */
    List<ForeignKey> selfReferences(TableName table) {
        return selfReferences.getOrDefault(table, List.of());
    }

    /** The foreign keys of other synced tables (deferrable or not) that reference {@code table}. */
    List<ForeignKey> referencing(TableName table) {
        return referencing.getOrDefault(table, List.of());
    }

    /** Whether a foreign key among the synced tables is deferrable, and the import checks them at commit. */
    boolean defers() {
        return defers;
    }

    /** The refusal of a cycle of keys: follows unplaced parents from an unplaced table until one repeats. */
    private static ConfigException cycle(Map<TableName, List<ForeignKey>> parents, Set<TableName> placed) {
        TableName table = parents.keySet().stream().filter(t -> !placed.contains(t)).findFirst().orElseThrow();
        List<TableName> path = new ArrayList<>();
        List<ForeignKey> keys = new ArrayList<>();
        while (!path.contains(table)) {
            path.add(table);
            ForeignKey key = parents.get(table).stream().filter(k -> !placed.contains(k.referenced())).findFirst().orElseThrow();
            keys.add(key);
            table = key.referenced();
        }
        List<ForeignKey> cycle = keys.subList(path.indexOf(table), keys.size());
        ForeignKey first = cycle.get(0);
        return new ConfigException("ctsync.tables", "the foreign keys " + String.join(" and ", cycle.stream().map(ForeignKey::toString).toList())
                + " form a cycle in the target that no order of writes satisfies",
                "make " + first.name() + " DEFERRABLE (PostgreSQL: ALTER TABLE " + first.table() + " ALTER CONSTRAINT " + first.name()
                        + " DEFERRABLE), so that it is checked at commit, or drop it in the target, or leave " + first.table()
                        + " out of ctsync.tables");
    }
}
