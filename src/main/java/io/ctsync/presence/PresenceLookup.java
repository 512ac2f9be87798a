package io.ctsync.presence;

import io.ctsync.dialect.SqlDialect;

import io.ctsync.dialect.PresenceDialect;

import io.ctsync.dialect.Catalog;
import io.ctsync.dialect.Column;

import io.ctsync.dialect.TableInfo;
import io.ctsync.config.ConfigException;
import io.ctsync.config.TableMapping;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asks the target database, for a cycle, which changed keys it already holds. One connection in
 * one read-only snapshot for the whole cycle, so that every answer describes the target at the
 * same moment; a target that is down fails the cycle here, before any sequence number is taken.
 */
public final class PresenceLookup implements AutoCloseable {

    private final Connection connection;
    private final PresenceDialect dialect;
    private final int batchSize;
    private final int timeoutSeconds;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ctsync-presence");
        thread.setDaemon(true);
        return thread;
    });

    private PresenceLookup(Connection connection, PresenceDialect dialect, int batchSize, int timeoutSeconds) {
        this.connection = connection;
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Start-up check that the target allows the consistent read every cycle's lookups run in. */
    public static void check(DataSource target) throws SQLException {
        try (Connection connection = target.getConnection()) {
            SqlDialect.of(connection).checkPresenceReady(connection);
        }
    }

    public static PresenceLookup open(DataSource target, int batchSize, int timeoutSeconds) throws SQLException {
        Connection connection = target.getConnection();
        try {
            PresenceDialect dialect = SqlDialect.of(connection);
            dialect.beginConsistentRead(connection);
            return new PresenceLookup(connection, dialect, batchSize, timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The lookup of one table's keys in its target table, whose columns are read from the target's catalog. */
    public TablePresence forTable(TableMapping mapping, TableInfo source) throws SQLException {
        List<Column> targetColumns = Catalog.columns(connection, mapping.target());
        if (targetColumns.isEmpty()) {
            throw new ConfigException(mapping.prefix() + "target", "the target has no table " + mapping.target(),
                    "create it, map the table to an existing one, or set ctsync.export.presence=false");
        }
        for (String column : source.targetKey()) {
            if (targetColumns.stream().noneMatch(c -> c.name().equals(column))) {
                throw new ConfigException(mapping.prefix() + "key", "key column '" + column + "' is not in the target table "
                        + mapping.target(), "key columns are mapped as they are: give the target table the same key columns");
            }
        }
        // a batch binds (ordinal, operation, key...) per key, then the constants: keep it under the database's parameter limit
        int fitting = (dialect.maxParameters() - source.constants().size()) / (source.key().size() + 2);
        return new TablePresence(connection, worker, dialect, mapping.target(), source, targetColumns,
                Math.max(1, Math.min(batchSize, fitting)), timeoutSeconds);
    }

    @Override
    public void close() throws SQLException {
        worker.shutdownNow();
        try {
            // a lookup still running after a failure must end before its connection is rolled back
            if (!worker.awaitTermination(timeoutSeconds + 5L, java.util.concurrent.TimeUnit.SECONDS)) {
                connection.abort(Runnable::run);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
