package io.ctsync.capture;

import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.SourceDialect;
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
 * Where the tracking survey reads a fingerprint of the tables' shapes in the catalog, a table is
 * described again when its fingerprint changes (an ALTER TABLE, whether or not it touched a row;
 * on PostgreSQL and H2 one fingerprint covers all the tables, so one table's change describes them all);
 * elsewhere when it has changes to read (its rows are then read with its shape of the moment). Every
 * table is described again once every {@link #RECHECK_CYCLES} cycles, which finds a dropped table.
 */
public final class TableShapes {

    static final int RECHECK_CYCLES = 100;

    private final Map<TableName, TableInfo> shapes = new ConcurrentHashMap<>();
    /** What the survey read of each table's shape in the catalog when it was last described (see {@link io.ctsync.db.TrackingSurvey.Table}). */
    private final Map<TableName, String> fingerprints = new ConcurrentHashMap<>();
    private int cycles;
    private boolean recheck;

    /** The shape last described, or null if never. */
    public TableInfo get(TableName table) {
        return shapes.get(table);
    }

    /**
     * Whether {@code fingerprint}, as a survey read it, is the table's shape last described: true
     * when the survey has none; the first one read becomes the table's (the start-up described every table).
     */
    public boolean sameShape(TableName table, String fingerprint) {
        if (fingerprint == null) {
            return true;
        }
        String known = fingerprints.putIfAbsent(table, fingerprint);
        return known == null || known.equals(fingerprint);
    }

    /** Records the shape a survey read of a table just described. */
    public void described(TableName table, String fingerprint) {
        if (fingerprint != null) {
            fingerprints.put(table, fingerprint);
        }
    }

    /** Counts a cycle; true when it is one that describes every table again (start-up described them all first). */
    public boolean startCycle() {
        recheck = ++cycles % RECHECK_CYCLES == 0;
        return recheck;
    }

    public Map<TableName, TableInfo> describeAll(Connection connection, SourceDialect source, List<TableMapping> tables) throws SQLException {
        Map<TableName, TableInfo> described = new LinkedHashMap<>();
        for (TableMapping mapping : tables) {
            described.put(mapping.source(), Catalog.describe(connection, source, mapping));
        }
        shapes.putAll(described);
        return described;
    }

    /** Every table's shape: described again where {@code changed} says so, where never described, or on the periodic recheck. */
    public Map<TableName, TableInfo> describe(Connection connection, SourceDialect source, List<TableMapping> tables, Predicate<TableName> changed)
            throws SQLException {
        Map<TableName, TableInfo> described = new LinkedHashMap<>();
        for (TableMapping mapping : tables) {
            TableInfo known = shapes.get(mapping.source());
            described.put(mapping.source(), known != null && !recheck && !changed.test(mapping.source()) ? known
                    : Catalog.describe(connection, source, mapping));
        }
        shapes.putAll(described);
        return described;
    }
}
