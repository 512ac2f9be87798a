package io.ctsync.db.h2;

import io.ctsync.db.ConsistentRead;
import io.ctsync.db.Dialect;
import io.ctsync.db.installed.TrackingTables;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.values.JsonForm;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What every role of H2 shares: its name, its type model and its consistent read. H2 serves the
 * demo and tests. Versions come from one clock row, {@code ctsync.clock}, that every tracked write
 * increments and keeps locked until it commits; a cycle reads the clock with {@code FOR UPDATE},
 * which waits for those writers, so every version at or below the value it reads is committed, and
 * later writers get higher versions. Writers are serialised on the clock: fine for a demo
 * database, and the reason H2 is not offered for production.
 */
interface H2Sql extends Dialect, ConsistentRead {

    ColumnTypes TYPES = new H2Types();
    String CLOCK = TrackingTables.SCHEMA + ".clock";
    /** H2's JDBC code for SNAPSHOT isolation: one consistent view over all tables. */
    int SNAPSHOT_ISOLATION = 6;

    @Override
    default String name() {
        return "h2";
    }

    @Override
    default ColumnTypes types() {
        return TYPES;
    }

    /** Text by its UTF-8 bytes, compared unsigned: code point order (H2's own compares UTF-16 units). */
    @Override
    default String keyOrder(String expression, Column column) {
        return types().form(column) == JsonForm.TEXT ? "CAST(" + expression + " AS VARBINARY)" : expression;
    }

    @Override
    default void beginConsistentRead(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(SNAPSHOT_ISOLATION);
        connection.setReadOnly(true);
    }
}
