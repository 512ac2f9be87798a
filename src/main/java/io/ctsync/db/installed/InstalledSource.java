package io.ctsync.db.installed;

import io.ctsync.db.Query;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;
import io.ctsync.values.Column;

import java.util.List;

import static io.ctsync.db.installed.TrackingTables.REGISTRY;
import static io.ctsync.db.installed.TrackingTables.keyJoin;
import static io.ctsync.db.installed.TrackingTables.notOwnContext;
import static io.ctsync.db.installed.TrackingTables.concat;
import static io.ctsync.db.installed.TrackingTables.trackingTable;

/**
 * Capture from the tracking that ctsync installs ({@link TrackingTables}): the survey, a window's
 * counts and net changes. Each database supplies its version source, its snapshot and how a
 * window is bounded.
 */
public abstract class InstalledSource implements SourceDialect, InstalledHistory {

    protected final VersionIndex versions;

    protected InstalledSource(VersionIndex versions) {
        this.versions = versions;
    }


    /**
     * What the survey reads besides the tables: a prefix (a WITH clause, or empty), the version,
     * position and identity expressions and the FROM clause each table's row selects them from.
     */
    public record SurveyHeader(String with, String version, String position, String identity, String from, List<Object> parameters) {
    }

    protected abstract SurveyHeader surveyHeader(Long atVersion);

    /** Tracking rows newer than the table's last read; they may still fall outside the coming window, never the reverse. */
    protected Condition changedSince(TrackingSurvey.Since since) {
        return versions.atLeast(since.version() + 1);
    }

    /**
     * Per table a row with its min valid version from the registry and whether its tracking table
     * holds a row newer than the last read: an index range on {@code ctsync_version} that finds
     * nothing when the table is quiet.
     */
    @Override
    public Query trackingSurvey(List<TrackingSurvey.Since> tables, Long atVersion) {
        SurveyHeader header = surveyHeader(atVersion);
        List<String> rows = new java.util.ArrayList<>();
        List<Object> parameters = new java.util.ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            TrackingSurvey.Since since = tables.get(i);
            Condition changed = since.version() == null ? new Condition("TRUE", List.of())
                    : changedSince(since).map(c -> "EXISTS (SELECT 1 FROM " + trackingTable(since.table()) + " ct WHERE " + c + ")");
            rows.add("SELECT " + (i + 1) + ", " + header.version() + ", " + header.position() + ", " + header.identity()
                    + ", (SELECT r.min_valid_version FROM " + REGISTRY + " r WHERE r.schema_name = ? AND r.table_name = ?), "
                    + changed.sql() + header.from());
            parameters.addAll(header.parameters());
            parameters.add(since.table().schema());
            parameters.add(since.table().table());
            parameters.addAll(changed.parameters());
        }
        return new Query(header.with() + String.join(" UNION ALL ", rows), parameters);
    }

    /** The tracking rows whose last change falls in the window. */
    protected Condition changedInWindow(Window window) {
        Condition from = versions.atLeast(window.fromVersion() + 1);
        return new Condition(from.sql() + " AND ct.ctsync_version <= ?", concat(from.parameters(), List.of(window.toVersion())));
    }

    /** The keys created after the window's start: their net change is an insert. */
    protected Condition createdInWindow(Window window) {
        return new Condition("ct.ctsync_creation_version > ?", List.of(window.fromVersion()));
    }

    @Override
    public Query changeCounts(TableInfo table, Window window, String context) {
        Condition created = createdInWindow(window);
        Condition changed = changedInWindow(window);
        String sql = "SELECT"
                + " COALESCE(SUM(CASE WHEN ct.ctsync_operation <> 'D' AND " + created.sql() + " THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN ct.ctsync_operation <> 'D' AND NOT (" + created.sql() + ") THEN 1"
                + " WHEN ct.ctsync_operation <> 'D' AND ct.ctsync_creation_version IS NULL THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN ct.ctsync_operation = 'D' THEN 1 ELSE 0 END), 0)"
                + " FROM " + trackingTable(table.name()) + " ct WHERE " + changed.sql() + " AND " + notOwnContext();
        return new Query(sql, concat(created.parameters(), created.parameters(), changed.parameters(), List.of(context)));
    }

    @Override
    public Query changes(TableInfo table, Window window, String context) {
        Condition created = createdInWindow(window);
        Condition changed = changedInWindow(window);
        List<String> columns = table.columns().stream().map(Column::name).toList();
        String sql = "SELECT " + operation(table, created) + ", "
                + columnList("ct", table.key()) + ", " + columnList("s", columns)
                + " FROM " + trackingTable(table.name()) + " ct LEFT JOIN " + sentRows(table) + " s ON "
                + keyJoin(table.key(), "s", "ct") + " WHERE " + changed.sql() + " AND " + notOwnContext();
        return new Query(sql, concat(created.parameters(), changed.parameters(), List.of(context)));
    }

    /** The operations are told apart by the very expression that names them, so that the parts add up to the whole. */
    @Override
    public Query changes(TableInfo table, Window window, String context, List<String> operations) {
        Query all = changes(table, window, context);
        Condition created = createdInWindow(window);
        String placeholders = String.join(", ", java.util.Collections.nCopies(operations.size(), "?"));
        return new Query(all.sql() + " AND " + operation(table, created) + " IN (" + placeholders + ")",
                concat(all.parameters(), created.parameters(), List.copyOf(operations)));
    }

    /** The tracking rows newer than the last read, as the survey finds them, in key order. */
    @Override
    public Query changedKeysSince(TableInfo table, TrackingSurvey.Since since) {
        Condition changed = changedSince(since);
        return new Query("SELECT " + columnList("ct", table.key()) + " FROM " + trackingTable(table.name()) + " ct WHERE "
                + changed.sql() + " ORDER BY " + keyOrder(table.key(), table.columns()), changed.parameters());
    }

    /**
     * A tracking row's net operation in the window: D, or I for a key created in it, else U. A
     * filtered table's row that no longer matches is not joined ({@link #sentRows}): D as well.
     */
    private String operation(TableInfo table, Condition created) {
        String deleted = table.filter() == null ? "ct.ctsync_operation = 'D'"
                : "ct.ctsync_operation = 'D' OR s." + quote(table.key().get(0)) + " IS NULL";
        return "CASE WHEN " + deleted + " THEN 'D' WHEN " + created.sql() + " THEN 'I' ELSE 'U' END";
    }
}
