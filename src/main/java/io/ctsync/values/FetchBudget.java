package io.ctsync.values;

import com.fasterxml.jackson.core.JsonGenerator;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Sizes a cursor's fetches by bytes (docs/operations.md, "Memory"): a JDBC driver holds a whole
 * fetch of rows in the heap, so a cursor fetches as many rows as fit in {@link #BYTES} at the widest
 * row it has written so far, and never more than the configured fetch size. Before any row is
 * known the first fetch is one row, and each later one at most {@link #GROWTH} times the rows read
 * so far: narrow tables reach the configured size within a few fetches, and a table whose rows are
 * wide never fetches thousands of them on the strength of a guess.
 */
public final class FetchBudget {

    /** The JSON bytes of the rows one fetch may hold (the driver's own copy is of the same order: bytea's hex is 1.5 times its base64). */
    public static final long BYTES = 16L << 20;
    static final int GROWTH = 8;

    /** The output of a content entry's generator, which counts the bytes it was given. */
    public interface CountingOutput {
        long count();
    }

    private final int maxRows;
    private long widest = 1;
    private long rowsRead;
    private int current;

    public FetchBudget(int maxRows) {
        this.maxRows = Math.max(1, maxRows);
        this.current = size();
    }

    /** Sets the fetch size for the statement's next execution: the first fetch of a result set is the statement's. */
    public void prepare(Statement statement) throws SQLException {
        current = size();
        statement.setFetchSize(current);
    }

    /** The JSON bytes written so far through {@code json}; 0 where its output does not count them. */
    public static long written(JsonGenerator json) {
        return json.getOutputTarget() instanceof CountingOutput output ? output.count() + json.getOutputBuffered() : 0;
    }

    /** After a row of {@code bytes} was written: the rows the next fetches of {@code rows} hold. */
    public void rowWritten(ResultSet rows, long bytes) throws SQLException {
        rowsRead++;
        widest = Math.max(widest, bytes);
        int size = size();
        if (size != current) {
            current = size;
            rows.setFetchSize(size);
        }
    }

    /** The rows of the next fetch. */
    int size() {
        long byBytes = Math.max(1, BYTES / widest);
        long byGrowth = Math.max(1, rowsRead * GROWTH);
        return (int) Math.min(maxRows, Math.min(byBytes, byGrowth));
    }
}
