package io.ctsync.db.postgresql;

import io.ctsync.db.KnownDatabaseType;
import io.ctsync.db.StateDialect.SessionLock;
import io.ctsync.db.installed.StandardState;

/** PostgreSQL, through the change tracking that ctsync installs in it. */
public final class PostgresType extends KnownDatabaseType {

    /** An advisory lock, in the database's own lock space: its key is "ctsync" and the schema's number 1. */
    static final SessionLock MIGRATION_LOCK = new SessionLock("SELECT pg_advisory_lock(?)", "SELECT pg_advisory_unlock(?)",
            0x637473796e630001L);

    public PostgresType() {
        super("postgresql", "postgresql", "jdbc:postgresql:", PostgresSql.TYPES,
                new PostgresSource(), new PostgresTracking(), new PostgresTarget(), new PostgresPresence(), new StandardState(MIGRATION_LOCK));
    }
}
