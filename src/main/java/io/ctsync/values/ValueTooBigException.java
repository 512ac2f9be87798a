package io.ctsync.values;

/**
 * A value that does not fit the heap at all (docs/operations.md, "Memory"): the JVM ran out of
 * memory reading or writing it. Said as one line naming the table, the row, the column and the
 * value's size as far as it was read, with the two ways out; the cycle fails, and since contents
 * appear in the gateway only once whole, nothing is half-written.
 */
public final class ValueTooBigException extends RuntimeException {

    private static final long MB = 1 << 20;

    /**
     * {@code row} says which row (its key, or where it lies in an entry); {@code bytesRead} is
     * how much of the value had been read when memory ran out, 0 when nothing was.
     */
    public ValueTooBigException(String table, String row, String column, long bytesRead, OutOfMemoryError cause) {
        super(table + " " + row + ", column " + column + ": "
                + (bytesRead > 0 ? "a value of more than " + Math.max(1, bytesRead / MB) + " MB" : "a value")
                + " does not fit the heap of " + Runtime.getRuntime().maxMemory() / MB + " MB (fix: raise -Xmx, or leave the column out"
                + " with ctsync.table." + table + ".exclude-columns=" + column + "; the cycle wrote nothing)", cause);
    }

    /** A fetch of rows that ran out of memory before any of their values was read: the column is not known. */
    public ValueTooBigException(String table, String row, OutOfMemoryError cause) {
        super(table + " " + row + ": a value does not fit the heap of " + Runtime.getRuntime().maxMemory() / MB + " MB (fix: raise -Xmx,"
                + " or leave the widest columns out with ctsync.table." + table + ".exclude-columns; the cycle wrote nothing)", cause);
    }
}
