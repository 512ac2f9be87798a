package io.ctsync.capture;

import io.ctsync.values.ComparedValue;
import io.ctsync.db.SourceDialect;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.db.Query;

import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.ctsync.values.ColumnWriter;
import io.ctsync.values.FetchBudget;
import io.ctsync.values.ValueTooBigException;
import io.ctsync.packaging.Operation;

import io.ctsync.masking.HashedColumn;
import io.ctsync.masking.MaskKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Streams one table's changes of a window from a server-side cursor: each row knows its
 * operation and writes itself (the whole row, or only its key for a delete) as a JSON object.
 */
public final class ChangeCursor implements ChangeStream {

    /** PostgreSQL's driver reports the memory it ran out of while reading a fetch as this SQLState. */
    private static final String OUT_OF_MEMORY = "53200";

    private final PreparedStatement statement;
    private final ResultSet rows;
    private final boolean full;
    private final String[] keyNames;
    private final ColumnWriter[] keyWriters;
    private final int firstKeyColumn;
    private final String[] columnNames;
    /** The field names encoded once: a row then copies their bytes instead of escaping each name again. */
    private final SerializedString[] columnFields;
    private final SerializedString[] keyFields;
    private final ColumnWriter[] columnWriters;
    private final int firstColumn;
    private final String[] constantNames;
    private final String[] constantValues;
    private Operation operation;

    private final ComparedValue[] keyReaders;
    /** Per key column, its hashing writer when the column is hashed (its value is then the hash), else null. */
    private final HashedColumn[] hashedKeys;
    private final FetchBudget fetches;
    private final String table;
    private long rowsRead;

    private ChangeCursor(PreparedStatement statement, FetchBudget fetches, ColumnTypes types, TableInfo table, boolean full)
            throws SQLException {
        this.statement = statement;
        this.fetches = fetches;
        this.table = table.name().toString();
        this.full = full;
        this.rows = fetch(statement::executeQuery);
        ResultSetMetaData meta = rows.getMetaData();
        int keys = table.key().size();
        int columns = table.columns().size();
        this.firstKeyColumn = full ? 0 : 2;
        this.firstColumn = full ? 1 : 2 + keys;
        this.keyNames = table.key().toArray(String[]::new);
        this.keyWriters = full ? null : ColumnWriter.forColumns(types, meta, firstKeyColumn, firstKeyColumn + keys - 1);
        this.columnNames = table.columns().stream().map(Column::name).toArray(String[]::new);
        this.columnFields = fields(columnNames);
        this.keyFields = fields(keyNames);
        this.columnWriters = ColumnWriter.forColumns(types, meta, firstColumn, firstColumn + columns - 1);
        // masked columns are replaced here, before any value leaves the result set (docs/format.md, "Masked columns")
        MaskKey.Hasher hasher = table.masks().hasher();
        for (int i = 0; i < columns; i++) {
            columnWriters[i] = table.masks().writer(columnNames[i], columnWriters[i], hasher);
        }
        for (int i = 0; keyWriters != null && i < keys; i++) {
            keyWriters[i] = table.masks().writer(keyNames[i], keyWriters[i], hasher);
        }
        this.keyReaders = new ComparedValue[keys];
        this.hashedKeys = new HashedColumn[keys];
        for (int i = 0; i < keys; i++) {
            int column = keyColumn(i);
            keyReaders[i] = ComparedValue.of(types.form(meta.getColumnType(column), meta.getColumnTypeName(column)));
            ColumnWriter writer = full ? columnWriters[indexOfColumn(keyNames[i])] : keyWriters[i];
            hashedKeys[i] = writer instanceof HashedColumn hashed ? hashed : null;
        }
        this.constantNames = table.constants().keySet().toArray(String[]::new);
        this.constantValues = table.constants().values().toArray(String[]::new);
    }

    private static SerializedString[] fields(String[] names) {
        SerializedString[] fields = new SerializedString[names.length];
        for (int i = 0; i < names.length; i++) {
            fields[i] = new SerializedString(names[i]);
        }
        return fields;
    }

    /** The net changes of a delta window. */
    public static ChangeCursor delta(Connection connection, SourceDialect dialect, TableInfo table, Window window,
                                     String context, int fetchSize) throws SQLException {
        return open(connection, dialect.types(), dialect.changes(table, window, context), table, false, fetchSize);
    }

    /** Net changes from any query of {@link SourceDialect#changes}'s shape: the operation, the key columns, every table column. */
    public static ChangeCursor changes(Connection connection, SourceDialect dialect, Query query, TableInfo table, int fetchSize)
            throws SQLException {
        return open(connection, dialect.types(), query, table, false, fetchSize);
    }

    /** The rows a query of every table column selects (a backfill's chunk), as inserts. */
    public static ChangeCursor rows(Connection connection, SourceDialect dialect, Query query, TableInfo table, int fetchSize)
            throws SQLException {
        return open(connection, dialect.types(), query, table, true, fetchSize);
    }

    /** Every current row, as inserts. */
    public static ChangeCursor full(Connection connection, SourceDialect dialect, TableInfo table, int fetchSize) throws SQLException {
        return open(connection, dialect.types(), dialect.fullRows(table), table, true, fetchSize);
    }

    private static ChangeCursor open(Connection connection, ColumnTypes types, Query query, TableInfo table, boolean full, int fetchSize)
            throws SQLException {
        PreparedStatement statement = query.prepare(connection);
        try {
            FetchBudget fetches = new FetchBudget(fetchSize);
            fetches.prepare(statement);
            return new ChangeCursor(statement, fetches, types, table, full);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    @Override
    public boolean next() throws SQLException {
        if (!fetch(rows::next)) {
            return false;
        }
        rowsRead++;
        operation = full ? Operation.INSERTED : Operation.ofCode(rows.getString(1));
        return true;
    }

    @Override
    public Operation operation() {
        return operation;
    }

    /** The row as the content holds it: the whole row for inserts and updates, the key for deletes; its width sizes the next fetches. */
    @Override
    public void writeRow(JsonGenerator json) throws SQLException, IOException {
        long before = FetchBudget.written(json);
        if (operation == Operation.DELETED) {
            writeKey(json);
        } else {
            writeWholeRow(json);
        }
        fetches.rowWritten(rows, FetchBudget.written(json) - before);
    }

    private void writeWholeRow(JsonGenerator json) throws SQLException, IOException {
        json.writeStartObject();
        for (int i = 0; i < columnWriters.length; i++) {
            json.writeFieldName(columnFields[i]);
            long before = FetchBudget.written(json);
            try {
                columnWriters[i].write(rows, firstColumn + i, json);
            } catch (OutOfMemoryError e) {
                throw new ValueTooBigException(table, "key " + describeKey(), columnNames[i], FetchBudget.written(json) - before, e);
            }
        }
        writeConstants(json);
        json.writeEndObject();
    }

    private void writeConstants(JsonGenerator json) throws IOException {
        for (int i = 0; i < constantNames.length; i++) {
            json.writeStringField(constantNames[i], constantValues[i]);
        }
    }

    /** The key columns alone (with the constant key columns), as a JSON object. */
    public void writeKey(JsonGenerator json) throws SQLException, IOException {
        json.writeStartObject();
        for (int i = 0; i < keyNames.length; i++) {
            json.writeFieldName(keyFields[i]);
            if (full) {
                columnWriters[indexOfColumn(keyNames[i])].write(rows, firstColumn + indexOfColumn(keyNames[i]), json);
            } else {
                keyWriters[i].write(rows, firstKeyColumn + i, json);
            }
        }
        writeConstants(json);
        json.writeEndObject();
    }

    /** A call that may fetch rows from the database. */
    @FunctionalInterface
    private interface Fetch<T> {
        T call() throws SQLException;
    }

    /** Runs a fetch; one that ran out of memory is a value too big for the heap, named by its table and row. */
    private <T> T fetch(Fetch<T> fetch) throws SQLException {
        try {
            return fetch.call();
        } catch (OutOfMemoryError e) {
            throw new ValueTooBigException(table, fetchedRow(), e);
        } catch (SQLException e) {
            if (OUT_OF_MEMORY.equals(e.getSQLState()) && e.getCause() instanceof OutOfMemoryError outOfMemory) {
                throw new ValueTooBigException(table, fetchedRow(), outOfMemory);
            }
            throw e;
        }
    }

    /** The row a fetch was reading, before its key could be read. */
    private String fetchedRow() {
        return rowsRead == 0 ? "first row" : "row " + (rowsRead + 1) + " (or a later one of its fetch)";
    }

    private String describeKey() throws SQLException {
        Object[] values = keyValues();
        StringBuilder key = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            key.append(i == 0 ? "" : ", ").append(keyNames[i]).append('=').append(values[i]);
        }
        return key.append('}').toString();
    }

    /**
     * The key of the current row, each value read by its form ({@link ComparedValue}), a hashed
     * column's as its hash, in mapping key order (without the constants): the key as the target holds it.
     */
    @Override
    public Object[] keyValues() throws SQLException {
        Object[] values = new Object[keyNames.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = hashedKeys[i] == null ? keyReaders[i].read(rows, keyColumn(i)) : hashedKey(i);
        }
        return values;
    }

    private String hashedKey(int key) throws SQLException {
        try {
            return hashedKeys[key].hashed(rows, keyColumn(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int keyColumn(int key) {
        return full ? firstColumn + indexOfColumn(keyNames[key]) : firstKeyColumn + key;
    }

    private int indexOfColumn(String name) {
        for (int i = 0; i < columnNames.length; i++) {
            if (columnNames[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("key column " + name + " is not among the columns");
    }

    @Override
    public void close() throws SQLException {
        try {
            rows.close();
        } finally {
            statement.close();
        }
    }
}
