package io.ctsync.db.postgresql;

import io.ctsync.config.TableName;
import io.ctsync.db.LogicalDecoding;
import io.ctsync.db.Query;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;
import io.ctsync.db.installed.Condition;
import io.ctsync.db.installed.InstalledSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.ctsync.db.installed.TrackingTables.REGISTRY;
import static io.ctsync.db.installed.TrackingTables.concat;

/**
 * Capture from PostgreSQL. Versions are 64-bit transaction ids, which commit out of order; so a
 * window is bounded by snapshots, not by numbers: it holds the changes that the cycle's snapshot
 * sees and the previous cycle's snapshot did not ({@code pg_visible_in_snapshot}). A transaction
 * still open at the read, whatever its id, is invisible to that snapshot and lands in a later
 * window; an unrelated long transaction elsewhere on the server delays nothing. The version
 * numbers shown in manifests are the snapshots' xmax minus one.
 */
final class PostgresSource extends InstalledSource implements PostgresSql {

    /** The database's identity (see {@link #databaseIdentity}), also read by the wal capture's idle survey. */
    static final String IDENTITY = "SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || oid::text"
            + " FROM pg_database WHERE datname = current_database()";

    private final LogicalDecoding logicalDecoding = new PostgresLogicalDecoding(this);

    PostgresSource() {
        super(new PostgresVersionIndex());
    }

    @Override
    public Optional<LogicalDecoding> logicalDecoding() {
        return Optional.of(logicalDecoding);
    }

    @Override
    public long openSnapshot(Connection connection) throws SQLException {
        beginConsistentRead(connection);
        return Query.number(connection, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 1");
    }

    /**
     * The cluster's system identifier (new for every initdb, so a dump restored elsewhere has
     * another) and the database's oid (new when the database is dropped and created again).
     */
    @Override
    public String databaseIdentity(Connection connection) throws SQLException {
        return Query.text(connection, IDENTITY);
    }

    /**
     * The statement's own snapshot, read once in a WITH clause: outside a transaction the survey's
     * every table is read in it, and inside the cycle's snapshot it is that snapshot.
     */
    @Override
    protected SurveyHeader surveyHeader(Long atVersion) {
        return new SurveyHeader("WITH s AS (SELECT pg_current_snapshot() AS snapshot, (" + IDENTITY + ") AS identity) ",
                "pg_snapshot_xmax(s.snapshot)::text::bigint - 1", "s.snapshot::text", "s.identity", " FROM s", List.of());
    }

    /** The tables' live columns in {@code pg_attribute} (index lookups by {@code attrelid}), hashed together. */
    @Override
    protected Condition shapeFingerprint(List<TableName> tables) {
        return new Condition("SELECT md5(string_agg(a.attrelid || ' ' || a.attname || ' ' || a.atttypid || ' ' || a.atttypmod || ' '"
                + " || a.attnotnull, ',' ORDER BY a.attrelid, a.attnum)) FROM pg_attribute a WHERE a.attrelid IN ("
                + String.join(", ", java.util.Collections.nCopies(tables.size(), "to_regclass(?)"))
                + ") AND a.attnum > 0 AND NOT a.attisdropped", tables.stream().<Object>map(this::table).toList());
    }

    /** Ids the last snapshot did not see: at or above its xmax, or in progress when it was taken. */
    @Override
    protected Condition changedSince(TrackingSurvey.Since since) {
        Snapshot from = Snapshot.from(since.version(), since.position());
        Condition floor = versions.atLeast(from.xmin());
        return new Condition(floor.sql() + " AND (ct.ctsync_version >= ? OR NOT " + visible("ct.ctsync_version") + ")",
                concat(floor.parameters(), List.of(from.xmax(), from.text())));
    }

    @Override
    public String snapshotPosition(Connection connection) throws SQLException {
        return Query.text(connection, "SELECT pg_current_snapshot()::text");
    }

    /** Ids below the snapshot's xmin had all finished when it was taken; above it some may still have been open. */
    @Override
    public long completeUpTo(long version, String position) {
        return position == null ? version : Snapshot.parse(position).xmin() - 1;
    }

    /**
     * A transaction elsewhere on the server that took its id before the changes a cleanup dropped,
     * and is still open when a later snapshot is taken, holds that snapshot's xmin below the min
     * valid version, although the cleanup had committed before it. So the transaction that last
     * wrote the registry row (its {@code xmin}: the cleanup or TRUNCATE that raised the min valid
     * version) is looked up in the snapshot itself.
     */
    @Override
    public boolean minValidRaisedBefore(Connection connection, TableName table, String position) throws SQLException {
        if (position == null) {
            return false;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT xmin::text::bigint FROM " + REGISTRY + " WHERE schema_name = ? AND table_name = ?")) {
            select.setString(1, table.schema());
            select.setString(2, table.table());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && Snapshot.parse(position).sees(rs.getLong(1));
            }
        }
    }

    /**
     * Visible in the window's snapshot and not in the previous one. The range tests come first so
     * that the visibility functions run only for ids that were in flight at either read.
     */
    @Override
    protected Condition changedInWindow(Window window) {
        if (window.toPosition() == null) {
            return super.changedInWindow(window);
        }
        Snapshot from = Snapshot.from(window);
        Snapshot to = Snapshot.parse(window.toPosition());
        Condition floor = versions.atLeast(from.xmin());
        return new Condition(floor.sql() + " AND ct.ctsync_version < ?"
                + " AND (ct.ctsync_version >= ? OR NOT " + visible("ct.ctsync_version") + ")"
                + " AND (ct.ctsync_version < ? OR " + visible("ct.ctsync_version") + ")",
                concat(floor.parameters(), List.of(to.xmax(), from.xmax(), from.text(), to.xmin(), to.text())));
    }

    /** Created by a transaction the previous snapshot did not see. */
    @Override
    protected Condition createdInWindow(Window window) {
        if (window.toPosition() == null) {
            return super.createdInWindow(window);
        }
        Snapshot from = Snapshot.from(window);
        return new Condition("(ct.ctsync_creation_version >= ? OR NOT " + visible("ct.ctsync_creation_version") + ")",
                List.of(from.xmax(), from.text()));
    }

    private static String visible(String version) {
        return "pg_visible_in_snapshot(" + version + "::text::xid8, CAST(? AS pg_snapshot))";
    }

    /** The "C" collation sorts by bytes, which in UTF-8 is code point order; the database's default collation sorts by language. */
    @Override
    public String codePointOrder(String quotedColumn) {
        return quotedColumn + " COLLATE \"C\"";
    }
}
