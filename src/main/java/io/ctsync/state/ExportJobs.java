package io.ctsync.state;

import io.ctsync.db.Pool;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.db.StateDialect;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * On-demand exports, kept in the state database so that they survive a restart: queued when asked
 * for, running once their cycle holds the pipeline's lock, done when the cycle commits (in the
 * commit's own transaction, so a crash cannot leave a published content with a job that says
 * otherwise) or failed with the cycle's one-line reason.
 */
public final class ExportJobs {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    private static final int MAX_TEXT = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };
    private static final String COLUMNS = "id, status, author, reference, purpose, tables, mode, created_at, started_at,"
            + " finished_at, first_sequence, last_sequence, inserted, updated, deleted, error";

    /** What a job's contents hold. */
    public record Counts(long inserted, long updated, long deleted) {
    }

    /**
     * One job. {@code tables} is empty when the request named none (every table); {@code mode} is
     * {@code delta} or {@code full}; the sequences are null until a content is written.
     */
    public record Job(String id, String status, String author, String reference, String purpose, List<String> tables,
                      String mode, Instant createdAt, Instant startedAt, Instant finishedAt, Long firstSequence,
                      Long lastSequence, Counts counts, String error) {
    }

    private final DataSource dataSource;
    private final StateDialect dialect;

    public ExportJobs(Pool pool) {
        this(pool, pool.type().state());
    }

    /** The jobs table is created by the state schema's migrations ({@link StateStore}). */
    public ExportJobs(DataSource dataSource, StateDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public Job create(Pipeline pipeline, String author, String reference, String purpose, List<String> tables, String mode)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ctsync_export_job (id, application, source,"
                     + " destination, status, author, reference, purpose, tables, mode, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            connection.setAutoCommit(true);
            dialect.setText(insert, 1, id);
            dialect.setText(insert, 2, pipeline.application());
            dialect.setText(insert, 3, pipeline.source());
            dialect.setText(insert, 4, pipeline.destination());
            dialect.setText(insert, 5, QUEUED);
            dialect.setText(insert, 6, author);
            dialect.setText(insert, 7, reference);
            dialect.setText(insert, 8, purpose);
            // as a JSON array: a quoted table name may hold a comma
            dialect.setText(insert, 9, JSON.writeValueAsString(tables));
            dialect.setText(insert, 10, mode);
            insert.setTimestamp(11, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return find(pipeline, id).orElseThrow();
    }

    public Optional<Job> find(Pipeline pipeline, String id) throws SQLException {
        List<Job> jobs = select(pipeline, " AND id = ?", id, 1);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    /** Newest first. */
    public List<Job> list(Pipeline pipeline, int limit) throws SQLException {
        return select(pipeline, " ORDER BY created_at DESC, id", null, limit);
    }

    /**
     * The job to run next: the oldest queued one, or one left running by a process that stopped
     * (only the pipeline's leader runs jobs, one at a time, so a running job it is not running was orphaned).
     */
    public Optional<Job> next(Pipeline pipeline) throws SQLException {
        List<Job> jobs = select(pipeline, " AND status IN ('" + QUEUED + "', '" + RUNNING + "') ORDER BY created_at, id", null, 1);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    /** The job's cycle holds the pipeline's lock. */
    public void started(String id) throws SQLException {
        update("UPDATE ctsync_export_job SET status = ?, started_at = ?, error = NULL WHERE id = ? AND status <> ?", RUNNING, id, DONE);
    }

    /** The job's cycle ended without a content (nothing changed): done, with no sequence. A job its commit made done stays as it is. */
    public void finished(String id) throws SQLException {
        update("UPDATE ctsync_export_job SET status = ?, finished_at = ? WHERE id = ? AND status = ?", DONE, id, RUNNING);
    }

    /** The job's cycle failed; should its recorded intent be finished by a later cycle, that cycle's commit makes it done. */
    public void failed(String id, String error) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE ctsync_export_job SET status = ?, finished_at = ?, error = ?"
                     + " WHERE id = ? AND status <> ?")) {
            connection.setAutoCommit(true);
            dialect.setText(update, 1, FAILED);
            update.setTimestamp(2, Timestamp.from(Instant.now()));
            dialect.setText(update, 3, error == null || error.length() <= MAX_TEXT ? error : error.substring(0, MAX_TEXT));
            dialect.setText(update, 4, id);
            dialect.setText(update, 5, DONE);
            update.executeUpdate();
        }
    }

    /** The job's contents are staged: what they hold. */
    public void counted(String id, Counts counts) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE ctsync_export_job SET inserted = ?, updated = ?, deleted = ?"
                     + " WHERE id = ?")) {
            connection.setAutoCommit(true);
            update.setLong(1, counts.inserted());
            update.setLong(2, counts.updated());
            update.setLong(3, counts.deleted());
            dialect.setText(update, 4, id);
            update.executeUpdate();
        }
    }

    /** Within the state commit's transaction ({@link StateStore#commit}): the job's contents are durable. */
    static void done(Connection connection, StateDialect dialect, String id, long firstSequence, long lastSequence) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE ctsync_export_job SET status = ?, finished_at = ?,"
                + " first_sequence = ?, last_sequence = ?, error = NULL WHERE id = ?")) {
            dialect.setText(update, 1, DONE);
            update.setTimestamp(2, Timestamp.from(Instant.now()));
            update.setLong(3, firstSequence);
            update.setLong(4, lastSequence);
            dialect.setText(update, 5, id);
            update.executeUpdate();
        }
    }

    private void update(String sql, String status, String id, String guard) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            connection.setAutoCommit(true);
            dialect.setText(update, 1, status);
            update.setTimestamp(2, Timestamp.from(Instant.now()));
            dialect.setText(update, 3, id);
            dialect.setText(update, 4, guard);
            update.executeUpdate();
        }
    }

    private List<Job> select(Pipeline pipeline, String where, String id, int limit) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM ctsync_export_job"
                     + " WHERE application = ? AND source = ? AND destination = ?" + where)) {
            select.setMaxRows(limit);
            dialect.setText(select, 1, pipeline.application());
            dialect.setText(select, 2, pipeline.source());
            dialect.setText(select, 3, pipeline.destination());
            if (id != null) {
                dialect.setText(select, 4, id);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    jobs.add(job(rs));
                }
            }
        }
        return jobs;
    }

    private static Job job(ResultSet rs) throws SQLException {
        List<String> tables;
        try {
            tables = JSON.readValue(rs.getString(6), NAMES);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable tables of export job " + rs.getString(1) + ": " + e.getMessage(), e);
        }
        Long first = rs.getLong(11);
        first = rs.wasNull() ? null : first;
        Long last = rs.getLong(12);
        last = rs.wasNull() ? null : last;
        long inserted = rs.getLong(13);
        Counts counts = rs.wasNull() ? null : new Counts(inserted, rs.getLong(14), rs.getLong(15));
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                tables, rs.getString(7),
                instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), first, last, counts,
                rs.getString(16));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
