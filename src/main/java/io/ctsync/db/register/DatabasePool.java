package io.ctsync.db.register;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ctsync.config.Database;
import io.ctsync.db.DatabaseType;
import io.ctsync.db.Pool;
import io.ctsync.failure.Failures;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A Hikari pool that marks a failure to connect with the database it is for (docs/operations.md, "Failures"), and keeps the database's type, recognised on its first connection.
 */
public final class DatabasePool extends HikariDataSource implements Pool {

    private final Database database;
    private DatabaseType type;

    DatabasePool(HikariConfig config, Database database) {
        super(config);
        this.database = database;
    }

    void recognise(DatabaseType recognised) {
        this.type = recognised;
    }

    @Override
    public DatabaseType type() {
        return type;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return super.getConnection();
        } catch (SQLException e) {
            throw Failures.at(database, e);
        }
    }
}
