package io.ctsync.capture;

import io.ctsync.db.SourceDialect;

import io.ctsync.db.Query;

import io.ctsync.db.TableInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** How many rows of a window go to inserted, updated and deleted. */
public record ChangeCounts(long inserted, long updated, long deleted) {

    /** Runs a query whose one row holds the three counts. */
    static ChangeCounts of(Connection connection, Query query) throws SQLException {
        try (PreparedStatement count = query.prepare(connection); ResultSet rs = count.executeQuery()) {
            rs.next();
            return new ChangeCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    /** A full window: every current row is an insert. */
    static ChangeCounts full(Connection connection, SourceDialect dialect, TableInfo table) throws SQLException {
        try (PreparedStatement count = dialect.fullCount(table).prepare(connection); ResultSet rs = count.executeQuery()) {
            rs.next();
            return new ChangeCounts(rs.getLong(1), 0, 0);
        }
    }
}
