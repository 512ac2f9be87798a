package io.ctsync.dialect;

import io.ctsync.dialect.h2.H2Dialect;
import io.ctsync.dialect.postgresql.PostgresDialect;
import io.ctsync.dialect.sqlserver.SqlServerConnectionSettings;
import io.ctsync.dialect.sqlserver.SqlServerDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * One database's SQL in every role. One implementation per database, in a package of its own;
 * callers hold the role they need and never ask which database they talk to.
 */
public interface SqlDialect extends SourceDialect, TargetDialect, PresenceDialect {

    /** The JDBC URL ctsync connects with: the configured one, with the driver settings a database needs from ctsync enforced. */
    static String connectionUrl(String url) {
        return SqlServerConnectionSettings.isSqlServer(url) ? SqlServerConnectionSettings.enforce(url) : url;
    }

    static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return new PostgresDialect();
        }
        if (product.contains("h2")) {
            return new H2Dialect();
        }
        if (product.contains("microsoft sql server")) {
            return new SqlServerDialect();
        }
        throw new SQLException("ctsync has no SQL dialect for " + connection.getMetaData().getDatabaseProductName());
    }
}
