package io.ctsync.db.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import io.ctsync.values.Column;
import io.ctsync.values.SpilledValue;
import io.ctsync.values.TextRows;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The rows of an entry as SQLServerBulkCopy pulls them: first the row's number in the entry (a
 * bigint, from 1), then every column an nvarchar(max) of the value's text, but binary ones a
 * varbinary(max) of its bytes, decoded from the content's base64. An entry that cannot be read
 * ends the rows; the load then throws its failure.
 */
final class SqlServerBulkRows implements ISQLServerBulkData {

    /** What the driver takes as the length of nvarchar(max). */
    private static final int MAX_LENGTH = Integer.MAX_VALUE;
    /** The ordinal of the row number. */
    private static final int ROW_NUMBER = 1;
    private static final int BIGINT_PRECISION = 19;

    private final transient List<Column> columns;
    private final transient List<Boolean> binary;
    private final transient TextRows rows;
    private transient IOException failure;
    private long count;

    SqlServerBulkRows(List<Column> columns, List<Boolean> binary, TextRows rows) {
        this.columns = columns;
        this.binary = binary;
        this.rows = rows;
    }

    @Override
    public Set<Integer> getColumnOrdinals() {
        return IntStream.rangeClosed(1, columns.size() + 1).boxed().collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Override
    public String getColumnName(int column) {
        return column == ROW_NUMBER ? "ctsync_row" : columns.get(column - 2).name();
    }

    @Override
    public int getColumnType(int column) {
        if (column == ROW_NUMBER) {
            return Types.BIGINT;
        }
        return binary.get(column - 2) ? Types.VARBINARY : Types.NVARCHAR;
    }

    @Override
    public int getPrecision(int column) {
        return column == ROW_NUMBER ? BIGINT_PRECISION : MAX_LENGTH;
    }

    @Override
    public int getScale(int column) {
        return 0;
    }

    @Override
    public boolean next() {
        try {
            boolean more = rows.next();
            if (more) {
                count++;
            }
            return more;
        } catch (IOException e) {
            failure = e;
            return false;
        }
    }

    @Override
    public Object[] getRowData() throws SQLException {
        Object[] values = new Object[columns.size() + 1];
        values[0] = count;
        for (int i = 0; i < columns.size(); i++) {
            SpilledValue spilled = rows.spilled(i);
            if (spilled != null && binary.get(i)) {
                // the bulk copy takes a value whole: a spilled one is held as its bytes, not as its base64 as well
                values[i + 1] = bytes(spilled);
                continue;
            }
            String text = rows.text(i);
            values[i + 1] = text != null && binary.get(i) ? Base64.getDecoder().decode(text) : text;
        }
        return values;
    }

    private static byte[] bytes(SpilledValue spilled) throws SQLException {
        try (InputStream in = spilled.bytes()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SQLException("a spilled value cannot be read back: " + e.getMessage(), e);
        }
    }

    long rows() {
        return count;
    }

    void throwIfFailed() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }
}
