package io.ctsync.db.postgresql;

import io.ctsync.db.DatabaseType;
import io.ctsync.db.PresenceDialect;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.StateDialect;
import io.ctsync.db.TargetDialect;
import io.ctsync.db.TrackingDialect;
import io.ctsync.db.installed.StandardState;
import io.ctsync.values.ColumnTypes;

import java.util.Locale;

/** PostgreSQL, through the change tracking that ctsync installs in it. */
public final class PostgresType implements DatabaseType {

    private final SourceDialect source = new PostgresSource();
    private final TrackingDialect tracking = new PostgresTracking();
    private final TargetDialect target = new PostgresTarget();
    private final PresenceDialect presence = new PostgresPresence();
    private final StateDialect state = new StandardState();

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean handlesProduct(String productName) {
        return productName.toLowerCase(Locale.ROOT).contains("postgresql");
    }

    @Override
    public boolean handlesUrl(String url) {
        return url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16);
    }

    @Override
    public ColumnTypes types() {
        return PostgresSql.TYPES;
    }

    @Override
    public SourceDialect source() {
        return source;
    }

    @Override
    public TrackingDialect tracking() {
        return tracking;
    }

    @Override
    public TargetDialect target() {
        return target;
    }

    @Override
    public PresenceDialect presence() {
        return presence;
    }

    @Override
    public StateDialect state() {
        return state;
    }
}
