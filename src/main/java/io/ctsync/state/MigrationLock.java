package io.ctsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes the state schema's migrations across processes, as Flyway does (docs/operations.md,
 * "Running on Kubernetes"): replicas that start together on an empty state database would
 * otherwise run the same {@code CREATE TABLE IF NOT EXISTS} at once, which PostgreSQL answers with
 * a duplicate key in its catalog ({@code pg_type_typname_nsp_index}) rather than with "exists".
 * The lock belongs to the connection's session, so a process that dies while holding it frees it.
 * PostgreSQL: an advisory lock; SQL Server: an application lock; H2: a database file is opened by
 * one process only (H2's own file lock), so a lock within that process serializes its pipelines.
 */
abstract class MigrationLock implements AutoCloseable {

    /** The advisory lock's key, in the database's own lock space: "ctsync" and the schema's number 1. */
    static final long POSTGRES_KEY = 0x637473796e630001L;
    static final String SQLSERVER_RESOURCE = "ctsync_state_schema";

    private static final Map<String, ReentrantLock> H2_LOCKS = new ConcurrentHashMap<>();

    /** Waits for the lock on the database {@code connection} belongs to, in its session. */
    static MigrationLock take(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        MigrationLock lock;
        if (product.contains("postgresql")) {
            lock = new Statements(connection, "SELECT pg_advisory_lock(?)", "SELECT pg_advisory_unlock(?)", POSTGRES_KEY);
        } else if (product.contains("microsoft sql server")) {
            // @LockTimeout -1 waits, as pg_advisory_lock does; a failure to grant raises rather than returning below 0
            lock = new Statements(connection,
                    "DECLARE @granted INT; EXEC @granted = sp_getapplock @Resource = ?, @LockMode = 'Exclusive', @LockOwner = 'Session',"
                            + " @LockTimeout = -1; IF @granted < 0 THROW 51000, 'ctsync: the state schema lock was not granted', 1",
                    "EXEC sp_releaseapplock @Resource = ?, @LockOwner = 'Session'", SQLSERVER_RESOURCE);
        } else {
            lock = new InProcess(H2_LOCKS.computeIfAbsent(connection.getMetaData().getURL(), url -> new ReentrantLock()));
        }
        lock.acquire();
        return lock;
    }

    abstract void acquire() throws SQLException;

    @Override
    public abstract void close() throws SQLException;

    /** A lock taken and released by one statement each, with the lock's name bound. */
    private static final class Statements extends MigrationLock {

        private final Connection connection;
        private final String lock;
        private final String unlock;
        private final Object name;

        Statements(Connection connection, String lock, String unlock, Object name) {
            this.connection = connection;
            this.lock = lock;
            this.unlock = unlock;
            this.name = name;
        }

        @Override
        void acquire() throws SQLException {
            run(lock);
        }

        @Override
        public void close() throws SQLException {
            run(unlock);
        }

        private void run(String sql) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, name);
                statement.execute();
            }
        }
    }

    private static final class InProcess extends MigrationLock {

        private final ReentrantLock lock;

        InProcess(ReentrantLock lock) {
            this.lock = lock;
        }

        @Override
        void acquire() {
            lock.lock();
        }

        @Override
        public void close() {
            lock.unlock();
        }
    }
}
