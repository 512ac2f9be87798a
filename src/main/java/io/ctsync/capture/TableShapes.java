package io.ctsync.capture;

import io.ctsync.values.ColumnTypes;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The source tables' shapes (columns, key), kept between cycles: reading them costs a few
 * metadata queries per table, which a wide, mostly idle source would pay every cycle for nothing.
 * A table is described again when it has changes to read (its rows are then read with its shape
 * of the moment) and every table once every {@link #RECHECK_CYCLES} cycles, which finds a dropped
 * or altered table that has no changes.
 */
public final class TableShapes {

    static final int RECHECK_CYCLES = 100;

    private final Map<TableName, TableInfo> shapes = new ConcurrentHashMap<>();
    private int cycles;
    private boolean recheck;

    /** The shape last described, or null if never. */
    public TableInfo get(TableName table) {
        return shapes.get(table);
    }

    /** Counts a cycle; true when it is one that describes every table again (start-up described them all first). */
    public boolean startCycle() {
        recheck = ++cycles % RECHECK_CYCLES == 0;
        return recheck;
    }

    public Map<TableName, TableInfo> describeAll(Connection connection, ColumnTypes types, List<TableMapping> tables) throws SQLException {
        Map<TableName, TableInfo> described = new LinkedHashMap<>();
        for (TableMapping mapping : tables) {
            described.put(mapping.source(), Catalog.describe(connection, types, mapping));
        }
        shapes.putAll(described);
        return described;
    }

    /** Every table's shape: described again where {@code changed} says so, where never described, or on the periodic recheck. */
    public Map<TableName, TableInfo> describe(Connection connection, ColumnTypes types, List<TableMapping> tables, Predicate<TableName> changed)
            throws SQLException {
        Map<TableName, TableInfo> described = new LinkedHashMap<>();
        for (TableMapping mapping : tables) {
            TableInfo known = shapes.get(mapping.source());
            described.put(mapping.source(), known != null && !recheck && !changed.test(mapping.source()) ? known
                    : Catalog.describe(connection, types, mapping));
        }
        shapes.putAll(described);
        return described;
    }
}
