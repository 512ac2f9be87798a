package io.ctsync.backfill;

import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.ForeignKey;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The order in which a cycle plans its tables' backfills (docs/design.md, "Backfills"): parents before
 * children by the source's foreign keys among the exported tables, otherwise as listed. A table
 * whose parent still has chunks to send waits, so a child's chunk never holds a key its parent's
 * rows have not reached the target with.
 */
public final class BackfillOrder {

    private BackfillOrder() {
    }

    /** Every table, parents first, with the tables among them that it references (itself left out). */
    public static Map<TableName, Set<TableName>> parentsFirst(Connection source, Collection<TableName> tables) throws SQLException {
        Map<TableName, Set<TableName>> parents = new LinkedHashMap<>();
        for (TableName table : tables) {
            Set<TableName> referenced = new LinkedHashSet<>();
            for (ForeignKey key : Catalog.foreignKeys(source, table)) {
                if (tables.contains(key.referenced()) && !key.selfReferencing()) {
                    referenced.add(key.referenced());
                }
            }
            parents.put(table, referenced);
        }
        Map<TableName, Set<TableName>> ordered = new LinkedHashMap<>();
        while (ordered.size() < parents.size()) {
            // the first listed table whose parents are placed; a cycle of keys places the first one left
            TableName next = parents.keySet().stream().filter(t -> !ordered.containsKey(t))
                    .filter(t -> ordered.keySet().containsAll(parents.get(t))).findFirst()
                    .orElseGet(() -> parents.keySet().stream().filter(t -> !ordered.containsKey(t)).findFirst().orElseThrow());
            ordered.put(next, parents.get(next));
        }
        return ordered;
    }
}
