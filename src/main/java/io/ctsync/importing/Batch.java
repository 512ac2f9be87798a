package io.ctsync.importing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** A prepared statement executed as JDBC batches of a fixed size: one round trip per batch, not per row. */
final class Batch implements AutoCloseable {

    private final PreparedStatement statement;
    private final int size;
    private int pending;
    private long affected;

    Batch(Connection connection, String sql, int size) throws SQLException {
        this.statement = connection.prepareStatement(sql);
        this.size = size;
    }

    /** The statement whose parameters the caller sets for the next row. */
    PreparedStatement statement() {
        return statement;
    }

    void add() throws SQLException {
        statement.addBatch();
        if (++pending == size) {
            execute();
        }
    }

    /** Sends what is pending; returns the rows the whole batch affected (a driver that cannot tell counts one per row). */
    long finish() throws SQLException {
        execute();
        return affected;
    }

    private void execute() throws SQLException {
        if (pending == 0) {
            return;
        }
        for (int count : statement.executeBatch()) {
            affected += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
        }
        pending = 0;
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }
}
