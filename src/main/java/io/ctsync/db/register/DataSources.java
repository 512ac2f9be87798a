package io.ctsync.db.register;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.pool.HikariPool;
import io.ctsync.config.ConfigException;
import io.ctsync.config.Database;
import io.ctsync.failure.Failures;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connection pools for the configured databases, checked at start-up with one clear line on failure;
 * the first connection tells the database's type, which the pool keeps.
 */
public final class DataSources {

    private DataSources() {
    }

    public static DatabasePool open(Database database, int maxConnections) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ctsync-" + database.role());
        hikari.setJdbcUrl(DatabaseTypeRegister.connectionUrl(database.url()));
        hikari.setUsername(database.username());
        hikari.setPassword(database.password());
        hikari.setMaximumPoolSize(maxConnections);
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(15_000);
        hikari.setInitializationFailTimeout(-1);
        // every SQLException through the pool's connections, statements and result sets is marked
        // with the database it came from, so that a failure line can name it (docs/operations.md, "Failures")
        hikari.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                Failures.at(database, e);
                return SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        DatabasePool dataSource = new DatabasePool(hikari, database);
        try (Connection first = dataSource.getConnection()) {
            dataSource.recognise(DatabaseTypeRegister.of(first));
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
