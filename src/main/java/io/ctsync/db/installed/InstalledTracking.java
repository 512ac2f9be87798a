package io.ctsync.db.installed;

import io.ctsync.config.TableName;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.ctsync.db.installed.TrackingTables.REGISTRY;
import static io.ctsync.db.installed.TrackingTables.indexName;
import static io.ctsync.db.installed.TrackingTables.literal;
import static io.ctsync.db.installed.TrackingTables.trackingTable;

/**
 * Installing the tracking that ctsync keeps itself ({@link TrackingTables}) and its retention.
 * Each database supplies the version source and the triggers.
 */
public abstract class InstalledTracking implements TrackingDialect {

    protected final VersionIndex versions;

    protected InstalledTracking(VersionIndex versions) {
        this.versions = versions;
    }

    /**
     * Statements, all idempotent, that create the tracking table of a source table, then those of
     * the version index's that let a cycle find the rows changed since its last read.
     */
    protected List<String> trackingTableStatements(TableInfo table, String versionType, String timestampType) {
        List<String> statements = new java.util.ArrayList<>(tableStatements(table, versionType, timestampType));
        statements.addAll(versions.statements(table));
        return statements;
    }

    private List<String> tableStatements(TableInfo table, String versionType, String timestampType) {
        String tracking = trackingTable(table.name());
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + tracking + " AS SELECT " + columnList(null, table.key())
                        + " FROM " + table(table.name()) + " WITH NO DATA",
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_version " + versionType,
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_creation_version " + versionType,
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_operation CHAR(1)",
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_context VARCHAR(128)",
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_changed_at " + timestampType,
                "CREATE UNIQUE INDEX IF NOT EXISTS " + quote(indexName(table.name(), "key")) + " ON " + tracking
                        + " (" + columnList(null, table.key()) + ")",
                "INSERT INTO " + REGISTRY + " (schema_name, table_name, min_valid_version) SELECT "
                        + literal(table.name().schema()) + ", " + literal(table.name().table()) + ", 0 WHERE NOT EXISTS (SELECT 1 FROM "
                        + REGISTRY + " WHERE schema_name = " + literal(table.name().schema()) + " AND table_name = "
                        + literal(table.name().table()) + ")");
    }

    protected String registryStatement(String timestampType) {
        return "CREATE TABLE IF NOT EXISTS " + REGISTRY + " (schema_name VARCHAR(128) NOT NULL, table_name VARCHAR(128) NOT NULL,"
                + " min_valid_version BIGINT NOT NULL, enabled_at " + timestampType + " DEFAULT CURRENT_TIMESTAMP,"
                + " PRIMARY KEY (schema_name, table_name))";
    }

    @Override
    public void cleanupTracking(Connection connection, TableName table, Instant olderThan) throws SQLException {
        String tracking = trackingTable(table);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long horizon;
            try (PreparedStatement max = connection.prepareStatement(
                    "SELECT MAX(ctsync_version) FROM " + tracking + " WHERE ctsync_changed_at < ?")) {
                max.setObject(1, OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC));
                try (ResultSet rs = max.executeQuery()) {
                    rs.next();
                    horizon = rs.getLong(1);
                    if (rs.wasNull()) {
                        connection.rollback();
                        return;
                    }
                }
            }
            // versions follow transaction ids, not wall time: drop everything up to the newest expired version
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tracking + " WHERE ctsync_version <= ?")) {
                delete.setLong(1, horizon);
                delete.executeUpdate();
            }
            try (PreparedStatement raise = connection.prepareStatement("UPDATE " + REGISTRY
                    + " SET min_valid_version = ? WHERE schema_name = ? AND table_name = ? AND min_valid_version < ?")) {
                raise.setLong(1, horizon);
                raise.setString(2, table.schema());
                raise.setString(3, table.table());
                raise.setLong(4, horizon);
                raise.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
