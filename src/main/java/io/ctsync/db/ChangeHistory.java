package io.ctsync.db;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;

/** How far back a tracked table's change history reaches: capture asks it of a source, the import of a target. */
public interface ChangeHistory {

    /** The lowest version from which the table's change history is complete; empty when the table is not tracked. */
    OptionalLong minValidVersion(Connection connection, TableName table) throws SQLException;
}
