package io.ctsync.capture;

import io.ctsync.dialect.SqlDialect;

import io.ctsync.dialect.SourceDialect;

import io.ctsync.dialect.Window;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the captures of one export cycle share: the cycle's read-only snapshot of the source, and
 * the connections that some captures open for themselves on first use and that end with the cycle.
 */
public final class CaptureCycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureCycle.class);

    private final Connection source;
    private final SourceDialect dialect;
    private final DataSource sourcePool;
    private final DataSource target;
    private final String context;
    private final int fetchSize;
    private boolean snapshot;
    private Long trackingVersion;
    private String trackingPosition;
    private boolean sourceReplaced;
    private Connection changeTables;
    private Connection targetRead;
    private boolean inspection;

    /** {@code source} is the cycle's connection; {@code target} may be null when no capture reads it. */
    public CaptureCycle(Connection source, SourceDialect dialect, DataSource sourcePool, DataSource target, String context, int fetchSize) {
        this.source = source;
        this.dialect = dialect;
        this.sourcePool = sourcePool;
        this.target = target;
        this.context = context;
        this.fetchSize = fetchSize;
    }

    /**
     * Makes this a read-only look at what the next cycle would do (the API's tracking view): the
     * captures open and count windows as usual but do not report their decisions, which belong to
     * the cycle that acts on them.
     */
    public void inspectOnly() {
        inspection = true;
    }

    /** Whether a capture reports its decisions (first run, history lost, ...): not while inspecting. */
    boolean reports() {
        return !inspection;
    }

    /**
     * Starts the cycle's snapshot, in which windows are opened and read. Only when a table is
     * captured by change tracking does it read the upper version, which needs tracking installed.
     */
    public void beginSnapshot(boolean trackingVersions) throws SQLException {
        if (trackingVersions) {
            trackingVersion = dialect.openSnapshot(source);
            trackingPosition = dialect.snapshotPosition(source);
        } else {
            dialect.beginConsistentRead(source);
        }
        snapshot = true;
    }

    Connection source() {
        return source;
    }

    SourceDialect dialect() {
        return dialect;
    }

    String context() {
        return context;
    }

    int fetchSize() {
        return fetchSize;
    }

    long trackingVersion() {
        if (trackingVersion == null) {
            throw new IllegalStateException("the cycle's snapshot was opened without reading the tracking version");
        }
        return trackingVersion;
    }

    /** What exactly the snapshot saw, where the version alone does not tell (see {@link Window}). */
    String trackingPosition() {
        return trackingPosition;
    }

    /** Marks the source as another database than the one the recorded versions belong to (restored or replaced). */
    public void sourceReplaced(boolean replaced) {
        this.sourceReplaced = replaced;
    }

    boolean sourceReplaced() {
        return sourceReplaced;
    }

    /** Whether this cycle read its windows itself; false for a resumed cycle that only publishes what was staged before a crash. */
    boolean readWindows() {
        return snapshot;
    }

    /**
     * The change tables' connection: a consistent read like the cycle's, but writable, so that the
     * rows a window read are deleted later in the very snapshot that read them. One for every
     * change table of the cycle, committed by {@link #commitConsumed()}.
     */
    Connection changeTables() throws SQLException {
        if (changeTables == null) {
            Connection connection = sourcePool.getConnection();
            try {
                dialect.beginConsistentRead(connection);
                connection.setReadOnly(false);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            changeTables = connection;
        }
        return changeTables;
    }

    /** The target in one consistent read for the whole cycle (compare reads it twice: to count, then to write). */
    Connection target() throws SQLException {
        if (targetRead == null) {
            Connection connection = target.getConnection();
            try {
                SqlDialect.of(connection).beginConsistentRead(connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            targetRead = connection;
        }
        return targetRead;
    }

    /** Commits the deletions of consumed change rows, all tables' at once. */
    public void commitConsumed() throws SQLException {
        if (changeTables != null) {
            changeTables.commit();
        }
    }

    /** Ends the connections opened for the captures; anything not committed is rolled back. */
    @Override
    public void close() {
        end(changeTables, "change table");
        end(targetRead, "target");
        changeTables = null;
        targetRead = null;
    }

    private static void end(Connection connection, String what) {
        if (connection == null) {
            return;
        }
        try (connection) {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("closing the {} connection failed: {}", what, e.getMessage());
        }
    }
}
