package io.ctsync.testing;

import io.ctsync.db.DatabaseType;
import io.ctsync.db.Pool;
import io.ctsync.db.register.DatabaseTypeRegister;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/** A plain data source (a driver's own, or a counting proxy) with its database's type, as ctsync's pools carry it. */
public record TypedPool(DataSource dataSource, DatabaseType type) implements Pool {

    /** The data source with the type its database tells on a first connection. */
    public static TypedPool of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return new TypedPool(dataSource, DatabaseTypeRegister.of(connection));
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return dataSource.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return dataSource.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        dataSource.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        dataSource.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return dataSource.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return dataSource.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return dataSource.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return dataSource.isWrapperFor(type);
    }
}
