package io.ctsync.exporting;

import io.ctsync.capture.Capture;
import io.ctsync.capture.CaptureCycle;
import io.ctsync.capture.ChangeCounts;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.dialect.Catalog;
import io.ctsync.dialect.SqlDialect;
import io.ctsync.dialect.TableInfo;
import io.ctsync.dialect.Window;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pipeline's configured tables, each with its mapping and its capture, in configuration order. */
public final class ExportedTables {

    private final Map<TableName, TableMapping> mappings = new LinkedHashMap<>();
    private final Map<TableName, Capture> captures = new LinkedHashMap<>();

    public ExportedTables(List<TableMapping> tables) {
        tables.forEach(mapping -> {
            mappings.put(mapping.source(), mapping);
            captures.put(mapping.source(), Capture.of(mapping));
        });
    }

    /**
     * Start-up check: every table exists, has a key and can be captured its way; throws a
     * configuration error naming the fix. {@code target} may be null.
     */
    public void checkSource(DataSource source, DataSource target) throws SQLException {
        try (Connection connection = source.getConnection()) {
            List<TableInfo> tables = List.copyOf(describe(connection).values());
            SqlDialect.of(connection).checkCaptureReady(connection, tables);
            for (TableInfo table : tables) {
                captures.get(table.name()).check(connection, target, table);
            }
        }
    }

    Map<TableName, TableInfo> describe(Connection connection) throws SQLException {
        Map<TableName, TableInfo> tables = new LinkedHashMap<>();
        for (TableMapping mapping : mappings.values()) {
            tables.put(mapping.source(), Catalog.describe(connection, mapping));
        }
        return tables;
    }

    Capture capture(TableName table) {
        return captures.get(table);
    }

    TableMapping mapping(TableName table) {
        return mappings.get(table);
    }

    boolean readTrackingVersions() {
        return captures.values().stream().anyMatch(Capture::readsTrackingVersions);
    }

    /** The table's part of the cycle, with its changes counted in the cycle's snapshot. */
    TableChanges counted(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        ChangeCounts counts = capture(table.name()).count(cycle, table, window);
        return new TableChanges(mapping(table.name()), table, window, counts.inserted(), counts.updated(), counts.deleted());
    }
}
