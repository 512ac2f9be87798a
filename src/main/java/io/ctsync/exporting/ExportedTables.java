package io.ctsync.exporting;

import io.ctsync.db.SourceDialect;
import io.ctsync.db.Pool;
import io.ctsync.capture.Capture;
import io.ctsync.capture.CaptureCycle;
import io.ctsync.capture.ChangeCounts;
import io.ctsync.capture.TableShapes;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;
import io.ctsync.values.Column;

import io.ctsync.config.ConfigException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The pipeline's configured tables, each with its mapping and its capture, in configuration order. */
public final class ExportedTables {

    private final Map<TableName, TableMapping> mappings = new LinkedHashMap<>();
    private final Map<TableName, Capture> captures = new LinkedHashMap<>();
    private final TableShapes shapes = new TableShapes();

    public ExportedTables(List<TableMapping> tables, Pipeline pipeline) {
        tables.forEach(mapping -> {
            mappings.put(mapping.source(), mapping);
            captures.put(mapping.source(), Capture.of(mapping, pipeline));
        });
    }

    /**
     * Start-up check: every table exists, has a key and can be captured its way; throws a
     * configuration error naming the fix. {@code target} may be null.
     */
    public void checkSource(Pool source, Pool target) throws SQLException {
        try (Connection connection = source.getConnection()) {
            SourceDialect dialect = source.type().source();
            List<TableInfo> tables = List.copyOf(describe(connection, dialect).values());
            dialect.checkCaptureReady(connection, tables);
            for (TableInfo table : tables) {
                checkFilter(connection, dialect, table);
                captures.get(table.name()).check(connection, dialect, target, table);
            }
        }
    }

    /** The source compiles the table's filter, reading no row; its refusal is the database's own message. */
    private static void checkFilter(Connection connection, SourceDialect dialect, TableInfo table) throws SQLException {
        if (table.filter() == null) {
            return;
        }
        try (PreparedStatement statement = dialect.filterCheck(table).prepare(connection); ResultSet rs = statement.executeQuery()) {
            rs.next();
        } catch (SQLException e) {
            throw new ConfigException(table.filter().key(), "the source cannot run it on " + table.name() + ": " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " "),
                    "write a boolean expression over the columns of " + table.name() + " in the source's SQL");
        }
    }

    /** Every table described anew. */
    Map<TableName, TableInfo> describe(Connection connection, SourceDialect source) throws SQLException {
        return shapes.describeAll(connection, source, List.copyOf(mappings.values()));
    }

    /** Every table's shape, described anew only where {@code changed} says it may have changed (see {@link TableShapes}). */
    Map<TableName, TableInfo> describe(Connection connection, SourceDialect source, Predicate<TableName> changed) throws SQLException {
        return shapes.describe(connection, source, List.copyOf(mappings.values()), changed);
    }

    /** Whether a survey's fingerprint of the table's shape is the one last described (see {@link TableShapes#sameShape}). */
    boolean sameShape(TableName table, String fingerprint) {
        return shapes.sameShape(table, fingerprint);
    }

    /**
     * Every table's shape in the cycle's snapshot, described anew where the survey's fingerprint
     * changed, or, for a table the survey gives none of, where it may have changes; the fingerprints
     * read are kept with the shapes.
     */
    Map<TableName, TableInfo> describe(Connection connection, SourceDialect source, CaptureCycle cycle) throws SQLException {
        Map<TableName, TableInfo> described = describe(connection, source,
                table -> cycle.shape(table) == null ? cycle.mayHaveChanged(table) : !shapes.sameShape(table, cycle.shape(table)));
        described.keySet().forEach(table -> shapes.described(table, cycle.shape(table)));
        return described;
    }

    /** The shape last described, for an idle cycle that describes nothing. */
    TableInfo shape(TableName table) {
        return shapes.get(table);
    }

    /** Counts a cycle; true when this cycle describes every table again. */
    boolean recheckShapes() {
        return shapes.startCycle();
    }

    /** The change-tracking tables with the version each was last read up to: surveyed together, in one statement. */
    List<TrackingSurvey.Since> trackedSince(Map<String, StateStore.TableVersion> lastVersions) {
        List<TrackingSurvey.Since> tracked = new ArrayList<>();
        for (TableName table : mappings.keySet()) {
            if (captures.get(table).readsTrackingVersions()) {
                StateStore.TableVersion last = lastVersions.get(table.toString());
                tracked.add(new TrackingSurvey.Since(table, last == null ? null : last.version(), last == null ? null : last.position()));
            }
        }
        return tracked;
    }

    /**
     * The idle cycle's windows, when every table takes one capture that can survey them all in
     * one statement and finds none changed (see {@link Capture#quietWindows}); otherwise empty.
     */
    Optional<List<Window>> quietWindows(CaptureCycle cycle, Map<String, StateStore.TableVersion> lastVersions, String recordedIdentity)
            throws SQLException {
        if (mappings.values().stream().map(TableMapping::capture).distinct().count() != 1) {
            return Optional.empty();
        }
        List<TrackingSurvey.Since> since = new ArrayList<>();
        for (TableName table : mappings.keySet()) {
            StateStore.TableVersion last = lastVersions.get(table.toString());
            since.add(new TrackingSurvey.Since(table, last == null ? null : last.version(), last == null ? null : last.position()));
        }
        return captures.values().iterator().next().quietWindows(cycle, since, recordedIdentity, this::sameShape);
    }

    /**
     * The columns of {@code table} that the state did not record with its last read: added at the
     * source since (docs/design.md, "Schema changes at the source"); none when nothing was recorded yet.
     */
    static List<String> addedColumns(TableInfo table, StateStore.TableVersion last) {
        if (table == null || last == null || last.columns() == null) {
            return List.of();
        }
        return table.columns().stream().map(Column::name).filter(c -> !last.columns().contains(c)).toList();
    }

    /** Whether any table's shape last described has a column that its recorded read lacks: that cycle is no idle one. */
    boolean anyColumnAdded(Map<String, StateStore.TableVersion> lastVersions) {
        return mappings.keySet().stream().anyMatch(t -> !addedColumns(shapes.get(t), lastVersions.get(t.toString())).isEmpty());
    }

    /**
     * The tables read before whose row filter is not the one they were last read with: each is sent
     * again as a backfill, whose range removals take out the rows that no longer match.
     */
    Set<TableName> filtersChanged(Map<String, StateStore.TableVersion> lastVersions) {
        Set<TableName> changed = new HashSet<>();
        mappings.forEach((table, mapping) -> {
            StateStore.TableVersion last = lastVersions.get(table.toString());
            String filter = mapping.filter() == null ? null : mapping.filter().text();
            if (last != null && !Objects.equals(filter, last.filter())) {
                changed.add(table);
            }
        });
        return changed;
    }

    int size() {
        return mappings.size();
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
        // a chunk's rows are counted by its planner; the delta of a first chunk, or of a waiting backfill, is empty
        boolean noDelta = window.waiting() || window.chunk() != null && (window.full() || window.chunk().from() == null);
        ChangeCounts counts = noDelta ? new ChangeCounts(0, 0, 0) : capture(table.name()).count(cycle, table, window);
        return new TableChanges(mapping(table.name()), table, window, counts.inserted(), counts.updated(), counts.deleted());
    }
}
