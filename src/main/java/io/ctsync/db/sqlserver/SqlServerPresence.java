package io.ctsync.db.sqlserver;

import io.ctsync.db.PresenceDialect;

import io.ctsync.config.TableName;
import io.ctsync.values.Column;

import java.sql.Connection;
import java.util.List;
import java.sql.SQLException;

/** The presence lookup on SQL Server: the standard statement in a SNAPSHOT transaction, which the target must allow. */
final class SqlServerPresence implements PresenceDialect, SqlServerSql {

    private final SqlServerChecks checks = new SqlServerChecks(this);

    @Override
    public List<Column> columns(Connection connection, TableName table) throws SQLException {
        return SqlServerCatalog.shape(connection, this, table).columns();
    }

    @Override
    public void checkPresenceReady(Connection connection) throws SQLException {
        checks.checkPresenceReady(connection);
    }
}
