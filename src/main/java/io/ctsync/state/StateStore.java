package io.ctsync.state;

import io.ctsync.db.Pool;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.db.Backfill;
import io.ctsync.db.StateDialect;
import io.ctsync.db.Window;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exporter's memory, in a JDBC database: per pipeline the last sequence number, per table the
 * last version read, the intent of the cycle in flight, and a log of every sequence number used.
 * A cycle holds its pipeline's row locked for its whole length (the dialect's lock fails at once
 * for a second exporter); the primary key of the log refuses a sequence number written twice. The
 * schema is upgraded when the store opens ({@link StateSchema}).
 */
public final class StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Window>> WINDOWS = new TypeReference<>() { };

    static String json(Backfill backfill) {
        try {
            return backfill == null ? null : JSON.writeValueAsString(backfill);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Backfill backfill(String json) throws SQLException {
        try {
            return json == null ? null : JSON.readValue(json, Backfill.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable backfill state " + json + ": " + e.getMessage(), e);
        }
    }

    private final DataSource dataSource;
    private final StateDialect dialect;

    /** Opens the state in the given database, upgrading its schema first. */
    public StateStore(Pool pool) throws SQLException {
        this(pool, pool.type().state());
    }

    public StateStore(DataSource dataSource, StateDialect dialect) throws SQLException {
        this(dataSource, dialect, true);
    }

    /**
     * The state as it is, for reading only ({@code --verify}): no schema created or upgraded; empty
     * when ctsync has not created it yet.
     */
    public static Optional<StateStore> readOnly(Pool pool) throws SQLException {
        StateDialect dialect = pool.type().state();
        return StateSchema.check(pool, dialect) == 0 ? Optional.empty() : Optional.of(new StateStore(pool, dialect, false));
    }

    private StateStore(DataSource dataSource, StateDialect dialect, boolean upgrade) throws SQLException {
        this.dataSource = dataSource;
        this.dialect = dialect;
        if (upgrade) {
            StateSchema.upgrade(dataSource, dialect);
        }
    }

    /** For {@code --check}: the state schema's version and the latest this ctsync knows, read without writing. */
    public static String checkSchema(Pool pool) throws SQLException {
        StateDialect dialect = pool.type().state();
        int version = StateSchema.check(pool, dialect);
        int known = dialect.migrations().size();
        return version == 0 ? "no state yet: created at the first run"
                : version == known ? "state schema version " + version
                : "state schema version " + version + ", upgraded to " + known + " at the next start";
    }

    /** The pipeline's lock, held until {@link PipelineLock#close()}; fails at once if another exporter holds it. */
    public PipelineLock lock(Pipeline pipeline) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ctsync_export_pipeline"
                    + " (application, source, destination, last_sequence) SELECT ?, ?, ?, 0 WHERE NOT EXISTS"
                    + " (SELECT 1 FROM ctsync_export_pipeline WHERE application = ? AND source = ? AND destination = ?)")) {
                bind(insert, 1, pipeline);
                bind(insert, 4, pipeline);
                insert.executeUpdate();
            } catch (SQLException raced) {
                // another exporter inserted the row at the same moment; the lock below decides
            }
        }
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(dialect.lockPipeline())) {
                bind(select, 1, pipeline);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return new PipelineLock(pipeline, connection, rs.getLong(1), rs.getString(2));
                }
            } catch (SQLException e) {
                if (dialect.lockHeldElsewhere(e)) {
                    throw new PipelineBusyException(pipeline, e);
                }
                throw new SQLException("ctsync: cannot lock " + pipeline + " in the state database " + connection.getCatalog()
                        + ": " + firstLine(e) + " (fix: the state database and ctsync's rights in it)", e.getSQLState(), e.getErrorCode(), e);
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            connection.close();
            throw e;
        }
    }

    private static String firstLine(SQLException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }

    public Optional<Intent> pendingIntent(Pipeline pipeline) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT first_sequence, parts, stage, windows, job_id"
                     + " FROM ctsync_export_intent WHERE application = ? AND source = ? AND destination = ?")) {
            bind(select, 1, pipeline);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Intent(rs.getLong(1), rs.getInt(2), Intent.Stage.valueOf(rs.getString(3)),
                        JSON.readValue(rs.getString(4), WINDOWS), rs.getString(5)));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable intent of " + pipeline + ": " + e.getMessage(), e);
        }
    }

    /** The last sequence the pipeline committed, 0 before its first content; a plain read that takes no lock. */
    public long lastSequence(Pipeline pipeline) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT last_sequence FROM ctsync_export_pipeline"
                     + " WHERE application = ? AND source = ? AND destination = ?")) {
            bind(select, 1, pipeline);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Where a table's last window ended: its version, and the dialect's snapshot position if it has
     * one; its backfill in progress, null when none; and the text of the row filter it was read
     * with, null when none.
     */
    public record TableVersion(long version, String position, Backfill backfill, String filter) {

        public TableVersion(long version, String position) {
            this(version, position, null, null);
        }
    }

    /** The last version read per table ({@code schema.table}); absent tables have never been exported. */
    public Map<String, TableVersion> lastVersions(Pipeline pipeline) throws SQLException {
        Map<String, TableVersion> versions = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT table_name, last_version, last_position, backfill, row_filter"
                     + " FROM ctsync_export_table"
                     + " WHERE application = ? AND source = ? AND destination = ?")) {
            bind(select, 1, pipeline);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), new TableVersion(rs.getLong(2), rs.getString(3), backfill(rs.getString(4)), rs.getString(5)));
                }
            }
        }
        return versions;
    }

    /** Records the intent durably before anything is written; a second intent for the pipeline is refused. */
    public void recordIntent(Pipeline pipeline, Intent intent) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ctsync_export_intent (application, source,"
                     + " destination, first_sequence, parts, stage, windows, created_at, job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            connection.setAutoCommit(true);
            bind(insert, 1, pipeline);
            insert.setLong(4, intent.firstSequence());
            insert.setInt(5, intent.parts());
            dialect.setText(insert, 6, intent.stage().name());
            dialect.setText(insert, 7, JSON.writeValueAsString(intent.windows()));
            insert.setTimestamp(8, Timestamp.from(Instant.now()));
            dialect.setText(insert, 9, intent.jobId());
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void markStaged(Pipeline pipeline) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE ctsync_export_intent SET stage = ?"
                     + " WHERE application = ? AND source = ? AND destination = ?")) {
            connection.setAutoCommit(true);
            dialect.setText(update, 1, Intent.Stage.STAGED.name());
            bind(update, 2, pipeline);
            update.executeUpdate();
        }
    }

    /**
     * Advances the pipeline after its contents are durably published (or when the cycle had none):
     * the last sequence, each table's version, the identity of the source the versions were read
     * from (null: unchanged) and the log, and the intent is removed, all in one transaction on the
     * lock's connection, which also releases the lock. The export job the intent serves is done in
     * the same transaction, with its sequences. {@code filters} holds each filtered table's row
     * filter ({@code schema.table} to its text), recorded with its version.
     */
    public void commit(PipelineLock lock, Intent intent, List<Window> windows, Map<Long, Long> rowsBySequence, String sourceIdentity,
                       Map<String, String> filters) throws SQLException {
        Connection connection = lock.connection();
        Pipeline pipeline = lock.pipeline();
        Timestamp now = Timestamp.from(Instant.now());
        try {
            if (intent != null) {
                try (PreparedStatement log = connection.prepareStatement("INSERT INTO ctsync_export_log"
                        + " (application, source, destination, sequence, part, parts, row_count, exported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (int part = 1; part <= intent.parts(); part++) {
                        bind(log, 1, pipeline);
                        log.setLong(4, intent.firstSequence() + part - 1);
                        log.setInt(5, part);
                        log.setInt(6, intent.parts());
                        log.setLong(7, rowsBySequence.getOrDefault(intent.firstSequence() + part - 1, 0L));
                        log.setTimestamp(8, now);
                        log.addBatch();
                    }
                    log.executeBatch();
                }
                try (PreparedStatement update = connection.prepareStatement("UPDATE ctsync_export_pipeline SET last_sequence = ?"
                        + " WHERE application = ? AND source = ? AND destination = ?")) {
                    update.setLong(1, intent.lastSequence());
                    bind(update, 2, pipeline);
                    update.executeUpdate();
                }
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ctsync_export_intent"
                        + " WHERE application = ? AND source = ? AND destination = ?")) {
                    bind(delete, 1, pipeline);
                    delete.executeUpdate();
                }
                if (intent.jobId() != null) {
                    ExportJobs.done(connection, dialect, intent.jobId(), intent.firstSequence(), intent.lastSequence());
                }
            }
            if (sourceIdentity != null && !sourceIdentity.equals(lock.sourceIdentity())) {
                try (PreparedStatement update = connection.prepareStatement("UPDATE ctsync_export_pipeline SET source_identity = ?"
                        + " WHERE application = ? AND source = ? AND destination = ?")) {
                    dialect.setText(update, 1, sourceIdentity);
                    bind(update, 2, pipeline);
                    update.executeUpdate();
                }
            }
            // one batch of updates for all tables (a wide idle pipeline moves hundreds of versions), inserts for the new ones
            List<Window> added = new java.util.ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement("UPDATE ctsync_export_table SET last_version = ?,"
                    + " last_position = ?, backfill = ?, row_filter = ?, updated_at = ?"
                    + " WHERE application = ? AND source = ? AND destination = ? AND table_name = ?")) {
                for (Window window : windows) {
                    update.setLong(1, window.toVersion());
                    dialect.setText(update, 2, window.toPosition());
                    dialect.setText(update, 3, json(window.backfillAfter()));
                    dialect.setText(update, 4, filters.get(window.table().toString()));
                    update.setTimestamp(5, now);
                    bind(update, 6, pipeline);
                    dialect.setText(update, 9, window.table().toString());
                    update.addBatch();
                }
                int[] updated = update.executeBatch();
                for (int i = 0; i < updated.length; i++) {
                    if (updated[i] == 0) {
                        added.add(windows.get(i));
                    }
                }
            }
            for (Window window : added) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ctsync_export_table"
                        + " (application, source, destination, table_name, last_version, last_position, backfill, row_filter, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(insert, 1, pipeline);
                    dialect.setText(insert, 4, window.table().toString());
                    insert.setLong(5, window.toVersion());
                    dialect.setText(insert, 6, window.toPosition());
                    dialect.setText(insert, 7, json(window.backfillAfter()));
                    dialect.setText(insert, 8, filters.get(window.table().toString()));
                    insert.setTimestamp(9, now);
                    insert.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private void bind(PreparedStatement statement, int first, Pipeline pipeline) throws SQLException {
        dialect.setText(statement, first, pipeline.application());
        dialect.setText(statement, first + 1, pipeline.source());
        dialect.setText(statement, first + 2, pipeline.destination());
    }
}
