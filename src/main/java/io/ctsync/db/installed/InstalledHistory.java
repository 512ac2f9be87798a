package io.ctsync.db.installed;

import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.ChangeHistory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

import static io.ctsync.db.installed.TrackingTables.REGISTRY;
import static io.ctsync.db.installed.TrackingTables.SCHEMA;

/** A table's min valid version from the registry of the tracking that ctsync installs. */
interface InstalledHistory extends ChangeHistory {

    @Override
    default OptionalLong minValidVersion(Connection connection, TableName table) throws SQLException {
        if (Catalog.columns(connection, new TableName(SCHEMA, "tracked_tables")).isEmpty()) {
            return OptionalLong.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT min_valid_version FROM " + REGISTRY + " WHERE schema_name = ? AND table_name = ?")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
