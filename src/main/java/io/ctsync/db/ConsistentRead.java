package io.ctsync.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A read in which every query sees the database at one moment, and where the database can, shared
 * with a second connection: what capture reads a source (and compare a target) in, and the
 * presence lookup a target.
 */
public interface ConsistentRead {

    /** Starts a read-only transaction in which every query sees the database at one moment. */
    void beginConsistentRead(Connection connection) throws SQLException;

    /**
     * Shares the snapshot that the consistent read began on {@code connection}, so that another
     * connection can read in it too ({@link #joinSnapshot}); returns the token that names it, or
     * empty where the database cannot share a snapshot (SQL Server: bench/README.md, "Export speed").
     */
    default Optional<String> shareSnapshot(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /** Starts a read-only transaction on {@code connection} that reads in the snapshot {@link #shareSnapshot} shared. */
    default void joinSnapshot(Connection connection, String token) throws SQLException {
        throw new UnsupportedOperationException("this database shares no snapshot");
    }
}
