package io.ctsync.db.sqlserver;

import io.ctsync.db.Dialect;
import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.Query;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TargetCheck;
import io.ctsync.db.TargetShape;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;

/** The start-up checks of a SQL Server source, target and presence target: one clear line naming the fix for each thing missing. */
final class SqlServerChecks {

    static final String ENABLE_DATABASE = "ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON)";
    static final String ALLOW_SNAPSHOT = "ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON";

    private final Dialect dialect;

    SqlServerChecks(Dialect dialect) {
        this.dialect = dialect;
    }

    void checkCaptureReady(Connection connection, List<TableInfo> tables) throws SQLException {
        Database database = database(connection);
        if (!database.tracked()) {
            throw new ConfigException("ctsync.source.url", "Change Tracking is off for the source database " + database.name(),
                    ENABLE_DATABASE + " in " + dialect.quote(database.name()));
        }
        requireSnapshot(database, "source", "ctsync.source.url");
        if (!database.writable()) {
            throw new ConfigException("ctsync.source.url", "the source database " + database.name() + " is read-only (a readable secondary replica?)",
                    "point ctsync.source.url at the primary replica, with applicationIntent=ReadWrite");
        }
        String user = dialect.quote(Query.text(connection, "SELECT USER_NAME()"));
        try (PreparedStatement check = connection.prepareStatement("SELECT HAS_PERMS_BY_NAME(?, N'OBJECT', N'SELECT'),"
                + " HAS_PERMS_BY_NAME(?, N'OBJECT', N'VIEW CHANGE TRACKING'),"
                + " (SELECT COUNT(*) FROM sys.change_tracking_tables WHERE object_id = OBJECT_ID(?))")) {
            for (TableInfo table : tables) {
                String name = dialect.table(table.name());
                bindName(check, name, 3);
                try (ResultSet rs = check.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != 1) {
                        throw new ConfigException("ctsync.tables", "the source login may not read " + table.name(),
                                "GRANT SELECT ON " + name + " TO " + user);
                    }
                    if (rs.getInt(2) != 1) {
                        throw new ConfigException("ctsync.tables", "the source login may not read the change tracking of " + table.name(),
                                "GRANT VIEW CHANGE TRACKING ON " + name + " TO " + user);
                    }
                    if (rs.getInt(3) == 0) {
                        throw new ConfigException("ctsync.tables", "Change Tracking is off for table " + table.name(),
                                "ALTER TABLE " + name + " ENABLE CHANGE_TRACKING");
                    }
                }
                requirePrimaryKey(connection, table.name(), table.key());
            }
        }
    }

    /**
     * A tracked target table (conflict detection) needs: the login's VIEW CHANGE TRACKING (without it the
     * min valid version reads NULL and the table would pass for untracked), snapshot isolation in the
     * database (the import runs in SNAPSHOT), and the mapping key as its primary key (CHANGETABLE
     * returns primary-key columns only). Under a policy that acts on conflicts, every table must be
     * tracked. Identity columns need ALTER for SET IDENTITY_INSERT. (A sql_variant column is refused
     * by the type model, {@link SqlServerTypes#refusal}, for source and target alike.)
     */
    void checkImportReady(Connection connection, List<TargetCheck> tables, boolean conflictsMatter) throws SQLException {
        Database database = database(connection);
        String user = dialect.quote(Query.text(connection, "SELECT USER_NAME()"));
        try (PreparedStatement check = connection.prepareStatement("SELECT (SELECT COUNT(*) FROM sys.change_tracking_tables"
                + " WHERE object_id = OBJECT_ID(?)), CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?)), HAS_PERMS_BY_NAME(?, N'OBJECT', N'ALTER')")) {
            for (TargetCheck table : tables) {
                TargetShape shape = table.shape();
                String name = dialect.table(shape.name());
                bindName(check, name, 3);
                try (ResultSet rs = check.executeQuery()) {
                    rs.next();
                    boolean tracked = rs.getInt(1) > 0;
                    rs.getLong(2);
                    boolean historyVisible = !rs.wasNull();
                    if (tracked && !historyVisible) {
                        throw new ConfigException("ctsync.import.conflict", "the target login may not read the change tracking of "
                                + shape.name() + ", so conflicts would go unseen", "GRANT VIEW CHANGE TRACKING ON " + name + " TO " + user);
                    }
                    if (!tracked && conflictsMatter) {
                        throw new ConfigException("ctsync.import.conflict", "Change Tracking is off for the target table " + shape.name()
                                + ", so no conflict can be detected", (database.tracked() ? "" : ENABLE_DATABASE + "; ")
                                + "ALTER TABLE " + name + " ENABLE CHANGE_TRACKING (or set ctsync.import.conflict=source-wins)");
                    }
                    if (tracked) {
                        requireSnapshot(database, "target", "ctsync.target.url");
                        requirePrimaryKey(connection, shape.name(), table.key());
                    }
                    if (!shape.identity().isEmpty() && rs.getInt(3) != 1) {
                        throw new ConfigException("ctsync.tables", "the target login may not SET IDENTITY_INSERT on " + shape.name()
                                + " to write its identity column " + String.join(", ", shape.identity()), "GRANT ALTER ON " + name + " TO " + user);
                    }
                }
            }
        }
    }

    /** Presence reads the target in one SNAPSHOT transaction per cycle. */
    void checkPresenceReady(Connection connection) throws SQLException {
        requireSnapshot(database(connection), "presence target", "ctsync.target.url");
    }

    private static void bindName(PreparedStatement statement, String quotedName, int times) throws SQLException {
        for (int i = 1; i <= times; i++) {
            // a name may hold any character: never through the database's code page
            statement.setNString(i, quotedName);
        }
    }

    private void requireSnapshot(Database database, String role, String key) {
        // 1 = ON; 0 = OFF, 2 and 3 = on the way to OFF or ON
        if (database.snapshotIsolation() != 1) {
            throw new ConfigException(key, "snapshot isolation is not allowed in the " + role + " database " + database.name(),
                    ALLOW_SNAPSHOT + " in " + dialect.quote(database.name()));
        }
    }

    /** CHANGETABLE knows a row only by its primary key, so the mapping key can be no other. */
    private void requirePrimaryKey(Connection connection, TableName table, List<String> key) throws SQLException {
        List<String> primaryKey = SqlServerCatalog.primaryKey(connection, dialect, table);
        if (!key.isEmpty() && !new HashSet<>(primaryKey).equals(new HashSet<>(key))) {
            throw new ConfigException("ctsync.table." + table + ".key", "the key (" + String.join(", ", key) + ") of " + table
                    + " is not its primary key (" + String.join(", ", primaryKey) + "), the only key SQL Server's Change Tracking records",
                    "remove the key setting, or give the table that primary key");
        }
    }

    private record Database(String name, boolean tracked, int snapshotIsolation, boolean writable) {
    }

    private static Database database(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT d.name, CHANGE_TRACKING_CURRENT_VERSION(), d.snapshot_isolation_state,"
                     + " CONVERT(nvarchar(128), DATABASEPROPERTYEX(DB_NAME(), 'Updateability'))"
                     + " FROM sys.databases AS d WHERE d.database_id = DB_ID()")) {
            rs.next();
            String name = rs.getString(1);
            rs.getLong(2);
            boolean tracked = !rs.wasNull();
            return new Database(name, tracked, rs.getInt(3), "READ_WRITE".equals(rs.getString(4)));
        }
    }
}
