package io.ctsync.importing;

import io.ctsync.db.BulkLoad;
import io.ctsync.db.Staging;
import io.ctsync.values.Column;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The staging tables of one import transaction (docs/design.md, "Import"): a second connection on
 * the target, taken the first time a big upsert is staged, on which {@link StagedChunks} load its
 * chunks while the transaction writes the ones before. When the transaction has ended, either way,
 * {@link #close} drops every table it staged and gives the connection back; a process that dies
 * first leaves them to the sweep at the next start ({@link Staging#sweep}).
 */
final class StagingArea implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);

    private final DataSource target;
    /** The import's transaction, which reads the staged tables. */
    private final Connection transaction;
    /** The rows of a chunk; an upsert of no more rows than this is not staged (nothing to overlap), nor any with 0. */
    private final long chunkRows;
    private Connection connection;
    /** Every table staged so far, for {@link #close}; added to by the staging thread. */
    private final List<String> tables = new ArrayList<>();
    private Staging staging;
    private int made;

    StagingArea(DataSource target, Connection transaction, long chunkRows) {
        this.target = target;
        this.transaction = transaction;
        this.chunkRows = chunkRows;
    }

    /**
     * The database's staging for an upsert of {@code rows} rows, where it has one and they are more than a chunk,
     * and where the transaction reads what commits while it runs: a transaction of one snapshot (the target's
     * default isolation set higher) would read the staged tables empty.
     */
    Optional<Staging> staging(BulkLoad load, long rows) throws SQLException {
        if (chunkRows <= 0 || rows <= chunkRows || load.staging().isEmpty()) {
            return Optional.empty();
        }
        return transaction.getTransactionIsolation() == Connection.TRANSACTION_READ_COMMITTED ? load.staging() : Optional.empty();
    }

    /**
     * Begins loading {@code entries} (their columns and checks selected), valued as {@code columns},
     * in chunks into staging tables, each handed to the transaction once committed.
     */
    StagedChunks stage(BulkLoad load, Staging staging, List<EntryRows> entries, List<Column> columns) throws SQLException {
        if (connection == null) {
            connection = target.getConnection();
            // each staged chunk commits by itself: the transaction reads it only once it is whole
            connection.setAutoCommit(true);
        }
        this.staging = staging;
        return StagedChunks.begin(entries, chunkRows, rows -> {
            var table = staging.table(connection, nextNumber(), columns);
            synchronized (tables) {
                tables.add(table.reference());
            }
            TableWriter.execute(connection, table.create());
            load.load(connection, table, columns, rows);
            return table.reference();
        });
    }

    private int nextNumber() {
        return ++made;
    }

    /**
     * Drops the staged tables (after the transaction that read them has ended) and gives the
     * connection back. A drop that fails is logged, not thrown: the transaction's outcome stands,
     * and the tables of a connection that broke are the sweep's.
     */
    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        List<String> dropping;
        synchronized (tables) {
            dropping = List.copyOf(tables);
        }
        try (Connection staged = connection; Statement statement = staged.createStatement()) {
            for (String table : dropping) {
                statement.execute(staging.drop(table));
            }
            LOG.debug("import: {} staging tables dropped", dropping.size());
        } catch (SQLException e) {
            LOG.warn("import: the staging tables {} were not dropped ({}); the next start drops them", dropping, e.getMessage());
        } finally {
            connection = null;
        }
    }
}
