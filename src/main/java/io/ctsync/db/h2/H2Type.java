package io.ctsync.db.h2;

import io.ctsync.db.KnownDatabaseType;
import io.ctsync.db.installed.StandardState;

/** H2, for the demo and for tests, through the change tracking that ctsync installs in it. */
public final class H2Type extends KnownDatabaseType {

    public H2Type() {
        super("h2", "h2", "jdbc:h2:", H2Sql.TYPES,
                new H2Source(), new H2Tracking(), new H2Target(), new H2Presence(), new StandardState(null));
    }
}
