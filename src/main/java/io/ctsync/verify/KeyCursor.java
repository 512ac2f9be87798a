package io.ctsync.verify;

import io.ctsync.config.TableName;
import io.ctsync.db.Query;
import io.ctsync.values.ColumnTypes;
import io.ctsync.values.ComparedValue;
import io.ctsync.values.KeyOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Keys read in the compare capture's key order, one in hand at a time, so that a merge asks
 * "is this key among them" of each key it meets in the same order: memory stays flat however many
 * keys there are.
 */
final class KeyCursor implements AutoCloseable {

    private final TableName table;
    private final PreparedStatement statement;
    private final ResultSet cursor;
    private final ComparedValue[] readers;
    private Object[] key;
    private boolean started;

    KeyCursor(Connection connection, ColumnTypes types, Query query, TableName table, int fetchSize) throws SQLException {
        this.table = table;
        this.statement = query.prepare(connection);
        try {
            statement.setFetchSize(fetchSize);
            this.cursor = statement.executeQuery();
            ResultSetMetaData meta = cursor.getMetaData();
            this.readers = new ComparedValue[meta.getColumnCount()];
            for (int c = 0; c < readers.length; c++) {
                readers[c] = ComparedValue.of(types.form(meta.getColumnType(c + 1), meta.getColumnTypeName(c + 1)));
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Whether {@code wanted} is among the keys; each call must ask for a key above the one asked before. */
    boolean contains(Object[] wanted) throws SQLException {
        if (!started) {
            advance();
            started = true;
        }
        while (key != null && KeyOrder.compare(key, wanted) < 0) {
            advance();
        }
        return key != null && KeyOrder.compare(key, wanted) == 0;
    }

    private void advance() throws SQLException {
        Object[] previous = key;
        if (!cursor.next()) {
            key = null;
            return;
        }
        Object[] next = new Object[readers.length];
        for (int k = 0; k < next.length; k++) {
            next[k] = readers[k].read(cursor, k + 1);
        }
        if (previous != null && KeyOrder.compare(previous, next) >= 0) {
            throw new IllegalStateException("the changed keys of " + table + " are not in key order: " + Arrays.toString(next)
                    + " came after " + Arrays.toString(previous));
        }
        key = next;
    }

    @Override
    public void close() throws SQLException {
        try {
            cursor.close();
        } finally {
            statement.close();
        }
    }
}
