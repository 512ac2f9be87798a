package io.ctsync.db;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The {@code wal} capture's role of a database that has a write-ahead log to decode (PostgreSQL):
 * a publication and a logical replication slot per pipeline, the changed keys of committed
 * transactions read from the slot without consuming them, and the slot moved on once a window is
 * committed (docs/design.md, "Capture", item 4). Versions are LSNs, as numbers.
 */
public interface LogicalDecoding {

    /** The slot's state: whether it exists, whether the server gave up its WAL, where it restarts, and how much WAL it keeps. */
    record Slot(boolean exists, boolean lost, long confirmedLsn, Long retainedBytes) {
    }

    /**
     * What a cycle's snapshot saw: its text ({@code xmin:xmax:xip}), and the LSN at or below which
     * every transaction it sees wrote its commit, already flushed so that the slot can decode it.
     */
    record ReadPoint(String snapshot, long lsn, Slot slot) {
    }

    /**
     * What the idle survey of a pipeline's {@code wal} tables reads in one statement: the statement's
     * snapshot and the insert LSN read after it, whether the WAL was flushed up to that LSN, whether
     * the slot holds any change of a published table committed before it, the slot's state, the
     * database's identity and a fingerprint of the tables' shapes in the catalog (as the trigger
     * tracking's survey reads it, {@link TrackingSurvey.Table#shape}).
     */
    record Survey(String snapshot, long lsn, boolean flushed, boolean changed, Slot slot, String identity, String shape) {
    }

    /** A changed key of a published table: {@code operation} I, U or D, or T for a TRUNCATE (no key); {@code key} by column name. */
    record Change(TableName table, char operation, Map<String, String> key) {
    }

    /**
     * A committed transaction as the slot gives it: its 32-bit id, the LSN of its commit record,
     * the content of ctsync's transactional message when it carries one (an import of ctsync: its
     * context), and its changes in order.
     */
    record Transaction(long xid, long commitLsn, String marker, List<Change> changes) {
    }

    /** The slot (and publication) name of a pipeline in the database the connection reads: a valid slot name, the same every time. */
    String slotName(Connection connection, String application, String source, String destination) throws SQLException;

    /**
     * Start-up check: {@code wal_level} is logical, the slot and its publication exist and every
     * table's key is in what its deletes log (its replica identity); a
     * {@link io.ctsync.config.ConfigException} names the setting and the fix.
     */
    void check(Connection connection, String slot, List<TableInfo> tables) throws SQLException;

    /** Creates the publication of the tables (or sets its tables) and the slot when missing; never touches the tables. Idempotent. */
    void enable(Connection connection, String slot, List<TableInfo> tables) throws SQLException;

    /** The slot's state alone. */
    Slot slot(Connection connection, String slot) throws SQLException;

    /** Called first in the cycle's snapshot: see {@link ReadPoint}. */
    ReadPoint readPoint(Connection connection, String slot) throws SQLException;

    /** The idle survey, one statement outside any transaction: see {@link Survey}. */
    Survey survey(Connection connection, String slot, List<TableName> tables) throws SQLException;

    /** The slot's committed transactions up to {@code uptoLsn}, left in the slot. */
    List<Transaction> peek(Connection connection, String slot, long uptoLsn) throws SQLException;

    /** Drops the slot (when it exists) and creates it again; on a connection of its own, outside any transaction. */
    void recreateSlot(Connection connection, String slot) throws SQLException;

    /** Moves the slot on to {@code lsn}: the transactions committed before it are not decoded again, and their WAL is freed. */
    void advance(Connection connection, String slot, long lsn) throws SQLException;

    /** Whether the transaction with this 32-bit id had committed when the snapshot (its text) was taken. */
    boolean sees(String snapshot, long xid);

    /**
     * The window's net changes, in the shape of {@link SourceDialect#changes}: {@code keys} holds per
     * key its net operation (I, U or D) and its key values as text, in the table's key order; the
     * rows are read in the cycle's snapshot, and a key whose row is gone or no longer matches the
     * filter is a delete.
     */
    Query changes(TableInfo table, NetKeys keys);

    /** One row: the inserted, updated and deleted counts of {@link #changes}. */
    Query changeCounts(TableInfo table, NetKeys keys);

    /** The net operation and key text of each changed key of a window, column by column: what {@link #changes} binds. */
    record NetKeys(String[] operations, List<String[]> keyColumns) {

        public int size() {
            return operations.length;
        }
    }
}
