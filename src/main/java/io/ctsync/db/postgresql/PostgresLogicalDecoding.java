package io.ctsync.db.postgresql;

import io.ctsync.config.ConfigException;
import io.ctsync.db.LogicalDecoding;
import io.ctsync.db.Query;
import io.ctsync.config.TableName;
import io.ctsync.db.installed.Condition;
import io.ctsync.db.TableInfo;
import io.ctsync.values.Column;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code wal} capture on PostgreSQL: a publication of the pipeline's tables and a logical
 * replication slot with the built-in {@code pgoutput} plugin, both named after the database and
 * the pipeline. The slot is peeked ({@code pg_logical_slot_peek_binary_changes}), never consumed
 * by a read: it is advanced once the state has committed the windows it fed.
 */
final class PostgresLogicalDecoding implements LogicalDecoding, PostgresSql {

    private static final int MAX_NAME_BYTES = 63;
    /** The slot's state, and how much WAL it holds back from being recycled. */
    private static final String SLOT = "SELECT s.confirmed_flush_lsn - '0/0', s.wal_status, pg_current_wal_lsn() - s.restart_lsn"
            + " FROM pg_replication_slots s WHERE s.slot_name = ?";
    /**
     * The snapshot (this being the first statement of the cycle's transaction, it is taken before the
     * LSNs are read), the insert LSN, past every commit record the snapshot sees, the flush LSN, up to
     * which the slot can decode, and the slot's state.
     */
    private static final String READ_POINT = "SELECT pg_current_snapshot()::text, pg_current_wal_insert_lsn() - '0/0',"
            + " pg_current_wal_flush_lsn() - '0/0', s.confirmed_flush_lsn - '0/0', s.wal_status, pg_current_wal_lsn() - s.restart_lsn"
            + " FROM (SELECT 1) one LEFT JOIN pg_replication_slots s ON s.slot_name = ?";
    private static final String FLUSHED = "SELECT pg_current_wal_flush_lsn() - '0/0'";
    /** A synchronous commit has flushed its record before it is visible; an asynchronous one waits for the WAL writer, at most this long. */
    private static final long FLUSH_WAIT_MILLIS = 10_000;
    /**
     * The idle survey: the snapshot and LSNs are read first (a materialized CTE), so that the peek
     * decodes up to the LSN read after the snapshot; a change is any Insert, Update, Delete or
     * Truncate message of the publication (their first byte), ctsync's own imports included.
     */
    private static final String SURVEY = "WITH p AS MATERIALIZED (SELECT pg_current_snapshot()::text AS snapshot,"
            + " pg_current_wal_insert_lsn() AS lsn, pg_current_wal_flush_lsn() AS flushed)"
            + " SELECT p.snapshot, p.lsn - '0/0', p.flushed >= p.lsn,"
            + " s.slot_name IS NOT NULL AND s.wal_status <> 'lost' AND p.flushed >= p.lsn AND EXISTS (SELECT 1"
            + " FROM pg_logical_slot_peek_binary_changes(?, p.lsn, NULL, 'proto_version', '1', 'publication_names', ?,"
            + " 'messages', 'true') c WHERE get_byte(c.data, 0) IN (73, 85, 68, 84)),"
            + " s.confirmed_flush_lsn - '0/0', s.wal_status, pg_current_wal_lsn() - s.restart_lsn, (" + PostgresSource.IDENTITY + "), (";
    private static final String SURVEY_END = ") FROM p LEFT JOIN pg_replication_slots s ON s.slot_name = ?";
    private static final String PEEK = "SELECT data FROM pg_logical_slot_peek_binary_changes(?, CAST(? AS pg_lsn), NULL,"
            + " 'proto_version', '1', 'publication_names', ?, 'messages', 'true')";

    private final PostgresSource source;

    /** {@code source}: the capture's SQL, whose rows the changes join and whose shape fingerprint the idle survey reads. */
    PostgresLogicalDecoding(PostgresSource source) {
        this.source = source;
    }

    @Override
    public String slotName(Connection connection, String application, String source, String destination) throws SQLException {
        String name = ("ctsync_" + connection.getCatalog() + "_" + application + "_" + source + "_" + destination)
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (name.getBytes(StandardCharsets.US_ASCII).length <= MAX_NAME_BYTES) {
            return name;
        }
        // too long for a slot name: a prefix that still reads, and a hash that keeps it apart from others
        return name.substring(0, MAX_NAME_BYTES - 13) + "_" + sha256(name).substring(0, 12);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void check(Connection connection, String slot, List<TableInfo> tables) throws SQLException {
        checkWalLevel(connection);
        if (!slot(connection, slot).exists()) {
            throw new ConfigException("ctsync.capture", "the replication slot " + slot + " of the wal capture does not exist",
                    "run ctsync with --enable-tracking once, which creates the publication and the slot");
        }
        for (TableInfo table : tables) {
            List<String> logged = replicaIdentity(connection, table);
            if (!logged.containsAll(table.key())) {
                throw new ConfigException("ctsync.table." + table.name() + ".key", "the key " + String.join(", ", table.key()) + " of "
                        + table.name() + " is not in what PostgreSQL logs of a deleted row (its replica identity: "
                        + (logged.isEmpty() ? "nothing" : String.join(", ", logged)) + ")",
                        "key the mapping by the primary key, or run ALTER TABLE " + table(table.name()) + " REPLICA IDENTITY FULL");
            }
        }
    }

    private static void checkWalLevel(Connection connection) throws SQLException {
        String level = Query.text(connection, "SHOW wal_level");
        if (!"logical".equals(level)) {
            throw new ConfigException("ctsync.capture", "the wal capture needs wal_level = logical on the source, which has " + level,
                    "run ALTER SYSTEM SET wal_level = logical and restart PostgreSQL (docs/operations.md, \"WAL capture\")");
        }
    }

    /** The columns PostgreSQL logs of a deleted row: the primary key's (or the chosen index's), or all of them with REPLICA IDENTITY FULL. */
    private List<String> replicaIdentity(Connection connection, TableInfo table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT a.attname FROM pg_class c"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " WHERE c.oid = to_regclass(?) AND (c.relreplident = 'f' OR EXISTS (SELECT 1 FROM pg_index i"
                + " WHERE i.indrelid = c.oid AND a.attnum = ANY (i.indkey)"
                + " AND (c.relreplident = 'd' AND i.indisprimary OR c.relreplident = 'i' AND i.indisreplident)))")) {
            select.setString(1, table(table.name()));
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            return columns;
        }
    }

    @Override
    public void enable(Connection connection, String slot, List<TableInfo> tables) throws SQLException {
        checkWalLevel(connection);
        String published = tables.stream().map(t -> table(t.name())).collect(Collectors.joining(", "));
        boolean exists;
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            select.setString(1, slot);
            try (ResultSet rs = select.executeQuery()) {
                exists = rs.next();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute((exists ? "ALTER PUBLICATION " + quote(slot) + " SET TABLE " : "CREATE PUBLICATION " + quote(slot) + " FOR TABLE ")
                    + published);
        }
        if (!slot(connection, slot).exists()) {
            createSlot(connection, slot);
        }
    }

    private static void createSlot(Connection connection, String slot) throws SQLException {
        call(connection, new Query("SELECT pg_create_logical_replication_slot(?, 'pgoutput')", slot));
    }

    @Override
    public Slot slot(Connection connection, String slot) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SLOT)) {
            select.setString(1, slot);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? slot(rs, 1) : new Slot(false, false, 0, null);
            }
        }
    }

    private static Slot slot(ResultSet rs, int first) throws SQLException {
        String status = rs.getString(first + 1);
        if (status == null) {
            return new Slot(false, false, 0, null);
        }
        long retained = rs.getLong(first + 2);
        return new Slot(true, "lost".equals(status), rs.getLong(first), rs.wasNull() ? null : retained);
    }

    @Override
    public ReadPoint readPoint(Connection connection, String slot) throws SQLException {
        ReadPoint point;
        long flushed;
        try (PreparedStatement select = connection.prepareStatement(READ_POINT)) {
            select.setString(1, slot);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                point = new ReadPoint(rs.getString(1), rs.getLong(2), slot(rs, 4));
                flushed = rs.getLong(3);
            }
        }
        long deadline = System.currentTimeMillis() + FLUSH_WAIT_MILLIS;
        while (flushed < point.lsn()) {
            if (System.currentTimeMillis() > deadline) {
                throw new SQLException("the WAL up to " + lsn(point.lsn()) + " was not flushed within " + FLUSH_WAIT_MILLIS + " ms");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the WAL to be flushed", e);
            }
            flushed = Query.number(connection, FLUSHED);
        }
        return point;
    }

    @Override
    public Survey survey(Connection connection, String slot, List<TableName> tables) throws SQLException {
        Condition shapes = source.shapeFingerprint(tables);
        List<Object> parameters = new ArrayList<>(List.of(slot, slot));
        parameters.addAll(shapes.parameters());
        parameters.add(slot);
        try (PreparedStatement select = new Query(SURVEY + shapes.sql() + SURVEY_END, parameters).prepare(connection);
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return new Survey(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getBoolean(4), slot(rs, 5), rs.getString(8),
                    rs.getString(9));
        }
    }

    @Override
    public List<Transaction> peek(Connection connection, String slot, long uptoLsn) throws SQLException {
        PgOutput decoder = new PgOutput();
        try (PreparedStatement select = connection.prepareStatement(PEEK)) {
            select.setString(1, slot);
            select.setString(2, lsn(uptoLsn));
            select.setString(3, slot);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    decoder.read(rs.getBytes(1));
                }
            }
        }
        return decoder.transactions();
    }

    @Override
    public void recreateSlot(Connection connection, String slot) throws SQLException {
        if (slot(connection, slot).exists()) {
            call(connection, new Query("SELECT pg_drop_replication_slot(?)", slot));
        }
        createSlot(connection, slot);
    }

    @Override
    public void advance(Connection connection, String slot, long lsn) throws SQLException {
        call(connection, new Query("SELECT pg_replication_slot_advance(?, CAST(? AS pg_lsn))", slot, lsn(lsn)));
    }

    /** Runs a function of the server's for what it does, not for what it answers. */
    private static void call(Connection connection, Query query) throws SQLException {
        try (PreparedStatement statement = query.prepare(connection)) {
            statement.execute();
        }
    }

    /** An LSN as PostgreSQL writes it, {@code 16/B374D848}. */
    static String lsn(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }

    @Override
    public boolean sees(String snapshot, long xid) {
        return Snapshot.parse(snapshot).sees(xid);
    }

    /**
     * The keys as arrays of text, one per column, unnested side by side and cast to the key's
     * types: one statement whatever the number of keys, and the join uses the table's key index.
     */
    @Override
    public Query changes(TableInfo table, NetKeys keys) {
        List<String> columns = table.columns().stream().map(Column::name).toList();
        return new Query("SELECT " + operation(table) + ", " + castKeys(table) + ", " + columnList("s", columns) + from(table),
                parameters(keys));
    }

    @Override
    public Query changeCounts(TableInfo table, NetKeys keys) {
        String operation = operation(table);
        return new Query("SELECT COALESCE(SUM(CASE WHEN " + operation + " = 'I' THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN " + operation + " = 'U' THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN " + operation + " = 'D' THEN 1 ELSE 0 END), 0)" + from(table), parameters(keys));
    }

    /** A key deleted in the window, or whose row the snapshot does not hold (or the filter no longer sends), is a delete. */
    private String operation(TableInfo table) {
        return "CASE WHEN w.op = 'D' OR s." + quote(table.key().get(0)) + " IS NULL THEN 'D' WHEN w.op = 'I' THEN 'I' ELSE 'U' END";
    }

    private String castKeys(TableInfo table) {
        List<String> casts = new ArrayList<>();
        for (int i = 0; i < table.key().size(); i++) {
            casts.add(cast(table, i));
        }
        return String.join(", ", casts);
    }

    private String cast(TableInfo table, int key) {
        String name = table.key().get(key);
        Column column = table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        return "CAST(w.k" + key + " AS " + PostgresTypes.castType(column) + ")";
    }

    private String from(TableInfo table) {
        List<String> arrays = new ArrayList<>(List.of("CAST(? AS text[])"));
        List<String> names = new ArrayList<>(List.of("op"));
        List<String> join = new ArrayList<>();
        for (int i = 0; i < table.key().size(); i++) {
            arrays.add("CAST(? AS text[])");
            names.add("k" + i);
            join.add("s." + quote(table.key().get(i)) + " = " + cast(table, i));
        }
        return " FROM unnest(" + String.join(", ", arrays) + ") AS w(" + String.join(", ", names) + ") LEFT JOIN " + source.sentRows(table)
                + " s ON " + String.join(" AND ", join);
    }

    private static List<Object> parameters(NetKeys keys) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(keys.operations());
        parameters.addAll(keys.keyColumns());
        return parameters;
    }
}
