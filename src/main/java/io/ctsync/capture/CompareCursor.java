package io.ctsync.capture;

import io.ctsync.values.KeyOrder;
import io.ctsync.values.ComparedValue;
import io.ctsync.db.SourceDialect;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.db.Query;

import io.ctsync.db.TableInfo;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.values.ColumnWriter;
import io.ctsync.values.FetchBudget;
import io.ctsync.packaging.Operation;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The compare capture's changes: a merge of the source table and the target table, both read
 * in key order through server-side cursors, one row of each in hand at a time. A key only in the
 * source is inserted, only in the target deleted, in both with a different value in any column
 * updated. Memory does not depend on the size of the tables, and each side's fetches are sized
 * by bytes ({@link FetchBudget}) from the values the merge compared and the JSON it wrote of a row.
 */
public final class CompareCursor implements ChangeStream {

    private final TableInfo table;
    private final Side source;
    private final Side target;
    private final int[] keyColumns;
    private final boolean[] isKey;
    private final String[] constantNames;
    private final String[] constantValues;
    private final ColumnWriter[] sourceWriters;
    private final ColumnWriter[] targetKeyWriters;
    private Operation operation;
    private boolean advanceSource = true;
    private boolean advanceTarget = true;

    CompareCursor(Connection sourceConnection, ColumnTypes sourceTypes, Query sourceQuery, Connection targetConnection,
                  ColumnTypes targetTypes, Query targetQuery, TableInfo table, int fetchSize) throws SQLException {
        this.table = table;
        List<String> columns = table.columns().stream().map(Column::name).toList();
        this.keyColumns = table.key().stream().mapToInt(columns::indexOf).toArray();
        this.isKey = new boolean[columns.size()];
        for (int k : keyColumns) {
            isKey[k] = true;
        }
        this.constantNames = table.constants().keySet().toArray(String[]::new);
        this.constantValues = table.constants().values().toArray(String[]::new);
        Side opened = new Side("source", sourceConnection, sourceTypes, sourceQuery, fetchSize);
        try {
            this.source = opened;
            this.target = new Side("target", targetConnection, targetTypes, targetQuery, fetchSize);
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
        this.sourceWriters = ColumnWriter.forColumns(sourceTypes, source.cursor.getMetaData(), 1, columns.size());
        this.targetKeyWriters = new ColumnWriter[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            targetKeyWriters[k] = ColumnWriter.forColumns(targetTypes, target.cursor.getMetaData(), keyColumns[k] + 1, keyColumns[k] + 1)[0];
        }
    }

    @Override
    public boolean next() throws SQLException {
        if (advanceSource) {
            source.advance();
        }
        if (advanceTarget) {
            target.advance();
        }
        while (true) {
            if (source.key == null && target.key == null) {
                return false;
            }
            int order = source.key == null ? 1 : target.key == null ? -1 : KeyOrder.compare(source.key, target.key);
            if (order != 0) {
                operation = order < 0 ? Operation.INSERTED : Operation.DELETED;
                advanceSource = order < 0;
                advanceTarget = order > 0;
                return true;
            }
            if (differ()) {
                operation = Operation.UPDATED;
                advanceSource = true;
                advanceTarget = true;
                return true;
            }
            source.advance();
            target.advance();
        }
    }

    private boolean differ() throws SQLException {
        for (int c = 0; c < isKey.length; c++) {
            if (!isKey[c] && !ComparedValue.same(source.value(c), target.value(c))) {
                return true;
            }
        }
        return false;
    }

    /** How many rows of the source table the merge has read so far; all of them once {@link #next} returned false. */
    public long sourceRows() {
        return source.rows;
    }

    /** How many rows of the target table (of this source's scope) the merge has read so far. */
    public long targetRows() {
        return target.rows;
    }

    @Override
    public Operation operation() {
        return operation;
    }

    @Override
    public void writeRow(JsonGenerator json) throws SQLException, IOException {
        long before = FetchBudget.written(json);
        json.writeStartObject();
        if (operation == Operation.DELETED) {
            for (int k = 0; k < keyColumns.length; k++) {
                json.writeFieldName(table.key().get(k));
                targetKeyWriters[k].write(target.cursor, keyColumns[k] + 1, json);
            }
        } else {
            for (int c = 0; c < sourceWriters.length; c++) {
                json.writeFieldName(table.columns().get(c).name());
                sourceWriters[c].write(source.cursor, c + 1, json);
            }
        }
        for (int i = 0; i < constantNames.length; i++) {
            json.writeStringField(constantNames[i], constantValues[i]);
        }
        json.writeEndObject();
        (operation == Operation.DELETED ? target : source).rowBytes += FetchBudget.written(json) - before;
    }

    @Override
    public Object[] keyValues() throws SQLException {
        return (operation == Operation.DELETED ? target.key : source.key).clone();
    }

    @Override
    public void close() throws SQLException {
        try {
            source.close();
        } finally {
            target.close();
        }
    }

    /** One side of the merge: its cursor, the key of its current row (null past the end), and how to read its columns. */
    private final class Side {

        private final String name;
        private final PreparedStatement statement;
        private final ResultSet cursor;
        private final ComparedValue[] readers;
        private final FetchBudget fetches;
        private Object[] key;
        private long rows;
        /** The bytes of the current row that the merge read or wrote: what sizes the side's next fetches. */
        private long rowBytes;

        Side(String name, Connection connection, ColumnTypes types, Query query, int fetchSize) throws SQLException {
            this.name = name;
            this.statement = query.prepare(connection);
            this.fetches = new FetchBudget(fetchSize);
            try {
                fetches.prepare(statement);
                this.cursor = statement.executeQuery();
                var meta = cursor.getMetaData();
                this.readers = new ComparedValue[meta.getColumnCount()];
                for (int c = 0; c < readers.length; c++) {
                    readers[c] = ComparedValue.of(types.form(meta.getColumnType(c + 1), meta.getColumnTypeName(c + 1)));
                }
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        }

        Object value(int column) throws SQLException {
            Object value = readers[column].read(cursor, column + 1);
            rowBytes += value instanceof byte[] binary ? binary.length : value instanceof String text ? text.length() : Long.BYTES;
            return value;
        }

        /** Moves to the next row and reads its key, which must be above the one before: keys are unique and sorted. */
        void advance() throws SQLException {
            Object[] previous = key;
            if (rows > 0) {
                fetches.rowWritten(cursor, rowBytes);
                rowBytes = 0;
            }
            if (!cursor.next()) {
                key = null;
                return;
            }
            rows++;
            Object[] next = new Object[keyColumns.length];
            for (int k = 0; k < next.length; k++) {
                next[k] = value(keyColumns[k]);
                if (next[k] == null) {
                    throw new IllegalStateException("a row of the " + name + " table of " + table.name() + " has NULL in key column "
                            + table.key().get(k) + "; a mapping key identifies rows and cannot be NULL");
                }
            }
            if (previous != null && KeyOrder.compare(previous, next) >= 0) {
                throw new IllegalStateException("the " + name + " rows of " + table.name() + " are not in key order, or the key is"
                        + " not unique there: " + Arrays.toString(next) + " came after " + Arrays.toString(previous)
                        + "; the database sorts the key differently from ctsync's comparison (see SourceDialect.codePointOrder)");
            }
            key = next;
        }

        void close() throws SQLException {
            try {
                cursor.close();
            } finally {
                statement.close();
            }
        }
    }
}
