package io.ctsync.state;

import io.ctsync.db.StateDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
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

    private static final Map<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** Waits for the lock on the database {@code connection} belongs to, in its session, as its state role takes it. */
    static MigrationLock take(Connection connection, StateDialect dialect) throws SQLException {
        Optional<StateDialect.SessionLock> session = dialect.migrationLock();
        MigrationLock lock = session.isPresent() ? new Statements(connection, session.get())
                : new InProcess(IN_PROCESS.computeIfAbsent(connection.getMetaData().getURL(), url -> new ReentrantLock()));
        lock.acquire();
        return lock;
    }

    abstract void acquire() throws SQLException;

    @Override
    public abstract void close() throws SQLException;

    /** A lock taken and released by one statement each, with the lock's name bound. */
    private static final class Statements extends MigrationLock {

        private final Connection connection;
        private final StateDialect.SessionLock lock;

        Statements(Connection connection, StateDialect.SessionLock lock) {
            this.connection = connection;
            this.lock = lock;
        }

        @Override
        void acquire() throws SQLException {
            run(lock.take());
        }

        @Override
        public void close() throws SQLException {
            run(lock.release());
        }

        private void run(String sql) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, lock.name());
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
