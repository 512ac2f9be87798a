package io.ctsync.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the state store asks of the database that keeps ctsync's state (docs/design.md, "State schema and its upgrade"): its
 * schema as numbered migrations, and the pipeline's lock, which a second exporter must be refused,
 * never made to wait for. PostgreSQL and H2 share one ({@code StandardState}); SQL Server has
 * its own ({@code SqlServerState}).
 */
public interface StateDialect {

    /** The table that holds the state schema's version: one row, created if missing. */
    String createVersionTable();

    /**
     * The migrations in order: entry {@code n - 1} takes the schema from version {@code n - 1} to
     * {@code n}. Version 1 is the schema ctsync created before it was versioned, version 2 adds
     * the source's identity and version 3 the export jobs, so a database created by an earlier
     * ctsync upgrades in place (docs/design.md, "State schema and its upgrade").
     */
    List<List<String>> migrations();

    /**
     * Selects {@code last_sequence, source_identity} of the pipeline bound as application, source,
     * destination, locking its row until the transaction ends, and fails at once if another
     * transaction holds it.
     */
    String lockPipeline();

    /**
     * Whether {@link #lockPipeline()} failed because another transaction holds the row, the one
     * failure that means "another exporter is running"; any other is a failure of its own.
     */
    boolean lockHeldElsewhere(SQLException failure);

    /** Binds a text value (a name, the intent's windows, ...) as the type of the state's text columns. */
    default void setText(PreparedStatement statement, int index, String value) throws SQLException {
        statement.setString(index, value);
    }

    /**
     * The statements that take and release, in the connection's session, the lock under which the
     * schema's migrations run across processes (replicas starting together); empty where one process
     * alone opens the database (H2's file lock), so a lock within the process serves.
     */
    default Optional<SessionLock> migrationLock() {
        return Optional.empty();
    }

    /** A lock of the database's session: {@code take} waits for it, {@code release} frees it, each binding {@code name} as its one parameter. */
    record SessionLock(String take, String release, Object name) {
    }
}
