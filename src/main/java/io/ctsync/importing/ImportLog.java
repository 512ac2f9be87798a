package io.ctsync.importing;

import io.ctsync.state.Pipeline;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@code ctsync_import_log} in the target: one row per sequence number of a pipeline, with its
 * status ({@code ok}, {@code failed}, {@code blocked}), counts and last error. An {@code ok} row is
 * written in the same transaction as the content's rows, so the log and the target never disagree;
 * the primary key and the "never over ok" rule make a second application of a content fail.
 */
public final class ImportLog {

    static final String OK = "ok";
    static final String FAILED = "failed";
    static final String BLOCKED = "blocked";
    private static final int MAX_ERROR = 4000;

    /** The highest imported sequence, and the target's tracking version recorded with it (null when untracked). */
    public record LastImport(long sequence, Long targetVersion) {
        static final LastImport NONE = new LastImport(0, null);
    }

    /** What a content did to the target. */
    record Counts(long inserted, long updated, long deleted, long conflicts) {
    }

    private final Pipeline pipeline;

    public ImportLog(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    public LastImport last(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT sequence, target_version FROM ctsync_import_log"
                + " WHERE application = ? AND source = ? AND destination = ? AND status = ? ORDER BY sequence DESC")) {
            select.setMaxRows(1);
            bindPipeline(select, 1);
            select.setString(4, OK);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return LastImport.NONE;
                }
                long sequence = rs.getLong(1);
                long version = rs.getLong(2);
                return new LastImport(sequence, rs.wasNull() ? null : version);
            }
        }
    }

    /** Records the content as imported, inside the transaction that applied it; fails if it already is. */
    void recordOk(Connection connection, long sequence, Counts counts, Long targetVersion) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE ctsync_import_log SET status = ?, inserted = ?,"
                + " updated = ?, deleted = ?, conflicts = ?, target_version = ?, error = NULL, imported_at = ?"
                + " WHERE application = ? AND source = ? AND destination = ? AND sequence = ? AND status <> ?")) {
            update.setString(1, OK);
            bindCounts(update, 2, counts);
            if (targetVersion == null) {
                update.setNull(6, Types.BIGINT);
            } else {
                update.setLong(6, targetVersion);
            }
            update.setObject(7, now());
            bindPipeline(update, 8);
            update.setLong(11, sequence);
            update.setString(12, OK);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ctsync_import_log (application, source,"
                + " destination, sequence, status, inserted, updated, deleted, conflicts, target_version, error, imported_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)")) {
            bindPipeline(insert, 1);
            insert.setLong(4, sequence);
            insert.setString(5, OK);
            bindCounts(insert, 6, counts);
            if (targetVersion == null) {
                insert.setNull(10, Types.BIGINT);
            } else {
                insert.setLong(10, targetVersion);
            }
            insert.setObject(11, now());
            // if another importer has just imported the same sequence, the primary key refuses this row
            insert.executeUpdate();
        }
    }

    /** Records a content that could not be imported (failed, or blocked behind a gap), in its own transaction; an ok row is kept. */
    void recordProblem(DataSource target, long sequence, String status, String error) throws SQLException {
        String reason = error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        try (Connection connection = target.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement update = connection.prepareStatement("UPDATE ctsync_import_log SET status = ?, error = ?,"
                    + " imported_at = ? WHERE application = ? AND source = ? AND destination = ? AND sequence = ? AND status <> ?")) {
                update.setString(1, status);
                update.setString(2, reason);
                update.setObject(3, now());
                bindPipeline(update, 4);
                update.setLong(7, sequence);
                update.setString(8, OK);
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ctsync_import_log (application, source,"
                    + " destination, sequence, status, inserted, updated, deleted, conflicts, error, imported_at)"
                    + " SELECT ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ? WHERE NOT EXISTS (SELECT 1 FROM ctsync_import_log"
                    + " WHERE application = ? AND source = ? AND destination = ? AND sequence = ?)")) {
                bindPipeline(insert, 1);
                insert.setLong(4, sequence);
                insert.setString(5, status);
                insert.setString(6, reason);
                insert.setObject(7, now());
                bindPipeline(insert, 8);
                insert.setLong(11, sequence);
                insert.executeUpdate();
            }
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private void bindPipeline(PreparedStatement statement, int first) throws SQLException {
        statement.setString(first, pipeline.application());
        statement.setString(first + 1, pipeline.source());
        statement.setString(first + 2, pipeline.destination());
    }

    private static void bindCounts(PreparedStatement statement, int first, Counts counts) throws SQLException {
        statement.setLong(first, counts.inserted());
        statement.setLong(first + 1, counts.updated());
        statement.setLong(first + 2, counts.deleted());
        statement.setLong(first + 3, counts.conflicts());
    }
}
