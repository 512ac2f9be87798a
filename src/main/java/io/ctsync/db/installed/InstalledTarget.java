package io.ctsync.db.installed;

import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.Query;
import io.ctsync.db.TargetDialect;
import io.ctsync.db.TargetShape;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.ctsync.db.installed.TrackingTables.notOwnContext;
import static io.ctsync.db.installed.TrackingTables.concat;
import static io.ctsync.db.installed.TrackingTables.trackingTable;

/**
 * The target SQL that PostgreSQL and H2 share: the import log, the generated columns from the
 * standard {@code information_schema}, and the keys changed locally, read from the tracking that
 * ctsync installs ({@link TrackingTables}).
 */
public abstract class InstalledTarget implements TargetDialect, InstalledHistory {

    protected final VersionIndex versions;

    protected InstalledTarget(VersionIndex versions) {
        this.versions = versions;
    }

    /**
     * Generated columns ({@code GENERATED ALWAYS AS (...)}) and {@code GENERATED ALWAYS} identity
     * columns from the standard {@code information_schema.columns}; a {@code BY DEFAULT} identity
     * takes written values like any column.
     */
    @Override
    public TargetShape describeTarget(Connection connection, TableName name) throws SQLException {
        Set<String> generated = new HashSet<>();
        Set<String> identity = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT column_name, is_generated, identity_generation"
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            select.setString(1, name.schema());
            select.setString(2, name.table());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if ("ALWAYS".equalsIgnoreCase(rs.getString(2))) {
                        generated.add(rs.getString(1));
                    } else if ("ALWAYS".equalsIgnoreCase(rs.getString(3))) {
                        identity.add(rs.getString(1));
                    }
                }
            }
        }
        return new TargetShape(name, Catalog.columns(connection, name), generated, identity);
    }

    @Override
    public void createImportLog(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS ctsync_import_log (application VARCHAR(128) NOT NULL,"
                    + " source VARCHAR(128) NOT NULL, destination VARCHAR(128) NOT NULL, sequence BIGINT NOT NULL,"
                    + " status VARCHAR(16) NOT NULL, inserted BIGINT NOT NULL, updated BIGINT NOT NULL, deleted BIGINT NOT NULL,"
                    + " conflicts BIGINT NOT NULL, target_version BIGINT, error VARCHAR(4000),"
                    + " imported_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (application, source, destination, sequence))");
        }
    }

    @Override
    public Query changedSince(TableName table, List<String> key, long version, String context) {
        Condition changed = versions.atLeast(version + 1);
        return new Query("SELECT " + columnList("ct", key) + " FROM " + trackingTable(table) + " ct"
                + " WHERE " + changed.sql() + " AND " + notOwnContext(), concat(changed.parameters(), List.of(context)));
    }
}
