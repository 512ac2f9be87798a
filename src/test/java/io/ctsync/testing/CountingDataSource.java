package io.ctsync.testing;

import io.ctsync.db.Pool;
import io.ctsync.db.DatabaseType;
import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A data source that counts what its connections send to the database: every statement executed
 * and every metadata call that returns rows (each a query of the catalog).
 */
public final class CountingDataSource {

    private final AtomicInteger sent = new AtomicInteger();
    private final DataSource counting;
    private final DatabaseType type;

    /** {@code real} is one of ctsync's pools, whose database's type the counting one keeps. */
    public CountingDataSource(Pool real) {
        this.type = real.type();
        this.counting = proxy(DataSource.class, real, (method, result) -> method.equals("getConnection")
                ? proxy(Connection.class, result, this::connectionResult) : result);
    }

    public DataSource dataSource() {
        return counting;
    }

    /** The counting data source with the database's type, as ctsync's pools carry it. */
    public Pool pool() {
        return new TypedPool(counting, type);
    }

    /** Statements and catalog queries sent since the last call. */
    public int takeCount() {
        return sent.getAndSet(0);
    }

    private Object connectionResult(String method, Object result) {
        if (result instanceof DatabaseMetaData) {
            return proxy(DatabaseMetaData.class, result, (call, rows) -> {
                if (rows instanceof java.sql.ResultSet) {
                    sent.incrementAndGet();
                }
                return rows;
            });
        }
        if (result instanceof Statement statement) {
            Class<?> type = result instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
            return proxy(type, statement, (call, value) -> {
                if (call.startsWith("execute")) {
                    sent.incrementAndGet();
                }
                return value;
            });
        }
        return result;
    }

    private interface Wrap {
        Object apply(String method, Object result) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object real, Wrap wrap) {
        InvocationHandler handler = (p, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return method.invoke(real, args);
            }
            try {
                return wrap.apply(method.getName(), method.invoke(real, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
