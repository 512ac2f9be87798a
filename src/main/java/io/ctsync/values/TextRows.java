package io.ctsync.values;

import java.io.IOException;

/**
 * Rows whose values are the text of their JSON values (a string's characters, a number's digits as
 * written, {@code true}/{@code false}), read one row at a time into one character buffer, for a
 * {@link io.ctsync.db.BulkLoad} to stream into a work table without an object per value. A big
 * value is not in the buffer but spilled ({@link #spilled}), for the load to stream it.
 */
public interface TextRows {

    /** Moves to the next row; false at the end, or when the rows were refused (the caller asks why). */
    boolean next() throws IOException;

    /** The characters of the current row's values. */
    char[] chars();

    /**
     * Where the value of {@code column} (of the columns the load was given) starts in {@link #chars()};
     * -1 for NULL; 0 for a spilled value, which has no characters there.
     */
    int start(int column);

    /** How many characters the value of {@code column} has in {@link #chars()}; -1 for NULL. */
    int length(int column);

    /** The value of {@code column} where it was too big for {@link #chars()}; null where it is there (or NULL). */
    default SpilledValue spilled(int column) {
        return null;
    }

    /** The value of {@code column} as a string, null for NULL. */
    default String text(int column) {
        SpilledValue spilled = spilled(column);
        if (spilled != null) {
            return spilled.string();
        }
        return start(column) < 0 ? null : new String(chars(), start(column), length(column));
    }
}
