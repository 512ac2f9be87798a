package io.ctsync.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.ctsync.dialect.SqlDialect;

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
        HikariDataSource dataSource = new HikariDataSource(hikari);
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
