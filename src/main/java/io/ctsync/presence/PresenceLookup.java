package io.ctsync.presence;

import io.ctsync.db.Pool;

import io.ctsync.db.PresenceDialect;

import io.ctsync.values.Column;

import io.ctsync.db.TableInfo;
import io.ctsync.config.ConfigException;
import io.ctsync.config.TableMapping;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asks the target database, for a cycle, which changed keys it already holds. One connection in
 * one read-only snapshot for the whole cycle, so that every answer describes the target at the
 * same moment; a target that is down fails the cycle here, before any sequence number is taken.
 */
public final class PresenceLookup implements AutoCloseable {

    /** A connection to the target in the cycle's read of it, and the one thread that uses it. */
    record Reader(Connection connection, ExecutorService thread) {
    }

    private final List<Reader> readers;
    private final PresenceDialect dialect;
    private final int batchSize;
    private final int timeoutSeconds;

    private PresenceLookup(List<Reader> readers, PresenceDialect dialect, int batchSize, int timeoutSeconds) {
        this.readers = readers;
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Start-up check that the target allows the consistent read every cycle's lookups run in. */
    public static void check(Pool target) throws SQLException {
        try (Connection connection = target.getConnection()) {
            target.type().presence().checkPresenceReady(connection);
        }
    }

    /**
     * Opens the cycle's read of the target: one connection, and where the target can share its
     * snapshot (PostgreSQL) a second one in the same snapshot, so that one batch's round trip
     * overlaps the writing of another's answer (bench/README.md, "Export speed").
     */
    public static PresenceLookup open(Pool target, int batchSize, int timeoutSeconds) throws SQLException {
        List<Reader> readers = new ArrayList<>();
        try {
            Connection first = target.getConnection();
            readers.add(reader(first, 1));
            PresenceDialect dialect = target.type().presence();
            dialect.beginConsistentRead(first);
            Optional<String> snapshot = dialect.shareSnapshot(first);
            if (snapshot.isPresent()) {
                Connection second = target.getConnection();
                readers.add(reader(second, 2));
                dialect.joinSnapshot(second, snapshot.get());
            }
            return new PresenceLookup(List.copyOf(readers), dialect, batchSize, timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            for (Reader reader : readers) {
                reader.thread().shutdownNow();
                reader.connection().close();
            }
            throw e;
        }
    }

    private static Reader reader(Connection connection, int number) {
        return new Reader(connection, Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ctsync-presence-" + number);
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** The lookup of one table's keys in its target table, whose columns are read from the target's catalog. */
    public TablePresence forTable(TableMapping mapping, TableInfo source) throws SQLException {
        List<Column> allColumns = dialect.columns(readers.get(0).connection(), mapping.target());
        // a column left out is not shown in the target rows either: it may be a secret
        List<Column> targetColumns = allColumns.stream()
                .filter(c -> mapping.columns().carries(c.name()) || source.targetKey().contains(c.name())).toList();
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
        return new TablePresence(readers, dialect, mapping.target(), source, targetColumns,
                Math.max(1, Math.min(batchSize, fitting)), timeoutSeconds, mapping.deletes().openVersionColumn());
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (Reader reader : readers) {
            try {
                end(reader);
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void end(Reader reader) throws SQLException {
        reader.thread().shutdownNow();
        try {
            // a lookup still running after a failure must end before its connection is rolled back
            if (!reader.thread().awaitTermination(timeoutSeconds + 5L, java.util.concurrent.TimeUnit.SECONDS)) {
                reader.connection().abort(Runnable::run);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            reader.connection().rollback();
        } finally {
            reader.connection().close();
        }
    }
}
