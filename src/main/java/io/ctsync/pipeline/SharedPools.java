package io.ctsync.pipeline;

import io.ctsync.db.register.DatabasePool;
import io.ctsync.db.register.DataSources;
import io.ctsync.config.Database;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The connection pools of a process's pipelines: pipelines whose databases have the same URL and
 * user share one pool, grown by each pipeline's share, instead of each keeping its own connections
 * (docs/operations.md, "Many pipelines").
 */
public final class SharedPools implements AutoCloseable {

    private record Login(String url, String username) {
    }

    private final Map<Login, DatabasePool> pools = new LinkedHashMap<>();

    /** A pool on the database, with room for {@code connections} more of this pipeline's. */
    public DatabasePool open(Database database, int connections) {
        Login login = new Login(database.url(), Objects.toString(database.username(), ""));
        DatabasePool pool = pools.get(login);
        if (pool == null) {
            pool = DataSources.open(database, connections);
            pools.put(login, pool);
        } else {
            pool.getHikariConfigMXBean().setMaximumPoolSize(pool.getMaximumPoolSize() + connections);
        }
        return pool;
    }

    public int size() {
        return pools.size();
    }

    @Override
    public void close() {
        pools.values().forEach(DatabasePool::close);
    }
}
