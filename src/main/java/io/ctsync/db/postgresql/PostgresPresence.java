package io.ctsync.db.postgresql;

import io.ctsync.config.TableName;
import io.ctsync.db.PresenceDialect;
import io.ctsync.db.PresenceKeySet;
import io.ctsync.values.Column;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The presence lookup on PostgreSQL: in a snapshot that a second reader joins; a table's keys as
 * one set ({@link PostgresKeySet}) where the key fits the key table, else the standard statement in batches.
 */
final class PostgresPresence implements PresenceDialect, PostgresSql {

    /** The session's key table: created before the read-only transaction, which may write it but not create it. */
    static final String KEYS = "pg_temp.ctsync_presence_keys";

    /**
     * Creates the key table (once per session) and empties it of an earlier cycle's rolled-back
     * rows, outside the transaction, then begins the read.
     */
    @Override
    public void beginConsistentRead(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            try (Statement statement = connection.createStatement()) {
                StringBuilder keys = new StringBuilder();
                for (int k = 1; k <= PostgresKeySet.MAX_KEY_COLUMNS; k++) {
                    keys.append(", k").append(k).append(" text");
                }
                statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + KEYS.substring("pg_temp.".length())
                        + " (ctsync_set bigint, ctsync_ord bigint, ctsync_op text" + keys + ")");
                statement.execute("TRUNCATE " + KEYS);
            }
        }
        PostgresSql.super.beginConsistentRead(connection);
    }

    @Override
    public Optional<PresenceKeySet> keySet(Connection connection, TableName target, List<Column> targetColumns, List<String> key,
                                           List<String> constants, Object[] constantValues, int[] constantTypes,
                                           String openVersionColumn, int timeoutSeconds) {
        if (key.size() > PostgresKeySet.MAX_KEY_COLUMNS) {
            return Optional.empty();
        }
        return Optional.of(new PostgresKeySet(connection, target, targetColumns, key, constants, constantValues, constantTypes,
                openVersionColumn, timeoutSeconds));
    }
}
