package io.ctsync.db.register;

import io.ctsync.db.DatabaseType;
import io.ctsync.db.h2.H2Type;
import io.ctsync.db.postgresql.PostgresType;
import io.ctsync.db.sqlserver.SqlServerType;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The databases ctsync works with. A data source's type is resolved here once, when its pool opens
 * ({@link DataSources}); everything after takes the roles that type hands out.
 */
public final class DatabaseTypeRegister {

    private static final List<DatabaseType> TYPES = List.of(new PostgresType(), new H2Type(), new SqlServerType());

    private DatabaseTypeRegister() {
    }

    /** The JDBC URL ctsync connects with: the configured one, with the driver settings its database needs from ctsync enforced. */
    public static String connectionUrl(String url) {
        return TYPES.stream().filter(type -> type.handlesUrl(url)).findFirst().map(type -> type.connectionUrl(url)).orElse(url);
    }

    /** The type of the database behind the connection, by the product its driver names. */
    public static DatabaseType of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return TYPES.stream().filter(type -> type.handlesProduct(product)).findFirst()
                .orElseThrow(() -> new SQLException("ctsync does not work with " + product + "; use PostgreSQL, SQL Server or H2"));
    }
}
