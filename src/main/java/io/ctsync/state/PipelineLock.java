package io.ctsync.state;

import java.sql.Connection;
import java.sql.SQLException;

/** A pipeline's row in the state database, locked by an open transaction for the length of one cycle. */
public final class PipelineLock implements AutoCloseable {

    private final Pipeline pipeline;
    private final Connection connection;
    private final long lastSequence;
    private final String sourceIdentity;

    PipelineLock(Pipeline pipeline, Connection connection, long lastSequence, String sourceIdentity) {
        this.pipeline = pipeline;
        this.connection = connection;
        this.lastSequence = lastSequence;
        this.sourceIdentity = sourceIdentity;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public long lastSequence() {
        return lastSequence;
    }

    /** The identity of the source database when the pipeline last committed; null before it was first recorded. */
    public String sourceIdentity() {
        return sourceIdentity;
    }

    Connection connection() {
        return connection;
    }

    /** Releases the lock; whatever was not committed through {@link StateStore#commit} is rolled back. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
