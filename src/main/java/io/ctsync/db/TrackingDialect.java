package io.ctsync.db;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** ctsync's own change tracking on a source that has none (PostgreSQL, H2): installing it, and its retention. */
public interface TrackingDialect extends Dialect {

    /** Statements that install ctsync's own change tracking for a table; running them again changes nothing. */
    List<String> enableTracking(TableInfo table);

    /** Drops tracking rows older than the cut-off and raises the table's min valid version past them. */
    void cleanupTracking(Connection connection, TableName table, Instant olderThan) throws SQLException;
}
