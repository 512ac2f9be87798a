package io.ctsync.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.packaging.Operation;

import java.io.IOException;
import java.sql.SQLException;

/**
 * One table's changes of a window, streamed one at a time: each knows its operation and writes
 * itself as the content holds it (the whole row, or the key alone for a delete).
 */
public interface ChangeStream extends AutoCloseable {

    /** Moves to the next change; false when there is none left. */
    boolean next() throws SQLException;

    Operation operation();

    /** The change as the content holds it: the whole row for inserts and updates, the key for deletes. */
    void writeRow(JsonGenerator json) throws SQLException, IOException;

    /** The key of the current change as JDBC objects, in mapping key order (without the constants). */
    Object[] keyValues() throws SQLException;

    @Override
    void close() throws SQLException;
}
