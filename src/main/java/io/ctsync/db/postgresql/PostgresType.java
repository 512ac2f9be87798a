package io.ctsync.db.postgresql;

import io.ctsync.db.KnownDatabaseType;
import io.ctsync.db.installed.StandardState;

/** PostgreSQL, through the change tracking that ctsync installs in it. */
public final class PostgresType extends KnownDatabaseType {

    public PostgresType() {
        super("postgresql", "postgresql", "jdbc:postgresql:", PostgresSql.TYPES,
                new PostgresSource(), new PostgresTracking(), new PostgresTarget(), new PostgresPresence(), new StandardState());
    }
}
