package io.ctsync.db.installed;

import io.ctsync.db.StateDialect;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The state SQL of PostgreSQL and H2, which is the same statement for statement. Every migration
 * is idempotent ({@code IF NOT EXISTS}) because ctsync grew this schema before it kept a version:
 * a database from then has some of these tables and columns already, and version 0.
 */
public final class StandardState implements StateDialect {

    private final SessionLock migrationLock;

    /** {@code migrationLock}: the database's session lock for the migrations, null where one process alone opens the database. */
    public StandardState(SessionLock migrationLock) {
        this.migrationLock = migrationLock;
    }

    @Override
    public Optional<SessionLock> migrationLock() {
        return Optional.ofNullable(migrationLock);
    }

    /** PostgreSQL's SQLSTATE lock_not_available, which {@code NOWAIT} raises. */
    private static final String POSTGRESQL_LOCK_NOT_AVAILABLE = "55P03";
    /** H2's {@code ErrorCode.LOCK_TIMEOUT_1}, which {@code NOWAIT} raises. */
    private static final int H2_LOCK_TIMEOUT = 50200;

    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("CREATE TABLE IF NOT EXISTS ctsync_export_pipeline (application VARCHAR(128) NOT NULL, source VARCHAR(128) NOT NULL,"
                            + " destination VARCHAR(128) NOT NULL, last_sequence BIGINT NOT NULL, PRIMARY KEY (application, source, destination))",
                    "CREATE TABLE IF NOT EXISTS ctsync_export_table (application VARCHAR(128) NOT NULL, source VARCHAR(128) NOT NULL,"
                            + " destination VARCHAR(128) NOT NULL, table_name VARCHAR(300) NOT NULL, last_version BIGINT NOT NULL,"
                            + " last_position VARCHAR(4000), updated_at TIMESTAMP NOT NULL,"
                            + " PRIMARY KEY (application, source, destination, table_name))",
                    "CREATE TABLE IF NOT EXISTS ctsync_export_intent (application VARCHAR(128) NOT NULL, source VARCHAR(128) NOT NULL,"
                            + " destination VARCHAR(128) NOT NULL, first_sequence BIGINT NOT NULL, parts INT NOT NULL, stage VARCHAR(16) NOT NULL,"
                            + " windows VARCHAR(1000000) NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (application, source, destination))",
                    "CREATE TABLE IF NOT EXISTS ctsync_export_log (application VARCHAR(128) NOT NULL, source VARCHAR(128) NOT NULL,"
                            + " destination VARCHAR(128) NOT NULL, sequence BIGINT NOT NULL, part INT NOT NULL, parts INT NOT NULL,"
                            + " row_count BIGINT NOT NULL, exported_at TIMESTAMP NOT NULL, PRIMARY KEY (application, source, destination, sequence))"),
            // the source database's identity (Dialect.databaseIdentity) when it was last read; nullable for the rows before it
            List.of("ALTER TABLE ctsync_export_pipeline ADD COLUMN IF NOT EXISTS source_identity VARCHAR(400)"),
            // export jobs asked for over the API, and the job an unfinished intent serves
            List.of("CREATE TABLE IF NOT EXISTS ctsync_export_job (id VARCHAR(36) NOT NULL PRIMARY KEY, application VARCHAR(128) NOT NULL,"
                            + " source VARCHAR(128) NOT NULL, destination VARCHAR(128) NOT NULL, status VARCHAR(16) NOT NULL,"
                            + " author VARCHAR(200) NOT NULL, reference VARCHAR(200) NOT NULL, purpose VARCHAR(1000) NOT NULL,"
                            + " tables VARCHAR(100000) NOT NULL, mode VARCHAR(8) NOT NULL, created_at TIMESTAMP NOT NULL, started_at TIMESTAMP,"
                            + " finished_at TIMESTAMP, first_sequence BIGINT, last_sequence BIGINT, inserted BIGINT, updated BIGINT,"
                            + " deleted BIGINT, error VARCHAR(4000))",
                    "CREATE INDEX IF NOT EXISTS ctsync_export_job_pipeline ON ctsync_export_job (application, source, destination, created_at)",
                    "ALTER TABLE ctsync_export_intent ADD COLUMN IF NOT EXISTS job_id VARCHAR(36)"),
            // each table's backfill in progress (db.Backfill as JSON: cursor, rows sent, rows estimated, start); null when none
            List.of("ALTER TABLE ctsync_export_table ADD COLUMN IF NOT EXISTS backfill VARCHAR(1000000)"),
            // the row filter each table was last read with (null: none); a changed one sends the table again
            List.of("ALTER TABLE ctsync_export_table ADD COLUMN IF NOT EXISTS row_filter VARCHAR(1000000)"));

    @Override
    public String createVersionTable() {
        return "CREATE TABLE IF NOT EXISTS ctsync_state_version (version INT NOT NULL)";
    }

    @Override
    public List<List<String>> migrations() {
        return MIGRATIONS;
    }

    @Override
    public String lockPipeline() {
        return "SELECT last_sequence, source_identity FROM ctsync_export_pipeline"
                + " WHERE application = ? AND source = ? AND destination = ? FOR UPDATE NOWAIT";
    }

    @Override
    public boolean lockHeldElsewhere(SQLException failure) {
        return POSTGRESQL_LOCK_NOT_AVAILABLE.equals(failure.getSQLState()) || failure.getErrorCode() == H2_LOCK_TIMEOUT;
    }
}
