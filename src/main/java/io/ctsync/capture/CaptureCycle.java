package io.ctsync.capture;

import io.ctsync.db.LogicalDecoding;
import io.ctsync.db.Pool;
import io.ctsync.config.TableName;

import io.ctsync.db.SourceDialect;

import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.Window;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiPredicate;

/**
 * What the captures of one export cycle share: the cycle's read-only snapshot of the source, and
 * the connections that some captures open for themselves on first use and that end with the cycle.
 */
public final class CaptureCycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureCycle.class);

    private final Connection source;
    private final SourceDialect dialect;
    private final DataSource sourcePool;
    private final Pool target;
    private final String context;
    private final int fetchSize;
    private boolean snapshot;
    private Long trackingVersion;
    private String trackingPosition;
    private boolean sourceReplaced;
    private TrackingSurvey survey;
    private Connection changeTables;
    private Connection targetRead;
    /** A second reader in the cycle's snapshot; empty once the dialect said it cannot share it. */
    private Optional<Connection> secondReader;
    private boolean inspection;
    private WalRead wal;
    /** The tables' shape fingerprint that a survey read before the snapshot (the wal capture's); null when none did. */
    private String surveyedShape;

    /** {@code source} is the cycle's connection; {@code target} may be null when no capture reads it. */
    public CaptureCycle(Connection source, SourceDialect dialect, DataSource sourcePool, Pool target, String context, int fetchSize) {
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
        beginSnapshot(trackingVersions, List.of());
    }

    /**
     * The same, and the tracked tables surveyed in the snapshot (one statement): a table the
     * survey finds unchanged since {@code tracked}'s last read costs no statement of its own.
     */
    public void beginSnapshot(boolean trackingVersions, List<TrackingSurvey.Since> tracked) throws SQLException {
        if (trackingVersions) {
            trackingVersion = dialect.openSnapshot(source);
            trackingPosition = dialect.snapshotPosition(source);
            survey = tracked.isEmpty() ? null : dialect.surveyTracking(source, tracked, trackingVersion);
        } else {
            dialect.beginConsistentRead(source);
        }
        snapshot = true;
    }

    /**
     * The idle cycle (bench/README.md, "Idle cycles"): one statement, outside any transaction, surveys
     * the tracked tables; when none changed since its last read, and each would get a delta window
     * (tracked, history valid, same source, version not gone backwards) and {@code sameShape} says its
     * shape in the catalog is the one last described, their windows move up to the survey's
     * version, empty. Otherwise empty, and the cycle opens its snapshot as usual.
     */
    public Optional<List<Window>> quietWindows(List<TrackingSurvey.Since> tracked, String recordedIdentity,
                                               BiPredicate<TableName, String> sameShape) throws SQLException {
        TrackingSurvey quiet = dialect.surveyTracking(source, tracked, null);
        if (recordedIdentity == null || !recordedIdentity.equals(quiet.identity())) {
            return Optional.empty();
        }
        List<Window> windows = new ArrayList<>();
        for (TrackingSurvey.Since since : tracked) {
            TrackingSurvey.Table table = quiet.table(since.table());
            if (since.version() == null || table == null || table.changed() || !sameShape.test(since.table(), table.shape())) {
                return Optional.empty();
            }
            Window window = ChangeTrackingCapture.window(dialect, source, since.table(), since.version(), since.position(),
                    quiet.version(), quiet.position(), table.minValidVersion(), false);
            if (window == null || window.full()) {
                return Optional.empty();
            }
            windows.add(window);
        }
        return Optional.of(windows);
    }

    /** Whether the table may hold changes in this cycle's window: false only when the snapshot's survey says it has none. */
    public boolean mayHaveChanged(TableName table) {
        TrackingSurvey.Table surveyed = survey == null ? null : survey.table(table);
        return surveyed == null || surveyed.changed();
    }

    /**
     * What the snapshot's survey (or the survey of the idle check before it) read of the table's
     * shape in the catalog; null where none surveyed it or the dialect has none.
     */
    public String shape(TableName table) {
        TrackingSurvey.Table surveyed = survey == null ? null : survey.table(table);
        return surveyed == null ? surveyedShape : surveyed.shape();
    }

    /** Keeps the shape fingerprint that the idle check's survey read of all the tables, for the cycle that goes on to describe them. */
    void shapesSurveyed(String fingerprint) {
        surveyedShape = fingerprint;
    }

    /** The table's min valid version, from the snapshot's survey where it ran, else asked. */
    OptionalLong minValidVersion(TableName table) throws SQLException {
        TrackingSurvey.Table surveyed = survey == null ? null : survey.table(table);
        return surveyed != null ? surveyed.minValidVersion() : dialect.minValidVersion(source, table);
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

    /** The target's SQL as a database read like a source (compare reads it beside the source). */
    SourceDialect targetDialect() {
        return target.type().source();
    }

    /** The target in one consistent read for the whole cycle (compare reads it twice: to count, then to write). */
    public Connection target() throws SQLException {
        if (targetRead == null) {
            Connection connection = target.getConnection();
            try {
                targetDialect().beginConsistentRead(connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            targetRead = connection;
        }
        return targetRead;
    }

    /**
     * A second connection that reads in the cycle's snapshot, for reading one window in two
     * streams at once (bench/README.md, "Export speed"); opened on first use, ended with the cycle;
     * empty where the database cannot share a snapshot.
     */
    Optional<Connection> secondReader() throws SQLException {
        if (secondReader == null) {
            Optional<String> token = snapshot ? dialect.shareSnapshot(source) : Optional.empty();
            secondReader = Optional.empty();
            if (token.isPresent()) {
                Connection connection = sourcePool.getConnection();
                try {
                    dialect.joinSnapshot(connection, token.get());
                } catch (SQLException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
                secondReader = Optional.of(connection);
            }
        }
        return secondReader;
    }

    /** The cycle's read of the pipeline's replication slot, shared by its {@code wal} tables; begun on first use, in the cycle's snapshot. */
    WalRead wal(LogicalDecoding decoding, String slot) {
        if (wal == null) {
            wal = new WalRead(decoding, source, sourcePool, slot);
        }
        return wal;
    }

    /**
     * Called once the state has committed the cycle's windows: what must wait for that commit
     * happens now (the replication slot moves on past the windows read).
     */
    public void committed() {
        if (wal != null) {
            wal.committed();
        }
    }

    /** The WAL the pipeline's replication slot kept when this cycle read it; null when the cycle read no slot. */
    public Long walRetainedBytes() {
        return wal == null ? null : wal.retainedBytes();
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
        if (secondReader != null) {
            end(secondReader.orElse(null), "second source");
        }
        changeTables = null;
        targetRead = null;
        secondReader = null;
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
