package io.ctsync.db.h2;

import io.ctsync.db.DatabaseType;
import io.ctsync.db.PresenceDialect;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.StateDialect;
import io.ctsync.db.TargetDialect;
import io.ctsync.db.TrackingDialect;
import io.ctsync.db.installed.StandardState;
import io.ctsync.values.ColumnTypes;

import java.util.Locale;

/** H2, for the demo and for tests, through the change tracking that ctsync installs in it. */
public final class H2Type implements DatabaseType {

    private final SourceDialect source = new H2Source();
    private final TrackingDialect tracking = new H2Tracking();
    private final TargetDialect target = new H2Target();
    private final PresenceDialect presence = new H2Presence();
    private final StateDialect state = new StandardState();

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public boolean handlesProduct(String productName) {
        return productName.toLowerCase(Locale.ROOT).contains("h2");
    }

    @Override
    public boolean handlesUrl(String url) {
        return url.regionMatches(true, 0, "jdbc:h2:", 0, 8);
    }

    @Override
    public ColumnTypes types() {
        return H2Sql.TYPES;
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
