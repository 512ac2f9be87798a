package io.ctsync.capture;

import io.ctsync.db.SourceDialect;

import io.ctsync.values.Column;
import io.ctsync.db.Query;

import io.ctsync.db.TableInfo;

import io.ctsync.config.ChangeTable;
import io.ctsync.config.ChangeTable.Kind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The SQL of the change-table capture, the same on every database with window functions.
 * Identifiers are quoted by the dialect; sequence bounds and operation codes are bound.
 */
final class ChangeTableQueries {

    private final SourceDialect dialect;
    private final TableInfo table;
    private final String changeTable;
    private final String sequence;
    private final String operation;
    /** Every configured code, typed like the operation column. */
    private final List<Object> codes;
    private final Object insertCode;
    private final Object deleteCode;
    private final Object afterUpdateCode;

    ChangeTableQueries(SourceDialect dialect, TableInfo table, ChangeTable config, Map<Kind, Object> codes) {
        this.dialect = dialect;
        this.table = table;
        this.changeTable = dialect.table(config.table());
        this.sequence = dialect.quote(config.sequenceColumn());
        this.operation = dialect.quote(config.operationColumn());
        this.codes = List.copyOf(codes.values());
        this.insertCode = codes.get(Kind.INSERT);
        this.deleteCode = codes.get(Kind.DELETE);
        this.afterUpdateCode = codes.get(Kind.AFTER_UPDATE);
    }

    private String codeList(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /**
     * One row about the change rows above {@code from}: how many, the lowest and highest
     * sequence, and how many have an operation code the configuration does not name.
     */
    Query range(long from) {
        List<Object> parameters = new ArrayList<>(codes);
        parameters.add(from);
        return new Query("SELECT COUNT(*), MIN(" + sequence + "), MAX(" + sequence + "), COALESCE(SUM(CASE WHEN " + operation
                + " IN (" + codeList(codes.size()) + ") THEN 0 ELSE 1 END), 0) FROM " + changeTable + " WHERE " + sequence + " > ?",
                parameters);
    }

    /**
     * The net change of every key in {@code (from, to]}, in {@link SourceDialect#changes}'s shape.
     * The rows of a key are numbered in sequence order: its newest row gives the operation and
     * the after-image, its oldest tells whether the key was new (insert then update = insert;
     * insert then delete = nothing; update then delete = delete). Before-images are left out.
     */
    Query netChanges(long from, long to) {
        List<String> columns = table.columns().stream().map(Column::name).toList();
        return fold(dialect.columnList("c", table.key()) + ", " + dialect.columnList("c", columns), from, to);
    }

    /** The counts of inserted, updated and deleted keys of {@link #netChanges}. */
    Query netCounts(long from, long to) {
        Query changes = fold(null, from, to);
        return new Query("SELECT COALESCE(SUM(CASE WHEN n.ctsync_change = 'I' THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN n.ctsync_change = 'U' THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN n.ctsync_change = 'D' THEN 1 ELSE 0 END), 0) FROM (" + changes.sql() + ") n",
                changes.parameters());
    }

    /** The folded window: the net operation {@code ctsync_change}, then {@code rowColumns} of the key's newest row. */
    private Query fold(String rowColumns, long from, long to) {
        List<String> columns = table.columns().stream().map(Column::name).toList();
        String byKey = "PARTITION BY " + dialect.columnList("k", table.key());
        String sql = "SELECT CASE WHEN c.ctsync_kind = 'D' THEN 'D' WHEN c.ctsync_first = 'I' THEN 'I' ELSE 'U' END AS ctsync_change"
                + (rowColumns == null ? "" : ", " + rowColumns)
                + " FROM (SELECT k.*, ROW_NUMBER() OVER (" + byKey + " ORDER BY k." + sequence + ") AS ctsync_position,"
                + " COUNT(*) OVER (" + byKey + ") AS ctsync_rows,"
                + " FIRST_VALUE(k.ctsync_kind) OVER (" + byKey + " ORDER BY k." + sequence + ") AS ctsync_first"
                + " FROM (SELECT " + sequence + ", " + dialect.columnList(null, columns) + ","
                + " CASE WHEN " + operation + " = ? THEN 'I' WHEN " + operation + " = ? THEN 'D' ELSE 'U' END AS ctsync_kind"
                + " FROM " + changeTable + " WHERE " + sequence + " > ? AND " + sequence + " <= ? AND " + operation + " IN (?, ?, ?)) k) c"
                + " WHERE c.ctsync_position = c.ctsync_rows AND NOT (c.ctsync_first = 'I' AND c.ctsync_kind = 'D')";
        return new Query(sql, insertCode, deleteCode, from, to, insertCode, deleteCode, afterUpdateCode);
    }

    Query countRange(long from, long to) {
        return new Query("SELECT COUNT(*) FROM " + changeTable + " WHERE " + sequence + " > ? AND " + sequence + " <= ?", from, to);
    }

    Query deleteRange(long from, long to) {
        return new Query("DELETE FROM " + changeTable + " WHERE " + sequence + " > ? AND " + sequence + " <= ?", from, to);
    }
}
