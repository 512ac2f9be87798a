package io.ctsync.verify;

import io.ctsync.config.Database;
import io.ctsync.db.h2.H2Files;
import io.ctsync.db.register.DatabasePool;
import io.ctsync.failure.Failures;
import io.ctsync.state.StateStore;

import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The exporter's state as {@code --verify} reads it: as it is, or not at all. An embedded H2 state
 * that no run has created yet is not opened (that would create it); one that a running ctsync holds
 * open cannot be opened by a second process, which then verifies without it, saying why.
 */
final class StateReader implements AutoCloseable {

    private final DatabasePool pool;
    private final String unreadable;

    private StateReader(DatabasePool pool, String unreadable) {
        this.pool = pool;
        this.unreadable = unreadable;
    }

    static StateReader open(Database state) {
        if (H2Files.databaseFile(state.url()).filter(file -> !Files.exists(file)).isPresent()) {
            return new StateReader(null, null);
        }
        try {
            return new StateReader(Verify.open(state, 1), null);
        } catch (RuntimeException e) {
            return new StateReader(null, Failures.oneLine(e));
        }
    }

    /** The state, or empty when there is none yet or it could not be read. */
    Optional<StateStore> store() throws SQLException {
        return pool == null ? Optional.empty() : StateStore.readOnly(pool);
    }

    /** Why the state could not be read; null when it could, or when there is none yet. */
    String unreadable() {
        return unreadable;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
