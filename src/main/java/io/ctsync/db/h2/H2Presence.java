package io.ctsync.db.h2;

import io.ctsync.db.PresenceDialect;

/** The presence lookup on H2: the standard statement, in one snapshot. */
final class H2Presence implements PresenceDialect, H2Sql {
}
