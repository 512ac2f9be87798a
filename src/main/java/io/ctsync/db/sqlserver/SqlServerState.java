package io.ctsync.db.sqlserver;

import io.ctsync.db.StateDialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * ctsync's state in SQL Server (docs/sqlserver.md, "State on SQL Server"). ctsync never kept state
 * here before its schema was versioned (T-SQL has no {@code CREATE TABLE IF NOT EXISTS}), so the
 * migrations need not be idempotent. Text is NVARCHAR and bound as such whatever the URL's
 * {@code sendStringParametersAsUnicode}: a table name may hold any letter, and a parameter of
 * another type than its column makes SQL Server convert the column and scan, which under the
 * lock's UPDLOCK would lock every pipeline's row.
 */
public final class SqlServerState implements StateDialect {

    private static final int LOCK_REQUEST_TIME_OUT = 1222;

    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("CREATE TABLE ctsync_export_pipeline (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL,"
                            + " destination NVARCHAR(128) NOT NULL, last_sequence BIGINT NOT NULL, PRIMARY KEY (application, source, destination))",
                    // 3 x 256 + 514 bytes of key is over the 900 bytes of a clustered index key; a nonclustered one allows 1,700
                    "CREATE TABLE ctsync_export_table (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL,"
                            + " destination NVARCHAR(128) NOT NULL, table_name NVARCHAR(257) NOT NULL, last_version BIGINT NOT NULL,"
                            + " last_position NVARCHAR(4000), updated_at DATETIME2 NOT NULL,"
                            + " PRIMARY KEY NONCLUSTERED (application, source, destination, table_name))",
                    "CREATE TABLE ctsync_export_intent (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL,"
                            + " destination NVARCHAR(128) NOT NULL, first_sequence BIGINT NOT NULL, parts INT NOT NULL, stage NVARCHAR(16) NOT NULL,"
                            + " windows NVARCHAR(MAX) NOT NULL, created_at DATETIME2 NOT NULL, PRIMARY KEY (application, source, destination))",
                    "CREATE TABLE ctsync_export_log (application NVARCHAR(128) NOT NULL, source NVARCHAR(128) NOT NULL,"
                            + " destination NVARCHAR(128) NOT NULL, sequence BIGINT NOT NULL, part INT NOT NULL, parts INT NOT NULL,"
                            + " row_count BIGINT NOT NULL, exported_at DATETIME2 NOT NULL, PRIMARY KEY (application, source, destination, sequence))"),
            List.of("ALTER TABLE ctsync_export_pipeline ADD source_identity NVARCHAR(400) NULL"),
            // export jobs asked for over the API, and the job an unfinished intent serves
            List.of("CREATE TABLE ctsync_export_job (id NVARCHAR(36) NOT NULL PRIMARY KEY, application NVARCHAR(128) NOT NULL,"
                            + " source NVARCHAR(128) NOT NULL, destination NVARCHAR(128) NOT NULL, status NVARCHAR(16) NOT NULL,"
                            + " author NVARCHAR(200) NOT NULL, reference NVARCHAR(200) NOT NULL, purpose NVARCHAR(1000) NOT NULL,"
                            + " tables NVARCHAR(MAX) NOT NULL, mode NVARCHAR(8) NOT NULL, created_at DATETIME2 NOT NULL, started_at DATETIME2,"
                            + " finished_at DATETIME2, first_sequence BIGINT, last_sequence BIGINT, inserted BIGINT, updated BIGINT,"
                            + " deleted BIGINT, error NVARCHAR(4000))",
                    "CREATE INDEX ctsync_export_job_pipeline ON ctsync_export_job (application, source, destination, created_at)",
                    "ALTER TABLE ctsync_export_intent ADD job_id NVARCHAR(36) NULL"),
            // each table's backfill in progress (db.Backfill as JSON); null when none
            List.of("ALTER TABLE ctsync_export_table ADD backfill NVARCHAR(MAX) NULL"),
            // the row filter each table was last read with (null: none); a changed one sends the table again
            List.of("ALTER TABLE ctsync_export_table ADD row_filter NVARCHAR(MAX) NULL"));

    @Override
    public String createVersionTable() {
        return "IF OBJECT_ID(N'ctsync_state_version', N'U') IS NULL CREATE TABLE ctsync_state_version (version INT NOT NULL)";
    }

    @Override
    public List<List<String>> migrations() {
        return MIGRATIONS;
    }

    /**
     * UPDLOCK takes an update lock, which a second UPDLOCK cannot share but a plain reader can;
     * ROWLOCK keeps it to the pipeline's row (the primary key is an equality seek); NOWAIT fails
     * the statement at once with error 1222 instead of waiting, as {@code FOR UPDATE NOWAIT} does.
     */
    @Override
    public String lockPipeline() {
        return "SELECT last_sequence, source_identity FROM ctsync_export_pipeline WITH (UPDLOCK, ROWLOCK, NOWAIT)"
                + " WHERE application = ? AND source = ? AND destination = ?";
    }

    /** Msg 1222, "Lock request time out period exceeded": what NOWAIT raises when another transaction holds the row. */
    @Override
    public boolean lockHeldElsewhere(SQLException failure) {
        return failure.getErrorCode() == LOCK_REQUEST_TIME_OUT;
    }

    @Override
    public void setText(PreparedStatement statement, int index, String value) throws SQLException {
        statement.setNString(index, value);
    }

    /** An application lock owned by the session; {@code @LockTimeout -1} waits, and a lock not granted raises rather than returns below 0. */
    @Override
    public Optional<SessionLock> migrationLock() {
        return Optional.of(new SessionLock("DECLARE @granted INT; EXEC @granted = sp_getapplock @Resource = ?, @LockMode = 'Exclusive',"
                + " @LockOwner = 'Session', @LockTimeout = -1; IF @granted < 0 THROW 51000, 'ctsync: the state schema lock was not granted', 1",
                "EXEC sp_releaseapplock @Resource = ?, @LockOwner = 'Session'", "ctsync_state_schema"));
    }
}
