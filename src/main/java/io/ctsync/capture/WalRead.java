package io.ctsync.capture;

import io.ctsync.db.LogicalDecoding;
import io.ctsync.db.LogicalDecoding.Change;
import io.ctsync.db.LogicalDecoding.NetKeys;
import io.ctsync.db.LogicalDecoding.ReadPoint;
import io.ctsync.db.LogicalDecoding.Transaction;
import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cycle reads of the pipeline's replication slot, for all its {@code wal} tables: the
 * read point of the cycle's snapshot, the slot's transactions peeked once, and the LSN the slot
 * may move on to once the state has committed the cycle.
 *
 * <p>A window is bounded by snapshots, as the trigger tracking's (docs/design.md, "Capture"): it
 * holds the transactions that the window's snapshot sees and the previous window's did not. A
 * transaction that commits after the snapshot was taken may have its commit record before the
 * snapshot's LSN: it is not in this window, so the slot keeps it, by moving on only up to the
 * first commit record of a transaction the snapshot does not see.
 */
final class WalRead {

    private static final Logger LOG = LoggerFactory.getLogger(WalRead.class);
    /** PostgreSQL's default {@code wal_segment_size}; a cluster made with a bigger one is only advanced more often than needed. */
    private static final long WAL_SEGMENT_BYTES = 16L * 1024 * 1024;

    private final LogicalDecoding decoding;
    private final Connection connection;
    private final DataSource pool;
    private final String slot;
    private ReadPoint point;
    private List<Transaction> peeked;
    private long peekedUpTo = -1;
    /** The lowest LSN a window of this cycle lets the slot move on to; null while no delta window was read. */
    private Long advanceTo;
    /** The slot's state as this cycle last read it, null before. */
    private LogicalDecoding.Slot slotState;

    WalRead(LogicalDecoding decoding, Connection connection, DataSource pool, String slot) {
        this.decoding = decoding;
        this.connection = connection;
        this.pool = pool;
        this.slot = slot;
    }

    String slot() {
        return slot;
    }

    /** The cycle's read point, read once in its snapshot. */
    ReadPoint point() throws SQLException {
        if (point == null) {
            point = decoding.readPoint(connection, slot);
            slotState = point.slot();
        }
        return point;
    }

    /**
     * Creates the slot again, once per cycle, when it is gone or was invalidated; logs why. Its
     * history starts after this cycle's snapshot, so the next cycle sends every table in full.
     */
    void recreateSlot() throws SQLException {
        if (point().slot().exists() && !point().slot().lost()) {
            return;
        }
        LOG.warn("export: the replication slot {} {}; created it again, the next cycle sends every wal table in full", slot,
                point().slot().exists() ? "was invalidated (its WAL passed max_slot_wal_keep_size)" : "is gone (dropped)");
        try (Connection own = pool.getConnection()) {
            own.setAutoCommit(true);
            decoding.recreateSlot(own, slot);
        }
        point = new ReadPoint(point.snapshot(), point.lsn(), decoding.slot(connection, slot));
        slotState = point.slot();
    }

    /**
     * The window's changes of one table, folded per key into its net operation; ctsync's own
     * import transactions ({@code context}) are left out.
     */
    WalChanges changes(TableInfo table, Window window, String context) throws SQLException {
        List<Transaction> transactions = peek(window.toVersion());
        long advance = window.toVersion();
        Map<List<String>, char[]> keys = new LinkedHashMap<>();
        boolean truncated = false;
        for (Transaction transaction : transactions) {
            if (!decoding.sees(window.toPosition(), transaction.xid())) {
                advance = Math.min(advance, transaction.commitLsn());
                continue;
            }
            if (window.fromPosition() != null && decoding.sees(window.fromPosition(), transaction.xid())
                    || context.equals(transaction.marker())) {
                continue;
            }
            for (Change change : transaction.changes()) {
                if (!change.table().equals(table.name())) {
                    continue;
                }
                if (change.operation() == 'T') {
                    truncated = true;
                    continue;
                }
                List<String> key = table.key().stream().map(change.key()::get).toList();
                char[] firstAndLast = keys.computeIfAbsent(key, k -> new char[] {change.operation(), change.operation()});
                firstAndLast[1] = change.operation();
            }
        }
        advanceTo = advanceTo == null ? advance : Math.min(advanceTo, advance);
        return new WalChanges(netKeys(table, keys), truncated);
    }

    private List<Transaction> peek(long upto) throws SQLException {
        if (peeked == null || peekedUpTo < upto) {
            peeked = decoding.peek(connection, slot, upto);
            peekedUpTo = upto;
        }
        return peeked;
    }

    /** Insert then delete is nothing; a key that existed before the window (its first change not an insert) is updated or deleted. */
    private static NetKeys netKeys(TableInfo table, Map<List<String>, char[]> keys) {
        List<String> operations = new ArrayList<>();
        List<List<String>> columns = new ArrayList<>();
        table.key().forEach(k -> columns.add(new ArrayList<>()));
        keys.forEach((key, firstAndLast) -> {
            boolean created = firstAndLast[0] == 'I';
            boolean deleted = firstAndLast[1] == 'D';
            if (created && deleted) {
                return;
            }
            operations.add(deleted ? "D" : created ? "I" : "U");
            for (int i = 0; i < key.size(); i++) {
                columns.get(i).add(key.get(i));
            }
        });
        return new NetKeys(operations.toArray(String[]::new), columns.stream().map(c -> c.toArray(String[]::new)).toList());
    }

    /**
     * An idle cycle's: the slot, as its survey read it, moves on to the survey's LSN once the state
     * has committed the quiet windows, but only when it holds back a WAL segment or more. The server
     * recycles WAL a segment at a time, so a shorter move frees nothing, and skipping it keeps an
     * idle cycle to its one survey statement; the next survey decodes at most that segment again.
     */
    void quiet(LogicalDecoding.Slot state, long lsn) {
        slotState = state;
        advanceTo = state.retainedBytes() != null && state.retainedBytes() < WAL_SEGMENT_BYTES ? null : lsn;
    }

    /** The WAL the slot kept from being recycled when this cycle read it (docs/operations.md, "WAL capture"); null when unknown. */
    Long retainedBytes() {
        return slotState == null ? null : slotState.retainedBytes();
    }

    /** Once the state has committed the cycle: the slot moves on past what its windows read. A failure only keeps more WAL until the next cycle. */
    void committed() {
        if (advanceTo == null) {
            return;
        }
        try {
            decoding.advance(connection, slot, advanceTo);
        } catch (SQLException e) {
            LOG.warn("export: moving the replication slot {} on failed ({}); the next cycle moves it", slot, e.getMessage());
        }
    }

    /** A table's net changes in a window, and whether a TRUNCATE in it makes the window full. */
    record WalChanges(NetKeys keys, boolean truncated) {
    }
}
