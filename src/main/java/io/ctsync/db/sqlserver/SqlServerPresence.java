package io.ctsync.db.sqlserver;

import io.ctsync.db.PresenceDialect;

import java.sql.Connection;
import java.sql.SQLException;

/** The presence lookup on SQL Server: the standard statement in a SNAPSHOT transaction, which the target must allow. */
final class SqlServerPresence implements PresenceDialect, SqlServerSql {

    private final SqlServerChecks checks = new SqlServerChecks(this);

    @Override
    public void checkPresenceReady(Connection connection) throws SQLException {
        checks.checkPresenceReady(connection);
    }
}
