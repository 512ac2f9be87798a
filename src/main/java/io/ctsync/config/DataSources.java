package io.ctsync.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.pool.HikariPool;
import io.ctsync.dialect.SqlDialect;
import io.ctsync.failure.Failures;

import java.sql.Connection;
import java.sql.SQLException;

/** Connection pools for the configured databases, checked at start-up with one clear line on failure. */
public final class DataSources {

    private DataSources() {
    }

    public static HikariDataSource open(Database database, int maxConnections) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ctsync-" + database.role());
        hikari.setJdbcUrl(SqlDialect.connectionUrl(database.url()));
        hikari.setUsername(database.username());
        hikari.setPassword(database.password());
        hikari.setMaximumPoolSize(maxConnections);
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(15_000);
        hikari.setInitializationFailTimeout(-1);
        // every SQLException through the pool's connections, statements and result sets is marked
        // with the database it came from, so that a failure line can name it (README.md, "Failures")
        hikari.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                Failures.at(database, e);
                return SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        HikariDataSource dataSource = new HikariDataSource(hikari) {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    return super.getConnection();
                } catch (SQLException e) {
                    throw Failures.at(database, e);
                }
            }
        };
        try (Connection ignored = dataSource.getConnection()) {
            return dataSource;
        } catch (SQLException | HikariPool.PoolInitializationException e) {
            dataSource.close();
            throw new ConfigException("ctsync." + database.role() + ".url", "cannot connect to " + database + ": " + rootMessage(e),
                    "check the URL, ctsync." + database.role() + ".username and .password, and that the database is reachable");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
