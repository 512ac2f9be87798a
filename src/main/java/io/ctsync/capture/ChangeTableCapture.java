package io.ctsync.capture;

import io.ctsync.db.SourceDialect;
import io.ctsync.db.Pool;

import io.ctsync.db.Catalog;
import io.ctsync.values.Column;
import io.ctsync.db.Query;

import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;

import io.ctsync.config.ChangeTable;
import io.ctsync.config.ChangeTable.Kind;
import io.ctsync.config.ConfigException;
import io.ctsync.config.TableMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code change-table}: consume-once CDC tables that another system fills, OpenEdge style
 * (docs/design.md, "change-table and compare"). A window is a change-sequence range {@code (from, to]}, read in the
 * change tables' own snapshot and folded per key into its net change by SQL (ordered by key and
 * sequence, so nothing is held in memory). Once the content is published, the window's rows are
 * deleted in that same snapshot: a row that a concurrent transaction commits inside the range
 * after the read is invisible to the delete and survives for the next cycle.
 *
 * <p>With {@code delete-consumed=true} a window covers every change row present (rows below the
 * last position are late commits that were not read); with {@code false} nothing is deleted and
 * the window starts at this pipeline's own last position, so several pipelines can read one
 * change table. A first run sends every row of the source table (full) and consumes the change
 * rows of the same snapshot.
 */
final class ChangeTableCapture implements Capture {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeTableCapture.class);
    private static final Set<Integer> INTEGERS = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);
    /** The position of a first run on an empty change table: change sequences are positive. */
    private static final long NO_SEQUENCE = 0;

    private final String prefix;
    private final ChangeTable config;

    ChangeTableCapture(TableMapping mapping) {
        this.prefix = mapping.prefix();
        this.config = mapping.changeTable();
    }

    @Override
    public void check(Connection source, SourceDialect dialect, Pool target, TableInfo table) throws SQLException {
        queries(dialect, source, table);
    }

    /** Checks the change table against the source table and the configuration, and builds its queries. */
    private ChangeTableQueries queries(SourceDialect dialect, Connection connection, TableInfo table) throws SQLException {
        Map<String, Column> columns = new HashMap<>();
        Catalog.columns(connection, config.table()).forEach(c -> columns.put(c.name(), c));
        if (columns.isEmpty()) {
            throw new ConfigException(prefix + "change-table", "the change table " + config.table() + " does not exist in the source"
                    + " (names are case-sensitive)", "name the CDC table or view that holds the changes of " + table.name());
        }
        Column sequence = columns.get(config.sequenceColumn());
        if (sequence == null || !INTEGERS.contains(sequence.jdbcType())) {
            throw new ConfigException(prefix + "sequence-column", "'" + config.sequenceColumn() + "' is not an integer column of "
                    + config.table(), "name the column holding the change sequence (OpenEdge: _Change-Sequence)");
        }
        Column operation = columns.get(config.operationColumn());
        if (operation == null) {
            throw new ConfigException(prefix + "operation-column", "'" + config.operationColumn() + "' is not a column of "
                    + config.table(), "name the column holding the operation code (OpenEdge: _Operation)");
        }
        for (Column column : table.columns()) {
            if (!columns.containsKey(column.name())) {
                throw new ConfigException(prefix + "change-table", "column '" + column.name() + "' of " + table.name()
                        + " is not in the change table " + config.table(), "the change table carries every column of the table under its own name");
            }
        }
        Map<Kind, Object> codes = new EnumMap<>(Kind.class);
        boolean numeric = INTEGERS.contains(operation.jdbcType());
        for (Map.Entry<Kind, String> code : config.codes().entrySet()) {
            try {
                codes.put(code.getKey(), numeric ? (Object) Long.parseLong(code.getValue()) : code.getValue());
            } catch (NumberFormatException e) {
                throw new ConfigException(prefix + "operation-codes", "code '" + code.getValue() + "' is not a number, but "
                        + config.operationColumn() + " is", "give the numbers the change table uses, e.g. 1:insert");
            }
        }
        return new ChangeTableQueries(dialect, table, config, codes);
    }

    @Override
    public Window open(CaptureCycle cycle, TableInfo table, Long lastVersion, String lastPosition) throws SQLException {
        Connection connection = cycle.changeTables();
        long above = config.deleteConsumed() || lastVersion == null ? Long.MIN_VALUE : lastVersion;
        try (PreparedStatement statement = queries(cycle.dialect(), connection, table).range(above).prepare(connection);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            long rows = rs.getLong(1);
            if (rs.getLong(4) > 0) {
                throw new ConfigException(prefix + "operation-codes", config.table() + " holds " + rs.getLong(4)
                        + " row(s) whose operation code is none of " + config.codes().values(), "map every code the change table uses");
            }
            long low = rows == 0 ? NO_SEQUENCE : rs.getLong(2);
            long high = rows == 0 ? NO_SEQUENCE : rs.getLong(3);
            if (lastVersion == null) {
                if (cycle.reports()) {
                    LOG.info("export {}: first run, sending every row (full) and consuming {} change row(s) up to {} of {}",
                            table.name(), rows, high, config.table());
                }
                return new Window(table.name(), true, null, high, null, null, rows);
            }
            if (rows == 0) {
                return new Window(table.name(), false, lastVersion, lastVersion, null, null, 0L);
            }
            return new Window(table.name(), false, config.deleteConsumed() ? low - 1 : lastVersion, high, null, null, rows);
        }
    }

    @Override
    public ChangeCounts count(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        Connection connection = cycle.changeTables();
        if (window.full()) {
            return ChangeCounts.full(connection, cycle.dialect(), table);
        }
        return ChangeCounts.of(connection, queries(cycle.dialect(), connection, table).netCounts(window.fromVersion(), window.toVersion()));
    }

    @Override
    public ChangeStream read(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        Connection connection = cycle.changeTables();
        if (window.full()) {
            return ChangeCursor.full(connection, cycle.dialect(), table, cycle.fetchSize());
        }
        return ChangeCursor.changes(connection, cycle.dialect(), queries(cycle.dialect(), connection, table).netChanges(window.fromVersion(), window.toVersion()),
                table, cycle.fetchSize());
    }

    /**
     * Deletes the window's change rows. In the snapshot that read them, the range delete touches
     * exactly the rows read. A resumed cycle that only publishes has no such snapshot: it deletes
     * the range only if it holds exactly the number of rows the window read (none: already
     * deleted), and otherwise stops rather than delete a row it cannot tell from a late commit.
     */
    @Override
    public void consume(CaptureCycle cycle, TableInfo table, Window window) throws SQLException {
        Long consumed = window.consumedRows();
        if (!config.deleteConsumed() || consumed == null || consumed == 0) {
            return;
        }
        Connection connection = cycle.changeTables();
        ChangeTableQueries queries = queries(cycle.dialect(), connection, table);
        long from = window.fromVersion() == null ? Long.MIN_VALUE : window.fromVersion();
        if (!cycle.readWindows()) {
            long present = count(connection, queries.countRange(from, window.toVersion()));
            if (present == 0) {
                LOG.info("export {}: change rows {}..{} of {} were deleted before the restart", table.name(), from, window.toVersion(),
                        config.table());
                return;
            }
            if (present != consumed) {
                throw new IllegalStateException("cannot consume change rows (" + from + ", " + window.toVersion() + "] of "
                        + config.table() + ": the published content read " + consumed + " of them, the range now holds " + present
                        + " (rows committed late inside it); delete the rows that content holds by hand, then run again");
            }
        }
        try (PreparedStatement delete = queries.deleteRange(from, window.toVersion()).prepare(connection)) {
            int deleted = delete.executeUpdate();
            LOG.info("export {}: consumed {} change row(s) ({}, {}] of {}", table.name(), deleted, from, window.toVersion(), config.table());
        }
    }

    private static long count(Connection connection, Query query) throws SQLException {
        try (PreparedStatement statement = query.prepare(connection); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
