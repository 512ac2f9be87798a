package io.ctsync.state;

import io.ctsync.config.ConfigException;
import io.ctsync.db.StateDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings the state database's schema to the version this ctsync knows, at start-up, through the
 * dialect's numbered migrations (docs/design.md, "State schema and its upgrade"). A small version table rather than Flyway:
 * the state has six tables and three migrations, and Flyway would add a library per database
 * (SQL Server support is a module of its own) for what one row and a loop do.
 */
final class StateSchema {

    private static final Logger LOG = LoggerFactory.getLogger(StateSchema.class);

    private StateSchema() {
    }

    /**
     * The version the state schema is at, read without writing ({@code --check}): 0 when ctsync has
     * not created it yet; refused when it is newer than this ctsync knows.
     */
    static int check(DataSource dataSource, StateDialect dialect) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!exists(connection, "ctsync_state_version")) {
                return 0;
            }
            int found = version(connection);
            if (found > dialect.migrations().size()) {
                throw newer(found, dialect.migrations().size());
            }
            return found;
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
            try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ConfigException newer(int found, int known) {
        return new ConfigException("ctsync.state.url", "the state schema is at version " + found
                + ", newer than this ctsync knows (" + known + ")", "run the ctsync release that upgraded it, or a newer one");
    }

    /**
     * Runs every migration above the stored version, each in a transaction with its version, under
     * the state database's lock so that replicas starting together take turns; returns the version reached.
     */
    static int upgrade(DataSource dataSource, StateDialect dialect) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return upgrade(connection, dialect);
        }
    }

    static int upgrade(Connection connection, StateDialect dialect) throws SQLException {
        connection.setAutoCommit(true);
        try (MigrationLock lock = MigrationLock.take(connection, dialect)) {
            return migrate(connection, dialect);
        }
    }

    private static int migrate(Connection connection, StateDialect dialect) throws SQLException {
        List<List<String>> migrations = dialect.migrations();
        try (Statement statement = connection.createStatement()) {
            statement.execute(dialect.createVersionTable());
            statement.executeUpdate("INSERT INTO ctsync_state_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ctsync_state_version)");
        }
        int found = version(connection);
        if (found > migrations.size()) {
            throw newer(found, migrations.size());
        }
        int version = found;
        while (version < migrations.size()) {
            int next = step(connection, migrations.get(version), version) ? version + 1 : version(connection);
            if (next <= version) {
                throw new SQLException("the state schema stays at version " + version + " after its migration; check ctsync_state_version");
            }
            version = next;
        }
        if (found < migrations.size()) {
            LOG.info("state schema upgraded from version {} to {}", found, migrations.size());
        }
        return migrations.size();
    }

    /** One migration and its version in one transaction; false (rolled back) when another instance upgraded first. */
    private static boolean step(Connection connection, List<String> migration, int from) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement advance = connection.prepareStatement("UPDATE ctsync_state_version SET version = ? WHERE version = ?")) {
            for (String sql : migration) {
                statement.execute(sql);
            }
            advance.setInt(1, from + 1);
            advance.setInt(2, from);
            if (advance.executeUpdate() == 0) {
                connection.rollback();
                return false;
            }
            connection.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM ctsync_state_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
